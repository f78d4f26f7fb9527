"""Date, time and month boxes typed as people type them (gui/common/date_fields.py), and the
Schedule meeting dialog that uses them, from the keyboard and under a German desktop."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QDate, QLocale, Qt, QTime
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core.programme.records import GroupSummary
from sen_desktop.gui.common.date_fields import DateField, MonthField, TimeField
from sen_desktop.gui.meetings.dialogs import ScheduleMeetingDialog
from sen_desktop.gui.plan.milestone_dialogs import DialogData, MilestoneDialog
from tests.gui.shell.test_accessibility import _unnamed_controls

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

TODAY = dt.date(2026, 12, 7)
KEY = Qt.Key
ALT = Qt.KeyboardModifier.AltModifier
GROUPS = [GroupSummary("g-besd", "BESD", "BESD Working Group", "working", None, 9, 6)]


Form = Callable[..., QWidget]


@pytest.fixture
def form(qtbot: QtBot) -> Iterator[Form]:
    """Fields in a shown window, with a line edit after them to Tab to."""
    windows: list[QWidget] = []  # held for the test: the fields live in them

    def make(*fields: QWidget) -> QWidget:
        windows.append(_form(qtbot, *fields))
        return windows[-1]

    yield make


def _form(qtbot: QtBot, *fields: QWidget) -> QWidget:
    window = QWidget()
    layout = QVBoxLayout(window)
    for field in fields:
        layout.addWidget(field)
    after = QLineEdit()
    after.setObjectName("after")
    layout.addWidget(after)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def _type(qtbot: QtBot, field: DateField | TimeField | MonthField, text: str) -> None:
    field.setFocus()
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, text)


def _focused() -> QWidget | None:
    return QApplication.focusWidget()


@pytest.fixture
def german() -> Iterator[None]:
    """A desktop in German: Qt's default locale as it would be on such a laptop."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    yield
    QLocale.setDefault(before)


# --- the date box ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["14/01/2027", "14/1/27", "14 Jan 2027", "14.01.2027", "thursday 14 january 2027"]
)
def test_a_date_typed_is_read_tidied_on_leaving_and_named_beside(
    qtbot: QtBot, form: Form, typed: str
) -> None:
    field = DateField(today=TODAY)
    field.setAccessibleName("Meeting date")
    form(field)
    _type(qtbot, field, typed)
    assert field.value() == dt.date(2027, 1, 14)  # read while typing, before leaving
    qtbot.keyClick(field.edit, KEY.Key_Tab)
    assert _focused() is not None and _focused().objectName() == "after"
    assert field.text() == "14/01/2027"  # never "000027"
    assert field.shown.text() == "Thursday 14 January 2027"
    assert field.shown.isVisible()
    assert field.valid and field.problem() == ""
    assert field.date() == QDate(2027, 1, 14)
    assert field.edit.accessibleName() == "Meeting date"
    assert field.edit.accessibleDescription() == "Thursday 14 January 2027"


def test_a_date_that_cannot_be_read_stays_as_typed_and_says_why_in_words(
    qtbot: QtBot, form: Form,
) -> None:
    field = DateField(today=TODAY)
    form(field)
    _type(qtbot, field, "31/02/2027")
    assert not field.problem_label.isVisible()  # not while the person is still typing
    qtbot.keyClick(field.edit, KEY.Key_Tab)
    assert field.text() == "31/02/2027"
    assert not field.valid and field.value() is None
    assert field.problem_label.isVisible()
    assert field.problem_label.text() == "February 2027 has 28 days: check the day."
    assert not field.shown.isVisible()
    assert field.edit.property("invalid") is True
    assert field.edit.accessibleDescription() == "February 2027 has 28 days: check the day."
    assert not field.date().isValid()
    _type(qtbot, field, "28/02/2027")  # reading again clears the problem at once
    assert not field.problem_label.isVisible()
    assert field.edit.property("invalid") is False
    assert field.shown.text() == "Sunday 28 February 2027"


