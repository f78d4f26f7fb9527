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
(``<customwidget>`` with header ``sen_desktop.gui.common.date_fields``).
"""

from __future__ import annotations

import datetime as dt
from typing import Generic, TypeVar

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, QPoint, QSize, Qt, QTime, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core import dates
from sen_desktop.core.errors import ValidationError

V = TypeVar("V", dt.date, dt.time)

#: The window's dates are English (UK) whatever the desktop's language.
UK = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def _width_for(edit: QLineEdit, sample: str) -> int:
    """A box wide enough to show ``sample`` inside its frame and the style's padding."""
    margins = edit.textMargins()
    # Frame, the style sheet's padding and the cursor: a generous allowance (2 ems).
    allowance = margins.left() + margins.right() + 2 * edit.fontMetrics().horizontalAdvance("M")
    return edit.fontMetrics().horizontalAdvance(sample) + allowance


class _TypedEdit(QLineEdit):
    """The line edit inside a field: hands the calendar and step keys to its field."""

    calendar_requested = Signal()
    step_requested = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        key, mods = event.key(), event.modifiers()
        alt = mods == Qt.KeyboardModifier.AltModifier
        plain = mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if (key == Qt.Key.Key_F4 and plain) or (key == Qt.Key.Key_Down and alt):
            self.calendar_requested.emit()
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and plain:
            self.step_requested.emit(1 if key == Qt.Key.Key_Up else -1)
            return
        super().keyPressEvent(event)


