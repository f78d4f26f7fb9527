"""Qt table models over the plain records the core services return.

The lists behind these screens are small (a group's 11 to 15 seats, the programme's
few hundred people) and each arrives whole from one short
service call on the worker, so the models keep those frozen records and never query
the database themselves: data() only reads memory, and a refresh is a model reset.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from sen_desktop.core import dates
from sen_desktop.core.people.records import SeatView

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex

#: Role for the id of the record a row shows.
IdRole = Qt.ItemDataRole.UserRole

KIND_LABELS = {
    "steering": "Steering group",
    "working": "Need dimension working group",
    "reference": "Reference group",
    "other": "Group",
}

_MUTED = QColor("#5b6573")


def format_date(day: dt.date | None) -> str:
    """"1 Sep 2010": short, unambiguous in every locale the County uses."""
    # core.dates: English month names whatever the desktop's language.
    return "" if day is None else dates.short_date(day)


def format_long_date(day: dt.date) -> str:
    return dates.uk_date(day)


class RecordTableModel(QAbstractTableModel, Generic[R]):
    """A read-only table of frozen records; subclasses say what each column shows."""

    headers: ClassVar[tuple[str, ...]] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: tuple[R, ...] = ()

    def set_records(self, records: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = tuple(records)
        self.endResetModel()

    def record(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def records(self) -> tuple[R, ...]:
        return self._rows

    def row_of(self, record_id: str) -> int:
        for row, record in enumerate(self._rows):
            if getattr(record, "id", None) == record_id:
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        record = self._rows[index.row()]
        if role == IdRole:
            return self.record_id(record)
        return self.cell(record, index.column(), role)

    def record_id(self, record: R) -> Any:
        """What IdRole gives for a row: the record's ``id``."""
        return getattr(record, "id", None)

    def cell(self, record: R, column: int, role: int) -> Any:
        raise NotImplementedError


class SeatTableModel(RecordTableModel[SeatView]):
    """# | Seat | Held by | Since | Role. A vacant seat says "Vacant" in words."""

    headers = ("#", "Seat", "Held by", "Since", "Role")
    NUMBER, SEAT, HELD_BY, SINCE, ROLE = range(5)

    def cell(self, seat: SeatView, column: int, role: int) -> Any:
        holder = seat.holder
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == self.NUMBER:
                return str(seat.position)
            if column == self.SEAT:
                # The plan marks the seats its seat rule counts with an asterisk.
                return f"{seat.title} *" if seat.rule_applies else seat.title
            if column == self.HELD_BY:
                return holder.person_name if holder is not None else "Vacant"
            if column == self.SINCE:
                return format_date(holder.start_date) if holder is not None else ""
            if column == self.ROLE:
                return seat_role(seat)
        elif role == Qt.ItemDataRole.ToolTipRole:
            if column == self.SEAT and seat.rule_applies:
                return f"{seat.title}: counts for the group's seat rule"
            if column == self.HELD_BY and holder is not None:
                until = f" until {format_long_date(holder.end_date)}" if holder.end_date else ""
                meets = seat.rule_applies and holder.meets_seat_rule
                rule = " (from a school with a unit or lead school status)" if meets else ""
                since = format_long_date(holder.start_date)
                return f"{holder.person_name}{rule}, since {since}{until}"
        elif role == Qt.ItemDataRole.FontRole and column == self.HELD_BY and holder is None:
            font = QFont()
            font.setItalic(True)
            return font
        elif role == Qt.ItemDataRole.ForegroundRole and column == self.HELD_BY and holder is None:
            return _MUTED
        elif role == Qt.ItemDataRole.TextAlignmentRole and column == self.NUMBER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def seat_role(seat: SeatView) -> str:
    if seat.is_chair:
        return "Chair"
    if seat.is_vice_chair:
        return "Vice-chair"
    return ""