def test_an_empty_date_is_asked_for_only_when_required(qtbot: QtBot, form: Form) -> None:
    required, optional = DateField(today=TODAY), DateField(today=TODAY)
    optional.setRequired(False)
    optional.setEmptyText("No due date")
    form(required, optional)
    assert not required.problem_label.isVisible()  # a new form does not open on an error
    assert required.problem() == "Enter a date, like 14/01/2027."
    required.tidy()
    assert required.problem_label.text() == "Enter a date, like 14/01/2027."
    assert optional.valid and optional.value() is None
    optional.tidy()
    assert optional.shown.text() == "No due date"


def test_alt_down_and_f4_open_a_calendar_enter_picks_escape_closes(
    qtbot: QtBot, form: Form
) -> None:
    field = DateField(today=TODAY)
    field.setAccessibleName("Meeting date")
    form(field)
    field.setValue(dt.date(2027, 1, 14))
    field.setFocus()
    qtbot.keyClick(field.edit, KEY.Key_Down, ALT)
    calendar = field.calendar
    assert calendar is not None
    assert calendar.selectedDate() == QDate(2027, 1, 14)
    assert calendar.accessibleName() == "Calendar: Meeting date"
    qtbot.waitUntil(lambda: _focused() is not None and calendar.isAncestorOf(_focused()))
    view = _focused()
    assert view is not None
    qtbot.keyClick(view, KEY.Key_Right)
    qtbot.keyClick(view, KEY.Key_Return)
    assert field.calendar is None  # closed
    assert field.value() == dt.date(2027, 1, 15)
    assert field.shown.text() == "Friday 15 January 2027"
    assert _focused() is field.edit
    qtbot.keyClick(field.edit, KEY.Key_F4)
    calendar = field.calendar
    assert calendar is not None
    qtbot.waitUntil(lambda: _focused() is not None and calendar.isAncestorOf(_focused()))
    view = _focused()
    assert view is not None
    qtbot.keyClick(view, KEY.Key_Down)
    qtbot.keyClick(view, KEY.Key_Escape)
    assert field.calendar is None
    assert field.value() == dt.date(2027, 1, 15)  # Escape chose nothing
    assert _focused() is field.edit


def test_the_calendar_button_is_named_and_not_a_tab_stop(qtbot: QtBot, form: Form) -> None:
    field = DateField(today=TODAY)
    form(field)
    button = field.findChild(QToolButton, "calendar_button")
    assert button is not None
    assert button.accessibleName() == "Choose from a calendar"
    assert button.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert "Alt+Down or F4" in field.edit.toolTip()  # the keys are said where they work
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert field.calendar is not None
    assert field.calendar.selectedDate() == QDate(2026, 12, 7)  # an empty box opens on today


def test_the_calendar_opens_above_a_box_at_the_foot_of_the_screen(
    qtbot: QtBot, form: Form
) -> None:
    field = DateField(today=TODAY)
    window = form(field)
    area = window.screen().availableGeometry()
    window.move(area.left() + 10, area.bottom() - window.height() + 1)
    qtbot.waitUntil(lambda: window.geometry().bottom() >= area.bottom() - 40)
    field.setFocus()
    qtbot.keyClick(field.edit, KEY.Key_F4)
    calendar = field.calendar
    assert calendar is not None
    popup = calendar.window().frameGeometry()
    assert popup.bottom() <= area.bottom()
    assert popup.top() < field.edit.mapToGlobal(field.edit.rect().topLeft()).y()


def test_up_and_down_move_a_day(qtbot: QtBot, form: Form) -> None:
    field = DateField(today=TODAY)
    form(field)
    field.setValue(dt.date(2027, 1, 31))
    field.setFocus()
    qtbot.keyClick(field.edit, KEY.Key_Up)
    assert field.value() == dt.date(2027, 2, 1)
    qtbot.keyClick(field.edit, KEY.Key_Down)
    qtbot.keyClick(field.edit, KEY.Key_Down)
    assert field.text() == "30/01/2027"


