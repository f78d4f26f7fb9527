"""The Action Log's filters and sort: group, owner, status, rating, overdue, order.

The boxes wrap onto a second line when the window is narrow. Changing a filter or the
order emits ``changed`` (the page reads the log again); changing the group also emits
``group_changed`` (the owners offered are those of that group's log).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QWidget

from sen_desktop.core.actions.records import (
    ACTION_STATUSES,
    BRAG_LABELS,
    BRAG_MEANINGS,
    BRAG_RATINGS,
    OPEN_STATUSES,
    STATUS_LABELS,
    ActionFilter,
    OwnerOption,
)
from sen_desktop.gui.action_log.model import brag_swatch
from sen_desktop.gui.common.flow_layout import FlowLayout
from sen_desktop.gui.common.widgets import label

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sen_desktop.core.programme.records import GroupSummary

SORT_CHOICES = (
    ("reference", "Reference"),
    ("due_date", "Due date"),
    ("owner", "Owner"),
    ("status", "Status"),
    ("brag", "Rating"),
    ("group", "Group"),
)


class LogFilters(QWidget):
    """Group | Owner | Status | Rating | Overdue only | Sort by | Reverse order."""

    #: A filter or the order changed: read the log again.
    changed = Signal()
    #: The order changed (also emits ``changed``): the column header follows.
    sort_changed = Signal()
    #: The group changed: offer that group's owners.
    group_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group_filter = QComboBox()
        self.group_filter.setAccessibleName("Show the actions of group")
        self.group_filter.addItem("All groups", None)
        self.owner_filter = QComboBox()
        self.owner_filter.setAccessibleName("Show the actions of owner")
        self.owner_filter.addItem("Anyone", None)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Show actions with status")
        self.status_filter.addItem("Any status", None)
        self.status_filter.addItem("Open or in progress", OPEN_STATUSES)
        for status in ACTION_STATUSES:
            self.status_filter.addItem(STATUS_LABELS[status], status)
        self.brag_filter = QComboBox()
        self.brag_filter.setAccessibleName("Show actions with rating")
        self.brag_filter.addItem("Any rating", None)
        for rating in BRAG_RATINGS:
            self.brag_filter.addItem(
                brag_swatch(rating), f"{BRAG_LABELS[rating]} ({BRAG_MEANINGS[rating]})", rating
            )
        self.overdue_filter = QCheckBox("Over&due only")
        self.sort_choice = QComboBox()
        self.sort_choice.setAccessibleName("Sort the log by")
        for key, text in SORT_CHOICES:
            self.sort_choice.addItem(text, key)
        self.descending = QCheckBox("Re&verse order")
        self.descending.setAccessibleName("Sort in reverse order")
        for combo in (self.group_filter, self.owner_filter):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(14)
        for combo in (self.group_filter, self.owner_filter, self.status_filter,
                      self.brag_filter):
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.overdue_filter.toggled.connect(lambda _on: self.changed.emit())
        self.sort_choice.currentIndexChanged.connect(lambda _i: self._sort_changed())
        self.descending.toggled.connect(lambda _on: self._sort_changed())
        self.group_filter.currentIndexChanged.connect(lambda _i: self.group_changed.emit())
        self._layout()

    def _layout(self) -> None:
        flow = FlowLayout(self, spacing=6)

        def captioned(text: str, widget: QWidget) -> None:
            pair = QWidget()
            row = QHBoxLayout(pair)
            row.setContentsMargins(0, 0, 10, 0)
            caption = label(text)
            caption.setBuddy(widget)
            row.addWidget(caption)
            row.addWidget(widget)
            flow.addWidget(pair)

        # Access keys clear of the menu bar's letters (F E O P G A T R L X U H): Group
        # and Rating have none free, so they are reached by Tab (Ctrl+Shift+F starts here).
        captioned("Group:", self.group_filter)
        captioned("O&wner:", self.owner_filter)
        captioned("&Status:", self.status_filter)
        captioned("Rating:", self.brag_filter)
        flow.addWidget(self.overdue_filter)
        captioned("Sort &by:", self.sort_choice)
        flow.addWidget(self.descending)

    # --- what is chosen ----------------------------------------------------------------

    def current_filter(self) -> ActionFilter:
        owner = self.owner_filter.currentData() or ""
        status = self.status_filter.currentData()
        return ActionFilter(
            group_id=self.group_filter.currentData(),
            owner_id=owner.removeprefix("id:") if owner.startswith("id:") else None,
            owner_text=owner.removeprefix("text:") if owner.startswith("text:") else None,
            status=tuple(status) if isinstance(status, list | tuple) else status,
            brag=self.brag_filter.currentData(),
            overdue=self.overdue_filter.isChecked(),
        )

    def current_sort(self) -> tuple[str, bool]:
        return str(self.sort_choice.currentData()), self.descending.isChecked()

    def set_sort(self, key: str, descending: bool) -> None:
        """Show this order (without emitting: the caller reads the log)."""
        for widget in (self.sort_choice, self.descending):
            widget.blockSignals(True)
        self.sort_choice.setCurrentIndex(self.sort_choice.findData(key))
        self.descending.setChecked(descending)
        for widget in (self.sort_choice, self.descending):
            widget.blockSignals(False)

    def _sort_changed(self) -> None:
        self.sort_changed.emit()
        self.changed.emit()

    # --- what is offered ---------------------------------------------------------------

    def set_groups(self, groups: Sequence[GroupSummary]) -> None:
        """Offer these groups, keeping the one chosen if it is still there."""
        chosen = self.group_filter.currentData()
        self.group_filter.blockSignals(True)
        self.group_filter.clear()
        self.group_filter.addItem("All groups", None)
        for group in groups:
            self.group_filter.addItem(f"{group.code} – {group.name}", group.id)
            self.group_filter.setItemData(
                self.group_filter.count() - 1, group.name, Qt.ItemDataRole.ToolTipRole
            )
        index = self.group_filter.findData(chosen)
        self.group_filter.setCurrentIndex(max(index, 0))
        self.group_filter.blockSignals(False)

    def set_owners(self, owners: Sequence[OwnerOption]) -> bool:
        """Offer these owners; True if the owner chosen is no longer among them (the
        filter is back to Anyone, and the log must be read again)."""
        chosen = self.owner_filter.currentData()
        self.owner_filter.blockSignals(True)
        self.owner_filter.clear()
        self.owner_filter.addItem("Anyone", None)
        for option in owners:
            # Plain strings: a combo box cannot find Python tuples among its items' data.
            key = f"id:{option.owner_id}" if option.owner_id else f"text:{option.owner_text}"
            self.owner_filter.addItem(option.label, key)
        index = self.owner_filter.findData(chosen) if chosen is not None else 0
        self.owner_filter.setCurrentIndex(max(index, 0))
        self.owner_filter.blockSignals(False)
        return chosen is not None and index < 0
