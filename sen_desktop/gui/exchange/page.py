"""The Exchange page: where this laptop stands in the programme (one sentence and the
next step as a button), the programme's fingerprint, bundles out and in, and the
certified laptops.

Joining, starting the programme, admitting, revoking and replacing a chair's laptop are
guided steps (``gui.trust_flow``). Export, preview and import run on the worker with a
progress bar and Cancel (``sync_dialogs.ProgressRun``); the import is staged once and the
preview and the apply read that same staged copy.

What the page shows is read on the worker (``load_overview``) from the registry
(``sync.registry``), the trust service's status and the pending counts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core.filenames import safe_file_name
from sen_desktop.gui.common.widgets import label, page_layout, track_focus
from sen_desktop.gui.exchange import dialogs as sync_dialogs
from sen_desktop.gui.exchange.admit import AdmitWizard, ReplaceChairDialog, RevokeDialog
from sen_desktop.gui.exchange.dialogs import ProgressRun
from sen_desktop.gui.exchange.flow import JoinWizard, StartProgrammeWizard
from sen_desktop.gui.exchange.models import CertifiedLaptopModel, LaptopRow, select_row
from sen_desktop.gui.exchange.overview import (
    EARLIER_SCHEME,
    KEY_FILE_NAME,
    ExchangeOverview,
    load_overview,
    status_sentence,
)
from sen_desktop.gui.exchange.steps import sentence
from sen_desktop.gui.exchange.trust_widgets import FingerprintBox, heading, note_label, plain_label

if TYPE_CHECKING:

    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.shell.session import OpenProgramme
    from sen_desktop.sync.trust import TrustService

log = logging.getLogger(__name__)

class _LaptopModel(CertifiedLaptopModel):
    """The laptops, with the wordy headings on two lines: their one-line width, not the
    values' ("never", "in force"), left Roles cut to "progr…" on a small screen."""

    headers: ClassVar[tuple[str, ...]] = (
        "Laptop",
        "May\nread",
        "May\nwrite",
        "Roles",
        "Serial",
        "Revoked\nfrom",
        "Last bundle\nin",
        "Last bundle\nout",
    )


