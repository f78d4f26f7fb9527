"""The minutes of a meeting as a Word paper, laid out as docs/formats.md "Minutes".

``minutes_data.gather`` reads everything the minutes print from the core services into
one frozen ``MinutesData``; ``render_minutes`` lays it out with the words of
``minutes_words``; ``minutes_paper`` writes and records it.

Choices the format leaves open, made here:
- An item's paragraphs (the standard wording for apologies, declarations and the next
  meeting, then the discussion text split at line breaks) are numbered "<n>.1", "<n>.2" …
  when there are two or more; a single paragraph stands unnumbered, as councils print it.
- One resolution prints as "RESOLVED that <text>"; two or more as "RESOLVED that:"
  followed by (a), (b) … (the core keeps each point without a leading "RESOLVED that").
- Confidential (exempt) items: the public version prints, where each would be, "Item <n>
  withheld: exempt information (paragraph <p> of Part 1 of Schedule 12A …)", leaves
  their actions and decisions out, and names them by number only in declarations. The
  confidential version prints them in full under CONFIDENTIAL ITEMS after the last item,
  with the resolution to consider them in private.
- Carried-forward actions raised at an earlier meeting's exempt item are listed in the
  public version by reference only.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docx.shared import Pt

from sen_desktop.core.actions.records import OPEN_STATUSES, STATUS_LABELS, ActionRecord
from sen_desktop.core.actions.wording import overdue_on, review_sentence
from sen_desktop.core.dates import time_text, uk_date
from sen_desktop.core.errors import ValidationError
from sen_desktop.core.minutes.records import ItemMinutes, resolution_point
from sen_desktop.core.minutes.wording import (
    FIRST_MEETING,
    NO_DECLARATIONS,
    declares_interest,
    names_substitute,
    restates_standard,
    says_none,
)
from sen_desktop.core.words import listed
from sen_desktop.papers.document import (
    DRAFT_BANNER,
    CellText,
    PaperSetup,
    classification_for,
    heading,
    indented,
    keep_with_next,
    labelled,
    minutes_reference,
    new_paragraph,
    paragraph,
    start_paper,
    table,
)
from sen_desktop.papers.minutes_data import (
    MinutesData,
    gather,
)
from sen_desktop.papers.minutes_words import (
    _AGREED_WIDTHS,
    _CARRIED_WIDTHS,
    CONFIDENTIAL_HEADING,
    EXCLUSION_HEADING,
    KIND,
    NO_CONFIDENTIAL,
    READMITTED,
    SCHEDULE_12A_TEXT,
    SIGNATURE_LINE,
    _apologies_text,
    _declaration_text,
    _due,
    _next_meeting_text,
    _private_reason,
    attendance_lines,
    opening_sentence,
    withheld_text,
)
from sen_desktop.papers.numbering import (
    POINTS,
    SECTIONS,
    NumberedList,
    new_list,
    numbered_paragraph,
    numbered_section_heading,
)
from sen_desktop.papers.output import PaperRecord, PaperServices, paper_services, publish
from sen_desktop.papers.text import add_text, one_line, paragraphs_of

if TYPE_CHECKING:
    from collections.abc import Sequence

    from docx.document import Document

    from sen_desktop.core.meetings.records import (
        MeetingDetail,
    )

# --- layout ----------------------------------------------------------------------------


def render_minutes(
    services: PaperServices,
    meeting_id: str,
    confidential: bool = False,
    data_dir: Path | None = None,
    version: int = 1,
) -> Document:
    """The minutes as a Word document (public unless ``confidential``)."""
    data = gather(services, meeting_id)
    exempt_items = [e for e in data.minutes.items if e.item.exempt]
    if confidential and not exempt_items and not data.carried_exempt:
        raise ValidationError(NO_CONFIDENTIAL, field="confidential")
    meeting = data.meeting
    doc = start_paper(
        "portrait",
        PaperSetup(
            authority=data.authority,
            classification=classification_for(confidential),
            classification_reason=(
                _classification_reason(exempt_items) if confidential else ""
            ),
            reference=minutes_reference(meeting.group_code, meeting.number),
            version=version,
            draft_banner=None if data.confirmed else DRAFT_BANNER,
            title=minutes_title(meeting),
            date=meeting.date,
        ),
        data_dir,
    )
    heading(doc, one_line(meeting.group_name).upper(), 0)
    paragraph(doc, opening_sentence(meeting)).paragraph_format.space_after = Pt(12)
    for label, text in attendance_lines(data):
        labelled(doc, label, text)
    public = not confidential
    minutes = _MinuteNumbers(doc)
    in_private = excluded = False
    # Every minute in number order, in both versions. The resolution excluding the
    # press and public is public: both versions print it before the first item taken
    # in private; the public version then prints each such item's withheld line.
    for entry in data.minutes.items:
        if entry.item.exempt:
            if not excluded:
                _exclusion(doc, exempt_items, confidential)
                excluded = True
            in_private = True
            if public:
                number = entry.minute_number
                minutes.heading(number, withheld_text(number, entry.item.exempt_paragraph))
            else:
                _item(doc, minutes, data, entry, public=False)
            continue
        if in_private:
            indented(doc, READMITTED)
            in_private = False
        _item(doc, minutes, data, entry, public)
    agreed = [
        a
        for a in data.agreed
        if confidential or a.agenda_item_id is None or a.agenda_item_id not in data.exempt_ids
    ]
    if agreed:
        keep_with_next(heading(doc, "ACTIONS AGREED AT THIS MEETING", 2))
        table(
            doc,
            ["Ref", "Action", "Owner", "Due"],
            [[a.reference, a.description, a.owner, _due(a)] for a in agreed],
            widths=_AGREED_WIDTHS,
        )
    if data.confirmed:
        signature = paragraph(doc, SIGNATURE_LINE)
        signature.paragraph_format.space_before = Pt(36)
    return doc


def _exclusion(doc: Document, exempt: Sequence[ItemMinutes], confidential: bool) -> None:
    """EXCLUSION OF THE PRESS AND PUBLIC and its resolution (docs/formats.md, "Minutes");
    the confidential version then heads the private items CONFIDENTIAL ITEMS."""
    keep_with_next(heading(doc, EXCLUSION_HEADING, 2))
    _resolved(
        doc,
        [
            "the following items be considered in private because they involve "
            f"{_private_reason(exempt)}."
        ],
    )
    if confidential:
        keep_with_next(heading(doc, CONFIDENTIAL_HEADING, 2))


def _classification_reason(exempt: Sequence[ItemMinutes]) -> str:
    paragraphs = sorted({e.item.exempt_paragraph for e in exempt if e.item.exempt_paragraph})
    if not exempt:
        return "Contains actions arising from items considered in private"
    if not paragraphs:
        return "Contains items considered in private"
    noun = "paragraph" if len(paragraphs) == 1 else "paragraphs"
    numbers = listed([str(p) for p in paragraphs])
    return f"Exempt information under {noun} {numbers} {SCHEDULE_12A_TEXT}"


def minutes_title(meeting: MeetingDetail) -> str:
    """ "Minutes of the BESD Working Group, 8 September 2010"."""
    return f"Minutes of the {one_line(meeting.group_name)}, {uk_date(meeting.date)}"


class _MinuteNumbers:
    """Minute numbers as Word's own list numbering (docs/formats.md, "House style"): each
    minute's heading is Heading 2 under the paper's title, numbered "29.", its
    paragraphs "29.1", "29.2" …. The numbers are the stored minute numbers (declarations
    and actions cite them): a run of consecutive minutes shares one list, and a gap in
    the numbers starts a new list at the next number, so Word draws what was stored."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.list: NumberedList | None = None
        self.expected: int | None = None

    def heading(self, number: int, text: str) -> None:
        if self.list is None or number != self.expected:
            self.list = new_list(self.doc, SECTIONS, start=number)
        numbered_section_heading(self.doc, text, self.list, level=2)
        self.expected = number + 1

    def paragraph(self, text: str) -> None:
        assert self.list is not None  # always after a heading
        numbered_paragraph(self.doc, text, self.list)


