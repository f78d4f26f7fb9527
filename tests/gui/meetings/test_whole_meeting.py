# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot carries no type hints.)
"""A whole meeting, as a secretary runs it: schedule it, build the agenda, mark who came
(apologies and a substitute), take the minutes live from the keyboard (two items, a
resolution, two actions, one taken back with Undo), close the program and find it all
again; then take the minutes through to circulation, schedule the next meeting, see it
carry the open actions and the "correctly recorded" resolution, and confirm them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from gui_helpers import click_navigation, on_worker
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QApplication, QWidget

from sen_desktop.core.programme.seed import natural_key, programme_id
from sen_desktop.gui.action_log.model import ActionLogModel
from sen_desktop.gui.common.dialogs import qdate
from sen_desktop.gui.meetings.dialogs import AgendaItemDialog, AttendeeDialog, ScheduleMeetingDialog
from sen_desktop.gui.meetings.models import AttendanceTableModel
from sen_desktop.gui.shell.window import MainWindow

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from sen_desktop.core.people.service import PeopleService
    from sen_desktop.gui.meetings.page import MeetingsPage
    from sen_desktop.gui.minutes.page import MinutesPage

OpenWindow = Callable[..., MainWindow]
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
TODAY = dt.date.today()
FIRST = TODAY - dt.timedelta(days=28)
MEMBERS = ["Ann Archer", "Bob Baker", "Cy Cole", "Dee Dunn", "Eve Ede"]
TRANSPORT, OUTREACH = "SEN transport review", "Outreach from special schools"
WAIT_MS = 30_000


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.runner.busy(), timeout=WAIT_MS)


def add_members(qtbot: QtBot, window: MainWindow) -> dict[str, str]:
    """The BESD Working Group's members (already on file, as they would be) and a
    substitute."""
    assert window.session is not None
    people: PeopleService = window.session.people

    def work() -> dict[str, str]:
        ids = {}
        for n, name in enumerate(MEMBERS, start=1):
            person = people.create(name)
            people.appoint(programme_id(natural_key("seat", "BESD", n)), person.id,
                           FIRST - dt.timedelta(days=100))
            ids[name] = person.id
        ids["Sam Sub"] = people.create("Sam Sub").id
        return ids

    return on_worker(qtbot, window, work)


# --- the Meetings page ----------------------------------------------------------------


def shown_meeting(page: MeetingsPage) -> tuple[str, str] | None:
    """(id, status) of the meeting the Meetings page shows."""
    detail = page.meeting()
    return (detail.id, detail.status) if detail is not None else None


def show_on_meetings_page(qtbot: QtBot, window: MainWindow, meeting_id: str) -> MeetingsPage:
    page = meetings_page(qtbot, window)
    assert page.select_meeting(meeting_id)
    qtbot.waitUntil(lambda: (shown_meeting(page) or ("",))[0] == meeting_id, timeout=WAIT_MS)
    idle(qtbot, window)
    return page


def meetings_page(qtbot: QtBot, window: MainWindow) -> MeetingsPage:
    click_navigation(qtbot, window, "Meetings")
    idle(qtbot, window)
    return window.meetings_page


def schedule(qtbot: QtBot, window: MainWindow, day: dt.date) -> str:
    page = meetings_page(qtbot, window)
    window.menu_actions.schedule_meeting.trigger()
    idle(qtbot, window)
    dialog = page.dialog
    assert isinstance(dialog, ScheduleMeetingDialog)
    qtbot.waitUntil(dialog.isVisible)
    ui = dialog.ui
    ui.group_combo.setCurrentIndex(ui.group_combo.findText("BESD Working Group"))
    ui.date_edit.setDate(qdate(day))
    ui.start_time_edit.setTime(QTime(14, 0))
    ui.end_time_edit.setTime(QTime(16, 0))
    ui.venue_edit.clear()
    qtbot.keyClicks(ui.venue_edit, "Oak School, Maidstone")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    meeting_id: str = saved.args[0].id
    qtbot.waitUntil(lambda: (shown_meeting(page) or ("",))[0] == meeting_id, timeout=WAIT_MS)
    return meeting_id


def add_item(qtbot: QtBot, window: MainWindow, title: str) -> None:
    page = window.meetings_page
    qtbot.mouseClick(page.agenda.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, AgendaItemDialog)
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.ui.title_edit, title)
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: title in [i.title for i in page.agenda.model.records()],
                    timeout=WAIT_MS)
    idle(qtbot, window)


def click_attendee(qtbot: QtBot, page: MeetingsPage, name: str) -> None:
    rows = [r for r, rec in enumerate(page.attendance.model.records())
            if rec.person_name == name]
    assert rows, f"{name} is not on the attendance list"
    table = page.attendance.table
    index = page.attendance.model.index(rows[0], AttendanceTableModel.NAME)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(index).center())


def mark_attendance(qtbot: QtBot, window: MainWindow, ids: dict[str, str]) -> None:
    page = window.meetings_page
    for name in ("Ann Archer", "Bob Baker", "Cy Cole"):
        click_attendee(qtbot, page, name)
        qtbot.mouseClick(page.attendance.present_button, Qt.MouseButton.LeftButton)
        idle(qtbot, window)
    click_attendee(qtbot, page, "Dee Dunn")
    qtbot.mouseClick(page.attendance.apologies_button, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    click_attendee(qtbot, page, "Eve Ede")
    qtbot.mouseClick(page.attendance.substitute_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, AttendeeDialog)
    qtbot.waitUntil(lambda: dialog.people_loaded, timeout=WAIT_MS)
    assert dialog.select("person", ids["Sam Sub"])
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    qtbot.waitUntil(lambda: page.attendance.quorum_text.text().startswith("Quorate"),
                    timeout=WAIT_MS)


def advance_status(qtbot: QtBot, window: MainWindow, meeting_id: str, to: str) -> None:
    """Press the status button (held, minutes in draft, checked …) until ``to``."""
    page = show_on_meetings_page(qtbot, window, meeting_id)
    for _step in range(6):
        shown = shown_meeting(page)
        assert shown is not None
        if shown[1] == to:
            return
        qtbot.mouseClick(page.status_button, Qt.MouseButton.LeftButton)

        def moved(before: tuple[str, str] = shown) -> bool:
            return shown_meeting(page) != before

        qtbot.waitUntil(moved, timeout=WAIT_MS)
        idle(qtbot, window)
    raise AssertionError(f"the meeting never became {to!r}")


# --- the Minutes page -----------------------------------------------------------------


def minutes_on(qtbot: QtBot, window: MainWindow, meeting_id: str) -> MinutesPage:
    page = window.minutes_page
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        window.show_minutes(meeting_id)
    qtbot.waitUntil(lambda: page.meeting_id() == meeting_id, timeout=WAIT_MS)
    window.activateWindow()  # window shortcuts need the window active (a dialog was)
    qtbot.waitUntil(window.isActiveWindow)
    return page


def item_titles(page: MinutesPage) -> list[str]:
    return [row.title for row in page.items_model.records()]


def go_to_item(qtbot: QtBot, page: MinutesPage, title: str) -> None:
    """Move through the agenda with Ctrl+PgDown / Ctrl+PgUp until ``title`` shows."""
    titles = item_titles(page)
    target = titles.index(title)
    page.editor.setFocus()
    while (here := titles.index(page.items_model.records()[
            page.items_model.row_of(page.current_item_id() or "")].title)) != target:
        key = Qt.Key.Key_PageDown if here < target else Qt.Key.Key_PageUp
        qtbot.keyClick(focused() or page.editor, key, CTRL)
    assert page.item_heading.text().endswith(title)
    assert focused() is page.editor


def add_action(qtbot: QtBot, page: MinutesPage, description: str, owner: str,
               due: dt.date) -> None:
    qtbot.keyClick(focused() or page.editor, Qt.Key.Key_N, CTRL | SHIFT)
    row = page.action_row
    assert focused() is row.description
    qtbot.keyClicks(row.description, description)
    qtbot.keyClick(row.description, Qt.Key.Key_Tab)
    line = row.owner.lineEdit()
    assert line is not None
    qtbot.keyClicks(line, owner)
    completer = row.owner.completer()
    popup = completer.popup() if completer is not None else None
    if popup is not None and popup.isVisible():  # the name is typed in full: close the suggestions
        qtbot.keyClick(popup, Qt.Key.Key_Escape)
        # The offscreen platform leaves a closed popup as the active window; a desktop
        # hands activation back. Do here what the desktop would.
        QApplication.processEvents()
        row.window().activateWindow()
        qtbot.waitUntil(row.window().isActiveWindow)
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    qtbot.keyClicks(row.due, f"{due:%d/%m/%Y}")
    count = len(page.actions_model.records())
    qtbot.keyClick(row.due, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(page.actions_model.records()) == count + 1, timeout=WAIT_MS)


def resolution_texts(page: MinutesPage) -> list[str]:
    return [line.text for line in page.resolutions.lines()]


def action_cells(page: MinutesPage) -> list[tuple[str, str, str]]:
    return [(a.reference, a.description, a.owner_name) for a in page.actions_model.records()]


# --- the meeting ----------------------------------------------------------------------


def test_a_whole_meeting_from_scheduling_to_confirmed_minutes(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    ids = add_members(qtbot, window)

    # Before the meeting: schedule it, build the agenda, and on the day mark attendance.
    first = schedule(qtbot, window, FIRST)
    add_item(qtbot, window, TRANSPORT)
    add_item(qtbot, window, OUTREACH)
    mark_attendance(qtbot, window, ids)

    # During the meeting: minutes typed live, never leaving the keyboard.
    page = minutes_on(qtbot, window, first)
    assert item_titles(page)[4:6] == [TRANSPORT, OUTREACH]
    go_to_item(qtbot, page, TRANSPORT)
    qtbot.keyClicks(page.editor, "The County SEN Manager presented the transport review.")
    go_to_item(qtbot, page, OUTREACH)
    qtbot.keyClicks(page.editor, "Members welcomed the outreach pilot in two districts.")
    go_to_item(qtbot, page, TRANSPORT)
    qtbot.keyClick(page.editor, Qt.Key.Key_R, CTRL)
    qtbot.keyClicks(focused() or page.editor, "the transport review be noted")
    due = FIRST + dt.timedelta(days=42)
    add_action(qtbot, page, "Cost the transport options", "Ann Archer", due)
    add_action(qtbot, page, "Ask schools about pick-up times", "Sam Sub", due)
    assert [ref for ref, _d, _o in action_cells(page)] == ["BESD-1", "BESD-2"]
    assert window.menu_actions.undo.text() == "Undo Add action BESD-2"
    qtbot.keyClick(page.editor, Qt.Key.Key_Z, CTRL)  # not that one after all
    assert action_cells(page) == [("BESD-1", "Cost the transport options", "Ann Archer")]
    assert window.menu_actions.redo.text() == "Redo Add action BESD-2"
    idle(qtbot, window)

    # The program is closed (everything typed is saved on the way out) and started again.
    window.close()
    window = open_window()
    page = window.minutes_page
    qtbot.waitUntil(lambda: page.meeting_id() == first and page.current_item_id() is not None,
                    timeout=WAIT_MS)
    assert window.current_view() == "minutes"
    assert page.item_heading.text().endswith(TRANSPORT)  # where the secretary left off
    assert page.editor.toPlainText() == (
        "The County SEN Manager presented the transport review.")
    assert resolution_texts(page) == ["the transport review be noted"]
    assert action_cells(page) == [("BESD-1", "Cost the transport options", "Ann Archer")]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    go_to_item(qtbot, page, OUTREACH)
    assert page.editor.toPlainText() == "Members welcomed the outreach pilot in two districts."
    assert action_cells(page) == []

    # After the meeting: the minutes are drafted, checked by the chair and circulated.
    advance_status(qtbot, window, first, "circulated")

    # The next meeting carries the open action and the previous minutes' resolution.
    second = schedule(qtbot, window, TODAY)
    page = minutes_on(qtbot, window, second)
    go_to_item(qtbot, page, "Matters arising and action log")
    matters = page.matters
    qtbot.waitUntil(lambda: matters.model.rowCount() == 1, timeout=WAIT_MS)
    assert matters.model.index(0, ActionLogModel.REF).data() == "BESD-1"
    assert matters.model.index(0, ActionLogModel.ACTION).data() == "Cost the transport options"
    go_to_item(qtbot, page, f"Minutes of the meeting held on {FIRST.day} {FIRST:%B %Y}")
    [confirming] = resolution_texts(page)
    assert confirming.startswith("the minutes of the meeting held on ")
    assert "correctly recorded" in confirming

    # At the next meeting the minutes are confirmed, and can no longer change.
    meetings = show_on_meetings_page(qtbot, window, second)
    qtbot.mouseClick(meetings.confirm_button, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    page = minutes_on(qtbot, window, first)
    assert page.status_label.text() == "Status: Minutes confirmed"
    assert page.editor.isReadOnly()
    assert not window.menu_actions.new_resolution.isEnabled()
