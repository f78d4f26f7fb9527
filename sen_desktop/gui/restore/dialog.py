"""File ▸ Restore from backup…: the list of backups to choose from (issue 14).

The dialog lists the data folder's backups, newest first, with when each was taken, its
kind and its size (listed on the worker: ``core/store/backups.py`` ``list_backups``).
Restore… (or Enter on a row) asks for confirmation, naming what is kept aside, and hands
the chosen backup to ``gui/restore/flow.py``, which puts the programme away, restores
with progress and Cancel, opens it again and says what happens next.

Everything works from the keyboard: the list has the focus with the newest backup
chosen, arrows move, Enter restores, Esc closes; every control has an accessible name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core import dates
from sen_desktop.gui.common.models import RecordTableModel
from sen_desktop.gui.common.widgets import choose_current_row, label, record_table

if TYPE_CHECKING:
    from pathlib import Path

    from sen_desktop.core.store.backups import BackupInfo
    from sen_desktop.gui.restore.flow import RestoreHost

#: How each kind of backup is named in the list.
KIND_LABELS = {
    "daily": "Daily",
    "weekly": "Weekly",
    "before-migration": "Before an update",
    "manual": "Made on request",
}
TITLE = "Restore from backup"
#: What Other file… offers: backups (this version's and older ones'), and kept copies.
FILE_FILTER = ("Backups (*.sqlite3.zst *.sqlite3 sen.sqlite3.before-restore-*);;"
               "All files (*)")


def taken_text(info: BackupInfo) -> str:
    """"7 Dec 2026, 14:02": short and unambiguous, in English whatever the desktop."""
    return f"{dates.short_date(info.taken.date())}, {dates.numeric_time(info.taken.time())}"


def size_text(size: int) -> str:
    from sen_desktop.core.store.backups import megabytes

    return megabytes(size)


class BackupTableModel(RecordTableModel["BackupInfo"]):
    """Taken | Kind | Size, newest first; a row reads as one sentence to a screen reader."""

    headers = ("Taken", "Kind", "Size")
    TAKEN, KIND, SIZE = range(3)

    def record_id(self, record: BackupInfo) -> Any:
        return str(record.path)

    def cell(self, info: BackupInfo, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.TAKEN:
                return taken_text(info)
            if column == self.KIND:
                return KIND_LABELS.get(info.kind, info.kind)
            if column == self.SIZE:
                return size_text(info.size)
        elif role == Qt.ItemDataRole.AccessibleTextRole:
            kind = KIND_LABELS.get(info.kind, info.kind).lower()
            return f"{kind} backup taken {taken_text(info)}, {size_text(info.size)}"
        elif role == Qt.ItemDataRole.ToolTipRole:
            return str(info.path)
        elif role == Qt.ItemDataRole.TextAlignmentRole and column == self.SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class RestoreDialog(QDialog):
    """The backups to choose from, and Restore…."""

    def __init__(self, host: RestoreHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._host = host
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.setSpacing(10)
        self.intro = label(
            "Choose the backup to go back to. The database in use now is kept aside in the "
            "data folder, not deleted.",
            wrap=True,
        )
        layout.addWidget(self.intro)
        self.model = BackupTableModel(self)
        self.table = record_table("Backups")
        self.table.setAccessibleDescription("Backups of this laptop's database, newest first")
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(BackupTableModel.KIND, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        # Enter reaches the dialog's default button, Restore…; a double click does the same.
        self.table.doubleClicked.connect(lambda _index: self.ask())
        heading = label("&Backups:")
        heading.setTextFormat(Qt.TextFormat.AutoText)  # the mnemonic
        heading.setBuddy(self.table)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        self.status = label("Looking for backups…", wrap=True)
        self.status.setAccessibleName("Looking for backups…")
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = self.buttons.addButton(
            "&Restore…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setAccessibleName("Restore the chosen backup")
        # Enter anywhere in the dialog is Restore… (asking first), whichever button has
        # had the focus: no button takes the default by being focused.
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        self.restore_button.setDefault(True)
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.ask)
        # A backup kept elsewhere (a USB stick), or the copy an earlier restore kept aside.
        self.file_button = self.buttons.addButton(
            "&Other file…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.file_button.setAccessibleName("Restore from another backup file")
        self.file_button.setAutoDefault(False)
        self.file_button.clicked.connect(self.ask_file)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.confirmation: QMessageBox | None = None
        self.resize(560, 420)

    # --- the list ----------------------------------------------------------------------

    def load(self) -> None:
        """List the backups on the worker; the list fills when they are found."""
        data_dir = self._host.data_dir

        def find() -> tuple[Path, list[BackupInfo]]:
            from sen_desktop.core.store.restore import backups_of

            return backups_of(data_dir)

        self._host.runner.run(find, self._show, self._not_listed, channel="restore-backups",
                              owner=self)

    def _show(self, listed: tuple[Path, list[BackupInfo]]) -> None:
        backups_dir, found = listed
        self.model.set_records(found)
        if found:
            self._say(f"{len(found)} backup{'s' if len(found) != 1 else ''} in {backups_dir}.")
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            choose_current_row(self.table)
        else:
            self._say(f"There are no backups in {backups_dir} yet.")
        self.restore_button.setEnabled(bool(found))

    def _not_listed(self, error: Exception) -> None:
        self._say(getattr(error, "message", None) or f"The backups could not be listed: {error}")

    def _say(self, words: str) -> None:
        self.status.setText(words)
        self.status.setAccessibleName(words)

    def chosen(self) -> BackupInfo | None:
        index = self.table.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    # --- Restore… ------------------------------------------------------------------------

    def ask(self) -> None:
        """Restore…: confirm, naming what is kept aside; then hand over to the flow."""
        chosen = self.chosen()
        if chosen is None:
            return
        from sen_desktop.core.store.restore import describe_time

        self._confirm(chosen, f"Restore the backup taken {describe_time(chosen.taken)}?")

    def ask_file(self) -> None:
        """Other file…: a backup file chosen anywhere, then the same confirmation."""
        if self.confirmation is not None:
            return
        from PySide6.QtWidgets import QFileDialog

        name, _filter = QFileDialog.getOpenFileName(
            self, "Restore from a backup file", str(self._host.data_dir), FILE_FILTER
        )
        if name:
            from pathlib import Path

            path = Path(name)
            self._confirm(path, f"Restore {path.name}, from {path.parent}?")

    def _confirm(self, chosen: BackupInfo | Path, question: str) -> None:
        if self.confirmation is not None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, TITLE, question,
                          QMessageBox.StandardButton.NoButton, self)
        box.setInformativeText(
            f"The database in use now is kept aside in {self._host.data_dir}, named "
            "sen.sqlite3.before-restore- and today's date and time. Changes made on this "
            "laptop since the backup that were not exported are lost; changes from other "
            "laptops come back with their next bundles."
        )
        go = box.addButton("&Restore", QMessageBox.ButtonRole.AcceptRole)
        go.setAccessibleName("Restore this backup")
        stay = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(stay)  # Enter does not replace a database by accident
        box.setEscapeButton(stay)
        self.confirmation = box

        def answered() -> None:
            self.confirmation = None
            if box.clickedButton() is go:
                self.accept()
                from sen_desktop.gui.restore.flow import RestoreFlow

                RestoreFlow(self._host, chosen).start()

        box.finished.connect(answered)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()


def open_restore_dialog(host: RestoreHost) -> RestoreDialog:
    """File ▸ Restore from backup…: the dialog, open (window-modal) and listing."""
    dialog = RestoreDialog(host, cast("QWidget", host))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.open()
    dialog.load()
    return dialog


__all__ = ["KIND_LABELS", "BackupTableModel", "RestoreDialog", "open_restore_dialog"]
