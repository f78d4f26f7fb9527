"""The policies page on a store where BESD has a policy with an agreed first version, a
draft second one and a comment, shown with its own worker (the page contract's
``open``), for the tests of tests/gui/policies."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from sen_desktop.core.policies.service import PolicyService
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.programme.service import ProgrammeService
from sen_desktop.core.store.models import Meeting, Person
from sen_desktop.gui.common.tasks import TaskRunner
from sen_desktop.gui.policies.page import PoliciesPage
from sen_desktop.gui.shell.pages import PageContext
from sen_desktop.gui.shell.session import OpenProgramme

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pytestqt.qtbot import QtBot
    from store_helpers import Store

WAIT_MS = 10_000
BESD = group_id("BESD")


def seed_policy(store: Store) -> str:
    import datetime as dt

    with store.session_factory.begin() as s:
        s.add(Person(full_name="Jo Member"))
        s.add(Meeting(group_id=BESD, number=4, date=dt.date(2010, 10, 12), status="held"))
    service = PolicyService(store.session_factory)
    detail = service.start(BESD, "BESD policy")
    first = detail.current.id
    service.save_section(first, "purpose", "To set out how pupils with BESD are supported.")
    service.save_section(first, "principles", "Early help in the local school.")
    with store.session_factory() as s:
        person = s.scalars(select(Person.id).where(Person.full_name == "Jo Member")).one()
    service.add_comment(first, "principles", person, "Say who the family's first contact is.")
    service.record_step(detail.id, "agreed", minute_number="7")
    second = service.new_draft(detail.id)
    service.save_section(second.id, "principles",
                         "Early help in the local school, with the family.")
    return detail.id


@pytest.fixture
def page(qtbot: QtBot, store: Store) -> Iterator[PoliciesPage]:
    seed_policy(store)
    runner = TaskRunner()
    session = OpenProgramme(store.data_dir, store.db)
    groups = tuple(ProgrammeService(store.session_factory).list_groups())
    shown = PoliciesPage()
    qtbot.addWidget(shown)
    shown.resize(1200, 800)
    shown.show()
    with qtbot.waitSignal(shown.loaded, timeout=WAIT_MS):
        shown.open(PageContext(runner, session, groups, None, None, "policies"))
    qtbot.waitUntil(lambda: shown.editor.detail() is not None, timeout=WAIT_MS)
    yield shown
    if shown.editor.autosaver is not None:
        shown.editor.autosaver.stop()
    runner.shutdown()
