"""The rows behind a meeting, and the chain of a group's meetings.

Helpers the meetings service's parts share (``meetings``, ``meeting_agenda``,
``meeting_attendance``); they work inside a caller's open session and never commit.

The chain: a group's meetings in date order, cancelled ones left out. Each meeting's
"Minutes of the previous meeting" item names the meeting before it and carries the
"RESOLVED that the minutes … are correctly recorded" resolution; its minute numbers
continue from the previous meeting's last (or start at 1). ``refresh_chain`` keeps both
current whenever meetings or items come and go, until a meeting's minutes are
circulated; from then on they are fixed.
"""

from __future__ import annotations

import enum
import re
from typing import TYPE_CHECKING, Final

from sqlalchemy import and_, func, or_, select

from sen_desktop.core.errors import ConflictError, ValidationError
from sen_desktop.core.meetings.records import (
    FROZEN_STATUSES,
    GROUP_GONE,
    ITEM_GONE,
    MEETING_GONE,
    MEETING_STATUS_LABELS,
    PERSON_GONE,
    STANDARD_CLOSING,
    STANDARD_OPENING,
    AgendaItemRecord,
    MeetingSummary,
    previous_minutes_title,
)
from sen_desktop.core.programme.settings import (
    confirming_pattern,
    confirming_resolution,
    confirming_wording,
)
from sen_desktop.core.store.models import (
    AgendaItem,
    Group,
    Meeting,
    Person,
    Resolution,
)
from sen_desktop.core.store.rows import live_row
from sen_desktop.core.validation import uk_date

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Sequence

    from sqlalchemy.orm import Session

TITLE_MAX: Final = 500
VENUE_MAX: Final = 300
PRESENTER_MAX: Final = 200
PAPER_REF_MAX: Final = 80
CAPACITY_MAX: Final = 200
LONG_TEXT_MAX: Final = 5000

_AUTO_TITLE = re.compile(r"Minutes of the (previous meeting|meeting held on .+)")
_AUTO_RESOLUTION = re.compile(
    r"RESOLVED that the minutes of the meeting held on .+ are correctly recorded and "
    r"that they be signed by the Chair\."
)


class Unset(enum.Enum):
    UNSET = enum.auto()


#: "Leave this field as it is" for update methods, where None is a real value.
UNSET: Final = Unset.UNSET


# --- records -------------------------------------------------------------------------------


def agenda_item_record(item: AgendaItem) -> AgendaItemRecord:
    """The record of an agenda item row (for other services that read items)."""
    return AgendaItemRecord(
        id=item.id,
        meeting_id=item.meeting_id,
        position=item.position,
        kind=item.kind,
        title=item.title,
        presenter=item.presenter or "",
        paper_ref=item.paper_ref or "",
        exempt=bool(item.exempt),
        exempt_paragraph=item.exempt_paragraph,
        exempt_reason=item.exempt_reason or "",
        minute_number=item.minute_number,
    )


def summary_of(meeting: Meeting, code: str, name: str) -> MeetingSummary:
    return MeetingSummary(
        id=meeting.id,
        group_id=meeting.group_id,
        group_code=code,
        group_name=name,
        number=meeting.number,
        date=meeting.date,
        start_time=meeting.start_time,
        end_time=meeting.end_time,
        venue=meeting.venue or "",
        status=meeting.status,
    )


# --- live rows -----------------------------------------------------------------------------


# Named once each (the sentence is in records.py), on the one helper every service uses.


def live_group(s: Session, group_id: str) -> Group:
    return live_row(s, Group, group_id, GROUP_GONE)


def live_meeting(s: Session, meeting_id: str) -> Meeting:
    return live_row(s, Meeting, meeting_id, MEETING_GONE)


def live_item(s: Session, item_id: str) -> AgendaItem:
    return live_row(s, AgendaItem, item_id, ITEM_GONE)


def live_person(s: Session, person_id: str) -> Person:
    return live_row(s, Person, person_id, PERSON_GONE)


def live_items(s: Session, meeting_id: str) -> list[AgendaItem]:
    """A meeting's agenda items in order (removed ones left out)."""
    return list(
        s.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id, AgendaItem.deleted.is_(False))
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )


def item_of(s: Session, meeting: Meeting, item_id: str) -> AgendaItem:
    """An item that must be on this meeting's agenda (a declaration names one)."""
    wrong = "Choose an item on this meeting's agenda."
    item = live_row(s, AgendaItem, item_id, wrong, field="agenda_item_id")
    if item.meeting_id != meeting.id:
        raise ValidationError(wrong, field="agenda_item_id")
    return item


def person_names(s: Session, ids: Iterable[str | None]) -> dict[str, str]:
    wanted = [i for i in set(ids) if i]
    if not wanted:
        return {}
    return {
        person_id: name
        for person_id, name in s.execute(
            select(Person.id, Person.full_name).where(Person.id.in_(wanted))
        )
    }


def person_name(s: Session, person_id: str) -> str:
    person = s.get(Person, person_id)
    return person.full_name if person is not None else "This person"


