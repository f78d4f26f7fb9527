"""`sen-desktop references` and `sen-desktop renumber`: clashing references.

Two laptops apart may each number a meeting "BESD 12" or an action "SG-14"; an import
brings both together (issue 10, "Clashing references"; the rules are in
core/references/). ``references`` lists what clashes, one paragraph each, and
exits 1 while any clash stands; ``references --resolve`` renumbers every one the
program may (the rows not yet published). ``renumber KIND REF`` clears one clash;
with ``--choose N`` a person renumbers the N-th row listed, published or not, which
is how a clash between two published references is settled.

Only the standard library loads with this module; SQLAlchemy loads inside a command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

    from sen_desktop.core.references.records import Clash, ClashReport
    from sen_desktop.core.references.service import ReferenceService

EXIT_OK = 0
EXIT_PROBLEM = 1
KIND_CHOICES = ("meeting", "minutes", "action", "recommendation")


def add_reference_commands(commands: Any) -> None:
    """Add ``references`` and ``renumber`` to the command line's subparsers."""
    listing = commands.add_parser(
        "references",
        help="list clashing meeting numbers, minute numbers and references (exit 1 if any)",
        description=(
            "List the meeting numbers, minute numbers, action and recommendation references "
            "that two laptops gave out apart. Exit 1 while any clash stands."
        ),
    )
    listing.add_argument(
        "--resolve",
        action="store_true",
        help="renumber every clashing row not yet published (the others stay listed)",
    )
    listing.set_defaults(command=run_references)

    renumber = commands.add_parser(
        "renumber",
        help="clear one clash by renumbering the row not yet published",
        description=(
            "Clear one clash: KIND is meeting, minutes, action or recommendation; REF is "
            'what clashes, e.g. "BESD 12", BESD (its minutes), SG-14 or BESD-R3.'
        ),
    )
    renumber.add_argument("kind", metavar="KIND", choices=KIND_CHOICES)
    renumber.add_argument("reference", metavar="REF")
    renumber.add_argument(
        "--choose",
        metavar="N",
        type=int,
        default=None,
        help="renumber the N-th row `references` lists for this clash, even if published",
    )
    renumber.set_defaults(command=run_renumber)


def _open(args: argparse.Namespace) -> Any:
    from sen_desktop.sync.laptop import open_laptop

    return open_laptop(args.data_dir)


def _print_clash(number: int, clash: Clash, report: ClashReport) -> None:
    print(f"{number}. {' '.join(report.describe(clash).split())}")
    for n, row in enumerate(clash.rows, start=1):
        state = "published" if row.published else "not published"
        print(f"   {n}) {row.reference}: {row.label} ({state})")


def _service(args: argparse.Namespace) -> tuple[Any, ReferenceService]:
    """The open laptop and its references service (SQLAlchemy loads here, not before)."""
    from sen_desktop.core.references.service import ReferenceService

    db = _open(args)
    return db, ReferenceService(db.session_factory)


def run_references(args: argparse.Namespace) -> int:
    db, service = _service(args)
    try:
        if args.resolve:
            for change in service.resolve_all():
                print(f"Renumbered: {change}.")
        report = service.report()
    finally:
        db.close()
    for number, clash in enumerate(report.clashes, start=1):
        _print_clash(number, clash, report)
    if not report.clashes:
        print("No references clash.")
        return EXIT_OK
    tail = f" ({report.waiting} for a person to decide)" if report.waiting else ""
    one = len(report.clashes) == 1
    print(f"{len(report.clashes)} {'reference clashes' if one else 'references clash'}{tail}.")
    return EXIT_PROBLEM


def run_renumber(args: argparse.Namespace) -> int:
    db, service = _service(args)
    try:
        changes = service.renumber(args.kind, args.reference, args.choose)
    finally:
        db.close()
    for change in changes:
        print(f"Renumbered: {change}.")
    return EXIT_OK
