"""The Steering Group's consultations (issue 15): planned, consulted on, answered and
reported back ("you said, we did").

The Project Plan asks the Steering Group to "plan and oversee the consultation
process". ``ConsultationService`` owns its transactions and returns the records of
``records.py``; the rules are ``rules.py``'s, one sentence each beside their field:
* a consultation is the Steering Group's; its reference is unique (given the next
  free "C<n>" when left empty); its title is said; it asks at least one audience and
  closes on or after the day it opens;
* a document consulted on is a policy version, a recommendation or a paper that
  exists, named once per consultation;
* an event has a day and a venue, in one of the programme's districts if any;
* a theme's name is said and unique in its consultation; its change is free text,
  optionally linked to a recommendation or a section of a policy version;
* a response says who responded (an audience) and what they said; its district is one
  of the programme's; its themes and proposal are the consultation's own; its contact
  email and phone, when given, look like an email address and a phone number.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from sen_desktop.core.consultations import reading
from sen_desktop.core.consultations.rules import (
    ResponseContext,
    consultation_values,
    event_values,
    response_values,
    theme_name,
)
from sen_desktop.core.consultations.vocabulary import (
    CHANGE_KINDS,
    DOCUMENT_KINDS,
    MAX_CHANGE,
)
from sen_desktop.core.errors import NotFoundError, ValidationError
from sen_desktop.core.programme.settings import read_programme_settings
from sen_desktop.core.store.models import (
    Consultation,
    ConsultationDocument,
    ConsultationEvent,
    ConsultationResponse,
    ConsultationTheme,
    Group,
)
from sen_desktop.core.store.rows import live_row
from sen_desktop.core.validation import clean_text, limit_text

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from sqlalchemy.orm import Session, sessionmaker

    from sen_desktop.core.consultations.records import (
        ConsultationDetail,
        ConsultationFields,
        ConsultationSummary,
        DocumentRecord,
        EventRecord,
        LinkChoice,
        ResponseFields,
        ResponseRecord,
        ThemeRecord,
    )

CONSULTATION_GONE = "This consultation no longer exists; it may have been removed."
DOCUMENT_GONE = "This document is no longer on the consultation; it may have been removed."
EVENT_GONE = "This event is no longer on the consultation; it may have been removed."
THEME_GONE = "This theme is no longer on the consultation; it may have been removed."
RESPONSE_GONE = "This response is no longer recorded; another laptop may have removed it."
_REFERENCE = re.compile(r"C(\d+)", re.IGNORECASE)


class ConsultationService:
    """Plan, record and analyse the Steering Group's consultations."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory

    # --- consultations ---------------------------------------------------------------

    def list_consultations(self) -> list[ConsultationSummary]:
        with self._sf() as s:
            return reading.summaries(s)

    def detail(self, consultation_id: str) -> ConsultationDetail:
        with self._sf() as s:
            return reading.detail(s, live_row(s, Consultation, consultation_id,
                                              CONSULTATION_GONE))

    def by_reference(self, reference: str) -> ConsultationDetail:
        """The consultation with this reference ("C1", any case)."""
        with self._sf() as s:
            return reading.detail(s, _by_reference(s, reference))

    def create(self, fields: ConsultationFields) -> ConsultationSummary:
        with self._sf.begin() as s:
            values = consultation_values(fields)
            values["reference"] = _free_reference(s, values["reference"], None)
            row = Consultation(group_id=_steering_group(s).id, **values)
            s.add(row)
            s.flush()
            return reading.summary_of(s, row)

    def update(self, consultation_id: str, fields: ConsultationFields) -> ConsultationSummary:
        with self._sf.begin() as s:
            row = live_row(s, Consultation, consultation_id, CONSULTATION_GONE)
            values = consultation_values(fields)
            values["reference"] = _free_reference(s, values["reference"] or row.reference,
                                                  row.id)
            _assign(row, values)
            s.flush()
            return reading.summary_of(s, row)

    def remove(self, consultation_id: str) -> None:
        with self._sf.begin() as s:
            live_row(s, Consultation, consultation_id, CONSULTATION_GONE).deleted = True

    # --- documents and events ----------------------------------------------------------

    def document_choices(self) -> list[LinkChoice]:
        """What a consultation may consult on: policy versions, recommendations, papers."""
        with self._sf() as s:
            return reading.document_choices(s)

    def change_choices(self) -> list[LinkChoice]:
        """What a theme's change may link to: recommendations and policy sections."""
        with self._sf() as s:
            return reading.change_choices(s)

    def add_document(self, consultation_id: str, kind: str, target_id: str) -> DocumentRecord:
        with self._sf.begin() as s:
            row = live_row(s, Consultation, consultation_id, CONSULTATION_GONE)
            if kind not in DOCUMENT_KINDS:
                raise ValidationError("Choose a policy document, a recommendation or a paper.",
                                      field="document")
            label = reading.target_label(s, kind, target_id)
            held = reading.live_documents(s, row.id)
            if any(d.kind == kind and d.target_id == target_id for d in held):
                raise ValidationError(f"{label} is already a document of this consultation.",
                                      field="document")
            position = max((d.position for d in held), default=0) + 1
            document = ConsultationDocument(consultation_id=row.id, position=position,
                                            kind=kind, target_id=target_id, label=label)
            s.add(document)
            s.flush()
            return reading.document_record(document)

    def remove_document(self, document_id: str) -> None:
        with self._sf.begin() as s:
            document = live_row(s, ConsultationDocument, document_id, DOCUMENT_GONE)
            document.deleted = True
            for response in reading.live_responses(s, document.consultation_id):
                if response.document_id == document.id:
                    response.document_id = None

    def add_event(
        self, consultation_id: str, day: dt.date | str, venue: str, district: str = "",
        attendance: str = "",
    ) -> EventRecord:
        with self._sf.begin() as s:
            row = live_row(s, Consultation, consultation_id, CONSULTATION_GONE)
            values = event_values(day, venue, district, attendance, _districts(s))
            event = ConsultationEvent(consultation_id=row.id, **values)
            s.add(event)
            s.flush()
            return reading.event_record(event)

    def remove_event(self, event_id: str) -> None:
        with self._sf.begin() as s:
            live_row(s, ConsultationEvent, event_id, EVENT_GONE).deleted = True

    # --- themes and "you said, we did" -------------------------------------------------

    def add_theme(self, consultation_id: str, name: str) -> ThemeRecord:
        with self._sf.begin() as s:
            row = live_row(s, Consultation, consultation_id, CONSULTATION_GONE)
            held = reading.live_themes(s, row.id)
            theme = ConsultationTheme(
                consultation_id=row.id,
                position=max((t.position for t in held), default=0) + 1,
                name=theme_name(name, [t.name for t in held]),
            )
            s.add(theme)
            s.flush()
            return reading.theme_record(theme)

    def rename_theme(self, theme_id: str, name: str) -> ThemeRecord:
        with self._sf.begin() as s:
            theme = live_row(s, ConsultationTheme, theme_id, THEME_GONE)
            others = [t.name for t in reading.live_themes(s, theme.consultation_id)
                      if t.id != theme.id]
            theme.name = theme_name(name, others)
            s.flush()
            return reading.theme_record(theme)

    def record_change(
        self, theme_id: str, we_did: str, kind: str = "", target_id: str | None = None,
        section: str = "",
    ) -> ThemeRecord:
        """Say what the theme led to, optionally linked to a recommendation or a section
        of a policy version ("you said, we did")."""
        with self._sf.begin() as s:
            theme = live_row(s, ConsultationTheme, theme_id, THEME_GONE)
            text = limit_text(clean_text(we_did).strip(), "we_did", "what was done",
                              MAX_CHANGE)
            if kind not in CHANGE_KINDS:
                raise ValidationError("Link the change to a recommendation or a policy "
                                      "section, or to nothing.", field="change")
            label = ""
            if kind:
                if not target_id:
                    raise ValidationError("Choose the recommendation or policy section "
                                          "changed.", field="change")
                label = reading.change_label(s, kind, target_id, section)
            if not text and kind:
                raise ValidationError("Say what was done, as well as what it changed.",
                                      field="we_did")
            _assign(theme, {
                "we_did": text, "change_kind": kind,
                "change_target_id": target_id if kind else None,
                "change_section": section if kind == "policy_section" else "",
                "change_label": label,
            })
            s.flush()
            return reading.theme_record(theme)

    def remove_theme(self, theme_id: str) -> None:
        with self._sf.begin() as s:
            theme = live_row(s, ConsultationTheme, theme_id, THEME_GONE)
            theme.deleted = True
            for response in reading.live_responses(s, theme.consultation_id):
                tagged = reading.theme_ids(response)
                if theme.id in tagged:
                    response.themes = _json([t for t in tagged if t != theme.id])

    # --- responses -----------------------------------------------------------------------

    def response_context(self, consultation_id: str) -> ResponseContext:
        with self._sf() as s:
            return _context(s, live_row(s, Consultation, consultation_id, CONSULTATION_GONE))

    def add_response(self, consultation_id: str, fields: ResponseFields) -> ResponseRecord:
        return self.add_responses(consultation_id, [fields])[0]

    def add_responses(
        self, consultation_id: str, rows: Sequence[ResponseFields]
    ) -> list[ResponseRecord]:
        """Record responses in one transaction, numbered after the last: all or none."""
        with self._sf.begin() as s:
            row = live_row(s, Consultation, consultation_id, CONSULTATION_GONE)
            context = _context(s, row)
            checked = [response_values(fields, context) for fields in rows]
            number = s.scalar(
                select(func.max(ConsultationResponse.number)).where(
                    ConsultationResponse.consultation_id == row.id
                )
            ) or 0
            made = []
            for values in checked:
                number += 1
                response = ConsultationResponse(consultation_id=row.id, number=number, **values)
                s.add(response)
                made.append(response)
            s.flush()
            return [reading.response_record(r) for r in made]

    def update_response(self, response_id: str, fields: ResponseFields) -> ResponseRecord:
        with self._sf.begin() as s:
            response = live_row(s, ConsultationResponse, response_id, RESPONSE_GONE)
            consultation = live_row(s, Consultation, response.consultation_id,
                                    CONSULTATION_GONE)
            _assign(response, response_values(fields, _context(s, consultation)))
            s.flush()
            return reading.response_record(response)

    def remove_response(self, response_id: str) -> None:
        with self._sf.begin() as s:
            live_row(s, ConsultationResponse, response_id, RESPONSE_GONE).deleted = True


