"""Resolutions and actions in the minute-taking view: the undoable edits of an item.

A mixin of ``MinutesPage`` (it uses the page's widgets, state, undo stack and worker),
kept apart so each module stays one sitting's read. Each public method here is either
what a key or button asks for (it pushes a command) or what a command does on redo or
undo (it changes the state and the widgets at once and queues the service call).
"""

from __future__ import annotations

import functools
import logging
import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, SignalInstance

from sen_desktop.core.errors import NotFoundError, SenError, ValidationError
from sen_desktop.core.minutes.records import MinuteAction, resolution_label
from sen_desktop.gui.minutes.commands import (
    AddActionCommand,
    AddResolutionCommand,
    RemoveActionCommand,
    RemoveResolutionCommand,
    ResolutionTypingCommand,
)
from sen_desktop.gui.minutes.widgets import (
    ItemActionsModel,
    NewActionRow,
    ResolutionLine,
    ResolutionList,
    parse_due_date,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QPlainTextEdit, QPushButton, QTableView, QWidget

    from sen_desktop.core.actions.records import ActionRecord
    from sen_desktop.gui.common.autosave import Autosaver
    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.minutes.state import ItemState, MeetingState
    from sen_desktop.gui.shell.session import OpenProgramme

log = logging.getLogger(__name__)


def action_of(record: ActionRecord) -> MinuteAction:
    return MinuteAction(
        id=record.id,
        reference=record.reference,
        description=record.description,
        owner_id=record.owner_id,
        owner_name=record.owner,
        due_date=record.due_date,
        status=record.status,
    )


if TYPE_CHECKING:
    # For the type checker the mixin is the page's QWidget (its owner for the worker).
    _PageWidget = QWidget
else:
    _PageWidget = object


class ResolutionsAndActions(_PageWidget):
    """The resolution and action edits of ``MinutesPage``."""

    if TYPE_CHECKING:  # provided by MinutesPage and MinutesView
        session: OpenProgramme | None
        undo_stack: QUndoStack
        autosaver: Autosaver
        editor: QPlainTextEdit
        resolutions: ResolutionList
        action_row: NewActionRow
        actions_model: ItemActionsModel
        actions_view: QTableView
        remove_action_button: QPushButton
        reveal_requested: SignalInstance
        _meeting: MeetingState | None
        _current: str | None
        resolution_wanted: dict[str, bool]

        def _item(self, item_id: str) -> ItemState | None: ...
        def apply_text(self, item_id: str, text: str, cursor: int) -> None: ...
        def _show_save_state(self) -> None: ...
        def editable(self) -> bool: ...
        def _close_typing(self) -> None: ...
        def _show_item(self, item_id: str | None) -> None: ...
        def _refresh_items(self) -> None: ...
        def _reveal(self, widget: QWidget, keep: QWidget | None = None) -> None: ...
        runner: TaskRunner

        def _structural_change_failed(self, error: Exception) -> None: ...

    # --- resolutions ---------------------------------------------------------------------

    def new_resolution(self) -> None:
        """A new "RESOLVED that" point below the one being typed (else at the end),
        with the cursor in it."""
        state = self._item(self._current) if self._current else None
        if state is None or not self.editable():
            return
        focused = self.resolutions.focused_index()
        index = len(state.resolutions) if focused is None else focused + 1
        self._close_typing()
        self.undo_stack.push(AddResolutionCommand(
            self, state.id, index, str(uuid.uuid4()), resolution_label(index + 1)))

    def remove_resolution(self, resolution_id: str) -> None:
        state = self._item(self._current) if self._current else None
        if state is None or not self.editable():
            return
        index = state.resolution_index(resolution_id)
        if index < 0:
            return
        self._close_typing()
        self.undo_stack.push(RemoveResolutionCommand(
            self, state.id, index, resolution_id, resolution_label(index + 1),
            state.resolutions[index].text))

    def _resolution_edited(self, resolution_id: str, text: str) -> None:
        state = self._item(self._current) if self._current else None
        if state is None:
            return
        index = state.resolution_index(resolution_id)
        if index < 0:
            return
        line = state.resolutions[index]
        before, line.text = line.text, text
        self.undo_stack.push(ResolutionTypingCommand(
            self, state.id, resolution_id, resolution_label(index + 1), before, text))
        self._save_resolution(resolution_id, text)

    def _save_resolution(self, resolution_id: str, text: str) -> None:
        assert self.session is not None
        save = functools.partial(self.session.minutes.update_resolution, resolution_id)
        self.autosaver.changed(("resolution", resolution_id), text, save,
                               after=("resolution row", resolution_id))
        self._show_save_state()

    def apply_resolution_text(self, item_id: str, resolution_id: str, text: str) -> None:
        state = self._item(item_id)
        if state is None or (index := state.resolution_index(resolution_id)) < 0:
            return
        state.resolutions[index].text = text
        if self._current != item_id:
            self._show_item(item_id)
        self.resolutions.set_text(resolution_id, text)
        self.resolutions.focus_line(resolution_id)
        self._save_resolution(resolution_id, text)
        self.reveal_requested.emit()

    def insert_resolution(
        self, item_id: str, index: int, resolution_id: str, text: str, first_time: bool
    ) -> None:
        state = self._item(item_id)
        if state is None or self.session is None:
            return
        self.autosaver.flush()
        state.resolutions.insert(index, ResolutionLine(resolution_id, text))
        self._settle_resolution(item_id, resolution_id, index, text, present=True)
        self._resolutions_changed(item_id, focus=resolution_id)

    def drop_resolution(self, item_id: str, resolution_id: str) -> None:
        state = self._item(item_id)
        if state is None or self.session is None:
            return
        index = state.resolution_index(resolution_id)
        if index < 0:
            return
        line = state.resolutions.pop(index)
        # Its last words go with it (so that undo brings them back), not after it.
        self.autosaver.discard(("resolution", resolution_id))
        self._settle_resolution(item_id, resolution_id, index, line.text, present=False)
        self._resolutions_changed(item_id, focus=None)

    def _settle_resolution(
        self, item_id: str, resolution_id: str, index: int, text: str, *, present: bool
    ) -> None:
        """Make the database hold the resolution (with ``text``) or not.

        Through the autosaver, like typing: a change the database refuses for now is
        kept and retried, the newest wish wins (added then removed before either
        landed: nothing is written), and typing in the resolution waits until the
        resolution is there. Each step is safe to run twice.
        """
        assert self.session is not None
        minutes = self.session.minutes
        self.resolution_wanted[resolution_id] = present

        def make_present(wanted: str) -> object:
            try:
                minutes.restore_resolution(resolution_id)
            except NotFoundError:  # never written (or undone before it was)
                return minutes.add_resolution(item_id, wanted, position=index + 1,
                                              resolution_id=resolution_id)
            return minutes.update_resolution(resolution_id, wanted)

        def make_absent(last_words: str) -> object:
            try:
                minutes.update_resolution(resolution_id, last_words)
            except NotFoundError:  # never written, or removed already: nothing to do
                return None
            minutes.remove_resolution(resolution_id)
            return None

        key = ("resolution row", resolution_id)
        self.autosaver.changed(key, text, make_present if present else make_absent)
        self.autosaver.flush(key)

    def _resolutions_changed(self, item_id: str, focus: str | None) -> None:
        state = self._item(item_id)
        assert state is not None
        if self._current != item_id:
            self._show_item(item_id)
        else:
            self.resolutions.set_lines(state.resolutions, editable=self.editable())
        if focus is not None:
            self.resolutions.focus_line(focus)
            edit = self.resolutions.line_edit(focus)
            if edit is not None:
                self._reveal(edit)
        self._refresh_items()
        self.reveal_requested.emit()

    # --- actions -------------------------------------------------------------------------

    def new_action(self) -> None:
        """Open the new-action row under the item's actions, the cursor in it."""
        if self._current is None or not self.editable():
            return
        self._close_typing()
        # The resolution just typed stays in sight above the new action.
        typed = self.resolutions.focused_index()
        keep = (self.resolutions.line_edit(self.resolutions.lines()[typed].id)
                if typed is not None else None)
        self.action_row.open()
        self._reveal(self.action_row, keep)

    def cancel_action(self) -> None:
        self.action_row.reset()
        self.action_row.hide()
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _submit_action(self, description: str, owner: str, due_text: str) -> None:
        meeting, item_id = self._meeting, self._current
        if meeting is None or item_id is None or self.session is None:
            return
        try:
            due = parse_due_date(due_text, meeting.minutes.date)
        except ValidationError as error:
            self.action_row.show_error(f"{error.message} Or leave the due date empty.",
                                       "due_date")
            return
        owner = " ".join(owner.split())
        person = next((c.person_id for c in meeting.owners
                       if c.name.casefold() == owner.casefold()), None)
        actions, m = self.session.actions, meeting.minutes

        def create() -> ActionRecord:
            return actions.create(
                m.group_id, description,
                owner_id=person, owner_text="" if person else owner,
                due_date=due, meeting_id=m.meeting_id, agenda_item_id=item_id)

        def created(record: ActionRecord) -> None:
            action = action_of(record)
            state = self._item(item_id)
            if state is None:
                return
            state.actions.append(action)
            self.undo_stack.push(AddActionCommand(self, item_id, action))
            self._actions_changed(item_id, select=action.id)
            self.cancel_action()

        def refused(error: Exception) -> None:
            if isinstance(error, SenError):
                self.action_row.show_error(error.message, getattr(error, "field", None))
            else:
                log.error("creating an action failed", exc_info=error)
                self.action_row.show_error(f"The action could not be added: {error}")

        self.runner.run(create, created, refused, owner=self)

    def remove_selected_action(self) -> None:
        state = self._item(self._current) if self._current else None
        row = self.actions_view.currentIndex().row()
        action = self.actions_model.record(row) if row >= 0 else None
        if state is None or action is None or not self.editable():
            return
        self._close_typing()
        self.undo_stack.push(RemoveActionCommand(self, state.id, action))

    def insert_action(self, item_id: str, action: MinuteAction) -> None:
        state = self._item(item_id)
        if state is None or self.session is None:
            return
        if all(a.id != action.id for a in state.actions):
            state.actions.append(action)
        actions = self.session.actions
        self.runner.run(lambda: actions.restore(action.id), None,
                        self._structural_change_failed, owner=self)
        self._actions_changed(item_id, select=action.id)

    def drop_action(self, item_id: str, action_id: str) -> None:
        state = self._item(item_id)
        if state is None or self.session is None:
            return
        state.actions = [a for a in state.actions if a.id != action_id]
        actions = self.session.actions
        self.runner.run(lambda: actions.remove(action_id), None,
                        self._structural_change_failed, owner=self)
        self._actions_changed(item_id, select=None)

    def _actions_changed(self, item_id: str, select: str | None) -> None:
        state = self._item(item_id)
        assert state is not None
        state.actions.sort(key=lambda a: (len(a.reference), a.reference))
        if self._current != item_id:
            self._show_item(item_id)
        else:
            self.actions_model.set_records(state.actions)
        if select is not None:
            row = self.actions_model.row_of(select)
            if row >= 0:
                self.actions_view.selectRow(row)
        self._update_action_buttons()
        self.reveal_requested.emit()

    def _update_action_buttons(self) -> None:
        selected = self.actions_view.selectionModel().hasSelection()
        self.remove_action_button.setEnabled(selected and self.editable())

