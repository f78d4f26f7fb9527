"""The consultations page's forms: a consultation, a document consulted on, an event,
what a theme led to ("you said, we did"), and the preview of a CSV import.

Each form is a ``FormDialog`` (gui/provision/dialogs.py): Save sends it to
``ConsultationService`` on the worker, and a refusal comes back as one sentence under
the field it names. Dates are typed as people write them ("4/10/2010", "4 Oct 2010")
and read by the core. The import's preview lists the rows that will be written and
each refused row in its own sentence; Import writes the good rows in one go.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core.consultations.records import ConsultationFields
from sen_desktop.core.consultations.vocabulary import AUDIENCE_WORDS, AUDIENCES
from sen_desktop.core.dates import numeric_date
from sen_desktop.gui.common.dialogs import keep_on_screen
from sen_desktop.gui.common.widgets import reading_pane
from sen_desktop.gui.provision.dialogs import FormDialog, combo_box

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sen_desktop.core.consultations.csv_import import ImportPreview
    from sen_desktop.core.consultations.records import (
        ConsultationDetail,
        LinkChoice,
        ThemeRecord,
    )
    from sen_desktop.core.consultations.service import ConsultationService
    from sen_desktop.gui.common.tasks import TaskRunner


def _line(name: str, text: str = "", placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    return edit


def _text(name: str, text: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setAccessibleName(name)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(80)
    return edit


class ConsultationDialog(FormDialog):
    """New consultation… / Edit consultation…: ConsultationService.create or .update."""

    def __init__(self, runner: TaskRunner, service: ConsultationService,
                 detail: ConsultationDetail | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, "Edit consultation" if detail else "New consultation", parent)
        self._service, self._detail = service, detail
        summary = detail.summary if detail is not None else None
        self.title = _line("Title", summary.title if summary else "")
        self.reference = _line("Reference", summary.reference if summary else "",
                               "given the next free one, e.g. C3")
        self.opens = _line("Opens on", numeric_date(summary.opens_on) if summary else "",
                           "dd/mm/yyyy")
        self.closes = _line("Closes on", numeric_date(summary.closes_on) if summary else "",
                            "dd/mm/yyyy")
        boxes = QWidget()
        boxes.setAccessibleName("Audiences")
        grid = QGridLayout(boxes)
        grid.setContentsMargins(0, 0, 0, 0)
        self.audiences: dict[str, QCheckBox] = {}
        for index, code in enumerate(AUDIENCES):
            box = QCheckBox(AUDIENCE_WORDS[code])
            box.setChecked(summary is not None and code in summary.audiences)
            grid.addWidget(box, index // 4, index % 4)
            self.audiences[code] = box
        self.purpose = _text("Purpose", detail.purpose if detail else "")
        self._row("title", "&Title:", self.title)
        self._row("reference", "&Reference:", self.reference)
        self._row("audiences", "&Audiences:", boxes, self.audiences[AUDIENCES[0]])
        self._row("opens_on", "&Opens on:", self.opens)
        self._row("closes_on", "&Closes on:", self.closes)
        self._row("purpose", "&Purpose:", self.purpose)
        self._finish()

    def _work(self) -> Callable[[], Any] | None:
        fields = ConsultationFields(
            title=self.title.text(),
            reference=self.reference.text(),
            audiences=tuple(code for code, box in self.audiences.items() if box.isChecked()),
            opens_on=self.opens.text(),
            closes_on=self.closes.text(),
            purpose=self.purpose.toPlainText(),
        )
        service, detail = self._service, self._detail
        if detail is None:
            return lambda: service.create(fields)
        return lambda: service.update(detail.id, fields)


class DocumentDialog(FormDialog):
    """Add a document consulted on: a policy version, a recommendation or a paper."""

    def __init__(self, runner: TaskRunner, service: ConsultationService, consultation_id: str,
                 choices: Sequence[LinkChoice], parent: QWidget | None = None) -> None:
        super().__init__(runner, "Add a document consulted on", parent)
        self._service, self._id = service, consultation_id
        kinds = {"policy_version": "Policy", "recommendation": "Recommendation",
                 "paper": "Paper"}
        self.document = combo_box(
            "Document", [(f"{kinds[c.kind]}: {c.label}", f"{c.kind}|{c.target_id}")
                         for c in choices], "")
        self._row("document", "&Document:", self.document)
        self._finish()

    def _work(self) -> Callable[[], Any] | None:
        chosen = self.document.currentData()
        if not chosen:
            self.show_error("There is no policy, recommendation or paper to consult on yet.",
                            "document")
            return None
        kind, target = str(chosen).split("|", 1)
        service, consultation = self._service, self._id
        return lambda: service.add_document(consultation, kind, target)


class EventDialog(FormDialog):
    """Add a consultation event: its day, venue, district and attendance."""

    def __init__(self, runner: TaskRunner, service: ConsultationService,
                 detail: ConsultationDetail, parent: QWidget | None = None) -> None:
        super().__init__(runner, "Add a consultation event", parent)
        self._service, self._id = service, detail.id
        self.date = _line("Date", "", "dd/mm/yyyy")
        self.venue = _line("Venue")
        self.district = combo_box("District", [("No district", ""),
                                               *((d, d) for d in detail.districts)], "")
        self.attendance = _line("Attendance", "", "people, or empty")
        self._row("date", "&Date:", self.date)
        self._row("venue", "&Venue:", self.venue)
        self._row("district", "Dis&trict:", self.district)
        self._row("attendance", "&Attendance:", self.attendance)
        self._finish()

    def _work(self) -> Callable[[], Any] | None:
        service, consultation = self._service, self._id
        day, venue = self.date.text(), self.venue.text()
        district, attendance = str(self.district.currentData() or ""), self.attendance.text()
        return lambda: service.add_event(consultation, day, venue, district, attendance)


class ChangeDialog(FormDialog):
    """You said, we did: what a theme led to, optionally linked to what changed."""

    def __init__(self, runner: TaskRunner, service: ConsultationService, theme: ThemeRecord,
                 choices: Sequence[LinkChoice], parent: QWidget | None = None) -> None:
        super().__init__(runner, f"You said, we did: {theme.name}", parent)
        self._service, self._theme = service, theme
        self.we_did = _text("We did", theme.we_did)
        current = (f"{theme.change_kind}|{theme.change_target_id}|{theme.change_section}"
                   if theme.change_kind else "")
        items = [("Nothing: the text says it", "")]
        for choice in choices:
            prefix = "Recommendation" if choice.kind == "recommendation" else "Policy section"
            items.append((f"{prefix}: {choice.label}",
                          f"{choice.kind}|{choice.target_id}|{choice.section}"))
        self.change = combo_box("Linked to", items, current)
        self._row("we_did", "&We did:", self.we_did)
        self._row("change", "&Linked to:", self.change)
        self._finish()

    def _work(self) -> Callable[[], Any] | None:
        chosen = str(self.change.currentData() or "")
        kind, target, section = (chosen.split("|", 2) + ["", "", ""])[:3] if chosen else (
            "", "", "")
        service, theme, text = self._service, self._theme.id, self.we_did.toPlainText()
        return lambda: service.record_change(theme, text, kind, target or None, section)


class RemoveDialog(FormDialog):
    """Remove a document consulted on or an event: choose which, then Save removes it."""

    def __init__(self, runner: TaskRunner, title: str, what: str,
                 items: Sequence[tuple[str, str]], remove: Callable[[str], Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, title, parent)
        self._remove = remove
        self.choice = combo_box(what, list(items), "")
        self._row("choice", f"&{what}:", self.choice)
        self._finish()
        self.save_button.setText("&Remove")

    def _work(self) -> Callable[[], Any] | None:
        chosen = str(self.choice.currentData() or "")
        if not chosen:
            self.show_error("There is nothing to remove.", "choice")
            return None
        remove = self._remove
        return lambda: remove(chosen)


class ImportDialog(QDialog):
    """The preview of a CSV import: what will be written and each row refused."""

    def __init__(self, found: ImportPreview, detail: ConsultationDetail,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.found = found
        self.setWindowTitle(f"Import responses into {detail.summary.reference}")
        self.setAccessibleName(self.windowTitle())
        layout = QVBoxLayout(self)
        self.summary = QLabel(found.summary)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.pane = reading_pane("Rows to import and rows refused")
        lines = [f"Row {row.row}: {row.fields.respondent_type}, "
                 f"{row.fields.district or 'no district'}: "
                 f"\u201c{' '.join(row.fields.text.split())[:80]}\u201d" for row in found.rows]
        refused = [refusal.sentence for refusal in found.refusals]
        text = "To import:\n" + ("\n".join(lines) or "Nothing.")
        if refused:
            text += "\n\nRefused (correct these in the spreadsheet and import them again):\n"
            text += "\n".join(refused)
        if found.ignored_columns:
            text += f"\n\nColumns left out: {', '.join(found.ignored_columns)}."
        self.pane.setPlainText(text)
        self.pane.setMinimumSize(620, 300)
        layout.addWidget(self.pane, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        count = len(found.rows)
        self.import_button = self.buttons.addButton(
            f"&Import {count} response{'s' if count != 1 else ''}",
            QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(count > 0)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        keep_on_screen(self)


__all__ = ["ChangeDialog", "ConsultationDialog", "DocumentDialog", "EventDialog",
           "ImportDialog", "RemoveDialog"]
