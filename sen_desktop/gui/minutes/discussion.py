"""Typing the discussion of an item in the minute-taking view: each burst of typing is
one undo step (a new paragraph closes it), and the text reaches the database through
the autosaver within a second of a pause (docs/contributing.md, rule 7).

A mixin of ``MinutesPage``, kept apart so each module stays one sitting's read.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from sen_desktop.gui.minutes.commands import ResolutionTypingCommand, TypingCommand

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QPlainTextEdit

    from sen_desktop.core.minutes.records import MinuteAction
    from sen_desktop.gui.common.autosave import Autosaver
    from sen_desktop.gui.minutes.state import ItemState
    from sen_desktop.gui.shell.menus import MenuCommands
    from sen_desktop.gui.shell.session import OpenProgramme


class DiscussionTyping:
    """The discussion text of ``MinutesPage``'s current item."""

    if TYPE_CHECKING:  # provided by MinutesPage and MinutesView
        session: OpenProgramme | None
        undo_stack: QUndoStack
        autosaver: Autosaver
        editor: QPlainTextEdit
        reveal_requested: SignalInstance
        _actions: MenuCommands | None
        _current: str | None
        _applying: bool
        _cursor_before: int

        def _item(self, item_id: str) -> ItemState | None: ...
        def _show_item(self, item_id: str | None, cursor: int | None = None) -> None: ...
        def _refresh_items(self) -> None: ...
        def _place_cursor(self, position: int) -> None: ...
        def _show_save_state(self) -> None: ...
        # The rest of the undo commands' target (commands.MinutesTarget), in edits.py:
        def apply_resolution_text(self, item_id: str, resolution_id: str, text: str) -> None: ...
        def insert_resolution(self, item_id: str, index: int, resolution_id: str, text: str,
                              first_time: bool) -> None: ...
        def drop_resolution(self, item_id: str, resolution_id: str) -> None: ...
        def insert_action(self, item_id: str, action: MinuteAction) -> None: ...
        def drop_action(self, item_id: str, action_id: str) -> None: ...

    def _text_changed(self) -> None:
        if self._applying or self._current is None:
            return
        state = self._item(self._current)
        if state is None:
            return
        text = self.editor.toPlainText()
        if text == state.text:
            return
        before, state.text = state.text, text
        cursor = self.editor.textCursor()
        command = TypingCommand(self, state.id, state.name, before, text,
                                self._cursor_before, cursor.position())
        # A new paragraph ends one undo step: Undo takes back a paragraph at most.
        command.closed = len(text) > len(before) and cursor.atBlockStart()
        self.undo_stack.push(command)
        self._cursor_before = cursor.position()
        self._save_text(state)
        if not before.strip() or not text.strip():
            self._refresh_items()

    def _cursor_moved(self) -> None:
        if not self._applying:
            self._cursor_before = self.editor.textCursor().position()

    def _save_text(self, state: ItemState) -> None:
        assert self.session is not None
        save = functools.partial(self.session.minutes.save_text, state.id)
        self.autosaver.changed(("text", state.id), state.text, save)
        self._show_save_state()

    def _close_typing(self) -> None:
        index = self.undo_stack.index()
        top = self.undo_stack.command(index - 1) if index > 0 else None
        if isinstance(top, TypingCommand | ResolutionTypingCommand):
            top.closed = True

    def apply_text(self, item_id: str, text: str, cursor: int) -> None:
        """Undo/redo of typing: put ``text`` back into the item and save it."""
        state = self._item(item_id)
        if state is None:
            return
        state.text = text
        if self._current != item_id:
            self._show_item(item_id, cursor)
        else:
            self._applying = True
            try:
                self.editor.setPlainText(text)
                self._place_cursor(cursor)
            finally:
                self._applying = False
            self._cursor_before = self.editor.textCursor().position()
        self._save_text(state)
        self._refresh_items()
        self.reveal_requested.emit()

    def _editor_menu(self, position: Any) -> None:
        # The editor's own menu would offer its (unused) undo history: offer the page's.
        menu = self.editor.createStandardContextMenu()
        for action in list(menu.actions())[:3]:
            if action.objectName() in ("edit-undo", "edit-redo") or action.isSeparator():
                menu.removeAction(action)
        if self._actions is not None and menu.actions():
            first = menu.actions()[0]
            menu.insertAction(first, self._actions.undo)
            menu.insertAction(first, self._actions.redo)
            menu.insertSeparator(first)
        menu.exec(self.editor.mapToGlobal(position))
        menu.deleteLater()
