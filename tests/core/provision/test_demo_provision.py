"""Demo provision maps (core/provision/demo.py, called by the demo generator): every
working group gets a map, gaps (most answered), and two agreed versions of its criteria,
the same for the same seed, and every row keeps the service's rules."""

from __future__ import annotations

import uuid
from random import Random
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from sen_desktop.core.programme.data import GROUPS
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.provision.criteria import CriteriaService
from sen_desktop.core.provision.demo import demo_provision
from sen_desktop.core.provision.service import ProvisionService
from sen_desktop.core.store import models as m
from sen_desktop.core.store.oplog import insert_new_rows

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any

    from store_helpers import Store


def fill(store: Store, seed: int = 2010) -> int:
    ids = Random(seed)
    groups = {g.code: group_id(g.code) for g in GROUPS}
    with store.session_factory.begin() as s:
        s.add(m.Recommendation(reference="BESD-R1", group_id=groups["BESD"], title="Units"))
        s.flush()

        def write(model: type[m.Synced], rows: Sequence[Mapping[str, Any]]) -> None:
            insert_new_rows(s, model, rows)

        return demo_provision(
            s, seed, lambda: str(uuid.UUID(int=ids.getrandbits(128), version=4)), groups, write
        )


def test_every_working_group_gets_a_map_gaps_and_criteria(store: Store) -> None:
    written = fill(store)
    provision = ProvisionService(store.session_factory)
    criteria = CriteriaService(store.session_factory)
    for code in ("BESD", "CL", "PD", "ASD"):
        found = provision.provision_map(group_id(code))
        assert len(found.entries) > 20 and found.places > 0
        assert found.gaps
        assert len({(g.district, g.tier) for g in found.gaps}) == len(found.gaps)
        assert all(e.district in found.districts for e in found.entries)
        assert all(0 <= e.age_from <= e.age_to <= 24 for e in found.entries)
        versions = criteria.criteria_versions(group_id(code))
        assert [(v.number, v.agreed) for v in versions] == [(1, True), (2, True)]
    besd = provision.provision_map(group_id("BESD"))
    assert any(g.recommendation is not None for g in besd.gaps)
    assert criteria.criteria_versions(group_id("BESD"))[1].criteria[0].text.count("one term")
    with store.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(m.RecommendationCriterion)) == 1
        assert s.scalar(
            select(func.count()).select_from(m.ProvisionEntry).where(
                m.ProvisionEntry.group_id.in_([group_id("SG"), group_id("PCRG")])
            )
        ) == 0
    assert written > 100


def test_the_same_seed_gives_the_same_maps(store: Store, new_store: Any) -> None:
    fill(store)
    other = new_store("other")
    fill(other)
    mine = ProvisionService(store.session_factory).provision_map(group_id("CL"))
    theirs = ProvisionService(other.session_factory).provision_map(group_id("CL"))
    assert mine.entries == theirs.entries
    assert [(g.district, g.tier, g.evidence) for g in mine.gaps] == [
        (g.district, g.tier, g.evidence) for g in theirs.gaps
    ]
