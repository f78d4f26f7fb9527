"""The store's copies: backups (one a day, one before a migration) and the read-only
connection the checks at open use.

Copies are made by SQLite's online backup API, a step of ``BACKUP_STEP_PAGES`` pages at a
time, into a temporary name renamed into place once whole (and checked, when asked): a
failed, damaged or cancelled copy leaves no file. The copy is a consistent snapshot even
while the program writes: it is taken inside one read transaction. Daily backups are
named ``<stem>-<date>-r<revision>.sqlite3`` and the newest ``DAILY_BACKUPS_KEPT`` are
kept. ``core/store/database.py`` decides when each is written.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sqlite3
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING

from sen_desktop.core.errors import StoreError
from sen_desktop.core.progress import NO_PROGRESS, Cancelled, Progress

if TYPE_CHECKING:
    import threading
    from collections.abc import Iterator
    from pathlib import Path

DAILY_BACKUPS_KEPT = 7
BUSY_TIMEOUT_MS = 5000
"""How long a connection waits for another's write to finish."""

BACKUP_STEP_PAGES = 1024
"""Pages a backup copies between looks at its cancel flag (16 MB at 16 KB a page)."""

_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26

_log = logging.getLogger(__name__)


class Damaged(Exception):
    """The file's pages do not hold together (the reason, for the log, is the message)."""


def sidecars_exist(path: Path) -> bool:
    """True if a -wal or -journal beside the file holds part of the database."""
    return any(path.with_name(path.name + suffix).exists() for suffix in ("-wal", "-journal"))


@contextmanager
def read_only(path: Path, *, at_open: bool = False) -> Iterator[sqlite3.Connection]:
    # At open, before our engine exists, a file with no -wal or -journal beside it is
    # the whole database and nothing else writes it (the data folder is locked), so
    # "immutable" can read it without creating -wal/-shm files next to a refused file.
    # Elsewhere a writer may be active, and only a normal read-only connection is safe.
    immutable = at_open and not sidecars_exist(path)
    uri = path.resolve().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")
    connection = sqlite3.connect(
        uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
    )
    try:
        yield connection
    finally:
        connection.close()


def damaged_error(path: Path, backups: Path, *, while_open: bool = False) -> StoreError:
    if while_open:
        return StoreError(
            f"The database {path} is damaged (found while taking today's backup); close "
            f"SEN Secretariat and restore the latest copy from {backups}."
        )
    return StoreError(
        f"The database {path} is damaged and cannot be opened safely; "
        f"restore the latest copy from {backups}."
    )


