"""The Exchange page: this laptop's key, profiles, known laptops, pending, and the
Set passphrase / Export for / Import bundle commands (sync-by-export), with adding,
editing and removing export profiles and naming known laptops.

The data comes from ``sen_desktop.sync.status.sync_overview`` on the worker; the tables
are models over its keyed records (``gui.sync_models``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.gui import sync_dialogs
from sen_desktop.gui.sync_models import LaptopTableModel, ProfileTableModel, select_row
from sen_desktop.gui.sync_profile_dialogs import NameLaptopDialog, ProfileDialog
from sen_desktop.sync.status import PeerRow, ProfileRow, SyncOverview, sync_overview

if TYPE_CHECKING:
    from sen_desktop.gui.session import OpenProgramme
    from sen_desktop.gui.tasks import TaskRunner


def _table(name: str, model: QAbstractItemModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons below it
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setDefaultAlignment(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    )
    return table


def _reload_keeping(
    view: QTableView,
    model: ProfileTableModel | LaptopTableModel,
    records: tuple[Any, ...],
    wanted: str | None,
) -> None:
    """Reset ``model`` to ``records`` and choose again the row chosen before (by key),
    or ``wanted``; where that row is gone, the one now in its place."""
    before = view.currentIndex().row()
    key = wanted or model.key(before)
    model.set_records(records)
    row = model.row_of(key) if key is not None else -1
    if row < 0:
        row = min(max(before, 0), model.rowCount() - 1)
    select_row(view, row)


class SyncPage(QWidget):
    loaded = Signal()
    #: A sentence for the status bar after an export or import.
    status_message = Signal(str)
    #: An import changed the data (other pages may want to reload).
    imported = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner: TaskRunner | None = None
        self._session: OpenProgramme | None = None
        self.overview: SyncOverview | None = None
        self.dialog: QDialog | None = None  # the dialog last opened, for tests
        # Without a working keyring the passphrase typed is kept in memory for the session.
        self._passphrase: str | None = None
        # The row to choose after the next reload (a profile's name, a laptop's site).
        self._want_profile: str | None = None
        self._want_laptop: str | None = None
        self.remove_confirm: QPushButton | None = None

        title = QLabel("<h2>Exchange</h2>")
        self.laptop_label = QLabel("Loading…")
        self.laptop_label.setAccessibleName("This laptop")
        self.laptop_label.setWordWrap(True)
        self.warning_label = QLabel("")
        self.warning_label.setAccessibleName("Keyring warning")
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #8a4b00;")
        self.warning_label.hide()

        # Every Alt+letter here is clear of the menu bar's (File, Edit, People, Groups,
        # Actions, Mee_tings, Recommendations, P_lan, E_xchange, Min_utes, Help): a shared
        # one would only move the focus.
        self.passphrase_button = QPushButton("&Set passphrase…")
        self.export_button = QPushButton("Export f&or…")
        self.import_button = QPushButton("Import &bundle…")
        buttons = QHBoxLayout()
        for button in (self.passphrase_button, self.export_button, self.import_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.passphrase_button.clicked.connect(self.set_passphrase)
        self.export_button.clicked.connect(self.export_for)
        self.import_button.clicked.connect(self.import_bundle)

        self.profile_model = ProfileTableModel(self)
        self.profiles = _table("Export profiles", self.profile_model)
        # The groups take the spare width; the count stays beside its heading.
        self.profiles.horizontalHeader().setStretchLastSection(False)
        self.profiles.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.profiles_empty = QLabel(
            "No export profiles yet. A profile names the groups a recipient laptop may see: "
            "choose Add profile…. Export for… Everything needs none."
        )
        self.profiles_empty.setWordWrap(True)
        self.add_profile_button = QPushButton("A&dd profile…")
        self.edit_profile_button = QPushButton("Ed&it profile…")
        self.remove_profile_button = QPushButton("Remo&ve profile…")
        self.add_profile_button.setAccessibleName("Add profile")
        self.edit_profile_button.setAccessibleName("Edit the chosen profile")
        self.remove_profile_button.setAccessibleName("Remove the chosen profile")
        self.add_profile_button.clicked.connect(self.add_profile)
        self.edit_profile_button.clicked.connect(self.edit_profile)
        self.remove_profile_button.clicked.connect(self.remove_profile)
        self.profiles.activated.connect(lambda _index: self.edit_profile())  # Enter
        self.profiles.installEventFilter(self)  # Delete = Remove profile…
        self.profiles.setAccessibleDescription(
            "Enter edits the chosen profile; Delete removes it after asking."
        )
        self.profiles.selectionModel().currentRowChanged.connect(
            lambda *_: self._enable_commands()
        )
        profile_buttons = QHBoxLayout()
        for button in (
            self.add_profile_button, self.edit_profile_button, self.remove_profile_button
        ):
            profile_buttons.addWidget(button)
        profile_buttons.addStretch(1)

        self.peer_model = LaptopTableModel(self)
        self.peers = _table("Known laptops", self.peer_model)
        self.peers_empty = QLabel(
            "No bundles exchanged yet: a laptop appears here after its first bundle is imported."
        )
        self.peers_empty.setWordWrap(True)
        self.name_laptop_button = QPushButton("Na&me laptop…")
        self.name_laptop_button.setAccessibleName("Name the chosen laptop")
        self.name_laptop_button.clicked.connect(self.name_laptop)
        self.peers.activated.connect(lambda _index: self.name_laptop())  # Enter
        self.peers.setAccessibleDescription("Enter names the chosen laptop.")
        self.peers.selectionModel().currentRowChanged.connect(
            lambda *_: self._enable_commands()
        )
        peer_buttons = QHBoxLayout()
        peer_buttons.addWidget(self.name_laptop_button)
        peer_buttons.addStretch(1)

        self.pending_label = QLabel("")
        self.pending_label.setAccessibleName("Pending")
        self.pending_label.setWordWrap(True)

        # Scrolls rather than forcing a taller window than a small laptop screen.
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(title)
        layout.addWidget(self.laptop_label)
        layout.addWidget(self.warning_label)
        layout.addLayout(buttons)
        layout.addSpacing(8)
        layout.addWidget(QLabel("<b>Export profiles</b>"))
        layout.addWidget(self.profiles_empty)
        layout.addWidget(self.profiles, 1)
        layout.addLayout(profile_buttons)
        layout.addSpacing(8)
        layout.addWidget(QLabel("<b>Known laptops</b>"))
        layout.addWidget(self.peers_empty)
        layout.addWidget(self.peers, 1)
        layout.addLayout(peer_buttons)
        layout.addSpacing(8)
        layout.addWidget(QLabel("<b>Pending</b>"))
        layout.addWidget(self.pending_label)
        layout.addStretch(1)  # the words stay together when the tables are hidden
        scroll = QScrollArea()
        scroll.setAccessibleName("Exchange page")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._enable_commands()

    # --- loading ----------------------------------------------------------------------

    def open(self, runner: TaskRunner, session: OpenProgramme) -> None:
        self._runner, self._session = runner, session
        self.reload()

    def reload(self) -> None:
        if self._runner is None or self._session is None:
            return
        session, phrase = self._session, self._passphrase
        factory, folder = session.db.session_factory, session.data_dir
        self._runner.run(lambda: sync_overview(factory, folder, phrase), self._show, owner=self)

    def _show(self, overview: SyncOverview) -> None:
        self.overview = overview
        if overview.fingerprint:
            self.laptop_label.setText(
                f"This laptop's key fingerprint: <b>{overview.fingerprint}</b>. "
                "The programme's sync passphrase is set."
            )
        else:
            self.laptop_label.setText(
                "The programme's sync passphrase is not set on this laptop: choose "
                "Set passphrase… before exporting or importing bundles."
            )
        self.warning_label.setText(overview.warning or "")
        self.warning_label.setVisible(bool(overview.warning))
        _reload_keeping(self.profiles, self.profile_model, overview.profiles, self._want_profile)
        _reload_keeping(self.peers, self.peer_model, overview.peers, self._want_laptop)
        self._want_profile = self._want_laptop = None
        self.profiles.setVisible(bool(overview.profiles))
        self.profiles_empty.setVisible(not overview.profiles)
        self.peers.setVisible(bool(overview.peers))
        self.peers_empty.setVisible(not overview.peers)
        self._enable_commands()
        waiting = overview.rows_waiting
        conflicts = overview.conflicts
        self.pending_label.setText(
            f"{waiting:,} {'row' if waiting == 1 else 'rows'} waiting for their parent rows "
            "to arrive; "
            f"{conflicts:,} conflicting {'field' if conflicts == 1 else 'fields'} to resolve "
            "(see Conflicts)."
        )
        self.loaded.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.profiles
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Delete
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            self.remove_profile()
            return True
        return super().eventFilter(watched, event)

    def current_profile(self) -> ProfileRow | None:
        return self.profile_model.record(self.profiles.currentIndex().row())

    def current_laptop(self) -> PeerRow | None:
        return self.peer_model.record(self.peers.currentIndex().row())

    def select_profile(self, name: str) -> bool:
        row = self.profile_model.row_of(name)
        select_row(self.profiles, row)
        return row >= 0

    def select_laptop(self, site_id: str) -> bool:
        row = self.peer_model.row_of(site_id)
        select_row(self.peers, row)
        return row >= 0

    def _enable_commands(self) -> None:
        ready = self._session is not None and self.overview is not None
        self.add_profile_button.setEnabled(ready)
        self.edit_profile_button.setEnabled(ready and self.current_profile() is not None)
        self.remove_profile_button.setEnabled(ready and self.current_profile() is not None)
        self.name_laptop_button.setEnabled(ready and self.current_laptop() is not None)

    # --- profiles and laptops -----------------------------------------------------------

    def add_profile(self) -> None:
        if self.overview is None:
            return
        dialog = ProfileDialog(self.overview.groups, None, self)

        def save() -> None:
            name, codes, contacts, confidential = dialog.values()

            def work(s: Any) -> str:
                from sen_desktop.sync.profiles import create_profile

                return create_profile(
                    s, name, codes, contacts=contacts, confidential=confidential
                ).name

            self._save(dialog, work, lambda saved: f"Added the export profile {saved}.",
                       profile=True)

        dialog.submitted.connect(save)
        self._open(dialog)

    def edit_profile(self) -> None:
        profile = self.current_profile()
        if self.overview is None or profile is None:
            return
        dialog = ProfileDialog(self.overview.groups, profile, self)

        def save() -> None:
            _name, codes, contacts, confidential = dialog.values()

            def work(s: Any) -> str:
                from sen_desktop.sync.profiles import edit_profile

                return edit_profile(
                    s, profile.name, codes, contacts=contacts, confidential=confidential
                ).name

            self._save(dialog, work, lambda saved: f"Changed the export profile {saved}.",
                       profile=True)

        dialog.submitted.connect(save)
        self._open(dialog)

    def remove_profile(self) -> None:
        profile = self.current_profile()
        if profile is None or self._session is None or self._runner is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Remove profile",
            f"Remove the export profile “{profile.name}”?",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setInformativeText(
            "Its laptop keeps everything it has received, but Export for… no longer offers "
            "it. A profile added again later starts from nothing: its first bundle resends "
            "everything in its groups."
        )
        self.remove_confirm = box.addButton("&Remove", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        session, runner = self._session, self._runner

        def chosen(button: Any) -> None:
            if button is not self.remove_confirm:
                return

            def work() -> None:
                from sen_desktop.sync.profiles import remove_profile

                with session.db.session_factory.begin() as s:
                    remove_profile(s, profile.name)

            def done(_: Any) -> None:
                self.status_message.emit(f"Removed the export profile {profile.name}.")
                self.reload()

            runner.run(work, done, self._failed, owner=self)

        box.buttonClicked.connect(chosen)
        self._open(box)

    def name_laptop(self) -> None:
        peer = self.current_laptop()
        if self.overview is None or peer is None:
            return
        names = [p.name for p in self.overview.profiles]
        dialog = NameLaptopDialog(peer, names, self)

        def save() -> None:
            name = dialog.value()

            def work(s: Any) -> str:
                from sen_desktop.sync.profiles import name_laptop

                laptop = name_laptop(s, peer.site_id, name)
                linked = f", linked to the profile {laptop.profile}" if laptop.profile else ""
                return f"Named laptop {peer.site_id[:8]} {laptop.name}{linked}."

            self._want_laptop = peer.site_id
            self._save(dialog, work, lambda sentence: sentence, profile=False)

        dialog.submitted.connect(save)
        self._open(dialog)

    def _save(
        self,
        dialog: ProfileDialog | NameLaptopDialog,
        work: Callable[[Any], str],
        message: Callable[[str], str],
        *,
        profile: bool,
    ) -> None:
        """Run ``work`` in one transaction on the worker; a refusal goes beside its field
        in ``dialog`` (and the transaction saved nothing)."""
        if self._session is None or self._runner is None:
            dialog.show_error("The programme is not open.", None)
            return
        factory = self._session.db.session_factory

        def run() -> str:
            with factory.begin() as s:
                return work(s)

        def done(result: str) -> None:
            dialog.finish()
            self.status_message.emit(message(result))
            if profile:
                self._want_profile = result
            self.reload()

        def failed(error: Exception) -> None:
            from sen_desktop.core.errors import SenError

            if not isinstance(error, SenError):
                dialog.show_error("Nothing was saved.", None)
                self._failed(error)
                return
            dialog.show_error(error.message, getattr(error, "field", None))

        self._runner.run(run, done, failed, owner=self)

    # --- commands ---------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.open()
        return dialog

    def _failed(self, error: Exception) -> None:
        message = getattr(error, "message", None) or str(error)
        self.status_message.emit(message)
        box = QMessageBox(QMessageBox.Icon.Warning, "SEN Secretariat", message,
                          QMessageBox.StandardButton.Ok, self)
        self._open(box)

    def set_passphrase(self) -> None:
        if self._session is None or self._runner is None:
            return
        dialog = sync_dialogs.PassphraseDialog(self)
        session, runner = self._session, self._runner

        def chosen() -> None:
            phrase = dialog.passphrase()

            def work() -> tuple[str, str | None]:
                from sen_desktop.core.store.oplog import local_site_id
                from sen_desktop.sync.keys import SyncKeys

                keys = SyncKeys(session.data_dir)
                key = keys.set_passphrase(phrase)
                with session.db.session_factory.begin() as s:
                    site_id = local_site_id(s)
                return keys.laptop_key(site_id, key).fingerprint, keys.warning

            def done(result: tuple[str, str | None]) -> None:
                fingerprint, warning = result
                if warning:
                    self._passphrase = phrase
                self.status_message.emit(
                    f"Sync passphrase set; this laptop's key fingerprint is {fingerprint}."
                )
                self.reload()

            runner.run(work, done, self._failed, owner=self)

        dialog.accepted.connect(chosen)
        self._open(dialog)

    def export_for(self) -> None:
        if self._session is None:
            return
        names = [p.name for p in self.overview.profiles] if self.overview else []
        dialog = sync_dialogs.ExportForDialog(names, self)

        def chosen() -> None:
            profile = dialog.profile()
            suggested = f"{(profile or 'everything').replace(' ', '-')}.senbundle"
            path = sync_dialogs.ask_save_path(self, suggested)
            if path is not None:
                self.export_to(path, profile)

        dialog.accepted.connect(chosen)
        self._open(dialog)

    def export_to(self, path: Path, profile: str | None) -> None:
        if self._session is None or self._runner is None:
            return
        session, phrase = self._session, self._passphrase

        def work() -> Any:
            from sen_desktop.sync.exchange import export_bundle
            from sen_desktop.sync.keys import SyncKeys

            keys = SyncKeys(session.data_dir)
            return export_bundle(
                session.db.session_factory, path, keys, passphrase=phrase, profile=profile
            )

        def done(result: Any) -> None:
            who = f"for {result.recipient}" if result.recipient else "of everything"
            self.status_message.emit(
                f"Wrote {result.path.name}: {result.operations:,} operations {who}."
            )
            self.reload()

        self._runner.run(work, done, self._failed, owner=self)

    def import_bundle(self) -> None:
        path = sync_dialogs.ask_open_path(self)
        if path is not None:
            self.preview(path)

    def preview(self, path: Path, accept_future: bool = False) -> None:
        """A dry run of importing ``path``, shown with Apply / Cancel. A bundle stamped
        more than a day ahead of this laptop's clock is held: the person is asked to
        check both clocks and may import it anyway."""
        if self._session is None or self._runner is None:
            return
        session, phrase = self._session, self._passphrase

        def work() -> Any:
            from sen_desktop.sync.exchange import import_bundle
            from sen_desktop.sync.keys import SyncKeys

            keys = SyncKeys(session.data_dir)
            return import_bundle(
                session.db.session_factory,
                path,
                keys,
                passphrase=phrase,
                dry_run=True,
                accept_future=accept_future,
            )

        def done(result: Any) -> None:
            if result.already_imported:
                self.status_message.emit(result.summary())
                self._failed(_Sentence(result.summary()))
                return
            dialog = sync_dialogs.ImportPreviewDialog(result, path, self)
            dialog.accepted.connect(lambda: self.apply(path, accept_future))
            self._open(dialog)

        def failed(error: Exception) -> None:
            from sen_desktop.sync.exchange import FutureBundleError

            if isinstance(error, FutureBundleError) and not accept_future:
                self._confirm_future(path)
            else:
                self._failed(error)

        self._runner.run(work, done, failed, owner=self)

    def _confirm_future(self, path: Path) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Bundle stamped ahead",
            f"{path.name} is stamped more than a day ahead of this laptop's clock, so it "
            "is held. If the other laptop's clock is wrong, its changes would win over "
            "later ones made here. Check the date and time on both laptops before you "
            "import it.",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setAccessibleName("Bundle stamped ahead")
        anyway = box.addButton("&Import anyway…", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        anyway.clicked.connect(lambda: self.preview(path, accept_future=True))
        self._open(box)

    def apply(self, path: Path, accept_future: bool = False) -> None:
        if self._session is None or self._runner is None:
            return
        session, phrase = self._session, self._passphrase

        def work() -> Any:
            from sen_desktop.sync.exchange import import_bundle
            from sen_desktop.sync.keys import SyncKeys

            keys = SyncKeys(session.data_dir)
            return import_bundle(
                session.db.session_factory,
                path,
                keys,
                passphrase=phrase,
                accept_future=accept_future,
            )

        def done(result: Any) -> None:
            self.status_message.emit(result.summary())
            self.imported.emit()
            self.reload()

        self._runner.run(work, done, self._failed, owner=self)


class _Sentence(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
