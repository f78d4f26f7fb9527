"""The programme's settings a secretary may change: the authority's name, the districts
a recommendation can name, and the wording that confirms the previous meeting's minutes.

They live where the seeded programme settings live, as ``ProgrammeSetting`` rows (JSON
values under stable ids, ``core/programme/seed.py``), so a change is an operation like any other
and reaches every laptop with the next exchange. Each is checked here before anything
is written, and all three are written in one transaction: a refusal names its field
(``ValidationError.field``) and changes nothing.

Settings that belong to one laptop (who uses it, its templates and backup folders) are
in ``core/programme/laptop_settings.py``: a folder on one laptop means nothing on another.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from sen_desktop.core.dates import long_date
from sen_desktop.core.errors import ValidationError
from sen_desktop.core.programme.data import DISTRICTS, SETTINGS
from sen_desktop.core.programme.service import setting_row, store_setting
from sen_desktop.core.validation import clean_line, clean_text, require_text

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from sqlalchemy.orm import Session, sessionmaker

AUTHORITY_KEY: Final = "authority_name"
DISTRICTS_KEY: Final = "districts"
CONFIRMING_KEY: Final = "confirming_minutes_wording"

#: What stands for the previous meeting's date in the confirming wording.
DATE_PLACEHOLDER: Final = "{date}"
#: The wording the County's minutes use (meeting_records.previous_minutes_resolution).
DEFAULT_CONFIRMING_WORDING: Final = (
    "RESOLVED that the minutes of the meeting held on {date} are correctly recorded and "
    "that they be signed by the Chair."
)
DEFAULT_AUTHORITY: Final = str(dict(SETTINGS)[AUTHORITY_KEY])

MAX_AUTHORITY: Final = 120
MAX_DISTRICT: Final = 80
MAX_DISTRICTS: Final = 100
MAX_WORDING: Final = 500


@dataclass(frozen=True)
class ProgrammeSettings:
    authority_name: str  # "Kent County Council": heads every paper
    districts: tuple[str, ...]  # the areas a recommendation can name, in the order shown
    confirming_wording: str  # with DATE_PLACEHOLDER where the meeting's date goes

    def confirming_resolution(self, previous: dt.date) -> str:
        return confirming_resolution(self.confirming_wording, previous)


# --- checks (pure: the dialog's messages and the command line's read the same) ----------


def check_authority_name(value: object) -> str:
    if not isinstance(value, str):
        raise ValidationError("Enter the authority's name as text.", field=AUTHORITY_KEY)
    return require_text(
        value, AUTHORITY_KEY, "the authority's name, like “Kent County Council”", MAX_AUTHORITY
    )


def check_districts(value: str | Iterable[str]) -> tuple[str, ...]:
    """The districts, one a line (or a list): blank lines dropped, each named once."""
    lines = clean_text(value).split("\n") if isinstance(value, str) else list(value)
    districts: list[str] = []
    seen: dict[str, str] = {}
    for raw in lines:
        if not isinstance(raw, str):
            raise ValidationError("Enter each district as text.", field=DISTRICTS_KEY)
        name = clean_line(raw)
        if not name:
            continue
        if len(name) > MAX_DISTRICT:
            raise ValidationError(
                f"Shorten the district “{name[:30]}…” to {MAX_DISTRICT} characters or fewer.",
                field=DISTRICTS_KEY,
            )
        folded = name.casefold()
        if folded in seen:
            raise ValidationError(
                f"“{name}” is listed twice; keep one line for each district.",
                field=DISTRICTS_KEY,
            )
        seen[folded] = name
        districts.append(name)
    if not districts:
        raise ValidationError(
            "Enter at least one district, one a line.", field=DISTRICTS_KEY
        )
    if len(districts) > MAX_DISTRICTS:
        raise ValidationError(
            f"List at most {MAX_DISTRICTS} districts (there are {len(districts)}).",
            field=DISTRICTS_KEY,
        )
    return tuple(districts)


def check_confirming_wording(value: object) -> str:
    """One line with {date} once, where the previous meeting's date goes."""
    if not isinstance(value, str):
        raise ValidationError("Enter the wording as text.", field=CONFIRMING_KEY)
    wording = " ".join(clean_line(value).split())
    if not wording:
        raise ValidationError(
            "Enter the wording that confirms the previous minutes, with {date} where the "
            "meeting's date goes.",
            field=CONFIRMING_KEY,
        )
    if len(wording) > MAX_WORDING:
        raise ValidationError(
            f"Shorten the wording to {MAX_WORDING} characters or fewer (it has "
            f"{len(wording)}).",
            field=CONFIRMING_KEY,
        )
    count = wording.count(DATE_PLACEHOLDER)
    if count != 1:
        where = "Put" if count == 0 else "Keep only one"
        raise ValidationError(
            f"{where} {{date}} in the wording where the previous meeting's date goes.",
            field=CONFIRMING_KEY,
        )
    if "{" in wording.replace(DATE_PLACEHOLDER, "") or "}" in wording.replace(
        DATE_PLACEHOLDER, ""
    ):
        raise ValidationError(
            "Only {date} can go in braces; remove the other { or }.", field=CONFIRMING_KEY
        )
    return wording


