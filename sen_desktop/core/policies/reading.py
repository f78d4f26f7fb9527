"""Reading policy documents into records: the list of the working groups' policies and
one policy whole (its versions, comments and steps, each step's signature checked).

A version's stage is derived from its steps (core/policies/pathway.py); a policy's
stage is its newest version's. Reads are a handful of queries per policy, whatever the
number of versions.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from sen_desktop.core.policies.pathway import counted_stage, next_step, stage_of
from sen_desktop.core.policies.records import (
    CommentRecord,
    PolicyDetail,
    PolicySummary,
    StepRecord,
    VersionRecord,
)
from sen_desktop.core.policies.signing import verify, version_hash
from sen_desktop.core.policies.vocabulary import PUBLISHED, SECTIONS, SIGNED_STEPS
from sen_desktop.core.recommendations.chairs import load_authority
from sen_desktop.core.recommendations.checks import load_bodies, order_at, the
from sen_desktop.core.recommendations.pathway import meeting_label
from sen_desktop.core.store.models import (
    Group,
    Meeting,
    Person,
    PolicyComment,
    PolicyDocument,
    PolicyEvent,
    PolicyVersion,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def sections_of(version: PolicyVersion) -> tuple[str, ...]:
    return tuple(str(getattr(version, name) or "") for name in SECTIONS)


def live_versions(s: Session, policy_id: str) -> list[PolicyVersion]:
    return list(
        s.scalars(
            select(PolicyVersion)
            .where(PolicyVersion.policy_id == policy_id, PolicyVersion.deleted.is_(False))
            .order_by(PolicyVersion.number, PolicyVersion.id)
        )
    )


def live_events(s: Session, version_ids: list[str]) -> list[PolicyEvent]:
    """The steps of these versions, in the order they were taken."""
    if not version_ids:
        return []
    events = s.scalars(
        select(PolicyEvent).where(
            PolicyEvent.version_id.in_(version_ids), PolicyEvent.deleted.is_(False)
        )
    ).all()
    return sorted(events, key=lambda e: (order_at(e.at), e.id))


def version_stages(s: Session, versions: list[PolicyVersion]) -> dict[str, str]:
    """Each version's stage: the steps that count (a chair's signature verifies for its
    body and the text is unchanged; other steps once recorded), unbroken from the first."""
    events = live_events(s, [v.id for v in versions])
    authority = load_authority(s) if events else None
    bodies = load_bodies(s) if events else {}
    hashes = {v.id: version_hash(v.policy_id, v.number, sections_of(v)) for v in versions}
    counted: dict[str, set[str]] = defaultdict(set)
    for event in events:
        assert authority is not None
        # A step no chair signs counts once recorded (a signature made up on it reads as
        # not verified, but the group's agreement stands); a chair's only once verified.
        if event.step not in SIGNED_STEPS or verify(
            event, hashes[event.version_id], authority, bodies
        )[1]:
            counted[event.version_id].add(event.step)
    return {v.id: counted_stage(counted[v.id]) for v in versions}


def recorded_stages(s: Session, versions: list[PolicyVersion]) -> dict[str, str]:
    """Each version's furthest step recorded, counted or not: a version with any step is
    frozen, and the next step waits for a recorded one to count."""
    steps: dict[str, list[str]] = defaultdict(list)
    for event in live_events(s, [v.id for v in versions]):
        steps[event.version_id].append(event.step)
    return {v.id: stage_of(steps[v.id]) for v in versions}


def policy_of_group(s: Session, group_id: str) -> PolicyDocument | None:
    return s.scalars(
        select(PolicyDocument)
        .where(PolicyDocument.group_id == group_id, PolicyDocument.deleted.is_(False))
        .order_by(PolicyDocument.id)
        .limit(1)
    ).first()


def summary_of(s: Session, group: Group, policy: PolicyDocument | None) -> PolicySummary:
    if policy is None:
        return PolicySummary(group.id, group.code, group.name)
    versions = live_versions(s, policy.id)
    if not versions:
        return PolicySummary(group.id, group.code, group.name, policy.id, policy.title)
    newest = versions[-1]
    stages = version_stages(s, versions)
    stage = stages[newest.id]
    recorded = recorded_stages(s, [newest])[newest.id]
    awaiting = next_step(stage) if recorded != stage else None
    published = [v.number for v in versions if stages[v.id] == PUBLISHED]
    comments = s.scalar(
        select(func.count())
        .select_from(PolicyComment)
        .where(PolicyComment.version_id == newest.id, PolicyComment.deleted.is_(False))
    )
    return PolicySummary(
        group.id,
        group.code,
        group.name,
        policy.id,
        policy.title,
        version=newest.number,
        stage=stage,
        next_step=None if awaiting else next_step(stage),
        comments=int(comments or 0),
        published=published[-1] if published else None,
        awaiting=awaiting,
    )


def read_overview(s: Session) -> list[PolicySummary]:
    """Every working group, in the programme's order, with its policy if it has one."""
    groups = s.scalars(
        select(Group)
        .where(Group.kind == "working", Group.deleted.is_(False))
        .order_by(Group.position, Group.code)
    ).all()
    return [summary_of(s, group, policy_of_group(s, group.id)) for group in groups]


