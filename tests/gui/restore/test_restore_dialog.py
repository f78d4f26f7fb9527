# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot carries no type hints.)
"""File ▸ Restore from backup…, driven from the keyboard: the list of backups (newest
first, dates, kinds and sizes, names a screen reader reads), the confirmation naming what
is kept aside, the restore with progress and Cancel on the worker, and the message
saying what happens next (gui/restore/).

The host here is a small window with the main window's three restore hooks over a real
data folder (``close_programme`` closes the database on the worker, ``reopen_programme``
opens it again), so these tests see exactly what the dialog asks of the window."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
from typing import TYPE_CHECKING, Any

import pytest
from gui_helpers import read_out
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from sen_desktop.core.store.backups import BackupInfo, list_backups, make_backup
from sen_desktop.core.store.database import SCHEMA_REVISION
from sen_desktop.core.store.models import Person
from sen_desktop.gui.common.progress import ProgressDialog
from sen_desktop.gui.common.tasks import TaskRunner
from sen_desktop.gui.restore.dialog import RestoreDialog, open_restore_dialog
from sen_desktop.gui.restore.flow import STOPPED

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from PySide6.QtWidgets import QDialog
    from pytestqt.qtbot import QtBot
    from store_helpers import Store

    from sen_desktop.core.store.database import Database

WAIT_MS = 30_000


class Host(QMainWindow):
    """The main window's restore hooks (gui/restore/flow.py RestoreHost) over a folder."""

    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.runner = TaskRunner(self)
        self.dialog: QDialog | None = None
        self.db: Database | None = None
        self.closes = self.opens = 0
        self.reopen_programme()

    def close_programme(self, closed: Callable[[], None]) -> bool:
        db, self.db = self.db, None
        self.closes += 1
        self.runner.run(lambda: db.close() if db is not None else None,
                        lambda _none: closed())
        return True

    def reopen_programme(self) -> None:
        from sen_desktop.sync.laptop import open_laptop

        def opened(db: Database) -> None:
            self.db = db
            self.opens += 1

        self.runner.run(lambda: open_laptop(self.data_dir), opened)

    def shut(self) -> None:
        db = self.db
        self.runner.shutdown(lambda: db.close() if db is not None else None)


@pytest.fixture
def host(qtbot: QtBot, store: Store) -> Iterator[Host]:
    store.db.close()  # the host opens the folder itself, taking its lock
    window = Host(store.data_dir)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.db is not None, timeout=WAIT_MS)
    yield window
    window.shut()


def add_person(store: Store, name: str) -> None:
    with store.session_factory.begin() as session:
        session.add(Person(full_name=name))


