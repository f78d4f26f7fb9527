"""A working group's policy document (issue 15): drafted in sections, commented on,
versioned, and taken along the pathway to publication.

The Project Plan's Annex 1 asks each need dimension working group to "prepare and
provide a Policy document for the SEN dimension of need for approval by the Strategy
Steering Group, SMT and Members for consultation and publication". ``PolicyService``
owns its transactions and returns the records of ``records.py``.

Rules (one sentence each, beside the field they concern):
* policies belong to working groups, one each; the title is said;
* only the draft is edited: the first step on the pathway freezes a version, and a
  change after that is a new draft (a copy of the newest version), one at a time;
* a comment names a member of the programme, a section and says something;
* a step is the version's next one (core/policies/pathway.py), dated after the
  policy's latest step; the working group agrees at its own meeting, the Steering Group
  endorses, sends to consultation and publishes at its meetings; SMT and Members are
  the bodies beyond the groups of that code. A chair's step may be signed as it is
  recorded, or later on the chair's certified laptop (core/policies/signing.py); it is
  recorded either way and shows whether it is signed.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.policies import signing
from sen_desktop.core.policies.pathway import check_step, next_step
from sen_desktop.core.policies.reading import (
    live_events,
    live_versions,
    policy_of_group,
    read_detail,
    read_overview,
    recorded_stages,
    sections_of,
    version_stages,
)
from sen_desktop.core.policies.records import NextStep, SigningChoice
from sen_desktop.core.policies.vocabulary import (
    DECIDERS,
    DRAFT,
    MAX_COMMENT,
    MAX_MINUTE,
    MAX_NOTE,
    MAX_SECTION,
    MAX_TITLE,
    SECTION_TITLES,
    SECTIONS,
    SIGNED_STEPS,
    STAGE_LABELS,
)
from sen_desktop.core.recommendations.chairs import load_authority
from sen_desktop.core.recommendations.checks import (
    iso_utc,
    load_bodies,
    order_at,
    parse_at,
    the,
)
from sen_desktop.core.recommendations.decisions import body_by_code, live_person
from sen_desktop.core.recommendations.pathway import meeting_label, steering_group_of
from sen_desktop.core.store.models import (
    Group,
    Meeting,
    Person,
    PolicyComment,
    PolicyDocument,
    PolicyEvent,
    PolicyVersion,
)
from sen_desktop.core.store.rows import live_row
from sen_desktop.core.validation import clean_text, limit_text, optional_text, require_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import Session, sessionmaker

    from sen_desktop.core.policies.records import (
        CommentRecord,
        PolicyDetail,
        PolicySummary,
        VersionRecord,
    )
    from sen_desktop.core.recommendations.chairs import Signer

GROUP_GONE = "This group no longer exists; it may have been removed."
POLICY_GONE = "This policy document no longer exists; another laptop may have removed it."
VERSION_GONE = "This version no longer exists; another laptop may have removed it."
COMMENT_GONE = "This comment no longer exists; another laptop may have removed it."


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class PolicyService:
    """Read and edit the working groups' policy documents."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        *,
        now: Callable[[], dt.datetime] = _utc_now,
        signer: Signer | None = None,
    ) -> None:
        self._sf = session_factory
        self._now = now
        self._signer = signer

    # --- reading -------------------------------------------------------------------------

    def overview(self) -> list[PolicySummary]:
        """Every working group with its policy's newest version and stage."""
        with self._sf() as s:
            return read_overview(s)

    def detail(self, policy_id: str) -> PolicyDetail:
        with self._sf() as s:
            return read_detail(s, live_row(s, PolicyDocument, policy_id, POLICY_GONE))

    def of_group(self, group_id: str) -> PolicyDetail | None:
        with self._sf() as s:
            policy = policy_of_group(s, group_id)
            return None if policy is None else read_detail(s, policy)

    def members(self, policy_id: str) -> list[tuple[str, str]]:
        """The people who may comment: everyone in the programme's list, by name."""
        with self._sf() as s:
            live_row(s, PolicyDocument, policy_id, POLICY_GONE)
            rows = s.execute(
                select(Person.id, Person.full_name)
                .where(Person.deleted.is_(False))
                .order_by(Person.full_name, Person.id)
            )
            return [(pid, name) for pid, name in rows]

    # --- the document and its draft ------------------------------------------------------

    def start(self, group_id: str, title: str = "") -> PolicyDetail:
        """The group's policy document with its first draft, version 1: empty but for
        the criteria section, which starts from the group's agreed criteria for access."""
        with self._sf.begin() as s:
            group = live_row(s, Group, group_id, GROUP_GONE, field="group")
            if group.kind != "working":
                raise ValidationError(
                    f"{group.name} is not a need dimension working group; policy documents "
                    "belong to the working groups.",
                    field="group",
                )
            if policy_of_group(s, group.id) is not None:
                raise ValidationError(
                    f"The {group.name} has a policy document already; open it to draft the "
                    "next version.",
                    field="group",
                )
            title = title or f"{group.name}: policy for the {group.dimension or group.code} " \
                "dimension of need"
            policy = PolicyDocument(group_id=group.id, title=_title(title))
            s.add(policy)
            s.flush()
            s.add(PolicyVersion(policy_id=policy.id, number=1, started_at=self._stamp(),
                                criteria=_agreed_criteria(s, group.id)))
            s.flush()
            return read_detail(s, policy)

    def rename(self, policy_id: str, title: str) -> None:
        with self._sf.begin() as s:
            policy = live_row(s, PolicyDocument, policy_id, POLICY_GONE)
            cleaned = _title(title)
            if policy.title != cleaned:
                policy.title = cleaned

    def save_section(self, version_id: str, section: str, text: str) -> None:
        """Autosave of one section of the draft (the text as typed, cleaned)."""
        if section not in SECTIONS:
            raise ValidationError(f"“{section}” is not a section of a policy document.",
                                  field="section")
        cleaned = limit_text(clean_text(text), section, SECTION_TITLES[section].lower(),
                             MAX_SECTION)
        with self._sf.begin() as s:
            version = live_row(s, PolicyVersion, version_id, VERSION_GONE)
            _check_draft(s, version)
            if getattr(version, section) != cleaned:
                setattr(version, section, cleaned)

    def new_draft(self, policy_id: str) -> VersionRecord:
        """A new draft, numbered after the newest version and copying its sections."""
        with self._sf.begin() as s:
            policy = live_row(s, PolicyDocument, policy_id, POLICY_GONE)
            versions = live_versions(s, policy.id)
            newest = versions[-1] if versions else None
            if newest is not None and recorded_stages(s, [newest])[newest.id] == DRAFT:
                raise ValidationError(
                    f"Version {newest.number} is still the draft; edit it, or take it along "
                    "the pathway before starting another.",
                    field="version",
                )
            draft = PolicyVersion(
                policy_id=policy.id,
                number=(newest.number + 1) if newest is not None else 1,
                started_at=self._stamp(),
                **dict(zip(SECTIONS, sections_of(newest) if newest else ("",) * 6,
                           strict=True)),
            )
            s.add(draft)
            s.flush()
            detail = read_detail(s, policy)
            return detail.current

    # --- comments ------------------------------------------------------------------------

    def add_comment(self, version_id: str, section: str, author_id: str,
                    text: str) -> CommentRecord:
        if section not in SECTIONS:
            raise ValidationError("Choose the section the comment is about.", field="section")
        cleaned = clean_text(text).strip()
        if not cleaned:
            raise ValidationError("Type the comment.", field="text")
        cleaned = limit_text(cleaned, "text", "the comment", MAX_COMMENT)
        with self._sf.begin() as s:
            version = live_row(s, PolicyVersion, version_id, VERSION_GONE)
            live_person(s, author_id, "author")
            comment = PolicyComment(version_id=version.id, section=section, author_id=author_id,
                                    text=cleaned, at=self._stamp())
            s.add(comment)
            s.flush()
            policy = s.get(PolicyDocument, version.policy_id)
            assert policy is not None
            return next(c for c in read_detail(s, policy).comments if c.id == comment.id)

    def remove_comment(self, comment_id: str) -> None:
        with self._sf.begin() as s:
            live_row(s, PolicyComment, comment_id, COMMENT_GONE).deleted = True

    # --- the pathway ---------------------------------------------------------------------

    def next_step(self, policy_id: str) -> NextStep | None:
        """The step the newest version takes next, with who decides, the meetings it may
        be recorded at and the chairs this laptop signs for; None once published."""
        with self._sf() as s:
            policy = live_row(s, PolicyDocument, policy_id, POLICY_GONE)
            version = live_versions(s, policy.id)[-1]
            stage = version_stages(s, [version])[version.id]
            if recorded_stages(s, [version])[version.id] != stage:
                return None  # a recorded step waits for its chair's signature
            step = next_step(stage)
            if step is None:
                return None
            group_id, body_id, name, code = _decider(s, policy, step)
            meetings: tuple[tuple[str, str], ...] = ()
            if group_id is not None:
                rows = s.scalars(
                    select(Meeting)
                    .where(Meeting.group_id == group_id, Meeting.deleted.is_(False),
                           Meeting.status != "cancelled")
                    .order_by(Meeting.date.desc(), Meeting.number.desc())
                ).all()
                group = s.get(Group, group_id)
                meetings = tuple((m.id, meeting_label(m, group)) for m in rows)
            signers: list[SigningChoice] = []
            own = load_authority(s).own()
            if step in SIGNED_STEPS and own is not None and not own.revoked_at(self._now()):
                for role in own.chairs:
                    person = s.get(Person, role.person_id)
                    if role.code == code and person is not None and not person.deleted:
                        signers.append(SigningChoice(person.id, person.full_name))
            return NextStep(step, the(name), meetings, tuple(signers), step in SIGNED_STEPS)

    def record_step(
        self,
        policy_id: str,
        step: str,
        *,
        meeting_id: str | None = None,
        minute_number: str = "",
        by_id: str | None = None,
        note: str = "",
        sign_as: str | None = None,
        at: dt.datetime | None = None,
    ) -> PolicyDetail:
        """Record the newest version's next step (a draft's first step freezes it).

        ``sign_as`` (a person) signs a chair's step with this laptop's key as that
        person, who is then the one deciding; refused unless this laptop's certificate
        makes it their laptop as chair of the deciding body on the step's date."""
        minute_number = optional_text(minute_number, "minute_number", "the minute number",
                                      MAX_MINUTE)
        note = limit_text(clean_text(note).strip(), "note", "the note", MAX_NOTE)
        if sign_as is not None:
            if step not in SIGNED_STEPS:
                raise ValidationError(
                    "Only approvals by a group or body are signed by its chair.", field="sign_as"
                )
            if by_id is not None and by_id != sign_as:
                raise ValidationError(
                    "The chair who signs must be the person recorded as deciding.",
                    field="sign_as",
                )
            by_id = sign_as
        with self._sf.begin() as s:
            policy = live_row(s, PolicyDocument, policy_id, POLICY_GONE)
            version = live_versions(s, policy.id)[-1]
            stage = version_stages(s, [version])[version.id]
            recorded = recorded_stages(s, [version])[version.id]
            if recorded != stage:
                waiting = next_step(stage)
                assert waiting is not None
                raise ValidationError(
                    f"“{STAGE_LABELS[waiting]}” is recorded but counts only once its chair "
                    "signs it (on the chair's certified laptop, from the Pathway tab); the "
                    "next step waits for that.",
                    field="step",
                )
            check_step(stage, step)
            group_id, body_id, name, _code = _decider(s, policy, step)
            if meeting_id is not None:
                _check_meeting(s, meeting_id, group_id, name)
            if by_id is not None:
                live_person(s, by_id, "by_id")
            events = live_events(s, [v.id for v in live_versions(s, policy.id)])
            event = PolicyEvent(
                version_id=version.id,
                step=step,
                group_id=group_id,
                body_id=body_id,
                meeting_id=meeting_id,
                minute_number=minute_number,
                by_id=by_id,
                at=self._next_stamp(events, at),
                note=note,
                content_hash=signing.version_hash(policy.id, version.number,
                                                  sections_of(version)),
                after_id=events[-1].id if events else None,
            )
            s.add(event)
            s.flush()
            if sign_as is not None:
                signing.sign(load_authority(s), load_bodies(s), event, self._signer, self._now)
            return read_detail(s, policy)

    def signers_for_step(self, event_id: str) -> tuple[SigningChoice, ...]:
        """The chairs this laptop may sign a recorded step as: those its certificate makes
        it chair's laptop for the step's deciding body on the step's date (none for a
        step no chair signs, or one signed already)."""
        with self._sf() as s:
            event = live_row(s, PolicyEvent, event_id, "This step no longer exists.")
            if event.step not in SIGNED_STEPS or event.signature:
                return ()
            authority, bodies = load_authority(s), load_bodies(s)
            own = authority.own()
            body = bodies.get(event.group_id or event.body_id or "")
            moment = parse_at(event.at)
            if own is None or body is None or moment is None:
                return ()
            found = []
            for role in own.chairs:
                person = s.get(Person, role.person_id)
                if (role.code != body.code or person is None or person.deleted
                        or (event.by_id is not None and event.by_id != person.id)):
                    continue
                if authority.standing(own.laptop_id, body.code, person.id, moment).ok:
                    found.append(SigningChoice(person.id, person.full_name))
            return tuple(found)

    def sign_step(self, event_id: str, person_id: str) -> PolicyDetail:
        """Sign a chair's step recorded unsigned, on the chair's certified laptop."""
        with self._sf.begin() as s:
            event = live_row(s, PolicyEvent, event_id, "This step no longer exists.")
            version = live_row(s, PolicyVersion, event.version_id, VERSION_GONE)
            policy = live_row(s, PolicyDocument, version.policy_id, POLICY_GONE)
            if event.step not in SIGNED_STEPS:
                raise ValidationError(
                    f"“{STAGE_LABELS[event.step]}” is not signed by a chair.", field="sign_as"
                )
            if event.signature:
                raise ValidationError("This step is signed already.", field="sign_as")
            if event.by_id is not None and event.by_id != person_id:
                raise ValidationError(
                    "This step was recorded as another person's decision; only they can sign "
                    "it.",
                    field="sign_as",
                )
            current = signing.version_hash(policy.id, version.number, sections_of(version))
            if event.content_hash != current:
                raise ValidationError(
                    "The version's text has changed since this step was recorded, so it "
                    "cannot be signed.",
                    field="sign_as",
                )
            live_person(s, person_id, "sign_as")
            event.by_id = person_id
            signing.sign(load_authority(s), load_bodies(s), event, self._signer, self._now)
            return read_detail(s, policy)

    # --- helpers -------------------------------------------------------------------------

    def _stamp(self) -> str:
        return iso_utc(self._now())

    def _next_stamp(self, events: list[PolicyEvent], at: dt.datetime | None) -> str:
        latest = max((order_at(e.at) for e in events), default="")
        moment = self._now() if at is None else at
        if moment.tzinfo is None:
            raise ValidationError("Give the step's time with its time zone.", field="at")
        stamp = iso_utc(moment)
        if stamp > latest:
            return stamp
        if at is not None:
            raise ValidationError(
                "Record steps in the order they happened: this one is dated before the "
                "policy's latest step.",
                field="at",
            )
        return iso_utc(dt.datetime.fromisoformat(latest) + dt.timedelta(microseconds=1))


