"""The consultations page (issue 15): the Steering Group's consultations, each with its
audiences, dates, documents, events, responses, themes and "you said, we did".

The Project Plan asks the Steering Group to "plan and oversee the consultation
process". The page shows

- the consultations, one row each, open or closed said in words, with their responses;
- buttons: a new consultation, edit the chosen one, export its report to Word;
- the chosen consultation in three tabs: Details (purpose, audiences, dates, documents
  consulted on, events, with buttons to add a document or an event); Responses (the
  table, the row of fields that records the next response when Enter is pressed --
  gui/consultations/entry.py -- and Import from CSV…); Themes and counts (the themes
  with their counts and what each led to, a box to add a theme, "You said, we did…",
  and the responses counted by audience, district and theme).

Enter on a consultation goes to its responses' first field (Delete removes the
consultation, after asking); Enter on a response brings
it into that row to correct it, Delete removes it (after asking); Enter on a theme opens
"You said, we did…", Delete removes the theme (after asking; the responses keep their
other themes). Every read and write runs
on the worker (docs/architecture.md "The task API"); this module imports only the
consultations' records at load (docs/contributing.md rule 13), and builds the service
on the worker.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QPushButton,
    QTabWidget,
    QWidget,
)

from sen_desktop.core.consultations.analysis import analyse
from sen_desktop.core.dates import uk_date
from sen_desktop.gui.common.tables import columns_to_contents
from sen_desktop.gui.common.widgets import (
    at_least_rows,
    choose_on_focus,
    export_to_word,
    label,
    list_over_pane,
    page_layout,
    record_table,
    section_heading,
    yes_or_no,
)
from sen_desktop.gui.consultations.models import ConsultationTableModel
from sen_desktop.gui.consultations.tabs import (
    DetailsTab,
    ResponsesTab,
    ThemesTab,
    buttons_row,
    counts_html,
    details_html,
)
from sen_desktop.gui.provision.page import _Keys

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QDialog

    from sen_desktop.core.consultations.records import ConsultationDetail, ConsultationSummary
    from sen_desktop.core.consultations.service import ConsultationService
    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.shell.pages import PageContext
    from sen_desktop.gui.shell.session import OpenProgramme


def consultation_service(session: OpenProgramme) -> ConsultationService:
    """The programme's consultation service (built on the worker, once per programme)."""
    return session.consultations


