"""Consultations travel between laptops (tests/sync/merge_helpers.py's Laptop): a
consultation with its documents, events, themes and responses made on one laptop reads
the same on another; two people typing into one response keep both texts; every profile
reads consultations, but respondents' contact details go only to a laptop allowed
contacts -- never the Parent/Carer Reference Group's."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

import pytest
from merge_helpers import Laptop, exchange
from sqlalchemy import select

from sen_desktop.core.consultations.records import ConsultationFields, ResponseFields
from sen_desktop.core.consultations.service import ConsultationService
from sen_desktop.core.store import models as m
from sen_desktop.sync.conflicts import conflicts
from sen_desktop.sync.scope import add_profile, filter_ops, scope_for

if TYPE_CHECKING:
    from collections.abc import Iterator

TABLES = ("consultation", "consultation_document", "consultation_event",
          "consultation_theme", "consultation_response")


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


def consultation(laptop: Laptop) -> tuple[str, str]:
    """A consultation with an event, a theme and a response with contact details."""
    service = ConsultationService(laptop.factory)
    made = service.create(ConsultationFields(
        "Partners and stakeholders", ("parents_carers", "health"), dt.date(2010, 11, 15),
        dt.date(2011, 3, 18)))
    service.add_event(made.id, dt.date(2010, 12, 1), "Oakwood House", "Maidstone", "40")
    theme = service.add_theme(made.id, "Transport")
    service.record_change(theme.id, "Travel training added.")
    response = service.add_response(made.id, ResponseFields(
        "parents_carers", "The bus takes an hour.", "Maidstone", "Parent Partnership",
        "Sam Parent", "sam@example.org", "01622 000111", (theme.id,)))
    return made.id, response.id


def test_a_consultation_reads_the_same_on_the_other_laptop(a: Laptop, b: Laptop) -> None:
    made, _response = consultation(a)
    exchange(a, b)
    dump_a, dump_b = a.dump(), b.dump()
    for table in TABLES:
        assert dump_a[table] == dump_b[table], table
    seen = ConsultationService(b.factory).detail(made)
    assert seen.responses[0].contact_email == "sam@example.org"
    assert seen.theme_names(seen.responses[0].themes) == ("Transport",)
    assert seen.events[0].attendance == 40


def test_two_people_typing_into_one_response_keep_both_texts(a: Laptop, b: Laptop) -> None:
    made, response = consultation(a)
    exchange(a, b)
    fields = ConsultationService(a.factory).detail(made).responses[0].fields()
    ConsultationService(a.factory).update_response(
        response, replace(fields, text="The bus takes an hour each way."))
    b.tick(60_000)
    ConsultationService(b.factory).update_response(
        response, replace(fields, text="The bus is late.", district="Swale"))
    exchange(a, b)
    assert a.dump()["consultation_response"] == b.dump()["consultation_response"]
    assert ConsultationService(a.factory).detail(made).responses[0].district == "Swale"
    with a.factory() as session:
        found = [(c.entity, c.field) for c in conflicts(session)]
    assert found == [("consultation_response", "text")]


def test_every_laptop_reads_consultations_but_contact_details_need_contacts(
    a: Laptop, b: Laptop
) -> None:
    made, response = consultation(a)
    with a.factory.begin() as s:
        parents = scope_for(s, add_profile(s, "Reference group", ["PCRG"]))
        working = scope_for(s, add_profile(s, "CL chair", ["CL"]))
        lead = scope_for(s, add_profile(s, "Lead", ["SG"], contacts=True))
    for scope in (parents, working, lead):
        assert scope.includes("consultation", made, "title")
        assert scope.includes("consultation_response", response, "text")
        assert scope.includes("consultation_response", response, "organisation")
    for field in ("contact_name", "contact_email", "contact_phone"):
        assert not parents.includes("consultation_response", response, field)
        assert lead.includes("consultation_response", response, field)
    # The reference group's laptop, given what its scope lets through, holds the
    # response whole but for the contact details.
    b.receive(filter_ops(parents, a.ops_for(b.knowledge())))
    with b.factory() as s:
        row = s.scalars(select(m.ConsultationResponse)).one()
        assert (row.text, row.organisation) == ("The bus takes an hour.", "Parent Partnership")
        assert (row.contact_name, row.contact_email, row.contact_phone) == ("", "", "")
        assert s.scalars(select(m.Consultation.title)).one() == "Partners and stakeholders"
