# mypy: disable-error-code="no-untyped-call"
"""The accessibility walk (tests/gui/accessibility_walk.py) over the consultations page,
each of its tabs and its dialogs, in the app's style: every control named, Tab in
reading order, text legible, focus shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accessibility_walk import all_problems

from sen_desktop.gui.common import resources
from sen_desktop.gui.consultations.dialogs import ChangeDialog, DocumentDialog, ImportDialog

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtWidgets import QWidget
    from pytestqt.qtbot import QtBot

    from sen_desktop.gui.consultations.page import ConsultationsPage

WAIT_MS = 10_000


def walked(qtbot: QtBot, root: QWidget) -> list[str]:
    root.setStyleSheet(resources.style_sheet())
    root.activateWindow()
    qtbot.waitActive(root)
    return all_problems(root)


def test_the_page_and_each_tab_pass_the_walk(qtbot: QtBot, page: ConsultationsPage) -> None:
    for tab in range(page.tabs.count()):
        page.tabs.setCurrentIndex(tab)
        assert walked(qtbot, page) == [], page.tabs.tabText(tab)


def test_the_dialogs_pass_the_walk(
    qtbot: QtBot, page: ConsultationsPage, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.csv"
    answers.write_text("Respondent type,Response\nSchools,Fine.\nGovernor,No.\n",
                       encoding="utf-8")
    page.ask_csv = lambda: answers
    page.import_csv()
    qtbot.waitUntil(lambda: isinstance(page.dialog, ImportDialog), timeout=WAIT_MS)
    assert walked(qtbot, page.dialog) == []
    page.dialog.reject()
    page.new_consultation()
    assert walked(qtbot, page.dialog) == []
    page.dialog.reject()
    page.add_event()
    assert walked(qtbot, page.dialog) == []
    page.dialog.reject()
    page.remove_document_or_event()
    assert walked(qtbot, page.dialog) == []
    page.dialog.reject()
    page.add_document()
    qtbot.waitUntil(lambda: isinstance(page.dialog, DocumentDialog), timeout=WAIT_MS)
    assert walked(qtbot, page.dialog) == []
    page.dialog.reject()
    page.tabs.setCurrentIndex(2)
    page.themes.setCurrentIndex(page.themes_model.index(0, 0))
    page.record_change()
    qtbot.waitUntil(lambda: isinstance(page.dialog, ChangeDialog), timeout=WAIT_MS)
    assert walked(qtbot, page.dialog) == []
    page.dialog.reject()
