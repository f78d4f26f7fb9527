"""Restoring the database from a backup (issue 14; docs/TRUST.md "Sites").

``restore(data_folder, backup, progress, fence=…)`` with the data folder locked:

1. expands the chosen backup to a scratch file beside the database
   (``core/store/backups.py`` ``expand_backup``) and checks it: ``PRAGMA
   quick_check`` of every page, and a schema revision this version knows (a newer one
   is refused in one sentence; an older one is migrated when the restored copy is
   opened, below, as any open does);
2. moves the database in use aside, kept, as ``sen.sqlite3.before-restore-<stamp>``,
   with its ``-wal`` and ``-journal`` beside it under the same new name (they hold
   part of that database: without them the copy kept would lack its last changes). Its
   ``-shm`` is deleted. So no sidecar of the old file is left next to the restored
   one, where SQLite would take it for the restored file's own and call it damaged;
3. puts the restored copy in place by one rename (the old file stays at its name, as a
   hard link, until the rename: there is no moment without a database);
4. opens it (migrating an older one, with the usual backup first) and hands it to
   ``fence``: the sync layer moves this laptop to a new site, so no operation counter
   is ever used twice (``sync/fence.py`` ``fence_restored``; core sits below sync,
   so the caller passes it in: ``sync.fence.restore_laptop`` is the whole restore);
5. puts back the laptop's key file if it is missing here and a copy of it is kept with
   the backups (``core/store/backup_files.py`` ``key_copy_for``).

Cancel is honoured until step 2 and leaves everything as it was (the scratch file is
removed); from then on the restore finishes. A kill between the hard link of step 2
and the rename of step 3 leaves the live database with a second, ``before-restore``
name; the next start drops that name (``undo_unfinished_swap``). A crash between 3 and
4 leaves the restored copy unfenced; the fence every open applies
(``sync.fence.fence_if_restored``) then moves it if it is older than what this laptop
sealed, before anything is written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from sen_desktop.core.errors import StoreError
from sen_desktop.core.progress import NO_PROGRESS, Cancelled, Progress

if TYPE_CHECKING:
    from collections.abc import Callable

    from sen_desktop.core.store.backups import BackupInfo
    from sen_desktop.core.store.database import Database

_log = logging.getLogger(__name__)

#: The scratch copy a restore expands the backup into, beside the database.
SCRATCH_SUFFIX: Final = ".restoring"
#: The database in use before a restore is kept as ``<name>.before-restore-<stamp>``.
ASIDE_MARK: Final = ".before-restore-"
#: What ``expand_backup`` adds to the scratch name while it writes.
PARTIAL_SUFFIX: Final = ".partial"
#: SQLite's files beside a database that hold part of it, moved aside with it.
_KEPT_SIDECARS: Final = ("-wal", "-journal")


@dataclass(frozen=True)
class RestoreOutcome:
    """What a restore did, in the words a person reads afterwards."""

    backup: Path
    taken: dt.datetime
    revision: str
    kept_aside: Path | None
    """The database that was in use, kept under a new name (None: there was none)."""
    new_site: str | None
    """The sync site this laptop continues under (None: it does not exchange bundles)."""
    key_file: Path | None = None
    """The laptop's key file, put back from the backup because it was missing."""
    migrated: bool = False

    def summary(self) -> str:
        """What was done, in one or two sentences."""
        when = describe_time(self.taken)
        done = f"Restored the backup taken {when}."
        if self.kept_aside is not None:
            done += f" The database that was in use is kept as {self.kept_aside}."
        if self.key_file is not None:
            done += f" This laptop's key file was put back from the backup ({self.key_file})."
        return done

    def next_steps(self) -> str:
        """What happens next (one or two sentences)."""
        if self.new_site is None:
            return (
                "Changes made since the backup was taken are not in the restored copy; "
                "enter again anything you need from them."
            )
        return (
            "Changes made on other laptops since the backup come back with their next "
            "bundles, but changes made on this laptop since then that were not exported "
            "are lost. Export a bundle for each laptop you exchange with soon, so they "
            "send this laptop what it no longer has."
        )


def describe_time(moment: dt.datetime) -> str:
    """"on Monday 7 December 2026 at 2.02 pm": when a backup was taken, in the County's
    words whatever the desktop's language (core/dates.py)."""
    from sen_desktop.core import dates

    return f"on {dates.long_date(moment.date())} at {dates.time_text(moment.time())}"


