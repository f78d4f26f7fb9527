"""Helpers for the merge tests (imported as ``from merge_helpers import …``).

A ``Laptop`` is an in-memory store with foreign keys on, the seeded programme (genesis,
identical everywhere), a fixed site id and a hand-set wall clock, so tests can skew
clocks by days and replay exchanges in any order.
"""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
import uuid
from typing import Any, cast

from sqlalchemy import Engine, Table, create_engine, event, insert, select
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import StaticPool

from sen_desktop.core.programme.seed import seed_into_session
from sen_desktop.core.store import models as m
from sen_desktop.core.store.oplog import SITE_ROW, install_capture
from sen_desktop.sync.merge import ApplyReport, apply_ops
from sen_desktop.sync.operations import OpRow, knowledge, ops_since

EPOCH = 1_790_000_000_000  # ms: late 2026


class Wall:
    """A hand-set wall clock (milliseconds)."""

    def __init__(self, now: int = EPOCH) -> None:
        self.now = now

    def __call__(self) -> int:
        return self.now


@functools.cache
def _template() -> sqlite3.Connection:
    """The seeded schema, made once and copied into every laptop (genesis is identical)."""
    engine = create_engine("sqlite://", poolclass=StaticPool)
    m.Base.metadata.create_all(engine)
    factory = sessionmaker(engine)
    install_capture(factory)
    with factory.begin() as session:
        seed_into_session(session)
    template = sqlite3.connect(":memory:", check_same_thread=False)
    with engine.connect() as conn:
        conn.connection.dbapi_connection.backup(template)  # type: ignore[union-attr]
    engine.dispose()
    return template


class Laptop:
    def __init__(self, number: int, *, skew_ms: int = 0) -> None:
        self.site_id = str(uuid.UUID(int=number + 1))
        self.wall = Wall(EPOCH + skew_ms)
        self.engine: Engine = create_engine(
            "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
        )

        @event.listens_for(self.engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute("PRAGMA foreign_keys=ON")

        with self.engine.connect() as conn:
            _template().backup(conn.connection.dbapi_connection)  # type: ignore[arg-type]
        self.factory = sessionmaker(self.engine, expire_on_commit=False)
        install_capture(self.factory, wall_clock=self.wall)
        with self.factory.begin() as session:
            session.connection().execute(
                insert(cast("Table", m.SiteState.__table__)).values(
                    id=SITE_ROW, site_id=self.site_id, counter=0, hlc=""
                )
            )

    def tick(self, ms: int = 1000) -> None:
        self.wall.now += ms

    def knowledge(self) -> dict[str, int]:
        with self.factory() as session:
            return knowledge(session)

    def ops_for(self, known: dict[str, int]) -> list[OpRow]:
        with self.factory() as session:
            return ops_since(session, known)

    def receive(self, ops: list[OpRow], *, dry_run: bool = False) -> ApplyReport:
        with self.factory.begin() as session:
            return apply_ops(session, ops, dry_run=dry_run, wall_clock=self.wall)

    def pull(self, other: Laptop) -> ApplyReport:
        return self.receive(other.ops_for(self.knowledge()))

    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every synced table, sorted: what must agree after a full exchange."""
        out: dict[str, list[tuple[Any, ...]]] = {}
        with self.engine.connect() as conn:
            for name, model in sorted(m.ENTITY_BY_TABLE.items()):
                table = cast("Table", model.__table__)
                rows = conn.execute(select(table).order_by(table.c.id)).all()
                out[name] = [tuple(r) for r in rows]
        return out

    def close(self) -> None:
        self.engine.dispose()


def group_id(laptop: Laptop, code: str = "BESD") -> str:
    with laptop.factory() as session:
        return session.scalars(select(m.Group.id).where(m.Group.code == code)).one()


def add_action(laptop: Laptop, description: str = "Map the outreach offer.") -> str:
    with laptop.factory.begin() as session:
        action = m.Action(reference="BESD-9", group_id=group_id(laptop), description=description)
        session.add(action)
        session.flush()
        return action.id


def add_minute(laptop: Laptop, words: str) -> str:
    """A meeting, an agenda item and a minute entry in the BESD group."""
    with laptop.factory.begin() as session:
        meeting = m.Meeting(group_id=group_id(laptop), number=1, date=dt.date(2010, 9, 14))
        session.add(meeting)
        session.flush()
        item = m.AgendaItem(meeting_id=meeting.id, position=1, title="Outreach")
        session.add(item)
        session.flush()
        minute = m.MinuteEntry(agenda_item_id=item.id, text=words)
        session.add(minute)
        session.flush()
        return minute.id


def exchange(*laptops: Laptop) -> None:
    for _ in range(2):
        for receiver in laptops:
            for sender in laptops:
                if sender is not receiver:
                    receiver.pull(sender)
