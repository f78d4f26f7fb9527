"""Merge: fold other laptops' operations into this one's log and tables.

ARCHITECTURE.md "Sync-by-export". The tables are the materialized view of the operation
log, and the view is a pure function of the *set* of operations, so laptops that hold
the same operations hold the same tables whatever order, duplication or delay the
bundles came in:

- the heads of a field are its operations that no other operation of the field names
  in ``prev``;
- the field's value is the head that wins on (HLC, site, counter) — last writer wins;
- for free text (``sync.fields``) every head is kept and, when they differ, the field
  is a *conflict*: the winner shows, the others stay in the log and ``conflicts()``
  lists them until someone resolves it, which writes a new operation naming all heads;
- a row whose parent rows (foreign keys) have not arrived, or whose creation is only
  partly here, waits in ``sync_pending`` and is materialized when they come.

Everything happens in the caller's transaction; ``apply_ops(dry_run=True)`` works
inside a savepoint it rolls back. Materialized writes go through Core with capture
suspended: the operations are stored as they came, not captured again.

``knowledge()`` is the highest counter held per site. Laptops exchanging whole logs
never hold a gap, so it says exactly what a sender may leave out; a scoped export
leaves gaps by design, and widening a recipient's scope later means resending from
that recipient's last full knowledge (sync.scope's concern).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, cast

from sqlalchemy import Column, Connection, Table, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.store.hlc import HybridLogicalClock, Timestamp, WallClock, wall_millis
from sen_desktop.core.store.models import (
    ENTITY_BY_TABLE,
    Base,
    FieldHead,
    Operation,
    SiteState,
    SyncPending,
)
from sen_desktop.core.store.oplog import (
    SITE_ROW,
    _load_site,
    capture_suspended,
    decode_value,
    encode_value,
)
from sen_desktop.sync.fields import CHOICES, is_free_text

_OPERATION = cast(Table, Operation.__table__)
_HEAD = cast(Table, FieldHead.__table__)
_SITE = cast(Table, SiteState.__table__)
_PENDING = cast(Table, SyncPending.__table__)
_CHUNK = 400  # rows per IN (…): well under SQLite's bound-parameter limit

MAX_ID = 36
MAX_FIELD = 60


@dataclass(frozen=True, slots=True)
class OpRow:
    """One operation as it travels: the ``operation`` table's columns, value as JSON text."""

    op_id: str
    site_id: str
    counter: int
    entity: str
    row_id: str
    field: str
    value: str
    hlc: str
    prev: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "op_id": self.op_id,
            "site_id": self.site_id,
            "counter": self.counter,
            "entity": self.entity,
            "row_id": self.row_id,
            "field": self.field,
            "value": self.value,
            "hlc": self.hlc,
            "prev": list(self.prev),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> OpRow:
        """An OpRow from parsed JSON; ValidationError if any key is missing or mistyped."""
        if not isinstance(data, Mapping):
            raise ValidationError("An operation is not a JSON object.")
        expected = {
            "op_id": str,
            "site_id": str,
            "counter": int,
            "entity": str,
            "row_id": str,
            "field": str,
            "value": str,
            "hlc": str,
            "prev": list,
        }
        if set(data) != set(expected):
            raise ValidationError(
                f"An operation has the keys {sorted(map(str, data))}, not {sorted(expected)}."
            )
        for key, kind in expected.items():
            if type(data[key]) is not kind:
                raise ValidationError(f"An operation's {key} is not a {kind.__name__}.", key)
        prev = data["prev"]
        if not all(type(p) is str for p in prev):
            raise ValidationError("An operation's prev is not a list of operation ids.", "prev")
        return cls(
            op_id=data["op_id"],
            site_id=data["site_id"],
            counter=data["counter"],
            entity=data["entity"],
            row_id=data["row_id"],
            field=data["field"],
            value=data["value"],
            hlc=data["hlc"],
            prev=tuple(prev),
        )


@dataclass(frozen=True, slots=True)
class ApplyReport:
    """What an import did: operations new and already held, rows changed, conflicts."""

    new: int  # operations stored
    changed: int  # rows created or updated in the tables
    conflicting: int  # free-text fields touched that now hold differing versions
    already_had: int  # operations this laptop held already
    pending: int  # rows waiting for their parent rows (after this import)


