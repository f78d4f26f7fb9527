"""Provision maps (issue 15): entries and gaps by district and tier, each rule one
sentence beside its field; the map counts entries and places per cell."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from sen_desktop.core.errors import NotFoundError, ValidationError
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.provision.records import EntryFields
from sen_desktop.core.provision.service import ProvisionService, count_unanswered_gaps
from sen_desktop.core.store.models import ProvisionEntry, Recommendation

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker
    from store_helpers import Store

BESD = group_id("BESD")
ASD = group_id("ASD")


@pytest.fixture
def session_factory(store: Store) -> sessionmaker[Session]:
    return store.session_factory


@pytest.fixture
def service(session_factory: sessionmaker[Session]) -> ProvisionService:
    return ProvisionService(session_factory)


def recommendation(sf: sessionmaker[Session], group: str, reference: str) -> str:
    with sf.begin() as s:
        row = Recommendation(reference=reference, group_id=group, title="Outreach in Dover")
        s.add(row)
        s.flush()
        return row.id


def unit(**changes: object) -> EntryFields:
    values: dict[str, object] = {
        "name": "Oakwood outreach",
        "tier": "outreach",
        "district": "Thanet",
        "need_types": ("BESD",),
        "age_from": 5,
        "age_to": 16,
        "setting": "Special school outreach",
        "places": "40",
        "funding": "High needs",
        "notes": "Covers East Kent.",
    }
    values.update(changes)
    return EntryFields(**values)  # type: ignore[arg-type]


def test_an_entry_lands_in_its_cell_with_its_places(service: ProvisionService) -> None:
    service.add_entry(BESD, unit())
    service.add_entry(BESD, unit(name="Second unit", places="12"))
    service.add_entry(BESD, unit(name="Advice line", places=""))
    service.add_entry(BESD, unit(name="Dover base", district="dover", places="1,200"))
    found = service.provision_map(BESD)
    thanet = found.cell("Thanet", "outreach")
    assert (thanet.entries, thanet.places) == (3, 52)
    assert thanet.summary == "3 provisions, 52 places"
    assert found.cell("Dover", "outreach").places == 1200  # the district's own spelling
    assert found.cell("Dover", "universal").summary == "no provision"
    assert [e.name for e in found.entries_in("Thanet", "outreach")] == [
        "Advice line", "Oakwood outreach", "Second unit"
    ]
    assert len(found.districts) == 12 and found.tiers[0] == "universal"
    assert found.places == 1252


def test_the_map_filters_by_need_type(service: ProvisionService) -> None:
    service.add_entry(ASD, unit(need_types=("ASD",), district="Ashford"))
    service.add_entry(ASD, unit(need_types=("SLCN", "ASD"), name="Speech base"))
    service.add_entry(ASD, unit(need_types=("SLCN", "Hearing"), name="Other"))
    assert service.provision_map(ASD, "ASD").cell("Thanet", "outreach").entries == 1
    every = service.provision_map(ASD)
    assert every.need_types == ("ASD", "SLCN", "Hearing")
    assert every.cell("Thanet", "outreach").entries == 2


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"name": "  "}, "name", "Enter the provision's name."),
        ({"tier": "mainstream"}, "tier", "Choose a tier on the continuum"),
        ({"district": "Brighton"}, "district", "Brighton is not one of the programme's"),
        ({"district": ""}, "district", "Choose the district."),
        ({"age_from": 12, "age_to": 7}, "age_to", "starts at 12, after it ends at 7"),
        ({"age_to": 25}, "age_to", "Ages run from 0 to 24"),
        ({"places": "about 10"}, "places", "whole number"),
        ({"places": "-3"}, "places", "whole number"),
        ({"places": "200000"}, "places", "at most 100,000 places"),
        ({"need_types": (" ",)}, "need_types", "at least one need type"),
        ({"funding": "x" * 201}, "funding", "Shorten the funding source"),
    ],
)
def test_a_bad_entry_is_refused_beside_its_field(
    service: ProvisionService, changes: dict[str, object], field: str, words: str
) -> None:
    with pytest.raises(ValidationError, match=words) as caught:
        service.add_entry(BESD, unit(**changes))
    assert caught.value.field == field


def test_maps_belong_to_working_groups(service: ProvisionService) -> None:
    with pytest.raises(ValidationError, match="not a need dimension working group") as caught:
        service.add_entry(group_id("SG"), unit())
    assert caught.value.field == "group"


def test_edit_and_remove_an_entry(
    service: ProvisionService, session_factory: sessionmaker[Session]
) -> None:
    entry = service.add_entry(BESD, unit())
    changed = service.update_entry(entry.id, unit(places="", name="Renamed"))
    assert (changed.name, changed.places) == ("Renamed", None)
    assert changed.fields().places == ""
    service.remove_entry(entry.id)
    assert service.provision_map(BESD).entries == ()
    with session_factory() as s:
        assert s.scalars(select(ProvisionEntry.deleted)).all() == [True]  # tombstoned
    with pytest.raises(NotFoundError, match="no longer on the map"):
        service.update_entry(entry.id, unit())


def test_a_gap_is_marked_on_its_cell_and_answered_by_a_recommendation(
    service: ProvisionService, session_factory: sessionmaker[Session]
) -> None:
    gap = service.add_gap(BESD, "Dover", "outreach", "No outreach reaches Dover.")
    cell = service.provision_map(BESD).cell("Dover", "outreach")
    assert cell.gap_mark == "GAP"
    assert cell.summary == "no provision; GAP (1 without a recommendation)"
    with session_factory() as s:
        assert count_unanswered_gaps(s) == 1
    answer = recommendation(session_factory, BESD, "BESD-R9")
    answered = service.update_gap(gap.id, "Dover", "outreach", gap.evidence, answer)
    assert answered.recommendation is not None
    assert answered.recommendation.label == "BESD-R9 Outreach in Dover"
    assert service.provision_map(BESD).cell("Dover", "outreach").summary == "no provision; GAP"
    with session_factory() as s:
        assert count_unanswered_gaps(s) == 0
    with session_factory.begin() as s:  # the recommendation removed: the gap is open again
        row = s.get(Recommendation, answer)
        assert row is not None
        row.deleted = True
    with session_factory() as s:
        assert count_unanswered_gaps(s) == 1


def test_gap_rules(service: ProvisionService, session_factory: sessionmaker[Session]) -> None:
    with pytest.raises(ValidationError, match="Say what shows the gap") as caught:
        service.add_gap(BESD, "Dover", "outreach", "  \n ")
    assert caught.value.field == "evidence"
    service.add_gap(BESD, "Dover", "outreach", "Waiting list of 14.")
    with pytest.raises(ValidationError, match="already recorded for Dover at outreach"):
        service.add_gap(BESD, "Dover", "outreach", "Again.")
    other = recommendation(session_factory, ASD, "ASD-R1")
    with pytest.raises(ValidationError, match="this group's recommendations") as caught:
        service.add_gap(BESD, "Swale", "enhanced", "None.", other)
    assert caught.value.field == "recommendation"
    second = service.add_gap(BESD, "Swale", "enhanced", "Nothing in Swale.")
    with pytest.raises(ValidationError, match="already recorded"):
        service.update_gap(second.id, "Dover", "outreach", "Moved.")
    service.remove_gap(second.id)
    assert [g.district for g in service.provision_map(BESD).gaps] == ["Dover"]


def test_two_gaps_in_one_cell_from_two_laptops_both_show(
    service: ProvisionService, session_factory: sessionmaker[Session]
) -> None:
    from sen_desktop.core.store.models import ProvisionGap

    with session_factory.begin() as s:  # as the merge of two laptops' gaps leaves them
        for words in ("One.", "Two."):
            s.add(ProvisionGap(group_id=BESD, district="Dover", tier="outreach", evidence=words))
    cell = service.provision_map(BESD).cell("Dover", "outreach")
    assert cell.gap_mark == "2 GAPS"
    assert cell.summary == "no provision; 2 GAPS (2 without a recommendation)"

