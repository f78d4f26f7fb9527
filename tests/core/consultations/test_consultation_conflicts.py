"""The Conflicts page names consultation rows in words (sync.conflict_service): two
people typing into one response, one theme's "we did" or one purpose apart are shown as
"Consultation response · C1, response 1" and the like."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from merge_helpers import Laptop, exchange

from sen_desktop.core.consultations.records import ConsultationFields, ResponseFields
from sen_desktop.core.consultations.service import ConsultationService
from sen_desktop.core.store import models as m
from sen_desktop.sync.conflict_service import ConflictService

if TYPE_CHECKING:
    from collections.abc import Iterator


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


def test_a_conflict_names_the_consultation_row(a: Laptop, b: Laptop) -> None:
    service = ConsultationService(a.factory)
    made = service.create(ConsultationFields("SEN funding options for schools", ("schools",),
                                             dt.date(2010, 10, 4), dt.date(2010, 11, 26)))
    theme = service.add_theme(made.id, "Funding bands").id
    response = service.add_response(made.id, ResponseFields("schools", "Keep it.")).id
    exchange(a, b)
    rows = ((m.Consultation, made.id, "purpose"), (m.ConsultationTheme, theme, "we_did"),
            (m.ConsultationResponse, response, "text"))
    for laptop, words in ((a, "Seen at the March panel."), (b, "Raised by two schools.")):
        with laptop.factory.begin() as session:
            for model, row_id, field in rows:
                row = session.get(model, row_id)
                assert row is not None
                setattr(row, field, words)
    exchange(a, b)
    where = {c.row_id: c.where for c in ConflictService(a.factory).conflicts()}
    assert where == {
        made.id: "Consultation · C1 SEN funding options for schools",
        theme: "Consultation theme · C1, theme Funding bands",
        response: "Consultation response · C1, response 1",
    }