class ConflictHead(NamedTuple):
    op_id: str
    site_id: str
    hlc: str
    value: Any


@dataclass(frozen=True, slots=True)
class Conflict:
    """A free-text field with differing concurrent versions; heads newest first."""

    entity: str
    row_id: str
    field: str
    heads: tuple[ConflictHead, ...]
    suggestion: str


# --- knowledge and export -----------------------------------------------------------------


def knowledge(session: Session) -> dict[str, int]:
    """The highest operation counter this laptop holds, per site."""
    rows = session.connection().execute(
        select(_OPERATION.c.site_id, func.max(_OPERATION.c.counter)).group_by(_OPERATION.c.site_id)
    )
    return {site: int(top) for site, top in rows}


def _op_from_row(row: Any) -> OpRow:
    return OpRow(
        op_id=row.op_id,
        site_id=row.site_id,
        counter=row.counter,
        entity=row.entity,
        row_id=row.row_id,
        field=row.field,
        value=row.value,
        hlc=row.hlc,
        prev=tuple(json.loads(row.prev)),
    )


def ops_since(session: Session, known: Mapping[str, int]) -> list[OpRow]:
    """The operations a laptop with knowledge ``known`` lacks, in (HLC, site, counter) order."""
    conn = session.connection()
    sites = conn.execute(select(_OPERATION.c.site_id).distinct()).scalars().all()
    out: list[OpRow] = []
    for site in sites:
        rows = conn.execute(
            select(_OPERATION).where(
                _OPERATION.c.site_id == site, _OPERATION.c.counter > int(known.get(site, 0))
            )
        )
        out.extend(_op_from_row(r) for r in rows)
    out.sort(key=lambda op: (op.hlc, op.site_id, op.counter))
    return out


# --- validation ---------------------------------------------------------------------------


def _column(entity: str, field: str) -> Column[Any]:
    model = ENTITY_BY_TABLE.get(entity)
    if model is None:
        raise ValidationError(f"An operation names an unknown kind of record {entity!r}.")
    column = cast(Table, model.__table__).c.get(field)
    if column is None or column.primary_key:
        raise ValidationError(f"An operation names an unknown field {entity}.{field}.", field)
    return column


def validate(op: OpRow) -> Any:
    """Check one operation against the whitelist; returns its decoded value."""
    column = _column(op.entity, op.field)
    if not op.site_id or len(op.site_id) > MAX_ID or ":" in op.site_id:
        raise ValidationError(f"Operation {op.op_id!r} has a malformed site id.")
    if op.counter < 1 or op.op_id != f"{op.site_id}:{op.counter}":
        raise ValidationError(f"Operation {op.op_id!r} does not match its site and counter.")
    if not op.row_id or len(op.row_id) > MAX_ID:
        raise ValidationError(f"Operation {op.op_id!r} has a malformed row id.")
    try:
        Timestamp.parse(op.hlc)
    except ValueError as exc:
        raise ValidationError(f"Operation {op.op_id!r} has a malformed clock stamp.") from exc
    if any(not p or len(p) > MAX_FIELD or p == op.op_id for p in op.prev):
        raise ValidationError(f"Operation {op.op_id!r} has a malformed prev list.")
    try:
        value = decode_value(column, op.value)
    except (ValueError, TypeError) as exc:
        raise ValidationError(
            f"Operation {op.op_id!r} gives {op.entity}.{op.field} a value of the wrong type.",
            op.field,
        ) from exc
    if value is None:
        if not column.nullable:
            raise ValidationError(
                f"Operation {op.op_id!r} leaves {op.entity}.{op.field} empty, which it may not be.",
                op.field,
            )
        return value
    choices = CHOICES.get((op.entity, op.field))
    if choices is not None and value not in choices:
        raise ValidationError(
            f"Operation {op.op_id!r} gives {op.entity}.{op.field} the unknown value {value!r}.",
            op.field,
        )
    length = getattr(column.type, "length", None)
    if isinstance(value, str) and length is not None and len(value) > length:
        raise ValidationError(
            f"Operation {op.op_id!r} gives {op.entity}.{op.field} more than {length} characters.",
            op.field,
        )
    return value


# --- apply --------------------------------------------------------------------------------


