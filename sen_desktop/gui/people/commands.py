"""The main window's people and seats: loading a group's seats and the People page, and
the People and Groups menus (new and edit person, appoint, end an appointment, seat role).

A mixin of ``MainWindow`` (gui/shell/window.py), split out to keep that module readable in
one sitting (STYLE.md rule 10); the names below the class line are the window's, declared
so that the type checker knows what these methods use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtWidgets import QDialog, QMainWindow, QStackedWidget

from sen_desktop.core.meetings.records import AttendanceTally
from sen_desktop.core.records import AppointmentView, GroupDetail, GroupSummary, PersonRecord
from sen_desktop.gui.common.dialogs import EndAppointmentDialog, PersonDialog
from sen_desktop.gui.common.tasks import TaskRunner
from sen_desktop.gui.groups.page import GroupPage
from sen_desktop.gui.people.appointment_dialog import AppointmentDialog
from sen_desktop.gui.people.seat_role_dialog import SeatRoleDialog, role_saved_message
from sen_desktop.gui.programme.pages import PeoplePage, person_record_text
from sen_desktop.gui.shell.session import OpenProgramme

T = TypeVar("T")

if TYPE_CHECKING:
    _Base = QMainWindow
else:
    _Base = object  # the window brings QMainWindow itself


class PeopleCommands(_Base):
    """People, seats and appointments, for the main window."""

    session: OpenProgramme | None
    runner: TaskRunner
    pages: QStackedWidget
    group_page: GroupPage
    people_page: PeoplePage
    _groups: list[GroupSummary]
    _today: dt.date | None

    if TYPE_CHECKING:  # the window's own, declared for the type checker only

        def current_key(self) -> str | None: ...

        def refresh(self) -> None: ...

        def _open_dialog(self, dialog: QDialog) -> QDialog: ...

        def _run(self, work: Callable[[], T], on_done: Callable[[T], None] | None = None,
                 on_error: Callable[[Exception], None] | None = None) -> None: ...

    def _load_group(self, group_id: str, select_seat_id: str | None = None) -> None:
        assert self.session is not None
        name = next((g.name for g in self._groups if g.id == group_id), "")
        shown = self.group_page.group()
        if shown is None or shown.id != group_id:
            self.group_page.show_loading(name)
        programme, today = self.session.programme, self._today

        def show(detail: GroupDetail) -> None:
            # A later click may have moved on to another group meanwhile.
            if self.current_key() == f"group:{detail.id}":
                self.group_page.set_group(detail, select_seat_id)

        self._run(lambda: programme.group(group_id, on=today), show)

    def _load_people(self, select_id: str | None = None) -> None:
        assert self.session is not None
        query, people = self.people_page.search.text(), self.session.people

        def show(records: list[PersonRecord]) -> None:
            self.people_page.set_people(records, select_id)

        self._run(lambda: people.list_people(query), show)

    def _load_person_record(self) -> None:
        """Show the chosen person's seats and attendance record beneath the people list."""
        person = self.people_page.selected_person()
        if person is None or self.session is None:
            self.people_page.set_person_record("")
            return
        people, meetings = self.session.people, self.session.meetings

        def fetch() -> tuple[list[AppointmentView], AttendanceTally]:
            return people.appointments_for_person(person.id), meetings.attendance_record(person.id)

        def show(result: tuple[list[AppointmentView], AttendanceTally]) -> None:
            chosen = self.people_page.selected_person()
            if chosen is not None and chosen.id == person.id:  # still the one asked about
                self.people_page.set_person_record(person_record_text(*result))

        self._run(fetch, show)

    def _selected_person_id(self) -> str | None:
        if self.session is None:
            return None
        page = self.pages.currentWidget()
        if page is self.people_page:
            person = self.people_page.selected_person()
            return person.id if person else None
        if page is self.group_page:
            seat = self.group_page.selected_seat()
            return seat.holder.person_id if seat and seat.holder else None
        return None

    def new_person(self) -> None:
        if self.session is None:
            return
        dialog = PersonDialog(self.runner, self.session.people, parent=self)
        dialog.saved.connect(self._person_saved)
        self._open_dialog(dialog)

    def edit_person(self) -> None:
        person_id = self._selected_person_id()
        if self.session is None or person_id is None:
            return
        people = self.session.people

        def open_editor(person: PersonRecord) -> None:
            dialog = PersonDialog(self.runner, people, person, parent=self)
            dialog.saved.connect(self._person_saved)
            self._open_dialog(dialog)

        self._run(lambda: people.get(person_id), open_editor)

    def _person_saved(self, person: PersonRecord) -> None:
        self.statusBar().showMessage(f"Saved {person.full_name}.", 5000)
        if self.pages.currentWidget() is self.people_page:
            self._load_people(select_id=person.id)
        else:
            self.refresh()

    def appoint(self) -> None:
        seat = self.group_page.selected_seat()
        group = self.group_page.group()
        if self.session is None or seat is None or group is None:
            return
        dialog = AppointmentDialog(
            self.runner, self.session.people, seat, group.name, today=self._today, parent=self
        )
        dialog.saved.connect(self._appointment_saved)
        self._open_dialog(dialog)

    def end_appointment(self) -> None:
        seat = self.group_page.selected_seat()
        if self.session is None or seat is None or seat.holder is None:
            return
        dialog = EndAppointmentDialog(
            self.runner, self.session.people, seat.holder, today=self._today, parent=self
        )
        dialog.saved.connect(self._appointment_saved)
        self._open_dialog(dialog)

    def _appointment_saved(self, appointment: Any) -> None:
        verb = "no longer holds" if appointment.end_date else "appointed to"
        self.statusBar().showMessage(
            f"{appointment.person_name} {verb} {appointment.seat_title}.", 5000
        )
        group = self.group_page.group()
        if group is not None and self.pages.currentWidget() is self.group_page:
            self._load_group(group.id, select_seat_id=appointment.seat_id)

    def seat_role(self) -> None:
        seat = self.group_page.selected_seat()
        group = self.group_page.group()
        if self.session is None or seat is None or group is None:
            return
        dialog = SeatRoleDialog(self.runner, self.session.people, seat, group.name, parent=self)
        dialog.saved.connect(self._seat_role_saved)
        self._open_dialog(dialog)

    def _seat_role_saved(self, seat: Any) -> None:
        self.statusBar().showMessage(role_saved_message(seat), 5000)
        group = self.group_page.group()
        if group is not None and self.pages.currentWidget() is self.group_page:
            self._load_group(group.id, select_seat_id=seat.id)

    def _seat_activated(self) -> None:
        seat = self.group_page.selected_seat()
        if seat is None:
            return
        if seat.holder is None:
            self.appoint()
        else:
            self.edit_person()
