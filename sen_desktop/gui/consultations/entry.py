"""Bulk entry of responses at the keyboard: one row of fields under the responses table.

A secretary typing up a pile of paper responses fills the row in tab order --
respondent, district, response, themes, proposal, organisation, contact name, email,
phone -- and presses Enter in any of them: the response is recorded on the worker, the
row empties (keeping the respondent type, district and proposal, which runs of
responses share) and the focus goes back to its first field for the next. A refusal is
one sentence under the row, read with the field it names, which takes the focus.
Themes are typed by name, separated by ";" (a completer offers them).

Enter on a response in the table brings it into the row to correct it (``edit``): the
row says which response it holds, Enter saves the change and Escape leaves the response
as it was; either way the row is empty again for the next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core.consultations.records import ResponseFields
from sen_desktop.core.consultations.vocabulary import AUDIENCE_WORDS, AUDIENCES
from sen_desktop.core.errors import SenError

if TYPE_CHECKING:
    from sen_desktop.core.consultations.records import ConsultationDetail, ResponseRecord
    from sen_desktop.core.consultations.service import ConsultationService
    from sen_desktop.gui.common.tasks import TaskRunner


def _one_line(text: str) -> str:
    return " ".join(text.split())


_NEW_HINT = "Press Enter in any field to record the response and start the next."


class _Enter(QObject):
    """Enter or Return in a field of the row records it; Escape stops a correction."""

    def __init__(self, entry: ResponseEntry) -> None:
        super().__init__(entry)
        self._entry = entry

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self._entry.add()
            return True
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Escape and self._entry.editing is not None):
            self._entry.stop_editing()
            return True
        return False


class ResponseEntry(QWidget):
    """The row of fields that records the next response."""

    #: A response was recorded: its ResponseRecord.
    added = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner: TaskRunner | None = None
        self._service: ConsultationService | None = None
        self._detail: ConsultationDetail | None = None
        self._busy = False
        #: The response the row holds to be corrected (None: the row records a new one).
        self.editing: ResponseRecord | None = None
        self.respondent = QComboBox()
        for code in AUDIENCES:
            self.respondent.addItem(AUDIENCE_WORDS[code], code)
        self.district = QComboBox()
        self.text = QLineEdit()
        self.text.setPlaceholderText("what they said")
        self.themes = QLineEdit()
        self.themes.setPlaceholderText("names; separated by ;")
        self.proposal = QComboBox()
        self.organisation = QLineEdit()
        self.contact_name = QLineEdit()
        self.email = QLineEdit()
        self.phone = QLineEdit()
        self.fields: dict[str, tuple[str, QWidget]] = {
            "respondent_type": ("Responden&t", self.respondent),
            "district": ("&District", self.district),
            "text": ("Respon&se", self.text),
            "themes": ("T&hemes", self.themes),
            "document": ("Propos&al", self.proposal),
            "organisation": ("Or&ganisation", self.organisation),
            "contact_name": ("Contact na&me", self.contact_name),
            "contact_email": ("Email", self.email),
            "contact_phone": ("Phone", self.phone),
        }
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        enter = _Enter(self)
        # Made in the order they sit, left to right: the order Tab takes.
        for column, (words, widget) in enumerate(self.fields.values()):
            caption = QLabel(words)
            caption.setBuddy(widget)
            widget.setAccessibleName(f"New response: {words.replace('&', '')}")
            widget.installEventFilter(enter)
            grid.addWidget(caption, 0, column)
            grid.addWidget(widget, 1, column)
        for combo in (self.district, self.proposal):
            # A long district or document name must not squeeze the response box.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(14)
        grid.setColumnStretch(2, 4)
        grid.setColumnStretch(3, 2)
        self.problem = QLabel()
        self.problem.setProperty("role", "error")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.hint = QLabel(_NEW_HINT)
        self.hint.setProperty("role", "facts")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.problem)
        layout.addWidget(self.hint)
        self.setEnabled(False)

    def attach(self, runner: TaskRunner, service: ConsultationService) -> None:
        self._runner, self._service = runner, service

    def set_detail(self, detail: ConsultationDetail | None) -> None:
        same = (self._detail is not None and detail is not None
                and self._detail.id == detail.id)
        self._detail = detail
        self.setEnabled(detail is not None)
        if detail is None:
            return
        district = self.district.currentData() if same else ""
        self.district.clear()
        self.district.addItem("No district", "")
        for name in detail.districts:
            self.district.addItem(name, name)
        self.district.setCurrentIndex(max(self.district.findData(district), 0))
        proposal = self.proposal.currentData() if same else None
        self.proposal.clear()
        self.proposal.addItem("None named", None)
        for number, document in enumerate(detail.documents, start=1):
            self.proposal.addItem(f"{number}. {document.label}", document.id)
        self.proposal.setCurrentIndex(max(self.proposal.findData(proposal), 0))
        completer = QCompleter([theme.name for theme in detail.themes], self.themes)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.themes.setCompleter(completer)
        if not same:
            self._clear_problem()

    def add(self) -> None:
        """Record the row as a response (Enter in any of its fields)."""
        from sen_desktop.core.consultations.csv_import import themes_named

        detail, runner, service = self._detail, self._runner, self._service
        if detail is None or runner is None or service is None or self._busy:
            return
        self._clear_problem()
        try:
            themes = themes_named(self.themes.text(), detail)
        except SenError as error:
            self.show_problem(error.message, "themes")
            return
        text = self.text.text()
        if self.editing is not None and text == _one_line(self.editing.text):
            text = self.editing.text
        fields = ResponseFields(
            respondent_type=str(self.respondent.currentData()),
            text=text,
            district=str(self.district.currentData() or ""),
            organisation=self.organisation.text(),
            contact_name=self.contact_name.text(),
            contact_email=self.email.text(),
            contact_phone=self.phone.text(),
            themes=themes,
            document_id=self.proposal.currentData(),
        )
        consultation, editing = detail.id, self.editing
        self._busy = True
        if editing is not None:
            runner.run(lambda: service.update_response(editing.id, fields), self._added,
                       self._failed, owner=self)
            return
        runner.run(lambda: service.add_response(consultation, fields), self._added,
                   self._failed, owner=self)

    def edit(self, record: ResponseRecord) -> None:
        """Bring ``record`` into the row to correct it; Enter saves, Escape stops."""
        detail = self._detail
        if detail is None:
            return
        self._clear_problem()
        self.editing = record
        self.respondent.setCurrentIndex(max(self.respondent.findData(record.respondent_type),
                                            0))
        self.district.setCurrentIndex(max(self.district.findData(record.district), 0))
        # A one-line box: a response typed in paragraphs shows on one line, and keeps
        # its paragraphs unless the words are changed.
        self.text.setText(_one_line(record.text))
        self.themes.setText("; ".join(detail.theme_names(record.themes)))
        self.proposal.setCurrentIndex(max(self.proposal.findData(record.document_id), 0))
        self.organisation.setText(record.organisation)
        self.contact_name.setText(record.contact_name)
        self.email.setText(record.contact_email)
        self.phone.setText(record.contact_phone)
        self.hint.setText(f"Correcting response {record.number}: Enter saves the change, "
                          "Escape leaves it as it was.")
        self.respondent.setFocus(Qt.FocusReason.OtherFocusReason)

    def stop_editing(self) -> None:
        """Escape while correcting: the response stays as it was, the row empties."""
        number = self.editing.number if self.editing is not None else 0
        self.editing = None
        self._empty()
        self._clear_problem()
        self.hint.setText(f"Response {number} was left as it was. {_NEW_HINT}")

    def _empty(self) -> None:
        for edit in (self.text, self.themes, self.organisation, self.contact_name,
                     self.email, self.phone):
            edit.clear()

    def _added(self, record: Any) -> None:
        self._busy = False
        corrected = self.editing is not None
        self.editing = None
        self._empty()
        self.hint.setText(
            f"Saved the change to response {record.number}. {_NEW_HINT}" if corrected
            else f"Recorded response {record.number}. Type the next, or Tab on to the table.")
        self.respondent.setFocus(Qt.FocusReason.OtherFocusReason)
        self.added.emit(record)

    def _failed(self, error: Exception) -> None:
        self._busy = False
        message = getattr(error, "message", None) or str(error)
        self.show_problem(message, getattr(error, "field", None))

    def show_problem(self, message: str, field: str | None) -> None:
        self.problem.setText(message)
        self.problem.show()
        widget = self.fields.get(field or "", ("", self.text))[1]
        widget.setAccessibleDescription(message)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _clear_problem(self) -> None:
        self.problem.clear()
        self.problem.hide()
        for _words, widget in self.fields.values():
            widget.setAccessibleDescription("")


__all__ = ["ResponseEntry"]
