"""The parts of the minute-taking view: the agenda list, the resolutions, the new-action row.

Each part only shows what it is given and says what the person did by signal; the page
(``minutes_page.py``) owns the state, the undo stack and the saving.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core import dates
from sen_desktop.core.minutes.records import MinuteAction, resolution_label
from sen_desktop.gui.common.models import RecordTableModel, format_date
from sen_desktop.gui.common.widgets import label

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from sen_desktop.core.people.records import OwnerChoice


class UndoKeysToStack(QObject):
    """Sends Undo and Redo keys past a text field to the window's Edit menu.

    Text fields keep an undo history of their own and claim Ctrl+Z first; in the
    minutes every change is a command on the page's QUndoStack instead, so the keys
    must reach its actions (and the fields' own histories are never used).
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and (
            event.matches(QKeySequence.StandardKey.Undo)
            or event.matches(QKeySequence.StandardKey.Redo)
        ):
            event.ignore()
            return True
        return False


class KeepAltArrows(QObject):
    """Alt+Down opens a combo box's list; the window's "Next item" must not take it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.modifiers() == Qt.KeyboardModifier.AltModifier
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        ):
            event.accept()
            return True
        return False


# --- the agenda list -----------------------------------------------------------------


@dataclass(frozen=True)
class ItemRow:
    id: str
    number: int
    title: str
    exempt: bool
    minuted: bool  # has discussion text or a resolution


class AgendaItemsModel(RecordTableModel[ItemRow]):
    headers = ("No.", "Item")
    NUMBER, TITLE = range(2)

    def cell(self, record: ItemRow, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == self.NUMBER:
                return f"{record.number}."
            title = record.title + (" (confidential)" if record.exempt else "")
            if role == Qt.ItemDataRole.AccessibleTextRole:
                state = "minuted" if record.minuted else "not minuted yet"
                return f"{record.number}. {title}, {state}"
            return title
        if role == Qt.ItemDataRole.ToolTipRole and column == self.TITLE:
            return "Minuted" if record.minuted else "Not minuted yet"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            # Top, so a number stays level with the first line of a wrapped title.
            side = Qt.AlignmentFlag.AlignRight if column == self.NUMBER else (
                Qt.AlignmentFlag.AlignLeft)
            return int(side | Qt.AlignmentFlag.AlignTop)
        return None


class ItemActionsModel(RecordTableModel[MinuteAction]):
    headers = ("Ref", "Action", "Owner", "Due")
    REF, DESCRIPTION, OWNER, DUE = range(4)

    def cell(self, record: MinuteAction, column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == self.REF:
            return record.reference
        if column == self.DESCRIPTION:
            return record.description
        if column == self.OWNER:
            return record.owner_name or "—"
        return format_date(record.due_date) or "—"


# --- resolutions ---------------------------------------------------------------------


class ResolutionEdit(QTextEdit):
    """One resolution: a line that wraps and grows to fit, where Enter means "next".

    A QLineEdit would scroll a long resolution out of sight; minutes resolutions are
    often a long sentence. Plain text only. ``edited`` reports typing, never
    ``set_text``.
    """

    edited = Signal(str)
    enter_pressed = Signal()
    MAX_LINES = 6

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._setting = False
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setUndoRedoEnabled(False)  # the page's undo stack records the typing
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.set_text(text)
        self.textChanged.connect(self._changed)
        self._fit()

    def text(self) -> str:
        return self.toPlainText()

    def set_text(self, text: str) -> None:
        self._setting = True
        try:
            self.setPlainText(text)
        finally:
            self._setting = False
        self._fit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter_pressed.emit()
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _changed(self) -> None:
        self._fit()
        if not self._setting:
            self.edited.emit(self.toPlainText())

    def _fit(self) -> None:
        # Tall enough for the wrapped text (up to MAX_LINES lines, then it scrolls).
        document = self.document()
        document.setTextWidth(self.viewport().width())
        line = self.fontMetrics().lineSpacing()
        content = max(document.size().height(), line + 2 * document.documentMargin())
        cap = self.MAX_LINES * line + 2 * document.documentMargin()
        height = int(min(content, cap)) + 2 * self.frameWidth()
        if self.height() != height:
            self.setFixedHeight(height)


@dataclass
class ResolutionLine:
    id: str
    text: str


class ResolutionList(QWidget):
    """ "RESOLVED that:" and one editable line per point, lettered (a), (b) …"""

    #: (resolution id, text) as the person types.
    edited = Signal(str, str)
    remove_requested = Signal(str)
    #: Enter in a line: a new point below it.
    enter_pressed = Signal(str)
    #: The lines were built anew (their widgets, and so the tab order, changed).
    rebuilt = Signal()

    def __init__(self, undo_keys: QObject, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._undo_keys = undo_keys
        self._editable = True
        self._lines: list[ResolutionLine] = []
        self._edits: dict[str, ResolutionEdit] = {}
        self._chain: list[QWidget] = []
        self.heading = label("RESOLVED that:", role="subheading")
        self.empty = label("No resolutions. Ctrl+R adds one.", role="facts")
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(8)
        self._grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.empty)
        layout.addLayout(self._grid)

    def set_lines(self, lines: Sequence[ResolutionLine], editable: bool) -> None:
        self._editable = editable
        self._lines = list(lines)
        self._rebuild()

    def lines(self) -> list[ResolutionLine]:
        return list(self._lines)

    def line_edit(self, resolution_id: str) -> ResolutionEdit | None:
        return self._edits.get(resolution_id)

    def focus_chain(self) -> list[QWidget]:
        """The controls in reading order: (a) and its Remove, (b) and its Remove, …"""
        return list(self._chain)

    def focused_index(self) -> int | None:
        for index, line in enumerate(self._lines):
            edit = self._edits.get(line.id)
            if edit is not None and edit.hasFocus():
                return index
        return None

    def focus_line(self, resolution_id: str) -> None:
        edit = self._edits.get(resolution_id)
        if edit is not None:
            edit.setFocus(Qt.FocusReason.OtherFocusReason)
            edit.moveCursor(QTextCursor.MoveOperation.End)

    def set_text(self, resolution_id: str, text: str) -> None:
        edit = self._edits.get(resolution_id)
        if edit is not None and edit.text() != text:
            edit.set_text(text)  # not reported as typing: no new command

    def _rebuild(self) -> None:
        focused = self.focused_index()
        while self._grid.count():
            taken = self._grid.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self._edits.clear()
        self._chain.clear()
        for row, line in enumerate(self._lines):
            letter = resolution_label(row + 1)
            tag = QLabel(letter)
            # Level with the first line of text inside the field's frame and margin.
            tag.setContentsMargins(0, 5, 0, 0)
            edit = ResolutionEdit(line.text)
            edit.setObjectName(f"resolution_{row + 1}")
            edit.setAccessibleName(f"Resolution {letter}")
            edit.setPlaceholderText("the group …")
            edit.setReadOnly(not self._editable)
            edit.installEventFilter(self._undo_keys)
            tag.setBuddy(edit)
            rid = line.id
            edit.edited.connect(lambda text, rid=rid: self.edited.emit(rid, text))
            edit.enter_pressed.connect(lambda rid=rid: self.enter_pressed.emit(rid))
            remove = QToolButton()
            remove.setText("Remove")
            remove.setAccessibleName(f"Remove resolution {letter}")
            remove.setToolTip(f"Remove resolution {letter}")
            remove.setEnabled(self._editable)
            remove.clicked.connect(lambda _=False, rid=rid: self.remove_requested.emit(rid))
            self._grid.addWidget(tag, row, 0, Qt.AlignmentFlag.AlignTop)
            self._grid.addWidget(edit, row, 1)
            self._grid.addWidget(remove, row, 2, Qt.AlignmentFlag.AlignTop)
            for widget in (tag, edit, remove):
                # A layout shows new children later (queued); focus needs them now.
                widget.setVisible(True)
            self._edits[line.id] = edit
            self._chain += [edit, remove]
        self.empty.setVisible(not self._lines)
        self.rebuilt.emit()
        if focused is not None and self._lines:
            self.focus_line(self._lines[min(focused, len(self._lines) - 1)].id)


# --- the new-action row --------------------------------------------------------------

def parse_due_date(text: str, meeting_day: dt.date | None = None) -> dt.date | None:
    """A due date as typed (30/11/2010, 30 Nov 10, 2010-11-30, "today" …), read by
    core/dates.py like every date in the window; a date without a year is the one
    nearest the meeting. Empty means no due date; anything unreadable raises
    ``ValidationError`` with the sentence to show beside the field."""
    if not text.strip():
        return None
    return dates.parse_date(text, today=meeting_day, field="due_date")


class NewActionRow(QFrame):
    """Description, owner and due date of a new action, all from the keyboard.

    Enter saves (unless the owner's completion list is open: then Enter picks the
    name); Escape cancels. The page does the saving and reports back with
    ``show_error`` or ``reset``.
    """

    submitted = Signal(str, str, str)  # description, owner as typed, due date as typed
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("new_action_row")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.description = QLineEdit()
        self.description.setAccessibleName("New action")
        self.description.setPlaceholderText("What is to be done")
        self.owner = QComboBox()
        self.owner.setEditable(True)
        self.owner.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.owner.setAccessibleName("Owner of the new action")
        self.owner.setMinimumContentsLength(18)
        line = self.owner.lineEdit()
        assert line is not None
        line.setPlaceholderText("Attendee, member or name")
        completer = QCompleter(self.owner.model(), self.owner)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.owner.setCompleter(completer)
        self.due = QLineEdit()
        self.due.setAccessibleName("Due date of the new action")
        self.due.setPlaceholderText("dd/mm/yyyy")
        self.due.setMaximumWidth(120)
        self.save_button = QPushButton("Add action")
        self.cancel_button = QPushButton("Cancel")
        self.error = label("", role="error", wrap=True)
        self.error.setAccessibleDescription("Problem with the new action")
        self.error.hide()
        self._keep_alt = KeepAltArrows(self)
        self.owner.installEventFilter(self._keep_alt)
        line.installEventFilter(self._keep_alt)
        for field in (self.description, line, self.due):
            field.installEventFilter(self)

        description_label = label("Act&ion:")
        description_label.setBuddy(self.description)
        owner_label = label("O&wner:")
        owner_label.setBuddy(self.owner)
        due_label = label("Due b&y:")
        due_label.setBuddy(self.due)
        # Two lines, so the row fits beside the agenda in a narrow window.
        fields = QGridLayout()
        fields.addWidget(description_label, 0, 0)
        fields.addWidget(self.description, 0, 1, 1, 5)
        fields.addWidget(owner_label, 1, 0)
        fields.addWidget(self.owner, 1, 1)
        fields.addWidget(due_label, 1, 2)
        fields.addWidget(self.due, 1, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        fields.addLayout(buttons, 1, 5)
        fields.setColumnStretch(1, 1)
        fields.setColumnStretch(4, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(fields)
        layout.addWidget(self.error)
        self.save_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.cancelled.emit)

    def set_choices(self, choices: Sequence[OwnerChoice]) -> None:
        typed = self.owner.currentText()
        self.owner.clear()
        for choice in choices:
            self.owner.addItem(choice.name, choice.person_id)
        self.owner.setCurrentIndex(-1)
        self.owner.setEditText(typed)

    def open(self) -> None:
        self.show()
        self.description.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def reset(self) -> None:
        self.description.clear()
        self.owner.setCurrentIndex(-1)
        self.owner.setEditText("")
        self.due.clear()
        self.show_error("")

    def show_error(self, message: str, field: str | None = None) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        widgets = {"description": self.description, "due_date": self.due,
                   "owner_id": self.owner, "owner_text": self.owner}
        for name, widget in widgets.items():
            widget.setProperty("invalid", bool(message) and name == field)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        target = widgets.get(field or "")
        if message and target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def submit(self) -> None:
        self.submitted.emit(self.description.text(), self.owner.currentText(), self.due.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            completer = self.owner.completer()
            popup = completer.popup() if completer is not None else None
            if popup is not None and popup.isVisible():
                return False  # Enter and Escape belong to the completion list
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.submit()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.cancelled.emit()
                return True
        return False
