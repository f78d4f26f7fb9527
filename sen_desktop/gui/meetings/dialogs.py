"""The Meetings page's dialogs: schedule (or edit) a meeting, an agenda item, a
substitute or someone in attendance, and a declaration of interest.

Each is a Designer form (ui/*.ui) on ServiceDialog: Save runs one MeetingService call on
the worker, and a refusal comes back as a message beside the field it names.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sen_desktop.core.dates import uk_date
from sen_desktop.core.meetings.records import (
    INTEREST_LABELS,
    SCHEDULE_12A,
    AgendaItemRecord,
    DeclarationRecord,
    MeetingDetail,
)
from sen_desktop.gui.common.dialogs import PersonDialog, ServiceDialog, setup_form
from sen_desktop.gui.forms.ui_agenda_item_dialog import Ui_AgendaItemDialog
from sen_desktop.gui.forms.ui_attendee_dialog import Ui_AttendeeDialog
from sen_desktop.gui.forms.ui_declaration_dialog import Ui_DeclarationDialog
from sen_desktop.gui.forms.ui_schedule_meeting_dialog import Ui_ScheduleMeetingDialog
from sen_desktop.gui.people.appointment_dialog import person_label

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from PySide6.QtWidgets import QWidget

    from sen_desktop.core.meetings.service import MeetingService
    from sen_desktop.core.people.records import PersonRecord
    from sen_desktop.core.people.service import PeopleService
    from sen_desktop.core.programme.records import GroupSummary
    from sen_desktop.gui.common.tasks import TaskRunner

DEFAULT_START = dt.time(10, 0)
DEFAULT_END = dt.time(12, 0)


class ScheduleMeetingDialog(ServiceDialog):
    """Schedule meeting… (MeetingService.schedule), or Edit details… of a meeting
    (update_meeting) with the group fixed."""

    def __init__(
        self,
        runner: TaskRunner,
        meetings: MeetingService,
        groups: Sequence[GroupSummary],
        meeting: MeetingDetail | None = None,
        group_id: str | None = None,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._meetings = meetings
        self._meeting = meeting
        self.ui = Ui_ScheduleMeetingDialog()
        setup_form(self.ui, self)
        ui = self.ui
        self._bind(
            ui.button_box,
            ui.form_error,
            {
                "group": (ui.group_combo, ui.group_error),
                "date": (ui.date_edit, ui.date_error),
                "start_time": (ui.start_time_edit, ui.start_time_error),
                "end_time": (ui.end_time_edit, ui.end_time_error),
                "venue": (ui.venue_edit, ui.venue_error),
            },
            aliases={"group_id": "group"},
        )
        for group in groups:
            ui.group_combo.addItem(group.name, group.id)
        ui.date_edit.setToday(today)
        # Times not yet known are left empty (the papers then give the date alone).
        for edit in (ui.start_time_edit, ui.end_time_edit):
            edit.setRequired(False)
            edit.setEmptyText("Not yet known")
        if meeting is None:
            self.setWindowTitle("Schedule meeting")
            ui.group_combo.setCurrentIndex(ui.group_combo.findData(group_id) if group_id else -1)
            ui.group_combo.setPlaceholderText("Choose a group…")
            ui.date_edit.setValue(today or dt.date.today())
            ui.start_time_edit.setValue(DEFAULT_START)
            ui.end_time_edit.setValue(DEFAULT_END)
            ui.group_combo.setFocus()
        else:
            self.setWindowTitle(f"Edit details: {meeting.group_name}, meeting {meeting.number}")
            ui.group_combo.setCurrentIndex(ui.group_combo.findData(meeting.group_id))
            ui.group_combo.setEnabled(False)
            ui.date_edit.setValue(meeting.date)
            ui.start_time_edit.setValue(meeting.start_time)
            ui.end_time_edit.setValue(meeting.end_time)
            ui.venue_edit.setText(meeting.venue)
            ui.date_edit.setFocus()
        self.save_button.setText("&Schedule" if meeting is None else "&Save")

    def _work(self) -> Callable[[], MeetingDetail] | None:
        ui = self.ui
        group_id = ui.group_combo.currentData()
        if not group_id:
            self.show_error("Choose the group that is meeting.", "group")
            return None
        if not self.typed_fields_read(ui.date_edit, ui.start_time_edit, ui.end_time_edit):
            return None
        day = ui.date_edit.read_value()
        start = ui.start_time_edit.value()
        end = ui.end_time_edit.value()
        venue = ui.venue_edit.text()
        meetings = self._meetings
        if self._meeting is None:
            return lambda: meetings.schedule(group_id, day, start, end, venue)
        meeting_id = self._meeting.id
        return lambda: meetings.update_meeting(
            meeting_id, date=day, start_time=start, end_time=end, venue=venue
        )


class AgendaItemDialog(ServiceDialog):
    """Add agenda item… / Edit agenda item…: title, presenter, paper reference, and
    whether it is confidential (with the Schedule 12A paragraph and the reason)."""

    def __init__(
        self,
        runner: TaskRunner,
        meetings: MeetingService,
        meeting_id: str,
        item: AgendaItemRecord | None = None,
        position: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._meetings = meetings
        self._meeting_id = meeting_id
        self._item = item
        self._position = position
        self.ui = Ui_AgendaItemDialog()
        setup_form(self.ui, self)
        ui = self.ui
        self._bind(
            ui.button_box,
            ui.form_error,
            {
                "title": (ui.title_edit, ui.title_error),
                "presenter": (ui.presenter_edit, ui.presenter_error),
                "paper_ref": (ui.paper_ref_edit, ui.paper_ref_error),
                "exempt_paragraph": (ui.paragraph_combo, ui.exempt_paragraph_error),
                "exempt_reason": (ui.reason_edit, ui.exempt_reason_error),
            },
        )
        ui.paragraph_combo.addItem("None cited", None)
        for number, words in SCHEDULE_12A.items():
            ui.paragraph_combo.addItem(f"{number}. {words}", number)
        ui.exempt_check.toggled.connect(self._exempt_toggled)
        if item is None:
            self.setWindowTitle("Add agenda item")
        else:
            self.setWindowTitle(f"Edit agenda item: {item.title}")
            ui.title_edit.setText(item.title)
            ui.title_edit.setCursorPosition(0)
            ui.presenter_edit.setText(item.presenter)
            ui.paper_ref_edit.setText(item.paper_ref)
            ui.exempt_check.setChecked(item.exempt)
            ui.paragraph_combo.setCurrentIndex(
                max(0, ui.paragraph_combo.findData(item.exempt_paragraph))
            )
            ui.reason_edit.setPlainText(item.exempt_reason)
        self._exempt_toggled(ui.exempt_check.isChecked())
        ui.title_edit.setFocus()

    def _exempt_toggled(self, exempt: bool) -> None:
        self.ui.paragraph_combo.setEnabled(exempt)
        self.ui.reason_edit.setEnabled(exempt)

    def _work(self) -> Callable[[], AgendaItemRecord]:
        ui = self.ui
        values: dict[str, Any] = {
            "title": ui.title_edit.text(),
            "presenter": ui.presenter_edit.text(),
            "paper_ref": ui.paper_ref_edit.text(),
            "exempt": ui.exempt_check.isChecked(),
            "exempt_paragraph": ui.paragraph_combo.currentData(),
            "exempt_reason": ui.reason_edit.toPlainText(),
        }
        meetings = self._meetings
        if self._item is None:
            meeting_id, position = self._meeting_id, self._position
            return lambda: meetings.add_agenda_item(meeting_id, position=position, **values)
        item_id = self._item.id
        return lambda: meetings.update_agenda_item(item_id, **values)


class AttendeeDialog(ServiceDialog):
    """Substitute… (a person attending for a member who sends apologies) or Add in
    attendance… (an officer or guest, in a capacity). The person list loads on the
    worker and leaves out whoever is already on the attendance list."""

    SUBSTITUTE = "substitute"
    IN_ATTENDANCE = "in_attendance"

    def __init__(
        self,
        runner: TaskRunner,
        meetings: MeetingService,
        people: PeopleService,
        meeting: MeetingDetail,
        mode: str,
        member_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._meetings = meetings
        self._people = people
        self._meeting = meeting
        self._mode = mode
        self.people_loaded = False
        self.new_person_dialog: PersonDialog | None = None
        self.ui = Ui_AttendeeDialog()
        setup_form(self.ui, self)
        ui = self.ui
        self._bind(
            ui.button_box,
            ui.form_error,
            {
                "member": (ui.member_combo, ui.member_error),
                "person": (ui.person_combo, ui.person_error),
                "capacity": (ui.capacity_edit, ui.capacity_error),
            },
            aliases={"substitute_for_id": "member", "person_id": "person"},
        )
        substitute = mode == self.SUBSTITUTE
        shown: tuple[tuple[QWidget, bool], ...] = (
            (ui.member_label, substitute),
            (ui.member_combo, substitute),
            (ui.capacity_label, not substitute),
            (ui.capacity_edit, not substitute),
        )
        for widget, visible in shown:
            widget.setVisible(visible)
        if substitute:
            self.setWindowTitle("Substitute")
            ui.person_label.setText("&Substitute:")
            ui.person_combo.setAccessibleName("Substitute")
            ui.intro_label.setText(
                "A substitute attends in place of a member, who is recorded as sending "
                "apologies. The substitute counts towards the quorum."
            )
            for record in meeting.attendance:
                if record.is_member:
                    ui.member_combo.addItem(
                        f"{record.person_name} ({record.capacity})" if record.capacity
                        else record.person_name,
                        record.person_id,
                    )
            ui.member_combo.setCurrentIndex(
                ui.member_combo.findData(member_id) if member_id else -1
            )
            ui.member_combo.setPlaceholderText("Choose the member…")
        else:
            self.setWindowTitle("Add in attendance")
            ui.intro_label.setText(
                "Officers and guests are recorded as in attendance, in the capacity they "
                "attend; they do not count towards the quorum."
            )
        ui.person_combo.setPlaceholderText("Loading people…")
        ui.person_combo.setEnabled(False)
        ui.new_person_button.clicked.connect(self.open_new_person)
        self.save_button.setText("&Add")
        self.reload_people()
        (ui.member_combo if substitute and member_id is None else ui.person_combo).setFocus()

    def reload_people(self, select_id: str | None = None) -> None:
        self._runner.run(
            self._people.list_people,
            lambda people: self._fill_people(people, select_id),
            lambda error: self.show_error(f"The list of people could not be read: {error}"),
            owner=self,
        )

    def _fill_people(self, people: list[PersonRecord], select_id: str | None) -> None:
        listed = {record.person_id for record in self._meeting.attendance}
        combo = self.ui.person_combo
        combo.clear()
        for person in people:
            if person.id not in listed:
                combo.addItem(person_label(person), person.id)
        combo.setPlaceholderText("Choose a person…" if combo.count() else "No one else: add one")
        combo.setEnabled(True)
        combo.setCurrentIndex(combo.findData(select_id) if select_id else -1)
        self.people_loaded = True
        if self.focusWidget() is None:
            combo.setFocus()

    def select(self, combo_name: str, person_id: str) -> bool:
        """Choose ``person_id`` in the member or person combo (for tests and callers)."""
        combo = self.ui.member_combo if combo_name == "member" else self.ui.person_combo
        index = combo.findData(person_id)
        combo.setCurrentIndex(index)
        return index >= 0

    def open_new_person(self) -> None:
        dialog = PersonDialog(self._runner, self._people, parent=self)
        dialog.saved.connect(lambda person: self.reload_people(select_id=person.id))
        self.new_person_dialog = dialog
        dialog.open()

    def _work(self) -> Callable[[], Any] | None:
        ui = self.ui
        person_id = ui.person_combo.currentData()
        meetings, meeting_id = self._meetings, self._meeting.id
        if self._mode == self.SUBSTITUTE:
            member_id = ui.member_combo.currentData()
            if not member_id:
                self.show_error("Choose the member the substitute stands in for.", "member")
                return None
            if not person_id:
                self.show_error("Choose the substitute, or add a new person.", "person")
                return None
            return lambda: meetings.set_substitute(meeting_id, member_id, person_id)
        if not person_id:
            self.show_error("Choose who is in attendance, or add a new person.", "person")
            return None
        capacity = ui.capacity_edit.text()
        return lambda: meetings.add_in_attendance(meeting_id, person_id, capacity)


class DeclarationDialog(ServiceDialog):
    """Add declaration… / Edit declaration…: who, on which item, the type of interest,
    its nature, and whether they left the room."""

    def __init__(
        self,
        runner: TaskRunner,
        meetings: MeetingService,
        meeting: MeetingDetail,
        declaration: DeclarationRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._meetings = meetings
        self._meeting = meeting
        self._declaration = declaration
        self.ui = Ui_DeclarationDialog()
        setup_form(self.ui, self)
        ui = self.ui
        self._bind(
            ui.button_box,
            ui.form_error,
            {
                "person": (ui.person_combo, ui.person_error),
                "item": (ui.item_combo, ui.item_error),
                "type": (ui.type_combo, ui.type_error),
                "nature": (ui.nature_edit, ui.nature_error),
            },
            aliases={"person_id": "person", "agenda_item_id": "item", "interest_type": "type"},
        )
        for record in meeting.attendance:
            if record.status not in ("apologies", "absent"):
                ui.person_combo.addItem(record.person_name, record.person_id)
        ui.person_combo.setPlaceholderText("Choose who declares…")
        ui.item_combo.addItem("General (no particular item)", None)
        for item in meeting.agenda:
            number = f"{item.minute_number}. " if item.minute_number else ""
            ui.item_combo.addItem(f"{number}{item.title}", item.id)
        for kind, words in INTEREST_LABELS.items():
            ui.type_combo.addItem(words, kind)
        if declaration is None:
            self.setWindowTitle("Add declaration of interest")
            ui.person_combo.setCurrentIndex(-1)
        else:
            self.setWindowTitle(f"Edit declaration: {declaration.person_name}")
            ui.person_combo.setCurrentIndex(ui.person_combo.findData(declaration.person_id))
            ui.person_combo.setEnabled(False)
            ui.item_combo.setCurrentIndex(max(0, ui.item_combo.findData(
                declaration.agenda_item_id)))
            ui.type_combo.setCurrentIndex(max(0, ui.type_combo.findData(
                declaration.interest_type)))
            ui.nature_edit.setPlainText(declaration.nature)
            ui.left_room_check.setChecked(declaration.left_room)
        ui.person_combo.setFocus()

    def _work(self) -> Callable[[], DeclarationRecord] | None:
        ui = self.ui
        person_id = ui.person_combo.currentData()
        if not person_id:
            self.show_error("Choose who is declaring an interest.", "person")
            return None
        item_id = ui.item_combo.currentData()
        kind = ui.type_combo.currentData()
        nature = ui.nature_edit.toPlainText()
        left = ui.left_room_check.isChecked()
        meetings = self._meetings
        if self._declaration is None:
            meeting_id = self._meeting.id
            return lambda: meetings.add_declaration(
                meeting_id, person_id, kind, nature, agenda_item_id=item_id, left_room=left
            )
        declaration_id = self._declaration.id
        return lambda: meetings.update_declaration(
            declaration_id, interest_type=kind, nature=nature, agenda_item_id=item_id,
            left_room=left,
        )


def cancel_question(meeting: MeetingDetail) -> str:
    return (
        f"Cancel meeting {meeting.number} of the {meeting.group_name} on "
        f"{uk_date(meeting.date)}? It keeps its number and its record, but counts "
        "in no attendance figure, and the next meeting follows on from the one before it."
    )
