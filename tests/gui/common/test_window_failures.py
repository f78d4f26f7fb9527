# mypy: disable-error-code="no-untyped-call"
"""The window on a read-only data folder or database file: one sentence where the
traceback was, and the folder left as it was."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from failure_helpers import (
    add_person,
    assert_no_personal_data,
    folder_state,
    read_only,
    refusing_writes,
)

from sen_desktop.core.store.datafolder import open_programme
from sen_desktop.gui.shell.window import MainWindow

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

WAIT_MS = 60_000


@pytest.fixture
def programme(data_dir: Path) -> Path:
    db = open_programme(data_dir)
    try:
        add_person(db.session_factory)
    finally:
        db.close()
    return data_dir


@pytest.mark.parametrize("what", ["folder", "database file"])
def test_the_window_refuses_a_read_only_data_folder_or_file_in_one_sentence(
    qtbot: QtBot, programme: Path, what: str, caplog: pytest.LogCaptureFixture
) -> None:
    target = programme if what == "folder" else programme / "sen.sqlite3"
    before = folder_state(programme)
    # The worker thread the window opens the folder on is started inside the block, so
    # it too honours the modes even as root (tests/failure_helpers.py).
    with read_only(target), refusing_writes():
        window = MainWindow(programme, settings=None)
        qtbot.addWidget(window)
        window.show()
        with qtbot.waitSignal(window.open_failed, timeout=WAIT_MS) as failed:
            window.start()
        window.close()
    message = failed.args[0]
    start = "The data folder" if what == "folder" else "The database file"
    assert message.startswith(f"{start} {target} is read-only"), message
    assert "\n" not in message and "damaged" not in message
    assert_no_personal_data(message, caplog.text)
    assert folder_state(programme) == before
