# mypy: disable-error-code="no-untyped-call"
"""The accessibility walk (tests/gui/accessibility_walk.py) over the policies page, each
of its tabs and its dialogs, in the app's style: every control named, Tab in reading
order, text legible, focus shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accessibility_walk import all_problems

from sen_desktop.gui.common import resources
from sen_desktop.gui.policies.dialogs import StepDialog

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from pytestqt.qtbot import QtBot

    from sen_desktop.gui.policies.page import PoliciesPage

WAIT_MS = 10_000


def walked(qtbot: QtBot, root: QWidget) -> list[str]:
    root.setStyleSheet(resources.style_sheet())
    root.activateWindow()
    qtbot.waitActive(root)
    return all_problems(root)


def test_the_page_and_each_tab_pass_the_walk(qtbot: QtBot, page: PoliciesPage) -> None:
    for tab in range(page.editor.tabs.count()):
        page.editor.tabs.setCurrentIndex(tab)
        assert walked(qtbot, page) == [], page.editor.tabs.tabText(tab)


def test_the_dialogs_pass_the_walk(qtbot: QtBot, page: PoliciesPage) -> None:
    page.compare()
    assert page.dialog is not None
    assert walked(qtbot, page.dialog) == []
    page.dialog.reject()
    page.add_comment()
    assert walked(qtbot, page.dialog) == []
    page.dialog.reject()
    page.record_step()
    qtbot.waitUntil(lambda: isinstance(page.dialog, StepDialog), timeout=WAIT_MS)
    assert walked(qtbot, page.dialog) == []
    page.dialog.reject()
