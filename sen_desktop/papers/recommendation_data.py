"""What a recommendation's decision report prints, read from the core: ``gather`` gives
one frozen ``RecommendationData`` (docs/formats.md, "Recommendation paper").

The report author is the group's lead officer, else its chair, and "By:" names both where
appointed (``core.people.chair_seat`` / ``lead_officer_seat``); a group with neither is
refused with a sentence saying whom to appoint. The relevant director is the chair of
the Steering Group, or the post, said to be vacant. "To" is the next body on the future
pathway with its meeting's date; at the SMT and Members stage a key decision goes to
Cabinet, never to the Senior Management Team alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import select

from sen_desktop.core.errors import SenError, ValidationError
from sen_desktop.core.meetings.records import SCHEDULE_12A
from sen_desktop.core.people.records import SeatView, chair_seat, lead_officer_seat, short_capacity
from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.recommendations.records import (
    EventView,
    FutureStep,
    PathwayStep,
    RecommendationRecord,
)
from sen_desktop.core.store.models import AgendaItem, Meeting
from sen_desktop.papers.consultation_section import consultation_sentences
from sen_desktop.papers.document import (
    recommendation_reference,
)
from sen_desktop.papers.output import PaperServices, paper_services
from sen_desktop.papers.text import one_line

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from sen_desktop.core.programme.records import GroupDetail

SMT_CODE: Final = "SMT"
SMT_NAME: Final = "Senior Management Team"
CABINET_CODE: Final = "Cabinet"

_VERBS: Final = {
    rs.STAGE_WORKING_GROUP: "agree",
    rs.STAGE_STEERING_GROUP: "endorse",
    rs.STAGE_SMT: "approve",
}


# --- what the paper prints -----------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    """A person to contact about the report. ``name`` is "" for a vacant post; phone
    and email are "" where not recorded (the line is then left out)."""

    role: str  # "Report author", "Relevant director"
    name: str
    job_title: str
    telephone: str
    email: str

    @property
    def by_text(self) -> str:
        """ "Mrs Anne Hale, Chair, BESD Working Group"; a vacant post: "… (vacant)"."""
        if not self.name:
            return f"{self.job_title} (post vacant)"
        return f"{self.name}, {self.job_title}" if self.job_title else self.name


@dataclass(frozen=True)
class RecommendationData:
    record: RecommendationRecord
    state: str
    state_label: str
    past: tuple[PathwayStep, ...]
    future: tuple[FutureStep, ...]
    to_body: str  # "Strategy Steering Group", "Cabinet" …
    to_date: dt.date | None  # the meeting the paper goes to, where known
    verb: str  # what the body is asked to do: "agree", "endorse", "approve", "note"
    group_kind: str  # "working", "reference" …
    authors: tuple[Contact, ...]  # who the paper is by: the chair and the lead officer
    author: Contact  # the report author (the lead officer, else the chair)
    director: Contact
    authority: str
    exempt_paragraphs: tuple[int, ...]  # Schedule 12A paragraphs of the exempt items
    exempt_reasons: tuple[str, ...]
    has_exempt: bool  # taken at a confidential item: a confidential version exists
    # The step that settled it (approved, rejected, withdrawn, implemented …) when no
    # body is left to consider it; withdrawal and implementation are not on the past
    # pathway, so it may not be there.
    settled: PathwayStep | None = None
    # Section 8's sentences on the Steering Group's consultations about it (issue 15).
    consultation: tuple[str, ...] = ()

    @property
    def reference(self) -> str:
        return recommendation_reference(self.record.reference)

    @property
    def title(self) -> str:
        return f"{self.record.reference}: {one_line(self.record.title)}"

    @property
    def for_decision(self) -> bool:
        return bool(self.future)

    @property
    def paper_date(self) -> dt.date | None:
        """The paper's date: its meeting's, else the last decision's."""
        if self.to_date is not None:
            return self.to_date
        return max((step.date for step in self.past), default=None)

    @property
    def decision(self) -> PathwayStep | None:
        """The step that settled it (approved, rejected …), for a paper FOR INFORMATION."""
        return None if self.for_decision else self.settled

    @property
    def steps(self) -> tuple[PathwayStep, ...]:
        """Every step section 2 reports: the past pathway, then the settling step."""
        settled = self.decision
        if settled is None or settled in self.past:
            return self.past
        return (*self.past, settled)


