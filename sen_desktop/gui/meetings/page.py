"""The Meetings page: the list of meetings (by group; upcoming, past or all) and the
chosen meeting: its details and status, its agenda, attendance and declarations.

The page runs its own MeetingService calls on the window's TaskRunner and shows what
comes back: every change returns the meeting as the database now has it, so the page
never shows a change that was refused. A refusal appears as a sentence above the
meeting, in words.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core.errors import SenError
from sen_desktop.core.meetings.records import (
    FROZEN_STATUSES,
    MEETING_STATUS_LABELS,
    MeetingDetail,
    MeetingSummary,
    venue_text,
    when_text,
)
from sen_desktop.core.records import GroupSummary
from sen_desktop.gui.common.tasks import TaskRunner
from sen_desktop.gui.common.widgets import at_least_rows, label, page_layout, record_table
from sen_desktop.gui.meetings.dialogs import (
    AgendaItemDialog,
    AttendeeDialog,
    DeclarationDialog,
    ScheduleMeetingDialog,
    cancel_question,
)
from sen_desktop.gui.meetings.models import MeetingListModel
from sen_desktop.gui.meetings.sections import AgendaSection, AttendanceSection, DeclarationSection

if TYPE_CHECKING:
    from sen_desktop.gui.shell.menus import Actions
    from sen_desktop.gui.shell.session import OpenProgramme

log = logging.getLogger(__name__)
T = TypeVar("T")

WHEN_CHOICES = (("All meetings", "all"), ("Upcoming", "upcoming"), ("Past", "past"))

#: The button that moves a meeting on to its next status, by its current status.
NEXT_STEP = {
    "planned": ("Mark as held", "held"),
    "held": ("Minutes in draft", "minutes_draft"),
    "minutes_draft": ("Minutes checked by the chair", "checked"),
    "checked": ("Circulate minutes", "circulated"),
    "cancelled": ("Reinstate meeting", "planned"),
}

EMPTY_TEXT = (
    "Schedule the first meeting of a group: choose the group, the date, the times and the "
    "venue. Every meeting starts with the standard agenda, and the members expected come "
    "from the group's seats on the day."
)


class MeetingsPage(QWidget):
    """Meetings of every group; the window hands it the runner and the open programme."""

    #: The page shows its data (the list, and the chosen meeting if there is one).
    loaded = Signal()
    #: What is chosen changed (the meeting or the agenda item): menu actions follow.
    selection_changed = Signal()
    #: Take or read the minutes: (meeting id, agenda item id or "").
    minutes_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner: TaskRunner | None = None
        self._session: OpenProgramme | None = None
        self._today: dt.date | None = None
        self._groups: list[GroupSummary] = []
        self._detail: MeetingDetail | None = None
        self._actions: Actions | None = None
        self._show_page: Callable[[], None] | None = None
        self.dialog: QDialog | None = None  # the dialog last opened, for tests

        self.heading = label("Meetings", role="heading")
        self.group_combo = QComboBox()
        self.group_combo.setAccessibleName("Show meetings of")
        self.group_combo.addItem("All groups", None)
        self.group_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.group_combo.setMinimumContentsLength(18)
        self.group_label = label("Group:")  # every letter is a menu's (Alt+O is Go)
        self.group_label.setBuddy(self.group_combo)
        self.when_combo = QComboBox()
        self.when_combo.setAccessibleName("Which meetings")
        for text, when in WHEN_CHOICES:
            self.when_combo.addItem(text, when)
        self.when_label = label("Sho&w:")
        self.when_label.setBuddy(self.when_combo)
        self.schedule_button = QPushButton("S&chedule meeting…")
        self.schedule_button.setAccessibleName("Schedule a meeting")
        self.schedule_button.clicked.connect(self.schedule_meeting)

        self.list_model = MeetingListModel(self)
        self.list_table = record_table("Meetings")
        self.list_table.setModel(self.list_model)
        self.list_table.setWordWrap(False)
        self.list_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.list_table.verticalHeader().setDefaultSectionSize(
            self.list_table.fontMetrics().height() + 10
        )
        header = self.list_table.horizontalHeader()
        header.setSectionResizeMode(header.ResizeMode.Interactive)
        for column, width in ((0, 120), (1, 90), (2, 50)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        self.list_table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._meeting_chosen(current.row())
        )
        self.list_note = label("", role="facts", wrap=True)

        self.title = label("", role="subheading")
        self.title.setAccessibleName("Meeting")
        self.facts = label("", role="facts", wrap=True)
        self.facts.setAccessibleName("Date, venue and status")
        self.message = label("", role="error", wrap=True)
        self.message.setAccessibleName("Problem")
        self.edit_button = QPushButton("E&dit details…")
        self.edit_button.setAccessibleName("Edit the meeting's date, times and venue")
        self.edit_button.clicked.connect(self.edit_details)
        self.status_button = QPushButton("Mark as held")
        self.status_button.setAccessibleName("Move the meeting to its next status")
        self.status_button.clicked.connect(self.advance_status)
        self.confirm_button = QPushButton("Confirm previous minutes")  # its letters are taken
        self.confirm_button.setAccessibleName("Confirm the previous meeting's minutes")
        self.confirm_button.clicked.connect(self.confirm_previous)
        self.minutes_button = QPushButton("&Minutes")
        self.minutes_button.setAccessibleName("Open the minutes of this meeting")
        self.minutes_button.clicked.connect(self._open_minutes)
        self.cancel_button = QPushButton("Cancel meeting…")
        self.cancel_button.setAccessibleName("Cancel this meeting")
        self.cancel_button.clicked.connect(self.cancel_meeting)

        self.agenda = AgendaSection()
        self.attendance = AttendanceSection()
        self.declarations = DeclarationSection()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.attendance, "Attendance")
        self.tabs.addTab(self.declarations, "Declarations")
        self.tabs.setAccessibleName("Attendance and declarations")
        self.tabs.tabBar().setAccessibleName("Attendance and declarations")

        self.empty_heading = label("No meetings yet", role="subheading")
        self.empty_text = label(EMPTY_TEXT, role="facts", wrap=True)
        self.empty_text.setAccessibleName("No meetings yet")
        self.empty_button = QPushButton("Schedule meeting…")
        self.empty_button.setAccessibleName("Schedule the first meeting")
        # The one thing to do on an empty page: large and bold, not coloured alone.
        self.empty_button.setStyleSheet("QPushButton { padding: 8px 20px; font-weight: 600; }")
        self.empty_button.clicked.connect(self.schedule_meeting)

        self._layout()
        self._connect()
        self._show_detail(None)

    # --- layout ------------------------------------------------------------------------

    def _layout(self) -> None:
        layout = page_layout(self)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.schedule_button)
        layout.addLayout(top)

        detail = QWidget()
        column = QVBoxLayout(detail)
        column.setContentsMargins(0, 8, 0, 0)
        column.addWidget(self.title)
        column.addWidget(self.facts)
        buttons = QHBoxLayout()
        for button in (self.edit_button, self.minutes_button, self.status_button,
                       self.confirm_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        column.addWidget(self.message)
        sections = QSplitter(Qt.Orientation.Horizontal)
        sections.setChildrenCollapsible(False)
        sections.addWidget(self.agenda)
        sections.addWidget(self.tabs)
        sections.setStretchFactor(0, 11)
        sections.setStretchFactor(1, 9)
        sections.setSizes([530, 410])
        column.addWidget(sections, 1)
        self.sections = sections
        # Side by side where they fit; one above the other on a narrow window, so the
        # chosen meeting scrolls down only (it scrolled both ways at 1280 wide).
        self.detail = detail
        # The detail scrolls rather than forcing the whole window wide or tall.
        detail_scroll = QScrollArea()
        detail_scroll.setWidget(detail)
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        detail_scroll.setMinimumWidth(320)
        detail_scroll.setAccessibleName("Chosen meeting")
        # Its controls take the focus (and it scrolls to them); it needs none itself.
        detail_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._detail_viewport = detail_scroll.viewport()
        self._detail_viewport.installEventFilter(self)

        listing = QWidget()
        list_column = QVBoxLayout(listing)
        list_column.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        for widget in (self.group_label, self.group_combo, self.when_label, self.when_combo):
            filters.addWidget(widget)
        filters.addStretch(1)
        list_column.addLayout(filters)
        list_column.addWidget(self.list_table, 1)
        list_column.addWidget(self.list_note)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(listing)
        self.splitter.addWidget(detail_scroll)
        self.splitter.setStretchFactor(1, 1)
        # Eight meetings in view however small the screen (four showed at 1366×768); the
        # chosen meeting scrolls below, its agenda and attendance eight rows tall each.
        list_height = at_least_rows(self.list_table)
        for table in (self.agenda.table, self.attendance.table):
            at_least_rows(table)
        self.splitter.setSizes([list_height + 40, 530])

        empty = QWidget()
        empty_column = QVBoxLayout(empty)
        empty_column.setContentsMargins(0, 32, 0, 0)
        empty_column.setSpacing(12)
        empty_column.addWidget(self.empty_heading)
        self.empty_text.setMaximumWidth(620)
        empty_column.addWidget(self.empty_text)
        empty_row = QHBoxLayout()
        empty_row.addWidget(self.empty_button)
        empty_row.addStretch(1)
        empty_column.addLayout(empty_row)
        empty_column.addStretch(1)
        self.empty_state = empty

        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(empty)
        layout.addWidget(self.stack, 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's)
        if watched is self._detail_viewport and event.type() == QEvent.Type.Resize:
            self._arrange_sections(self._detail_viewport.width())
        return False

    def _arrange_sections(self, width: int) -> None:
        side_by_side = (
            self.agenda.minimumSizeHint().width() + self.tabs.minimumSizeHint().width()
            + self.sections.handleWidth() + 8
        )
        wanted = (Qt.Orientation.Horizontal if width >= side_by_side
                  else Qt.Orientation.Vertical)
        if self.sections.orientation() != wanted:
            self.sections.setOrientation(wanted)
            self.sections.setSizes([530, 410] if wanted == Qt.Orientation.Horizontal
                                   else [400, 400])

    def _connect(self) -> None:
        self.group_combo.activated.connect(lambda _i: self.reload())
        self.when_combo.activated.connect(lambda _i: self.reload())
        agenda = self.agenda
        agenda.add_requested.connect(self.add_agenda_item)
        agenda.edit_requested.connect(self.edit_agenda_item)
        agenda.remove_requested.connect(self.remove_agenda_item)
        agenda.move_requested.connect(self.move_agenda_item)
        agenda.selection_changed.connect(self._selection_changed)
        attendance = self.attendance
        attendance.status_requested.connect(self.set_attendance)
        attendance.substitute_requested.connect(self.add_substitute)
        attendance.add_requested.connect(self.add_in_attendance)
        attendance.remove_requested.connect(self.remove_attendee)
        declarations = self.declarations
        declarations.add_requested.connect(self.add_declaration)
        declarations.edit_requested.connect(self.edit_declaration)
        declarations.remove_requested.connect(self.remove_declaration)

    # --- the window's side -----------------------------------------------------------

    def open(
        self,
        runner: TaskRunner,
        session: OpenProgramme,
        today: dt.date | None = None,
        meeting_id: str | None = None,
    ) -> None:
        """Show the page on the open programme: the list, and ``meeting_id`` (or the
        one already chosen, or the most recent meeting)."""
        first = self._session is not session
        self._runner, self._session, self._today = runner, session, today
        if first:
            self._detail = None
        self.reload(select_id=meeting_id)

    def connect_actions(self, actions: Actions, show_page: Callable[[], None]) -> None:
        """Wire the Meetings menu; ``show_page`` brings this page forward first."""
        self._actions, self._show_page = actions, show_page

        def on_page(command: Callable[[], None]) -> Callable[[], None]:
            def run() -> None:
                if not self.isVisible() and self._show_page is not None:
                    self._show_page()
                command()
            return run

        actions.schedule_meeting.triggered.connect(on_page(self.schedule_meeting))
        actions.add_agenda_item.triggered.connect(on_page(self.add_agenda_item))
        actions.move_item_up.triggered.connect(lambda: self.agenda.move_selected(-1))
        actions.move_item_down.triggered.connect(lambda: self.agenda.move_selected(1))
        actions.cancel_meeting.triggered.connect(on_page(self.cancel_meeting))
        self.update_actions()

    def update_actions(self) -> None:
        a = self._actions
        if a is None:
            return
        is_open = self._session is not None
        editable = self.is_editable()
        here = self.isVisible()
        a.schedule_meeting.setEnabled(is_open)
        a.add_agenda_item.setEnabled(editable and here)
        # Only while the page shows: elsewhere Ctrl+Shift+Up/Down belong to text boxes.
        a.move_item_up.setEnabled(here and self.agenda.can_move(-1))
        a.move_item_down.setEnabled(here and self.agenda.can_move(1))
        a.cancel_meeting.setEnabled(
            here and self._detail is not None and self._detail.status == "planned"
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.update_actions()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.update_actions()

    # --- reading ---------------------------------------------------------------------

    def meeting(self) -> MeetingDetail | None:
        return self._detail

    def is_editable(self) -> bool:
        detail = self._detail
        return (
            detail is not None
            and detail.status != "cancelled"
            and detail.status not in FROZEN_STATUSES
        )

    def reload(self, select_id: str | None = None) -> None:
        """Refill the list for the filters, keeping (or moving to) the chosen meeting."""
        if self._session is None:
            return
        meetings, programme = self._session.meetings, self._session.programme
        group_id = self.group_combo.currentData()
        when = self.when_combo.currentData()
        want = select_id or (self._detail.id if self._detail is not None else None)
        need_groups = not self._groups

        def fetch() -> tuple[list[GroupSummary] | None, list[MeetingSummary], str | None]:
            groups = programme.list_groups() if need_groups else None
            rows = meetings.list_meetings(group_id, when)
            latest = meetings.latest_meeting_id() if want is None or not rows else None
            return groups, rows, latest

        self._run(fetch, lambda result: self._show_list(*result, want=want))

    def _show_list(
        self,
        groups: list[GroupSummary] | None,
        rows: list[MeetingSummary],
        latest: str | None,
        want: str | None,
    ) -> None:
        if groups is not None:
            self._groups = list(groups)
            for group in groups:
                self.group_combo.addItem(group.name, group.id)
        nothing = not rows and latest is None  # no meetings anywhere yet
        for widget in (self.group_label, self.group_combo, self.when_label, self.when_combo,
                       self.schedule_button):
            widget.setVisible(not nothing)
        if nothing:
            self.stack.setCurrentWidget(self.empty_state)
            self._show_detail(None)
            self.loaded.emit()
            return
        self.stack.setCurrentWidget(self.splitter)
        self.list_note.setText("" if rows else "No meetings match these choices.")
        self.list_note.setVisible(not rows)
        self.list_table.selectionModel().blockSignals(True)
        self.list_model.set_records(rows)
        self.list_table.selectionModel().blockSignals(False)
        target = want or latest
        row = self.list_model.row_of(target) if target else -1
        if row < 0 and rows and want is None:
            row = 0
        if row >= 0:
            index = self.list_model.index(row, 0)
            self.list_table.selectionModel().blockSignals(True)
            self.list_table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.list_table.selectionModel().blockSignals(False)
            self.list_table.scrollTo(index, self.list_table.ScrollHint.PositionAtCenter)
        shown = self.list_model.record(row) if row >= 0 else None
        if shown is not None:
            self.load_meeting(shown.id)
        else:
            self._show_detail(None)
            self.loaded.emit()

    def select_meeting(self, meeting_id: str) -> bool:
        """Choose a meeting in the list, as a click would."""
        row = self.list_model.row_of(meeting_id)
        if row < 0:
            return False
        self.list_table.selectionModel().setCurrentIndex(
            self.list_model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        return True

    def _meeting_chosen(self, row: int) -> None:
        record = self.list_model.record(row)
        if record is not None and (self._detail is None or self._detail.id != record.id):
            self.load_meeting(record.id)

    def load_meeting(self, meeting_id: str) -> None:
        if self._session is None:
            return
        meetings = self._session.meetings
        # A planned meeting first picks up members appointed since it was scheduled.
        self._run(lambda: meetings.refresh_expected(meeting_id), self._show_detail_loaded)

    def _show_detail_loaded(self, detail: MeetingDetail) -> None:
        self._show_detail(detail)
        self.loaded.emit()

    def _show_detail(self, detail: MeetingDetail | None) -> None:
        self._detail = detail
        self.message.hide()
        self.detail.setEnabled(detail is not None)
        if detail is None:
            self.title.setText("No meeting chosen")
            self.facts.setText("Choose a meeting in the list, or schedule one.")
            self.agenda.set_items((), editable=False)
            self.declarations.set_declarations((), editable=False)
            self.attendance.model.set_records(())
            self._selection_changed()
            return
        editable = self.is_editable()
        self.title.setText(f"{detail.group_name}: meeting {detail.number}")
        status = MEETING_STATUS_LABELS.get(detail.status, detail.status)
        self.facts.setText(
            f"{when_text(detail.date, detail.start_time, detail.end_time)}   ·   "
            f"{venue_text(detail.venue)}   ·   {status}"
        )
        step = NEXT_STEP.get(detail.status)
        self.status_button.setVisible(step is not None)
        if step is not None:
            self.status_button.setText(step[0])
        self.edit_button.setEnabled(editable)
        self.cancel_button.setVisible(detail.status == "planned")
        self.minutes_button.setEnabled(detail.status != "cancelled")
        self.confirm_button.setVisible(detail.previous_meeting_status == "circulated"
                                       and detail.status != "cancelled")
        self.agenda.set_items(detail.agenda, editable)
        self.attendance.set_meeting(detail, editable)
        self.declarations.set_declarations(detail.declarations, editable)
        self.tabs.setTabText(
            1, f"Declarations ({len(detail.declarations)})" if detail.declarations
            else "Declarations"
        )
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.update_actions()
        self.selection_changed.emit()

    # --- changes ---------------------------------------------------------------------

    def _run(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        if self._runner is not None:
            self._runner.run(work, on_done, on_error or self._failed, owner=self)

    def _change(
        self,
        work: Callable[[], Any],
        select_item: str | None = None,
        reload_list: bool = False,
        focus: QWidget | None = None,
    ) -> None:
        """Run a change, then show the meeting as the database now has it."""
        detail = self._detail
        if self._session is None or detail is None:
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

        self._run(run, done)

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
            self._run(self._session.programme.list_groups, self._groups_then_schedule)
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
            self._groups = list(groups)
            for group in groups:
                self.group_combo.addItem(group.name, group.id)
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

