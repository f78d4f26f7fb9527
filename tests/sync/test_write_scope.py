"""Write scope (docs/TRUST.md "Authorship"): a certified laptop writes only its own
groups' rows -- their meetings, minutes, people and recommendations -- and programme-wide
records, a group's structure and new groups need the root; a decision event is never
tombstoned and is altered only by its maker, its signature only by a chair's laptop
signing as itself. Each refusal is one sentence and the recipient's tables are unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

from authorship_helpers import (
    Member,
    World,
    add_minute,
    add_person,
    add_recommendation,
    group_name,
    group_of,
    refused,
    update,
)
from sqlalchemy import select

from sen_desktop.core.store import models as m

if TYPE_CHECKING:
    from pathlib import Path


# --- write scope -------------------------------------------------------------------------------


def test_a_reference_group_laptop_may_not_change_steering_group_minutes(
    lead: Member, pcrg: Member
) -> None:
    rows = add_minute(lead, "SG", "The Steering Group agreed the plan.")
    pcrg.receive_signed(*lead.send())
    known = pcrg.knowledge()
    update(pcrg, m.MinuteEntry, rows["minute"], text="The Steering Group rejected the plan.")
    items, ops = pcrg.send(known)
    lead_before = lead.one(m.MinuteEntry).text
    assert refused(lead, items, ops) == (
        "This bundle was refused: the Parent/Carer Reference Group laptop “PCRG secretary” "
        "may not change Strategy Steering Group minutes."
    )
    assert lead.one(m.MinuteEntry).text == lead_before


def test_a_working_group_laptop_may_not_make_another_groups_meetings(
    besd: Member, lead: Member
) -> None:
    add_minute(besd, "SG")
    message = refused(lead, *besd.send())
    assert message.endswith("may not change Strategy Steering Group meetings.")


def test_moving_a_row_under_another_groups_parent_is_refused(besd: Member, lead: Member) -> None:
    sg_rows = add_minute(lead, "SG")
    besd.receive_signed(*lead.send())
    own = add_minute(besd, "BESD")
    lead.receive_signed(*besd.send(lead.knowledge()))
    known = besd.knowledge()
    update(besd, m.MinuteEntry, own["minute"], agenda_item_id=sg_rows["item"])
    items, ops = besd.send(known)
    assert refused(lead, items, ops).endswith("may not move minutes under Strategy Steering Group.")


def test_programme_wide_records_need_the_root(besd: Member, lead: Member, sg: Member) -> None:
    setting = lead.one(m.ProgrammeSetting, key="authority_name") if False else None
    with besd.factory.begin() as session:
        setting = session.scalars(select(m.ProgrammeSetting)).first()
        assert setting is not None
        setting.value = json.dumps("Hostile County")
        setting_id = setting.id
    items, ops = besd.send()
    assert refused(lead, items, ops).endswith(
        "may not change the programme's settings; only the programme lead's laptop may."
    )
    update(lead, m.ProgrammeSetting, setting_id, value=json.dumps("Shire County"))
    sg.receive_signed(*lead.send())


def test_group_rows_their_details_by_their_writers_their_structure_by_the_root(
    besd: Member, lead: Member
) -> None:
    besd_id = group_of(besd, "BESD")
    update(besd, m.Group, besd_id, seat_rule="At least one head teacher.")
    lead.receive_signed(*besd.send())
    known = besd.knowledge()
    update(besd, m.Group, besd_id, code="SG2")
    assert "may not add a group" in refused(lead, *besd.send(known))


def test_adding_a_group_needs_the_root(besd: Member, lead: Member) -> None:
    with besd.factory.begin() as session:
        session.add(m.Group(code="NEW", name="New group", kind="other"))
    assert "may not add a group" in refused(lead, *besd.send())


def test_people_by_their_groups_writers_or_their_maker(
    besd: Member, lead: Member, sg: Member
) -> None:
    sg_person = add_person(lead, "Chair Example", seat_of="SG")
    besd.receive_signed(*lead.send())
    # A person the BESD laptop made (linked to no group) is its own to edit, now and later.
    mine = add_person(besd, "Ann Example")
    sg.receive_signed(*besd.send())
    known = besd.knowledge()
    update(besd, m.Person, mine, job_title="Head teacher")
    sg.receive_signed(*besd.send(known))
    # A person appointed to a BESD seat in the bundle may be written with it.
    known = besd.knowledge()
    besd_group = group_of(besd, "BESD")
    with besd.factory.begin() as session:
        seat = session.scalars(select(m.Seat).where(m.Seat.group_id == besd_group)).first()
        assert seat is not None
        session.add(
            m.Appointment(seat_id=seat.id, person_id=sg_person, start_date=dt.date(2026, 1, 1))
        )
    update(besd, m.Person, sg_person, job_title="Head of Service")
    sg.receive_signed(*besd.send(known))
    # A person of the Steering Group alone is not the BESD laptop's to change.
    other = add_person(lead, "Vice Chair Example", seat_of="SG")
    besd.receive_signed(*lead.send(besd.knowledge()))
    known = besd.knowledge()
    update(besd, m.Person, other, full_name="Someone Else")
    name = group_name(lead, "BESD")
    assert refused(lead, *besd.send(known)) == (
        f"This bundle was refused: the {name} laptop “BESD secretary” may not change the "
        "details of a person who belongs to none of its groups."
    )


# --- decisions and keys ------------------------------------------------------------------------


def test_a_decision_event_cannot_be_tombstoned(besd: Member, lead: Member, sg: Member) -> None:
    rows = add_recommendation(besd)
    lead.receive_signed(*besd.send())
    known = besd.knowledge()
    update(besd, m.RecommendationEvent, rows["event"], deleted=True)  # even by its maker
    name = group_name(lead, "BESD")
    assert refused(lead, *besd.send(known)) == (
        f"This bundle was refused: the {name} laptop “BESD secretary” tried to delete a "
        "recommendation decision, which no laptop may do."
    )
    sg.receive_signed(*lead.send())
    known = lead.knowledge()
    update(lead, m.RecommendationEvent, rows["event"], deleted=True)  # nor by the root
    assert "tried to delete a recommendation decision" in refused(sg, *lead.send(known))


def test_a_signing_key_cannot_be_tombstoned(lead: Member, sg: Member) -> None:
    person = add_person(lead, "Chair Example", seat_of="SG")
    with lead.factory.begin() as session:
        key = m.SigningKey(person_id=person, public_key="ab" * 32, created_at="2026-11-01")
        session.add(key)
        session.flush()
        key_id = key.id
    sg.receive_signed(*lead.send())
    known = lead.knowledge()
    update(lead, m.SigningKey, key_id, deleted=True)
    assert "tried to delete a chair's signing key" in refused(sg, *lead.send(known))


def test_only_its_maker_alters_a_decision_but_a_chair_may_sign_it(
    world: World, tmp_path: Path, besd: Member, sg: Member, lead: Member
) -> None:
    rows = add_recommendation(besd)
    items, ops = besd.send()
    sg.receive_signed(items, ops)
    lead.receive_signed(items, ops)
    known = sg.knowledge()
    update(sg, m.RecommendationEvent, rows["event"], note="Agreed unanimously.")
    name = group_name(lead, "SG")
    assert refused(lead, *sg.send(known)) == (
        f"This bundle was refused: the {name} laptop “SG secretary” may not alter a "
        "recommendation decision recorded by another laptop."
    )
    # Its maker may.
    known = besd.knowledge()
    update(besd, m.RecommendationEvent, rows["event"], note="Agreed at the second meeting.")
    lead.receive_signed(*besd.send(known))
    # A laptop certified as a chair may sign it.
    chair = Member(
        world,
        6,
        "SG chair",
        tmp_path / "chair",
        write=[],
        chair_of="SG",
        chair_person="0c0c0c0c-0000-4000-8000-000000000000",
    )
    try:
        chair.receive_signed(*besd.send())
        known = chair.knowledge()
        update(
            chair,
            m.RecommendationEvent,
            rows["event"],
            signature="ab" * 64,
            signer_laptop=chair.identity.laptop_id,
        )
        lead.receive_signed(*chair.send(known))
        assert lead.one(m.RecommendationEvent).signer_laptop == chair.identity.laptop_id
    finally:
        chair.close()


def test_only_a_chair_signing_as_itself_changes_a_decisions_signature(
    world: World, tmp_path: Path, besd: Member, sg: Member, lead: Member
) -> None:
    """Nobody strips or spoils another's approval: a laptop that is not a chair may not
    touch the signature of a decision another laptop recorded, and a chair's laptop signs
    only as itself, for a person it is certified to sign for."""
    rows = add_recommendation(besd)
    items, ops = besd.send()
    sg.receive_signed(items, ops)
    lead.receive_signed(items, ops)
    known = sg.knowledge()
    update(sg, m.RecommendationEvent, rows["event"], signature="cd" * 64)
    assert refused(lead, *sg.send(known)).endswith(
        "may not change the signature of a recommendation decision recorded by another "
        "laptop; only a chair's certified laptop signs."
    )
    person = "0c0c0c0c-0000-4000-8000-000000000000"
    chair = Member(
        world, 7, "BESD chair", tmp_path / "chair", write=[], chair_of="BESD", chair_person=person
    )
    try:
        chair.receive_signed(*besd.send())
        known = chair.knowledge()
        update(chair, m.RecommendationEvent, rows["event"], signer_laptop=sg.identity.laptop_id)
        assert refused(lead, *chair.send(known)).endswith(
            "may not name another laptop as the signer of a recommendation decision."
        )
    finally:
        chair.close()
    other = Member(
        world, 8, "Other chair", tmp_path / "other", write=[], chair_of="BESD", chair_person=person
    )
    try:
        other.receive_signed(*besd.send())
        known = other.knowledge()
        someone = add_person(other, "Someone Else")
        update(other, m.RecommendationEvent, rows["event"], by_id=someone)
        assert refused(lead, *other.send(known)).endswith(
            "may not record a decision as made by a person it is not certified to sign for."
        )
    finally:
        other.close()


def test_a_steering_group_laptop_records_decisions_on_working_group_recommendations(
    besd: Member, sg: Member, lead: Member
) -> None:
    rows = add_recommendation(besd)
    items, ops = besd.send()
    sg.receive_signed(items, ops)
    lead.receive_signed(items, ops)
    known = sg.knowledge()
    sg_group = group_of(sg, "SG")
    with sg.factory.begin() as session:
        session.add(
            m.RecommendationEvent(
                recommendation_id=rows["recommendation"],
                transition="submitted_to_sg",
                at="2026-11-03T10:00:00Z",
                group_id=sg_group,
            )
        )
    lead.receive_signed(*sg.send(known))


def test_a_reference_group_laptop_may_not_decide_a_working_groups_recommendation(
    besd: Member, pcrg: Member, lead: Member
) -> None:
    rows = add_recommendation(besd)
    items, ops = besd.send()
    pcrg.receive_signed(items, ops)
    lead.receive_signed(items, ops)
    known = pcrg.knowledge()
    pcrg_group = group_of(pcrg, "PCRG")
    with pcrg.factory.begin() as session:
        session.add(
            m.RecommendationEvent(
                recommendation_id=rows["recommendation"],
                transition="withdrawn",
                at="2026-11-03T10:00:00Z",
                group_id=pcrg_group,
            )
        )
    message = refused(lead, *pcrg.send(known))
    assert message.endswith(f"may not change {group_name(lead, 'BESD')} recommendation decisions.")
