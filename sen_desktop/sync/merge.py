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
inside a savepoint it rolls back. Materialized writes (new rows as plain driver rows
through their columns' bind processors, updates through Core) run with capture
suspended: the operations are stored as they came, not captured again.

``knowledge()`` (``sync.operations``, with ``OpRow``, ``validate`` and ``ops_since``,
offered here too) is, per site, the counter up to which every operation is held (not
the highest held: a scoped export leaves gaps by design, and a laptop that took in
another's gappy log must not claim the gaps). Widening a recipient's scope is
sync.scope's concern.
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
from sen_desktop.core.store.hlc import (
    HybridLogicalClock,
    Timestamp,
    WallClock,
    wall_millis,
)
from sen_desktop.core.store.models import (
    ENTITY_BY_TABLE,
    Base,
    FieldHead,
    Operation,
    SiteState,
)
from sen_desktop.core.store.oplog import (
    GENESIS_SITE,
    SITE_ROW,
    _load_site,
    capture_suspended,
    decode_value,
    encode_value,
)
from sen_desktop.sync.fields import is_free_text
from sen_desktop.sync.operations import (
    NO_PREV,
    OP_COLUMNS,
    SELECT_OPS,
    OpRow,
    collector_paused,
    column_of,
    json_depth,
    knowledge,
    op_from_row,
    ops_since,
    too_deep,
    validate,
    validate_shaped,
)
from sen_desktop.sync.revoked import counting

_OPERATION = cast(Table, Operation.__table__)
_HEAD = cast(Table, FieldHead.__table__)
_SITE = cast(Table, SiteState.__table__)
_CHUNK = 400  # rows per IN (…): well under SQLite's bound-parameter limit

MAX_PENDING = 100_000  # rows waiting for their parent rows


@dataclass(frozen=True, slots=True)
class ApplyReport:
    """What an import did: operations new and already held, rows changed, conflicts."""

    new: int  # operations stored
    changed: int  # rows created or updated in the tables
    conflicting: int  # free-text fields touched that now hold differing versions
    already_had: int  # operations this laptop held already
    pending: int  # rows waiting for their parent rows (after this import)
    rechecked: int = 0  # rows that were waiting and were looked at again (their parents came)


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


# --- writing the log ----------------------------------------------------------------------

# Operations are written with ``executemany`` of plain tuples (see ``sync.operations``).
_INSERT_OP = f"INSERT INTO operation ({OP_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
_INSERT_HEAD = "INSERT INTO field_head (entity, row_id, field, op_id) VALUES (?, ?, ?, ?)"
_DELETE_HEAD = "DELETE FROM field_head WHERE entity = ? AND row_id = ? AND field = ? AND op_id = ?"
_MISSING: Any = object()


def _marks(count: int) -> str:
    return ", ".join("?" * count)


# --- apply --------------------------------------------------------------------------------


def apply_ops(
    session: Session,
    ops: Iterable[OpRow],
    *,
    dry_run: bool = False,
    wall_clock: WallClock = wall_millis,
    max_pending: int | None = MAX_PENDING,
    none_held: bool = False,
    shaped: bool = False,
) -> ApplyReport:
    """Store the operations this laptop lacks and bring the tables up to date.

    Every operation is validated first (ValidationError naming the first bad one; nothing
    is written) -- except one identical to the copy this laptop holds, which was checked
    when it first came, so a bundle of operations already held costs one look-up each.
    ``dry_run`` reports what would happen and leaves the database as it was.

    The tables are a function of the set of operations held, so a big bundle may be
    applied in chunks, one call each, inside one transaction: rows of an early chunk
    that wait for parents in a later one are settled by it. ``max_pending`` refuses the
    call when more rows than that would wait (``None``: the caller checks at the end,
    with ``check_pending``).
    ``none_held``: the caller knows this laptop holds none of ``ops``; ``shaped``: they
    were read by ``bundle.parse_ops`` (``validate_shaped`` does the rest of ``validate``).
    """
    with collector_paused():
        return _apply_ops(
            session,
            ops,
            dry_run=dry_run,
            wall_clock=wall_clock,
            max_pending=max_pending,
            none_held=none_held,
            shaped=shaped,
        )


def check_pending(count: int, limit: int = MAX_PENDING) -> None:
    """Refuse when more than ``limit`` rows would wait for their parent rows."""
    if count > limit:
        raise ValidationError(
            f"{count:,} rows would be waiting for their parent rows, more than the "
            f"{limit:,} a laptop keeps; ask the sender for a bundle of everything."
        )


def _apply_ops(
    session: Session,
    ops: Iterable[OpRow],
    *,
    dry_run: bool,
    wall_clock: WallClock,
    max_pending: int | None,
    none_held: bool = False,
    shaped: bool = False,
) -> ApplyReport:
    session.flush()  # what the session holds unwritten is captured first, as it would be anyway
    counts = counting(session)
    # What a revoked laptop stamped at or after its revocation never counts here: not
    # stored, whichever came first (sync.revoked takes out what came before).
    ops = list(ops) if counts is None else list(filter(counts, ops))
    check = validate_shaped if shaped else validate
    held = {} if none_held else _held(session.connection(), ops)
    unique: dict[str, OpRow] = {}
    decoded: dict[str, Any] = {}  # op id -> its value, as validate() decoded it
    fresh: list[OpRow] = []
    differing: list[OpRow] = []
    if not held:
        # Nothing here is held (a bundle of new operations): the loop below, without
        # the comparisons with held copies.
        for op in ops:
            op_id = op.op_id
            seen = unique.get(op_id)
            if seen is not None and seen == op:
                continue
            if op.site_id == GENESIS_SITE:
                raise ValidationError(
                    f"Operation {op_id[:60]!r} claims the seeded programme but is not "
                    "the one this laptop holds."
                )
            decoded[op_id] = check(op)
            if seen is not None:
                raise ValidationError(f"Operation {op_id!r} comes twice with different content.")
            unique[op_id] = op
        fresh = list(unique.values())
        ops = []
    for op in ops:
        seen = unique.get(op.op_id)
        if seen is not None and seen == op:
            continue  # a duplicate: looked at already
        have = held.get(op.op_id)
        same = have is not None and _same(have, op)
        if not same:
            if op.site_id == GENESIS_SITE:
                raise ValidationError(
                    f"Operation {op.op_id[:60]!r} claims the seeded programme but is not "
                    "the one this laptop holds."
                )
            decoded[op.op_id] = check(op)
        if seen is not None:
            raise ValidationError(f"Operation {op.op_id!r} comes twice with different content.")
        unique[op.op_id] = op
        if have is None:
            fresh.append(op)
        elif not same:
            differing.append(op)
    if differing:
        raise ValidationError(
            f"Operation {differing[0].op_id!r} differs from the copy this laptop already holds."
        )
    with capture_suspended(session):
        if not dry_run:
            report = _apply(session, fresh, len(unique) - len(fresh), decoded, wall_clock)
            if max_pending is not None:
                check_pending(report.pending, max_pending)
        else:
            savepoint = session.begin_nested()
            try:
                report = _apply(session, fresh, len(unique) - len(fresh), decoded, wall_clock)
                if max_pending is not None:
                    check_pending(report.pending, max_pending)
            finally:
                savepoint.rollback()
    session.expire_all()
    return report


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _apply(
    session: Session,
    fresh: list[OpRow],
    already_had: int,
    decoded: dict[str, Any],
    wall_clock: WallClock,
) -> ApplyReport:
    """Store ``fresh`` (operations this laptop lacks) and settle the rows they touch."""
    conn = session.connection()
    arriving: _History = {}
    several: set[tuple[str, str]] = set()  # rows with a field arriving more than once
    for op in fresh:
        key = (op.entity, op.row_id)
        fields = arriving.get(key)
        if fields is None:
            arriving[key] = {op.field: [op]}
            continue
        same = fields.get(op.field)
        if same is None:
            fields[op.field] = [op]
        else:
            same.append(op)
            several.add(key)
    # Rows waiting for parents are looked at again only when a parent (or one of their
    # own operations) arrives: found through the index on the parent they wait for.
    pending = _waiting_on(conn, arriving)
    rows = set(arriving) | pending
    # What was held of those rows, read before the new operations join it; then the
    # whole history of each row is in memory and nothing is read twice.
    history = _load_ops(conn, rows)
    known = set(history)  # rows this laptop held operations of (so heads too) before
    if fresh:
        # An OpRow is the table's row, but for prev (stored as JSON text).
        no_prev = (NO_PREV,)
        conn.exec_driver_sql(
            _INSERT_OP,
            [op[:8] + (no_prev if not op.prev else (_prev_json(op.prev),)) for op in fresh],
        )
        _advance_site(conn, fresh, wall_clock)
    for key, fields in arriving.items():
        held = history.get(key)
        if held is None:
            history[key] = fields  # a new row: its history is what arrives (read only now)
            continue
        for field, ops in fields.items():
            held.setdefault(field, []).extend(ops)
    heads: _History = {}  # the heads of the fields that changed, by row and field
    conflicting = _write_heads(conn, arriving, history, heads, known, several)
    changed, waiting = _materialize(conn, rows, history, heads, decoded)
    settled = sorted(pending - set(waiting))
    if settled:
        conn.exec_driver_sql(_DELETE_PENDING, settled)
    if waiting:
        conn.exec_driver_sql(
            _UPSERT_PENDING,
            [(entity, row_id, parent) for (entity, row_id), parent in sorted(waiting.items())],
        )
    total = conn.exec_driver_sql("SELECT count(*) FROM sync_pending").scalar_one()
    return ApplyReport(
        new=len(fresh),
        changed=changed,
        conflicting=conflicting,
        already_had=already_had,
        pending=int(total),
        rechecked=len(pending - set(arriving)),
    )


_DELETE_PENDING = "DELETE FROM sync_pending WHERE entity = ? AND row_id = ?"
_UPSERT_PENDING = (
    "INSERT INTO sync_pending (entity, row_id, parent_id) VALUES (?, ?, ?) "
    "ON CONFLICT (entity, row_id) DO UPDATE SET parent_id = excluded.parent_id"
)
#: The rows waiting for any of some parent rows: one seek each on the parent index.
WAITING_FOR = "SELECT entity, row_id FROM sync_pending WHERE parent_id IN ({})"


def _waiting_on(conn: Connection, arriving: _History) -> set[tuple[str, str]]:
    """The waiting rows an import of ``arriving`` may settle: those among the arriving
    rows themselves, those waiting for an arriving row, those waiting for *them*, and
    so on (a chain arriving parent-last), and rows recorded before the parent was kept.
    """
    if not arriving or conn.exec_driver_sql("SELECT 1 FROM sync_pending LIMIT 1").first() is None:
        return set()
    found: set[tuple[str, str]] = set()
    by_entity: dict[str, list[str]] = defaultdict(list)
    for entity, row_id in arriving:
        by_entity[entity].append(row_id)
    for entity, row_ids in by_entity.items():
        for chunk in _chunks(sorted(row_ids)):
            found.update(
                (entity, row_id)
                for (row_id,) in conn.exec_driver_sql(
                    "SELECT row_id FROM sync_pending "
                    f"WHERE entity = ? AND row_id IN ({_marks(len(chunk))})",
                    (entity, *chunk),
                )
            )
    found.update(
        (e, r)
        for e, r in conn.exec_driver_sql(
            "SELECT entity, row_id FROM sync_pending WHERE parent_id IS NULL"
        )
    )
    frontier = sorted({row_id for _, row_id in arriving})
    while frontier:
        wave: set[str] = set()
        for chunk in _chunks(frontier):
            for entity, row_id in conn.exec_driver_sql(
                WAITING_FOR.format(_marks(len(chunk))), tuple(chunk)
            ):
                if (entity, row_id) not in found:
                    found.add((entity, row_id))
                    wave.add(row_id)
        frontier = sorted(wave)
    return found


def held_identically(session: Session, ops: Sequence[OpRow]) -> set[str]:
    """The ids of those of ``ops`` this laptop holds exactly as they are: they were
    checked when they first came (or made here), so an import need not check or apply
    them again."""
    session.flush()
    held = _held(session.connection(), list(ops))
    return {op.op_id for op in ops if (have := held.get(op.op_id)) is not None and _same(have, op)}


def held_rows(session: Session, op_ids: Iterable[str]) -> dict[str, Sequence[Any]]:
    """This laptop's copy of each operation of ``op_ids`` it holds (the operation
    table's columns, in ``OP_COLUMNS`` order), by id."""
    session.flush()
    return _held_ids(session.connection(), op_ids)


def _held(conn: Connection, ops: list[OpRow]) -> dict[str, Sequence[Any]]:
    """This laptop's copy of each of ``ops`` it holds, as the operation table's columns."""
    return _held_ids(conn, (op.op_id for op in ops))


def _held_ids(conn: Connection, op_ids: Iterable[str]) -> dict[str, Sequence[Any]]:
    """Looked up by (site, counter), the order the log was written in, so the rows come
    off neighbouring pages; an id not of that form (only a bad operation has one) by
    itself."""
    counters: dict[str, set[int]] = defaultdict(set)
    odd: set[str] = set()
    for op_id in op_ids:
        if type(op_id) is not str:
            continue  # validate() refuses it
        site, colon, number = op_id.rpartition(":")
        if colon and number.isascii() and number.isdigit() and len(number) <= 18:
            counters[site].add(int(number))
        else:
            odd.add(op_id)
    held: dict[str, Sequence[Any]] = {}
    # The session's own DB-API connection, in its transaction: plain tuples, no Row objects.
    cursor = conn.connection.cursor()
    try:
        for site, numbers in counters.items():
            scattered: list[int] = []
            for first, last in _runs(sorted(numbers)):
                if last - first < _RUN:
                    scattered.extend(range(first, last + 1))
                    continue
                # A bundle's operations of one site mostly run unbroken: one range read.
                cursor.execute(
                    f"{SELECT_OPS} WHERE site_id = ? AND counter BETWEEN ? AND ?",
                    (site, first, last),
                )
                for row in cursor.fetchall():
                    held[row[0]] = row
            for chunk in _chunks(scattered):
                cursor.execute(
                    f"{SELECT_OPS} WHERE site_id = ? AND counter IN ({_marks(len(chunk))})",
                    (site, *chunk),
                )
                for row in cursor.fetchall():
                    held[row[0]] = row
        for chunk in _chunks(sorted(odd)):
            cursor.execute(f"{SELECT_OPS} WHERE op_id IN ({_marks(len(chunk))})", tuple(chunk))
            for row in cursor.fetchall():
                held[row[0]] = row
    finally:
        cursor.close()
    return held


_RUN = 16  # counters in a row worth one range read rather than places in an IN list


def _runs(numbers: Sequence[int]) -> Iterable[tuple[int, int]]:
    """Sorted distinct numbers as (first, last) of each unbroken run."""
    if not numbers:
        return
    first = last = numbers[0]
    for number in numbers[1:]:
        if number != last + 1:
            yield first, last
            first = number
        last = number
    yield first, last


def _same(have: Sequence[Any], op: OpRow) -> bool:
    """Whether the held copy ``have`` is ``op``: compared as stored text, prev as a list."""
    return have[1:8] == (
        op.site_id,
        op.counter,
        op.entity,
        op.row_id,
        op.field,
        op.value,
        op.hlc,
    ) and (have[8] == _prev_json(op.prev) or op_from_row(have) == op)


# As capture writes prev, so a log reads the same on every laptop.
_to_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _prev_json(prev: tuple[str, ...]) -> str:
    return _to_json(list(prev)) if prev else NO_PREV


def _advance_site(conn: Connection, fresh: list[OpRow], wall_clock: WallClock) -> None:
    """Fold the newest remote stamp into this laptop's clock; keep its counter unique."""
    site_id, counter, last = _load_site(conn)
    clock = HybridLogicalClock(wall_clock, last)
    # Stamps are fixed-width text, so the latest is the largest string.
    clock.receive(Timestamp.parse(max(op.hlc for op in fresh)))
    # Its own operations coming back (restored from a backup): never reuse a counter.
    mine = [op.counter for op in fresh if op.site_id == site_id]
    conn.execute(
        update(_SITE)
        .where(_SITE.c.id == SITE_ROW)
        .values(counter=max([counter, *mine]), hlc=clock.last.encode())
    )


_History = dict[tuple[str, str], dict[str, list[OpRow]]]


def _load_ops(conn: Connection, rows: Iterable[tuple[str, str]]) -> _History:
    """Every operation held for ``rows``, by row and field."""
    by_entity: dict[str, list[str]] = defaultdict(list)
    for entity, row_id in rows:
        by_entity[entity].append(row_id)
    history: _History = {}
    for entity, row_ids in by_entity.items():
        for chunk in _chunks(sorted(row_ids)):
            result = conn.exec_driver_sql(
                f"{SELECT_OPS} WHERE entity = ? AND row_id IN ({_marks(len(chunk))})",
                (entity, *chunk),
            )
            for r in result:
                op = op_from_row(r)
                history.setdefault((entity, op.row_id), {}).setdefault(op.field, []).append(op)
    return history


def _order(op: OpRow) -> tuple[str, str, int]:
    return (op.hlc, op.site_id, op.counter)


def _heads(ops: list[OpRow]) -> list[OpRow]:
    """The field's operations no other names in prev (newest first)."""
    if len(ops) == 1:
        return ops  # an operation never names itself (validate)
    named = {p for op in ops for p in op.prev}
    heads = [op for op in ops if op.op_id not in named]
    if not heads:  # a cycle of prev lists (only forged operations make one)
        heads = [max(ops, key=_order)]
    return sorted(heads, key=_order, reverse=True)


def _write_heads(
    conn: Connection,
    arriving: _History,
    history: _History,
    heads: _History,
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
        for chunk in _chunks(sorted(row_ids)):
            for row_id, field, op_id in conn.exec_driver_sql(
                "SELECT row_id, field, op_id FROM field_head "
                f"WHERE entity = ? AND row_id IN ({_marks(len(chunk))})",
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
                field_heads = row_heads[field] = _heads(ops)
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
            field_heads = row_heads[field] = _heads(held[field])
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
_TABLES = {name: cast(Table, model.__table__) for name, model in ENTITY_BY_TABLE.items()}


def _materialize(
    conn: Connection,
    rows: set[tuple[str, str]],
    history: _History,
    heads: _History,
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
                winner = (row_heads.get(field) or _heads(ops))[0]
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
        table = cast(Table, ENTITY_BY_TABLE[entity].__table__)
        # Which exist, asked plainly (a bundle of new rows finds none); then those
        # read through Core, which gives dates and times their Python types.
        existing: list[str] = []
        for chunk in _chunks(row_ids):
            existing.extend(
                row_id
                for (row_id,) in conn.exec_driver_sql(
                    f'SELECT id FROM "{table.name}" WHERE id IN ({_marks(len(chunk))})',
                    tuple(chunk),
                )
            )
        for chunk in _chunks(existing):
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
        self.sql = f'INSERT INTO "{table.name}" ({columns}) VALUES ({_marks(len(self.names))})'
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
            op_from_row(r)
            for r in conn.exec_driver_sql(
                f"{SELECT_OPS} WHERE op_id IN ({_marks(len(op_ids))})", tuple(op_ids)
            )
        ]
        ops.sort(key=_order, reverse=True)
        if len({op.value for op in ops}) < 2:
            continue
        column = column_of(entity, field)
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
    column = column_of(entity, field)
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
        _materialize(conn, {(entity, row_id)}, history, {}, {})
    session.expire_all()
    return op


# For sync.revoked, which materializes rows again from what remains of their history.
load_history = _load_ops
heads_of = _heads
materialize = _materialize

__all__ = [
    "ApplyReport",
    "Conflict",
    "ConflictHead",
    "OpRow",
    "apply_ops",
    "check_pending",
    "conflicts",
    "held_identically",
    "held_rows",
    "json_depth",
    "too_deep",
    "knowledge",
    "ops_since",
    "resolve_conflict",
    "validate",
]
