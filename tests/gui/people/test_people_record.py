"""The People page shows the chosen person's seats and attendance record."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt

from sen_desktop.core.programme.seed import group_id
from tests.gui.gui_helpers import click_navigation, on_worker

if TYPE_CHECKING:
    from collections.abc import Callable

    from pytestqt.qtbot import QtBot

    from sen_desktop.gui.shell.window import MainWindow


def test_choosing_a_person_shows_their_seats_and_attendance(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    session = window.session
    assert session is not None

    def build() -> str:
        people, meetings = session.people, session.meetings
        jane = people.create("Jane Okafor", job_title="Head of Special School")
        besd = session.programme.group(group_id("BESD"), on=dt.date(2010, 9, 1))
        seat = next(s for s in besd.seats if s.title == "Head of Special School")
        people.appoint(seat.id, jane.id, dt.date(2010, 9, 1))
        held = meetings.schedule(group_id("BESD"), dt.date(2010, 10, 5))
        meetings.set_attendance(held.id, jane.id, "apologies")
        cancelled = meetings.schedule(group_id("BESD"), dt.date(2010, 11, 2))
        meetings.cancel(cancelled.id)
        return jane.id

    jane_id = on_worker(qtbot, window, build)
    click_navigation(qtbot, window, "People")
    page = window.people_page
    qtbot.waitUntil(lambda: page.model.row_of(jane_id) >= 0, timeout=10_000)
    page.table.selectionModel().setCurrentIndex(
        page.model.index(page.model.row_of(jane_id), 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows,
    )
    qtbot.waitUntil(lambda: "Attendance" in page.record_note.text(), timeout=10_000)
    text = page.record_note.text()
    assert "BESD Working Group, Head of Special School (from 1 September 2010)" in text
    # The cancelled meeting keeps its record but counts in no attendance figure.
    assert "expected at 1; present at 0, apologies for 1" in text


def test_the_people_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    from sen_desktop.core.people.records import PersonRecord
    from sen_desktop.gui.people.page import PeopleTableModel

    people = PeopleTableModel()
    people.set_records([PersonRecord("p1", "Jane Smith", "Head", "Oak", "j@o.uk", "", "")])
    qtmodeltester.check(people)
    assert people.index(0, 3).data() == "j@o.uk"
    assert people.headerData(0, Qt.Orientation.Horizontal) == "Name"
