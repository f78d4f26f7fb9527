"""Open the SQLite store: create, check, back up and migrate the file; build the engine.

``open_database(path)`` is the only way in. An existing file is first inspected through
a read-only connection (it is not written, nor switched to WAL, before it passes): a
file that is not SQLite, is damaged, is not ours or carries a schema newer than this
program knows is refused with a ``StoreError`` whose message a person can act on, and is
left byte-identical. The schema revision is read with one query and compared with
``SCHEMA_REVISION``; Alembic is imported only to create a file or when a migration is
due (it costs more start-up time than everything else here together).

The check at open (``core/store/inspection.py``) costs the same whatever the file's
size. Every file's header must agree with its length (page size x page count: a
truncated file is refused) and its schema and revision must read back. A file of up to
``SMALL_DATABASE_BYTES`` then gets SQLite's ``PRAGMA quick_check`` (every page); a
bigger one, where that would take seconds, gets a bounded check instead: every table's
and index's root page, and each table's first and last row (the leftmost and rightmost
paths down its b-tree). A bigger file left beside a ``-wal`` or ``-journal`` by a crash,
or one whose header cannot vouch for its length, still gets the full check. Every page
of a big file is checked when its daily backup is written (the copy is checked before it
joins the backups), and by ``sen-desktop check``.

An empty (0-byte) file is refused too. A new database is built under a scratch name
and renamed into place once complete, so a crash while creating one never leaves an
empty or half-built file behind: an empty file at the path was put there by something
else, and refusing it keeps whatever that was.

Backups (``core/store/backups.py``: SQLite's online backup API, compressed with
zstandard, written to a temporary name and renamed) go into ``backups_dir``: one before
any migration, and one a day, rotated by file time (7 daily, 4 weekly, before-migration
copies 30 days, within this laptop's size bound). A small file's daily backup is written
at open; a big one's (seconds of copying) is left to the caller, who runs
``Database.run_daily_backup`` or ``Database.start_daily_backup`` (a background thread)
once the window is up. The copy is a consistent snapshot even while the program writes:
it is taken inside one read transaction.

Bad surroundings (issue 14). A read-only data folder or database file is refused before
anything is written; while the store is in use, the engine turns a full disk, another
program's lock, a read-only folder or file and a damaged file into a
``core.errors.StoreFailure`` whose message is one sentence (``core/store/failures.py``),
and its errors never carry bound values (``hide_parameters``). Commits are durable
(``SYNCHRONOUS``); after a large write, and after a transaction a full disk stopped, the
write-ahead log is checkpointed and cut to nothing (``Database.checkpoint``,
``Database.large_write``), so a rolled-back import cannot keep a full disk full.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from sen_desktop.core.errors import StoreError
from sen_desktop.core.progress import NO_PROGRESS, Cancelled, Progress
from sen_desktop.core.store.backups import (
    BACKUP_STEP_PAGES,
    DAILY_BACKUPS_KEPT,
    backup_before_migration,
    daily_backups,
    has_daily_backup,
    remove_with_sidecars,
    write_backup,
)
from sen_desktop.core.store.backups import daily_backup as write_daily_backup
from sen_desktop.core.store.failures import (
    DISK_FULL,
    ensure_free_space,
    failure_summary,
    store_failure,
    writable_or_failure,
)
from sen_desktop.core.store.inspection import inspect_file
from sen_desktop.core.store.migrations import MIGRATIONS_DIR, SCHEMA_REVISION

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from types import TracebackType


BUSY_TIMEOUT_MS = 5000
CHECKPOINT_WAIT_MS = 200
"""How long ``Database.checkpoint`` waits for another connection's read to end."""
PAGE_SIZE = 16384
"""Bytes a page of a database this program creates (issue 10's import benchmark)."""

SYNCHRONOUS = "FULL"
"""Every commit is on the disk before it returns (docs/architecture.md "The store":
what a power cut can and cannot lose)."""
JOURNAL_SIZE_LIMIT = 32 * 1024 * 1024
"""Bytes a write-ahead log is cut back to when it starts over (SQLite's checkpoints of
1,000 pages let it reach 16 MB in normal use); ``Database.checkpoint`` empties it."""

SMALL_DATABASE_BYTES = 64 * 1024 * 1024
"""Up to this size a file gets every page checked, and its daily backup, at open."""

