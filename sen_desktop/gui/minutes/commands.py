"""Undo commands of the minute-taking view: one command per intent (docs/contributing.md, rule 7).

Each command changes the page's state through a ``MinutesTarget`` (the page), which
updates the widgets at once and queues the matching core service call on the worker.
Typing is recorded as it happens: the first ``redo`` of a typing or "add action"
command does nothing, because the change has already been made. Typing commands merge
while the typist keeps going and close at a pause or a new paragraph, so one Undo takes
back one burst of typing ("Undo Typing in 5. Budget"), not one letter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:
    from sen_desktop.core.minutes.records import MinuteAction

TYPING_ID = 1701
RESOLUTION_TYPING_ID = 1702


class MinutesTarget(Protocol):
    def apply_text(self, item_id: str, text: str, cursor: int) -> None: ...

    def apply_resolution_text(self, item_id: str, resolution_id: str, text: str) -> None: ...

    def insert_resolution(
        self, item_id: str, index: int, resolution_id: str, text: str, first_time: bool
    ) -> None: ...

    def drop_resolution(self, item_id: str, resolution_id: str) -> None: ...

    def insert_action(self, item_id: str, action: MinuteAction) -> None: ...

    def drop_action(self, item_id: str, action_id: str) -> None: ...


class _Typing(QUndoCommand):
    """Shared by discussion and resolution typing: before/after text, merged while open."""

    def __init__(self, text: str, before: str, after: str) -> None:
        super().__init__(text)
        self.before = before
        self.after = after
        #: Closed at a pause or a paragraph break: the next keystroke starts a new step.
        self.closed = False
        self._recorded = True  # the change was made before the command was pushed

    def redo(self) -> None:
        if self._recorded:
            self._recorded = False
            return
        self._apply(self.after, undoing=False)

    def undo(self) -> None:
        self._apply(self.before, undoing=True)

    def _apply(self, text: str, undoing: bool) -> None:
        raise NotImplementedError


class TypingCommand(_Typing):
    """Typing in an item's discussion text."""

    def __init__(
        self,
        target: MinutesTarget,
        item_id: str,
        item_name: str,
        before: str,
        after: str,
        cursor_before: int,
        cursor_after: int,
    ) -> None:
        super().__init__(f"Typing in {item_name}", before, after)
        self.target = target
        self.item_id = item_id
        self.cursor_before = cursor_before
        self.cursor_after = cursor_after

    def id(self) -> int:
        return TYPING_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if self.closed or not isinstance(other, TypingCommand) or other.item_id != self.item_id:
            return False
        self.after = other.after
        self.cursor_after = other.cursor_after
        self.closed = other.closed
        return True

    def _apply(self, text: str, undoing: bool) -> None:
        cursor = self.cursor_before if undoing else self.cursor_after
        self.target.apply_text(self.item_id, text, cursor)


class ResolutionTypingCommand(_Typing):
    """Typing in one resolution's line."""

    def __init__(
        self,
        target: MinutesTarget,
        item_id: str,
        resolution_id: str,
        label: str,
        before: str,
        after: str,
    ) -> None:
        super().__init__(f"Typing in resolution {label}", before, after)
        self.target = target
        self.item_id = item_id
        self.resolution_id = resolution_id

    def id(self) -> int:
        return RESOLUTION_TYPING_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (
            self.closed
            or not isinstance(other, ResolutionTypingCommand)
            or other.resolution_id != self.resolution_id
        ):
            return False
        self.after = other.after
        self.closed = other.closed
        return True

    def _apply(self, text: str, undoing: bool) -> None:
        self.target.apply_resolution_text(self.item_id, self.resolution_id, text)


class AddResolutionCommand(QUndoCommand):
    """A new "RESOLVED that" line; undo removes it, redo brings the same row back."""

    def __init__(
        self, target: MinutesTarget, item_id: str, index: int, resolution_id: str, label: str
    ) -> None:
        super().__init__(f"Add resolution {label}")
        self.target = target
        self.item_id = item_id
        self.index = index
        self.resolution_id = resolution_id
        self._first = True

    def redo(self) -> None:
        self.target.insert_resolution(
            self.item_id, self.index, self.resolution_id, "", first_time=self._first
        )
        self._first = False

    def undo(self) -> None:
        self.target.drop_resolution(self.item_id, self.resolution_id)


class RemoveResolutionCommand(QUndoCommand):
    def __init__(
        self,
        target: MinutesTarget,
        item_id: str,
        index: int,
        resolution_id: str,
        label: str,
        text: str,
    ) -> None:
        super().__init__(f"Remove resolution {label}")
        self.target = target
        self.item_id = item_id
        self.index = index
        self.resolution_id = resolution_id
        self.resolution_text = text

    def redo(self) -> None:
        self.target.drop_resolution(self.item_id, self.resolution_id)

    def undo(self) -> None:
        self.target.insert_resolution(
            self.item_id, self.index, self.resolution_id, self.resolution_text,
            first_time=False,
        )


class AddActionCommand(QUndoCommand):
    """An action raised at the item; it exists already when the command is pushed."""

    def __init__(self, target: MinutesTarget, item_id: str, action: MinuteAction) -> None:
        super().__init__(f"Add action {action.reference}")
        self.target = target
        self.item_id = item_id
        self.action = action
        self._recorded = True

    def redo(self) -> None:
        if self._recorded:
            self._recorded = False
            return
        self.target.insert_action(self.item_id, self.action)

    def undo(self) -> None:
        self.target.drop_action(self.item_id, self.action.id)


class RemoveActionCommand(QUndoCommand):
    def __init__(self, target: MinutesTarget, item_id: str, action: MinuteAction) -> None:
        super().__init__(f"Remove action {action.reference}")
        self.target = target
        self.item_id = item_id
        self.action = action

    def redo(self) -> None:
        self.target.drop_action(self.item_id, self.action.id)

    def undo(self) -> None:
        self.target.insert_action(self.item_id, self.action)
