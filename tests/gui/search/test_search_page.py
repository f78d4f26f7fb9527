# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot and qtmodeltester carry no type hints.)
"""Search from the window: type in the box, results appear, Enter opens the place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from gui_helpers import click_navigation
from PySide6.QtCore import Qt

from sen_desktop.core.demo.service import generate
from sen_desktop.core.store.datafolder import open_programme
from sen_desktop.gui.search.box import SEARCH_NAME
from sen_desktop.gui.search.page import SearchResultsModel
from sen_desktop.gui.shell.window import MainWindow

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtWidgets import QApplication
    from pytestqt.qtbot import QtBot

    from sen_desktop.core.search_records import SearchHit

OpenWindow = Callable[..., MainWindow]
CTRL = Qt.KeyboardModifier.ControlModifier
WAIT_MS = 30_000


@pytest.fixture
def demo_folder(data_dir: Path) -> Path:
    db = open_programme(data_dir)
    try:
        generate(db, years=1, today=dt.date(2026, 1, 1))
    finally:
        db.close()
    return data_dir


def type_search(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Ctrl+F, then type, as a person would; waits for the results to arrive."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    box = window.search_box
    qtbot.waitUntil(box.hasFocus)
    with qtbot.waitSignal(window.search_page.loaded, timeout=WAIT_MS):
        qtbot.keyClicks(box, text)
    qtbot.waitUntil(lambda: window.search_page.query() == text, timeout=WAIT_MS)


def test_typing_in_the_search_box_shows_results(
    qtbot: QtBot, demo_folder: Path, open_window: OpenWindow, qtmodeltester: Any
) -> None:
    window = open_window()
    box = window.search_box
    assert box.accessibleName() == SEARCH_NAME
    type_search(qtbot, window, "outreach provision")
    page = window.search_page
    assert window.current_view() == "search"
    assert window.current_key() == "search"
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=WAIT_MS)
    hits = page.model.records()
    assert {h.kind for h in hits} >= {"action", "minute"}
    assert "results for “outreach provision”" in page.summary.text()
    # The matched words are bold in the passage (not told by colour alone).
    html = page.model.index(0, SearchResultsModel.FOUND).data(Qt.ItemDataRole.UserRole + 1)
    assert "<b>outreach</b>" in html.lower() or "<b>outreach provision</b>" in html.lower()
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "Where"
    qtmodeltester.check(page.model)


def test_enter_on_a_minute_opens_the_minutes_at_its_item(
    qtbot: QtBot, demo_folder: Path, open_window: OpenWindow
) -> None:
    window = open_window()
    type_search(qtbot, window, "resourced units")
    page = window.search_page
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=WAIT_MS)
    # Down from the box moves to the results; Down again to the next result.
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    qtbot.waitUntil(page.table.hasFocus)
    row = next(n for n, h in enumerate(page.model.records()) if h.kind == "minute")
    for _ in range(row):
        qtbot.keyClick(page.table, Qt.Key.Key_Down)
    hit = page.selected_hit()
    assert hit is not None and hit.kind == "minute"
    with qtbot.waitSignal(window.minutes_page.loaded, timeout=WAIT_MS):
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.current_view() == "minutes"
    minutes = window.minutes_page
    qtbot.waitUntil(lambda: minutes.meeting_id() == hit.meeting_id, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: minutes.current_item_id() == hit.agenda_item_id, timeout=WAIT_MS)


def test_enter_on_an_action_opens_the_action_log_with_it_chosen(
    qtbot: QtBot, demo_folder: Path, open_window: OpenWindow
) -> None:
    window = open_window()
    type_search(qtbot, window, "outreach")
    page = window.search_page
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=WAIT_MS)
    # Pick one well down the list, so that "the first row" would not pass by luck.
    hits = page.model.records()
    row = max(n for n, h in enumerate(hits[:40]) if h.kind == "action")
    hit: SearchHit = hits[row]
    page.table.setCurrentIndex(page.model.index(row, 0))
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    log = window.action_log_page
    qtbot.waitUntil(lambda: window.current_view() == "actions", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: log.selected_id() == hit.action_id, timeout=WAIT_MS)


def test_double_click_opens_a_result_too(
    qtbot: QtBot, demo_folder: Path, open_window: OpenWindow
) -> None:
    window = open_window()
    type_search(qtbot, window, "outreach")
    page = window.search_page
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=WAIT_MS)
    opened: list[SearchHit] = []
    page.open_requested.connect(opened.append)
    index = page.model.index(0, SearchResultsModel.WHERE)
    rect = page.table.visualRect(index)
    # A person's double-click: a click, then the second press that makes it double.
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened and opened[0].row_id == page.model.records()[0].row_id


def test_hostile_text_and_no_matches_say_so(
    qtbot: QtBot, demo_folder: Path, open_window: OpenWindow
) -> None:
    window = open_window()
    type_search(qtbot, window, '"NEAR( -* ')
    page = window.search_page
    # Emoji and right-to-left text arrive pasted (QTest cannot type surrogate pairs).
    box = window.search_box
    box.insert("😀 مرحبا")
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert page.query() == '"NEAR( -* 😀 مرحبا'
    assert page.model.rowCount() == 0
    assert "Nothing found" in page.summary.text()
    assert page.empty_note.isVisible()
    assert window.dialog is None  # no error box

    # Escape clears the box and the results.
    window.search_box.setFocus()
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert window.search_box.text() == ""
    assert "Type in the search box" in page.summary.text()


def test_typing_quickly_searches_once_for_the_final_text(
    qtbot: QtBot, demo_folder: Path, open_window: OpenWindow
) -> None:
    window = open_window()
    searched: list[str] = []
    window.search_box.search_requested.connect(searched.append)
    type_search(qtbot, window, "transport")
    assert searched == ["transport"]


def test_the_search_entry_in_the_navigation_shows_the_page(
    qtbot: QtBot, demo_folder: Path, open_window: OpenWindow
) -> None:
    window = open_window()
    with qtbot.waitSignal(window.view_ready, timeout=WAIT_MS) as ready:
        click_navigation(qtbot, window, "Search")
    assert ready.args == ["search"]
    assert "Type in the search box" in window.search_page.summary.text()


def test_view_search_shows_a_sample_search(
    qtbot: QtBot, demo_folder: Path, open_window: OpenWindow, qapp: QApplication
) -> None:
    window = MainWindow(demo_folder, view="search")
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.view_ready, timeout=WAIT_MS) as ready:
        window.start()
    assert ready.args == ["search"]
    assert window.search_box.text() == "outreach provision"
    assert window.search_page.model.rowCount() > 0
    window.close()
