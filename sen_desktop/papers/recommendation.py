"""A recommendation as a decision report: the front sheet, then the numbered report.

``gather`` reads the recommendation, its pathway and the people to contact into one
frozen ``RecommendationData``; ``render_recommendation`` lays it out (docs/formats.md,
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
  for a key decision (docs/formats.md: never SMT alone). A recommendation with nowhere left to
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

from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from docx.shared import Cm

from sen_desktop.core.dates import uk_date
from sen_desktop.core.errors import ValidationError
from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.recommendations.records import (
    TIER_LABELS,
)
from sen_desktop.papers.document import (
    PaperSetup,
    add_row,
    classification_for,
    heading,
    keep_with_next,
    labelled,
    paragraph,
    start_paper,
    style_id,
)
from sen_desktop.papers.kinds import RECOMMENDATION
from sen_desktop.papers.numbering import (
    POINTS,
    NumberedList,
    new_list,
    numbered_paragraph,
    numbered_section_heading,
)
from sen_desktop.papers.numbering import SECTIONS as LIST_SECTIONS
from sen_desktop.papers.output import PaperRecord, paper_services, publish
from sen_desktop.papers.recommendation_data import (
    Contact,
    RecommendationData,
    gather,
    has_confidential,
)
from sen_desktop.papers.recommendation_front import FRONT_SHEET_LABELS, front_sheet, grid
from sen_desktop.papers.recommendation_words import (
    APPENDIX,
    adopt_option,
    amended_by,
    asked_to,
    capital,
    decision_sentence,
    do_nothing_option,
    electoral_division,
    future_pathway_lines,
    minute_text,
    note_text,
    outcome_phrase,
    past_pathway_lines,
    recommendation_points,
    restricted_reason,
    statement,
    summary_text,
    the,
    to_text,
    withheld_text,
)
from sen_desktop.papers.text import add_text, one_line, paragraphs_of

if TYPE_CHECKING:
    from collections.abc import Sequence

    from docx.document import Document

KIND: Final = RECOMMENDATION  # papers.kinds

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
_TEXT_WIDTH: Final = Cm(16.0)




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
            classification_reason=restricted_reason(data) if confidential else "",
            reference=data.reference,
            version=version,
            title=data.title,
            date=data.paper_date,
        ),
        data_dir,
    )
    heading(doc, data.title, 1)
    front_sheet(doc, data, confidential)
    _report(doc, data)
    _contacts(doc, data)
    if data.has_exempt and confidential:
        _appendix(doc, data)
    return doc


def _report(doc: Document, data: RecommendationData) -> None:
    record = data.record
    group = the(one_line(record.group_name))
    to = the(data.to_body)
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
    proposed = statement(record)
    if proposed:
        r.para(f"{capital(group)} proposes the following.")
        for text in proposed:
            paragraph(doc, text, "Para Indent")
    else:
        r.para(f"{capital(group)} proposes “{title}”; no further wording is recorded.")
    for step in amended_by(data):
        r.para(
            f"{capital(the(one_line(step.body)))} amended it on {uk_date(step.date)}: "
            f"“{note_text(step)}”"
        )
    r.para("The options considered were:")
    r.point(adopt_option(data))
    r.point(do_nothing_option(record))

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
    for line in data.consultation:
        r.para(line)
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
        r.para(f"{capital(outcome_phrase(decision))}; {to} is asked to note this.")
    else:
        r.para(f"{capital(to)} is asked to note the recommendation.")

    # 10 Recommendation(s), repeated in a box
    r.section(10)
    box = grid(doc, [_TEXT_WIDTH])
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
        + (f", {minute_text(step)}" if step.minute_number else "")
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
    paragraph(doc, f"This appendix contains {restricted_reason(data)}.", "Para Indent")
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
