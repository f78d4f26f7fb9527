"""File > Export to Word… and File > Make a pack of papers…

``ExportController`` follows the page on show to what can be exported from it, asking the
page itself (``export_target()`` of the page contract, gui/shell/pages.py): the Meetings or
Minutes page → that meeting's minutes; a group's page → its action log; the Action Log →
the action log of the group it is filtered to (else every group's); the Recommendations
page → the chosen recommendation's paper. Elsewhere the action is disabled and its
status tip says why.

Exporting, step by step, each answer arriving by signal so the window never waits:
1. on the worker: resolve the paper and whether it has confidential items;
2. if it has, "Public or confidential version?" (gui/papers/version_dialog.py);
3. where to save (``ask_save_path``, a QFileDialog wrapped so tests can answer it);
4. on the worker: the generator writes the file (gui/papers/export_steps.py; a pack shows
   the common ProgressDialog, gui/common/progress.py, whose Cancel or Esc stops it before
   anything is written);
5. a message saying what was written, with "Open in Word" (the system's default program
   for .docx, through QDesktopServices).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import QObject, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGridLayout,
    QMessageBox,
    QSizePolicy,
    QSpacerItem,
    QStatusBar,
    QWidget,
)

from sen_desktop.core.errors import SenError
from sen_desktop.core.filenames import safe_file_name
from sen_desktop.core.progress import Cancelled, Progress
from sen_desktop.gui.shell.pages import spec

if TYPE_CHECKING:
    import datetime as dt

    from sen_desktop.gui.common.progress import ProgressDialog
    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.papers.export_steps import Prepared
    from sen_desktop.gui.papers.pack_dialog import PackChoices, PackDialog, PackRequest
    from sen_desktop.gui.papers.target import ExportTarget
    from sen_desktop.gui.shell.menus import MenuCommands
    from sen_desktop.gui.shell.session import OpenProgramme
    from sen_desktop.papers.output import PaperRecord
    from sen_desktop.papers.service import PapersService

log = logging.getLogger(__name__)

NOT_OPEN = "Export to Word: the programme is still opening."
NOTHING_HERE = (
    "Export to Word works from a meeting, its minutes, a group, the Action Log or a "
    "recommendation: open one of them first."
)

#: ask_save_path(parent, caption, suggested) -> the chosen path, or None if cancelled.
AskSavePath = Callable[[QWidget, str, Path], Path | None]


__all__ = ["ExportController", "ask_save_path"]


class ExportHost(Protocol):
    """What the exporter needs of the main window (gui/shell/window.py)."""

    menu_actions: MenuCommands
    session: OpenProgramme | None
    runner: TaskRunner
    dialog: QDialog | None

    @property
    def today(self) -> dt.date | None: ...

    def current_page(self) -> QWidget | None: ...

    def current_view(self) -> str | None: ...

    def statusBar(self) -> QStatusBar: ...


class Exporting(Protocol):
    """A page whose row in the table of pages says ``exports``."""

    def export_target(self) -> ExportTarget | str: ...


def ask_save_path(parent: QWidget, caption: str, suggested: Path) -> Path | None:
    """The platform's save dialog, for a .docx file; None if the person cancels."""
    name, _filter = QFileDialog.getSaveFileName(
        parent, caption, str(suggested), "Word documents (*.docx)"
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".docx" else path.with_name(path.name + ".docx")


class ExportController(QObject):
    """Export to Word… and Make a pack of papers… for the main window."""

    #: The paper was written (its PaperRecord).
    exported = Signal(object)
    #: Exporting failed; the sentence shown to the person.
    failed = Signal(str)
    #: A pack was cancelled; nothing was written.
    cancelled = Signal()

    def __init__(self, window: ExportHost, parent: QWidget) -> None:
        """``window`` is the main window (``parent``, as a widget: dialogs open over it)."""
        super().__init__(parent)
        self.window = window
        self._parent = parent
        #: Asks where to save; tests replace it with a function that answers.
        self.ask_save_path: AskSavePath = ask_save_path
        self.last_folder: Path | None = None
        self.dialog: QDialog | None = None  # the last dialog or message shown, for tests
        self.progress_dialog: ProgressDialog | None = None
        self.pack_dialog: PackDialog | None = None
        self._busy = False
        self._services: dict[int, PapersService] = {}  # built and used on the worker only
        actions = window.menu_actions
        actions.export_word.triggered.connect(self.export_current)
        actions.make_pack.triggered.connect(self.make_pack)

    # --- what the page on show offers --------------------------------------------------

    def target(self) -> ExportTarget | str:
        """The paper Export to Word would write now, or why there is none."""
        w = self.window
        if w.session is None:
            return NOT_OPEN
        view, page = w.current_view(), w.current_page()
        if view is None or page is None or not spec(view).exports:
            return NOTHING_HERE
        return cast("Exporting", page).export_target()

    def update_action(self) -> None:
        """Enable Export to Word where there is something to export; say why if not."""
        actions = self.window.menu_actions
        target = self.target()
        if isinstance(target, str):
            tip = target
            actions.export_word.setEnabled(False)
        else:
            tip = f"Export {target.what} to Word"
            actions.export_word.setEnabled(not self._busy)
        actions.export_word.setStatusTip(tip)
        actions.export_word.setToolTip(tip)
        actions.make_pack.setEnabled(self.window.session is not None and not self._busy)

    # --- exporting one paper -----------------------------------------------------------

    def export_current(self) -> None:
        target = self.target()
        if isinstance(target, str):
            self._status(target)
            return
        self.export(target)

    def export(self, target: ExportTarget) -> None:
        """Export ``target``: version choice, save dialog, write on the worker, report."""
        session = self.window.session
        if session is None or self._busy:
            return
        self._set_busy(True)
        self._status(f"Preparing {target.what}…")

        def prepare() -> Prepared:
            from sen_desktop.gui.papers.export_steps import prepare as resolve

            return resolve(self._service(session), target)

        def prepared(info: Prepared) -> None:
            self._set_busy(False)
            self._status("")
            self._choose_version(
                info, lambda confidential: self._save_paper(target, info, confidential)
            )

        self.window.runner.run(prepare, prepared, self._failed, owner=self._parent)

    def _choose_version(self, info: Prepared, then: Callable[[bool], None]) -> None:
        if not info.has_confidential:
            then(False)
            return
        from sen_desktop.gui.papers.version_dialog import VersionDialog

        dialog = VersionDialog(info.what, self._parent)
        dialog.accepted.connect(lambda: then(dialog.wants_confidential()))
        self._open(dialog)

    def _suggested(self, info: Prepared, confidential: bool) -> Path:
        folder = self.last_folder or Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            or Path.home()
        )
        ending = " (confidential).docx" if confidential else ".docx"
        return folder / safe_file_name(info.stem, ending, info.default)

    def _ask_path(self, caption: str, info: Prepared, confidential: bool) -> Path | None:
        path = self.ask_save_path(self._parent, caption, self._suggested(info, confidential))
        if path is not None:
            self.last_folder = path.parent
        return path

    def _save_paper(self, target: ExportTarget, info: Prepared, confidential: bool) -> None:
        session = self.window.session
        if session is None:
            return
        path = self._ask_path("Export to Word", info, confidential)
        if path is None:
            return
        self._set_busy(True)
        self._status(f"Writing {info.what} to {path.name}…")

        def write() -> PaperRecord:
            from sen_desktop.gui.papers.export_steps import write as write_paper

            return write_paper(self._service(session), target, path, confidential)

        self.window.runner.run(write, lambda record: self._done(record, info.what, path),
                               self._failed, owner=self._parent)

    # --- packs ---------------------------------------------------------------------------

    def make_pack(self) -> None:
        """Make a pack of papers…: choose the papers, then export as above."""
        session = self.window.session
        if session is None or self._busy:
            return
        self._set_busy(True)
        self._status("Reading the papers you can put in a pack…")

        def choices() -> PackChoices:
            from sen_desktop.gui.papers.export_steps import pack_choices as read_choices

            return read_choices(self._service(session))

        def show(result: PackChoices) -> None:
            self._set_busy(False)
            self._status("")
            today = self.window.today
            from sen_desktop.gui.papers.pack_dialog import PackDialog

            dialog = PackDialog(result, today=today, parent=self._parent)
            dialog.chosen.connect(self.export_pack)
            self.pack_dialog = dialog
            self._open(dialog)

        self.window.runner.run(choices, show, self._failed, owner=self._parent)

    def export_pack(self, request: PackRequest) -> None:
        """Export the pack ``request`` describes (version choice, save dialog, progress)."""
        session = self.window.session
        if session is None or self._busy:
            return
        self._set_busy(True)
        what = f"the pack “{request.title}”"

        def prepare() -> Prepared:
            from sen_desktop.gui.papers.export_steps import Prepared

            service = self._service(session)
            has = any(service.has_confidential(item.kind, item.ref) for item in request.items)
            return Prepared(what, request.title, has, "pack")

        def prepared(info: Prepared) -> None:
            self._set_busy(False)
            self._choose_version(
                info, lambda confidential: self._save_pack(request, info, confidential)
            )

        self.window.runner.run(prepare, prepared, self._failed, owner=self._parent)

    def _save_pack(self, request: PackRequest, info: Prepared, confidential: bool) -> None:
        session = self.window.session
        if session is None:
            return
        path = self._ask_path("Save the pack", info, confidential)
        if path is None:
            return
        from sen_desktop.gui.common.progress import ProgressDialog

        self._set_busy(True)
        dialog = ProgressDialog("Make a pack of papers", parent=self._parent)
        self.progress_dialog = dialog

        def write(progress: Progress) -> PaperRecord:
            from sen_desktop.gui.papers.export_steps import pack_item

            progress.check()  # Cancel pressed before the worker reached the pack
            return self._service(session).pack(
                request.title,
                [pack_item(item.kind, item.ref) for item in request.items],
                path,
                confidential,
                body=request.body,
                date=request.date,
                progress=progress,
            )

        def done(record: PaperRecord) -> None:
            self.progress_dialog = None
            self._done(record, info.what, path)

        def failed(error: Exception) -> None:
            self.progress_dialog = None
            if isinstance(error, Cancelled):
                self._set_busy(False)
                self._status(f"Cancelled: {path.name} was not written.")
                self.cancelled.emit()
                return
            self._failed(error)

        # The dialog closes itself before done or failed; Cancel (or Esc) stops the pack
        # at its next paper, before anything is written.
        dialog.run(self.window.runner, f"Making {info.what}…", write, done, failed,
                   owner=self._parent)

    # --- the end of an export ---------------------------------------------------------

    def _done(self, record: PaperRecord, what: str, path: Path) -> None:
        self._set_busy(False)
        written = record.path or path
        from sen_desktop.gui.papers.target import PAPER_WORDS

        kind = PAPER_WORDS.get(record.kind, record.kind)
        version = f"version {record.version}" + ("" if record.new_version else " (unchanged)")
        classification = "confidential" if record.confidential else "public"
        self._status(f"Saved {written.name}.")
        box = QMessageBox(QMessageBox.Icon.Information, "Exported to Word",
                          f"Saved {what}.", QMessageBox.StandardButton.NoButton, self._parent)
        # A pack says how its contents' page numbers were settled (LibreOffice or Word).
        note = getattr(record, "page_numbers_note", "")
        box.setInformativeText(
            f"{written.name}\nin the folder {written.parent}\n\n"
            f"{kind[:1].upper()}{kind[1:]} {record.reference}, {version}, {classification}."
            + (f"\n\n{note}" if note else "")
        )
        _widen(box, 520)
        box.setAccessibleName("Exported to Word")
        open_button = box.addButton("Open in Word", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.setDefaultButton(open_button)
        box.buttonClicked.connect(
            lambda button: self.open_document(written) if button is open_button else None
        )
        self.exported.emit(record)
        self._open(box)

    def open_document(self, path: Path) -> bool:
        """Open ``path`` in the system's default program for .docx (Word, LibreOffice…)."""
        opened = bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
        if not opened:
            self._status(f"No program on this computer opens {path.name}; it is in {path.parent}.")
        return opened

    def _failed(self, error: Exception) -> None:
        self._set_busy(False)
        if isinstance(error, SenError):
            message = " ".join(error.message.split())
        else:
            log.error("export failed", exc_info=error)
            message = f"The paper could not be made: {error}"
        self._status("")
        box = QMessageBox(QMessageBox.Icon.Warning, "Export to Word", message,
                          QMessageBox.StandardButton.Ok, self._parent)
        box.setAccessibleName("Export to Word failed")
        self.failed.emit(message)
        self._open(box)

    # --- plumbing --------------------------------------------------------------------

    def _service(self, session: OpenProgramme) -> PapersService:
        # Called on the worker only: the services and their sessions live there.
        service = self._services.get(id(session))
        if service is None:
            from sen_desktop.papers.service import PapersService

            service = PapersService(
                session.db.session_factory, session.data_dir, services=session
            )
            self._services = {id(session): service}
        return service

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        self.window.dialog = dialog
        dialog.open()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.update_action()

    def _status(self, text: str) -> None:
        bar = self.window.statusBar()
        if text:
            bar.showMessage(text, 0 if text.endswith("…") else 8000)
        else:
            bar.clearMessage()


def _widen(box: QMessageBox, width: int) -> None:
    """QMessageBox sizes itself to its text and ignores setMinimumWidth; a spacer row in
    its grid keeps long file names and references from wrapping into a narrow column."""
    layout = box.layout()
    if isinstance(layout, QGridLayout):
        spacer = QSpacerItem(width, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)
        layout.addItem(spacer, layout.rowCount(), 0, 1, layout.columnCount())
