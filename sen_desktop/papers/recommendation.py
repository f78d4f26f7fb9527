"""A recommendation as a decision report: the front sheet, then the numbered report.

``gather`` reads the recommendation, its pathway and the people to contact into one
frozen ``RecommendationData``; ``render_recommendation`` lays it out (docs/FORMATS.md,
"Recommendation paper"); ``recommendation_paper`` writes and records it.

The paper's subject is its Heading 1. The front sheet follows as a two-column table of
labels and values in the County's order (By, To, Decision No, Subject, Key decision,
Classification, Past and Future Pathway of Paper, Electoral Division, Summary,
Recommendation(s)), in the body's 12 pt with lettered points on a hanging indent. The
report follows in ten sections (Heading 2, numbered by Word: "1.", paragraphs "1.1",
points "(a)"), the recommendations repeated in a box (a single-cell bordered table), then
background documents and contact details.

Choices the format leaves open, made here:
- "To" is the next body on the future pathway with the date of its meeting (the Steering
  Group's next meeting with the recommendation on its agenda, else "date to be
  confirmed"). At the SMT and Members stage it is the Senior Management Team, or Cabinet
  for a key decision (FORMATS.md: never SMT alone). A recommendation with nowhere left to
  go is reported FOR INFORMATION to its Steering Group. ``to_body`` overrides it (a key
  decision cannot be sent to SMT alone).
- Every decision taken on it is printed with its body, date, minute and the decision's
  note, read as what was asked (referred back), the reasons (not endorsed, rejected,
  deferred, withdrawn) or the amendments (… with amendments).
- Option 1 adopts the proposal ("This is recommended." only while it is still to be
  decided); option 2, doing nothing, is described from the recommendation's own remit
  points, tier, dimension and districts, or said plainly to be unassessed.
- The report author is the group's lead officer, else its chair; "By:" names both where
  they are appointed. A group with neither is refused with a sentence saying whom to
  appoint. The relevant director is the chair of the Steering Group; a vacant post is
  named as the post, said to be vacant.
- A section with nothing recorded says so as a council would: "None identified." for
  the background, "No implications have been identified." for sections 4 to 7.
- Confidential: a recommendation taken at a confidential (exempt) agenda item is
  published as Kent does: the whole report is public, and the background and the
  implications (sections 2 and 4 to 7) go to an exempt appendix, held back from the
  public version with the Schedule 12A paragraph and printed in the confidential one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Cm, Length
from docx.table import Table, _Cell
from sqlalchemy import select

from sen_desktop.core import recommendation_states as rs
from sen_desktop.core.dates import long_date, uk_date
from sen_desktop.core.errors import SenError, ValidationError
from sen_desktop.core.meeting_records import SCHEDULE_12A
from sen_desktop.core.people import chair_seat, lead_officer_seat, short_capacity
from sen_desktop.core.recommendation_records import (
    TIER_LABELS,
    EventView,
    FutureStep,
    PathwayStep,
    RecommendationRecord,
)
from sen_desktop.core.records import GroupDetail, SeatView
from sen_desktop.core.store.models import AgendaItem, Meeting
from sen_desktop.papers.document import (
    POINTS,
    NumberedList,
    PaperSetup,
    add_row,
    classification_for,
    heading,
    keep_with_next,
    labelled,
    new_list,
    new_paragraph,
    numbered_paragraph,
    numbered_section_heading,
    paragraph,
    recommendation_reference,
    start_paper,
    style_id,
)
from sen_desktop.papers.document import SECTIONS as LIST_SECTIONS
from sen_desktop.papers.output import PaperRecord, PaperServices, paper_services, publish
from sen_desktop.papers.text import add_text, one_line, paragraphs_of

KIND: Final = "recommendation"

#: The front sheet's labels, in the County's order.
FRONT_SHEET_LABELS: Final = (
    "By:",
    "To:",
    "Decision No:",
    "Subject:",
    "Key decision:",
    "Classification:",
    "Past Pathway of Paper:",
    "Future Pathway of Paper:",
    "Electoral Division:",
    "Summary:",
    "Recommendation(s):",
)
#: The numbered sections of the report, in order.
SECTIONS: Final = (
    "Introduction",
    "Background",
    "Proposal and options considered",
    "Financial implications",
    "Legal implications",
    "Equalities implications",
    "Data protection implications",
    "Consultation",
    "Conclusions",
    "Recommendation(s)",
)
NONE_IDENTIFIED: Final = "None identified."
NO_IMPLICATIONS: Final = "No implications have been identified."
FOR_DECISION: Final = "FOR DECISION"
FOR_INFORMATION: Final = "FOR INFORMATION"
SCHEDULE_12A_TEXT: Final = "of Part 1 of Schedule 12A to the Local Government Act 1972"
SMT_CODE: Final = "SMT"
SMT_NAME: Final = "Senior Management Team"
CABINET_CODE: Final = "Cabinet"
DATE_TO_BE_FIXED: Final = "date to be confirmed"
APPENDIX: Final = "Appendix A"
SUMMARY_LIMIT: Final = 400  # characters of the recommendation in the front sheet's summary
TO_DASH: Final = " – "  # "Cabinet – 8 September 2010" (FORMATS.md)

_VERBS: Final = {
    rs.STAGE_WORKING_GROUP: "agree",
    rs.STAGE_STEERING_GROUP: "endorse",
    rs.STAGE_SMT: "approve",
}
# What a body did, as a sentence says it: "the Strategy Steering Group <did> it".
_DID: Final = {
    rs.T_AGREED: "agreed",
    rs.T_SUBMITTED_TO_SG: "submitted it to the Steering Group",
    rs.T_ENDORSED: "endorsed",
    rs.T_ENDORSED_WITH_AMENDMENTS: "endorsed with amendments",
    rs.T_REFERRED_BACK: "referred back to the working group",
    rs.T_DEFERRED: "deferred",
    rs.T_NOT_ENDORSED: "did not endorse",
    rs.T_SUBMITTED_TO_SMT: "submitted it to SMT and Members",
    rs.T_APPROVED: "approved",
    rs.T_APPROVED_WITH_AMENDMENTS: "approved with amendments",
    rs.T_REJECTED: "rejected",
    rs.T_NOTED: "noted",
    rs.T_IMPLEMENTED: "reported as implemented",
    rs.T_WITHDRAWN: "withdrew",
}
# How a decision's note is introduced.
_NOTE_LEADS: Final = {
    rs.T_REFERRED_BACK: "It asked the working group",
    rs.T_ENDORSED_WITH_AMENDMENTS: "The amendments",
    rs.T_APPROVED_WITH_AMENDMENTS: "The amendments",
    rs.T_NOT_ENDORSED: "The reason given",
    rs.T_REJECTED: "The reason given",
    rs.T_DEFERRED: "The reason given",
    rs.T_WITHDRAWN: "The reason given",
}
_REFUSALS: Final = frozenset({rs.T_NOT_ENDORSED, rs.T_REJECTED, rs.T_WITHDRAWN})
_ADOPTIONS: Final = frozenset(
    {rs.T_APPROVED, rs.T_APPROVED_WITH_AMENDMENTS, rs.T_IMPLEMENTED, rs.T_NOTED}
)
_LABEL_WIDTH: Final = Cm(4.6)
_VALUE_WIDTH: Final = Cm(11.4)
_TEXT_WIDTH: Final = Cm(16.0)
_HANG: Final = Cm(0.6)  # a front-sheet list entry's hanging indent
_POINT_HANG: Final = Cm(1.0)  # a front-sheet recommendation's "(a)" and its text
_LISTED: Final = frozenset({"By:", "Past Pathway of Paper:", "Future Pathway of Paper:"})


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


def _the(name: str) -> str:
    """ "the Steering Group": body and group names read with the article."""
    return name if name.casefold().startswith("the ") else f"the {name}"


def _capital(text: str) -> str:
    return f"{text[:1].upper()}{text[1:]}"


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
    """The first meeting of ``group_id`` (on or after ``after``) with the recommendation
    on its agenda: the meeting a paper FOR INFORMATION goes to."""
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
            query = query.where(Meeting.date >= after)
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
    )


# --- words ---------------------------------------------------------------------------


def _note(step: PathwayStep) -> str:
    return " ".join(paragraphs_of(step.note))


def _minute(step: PathwayStep) -> str:
    return f"minute {one_line(step.minute_number)}" if step.minute_number else ""


def past_pathway_lines(past: Sequence[PathwayStep]) -> list[str]:
    """ "Strategy Steering Group, 2 November 2010: Referred back (minute 12). It asked the
    working group: Cost it first." — each body's decision with its note."""
    lines = []
    for step in past:
        line = f"{one_line(step.body)}, {uk_date(step.date)}: {step.outcome}"
        if step.minute_number:
            line += f" ({_minute(step)})"
        note = _note(step)
        if note:
            line += f". {_NOTE_LEADS.get(step.transition, 'Note')}: {note}"
        lines.append(line)
    return lines