def _item(
    doc: Document, minutes: _MinuteNumbers, data: MinutesData, entry: ItemMinutes, public: bool
) -> None:
    item = entry.item
    minutes.heading(entry.minute_number, item.title)
    notes = [p for p in (item.paper_ref, item.presenter) if p.strip()]
    if item.kind not in ("apologies", "declarations", "previous_minutes", "next_meeting"):
        if item.paper_ref.strip() and item.presenter.strip():
            indented(doc, f"(Paper {item.paper_ref}; presented by {item.presenter})")
        elif notes:
            indented(doc, f"({'Paper ' if item.paper_ref.strip() else 'Presented by '}{notes[0]})")
    paras = item_paragraphs(data, entry, public)
    if len(paras) == 1:
        indented(doc, paras[0])
    else:
        for text in paras:
            minutes.paragraph(text)
    if item.kind == "matters_arising" and _carried_forward(doc, data, public):
        spacer = new_paragraph(doc, "Para Indent")  # a little air below the table
        spacer.paragraph_format.line_spacing = Pt(6)
        spacer.paragraph_format.space_after = Pt(0)
    _resolved(doc, [r.text for r in entry.resolutions])
    for decision in data.decisions:
        if decision.item_id == item.id:
            _labelled_line(doc, "DECISION:", decision.text)
    for action in entry.actions:
        parts = [action.owner_name or "Owner to be agreed", action.description]
        if action.due_date is not None:
            parts.append(f"by {uk_date(action.due_date)}")
        _labelled_line(doc, "ACTION:", " — ".join(one_line(p) for p in parts))
    if item.kind == "matters_arising":
        loose = [d for d in data.decisions if d.item_id is None]
        for decision in loose:
            _labelled_line(doc, "DECISION:", decision.text)


