"""The People page (the table of pages, gui/shell/pages.py): everyone the programme knows,
with a search box, New person… and Edit person…, and the chosen person's seats and
attendance record beneath, each loaded on the worker when the page is opened.

The window's People menu commands are gui/people/commands.py; the forms are
gui/common/dialogs.py's PersonDialog and gui/people/appointment_dialog.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget

from sen_desktop.core.people.records import AppointmentView, PersonRecord
from sen_desktop.core.validation import uk_date
from sen_desktop.gui.common.models import RecordTableModel
from sen_desktop.gui.common.widgets import label, page_layout, record_table

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sen_desktop.core.meetings.records import AttendanceTally
    from sen_desktop.gui.shell.pages import PageContext


class PeopleTableModel(RecordTableModel[PersonRecord]):
    """Name | Job title | Organisation | Email | Phone."""

    headers = ("Name", "Job title", "Organisation", "Email", "Phone")

    def cell(self, person: PersonRecord, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (
                person.full_name,
                person.job_title,
                person.organisation,
                person.email,
                person.phone,
            )[column]
        return None


def person_record_text(
    appointments: Sequence[AppointmentView], tally: AttendanceTally
) -> str:
    """"Seats: … Attendance: …" for the People page, in words a secretary reads aloud."""
    seats = [
        f"{a.group_name}, {a.seat_title} (from {uk_date(a.start_date)}"
        + (f" to {uk_date(a.end_date)})" if a.end_date else ")")
        for a in appointments
    ]
    seat_text = "Seats: " + ("; ".join(seats) if seats else "none") + "."
    if tally.expected == 0 and tally.substitute == 0:
        return seat_text + " Attendance: no meetings held yet as a member."
    return (
        f"{seat_text} Attendance (meetings held, cancelled ones not counted): expected at "
        f"{tally.expected}; present at {tally.present}, apologies for {tally.apologies}, "
        f"absent from {tally.absent}; attended {tally.substitute} as a substitute."
    )


class PeoplePage(QWidget):
    """Everyone the programme knows, with a search box and New / Edit buttons."""

    loaded = Signal()
    #: The search text after the person stopped typing for a moment.
    search_changed = Signal(str)
    new_requested = Signal()
    edit_requested = Signal()
    selection_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context: PageContext | None = None
        self.heading = label("People", role="heading")
        self.search = QLineEdit()
        self.search.setAccessibleName("Search people")
        self.search.setPlaceholderText("Name or organisation")
        self.search.setClearButtonEnabled(True)
        search_label = label("&Search:")
        search_label.setBuddy(self.search)
        # Wait for a pause in typing rather than query on every key.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(lambda: self.search_changed.emit(self.search.text()))
        self.search.textChanged.connect(lambda _text: self._debounce.start())

        self.model = PeopleTableModel(self)
        self.table = record_table("People")
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(header.ResizeMode.Stretch)
        header.setSectionResizeMode(4, header.ResizeMode.Interactive)  # phone numbers are short
        header.resizeSection(4, 150)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.selection_changed.emit()
        )
        self.table.activated.connect(lambda *_: self.edit_requested.emit())
        self.empty_note = label("", role="facts", wrap=True)
        # The chosen person's seats and attendance record, loaded when they are chosen.
        self.record_note = label("", role="facts", wrap=True)
        self.record_note.setAccessibleDescription(
            "Seats and attendance record of the chosen person")
        self.record_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                                 | Qt.TextInteractionFlag.TextSelectableByMouse)

        self.new_button = QPushButton("&New person…")
        self.new_button.clicked.connect(self.new_requested)
        self.edit_button = QPushButton("&Edit person…")
        self.edit_button.clicked.connect(self.edit_requested)
        self.selection_changed.connect(
            lambda: self.edit_button.setEnabled(self.selected_person() is not None)
        )
        self.selection_changed.connect(self._load_record)
        self.search_changed.connect(lambda _text: self.reload())
        self.edit_button.setEnabled(False)

        layout = page_layout(self)
        layout.addWidget(self.heading)
        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        layout.addLayout(search_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_note)
        layout.addWidget(self.record_note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def open(self, context: PageContext) -> None:
        """List the people matching the search box, on the worker."""
        self._context = context
        self.reload()

    def reload(self, select_id: str | None = None) -> None:
        """List the people again (after a change), choosing ``select_id`` if given."""
        context = self._context
        if context is None:
            return
        query, people = self.search.text(), context.session.people
        context.runner.run(lambda: people.list_people(query),
                           lambda records: self.set_people(records, select_id),
                           channel="people", owner=self)

    def _load_record(self) -> None:
        """The chosen person's seats and attendance record, beneath the list."""
        person, context = self.selected_person(), self._context
        if person is None or context is None:
            self.set_person_record("")
            return
        people, meetings = context.session.people, context.session.meetings

        def fetch() -> tuple[list[AppointmentView], AttendanceTally]:
            return people.appointments_for_person(person.id), meetings.attendance_record(person.id)

        def show(result: tuple[list[AppointmentView], AttendanceTally]) -> None:
            chosen = self.selected_person()
            if chosen is not None and chosen.id == person.id:  # still the one asked about
                self.set_person_record(person_record_text(*result))

        context.runner.run(fetch, show, channel="people:record", owner=self)

    def set_people(self, people: Sequence[PersonRecord], select_id: str | None = None) -> None:
        previous = self.selected_person()
        self.model.set_records(people)
        if not people:
            self.empty_note.setText(
                "No one matches this search." if self.search.text()
                else "No people yet. Add the members of the groups with New person…, "
                "then appoint them to seats from a group's page."
            )
        self.empty_note.setVisible(not people)
        keep = select_id or (previous.id if previous else None)
        if keep:
            self.select_person(keep)
        self.edit_button.setEnabled(self.selected_person() is not None)
        self.loaded.emit()

    def set_person_record(self, text: str) -> None:
        self.record_note.setText(text)

    def selected_person(self) -> PersonRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def select_person(self, person_id: str) -> bool:
        row = self.model.row_of(person_id)
        if row < 0:
            return False
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        return True
