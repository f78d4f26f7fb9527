"""The Exchange page's bundles: export for a laptop, and import staged once, previewed,
then applied (docs/TRUST.md).

Mixed into ``SyncPage``. Every step runs on the worker through
``sync.exchange_service.ExchangeService`` inside the one progress dialog of the task API
(``gui.common.progress.ProgressDialog``: bar, what is being done, Cancel and Esc); Cancel
stops the exchange at its next safe point and leaves the database and the target file
as they were. The import is staged once (copied, its signature and sender checked,
decrypted) and the preview and the apply read that same staged copy. The parts of a
series import one after another; a part imported before is passed over.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from sen_desktop.core.filenames import safe_file_name
from sen_desktop.core.progress import Cancelled
from sen_desktop.gui.exchange import dialogs as sync_dialogs

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtCore import SignalInstance

    from sen_desktop.core.progress import Progress
    from sen_desktop.gui.common.progress import ProgressDialog
    from sen_desktop.sync.exchange_records import ExchangeOverview
    from sen_desktop.sync.exchange_service import ExchangeService

log = logging.getLogger(__name__)

#: work(service, progress) on the worker.
ExchangeWork = Callable[["ExchangeService", "Progress"], Any]


if TYPE_CHECKING:
    _Base = QWidget
else:
    _Base = object  # SyncPage brings QWidget itself


class BundleCommands(_Base):
    """Export a bundle for…, Import bundle…, their previews and progress (SyncPage).

    The names below the class line are the page's, declared so that the type checker
    knows what these methods use."""

    overview: ExchangeOverview | None
    progress: ProgressDialog | None  # the export or import running
    status_message: SignalInstance
    _queue: list[Path]  # the other parts of a series chosen to import

    if TYPE_CHECKING:  # the page's own
        def run_exchange(
            self, title: str, text: str, work: ExchangeWork, done: Callable[[Any], None],
            failed: Callable[[Exception], None],
        ) -> None: ...
        def trust_flow(self) -> None: ...
        def reload(self) -> None: ...
        def _open(self, dialog: QDialog) -> QDialog: ...
        def _failed(self, error: Exception) -> None: ...

    # --- export -------------------------------------------------------------------------

    def export_for(self) -> None:
        """Exchange ▸ Export a bundle for…: whom for, then where to."""
        overview = self.overview
        if overview is None or not overview.joined:
            if overview is not None:
                self.trust_flow()
            return
        dialog = sync_dialogs.ExportForDialog(overview.laptops, self)

        def chosen() -> None:
            laptop = dialog.chosen()
            if laptop is None:
                return
            suggested = safe_file_name(laptop.name.replace(" ", "-"), ".senbundle", "bundle")
            path = sync_dialogs.ask_save_path(self, suggested)
            if path is not None:
                self.export_to(path, laptop.name, for_profile=dialog.for_profile())

        dialog.accepted.connect(chosen)
        self._open(dialog)

    def export_to(self, path: Path, laptop: str, *, for_profile: bool = False) -> None:
        if self.progress is not None:
            return

        def done(result: Any) -> None:
            self.status_message.emit(result.summary())
            self.reload()

        def failed(error: Exception) -> None:
            if isinstance(error, Cancelled):
                self.status_message.emit(f"Cancelled: {path.name} was not written.")
                return
            self._failed(error)

        self.run_exchange(
            "Export", f"Writing {path.name}…",
            lambda service, p: service.export(path, laptop, for_profile=for_profile, progress=p),
            done, failed,
        )

    # --- import -------------------------------------------------------------------------

    def import_bundle(self) -> None:
        """Exchange ▸ Import bundle…: one bundle, or the parts of a series."""
        overview = self.overview
        if overview is None or not overview.joined:
            if overview is not None:
                self.trust_flow()
            return
        paths = sync_dialogs.ask_open_paths(self)
        if paths:
            # The parts of a series import in any order, one after another.
            self._queue = list(paths[1:])
            self.preview(paths[0])

    def _next_in_queue(self) -> None:
        if self._queue:
            self.preview(self._queue.pop(0))

    def _stop_queue(self) -> None:
        left, self._queue = len(self._queue), []
        if left:
            self.status_message.emit(
                f"Stopped: {left:,} more {'bundle was' if left == 1 else 'bundles were'} "
                "not imported."
            )

    def preview(self, path: Path) -> None:
        """Stage ``path`` once (copy, check the signature and sender, decrypt) and show
        what importing it would do; Apply imports that same staged copy. A bundle stamped
        more than a day ahead is held: the person is asked to check both clocks and may
        import it anyway."""
        if self.progress is not None:
            return

        def staged(bundle: Any) -> None:
            self._preview_staged(bundle, path, accept_future=False)

        self.run_exchange(
            "Import", f"Checking {path.name}…",
            lambda service, p: service.stage(path, progress=p),
            staged, self._import_failed(path, None),
        )

    def _import_failed(self, path: Path, staged: Any) -> Callable[[Exception], None]:
        def failed(error: Exception) -> None:
            from sen_desktop.sync.refusals import FutureBundleError

            future = isinstance(error, FutureBundleError) and staged is not None
            if not future:
                self._stop_queue()
            if isinstance(error, Cancelled):
                _discard(staged)
                self.status_message.emit(f"Cancelled: nothing was imported from {path.name}.")
                return
            if future:
                self._confirm_future(staged, path)
                return
            _discard(staged)
            self._failed(error)

        return failed

    def _preview_staged(self, staged: Any, path: Path, *, accept_future: bool) -> None:
        if self.progress is not None:
            _discard(staged)
            return

        def done(shown: Any) -> None:
            if shown.already_imported:
                _discard(staged)
                self.status_message.emit(shown.summary())
                if self._queue:  # a part imported before: go on with the others
                    self._next_in_queue()
                    return
                box = QMessageBox(QMessageBox.Icon.Information, "Import bundle", "",
                                  QMessageBox.StandardButton.Ok, self)
                box.setTextFormat(Qt.TextFormat.PlainText)
                box.setText(shown.summary())
                self._open(box)
                return
            dialog = sync_dialogs.ImportPreviewDialog(shown, path, self)
            dialog.accepted.connect(lambda: self.apply(staged, path, accept_future))
            dialog.rejected.connect(lambda: _discard(staged))
            dialog.rejected.connect(self._stop_queue)
            self._open(dialog)

        self.run_exchange(
            "Import", f"Reading {path.name}…",
            lambda service, p: service.preview(staged, accept_future=accept_future, progress=p),
            done, self._import_failed(path, staged),
        )

    def _confirm_future(self, staged: Any, path: Path) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Bundle stamped ahead",
            "",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(
            f"{path.name} is stamped more than a day ahead of this laptop's clock, so it "
            "is held. If the other laptop's clock is wrong, its changes would win over "
            "later ones made here. Check the date and time on both laptops before you "
            "import it."
        )
        box.setAccessibleName("Bundle stamped ahead")
        anyway = box.addButton("&Import anyway…", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def chosen(button: Any) -> None:
            if button is anyway:
                self._preview_staged(staged, path, accept_future=True)
            else:
                _discard(staged)
                self._stop_queue()

        box.buttonClicked.connect(chosen)
        self._open(box)

    def apply(self, staged: Any, path: Path, accept_future: bool = False) -> None:
        """Import the staged copy the preview read (not the file again); the service
        removes the staged copy either way."""
        if self.progress is not None:
            _discard(staged)
            return

        def done(result: Any) -> None:
            self.status_message.emit(result.summary())
            self.reload()
            self._next_in_queue()

        self.run_exchange(
            "Import", f"Importing {path.name}…",
            lambda service, p: service.apply(staged, accept_future=accept_future, progress=p),
            done, self._import_failed(path, None),
        )


def _discard(staged: Any) -> None:
    """Remove a staged bundle's private copies (they hold decrypted changes)."""
    if staged is not None:
        try:
            staged.close()
        except OSError:
            log.warning("A staged bundle could not be removed.", exc_info=True)
