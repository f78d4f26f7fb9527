# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot carries no type hints.)
"""Seat role…: the secretary marks a working group's chair, is refused a second chair
beside the Chair button (with what to do instead), and does it all from the keyboard."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from gui_helpers import click_navigation, on_worker, people_service
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QRadioButton

from sen_desktop.gui.common.models import SeatTableModel
from sen_desktop.gui.people.seat_role_dialog import SeatRoleDialog
from sen_desktop.gui.shell.window import MainWindow

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from sen_desktop.core.people.records import SeatView

GROUP = "BESD Working Group"
OpenWindow = Callable[..., MainWindow]


def _open_group(qtbot: QtBot, window: MainWindow, name: str = GROUP) -> None:
    click_navigation(qtbot, window, name)

    def showing() -> bool:
        group = window.group_page.group()
        return group is not None and group.name == name

    qtbot.waitUntil(showing, timeout=30_000)


def _seat_row(window: MainWindow, title: str) -> int:
    rows = [
        row
        for row, seat in enumerate(window.group_page.seats_model.records())
        if seat.title == title
    ]
    assert rows, f"no seat {title!r}"
    return rows[0]


def _role_shown(window: MainWindow, title: str) -> str:
    model = window.group_page.seats_model
    return str(model.index(_seat_row(window, title), SeatTableModel.ROLE).data())


def _click_seat(qtbot: QtBot, window: MainWindow, title: str) -> None:
    table = window.group_page.seat_table
    index = window.group_page.seats_model.index(_seat_row(window, title), SeatTableModel.SEAT)
    table.scrollTo(index)
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center()
    )


def _click_radio(qtbot: QtBot, radio: QRadioButton) -> None:
    """Click on the button's circle, as a person would (the row is wider than its text)."""
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert radio.isChecked()


def _stored_seats(qtbot: QtBot, window: MainWindow) -> dict[str, SeatView]:
    """The shown group's seats as the database has them now, by title."""
    assert window.session is not None
    group = window.group_page.group()
    assert group is not None
    programme, group_id = window.session.programme, group.id
    detail = on_worker(qtbot, window, lambda: programme.group(group_id))
    return {seat.title: seat for seat in detail.seats}


