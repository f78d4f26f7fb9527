"""A recommendation as a decision report: the front sheet, then the numbered report.

``gather`` reads the recommendation, its pathway and the people to contact into one
frozen ``RecommendationData``; ``render_recommendation`` lays it out (FORMATS.md,
"Recommendation paper"); ``recommendation_paper`` writes and records it.

The front sheet is a two-column table of labels and values in the County's order (By,
To, Decision No, Subject, Key decision, Classification, Past and Future Pathway of
Paper, Electoral Division, Summary, Recommendation(s)). The report follows in ten
numbered sections with paragraphs 1.1, 1.2 …, the recommendations repeated in a box
(a single-cell bordered table), then background documents and contact details.

Choices the format leaves open, made here:
- "To" is the next body on the future pathway (the Steering Group, or the Senior
  Management Team for the SMT and Members stage); a recommendation with nowhere left to
  go is reported FOR INFORMATION to its Steering Group. ``to_body`` overrides it.
- A section with nothing recorded says so as a council would: "None identified." for
  the background, "No implications have been identified." for sections 4 to 7.
- The report author is the chair of the recommendation's group; the relevant director
  the chair of its Steering Group; "To be confirmed" where a seat is empty.
- Confidential: a recommendation taken at a confidential (exempt) agenda item has a
  confidential version. Its public version keeps the front sheet's facts (subject,
  pathway, divisions) and withholds the summary, the recommendations and the body of
  the report, saying so with the Schedule 12A paragraph.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.shared import Cm, Length
from docx.table import Table
from sqlalchemy import select

from sen_desktop.core import recommendation_states as rs
from sen_desktop.core.errors import SenError, ValidationError
from sen_desktop.core.meeting_records import SCHEDULE_12A
from sen_desktop.core.recommendation_records import (
    TIER_LABELS,
    FutureStep,
    PathwayStep,
    RecommendationRecord,
)
from sen_desktop.core.records import GroupDetail, PersonRecord
from sen_desktop.core.store.models import AgendaItem, Meeting
from sen_desktop.core.validation import uk_date
from sen_desktop.papers.document import (
    CellText,
    PaperSetup,
    add_row,
    classification_for,
    keep_with_next,
    labelled,
    numbered,
    numbered_heading,
    paragraph,
    recommendation_reference,
    start_paper,
    style_id,
    sub_point,
)
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
TO_BE_CONFIRMED: Final = "To be confirmed"
FOR_DECISION: Final = "FOR DECISION"
FOR_INFORMATION: Final = "FOR INFORMATION"
SCHEDULE_12A_TEXT: Final = "of Part 1 of Schedule 12A to the Local Government Act 1972"
SMT_CODE: Final = "SMT"
SMT_NAME: Final = "Senior Management Team"
SUMMARY_LIMIT: Final = 400  # characters of the recommendation in the front sheet's summary

_VERBS: Final = {
    rs.STAGE_WORKING_GROUP: "agree",
    rs.STAGE_STEERING_GROUP: "endorse",
    rs.STAGE_SMT: "approve",
}
_LABEL_WIDTH: Final = Cm(4.6)
_VALUE_WIDTH: Final = Cm(11.4)
_TEXT_WIDTH: Final = Cm(16.0)


# --- what the paper prints -----------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    """A person to contact about the report: "To be confirmed" where unknown."""

    role: str  # "Report author", "Relevant director"
    name: str
    job_title: str
    telephone: str
    email: str


@dataclass(frozen=True)
class RecommendationData:
    record: RecommendationRecord
    state: str
    state_label: str
    past: tuple[PathwayStep, ...]
    future: tuple[FutureStep, ...]
    to_body: str  # "Steering Group", "Senior Management Team" …
    verb: str  # what the body is asked to do: "agree", "endorse", "approve", "note"
    group_kind: str  # "working", "reference" …
    author: Contact
    director: Contact
    authority: str
    exempt_paragraphs: tuple[int, ...]  # Schedule 12A paragraphs of the exempt items
    exempt_reasons: tuple[str, ...]
    has_exempt: bool  # taken at a confidential item: a confidential version exists

    @property
    def reference(self) -> str:
        return recommendation_reference(self.record.reference)

    @property
    def title(self) -> str:
        return f"{self.record.reference}: {one_line(self.record.title)}"

    @property
    def for_decision(self) -> bool:
        return bool(self.future)


def _the(name: str) -> str:
    """ "the Steering Group": body and group names read with the article."""
    return name if name.casefold().startswith("the ") else f"the {name}"


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
        ).all()
    return [(p if p in SCHEDULE_12A else None, reason or "") for p, reason in rows]


def has_confidential(services: Any, recommendation_id: str) -> bool:
    """Whether the recommendation was taken at a confidential (exempt) agenda item, so a
    confidential version of its paper exists."""
    ps = paper_services(services)
    ps.recommendations.get(recommendation_id)  # NotFoundError for a removed one
    return bool(_exempt_items(ps, recommendation_id))


def _chair(services: PaperServices, detail: GroupDetail) -> PersonRecord | None:
    for seat in detail.seats:
        if seat.is_chair and seat.holder is not None:
            try:
                return services.people.get(seat.holder.person_id)
            except SenError:
                return None
    return None


def _contact(
    services: PaperServices, role: str, detail: GroupDetail | None, last_day: dt.date | None
) -> Contact:
    """The chair of ``detail``'s group today; failing that, on the day the group last
    considered the recommendation (a seat empty now may have been filled then)."""
    person = _chair(services, detail) if detail is not None else None
    if person is None and detail is not None and last_day is not None:
        person = _chair(services, services.programme.group(detail.id, on=last_day))
    if person is None:
        return Contact(role, TO_BE_CONFIRMED, TO_BE_CONFIRMED, TO_BE_CONFIRMED, TO_BE_CONFIRMED)
    job = one_line(person.job_title)
    if not job and detail is not None:
        job = f"Chair, {one_line(detail.name)}"
    return Contact(
        role,
        one_line(person.full_name) or TO_BE_CONFIRMED,
        job or TO_BE_CONFIRMED,
        one_line(person.phone) or TO_BE_CONFIRMED,
        one_line(person.email) or TO_BE_CONFIRMED,
    )


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


def _default_to(
    services: PaperServices, future: Sequence[FutureStep], steering: GroupDetail | None, group: str
) -> str:
    if future:
        step = future[0]
        if step.stage == rs.STAGE_SMT:
            name = _body_name(services, SMT_CODE)
            return name if name != SMT_CODE else SMT_NAME
        return step.body
    return steering.name if steering is not None else group


def gather(
    services: Any,
    recommendation_id: str,
    to_body: str | None = None,
) -> RecommendationData:
    """Everything the paper on ``recommendation_id`` prints."""
    ps = paper_services(services)
    detail = ps.recommendations.detail(recommendation_id)
    record = detail.record
    group = ps.programme.group(record.group_id)
    steering = _steering_group(ps, group)
    future = detail.future_pathway
    to = _body_name(ps, to_body) if to_body and one_line(to_body) else ""
    if not to:
        to = _default_to(ps, future, steering, group.name)
    verb = _VERBS.get(future[0].stage, "note") if future else "note"
    exempt = _exempt_items(ps, recommendation_id)
    return RecommendationData(
        record=record,
        state=detail.state,
        state_label=detail.state_label,
        past=detail.past_pathway,
        future=future,
        to_body=one_line(to),
        verb=verb,
        group_kind=group.kind,
        author=_contact(ps, "Report author", group, _last_day(detail.past_pathway, group.name)),
        director=_contact(
            ps,
            "Relevant director",
            steering,
            _last_day(detail.past_pathway, steering.name if steering else ""),
        ),
        authority=ps.authority(),
        exempt_paragraphs=tuple(sorted({p for p, _ in exempt if p is not None})),
        exempt_reasons=tuple(dict.fromkeys(one_line(r) for _, r in exempt if one_line(r))),
        has_exempt=bool(exempt),
    )


# --- words ---------------------------------------------------------------------------


def past_pathway_lines(past: Sequence[PathwayStep]) -> list[str]:
    """ "BESD Working Group, 14 September 2010: Agreed by working group (minute 5)"."""
    lines = []
    for step in past:
        line = f"{one_line(step.body)}, {uk_date(step.date)}: {step.outcome}"
        if step.minute_number:
            line += f" (minute {one_line(step.minute_number)})"
        lines.append(line)
    return lines


def future_pathway_lines(future: Sequence[FutureStep]) -> list[str]:
    """ "Steering Group, to endorse: 2 November 2010" (or "date to be confirmed")."""
    lines = []
    for step in future:
        when = uk_date(step.date) if step.date is not None else "date to be confirmed"
        lines.append(f"{one_line(step.body)}, {step.purpose}: {when}")
    return lines


def electoral_division(record: RecommendationRecord) -> str:
    return "All" if record.county_wide else ", ".join(one_line(d) for d in record.districts)


def _statement(record: RecommendationRecord) -> list[str]:
    return paragraphs_of(record.text)


def summary_text(data: RecommendationData) -> str:
    """The short summary under FOR DECISION / FOR INFORMATION."""
    record = data.record
    group = _the(one_line(record.group_name))
    first = (_statement(record) or paragraphs_of(record.rationale) or [""])[0]
    if first.casefold().startswith("that "):
        first = f"It recommends that {first[5:]}"
    if len(first) > SUMMARY_LIMIT:
        first = first[:SUMMARY_LIMIT].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    title = one_line(record.title)
    if data.for_decision:
        lead = f"This report asks {_the(data.to_body)} to {data.verb} {record.reference}"
    else:
        lead = f"This report informs {_the(data.to_body)} of {record.reference}"
    text = f"{lead}, the recommendation of {group} on “{title}”."
    return f"{text} {first}" if first else text


def recommendation_points(data: RecommendationData) -> list[str]:
    """The points after "The <body> is asked to:" — (a), (b) … in order."""
    record = data.record
    group = _the(one_line(record.group_name))
    statement = _statement(record)
    points: list[str] = []
    if statement:
        head, rest = statement[0], statement[1:]
        if head.casefold().startswith("that "):
            points.append(f"{data.verb} the recommendation of {group} that {head[5:]}")
        else:
            points.append(f"{data.verb} the recommendation of {group}: {head}")
        points.extend(rest)
    else:
        points.append(f"{data.verb} the recommendation of {group}, “{one_line(record.title)}”")
    if data.for_decision:
        points.append(
            "note the financial, legal, equalities and data protection implications set "
            "out in sections 4 to 7 of this report"
        )
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


def withheld_text(data: RecommendationData) -> str:
    """Where the public version leaves out the report's exempt content."""
    cited = data.exempt_paragraphs
    if not cited:
        return "Withheld: exempt information."
    noun = "paragraph" if len(cited) == 1 else "paragraphs"
    numbers = ", ".join(str(p) for p in cited)
    return f"Withheld: exempt information ({noun} {numbers} {SCHEDULE_12A_TEXT})."


