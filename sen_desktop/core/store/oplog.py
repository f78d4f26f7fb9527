"""The operation log: every committed change to a synced field, as an operation.

docs/architecture.md "Sync-by-export": the tables are the materialized view of a log of
operations (op id ``<site>:<counter>``, entity, row, field, JSON value, HLC, ``prev``).
``install_capture`` hooks the session factory's ``before_flush`` so that every ORM
write to a ``Synced`` row appends its operations in the same transaction: nothing the
services write can escape the log, and a rollback takes the operations with it.

Capture writes with Core ``executemany`` on the session's own connection instead of
adding ORM objects: a demo log of 100,000 actions is well over a million operations,
and the unit of work would spend minutes on them.

How values travel as JSON is ``log_values``; a row's history, read back, ``log_history``.
"""

from __future__ import annotations

import functools
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import (
    Column,
    Connection,
    Table,
    bindparam,
    delete,
    event,
    insert,
    inspect,
    select,
    update,
)

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.store.hlc import HybridLogicalClock, Timestamp, WallClock, wall_millis
from sen_desktop.core.store.log_values import encode_value, to_json
from sen_desktop.core.store.models import ENTITY_BY_TABLE, FieldHead, Operation, SiteState, Synced

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

    from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker
    from sqlalchemy.sql import ClauseElement
    from sqlalchemy.sql.compiler import SQLCompiler

GENESIS_SITE = "00000000-0000-0000-0000-000000000000"
"""The site every laptop attributes the seeded programme to, so all agree on it."""

SITE_ROW = 1

_GENESIS = "sen_desktop.oplog.genesis"
_SUSPENDED = "sen_desktop.oplog.suspended"
_INSTALLED = "_sen_desktop_capture_installed"
_IN_CHUNK = 500  # well under SQLite's bound-parameter limit

_OPERATION = cast("Table", Operation.__table__)
_HEAD = cast("Table", FieldHead.__table__)
_SITE = cast("Table", SiteState.__table__)


class HardDeleteError(ValidationError):
    """A synced row was deleted outright instead of tombstoned."""


class UncapturedWriteError(RuntimeError):
    """A bulk statement would change synced rows behind the operation log's back."""


# --- the columns that become fields -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Field:
    key: str  # the ORM attribute
    column: Column[Any]

    @property
    def name(self) -> str:
        return self.column.name

    def default(self) -> Any:
        """The value the INSERT would give an unset column, computed here instead."""
        default = self.column.default
        if default is None:
            return None
        if default.is_scalar:
            return default.arg  # type: ignore[attr-defined]
        if default.is_callable:
            # SQLAlchemy wraps plain callables to take an execution context.
            return default.arg(None)  # type: ignore[attr-defined]
        raise TypeError(f"{self.name}: a SQL default cannot be captured before the INSERT.")


@functools.cache
def _fields(model: type[Synced]) -> tuple[tuple[_Field, ...], dict[str, _Field]]:
    fields = tuple(
        _Field(prop.key, cast("Column[Any]", prop.columns[0]))
        for prop in inspect(model).column_attrs
    )
    return fields, {f.key: f for f in fields}


# (entity, row_id, field, JSON value): plain tuples, since a bulk load makes millions.
_Change = tuple[str, str, str, str]


def _created(obj: Synced, in_genesis: bool, out: list[_Change]) -> None:
    values = inspect(obj).dict
    entity = obj.__tablename__
    fields, _ = _fields(type(obj))
    if in_genesis and values.get("id") is None:
        # A random id would differ per laptop and break the agreement genesis promises.
        raise ValueError(f"A seeded {entity} row needs a stable id before it is saved.")
    for field in fields:
        if values.get(field.key) is None and field.column.default is not None:
            # The ORM leaves None out of the INSERT so the column default fires; make
            # that default visible now, so the row and its operation agree.
            setattr(obj, field.key, field.default())
    row_id = obj.id
    for field in fields:
        if not field.column.primary_key:
            # The id travels as row_id; a row is born with its `deleted` operation.
            out.append(
                (entity, row_id, field.name, encode_value(field.column, values.get(field.key)))
            )


