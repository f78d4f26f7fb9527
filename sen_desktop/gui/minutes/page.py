"""The minute-taking view: made for typing during a meeting.

The agenda on the left (minute number and title); on the right the chosen item's
discussion text, its "RESOLVED that" points and the actions raised at it. The page holds
the whole meeting's minutes in memory once loaded, so moving between items never waits
for the database. Every change is an undo command (``minute_commands.py``) that
updates the widgets at once and queues its service call on the worker; typed text
reaches the database through the ``Autosaver`` within a second of a pause.

The widgets are built in ``view.py``; what the page holds is ``state.py``; typing is
``discussion.py``; resolutions and actions are edited by ``edits.py``; ``saving.py``
says whether typing is saved and asks before closing would lose any; this module loads
meetings (on the "minutes:meeting" channel: only the meeting asked for last is shown),
moves between items (the cursor at the end of the Discussion) and connects the page to
the window.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QUndoStack

from sen_desktop.core.meetings.records import MEETING_STATUS_LABELS
from sen_desktop.core.validation import uk_date
from sen_desktop.gui.common.autosave import Autosaver, is_refusal, why_not_done
from sen_desktop.gui.minutes.discussion import DiscussionTyping
from sen_desktop.gui.minutes.edits import ResolutionsAndActions
from sen_desktop.gui.minutes.recommendations import MinuteRecommendations
from sen_desktop.gui.minutes.saving import SavingAndClosing
from sen_desktop.gui.minutes.state import ItemState, MeetingState, loaded_state
from sen_desktop.gui.minutes.view import MinutesView
from sen_desktop.gui.minutes.widgets import AgendaItemsModel, ItemRow
from sen_desktop.gui.shell.resume import ResumePoint, read_resume, write_resume

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from PySide6.QtWidgets import QWidget

    from sen_desktop.core.minutes.records import MeetingMinutes
    from sen_desktop.core.people.records import OwnerChoice
    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.papers.target import ExportTarget
    from sen_desktop.gui.shell.menus import MenuCommands
    from sen_desktop.gui.shell.pages import PageContext
    from sen_desktop.gui.shell.session import OpenProgramme

log = logging.getLogger(__name__)


class MinutesPage(SavingAndClosing, DiscussionTyping, ResolutionsAndActions,
                  MinuteRecommendations, MinutesView):
    """Live minute-taking for one meeting at a time."""

    #: The meeting and its current item are on show.
    loaded = Signal()
    #: An undo or redo changed the minutes: the window should show this page.
    reveal_requested = Signal()
    #: The item on show changed: its id (or "" when there is none).
    item_changed = Signal(str)
    #: Whether typing is in the database, in words (``SaveState`` values).
    save_state_changed = Signal(str)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.session: OpenProgramme | None = None
        self.data_dir: Path | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(200)
        self.autosaver = Autosaver(runner, parent=self)
        self._meeting: MeetingState | None = None
        self._current: str | None = None
        self._wanted: tuple[str, str | None] | None = None  # a meeting being loaded
        self._asked: tuple[str, str | None] | None = None  # asked for before open()
        self._applying = False  # widgets being set by the page, not typed into
        self._cursor_before = 0
        self._showing = False
        self._opened_once = False
        # The Discussion takes the keyboard once the meeting on its way is shown.
        self._focus_wanted = False
        self._save_problem = ""  # the sentence shown while typing is not saved
        self._closing = False
        #: Whether each resolution added or removed here should be in the database.
        self.resolution_wanted: dict[str, bool] = {}
        self._actions: MenuCommands | None = None
        self._connect()

    def _connect(self) -> None:
        self.items_view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.editor.textChanged.connect(self._text_changed)
        self.editor.cursorPositionChanged.connect(self._cursor_moved)
        self.editor.customContextMenuRequested.connect(self._editor_menu)
        self.resolutions.edited.connect(self._resolution_edited)
        self.resolutions.remove_requested.connect(self.remove_resolution)
        self.resolutions.enter_pressed.connect(lambda _rid: self.new_resolution())
        self.action_row.submitted.connect(self._submit_action)
        self.action_row.cancelled.connect(self.cancel_action)
        self.actions_view.selectionModel().selectionChanged.connect(
            lambda *_: self._update_action_buttons())
        self.remove_action_button.clicked.connect(self.remove_selected_action)
        self.recommendation_panel.record_requested.connect(self.record_decision)
        self.autosaver.paused.connect(self._close_typing)
        self.autosaver.state_changed.connect(self._show_save_state)

    def connect_actions(self, actions: MenuCommands,
                        show_page: Callable[[], None] | None = None) -> None:
        """Connect the Minutes menu's commands (built in gui/shell/menus.py) to this page."""
        self._actions = actions
        actions.next_item.triggered.connect(self.next_item)
        actions.previous_item.triggered.connect(self.previous_item)
        actions.new_resolution.triggered.connect(self.new_resolution)
        actions.new_minute_action.triggered.connect(self.new_action)
        self.update_actions()

    # --- opening a meeting ---------------------------------------------------------------

    def export_target(self) -> ExportTarget | str:
        """The minutes on show (File > Export to Word…), or why there are none."""
        from sen_desktop.gui.papers.target import ExportTarget

        meeting_id = self.meeting_id()
        if meeting_id is None:
            return "Export to Word: open a meeting's minutes to export them."
        return ExportTarget("minutes", meeting_id, "the minutes of the meeting on show")

    def open(
        self,
        context: PageContext,
        focus: bool = False,
        meeting_id: str | None = None,
        item_id: str | None = None,
    ) -> None:
        """Show ``meeting_id`` (at ``item_id``, the cursor in its Discussion), else the
        meeting already open, else choose one: where the secretary was last minuting,
        else (or when the window was started on this page) the data folder's most recent
        meeting on the item with text.

        ``focus`` puts the cursor at the end of the item's Discussion. The window's
        first page being this one (a restart, after a crash too, where the secretary
        was typing) does so as well.
        """
        if context.session is not self.session:
            self.session = context.session
            self.data_dir = context.session.data_dir
        if meeting_id is None and self._asked is not None:  # asked for before it opened
            meeting_id, item_id = self._asked
        self._asked = None
        if meeting_id is not None:  # the Meetings page, a search hit, Home
            self._opened_once = True
            self.show_meeting(meeting_id, item_id)
            return
        latest = context.first_view == "minutes"
        first, self._opened_once = not self._opened_once, True
        point = None if latest or self.data_dir is None else read_resume(self.data_dir)
        if focus or (first and (latest or (point is not None and point.showing))):
            self.focus_discussion()
        if self._wanted is not None:
            return
        if self._meeting is not None:
            self.reload()  # the agenda may have changed on the Meetings page
            return
        if point is not None:
            self.show_meeting(point.meeting_id, point.item_id, fallback=True, focus=False)
            return
        self._load_latest()

    def _load_latest(self) -> None:
        assert self.session is not None
        self.runner.run(self.session.meetings.latest_meeting_id, self._open_latest,
                        self._structural_change_failed, channel="minutes:meeting", owner=self)

    def _open_latest(self, meeting_id: str | None) -> None:
        if meeting_id is None:
            self._show_no_meeting()
            return
        self.show_meeting(meeting_id, prefer_text=True, focus=False)

    def show_meeting(
        self,
        meeting_id: str,
        item_id: str | None = None,
        *,
        fallback: bool = False,
        prefer_text: bool = False,
        focus: bool = True,
    ) -> None:
        """Load a meeting's minutes (and show ``item_id``, or its first item), with the
        cursor at the end of its Discussion unless ``focus`` is False. Asked before the
        page has opened (it is built when first shown), it is shown when it opens."""
        if self.session is None:
            self._asked = (meeting_id, item_id)
            return
        if focus:
            self._focus_wanted = True
        self._wanted = (meeting_id, item_id)
        self.autosaver.flush()  # the reload below queues after what was typed
        minutes = self.session.minutes

        def fetch() -> tuple[MeetingMinutes, list[OwnerChoice]]:
            return minutes.meeting_minutes(meeting_id), minutes.owner_choices(meeting_id)

        def failed(error: Exception) -> None:
            self._wanted = None
            if fallback and self.session is not None:  # the meeting went: open the latest
                self._load_latest()
            else:
                self._show_message(getattr(error, "message", str(error)))
                self.loaded.emit()

        # Only the meeting asked for last is shown; one replaced meanwhile is not read.
        self.runner.run(fetch, lambda result: self._meeting_loaded(*result, item_id, prefer_text),
                        failed, channel="minutes:meeting", owner=self)

    def reload(self) -> None:
        """Fetch the open meeting again (its agenda may have changed elsewhere)."""
        if self._meeting is not None:
            self.show_meeting(self._meeting.minutes.meeting_id, self._current, focus=False)

    def _meeting_loaded(
        self,
        minutes: MeetingMinutes,
        owners: list[OwnerChoice],
        item_id: str | None,
        prefer_text: bool,
    ) -> None:
        self._wanted = None
        previous = self._meeting
        if previous is None or previous.minutes.meeting_id != minutes.meeting_id:
            self.undo_stack.clear()
        meeting = loaded_state(minutes, owners, previous, self.autosaver,
                               self.resolution_wanted)
        self._meeting = meeting
        self._current = None
        self.splitter.show()
        self.hint.show()
        self._empty_space.hide()
        self._refresh_items()
        self.action_row.set_choices(owners)
        self._show_meeting_facts()
        wanted = item_id if item_id in meeting.items else None
        if wanted is None and prefer_text:
            # The item showing most of what the view holds: text, then resolutions
            # and actions, a business item before a standard one; first on a tie.
            def fullness(i: str) -> tuple[bool, bool, bool, bool]:
                state = meeting.items[i]
                return (bool(state.text.strip()), bool(state.actions),
                        bool(state.resolutions), state.minutes.item.kind == "business")

            best = max(meeting.order, key=fullness, default=None)
            wanted = best if best is not None and fullness(best)[0] else None
        if wanted is None and meeting.order:
            wanted = meeting.order[0]
        self._show_item(wanted)
        self._load_recommendations()
        self._give_focus()
        self.loaded.emit()

    def _show_no_meeting(self) -> None:
        self._meeting = None
        self._focus_wanted = False  # nothing to type into; a later visit keeps its focus
        self.meeting_label.setText("No meetings yet. Schedule one on the Meetings page.")
        self.status_label.setText("")
        self.items_model.set_records([])
        self._show_item(None)
        self.splitter.hide()
        self.hint.hide()
        self._empty_space.show()
        self.loaded.emit()

    def _show_meeting_facts(self) -> None:
        assert self._meeting is not None
        m = self._meeting.minutes
        self.meeting_label.setText(f"{m.group_name}, meeting {m.number}, {uk_date(m.date)}")
        status = MEETING_STATUS_LABELS.get(m.status, m.status)
        self.status_label.setText(f"Status: {status}")
        if not m.editable:
            self._show_message(f"{status}: these minutes can no longer be changed here.")
        else:
            self._show_message("")
            self._save_problem = ""
            self._show_save_state()

    def _refresh_items(self) -> None:
        meeting = self._meeting
        rows = []
        if meeting is not None:
            for item_id in meeting.order:
                state = meeting.items[item_id]
                rows.append(ItemRow(
                    id=item_id,
                    number=state.minutes.minute_number,
                    title=state.minutes.item.title,
                    exempt=state.minutes.item.exempt,
                    minuted=bool(state.text.strip() or state.resolutions),
                ))
        self.items_view.blockSignals(True)
        self.items_model.set_records(rows)
        self.items_view.blockSignals(False)
        self._select_row(self._current)

    # --- the item on show ----------------------------------------------------------------

    def current_item_id(self) -> str | None:
        return self._current

    def meeting_id(self) -> str | None:
        return self._meeting.minutes.meeting_id if self._meeting is not None else None

    def editable(self) -> bool:
        return self._meeting is not None and self._meeting.minutes.editable

    def focus_discussion(self) -> None:
        """The keyboard to the end of the current item's Discussion: now, or as soon as
        the meeting on its way is shown."""
        self._focus_wanted = True
        if self._wanted is None:
            self._give_focus()

    def _give_focus(self) -> None:
        if (not self._focus_wanted or self._wanted is not None or not self.isVisible()
                or self._current is None):
            return  # when the meeting arrives, or the page shows
        self._focus_wanted = False
        self._place_cursor(self.editor.document().characterCount())
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def select_item(self, item_id: str) -> None:
        if self._meeting is not None and item_id in self._meeting.items:
            self._show_item(item_id)

    def next_item(self) -> None:
        self._step(1)

    def previous_item(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        if self._meeting is None or self._current is None:
            return
        order = self._meeting.order
        index = order.index(self._current) + delta
        if 0 <= index < len(order):
            # A command (Ctrl+PgDown, Alt+Down, the menu): the person wants to type there.
            self._show_item(order[index])
            self.focus_discussion()

    def _row_changed(self, current: Any, _previous: Any) -> None:
        item_id = self.items_model.data(current, Qt.ItemDataRole.UserRole)
        if isinstance(item_id, str) and item_id != self._current:
            self._show_item(item_id)

    def _show_item(self, item_id: str | None, cursor: int | None = None) -> None:
        """Show an item, the cursor at the end of its Discussion (or at ``cursor``)."""
        meeting = self._meeting
        if self._current is not None and meeting is not None and self._current in meeting.items:
            self._close_typing()
            self.autosaver.flush()
        self._current = item_id
        state = meeting.items.get(item_id) if meeting is not None and item_id else None
        self.action_row.hide()
        self.action_row.reset()
        self._applying = True
        try:
            if state is None:
                self.item_heading.setText("")
                self.item_facts.setText("")
                self.editor.setPlainText("")
                self.resolutions.set_lines([], editable=False)
                self.actions_model.set_records([])
            else:
                self.item_heading.setText(state.name)
                self.item_facts.setText(self._facts(state))
                self.item_facts.setVisible(bool(self.item_facts.text()))
                self.editor.setPlainText(state.text)
                self._place_cursor(len(state.text) if cursor is None else cursor)
                self.resolutions.set_lines(state.resolutions, editable=self.editable())
                self.actions_model.set_records(state.actions)
        finally:
            self._applying = False
        self._show_matters_arising(state)
        self._show_recommendation()
        self._cursor_before = self.editor.textCursor().position()
        self._set_pane_enabled(state is not None)
        self.editor.setReadOnly(not self.editable())
        self._select_row(item_id)
        self._update_action_buttons()
        self.update_actions()
        self._remember_place()
        self.item_changed.emit(item_id or "")

    def _show_matters_arising(self, state: ItemState | None) -> None:
        shown = state is not None and state.minutes.item.kind == "matters_arising"
        was_shown = self.matters.isVisibleTo(self)
        self.matters_heading.setVisible(shown)
        self.matters.setVisible(shown)
        if shown != was_shown:
            # The list wants the room there; elsewhere the discussion does.
            total = sum(self.pane_splitter.sizes()) or 700
            share = 0.35 if shown else 0.6
            self.pane_splitter.setSizes([int(total * share), total - int(total * share)])
        if shown and state is not None and self.session is not None:
            self.matters.set_meeting(self.runner, self.session.actions,
                                     state.minutes.item.meeting_id)

    @staticmethod
    def _facts(state: ItemState) -> str:
        item = state.minutes.item
        parts = []
        if item.presenter:
            parts.append(f"Presented by {item.presenter}")
        if item.paper_ref:
            parts.append(f"Paper {item.paper_ref}")
        if item.exempt:
            reason = f": {item.exempt_reason}" if item.exempt_reason else ""
            parts.append(f"Confidential (Part 2){reason}")
        return "  ·  ".join(parts)

    def _select_row(self, item_id: str | None) -> None:
        row = self.items_model.row_of(item_id) if item_id else -1
        selection = self.items_view.selectionModel()
        selection.blockSignals(True)
        if row >= 0:
            index = self.items_model.index(row, AgendaItemsModel.TITLE)
            selection.setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.items_view.scrollTo(index)
        else:
            selection.clear()
        selection.blockSignals(False)
        self.items_view.viewport().update()

    # --- the items held ------------------------------------------------------------------

    def _item(self, item_id: str) -> ItemState | None:
        return self._meeting.items.get(item_id) if self._meeting is not None else None

    # --- the window around the page ------------------------------------------------------

    def set_showing(self, showing: bool) -> None:
        """The window shows this page (or stopped showing it)."""
        if showing == self._showing:
            return
        self._showing = showing
        # Edit > Undo names and undoes minutes commands only while the minutes show.
        self.undo_stack.setActive(showing)
        if not showing:
            self._close_typing()
            self.autosaver.flush()
        else:
            self._give_focus()
        self.update_actions()
        self._remember_place()

    def update_actions(self) -> None:
        a = self._actions
        if a is None:
            return
        on = self._showing and self._current is not None
        order = self._meeting.order if self._meeting is not None else []
        index = order.index(self._current) if on and self._current in order else -1
        a.next_item.setEnabled(on and 0 <= index < len(order) - 1)
        a.previous_item.setEnabled(on and index > 0)
        a.new_resolution.setEnabled(on and self.editable())
        a.new_minute_action.setEnabled(on and self.editable())

    def _remember_place(self) -> None:
        if self.data_dir is None or self._meeting is None:
            return
        write_resume(self.data_dir, ResumePoint(
            self._meeting.minutes.meeting_id, self._current, self._showing))

    def flush(self) -> None:
        """Queue every unsaved change on the worker (the window is about to close)."""
        self._close_typing()
        self.autosaver.stop()

    # --- saving state and messages -------------------------------------------------------

    def _structural_change_failed(self, error: Exception) -> None:
        log.warning("minutes task failed: %s", error)
        if is_refusal(error):
            self._show_message(getattr(error, "message", str(error)))
            return
        # A change the database did not take (locked by another program, a disk
        # error): say so, and show the minutes as the database holds them. Typing and
        # new resolutions still on their way are kept (see _meeting_loaded).
        self._show_message(why_not_done(error))
        self.reload()
