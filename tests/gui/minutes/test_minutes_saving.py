# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot carries no type hints.)
"""Nothing typed is lost: a save the database refuses (another program holds its write
lock) keeps the text, is tried again and lands once the lock goes; the page never says
"All changes saved" while the database holds something else; closing with typing not
yet saved tries once more and then asks, and keeps the window open if told to."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pytest
from gui_helpers import click_navigation, on_worker
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from sen_desktop.core.store import database
from sen_desktop.core.store.datafolder import DATABASE_NAME
from sen_desktop.gui.common.autosave import SaveState
from sen_desktop.gui.shell.window import MainWindow
from tests.gui.minutes.test_minutes_page import (
    click_item,
    minutes_service,
    open_minutes,
    schedule_meeting,
)

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from sen_desktop.gui.minutes.page import MinutesPage

OpenWindow = Callable[..., MainWindow]
CTRL = Qt.KeyboardModifier.ControlModifier
SAVED = SaveState.SAVED.value
RETRYING = SaveState.RETRYING.value
#: Retries back off 0.5 s, 1 s, 2 s …; after a short lock the text lands within this.
LANDS_WITHIN_MS = 8000


@pytest.fixture(autouse=True)
def _short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    # A locked database answers "locked" after the busy timeout (5 s in the program);
    # a shorter one keeps these tests quick and changes nothing else.
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 150)


def stored_text(data_dir: Path, item_id: str) -> str:
    """The item's discussion as the database file holds it, read beside the program."""
    connection = sqlite3.connect(data_dir / DATABASE_NAME, timeout=5)
    try:
        rows = connection.execute(
            "SELECT text FROM minute_entry WHERE agenda_item_id = ? AND deleted = 0 "
            "ORDER BY position", (item_id,)).fetchall()
    finally:
        connection.close()
    return "\n\n".join(text for (text,) in rows)


