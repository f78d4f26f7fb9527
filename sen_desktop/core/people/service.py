"""People and their appointments to seats.

Every method opens one short transaction, validates everything before writing, and
returns frozen records; a refused change leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Final

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from sen_desktop.core.errors import ConflictError, NotFoundError, ValidationError
from sen_desktop.core.records import AppointmentView, PersonRecord, SeatView
from sen_desktop.core.store.models import Appointment, Group, Person, Seat
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

PERSON_FIELDS: Final = ("full_name", "job_title", "organisation", "email", "phone", "notes")


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


def _person_record(person: Person) -> PersonRecord:
    return PersonRecord(
        id=person.id,
        full_name=person.full_name,
        job_title=person.job_title or "",
        organisation=person.organisation or "",
        email=person.email or "",
        phone=person.phone or "",
        notes=person.notes or "",
    )


# --- how a person's role is printed ------------------------------------------------------
#
# A seat keeps the Project Plan's wording as its title ("Secondary School Head (academy
# or maintained)"): it is what the plan constitutes. A person at a meeting is shown by
# name and role, as council minutes print them ("Head of Special School, Foreland
# Fields"; FORMATS.md, "Minutes"): their job title, then their organisation unless it is
# the authority itself. Someone with no job title recorded falls back to the seat's
# title without the plan's bracketed qualifier.

_QUALIFIER: Final = re.compile(r"\s*\([^()]*\)\s*$")


def short_capacity(seat_title: str) -> str:
    """A seat's title as a capacity: "Secondary School Head (academy or maintained)" →
    "Secondary School Head"."""
    title = " ".join(seat_title.split())
    shorter = _QUALIFIER.sub("", title)
    return shorter or title


def person_role(job_title: str, organisation: str, authority: str = "") -> str:
    """ "Headteacher, Meadowbank School"; "Senior Educational Psychologist" (an officer
    of the authority, so no organisation); "" when no job title is recorded."""
    job = " ".join(job_title.split())
    org = " ".join(organisation.split())
    if not job:
        return ""
    folded = org.casefold()
    if not org or folded == authority.strip().casefold() or folded in job.casefold():
        return job
    return f"{job}, {org}"


def person_roles(s: Session, ids: Iterable[str | None], authority: str = "") -> dict[str, str]:
    """``person_role`` of each of ``ids`` (those with a job title), in one query."""
    wanted = [i for i in set(ids) if i]
    if not wanted:
        return {}
    found: dict[str, str] = {}
    for person_id, job, org in s.execute(
        select(Person.id, Person.job_title, Person.organisation).where(Person.id.in_(wanted))
    ):
        role = person_role(job or "", org or "", authority)
        if role:
            found[person_id] = role
    return found


#: The Project Plan's words for the officer who leads each group's work, most specific
#: first: the Steering Group's "County SEN Manager – Project Lead", a working group's
#: "Head of SEN and Resources or County SEN Manager", and for the Parent/Carer Reference
#: Group the Parent Partnership Service (which supports parents in the programme).
LEAD_OFFICER_WORDS: Final = ("project lead", "county sen manager", "parent partnership")


def chair_seat(seats: Sequence[SeatView]) -> SeatView | None:
    """The group's chair seat (``Seat.is_chair``), if one is designated."""
    return next((seat for seat in seats if seat.is_chair), None)


def lead_officer_seat(seats: Sequence[SeatView]) -> SeatView | None:
    """The seat of the group's lead officer, as the Project Plan words it
    (``LEAD_OFFICER_WORDS``); never the chair's seat. None if the group has no such seat
    (a task and finish group's own seats, or seats renamed)."""
    for words in LEAD_OFFICER_WORDS:
        for seat in seats:
            if not seat.is_chair and words in seat.title.casefold():
                return seat
    return None


def _overlaps(
    a_start: dt.date, a_end: dt.date | None, b_start: dt.date, b_end: dt.date | None
) -> bool:
    # Both ends are inclusive: an appointment ending on 31 August and one starting
    # on 1 September do not overlap; two on the same day do.
    return a_start <= (b_end or dt.date.max) and b_start <= (a_end or dt.date.max)


# --- queries shared with the programme service ---------------------------------------


def holders_on(
    s: Session, on: dt.date, seat_ids: Iterable[str] | None = None
) -> dict[str, Appointment]:
    """The appointment filling each seat on a day (seats with nobody are absent).

    A substantive appointment wins over a substitute's; if sync has left two, the later
    start (then the id) wins, so every laptop shows the same holder.
    """
    query = (
        select(Appointment)
        .join(Person, Person.id == Appointment.person_id)
        .where(
            Appointment.deleted.is_(False),
            Person.deleted.is_(False),
            Appointment.start_date <= on,
            or_(Appointment.end_date.is_(None), Appointment.end_date >= on),
        )
    )
    if seat_ids is not None:
        query = query.where(Appointment.seat_id.in_(list(seat_ids)))
    best: dict[str, Appointment] = {}
    for appt in s.scalars(query):
        current = best.get(appt.seat_id)
        if current is None or _rank(appt) > _rank(current):
            best[appt.seat_id] = appt
    return best