# --- helpers ---------------------------------------------------------------------------------


def _assign(row: Any, values: dict[str, Any]) -> None:
    """Set only what changed, so an unchanged field writes no operation."""
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)


def _json(ids: list[str]) -> str:
    import json

    return json.dumps(ids)


def _districts(s: Session) -> tuple[str, ...]:
    return read_programme_settings(s).districts


def _context(s: Session, row: Consultation) -> ResponseContext:
    return ResponseContext(
        districts=_districts(s),
        themes={t.id: t.name for t in reading.live_themes(s, row.id)},
        documents=frozenset(d.id for d in reading.live_documents(s, row.id)),
    )


def _steering_group(s: Session) -> Group:
    group = s.scalars(
        select(Group).where(Group.kind == "steering", Group.deleted.is_(False))
        .order_by(Group.position, Group.code)
    ).first()
    if group is None:
        raise ValidationError(
            "The programme has no Steering Group to plan consultations; add it under Groups "
            "first."
        )
    return group


def _by_reference(s: Session, reference: str) -> Consultation:
    wanted = " ".join(reference.split()).casefold()
    rows = s.scalars(select(Consultation).where(Consultation.deleted.is_(False))).all()
    for row in rows:
        if row.reference.casefold() == wanted:
            return row
    known = ", ".join(sorted(r.reference for r in rows))
    listed = f" (consultations: {known})" if known else " (there are no consultations yet)"
    raise NotFoundError(f"There is no consultation with the reference {reference}{listed}.")


def _free_reference(s: Session, wanted: str, own_id: str | None) -> str:
    taken = {
        ref.casefold(): row_id
        for row_id, ref in s.execute(
            select(Consultation.id, Consultation.reference).where(
                Consultation.deleted.is_(False)
            )
        )
    }
    if wanted:
        holder = taken.get(wanted.casefold())
        if holder is not None and holder != own_id:
            raise ValidationError(f"Another consultation has the reference {wanted}; "
                                  "choose another.", field="reference")
        return wanted
    numbers = [int(m.group(1)) for ref in taken if (m := _REFERENCE.fullmatch(ref))]
    return f"C{max(numbers, default=0) + 1}"
