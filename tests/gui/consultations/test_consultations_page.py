# mypy: disable-error-code="no-untyped-call"
"""The consultations page driven from the keyboard (issue 15): the consultations with
open or closed in words, the chosen one's details, responses recorded one after another
with Enter, a refusal beside its field, themes added and counted, "you said, we did"
recorded, and a CSV imported after its preview."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from sen_desktop.core.consultations.service import ConsultationService
from sen_desktop.gui.consultations.dialogs import ChangeDialog, ImportDialog

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot
    from store_helpers import Store

    from sen_desktop.gui.consultations.page import ConsultationsPage

WAIT_MS = 10_000


def cells(model: object, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]  # type: ignore[attr-defined]


def test_the_list_says_open_or_closed_in_words_and_the_details(page: ConsultationsPage) -> None:
    assert cells(page.model, 0) == ["C1", "C2"]
    assert cells(page.model, 2) == ["Open until 26 November 2010", "Opens on 15 November 2010"]
    assert page.facts.text() == "2 consultations; 1 open today; 2 responses in all."
    text = page.details.toPlainText()
    assert "Audiences: Schools, Academies." in text
    assert "Recommendation: SG-3 Funding options for SEN in mainstream schools" in text
    assert "20 October 2010, Ashford International Hotel, Ashford: 64 people" in text
    assert cells(page.responses_model, 1) == ["Schools", "Academies"]


def test_responses_are_typed_one_after_another_with_enter(
    qtbot: QtBot, page: ConsultationsPage, store: Store
) -> None:
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    entry = page.entry
    assert QApplication.focusWidget() is entry.respondent
    qtbot.keyClicks(entry.respondent, "Parents")  # type-ahead in the combo
    assert entry.respondent.currentData() == "parents_carers"
    qtbot.keyClick(entry.respondent, Qt.Key.Key_Tab)
    qtbot.keyClicks(entry.district, "Dover")
    qtbot.keyClick(entry.district, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is entry.text
    qtbot.keyClicks(entry.text, "The bus takes an hour.")
    qtbot.keyClick(entry.text, Qt.Key.Key_Tab)
    qtbot.keyClicks(entry.themes, "transitional protection")
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        qtbot.keyClick(entry.themes, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is entry.respondent
    assert entry.text.text() == "" and entry.district.currentText() == "Dover"
    # The next: Enter straight away refuses beside the response, which takes the focus.
    qtbot.keyClick(entry.respondent, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: entry.problem.isVisible(), timeout=WAIT_MS)
    assert entry.problem.text() == "Type what the respondent said."
    assert QApplication.focusWidget() is entry.text
    qtbot.keyClicks(entry.text, "More help in school.")
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        qtbot.keyClick(entry.text, Qt.Key.Key_Enter)
    detail = ConsultationService(store.session_factory).by_reference("C1")
    assert [(r.number, r.respondent_type, r.district, r.text) for r in detail.responses[2:]] == [
        (3, "parents_carers", "Dover", "The bus takes an hour."),
        (4, "parents_carers", "Dover", "More help in school."),
    ]
    assert detail.theme_names(detail.responses[2].themes) == ("Transitional protection",)
    assert cells(page.responses_model, 0)[-1] == "4"
    assert "Parents and carers" in page.counts.toPlainText()


def test_a_theme_is_added_and_what_it_led_to_recorded(
    qtbot: QtBot, page: ConsultationsPage, store: Store
) -> None:
    page.tabs.setCurrentIndex(2)
    page.new_theme.setFocus()
    qtbot.keyClicks(page.new_theme, "Funding formula")
    qtbot.keyClick(page.new_theme, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.theme_problem.isVisible(), timeout=WAIT_MS)
    assert page.theme_problem.text() == "This consultation already has the theme Funding formula."
    page.new_theme.clear()
    qtbot.keyClicks(page.new_theme, "Travel")
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        qtbot.keyClick(page.new_theme, Qt.Key.Key_Return)
    assert cells(page.themes_model, 0) == ["Funding formula", "Transitional protection",
                                           "Travel"]
    assert cells(page.themes_model, 1) == ["1", "0", "0"]
    page.themes.setFocus()
    qtbot.keyClick(page.themes, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(page.dialog, ChangeDialog), timeout=WAIT_MS)
    dialog = page.dialog
    assert isinstance(dialog, ChangeDialog)
    qtbot.keyClicks(dialog.we_did, "The formula now has three bands, not seven.")
    dialog.change.setCurrentIndex(1)  # the recommendation
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        qtbot.keyClick(dialog.save_button, Qt.Key.Key_Space)
    assert cells(page.themes_model, 2)[0] == "The formula now has three bands, not seven."
    assert cells(page.themes_model, 3)[0] == (
        "Recommendation SG-3 Funding options for SEN in mainstream schools")


def test_a_csv_is_imported_after_its_preview(
    qtbot: QtBot, page: ConsultationsPage, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.csv"
    answers.write_text("Respondent type,District,Response\nSchools,Swale,Fine.\n"
                       "Governor,Swale,No.\n", encoding="utf-8")
    page.ask_csv = lambda: answers
    page.import_button.setFocus()
    qtbot.keyClick(page.import_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(page.dialog, ImportDialog), timeout=WAIT_MS)
    dialog = page.dialog
    assert isinstance(dialog, ImportDialog)
    assert dialog.summary.text() == "1 response to import; 1 row refused."
    assert "Row 3: Governor is not a respondent type" in dialog.pane.toPlainText()
    assert dialog.import_button.text() == "&Import 1 response"
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        dialog.import_button.click()
    qtbot.waitUntil(lambda: page.responses_model.rowCount() == 3, timeout=WAIT_MS)
    assert cells(page.responses_model, 2)[-1] == "Swale"
    assert page.facts.text() == (
        "2 consultations; 1 open today; 3 responses in all. Imported 1 response into C1.")


def test_the_report_is_exported_to_word(
    qtbot: QtBot, page: ConsultationsPage, tmp_path: Path
) -> None:
    target = tmp_path / "report.docx"
    page.ask_path = lambda _suggested: target
    page.export_button.setFocus()
    with qtbot.waitSignal(page.exported, timeout=WAIT_MS) as written:
        qtbot.keyClick(page.export_button, Qt.Key.Key_Space)
    assert written.args[0].reference == "C1/REPORT"
    assert target.is_file()
    assert page.facts.text() == "Wrote report.docx (consultation report C1)."


def test_enter_on_a_response_corrects_it_and_escape_leaves_it(
    qtbot: QtBot, page: ConsultationsPage, store: Store
) -> None:
    page.tabs.setCurrentIndex(1)
    page.responses.setFocus()
    page.responses.setCurrentIndex(page.responses_model.index(1, 0))
    qtbot.keyClick(page.responses, Qt.Key.Key_Return)
    entry = page.entry
    assert QApplication.focusWidget() is entry.respondent
    assert (entry.respondent.currentText(), entry.district.currentText(), entry.text.text()) == (
        "Academies", "Thanet", "We need to know our budget by March.")
    assert entry.hint.text().startswith("Correcting response 2")
    qtbot.keyClick(entry.respondent, Qt.Key.Key_Escape)
    assert entry.editing is None and entry.text.text() == ""
    page.responses.setFocus()
    qtbot.keyClick(page.responses, Qt.Key.Key_Return)
    entry.text.setFocus()
    entry.text.selectAll()
    qtbot.keyClicks(entry.text, "We need our budget by February.")
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        qtbot.keyClick(entry.text, Qt.Key.Key_Return)
    assert entry.hint.text().startswith("Saved the change to response 2.")
    detail = ConsultationService(store.session_factory).by_reference("C1")
    assert [(r.number, r.text) for r in detail.responses] == [
        (1, "Keep the formula simple."), (2, "We need our budget by February.")]


def test_delete_removes_a_theme_after_asking(
    qtbot: QtBot, page: ConsultationsPage, store: Store
) -> None:
    asked: list[str] = []
    page.confirm = lambda question: asked.append(question) or True  # type: ignore[func-returns-value]
    page.tabs.setCurrentIndex(2)
    page.themes.setFocus()
    page.themes.setCurrentIndex(page.themes_model.index(0, 0))
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        qtbot.keyClick(page.themes, Qt.Key.Key_Delete)
    assert asked == ["Remove the theme Funding formula? 1 response tagged with it keeps its "
                     "other themes."]
    assert cells(page.themes_model, 0) == ["Transitional protection"]
    detail = ConsultationService(store.session_factory).by_reference("C1")
    assert detail.responses[0].themes == ()


def test_a_document_or_event_is_removed(qtbot: QtBot, page: ConsultationsPage) -> None:
    from sen_desktop.gui.consultations.dialogs import RemoveDialog

    page.unlink_button.setFocus()
    qtbot.keyClick(page.unlink_button, Qt.Key.Key_Space)
    dialog = page.dialog
    assert isinstance(dialog, RemoveDialog)
    assert [dialog.choice.itemText(i) for i in range(dialog.choice.count())] == [
        "Document 1: Recommendation: SG-3 Funding options for SEN in mainstream schools",
        "Event: 20 October 2010, Ashford International Hotel",
    ]
    dialog.choice.setCurrentIndex(1)
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        qtbot.keyClick(dialog.save_button, Qt.Key.Key_Space)
    assert page.detail() is not None and page.detail().events == ()  # type: ignore[union-attr]
    assert "Events:\nNone yet." in page.details.toPlainText()


def test_delete_removes_a_consultation_after_asking(
    qtbot: QtBot, page: ConsultationsPage
) -> None:
    answers = iter((False, True))
    asked: list[str] = []

    def confirm(question: str) -> bool:
        asked.append(question)
        return next(answers)

    page.confirm = confirm
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert cells(page.model, 0) == ["C1", "C2"]  # "No": nothing changes
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: cells(page.model, 0) == ["C2"], timeout=WAIT_MS)
    assert asked[0] == ("Remove consultation C1 SEN funding options for schools, with its 2 "
                        "responses? Every laptop removes it at its next exchange.")


def test_a_new_consultation_is_refused_beside_its_field_then_planned(
    qtbot: QtBot, page: ConsultationsPage
) -> None:
    from sen_desktop.gui.consultations.dialogs import ConsultationDialog

    page.new_button.setFocus()
    qtbot.keyClick(page.new_button, Qt.Key.Key_Space)
    dialog = page.dialog
    assert isinstance(dialog, ConsultationDialog)
    qtbot.keyClicks(dialog.title, "Transport to specialist places")
    dialog.audiences["parents_carers"].setChecked(True)
    qtbot.keyClicks(dialog.opens, "1/2/2011")
    qtbot.keyClicks(dialog.closes, "1/1/2011")
    qtbot.keyClick(dialog.save_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(dialog.error_text("closes_on")), timeout=WAIT_MS)
    assert dialog.error_text("closes_on") == (
        "The consultation must close on or after the day it opens (1 February 2011).")
    assert QApplication.focusWidget() is dialog.closes
    dialog.closes.clear()
    qtbot.keyClicks(dialog.closes, "31/3/2011")
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        qtbot.keyClick(dialog.save_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: cells(page.model, 0) == ["C1", "C2", "C3"], timeout=WAIT_MS)
    assert cells(page.model, 2)[2] == "Opens on 1 February 2011"
