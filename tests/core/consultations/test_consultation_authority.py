"""Who may write a consultation (docs/TRUST.md "Authorship", sync/row_groups.py's
WRITE_PATH): the Steering Group plans and oversees the consultation process, so its
laptops write consultations and their responses, and a bundle in which a working group's
laptop changed one is refused whole, in one sentence."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from programme_laptops import member_fixture, world_fixture

from sen_desktop.core.consultations.records import ConsultationFields, ResponseFields
from sen_desktop.core.consultations.service import ConsultationService
from sen_desktop.core.store import models as m
from sen_desktop.sync.batches import BatchError

if TYPE_CHECKING:
    from authorship_helpers import Member

FIELDS = ConsultationFields("SEN funding options for schools", ("schools",),
                            dt.date(2010, 10, 4), dt.date(2010, 11, 26))


world = world_fixture()
lead = member_fixture("lead")
sg = member_fixture("sg")
besd = member_fixture("besd")


def test_the_steering_groups_laptop_writes_consultations(sg: Member, lead: Member) -> None:
    service = ConsultationService(sg.factory)
    made = service.create(FIELDS)
    service.add_response(made.id, ResponseFields("schools", "Keep the formula."))
    lead.receive_signed(*sg.send())
    assert lead.one(m.Consultation).title == "SEN funding options for schools"
    assert lead.one(m.ConsultationResponse).text == "Keep the formula."


def test_a_working_groups_laptop_may_not_add_a_response(sg: Member, besd: Member,
                                                         lead: Member) -> None:
    made = ConsultationService(sg.factory).create(FIELDS)
    lead.receive_signed(*sg.send())
    besd.receive_signed(*lead.send())
    ConsultationService(besd.factory).add_response(made.id, ResponseFields("schools", "Mine."))
    with pytest.raises(BatchError, match="consultation responses") as refused:
        lead.receive_signed(*besd.send(lead.knowledge()))
    assert str(refused.value) == (
        "This bundle was refused: the BESD Working Group laptop \u201cBESD secretary\u201d may "
        "not change Strategy Steering Group consultation responses.")
    with lead.factory() as session:
        assert session.query(m.ConsultationResponse).count() == 0  # nothing applied
