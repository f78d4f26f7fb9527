# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot carries no type hints.)
"""The window from the keyboard alone: Ctrl+number to pages, F6 between the panes,
type-ahead in the navigation, the Edit menu's clipboard commands on the focused box, and
the page commands that work from anywhere (each bringing its page forward first)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem, QWidget

from sen_desktop.gui.meetings.dialogs import ScheduleMeetingDialog
from sen_desktop.gui.shell.keys import INDENT_ROLE, INDENT_STEP, IndentDelegate
from sen_desktop.gui.shell.window import MainWindow

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

OpenWindow = Callable[..., MainWindow]
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
WAIT_MS = 30_000


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def inside(widget: QWidget | None, container: QWidget) -> bool:
    while widget is not None:
        if widget is container:
            return True
        widget = widget.parentWidget()
    return False


def active(qtbot: QtBot, window: MainWindow) -> MainWindow:
    """Window shortcuts reach only the active window."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def press(qtbot: QtBot, key: Qt.Key,
          modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused() or QApplication.activeWindow(), key, modifiers)


def test_ctrl_and_a_number_go_to_pages_and_into_them(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = active(qtbot, open_window(view="groups"))
    qtbot.waitUntil(lambda: window.current_view() == "groups", timeout=WAIT_MS)
    window.navigation.setFocus()
    expected = {Qt.Key.Key_1: "home", Qt.Key.Key_3: "meetings", Qt.Key.Key_5: "actions",
                Qt.Key.Key_6: "recommendations", Qt.Key.Key_7: "plan", Qt.Key.Key_8: "people",
                Qt.Key.Key_9: "sync", Qt.Key.Key_2: "groups"}
    for key, view in expected.items():
        press(qtbot, key, CTRL)
        qtbot.waitUntil(lambda v=view: window.current_view() == v, timeout=WAIT_MS)
        # The keyboard went with the page: typing now lands on the page, not the list.
        if view != "home":
            assert inside(focused(), window.pages), (view, focused())
    # Ctrl+2 returns to the group last looked at, not always the first.
    window.select_group("BESD Working Group")
    qtbot.waitUntil(lambda: (g := window.group_page.group()) is not None
                    and g.name == "BESD Working Group", timeout=WAIT_MS)
    press(qtbot, Qt.Key.Key_3, CTRL)
    qtbot.waitUntil(lambda: window.current_view() == "meetings", timeout=WAIT_MS)
    press(qtbot, Qt.Key.Key_2, CTRL)
    qtbot.waitUntil(lambda: window.current_view() == "groups", timeout=WAIT_MS)
    assert window.navigation.currentItem().text() == "BESD Working Group"


def test_f6_cycles_navigation_page_and_search_box(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = active(qtbot, open_window(view="people"))
    qtbot.waitUntil(lambda: window.current_view() == "people", timeout=WAIT_MS)
    window.search_box.setFocus()
    press(qtbot, Qt.Key.Key_F6)
    assert focused() is window.navigation
    press(qtbot, Qt.Key.Key_F6)
    assert focused() is window.people_page.search  # the page's first control
    press(qtbot, Qt.Key.Key_F6)
    assert focused() is window.search_box
    press(qtbot, Qt.Key.Key_F6, SHIFT)
    assert inside(focused(), window.people_page)
    press(qtbot, Qt.Key.Key_F6, SHIFT)
    assert focused() is window.navigation


def test_the_navigation_is_found_by_typing(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = active(qtbot, open_window(view="programme"))
    qtbot.waitUntil(lambda: window.current_view() == "programme", timeout=WAIT_MS)
    nav = window.navigation
    groups = [nav.item(r) for r in range(nav.count()) if nav.item(r).data(INDENT_ROLE) == 1]
    assert groups and all(not item.text().startswith(" ") for item in groups)
    # Indented by drawing: a group's text starts one step further right than a page's.
    delegate = nav.itemDelegate()
    assert isinstance(delegate, IndentDelegate)
    lefts = []
    for item in (nav.item(0), groups[0]):
        option = QStyleOptionViewItem()
        option.rect = QRect(0, 0, 200, 24)
        delegate.initStyleOption(option, nav.indexFromItem(item))
        lefts.append(option.rect.left())
    assert lefts == [0, INDENT_STEP]

    nav.setFocus()
    # Letters typed within this long of each other make one search (Qt's default is
    # 0.4 s; a busy test machine can take longer between two key presses).
    interval = QApplication.keyboardInputInterval()
    QApplication.setKeyboardInputInterval(1500)
    try:
        qtbot.keyClicks(nav, "BE")
        assert nav.currentItem().text() == "BESD Working Group"
        qtbot.waitUntil(lambda: (g := window.group_page.group()) is not None
                        and g.name == "BESD Working Group", timeout=WAIT_MS)
        qtbot.wait(1600)  # a pause: a new search, not "BEMi"
        qtbot.keyClicks(nav, "Mi")
        assert nav.currentItem().text() == "Minutes"
    finally:
        QApplication.setKeyboardInputInterval(interval)


def test_edit_menu_cut_copy_paste_and_select_all_act_on_the_focused_box(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = active(qtbot, open_window(view="people"))
    qtbot.waitUntil(lambda: window.current_view() == "people", timeout=WAIT_MS)
    a = window.menu_actions
    box = window.people_page.search
    box.setFocus()
    qtbot.keyClicks(box, "Oak Tree")
    a.select_all.trigger()
    assert box.selectedText() == "Oak Tree"
    assert a.copy.isEnabled() and a.cut.isEnabled()
    a.cut.trigger()
    assert box.text() == "" and QGuiApplication.clipboard().text() == "Oak Tree"
    a.paste.trigger()
    a.paste.trigger()
    assert box.text() == "Oak TreeOak Tree"
    # Keys too: the box handles the standard keys itself, once, as everywhere.
    qtbot.keyClick(box, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(box, Qt.Key.Key_C, CTRL)
    assert QGuiApplication.clipboard().text() == "Oak TreeOak Tree"
    # In a list, Copy takes the chosen rows as text to paste into a document.
    window.show_view("programme")
    qtbot.waitUntil(lambda: window.current_view() == "programme", timeout=WAIT_MS)
    window.navigation.setFocus()
    assert not a.cut.isEnabled() and not a.paste.isEnabled()
    a.copy.trigger()
    assert QGuiApplication.clipboard().text() == "Programme"


def test_page_commands_work_from_any_page_and_bring_their_page_forward(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = active(qtbot, open_window(view="people"))
    qtbot.waitUntil(lambda: window.current_view() == "people", timeout=WAIT_MS)
    a = window.menu_actions
    # Never visited, yet ready: none of these is greyed out until its page was seen.
    for action in (a.schedule_meeting, a.new_recommendation, a.add_milestone, a.new_action,
                   a.make_pack, a.join_programme):
        assert action.isEnabled(), action.text()

    window.people_page.search.setFocus()
    press(qtbot, Qt.Key.Key_M, CTRL | SHIFT)  # Schedule meeting…
    qtbot.waitUntil(lambda: window.current_view() == "meetings", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: isinstance(window.meetings_page.dialog, ScheduleMeetingDialog)
                    and window.meetings_page.dialog.isVisible(), timeout=WAIT_MS)
    dialog = window.meetings_page.dialog
    assert dialog is not None
    with qtbot.waitSignal(dialog.finished, timeout=WAIT_MS):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    active(qtbot, window)
    press(qtbot, Qt.Key.Key_L, CTRL | SHIFT)  # Add milestone…
    qtbot.waitUntil(lambda: window.current_view() == "plan", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.plan_page.dialog is not None
                    and window.plan_page.dialog.isVisible(), timeout=WAIT_MS)
    window.plan_page.dialog.reject()

    active(qtbot, window)
    press(qtbot, Qt.Key.Key_R, CTRL | SHIFT)  # New recommendation…
    qtbot.waitUntil(lambda: window.current_view() == "recommendations", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.recommendations_page.dialog is not None
                    and window.recommendations_page.dialog.isVisible(), timeout=WAIT_MS)
    window.recommendations_page.dialog.reject()

    active(qtbot, window)
    press(qtbot, Qt.Key.Key_T, CTRL | SHIFT)  # New action…
    qtbot.waitUntil(lambda: window.current_view() == "actions", timeout=WAIT_MS)


def test_the_clipboard_commands_find_the_box_in_a_combo_or_a_spin_box(qtbot: QtBot) -> None:
    # gui/shell/keys.py asks Qt the widget's kind by class name (QObject.inherits).
    from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QTextEdit

    from sen_desktop.gui.shell.keys import clipboard_state, run_clipboard_command

    combo = QComboBox()
    qtbot.addWidget(combo)
    combo.setEditable(True)
    combo.setEditText("Kent")
    assert run_clipboard_command(combo, "select_all")
    line = combo.lineEdit()
    assert line is not None and line.selectedText() == "Kent"
    assert clipboard_state(combo)["cut"] and clipboard_state(combo)["copy"]
    spin = QSpinBox()
    qtbot.addWidget(spin)
    spin.setValue(12)
    assert run_clipboard_command(spin, "select_all")
    inner = spin.findChild(QLineEdit)
    assert inner is not None and inner.selectedText() == "12"
    text = QTextEdit("Minutes")
    qtbot.addWidget(text)
    text.setReadOnly(True)
    text.selectAll()
    assert clipboard_state(text) == {"cut": False, "copy": True, "paste": False,
                                     "select_all": True}
    assert not any(clipboard_state(None).values())
    assert not run_clipboard_command(None, "copy")