def test_the_date_box_is_english_under_a_german_desktop(
    qtbot: QtBot, form: Form, german: None
) -> None:
    assert QLocale().language() == QLocale.Language.German
    field = DateField(today=TODAY)
    form(field)
    field.setValue(dt.date(2010, 3, 1))
    assert field.shown.text() == "Monday 1 March 2010"
    field.setFocus()
    qtbot.keyClick(field.edit, KEY.Key_F4)
    calendar = field.calendar
    assert calendar is not None
    month = calendar.findChild(QToolButton, "qt_calendar_monthbutton")
    assert month is not None and month.text() == "March"
    assert calendar.firstDayOfWeek() == Qt.DayOfWeek.Monday
    qtbot.keyClick(_focused() or calendar, KEY.Key_Escape)


# --- the time and month boxes ------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("14:30", "2.30 pm"), ("2.30 pm", "2.30 pm"), ("2.30pm", "2.30 pm"), ("1430", "2.30 pm"),
     ("12", "12.00 noon"), ("9", "9.00 am")],
)
def test_a_time_typed_is_read_and_written_the_house_way(
    qtbot: QtBot, form: Form, typed: str, shown: str
) -> None:
    field = TimeField()
    form(field)
    _type(qtbot, field, typed)
    # Two digits never move on to another section: the cursor stays in this box.
    assert _focused() is field.edit
    qtbot.keyClick(field.edit, KEY.Key_Tab)
    assert _focused() is not None and _focused().objectName() == "after"
    assert field.text() == shown
    assert field.time() == QTime(*(lambda t: (t.hour, t.minute))(field.value()))


def test_a_time_that_cannot_be_read_says_why_and_an_optional_one_may_be_empty(
    qtbot: QtBot, form: Form,
) -> None:
    field = TimeField()
    field.setRequired(False)
    field.setEmptyText("Not yet known")
    form(field)
    _type(qtbot, field, "25:00")
    qtbot.keyClick(field.edit, KEY.Key_Tab)
    assert field.problem_label.text() == (
        "Hours run from 0 to 23: type the time like 14:30 or 2.30 pm."
    )
    field.setValue(None)
    assert field.valid and field.value() is None
    assert field.shown.text() == "Not yet known"
    field.setValue(dt.time(9, 45))
    field.setFocus()
    qtbot.keyClick(field.edit, KEY.Key_Up)
    assert field.text() == "10.00 am"


def test_a_month_box_reads_a_month_and_gives_its_first_or_last_day(
    qtbot: QtBot, form: Form
) -> None:
    start, end = MonthField(today=TODAY), MonthField(last_day=True, today=TODAY)
    form(start, end)
    _type(qtbot, start, "Sept 10")
    qtbot.keyClick(start.edit, KEY.Key_Tab)
    assert start.text() == "September 2010"
    assert start.value() == dt.date(2010, 9, 1)
    _type(qtbot, end, "02/2012")
    qtbot.keyClick(end.edit, KEY.Key_Tab)
    assert end.text() == "February 2012"
    assert end.date() == QDate(2012, 2, 29)
    end.setFocus()
    qtbot.keyClick(end.edit, KEY.Key_Up)
    assert end.value() == dt.date(2012, 3, 31)


# --- the Schedule meeting dialog -----------------------------------------------------------


