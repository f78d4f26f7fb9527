"""``sen-desktop bundle …``: sync-by-export from the command line (docs/TRUST.md).

    sen-desktop bundle export --to FILE.senbundle [--for NAME] [--for-profile]
    sen-desktop bundle import FILE.senbundle [--dry-run] [--accept-future]
    sen-desktop bundle profile list
    sen-desktop bundle profile remove NAME

Bundles are encrypted to certified laptops: ``--for NAME`` to that laptop (scoped to
what its certificate lets it read; ``--for-profile`` also to every laptop certified for
the same), or, without ``--for``, everything to every laptop certified to read
everything. Each prints one line on success (progress goes to stderr). Every refusal
exits 2 with one sentence, and the database is left as it was.

Retired with the passphrase scheme: ``bundle passphrase`` (laptops now enrol with
``programme start`` / ``laptop request`` / ``laptop join``), ``bundle profile add``
(profiles follow certificates) and ``bundle laptop list|name`` (``sen-desktop laptop
list``; certificates name laptops). Each says so in one sentence.

Like app.py, this module imports only the standard library at load time.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable

    from sen_desktop.sync.exchange_service import ExchangeService

_T = TypeVar("_T")

EXIT_OK = 0

PASSPHRASE_RETIRED = (
    "The programme passphrase is retired: each laptop now has its own keys; start the "
    "programme on the lead's laptop with `sen-desktop programme start`, and enrol each other "
    "laptop with `sen-desktop laptop request` and `sen-desktop laptop join`."
)
PROFILE_ADD_RETIRED = (
    "Profiles now follow certificates: what a laptop may read is set when the lead admits it "
    "(`sen-desktop laptop admit … --groups …`), and `bundle export --for NAME` uses that."
)
LAPTOP_RETIRED = (
    "Laptops are now named by their certificates: list them with `sen-desktop laptop list`."
)


def add_bundle_commands(commands: Any) -> None:
    """Register ``bundle`` on app.py's subcommands."""
    from sen_desktop.cli.trust import add_key_passphrase_file

    bundle = commands.add_parser(
        "bundle",
        help="exchange encrypted bundles with other laptops: export, import, profile",
        description=(
            "Sync by export: write the changes another laptop has not seen to a signed "
            ".senbundle file encrypted to the laptops it is for, and import such files."
        ),
    )
    bundle.set_defaults(command=_need(bundle, "say what to do: export, import or profile"))
    kinds = bundle.add_subparsers(title="bundle commands", metavar="WHAT")

    export = kinds.add_parser(
        "export",
        help="write a bundle for a certified laptop, or of everything",
        description=(
            "Write the changes a laptop has not acknowledged, scoped to what its certificate "
            "lets it read, encrypted to it (--for NAME); or everything, encrypted to every "
            "laptop certified to read everything. A big export becomes a numbered series "
            "(name-1-of-3.senbundle …) whose parts import in any order."
        ),
    )
    export.add_argument(
        "--to",
        metavar="FILE",
        type=Path,
        required=True,
        help="the bundle to write (a name ending in .senbundle)",
    )
    export.add_argument(
        "--for",
        metavar="NAME",
        dest="for_laptop",
        default=None,
        help="the certified laptop it is for (see `sen-desktop laptop list`)",
    )
    export.add_argument(
        "--for-profile",
        action="store_true",
        help="also encrypt it to every laptop certified to read the same as NAME",
    )
    add_key_passphrase_file(export)
    export.set_defaults(command=_run_export)

    imp = kinds.add_parser(
        "import",
        help="import a bundle from another laptop",
        description=(
            "Check the sender's signature and certificate, decrypt, check every change "
            "against its author, and merge in one transaction; a refused bundle changes "
            "nothing."
        ),
    )
    imp.add_argument("file", metavar="FILE", type=Path, help="the .senbundle file")
    imp.add_argument(
        "--dry-run",
        action="store_true",
        help="only say what importing would do (new, changed, conflicting, had)",
    )
    imp.add_argument(
        "--accept-future",
        action="store_true",
        help="import a bundle stamped more than 24 hours (at most 30 days) ahead of this laptop",
    )
    add_key_passphrase_file(imp)
    imp.set_defaults(command=_run_import)

    phrase = kinds.add_parser(
        "passphrase",
        help="retired: see `programme start`, `laptop request`, `laptop join`",
        description=PASSPHRASE_RETIRED,
    )
    phrase.add_argument(
        "--passphrase-file", metavar="F", type=Path, default=None, help=argparse.SUPPRESS
    )
    phrase.set_defaults(command=_retired(PASSPHRASE_RETIRED))

    profile = kinds.add_parser(
        "profile",
        help="export profiles (one per laptop exported for, following its certificate)",
        description="List export profiles, or remove one to start its laptop afresh.",
    )
    profile.set_defaults(command=_need(profile, "say what to do: list or remove"))
    profile_kinds = profile.add_subparsers(title="profile commands", metavar="WHAT")
    listing = profile_kinds.add_parser(
        "list", help="list the profiles", description="One line per profile."
    )
    listing.set_defaults(command=_run_profile_list)
    remove = profile_kinds.add_parser(
        "remove",
        help="remove a profile (its laptop's next bundle carries everything in scope)",
        description=(
            "Remove an export profile and what its laptop acknowledged. The laptop keeps "
            "what it has; the next export for it carries everything its certificate lets "
            "it read."
        ),
    )
    remove.add_argument("name", metavar="NAME", help="the profile's (laptop's) name")
    remove.set_defaults(command=_run_profile_remove)
    add = profile_kinds.add_parser(
        "add", help="retired: profiles follow certificates", description=PROFILE_ADD_RETIRED
    )
    add.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    add.set_defaults(command=_retired(PROFILE_ADD_RETIRED))

    laptop = kinds.add_parser(
        "laptop",
        help="retired: see `sen-desktop laptop list`",
        description=LAPTOP_RETIRED,
    )
    laptop.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    laptop.set_defaults(command=_retired(LAPTOP_RETIRED))


