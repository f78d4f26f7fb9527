"""Open the SQLite store: create, check, back up and migrate the file; build the engine.

``open_database(path)`` is the only way in. An existing file is first inspected through
a read-only connection (it is not written, nor switched to WAL, before it passes): a
file that is not SQLite, is damaged, is not ours or carries a schema newer than this
program knows is refused with a ``StoreError`` whose message a person can act on, and is
left byte-identical. The schema revision is read with one query and compared with
``SCHEMA_REVISION``; Alembic is imported only to create a file or when a migration is
due (it costs more start-up time than everything else here together).

An empty (0-byte) file is refused too. A new database is built under a scratch name
and renamed into place once complete, so a crash while creating one never leaves an
empty or half-built file behind: an empty file at the path was put there by something
else, and refusing it keeps whatever that was.

Backups (SQLite's online backup API, written to a temporary name and renamed) go into
``backups_dir``: one before any migration, and one a day at open, of which the newest
``DAILY_BACKUPS_KEPT`` are kept.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from sen_desktop.core.errors import StoreError
from sen_desktop.core.store.migrations import MIGRATIONS_DIR

SCHEMA_REVISION = "0001"
"""The Alembic head this program writes; a test keeps it equal to the migrations' head."""

DAILY_BACKUPS_KEPT = 7
BUSY_TIMEOUT_MS = 5000
SQLITE_HEADER = b"SQLite format 3\x00"

_log = logging.getLogger(__name__)


