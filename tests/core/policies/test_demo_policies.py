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
from sen_desktop.core.policies.service import PolicyService
from sen_desktop.core.programme.data import GROUPS
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.store import models as m
from sen_desktop.core.store.oplog import insert_new_rows

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path
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
    # This store's registry certifies no chair, so the pathway stops before the first
    # chair's step (the demo's own registry certifies them: tests/core/demo).
    written = fill(store)
    service = PolicyService(store.session_factory)
    stages = {s.group_code: (s.version, s.stage) for s in service.overview()}
    assert stages == {code: (1, "agreed") for code in ("BESD", "CL", "PD", "ASD")}
    besd = service.of_group(group_id("BESD"))
    assert besd is not None
    assert [(s.step, s.decided_by, s.verified) for s in besd.steps] == [
        ("agreed", "the BESD Working Group", True)
    ]
    assert besd.steps[0].by_name.startswith("BESD member") and besd.steps[0].meeting
    assert len(besd.comments) == 3 and all(c.version == 1 for c in besd.comments)
    assert besd.steps[0].at < TODAY.isoformat()
    assert "behavioural, emotional and social" in besd.version(1).text("purpose")
    assert written == 4 * (2 + 3 + 1)


def test_the_same_seed_gives_the_same_policies(store: Store, new_store: Any) -> None:
    fill(store)
    other = new_store("other")
    fill(other)
    mine = PolicyService(store.session_factory).of_group(group_id("CL"))
    theirs = PolicyService(other.session_factory).of_group(group_id("CL"))
    assert mine is not None and theirs is not None
    assert [(s.step, s.at) for s in mine.steps] == [(s.step, s.at) for s in theirs.steps]
    assert [c.text for c in mine.comments] == [c.text for c in theirs.comments]


def test_the_demos_chairs_sign_its_policy_steps_and_they_count(tmp_path: Path) -> None:
    from sen_desktop.core.demo.service import generate
    from sen_desktop.core.store.datafolder import open_programme

    db = open_programme(tmp_path / "data")
    try:
        generate(db, years=1, scale=1, seed=2010, today=dt.date(2026, 11, 28))
        service = PolicyService(db.session_factory)
        reached = {s.group_code: s.stage for s in service.overview()}
        assert "endorsed" in reached.values()  # signed by the Steering Group's chair
        for code in ("BESD", "CL", "PD", "ASD"):
            detail = service.of_group(group_id(code))
            assert detail is not None
            for step in detail.steps:
                assert step.verified, (code, step.step, step.reason)
                if step.step in ("endorsed", "smt_approved"):
                    assert step.signed and step.by_name
    finally:
        db.close()
