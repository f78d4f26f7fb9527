"""When the window cannot open the data folder (a damaged database above all), the box
that says why also offers File ▸ Restore from backup… (issue 14).

A secretary who never opens a terminal is otherwise stuck: the message says "restore
the latest copy", and the program ends. Where the folder has backups (and no other copy
of the program holds it), the box has **Restore from backup…** beside **Close**: the
window shows again, with nothing open, and lists the backups; a restore opens the
restored programme, and a refused or stopped one brings this box back (the window's
``open_failed`` fires again). Close ends the program as before (``give_up``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from PySide6.QtWidgets import QDialog

APP_NAME = "SEN Secretariat"


class RefusedWindow(Protocol):
    """What the box needs of the main window (gui/shell/window.py, lifecycle.py)."""

    data_dir: Path
    dialog: QDialog | None

    def restore_from_backup(self) -> None: ...

    def show(self) -> None: ...


def can_restore(data_dir: Path) -> bool:
    """The folder has backups and no other copy of the program holds it."""
    from sen_desktop.core.store.datafolder import folder_in_use
    from sen_desktop.core.store.restore import backups_of

    return not folder_in_use(data_dir) and bool(backups_of(data_dir)[1])


def offer_restore(
    window: RefusedWindow, message: str, give_up: Callable[[], None]
) -> QMessageBox:
    """The refusal ``message`` in a box; Close calls ``give_up``, Restore from backup…
    (offered where ``can_restore``) shows the window's list of backups."""
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, message,
                      QMessageBox.StandardButton.NoButton, None)
    box.setAccessibleName(APP_NAME)
    box.setAccessibleDescription(message)
    restore = None
    if can_restore(window.data_dir):
        box.setInformativeText("You can go back to one of this laptop's backups.")
        restore = box.addButton("&Restore from backup…", QMessageBox.ButtonRole.AcceptRole)
        restore.setAccessibleName("Restore from backup")
    close = box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(restore or close)
    box.setEscapeButton(close)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def answered() -> None:
        if restore is not None and box.clickedButton() is restore:
            window.show()
            window.restore_from_backup()
        else:
            give_up()

    box.finished.connect(answered)
    window.dialog = box
    box.open()
    return box


__all__ = ["can_restore", "offer_restore"]
