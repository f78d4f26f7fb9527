"""A consultation's records: the consultation, its documents, events, themes, responses.

Frozen dataclasses and pure functions only, no SQLAlchemy: the consultations page, the
command line and the paper read these without loading the store. ``ConsultationDetail``
is the whole of one consultation; ``analysis.py`` counts it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sen_desktop.core.consultations.vocabulary import (
    DOCUMENT_KIND_WORDS,
    audience_words,
)
from sen_desktop.core.dates import uk_date

if TYPE_CHECKING:
    import datetime as dt

OPEN = "open"
NOT_YET_OPEN = "not_yet_open"
CLOSED = "closed"


@dataclass(frozen=True)
class ConsultationFields:
    """What the form gives for a consultation; the service checks and cleans it.

    Dates are dates, or text as typed ("4/10/2010", "4 Oct 2010"); an empty reference
    is given the next free one ("C3")."""

    title: str
    audiences: tuple[str, ...]
    opens_on: dt.date | str
    closes_on: dt.date | str
    purpose: str = ""
    reference: str = ""


@dataclass(frozen=True)
class ConsultationSummary:
    id: str
    reference: str
    title: str
    audiences: tuple[str, ...]
    opens_on: dt.date
    closes_on: dt.date
    responses: int

    def state(self, today: dt.date) -> str:
        if today < self.opens_on:
            return NOT_YET_OPEN
        return OPEN if today <= self.closes_on else CLOSED

    def state_words(self, today: dt.date) -> str:
        """ "Open until 26 November 2010", "Opens on 4 October 2010", "Closed on …"."""
        state = self.state(today)
        if state == OPEN:
            return f"Open until {uk_date(self.closes_on)}"
        if state == NOT_YET_OPEN:
            return f"Opens on {uk_date(self.opens_on)}"
        return f"Closed on {uk_date(self.closes_on)}"

    @property
    def dates(self) -> str:
        return f"{uk_date(self.opens_on)} to {uk_date(self.closes_on)}"

    @property
    def audience_text(self) -> str:
        return ", ".join(audience_words(code) for code in self.audiences)

    @property
    def label(self) -> str:
        return f"{self.reference} {self.title}"


@dataclass(frozen=True)
class DocumentRecord:
    """A document consulted on; ``label`` is its name when it was linked (kept, so a
    laptop that may not read the policy draft or recommendation still names it)."""

    id: str
    position: int
    kind: str
    target_id: str
    label: str

    @property
    def words(self) -> str:
        return f"{DOCUMENT_KIND_WORDS.get(self.kind, self.kind)}: {self.label}"


@dataclass(frozen=True)
class EventRecord:
    id: str
    date: dt.date
    venue: str
    district: str
    attendance: int | None

    @property
    def attendance_words(self) -> str:
        if self.attendance is None:
            return "not counted"
        return "1 person" if self.attendance == 1 else f"{self.attendance} people"


@dataclass(frozen=True)
class ThemeRecord:
    """A theme, and the change it led to ("you said, we did")."""

    id: str
    position: int
    name: str
    we_did: str
    change_kind: str
    change_target_id: str | None
    change_section: str
    change_label: str

    @property
    def change_words(self) -> str:
        """What the change is linked to, in words ("" when only the text says it)."""
        if self.change_kind == "recommendation":
            return f"Recommendation {self.change_label}"
        if self.change_kind == "policy_section":
            return f"Policy section: {self.change_label}"
        return ""


@dataclass(frozen=True)
class ResponseFields:
    """What a form row or a CSV row gives for a response; the core checks it.

    ``themes`` are theme ids of the consultation; ``document_id`` one of its documents."""

    respondent_type: str
    text: str
    district: str = ""
    organisation: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    themes: tuple[str, ...] = ()
    document_id: str | None = None


@dataclass(frozen=True)
class ResponseRecord:
    id: str
    number: int
    respondent_type: str
    district: str
    organisation: str
    contact_name: str
    contact_email: str
    contact_phone: str
    text: str
    themes: tuple[str, ...]
    document_id: str | None

    @property
    def respondent_words(self) -> str:
        return audience_words(self.respondent_type)

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_name or self.contact_email or self.contact_phone)

    def fields(self) -> ResponseFields:
        return ResponseFields(
            respondent_type=self.respondent_type,
            text=self.text,
            district=self.district,
            organisation=self.organisation,
            contact_name=self.contact_name,
            contact_email=self.contact_email,
            contact_phone=self.contact_phone,
            themes=self.themes,
            document_id=self.document_id,
        )


@dataclass(frozen=True)
class ConsultationDetail:
    summary: ConsultationSummary
    purpose: str
    group_name: str
    documents: tuple[DocumentRecord, ...]
    events: tuple[EventRecord, ...]
    themes: tuple[ThemeRecord, ...]
    responses: tuple[ResponseRecord, ...]
    districts: tuple[str, ...]  # the programme's, in its order

    @property
    def id(self) -> str:
        return self.summary.id

    def theme_names(self, ids: tuple[str, ...]) -> tuple[str, ...]:
        names = {theme.id: theme.name for theme in self.themes}
        return tuple(names[i] for i in ids if i in names)

    def document(self, document_id: str | None) -> DocumentRecord | None:
        return next((d for d in self.documents if d.id == document_id), None)


@dataclass(frozen=True)
class LinkChoice:
    """Something a document or a change can point at: ``kind``, its id, its label."""

    kind: str
    target_id: str
    label: str
    section: str = ""
