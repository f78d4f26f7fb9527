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
* the groups' provision maps (entries and gaps) and their versioned criteria for access
  to specialist resourcing, and which criteria their recommendations cite;
* the groups' policy documents whole (versions, comments, pathway steps), and every
  group's published versions with their steps -- so the Parent/Carer Reference Group's
  laptop gets published policies and never a draft or a member's comment;
* every consultation (the Steering Group's), its documents, events, themes and
  responses, to every profile -- a respondent's contact details only with
  ``contacts=True``, as a person's are (``CONTACT_FIELDS``), and never to a profile
  that reads only reference groups (the Parent/Carer Reference Group's laptop reads
  consultations, not who responded, even when certified for its own members'
  contacts: ``RESPONDENT_FIELDS``, ``respondent_contacts``);
* and the rows any of those refer to (parents only, never their children): the chair
  who signed an approval, the Steering Group meeting that decided a recommendation
  (its row, not its business), an action's owner -- so nothing sent waits forever for
  a parent it will never get. Exempt agenda items never come this way.

"Everything" (no profile) is every operation. Each entity is mapped to its group by its
foreign-key chain below; an entity this module does not know is never exported under a
profile (a test checks every synced entity is mapped).

What an export for a profile carries besides -- the history of rows new to its scope --
and what its recipient acknowledged are ``sync.export_plan``'s.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from sqlalchemy import Column, Select, Table, delete, or_, select

from sen_desktop.core.errors import NotFoundError, ValidationError
from sen_desktop.core.policies.vocabulary import PUBLISHED
from sen_desktop.core.store import models as m

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from sqlalchemy.orm import Session

_CHUNK = 400  # ids per IN (…): well under SQLite's bound-parameter limit
_SCOPE_ROW = cast("Table", m.SyncScopeRow.__table__)

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
    {
        ("person", "email"),
        ("person", "phone"),
        ("person", "notes"),
        ("consultation_response", "contact_name"),
        ("consultation_response", "contact_email"),
        ("consultation_response", "contact_phone"),
    }
)
RESPONDENT_FIELDS: frozenset[tuple[str, str]] = frozenset(
    pair for pair in CONTACT_FIELDS if pair[0] == "consultation_response"
)
"""A respondent's contact details: contacts, and a group beyond the reference groups."""
REFERENCE_KIND = "reference"
CONTACT_ENTITIES: frozenset[str] = frozenset(entity for entity, _field in CONTACT_FIELDS)
"""Entities with contact fields: their whole history goes again when a profile's
contacts flag changes."""
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
        "provision_entry",
        "provision_gap",
        "criteria_version",
        "access_criterion",
        "recommendation_criterion",
        "policy_document",
        "policy_version",
        "policy_comment",
        "policy_event",
        "consultation",
        "consultation_document",
        "consultation_event",
        "consultation_theme",
        "consultation_response",
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
    acknowledged_raw = json_dict(row.acknowledged)
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


def json_dict(text: str) -> dict[str, Any]:
    """The JSON object in ``text`` (a column of JSON text), or {} if it is not one."""
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
    if row.id is not None:
        forget_contact_rows(session, row, codes, contacts)
    row.group_codes = encoded
    row.contacts = contacts
    row.confidential = confidential
    session.flush()
    return profile_of(row)


def respondent_contacts(session: Session, codes: Iterable[str], contacts: bool) -> bool:
    """Whether a profile of these groups gets respondents' contact details: certified
    for contacts and reading some group that is not a reference group (issue 15: the
    Parent/Carer Reference Group sees consultations, not respondents' contact details)."""
    wanted = [str(code) for code in codes]
    if not contacts or not wanted:
        return False
    kinds = session.scalars(select(m.Group.kind).where(m.Group.code.in_(wanted)))
    return any(kind != REFERENCE_KIND for kind in kinds)


def forget_contact_rows(
    session: Session, row: m.SyncProfile, codes: Iterable[str], contacts: bool
) -> None:
    """Before a profile's groups or contacts flag change: the rows whose contact fields
    now go (or are now withheld) are sent again whole at the next export -- people's
    when the flag changes, consultation responses when respondents' details change."""
    entities: set[str] = set()
    if bool(row.contacts) != contacts:
        entities |= CONTACT_ENTITIES
    before = respondent_contacts(session, _json_list(row.group_codes), bool(row.contacts))
    if before != respondent_contacts(session, codes, contacts):
        entities |= {entity for entity, _field in RESPONDENT_FIELDS}
    if entities:
        session.execute(
            delete(_SCOPE_ROW).where(
                _SCOPE_ROW.c.profile_id == row.id, _SCOPE_ROW.c.entity.in_(sorted(entities))
            )
        )