def apply_ops(
    session: Session,
    ops: Iterable[OpRow],
    *,
    dry_run: bool = False,
    wall_clock: WallClock = wall_millis,
) -> ApplyReport:
    """Store the operations this laptop lacks and bring the tables up to date.

    Every operation is validated first (ValidationError naming the first bad one; nothing
    is written). ``dry_run`` reports what would happen and leaves the database as it was.
    """
    unique: dict[str, OpRow] = {}
    for op in ops:
        validate(op)
        seen = unique.get(op.op_id)
        if seen is not None and seen != op:
            raise ValidationError(f"Operation {op.op_id!r} comes twice with different content.")
        unique[op.op_id] = op
    batch = list(unique.values())
    with capture_suspended(session):
        if not dry_run:
            report = _apply(session, batch, wall_clock)
        else:
            savepoint = session.begin_nested()
            try:
                report = _apply(session, batch, wall_clock)
            finally:
                savepoint.rollback()
    session.expire_all()
    return report


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _apply(session: Session, batch: list[OpRow], wall_clock: WallClock) -> ApplyReport:
    conn = session.connection()
    held: dict[str, OpRow] = {}
    for chunk in _chunks([op.op_id for op in batch]):
        for row in conn.execute(select(_OPERATION).where(_OPERATION.c.op_id.in_(chunk))):
            held[row.op_id] = _op_from_row(row)
    fresh: list[OpRow] = []
    for op in batch:
        have = held.get(op.op_id)
        if have is None:
            fresh.append(op)
        elif have != op:
            raise ValidationError(
                f"Operation {op.op_id!r} differs from the copy this laptop already holds."
            )
    if fresh:
        conn.execute(
            insert(_OPERATION),
            [{**op.to_dict(), "prev": _prev_json(op.prev)} for op in fresh],
        )
        _advance_site(conn, fresh, wall_clock)
    touched_fields = {(op.entity, op.row_id, op.field) for op in fresh}
    pending = {(e, r) for e, r in conn.execute(select(_PENDING.c.entity, _PENDING.c.row_id))}
    rows = {(e, r) for e, r, _ in touched_fields} | pending
    history = _load_ops(conn, rows)
    conflicting = _write_heads(conn, touched_fields, history)
    changed, waiting = _materialize(conn, rows, history)
    if pending:
        conn.execute(delete(_PENDING))
    if waiting:
        conn.execute(insert(_PENDING), [{"entity": e, "row_id": r} for e, r in sorted(waiting)])
    return ApplyReport(
        new=len(fresh),
        changed=changed,
        conflicting=conflicting,
        already_had=len(batch) - len(fresh),
        pending=len(waiting),
    )


def _prev_json(prev: tuple[str, ...]) -> str:
    # As capture writes it, so a log reads the same on every laptop.
    return json.dumps(list(prev), ensure_ascii=False, separators=(",", ":"))


def _advance_site(conn: Connection, fresh: list[OpRow], wall_clock: WallClock) -> None:
    """Fold the newest remote stamp into this laptop's clock; keep its counter unique."""
    site_id, counter, last = _load_site(conn)
    clock = HybridLogicalClock(wall_clock, last)
    clock.receive(max(Timestamp.parse(op.hlc) for op in fresh))
    # Its own operations coming back (restored from a backup): never reuse a counter.
    mine = [op.counter for op in fresh if op.site_id == site_id]
    conn.execute(
        update(_SITE)
        .where(_SITE.c.id == SITE_ROW)
        .values(counter=max([counter, *mine]), hlc=clock.last.encode())
    )


_History = dict[tuple[str, str], dict[str, list[OpRow]]]


def _load_ops(conn: Connection, rows: set[tuple[str, str]]) -> _History:
    by_entity: dict[str, list[str]] = defaultdict(list)
    for entity, row_id in rows:
        by_entity[entity].append(row_id)
    history: _History = {}
    for entity, row_ids in by_entity.items():
        for chunk in _chunks(sorted(row_ids)):
            result = conn.execute(
                select(_OPERATION).where(
                    _OPERATION.c.entity == entity, _OPERATION.c.row_id.in_(chunk)
                )
            )
            for r in result:
                op = _op_from_row(r)
                history.setdefault((entity, op.row_id), {}).setdefault(op.field, []).append(op)
    return history


def _order(op: OpRow) -> tuple[str, str, int]:
    return (op.hlc, op.site_id, op.counter)


