"""The provision tables travel between laptops (tests/sync/merge_helpers.py's Laptop):
a map, its gap, criteria and a citation made on one laptop read the same on another;
the merge keeps both laptops' notes on an entry and the later count of places."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from merge_helpers import Laptop, group_id

from sen_desktop.core.provision.criteria import CriteriaService
from sen_desktop.core.provision.records import EntryFields
from sen_desktop.core.provision.service import ProvisionService
from sen_desktop.core.store import models as m
from sen_desktop.sync.conflicts import conflicts

if TYPE_CHECKING:
    from collections.abc import Iterator

PROVISION_TABLES = (
    "provision_entry", "provision_gap", "criteria_version", "access_criterion",
    "recommendation_criterion",
)


@pytest.fixture
def a() -> Iterator[Laptop]:
    laptop = Laptop(1)
    yield laptop
    laptop.close()


@pytest.fixture
def b() -> Iterator[Laptop]:
    laptop = Laptop(2, skew_ms=5)
    yield laptop
    laptop.close()


def exchange(*laptops: Laptop) -> None:
    for receiver in laptops:
        for sender in laptops:
            if sender is not receiver:
                receiver.pull(sender)


def entry(notes: str = "", places: str = "8") -> EntryFields:
    return EntryFields(
        name="Hythe resourced unit", tier="specialist_in_mainstream",
        district="Shepway (now Folkestone and Hythe)", need_types=("BESD",),
        age_from=4, age_to=11, places=places, notes=notes,
    )


def test_a_map_and_its_criteria_read_the_same_on_the_other_laptop(
    a: Laptop, b: Laptop
) -> None:
    besd = group_id(a)
    with a.factory.begin() as s:
        answer = m.Recommendation(reference="BESD-R1", group_id=besd, title="A unit in Dover")
        s.add(answer)
    provision, criteria = ProvisionService(a.factory), CriteriaService(a.factory)
    provision.add_entry(besd, entry())
    provision.add_gap(besd, "Dover", "specialist_in_mainstream", "No unit.", answer.id)
    version = criteria.start_version(besd)
    criterion = criteria.add_criterion(version.id, "Two terms of enhanced provision.")
    criteria.agree_version(version.id, dt.date(2010, 10, 12))
    criteria.cite(answer.id, criterion.id)
    exchange(a, b)
    dump_a, dump_b = a.dump(), b.dump()
    for table in PROVISION_TABLES:
        assert dump_a[table] == dump_b[table] and len(dump_b[table]) == 1, table
    seen = ProvisionService(b.factory).provision_map(besd)
    cell = seen.cell("Dover", "specialist_in_mainstream")
    assert cell.gaps[0].recommendation is not None
    assert cell.gaps[0].recommendation.reference == "BESD-R1"
    assert seen.cell("Shepway (now Folkestone and Hythe)", "specialist_in_mainstream").places == 8
    assert CriteriaService(b.factory).criteria_versions(besd)[0].criteria[0].cited_by == (
        "BESD-R1",
    )


def test_concurrent_edits_keep_both_notes_and_the_later_places(a: Laptop, b: Laptop) -> None:
    besd = group_id(a)
    made = ProvisionService(a.factory).add_entry(besd, entry())
    exchange(a, b)
    ProvisionService(a.factory).update_entry(made.id, entry("Waiting list of six.", "8"))
    b.tick(60_000)
    ProvisionService(b.factory).update_entry(made.id, entry("Moving in 2011.", "10"))
    exchange(a, b)
    assert a.dump()["provision_entry"] == b.dump()["provision_entry"]
    assert ProvisionService(a.factory).provision_map(besd).entries[0].places == 10
    with a.factory() as session:
        found = [(c.entity, c.field) for c in conflicts(session)]
    assert found == [("provision_entry", "notes")]


def test_a_groups_map_goes_to_its_own_and_the_steering_groups_laptops_only(a: Laptop) -> None:
    from sen_desktop.sync.scope import add_profile, scope_for

    besd = group_id(a)
    with a.factory.begin() as s:
        answer = m.Recommendation(reference="BESD-R1", group_id=besd, title="A unit in Dover")
        s.add(answer)
    made = ProvisionService(a.factory).add_entry(besd, entry())
    gap = ProvisionService(a.factory).add_gap(besd, "Dover", "outreach", "None.", answer.id)
    criteria = CriteriaService(a.factory)
    version = criteria.start_version(besd)
    criterion = criteria.add_criterion(version.id, "Two terms.")
    with a.factory.begin() as s:
        steering = scope_for(s, add_profile(s, "Chair of SG", ["SG", "BESD", "CL", "PD", "ASD"]))
        own = scope_for(s, add_profile(s, "BESD chair", ["BESD"]))
        other = scope_for(s, add_profile(s, "CL chair", ["CL"]))
        parents = scope_for(s, add_profile(s, "Reference group", ["PCRG"]))
    for scope in (steering, own):
        assert scope.includes("provision_entry", made.id, "places")
        assert scope.includes("provision_gap", gap.id, "evidence")
        assert scope.includes("access_criterion", criterion.id, "text")
        assert scope.includes("recommendation", answer.id, "title")  # the gap's answer
    for scope in (other, parents):
        assert not scope.includes("provision_entry", made.id, "places")
        assert not scope.includes("provision_gap", gap.id, "evidence")
        assert not scope.includes("criteria_version", version.id, "number")
