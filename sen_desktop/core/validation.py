"""Small pure checks every service uses, so a form's messages read the same everywhere.

Each function returns the cleaned value or raises ``ValidationError`` with a sentence a
secretary can act on and the name of the field it belongs beside.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from sen_desktop.core import dates
from sen_desktop.core.errors import ValidationError

# Word and Outlook put vertical tab (soft line break) and form feed (page break) into
# pasted text; both mean "new line" to the person who typed them.
_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})

# In a single-line field every kind of line or tab break becomes one space, so a name
# pasted from two table cells does not glue its words together.
_SPACE_LIKE = frozenset("\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029")

_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
_PHONE = re.compile(r"\+?[0-9 ()./-]+(\s*(ext\.?|extn\.?|x)\s*[0-9]+)?", re.IGNORECASE)
_DIGITS = re.compile(r"[0-9]")
# Spaces and the zero-width characters a paste leaves at either end of a line (zero-width
# space, word joiner, byte-order mark). Joiners and direction marks stay: they belong to
# the emoji or the right-to-left name they sit in.
_EDGES = re.compile(r"^[\s\u200b\u2060\ufeff]+|[\s\u200b\u2060\ufeff]+$")


def _droppable(char: str) -> bool:
    """Control characters, lone surrogates and XML non-characters.

    None of them can be typed on purpose; surrogates cannot be stored as UTF-8 and
    python-docx refuses the rest. Format characters (zero-width joiner in emoji,
    right-to-left marks in Arabic or Hebrew names) are kept.
    """
    category = unicodedata.category(char)
    return category in ("Cc", "Cs") or char in ("\ufffe", "\uffff")


# Letters that draw nothing although Unicode files them as letters or symbols: the Hangul
# fillers and the blank Braille pattern (used to fake an empty name in chat apps).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")

# Categories that put no ink on the page by themselves: separators (spaces), controls,
# format characters (zero-width space, joiners, word joiner, byte-order mark, direction
# marks), surrogates, unassigned code points, and combining marks with no letter to sit on.
_INVISIBLE_CATEGORIES = frozenset(("Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Cn", "Mn", "Mc", "Me"))


def has_visible(value: str) -> bool:
    """Whether ``value`` holds at least one character that shows on screen or paper.

    Spaces, zero-width characters (U+200B–U+200D, U+2060, U+FEFF), other format and
    control characters and combining marks standing alone show nothing: a title made only
    of them would list as a blank line nobody can find or click.
    """
    return any(
        unicodedata.category(char) not in _INVISIBLE_CATEGORIES and char not in _BLANK_LETTERS
        for char in value
    )


def clean_line(value: str) -> str:
    """Text for a one-line field: no control characters, breaks become spaces, trimmed of
    spaces and zero-width characters at either end."""
    out = []
    for char in value.replace("\r\n", "\n"):
        if char in _SPACE_LIKE:
            out.append(" ")
        elif not _droppable(char):
            out.append(char)
    return _EDGES.sub("", "".join(out))


def clean_text(value: str) -> str:
    """Text for a multi-line field (notes, minutes): keeps new lines and tabs only.

    Windows line ends become ``\\n``; Word's soft break and page break become ``\\n``;
    every other control character is dropped. Running it twice changes nothing.
    """
    value = value.replace("\r\n", "\n").replace("\r", "\n").translate(_LINE_BREAKS)
    return "".join(c for c in value if c in "\n\t" or not _droppable(c))


def require_text(value: str, field: str, label: str, max_len: int) -> str:
    """A required one-line value, cleaned; ``label`` reads after "Enter", e.g.
    "the person's full name"."""
    cleaned = clean_line(value)
    if not has_visible(cleaned):
        if not "".join(value.split()):  # nothing typed but spaces and line breaks
            raise ValidationError(f"Enter {label}.", field=field)
        raise ValidationError(f"Type {label}: it has no visible characters.", field=field)
    return limit_text(cleaned, field, label, max_len)


def optional_text(value: str, field: str, label: str, max_len: int) -> str:
    """An optional one-line value, cleaned; empty is allowed, and text with no visible
    character (only zero-width or format characters) counts as empty."""
    cleaned = clean_line(value)
    return limit_text(cleaned if has_visible(cleaned) else "", field, label, max_len)


def limit_text(value: str, field: str, label: str, max_len: int) -> str:
    if len(value) > max_len:
        raise ValidationError(
            f"Shorten {label} to {max_len} characters or fewer (it has {len(value)}).",
            field=field,
        )
    return value


def check_email(value: str, field: str = "email") -> str:
    """An email address, or empty. A practical check, not RFC 5322: one @, a dot in
    the domain, no spaces. Returns the cleaned address."""
    cleaned = clean_line(value)
    if not cleaned:
        return ""
    if len(cleaned) > 254 or not _EMAIL.fullmatch(cleaned):
        raise ValidationError("Enter an email address like name@kent.gov.uk.", field=field)
    return cleaned


def check_phone(value: str, field: str = "phone") -> str:
    """A phone number, or empty: digits with spaces, + ( ) - . / and an optional
    extension ("ext 1234"). Returns the cleaned number."""
    cleaned = clean_line(value)
    if not cleaned:
        return ""
    digits = len(_DIGITS.findall(cleaned))
    if len(cleaned) > 40 or not _PHONE.fullmatch(cleaned) or not 3 <= digits <= 20:
        raise ValidationError(
            "Enter a phone number using digits, spaces and + ( ) -, like 03000 416111.",
            field=field,
        )
    return cleaned


def check_date_order(start: dt.date, end: dt.date | None, field: str = "end_date") -> None:
    """An end date, where there is one, falls on or after the start date."""
    if end is not None and end < start:
        raise ValidationError("The end date must be on or after the start date.", field=field)


def check_date(value: object, field: str, label: str) -> dt.date:
    """A calendar date (a datetime counts as its day)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if not isinstance(value, dt.date):
        raise ValidationError(f"Enter {label} as a date.", field=field)
    return value


def uk_date(day: dt.date) -> str:
    """A date as people here write it: "1 September 2010", English on any desktop.

    Kept here because every service's messages name dates through it; the spelling
    lives in ``core/dates.py`` with the rest of the date formats.
    """
    return dates.uk_date(day)
