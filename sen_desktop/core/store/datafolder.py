"""The data folder: where the database, its backups and the one-writer lock live.

The folder comes from platformdirs (``default_data_dir``) unless ``--data-dir`` names
another. Only one SEN Secretariat may use a folder at a time: ``DataFolder.lock`` takes
an operating-system lock on ``sen.lock`` (``fcntl.flock`` on POSIX, ``msvcrt.locking``
on Windows). The OS drops such a lock when its process ends, however it ends, so a
crash or ``kill -9`` never leaves a stale lock that refuses the next start. The lock
lives on a raw file descriptor, not a file object, so it is not released when a
``DataFolder`` happens to be garbage-collected: only ``unlock()`` or exit releases it.

This module imports platformdirs only; the store is imported inside ``open_programme``
so that ``--help`` and the default folder cost nothing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sen_desktop.core.errors import StoreError
from sen_desktop.core.progress import NO_PROGRESS, Progress

if TYPE_CHECKING:
    from sen_desktop.core.store.database import Database

APP_NAME = "SEN Secretariat"
DATABASE_NAME = "sen.sqlite3"
BACKUPS_NAME = "backups"
LOCK_NAME = "sen.lock"


def default_data_dir() -> Path:
    """This user's data folder for the program (not yet created)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


class DataFolder:
    """A data folder, created if missing."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path).absolute()
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            _raise_failure(exc, self.path)
            raise StoreError(
                f"The data folder {self.path} cannot be created ({exc.strerror}); "
                "choose another folder with --data-dir."
            ) from exc
        self._lock_fd: int | None = None

    @property
    def database_path(self) -> Path:
        return self.path / DATABASE_NAME

    @property
    def backups_dir(self) -> Path:
        # Edit > Settings may send this laptop's backups elsewhere
        # (core/programme/laptop_settings.py).
        from sen_desktop.core.programme.laptop_settings import backups_dir

        return backups_dir(self.path)

    @property
    def lock_path(self) -> Path:
        return self.path / LOCK_NAME

    @property
    def locked(self) -> bool:
        """True while this object holds the folder's lock."""
        return self._lock_fd is not None

    def lock(self) -> None:
        """Take the folder for this process; StoreError if another already has it."""
        if self._lock_fd is not None:
            return
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            _raise_failure(exc, self.lock_path)
            raise StoreError(
                f"The data folder {self.path} cannot be used ({exc.strerror}); "
                "choose another folder with --data-dir."
            ) from exc
        try:
            _lock_fd(fd)
        except OSError as exc:
            os.close(fd)
            raise in_use_error(self.path) from exc
        self._lock_fd = fd
        # Who holds it, for a person looking at the folder; the lock is the OS's, not this.
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"{os.getpid()}\n".encode())

    def unlock(self) -> None:
        """Release the lock if this object holds it (the lock file stays)."""
        fd, self._lock_fd = self._lock_fd, None
        if fd is None:
            return
        try:
            _unlock_fd(fd)
        finally:
            os.close(fd)


def _raise_failure(exc: OSError, path: Path) -> None:
    """A read-only folder or a full disk in one sentence (core/store/failures.py)."""
    from sen_desktop.core.store.failures import store_failure

    failure = store_failure(exc, path=path)
    if failure is not None:
        raise failure from None


def in_use_error(path: Path) -> StoreError:
    return StoreError(
        f"Another copy of SEN Secretariat is already using the data folder "
        f"{path}. Close it first, or choose another folder with --data-dir."
    )


def folder_in_use(path: Path) -> bool:
    """True while another process holds the lock of the data folder at ``path``.

    Only looks: creates nothing (a folder with no lock file is not in use) and changes
    nothing (the lock, if this could take it, is let go at once).
    """
    try:
        fd = os.open(Path(path) / LOCK_NAME, os.O_RDWR)
    except OSError:
        return False
    try:
        _lock_fd(fd)
    except OSError:
        return True
    else:
        _unlock_fd(fd)
        return False
    finally:
        os.close(fd)


if sys.platform == "win32":
    import msvcrt

    def _lock_fd(fd: int) -> None:
        # Lock the first byte, without waiting; raises OSError when another holds it.
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock_fd(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock_fd(fd: int) -> None:
        # flock belongs to the open file description: a second open, even in this
        # same process, is refused too.
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock_fd(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def open_programme(
    path: Path | None = None,
    *,
    daily_backup: bool | None = None,
    progress: Progress = NO_PROGRESS,
) -> Database:
    """Lock the data folder, open its database and seed the County programme if empty.

    The lock is released when the returned database is closed (or if opening fails).
    ``daily_backup`` and ``progress`` are ``open_database``'s: by default a big
    database's daily backup is left for ``Database.start_daily_backup()`` once the
    window is up; ``progress`` hears of (and can stop) a creation, a migration or the
    daily backup at open.
    """
    from sqlalchemy import select

    from sen_desktop.core.store.database import open_database
    from sen_desktop.core.store.failures import writable_or_failure
    from sen_desktop.core.store.models import Group

    folder = DataFolder(path if path is not None else default_data_dir())
    # A read-only folder or database file is refused before the lock file is touched.
    unwritable = writable_or_failure(folder.database_path)
    if unwritable is not None:
        raise unwritable
    folder.lock()
    # Temporary files a killed run left, here and where it wrote papers and bundles
    # (core/store/litter.py; never raises, never touches a live process's file).
    from sen_desktop.core.store.litter import remove_litter

    remove_litter(folder.path)
    try:
        db = open_database(
            folder.database_path, backups_dir=folder.backups_dir, daily_backup=daily_backup,
            progress=progress,
        )
    except BaseException:
        folder.unlock()
        raise
    db.call_on_close(folder.unlock)
    try:
        with db.session_factory() as session:
            has_groups = session.scalar(select(Group.id).limit(1)) is not None
        if not has_groups:
            from sen_desktop.core.programme.seed import seed_programme

            seed_programme(db)
            # Into the file at once: a log holding committed pages can be emptied only
            # by copying them, which a disk filled later (demo data, a first import)
            # would refuse.
            db.checkpoint()
    except BaseException:
        db.close()
        raise
    return db


__all__ = ["DataFolder", "default_data_dir", "folder_in_use", "in_use_error", "open_programme"]
