# mypy: disable-error-code="no-untyped-call"
"""Criteria for access from the provision page (issue 15): start a version, add and
change criteria, refusals in words, agree it (then it does not change), cite a criterion
in one of the group's recommendations, start the next version as a copy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.store.models import Recommendation
from sen_desktop.gui.provision.criteria import (
    AgreeDialog,
    CiteDialog,
    CriteriaWindow,
    CriterionDialog,
)

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot
    from store_helpers import Store

    from sen_desktop.gui.provision.page import ProvisionPage

WAIT_MS = 10_000


def test_a_version_is_drafted_agreed_cited_and_copied(
    qtbot: QtBot, qtmodeltester: object, store: Store, page: ProvisionPage
) -> None:
    with store.session_factory.begin() as s:
        s.add(Recommendation(reference="BESD-R7", group_id=group_id("BESD"),
                             title="Outreach in every district"))
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.reload()  # the recommendation is offered once the map is read again
    page.criteria_button.click()
    window = page.criteria_window
    assert isinstance(window, CriteriaWindow)
    qtbot.waitUntil(lambda: "no criteria yet" in window.status.text(), timeout=WAIT_MS)
    assert not window.add_button.isEnabled()
    with qtbot.waitSignal(window.loaded, timeout=WAIT_MS):
        window.new_button.click()
    assert window.version.currentText() == "Version 1 (draft)"
    window.add_button.click()
    dialog = window.dialog
    assert isinstance(dialog, CriterionDialog)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: bool(dialog.error_text("text")), timeout=WAIT_MS)
    assert dialog.error_text("text") == "Write the criterion."
    qtbot.keyClicks(dialog.text, "Two terms of enhanced provision.")
    dialog.tier.setCurrentIndex(dialog.tier.findData("outreach"))
    with qtbot.waitSignal(window.loaded, timeout=WAIT_MS):
        dialog.save_button.click()
    assert window.model.index(0, 2).data() == "Outreach"
    assert window.model.index(0, 3).data() == "Not cited"
    window.agree_button.click()
    agree = window.dialog
    assert isinstance(agree, AgreeDialog)
    agree.day.edit.setText("16/11/2010")
    with qtbot.waitSignal(window.loaded, timeout=WAIT_MS):
        agree.save_button.click()
    assert window.version.currentText() == "Version 1, agreed on 16 November 2010"
    assert not window.add_button.isEnabled() and not window.edit_button.isEnabled()
    window.table.setCurrentIndex(window.model.index(0, 0))
    window.cite_button.click()
    cite = window.dialog
    assert isinstance(cite, CiteDialog)
    assert cite.recommendation.currentText() == "BESD-R7 Outreach in every district"
    with qtbot.waitSignal(window.loaded, timeout=WAIT_MS):
        cite.save_button.click()
    assert window.model.index(0, 3).data() == "BESD-R7"
    with qtbot.waitSignal(window.loaded, timeout=WAIT_MS):
        window.new_button.click()
    assert window.version.currentText() == "Version 2 (draft)"
    assert window.model.index(0, 1).data() == "Two terms of enhanced provision."
    assert window.model.index(0, 3).data() == "Not cited"  # the citation stays on version 1
    qtmodeltester.check(window.model)  # type: ignore[attr-defined]
    window.new_button.click()  # refused: version 2 is still a draft
    qtbot.waitUntil(lambda: "still a draft" in window.status.text(), timeout=WAIT_MS)