def _edited(obj: Synced, out: list[_Change]) -> None:
    state = inspect(obj)
    _, by_key = _fields(type(obj))
    entity = obj.__tablename__
    for key in sorted(by_key.keys() - state.unmodified):
        field = by_key[key]
        history = state.attrs[key].history
        if not history.has_changes():
            continue  # set to the value it already had
        if field.column.primary_key:
            raise ValueError(f"A {entity} row's id cannot change once saved.")
        value = history.added[0] if history.added else None
        out.append((entity, obj.id, field.name, encode_value(field.column, value)))


# --- site, clock and heads --------------------------------------------------------------


def _load_site(conn: Connection) -> tuple[str, int, Timestamp]:
    row = conn.execute(
        select(_SITE.c.site_id, _SITE.c.counter, _SITE.c.hlc).where(_SITE.c.id == SITE_ROW)
    ).first()
    if row is None:
        site_id = str(uuid.uuid4())
        conn.execute(insert(_SITE).values(id=SITE_ROW, site_id=site_id, counter=0, hlc=""))
        return site_id, 0, Timestamp(0)
    return row.site_id, row.counter or 0, Timestamp.parse(row.hlc) if row.hlc else Timestamp(0)


def _load_genesis(conn: Connection) -> tuple[int, Timestamp]:
    row = conn.execute(
        select(_OPERATION.c.counter, _OPERATION.c.hlc)
        .where(_OPERATION.c.site_id == GENESIS_SITE)
        .order_by(_OPERATION.c.counter.desc())
        .limit(1)
    ).first()
    return (0, Timestamp(0)) if row is None else (row.counter, Timestamp.parse(row.hlc))


def _load_heads(conn: Connection, edits: list[_Change]) -> dict[tuple[str, str, str], list[str]]:
    """Current heads of the edited fields: one query per entity (and 500 rows).

    Naming the fields as well as the rows lets SQLite seek the primary key on all three
    columns, instead of reading the heads of every field of every edited row.
    """
    wanted: dict[str, tuple[set[str], set[str]]] = {}
    for entity, row_id, field, _ in edits:
        row_ids, fields = wanted.setdefault(entity, (set(), set()))
        row_ids.add(row_id)
        fields.add(field)
    heads: dict[tuple[str, str, str], list[str]] = {}
    for entity, (row_ids, fields) in wanted.items():
        ordered = sorted(row_ids)
        for start in range(0, len(ordered), _IN_CHUNK):
            rows = conn.execute(
                select(_HEAD.c.row_id, _HEAD.c.field, _HEAD.c.op_id).where(
                    _HEAD.c.entity == entity,
                    _HEAD.c.row_id.in_(ordered[start : start + _IN_CHUNK]),
                    _HEAD.c.field.in_(sorted(fields)),
                )
            )
            for row_id, field, op_id in rows:
                heads.setdefault((entity, row_id, field), []).append(op_id)
    return heads


