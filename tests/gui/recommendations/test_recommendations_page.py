# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot carries no type hints.)
"""Recommendations in the window: a working group's secretary raises one through the
form, records its agreement and submission, the Steering Group's chair endorses it
from the minutes of the meeting that considers it, signed on this laptop because its
certificate makes it the chair's, then edits it; a referral needs its reason; a search
result opens one. Signatures and their verification: test_recommendation_signatures.py."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from gui_helpers import on_worker
from PySide6.QtCore import Qt

from sen_desktop.core.programme import seed
from sen_desktop.gui.recommendations.decision_dialog import DecisionDialog
from sen_desktop.gui.recommendations.detail import APPROVAL_ONLY
from sen_desktop.gui.recommendations.dialogs import AgendaDialog, RecommendationDialog
from tests.gui.recommendations.recommendation_helpers import (
    CTRL,
    LEFT,
    SHIFT,
    SUBMITTED,
    WAIT_MS,
    OpenWindow,
    choose,
    new_dialog,
    offered,
    open_page,
    page_dialog,
    raised,
    recommendations_of,
    record_step,
    reopen_page,
    save,
    shown,
    tick,
    verified_text,
    window_with_sg_chair,
)
from tests.gui.shell.test_accessibility import _unnamed_controls

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot


def test_raise_agree_submit_and_endorse_signed_from_the_minutes(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window, _chair = window_with_sg_chair(qtbot, open_window, certified=True)
    session = window.session
    assert session is not None
    recs = session.recommendations
    page = open_page(qtbot, window)
    assert page.empty_state.isVisible()
    assert page.empty_heading.text() == "No recommendations yet"
    assert page.export_target() == "Export to Word: choose a recommendation to export its paper."
    assert "raise recommendations" in page.empty_message.text()

    # Raised through the form: an empty title is refused beside the title, nothing saved.
    dialog = page_dialog(qtbot, page, page.empty_new_button, RecommendationDialog)
    assert _unnamed_controls(dialog) == []
    ui = dialog.ui
    ui.group_combo.setCurrentIndex(ui.group_combo.findText("BESD Working Group"))
    assert ui.dimension_combo.currentText() == "BESD"
    assert ui.remit_list.count() > 0
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: bool(dialog.error_text("title")), timeout=WAIT_MS)
    assert "title" in dialog.error_text("title").lower()
    assert dialog.isVisible()
    assert on_worker(qtbot, window, recs.list_recommendations) == []

    qtbot.keyClicks(ui.title_edit, "Outreach hubs in every district")
    qtbot.keyClicks(ui.text_edit, "That every district has an outreach hub.")
    ui.tier_combo.setCurrentIndex(ui.tier_combo.findText("Outreach"))
    tick(qtbot, ui.particular_radio)
    thanet = ui.districts_list.findItems("Thanet", Qt.MatchFlag.MatchExactly)[0]
    thanet.setCheckState(Qt.CheckState.Checked)
    ui.remit_list.item(0).setCheckState(Qt.CheckState.Checked)
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.detail() is not None,
                    timeout=WAIT_MS)
    assert not page.empty_state.isVisible()
    assert _unnamed_controls(page) == []
    assert shown(page).record.reference == "BESD-R1"
    target = page.export_target()
    assert not isinstance(target, str)
    assert (target.kind, target.ref, target.what) == (
        "recommendation", shown(page).record.id, "the paper on BESD-R1")
    details = page.details.toPlainText()
    assert "Thanet" in details and "Outreach" in details and "Draft" in details

    # Agreed by the working group, then submitted: only allowed steps are offered.
    choose(qtbot, page, "BESD-R1")
    agreed = record_step(qtbot, page, "Agreed by working group")
    assert agreed == ["Agreed by working group", "Withdrawn"]
    submitted = record_step(qtbot, page, "Submitted to Steering Group")
    assert submitted == ["Submitted to Steering Group", "Withdrawn"]
    assert shown(page).state_label == "Submitted to Steering Group"

    # On the agenda of an upcoming Steering Group meeting, chosen on the page.
    meeting_id = on_worker(qtbot, window, lambda: session.meetings.schedule(
        seed.group_id("SG"), dt.date.today() + dt.timedelta(days=21)).id)
    agenda = page_dialog(qtbot, page, page.agenda_button, AgendaDialog)
    assert agenda.meeting_combo.currentData() == meeting_id
    save(qtbot, agenda)
    items = on_worker(qtbot, window, lambda: recs.agenda_items(meeting_id))
    ((item_id, summary),) = items.items()
    assert summary.reference == "BESD-R1"

    # In the minutes of that meeting the item shows the recommendation; Ctrl+Shift+D
    # opens the decision form with the meeting and minute number filled in.
    minutes = window.minutes_page
    with qtbot.waitSignal(minutes.loaded, timeout=WAIT_MS):
        window.show_minutes(meeting_id, item_id)
    panel = minutes.recommendation_panel
    qtbot.waitUntil(panel.isVisible, timeout=WAIT_MS)
    assert panel.heading.text() == (
        "Recommendation BESD-R1: Outreach hubs in every district — Submitted to Steering Group")
    assert "No decision recorded" in panel.decisions.text()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    minutes.editor.setFocus()
    before = minutes.decision_dialog
    qtbot.keyClick(minutes.editor, Qt.Key.Key_D, CTRL | SHIFT)
    decision = new_dialog(qtbot, lambda: minutes.decision_dialog, DecisionDialog, before)
    assert _unnamed_controls(decision) == []
    dui = decision.ui
    assert dui.meeting_combo.currentData() == meeting_id
    state = minutes._item(item_id)
    assert state is not None
    assert dui.minute_edit.text() == str(state.minutes.minute_number)
    assert dui.transition_combo.currentText() == "Endorsed"
    assert dui.by_combo.currentText() == "Sam Chair"
    assert dui.sign_check.isEnabled() and dui.sign_check.isVisible()
    assert dui.sign_check.text() == (
        "Sign as Sam Chair (this laptop is certified as chair of the Strategy Steering Group)")
    tick(qtbot, dui.sign_check)
    assert dui.sign_check.isChecked()
    save(qtbot, decision)
    expected = "DECISION: Endorsed by the Strategy Steering Group (signed by Sam Chair, verified)"
    qtbot.waitUntil(lambda: expected in panel.decisions.text(), timeout=WAIT_MS)
    assert panel.heading.text().endswith("— Endorsed")
    # The minutes paper reads the same decision.
    (event,) = on_worker(qtbot, window, lambda: recs.events_at(meeting_id))
    assert (event.transition, event.verified, event.by_name) == ("endorsed", True, "Sam Chair")

    # The page says the chair's endorsement verifies.
    page = reopen_page(qtbot, window)
    qtbot.waitUntil(lambda: verified_text(page, "BESD-R1") == "Verified", timeout=WAIT_MS)
    choose(qtbot, page, "BESD-R1")
    assert "✔ Verified" in page.history.toPlainText()

    # Edited afterwards: the approved version beside the changes, and it no longer
    # counts as endorsed.
    edit = page_dialog(qtbot, page, page.edit_button, RecommendationDialog)
    assert not edit.ui.group_combo.isEnabled()
    assert edit.ui.title_edit.text() == "Outreach hubs in every district"
    edit.ui.text_edit.selectAll()
    qtbot.keyClicks(edit.ui.text_edit, "That most districts have an outreach hub.")
    save(qtbot, edit)
    qtbot.waitUntil(lambda: shown(page).changed_since_approval, timeout=WAIT_MS)
    assert shown(page).state_label == "Submitted to Steering Group"
    details = page.details.toPlainText()
    for words in ("Approved version", "Changes since approval", APPROVAL_ONLY,
                  "That every district has an outreach hub.",
                  "That most districts have an outreach hub."):
        assert words in details
    assert verified_text(page, "BESD-R1") == (
        "Not verified — recommendation changed since endorsement")


def test_referred_back_needs_a_reason_beside_the_field(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    recs = recommendations_of(window)
    rec_id = raised(qtbot, window, "CL", "Units attached to primary schools", *SUBMITTED)
    page = open_page(qtbot, window)
    choose(qtbot, page, "CL-R1")
    dialog = page_dialog(qtbot, page, page.decision_button, DecisionDialog)
    assert offered(dialog) == ["Endorsed", "Endorsed with amendments", "Referred back",
                               "Deferred", "Not endorsed", "Withdrawn"]
    combo = dialog.ui.transition_combo
    # Each decision that needs a note says which: a reason, or the amendments.
    for text, label, name in (
        ("Not endorsed", "Reason (required):", "Reason it was not endorsed"),
        ("Endorsed with amendments", "Amendments (required):", "Amendments made"),
        ("Endorsed", "Note:", "Note"),
    ):
        combo.setCurrentIndex(combo.findText(text))
        assert dialog.ui.note_label.text().replace("&", "") == label
        assert dialog.ui.note_edit.accessibleName() == name
    assert dialog.ui.note_edit.placeholderText() == "Optional"
    combo.setCurrentIndex(combo.findText("Referred back"))
    assert dialog.ui.note_label.text().replace("&", "") == "Reason (required):"
    assert dialog.ui.note_edit.accessibleName() == "Reason it was referred back"
    assert not dialog.ui.sign_check.isEnabled()
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: bool(dialog.error_text("note")), timeout=WAIT_MS)
    assert dialog.error_text("note").startswith("Enter the reason it was referred back")
    assert dialog.isVisible()
    assert on_worker(qtbot, window, lambda: recs.detail(rec_id).state) == "submitted_to_sg"

    qtbot.keyClicks(dialog.ui.note_edit, "Give the costs per place.")
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: shown(page).state_label == "Referred back to working group",
                    timeout=WAIT_MS)
    assert "Give the costs per place." in page.history.toPlainText()


def test_a_search_result_opens_the_recommendation(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    session = window.session
    assert session is not None
    raised(qtbot, window, "BESD", "Outreach hubs", text="Hubs in every district.")
    raised(qtbot, window, "CL", "Resourced units", text="Units beside primary schools.")
    page = open_page(qtbot, window)
    page.state_filter.setCurrentIndex(page.state_filter.findText("Withdrawn"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=WAIT_MS)
    hits = on_worker(qtbot, window, lambda: session.search.search("primary schools"))
    hit = next(h for h in hits if h.kind == "recommendation")
    window.open_search_hit(hit)
    qtbot.waitUntil(lambda: shown(page).record.reference == "CL-R1", timeout=WAIT_MS)
    assert window.current_view() == "recommendations"
    assert page.selected_id() == hit.recommendation_id
    assert page.state_filter.currentText() == "Any state"
