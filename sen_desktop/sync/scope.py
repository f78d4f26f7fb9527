"""Which operations an export for a profile carries.

A profile (``SyncProfile``) names groups by code. An export for it carries:

* programme-wide rows: settings, sections, bodies, milestones and their links, chairs'
  signing keys and papers that are not confidential (confidential papers only when the
  profile is flagged ``confidential``);
* the named groups themselves, their remit items, seats and appointments;
* the people appointed to those groups' seats or recorded at their meetings: names,
  job titles and organisations; email, phone and notes only with ``contacts=True``;
* the groups' meetings, attendance, declarations, agenda items, minutes, resolutions,
  actions and action updates -- except that exempt (Part 2) agenda items, and the
  minutes, resolutions, declarations and actions hanging off them, go only to a
  profile flagged ``confidential`` (the Steering Group's and the programme lead's
  laptops; never the Parent/Carer Reference Group's);
* the groups' recommendations, with their remit links and events, and recommendations
  whose events name one of the groups (those passed to it for a decision).
* and the rows any of those refer to (parents only, never their children): the chair
  who signed an approval, the Steering Group meeting that decided a recommendation
  (its row, not its business), an action's owner -- so nothing sent waits forever for
  a parent it will never get. Exempt agenda items never come this way.

"Everything" (no profile) is every operation. Each entity is mapped to its group by its
foreign-key chain below; an entity this module does not know is never exported under a
profile (a test checks every synced entity is mapped).

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
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar, cast

from sqlalchemy import Column, Select, Table, delete, or_, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from sen_desktop.core.errors import NotFoundError, ValidationError
from sen_desktop.core.store import models as m
from sen_desktop.sync.merge import OpRow, ops_since

_CHUNK = 400  # ids per IN (…): well under SQLite's bound-parameter limit
_OPERATION = cast(Table, m.Operation.__table__)
_SCOPE_ROW = cast(Table, m.SyncScopeRow.__table__)

PROGRAMME_WIDE: frozenset[str] = frozenset(
    {
        "programme_setting",
        "programme_section",
        "body",
        "milestone",
        "milestone_link",
        "signing_key",
    }
)
CONTACT_FIELDS: frozenset[tuple[str, str]] = frozenset(
    {("person", "email"), ("person", "phone"), ("person", "notes")}
)
SCOPED: frozenset[str] = frozenset(
    {
        "paper",
        "group",
        "remit_item",
        "seat",
        "appointment",
        "person",
        "meeting",
        "attendance",
        "declaration",
        "agenda_item",
        "minute_entry",
        "resolution",
        "action",
        "action_update",
        "recommendation",
        "recommendation_remit",
        "recommendation_event",
    }
)


class _Op(Protocol):
    @property
    def entity(self) -> str: ...

    @property
    def row_id(self) -> str: ...

    @property
    def field(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    group_codes: tuple[str, ...]
    contacts: bool
    confidential: bool
    acknowledged: dict[str, int]
    id: int = 0


def load_profile(session: Session, name: str) -> Profile:
    row = session.scalar(select(m.SyncProfile).where(m.SyncProfile.name == name))
    if row is None:
        names = session.scalars(select(m.SyncProfile.name).order_by(m.SyncProfile.name)).all()
        known = f" (profiles: {', '.join(names)})" if names else " (there are no profiles yet)"
        raise NotFoundError(f"There is no export profile called {name!r}{known}.")
    return profile_of(row)


def profile_of(row: m.SyncProfile) -> Profile:
    codes = _json_list(row.group_codes)
    acknowledged_raw = _json_dict(row.acknowledged)
    acknowledged = {
        str(k): int(v) for k, v in acknowledged_raw.items() if type(v) is int and v >= 0
    }
    return Profile(
        name=row.name,
        group_codes=tuple(str(c) for c in codes),
        contacts=bool(row.contacts),
        confidential=bool(row.confidential),
        acknowledged=acknowledged,
        id=row.id,
    )


def _json_list(text: str) -> list[Any]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def _json_dict(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def add_profile(
    session: Session,
    name: str,
    group_codes: Sequence[str],
    *,
    contacts: bool = False,
    confidential: bool = False,
) -> Profile:
    """Create (or replace the groups and flags of) an export profile."""
    clean = " ".join(name.split())
    if not clean:
        raise ValidationError("Give the profile a name, e.g. the laptop's owner.", field="name")
    if len(clean) > 80:
        raise ValidationError("A profile name is at most 80 characters.", field="name")
    codes = [c.strip().upper() for c in group_codes if c.strip()]
    if not codes:
        raise ValidationError("Name at least one group the profile may see.", field="groups")
    known = {
        code.upper(): code
        for code in session.scalars(select(m.Group.code).where(m.Group.deleted.is_(False)))
    }
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ValidationError(
            f"There is no group with the code {unknown[0]} (groups: {', '.join(sorted(known))}).",
            field="groups",
        )
    codes = sorted({known[c] for c in codes})
    row = session.scalar(select(m.SyncProfile).where(m.SyncProfile.name == clean))
    if row is None:
        row = m.SyncProfile(name=clean, acknowledged="{}")
        session.add(row)
    encoded = json.dumps(codes)
    if row.id is not None and bool(row.contacts) != contacts:
        # Contact fields were withheld (or sent) field by field: people's whole history
        # goes again. Rows that enter or leave scope with the groups or the confidential
        # flag are caught by the scope rows at the next export.
        session.execute(
            delete(_SCOPE_ROW).where(
                _SCOPE_ROW.c.profile_id == row.id, _SCOPE_ROW.c.entity == "person"
            )
        )
    row.group_codes = encoded
    row.contacts = contacts
    row.confidential = confidential
    session.flush()
    return profile_of(row)


# --- the rows a profile may see ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scope:
    """The rows (by entity) an export may carry, and whether contact fields go."""

    rows: dict[str, set[str]]
    contacts: bool

    def includes(self, entity: str, row_id: str, field: str) -> bool:
        if entity in PROGRAMME_WIDE:
            return True
        if not self.contacts and (entity, field) in CONTACT_FIELDS:
            return False
        allowed = self.rows.get(entity)
        return allowed is not None and row_id in allowed


def scope_for(session: Session, profile: Profile) -> Scope:
    """Follow each entity's foreign keys to the profile's groups (subqueries, so a
    programme of any size stays within SQLite's parameter limit)."""
    groups = select(m.Group.id).where(m.Group.code.in_(list(profile.group_codes)))
    seats = select(m.Seat.id).where(m.Seat.group_id.in_(groups))
    meetings = select(m.Meeting.id).where(m.Meeting.group_id.in_(groups))
    items = select(m.AgendaItem.id).where(m.AgendaItem.meeting_id.in_(meetings))
    if not profile.confidential:
        items = items.where(m.AgendaItem.exempt.is_(False))
    actions = select(m.Action.id).where(
        m.Action.group_id.in_(groups),
        or_(m.Action.agenda_item_id.is_(None), m.Action.agenda_item_id.in_(items)),
    )
    recommendations = select(m.Recommendation.id).where(
        or_(
            m.Recommendation.group_id.in_(groups),
            m.Recommendation.id.in_(
                select(m.RecommendationEvent.recommendation_id).where(
                    m.RecommendationEvent.group_id.in_(groups)
                )
            ),
        )
    )
    people = (
        select(m.Appointment.person_id)
        .where(m.Appointment.seat_id.in_(seats))
        .union(select(m.Attendance.person_id).where(m.Attendance.meeting_id.in_(meetings)))
    )
    papers = select(m.Paper.id)
    if not profile.confidential:
        papers = papers.where(m.Paper.confidential.is_(False))
    queries: dict[str, Select[Any]] = {
        "group": groups,
        "remit_item": select(m.RemitItem.id).where(m.RemitItem.group_id.in_(groups)),
        "seat": seats,
        "appointment": select(m.Appointment.id).where(m.Appointment.seat_id.in_(seats)),
        "person": select(m.Person.id).where(m.Person.id.in_(people)),
        "meeting": meetings,
        "attendance": select(m.Attendance.id).where(m.Attendance.meeting_id.in_(meetings)),
        "agenda_item": items,
        "minute_entry": select(m.MinuteEntry.id).where(m.MinuteEntry.agenda_item_id.in_(items)),
        "resolution": select(m.Resolution.id).where(m.Resolution.agenda_item_id.in_(items)),
        "declaration": select(m.Declaration.id).where(
            m.Declaration.meeting_id.in_(meetings),
            or_(m.Declaration.agenda_item_id.is_(None), m.Declaration.agenda_item_id.in_(items)),
        ),
        "action": actions,
        "action_update": select(m.ActionUpdate.id).where(m.ActionUpdate.action_id.in_(actions)),
        "recommendation": recommendations,
        "recommendation_remit": select(m.RecommendationRemit.id).where(
            m.RecommendationRemit.recommendation_id.in_(recommendations)
        ),
        "recommendation_event": select(m.RecommendationEvent.id).where(
            m.RecommendationEvent.recommendation_id.in_(recommendations)
        ),
        "paper": papers,
    }
    rows = {entity: set(session.scalars(query)) for entity, query in queries.items()}
    _close_over_references(session, rows, queries, confidential=profile.confidential)
    return Scope(rows=rows, contacts=profile.contacts)


def _references(entity: str) -> list[tuple[Column[Any], str]]:
    """The foreign-key columns of ``entity`` that point at a scoped entity."""
    table = cast(Table, m.ENTITY_BY_TABLE[entity].__table__)
    out: list[tuple[Column[Any], str]] = []
    for column in table.c:
        for key in column.foreign_keys:
            target = key.column.table.name
            if target in SCOPED:
                out.append((column, target))
    return out


def _close_over_references(
    session: Session,
    rows: dict[str, set[str]],
    queries: dict[str, Select[Any]],
    *,
    confidential: bool,
) -> None:
    """Add the rows that rows in scope refer to, so that nothing the recipient is sent
    waits forever for a parent: the chair who signed an approval and their key's
    person, the Steering Group meeting that decided a working group's recommendation
    (the meeting row and its group's row, not its business), an action's owner.

    Only references are followed (towards parents), never children, so a referenced
    meeting brings no agenda, and exempt agenda items never come this way to a profile
    not flagged confidential.
    """
    added: dict[str, set[str]] = defaultdict(set)
    for entity in sorted(PROGRAMME_WIDE | SCOPED):
        table = cast(Table, m.ENTITY_BY_TABLE[entity].__table__)
        for column, target in _references(entity):
            query = select(column).where(column.is_not(None)).distinct()
            if entity in queries:
                query = query.where(table.c.id.in_(queries[entity]))
            fresh = set(session.scalars(query)) - rows[target]
            added[target] |= fresh
    while any(added.values()):
        if not confidential and added.get("agenda_item"):
            added["agenda_item"] -= _exempt(session, added["agenda_item"])
        for target, ids in added.items():
            rows[target] |= ids
        wave, added = added, defaultdict(set)
        for entity, ids in wave.items():
            if not ids:
                continue
            table = cast(Table, m.ENTITY_BY_TABLE[entity].__table__)
            ordered = sorted(ids)
            for column, target in _references(entity):
                for start in range(0, len(ordered), _CHUNK):
                    query = select(column).where(
                        table.c.id.in_(ordered[start : start + _CHUNK]), column.is_not(None)
                    )
                    added[target] |= set(session.scalars(query)) - rows[target]


def _exempt(session: Session, ids: set[str]) -> set[str]:
    ordered = sorted(ids)
    out: set[str] = set()
    for start in range(0, len(ordered), _CHUNK):
        out |= set(
            session.scalars(
                select(m.AgendaItem.id).where(
                    m.AgendaItem.id.in_(ordered[start : start + _CHUNK]),
                    m.AgendaItem.exempt.is_(True),
                )
            )
        )
    return out


_T = TypeVar("_T", bound=_Op)


def filter_ops(scope: Scope, ops: Iterable[_T]) -> list[_T]:
    """The operations the scope lets through, in their order."""
    return [op for op in ops if scope.includes(op.entity, op.row_id, op.field)]


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
        for site, counter in _json_dict(export.knowledge).items():
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
    if bool(row.contacts) != contacts:
        # Contact fields went (or were withheld) field by field: people go again whole.
        session.execute(
            delete(_SCOPE_ROW).where(
                _SCOPE_ROW.c.profile_id == row.id, _SCOPE_ROW.c.entity == "person"
            )
        )
    row.group_codes = encoded
    row.contacts = contacts
    row.confidential = confidential
    session.flush()
    return profile_of(row)


def _all_references(entity: str) -> list[tuple[Column[Any], str]]:
    """The foreign-key columns of ``entity`` that point at any synced entity."""
    table = cast(Table, m.ENTITY_BY_TABLE[entity].__table__)
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
            table = cast(Table, m.ENTITY_BY_TABLE[entity].__table__)
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
