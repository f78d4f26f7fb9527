# mypy: disable-error-code="no-untyped-call"
"""The first-run welcome: who uses this laptop, by keyboard; refusals beside the field;
"Not now"; where it lands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from sen_desktop.core.programme.laptop_settings import LaptopUser, read_laptop_settings
from sen_desktop.core.programme.seed import group_id
from sen_desktop.gui.home.welcome import WelcomeOutcome, WelcomePage
from sen_desktop.gui.shell.window import MainWindow
from tests.gui.gui_helpers import on_worker

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

OpenWindow = Callable[..., MainWindow]
WAIT_MS = 30_000


def welcome(qtbot: QtBot, window: MainWindow) -> WelcomePage:
    """The welcome page in the window's page stack, filled in from the worker."""
    assert window.session is not None
    page = WelcomePage()
    window.pages.addWidget(page)
    window.pages.setCurrentWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.open(window.context("welcome"))
    return page


def test_a_new_secretary_answers_by_keyboard_and_lands_on_the_next_meeting(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    session = window.session
    assert session is not None
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    meeting = on_worker(qtbot, window, lambda: session.meetings.schedule(
        group_id("BESD"), tomorrow))
    page = welcome(qtbot, window)
    assert page.fields.groups_list.count() == 6
    page.setFocus()
    assert page.fields.name_edit.hasFocus()
    qtbot.keyClicks(page.fields.name_edit, "Jane Smith")
    qtbot.keyClick(page.fields.name_edit, Qt.Key.Key_Tab)
    assert page.fields.role_combo.hasFocus()
    assert page.fields.role() == "secretary"
    qtbot.keyClick(page.fields.role_combo, Qt.Key.Key_Tab)
    groups = page.fields.groups_list
    assert groups.hasFocus()
    # Down to the BESD Working Group, Space ticks it.
    qtbot.keyClick(groups, Qt.Key.Key_Down)
    qtbot.keyClick(groups, Qt.Key.Key_Space)
    assert page.fields.group_ids() == [group_id("BESD")]
    qtbot.keyClick(groups, Qt.Key.Key_Tab)
    assert page.join_check.hasFocus()
    qtbot.keyClick(page.join_check, Qt.Key.Key_Tab)
    assert page.later_button.hasFocus()
    qtbot.keyClick(page.later_button, Qt.Key.Key_Tab)
    assert page.start_button.hasFocus()
    with qtbot.waitSignal(page.finished, timeout=WAIT_MS) as done:
        qtbot.keyClick(page.start_button, Qt.Key.Key_Space)
    outcome = done.args[0]
    assert isinstance(outcome, WelcomeOutcome)
    assert outcome.user == LaptopUser("Jane Smith", "secretary", (group_id("BESD"),))
    assert outcome.landing_meeting_id == meeting.id and not outcome.join_exchange
    stored = read_laptop_settings(window.data_dir)
    assert stored.user == outcome.user and not stored.first_run


def test_a_refusal_shows_beside_its_field_and_nothing_is_saved(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    page = welcome(qtbot, window)
    page.fields.tick("BESD Working Group")
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(page.fields.error_text("name")), timeout=WAIT_MS)
    assert page.fields.error_text("name") == "Enter your name, as colleagues know you."
    assert page.fields.name_edit.accessibleDescription() == page.fields.error_text("name")
    assert page.fields.name_edit.hasFocus()
    assert read_laptop_settings(window.data_dir).first_run
    # A secretary who ticks no group is asked which they support.
    page.fields.tick("BESD Working Group", False)
    page.fields.name_edit.setText("Jane Smith")
    qtbot.keyClick(page.fields.name_edit, Qt.Key.Key_Return)  # Enter is Start
    qtbot.waitUntil(lambda: bool(page.fields.error_text("group_ids")), timeout=WAIT_MS)
    assert page.fields.error_text("name") == ""
    assert "Tick the group or groups you support" in page.fields.error_text("group_ids")
    assert read_laptop_settings(window.data_dir).first_run


def test_not_now_records_nobody_and_can_hand_over_to_the_exchange(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    page = welcome(qtbot, window)
    page.join_check.setChecked(True)
    with qtbot.waitSignal(page.finished, timeout=WAIT_MS) as done:
        qtbot.mouseClick(page.later_button, Qt.MouseButton.LeftButton)
    assert done.args[0] == WelcomeOutcome(None, None, True)
    settings = read_laptop_settings(window.data_dir)
    assert settings.user is None and not settings.first_run


def test_the_lead_with_no_group_lands_on_home_and_everything_is_named(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    page = welcome(qtbot, window)
    page.fields.name_edit.setText("Pat Lead")
    page.fields.role_combo.setCurrentIndex(page.fields.role_combo.findData("lead"))
    with qtbot.waitSignal(page.finished, timeout=WAIT_MS) as done:
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert done.args[0].landing_meeting_id is None
    assert done.args[0].user.role_label == "Programme lead"
    focusable = [
        w for w in page.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(page)
    ]
    assert focusable
    for widget in focusable:
        assert widget.accessibleName(), widget
    QApplication.processEvents()


# --- in the window: when the welcome shows, and where it lands ------------------------------


def test_a_first_start_shows_the_welcome_and_lands_on_the_next_meeting(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window(welcome=True)
    assert window.current_view() == "welcome"
    page = window.welcome_page
    qtbot.waitUntil(lambda: page.fields.groups_list.count() == 6, timeout=WAIT_MS)
    window.activateWindow()
    qtbot.waitActive(window)
    assert page.fields.name_edit.hasFocus()  # typing goes straight into the name
    session = window.session
    assert session is not None
    meeting = on_worker(qtbot, window, lambda: session.meetings.schedule(
        group_id("CL"), dt.date.today() + dt.timedelta(days=3)))
    page.fields.name_edit.setText("Jane Smith")
    page.fields.tick("Cognition and Learning Working Group")
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current_view() == "meetings", timeout=WAIT_MS)
    shown = window.meetings_page
    qtbot.waitUntil(lambda: shown.meeting() is not None
                    and shown.meeting().id == meeting.id,  # type: ignore[union-attr]
                    timeout=WAIT_MS)


def test_the_welcome_shows_once_and_never_unless_asked(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()  # as tests and screenshots build it: no welcome
    assert window.current_view() != "welcome"
    window.close()
    window = open_window(welcome=True)
    assert window.current_view() == "welcome"
    with qtbot.waitSignal(window.welcome_page.finished, timeout=WAIT_MS):
        qtbot.mouseClick(window.welcome_page.later_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current_view() == "home", timeout=WAIT_MS)
    window.close()
    window = open_window(welcome=True)  # answered once: not asked again
    assert window.current_view() != "welcome"


def test_joining_the_exchange_hands_over_to_the_trust_flow(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    from sen_desktop.gui.exchange.flow import JoinWizard

    window = open_window(welcome=True)
    page = window.welcome_page
    qtbot.waitUntil(lambda: page.fields.groups_list.count() == 6, timeout=WAIT_MS)
    page.fields.name_edit.setText("Pat Lead")
    page.fields.role_combo.setCurrentIndex(page.fields.role_combo.findData("lead"))
    page.join_check.setChecked(True)
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(window.sync_page.dialog, JoinWizard), timeout=WAIT_MS)
    assert window.current_view() == "sync"
    window.sync_page.dialog.reject()  # type: ignore[union-attr]
