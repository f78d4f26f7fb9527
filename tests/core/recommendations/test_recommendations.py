"""Recommendations: raising and editing them, and the lists, counts and remit coverage
the dashboard and the minutes read."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from sen_desktop.core.errors import NotFoundError, ValidationError
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.store.models import (
    Recommendation,
)
from tests.core.recommendations.recommendation_world import (
    World,
    raise_one,
    remit_ids,
)

# --- raising and editing ----------------------------------------------------------------


def test_create_numbers_per_group(world: World) -> None:
    first = world.service.create(world.besd, "First")
    second = world.service.create(world.besd, "Second")
    other = world.service.create(group_id("PCRG"), "From the parents and carers")
    assert (first.reference, second.reference, other.reference) == (
        "BESD-R1",
        "BESD-R2",
        "PCRG-R1",
    )
    assert first.dimension == "BESD"  # the group's own dimension by default
    assert other.dimension is None
    assert first.county_wide
    assert world.service.detail(first.id).state == "draft"


def test_create_keeps_every_field(world: World) -> None:
    remit = remit_ids(world, "BESD")
    record = world.service.create(
        world.besd,
        "  Outreach hubs ",
        text="Line one\x0bline two 🙂 مرحبا",
        rationale="Why",
        dimension="ASD/SLCN",
        tier="special_school",
        districts=["thanet", "Shepway", "Ashford", "Thanet"],
        financial="£1",
        legal="None",
        equality="Positive",
        data_protection="DPIA done",
        reference_group_view="Supported",
        remit_item_ids=[remit[1], remit[0]],
        key_decision=True,
        decision_no="10/01234",
    )
    assert record.title == "Outreach hubs"
    assert record.text == "Line one\nline two 🙂 مرحبا"
    assert record.dimension == "ASD/SLCN"
    assert record.tier == "special_school"
    # Names in the programme's own order and spelling; Shepway by its old name.
    assert record.districts == ("Ashford", "Shepway (now Folkestone and Hythe)", "Thanet")
    assert record.remit_item_ids == (remit[0], remit[1])
    assert record.key_decision and record.decision_no == "10/01234"
    assert world.service.get(record.id) == record


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": "  "}, "title", "Enter a title."),
        ({"tier": "luxury"}, "tier", "Choose a tier"),
        ({"dimension": "Other"}, "dimension", "Choose a dimension"),
        ({"districts": ["Atlantis"]}, "districts", "“Atlantis” is not one of the County's"),
        ({"key_decision": "yes"}, "key_decision", "key decision"),
    ],
)
def test_create_refuses_bad_input_and_saves_nothing(
    world: World, fields: dict[str, Any], field: str, message: str
) -> None:
    values: dict[str, Any] = {"title": "Good title"}
    values.update(fields)
    with pytest.raises(ValidationError, match=message) as caught:
        world.service.create(world.besd, **values)
    assert caught.value.field == field
    with world.sf() as s:
        assert s.scalar(select(func.count()).select_from(Recommendation)) == 0


def test_create_refuses_remit_of_another_group_and_the_steering_group(world: World) -> None:
    with pytest.raises(ValidationError, match="remit points of the group") as caught:
        world.service.create(world.besd, "Title", remit_item_ids=remit_ids(world, "CL")[:1])
    assert caught.value.field == "remit_item_ids"
    with pytest.raises(ValidationError, match="Steering Group considers them"):
        world.service.create(world.sg, "Title")


def test_districts_follow_the_programme_setting(world: World) -> None:
    from sen_desktop.core.programme.data import DISTRICTS
    from sen_desktop.core.programme.service import ProgrammeService

    assert world.service.districts() == DISTRICTS  # what the form offers: the plan's
    ProgrammeService(world.sf).set_setting("districts", ["North", "South"])
    assert world.service.districts() == ("North", "South")
    assert world.service.create(world.besd, "T", districts=["south"]).districts == ("South",)
    with pytest.raises(ValidationError, match="“Thanet” is not one of the County's"):
        world.service.create(world.besd, "T", districts=["Thanet"])


def test_update_changes_only_what_is_given(world: World) -> None:
    remit = remit_ids(world, "BESD")
    rec_id = raise_one(world)
    record = world.service.update(
        rec_id, title="Outreach hubs in every district", remit_item_ids=remit[1:3]
    )
    assert record.title == "Outreach hubs in every district"
    assert record.tier == "outreach"
    assert record.remit_item_ids == tuple(remit[1:3])
    record = world.service.update(rec_id, remit_item_ids=[remit[0], remit[2]], districts=[])
    assert record.remit_item_ids == (remit[0], remit[2])
    assert record.county_wide
    with pytest.raises(TypeError):
        world.service.update(rec_id, reference="X-1")
    with pytest.raises(ValidationError):
        world.service.update(rec_id, title="")
    assert world.service.get(rec_id).title == "Outreach hubs in every district"


def test_remove_only_before_anything_happened(world: World) -> None:
    rec_id = raise_one(world)
    world.service.remove(rec_id)
    with pytest.raises(NotFoundError):
        world.service.detail(rec_id)
    assert world.service.list_recommendations() == []
    world.service.restore(rec_id)
    world.service.record_event(rec_id, "agreed")
    with pytest.raises(ValidationError, match="withdraw it instead"):
        world.service.remove(rec_id)


# --- lists and the dashboard ------------------------------------------------------------


def test_lists_counts_and_remit_coverage(world: World) -> None:
    remit = remit_ids(world, "BESD")
    a = raise_one(world, remit_item_ids=remit[:2])
    b = raise_one(world, title="Second", remit_item_ids=[remit[1]])
    c = world.service.create(group_id("CL"), "Cognition").id
    world.service.record_event(b, "agreed")
    withdrawn = raise_one(world, title="Dropped", remit_item_ids=[remit[2]])
    world.service.record_event(withdrawn, "withdrawn")

    everything = world.service.list_recommendations()
    assert [r.reference for r in everything] == ["BESD-R1", "BESD-R2", "BESD-R3", "CL-R1"]
    assert [r.id for r in world.service.list_recommendations(group_id("CL"))] == [c]
    assert [r.id for r in world.service.list_recommendations(state="agreed")] == [b]
    counts = world.service.counts_by_state(world.besd)
    assert (counts["draft"], counts["agreed"], counts["withdrawn"], counts["approved"]) == (
        1,
        1,
        1,
        0,
    )

    coverage = world.service.remit_coverage(world.besd)
    assert [c.remit.id for c in coverage] == remit
    assert coverage[0].references == ("BESD-R1",)
    assert coverage[1].references == ("BESD-R1", "BESD-R2")
    assert not coverage[2].covered  # only a withdrawn recommendation answers it
    assert coverage[2].recommendations[0].state == "withdrawn"
    assert all(not point.covered for point in coverage[3:])
    assert a in {r.id for r in coverage[0].recommendations}


def test_events_at_a_meeting_for_its_minutes(world: World) -> None:
    first, second = raise_one(world), raise_one(world, title="Second")
    for rec_id in (first, second):
        world.service.record_event(rec_id, "agreed", meeting_id=world.besd_meeting)
    world.service.record_event(first, "submitted_to_sg")
    found = world.service.events_at(world.besd_meeting)
    assert [(e.transition, e.meeting_id) for e in found] == [
        ("agreed", world.besd_meeting),
        ("agreed", world.besd_meeting),
    ]


def test_every_tier_has_its_words_in_the_order_of_the_continuum() -> None:
    from sen_desktop.core.recommendations.records import TIER_LABELS
    from sen_desktop.core.recommendations.vocabulary import TIERS

    assert tuple(TIER_LABELS) == TIERS