def read_detail(s: Session, policy: PolicyDocument) -> PolicyDetail:
    group = s.get(Group, policy.group_id)
    assert group is not None
    versions = live_versions(s, policy.id)
    events = live_events(s, [v.id for v in versions])
    stages = version_stages(s, versions)
    recorded = recorded_stages(s, versions)
    hashes = {v.id: version_hash(policy.id, v.number, sections_of(v)) for v in versions}
    numbers = {v.id: v.number for v in versions}
    version_records = tuple(
        VersionRecord(v.id, policy.id, v.number, v.started_at, stages[v.id], sections_of(v),
                      hashes[v.id], recorded=recorded[v.id])
        for v in versions
    )
    people = _names(s, {e.by_id for e in events if e.by_id})
    comment_rows = s.scalars(
        select(PolicyComment).where(
            PolicyComment.version_id.in_(list(numbers)), PolicyComment.deleted.is_(False)
        )
    ).all()
    people.update(_names(s, {c.author_id for c in comment_rows}))
    comments = tuple(
        CommentRecord(c.id, c.version_id, numbers[c.version_id], c.section, c.author_id,
                      people.get(c.author_id, "(someone no longer listed)"), c.text, c.at)
        for c in sorted(comment_rows, key=lambda c: (order_at(c.at), c.id))
    )
    authority = load_authority(s) if events else None
    bodies = load_bodies(s) if events else {}
    steps = []
    for event in events:
        assert authority is not None
        signed, verified, reason = verify(event, hashes[event.version_id], authority, bodies)
        body = bodies.get(event.group_id or event.body_id or "")
        steps.append(
            StepRecord(
                id=event.id,
                version_id=event.version_id,
                version=numbers[event.version_id],
                step=event.step,
                decided_by=the(body.name) if body is not None else "",
                at=event.at,
                by_id=event.by_id,
                by_name=people.get(event.by_id or "", ""),
                meeting=_meeting(s, event.meeting_id),
                minute_number=event.minute_number,
                note=event.note,
                signed=signed,
                verified=verified,
                reason=reason,
            )
        )
    return PolicyDetail(summary_of(s, group, policy), version_records, comments, tuple(steps))


def _names(s: Session, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = s.execute(select(Person.id, Person.full_name).where(Person.id.in_(sorted(ids))))
    return {person_id: name for person_id, name in rows}


def _meeting(s: Session, meeting_id: str | None) -> str:
    meeting = s.get(Meeting, meeting_id) if meeting_id else None
    if meeting is None:
        return ""
    return meeting_label(meeting, s.get(Group, meeting.group_id))