def text_argument(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise ValidationError("Enter text here.", field=field)
    return value


def status_label(status: str) -> str:
    return MEETING_STATUS_LABELS.get(status, status)


def check_editable(meeting: Meeting, what: str) -> None:
    """Refuse changes to a cancelled meeting or one whose minutes are circulated."""
    if meeting.status == "cancelled":
        raise ConflictError(
            f"This meeting was cancelled; reinstate it before changing {what}.",
            field="status",
        )
    if meeting.status in FROZEN_STATUSES:
        raise ConflictError(
            f"The minutes of this meeting have been circulated, so {what} can no longer change.",
            field="status",
        )


# --- agenda order --------------------------------------------------------------------------


def business_range(items: Sequence[AgendaItem]) -> tuple[int, int]:
    """The 1-based places business items may take: after the last opening standard item,
    up to the closing one. ``high`` is ``low - 1`` while there are no business items."""
    opening = {kind for kind, _ in STANDARD_OPENING}
    low = 1
    for n, item in enumerate(items, start=1):
        if item.kind in opening:
            low = n + 1
    high = len(items)
    for n, item in enumerate(items, start=1):
        if item.kind == STANDARD_CLOSING[0]:
            high = n - 1
            break
    return low, max(high, low - 1)


def clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def set_positions(items: Sequence[AgendaItem]) -> None:
    """Number the items 1, 2, 3 … in list order, writing only those that change."""
    for n, item in enumerate(items, start=1):
        if item.position != n:
            item.position = n


# --- the chain -----------------------------------------------------------------------------


def previous_meeting_row(s: Session, meeting: Meeting) -> Meeting | None:
    """The group's last meeting before this one, cancelled meetings left out."""
    return s.scalars(
        select(Meeting)
        .where(
            Meeting.group_id == meeting.group_id,
            Meeting.deleted.is_(False),
            Meeting.status != "cancelled",
            Meeting.id != meeting.id,
            or_(
                Meeting.date < meeting.date,
                and_(Meeting.date == meeting.date, Meeting.number < meeting.number),
            ),
        )
        .order_by(Meeting.date.desc(), Meeting.number.desc())
        .limit(1)
    ).first()


def following_meeting_row(s: Session, meeting: Meeting) -> Meeting | None:
    """The group's next meeting after this one, cancelled meetings left out."""
    return s.scalars(
        select(Meeting)
        .where(
            Meeting.group_id == meeting.group_id,
            Meeting.deleted.is_(False),
            Meeting.status != "cancelled",
            Meeting.id != meeting.id,
            or_(
                Meeting.date > meeting.date,
                and_(Meeting.date == meeting.date, Meeting.number > meeting.number),
            ),
        )
        .order_by(Meeting.date, Meeting.number)
        .limit(1)
    ).first()


def refresh_chain(s: Session, group_id: str, since: dt.date) -> None:
    """Bring every unfrozen meeting of the group from ``since`` on up to date: its
    "previous minutes" item and resolution, and its minute numbers.

    Only the newest few meetings of a group are ever unfrozen, so this walks a list of
    small tuples and loads items only for those.
    """
    chain = s.execute(
        select(Meeting.id, Meeting.date, Meeting.status)
        .where(
            Meeting.group_id == group_id,
            Meeting.deleted.is_(False),
            Meeting.status != "cancelled",
        )
        .order_by(Meeting.date, Meeting.number)
    ).all()
    for index, (meeting_id, day, status) in enumerate(chain):
        if day < since or status in FROZEN_STATUSES:
            continue
        previous_id, previous_day = (
            (chain[index - 1][0], chain[index - 1][1]) if index else (None, None)
        )
        last = 0
        if previous_id is not None:
            last = (
                s.scalar(
                    select(func.max(AgendaItem.minute_number)).where(
                        AgendaItem.meeting_id == previous_id, AgendaItem.deleted.is_(False)
                    )
                )
                or 0
            )
        for number, item in enumerate(live_items(s, meeting_id), start=last + 1):
            if item.minute_number != number:
                item.minute_number = number
            if item.kind == "previous_minutes":
                _refresh_previous_item(s, item, previous_day)
        s.flush()


def _refresh_previous_item(s: Session, item: AgendaItem, previous: dt.date | None) -> None:
    # The title and resolution are rewritten only while they are still the automatic
    # wording: whatever the secretary wrote instead stays as written.
    title = previous_minutes_title(previous)
    if item.title != title and _AUTO_TITLE.fullmatch(item.title):
        item.title = title
    resolutions = list(
        s.scalars(
            select(Resolution)
            .where(Resolution.agenda_item_id == item.id, Resolution.deleted.is_(False))
            .order_by(Resolution.position, Resolution.id)
        )
    )
    # The wording comes from Settings (docs/formats.md); text written under an earlier
    # wording, or the default, is still recognised as the automatic resolution.
    wording = confirming_wording(s)
    patterns = (confirming_pattern(wording), _AUTO_RESOLUTION)
    auto = next(
        (r for r in resolutions if any(p.fullmatch(r.text) for p in patterns)), None
    )
    if previous is None:
        if auto is not None:
            auto.deleted = True
        return
    text = confirming_resolution(wording, previous)
    if auto is None:
        if not resolutions:
            s.add(Resolution(agenda_item_id=item.id, position=0, text=text))
    elif auto.text != text:
        auto.text = text


def confirm_minutes(previous: Meeting, at: Meeting) -> None:
    """Confirm ``previous``'s circulated minutes at the meeting ``at``."""
    if previous.status == "confirmed":
        return
    if previous.status != "circulated":
        raise ConflictError(
            f"The minutes of the meeting held on {uk_date(previous.date)} are at "
            f"“{status_label(previous.status)}”; circulate them before they are confirmed.",
            field="status",
        )
    if at.status == "cancelled":
        raise ConflictError(
            "The next meeting was cancelled; minutes are confirmed at a meeting that takes place.",
            field="status",
        )
    previous.status = "confirmed"
