"""Attendance: MeetingService's attendance methods (see ``meetings``).

The expected list is the group's seat holders on the meeting's date, each with their
seat as capacity. A member is marked present, apologies or absent; a substitute stands
in for a member (the member gets apologies, the substitute counts as present); officers
and guests are "in attendance" in a capacity. Nobody is on one meeting's list twice.
The quorum counts members present and substitutes. A person's attendance record
counts meetings up to today that were not cancelled.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from sqlalchemy import select

from sen_desktop.core.errors import ConflictError, NotFoundError, ValidationError
from sen_desktop.core.meetings.chain import (
    CAPACITY_MAX,
    check_editable,
    live_meeting,
    live_person,
    person_name,
    person_names,
    text_argument,
)
from sen_desktop.core.meetings.records import (
    ATTENDANCE_LABELS,
    MEMBER_STATUSES,
    AttendanceRecord,
    AttendanceTally,
)
from sen_desktop.core.people.queries import holders_on, person_roles
from sen_desktop.core.programme.settings import read_programme_settings
from sen_desktop.core.store.models import Attendance, Meeting, Seat
from sen_desktop.core.validation import optional_text

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Sequence

    from sqlalchemy.orm import Session, sessionmaker


def sync_expected(s: Session, meeting: Meeting) -> None:
    """Members expected = the seat holders on the meeting's date. Unmarked rows of
    people no longer in a seat go; marked rows stay as the secretary left them."""
    seats = s.scalars(
        select(Seat)
        .where(Seat.group_id == meeting.group_id, Seat.deleted.is_(False))
        .order_by(Seat.position, Seat.id)
    ).all()
    holders = holders_on(s, meeting.date, [seat.id for seat in seats])
    wanted: dict[str, str] = {}
    for seat in seats:
        appt = holders.get(seat.id)
        if appt is not None and appt.person_id not in wanted:
            wanted[appt.person_id] = seat.title
    rows = s.scalars(
        select(Attendance).where(Attendance.meeting_id == meeting.id, Attendance.deleted.is_(False))
    ).all()
    present = {row.person_id: row for row in rows}
    for row in rows:
        if row.status == "expected" and row.person_id not in wanted:
            row.deleted = True
    for person_id, title in wanted.items():
        known = present.get(person_id)
        if known is None:
            s.add(
                Attendance(
                    meeting_id=meeting.id,
                    person_id=person_id,
                    status="expected",
                    capacity=title,
                )
            )
        elif known.status == "expected" and known.capacity != title:
            known.capacity = title


def attendance_row(s: Session, meeting_id: str, person_id: str) -> Attendance | None:
    return s.scalars(
        select(Attendance)
        .where(
            Attendance.meeting_id == meeting_id,
            Attendance.person_id == person_id,
            Attendance.deleted.is_(False),
        )
        .order_by(Attendance.id)
        .limit(1)
    ).first()


def substitute_of(s: Session, meeting_id: str, member_id: str) -> Attendance | None:
    return s.scalars(
        select(Attendance)
        .where(
            Attendance.meeting_id == meeting_id,
            Attendance.substitute_for_id == member_id,
            Attendance.status == "substitute",
            Attendance.deleted.is_(False),
        )
        .order_by(Attendance.id)
        .limit(1)
    ).first()


def attendance_records(
    s: Session, meeting: Meeting, rows: Sequence[Attendance]
) -> list[AttendanceRecord]:
    everyone = s.scalars(
        select(Attendance).where(Attendance.meeting_id == meeting.id, Attendance.deleted.is_(False))
    ).all()
    substitutes = {
        r.substitute_for_id: r.person_id
        for r in everyone
        if r.status == "substitute" and r.substitute_for_id
    }
    ids = {r.person_id for r in rows}
    ids |= {r.substitute_for_id for r in rows if r.substitute_for_id}
    ids |= {substitutes[r.person_id] for r in rows if r.person_id in substitutes}
    names = person_names(s, ids)
    roles = person_roles(s, ids, read_programme_settings(s).authority_name)
    records = []
    for r in rows:
        by = substitutes.get(r.person_id) if r.status in MEMBER_STATUSES else None
        records.append(
            AttendanceRecord(
                id=r.id,
                meeting_id=r.meeting_id,
                person_id=r.person_id,
                person_name=names.get(r.person_id, ""),
                status=r.status,
                capacity=r.capacity or "",
                substitute_for_id=r.substitute_for_id,
                substitute_for_name=(
                    names.get(r.substitute_for_id) if r.substitute_for_id else None
                ),
                substituted_by_id=by,
                substituted_by_name=names.get(by) if by else None,
                role=roles.get(r.person_id, ""),
            )
        )
    return records


def ordered_attendance(s: Session, meeting: Meeting) -> list[AttendanceRecord]:
    """Members in seat order, then substitutes beside their members' order, then
    officers and guests by name. A member or substitute with no capacity recorded is
    shown in the seat held on the day."""
    rows = s.scalars(
        select(Attendance).where(Attendance.meeting_id == meeting.id, Attendance.deleted.is_(False))
    ).all()
    records = attendance_records(s, meeting, rows)
    seats = _seats_held(s, meeting)
    last = len(seats)
    members = [
        r if r.capacity or r.person_id not in seats
        else replace(r, capacity=seats[r.person_id][1])
        for r in records
        if r.is_member
    ]
    members.sort(key=lambda r: (seats.get(r.person_id, (last, ""))[0], r.person_name.casefold()))
    rank = {r.person_id: n for n, r in enumerate(members)}
    seat_of = {r.person_id: r.capacity for r in members}
    subs = sorted(
        (
            r if r.capacity else replace(r, capacity=seat_of.get(r.substitute_for_id or "", ""))
            for r in records
            if r.status == "substitute"
        ),
        key=lambda r: (rank.get(r.substitute_for_id or "", len(rank)), r.person_name),
    )
    guests = sorted(
        (r for r in records if r.status == "in_attendance"),
        key=lambda r: (r.person_name.casefold(), r.id),
    )
    return [*members, *subs, *guests]


def _seats_held(s: Session, meeting: Meeting) -> dict[str, tuple[int, str]]:
    """person id -> (seat position, seat title) of the seats held on the meeting's day."""
    seats = {
        seat_id: (position, title)
        for seat_id, position, title in s.execute(
            select(Seat.id, Seat.position, Seat.title).where(
                Seat.group_id == meeting.group_id, Seat.deleted.is_(False)
            )
        )
    }
    held: dict[str, tuple[int, str]] = {}
    for seat_id, appt in holders_on(s, meeting.date, seats.keys()).items():
        if appt.person_id not in held or seats[seat_id] < held[appt.person_id]:
            held[appt.person_id] = seats[seat_id]
    return held


