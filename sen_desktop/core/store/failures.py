"""SQLite and operating-system failures as one sentence a person can act on (issue 14).

``describe_failure(exc, path=...)`` reads an exception (a ``sqlite3`` error, one SQLAlchemy
wrapped, an ``OSError``, or any of them in its chain) and answers one sentence naming the
cause and what to do, or None when the exception is not the surroundings' doing (a bug,
a refusal). The causes:

- a read-only folder: SQLite cannot create the ``-wal``/``-shm`` files beside the database
  (or a file cannot be created there);
- a read-only file: the database (or another file) cannot be opened for writing;
- a full disk: ``ENOSPC``/``EDQUOT``, SQLite's ``SQLITE_FULL``;
- another program holding the database: ``SQLITE_BUSY``/``SQLITE_LOCKED`` once the busy
  timeout has run out (or at once, when a read would have to become a write);
- a damaged file: ``SQLITE_CORRUPT``/``SQLITE_NOTADB``;
- a failing disk: ``SQLITE_IOERR``/``EIO`` with space to spare (a removed USB stick, a
  dropped network share).

Which of folder or file is read-only is found by looking, not guessed from SQLite's words:
the file is opened for writing (and closed: nothing changes) and a scratch file is made in
the folder and removed at once. Sentences name paths and causes only: never SQL, bound
parameters or anything from the database (``failure_summary`` gives logs the error's
type and code, no more). ``store_failure`` wraps the sentence as a
``core.errors.StoreFailure``, which the command line prints with exit 2 and the window
shows in a box. The engine raises it itself (``core/store/database.py`` ``store_engine``).

``ensure_free_space`` refuses a large write up front when the disk cannot hold it.

Standard library only, and the heavier parts of it (tempfile, traceback, shutil) inside
the functions that need them: the window's task runner imports this before its first paint.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from sen_desktop.core.errors import StoreFailure

READ_ONLY_FOLDER = "read-only folder"
READ_ONLY_FILE = "read-only file"
DISK_FULL = "disk full"
LOCKED = "locked"
DAMAGED = "damaged"
DISK_ERROR = "disk error"
REASONS = (READ_ONLY_FOLDER, READ_ONLY_FILE, DISK_FULL, LOCKED, DAMAGED, DISK_ERROR)

#: Room kept free beyond a large write's own estimate: the write-ahead log's checkpoint
#: and SQLite's temporary files need space of their own.
FREE_SPACE_RESERVE = 32 * 1024 * 1024

# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = (
    10, 11, 13, 14, 26,
)
_SQLITE_READONLY_DIRECTORY = _SQLITE_READONLY | (6 << 8)
_SQLITE_READONLY_CANTINIT = _SQLITE_READONLY | (5 << 8)
_SQLITE_READONLY_CANTLOCK = _SQLITE_READONLY | (2 << 8)

_NO_WRITE = {errno.EACCES, errno.EPERM, errno.EROFS}
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
#: Windows' ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION (an EACCES to Python).
_WINDOWS_IN_USE = {32, 33}
#: Below this much free space an I/O error is taken for a full disk.
_NEARLY_FULL = 1024 * 1024

_DATA_FOLDER_FILES = ("sen.sqlite3", "sen.lock")


def describe_failure(exc: BaseException, *, path: Path | None = None) -> str | None:
    """One sentence for an environment failure, or None if ``exc`` is not one.

    ``path`` is the file being worked on (the database, a paper being written) when the
    exception does not name it; an ``OSError``'s own file name wins.
    """
    failure = store_failure(exc, path=path)
    return failure.message if failure is not None else None


def store_failure(exc: BaseException, *, path: Path | None = None) -> StoreFailure | None:
    """``describe_failure``'s sentence as a ``StoreFailure`` (None if not a failure)."""
    for link in _chain(exc):
        if isinstance(link, StoreFailure):
            return link
        found = _from_sqlite(link, path) if _sqlite_code(link) is not None else None
        if found is None and _is_sqlite_error(link):
            found = _from_sqlite_words(link, path)
        if found is None and isinstance(link, OSError):
            found = _from_os(link, path)
        if found is not None:
            reason, subject = found
            return StoreFailure(_sentence(reason, subject), reason)
    return None


def failure_summary(exc: BaseException) -> str:
    """What a log may say about ``exc``: its type and SQLite code or errno, never its text
    (a database error's text holds SQL, an OSError's nothing worse than a path)."""
    parts = []
    for link in _chain(exc):
        name = type(link).__name__
        code = getattr(link, "sqlite_errorname", None)
        if isinstance(link, OSError) and link.errno is not None:
            code = errno.errorcode.get(link.errno, str(link.errno))
        parts.append(f"{name} {code}" if code else name)
    return " <- ".join(parts)


