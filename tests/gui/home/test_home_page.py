# mypy: disable-error-code="no-untyped-call"
"""The Home view: the person's meetings, actions due this week, recommendations waiting
and milestones at risk, read from the worker; its links followed by keyboard."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from sen_desktop.core.dates import long_date
from sen_desktop.core.programme.laptop_settings import ThisLaptop
from sen_desktop.core.programme.seed import group_id
from sen_desktop.gui.home.page import HomePage
from sen_desktop.gui.shell.window import MainWindow
from tests.gui.gui_helpers import on_worker

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

OpenWindow = Callable[..., MainWindow]
WAIT_MS = 30_000


def home_page(qtbot: QtBot, window: MainWindow) -> HomePage:
    assert window.session is not None
    page = HomePage()
    window.pages.addWidget(page)
    window.pages.setCurrentWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.open(window.context("home"))
    return page


def test_home_shows_the_persons_day_and_week(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window()
    session = window.session
    assert session is not None
    today = dt.date.today()
    besd = group_id("BESD")

    def build() -> str:
        meeting = session.meetings.schedule(besd, today, start_time=dt.time(14, 0),
                                            venue="Sessions House")
        session.meetings.schedule(group_id("SG"), today)  # not Jane's group
        session.meetings.schedule(besd, today + dt.timedelta(days=7))
        session.actions.create(besd, "Map provision in each district",
                               owner_text="Jane Smith", due_date=today)
        session.actions.create(besd, "Circulate the terms of reference",
                               due_date=today - dt.timedelta(days=3))
        session.recommendations.create(besd, "Outreach hubs")
        plan = session.milestones.list_milestones()
        session.milestones.update(plan[4].id, status="at_risk", owner_group_id=besd)
        ThisLaptop(session.db.session_factory, session.data_dir).save_user(
            "Jane Smith", "secretary", [besd])
        return meeting.id

    meeting_id = on_worker(qtbot, window, build)
    page = home_page(qtbot, window)
    text = page.text.toPlainText()
    assert "For Jane Smith, group secretary — BESD Working Group." in text
    assert (
        f"BESD Working Group, meeting 1: {long_date(today)} at 2.00 pm, Sessions House"
        " — take the minutes" in text
    )
    assert "Strategy Steering Group" not in text.split("Next meetings")[0].split("Today")[1]
    assert f"Meeting 2: {long_date(today + dt.timedelta(days=7))}" in text  # BESD's next
    assert "Map provision in each district" in text
    assert "1 overdue: due before today and neither done nor dropped." in text
    assert "Circulate the terms of reference" not in text  # overdue, not due this week
    assert "For the BESD Working Group to agree it" in text
    # Marked at risk, and its period (September 2010) has ended: late, in words.
    assert "Update and Options proposals" in text.split("Milestones at risk")[1]
    at_risk = text.split("Milestones at risk")[1].split("Provision gaps")[0]
    assert at_risk.rstrip().endswith("Late")
    home = page.home()
    assert home is not None and home.landing_meeting_id == meeting_id
    assert long_date(today) in page.facts.text()
    # By keyboard: Tab to the first link (Change…), then the meeting's; Enter opens it.
    page.text.setFocus()
    qtbot.keyClick(page.text, Qt.Key.Key_Tab)
    with qtbot.waitSignal(page.settings_requested, timeout=WAIT_MS):
        qtbot.keyClick(page.text, Qt.Key.Key_Return)
    qtbot.keyClick(page.text, Qt.Key.Key_Tab)
    with qtbot.waitSignal(page.meeting_requested, timeout=WAIT_MS) as followed:
        qtbot.keyClick(page.text, Qt.Key.Key_Return)
    assert followed.args == [meeting_id]
    qtbot.keyClick(page.text, Qt.Key.Key_Tab)
    with qtbot.waitSignal(page.minutes_requested, timeout=WAIT_MS) as followed:
        qtbot.keyClick(page.text, Qt.Key.Key_Return)
    assert followed.args == [meeting_id]


def test_home_with_nobody_recorded_shows_every_group_and_asks(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    page = home_page(qtbot, window)
    text = page.text.toPlainText()
    assert "Nobody is recorded as using this laptop, so every group is shown." in text
    assert "No meetings today." in text
    assert "None scheduled for any of these groups yet — schedule a meeting…" in text
    assert "No actions due this week." in text
    assert "None waiting." in text
    # A new install's Action Plan is on the Project Plan's dates: nothing at risk.
    assert "None at risk." in text
    assert page.text.accessibleName() == "Home"
    # "schedule a meeting…" asks to schedule (for no group in particular).
    page.text.setFocus()
    for _ in range(2):  # "Say who uses this laptop…", then "schedule a meeting…"
        qtbot.keyClick(page.text, Qt.Key.Key_Tab)
    with qtbot.waitSignal(page.schedule_requested, timeout=WAIT_MS) as asked:
        qtbot.keyClick(page.text, Qt.Key.Key_Return)
    assert asked.args == [""]


def test_the_home_view_opens_first_and_its_meeting_link_shows_the_meeting(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    session = window.session
    assert session is not None
    meeting = on_worker(qtbot, window, lambda: session.meetings.schedule(
        group_id("SG"), dt.date.today() + dt.timedelta(days=2)))
    assert window.navigation.item(0).text().strip() == "Home"
    window.show_view("home")
    page = window.home_page
    qtbot.waitUntil(lambda: "Meeting 1:" in page.text.toPlainText(), timeout=WAIT_MS)
    # The other five groups have none yet, each with its own way to schedule one.
    assert page.text.toPlainText().count("None scheduled — schedule one…") == 5
    page.text.setFocus()
    for _ in range(2):  # "Say who uses this laptop…", then the Steering Group's meeting
        qtbot.keyClick(page.text, Qt.Key.Key_Tab)
    qtbot.keyClick(page.text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_view() == "meetings", timeout=WAIT_MS)
    shown = window.meetings_page
    qtbot.waitUntil(lambda: shown.meeting() is not None
                    and shown.meeting().id == meeting.id,  # type: ignore[union-attr]
                    timeout=WAIT_MS)


def test_home_counts_the_provision_gaps_and_opens_the_map(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window(view="home")
    page = window.home_page
    qtbot.waitUntil(lambda: page.home() is not None, timeout=WAIT_MS)
    home = page.home()
    assert home is not None
    assert "No gap on the provision maps is waiting for a recommendation." in (
        page.text.toPlainText())
    page.set_home(dataclasses.replace(home, open_gaps=1))
    assert "1 gap on the provision maps has no recommendation answering it yet." in (
        page.text.toPlainText())
    page.set_home(dataclasses.replace(home, open_gaps=1203))
    text = page.text.toPlainText()
    assert "1,203 gaps on the provision maps have no recommendation answering them yet." in text
    page.text.setFocus()
    while page.text.textCursor().selectedText() != "Open the provision map":
        qtbot.keyClick(page.text, Qt.Key.Key_Tab)  # the last link on the page
    qtbot.keyClick(page.text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_view() == "provision", timeout=WAIT_MS)


def test_home_lists_the_consultations_open_and_opens_them(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    from sen_desktop.core.consultations.records import ConsultationSummary

    window = open_window(view="home")
    page = window.home_page
    qtbot.waitUntil(lambda: page.home() is not None, timeout=WAIT_MS)
    home = page.home()
    assert home is not None
    assert "No consultation is open today." in page.text.toPlainText()
    schools = ConsultationSummary("c1", "C1", "SEN funding options for schools",
                                  ("schools",), home.on, home.on + dt.timedelta(days=30), 42)
    page.set_home(dataclasses.replace(home, consultations_open=(schools,)))
    closes = long_date(schools.closes_on).split(" ", 1)[1]  # "14 January 2027"
    assert (f"C1 SEN funding options for schools: open until {closes}, 42 responses so far"
            in page.text.toPlainText())
    page.text.setFocus()
    while page.text.textCursor().selectedText() != "Open the consultations":
        qtbot.keyClick(page.text, Qt.Key.Key_Tab)
    qtbot.keyClick(page.text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_view() == "consultations", timeout=WAIT_MS)
