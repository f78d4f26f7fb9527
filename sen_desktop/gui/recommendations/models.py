"""The recommendations list as a table model, and the words for a chair's decision.

The list is small (a programme raises dozens of recommendations, not thousands) and
arrives whole from one service call on the worker, so the model keeps the records it
is given, as ``models.py`` does. Whether a chair's decision verifies is said in words
("Verified", "Not verified — signature does not match") with an icon beside them,
never by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon

from sen_desktop.gui.common import resources
from sen_desktop.gui.common.models import RecordTableModel

if TYPE_CHECKING:
    from sen_desktop.core.recommendations.records import ChairCheck, RecommendationSummary

NO_DECISION = "—"
NO_DECISION_MEANING = "No chair's endorsement or approval yet"
_MUTED = QColor("#5b6573")


def check_text(check: ChairCheck | None) -> str:
    """ "Verified", "Not verified — <reason>", or a dash when no chair has decided."""
    if check is None:
        return NO_DECISION
    if check.verified:
        return "Verified"
    return f"Not verified — {check.reason}"


def check_icon(verified: bool) -> QIcon:
    return resources.icon("verified" if verified else "not-verified")


@dataclass(frozen=True)
class RecommendationRow:
    """One line of the list: the recommendation and its latest chair's decision."""

    summary: RecommendationSummary
    check: ChairCheck | None

    @property
    def id(self) -> str:
        return self.summary.id


class RecommendationListModel(RecordTableModel[RecommendationRow]):
    """Ref | Title | Group | State | Verified."""

    headers = ("Ref", "Title", "Group", "State", "Verified")
    REF, TITLE, GROUP, STATE, VERIFIED = range(5)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._icons: dict[bool, QIcon] = {}
        self._group_names: dict[str, str] = {}

    def set_group_names(self, names: dict[str, str]) -> None:
        self._group_names = dict(names)

    def cell(self, record: RecommendationRow, column: int, role: int) -> Any:
        s = record.summary
        if role == Qt.ItemDataRole.DisplayRole:
            return (s.reference, s.title, s.group_code, s.state_label,
                    check_text(record.check))[column]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column == self.VERIFIED and record.check is None:
                return NO_DECISION_MEANING
            if column == self.GROUP:
                return self._group_names.get(s.group_id, s.group_code)
            return self.cell(record, column, Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.GROUP:
                return self._group_names.get(s.group_id, s.group_code)
            if column == self.TITLE:
                return s.title
            if column == self.VERIFIED:
                if record.check is None:
                    return NO_DECISION_MEANING
                return check_text(record.check)
            if column == self.STATE and s.flagged:
                return f"{s.state_label}: a step in its history did not count; see the history"
        if role == Qt.ItemDataRole.DecorationRole and column == self.VERIFIED:
            if record.check is None:
                return None
            verified = record.check.verified
            if verified not in self._icons:
                self._icons[verified] = check_icon(verified)
            return self._icons[verified]
        if role == Qt.ItemDataRole.ForegroundRole and column == self.VERIFIED:
            return _MUTED if record.check is None else None
        return None
