# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot carries no type hints.)
"""Typing goes where the secretary expects: every way into the minutes (Alt+M on the
Meetings page, opening them from elsewhere, Ctrl+4, the next or previous item, a restart
on the Minutes page) leaves the cursor at the end of the item's Discussion; Tab walks the page
in reading order; a new action keeps the resolution just typed in sight; and the
attendance buttons have access keys of their own."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from gui_helpers import click_navigation, on_worker
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QTabBar,
    QWidget,
)

from sen_desktop.core.programme import seed
from sen_desktop.gui.shell.window import MainWindow
from tests.gui.meetings.test_whole_meeting import FIRST, MEMBERS, add_members
from tests.gui.minutes.test_minutes_page import (
    click_item,
    minutes_service,
    open_minutes,
    schedule_meeting,
)

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from sen_desktop.gui.minutes.page import MinutesPage

OpenWindow = Callable[..., MainWindow]
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
WAIT_MS = 30_000
BUDGET_TEXT = "The budget was presented."
OUTREACH_TEXT = "Outreach was discussed."


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.runner.busy(), timeout=WAIT_MS)


def activate(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def typing_lands_at_the_end(qtbot: QtBot, page: MinutesPage, text: str) -> None:
    """The Discussion has the keyboard, its cursor after ``text``: a key typed now
    goes at the end."""
    qtbot.waitUntil(lambda: focused() is page.editor, timeout=WAIT_MS)
    assert page.editor.toPlainText() == text
    assert page.editor.textCursor().position() == len(text)
    qtbot.keyClicks(focused() or page.editor, "!")
    assert page.editor.toPlainText() == text + "!"
    qtbot.keyClick(page.editor, Qt.Key.Key_Backspace)
    # Saved before going on, so nothing is left for closing to wait for.
    qtbot.waitUntil(lambda: not page.autosaver.has_pending(), timeout=WAIT_MS)


def meeting_with_minutes(qtbot: QtBot, window: MainWindow) -> tuple[str, dict[str, str]]:
    meeting_id, items = schedule_meeting(qtbot, window)
    minutes = minutes_service(window)

    def write() -> None:
        minutes.save_text(items["Budget 2011–12"], BUDGET_TEXT)
        minutes.save_text(items["Outreach services"], OUTREACH_TEXT)

    on_worker(qtbot, window, write)
    return meeting_id, items


def test_every_way_into_the_minutes_leaves_the_cursor_at_the_end_of_the_discussion(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    meeting_id, items = meeting_with_minutes(qtbot, window)
    page = window.minutes_page

    # From the Meetings page: the meeting chosen, Alt+M.
    click_navigation(qtbot, window, "Meetings")
    idle(qtbot, window)
    meetings = window.meetings_page
    meetings.load_meeting(meeting_id)
    idle(qtbot, window)
    meetings.agenda.select_item(items["Budget 2011–12"])
    meetings.agenda.table.setFocus()
    activate(qtbot, window)
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        qtbot.keyClick(focused() or window, Qt.Key.Key_M, ALT)
    assert window.current_view() == "minutes"
    assert page.current_item_id() == items["Budget 2011–12"]
    typing_lands_at_the_end(qtbot, page, BUDGET_TEXT)

    # From another page with the navigation list in hand (a search hit, a link).
    click_navigation(qtbot, window, "People")
    idle(qtbot, window)
    assert focused() is window.navigation
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        window.show_minutes(meeting_id, items["Outreach services"])
    typing_lands_at_the_end(qtbot, page, OUTREACH_TEXT)

    # Ctrl+4 (Go ▸ Minutes) from another page, the navigation list in hand.
    click_navigation(qtbot, window, "People")
    idle(qtbot, window)
    assert focused() is window.navigation
    qtbot.keyClick(window.navigation, Qt.Key.Key_4, CTRL)
    assert window.current_view() == "minutes"
    typing_lands_at_the_end(qtbot, page, OUTREACH_TEXT)

    # The previous and next item, even from the agenda list.
    page.items_view.setFocus()
    qtbot.keyClick(page.items_view, Qt.Key.Key_PageUp, CTRL)
    assert page.current_item_id() == items["Budget 2011–12"]
    typing_lands_at_the_end(qtbot, page, BUDGET_TEXT)
    qtbot.keyClick(page.editor, Qt.Key.Key_Down, ALT)
    assert page.current_item_id() == items["Outreach services"]
    typing_lands_at_the_end(qtbot, page, OUTREACH_TEXT)

    # Arrowing through the agenda list itself keeps the keyboard there.
    page.items_view.setFocus()
    qtbot.keyClick(page.items_view, Qt.Key.Key_Up)
    assert page.current_item_id() == items["Budget 2011–12"]
    assert focused() is page.items_view


def test_a_restart_on_the_minutes_page_leaves_the_cursor_at_the_end_of_the_discussion(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    _meeting_id, items = meeting_with_minutes(qtbot, window)
    open_minutes(qtbot, window)
    click_item(qtbot, window, "Outreach services")
    idle(qtbot, window)
    window.close()  # the place is kept as it changes, so a kill -9 leaves the same
                    # (tests/gui/shell/test_kill_recovery.py restarts after a real kill)

    window = open_window()
    page = window.minutes_page
    qtbot.waitUntil(lambda: page.current_item_id() == items["Outreach services"],
                    timeout=WAIT_MS)
    activate(qtbot, window)
    typing_lands_at_the_end(qtbot, page, OUTREACH_TEXT)


def test_tab_walks_the_minutes_page_in_reading_order(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    meeting_with_minutes(qtbot, window)
    open_minutes(qtbot, window)
    page = window.minutes_page
    click_item(qtbot, window, "Budget 2011–12")
    for text in ("the report be noted", "the budget be agreed"):
        window.menu_actions.new_resolution.trigger()
        qtbot.keyClicks(focused() or page.editor, text)
    window.menu_actions.new_minute_action.trigger()
    assert focused() is page.action_row.description
    ids = [line.id for line in page.resolutions.lines()]
    a, b = (page.resolutions.line_edit(i) for i in ids)
    remove_a, remove_b = (
        next(w for w in page.resolutions.findChildren(QAbstractButton)
             if w.isVisible() and w.accessibleName() == f"Remove resolution {letter}")
        for letter in ("(a)", "(b)"))
    row = page.action_row
    expected = [page.items_view, page.editor, a, remove_a, b, remove_b, page.actions_view,
                row.description, row.owner, row.due, row.save_button, row.cancel_button]

    page.items_view.setFocus()
    walked: list[QWidget | None] = [focused()]
    for _step in expected[1:]:
        qtbot.keyClick(focused() or page, Qt.Key.Key_Tab)
        walked.append(focused())
    names = [w.accessibleName() or w.objectName() if w else None for w in walked]
    assert walked == expected, names
    # And back again with Shift+Tab.
    for widget in reversed(expected[:-1]):
        qtbot.keyClick(focused() or page, Qt.Key.Key_Backtab, SHIFT)
        assert focused() is widget, focused()


def _inside(widget: QWidget, viewport: QWidget) -> bool:
    rect = QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())
    return viewport.rect().contains(rect)


def test_a_new_action_keeps_the_resolution_just_typed_in_view(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    meeting_with_minutes(qtbot, window)
    window.resize(1366, 700)  # a council laptop's screen, less the task bar
    open_minutes(qtbot, window)
    page = window.minutes_page
    click_item(qtbot, window, "Budget 2011–12")
    for text in ("the report be noted", "the budget be agreed", "officers report back",
                 "the Director be informed"):
        qtbot.keyClick(focused() or page.editor, Qt.Key.Key_R, CTRL)
        qtbot.keyClicks(focused() or page.editor, text)
        line = focused()
        assert isinstance(line, QWidget)
        qtbot.waitUntil(lambda w=line: _inside(w, page.lower_scroll.viewport()), timeout=5000)
    typed = focused()
    assert typed is page.resolutions.line_edit(page.resolutions.lines()[-1].id)
    qtbot.keyClick(typed, Qt.Key.Key_N, CTRL | SHIFT)
    assert focused() is page.action_row.description
    viewport = page.lower_scroll.viewport()
    qtbot.wait(200)  # the scrolling is done once the layout has placed the new row
    assert _inside(page.action_row.description, viewport)
    assert _inside(typed, viewport)
    assert page.editor.height() >= 100  # the discussion keeps a few lines


def _mnemonic(text: str) -> str | None:
    match = re.search(r"&([^&])", text.replace("&&", ""))
    return match.group(1).lower() if match else None


def access_keys(page: QWidget, window: MainWindow) -> list[tuple[str, str]]:
    """(letter, whose text) for every access key on show: the page's and the menu bar's."""
    taken: list[tuple[str, str]] = []
    for widget in page.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton | QLabel):
            key = _mnemonic(widget.text())
            if key:
                taken.append((key, widget.text()))
        if isinstance(widget, QTabBar):
            taken += [(k, widget.tabText(i)) for i in range(widget.count())
                      if (k := _mnemonic(widget.tabText(i)))]
    for action in window.menuBar().actions():
        if key := _mnemonic(action.text()):
            taken.append((key, f"{action.text()} menu"))
    return taken


def clashes(taken: list[tuple[str, str]]) -> dict[str, list[str]]:
    holders: dict[str, list[str]] = {}
    for key, text in taken:
        holders.setdefault(key, []).append(text)
    return {key: texts for key, texts in holders.items() if len(texts) > 1}


def test_the_minutes_page_access_keys_are_its_own(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    meeting_with_minutes(qtbot, window)
    open_minutes(qtbot, window)
    page = window.minutes_page
    click_item(qtbot, window, "Budget 2011–12")
    window.menu_actions.new_resolution.trigger()
    window.menu_actions.new_minute_action.trigger()
    assert page.action_row.isVisible()
    assert clashes(access_keys(page, window)) == {}
    click_item(qtbot, window, "Matters arising and action log")
    assert page.matters_heading.isVisible()
    assert clashes(access_keys(page, window)) == {}


def test_the_attendance_buttons_have_access_keys_of_their_own(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    add_members(qtbot, window)  # the BESD Working Group's members
    assert window.session is not None
    meetings_service = window.session.meetings
    meeting_id = on_worker(qtbot, window, lambda: meetings_service.schedule(
        seed.group_id("BESD"), FIRST).id)
    click_navigation(qtbot, window, "Meetings")
    idle(qtbot, window)
    meetings = window.meetings_page
    meetings.load_meeting(meeting_id)
    idle(qtbot, window)
    attendance = meetings.attendance
    meetings.tabs.setCurrentWidget(attendance)
    buttons = [attendance.present_button, attendance.apologies_button,
               attendance.absent_button, attendance.substitute_button,
               attendance.add_button, attendance.remove_button]

    # Every access key on show while the attendance is: the page's and the menu bar's.
    taken = access_keys(meetings, window)
    for button in buttons:
        key = _mnemonic(button.text())
        assert key, f"{button.text()!r} has no access key"
        holders = [text for k, text in taken if k == key]
        assert holders == [button.text()], f"Alt+{key.upper()} is also {holders}"

    # The declarations tab's own button, in place of the attendance's.
    meetings.tabs.setCurrentWidget(meetings.declarations)
    add = meetings.declarations.add_button
    key = _mnemonic(add.text())
    assert key and [t for k, t in access_keys(meetings, window) if k == key] == [add.text()]
    meetings.tabs.setCurrentWidget(attendance)

    # And the access keys do what they say to the chosen member.
    assert [r.person_name for r in attendance.model.records()][:len(MEMBERS)] == MEMBERS
    activate(qtbot, window)
    for key, status in ((Qt.Key.Key_N, "present"), (Qt.Key.Key_S, "apologies"),
                        (Qt.Key.Key_B, "absent")):
        attendance.table.selectRow(0)
        attendance.table.setFocus()
        with qtbot.waitSignal(attendance.status_requested, timeout=WAIT_MS) as marked:
            qtbot.keyClick(attendance.table, key, ALT)
        assert marked.args[1] == status
        idle(qtbot, window)
