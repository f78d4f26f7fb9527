# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot carries no type hints.)
"""Help: F1 opens the user guide (a page per task, its keys read from the menus), Ctrl+/
the keyboard list (built from the actions, so a command added later is listed), About
gives the version, the data folder and whom to ask; icon buttons have tool tips."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QMenu, QMessageBox, QToolBar, QToolButton

from sen_desktop.gui.help.user_guide import SECTIONS, placeholders
from sen_desktop.gui.help.window import HelpWindow, action_keys
from sen_desktop.gui.shell.window import MainWindow

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

OpenWindow = Callable[..., MainWindow]
WAIT_MS = 30_000


def active(qtbot: QtBot, window: MainWindow) -> MainWindow:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_f1_opens_the_user_guide_by_task(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = active(qtbot, open_window())
    window.navigation.setFocus()
    qtbot.keyClick(window.navigation, Qt.Key.Key_F1)
    guide = window.help_window
    assert isinstance(guide, HelpWindow)
    qtbot.waitUntil(guide.isVisible)
    assert guide.tabs.currentIndex() == 0
    topics = [guide.topics.item(r).text() for r in range(guide.topics.count())]
    for task in ("Set up a group", "Take minutes", "Record a decision", "Export papers",
                 "Exchange changes"):
        assert task in topics
    # Choosing a topic from the keyboard shows it, with the keys the menus really have.
    guide.topics.setFocus()
    while guide.topics.currentItem().text() != "Take minutes":
        qtbot.keyClick(guide.topics, Qt.Key.Key_Down)
    text = guide.text.toPlainText()
    assert text.startswith("Take minutes")
    schedule = window.menu_actions.schedule_meeting.shortcut()
    assert schedule.toString(QKeySequence.SequenceFormat.NativeText) in text
    assert "{" not in text and "}" not in text


def test_the_guide_names_only_actions_that_exist(open_window: OpenWindow) -> None:
    window = open_window()
    keys = action_keys(window.menu_actions, window.menuBar())
    assert placeholders() - set(keys) == set()
    # An action without keys is pointed to by its menu instead.
    assert keys["join_programme"] == "in the Exchange menu"
    guide = window.show_help(section="exchange")
    assert "in the Exchange menu" in guide.text.toPlainText()
    for section in SECTIONS:
        guide.show_guide(section.key)
        assert "{" not in guide.text.toPlainText(), section.key


def test_the_keyboard_list_is_read_from_the_actions(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = active(qtbot, open_window())
    window.navigation.setFocus()
    qtbot.keyClick(window.navigation, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    keys = window.help_window
    assert isinstance(keys, HelpWindow)
    qtbot.waitUntil(keys.isVisible)
    assert keys.tabs.currentIndex() == 1
    rows = keys.shortcut_texts()
    assert ("Meetings", "Schedule meeting…", "Ctrl+Shift+M") in rows
    assert ("Go", "Minutes", "Ctrl+4") in rows
    assert ("Edit", "Settings…", "Ctrl+,") in [(m, c, k.split(" or ")[0]) for m, c, k in rows]
    assert ("Help", "Keyboard shortcuts", "Ctrl+/") in rows
    with_keys = [a for a in window.menu_actions.all() if not a.shortcut().isEmpty()]
    assert len(rows) >= len(with_keys)

    # A command added to a menu later is listed the next time, with nothing else to do.
    extra = QAction("&Tidy the minutes", window)
    extra.setShortcut(QKeySequence("Ctrl+Shift+Y"))
    minutes_menu = window.menuBar().findChild(QMenu, "menu_minutes")
    assert minutes_menu is not None
    minutes_menu.addAction(extra)
    window.show_help(shortcuts=True)
    assert ("Minutes", "Tidy the minutes", "Ctrl+Shift+Y") in keys.shortcut_texts()

    # Typing in the box narrows the list.
    keys.filter.setFocus()
    qtbot.keyClicks(keys.filter, "milestone")
    shown = keys.shortcut_texts()
    assert shown and all("milestone" in command.lower() for _m, command, _k in shown)


def test_about_gives_version_data_folder_and_whom_to_ask(open_window: OpenWindow) -> None:
    window = open_window()
    window.menu_actions.about.trigger()
    box = window.dialog
    assert isinstance(box, QMessageBox)
    words = box.text() + box.informativeText()
    assert importlib.metadata.version("sen-desktop") in words
    assert str(window.data_dir) in words
    assert "programme lead" in words
    assert "@" not in words  # no address made up here


def test_icon_buttons_and_the_toolbar_have_tool_tips(open_window: OpenWindow) -> None:
    window = open_window()
    window.show_help()
    assert window.help_window is not None
    missing = []
    for root in (window, window.help_window):
        for button in root.findChildren(QAbstractButton):
            name = button.objectName()
            if name.startswith("qt_") or name.startswith("Scroll"):
                continue  # Qt's own overflow, scroll and corner buttons
            icon_only = isinstance(button, QToolButton) or not button.text().replace("&", "")
            if icon_only and not button.toolTip():
                missing.append(f"{type(button.parentWidget()).__name__} {name!r}")
        for bar in root.findChildren(QToolBar):
            for action in bar.actions():
                widget = bar.widgetForAction(action)
                if widget is not None and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
                    assert widget.toolTip(), widget.objectName()
    assert missing == []
    assert window.search_box.toolTip()  # the search box, in the menu bar's corner


def test_the_help_window_is_named_and_in_reading_order(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    from accessibility_walk import order_problems, unnamed

    window = open_window()
    guide = window.show_help()
    qtbot.waitUntil(guide.isVisible)
    assert unnamed(guide) == []
    assert order_problems(guide) == []
    guide.show_shortcuts()
    assert unnamed(guide) == []
    assert order_problems(guide) == []


def test_f1_opens_the_guide_at_the_task_of_the_page_on_show(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    from sen_desktop.gui.help.user_guide import SECTIONS as GUIDE
    from sen_desktop.gui.shell.pages import PAGES

    topics = {row.guide for row in PAGES if row.guide}
    assert topics and topics <= {section.key for section in GUIDE}
    window = active(qtbot, open_window(view="sync"))
    qtbot.waitUntil(lambda: window.current_view() == "sync", timeout=WAIT_MS)
    window.navigation.setFocus()
    qtbot.keyClick(window.navigation, Qt.Key.Key_F1)
    guide = window.help_window
    assert guide is not None
    qtbot.waitUntil(guide.isVisible)
    assert guide.topics.currentItem().text() == "Exchange changes"
    assert guide.text.toPlainText().startswith("Exchange changes")
