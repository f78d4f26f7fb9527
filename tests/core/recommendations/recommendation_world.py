"""A recommendations world for the service's tests: the seeded County programme with a
chair for the Steering Group and one for SMT, a secretary, meetings of BESD and the
Steering Group, and this laptop certified as both chairs' (tests/chair_helpers.py); with
the steps most tests take (raise one, take it to SMT, approve it)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, select

from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.recommendations.service import RecommendationService
from sen_desktop.core.store.models import (
    Meeting,
    Person,
    RemitItem,
)
from tests.chair_helpers import Laptop, Registry

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.orm import Session, sessionmaker
    from store_helpers import Store

TODAY = dt.date(2010, 10, 1)
CLOCK = dt.datetime(2010, 10, 1, 9, 0, tzinfo=dt.UTC)


@dataclass
class World:
    sf: sessionmaker[Session]
    engine: Engine
    path: Path
    service: RecommendationService
    chair: str  # the Steering Group's chair
    smt_chair: str
    secretary: str
    besd: str
    sg: str
    besd_meeting: str
    sg_meeting: str
    later_sg_meeting: str
    registry: Registry
    laptop: Laptop  # this database's own laptop: certified as chair of SG and of SMT

    def raw(self, sql: str, *params: Any) -> None:
        """Change the file behind the app's back, as someone with a SQLite tool could."""
        with sqlite3.connect(self.path) as conn:
            conn.execute(sql, params)


class Clock:
    def __init__(self) -> None:
        self.now = CLOCK

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(minutes=1)
        return self.now


def make_world(store: Store) -> World:
    """The seeded County programme with three people, three meetings and this laptop
    certified as chair of the Steering Group and of SMT."""
    sf = store.session_factory
    with sf.begin() as s:
        people = [
            Person(full_name="Sam Chair"),
            Person(full_name="Pat Director"),
            Person(full_name="Jo Secretary"),
        ]
        s.add_all(people)
        besd, sg = group_id("BESD"), group_id("SG")
        meetings = [
            Meeting(group_id=besd, number=1, date=dt.date(2010, 9, 14), status="held"),
            Meeting(group_id=sg, number=1, date=dt.date(2010, 9, 28), status="held"),
            Meeting(group_id=sg, number=2, date=dt.date(2010, 11, 2), status="planned"),
        ]
        s.add_all(meetings)
        s.flush()
        ids = [p.id for p in people] + [m.id for m in meetings]
    registry = Registry(sf)
    start = dt.date(2010, 9, 1)
    laptop = registry.become(
        registry.certify("Chairs' laptop", [("SG", ids[0], start), ("SMT", ids[1], start)])
    )
    service = RecommendationService(sf, today=lambda: TODAY, signer=laptop, now=Clock())
    return World(
        sf=sf,
        engine=store.engine,
        path=store.path,
        service=service,
        chair=ids[0],
        smt_chair=ids[1],
        secretary=ids[2],
        besd=besd,
        sg=sg,
        besd_meeting=ids[3],
        sg_meeting=ids[4],
        later_sg_meeting=ids[5],
        registry=registry,
        laptop=laptop,
    )


def remit_ids(w: World, code: str) -> list[str]:
    with w.sf() as s:
        return list(
            s.scalars(
                select(RemitItem.id)
                .where(RemitItem.group_id == group_id(code))
                .order_by(RemitItem.position)
            )
        )


def raise_one(w: World, **fields: Any) -> str:
    values: dict[str, Any] = {
        "title": "Outreach hubs",
        "text": "That every district has an outreach hub run by a special school.",
        "rationale": "Schools asked for it in the survey.",
        "tier": "outreach",
        "districts": ["Thanet"],
        "remit_item_ids": remit_ids(w, "BESD")[:1],
    }
    values.update(fields)
    return w.service.create(w.besd, **values).id


def to_smt(w: World, rec_id: str) -> None:
    """Agreed, submitted, endorsed (signed by the Steering Group's chair), submitted on."""
    svc = w.service
    svc.record_event(rec_id, "agreed", meeting_id=w.besd_meeting, minute_number="5")
    svc.record_event(rec_id, "submitted_to_sg")
    svc.record_event(
        rec_id, "endorsed", meeting_id=w.sg_meeting, minute_number="12", sign_as=w.chair
    )
    svc.record_event(rec_id, "submitted_to_smt")


def approved(w: World) -> str:
    rec_id = raise_one(w)
    to_smt(w, rec_id)
    w.service.record_event(rec_id, "approved", body_code="SMT", sign_as=w.smt_chair)
    assert w.service.detail(rec_id).state == "approved"
    return rec_id


def event_id(w: World, rec_id: str, transition: str) -> str:
    (found,) = [e.id for e in w.service.detail(rec_id).events if e.transition == transition]
    return found


def event_row(w: World, row_id: str) -> dict[str, Any]:
    with sqlite3.connect(w.path) as conn:
        conn.row_factory = sqlite3.Row
        sql = "SELECT * FROM recommendation_event WHERE id = ?"
        return dict(conn.execute(sql, (row_id,)).fetchone())


def chair_elsewhere(w: World, chairs: list[tuple[str, str, dt.date]]) -> RecommendationService:
    """The database opened on another laptop, certified for ``chairs``: this database's
    own laptop becomes that one (the world's service then no longer signs)."""
    laptop = w.registry.become(w.registry.certify("Another laptop", chairs))
    return RecommendationService(w.sf, today=lambda: TODAY, signer=laptop, now=Clock())


def submitted(w: World) -> str:
    rec_id = raise_one(w)
    w.service.record_event(rec_id, "agreed")
    w.service.record_event(rec_id, "submitted_to_sg")
    return rec_id


def reason_of(w: World, rec_id: str, event: str) -> tuple[bool, str]:
    (view,) = [e for e in w.service.detail(rec_id).events if e.id == event]
    return view.verified, view.reason