def _need(parser: argparse.ArgumentParser, message: str) -> Any:
    def run(_args: argparse.Namespace) -> int:
        parser.error(message)

    return run


def _retired(sentence: str) -> Any:
    def run(_args: argparse.Namespace) -> int:
        from sen_desktop.core.errors import ValidationError

        raise ValidationError(sentence)

    return run


# --- running ---------------------------------------------------------------------------


class _Progress:
    """Progress on stderr, only when stderr is a terminal: "Importing… 42%"."""

    def __init__(self, verb: str) -> None:
        from sen_desktop.core.progress import Progress

        self.verb = verb
        self.shown = -1
        self.live = sys.stderr is not None and sys.stderr.isatty()
        self.progress = Progress(self._report)

    def _report(self, done: int, total: int, _label: str) -> None:
        if not self.live or total <= 0:
            return
        percent = min(100, done * 100 // total)
        if percent != self.shown:
            self.shown = percent
            print(f"\r{self.verb}… {percent}%", end="", file=sys.stderr, flush=True)

    def end(self) -> None:
        if self.live and self.shown >= 0:
            print("\r" + " " * 30 + "\r", end="", file=sys.stderr, flush=True)


def _run_export(args: argparse.Namespace) -> int:
    from sen_desktop.cli.trust import open_with_trust, warn_keys
    from sen_desktop.sync.exchange_service import ExchangeService

    db, trust = open_with_trust(args)
    progress = _Progress("Exporting")
    try:
        service = ExchangeService(db.session_factory, args.data_dir, trust=trust, db=db)
        result = service.export(
            args.to, args.for_laptop, for_profile=args.for_profile, progress=progress.progress
        )
    finally:
        progress.end()
        db.close()
        warn_keys(trust)
    print(result.summary())
    return EXIT_OK


def _run_import(args: argparse.Namespace) -> int:
    from sen_desktop.cli.trust import open_with_trust, warn_keys
    from sen_desktop.sync.exchange_service import ExchangeService

    db, trust = open_with_trust(args)
    progress = _Progress("Checking" if args.dry_run else "Importing")
    try:
        service = ExchangeService(db.session_factory, args.data_dir, trust=trust, db=db)
        result = service.import_bundle(
            args.file,
            dry_run=args.dry_run,
            accept_future=args.accept_future,
            progress=progress.progress,
        )
    finally:
        progress.end()
        db.close()
        warn_keys(trust)
    print(result.summary())
    return EXIT_OK


def _profiles(args: argparse.Namespace, work: Callable[[ExchangeService], _T]) -> _T:
    """``work`` with the exchange service of the data folder (no keys needed)."""
    from sen_desktop.sync.exchange_service import ExchangeService
    from sen_desktop.sync.laptop import open_laptop

    db = open_laptop(args.data_dir)
    try:
        return work(ExchangeService(db.session_factory, args.data_dir))
    finally:
        db.close()


def _run_profile_list(args: argparse.Namespace) -> int:
    for profile in _profiles(args, lambda service: service.profiles()):
        print(profile.line)
    return EXIT_OK


def _run_profile_remove(args: argparse.Namespace) -> int:
    _profiles(args, lambda service: service.remove_profile(args.name))
    print(f"Removed the export profile {' '.join(args.name.split())}.")
    return EXIT_OK
