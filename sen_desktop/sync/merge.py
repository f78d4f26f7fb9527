"""Merge: fold other laptops' operations into this one's log and tables.

docs/architecture.md "Sync-by-export". The tables are the materialized view of the operation
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

``knowledge()`` (``sync.operations``, with ``OpRow``, ``validate`` and ``ops_since``)
is, per site, the counter up to which every operation is held (not the highest held: a
scoped export leaves gaps by design, and a laptop that took in another's gappy log must
not claim the gaps). Widening a recipient's scope is sync.scope's concern.

The heads and the tables as the log's view are worked out in ``sync.materialize``;
conflicts of free text are listed and resolved in ``sync.conflicts``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Connection, Table, update

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.store.hlc import (
    HybridLogicalClock,
    Timestamp,
    WallClock,
    wall_millis,
)
from sen_desktop.core.store.models import SiteState
from sen_desktop.core.store.oplog import (
    GENESIS_SITE,
    SITE_ROW,
    _load_site,
    capture_suspended,
)
from sen_desktop.sync.materialize import (
    History,
    chunks,
    load_history,
    marks,
    materialize,
    prev_json,
    write_heads,
)
from sen_desktop.sync.operations import (
    NO_PREV,
    OP_COLUMNS,
    SELECT_OPS,
    OpRow,
    collector_paused,
    op_from_row,
    validate,
    validate_shaped,
)
from sen_desktop.sync.revoked import counting

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from sqlalchemy.orm import Session

_SITE = cast("Table", SiteState.__table__)

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


# Operations are written with ``executemany`` of plain tuples (see ``sync.operations``).
_INSERT_OP = f"INSERT INTO operation ({OP_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"


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


def _apply(
    session: Session,
    fresh: list[OpRow],
    already_had: int,
    decoded: dict[str, Any],
    wall_clock: WallClock,
) -> ApplyReport:
    """Store ``fresh`` (operations this laptop lacks) and settle the rows they touch."""
    conn = session.connection()
    arriving: History = {}
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
    history = load_history(conn, rows)
    known = set(history)  # rows this laptop held operations of (so heads too) before
    if fresh:
        # An OpRow is the table's row, but for prev (stored as JSON text).
        no_prev = (NO_PREV,)
        conn.exec_driver_sql(
            _INSERT_OP,
            [op[:8] + (no_prev if not op.prev else (prev_json(op.prev),)) for op in fresh],
        )
        _advance_site(conn, fresh, wall_clock)
    for key, fields in arriving.items():
        held = history.get(key)
        if held is None:
            history[key] = fields  # a new row: its history is what arrives (read only now)
            continue
        for field, ops in fields.items():
            held.setdefault(field, []).extend(ops)
    heads: History = {}  # the heads of the fields that changed, by row and field
    conflicting = write_heads(conn, arriving, history, heads, known, several)
    changed, waiting = materialize(conn, rows, history, heads, decoded)
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


def _waiting_on(conn: Connection, arriving: History) -> set[tuple[str, str]]:
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
        for chunk in chunks(sorted(row_ids)):
            found.update(
                (entity, row_id)
                for (row_id,) in conn.exec_driver_sql(
                    "SELECT row_id FROM sync_pending "
                    f"WHERE entity = ? AND row_id IN ({marks(len(chunk))})",
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
        for chunk in chunks(frontier):
            for entity, row_id in conn.exec_driver_sql(
                WAITING_FOR.format(marks(len(chunk))), tuple(chunk)
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
            for chunk in chunks(scattered):
                cursor.execute(
                    f"{SELECT_OPS} WHERE site_id = ? AND counter IN ({marks(len(chunk))})",
                    (site, *chunk),
                )
                for row in cursor.fetchall():
                    held[row[0]] = row
        for chunk in chunks(sorted(odd)):
            cursor.execute(f"{SELECT_OPS} WHERE op_id IN ({marks(len(chunk))})", tuple(chunk))
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
    ) and (have[8] == prev_json(op.prev) or op_from_row(have) == op)


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


__all__ = [
    "ApplyReport",
    "apply_ops",
    "check_pending",
    "held_identically",
    "held_rows",
]
