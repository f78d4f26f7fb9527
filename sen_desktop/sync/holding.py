"""What an export holds back so that its recipient takes the rest (docs/TRUST.md
"Authorship", Legacy).

A laptop may hold changes it cannot yet pass on in a form the recipient would accept:

* another laptop's change of the passphrase scheme that no batch here covers (the lead's
  legacy batches have not reached this laptop yet): ``batches.batches_covering`` sets it
  aside (``missing``);
* a change its author made before laptops were certified that the author may no longer
  write -- a chair's key row made by a tick box -- carried with only its author's batch:
  the recipient takes it only with the root's legacy batch. ``refused_by_recipient``
  runs the recipient's own check (``authority.Checker``) over such early changes, the
  only ones whose author's present certificate may not cover them;
* a change of a laptop revoked by its stamp (``counting``);
* for a laptop that reads only some groups, a row whose parent row the bundle leaves out
  for one of those reasons and the recipient has not confirmed holding: it would wait
  there for a parent the laptop cannot tell is within its scope, and the laptop refuses
  such a bundle whole. ``orphaned_rows`` finds them, and their children.

None of this is a reason to refuse a whole export: it goes without them, the recipient is
not credited with them, and a later export carries them once they can be vouched for (or
their parents can go). A laptop that reads everything takes rows waiting for their
parents, so only the first three apply to it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, select

from sen_desktop.core.store import models as m
from sen_desktop.core.store.oplog import GENESIS_SITE
from sen_desktop.sync.authority import Checker
from sen_desktop.sync.batches import BatchError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

    from sqlalchemy.orm import Session
    from typing_extensions import override  # mypy checks the base still has the method

    from sen_desktop.sync.operations import OpRow
    from sen_desktop.sync.registry import Registry
else:

    def override(method: Any) -> Any:
        return method

Row = tuple[str, str]  # (entity, row id)

_CHUNK = 400  # ids per IN (…): well under SQLite's bound-parameter limit
_REHEARSAL_CHUNK = 2_000


class _Rehearsal(Checker):
    """The recipient's check of operations against their batches, authors and write scope,
    run by the sender: it notes what would be refused instead of refusing.

    The sender holds every operation it sends, so the rule that an operation held
    identically is never refused would let everything through here; the recipient may
    not hold it."""

    def __init__(self, session: Session, registry: Registry) -> None:
        # No own sites: the recipient's claims on its own sites are checked on import;
        # what matters here is authorship and write scope.
        super().__init__(session, registry, own_laptop_id="", own_sites=set())
        self.refused: set[str] = set()

    @override
    def _creator(self, entity: str, row_id: str) -> str | None:
        # As the recipient tells it when the bundle brings the row's first operation (it
        # may lack the row); else from what this laptop holds, as a recipient holding it.
        noted = self._first_op.get((entity, row_id))
        return noted[1] if noted is not None else super()._creator(entity, row_id)

    @override
    def _raise_unless_held(self, chunk: Sequence[OpRow], problems: list[tuple[int, str]]) -> None:
        self.refused.update(chunk[index].op_id for index, _message in problems)


def refused_by_recipient(
    session: Session,
    registry: Registry,
    batches: Sequence[Mapping[str, Any]],
    ops: Sequence[OpRow],
    carried: Sequence[OpRow] = (),
) -> set[str]:
    """The ids of ``ops`` a laptop would refuse when they came with ``batches`` and
    ``carried`` (the bundle's other operations): their author may not write them now and
    no legacy batch of the root vouches for them (or no batch carried verifies). Reads
    only."""
    if not ops:
        return set()
    rehearsal = _Rehearsal(session, registry)
    for item in batches:
        try:
            rehearsal.add_batches([item])
        except BatchError:
            continue  # a batch the recipient would refuse: what it alone covers is held
    # The bundle's operations of the same rows: who made a row is told by its first.
    rows = {(op.entity, op.row_id) for op in ops}
    rehearsal.note([op for op in carried if (op.entity, op.row_id) in rows] or ops)
    for start in range(0, len(ops), _REHEARSAL_CHUNK):
        chunk = ops[start : start + _REHEARSAL_CHUNK]
        try:
            rehearsal.check(chunk)
        except BatchError:
            # A problem the check raises at once: find the operations, one by one.
            for op in chunk:
                try:
                    rehearsal.check([op])
                except BatchError:
                    rehearsal.refused.add(op.op_id)
    return rehearsal.refused


def _required(entity: str) -> frozenset[str]:
    """The columns a new row of ``entity`` cannot be made without (as the merge makes
    rows: not the key, not nullable, no default)."""
    table = cast("Table", m.ENTITY_BY_TABLE[entity].__table__)
    return frozenset(
        column.name
        for column in table.c
        if not column.primary_key
        and not column.nullable
        and not (column.default is not None and column.default.is_scalar)
    )


def _children_of() -> dict[str, list[tuple[str, str]]]:
    """Per synced entity, the (entity, foreign-key column) pairs that refer to it."""
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for entity, model in m.ENTITY_BY_TABLE.items():
        table = cast("Table", model.__table__)
        for column in table.c:
            for key in column.foreign_keys:
                target = key.column.table.name
                if target in m.ENTITY_BY_TABLE:
                    out[target].append((entity, column.name))
    return out


def orphaned_rows(
    session: Session,
    carried: Sequence[OpRow],
    left_out: Iterable[OpRow],
    acknowledged: Mapping[str, int],
) -> set[Row]:
    """The rows a bundle of ``carried`` must not carry to a laptop that reads only some
    groups, now that it leaves ``left_out`` out: a row the recipient would not hold after
    it (it has confirmed no operation of it, and what is carried does not make it), and
    every row that refers to such a row, directly or through others.

    A row is held after the bundle when its operations confirmed (``acknowledged``: the
    recipient's knowledge as credited here) or carried set every column a new row needs.
    Reads only."""
    dropped: dict[str, set[str]] = defaultdict(set)
    for op in left_out:
        dropped[op.entity].add(op.row_id)
    if not dropped:
        return set()
    carried_ids = {op.op_id for op in carried}
    absent: dict[str, set[str]] = defaultdict(set)
    conn = session.connection()
    operation = cast("Table", m.Operation.__table__)
    for entity, ids in sorted(dropped.items()):
        if entity not in m.ENTITY_BY_TABLE:
            continue
        needed = _required(entity)
        ordered = sorted(ids)
        reached: dict[str, set[str]] = {row_id: set() for row_id in ordered}
        any_reached: set[str] = set()
        for start in range(0, len(ordered), _CHUNK):
            part = ordered[start : start + _CHUNK]
            rows = conn.execute(
                select(
                    operation.c.op_id,
                    operation.c.site_id,
                    operation.c.counter,
                    operation.c.row_id,
                    operation.c.field,
                ).where(operation.c.entity == entity, operation.c.row_id.in_(part))
            )
            for op_id, site, counter, row_id, field in rows:
                if (
                    site == GENESIS_SITE
                    or op_id in carried_ids
                    or counter <= acknowledged.get(site, 0)
                ):
                    reached[row_id].add(field)
                    any_reached.add(row_id)
        for row_id in ordered:
            if row_id not in any_reached or not needed <= reached[row_id]:
                absent[entity].add(row_id)
    if not absent:
        return set()
    return _with_descendants(session, absent, carried)


def _with_descendants(
    session: Session, absent: dict[str, set[str]], carried: Sequence[OpRow]
) -> set[Row]:
    """``absent`` and every row referring to one of them, through the foreign keys as
    the tables hold them now or as a carried operation sets them."""
    children = _children_of()
    # What carried operations set foreign keys to: (entity, column) -> parent id -> rows.
    pointing: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    keys = {(entity, column) for links in children.values() for entity, column in links}
    for op in carried:
        if (op.entity, op.field) in keys:
            try:
                value = json.loads(op.value)
            except ValueError:
                continue
            if isinstance(value, str):
                pointing[(op.entity, op.field)][value].add(op.row_id)
    out: set[Row] = {(entity, row_id) for entity, ids in absent.items() for row_id in ids}
    wave = {entity: set(ids) for entity, ids in absent.items()}
    while wave:
        found: dict[str, set[str]] = defaultdict(set)
        for target, ids in wave.items():
            ordered = sorted(ids)
            for entity, column_name in children.get(target, []):
                table = cast("Table", m.ENTITY_BY_TABLE[entity].__table__)
                column = table.c[column_name]
                for start in range(0, len(ordered), _CHUNK):
                    part = ordered[start : start + _CHUNK]
                    for row_id in session.scalars(select(table.c.id).where(column.in_(part))):
                        found[entity].add(str(row_id))
                by_parent = pointing.get((entity, column_name))
                if by_parent:
                    for parent in ordered:
                        found[entity] |= by_parent.get(parent, set())
        wave = {}
        for entity, ids in found.items():
            fresh = {row_id for row_id in ids if (entity, row_id) not in out}
            if fresh:
                out |= {(entity, row_id) for row_id in fresh}
                wave[entity] = fresh
    return out


def hold_back(
    session: Session,
    registry: Any,
    ops: list[OpRow],
    *,
    own_site: str,
    uncounted: Sequence[OpRow],
    acknowledged: Mapping[str, int] | None,
) -> tuple[list[OpRow], list[dict[str, Any]], list[OpRow]]:
    """(the operations a part carries, their batches, the operations it holds back).

    Held back (``sync.holding``): another laptop's changes no batch here covers; early
    changes the recipient would refuse without a legacy batch of the root that has not
    reached this laptop; and, for a laptop reading only some groups (``acknowledged`` is
    its confirmed knowledge), the rows that would wait there for a parent left out. This
    laptop's own unsealed changes are an error (it seals before exporting)."""
    from sen_desktop.sync.batches import batches_covering

    missing: list[OpRow] = []
    early: list[OpRow] = []
    batches = batches_covering(session, ops, missing=missing, early=early)
    if any(op.site_id == own_site for op in missing):
        batches_covering(session, missing)  # raises: its own, unsealed
    held = {op.op_id for op in missing}
    if early:
        held |= refused_by_recipient(session, registry, batches, early, ops)
    if acknowledged is not None and (held or uncounted):
        left = [op for op in ops if op.op_id in held]
        orphans = orphaned_rows(
            session,
            [op for op in ops if op.op_id not in held],
            [*left, *uncounted],
            acknowledged,
        )
        held |= {op.op_id for op in ops if (op.entity, op.row_id) in orphans}
    if not held:
        return ops, batches, []
    kept = [op for op in ops if op.op_id not in held]
    return kept, batches_covering(session, kept), [op for op in ops if op.op_id in held]


def counting(session: Session, registry: Any) -> Callable[[OpRow], bool] | None:
    """Whether an operation still counts: not made by a laptop revoked by its stamp (as
    this laptop's registry says), or None when no laptop's batches were revoked.

    This laptop may hold such operations: they came before it heard of the revocation.
    They do not count (docs/TRUST.md), and a laptop that has heard refuses a bundle
    carrying them, so an export leaves them out rather than stop every later bundle."""
    from sen_desktop.sync.certificates import parse_instant

    stops: dict[str, int] = {}
    for revocation in registry.revocations():
        start = registry.revoked_from(revocation.laptop_id)
        if start is not None:
            stops[revocation.laptop_id] = int(parse_instant(start).timestamp() * 1000)
    if not stops:
        return None
    marks = ", ".join("?" * len(stops))
    site_stops = {
        str(site): stops[str(signer)]
        for site, signer in session.connection().exec_driver_sql(
            "SELECT DISTINCT site_id, signer FROM op_batch "
            f"WHERE legacy = 0 AND signer IN ({marks})",
            tuple(stops),
        )
    }
    if not site_stops:
        return None

    def counts(op: OpRow) -> bool:
        stop = site_stops.get(op.site_id)
        return stop is None or int(op.hlc[:13]) < stop

    return counts


__all__ = ["counting", "hold_back", "orphaned_rows", "refused_by_recipient"]