def safe_traceback(exc: BaseException) -> str:
    """A traceback for a log with no database error's text in it: the frames of every
    exception in the chain, each named by ``failure_summary``'s words. Other exceptions
    keep their message (the program's own, or a path)."""
    import traceback

    lines: list[str] = []
    for link in reversed(_chain(exc)):
        lines += traceback.format_tb(link.__traceback__)
        if _is_database_error(link):
            lines.append(f"{failure_summary(link).split(' <- ')[0]}\n")
        else:
            lines += traceback.format_exception_only(type(link), link)
    return "Traceback (most recent call last):\n" + "".join(lines)


# --- free space ---------------------------------------------------------------------------


def free_space(folder: Path) -> int:
    """Bytes free on the disk holding ``folder`` (or its nearest existing parent)."""
    import shutil

    probe = Path(folder).absolute()
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    return shutil.disk_usage(probe).free


def ensure_free_space(folder: Path, needed: int, *, reserve: int = FREE_SPACE_RESERVE) -> None:
    """StoreFailure (disk full) unless the disk holding ``folder`` has ``needed`` bytes free
    and ``reserve`` more; call before a large write (an import, demo data, a backup) so a
    full disk refuses it before anything is written, rather than part-way."""
    free = free_space(folder)
    if free >= needed + reserve:
        return
    raise StoreFailure(
        f"The disk holding {Path(folder).absolute()} has {_size(free)} free, but this needs "
        f"about {_size(needed + reserve)}, so nothing was changed; free some space on it "
        "(empty the Recycle Bin, move old files elsewhere) and try again.",
        DISK_FULL,
    )


def _size(n: int) -> str:
    if n >= 1024**3:
        return f"{n / 1024**3:.1f} GB"
    return f"{max(n, 0) / 1024**2:.0f} MB" if n >= 1024**2 else f"{max(n, 0) // 1024} KB"


# --- reading the exception ------------------------------------------------------------------


def _chain(exc: BaseException) -> list[BaseException]:
    """``exc``, the DBAPI error SQLAlchemy wraps (``orig``), and their causes and contexts."""
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        link = todo.pop(0)
        if link is None or any(link is s for s in seen):
            continue
        seen.append(link)
        orig = getattr(link, "orig", None)
        todo += [orig if isinstance(orig, BaseException) else None, link.__cause__,
                 link.__context__]
    return seen


def _sqlite_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code if isinstance(code, int) else None


def _is_sqlite_error(exc: BaseException) -> bool:
    return any(c.__module__ == "sqlite3" and c.__name__ == "Error" for c in type(exc).__mro__)


def _is_database_error(exc: BaseException) -> bool:
    return _is_sqlite_error(exc) or any(
        c.__module__ == "sqlalchemy.exc" and c.__name__ == "StatementError"
        for c in type(exc).__mro__
    )


def _from_sqlite(exc: BaseException, path: Path | None) -> tuple[str, Path | None] | None:
    code = _sqlite_code(exc)
    assert code is not None
    primary = code & 0xFF
    if primary == _SQLITE_FULL:
        return DISK_FULL, path
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return LOCKED, path
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return DAMAGED, path
    if primary in (_SQLITE_READONLY, _SQLITE_PERM, _SQLITE_CANTOPEN):
        looked = _read_only(path)
        if looked is not None:
            return looked
        if code in (_SQLITE_READONLY_DIRECTORY, _SQLITE_READONLY_CANTINIT,
                    _SQLITE_READONLY_CANTLOCK):
            return READ_ONLY_FOLDER, path
        # Both can be written: a read-only connection of ours writing is a bug, not the
        # surroundings. With no path to look at, SQLite's word is taken.
        return (READ_ONLY_FILE, path) if primary == _SQLITE_READONLY and path is None else None
    if primary == _SQLITE_IOERR:
        return _io_error(path)
    return None


def _from_sqlite_words(exc: BaseException, path: Path | None) -> tuple[str, Path | None] | None:
    """An sqlite3 error with no code (raised by hand, or by an old Python): its words."""
    text = str(exc).lower()
    if "disk is full" in text:
        return DISK_FULL, path
    if "locked" in text or "busy" in text:
        return LOCKED, path
    if "malformed" in text or "not a database" in text:
        return DAMAGED, path
    if "readonly" in text or "read-only" in text:
        return _read_only(path) or ((READ_ONLY_FILE, path) if path is None else None)
    return None


def _from_os(exc: OSError, path: Path | None) -> tuple[str, Path | None] | None:
    named = exc.filename if isinstance(exc.filename, str | os.PathLike) else None
    subject = Path(named) if named is not None else path
    if getattr(exc, "winerror", None) in _WINDOWS_IN_USE:
        return LOCKED, subject  # Windows: another program has the file open
    if exc.errno in _FULL:
        return DISK_FULL, subject
    if exc.errno in _NO_WRITE:
        return _read_only(subject)
    if exc.errno == errno.EIO:
        return _io_error(subject)
    return None