def _agreed_criteria(s: Session, group_id: str) -> str:
    """The group's latest agreed criteria for access (its provision map's), as the
    criteria section's first draft: "Version 2 of the criteria, agreed on …", then one
    numbered line each."""
    from sen_desktop.core.provision.criteria import read_criteria
    from sen_desktop.core.provision.records import tier_label
    from sen_desktop.core.validation import uk_date

    agreed = [v for v in read_criteria(s, group_id) if v.agreed_on is not None]
    if not agreed:
        return ""
    version = agreed[-1]
    assert version.agreed_on is not None
    lines = [f"The group's criteria for access to specialist resourcing (version "
             f"{version.number}, agreed on {uk_date(version.agreed_on)}):"]
    for criterion in version.criteria:
        tier = f" ({tier_label(criterion.tier)})" if criterion.tier else ""
        lines.append(f"{criterion.position}. {criterion.text}{tier}")
    return "\n".join(lines)


def _title(title: str) -> str:
    return require_text(title, "title", "the policy's title", MAX_TITLE)


def _check_draft(s: Session, version: PolicyVersion) -> None:
    stage = recorded_stages(s, [version])[version.id]
    if stage != DRAFT:
        raise ValidationError(
            f"Version {version.number} is “{STAGE_LABELS[stage]}” and no longer changes; "
            "start a new draft to change the policy.",
            field="version",
        )


