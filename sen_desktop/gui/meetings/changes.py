"""What the Meetings page changes: the meeting itself (schedule, edit, move on its
status, confirm the previous minutes, cancel), its agenda, attendance and declarations.

A mixin of ``MeetingsPage``. Every change runs on the worker and comes back as the
meeting the database now holds, so the page never shows a change that was refused; a
refusal is one sentence above the meeting.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from sen_desktop.core.errors import SenError
from sen_desktop.gui.meetings.dialogs import (
    AgendaItemDialog,
    AttendeeDialog,
    DeclarationDialog,
    ScheduleMeetingDialog,
    cancel_question,
)
from sen_desktop.gui.meetings.view import MeetingsView

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    from PySide6.QtCore import SignalInstance

    from sen_desktop.core.meetings.records import MeetingDetail
    from sen_desktop.core.programme.records import GroupSummary
    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.shell.session import OpenProgramme

log = logging.getLogger(__name__)

#: The button that moves a meeting on to its next status, by its current status.
NEXT_STEP = {
    "planned": ("Mark as held", "held"),
    "held": ("Minutes in draft", "minutes_draft"),
    "minutes_draft": ("Minutes checked by the chair", "checked"),
    "checked": ("Circulate minutes", "circulated"),
    "cancelled": ("Reinstate meeting", "planned"),
}


class MeetingChanges(MeetingsView):
    """The changes ``MeetingsPage`` makes; reading and showing are the page's."""

    if TYPE_CHECKING:  # provided by MeetingsPage
        _runner: TaskRunner | None
        _session: OpenProgramme | None
        _today: dt.date | None
        _groups: list[GroupSummary]
        _detail: MeetingDetail | None
        dialog: QDialog | None
        loaded: SignalInstance
        minutes_requested: SignalInstance

        def reload(self, select_id: str | None = None) -> None: ...
        def is_editable(self) -> bool: ...
        def _show_detail(self, detail: MeetingDetail | None) -> None: ...
        def _add_groups(self, groups: list[GroupSummary]) -> None: ...

    def _change(
        self,
        work: Callable[[], Any],
        select_item: str | None = None,
        reload_list: bool = False,
        focus: QWidget | None = None,
    ) -> None:
        """Run a change, then show the meeting as the database now has it."""
        detail = self._detail
        if self._session is None or self._runner is None or detail is None:
            return
        meetings, meeting_id = self._session.meetings, detail.id

        def run() -> MeetingDetail:
            work()
            return meetings.meeting(meeting_id)

        def done(fresh: MeetingDetail) -> None:
            self._show_detail(fresh)
            if select_item:
                self.agenda.select_item(select_item)
            if focus is not None:
                focus.setFocus()
            if reload_list:
                self.reload(select_id=fresh.id)
            else:
                self.loaded.emit()

        # A change is never on a channel: each one is written, in order.
        self._runner.run(run, done, self._failed, owner=self)

    def _failed(self, error: Exception) -> None:
        if isinstance(error, SenError):
            text = error.message
        else:
            log.error("a meetings task failed", exc_info=error)
            text = f"This could not be done, and nothing was changed: {error}"
        self.message.setText(text)
        self.message.show()

    def _open(self, dialog: QDialog) -> QDialog:
        # open(), not exec(): no nested event loop, so tests can drive it.
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    # meetings

    def schedule_meeting(self) -> None:
        if self._session is None or self._runner is None:
            return
        if not self._groups:  # asked for from the menu before the page had loaded
            self._runner.run(self._session.programme.list_groups, self._groups_then_schedule,
                             self._failed, channel="meetings:groups", owner=self)
            return
        group_id = self.group_combo.currentData() or (
            self._detail.group_id if self._detail is not None else None
        )
        dialog = ScheduleMeetingDialog(
            self._runner, self._session.meetings, self._groups, group_id=group_id,
            today=self._today, parent=self,
        )
        dialog.saved.connect(lambda detail: self._scheduled(detail))
        self._open(dialog)

    def _groups_then_schedule(self, groups: list[GroupSummary]) -> None:
        if not self._groups:
            self._add_groups(groups)
        if self._groups:
            self.schedule_meeting()

    def _scheduled(self, detail: MeetingDetail) -> None:
        self._show_detail(detail)
        # Show it in the list even if the filters would hide it.
        if self.group_combo.currentData() not in (None, detail.group_id):
            self.group_combo.setCurrentIndex(0)
        self.when_combo.setCurrentIndex(0)
        self.reload(select_id=detail.id)

    def edit_details(self) -> None:
        detail = self._detail
        if self._session is None or self._runner is None or detail is None:
            return
        dialog = ScheduleMeetingDialog(
            self._runner, self._session.meetings, self._groups, meeting=detail, parent=self
        )
        dialog.saved.connect(self._details_saved)
        self._open(dialog)

    def _open_minutes(self) -> None:
        if self._detail is not None:
            item = self.agenda.selected_item()
            self.minutes_requested.emit(self._detail.id, item.id if item is not None else "")

    def _details_saved(self, fresh: MeetingDetail) -> None:
        self._show_detail(fresh)
        self.reload(select_id=fresh.id)

    def advance_status(self) -> None:
        detail = self._detail
        step = NEXT_STEP.get(detail.status) if detail is not None else None
        if self._session is None or detail is None or step is None:
            return
        meetings, meeting_id, status = self._session.meetings, detail.id, step[1]
        self._change(lambda: meetings.set_status(meeting_id, status), reload_list=True)

    def confirm_previous(self) -> None:
        if self._session is None or self._detail is None:
            return
        meetings, meeting_id = self._session.meetings, self._detail.id
        self._change(lambda: meetings.confirm_previous_minutes(meeting_id), reload_list=True)

    def cancel_meeting(self) -> None:
        detail = self._detail
        if self._session is None or detail is None or detail.status != "planned":
            return
        box = QMessageBox(
            QMessageBox.Icon.Question, "Cancel meeting", cancel_question(detail),
            QMessageBox.StandardButton.NoButton, self,
        )
        cancel = box.addButton("Cancel the meeting", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Keep it", QMessageBox.ButtonRole.RejectRole)
        meetings, meeting_id = self._session.meetings, detail.id

        def answered() -> None:
            if box.clickedButton() is cancel:
                self._change(lambda: meetings.cancel(meeting_id), reload_list=True)

        box.finished.connect(lambda _result: answered())
        self._open(box)

    # the agenda

    def add_agenda_item(self) -> None:
        detail = self._detail
        if self._session is None or self._runner is None or detail is None:
            return
        if not self.is_editable():
            return
        chosen = self.agenda.selected_item()
        # After the chosen business item, else before "Date of next meeting".
        position = chosen.position + 1 if chosen is not None and not chosen.standard else None
        dialog = AgendaItemDialog(
            self._runner, self._session.meetings, detail.id, position=position, parent=self
        )
        dialog.saved.connect(lambda item: self._item_saved(item.id))
        self._open(dialog)

    def edit_agenda_item(self) -> None:
        item = self.agenda.selected_item()
        if self._session is None or self._runner is None or item is None:
            return
        if not self.is_editable():
            return
        dialog = AgendaItemDialog(
            self._runner, self._session.meetings, item.meeting_id, item=item, parent=self
        )
        dialog.saved.connect(lambda saved: self._item_saved(saved.id))
        self._open(dialog)

    def _item_saved(self, item_id: str) -> None:
        self._change(lambda: None, select_item=item_id, focus=self.agenda.table)

    def move_agenda_item(self, item_id: str, position: int) -> None:
        if self._session is None:
            return
        meetings = self._session.meetings
        self._change(
            lambda: meetings.move_agenda_item(item_id, position),
            select_item=item_id,
            focus=self.agenda.table if self.agenda.table.hasFocus() else None,
        )

    def remove_agenda_item(self) -> None:
        item = self.agenda.selected_item()
        if self._session is None or item is None or item.standard:
            return
        meetings = self._session.meetings
        self._change(lambda: meetings.remove_agenda_item(item.id))

    # attendance

    def set_attendance(self, person_id: str, status: str) -> None:
        if self._session is None or self._detail is None:
            return
        meetings, meeting_id = self._session.meetings, self._detail.id
        self._change(lambda: meetings.set_attendance(meeting_id, person_id, status))

    def add_substitute(self) -> None:
        self._attendee_dialog(AttendeeDialog.SUBSTITUTE)

    def add_in_attendance(self) -> None:
        self._attendee_dialog(AttendeeDialog.IN_ATTENDANCE)

    def _attendee_dialog(self, mode: str) -> None:
        detail = self._detail
        if self._session is None or self._runner is None or detail is None:
            return
        chosen = self.attendance.selected()
        member = chosen.person_id if chosen is not None and chosen.is_member else None
        dialog = AttendeeDialog(
            self._runner, self._session.meetings, self._session.people, detail, mode,
            member_id=member, parent=self,
        )
        dialog.saved.connect(lambda _record: self._change(lambda: None))
        self._open(dialog)

    def remove_attendee(self) -> None:
        chosen = self.attendance.selected()
        if self._session is None or self._detail is None or chosen is None:
            return
        meetings, meeting_id = self._session.meetings, self._detail.id
        self._change(lambda: meetings.remove_attendee(meeting_id, chosen.person_id))

    # declarations

    def add_declaration(self) -> None:
        detail = self._detail
        if self._session is None or self._runner is None or detail is None:
            return
        dialog = DeclarationDialog(self._runner, self._session.meetings, detail, parent=self)
        dialog.saved.connect(lambda _record: self._change(lambda: None))
        self._open(dialog)

    def edit_declaration(self) -> None:
        detail, chosen = self._detail, self.declarations.selected()
        if self._session is None or self._runner is None or detail is None or chosen is None:
            return
        if not self.is_editable():
            return
        dialog = DeclarationDialog(
            self._runner, self._session.meetings, detail, chosen, parent=self
        )
        dialog.saved.connect(lambda _record: self._change(lambda: None))
        self._open(dialog)

    def remove_declaration(self) -> None:
        chosen = self.declarations.selected()
        if self._session is None or chosen is None:
            return
        meetings = self._session.meetings
        self._change(lambda: meetings.remove_declaration(chosen.id))

