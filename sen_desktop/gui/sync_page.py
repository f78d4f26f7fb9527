"""The Exchange page: this laptop's key, profiles, known laptops, pending, and the
Set passphrase / Export for / Import bundle commands (sync-by-export)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.gui import sync_dialogs

if TYPE_CHECKING:
    from sen_desktop.gui.session import OpenProgramme
    from sen_desktop.gui.tasks import TaskRunner


@dataclass(frozen=True, slots=True)
class ProfileRow:
    name: str
    groups: str
    contacts: bool
    confidential: bool
    last_exchange: str
    pending: int


@dataclass(frozen=True, slots=True)
class PeerRow:
    name: str
    fingerprint: str
    last_import: str
    last_export: str


@dataclass(frozen=True, slots=True)
class SyncOverview:
    fingerprint: str | None  # None until the passphrase is set
    passphrase_set: bool
    warning: str | None
    profiles: tuple[ProfileRow, ...]
    peers: tuple[PeerRow, ...]
    rows_waiting: int
    conflicts: int


def _when(text: str | None) -> str:
    if not text:
        return "never"
    return text.replace("T", " ")[:16] + " UTC"


def sync_overview(session: OpenProgramme, passphrase: str | None = None) -> SyncOverview:
    """Everything the page shows, read on the worker (``passphrase`` where there is no
    keyring and the person typed it this session)."""
    from sqlalchemy import func, select

    from sen_desktop.core.errors import ValidationError
    from sen_desktop.core.signing import fingerprint
    from sen_desktop.core.store.models import SyncPeer, SyncPending, SyncProfile
    from sen_desktop.core.store.oplog import local_site_id
    from sen_desktop.sync.keys import SyncKeys
    from sen_desktop.sync.merge import conflicts, ops_since
    from sen_desktop.sync.scope import filter_ops, profile_of, scope_for

    keys = SyncKeys(session.data_dir)
    with session.db.session_factory.begin() as s:
        site_id = local_site_id(s)
        try:
            programme_key: bytes | None = keys.programme_key(passphrase)
        except ValidationError:
            programme_key = None
        own_print = (
            keys.laptop_key(site_id, programme_key).fingerprint if programme_key else None
        )
        peers_rows = s.scalars(select(SyncPeer).order_by(SyncPeer.name)).all()
        by_name = {p.name.lower(): p for p in peers_rows if p.name}
        profiles = []
        for row in s.scalars(select(SyncProfile).order_by(SyncProfile.name)).all():
            profile = profile_of(row)
            pending = len(filter_ops(scope_for(s, profile), ops_since(s, profile.acknowledged)))
            peer = by_name.get(profile.name.lower())
            last = max(
                (t for t in (peer.last_import_at, peer.last_export_at) if t), default=None
            ) if peer is not None else None
            profiles.append(
                ProfileRow(
                    profile.name, ", ".join(profile.group_codes), profile.contacts,
                    profile.confidential, _when(last), pending,
                )
            )
        peers = tuple(
            PeerRow(
                p.name or f"laptop {p.site_id[:8]}",
                fingerprint(p.public_key),
                _when(p.last_import_at),
                _when(p.last_export_at),
            )
            for p in peers_rows
            if p.site_id != site_id
        )
        waiting = s.scalar(select(func.count()).select_from(SyncPending)) or 0
        conflict_count = len(conflicts(s))
    return SyncOverview(
        own_print, programme_key is not None, keys.warning, tuple(profiles), peers,
        int(waiting), conflict_count,
    )


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(value))


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

        title = QLabel("<h2>Exchange</h2>")
        self.laptop_label = QLabel("Loading…")
        self.laptop_label.setAccessibleName("This laptop")
        self.laptop_label.setWordWrap(True)
        self.warning_label = QLabel("")
        self.warning_label.setAccessibleName("Keyring warning")
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #8a4b00;")
        self.warning_label.hide()

        self.passphrase_button = QPushButton("Set &passphrase…")
        self.export_button = QPushButton("&Export for…")
        self.import_button = QPushButton("&Import bundle…")
        buttons = QHBoxLayout()
        for button in (self.passphrase_button, self.export_button, self.import_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.passphrase_button.clicked.connect(self.set_passphrase)
        self.export_button.clicked.connect(self.export_for)
        self.import_button.clicked.connect(self.import_bundle)

        self.profiles = _table(
            "Export profiles",
            ["Profile", "Groups", "Contacts", "Confidential", "Last exchange",
             "Changes not yet acknowledged"],
        )
        self.profiles_empty = QLabel(
            "No export profiles yet. A profile names the groups a recipient laptop may see; "
            "add one with `sen-desktop bundle profile add`. Export for… Everything needs none."
        )
        self.profiles_empty.setWordWrap(True)
        self.peers = _table(
            "Known laptops", ["Laptop", "Key fingerprint", "Last import", "Last export"]
        )
        self.peers_empty = QLabel(
            "No bundles exchanged yet: a laptop appears here after its first bundle is imported."
        )
        self.peers_empty.setWordWrap(True)
        self.pending_label = QLabel("")
        self.pending_label.setAccessibleName("Pending")
        self.pending_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.laptop_label)
        layout.addWidget(self.warning_label)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("<b>Export profiles</b>"))
        layout.addWidget(self.profiles_empty)
        layout.addWidget(self.profiles, 1)
        layout.addWidget(QLabel("<b>Known laptops</b>"))
        layout.addWidget(self.peers_empty)
        layout.addWidget(self.peers, 1)
        layout.addWidget(QLabel("<b>Pending</b>"))
        layout.addWidget(self.pending_label)
        layout.addStretch(1)  # the words stay together when the tables are hidden

    # --- loading ----------------------------------------------------------------------

    def open(self, runner: TaskRunner, session: OpenProgramme) -> None:
        self._runner, self._session = runner, session
        self.reload()

    def reload(self) -> None:
        if self._runner is None or self._session is None:
            return
        session, phrase = self._session, self._passphrase
        self._runner.run(lambda: sync_overview(session, phrase), self._show, owner=self)

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
        _fill(self.profiles, [
            [p.name, p.groups, "yes" if p.contacts else "no",
             "yes" if p.confidential else "no", p.last_exchange, f"{p.pending:,}"]
            for p in overview.profiles
        ])
        self.profiles.setVisible(bool(overview.profiles))
        self.profiles_empty.setVisible(not overview.profiles)
        _fill(self.peers, [
            [p.name, p.fingerprint, p.last_import, p.last_export] for p in overview.peers
        ])
        self.peers.setVisible(bool(overview.peers))
        self.peers_empty.setVisible(not overview.peers)
        waiting = overview.rows_waiting
        conflicts = overview.conflicts
        self.pending_label.setText(
            f"{waiting:,} {'row' if waiting == 1 else 'rows'} waiting for their parent rows "
            "to arrive; "
            f"{conflicts:,} conflicting {'field' if conflicts == 1 else 'fields'} to resolve "
            "(see Conflicts)."
        )
        self.loaded.emit()

    # --- commands ---------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.open()
        return dialog

    def _failed(self, error: Exception) -> None:
        message = getattr(error, "message", None) or str(error)
        self.status_message.emit(message)
        from PySide6.QtWidgets import QMessageBox

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

    def preview(self, path: Path) -> None:
        """A dry run of importing ``path``, shown with Apply / Cancel."""
        if self._session is None or self._runner is None:
            return
        session, phrase = self._session, self._passphrase

        def work() -> Any:
            from sen_desktop.sync.exchange import import_bundle
            from sen_desktop.sync.keys import SyncKeys

            keys = SyncKeys(session.data_dir)
            return import_bundle(
                session.db.session_factory, path, keys, passphrase=phrase, dry_run=True
            )

        def done(result: Any) -> None:
            if result.already_imported:
                self.status_message.emit(result.summary())
                self._failed(_Sentence(result.summary()))
                return
            dialog = sync_dialogs.ImportPreviewDialog(result, path, self)
            dialog.accepted.connect(lambda: self.apply(path))
            self._open(dialog)

        self._runner.run(work, done, self._failed, owner=self)

    def apply(self, path: Path) -> None:
        if self._session is None or self._runner is None:
            return
        session, phrase = self._session, self._passphrase

        def work() -> Any:
            from sen_desktop.sync.exchange import import_bundle
            from sen_desktop.sync.keys import SyncKeys

            keys = SyncKeys(session.data_dir)
            return import_bundle(session.db.session_factory, path, keys, passphrase=phrase)

        def done(result: Any) -> None:
            self.status_message.emit(result.summary())
            self.imported.emit()
            self.reload()

        self._runner.run(work, done, self._failed, owner=self)


class _Sentence(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
