# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot carries no type hints.)
"""Pull the plug mid-typing: the program is killed (SIGKILL, no chance to save) while a
secretary types minutes without pausing. After a restart, everything typed up to a
second before the kill is there, nothing that was never typed is, and the window opens
on the item being minuted with the cursor at the end of its discussion."""

from __future__ import annotations

import datetime as dt
import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from sen_desktop.core.meetings.service import MeetingService
from sen_desktop.core.minutes.service import MinutesService
from sen_desktop.core.programme import seed
from sen_desktop.core.store.datafolder import open_programme

if TYPE_CHECKING:
    from collections.abc import Callable

    from pytestqt.qtbot import QtBot

    from sen_desktop.gui.shell.window import MainWindow

TYPIST = Path(__file__).with_name("kill_typist.py")
#: One chunk of a few characters every 120 ms: steady typing that never pauses long
#: enough for the pause timer, so only the latency bound saves it.
INTERVAL_MS = 120
KILL_AFTER_CHUNKS = 30
#: The promise under test: at most the last second of typing is lost.
LOSS_BOUND_S = 1.0

TEXT = (
    "Ms Okafor introduced the outreach paper. Members asked how special schools "
    "would share staff with mainstream colleagues, and whether the twelve districts "
    "would each have a lead school. The Chair said that the working group would "
    "return to the costs at its next meeting, with figures from every district. "
)


def make_meeting(data_dir: Path) -> str:
    db = open_programme(data_dir)
    try:
        meetings = MeetingService(db.session_factory)
        detail = meetings.schedule(seed.group_id("BESD"), dt.date(2010, 10, 6))
        meetings.add_agenda_item(detail.id, "Reports of the working parties")
        item = meetings.add_agenda_item(detail.id, "Outreach from special schools")
        return item.id
    finally:
        db.close()


def saved_text(data_dir: Path, item_id: str) -> str:
    db = open_programme(data_dir)
    try:
        return MinutesService(db.session_factory).text(item_id)
    finally:
        db.close()


def _lines(stream: object, into: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.put(line.strip())


def test_killed_mid_typing_loses_at_most_the_last_second(
    qtbot: QtBot, data_dir: Path, tmp_path: Path, open_window: Callable[..., MainWindow]
) -> None:
    item_id = make_meeting(data_dir)
    chunks = [word + " " for word in (TEXT * 3).split()]
    script = "".join(chunks)
    chunks_file = tmp_path / "chunks.json"
    chunks_file.write_text(json.dumps(chunks), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    log = (tmp_path / "typist.log").open("w")
    process = subprocess.Popen(
        [sys.executable, str(TYPIST), str(data_dir), str(tmp_path / "typist.ini"), item_id,
         str(chunks_file), str(INTERVAL_MS)],
        stdout=subprocess.PIPE, stderr=log, text=True, env=env,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True).start()
    typed: list[tuple[int, float]] = []  # (characters typed so far, when)
    try:
        while len(typed) < KILL_AFTER_CHUNKS:
            line = lines.get(timeout=120)
            if line.startswith("ready"):
                assert line == f"ready {item_id}"
            elif line.startswith("typed"):
                _, count, when = line.split()
                typed.append((int(count), float(when)))
            else:
                raise AssertionError(f"unexpected output from the typist: {line!r}")
        process.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no clean-up runs
        killed_at = time.monotonic()
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        log.close()

    saved = saved_text(data_dir, item_id)
    # Nothing that was not typed, nothing out of order: a prefix of what was typed.
    assert saved == script[: len(saved)]
    # Everything typed up to a second before the kill survived.
    safe = max((count for count, when in typed if when <= killed_at - LOSS_BOUND_S), default=0)
    assert safe > 0, "the typist was killed before it had typed for a second"
    assert len(saved) >= safe, (
        f"{len(saved)} characters saved, but {safe} had been typed a second before the kill"
    )

    # Restarted (with settings never written at exit): back on the same item, text and all.
    window = open_window()
    page = window.minutes_page
    qtbot.waitUntil(lambda: page.current_item_id() == item_id, timeout=30_000)
    assert window.current_view() == "minutes"
    assert page.editor.toPlainText() == saved
    # … with the cursor at the end of the discussion, so typing carries on from there.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.editor, timeout=30_000)
    assert page.editor.textCursor().position() == len(saved)