def _heads(ops: list[OpRow]) -> list[OpRow]:
    """The field's operations no other names in prev (newest first)."""
    named = {p for op in ops for p in op.prev}
    heads = [op for op in ops if op.op_id not in named]
    if not heads:  # a cycle of prev lists (only forged operations make one)
        heads = [max(ops, key=_order)]
    return sorted(heads, key=_order, reverse=True)


_DELETE_HEADS = delete(_HEAD).where(
    _HEAD.c.entity == bindparam("e"),
    _HEAD.c.row_id == bindparam("r"),
    _HEAD.c.field == bindparam("f"),
)


def _write_heads(conn: Connection, fields: set[tuple[str, str, str]], history: _History) -> int:
    """Replace the heads of every touched field (two executemany statements in all)."""
    conflicting = 0
    keys: list[dict[str, str]] = []
    rows: list[dict[str, str]] = []
    for entity, row_id, field in sorted(fields):
        heads = _heads(history[(entity, row_id)][field])
        keys.append({"e": entity, "r": row_id, "f": field})
        rows.extend(
            {"entity": entity, "row_id": row_id, "field": field, "op_id": h.op_id} for h in heads
        )
        if is_free_text(entity, field) and len({h.value for h in heads}) > 1:
            conflicting += 1
    if keys:
        conn.execute(_DELETE_HEADS, keys)
        conn.execute(insert(_HEAD), rows)
    return conflicting


_TABLE_ORDER = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}


def _materialize(
    conn: Connection, rows: set[tuple[str, str]], history: _History
) -> tuple[int, set[tuple[str, str]]]:
    """Write each row's winning values; returns (rows changed, rows still waiting).

    Parents first (tables in foreign-key order), then again for what still waits, as
    long as a round makes progress: a chain of rows arriving child-first settles.
    """
    waiting = sorted(rows, key=lambda key: (_TABLE_ORDER[key[0]], key[1]))
    current = _current_rows(conn, waiting)
    present = _Present(conn)
    changed = 0
    while waiting:
        left: list[tuple[str, str]] = []
        for entity, row_id in waiting:
            outcome = _materialize_row(
                conn,
                entity,
                row_id,
                history.get((entity, row_id), {}),
                current.get((entity, row_id)),
                present,
            )
            if outcome is None:
                left.append((entity, row_id))
            elif outcome:
                changed += 1
        if len(left) == len(waiting):
            break  # no parent arrived this round: the rest wait for a later bundle
        waiting = left
    return changed, set(waiting)


def _current_rows(
    conn: Connection, rows: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], Mapping[str, Any]]:
    by_entity: dict[str, list[str]] = defaultdict(list)
    for entity, row_id in rows:
        by_entity[entity].append(row_id)
    out: dict[tuple[str, str], Mapping[str, Any]] = {}
    for entity, row_ids in by_entity.items():
        table = cast(Table, ENTITY_BY_TABLE[entity].__table__)
        for chunk in _chunks(row_ids):
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


def _materialize_row(
    conn: Connection,
    entity: str,
    row_id: str,
    fields: dict[str, list[OpRow]],
    current: Mapping[str, Any] | None,
    present: _Present,
) -> bool | None:
    """True if the row was written, False if it was already right, None if it must wait."""
    table = cast(Table, ENTITY_BY_TABLE[entity].__table__)
    values: dict[str, Any] = {}
    for field, ops in fields.items():
        winner = _heads(ops)[0]
        values[field] = decode_value(table.c[field], winner.value)
    if current is None:
        # A scoped export may withhold some fields for good (a person's contact details
        # for a reference-group laptop): columns with a default (or nullable) take it;
        # a required column without one means only part of the creation is here yet.
        for column in table.c:
            if column.primary_key or column.name in values:
                continue
            default = column.default
            if default is not None and default.is_scalar:
                values[column.name] = default.arg  # type: ignore[attr-defined]
            elif column.nullable:
                values[column.name] = None
            else:
                return None
        differing = values
    else:
        differing = {k: v for k, v in values.items() if current[k] != v}
        if not differing:
            return False
    for column_name, value in differing.items():
        if value is None:
            continue
        for fk in table.c[column_name].foreign_keys:
            if not present.has(fk.column, value):
                return None  # its parent row has not arrived yet
    if current is None:
        conn.execute(insert(table).values(id=row_id, **values))
        present.add(entity, row_id)
    else:
        conn.execute(update(table).where(table.c.id == row_id).values(**differing))
    return True


