# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot carries no type hints.)
"""The issue's case in the window: the database is damaged (a crash left a -wal beside a
cut-short file), opening refuses it, and the box that says so offers Restore from
backup…; the restore puts a good copy back and the window opens it (gui/restore/refusal.py)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from sen_desktop.core.store.backups import make_backup
from sen_desktop.core.store.database import SCHEMA_REVISION
from sen_desktop.core.store.datafolder import DataFolder
from sen_desktop.core.store.models import Person
from sen_desktop.gui.restore.dialog import RestoreDialog
from sen_desktop.gui.restore.refusal import offer_restore

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QWidget
    from pytestqt.qtbot import QtBot
    from store_helpers import Store

    from sen_desktop.gui.shell.window import MainWindow

WAIT_MS = 60_000


def damage(store: Store) -> None:
    """Cut the database short and leave a -wal beside it, as a crash and a bad disk might."""
    store.db.close()
    data = store.path.read_bytes()
    store.path.write_bytes(data[: len(data) // 2])
    store.path.with_name(store.path.name + "-wal").write_bytes(b"\x37\x7f\x06\x82" + bytes(60))


def refused_window(
    qtbot: QtBot, store: Store, settings: QSettings, gave_up: list[bool]
) -> tuple[MainWindow, QMessageBox]:
    from sen_desktop.gui.shell.window import MainWindow

    window = MainWindow(store.data_dir, settings=settings)
    qtbot.addWidget(window)
    window.open_failed.connect(
        lambda message: offer_restore(window, message, lambda: gave_up.append(True)))
    window.show()
    window.start()
    qtbot.waitUntil(lambda: isinstance(window.dialog, QMessageBox), timeout=WAIT_MS)
    box = window.dialog
    assert isinstance(box, QMessageBox)
    activate(qtbot, box)
    return window, box


def activate(qtbot: QtBot, widget: QWidget) -> None:
    widget.activateWindow()  # as the desktop does for a new dialog (offscreen does not)
    qtbot.waitUntil(widget.isActiveWindow, timeout=WAIT_MS)


def names(store: Store) -> set[str]:
    with sqlite3.connect(store.path) as connection:
        return {row[0] for row in connection.execute("SELECT full_name FROM person")}


def test_a_damaged_database_is_restored_from_the_refusal(
    qtbot: QtBot, store: Store, settings: QSettings
) -> None:
    with store.session_factory.begin() as session:
        session.add(Person(full_name="Ada Kept"))
    make_backup(store.path, store.data_dir / "backups", kind="manual", revision=SCHEMA_REVISION)
    damage(store)
    gave_up: list[bool] = []
    window, box = refused_window(qtbot, store, settings, gave_up)
    assert "is damaged" in box.text()
    assert [b.text() for b in box.buttons()] == ["&Restore from backup…", "Close"]

    qtbot.keyClick(box, Qt.Key.Key_Return)  # the default: Restore from backup…
    qtbot.waitUntil(lambda: isinstance(window.dialog, RestoreDialog), timeout=WAIT_MS)
    dialog = window.dialog
    assert isinstance(dialog, RestoreDialog)
    qtbot.waitUntil(dialog.restore_button.isEnabled, timeout=WAIT_MS)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.confirmation is not None, timeout=WAIT_MS)
    confirm = dialog.confirmation
    assert confirm is not None
    activate(qtbot, confirm)
    with qtbot.waitSignal(window.opened, timeout=WAIT_MS):
        qtbot.keyClick(confirm, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)

    assert window.session is not None and not gave_up
    qtbot.waitUntil(lambda: isinstance(window.dialog, QMessageBox)
                    and window.dialog.text().startswith("Restored"), timeout=WAIT_MS)
    window.close()  # the database closes and the folder is free to read
    assert "Ada Kept" in names(store)
    kept = [p for p in store.data_dir.iterdir() if ".before-restore-" in p.name]
    assert kept, "the damaged database is kept aside, not deleted"


def test_close_gives_up_and_no_offer_without_backups(
    qtbot: QtBot, store: Store, settings: QSettings
) -> None:
    damage(store)
    gave_up: list[bool] = []
    _window, box = refused_window(qtbot, store, settings, gave_up)
    assert [b.text() for b in box.buttons()] == ["Close"]
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: gave_up == [True], timeout=WAIT_MS)
    assert DataFolder(store.data_dir).database_path.exists()  # left as it was
