# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot carries no type hints.)
"""A whole meeting run from the keyboard alone, as a secretary who never reaches for the
mouse would: schedule it (typing the date), add two agenda items, mark who came, minute
both items with a resolution and an action each, mark the meeting held and export its
minutes to Word.

Every step is a key press on the real main window; the test calls nothing in the window
except to read what happened. Three things are not key presses: the group's members are
put on file first through the services (``add_members`` from test_whole_meeting.py), as
an earlier session would have; the save dialog, the platform's own, is answered through
``ExportController.ask_save_path`` as in test_export.py; and activation is handed back
to the main window when a dialog or popup closes, which a desktop does by itself and the
offscreen platform does not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

import docx
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from sen_desktop.gui.meetings.dialogs import AgendaItemDialog, ScheduleMeetingDialog
from sen_desktop.gui.shell.window import MainWindow
from tests.gui.meetings.test_whole_meeting import MEMBERS, add_members, idle

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from sen_desktop.core.meetings.records import MeetingDetail
    from sen_desktop.gui.minutes.page import MinutesPage

OpenWindow = Callable[..., MainWindow]
Key = Qt.Key
NONE = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
WAIT_MS = 30_000
DAY = dt.date.today() - dt.timedelta(days=21)  # held three weeks ago, minuted since
DUE = DAY + dt.timedelta(days=42)
ITEMS = {
    "Short breaks for disabled children": (
        "The Head of Service presented the short breaks review; members asked about "
        "waiting times in Swale.",
        "the short breaks review be endorsed",
        ("Map short breaks waiting times by district", "Ann Archer"),
    ),
    "Transition to adult services": (
        "Members discussed transition plans at 14 and the gap at 19.",
        "a joint protocol with adult services be drafted",
        ("Draft the transition protocol with adult services", "Bob Baker"),
    ),
}

#: Each member's attendance, and the access key that marks it (Prese&nt, Apologie&s).
ATTENDANCE = {
    MEMBERS[0]: ("present", Key.Key_N), MEMBERS[1]: ("present", Key.Key_N),
    MEMBERS[2]: ("apologies", Key.Key_S), MEMBERS[3]: ("present", Key.Key_N),
    MEMBERS[4]: ("present", Key.Key_N),
}


# --- pressing keys --------------------------------------------------------------------


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot: QtBot, key: Key, modifier: Qt.KeyboardModifier = NONE) -> None:
    """Press a key where the keyboard focus is (an open menu takes it first), as the
    person's keyboard would."""
    qtbot.keyClick(QApplication.activePopupWidget() or focused(), key, modifier)


def type_text(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def tab_to(qtbot: QtBot, target: QWidget, limit: int = 40) -> None:
    """Press Tab until ``target`` has the focus (a person tabbing through the page)."""
    for _press in range(limit):
        if focused() is target:
            return
        press(qtbot, Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.accessibleName() or target!r}")


def back_to_window(qtbot: QtBot, window: MainWindow) -> None:
    """A dialog has closed: the desktop hands activation back to the main window; the
    offscreen platform needs telling."""
    QApplication.processEvents()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)


def open_dialog(qtbot: QtBot, kind: type[QDialog]) -> QDialog:
    """Wait for a dialog of ``kind`` to open and take the keyboard."""
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind),
                    timeout=WAIT_MS)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, kind)
    qtbot.waitUntil(lambda: dialog.isActiveWindow() and dialog.isAncestorOf(focused()),
                    timeout=WAIT_MS)
    return dialog


def shown(window: MainWindow) -> MeetingDetail:
    """The meeting the Meetings page shows (read, never changed)."""
    detail = window.meetings_page.meeting()
    assert detail is not None, "the Meetings page shows no meeting"
    return detail


def on_agenda(window: MainWindow, title: str) -> bool:
    return title in [item.title for item in shown(window).agenda]


def attends_as(window: MainWindow, name: str, status: str) -> bool:
    return {row.person_name: row.status for row in shown(window).attendance}[name] == status


