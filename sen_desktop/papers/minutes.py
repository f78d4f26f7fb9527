"""The minutes of a meeting as a Word paper, laid out as FORMATS.md "Minutes".

``gather`` reads everything the minutes print from the core services into one frozen
``MinutesData``; ``render_minutes`` lays it out; ``minutes_paper`` writes and records it.

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from docx.document import Document
from docx.shared import Cm, Pt
from sqlalchemy import select

from sen_desktop.core.actions.service import (
    OPEN_STATUSES,
    STATUS_LABELS,
    ActionRecord,
    overdue_on,
    review_sentence,
)
from sen_desktop.core.dates import long_date as weekday_date
from sen_desktop.core.dates import time_text, uk_date
from sen_desktop.core.errors import ValidationError
from sen_desktop.core.meetings.records import (
    INTEREST_LABELS,
    AttendanceRecord,
    DeclarationRecord,
    MeetingDetail,
    MeetingSummary,
)
from sen_desktop.core.minutes.service import (
    FIRST_MEETING,
    NEXT_MEETING_TBC,
    NO_APOLOGIES,
    NO_DECLARATIONS,
    ItemMinutes,
    MeetingMinutes,
    declares_interest,
    names_substitute,
    resolution_point,
    restates_standard,
    says_none,
)
from sen_desktop.core.people.service import short_capacity
from sen_desktop.core.store.models import ActionUpdate
from sen_desktop.papers.document import (
    DRAFT_BANNER,
    POINTS,
    SECTIONS,
    CellText,
    NumberedList,
    PaperSetup,
    classification_for,
    heading,
    indented,
    keep_with_next,
    labelled,
    minutes_reference,
    new_list,
    new_paragraph,
    numbered_paragraph,
    numbered_section_heading,
    paragraph,
    start_paper,
    table,
)
from sen_desktop.papers.output import PaperRecord, PaperServices, paper_services, publish
from sen_desktop.papers.text import add_text, one_line, paragraphs_of

KIND: Final = "minutes"
NO_CONFIDENTIAL: Final = (
    "These minutes withhold nothing (no item was taken in private and no action from one is "
    "carried forward); the public version is the whole of the minutes."
)
SCHEDULE_12A_TEXT: Final = "of Part 1 of Schedule 12A to the Local Government Act 1972"
EXCLUSION_HEADING: Final = "EXCLUSION OF THE PRESS AND PUBLIC"
CONFIDENTIAL_HEADING: Final = "CONFIDENTIAL ITEMS"
READMITTED: Final = "The press and public were readmitted to the meeting."
SIGNATURE_LINE: Final = "Chair ..............................   Date .............."
_CARRIED_WIDTHS: Final = (Cm(1.9), Cm(4.3), Cm(2.4), Cm(2.4), Cm(3.4), Cm(1.6))
_AGREED_WIDTHS: Final = (Cm(1.9), Cm(7.6), Cm(3.5), Cm(3.0))


@dataclass(frozen=True)
class Decision:
    """A step on a recommendation's pathway taken at the meeting."""

    item_id: str | None  # the agenda item it was taken under, if known
    text: str  # "BESD-R3 — Endorsed (Steering Group). Subject to …"


@dataclass(frozen=True)
class MinutesData:
    meeting: MeetingDetail
    minutes: MeetingMinutes
    authority: str
    chair_ids: frozenset[str]
    vice_chair_ids: frozenset[str]
    carried: tuple[ActionRecord, ...]
    updates_here: dict[str, tuple[str, ...]]  # action id -> updates recorded at this meeting
    carried_exempt: frozenset[str]  # carried actions raised at an earlier exempt item
    agreed: tuple[ActionRecord, ...]  # actions raised at this meeting
    decisions: tuple[Decision, ...]
    next_meeting: MeetingSummary | None

    @property
    def confirmed(self) -> bool:
        return self.meeting.status == "confirmed"

    @property
    def exempt_ids(self) -> frozenset[str]:
        return frozenset(i.id for i in self.meeting.agenda if i.exempt)


# --- reading ---------------------------------------------------------------------------


def has_confidential(source: Any, meeting_id: str) -> bool:
    """Whether the minutes withhold anything from the public (so a confidential version
    exists): an item taken in private, or an action carried forward from one."""
    services = paper_services(source)
    if any(item.exempt for item in services.meetings.meeting(meeting_id).agenda):
        return True
    carried = services.actions.carried_forward(meeting_id, as_at=True)
    return bool(_raised_at_exempt(services, carried))


