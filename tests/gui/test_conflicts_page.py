"""The Conflicts page keeps the field a person chose across a reload (by its key)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_sync_page import PASSPHRASE, _edit, _exchange

from sen_desktop.core import seed
from sen_desktop.core.datafolder import open_programme
from sen_desktop.core.meetings import MeetingService
from sen_desktop.gui.conflicts_page import ConflictsPage
from sen_desktop.gui.session import open_programme_services
from sen_desktop.gui.tasks import TaskRunner
from sen_desktop.sync.keys import SyncKeys
from sen_desktop.sync.merge import resolve_conflict

WAIT = 30_000


def _two_conflicts(a: Path, b: Path, tmp_path: Path) -> None:
    SyncKeys(a).set_passphrase(PASSPHRASE)
    db = open_programme(a)
    try:
        meetings = MeetingService(db.session_factory)
        meeting = meetings.schedule(seed.group_id("SG"), dt.date(2026, 12, 3))
        items = [item.id for item in meetings.meeting(meeting.id).agenda[:2]]
    finally:
        db.close()
    for item in items:
        _edit(a, item, "Noted.")
    _exchange(a, b, tmp_path / "a1.senbundle")
    for n, item in enumerate(items):
        _edit(a, item, f"Noted on the lead's laptop ({n}).")
        _edit(b, item, f"Noted on the other laptop ({n}).")
    _exchange(b, a, tmp_path / "b1.senbundle")


def test_the_chosen_conflict_stays_chosen_across_reloads(
    qtbot: QtBot, tmp_path: Path, data_dir: Path
) -> None:
    _two_conflicts(data_dir, tmp_path / "laptop-b", tmp_path)
    session = open_programme_services(data_dir)
    runner = TaskRunner()
    page = ConflictsPage()
    qtbot.addWidget(page)
    page.show()
    try:
        with qtbot.waitSignal(page.loaded, timeout=WAIT):
            page.open(runner, session)
        assert page.model.rowCount() == 2
        assert page.current() is not None and page.list.currentIndex().row() == 0

        page.list.setFocus()
        qtbot.keyClick(page.list, Qt.Key.Key_Down)
        chosen = page.current()
        assert chosen is not None and page.list.currentIndex().row() == 1
        shown = sorted(box.toPlainText() for box in page.version_texts)
        n = shown[0][-3]
        assert shown == [f"Noted on the lead's laptop ({n}).", f"Noted on the other laptop ({n})."]
        # A reload (e.g. coming back to the page) keeps the second one chosen.
        with qtbot.waitSignal(page.loaded, timeout=WAIT):
            page.reload()
        assert page.list.currentIndex().row() == 1
        assert page.current() is not None and page.current().key == chosen.key  # type: ignore[union-attr]

        other = page.model.record(0)
        assert other is not None
        with session.db.session_factory.begin() as s:
            entity, row_id, field = other.key  # type: ignore[misc]
            resolve_conflict(s, entity, row_id, field, "Resolved elsewhere.")

        with qtbot.waitSignal(page.loaded, timeout=WAIT):
            page.reload()
        assert page.model.rowCount() == 1
        assert page.current() is not None and page.current().key == chosen.key  # type: ignore[union-attr]
        assert page.list.selectionModel().isRowSelected(0)
        assert sorted(box.toPlainText() for box in page.version_texts) == shown
    finally:
        runner.shutdown()
        session.close()


def test_conflicts_are_listed_in_reading_order() -> None:
    from sen_desktop.gui.conflicts_page import _natural

    places = ["SG meeting 3, item 10", "SG meeting 3, item 2", "BESD meeting 12, item 1",
              "BESD meeting 2, item 1"]
    assert sorted(places, key=_natural) == [
        "BESD meeting 2, item 1", "BESD meeting 12, item 1", "SG meeting 3, item 2",
        "SG meeting 3, item 10",
    ]
