"""People and appointments: what a secretary may and may not do, and nothing half-saved."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import func, select

from sen_desktop.core.errors import ConflictError, NotFoundError, ValidationError
from sen_desktop.core.people.records import (
    SeatView,
    chair_seat,
    lead_officer_seat,
    person_role,
    short_capacity,
)
from sen_desktop.core.people.service import PeopleService
from sen_desktop.core.programme import data as plan
from sen_desktop.core.store.models import Appointment, Group, Operation, Person, Seat

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker
    from store_helpers import Store

TODAY = dt.date(2010, 10, 1)
SEPT = dt.date(2010, 9, 1)


@pytest.fixture
def session_factory(empty_store: Store) -> sessionmaker[Session]:
    """A database with no programme: each test builds the groups it needs."""
    return empty_store.session_factory


def add_group(
    sf: sessionmaker[Session], name: str, seats: list[str], position: int = 1
) -> tuple[str, list[str]]:
    """A group with seats, the first being the chair; returns (group id, seat ids)."""
    with sf.begin() as s:
        group = Group(code=name[:4].upper(), name=name, kind="working", position=position)
        s.add(group)
        s.flush()
        rows = [
            Seat(group_id=group.id, position=n, title=title, is_chair=n == 1)
            for n, title in enumerate(seats, start=1)
        ]
        s.add_all(rows)
        s.flush()
        return group.id, [r.id for r in rows]


@pytest.fixture
def people(session_factory: sessionmaker[Session]) -> PeopleService:
    return PeopleService(session_factory, today=lambda: TODAY)


@pytest.fixture
def besd(session_factory: sessionmaker[Session]) -> tuple[str, list[str]]:
    return add_group(
        session_factory,
        "BESD Working Group",
        ["Head of Special School (Chair)", "Head of Special School", "Head of Primary School"],
    )


def count(sf: sessionmaker[Session], model: Any) -> int:
    with sf() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


# --- people ----------------------------------------------------------------------------


def test_create_get_update_and_list(people: PeopleService) -> None:
    jane = people.create(
        "  Jane Smith ",
        job_title="Head Teacher",
        organisation="Oakfield School",
        email="jane.smith@oakfield.kent.sch.uk",
        phone="01622 694000",
        notes="Prefers\x0bmornings\r\n",
    )
    assert jane.full_name == "Jane Smith"
    assert jane.notes == "Prefers\nmornings"
    assert people.get(jane.id) == jane
    alan = people.create("alan Brown", organisation="Kent County Council")
    people.create("Zoë Ñúñez")
    assert [p.full_name for p in people.list_people()] == ["alan Brown", "Jane Smith", "Zoë Ñúñez"]
    assert [p.full_name for p in people.list_people("OAKFIELD")] == ["Jane Smith"]
    assert [p.full_name for p in people.list_people("kent county")] == ["alan Brown"]
    assert [p.full_name for p in people.list_people("ZOË")] == ["Zoë Ñúñez"]
    changed = people.update(alan.id, job_title="SEN Manager", email="")
    assert changed.job_title == "SEN Manager"
    assert changed.organisation == "Kent County Council"
    assert people.get(alan.id) == changed


def test_create_refuses_bad_input_and_saves_nothing(
    people: PeopleService, session_factory: sessionmaker[Session]
) -> None:
    with pytest.raises(ValidationError) as caught:
        people.create("   ")
    assert (caught.value.message, caught.value.field) == (
        "Enter the person's full name.",
        "full_name",
    )
    with pytest.raises(ValidationError) as caught:
        people.create("Jane Smith", email="jane.smith@kent")
    assert caught.value.message == "Enter an email address like name@kent.gov.uk."
    assert caught.value.field == "email"
    with pytest.raises(ValidationError) as caught:
        people.create("Jane Smith", phone="ring the office")
    assert caught.value.field == "phone"
    assert count(session_factory, Person) == 0
    assert count(session_factory, Operation) == 0


def test_update_refuses_bad_email_and_keeps_the_old_values(people: PeopleService) -> None:
    jane = people.create("Jane Smith", email="jane@kent.gov.uk")
    with pytest.raises(ValidationError) as caught:
        people.update(jane.id, full_name="Jane Jones", email="not an email")
    assert caught.value.field == "email"
    assert people.get(jane.id) == jane
    with pytest.raises(TypeError):
        people.update(jane.id, shoe_size="9")


def test_update_without_change_writes_no_operation(
    people: PeopleService, session_factory: sessionmaker[Session]
) -> None:
    jane = people.create("Jane Smith", email="jane@kent.gov.uk")
    before = count(session_factory, Operation)
    people.update(jane.id, full_name="Jane Smith ", email="jane@kent.gov.uk")
    assert count(session_factory, Operation) == before
    people.update(jane.id, phone="03000 416111")
    assert count(session_factory, Operation) == before + 1


def test_delete_tombstones_and_hides(
    people: PeopleService, session_factory: sessionmaker[Session]
) -> None:
    jane = people.create("Jane Smith")
    people.delete(jane.id)
    assert people.list_people() == []
    with pytest.raises(NotFoundError):
        people.get(jane.id)
    with session_factory() as s:
        row = s.get(Person, jane.id)
        assert row is not None and row.deleted
    assert people.restore(jane.id) == jane
    assert people.list_people() == [jane]


def test_unknown_person_is_not_found(people: PeopleService) -> None:
    with pytest.raises(NotFoundError) as caught:
        people.get("00000000-0000-0000-0000-00000000abcd")
    assert "no longer in the list" in caught.value.message
    with pytest.raises(NotFoundError):
        people.update("nope", full_name="X")


# --- appointments ----------------------------------------------------------------------


def test_appoint_and_end(people: PeopleService, besd: tuple[str, list[str]]) -> None:
    group_id, seats = besd
    jane = people.create("Jane Smith")
    view = people.appoint(seats[1], jane.id, SEPT, meets_seat_rule=True)
    assert view.seat_title == "Head of Special School"
    assert view.group_id == group_id
    assert view.group_name == "BESD Working Group"
    assert view.person_name == "Jane Smith"
    assert (view.start_date, view.end_date, view.meets_seat_rule) == (SEPT, None, True)
    ended = people.end_appointment(view.id, dt.date(2011, 8, 31))
    assert ended.end_date == dt.date(2011, 8, 31)
    assert people.appointments_for_person(jane.id) == [ended]


def test_appoint_refuses_end_before_start(
    people: PeopleService, besd: tuple[str, list[str]], session_factory: sessionmaker[Session]
) -> None:
    jane = people.create("Jane Smith")
    with pytest.raises(ValidationError) as caught:
        people.appoint(besd[1][1], jane.id, SEPT, end_date=dt.date(2010, 8, 31))
    assert caught.value.message == "The end date must be on or after the start date."
    assert caught.value.field == "end_date"
    assert count(session_factory, Appointment) == 0


def test_appoint_refuses_unknown_or_deleted_seat_and_person(
    people: PeopleService, besd: tuple[str, list[str]], session_factory: sessionmaker[Session]
) -> None:
    jane = people.create("Jane Smith")
    with pytest.raises(NotFoundError) as caught:
        people.appoint("no-such-seat", jane.id, SEPT)
    assert "seat no longer exists" in caught.value.message
    with pytest.raises(NotFoundError):
        people.appoint(besd[1][1], "no-such-person", SEPT)
    with session_factory.begin() as s:
        seat = s.get(Seat, besd[1][2])
        assert seat is not None
        seat.deleted = True
    with pytest.raises(NotFoundError):
        people.appoint(besd[1][2], jane.id, SEPT)
    people.delete(jane.id)
    with pytest.raises(NotFoundError):
        people.appoint(besd[1][1], jane.id, SEPT)
    assert count(session_factory, Appointment) == 0


def test_seat_already_held(people: PeopleService, besd: tuple[str, list[str]]) -> None:
    seat = besd[1][1]
    jane = people.create("Jane Smith")
    alan = people.create("Alan Brown")
    first = people.appoint(seat, jane.id, SEPT)
    with pytest.raises(ConflictError) as caught:
        people.appoint(seat, alan.id, dt.date(2011, 1, 10))
    assert caught.value.message == (
        "Head of Special School is already held by Jane Smith from 1 September 2010; "
        "end that appointment first."
    )
    assert caught.value.field == "start_date"
    people.end_appointment(first.id, dt.date(2010, 12, 31))
    with pytest.raises(ConflictError) as caught:
        people.appoint(seat, alan.id, dt.date(2010, 12, 31))
    assert "from 1 September 2010 to 31 December 2010" in caught.value.message
    after = people.appoint(seat, alan.id, dt.date(2011, 1, 1))
    # Moving Jane's end date past Alan's start would seat two people at once.
    with pytest.raises(ConflictError):
        people.end_appointment(first.id, dt.date(2011, 2, 1))
    assert [a.id for a in people.appointments_for_person(alan.id)] == [after.id]


def test_person_already_sits_on_the_group(
    people: PeopleService, besd: tuple[str, list[str]], session_factory: sessionmaker[Session]
) -> None:
    jane = people.create("Jane Smith")
    people.appoint(besd[1][1], jane.id, SEPT)
    with pytest.raises(ConflictError) as caught:
        people.appoint(besd[1][2], jane.id, dt.date(2011, 1, 1))
    assert caught.value.message == (
        "Jane Smith already sits on BESD Working Group as Head of Special School."
    )
    assert caught.value.field == "person_id"
    # Another group is fine.
    _, other_seats = add_group(session_factory, "ASD/SLCN Working Group", ["Chair"], 2)
    people.appoint(other_seats[0], jane.id, SEPT)
    assert len(people.appointments_for_person(jane.id)) == 2


def test_substitute_shares_the_seat(people: PeopleService, besd: tuple[str, list[str]]) -> None:
    seat = besd[1][0]
    jane = people.create("Jane Smith")
    alan = people.create("Alan Brown")
    people.appoint(seat, jane.id, SEPT)
    sub = people.appoint(seat, alan.id, SEPT, substitute_for_id=jane.id)
    assert sub.substitute_for_id == jane.id
    with pytest.raises(ValidationError) as caught:
        people.appoint(besd[1][1], alan.id, SEPT, substitute_for_id=alan.id)
    assert caught.value.field == "substitute_for_id"


def test_delete_refused_while_sitting(people: PeopleService, besd: tuple[str, list[str]]) -> None:
    jane = people.create("Jane Smith")
    view = people.appoint(besd[1][1], jane.id, SEPT)
    with pytest.raises(ConflictError) as caught:
        people.delete(jane.id)
    assert caught.value.message == (
        "Jane Smith still sits on BESD Working Group as Head of Special School; "
        "end that appointment before deleting them."
    )
    people.end_appointment(view.id, dt.date(2010, 9, 30))  # before TODAY
    people.delete(jane.id)
    assert people.list_people() == []


def test_delete_appointment(people: PeopleService, besd: tuple[str, list[str]]) -> None:
    jane = people.create("Jane Smith")
    view = people.appoint(besd[1][1], jane.id, SEPT)
    people.delete_appointment(view.id)
    assert people.appointments_for_person(jane.id) == []
    with pytest.raises(NotFoundError):
        people.end_appointment(view.id, dt.date(2011, 1, 1))


# --- seat roles ------------------------------------------------------------------------


def test_second_chair_is_refused(people: PeopleService, besd: tuple[str, list[str]]) -> None:
    _, seats = besd
    with pytest.raises(ConflictError) as caught:
        people.set_seat_role(seats[1], is_chair=True, is_vice_chair=False)
    assert caught.value.message == (
        "BESD Working Group already has a chair: Head of Special School (Chair)."
    )
    assert caught.value.field == "is_chair"
    vice = people.set_seat_role(seats[1], is_chair=False, is_vice_chair=True)
    assert vice.is_vice_chair and not vice.is_chair
    with pytest.raises(ConflictError) as caught:
        people.set_seat_role(seats[2], is_chair=False, is_vice_chair=True)
    assert caught.value.field == "is_vice_chair"
    assert "already has a vice-chair: Head of Special School." in caught.value.message
    # Moving the chair: clear the old one, then mark the new.
    people.set_seat_role(seats[0], is_chair=False, is_vice_chair=False)
    moved = people.set_seat_role(seats[2], is_chair=True, is_vice_chair=False)
    assert moved.is_chair


def test_seat_cannot_be_chair_and_vice_chair(
    people: PeopleService, besd: tuple[str, list[str]]
) -> None:
    with pytest.raises(ValidationError) as caught:
        people.set_seat_role(besd[1][0], is_chair=True, is_vice_chair=True)
    assert caught.value.field == "is_vice_chair"


def test_set_seat_role_shows_the_holder(people: PeopleService, besd: tuple[str, list[str]]) -> None:
    jane = people.create("Jane Smith")
    people.appoint(besd[1][0], jane.id, SEPT)
    view = people.set_seat_role(besd[1][0], is_chair=True, is_vice_chair=False)
    assert view.holder is not None and view.holder.person_name == "Jane Smith"


def test_roles_chairs_and_lead_officers_from_the_plans_wording() -> None:
    def seats(group: plan.GroupData) -> list[SeatView]:
        return [
            SeatView(str(n), n, s.title, s.is_chair, False, s.rule_applies, None)
            for n, s in enumerate(group.seats, start=1)
        ]

    # Every group of the plan has a lead officer's seat; the chair's is flagged.
    leads = {g.code: lead_officer_seat(seats(g)) for g in plan.GROUPS}
    assert {code: seat.title for code, seat in leads.items() if seat is not None} == {
        "SG": "County SEN Manager – Project Lead",
        "BESD": "Head of SEN and Resources or County SEN Manager",
        "CL": "Head of SEN and Resources or County SEN Manager",
        "PD": "Head of SEN and Resources or County SEN Manager",
        "ASD": "Head of SEN and Resources or County SEN Manager",
        "PCRG": "Parent Partnership Services representative",
    }
    steering = chair_seat(seats(plan.STEERING_GROUP))
    assert steering is not None
    assert steering.title == "Director of Specialist Children’s Services"
    # A person is shown by their own role; the seat keeps the plan's words.
    assert short_capacity("Secondary School Head (academy or maintained)") == (
        "Secondary School Head"
    )
    assert short_capacity("EP representative") == "EP representative"
    assert person_role("Headteacher", "Foreland Fields School", "Kent County Council") == (
        "Headteacher, Foreland Fields School"
    )
    assert person_role("Senior Educational Psychologist", "Kent County Council",
                       "Kent County Council") == "Senior Educational Psychologist"
    assert person_role("", "Foreland Fields School") == ""
