# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot carries no type hints.)
"""Recommendations in the window: a working group's secretary raises one through the
form, records its agreement and submission, the Steering Group's chair endorses it
from the minutes of the meeting that considers it, signed on this laptop because its
certificate makes it the chair's; then an edit, a tampered row, a referral without a
reason and a decision signed under the earlier scheme, each shown in words."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from gui_helpers import click_navigation, on_worker
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QMessageBox, QWidget

from sen_desktop.core.programme import seed
from sen_desktop.gui.recommendations.decision_dialog import DecisionDialog
from sen_desktop.gui.recommendations.detail import APPROVAL_ONLY
from sen_desktop.gui.recommendations.dialogs import AgendaDialog, RecommendationDialog
from sen_desktop.gui.recommendations.models import RecommendationListModel
from sen_desktop.gui.shell.window import MainWindow
from tests.chair_helpers import certify_this_laptop
from tests.gui.shell.test_accessibility import _unnamed_controls

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from sen_desktop.core.recommendations.records import RecommendationDetail
    from sen_desktop.gui.recommendations.page import RecommendationsPage

OpenWindow = Callable[..., MainWindow]
D = TypeVar("D", bound=QDialog)
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
LEFT = Qt.MouseButton.LeftButton
WAIT_MS = 30_000


# --- helpers ---------------------------------------------------------------------------


def appoint_sg_chair(qtbot: QtBot, window: MainWindow) -> str:
    """Sam Chair in the Steering Group's chair: the person the decision form offers."""
    session = window.session
    assert session is not None

    def make() -> str:
        chair = session.people.create(full_name="Sam Chair")
        seats = session.programme.group(seed.group_id("SG")).seats
        seat = next(s for s in seats if s.is_chair)
        session.people.appoint(seat.id, chair.id, dt.date(2010, 1, 4))
        return chair.id

    return on_worker(qtbot, window, make)


def certify_as_sg_chair(qtbot: QtBot, window: MainWindow, chair: str) -> None:
    """This laptop certified by the programme's root as the Steering Group chair's."""
    session = window.session
    assert session is not None
    on_worker(qtbot, window, lambda: certify_this_laptop(
        session.db.session_factory, session.data_dir, [("SG", chair, dt.date(2010, 1, 1))]))


def open_page(qtbot: QtBot, window: MainWindow) -> RecommendationsPage:
    page = window.recommendations_page
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        click_navigation(qtbot, window, "Recommendations")
    return page


def reopen_page(qtbot: QtBot, window: MainWindow) -> RecommendationsPage:
    """Away to another page and back, as a person looking again would."""
    click_navigation(qtbot, window, "People")
    return open_page(qtbot, window)


def new_dialog(qtbot: QtBot, owner: Callable[[], QDialog | None], kind: type[D],
               before: QDialog | None) -> D:
    def opened() -> bool:
        dialog = owner()
        return dialog is not before and isinstance(dialog, kind) and dialog.isVisible()

    qtbot.waitUntil(opened, timeout=WAIT_MS)
    dialog = owner()
    assert isinstance(dialog, kind)
    return dialog


def page_dialog(qtbot: QtBot, page: RecommendationsPage, button: QWidget, kind: type[D]) -> D:
    before = page.dialog
    qtbot.mouseClick(button, LEFT)
    return new_dialog(qtbot, lambda: page.dialog, kind, before)


def save(qtbot: QtBot, dialog: QDialog) -> None:
    """Save and wait for the dialog to close (the service accepted it)."""
    with qtbot.waitSignal(dialog.finished, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, LEFT)  # type: ignore[attr-defined]


def shown(page: RecommendationsPage) -> RecommendationDetail:
    """The recommendation the page shows (waitUntil retries while there is none)."""
    detail = page.detail()
    assert detail is not None, "no recommendation shown"
    return detail


def choose(qtbot: QtBot, page: RecommendationsPage, reference: str) -> None:
    assert page.select_reference(reference)
    qtbot.waitUntil(lambda: shown(page).record.reference == reference, timeout=WAIT_MS)


def verified_text(page: RecommendationsPage, reference: str) -> str:
    model = page.model
    for row, record in enumerate(model.records()):
        if record.summary.reference == reference:
            return str(model.data(model.index(row, RecommendationListModel.VERIFIED)))
    raise AssertionError(f"{reference} is not in the list")


def record_step(qtbot: QtBot, page: RecommendationsPage, label: str) -> list[str]:
    """Record decision… from the page with ``label`` chosen; returns the steps the
    form offered."""
    dialog = page_dialog(qtbot, page, page.decision_button, DecisionDialog)
    steps = offered(dialog)
    combo = dialog.ui.transition_combo
    index = combo.findText(label)
    assert index >= 0, f"{label!r} is not offered"
    combo.setCurrentIndex(index)
    reference = shown(page).record.reference
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: shown(page).record.reference == reference
                    and any(e.transition_label == label for e in shown(page).events),
                    timeout=WAIT_MS)
    return steps