class AttendanceMethods:
    """The attendance half of MeetingService."""

    _sf: sessionmaker[Session]
    _today: Callable[[], dt.date]

    def set_attendance(self, meeting_id: str, person_id: str, status: str) -> AttendanceRecord:
        """Mark a member present, apologies, absent (or back to not yet marked)."""
        if status not in MEMBER_STATUSES:
            raise ValidationError(
                "Mark a member present, apologies or absent; use Mark substitute… for someone "
                "standing in, and Add anyone else… for officers and guests.",
                field="status",
            )
        with self._sf.begin() as s:
            meeting = live_meeting(s, meeting_id)
            check_editable(meeting, "its attendance")
            row = attendance_row(s, meeting.id, person_id)
            name = person_name(s, person_id)
            if row is None:
                raise NotFoundError(f"{name} is not on the attendance list of this meeting.")
            if row.status not in MEMBER_STATUSES:
                raise ValidationError(
                    f"{name} is {ATTENDANCE_LABELS[row.status].lower()}, not a member of the "
                    "group; remove them from the list instead.",
                    field="status",
                )
            substitute = substitute_of(s, meeting.id, person_id)
            if substitute is not None and status != "apologies":
                raise ConflictError(
                    f"{person_name(s, substitute.person_id)} is attending as {name}'s substitute; "
                    "remove the substitute first.",
                    field="status",
                )
            if row.status != status:
                row.status = status
            s.flush()
            return attendance_records(s, meeting, [row])[0]

    def set_substitute(
        self, meeting_id: str, member_id: str, substitute_id: str
    ) -> AttendanceRecord:
        """``substitute_id`` attends in place of the member ``member_id``: the member gets
        apologies, the substitute counts as present. Replaces an earlier substitute."""
        with self._sf.begin() as s:
            meeting = live_meeting(s, meeting_id)
            check_editable(meeting, "its attendance")
            member = attendance_row(s, meeting.id, member_id)
            member_name = person_name(s, member_id)
            if member is None or member.status not in MEMBER_STATUSES:
                raise ValidationError(
                    f"{member_name} is not a member expected at this meeting; a substitute "
                    "stands in for a member.",
                    field="substitute_for_id",
                )
            substitute_name = live_person(s, substitute_id).full_name
            if substitute_id == member_id:
                raise ValidationError(
                    "A person cannot be a substitute for themselves.", field="person_id"
                )
            earlier = substitute_of(s, meeting.id, member_id)
            if earlier is not None and earlier.person_id == substitute_id:
                return attendance_records(s, meeting, [earlier])[0]
            if attendance_row(s, meeting.id, substitute_id) is not None:
                raise ConflictError(
                    f"{substitute_name} is already on the attendance list.", field="person_id"
                )
            if earlier is not None:
                earlier.deleted = True
            if member.status != "apologies":
                member.status = "apologies"
            row = Attendance(
                meeting_id=meeting.id,
                person_id=substitute_id,
                status="substitute",
                substitute_for_id=member_id,
                capacity=member.capacity or "",
            )
            s.add(row)
            s.flush()
            return attendance_records(s, meeting, [row])[0]

    def add_in_attendance(
        self, meeting_id: str, person_id: str, capacity: str = ""
    ) -> AttendanceRecord:
        """An officer or guest at the meeting, in a capacity ("Clerk", "Head of SEN")."""
        role = optional_text(
            text_argument(capacity, "capacity"), "capacity", "the capacity", CAPACITY_MAX
        )
        with self._sf.begin() as s:
            meeting = live_meeting(s, meeting_id)
            check_editable(meeting, "its attendance")
            person = live_person(s, person_id)
            if attendance_row(s, meeting.id, person_id) is not None:
                raise ConflictError(
                    f"{person.full_name} is already on the attendance list.", field="person_id"
                )
            row = Attendance(
                meeting_id=meeting.id,
                person_id=person.id,
                status="in_attendance",
                capacity=role,
            )
            s.add(row)
            s.flush()
            return attendance_records(s, meeting, [row])[0]

    def remove_attendee(self, meeting_id: str, person_id: str) -> None:
        """Take a substitute, officer or guest off the list. Members stay on it: mark
        them apologies or absent instead. Removing a substitute leaves the member's
        apologies as they are."""
        with self._sf.begin() as s:
            meeting = live_meeting(s, meeting_id)
            check_editable(meeting, "its attendance")
            row = attendance_row(s, meeting.id, person_id)
            name = person_name(s, person_id)
            if row is None:
                raise NotFoundError(f"{name} is not on the attendance list of this meeting.")
            if row.status in MEMBER_STATUSES:
                raise ValidationError(
                    f"{name} is a member of the group and stays on the list; mark them "
                    "apologies or absent instead.",
                    field="person_id",
                )
            row.deleted = True

    def attendance_record(self, person_id: str) -> AttendanceTally:
        """How often a person was expected, present, sent apologies, was absent, or
        substituted, over meetings up to today that were not cancelled."""
        today = self._today()
        with self._sf() as s:
            live_person(s, person_id)
            rows = (
                s.execute(
                    select(Attendance.status)
                    .join(Meeting, Meeting.id == Attendance.meeting_id)
                    .where(
                        Attendance.person_id == person_id,
                        Attendance.deleted.is_(False),
                        Meeting.deleted.is_(False),
                        Meeting.status != "cancelled",
                        Meeting.date <= today,
                    )
                )
                .scalars()
                .all()
            )
        counts = {status: rows.count(status) for status in set(rows)}
        member = sum(counts.get(status, 0) for status in MEMBER_STATUSES)
        return AttendanceTally(
            person_id=person_id,
            expected=member,
            present=counts.get("present", 0),
            apologies=counts.get("apologies", 0),
            substitute=counts.get("substitute", 0),
            absent=counts.get("absent", 0),
        )
