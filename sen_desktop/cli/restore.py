"""`sen-desktop restore [BACKUP]`: list the backups, or restore one (issue 14).

With no argument it lists the data folder's backups, newest first, numbered, with when
each was taken, its kind and size. With one -- a number from that list or the path of a
backup file -- it restores it (``sync.fence.restore_laptop``: the database in use is kept
aside, stale ``-wal``/``-shm`` go with it, the laptop moves to a new sync site), after
asking for confirmation on a terminal unless ``--yes``. Any refusal is one line on
stderr and exit 2 (``app.main`` prints a ``SenError``); nothing is changed then.

Only the standard library loads with this module; the store loads inside the command.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sen_desktop.core.errors import ValidationError

if TYPE_CHECKING:
    import argparse

    from sen_desktop.core.store.backups import BackupInfo

EXIT_OK = 0
EXIT_REFUSED = 2


def add_restore_command(commands: Any) -> None:
    """Add ``restore`` to the command line's subparsers."""
    parser = commands.add_parser(
        "restore",
        help="list the backups, or restore the database from one",
        description=(
            "With no BACKUP, list this data folder's backups, newest first. With BACKUP (a "
            "number from that list, or the path of a backup file), restore the database "
            "from it: the database in use now is kept aside in the data folder, and this "
            "laptop continues exchanging under a new sync site."
        ),
    )
    parser.add_argument(
        "backup", metavar="BACKUP", nargs="?", default=None,
        help="the number of a backup in the list, or a backup file's path",
    )
    parser.add_argument(
        "--yes", action="store_true", help="restore without asking for confirmation",
    )
    parser.set_defaults(command=run_restore)


def run_restore(args: argparse.Namespace) -> int:
    from sen_desktop.core.store.restore import backups_of

    data_dir = Path(args.data_dir).absolute()
    backups_dir, found = backups_of(data_dir)
    if args.backup is None:
        _print_list(found, backups_dir)
        return EXIT_OK
    chosen = _chosen(args.backup, found)
    if not args.yes and not _confirmed(chosen, data_dir):
        print("Nothing was restored.")
        return EXIT_REFUSED
    return _restore(data_dir, chosen)


def _print_list(found: list[BackupInfo], backups_dir: Path) -> None:
    from sen_desktop.core.store.backups import megabytes

    if not found:
        print(f"There are no backups in {backups_dir} yet.")
        return
    print(f"Backups in {backups_dir}, newest first:")
    width = len(str(len(found)))
    for number, info in enumerate(found, start=1):
        when = info.taken.strftime("%Y-%m-%d %H:%M")
        print(f"{number:>{width}}  {when}  {info.kind:<16}  {megabytes(info.size):>8}  "
              f"{info.path.name}")
    print("Restore one with: sen-desktop restore NUMBER")


def _chosen(text: str, found: list[BackupInfo]) -> BackupInfo | Path:
    """The backup a number of the list names, else the path given."""
    path = Path(text).expanduser()
    if text.strip().isdigit() and not path.exists():
        number = int(text)
        if not 1 <= number <= len(found):
            listed = f"there are {len(found)}" if found else "there are none"
            raise ValidationError(
                f"There is no backup number {number} ({listed}); run `sen-desktop restore` "
                "to list them.",
                field="backup",
            )
        return found[number - 1]
    return path.absolute()


def _confirmed(chosen: BackupInfo | Path, data_dir: Path) -> bool:
    """Ask on a terminal; without one, refuse (a script says --yes)."""
    from sen_desktop.core.store.restore import describe_time

    if not sys.stdin.isatty():
        raise ValidationError(
            "Restoring replaces the database in use; add --yes to restore without being "
            "asked.",
            field="yes",
        )
    name = chosen.name if isinstance(chosen, Path) else chosen.path.name
    when = "" if isinstance(chosen, Path) else f", taken {describe_time(chosen.taken)}"
    print(f"Restore {name}{when}?")
    print(f"The database in use now is kept aside in {data_dir}; changes made on this laptop "
          "since the backup that were not exported are lost.")
    try:
        answer = input("Restore? [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def _restore(data_dir: Path, chosen: BackupInfo | Path) -> int:
    from sen_desktop.core.progress import Progress
    from sen_desktop.sync.fence import restore_laptop

    said: list[str] = []

    def report(_done: int, _total: int, label: str) -> None:
        # Each step once, on a terminal only (stdout stays the result for scripts).
        if label and label not in said and sys.stderr is not None and sys.stderr.isatty():
            said.append(label)
            print(f"{label}…", file=sys.stderr, flush=True)

    outcome = restore_laptop(data_dir, chosen, Progress(report))
    print(outcome.summary())
    print(outcome.next_steps())
    return EXIT_OK


__all__ = ["add_restore_command", "run_restore"]
