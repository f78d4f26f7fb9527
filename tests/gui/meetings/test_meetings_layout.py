# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot carries no type hints.)
"""The Meetings and Minutes pages without a database: the list model pages rows in (a
thousand meetings open at once), the tables stay readable on a small laptop screen, and a
screen reader reads every label's words."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from gui_helpers import read_out
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAccessible

from sen_desktop.core.meetings.records import MeetingSummary
from sen_desktop.gui.common.tasks import TaskRunner
from sen_desktop.gui.meetings.models import MeetingListModel
from sen_desktop.gui.meetings.page import MeetingsPage
from sen_desktop.gui.minutes.page import MinutesPage

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication
    from pytestqt.qtbot import QtBot


def test_the_meeting_list_hands_rows_to_the_view_a_page_at_a_time(qapp: QApplication) -> None:
    rows = [
        MeetingSummary(
            id=f"m{n}", group_id="g", group_code="SG", group_name="Strategy Steering Group",
            number=n, date=dt.date(2010, 9, 1) + dt.timedelta(days=n), start_time=None,
            end_time=None, venue="", status="cancelled" if n % 7 == 0 else "planned",
        )
        for n in range(1, 1001)
    ]
    model = MeetingListModel()
    model.set_records(rows)
    assert model.rowCount() == MeetingListModel.PAGE
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * MeetingListModel.PAGE
    assert model.row_of("m900") == 899 and model.rowCount() >= 900
    assert model.index(6, 3).data() == "Cancelled"
    assert model.index(6, 3).data(Qt.ItemDataRole.FontRole).strikeOut()


def test_eight_meetings_show_on_a_small_laptop_screen(qtbot: QtBot) -> None:
    # 940×520: the page at 1366×768 and 125 % (1093×614 logical, less menus and
    # navigation). Four meetings showed; the chosen meeting's detail scrolls instead.
    page = MeetingsPage()
    qtbot.addWidget(page)
    page.stack.setCurrentWidget(page.splitter)
    page.resize(940, 520)
    page.show()
    qtbot.waitExposed(page)
    for table in (page.list_table, page.agenda.table, page.attendance.table):
        rows = table.viewport().height() / (table.fontMetrics().height() + 8)
        assert rows >= 8, table.accessibleName()


def test_a_screen_reader_reads_what_the_meetings_and_minutes_labels_show(qtbot: QtBot) -> None:
    meetings = MeetingsPage()
    qtbot.addWidget(meetings)
    meetings.message.setText("This meeting was cancelled, so it has no minutes.")
    runner = TaskRunner()
    minutes = MinutesPage(runner)
    qtbot.addWidget(minutes)
    minutes.meeting_label.setText("BESD Working Group, meeting 12, 09/08/2011")
    minutes.save_label.setText("All changes saved")
    try:
        assert read_out(meetings) == []
        assert read_out(minutes) == []
        title = QAccessible.queryAccessibleInterface(meetings.title)
        assert title.text(QAccessible.Text.Description) == "Meeting"  # what the words are
    finally:
        runner.shutdown()