# --- the rows a profile may see ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scope:
    """The rows (by entity) an export may carry, and whether contact fields go."""

    rows: dict[str, set[str]]
    contacts: bool
    respondents: bool = False  # respondents' contact details (``respondent_contacts``)

    def includes(self, entity: str, row_id: str, field: str) -> bool:
        if entity in PROGRAMME_WIDE:
            return True
        if not self.contacts and (entity, field) in CONTACT_FIELDS:
            return False
        if not self.respondents and (entity, field) in RESPONDENT_FIELDS:
            return False
        allowed = self.rows.get(entity)
        return allowed is not None and row_id in allowed

    def has_row(self, entity: str, row_id: str) -> bool:
        """Whether the row is in scope, whatever its contact fields."""
        if entity in PROGRAMME_WIDE:
            return True
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
    criteria_versions = select(m.CriteriaVersion.id).where(m.CriteriaVersion.group_id.in_(groups))
    # Policy documents: the groups' own whole; every group's published versions (their
    # documents' rows and the versions' steps, not drafts or comments) to every profile.
    published = select(m.PolicyEvent.version_id).where(
        m.PolicyEvent.step == PUBLISHED, m.PolicyEvent.deleted.is_(False)
    )
    own_policies = select(m.PolicyDocument.id).where(m.PolicyDocument.group_id.in_(groups))
    policy_versions = select(m.PolicyVersion.id).where(
        or_(m.PolicyVersion.policy_id.in_(own_policies), m.PolicyVersion.id.in_(published))
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
        "provision_entry": select(m.ProvisionEntry.id).where(m.ProvisionEntry.group_id.in_(groups)),
        "provision_gap": select(m.ProvisionGap.id).where(m.ProvisionGap.group_id.in_(groups)),
        "criteria_version": criteria_versions,
        "access_criterion": select(m.AccessCriterion.id).where(
            m.AccessCriterion.version_id.in_(criteria_versions)
        ),
        "recommendation_criterion": select(m.RecommendationCriterion.id).where(
            m.RecommendationCriterion.recommendation_id.in_(recommendations)
        ),
        "policy_document": select(m.PolicyDocument.id).where(
            or_(
                m.PolicyDocument.group_id.in_(groups),
                m.PolicyDocument.id.in_(
                    select(m.PolicyVersion.policy_id).where(m.PolicyVersion.id.in_(published))
                ),
            )
        ),
        "policy_version": policy_versions,
        "policy_comment": select(m.PolicyComment.id).where(
            m.PolicyComment.version_id.in_(
                select(m.PolicyVersion.id).where(m.PolicyVersion.policy_id.in_(own_policies))
            )
        ),
        "policy_event": select(m.PolicyEvent.id).where(
            m.PolicyEvent.version_id.in_(policy_versions)
        ),
        # Consultations: every laptop reads them (contact fields aside, in ``includes``).
        "consultation": select(m.Consultation.id),
        "consultation_document": select(m.ConsultationDocument.id),
        "consultation_event": select(m.ConsultationEvent.id),
        "consultation_theme": select(m.ConsultationTheme.id),
        "consultation_response": select(m.ConsultationResponse.id),
    }
    rows = {entity: set(session.scalars(query)) for entity, query in queries.items()}
    _close_over_references(session, rows, queries, confidential=profile.confidential)
    return Scope(
        rows=rows,
        contacts=profile.contacts,
        respondents=respondent_contacts(session, profile.group_codes, profile.contacts),
    )


def _references(entity: str) -> list[tuple[Column[Any], str]]:
    """The foreign-key columns of ``entity`` that point at a scoped entity."""
    table = cast("Table", m.ENTITY_BY_TABLE[entity].__table__)
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
        table = cast("Table", m.ENTITY_BY_TABLE[entity].__table__)
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
            table = cast("Table", m.ENTITY_BY_TABLE[entity].__table__)
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
