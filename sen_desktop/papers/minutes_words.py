"""The words of the minutes (docs/formats.md "Minutes"): the opening sentence, who was
present and in what capacity, apologies, declarations, the next meeting, an item
withheld from the public, and the reason for taking items in private.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from docx.shared import Cm

from sen_desktop.core.dates import long_date as weekday_date
from sen_desktop.core.dates import time_text, uk_date
from sen_desktop.core.meetings.records import (
    INTEREST_LABELS,
    AttendanceRecord,
    DeclarationRecord,
    MeetingDetail,
)
from sen_desktop.core.minutes.wording import NEXT_MEETING_TBC, NO_APOLOGIES
from sen_desktop.core.people.records import short_capacity
from sen_desktop.core.words import listed
from sen_desktop.papers.kinds import MINUTES
from sen_desktop.papers.text import one_line

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sen_desktop.core.actions.records import ActionRecord
    from sen_desktop.core.minutes.records import ItemMinutes
    from sen_desktop.papers.minutes_data import (
        MinutesData,
    )

KIND: Final = MINUTES  # papers.kinds
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


# --- wording ---------------------------------------------------------------------------


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
    out = [f"Apologies were received from {listed(apologies)}." if apologies else NO_APOLOGIES]
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
