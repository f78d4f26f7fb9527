"""`sen-desktop references` and `sen-desktop renumber`: clashing references.

Two laptops apart may each number a meeting "BESD 12" or an action "SG-14"; an import
brings both together (issue 10, "Clashing references"; the rules are in
``core/references/service.py``). ``references`` lists what clashes, one paragraph each, and
exits 1 while any clash stands; ``references --resolve`` renumbers every one the
program may (the rows not yet published). ``renumber KIND REF`` clears one clash;
with ``--choose N`` a person renumbers the N-th row listed, published or not, which
is how a clash between two published references is settled.

Only the standard library loads with this module; SQLAlchemy loads inside a command.
"""

from __future__ import annotations

import argparse
from typing import Any

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


def _print_clash(number: int, clash: Any, names: dict[str, str]) -> None:
    print(f"{number}. {' '.join(clash.describe(names).split())}")
    for n, row in enumerate(clash.rows, start=1):
        state = "published" if row.published else "not published"
        print(f"   {n}) {row.reference}: {row.label} ({state})")


def run_references(args: argparse.Namespace) -> int:
    from sen_desktop.core.references.service import find_clashes, laptop_names, resolve_all

    db = _open(args)
    try:
        if args.resolve:
            with db.session_factory.begin() as s:
                for change in resolve_all(s):
                    print(f"Renumbered: {change}.")
        with db.session_factory.begin() as s:
            clashes = find_clashes(s)
            names = laptop_names(s)
            for number, clash in enumerate(clashes, start=1):
                _print_clash(number, clash, names)
    finally:
        db.close()
    if not clashes:
        print("No references clash.")
        return EXIT_OK
    waiting = sum(1 for c in clashes if c.needs_person)
    tail = f" ({waiting} for a person to decide)" if waiting else ""
    one = len(clashes) == 1
    print(f"{len(clashes)} {'reference clashes' if one else 'references clash'}{tail}.")
    return EXIT_PROBLEM


def run_renumber(args: argparse.Namespace) -> int:
    from sen_desktop.core.errors import ValidationError
    from sen_desktop.core.references.service import find_clash, renumber_row, resolve

    db = _open(args)
    try:
        with db.session_factory.begin() as s:
            clash = find_clash(s, args.kind, args.reference)
            if args.choose is None:
                if clash.needs_person:
                    raise ValidationError(
                        f"{clash.reference} is published more than once, so choose the row "
                        "to renumber with --choose N (as `sen-desktop references` lists them)."
                    )
                changes = resolve(s, clash)
            else:
                if not 1 <= args.choose <= len(clash.rows):
                    raise ValidationError(
                        f"Choose a row from 1 to {len(clash.rows)} for {clash.reference}."
                    )
                changes = [renumber_row(s, clash.kind, clash.rows[args.choose - 1].row_id)]
    finally:
        db.close()
    for change in changes:
        print(f"Renumbered: {change}.")
    return EXIT_OK
