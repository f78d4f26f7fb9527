"""The policies page's dialogs: record the next step, add a comment, compare versions.

The step and comment forms are the provision page's ``FormDialog`` (gui/provision/
dialogs.py: labelled rows, each with its error line, Save on the worker and a refusal
shown under the field it names). The comparison is a reading pane: each section of
two versions side by side, removed words struck through and added words underlined
and bold, and each section headed "changed" or "unchanged" in words -- never colour.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core.policies.records import ADDED, REMOVED, compare
from sen_desktop.core.policies.vocabulary import SECTION_TITLES, SECTIONS
from sen_desktop.gui.common.dialogs import keep_on_screen
from sen_desktop.gui.common.widgets import reading_pane
from sen_desktop.gui.provision.dialogs import FormDialog, combo_box

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sen_desktop.core.policies.records import (
        NextStep,
        PolicyDetail,
        Segment,
        SigningChoice,
        StepRecord,
        VersionRecord,
    )
    from sen_desktop.core.policies.service import PolicyService
    from sen_desktop.gui.common.tasks import TaskRunner

NO_MEETING = "Not at a meeting"
DO_NOT_SIGN = "Do not sign now (the chair signs later)"


class StepDialog(FormDialog):
    """Record the next step of the newest version: PolicyService.record_step."""

    def __init__(self, runner: TaskRunner, service: PolicyService, policy_id: str,
                 step: NextStep, people: Sequence[tuple[str, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, step.label.removeprefix("Record: ").capitalize(), parent)
        self._service, self._policy_id, self._step = service, policy_id, step.step
        self.what = QLabel(f"{step.label.removeprefix('Record: ').capitalize()}: decided by "
                           f"{step.decided_by}.")
        self.what.setWordWrap(True)
        self._form.addRow(self.what)
        self.meeting = combo_box("Meeting", [(NO_MEETING, ""), *((t, i) for i, t in
                                                                 step.meetings)], "")
        self.meeting.setEnabled(bool(step.meetings))
        self._row("meeting_id", "&Meeting:", self.meeting)
        self.minute = QLineEdit()
        self._row("minute_number", "Minute &number:", self.minute)
        self.by = combo_box("Decided by", [("Not recorded", ""), *((n, i) for i, n in people)],
                            "")
        self._row("by_id", "&Decided by:", self.by)
        self.sign_as = combo_box(
            "Sign as chair",
            [(DO_NOT_SIGN, ""), *((f"Sign as {c.person_name}", c.person_id)
                                  for c in step.signers)],
            "",
        )
        self.sign_as.setEnabled(step.signed and bool(step.signers))
        self._row("sign_as", "&Chair's signature:", self.sign_as)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(80)
        self._row("note", "N&ote:", self.note)
        self._finish({"step": "meeting_id", "at": "meeting_id"})
        self.save_button.setText("&Record")
        (self.meeting if step.meetings else self.minute).setFocus()

    def _work(self) -> Callable[[], Any]:
        service, policy_id, step = self._service, self._policy_id, self._step
        meeting = str(self.meeting.currentData() or "") or None
        minute, note = self.minute.text(), self.note.toPlainText()
        by = str(self.by.currentData() or "") or None
        sign = str(self.sign_as.currentData() or "") or None
        return lambda: service.record_step(policy_id, step, meeting_id=meeting,
                                           minute_number=minute, by_id=by, note=note,
                                           sign_as=sign)


class SignDialog(FormDialog):
    """Sign a chair's step recorded unsigned, on the chair's certified laptop:
    PolicyService.sign_step."""

    def __init__(self, runner: TaskRunner, service: PolicyService, step: StepRecord,
                 signers: Sequence[SigningChoice], parent: QWidget | None = None) -> None:
        super().__init__(runner, "Sign as chair", parent)
        self._service, self._event_id = service, step.id
        self.what = QLabel(f"{step.label} (version {step.version}), {step.decided_by}: sign "
                           "it with this laptop's key as the chair who decided.")
        self.what.setWordWrap(True)
        self._form.addRow(self.what)
        self.sign_as = combo_box("Sign as", [(c.person_name, c.person_id) for c in signers],
                                 "")
        self._row("sign_as", "&Sign as:", self.sign_as)
        self._finish()
        self.save_button.setText("&Sign")
        self.sign_as.setFocus()

    def _work(self) -> Callable[[], Any]:
        service, event = self._service, self._event_id
        person = str(self.sign_as.currentData() or "")
        return lambda: service.sign_step(event, person)


class CommentDialog(FormDialog):
    """A member's comment on one section of the version shown: add_comment."""

    def __init__(self, runner: TaskRunner, service: PolicyService, version: VersionRecord,
                 section: str, people: Sequence[tuple[str, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, f"Comment on version {version.number}", parent)
        self._service, self._version_id = service, version.id
        self.section = combo_box("Section", [(SECTION_TITLES[s], s) for s in SECTIONS], section)
        self._row("section", "&Section:", self.section)
        self.author = combo_box("From", [(n, i) for i, n in people], "")
        self._row("author", "&From:", self.author)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self._row("text", "&Comment:", self.text)
        self._finish()
        self.text.setFocus()

    def _work(self) -> Callable[[], Any]:
        service, version = self._service, self._version_id
        section = str(self.section.currentData())
        author, text = str(self.author.currentData() or ""), self.text.toPlainText()
        return lambda: service.add_comment(version, section, author, text)


class CompareDialog(QDialog):
    """Two versions of a policy side by side, section by section."""

    def __init__(self, detail: PolicyDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Compare versions — {detail.summary.title}")
        self.setAccessibleName("Compare versions")
        self._detail = detail
        layout = QVBoxLayout(self)
        choose = QHBoxLayout()
        numbers = [(v.label, v.number) for v in detail.versions]
        self.older = self._chooser("Older version", numbers, numbers[max(len(numbers) - 2, 0)][1])
        self.newer = self._chooser("Newer version", numbers, numbers[-1][1])
        for text, combo in (("&Older:", self.older), ("&Newer:", self.newer)):
            caption = QLabel(text)
            caption.setBuddy(combo)
            choose.addWidget(caption)
            choose.addWidget(combo, 1)
        layout.addLayout(choose)
        self.key = QLabel("Words struck through were taken out; words underlined and bold "
                          "were put in.")
        self.key.setWordWrap(True)
        layout.addWidget(self.key)
        self.view = reading_pane("Versions compared, section by section")
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.older.currentIndexChanged.connect(lambda _i: self.show_comparison())
        self.newer.currentIndexChanged.connect(lambda _i: self.show_comparison())
        self.resize(1000, 700)
        keep_on_screen(self)
        self.show_comparison()
        self.older.setFocus()

    def _chooser(self, name: str, items: list[tuple[str, int]], current: int) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        for text, number in items:
            combo.addItem(text, number)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        return combo

    def show_comparison(self) -> None:
        older = self._detail.version(int(self.older.currentData()))
        newer = self._detail.version(int(self.newer.currentData()))
        self.view.setHtml(comparison_html(older, newer))

    def changed_sections(self) -> list[str]:
        older = self._detail.version(int(self.older.currentData()))
        newer = self._detail.version(int(self.newer.currentData()))
        return [c.title for c in compare(older, newer) if c.changed]


def _segments(segments: tuple[Segment, ...]) -> str:
    out = []
    for segment in segments:
        text = html.escape(segment.text).replace("\n", "<br>")
        if segment.kind == REMOVED:
            out.append(f"<s>{text}</s>")
        elif segment.kind == ADDED:
            out.append(f"<u><b>{text}</b></u>")
        else:
            out.append(text)
    return "".join(out) or "<i>(empty)</i>"


def comparison_html(older: VersionRecord, newer: VersionRecord) -> str:
    """The comparison as HTML for the reading pane."""
    rows = [f"<h2>Version {older.number} and version {newer.number}</h2>"]
    for section in compare(older, newer):
        state = "changed" if section.changed else "unchanged"
        rows.append(f"<h3>{html.escape(section.title)} — {state}</h3>")
        rows.append(
            "<table width='100%' cellspacing='0' cellpadding='6' border='1'><tr>"
            f"<th width='50%'>Version {older.number}</th>"
            f"<th width='50%'>Version {newer.number}</th></tr>"
            f"<tr><td valign='top'>{_segments(section.before)}</td>"
            f"<td valign='top'>{_segments(section.after)}</td></tr></table>"
        )
    return "".join(rows)


__all__ = ["CommentDialog", "CompareDialog", "SignDialog", "StepDialog", "comparison_html"]
