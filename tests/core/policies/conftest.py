"""The policy service's tests run in the recommendations' world (tests/core/
recommendations/recommendation_world.py): the seeded County programme, a Steering Group
chair and an SMT chair this laptop is certified for, meetings of BESD and the Steering
Group, and a clock that moves a minute per step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from sen_desktop.core.policies.service import PolicyService
from tests.core.recommendations.recommendation_world import Clock, World, make_world

if TYPE_CHECKING:
    from store_helpers import Store


@dataclass
class PolicyWorld:
    world: World
    service: PolicyService

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
        svc.record_step(policy_id, "members_approved")


@pytest.fixture
def policies(store: Store) -> PolicyWorld:
    world = make_world(store)
    return PolicyWorld(world, PolicyService(world.sf, now=Clock(), signer=world.laptop))
