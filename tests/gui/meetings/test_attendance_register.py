# mypy: disable-error-code="no-untyped-call"
"""Taking the register from the keyboard: Tab into the attendance list and mark each
member with an access key, one after another, without an arrow key or Shift+Tab."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from sen_desktop.gui.meetings.dialogs import ScheduleMeetingDialog
from sen_desktop.gui.shell.window import MainWindow
from tests.gui.meetings.test_keyboard_meeting import (
    ALT,
    CTRL,
    SHIFT,
    WAIT_MS,
    Key,
    attends_as,
    back_to_window,
    focused,
    open_dialog,
    press,
    shown,
    tab_to,
    type_text,
)
from tests.gui.meetings.test_whole_meeting import MEMBERS, add_members, idle

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

OpenWindow = Callable[..., MainWindow]


def test_the_register_is_taken_with_access_keys_alone(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    add_members(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    press(qtbot, Key.Key_M, CTRL | SHIFT)  # Schedule meeting…, typed as d/m/yy
    dialog = open_dialog(qtbot, ScheduleMeetingDialog)
    assert isinstance(dialog, ScheduleMeetingDialog)
    day = dt.date.today() - dt.timedelta(days=7)
    type_text(qtbot, "BESD")
    press(qtbot, Key.Key_Tab)
    press(qtbot, Key.Key_A, CTRL)
    type_text(qtbot, f"{day.day}/{day.month}/{day:%y}")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS) as saved:
        press(qtbot, Key.Key_Return)
    assert saved.args[0].date == day
    back_to_window(qtbot, window)
    qtbot.waitUntil(lambda: shown(window).id == saved.args[0].id, timeout=WAIT_MS)
    idle(qtbot, window)

    attendance = window.meetings_page.attendance
    tab_to(qtbot, attendance.table)
    # Tabbing in chooses the first member: the marks work at once.
    chosen = attendance.selected()
    assert chosen is not None and chosen.person_name == MEMBERS[0]
    assert attendance.present_button.isEnabled()
    for name, key, status in ((MEMBERS[0], Key.Key_N, "present"),
                              (MEMBERS[1], Key.Key_S, "apologies"),
                              (MEMBERS[2], Key.Key_N, "present")):
        press(qtbot, key, ALT)
        qtbot.waitUntil(partial(attends_as, window, name, status), timeout=WAIT_MS)
        idle(qtbot, window)
        # The list keeps the focus and has moved on to the next member.
        assert focused() is attendance.table
        following = attendance.selected()
        assert following is not None
        assert following.person_name == MEMBERS[MEMBERS.index(name) + 1]
    assert attends_as(window, MEMBERS[3], "expected")  # nobody marked twice or skipped
