# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot carries no type hints.)
"""The Meetings page without a database: its list model pages rows in (a thousand
meetings open at once), and its tables stay readable on a small laptop screen."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sen_desktop.core.meetings.records import MeetingSummary
from sen_desktop.gui.meetings.models import MeetingListModel
from sen_desktop.gui.meetings.page import MeetingsPage


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
