"""A recommendation's page: its record, its events as people read them, and the
"Past Pathway" (the bodies that considered it, when) and "Future Pathway" (the bodies
still to consider it, with the meeting where it is on the agenda) for the paper front
sheet. Built from a ``Derived`` recommendation (core/recommendations/checks.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from sqlalchemy import select

from sen_desktop.core.programme.records import RemitPoint
from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.recommendations.checks import (
    Derived,
    approved_content,
    changes_between,
    districts_of,
    parse_at,
)
from sen_desktop.core.recommendations.derivation import considered_steps
from sen_desktop.core.recommendations.records import (
    EventView,
    FieldChange,
    FutureStep,
    PathwayStep,
    RecommendationDetail,
    RecommendationRecord,
)
from sen_desktop.core.store.models import (
    AgendaItem,
    Body,
    Group,
    Meeting,
    Person,
    Recommendation,
    RecommendationEvent,
    RecommendationRemit,
    RemitItem,
)
from sen_desktop.core.validation import uk_date

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Mapping

    from sqlalchemy.orm import Session

SMT_STAGE_NAME: Final = "SMT and Members"


def meeting_label(meeting: Meeting, group: Group | None) -> str:
    """ "SG meeting 3, 1 October 2010" """
    code = f"{group.code} " if group is not None else ""
    return f"{code}meeting {meeting.number}, {uk_date(meeting.date)}"


def steering_group_of(s: Session, group: Group) -> Group | None:
    """The group a recommendation's group reports to (else the first steering group)."""
    if group.reports_to_id:
        parent = s.get(Group, group.reports_to_id)
        if parent is not None and not parent.deleted:
            return parent
    return s.scalars(
        select(Group)
        .where(Group.kind == "steering", Group.deleted.is_(False))
        .order_by(Group.position, Group.id)
        .limit(1)
    ).first()


def record_of(s: Session, rec: Recommendation) -> RecommendationRecord:
    group = s.get(Group, rec.group_id)
    assert group is not None
    items = s.scalars(
        select(RemitItem)
        .join(RecommendationRemit, RecommendationRemit.remit_item_id == RemitItem.id)
        .where(
            RecommendationRemit.recommendation_id == rec.id,
            RecommendationRemit.deleted.is_(False),
        )
        .order_by(RemitItem.position, RemitItem.id)
    ).all()
    return RecommendationRecord(
        id=rec.id,
        reference=rec.reference,
        group_id=group.id,
        group_code=group.code,
        group_name=group.name,
        title=rec.title,
        text=rec.text or "",
        rationale=rec.rationale or "",
        dimension=rec.dimension,
        tier=rec.tier,
        districts=tuple(districts_of(rec)),
        financial=rec.financial or "",
        legal=rec.legal or "",
        equality=rec.equality or "",
        data_protection=rec.data_protection or "",
        reference_group_view=rec.reference_group_view or "",
        remit=tuple(
            RemitPoint(id=i.id, position=i.position, text=i.text) for i in dict.fromkeys(items)
        ),
        key_decision=bool(rec.key_decision),
        decision_no=rec.decision_no or "",
    )


