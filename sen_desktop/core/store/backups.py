"""The store's copies: backups (daily, before a migration, on request), their names and
rotation, and the read-only connection the checks at open use.

A backup is made by SQLite's online backup API, a step of ``BACKUP_STEP_PAGES`` pages at
a time, into a plain intermediate file (``<name>.plain``) in the backups folder; that is
compressed with zstandard into ``<name>`` (``core/store/backup_files.py``: temporary
name, fsync, rename) and the intermediate is removed whatever happens. A failed,
damaged, cancelled or stopped copy leaves no file. The copy is a consistent snapshot
even while the program writes: it is taken inside one read transaction. Free space is
checked first: when the backups folder has too little, no copy is attempted
(``NotEnoughSpace``, and the log says so).

Names: ``<stem>-<YYYY-MM-DD-HHMMSS>-r<revision>-<kind>.sqlite3.zst``, kind one of
``daily``, ``weekly``, ``before-migration``, ``manual``. Older versions' plain copies
(``<stem>-<date>-r<revision>.sqlite3``, ``…-r<revision>-before-migration.sqlite3``) are
still listed, restored and rotated. After each backup the folder is rotated
(``core/store/backup_rotation.py``: 7 daily, 4 weekly, before-migration copies 30 days,
5 manual, a total size bound from Settings; never the copy just written) and the
laptop's key file is copied beside the backups once per change.
``core/store/database.py`` decides when a daily or before-migration copy is written;
``sen-desktop backup`` makes a manual one.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sqlite3
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from sen_desktop.core.errors import StoreError
from sen_desktop.core.progress import NO_PROGRESS, Cancelled, Progress
from sen_desktop.core.store.backup_files import (
    PARTIAL_SUFFIX,
    Damaged,
    NotEnoughSpace,
    StoppedByClose,
    check_free_space,
    compress_file,
    copy_key_file,
    expand_backup,
    key_copy_for,
    megabytes,
    remove_with_sidecars,
    space_needed,
)
from sen_desktop.core.store.backup_rotation import (
    BEFORE_MIGRATION,
    DAILY,
    KINDS,
    MANUAL,
    WEEKLY,
    Copy,
    Policy,
    to_remove,
)
from sen_desktop.core.store.failures import failure_summary

if TYPE_CHECKING:
    import threading
    from collections.abc import Iterator
    from pathlib import Path

DAILY_BACKUPS_KEPT = Policy().daily
BUSY_TIMEOUT_MS = 5000
"""How long a connection waits for another's write to finish."""

BACKUP_STEP_PAGES = 1024
"""Pages a backup copies between looks at its cancel flag (16 MB at 16 KB a page)."""

_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26

_log = logging.getLogger(__name__)


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
    restore = (
        f"restore the latest copy from {backups} (File > Restore from backup…, or "
        "sen-desktop restore)."
    )
    if while_open:
        return StoreError(
            f"The database {path} is damaged (found while taking today's backup); {restore}"
        )
    return StoreError(f"The database {path} is damaged and cannot be opened safely; {restore}")


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


# --- names and the listing -----------------------------------------------------------------

STAMP_FORMAT: Final = "%Y-%m-%d-%H%M%S"
PLAIN_SUFFIX: Final = ".plain"
"""The intermediate SQLite copy a compressed backup is made from (removed at once)."""


@dataclass(frozen=True)
class BackupInfo:
    """One backup of a database, as the backups folder holds it."""

    path: Path
    taken: dt.datetime  # local time (aware), from the file's mtime: rotation goes by it
    size: int  # bytes on disk
    kind: str  # "daily" | "weekly" | "before-migration" | "manual"
    revision: str  # the schema revision in the name ("0007")
    compressed: bool  # .zst (this version) or a plain .sqlite3 copy (older versions)


def backup_name(stem: str, taken: dt.datetime, revision: str, kind: str) -> str:
    return f"{stem}-{taken.strftime(STAMP_FORMAT)}-r{revision}-{kind}.sqlite3.zst"


def _patterns(stem: str) -> list[tuple[re.Pattern[str], str | None, bool]]:
    """(name pattern, kind or None for the name's own, compressed) of every name a backup
    of ``stem`` has had; group 1 is the stamp, 2 the revision, 3 (if any) the kind."""
    s = re.escape(stem)
    kinds = "|".join(re.escape(k) for k in KINDS)
    return [
        (re.compile(rf"{s}-(\d{{4}}-\d\d-\d\d-\d{{6}})-r([\w.]+)-({kinds})\.sqlite3\.zst"),
         None, True),
        (re.compile(rf"{s}-(\d{{4}}-\d\d-\d\d)-r([\w.]+)\.sqlite3"), DAILY, False),
        (re.compile(rf"{s}-(\d{{4}}-\d\d-\d\d-\d{{6}})-r([\w.]+)-before-migration\.sqlite3"),
         BEFORE_MIGRATION, False),
    ]


