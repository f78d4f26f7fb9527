"""What a revoked laptop changed after its revocation does not count (docs/TRUST.md
"Certificates and the registry").

A revocation takes effect from its instant: operations its laptop stamped at or after
it do not count. A laptop that has heard of the revocation refuses a bundle carrying
them (``sync.authority``), but a laptop the revocation had not reached yet took them:
it could not know. Left there, they would show on that laptop for good and never on
the others -- the laptops would disagree. So when a revocation arrives
(``registry.merge_items``, ``TrustService.join``, ``TrustService.revoke``) the laptop
takes them out, as if they had never arrived (``discount_revoked``):

- they leave the log, so nothing exports or relays them (and a bundle that carries them
  again is refused here too, as on a laptop that heard first);
- the heads of every field of the rows they touched are worked out again from the
  operations that remain: an operation they had overwritten is a head again, and a
  later operation of another laptop made on top of them stays (it names them in
  ``prev``, which names nothing held now);
- those rows are materialized again from what remains, as new rows: a row only they
  created goes, and so do the rows under it, which wait for it in ``sync_pending`` as
  on a laptop that never had it (a row another laptop only edited waits for its own
  fields); a row they merely edited takes the values of the heads that remain. The
  search index follows through the store's triggers.

``counting`` gives ``merge.apply_ops`` the same rule for operations arriving: such an
operation is never stored, whichever order the revocation and the operation come in.

The operations are told by their site: a site whose own (not legacy) batches here
were signed by the revoked laptop, as ``sync.exporting`` tells them, or an old site of
the passphrase scheme its certificate binds (the lead's legacy batches vouch for what
was made there, but it was made there all the same). This laptop's own
changes are never taken out, even should it hear of its own revocation: they are what
its person typed, and no laptop that heard takes them from it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, cast

from sen_desktop.core.store.models import ENTITY_BY_TABLE
from sen_desktop.core.store.oplog import capture_suspended
from sen_desktop.sync.operations import SELECT_OPS, OpRow, collector_paused, op_from_row

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sqlalchemy import Connection, Table
    from sqlalchemy.orm import Session

    from sen_desktop.sync.registry import Registry

_CHUNK = 400  # ids per IN (…): well under SQLite's bound-parameter limit


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def revoked_sites(session: Session, registry: Registry | None = None) -> dict[str, str]:
    """Per site of a revoked laptop (its own batches held here), the HLC stamp from which
    its operations stop counting: the revocation's instant as the stamps' fixed-width
    text, so ``hlc >= stop`` tells them. Empty when no laptop but this one is revoked."""
    conn = session.connection()
    if conn.exec_driver_sql("SELECT 1 FROM laptop_revocation LIMIT 1").first() is None:
        return {}
    from sen_desktop.sync import registry as reg
    from sen_desktop.sync.certificates import parse_instant

    if registry is None:
        registry = reg.load(session)
    me = registry.self_laptop
    stops: dict[str, str] = {}
    for revocation in registry.revocations():
        laptop = revocation.laptop_id
        start = registry.revoked_from(laptop)
        if start is None or laptop in stops or (me is not None and me.laptop_id == laptop):
            continue
        stops[laptop] = f"{int(parse_instant(start).timestamp() * 1000):013d}"
    if not stops:
        return {}
    # Its old sites of the passphrase scheme too, which its certificate binds: what it
    # made there is its own, though the lead's legacy batches may vouch for it here.
    sites = {
        site: stops[certificate.laptop_id]
        for certificate in registry.all_certificates()
        if certificate.laptop_id in stops
        for site in certificate.sites
    }
    sites.update(
        (str(site), stops[str(signer)])
        for site, signer in conn.exec_driver_sql(
            "SELECT DISTINCT site_id, signer FROM op_batch "
            f"WHERE legacy = 0 AND signer IN ({_marks(len(stops))})",
            tuple(stops),
        )
    )
    return sites


def counting(session: Session) -> Callable[[OpRow], bool] | None:
    """Whether an operation counts here (not stamped by a revoked laptop at or after
    its revocation), or None when every operation does (no revocation held)."""
    stops = revoked_sites(session)
    if not stops:
        return None

    def counts(op: OpRow) -> bool:
        stop = stops.get(op.site_id)
        # A stamp that is not text is refused by validate(), in its own words.
        return stop is None or not isinstance(op.hlc, str) or op.hlc < stop

    return counts


def discount_revoked(session: Session, registry: Registry | None = None) -> int:
    """Take out every operation held here that a revoked laptop stamped at or after its
    revocation, and bring the log's heads and the tables to what the rest say (see the
    module's docstring). Returns how many were taken out. In the caller's transaction."""
    session.flush()
    stops = revoked_sites(session, registry)
    if not stops:
        return 0
    conn = session.connection()
    gone: list[OpRow] = []
    for site, stop in sorted(stops.items()):
        gone.extend(
            op_from_row(row)
            for row in conn.exec_driver_sql(
                f"{SELECT_OPS} WHERE site_id = ? AND hlc >= ?", (site, stop)
            )
        )
    if not gone:
        return 0
    with collector_paused(), capture_suspended(session):
        unapply(conn, gone)
    session.expire_all()
    return len(gone)


def unapply(conn: Connection, gone: list[OpRow]) -> None:
    """Remove ``gone`` from the log; recompute the heads of the rows they touched and
    materialize those rows (and the rows under any that goes) as if they had never come."""
    from sen_desktop.sync import materialize as view

    conn.exec_driver_sql("DELETE FROM operation WHERE op_id = ?", [(op.op_id,) for op in gone])
    rows = {(op.entity, op.row_id) for op in gone}
    history = view.load_history(conn, rows)
    conn.exec_driver_sql("DELETE FROM field_head WHERE entity = ? AND row_id = ?", sorted(rows))
    heads = [
        (entity, row_id, field, head.op_id)
        for (entity, row_id), fields in sorted(history.items())
        for field, ops in sorted(fields.items())
        for head in view.heads_of(ops)
    ]
    if heads:
        conn.exec_driver_sql(
            "INSERT INTO field_head (entity, row_id, field, op_id) VALUES (?, ?, ?, ?)", heads
        )
    # Rows go and come back within the transaction: the rows under one that goes for
    # good are found and dealt with before it ends.
    deferred = conn.exec_driver_sql("PRAGMA defer_foreign_keys").scalar()
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    try:
        _rebuild(conn, rows, history)
    finally:
        conn.exec_driver_sql(f"PRAGMA defer_foreign_keys = {'ON' if deferred else 'OFF'}")


def _rebuild(
    conn: Connection,
    rows: set[tuple[str, str]],
    history: dict[tuple[str, str], dict[str, list[OpRow]]],
) -> None:
    from sen_desktop.sync import materialize as view

    todo = rows
    done: set[tuple[str, str]] = set()
    waiting: dict[tuple[str, str], str] = {}
    while todo:
        _delete_rows(conn, todo)
        done |= todo
        # A row nothing is left of is simply not there; the others are made again.
        live = {key for key in todo if history.get(key)}
        _changed, left = view.materialize(conn, live, history, {}, {})
        for key in todo:
            waiting.pop(key, None)
        waiting.update(left)
        absent = (todo - live) | set(left)
        todo = _rows_under(conn, absent)
        if todo:
            history = view.load_history(conn, todo)
    keys = sorted(done)
    conn.exec_driver_sql("DELETE FROM sync_pending WHERE entity = ? AND row_id = ?", keys)
    if waiting:
        conn.exec_driver_sql(
            "INSERT INTO sync_pending (entity, row_id, parent_id) VALUES (?, ?, ?)",
            [(entity, row_id, parent) for (entity, row_id), parent in sorted(waiting.items())],
        )


def _by_entity(rows: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for entity, row_id in rows:
        out[entity].append(row_id)
    return out


def _delete_rows(conn: Connection, rows: set[tuple[str, str]]) -> None:
    for entity, row_ids in _by_entity(rows).items():
        table = cast("Table", ENTITY_BY_TABLE[entity].__table__)
        for chunk in _chunks(sorted(row_ids)):
            conn.exec_driver_sql(
                f'DELETE FROM "{table.name}" WHERE id IN ({_marks(len(chunk))})', tuple(chunk)
            )


def _rows_under(conn: Connection, absent: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The rows in the tables whose foreign keys name a row of ``absent``."""
    if not absent:
        return set()
    missing = _by_entity(absent)
    found: set[tuple[str, str]] = set()
    for entity, model in ENTITY_BY_TABLE.items():
        table = cast("Table", model.__table__)
        for column in table.c:
            for key in column.foreign_keys:
                parents = missing.get(key.column.table.name)
                if not parents:
                    continue
                for chunk in _chunks(sorted(parents)):
                    found.update(
                        (entity, str(row_id))
                        for (row_id,) in conn.exec_driver_sql(
                            f'SELECT id FROM "{table.name}" '
                            f'WHERE "{column.name}" IN ({_marks(len(chunk))})',
                            tuple(chunk),
                        )
                    )
    return found


__all__ = ["counting", "discount_revoked", "revoked_sites", "unapply"]
