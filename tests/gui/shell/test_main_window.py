# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot and qtmodeltester carry no type hints.)
"""Drive the main window as a secretary would: open a group, appoint someone to a
vacant seat (adding them on the way, after a mistyped email), close the program,
start it again on the same data folder and find the appointment there."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from gui_helpers import click_navigation, on_worker, people_service
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from sen_desktop.gui.common.dialogs import EndAppointmentDialog, PersonDialog
from sen_desktop.gui.common.models import SeatTableModel
from sen_desktop.gui.people.appointment_dialog import AppointmentDialog
from sen_desktop.gui.shell.window import MainWindow

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

GROUP = "BESD Working Group"
SEAT = "Secondary School Head"

OpenWindow = Callable[..., MainWindow]


def _wait_for_group(qtbot: QtBot, window: MainWindow, name: str) -> None:
    def showing() -> bool:
        group = window.group_page.group()
        return group is not None and group.name == name

    qtbot.waitUntil(showing, timeout=30_000)


def _seat_row(window: MainWindow, title: str) -> int:
    model = window.group_page.seats_model
    rows = [row for row, seat in enumerate(model.records()) if seat.title == title]
    assert rows, f"no seat {title!r}"
    return rows[0]


def _held_by(window: MainWindow, title: str) -> str:
    model = window.group_page.seats_model
    return str(model.index(_seat_row(window, title), SeatTableModel.HELD_BY).data())


def _click_seat(qtbot: QtBot, window: MainWindow, title: str) -> None:
    table = window.group_page.seat_table
    index = window.group_page.seats_model.index(_seat_row(window, title), SeatTableModel.SEAT)
    table.scrollTo(index)
    rect = table.visualRect(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_appoint_a_new_person_then_find_them_after_a_restart(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()

    # Open a group from the navigation list.
    click_navigation(qtbot, window, GROUP)
    _wait_for_group(qtbot, window, GROUP)
    assert _held_by(window, SEAT) == "Vacant"
    assert "not yet met" in window.group_page.rule_text.text()

    # Select the vacant seat and ask to appoint to it.
    _click_seat(qtbot, window, SEAT)
    seat = window.group_page.selected_seat()
    assert seat is not None and seat.title == SEAT and seat.holder is None
    assert window.group_page.appoint_button.isEnabled()
    assert not window.group_page.end_button.isEnabled()
    qtbot.mouseClick(window.group_page.appoint_button, Qt.MouseButton.LeftButton)
    dialog = window.dialog
    assert isinstance(dialog, AppointmentDialog)
    qtbot.waitUntil(lambda: dialog.people_loaded and dialog.isVisible())
    assert dialog.ui.seat_edit.text() == SEAT
    assert dialog.ui.seat_edit.isReadOnly()
    assert dialog.ui.meets_seat_rule_check.isVisibleTo(dialog)

    # The person is not in the list yet: add them, first with a mistyped email.
    qtbot.mouseClick(dialog.ui.new_person_button, Qt.MouseButton.LeftButton)
    person_dialog = dialog.new_person_dialog
    assert isinstance(person_dialog, PersonDialog)
    qtbot.waitUntil(person_dialog.isVisible)
    qtbot.keyClicks(person_dialog.ui.full_name_edit, "Jane Smith")
    qtbot.keyClicks(person_dialog.ui.job_title_edit, "Head Teacher")
    qtbot.keyClicks(person_dialog.ui.organisation_edit, "Oak Tree Secondary School")
    qtbot.keyClicks(person_dialog.ui.email_edit, "jane.smith at oaktree")
    qtbot.mouseClick(person_dialog.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: person_dialog.error_text("email") != "", timeout=30_000)
    assert "email address" in person_dialog.error_text("email")
    assert person_dialog.ui.email_error.isVisible()
    assert person_dialog.error_text("full_name") == ""
    assert person_dialog.isVisible(), "the dialog stays open on an error"
    assert person_dialog.ui.email_edit.accessibleDescription() == person_dialog.error_text("email")
    assert on_worker(qtbot, window, people_service(window).list_people) == []

    # Correct the email and save: the new person is chosen in the appointment dialog.
    person_dialog.ui.email_edit.clear()
    qtbot.keyClicks(person_dialog.ui.email_edit, "jane.smith@oaktree.kent.sch.uk")
    qtbot.mouseClick(person_dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not person_dialog.isVisible(), timeout=30_000)
    qtbot.waitUntil(lambda: dialog.ui.person_combo.currentText().startswith("Jane Smith"))
    people = on_worker(qtbot, window, people_service(window).list_people)
    assert [p.email for p in people] == ["jane.smith@oaktree.kent.sch.uk"]

    # She comes from a school with a unit: tick the box from the keyboard, then save.
    dialog.ui.start_date_edit.setDate(QDate(2010, 7, 20))
    dialog.ui.meets_seat_rule_check.setFocus()
    qtbot.keyClick(dialog.ui.meets_seat_rule_check, Qt.Key.Key_Space)
    assert dialog.ui.meets_seat_rule_check.isChecked()
    # The dialog closes (and is deleted) once the service has saved.
    with qtbot.waitSignal(dialog.finished, timeout=30_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: _held_by(window, SEAT) == "Jane Smith", timeout=30_000)
    since = window.group_page.seats_model.index(_seat_row(window, SEAT), SeatTableModel.SINCE)
    assert since.data() == "20 Jul 2010"
    assert window.group_page.rule_text.text().endswith("met (Jane Smith)")
    assert window.group_page.end_button.isEnabled()

    # Close the program and start it again on the same data folder.
    window.close()
    assert window.session is None
    again = open_window()
    click_navigation(qtbot, again, GROUP)
    _wait_for_group(qtbot, again, GROUP)
    assert _held_by(again, SEAT) == "Jane Smith"
    assert again.group_page.rule_text.text().endswith("met (Jane Smith)")


def test_the_appointment_dialog_refuses_an_end_before_the_start(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    person = on_worker(
        qtbot, window, lambda: people_service(window).create("Ravi Patel", "Psychologist")
    )
    click_navigation(qtbot, window, GROUP)
    _wait_for_group(qtbot, window, GROUP)
    _click_seat(qtbot, window, "EP representative")
    qtbot.mouseClick(window.group_page.appoint_button, Qt.MouseButton.LeftButton)
    dialog = window.dialog
    assert isinstance(dialog, AppointmentDialog)
    qtbot.waitUntil(lambda: dialog.people_loaded)
    assert not dialog.ui.meets_seat_rule_check.isVisibleTo(dialog), "not a seat-rule seat"

    # Saving with no one chosen says so beside the person, without calling the service.
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Choose the person" in dialog.error_text("person")

    assert dialog.select_person(person.id)
    dialog.ui.start_date_edit.setDate(QDate(2011, 1, 10))
    assert not dialog.ui.end_date_edit.isEnabled()
    qtbot.mouseClick(dialog.ui.has_end_date_check, Qt.MouseButton.LeftButton,
                     pos=dialog.ui.has_end_date_check.rect().center())
    if not dialog.ui.has_end_date_check.isChecked():  # the click landed beside the box
        dialog.ui.has_end_date_check.setChecked(True)
    assert dialog.ui.end_date_edit.isEnabled()
    dialog.ui.end_date_edit.setDate(QDate(2010, 12, 31))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_text("end_date") != "", timeout=30_000)
    assert "on or after the start date" in dialog.error_text("end_date")
    assert dialog.error_text("person") == ""
    assert dialog.isVisible()
    assert _held_by(window, "EP representative") == "Vacant"
    views = on_worker(
        qtbot, window, lambda: people_service(window).appointments_for_person(person.id)
    )
    assert views == []


def test_an_empty_name_is_refused_beside_the_name(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    window.menu_actions.new_person.trigger()
    dialog = window.dialog
    assert isinstance(dialog, PersonDialog)
    qtbot.waitUntil(dialog.isVisible)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_text("full_name") != "", timeout=30_000)
    assert "full name" in dialog.error_text("full_name")
    assert dialog.ui.full_name_edit.hasFocus() or not QApplication.focusWidget()
    assert on_worker(qtbot, window, people_service(window).list_people) == []


def test_the_keyboard_reaches_groups_seats_and_the_dialog(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window(view="programme")
    qtbot.waitUntil(lambda: window.current_view() == "programme")
    nav = window.navigation
    nav.setFocus()
    # Down from Programme skips the "Groups" label and lands on the first group.
    qtbot.keyClick(nav, Qt.Key.Key_Down)
    assert nav.currentItem().text().strip() == "Strategy Steering Group"
    _wait_for_group(qtbot, window, "Strategy Steering Group")
    qtbot.keyClick(nav, Qt.Key.Key_Down)
    _wait_for_group(qtbot, window, GROUP)

    # Into the seats: Down picks the first seat, Return on a vacant seat opens Appoint.
    table = window.group_page.seat_table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    seat = window.group_page.selected_seat()
    assert seat is not None and seat.holder is None
    qtbot.keyClick(table, Qt.Key.Key_Return)
    dialog = window.dialog
    assert isinstance(dialog, AppointmentDialog)
    assert dialog.ui.seat_edit.text() == seat.title
    qtbot.waitUntil(lambda: dialog.people_loaded)
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)


def test_window_state_is_kept_between_sessions(
    qtbot: QtBot, open_window: OpenWindow, settings: object
) -> None:
    window = open_window()
    qtbot.waitUntil(lambda: window.current_view() == "home")  # nowhere saved yet
    window._select_key("plan")
    qtbot.waitUntil(lambda: window.plan_page.model.rowCount() > 0)
    # Inside the offscreen screen, and wider than the Action Plan's least width.
    window.resize(760, 520)
    window.close()
    again = open_window()
    qtbot.waitUntil(lambda: again.current_view() == "plan", timeout=30_000)
    assert again.geometry_restored
    assert (again.size().width(), again.size().height()) == (760, 520)


def test_the_plan_and_programme_pages_show_the_project_plan(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window(view="plan")
    qtbot.waitUntil(lambda: window.plan_page.model.rowCount() > 0, timeout=30_000)
    model = window.plan_page.model
    assert model.index(0, 0).data() == "End July 2010"
    periods = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert "November 2010 – March 2011" in periods
    assert window.plan_page.timeframe.text() == "Implementation from September 2011 over 3 years"
    click_navigation(qtbot, window, "Programme")
    qtbot.waitUntil(lambda: "Key Partners" in window.programme_page.text.toPlainText())
    text = window.programme_page.text.toPlainText()
    assert "Principles" in text and "Health commissioners and providers" in text


def test_actions_have_standard_keys_roles_and_accessible_names(
    open_window: OpenWindow,
) -> None:
    from PySide6.QtGui import QAction, QKeySequence

    window = open_window()
    a = window.menu_actions
    assert a.quit.shortcuts() == QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
    assert a.new_person.shortcuts() == QKeySequence.keyBindings(QKeySequence.StandardKey.New)
    assert a.quit.menuRole() == QAction.MenuRole.QuitRole
    assert a.about.menuRole() == QAction.MenuRole.AboutRole
    for action in (a.quit, a.new_person, a.edit_person, a.appoint, a.end_appointment, a.about):
        assert action.iconText() and action.statusTip()
    titles = [action.text() for action in window.menuBar().actions()]
    expected = [
        "&File", "&Edit", "&People", "&Groups", "&Actions", "Mee&tings", "&Recommendations",
        "Min&utes", "&Help",
    ]
    # Other slices add menus of their own between these; these keep their order.
    assert [title for title in titles if title in expected] == expected


def _appoint_directly(
    qtbot: QtBot, window: MainWindow, seat_title: str, name: str
) -> tuple[str, str]:
    """Put ``name`` in a seat of the shown group through the service; (person, seat) ids."""
    group = window.group_page.group()
    assert group is not None
    seat_id = next(s.id for s in group.seats if s.title == seat_title)
    people = people_service(window)

    def appoint() -> str:
        person = people.create(name, "Educational Psychologist", "Kent County Council")
        people.appoint(seat_id, person.id, dt.date(2010, 9, 1))
        return str(person.id)

    person_id = on_worker(qtbot, window, appoint)
    window.refresh()
    qtbot.waitUntil(lambda: _held_by(window, seat_title) == name, timeout=30_000)
    return person_id, seat_id


def test_edit_the_person_in_a_seat_and_end_their_appointment(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    click_navigation(qtbot, window, GROUP)
    _wait_for_group(qtbot, window, GROUP)
    person_id, _seat_id = _appoint_directly(qtbot, window, "EP representative", "Ravi Patel")
    _click_seat(qtbot, window, "EP representative")
    assert window.menu_actions.edit_person.isEnabled()
    assert window.group_page.end_button.isEnabled()

    # Edit person… opens the holder's details; a bad phone number is refused in place.
    window.menu_actions.edit_person.trigger()
    qtbot.waitUntil(lambda: isinstance(window.dialog, PersonDialog), timeout=30_000)
    editor = window.dialog
    assert isinstance(editor, PersonDialog)
    assert editor.ui.full_name_edit.text() == "Ravi Patel"
    qtbot.keyClicks(editor.ui.phone_edit, "call me")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.error_text("phone") != "", timeout=30_000)
    editor.ui.phone_edit.clear()
    qtbot.keyClicks(editor.ui.phone_edit, "03000 416111")
    with qtbot.waitSignal(editor.finished, timeout=30_000):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    person = on_worker(qtbot, window, lambda: people_service(window).get(person_id))
    assert person.phone == "03000 416111"

    # End appointment…: an end before the start is refused; a real one frees the seat.
    qtbot.mouseClick(window.group_page.end_button, Qt.MouseButton.LeftButton)
    ender = window.dialog
    assert isinstance(ender, EndAppointmentDialog)
    assert "Ravi Patel" in ender.ui.summary_label.text()
    ender.ui.end_date_edit.setDate(QDate(2010, 8, 1))
    qtbot.mouseClick(ender.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ender.error_text("end_date") != "", timeout=30_000)
    ender.ui.end_date_edit.setDate(QDate(2011, 3, 31))
    with qtbot.waitSignal(ender.finished, timeout=30_000):
        qtbot.mouseClick(ender.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _held_by(window, "EP representative") == "Vacant", timeout=30_000)


def test_the_first_window_fits_a_small_laptop_screen() -> None:
    from PySide6.QtCore import QMargins, QRect, QSize

    from sen_desktop.gui.shell.geometry import (
        ESTIMATED_FRAME,
        PREFERRED,
        fitted_geometry,
        pulled_inside,
        screenshot_size,
    )

    # 1366 x 768 less a 40-pixel taskbar: the window and its title bar stay on screen.
    laptop = QRect(0, 0, 1366, 728)
    inside = fitted_geometry(laptop)
    assert laptop.contains(inside.marginsAdded(ESTIMATED_FRAME))
    assert inside.size() == QSize(1280, 728 - 31 - 8)
    # A big screen gets the preferred size, centred.
    big = QRect(0, 0, 2560, 1400)
    placed = fitted_geometry(big)
    assert placed.size() == PREFERRED
    assert abs(placed.center().x() - big.center().x()) <= 1
    # A window saved on a bigger screen is pulled back inside, frame and all.
    frame = QMargins(1, 30, 1, 1)
    pulled = pulled_inside(QRect(400, 300, 1600, 1000), frame, laptop)
    assert laptop.contains(pulled.marginsAdded(frame))
    # 125 % on the same laptop: laid out in fewer logical pixels.
    assert screenshot_size(1366, 768, 1.25) == QSize(1093 - 16, 614 - 48 - 39)


def test_a_first_start_window_is_placed_inside_the_screen(qtbot: QtBot, data_dir: object) -> None:
    from pathlib import Path

    from sen_desktop.gui.shell.geometry import (
        ESTIMATED_FRAME,
        NAVIGATION_NARROW,
        keep_inside,
        place_first_time,
    )

    window = MainWindow(Path(str(data_dir)), settings=None)
    qtbot.addWidget(window)
    assert not window.geometry_restored
    place_first_time(window, window.splitter)
    area = window.screen().availableGeometry()
    assert area.contains(window.geometry().marginsAdded(ESTIMATED_FRAME))
    assert window.width() < 1280  # a small screen
    # The real frame, once drawn, bigger than estimated: the window pulls itself inside.
    window.setGeometry(area.adjusted(0, 0, 0, 0))  # the frame now pokes out of the screen
    window.keep_on_screen = True
    window.show()
    qtbot.waitUntil(lambda: area.contains(window.frameGeometry()))
    assert not keep_inside(window)  # nothing left to do
    # The navigation gave up some of its width to the page.
    assert window.splitter.sizes()[0] == NAVIGATION_NARROW


def test_the_window_speaks_english_dates_on_a_german_desktop() -> None:
    import locale

    from PySide6.QtCore import QLocale

    from sen_desktop.gui.shell.main import english_dates

    before_qt, before_c = QLocale(), locale.setlocale(locale.LC_TIME)
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    try:
        english_dates()
        assert QLocale().name() == "en_GB"
        assert QLocale().toString(QDate(2010, 3, 1), "d MMMM yyyy") == "1 March 2010"
        assert dt.date(2010, 3, 1).strftime("%B") == "March"
    finally:
        QLocale.setDefault(before_qt)
        locale.setlocale(locale.LC_TIME, before_c)


def test_the_minutes_saving_state_shows_in_the_status_bar_on_other_pages(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window(view="people")
    qtbot.waitUntil(lambda: window.current_view() == "people", timeout=30_000)
    bar = window.statusBar()
    window.minutes_page.save_state_changed.emit("Not saved yet — retrying; your text is kept")
    assert bar.currentMessage() == "Minutes: Not saved yet — retrying; your text is kept"
    window.minutes_page.save_state_changed.emit("All changes saved")
    assert bar.currentMessage() == "Minutes: All changes saved"  # the worry is answered
    bar.showMessage("Saved Jane Smith.")
    window.minutes_page.save_state_changed.emit("All changes saved")
    assert bar.currentMessage() == "Saved Jane Smith."  # nothing to answer: left alone


def test_the_programme_is_put_away_and_opened_again(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    # File > Restore from backup…'s part of the window (gui/restore/ drives it): every
    # page goes and the database closes, then the folder opens as at start.
    window = open_window(view="groups")
    _wait_for_group(qtbot, window, "Strategy Steering Group")
    window.show_view("minutes")
    qtbot.waitUntil(lambda: window.current_view() == "minutes", timeout=30_000)
    closed: list[bool] = []
    assert window.close_programme(lambda: closed.append(window.session is None))
    qtbot.waitUntil(lambda: bool(closed), timeout=30_000)
    assert closed == [True] and window.built("minutes") is None and window.groups == ()
    assert not window.menu_actions.new_person.isEnabled()
    window.pages.setCurrentIndex(0)  # the minutes page that went hears nothing
    with qtbot.waitSignal(window.opened, timeout=60_000):
        window.reopen_programme()
    _wait_for_group(qtbot, window, "Strategy Steering Group")
    assert window.session is not None and len(window.groups) == 6
