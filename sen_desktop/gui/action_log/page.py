"""The Action Log page: every group's actions, filtered and sorted, with the chosen
action's details, progress updates and history beneath.

The page runs its own service calls on the window's TaskRunner: the ordered ids and
the first page of rows come back together (so the log paints full), and the model
fetches further pages as they scroll into view. Filters and sorts start a new id query;
a result that arrives after a newer request is dropped.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from html import escape
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core.actions.service import (
    ACTION_STATUSES,
    BRAG_LABELS,
    BRAG_MEANINGS,
    BRAG_RATINGS,
    OPEN_STATUSES,
    STATUS_LABELS,
    ActionDetail,
    ActionFilter,
    ActionRecord,
    ActionRow,
    OwnerChoice,
    OwnerOption,
)
from sen_desktop.core.records import GroupSummary
from sen_desktop.gui.action_log.dialogs import ActionDialog, ProgressUpdateDialog
from sen_desktop.gui.action_log.model import BRAG_COLOURS, ActionLogModel, brag_swatch
from sen_desktop.gui.common.flow_layout import FlowLayout
from sen_desktop.gui.common.models import format_date
from sen_desktop.gui.common.tasks import TaskRunner
from sen_desktop.gui.common.widgets import (
    at_least_rows,
    label,
    list_over_panes,
    page_layout,
    reading_pane,
    record_table,
)

if TYPE_CHECKING:
    from sen_desktop.core.actions.service import ActionService

T = TypeVar("T")

SORT_CHOICES = (
    ("reference", "Reference"),
    ("due_date", "Due date"),
    ("owner", "Owner"),
    ("status", "Status"),
    ("brag", "Rating"),
    ("group", "Group"),
)
_SELECT_ROW = (
    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
)
_COLUMN_OF_KEY = {key: column for column, key in ActionLogModel.SORT_KEYS.items()}
#: What each column must show in full, measured in the table's font (the Action column
#: takes the rest). Bold where the model shows it bold; the header is bold too.
_SAMPLES = {
    ActionLogModel.REF: "BESD-999",
    ActionLogModel.GROUP: "Group",
    ActionLogModel.RAISED: "BESD meeting 12, minute 105",
    ActionLogModel.OWNER: "Christopher Richards",
    ActionLogModel.DUE: "30 Sept 2011 (overdue)",
    ActionLogModel.BRAG: "Amber",
    ActionLogModel.STATUS: max(STATUS_LABELS.values(), key=len),
    ActionLogModel.LATEST: "4 Jul 2011: Agreed with the headteachers",
}
#: The Action column never narrower than this many average characters.
_ACTION_CHARACTERS = 44
#: Columns given up, in this order, when the window is too narrow for all of them: the
#: Details pane below shows each in full (the group is also the reference's prefix).
_OPTIONAL = (ActionLogModel.LATEST, ActionLogModel.GROUP, ActionLogModel.RAISED)


def column_widths(table: QTableView, available: int) -> tuple[dict[int, int], set[int]]:
    """Widths for the Action Log's columns in ``available`` pixels, and the columns to
    hide: every column fits its longest usual text and the Action column gets the rest."""
    bold = QFont(table.font())
    bold.setBold(True)
    metrics, bold_metrics = QFontMetrics(table.font()), QFontMetrics(bold)
    cell_padding, header_padding = 14, 12 + 18  # the header's own padding and sort arrow
    widths = {}
    for column, sample in _SAMPLES.items():
        font = bold_metrics if column == ActionLogModel.DUE else metrics  # overdue is bold
        heading = str(ActionLogModel.headers[column])
        widths[column] = max(font.horizontalAdvance(sample) + cell_padding,
                             bold_metrics.horizontalAdvance(heading) + header_padding)
    widths[ActionLogModel.BRAG] += 22  # the swatch
    action = metrics.averageCharWidth() * _ACTION_CHARACTERS
    hidden: set[int] = set()
    for column in _OPTIONAL:
        if sum(widths.values()) + action <= available:
            break
        hidden.add(column)
        del widths[column]
    # Narrower still (a small screen at 125 %): long owners' names are cut before the
    # action is (the Details pane names the owner in full).
    short_owner = metrics.averageCharWidth() * 14 + cell_padding
    over = sum(widths.values()) + action - available
    if over > 0:
        widths[ActionLogModel.OWNER] = max(short_owner, widths[ActionLogModel.OWNER] - over)
    return widths, hidden


def run_guarded(
    runner: TaskRunner | None,
    work: Callable[[], T],
    on_done: Callable[[T], None],
    owner: QWidget,
    on_error: Callable[[Exception], None] | None = None,
) -> None:
    """Run on the worker unless the window has shut it down (late timers, clicks)."""
    if runner is None:
        return
    # A runner shut down with the window refuses new work: nothing is left to update.
    with contextlib.suppress(RuntimeError):
        runner.run(work, on_done, on_error, owner=owner)


def detail_html(detail: ActionDetail) -> str:
    """The chosen action as rich text: what, who, when, rating, then progress updates."""
    a = detail.action
    swatch = (
        f"<span style='background-color:{BRAG_COLOURS.get(a.brag, '#fff')}'>"
        "&nbsp;&nbsp;&nbsp;&nbsp;</span>"
    )
    rating = f"{BRAG_LABELS.get(a.brag, a.brag)} ({BRAG_MEANINGS.get(a.brag, '')})"
    due = format_date(a.due_date) if a.due_date else "no due date"
    if a.overdue:
        due = f"<b>{due} (overdue)</b>"
    parts = [
        f"<h3 style='margin-bottom:4px'>{escape(a.reference)} · "
        f"{escape(STATUS_LABELS.get(a.status, a.status))} · {swatch} {escape(rating)}</h3>",
        f"<p>{_paragraphs(a.description)}</p>",
        "<p>"
        f"<b>Group:</b> {escape(detail.group_name)}<br>"
        f"<b>Raised at:</b> {escape(a.raised_at or 'between meetings')}<br>"
        f"<b>Owner:</b> {escape(a.owner or 'no owner yet')}<br>"
        f"<b>Due:</b> {due}"
        "</p>",
    ]
    if a.brag_comment:
        parts.append(f"<p><b>Reason for the rating:</b> {_paragraphs(a.brag_comment)}</p>")
    parts.append("<h4 style='margin-bottom:2px'>Progress updates</h4>")
    if detail.updates:
        items = []
        for update in detail.updates:
            where = f" at {escape(update.meeting_label)}" if update.meeting_label else ""
            by = f" ({escape(update.by_name)})" if update.by_name else ""
            items.append(
                f"<li><b>{format_date(update.on)}</b>{where}{by}: {_paragraphs(update.text)}</li>"
            )
        parts.append("<ul style='margin-top:0px'>" + "".join(items) + "</ul>")
    else:
        parts.append("<p>No progress updates yet.</p>")
    return "".join(parts)


def _paragraphs(text: str) -> str:
    return escape(text).replace("\n", "<br>")


class ActionLogPage(QWidget):
    """Filters | the log | the chosen action's details and history."""

    #: The log is showing its rows (after opening, a filter or a sort).
    loaded = Signal()
    selection_changed = Signal()
    #: An action or its updates were saved from this page.
    action_saved = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner: TaskRunner | None = None
        self._service: ActionService | None = None
        self._groups: list[GroupSummary] = []
        self._request = 0
        self._detail_request = 0
        self._keep_id: str | None = None
        self.dialog: QDialog | None = None  # the dialog last opened, for tests

        self.heading = label("Action Log", role="heading")
        self.summary = label("", role="facts")
        self.summary.setAccessibleName("Number of actions shown")
        self._build_filters()
        self.model = ActionLogModel(self._load_rows, parent=self)
        self.table = record_table("Action log")
        self._setup_table()
        self.empty_note = label("", role="facts", wrap=True)
        self.empty_note.hide()

        self.new_button = QPushButton("&New action…")
        self.edit_button = QPushButton("Ed&it action…")
        self.update_button = QPushButton("Re&cord progress update…")
        self.new_button.clicked.connect(self.new_action)
        self.edit_button.clicked.connect(self.edit_selected)
        self.update_button.clicked.connect(self.record_update)

        self.details = reading_pane("Details of the chosen action")
        self.history = reading_pane("History of the chosen action")
        self._detail_timer = QTimer(self)
        self._detail_timer.setSingleShot(True)
        self._detail_timer.setInterval(120)
        self._detail_timer.timeout.connect(self._load_detail)
        self._layout()
        self._update_buttons()

    # --- building ----------------------------------------------------------------------

    def _build_filters(self) -> None:
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
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.overdue_filter.toggled.connect(lambda _on: self.reload())
        self.sort_choice.currentIndexChanged.connect(lambda _i: self._sort_changed())
        self.descending.toggled.connect(lambda _on: self._sort_changed())
        self.group_filter.currentIndexChanged.connect(lambda _i: self._load_owners())

    def _setup_table(self) -> None:
        table = self.table
        table.setModel(self.model)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Fixed row heights: sizing rows to their contents would read every row.
        vertical = table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(table.fontMetrics().height() + 8)  # app.qss: 3px pad
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The Action column takes whatever the others leave (it was cut at 28 letters
        # while Due was wide); the others fit their text (fit_columns, on every resize).
        header.setSectionResizeMode(ActionLogModel.ACTION, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        table.installEventFilter(self)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(ActionLogModel.REF, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._header_sorted)
        table.selectionModel().currentRowChanged.connect(self._current_changed)
        table.activated.connect(lambda _index: self.edit_selected())
        self.model.modelReset.connect(self._update_buttons)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's)
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return False

    def fit_columns(self) -> None:
        """Size the columns to the table's width (see ``column_widths``)."""
        table = self.table
        widths, hidden = column_widths(table, table.viewport().width())
        header = table.horizontalHeader()
        for column in range(self.model.columnCount()):
            table.setColumnHidden(column, column in hidden)
            if column in widths:
                header.resizeSection(column, widths[column])

    def _layout(self) -> None:
        layout = page_layout(self)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.summary)
        layout.addLayout(top)

        # The filters wrap onto a second line when the window is narrow.
        filters = QWidget()
        flow = FlowLayout(filters, spacing=6)

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
        layout.addWidget(filters)

        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addWidget(self.empty_note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.update_button)
        buttons.addStretch(1)
        upper_layout.addLayout(buttons)

        self.splitter = list_over_panes(
            upper,
            (("Details", self.details), ("Histor&y", self.history)),
            pane_sizes=(560, 400), stretch=(3, 2), sizes=(470, 230),
        )
        layout.addWidget(self.splitter, 1)
        at_least_rows(self.table)  # eight actions in view on a small screen; the panes scroll

    # --- opening and loading -----------------------------------------------------------

    def open(
        self, runner: TaskRunner, service: ActionService, groups: Sequence[GroupSummary]
    ) -> None:
        """Show the log of ``service`` (reloading it if it is already showing)."""
        first = self._service is not service
        self._runner, self._service = runner, service
        self.model.set_runner(runner)
        self._set_groups(groups)
        if first:
            self._load_owners()
        self.reload()

    def _set_groups(self, groups: Sequence[GroupSummary]) -> None:
        self._groups = list(groups)
        chosen = self.group_filter.currentData()
        self.group_filter.blockSignals(True)
        self.group_filter.clear()
        self.group_filter.addItem("All groups", None)
        for group in self._groups:
            self.group_filter.addItem(f"{group.code} – {group.name}", group.id)
            self.group_filter.setItemData(
                self.group_filter.count() - 1, group.name, Qt.ItemDataRole.ToolTipRole
            )
        index = self.group_filter.findData(chosen)
        self.group_filter.setCurrentIndex(max(index, 0))
        self.group_filter.blockSignals(False)

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

    def reload(self, keep_id: str | None = None) -> None:
        """Query the ids again with the filters and sort shown; the first page comes too."""
        service = self._service
        if service is None:
            return
        self._request += 1
        request = self._request
        wanted = self.current_filter()
        sort_key, descending = self.current_sort()
        self._keep_id = keep_id or self.selected_id()
        page_size = self.model.page_size

        keep = self._keep_id

        def fetch() -> tuple[list[str], list[ActionRow], ActionDetail | None]:
            ids = service.query_ids(wanted, sort_key, descending)
            # The details of the action that will be chosen come too, so the page is
            # complete when it first paints.
            chosen = keep if keep in ids else (ids[0] if ids else None)
            detail = service.detail(chosen) if chosen is not None else None
            return ids, service.rows(ids[:page_size]), detail

        def show(result: tuple[list[str], list[ActionRow], ActionDetail | None]) -> None:
            if request == self._request:
                self._show_ids(*result)

        self.summary.setText("Loading…")
        run_guarded(self._runner, fetch, show, self)

    def _show_ids(
        self, ids: list[str], first_rows: list[ActionRow], detail: ActionDetail | None
    ) -> None:
        self.model.set_ids(ids, first_rows)
        count = len(ids)
        self.summary.setText(f"{count:,} action{'s' if count != 1 else ''}")
        filtered = self.current_filter() != ActionFilter()
        self.empty_note.setText(
            "No actions match these filters." if filtered
            else "No actions yet. Actions are raised in a meeting's minutes, or with New action…"
        )
        self.empty_note.setVisible(count == 0)
        if self._keep_id is None or not self.select_action(self._keep_id):
            self.details.setHtml("")
            self.history.setHtml("")
            if count:
                self.table.selectionModel().setCurrentIndex(self.model.index(0, 0), _SELECT_ROW)
        if detail is not None and detail.action.id == self.selected_id():
            self._detail_timer.stop()
            self._detail_request += 1  # a request already on its way is no longer needed
            self.show_detail(detail)
        self._update_buttons()
        self.selection_changed.emit()
        self.loaded.emit()

    def _load_rows(self, ids: list[str]) -> list[ActionRow]:
        # Called by the model on the worker (it was given the runner in open()).
        assert self._service is not None
        return self._service.rows(ids)

    def _load_owners(self) -> None:
        service = self._service
        if service is None:
            return
        group_id = self.group_filter.currentData()
        run_guarded(self._runner, lambda: service.owners(group_id), self._set_owners, self)

    def _set_owners(self, owners: list[OwnerOption]) -> None:
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
        if chosen is not None and index < 0:
            self.reload()  # the chosen owner has no actions in this group

    # --- sorting -----------------------------------------------------------------------

    def _header_sorted(self, column: int, order: Qt.SortOrder) -> None:
        key = ActionLogModel.SORT_KEYS.get(column)
        header = self.table.horizontalHeader()
        if key is None:  # Raised at, Action and Latest update do not sort
            current, descending = self.current_sort()
            header.blockSignals(True)
            header.setSortIndicator(
                _COLUMN_OF_KEY[current],
                Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder,
            )
            header.blockSignals(False)
            return
        self.sort_by(key, order == Qt.SortOrder.DescendingOrder)

    def sort_by(self, key: str, descending: bool = False) -> None:
        """Sort as the Sort by box and the column header both show."""
        for widget in (self.sort_choice, self.descending):
            widget.blockSignals(True)
        self.sort_choice.setCurrentIndex(self.sort_choice.findData(key))
        self.descending.setChecked(descending)
        for widget in (self.sort_choice, self.descending):
            widget.blockSignals(False)
        self._sync_header()
        self.reload()

    def _sort_changed(self) -> None:
        self._sync_header()
        self.reload()

    def _sync_header(self) -> None:
        key, descending = self.current_sort()
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(
            _COLUMN_OF_KEY[key],
            Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder,
        )
        header.blockSignals(False)

    # --- selection and details ---------------------------------------------------------

    def selected_id(self) -> str | None:
        index = self.table.selectionModel().currentIndex()
        rows = self.table.selectionModel().selectedRows()
        if not rows or not index.isValid():
            return None
        return self.model.id_at(index.row())

    def selected_action(self) -> ActionRow | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.record(index.row()) if index.isValid() and self.selected_id() else None

    def select_action(self, action_id: str) -> bool:
        row = self.model.row_of(action_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(index, _SELECT_ROW)
        self.table.scrollTo(index)
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_buttons()
        self.selection_changed.emit()
        if current.isValid():
            self._detail_timer.start()

    def _load_detail(self) -> None:
        action_id, service = self.selected_id(), self._service
        if action_id is None or service is None:
            return
        self._detail_request += 1
        request = self._detail_request

        def show(detail: ActionDetail) -> None:
            if request == self._detail_request:
                self.show_detail(detail)

        def missing(_error: Exception) -> None:
            if request == self._detail_request:
                self.details.setHtml("<p>This action has been removed.</p>")
                self.history.setHtml("")

        run_guarded(self._runner, lambda: service.detail(action_id), show, self, missing)

    def show_detail(self, detail: ActionDetail) -> None:
        self.details.setHtml(detail_html(detail))
        lines = "".join(f"<li>{escape(line)}</li>" for line in detail.history)
        self.history.setHtml(f"<ul style='margin-left:-20px'>{lines}</ul>")

    def _update_buttons(self) -> None:
        has = self.selected_id() is not None
        self.edit_button.setEnabled(has)
        self.update_button.setEnabled(has)
        self.new_button.setEnabled(self._service is not None)

    def has_selection(self) -> bool:
        return self.selected_id() is not None

    # --- editing -----------------------------------------------------------------------

    def focus_filters(self) -> None:
        self.group_filter.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _open_dialog(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def edit_selected(self) -> None:
        """Edit action…: open the form on the chosen action (fetched fresh)."""
        action_id, service = self.selected_id(), self._service
        if action_id is None or service is None:
            return

        def fetch() -> tuple[ActionRecord, list[OwnerChoice]]:
            action = service.get(action_id)
            return action, service.owner_choices(action.group_id)

        def show(result: tuple[ActionRecord, list[OwnerChoice]]) -> None:
            action, owners = result
            assert self._runner is not None
            dialog = ActionDialog(self._runner, service, owners, action, parent=self.window())
            dialog.saved.connect(self._saved)
            self._open_dialog(dialog)

        run_guarded(self._runner, fetch, show, self)

    def new_action(self) -> None:
        """New action…: raised between meetings, for the group filtered on (or chosen)."""
        service = self._service
        if service is None:
            return
        group_id = self.group_filter.currentData()
        groups = list(self._groups)

        def show(owners: list[OwnerChoice]) -> None:
            assert self._runner is not None
            dialog = ActionDialog(
                self._runner, service, owners, groups=groups, group_id=group_id,
                parent=self.window(),
            )
            dialog.saved.connect(self._saved)
            self._open_dialog(dialog)

        run_guarded(self._runner, lambda: service.owner_choices(group_id), show, self)

    def record_update(self) -> None:
        """Record progress update…: a dated update on the chosen action."""
        action_id, service = self.selected_id(), self._service
        if action_id is None or service is None:
            return

        def show(action: ActionRecord) -> None:
            assert self._runner is not None
            dialog = ProgressUpdateDialog(self._runner, service, action, parent=self.window())
            dialog.saved.connect(lambda _update: self._saved(action))
            self._open_dialog(dialog)

        run_guarded(self._runner, lambda: service.get(action_id), show, self)

    def _saved(self, record: Any) -> None:
        self.action_saved.emit(record)
        action_id = getattr(record, "id", None)
        self._load_owners()
        self.reload(keep_id=action_id if isinstance(action_id, str) else None)
        self._detail_timer.start()
