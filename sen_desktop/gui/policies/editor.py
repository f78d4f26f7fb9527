"""One policy open in the policies page: its versions, six sections, comments and steps.

The sections of the draft are typed in place and saved as the minutes are
(gui/common/autosave.py: within a second of a pause, never dropped, "All changes saved"
said in words); a version that has moved on the pathway is shown read-only, saying so.
Three tabs -- Sections, Comments, Pathway -- each reached with its access key (Alt+C,
Alt+M, Alt+Y) or Ctrl+Tab; every box has its section's title as its label and accessible
name, and Tab moves from one section to the next. The page's keys avoid the menu bar's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core.policies.vocabulary import SECTION_TITLES, SECTIONS
from sen_desktop.gui.common.autosave import Autosaver, SaveState, why_not_saved
from sen_desktop.gui.common.widgets import label, record_table
from sen_desktop.gui.policies.models import CommentTableModel, StepTableModel

if TYPE_CHECKING:
    from sen_desktop.core.policies.records import PolicyDetail, StepRecord, VersionRecord
    from sen_desktop.core.policies.service import PolicyService
    from sen_desktop.gui.common.tasks import TaskRunner



class PolicyEditor(QWidget):
    """The chosen policy: version chooser, sections, comments, steps."""

    #: The version shown changed (its number).
    version_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._detail: PolicyDetail | None = None
        self._runner: TaskRunner | None = None
        self._service: PolicyService | None = None
        self.autosaver: Autosaver | None = None
        self._filling = False

        self.title = label("", role="subheading", wrap=True)
        self.version = QComboBox()
        self.version.setAccessibleName("Version shown")
        self.version.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        version_label = QLabel("&Version:")
        version_label.setBuddy(self.version)
        self.stage = label("", wrap=True)
        self.save_state = label("", role="facts")
        top = QHBoxLayout()
        top.addWidget(version_label)
        top.addWidget(self.version)
        top.addWidget(self.stage, 1)
        top.addWidget(self.save_state)

        self.sections: dict[str, QPlainTextEdit] = {}
        holder = QWidget()
        column = QVBoxLayout(holder)
        for section in SECTIONS:
            box = QPlainTextEdit()
            box.setTabChangesFocus(True)
            box.setAccessibleName(SECTION_TITLES[section])
            box.setMinimumHeight(box.fontMetrics().height() * 5)
            caption = QLabel(SECTION_TITLES[section] + ":")
            caption.setBuddy(box)
            column.addWidget(caption)
            column.addWidget(box)
            box.textChanged.connect(lambda s=section: self._typed(s))
            self.sections[section] = box
        scroll = QScrollArea()
        scroll.setAccessibleName("The six sections")
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the boxes take the focus; it follows
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)

        self.comments_model = CommentTableModel(self)
        self.comments = record_table("Comments on the version shown")
        self.comments.setModel(self.comments_model)
        self.comments.horizontalHeader().setStretchLastSection(True)
        self.add_comment_button = QPushButton("Add a comment…")
        self.remove_comment_button = QPushButton("Remove the comment")
        comments_tab = QWidget()
        comments_layout = QVBoxLayout(comments_tab)
        comments_layout.addWidget(self.comments, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_comment_button)
        buttons.addWidget(self.remove_comment_button)
        buttons.addStretch(1)
        comments_layout.addLayout(buttons)

        self.steps_model = StepTableModel(self)
        self.steps = record_table("Steps on the pathway")
        self.steps.setModel(self.steps_model)
        self.steps.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.steps.horizontalHeader().setStretchLastSection(True)
        self.pathway_words = label("", wrap=True)
        pathway_tab = QWidget()
        pathway_layout = QVBoxLayout(pathway_tab)
        pathway_layout.addWidget(self.pathway_words)
        pathway_layout.addWidget(self.steps, 1)
        self.sign_button = QPushButton("Sign the chosen step as chair…")
        sign_row = QHBoxLayout()
        sign_row.addWidget(self.sign_button)
        sign_row.addStretch(1)
        pathway_layout.addLayout(sign_row)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Policy")
        self.tabs.addTab(scroll, "Se&ctions")
        self.tabs.addTab(comments_tab, "Com&ments")
        self.tabs.addTab(pathway_tab, "Pathwa&y")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.version.activated.connect(lambda _row: self._show_version())
        self.setEnabled(False)

    # --- filling ---------------------------------------------------------------------------

    def attach(self, runner: TaskRunner, service: PolicyService) -> None:
        if self._runner is runner:
            return
        self._runner, self._service = runner, service
        self.autosaver = Autosaver(runner, parent=self)
        self.autosaver.state_changed.connect(self._say_state)
        self.autosaver.failed.connect(lambda _key, error: self.save_state.setText(
            why_not_saved(error)))

    def chosen_step(self) -> StepRecord | None:
        return self.steps_model.record(self.steps.currentIndex().row())

    def detail(self) -> PolicyDetail | None:
        return self._detail

    def shown_version(self) -> VersionRecord | None:
        if self._detail is None or self.version.currentData() is None:
            return None
        return self._detail.version(int(self.version.currentData()))

    def set_detail(self, detail: PolicyDetail | None, number: int | None = None) -> None:
        """Show ``detail`` at version ``number`` (its newest by default); text waiting
        to be saved is sent first, and a draft being typed in is not overwritten."""
        if self.autosaver is not None:
            self.autosaver.flush()
        self._detail = detail
        self.setEnabled(detail is not None)
        self._filling = True
        self.version.clear()
        if detail is None:
            self.title.setText("Choose a working group's policy above, or start one.")
            for box in self.sections.values():
                box.setPlainText("")
            self.comments_model.set_records([])
            self.steps_model.set_records([])
            self._filling = False
            return
        self.title.setText(detail.summary.title)
        for version in reversed(detail.versions):
            self.version.addItem(version.label, version.number)
        wanted = number if number is not None else detail.current.number
        self.version.setCurrentIndex(max(self.version.findData(wanted), 0))
        self.steps_model.set_records(detail.steps)
        self._filling = False
        self._show_version()

    def _show_version(self) -> None:
        version = self.shown_version()
        if version is None or self._detail is None:
            return
        self._filling = True
        for section, box in self.sections.items():
            pending = self.autosaver.pending_text((version.id, section)) if (
                self.autosaver is not None) else None
            text = pending if pending is not None else version.text(section)
            if box.toPlainText() != text:
                box.setPlainText(text)
            box.setReadOnly(not version.is_draft)
        self._filling = False
        if version.is_draft:
            self.stage.setText(f"Version {version.number} is the draft: what you type is "
                               "saved as you go.")
        else:
            self.stage.setText(f"Version {version.number}: {version.stage_label}. It no longer "
                               "changes; start a new draft to change the policy.")
        self.comments_model.set_records(self._detail.comments_on(version.id))
        self.remove_comment_button.setEnabled(bool(self.comments_model.rowCount()))
        steps = self._detail.steps_of(version.id)
        self.pathway_words.setText(
            f"Version {version.number}: {version.stage_label}; "
            f"{len(steps)} step{'s' if len(steps) != 1 else ''} recorded. All the policy's "
            "steps are listed, oldest first."
        )
        self._say_state()
        self.version_changed.emit(version.number)

    # --- typing ----------------------------------------------------------------------------

    def _typed(self, section: str) -> None:
        version = self.shown_version()
        if self._filling or version is None or not version.is_draft:
            return
        if self.autosaver is None or self._service is None:
            return
        service, version_id = self._service, version.id
        self.autosaver.changed(
            (version_id, section), self.sections[section].toPlainText(),
            lambda text: service.save_section(version_id, section, text),
        )

    def _say_state(self) -> None:
        version = self.shown_version()
        if self.autosaver is None or version is None or not version.is_draft:
            self.save_state.setText("")
            return
        state = self.autosaver.state()
        if state is not SaveState.SAVED or self.autosaver.has_pending():
            error = self.autosaver.last_error()
            if state in (SaveState.REFUSED, SaveState.RETRYING) and error is not None:
                self.save_state.setText(why_not_saved(error))
                return
        self.save_state.setText(state.value)


__all__ = ["PolicyEditor"]