def _parse(stem: str, name: str) -> tuple[str, str, str, bool] | None:
    """(stamp, revision, kind, compressed) of a backup's file name; None if not one."""
    for pattern, kind, compressed in _patterns(stem):
        match = pattern.fullmatch(name)
        if match:
            return match[1], match[2], kind or match[3], compressed
    return None


def list_backups(database: Path, backups_dir: Path) -> list[BackupInfo]:
    """The backups of ``database`` in ``backups_dir``, newest first (by file time)."""
    if not backups_dir.is_dir():
        return []
    found: list[BackupInfo] = []
    for path in backups_dir.glob(f"{database.stem}-*.sqlite3*"):
        parsed = _parse(database.stem, path.name)
        if parsed is None:
            continue
        try:
            stat = path.stat()
        except OSError:  # removed meanwhile (another rotation)
            continue
        _stamp, revision, kind, compressed = parsed
        taken = dt.datetime.fromtimestamp(stat.st_mtime).astimezone()
        found.append(BackupInfo(path, taken, stat.st_size, kind, revision, compressed))
    return sorted(found, key=lambda b: (b.taken, b.path.name), reverse=True)


# --- making one --------------------------------------------------------------------------


def _policy(database: Path) -> Policy:
    """The rotation policy, with this laptop's size bound (Settings) if it set one."""
    from sen_desktop.core.programme.laptop_settings import read_laptop_settings

    limit_mb = read_laptop_settings(database.parent).backup_limit_mb
    return Policy(size_bound=limit_mb * 1_000_000)


def _remove_stale(database: Path, backups_dir: Path) -> None:
    """Intermediate and temporary files a killed backup left (never a finished copy):
    ``….plain``, and every ``….partial`` (the plain copy's and the compressed one's)."""
    for suffix in (PLAIN_SUFFIX, PARTIAL_SUFFIX):
        for stale in backups_dir.glob(f"{database.stem}-*{suffix}"):
            remove_with_sidecars(stale)


def rotate(database: Path, backups_dir: Path, *, keep: Path | None = None,
           policy: Policy | None = None) -> list[Path]:
    """Remove the backups rotation lets go (never ``keep``); the paths removed."""
    backups = list_backups(database, backups_dir)
    copies = [
        Copy(b.path.name, b.taken.timestamp(), b.size, b.kind, b.compressed) for b in backups
    ]
    if keep is None and backups:  # no copy just written: the newest stays, whatever
        keep = backups[0].path
    protected = (keep.name,) if keep is not None else ()
    chosen = policy if policy is not None else _policy(database)
    removed: list[Path] = []
    for copy in to_remove(copies, now=dt.datetime.now().timestamp(), protected=protected,
                          policy=chosen):
        path = backups_dir / copy.name
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:  # the next backup tries again
            _log.warning("Old backup %s could not be removed: %s", path,
                         failure_summary(exc))
            continue
        removed.append(path)
    if removed:
        _log.info("Rotation removed %d old backup(s) of %s", len(removed), database)
    return removed


def rotate_quietly(database: Path, backups_dir: Path) -> None:
    """``rotate`` when a new size bound is saved: a failure is logged, never raised (the
    next backup rotates again)."""
    try:
        rotate(database, backups_dir)
    except OSError as exc:
        _log.warning("Backups in %s not rotated: %s", backups_dir, failure_summary(exc))


def newest_size(database: Path, backups_dir: Path) -> int | None:
    """Bytes of the newest compressed backup (of the newest backup if none is); None if
    there are none."""
    found = list_backups(database, backups_dir)
    newest = next((b for b in found if b.compressed), found[0] if found else None)
    return None if newest is None else newest.size


