"""The check at open: is the file at ``path`` a sound SEN Secretariat store, and at which
schema revision? Read-only: nothing is written, nor switched to WAL, before it passes.

Split from ``core/store/database.py`` (its module docstring says what is checked and
when; modules stay under about 500 lines). ``inspect_file`` refuses with a ``StoreError``
a folder, an empty file, a file that is not SQLite or not ours, a truncated or damaged
one, and words a lock or a read-only place as ``core/store/failures.py`` does.
"""

from __future__ import annotations

import os
import re
import sqlite3
from typing import TYPE_CHECKING

from sen_desktop.core.errors import StoreError
from sen_desktop.core.store.backups import Damaged, damaged_error, read_only, sidecars_exist
from sen_desktop.core.store.failures import store_failure

if TYPE_CHECKING:
    from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"

_HEADER_BYTES = 100
_WITHOUT_ROWID = re.compile(r"\bWITHOUT\s+ROWID\b", re.IGNORECASE)


def inspect_file(path: Path, backups: Path, *, small: int) -> tuple[str, bool]:
    """The schema revision of the file at ``path``, once it is known to be a sound store.

    Also says whether every page was checked: a file of up to ``small`` bytes always is;
    a bigger one gets a bounded check unless a crash left a -wal or -journal beside it or
    its header cannot vouch for its length (``core/store/database.py``'s docstring).
    """
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a SEN Secretariat database file.")
    try:
        with path.open("rb") as file:
            header = file.read(_HEADER_BYTES)
            size = os.fstat(file.fileno()).st_size
    except OSError as exc:
        raise StoreError(f"The database {path} cannot be read ({exc.strerror}).") from exc
    if not header:
        raise StoreError(
            f"The file {path} is empty, so it is not a SEN Secretariat database; "
            "move it aside or choose another data folder."
        )
    if header[: len(SQLITE_HEADER)] != SQLITE_HEADER:
        raise StoreError(
            f"The file {path} is not a SEN Secretariat database (it is not an SQLite file); "
            "move it aside or choose another data folder."
        )
    damaged = damaged_error(path, backups)
    # With a -wal or -journal beside it the file alone is not the database, and its
    # length proves nothing: such a file (left by a crash) always gets the full check.
    sidecars = sidecars_exist(path)
    try:
        layout = None if sidecars else _layout(header, size)
    except Damaged as exc:
        raise damaged from exc
    bounded = layout if layout is not None and size > small else None
    try:
        with read_only(path, at_open=True) as connection:
            if bounded is None:
                if connection.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
                    raise damaged
            else:
                _bounded_check(connection, path, *bounded)
            try:
                rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
            except sqlite3.OperationalError as exc:
                if "no such table" not in str(exc):
                    raise
                rows = []  # someone else's SQLite file
    except Damaged as exc:
        raise damaged from exc
    except sqlite3.OperationalError as exc:
        failure = store_failure(exc, path=path)
        if failure is not None:
            raise failure from None
        raise damaged from exc
    except sqlite3.DatabaseError as exc:
        raise damaged from exc
    if len(rows) != 1 or not isinstance(rows[0][0], str):
        raise StoreError(
            f"The file {path} is an SQLite database but not a SEN Secretariat one; "
            "move it aside or choose another data folder."
        )
    return rows[0][0], bounded is None


def _layout(header: bytes, size: int) -> tuple[int, int] | None:
    """(page size, page count) when the header vouches for a file of exactly ``size``.

    Damaged if the file is shorter than its header says (truncated) or the header is
    impossible; None when the header cannot vouch for the length (an old writer left
    its page count stale, or the file runs on past its last page), which SQLite allows.
    """
    if len(header) < _HEADER_BYTES:
        raise Damaged("the file is shorter than an SQLite header")
    page_size = int.from_bytes(header[16:18], "big")
    if page_size == 1:
        page_size = 65536
    if page_size < 512 or page_size > 65536 or page_size & (page_size - 1):
        raise Damaged(f"impossible page size {page_size}")
    page_count = int.from_bytes(header[28:32], "big")
    # The count is valid only if the change counter matches "version valid for".
    if page_count == 0 or header[24:28] != header[92:96]:
        return None
    if page_count * page_size > size:
        raise Damaged(f"{page_count} pages of {page_size} bytes but the file has {size}")
    if page_count * page_size < size:
        return None
    return page_size, page_count


def _bounded_check(
    connection: sqlite3.Connection, path: Path, page_size: int, page_count: int
) -> None:
    """A check whose cost does not grow with the file: schema, roots and end rows.

    Reads the whole schema; looks at every table's and index's root page (it must be
    a b-tree page of the right kind); and reads each table's first and last row, which
    walks the leftmost and rightmost paths down its b-tree, the pages a truncation or
    a torn append would hit. Damaged (or an sqlite3 error) if anything fails.
    """
    schema = connection.execute("SELECT type, name, rootpage, sql FROM sqlite_master").fetchall()
    with path.open("rb") as file:
        for kind, name, root, sql in schema:
            if kind not in ("table", "index") or not root:
                continue  # views, triggers, virtual tables (their shadow tables are here)
            if not isinstance(root, int) or not 1 < root <= page_count:
                raise Damaged(f"{name} starts at page {root} of {page_count}")
            rowid_table = kind == "table" and not _WITHOUT_ROWID.search(str(sql))
            file.seek((root - 1) * page_size)
            page_type = file.read(1)
            # 5 and 13: interior and leaf pages of a rowid table; 2 and 10: of an index.
            if page_type not in ((b"\x05", b"\x0d") if rowid_table else (b"\x02", b"\x0a")):
                raise Damaged(f"the root page {root} of {name} is not a b-tree page")
            if kind == "table":
                quoted = '"' + str(name).replace('"', '""') + '"'
                connection.execute(f"SELECT * FROM {quoted} LIMIT 1").fetchall()
                if rowid_table:
                    last = f"SELECT * FROM {quoted} ORDER BY rowid DESC LIMIT 1"
                    connection.execute(last).fetchall()


__all__ = ["SQLITE_HEADER", "inspect_file"]