def tick(qtbot: QtBot, box: QAbstractButton) -> None:
    """Click a check box or radio button on its indicator, as a person would."""
    qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))


def offered(dialog: DecisionDialog) -> list[str]:
    combo = dialog.ui.transition_combo
    return [combo.itemText(i) for i in range(combo.count())]


# --- the pathway through the window ------------------------------------------------------


def test_raise_agree_submit_and_endorse_signed_from_the_minutes(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    chair = appoint_sg_chair(qtbot, window)
    certify_as_sg_chair(qtbot, window, chair)
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


def endorsed_by_services(qtbot: QtBot, window: MainWindow, chair: str) -> str:
    session = window.session
    assert session is not None
    recs = session.recommendations

    def make() -> str:
        rec = recs.create(seed.group_id("BESD"), "Outreach hubs", text="Hubs everywhere.")
        recs.record_event(rec.id, "agreed")
        recs.record_event(rec.id, "submitted_to_sg")
        recs.record_event(rec.id, "endorsed", sign_as=chair)
        return rec.id

    return on_worker(qtbot, window, make)


def test_a_tampered_decision_shows_not_verified_in_words(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    window = open_window()
    chair = appoint_sg_chair(qtbot, window)
    certify_as_sg_chair(qtbot, window, chair)
    rec_id = endorsed_by_services(qtbot, window, chair)
    page = open_page(qtbot, window)
    assert verified_text(page, "BESD-R1") == "Verified"

    # Someone with a SQLite tool turns the endorsement into one "with amendments".
    with sqlite3.connect(data_dir / "sen.sqlite3") as conn:
        conn.execute(
            "UPDATE recommendation_event SET transition = 'endorsed_with_amendments' "
            "WHERE recommendation_id = ? AND transition = 'endorsed'",
            (rec_id,),
        )

    page = reopen_page(qtbot, window)
    qtbot.waitUntil(lambda: verified_text(page, "BESD-R1") != "Verified", timeout=WAIT_MS)
    assert verified_text(page, "BESD-R1") == "Not verified — signature does not match"
    choose(qtbot, page, "BESD-R1")
    assert shown(page).state_label == "Submitted to Steering Group"
    assert "✖ Not verified — signature does not match" in page.history.toPlainText()
    model = page.model
    row = model.row_of(rec_id)
    icon = model.data(model.index(row, RecommendationListModel.VERIFIED),
                      Qt.ItemDataRole.DecorationRole)
    assert icon is not None and not icon.isNull()  # an icon beside the words, not instead


def test_referred_back_needs_a_reason_beside_the_field(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    session = window.session
    assert session is not None
    recs = session.recommendations

    def make() -> str:
        rec = recs.create(seed.group_id("CL"), "Units attached to primary schools")
        recs.record_event(rec.id, "agreed")
        recs.record_event(rec.id, "submitted_to_sg")
        return rec.id

    rec_id = on_worker(qtbot, window, make)
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


def test_sign_as_chair_is_offered_only_where_this_laptop_is_certified(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    chair = appoint_sg_chair(qtbot, window)
    session = window.session
    assert session is not None
    recs = session.recommendations

    def make() -> None:
        rec = recs.create(seed.group_id("ASD"), "ASD outreach")
        recs.record_event(rec.id, "agreed")
        recs.record_event(rec.id, "submitted_to_sg")

    on_worker(qtbot, window, make)
    page = open_page(qtbot, window)
    choose(qtbot, page, "ASD-R1")
    # A laptop not certified as the chair's: no way to sign, and the form says why.
    dialog = page_dialog(qtbot, page, page.decision_button, DecisionDialog)
    ui = dialog.ui
    assert ui.transition_combo.currentText() == "Endorsed"
    assert ui.by_combo.currentData() == chair
    assert not ui.sign_check.isVisible() and not ui.sign_check.isEnabled()
    assert ui.sign_hint.text().startswith(
        "This laptop is not certified as the chair's laptop for the Strategy Steering Group")
    save(qtbot, dialog)  # recorded unsigned
    qtbot.waitUntil(lambda: any(e.transition == "endorsed" for e in shown(page).events),
                    timeout=WAIT_MS)
    assert shown(page).state_label == "Submitted to Steering Group"
    assert "✖ Not verified — not signed by the chair" in page.history.toPlainText()
    assert not page.sign_button.isVisible()  # nor afterwards

    # Certified as the chair's laptop: offered for the chair, not for anyone else.
    certify_as_sg_chair(qtbot, window, chair)
    page = reopen_page(qtbot, window)
    choose(qtbot, page, "ASD-R1")
    qtbot.waitUntil(page.sign_button.isVisible, timeout=WAIT_MS)
    rec_id = shown(page).record.id
    on_worker(qtbot, window, lambda: recs.record_event(rec_id, "deferred"))
    secretary = on_worker(qtbot, window, lambda: session.people.create(full_name="Jo Clerk").id)
    page = reopen_page(qtbot, window)
    choose(qtbot, page, "ASD-R1")
    dialog = page_dialog(qtbot, page, page.decision_button, DecisionDialog)
    ui = dialog.ui
    ui.transition_combo.setCurrentIndex(ui.transition_combo.findText("Endorsed"))
    assert ui.sign_check.isVisible() and ui.by_combo.currentData() == chair
    ui.by_combo.setCurrentIndex(ui.by_combo.findData(secretary))
    assert not ui.sign_check.isVisible()
    ui.by_combo.setCurrentIndex(0)  # nobody: the certified chair is the one who signs
    assert ui.sign_check.isVisible()
    tick(qtbot, ui.sign_check)
    # The step the state no longer allows is refused beside the Decision field.
    on_worker(qtbot, window, lambda: recs.record_event(rec_id, "withdrawn"))
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: bool(dialog.error_text("transition")), timeout=WAIT_MS)
    assert "Withdrawn" in dialog.error_text("transition")
    dialog.reject()


def test_a_search_result_opens_the_recommendation(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    session = window.session
    assert session is not None
    recs = session.recommendations

    def make() -> None:
        recs.create(seed.group_id("BESD"), "Outreach hubs", text="Hubs in every district.")
        recs.create(seed.group_id("CL"), "Resourced units", text="Units beside primary schools.")

    on_worker(qtbot, window, make)
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


def test_a_decision_recorded_unsigned_counts_once_the_chair_signs_it(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    chair = appoint_sg_chair(qtbot, window)
    certify_as_sg_chair(qtbot, window, chair)
    session = window.session
    assert session is not None
    recs = session.recommendations

    def make() -> None:
        rec = recs.create(seed.group_id("PD"), "Hearing support in every district")
        recs.record_event(rec.id, "agreed")
        recs.record_event(rec.id, "submitted_to_sg")
        recs.record_event(rec.id, "endorsed", by_id=chair)  # the secretary, unsigned

    on_worker(qtbot, window, make)
    page = open_page(qtbot, window)
    choose(qtbot, page, "PD-R1")
    assert verified_text(page, "PD-R1") == "Not verified — not signed by the chair"
    assert shown(page).state_label == "Submitted to Steering Group"
    assert page.sign_button.isVisible()
    assert page.sign_button.text() == "Sign as chair…"
    box = page_dialog(qtbot, page, page.sign_button, QMessageBox)
    assert "as Sam Chair" in box.text()
    assert "certified as Sam Chair's laptop" in box.informativeText()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), LEFT)
    qtbot.waitUntil(lambda: shown(page).state_label == "Endorsed", timeout=WAIT_MS)
    assert verified_text(page, "PD-R1") == "Verified"
    assert not page.sign_button.isVisible()


def test_an_earlier_scheme_decision_is_shown_and_counts_once_re_signed(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    chair = appoint_sg_chair(qtbot, window)
    session = window.session
    assert session is not None
    recs = session.recommendations

    def make() -> None:
        from sen_desktop.core.store.models import RecommendationEvent, SigningKey

        rec = recs.create(seed.group_id("CL"), "Units beside primary schools")
        recs.record_event(rec.id, "agreed")
        recs.record_event(rec.id, "submitted_to_sg")
        pending = recs.record_event(rec.id, "endorsed", by_id=chair).events[-1].id
        # As the passphrase scheme signed it: a key row, no signing laptop.
        with session.db.session_factory.begin() as s:
            key = SigningKey(person_id=chair, public_key="44" * 32, created_at="2010-09-01")
            s.add(key)
            s.flush()
            event = s.get(RecommendationEvent, pending)
            assert event is not None
            event.signature, event.signer_key_id = "55" * 64, key.id

    on_worker(qtbot, window, make)
    page = open_page(qtbot, window)
    choose(qtbot, page, "CL-R1")
    words = "⚠ Not counted — signed under the earlier scheme — ask the chair to re-sign"
    assert words in page.history.toPlainText()
    assert shown(page).state_label == "Submitted to Steering Group"
    assert not page.sign_button.isVisible()  # this laptop is not the chair's

    certify_as_sg_chair(qtbot, window, chair)
    page = reopen_page(qtbot, window)
    choose(qtbot, page, "CL-R1")
    qtbot.waitUntil(page.sign_button.isVisible, timeout=WAIT_MS)
    assert page.sign_button.text() == "Re-sign as chair…"
    assert "use Re-sign as chair…" in page.history.toPlainText()
    box = page_dialog(qtbot, page, page.sign_button, QMessageBox)
    assert box.text().startswith("Re-sign “Endorsed” of CL-R1")
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), LEFT)
    qtbot.waitUntil(lambda: shown(page).state_label == "Endorsed", timeout=WAIT_MS)
    assert "✔ Verified" in page.history.toPlainText()
    assert not page.sign_button.isVisible()
