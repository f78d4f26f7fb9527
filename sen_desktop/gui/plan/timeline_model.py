"""What the Action Plan's timeline is made of, before the view paints it: its geometry and
colours, the month scale, the bar styles (a status said by pattern and word, never by
colour alone), and the list model whose rows screen readers read in words.

``TimelineView`` (gui/plan/timeline_widget.py) paints these; the page's legend uses
``paint_swatch`` so its samples are drawn exactly as the bars are.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen

from sen_desktop.core.plan.records import MilestoneView, ordered_links
from sen_desktop.core.validation import uk_date

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

Index = QModelIndex | QPersistentModelIndex

#: Role for the id of the milestone a row shows.
IdRole = Qt.ItemDataRole.UserRole

ROW_HEIGHT: Final = 42
AXIS_HEIGHT: Final = 46
LABEL_WIDTH: Final = 360
BAR_HEIGHT: Final = 16
#: Room right of the last month for the status word beside a bar.
RIGHT_PAD: Final = 92
MIN_MONTH_WIDTH: Final = 18.0
MAX_MONTH_WIDTH: Final = 260.0
ZOOM_STEP: Final = 1.5

INK = QColor("#1c2430")
MUTED = QColor("#4a5563")
GRID = QColor("#e3e7ec")
YEAR_LINE = QColor("#6b7684")
YEAR_ROW_LINE = QColor("#b4bcc6")
AXIS_BACK = QColor("#e9edf1")
ROW_ALT = QColor("#f6f8fa")
SELECTED = QColor("#dbe7f3")
SELECTED_EDGE = QColor("#1f4e79")
TODAY = QColor("#1c2430")

#: Today within this many months of the plan stretches the axis to show it.
TODAY_REACH_MONTHS: Final = 6


@dataclass(frozen=True)
class BarStyle:
    """How a status draws: its colour, a fill pattern over a light tint, a border width."""

    colour: str
    tint: str
    pattern: Qt.BrushStyle
    border: float


BAR_STYLES: Final = {
    "not_started": BarStyle("#5b6573", "#ffffff", Qt.BrushStyle.NoBrush, 1.5),
    "on_track": BarStyle("#1f4e79", "#1f4e79", Qt.BrushStyle.SolidPattern, 1.0),
    "at_risk": BarStyle("#9a4f00", "#fbe3c4", Qt.BrushStyle.BDiagPattern, 1.5),
    "late": BarStyle("#a4000f", "#f8d4d7", Qt.BrushStyle.DiagCrossPattern, 2.5),
    "done": BarStyle("#2f6b3a", "#2f6b3a", Qt.BrushStyle.SolidPattern, 1.0),
}

_MONTH_ABBREVIATIONS: Final = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
)


def month_label(index: int) -> str:
    """"Sep 2010" for a month index (year * 12 + month - 1), in English on any desktop."""
    return f"{_MONTH_ABBREVIATIONS[index % 12]} {index // 12}"


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def accessible_text(m: MilestoneView) -> str:
    """Everything a row says, in words: what a screen reader reads for it."""
    owner = f" Owner: {m.owner_group_name}." if m.owner_group_name else ""
    linked = "; ".join(link.label for link in ordered_links(m.links)) or "nothing yet"
    return (
        f"{m.period}: {m.action}. Status: {m.shown_status_label}. "
        f"From {uk_date(m.period_start)} to {uk_date(m.period_end)}.{owner} Linked: {linked}."
    )


@dataclass(frozen=True)
class MonthScale:
    """The months the axis spans: ``first`` to ``last`` inclusive, as month indexes."""

    first: int
    last: int

    @classmethod
    def covering(cls, milestones: Sequence[MilestoneView], today: dt.date) -> MonthScale:
        if not milestones:
            here = _month_index(today)
            return cls(here - 2, here + 9)
        first = min(_month_index(m.period_start) for m in milestones)
        last = max(_month_index(m.period_end) for m in milestones)
        now = _month_index(today)
        # A today just outside the plan is worth showing on the axis; years away is not.
        if last < now <= last + TODAY_REACH_MONTHS:
            last = now
        elif first - TODAY_REACH_MONTHS <= now < first:
            first = now
        return cls(first, last)

    @property
    def months(self) -> int:
        return self.last - self.first + 1

    def position(self, day: dt.date) -> float:
        """Months from the axis start to the start of ``day`` (fractional)."""
        days = calendar.monthrange(day.year, day.month)[1]
        return _month_index(day) - self.first + (day.day - 1) / days

    def end_position(self, day: dt.date) -> float:
        """Months from the axis start to the end of ``day``."""
        return self.position(day) + 1 / calendar.monthrange(day.year, day.month)[1]

    def today_side(self, today: dt.date) -> int:
        """-1 before the axis, 0 on it, 1 after it."""
        now = _month_index(today)
        return -1 if now < self.first else (1 if now > self.last else 0)


def today_marker_text(scale: MonthScale, today: dt.date) -> str:
    """"Today", or "Today (28 November 2026) →" when today is beyond the axis."""
    side = scale.today_side(today)
    if side > 0:
        return f"Today ({uk_date(today)}) →"
    if side < 0:
        return f"← Today ({uk_date(today)})"
    return "Today"


def paint_swatch(painter: QPainter, rect: QRectF, status: str) -> None:
    """A bar, or a legend's sample of one: the status's tint, pattern and border."""
    style = BAR_STYLES.get(status, BAR_STYLES["not_started"])
    colour = QColor(style.colour)
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(style.tint))
    painter.drawRect(rect)
    if style.pattern not in (Qt.BrushStyle.NoBrush, Qt.BrushStyle.SolidPattern):
        painter.setBrush(QBrush(colour, style.pattern))
        painter.drawRect(rect)
    pen = QPen(colour, style.border)
    if status == "not_started":
        pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(rect.adjusted(style.border / 2, style.border / 2,
                                   -style.border / 2, -style.border / 2))
    painter.restore()


class TimelineModel(QAbstractListModel):
    """The milestones, one per row, with their words for screen readers and tooltips."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: tuple[MilestoneView, ...] = ()

    def set_milestones(self, milestones: Sequence[MilestoneView]) -> None:
        self.beginResetModel()
        self._rows = tuple(milestones)
        self.endResetModel()

    def milestones(self) -> tuple[MilestoneView, ...]:
        return self._rows

    def record(self, row: int) -> MilestoneView | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, milestone_id: str) -> int:
        return next((r for r, m in enumerate(self._rows) if m.id == milestone_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        m = self.record(index.row()) if index.isValid() else None
        if m is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{m.period}: {m.action}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return accessible_text(m)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return m.action
        if role == Qt.ItemDataRole.ToolTipRole:
            owner = f"\nOwner: {m.owner_group_name}" if m.owner_group_name else ""
            links = "".join(f"\n  • {link.label}" for link in ordered_links(m.links))
            links = links or " nothing yet"
            return (
                f"{m.period} — {m.shown_status_label}\n{m.action}\n"
                f"{uk_date(m.period_start)} to {uk_date(m.period_end)}{owner}\nLinked:{links}"
            )
        if role == IdRole:
            return m.id
        return None
