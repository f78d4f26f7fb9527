"""The consultations page on a store with the schools' funding consultation (two
themes, a document, an event and two responses), shown with its own worker (the page
contract's ``open``), for the tests of tests/gui/consultations."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from sen_desktop.core.consultations.records import ConsultationFields, ResponseFields
from sen_desktop.core.consultations.service import ConsultationService
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.programme.service import ProgrammeService
from sen_desktop.core.store.models import Recommendation
from sen_desktop.gui.common.tasks import TaskRunner
from sen_desktop.gui.consultations.page import ConsultationsPage
from sen_desktop.gui.shell.pages import PageContext
from sen_desktop.gui.shell.session import OpenProgramme

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pytestqt.qtbot import QtBot
    from store_helpers import Store

WAIT_MS = 10_000
TODAY = dt.date(2010, 11, 1)


def seed_consultation(store: Store) -> str:
    with store.session_factory.begin() as s:
        rec = Recommendation(reference="SG-3", group_id=group_id("SG"),
                             title="Funding options for SEN in mainstream schools")
        s.add(rec)
        s.flush()
        rec_id = rec.id
    service = ConsultationService(store.session_factory)
    made = service.create(ConsultationFields(
        "SEN funding options for schools", ("schools", "academies"), dt.date(2010, 10, 4),
        dt.date(2010, 11, 26), "To ask schools which funding option they prefer."))
    service.add_document(made.id, "recommendation", rec_id)
    service.add_event(made.id, dt.date(2010, 10, 20), "Ashford International Hotel",
                      "Ashford", "64")
    funding = service.add_theme(made.id, "Funding formula").id
    service.add_theme(made.id, "Transitional protection")
    service.add_responses(made.id, [
        ResponseFields("schools", "Keep the formula simple.", "Dover", themes=(funding,)),
        ResponseFields("academies", "We need to know our budget by March.", "Thanet"),
    ])
    service.create(ConsultationFields("Partners and stakeholders", ("parents_carers",),
                                      dt.date(2010, 11, 15), dt.date(2011, 3, 18)))
    return made.id


@pytest.fixture
def page(qtbot: QtBot, store: Store) -> Iterator[ConsultationsPage]:
    seed_consultation(store)
    runner = TaskRunner()
    session = OpenProgramme(store.data_dir, store.db)
    groups = tuple(ProgrammeService(store.session_factory).list_groups())
    shown = ConsultationsPage()
    qtbot.addWidget(shown)
    shown.resize(1280, 800)
    shown.show()
    with qtbot.waitSignal(shown.loaded, timeout=WAIT_MS):
        shown.open(PageContext(runner, session, groups, TODAY, None, "consultations"))
    qtbot.waitUntil(lambda: shown.detail() is not None, timeout=WAIT_MS)
    yield shown
    runner.shutdown()