def _io_error(path: Path | None) -> tuple[str, Path | None]:
    if path is not None:
        try:
            if free_space(path.parent) < _NEARLY_FULL:
                return DISK_FULL, path
        except OSError:
            pass
    return DISK_ERROR, path


def _read_only(path: Path | None) -> tuple[str, Path] | None:
    """Which of ``path`` (a file) and its folder cannot be written, by trying; None if
    both can (or there is no path to look at)."""
    if path is None:
        return None
    folder = path if path.is_dir() else path.parent
    if not path.is_dir() and _file_writable(path) is False:
        return READ_ONLY_FILE, path
    if _folder_writable(folder) is False:
        return READ_ONLY_FOLDER, path
    return None


def _file_writable(path: Path) -> bool | None:
    """Opens ``path`` for writing and closes it (changing nothing); None if it is missing."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if getattr(exc, "winerror", None) in _WINDOWS_IN_USE:
            return None  # in use by another program, which is not read-only
        return False if exc.errno in _NO_WRITE else None
    os.close(fd)
    return True


def _folder_writable(folder: Path) -> bool | None:
    """Makes a scratch file in ``folder`` and removes it at once; None if the folder is
    missing or the answer is not about permission (a full disk)."""
    import tempfile

    try:
        fd, name = tempfile.mkstemp(prefix=".~sen-write-check-", suffix=".tmp", dir=folder)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return False if exc.errno in _NO_WRITE else None
    os.close(fd)
    # Another process's start-up clean-up may have taken it already (core/store/litter.py).
    Path(name).unlink(missing_ok=True)
    return True


def writable_or_failure(database: Path) -> StoreFailure | None:
    """A StoreFailure if the database's folder, or the database file (when it exists),
    cannot be written; None when both can. Creates and changes nothing that stays."""
    folder = database.parent
    if _folder_writable(folder) is False:
        return StoreFailure(_sentence(READ_ONLY_FOLDER, database), READ_ONLY_FOLDER)
    if _file_writable(database) is False:
        return StoreFailure(_sentence(READ_ONLY_FILE, database), READ_ONLY_FILE)
    return None


# --- the sentences --------------------------------------------------------------------------


def _sentence(reason: str, subject: Path | None) -> str:
    file = Path(subject).absolute() if subject is not None else None
    folder = None if file is None else file if file.is_dir() else file.parent
    data_folder = folder is not None and any((folder / n).exists() for n in _DATA_FOLDER_FILES)
    is_database = file is not None and file.suffix == ".sqlite3"
    database = f"the database {file}" if is_database else "the database"
    if reason == READ_ONLY_FOLDER:
        where = f"The data folder {folder}" if data_folder else f"The folder {folder}"
        return (
            f"{where} is read-only, so SEN Secretariat cannot save anything in it; make it "
            "writable, or copy it to a folder you can write to and use that, then try again."
        )
    if reason == READ_ONLY_FILE:
        what = f"The database file {file}" if is_database else f"The file {file}"
        return (
            f"{what} is read-only, so SEN Secretariat cannot save anything to it; make it "
            "writable (untick Read-only in its Properties, or chmod u+w) and try again."
        )
    if reason == DISK_FULL:
        disk = f"The disk holding {folder}" if folder is not None else "The disk"
        return (
            f"{disk} is full, so the change was not saved; free some space on it (empty the "
            "Recycle Bin, move old files elsewhere) and try again."
        )
    if reason == LOCKED and file is not None and not is_database and not file.is_dir():
        return (
            f"Another program has {file} open, so SEN Secretariat cannot write it; close it "
            "there (a paper open in Word, say) and try again."
        )
    if reason == LOCKED:
        return (
            f"Another program is using {database}, so SEN Secretariat cannot use it just now; "
            "close that program (a database viewer, or a backup or sync tool working on the "
            "folder) and try again."
        )
    if reason == DAMAGED:
        return (
            f"{database[:1].upper()}{database[1:]} is damaged, so it cannot be used safely; "
            "restore the latest backup (File > Restore from backup…, or sen-desktop restore)."
        )
    disk = f"The disk holding {folder}" if folder is not None else "The disk"
    return (
        f"{disk} could not be read or written (it may have been removed or be failing); "
        "check that it is connected and try again."
    )


__all__ = [
    "DAMAGED",
    "DISK_ERROR",
    "DISK_FULL",
    "FREE_SPACE_RESERVE",
    "LOCKED",
    "READ_ONLY_FILE",
    "READ_ONLY_FOLDER",
    "REASONS",
    "describe_failure",
    "ensure_free_space",
    "failure_summary",
    "free_space",
    "safe_traceback",
    "store_failure",
    "writable_or_failure",
]