def _open_dialog(qtbot: QtBot, window: MainWindow) -> SeatRoleDialog:
    qtbot.waitUntil(lambda: isinstance(window.dialog, SeatRoleDialog), timeout=30_000)
    dialog = window.dialog
    assert isinstance(dialog, SeatRoleDialog)
    qtbot.waitUntil(dialog.isVisible)
    # A window manager activates a new dialog; the offscreen platform leaves that to us.
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_mark_a_working_groups_seat_as_chair(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window()
    _open_group(qtbot, window)
    page = window.group_page
    assert not page.role_button.isEnabled()  # nothing selected yet
    assert not window.menu_actions.seat_role.isEnabled()
    _click_seat(qtbot, window, "Secondary School Head")
    assert page.role_button.isEnabled() and window.menu_actions.seat_role.isEnabled()
    assert _role_shown(window, "Secondary School Head") == ""

    qtbot.mouseClick(page.role_button, Qt.MouseButton.LeftButton)
    dialog = _open_dialog(qtbot, window)
    assert dialog.windowTitle() == f"Seat role: {GROUP}"
    assert dialog.ui.seat_edit.text() == "Secondary School Head"
    assert dialog.ui.seat_edit.isReadOnly()
    assert dialog.ui.member_radio.isChecked()
    # Every control is named; no error is showing before a save.
    for radio in (dialog.ui.chair_radio, dialog.ui.vice_chair_radio, dialog.ui.member_radio):
        assert radio.accessibleName() == radio.text().replace("&", "")
    assert dialog.ui.seat_label.buddy() is dialog.ui.seat_edit
    assert [label for label in dialog.findChildren(QLabel) if label.property("role") == "error"
            and label.isVisibleTo(dialog)] == []

    _click_radio(qtbot, dialog.ui.chair_radio)
    with qtbot.waitSignal(dialog.finished, timeout=30_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _role_shown(window, "Secondary School Head") == "Chair",
                    timeout=30_000)
    assert "chair" in window.statusBar().currentMessage()
    selected = page.selected_seat()
    assert selected is not None and selected.title == "Secondary School Head"
    stored = _stored_seats(qtbot, window)
    assert stored["Secondary School Head"].is_chair
    assert [title for title, seat in stored.items() if seat.is_chair] == ["Secondary School Head"]


def test_a_second_chair_is_refused_beside_chair_and_nothing_is_saved(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    _open_group(qtbot, window)
    group = window.group_page.group()
    assert group is not None
    seat_ids = {seat.title: seat.id for seat in group.seats}
    people = people_service(window)

    def roles() -> None:
        people.set_seat_role(seat_ids["Head of Special School"], True, False)
        people.set_seat_role(seat_ids["EP representative"], False, True)

    on_worker(qtbot, window, roles)
    window.refresh()
    qtbot.waitUntil(lambda: _role_shown(window, "Head of Special School") == "Chair",
                    timeout=30_000)
    assert _role_shown(window, "EP representative") == "Vice-chair"

    # Groups ▸ Seat role… on another seat; choose Chair; Save.
    _click_seat(qtbot, window, "Primary School Head")
    window.menu_actions.seat_role.trigger()
    dialog = _open_dialog(qtbot, window)
    _click_radio(qtbot, dialog.ui.chair_radio)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_text("is_chair") != "", timeout=30_000)
    message = dialog.error_text("is_chair")
    assert f"{GROUP} already has a chair: Head of Special School." in message
    # What to do instead: clear the old chair seat first.
    assert "first" in message and "ordinary member seat" in message
    assert dialog.isVisible() and dialog.ui.chair_radio.hasFocus()
    assert dialog.ui.chair_radio.accessibleDescription() == message
    assert dialog.error_text("is_vice_chair") == ""
    # The message sits right under the Chair button, above Vice-chair.
    ui = dialog.ui
    assert ui.chair_radio.geometry().bottom() <= ui.chair_error.geometry().top()
    assert ui.chair_error.geometry().bottom() <= ui.vice_chair_radio.geometry().top()

    # A second vice-chair is refused beside Vice-chair in the same way.
    _click_radio(qtbot, dialog.ui.vice_chair_radio)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_text("is_vice_chair") != "", timeout=30_000)
    assert "already has a vice-chair: EP representative." in dialog.error_text("is_vice_chair")
    assert dialog.error_text("is_chair") == ""

    # Nothing was saved.
    stored = _stored_seats(qtbot, window)
    primary = stored["Primary School Head"]
    assert not primary.is_chair and not primary.is_vice_chair
    assert [t for t, s in stored.items() if s.is_chair] == ["Head of Special School"]
    assert [t for t, s in stored.items() if s.is_vice_chair] == ["EP representative"]
    with qtbot.waitSignal(dialog.rejected):
        qtbot.mouseClick(
            dialog.ui.button_box.button(dialog.ui.button_box.StandardButton.Cancel),
            Qt.MouseButton.LeftButton,
        )
    assert _role_shown(window, "Primary School Head") == ""

    # Following the advice: the old chair seat becomes ordinary, then the new one chair.
    _click_seat(qtbot, window, "Head of Special School")
    qtbot.mouseClick(window.group_page.role_button, Qt.MouseButton.LeftButton)
    old = _open_dialog(qtbot, window)
    assert old.ui.chair_radio.isChecked()
    _click_radio(qtbot, old.ui.member_radio)
    with qtbot.waitSignal(old.finished, timeout=30_000):
        qtbot.mouseClick(old.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _role_shown(window, "Head of Special School") == "", timeout=30_000)
    _click_seat(qtbot, window, "Primary School Head")
    qtbot.mouseClick(window.group_page.role_button, Qt.MouseButton.LeftButton)
    new = _open_dialog(qtbot, window)
    _click_radio(qtbot, new.ui.chair_radio)
    with qtbot.waitSignal(new.finished, timeout=30_000):
        qtbot.mouseClick(new.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _role_shown(window, "Primary School Head") == "Chair", timeout=30_000)
    stored = _stored_seats(qtbot, window)
    assert [t for t, s in stored.items() if s.is_chair] == ["Primary School Head"]


def test_seat_role_from_the_keyboard(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window()
    _open_group(qtbot, window)
    page = window.group_page

    # Into the seats: Down picks a seat; Tab reaches Seat role… (End appointment…
    # is disabled on a vacant seat); Space presses it.
    table = page.seat_table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    seat = page.selected_seat()
    assert seat is not None and seat.holder is None and not seat.is_chair
    title = seat.title
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert page.appoint_button.hasFocus()
    qtbot.keyClick(page.appoint_button, Qt.Key.Key_Tab)
    assert page.role_button.hasFocus()
    qtbot.keyClick(page.role_button, Qt.Key.Key_Space)
    dialog = _open_dialog(qtbot, window)

    # The chosen role has focus; Up moves to Vice-chair, Up again to Chair; Return saves.
    assert dialog.ui.member_radio.hasFocus()
    qtbot.keyClick(dialog.ui.member_radio, Qt.Key.Key_Up)
    assert dialog.ui.vice_chair_radio.isChecked()
    qtbot.keyClick(dialog.ui.vice_chair_radio, Qt.Key.Key_Up)
    assert dialog.ui.chair_radio.isChecked() and dialog.ui.chair_radio.hasFocus()
    with qtbot.waitSignal(dialog.finished, timeout=30_000):
        qtbot.keyClick(dialog.ui.chair_radio, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _role_shown(window, title) == "Chair",
                    timeout=30_000)
    assert _stored_seats(qtbot, window)[title].is_chair

    # Escape closes the dialog without saving.
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    other = page.selected_seat()
    assert other is not None and other.title != title
    window.menu_actions.seat_role.trigger()
    dialog = _open_dialog(qtbot, window)
    qtbot.keyClick(dialog.ui.member_radio, Qt.Key.Key_Up)
    assert dialog.ui.vice_chair_radio.isChecked()
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not _stored_seats(qtbot, window)[other.title].is_vice_chair
