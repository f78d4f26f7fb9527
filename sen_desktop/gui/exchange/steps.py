"""The pieces the guided trust steps share (``trust_flow``, ``trust_admit``): a wizard
step with a problem line and a busy state, a keyboard-first wizard that runs its work on
the page's worker, the words for roles and dates, and the key-file passphrase dialog.

The work runs on the page's worker through ``RunTrust``: ``run(work, done, failed,
owner)`` calls ``work(trust_service)`` on the worker and ``done``/``failed`` on the UI
thread. A refusal is one sentence on the step, and the step stays open.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from sen_desktop.gui.exchange.trust_widgets import ProblemLabel, note_label, plain_label

if TYPE_CHECKING:
    from sen_desktop.sync.trust import TrustService

T = TypeVar("T")
#: run(work, done, failed, owner): ``work(trust)`` on the worker, the others on the UI.
RunTrust = Callable[
    [Callable[["TrustService"], Any], Callable[[Any], None], Callable[[Exception], None],
     QObject],
    None,
]


def sentence(error: Exception) -> str:
    """One sentence for a person from any failure on the worker."""
    message = getattr(error, "message", None)
    if isinstance(message, str) and message:
        return message
    if isinstance(error, OSError):
        where = f" {Path(error.filename).name}" if error.filename else ""
        reason = (error.strerror or "it could not be used").rstrip(".")
        return f"The file{where} could not be used: {reason.lower()}."
    return f"Nothing was changed: {error}." if str(error) else "Nothing was changed."


def with_note(box: QCheckBox, text: str) -> QVBoxLayout:
    """A check box with its explanation just below its words."""
    column = QVBoxLayout()
    column.setSpacing(1)
    column.addWidget(box)
    note = note_label(text)
    style = box.style()
    indent = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + style.pixelMetric(
        QStyle.PixelMetric.PM_CheckBoxLabelSpacing
    )
    note.setContentsMargins(indent, 0, 0, 0)
    column.addWidget(note)
    return column


def left(widget: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(widget)
    row.addStretch(1)
    return row


def amp(text: str) -> str:
    """A name on a button: its "&" shown, not taken as a shortcut."""
    return text.replace("&", "&&")


class Step(QWizardPage):
    """A wizard step with a problem line and a busy state (its buttons wait)."""

    def __init__(self, title: str, subtitle: str = "") -> None:
        super().__init__()
        self.setTitle(title)
        if subtitle:
            self.setSubTitle(subtitle)
        self.problem = ProblemLabel()
        self._busy = False
        self.layout_ = QVBoxLayout(self)
        self.layout_.setSpacing(10)

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.problem)
        self.layout_.addStretch(1)

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.completeChanged.emit()

    def busy(self) -> bool:
        return self._busy

    def ready(self) -> bool:
        return True

    def isComplete(self) -> bool:
        return not self._busy and self.ready()


class TrustWizard(QWizard):
    """Plain, keyboard-first wizard: Next/Finish are the default buttons, Escape cancels."""

    def __init__(self, run: RunTrust, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._run = run
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setMinimumWidth(720)
        self.setButtonText(QWizard.WizardButton.BackButton, "< &Back")
        self.setButtonText(QWizard.WizardButton.NextButton, "&Next >")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Cancel")
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Done")

    def work(
        self, step: Step, work: Callable[[TrustService], T], done: Callable[[T], None]
    ) -> None:
        """``work(trust)`` on the worker while ``step`` waits; a failure is its problem."""
        step.problem.say("")
        step.set_busy(True)

        def ok(result: T) -> None:
            step.set_busy(False)
            done(result)

        def failed(error: Exception) -> None:
            step.set_busy(False)
            step.problem.say(sentence(error))

        self._run(work, ok, failed, self)

    def button_(self, which: QWizard.WizardButton) -> QPushButton:
        button = self.button(which)
        assert isinstance(button, QPushButton)
        return button




class KeyPassphraseDialog(QDialog):
    """The passphrase of this laptop's key file, where there is no keyring: once a
    session; twice (to be sure) when the key file is about to be made."""

    def __init__(self, *, new: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("This laptop's key passphrase")
        self.setAccessibleName("This laptop's key passphrase")
        self.new = new
        intro = plain_label(
            "This laptop has no working keyring, so its keys are kept in an encrypted key "
            "file in the data folder. "
            + (
                "Choose a passphrase for it (at least 8 characters) and keep it safe: "
                "without it this laptop cannot sign or open bundles."
                if new
                else "Type its passphrase to unlock it for this session."
            )
        )
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        first_label = QLabel("&Passphrase:")
        first_label.setBuddy(self.first)
        second_label = QLabel("The &same again:")
        second_label.setBuddy(self.second)
        form = QFormLayout()
        form.addRow(first_label, self.first)
        if new:
            form.addRow(second_label, self.second)
        self.problem = ProblemLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.first.setFocus()

    def passphrase(self) -> str:
        return self.first.text()

    def accept(self) -> None:
        if len(self.first.text().strip()) < 8:
            self.problem.say("The passphrase must be at least 8 characters long.")
            self.first.setFocus()
            return
        if self.new and self.second.text() != self.first.text():
            self.problem.say("The two passphrases differ; type it again.")
            self.second.setFocus()
            self.second.selectAll()
            return
        super().accept()
