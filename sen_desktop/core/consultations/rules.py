"""The rules a consultation's parts keep, as pure checks (no session, no ORM).

``service.py`` applies them before it writes and ``csv_import.py`` before it offers a
row, so a form, a keyboard row and a spreadsheet row are refused in the same words:
one sentence a secretary can act on, naming the form field it belongs beside.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sen_desktop.core import dates
from sen_desktop.core.consultations.vocabulary import (
    AUDIENCE_WORDS,
    AUDIENCES,
    MAX_ATTENDANCE,
    MAX_EMAIL,
    MAX_NAME,
    MAX_ORGANISATION,
    MAX_PHONE,
    MAX_PURPOSE,
    MAX_REFERENCE,
    MAX_RESPONSE,
    MAX_THEME,
    MAX_TITLE,
    MAX_VENUE,
    audience_code,
)
from sen_desktop.core.errors import ValidationError
from sen_desktop.core.validation import (
    check_email,
    check_phone,
    clean_line,
    clean_text,
    limit_text,
    optional_text,
    require_text,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sen_desktop.core.consultations.records import ConsultationFields, ResponseFields

AUDIENCE_LIST = ", ".join(AUDIENCE_WORDS[code] for code in AUDIENCES)


def as_date(value: dt.date | str, field: str, label: str) -> dt.date:
    """A date given as a date or as typed."""
    if isinstance(value, dt.date):
        return value
    if not clean_line(value):
        raise ValidationError(f"Enter {label}.", field=field)
    return dates.parse_date(value, field=field)


def consultation_values(fields: ConsultationFields) -> dict[str, Any]:
    """The columns of a consultation from its form, checked and cleaned."""
    title = require_text(fields.title, "title", "the consultation's title", MAX_TITLE)
    reference = optional_text(fields.reference, "reference", "the reference", MAX_REFERENCE)
    audiences: list[str] = []
    for typed in fields.audiences:
        code = typed if typed in AUDIENCES else audience_code(typed)
        if code is None:
            raise ValidationError(
                f"{clean_line(typed)} is not an audience; choose from {AUDIENCE_LIST}.",
                field="audiences",
            )
        if code not in audiences:
            audiences.append(code)
    if not audiences:
        raise ValidationError("Tick at least one audience the consultation asks.",
                              field="audiences")
    opens_on = as_date(fields.opens_on, "opens_on", "the day the consultation opens")
    closes_on = as_date(fields.closes_on, "closes_on", "the day the consultation closes")
    if closes_on < opens_on:
        raise ValidationError(
            f"The consultation must close on or after the day it opens "
            f"({dates.uk_date(opens_on)}).",
            field="closes_on",
        )
    purpose = limit_text(clean_text(fields.purpose).strip(), "purpose", "the purpose",
                         MAX_PURPOSE)
    return {
        "title": title,
        "reference": reference.upper(),
        "audiences": json.dumps([c for c in AUDIENCES if c in audiences]),
        "opens_on": opens_on,
        "closes_on": closes_on,
        "purpose": purpose,
    }


def district_of(typed: str, districts: Iterable[str], *, required: bool) -> str:
    """One of the programme's districts as it spells it; "" when none is given and
    none is required."""
    cleaned = clean_line(typed)
    if not cleaned:
        if required:
            raise ValidationError("Choose the district.", field="district")
        return ""
    for known in districts:
        if known.casefold() == cleaned.casefold():
            return known
    raise ValidationError(
        f"{cleaned} is not one of the programme's districts; choose one from the list.",
        field="district",
    )


def event_values(
    day: dt.date | str, venue: str, district: str, attendance: str, districts: Iterable[str]
) -> dict[str, Any]:
    counted = clean_line(attendance).replace(",", "")
    if counted and not counted.isdigit():
        raise ValidationError(
            "Enter the attendance as a whole number of people, or leave it empty.",
            field="attendance",
        )
    number = int(counted) if counted else None
    if number is not None and number > MAX_ATTENDANCE:
        raise ValidationError(f"Enter an attendance of at most {MAX_ATTENDANCE:,} people.",
                              field="attendance")
    return {
        "date": as_date(day, "date", "the day of the event"),
        "venue": require_text(venue, "venue", "the venue", MAX_VENUE),
        "district": district_of(district, districts, required=False),
        "attendance": number,
    }


def theme_name(typed: str, taken: Iterable[str]) -> str:
    name = require_text(typed, "theme", "the theme's name", MAX_THEME)
    if name.casefold() in {t.casefold() for t in taken}:
        raise ValidationError(f"This consultation already has the theme {name}.", field="theme")
    return name


@dataclass(frozen=True)
class ResponseContext:
    """What a response is checked against: the programme's districts, the
    consultation's themes (id to name) and documents (ids)."""

    districts: tuple[str, ...]
    themes: dict[str, str] = field(default_factory=dict)
    documents: frozenset[str] = frozenset()


def respondent_type(typed: str) -> str:
    if not clean_line(typed):
        raise ValidationError(f"Choose who responded: {AUDIENCE_LIST}.", field="respondent_type")
    code = typed if typed in AUDIENCES else audience_code(typed)
    if code is None:
        raise ValidationError(
            f"{clean_line(typed)} is not a respondent type; use one of {AUDIENCE_LIST}.",
            field="respondent_type",
        )
    return code


def response_values(fields: ResponseFields, context: ResponseContext) -> dict[str, Any]:
    """The columns of a response, checked and cleaned."""
    kind = respondent_type(fields.respondent_type)
    text = limit_text(clean_text(fields.text).strip(), "text", "the response", MAX_RESPONSE)
    if not text:
        raise ValidationError("Type what the respondent said.", field="text")
    themes: list[str] = []
    for theme in fields.themes:
        if theme not in context.themes:
            raise ValidationError(
                "A theme ticked is no longer one of this consultation's; choose again.",
                field="themes",
            )
        if theme not in themes:
            themes.append(theme)
    if fields.document_id is not None and fields.document_id not in context.documents:
        raise ValidationError(
            "The proposal chosen is not one of the documents consulted on; choose again.",
            field="document",
        )
    return {
        "respondent_type": kind,
        "district": district_of(fields.district, context.districts, required=False),
        "organisation": optional_text(fields.organisation, "organisation",
                                      "the organisation", MAX_ORGANISATION),
        "contact_name": optional_text(fields.contact_name, "contact_name",
                                      "the contact's name", MAX_NAME),
        "contact_email": limit_text(check_email(fields.contact_email, "contact_email"),
                                    "contact_email", "the email address", MAX_EMAIL),
        "contact_phone": limit_text(check_phone(fields.contact_phone, "contact_phone"),
                                    "contact_phone", "the phone number", MAX_PHONE),
        "text": text,
        "themes": json.dumps(themes),
        "document_id": fields.document_id,
    }


def json_list(text: str) -> tuple[str, ...]:
    """A JSON list of strings from a column; anything else reads as empty."""
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return ()
    if not isinstance(value, list):
        return ()
    return tuple(v for v in value if isinstance(v, str))
