"""Qt models of the Exchange and Conflicts pages, over small keyed records.

A certified laptop is keyed by its laptop id, a conflict by (entity, row, field), and a
group choice by its code.
A reload is a model reset; the page then finds the row a person had chosen by its key
(``row_of``) and selects it again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from PySide6.QtCore import (
    QAbstractListModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from sen_desktop.gui.common.models import IdRole, RecordTableModel
from sen_desktop.gui.common.widgets import track_focus
from sen_desktop.sync.exchange_records import GroupChoice, LaptopRow, codes_text

if TYPE_CHECKING:
    from collections.abc import Hashable, Iterable, Sequence

Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class CertifiedLaptopModel(RecordTableModel[LaptopRow]):
    headers: ClassVar[tuple[str, ...]] = (
        "Laptop",
        "May read",
        "May write",
        "Roles",
        "Serial",
        "Revoked from",
        "Last bundle in",
        "Last bundle out",
    )

    def key(self, row: int) -> str | None:
        record = self.record(row)
        return record.laptop_id if record is not None else None

    def row_of(self, record_id: str) -> int:
        for row, record in enumerate(self.records()):
            if record.laptop_id == record_id:
                return row
        return -1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and section == 4:
            return _RIGHT
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == IdRole:
            return self.key(index.row()) if index.isValid() else None
        return super().data(index, role)

    def cell(self, laptop: LaptopRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column == 4 else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return {
                0: "This laptop." if laptop.this_laptop else None,
                5: "Times are UTC." if laptop.revoked else None,
                6: "The last bundle from this laptop imported here (UTC).",
                7: "The last bundle for this laptop exported here (UTC).",
            }.get(column)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        values = (
            f"{laptop.name} (this laptop)" if laptop.this_laptop else laptop.name,
            codes_text(laptop.read),
            codes_text(laptop.write),
            laptop.roles or "none",
            str(laptop.serial),
            laptop.revoked_from or "in force",
            "—" if laptop.this_laptop else laptop.last_import,
            "—" if laptop.this_laptop else laptop.last_export,
        )
        return values[column] if 0 <= column < len(values) else None


class LaptopTableModel(CertifiedLaptopModel):
    """The laptops, with the wordy headings on two lines: their one-line width, not the
    values' ("never", "in force"), left Roles cut to "progr…" on a small screen."""

    headers: ClassVar[tuple[str, ...]] = (
        "Laptop",
        "May\nread",
        "May\nwrite",
        "Roles",
        "Serial",
        "Revoked\nfrom",
        "Last bundle\nin",
        "Last bundle\nout",
    )


def laptop_table(name: str, model: CertifiedLaptopModel) -> QTableView:
    """The Exchange page's table of laptops: rows chosen whole, Tab leaves it, long roles
    wrap."""
    table = QTableView()
    track_focus(table)  # the chosen laptop dark only while the list has the focus
    table.setModel(model)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons below it
    table.verticalHeader().setVisible(False)
    # A long role ("chair of Cabinet from 19 Oct 2026") wraps rather than being cut on a
    # small screen (1366 × 768 at 125 %); each row is as tall as its text.
    table.setWordWrap(True)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # Every column as wide as its words but Roles, which takes what is left (the last
    # column was cut to "Last bundle ou" when it had to stretch or shrink).
    header.setSectionResizeMode(model.headers.index("Roles"), QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return table


class _Labelled(Protocol):
    @property
    def key(self) -> Hashable: ...

    @property
    def label(self) -> str: ...


class ConflictListModel(QAbstractListModel):
    """The conflicting fields, one line each, keyed by (entity, row id, field)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: tuple[_Labelled, ...] = ()

    def set_records(self, records: Sequence[_Labelled]) -> None:
        self.beginResetModel()
        self._rows = tuple(records)
        self.endResetModel()

    def record(self, row: int) -> _Labelled | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, key: Hashable) -> int:
        for row, record in enumerate(self._rows):
            if record.key == key:
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self.record(index.row()) if index.isValid() else None
        if record is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return record.label
        if role == IdRole:
            return record.key
        return None


class GroupChoiceModel(QAbstractListModel):
    """The programme's groups as a checkable list ("SG — Strategy Steering Group")."""

    def __init__(self, groups: Sequence[GroupChoice], parent: Any = None) -> None:
        super().__init__(parent)
        self._groups = tuple(groups)
        self._checked: set[str] = set()

    def set_checked(self, codes: Iterable[str]) -> None:
        wanted = {c.upper() for c in codes}
        self._checked = {g.code for g in self._groups if g.code.upper() in wanted}
        if self._groups:
            self.dataChanged.emit(
                self.index(0), self.index(len(self._groups) - 1),
                [Qt.ItemDataRole.CheckStateRole],
            )

    def checked(self) -> list[str]:
        return [g.code for g in self._groups if g.code in self._checked]

    def row_of(self, code: str) -> int:
        for row, group in enumerate(self._groups):
            if group.code == code:
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._groups)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._groups)):
            return None
        group = self._groups[index.row()]
        on = group.code in self._checked
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{group.code} — {group.name}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{group.code}, {group.name}, {'included' if on else 'not included'}"
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        if role == IdRole:
            return group.code
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        code = self._groups[index.row()].code
        state = value.value if isinstance(value, Qt.CheckState) else value
        if state == Qt.CheckState.Checked.value:
            self._checked.add(code)
        else:
            self._checked.discard(code)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True


def select_row(view: QAbstractItemView, row: int) -> None:
    """Make ``row`` current and selected in ``view`` (nothing when out of range)."""
    model = view.model()
    if model is None or not (0 <= row < model.rowCount()):
        return
    view.selectionModel().setCurrentIndex(
        model.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows,
    )
