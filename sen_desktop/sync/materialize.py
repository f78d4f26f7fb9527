"""The tables as the materialized view of the operation log (docs/architecture.md
"Sync-by-export"), for ``sync.merge``, ``sync.conflicts`` and ``sync.revoked``.

- ``load_history``: every operation held for some rows, by row and field;
- ``heads_of``: a field's heads, its operations no other names in ``prev``, newest first
  on (HLC, site, counter) -- the first is the value that shows (last writer wins);
- ``write_heads``: bring ``field_head`` up to date for the fields operations touched;
- ``materialize``: write each row's winning values, parents first; a row whose parent
  rows have not arrived, or whose creation is only partly here, is left waiting (the
  caller records it in ``sync_pending``).

Writes go as ``executemany`` of like statements: new rows as plain driver rows through
their columns' bind processors, updates through Core.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Column, Connection, Table, bindparam, select, update

from sen_desktop.core.store.log_values import decode_value
from sen_desktop.core.store.models import ENTITY_BY_TABLE, Base
from sen_desktop.sync.fields import is_free_text
from sen_desktop.sync.operations import NO_PREV, SELECT_OPS, OpRow, op_from_row

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

CHUNK = 400  # rows per IN (…): well under SQLite's bound-parameter limit

_INSERT_HEAD = "INSERT INTO field_head (entity, row_id, field, op_id) VALUES (?, ?, ?, ?)"
_DELETE_HEAD = "DELETE FROM field_head WHERE entity = ? AND row_id = ? AND field = ? AND op_id = ?"
_MISSING: Any = object()


def marks(count: int) -> str:
    """``count`` question marks for an IN (…) list."""
    return ", ".join("?" * count)


def chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


# As capture writes prev, so a log reads the same on every laptop.
_to_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def prev_json(prev: tuple[str, ...]) -> str:
    return _to_json(list(prev)) if prev else NO_PREV


History = dict[tuple[str, str], dict[str, list[OpRow]]]


def load_history(conn: Connection, rows: Iterable[tuple[str, str]]) -> History:
    """Every operation held for ``rows``, by row and field."""
    by_entity: dict[str, list[str]] = defaultdict(list)
    for entity, row_id in rows:
        by_entity[entity].append(row_id)
    history: History = {}
    for entity, row_ids in by_entity.items():
        for chunk in chunks(sorted(row_ids)):
            result = conn.exec_driver_sql(
                f"{SELECT_OPS} WHERE entity = ? AND row_id IN ({marks(len(chunk))})",
                (entity, *chunk),
            )
            for r in result:
                op = op_from_row(r)
                history.setdefault((entity, op.row_id), {}).setdefault(op.field, []).append(op)
    return history


def op_order(op: OpRow) -> tuple[str, str, int]:
    return (op.hlc, op.site_id, op.counter)


def heads_of(ops: list[OpRow]) -> list[OpRow]:
    """The field's operations no other names in prev (newest first)."""
    if len(ops) == 1:
        return ops  # an operation never names itself (validate)
    named = {p for op in ops for p in op.prev}
    heads = [op for op in ops if op.op_id not in named]
    if not heads:  # a cycle of prev lists (only forged operations make one)
        heads = [max(ops, key=op_order)]
    return sorted(heads, key=op_order, reverse=True)


def write_heads(
    conn: Connection,
    arriving: History,
    history: History,
    heads: History,
    known: set[tuple[str, str]],
    several: set[tuple[str, str]],
) -> int:
    """Bring ``field_head`` up to date for every field an arriving operation touches.

    The heads are computed from the histories in memory (and kept in ``heads`` for
    materializing); the table is read once for the touched rows this laptop held
    operations of before (``known``: a row new to it has no heads yet, so a bundle of
    new rows reads nothing) and changed only where it differs: two ``executemany``
    statements in all. ``several``: the arriving rows with a field of more than one
    arriving operation (elsewhere each field's one operation is its head).
    """
    stored: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    by_entity: dict[str, list[str]] = defaultdict(list)
    for entity, row_id in arriving:
        if (entity, row_id) in known:
            by_entity[entity].append(row_id)
    for entity, row_ids in by_entity.items():
        for chunk in chunks(sorted(row_ids)):
            for row_id, field, op_id in conn.exec_driver_sql(
                "SELECT row_id, field, op_id FROM field_head "
                f"WHERE entity = ? AND row_id IN ({marks(len(chunk))})",
                (entity, *chunk),
            ):
                stored[(entity, row_id, field)].add(op_id)
    conflicting = 0
    gone: list[tuple[str, str, str, str]] = []
    new: list[tuple[str, str, str, str]] = []
    for key, fields in sorted(arriving.items()):
        entity, row_id = key
        row_heads = heads[key] = {}
        if key not in known:
            # A row new to this laptop: its history is what arrives. The common case, one
            # operation per field, is its own head: the row's fields are its heads.
            if key not in several:
                heads[key] = fields
                new += [(entity, row_id, field, ops[0][0]) for field, ops in fields.items()]
                continue
            for field, ops in fields.items():
                if len(ops) == 1:
                    row_heads[field] = ops
                    new.append((entity, row_id, field, ops[0].op_id))
                    continue
                field_heads = row_heads[field] = heads_of(ops)
                new.extend((entity, row_id, field, h.op_id) for h in field_heads)
                if (
                    len(field_heads) > 1
                    and is_free_text(entity, field)
                    and len({h.value for h in field_heads}) > 1
                ):
                    conflicting += 1
            continue
        held = history[key]
        for field in fields:
            field_heads = row_heads[field] = heads_of(held[field])
            before = stored.get((entity, row_id, field))
            if before is None and len(field_heads) == 1:  # a field new to the row
                new.append((entity, row_id, field, field_heads[0].op_id))
                continue
            now = {h.op_id for h in field_heads}
            before = before or set()
            gone.extend((entity, row_id, field, op_id) for op_id in sorted(before - now))
            new.extend((entity, row_id, field, op_id) for op_id in sorted(now - before))
            if (
                len(field_heads) > 1
                and is_free_text(entity, field)
                and len({h.value for h in field_heads}) > 1
            ):
                conflicting += 1
    if gone:
        conn.exec_driver_sql(_DELETE_HEAD, gone)
    if new:
        conn.exec_driver_sql(_INSERT_HEAD, new)
    return conflicting


