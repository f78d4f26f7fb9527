"""Qt models of a provision map: the districts-by-tiers grid and the entries of a cell.

``ProvisionMapModel`` holds one ``ProvisionMap`` (core/provision/records.py): a row per
district, a column per tier of the continuum. A cell shows its count and places, and a
gap as the word GAP on a line of its own over a hatched background -- the word says it,
the hatching repeats it, and neither is colour alone. Its accessible text reads the
whole cell, district and tier included, so a screen reader moving through the grid
hears where it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from sen_desktop.core.provision.records import (
    GapRecord,
    MapCell,
    ProvisionEntryRecord,
    ProvisionMap,
    tier_label,
)
from sen_desktop.gui.common.models import RecordTableModel

if TYPE_CHECKING:
    Index = QModelIndex | QPersistentModelIndex

#: Role for a cell's ``MapCell``.
CellRole = Qt.ItemDataRole.UserRole + 1
_HATCH = QBrush(QColor("#8a8f96"), Qt.BrushStyle.BDiagPattern)


def cell_words(cell: MapCell) -> str:
    """The cell as the grid shows it: "3 · 52 places", "1", "–"; GAP below (or alone,
    in a cell with no provision: one line keeps the map short)."""
    if not cell.entries:
        return cell.gap_mark or "–"
    words = f"{cell.entries} · {cell.places:,} places" if cell.places else f"{cell.entries}"
    return f"{words}\n{cell.gap_mark}" if cell.gaps else words


class ProvisionMapModel(QAbstractTableModel):
    """The grid: districts down, tiers across."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._map: ProvisionMap | None = None

    def set_map(self, found: ProvisionMap) -> None:
        self.beginResetModel()
        self._map = found
        self.endResetModel()

    def provision_map(self) -> ProvisionMap | None:
        return self._map

    def cell_at(self, index: Index) -> MapCell | None:
        if self._map is None or not index.isValid():
            return None
        return self._map.cell(self._map.districts[index.row()], self._map.tiers[index.column()])

    def index_of(self, district: str, tier: str) -> QModelIndex:
        if self._map is None or district not in self._map.districts:
            return QModelIndex()
        return self.index(self._map.districts.index(district), self._map.tiers.index(tier))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self._map is None else len(self._map.districts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self._map is None else len(self._map.tiers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self._map is None or role not in (
            Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole
        ):
            return None
        if orientation == Qt.Orientation.Horizontal:
            words = tier_label(self._map.tiers[section])
            return words if role != Qt.ItemDataRole.DisplayRole else two_lines(words)
        district = self._map.districts[section]
        return district if role != Qt.ItemDataRole.DisplayRole else two_lines(district, 20)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        cell = self.cell_at(index)
        if cell is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_words(cell)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{cell.district}, {tier_label(cell.tier)}: {cell.summary}"
        if role == Qt.ItemDataRole.ToolTipRole and cell.gaps:
            return "\n".join(_gap_line(g) for g in cell.gaps)
        if role == Qt.ItemDataRole.BackgroundRole and cell.gaps:
            return _HATCH
        if role == Qt.ItemDataRole.FontRole and cell.gaps:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == CellRole:
            return cell
        return None


def two_lines(words: str, longest: int = 14) -> str:
    """A heading longer than ``longest`` broken at the space nearest its middle, so its
    column stays narrow."""
    if len(words) <= longest or " " not in words:
        return words
    middle = len(words) // 2
    spaces = [i for i, c in enumerate(words) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return f"{words[:cut]}\n{words[cut + 1:]}"


def _gap_line(gap: GapRecord) -> str:
    answer = gap.recommendation.label if gap.recommendation else "no recommendation yet"
    return f"Gap: {gap.evidence} ({answer})"


class EntryTableModel(RecordTableModel[ProvisionEntryRecord]):
    """The provision listed in one cell of the map."""

    headers: ClassVar[tuple[str, ...]] = (
        "Provision", "Setting or service", "Need types", "Ages", "Places", "Funding"
    )

    def cell(self, entry: ProvisionEntryRecord, column: int, role: int) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        values = (
            entry.name,
            entry.setting,
            ", ".join(entry.need_types),
            entry.ages,
            "none counted" if entry.places is None else f"{entry.places:,}",
            entry.funding,
        )
        return values[column]


class GapTableModel(RecordTableModel[GapRecord]):
    """The gaps recorded in one cell (two laptops may each have recorded one)."""

    headers: ClassVar[tuple[str, ...]] = ("Evidence", "Recommendation")

    def cell(self, gap: GapRecord, column: int, role: int) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if column == 0:
            return gap.evidence
        return gap.recommendation.label if gap.recommendation else "None yet"


__all__ = ["CellRole", "EntryTableModel", "GapTableModel", "ProvisionMapModel", "cell_words"]
