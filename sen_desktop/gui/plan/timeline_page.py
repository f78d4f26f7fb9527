"""The Action Plan page: the milestones as a timeline, or as a table, and their editing.

Two tabs over the same milestones: "Timeline" (``TimelineView``: bars on a month axis,
a today line, late ones hatched and named) and "Table" (Period | Action | Owner |
Status | Linked). The page loads itself on the worker (``open``/``reload``) and opens
the milestone dialog for Add milestone…, Edit milestone… and Link milestone… (the
Plan menu, the buttons, or Enter on a row).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QHideEvent, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core.plan.records import (
    STATUS_LABELS,
    MilestoneView,
    ordered_links,
    plan_summary,
)
from sen_desktop.core.validation import uk_date
from sen_desktop.gui.common.models import RecordTableModel
from sen_desktop.gui.common.widgets import label, page_layout, record_table
from sen_desktop.gui.plan.milestone_dialogs import MilestoneDialog, open_milestone_dialog
from sen_desktop.gui.plan.timeline_model import TimelineModel, paint_swatch
from sen_desktop.gui.plan.timeline_widget import TimelineView

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.shell.menus import MenuCommands
    from sen_desktop.gui.shell.pages import PageContext
    from sen_desktop.gui.shell.session import OpenProgramme

TIMELINE_TAB: Final = 0
TABLE_TAB: Final = 1
LEGEND_ORDER: Final = ("not_started", "on_track", "at_risk", "late", "done")


class MilestoneTable(RecordTableModel[MilestoneView]):
    """Period | Action | Owner | Status | Linked, in the Action Plan's order."""

    headers = ("Period", "Action", "Owner", "Status", "Linked")
    PERIOD, ACTION, OWNER, STATUS, LINKED = range(5)

    def cell(self, m: MilestoneView, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == self.PERIOD:
                return m.period
            if column == self.ACTION:
                return m.action
            if column == self.OWNER:
                return m.owner_group_name or ""
            if column == self.STATUS:
                return m.shown_status_label
            if column == self.LINKED:
                # One line, so eight milestones fit on a 1366x768 laptop at 125 %; the
                # whole list is the tooltip (and the Edit milestone… dialog).
                labels = [link.label for link in ordered_links(m.links)]
                if not labels:
                    return "Nothing yet"
                if role == Qt.ItemDataRole.AccessibleTextRole:
                    return "; ".join(labels)
                # "SG meeting 1, 7 September 2010" → "SG meeting 1"; "BESD-R1: title" → "BESD-R1".
                first = re.split(r"[,:]", labels[0], maxsplit=1)[0]
                more = len(labels) - 1
                return f"{first} and {more} more" if more else first
        elif role == Qt.ItemDataRole.ToolTipRole:
            if column == self.LINKED and m.links:
                return "\n".join(link.label for link in ordered_links(m.links))
            if column == self.PERIOD:
                return f"{uk_date(m.period_start)} to {uk_date(m.period_end)}"
            if column == self.STATUS and m.plan_dates:
                return ("The Project Plan's dates (2010–11): set this milestone's own dates "
                        "or status to track it")
            if column == self.STATUS and m.late and m.status != "late":
                return (f"Late: the period ended on {uk_date(m.period_end)} and it is "
                        f"marked “{STATUS_LABELS.get(m.status, m.status)}”, not done")
        elif role == Qt.ItemDataRole.FontRole and column == self.STATUS and m.late:
            font = QFont()
            font.setBold(True)
            return font
        elif role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None


class StatusLegend(QWidget):
    """What the bars mean: each status's sample drawn as its bar is, with its word."""

    GAP: Final = 18

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Key to the bars")
        self.setAccessibleDescription(
            "Not started: an outline. On track: solid blue. At risk: hatched amber. "
            "Late: cross-hatched red with a heavy border. Done: solid green. "
            "Each bar also says its status in words."
        )

    def _items(self) -> list[tuple[str, str]]:
        return [(status, STATUS_LABELS[status]) for status in LEGEND_ORDER]

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        width = sum(30 + metrics.horizontalAdvance(text) + self.GAP for _s, text in self._items())
        return QSize(width, max(22, metrics.height() + 6))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        x = 0.0
        middle = self.height() / 2
        metrics = self.fontMetrics()
        for status, text in self._items():
            paint_swatch(painter, QRectF(x, middle - 6, 24, 12), status)
            x += 30
            painter.setPen(self.palette().windowText().color())
            width = metrics.horizontalAdvance(text)
            painter.drawText(QRectF(x, 0, width + 2, self.height()),
                             int(Qt.AlignmentFlag.AlignVCenter), text)
            x += width + self.GAP
        painter.end()


class TimelinePage(QWidget):
    """Action Plan: the timeline and the table of milestones, with Add and Edit."""

    loaded = Signal()
    selection_changed = Signal()
    #: A milestone was added or edited (the MilestoneView saved).
    milestone_saved = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner: TaskRunner | None = None
        self._session: OpenProgramme | None = None
        self._actions: MenuCommands | None = None
        self._show_page: Callable[[], None] | None = None
        self._selected_id: str | None = None
        self.dialog: QDialog | None = None  # the dialog last opened, for tests

        self.heading = label("Action Plan", role="heading")
        self.timeframe = label("", role="facts", wrap=True)
        self.timeframe.setAccessibleDescription("Programme timeframe")
        self.timeframe.setWordWrap(False)
        self.summary = label("", role="facts", wrap=True)
        self.summary.setAccessibleDescription("Milestones at a glance")
        facts = QHBoxLayout()
        # Both on the first line's baseline when the summary wraps (a new install's
        # "on the Project Plan's dates … until the programme sets its own" takes two).
        facts.addWidget(self.timeframe, 0, Qt.AlignmentFlag.AlignTop)
        facts.addWidget(self.summary, 1, Qt.AlignmentFlag.AlignTop)

        self.timeline_model = TimelineModel(self)
        self.timeline = TimelineView()
        self.timeline.setModel(self.timeline_model)
        self.legend = StatusLegend()
        self.zoom_out_button = QPushButton("Zoom out")
        self.zoom_out_button.setAccessibleName("Zoom out of the timeline")
        self.zoom_in_button = QPushButton("Zoom in")
        self.zoom_in_button.setAccessibleName("Zoom into the timeline")
        self.fit_button = QPushButton("Fit to window")
        self.fit_button.setAccessibleName("Fit the whole timeline into the window")
        self.zoom_in_button.clicked.connect(lambda: self._zoom(1.5))
        self.zoom_out_button.clicked.connect(lambda: self._zoom(1 / 1.5))
        self.fit_button.clicked.connect(self._fit)
        self.timeline.zoom_changed.connect(self._update_zoom_buttons)
        self.keys_hint = label(
            "On the timeline: Up and Down choose a milestone, Enter edits it; + and − "
            "zoom, 0 fits, ← and → scroll the months.",
            role="facts", wrap=True,
        )
        # The key, the zoom and the keys belong to the timeline: on its tab only (the
        # Table tab showed them too). Tab reads them before the timeline, as they sit.
        tools = QHBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        tools.addWidget(self.legend)
        tools.addStretch(1)
        for button in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            tools.addWidget(button)
        timeline_tab = QWidget()
        timeline_layout = QVBoxLayout(timeline_tab)
        timeline_layout.setContentsMargins(0, 6, 0, 0)
        timeline_layout.addLayout(tools)
        timeline_layout.addWidget(self.timeline, 1)
        timeline_layout.addWidget(self.keys_hint)
        QWidget.setTabOrder(self.zoom_out_button, self.zoom_in_button)
        QWidget.setTabOrder(self.zoom_in_button, self.fit_button)
        QWidget.setTabOrder(self.fit_button, self.timeline)

        self.model = MilestoneTable(self)
        self.table = record_table("Action Plan milestones")
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(MilestoneTable.PERIOD, header.ResizeMode.Interactive)
        header.setSectionResizeMode(MilestoneTable.ACTION, header.ResizeMode.Stretch)
        header.setSectionResizeMode(MilestoneTable.OWNER, header.ResizeMode.Interactive)
        header.setSectionResizeMode(MilestoneTable.STATUS, header.ResizeMode.Interactive)
        header.setSectionResizeMode(MilestoneTable.LINKED, header.ResizeMode.Interactive)
        # The other columns take a share of the width (fit_table_columns, on every
        # resize): fixed widths left the Action column 16 letters wide at 125 %.
        self.table.installEventFilter(self)
        table_tab = QWidget()
        table_layout = QVBoxLayout(table_tab)
        table_layout.setContentsMargins(0, 8, 0, 0)
        table_layout.addWidget(self.table)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Action Plan views")
        self.tabs.addTab(timeline_tab, "Timeline")
        self.tabs.addTab(table_tab, "Table")
        self.tabs.setTabToolTip(TIMELINE_TAB, "The milestones as bars on a month axis")
        self.tabs.setTabToolTip(TABLE_TAB, "The milestones as the plan's table")
        self.tabs.currentChanged.connect(self._tab_changed)

        self.add_button = QPushButton("Add milestone…")
        self.edit_button = QPushButton("Edit milestone…")
        self.add_button.clicked.connect(self.add_milestone)
        self.edit_button.clicked.connect(lambda: self.edit_milestone())
        self.edit_button.setEnabled(False)

        layout = page_layout(self)
        layout.addWidget(self.heading)
        layout.addLayout(facts)
        layout.addWidget(self.tabs, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.timeline.selectionModel().currentChanged.connect(
            lambda current, _previous: self._chosen(self.timeline_model, current)
        )
        self.table.selectionModel().currentChanged.connect(
            lambda current, _previous: self._chosen(self.model, current)
        )
        self.timeline.activated.connect(lambda _index: self.edit_milestone())
        self.table.activated.connect(lambda _index: self.edit_milestone())
        self.setFocusProxy(self.timeline)

    #: The share of the table's width each column but the Action takes, and the fewest
    #: average characters it is given; the Action column takes the rest (about 40 %).
    _COLUMN_SHARES: Final = {
        MilestoneTable.PERIOD: (0.16, 12),
        MilestoneTable.OWNER: (0.15, 12),
        MilestoneTable.STATUS: (0.08, 8),
        MilestoneTable.LINKED: (0.21, 16),
    }

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's)
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self.fit_table_columns()
        return False

    def fit_table_columns(self) -> None:
        """Give each column its share of the table's width (see ``_COLUMN_SHARES``)."""
        available = self.table.viewport().width()
        character = self.table.fontMetrics().averageCharWidth()
        header = self.table.horizontalHeader()
        for column, (share, fewest) in self._COLUMN_SHARES.items():
            header.resizeSection(column, max(round(available * share), fewest * character))

    # --- loading -----------------------------------------------------------------------

    def open(self, context: PageContext, tab: str | None = None) -> None:
        """Show the page on the open programme; ``tab`` "timeline" or "table"."""
        self._runner, self._session = context.runner, context.session
        self.timeline.set_today(context.today or dt.date.today())
        if tab is not None:
            self.show_tab(tab)
        self.reload()

    def reload(self, select_id: str | None = None) -> None:
        if self._runner is None or self._session is None:
            return
        from sen_desktop.gui.shell.session import timeframe_text

        session = self._session

        def fetch() -> tuple[list[MilestoneView], str]:
            return session.milestones.list_milestones(), timeframe_text(session.programme)

        self._runner.run(
            fetch, lambda result: self.set_plan(*result, select_id=select_id), owner=self,
            channel="plan:milestones",
        )

    def set_plan(
        self,
        milestones: Sequence[MilestoneView],
        timeframe: str,
        select_id: str | None = None,
    ) -> None:
        keep = select_id or self._selected_id
        self.timeframe.setText(timeframe)
        self.timeline_model.set_milestones(milestones)
        self.model.set_records(milestones)
        self.timeline.rows_changed()
        self.summary.setText(self._summary_text(milestones))
        self._selected_id = None
        if keep is not None:
            self.select_milestone(keep)
        elif milestones:
            self.select_milestone(milestones[0].id)
        self._update_buttons()
        self.loaded.emit()

    def _summary_text(self, milestones: Sequence[MilestoneView]) -> str:
        # The core's words: seeded milestones read as the Project Plan's dates, not late.
        return "·   " + plan_summary(milestones)

    # --- tabs, zoom and selection ---------------------------------------------------------

    def show_tab(self, tab: str) -> None:
        self.tabs.setCurrentIndex(TABLE_TAB if tab == "table" else TIMELINE_TAB)

    def current_tab(self) -> str:
        return "table" if self.tabs.currentIndex() == TABLE_TAB else "timeline"

    def _tab_changed(self, _index: int) -> None:
        if self._selected_id is not None:
            self.select_milestone(self._selected_id)

    def _zoom(self, factor: float) -> None:
        self.timeline.zoom(factor)

    def _fit(self) -> None:
        self.timeline.fit()

    def _update_zoom_buttons(self) -> None:
        self.zoom_in_button.setEnabled(self.timeline.can_zoom_in())
        self.zoom_out_button.setEnabled(self.timeline.can_zoom_out())

    def _chosen(self, model: TimelineModel | MilestoneTable, index: QModelIndex) -> None:
        record = model.record(index.row()) if index.isValid() else None
        self._selected_id = record.id if record is not None else None
        self._update_buttons()
        self.selection_changed.emit()

    def selected_milestone(self) -> MilestoneView | None:
        if self._selected_id is None:
            return None
        row = self.timeline_model.row_of(self._selected_id)
        return self.timeline_model.record(row)

    def select_milestone(self, milestone_id: str) -> bool:
        row = self.timeline_model.row_of(milestone_id)
        if row < 0:
            return False
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        for view, model in ((self.timeline, self.timeline_model), (self.table, self.model)):
            index = model.index(row, 0)
            if view.currentIndex() != index or not view.selectionModel().isSelected(index):
                view.selectionModel().setCurrentIndex(index, flags)
            view.scrollTo(index)
        self._selected_id = milestone_id
        self._update_buttons()
        return True

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self.selected_milestone() is not None)
        self._update_zoom_buttons()
        self.update_actions()

    # --- the Plan menu -------------------------------------------------------------------

    def connect_actions(self, actions: MenuCommands, show_page: Callable[[], None]) -> None:
        """Wire the Plan menu; ``show_page`` brings this page forward first (Add
        milestone… is the shell's: it shows this page, then calls ``add_milestone``)."""
        self._actions, self._show_page = actions, show_page

        def on_page(command: Callable[[], None]) -> Callable[[], None]:
            def run() -> None:
                if not self.isVisible() and self._show_page is not None:
                    self._show_page()
                command()

            return run

        actions.edit_milestone.triggered.connect(on_page(lambda: self.edit_milestone()))
        actions.link_milestone.triggered.connect(on_page(self.link_milestone))
        self.update_actions()

    def update_actions(self) -> None:
        a = self._actions
        if a is None:
            return
        is_open = self._session is not None
        chosen = self.isVisible() and self.selected_milestone() is not None
        a.add_milestone.setEnabled(is_open)
        a.edit_milestone.setEnabled(is_open and chosen)
        a.link_milestone.setEnabled(is_open and chosen)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.update_actions()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.update_actions()

    # --- dialogs -------------------------------------------------------------------------

    def add_milestone(self) -> None:
        self._open_dialog(None)

    def edit_milestone(self, milestone_id: str | None = None, focus_links: bool = False) -> None:
        chosen = milestone_id or (m.id if (m := self.selected_milestone()) else None)
        if chosen is not None:
            self._open_dialog(chosen, focus_links=focus_links)

    def link_milestone(self) -> None:
        """Link milestone…: the milestone's dialog, at its links."""
        self.edit_milestone(focus_links=True)

    def _open_dialog(self, milestone_id: str | None, focus_links: bool = False) -> None:
        if self._runner is None or self._session is None:
            return

        def opened(dialog: MilestoneDialog) -> None:
            self.dialog = dialog

        open_milestone_dialog(
            self._runner, self._session, milestone_id, self.window(), self._saved, opened,
            focus_links=focus_links,
        )

    def _saved(self, milestone: MilestoneView) -> None:
        window = self.window()
        status_bar = getattr(window, "statusBar", None)
        if callable(status_bar):
            status_bar().showMessage(f"Saved the milestone “{milestone.period}”.", 5000)
        self.reload(select_id=milestone.id)
        self.milestone_saved.emit(milestone)
