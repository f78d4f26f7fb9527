"""What the meetings service returns, and the words screens and papers use for it.

Frozen dataclasses only: no ORM object leaves the core. The wording helpers live here,
not in the GUI, so that the window, the minutes paper and the command line say the
same thing ("Quorate: 6 present, 5 needed", "Venue to be confirmed").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from sen_desktop.core import dates
from sen_desktop.core.validation import uk_date

if TYPE_CHECKING:
    import datetime as dt

# --- statuses and their words ---------------------------------------------------------

MEETING_STATUS_LABELS: Final = {
    "planned": "Planned",
    "held": "Held",
    "minutes_draft": "Minutes in draft",
    "checked": "Minutes checked by the chair",
    "circulated": "Minutes circulated as unconfirmed",
    "confirmed": "Minutes confirmed",
    "cancelled": "Cancelled",
}

#: The only moves a meeting's status may make. Reinstating a meeting cancelled by
#: mistake (cancelled → planned) is allowed; nothing else goes backwards.
STATUS_TRANSITIONS: Final[dict[str, tuple[str, ...]]] = {
    "planned": ("held", "cancelled"),
    "held": ("minutes_draft",),
    "minutes_draft": ("checked",),
    "checked": ("circulated",),
    "circulated": ("confirmed",),
    "confirmed": (),
    "cancelled": ("planned",),
}

#: Once circulated, minute numbers, agenda and attendance are fixed.
FROZEN_STATUSES: Final = frozenset({"circulated", "confirmed"})

ATTENDANCE_LABELS: Final = {
    "expected": "Not yet marked",
    "present": "Present",
    "apologies": "Apologies",
    "absent": "Absent",
    "substitute": "Substitute",
    "in_attendance": "In attendance",
}

#: The statuses a member of the group (someone in a seat on the day) can have.
MEMBER_STATUSES: Final = ("expected", "present", "apologies", "absent")

INTEREST_LABELS: Final = {
    "disclosable_pecuniary": "Disclosable pecuniary interest",
    "other_significant": "Other significant interest",
    "voluntary": "Voluntary announcement",
}

#: The standard items every agenda starts with (kind, title), and the one it ends with.
STANDARD_OPENING: Final = (
    ("apologies", "Apologies and Substitutes"),
    ("declarations", "Declarations of Interest"),
    ("previous_minutes", "Minutes of the previous meeting"),
    ("matters_arising", "Matters arising and action log"),
)
STANDARD_CLOSING: Final = ("next_meeting", "Date of next meeting")
STANDARD_KINDS: Final = frozenset([kind for kind, _ in STANDARD_OPENING] + [STANDARD_CLOSING[0]])

#: Schedule 12A to the Local Government Act 1972, Part 1: the descriptions of exempt
#: information a confidential item may cite, by paragraph (short forms for lists).
SCHEDULE_12A: Final = {
    1: "Information relating to any individual",
    2: "Information likely to reveal the identity of an individual",
    3: "Financial or business affairs of any particular person",
    4: "Consultations or negotiations on a labour relations matter",
    5: "Legal professional privilege",
    6: "Notices, orders or directions the authority proposes to give or make",
    7: "Prevention, investigation or prosecution of crime",
}


#: What a service says when the row a screen named has gone (removed here or by the
#: exchange): one sentence each, for ``core.store.rows.live_row``.
GROUP_GONE: Final = "This group no longer exists; it may have been removed."
MEETING_GONE: Final = "This meeting no longer exists; it may have been removed."
ITEM_GONE: Final = "This agenda item no longer exists; it may have been removed."
PERSON_GONE: Final = "This person is no longer in the list; they may have been deleted."
DECLARATION_GONE: Final = "This declaration no longer exists; it may have been removed."


# --- records ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingSummary:
    id: str
    group_id: str
    group_code: str
    group_name: str
    number: int  # per group: 1, 2, 3 … (cancelled meetings keep theirs)
    date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    venue: str  # "" until confirmed; venue_text() says so in words
    status: str  # models.MEETING_STATUSES


@dataclass(frozen=True)
class AgendaItemRecord:
    id: str
    meeting_id: str
    position: int  # 1-based among the meeting's live items
    kind: str  # models.AGENDA_KINDS
    title: str
    presenter: str
    paper_ref: str
    exempt: bool  # confidential (Part 2)
    exempt_paragraph: int | None  # Schedule 12A paragraph 1–7, where one is cited
    exempt_reason: str
    minute_number: int | None

    @property
    def standard(self) -> bool:
        """One of the items every agenda has; they keep their place and stay on it."""
        return self.kind in STANDARD_KINDS


@dataclass(frozen=True)
class AttendanceRecord:
    id: str
    meeting_id: str
    person_id: str
    person_name: str
    status: str  # models.ATTENDANCE_STATUSES
    capacity: str  # a member's seat, a substitute's member's seat, a guest's capacity
    # On a substitute's row: the member they stand in for.
    substitute_for_id: str | None
    substitute_for_name: str | None
    # On a member's row: who stands in for them, if anyone.
    substituted_by_id: str | None
    substituted_by_name: str | None
    # The person's own role as papers print it ("Headteacher, Meadowbank School";
    # core.people.person_role); "" if no job title is recorded.
    role: str = ""

    @property
    def is_member(self) -> bool:
        return self.status in MEMBER_STATUSES

    @property
    def counts_for_quorum(self) -> bool:
        return self.status in ("present", "substitute")


@dataclass(frozen=True)
class DeclarationRecord:
    id: str
    meeting_id: str
    person_id: str
    person_name: str
    agenda_item_id: str | None
    item_title: str  # "" when the declaration names no item
    minute_number: int | None
    interest_type: str  # models.INTEREST_TYPES
    nature: str
    left_room: bool


@dataclass(frozen=True)
class MeetingDetail:
    id: str
    group_id: str
    group_code: str
    group_name: str
    number: int
    date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    venue: str
    status: str
    previous_meeting_id: str | None  # the group's last meeting before this (not cancelled)
    previous_meeting_date: dt.date | None
    previous_meeting_status: str | None
    agenda: tuple[AgendaItemRecord, ...]
    attendance: tuple[AttendanceRecord, ...]
    declarations: tuple[DeclarationRecord, ...]
    quorum_needed: int
    quorum_present: int  # members present plus substitutes
    quorum_met: bool

    @property
    def summary(self) -> MeetingSummary:
        return MeetingSummary(
            id=self.id,
            group_id=self.group_id,
            group_code=self.group_code,
            group_name=self.group_name,
            number=self.number,
            date=self.date,
            start_time=self.start_time,
            end_time=self.end_time,
            venue=self.venue,
            status=self.status,
        )


@dataclass(frozen=True)
class AttendanceTally:
    """A person's attendance record over meetings held (not cancelled, not in the future)."""

    person_id: str
    expected: int  # meetings at which they were a member of the group
    present: int  # … and were there
    apologies: int  # … and sent apologies (with or without a substitute)
    substitute: int  # meetings they attended as someone's substitute
    absent: int


