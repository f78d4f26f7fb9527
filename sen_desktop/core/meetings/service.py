"""Meetings: scheduling, the agenda, attendance, declarations and the minutes' status.

``MeetingService`` is the one doorway; its methods live in four small modules by topic:
this one (meetings, their status and the records), ``meeting_agenda``,
``meeting_attendance`` and ``meeting_declarations``, over the shared helpers in
``meeting_chain``. The records and their wording are in ``meeting_records`` and are
re-exported here.

Every method opens one short transaction, validates everything before writing and
returns frozen records; a refused change leaves nothing behind.

Rules kept here, so every screen and paper agrees:
- Meetings are numbered per group, max + 1, cancelled meetings included, from the range
  this laptop allocates for the group (``references``: the laptop certified to write
  the group numbers 1, 2, 3 …; others from their own range, so laptops apart do not
  clash).
- Status moves one step along ``STATUS_TRANSITIONS``: planned → held → minutes_draft →
  checked → circulated → confirmed, or planned → cancelled (and back, to reinstate a
  meeting cancelled by mistake). Minutes are confirmed at the group's next meeting:
  ``confirm_previous_minutes``, or marking that meeting held when they are circulated.
- A cancelled meeting keeps its number and record but counts in no attendance figure,
  and the next meeting follows on from the one before it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from sen_desktop.core.errors import ConflictError, ValidationError
from sen_desktop.core.meetings.agenda import AgendaMethods
from sen_desktop.core.meetings.attendance import (
    AttendanceMethods,
    ordered_attendance,
    sync_expected,
)
from sen_desktop.core.meetings.chain import (
    UNSET,
    VENUE_MAX,
    Unset,
    agenda_item_record,
    check_editable,
    confirm_minutes,
    following_meeting_row,
    live_group,
    live_items,
    live_meeting,
    previous_meeting_row,
    refresh_chain,
    summary_of,
)
from sen_desktop.core.meetings.declarations import DeclarationMethods, declaration_records
from sen_desktop.core.meetings.records import (
    MEETING_STATUS_LABELS,
    STANDARD_CLOSING,
    STANDARD_OPENING,
    STATUS_TRANSITIONS,
    AgendaItemRecord,
    AttendanceRecord,
    AttendanceTally,
    DeclarationRecord,
    MeetingDetail,
    MeetingSummary,
    meeting_title,
    quorum_text,
    time_text,
    venue_text,
    weekday_date,
    when_text,
)
from sen_desktop.core.programme.service import default_quorum
from sen_desktop.core.references.allocation import next_meeting_number
from sen_desktop.core.store.models import AgendaItem, Declaration, Group, Meeting, Seat
from sen_desktop.core.validation import check_date, optional_text, uk_date

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import Session, sessionmaker

__all__ = [
    "UNSET",
    "WHEN_CHOICES",
    "AgendaItemRecord",
    "AttendanceRecord",
    "AttendanceTally",
    "DeclarationRecord",
    "MeetingDetail",
    "MeetingService",
    "MeetingSummary",
    "agenda_item_record",
    "meeting_title",
    "quorum_text",
    "time_text",
    "venue_text",
    "weekday_date",
    "when_text",
]

WHEN_CHOICES = ("all", "past", "upcoming")


def _check_times(start: object, end: object) -> tuple[dt.time | None, dt.time | None]:
    for value, field, label in ((start, "start_time", "start"), (end, "end_time", "end")):
        if value is not None and not isinstance(value, dt.time):
            raise ValidationError(f"Enter the {label} time as a time of day.", field=field)
    assert start is None or isinstance(start, dt.time)
    assert end is None or isinstance(end, dt.time)
    if end is not None and start is None:
        raise ValidationError(
            "Enter the start time too, or leave the end time empty.", field="start_time"
        )
    if start is not None and end is not None and end <= start:
        raise ValidationError("The meeting must end after it starts.", field="end_time")
    return start, end


def _check_transition(meeting: Meeting, status: str) -> None:
    allowed = STATUS_TRANSITIONS.get(meeting.status, ())
    if status in allowed:
        return
    if allowed:
        options = " or ".join(f"“{MEETING_STATUS_LABELS[a]}”" for a in allowed)
        tail = f"next it can be {options}."
    else:
        tail = "its status can no longer change."
    raise ConflictError(
        f"This meeting is “{MEETING_STATUS_LABELS[meeting.status]}”, so it cannot "
        f"become “{MEETING_STATUS_LABELS[status]}”; {tail}",
        field="status",
    )


class MeetingService(AgendaMethods, AttendanceMethods, DeclarationMethods):
    """A group's meetings, their agendas, attendance and declarations."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self._sf = session_factory
        self._today = today

    def schedule(
        self,
        group_id: str,
        date: dt.date,
        start_time: dt.time | None = None,
        end_time: dt.time | None = None,
        venue: str = "",
    ) -> MeetingDetail:
        """A new meeting with the standard agenda and the group's members expected."""
        day = check_date(date, "date", "the meeting date")
        start, end = _check_times(start_time, end_time)
        if not isinstance(venue, str):
            raise ValidationError("Enter the venue as text.", field="venue")
        place = optional_text(venue, "venue", "the venue", VENUE_MAX)
        with self._sf.begin() as s:
            group = live_group(s, group_id)
            meeting = Meeting(
                group_id=group.id,
                number=next_meeting_number(s, group),
                date=day,
                start_time=start,
                end_time=end,
                venue=place,
                status="planned",
            )
            s.add(meeting)
            s.flush()
            kinds = [*STANDARD_OPENING, STANDARD_CLOSING]
            s.add_all(
                AgendaItem(meeting_id=meeting.id, position=n, kind=kind, title=title)
                for n, (kind, title) in enumerate(kinds, start=1)
            )
            s.flush()
            sync_expected(s, meeting)
            refresh_chain(s, group.id, day)
            s.flush()
            return self._detail(s, meeting)

    def update_meeting(
        self,
        meeting_id: str,
        *,
        date: dt.date | Unset = UNSET,
        start_time: dt.time | None | Unset = UNSET,
        end_time: dt.time | None | Unset = UNSET,
        venue: str | Unset = UNSET,
    ) -> MeetingDetail:
        """Change a meeting's date, times or venue; fields not given stay as they are."""
        with self._sf.begin() as s:
            meeting = live_meeting(s, meeting_id)
            check_editable(meeting, "its details")
            day = (
                meeting.date
                if isinstance(date, Unset)
                else check_date(date, "date", "the meeting date")
            )
            start, end = _check_times(
                meeting.start_time if isinstance(start_time, Unset) else start_time,
                meeting.end_time if isinstance(end_time, Unset) else end_time,
            )
            place = meeting.venue
            if not isinstance(venue, Unset):
                if not isinstance(venue, str):
                    raise ValidationError("Enter the venue as text.", field="venue")
                place = optional_text(venue, "venue", "the venue", VENUE_MAX)
            old_day = meeting.date
            for name, value in (
                ("date", day),
                ("start_time", start),
                ("end_time", end),
                ("venue", place),
            ):
                if getattr(meeting, name) != value:
                    setattr(meeting, name, value)
            s.flush()
            if day != old_day:
                if meeting.status == "planned":
                    sync_expected(s, meeting)
                refresh_chain(s, meeting.group_id, min(day, old_day))
                s.flush()
            return self._detail(s, meeting)

    def cancel(self, meeting_id: str) -> MeetingSummary:
        """Cancel a planned meeting. It keeps its number and record, but counts in no
        attendance figure, and the next meeting follows on from the one before it."""
        return self.set_status(meeting_id, "cancelled")

    def mark_held(self, meeting_id: str) -> MeetingSummary:
        """The meeting took place. If the previous meeting's minutes were circulated,
        they are confirmed here (the resolution on this agenda says so)."""
        return self.set_status(meeting_id, "held")

    def set_status(self, meeting_id: str, status: str) -> MeetingSummary:
        """Move a meeting one step along STATUS_TRANSITIONS; anything else is refused."""
        if status not in MEETING_STATUS_LABELS:
            raise ValidationError(
                "Choose one of the meeting statuses: "
                + ", ".join(label.lower() for label in MEETING_STATUS_LABELS.values())
                + ".",
                field="status",
            )
        with self._sf.begin() as s:
            meeting = live_meeting(s, meeting_id)
            if meeting.status == status:
                return self._summary(s, meeting)
            if status == "confirmed":
                following = following_meeting_row(s, meeting)
                if following is None:
                    raise ConflictError(
                        "Minutes are confirmed at the group's next meeting; schedule that "
                        "meeting first.",
                        field="status",
                    )
                confirm_minutes(meeting, following)
                return self._summary(s, meeting)
            _check_transition(meeting, status)
            if status == "held" and meeting.date > self._today():
                raise ConflictError(
                    f"This meeting is on {uk_date(meeting.date)}; mark it held on or after "
                    "that day.",
                    field="status",
                )
            meeting.status = status
            s.flush()
            if status in ("cancelled", "planned"):
                # Leaving or rejoining the chain changes the next meeting's "previous".
                refresh_chain(s, meeting.group_id, meeting.date)
            elif status == "held":
                previous = previous_meeting_row(s, meeting)
                if previous is not None and previous.status == "circulated":
                    confirm_minutes(previous, meeting)
            s.flush()
            return self._summary(s, meeting)

    def confirm_previous_minutes(self, meeting_id: str) -> MeetingSummary:
        """At this meeting, confirm the previous meeting's circulated minutes.

        Returns the previous meeting, now "confirmed". Refused when there is no previous
        meeting or its minutes have not been circulated yet.
        """
        with self._sf.begin() as s:
            meeting = live_meeting(s, meeting_id)
            if meeting.status == "cancelled":
                raise ConflictError(
                    "This meeting was cancelled, so it cannot confirm any minutes.",
                    field="status",
                )
            previous = previous_meeting_row(s, meeting)
            if previous is None:
                raise ConflictError(
                    "This is the group's first meeting: there are no previous minutes to confirm.",
                    field="status",
                )
            confirm_minutes(previous, meeting)
            s.flush()
            return self._summary(s, previous)

    def meeting(self, meeting_id: str) -> MeetingDetail:
        with self._sf() as s:
            return self._detail(s, live_meeting(s, meeting_id))

    def summary(self, meeting_id: str) -> MeetingSummary:
        with self._sf() as s:
            return self._summary(s, live_meeting(s, meeting_id))

    def list_meetings(self, group_id: str | None = None, when: str = "all") -> list[MeetingSummary]:
        """Meetings of one group (or all groups). "upcoming" (today or later) soonest
        first; "past" (before today) and "all" most recent first."""
        if when not in WHEN_CHOICES:
            raise ValidationError("Choose all, past or upcoming meetings.", field="when")
        today = self._today()
        with self._sf() as s:
            query = (
                select(Meeting, Group.code, Group.name)
                .join(Group, Group.id == Meeting.group_id)
                .where(Meeting.deleted.is_(False), Group.deleted.is_(False))
            )
            if group_id is not None:
                query = query.where(Meeting.group_id == group_id)
            if when == "upcoming":
                query = query.where(Meeting.date >= today).order_by(
                    Meeting.date, Meeting.start_time, Group.position, Meeting.number
                )
            else:
                if when == "past":
                    query = query.where(Meeting.date < today)
                query = query.order_by(
                    Meeting.date.desc(),
                    Meeting.start_time.desc(),
                    Group.position,
                    Meeting.number.desc(),
                )
            return [summary_of(meeting, code, name) for meeting, code, name in s.execute(query)]

    def latest_meeting_id(self, group_id: str | None = None) -> str | None:
        """The most recent meeting on or before today (not cancelled, if there is one);
        failing that the latest meeting of all; None when there are none."""
        today = self._today()
        with self._sf() as s:
            base = select(Meeting.id).where(Meeting.deleted.is_(False))
            if group_id is not None:
                base = base.where(Meeting.group_id == group_id)
            newest = (Meeting.date.desc(), Meeting.start_time.desc(), Meeting.number.desc())
            for query in (
                base.where(Meeting.date <= today, Meeting.status != "cancelled"),
                base.where(Meeting.date <= today),
                base,
            ):
                found = s.scalar(query.order_by(*newest).limit(1))
                if found is not None:
                    return found
            return None

    def refresh_expected(self, meeting_id: str) -> MeetingDetail:
        """Bring a planned meeting's expected members up to date with the seats (after
        appointments made since it was scheduled)."""
        with self._sf.begin() as s:
            meeting = live_meeting(s, meeting_id)
            if meeting.status == "planned":
                sync_expected(s, meeting)
                s.flush()
            return self._detail(s, meeting)

    # --- records ----------------------------------------------------------------------

    def _summary(self, s: Session, meeting: Meeting) -> MeetingSummary:
        group = s.get(Group, meeting.group_id)
        assert group is not None
        return summary_of(meeting, group.code, group.name)

    def _detail(self, s: Session, meeting: Meeting) -> MeetingDetail:
        group = s.get(Group, meeting.group_id)
        assert group is not None
        previous = previous_meeting_row(s, meeting)
        attendance = ordered_attendance(s, meeting)
        declarations = s.scalars(
            select(Declaration)
            .where(Declaration.meeting_id == meeting.id, Declaration.deleted.is_(False))
            .order_by(Declaration.id)
        ).all()
        declared = declaration_records(s, declarations)
        positions = {i.id: i.position for i in live_items(s, meeting.id)}
        declared.sort(
            key=lambda d: (positions.get(d.agenda_item_id or "", 0), d.person_name.casefold())
        )
        seat_count = (
            s.scalar(
                select(func.count())
                .select_from(Seat)
                .where(Seat.group_id == group.id, Seat.deleted.is_(False))
            )
            or 0
        )
        needed = group.quorum if group.quorum is not None else default_quorum(seat_count)
        present = sum(1 for r in attendance if r.counts_for_quorum)
        return MeetingDetail(
            id=meeting.id,
            group_id=group.id,
            group_code=group.code,
            group_name=group.name,
            number=meeting.number,
            date=meeting.date,
            start_time=meeting.start_time,
            end_time=meeting.end_time,
            venue=meeting.venue or "",
            status=meeting.status,
            previous_meeting_id=previous.id if previous is not None else None,
            previous_meeting_date=previous.date if previous is not None else None,
            previous_meeting_status=previous.status if previous is not None else None,
            agenda=tuple(agenda_item_record(i) for i in live_items(s, meeting.id)),
            attendance=tuple(attendance),
            declarations=tuple(declared),
            quorum_needed=needed,
            quorum_present=present,
            quorum_met=present >= needed,
        )
