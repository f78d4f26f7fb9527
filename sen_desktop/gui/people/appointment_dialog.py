"""Appoint to seat…: a person (or a new one) in a seat, from a date, perhaps until one."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sen_desktop.gui.common.dialogs import PersonDialog, ServiceDialog, setup_form
from sen_desktop.gui.forms.ui_appointment_dialog import Ui_AppointmentDialog

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QWidget

    from sen_desktop.core.people.records import AppointmentView, PersonRecord, SeatView
    from sen_desktop.core.people.service import PeopleService
    from sen_desktop.gui.common.tasks import TaskRunner


def person_label(person: PersonRecord) -> str:
    """"Jane Smith (Head Teacher, Oak School)": enough to tell two Jane Smiths apart."""
    detail = ", ".join(part for part in (person.job_title, person.organisation) if part)
    return f"{person.full_name} ({detail})" if detail else person.full_name


class AppointmentDialog(ServiceDialog):
    """PeopleService.appoint for one seat; the person list loads on the worker."""

    def __init__(
        self,
        runner: TaskRunner,
        people: PeopleService,
        seat: SeatView,
        group_name: str,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._people = people
        self._seat = seat
        self.new_person_dialog: PersonDialog | None = None
        self.ui = Ui_AppointmentDialog()
        setup_form(self.ui, self)
        ui = self.ui
        self._bind(
            ui.button_box,
            ui.form_error,
            {
                "seat": (ui.seat_edit, ui.seat_error),
                "person": (ui.person_combo, ui.person_error),
                "start_date": (ui.start_date_edit, ui.start_date_error),
                "end_date": (ui.end_date_edit, ui.end_date_error),
                "meets_seat_rule": (ui.meets_seat_rule_check, ui.meets_seat_rule_error),
            },
            aliases={"seat_id": "seat", "person_id": "person", "substitute_for_id": "person"},
        )
        self.setWindowTitle(f"Appoint to seat: {group_name}")
        ui.seat_edit.setText(seat.title)
        ui.seat_edit.setCursorPosition(0)
        # Only the seats the group's seat rule counts ask where the head comes from.
        ui.meets_seat_rule_check.setVisible(seat.rule_applies)
        start = today or dt.date.today()
        ui.start_date_edit.setValue(start)
        ui.end_date_edit.setValue(start)
        ui.person_combo.setPlaceholderText("Loading people…")
        ui.person_combo.setEnabled(False)
        ui.new_person_button.clicked.connect(self.open_new_person)
        self.people_loaded = False
        self.reload_people()
        ui.person_combo.setFocus()

    # --- the person list ------------------------------------------------------------

    def reload_people(self, select_id: str | None = None) -> None:
        self._runner.run(
            self._people.list_people,
            lambda people: self._fill_people(people, select_id),
            lambda error: self.show_error(f"The list of people could not be read: {error}"),
            owner=self,
        )

    def _fill_people(self, people: list[PersonRecord], select_id: str | None) -> None:
        combo = self.ui.person_combo
        combo.clear()
        for person in people:
            combo.addItem(person_label(person), person.id)
        combo.setPlaceholderText("Choose a person…" if people else "No people yet: add one")
        combo.setEnabled(True)
        combo.setCurrentIndex(combo.findData(select_id) if select_id else -1)
        self.people_loaded = True
        # The combo was disabled while loading, so it could not take focus then.
        if self.focusWidget() in (None, self.ui.seat_edit):
            combo.setFocus()

    def select_person(self, person_id: str) -> bool:
        index = self.ui.person_combo.findData(person_id)
        self.ui.person_combo.setCurrentIndex(index)
        return index >= 0

    def open_new_person(self) -> None:
        dialog = PersonDialog(self._runner, self._people, parent=self)
        dialog.saved.connect(lambda person: self.reload_people(select_id=person.id))
        self.new_person_dialog = dialog
        dialog.open()

    # --- saving ----------------------------------------------------------------------

    def _work(self) -> Callable[[], AppointmentView] | None:
        ui = self.ui
        person_id = ui.person_combo.currentData()
        if not person_id:
            self.show_error("Choose the person to appoint, or add a new person.", "person")
            return None
        if not self.typed_fields_read(ui.start_date_edit, ui.end_date_edit):
            return None  # the end date is skipped while "has an end date" is not ticked
        start = ui.start_date_edit.read_value()
        end = ui.end_date_edit.value() if ui.has_end_date_check.isChecked() else None
        meets_rule = self._seat.rule_applies and ui.meets_seat_rule_check.isChecked()
        people, seat_id = self._people, self._seat.id
        return lambda: people.appoint(
            seat_id, person_id, start, end_date=end, meets_seat_rule=meets_rule
        )
