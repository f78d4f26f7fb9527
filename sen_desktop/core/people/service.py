"""People and their appointments to seats.

Every method opens one short transaction, validates everything before writing, and
returns frozen records (core/people/records.py); a refused change leaves nothing behind.
The queries other services share (who holds a seat on a day …) are in
core/people/queries.py.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import or_, select

from sen_desktop.core.errors import ConflictError, NotFoundError, ValidationError
from sen_desktop.core.people.queries import (
    PERSON_GONE,
    appointment_views,
    holders_on,
    live_seat,
    person_record,
    seat_view,
)
from sen_desktop.core.people.records import (
    PERSON_FIELDS,
    AppointmentView,
    PersonRecord,
    SeatView,
)
from sen_desktop.core.store.models import Appointment, Group, Person, Seat
from sen_desktop.core.store.rows import live_row
from sen_desktop.core.validation import (
    check_date,
    check_date_order,
    check_email,
    check_phone,
    clean_line,
    clean_text,
    optional_text,
    require_text,
    uk_date,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import Session, sessionmaker

APPOINTMENT_GONE = "This appointment no longer exists; it may have been removed."


def _clean_person_field(name: str, value: str) -> str:
    if not isinstance(value, str):
        raise ValidationError("Enter text here.", field=name)
    if name == "full_name":
        return require_text(value, name, "the person's full name", 200)
    if name == "job_title":
        return optional_text(value, name, "the job title", 200)
    if name == "organisation":
        return optional_text(value, name, "the organisation", 200)
    if name == "email":
        return check_email(value, name)
    if name == "phone":
        return check_phone(value, name)
    if name == "notes":
        return clean_text(value).strip()
    raise TypeError(f"a person has no field {name!r}")


def _overlaps(
    a_start: dt.date, a_end: dt.date | None, b_start: dt.date, b_end: dt.date | None
) -> bool:
    # Both ends are inclusive: an appointment ending on 31 August and one starting
    # on 1 September do not overlap; two on the same day do.
    return a_start <= (b_end or dt.date.max) and b_start <= (a_end or dt.date.max)


# --- the service ---------------------------------------------------------------------


class PeopleService:
    """People, and who sits in which seat when."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self._sf = session_factory
        self._today = today

    # people

    def list_people(self, query: str = "") -> list[PersonRecord]:
        """People not deleted, by name; ``query`` filters on name or organisation,
        ignoring case (in any script, which SQLite's LIKE would not)."""
        needle = clean_line(query).casefold()
        with self._sf() as s:
            people = s.scalars(select(Person).where(Person.deleted.is_(False))).all()
            found = [
                person_record(p)
                for p in people
                if needle in p.full_name.casefold() or needle in (p.organisation or "").casefold()
            ]
        return sorted(found, key=lambda p: (p.full_name.casefold(), p.id))

    def get(self, person_id: str) -> PersonRecord:
        with self._sf() as s:
            return person_record(live_row(s, Person, person_id, PERSON_GONE))

    def create(
        self,
        full_name: str,
        job_title: str = "",
        organisation: str = "",
        email: str = "",
        phone: str = "",
        notes: str = "",
    ) -> PersonRecord:
        values = {
            name: _clean_person_field(name, value)
            for name, value in (
                ("full_name", full_name),
                ("job_title", job_title),
                ("organisation", organisation),
                ("email", email),
                ("phone", phone),
                ("notes", notes),
            )
        }
        with self._sf.begin() as s:
            person = Person(**values)
            s.add(person)
            s.flush()
            return person_record(person)

    def update(self, person_id: str, **fields: str) -> PersonRecord:
        """Change some of a person's details; fields not given stay as they are."""
        for name in fields:
            if name not in PERSON_FIELDS:
                raise TypeError(f"a person has no field {name!r}")
        values = {name: _clean_person_field(name, value) for name, value in fields.items()}
        with self._sf.begin() as s:
            person = live_row(s, Person, person_id, PERSON_GONE)
            for name, value in values.items():
                # Only real changes are written, so the operation log is not padded
                # with edits that changed nothing.
                if getattr(person, name) != value:
                    setattr(person, name, value)
            s.flush()
            return person_record(person)

    def delete(self, person_id: str) -> None:
        """Tombstone a person. Refused while they hold a current or future seat."""
        today = self._today()
        with self._sf.begin() as s:
            person = live_row(s, Person, person_id, PERSON_GONE)
            live = s.scalars(
                select(Appointment)
                .where(
                    Appointment.person_id == person_id,
                    Appointment.deleted.is_(False),
                    or_(Appointment.end_date.is_(None), Appointment.end_date >= today),
                )
                .order_by(Appointment.start_date)
            ).all()
            if live:
                view = appointment_views(s, live[:1])[0]
                raise ConflictError(
                    f"{person.full_name} still sits on {view.group_name} as "
                    f"{view.seat_title}; end that appointment before deleting them."
                )
            person.deleted = True

    def restore(self, person_id: str) -> PersonRecord:
        """Undo a delete: bring a tombstoned person back."""
        with self._sf.begin() as s:
            person = s.get(Person, person_id)
            if person is None:
                raise NotFoundError("This person is not in the programme.")
            if person.deleted:
                person.deleted = False
            return person_record(person)

    # appointments

    def appoint(
        self,
        seat_id: str,
        person_id: str,
        start_date: dt.date,
        end_date: dt.date | None = None,
        meets_seat_rule: bool = False,
        substitute_for_id: str | None = None,
    ) -> AppointmentView:
        start = check_date(start_date, "start_date", "the start date")
        end = None if end_date is None else check_date(end_date, "end_date", "the end date")
        check_date_order(start, end)
        with self._sf.begin() as s:
            seat, group = live_seat(s, seat_id)
            person = live_row(s, Person, person_id, PERSON_GONE)
            if substitute_for_id is not None:
                if substitute_for_id == person_id:
                    raise ValidationError(
                        "A person cannot be a substitute for themselves.",
                        field="substitute_for_id",
                    )
                live_row(s, Person, substitute_for_id, PERSON_GONE)
            appt = Appointment(
                seat_id=seat.id,
                person_id=person.id,
                start_date=start,
                end_date=end,
                meets_seat_rule=bool(meets_seat_rule),
                substitute_for_id=substitute_for_id,
            )
            self._check_clashes(s, appt, seat, group, person)
            s.add(appt)
            s.flush()
            return appointment_views(s, [appt])[0]

    def end_appointment(self, appointment_id: str, end_date: dt.date) -> AppointmentView:
        """Set (or change) the last day of an appointment."""
        end = check_date(end_date, "end_date", "the end date")
        with self._sf.begin() as s:
            appt = live_row(s, Appointment, appointment_id, APPOINTMENT_GONE)
            check_date_order(appt.start_date, end)
            seat, group = live_seat(s, appt.seat_id)
            person = live_row(s, Person, appt.person_id, PERSON_GONE)
            if end != appt.end_date:
                # Moving an end date later can run into the next holder.
                self._check_clashes(s, appt, seat, group, person, end=end)
                appt.end_date = end
            s.flush()
            return appointment_views(s, [appt])[0]

    def delete_appointment(self, appointment_id: str) -> None:
        """Tombstone an appointment made in error (undo of ``appoint``)."""
        with self._sf.begin() as s:
            live_row(s, Appointment, appointment_id, APPOINTMENT_GONE).deleted = True

    def appointments_for_person(self, person_id: str) -> list[AppointmentView]:
        """A person's appointments, earliest first (deleted seats and groups left out)."""
        with self._sf() as s:
            live_row(s, Person, person_id, PERSON_GONE)
            appts = s.scalars(
                select(Appointment)
                .join(Seat, Seat.id == Appointment.seat_id)
                .join(Group, Group.id == Seat.group_id)
                .where(
                    Appointment.person_id == person_id,
                    Appointment.deleted.is_(False),
                    Seat.deleted.is_(False),
                    Group.deleted.is_(False),
                )
                .order_by(Appointment.start_date, Group.position, Seat.position, Appointment.id)
            ).all()
            return appointment_views(s, appts)

    # seats

    def set_seat_role(self, seat_id: str, is_chair: bool, is_vice_chair: bool) -> SeatView:
        """Mark a seat as the group's chair or vice-chair (one of each per group)."""
        if is_chair and is_vice_chair:
            raise ValidationError(
                "A seat can be the chair or the vice-chair, not both.", field="is_vice_chair"
            )
        with self._sf.begin() as s:
            seat, group = live_seat(s, seat_id)
            others = s.scalars(
                select(Seat)
                .where(Seat.group_id == group.id, Seat.deleted.is_(False), Seat.id != seat.id)
                .order_by(Seat.position)
            ).all()
            for flag, wanted, word in (
                ("is_chair", is_chair, "a chair"),
                ("is_vice_chair", is_vice_chair, "a vice-chair"),
            ):
                taken = next((o for o in others if getattr(o, flag)), None)
                if wanted and taken is not None:
                    raise ConflictError(
                        f"{group.name} already has {word}: {taken.title}.", field=flag
                    )
            if bool(seat.is_chair) != is_chair:
                seat.is_chair = is_chair
            if bool(seat.is_vice_chair) != is_vice_chair:
                seat.is_vice_chair = is_vice_chair
            s.flush()
            holder = holders_on(s, self._today(), [seat.id]).get(seat.id)
            return seat_view(seat, appointment_views(s, [holder])[0] if holder else None)

    # helpers

    @staticmethod
    def _check_clashes(
        s: Session,
        appt: Appointment,
        seat: Seat,
        group: Group,
        person: Person,
        end: dt.date | None = None,
    ) -> None:
        """Refuse a seat held twice at once, or a person sitting twice on one group.

        A substitute shares the seat with the person they stand in for, so only
        substantive appointments compete for the seat itself.
        """
        start = appt.start_date
        end = appt.end_date if end is None else end
        if appt.substitute_for_id is None:
            rivals = s.scalars(
                select(Appointment)
                .join(Person, Person.id == Appointment.person_id)
                .where(
                    Appointment.seat_id == seat.id,
                    Appointment.deleted.is_(False),
                    Appointment.substitute_for_id.is_(None),
                    Person.deleted.is_(False),
                )
                .order_by(Appointment.start_date)
            ).all()
            for other in rivals:
                if other.id != appt.id and _overlaps(start, end, other.start_date, other.end_date):
                    name = s.get(Person, other.person_id)
                    who = name.full_name if name else "someone"
                    if other.end_date is None:
                        message = (
                            f"{seat.title} is already held by {who} from "
                            f"{uk_date(other.start_date)}; end that appointment first."
                        )
                    else:
                        message = (
                            f"{seat.title} is already held by {who} from "
                            f"{uk_date(other.start_date)} to {uk_date(other.end_date)}; "
                            "choose dates that do not overlap."
                        )
                    raise ConflictError(message, field="start_date")
        mine = s.scalars(
            select(Appointment)
            .join(Seat, Seat.id == Appointment.seat_id)
            .where(
                Appointment.person_id == person.id,
                Appointment.deleted.is_(False),
                Seat.group_id == group.id,
                Seat.deleted.is_(False),
            )
            .order_by(Appointment.start_date)
        ).all()
        for other in mine:
            if other.id != appt.id and _overlaps(start, end, other.start_date, other.end_date):
                held = s.get(Seat, other.seat_id)
                title = held.title if held else "another seat"
                raise ConflictError(
                    f"{person.full_name} already sits on {group.name} as {title}.",
                    field="person_id",
                )

