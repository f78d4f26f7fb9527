# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot carries no type hints.)
"""A chair's decision on the Recommendations page, signed or not: a tampered row reads
"not verified" in words (with an icon beside them), Sign as chair is offered only where
this laptop is certified as the chair's, a decision recorded unsigned counts once the
chair signs it, and one signed under the earlier scheme counts once re-signed."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from gui_helpers import on_worker
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from sen_desktop.gui.recommendations.decision_dialog import DecisionDialog
from sen_desktop.gui.recommendations.models import RecommendationListModel
from tests.gui.recommendations.recommendation_helpers import (
    LEFT,
    SUBMITTED,
    WAIT_MS,
    OpenWindow,
    certify_as_sg_chair,
    choose,
    open_page,
    page_dialog,
    raised,
    reopen_page,
    save,
    shown,
    tick,
    verified_text,
    window_with_sg_chair,
)

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot


def test_a_tampered_decision_shows_not_verified_in_words(
    qtbot: QtBot, open_window: OpenWindow, data_dir: Path
) -> None:
    window, chair = window_with_sg_chair(qtbot, open_window, certified=True)
    rec_id = raised(qtbot, window, "BESD", "Outreach hubs", *SUBMITTED,
                    ("endorsed", {"sign_as": chair}), text="Hubs everywhere.")
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


def test_sign_as_chair_is_offered_only_where_this_laptop_is_certified(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window, chair = window_with_sg_chair(qtbot, open_window, certified=False)
    session = window.session
    assert session is not None
    recs = session.recommendations
    raised(qtbot, window, "ASD", "ASD outreach", *SUBMITTED)
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


def test_a_decision_recorded_unsigned_counts_once_the_chair_signs_it(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window, chair = window_with_sg_chair(qtbot, open_window, certified=True)
    # Recorded by the secretary for the chair, unsigned.
    raised(qtbot, window, "PD", "Hearing support in every district", *SUBMITTED,
           ("endorsed", {"by_id": chair}))
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
    window, chair = window_with_sg_chair(qtbot, open_window, certified=False)
    session = window.session
    assert session is not None
    recs = session.recommendations
    rec_id = raised(qtbot, window, "CL", "Units beside primary schools", *SUBMITTED,
                    ("endorsed", {"by_id": chair}))

    def make() -> None:
        from sen_desktop.core.store.models import RecommendationEvent, SigningKey

        pending = recs.detail(rec_id).events[-1].id
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
