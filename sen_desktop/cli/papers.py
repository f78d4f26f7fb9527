"""``sen-desktop paper …`` and ``sen-desktop list …``: Word papers without the window.

    sen-desktop paper minutes --meeting BESD/12 --out minutes.docx [--confidential]
    sen-desktop paper action-log [--group BESD] [--as-at 1/8/2011] --out log.docx [--confidential]
    sen-desktop paper recommendation --recommendation BESD-R3 --out paper.docx
    sen-desktop paper provision-map --group BESD --out map.docx
    sen-desktop paper policy --group BESD [--version 2] --out policy.docx
    sen-desktop paper consultation --consultation C1 --out report.docx
    sen-desktop paper pack --title "SMT papers" --item minutes:BESD/12 \\
        --item recommendation:BESD-R3 [--body SMT] [--date 2011-10-06] --out pack.docx
    sen-desktop list groups|meetings|recommendations|policies [--group BESD]
    sen-desktop list consultations

A paper prints one line, "Wrote <path> (<kind> <reference>, version <n>, …)"; a list
prints one line per item, its reference, a TAB, its title, so a script can cut the
reference and export it. Bad input (an unknown reference, a name not ending .docx,
--confidential for a paper with no confidential items, a target that cannot be written)
exits 2 with one line, and any existing file is left as it was.

Like app.py, this module imports only the standard library at load time: the store, the
papers layer and python-docx load inside the command that runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from sen_desktop.papers.output import PaperRecord
    from sen_desktop.papers.service import PapersService

EXIT_OK = 0
LIST_KINDS = ("groups", "meetings", "recommendations", "policies", "consultations")
_KIND_WORDS = {
    "minutes": "minutes",
    "action_log": "action log",
    "recommendation": "recommendation paper",
    "provision_map": "provision map",
    "policy": "policy document",
    "consultation": "consultation report",
    "pack": "pack",
}


def _docx_path(text: str) -> Path:
    from sen_desktop.core.filenames import is_device_name, safe_file_name

    path = Path(text)
    if path.suffix.lower() != ".docx":
        raise argparse.ArgumentTypeError(
            f"the paper is a Word file: give a name ending in .docx (not {text!r})"
        )
    if is_device_name(path.name):
        # Windows opens the device, not a file, so the paper would be lost there.
        raise argparse.ArgumentTypeError(
            f"{path.name} is a name Windows keeps for a device: choose another, "
            f"like {safe_file_name(path.stem)}"
        )
    return path


def _version_number(text: str) -> int:
    number = int(text) if text.strip().isdigit() else 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"a version is a whole number from 1 (not {text!r})")
    return number


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"write the date as YYYY-MM-DD, e.g. 2011-10-06 (not {text!r})"
        ) from None


def _day(text: str) -> dt.date:
    """A date as a secretary writes it ("1/8/2011", "1 August 2011", "2011-08-01")."""
    from sen_desktop.core import dates
    from sen_desktop.core.errors import ValidationError

    try:
        return dates.parse_date(text, field="as_at")
    except ValidationError as error:
        raise argparse.ArgumentTypeError(error.message) from None


def _add_out(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        metavar="FILE.docx",
        type=_docx_path,
        required=True,
        help="the Word file to write (replaced safely if it exists)",
    )


def _add_output(parser: argparse.ArgumentParser) -> None:
    _add_out(parser)
    parser.add_argument(
        "--confidential",
        action="store_true",
        help="the confidential version, with the exempt items (only for a paper that has them)",
    )


def add_paper_commands(commands: Any) -> None:
    """Register ``paper`` and ``list`` on app.py's subcommands."""
    paper = commands.add_parser(
        "paper",
        help=(
            "write a Word paper: minutes, action-log, recommendation, provision-map, policy, "
            "consultation or pack"
        ),
        description=(
            "Write a paper in the County's house style to a Word file: a meeting's "
            "minutes, an action log, a recommendation paper, or a pack of papers. "
            "`sen-desktop list …` shows the references to give."
        ),
    )
    paper.set_defaults(command=_need_kind(paper))
    kinds = paper.add_subparsers(title="papers", metavar="KIND")

    minutes = kinds.add_parser(
        "minutes",
        help="the minutes of a meeting",
        description="Write the minutes of a meeting (public, or --confidential).",
    )
    minutes.add_argument(
        "--meeting", metavar="REF", required=True,
        help="the meeting: group code / number, e.g. BESD/12 (see `list meetings`)",
    )
    _add_output(minutes)
    minutes.set_defaults(command=_run_minutes)

    log = kinds.add_parser(
        "action-log",
        help="the action log of a group, or of every group",
        description="Write the action log (landscape, BRAG-shaded) of a group or all groups.",
    )
    log.add_argument(
        "--group", metavar="REF", default=None,
        help="the group's code, e.g. BESD (default: every group; see `list groups`)",
    )
    log.add_argument(
        "--as-at", metavar="DATE", type=_day, default=None,
        help="the date the log is as at, e.g. the meeting's: 1/8/2011 (default: the last "
        "meeting held, never today; overdue means overdue on that date)",
    )
    _add_output(log)
    log.set_defaults(command=_run_action_log)

    rec = kinds.add_parser(
        "recommendation",
        help="the decision report on a recommendation",
        description="Write the recommendation paper: front sheet and numbered sections.",
    )
    rec.add_argument(
        "--recommendation", metavar="REF", required=True,
        help="the recommendation's reference, e.g. BESD-R3 (see `list recommendations`)",
    )
    _add_output(rec)
    rec.set_defaults(command=_run_recommendation)

    provision = kinds.add_parser(
        "provision-map",
        help="a working group's provision map by district and tier",
        description=(
            "Write a working group's provision map (landscape): its districts by the "
            "tiers of the continuum, the gaps with the recommendations that answer them, "
            "the provision itself and the criteria for access."
        ),
    )
    provision.add_argument(
        "--group", metavar="REF", required=True,
        help="the working group's code, e.g. BESD (see `list groups`)",
    )
    _add_out(provision)
    provision.set_defaults(command=_run_provision_map)

    policy = kinds.add_parser(
        "policy",
        help="a working group's policy document, one version",
        description=(
            "Write one version of a working group's policy document: the front sheet with "
            "its pathway, the table of versions and the six sections; a version out to "
            "consultation says CONSULTATION DRAFT."
        ),
    )
    policy.add_argument(
        "--group", metavar="REF", required=True,
        help="the working group's code, e.g. BESD (see `list policies`)",
    )
    policy.add_argument(
        "--version", metavar="N", type=_version_number, default=None,
        help="the version to write (default: the newest)",
    )
    _add_out(policy)
    policy.set_defaults(command=_run_policy)

    consultation = kinds.add_parser(
        "consultation",
        help="the report on a consultation: responses, themes, you said / we did",
        description=(
            "Write the report on one of the Steering Group's consultations: summary, method, "
            "responses by audience and district, themes with quotations, and you said / we did."
        ),
    )
    consultation.add_argument(
        "--consultation", metavar="REF", required=True,
        help="the consultation's reference, e.g. C1 (see `list consultations`)",
    )
    _add_out(consultation)
    consultation.set_defaults(command=_run_consultation)

    pack = kinds.add_parser(
        "pack",
        help="a pack of papers with a cover and contents",
        description=(
            "Write a pack: a cover, a contents table, then each paper from a new page with "
            "page numbers running through, in the order the --item options give."
        ),
    )
    pack.add_argument("--title", metavar="TEXT", required=True, help="the pack's title")
    pack.add_argument(
        "--item", metavar="KIND:REF", action="append", required=True, dest="items",
        help=(
            "a paper to include, in order (repeat): minutes:BESD/12, action-log:BESD, "
            "action-log:ALL, recommendation:BESD-R3"
        ),
    )
    pack.add_argument(
        "--body", metavar="NAME", default="",
        help="who the papers are for, e.g. SMT, Cabinet or a group's code",
    )
    pack.add_argument(
        "--date", metavar="YYYY-MM-DD", type=_iso_date, default=None,
        help="the date of the meeting the pack is for",
    )
    _add_output(pack)
    pack.set_defaults(command=_run_pack)

    listing = commands.add_parser(
        "list",
        help=(
            "list groups, meetings, recommendations, policies or consultations: reference, "
            "TAB, title"
        ),
        description=(
            "Print one line per item: its reference (what `paper` takes), a TAB, its title."
        ),
    )
    listing.add_argument("what", choices=LIST_KINDS,
                         metavar="groups|meetings|recommendations|policies|consultations")
    listing.add_argument(
        "--group", metavar="REF", default=None,
        help="only this group's meetings or recommendations (its code, e.g. BESD)",
    )
    listing.set_defaults(command=_run_list)