def confirming_resolution(wording: str, previous: dt.date) -> str:
    """The wording with the previous meeting's date: "… held on Tuesday 14 September
    2010 are correctly recorded …"."""
    return wording.replace(DATE_PLACEHOLDER, long_date(previous))


def confirming_pattern(wording: str) -> re.Pattern[str]:
    """Matches a resolution written from ``wording`` for any date, so the item that
    carries it automatically can recognise its own text after the wording changes."""
    before, _, after = wording.partition(DATE_PLACEHOLDER)
    return re.compile(re.escape(before) + r".+" + re.escape(after))


# --- the service -----------------------------------------------------------------------


class SettingsService:
    """Read and change the programme settings shown in Edit ▸ Settings…."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory

    def programme(self) -> ProgrammeSettings:
        with self._sf() as s:
            return read_programme_settings(s)

    def save_programme(
        self,
        authority_name: str,
        districts: str | Iterable[str],
        confirming_wording: str,
    ) -> ProgrammeSettings:
        """Check all three, then store them in one transaction (an unchanged value
        writes no operation)."""
        settings = ProgrammeSettings(
            authority_name=check_authority_name(authority_name),
            districts=check_districts(districts),
            confirming_wording=check_confirming_wording(confirming_wording),
        )
        with self._sf.begin() as s:
            store_setting(s, AUTHORITY_KEY, settings.authority_name)
            store_setting(s, DISTRICTS_KEY, list(settings.districts))
            store_setting(s, CONFIRMING_KEY, settings.confirming_wording)
        return settings


def read_programme_settings(s: Session) -> ProgrammeSettings:
    """The settings in an open session; a missing or malformed value reads as its
    default (a value from a newer version must not stop the window opening)."""
    authority = _load(s, AUTHORITY_KEY)
    districts = _load(s, DISTRICTS_KEY)
    wording = _load(s, CONFIRMING_KEY)
    if not (isinstance(districts, list) and districts
            and all(isinstance(d, str) for d in districts)):
        districts = list(DISTRICTS)
    if not (isinstance(wording, str) and wording.count(DATE_PLACEHOLDER) == 1):
        wording = DEFAULT_CONFIRMING_WORDING
    return ProgrammeSettings(
        authority_name=authority if isinstance(authority, str) and authority.strip()
        else DEFAULT_AUTHORITY,
        districts=tuple(districts),
        confirming_wording=wording,
    )


def confirming_wording(s: Session) -> str:
    """The confirming-minutes wording in force, read in an open session."""
    return read_programme_settings(s).confirming_wording


def _load(s: Session, key: str) -> Any:
    row = setting_row(s, key)
    if row is None:
        return None
    try:
        return json.loads(row.value)
    except ValueError:
        return None
