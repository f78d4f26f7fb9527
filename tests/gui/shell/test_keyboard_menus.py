# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot carries no type hints.)
"""Every menu command can be reached from the keyboard: each has an access key or a
shortcut, no two share an access key in a menu or a shortcut in the window, and the
commands a secretary uses most have shortcuts that work when pressed."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from gui_helpers import on_worker
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

from sen_desktop.core.programme import seed
from sen_desktop.gui.help.window import plain
from sen_desktop.gui.meetings.dialogs import AgendaItemDialog
from sen_desktop.gui.shell.window import MainWindow

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

OpenWindow = Callable[..., MainWindow]
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
WAIT_MS = 30_000
_ACCESS_KEY = re.compile(r"&([^&\s])")


def access_key(text: str) -> str | None:
    match = _ACCESS_KEY.search(text.replace("&&", ""))
    return match.group(1).lower() if match else None


def menus(window: MainWindow) -> list[tuple[str, list[QAction]]]:
    found = []
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        assert isinstance(menu, QMenu), menu_action.text()
        actions = [a for a in menu.actions() if not a.isSeparator()]
        found.append((menu_action.text(), actions))
    return found


def test_every_menu_command_has_an_access_key_or_a_shortcut(open_window: OpenWindow) -> None:
    window = open_window()
    all_menus = menus(window)
    assert len(all_menus) >= 12
    titles = [access_key(title) for title, _actions in all_menus]
    assert None not in titles, "a menu without an access key"
    assert [k for k, n in Counter(titles).items() if n > 1] == [], "menus sharing a key"
    unreachable, clashes = [], []
    for title, actions in all_menus:
        keys = [access_key(a.text()) for a in actions]
        for action, key in zip(actions, keys, strict=True):
            if key is None and action.shortcut().isEmpty():
                unreachable.append(f"{plain(title)} ▸ {plain(action.text())}")
        clashes += [f"{plain(title)}: {k!r}" for k, n in Counter(keys).items() if k and n > 1]
    assert unreachable == []
    assert clashes == []


def test_no_two_commands_share_a_shortcut(open_window: OpenWindow) -> None:
    window = open_window()
    owners: dict[str, list[str]] = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            text = key.toString(QKeySequence.SequenceFormat.PortableText)
            owners.setdefault(text, []).append(plain(action.text()) or action.objectName())
    shared = {key: names for key, names in owners.items() if len(names) > 1}
    assert shared == {}


def test_the_go_menu_numbers_the_pages_in_order(open_window: OpenWindow) -> None:
    window = open_window()
    numbered = [(a.data(), a.shortcut().toString()) for a in window.menu_actions.go_pages
                if not a.shortcut().isEmpty()]
    assert [keys for _view, keys in numbered] == [f"Ctrl+{n}" for n in range(1, 10)]
    assert [view for view, _keys in numbered] == [
        "home", "groups", "meetings", "minutes", "actions", "recommendations", "plan",
        "people", "sync",
    ]


def _press_and_see(qtbot: QtBot, window: MainWindow, action: QAction, key: Qt.Key) -> None:
    """Press Ctrl+Shift+``key`` with the focus in the window; ``action`` must fire."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    target = QApplication.focusWidget() or window
    with qtbot.waitSignal(action.triggered, timeout=WAIT_MS):
        qtbot.keyClick(target, key, CTRL | SHIFT)


def test_the_main_commands_have_shortcuts_that_work(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    a = window.menu_actions
    wanted = {a.schedule_meeting: "Ctrl+Shift+M", a.add_agenda_item: "Ctrl+Shift+I",
              a.new_action: "Ctrl+Shift+T", a.new_recommendation: "Ctrl+Shift+R",
              a.add_milestone: "Ctrl+Shift+L", a.make_pack: "Ctrl+Shift+P",
              a.cancel_meeting: "Ctrl+Shift+Del", a.user_guide: "F1", a.shortcuts: "Ctrl+/"}
    assert {action: action.shortcut().toString() for action in wanted} == wanted

    # A planned meeting, chosen on the Meetings page: add an item, then cancel it.
    assert window.session is not None
    meetings = window.session.meetings
    meeting = on_worker(qtbot, window, lambda: meetings.schedule(
        seed.group_id("BESD"), dt.date.today() + dt.timedelta(days=14)))
    window.show_view("meetings")
    qtbot.waitUntil(lambda: window.meetings_page.select_meeting(meeting.id), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: (d := window.meetings_page.meeting()) is not None
                    and d.id == meeting.id and a.add_agenda_item.isEnabled(), timeout=WAIT_MS)
    window.meetings_page.list_table.setFocus()
    _press_and_see(qtbot, window, a.add_agenda_item, Qt.Key.Key_I)
    dialog = window.meetings_page.dialog
    assert isinstance(dialog, AgendaItemDialog)
    dialog.reject()
    _press_and_see(qtbot, window, a.cancel_meeting, Qt.Key.Key_Delete)
    question = window.meetings_page.dialog
    assert isinstance(question, QMessageBox) and "Cancel" in question.windowTitle()
    question.reject()  # Keep it

    _press_and_see(qtbot, window, a.make_pack, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: window.dialog is not None and window.dialog.isVisible(),
                    timeout=WAIT_MS)