def decision_sentence(step: PathwayStep) -> str:
    """ "On Tuesday 2 November 2010 the Strategy Steering Group referred the
    recommendation back to the working group (minute 12). It asked the working group:
    “Cost it first.”" """
    did = _DID.get(step.transition, step.outcome.lower())
    body = _the(one_line(step.body))
    if did.endswith(" it to the Steering Group") or did.endswith(" it to SMT and Members"):
        text = f"On {long_date(step.date)} {body} {did}"
    elif step.transition == rs.T_REFERRED_BACK:
        text = (
            f"On {long_date(step.date)} {body} referred the recommendation back to the "
            "working group"
        )
    elif step.transition == rs.T_IMPLEMENTED:
        text = f"On {long_date(step.date)} the recommendation was reported as implemented"
    elif step.transition == rs.T_WITHDRAWN:
        text = f"On {long_date(step.date)} the recommendation was withdrawn"
    elif step.transition == rs.T_NOT_ENDORSED:
        text = f"On {long_date(step.date)} {body} did not endorse the recommendation"
    else:
        text = f"On {long_date(step.date)} {body} {did.split(' with ')[0]} the recommendation"
        if " with " in did:
            text += " with amendments"
    if step.minute_number:
        text += f" ({_minute(step)})"
    text += "."
    note = _note(step)
    if note:
        text += f" {_NOTE_LEADS.get(step.transition, 'Its note')}: “{note}”"
    return text