def names(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {row[0] for row in connection.execute("SELECT full_name FROM person")}


def backup_at(store: Store, hours_ago: int) -> BackupInfo:
    made = make_backup(store.path, store.data_dir / "backups", kind="manual",
                       revision=SCHEMA_REVISION)
    when = (dt.datetime.now() - dt.timedelta(hours=hours_ago)).timestamp()
    os.utime(made.path, (when, when))
    return next(b for b in list_backups(store.path, made.path.parent) if b.path == made.path)


@pytest.fixture
def store(store: Store) -> Store:
    """The store with an older backup ("Ada Older"), a newer one ("Bea Newer" too) and
    "Cy Latest" since."""
    add_person(store, "Ada Older")
    backup_at(store, 30)
    add_person(store, "Bea Newer")
    backup_at(store, 2)
    add_person(store, "Cy Latest")
    return store


def listed(qtbot: QtBot, host: Host) -> RestoreDialog:
    dialog = open_restore_dialog(host)
    qtbot.waitUntil(lambda: dialog.restore_button.isEnabled(), timeout=WAIT_MS)
    return dialog


def confirmation(qtbot: QtBot, dialog: RestoreDialog) -> QMessageBox:
    qtbot.waitUntil(lambda: dialog.confirmation is not None and dialog.confirmation.isVisible(),
                    timeout=WAIT_MS)
    box = dialog.confirmation
    assert box is not None
    box.activateWindow()  # as the desktop does for a new dialog (offscreen does not)
    qtbot.waitUntil(box.isActiveWindow, timeout=WAIT_MS)
    return box


def outcome_message(qtbot: QtBot, host: Host) -> QMessageBox:
    """The message the restore ends with, once the folder is open again."""
    qtbot.waitUntil(lambda: isinstance(host.dialog, QMessageBox) and host.db is not None,
                    timeout=WAIT_MS)
    assert isinstance(host.dialog, QMessageBox)
    return host.dialog


def test_the_list_is_newest_first_with_dates_kinds_sizes(qtbot: QtBot, host: Host) -> None:
    dialog = listed(qtbot, host)
    model = dialog.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == [
        "Taken", "Kind", "Size"]
    found = list_backups(host.data_dir / "sen.sqlite3", host.data_dir / "backups")
    assert [model.record(r) for r in range(model.rowCount())] == found
    # Today's daily backup (taken when the folder opened), then the two made on request.
    assert [b.kind for b in found] == ["daily", "manual", "manual"]
    newest = found[1]
    row = [model.index(1, c).data() for c in range(3)]
    assert row[0] == newest.taken.strftime("%-d %b %Y, %H:%M")
    assert row[1] == "Made on request" and row[2].endswith(("KB", "MB"))
    assert model.index(0, 1).data() == "Daily"
    spoken = model.index(1, 0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == f"made on request backup taken {row[0]}, {row[2]}"
    # The keyboard is in the list, on the newest backup; every label reads as shown.
    assert QApplication.focusWidget() is dialog.table
    assert dialog.table.currentIndex().row() == 0
    assert dialog.table.accessibleName() == "Backups"
    assert dialog.status.text() == f"3 backups in {host.data_dir / 'backups'}."
    assert read_out(dialog) == []


def test_no_backups_yet_says_so(qtbot: QtBot, host: Host) -> None:
    for found in (host.data_dir / "backups").iterdir():
        found.unlink()
    dialog = open_restore_dialog(host)
    words = f"There are no backups in {host.data_dir / 'backups'} yet."
    qtbot.waitUntil(lambda: dialog.status.text() == words, timeout=WAIT_MS)
    assert not dialog.restore_button.isEnabled()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)


def test_restore_the_older_backup_from_the_keyboard(
    qtbot: QtBot, host: Host, store: Store
) -> None:
    dialog = listed(qtbot, host)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)  # past today's and the newer one
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    box = confirmation(qtbot, dialog)
    assert "Restore the backup taken on " in box.text()
    assert f"kept aside in {host.data_dir}" in box.informativeText()
    assert "sen.sqlite3.before-restore-" in box.informativeText()
    assert box.defaultButton() is box.escapeButton()  # Enter alone restores nothing
    qtbot.keyClick(box, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)

    message = outcome_message(qtbot, host)
    assert message.text().startswith("Restored the backup taken on ")
    assert "kept as" in message.text()
    assert "not in the restored copy" in message.informativeText()  # it does not exchange
    assert host.closes == 1 and host.opens == 2
    assert "Ada Older" in names(store.path)
    assert not names(store.path) & {"Bea Newer", "Cy Latest"}
    kept = [p for p in host.data_dir.iterdir() if ".before-restore-" in p.name]
    assert len(kept) == 1 and "Cy Latest" in names(kept[0])
    qtbot.keyClick(message, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not message.isVisible(), timeout=WAIT_MS)


def test_cancel_at_the_confirmation_changes_nothing(
    qtbot: QtBot, host: Host, store: Store
) -> None:
    before = store.path.read_bytes()
    dialog = listed(qtbot, host)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    box = confirmation(qtbot, dialog)
    qtbot.keyClick(box, Qt.Key.Key_Return)  # the default: Cancel
    qtbot.waitUntil(lambda: dialog.confirmation is None, timeout=WAIT_MS)
    assert dialog.isVisible() and host.closes == 0
    assert store.path.read_bytes() == before


