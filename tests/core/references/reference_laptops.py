"""Two laptops holding one programme (tests/sync/merge_helpers.py), and the steps the
references tests take on them: schedule and circulate meetings, raise actions and
recommendations, exchange, and certify a laptop in the local registry tables."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, text

from sen_desktop.core.actions.service import ActionService
from sen_desktop.core.meetings.service import MeetingService
from sen_desktop.core.programme import seed
from sen_desktop.core.store.models import (
    Action,
    AgendaItem,
    Meeting,
    Recommendation,
)

if TYPE_CHECKING:
    from merge_helpers import Laptop
    from sqlalchemy.orm import Session

TODAY = dt.date(2030, 1, 1)
BESD = seed.group_id("BESD")
CL = seed.group_id("CL")


def meetings_of(laptop: Laptop) -> MeetingService:
    return MeetingService(laptop.factory, today=lambda: TODAY)


def schedule(laptop: Laptop, group: str, day: dt.date) -> str:
    laptop.tick()
    return meetings_of(laptop).schedule(group, day).id


def circulate(laptop: Laptop, meeting_id: str) -> None:
    service = meetings_of(laptop)
    for status in ("held", "minutes_draft", "checked", "circulated"):
        laptop.tick()
        service.set_status(meeting_id, status)


def add_action(laptop: Laptop, group: str, words: str = "Write to schools") -> str:
    laptop.tick()
    return ActionService(laptop.factory, today=lambda: TODAY).create(group, words).id


def exchange(a: Laptop, b: Laptop) -> None:
    a.pull(b)
    b.pull(a)
    a.pull(b)


def numbers(laptop: Laptop) -> dict[str, Any]:
    with laptop.factory() as s:
        return {
            "meetings": {i: n for i, n in s.execute(select(Meeting.id, Meeting.number))},
            "minutes": {
                i: n for i, n in s.execute(select(AgendaItem.id, AgendaItem.minute_number))
            },
            "actions": {i: r for i, r in s.execute(select(Action.id, Action.reference))},
        }


def add_recommendation(laptop: Laptop, title: str) -> str:
    laptop.tick()
    with laptop.factory.begin() as s:
        rec = Recommendation(reference="BESD-R1", group_id=BESD, title=title)
        s.add(rec)
        s.flush()
        return rec.id


def certify(
    s: Session, serial: int, laptop: str, write: list[str], *, root: bool = False,
    chair: str = "",
) -> None:
    roles: list[dict[str, str]] = [{"role": "root"}] if root else []
    if chair:
        roles.append({"role": "chair", "group": chair, "person": "p", "from": "2010-09-01"})
    body = {
        "kind": "laptop-certificate",
        "serial": serial,
        "laptop": laptop,
        "write": write,
        "roles": roles,
    }
    s.execute(
        text(
            "INSERT INTO laptop_certificate (serial, laptop_id, name, item) "
            "VALUES (:serial, :laptop, :name, :item)"
        ),
        {
            "serial": serial,
            "laptop": laptop,
            "name": laptop,
            "item": json.dumps({"body": body, "signature": "00"}),
        },
    )


def become(s: Session, laptop: str) -> None:
    s.execute(text("DELETE FROM laptop_self"))
    s.execute(
        text(
            "INSERT INTO laptop_self (id, laptop_id, name, sign_key, age_recipient, "
            "site_nonce, state, secrets) VALUES (1, :laptop, :laptop, '', '', 0, 'member', "
            "'keyring')"
        ),
        {"laptop": laptop},
    )