def gather(services: PaperServices, meeting_id: str) -> MinutesData:
    meeting = services.meetings.meeting(meeting_id)
    minutes = services.minutes.meeting_minutes(meeting_id)
    group = services.programme.group(meeting.group_id, on=meeting.date)
    chairs = frozenset(
        s.holder.person_id for s in group.seats if s.is_chair and s.holder is not None
    )
    vices = frozenset(
        s.holder.person_id for s in group.seats if s.is_vice_chair and s.holder is not None
    )
    carried = tuple(services.actions.carried_forward(meeting_id, as_at=True))
    return MinutesData(
        meeting=meeting,
        minutes=minutes,
        authority=services.authority(),
        chair_ids=chairs,
        vice_chair_ids=vices,
        carried=carried,
        updates_here=_updates_at(services, meeting_id, [a.id for a in carried]),
        carried_exempt=_raised_at_exempt(services, carried),
        agreed=tuple(services.actions.for_meeting(meeting_id)),
        decisions=tuple(_decisions(services, meeting_id)),
        next_meeting=_next_meeting(services, meeting),
    )


def _updates_at(
    services: PaperServices, meeting_id: str, action_ids: Sequence[str]
) -> dict[str, tuple[str, ...]]:
    # One read of the updates recorded at this meeting, rather than a detail() (with its
    # whole history) per carried-forward action.
    wanted = set(action_ids)
    found: dict[str, list[str]] = {}
    with services.session_factory() as s:
        rows = s.execute(
            select(ActionUpdate.action_id, ActionUpdate.text)
            .where(ActionUpdate.meeting_id == meeting_id, ActionUpdate.deleted.is_(False))
            .order_by(ActionUpdate.date, ActionUpdate.id)
        )
        for action_id, text in rows:
            if action_id in wanted:
                found.setdefault(action_id, []).append(text)
    return {key: tuple(texts) for key, texts in found.items()}


def _raised_at_exempt(services: PaperServices, actions: Iterable[ActionRecord]) -> frozenset[str]:
    by_meeting: dict[str, list[ActionRecord]] = {}
    for action in actions:
        if action.meeting_id and action.agenda_item_id:
            by_meeting.setdefault(action.meeting_id, []).append(action)
    secret: set[str] = set()
    for meeting_id, raised in by_meeting.items():
        exempt = {i.id for i in services.meetings.agenda(meeting_id) if i.exempt}
        secret.update(a.id for a in raised if a.agenda_item_id in exempt)
    return frozenset(secret)


def _decisions(services: PaperServices, meeting_id: str) -> list[Decision]:
    recs = services.recommendations
    if not hasattr(recs, "events_at"):
        return []
    events = recs.events_at(meeting_id)
    if not events:
        return []
    placed: dict[str, tuple[str | None, str]] = {}  # event id -> (item id, rec reference)
    by_item = recs.agenda_items(meeting_id) if hasattr(recs, "agenda_items") else {}
    for agenda_id, summary in by_item.items():
        for event in recs.detail(summary.id).events:
            if event.meeting_id == meeting_id:
                placed[event.id] = (agenda_id, summary.reference)
    agenda = services.meetings.meeting(meeting_id).agenda
    by_number = {str(i.minute_number): i.id for i in agenda if i.minute_number is not None}
    out: list[Decision] = []
    for event in events:
        item_id, ref = placed.get(event.id, (by_number.get(event.minute_number.strip()), ""))
        words = event.transition_label
        if event.body_name:
            words += f" ({event.body_name})"
        text = f"{ref} — {words}" if ref else words
        if event.note:
            text += f". {event.note}"
        out.append(Decision(item_id=item_id, text=text))
    return out


def _next_meeting(services: PaperServices, meeting: MeetingDetail) -> MeetingSummary | None:
    later = [
        m
        for m in services.meetings.list_meetings(meeting.group_id)
        if m.status != "cancelled" and (m.date, m.number) > (meeting.date, meeting.number)
    ]
    return min(later, key=lambda m: (m.date, m.number)) if later else None


# --- wording ---------------------------------------------------------------------------


