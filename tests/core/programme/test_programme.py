"""The programme service: groups, a group's page on a given day, milestones, settings."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import func, select

from sen_desktop.core.errors import NotFoundError, ValidationError
from sen_desktop.core.people.service import PeopleService
from sen_desktop.core.plan.service import MilestoneService
from sen_desktop.core.programme.seed import group_id, seed_into_session
from sen_desktop.core.programme.service import ProgrammeService, default_quorum
from sen_desktop.core.store.models import (
    Group,
    Milestone,
    Operation,
    ProgrammeSection,
    RemitItem,
    Seat,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker
    from store_helpers import Store

TODAY = dt.date(2010, 10, 1)
SEPT = dt.date(2010, 9, 1)


@pytest.fixture
def session_factory(empty_store: Store) -> sessionmaker[Session]:
    """A migrated database with no rows: each test builds the programme it needs."""
    return empty_store.session_factory


@pytest.fixture
def programme(session_factory: sessionmaker[Session]) -> ProgrammeService:
    return ProgrammeService(session_factory, today=lambda: TODAY)


@pytest.fixture
def people(session_factory: sessionmaker[Session]) -> PeopleService:
    return PeopleService(session_factory, today=lambda: TODAY)


@pytest.fixture
def small(session_factory: sessionmaker[Session]) -> dict[str, Any]:
    """Two groups, the second reporting to the first, with remit, seats and milestones."""
    with session_factory.begin() as s:
        steering = Group(code="SG", name="Steering Group", kind="steering", position=1, quorum=5)
        working = Group(
            code="BESD",
            name="BESD Working Group",
            kind="working",
            dimension="BESD",
            position=2,
            seat_rule="preferably at least one from a school with a unit",
        )
        s.add_all([working, steering])  # added out of order: position decides
        s.flush()
        working.reports_to_id = steering.id
        s.add_all(
            [
                RemitItem(group_id=working.id, position=2, text="Second point"),
                RemitItem(group_id=working.id, position=1, text="First point"),
            ]
        )
        seats = [
            Seat(group_id=working.id, position=n, title=title, rule_applies=rule)
            for n, title, rule in (
                (2, "Head of Special School*", True),
                (1, "Head of Special School (Chair)", False),
                (3, "Head of Primary School*", True),
                (4, "Educational Psychologist", False),
            )
        ]
        s.add_all(seats)
        s.add(Seat(group_id=steering.id, position=1, title="Director (Chair)", is_chair=True))
        s.add_all(
            [
                Milestone(
                    position=2,
                    period="November 2010 – March 2011",
                    period_start=dt.date(2010, 11, 1),
                    period_end=dt.date(2011, 3, 31),
                    action="Prepare proposals",
                    owner_group_id=None,
                ),
                Milestone(
                    position=1,
                    period="End July 2010",
                    period_start=dt.date(2010, 7, 1),
                    period_end=dt.date(2010, 7, 31),
                    action="Constitute Strategy Group and sub-groups",
                    owner_group_id=steering.id,
                ),
            ]
        )
        s.add_all(
            [
                ProgrammeSection(key="principles", title="Principles", position=2, body="…"),
                ProgrammeSection(key="purpose", title="Purpose", position=1, body="It is …"),
            ]
        )
        s.flush()
        by_title = {seat.title: seat.id for seat in seats}
        return {"steering": steering.id, "working": working.id, "seats": by_title}


def test_list_groups_in_position_order_with_counts(
    programme: ProgrammeService, people: PeopleService, small: dict[str, Any]
) -> None:
    jane = people.create("Jane Smith")
    alan = people.create("Alan Brown")
    people.appoint(small["seats"]["Head of Special School*"], jane.id, SEPT)
    # Starts after today: not yet filling the seat.
    people.appoint(small["seats"]["Head of Primary School*"], alan.id, dt.date(2011, 1, 1))
    groups = programme.list_groups()
    assert [g.code for g in groups] == ["SG", "BESD"]
    assert (groups[0].seat_count, groups[0].filled_count) == (1, 0)
    assert (groups[1].seat_count, groups[1].filled_count) == (4, 1)
    assert groups[1].dimension == "BESD" and groups[1].kind == "working"


def test_group_detail(programme: ProgrammeService, small: dict[str, Any]) -> None:
    detail = programme.group(small["working"])
    assert detail.name == "BESD Working Group"
    assert [r.text for r in detail.remit] == ["First point", "Second point"]
    assert [r.position for r in detail.remit] == [1, 2]
    assert [s.title for s in detail.seats][:2] == [
        "Head of Special School (Chair)",
        "Head of Special School*",
    ]
    assert all(s.holder is None for s in detail.seats)
    assert detail.reports_to_id == small["steering"]
    assert detail.reports_to_name == "Steering Group"
    assert detail.quorum == 2  # no stored rule: a third of 4 seats, rounded up
    assert detail.seat_rule_met is False
    steering = programme.group(small["steering"])
    assert steering.quorum == 5
    assert steering.seat_rule is None and steering.seat_rule_met is None
    assert steering.seats[0].is_chair


def test_default_quorum() -> None:
    assert [default_quorum(n) for n in (0, 1, 3, 4, 11, 15)] == [0, 1, 1, 2, 4, 5]


def test_seat_rule_and_holders_on_a_day(
    programme: ProgrammeService, people: PeopleService, small: dict[str, Any]
) -> None:
    seats = small["seats"]
    jane = people.create("Jane Smith")
    alan = people.create("Alan Brown")
    # Alan meets the rule but sits in a seat the rule does not count.
    people.appoint(seats["Educational Psychologist"], alan.id, SEPT, meets_seat_rule=True)
    assert programme.group(small["working"]).seat_rule_met is False
    view = people.appoint(
        seats["Head of Special School*"], jane.id, SEPT, dt.date(2010, 12, 31), True
    )
    detail = programme.group(small["working"])
    assert detail.seat_rule_met is True
    held = next(s for s in detail.seats if s.id == seats["Head of Special School*"])
    assert held.holder == view
    # On a day after Jane's appointment ends the seat is vacant and the rule unmet.
    later = programme.group(small["working"], on=dt.date(2011, 1, 1))
    assert later.seat_rule_met is False
    assert all(s.holder is None or s.holder.person_name == "Alan Brown" for s in later.seats)
    # Before it starts, too.
    assert programme.group(small["working"], on=dt.date(2010, 8, 31)).seat_rule_met is False


def test_unknown_or_deleted_group(
    programme: ProgrammeService, session_factory: sessionmaker[Session], small: dict[str, Any]
) -> None:
    with pytest.raises(NotFoundError):
        programme.group("no-such-group")
    with session_factory.begin() as s:
        row = s.get(Group, small["steering"])
        assert row is not None
        row.deleted = True
    with pytest.raises(NotFoundError):
        programme.group(small["steering"])
    assert [g.code for g in programme.list_groups()] == ["BESD"]
    assert programme.group(small["working"]).reports_to_name is None


def test_milestones_and_sections(
    programme: ProgrammeService, session_factory: sessionmaker[Session], small: dict[str, Any]
) -> None:
    milestones = MilestoneService(session_factory, today=lambda: TODAY).list_milestones()
    assert [m.period for m in milestones] == ["End July 2010", "November 2010 – March 2011"]
    assert milestones[0].owner_group_name == "Steering Group"
    assert milestones[1].owner_group_id is None and milestones[1].owner_group_name is None
    assert milestones[0].status == "not_started"
    assert [s.key for s in programme.sections()] == ["purpose", "principles"]


def test_settings(programme: ProgrammeService, session_factory: sessionmaker[Session]) -> None:
    with pytest.raises(NotFoundError):
        programme.setting("authority_name")
    programme.set_setting("authority_name", "Kent County Council")
    programme.set_setting("districts", ["Ashford", "Canterbury"])
    assert programme.setting("authority_name") == "Kent County Council"
    assert programme.setting("districts") == ["Ashford", "Canterbury"]
    with session_factory() as s:
        before = s.scalar(select(func.count()).select_from(Operation))
    programme.set_setting("districts", ["Ashford", "Canterbury"])  # unchanged: no operation
    programme.set_setting("districts", ["Ashford"])
    with session_factory() as s:
        after = s.scalar(select(func.count()).select_from(Operation))
    assert after == (before or 0) + 1
    assert programme.setting("districts") == ["Ashford"]
    with pytest.raises(ValidationError):
        programme.set_setting("  ", 1)


def test_the_seeded_programme(
    session_factory: sessionmaker[Session], programme: ProgrammeService, people: PeopleService
) -> None:
    with session_factory.begin() as s:
        seed_into_session(s)
    groups = programme.list_groups()
    assert [g.code for g in groups] == ["SG", "BESD", "CL", "PD", "ASD", "PCRG"]
    assert [g.seat_count for g in groups] == [15, 11, 11, 11, 11, 9]
    assert all(g.filled_count == 0 for g in groups)
    steering = programme.group(group_id("SG"))
    assert len(steering.remit) == 8
    assert [s.title for s in steering.seats if s.is_chair] == [
        "Director of Specialist Children’s Services"
    ]
    besd = programme.group(group_id("BESD"))
    assert len(besd.remit) == 9 and besd.reports_to_name == "Strategy Steering Group"
    assert besd.seat_rule_met is False
    rule_seat = next(s for s in besd.seats if s.rule_applies)
    jane = people.create("Jane Smith", organisation="Oakfield School")
    people.appoint(rule_seat.id, jane.id, SEPT, meets_seat_rule=True)
    assert programme.group(group_id("BESD")).seat_rule_met is True
    assert programme.list_groups()[1].filled_count == 1
    milestones = MilestoneService(session_factory, today=lambda: TODAY).list_milestones()
    assert [m.position for m in milestones] == list(range(1, 13))
    assert milestones[0].period == "End July 2010"
    assert programme.sections()[0].key == "purpose"
    assert programme.setting("authority_name") == "Kent County Council"
    # A seeded setting keeps its seeded row when changed.
    programme.set_setting("implementation_years", 4)
    assert programme.setting("implementation_years") == 4
