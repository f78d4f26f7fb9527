"""Demo consultations (core/consultations/demo.py, called by the demo generator): the
Action Plan's two consultations with documents, events, themes, responses and "you
said, we did", the same for the same seed, every response keeping the service's rules."""

from __future__ import annotations

import datetime as dt
import uuid
from random import Random
from typing import TYPE_CHECKING

from sen_desktop.core.consultations.analysis import analyse
from sen_desktop.core.consultations.demo import demo_consultations
from sen_desktop.core.consultations.rules import response_values
from sen_desktop.core.consultations.service import ConsultationService
from sen_desktop.core.programme.data import GROUPS
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.store import models as m
from sen_desktop.core.store.oplog import insert_new_rows

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from typing import Any

    from store_helpers import Store


def fill(store: Store, seed: int = 2010) -> int:
    ids = Random(seed)
    groups = {g.code: group_id(g.code) for g in GROUPS}
    with store.session_factory.begin() as s:
        for n in range(1, 7):
            s.add(m.Recommendation(reference=f"BESD-R{n}", group_id=groups["BESD"],
                                   title=f"Proposal {n}"))
        s.flush()

        def write(model: type[m.Synced], rows: Sequence[Mapping[str, Any]]) -> None:
            insert_new_rows(s, model, rows)

        return demo_consultations(
            s, seed, lambda: str(uuid.UUID(int=ids.getrandbits(128), version=4)), groups, write
        )


def test_the_action_plans_two_consultations_are_filled(store: Store) -> None:
    written = fill(store)
    service = ConsultationService(store.session_factory)
    listed = service.list_consultations()
    assert [(c.reference, c.opens_on, c.closes_on) for c in listed] == [
        ("C1", dt.date(2010, 10, 4), dt.date(2010, 11, 26)),
        ("C2", dt.date(2010, 11, 15), dt.date(2011, 3, 18)),
    ]
    schools, partners = (service.by_reference(c.reference) for c in listed)
    assert set(schools.summary.audiences) == {"schools", "academies"}
    assert len(partners.summary.audiences) == 8
    assert written == sum(1 + len(d.documents) + len(d.events) + len(d.themes)
                          + len(d.responses) for d in (schools, partners))
    for detail, least in ((schools, 80), (partners, 160)):
        assert len(detail.responses) == least
        assert [r.number for r in detail.responses] == list(range(1, least + 1))
        assert detail.documents and detail.events and detail.themes
        counts = analyse(detail)
        assert sum(c.count for c in counts.by_audience) == counts.total
        assert sum(1 for c in counts.by_district if c.count) >= 8
        assert sum(1 for t in detail.themes if t.we_did) >= len(detail.themes) - 2
        context = service.response_context(detail.id)
        for response in detail.responses:
            response_values(response.fields(), context)  # every rule holds
        assert any(r.has_contact for r in detail.responses)
        assert any(not r.has_contact for r in detail.responses)
    assert {r.respondent_type for r in partners.responses} >= {"parents_carers", "health"}


def test_the_same_seed_gives_the_same_consultations(
    new_store: Callable[..., Store]
) -> None:
    def made(name: str, seed: int) -> list[tuple[str, str, str, tuple[str, ...]]]:
        store = new_store(name)
        fill(store, seed)
        detail = ConsultationService(store.session_factory).by_reference("C2")
        return [(r.respondent_type, r.district, r.text, detail.theme_names(r.themes))
                for r in detail.responses]

    first = made("a", 7)
    assert made("b", 7) == first
    assert made("c", 8) != first


def test_a_demo_that_starts_later_moves_its_consultations_with_it(store: Store) -> None:
    """The default demo ends next month: its consultations fall among its meetings, on the
    same weekdays, and the years their texts name move with them."""
    ids = Random(7)
    groups = {g.code: group_id(g.code) for g in GROUPS}
    with store.session_factory.begin() as s:

        def write(model: type[m.Synced], rows: Sequence[Mapping[str, Any]]) -> None:
            insert_new_rows(s, model, rows)

        demo_consultations(s, 7, lambda: str(uuid.UUID(int=ids.getrandbits(128), version=4)),
                           groups, write, start=dt.date(2025, 12, 1))
    service = ConsultationService(store.session_factory)
    listed = service.list_consultations()
    assert [c.opens_on.weekday() for c in listed] == [0, 0]  # Mondays, as in 2010
    assert dt.date(2026, 1, 1) <= listed[0].opens_on < listed[0].closes_on <= dt.date(2026, 3, 1)
    schools = service.by_reference("C1")
    assert "2025" in schools.purpose and "2010" not in schools.purpose
    assert all(dt.date(2026, 1, 1) <= e.date <= dt.date(2026, 3, 1) for e in schools.events)