class TypedField(QWidget, Generic[V]):
    """A line edit read by a core parser, and a label beside it saying what it read."""

    #: The value read from the text (a date or time), or None: emitted when it changes.
    valueChanged = Signal(object)  # noqa: N815 (Qt's naming, like QDateEdit.dateChanged)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._required = True
        self._showing_problem = False
        self._empty_words = ""
        self._outside_description = ""
        self._last: V | None = None
        self.edit = _TypedEdit(self)
        self.edit.setObjectName("typed_edit")
        #: What was read ("Thursday 14 January 2027"), beside the box.
        self.shown = QLabel(self)
        self.shown.setObjectName("shown_label")
        self.shown.setProperty("role", "facts")
        #: What is wrong with the text, in one sentence, just under the box (or in the
        #: form's own label for the field: ``setProblemLabel``).
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("problem_label")
        self.problem_label.setProperty("role", "error")
        self.problem_label.setWordWrap(True)
        for label in (self.shown, self.problem_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            label.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        self._row = QHBoxLayout()
        self._row.setSpacing(8)
        self._row.addWidget(self.edit)
        self._row.addWidget(self.shown)
        self._row.addStretch(1)
        column.addLayout(self._row)
        column.addWidget(self.problem_label)
        self.setFocusProxy(self.edit)
        self.setFocusPolicy(self.edit.focusPolicy())
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.edit.textChanged.connect(self._text_changed)
        self.edit.editingFinished.connect(self.tidy)
        self.edit.step_requested.connect(self._step)
        # Nothing is said until there is text to read or the form asks: an empty new
        # form does not open on "Enter a date".

    # --- what subclasses say -----------------------------------------------------------

    def _parse(self, text: str) -> V:
        raise NotImplementedError

    def _text_of(self, value: V) -> str:
        raise NotImplementedError

    def _words_of(self, value: V) -> str:
        """What the label beside says about a value read ('' for nothing)."""
        raise NotImplementedError

    def _stepped(self, value: V, steps: int) -> V:
        raise NotImplementedError

    def _empty_problem(self) -> str:
        raise NotImplementedError

    # --- value -------------------------------------------------------------------------

    def value(self) -> V | None:
        """The date or time typed, or None when the box is empty or cannot be read."""
        try:
            return self._read()
        except ValidationError:
            return None

    def setValue(self, value: V | None) -> None:  # noqa: N802 (Qt's naming)
        self.edit.setText("" if value is None else self._text_of(value))
        self.edit.setCursorPosition(0)

    def read_value(self) -> V:
        """The value of a box that reads and is not empty (after ``valid`` said so);
        raises ValidationError with the problem otherwise."""
        value = self._read()
        if value is None:
            raise ValidationError(self._empty_problem())
        return value

    def problem(self) -> str:
        """The sentence saying what is wrong with the text, or '' when it reads."""
        try:
            self._read()
        except ValidationError as error:
            return error.message
        return ""

    @property
    def valid(self) -> bool:
        return not self.problem()

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's naming)
        self.edit.setText(text)

    def setRequired(self, required: bool) -> None:  # noqa: N802 (Qt's naming)
        """An optional box may be left empty (its value is then None)."""
        self._required = required
        self._show()

    def isRequired(self) -> bool:  # noqa: N802 (Qt's naming)
        return self._required

    def setProblemLabel(self, label: QLabel) -> None:  # noqa: N802 (Qt's naming)
        """Say what is wrong in ``label`` (a form's error row under the field) rather
        than in the box's own label, so one place under the field holds every message."""
        self.problem_label.hide()
        self.problem_label = label

    @property
    def showing_problem(self) -> bool:
        """True while the box is saying its text cannot be read."""
        return self._showing_problem

    def setEmptyText(self, words: str) -> None:  # noqa: N802 (Qt's naming)
        """What the label beside says when an optional box is empty ("Not yet known")."""
        self._empty_words = words
        self._show()

    def setReadOnly(self, read_only: bool) -> None:  # noqa: N802 (Qt's naming)
        self.edit.setReadOnly(read_only)

    def _read(self) -> V | None:
        text = self.edit.text()
        if not text.strip():
            if self._required:
                raise ValidationError(self._empty_problem())
            return None
        return self._parse(text)

    # --- accessibility: the name and description belong on the box a reader lands on --

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 (Qt's naming)
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)

    def setAccessibleDescription(self, description: str) -> None:  # noqa: N802
        # A dialog puts a refusal from the service here; the box's own reading or
        # problem is said when there is none.
        self._outside_description = description
        self._describe()

    def setToolTip(self, tip: str) -> None:  # noqa: N802 (Qt's naming)
        super().setToolTip(tip)
        self.edit.setToolTip(tip)

    def _describe(self) -> None:
        own = self.problem_label.text() if self._showing_problem else ""
        description = self._outside_description or own or self.shown.text()
        super().setAccessibleDescription(description)
        self.edit.setAccessibleDescription(description)

    # --- showing -----------------------------------------------------------------------

    def _text_changed(self, _text: str) -> None:
        value = self.value()
        if value != self._last:
            self._last = value
            self.valueChanged.emit(value)
        # While typing, the words follow only a reading: half a date is not an error
        # yet (a problem already shown stays until the text reads).
        if value is not None or not self.edit.hasFocus():
            self._show()
        else:
            self.shown.hide()
            self._describe()

    def tidy(self) -> None:
        """On leaving the box: text that reads is written the house way, and the label
        beside says what was read, or what is wrong."""
        value = self.value()
        if value is not None:
            tidy = self._text_of(value)
            if self.edit.text() != tidy:
                self.edit.setText(tidy)
                self.edit.setCursorPosition(0)
        self._show()

    def _show(self) -> None:
        problem = self.problem()
        value = self.value()
        words = self._words_of(value) if value is not None else self._empty_words
        self.shown.setText("" if problem else words)
        self.shown.setVisible(bool(words) and not problem)
        if problem:
            self.problem_label.setText(problem)
            self.problem_label.show()
        elif self._showing_problem:  # leave a message someone else put there
            self.problem_label.clear()
            self.problem_label.hide()
        self._showing_problem = bool(problem)
        # A red border as well as the words; the words say it without colour.
        self.edit.setProperty("invalid", bool(problem))
        self.edit.style().unpolish(self.edit)
        self.edit.style().polish(self.edit)
        self._describe()

    def _step(self, steps: int) -> None:
        value = self.value()
        if value is not None and not self.edit.isReadOnly():
            self.setValue(self._stepped(value, steps))
            self.edit.selectAll()


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
        self.edit.setFixedWidth(_width_for(self.edit, "00/00/0000000"))
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
        self.edit.setFixedWidth(_width_for(self.edit, "12.00 noon00"))

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
        self.edit.setFixedWidth(_width_for(self.edit, "September 2027"))

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
