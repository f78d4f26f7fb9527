"""The "Matters arising and action log" item's list: the group's open actions.

A widget for the meeting and minutes pages to embed in that agenda item. It lists what
ActionService.carried_forward gives for the meeting (every open action of the group
raised before it, and those closed at it), and records what the meeting hears:
Add update… writes a progress update dated the meeting's day and linked to it, and
Edit action… changes status, rating or due date as agreed there. Both land on the
actions themselves, so the action log shows them at once.

Use: ``widget.set_meeting(runner, actions_service, meeting_id)``; ``action_saved`` is
emitted after each change (with the ActionRecord or ActionUpdateRecord saved).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QHeaderView, QPushButton, QVBoxLayout, QWidget

from sen_desktop.gui.action_log.dialogs import ActionDialog, ProgressUpdateDialog
from sen_desktop.gui.action_log.model import ActionLogModel
from sen_desktop.gui.common.widgets import label, record_table

if TYPE_CHECKING:
    import datetime as dt

    from sen_desktop.core.actions.records import ActionRecord, ActionRow
    from sen_desktop.core.actions.service import ActionService
    from sen_desktop.core.people.records import OwnerChoice
    from sen_desktop.gui.common.tasks import TaskRunner

_WIDTHS = {
    ActionLogModel.REF: 64,
    ActionLogModel.RAISED: 160,
    ActionLogModel.ACTION: 240,
    ActionLogModel.OWNER: 120,
    ActionLogModel.DUE: 172,
    ActionLogModel.BRAG: 74,
    ActionLogModel.STATUS: 90,
}


class MattersArisingWidget(QWidget):
    """Ref | Raised at | Action | Owner | Due | BRAG | Status | Latest update, and buttons."""

    #: The list for the meeting is showing.
    loaded = Signal()
    #: An action or a progress update was saved from here.
    action_saved = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner: TaskRunner | None = None
        self._service: ActionService | None = None
        self._meeting_id: str | None = None
        self._meeting_date: dt.date | None = None
        self.dialog: QDialog | None = None  # the dialog last opened, for tests

        self.model = ActionLogModel(self._load_rows, parent=self)
        self.table = record_table("Actions carried forward")
        self.table.setModel(self.model)
        self.table.setWordWrap(False)
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.table.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnHidden(ActionLogModel.GROUP, True)  # all the meeting's group
        for column, width in _WIDTHS.items():
            header.resizeSection(column, width)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.table.activated.connect(lambda _index: self.add_update())

        self.summary = label("", role="facts", wrap=True)
        self.summary.setAccessibleDescription("Actions carried forward")
        self.update_button = QPushButton("Add update…")
        self.update_button.setAccessibleName("Add a progress update to the chosen action")
        self.edit_button = QPushButton("Edit action…")
        self.edit_button.setAccessibleName("Edit the chosen action")
        self.update_button.clicked.connect(self.add_update)
        self.edit_button.clicked.connect(self.edit_action)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.update_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._update_buttons()

    # --- loading -----------------------------------------------------------------------

    def set_meeting(self, runner: TaskRunner, service: ActionService, meeting_id: str) -> None:
        """List the actions carried forward to ``meeting_id``."""
        self._runner, self._service = runner, service
        self.model.set_runner(runner)
        if meeting_id != self._meeting_id:
            self._meeting_id = meeting_id
            self._meeting_date = None
            self.model.set_ids([])
        self.reload()

    def meeting_id(self) -> str | None:
        return self._meeting_id

    def reload(self, keep_id: str | None = None) -> None:
        service, meeting_id = self._service, self._meeting_id
        if service is None or meeting_id is None or self._runner is None:
            return
        keep = keep_id or self.selected_id()

        def fetch() -> tuple[list[ActionRow], dt.date]:
            return service.carried_forward(meeting_id), service.meeting_date(meeting_id)

        # Only the newest list lands (another meeting, or a reload after a change).
        self._runner.run(fetch, lambda result: self._show(*result, keep),
                         channel=f"minutes:matters-arising:{id(self)}", owner=self)

    def _show(self, rows: list[ActionRow], meeting_date: dt.date, keep: str | None) -> None:
        self._meeting_date = meeting_date
        self.model.set_ids([row.id for row in rows], rows)
        still_open = sum(1 for row in rows if row.status in ("open", "in_progress"))
        if not rows:
            self.summary.setText("No open actions are carried forward to this meeting.")
        else:
            closed = len(rows) - still_open
            text = f"{still_open} open action{'s' if still_open != 1 else ''} carried forward"
            if closed:
                text += f"; {closed} closed at this meeting"
            self.summary.setText(text + ".")
        row = self.model.row_of(keep) if keep else -1
        if rows:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(max(row, 0), 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._update_buttons()
        self.loaded.emit()

    def _load_rows(self, ids: list[str]) -> list[ActionRow]:
        assert self._service is not None
        return self._service.rows(ids)

    # --- choosing and recording --------------------------------------------------------

    def selected_id(self) -> str | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def select_action(self, action_id: str) -> bool:
        row = self.model.row_of(action_id)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        return row >= 0

    def _update_buttons(self) -> None:
        chosen = self.selected_id() is not None
        self.update_button.setEnabled(chosen)
        self.edit_button.setEnabled(chosen)

    def _open_dialog(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def add_update(self) -> None:
        """Add update…: a progress update recorded at this meeting, on its day."""
        action_id, service, meeting_id = self.selected_id(), self._service, self._meeting_id
        if action_id is None or service is None or meeting_id is None:
            return

        def show(action: ActionRecord) -> None:
            assert self._runner is not None
            dialog = ProgressUpdateDialog(
                self._runner, service, action, meeting_id=meeting_id, on=self._meeting_date,
                parent=self.window(),
            )
            dialog.saved.connect(lambda update: self._saved(update, action.id))
            self._open_dialog(dialog)

        if self._runner is not None:
            self._runner.run(lambda: service.get(action_id), show, owner=self)

    def edit_action(self) -> None:
        """Edit action…: as agreed at this meeting (an action closed here stays listed)."""
        action_id, service, meeting_id = self.selected_id(), self._service, self._meeting_id
        if action_id is None or service is None or meeting_id is None:
            return

        def fetch() -> tuple[ActionRecord, list[OwnerChoice]]:
            action = service.get(action_id)
            return action, service.owner_choices(action.group_id)

        def show(result: tuple[ActionRecord, list[OwnerChoice]]) -> None:
            action, owners = result
            assert self._runner is not None
            dialog = ActionDialog(
                self._runner, service, owners, action, at_meeting_id=meeting_id,
                parent=self.window(),
            )
            dialog.saved.connect(lambda record: self._saved(record, action.id))
            self._open_dialog(dialog)

        if self._runner is not None:
            self._runner.run(fetch, show, owner=self)

    def _saved(self, record: Any, action_id: str) -> None:
        self.action_saved.emit(record)
        self.reload(keep_id=action_id)