def _names(names: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def opening_sentence(meeting: MeetingDetail) -> str:
    """ "MINUTES of a meeting of the BESD Working Group held at Sessions House on
    Wednesday 8 September 2010 at 2.00 pm." """
    text = f"MINUTES of a meeting of the {one_line(meeting.group_name)}"
    if meeting.venue.strip():
        text += f" held at {one_line(meeting.venue)}"
    else:
        text += " held"
    text += f" on {weekday_date(meeting.date)}"
    if meeting.start_time is not None:
        text += f" at {time_text(meeting.start_time)}"
    return text + "."


def _member_label(data: MinutesData, record: AttendanceRecord) -> str:
    if record.person_id in data.chair_ids:
        return f"{record.person_name} (Chair)"
    if record.person_id in data.vice_chair_ids:
        return f"{record.person_name} (Vice-Chair)"
    role = capacity_text(record)
    return f"{record.person_name} ({role})" if role else record.person_name


def capacity_text(record: AttendanceRecord) -> str:
    """How a person's capacity is printed: a member by their own role ("Headteacher,
    Meadowbank School"), not the Project Plan's wording of the seat (which is the
    fallback, without its bracketed qualifier); an officer or guest in the capacity
    typed for the meeting ("Clerk"), else their role."""
    if record.status == "in_attendance":
        return one_line(record.capacity) or record.role
    return record.role or short_capacity(record.capacity)


def attendance_lines(data: MinutesData) -> list[tuple[str, str]]:
    """(label, text) for PRESENT, SUBSTITUTES, ALSO PRESENT and APOLOGIES."""
    rows = data.meeting.attendance
    present = [r for r in rows if r.status == "present"]
    rank = {pid: 0 for pid in data.chair_ids} | {pid: 1 for pid in data.vice_chair_ids}
    present.sort(key=lambda r: rank.get(r.person_id, 2))  # stable: seat order after
    lines = [("PRESENT:", ", ".join(_member_label(data, r) for r in present) or "None recorded.")]
    subs = [
        f"{r.person_name} for {r.substitute_for_name}" if r.substitute_for_name else r.person_name
        for r in rows
        if r.status == "substitute"
    ]
    if subs:
        lines.append(("SUBSTITUTES:", ", ".join(subs)))
    guests = [
        f"{r.person_name} ({capacity_text(r)})" if capacity_text(r) else r.person_name
        for r in rows
        if r.status == "in_attendance"
    ]
    if guests:
        lines.append(("ALSO PRESENT:", ", ".join(guests)))
    apologies = [r.person_name for r in rows if r.status == "apologies"]
    if apologies:
        lines.append(("APOLOGIES:", ", ".join(apologies)))
    return lines


def _apologies_text(data: MinutesData) -> list[str]:
    rows = data.meeting.attendance
    apologies = [r.person_name for r in rows if r.status == "apologies"]
    out = [f"Apologies were received from {_names(apologies)}." if apologies else NO_APOLOGIES]
    out.extend(
        f"{r.person_name} was present as substitute for {r.substitute_for_name}."
        for r in rows
        if r.status == "substitute" and r.substitute_for_name
    )
    return out


def _declaration_text(d: DeclarationRecord, public: bool, exempt: frozenset[str]) -> str:
    label = INTEREST_LABELS.get(d.interest_type, d.interest_type).lower()
    if d.interest_type == "voluntary":
        text = f"{d.person_name} made a voluntary announcement"
    else:
        article = "an" if label[:1] in "aeiou" else "a"
        text = f"{d.person_name} declared {article} {label}"
    if d.agenda_item_id is not None:
        where = f"minute {d.minute_number}" if d.minute_number is not None else "an item"
        hidden = public and d.agenda_item_id in exempt
        if d.item_title and not hidden:
            where += f" ({one_line(d.item_title)})"
        text += f" in {where}"
    nature = "" if public and d.agenda_item_id in exempt else d.nature.strip()
    text += f": {nature}" if nature else ""
    text = text.rstrip(".") + "."
    if d.agenda_item_id is not None:
        text += (
            " They left the room while the item was considered."
            if d.left_room
            else " They remained in the room."
        )
    return text


def _next_meeting_text(data: MinutesData) -> str:
    nxt = data.next_meeting
    if nxt is None:
        return NEXT_MEETING_TBC
    text = f"The next meeting will be held on {weekday_date(nxt.date)}"
    if nxt.start_time is not None:
        text += f" at {time_text(nxt.start_time)}"
    if nxt.venue.strip():
        text += f" at {one_line(nxt.venue)}"
    return text + "."


def withheld_text(number: int, paragraph_number: int | None) -> str:
    """ "Item 14 withheld: exempt information (paragraph 1 of Part 1 of Schedule 12A …)"."""
    text = f"Item {number} withheld: exempt information"
    if paragraph_number is not None:
        text += f" (paragraph {paragraph_number} {SCHEDULE_12A_TEXT})"
    return text


def _private_reason(items: Sequence[ItemMinutes]) -> str:
    reasons: list[str] = []
    for entry in items:
        item = entry.item
        reason = one_line(item.exempt_reason).rstrip(".")
        if item.exempt_paragraph is not None:
            cite = (
                f"exempt information as defined in paragraph {item.exempt_paragraph} "
                f"{SCHEDULE_12A_TEXT}"
            )
            reason = f"{reason} ({cite})" if reason else cite
        reasons.append(reason or "confidential information")
    unique = list(dict.fromkeys(reasons))
    if len(unique) == 1:
        return unique[0]
    return "; ".join(f"{r} (minute {e.minute_number})" for r, e in zip(reasons, items, strict=True))


def _due(action: ActionRecord) -> str:
    return uk_date(action.due_date) if action.due_date is not None else ""


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
    """EXCLUSION OF THE PRESS AND PUBLIC and its resolution (FORMATS.md, "Minutes");
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
    listed = _names([str(p) for p in paragraphs])
    return f"Exempt information under {noun} {listed} {SCHEDULE_12A_TEXT}"


def minutes_title(meeting: MeetingDetail) -> str:
    """ "Minutes of the BESD Working Group, 8 September 2010"."""
    return f"Minutes of the {one_line(meeting.group_name)}, {uk_date(meeting.date)}"


class _MinuteNumbers:
    """Minute numbers as Word's own list numbering (FORMATS.md, "House style"): each
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
