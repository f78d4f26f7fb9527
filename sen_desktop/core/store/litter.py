"""Removing the program's own temporary files that a crash or ``kill -9`` left behind.

Every file the program writes goes to a temporary name first and is renamed into place
(docs/contributing.md); a process killed in between leaves the temporary copy. At start,
``remove_litter(data_dir)`` runs with the data folder's lock held (``open_programme``
calls it right after taking the lock) and removes three kinds of leftovers:

- **In the data folder** (and its ``staging`` folder and backups folder): every process
  of ours that writes there holds the folder's lock, and we hold it now, so whoever wrote
  a temporary file there has ended. These names are removed whatever their age: the
  database built under ``sen.sqlite3.creating`` (and its ``-wal``/``-shm``/``-journal``),
  any hidden ``.NAME….tmp`` (this laptop's settings, the minutes' resume point, the key
  file, this list), a bundle being staged for import (``staging/.bundle-*``, possibly
  decrypted), a backup being written (``*.partial``, ``*.sqlite3.zst.plain`` and their
  sidecars in the backups folder) and a restore's scratch (``sen.sqlite3.restoring``,
  ``….restoring.partial`` and their sidecars).
- **In the folders papers and bundles were written to**: a paper is written as
  ``.~STEM.PID-HOST.XXXXXXXX.tmp``, a bundle's part as ``.NAME.senbundle.PID-HOST.part``
  and its payload as ``.NAME.senbundle.PID-HOST.XXXXXXXX.zip`` (``temporary_prefix`` and
  ``part_name``). Another copy of the program, with another data folder, may be writing
  into the same folder right now, so such a file is removed only when its owner is gone:
  its HOST tag is this computer's and no process with its PID is running. A file from
  another computer (a shared network folder) or a PID still running (perhaps reused by
  an unrelated program) is kept until it is a day old; no write takes a day. Names from
  versions before the tags (no PID-HOST) follow the day rule too.
- **In the system's temporary folder**: a committee pack is laid out by LibreOffice in a
  folder ``sen-pack-PID-HOST-XXXXXXXX`` (``pack_prefix``) holding a copy of the whole
  pack, confidential items included; a killed layout leaves it, and Windows never
  empties its temporary folder. Such a folder goes, with what is in it, on the owner
  rule above (``sen-pack-XXXXXXXX`` from before the tags: a day old).

The folders are remembered in ``written-folders.json`` in the data folder
(``remember_written_folder``, called before a paper or bundle is written, so a kill in
the write is already covered): at most ``MAX_WRITTEN_FOLDERS``, most recent first,
written to a temporary name and renamed. Only files are removed (folders only as a pack's
scratch folder above), and only names matching the patterns above: a file that is not
ours is never touched. ``find_litter`` lists what matches in the data folder and the
folders written to (whoever owns it) for tests to assert "nothing left"; the system's
temporary folder, shared by every program, is not in it.

Nothing here raises for a file or folder that cannot be read or removed: clean-up must
never stop the program from starting. Standard library only. Cost at start: 0.06 ms for
a new data folder, 2.7 ms with 20 remembered folders of 200 files each.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import socket
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

WRITTEN_FOLDERS_NAME: Final = "written-folders.json"
MAX_WRITTEN_FOLDERS: Final = 20
STALE_SECONDS: Final = 24 * 60 * 60
"""A temporary file this old is litter whoever wrote it: no write takes a day."""

SCRATCH_ENDINGS: Final = (".creating", ".restoring", ".restoring.partial")
"""The database built (``store.database``) or restored (``store.restore``, through
``backups.expand_backup``'s ``.partial``) under ``sen.sqlite3`` + this, renamed into
place when complete."""
BACKUP_SCRATCH_ENDINGS: Final = (".partial", ".sqlite3.zst.plain")
"""A backup being written (``store.backups``): the compressed or key file copy under
NAME.partial, the uncompressed copy under NAME.sqlite3.zst.plain."""
SIDECARS: Final = ("-wal", "-shm", "-journal")
STAGING_NAME: Final = "staging"
BUNDLE_SUFFIX: Final = ".senbundle"

_log = logging.getLogger(__name__)
_lock = threading.Lock()  # one writer of written-folders.json per process

_TAG = r"(?P<pid>\d+)-(?P<host>[0-9a-f]{6})"
_RANDOM = r"[a-z0-9_]{8}"  # tempfile.mkstemp's eight characters
_OURS: Final = (  # (tagged, untagged from earlier versions)
    (
        re.compile(rf"\.~.+\.{_TAG}\.{_RANDOM}\.tmp", re.S),
        re.compile(rf"\.~.+\.{_RANDOM}\.tmp", re.S),
    ),
    (
        re.compile(rf"\..+\.senbundle\.{_TAG}\.part", re.S | re.I),
        re.compile(r"\..+\.senbundle\.part", re.S | re.I),
    ),
    (
        re.compile(rf"\..+\.senbundle\.{_TAG}\.{_RANDOM}\.zip", re.S | re.I),
        re.compile(rf"\..+\.senbundle\.{_RANDOM}\.zip", re.S | re.I),
    ),
)


_PACK: Final = re.compile(rf"sen-pack-(?:{_TAG}-)?{_RANDOM}")


# --- the names writers use ---------------------------------------------------------------


def host_tag() -> str:
    """Six hex digits standing for this computer (its network name, hashed)."""
    return hashlib.sha256(socket.gethostname().lower().encode()).hexdigest()[:6]


def owner_tag() -> str:
    """``PID-HOST``: which process on which computer wrote a temporary file."""
    return f"{os.getpid()}-{host_tag()}"


def temporary_prefix(target: Path) -> str:
    """The ``tempfile.mkstemp`` prefix of a paper written to ``target`` (suffix ``.tmp``)."""
    return f".~{Path(target).stem[:40]}.{owner_tag()}."


def pack_prefix() -> str:
    """The ``tempfile`` prefix of the folder a pack is laid out in."""
    return f"sen-pack-{owner_tag()}-"


def part_name(final: Path) -> str:
    """The name of a bundle's part being written beside ``final``."""
    return f".{Path(final).name}.{owner_tag()}.part"


def payload_prefix(final: Path) -> str:
    """The ``mkstemp`` prefix of a bundle part's payload beside ``final`` (suffix ``.zip``)."""
    return f".{Path(final).name}.{owner_tag()}."


# --- the folders written to --------------------------------------------------------------


def written_folders(data_dir: Path) -> list[Path]:
    """The folders papers or bundles were written to, most recent first."""
    try:
        raw = json.loads((Path(data_dir) / WRITTEN_FOLDERS_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(raw, list):
        return []
    found: list[Path] = []
    for item in raw:
        if isinstance(item, str) and os.path.isabs(item) and Path(item) not in found:
            found.append(Path(item))
    return found[:MAX_WRITTEN_FOLDERS]


def remember_written_folder(data_dir: Path | None, folder: Path) -> None:
    """Add ``folder`` to the data folder's list of folders written to (see the module
    notes); nothing when it is already the most recent or there is no data folder.
    A failure is logged, never raised: the paper or bundle is still written."""
    if data_dir is None:
        return
    folder = Path(os.path.abspath(folder))
    data_dir = Path(data_dir)
    with _lock:
        known = written_folders(data_dir)
        if known[:1] == [folder] or not folder.is_dir():
            return
        kept = [folder, *(f for f in known if f != folder)][:MAX_WRITTEN_FOLDERS]
        try:
            _write_list(data_dir / WRITTEN_FOLDERS_NAME, [str(f) for f in kept])
        except OSError as error:
            _log.warning("The folder %s could not be remembered for clean-up: %s", folder, error)


def _write_list(path: Path, folders: list[str]) -> None:
    temporary = path.with_name(f".{path.name}.{owner_tag()}.tmp")
    try:
        with temporary.open("w", encoding="utf-8") as out:
            json.dump(folders, out, ensure_ascii=False, indent=1)
            out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def database_folder(bind: object) -> Path | None:
    """The data folder of an engine or a sessionmaker bound to one (the folder its SQLite
    file is in); None for an in-memory database."""
    options = getattr(bind, "kw", None)  # a sessionmaker keeps its engine in kw["bind"]
    engine = options.get("bind") if isinstance(options, dict) else bind
    url = getattr(engine, "url", None)
    database = getattr(url, "database", None)
    if not isinstance(database, str) or not database or database == ":memory:":
        return None
    if database.startswith("file:"):  # a URI filename: file:/path?mode=ro
        database = database[len("file:") :].split("?", 1)[0]
    return Path(database).absolute().parent


# --- finding and removing ----------------------------------------------------------------


def find_litter(data_dir: Path, extra_folders: Iterable[Path] = ()) -> list[Path]:
    """Every file in the data folder and the folders written to (and ``extra_folders``)
    whose name is one of this program's temporary names, whoever wrote it."""
    data_dir = Path(data_dir)
    found = [path for path, _owned in _data_folder_scratch(data_dir)]
    for folder in _output_folders(data_dir, extra_folders):
        found.extend(path for path, _tagged in _output_scratch(folder))
    return sorted(set(found))


def remove_litter(data_dir: Path, *, now: float | None = None) -> list[Path]:
    """Remove the temporary files whose writer has ended (see the module notes); the
    files removed. Call it with the data folder's lock held."""
    data_dir = Path(data_dir)
    moment = time.time() if now is None else now
    # A restore killed inside its swap: the live database's second name goes first.
    from sen_desktop.core.store.restore import undo_unfinished_swap

    removed: list[Path] = undo_unfinished_swap(data_dir)
    for path, _owned in _data_folder_scratch(data_dir):
        if _remove(path):
            removed.append(path)
    for folder in _output_folders(data_dir, ()):
        for path, owner in _output_scratch(folder):
            if _owner_gone(path, owner, moment) and _remove(path):
                removed.append(path)
    for path, owner in _pack_scratch():
        if _owner_gone(path, owner, moment) and _remove_tree(path):
            removed.append(path)
    if removed:
        _log.info("Removed %d temporary files left by an earlier run", len(removed))
    return removed


def _pack_scratch() -> Iterator[tuple[Path, tuple[int, str] | None]]:
    """The folders packs were laid out in, in the system's temporary folder."""
    import tempfile

    for entry in _entries(Path(tempfile.gettempdir())):
        match = _PACK.fullmatch(entry.name)
        try:
            folder = match is not None and entry.is_dir(follow_symlinks=False)
        except OSError:
            folder = False
        if match is not None and folder:
            pid = match.group("pid")
            yield Path(entry.path), (int(pid), match.group("host")) if pid else None


def _remove_tree(path: Path) -> bool:
    import shutil

    failed: list[str] = []
    shutil.rmtree(path, onerror=lambda *_args: failed.append("x"))
    if failed:
        _log.info("A temporary folder %s could not be removed entirely", path.name)
    return not path.exists()


def _output_folders(data_dir: Path, extra: Iterable[Path]) -> list[Path]:
    folders = [data_dir, *written_folders(data_dir), *(Path(f) for f in extra)]
    unique: list[Path] = []
    for folder in folders:
        if folder not in unique:
            unique.append(folder)
    return unique


def _entries(folder: Path) -> Iterator[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            yield from list(entries)
    except OSError:
        return


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file(follow_symlinks=False)
    except OSError:
        return False


def _data_folder_scratch(data_dir: Path) -> Iterator[tuple[Path, bool]]:
    """The data folder's own scratch: owned by a process that held the lock."""
    from sen_desktop.core.store.datafolder import DATABASE_NAME

    scratch = {
        DATABASE_NAME + ending + tail for ending in SCRATCH_ENDINGS for tail in ("", *SIDECARS)
    }
    for entry in _entries(data_dir):
        name = entry.name
        if not _is_file(entry) or _output_pattern(name) is not None:
            continue
        if name in scratch or (name.startswith(".") and name.endswith(".tmp")):
            yield Path(entry.path), True
    for entry in _entries(data_dir / STAGING_NAME):
        if _is_file(entry) and entry.name.startswith(".bundle-"):
            yield Path(entry.path), True
    backups = _backups_dir(data_dir)
    if backups is not None:
        for entry in _entries(backups):
            name = entry.name
            scratch_name = any(
                name.endswith(ending + tail)
                for ending in BACKUP_SCRATCH_ENDINGS
                for tail in ("", *SIDECARS)
            )
            if scratch_name and _is_file(entry):
                yield Path(entry.path), True


def _backups_dir(data_dir: Path) -> Path | None:
    try:
        from sen_desktop.core.programme.laptop_settings import backups_dir

        return backups_dir(data_dir)
    except Exception:  # a damaged settings file must not stop the start
        return data_dir / "backups"


def _output_pattern(name: str) -> re.Match[str] | None:
    for tagged, untagged in _OURS:
        match = tagged.fullmatch(name) or untagged.fullmatch(name)
        if match is not None:
            return match
    return None


def _output_scratch(folder: Path) -> Iterator[tuple[Path, tuple[int, str] | None]]:
    """A paper's or a bundle's temporary files in ``folder`` with their owner (PID, HOST),
    None for a name from before the tags."""
    for entry in _entries(folder):
        if not entry.name.startswith(".") or not _is_file(entry):
            continue
        match = _output_pattern(entry.name)
        if match is None:
            continue
        groups = match.groupdict()
        owner = (int(groups["pid"]), groups["host"]) if groups.get("pid") else None
        yield Path(entry.path), owner


def _owner_gone(path: Path, owner: tuple[int, str] | None, now: float) -> bool:
    try:
        age = now - path.stat().st_mtime
    except OSError:
        return False
    if age >= STALE_SECONDS:
        return True
    if owner is None:
        return False
    pid, host = owner
    return host == host_tag() and pid != os.getpid() and not process_running(pid)


def _remove(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as error:  # open in another program (Windows), read-only folder…
        _log.info("A temporary file %s could not be removed: %s", path.name, error)
        return False
    return True


if sys.platform == "win32":

    def process_running(pid: int) -> bool:
        """True while a process with this id is running on this computer."""
        import ctypes
        from ctypes import wintypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.OpenProcess.restype = wintypes.HANDLE
        query_limited_information, still_active, access_denied = 0x1000, 259, 5
        handle = kernel32.OpenProcess(query_limited_information, False, pid)
        if not handle:
            # Denied means it exists and is someone else's; anything else, it is gone.
            return bool(ctypes.get_last_error() == access_denied)
        try:
            code = wintypes.DWORD()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == still_active
        finally:
            kernel32.CloseHandle(handle)

else:

    def process_running(pid: int) -> bool:
        """True while a process with this id is running on this computer."""
        if pid <= 0:
            return False
        try:
            os.kill(pid, 0)  # signal 0: only asks whether it exists
        except ProcessLookupError:
            return False
        except PermissionError:  # another user's process
            return True
        except OSError:
            return True
        return True


__all__ = [
    "MAX_WRITTEN_FOLDERS",
    "WRITTEN_FOLDERS_NAME",
    "database_folder",
    "find_litter",
    "host_tag",
    "owner_tag",
    "pack_prefix",
    "part_name",
    "payload_prefix",
    "process_running",
    "remember_written_folder",
    "remove_litter",
    "temporary_prefix",
    "written_folders",
]
