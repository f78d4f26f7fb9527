"""The consultations page's tables: the consultations, a consultation's responses and
its themes.

Each says everything in words (open or closed, whether contact details are held), so
nothing is told by colour alone; a screen reader reads a row as its cells' text.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import Qt

from sen_desktop.core.consultations.records import (
    ConsultationSummary,
    ResponseRecord,
    ThemeRecord,
)
from sen_desktop.gui.common.models import RecordTableModel

if TYPE_CHECKING:
    from sen_desktop.core.consultations.records import ConsultationDetail

_TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)


class ConsultationTableModel(RecordTableModel[ConsultationSummary]):
    """One row per consultation: reference, title, open or closed in words, dates, count."""

    headers: ClassVar[tuple[str, ...]] = ("Ref.", "Consultation", "State", "Dates",
                                          "Responses")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.today = dt.date.today()

    def cell(self, row: ConsultationSummary, column: int, role: int) -> Any:
        if role not in _TEXT_ROLES:
            return None
        values = (row.reference, row.title, row.state_words(self.today), row.dates,
                  str(row.responses))
        return values[column]


class ResponseTableModel(RecordTableModel[ResponseRecord]):
    """A consultation's responses, in their numbers' order."""

    headers: ClassVar[tuple[str, ...]] = ("No.", "Respondent", "District", "Organisation",
                                          "Contact", "Themes", "Proposal", "Response")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.detail: ConsultationDetail | None = None

    def set_detail(self, detail: ConsultationDetail | None) -> None:
        self.detail = detail
        self.set_records(detail.responses if detail is not None else ())

    def cell(self, row: ResponseRecord, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == 7:
            return row.text
        if role not in _TEXT_ROLES:
            return None
        detail = self.detail
        themes = ", ".join(detail.theme_names(row.themes)) if detail is not None else ""
        document = detail.document(row.document_id) if detail is not None else None
        contact = ", ".join(v for v in (row.contact_name, row.contact_email,
                                         row.contact_phone) if v)
        values = (str(row.number), row.respondent_words, row.district or "—",
                  row.organisation, contact, themes, document.label if document else "",
                  " ".join(row.text.split()))
        return values[column]


class ThemeTableModel(RecordTableModel[ThemeRecord]):
    """A consultation's themes: how many responses raise each, and what was done."""

    headers: ClassVar[tuple[str, ...]] = ("Theme", "Responses", "We did", "Linked to")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.counts: dict[str, int] = {}

    def cell(self, row: ThemeRecord, column: int, role: int) -> Any:
        if role not in _TEXT_ROLES:
            return None
        values = (row.name, str(self.counts.get(row.id, 0)),
                  " ".join(row.we_did.split()) or "Not yet said", row.change_words or "—")
        return values[column]


__all__ = ["ConsultationTableModel", "ResponseTableModel", "ThemeTableModel"]
