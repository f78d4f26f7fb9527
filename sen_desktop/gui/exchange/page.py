"""The Exchange page: where this laptop stands in the programme (one sentence and the
next step as a button), the programme's fingerprint, bundles out and in, and the
certified laptops.

Joining, starting the programme, admitting, revoking and replacing a chair's laptop are
guided steps (``gui.exchange.flow``, ``gui.exchange.admit``). Export, preview and import
(``gui.exchange.bundles``) run on the worker in the task API's progress dialog with
Cancel; the import is staged once and the preview and the apply read that same staged
copy.

Everything runs through ``sync.exchange_service.ExchangeService``, built on the worker:
what the page shows is its ``overview()`` (records from ``sync.exchange_records``); the
page holds no session.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core.errors import SenError
from sen_desktop.core.progress import NO_PROGRESS
from sen_desktop.gui.common.progress import ProgressDialog
from sen_desktop.gui.common.widgets import label, page_layout
from sen_desktop.gui.exchange.bundles import BundleCommands, ExchangeWork
from sen_desktop.gui.exchange.guided import GuidedSteps
from sen_desktop.gui.exchange.models import LaptopTableModel, laptop_table, select_row
from sen_desktop.gui.exchange.steps import sentence
from sen_desktop.gui.exchange.trust_widgets import FingerprintBox, heading, note_label, plain_label
from sen_desktop.sync.exchange_records import (
    EARLIER_SCHEME,
    ExchangeOverview,
    LaptopRow,
    pending_sentence,
    status_sentence,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.shell.pages import PageContext
    from sen_desktop.gui.shell.session import OpenProgramme
    from sen_desktop.sync.exchange_service import ExchangeService
    from sen_desktop.sync.trust import TrustService

log = logging.getLogger(__name__)

def _row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


class SyncPage(GuidedSteps, BundleCommands, QWidget):
    loaded = Signal()
    #: A sentence for the status bar after an export or import.
    status_message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fitting = False  # _fit_table under way: its own row resizes do not count
        self._runner: TaskRunner | None = None
        self._session: OpenProgramme | None = None
        self.overview: ExchangeOverview | None = None
        self.dialog: QDialog | None = None  # the dialog last opened, for tests
        self.progress: ProgressDialog | None = None  # the export or import running
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

        self.laptop_model = LaptopTableModel(self)
        self.laptops = laptop_table("Laptops", self.laptop_model)
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

    def open(self, context: PageContext) -> None:
        """Shown (page contract, gui/shell/pages.py): load what the page shows."""
        self._runner, self._session = context.runner, context.session
        self.reload()

    def _service_maker(self) -> Callable[[], ExchangeService]:
        """Builds the exchange service for this data folder on the worker, from values
        read here on the UI thread (the worker touches nothing of the page)."""
        assert self._session is not None
        db = self._session.db
        factory, folder = db.session_factory, self._session.data_dir
        phrase = self._key_phrase

        def make() -> ExchangeService:
            from sen_desktop.sync.exchange_service import ExchangeService

            return ExchangeService(
                factory, folder,
                key_passphrase=(lambda: phrase) if phrase is not None else None, db=db,
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
        self._run_service(lambda service, _p: work(service.trust), done, failed, owner)

    def run_exchange(
        self,
        title: str,
        text: str,
        work: ExchangeWork,
        done: Callable[[Any], None],
        failed: Callable[[Exception], None],
    ) -> None:
        """``work(service, progress)`` on the worker in a progress dialog with Cancel
        (one at a time: the page's commands wait while it runs)."""

        def finished(result: Any) -> None:
            self._progress_ended()
            done(result)

        def refused(error: Exception) -> None:
            self._progress_ended()
            failed(error)

        self._run_service(work, finished, refused, self, title=title, text=text)

    def _progress_ended(self) -> None:
        self.progress = None
        self._enable_commands()

    def _run_service(
        self,
        work: ExchangeWork,
        done: Callable[[Any], None],
        failed: Callable[[Exception], None],
        owner: QObject,
        *,
        title: str | None = None,
        text: str = "",
        channel: str | None = None,
    ) -> None:
        """``work(service, progress)`` on the worker; with ``title``, in a new progress
        dialog (``self.progress``) saying ``text``; a read on ``channel`` lands only if
        no newer one was asked for meanwhile."""
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
                    lambda: self._run_service(work, done, failed, owner, title=title,
                                              text=text, channel=channel),
                    failed,
                )
                return
            failed(error)

        make = self._service_maker()
        if title is None:
            self._runner.run(lambda: work(make(), NO_PROGRESS), done, refused,
                             channel=channel, owner=owner)
            return
        dialog = ProgressDialog(title, self)
        self.progress = dialog
        self._enable_commands()
        dialog.run(self._runner, text, lambda p: work(make(), p), done, refused, owner=owner)

    def _ask_key_phrase(
        self,
        problem: Exception | None,
        retry: Callable[[], None],
        failed: Callable[[Exception], None],
    ) -> None:
        from sen_desktop.gui.exchange.steps import KeyPassphraseDialog
        from sen_desktop.sync.identity import KEY_FILE_NAME

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
            lambda: failed(SenError("Nothing was done: this laptop's keys stay locked."))
        )
        self._open(dialog)

    def reload(self) -> None:
        if self._runner is None or self._session is None:
            return
        self._run_service(
            lambda service, _p: service.overview(), self._show, self._failed, self,
            channel="exchange-overview",
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

    # --- dialogs ------------------------------------------------------------------------

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
