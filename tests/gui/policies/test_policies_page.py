# mypy: disable-error-code="no-untyped-call"
"""The policies page driven from the keyboard (issue 15): the groups' policies with their
stage in words, the draft typed and autosaved, a frozen version read-only, two versions
compared, a comment added, and the pathway's next step recorded with a refusal beside
its field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from sen_desktop.core.store.models import PolicyVersion
from sen_desktop.gui.policies.dialogs import (
    CommentDialog,
    CompareDialog,
    StepDialog,
    comparison_html,
)
from tests.gui.gui_helpers import read_out

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot
    from store_helpers import Store

    from sen_desktop.gui.policies.page import PoliciesPage

WAIT_MS = 10_000


def test_the_list_says_each_groups_policy_and_stage_in_words(page: PoliciesPage) -> None:
    rows = [(page.model.index(r, 0).data(), page.model.index(r, 2).data(),
             page.model.index(r, 4).data()) for r in range(page.model.rowCount())]
    assert rows[0] == ("BESD Working Group", "Version 2: Draft", "agreed by the working group")
    assert rows[1][1:] == ("No policy yet", "Start the policy")
    assert page.facts.text() == "1 of 4 working groups have a policy document; 0 published."
    assert page.editor.version.currentText() == "Version 2 (draft)"
    assert page.step_button.text() == "&Next step: agreed by the working group…"
    assert page.editor.sections["principles"].toPlainText() == (
        "Early help in the local school, with the family."
    )
    assert read_out(page) == []


def test_typing_in_the_draft_is_saved_and_a_frozen_version_is_read_only(
    qtbot: QtBot, page: PoliciesPage, store: Store
) -> None:
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    box = page.editor.sections["purpose"]
    assert QApplication.focusWidget() is box
    box.moveCursor(box.textCursor().MoveOperation.End)
    qtbot.keyClicks(box, " In every district.")
    qtbot.waitUntil(lambda: page.editor.save_state.text() == "All changes saved",
                    timeout=WAIT_MS)

    def saved() -> str:
        with store.session_factory() as s:
            return s.scalars(select(PolicyVersion.purpose).where(PolicyVersion.number == 2)).one()

    qtbot.waitUntil(lambda: saved().endswith("In every district."), timeout=WAIT_MS)
    page.editor.version.setFocus()
    qtbot.keyClick(page.editor.version, Qt.Key.Key_Down)  # to version 1
    assert page.editor.version.currentText() == "Version 1 (Agreed by the working group)"
    assert box.isReadOnly() and "no longer changes" in page.editor.stage.text()
    assert box.toPlainText() == "To set out how pupils with BESD are supported."


def test_two_versions_are_compared_side_by_side_in_words(
    qtbot: QtBot, page: PoliciesPage
) -> None:
    assert page.compare_button.isEnabled()
    page.compare_button.setFocus()
    qtbot.keyClick(page.compare_button, Qt.Key.Key_Space)
    dialog = page.dialog
    assert isinstance(dialog, CompareDialog)
    assert dialog.changed_sections() == ["Principles"]
    shown = dialog.view.toPlainText()
    assert "Principles — changed" in shown and "Purpose — unchanged" in shown
    older, newer = page.editor.detail().version(1), page.editor.detail().version(2)  # type: ignore[union-attr]
    marked = comparison_html(older, newer)
    assert "Early help in the local <s>school.</s>" in marked
    assert "Early help in the local <u><b>school, with the family.</b></u>" in marked
    assert dialog.older.accessibleName() == "Older version"
    dialog.reject()


def test_a_comment_is_added_from_the_keyboard(qtbot: QtBot, page: PoliciesPage) -> None:
    page.editor.tabs.tabBar().setFocus()
    qtbot.keyClick(page.editor.tabs.tabBar(), Qt.Key.Key_Right)  # to the Comments tab
    assert page.editor.tabs.currentIndex() == 1
    page.editor.add_comment_button.setFocus()
    qtbot.keyClick(page.editor.add_comment_button, Qt.Key.Key_Space)
    dialog = page.dialog
    assert isinstance(dialog, CommentDialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.text, timeout=WAIT_MS)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: bool(dialog.error_text("text")), timeout=WAIT_MS)
    assert dialog.error_text("text") == "Type the comment."
    qtbot.keyClicks(dialog.text, "Name the SENCo.")
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        dialog.save_button.click()
    qtbot.waitUntil(lambda: page.editor.comments_model.rowCount() == 1, timeout=WAIT_MS)
    comment = page.editor.comments_model.record(0)
    assert comment is not None and (comment.section_title, comment.text) == (
        "Purpose", "Name the SENCo."
    )


def test_the_next_step_is_recorded_and_a_wrong_meeting_is_refused_beside_it(
    qtbot: QtBot, page: PoliciesPage
) -> None:
    page.step_button.setFocus()
    qtbot.keyClick(page.step_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(page.dialog, StepDialog), timeout=WAIT_MS)
    dialog = page.dialog
    assert isinstance(dialog, StepDialog)
    assert dialog.what.text() == (
        "Agreed by the working group: decided by the BESD Working Group."
    )
    assert [dialog.meeting.itemText(i) for i in range(dialog.meeting.count())] == [
        "Not at a meeting", "BESD meeting 4, 12 October 2010"
    ]
    assert not dialog.sign_as.isEnabled()  # no chair's certificate on this laptop
    qtbot.keyClicks(dialog.minute, "x" * 30)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: bool(dialog.error_text("minute_number")), timeout=WAIT_MS)
    assert "Shorten the minute number" in dialog.error_text("minute_number")
    dialog.minute.setText("9")
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        dialog.save_button.click()
    qtbot.waitUntil(lambda: page.model.index(0, 2).data() == (
        "Version 2: Agreed by the working group"), timeout=WAIT_MS)
    assert page.draft_button.isEnabled()
    assert page.step_button.text() == "&Next step: endorsed by the Steering Group…"


def test_a_step_this_laptop_cannot_sign_is_said_in_words(
    qtbot: QtBot, page: PoliciesPage
) -> None:
    page.editor.version.setCurrentIndex(1)  # version 1, agreed
    page.editor.version.activated.emit(1)
    page.editor.steps.setFocus()
    page.editor.steps.setCurrentIndex(page.editor.steps_model.index(0, 0))
    assert page.editor.steps_model.index(0, 5).data() == "No signature needed"
    page.editor.sign_button.click()
    qtbot.waitUntil(lambda: "is not one this laptop signs" in page.facts.text(),
                    timeout=WAIT_MS)
    assert page.facts.text().startswith("Agreed by the working group (version 1)")


def test_export_to_word_writes_the_version_shown(
    qtbot: QtBot, page: PoliciesPage, tmp_path: Path
) -> None:
    target = tmp_path / "policy.docx"
    page.ask_path = lambda _suggested: target
    page.editor.version.setCurrentIndex(1)
    page.editor.version.activated.emit(1)
    with qtbot.waitSignal(page.exported, timeout=WAIT_MS) as written:
        page.export_button.click()
    assert written.args[0].reference == "BESD/POLICY-1"
    assert target.exists()
    assert page.facts.text() == "Wrote policy.docx (policy BESD/POLICY-1, version 1)."


def test_tab_moves_from_one_section_to_the_next(qtbot: QtBot, page: PoliciesPage) -> None:
    boxes = page.editor.sections
    boxes["purpose"].setFocus()
    for before, after in (("purpose", "principles"), ("principles", "continuum"),
                          ("continuum", "criteria")):
        assert QApplication.focusWidget() is boxes[before]
        qtbot.keyClick(boxes[before], Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is boxes[after], after


def test_a_group_without_a_policy_starts_one_from_the_keyboard(
    qtbot: QtBot, page: PoliciesPage
) -> None:
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)  # the Cognition and Learning group
    qtbot.waitUntil(lambda: page.editor.detail() is None, timeout=WAIT_MS)
    assert not page.step_button.isEnabled() and page.step_button.text() == "&Next step…"
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is page.start_button
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        qtbot.keyClick(page.start_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.editor.detail() is not None
                    and page.editor.detail().summary.group_code == "CL",  # type: ignore[union-attr]
                    timeout=WAIT_MS)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.editor.sections["purpose"],
                    timeout=WAIT_MS)
    assert page.model.index(1, 2).data() == "Version 1: Draft"


def test_a_step_awaiting_its_chair_holds_the_next_one(
    qtbot: QtBot, page: PoliciesPage, store: Store
) -> None:
    from sen_desktop.core.policies.service import PolicyService

    service = PolicyService(store.session_factory)
    detail = page.editor.detail()
    assert detail is not None
    service.record_step(detail.id, "agreed")
    service.record_step(detail.id, "endorsed")  # no chair signs on this laptop
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.reload()
    qtbot.waitUntil(lambda: "awaits the chair" in str(page.model.index(0, 2).data()),
                    timeout=WAIT_MS)
    assert page.model.index(0, 2).data() == (
        "Version 2: Agreed by the working group (“Endorsed by the Steering Group” awaits the "
        "chair's signature)"
    )
    assert page.step_button.text() == (
        "Awaiting the chair's signature: endorsed by the Steering Group"
    )
    assert not page.step_button.isEnabled()
