# mypy: disable-error-code="no-untyped-call"
"""The provision map page driven from the keyboard (issue 15): the grid's cells in words
and pattern, Enter on a cell lists its provision, dialogs say refusals beside the field,
the need-type filter, and Export to Word."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from sen_desktop.gui.provision.dialogs import EntryDialog, GapDialog
from sen_desktop.gui.provision.models import CellRole
from tests.gui.gui_helpers import read_out

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot
    from store_helpers import Store

    from sen_desktop.gui.provision.page import ProvisionPage

WAIT_MS = 10_000


def test_cells_say_their_provision_and_gaps_in_words_and_pattern(page: ProvisionPage) -> None:
    assert [page.group.itemText(i) for i in range(page.group.count())] == [
        "BESD Working Group", "Cognition and Learning Working Group",
        "PD/MED/HI/VI/MSI Working Group", "ASD/SLCN Working Group",
    ]
    model = page.model
    assert model.rowCount() == 12 and model.columnCount() == 6
    thanet = model.index_of("Thanet", "outreach")
    assert thanet.data() == "2 · 52 places"
    assert thanet.data(Qt.ItemDataRole.AccessibleTextRole) == (
        "Thanet, Outreach: 2 provisions, 52 places"
    )
    dover = model.index_of("Dover", "outreach")
    assert dover.data() == "GAP"
    assert dover.data(Qt.ItemDataRole.BackgroundRole).style() == Qt.BrushStyle.BDiagPattern
    assert "No outreach reaches Dover." in dover.data(Qt.ItemDataRole.ToolTipRole)
    assert dover.data(CellRole).gap_mark == "GAP"
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Outreach"
    # Long headings on two lines on screen, whole for a screen reader.
    shepway = 7
    assert model.headerData(shepway, Qt.Orientation.Vertical) == (
        "Shepway (now\nFolkestone and Hythe)"
    )
    assert model.headerData(shepway, Qt.Orientation.Vertical,
                            Qt.ItemDataRole.AccessibleTextRole) == (
        "Shepway (now Folkestone and Hythe)"
    )
    assert page.facts.text() == (
        "BESD Working Group: 2 provisions, 52 places; 1 gap, 1 without a recommendation."
    )
    assert read_out(page) == []


def test_enter_on_a_cell_lists_it_and_enter_on_an_entry_edits_it(
    qtbot: QtBot, page: ProvisionPage
) -> None:
    page.map.setFocus()
    page.map.setCurrentIndex(page.model.index_of("Thanet", "independent_non_maintained"))
    qtbot.keyClick(page.map, Qt.Key.Key_Left)  # arrow keys move over the map
    assert page.cell_heading.text() == "Thanet — Outreach: 2 provisions, 52 places"
    qtbot.keyClick(page.map, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is page.entries
    assert [r.name for r in page.entries_model.records()] == [
        "Marram Bay outreach", "Thanet advice"
    ]
    qtbot.keyClick(page.entries, Qt.Key.Key_Down)
    qtbot.keyClick(page.entries, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, EntryDialog) and dialog.name.text() == "Thanet advice"
    dialog.places.setText("a dozen")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: bool(dialog.error_text("places")), timeout=WAIT_MS)
    assert "whole number" in dialog.error_text("places")
    assert dialog.places.accessibleDescription() == dialog.error_text("places")
    dialog.places.clear()
    qtbot.keyClicks(dialog.places, "20")
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        dialog.save_button.click()
    assert page.model.index_of("Thanet", "outreach").data() == "2 · 60 places"


def test_a_gap_is_recorded_from_the_keyboard(qtbot: QtBot, page: ProvisionPage) -> None:
    page.choose_cell("Swale", "special_school")
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=WAIT_MS)
    page.map.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)  # Record a ga&p…
    qtbot.waitUntil(lambda: isinstance(page.dialog, GapDialog), timeout=WAIT_MS)  # animated
    dialog = page.dialog
    assert isinstance(dialog, GapDialog)
    assert dialog.district.currentText() == "Swale"
    dialog.save_button.click()
    qtbot.waitUntil(lambda: bool(dialog.error_text("evidence")), timeout=WAIT_MS)
    assert dialog.error_text("evidence").startswith("Say what shows the gap")
    qtbot.keyClicks(dialog.evidence, "Nine pupils go to Kent Coast schools.")
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        dialog.save_button.click()
    assert page.model.index_of("Swale", "special_school").data() == "GAP"
    assert page.cell_heading.text().endswith("GAP (1 without a recommendation)")
    assert page.gaps_model.records()[0].evidence == "Nine pupils go to Kent Coast schools."


def test_add_and_remove_provision(qtbot: QtBot, page: ProvisionPage) -> None:
    page.choose_cell("Ashford", "enhanced")
    page.add_entry_button.click()
    dialog = page.dialog
    assert isinstance(dialog, EntryDialog)
    assert (dialog.district.currentText(), dialog.tier.currentText()) == ("Ashford", "Enhanced")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: bool(dialog.error_text("name")), timeout=WAIT_MS)
    assert dialog.error_text("name") == "Enter the provision's name."
    qtbot.keyClicks(dialog.name, "Wealdmere support base")
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        dialog.save_button.click()
    assert page.model.index_of("Ashford", "enhanced").data() == "1"
    page.confirm = lambda _question: True
    page.entries.setFocus()
    page.entries.setCurrentIndex(page.entries_model.index(0, 0))
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        qtbot.keyClick(page.entries, Qt.Key.Key_Delete)
    assert page.model.index_of("Ashford", "enhanced").data() == "–"


def test_the_need_type_filter_and_another_group(qtbot: QtBot, page: ProvisionPage) -> None:
    page.group.setCurrentIndex(3)
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.group.activated.emit(3)
    assert page.model.index_of("Swale", "enhanced").data() == "2 · 14 places"
    assert [page.need.itemText(i) for i in range(page.need.count())] == [
        "All need types", "ASD", "SLCN"
    ]
    page.need.setCurrentIndex(2)
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.need.activated.emit(2)
    assert page.model.index_of("Swale", "enhanced").data() == "1 · 9 places"
    assert page.facts.text().startswith("ASD/SLCN Working Group: 1 provision, 9 places for SLCN")


def test_export_to_word(qtbot: QtBot, page: ProvisionPage, tmp_path: Path) -> None:
    target = tmp_path / "map.docx"
    page.ask_path = lambda _suggested: target
    with qtbot.waitSignal(page.exported, timeout=WAIT_MS) as written:
        page.export_button.click()
    assert written.args is not None and written.args[0].reference == "BESD/PM"
    assert target.exists()
    assert page.facts.text() == "Wrote map.docx (provision map BESD/PM, version 1)."


def test_the_models_hold_together(qtmodeltester: object, page: ProvisionPage) -> None:
    page.choose_cell("Thanet", "outreach")
    for model in (page.model, page.entries_model, page.gaps_model):
        qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_provision_in_a_district_the_list_no_longer_has_is_said(
    qtbot: QtBot, page: ProvisionPage, store: Store
) -> None:
    from sen_desktop.core.store.models import ProvisionEntry

    with store.session_factory.begin() as s:  # as a laptop with another list wrote it
        s.query(ProvisionEntry).filter_by(name="Thanet advice").one().district = "Margate"
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.reload()
    assert page.model.index_of("Thanet", "outreach").data() == "1 · 40 places"
    assert page.facts.text().endswith(
        "1 provision names a district not in the programme's list (Edit ▸ Settings): it is "
        "in the Word paper, not on the map."
    )