def _classification_value(data: RecommendationData, confidential: bool) -> str:
    if confidential:
        return f"Restricted — not for publication: {_restricted_reason(data)}"
    if data.has_exempt:
        return "Unrestricted (this public version leaves out exempt information)"
    return "Unrestricted"


def _restricted_reason(data: RecommendationData) -> str:
    cited = data.exempt_paragraphs
    if cited:
        noun = "paragraph" if len(cited) == 1 else "paragraphs"
        numbers = ", ".join(str(p) for p in cited)
        reason = f"exempt information under {noun} {numbers} {SCHEDULE_12A_TEXT}"
    else:
        reason = "exempt information"
    if data.exempt_reasons:
        reason = f"{'; '.join(data.exempt_reasons)} ({reason})"
    return reason


# --- layout ----------------------------------------------------------------------------


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
        ),
        data_dir,
    )
    withheld = data.has_exempt and not confidential
    _front_sheet(doc, data, confidential, withheld)
    if withheld:
        keep_with_next(paragraph(doc, "The report", "Heading 1"))
        paragraph(doc, withheld_text(data))
    else:
        _report(doc, data)
    _contacts(doc, data)
    return doc


def _front_sheet(
    doc: Document, data: RecommendationData, confidential: bool, withheld: bool
) -> None:
    record = data.record
    if record.decision_no:
        decision_no = one_line(record.decision_no)
    else:
        decision_no = "To be allocated" if record.key_decision else "Not applicable"
    past = past_pathway_lines(data.past) or ["None: this is its first consideration."]
    future = future_pathway_lines(data.future) or ["None: no further body is to consider it."]
    values: list[tuple[str, CellText | str]] = [
        ("By:", f"Chair, {one_line(record.group_name)}"),
        ("To:", data.to_body),
        ("Decision No:", decision_no),
        ("Subject:", CellText(one_line(record.title).upper(), bold=True)),
        ("Key decision:", "Yes" if record.key_decision else "No"),
        ("Classification:", _classification_value(data, confidential)),
        ("Past Pathway of Paper:", "\n".join(past)),
        ("Future Pathway of Paper:", "\n".join(future)),
        ("Electoral Division:", electoral_division(record)),
    ]
    sheet = _grid(doc, [_LABEL_WIDTH, _VALUE_WIDTH])
    for label, value in values:
        add_row(sheet, [CellText(label, bold=True), value])
    summary = add_row(sheet, [CellText("Summary:", bold=True), ""])[1].paragraphs[0]
    if withheld:
        add_text(summary, withheld_text(data))
    else:
        add_text(summary, FOR_DECISION if data.for_decision else FOR_INFORMATION, bold=True)
        add_text(summary, "\n" + summary_text(data))
    cell = add_row(sheet, [CellText("Recommendation(s):", bold=True), ""])[1]
    if withheld:
        add_text(cell.paragraphs[0], withheld_text(data))
    else:
        lines = [asked_to(data)] + [
            f"{letter(n)} {point}" for n, point in enumerate(recommendation_points(data))
        ]
        add_text(cell.paragraphs[0], "\n".join(lines))