def future_pathway_lines(future: Sequence[FutureStep]) -> list[str]:
    """ "Steering Group, to endorse: 2 November 2010" (or "date to be confirmed")."""
    lines = []
    for step in future:
        when = uk_date(step.date) if step.date is not None else DATE_TO_BE_FIXED
        lines.append(f"{one_line(step.body)}, {step.purpose}: {when}")
    return lines


def to_text(data: RecommendationData) -> str:
    """ "Cabinet – date to be confirmed", "Strategy Steering Group – 2 November 2010"."""
    when = uk_date(data.to_date) if data.to_date is not None else DATE_TO_BE_FIXED
    return f"{data.to_body}{TO_DASH}{when}"


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def electoral_division(record: RecommendationRecord) -> str:
    """ "All", or the districts named as districts: a district is not an electoral
    division, so the divisions are those within it."""
    if record.county_wide:
        return "All"
    districts = [one_line(d) for d in record.districts]
    noun = "district" if len(districts) == 1 else "districts"
    return f"The divisions in the {_and(districts)} {noun}"


def _statement(record: RecommendationRecord) -> list[str]:
    return paragraphs_of(record.text)


def _outcome_phrase(step: PathwayStep) -> str:
    """ "the Senior Management Team rejected recommendation PD-R1 on 5 May 2011"."""
    did = _DID.get(step.transition, step.outcome.lower())
    body = _the(one_line(step.body))
    when = uk_date(step.date)
    if step.transition == rs.T_WITHDRAWN:
        return f"the recommendation was withdrawn on {when}"
    if step.transition == rs.T_IMPLEMENTED:
        return f"the recommendation was reported as implemented on {when}"
    if step.transition == rs.T_NOT_ENDORSED:
        return f"{body} did not endorse the recommendation on {when}"
    verb, _, rest = did.partition(" with ")
    amended = " with amendments" if rest else ""
    return f"{body} {verb} the recommendation{amended} on {when}"


def summary_text(data: RecommendationData) -> str:
    """The short summary under FOR DECISION / FOR INFORMATION."""
    record = data.record
    group = _the(one_line(record.group_name))
    title = one_line(record.title)
    first = (_statement(record) or [""])[0]
    if first.casefold().startswith("that "):
        first = f"It recommends that {first[5:]}"
    if len(first) > SUMMARY_LIMIT:
        first = first[:SUMMARY_LIMIT].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    if data.for_decision:
        lead = (
            f"This report asks {_the(data.to_body)} to {data.verb} recommendation "
            f"{record.reference} of {group}, “{title}”."
        )
    else:
        lead = (
            f"This report informs {_the(data.to_body)} of recommendation "
            f"{record.reference} of {group}, “{title}”."
        )
    parts = [lead, first] if first else [lead]
    referred = [s for s in data.past if s.transition == rs.T_REFERRED_BACK]
    if data.for_decision and referred and _note(referred[-1]):
        step = referred[-1]
        parts.append(
            f"{_capital(_the(one_line(step.body)))} referred it back on {uk_date(step.date)}, "
            f"asking the group: “{_note(step)}”"
        )
    decision = data.decision
    if decision is not None:
        sentence = _capital(_outcome_phrase(decision)) + "."
        note = _note(decision)
        if note:
            sentence += f" {_NOTE_LEADS.get(decision.transition, 'Its note')}: “{note}”"
        parts.append(sentence)
    return " ".join(p.strip() for p in parts if p.strip())