_EMPTY_THE_LOG = "sen_checkpoint_after_full_disk"

_log = logging.getLogger(__name__)


class Database:
    """An open store: its file, engine and session factory. ``close()`` when done."""

    def __init__(
        self,
        path: Path,
        engine: Engine,
        *,
        created: bool = False,
        backups_dir: Path | None = None,
    ) -> None:
        self.path = path
        self.engine = engine
        self.session_factory: sessionmaker[Session] = sessionmaker(
            bind=engine, expire_on_commit=False
        )
        self.created = created
        """True when this open created the file (a new, empty programme)."""
        self.backups_dir = backups_dir if backups_dir is not None else path.parent / "backups"
        self._on_close: list[Callable[[], None]] = []
        self._closed = False
        self._backup_lock = threading.Lock()
        self._backup_thread: threading.Thread | None = None
        self._cancel_backup = threading.Event()

    def call_on_close(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` after the engine is disposed (e.g. release the folder lock)."""
        self._on_close.append(callback)

    # --- the daily backup, when open left it for later ---------------------------------

    def daily_backup_due(self) -> bool:
        """True while today's backup is still to be written (never for a new file)."""
        if self.created or self._closed:
            return False
        return not has_daily_backup(self.path, self.backups_dir)

    def run_daily_backup(self, progress: Progress = NO_PROGRESS) -> Path | None:
        """Write today's backup now if it is due, checking every page of the copy first.

        Returns the new backup; None when none was due, ``close()`` cancelled it, or it
        failed for want of space or access (logged: a missed copy must not stop the
        day's work, and the next open tries again). Raises StoreError when the check
        finds the database damaged: the copy is thrown away, so the older backups, taken
        before the damage, all stay; ``Cancelled`` when ``progress`` is cancelled (no
        partial copy is left). Safe on any thread; the program may go on writing
        meanwhile (the copy is the database as it stood when the backup began).
        """
        with self._backup_lock:
            if not self.daily_backup_due():
                return None
            return write_daily_backup(
                self.path, self.backups_dir, at_open=False, verify=True, revision=SCHEMA_REVISION,
                cancel=self._cancel_backup, while_open=True, progress=progress,
            )

    def start_daily_backup(
        self, on_damaged: Callable[[StoreError], None] | None = None
    ) -> bool:
        """Run ``run_daily_backup`` on a background thread if a backup is due.

        Returns True if one started. The thread has its own connection, so work on the
        database goes on meanwhile; ``close()`` stops it within one step and waits for
        it. If the check finds the database damaged, ``on_damaged(error)`` is called on
        that thread (a GUI hands it on to its own thread); the error is logged either way.
        """
        running = self._backup_thread
        if running is not None and running.is_alive():
            return False
        if not self.daily_backup_due():
            return False

        def run() -> None:
            try:
                self.run_daily_backup()
            except StoreError as error:  # already logged
                if on_damaged is not None:
                    on_damaged(error)
            except Exception:  # a bug: log it, never let it end the program
                _log.exception("The daily backup of %s failed", self.path)

        thread = threading.Thread(target=run, name="sen-daily-backup", daemon=True)
        self._backup_thread = thread
        thread.start()
        return True

    # --- after large transactions ------------------------------------------------------

    def checkpoint(self) -> bool:
        """Copy the write-ahead log into the database file and cut the log to 0 bytes
        (``PRAGMA wal_checkpoint(TRUNCATE)``). True when complete; False when another
        connection's read held part of it back (the next checkpoint finishes it).

        Call it after a large transaction, committed or rolled back (``large_write`` does):
        SQLite's own checkpoints copy the log but leave the file its full size, and a
        rolled-back import's log would otherwise keep a full disk full. StoreFailure if
        the disk, folder or another program stops it.
        """
        raw = self.engine.raw_connection()
        try:
            # Outside any transaction: the engine's connections BEGIN only when asked.
            busy = _truncate_log(raw.driver_connection)
        except sqlite3.Error as exc:
            failure = store_failure(exc, path=self.path)
            if failure is None:
                raise
            raise failure from None
        finally:
            raw.close()
        return not busy

    @contextmanager
    def large_write(self, needed: int = 0) -> Iterator[None]:
        """Around a large write (a bundle's import, demo data, a restore): refuse it at
        once when the disk lacks ``needed`` bytes and a reserve (``StoreFailure``, nothing
        written), start from an empty write-ahead log, and empty it again afterwards,
        whether the work committed or failed (a failure's own error is the one raised)."""
        ensure_free_space(self.path.parent, needed)
        self.checkpoint()
        try:
            yield
        except BaseException:
            try:
                self.checkpoint()
            except Exception as exc:  # the work's error is the one to report
                _log.warning("No checkpoint after a failed write: %s", failure_summary(exc))
            raise
        self.checkpoint()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        # A backup still running stops at its next step; the lock (released by a close
        # callback) must outlive it, since it writes into the folder's backups.
        self._cancel_backup.set()
        thread = self._backup_thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()
        # Disposing closes the pooled connections; the last close checkpoints the WAL.
        self.engine.dispose()
        for callback in reversed(self._on_close):
            callback()

    def __enter__(self) -> Database:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _truncate_log(connection: Any) -> bool:
    """``PRAGMA wal_checkpoint(TRUNCATE)`` on a DBAPI connection; True if a reader (the
    daily backup's snapshot) held part back. It waits ``CHECKPOINT_WAIT_MS`` for readers,
    not the full busy timeout: what it cannot do now, the next checkpoint does."""
    connection.execute(f"PRAGMA busy_timeout = {CHECKPOINT_WAIT_MS}")
    try:
        busy, _frames, _copied = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return bool(busy)


def open_database(
    path: Path,
    *,
    backups_dir: Path | None = None,
    daily_backup: bool | None = None,
    progress: Progress = NO_PROGRESS,
) -> Database:
    """Open the store at ``path``, creating it if there is no file; StoreError if unusable.

    ``backups_dir`` defaults to a ``backups`` folder beside the file (where
    ``DataFolder.backups_dir`` puts it). ``daily_backup`` says when today's backup is
    written, if it is due: True before this returns, whatever the file's size (a big
    file's copy is checked page by page, and damage found refuses the file); False
    later, by the caller; None (the default) at open for a file of up to
    ``SMALL_DATABASE_BYTES``, later for a bigger one. "Later" is
    ``Database.start_daily_backup()`` (or ``run_daily_backup()``) once the window is up.

    ``progress`` hears of the long steps (creating, the copy before a migration, the
    migration, the daily backup) and can stop them where that changes nothing: a
    cancelled creation leaves no file, a cancelled migration the database as it was
    (``Cancelled`` is raised either way), and a cancelled daily backup no partial copy
    (the open goes on without it; the next open tries again).
    """
    path = Path(path).absolute()
    backups = Path(backups_dir) if backups_dir is not None else path.parent / "backups"
    if path.parent.is_dir() and not path.is_dir():
        # SQLite writes -wal and -shm files beside the database: a read-only folder or
        # file is refused here, in one sentence, before anything is written.
        unwritable = writable_or_failure(path)
        if unwritable is not None:
            raise unwritable
    created = not path.exists()
    if created:
        _create(path, progress)
    else:
        revision, fully_checked = inspect_file(path, backups, small=SMALL_DATABASE_BYTES)
        if revision != SCHEMA_REVISION:
            if revision not in _known_revisions():
                raise StoreError(
                    f"The database {path} was written by a newer version of SEN Secretariat "
                    f"(schema {revision}); install the newer version to open it."
                )
            backup = backup_before_migration(
                path, backups, revision, verify=not fully_checked, progress=progress
            )
            _migrate(path, backup, progress)
        if daily_backup is None:
            daily_backup = path.stat().st_size <= SMALL_DATABASE_BYTES
        if daily_backup:
            # At open nothing else has the file yet; a page-by-page check of the copy
            # stands in for the one the inspection left out.
            write_daily_backup(
                path, backups, at_open=True, verify=not fully_checked, progress=progress,
                revision=SCHEMA_REVISION,
            )

    db = Database(path, store_engine(path), created=created, backups_dir=backups)
    try:
        from sen_desktop.core.store.oplog import install_capture

        install_capture(db.session_factory)
    except BaseException:
        db.close()
        raise
    return db


def store_engine(path: Path, *, migrating: bool = False) -> Engine:
    """Our engine on ``path``: WAL, foreign keys, busy timeout, real transactions.

    ``migrating`` turns foreign keys off (batch migrations drop and rebuild tables)
    and keeps table renames from rewriting or re-checking other tables' triggers.
    """
    # hide_parameters: an error's text never carries the values bound (people's names,
    # emails, phones); it may reach a log or a person.
    engine = create_engine(URL.create("sqlite", database=str(path)), hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The sqlite3 module would BEGIN only before DML, leaving DDL and reads outside
        # any transaction; we switch that off and BEGIN ourselves (see "begin" below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            # A new file's page size (fixed once WAL is on; an existing file keeps its own):
            # fewer, fuller pages for the operation log's bulk writes.
            cursor.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
            cursor.execute(f"PRAGMA journal_size_limit = {JOURNAL_SIZE_LIMIT}")
            cursor.execute(f"PRAGMA foreign_keys = {'OFF' if migrating else 'ON'}")
            if migrating:
                cursor.execute("PRAGMA legacy_alter_table = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    @event.listens_for(engine, "handle_error")
    def _on_error(context: Any) -> None:
        # A read-only folder or file, a full disk, another program's lock, a damaged
        # file: one sentence (core/store/failures.py) in place of SQLAlchemy's error,
        # whose text holds the SQL. (SQLAlchemy chains the sqlite3 error as the cause:
        # its text is SQLite's few words, never SQL or values.)
        failure = store_failure(context.original_exception, path=path)
        if failure is None:
            return
        # info: the failure itself is what a person is told; a log line on stderr
        # would be a second one.
        _log.info("%s: %s (%s)", path, failure.reason,
                  failure_summary(context.original_exception))
        pooled = getattr(context.connection, "connection", None)
        if failure.reason == DISK_FULL and pooled is not None:
            pooled.info[_EMPTY_THE_LOG] = True
        raise failure from None

    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_connection: Any, record: Any) -> None:
        # After a full disk (rolled back by now), give back what the log took: a
        # transaction that spilled pages into it leaves it that size otherwise.
        if record is not None and record.info.pop(_EMPTY_THE_LOG, False):
            try:
                _truncate_log(dbapi_connection)
            except sqlite3.Error as exc:  # the disk is still full: nothing more to do
                _log.info("%s: no checkpoint after a full disk (%s)", path,
                          failure_summary(exc))

    return engine


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    return {revision.revision for revision in script.walk_revisions()}


# --- creating and migrating --------------------------------------------------------------


def _create(path: Path, progress: Progress = NO_PROGRESS) -> None:
    # Built under a scratch name and renamed when complete: see the module docstring.
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(path.name + ".creating")
    remove_with_sidecars(scratch)
    try:
        _upgrade(scratch, progress, "Creating the database")
        os.replace(scratch, path)
    except BaseException:
        remove_with_sidecars(scratch)
        raise


def _upgrade(path: Path, progress: Progress = NO_PROGRESS, label: str = "") -> None:
    """Bring the file to the head revision in one transaction (all or nothing); a
    Cancel before the commit rolls it all back."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    progress.step(0, 1, label)
    engine = store_engine(path, migrating=True)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            # Foreign keys are off while tables are rebuilt: check them before commit.
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
            if broken is not None:
                raise RuntimeError(f"the migration broke a reference from {broken[0]}")
            progress.check()  # the last safe point: nothing is committed yet
        raw = engine.raw_connection()
        try:  # the migration rewrote tables: empty the log it leaves (not just copy it)
            driver: Any = raw.driver_connection
            driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
    finally:
        engine.dispose()


def _migrate(path: Path, backup: Path, progress: Progress = NO_PROGRESS) -> None:
    try:
        _upgrade(path, progress, "Updating the database to this version")
    except Cancelled:
        raise Cancelled(
            f"The update of the database {path} was stopped; it was left as it was."
        ) from None
    except StoreError:
        raise  # a full disk, a lock: the sentence says what to do
    except Exception as exc:
        # Named by type only: a database error's text holds SQL.
        raise StoreError(
            f"Updating the database {path} to this version failed "
            f"({failure_summary(exc).split(' <- ')[0]}); it was left as it was, and a copy "
            f"taken just before is in {backup}."
        ) from exc


__all__ = [
    "BACKUP_STEP_PAGES",
    "DAILY_BACKUPS_KEPT",
    "SCHEMA_REVISION",
    "SMALL_DATABASE_BYTES",
    "Database",
    "daily_backups",
    "open_database",
    "store_engine",
    "write_backup",
]
