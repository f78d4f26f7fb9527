"""The bulk path for generated data writes exactly what capture writes for the same rows."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import Table, select
from sqlalchemy.orm import Session, sessionmaker

from sen_desktop.core.store import models as m
from sen_desktop.core.store.log_history import history
from sen_desktop.core.store.oplog import genesis, insert_new_rows

if TYPE_CHECKING:
    from collections.abc import Callable

    from store_helpers import Store


class Wall:
    def __init__(self, now: int = 1_700_000_000_000) -> None:
        self.now = now

    def __call__(self) -> int:
        return self.now


Stores = tuple[sessionmaker[Session], sessionmaker[Session], Wall]


@pytest.fixture
def two_stores(new_store: Callable[..., Store]) -> Stores:
    wall = Wall()
    orm = new_store("orm", seeded=False).sessions(wall)
    bulk = new_store("bulk", seeded=False).sessions(wall)
    # The same site on both, so that op ids can be compared as they are.
    site = str(uuid.UUID(int=7))
    for factory in (orm, bulk):
        with factory.begin() as s:
            s.add(m.SiteState(id=1, site_id=site, counter=0, hlc=""))
    return orm, bulk, wall


def _rows() -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    group = {"id": str(uuid.UUID(int=1)), "code": "SG", "name": "Steering", "kind": "steering"}
    meetings = [
        {
            "id": str(uuid.UUID(int=10 + n)),
            "group_id": group["id"],
            "number": n,
            "date": dt.date(2010, 9 + n, 14),
            "start_time": dt.time(10, 0),
            "end_time": dt.time(12, 30),
            "venue": "Sessions House, Maidstone",
            "status": "confirmed",
        }
        for n in (1, 2)
    ]
    # Unset columns (position, deleted, owner …) take their defaults, as capture does.
    actions = [
        {
            "id": str(uuid.UUID(int=100 + n)),
            "reference": f"SG-{n}",
            "group_id": group["id"],
            "meeting_id": meetings[0]["id"],
            "description": f"Circulate paper {n} — with “quotes” and émoji 🙂",
            "due_date": dt.date(2010, 11, n),
        }
        for n in (1, 2, 3)
    ]
    return group, meetings, actions


def _log(factory: sessionmaker[Session]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    with factory() as s:
        ops = s.execute(
            select(
                m.Operation.op_id,
                m.Operation.site_id,
                m.Operation.counter,
                m.Operation.entity,
                m.Operation.row_id,
                m.Operation.field,
                m.Operation.value,
                m.Operation.hlc,
                m.Operation.prev,
            ).order_by(m.Operation.counter)
        ).all()
        heads = s.execute(
            select(m.FieldHead.entity, m.FieldHead.row_id, m.FieldHead.field, m.FieldHead.op_id)
            .order_by(m.FieldHead.op_id)
        ).all()
    return [tuple(r) for r in ops], [tuple(r) for r in heads]


def _table(factory: sessionmaker[Session], model: type[m.Synced]) -> list[tuple[Any, ...]]:
    table: Table = model.__table__  # type: ignore[assignment]
    with factory() as s:
        return [tuple(r) for r in s.execute(select(table).order_by(table.c.id))]


def test_bulk_rows_and_operations_match_capture(
    two_stores: Stores,
) -> None:
    orm, bulk, wall = two_stores
    group, meetings, actions = _rows()

    # Capture: one flush per model, objects added in order.
    for batch in ([m.Group(**group)], [m.Meeting(**r) for r in meetings],
                  [m.Action(**r) for r in actions]):
        wall.now += 1
        with orm.begin() as s:
            s.add_all(batch)
    wall.now = 1_700_000_000_000
    for model, rows in ((m.Group, [group]), (m.Meeting, meetings), (m.Action, actions)):
        wall.now += 1
        with bulk.begin() as s:
            insert_new_rows(s, model, rows, wall_clock=wall)

    assert _log(bulk) == _log(orm)
    for model in (m.Group, m.Meeting, m.Action):
        assert _table(bulk, model) == _table(orm, model)
    with orm() as a, bulk() as b:
        assert a.get_one(m.SiteState, 1).counter == b.get_one(m.SiteState, 1).counter
        assert a.get_one(m.SiteState, 1).hlc == b.get_one(m.SiteState, 1).hlc
        assert history(a, "action", actions[0]["id"]) == history(b, "action", actions[0]["id"])


def test_bulk_rows_can_be_edited_through_the_session_afterwards(
    two_stores: Stores,
) -> None:
    _, bulk, wall = two_stores
    group, _, _ = _rows()
    with bulk.begin() as s:
        insert_new_rows(s, m.Group, [group], wall_clock=wall)
    wall.now += 1_000
    with bulk.begin() as s:
        s.get_one(m.Group, group["id"]).name = "Strategy Steering Group"
    with bulk() as s:
        names = [op for op in history(s, "group", group["id"]) if op.field == "name"]
    assert [op.value for op in names] == ["Steering", "Strategy Steering Group"]
    assert names[1].prev == (names[0].op_id,)


def test_bulk_path_refuses_unknown_fields_and_genesis(
    two_stores: Stores,
) -> None:
    _, bulk, wall = two_stores
    with pytest.raises(TypeError, match="colour"), bulk.begin() as s:
        insert_new_rows(s, m.Group, [{"code": "X", "name": "X", "kind": "other", "colour": 1}])
    with pytest.raises(RuntimeError), bulk.begin() as s, genesis(s):
        insert_new_rows(s, m.Group, [{"code": "X", "name": "X", "kind": "other"}])
    with bulk() as s:
        assert s.scalars(select(m.Group)).all() == []
        assert s.scalars(select(m.Operation)).all() == []
