"""`sen-desktop backup`: a backup of the data folder's database now, compressed and checked.

The copy is a ``manual`` backup (core/store/backups.py): SQLite's backup API, every page of
the copy checked, compressed with zstandard into this laptop's backups folder (Edit ▸
Settings may have moved it), then the folder rotated, never removing the new copy. It
prints one line: where the copy is and how big (exit 0). Anything that stops it is one
line on stderr and exit 2 (``app.main`` prints a ``SenError``): no database in the
folder, the folder in another copy's hands (the window: close it first, as for every
command), too little free space (nothing is attempted), a damaged database, a folder
that cannot be written.

The command takes the data folder's lock, so every backup is written by the one process
that owns the folder (core/store/litter.py removes temporary files at start on that
understanding). It neither migrates nor opens the database through SQLAlchemy: a file an
older version wrote is copied as it is, under its own schema revision.

Only the standard library loads with this module; the store loads inside the command.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

    from sen_desktop.core.progress import Progress
    from sen_desktop.core.store.backups import BackupInfo

EXIT_OK = 0


def add_backup_command(commands: Any) -> None:
    """Add ``backup`` to the command line's subparsers."""
    backup = commands.add_parser(
        "backup",
        help="make a backup of the database now and say where it is (exit 2 if none)",
        description=(
            "Copy the data folder's database now into this laptop's backups folder, "
            "checked and compressed, and print where the copy is and how big. Old backups "
            "are rotated as after the daily copy; the new one is always kept."
        ),
    )
    backup.set_defaults(command=run_backup)


def run_backup(args: argparse.Namespace) -> int:
    info, plain = back_up_folder(Path(args.data_dir), _progress())
    from sen_desktop.core.store.backup_files import megabytes

    print(
        f"Backed up the database to {info.path} ({megabytes(info.size)}, compressed from "
        f"{megabytes(plain)})."
    )
    return EXIT_OK


def back_up_folder(folder: Path, progress: Progress | None = None) -> tuple[BackupInfo, int]:
    """A manual backup of the database in ``folder``; (its BackupInfo, the database's size).

    ``StoreError`` (one sentence) when no backup could be made; nothing is left behind.
    """
    import sqlite3

    from sen_desktop.core.errors import StoreError
    from sen_desktop.core.programme.laptop_settings import backups_dir
    from sen_desktop.core.progress import NO_PROGRESS
    from sen_desktop.core.store.backups import MANUAL, Damaged, damaged_error, make_backup
    from sen_desktop.core.store.datafolder import DATABASE_NAME, DataFolder
    from sen_desktop.core.store.failures import DISK_FULL, store_failure

    database = folder.absolute() / DATABASE_NAME
    if not database.is_file():  # checked before DataFolder, which would create the folder
        raise StoreError(
            f"There is no database in {folder.absolute()} to back up; give the data folder "
            "that holds sen.sqlite3 with --data-dir."
        )
    lock = DataFolder(folder)
    lock.lock()
    backups = backups_dir(lock.path)
    try:
        revision = _revision(database)
        try:
            info = make_backup(
                database, backups, kind=MANUAL, revision=revision, at_open=True, verify=True,
                progress=progress or NO_PROGRESS, label="Copying the database",
            )
        except Damaged as exc:
            raise damaged_error(database, backups) from exc
        except (OSError, sqlite3.Error) as exc:
            failure = store_failure(exc, path=backups if _writing(exc) else database)
            if failure is not None and failure.reason == DISK_FULL:
                raise StoreError(
                    f"The disk holding {backups} is full, so no backup was written; free some "
                    "space on it or choose another backup folder in Settings, then try again."
                ) from exc
            if failure is not None:
                raise failure from exc
            raise StoreError(
                f"No backup could be written to {backups}; check the folder is there and can "
                "be written to, then try again."
            ) from exc
        return info, database.stat().st_size
    finally:
        lock.unlock()


_SQLITE_WRITING = {8, 10, 13, 14}
"""READONLY, IOERR, FULL, CANTOPEN: from writing the copy, so the backups folder's disk."""


def _writing(exc: BaseException) -> bool:
    """True when ``exc`` came from writing the copy (an OS error, or SQLite's for the copy)
    rather than from reading the database (locked, damaged)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(exc, OSError) or (isinstance(code, int) and code & 0xFF in _SQLITE_WRITING)


def _revision(database: Path) -> str:
    """The schema revision the file holds; StoreError if it is not one of our databases."""
    import sqlite3

    from sen_desktop.core.errors import StoreError
    from sen_desktop.core.store.backups import read_only
    from sen_desktop.core.store.failures import describe_failure

    try:
        with read_only(database, at_open=True) as connection:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        sentence = describe_failure(exc, path=database)
        if sentence is not None:
            raise StoreError(sentence) from exc
        row = None  # no alembic_version table: not ours
    if row is None:
        raise StoreError(
            f"The file {database} is not a SEN Secretariat database, so it was not backed "
            "up; check the folder given with --data-dir."
        )
    return str(row[0])


def _progress() -> Progress | None:
    """Percentages on stderr when a person is watching (a big programme takes seconds)."""
    if not sys.stderr.isatty():
        return None
    from sen_desktop.core.progress import Progress

    shown: dict[str, int] = {}

    def report(done: int, total: int, label: str) -> None:
        if total <= 0:
            return
        percent = 100 * done // total
        if percent // 10 != shown.get(label, -10) // 10 or done == total:
            shown[label] = percent
            print(f"  {label}: {percent}%", file=sys.stderr, flush=True)

    return Progress(report)


__all__ = ["add_backup_command", "back_up_folder", "run_backup"]
