# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot carries no type hints.)
"""A screen reader reads what the Recommendations, Action Plan and People pages' labels
show: their counts, summaries, timeframe and a person's record are described, never
renamed (a name set over a label's text is read instead of its words)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.gui.meetings.test_meetings_layout import read_out

if TYPE_CHECKING:
    from collections.abc import Callable

    from pytestqt.qtbot import QtBot

    from sen_desktop.gui.shell.window import MainWindow

WAIT_MS = 30_000


def test_a_screen_reader_reads_what_the_pages_labels_show(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window(view="recommendations")
    recommendations = window.recommendations_page
    qtbot.waitUntil(lambda: recommendations.empty_state.isVisible(), timeout=WAIT_MS)
    recommendations.summary.setText("3 recommendations")
    for view in ("plan", "people"):
        with qtbot.waitSignal(window.view_ready, timeout=WAIT_MS):
            window.show_view(view)
    plan, people = window.plan_page, window.people_page
    qtbot.waitUntil(lambda: "milestones" in plan.summary.text(), timeout=WAIT_MS)
    people.set_person_record("Seats: none. Attendance: no meetings held yet as a member.")
    for page in (recommendations, plan, people):
        assert read_out(page) == [], page
    assert recommendations.summary.accessibleDescription() == "Number of recommendations shown"
    assert plan.timeframe.accessibleDescription() == "Programme timeframe"
