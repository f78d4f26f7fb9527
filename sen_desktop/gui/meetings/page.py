"""The Meetings page: the list of meetings (by group; upcoming, past or all) and the
chosen meeting: its details and status, its agenda, attendance and declarations.

The page runs its own MeetingService calls on the window's TaskRunner and shows what
comes back: every change returns the meeting as the database now has it, so the page
never shows a change that was refused. A refusal appears as a sentence above the
meeting, in words. Reads go on channels ("meetings:list", "meetings:detail"): only the
newest answer is shown, and a question a newer one replaced is never asked.

The widgets are built in ``view.py``; the changes are in ``changes.py``; this module
opens the page, reads the list and the chosen meeting, and enables the Meetings menu.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Signal

from sen_desktop.core.meetings.records import (
    FROZEN_STATUSES,
    MEETING_STATUS_LABELS,
    MeetingDetail,
    MeetingSummary,
    meeting_title,
    venue_text,
    when_text,
)
from sen_desktop.gui.meetings.changes import NEXT_STEP, MeetingChanges

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Sequence

    from PySide6.QtGui import QHideEvent, QShowEvent
    from PySide6.QtWidgets import QDialog, QWidget

    from sen_desktop.core.programme.records import GroupSummary
    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.papers.target import ExportTarget
    from sen_desktop.gui.shell.menus import MenuCommands
    from sen_desktop.gui.shell.pages import PageContext
    from sen_desktop.gui.shell.session import OpenProgramme


class MeetingsPage(MeetingChanges):
    """Meetings of every group; ``open(context)`` gives it the worker and the programme."""

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
        self._actions: MenuCommands | None = None
        self._show_page: Callable[[], None] | None = None
        self.dialog: QDialog | None = None  # the dialog last opened, for tests
        self._connect()
        self._show_detail(None)

    def _connect(self) -> None:
        for button in (self.schedule_button, self.empty_button):
            button.clicked.connect(self.schedule_meeting)
        self.edit_button.clicked.connect(self.edit_details)
        self.status_button.clicked.connect(self.advance_status)
        self.confirm_button.clicked.connect(self.confirm_previous)
        self.minutes_button.clicked.connect(self._open_minutes)
        self.cancel_button.clicked.connect(self.cancel_meeting)
        self.list_table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._meeting_chosen(current.row())
        )
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

    def open(self, context: PageContext, meeting_id: str | None = None) -> None:
        """Show the page on the open programme: the list, and ``meeting_id`` (or the
        one already chosen, or the most recent meeting)."""
        session = context.session
        if self._session is not session:
            self._detail = None
        self._runner, self._session, self._today = context.runner, session, context.today
        groups = context.groups
        if groups and [g.id for g in groups] != [g.id for g in self._groups]:
            self._add_groups(groups)
        self.reload(select_id=meeting_id)

    def export_target(self) -> ExportTarget | str:
        """The minutes of the meeting chosen (File > Export to Word…), or why none."""
        from sen_desktop.gui.papers.target import ExportTarget

        detail = self._detail
        if detail is None:
            return "Export to Word: choose a meeting to export its minutes."
        return ExportTarget("minutes", detail.id, f"the minutes of {meeting_title(detail)}")

    def connect_actions(self, actions: MenuCommands, show_page: Callable[[], None]) -> None:
        """Wire the Meetings menu; ``show_page`` brings this page forward first.
        (Schedule meeting… is chosen from any page: the shell shows this page, then
        calls ``schedule_meeting``.)"""
        self._actions, self._show_page = actions, show_page

        def on_page(command: Callable[[], None]) -> Callable[[], None]:
            def run() -> None:
                if not self.isVisible() and self._show_page is not None:
                    self._show_page()
                command()
            return run

        actions.add_agenda_item.triggered.connect(on_page(self.add_agenda_item))
        actions.move_item_up.triggered.connect(lambda: self.agenda.move_selected(-1))
        actions.move_item_down.triggered.connect(lambda: self.agenda.move_selected(1))
        actions.cancel_meeting.triggered.connect(on_page(self.cancel_meeting))
        self.update_actions()

    def update_actions(self) -> None:
        a = self._actions
        if a is None:
            return
        # Schedule meeting… is the shell's to enable (it can be chosen from any page).
        editable = self.is_editable()
        here = self.isVisible()
        a.add_agenda_item.setEnabled(editable and here)
        # Only while the page shows: elsewhere Ctrl+Shift+Up/Down belong to text boxes.
        a.move_item_up.setEnabled(here and self.agenda.can_move(-1))
        a.move_item_down.setEnabled(here and self.agenda.can_move(1))
        a.cancel_meeting.setEnabled(
            here and self._detail is not None and self._detail.status == "planned"
        )

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.update_actions()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
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

        assert self._runner is not None
        self._runner.run(fetch, lambda result: self._show_list(*result, want=want),
                         self._failed, channel="meetings:list", owner=self)

    def _show_list(
        self,
        groups: list[GroupSummary] | None,
        rows: list[MeetingSummary],
        latest: str | None,
        want: str | None,
    ) -> None:
        if groups is not None:
            self._add_groups(groups)
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

    def _add_groups(self, groups: Sequence[GroupSummary]) -> None:
        """The groups the filter offers (after "All groups"), keeping the one chosen."""
        chosen = self.group_combo.currentData()
        self._groups = list(groups)
        while self.group_combo.count() > 1:
            self.group_combo.removeItem(1)
        for group in groups:
            self.group_combo.addItem(group.name, group.id)
        index = self.group_combo.findData(chosen) if chosen is not None else 0
        self.group_combo.setCurrentIndex(max(index, 0))

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
        if self._session is None or self._runner is None:
            return
        meetings = self._session.meetings
        # A planned meeting first picks up members appointed since it was scheduled
        # (done again whenever it is shown, so skipping a replaced question loses nothing).
        self._runner.run(lambda: meetings.refresh_expected(meeting_id),
                         self._show_detail_loaded, self._failed,
                         channel="meetings:detail", owner=self)

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
