"""The main window's People and Groups menus: new and edit person, appoint, end an
appointment, and a seat's role.

A mixin of ``MainWindow`` (gui/shell/window.py), split out to keep that module readable in
one sitting (docs/contributing.md); the names below the class line are the window's,
declared so that the type checker knows what these methods use. The Groups and People
pages load themselves (``open(context)``); after a change these commands ask them to
load again. The pages and the dialogs are imported where they are used, so importing
the shell builds and loads none of them (docs/architecture.md, "Start-up").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime as dt

    from PySide6.QtWidgets import QDialog, QMainWindow

    from sen_desktop.core.people.records import PersonRecord
    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.groups.page import GroupPage
    from sen_desktop.gui.people.page import PeoplePage
    from sen_desktop.gui.shell.session import OpenProgramme

    _Base = QMainWindow
else:
    _Base = object  # the window brings QMainWindow itself


class PeopleCommands(_Base):
    """People, seats and appointments, for the main window."""

    session: OpenProgramme | None
    runner: TaskRunner
    _today: dt.date | None

    if TYPE_CHECKING:  # the window's own, declared for the type checker only
        group_page: GroupPage  # built the first time it is asked for
        people_page: PeoplePage

        def current_view(self) -> str | None: ...

        def refresh(self) -> None: ...

        def _open_dialog(self, dialog: QDialog) -> QDialog: ...

    def _selected_person_id(self) -> str | None:
        """The person chosen on the People page, or the holder of the seat chosen on a
        group's page."""
        if self.session is None:
            return None
        view = self.current_view()
        if view == "people":
            person = self.people_page.selected_person()
            return person.id if person else None
        if view == "groups":
            seat = self.group_page.selected_seat()
            return seat.holder.person_id if seat and seat.holder else None
        return None

    def new_person(self) -> None:
        from sen_desktop.gui.common.dialogs import PersonDialog

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
            from sen_desktop.gui.common.dialogs import PersonDialog

            dialog = PersonDialog(self.runner, people, person, parent=self)
            dialog.saved.connect(self._person_saved)
            self._open_dialog(dialog)

        self.runner.run(lambda: people.get(person_id), open_editor, owner=self)

    def _person_saved(self, person: PersonRecord) -> None:
        self.statusBar().showMessage(f"Saved {person.full_name}.", 5000)
        if self.current_view() == "people":
            self.people_page.reload(select_id=person.id)
        else:
            self.refresh()

    def appoint(self) -> None:
        from sen_desktop.gui.people.appointment_dialog import AppointmentDialog

        if self.session is None or self.current_view() != "groups":
            return
        seat, group = self.group_page.selected_seat(), self.group_page.group()
        if seat is None or group is None:
            return
        dialog = AppointmentDialog(
            self.runner, self.session.people, seat, group.name, today=self._today, parent=self
        )
        dialog.saved.connect(self._appointment_saved)
        self._open_dialog(dialog)

    def end_appointment(self) -> None:
        from sen_desktop.gui.common.dialogs import EndAppointmentDialog

        if self.session is None or self.current_view() != "groups":
            return
        seat = self.group_page.selected_seat()
        if seat is None or seat.holder is None:
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
        self._reload_group(appointment.seat_id)

    def seat_role(self) -> None:
        from sen_desktop.gui.people.seat_role_dialog import SeatRoleDialog

        if self.session is None or self.current_view() != "groups":
            return
        seat, group = self.group_page.selected_seat(), self.group_page.group()
        if seat is None or group is None:
            return
        dialog = SeatRoleDialog(self.runner, self.session.people, seat, group.name, parent=self)
        dialog.saved.connect(self._seat_role_saved)
        self._open_dialog(dialog)

    def _seat_role_saved(self, seat: Any) -> None:
        from sen_desktop.gui.people.seat_role_dialog import role_saved_message

        self.statusBar().showMessage(role_saved_message(seat), 5000)
        self._reload_group(seat.id)

    def _reload_group(self, seat_id: str) -> None:
        """The group on show loads again, with ``seat_id`` chosen (not when the person
        has moved to another page meanwhile)."""
        if self.current_view() != "groups":
            return
        group = self.group_page.group()
        if group is not None:
            self.group_page.reload(group.id, select_seat_id=seat_id)

    def _seat_activated(self) -> None:
        seat = self.group_page.selected_seat() if self.current_view() == "groups" else None
        if seat is None:
            return
        if seat.holder is None:
            self.appoint()
        else:
            self.edit_person()
