"""Backup files on disk: zstandard compression in, a checked SQLite file out, the free
space a backup needs, the key file.

A compressed backup is one zstandard frame (level ``ZSTD_LEVEL``, with the plain size in
its header and a checksum of the content at its end) of the SQLite file that SQLite's
backup API wrote. Every file here is written under a temporary name (``<name>.partial``),
fsynced, renamed into place and its folder fsynced; a failure, a Cancel or a close part
way removes the temporary file, so a backup is whole or absent.

``expand_backup`` turns a backup (compressed, or a plain copy an older version wrote)
back into a plain SQLite file and checks it holds together (the whole frame, its
checksum and length, then SQLite's ``PRAGMA quick_check``) before it is renamed into
place: ``Damaged`` otherwise, and nothing is left at the target.

The laptop's key file (``laptop-identity.age`` in the data folder, sealed with its
passphrase) is copied into the backups folder once per change, as
``laptop-identity-<YYYY-MM-DD-HHMMSS>.age`` (mode 0600); the newest ``KEY_COPIES_KEPT``
copies are kept. ``key_copy_for`` says which one goes with a backup.

Free space: a backup needs, at its peak, its plain intermediate (the database's size) and
the compressed copy (the newest compressed copy's size, or half the plain size for the
first) at once, plus 10 % and 16 MB; ``check_free_space`` refuses with ``NotEnoughSpace``
(a ``StoreError``: one sentence) before anything is written when the folder's disk has less.

zstandard is imported inside the functions that use it (start-up time).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sqlite3
from typing import TYPE_CHECKING, Final

from sen_desktop.core.errors import StoreError
from sen_desktop.core.progress import NO_PROGRESS, Progress

if TYPE_CHECKING:
    import threading
    from collections.abc import Callable
    from pathlib import Path

ZSTD_LEVEL: Final = 3
"""zstandard's default level: a 100 MB programme shrinks about 8x at disk speed."""
CHUNK_BYTES: Final = 1 << 20
"""Bytes read between looks at Cancel and reports of progress."""
COMPRESSED_SUFFIX: Final = ".zst"
PARTIAL_SUFFIX: Final = ".partial"

KEY_FILE_NAME: Final = "laptop-identity.age"
"""The sealed key file in the data folder, as sync/identity.py names it (a test holds
the two equal; the store may not import the sync layer)."""
KEY_COPY_PREFIX: Final = "laptop-identity-"
KEY_COPIES_KEPT: Final = 3

_SQLITE_HEADER: Final = b"SQLite format 3\x00"

_log = logging.getLogger(__name__)


class NotEnoughSpace(StoreError):
    """The backups folder has too little free space for a backup; nothing was written."""

    def __init__(self, message: str, needed: int, free: int) -> None:
        super().__init__(message)
        self.needed = needed
        self.free = free


def megabytes(size: int) -> str:
    """A size as a file manager shows it (1 MB = 1,000,000 bytes): "35 MB", "3.1 MB",
    "850 KB"."""
    if size >= 10_000_000:
        return f"{size / 1_000_000:,.0f} MB"
    if size >= 999_500:  # what would round to "1,000 KB"
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(size, 0) / 1000:,.0f} KB"


class Damaged(Exception):
    """The file's pages do not hold together (the reason, for the log, is the message)."""


class StoppedByClose(Exception):
    """``Database.close()`` stopped a backup part-way."""


