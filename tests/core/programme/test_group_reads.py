"""The groups read in SQL (core/programme/group_reads.py): the same answer as the people
queries every other service uses, and the window's first look before the store loads."""

from __future__ import annotations

import datetime as dt
import functools
import shutil
import sqlite3
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from sen_desktop.core.people.queries import appointment_views, holders_on, seat_view
from sen_desktop.core.programme import group_reads
from sen_desktop.core.programme.group_reads import FirstLook, first_look, opening_group
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.programme.service import ProgrammeService
from sen_desktop.core.store.datafolder import DATABASE_NAME, DataFolder
from sen_desktop.core.store.models import Appointment, Person, Seat

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.orm import Session
    from store_helpers import Store

SEPT, MARCH, JULY = dt.date(2010, 9, 1), dt.date(2011, 3, 1), dt.date(2011, 7, 1)
DAYS = (dt.date(2010, 8, 31), SEPT, dt.date(2010, 12, 31), MARCH, JULY)


def _people(s: Session, *names: str, deleted: bool = False) -> list[str]:
    rows = [Person(full_name=name, deleted=deleted) for name in names]
    s.add_all(rows)
    s.flush()
    return [row.id for row in rows]


@pytest.fixture
def appointed(store: Store) -> Store:
    """The seeded programme with holders the rule has to choose between: substitutes,
    two substantive appointments on one seat, ended and future ones, a deleted person,
    a deleted appointment and a deleted seat."""
    with store.session_factory.begin() as s:
        seats = s.scalars(
            select(Seat).where(Seat.group_id == group_id("BESD")).order_by(Seat.position)
        ).all()
        steering = s.scalars(select(Seat).where(Seat.group_id == group_id("SG"))).all()
        ann, bob, cy, di, ed = _people(s, "Ann", "Bob", "Cy", "Di", "Ed")
        (gone,) = _people(s, "Gone", deleted=True)
        s.add_all([
            # A substitute beside the substantive holder: the holder wins.
            Appointment(seat_id=seats[0].id, person_id=ann, start_date=SEPT),
            Appointment(seat_id=seats[0].id, person_id=bob, start_date=dt.date(2010, 10, 1),
                        substitute_for_id=ann),
            # Two substantive, sync left both: the later start wins, then the higher id.
            Appointment(id="a-1", seat_id=seats[1].id, person_id=cy, start_date=SEPT,
                        meets_seat_rule=True),
            Appointment(id="a-2", seat_id=seats[1].id, person_id=di, start_date=SEPT),
            Appointment(seat_id=seats[1].id, person_id=ed, start_date=MARCH),
            # Ended, and one not begun.
            Appointment(seat_id=seats[2].id, person_id=ann, start_date=SEPT,
                        end_date=dt.date(2010, 12, 31)),
            Appointment(seat_id=seats[3].id, person_id=bob, start_date=JULY),
            # A deleted person and a deleted appointment hold nothing.
            Appointment(seat_id=seats[4].id, person_id=gone, start_date=SEPT),
            Appointment(seat_id=seats[5].id, person_id=cy, start_date=SEPT, deleted=True),
            # Only a substitute.
            Appointment(seat_id=seats[6].id, person_id=di, start_date=SEPT,
                        substitute_for_id=ed, meets_seat_rule=True),
            Appointment(seat_id=steering[0].id, person_id=ed, start_date=SEPT),
        ])
        seats[7].deleted = True
        s.add(Appointment(seat_id=seats[7].id, person_id=ann, start_date=SEPT))
    return store


def _same(day: dt.date) -> dt.date:
    return day


def _orm_seats(s: Session, gid: str, day: dt.date) -> tuple[object, ...]:
    """A group's seats as the people queries read them (the ORM's way)."""
    seats = s.scalars(
        select(Seat).where(Seat.group_id == gid, Seat.deleted.is_(False))
        .order_by(Seat.position, Seat.id)
    ).all()
    holders = holders_on(s, day, [seat.id for seat in seats])
    views = {v.seat_id: v for v in appointment_views(s, list(holders.values()))}
    return tuple(seat_view(seat, views.get(seat.id)) for seat in seats)


