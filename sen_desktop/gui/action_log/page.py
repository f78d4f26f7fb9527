"""The Action Log page: every group's actions, filtered and sorted, with the chosen
action's details, progress updates and history beneath.

Opening the page (or changing a filter or the order) asks the worker for the log's
view (``ActionService.open_log``: the count and the first page, or the page of the
action chosen before, with its details) so the log paints full; the model then fetches
further pages as they scroll into view, each after the key of the page before it.
Reads go on channels of the one task runner, so only the newest answer shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core.actions.records import (
    ActionDetail,
    ActionFilter,
    ActionLogView,
    ActionRecord,
    ActionRow,
    OwnerChoice,
    OwnerOption,
)
from sen_desktop.gui.action_log.columns import column_widths
from sen_desktop.gui.action_log.details import detail_html, history_html
from sen_desktop.gui.action_log.dialogs import ActionDialog, ProgressUpdateDialog
from sen_desktop.gui.action_log.filters import LogFilters
from sen_desktop.gui.action_log.model import ActionLogModel
from sen_desktop.gui.common.tables import follow_current_row, one_line_rows
from sen_desktop.gui.common.widgets import (
    at_least_rows,
    label,
    list_over_panes,
    page_layout,
    reading_pane,
    record_table,
)
from sen_desktop.gui.papers.target import ExportTarget
from sen_desktop.papers.kinds import ACTION_LOG

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sen_desktop.core.actions.service import ActionService
    from sen_desktop.core.programme.records import GroupSummary
    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.shell.pages import PageContext

PAGE_SIZE = 200
_SELECT_ROW = (
    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
)
_COLUMN_OF_KEY = {key: column for column, key in ActionLogModel.SORT_KEYS.items()}


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
        self.dialog: QDialog | None = None  # the dialog last opened, for tests

        self.heading = label("Action Log", role="heading")
        self.summary = label("", role="facts")
        # A description, not a name: a name would be read instead of the count it shows.
        self.summary.setAccessibleDescription("Number of actions shown")
        self.filters = LogFilters()
        # The boxes by their old names: the shell's keyboard tests and the menus use them.
        self.group_filter = self.filters.group_filter
        self.owner_filter = self.filters.owner_filter
        self.status_filter = self.filters.status_filter
        self.brag_filter = self.filters.brag_filter
        self.overdue_filter = self.filters.overdue_filter
        self.sort_choice = self.filters.sort_choice
        self.descending = self.filters.descending
        self.filters.changed.connect(self.reload)
        self.filters.sort_changed.connect(self._sync_header)
        self.filters.group_changed.connect(self._load_owners)
        self.model = ActionLogModel(page_size=PAGE_SIZE, parent=self)
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
        self._layout()
        self._update_buttons()

    # --- building ----------------------------------------------------------------------

    def _setup_table(self) -> None:
        table = self.table
        # The Action column takes whatever the others leave (it was cut at 28 letters
        # while Due was wide); the others fit their text (fit_columns, on every resize).
        header = one_line_rows(table, self.model, stretch=ActionLogModel.ACTION)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        table.installEventFilter(self)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(ActionLogModel.REF, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._header_sorted)
        self._detail_timer = follow_current_row(
            table, changed=self._choice_changed, load=self._load_detail,
            opened=self.edit_selected,
        )
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
        layout.addWidget(self.filters)

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

    def open(self, context: PageContext) -> None:
        """Show the log of the open programme (reading it again if it is showing)."""
        service = context.session.actions
        first = self._service is not service
        self._runner, self._service = context.runner, service
        self.model.set_runner(context.runner)
        self._groups = list(context.groups)
        self.filters.set_groups(self._groups)
        if first:
            self._load_owners()
        self.reload()

    def current_filter(self) -> ActionFilter:
        return self.filters.current_filter()

    def current_sort(self) -> tuple[str, bool]:
        return self.filters.current_sort()

    def reload(self, keep_id: str | None = None) -> None:
        """Read the log again with the filters and order shown: its count and the page
        holding the action chosen (``keep_id``, else the one chosen now), or the first."""
        service, runner = self._service, self._runner
        if service is None or runner is None:
            return
        wanted = self.current_filter()
        sort_key, descending = self.current_sort()
        keep = keep_id or self.selected_id()

        def fetch() -> ActionLogView:
            return service.open_log(wanted, sort_key, descending, keep_id=keep, size=PAGE_SIZE)

        def show(view: ActionLogView) -> None:
            def load_page(start: int, after: Any) -> Any:
                return service.page(
                    wanted, sort_key, descending, start=start, after=after, size=PAGE_SIZE
                )

            self._show_log(view, wanted, load_page)

        self.summary.setText("Loading…")
        runner.run(fetch, show, channel="action_log:list", owner=self)

    def _show_log(self, view: ActionLogView, wanted: ActionFilter, load_page: Any) -> None:
        self.model.set_log(view.total, view.page, load_page)
        count = view.total
        self.summary.setText(f"{count:,} action{'s' if count != 1 else ''}")
        self.empty_note.setText(
            "No actions match these filters." if wanted != ActionFilter()
            else "No actions yet. Actions are raised in a meeting's minutes, or with New action…"
        )
        self.empty_note.setVisible(count == 0)
        if view.chosen is None or not self.select_action(view.chosen):
            self.details.setHtml("")
            self.history.setHtml("")
        if view.detail is not None and view.detail.action.id == self.selected_id():
            self._detail_timer.stop()  # it is here already
            self.show_detail(view.detail)
        self._update_buttons()
        self.selection_changed.emit()
        self.loaded.emit()

    def _load_owners(self) -> None:
        service, runner = self._service, self._runner
        if service is None or runner is None:
            return
        group_id = self.group_filter.currentData()
        runner.run(
            lambda: service.owners(group_id), self._set_owners,
            channel="action_log:owners", owner=self,
        )

    def _set_owners(self, owners: list[OwnerOption]) -> None:
        if self.filters.set_owners(owners):
            self.reload()  # the chosen owner has no actions in this group

    # --- sorting -----------------------------------------------------------------------

    def _header_sorted(self, column: int, order: Qt.SortOrder) -> None:
        key = ActionLogModel.SORT_KEYS.get(column)
        if key is None:  # Raised at, Action and Latest update do not sort
            self._sync_header()
            return
        self.sort_by(key, order == Qt.SortOrder.DescendingOrder)

    def sort_by(self, key: str, descending: bool = False) -> None:
        """Sort as the Sort by box and the column header both show."""
        self.filters.set_sort(key, descending)
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

    def has_selection(self) -> bool:
        return self.selected_id() is not None

    def _choice_changed(self) -> None:
        self._update_buttons()
        self.selection_changed.emit()

    def _load_detail(self) -> None:
        action_id, service, runner = self.selected_id(), self._service, self._runner
        if action_id is None or service is None or runner is None:
            return

        def show(detail: ActionDetail) -> None:
            if detail.action.id == self.selected_id():
                self.show_detail(detail)

        def missing(_error: Exception) -> None:
            if action_id == self.selected_id():
                self.details.setHtml("<p>This action has been removed.</p>")
                self.history.setHtml("")

        runner.run(
            lambda: service.detail(action_id), show, missing,
            channel="action_log:detail", owner=self,
        )

    def show_detail(self, detail: ActionDetail) -> None:
        self.details.setHtml(detail_html(detail))
        self.history.setHtml(history_html(detail))

    def _update_buttons(self) -> None:
        has = self.selected_id() is not None
        self.edit_button.setEnabled(has)
        self.update_button.setEnabled(has)
        self.new_button.setEnabled(self._service is not None)

    def export_target(self) -> ExportTarget | str:
        """File > Export to Word… here: the log of the group filtered on, else every group's."""
        group_id = self.current_filter().group_id
        if group_id is None:
            return ExportTarget(ACTION_LOG, None, "the action log of every group")
        name = next((g.name for g in self._groups if g.id == group_id), "the chosen group")
        return ExportTarget(ACTION_LOG, group_id, f"the action log of the {name}")

    # --- editing -----------------------------------------------------------------------

    def focus_filters(self) -> None:
        self.group_filter.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _open_dialog(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def edit_selected(self) -> None:
        """Edit action…: open the form on the chosen action (fetched fresh)."""
        action_id, service, runner = self.selected_id(), self._service, self._runner
        if action_id is None or service is None or runner is None:
            return

        def fetch() -> tuple[ActionRecord, list[OwnerChoice]]:
            action = service.get(action_id)
            return action, service.owner_choices(action.group_id)

        def show(result: tuple[ActionRecord, list[OwnerChoice]]) -> None:
            action, owners = result
            dialog = ActionDialog(runner, service, owners, action, parent=self.window())
            dialog.saved.connect(self._saved)
            self._open_dialog(dialog)

        runner.run(fetch, show, owner=self)

    def new_action(self) -> None:
        """New action…: raised between meetings, for the group filtered on (or chosen)."""
        service, runner = self._service, self._runner
        if service is None or runner is None:
            return
        group_id = self.group_filter.currentData()
        groups: Sequence[GroupSummary] = list(self._groups)

        def show(owners: list[OwnerChoice]) -> None:
            dialog = ActionDialog(
                runner, service, owners, groups=groups, group_id=group_id,
                parent=self.window(),
            )
            dialog.saved.connect(self._saved)
            self._open_dialog(dialog)

        runner.run(lambda: service.owner_choices(group_id), show, owner=self)

    def record_update(self) -> None:
        """Record progress update…: a dated update on the chosen action."""
        action_id, service, runner = self.selected_id(), self._service, self._runner
        if action_id is None or service is None or runner is None:
            return

        def show(action: ActionRecord) -> None:
            dialog = ProgressUpdateDialog(runner, service, action, parent=self.window())
            dialog.saved.connect(lambda _update: self._saved(action))
            self._open_dialog(dialog)

        runner.run(lambda: service.get(action_id), show, owner=self)

    def _saved(self, record: Any) -> None:
        self.action_saved.emit(record)
        action_id = getattr(record, "id", None)
        self._load_owners()
        self.reload(keep_id=action_id if isinstance(action_id, str) else None)
        self._detail_timer.start()
