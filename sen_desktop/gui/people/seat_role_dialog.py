"""Seat role…: mark a seat as its group's chair, vice-chair or an ordinary member seat."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sen_desktop.core.errors import ConflictError
from sen_desktop.gui.common.dialogs import ServiceDialog, setup_form
from sen_desktop.gui.common.models import seat_role
from sen_desktop.gui.forms.ui_seat_role_dialog import Ui_SeatRoleDialog

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QRadioButton, QWidget

    from sen_desktop.core.people.records import SeatView
    from sen_desktop.core.people.service import PeopleService
    from sen_desktop.gui.common.tasks import TaskRunner


def role_change_advice(field: str | None) -> str:
    """What to do about "… already has a chair: …": a group has one of each."""
    word = "vice-chair" if field == "is_vice_chair" else "chair"
    return (
        f"To move the {word} here, first make that seat an ordinary member seat "
        f"(Seat role… on it), then come back to this one."
    )


class SeatRoleDialog(ServiceDialog):
    """PeopleService.set_seat_role for one seat; a second chair is refused beside Chair."""

    def __init__(
        self,
        runner: TaskRunner,
        people: PeopleService,
        seat: SeatView,
        group_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._people = people
        self._seat = seat
        self.ui = Ui_SeatRoleDialog()
        setup_form(self.ui, self)
        ui = self.ui
        self._bind(
            ui.button_box,
            ui.form_error,
            {
                "is_chair": (ui.chair_radio, ui.chair_error),
                "is_vice_chair": (ui.vice_chair_radio, ui.vice_chair_error),
            },
        )
        self.setWindowTitle(f"Seat role: {group_name}")
        ui.seat_edit.setText(seat.title)
        ui.seat_edit.setCursorPosition(0)
        current = self._radio_for(seat)
        current.setChecked(True)
        current.setFocus()

    def _radio_for(self, seat: SeatView) -> QRadioButton:
        if seat.is_chair:
            return self.ui.chair_radio
        if seat.is_vice_chair:
            return self.ui.vice_chair_radio
        return self.ui.member_radio

    def role(self) -> str:
        """"chair", "vice_chair" or "member": the radio button chosen."""
        if self.ui.chair_radio.isChecked():
            return "chair"
        if self.ui.vice_chair_radio.isChecked():
            return "vice_chair"
        return "member"

    def _work(self) -> Callable[[], SeatView]:
        role = self.role()
        is_chair, is_vice_chair = role == "chair", role == "vice_chair"
        people, seat_id = self._people, self._seat.id
        return lambda: people.set_seat_role(seat_id, is_chair, is_vice_chair)

    def _on_failed(self, error: Exception) -> None:
        # The core names the seat that holds the role; the secretary also needs to know
        # how to move it: clear the old seat first (one chair and one vice-chair a group).
        if isinstance(error, ConflictError) and error.field in ("is_chair", "is_vice_chair"):
            advice = role_change_advice(error.field)
            error = ConflictError(f"{error.message} {advice}", field=error.field)
        super()._on_failed(error)


def role_saved_message(seat: SeatView) -> str:
    """"“Head of Special School” is now the chair's seat." for the status bar."""
    role = seat_role(seat).lower()
    if not role:
        return f"“{seat.title}” is now an ordinary member seat."
    return f"“{seat.title}” is now the {role}'s seat."