def detail_of(s: Session, derived: Derived, today: dt.date) -> RecommendationDetail:
    """Everything the recommendation's page and its paper front sheet show."""
    rec = derived.rec
    record = record_of(s, rec)
    view = derived.view
    rows = derived.events
    group = s.get(Group, rec.group_id)
    assert group is not None
    steering = steering_group_of(s, group)
    meetings = {
        m.id: m
        for m in s.scalars(
            select(Meeting).where(
                Meeting.id.in_([r.meeting_id for r in rows.values() if r.meeting_id])
            )
        )
    }
    groups = groups_by_id(
        s,
        {r.group_id for r in rows.values() if r.group_id} | {m.group_id for m in meetings.values()},
    )
    bodies = {
        b.id: b
        for b in s.scalars(
            select(Body).where(Body.id.in_([r.body_id for r in rows.values() if r.body_id]))
        )
    }
    # Unpacked row by row: dict(result) would take the Result for a mapping.
    names = {
        person_id: name
        for person_id, name in s.execute(
            select(Person.id, Person.full_name).where(
                Person.id.in_([r.by_id for r in rows.values() if r.by_id])
            )
        )
    }
    flag_messages = {f.event_id: f.message for f in view.flags}
    events: list[EventView] = []
    past: list[PathwayStep] = []
    considered = {step.event.id for step in considered_steps(view)}
    for step in view.history:
        row = rows[step.event.id]
        check = derived.checks[row.id]
        meeting = meetings.get(row.meeting_id or "")
        meeting_group = groups.get(meeting.group_id) if meeting else None
        moment = parse_at(row.at)
        day = meeting.date if meeting else (moment.date() if moment else today)
        stage = rs.decision_stage(step.from_state, row.transition)
        body_name = _body_name(row, stage, group, steering, groups, bodies)
        events.append(
            EventView(
                id=row.id,
                transition=row.transition,
                transition_label=rs.transition_label(row.transition),
                at=row.at,
                date=day,
                by_id=row.by_id,
                by_name=names.get(row.by_id or "", ""),
                meeting_id=row.meeting_id,
                meeting_label=(
                    f"{meeting_group.code if meeting_group else ''} meeting "
                    f"{meeting.number}, {uk_date(meeting.date)}".strip()
                    if meeting
                    else ""
                ),
                minute_number=row.minute_number or "",
                note=row.note or "",
                group_id=row.group_id,
                body_id=row.body_id,
                body_name=body_name,
                signed=check.signed,
                verified=check.verified,
                reason=check.reason,
                applied=step.applied,
                flag=step.flag,
                flag_message=flag_messages.get(row.id, ""),
                from_state=step.from_state,
                to_state=step.to_state,
            )
        )
        if row.id in considered:
            past.append(
                PathwayStep(
                    body=body_name,
                    stage=stage,
                    date=day,
                    outcome=rs.transition_label(row.transition),
                    meeting_id=row.meeting_id,
                    minute_number=row.minute_number or "",
                    transition=row.transition,
                    note=row.note or "",
                )
            )
    approved = [
        rows[step.event.id]
        for step in view.history
        if derived.checks[step.event.id].signature_ok
        and step.event.transition in rs.SIGNED_TRANSITIONS
    ]
    latest = approved[-1] if approved else None
    changes: tuple[FieldChange, ...] = ()
    found = latest is not None
    if latest is not None and latest.content_hash != derived.current_hash:
        old = approved_content(s, rec.id, latest.content_hash)
        found = old is not None
        if old is not None:
            changes = changes_between(s, old, derived.content)
    return RecommendationDetail(
        record=record,
        state=view.state,
        state_label=view.label,
        allowed=rs.allowed_transitions(view.state),
        events=tuple(events),
        flags=tuple(f.message for f in view.flags),
        in_conflict=view.in_conflict,
        past_pathway=tuple(past),
        future_pathway=_future(s, rec, view.state, group, steering, today),
        current_hash=derived.current_hash,
        approved_event_id=latest.id if latest else None,
        approved_transition=latest.transition if latest else None,
        approved_hash=latest.content_hash if latest else None,
        changes_since_approval=changes,
        approved_version_found=found,
    )


def _future(
    s: Session,
    rec: Recommendation,
    state: str,
    group: Group,
    steering: Group | None,
    today: dt.date,
) -> tuple[FutureStep, ...]:
    steps = []
    for stage in rs.future_stages(state):
        body_group = group if stage == rs.STAGE_WORKING_GROUP else None
        if stage == rs.STAGE_STEERING_GROUP:
            body_group = steering
        meeting: Meeting | None = None
        if body_group is not None:
            meeting = s.scalars(
                select(Meeting)
                .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
                .where(
                    AgendaItem.recommendation_id == rec.id,
                    AgendaItem.deleted.is_(False),
                    Meeting.group_id == body_group.id,
                    Meeting.deleted.is_(False),
                    Meeting.status != "cancelled",
                    Meeting.date >= today,
                )
                .order_by(Meeting.date, Meeting.id)
                .limit(1)
            ).first()
        steps.append(
            FutureStep(
                body=body_group.name if body_group is not None else SMT_STAGE_NAME,
                stage=stage,
                purpose=rs.STAGE_PURPOSES[stage],
                meeting_id=meeting.id if meeting else None,
                date=meeting.date if meeting else None,
            )
        )
    return tuple(steps)


def groups_by_id(s: Session, ids: Iterable[str]) -> dict[str, Group]:
    wanted = sorted(set(ids))
    return {g.id: g for g in s.scalars(select(Group).where(Group.id.in_(wanted)))}


def _body_name(
    row: RecommendationEvent,
    stage: str,
    group: Group,
    steering: Group | None,
    groups: Mapping[str, Group],
    bodies: Mapping[str, Body],
) -> str:
    if row.body_id and row.body_id in bodies:
        return bodies[row.body_id].name
    if row.group_id and row.group_id in groups:
        return groups[row.group_id].name
    if stage == rs.STAGE_SMT:
        return SMT_STAGE_NAME
    if stage == rs.STAGE_STEERING_GROUP and steering is not None:
        return steering.name
    return group.name