def _rank(appt: Appointment) -> tuple[bool, dt.date, str]:
    return (appt.substitute_for_id is None, appt.start_date, appt.id)


def appointment_views(s: Session, appts: Sequence[Appointment]) -> list[AppointmentView]:
    """Records for appointments, with seat, group and person names looked up in bulk."""
    seats = {
        seat.id: seat
        for seat in s.scalars(select(Seat).where(Seat.id.in_(list({a.seat_id for a in appts}))))
    }
    groups = {
        group.id: group
        for group in s.scalars(
            select(Group).where(Group.id.in_(list({seat.group_id for seat in seats.values()})))
        )
    }
    # Unpacked row by row: dict(result) would take the Result for a mapping.
    names = {
        person_id: name
        for person_id, name in s.execute(
            select(Person.id, Person.full_name).where(
                Person.id.in_(list({a.person_id for a in appts}))
            )
        )
    }
    views = []
    for appt in appts:
        seat = seats[appt.seat_id]
        views.append(
            AppointmentView(
                id=appt.id,
                seat_id=seat.id,
                seat_title=seat.title,
                group_id=seat.group_id,
                group_name=groups[seat.group_id].name,
                person_id=appt.person_id,
                person_name=names[appt.person_id],
                start_date=appt.start_date,
                end_date=appt.end_date,
                meets_seat_rule=bool(appt.meets_seat_rule),
                substitute_for_id=appt.substitute_for_id,
            )
        )
    return views


def seat_view(seat: Seat, holder: AppointmentView | None) -> SeatView:
    return SeatView(
        id=seat.id,
        position=seat.position,
        title=seat.title,
        is_chair=bool(seat.is_chair),
        is_vice_chair=bool(seat.is_vice_chair),
        rule_applies=bool(seat.rule_applies),
        holder=holder,
    )


def live_seat(s: Session, seat_id: str) -> tuple[Seat, Group]:
    """A seat that exists, with its group; both must not be deleted."""
    seat = s.get(Seat, seat_id)
    group = s.get(Group, seat.group_id) if seat is not None else None
    if seat is None or seat.deleted or group is None or group.deleted:
        raise NotFoundError("This seat no longer exists; it may have been removed.")
    return seat, group


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
                _person_record(p)
                for p in people
                if needle in p.full_name.casefold() or needle in (p.organisation or "").casefold()
            ]
        return sorted(found, key=lambda p: (p.full_name.casefold(), p.id))

    def get(self, person_id: str) -> PersonRecord:
        with self._sf() as s:
            return _person_record(self._live_person(s, person_id))

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
            return _person_record(person)

    def update(self, person_id: str, **fields: str) -> PersonRecord:
        """Change some of a person's details; fields not given stay as they are."""
        for name in fields:
            if name not in PERSON_FIELDS:
                raise TypeError(f"a person has no field {name!r}")
        values = {name: _clean_person_field(name, value) for name, value in fields.items()}
        with self._sf.begin() as s:
            person = self._live_person(s, person_id)
            for name, value in values.items():
                # Only real changes are written, so the operation log is not padded
                # with edits that changed nothing.
                if getattr(person, name) != value:
                    setattr(person, name, value)
            s.flush()
            return _person_record(person)

    def delete(self, person_id: str) -> None:
        """Tombstone a person. Refused while they hold a current or future seat."""
        today = self._today()
        with self._sf.begin() as s:
            person = self._live_person(s, person_id)
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
            return _person_record(person)

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
            person = self._live_person(s, person_id)
            if substitute_for_id is not None:
                if substitute_for_id == person_id:
                    raise ValidationError(
                        "A person cannot be a substitute for themselves.",
                        field="substitute_for_id",
                    )
                self._live_person(s, substitute_for_id)
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
            appt = self._live_appointment(s, appointment_id)
            check_date_order(appt.start_date, end)
            seat, group = live_seat(s, appt.seat_id)
            person = self._live_person(s, appt.person_id)
            if end != appt.end_date:
                # Moving an end date later can run into the next holder.
                self._check_clashes(s, appt, seat, group, person, end=end)
                appt.end_date = end
            s.flush()
            return appointment_views(s, [appt])[0]

    def delete_appointment(self, appointment_id: str) -> None:
        """Tombstone an appointment made in error (undo of ``appoint``)."""
        with self._sf.begin() as s:
            self._live_appointment(s, appointment_id).deleted = True

    def appointments_for_person(self, person_id: str) -> list[AppointmentView]:
        """A person's appointments, earliest first (deleted seats and groups left out)."""
        with self._sf() as s:
            self._live_person(s, person_id)
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
    def _live_person(s: Session, person_id: str) -> Person:
        person = s.get(Person, person_id)
        if person is None or person.deleted:
            raise NotFoundError("This person is no longer in the list; they may have been deleted.")
        return person

    @staticmethod
    def _live_appointment(s: Session, appointment_id: str) -> Appointment:
        appt = s.get(Appointment, appointment_id)
        if appt is None or appt.deleted:
            raise NotFoundError("This appointment no longer exists; it may have been removed.")
        return appt

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
