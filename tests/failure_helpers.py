"""Honest bad surroundings for tests: read-only folders and files that refuse writes even
to root, a full disk, a database another program holds, and a person whose details
must never be printed.

Read-only is chmod, as a person (or a policy) sets it. Root ignores file modes through
its CAP_DAC_OVERRIDE capability, and CI may run the tests as root, so as root:
- in this process, ``refusing_writes()`` takes that capability out of the calling
  thread's effective set for the block (``capset``; the kernel then checks the modes
  as for anyone, including SQLite's own opens on this thread) and puts it back after;
- in a child, ``unprivileged()`` is its ``preexec_fn``: it drops the capability from
  the bounding set before ``exec``, so the child runs as root without it.
Not root, both do nothing: chmod alone is enough. Nothing here skips.

A full disk is SQLite's own ``SQLITE_FULL``: ``PRAGMA max_page_count`` caps the database
(``full_disk``), so SQLite refuses the page it cannot have as it would a disk with no
room; an ``ENOSPC`` from the operating system is injected where Python writes.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import sqlite3
import stat
import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from sqlalchemy import Engine

_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2
_OVERRIDES = (1 << _CAP_DAC_OVERRIDE) | (1 << _CAP_DAC_READ_SEARCH)
_CAPABILITY_V3 = 0x20080522
_PR_CAPBSET_DROP = 24

#: Someone whose details are in the test's database and must never reach stderr or a log.
PERSON = {
    "full_name": "Philippa Quartermaine-Oduya",
    "email": "philippa.quartermaine@example.org",
    "phone": "07700 900461",
}


def personal_details() -> list[str]:
    return list(PERSON.values())


def add_person(session_factory: Any) -> None:
    from sen_desktop.core.people.service import PeopleService

    PeopleService(session_factory).create(**PERSON)


def assert_no_personal_data(*texts: str) -> None:
    for text in texts:
        for detail in personal_details():
            assert detail not in text, f"{detail!r} was printed"
        assert "SELECT" not in text and "INSERT" not in text and "[parameters" not in text


class _Header(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _Data(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def _as_root() -> bool:
    return getattr(os, "geteuid", lambda: -1)() == 0  # Windows: no root, chmod suffices


def _libc() -> Any:
    return ctypes.CDLL(None, use_errno=True)


def _capabilities() -> tuple[_Header, Any]:
    header, data = _Header(_CAPABILITY_V3, 0), (_Data * 2)()
    if _libc().capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capget")
    return header, data


def _set_capabilities(header: _Header, data: Any) -> None:
    if _libc().capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset")


@contextmanager
def refusing_writes() -> Iterator[None]:
    """File modes bind this thread even as root, for the block (see the module's doc)."""
    if not _as_root():
        yield
        return
    header, data = _capabilities()
    before = data[0].effective
    data[0].effective = before & ~_OVERRIDES
    _set_capabilities(header, data)
    try:
        yield
    finally:
        header, data = _capabilities()
        data[0].effective = before
        _set_capabilities(header, data)


def unprivileged() -> None:
    """``preexec_fn`` for a child that must honour file modes even as root."""
    if not _as_root():
        return
    libc = _libc()
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@contextmanager
def read_only(*paths: Path) -> Iterator[None]:
    """chmod ``paths`` read-only (a folder keeps r-x) for the block, then back."""
    modes = {path: stat.S_IMODE(path.stat().st_mode) for path in paths}
    for path in paths:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        yield
    finally:
        for path, mode in modes.items():
            path.chmod(mode)


def folder_state(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` (not its backups) with a hash of its bytes: what "nothing
    changed" compares."""
    state = {}
    for path in sorted(folder.iterdir()):
        if path.is_file():
            state[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return state


def database_content(path: Path) -> list[tuple[Any, ...]]:
    """Every table's rows, read through SQLite (a WAL's committed pages included)."""
    uri = path.absolute().as_uri() + "?mode=ro"
    connection = sqlite3.connect(uri, uri=True)
    try:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return [(table, connection.execute(f'SELECT * FROM "{table}"').fetchall())
                for table in tables if not table.startswith("sqlite_")]
    finally:
        connection.close()


@contextmanager
def full_disk(engine: Engine, spare_pages: int = 2) -> Iterator[None]:
    """SQLite finds no room beyond ``spare_pages`` more pages on ``engine``'s connections,
    as on a full disk, while they are in use inside the block (each checkout caps its
    connection, each checkin lifts the cap); the pool is left as it was."""
    from sqlalchemy import event

    def cap(dbapi_connection: Any, *_args: Any) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + spare_pages}")

    def uncap(dbapi_connection: Any, *_args: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {_NO_CAP}")

    event.listen(engine, "checkout", cap)
    event.listen(engine, "checkin", uncap)
    try:
        yield
    finally:
        event.remove(engine, "checkout", cap)


_NO_CAP = 4294967294  # SQLite's largest page count


@contextmanager
def held_by_another_program(path: Path) -> Iterator[None]:
    """Another program holds the database's write lock (as a database viewer with an
    open change does) for the block: its own connection, on its own thread."""
    holding, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def hold() -> None:
        try:
            connection = sqlite3.connect(path, isolation_level=None)
            try:
                connection.execute("BEGIN IMMEDIATE")
                holding.set()
                release.wait(60)
                connection.execute("ROLLBACK")
            finally:
                connection.close()
        except BaseException as exc:  # surfaced by the test
            errors.append(exc)
            holding.set()

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    holding.wait(10)
    if errors:
        raise errors[0]
    try:
        yield
    finally:
        release.set()
        thread.join(10)