def test_the_sql_reading_agrees_with_the_people_queries(appointed: Store) -> None:
    for day in DAYS:
        programme = ProgrammeService(appointed.session_factory)
        with appointed.session_factory() as s:
            filled = set(holders_on(s, day))
            summaries = ProgrammeService(appointed.session_factory, today=functools.partial(
                _same, day)).list_groups()
            for summary in summaries:
                live = s.scalars(select(Seat.id).where(
                    Seat.group_id == summary.id, Seat.deleted.is_(False))).all()
                assert summary.seat_count == len(live)
                assert summary.filled_count == len(filled.intersection(live))
                detail = programme.group(summary.id, on=day)
                assert detail.seats == _orm_seats(s, summary.id, day)
    besd = ProgrammeService(appointed.session_factory).group(group_id("BESD"), on=MARCH)
    holders = [seat.holder.person_name if seat.holder else None for seat in besd.seats]
    assert holders[:7] == ["Ann", "Ed", None, None, None, None, "Di"]
    assert besd.seat_rule_met is False  # Di meets it, but in a seat the rule leaves out
    assert besd.seats[0].holder is not None and besd.seats[0].holder.group_name == besd.name


def test_on_an_sqlite3_connection_of_its_own(appointed: Store) -> None:
    appointed.db.close()
    connection = sqlite3.connect(appointed.path)
    try:
        groups = group_reads.list_groups(connection, MARCH)
        detail = group_reads.group_detail(connection, group_id("BESD"), MARCH)
    finally:
        connection.close()
    assert [g.code for g in groups] == ["SG", "BESD", "CL", "PD", "ASD", "PCRG"]
    assert detail.reports_to_name == "Strategy Steering Group"
    assert opening_group(groups) == groups[0]
    assert opening_group([groups[1], groups[0]]) == groups[0]  # the steering group
    assert opening_group(groups[1:]) == groups[1] and opening_group([]) is None


def test_first_look_reads_the_groups_and_the_one_asked_for(
    appointed: Store, data_dir: Path
) -> None:
    expected = ProgrammeService(appointed.session_factory).group(group_id("BESD"), on=MARCH)
    appointed.db.close()
    look = first_look(data_dir, "steering", MARCH)
    assert isinstance(look, FirstLook)
    assert [g.code for g in look.groups] == ["SG", "BESD", "CL", "PD", "ASD", "PCRG"]
    assert look.group is not None and look.group.id == group_id("SG")
    assert look.group.seats[0].holder is not None
    besd = first_look(data_dir, group_id("BESD"), MARCH)
    assert besd is not None and besd.group == expected
    none = first_look(data_dir, None, MARCH)
    assert none is not None and none.group is None and none.groups == look.groups
    assert first_look(data_dir, "no-such-group", MARCH) == FirstLook(look.groups, None)
    # It reads only, and lets the folder go: the full opening takes the lock next.
    folder = DataFolder(data_dir)
    folder.lock()
    folder.unlock()
    assert not (data_dir / f"{DATABASE_NAME}-wal").exists()


def test_first_look_leaves_to_the_full_opening(
    appointed: Store, data_dir: Path, tmp_path: Path
) -> None:
    appointed.db.close()
    path = data_dir / DATABASE_NAME
    assert first_look(tmp_path / "new folder", "steering", MARCH) is None  # no database
    assert not (tmp_path / "new folder").exists()
    folder = DataFolder(data_dir)
    folder.lock()
    try:
        assert first_look(data_dir, "steering", MARCH) is None  # another has the folder
    finally:
        folder.unlock()
    wal = path.with_name(f"{DATABASE_NAME}-wal")
    wal.write_bytes(b"")
    assert first_look(data_dir, "steering", MARCH) is None  # left by a crash: full check
    wal.unlink()
    older = tmp_path / "older"
    older.mkdir()
    shutil.copyfile(path, older / DATABASE_NAME)
    with sqlite3.connect(older / DATABASE_NAME) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0001'")
    assert first_look(older, "steering", MARCH) is None  # a migration is due
    (older / DATABASE_NAME).write_bytes(b"not a database" * 100)
    assert first_look(older, "steering", MARCH) is None  # the opening words the refusal
    assert first_look(data_dir, "steering", MARCH) is not None