def _executemany(
    conn: Connection, statement: ClauseElement, names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Send positional rows straight to the driver.

    Binding a million dictionaries through Core takes longer than SQLite takes to write
    them. The rendered parameter order is checked against the order the rows are built
    in, so a column added to the model fails loudly instead of shifting values.
    """
    compiled = cast("SQLCompiler", statement.compile(dialect=conn.dialect, column_keys=list(names)))
    if tuple(compiled.positiontup or ()) != tuple(names):
        raise RuntimeError(f"Operation capture expected parameters {names}.")
    conn.exec_driver_sql(compiled.string, rows)


_OP_COLUMNS = ("op_id", "site_id", "counter", "entity", "row_id", "field", "value", "hlc", "prev")
_HEAD_COLUMNS = ("entity", "row_id", "field", "op_id")
_HEAD_KEY = ("entity_", "row_id_", "field_")
_DELETE_HEAD = delete(_HEAD).where(
    _HEAD.c.entity == bindparam(_HEAD_KEY[0]),
    _HEAD.c.row_id == bindparam(_HEAD_KEY[1]),
    _HEAD.c.field == bindparam(_HEAD_KEY[2]),
)


def _write(
    session: Session, created: list[_Change], edited: list[_Change], wall: WallClock
) -> None:
    conn = session.connection()
    if session.info.get(_GENESIS):
        # Same rows, same ops: the order must not depend on the identity map's order.
        changes = sorted(created + edited)
        site_id = GENESIS_SITE
        counter, last = _load_genesis(conn)
        clock = HybridLogicalClock(lambda: 0, last)
    else:
        changes = created + edited
        site_id, counter, last = _load_site(conn)
        clock = HybridLogicalClock(wall, last)
    # A new row has no earlier operations, so only edits need their heads looked up.
    heads = _load_heads(conn, edited) if edited else {}

    ops: list[tuple[Any, ...]] = []
    new_heads: list[tuple[str, str, str, str]] = []
    stale: list[tuple[str, str, str]] = []
    for (entity, row_id, field, value), stamp in zip(
        changes, clock.stamps(len(changes)), strict=True
    ):
        counter += 1
        op_id = f"{site_id}:{counter}"
        prev = heads.get((entity, row_id, field))
        if prev:
            prev.sort()
            stale.append((entity, row_id, field))
        prev_json = to_json(prev) if prev else "[]"
        ops.append((op_id, site_id, counter, entity, row_id, field, value, stamp, prev_json))
        new_heads.append((entity, row_id, field, op_id))
    _executemany(conn, insert(_OPERATION), _OP_COLUMNS, ops)
    if stale:
        _executemany(conn, _DELETE_HEAD, _HEAD_KEY, stale)
    _executemany(conn, insert(_HEAD), _HEAD_COLUMNS, new_heads)
    if site_id != GENESIS_SITE:
        conn.execute(
            update(_SITE)
            .where(_SITE.c.id == SITE_ROW)
            .values(counter=counter, hlc=clock.last.encode())
        )


# --- hooks ------------------------------------------------------------------------------


def _capture(session: Session, wall: WallClock) -> None:
    if session.info.get(_SUSPENDED):
        return
    for obj in session.deleted:
        if isinstance(obj, Synced):
            raise HardDeleteError(
                f"This {obj.__tablename__.replace('_', ' ')} cannot be removed outright; "
                "mark it deleted instead so that other laptops learn of it.",
                field="deleted",
            )
    in_genesis = bool(session.info.get(_GENESIS))
    created: list[_Change] = []
    edited: list[_Change] = []
    for obj in session.new:
        if isinstance(obj, Synced):
            _created(obj, in_genesis, created)
    for obj in session.dirty:
        if isinstance(obj, Synced):
            _edited(obj, edited)
    if created or edited:
        _write(session, created, edited, wall)


def _refuse_bulk(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    if state.session.info.get(_SUSPENDED):
        return
    mapper = state.bind_mapper
    table = getattr(state.statement, "table", None)
    synced = (mapper is not None and issubclass(mapper.class_, Synced)) or (
        getattr(table, "name", None) in ENTITY_BY_TABLE
    )
    if synced:
        raise UncapturedWriteError(
            "Bulk statements on synced tables bypass the operation log; "
            "add or change the objects through the session instead."
        )


def install_capture(
    session_factory: sessionmaker[Session], *, wall_clock: WallClock = wall_millis
) -> None:
    """Capture every synced change made through sessions of this factory (idempotent)."""
    if getattr(session_factory, _INSTALLED, False):
        return

    def before_flush(session: Session, _context: Any, _instances: Any) -> None:
        _capture(session, wall_clock)

    event.listen(session_factory, "before_flush", before_flush)
    event.listen(session_factory, "do_orm_execute", _refuse_bulk)
    setattr(session_factory, _INSTALLED, True)


@contextmanager
def genesis(session: Session) -> Iterator[Session]:
    """Attribute the changes made inside to the genesis site and its fixed clock.

    Every laptop seeding the same rows (with stable ids) writes identical operations,
    so they agree on the programme without exchanging it. The local site's counter and
    clock are left alone. Changes pending on entry are flushed first as local ones.
    """
    if session.info.get(_GENESIS):
        raise RuntimeError("genesis() is already active on this session.")
    session.flush()
    session.info[_GENESIS] = True
    try:
        yield session
        session.flush()
    finally:
        session.info.pop(_GENESIS, None)


@contextmanager
def capture_suspended(session: Session) -> Iterator[Session]:
    """Write without capture: for sync import, which stores the remote operations itself."""
    session.flush()
    previous = session.info.get(_SUSPENDED)
    session.info[_SUSPENDED] = True
    try:
        yield session
        session.flush()
    finally:
        session.info[_SUSPENDED] = previous


# --- the bulk path: generated data (demo programmes, benchmarks) -----------------------
#
# Kept apart from capture on purpose. Capture sees ORM objects at flush; a generator
# writing hundreds of thousands of rows would spend most of its time in the unit of
# work. ``insert_new_rows`` takes plain column values instead, inserts them with Core and
# appends, in the same transaction, exactly the operations capture would have written
# for the same new rows added in the same order: this laptop's site id, its counter
# and clock, one operation per non-key column (unset columns take their defaults
# first, as capture does), ``prev = []`` and a field head per operation.
# tests/core/store/test_oplog_bulk.py holds the two paths to the same result.


def insert_new_rows(
    session: Session,
    model: type[Synced],
    rows: Sequence[Mapping[str, Any]],
    *,
    wall_clock: WallClock = wall_millis,
) -> int:
    """Insert new ``model`` rows (column values by attribute name) with their operations.

    Only for rows that do not exist yet: an edit must go through the session, where
    capture finds its previous heads. Pending ORM changes are flushed first, so the
    operations keep the order the changes were made in. Returns the operations written.
    """
    if session.info.get(_GENESIS) or session.info.get(_SUSPENDED):
        raise RuntimeError("insert_new_rows writes local operations; not inside genesis().")
    if not rows:
        return 0
    session.flush()
    fields, by_key = _fields(model)
    entity = model.__tablename__
    values: list[dict[str, Any]] = []
    changes: list[_Change] = []
    logged = [f for f in fields if not f.column.primary_key]
    for row in rows:
        unknown = row.keys() - by_key.keys()
        if unknown:
            raise TypeError(f"A {entity} row has no field(s) {', '.join(sorted(unknown))}.")
        complete: dict[str, Any] = {}
        for field in fields:
            value = row.get(field.key)
            if value is None and field.column.default is not None:
                value = field.default()
            complete[field.name] = value
        row_id = complete["id"]
        values.append(complete)
        for field in logged:
            changes.append(
                (entity, row_id, field.name, encode_value(field.column, complete[field.name]))
            )
    conn = session.connection()
    conn.execute(insert(cast("Table", model.__table__)), values)

    site_id, counter, last = _load_site(conn)
    clock = HybridLogicalClock(wall_clock, last)
    ops: list[tuple[Any, ...]] = []
    new_heads: list[tuple[str, str, str, str]] = []
    for (ent, row_id, field_name, value), stamp in zip(
        changes, clock.stamps(len(changes)), strict=True
    ):
        counter += 1
        op_id = f"{site_id}:{counter}"
        ops.append((op_id, site_id, counter, ent, row_id, field_name, value, stamp, "[]"))
        new_heads.append((ent, row_id, field_name, op_id))
    _executemany(conn, insert(_OPERATION), _OP_COLUMNS, ops)
    _executemany(conn, insert(_HEAD), _HEAD_COLUMNS, new_heads)
    conn.execute(
        update(_SITE).where(_SITE.c.id == SITE_ROW).values(counter=counter, hlc=clock.last.encode())
    )
    return len(ops)


def local_site_id(session: Session) -> str:
    """This laptop's site id, created (inside the session's transaction) if missing."""
    site_id, _, _ = _load_site(session.connection())
    return site_id


__all__ = [
    "GENESIS_SITE",
    "HardDeleteError",
    "UncapturedWriteError",
    "capture_suspended",
    "genesis",
    "insert_new_rows",
    "install_capture",
    "local_site_id",
]
