# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot and qtmodeltester carry no type hints.)
"""Drive the Meetings page as a secretary would: from an empty data folder, schedule a
meeting (after a refused end time), build its agenda (a confidential item; reorder by
keyboard), mark attendance with apologies and a substitute and watch the quorum line
change, record a declaration; and render --view meetings on the latest meeting."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from gui_helpers import click_navigation, on_worker
from PySide6.QtCore import QModelIndex, Qt, QTime
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QComboBox

from sen_desktop.core.meetings.service import MeetingService
from sen_desktop.core.people.service import PeopleService
from sen_desktop.core.programme.seed import group_id, natural_key, programme_id
from sen_desktop.gui.common.dialogs import qdate
from sen_desktop.gui.meetings.dialogs import (
    AgendaItemDialog,
    AttendeeDialog,
    DeclarationDialog,
    ScheduleMeetingDialog,
)
from sen_desktop.gui.meetings.models import AttendanceTableModel
from sen_desktop.gui.shell.main import run_gui
from sen_desktop.gui.shell.window import MainWindow
from tests.gui.shell.test_accessibility import _unnamed_controls

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot
    from store_helpers import Store

    from sen_desktop.gui.meetings.page import MeetingsPage

OpenWindow = Callable[..., MainWindow]
TODAY = dt.date.today()
MEMBERS = ["Ann Archer", "Bob Baker", "Cy Cole", "Dee Dunn", "Eve Ede"]


def _add_people(window: MainWindow, qtbot: QtBot) -> dict[str, str]:
    """Five BESD members in its first five seats, a would-be substitute and an officer."""
    assert window.session is not None
    people: PeopleService = window.session.people

    def work() -> dict[str, str]:
        ids = {}
        for n, name in enumerate(MEMBERS, start=1):
            person = people.create(name)
            seat = programme_id(natural_key("seat", "BESD", n))
            people.appoint(seat, person.id, TODAY - dt.timedelta(days=30))
            ids[name] = person.id
        for name in ("Sam Sub", "Olu Officer"):
            ids[name] = people.create(name).id
        return ids

    return on_worker(qtbot, window, work)


def _idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.runner.busy(), timeout=30_000)


def _page(qtbot: QtBot, window: MainWindow) -> MeetingsPage:
    click_navigation(qtbot, window, "Meetings")
    _idle(qtbot, window)
    assert window.pages.currentWidget() is window.meetings_page
    return window.meetings_page


def _schedule(qtbot: QtBot, window: MainWindow, page: MeetingsPage) -> None:
    qtbot.mouseClick(page.empty_button, Qt.MouseButton.LeftButton)
    _idle(qtbot, window)
    dialog = page.dialog
    assert isinstance(dialog, ScheduleMeetingDialog)
    qtbot.waitUntil(dialog.isVisible)
    ui = dialog.ui
    ui.group_combo.setCurrentIndex(ui.group_combo.findText("BESD Working Group"))
    ui.date_edit.setDate(qdate(TODAY))
    ui.start_time_edit.setTime(QTime(14, 0))
    ui.end_time_edit.setTime(QTime(13, 0))
    qtbot.keyClicks(ui.venue_edit, "Oak School , Maidstone")
    ui.venue_edit.setCursorPosition(len("Oak School "))
    ui.venue_edit.insert("🏫")  # as pasted: QTest cannot type characters beyond the BMP
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_text("end_time") != "", timeout=30_000)
    assert dialog.error_text("end_time") == "The meeting must end after it starts."
    assert dialog.isVisible()  # nothing saved; the dialog stays open
    ui.end_time_edit.setTime(QTime(16, 0))
    with qtbot.waitSignal(dialog.saved, timeout=30_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.meeting() is not None and page.list_model.rowCount() == 1)
    _idle(qtbot, window)


def _agenda_titles(page: MeetingsPage) -> list[str]:
    return [item.title for item in page.agenda.model.records()]


def _add_item(qtbot: QtBot, window: MainWindow, page: MeetingsPage, title: str,
              confidential: bool = False) -> None:
    qtbot.mouseClick(page.agenda.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, AgendaItemDialog)
    qtbot.waitUntil(dialog.isVisible)
    ui = dialog.ui
    qtbot.keyClicks(ui.title_edit, title)
    qtbot.keyClicks(ui.presenter_edit, "County SEN Manager")
    if confidential:
        ui.exempt_check.setChecked(True)
        ui.paragraph_combo.setCurrentIndex(ui.paragraph_combo.findData(1))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.error_text("exempt_reason") != "", timeout=30_000)
        assert "Say why this item is confidential" in dialog.error_text("exempt_reason")
        qtbot.keyClicks(ui.reason_edit, "information relating to a particular child")
    with qtbot.waitSignal(dialog.saved, timeout=30_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: title in _agenda_titles(page), timeout=30_000)
    _idle(qtbot, window)


def _row_of(page: MeetingsPage, name: str) -> int:
    rows = [r for r, rec in enumerate(page.attendance.model.records()) if rec.person_name == name]
    assert rows, f"{name} is not on the list"
    return rows[0]


def _names(page: MeetingsPage) -> list[str]:
    return [record.person_name for record in page.attendance.model.records()]


def _click_attendee(qtbot: QtBot, page: MeetingsPage, name: str) -> None:
    table = page.attendance.table
    index = page.attendance.model.index(_row_of(page, name), AttendanceTableModel.NAME)
    table.scrollTo(index)
    rect = table.visualRect(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_schedule_build_the_agenda_and_mark_attendance(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    ids = _add_people(window, qtbot)
    page = _page(qtbot, window)

    # A brand-new folder: an empty state with a clear way on.
    assert page.stack.currentWidget() is page.empty_state
    assert page.empty_button.isVisible()
    assert _unnamed_controls(page) == []

    _schedule(qtbot, window, page)
    meeting = page.meeting()
    assert meeting is not None
    assert (meeting.number, meeting.venue) == (1, "Oak School 🏫, Maidstone")
    assert "2.00 pm to 4.00 pm" in page.facts.text()
    assert _agenda_titles(page) == [
        "Apologies and Substitutes", "Declarations of Interest",
        "Minutes of the previous meeting", "Matters arising and action log",
        "Date of next meeting",
    ]
    assert [r.person_name for r in page.attendance.model.records()] == MEMBERS
    assert page.attendance.quorum_text.text() == "Not quorate: 0 present, 4 needed"
    assert page.attendance.quorum_icon.accessibleName() == "Not met"
    assert _unnamed_controls(page) == []

    # The agenda: two items, the second confidential, then moved up by keyboard.
    _add_item(qtbot, window, page, "SEN transport review")
    _add_item(qtbot, window, page, "Placement panel", confidential=True)
    assert _agenda_titles(page)[4:6] == ["SEN transport review", "Placement panel"]
    placement = page.agenda.model.records()[5]
    assert (placement.exempt, placement.exempt_paragraph) == (True, 1)
    assert page.agenda.model.index(5, 4).data() == "Confidential (paragraph 1)"
    assert page.agenda.selected_item() == placement  # the new item is chosen
    table = page.agenda.table
    window.activateWindow()  # window shortcuts need the window active (the dialog was)
    qtbot.waitUntil(window.isActiveWindow)
    table.setFocus()
    assert window.menu_actions.move_item_up.isEnabled()
    assert not window.menu_actions.move_item_down.isEnabled()  # "Date of next meeting" stays last
    qtbot.keyClick(table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: _agenda_titles(page)[4] == "Placement panel", timeout=30_000)
    _idle(qtbot, window)
    assert [i.minute_number for i in page.agenda.model.records()] == [1, 2, 3, 4, 5, 6, 7]
    assert page.agenda.selected_item() is not None
    assert page.agenda.selected_item().title == "Placement panel"  # type: ignore[union-attr]
    assert not window.menu_actions.move_item_up.isEnabled()  # the standard four stay first
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: _agenda_titles(page)[5] == "Placement panel", timeout=30_000)
    _idle(qtbot, window)

    # Attendance: present, apologies, a substitute, an officer; the quorum line follows.
    for name in ("Ann Archer", "Bob Baker", "Cy Cole"):
        _click_attendee(qtbot, page, name)
        qtbot.mouseClick(page.attendance.present_button, Qt.MouseButton.LeftButton)
        _idle(qtbot, window)
    assert page.attendance.quorum_text.text() == "Not quorate: 3 present, 4 needed"
    _click_attendee(qtbot, page, "Dee Dunn")
    qtbot.mouseClick(page.attendance.apologies_button, Qt.MouseButton.LeftButton)
    _idle(qtbot, window)
    assert page.attendance.model.index(_row_of(page, "Dee Dunn"), 2).data() == "Apologies"

    _click_attendee(qtbot, page, "Eve Ede")
    qtbot.mouseClick(page.attendance.substitute_button, Qt.MouseButton.LeftButton)
    substitute = page.dialog
    assert isinstance(substitute, AttendeeDialog)
    qtbot.waitUntil(lambda: substitute.people_loaded)
    dialog = substitute
    assert dialog.ui.member_combo.currentData() == ids["Eve Ede"]  # the chosen member
    assert dialog.ui.person_combo.findData(ids["Ann Archer"]) < 0  # already on the list
    assert _unnamed_controls(dialog) == []
    assert dialog.select("person", ids["Sam Sub"])
    with qtbot.waitSignal(dialog.saved, timeout=30_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Sam Sub" in _names(page))
    _idle(qtbot, window)
    assert page.attendance.model.index(_row_of(page, "Eve Ede"), 2).data() == (
        "Apologies (substitute: Sam Sub)"
    )
    assert page.attendance.model.index(_row_of(page, "Sam Sub"), 2).data() == (
        "Substitute for Eve Ede"
    )
    assert page.attendance.quorum_text.text() == "Quorate: 4 present, 4 needed"
    assert page.attendance.quorum_icon.accessibleName() == "Met"

    qtbot.mouseClick(page.attendance.add_button, Qt.MouseButton.LeftButton)
    guest = page.dialog
    assert isinstance(guest, AttendeeDialog)
    qtbot.waitUntil(lambda: guest.people_loaded)
    dialog = guest
    assert not dialog.ui.member_combo.isVisibleTo(dialog)
    assert dialog.ui.person_combo.findData(ids["Sam Sub"]) < 0
    assert dialog.select("person", ids["Olu Officer"])
    qtbot.keyClicks(dialog.ui.capacity_edit, "Clerk to the group")
    with qtbot.waitSignal(dialog.saved, timeout=30_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Olu Officer" in _names(page))
    _idle(qtbot, window)
    officer = page.attendance.model.records()[_row_of(page, "Olu Officer")]
    assert (officer.status, officer.capacity) == ("in_attendance", "Clerk to the group")
    assert page.attendance.quorum_text.text() == "Quorate: 4 present, 4 needed"  # not counted

    # A declaration of interest on the transport item.
    page.tabs.setCurrentWidget(page.declarations)
    qtbot.mouseClick(page.declarations.add_button, Qt.MouseButton.LeftButton)
    declaration = page.dialog
    assert isinstance(declaration, DeclarationDialog)
    qtbot.waitUntil(declaration.isVisible)
    assert declaration.ui.person_combo.findData(ids["Dee Dunn"]) < 0  # sent apologies
    assert _unnamed_controls(declaration) == []
    ui = declaration.ui
    ui.person_combo.setCurrentIndex(ui.person_combo.findData(ids["Ann Archer"]))
    ui.item_combo.setCurrentIndex(ui.item_combo.findText("5. SEN transport review"))
    ui.type_combo.setCurrentIndex(ui.type_combo.findData("other_significant"))
    qtbot.mouseClick(declaration.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: declaration.error_text("nature") != "", timeout=30_000)
    qtbot.keyClicks(ui.nature_edit, "Governor of Oak School")
    ui.left_room_check.setChecked(True)
    with qtbot.waitSignal(declaration.saved, timeout=30_000):
        qtbot.mouseClick(declaration.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.declarations.model.rowCount() == 1, timeout=30_000)
    _idle(qtbot, window)
    assert page.declarations.model.index(0, 1).data() == "5. SEN transport review"
    assert page.declarations.model.index(0, 4).data() == "Yes"
    assert page.tabs.tabText(1) == "Declarations (1)"
    assert _unnamed_controls(page) == []

    # All of it is in the database.
    assert window.session is not None
    meetings: MeetingService = window.session.meetings
    stored = on_worker(qtbot, window, lambda: meetings.meeting(meeting.id))
    assert [i.title for i in stored.agenda][4:6] == ["SEN transport review", "Placement panel"]
    assert (stored.quorum_present, stored.quorum_met) == (4, True)
    assert stored.declarations[0].person_id == ids["Ann Archer"]


def test_attendance_is_edited_in_place_with_the_keyboard(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    _add_people(window, qtbot)
    page = _page(qtbot, window)
    _schedule(qtbot, window, page)
    table = page.attendance.table
    index = page.attendance.model.index(_row_of(page, "Bob Baker"), AttendanceTableModel.STATUS)
    table.setFocus()
    table.setCurrentIndex(index)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editors = [c for c in table.findChildren(QComboBox) if c.isVisible()]
    assert len(editors) == 1
    editor = editors[0]
    assert editor.accessibleName() == "Attendance of Bob Baker"
    editor.setCurrentIndex(editor.findData("apologies"))
    editor.activated.emit(editor.currentIndex())
    qtbot.waitUntil(
        lambda: page.attendance.model.index(_row_of(page, "Bob Baker"), 2).data() == "Apologies",
        timeout=30_000,
    )


def test_a_refusal_is_shown_in_words_and_nothing_changes(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    ids = _add_people(window, qtbot)
    page = _page(qtbot, window)
    _schedule(qtbot, window, page)
    assert window.session is not None
    meetings = window.session.meetings
    meeting = page.meeting()
    assert meeting is not None
    on_worker(qtbot, window, lambda: meetings.set_substitute(meeting.id, ids["Cy Cole"],
                                                             ids["Sam Sub"]))
    page.load_meeting(meeting.id)
    _idle(qtbot, window)
    _click_attendee(qtbot, page, "Cy Cole")
    qtbot.mouseClick(page.attendance.present_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.message.isVisible, timeout=30_000)
    assert page.message.text() == (
        "Sam Sub is attending as Cy Cole's substitute; remove the substitute first."
    )
    assert page.attendance.model.index(_row_of(page, "Cy Cole"), 2).data() == (
        "Apologies (substitute: Sam Sub)"
    )

    # From the meeting to its minutes, on the chosen item.
    page.agenda.select_item(meeting.agenda[1].id)
    qtbot.mouseClick(page.minutes_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.minutes_page, timeout=30_000)
    assert window.current_view() == "minutes"


def test_the_menu_schedules_from_another_page_and_cancelling_keeps_the_record(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    _add_people(window, qtbot)
    _page(qtbot, window)
    click_navigation(qtbot, window, "People")
    _idle(qtbot, window)
    window.menu_actions.schedule_meeting.trigger()
    page = window.meetings_page
    qtbot.waitUntil(lambda: isinstance(page.dialog, ScheduleMeetingDialog), timeout=30_000)
    assert window.pages.currentWidget() is page
    dialog = page.dialog
    assert isinstance(dialog, ScheduleMeetingDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert _unnamed_controls(dialog) == []
    dialog.ui.group_combo.setCurrentIndex(dialog.ui.group_combo.findText("BESD Working Group"))
    dialog.ui.date_edit.setDate(qdate(TODAY + dt.timedelta(days=14)))
    for time_edit in (dialog.ui.start_time_edit, dialog.ui.end_time_edit):
        time_edit.setFocus()
        time_edit.edit.selectAll()
        qtbot.keyClick(time_edit.edit, Qt.Key.Key_Delete)  # times not yet known: left empty
    assert dialog.ui.start_time_edit.shown.text() == "Not yet known"
    with qtbot.waitSignal(dialog.saved, timeout=30_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.meeting() is not None, timeout=30_000)
    _idle(qtbot, window)
    meeting = page.meeting()
    assert meeting is not None and meeting.start_time is None
    assert "Venue to be confirmed" in page.facts.text()
    assert window.menu_actions.cancel_meeting.isEnabled()
    window.menu_actions.cancel_meeting.trigger()
    box = page.dialog
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    cancel = [b for b in box.findChildren(type(page.edit_button))
              if b.text() == "Cancel the meeting"]
    qtbot.mouseClick(cancel[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.meeting() is not None
                    and page.meeting().status == "cancelled", timeout=30_000)  # type: ignore[union-attr]
    _idle(qtbot, window)
    assert page.list_model.index(0, 3).data() == "Cancelled"
    assert page.status_button.text() == "Reinstate meeting"
    assert not page.agenda.add_button.isEnabled()
    qtbot.mouseClick(page.status_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.meeting() is not None
                    and page.meeting().status == "planned", timeout=30_000)  # type: ignore[union-attr]
    _idle(qtbot, window)
    assert page.status_button.text() == "Mark as held"
    assert page.agenda.add_button.isEnabled()


def test_filters_changed_faster_than_the_worker_show_only_the_last_choice(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    assert window.session is not None
    meetings: MeetingService = window.session.meetings
    for code in ("BESD", "SG"):
        on_worker(qtbot, window, lambda code=code: meetings.schedule(group_id(code), TODAY))
    page = _page(qtbot, window)
    shown: list[list[str]] = []
    page.list_model.modelReset.connect(
        lambda: shown.append([r.group_code for r in page.list_model.records()]))
    release, holding = threading.Event(), threading.Event()

    def hold() -> None:
        holding.set()
        release.wait(30)

    window.runner.run(hold)
    assert holding.wait(30)
    try:
        for name in ("BESD Working Group", "Strategy Steering Group"):  # two quick choices
            page.group_combo.setCurrentIndex(page.group_combo.findText(name))
            page.group_combo.activated.emit(page.group_combo.currentIndex())
    finally:
        release.set()
    _idle(qtbot, window)
    # The first choice's list was never read: only the last one reached the table.
    assert shown == [["SG"]]
    meeting = page.meeting()
    assert meeting is not None and meeting.group_code == "SG"


def test_view_meetings_shows_the_latest_meeting_with_agenda_and_attendance(
    qapp: QApplication, qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    data_dir = store.data_dir  # the window opens the same folder
    people = PeopleService(store.session_factory)
    meetings = MeetingService(store.session_factory)
    person = people.create("Ann Archer")
    people.appoint(programme_id(natural_key("seat", "SG", 1)), person.id,
                   TODAY - dt.timedelta(days=400))
    older = meetings.schedule(group_id("SG"), TODAY - dt.timedelta(days=60))
    latest = meetings.schedule(
        group_id("SG"), TODAY - dt.timedelta(days=3), venue="Sessions House"
    )
    meetings.schedule(group_id("SG"), TODAY + dt.timedelta(days=30))
    store.db.close()

    window = MainWindow(data_dir, settings=None, view="meetings")
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.view_ready, timeout=60_000) as ready:
        window.start()
    assert ready.args == ["meetings"]
    page = window.meetings_page
    shown = page.meeting()
    assert shown is not None and shown.id == latest.id and shown.id != older.id
    assert page.agenda.isVisible() and page.attendance.isVisible()
    assert page.agenda.model.rowCount() == 5
    assert [r.person_name for r in page.attendance.model.records()] == ["Ann Archer"]
    assert page.agenda.model.index(2, 1).data() == (
        f"Minutes of the meeting held on {older.date.day} {older.date:%B %Y}"
    )
    current = page.list_model.record(page.list_table.currentIndex().row())
    assert current is not None and current.id == latest.id
    window.close()

    png = tmp_path / "meetings.png"
    assert run_gui(data_dir, screenshot=png, view="meetings") == 0
    assert not QImage(str(png)).isNull()


def test_dragging_an_item_asks_for_the_move_and_the_list_pages_in(
    qtbot: QtBot, open_window: OpenWindow, qtmodeltester: object
) -> None:
    window = open_window()
    _add_people(window, qtbot)
    page = _page(qtbot, window)
    _schedule(qtbot, window, page)
    for title in ("First", "Second", "Third"):
        _add_item(qtbot, window, page, title)
    model = page.agenda.model
    for checked in (model, page.attendance.model, page.declarations.model, page.list_model):
        qtmodeltester.check(checked)  # type: ignore[attr-defined]

    # Drop "Third" (row 6) between the standard items and "First" (before row 4).
    data = model.mimeData([model.index(6, 0)])
    assert not model.dropMimeData(data, Qt.DropAction.MoveAction, 4, 0, QModelIndex())
    qtbot.waitUntil(lambda: _agenda_titles(page)[4:7] == ["Third", "First", "Second"],
                    timeout=30_000)
    _idle(qtbot, window)
    # A standard item cannot be dragged at all.
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsDragEnabled
    assert model.flags(model.index(4, 0)) & Qt.ItemFlag.ItemIsDragEnabled