class ConsultationsPage(QWidget):
    """The Steering Group's consultations and the chosen one's tabs."""

    loaded = Signal()
    #: A paper was written: its PaperRecord (for tests and the status line).
    exported = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner: TaskRunner | None = None
        self._session: OpenProgramme | None = None
        self._today = dt.date.today()
        self._chosen_id = ""
        self._detail: ConsultationDetail | None = None
        self._note = ""  # said after the list's facts once, e.g. what an import wrote
        self.dialog: QDialog | None = None  # the dialog last opened, for tests
        #: Asked where to save the paper and which CSV to import; tests replace them.
        self.ask_path: Callable[[Path], Path | None] | None = None  # the save dialog
        self.ask_csv = self._ask_csv
        #: Asked before removing a response; tests replace it.
        self.confirm = partial(yes_or_no, self, "Consultations")

        self.heading = label("Consultations", role="heading")
        self.facts = label("Loading…", role="facts", wrap=True)
        self.model = ConsultationTableModel(self)
        self.table = choose_on_focus(record_table("Consultations"))
        self.table.setModel(self.model)
        columns_to_contents(self.table, stretch=1)
        at_least_rows(self.table, 3)
        table_label = section_heading("C&onsultations", self.table)
        self.new_button = QPushButton("&New consultation…")
        self.edit_button = QPushButton("&Edit consultation…")
        self.export_button = QPushButton("Export report to &Word…")

        # The chosen consultation's three tabs (gui/consultations/tabs.py); their
        # controls are the page's to drive.
        details_tab, responses_tab, themes_tab = DetailsTab(), ResponsesTab(), ThemesTab()
        self.details = details_tab.details
        self.document_button = details_tab.document_button
        self.event_button = details_tab.event_button
        self.unlink_button = details_tab.unlink_button
        self.responses_model = responses_tab.model
        self.responses = responses_tab.table
        self.entry = responses_tab.entry
        self.import_button = responses_tab.import_button
        self.remove_button = responses_tab.remove_button
        self.themes_model = themes_tab.model
        self.themes = themes_tab.table
        self.new_theme = themes_tab.new_theme
        self.change_button = themes_tab.change_button
        self.theme_problem = themes_tab.problem
        self.counts = themes_tab.counts

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("The chosen consultation")
        self.tabs.addTab(details_tab, "Detai&ls")
        self.tabs.addTab(responses_tab, "Res&ponses")
        self.tabs.addTab(themes_tab, "Themes and &counts")

        buttons = buttons_row(self.new_button, self.edit_button, self.export_button)
        splitter = list_over_pane((table_label, self.table, buttons), self.table, self.tabs)
        layout = page_layout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.facts)
        layout.addWidget(splitter, 1)
        self.setFocusProxy(self.table)

        self.table.selectionModel().currentRowChanged.connect(lambda _n, _o: self._chosen())
        _Keys(self.table, self.enter_consultation, self.remove_consultation)
        _Keys(self.responses, self.edit_response, self.remove_response)
        _Keys(self.themes, self.record_change, self.remove_theme)
        self.new_button.clicked.connect(self.new_consultation)
        self.edit_button.clicked.connect(self.edit_consultation)
        self.export_button.clicked.connect(self.export)
        self.document_button.clicked.connect(self.add_document)
        self.event_button.clicked.connect(self.add_event)
        self.unlink_button.clicked.connect(self.remove_document_or_event)
        self.import_button.clicked.connect(self.import_csv)
        self.remove_button.clicked.connect(self.remove_response)
        self.new_theme.returnPressed.connect(self.add_theme)
        self.change_button.clicked.connect(self.record_change)
        self.entry.added.connect(lambda _record: self._reload_detail())
        self._update_buttons()

    # --- the page contract -------------------------------------------------------------

    def open(self, context: PageContext) -> None:
        self._runner, self._session = context.runner, context.session
        self._today = context.today or dt.date.today()
        self.model.today = self._today
        self.reload()

    def reload(self) -> None:
        if self._runner is None or self._session is None:
            return
        session = self._session
        self._runner.run(lambda: consultation_service(session).list_consultations(),
                         self.set_consultations, self._failed, channel="consultations",
                         owner=self)

    def set_consultations(self, rows: list[ConsultationSummary]) -> None:
        self.model.set_records(rows)
        opened = [r for r in rows if r.state(self._today) == "open"]
        if not rows:
            self.facts.setText("There are no consultations yet: New consultation… plans one.")
        else:
            self.facts.setText(
                f"{len(rows)} consultation{'s' if len(rows) != 1 else ''}; "
                f"{len(opened)} open today; "
                f"{sum(r.responses for r in rows)} responses in all.")
        if self._note:
            self.facts.setText(f"{self.facts.text()} {self._note}")
            self._note = ""
        row = self.model.row_of(self._chosen_id)
        self.table.setCurrentIndex(self.model.index(max(row, 0), 0))
        self._chosen()

    def _failed(self, error: Exception) -> None:
        self.facts.setText(getattr(error, "message", str(error)))
        self.loaded.emit()

    # --- the chosen consultation ---------------------------------------------------------

    def chosen(self) -> ConsultationSummary | None:
        return self.model.record(self.table.currentIndex().row())

    def detail(self) -> ConsultationDetail | None:
        return self._detail

    def _chosen(self) -> None:
        summary = self.chosen()
        if summary is None or self._runner is None or self._session is None:
            self._chosen_id = ""
            self._show_detail(None)
            return
        self._chosen_id = summary.id
        self._reload_detail()

    def _reload_detail(self) -> None:
        if not self._chosen_id or self._runner is None or self._session is None:
            return
        session, chosen = self._session, self._chosen_id
        self._runner.run(lambda: consultation_service(session).detail(chosen),
                         self._show_detail, self._failed, channel="consultation", owner=self)

    def _show_detail(self, detail: ConsultationDetail | None) -> None:
        self._detail = detail
        if self._runner is not None and self._session is not None:
            self.entry.attach(self._runner, consultation_service(self._session))
        self.entry.set_detail(detail)
        self.responses_model.set_detail(detail)
        if detail is None:
            self.details.setPlainText("Choose a consultation, or plan one with New "
                                      "consultation….")
            self.themes_model.set_records(())
            self.counts.clear()
        else:
            self.details.setHtml(details_html(detail, self._today))
            counts = {t.id: 0 for t in detail.themes}
            for response in detail.responses:
                for theme in response.themes:
                    if theme in counts:
                        counts[theme] += 1
            self.themes_model.counts = counts
            self.themes_model.set_records(detail.themes)
            self.counts.setHtml(counts_html(analyse(detail)))
            row_count = self.responses_model.rowCount()
            if row_count:
                self.responses.scrollToBottom()
        self._update_buttons()
        self.loaded.emit()

    def enter_consultation(self) -> None:
        """Enter on a consultation: to the row that records its next response."""
        if self.chosen() is None:
            self.new_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.tabs.setCurrentIndex(1)
        self.entry.respondent.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_buttons(self) -> None:
        ready = self._detail is not None
        for button in (self.edit_button, self.export_button, self.document_button,
                       self.event_button, self.import_button):
            button.setEnabled(ready)
        self.remove_button.setEnabled(ready and self.responses_model.rowCount() > 0)
        self.unlink_button.setEnabled(
            self._detail is not None and bool(self._detail.documents or self._detail.events))
        self.change_button.setEnabled(ready and self.themes_model.rowCount() > 0)
        self.new_theme.setEnabled(ready)

    # --- actions ---------------------------------------------------------------------------

    def _service(self) -> ConsultationService | None:
        return consultation_service(self._session) if self._session is not None else None

    def _show(self, dialog: Any, reload_list: bool = False) -> None:
        self.dialog = dialog
        dialog.saved.connect(lambda record: self._saved(record, reload_list))
        dialog.finished.connect(lambda _code: self.table.setFocus())
        dialog.open()

    def _saved(self, record: Any, reload_list: bool) -> None:
        if reload_list:
            self._chosen_id = getattr(record, "id", self._chosen_id)
            self.reload()
        else:
            self._reload_detail()

    def new_consultation(self) -> None:
        from sen_desktop.gui.consultations.dialogs import ConsultationDialog

        service = self._service()
        if service is None or self._runner is None:
            return
        self._show(ConsultationDialog(self._runner, service, None, self), reload_list=True)

    def edit_consultation(self) -> None:
        from sen_desktop.gui.consultations.dialogs import ConsultationDialog

        service, detail = self._service(), self._detail
        if service is None or detail is None or self._runner is None:
            return
        self._show(ConsultationDialog(self._runner, service, detail, self), reload_list=True)

    def remove_consultation(self) -> None:
        chosen, service, runner = self.chosen(), self._service(), self._runner
        if chosen is None or service is None or runner is None:
            return
        if not self.confirm(f"Remove consultation {chosen.reference} {chosen.title}, with its "
                            f"{chosen.responses} response{'' if chosen.responses == 1 else 's'}"
                            "? Every laptop removes it at its next exchange."):
            return
        self._chosen_id = ""
        runner.run(lambda: service.remove(chosen.id), lambda _r: self.reload(), self._failed,
                   owner=self)

    def add_document(self) -> None:
        service, detail, runner = self._service(), self._detail, self._runner
        if service is None or detail is None or runner is None:
            return

        def open_dialog(choices: Any) -> None:
            from sen_desktop.gui.consultations.dialogs import DocumentDialog

            self._show(DocumentDialog(runner, service, detail.id, choices, self))

        runner.run(service.document_choices, open_dialog, self._failed, owner=self)

    def add_event(self) -> None:
        from sen_desktop.gui.consultations.dialogs import EventDialog

        service, detail = self._service(), self._detail
        if service is None or detail is None or self._runner is None:
            return
        self._show(EventDialog(self._runner, service, detail, self))

    def remove_document_or_event(self) -> None:
        from sen_desktop.gui.consultations.dialogs import RemoveDialog

        service, detail = self._service(), self._detail
        if service is None or detail is None or self._runner is None:
            return
        items = [(f"Document {n}: {d.words}", f"document|{d.id}")
                 for n, d in enumerate(detail.documents, start=1)]
        items += [(f"Event: {uk_date(e.date)}, {e.venue}", f"event|{e.id}")
                  for e in detail.events]

        def remove(chosen: str) -> None:
            kind, row_id = chosen.split("|", 1)
            if kind == "document":
                service.remove_document(row_id)
            else:
                service.remove_event(row_id)

        self._show(RemoveDialog(self._runner, "Remove a document or event",
                                "Document or event", items, remove, self))

    def add_theme(self) -> None:
        service, detail, runner = self._service(), self._detail, self._runner
        if service is None or detail is None or runner is None:
            return
        name, consultation = self.new_theme.text(), detail.id
        self.theme_problem.hide()

        def done(_theme: Any) -> None:
            self.new_theme.clear()
            self._reload_detail()

        def refused(error: Exception) -> None:
            self.theme_problem.setText(getattr(error, "message", str(error)))
            self.theme_problem.show()
            self.new_theme.setAccessibleDescription(self.theme_problem.text())
            self.new_theme.setFocus()

        runner.run(lambda: service.add_theme(consultation, name), done, refused, owner=self)

    def record_change(self) -> None:
        service, runner = self._service(), self._runner
        theme = self.themes_model.record(self.themes.currentIndex().row())
        if service is None or runner is None or theme is None:
            return

        def open_dialog(choices: Any) -> None:
            from sen_desktop.gui.consultations.dialogs import ChangeDialog

            self._show(ChangeDialog(runner, service, theme, choices, self))

        runner.run(service.change_choices, open_dialog, self._failed, owner=self)

    def edit_response(self) -> None:
        """Enter on a response: into the row of fields, to correct it."""
        response = self.responses_model.record(self.responses.currentIndex().row())
        if response is None:
            self.entry.respondent.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.entry.edit(response)

    def remove_theme(self) -> None:
        theme = self.themes_model.record(self.themes.currentIndex().row())
        service, runner = self._service(), self._runner
        if theme is None or service is None or runner is None:
            return
        tagged = self.themes_model.counts.get(theme.id, 0)
        keep = "keeps its" if tagged == 1 else "keep their"
        if not self.confirm(f"Remove the theme {theme.name}? {tagged} response"
                            f"{'' if tagged == 1 else 's'} tagged with it {keep} other "
                            "themes."):
            return
        runner.run(lambda: service.remove_theme(theme.id), lambda _r: self._reload_detail(),
                   self._failed, owner=self)

    def remove_response(self) -> None:
        response = self.responses_model.record(self.responses.currentIndex().row())
        service, runner = self._service(), self._runner
        if response is None or service is None or runner is None:
            return
        if not self.confirm(f"Remove response {response.number} "
                            f"({response.respondent_words})?"):
            return
        runner.run(lambda: service.remove_response(response.id),
                   lambda _r: self._reload_detail(), self._failed, owner=self)

    def import_csv(self) -> None:
        service, detail, runner = self._service(), self._detail, self._runner
        if service is None or detail is None or runner is None:
            return
        path = self.ask_csv()
        if path is None:
            return

        def read() -> Any:
            from sen_desktop.core.consultations.csv_import import preview_file

            return preview_file(detail, service.response_context(detail.id), path)

        def show(found: Any) -> None:
            from sen_desktop.gui.consultations.dialogs import ImportDialog

            dialog = ImportDialog(found, detail, self)
            self.dialog = dialog
            dialog.accepted.connect(lambda: self._write_import(found))
            dialog.finished.connect(lambda _code: self.responses.setFocus())
            dialog.open()

        def refused(error: Exception) -> None:
            self.facts.setText(getattr(error, "message", str(error)))

        self.tabs.setCurrentIndex(1)
        runner.run(read, show, refused, owner=self)

    def _write_import(self, found: Any) -> None:
        service, detail, runner = self._service(), self._detail, self._runner
        if service is None or detail is None or runner is None:
            return
        fields = [row.fields for row in found.rows]

        def done(made: Any) -> None:
            self._note = (f"Imported {len(made)} response{'s' if len(made) != 1 else ''} "
                          f"into {detail.summary.reference}.")
            self.reload()

        runner.run(lambda: service.add_responses(detail.id, fields), done, self._failed,
                   owner=self)

    def _ask_csv(self) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Import responses from a CSV file", "", "CSV files (*.csv);;All files (*)")
        return Path(chosen) if chosen else None

    # --- Word -----------------------------------------------------------------------------

    def export(self) -> None:
        detail = self._detail
        if detail is None or self._runner is None or self._session is None:
            return
        session, reference = self._session, detail.summary.reference

        def write(path: Path) -> Any:
            from sen_desktop.papers.consultation import consultation_paper

            return consultation_paper(session.db.session_factory, reference, path,
                                      data_dir=session.data_dir)

        export_to_word(self, self._runner, ask_path=self.ask_path,
                       caption="Export the consultation report to Word",
                       name=f"Consultation report {reference}", fallback="Consultation",
                       write=write, wrote=lambda _r: f"consultation report {reference}",
                       failed=self._failed)


__all__ = ["ConsultationsPage"]