def _exempt_items(services: PaperServices, recommendation_id: str) -> list[tuple[int | None, str]]:
    """(Schedule 12A paragraph, reason) of every confidential agenda item that took it."""
    with services.session_factory() as s:
        rows = s.execute(
            select(AgendaItem.exempt_paragraph, AgendaItem.exempt_reason)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(
                AgendaItem.recommendation_id == recommendation_id,
                AgendaItem.exempt.is_(True),
                AgendaItem.deleted.is_(False),
                Meeting.deleted.is_(False),
            )
            .order_by(AgendaItem.id)
        ).all()
    return [(p if p in SCHEDULE_12A else None, reason or "") for p, reason in rows]


def _agenda_date(
    services: PaperServices, recommendation_id: str, group_id: str, after: dt.date | None
) -> dt.date | None:
    """The first meeting of ``group_id`` after ``after`` (the last decision: the paper
    reports it, so it goes to a later meeting) with the recommendation on its agenda:
    the meeting a paper FOR INFORMATION goes to."""
    with services.session_factory() as s:
        query = (
            select(Meeting.date)
            .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
            .where(
                AgendaItem.recommendation_id == recommendation_id,
                AgendaItem.deleted.is_(False),
                Meeting.group_id == group_id,
                Meeting.deleted.is_(False),
                Meeting.status != "cancelled",
            )
            .order_by(Meeting.date)
            .limit(1)
        )
        if after is not None:
            query = query.where(Meeting.date > after)
        return s.scalars(query).first()


def has_confidential(services: Any, recommendation_id: str) -> bool:
    """Whether the recommendation was taken at a confidential (exempt) agenda item, so a
    confidential version of its paper (with the exempt appendix) exists."""
    ps = paper_services(services)
    ps.recommendations.get(recommendation_id)  # NotFoundError for a removed one
    return bool(_exempt_items(ps, recommendation_id))


def _holder(services: PaperServices, seat: SeatView | None, role: str, post: str) -> Contact | None:
    if seat is None or seat.holder is None:
        return None
    try:
        person = services.people.get(seat.holder.person_id)
    except SenError:
        return None
    return Contact(
        role,
        one_line(person.full_name),
        one_line(person.job_title) or post,
        one_line(person.phone),
        one_line(person.email),
    )


def _seats(
    services: PaperServices, detail: GroupDetail, last_day: dt.date | None
) -> tuple[SeatView | None, SeatView | None, GroupDetail]:
    """The chair's and lead officer's seats today; a seat empty today is read as on the
    day the group last considered the recommendation (it may have been filled then)."""
    chair, lead = chair_seat(detail.seats), lead_officer_seat(detail.seats)
    if last_day is not None and (
        chair is None or chair.holder is None or lead is None or lead.holder is None
    ):
        then = services.programme.group(detail.id, on=last_day)
        if chair is None or chair.holder is None:
            chair = chair_seat(then.seats) or chair
        if lead is None or lead.holder is None:
            lead = lead_officer_seat(then.seats) or lead
    return chair, lead, detail


def _authors(
    services: PaperServices, group: GroupDetail, last_day: dt.date | None, reference: str
) -> tuple[tuple[Contact, ...], Contact]:
    chair_at, lead_at, _ = _seats(services, group, last_day)
    name = one_line(group.name)
    chair = _holder(services, chair_at, "Report author", f"Chair, {name}")
    if chair is not None:
        chair = Contact(chair.role, chair.name, f"Chair, {name}", chair.telephone, chair.email)
    lead_post = short_capacity(lead_at.title) if lead_at is not None else ""
    lead = _holder(services, lead_at, "Report author", lead_post)
    authors = tuple(c for c in (chair, lead) if c is not None)
    if not authors:
        raise ValidationError(
            f"Appoint a chair or a lead officer to the {name} (Groups page, its seats) "
            f"before writing the paper on {reference}: the report author is one of them.",
            field="author",
        )
    return authors, lead or authors[0]


def _director(
    services: PaperServices, steering: GroupDetail | None, last_day: dt.date | None
) -> Contact:
    """The chair of the Steering Group; a vacant chair: the post, said to be vacant."""
    if steering is None:
        return Contact("Relevant director", "", "Chair of the Steering Group", "", "")
    seat, _, _ = _seats(services, steering, last_day)
    post = short_capacity(seat.title) if seat is not None else f"Chair, {steering.name}"
    found = _holder(services, seat, "Relevant director", post)
    return found or Contact("Relevant director", "", post, "", "")