def _table(name: str, model: CertifiedLaptopModel) -> QTableView:
    table = QTableView()
    track_focus(table)  # the chosen laptop dark only while the list has the focus
    table.setModel(model)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons below it
    table.verticalHeader().setVisible(False)
    # A long role ("chair of Cabinet from 19 Oct 2026") wraps rather than being cut on a
    # small screen (1366 × 768 at 125 %); each row is as tall as its text.
    table.setWordWrap(True)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # Every column as wide as its words but Roles, which takes what is left (the last
    # column was cut to "Last bundle ou" when it had to stretch or shrink).
    header.setSectionResizeMode(model.headers.index("Roles"), QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return table


def pending_sentence(waiting: int, conflicts: int) -> str:
    """What an import left to finish, in words; "" when nothing is left.

    "Waiting" changes are ones whose meeting or item has not arrived yet (they come in
    with a later bundle); a conflict is text changed on two laptops at once."""
    parts = []
    if waiting == 1:
        parts.append("1 change waits for the meeting or item it belongs to (a later bundle "
                     "brings it)")
    elif waiting:
        parts.append(f"{waiting:,} changes wait for the meetings or items they belong to "
                     "(a later bundle brings them)")
    if conflicts == 1:
        parts.append("1 text was changed on two laptops at once: choose which to keep on "
                     "the Conflicts page")
    elif conflicts:
        parts.append(f"{conflicts:,} texts were changed on two laptops at once: choose "
                     "which to keep on the Conflicts page")
    return "; ".join(parts) + "." if parts else ""


def _row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


class SyncPage(QWidget):
    loaded = Signal()
    #: A sentence for the status bar after an export or import.
    status_message = Signal(str)
    #: An import changed the data (other pages may want to reload).
    imported = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fitting = False  # _fit_table under way: its own row resizes do not count
        self._runner: TaskRunner | None = None
        self._session: OpenProgramme | None = None
        self.overview: ExchangeOverview | None = None
        self.dialog: QDialog | None = None  # the dialog last opened, for tests
        self.progress: ProgressRun | None = None  # the export or import running
        self._want_laptop: str | None = None
        self._queue: list[Path] = []  # the other parts of a series chosen to import
        #: The passphrase of this laptop's key file, where there is no keyring (typed
        #: once a session).
        self._key_phrase: str | None = None

        self.heading = label("Exchange", role="heading")  # as every page's heading
        self.status_label = plain_label("Loading…", "Where this laptop stands")
        font = self.status_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.status_label.setFont(font)

        # Every Alt+letter here is clear of the menu bar's (File, Edit, People, Groups,
        # Actions, Mee_tings, Recommendations, P_lan, E_xchange, Min_utes, Help).
        self.start_button = QPushButton("&Start the programme on this laptop…")
        self.join_button = QPushButton("&Join the programme…")
        self.admit_button = QPushButton("Ad&mit a laptop…")
        self.start_button.setAccessibleDescription(
            "Only on the programme lead's laptop: this laptop becomes the programme's root."
        )
        self.start_button.clicked.connect(self.start_programme)
        self.join_button.clicked.connect(self.join_programme)
        self.admit_button.clicked.connect(self.admit_laptop)
        self.earlier_label = note_label(EARLIER_SCHEME, "The passphrase is no longer used")
        self.earlier_label.hide()
        self.warning_label = plain_label("", "Warning")
        self.warning_label.setStyleSheet("color: #8a4b00;")
        self.warning_label.hide()

        self.fingerprint_heading = heading("Programme fingerprint")
        self.fingerprint_note = note_label("")
        self.fingerprint_box = FingerprintBox("Programme fingerprint")

        self.export_button = QPushButton("Export a bu&ndle for…")  # Alt+O would be Go
        self.import_button = QPushButton("Import &bundle…")
        self.export_button.clicked.connect(self.export_for)
        self.import_button.clicked.connect(self.import_bundle)
        self.bundles_note = note_label("", "About bundles")
        self.pending_label = plain_label("", "Pending")

        self.laptop_model = _LaptopModel(self)
        self.laptops = _table("Laptops", self.laptop_model)
        # The rows wrap anew when Roles' width changes (the window, or the stretch).
        self.laptops.horizontalHeader().sectionResized.connect(self._roles_resized)
        self.laptops.setAccessibleDescription(
            "The laptops the programme lead has certified. Enter revokes the chosen laptop "
            "(on the lead's laptop)."
        )
        self.laptops.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.laptops.activated.connect(lambda _index: self.revoke_laptop())
        self.laptops.selectionModel().currentRowChanged.connect(
            lambda *_: self._enable_commands()
        )
        self.laptops_empty = note_label(
            "No laptops yet: the list fills in when this laptop starts or joins the programme."
        )
        self.revoke_button = QPushButton("Re&voke…")
        self.revoke_button.setAccessibleName("Revoke the chosen laptop")
        self.revoke_button.clicked.connect(self.revoke_laptop)
        self.replace_button = QPushButton("Replace a &chair's laptop…")
        self.replace_button.clicked.connect(self.replace_chair_laptop)
        self.root_only_note = note_label(
            "Only the programme lead's laptop admits and revokes laptops."
        )

        content = QWidget()
        layout = page_layout(content)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(self.status_label)
        layout.addLayout(_row(self.join_button, self.start_button, self.admit_button))
        layout.addWidget(self.earlier_label)
        layout.addWidget(self.warning_label)
        layout.addSpacing(10)
        layout.addWidget(self.fingerprint_heading)
        layout.addWidget(self.fingerprint_note)
        layout.addWidget(self.fingerprint_box)
        layout.addSpacing(10)
        self.bundles_heading = heading("Bundles")
        layout.addWidget(self.bundles_heading)
        layout.addWidget(self.bundles_note)
        layout.addLayout(_row(self.export_button, self.import_button))
        layout.addWidget(self.pending_label)
        layout.addSpacing(10)
        self.laptops_heading = heading("Laptops")
        layout.addWidget(self.laptops_heading)
        layout.addWidget(self.laptops_empty)
        layout.addWidget(self.laptops, 1)
        layout.addLayout(
            _row(self.revoke_button, self.replace_button)
        )
        layout.addWidget(self.root_only_note)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setAccessibleName("Exchange page")
        # Tab moves through the page's controls and the area scrolls to each; the area
        # itself is no stop (it showed no focus and Tab landed on nothing).
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._show_state(None)

    # --- loading ----------------------------------------------------------------------

    def open(self, runner: TaskRunner, session: OpenProgramme) -> None:
        self._runner, self._session = runner, session
        self.reload()

    def _trust_maker(self) -> Callable[[], TrustService]:
        """Builds a trust service for this data folder on the worker, from values read
        here on the UI thread (the worker touches nothing of the page)."""
        assert self._session is not None
        factory, folder = self._session.db.session_factory, self._session.data_dir
        phrase = self._key_phrase

        def make() -> TrustService:
            from sen_desktop.sync.trust import TrustService

            return TrustService(
                factory, folder,
                key_passphrase=(lambda: phrase) if phrase is not None else None,
            )

        return make

    def run_trust(
        self,
        work: Callable[[TrustService], Any],
        done: Callable[[Any], None],
        failed: Callable[[Exception], None],
        owner: QObject,
    ) -> None:
        """``work(trust)`` on the worker; ``done``/``failed`` back on the UI thread."""
        if self._runner is None or self._session is None:
            failed(RuntimeError("The programme is not open."))
            return

        def refused(error: Exception) -> None:
            # No keyring: this laptop's keys are in a key file whose passphrase the person
            # types once a session; then the same work runs again. A key file that the
            # passphrase typed does not open is asked for again, with the reason.
            from sen_desktop.sync.identity import KeyFileError

            wrong = self._key_phrase is not None and isinstance(error, KeyFileError)
            if self._session is not None and (
                getattr(error, "field", None) == "key_passphrase" or wrong
            ):
                wrong = wrong or self._key_phrase is not None
                self._key_phrase = None
                self._ask_key_phrase(
                    error if wrong else None,
                    lambda: self.run_trust(work, done, failed, owner),
                    failed,
                )
                return
            failed(error)

        make = self._trust_maker()
        self._runner.run(lambda: work(make()), done, refused, owner=owner)

    def _ask_key_phrase(
        self,
        problem: Exception | None,
        retry: Callable[[], None],
        failed: Callable[[Exception], None],
    ) -> None:
        from sen_desktop.gui.exchange.steps import KeyPassphraseDialog

        assert self._session is not None
        exists = (self._session.data_dir / KEY_FILE_NAME).exists()
        dialog = KeyPassphraseDialog(new=not exists, parent=self)
        if problem is not None:
            dialog.problem.say(sentence(problem))

        def typed() -> None:
            self._key_phrase = dialog.passphrase()
            retry()

        dialog.accepted.connect(typed)
        dialog.rejected.connect(
            lambda: failed(_Sentence("Nothing was done: this laptop's keys stay locked."))
        )
        self._open(dialog)

    def reload(self) -> None:
        if self._runner is None or self._session is None:
            return
        factory, folder = self._session.db.session_factory, self._session.data_dir
        self.run_trust(
            lambda trust: load_overview(factory, folder, trust), self._show, self._failed, self
        )

    def _show(self, overview: ExchangeOverview) -> None:
        self.overview = overview
        before = self.laptops.currentIndex().row()
        key = self._want_laptop or self.laptop_model.key(before)
        self.laptop_model.set_records(overview.laptops)
        row = self.laptop_model.row_of(key) if key else -1
        select_row(self.laptops, row if row >= 0 else min(max(before, 0),
                                                          len(overview.laptops) - 1))
        self._want_laptop = None
        self._show_state(overview)
        self.loaded.emit()

    def _show_state(self, overview: ExchangeOverview | None) -> None:
        state = overview.state if overview is not None else ""
        root, joined = state == "root", state in ("root", "member")
        if overview is not None:
            self.status_label.setText(status_sentence(overview))
        self.join_button.setVisible(state in ("none", "requested") or bool(
            overview and overview.own and overview.own.revoked))
        self.start_button.setVisible(state == "none")
        self.admit_button.setVisible(root)
        self.earlier_label.setVisible(bool(overview and overview.earlier_scheme))
        warning = overview.warning if overview is not None else None
        self.warning_label.setText(warning or "")
        self.warning_label.setVisible(bool(warning))

        # Shown once this laptop has pinned the root itself (a demo folder may hold the
        # registry without this laptop having joined).
        fingerprint = overview.root_fingerprint if overview is not None and joined else ""
        for widget in (self.fingerprint_heading, self.fingerprint_note, self.fingerprint_box):
            widget.setVisible(bool(fingerprint))
        self.fingerprint_box.set_fingerprint(fingerprint)
        self.fingerprint_note.setText(
            "Read this out to each new laptop: its person compares every group with the "
            "fingerprint in their certificate before they join."
            if root
            else "The programme lead's fingerprint, checked when this laptop joined. It is "
            "the same on every laptop of the programme."
        )

        if joined:
            self.bundles_note.setText(
                "A bundle carries changes to the laptops it is for, locked so only they can "
                "open it. Import the bundles other laptops send you."
            )
        else:
            self.bundles_note.setText(
                "Bundles can be exchanged once this laptop has joined the programme."
            )
        pending = pending_sentence(overview.rows_waiting, overview.conflicts) if (
            overview is not None
        ) else ""
        self.pending_label.setText(pending)
        self.pending_label.setVisible(bool(pending))
        has_laptops = bool(overview and overview.laptops)
        self.laptops.setVisible(has_laptops)
        self.laptops_empty.setVisible(not has_laptops)
        for button in (self.revoke_button, self.replace_button):
            button.setVisible(root)
        self.root_only_note.setVisible(state == "member")
        self._fit_table()
        self._enable_commands()

    def _roles_resized(self, section: int, _old: int, _new: int) -> None:
        if section == self.laptop_model.headers.index("Roles") and not self._fitting:
            QTimer.singleShot(0, self._fit_table)

    def _fit_table(self) -> None:
        """As tall as its rows (up to ten), so the page scrolls rather than the table."""
        if not shiboken6.isValid(self):
            return
        self._fitting = True
        table = self.laptops
        table.resizeRowsToContents()
        count = self.laptop_model.rowCount()
        rows_height = (
            sum(table.rowHeight(row) for row in range(min(count, 10))) if count
            else table.verticalHeader().defaultSectionSize()
        )
        height = (
            table.horizontalHeader().sizeHint().height()
            + max(rows_height, 1)
            + 2 * table.frameWidth()
            + table.horizontalScrollBar().sizeHint().height()  # room if it is ever needed
        )
        table.setFixedHeight(height)
        self._fitting = False

    def current_laptop(self) -> LaptopRow | None:
        return self.laptop_model.record(self.laptops.currentIndex().row())

    def select_laptop(self, laptop_id: str) -> bool:
        row = self.laptop_model.row_of(laptop_id)
        select_row(self.laptops, row)
        return row >= 0

    def select_laptop_named(self, name: str) -> bool:
        for record in self.laptop_model.records():
            if record.name == name:
                return self.select_laptop(record.laptop_id)
        return False

    def _enable_commands(self) -> None:
        overview = self.overview
        ready = self._session is not None and overview is not None and self.progress is None
        joined = bool(overview and overview.joined)
        for button in (self.start_button, self.join_button, self.admit_button,
                       self.replace_button):
            button.setEnabled(ready)
        chosen = self.current_laptop()
        self.revoke_button.setEnabled(
            ready and chosen is not None and not chosen.revoked and not chosen.this_laptop
        )
        others = bool(overview and any(
            not r.this_laptop and not r.revoked for r in overview.laptops
        ))
        self.export_button.setEnabled(ready and joined and others)
        self.import_button.setEnabled(ready and joined)

    # --- the guided steps ---------------------------------------------------------------

    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.open()
        return dialog

    def _failed(self, error: Exception) -> None:
        message = sentence(error)
        if not hasattr(error, "message"):
            log.warning("Exchange page: %s", type(error).__name__, exc_info=error)
        self.status_message.emit(message)
        box = QMessageBox(QMessageBox.Icon.Warning, "SEN Secretariat", "",
                          QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(message)
        self._open(box)

    def trust_flow(self) -> None:
        """Exchange ▸ Join or start the programme…: the next step for this laptop."""
        overview = self.overview
        if overview is None:
            return
        if overview.is_root:
            self.admit_laptop()
        elif overview.state == "member" and not (overview.own and overview.own.revoked):
            self.status_message.emit(status_sentence(overview))
        else:
            self.join_programme()

    def start_programme(self) -> None:
        if self.overview is None or self._session is None:
            return
        wizard = StartProgrammeWizard(self.run_trust, self)

        def started(_fingerprint: str) -> None:
            self.status_message.emit("This laptop is now the programme's root (lead).")
            self.reload()

        wizard.started.connect(started)
        self._open(wizard)

    def join_programme(self) -> None:
        overview = self.overview
        if overview is None or self._session is None:
            return
        requested = overview.laptop_name if overview.state == "requested" else ""
        wizard = JoinWizard(
            self.run_trust, requested_as=requested, offer_start=overview.state == "none",
            parent=self,
        )

        def start_instead() -> None:
            wizard.reject()
            self.start_programme()

        wizard.start_instead.connect(start_instead)

        def joined(_status: Any) -> None:
            self.status_message.emit("This laptop has joined the programme.")
            self.reload()

        wizard.request_saved.connect(lambda _path: self.reload())
        wizard.joined.connect(joined)
        self._open(wizard)

    def admit_laptop(self, *, chair: bool = False) -> None:
        overview = self.overview
        if overview is None or not overview.is_root:
            return
        wizard = AdmitWizard(
            self.run_trust, overview.groups, overview.people, overview.root_fingerprint,
            chair_only=chair, parent=self,
        )

        def admitted(path: Path) -> None:
            self.status_message.emit(f"Saved the certificate {path.name}.")
            self.reload()

        wizard.admitted.connect(admitted)
        self._open(wizard)

    def revoke_laptop(self) -> None:
        laptop = self.current_laptop()
        if (
            self.overview is None or not self.overview.is_root or laptop is None
            or laptop.revoked or laptop.this_laptop
        ):
            return
        dialog = RevokeDialog(self.run_trust, laptop, parent=self)

        def revoked(_summary: Any) -> None:
            self._want_laptop = laptop.laptop_id
            self.status_message.emit(
                f"Revoked “{laptop.name}”: send a bundle to every laptop so they know."
            )
            self.reload()

        dialog.revoked.connect(revoked)
        self._open(dialog)

    def replace_chair_laptop(self) -> None:
        if self.overview is None or not self.overview.is_root:
            return
        chosen = self.current_laptop()
        if chosen is not None and chosen.this_laptop:
            chosen = None
        dialog = ReplaceChairDialog(chosen, self)
        dialog.revoke_requested.connect(self.revoke_laptop)
        dialog.admit_requested.connect(lambda: self.admit_laptop(chair=True))
        self._open(dialog)

    # --- bundles ------------------------------------------------------------------------

    def _start_progress(self, title: str, label: str) -> ProgressRun:
        run = ProgressRun(self, title, label)
        self.progress = run
        self._enable_commands()
        return run

    def _end_progress(self) -> None:
        run, self.progress = self.progress, None
        if run is not None:
            run.close()
        self._enable_commands()

    def export_for(self) -> None:
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
        if self._session is None or self._runner is None or self.progress is not None:
            return
        factory = self._session.db.session_factory
        run = self._start_progress("Export", f"Writing {path.name}…")

        def work(trust: TrustService) -> Any:
            from sen_desktop.sync.exchange import export_bundle

            return export_bundle(
                factory, path, trust, for_laptop=laptop, for_profile=for_profile,
                progress=run.progress, cancel=run.cancelled,
            )

        def done(result: Any) -> None:
            self._end_progress()
            self.status_message.emit(result.summary())
            self.reload()

        def failed(error: Exception) -> None:
            cancelled = run.cancelled() or _is_cancelled(error)
            self._end_progress()
            if cancelled:
                self.status_message.emit(f"Cancelled: {path.name} was not written.")
                return
            self._failed(error)

        self.run_trust(work, done, failed, self)

    def import_bundle(self) -> None:
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
        if self._session is None or self.progress is not None:
            return
        factory = self._session.db.session_factory
        run = self._start_progress("Import", f"Checking {path.name}…")

        def work(trust: TrustService) -> Any:
            from sen_desktop.sync.exchange import stage_bundle

            return stage_bundle(
                factory, path, trust, progress=run.progress, cancel=run.cancelled
            )

        def staged(bundle: Any) -> None:
            self._end_progress()
            self._preview_staged(bundle, path, accept_future=False)

        self.run_trust(work, staged, self._import_failed(run, path, None), self)

    def _import_failed(
        self, run: ProgressRun, path: Path, staged: Any
    ) -> Callable[[Exception], None]:
        def failed(error: Exception) -> None:
            cancelled = run.cancelled() or _is_cancelled(error)
            self._end_progress()
            from sen_desktop.sync.exchange import FutureBundleError

            if not (isinstance(error, FutureBundleError) and staged is not None):
                self._stop_queue()
            if cancelled:
                _discard(staged)
                self.status_message.emit(f"Cancelled: nothing was imported from {path.name}.")
                return
            if isinstance(error, FutureBundleError) and staged is not None:
                self._confirm_future(staged, path)
                return
            _discard(staged)
            self._failed(error)

        return failed

    def _preview_staged(self, staged: Any, path: Path, *, accept_future: bool) -> None:
        if self._session is None or self.progress is not None:
            _discard(staged)
            return
        factory = self._session.db.session_factory
        run = self._start_progress("Import", f"Reading {path.name}…")

        def work() -> Any:
            from sen_desktop.sync.exchange import preview

            return preview(
                factory, staged, accept_future=accept_future,
                progress=run.progress, cancel=run.cancelled,
            )

        def done(shown: Any) -> None:
            self._end_progress()
            if shown.already_imported:
                _discard(staged)
                if self._queue:  # a part imported before: go on with the others
                    self.status_message.emit(shown.summary())
                    self._next_in_queue()
                    return
                self.status_message.emit(shown.summary())
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

        assert self._runner is not None
        self._runner.run(work, done, self._import_failed(run, path, staged), owner=self)

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
        """Import the staged copy the preview read (not the file again)."""
        if self._session is None or self._runner is None or self.progress is not None:
            _discard(staged)
            return
        factory = self._session.db.session_factory
        run = self._start_progress("Import", f"Importing {path.name}…")

        def work() -> Any:
            from sen_desktop.sync.exchange import apply

            try:
                return apply(
                    factory, staged, accept_future=accept_future,
                    progress=run.progress, cancel=run.cancelled,
                )
            finally:
                _discard(staged)

        def done(result: Any) -> None:
            self._end_progress()
            self.status_message.emit(result.summary())
            self.imported.emit()
            self.reload()
            self._next_in_queue()

        self._runner.run(work, done, self._import_failed(run, path, None), owner=self)


class _Sentence(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _is_cancelled(error: Exception) -> bool:
    from sen_desktop.sync.bundle import Cancelled

    return isinstance(error, Cancelled)


def _discard(staged: Any) -> None:
    """Remove a staged bundle's private copies (they hold decrypted changes)."""
    if staged is not None:
        try:
            staged.close()
        except OSError:
            log.warning("A staged bundle could not be removed.", exc_info=True)