def _decider(s: Session, policy: PolicyDocument, step: str
             ) -> tuple[str | None, str | None, str, str]:
    """(group id, body id, name, code) of who takes ``step`` for this policy."""
    group = s.get(Group, policy.group_id)
    assert group is not None
    who = DECIDERS[step]
    if who == "group":
        return group.id, None, group.name, group.code
    if who == "steering":
        steering = steering_group_of(s, group)
        if steering is None:
            raise ValidationError(
                "The programme has no Steering Group to take this step.", field="step"
            )
        return steering.id, None, steering.name, steering.code
    body = body_by_code(s, who)
    return None, body.id, body.name, body.code


def _check_meeting(s: Session, meeting_id: str, group_id: str | None, name: str) -> None:
    meeting = live_row(s, Meeting, meeting_id, "Choose a meeting that exists.",
                       field="meeting_id")
    if group_id is None:
        raise ValidationError(
            f"{the(name).capitalize()} decides outside the groups' meetings; leave the "
            "meeting empty.",
            field="meeting_id",
        )
    if meeting.status == "cancelled":
        raise ValidationError(
            "That meeting was cancelled; choose the meeting where it was decided.",
            field="meeting_id",
        )
    if meeting.group_id != group_id:
        raise ValidationError(
            f"Choose a meeting of {the(name)}: it takes this step.", field="meeting_id"
        )