def _amended_by(data: RecommendationData) -> list[PathwayStep]:
    return [s for s in data.past if s.transition in rs.AMENDING_TRANSITIONS]


def recommendation_points(data: RecommendationData) -> list[str]:
    """The points after "The <body> is asked to:" — (a), (b) … in order. The
    recommendation is cited by reference and title, its words being in section 3, so a
    point never reads "endorse the recommendation that … is endorsed"."""
    record = data.record
    group = _the(one_line(record.group_name))
    title = one_line(record.title)
    points: list[str] = []
    decision = data.decision
    if data.for_decision:
        cited = f"recommendation {record.reference} of {group}, “{title}”, set out in section 3"
        amended = _amended_by(data)
        if amended:
            step = amended[-1]
            cited += f", as amended by {_the(one_line(step.body))} on {uk_date(step.date)}"
        points.append(f"{data.verb} {cited}")
        points.append(
            "note the financial, legal, equalities and data protection implications set "
            "out in sections 4 to 7 of this report"
        )
    elif decision is not None:
        points.append(f"note that {_outcome_phrase(decision)}, as set out in section 2")
    else:
        points.append(f"note recommendation {record.reference} of {group}, “{title}”")
    ended = [p.rstrip().rstrip(";.") for p in points]
    return [f"{p};" for p in ended[:-1]] + [f"{ended[-1]}."]


def letter(n: int) -> str:
    """ "(a)" … "(z)", "(aa)" …"""
    text = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        text = chr(ord("a") + rem) + text
    return f"({text})"


def asked_to(data: RecommendationData) -> str:
    return f"The {data.to_body.removeprefix('the ').removeprefix('The ')} is asked to:"


def _cited(data: RecommendationData) -> str:
    cited = data.exempt_paragraphs
    if not cited:
        return "exempt information"
    noun = "paragraph" if len(cited) == 1 else "paragraphs"
    numbers = ", ".join(str(p) for p in cited)
    return f"exempt information under {noun} {numbers} {SCHEDULE_12A_TEXT}"


def withheld_text(data: RecommendationData) -> str:
    """What the public version says where the exempt appendix holds the text."""
    return f"See {APPENDIX}, which is not for publication: it contains {_cited(data)}."


def _classification_value(data: RecommendationData, confidential: bool) -> str:
    if confidential:
        return f"Restricted — {APPENDIX} not for publication: {_restricted_reason(data)}"
    if data.has_exempt:
        return f"Unrestricted, except {APPENDIX} (exempt: not for publication)"
    return "Unrestricted"


def _restricted_reason(data: RecommendationData) -> str:
    reason = _cited(data)
    if data.exempt_reasons:
        reason = f"{'; '.join(data.exempt_reasons)} ({reason})"
    return reason


def _do_nothing(record: RecommendationRecord) -> str:
    """Option 2, from what the recommendation records; plain where it records nothing."""
    where = "" if record.county_wide else f" in {_and([one_line(d) for d in record.districts])}"
    parts = []
    if record.remit:
        names = [f"“{one_line(point.text)}”" for point in record.remit]
        noun = "point" if len(names) == 1 else "points"
        parts.append(f"the group's remit {noun} {_and(names)} would be left unanswered")
    if record.tier:
        tier = TIER_LABELS.get(record.tier, record.tier)
        need = f" for {one_line(record.dimension)}" if record.dimension else ""
        parts.append(f"{tier.lower()} provision{need}{where} would continue as it is now")
    elif record.dimension:
        dimension = one_line(record.dimension)
        parts.append(f"provision for {dimension}{where} would continue as it is now")
    if not parts:
        return (
            "Option 2: do nothing. The present arrangements would continue; the group "
            "recorded no assessment of this option."
        )
    return f"Option 2: do nothing. {_capital(_and(parts))}."