def _need_kind(parser: argparse.ArgumentParser) -> Any:
    def run(_args: argparse.Namespace) -> int:
        parser.error(
            "say which paper: minutes, action-log, recommendation, provision-map, policy, "
            "consultation or pack"
        )

    return run


# --- running ---------------------------------------------------------------------------


def _with_service(args: argparse.Namespace, work: Any) -> int:
    from sen_desktop.papers.service import PapersService
    from sen_desktop.sync.laptop import open_laptop

    # Titles may hold emoji or right-to-left text; a console or file in a narrow
    # encoding shows "?" for them rather than failing the command.
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")

    db = open_laptop(args.data_dir)
    try:
        return int(work(PapersService(db.session_factory, args.data_dir)))
    finally:
        db.close()


def _wrote(record: PaperRecord, extra: str = "") -> int:
    kind = _KIND_WORDS.get(record.kind, record.kind)
    parts = [
        f"{kind} {record.reference}",
        f"version {record.version}" + ("" if record.new_version else ", unchanged"),
        "confidential" if record.confidential else "public",
    ]
    if extra:
        parts.append(extra)
    print(f"Wrote {record.path} ({', '.join(parts)})")
    return EXIT_OK


def _run_minutes(args: argparse.Namespace) -> int:
    def work(service: PapersService) -> int:
        return _wrote(service.minutes(args.meeting, args.out, args.confidential))

    return _with_service(args, work)


