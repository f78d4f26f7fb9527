"""Who may write a provision map (docs/TRUST.md "Authorship", sync/row_groups.py's
WRITE_PATH): a working group's laptop writes its own map and criteria, and a bundle in
which another group's laptop changed them is refused whole, in one sentence."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from programme_laptops import member_fixture, world_fixture

from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.provision.criteria import CriteriaService
from sen_desktop.core.provision.records import EntryFields
from sen_desktop.core.provision.service import ProvisionService
from sen_desktop.core.store import models as m
from sen_desktop.sync.batches import BatchError

if TYPE_CHECKING:
    from authorship_helpers import Member

UNIT = EntryFields(name="Hythe unit", tier="specialist_in_mainstream", district="Dover",
                   need_types=("BESD",), places="8")


world = world_fixture()
lead = member_fixture("lead")
besd = member_fixture("besd")
cl = member_fixture("cl")


def test_a_groups_laptop_writes_its_own_map(besd: Member, lead: Member) -> None:
    ProvisionService(besd.factory).add_entry(group_id("BESD"), UNIT)
    ProvisionService(besd.factory).add_gap(group_id("BESD"), "Swale", "outreach", "None.")
    criteria = CriteriaService(besd.factory)
    version = criteria.start_version(group_id("BESD"))
    criteria.add_criterion(version.id, "Two terms of enhanced provision.")
    criteria.agree_version(version.id, dt.date(2010, 11, 16))
    lead.receive_signed(*besd.send())
    assert lead.one(m.ProvisionEntry).name == "Hythe unit"
    assert lead.one(m.AccessCriterion).text == "Two terms of enhanced provision."


def test_another_groups_laptop_may_not_change_the_map(besd: Member, cl: Member,
                                                       lead: Member) -> None:
    ProvisionService(cl.factory).add_entry(group_id("BESD"), UNIT)
    with pytest.raises(BatchError, match="provision map"):
        lead.receive_signed(*cl.send())
    with lead.factory() as session:
        assert session.query(m.ProvisionEntry).count() == 0  # nothing applied


def test_another_groups_laptop_may_not_change_its_criteria(besd: Member, cl: Member,
                                                           lead: Member) -> None:
    criteria = CriteriaService(besd.factory)
    version = criteria.start_version(group_id("BESD"))
    lead.receive_signed(*besd.send())
    cl.receive_signed(*lead.send())
    CriteriaService(cl.factory).add_criterion(version.id, "Slipped in by CL.")
    with pytest.raises(BatchError, match="criteria for access"):
        lead.receive_signed(*cl.send(lead.knowledge()))