def _adopt(data: RecommendationData) -> str:
    """Option 1, ending with where it stands: recommended while undecided, else decided."""
    record = data.record
    amended = _amended_by(data)
    text = f"Option 1: adopt recommendation {record.reference}, “{one_line(record.title)}”"
    text += ", as amended (section 2)." if amended else ", as proposed."
    decision = data.decision
    if decision is None:
        return f"{text} This is recommended."
    return f"{text} {_capital(_outcome_phrase(decision))}."


# --- layout ----------------------------------------------------------------------------


class _Report:
    """The report's Word numbering: one SECTIONS list for the sections' headings ("1."),
    their paragraphs ("1.1") and points ("(a)")."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.numbers: NumberedList = new_list(doc, LIST_SECTIONS)

    def section(self, number: int) -> None:
        keep_with_next(
            numbered_section_heading(self.doc, SECTIONS[number - 1], self.numbers, level=2)
        )

    def para(self, text: str) -> None:
        numbered_paragraph(self.doc, text, self.numbers, level=1)

    def point(self, text: str) -> None:
        numbered_paragraph(self.doc, text, self.numbers, level=2)

    def paras(self, number: int, texts: Sequence[str], empty: str) -> None:
        self.section(number)
        for text in texts or [empty]:
            self.para(text)


def render_recommendation(
    data: RecommendationData,
    confidential: bool = False,
    data_dir: Path | None = None,
    version: int = 1,
) -> Document:
    """The decision report for ``data`` (public unless ``confidential``)."""
    doc = start_paper(
        "portrait",
        PaperSetup(
            authority=data.authority,
            classification=classification_for(confidential),
            classification_reason=_restricted_reason(data) if confidential else "",
            reference=data.reference,
            version=version,
            title=data.title,
            date=data.paper_date,
        ),
        data_dir,
    )
    heading(doc, data.title, 1)
    _front_sheet(doc, data, confidential)
    _report(doc, data)
    _contacts(doc, data)
    if data.has_exempt and confidential:
        _appendix(doc, data)
    return doc


def _grid(doc: Document, widths: Sequence[Length]) -> Table:
    """A ruled table with no heading row (``document.table`` always has one)."""
    grid: Table = doc.add_table(rows=0, cols=len(widths))
    grid._tbl.tblStyle_val = style_id(doc, "Paper Table")
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False
    for col, width in zip(grid._tbl.tblGrid.gridCol_lst, widths, strict=True):
        col.w = width
    return grid


def _row(sheet: Table) -> tuple[_Cell, _Cell]:
    label, value = add_row(sheet, ["", ""])
    return label, value


def _lines(
    cell: _Cell, lines: Sequence[str], *, bold_first: bool = False, hang: bool = False
) -> None:
    """One paragraph per line, in the body's 12 pt; with ``hang``, each entry of a list
    (authors, pathway steps) hangs under its first word."""
    first = cell.paragraphs[0]
    for n, line in enumerate(lines):
        para = first if n == 0 else new_paragraph(cell, "Normal")
        para._p.style = style_id(cell, "Normal")
        if hang:
            para.paragraph_format.left_indent = _HANG
            para.paragraph_format.first_line_indent = -_HANG
        add_text(para, line, bold=bold_first and n == 0)


def _front_sheet(doc: Document, data: RecommendationData, confidential: bool) -> None:
    record = data.record
    if record.decision_no:
        decision_no = one_line(record.decision_no)
    else:
        decision_no = "To be allocated" if record.key_decision else "Not applicable"
    past = past_pathway_lines(data.past) or ["None: this is its first consideration."]
    future = future_pathway_lines(data.future) or ["None: no further body is to consider it."]
    values: list[tuple[str, list[str]]] = [
        ("By:", [c.by_text for c in data.authors]),
        ("To:", [to_text(data)]),
        ("Decision No:", [decision_no]),
        ("Subject:", [one_line(record.title).upper()]),
        ("Key decision:", ["Yes" if record.key_decision else "No"]),
        ("Classification:", [_classification_value(data, confidential)]),
        ("Past Pathway of Paper:", past),
        ("Future Pathway of Paper:", future),
        ("Electoral Division:", [electoral_division(record)]),
        ("Summary:", [FOR_DECISION if data.for_decision else FOR_INFORMATION, summary_text(data)]),
    ]
    sheet = _grid(doc, [_LABEL_WIDTH, _VALUE_WIDTH])
    for label, lines in values:
        label_cell, value_cell = _row(sheet)
        _lines(label_cell, [label], bold_first=True)
        _lines(
            value_cell,
            lines,
            bold_first=label in ("Subject:", "Summary:"),
            hang=label in _LISTED,
        )
    label_cell, value_cell = _row(sheet)
    _lines(label_cell, ["Recommendation(s):"], bold_first=True)
    _lines(value_cell, [asked_to(data)])
    points = new_list(doc, POINTS)
    for point in recommendation_points(data):
        para = numbered_paragraph(value_cell, point, points, level=0, style="Normal")
        # Narrower than the body's sub-points: the letter, then the text hanging under it.
        para.paragraph_format.left_indent = _POINT_HANG
        para.paragraph_format.first_line_indent = -_POINT_HANG


def _report(doc: Document, data: RecommendationData) -> None:
    record = data.record
    group = _the(one_line(record.group_name))
    to = _the(data.to_body)
    title = one_line(record.title)
    exempt = data.has_exempt
    r = _Report(doc)

    # 1 Introduction
    r.section(1)
    purpose = f"to {data.verb}" if data.for_decision else "to note"
    r.para(
        f"This report sets out recommendation {record.reference} of {group}, “{title}”, "
        f"for {to} {purpose}. It is at the stage “{data.state_label}”."
    )
    concerns = []
    if record.dimension:
        concerns.append(f"the {one_line(record.dimension)} dimension of need")
    if record.tier:
        concerns.append(f"the tier of provision “{TIER_LABELS.get(record.tier, record.tier)}”")
    if concerns:
        r.para(f"It concerns {' and '.join(concerns)}.")
    if record.remit:
        noun = "point" if len(record.remit) == 1 else "points"
        r.para(f"It answers the following {noun} of the group's remit:")
        for remit in record.remit:
            r.point(one_line(remit.text))

    # 2 Background: the evidence (exempt: in the appendix), then every decision so far
    r.section(2)
    if exempt:
        r.para(withheld_text(data))
    else:
        for text in paragraphs_of(record.rationale) or [NONE_IDENTIFIED]:
            r.para(text)
    for step in data.steps:
        r.para(decision_sentence(step))

    # 3 Proposal and options considered
    r.section(3)
    statement = _statement(record)
    if statement:
        r.para(f"{_capital(group)} proposes the following.")
        for text in statement:
            paragraph(doc, text, "Para Indent")
    else:
        r.para(f"{_capital(group)} proposes “{title}”; no further wording is recorded.")
    for step in _amended_by(data):
        r.para(
            f"{_capital(_the(one_line(step.body)))} amended it on {uk_date(step.date)}: "
            f"“{_note(step)}”"
        )
    r.para("The options considered were:")
    r.point(_adopt(data))
    r.point(_do_nothing(record))

    # 4–7 Implications (exempt: in the appendix)
    for number, text in (
        (4, record.financial),
        (5, record.legal),
        (6, record.equality),
        (7, record.data_protection),
    ):
        if exempt and paragraphs_of(text):
            r.paras(number, [withheld_text(data)], "")
        else:
            r.paras(number, paragraphs_of(text), NO_IMPLICATIONS)

    # 8 Consultation
    r.section(8)
    if data.past:
        r.para("The recommendation has been considered by:")
        for line in past_pathway_lines(data.past):
            r.point(line)
    else:
        r.para("No body has yet considered the recommendation.")
    view = paragraphs_of(record.reference_group_view)
    if data.group_kind == "reference":
        r.para("The recommendation comes from the Parent/Carer Reference Group itself.")
    elif view:
        r.para(f"The Parent/Carer Reference Group's view: {view[0]}")
        for text in view[1:]:
            r.para(text)
    elif data.decision is not None or any(s.stage != rs.STAGE_WORKING_GROUP for s in data.past):
        r.para(
            "No view of the Parent/Carer Reference Group is recorded with the "
            "recommendation; the decisions above were taken without one."
        )
    else:
        r.para("The Parent/Carer Reference Group's view has not yet been recorded.")

    # 9 Conclusions
    r.section(9)
    decision = data.decision
    if data.for_decision:
        r.para(
            f"For the reasons set out in this report, {group} asks {to} to {data.verb} the "
            "recommendation set out in section 10."
        )
    elif decision is not None:
        r.para(f"{_capital(_outcome_phrase(decision))}; {to} is asked to note this.")
    else:
        r.para(f"{_capital(to)} is asked to note the recommendation.")

    # 10 Recommendation(s), repeated in a box
    r.section(10)
    box = _grid(doc, [_TEXT_WIDTH])
    cell = add_row(box, [""])[0]
    lead = cell.paragraphs[0]
    lead._p.style = style_id(doc, "Normal")
    add_text(lead, asked_to(data), bold=True)
    points = new_list(doc, POINTS)
    for point in recommendation_points(data):
        numbered_paragraph(cell, point, points, level=0)

    # Background documents
    keep_with_next(heading(doc, "Background documents", 2))
    documents = [
        f"Minutes of the {one_line(step.body)}, {uk_date(step.date)}"
        + (f", {_minute(step)}" if step.minute_number else "")
        for step in data.past
        if step.meeting_id is not None
    ]
    if exempt:
        documents.append(f"{APPENDIX} (exempt): not for publication")
    if documents:
        listed = new_list(doc, POINTS)
        for text in dict.fromkeys(documents):
            numbered_paragraph(doc, text, listed, level=0)
    else:
        paragraph(doc, "None.", "Para Indent")


def _contacts(doc: Document, data: RecommendationData) -> None:
    keep_with_next(heading(doc, "Contact details", 2))
    for contact in (data.author, data.director):
        lines = (
            [("Name:", contact.name), ("Job title:", contact.job_title)]
            if contact.name
            else [("Post:", f"{contact.job_title} (vacant)")]
        )
        lines += [("Telephone:", contact.telephone), ("Email:", contact.email)]
        shown = [(label, text) for label, text in lines if text]
        keep_with_next(paragraph(doc, f"{contact.role}:", bold=True))
        for n, (label, text) in enumerate(shown):
            para = labelled(doc, label, text)
            if n < len(shown) - 1:
                keep_with_next(para)  # a contact's lines stay on one page


def _appendix(doc: Document, data: RecommendationData) -> None:
    """The exempt appendix (confidential version only): the background and implications
    the public report refers to."""
    record = data.record
    top = keep_with_next(heading(doc, f"{APPENDIX} (exempt): not for publication", 2))
    top.paragraph_format.page_break_before = True
    paragraph(doc, f"This appendix contains {_restricted_reason(data)}.", "Para Indent")
    for title, text, empty in (
        ("Background", record.rationale, NONE_IDENTIFIED),
        ("Financial implications", record.financial, NO_IMPLICATIONS),
        ("Legal implications", record.legal, NO_IMPLICATIONS),
        ("Equalities implications", record.equality, NO_IMPLICATIONS),
        ("Data protection implications", record.data_protection, NO_IMPLICATIONS),
    ):
        keep_with_next(heading(doc, title, 3))
        for line in paragraphs_of(text) or [empty]:
            paragraph(doc, line, "Para Indent")


# --- writing ---------------------------------------------------------------------------


def recommendation_paper(
    services: Any,
    recommendation_id: str,
    out_path: Path | str,
    confidential: bool = False,
    by: str = "",
    to_body: str | None = None,
    *,
    data_dir: Path | None = None,
) -> PaperRecord:
    """Write the decision report on ``recommendation_id`` (public, or the confidential
    version, with the exempt appendix) to ``out_path`` and record it."""
    ps = paper_services(services)
    data = gather(ps, recommendation_id, to_body)
    if confidential and not data.has_exempt:
        raise ValidationError(
            f"{data.record.reference} was not taken at a confidential item, so its paper "
            "has only a public version.",
            field="confidential",
        )
    doc = render_recommendation(data, confidential, data_dir)
    return publish(
        doc,
        Path(out_path),
        ps.registry,
        kind=KIND,
        reference=data.reference,
        title=data.title,
        confidential=confidential,
        by=by,
    )


__all__ = [
    "FRONT_SHEET_LABELS",
    "KIND",
    "NONE_IDENTIFIED",
    "NO_IMPLICATIONS",
    "SECTIONS",
    "Contact",
    "RecommendationData",
    "decision_sentence",
    "electoral_division",
    "future_pathway_lines",
    "gather",
    "has_confidential",
    "past_pathway_lines",
    "recommendation_paper",
    "recommendation_points",
    "render_recommendation",
    "summary_text",
    "to_text",
]
