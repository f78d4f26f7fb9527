"""Fixtures for driving the window: a settings file per test and an opened window.

Qt is imported at the top on purpose: if it cannot load, these tests fail rather than
skip (docs/contributing.md, rule 9).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
import shiboken6
from PySide6.QtCore import QSettings

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from sen_desktop.gui.shell.window import MainWindow

OPEN_TIMEOUT_MS = 60_000


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    # A file of its own: QSettings() would share one store across the whole session.
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def open_window(
    qtbot: QtBot, data_dir: Path, settings: QSettings
) -> Iterator[Callable[..., MainWindow]]:
    """Start a main window on ``data_dir`` and wait until the programme is open."""
    # Imported here: a test of one widget needs neither the window nor its services.
    from sen_desktop.gui.shell.window import MainWindow

    windows: list[MainWindow] = []

    def start(**kwargs: Any) -> MainWindow:
        window = MainWindow(data_dir, settings=settings, **kwargs)
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        with qtbot.waitSignal(window.opened, timeout=OPEN_TIMEOUT_MS):
            window.start()
        return window

    yield start
    for window in windows:
        # Closing a window with unsaved minutes runs a short event loop, which may carry
        # out another window's deferred delete first.
        if shiboken6.isValid(window):
            window.close()  # releases the data folder even when a test failed midway
