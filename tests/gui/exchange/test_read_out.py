"""A screen reader reads what the Exchange, Conflicts and Search pages' labels show: a
label that shows a value (where this laptop stands, a summary, the clash in words) says
what it is in its accessible description, never in a name that would replace its words
(tests/gui/meetings/test_meetings_layout.read_out)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAccessible

from sen_desktop.gui.conflicts.page import ConflictsPage
from sen_desktop.gui.exchange.page import SyncPage
from sen_desktop.gui.search.page import SearchPage
from tests.gui.meetings.test_meetings_layout import read_out

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot


def test_a_screen_reader_reads_what_the_exchange_conflicts_and_search_labels_show(
    qtbot: QtBot,
) -> None:
    exchange, conflicts, search = SyncPage(), ConflictsPage(), SearchPage()
    for page in (exchange, conflicts, search):
        qtbot.addWidget(page)
    exchange.status_label.setText("This laptop is the programme's root (lead).")
    exchange.pending_label.setText("1 change waits for the meeting it belongs to.")
    conflicts.summary.setText("No conflicts.")
    conflicts.clash_text.setText("SG-3 was given out twice.")
    search.summary.setText("Nothing found for “outreach”.")
    assert read_out(exchange) == []
    assert read_out(conflicts) == []
    assert read_out(search) == []
    status = QAccessible.queryAccessibleInterface(exchange.status_label)
    assert status.text(QAccessible.Text.Description) == "Where this laptop stands"
