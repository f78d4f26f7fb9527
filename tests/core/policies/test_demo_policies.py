"""Demo policy documents (core/policies/demo.py, called by the demo generator): every
working group gets a policy whose first version its members commented on, taken along
the pathway as far as the held meetings allow -- one published with a second draft,
one out to consultation -- the same for the same seed, and every row keeps the
service's rules (steps in order, frozen versions unchanged)."""

from __future__ import annotations

import datetime as dt
import uuid
from random import Random
from typing import TYPE_CHECKING

from sen_desktop.core.policies.demo import demo_policies
from sen_desktop.core.policies.pathway import STEPS
from sen_desktop.core.policies.service import PolicyService
from sen_desktop.core.programme.data import GROUPS
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.store import models as m
from sen_desktop.core.store.oplog import insert_new_rows

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any

    from store_helpers import Store

TODAY = dt.date(2011, 12, 1)


def fill(store: Store, seed: int = 2010) -> int:
    ids = Random(seed)
    groups = {g.code: group_id(g.code) for g in GROUPS}
    with store.session_factory.begin() as s:
        for code in ("BESD", "CL", "PD", "ASD", "SG"):
            for n in range(1, 16):
                day = dt.date(2010, 9, 14) + dt.timedelta(days=28 * (n - 1))
                s.add(m.Meeting(group_id=groups[code], number=n, date=day,
                                status="confirmed" if day < TODAY else "planned"))
            seats = sorted(s.query(m.Seat).filter(m.Seat.group_id == groups[code]),
                           key=lambda seat: seat.position)
            seats[0].is_chair = True  # as the demo's people module chooses a chair
            for seat in seats[:3]:
                person = m.Person(full_name=f"{code} member {seat.position}")
                s.add(person)
                s.flush()
                s.add(m.Appointment(seat_id=seat.id, person_id=person.id,
                                    start_date=dt.date(2010, 9, 1)))
        s.flush()

        def write(model: type[m.Synced], rows: Sequence[Mapping[str, Any]]) -> None:
            insert_new_rows(s, model, rows)

        return demo_policies(s, seed, lambda: str(uuid.UUID(int=ids.getrandbits(128),
                                                             version=4)),
                             groups, write, today=TODAY)


def test_every_working_group_gets_a_policy_along_the_pathway(store: Store) -> None:
    written = fill(store)
    service = PolicyService(store.session_factory)
    stages = {s.group_code: (s.version, s.stage) for s in service.overview()}
    assert stages == {
        "BESD": (2, "draft"), "CL": (1, "consultation"), "PD": (1, "smt_approved"),
        "ASD": (1, "agreed"),
    }
    labels = {s.group_code: s.stage_label for s in service.overview()}
    assert labels["BESD"] == "Version 2: Draft (version 1 published)"
    assert labels["CL"] == "Version 1: Out to consultation"
    besd = service.of_group(group_id("BESD"))
    assert besd is not None
    assert [v.stage for v in besd.versions] == ["published", "draft"]
    assert [s.step for s in besd.steps] == list(STEPS)
    assert [s.decided_by for s in besd.steps][:3] == [
        "the BESD Working Group", "the Strategy Steering Group", "the Senior Management Team"
    ]
    assert besd.steps[0].by_name.startswith("BESD member") and besd.steps[0].meeting
    assert all(step.reason == "not signed by the chair" for step in besd.steps
               if step.step in ("agreed", "endorsed"))
    assert "urgent route" in besd.current.text("criteria")
    assert "urgent route" not in besd.version(1).text("criteria")
    assert len(besd.comments) == 3 and all(c.version == 1 for c in besd.comments)
    days = [step.at for step in besd.steps]
    assert days == sorted(days) and days[-1] < TODAY.isoformat()
    assert "behavioural, emotional and social" in besd.version(1).text("purpose")
    assert written == 4 * 2 + 4 * 3 + 1 + sum(
        len(d.steps) for d in (service.of_group(group_id(c)) for c in ("BESD", "CL", "PD",
                                                                       "ASD")) if d
    )


def test_the_same_seed_gives_the_same_policies(store: Store, new_store: Any) -> None:
    fill(store)
    other = new_store("other")
    fill(other)
    mine = PolicyService(store.session_factory).of_group(group_id("CL"))
    theirs = PolicyService(other.session_factory).of_group(group_id("CL"))
    assert mine is not None and theirs is not None
    assert [(s.step, s.at) for s in mine.steps] == [(s.step, s.at) for s in theirs.steps]
    assert [c.text for c in mine.comments] == [c.text for c in theirs.comments]