def remove_with_sidecars(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


class StoppedByClose(Exception):
    """``Database.close()`` stopped a backup part-way."""


def write_backup(source: Path, target: Path) -> Path:
    """Copy the database at ``source`` to ``target`` (a complete file, or none at all).

    Safe while the database is open and being written: the backup API copies a
    consistent snapshot.
    """
    return copy_database(source, target, at_open=False)


def copy_database(
    source: Path,
    target: Path,
    *,
    at_open: bool,
    verify: bool = False,
    cancel: threading.Event | None = None,
    progress: Progress = NO_PROGRESS,
    label: str = "Copying the database",
) -> Path:
    """Copy ``source`` to ``target`` by the backup API; ``verify`` quick-checks the copy.

    Damaged if the pages copied do not hold together, StoppedByClose if ``cancel`` is set
    part-way, ``Cancelled`` if ``progress`` is; either way, and on any error, no file is
    left at ``target``.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    remove_with_sidecars(partial)

    def step(_status: int, remaining: int, total: int) -> None:
        if cancel is not None and cancel.is_set():
            raise StoppedByClose
        progress.step(total - remaining, total, label)

    try:
        with read_only(source, at_open=at_open) as connection:
            copy = sqlite3.connect(partial)
            try:
                # One read transaction around every step: the copy is the database as
                # it stood at the first, and writes through other connections meanwhile
                # neither get into it nor restart it (as they would between steps).
                connection.execute("BEGIN")
                connection.execute("SELECT count(*) FROM sqlite_master").fetchall()
                connection.backup(copy, pages=BACKUP_STEP_PAGES, progress=step)
                connection.execute("COMMIT")
                # A copy is one self-contained file, whatever the source's journal.
                copy.execute("PRAGMA journal_mode = DELETE")
                if verify:
                    _verify(copy, cancel, progress)
            finally:
                copy.close()
        progress.check()  # the last safe point: the copy is not in place yet
        os.replace(partial, target)
    except sqlite3.DatabaseError as exc:
        remove_with_sidecars(partial)
        if exc.sqlite_errorcode & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
            raise Damaged(str(exc)) from exc
        raise
    except BaseException:
        remove_with_sidecars(partial)
        raise
    return target


def _verify(
    copy: sqlite3.Connection, cancel: threading.Event | None, progress: Progress = NO_PROGRESS
) -> None:
    """Every page of a fresh copy, which is the source's pages as they were."""
    progress.step(0, 0, "Checking the copy")

    def stop() -> int:
        return int((cancel is not None and cancel.is_set()) or progress.cancelled)

    copy.set_progress_handler(stop, 100_000)
    try:
        rows = copy.execute("PRAGMA quick_check").fetchall()
    except sqlite3.OperationalError:
        if cancel is not None and cancel.is_set():
            raise StoppedByClose from None
        progress.check()  # raises Cancelled if that is why SQLite stopped
        raise
    if rows != [("ok",)]:
        raise Damaged("; ".join(str(row[0]) for row in rows[:5]))


def backup_before_migration(
    path: Path, backups: Path, revision: str, *, verify: bool, progress: Progress = NO_PROGRESS
) -> Path:
    stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M%S")
    target = backups / f"{path.stem}-{stamp}-r{revision}-before-migration.sqlite3"
    try:
        return copy_database(
            path, target, at_open=True, verify=verify, progress=progress,
            label="Copying the database before updating it",
        )
    except Damaged as exc:
        raise damaged_error(path, backups) from exc
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(
            f"The database {path} needs updating, but no backup could be written to "
            f"{backups} first ({exc}); free some space or fix the folder and try again."
        ) from exc


def daily_backups(path: Path, backups: Path) -> list[Path]:
    """The daily backups of the database at ``path``, newest first."""
    pattern = re.compile(rf"{re.escape(path.stem)}-(\d{{4}}-\d\d-\d\d)-r[\w.]+\.sqlite3")
    found = [p for p in backups.glob(f"{path.stem}-*.sqlite3") if pattern.fullmatch(p.name)]
    return sorted(found, key=lambda p: p.name, reverse=True)


def has_daily_backup(path: Path, backups: Path) -> bool:
    today = dt.date.today().isoformat()
    existing = daily_backups(path, backups) if backups.is_dir() else []
    return any(p.name.startswith(f"{path.stem}-{today}-r") for p in existing)


def daily_backup(
    path: Path,
    backups: Path,
    *,
    at_open: bool,
    verify: bool,
    revision: str,
    cancel: threading.Event | None = None,
    while_open: bool = False,
    progress: Progress = NO_PROGRESS,
) -> Path | None:
    """Today's backup, unless there is one; see ``Database.run_daily_backup``."""
    if has_daily_backup(path, backups):
        return None
    had_folder = backups.is_dir()
    target = backups / f"{path.stem}-{dt.date.today().isoformat()}-r{revision}.sqlite3"
    try:
        if had_folder:  # copies a killed run left half-written
            for stale in backups.glob(f"{path.stem}-*.sqlite3.partial"):
                remove_with_sidecars(stale)
        copy_database(
            path, target, at_open=at_open, verify=verify, cancel=cancel, progress=progress,
            label="Copying today's backup",
        )
        for old in daily_backups(path, backups)[DAILY_BACKUPS_KEPT:]:
            old.unlink()
    except Damaged as exc:
        if not had_folder:
            with suppress(OSError):
                backups.rmdir()
        _log.error("Today's backup of %s found it damaged: %s", path, exc)
        raise damaged_error(path, backups, while_open=while_open) from exc
    except StoppedByClose:
        _log.info("The daily backup of %s was stopped by closing the database", path)
        return None
    except Cancelled:
        _log.info("The daily backup of %s was stopped (Cancel); none was written", path)
        if at_open:
            return None  # the open goes on; the next one tries again
        raise Cancelled("Today's backup was stopped; no copy was written.") from None
    except (OSError, sqlite3.Error) as exc:
        # A missed daily copy must not stop the day's work; the next open tries again.
        _log.warning("Daily backup of %s into %s failed: %s", path, backups, exc)
        return None
    return target


__all__ = [
    "BACKUP_STEP_PAGES",
    "BUSY_TIMEOUT_MS",
    "DAILY_BACKUPS_KEPT",
    "Damaged",
    "StoppedByClose",
    "backup_before_migration",
    "copy_database",
    "daily_backup",
    "daily_backups",
    "damaged_error",
    "has_daily_backup",
    "read_only",
    "remove_with_sidecars",
    "sidecars_exist",
    "write_backup",
]
