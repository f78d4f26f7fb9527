"""One copy of the window per data folder: asked before the window is built.

The data folder's lock is an operating-system lock on ``sen.lock``
(``core.datafolder.DataFolder.lock``), taken when the database opens on the worker. A
second copy started on the same folder would build and show a whole window before that
refusal arrived, then tell a window user to use ``--data-dir``. ``folder_in_use`` takes
and at once releases the same lock before any window exists, so the second copy shows
one message box, in the words of the window, and nothing else.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from sen_desktop.core.errors import StoreError
from sen_desktop.core.store.datafolder import DataFolder

if TYPE_CHECKING:
    from pathlib import Path


def folder_in_use(data_dir: Path) -> bool:
    """True if another copy of the program holds ``data_dir``'s lock right now.

    A folder that cannot be created or opened is not "in use": opening it reports that
    in its own words."""
    try:
        folder = DataFolder(data_dir)
    except StoreError:
        return False
    if not folder.lock_path.exists():
        return False  # nobody has ever opened it, so nobody holds it
    try:
        folder.lock()
    except StoreError:
        return _refused_by_lock(folder)
    folder.unlock()
    return False


def _refused_by_lock(folder: DataFolder) -> bool:
    # lock() refuses for two reasons: the file cannot be opened (permissions), or the
    # lock is held. Only the second means another copy is running.
    try:
        fd = os.open(folder.lock_path, os.O_RDWR)
    except OSError:
        return False
    os.close(fd)
    return True


def in_use_message(data_dir: Path) -> str:
    """What the second copy says: one message box, in window words."""
    return (
        "SEN Secretariat is already open on this computer, using the same data folder "
        f"({data_dir}). Switch to that window (look for it on the taskbar), or close it "
        "and start SEN Secretariat again. Two copies cannot work on the same data at once."
    )
