# mypy: disable-error-code="no-untyped-call"
"""The dashboard page: per group actions, recommendations, next meeting and remit
coverage; per milestone what is linked; and its links to groups and milestones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from sen_desktop.core.dates import long_date
from sen_desktop.core.programme.seed import group_id
from sen_desktop.gui.plan.milestone_dialogs import MilestoneDialog
from sen_desktop.gui.shell.window import MainWindow
from tests.gui.gui_helpers import click_navigation, on_worker

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

OpenWindow = Callable[..., MainWindow]
WAIT_MS = 30_000


def dashboard_text(qtbot: QtBot, window: MainWindow, wanted: str) -> str:
    page = window.dashboard_page
    qtbot.waitUntil(lambda: wanted in page.text.toPlainText(), timeout=WAIT_MS)
    return page.text.toPlainText()


def test_the_dashboard_shows_each_group_and_its_remit_coverage(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    session = window.session
    assert session is not None
    today = dt.date.today()
    sg, besd = group_id("SG"), group_id("BESD")

    def build() -> str:
        session.actions.create(sg, "Circulate the terms of reference",
                               due_date=today - dt.timedelta(days=3))
        session.actions.create(sg, "Book the venue", due_date=today + dt.timedelta(days=20))
        session.actions.create(besd, "Map provision in each district")
        meeting = session.meetings.schedule(sg, today + dt.timedelta(days=14))
        remit = [c.remit.id for c in session.recommendations.remit_coverage(besd)]
        session.recommendations.create(besd, "Outreach hubs", remit_item_ids=[remit[6]])
        session.recommendations.create(besd, "Universal features", remit_item_ids=[remit[2]])
        return long_date(meeting.date)

    next_date = on_worker(qtbot, window, build)
    click_navigation(qtbot, window, "Dashboard")
    assert window.current_view() == "dashboard"
    text = dashboard_text(qtbot, window, "Remit coverage")
    board = window.dashboard_page.dashboard()
    assert board is not None
    steering = board.groups[0]
    assert (steering.open_actions, steering.overdue_actions) == (2, 1)
    assert steering.next_meeting_text == f"{next_date}, meeting 1"
    assert "1 overdue" in text
    assert f"{next_date}, meeting 1" in text
    assert "2 Draft" in text
    assert "None scheduled" in text  # the groups with no meeting yet
    # Remit coverage: the points answered name their recommendations; the rest say so.
    assert "2 of 9 remit points have a recommendation; 7 have none yet." in text
    assert "BESD-R1 (Draft)" in text and "BESD-R2 (Draft)" in text
    assert text.count("No recommendation yet") == 7 + 3 * 9 + 3  # BESD, 3 WGs, PCRG
    # Per milestone, what is linked (nothing yet).
    assert text.count("Nothing linked yet") == 12
    assert "Figures for " + long_date(today) in window.dashboard_page.facts.text()


def test_the_dashboard_links_open_a_group_and_a_milestone(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window(view="dashboard")
    dashboard_text(qtbot, window, "Milestones")
    page = window.dashboard_page
    page.text.setFocus()
    # The keyboard way: Tab past the six "Go to" links to the first group's, Enter.
    for _ in range(6 + 1):
        qtbot.keyClick(page.text, Qt.Key.Key_Tab)
    with qtbot.waitSignal(page.group_requested, timeout=WAIT_MS) as followed:
        qtbot.keyClick(page.text, Qt.Key.Key_Return)
    assert followed.args == [group_id("SG")]
    qtbot.waitUntil(lambda: window.current_view() == "groups", timeout=WAIT_MS)
    window.show_view("dashboard")
    dashboard_text(qtbot, window, "Milestones")
    page.text.setFocus()
    # Past the "Go to" and six groups' links to the third milestone's period.
    for _ in range(6 + 6 + 3):
        qtbot.keyClick(page.text, Qt.Key.Key_Tab)
    assert page.text.textCursor().selectedText() == "End September 2010"
    qtbot.keyClick(page.text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(page.dialog, MilestoneDialog), timeout=WAIT_MS)
    dialog = page.dialog
    assert isinstance(dialog, MilestoneDialog)
    assert dialog.ui.period_edit.text() == "End September 2010"
    # Saving a change from here shows on the dashboard at once.
    dialog.ui.status_combo.setCurrentIndex(dialog.ui.status_combo.findData("done"))
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: page.dashboard() is not None
        and page.dashboard().milestones[2].shown_status == "done",  # type: ignore[union-attr]
        timeout=WAIT_MS,
    )
    # The rest are still the Project Plan's 2010–11 dates: shown so, never "late".
    assert (
        "12 milestones: 1 done, 11 on the Project Plan's dates (2010–11) until the "
        "programme sets its own." in page.text.toPlainText()
    )
    assert page.text.toPlainText().count("Project Plan's dates") == 11 + 1


def test_the_dashboard_lists_the_gaps_no_recommendation_answers(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    from sen_desktop.core.provision.service import ProvisionService

    window = open_window()
    session = window.session
    assert session is not None
    besd, cl = group_id("BESD"), group_id("CL")

    def build() -> None:
        provision = ProvisionService(session.db.session_factory)
        answer = session.recommendations.create(besd, "A unit in Dover")
        provision.add_gap(besd, "Dover", "specialist_in_mainstream", "Eleven travel.",
                          answer.id)
        provision.add_gap(besd, "Swale", "outreach", "No outreach reaches Swale.")
        provision.add_gap(cl, "Thanet", "special_school", "A waiting list of nine.")

    on_worker(qtbot, window, build)
    window.show_view("dashboard")
    text = dashboard_text(qtbot, window, "Provision gaps")
    board = window.dashboard_page.dashboard()
    assert board is not None
    assert [(g.district, g.tier) for g in board.open_gaps] == [
        ("Swale", "outreach"), ("Thanet", "special_school")
    ]
    assert [g.gaps for g in board.groups if g.kind == "working"] == [2, 1, 0, 0]
    assert "2 gaps on the working groups' provision maps have no recommendation" in text
    assert "2 gaps mapped; 1 without a recommendation." in text
    assert "No outreach reaches Swale." in text and "Eleven travel." not in text
