"""Every committed change to a synced field lands in the operation log, and only those."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import Table, event, func, select, update

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.store import models as m
from sen_desktop.core.store.hlc import Timestamp
from sen_desktop.core.store.log_history import history
from sen_desktop.core.store.log_values import decode_value, encode_value
from sen_desktop.core.store.oplog import (
    GENESIS_SITE,
    HardDeleteError,
    UncapturedWriteError,
    capture_suspended,
    genesis,
    local_site_id,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sqlalchemy.orm import Session, sessionmaker
    from store_helpers import Store

SEED = uuid.UUID("6f1b2b1e-5f0c-4c56-9a77-0d7f3b6c2a10")


class Wall:
    """A hand-set wall clock (milliseconds)."""

    def __init__(self, now: int = 1_700_000_000_000) -> None:
        self.now = now

    def __call__(self) -> int:
        return self.now


@pytest.fixture
def wall() -> Wall:
    return Wall()


@pytest.fixture
def sf(empty_store: Store, wall: Wall) -> sessionmaker[Session]:
    return empty_store.sessions(wall)


def ops(session: Session, **where: str) -> list[m.Operation]:
    query = select(m.Operation).order_by(m.Operation.hlc)
    for key, value in where.items():
        query = query.where(getattr(m.Operation, key) == value)
    return list(session.scalars(query))


def new_group(sf: sessionmaker[Session], **fields: Any) -> str:
    with sf.begin() as s:
        group = m.Group(code="SG", name="Strategy Steering Group", kind="steering", **fields)
        s.add(group)
        s.flush()
        return group.id


def test_creating_a_row_records_every_field_including_defaults(
    sf: sessionmaker[Session],
) -> None:
    group_id = new_group(sf)
    with sf() as s:
        recorded = {op.field: json.loads(op.value) for op in ops(s, row_id=group_id)}
        row = s.get_one(m.Group, group_id)
    assert recorded == {
        "code": "SG",
        "name": "Strategy Steering Group",
        "kind": "steering",
        "dimension": None,
        "reports_to_id": None,
        "quorum": None,
        "position": 0,
        "seat_rule": None,
        "deleted": False,
    }
    # The default id was assigned before capture: the row and its ops agree.
    assert uuid.UUID(group_id)
    assert row.position == 0 and row.deleted is False


def test_editing_a_field_chains_its_operations(sf: sessionmaker[Session], wall: Wall) -> None:
    group_id = new_group(sf)
    for name in ("Steering Group", "SEN Strategy Steering Group"):
        wall.now += 1_000
        with sf.begin() as s:
            s.get_one(m.Group, group_id).name = name
    with sf() as s:
        name_ops = ops(s, row_id=group_id, field="name")
        heads = s.scalars(select(m.FieldHead.op_id).where(m.FieldHead.field == "name")).all()
        site = s.get_one(m.SiteState, 1)
    assert [json.loads(op.value) for op in name_ops] == [
        "Strategy Steering Group",
        "Steering Group",
        "SEN Strategy Steering Group",
    ]
    stamps = [Timestamp.parse(op.hlc) for op in name_ops]
    assert stamps == sorted(stamps) and len(set(stamps)) == 3
    assert [json.loads(op.prev) for op in name_ops] == [
        [],
        [name_ops[0].op_id],
        [name_ops[1].op_id],
    ]
    assert heads == [name_ops[2].op_id]
    # Op ids are "<site>:<counter>", counting every op this laptop made.
    assert all(op.op_id == f"{site.site_id}:{op.counter}" for op in name_ops)
    assert name_ops[-1].counter == site.counter == 9 + 2
    assert site.hlc == name_ops[-1].hlc


def test_only_changed_fields_are_recorded(sf: sessionmaker[Session]) -> None:
    group_id = new_group(sf)
    with sf.begin() as s:
        group = s.get_one(m.Group, group_id)
        group.name = "Strategy Steering Group"  # the value it already has
        group.quorum = 5
    with sf() as s:
        later = [op for op in ops(s, row_id=group_id) if json.loads(op.prev)]
    assert [(op.field, op.value) for op in later] == [("quorum", "5")]


def test_a_rolled_back_transaction_leaves_no_operations(sf: sessionmaker[Session]) -> None:
    group_id = new_group(sf)
    with sf() as s:
        before = s.scalar(select(func.count()).select_from(m.Operation))
        counter = s.get_one(m.SiteState, 1).counter
    with pytest.raises(RuntimeError), sf.begin() as s:
        s.get_one(m.Group, group_id).name = "Renamed"
        s.add(m.Person(full_name="Ann Example"))
        s.flush()
        raise RuntimeError("the user pressed Cancel")
    with sf() as s:
        assert s.scalar(select(func.count()).select_from(m.Operation)) == before
        assert s.get_one(m.SiteState, 1).counter == counter
        assert s.get_one(m.Group, group_id).name == "Strategy Steering Group"


def test_tombstoning_records_the_deleted_field(sf: sessionmaker[Session]) -> None:
    group_id = new_group(sf)
    with sf.begin() as s:
        s.get_one(m.Group, group_id).deleted = True
    with sf() as s:
        deleted_ops = ops(s, row_id=group_id, field="deleted")
    assert [op.value for op in deleted_ops] == ["false", "true"]
    assert json.loads(deleted_ops[1].prev) == [deleted_ops[0].op_id]


def test_hard_delete_is_refused(sf: sessionmaker[Session]) -> None:
    group_id = new_group(sf)
    with pytest.raises(HardDeleteError) as refused, sf.begin() as s:
        s.delete(s.get_one(m.Group, group_id))
    assert isinstance(refused.value, ValidationError)
    assert "mark it deleted" in str(refused.value)
    with sf() as s:
        assert s.get(m.Group, group_id) is not None


def test_bulk_statements_on_synced_tables_are_refused(sf: sessionmaker[Session]) -> None:
    new_group(sf)
    with pytest.raises(UncapturedWriteError), sf.begin() as s:
        s.execute(update(m.Group).values(name="Everyone"))
    with pytest.raises(UncapturedWriteError), sf.begin() as s:
        s.execute(update(Table("group", m.Base.metadata)).values(name="Everyone"))


def test_site_id_is_created_once_and_kept(sf: sessionmaker[Session]) -> None:
    with sf.begin() as s:
        site_id = local_site_id(s)
    new_group(sf)
    with sf() as s:
        assert {op.site_id for op in ops(s)} == {site_id}
        assert local_site_id(s) == site_id
        assert s.scalar(select(func.count()).select_from(m.SiteState)) == 1


def test_hlc_keeps_rising_when_the_wall_clock_jumps_back(
    sf: sessionmaker[Session], wall: Wall
) -> None:
    group_id = new_group(sf)
    wall.now -= 3_600_000  # the laptop's clock was put back an hour
    with sf.begin() as s:
        s.get_one(m.Group, group_id).name = "Later, by a slower clock"
    with sf() as s:
        stamps = [op.hlc for op in ops(s)]
        last = ops(s, field="name")[-1]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    assert last.hlc == stamps[-1]


def test_several_heads_are_all_named_and_collapse_to_one(sf: sessionmaker[Session]) -> None:
    group_id = new_group(sf)
    remote = "11111111-1111-1111-1111-111111111111:7"
    with sf.begin() as s:  # as if sync had brought a concurrent edit of the name
        s.add(m.FieldHead(entity="group", row_id=group_id, field="name", op_id=remote))
    with sf.begin() as s:
        s.get_one(m.Group, group_id).name = "Merged name"
    with sf() as s:
        first, merged = ops(s, field="name")
        heads = s.scalars(select(m.FieldHead.op_id).where(m.FieldHead.field == "name")).all()
    assert json.loads(merged.prev) == sorted([first.op_id, remote])
    assert heads == [merged.op_id]


def test_capture_can_be_suspended_for_sync_import(sf: sessionmaker[Session]) -> None:
    with sf.begin() as s, capture_suspended(s):
        s.add(m.Person(full_name="From a bundle"))
        s.execute(update(m.Person).values(notes="applied"))
    with sf() as s:
        assert ops(s) == []


# --- genesis ------------------------------------------------------------------------------


def stable_id(key: str) -> str:
    return str(uuid.uuid5(SEED, key))


def seed(sf: sessionmaker[Session], reverse: bool) -> None:
    """Seed the same rows in two flushes; `reverse` changes the order they are added."""
    with sf.begin() as s, genesis(s):
        groups = [
            m.Group(id=stable_id(code), code=code, name=f"Group {code}", kind="working")
            for code in ("BESD", "CL", "PD", "ASD")
        ]
        s.add_all(reversed(groups) if reverse else groups)
        s.flush()
        seats = [
            m.Seat(id=stable_id(f"{g.code}/{n}"), group_id=g.id, position=n, title=f"Seat {n}")
            for g in groups
            for n in range(3)
        ]
        s.add_all(reversed(seats) if reverse else seats)
        s.flush()
        groups[0].seat_rule = "Preferably at least one head from a school with a unit."


def operation_table(sf: sessionmaker[Session]) -> list[tuple[Any, ...]]:
    with sf() as s:
        return [
            tuple(row)
            for row in s.execute(select(m.Operation.__table__).order_by(m.Operation.op_id)).all()
        ]


def test_genesis_is_identical_on_two_laptops(new_store: Callable[..., Store]) -> None:
    sf_a = new_store("a", seeded=False).sessions(Wall(1_700_000_000_000))
    sf_b = new_store("b", seeded=False).sessions(Wall(1_800_000_000_000))
    seed(sf_a, reverse=False)
    seed(sf_b, reverse=True)
    table_a, table_b = operation_table(sf_a), operation_table(sf_b)
    assert table_a == table_b
    assert len(table_a) == 4 * 9 + 12 * 7 + 1
    assert {row[1] for row in table_a} == {GENESIS_SITE}
    with sf_a() as s:
        # The seeded programme predates every real edit and leaves the site alone.
        assert ops(s)[0].hlc == Timestamp(0, 1).encode()
        assert s.get(m.SiteState, 1) is None


def test_local_edits_after_genesis_build_on_it(sf: sessionmaker[Session]) -> None:
    seed(sf, reverse=False)
    besd = stable_id("BESD")
    with sf.begin() as s:
        s.get_one(m.Group, besd).name = "Behaviour, Emotional and Social Development"
    with sf() as s:
        seeded, edited = ops(s, row_id=besd, field="name")
        site = s.get_one(m.SiteState, 1)
    assert seeded.site_id == GENESIS_SITE and edited.site_id == site.site_id
    assert json.loads(edited.prev) == [seeded.op_id]
    assert edited.hlc > seeded.hlc and edited.counter == site.counter == 1


def test_genesis_rows_need_stable_ids(sf: sessionmaker[Session]) -> None:
    with pytest.raises(ValueError, match="stable id"), sf.begin() as s, genesis(s):
        s.add(m.Body(code="SMT", name="Senior Management Team"))


# --- history and values -------------------------------------------------------------------


def test_history_lists_a_rows_changes_in_order(sf: sessionmaker[Session], wall: Wall) -> None:
    group_id = new_group(sf)
    with sf.begin() as s:
        person = m.Person(full_name="Ann Example")
        seat = m.Seat(group_id=group_id, position=1, title="Chair", is_chair=True)
        s.add_all([person, seat])
        s.flush()
        appointment = m.Appointment(
            seat_id=seat.id, person_id=person.id, start_date=dt.date(2011, 9, 1)
        )
        s.add(appointment)
        s.flush()
        appointment_id = appointment.id
    wall.now += 60_000
    with sf.begin() as s:
        s.get_one(m.Appointment, appointment_id).end_date = dt.date(2012, 7, 31)
    with sf() as s:
        records = history(s, "appointment", appointment_id)
    assert [r.hlc for r in records] == sorted(r.hlc for r in records)
    assert records[-1].field == "end_date"
    assert records[-1].value == dt.date(2012, 7, 31)
    assert records[-1].prev == (next(r.op_id for r in records if r.field == "end_date"),)
    assert records[-1].when == dt.datetime.fromtimestamp(wall.now / 1000, tz=dt.UTC)
    assert {r.field: r.value for r in records[:-1]}["start_date"] == dt.date(2011, 9, 1)
    assert {r.field for r in records} == {
        "seat_id",
        "person_id",
        "start_date",
        "end_date",
        "substitute_for_id",
        "meets_seat_rule",
        "deleted",
    }


@pytest.mark.parametrize(
    ("column", "value", "text"),
    [
        (m.Meeting.__table__.c.date, dt.date(2010, 7, 31), '"2010-07-31"'),
        (m.Meeting.__table__.c.start_time, dt.time(9, 30), '"09:30"'),
        (m.Meeting.__table__.c.start_time, dt.time(9, 30, 15), '"09:30:15"'),
        (m.Meeting.__table__.c.number, 5, "5"),
        (m.Meeting.__table__.c.deleted, True, "true"),
        (
            m.Meeting.__table__.c.venue,
            'Room "A" — Sessions House',
            '"Room \\"A\\" — Sessions House"',
        ),
        (m.Meeting.__table__.c.end_time, None, "null"),
    ],
)
def test_values_round_trip(column: Any, value: Any, text: str) -> None:
    assert encode_value(column, value) == text
    assert decode_value(column, text) == value


@pytest.mark.parametrize(
    ("column", "text"),
    [
        (m.Meeting.__table__.c.number, "true"),
        (m.Meeting.__table__.c.deleted, "1"),
        (m.Meeting.__table__.c.venue, "5"),
        (m.Meeting.__table__.c.date, '"31/07/2010"'),
    ],
)
def test_values_of_the_wrong_type_are_refused(column: Any, text: str) -> None:
    with pytest.raises(ValueError):
        decode_value(column, text)


# --- cost -----------------------------------------------------------------------------------


def test_capture_costs_a_fixed_number_of_queries_per_flush(
    sf: sessionmaker[Session], tmp_path: Path
) -> None:
    with sf.begin() as s:
        group = m.Group(code="SG", name="Steering", kind="steering")
        s.add(group)
        s.flush()
        s.add_all(
            m.Action(reference=f"SG-{n}", group_id=group.id, description=f"Do {n}")
            for n in range(2_000)
        )
    statements: list[str] = []
    engine = sf.kw["bind"]
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    with sf.begin() as s:
        for action in s.scalars(select(m.Action)):
            action.status = "done"
    selects = [q for q in statements if q.lstrip().upper().startswith("SELECT")]
    # The actions themselves, the site, and field heads in chunks of 500 rows.
    assert len(selects) == 1 + 1 + 4
    with sf() as s:
        assert s.scalar(select(func.count()).where(m.Operation.field == "status")) == 4_000
