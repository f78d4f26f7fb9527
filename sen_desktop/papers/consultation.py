"""A consultation report as a Word paper (issue 15).

Portrait, in the house style (docs/formats.md). The Steering Group plans and oversees
the consultation process; the report tells the bodies it reports to what was asked,
of whom, and what came back:

1. Summary -- who was asked, when, how many answered and from where, the themes most
   raised;
2. Purpose -- as the consultation records it;
3. Method -- the audiences, the documents consulted on and the events held (date,
   venue, district, attendance);
4. Responses by audience and 5. by district -- counts and shares, every district of
   the programme listed (a district with none is news too);
6. Themes -- each with its count and up to three different quotations, attributed by
   respondent type and district only: a respondent's name, organisation and contact
   details are never printed;
7. You said, we did -- each theme, what was done, and the recommendation or policy
   section it changed.

The paper is dated by the consultation's closing day, never the clock, so the same
consultation gives the same bytes on any day.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from docx.shared import Cm

from sen_desktop.core.consultations.analysis import analyse
from sen_desktop.core.consultations.vocabulary import AUDIENCES, audience_words
from sen_desktop.core.dates import uk_date
from sen_desktop.core.words import listed
from sen_desktop.papers.document import (
    CellText,
    PaperSetup,
    add_row,
    classification_for,
    heading,
    paragraph,
    start_paper,
    table,
    title_look,
)
from sen_desktop.papers.output import PaperRecord, public_paper
from sen_desktop.papers.text import one_line, paragraphs_of

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    from docx.document import Document
    from sqlalchemy.orm import Session, sessionmaker

    from sen_desktop.core.consultations.analysis import Analysis, Count
    from sen_desktop.core.consultations.records import ConsultationDetail, ResponseRecord

KIND: Final = "consultation"
COMMAND_NAME: Final = "consultation"
QUOTATIONS: Final = 3
_COUNT_WIDTHS: Final = (Cm(9.0), Cm(3.0), Cm(3.0))
_EVENT_WIDTHS: Final = (Cm(3.6), Cm(6.4), Cm(3.6), Cm(2.4))
_CHANGE_WIDTHS: Final = (Cm(4.0), Cm(7.0), Cm(5.0))


@dataclass(frozen=True)
class ConsultationPaperData:
    """What the paper prints: core records only."""

    detail: ConsultationDetail
    counts: Analysis

    @property
    def title(self) -> str:
        return f"Consultation report: {one_line(self.detail.summary.title)}"

    @property
    def reference(self) -> str:
        """ "C1/REPORT": the report on consultation C1."""
        return f"{one_line(self.detail.summary.reference)}/REPORT"

    @property
    def date(self) -> dt.date:
        return self.detail.summary.closes_on


def gather(session_factory: sessionmaker[Session], reference: str) -> ConsultationPaperData:
    """The consultation with ``reference``; one sentence when there is none."""
    from sen_desktop.core.consultations.service import ConsultationService

    detail = ConsultationService(session_factory).by_reference(reference)
    return ConsultationPaperData(detail, analyse(detail))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_text(data: ConsultationPaperData) -> str:
    """The summary paragraph, in words."""
    detail, counts = data.detail, data.counts
    summary = detail.summary
    asked = listed([audience_words(code).lower() for code in summary.audiences]
                    or ["no audience"])
    words = (f"The {detail.group_name or 'Steering Group'} consulted {asked} on "
             f"{one_line(summary.title)} from {uk_date(summary.opens_on)} to "
             f"{uk_date(summary.closes_on)}. ")
    districts = sum(1 for c in counts.by_district if c.count and c.label in detail.districts)
    received = ("1 response was" if counts.total == 1
                else f"{counts.total} responses were")
    words += (f"{received} received, from {_plural(districts, 'district')} of the "
              f"{len(detail.districts)}.")
    if counts.events:
        held = "1 event was" if counts.events == 1 else f"{counts.events} events were"
        people = "1 person" if counts.attendance == 1 else f"{counts.attendance} people"
        words += f" {held} held, attended by {people} where counted."
    raised = [c for c in counts.by_theme if c.count and c.label in
              {t.name for t in detail.themes}][:3]
    if raised:
        words += " The themes most raised were " + listed(
            [f"{one_line(c.label).lower()} ({c.count})" for c in raised]) + "."
    return words


def render_consultation(data: ConsultationPaperData, authority: str,
                        data_dir: Path | None = None, version: int = 1) -> Document:
    detail, counts = data.detail, data.counts
    setup = PaperSetup(
        authority=authority,
        classification=classification_for(False),
        classification_reason="",
        reference=data.reference,
        version=version,
        title=data.title,
        date=data.date,
    )
    document = start_paper("portrait", setup, data_dir)
    title_look(paragraph(document, data.title, "Heading 1"))
    heading(document, "1. Summary", 2)
    paragraph(document, summary_text(data))
    heading(document, "2. Purpose", 2)
    _lines(document, detail.purpose, "The purpose was not recorded.")
    heading(document, "3. Method", 2)
    paragraph(document, f"Audiences asked: {detail.summary.audience_text}.")
    if detail.documents:
        paragraph(document, "Documents consulted on:")
        for number, item in enumerate(detail.documents, start=1):
            paragraph(document, f"{number}. {one_line(item.words)}")
    else:
        paragraph(document, "No documents were recorded as consulted on.")
    if detail.events:
        paragraph(document, "Events held:")
        grid = table(document, ["Date", "Venue", "District", "Attendance"],
                     widths=_EVENT_WIDTHS)
        for event in detail.events:
            add_row(grid, [uk_date(event.date), one_line(event.venue),
                           event.district or "—",
                           str(event.attendance) if event.attendance is not None else
                           "Not counted"])
    else:
        paragraph(document, "No events were held.")
    heading(document, "4. Responses by audience", 2)
    asked = set(detail.summary.audiences)
    _counts(document, "Audience", [
        c for code, c in zip(AUDIENCES, counts.by_audience, strict=True)
        if c.count or code in asked
    ], counts.total)
    heading(document, "5. Responses by district", 2)
    _counts(document, "District", list(counts.by_district), counts.total)
    heading(document, "6. Themes", 2)
    _themes(document, data)
    heading(document, "7. You said, we did", 2)
    _you_said(document, data)
    return document


def _lines(document: Document, text: str, empty: str) -> None:
    for line in paragraphs_of(text) or [empty]:
        paragraph(document, line)


def _counts(document: Document, label: str, rows: list[Count], total: int) -> None:
    grid = table(document, [label, "Responses", "Share"], widths=_COUNT_WIDTHS)
    for count in rows:
        add_row(grid, [one_line(count.label), str(count.count), count.percent])
    add_row(grid, [CellText("All responses", bold=True), CellText(str(total), bold=True),
                   CellText("100%" if total else "0%", bold=True)])


def _themes(document: Document, data: ConsultationPaperData) -> None:
    detail = data.detail
    if not detail.themes:
        paragraph(document, "No themes were drawn from the responses.")
        return
    counts = {c.label: c.count for c in data.counts.by_theme}
    for theme in detail.themes:
        count = counts.get(theme.name, 0)
        paragraph(document, f"{one_line(theme.name)}: raised in "
                  f"{_plural(count, 'response')}.", bold=True)
        # Different words each time: a response that repeats another quoted one, or
        # adds a sentence to it, is not quoted again.
        quoted: dict[str, ResponseRecord] = {}
        for response in detail.responses:
            said = " ".join(response.text.split())
            repeats = any(said in q or q in said for q in quoted)
            if theme.id in response.themes and not repeats and len(quoted) < QUOTATIONS:
                quoted[said] = response
        for said, response in quoted.items():
            who = audience_words(response.respondent_type)
            where = f", {response.district}" if response.district else ""
            paragraph(document, f"\u201c{said}\u201d \u2014 {who}{where}", italic=True)


def _you_said(document: Document, data: ConsultationPaperData) -> None:
    themes = data.detail.themes
    if not themes:
        paragraph(document, "There are no themes to report back on yet.")
        return
    grid = table(document, ["You said", "We did", "What changed"], widths=_CHANGE_WIDTHS)
    for theme in themes:
        add_row(grid, [one_line(theme.name),
                       " ".join(theme.we_did.split()) or "Not yet decided.",
                       theme.change_words or "—"])


def consultation_paper(source: Any, reference: str, out_path: Path | str, by: str | None = None, *,
                       data_dir: Path | None = None) -> PaperRecord:
    """Write the report on the consultation ``reference`` to ``out_path`` and record it.
    ``source``: a session factory, PaperServices or the window's open programme."""
    return public_paper(source, lambda factory: gather(factory, reference),
                        render_consultation, out_path, kind=KIND, by=by, data_dir=data_dir)


__all__ = [
    "COMMAND_NAME",
    "KIND",
    "ConsultationPaperData",
    "consultation_paper",
    "gather",
    "render_consultation",
    "summary_text",
]
