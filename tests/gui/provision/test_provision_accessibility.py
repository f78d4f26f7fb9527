# mypy: disable-error-code="no-untyped-call"
"""The accessibility walk (tests/gui/accessibility_walk.py) over the provision page and
its dialogs, in the app's style: every control named, Tab in reading order, text legible
on the hatched cells too, focus shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accessibility_walk import all_problems

from sen_desktop.gui.common import resources
from sen_desktop.gui.provision.criteria import CriteriaWindow

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from pytestqt.qtbot import QtBot

    from sen_desktop.gui.provision.page import ProvisionPage

WAIT_MS = 10_000


def walked(qtbot: QtBot, root: QWidget) -> list[str]:
    root.setStyleSheet(resources.style_sheet())
    root.activateWindow()
    qtbot.waitActive(root)
    return all_problems(root)


def test_the_page_passes_the_walk(qtbot: QtBot, page: ProvisionPage) -> None:
    page.choose_cell("Dover", "outreach")  # a hatched gap cell is current
    assert walked(qtbot, page) == []


def test_the_dialogs_pass_the_walk(qtbot: QtBot, page: ProvisionPage) -> None:
    page.choose_cell("Thanet", "outreach")
    page.edit_entry()
    assert page.dialog is not None
    assert walked(qtbot, page.dialog) == []
    page.dialog.reject()
    page.add_gap()
    assert walked(qtbot, page.dialog) == []
    page.dialog.reject()
    page.show_criteria()
    window = page.criteria_window
    assert isinstance(window, CriteriaWindow)
    qtbot.waitUntil(lambda: "no criteria yet" in window.status.text(), timeout=WAIT_MS)
    assert walked(qtbot, window) == []