def _last_day(past: Sequence[PathwayStep], body: str) -> dt.date | None:
    days = [step.date for step in past if step.body == body] or [step.date for step in past]
    return max(days) if days else None


def _steering_group(services: PaperServices, group: GroupDetail) -> GroupDetail | None:
    if group.reports_to_id:
        try:
            return services.programme.group(group.reports_to_id)
        except SenError:
            pass
    for summary in services.programme.list_groups():
        if summary.kind == "steering":
            return services.programme.group(summary.id)
    return None


def _body_name(services: PaperServices, text: str) -> str:
    """A body's name from its code or name ("SMT" → "Senior Management Team")."""
    wanted = one_line(text)
    for code, name in services.recommendations.bodies():
        if wanted.casefold() in (code.casefold(), name.casefold()):
            return name
    return wanted


def _named(services: PaperServices, code: str, fallback: str) -> str:
    name = _body_name(services, code)
    return name if name != code else fallback


def _default_to(
    services: PaperServices,
    record: RecommendationRecord,
    future: Sequence[FutureStep],
    steering: GroupDetail | None,
    group: str,
) -> str:
    if future:
        step = future[0]
        if step.stage == rs.STAGE_SMT:
            if record.key_decision:
                return _named(services, CABINET_CODE, "Cabinet")
            return _named(services, SMT_CODE, SMT_NAME)
        return step.body
    return steering.name if steering is not None else group


def _settled(events: Sequence[EventView], past: Sequence[PathwayStep]) -> PathwayStep | None:
    """The last applied step, as on the past pathway (withdrawal and implementation are
    not there, so they are made into a step here)."""
    applied = [event for event in events if event.applied]
    if not applied:
        return None
    last = applied[-1]
    for step in past:
        if (step.transition, step.date, step.note) == (last.transition, last.date, last.note):
            return step
    return PathwayStep(
        body=last.body_name,
        stage=rs.stage_of(last.from_state),
        date=last.date,
        outcome=last.transition_label,
        meeting_id=last.meeting_id,
        minute_number=last.minute_number,
        transition=last.transition,
        note=last.note,
    )


def gather(
    services: Any,
    recommendation_id: str,
    to_body: str | None = None,
) -> RecommendationData:
    """Everything the paper on ``recommendation_id`` prints. Raises ValidationError when
    its group has neither a chair nor a lead officer (no report author), or when a key
    decision would go to the Senior Management Team alone."""
    ps = paper_services(services)
    detail = ps.recommendations.detail(recommendation_id)
    record = detail.record
    group = ps.programme.group(record.group_id)
    steering = _steering_group(ps, group)
    future = detail.future_pathway
    past = detail.past_pathway
    to = _body_name(ps, to_body) if to_body and one_line(to_body) else ""
    if to and record.key_decision and to in (SMT_CODE, _named(ps, SMT_CODE, SMT_NAME)):
        raise ValidationError(
            f"{record.reference} is a key decision, so its paper goes to Cabinet or a "
            "Cabinet Member, not to the Senior Management Team alone.",
            field="to_body",
        )
    if not to:
        to = _default_to(ps, record, future, steering, group.name)
    to_date: dt.date | None = None
    if future and future[0].body == to:
        to_date = future[0].date
    elif not future and steering is not None and to == steering.name:
        to_date = _agenda_date(ps, recommendation_id, steering.id, _last_day(past, ""))
    verb = _VERBS.get(future[0].stage, "note") if future else "note"
    exempt = _exempt_items(ps, recommendation_id)
    authors, author = _authors(ps, group, _last_day(past, group.name), record.reference)
    settled = None if future else _settled(detail.events, past)
    return RecommendationData(
        record=record,
        state=detail.state,
        state_label=detail.state_label,
        past=past,
        future=future,
        to_body=one_line(to),
        to_date=to_date,
        verb=verb,
        group_kind=group.kind,
        authors=authors,
        author=author,
        director=_director(ps, steering, _last_day(past, steering.name if steering else "")),
        authority=ps.authority(),
        exempt_paragraphs=tuple(sorted({p for p, _ in exempt if p is not None})),
        exempt_reasons=tuple(dict.fromkeys(one_line(r) for _, r in exempt if one_line(r))),
        has_exempt=bool(exempt),
        settled=settled,
        consultation=consultation_sentences(ps.session_factory, recommendation_id),
    )