def actions_raised(minutes: MinutesPage, count: int) -> bool:
    return len(minutes.actions_model.records()) == count


def go_to_item(qtbot: QtBot, minutes: MinutesPage, title: str) -> None:
    """Ctrl+PgDown / Ctrl+PgUp through the agenda until ``title`` is on show."""
    titles = [row.title for row in minutes.items_model.records()]
    for _press in range(len(titles)):
        here = next(t for t in titles if minutes.item_heading.text().endswith(t))
        if here == title:
            return
        down = titles.index(here) < titles.index(title)
        press(qtbot, Key.Key_PageDown if down else Key.Key_PageUp, CTRL)
    raise AssertionError(f"the minutes never showed {title!r}")


# --- the meeting ----------------------------------------------------------------------


def test_a_whole_meeting_from_the_keyboard_alone(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path
) -> None:
    window = open_window()
    add_members(qtbot, window)  # the group's members are already on file
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    meetings, minutes = window.meetings_page, window.minutes_page
    assert window.current_view() != "meetings"

    # Schedule the meeting from wherever the window opened (Ctrl+Shift+M), typing every
    # field and moving on with Tab: group, date, start, end, venue.
    press(qtbot, Key.Key_M, CTRL | SHIFT)
    dialog = open_dialog(qtbot, ScheduleMeetingDialog)
    assert isinstance(dialog, ScheduleMeetingDialog)
    assert window.current_view() == "meetings"  # the command opened its page first
    ui = dialog.ui
    assert focused() is ui.group_combo
    type_text(qtbot, "BESD")
    assert ui.group_combo.currentText() == "BESD Working Group"
    press(qtbot, Key.Key_Tab)
    assert ui.date_edit.isAncestorOf(focused())
    press(qtbot, Key.Key_A, CTRL)
    type_text(qtbot, f"{DAY:%d/%m/%Y}")
    press(qtbot, Key.Key_Tab)
    assert ui.start_time_edit.isAncestorOf(focused())
    type_text(qtbot, "2.30 pm")
    press(qtbot, Key.Key_Tab)
    type_text(qtbot, "16:00")
    press(qtbot, Key.Key_Tab)
    assert focused() is ui.venue_edit
    type_text(qtbot, "Oak School, Maidstone")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS) as saved:
        press(qtbot, Key.Key_Return)
    scheduled = saved.args[0]
    assert (scheduled.group_name, scheduled.date) == ("BESD Working Group", DAY)
    assert (scheduled.start_time, scheduled.end_time) == (dt.time(14, 30), dt.time(16))
    assert scheduled.venue == "Oak School, Maidstone"
    back_to_window(qtbot, window)
    qtbot.waitUntil(lambda: shown(window).id == scheduled.id, timeout=WAIT_MS)
    idle(qtbot, window)

    # The agenda: Meetings > Add agenda item… (Ctrl+Shift+I), twice.
    for title in ITEMS:
        press(qtbot, Key.Key_I, CTRL | SHIFT)
        item_dialog = open_dialog(qtbot, AgendaItemDialog)
        assert isinstance(item_dialog, AgendaItemDialog)
        assert focused() is item_dialog.ui.title_edit
        type_text(qtbot, title)
        with qtbot.waitSignal(item_dialog.saved, timeout=WAIT_MS):
            press(qtbot, Key.Key_Return)
        back_to_window(qtbot, window)
        qtbot.waitUntil(partial(on_agenda, window, title), timeout=WAIT_MS)
        idle(qtbot, window)

    # Attendance: Tab to the list, arrow to each member, mark them with Alt+N (Present)
    # or Alt+S (Apologies).
    attendance = meetings.attendance
    tab_to(qtbot, attendance.table)
    press(qtbot, Key.Key_Down)  # the list shows a current row that is not yet chosen
    press(qtbot, Key.Key_Home, CTRL)
    for name, (status, access_key) in ATTENDANCE.items():
        wanted = [r.person_name for r in attendance.model.records()].index(name)
        while (row := attendance.table.currentIndex().row()) != wanted:
            press(qtbot, Key.Key_Down if row < wanted else Key.Key_Up)
        chosen = attendance.selected()
        assert chosen is not None and chosen.person_name == name
        press(qtbot, access_key, ALT)
        qtbot.waitUntil(partial(attends_as, window, name, status), timeout=WAIT_MS)
        idle(qtbot, window)
        assert focused() is attendance.table or attendance.isAncestorOf(focused())
        tab_to(qtbot, attendance.table)
    assert shown(window).quorum_met

    # The minutes: Alt+M opens them with the cursor in the Discussion; Ctrl+PgDown and
    # Ctrl+PgUp move between items; Ctrl+R adds a resolution, Ctrl+Shift+N an action.
    with qtbot.waitSignal(minutes.loaded, timeout=WAIT_MS):
        press(qtbot, Key.Key_M, ALT)
    qtbot.waitUntil(lambda: focused() is minutes.editor, timeout=WAIT_MS)
    for title, (discussion, resolution, (action, owner)) in ITEMS.items():
        go_to_item(qtbot, minutes, title)
        assert focused() is minutes.editor
        type_text(qtbot, discussion)
        press(qtbot, Key.Key_R, CTRL)
        type_text(qtbot, resolution)
        count = len(minutes.actions_model.records())
        press(qtbot, Key.Key_N, CTRL | SHIFT)
        type_text(qtbot, action)
        press(qtbot, Key.Key_Tab)
        type_text(qtbot, owner)
        if QApplication.activePopupWidget() is not None:  # close the name suggestions
            press(qtbot, Key.Key_Escape)
            back_to_window(qtbot, window)
        press(qtbot, Key.Key_Tab)
        type_text(qtbot, f"{DUE:%d/%m/%Y}")
        press(qtbot, Key.Key_Return)
        qtbot.waitUntil(partial(actions_raised, minutes, count + 1), timeout=WAIT_MS)
        assert [line.text for line in minutes.resolutions.lines()] == [resolution]
        [raised] = minutes.actions_model.records()
        assert (raised.description, raised.owner_name, raised.due_date) == (action, owner, DUE)
        assert minutes.editor.toPlainText() == discussion
    idle(qtbot, window)

    # Back on the Meetings page (Ctrl+3), Tab to "Mark as held" and press it.
    press(qtbot, Key.Key_3, CTRL)
    qtbot.waitUntil(lambda: window.current_view() == "meetings", timeout=WAIT_MS)
    idle(qtbot, window)
    assert shown(window).id == scheduled.id
    tab_to(qtbot, meetings.status_button)
    assert meetings.status_button.text().replace("&", "") == "Mark as held"
    press(qtbot, Key.Key_Space)
    qtbot.waitUntil(lambda: shown(window).status == "held", timeout=WAIT_MS)
    idle(qtbot, window)

    # Export the minutes to Word (Ctrl+E), then close the report with Escape.
    target = tmp_path / "BESD minutes.docx"
    asked: list[Path] = []

    def save_where(_parent: QWidget, _caption: str, suggested: Path) -> Path:
        asked.append(suggested)
        return target

    window.exporter.ask_save_path = save_where
    press(qtbot, Key.Key_E, CTRL)
    report = open_dialog(qtbot, QMessageBox)
    assert isinstance(report, QMessageBox) and report.text().startswith("Saved the minutes")
    press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=WAIT_MS)
    assert len(asked) == 1 and asked[0].suffix == ".docx"

    paper = docx.Document(str(target))
    words = [p.text for p in paper.paragraphs]
    words += [cell.text for table in paper.tables for row in table.rows for cell in row.cells]
    text = "\n".join(words)
    assert "BESD Working Group" in text
    for title, (discussion, resolution, (action, owner)) in ITEMS.items():
        for said in (title, discussion, resolution, action, owner):
            assert said in text, f"{said!r} is not in the exported minutes"
