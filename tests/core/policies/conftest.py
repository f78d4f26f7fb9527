"""The policy service's tests run in the recommendations' world (tests/core/
recommendations/recommendation_world.py): the seeded County programme, meetings of BESD
and the Steering Group, a clock that moves a minute per step -- and this laptop
certified as the chair of the Steering Group, of SMT and of Members (a councillor), so
their steps are signed here and count."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from sen_desktop.core.policies.service import PolicyService
from sen_desktop.core.store.models import Person
from tests.core.recommendations.recommendation_world import Clock, World, make_world

if TYPE_CHECKING:
    from store_helpers import Store


@dataclass
class PolicyWorld:
    world: World
    service: PolicyService
    members_chair: str

    def start(self) -> str:
        """BESD's policy, its draft's purpose written; returns the policy's id."""
        detail = self.service.start(self.world.besd)
        self.service.save_section(detail.current.id, "purpose", "Early help in every district.")
        return detail.id

    def to_members(self, policy_id: str) -> None:
        """Agreed, endorsed (signed by the Steering Group's chair), approved by SMT (signed
        by its chair) and by Members (unsigned)."""
        w, svc = self.world, self.service
        svc.record_step(policy_id, "agreed", meeting_id=w.besd_meeting, minute_number="7")
        svc.record_step(policy_id, "endorsed", meeting_id=w.sg_meeting, sign_as=w.chair)
        svc.record_step(policy_id, "smt_approved", sign_as=w.smt_chair)
        svc.record_step(policy_id, "members_approved", sign_as=self.members_chair)


@pytest.fixture
def policies(store: Store) -> PolicyWorld:
    world = make_world(store)
    with world.sf.begin() as s:
        councillor = Person(full_name="Cllr Lee Member")
        s.add(councillor)
    start = dt.date(2010, 9, 1)
    laptop = world.registry.become(world.registry.certify(
        "Chairs' laptop", [("SG", world.chair, start), ("SMT", world.smt_chair, start),
                           ("Members", councillor.id, start)],
    ))
    world.laptop = laptop
    return PolicyWorld(world, PolicyService(world.sf, now=Clock(), signer=laptop),
                       councillor.id)