_TABLE_ORDER = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
_TABLES = {name: cast("Table", model.__table__) for name, model in ENTITY_BY_TABLE.items()}


def materialize(
    conn: Connection,
    rows: set[tuple[str, str]],
    history: History,
    heads: History,
    decoded: Mapping[str, Any],
) -> tuple[int, dict[tuple[str, str], str]]:
    """Write each row's winning values; returns (rows changed, rows still waiting, each
    with the id of the parent row it waits for, or "" when its own fields are missing).

    Parents first (tables in foreign-key order), then again for what still waits, as
    long as a round makes progress: a chain of rows arriving child-first settles.
    ``heads`` holds the heads already worked out, ``decoded`` the values already decoded.
    """
    waiting = sorted(rows, key=lambda key: (_TABLE_ORDER[key[0]], key[1]))
    current = _current_rows(conn, waiting)
    present = _Present(conn)
    writes = _Writes(conn)
    changed = 0
    reasons: dict[tuple[str, str], str] = {}
    while waiting:
        left: list[tuple[str, str]] = []
        for entity, row_id in waiting:
            table = _TABLES[entity]
            values: dict[str, Any] = {}
            row_heads = heads.get((entity, row_id), {})
            for field, ops in history.get((entity, row_id), {}).items():
                winner = (row_heads.get(field) or heads_of(ops))[0]
                value = decoded.get(winner.op_id, _MISSING)
                if value is _MISSING:
                    value = decode_value(table.c[field], winner.value)
                values[field] = value
            outcome = _materialize_row(
                writes, table, row_id, values, current.get((entity, row_id)), present
            )
            if type(outcome) is str:
                left.append((entity, row_id))
                reasons[(entity, row_id)] = outcome
            elif outcome:
                changed += 1
        writes.flush()
        if len(left) == len(waiting):
            break  # no parent arrived this round: the rest wait for a later bundle
        waiting = left
    return changed, {key: reasons[key] for key in waiting}


def _current_rows(
    conn: Connection, rows: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], Mapping[str, Any]]:
    by_entity: dict[str, list[str]] = defaultdict(list)
    for entity, row_id in rows:
        by_entity[entity].append(row_id)
    out: dict[tuple[str, str], Mapping[str, Any]] = {}
    for entity, row_ids in by_entity.items():
        table = cast("Table", ENTITY_BY_TABLE[entity].__table__)
        # Which exist, asked plainly (a bundle of new rows finds none); then those
        # read through Core, which gives dates and times their Python types.
        existing: list[str] = []
        for chunk in chunks(row_ids):
            existing.extend(
                row_id
                for (row_id,) in conn.exec_driver_sql(
                    f'SELECT id FROM "{table.name}" WHERE id IN ({marks(len(chunk))})',
                    tuple(chunk),
                )
            )
        for chunk in chunks(existing):
            for row in conn.execute(select(table).where(table.c.id.in_(chunk))).mappings():
                out[(entity, row["id"])] = dict(row)
    return out


