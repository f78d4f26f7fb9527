"""Alembic migrations of the store, run by ``database.open_database``.

``script_location`` points at this folder; there is no alembic.ini at run time. A
developer adds a revision with ``python -m sen_desktop.core.store.migrations "message"``
(autogenerate against a scratch database at the current head).

The full-text search machinery (the FTS5 table ``search_index``, its shadow tables and
the ``search_text`` table it indexes) is created by raw SQL in the baseline and is not
part of ``models.py``; ``include_name`` hides it from autogenerate and compare_metadata.
This module imports nothing heavy: ``database.py`` reads ``SEARCH_TABLES`` and
``SCHEMA_REVISION`` from here, and the window's first read the revision too.
"""

from __future__ import annotations

from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parent

SCHEMA_REVISION = "0010"
"""The Alembic head this program writes; a test keeps it equal to the migrations' head
(``database.py`` re-exports it; a new migration bumps it here)."""

# The FTS5 table and the plain table of documents it indexes (external content).
SEARCH_TABLES = frozenset({"search_index", "search_text"})
# FTS5 creates shadow tables named "<table>_data", "<table>_idx", "<table>_docsize" …
_FTS_SHADOW_PREFIX = "search_index_"


def is_search_table(name: str | None) -> bool:
    return name is not None and (name in SEARCH_TABLES or name.startswith(_FTS_SHADOW_PREFIX))


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic ``include_name`` hook: leave the search tables out of schema comparison."""
    return not (type_ == "table" and is_search_table(name))