class Database:
    """An open store: its file, engine and session factory. ``close()`` when done."""

    def __init__(self, path: Path, engine: Engine, *, created: bool = False) -> None:
        self.path = path
        self.engine = engine
        self.session_factory: sessionmaker[Session] = sessionmaker(
            bind=engine, expire_on_commit=False
        )
        self.created = created
        """True when this open created the file (a new, empty programme)."""
        self._on_close: list[Callable[[], None]] = []
        self._closed = False

    def call_on_close(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` after the engine is disposed (e.g. release the folder lock)."""
        self._on_close.append(callback)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
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


def open_database(path: Path, *, backups_dir: Path | None = None) -> Database:
    """Open the store at ``path``, creating it if there is no file; StoreError if unusable.

    ``backups_dir`` defaults to a ``backups`` folder beside the file (where
    ``DataFolder.backups_dir`` puts it).
    """
    path = Path(path).absolute()
    backups = Path(backups_dir) if backups_dir is not None else path.parent / "backups"
    created = not path.exists()
    if created:
        _create(path)
    else:
        revision = _inspect(path, backups)
        if revision != SCHEMA_REVISION:
            if revision not in _known_revisions():
                raise StoreError(
                    f"The database {path} was written by a newer version of SEN Secretariat "
                    f"(schema {revision}); install the newer version to open it."
                )
            backup = _backup_before_migration(path, backups, revision)
            _migrate(path, backup)
        _daily_backup(path, backups, SCHEMA_REVISION)

    db = Database(path, store_engine(path), created=created)
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
    engine = create_engine(URL.create("sqlite", database=str(path)))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The sqlite3 module would BEGIN only before DML, leaving DDL and reads outside
        # any transaction; we switch that off and BEGIN ourselves (see "begin" below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute(f"PRAGMA foreign_keys = {'OFF' if migrating else 'ON'}")
            if migrating:
                cursor.execute("PRAGMA legacy_alter_table = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


# --- inspection: read-only, before anything is written ----------------------------------


@contextmanager
def _read_only(path: Path, *, at_open: bool = False) -> Iterator[sqlite3.Connection]:
    # At open, before our engine exists, a file with no -wal or -journal beside it is
    # the whole database and nothing else writes it (the data folder is locked), so
    # "immutable" can read it without creating -wal/-shm files next to a refused file.
    # Elsewhere a writer may be active, and only a normal read-only connection is safe.
    sidecars = (path.with_name(path.name + suffix) for suffix in ("-wal", "-journal"))
    immutable = at_open and not any(sidecar.exists() for sidecar in sidecars)
    uri = path.resolve().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")
    connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        yield connection
    finally:
        connection.close()


def _inspect(path: Path, backups: Path) -> str:
    """The schema revision of the file at ``path``, once it is known to be a sound store."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a SEN Secretariat database file.")
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"The database {path} cannot be read ({exc.strerror}).") from exc
    if not header:
        raise StoreError(
            f"The file {path} is empty, so it is not a SEN Secretariat database; "
            "move it aside or choose another data folder."
        )
    if header != SQLITE_HEADER:
        raise StoreError(
            f"The file {path} is not a SEN Secretariat database (it is not an SQLite file); "
            "move it aside or choose another data folder."
        )
    damaged = StoreError(
        f"The database {path} is damaged and cannot be opened safely; "
        f"restore the latest copy from {backups}."
    )
    try:
        with _read_only(path, at_open=True) as connection:
            if connection.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
                raise damaged
            try:
                rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
            except sqlite3.OperationalError as exc:
                if "no such table" not in str(exc):
                    raise
                rows = []  # someone else's SQLite file
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):
            raise StoreError(
                f"The database {path} is in use by another program; close it and try again."
            ) from exc
        raise damaged from exc
    except sqlite3.DatabaseError as exc:
        raise damaged from exc
    if len(rows) != 1 or not isinstance(rows[0][0], str):
        raise StoreError(
            f"The file {path} is an SQLite database but not a SEN Secretariat one; "
            "move it aside or choose another data folder."
        )
    return rows[0][0]


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    return {revision.revision for revision in script.walk_revisions()}


# --- creating and migrating --------------------------------------------------------------


def _create(path: Path) -> None:
    # Built under a scratch name and renamed when complete: see the module docstring.
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(path.name + ".creating")
    _remove_with_sidecars(scratch)
    try:
        _upgrade(scratch)
        os.replace(scratch, path)
    except BaseException:
        _remove_with_sidecars(scratch)
        raise


def _remove_with_sidecars(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _upgrade(path: Path) -> None:
    """Bring the file to the head revision in one transaction (all or nothing)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    engine = store_engine(path, migrating=True)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            # Foreign keys are off while tables are rebuilt: check them before commit.
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
            if broken is not None:
                raise RuntimeError(f"the migration broke a reference from {broken[0]}")
    finally:
        engine.dispose()


def _migrate(path: Path, backup: Path) -> None:
    try:
        _upgrade(path)
    except Exception as exc:
        raise StoreError(
            f"Updating the database {path} to this version failed ({exc}); it was left "
            f"as it was, and a copy taken just before is in {backup}."
        ) from exc


# --- backups -----------------------------------------------------------------------------


def write_backup(source: Path, target: Path) -> Path:
    """Copy the database at ``source`` to ``target`` (a complete file, or none at all).

    Safe while the database is open and being written: the backup API copies a
    consistent snapshot.
    """
    return _copy(source, target, at_open=False)


def _copy(source: Path, target: Path, *, at_open: bool) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    _remove_with_sidecars(partial)
    try:
        with _read_only(source, at_open=at_open) as connection:
            copy = sqlite3.connect(partial)
            try:
                connection.backup(copy)
                # A copy is one self-contained file, whatever the source's journal.
                copy.execute("PRAGMA journal_mode = DELETE")
            finally:
                copy.close()
        os.replace(partial, target)
    except BaseException:
        _remove_with_sidecars(partial)
        raise
    return target


def _backup_before_migration(path: Path, backups: Path, revision: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M%S")
    target = backups / f"{path.stem}-{stamp}-r{revision}-before-migration.sqlite3"
    try:
        return _copy(path, target, at_open=True)
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


def _daily_backup(path: Path, backups: Path, revision: str) -> None:
    today = dt.date.today().isoformat()
    existing = daily_backups(path, backups) if backups.is_dir() else []
    if any(p.name.startswith(f"{path.stem}-{today}-r") for p in existing):
        return
    try:
        _copy(path, backups / f"{path.stem}-{today}-r{revision}.sqlite3", at_open=True)
        for old in daily_backups(path, backups)[DAILY_BACKUPS_KEPT:]:
            old.unlink()
    except (OSError, sqlite3.Error) as exc:
        # A missed daily copy must not stop the day's work; the next open tries again.
        _log.warning("Daily backup of %s into %s failed: %s", path, backups, exc)


__all__ = [
    "DAILY_BACKUPS_KEPT",
    "SCHEMA_REVISION",
    "Database",
    "daily_backups",
    "open_database",
    "store_engine",
    "write_backup",
]
