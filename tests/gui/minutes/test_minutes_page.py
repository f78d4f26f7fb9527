# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot carries no type hints.)
"""Minute-taking from the keyboard: type into two items, add a resolution and two
actions, undo and redo; what is typed reaches the database soon after a pause, and
typing never waits for the database."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from gui_helpers import on_worker
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from sen_desktop.core.programme import seed
from sen_desktop.gui.shell.resume import read_resume
from sen_desktop.gui.shell.window import MainWindow

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from sen_desktop.core.minutes.service import MinutesService

OpenWindow = Callable[..., MainWindow]
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
MEETING_DAY = dt.date(2010, 10, 6)
#: Autosave promises the database within a second of a pause; the test allows for a
#: busy machine, not for a slower design.
SAVED_WITHIN_MS = 3000


def schedule_meeting(qtbot: QtBot, window: MainWindow) -> tuple[str, dict[str, str]]:
    """A Steering Group meeting with two business items; returns (id, {title: item id})."""
    assert window.session is not None
    meetings = window.session.meetings

    def make() -> tuple[str, dict[str, str]]:
        detail = meetings.schedule(seed.group_id("SG"), MEETING_DAY, venue="Sessions House")
        meetings.add_agenda_item(detail.id, "Budget 2011–12", presenter="Finance lead")
        meetings.add_agenda_item(detail.id, "Outreach services")
        return detail.id, {i.title: i.id for i in meetings.agenda(detail.id)}

    return on_worker(qtbot, window, make)


def minutes_service(window: MainWindow) -> MinutesService:
    assert window.session is not None
    return window.session.minutes


def open_minutes(qtbot: QtBot, window: MainWindow) -> None:
    page = window.minutes_page
    with qtbot.waitSignal(page.loaded, timeout=30_000):
        window.show_view("minutes")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def click_item(qtbot: QtBot, window: MainWindow, title: str) -> None:
    page = window.minutes_page
    model = page.items_model
    rows = [r for r, rec in enumerate(model.records()) if rec.title == title]
    assert rows, f"no agenda item {title!r}"
    rect = page.items_view.visualRect(model.index(rows[0], 1))
    qtbot.mouseClick(page.items_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def test_minutes_from_the_keyboard_with_undo_and_redo(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    _meeting_id, items = schedule_meeting(qtbot, window)
    budget, outreach = items["Budget 2011–12"], items["Outreach services"]
    open_minutes(qtbot, window)
    page = window.minutes_page
    minutes = minutes_service(window)
    assert page.meeting_label.text() == "Strategy Steering Group, meeting 1, 6 October 2010"
    assert page.status_label.text() == "Status: Planned"

    # Type the discussion of the budget item; it is saved soon after the pause.
    click_item(qtbot, window, "Budget 2011–12")
    assert page.current_item_id() == budget
    assert page.item_heading.text() == "5. Budget 2011–12"
    page.editor.setFocus()
    qtbot.keyClicks(page.editor, "The budget was presented.")
    qtbot.waitUntil(lambda: on_worker(qtbot, window, lambda: minutes.text(budget))
                    == "The budget was presented.", timeout=SAVED_WITHIN_MS)

    # Ctrl+R: a resolution line, with the cursor in it.
    qtbot.keyClick(page.editor, Qt.Key.Key_R, CTRL)
    line = page.resolutions.line_edit(page.resolutions.lines()[0].id)
    assert line is not None and focused() is line
    assert line.accessibleName() == "Resolution (a)"
    qtbot.keyClicks(line, "the budget be agreed")
    assert window.menu_actions.undo.text() == "Undo Typing in resolution (a)"

    # Two actions, each without leaving the keyboard.
    def add_action(description: str, owner: str, due: str) -> None:
        qtbot.keyClick(focused() or page.editor, Qt.Key.Key_N, CTRL | SHIFT)
        assert focused() is page.action_row.description
        qtbot.keyClicks(page.action_row.description, description)
        qtbot.keyClick(page.action_row.description, Qt.Key.Key_Tab)
        owner_line = page.action_row.owner.lineEdit()
        assert focused() is page.action_row.owner
        qtbot.keyClicks(owner_line, owner)
        completer = page.action_row.owner.completer()
        popup = completer.popup() if completer is not None else None
        if popup is not None and popup.isVisible():
            qtbot.keyClick(popup, Qt.Key.Key_Escape)
        qtbot.keyClick(owner_line, Qt.Key.Key_Tab)
        assert focused() is page.action_row.due
        qtbot.keyClicks(page.action_row.due, due)
        count = len(page.actions_model.records())
        qtbot.keyClick(page.action_row.due, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: len(page.actions_model.records()) == count + 1, timeout=10_000)

    add_action("Cost the outreach options", "Clerk to the group", "30/11/2010")
    add_action("Write to the Director", "", "1 Dec 2010")
    refs = [a.reference for a in page.actions_model.records()]
    assert refs == ["SG-1", "SG-2"]
    assert not page.action_row.isVisible()
    assert focused() is page.editor
    assert window.menu_actions.undo.text() == "Undo Add action SG-2"

    # Undo the second action: it goes from the view and from the database.
    qtbot.keyClick(page.editor, Qt.Key.Key_Z, CTRL)
    assert [a.reference for a in page.actions_model.records()] == ["SG-1"]
    assert window.menu_actions.redo.text() == "Redo Add action SG-2"

    def saved_actions() -> list[str]:
        return [a.reference for a in on_worker(qtbot, window, lambda: minutes.item_minutes(
            budget).actions)]

    qtbot.waitUntil(lambda: saved_actions() == ["SG-1"], timeout=SAVED_WITHIN_MS)
    saved = on_worker(qtbot, window, lambda: minutes.item_minutes(budget))
    assert saved.actions[0].owner_name == "Clerk to the group"
    assert saved.actions[0].due_date == dt.date(2010, 11, 30)

    # Redo brings it back, the same action with the same reference.
    window.menu_actions.redo.trigger()
    qtbot.waitUntil(lambda: saved_actions() == ["SG-1", "SG-2"], timeout=SAVED_WITHIN_MS)
    assert [a.reference for a in page.actions_model.records()] == ["SG-1", "SG-2"]

    # The next item, from the keyboard; its text is its own.
    qtbot.keyClick(page.editor, Qt.Key.Key_PageDown, CTRL)
    assert page.current_item_id() == outreach
    assert page.editor.toPlainText() == ""
    assert focused() is page.editor
    qtbot.keyClicks(page.editor, "Outreach was discussed.")
    qtbot.waitUntil(lambda: on_worker(qtbot, window, lambda: minutes.text(outreach))
                    == "Outreach was discussed.", timeout=SAVED_WITHIN_MS)
    assert window.menu_actions.undo.text() == "Undo Typing in 6. Outreach services"
    qtbot.keyClick(page.editor, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert page.current_item_id() != outreach
    qtbot.keyClick(page.editor, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert page.current_item_id() == outreach

    # Undo reaches back across items: the outreach typing, then the last action.
    window.menu_actions.undo.trigger()
    assert page.editor.toPlainText() == ""
    window.menu_actions.undo.trigger()
    assert page.current_item_id() == budget  # the page shows where the undo happened
    qtbot.waitUntil(lambda: saved_actions() == ["SG-1"], timeout=SAVED_WITHIN_MS)
    qtbot.waitUntil(lambda: on_worker(qtbot, window, lambda: minutes.text(outreach)) == "",
                    timeout=SAVED_WITHIN_MS)

    # The budget item's text and resolution are as typed.
    item = on_worker(qtbot, window, lambda: minutes.item_minutes(budget))
    assert item.text == "The budget was presented."
    assert [(r.label, r.text) for r in item.resolutions] == [("(a)", "the budget be agreed")]
    # And the place being minuted is remembered for a restart.
    point = read_resume(window.data_dir)
    assert point is not None and point.item_id == budget and point.showing


def test_typing_goes_on_while_the_database_is_busy(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    _meeting_id, items = schedule_meeting(qtbot, window)
    budget = items["Budget 2011–12"]
    open_minutes(qtbot, window)
    page = window.minutes_page
    minutes = minutes_service(window)
    click_item(qtbot, window, "Budget 2011–12")

    # Hold the worker (as a long save or a slow disk would) while the secretary types.
    release = threading.Event()
    window.runner.run(lambda: release.wait(30))
    page.editor.setFocus()
    qtbot.keyClicks(page.editor, "Typed while the database was busy. ")
    qtbot.wait(800)  # a pause: autosave asks for a save, which must queue
    qtbot.keyClicks(page.editor, "And more.")
    assert page.editor.toPlainText() == "Typed while the database was busy. And more."
    assert page.save_label.text() == "Saving…"
    release.set()
    qtbot.waitUntil(lambda: on_worker(qtbot, window, lambda: minutes.text(budget))
                    == "Typed while the database was busy. And more.",
                    timeout=SAVED_WITHIN_MS)
    qtbot.waitUntil(lambda: page.save_label.text() == "All changes saved", timeout=5000)


def test_typing_is_one_undo_step_per_burst(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window()
    _meeting_id, items = schedule_meeting(qtbot, window)
    open_minutes(qtbot, window)
    page = window.minutes_page
    click_item(qtbot, window, "Outreach services")
    page.editor.setFocus()
    qtbot.keyClicks(page.editor, "First burst.")
    qtbot.keyClick(page.editor, Qt.Key.Key_Return)
    qtbot.keyClicks(page.editor, "Second paragraph")
    qtbot.wait(900)  # a pause closes the step
    qtbot.keyClicks(page.editor, ", continued.")
    assert page.undo_stack.count() == 3
    qtbot.keyClick(page.editor, Qt.Key.Key_Z, CTRL)
    assert page.editor.toPlainText() == "First burst.\nSecond paragraph"
    qtbot.keyClick(page.editor, Qt.Key.Key_Z, CTRL)
    assert page.editor.toPlainText() == "First burst.\n"
    qtbot.keyClick(page.editor, Qt.Key.Key_Z, CTRL | SHIFT)
    assert page.editor.toPlainText() == "First burst.\nSecond paragraph"
    minutes = minutes_service(window)
    qtbot.waitUntil(lambda: on_worker(qtbot, window, lambda: minutes.text(
        items["Outreach services"])) == "First burst.\nSecond paragraph", timeout=SAVED_WITHIN_MS)


def test_a_resolution_removed_and_restored_keeps_its_letter(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    _meeting_id, items = schedule_meeting(qtbot, window)
    budget = items["Budget 2011–12"]
    open_minutes(qtbot, window)
    page = window.minutes_page
    minutes = minutes_service(window)
    click_item(qtbot, window, "Budget 2011–12")
    page.editor.setFocus()
    for text in ("the report be noted", "the budget be agreed"):
        window.menu_actions.new_resolution.trigger()
        line = focused()
        assert line is not None
        qtbot.keyClicks(line, text)
    lines = page.resolutions.lines()
    remove = [b for b in page.resolutions.findChildren(QWidget)
              if b.accessibleName() == "Remove resolution (a)"]
    qtbot.mouseClick(remove[0], Qt.MouseButton.LeftButton)
    assert [line.text for line in page.resolutions.lines()] == ["the budget be agreed"]
    assert window.menu_actions.undo.text() == "Undo Remove resolution (a)"

    def saved() -> list[tuple[str, str]]:
        return [(r.label, r.text) for r in on_worker(qtbot, window,
                                                      lambda: minutes.resolutions(budget))]

    qtbot.waitUntil(lambda: saved() == [("(a)", "the budget be agreed")],
                    timeout=SAVED_WITHIN_MS)
    window.menu_actions.undo.trigger()
    assert [line.id for line in page.resolutions.lines()] == [line.id for line in lines]
    qtbot.waitUntil(lambda: saved() == [("(a)", "the report be noted"),
                                        ("(b)", "the budget be agreed")],
                    timeout=SAVED_WITHIN_MS)


def test_every_control_of_the_minutes_page_is_named(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    from tests.gui.shell.test_accessibility import _unnamed_controls

    window = open_window()
    schedule_meeting(qtbot, window)
    open_minutes(qtbot, window)
    page = window.minutes_page
    click_item(qtbot, window, "Budget 2011–12")
    window.menu_actions.new_resolution.trigger()
    window.menu_actions.new_minute_action.trigger()
    assert page.action_row.isVisible()
    assert _unnamed_controls(page) == []
    # Escape leaves the new action unsaved and returns to the discussion.
    qtbot.keyClicks(page.action_row.description, "Never mind")
    qtbot.keyClick(page.action_row.description, Qt.Key.Key_Escape)
    assert not page.action_row.isVisible()
    assert focused() is page.editor
    assert page.actions_model.records() == ()


def test_a_due_date_is_read_like_every_date_in_the_window(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    _meeting_id, items = schedule_meeting(qtbot, window)
    open_minutes(qtbot, window)
    page = window.minutes_page
    click_item(qtbot, window, "Budget 2011–12")
    qtbot.keyClick(page.editor, Qt.Key.Key_N, CTRL | SHIFT)
    row = page.action_row
    qtbot.keyClicks(row.description, "Cost the options")
    row.due.setFocus()
    qtbot.keyClicks(row.due, "31/11/2010")
    qtbot.keyClick(row.due, Qt.Key.Key_Return)
    assert row.error.isVisible()
    assert row.error.text() == (
        "November 2010 has 30 days: check the day. Or leave the due date empty.")
    assert focused() is row.due and row.due.property("invalid") is True
    # Without a year: the one nearest the meeting (6 October 2010), not today's.
    row.due.selectAll()
    qtbot.keyClicks(row.due, "30/11")
    qtbot.keyClick(row.due, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(page.actions_model.records()) == 1, timeout=10_000)
    assert page.actions_model.records()[0].due_date == dt.date(2010, 11, 30)


def test_a_meeting_asked_for_twice_quickly_shows_only_the_second(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    first_id, _items = schedule_meeting(qtbot, window)
    assert window.session is not None
    meetings = window.session.meetings
    second_id = on_worker(qtbot, window, lambda: meetings.schedule(
        seed.group_id("BESD"), MEETING_DAY, venue="Oak School").id)
    open_minutes(qtbot, window)
    page = window.minutes_page
    minutes = minutes_service(window)
    read: list[str] = []
    real = minutes.meeting_minutes

    def counted(meeting_id: str) -> object:
        read.append(meeting_id)
        return real(meeting_id)

    minutes.meeting_minutes = counted  # type: ignore[method-assign]
    shown: list[str] = []
    page.loaded.connect(lambda: shown.append(page.meeting_id() or ""))
    release = threading.Event()
    window.runner.run(lambda: release.wait(30))
    try:
        page.show_meeting(first_id, focus=False)
        page.show_meeting(second_id, focus=False)  # changed her mind before it arrived
    finally:
        release.set()
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    qtbot.waitUntil(lambda: not window.runner.busy(), timeout=30_000)
    assert read == [second_id] and shown == [second_id]
    assert page.meeting_label.text().startswith("BESD Working Group, meeting 1")
