"""Qt models for the Meetings page: the meeting list, the agenda, attendance and
declarations, and the delegate that edits a member's attendance in place.

The agenda, attendance and declaration lists are small (a few dozen rows at most) and
arrive whole in one MeetingDetail, so those models keep the frozen records. The meeting
list can hold every meeting of ten years of every group (thousands of rows): it holds
the summaries from one query but hands them to the view in pages as it scrolls
(canFetchMore/fetchMore), so the view never lays out rows nobody looks at.

Edits go out as signals (``move_requested``, ``status_requested``): the page runs the
service call on the worker and the model is refilled from its answer, so a model never
shows a change the database refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from sen_desktop.core.meetings.records import (
    ATTENDANCE_LABELS,
    INTEREST_LABELS,
    MEETING_STATUS_LABELS,
    MEMBER_STATUSES,
    AgendaItemRecord,
    AttendanceRecord,
    DeclarationRecord,
    MeetingSummary,
    time_text,
)
from sen_desktop.gui.common.models import IdRole, RecordTableModel, format_date

if TYPE_CHECKING:
    from collections.abc import Sequence

Index = QModelIndex | QPersistentModelIndex
_DISPLAY = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)

#: Short status words for the meeting list, where space is tight.
SHORT_STATUS = {
    "planned": "Planned",
    "held": "Held",
    "minutes_draft": "Draft minutes",
    "checked": "Checked",
    "circulated": "Circulated",
    "confirmed": "Confirmed",
    "cancelled": "Cancelled",
}

AGENDA_MIME = "application/x-sen-agenda-item"


class MeetingListModel(RecordTableModel[MeetingSummary]):
    """Date | Group | No. | Status, given to the view a page at a time."""

    headers = ("Date", "Group", "No.", "Status")
    DATE, GROUP, NUMBER, STATUS = range(4)
    PAGE = 200

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._shown = 0

    def set_records(self, records: Sequence[MeetingSummary]) -> None:
        self.beginResetModel()
        self._rows = tuple(records)
        self._shown = min(self.PAGE, len(self._rows))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._shown < len(self._rows)

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid():
            return
        more = min(self.PAGE, len(self._rows) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def row_of(self, record_id: str) -> int:
        row = super().row_of(record_id)
        if row >= self._shown:  # hand the view every page up to that row
            while self._shown <= row:
                self.fetchMore(QModelIndex())
        return row

    def cell(self, meeting: MeetingSummary, column: int, role: int) -> Any:
        if role in _DISPLAY:
            if column == self.DATE:
                return format_date(meeting.date)
            if column == self.GROUP:
                return meeting.group_code
            if column == self.NUMBER:
                return str(meeting.number)
            if column == self.STATUS:
                return SHORT_STATUS.get(meeting.status, meeting.status)
        elif role == Qt.ItemDataRole.ToolTipRole:
            when = f" at {time_text(meeting.start_time)}" if meeting.start_time else ""
            return (
                f"{meeting.group_name}, meeting {meeting.number}: {format_date(meeting.date)}"
                f"{when}. {MEETING_STATUS_LABELS.get(meeting.status, meeting.status)}."
            )
        elif role == Qt.ItemDataRole.FontRole and meeting.status == "cancelled":
            font = QFont()
            font.setStrikeOut(True)
            return font
        elif role == Qt.ItemDataRole.TextAlignmentRole and column == self.NUMBER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def confidential_text(item: AgendaItemRecord) -> str:
    if not item.exempt:
        return ""
    if item.exempt_paragraph:
        return f"Confidential (paragraph {item.exempt_paragraph})"
    return "Confidential"


class AgendaTableModel(RecordTableModel[AgendaItemRecord]):
    """No. | Item | Presenter | Paper | Confidential. Business items can be dragged to a
    new place; a drop asks for the move (``move_requested``) rather than making it."""

    headers = ("No.", "Item", "Presenter", "Paper", "Confidential")
    NUMBER, TITLE, PRESENTER, PAPER, CONFIDENTIAL = range(5)

    #: (item id, new 1-based position)
    move_requested = Signal(str, int)

    def cell(self, item: AgendaItemRecord, column: int, role: int) -> Any:
        if role in _DISPLAY:
            if column == self.NUMBER:
                return "" if item.minute_number is None else str(item.minute_number)
            if column == self.TITLE:
                return item.title
            if column == self.PRESENTER:
                return item.presenter
            if column == self.PAPER:
                return item.paper_ref
            if column == self.CONFIDENTIAL:
                return confidential_text(item)
        elif role == Qt.ItemDataRole.ToolTipRole:
            if column == self.CONFIDENTIAL and item.exempt:
                return f"Considered in private: {item.exempt_reason}"
            if column == self.TITLE and item.standard:
                return f"{item.title}: a standard item, on every agenda in this place"
        elif role == Qt.ItemDataRole.TextAlignmentRole and column == self.NUMBER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        elif role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None

    # --- drag and drop --------------------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if not index.isValid():
            return flags | Qt.ItemFlag.ItemIsDropEnabled
        record = self.record(index.row())
        if record is not None and not record.standard:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [AGENDA_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        record = self.record(rows[0]) if rows else None
        if record is not None:
            data.setData(AGENDA_MIME, QByteArray(record.id.encode("ascii")))
        return data

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if action != Qt.DropAction.MoveAction or not data.hasFormat(AGENDA_MIME):
            return False
        item_id = bytes(data.data(AGENDA_MIME).data()).decode("ascii")
        source = self.row_of(item_id)
        if source < 0:
            return False
        # Dropped between rows: ``row`` is where it goes; dropped onto a row: that row.
        target = row if row >= 0 else (parent.row() if parent.isValid() else self.rowCount())
        new_index = target - 1 if target > source else target
        if new_index != source:
            self.move_requested.emit(item_id, new_index + 1)
        # False: the view must not remove the dragged row; the reload after the move does.
        return False


class AttendanceTableModel(RecordTableModel[AttendanceRecord]):
    """Name | Attending as | Attendance. A member's attendance is editable in place;
    the edit asks for the change (``status_requested``)."""

    headers = ("Name", "Attending as", "Attendance")
    NAME, CAPACITY, STATUS = range(3)

    #: (person id, status)
    status_requested = Signal(str, str)

    def cell(self, record: AttendanceRecord, column: int, role: int) -> Any:
        if role in _DISPLAY:
            if column == self.NAME:
                return record.person_name
            if column == self.CAPACITY:
                if record.status == "in_attendance":
                    return record.capacity or "Officer or guest"
                return record.capacity
            if column == self.STATUS:
                return attendance_text(record)
        elif role == Qt.ItemDataRole.EditRole and column == self.STATUS:
            return record.status
        elif role == Qt.ItemDataRole.ToolTipRole and column == self.STATUS and record.is_member:
            return "Press F2 or double-click to change"
        elif role == Qt.ItemDataRole.FontRole and record.status == "expected" and column == 2:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        record = self.record(index.row()) if index.isValid() else None
        if record is not None and record.is_member and index.column() == self.STATUS:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        record = self.record(index.row()) if index.isValid() else None
        if (
            role != Qt.ItemDataRole.EditRole
            or record is None
            or not record.is_member
            or value not in MEMBER_STATUSES
        ):
            return False
        if value != record.status:
            self.status_requested.emit(record.person_id, str(value))
        return False  # the page refills the model from the service's answer


def attendance_text(record: AttendanceRecord) -> str:
    """"Present", "Apologies (substitute: Gus Grey)", "Substitute for Cy Cole" …"""
    if record.status == "substitute":
        return f"Substitute for {record.substitute_for_name or 'a member'}"
    label = ATTENDANCE_LABELS.get(record.status, record.status)
    if record.substituted_by_name:
        return f"{label} (substitute: {record.substituted_by_name})"
    return label


class AttendanceDelegate(QStyledItemDelegate):
    """A combo box of the member statuses for the Attendance column."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        combo = QComboBox(parent)
        for status in MEMBER_STATUSES:
            combo.addItem(ATTENDANCE_LABELS[status], status)
        name = index.model().index(index.row(), AttendanceTableModel.NAME).data()
        combo.setAccessibleName(f"Attendance of {name}")
        # Choosing commits at once, as a person expects of a list of choices.
        combo.activated.connect(lambda _index: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class DeclarationTableModel(RecordTableModel[DeclarationRecord]):
    """Person | Item | Interest | Nature | Left the room."""

    headers = ("Person", "Item", "Interest", "Nature", "Left the room")

    def cell(self, record: DeclarationRecord, column: int, role: int) -> Any:
        if role in _DISPLAY:
            if column == 0:
                return record.person_name
            if column == 1:
                if not record.agenda_item_id:
                    return "General"
                number = f"{record.minute_number}. " if record.minute_number else ""
                return f"{number}{record.item_title}"
            if column == 2:
                return INTEREST_LABELS.get(record.interest_type, record.interest_type)
            if column == 3:
                return record.nature
            if column == 4:
                return "Yes" if record.left_room else "No"
        elif role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None


__all__ = [
    "AgendaTableModel",
    "AttendanceDelegate",
    "AttendanceTableModel",
    "DeclarationTableModel",
    "IdRole",
    "MeetingListModel",
    "attendance_text",
    "confidential_text",
]
