"""What the meetings tests share: the dates they use and small helpers over a session
factory and the service (the fixtures are in conftest.py)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from sen_desktop.core.store.models import Group, Resolution, Seat

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from sen_desktop.core.meetings.service import MeetingService
    from sen_desktop.core.people.service import PeopleService

TODAY = dt.date(2010, 12, 1)
SEPT = dt.date(2010, 9, 1)  # a Wednesday
OCT = dt.date(2010, 10, 6)  # a Wednesday
NOV = dt.date(2010, 11, 3)
T10, T12 = dt.time(10, 0), dt.time(12, 0)
STANDARD = [
    "Apologies and Substitutes",
    "Declarations of Interest",
    "Minutes of the previous meeting",
    "Matters arising and action log",
    "Date of next meeting",
]


def add_group(
    sf: sessionmaker[Session], code: str, seats: int, quorum: int | None = None
) -> tuple[str, list[str]]:
    with sf.begin() as s:
        group = Group(code=code, name=f"{code} Working Group", kind="working", quorum=quorum)
        s.add(group)
        s.flush()
        rows = [
            Seat(group_id=group.id, position=n, title=f"Seat {n}", is_chair=n == 1)
            for n in range(1, seats + 1)
        ]
        s.add_all(rows)
        s.flush()
        return group.id, [r.id for r in rows]


def members(
    people: PeopleService, seats: list[str], names: list[str], start: dt.date = SEPT
) -> list[str]:
    ids = []
    for seat_id, name in zip(seats, names, strict=False):
        person = people.create(name)
        people.appoint(seat_id, person.id, start)
        ids.append(person.id)
    return ids


def count(sf: sessionmaker[Session], model: Any) -> int:
    with sf() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def titles(svc: MeetingService, meeting_id: str) -> list[str]:
    return [item.title for item in svc.agenda(meeting_id)]


def numbers(svc: MeetingService, meeting_id: str) -> list[int | None]:
    return [item.minute_number for item in svc.agenda(meeting_id)]


def resolutions(sf: sessionmaker[Session], item_id: str) -> list[str]:
    with sf() as s:
        return list(
            s.scalars(
                select(Resolution.text).where(
                    Resolution.agenda_item_id == item_id, Resolution.deleted.is_(False)
                )
            )
        )
