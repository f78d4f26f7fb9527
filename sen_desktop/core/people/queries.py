"""Reading people and seats inside another service's session.

The people service and the services that show who sits where (groups, meetings and
their attendance, minutes, the action log) share these: who holds each seat on a day,
appointments as records with their names looked up in bulk, and a person's printed role.
Each takes the caller's open session, so it joins the caller's transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from sqlalchemy import or_, select

from sen_desktop.core.people.records import AppointmentView, PersonRecord, SeatView, person_role
from sen_desktop.core.store.models import Appointment, Group, Person, Seat
from sen_desktop.core.store.rows import live_row

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Sequence

    from sqlalchemy.orm import Session

PERSON_GONE: Final = "This person is no longer in the list; they may have been deleted."
SEAT_GONE: Final = "This seat no longer exists; it may have been removed."


def person_record(person: Person) -> PersonRecord:
    return PersonRecord(
        id=person.id,
        full_name=person.full_name,
        job_title=person.job_title or "",
        organisation=person.organisation or "",
        email=person.email or "",
        phone=person.phone or "",
        notes=person.notes or "",
    )


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
    seat = live_row(s, Seat, seat_id, SEAT_GONE)
    return seat, live_row(s, Group, seat.group_id, SEAT_GONE)