def backups_of(data_folder: Path) -> tuple[Path, list[BackupInfo]]:
    """The data folder's backups folder and the backups of its database in it, newest
    first; reads only (creates neither folder: listing an empty place changes nothing)."""
    from sen_desktop.core.programme.laptop_settings import backups_dir
    from sen_desktop.core.store.backups import list_backups
    from sen_desktop.core.store.datafolder import DATABASE_NAME

    folder = Path(data_folder).absolute()
    backups = backups_dir(folder)
    return backups, list_backups(folder / DATABASE_NAME, backups)


def restore(
    data_folder: Path,
    backup: BackupInfo | Path,
    progress: Progress = NO_PROGRESS,
    *,
    fence: Callable[[Database], str | None],
) -> RestoreOutcome:
    """Restore the database of ``data_folder`` from ``backup`` (see the module docstring).

    ``backup`` is one of ``list_backups``' entries or a path to a backup file (one copied
    from elsewhere). ``fence`` moves the restored copy's laptop to a new sync site and
    returns it. StoreError (one sentence, nothing changed) if the folder is in
    use, the backup cannot be read, is damaged, is not ours or is newer than this version;
    ``Cancelled`` (nothing changed) if ``progress`` is cancelled before the swap.
    """
    from sen_desktop.core.store.datafolder import DataFolder

    folder = DataFolder(Path(data_folder))
    folder.lock()
    try:
        return _restore_locked(folder.database_path, folder.backups_dir, backup, progress,
                               fence)
    finally:
        folder.unlock()


def _restore_locked(
    database: Path,
    backups_dir: Path,
    backup: BackupInfo | Path,
    progress: Progress,
    fence: Callable[[Database], str | None],
) -> RestoreOutcome:
    path, taken = _chosen(backup)
    scratch = database.with_name(database.name + SCRATCH_SUFFIX)
    _remove_scratch(scratch)  # a killed restore's leftover
    try:
        revision = _expand_and_check(path, scratch, progress)
        progress.check()  # the last point where stopping changes nothing
    except BaseException:
        _remove_scratch(scratch)
        raise
    steps = _Reports(progress)
    steps.step(0, 0, "Putting the restored copy in place")
    _checkpoint(database)
    aside = _aside_name(database)
    kept = _swap(scratch, database, aside)
    _log.info("restored %s over %s; the database that was in use is kept as %s",
              path.name, database, kept)
    from sen_desktop.core.store.database import SCHEMA_REVISION, open_database

    steps.step(0, 0, "Opening the restored copy")
    db = open_database(database, backups_dir=backups_dir, daily_backup=False, progress=steps)
    try:
        steps.step(0, 0, "Moving this laptop to a new sync site")
        new_site = fence(db)
    finally:
        db.close()
    key_file = _put_back_key_file(path, taken, database.parent)
    return RestoreOutcome(
        backup=path,
        taken=taken,
        revision=revision,
        kept_aside=kept,
        new_site=new_site,
        key_file=key_file,
        migrated=revision != SCHEMA_REVISION,
    )


def _chosen(backup: BackupInfo | Path) -> tuple[Path, dt.datetime]:
    """The backup's file and when it was taken; StoreError if there is no such file."""
    if isinstance(backup, Path | str):
        path = Path(backup).absolute()
        try:
            stat = path.stat()
        except FileNotFoundError:
            raise StoreError(
                f"There is no backup at {path}; list the backups with "
                "`sen-desktop restore` and choose one of them."
            ) from None
        except OSError as exc:
            raise StoreError(f"The backup {path} cannot be read ({exc.strerror}).") from exc
        if not path.is_file():
            raise StoreError(f"{path} is a folder, not a backup file.")
        return path, dt.datetime.fromtimestamp(stat.st_mtime).astimezone()
    if not backup.path.is_file():
        raise StoreError(
            f"The backup {backup.path} is no longer there; list the backups again."
        )
    return backup.path, backup.taken