def test_a_damaged_backup_is_refused_and_the_programme_reopens(
    qtbot: QtBot, host: Host, store: Store
) -> None:
    newest = list_backups(store.path, host.data_dir / "backups")[0]  # today's
    newest.path.write_bytes(newest.path.read_bytes()[:300])
    os.utime(newest.path, (newest.taken.timestamp(), newest.taken.timestamp()))
    dialog = listed(qtbot, host)
    dialog.restore_button.click()
    qtbot.keyClick(confirmation(qtbot, dialog), Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    message = outcome_message(qtbot, host)
    assert message.text() == (f"The backup {newest.path.name} is damaged, so nothing was "
                              "restored; choose an older one.")
    assert host.opens == 2 and "Cy Latest" in names(store.path)
    assert not [p for p in host.data_dir.iterdir() if ".before-restore-" in p.name]


def test_cancel_during_the_restore_stops_it_with_nothing_changed(
    qtbot: QtBot, host: Host, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sen_desktop.sync import fence

    real = fence.restore_laptop
    waiting = threading.Event()

    def held(data_dir: Path, backup: Any, progress: Any) -> Any:
        # Reading a backup is quick here: hold the restore at its first step until Cancel.
        progress.step(0, 0, "Reading the backup")
        waiting.set()
        for _ in range(3000):
            if progress.cancelled:
                break
            threading.Event().wait(0.01)
        return real(data_dir, backup, progress)

    monkeypatch.setattr(fence, "restore_laptop", held)
    before = store.path.read_bytes()
    dialog = listed(qtbot, host)
    dialog.restore_button.click()
    qtbot.keyClick(confirmation(qtbot, dialog), Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(waiting.is_set, timeout=WAIT_MS)
    progress = next(w for w in host.findChildren(ProgressDialog) if w.isVisible())
    assert progress.cancel_button.accessibleName() == "Cancel: Restoring the backup:"
    qtbot.keyClick(progress.cancel_button, Qt.Key.Key_Escape)
    message = outcome_message(qtbot, host)
    assert message.text() == STOPPED
    assert store.path.read_bytes() == before
    assert not [p for p in host.data_dir.iterdir()
                if ".restoring" in p.name or ".before-restore-" in p.name]


def test_a_full_disk_is_one_sentence(
    qtbot: QtBot, host: Host, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from sen_desktop.core.store.failures import describe_failure
    from sen_desktop.sync import fence

    full = OSError(errno.ENOSPC, "No space left on device")

    def no_room(*_args: Any) -> Any:
        raise full

    monkeypatch.setattr(fence, "restore_laptop", no_room)
    dialog = listed(qtbot, host)
    dialog.restore_button.click()
    qtbot.keyClick(confirmation(qtbot, dialog), Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    message = outcome_message(qtbot, host)
    # One sentence naming the cause (the task runner words it: core/store/failures.py).
    assert message.text() in (describe_failure(full), describe_failure(full, path=host.data_dir))
    assert "is full" in message.text() and host.opens == 2


def test_other_file_restores_a_backup_kept_elsewhere(
    qtbot: QtBot, host: Host, store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import shutil

    from PySide6.QtWidgets import QFileDialog

    oldest = list_backups(store.path, host.data_dir / "backups")[-1]  # "Ada Older" only
    usb = tmp_path / "usb"
    usb.mkdir()
    copy = usb / oldest.path.name
    shutil.copyfile(oldest.path, copy)
    asked: list[str] = []

    def choose(_parent: object, caption: str, _folder: str, _filter: str) -> tuple[str, str]:
        asked.append(caption)
        return str(copy), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    dialog = listed(qtbot, host)
    qtbot.keyClick(dialog.table, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    box = confirmation(qtbot, dialog)
    assert asked == ["Restore from a backup file"]
    assert box.text() == f"Restore {copy.name}, from {usb}?"
    qtbot.keyClick(box, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    message = outcome_message(qtbot, host)
    assert message.text().startswith("Restored the backup taken on ")
    assert "Ada Older" in names(store.path) and "Bea Newer" not in names(store.path)
    assert copy.exists()
