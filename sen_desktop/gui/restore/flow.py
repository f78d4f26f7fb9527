"""Running a restore from the window (issue 14): put the programme away, restore with
progress and Cancel, open it again, say what happens next.

The database file is replaced, so nothing may hold it: the window closes its database
first (``close_programme``: typed minutes saved, pages dropped, the database closed on
the worker after the work queued before it, and with it the data folder's lock). The
restore then runs on the same worker through the one task API with the progress dialog
(``gui/common/progress.py``): Cancel stops it while stopping changes nothing (reading
and checking the backup). Whatever the outcome the window opens the folder again
(``reopen_programme``) -- the restored copy, or the database as it was when the restore
was refused or stopped -- and a message says what was done and what happens next.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from sen_desktop.core.errors import SenError
from sen_desktop.core.progress import Cancelled
from sen_desktop.gui.common.progress import ProgressDialog

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from PySide6.QtWidgets import QDialog, QStatusBar

    from sen_desktop.core.progress import Progress
    from sen_desktop.core.store.backups import BackupInfo
    from sen_desktop.core.store.restore import RestoreOutcome
    from sen_desktop.gui.common.tasks import TaskRunner

log = logging.getLogger(__name__)

TITLE = "Restore from backup"
STOPPED = "The restore was stopped before anything was changed; the database is as it was."


class RestoreHost(Protocol):
    """What the restore needs of the main window (gui/shell/window.py)."""

    data_dir: Path
    runner: TaskRunner
    dialog: QDialog | None

    def close_programme(self, closed: Callable[[], None]) -> bool:
        """Put the open programme away (database closed, folder unlocked), then call
        ``closed``; False if the person chose to stay (unsaved minutes)."""

    def reopen_programme(self) -> None:
        """Open the data folder again, as at start."""

    def statusBar(self) -> QStatusBar:  # noqa: N802 (Qt's name)
        """The window's status bar."""


class RestoreFlow(QObject):
    """One restore of ``backup`` (listed, or a file's path) in ``host``'s data folder,
    from confirmation to message."""

    def __init__(self, host: RestoreHost, backup: BackupInfo | Path) -> None:
        self._window = cast("QWidget", host)
        super().__init__(self._window)
        self._host = host
        self._backup = backup
        self.progress: ProgressDialog | None = None
        self.message: QMessageBox | None = None

    def start(self) -> bool:
        """Put the programme away and restore; False if the person chose to stay."""
        self._host.statusBar().showMessage("Closing the programme to restore the backup…")
        started = self._host.close_programme(self._run)
        if not started:
            self._host.statusBar().clearMessage()
        return started

    def _run(self) -> None:
        data_dir = self._host.data_dir
        backup = self._backup

        def work(progress: Progress) -> RestoreOutcome:
            from sen_desktop.sync.fence import restore_laptop

            return restore_laptop(data_dir, backup, progress)

        self.progress = ProgressDialog(TITLE, self._window)
        self.progress.run(self._host.runner, "Restoring the backup:", work, self._done,
                          self._failed, owner=self)

    def _done(self, outcome: RestoreOutcome) -> None:
        self._host.reopen_programme()
        self._host.statusBar().showMessage("Restored from the backup.", 8000)
        self._tell(QMessageBox.Icon.Information, outcome.summary(), outcome.next_steps())

    def _failed(self, error: Exception) -> None:
        self._host.reopen_programme()
        if isinstance(error, Cancelled):
            words = STOPPED
        elif isinstance(error, SenError):
            words = error.message
        else:  # not a refusal: the environment (one sentence), or a bug (the log has it)
            from sen_desktop.core.store.failures import describe_failure

            log.error("the restore failed", exc_info=error)
            words = describe_failure(error, path=self._host.data_dir) or (
                f"The restore failed ({type(error).__name__}); the program's log has the "
                "details, and the database in use was kept."
            )
        self._tell(QMessageBox.Icon.Warning, words, "")

    def _tell(self, icon: QMessageBox.Icon, text: str, more: str) -> None:
        box = QMessageBox(icon, TITLE, text, QMessageBox.StandardButton.Ok, self._window)
        if more:
            box.setInformativeText(more)
        box.setAccessibleName(TITLE)
        box.setAccessibleDescription(f"{text} {more}".strip())
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.message = box
        self._host.dialog = box
        box.finished.connect(self.deleteLater)
        box.open()


__all__ = ["STOPPED", "RestoreFlow", "RestoreHost"]
