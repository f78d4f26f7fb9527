"""The provision page on a store with a little of two groups' maps, shown with its own
worker (the page contract's ``open``), for the tests of tests/gui/provision."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.programme.service import ProgrammeService
from sen_desktop.core.provision.records import EntryFields
from sen_desktop.core.provision.service import ProvisionService
from sen_desktop.gui.common.tasks import TaskRunner
from sen_desktop.gui.provision.page import ProvisionPage
from sen_desktop.gui.shell.pages import PageContext
from sen_desktop.gui.shell.session import OpenProgramme

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pytestqt.qtbot import QtBot
    from store_helpers import Store

WAIT_MS = 10_000
BESD = group_id("BESD")


def entry(name: str, district: str, tier: str, places: str, needs: tuple[str, ...] = ("BESD",)
          ) -> EntryFields:
    return EntryFields(name=name, tier=tier, district=district, need_types=needs,
                       age_from=5, age_to=16, places=places)


@pytest.fixture
def page(qtbot: QtBot, store: Store) -> Iterator[ProvisionPage]:
    service = ProvisionService(store.session_factory)
    service.add_entry(BESD, entry("Marram Bay outreach", "Thanet", "outreach", "40"))
    service.add_entry(BESD, entry("Thanet advice", "Thanet", "outreach", "12"))
    service.add_gap(BESD, "Dover", "outreach", "No outreach reaches Dover.")
    service.add_entry(group_id("ASD"), entry("Speech base", "Swale", "enhanced", "9",
                                             ("SLCN",)))
    service.add_entry(group_id("ASD"), entry("ASD base", "Swale", "enhanced", "5", ("ASD",)))
    runner = TaskRunner()
    session = OpenProgramme(store.data_dir, store.db)
    groups = tuple(ProgrammeService(store.session_factory).list_groups())
    shown = ProvisionPage()
    qtbot.addWidget(shown)
    shown.resize(1200, 800)
    shown.show()
    with qtbot.waitSignal(shown.loaded, timeout=WAIT_MS):
        shown.open(PageContext(runner, session, groups, None, None, "provision"))
    yield shown
    runner.shutdown()