def item_paragraphs(data: MinutesData, entry: ItemMinutes, public: bool) -> list[str]:
    """An item's paragraphs: the standard sentence generated from the records, then the
    typed text, less any typed paragraph that restates the standard sentence
    (``core.minutes.restates_standard``), with typed 24-hour times in house style and
    no paragraph repeating the one before it."""
    kind = entry.item.kind
    typed = [house_times(p) for p in paragraphs_of(entry.text)]
    generated: list[str] = []
    restated = True  # whether typed paragraphs restating the standard sentence go
    if kind == "apologies":
        # The attendance is the record. A typed sentence saying what it says goes; one it
        # does not hold (apologies or a substitute not marked on the list) is kept rather
        # than lost, and then "No apologies were received." is not claimed.
        rows = data.meeting.attendance
        recorded = any(r.status == "apologies" for r in rows)
        subs = [r.person_name for r in rows if r.status == "substitute" and r.person_name]
        kept: list[str] = []
        typed_apologies = False
        for p in typed:
            if says_none(p):
                continue
            if names_substitute(p):
                if not any(name in p for name in subs):
                    kept.append(p)
            elif restates_standard(kind, p):
                if not recorded:
                    kept.append(p)
                    typed_apologies = True
            else:
                kept.append(p)
        typed, restated = kept, False
        generated = _apologies_text(data)
        if typed_apologies:
            generated = generated[1:]  # the typed apologies stand for "No apologies"
    elif kind == "declarations":
        declared = data.meeting.declarations
        generated = [_declaration_text(d, public, data.exempt_ids) for d in declared]
        names = [d.person_name for d in declared if d.person_name]
        # A declaration typed as prose is the recorded one said again when it names a
        # person who declared; otherwise it is kept and "none" is not claimed.
        typed = [
            p for p in typed if not (declares_interest(p) and any(n in p for n in names))
        ]
        if not declared and not any(declares_interest(p) for p in typed):
            generated = [NO_DECLARATIONS]
    elif kind == "next_meeting":
        # With no later meeting in the schedule, a typed date is the only one there is.
        if data.next_meeting is not None or not typed:
            generated = [_next_meeting_text(data)]
        else:
            restated = False
    elif kind == "matters_arising":
        generated = [_review_text(data)]
    elif kind == "previous_minutes":
        if data.meeting.previous_meeting_id is None:
            generated = [FIRST_MEETING]
        # "The minutes … were agreed." says what the RESOLVED line below says.
        restated = bool(generated) or bool(entry.resolutions)
    if restated:
        typed = [p for p in typed if not restates_standard(kind, p)]
    out: list[str] = []
    for text in (*generated, *typed):
        if not out or " ".join(text.split()) != " ".join(out[-1].split()):
            out.append(text)
    return out


