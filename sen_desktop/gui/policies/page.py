"""The policy documents page (issue 15): each need dimension working group's policy,
drafted in six sections, commented on, versioned and taken along the pathway.

The Project Plan's Annex 1 asks each working group to "prepare and provide a Policy
document for the SEN dimension of need for approval by the Strategy Steering Group, SMT
and Members for consultation and publication". The page shows

- the working groups' policies, one row each, with the newest version's stage and the
  step it takes next (in words);
- buttons: start a group's policy, record the next step (its button says which step,
  and who decides), start a new draft, compare two versions side by side, export to
  Word;
- the chosen policy (gui/policies/editor.py): its versions, the draft's sections typed
  in place and autosaved, comments, and the steps taken.

Enter on a row moves to the policy's first section. Every read and write runs on the
worker (docs/architecture.md "The task API"); this module imports only the policies'
records at load (docs/contributing.md rule 13); the service is the open programme's.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QWidget,
)

from sen_desktop.core.policies.vocabulary import SECTIONS
from sen_desktop.gui.common.tables import columns_to_contents
from sen_desktop.gui.common.widgets import (
    at_least_rows,
    export_to_word,
    label,
    list_over_pane,
    page_layout,
    record_table,
    section_heading,
    yes_or_no,
)
from sen_desktop.gui.policies.editor import PolicyEditor
from sen_desktop.gui.policies.models import PolicyTableModel
from sen_desktop.gui.provision.page import _Keys

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from PySide6.QtWidgets import QDialog

    from sen_desktop.core.policies.records import PolicyDetail, PolicySummary
    from sen_desktop.core.policies.service import PolicyService
    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.shell.pages import PageContext
    from sen_desktop.gui.shell.session import OpenProgramme


def policy_service(session: OpenProgramme) -> PolicyService:
    """The open programme's policy service, with the laptop's signer (used on the worker)."""
    return session.policies


class PoliciesPage(QWidget):
    """The working groups' policy documents and the chosen one's editor."""

    loaded = Signal()
    #: A paper was written: its PaperRecord (for tests and the status line).
    exported = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner: TaskRunner | None = None
        self._session: OpenProgramme | None = None
        self._chosen_group = ""
        self._people: list[tuple[str, str]] = []
        self.dialog: QDialog | None = None  # the dialog last opened, for tests
        #: Asked where to save the paper; tests replace it.
        self.ask_path: Callable[[Path], Path | None] | None = None  # the save dialog
        #: Asked before removing a comment; tests replace it.
        self.confirm = partial(yes_or_no, self, "Policy documents")

        self.heading = label("Policy documents", role="heading")
        self.facts = label("Loading…", role="facts", wrap=True)
        self.model = PolicyTableModel(self)
        self.table = record_table("Working groups' policy documents")
        self.table.setModel(self.model)
        columns_to_contents(self.table, stretch=1)
        self.table.setWordWrap(False)  # one line a group; the whole title is read out
        at_least_rows(self.table, 4)
        table_label = section_heading("Working groups' pol&icies", self.table)
        # Made in the order they sit, left to right: the order Tab takes.
        self.start_button = QPushButton("&Start the group's policy")
        self.step_button = QPushButton("&Next step…")
        self.draft_button = QPushButton("New &draft")
        self.compare_button = QPushButton("Compare versions side &by side…")
        self.export_button = QPushButton("Export to &Word…")
        buttons = QHBoxLayout()
        for button in (self.start_button, self.step_button, self.draft_button,
                       self.compare_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.editor = PolicyEditor()

        splitter = list_over_pane((table_label, self.table, buttons), self.table, self.editor)
        layout = page_layout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.facts)
        layout.addWidget(splitter, 1)
        self.setFocusProxy(self.table)

        self.table.selectionModel().currentRowChanged.connect(lambda _n, _o: self._chosen())
        _Keys(self.table, self.enter_policy)
        self.table.doubleClicked.connect(lambda _index: self.enter_policy())
        self.start_button.clicked.connect(self.start_policy)
        self.step_button.clicked.connect(self.record_step)
        self.draft_button.clicked.connect(self.new_draft)
        self.compare_button.clicked.connect(self.compare)
        self.export_button.clicked.connect(self.export)
        self.editor.add_comment_button.clicked.connect(self.add_comment)
        self.editor.remove_comment_button.clicked.connect(self.remove_comment)
        self.editor.sign_button.clicked.connect(self.sign_step)
        self._update_buttons()

    # --- the page contract -------------------------------------------------------------

    def open(self, context: PageContext) -> None:
        self._runner, self._session = context.runner, context.session
        self.reload()

    def reload(self) -> None:
        if self._runner is None or self._session is None:
            return
        session = self._session
        self._runner.run(lambda: policy_service(session).overview(), self.set_overview,
                         self._failed, channel="policies", owner=self)

    def set_overview(self, policies: list[PolicySummary]) -> None:
        self.model.set_records(policies)
        started = [p for p in policies if p.id is not None]
        published = [p for p in started if p.in_force is not None]
        if not policies:
            self.facts.setText("There are no need dimension working groups.")
        else:
            self.facts.setText(
                f"{len(started)} of {len(policies)} working groups have a policy document; "
                f"{len(published)} published."
            )
        row = self.model.row_of_group(self._chosen_group)
        self.table.setCurrentIndex(self.model.index(max(row, 0), 0))
        self._chosen()

    def _failed(self, error: Exception) -> None:
        self.facts.setText(getattr(error, "message", str(error)))
        self.loaded.emit()

    # --- the chosen policy -------------------------------------------------------------

    def chosen(self) -> PolicySummary | None:
        return self.model.record(self.table.currentIndex().row())

    def _chosen(self) -> None:
        summary = self.chosen()
        self._update_buttons()
        if summary is None or summary.id is None or self._runner is None or self._session is None:
            self._chosen_group = summary.group_id if summary is not None else ""
            self.editor.set_detail(None)
            self.loaded.emit()
            return
        self._chosen_group = summary.group_id
        session, policy_id = self._session, summary.id

        def fetch() -> tuple[PolicyDetail, list[tuple[str, str]]]:
            service = policy_service(session)
            return service.detail(policy_id), service.members(policy_id)

        self._runner.run(fetch, self._show_detail, self._failed, channel="policy", owner=self)

    def _show_detail(self, found: tuple[PolicyDetail, list[tuple[str, str]]]) -> None:
        detail, self._people = found
        if self._runner is not None and self._session is not None:
            self.editor.attach(self._runner, policy_service(self._session))
        shown = self.editor.shown_version()
        same = self.editor.detail() is not None and shown is not None and (
            self.editor.detail().id == detail.id  # type: ignore[union-attr]
        )
        self.editor.set_detail(detail, shown.number if same and shown else None)
        self._update_buttons()
        self.loaded.emit()

    def enter_policy(self) -> None:
        """Enter on a row: into the policy's first section (or start it)."""
        summary = self.chosen()
        if summary is None:
            return
        if summary.id is None:
            self.start_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.editor.tabs.setCurrentIndex(0)
        self.editor.sections[SECTIONS[0]].setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_buttons(self) -> None:
        summary = self.chosen()
        detail = self.editor.detail()
        has = summary is not None and summary.id is not None
        ready = has and detail is not None and detail.id == summary.id  # type: ignore[union-attr]
        self.start_button.setEnabled(summary is not None and summary.id is None)
        self.step_button.setEnabled(ready and summary.next_step is not None)  # type: ignore[union-attr]
        if has and summary is not None:
            words = summary.next_action.removeprefix("Record: ")
            self.step_button.setText(f"&Next step: {words}…" if summary.next_step
                                     else words if summary.awaiting else "Published")
            self.step_button.setAccessibleName(f"Next step: {words}")
        else:
            self.step_button.setText("&Next step…")
            self.step_button.setAccessibleName("Next step: start the group's policy first")
        draft = ready and detail is not None and not detail.current.is_draft
        self.draft_button.setEnabled(draft)
        self.compare_button.setEnabled(ready and detail is not None and len(detail.versions) > 1)
        self.export_button.setEnabled(ready)

    # --- actions ---------------------------------------------------------------------------

    def _service(self) -> PolicyService | None:
        if self._session is None:
            return None
        return policy_service(self._session)

    def start_policy(self) -> None:
        summary = self.chosen()
        if summary is None or summary.id is not None or self._runner is None:
            return
        session, group_id = self._session, summary.group_id
        assert session is not None
        self._runner.run(lambda: policy_service(session).start(group_id),
                         lambda _d: self._after_change(focus_section=True), self._failed,
                         owner=self)

    def _after_change(self, focus_section: bool = False) -> None:
        if focus_section:
            self.loaded.connect(self._focus_first_section, Qt.ConnectionType.SingleShotConnection)
        self.reload()

    def _focus_first_section(self) -> None:
        self.editor.tabs.setCurrentIndex(0)
        self.editor.sections[SECTIONS[0]].setFocus(Qt.FocusReason.OtherFocusReason)

    def record_step(self) -> None:
        summary = self.chosen()
        if summary is None or summary.id is None or self._runner is None:
            return
        if self.editor.autosaver is not None:
            self.editor.autosaver.flush()
        session, policy_id = self._session, summary.id
        assert session is not None
        self._runner.run(lambda: policy_service(session).next_step(policy_id),
                         self._open_step, self._failed, owner=self)

    def _open_step(self, step: Any) -> None:
        from sen_desktop.gui.policies.dialogs import StepDialog

        summary, service = self.chosen(), self._service()
        if step is None or summary is None or summary.id is None or service is None:
            return
        assert self._runner is not None
        self._show(StepDialog(self._runner, service, summary.id, step, self._people, self))

    def sign_step(self) -> None:
        """Sign the chosen step as its chair, on the chair's certified laptop; says in
        words why not when nothing here can sign it."""
        step = self.editor.chosen_step()
        if step is None or self._runner is None or self._session is None:
            self.facts.setText("Choose a step on the Pathway tab to sign it.")
            return
        session = self._session

        def open_dialog(signers: Any) -> None:
            from sen_desktop.gui.policies.dialogs import SignDialog

            service = self._service()
            if not signers or service is None or self._runner is None:
                self.facts.setText(
                    f"{step.label} (version {step.version}) is not one this laptop signs: "
                    "it is signed already, needs no chair's signature, or this laptop is not "
                    "certified as the chair's."
                )
                return
            self._show(SignDialog(self._runner, service, step, signers, self))

        self._runner.run(lambda: policy_service(session).signers_for_step(step.id),
                         open_dialog, self._failed, owner=self)

    def new_draft(self) -> None:
        summary = self.chosen()
        if summary is None or summary.id is None or self._runner is None:
            return
        session, policy_id = self._session, summary.id
        assert session is not None
        self._runner.run(lambda: policy_service(session).new_draft(policy_id),
                         lambda _v: self._after_change(focus_section=True), self._failed,
                         owner=self)

    def compare(self) -> None:
        from sen_desktop.gui.policies.dialogs import CompareDialog

        detail = self.editor.detail()
        if detail is None or len(detail.versions) < 2:
            return
        dialog = CompareDialog(detail, self)
        self.dialog = dialog
        dialog.finished.connect(lambda _code: self.table.setFocus())
        dialog.open()

    def add_comment(self) -> None:
        from sen_desktop.gui.policies.dialogs import CommentDialog

        version, service = self.editor.shown_version(), self._service()
        if version is None or service is None or self._runner is None:
            return
        focused = [s for s, box in self.editor.sections.items() if box.hasFocus()]
        section = focused[0] if focused else SECTIONS[0]
        self._show(CommentDialog(self._runner, service, version, section, self._people, self))

    def remove_comment(self) -> None:
        comment = self.editor.comments_model.record(self.editor.comments.currentIndex().row())
        if comment is None or self._runner is None or self._session is None:
            return
        if not self.confirm(f"Remove {comment.author_name}'s comment on "
                            f"{comment.section_title.lower()}?"):
            return
        session = self._session
        self._runner.run(lambda: policy_service(session).remove_comment(comment.id),
                         lambda _r: self.reload(), self._failed, owner=self)

    def _show(self, dialog: Any) -> None:
        self.dialog = dialog
        dialog.saved.connect(lambda _record: self.reload())
        dialog.finished.connect(lambda _code: self.table.setFocus())
        dialog.open()

    # --- Word -----------------------------------------------------------------------------

    def export(self) -> None:
        detail, shown = self.editor.detail(), self.editor.shown_version()
        if detail is None or shown is None or self._runner is None or self._session is None:
            return
        session, group_id, number = self._session, detail.summary.group_id, shown.number

        def write(path: Path) -> Any:
            from sen_desktop.papers.policy import policy_paper

            return policy_paper(session, group_id, path, version=number,
                                data_dir=session.data_dir)

        export_to_word(self, self._runner, ask_path=self.ask_path,
                       caption="Export the policy to Word",
                       name=f"Policy {detail.summary.group_code} v{number}", fallback="Policy",
                       write=write,
                       wrote=lambda r: f"policy {r.reference}, version {r.version}",
                       failed=self._failed)


__all__ = ["PoliciesPage"]