def make_backup(
    database: Path,
    backups_dir: Path,
    *,
    kind: str,
    revision: str,
    progress: Progress = NO_PROGRESS,
    cancel: threading.Event | None = None,
    at_open: bool = False,
    verify: bool = False,
    label: str = "Copying the database",
) -> BackupInfo:
    """Write a compressed backup of ``database`` now, then rotate the folder.

    ``at_open``: nothing else has the file (``read_only``); ``verify`` checks every page of
    the copy before it is compressed. Raises ``NotEnoughSpace`` before anything is written
    when the folder is short of space; ``Damaged``, ``StoppedByClose`` (``cancel`` set),
    ``Cancelled`` (``progress``), ``OSError`` or ``sqlite3.Error`` leave no new file. The
    laptop's key file is copied beside the backups if it changed (a failure there is
    logged, not raised); rotation never removes the copy just written.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind of backup {kind!r}")
    compressed = [b.size for b in list_backups(database, backups_dir) if b.compressed]
    check_free_space(database, backups_dir, compressed[0] if compressed else None)
    # Not its parents: a backup folder chosen on a USB stick that is not plugged in is an
    # error to report, not a folder to make on the laptop's own disk.
    backups_dir.mkdir(exist_ok=True)
    _remove_stale(database, backups_dir)
    try:  # first, so a backup's key file is the newest copy no later than the backup
        copy_key_file(database.parent, backups_dir)
    except OSError as exc:
        _log.warning("The key file could not be copied into %s: %s", backups_dir,
                     failure_summary(exc))
    taken = dt.datetime.now()
    target = backups_dir / backup_name(database.stem, taken, revision, kind)
    while target.exists():  # two in one second: the next second's name
        taken += dt.timedelta(seconds=1)
        target = backups_dir / backup_name(database.stem, taken, revision, kind)
    plain = target.with_name(target.name + PLAIN_SUFFIX)
    try:
        copy_database(database, plain, at_open=at_open, verify=verify, cancel=cancel,
                      progress=progress, label=label)
        compress_file(plain, target, progress=progress, cancel=cancel)
    finally:
        remove_with_sidecars(plain)
    rotate(database, backups_dir, keep=target)
    stat = target.stat()
    return BackupInfo(target, dt.datetime.fromtimestamp(stat.st_mtime).astimezone(),
                      stat.st_size, kind, revision, True)


def backup_before_migration(
    path: Path, backups: Path, revision: str, *, verify: bool, progress: Progress = NO_PROGRESS
) -> Path:
    try:
        return make_backup(
            path, backups, kind=BEFORE_MIGRATION, revision=revision, at_open=True,
            verify=verify, progress=progress,
            label="Copying the database before updating it",
        ).path
    except NotEnoughSpace as exc:
        raise NotEnoughSpace(
            f"The database {path} needs updating, but there is not enough free space in "
            f"{backups} for the backup taken first (about {megabytes(exc.needed)} needed, "
            f"{megabytes(exc.free)} free); free some space there or choose another backup "
            "folder in Settings, then try again.",
            exc.needed, exc.free,
        ) from exc
    except Damaged as exc:
        raise damaged_error(path, backups) from exc
    except (OSError, sqlite3.Error) as exc:
        # The OS's words ("No space left on device"), or the error's kind: never its text,
        # which for a database error may hold SQL (core/store/failures.py).
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else None
        raise StoreError(
            f"The database {path} needs updating, but no backup could be written to "
            f"{backups} first ({reason or failure_summary(exc)}); free some space or fix "
            "the folder and try again."
        ) from exc


def daily_backups(path: Path, backups: Path) -> list[Path]:
    """The daily (and weekly) backups of the database at ``path``, newest first."""
    return [b.path for b in list_backups(path, backups) if b.kind in (DAILY, WEEKLY)]


def has_daily_backup(path: Path, backups: Path) -> bool:
    """True if a daily backup named with today's date (by this laptop's clock) exists."""
    today = dt.date.today().isoformat()
    return any(
        b.path.name.startswith(f"{path.stem}-{today}-") for b in list_backups(path, backups)
        if b.kind in (DAILY, WEEKLY)
    )


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
    try:
        return make_backup(
            path, backups, kind=DAILY, revision=revision, at_open=at_open, verify=verify,
            cancel=cancel, progress=progress, label="Copying today's backup",
        ).path
    except NotEnoughSpace:
        return None  # logged; the next open tries again
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
        _log.warning("Daily backup of %s into %s failed: %s", path, backups,
                     failure_summary(exc))
        return None


__all__ = [
    "BACKUP_STEP_PAGES",
    "BUSY_TIMEOUT_MS",
    "DAILY_BACKUPS_KEPT",
    "MANUAL",
    "BackupInfo",
    "Damaged",
    "NotEnoughSpace",
    "StoppedByClose",
    "backup_before_migration",
    "backup_name",
    "check_free_space",
    "copy_database",
    "daily_backup",
    "daily_backups",
    "damaged_error",
    "expand_backup",
    "space_needed",
    "has_daily_backup",
    "key_copy_for",
    "list_backups",
    "make_backup",
    "newest_size",
    "megabytes",
    "read_only",
    "remove_with_sidecars",
    "rotate",
    "rotate_quietly",
    "sidecars_exist",
    "write_backup",
]
