"""What the Minutes page says about saving, and what it does when the window closes.

A mixin of ``MinutesPage`` (it uses the page's autosaver, labels and message line),
kept apart so each module stays one sitting's read. The label shows the autosaver's
state in words and never "All changes saved" while anything typed is not in the
database; the message line says why. ``confirm_close`` is what the window asks before
it closes: typing not yet saved is tried once more and waited for, and if it still
did not land the person chooses (Save again, Keep the window open, Close and lose the
text), so nothing is ever lost without being asked.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from sen_desktop.gui.common.autosave import SaveState, why_not_saved

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QLabel, QWidget

    from sen_desktop.gui.common.autosave import Autosaver

log = logging.getLogger(__name__)

#: Closing waits this long for the last try of unsaved typing (a locked database
#: answers after its busy timeout, 5 s) before asking what to do.
CLOSE_WAIT_MS = 20_000
#: The answers to "not saved yet" when closing.
SAVE_AGAIN, KEEP_OPEN, LOSE = "save again", "keep open", "lose"


class SavingAndClosing:
    """The saving label, the message about it, and closing with unsaved typing."""

    if TYPE_CHECKING:  # provided by MinutesPage and MinutesView
        autosaver: Autosaver
        save_label: QLabel
        message: QLabel
        save_state_changed: SignalInstance
        _save_problem: str
        _closing: bool

        def _show_message(self, message: str) -> None: ...
        def _close_typing(self) -> None: ...
        def window(self) -> QWidget: ...

    def _show_save_state(self) -> None:
        state = self.autosaver.state()
        if state is SaveState.SAVED and not self.save_label.text():
            return  # nothing typed yet: nothing to report
        if self.save_label.text() != state.value:
            self.save_label.setText(state.value)
            self.save_state_changed.emit(state.value)
        error = self.autosaver.last_error()
        problem = why_not_saved(error) if error is not None and state in (
            SaveState.RETRYING, SaveState.REFUSED) else ""
        if problem != self._save_problem:
            if problem:
                self._show_message(problem)
            elif self.message.text() == self._save_problem:
                self._show_message("")
            self._save_problem = problem

    # --- closing with unsaved typing -----------------------------------------------------

    def confirm_close(self) -> bool:
        """Whether the window may close: typing not yet in the database is tried once
        more and waited for; if it still did not land, the person is asked (Save again,
        Keep the window open, Close and lose the text). Never loses text silently."""
        if self._closing:
            return False  # already asking
        self._close_typing()
        self._closing = True
        try:
            while self.autosaver.has_pending():
                self.autosaver.flush()
                self._wait_for_saves()
                if not self.autosaver.has_pending():
                    break
                error = self.autosaver.last_error()
                answer = self.ask_unsaved(why_not_saved(error) if error is not None else "")
                if answer == KEEP_OPEN:
                    return False
                if answer == LOSE:
                    lost = self.autosaver.discard_all()
                    log.warning("closed without saving %d typed text(s), as asked", len(lost))
                    break
            return True
        finally:
            self._closing = False

    def _wait_for_saves(self) -> None:
        """Run the event loop until no save is out (or CLOSE_WAIT_MS have passed)."""
        if not self.autosaver.in_flight():
            return
        loop = QEventLoop()

        def settled() -> None:
            if not self.autosaver.in_flight():
                loop.quit()

        self.autosaver.state_changed.connect(settled)
        QTimer.singleShot(CLOSE_WAIT_MS, loop, loop.quit)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        finally:
            QApplication.restoreOverrideCursor()
            self.autosaver.state_changed.disconnect(settled)

    def ask_unsaved(self, reason: str) -> str:
        """Ask what to do with typing that is not in the database: SAVE_AGAIN,
        KEEP_OPEN or LOSE. Escape keeps the window open; the default saves again."""
        box = QMessageBox(self.window())
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Minutes not saved yet")
        box.setText("Some of the minutes you typed are not saved yet.")
        box.setInformativeText(
            (reason + "\n\n" if reason else "")
            + "Save again to try once more, or keep the window open and close it later; "
            "your text stays on screen either way.")
        again = box.addButton("&Save again", QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton("&Keep the window open", QMessageBox.ButtonRole.RejectRole)
        lose = box.addButton("Close and &lose the text", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(again)
        box.setEscapeButton(keep)
        box.exec()
        clicked = box.clickedButton()
        box.deleteLater()
        if clicked is lose:
            return LOSE
        return SAVE_AGAIN if clicked is again else KEEP_OPEN