@contextmanager
def write_lock(data_dir: Path) -> Iterator[Callable[[], None]]:
    """Another program holds the database's write lock until ``release()`` is called."""
    connection = sqlite3.connect(data_dir / DATABASE_NAME, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    held = [True]

    def release() -> None:
        if held[0]:
            connection.execute("ROLLBACK")
            held[0] = False

    try:
        yield release
    finally:
        release()
        connection.close()


def never_claims_saved_wrongly(page: MinutesPage, data_dir: Path, item_id: str) -> list[str]:
    """Each time the page says "All changes saved", check the database holds what is on
    screen; the list collects any time it did not."""
    wrong: list[str] = []

    def check(state: str) -> None:
        if state == SAVED and page.current_item_id() == item_id:
            stored = stored_text(data_dir, item_id)
            if stored != page.editor.toPlainText():
                wrong.append(f"said saved while the database held {stored!r}")

    page.save_state_changed.connect(check)
    return wrong


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def answer_question(answers: list[str], asked: list[str],
                    before: Callable[[], None] | None = None) -> None:
    """Click the named button of the next message boxes, as the person would."""

    def poll(tries: int = 0) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            asked.append(box.text())
            if before is not None:
                before()
            wanted = answers.pop(0)
            [button] = [b for b in box.buttons() if b.text().replace("&", "") == wanted]
            button.click()
            if answers:
                QTimer.singleShot(20, lambda: poll())
            return
        if tries < 1000:
            QTimer.singleShot(20, lambda: poll(tries + 1))

    QTimer.singleShot(0, lambda: poll())


def minutes_of_item(qtbot: QtBot, window: MainWindow, title: str) -> tuple[MinutesPage, str]:
    """A meeting scheduled and its minutes open: the Minutes page and the item's id."""
    _meeting_id, items = schedule_meeting(qtbot, window)
    open_minutes(qtbot, window)
    return window.minutes_page, items[title]


def type_into(qtbot: QtBot, window: MainWindow, title: str) -> None:
    """Choose the item ``title`` and put the cursor in its Discussion."""
    click_item(qtbot, window, title)
    window.minutes_page.editor.setFocus()


def test_a_save_refused_by_a_locked_database_is_kept_retried_and_lands(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    window = open_window()
    page, budget = minutes_of_item(qtbot, window, "Budget 2011–12")
    wrong = never_claims_saved_wrongly(page, data_dir, budget)
    type_into(qtbot, window, "Budget 2011–12")
    qtbot.keyClicks(page.editor, "The budget was presented.")
    qtbot.waitUntil(lambda: page.save_label.text() == SAVED, timeout=LANDS_WITHIN_MS)
    assert stored_text(data_dir, budget) == "The budget was presented."

    with write_lock(data_dir) as release:
        qtbot.keyClicks(page.editor, " Members asked about transport.")
        qtbot.waitUntil(lambda: page.save_label.text() == RETRYING, timeout=LANDS_WITHIN_MS)
        assert page.message.isVisible()
        assert "Another program is using the database" in page.message.text()
        # Tried again (and refused again) while the lock is held: the text stays.
        failures: list[object] = []
        page.autosaver.failed.connect(lambda _key, error: failures.append(error))
        qtbot.waitUntil(lambda: len(failures) >= 1, timeout=LANDS_WITHIN_MS)
        assert getattr(failures[0], "reason", None) == "locked"  # core/store/failures.LOCKED
        assert page.save_label.text() == RETRYING
        assert page.autosaver.pending_text(("text", budget)) == (
            "The budget was presented. Members asked about transport.")
        assert stored_text(data_dir, budget) == "The budget was presented."
        release()
        qtbot.waitUntil(lambda: stored_text(data_dir, budget) == (
            "The budget was presented. Members asked about transport."),
            timeout=LANDS_WITHIN_MS)
    qtbot.waitUntil(lambda: page.save_label.text() == SAVED, timeout=LANDS_WITHIN_MS)
    assert not page.message.isVisible()
    assert wrong == []


def test_closing_with_unsaved_typing_asks_and_keeps_it(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    window = open_window()
    page, outreach = minutes_of_item(qtbot, window, "Outreach services")
    wrong = never_claims_saved_wrongly(page, data_dir, outreach)
    type_into(qtbot, window, "Outreach services")
    typed = "Outreach was discussed at length."

    with write_lock(data_dir) as release:
        qtbot.keyClicks(page.editor, typed)
        qtbot.waitUntil(lambda: page.save_label.text() == RETRYING, timeout=LANDS_WITHIN_MS)
        # Closing tries once more, then asks; "Keep the window open" keeps everything.
        asked: list[str] = []
        answer_question(["Keep the window open"], asked)
        assert page.confirm_close() is False
        assert asked == ["Some of the minutes you typed are not saved yet."]
        assert page.editor.toPlainText() == typed
        assert page.autosaver.pending_text(("text", outreach)) == typed
        assert stored_text(data_dir, outreach) == ""

        # Asked again: "Save again" while the other program lets go; it lands, and the
        # window may close.
        answer_question(["Save again"], asked, before=release)
        assert page.confirm_close() is True
        assert len(asked) == 2
    assert stored_text(data_dir, outreach) == typed
    assert not page.autosaver.has_pending()
    assert wrong == []


def test_closing_can_lose_the_text_only_when_the_person_says_so(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    window = open_window()
    page, budget = minutes_of_item(qtbot, window, "Budget 2011–12")
    type_into(qtbot, window, "Budget 2011–12")
    with write_lock(data_dir):
        qtbot.keyClicks(page.editor, "Never to be kept.")
        asked: list[str] = []
        answer_question(["Close and lose the text"], asked)
        assert page.confirm_close() is True
        assert len(asked) == 1
        assert not page.autosaver.has_pending()
    assert stored_text(data_dir, budget) == ""
    # With nothing unsaved, closing asks nothing.
    assert page.confirm_close() is True
    assert len(asked) == 1


def test_closing_the_window_with_unsaved_typing_keeps_it_open_when_asked(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    window = open_window()
    page, budget = minutes_of_item(qtbot, window, "Budget 2011–12")
    type_into(qtbot, window, "Budget 2011–12")
    typed = "Typed while another program held the database."
    with write_lock(data_dir) as release:
        qtbot.keyClicks(page.editor, typed)
        qtbot.waitUntil(lambda: page.save_label.text() == RETRYING, timeout=LANDS_WITHIN_MS)
        asked: list[str] = []
        answer_question(["Keep the window open"], asked)
        window.close()  # the window's close button, File ▸ Quit and Ctrl+Q all come here
        assert asked and window.isVisible()
        assert page.editor.toPlainText() == typed
        answer_question(["Save again"], asked, before=release)
        window.close()
        assert len(asked) == 2 and not window.isVisible()
    assert stored_text(data_dir, budget) == typed


def test_a_resolution_added_while_the_database_is_locked_is_kept_and_lands(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    window = open_window()
    page, budget = minutes_of_item(qtbot, window, "Budget 2011–12")
    minutes = minutes_service(window)
    type_into(qtbot, window, "Budget 2011–12")

    def stored() -> list[tuple[str, str]]:
        return [(r.label, r.text) for r in on_worker(qtbot, window,
                                                      lambda: minutes.resolutions(budget))]

    with write_lock(data_dir) as release:
        qtbot.keyClick(page.editor, Qt.Key.Key_R, CTRL)
        qtbot.keyClicks(focused() or page, "the report be noted")
        qtbot.keyClick(focused() or page, Qt.Key.Key_R, CTRL)
        qtbot.keyClicks(focused() or page, "a mistake")
        qtbot.waitUntil(lambda: page.save_label.text() == RETRYING, timeout=LANDS_WITHIN_MS)
        # The second is taken back (undo the typing, then the new line) before the
        # database ever had it.
        window.menu_actions.undo.trigger()
        window.menu_actions.undo.trigger()
        assert [line.text for line in page.resolutions.lines()] == ["the report be noted"]
        # Away to another page and back: the minutes are read again, and what the
        # database has not yet got is still on screen.
        click_navigation(qtbot, window, "People")
        with qtbot.waitSignal(page.loaded, timeout=LANDS_WITHIN_MS):
            click_navigation(qtbot, window, "Minutes")
        assert [line.text for line in page.resolutions.lines()] == ["the report be noted"]
        assert stored() == []
        assert page.save_label.text() == RETRYING
        release()
        qtbot.waitUntil(lambda: stored() == [("(a)", "the report be noted")],
                        timeout=LANDS_WITHIN_MS)
    qtbot.waitUntil(lambda: page.save_label.text() == SAVED, timeout=LANDS_WITHIN_MS)
    # Undo and redo of what landed still work on the database.
    window.menu_actions.undo.trigger()  # the typing
    window.menu_actions.undo.trigger()  # the line
    qtbot.waitUntil(lambda: stored() == [], timeout=LANDS_WITHIN_MS)
    window.menu_actions.redo.trigger()
    window.menu_actions.redo.trigger()
    qtbot.waitUntil(lambda: stored() == [("(a)", "the report be noted")],
                    timeout=LANDS_WITHIN_MS)