def _schedule_dialog(qtbot: QtBot, today: dt.date = TODAY) -> ScheduleMeetingDialog:
    # Nothing is saved in these tests, so no worker or service is needed.
    dialog = ScheduleMeetingDialog(
        None, None, GROUPS, group_id="g-besd", today=today  # type: ignore[arg-type]
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_schedule_meeting_typing_the_date_then_tab_lands_in_the_start_time(
    qtbot: QtBot,
) -> None:
    dialog = _schedule_dialog(qtbot)
    ui = dialog.ui
    assert _unnamed_controls(dialog) == []
    qtbot.keyClick(dialog, KEY.Key_D, ALT)  # &Date:
    assert _focused() is ui.date_edit.edit
    qtbot.keyClick(ui.date_edit.edit, KEY.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(ui.date_edit.edit, "14/01/2027")
    qtbot.keyClick(ui.date_edit.edit, KEY.Key_Tab)
    assert _focused() is ui.start_time_edit.edit
    assert ui.date_edit.text() == "14/01/2027"
    assert ui.date_edit.shown.text() == "Thursday 14 January 2027"
    assert ui.date_edit.value() == dt.date(2027, 1, 14)
    qtbot.keyClick(ui.start_time_edit.edit, KEY.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(ui.start_time_edit.edit, "14")  # two digits: still in this box
    assert _focused() is ui.start_time_edit.edit
    qtbot.keyClicks(ui.start_time_edit.edit, ":30")
    qtbot.keyClick(ui.start_time_edit.edit, KEY.Key_Tab)
    assert _focused() is ui.end_time_edit.edit
    assert ui.start_time_edit.value() == dt.time(14, 30)
    qtbot.keyClick(ui.end_time_edit.edit, KEY.Key_Tab)
    assert _focused() is ui.venue_edit


def test_schedule_meeting_refuses_a_date_it_cannot_read_without_saving(qtbot: QtBot) -> None:
    dialog = _schedule_dialog(qtbot)
    ui = dialog.ui
    ui.date_edit.setText("14/13/2027")
    ui.end_time_edit.setValue(None)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # The runner (None here) was never asked: the form stopped at the box.
    assert dialog.isVisible()
    assert dialog.error_text("date") == (
        "There is no month 13: type the date as day/month/year, like 14/01/2027."
    )
    assert _focused() is ui.date_edit.edit
    assert ui.date_edit.edit.accessibleDescription() == dialog.error_text("date")
    assert ui.end_time_edit.shown.text() == "Not yet known"


def test_schedule_meeting_shows_the_date_in_english_under_a_german_desktop(
    qtbot: QtBot, german: None
) -> None:
    dialog = _schedule_dialog(qtbot, today=dt.date(2010, 3, 1))
    assert dialog.ui.date_edit.shown.text() == "Monday 1 March 2010"
    assert dialog.ui.start_time_edit.text() == "10.00 am"
    assert dialog.ui.end_time_edit.text() == "12.00 noon"
    words = [label.text() for label in dialog.findChildren(QLabel)]
    words += [edit.text() for edit in dialog.findChildren(QLineEdit)]
    assert not [w for w in words if "März" in w or "Montag" in w]


# --- the Action Plan's months ----------------------------------------------------------------


def test_a_milestone_period_is_typed_in_months_and_refused_in_words(qtbot: QtBot) -> None:
    dialog = MilestoneDialog(
        None, None, None, DialogData(None, tuple(GROUPS), False)  # type: ignore[arg-type]
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    ui = dialog.ui
    assert _unnamed_controls(dialog) == []
    ui.period_edit.setText("Spring term 2012")  # free wording: the months are typed
    for box, typed in ((ui.start_edit, "Jan 12"), (ui.end_edit, "03/2012")):
        box.setFocus()
        box.edit.selectAll()
        qtbot.keyClicks(box.edit, typed)
        box.tidy()
    assert (ui.start_edit.text(), ui.end_edit.text()) == ("January 2012", "March 2012")
    ui.action_edit.setPlainText("Review the first term")
    values = dialog.values()
    assert (values["period_start"], values["period_end"]) == (
        dt.date(2012, 1, 1), dt.date(2012, 3, 31)
    )
    ui.end_edit.setText("Marchember 2012")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # refused before anything was sent to save
    assert dialog.error_text("period_end") == (
        "“Marchember” is not a month: type the month like September 2010 or 09/2010."
    )
