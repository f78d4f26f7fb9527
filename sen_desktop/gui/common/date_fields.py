"""Date and time boxes that take what people type: "14/01/2027", "14 Jan 2027", "2.30 pm".

Qt's QDateEdit and QTimeEdit are sectioned spin boxes: a typed "14/01/2027" is ignored
when the display format spells the month, the cursor jumps as the weekday changes
length, two digits move on to the next section so a Tab leaves the wrong field, and
the month and day names follow the desktop's language. These boxes are plain line
edits read by ``core/dates.py`` (``parse_date``, ``parse_time``): the text stays as
typed until the person leaves the box, then becomes "14/01/2027" (or "2.30 pm"), and
the label beside says which day that is ("Thursday 14 January 2027"), in English on
any desktop. Text that cannot be read stays as typed, and the label beside says
what to type instead, in words.

Keys: Alt+Down or F4 opens a calendar (arrows move, Enter picks, Escape closes);
Up and Down move a day (a date) or a quarter of an hour (a time).

Both expose ``value()``/``setValue()`` (``datetime.date``/``datetime.time`` or None),
``valid``, ``problem()``, and Qt-style ``date()``/``setDate()`` and
``time()``/``setTime()`` so they stand in for the Qt boxes in Designer forms
(``<customwidget>`` with header ``sen_desktop.gui.common.date_fields``). What they share
(the box, the words beside it, the problem under it) is ``typed_field.TypedField``.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, QPoint, QSize, Qt, QTime, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core import dates
from sen_desktop.gui.common.typed_field import TypedField, width_for

#: The window's dates are English (UK) whatever the desktop's language.
UK = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


class DateField(TypedField[dt.date]):
    """A date box: "14/01/2027", "14/1/27", "14 Jan 2027"; the weekday and date in
    words beside it; a calendar on Alt+Down or F4 (or the button)."""

    def __init__(self, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        self._today = today
        self._popup: _CalendarPopup | None = None
        super().__init__(parent)
        self.edit.setPlaceholderText(dates.DATE_EXAMPLE)
        self.setToolTip(
            f"Day/month/year, like {dates.DATE_EXAMPLE} or 14 Jan 2027; "
            "Alt+Down or F4 for a calendar; Up and Down move a day"
        )
        # "14/01/2027" with room to spare; longer typing scrolls until it is tidied.
        self.edit.setFixedWidth(width_for(self.edit, "00/00/0000000"))
        self.button = QToolButton(self)
        self.button.setObjectName("calendar_button")
        self.button.setText("▾")
        self.button.setAccessibleName("Choose from a calendar")
        self.button.setToolTip("Choose from a calendar (Alt+Down or F4)")
        # Alt+Down and F4 reach the calendar from the box: one Tab stop, not two.
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._row.insertWidget(1, self.button)
        self.button.clicked.connect(self.open_calendar)
        self.edit.calendar_requested.connect(self.open_calendar)

    def setToday(self, today: dt.date | None) -> None:  # noqa: N802 (Qt's naming)
        """The day "today", a missing year and two-digit years are read against."""
        self._today = today

    def _parse(self, text: str) -> dt.date:
        return dates.parse_date(text, self._today)

    def _text_of(self, value: dt.date) -> str:
        return dates.numeric_date(value)

    def _words_of(self, value: dt.date) -> str:
        return dates.long_date(value)

    def _stepped(self, value: dt.date, steps: int) -> dt.date:
        moved = value + dt.timedelta(days=steps)
        return moved if dates.FIRST_YEAR <= moved.year <= dates.LAST_YEAR else value

    def _empty_problem(self) -> str:
        return f"Enter a date, like {dates.DATE_EXAMPLE}."

    # Qt-style, so the box stands where a QDateEdit stood.
    def date(self) -> QDate:
        value = self.value()
        return QDate() if value is None else QDate(value.year, value.month, value.day)

    def setDate(self, value: QDate) -> None:  # noqa: N802 (Qt's naming)
        self.setValue(value.toPython() if value.isValid() else None)  # type: ignore[arg-type]

    # --- the calendar ------------------------------------------------------------------

    @property
    def calendar(self) -> QCalendarWidget | None:
        """The calendar while it is open (for tests and callers), else None."""
        popup = self._popup
        return popup.calendar if popup is not None and popup.isVisible() else None

    def open_calendar(self) -> None:
        if self.edit.isReadOnly() or not self.isEnabled():
            return
        if self._popup is None:
            self._popup = _CalendarPopup(self)
            self._popup.chosen.connect(self._chosen)
        start = self.value() or self._today or dt.date.today()
        self._popup.show_at(self.edit, start, self.accessibleName())

    def _chosen(self, day: dt.date) -> None:
        self.setValue(day)
        self.tidy()
        self.edit.setFocus(Qt.FocusReason.PopupFocusReason)


class _CalendarPopup(QFrame):
    """A month calendar in a pop-up frame: Enter or a click picks, Escape closes."""

    chosen = Signal(object)

    def __init__(self, field: DateField) -> None:
        super().__init__(field, Qt.WindowType.Popup)
        self.setObjectName("calendar_popup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._field = field
        self.calendar = QCalendarWidget(self)
        self.calendar.setObjectName("calendar")
        self.calendar.setLocale(UK)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(
            QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader
        )
        self.calendar.setDateRange(QDate(dates.FIRST_YEAR, 1, 1), QDate(dates.LAST_YEAR, 12, 31))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.calendar)
        self.calendar.activated.connect(self._pick)
        self.calendar.clicked.connect(self._pick)
        self.calendar.installEventFilter(self)
        for child in self.calendar.findChildren(QWidget):
            child.installEventFilter(self)

    def show_at(self, anchor: QWidget, day: dt.date, name: str) -> None:
        self.calendar.setAccessibleName(f"Calendar: {name or 'date'}" if name else "Calendar")
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self.adjustSize()
        self.move(_place_below_or_above(anchor, self.size()))
        self.show()
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _pick(self, day: QDate) -> None:
        self.hide()
        self.chosen.emit(day.toPython())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key == Qt.Key.Key_Escape or (
                key == Qt.Key.Key_Up and event.modifiers() == Qt.KeyboardModifier.AltModifier
            ):
                self.hide()
                self._field.edit.setFocus(Qt.FocusReason.PopupFocusReason)
                return True
        return super().eventFilter(watched, event)


def _place_below_or_above(anchor: QWidget, size: QSize) -> QPoint:
    """Under the box, or above it where the screen ends first (a 768-pixel laptop)."""
    below = anchor.mapToGlobal(anchor.rect().bottomLeft())
    screen = anchor.screen()
    if screen is None:
        return below
    area = screen.availableGeometry()
    x = max(area.left(), min(below.x(), area.right() - size.width()))
    y = below.y()
    if y + size.height() > area.bottom():
        y = max(area.top(), anchor.mapToGlobal(anchor.rect().topLeft()).y() - size.height())
    return QPoint(x, y)


class TimeField(TypedField[dt.time]):
    """A time box: "14:30", "2.30 pm", "2.30pm", "12 noon"; written "2.30 pm" once left.

    No sections: two digits never move the cursor on, so Tab always leaves this box.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit.setPlaceholderText("14:30")
        self.setToolTip(f"Like {dates.TIME_EXAMPLE}; Up and Down move a quarter of an hour")
        self.edit.setFixedWidth(width_for(self.edit, "12.00 noon00"))

    def _parse(self, text: str) -> dt.time:
        return dates.parse_time(text)

    def _text_of(self, value: dt.time) -> str:
        return dates.time_text(value)

    def _words_of(self, value: dt.time) -> str:
        return ""  # the box itself says "2.30 pm" once left

    def _stepped(self, value: dt.time, steps: int) -> dt.time:
        minutes = (value.hour * 60 + value.minute + 15 * steps) % (24 * 60)
        return dt.time(minutes // 60, minutes % 60)

    def _empty_problem(self) -> str:
        return f"Enter a time, like {dates.TIME_EXAMPLE}."

    # Qt-style, so the box stands where a QTimeEdit stood.
    def time(self) -> QTime:
        value = self.value()
        return QTime() if value is None else QTime(value.hour, value.minute)

    def setTime(self, value: QTime) -> None:  # noqa: N802 (Qt's naming)
        self.setValue(dt.time(value.hour(), value.minute()) if value.isValid() else None)


class MonthField(TypedField[dt.date]):
    """A month box for a period: "September 2010", "Sept 10", "09/2010".

    ``value()`` is the month's first day, or its last with ``last_day=True`` (the end
    of a period runs to the end of its month).
    """

    def __init__(
        self, parent: QWidget | None = None, last_day: bool = False,
        today: dt.date | None = None,
    ) -> None:
        self._last_day = last_day
        self._today = today
        super().__init__(parent)
        self.edit.setPlaceholderText(dates.MONTH_EXAMPLE)
        self.setToolTip(f"Like {dates.MONTH_EXAMPLE} or 09/2010; Up and Down move a month")
        self.edit.setFixedWidth(width_for(self.edit, "September 2027"))

    def setLastDay(self, last_day: bool) -> None:  # noqa: N802 (Qt's naming)
        self._last_day = last_day

    def _parse(self, text: str) -> dt.date:
        first = dates.parse_month(text, self._today)
        if not self._last_day:
            return first
        return first.replace(day=dates.days_in_month(first.year, first.month))

    def _text_of(self, value: dt.date) -> str:
        return dates.month_year(value)

    def _words_of(self, value: dt.date) -> str:
        return ""  # the box itself says "September 2010" once left

    def _stepped(self, value: dt.date, steps: int) -> dt.date:
        index = value.year * 12 + value.month - 1 + steps
        year, month = divmod(index, 12)
        if not dates.FIRST_YEAR <= year <= dates.LAST_YEAR:
            return value
        first = dt.date(year, month + 1, 1)
        return first.replace(day=dates.days_in_month(year, month + 1)) if self._last_day else first

    def _empty_problem(self) -> str:
        return f"Enter a month, like {dates.MONTH_EXAMPLE}."

    # Qt-style, so the box stands where a QDateEdit showing "MMMM yyyy" stood.
    def date(self) -> QDate:
        value = self.value()
        return QDate() if value is None else QDate(value.year, value.month, value.day)

    def setDate(self, value: QDate) -> None:  # noqa: N802 (Qt's naming)
        self.setValue(value.toPython() if value.isValid() else None)  # type: ignore[arg-type]
