"""The one progress display for long work: a bar, a line saying what is being done, and
Cancel (Esc as well). Two shapes of the same thing:

- ``ProgressStrip``: a slim row a page keeps under its content (the page stays usable);
- ``ProgressDialog``: a window-modal dialog for work the rest of the window must wait
  for (a pack of papers, a bundle).

Either runs the work itself, so Cancel, the bar and closing cannot drift apart::

    strip.run(runner, "Checking the database…", work, done, failed, owner=self)

``work(p)`` gets a ``core.progress.Progress`` and calls ``p.step(done, total, label)``;
the display closes before ``done`` or ``failed`` is called, and Cancel makes ``failed``
receive ``core.progress.Cancelled`` (docs/architecture.md "The task API").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from sen_desktop.gui.common.tasks import Task, TaskRunner

T = TypeVar("T")

STOPPING = "Stopping…"


class ProgressStrip(QFrame):
    """Bar, label and Cancel for one piece of work at a time; hidden when idle."""

    #: Cancel was pressed (or Esc) while work that can stop was running.
    cancel_requested = Signal()
    #: The work ended (done, failed or stopped): the strip has hidden.
    ended = Signal()

    def __init__(self, parent: QWidget | None = None, *, stacked: bool = False) -> None:
        """``stacked``: the words above the bar (a dialog), not beside it (a page)."""
        super().__init__(parent)
        self.setObjectName("progressStrip")
        self.task: Task | None = None
        self.reports = 0  # progress reports shown (tests wait on it)
        self._title = ""
        self.text = QLabel("")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        # A screen reader reads a label's accessible name instead of its text: the name
        # is kept to the words on show (``_say``), described as what is being done.
        self.text.setAccessibleDescription("What is being done")
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)  # "40%" in words beside the bar, not length alone
        self.bar.setAccessibleName("Progress")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        if stacked:
            column = QVBoxLayout(self)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(self.text)
            row = QHBoxLayout()
            column.addLayout(row)
        else:
            row = QHBoxLayout(self)
            row.setContentsMargins(0, 4, 0, 4)
            row.addWidget(self.text, 2)
        row.addWidget(self.bar, 1 if not stacked else 3)
        row.addWidget(self.cancel_button)
        self._escape: QShortcut | None = None
        self.hide()

    # --- what a page calls ------------------------------------------------------------

    def run(
        self,
        runner: TaskRunner,
        title: str,
        work: Callable[..., T],
        done: Callable[[T], None] | None = None,
        failed: Callable[[Exception], None] | None = None,
        *,
        channel: str | None = None,
        owner: QObject | None = None,
    ) -> Task:
        """Show ``title``, run ``work(progress)`` on the worker with Cancel, and close
        before handing the result to ``done`` (or the error to ``failed``)."""
        def finished(result: T) -> None:
            self.finish()
            if done is not None:
                done(result)

        def refused(error: Exception) -> None:
            self.finish()
            if failed is not None:
                failed(error)

        self.start(title)
        task = runner.run(work, finished, refused, progress=self.report, cancel=True,
                          channel=channel, owner=owner)
        self.follow(task)
        return task

    def start(self, title: str, total: int = 0) -> None:
        """Show the strip for work called ``title`` (``total`` steps; 0: not known)."""
        self._title = title
        self.reports = 0
        self._say(title)
        self.bar.setAccessibleName(f"Progress: {title}")
        self.cancel_button.setAccessibleName(f"Cancel: {title}")
        self.cancel_button.setEnabled(True)
        self.bar.setRange(0, max(total, 0))  # 0..0: a busy bar until steps are known
        self.bar.setValue(0)
        self.show()
        self._escape_shortcut().setEnabled(True)

    def follow(self, task: Task) -> None:
        """Cancel (and Esc) stop ``task``."""
        self.task = task

    def report(self, done: int, total: int, label: str = "") -> None:
        """One step: usable as ``progress=`` of ``TaskRunner.run``."""
        self.reports += 1
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(max(done, 0), total))
        else:
            self.bar.setRange(0, 0)
        if label:
            self._say(f"{self._title} {label}" if self._title else label)

    def cancel(self) -> None:
        """Stop the work (it stops at its next safe point and changes nothing)."""
        if not self.cancel_button.isEnabled() or not self.isVisible():
            return
        self.cancel_button.setEnabled(False)
        self._say(STOPPING)
        if self.task is not None:
            self.task.cancel()
        self.cancel_requested.emit()

    def finish(self) -> None:
        """The work ended: hide the strip and forget the task."""
        self.task = None
        if self._escape is not None:
            self._escape.setEnabled(False)
        self.hide()
        self.ended.emit()

    def _say(self, words: str) -> None:
        self.text.setText(words)
        self.text.setAccessibleName(words)

    def running(self) -> bool:
        return self.isVisible() and self.task is not None

    # --- Esc ----------------------------------------------------------------------------

    def _escape_shortcut(self) -> QShortcut:
        # Esc stops the work from anywhere in the page that shows the strip (the strip
        # itself seldom has the focus), or the window when it is in the status bar; only
        # while work runs, so Esc means what it always means otherwise.
        if self._escape is None:
            scope = self.parentWidget() or self
            if isinstance(scope, QStatusBar):  # the focus is never there: the window's
                scope = scope.window()
            self._escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), scope)
            self._escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self._escape.activated.connect(self.cancel)
            self._escape.setEnabled(False)
        return self._escape


class ProgressDialog(QDialog):
    """The strip in a window-modal dialog: for work the window must wait for.

    Esc and the window's close button cancel (the dialog stays until the work has
    stopped); ``finish`` closes it.
    """

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(f"Progress: {title}")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(480)
        self.strip = ProgressStrip(self, stacked=True)
        self.strip.ended.connect(self._ended)
        layout = QVBoxLayout(self)
        layout.addWidget(self.strip)
        self._finished = False

    @property
    def cancel_button(self) -> QPushButton:
        return self.strip.cancel_button

    @property
    def reports(self) -> int:
        return self.strip.reports

    def run(
        self,
        runner: TaskRunner,
        text: str,
        work: Callable[..., T],
        done: Callable[[T], None] | None = None,
        failed: Callable[[Exception], None] | None = None,
        *,
        channel: str | None = None,
        owner: QObject | None = None,
    ) -> Task:
        """Open the dialog saying ``text`` and run ``work(progress)`` as the strip does;
        the dialog closes before ``done`` or ``failed`` is called."""
        self._open()
        return self.strip.run(runner, text, work, done, failed, channel=channel, owner=owner)

    def start(self, text: str, total: int = 0) -> None:
        """Open the dialog for work the caller runs itself (then ``follow`` its task)."""
        self.strip.start(text, total)
        self._open()

    def follow(self, task: Task) -> None:
        self.strip.follow(task)

    def _open(self) -> None:
        self._finished = False
        self.open()
        self.strip.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def report(self, done: int, total: int, label: str = "") -> None:
        self.strip.report(done, total, label)

    def cancel(self) -> None:
        self.strip.cancel()

    def finish(self) -> None:
        """The work ended: close the dialog."""
        self.strip.finish()

    def _ended(self) -> None:
        self._finished = True
        self.close()
        self.deleteLater()

    def reject(self) -> None:  # Esc
        if self._finished:
            super().reject()
        else:
            self.strip.cancel()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if self._finished:
            super().closeEvent(event)
            return
        event.ignore()
        self.strip.cancel()
