"""`sen-desktop consultation …`: the Steering Group's consultations from the command line.

* ``consultation list`` prints one line per consultation: its reference (what the other
  commands take), a TAB, its title, a TAB, whether it is open in words, a TAB, how many
  responses it has.
* ``consultation import-responses --consultation REF FILE`` reads a spreadsheet of
  responses saved as CSV (core/consultations/csv_import.py says which columns), prints
  the rows it would import and each row it refuses on one line of stderr
  ("Row 5: Governor is not a respondent type; …"), then writes the good rows in one go
  when told so: with ``--yes``, or when the person answers y on a terminal. Without
  either, nothing is written and it exits 1. A file that cannot be read as a table of
  responses, or one with no row that can be imported, is one line and exit 2.
* ``consultation counts --consultation REF`` prints the responses by audience, district
  and theme.

Only the standard library loads with this module; the store loads inside a command.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

    from sen_desktop.core.consultations.csv_import import ImportPreview
    from sen_desktop.core.consultations.records import ConsultationDetail
    from sen_desktop.core.consultations.service import ConsultationService

EXIT_OK = 0
EXIT_NOT_IMPORTED = 1
EXIT_USAGE = 2
_QUOTE = 60  # characters of a response shown in the preview


def add_consultation_commands(commands: Any) -> None:
    """Add ``consultation`` and its subcommands to the command line's subparsers."""
    consultation = commands.add_parser(
        "consultation",
        help="list consultations, import responses from a CSV file, count responses",
        description="The Steering Group's consultations and their responses.",
    )
    kinds = consultation.add_subparsers(title="commands", metavar="COMMAND")
    consultation.set_defaults(command=_need_command(consultation))

    listing = kinds.add_parser(
        "list",
        help="one line per consultation: reference, TAB, title, TAB, open or closed, TAB, "
        "responses",
        description="Print one line per consultation: its reference (what the other "
        "commands take), its title, whether it is open and how many responses it has.",
    )
    listing.set_defaults(command=run_list)

    importing = kinds.add_parser(
        "import-responses",
        help="import responses from a CSV file, after a preview",
        description=(
            "Read responses from a spreadsheet saved as CSV. The first row holds the "
            "headings: Respondent type and Response, and optionally District, Organisation, "
            "Contact name, Email, Phone, Themes (separated by ;) and Proposal. Prints the "
            "rows it would import and refuses each bad row in one line; writes nothing "
            "until you confirm (or give --yes)."
        ),
    )
    importing.add_argument("--consultation", metavar="REF", required=True,
                           help="the consultation's reference, e.g. C1")
    importing.add_argument("file", metavar="FILE", type=Path, help="the CSV file")
    importing.add_argument("--yes", action="store_true",
                           help="import the good rows without asking")
    importing.set_defaults(command=run_import)

    counts = kinds.add_parser(
        "counts",
        help="the responses by audience, district and theme",
        description="Count a consultation's responses by audience, district and theme.",
    )
    counts.add_argument("--consultation", metavar="REF", required=True,
                        help="the consultation's reference, e.g. C1")
    counts.set_defaults(command=run_counts)


def _need_command(parser: argparse.ArgumentParser) -> Any:
    def run(_args: argparse.Namespace) -> int:
        parser.error("say what to do: list, import-responses or counts")

    return run


def _with_service(args: argparse.Namespace, work: Any) -> int:
    from sen_desktop.core.consultations.service import ConsultationService
    from sen_desktop.sync.laptop import open_laptop

    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")
    db = open_laptop(args.data_dir)
    try:
        return int(work(ConsultationService(db.session_factory)))
    finally:
        db.close()


def consultation_lines(service: ConsultationService, today: dt.date) -> list[str]:
    """ "C1<TAB>title<TAB>Closed on 26 November 2010<TAB>42 responses" per consultation."""
    out = []
    for row in service.list_consultations():
        responses = f"{row.responses} response{'s' if row.responses != 1 else ''}"
        out.append("\t".join((row.reference, _one_line(row.title), row.state_words(today),
                              responses)))
    return out


def run_list(args: argparse.Namespace) -> int:
    def work(service: ConsultationService) -> int:
        for line in consultation_lines(service, dt.date.today()):
            sys.stdout.write(line + "\n")
        return EXIT_OK

    return _with_service(args, work)


def run_import(args: argparse.Namespace) -> int:
    from sen_desktop.core.consultations.csv_import import preview_file
    from sen_desktop.core.errors import ValidationError

    def work(service: ConsultationService) -> int:
        detail = service.by_reference(args.consultation)
        found = preview_file(detail, service.response_context(detail.id), args.file)
        _print_preview(detail, found)
        if not found.rows:
            raise ValidationError(
                f"No row of {args.file.name} can be imported; correct the rows above and "
                "try again.", field="file")
        if not args.yes and not _confirmed(len(found.rows)):
            print("Nothing was imported.")
            return EXIT_NOT_IMPORTED
        made = service.add_responses(detail.id, [row.fields for row in found.rows])
        first, last = made[0].number, made[-1].number
        numbers = f"number {first}" if first == last else f"numbers {first} to {last}"
        print(f"Imported {len(made)} response{'s' if len(made) != 1 else ''} into "
              f"{detail.summary.reference} ({numbers}).")
        return EXIT_OK

    return _with_service(args, work)


def _print_preview(detail: ConsultationDetail, found: ImportPreview) -> None:
    from sen_desktop.core.consultations.rules import respondent_type
    from sen_desktop.core.consultations.vocabulary import audience_words

    print(f"{detail.summary.reference} {_one_line(detail.summary.title)}: {found.summary}")
    for row in found.rows:
        fields = row.fields
        who = audience_words(respondent_type(fields.respondent_type))
        where = _one_line(fields.district) or "no district"
        said = _one_line(fields.text)
        said = said if len(said) <= _QUOTE else said[: _QUOTE - 1] + "…"
        themes = detail.theme_names(fields.themes)
        about = f" [{', '.join(themes)}]" if themes else ""
        print(f"Row {row.row}: {who}, {where}: “{said}”{about}")
    if found.ignored_columns:
        print(f"Columns left out: {', '.join(found.ignored_columns)}.")
    sys.stdout.flush()
    for refusal in found.refusals:
        print(' '.join(refusal.sentence.split()), file=sys.stderr)


def _confirmed(count: int) -> bool:
    if not sys.stdin.isatty():
        print(f"Add --yes to import the {count} response{'s' if count != 1 else ''} above.")
        return False
    try:
        answer = input(f"Import {count} response{'s' if count != 1 else ''}? [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def run_counts(args: argparse.Namespace) -> int:
    from sen_desktop.core.consultations.analysis import analyse

    def work(service: ConsultationService) -> int:
        detail = service.by_reference(args.consultation)
        counts = analyse(detail)
        print(f"{detail.summary.reference} {_one_line(detail.summary.title)}: "
              f"{counts.total} response{'s' if counts.total != 1 else ''}")
        for heading, rows in (("By audience", counts.by_audience),
                              ("By district", counts.by_district),
                              ("By theme", counts.by_theme)):
            print(f"{heading}:")
            for count in rows:
                print(f"  {count.label}\t{count.count}\t{count.percent}")
        return EXIT_OK

    return _with_service(args, work)


def _one_line(text: str) -> str:
    return " ".join(text.split())
