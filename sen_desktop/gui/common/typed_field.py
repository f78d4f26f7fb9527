"""The base of the boxes that take what people type (``date_fields.py``): a line edit
read by a core parser, the value it read in words beside it, and what is wrong, in one
sentence, under it. The text stays as typed until the person leaves the box; Up and
Down step the value; Alt+Down or F4 asks the field for its picker (a calendar for dates).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core.errors import ValidationError

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent

V = TypeVar("V", dt.date, dt.time)


def width_for(edit: QLineEdit, sample: str) -> int:
    """A box wide enough to show ``sample`` inside its frame and the style's padding."""
    margins = edit.textMargins()
    # Frame, the style sheet's padding and the cursor: a generous allowance (2 ems).
    allowance = margins.left() + margins.right() + 2 * edit.fontMetrics().horizontalAdvance("M")
    return edit.fontMetrics().horizontalAdvance(sample) + allowance


class TypedEdit(QLineEdit):
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
        self.edit = TypedEdit(self)
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