def remove_with_sidecars(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` survive a power cut (POSIX; Windows has no such call)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _checker(
    progress: Progress, cancel: threading.Event | None, total: int, label: str
) -> Callable[[int], None]:
    def step(done: int) -> None:
        if cancel is not None and cancel.is_set():
            raise StoppedByClose
        progress.step(done, total, label)

    return step


def compress_file(
    plain: Path,
    target: Path,
    *,
    progress: Progress = NO_PROGRESS,
    cancel: threading.Event | None = None,
    label: str = "Compressing the backup",
) -> int:
    """Write ``plain`` compressed to ``target`` (temporary name, fsync, rename); its size."""
    import zstandard

    total = plain.stat().st_size
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    step = _checker(progress, cancel, total, label)
    compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL, write_checksum=True)
    try:
        with plain.open("rb") as source, partial.open("wb") as raw:
            # Not a `with`: on a Cancel its exit would end the frame short and raise.
            out = compressor.stream_writer(raw, size=total, closefd=False)
            done = 0
            while chunk := source.read(CHUNK_BYTES):
                out.write(chunk)
                done += len(chunk)
                step(done)
            out.flush(zstandard.FLUSH_FRAME)  # ends the frame; raw stays open
            raw.flush()
            os.fsync(raw.fileno())
        progress.check()  # the last safe point: nothing is in place yet
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    fsync_folder(target.parent)
    return target.stat().st_size


def is_compressed(backup: Path) -> bool:
    return backup.name.endswith(COMPRESSED_SUFFIX)


def expand_backup(backup: Path, target: Path, progress: Progress = NO_PROGRESS) -> Path:
    """Write the plain SQLite file of ``backup`` at ``target``, checked, and return it.

    Compressed backups are expanded, plain copies (older versions') copied. ``Damaged``
    if the frame is cut short or fails its checksum, or the SQLite file does not hold
    together; ``Cancelled`` if ``progress`` is cancelled; either way, and on any error,
    nothing is left at ``target`` (an existing file there is replaced only on success).
    """
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    remove_with_sidecars(partial)
    try:
        with backup.open("rb") as source, partial.open("wb") as out:
            total = os.fstat(source.fileno()).st_size
            step = _checker(progress, None, total, "Reading the backup")
            if is_compressed(backup):
                _expand(source.read, out.write, step)
            else:
                while chunk := source.read(CHUNK_BYTES):
                    out.write(chunk)
                    step(source.tell())
            out.flush()
            os.fsync(out.fileno())
        _self_contained(partial)
        check_sqlite_file(partial, progress)
        progress.check()
        os.replace(partial, target)
    except BaseException:
        remove_with_sidecars(partial)
        raise
    fsync_folder(target.parent)
    return target


def _expand(
    read: Callable[[int], bytes], write: Callable[[bytes], object], step: Callable[[int], None]
) -> None:
    import zstandard

    expander = zstandard.ZstdDecompressor().decompressobj()
    done = 0
    try:
        while chunk := read(CHUNK_BYTES):
            if expander.eof:
                raise Damaged("bytes after the end of the compressed copy")
            write(expander.decompress(chunk))
            done += len(chunk)
            step(done)
    except zstandard.ZstdError as exc:
        raise Damaged(f"the compressed copy does not read back: {exc}") from exc
    if not expander.eof:
        raise Damaged("the compressed copy is cut short")


def _self_contained(path: Path) -> None:
    """A plain copy left in WAL mode (a raw copy of a live file) turned to a rollback
    journal, so that checking or opening it makes no -wal/-shm beside it."""
    with path.open("rb") as file:
        header = file.read(20)
    if len(header) < 20 or header[:16] != _SQLITE_HEADER or header[18] != 2:  # 2: WAL
        return
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.DatabaseError as exc:
        raise Damaged(str(exc)) from exc
    finally:
        connection.close()


def check_sqlite_file(path: Path, progress: Progress = NO_PROGRESS) -> None:
    """``Damaged`` unless ``path`` is a whole SQLite file whose every page checks out."""
    with path.open("rb") as file:
        if file.read(len(_SQLITE_HEADER)) != _SQLITE_HEADER:
            raise Damaged("not an SQLite file")
    progress.step(0, 0, "Checking the backup")
    uri = path.resolve().as_uri() + "?mode=ro"
    connection = sqlite3.connect(uri, uri=True, isolation_level=None)
    connection.set_progress_handler(lambda: int(progress.cancelled), 100_000)
    try:
        rows = connection.execute("PRAGMA quick_check").fetchall()
    except sqlite3.OperationalError:
        progress.check()  # Cancelled, if that is why SQLite stopped
        raise
    except sqlite3.DatabaseError as exc:
        raise Damaged(str(exc)) from exc
    finally:
        connection.close()
    if rows != [("ok",)]:
        raise Damaged("; ".join(str(row[0]) for row in rows[:5]))


# --- free space --------------------------------------------------------------------------

FREE_SPACE_MARGIN: Final = 1.1
FREE_SPACE_SPARE_BYTES: Final = 16 * 1024 * 1024
"""Kept free beyond a backup's expected size: the disk is never filled to the last byte."""


def space_needed(database: Path, compressed: int | None) -> int:
    """Bytes a backup of ``database`` needs at its peak: the plain intermediate and the
    compressed copy together (``compressed``: the newest compressed copy's size, or None
    for half the plain size when there is none yet), with a margin."""
    plain = sum(
        p.stat().st_size for p in (database, database.with_name(database.name + "-wal"))
        if p.exists()
    )
    guess = compressed if compressed is not None else plain // 2
    return int((plain + guess) * FREE_SPACE_MARGIN) + FREE_SPACE_SPARE_BYTES


def check_free_space(database: Path, backups_dir: Path, compressed: int | None) -> None:
    """``NotEnoughSpace`` (and a line in the log) when ``backups_dir`` cannot take a backup;
    ``compressed`` as for ``space_needed``."""
    import shutil

    existing = backups_dir
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    needed = space_needed(database, compressed)
    free = shutil.disk_usage(existing).free
    if free >= needed:
        return
    _log.warning(
        "No backup of %s attempted: %s free in %s, about %s needed",
        database, megabytes(free), backups_dir, megabytes(needed),
    )
    raise NotEnoughSpace(
        f"There is not enough free space in {backups_dir} for a backup of "
        f"{database.name} (about {megabytes(needed)} needed, {megabytes(free)} free); free "
        "some space there or choose another backup folder in Settings, then try again.",
        needed, free,
    )


# --- the key file ----------------------------------------------------------------------


def key_copies(backups_dir: Path) -> list[Path]:
    """The copies of the laptop's key file in ``backups_dir``, newest first."""
    if not backups_dir.is_dir():
        return []
    found = [p for p in backups_dir.glob(f"{KEY_COPY_PREFIX}*.age") if p.is_file()]
    return sorted(found, key=lambda p: (p.stat().st_mtime, p.name), reverse=True)


def key_copy_for(taken: dt.datetime, backups_dir: Path) -> Path | None:
    """The key file to put back with a backup taken at ``taken``: the newest copy made
    at or before it, else the oldest copy (the laptop had no key file copied yet then);
    None when the folder holds none (the keys are in the keyring, or never were copied)."""
    copies = key_copies(backups_dir)
    moment = taken.timestamp()
    earlier = [p for p in copies if p.stat().st_mtime <= moment]
    if earlier:
        return earlier[0]
    return copies[-1] if copies else None


def copy_key_file(data_dir: Path, backups_dir: Path) -> Path | None:
    """Copy the data folder's key file into ``backups_dir`` if it changed since the newest
    copy there; that copy (new or not), or None when the laptop has no key file."""
    source = data_dir / KEY_FILE_NAME
    try:
        sealed = source.read_bytes()
    except FileNotFoundError:
        return None
    copies = key_copies(backups_dir)
    if copies and copies[0].read_bytes() == sealed:
        return copies[0]
    taken = dt.datetime.now()
    target = backups_dir / f"{KEY_COPY_PREFIX}{taken:%Y-%m-%d-%H%M%S}.age"
    while target.exists():  # two changes in one second: the next second's name
        taken += dt.timedelta(seconds=1)
        target = backups_dir / f"{KEY_COPY_PREFIX}{taken:%Y-%m-%d-%H%M%S}.age"
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(sealed)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    fsync_folder(backups_dir)
    for old in key_copies(backups_dir)[KEY_COPIES_KEPT:]:
        old.unlink(missing_ok=True)
    return target


__all__ = [
    "CHUNK_BYTES",
    "KEY_COPIES_KEPT",
    "KEY_FILE_NAME",
    "NotEnoughSpace",
    "ZSTD_LEVEL",
    "Damaged",
    "StoppedByClose",
    "check_free_space",
    "check_sqlite_file",
    "compress_file",
    "copy_key_file",
    "expand_backup",
    "fsync_folder",
    "is_compressed",
    "key_copies",
    "key_copy_for",
    "megabytes",
    "remove_with_sidecars",
    "space_needed",
]