def _expand_and_check(path: Path, scratch: Path, progress: Progress) -> str:
    """Expand the backup at ``path`` into ``scratch`` and check it; its schema revision."""
    from sen_desktop.core.store.backups import Damaged, expand_backup

    damaged = StoreError(
        f"The backup {path.name} is damaged, so nothing was restored; choose an older one."
    )
    progress.step(0, 0, "Reading the backup")
    try:
        # Expanded (or copied), then every page checked (PRAGMA quick_check): Damaged
        # if the compressed frame or the SQLite file does not hold together.
        expand_backup(path, scratch, progress)
        return _revision(scratch, path)
    except Damaged as exc:
        _log.warning("the backup %s is damaged: %s", path, exc)
        raise damaged from exc
    except sqlite3.DatabaseError as exc:
        _log.warning("the backup %s cannot be read as a database: %s", path, exc)
        raise damaged from exc
    except OSError as exc:
        raise StoreError(
            f"The backup {path.name} could not be expanded into {scratch.parent} "
            f"({exc.strerror or exc}); free some space there and try again."
        ) from exc


def _revision(scratch: Path, path: Path) -> str:
    """The schema revision of the expanded (and checked) copy; StoreError if it is not
    a database of ours, or one newer than this version.

    The copy is made a self-contained file first (rollback journal, as backups are
    written): a plain copy of a database in WAL mode would otherwise leave a -wal and
    -shm of the scratch name behind (the store switches it back to WAL when it opens).
    """
    from sen_desktop.core.store.database import SCHEMA_REVISION

    for suffix in ("-wal", "-shm"):  # left by a check of such a copy under its .partial name
        scratch.with_name(f"{scratch.name}{PARTIAL_SUFFIX}{suffix}").unlink(missing_ok=True)
    connection = sqlite3.connect(scratch, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = DELETE")
        found = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" not in str(exc):
            raise
        found = []  # someone else's SQLite file
    finally:
        connection.close()
    if len(found) != 1 or not isinstance(found[0][0], str):
        raise StoreError(
            f"The file {path.name} is not a backup of a SEN Secretariat database; "
            "nothing was restored."
        )
    revision: str = found[0][0]
    if not _known(revision, SCHEMA_REVISION):
        raise StoreError(
            f"The backup {path.name} was made by a newer version of SEN Secretariat "
            f"(schema {revision}); install that version to restore it."
        )
    return revision


def _known(revision: str, head: str) -> bool:
    """A revision this version can open: the head or an older one (revisions are
    zero-padded numbers, ``0001`` … the head)."""
    return revision.isdigit() and len(revision) == len(head) and revision <= head


def _aside_name(database: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M%S")
    aside = database.with_name(f"{database.name}{ASIDE_MARK}{stamp}")
    n = 2
    while any(aside.with_name(aside.name + s).exists() for s in ("", *_KEPT_SIDECARS)):
        aside = database.with_name(f"{database.name}{ASIDE_MARK}{stamp}-{n}")
        n += 1
    return aside


def _checkpoint(database: Path) -> None:
    """Fold the database's -wal into the file, if it will: then the file alone is the
    whole database, and a kill between moving its sidecars aside and renaming the
    restored copy in leaves no older state at its name. A damaged file may refuse; its
    -wal then goes aside with it (``_swap``), which is safe as well."""
    if not database.with_name(database.name + "-wal").exists():
        return
    try:
        connection = sqlite3.connect(database, isolation_level=None, timeout=1)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        _log.warning("the database's -wal could not be folded in before the restore: %s",
                     type(exc).__name__)


def _swap(scratch: Path, database: Path, aside: Path) -> Path | None:
    """Keep the database in use (and its -wal/-journal) as ``aside``, drop its -shm, and
    rename ``scratch`` into its place; the kept copy, or None if there was none.

    Undone if the rename fails, so the database in use is as it was."""
    had_database = database.exists()
    moved: list[tuple[Path, Path]] = []
    try:
        if had_database:
            try:
                os.link(database, aside)
            except OSError:  # no hard links here (a FAT-formatted stick): a whole copy
                _copy_whole(database, aside)
        for suffix in _KEPT_SIDECARS:
            side = database.with_name(database.name + suffix)
            if side.exists():
                os.replace(side, aside.with_name(aside.name + suffix))
                moved.append((side, aside.with_name(aside.name + suffix)))
        os.replace(scratch, database)
    except OSError as exc:
        for source, target in reversed(moved):
            with contextlib.suppress(OSError):
                os.replace(target, source)
        if had_database:
            with contextlib.suppress(OSError):
                aside.unlink()
        raise StoreError(
            f"The restored copy could not be put in place of {database} ({exc.strerror}); "
            "the database in use was left as it was."
        ) from exc
    # Only now: an -shm describes the -wal it sat beside, and both belonged to the old file.
    database.with_name(database.name + "-shm").unlink(missing_ok=True)
    _sync_folder(database.parent)
    return aside if had_database else None


def _copy_whole(database: Path, aside: Path) -> None:
    """``aside``: a copy of the database file, written under a hidden temporary name
    (start-up's clean-up removes it if a kill stops the copy), fsynced and renamed."""
    temporary = aside.with_name(f".{aside.name}.tmp")
    try:
        shutil.copyfile(database, temporary)
        with temporary.open("rb+") as file:
            os.fsync(file.fileno())
        os.replace(temporary, aside)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def undo_unfinished_swap(data_dir: Path) -> list[Path]:
    """Undo a restore killed inside its swap (call with the folder's lock held; start-up's
    clean-up, ``core/store/litter.py``, does).

    The database in use gets its ``before-restore`` name as a hard link before the
    restored copy is renamed over its own name; a kill in between leaves that second
    name on the live database, claiming a kept copy when nothing was restored. Such a
    name (the same file as ``sen.sqlite3``) is dropped, and a -wal or -journal already
    moved to it goes back beside the database. Returns the names removed."""
    from sen_desktop.core.store.datafolder import DATABASE_NAME

    database = Path(data_dir) / DATABASE_NAME
    removed: list[Path] = []
    try:
        found = sorted(Path(data_dir).glob(f"{DATABASE_NAME}{ASIDE_MARK}*"))
    except OSError:
        return removed
    for aside in found:
        if aside.name.endswith(("-wal", "-shm", "-journal")):
            continue
        try:
            if not os.path.samefile(aside, database):
                continue  # a copy kept by a restore that finished: the person's to keep
            for suffix in _KEPT_SIDECARS:
                moved = aside.with_name(aside.name + suffix)
                home = database.with_name(database.name + suffix)
                if moved.exists() and not home.exists():
                    os.replace(moved, home)
            aside.unlink()
        except OSError:
            continue  # never stop a start over this
        _log.info("a restore stopped part-way left %s on the database in use; removed",
                  aside.name)
        removed.append(aside)
    return removed


def _put_back_key_file(backup: Path, taken: dt.datetime, data_dir: Path) -> Path | None:
    """The laptop's key file, put back from the copy kept beside the backups with this
    one, if the data folder has none (its keys are in that sealed file, not the keyring,
    and the file went with the disk); None when nothing was put back."""
    from sen_desktop.core.store.backup_files import KEY_FILE_NAME
    from sen_desktop.core.store.backups import key_copy_for

    target = data_dir / KEY_FILE_NAME
    if target.exists():
        return None
    kept = key_copy_for(taken, backup.parent)
    if kept is None:
        return None
    temporary = target.with_name(f".{target.name}{SCRATCH_SUFFIX}.tmp")  # litter.py knows it
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(kept.read_bytes())
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(data_dir)
    _log.info("the laptop's key file was put back from %s", kept.name)
    return target


def _remove_scratch(scratch: Path) -> None:
    """The scratch copy and its partial, with any SQLite files beside either."""
    for name in (scratch.name, scratch.name + PARTIAL_SUFFIX):
        for suffix in ("", "-wal", "-shm", "-journal"):
            scratch.with_name(name + suffix).unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """fsync the folder, so the renames survive a power cut (POSIX; a no-op elsewhere)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class _Reports(Progress):
    """Reports to ``outer`` but cannot be stopped: past the swap the restore finishes."""

    def __init__(self, outer: Progress) -> None:
        super().__init__()
        self._outer = outer

    def step(self, done: int, total: int, label: str = "") -> None:
        with contextlib.suppress(Cancelled):
            self._outer.step(done, total, label)

    def check(self) -> None:
        return None


__all__ = [
    "ASIDE_MARK",
    "SCRATCH_SUFFIX",
    "RestoreOutcome",
    "backups_of",
    "describe_time",
    "restore",
    "undo_unfinished_swap",
]