# --- conflicts ----------------------------------------------------------------------------


def conflicts(session: Session) -> list[Conflict]:
    """Free-text fields whose concurrent versions differ, ordered by (entity, row, field)."""
    conn = session.connection()
    keys = conn.execute(
        select(_HEAD.c.entity, _HEAD.c.row_id, _HEAD.c.field)
        .group_by(_HEAD.c.entity, _HEAD.c.row_id, _HEAD.c.field)
        .having(func.count() > 1)
        .order_by(_HEAD.c.entity, _HEAD.c.row_id, _HEAD.c.field)
    ).all()
    out: list[Conflict] = []
    for entity, row_id, field in keys:
        if not is_free_text(entity, field):
            continue
        op_ids = (
            conn.execute(
                select(_HEAD.c.op_id).where(
                    _HEAD.c.entity == entity, _HEAD.c.row_id == row_id, _HEAD.c.field == field
                )
            )
            .scalars()
            .all()
        )
        ops = [
            _op_from_row(r)
            for r in conn.execute(select(_OPERATION).where(_OPERATION.c.op_id.in_(op_ids)))
        ]
        ops.sort(key=_order, reverse=True)
        if len({op.value for op in ops}) < 2:
            continue
        column = _column(entity, field)
        heads = tuple(
            ConflictHead(op.op_id, op.site_id, op.hlc, decode_value(column, op.value)) for op in ops
        )
        out.append(Conflict(entity, row_id, field, heads, _suggest(heads)))
    return out


def _suggest(heads: Sequence[ConflictHead]) -> str:
    """Every distinct version, newest first, one paragraph apart: nothing is dropped."""
    versions: list[str] = []
    for head in heads:
        text = "" if head.value is None else str(head.value)
        if text.strip() and text not in versions:
            versions.append(text)
    # A version that another contains whole adds nothing.
    kept = [v for v in versions if not any(v != o and v in o for o in versions)]
    return "\n\n".join(kept)


def resolve_conflict(
    session: Session,
    entity: str,
    row_id: str,
    field: str,
    value: Any,
    *,
    wall_clock: WallClock = wall_millis,
) -> OpRow:
    """Write ``value`` as a new local operation naming every head, so all laptops converge."""
    column = _column(entity, field)
    try:
        encoded = encode_value(column, value)
    except TypeError as exc:
        raise ValidationError(str(exc), field) from exc
    with capture_suspended(session):
        conn = session.connection()
        heads = sorted(
            conn.execute(
                select(_HEAD.c.op_id).where(
                    _HEAD.c.entity == entity, _HEAD.c.row_id == row_id, _HEAD.c.field == field
                )
            )
            .scalars()
            .all()
        )
        if not heads:
            raise ValidationError(f"There is no {entity.replace('_', ' ')} {row_id} to change.")
        site_id, counter, last = _load_site(conn)
        clock = HybridLogicalClock(wall_clock, last)
        counter += 1
        op = OpRow(
            op_id=f"{site_id}:{counter}",
            site_id=site_id,
            counter=counter,
            entity=entity,
            row_id=row_id,
            field=field,
            value=encoded,
            hlc=clock.now().encode(),
            prev=tuple(heads),
        )
        validate(op)  # the same rules a bundle's operations meet
        conn.execute(
            insert(_OPERATION),
            [{**op.to_dict(), "prev": _prev_json(op.prev)}],
        )
        conn.execute(
            delete(_HEAD).where(
                _HEAD.c.entity == entity, _HEAD.c.row_id == row_id, _HEAD.c.field == field
            )
        )
        conn.execute(
            insert(_HEAD).values(entity=entity, row_id=row_id, field=field, op_id=op.op_id)
        )
        conn.execute(
            update(_SITE)
            .where(_SITE.c.id == SITE_ROW)
            .values(counter=counter, hlc=clock.last.encode())
        )
        history = _load_ops(conn, {(entity, row_id)})
        _materialize(conn, {(entity, row_id)}, history)
    session.expire_all()
    return op


__all__ = [
    "ApplyReport",
    "Conflict",
    "ConflictHead",
    "OpRow",
    "apply_ops",
    "conflicts",
    "knowledge",
    "ops_since",
    "resolve_conflict",
    "validate",
]