def _run_action_log(args: argparse.Namespace) -> int:
    def work(service: PapersService) -> int:
        return _wrote(
            service.action_log(args.group, args.out, args.confidential, as_at=args.as_at)
        )

    return _with_service(args, work)


def _run_recommendation(args: argparse.Namespace) -> int:
    def work(service: PapersService) -> int:
        return _wrote(
            service.recommendation_paper(args.recommendation, args.out, args.confidential)
        )

    return _with_service(args, work)


def _run_public_paper(
    args: argparse.Namespace,
    paper: Callable[..., PaperRecord],
    ref: Callable[[PapersService], str],
    **options: Any,
) -> int:
    """Write a paper that has only a public version: ``paper(services, ref, target,
    **options)``, ``ref`` resolved before the --out path is checked."""

    def work(service: PapersService) -> int:
        from sen_desktop.papers.service import check_out_path

        found = ref(service)
        target = check_out_path(args.out)
        return _wrote(paper(service.services, found, target, data_dir=service.data_dir,
                            **options))

    return _with_service(args, work)


def _run_provision_map(args: argparse.Namespace) -> int:
    from sen_desktop.papers.provision_map import provision_map_paper

    return _run_public_paper(args, provision_map_paper, lambda s: s.group(args.group).id)


def _run_policy(args: argparse.Namespace) -> int:
    from sen_desktop.papers.policy import policy_paper

    return _run_public_paper(args, policy_paper, lambda s: s.group(args.group).id,
                             version=args.version)


def _run_consultation(args: argparse.Namespace) -> int:
    from sen_desktop.papers.consultation import consultation_paper

    return _run_public_paper(args, consultation_paper, lambda _s: args.consultation)


def _run_pack(args: argparse.Namespace) -> int:
    def work(service: PapersService) -> int:
        record = service.pack(
            args.title,
            list(args.items),
            args.out,
            args.confidential,
            body=args.body,
            date=args.date,
        )
        count = len(args.items)
        code = _wrote(record, f"{count} paper{'s' if count != 1 else ''}")
        if record.page_numbers_note:  # how the contents' numbers were settled
            print(record.page_numbers_note)
        return code

    return _with_service(args, work)


def _run_list(args: argparse.Namespace) -> int:
    if args.what == "consultations":
        if args.group is not None:
            from sen_desktop.core.errors import ValidationError

            raise ValidationError(
                "--group chooses meetings or recommendations; consultations are the Steering "
                "Group's, and `sen-desktop list consultations` lists them all."
            )
        from sen_desktop.cli.consultations import run_list as run_consultation_list

        return run_consultation_list(args)
    if args.what == "groups" and args.group is not None:
        from sen_desktop.core.errors import ValidationError

        raise ValidationError(
            "--group chooses meetings, recommendations or policies; `sen-desktop list "
            "groups` lists every group."
        )

    def work(service: PapersService) -> int:
        if args.what == "groups":
            rows = service.list_groups()
        elif args.what == "meetings":
            rows = service.list_meetings(args.group)
        elif args.what == "policies":
            from sen_desktop.papers.policy import list_policies

            group = service.group(args.group) if args.group else None
            rows = list_policies(service.services.session_factory,
                                 group.id if group is not None else None)
        else:
            rows = service.list_recommendations(args.group)
        out = sys.stdout
        for row in rows:
            out.write(row.line + "\n")
        return EXIT_OK

    return _with_service(args, work)
