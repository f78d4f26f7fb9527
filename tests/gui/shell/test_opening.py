# mypy: disable-error-code="no-untyped-call"
"""Opening a data folder whose database must be updated shows what is being done, with
Cancel; a cancelled opening says so and leaves the folder to be opened another time."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from sen_desktop.gui.shell import opening
from sen_desktop.gui.shell.window import MainWindow

if TYPE_CHECKING:
    import pytest
    from pytestqt.qtbot import QtBot

    from sen_desktop.core.progress import Progress
    from sen_desktop.gui.shell.session import OpenProgramme

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
WAIT_MS = 60_000


def test_updating_an_older_database_shows_the_strip_then_opens(
    qtbot: QtBot, data_dir: Path
) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "schema-0005.sqlite3", data_dir / "sen.sqlite3")
    window = MainWindow(data_dir, settings=None, view="programme")
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.opened, timeout=WAIT_MS):
        window.start()
    strip = window.opening.strip
    assert strip is not None and strip.reports > 0, "the migration reported its steps"
    assert not strip.isVisible()  # gone once the programme is open
    assert strip.bar.accessibleName().startswith("Progress: Opening the programme")
    window.close()


def test_cancel_while_opening_says_so_and_opens_nothing(
    qtbot: QtBot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cancel_pressed = threading.Event()

    def slow_open(folder: Path, progress: Progress) -> OpenProgramme:
        progress.step(0, 2, "Updating the database to this version")
        cancel_pressed.wait(30)
        progress.step(1, 2, "Updating the database to this version")  # raises Cancelled
        raise AssertionError("the opening went on after Cancel")

    monkeypatch.setattr(opening, "open_programme_services", slow_open)
    window = MainWindow(data_dir, settings=None)
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.opening.strip is not None
                    and window.opening.strip.isVisible(), timeout=WAIT_MS)
    strip = window.opening.strip
    assert strip is not None
    assert "Updating the database" in strip.text.text()
    with qtbot.waitSignal(window.open_failed, timeout=WAIT_MS) as failed:
        qtbot.mouseClick(strip.cancel_button, Qt.MouseButton.LeftButton)
        cancel_pressed.set()
    message = failed.args[0]
    assert "stopped before anything was changed" in message and str(data_dir) in message
    assert window.session is None and not strip.isVisible()
    window.close()
