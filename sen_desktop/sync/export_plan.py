"""What an export for a profile carries, and what its recipient has acknowledged.

What an export for a profile carries (``plan_export``): the in-scope operations the
recipient has not acknowledged, *plus the whole history of every in-scope row the
recipient has not yet been sent* (``sync_scope_row``). Acknowledgement is a highest
counter per site, which is blind to rows that come into scope after earlier exports --
a person appointed to the recipient's group, an agenda item made public, a group added
to the profile -- so without the second part their earlier operations would never go.
A row's history counts as delivered once the recipient's own bundle lists the bundle
that carried it (``BundleHeader.received``); until then every export carries it again
(merging is idempotent). A row that leaves scope is forgotten, so its history goes
again if it comes back.

A certified laptop's profile follows its certificate (``profile_for_certificate``). The
parts of a series carry the histories of the parent rows their rows refer to
(``parent_rows``, ``row_histories``). The rows a profile may see are ``sync.scope``'s.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Column, Table, delete, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from sen_desktop.core.store import models as m
from sen_desktop.sync.operations import OpRow, ops_since
from sen_desktop.sync.scope import (
    Profile,
    filter_ops,
    forget_contact_rows,
    json_dict,
    profile_of,
    scope_for,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from sqlalchemy.orm import Session

_CHUNK = 400  # ids per IN (…): well under SQLite's bound-parameter limit
_OPERATION = cast("Table", m.Operation.__table__)
_SCOPE_ROW = cast("Table", m.SyncScopeRow.__table__)


# --- what an export for a profile carries ---------------------------------------------


@dataclass(frozen=True, slots=True)
class ExportPlan:
    """The operations an export for a profile carries, and the scope rows it settles."""

    ops: list[OpRow]
    history_rows: dict[str, set[str]] = field(default_factory=dict)  # whole history sent
    left_scope: dict[str, set[str]] = field(default_factory=dict)  # forgotten at export


def plan_export(session: Session, profile: Profile) -> ExportPlan:
    """What an export for ``profile`` would carry now (reads only)."""
    scope = scope_for(session, profile)
    delivered: dict[str, set[str]] = defaultdict(set)
    recorded: dict[str, set[str]] = defaultdict(set)
    rows = session.execute(
        select(_SCOPE_ROW.c.entity, _SCOPE_ROW.c.row_id, _SCOPE_ROW.c.bundle_id).where(
            _SCOPE_ROW.c.profile_id == profile.id
        )
    )
    for entity, row_id, bundle_id in rows:
        recorded[entity].add(row_id)
        if bundle_id is None:
            delivered[entity].add(row_id)
    fresh = {entity: ids - delivered[entity] for entity, ids in scope.rows.items() if ids}
    fresh = {entity: ids for entity, ids in fresh.items() if ids}
    left = {entity: ids - scope.rows.get(entity, set()) for entity, ids in recorded.items()}
    left = {entity: ids for entity, ids in left.items() if ids}
    ops = filter_ops(scope, ops_since(session, profile.acknowledged))
    if profile.acknowledged and fresh:
        # The unacknowledged operations are already in; add the older ones of fresh rows.
        have = {op.op_id for op in ops}
        older = [
            op
            for op in _history(session, fresh)
            if op.op_id not in have and scope.includes(op.entity, op.row_id, op.field)
        ]
        if older:
            ops.extend(older)
            ops.sort(key=lambda op: (op.hlc, op.site_id, op.counter))
    return ExportPlan(ops=ops, history_rows=fresh, left_scope=left)


def _history(session: Session, rows: dict[str, set[str]]) -> Iterable[OpRow]:
    conn = session.connection()
    for entity, ids in sorted(rows.items()):
        ordered = sorted(ids)
        for start in range(0, len(ordered), _CHUNK):
            chunk = ordered[start : start + _CHUNK]
            result = conn.execute(
                select(_OPERATION).where(
                    _OPERATION.c.entity == entity, _OPERATION.c.row_id.in_(chunk)
                )
            )
            for r in result:
                yield OpRow(
                    r.op_id,
                    r.site_id,
                    r.counter,
                    r.entity,
                    r.row_id,
                    r.field,
                    r.value,
                    r.hlc,
                    tuple(json.loads(r.prev)),
                )


def record_export(
    session: Session,
    profile: Profile,
    plan: ExportPlan,
    bundle_id: str,
    knowledge: Mapping[str, int],
    made_at: str,
) -> None:
    """Note that the bundle ``bundle_id`` carries ``plan``: its rows' histories, and every
    in-scope operation up to ``knowledge`` (this laptop's, as the bundle was made)."""
    session.add(
        m.SyncExport(
            bundle_id=bundle_id,
            profile_id=profile.id,
            knowledge=json.dumps(dict(sorted(knowledge.items()))),
            made_at=made_at,
        )
    )
    conn = session.connection()
    for entity, ids in plan.left_scope.items():
        ordered = sorted(ids)
        for start in range(0, len(ordered), _CHUNK):
            conn.execute(
                delete(_SCOPE_ROW).where(
                    _SCOPE_ROW.c.profile_id == profile.id,
                    _SCOPE_ROW.c.entity == entity,
                    _SCOPE_ROW.c.row_id.in_(ordered[start : start + _CHUNK]),
                )
            )
    values = [
        {"profile_id": profile.id, "entity": entity, "row_id": row_id, "bundle_id": bundle_id}
        for entity, ids in sorted(plan.history_rows.items())
        for row_id in sorted(ids)
    ]
    if values:
        statement = sqlite_insert(_SCOPE_ROW)
        conn.execute(
            statement.on_conflict_do_update(
                index_elements=["profile_id", "entity", "row_id"],
                set_={"bundle_id": statement.excluded.bundle_id},
            ),
            values,
        )


def settle_acknowledgement(
    session: Session,
    profile: m.SyncProfile,
    sender_site: str,
    sender_knowledge: Mapping[str, int],
    received: Sequence[str],
) -> None:
    """The profile's laptop (``sender_site``) sent a bundle: learn what it holds.

    It holds all of its own operations (its knowledge for its own site), and everything
    in the bundles made for it that it lists as received. Its knowledge of other sites
    is *not* taken: a laptop given part of the programme by another laptop holds high
    counters of a site with gaps this laptop would never fill.
    """
    acknowledged = profile_of(profile).acknowledged
    if acknowledged and sender_site not in acknowledged:
        # It speaks from a site it never sent from before: restored from a backup (the
        # restore fence moved it) or admitted again with new keys. What it confirmed
        # before may have gone with its disk, so it is held to what it says it holds now
        # (docs/TRUST.md: a restored laptop gets back what it had sent and received);
        # the bundles made for it meanwhile were cut to what it had confirmed, so their
        # receipts prove nothing, and the rows it was sent count as not delivered.
        for site, counter in list(acknowledged.items()):
            now = sender_knowledge.get(site, 0)
            if now < counter:
                acknowledged[site] = now
        session.execute(delete(m.SyncExport).where(m.SyncExport.profile_id == profile.id))
        session.execute(
            update(_SCOPE_ROW).where(_SCOPE_ROW.c.profile_id == profile.id).values(bundle_id="")
        )
        received = ()
    own = sender_knowledge.get(sender_site, 0)
    # Its site is kept even at 0, so a laptop that made nothing yet is known by it.
    acknowledged[sender_site] = max(own, acknowledged.get(sender_site, 0))
    ids = sorted(set(received))[:_CHUNK]
    exports = (
        session.scalars(
            select(m.SyncExport).where(
                m.SyncExport.profile_id == profile.id, m.SyncExport.bundle_id.in_(ids)
            )
        ).all()
        if ids
        else []
    )
    for export in exports:
        for site, counter in json_dict(export.knowledge).items():
            if type(counter) is int and counter > acknowledged.get(site, 0):
                acknowledged[str(site)] = counter
    if exports:
        # Every later bundle carried what an earlier one did: the earlier ones are done.
        newest = max(export.seq for export in exports)
        session.execute(
            delete(m.SyncExport).where(
                m.SyncExport.profile_id == profile.id, m.SyncExport.seq <= newest
            )
        )
        session.execute(
            update(_SCOPE_ROW)
            .where(_SCOPE_ROW.c.profile_id == profile.id, _SCOPE_ROW.c.bundle_id.in_(ids))
            .values(bundle_id=None)
        )
    profile.acknowledged = json.dumps(dict(sorted(acknowledged.items())))


# --- profiles that follow certificates; parts of a series ---------------------------------


def profile_for_certificate(
    session: Session,
    name: str,
    read: Sequence[str],
    *,
    contacts: bool,
    confidential: bool,
) -> Profile:
    """The export profile of a certified laptop, kept in step with its certificate.

    Its name is the laptop's certified name (a laptop's bundles settle the profile of
    its name: acknowledgements), its groups the certificate's read groups (``"*"``:
    every group), its flags the certificate's. Made when first needed.
    """
    if "*" in read:
        codes = list(session.scalars(select(m.Group.code).where(m.Group.deleted.is_(False))))
    else:
        known = {
            code.upper(): code
            for code in session.scalars(select(m.Group.code).where(m.Group.deleted.is_(False)))
        }
        codes = [known[c.upper()] for c in read if c.upper() in known]
    clean = " ".join(name.split())[:80] or "laptop"
    row = session.scalar(select(m.SyncProfile).where(m.SyncProfile.name == clean))
    encoded = json.dumps(sorted(set(codes)))
    if row is None:
        row = m.SyncProfile(
            name=clean,
            group_codes=encoded,
            contacts=contacts,
            confidential=confidential,
            acknowledged="{}",
        )
        session.add(row)
        session.flush()
        return profile_of(row)
    if (
        row.group_codes == encoded
        and bool(row.contacts) == contacts
        and bool(row.confidential) == confidential
    ):
        return profile_of(row)
    # Contact fields went (or were withheld) field by field: the rows that hold them
    # (people, consultation responses) go again whole.
    forget_contact_rows(session, row, codes, contacts)
    row.group_codes = encoded
    row.contacts = contacts
    row.confidential = confidential
    session.flush()
    return profile_of(row)


def _all_references(entity: str) -> list[tuple[Column[Any], str]]:
    """The foreign-key columns of ``entity`` that point at any synced entity."""
    table = cast("Table", m.ENTITY_BY_TABLE[entity].__table__)
    return [
        (column, key.column.table.name)
        for column in table.c
        for key in column.foreign_keys
        if key.column.table.name in m.ENTITY_BY_TABLE
    ]


def parent_rows(session: Session, rows: Mapping[str, set[str]]) -> dict[str, set[str]]:
    """The rows that ``rows`` refer to through foreign keys, and those rows' parents, and
    so on (never ``rows`` themselves): what one part of a series carries besides its own
    rows, so that it imports on its own, in any order."""
    seen: dict[str, set[str]] = defaultdict(set)
    for entity, ids in rows.items():
        seen[entity] |= ids
    out: dict[str, set[str]] = defaultdict(set)
    wave: dict[str, set[str]] = {e: set(ids) for e, ids in rows.items() if ids}
    while wave:
        found: dict[str, set[str]] = defaultdict(set)
        for entity, ids in wave.items():
            if entity not in m.ENTITY_BY_TABLE:
                continue
            table = cast("Table", m.ENTITY_BY_TABLE[entity].__table__)
            ordered = sorted(ids)
            for column, target in _all_references(entity):
                for start in range(0, len(ordered), _CHUNK):
                    query = select(column).where(
                        table.c.id.in_(ordered[start : start + _CHUNK]), column.is_not(None)
                    )
                    for value in session.scalars(query):
                        if value not in seen[target]:
                            seen[target].add(value)
                            out[target].add(value)
                            found[target].add(value)
        wave = {e: ids for e, ids in found.items() if ids}
    return dict(out)


def row_histories(session: Session, rows: Mapping[str, set[str]]) -> list[OpRow]:
    """Every operation held for ``rows`` (all sites), in (HLC, site, counter) order."""
    ops = list(_history(session, {e: set(ids) for e, ids in rows.items() if ids}))
    ops.sort(key=lambda op: (op.hlc, op.site_id, op.counter))
    return ops


__all__ = [
    "ExportPlan",
    "parent_rows",
    "plan_export",
    "profile_for_certificate",
    "record_export",
    "row_histories",
    "settle_acknowledgement",
]
