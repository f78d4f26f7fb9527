"""`sen-desktop check`: is the data folder's database sound? One line, exit 0 or 1.

A folder with no database yet (a new one, or one not yet created) has nothing to check:
``check`` says so and exits 0 without creating the folder or a database, so it answers
at once (within a few times a bare interpreter's start: ``python -m bench``) and a
mistyped ``--data-dir`` leaves nothing behind. If the folder's backups show that it did
hold a database, its absence is the problem reported (exit 1); if another copy of the
program holds the folder, that is said as for any folder (exit 2). Otherwise the database
is opened as the window opens it (the file's check at open, a migration if one is due,
the restore fence) and every check in ``core/store/integrity.py`` runs.

Only the standard library loads with this module; the store loads when there is a
database to open.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

EXIT_OK = 0
EXIT_PROBLEM = 1


def add_check_command(commands: Any) -> None:
    """Add ``check`` to the command line's subparsers."""
    check = commands.add_parser(
        "check",
        help="check the database and print one line (exit 1 if not OK)",
        description=(
            "Check the database in the data folder and print a one-line summary. A folder "
            "with no database yet is left as it is."
        ),
    )
    check.set_defaults(command=run_check)


def run_check(args: argparse.Namespace) -> int:
    code, line = check_folder(Path(args.data_dir))
    # One line whatever the report holds: scripts and support staff read it with `head -1`.
    print(" ".join(line.split()))
    return code


def check_folder(folder: Path) -> tuple[int, str]:
    """The exit code and the one line ``check`` prints for the data folder ``folder``."""
    from sen_desktop.core.errors import StoreError
    from sen_desktop.core.store.datafolder import DATABASE_NAME

    database = folder / DATABASE_NAME
    if folder.exists() and not folder.is_dir():
        raise StoreError(
            f"The data folder {folder} is a file, not a folder; "
            "choose another folder with --data-dir."
        )
    if not database.exists() and not database.is_symlink():
        return _no_database(folder)
    return _check_database(folder)


def _no_database(folder: Path) -> tuple[int, str]:
    from sen_desktop.core.store.datafolder import folder_in_use, in_use_error

    if folder_in_use(folder):  # another copy is starting there, creating its database
        raise in_use_error(folder.absolute())
    backups = _backups(folder)
    if backups:
        return EXIT_PROBLEM, (
            f"PROBLEM: there is no database in {folder}, but {backups[0].parent} holds "
            f"backups of one (the newest is {backups[0].name}); restore it with "
            "sen-desktop restore (or File > Restore from backup…), or choose the right "
            "folder with --data-dir."
        )
    return EXIT_OK, (
        f"OK: no database in {folder} yet, so nothing to check; SEN Secretariat creates "
        "one there when it first opens it."
    )


def _backups(folder: Path) -> list[Path]:
    """Copies of the folder's database in its backups folder, newest first."""
    if not folder.is_dir():
        return []
    from sen_desktop.core.programme.laptop_settings import backups_dir
    from sen_desktop.core.store.backups import list_backups
    from sen_desktop.core.store.datafolder import DATABASE_NAME

    # Compressed backups and older versions' plain copies alike, newest first.
    return [b.path for b in list_backups(folder / DATABASE_NAME, backups_dir(folder))]


def _check_database(folder: Path) -> tuple[int, str]:
    from sen_desktop.core.store.integrity import check_integrity
    from sen_desktop.sync.laptop import open_laptop

    db = open_laptop(folder)
    try:
        report = check_integrity(db)
        if report.ok:
            # Big databases skip the daily backup at open (it would delay the window);
            # `check` has just read every page anyway, so it takes the day's copy here.
            db.run_daily_backup()
    finally:
        db.close()
    return (EXIT_OK if report.ok else EXIT_PROBLEM), report.summary