def _grid(doc: Document, widths: Sequence[Length]) -> Table:
    """A ruled table with no heading row (``document.table`` always has one)."""
    grid: Table = doc.add_table(rows=0, cols=len(widths))
    grid._tbl.tblStyle_val = style_id(doc, "Paper Table")
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False
    for col, width in zip(grid._tbl.tblGrid.gridCol_lst, widths, strict=True):
        col.w = width
    return grid


def _section(doc: Document, number: int) -> None:
    keep_with_next(numbered_heading(doc, f"{number}.", SECTIONS[number - 1]))


class _Numbers:
    """Paragraph numbers within a section: 1.1, 1.2 …"""

    def __init__(self, section: int) -> None:
        self.section = section
        self.count = 0

    def next(self) -> str:
        self.count += 1
        return f"{self.section}.{self.count}"


def _paragraphs(doc: Document, section: int, texts: Sequence[str], empty: str) -> None:
    _section(doc, section)
    numbers = _Numbers(section)
    for text in texts or [empty]:
        numbered(doc, numbers.next(), text)


def _report(doc: Document, data: RecommendationData) -> None:
    record = data.record
    group = _the(one_line(record.group_name))
    to = _the(data.to_body)
    title = one_line(record.title)

    # 1 Introduction
    _section(doc, 1)
    n = _Numbers(1)
    purpose = f"to {data.verb}" if data.for_decision else "to note"
    numbered(
        doc,
        n.next(),
        f"This report sets out recommendation {record.reference} of {group}, “{title}”, "
        f"for {to} {purpose}. It is {record_state(data)}.",
    )
    concerns = []
    if record.dimension:
        concerns.append(f"the {one_line(record.dimension)} dimension of need")
    if record.tier:
        tier = TIER_LABELS.get(record.tier, record.tier)
        concerns.append(f"the tier of provision “{tier}”")
    if concerns:
        numbered(doc, n.next(), f"It concerns {' and '.join(concerns)}.")
    if record.remit:
        noun = "point" if len(record.remit) == 1 else "points"
        numbered(doc, n.next(), f"It answers the following {noun} of the group's remit:")
        for k, remit in enumerate(record.remit):
            sub_point(doc, letter(k), remit.text)

    # 2 Background
    _paragraphs(doc, 2, paragraphs_of(record.rationale), NONE_IDENTIFIED)

    # 3 Proposal and options considered
    _section(doc, 3)
    n = _Numbers(3)
    statement = _statement(record)
    if statement:
        numbered(doc, n.next(), f"{group[0].upper()}{group[1:]} proposes:")
        for text in statement:
            numbered(doc, n.next(), text)
    else:
        numbered(doc, n.next(), f"{group[0].upper()}{group[1:]} proposes: “{title}”.")
    numbered(doc, n.next(), "The options considered were:")
    sub_point(doc, "(a)", "Option 1: adopt the proposal set out above. This is recommended.")
    sub_point(
        doc,
        "(b)",
        "Option 2: do nothing. The present arrangements would continue unchanged, and "
        "the needs this proposal addresses would not be met.",
    )

    # 4–7 Implications
    for number, text in (
        (4, record.financial),
        (5, record.legal),
        (6, record.equality),
        (7, record.data_protection),
    ):
        _paragraphs(doc, number, paragraphs_of(text), NO_IMPLICATIONS)

    # 8 Consultation
    _section(doc, 8)
    n = _Numbers(8)
    if data.past:
        numbered(doc, n.next(), "The recommendation has been considered by:")
        for k, line in enumerate(past_pathway_lines(data.past)):
            sub_point(doc, letter(k), line)
    else:
        numbered(doc, n.next(), "No body has yet considered the recommendation.")
    view = paragraphs_of(record.reference_group_view)
    if data.group_kind == "reference":
        numbered(
            doc,
            n.next(),
            "The recommendation comes from the Parent/Carer Reference Group itself.",
        )
    elif view:
        numbered(doc, n.next(), f"The Parent/Carer Reference Group's view: {view[0]}")
        for text in view[1:]:
            numbered(doc, n.next(), text)
    else:
        numbered(
            doc, n.next(), "The Parent/Carer Reference Group's view has not yet been recorded."
        )

    # 9 Conclusions
    _section(doc, 9)
    asked = f"to {data.verb}" if data.for_decision else "to note"
    numbered(
        doc,
        "9.1",
        f"For the reasons set out in this report, {group} asks {to} {asked} the "
        "recommendation set out in section 10.",
    )

    # 10 Recommendation(s), repeated in a box
    _section(doc, 10)
    box = _grid(doc, [_TEXT_WIDTH])
    cell = add_row(box, [""])[0]
    box.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # one page
    lead = cell.paragraphs[0]
    lead._p.style = style_id(doc, "Normal")
    add_text(lead, asked_to(data), bold=True)
    for k, point in enumerate(recommendation_points(data)):
        sub_point_in(cell, letter(k), point)

    # Background documents
    keep_with_next(paragraph(doc, "Background documents", "Heading 2"))
    documents = [
        f"Minutes of the {one_line(step.body)}, {uk_date(step.date)}"
        + (f", minute {one_line(step.minute_number)}" if step.minute_number else "")
        for step in data.past
        if step.meeting_id is not None
    ]
    if documents:
        for k, text in enumerate(documents):
            sub_point(doc, letter(k), text)
    else:
        paragraph(doc, "None.", "Para Indent")


def record_state(data: RecommendationData) -> str:
    """ "at the stage: Submitted to Steering Group" as the introduction says it."""
    return f"at the stage “{data.state_label}”"


def sub_point_in(cell: Any, label: str, text: str) -> None:
    """A lettered point inside a table cell (the boxed recommendations)."""
    para = paragraph(cell, "", "Sub-point (a)")
    add_text(para, f"{label}\t{text}")


def _contacts(doc: Document, data: RecommendationData) -> None:
    keep_with_next(paragraph(doc, "Contact details", "Heading 2"))
    for contact in (data.author, data.director):
        keep_with_next(paragraph(doc, f"{contact.role}:", bold=True))
        labelled(doc, "Name:", contact.name)
        labelled(doc, "Job title:", contact.job_title)
        labelled(doc, "Telephone:", contact.telephone)
        labelled(doc, "Email:", contact.email)


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
    version) to ``out_path`` and record it."""
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
    "electoral_division",
    "future_pathway_lines",
    "gather",
    "has_confidential",
    "past_pathway_lines",
    "recommendation_paper",
    "recommendation_points",
    "render_recommendation",
    "summary_text",
]