def _review_text(data: MinutesData) -> str:
    here = data.meeting.id
    closed = [a for a in data.carried if a.closed_meeting_id == here]
    return review_sentence(
        len(data.carried),
        sum(1 for a in data.carried if data.updates_here.get(a.id)),
        sum(1 for a in closed if a.status == "done"),
        sum(1 for a in closed if a.status == "dropped"),
    )


_TYPED_TIME = re.compile(r"(?<![\d:.])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])")
# "at 14.00", "from 09.30": a 24-hour time written with a dot, told from a sum ("£14.00")
# or a version ("1.10") by the word before it and a leading nought or an hour past 12.
_DOTTED_TIME = re.compile(
    r"\b(at|from|until|till|by|to|and|between) (0\d|1[3-9]|2[0-3])\.([0-5]\d)(?![\d.:])",
    re.IGNORECASE,
)


def house_times(text: str) -> str:
    """Typed 24-hour times ("14:00", "09:30", "at 14.00") in the house style ("2.00 pm",
    "9.30 am")."""
    text = _TYPED_TIME.sub(lambda m: time_text(dt.time(int(m.group(1)), int(m.group(2)))), text)
    return _DOTTED_TIME.sub(
        lambda m: f"{m.group(1)} {time_text(dt.time(int(m.group(2)), int(m.group(3))))}", text
    )


def _labelled_line(doc: Document, label: str, text: str) -> None:
    para = new_paragraph(doc, "Para Indent")
    add_text(para, label, bold=True)
    add_text(para, " " + text)


def _resolved(doc: Document, points: Sequence[str]) -> None:
    points = [resolution_point(p).strip() for p in points if p.strip()]
    if not points:
        return
    if len(points) == 1:
        para = new_paragraph(doc, "Para Indent")
        add_text(para, "RESOLVED", bold=True)
        add_text(para, " that " + points[0])
        return
    para = keep_with_next(new_paragraph(doc, "Para Indent"))
    add_text(para, "RESOLVED", bold=True)
    add_text(para, " that:")
    lettered = new_list(doc, POINTS)  # (a), (b) … afresh for each resolution
    for point in points:
        numbered_paragraph(doc, point, lettered, 0)


def _status_then(data: MinutesData, action: ActionRecord) -> str:
    """The action's status as at the meeting: one closed at a later meeting was still
    open then (in progress if an update was reported here)."""
    later = action.closed_meeting_id not in (None, data.meeting.id)
    if later and action.status not in OPEN_STATUSES:
        return STATUS_LABELS["in_progress" if data.updates_here.get(action.id) else "open"]
    return action.status_label


def _carried_forward(doc: Document, data: MinutesData, public: bool) -> bool:
    """The open actions reviewed, as a table; False (and a sentence) when there are none."""
    if not data.carried:
        return False  # the review sentence says so
    rows: list[list[str | CellText]] = []
    on = data.meeting.date  # overdue as at the meeting, not the day the paper is made
    for action in data.carried:
        if public and action.id in data.carried_exempt:
            rows.append([action.reference, "Withheld: exempt information", "", "", "", ""])
            continue
        updates = data.updates_here.get(action.id, ())
        rows.append(
            [
                action.reference,
                action.description,
                action.owner,
                CellText(_due(action), bold=overdue_on(action.due_date, action.status, on)),
                "\n".join(updates) or "—",
                _status_then(data, action),
            ]
        )
    table(
        doc,
        ["Ref", "Action", "Owner", "Due", "Update at this meeting", "Status"],
        rows,
        widths=_CARRIED_WIDTHS,
    )
    return True


# --- writing ---------------------------------------------------------------------------


def minutes_paper(
    source: Any,
    meeting_id: str,
    out_path: Path,
    confidential: bool = False,
    by: str = "",
    data_dir: Path | None = None,
) -> PaperRecord:
    """Write the minutes to ``out_path`` (public, or the confidential version) and record
    them. ``source``: a session factory, PaperServices or the window's open programme."""
    services = paper_services(source)
    doc = render_minutes(services, meeting_id, confidential=confidential, data_dir=data_dir)
    meeting = services.meetings.summary(meeting_id)
    return publish(
        doc,
        Path(out_path),
        services.registry,
        kind=KIND,
        reference=minutes_reference(meeting.group_code, meeting.number),
        title=f"Minutes of the {one_line(meeting.group_name)}, {uk_date(meeting.date)}",
        confidential=confidential,
        by=by,
    )