class _Present:
    """Which parent rows exist: looked up once each, and told of the rows written."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._known: dict[str, set[str]] = defaultdict(set)

    def add(self, table: str, row_id: str) -> None:
        self._known[table].add(row_id)

    def has(self, column: Column[Any], value: str) -> bool:
        known = self._known[column.table.name]
        if value in known:
            return True
        if self._conn.execute(select(column).where(column == value)).first() is None:
            return False
        known.add(value)
        return True


class _Writes:
    """Materialized writes, queued and sent as ``executemany`` of like statements.

    The queue keeps its order (a group's rows may name each other, parent first) and
    is sent whenever the table changes, so a parent table's rows are written before
    any child row that names them.
    """

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._table: Table | None = None
        self._kind: tuple[bool, tuple[str, ...]] | None = None
        self._rows: list[Any] = []

    def insert(self, table: Table, row_id: str, values: Mapping[str, Any]) -> None:
        # A new row names every column (``_materialize_row`` fills the missing ones), so
        # the inserts of one table are all alike: sent as plain tuples (``_Inserts``).
        self._queue(table, (True, ()), _inserts(self._conn, table).row(row_id, values))

    def update(self, table: Table, row_id: str, values: Mapping[str, Any]) -> None:
        self._queue(table, (False, tuple(sorted(values))), {"b_row_id": row_id, **values})

    def _queue(self, table: Table, kind: tuple[bool, tuple[str, ...]], params: Any) -> None:
        if table is not self._table or kind != self._kind:
            self.flush()
            self._table, self._kind = table, kind
        self._rows.append(params)

    def flush(self) -> None:
        if self._rows and self._table is not None and self._kind is not None:
            table = self._table
            if self._kind[0]:
                self._conn.exec_driver_sql(_inserts(self._conn, table).sql, self._rows)
            else:
                self._conn.execute(
                    update(table).where(table.c.id == bindparam("b_row_id")), self._rows
                )
        self._rows = []
        self._table = self._kind = None


class _Inserts:
    """A table's INSERT of every column as plain driver parameters: each value goes
    through its column type's bind processor, as Core would send it (a date as its
    ISO text, a boolean as 0 or 1), without Core's per-row work on dictionaries."""

    def __init__(self, conn: Connection, table: Table) -> None:
        dialect = conn.dialect
        self.names = tuple(column.name for column in table.c)
        self.processors = tuple(
            (index, processor)
            for index, column in enumerate(table.c)
            if (processor := column.type.dialect_impl(dialect).bind_processor(dialect)) is not None
        )
        columns = ", ".join(f'"{name}"' for name in self.names)
        self.sql = f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks(len(self.names))})'
        self.id_index = self.names.index("id")

    def row(self, row_id: str, values: Mapping[str, Any]) -> tuple[Any, ...]:
        params = [values.get(name) for name in self.names]
        params[self.id_index] = row_id
        for index, processor in self.processors:
            params[index] = processor(params[index])
        return tuple(params)


_INSERTS: dict[str, _Inserts] = {}


def _inserts(conn: Connection, table: Table) -> _Inserts:
    plan = _INSERTS.get(table.name)
    if plan is None:
        plan = _INSERTS[table.name] = _Inserts(conn, table)
    return plan


_PARENTS: dict[str, tuple[tuple[str, tuple[Column[Any], ...]], ...]] = {}


def _parents(table: Table) -> tuple[tuple[str, tuple[Column[Any], ...]], ...]:
    """(column, the parent columns its foreign keys name), for each such column."""
    parents = _PARENTS.get(table.name)
    if parents is None:
        parents = _PARENTS[table.name] = tuple(
            (column.name, tuple(fk.column for fk in column.foreign_keys))
            for column in table.c
            if column.foreign_keys
        )
    return parents


_FILLERS: dict[str, tuple[tuple[str, bool, Any], ...]] = {}


def _fillers(table: Table) -> tuple[tuple[str, bool, Any], ...]:
    """(column, whether a new row may leave it out, the value it then takes), per column."""
    fillers = _FILLERS.get(table.name)
    if fillers is None:
        out: list[tuple[str, bool, Any]] = []
        for column in table.c:
            if column.primary_key:
                continue
            default = column.default
            if default is not None and default.is_scalar:
                out.append((column.name, True, default.arg))  # type: ignore[attr-defined]
            elif column.nullable:
                out.append((column.name, True, None))
            else:
                out.append((column.name, False, None))
        fillers = _FILLERS[table.name] = tuple(out)
    return fillers


def _materialize_row(
    writes: _Writes,
    table: Table,
    row_id: str,
    values: dict[str, Any],
    current: Mapping[str, Any] | None,
    present: _Present,
) -> bool | str:
    """True if the row was written, False if it was already right; if it must wait, the
    id of the parent row it waits for ("" when a required field of a new row is missing)."""
    if current is None:
        # A scoped export may withhold some fields for good (a person's contact details
        # for a reference-group laptop): columns with a default (or nullable) take it;
        # a required column without one means only part of the creation is here yet.
        for name, known, default in _fillers(table):
            if name not in values:
                if not known:
                    return ""
                values[name] = default
        differing = values
    else:
        differing = {k: v for k, v in values.items() if current[k] != v}
        if not differing:
            return False
    for column_name, parents in _parents(table):
        value = differing.get(column_name)
        if value is not None and not all(present.has(parent, value) for parent in parents):
            return str(value)  # its parent row has not arrived yet
    if current is None:
        writes.insert(table, row_id, values)
        present.add(table.name, row_id)
    else:
        writes.update(table, row_id, differing)
    return True
