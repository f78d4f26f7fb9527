"""The sections of a meeting on the Meetings page: its agenda, its attendance (with the
quorum in words) and its declarations of interest.

Each section shows records it is given and turns clicks and keys into requests
(signals); the page runs them through MeetingService on the worker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core.meetings.records import (
    AgendaItemRecord,
    AttendanceRecord,
    DeclarationRecord,
    MeetingDetail,
    quorum_text,
)
from sen_desktop.gui.common import resources
from sen_desktop.gui.common.widgets import choose_on_focus, label, record_table
from sen_desktop.gui.meetings.models import (
    AgendaTableModel,
    AttendanceDelegate,
    AttendanceTableModel,
    DeclarationTableModel,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sen_desktop.gui.common.models import RecordTableModel

R = TypeVar("R")


def _button(text: str, accessible: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(accessible)
    button.setAutoDefault(False)
    return button


def _select_row(table: QTableView, model: RecordTableModel[Any], record_id: str) -> bool:
    row = model.row_of(record_id)
    if row < 0:
        return False
    index = model.index(row, 0)
    table.selectionModel().setCurrentIndex(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    table.scrollTo(index)
    return True


def _select_row_at(table: QTableView, row: int) -> None:
    model = table.model()
    index = model.index(row, 0)
    table.selectionModel().setCurrentIndex(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    table.scrollTo(index)


def _selected(table: QTableView, model: RecordTableModel[R]) -> R | None:
    rows = table.selectionModel().selectedRows()
    return model.record(rows[0].row()) if rows else None


class AgendaSection(QWidget):
    """The agenda table with Add / Edit / Move up / Move down / Remove. Business items
    can also be dragged; Ctrl+Shift+Up/Down (the Meetings menu) move the selected one."""

    add_requested = Signal()
    edit_requested = Signal()
    remove_requested = Signal()
    #: (item id, new 1-based position)
    move_requested = Signal(str, int)
    selection_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editable = False
        self.model = AgendaTableModel(self)
        self.model.move_requested.connect(self.move_requested)
        self.table = choose_on_focus(record_table("Agenda"))
        self.table.setModel(self.model)
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.setDropIndicatorShown(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.table.setDefaultDropAction(Qt.DropAction.MoveAction)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(AgendaTableModel.NUMBER, header.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AgendaTableModel.TITLE, header.ResizeMode.Stretch)
        for column, width in ((AgendaTableModel.PRESENTER, 100), (AgendaTableModel.PAPER, 70),
                              (AgendaTableModel.CONFIDENTIAL, 102)):
            header.setSectionResizeMode(column, header.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self._selection_changed()
        )
        self.table.activated.connect(lambda *_: self.edit_requested.emit())

        self.add_button = _button("Add &item…", "Add an agenda item")
        self.add_button.clicked.connect(self.add_requested)
        self.edit_button = _button("Edit item…", "Edit the selected agenda item")
        self.edit_button.clicked.connect(self.edit_requested)
        self.up_button = _button("Move up", "Move the selected item up")
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button = _button("Move down", "Move the selected item down")
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.remove_button = _button("Remove item", "Remove the selected agenda item")
        self.remove_button.clicked.connect(self.remove_requested)

        heading = label("Agenda", role="subheading")
        heading.setBuddy(self.table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 12, 0)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.up_button, self.down_button,
                       self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._update_buttons()

    def set_items(self, items: Sequence[AgendaItemRecord], editable: bool) -> None:
        keep = self.selected_item()
        self._editable = editable
        self.model.set_records(items)
        self.table.setDragEnabled(editable)
        if keep is not None:
            self.select_item(keep.id)
        self._update_buttons()

    def selected_item(self) -> AgendaItemRecord | None:
        return _selected(self.table, self.model)

    def select_item(self, item_id: str) -> bool:
        return _select_row(self.table, self.model, item_id)

    def can_move(self, delta: int) -> bool:
        """Whether the selected item can move ``delta`` places (business items stay
        between the standard items)."""
        item = self.selected_item()
        if item is None or item.standard or not self._editable:
            return False
        row = self.model.row_of(item.id) + delta
        neighbour = self.model.record(row)
        return neighbour is not None and not neighbour.standard

    def move_selected(self, delta: int) -> None:
        item = self.selected_item()
        if item is not None and self.can_move(delta):
            self.move_requested.emit(item.id, item.position + delta)

    def _selection_changed(self) -> None:
        self._update_buttons()
        self.selection_changed.emit()

    def _update_buttons(self) -> None:
        item = self.selected_item()
        self.add_button.setEnabled(self._editable)
        self.edit_button.setEnabled(self._editable and item is not None)
        self.up_button.setEnabled(self.can_move(-1))
        self.down_button.setEnabled(self.can_move(1))
        self.remove_button.setEnabled(self._editable and item is not None and not item.standard)


class AttendanceSection(QWidget):
    """Who is expected and how each attended, the quorum in words with an icon, and
    Present / Apologies / Absent / Mark substitute… / Add anyone else… / Remove."""

    #: (person id, status) for a member
    status_requested = Signal(str, str)
    substitute_requested = Signal()
    add_requested = Signal()
    remove_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editable = False
        self.quorum_icon = QLabel()
        self.quorum_icon.setFixedSize(20, 20)
        self.quorum_text = label("", wrap=True)
        self.quorum_text.setAccessibleDescription("Quorum")

        self.model = AttendanceTableModel(self)
        self.model.status_requested.connect(self.status_requested)
        self.table = record_table("Attendance")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(
            AttendanceTableModel.STATUS, AttendanceDelegate(self.table)
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(AttendanceTableModel.NAME, header.ResizeMode.Interactive)
        header.setSectionResizeMode(AttendanceTableModel.CAPACITY, header.ResizeMode.Stretch)
        header.setSectionResizeMode(AttendanceTableModel.STATUS, header.ResizeMode.Interactive)
        header.resizeSection(AttendanceTableModel.NAME, 125)
        header.resizeSection(AttendanceTableModel.STATUS, 120)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        choose_on_focus(self.table)

        # Access keys: unique on the Meetings page and clear of the menu bar's letters
        # (Alt+P, Alt+A are the People and Actions menus; Alt+I is the agenda's Add item).
        self.present_button = _button("Prese&nt", "Mark the selected member present")
        self.apologies_button = _button("Apologie&s", "Mark the selected member as apologies")
        self.absent_button = _button("A&bsent", "Mark the selected member absent")
        for button, status in ((self.present_button, "present"),
                               (self.apologies_button, "apologies"),
                               (self.absent_button, "absent")):
            button.clicked.connect(lambda _=False, status=status: self._mark(status))
        self.substitute_button = _button("Mar&k substitute…", "Record a substitute for a member")
        self.substitute_button.clicked.connect(self.substitute_requested)
        self.add_button = _button("Add an&yone else…", "Add an officer or guest in attendance")
        self.add_button.setToolTip("Add an officer or guest in attendance")
        self.add_button.clicked.connect(self.add_requested)
        self.remove_button = _button("Remo&ve from list",
                                     "Remove the selected person from the list")
        self.remove_button.clicked.connect(self.remove_requested)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        quorum = QHBoxLayout()
        quorum.addWidget(self.quorum_icon, 0, Qt.AlignmentFlag.AlignTop)
        quorum.addWidget(self.quorum_text, 1)
        layout.addLayout(quorum)
        layout.addWidget(self.table, 1)
        marks = QHBoxLayout()
        marks.addWidget(label("Mark:"))
        for button in (self.present_button, self.apologies_button, self.absent_button):
            marks.addWidget(button)
        marks.addStretch(1)
        layout.addLayout(marks)
        others = QHBoxLayout()
        for button in (self.substitute_button, self.add_button, self.remove_button):
            others.addWidget(button)
        others.addStretch(1)
        layout.addLayout(others)
        self._update_buttons()

    def set_meeting(self, meeting: MeetingDetail, editable: bool) -> None:
        keep = self.selected()
        self._editable = editable
        self.model.set_records(meeting.attendance)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
            if editable else QAbstractItemView.EditTrigger.NoEditTriggers
        )
        text = quorum_text(meeting.quorum_needed, meeting.quorum_present)
        self.quorum_text.setText(text)
        self.quorum_icon.setPixmap(resources.pixmap(
            "seat-rule-met" if meeting.quorum_met else "seat-rule-not-met", 20,
            self.devicePixelRatioF(),
        ))
        self.quorum_icon.setAccessibleName("Met" if meeting.quorum_met else "Not met")
        self.quorum_icon.setToolTip(text)
        if keep is not None:
            self.select_person(keep.person_id)
        self._update_buttons()

    def selected(self) -> AttendanceRecord | None:
        return _selected(self.table, self.model)

    def select_person(self, person_id: str) -> bool:
        for record in self.model.records():
            if record.person_id == person_id:
                return _select_row(self.table, self.model, record.id)
        return False

    def _mark(self, status: str) -> None:
        record = self.selected()
        if record is not None and record.is_member:
            self.status_requested.emit(record.person_id, status)
            self._next_person()

    def _next_person(self) -> None:
        """As a register is taken: the list keeps the focus and moves to the next person,
        so Alt+N, Alt+N, Alt+S … marks one after another (the button kept the focus, and
        the next mark needed Shift+Tab and an arrow key first)."""
        row = self.table.currentIndex().row()
        if 0 <= row < self.model.rowCount() - 1:
            row += 1
        if row >= 0:
            _select_row_at(self.table, row)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_buttons(self) -> None:
        record = self.selected()
        member = self._editable and record is not None and record.is_member
        for button in (self.present_button, self.apologies_button, self.absent_button):
            button.setEnabled(member)
        self.substitute_button.setEnabled(self._editable)
        self.add_button.setEnabled(self._editable)
        self.remove_button.setEnabled(
            self._editable and record is not None and not record.is_member
        )


class DeclarationSection(QWidget):
    """Declarations of interest, with Add / Edit / Remove."""

    add_requested = Signal()
    edit_requested = Signal()
    remove_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editable = False
        self.model = DeclarationTableModel(self)
        self.table = choose_on_focus(record_table("Declarations of interest"))
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(header.ResizeMode.Interactive)
        header.setSectionResizeMode(3, header.ResizeMode.Stretch)
        for column, width in ((0, 120), (1, 150), (2, 150), (4, 90)):
            header.resizeSection(column, width)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.table.activated.connect(lambda *_: self.edit_requested.emit())
        self.empty_note = label(
            "No declarations of interest recorded. If none were made, the minutes say so.",
            role="facts", wrap=True,
        )
        self.add_button = _button("Add declaratio&n…", "Add a declaration of interest")
        self.add_button.clicked.connect(self.add_requested)
        self.edit_button = _button("Edit declaration…", "Edit the selected declaration")
        self.edit_button.clicked.connect(self.edit_requested)
        self.remove_button = _button("Remove declaration", "Remove the selected declaration")
        self.remove_button.clicked.connect(self.remove_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_note)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._update_buttons()

    def set_declarations(self, declarations: Sequence[DeclarationRecord], editable: bool) -> None:
        self._editable = editable
        self.model.set_records(declarations)
        self.empty_note.setVisible(not declarations)
        self._update_buttons()

    def selected(self) -> DeclarationRecord | None:
        return _selected(self.table, self.model)

    def _update_buttons(self) -> None:
        chosen = self._editable and self.selected() is not None
        self.add_button.setEnabled(self._editable)
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)
