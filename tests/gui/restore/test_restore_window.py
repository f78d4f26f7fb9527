# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot carries no type hints.)
"""File ▸ Restore from backup… in the main window, end to end from the keyboard: the
window puts its programme away, the restore runs, the window opens the restored
database again with its pages afresh, and a message says what happens next."""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

from gui_helpers import on_worker, people_service
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from sen_desktop.core.store.backups import make_backup
from sen_desktop.core.store.database import SCHEMA_REVISION
from sen_desktop.core.store.models import Person
from sen_desktop.gui.restore.dialog import RestoreDialog

if TYPE_CHECKING:
    from collections.abc import Callable

    from pytestqt.qtbot import QtBot
    from store_helpers import Store

    from sen_desktop.gui.shell.window import MainWindow

WAIT_MS = 60_000


def test_restore_from_the_file_menu_reopens_the_restored_programme(
    qtbot: QtBot, store: Store, open_window: Callable[..., MainWindow]
) -> None:
    with store.session_factory.begin() as session:
        session.add(Person(full_name="Ada Kept"))
    made = make_backup(store.path, store.data_dir / "backups", kind="manual",
                       revision=SCHEMA_REVISION)
    yesterday = (dt.datetime.now() - dt.timedelta(days=1)).timestamp()
    os.utime(made.path, (yesterday, yesterday))  # older than the day's backup at open
    with store.session_factory.begin() as session:
        session.add(Person(full_name="Bea Since"))
    store.db.close()
    window = open_window(view="people")
    qtbot.waitUntil(lambda: window.current_view() == "people", timeout=WAIT_MS)
    people_before = window.people_page

    window.menu_actions.restore_backup.trigger()
    dialog = window.dialog
    assert isinstance(dialog, RestoreDialog)
    qtbot.waitUntil(dialog.restore_button.isEnabled, timeout=WAIT_MS)
    paths = [backup.path for backup in dialog.model.records()]
    assert made.path in paths  # below the day's backup taken as the window opened
    for _ in range(paths.index(made.path)):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    chosen = dialog.chosen()
    assert chosen is not None and chosen.path == made.path
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.confirmation is not None, timeout=WAIT_MS)
    box = dialog.confirmation
    assert box is not None
    box.activateWindow()
    qtbot.waitUntil(box.isActiveWindow, timeout=WAIT_MS)
    with qtbot.waitSignal(window.opened, timeout=WAIT_MS):
        qtbot.keyClick(box, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)

    qtbot.waitUntil(lambda: isinstance(window.dialog, QMessageBox), timeout=WAIT_MS)
    message = window.dialog
    assert isinstance(message, QMessageBox)
    assert message.text().startswith("Restored the backup taken on ")
    assert "before-restore-" in message.text()
    names = {p.full_name for p in on_worker(qtbot, window, people_service(window).list_people)}
    assert "Ada Kept" in names and "Bea Since" not in names
    # The pages were built afresh on the restored database.
    window.go("people")
    assert window.people_page is not people_before
    assert window.menu_actions.new_person.isEnabled()