# --- words -----------------------------------------------------------------------------


def weekday_date(day: dt.date) -> str:
    """ "Wednesday 6 October 2010" (core.dates: one place writes dates, in English)."""
    return dates.long_date(day)


def time_text(moment: dt.time) -> str:
    """ "2.00 pm", "10.30 am", "12.00 noon": the County's committee style (core.dates)."""
    return dates.time_text(moment)


def venue_text(venue: str) -> str:
    return venue or "Venue to be confirmed"


def when_text(day: dt.date, start: dt.time | None, end: dt.time | None) -> str:
    """ "Wednesday 6 October 2010, 2.00 pm to 4.00 pm"."""
    text = weekday_date(day)
    if start is not None and end is not None:
        return f"{text}, {time_text(start)} to {time_text(end)}"
    if start is not None:
        return f"{text} at {time_text(start)}"
    return text


def meeting_title(meeting: MeetingSummary | MeetingDetail) -> str:
    """ "BESD Working Group, meeting 5 (6 October 2010)"."""
    return f"{meeting.group_name}, meeting {meeting.number} ({uk_date(meeting.date)})"


def quorum_text(needed: int, present: int) -> str:
    """ "Quorate: 6 present, 5 needed" / "Not quorate: 3 present, 5 needed"."""
    state = "Quorate" if present >= needed else "Not quorate"
    return f"{state}: {present} present, {needed} needed"


def previous_minutes_title(previous: dt.date | None) -> str:
    if previous is None:
        return "Minutes of the previous meeting"
    return f"Minutes of the meeting held on {uk_date(previous)}"


def previous_minutes_resolution(previous: dt.date) -> str:
    """The resolution the "Minutes of the previous meeting" item carries automatically."""
    return (
        f"RESOLVED that the minutes of the meeting held on {weekday_date(previous)} are "
        "correctly recorded and that they be signed by the Chair."
    )
