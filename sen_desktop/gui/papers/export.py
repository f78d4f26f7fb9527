"""File > Export to Word… and File > Make a pack of papers…

``ExportController`` follows the page on show to what can be exported from it: the
Meetings or Minutes page → that meeting's minutes; a group's page → its action log; the
Action Log → the action log of the group it is filtered to (else every group's); the
Recommendations page → the chosen recommendation's paper. Elsewhere the action is
disabled and its status tip says why.

Exporting, step by step, each answer arriving by signal so the window never waits:
1. on the worker: resolve the paper and whether it has confidential items;
2. if it has, "Public or confidential version?" (``VersionDialog``);
3. where to save (``ask_save_path``, a QFileDialog wrapped so tests can answer it);
4. on the worker: the generator writes the file (a pack shows a QProgressDialog whose
   Cancel stops it before anything is written);
5. a message saying what was written, with "Open in Word" (the system's default program
   for .docx, through QDesktopServices).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QRadioButton,
    QSizePolicy,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core.errors import SenError
from sen_desktop.core.filenames import safe_file_name
from sen_desktop.core.meetings.records import meeting_title, weekday_date
from sen_desktop.gui.papers.pack_dialog import (
    PackChoices,
    PackDialog,
    PackRequest,
    pack_choices_from,
)

if TYPE_CHECKING:
    from sen_desktop.gui.shell.session import OpenProgramme
    from sen_desktop.gui.shell.window import MainWindow
    from sen_desktop.papers.output import PaperRecord
    from sen_desktop.papers.service import PapersService

log = logging.getLogger(__name__)

NOT_OPEN = "Export to Word: the programme is still opening."
NOTHING_HERE = (
    "Export to Word works from a meeting, its minutes, a group, the Action Log or a "
    "recommendation: open one of them first."
)
KIND_WORDS = {
    "minutes": "minutes",
    "action_log": "action log",
    "recommendation": "recommendation paper",
    "pack": "pack",
}

#: ask_save_path(parent, caption, suggested) -> the chosen path, or None if cancelled.
AskSavePath = Callable[[QWidget, str, Path], Path | None]


@dataclass(frozen=True)
class ExportTarget:
    """What Export to Word would write from the page on show."""

    kind: str  # "minutes" | "action-log" | "recommendation"
    ref: str | None  # meeting, group (None: every group) or recommendation id
    what: str  # "the minutes of BESD Working Group, meeting 12 (9 August 2011)"


@dataclass(frozen=True)
class Prepared:
    """A paper resolved on the worker: its words, file name and confidential items."""

    what: str
    stem: str  # the suggested file name without ".docx"
    has_confidential: bool
    default: str = "paper"  # the file name when nothing of the stem can be used


class ExportCancelled(Exception):
    """Cancel was pressed: the pack stopped before anything was written."""


def ask_save_path(parent: QWidget, caption: str, suggested: Path) -> Path | None:
    """The platform's save dialog, for a .docx file; None if the person cancels."""
    name, _filter = QFileDialog.getSaveFileName(
        parent, caption, str(suggested), "Word documents (*.docx)"
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".docx" else path.with_name(path.name + ".docx")


class VersionDialog(QDialog):
    """Public or confidential version? Asked only where the paper has confidential items."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export to Word")
        self.setAccessibleName("Which version to export")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.setSpacing(10)
        intro = QLabel(
            f"There are confidential (exempt) items in {what}. Which version do you want?"
        )
        intro.setWordWrap(True)
        intro.setAccessibleName("Which version to export")
        layout.addWidget(intro)
        self.public = QRadioButton(
            "&Public version: confidential items are left out and marked as withheld "
            "(UNRESTRICTED)"
        )
        self.confidential = QRadioButton(
            "&Confidential version: includes the confidential items "
            "(RESTRICTED — not for publication)"
        )
        self.public.setChecked(True)
        for button in (self.public, self.confidential):
            layout.addWidget(button)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok is not None
        ok.setText("Choose file…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.buttons = buttons
        self.resize(560, self.sizeHint().height())

    def wants_confidential(self) -> bool:
        return self.confidential.isChecked()


class _Relay(QObject):
    """Lives on the UI thread; the worker emits progress, the queued connection delivers."""

    progress = Signal(int, int, str)


class ExportController(QObject):
    """Export to Word… and Make a pack of papers… for the main window."""

    #: The paper was written (its PaperRecord).
    exported = Signal(object)
    #: Exporting failed; the sentence shown to the person.
    failed = Signal(str)
    #: A pack was cancelled; nothing was written.
    cancelled = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        #: Asks where to save; tests replace it with a function that answers.
        self.ask_save_path: AskSavePath = ask_save_path
        self.last_folder: Path | None = None
        self.dialog: QDialog | None = None  # the last dialog or message shown, for tests
        self.progress_dialog: QProgressDialog | None = None
        self.pack_dialog: PackDialog | None = None
        self._busy = False
        self._services: dict[int, PapersService] = {}  # built and used on the worker only
        self._cancel = threading.Event()
        self._relay = _Relay(self)
        self._relay.progress.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)
        actions = window.menu_actions
        actions.export_word.triggered.connect(self.export_current)
        actions.make_pack.triggered.connect(self.make_pack)

    # --- what the page on show offers --------------------------------------------------

    def target(self) -> ExportTarget | str:
        """The paper Export to Word would write now, or why there is none."""
        w = self.window
        if w.session is None:
            return NOT_OPEN
        page = w.pages.currentWidget()
        if page is w.meetings_page:
            detail = w.meetings_page.meeting()
            if detail is None:
                return "Export to Word: choose a meeting to export its minutes."
            return ExportTarget("minutes", detail.id, f"the minutes of {meeting_title(detail)}")
        if page is w.minutes_page:
            meeting_id = w.minutes_page.meeting_id()
            if meeting_id is None:
                return "Export to Word: open a meeting's minutes to export them."
            return ExportTarget("minutes", meeting_id, "the minutes of the meeting on show")
        if page is w.group_page:
            group = w.group_page.group()
            if group is None:
                return "Export to Word: the group is still loading."
            return ExportTarget("action-log", group.id, f"the action log of the {group.name}")
        if page is w.action_log_page:
            group_id = w.action_log_page.current_filter().group_id
            if group_id is None:
                return ExportTarget("action-log", None, "the action log of every group")
            groups: list[Any] = getattr(w, "_groups", [])
            name = next((g.name for g in groups if g.id == group_id), "the chosen group")
            return ExportTarget("action-log", group_id, f"the action log of the {name}")
        recommendations = w.recommendations_page
        if page is recommendations:
            rec_id = recommendations.selected_id()
            if rec_id is None:
                return "Export to Word: choose a recommendation to export its paper."
            shown = recommendations.detail()
            name = (
                shown.record.reference
                if shown is not None and shown.record.id == rec_id
                else "the chosen recommendation"
            )
            return ExportTarget("recommendation", rec_id, f"the paper on {name}")
        return NOTHING_HERE

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
            return _prepare(self._service(session), target)

        def prepared(info: Prepared) -> None:
            self._set_busy(False)
            self._status("")
            self._choose_version(
                info, lambda confidential: self._save_paper(target, info, confidential)
            )

        self._on_worker(prepare, prepared)

    def _choose_version(self, info: Prepared, then: Callable[[bool], None]) -> None:
        if not info.has_confidential:
            then(False)
            return
        dialog = VersionDialog(info.what, self.window)
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
        path = self.ask_save_path(self.window, caption, self._suggested(info, confidential))
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
            return _write(self._service(session), target, path, confidential)

        self._on_worker(write, lambda record: self._done(record, info.what, path))

    # --- packs ---------------------------------------------------------------------------

    def make_pack(self) -> None:
        """Make a pack of papers…: choose the papers, then export as above."""
        session = self.window.session
        if session is None or self._busy:
            return
        self._set_busy(True)
        self._status("Reading the papers you can put in a pack…")

        def choices() -> PackChoices:
            return _pack_choices(self._service(session))

        def show(result: PackChoices) -> None:
            self._set_busy(False)
            self._status("")
            today = getattr(self.window, "_today", None)
            dialog = PackDialog(result, today=today, parent=self.window)
            dialog.chosen.connect(self.export_pack)
            self.pack_dialog = dialog
            self._open(dialog)

        self._on_worker(choices, show)

    def export_pack(self, request: PackRequest) -> None:
        """Export the pack ``request`` describes (version choice, save dialog, progress)."""
        session = self.window.session
        if session is None or self._busy:
            return
        self._set_busy(True)
        what = f"the pack “{request.title}”"

        def prepare() -> Prepared:
            service = self._service(session)
            has = any(service.has_confidential(item.kind, item.ref) for item in request.items)
            return Prepared(what, request.title, has, "pack")

        def prepared(info: Prepared) -> None:
            self._set_busy(False)
            self._choose_version(
                info, lambda confidential: self._save_pack(request, info, confidential)
            )

        self._on_worker(prepare, prepared)

    def _save_pack(self, request: PackRequest, info: Prepared, confidential: bool) -> None:
        session = self.window.session
        if session is None:
            return
        path = self._ask_path("Save the pack", info, confidential)
        if path is None:
            return
        self._set_busy(True)
        self._cancel = cancel = threading.Event()
        total = len(request.items)
        dialog = QProgressDialog(
            f"Making {info.what}…", "Cancel", 0, max(total, 1), self.window
        )
        dialog.setWindowTitle("Make a pack of papers")
        dialog.setAccessibleName("Progress of the pack")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(480)
        dialog.setValue(0)
        dialog.canceled.connect(cancel.set)
        self.progress_dialog = dialog
        dialog.show()
        relay = self._relay

        def progress(done: int, count: int, what: str) -> None:
            if cancel.is_set():
                raise ExportCancelled
            relay.progress.emit(done, count, what)

        def write() -> PaperRecord:
            if cancel.is_set():  # Cancel pressed before the worker reached us
                raise ExportCancelled
            return self._service(session).pack(
                request.title,
                [_pack_item(item.kind, item.ref) for item in request.items],
                path,
                confidential,
                body=request.body,
                date=request.date,
                progress=progress,
                cancelled=cancel.is_set,
            )

        def done(record: PaperRecord) -> None:
            self._close_progress()
            self._done(record, info.what, path)

        def failed(error: Exception) -> None:
            self._close_progress()
            if isinstance(error, ExportCancelled) or cancel.is_set():
                self._set_busy(False)
                self._status(f"Cancelled: {path.name} was not written.")
                self.cancelled.emit()
                return
            self._failed(error)

        self._on_worker(write, done, failed)

    def _show_progress(self, done: int, total: int, what: str) -> None:
        dialog = self.progress_dialog
        if dialog is None or self._cancel.is_set():
            return
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))
        if what:
            dialog.setLabelText(what)

    def _close_progress(self) -> None:
        dialog, self.progress_dialog = self.progress_dialog, None
        if dialog is not None:
            dialog.canceled.disconnect()
            dialog.close()
            dialog.deleteLater()

    # --- the end of an export ---------------------------------------------------------

    def _done(self, record: PaperRecord, what: str, path: Path) -> None:
        self._set_busy(False)
        written = record.path or path
        kind = KIND_WORDS.get(record.kind, record.kind)
        version = f"version {record.version}" + ("" if record.new_version else " (unchanged)")
        classification = "confidential" if record.confidential else "public"
        self._status(f"Saved {written.name}.")
        box = QMessageBox(QMessageBox.Icon.Information, "Exported to Word",
                          f"Saved {what}.", QMessageBox.StandardButton.NoButton, self.window)
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
                          QMessageBox.StandardButton.Ok, self.window)
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

    def _on_worker(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self.window.runner.run(work, on_done, on_error or self._failed, owner=self.window)

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


# --- worker-side steps (plain functions: no widget is touched) --------------------------


def _pack_item(kind: str, ref: str) -> Any:
    from sen_desktop.papers.service import PackItem

    return PackItem(kind, ref)


def _prepare(service: PapersService, target: ExportTarget) -> Prepared:
    from sen_desktop.papers.service import ALL_GROUPS, PackItem

    item = service.resolve_item(PackItem(target.kind, target.ref or ALL_GROUPS))
    if item.kind == "minutes":
        meeting = service.meeting(item.id or "")
        what = f"the minutes of {meeting_title(meeting)}"
        stem = f"{meeting.group_code} minutes {meeting.number} {meeting.date.isoformat()}"
    elif item.kind == "action-log":
        what = target.what
        name = item.reference if item.id is not None else "All groups"
        stem = f"{name} action log {_log_date(service, item.id).isoformat()}"
    else:
        what = f"the paper on {item.reference}"
        stem = f"{item.reference} recommendation paper"
    has = service.has_confidential(item.kind, item.id or ALL_GROUPS)
    return Prepared(what, stem, has, KIND_WORDS.get(item.kind.replace("-", "_"), "paper"))


def _log_date(service: PapersService, group_id: str | None) -> dt.date:
    """The date the action log is as at (its last meeting held, never today), so the
    suggested name carries the date the paper prints."""
    from sen_desktop.papers.action_log import log_date
    from sen_desktop.papers.output import paper_services

    services = paper_services(service.services)
    return log_date(services.meetings.list_meetings(group_id), dt.date.today)


def _write(
    service: PapersService, target: ExportTarget, path: Path, confidential: bool
) -> PaperRecord:
    if target.kind == "minutes":
        return service.minutes(target.ref or "", path, confidential)
    if target.kind == "action-log":
        return service.action_log(target.ref, path, confidential)
    return service.recommendation_paper(target.ref or "", path, confidential)


def _pack_choices(service: PapersService) -> PackChoices:
    groups = [(g.id, g.reference, g.title) for g in service.list_groups()]
    meetings = [
        (m.id, m.reference, _meeting_when(m.date, m.title)) for m in service.list_meetings()
    ]
    recs = [(r.id, r.reference, r.title) for r in service.list_recommendations()]
    return pack_choices_from(groups, meetings, recs, service.bodies())


def _meeting_when(day: dt.date | None, title: str) -> str:
    """ "Tuesday 9 August 2011" (", cancelled") for a pack's list of minutes."""
    if day is None:
        return title
    return weekday_date(day) + (", cancelled" if title.endswith(", cancelled") else "")


def _widen(box: QMessageBox, width: int) -> None:
    """QMessageBox sizes itself to its text and ignores setMinimumWidth; a spacer row in
    its grid keeps long file names and references from wrapping into a narrow column."""
    layout = box.layout()
    if isinstance(layout, QGridLayout):
        spacer = QSpacerItem(width, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)
        layout.addItem(spacer, layout.rowCount(), 0, 1, layout.columnCount())
