"""Dates and times as people here type and read them: the one module for both directions.

Reading: ``parse_date`` takes what a secretary types into a date box ("14/01/2027",
"14/1/27", "14 Jan 2027", "Thursday 14 January 2027", "2027-01-14", "today") and
``parse_time`` what goes into a time box ("14:30", "2.30 pm", "2.30pm", "12 noon").
Anything else raises ``ValidationError`` with one sentence saying what to type.

Writing: every date or time the window or a paper shows goes through the functions
below ("Thursday 14 January 2027", "14 January 2027", "14 Jan 2027", "2.30 pm"). Month
and day names are spelt out here rather than taken from ``strftime`` or ``QLocale``:
both follow the desktop's language (Qt sets the process locale from it), and the
County's papers and screens are in English (UK) on any laptop (docs/formats.md,
"House style", dates and times).

Day-first always: "03/04/2027" is 3 April. Years run from 1900 to 2100; a two-digit
year is the one within fifty years of today ("27" is 2027, "98" is 1998 in 2026), and
a day and month alone ("14/01") the one nearest today.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from sen_desktop.core.errors import ValidationError

MONTHS: Final = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
WEEKDAYS: Final = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)

FIRST_YEAR: Final = 1900
LAST_YEAR: Final = 2100

#: What a date box shows as its hint, and what the messages suggest.
DATE_EXAMPLE: Final = "14/01/2027"
TIME_EXAMPLE: Final = "14:30 or 2.30 pm"
MONTH_EXAMPLE: Final = "September 2010"

# "sept" is how the Action Plan writes September; every month also by its first three.
_MONTH_NUMBERS: Final = {
    **{name.lower(): n for n, name in enumerate(MONTHS, start=1)},
    **{name[:3].lower(): n for n, name in enumerate(MONTHS, start=1)},
    "sept": 9,
}
_WEEKDAY_NUMBERS: Final = {
    **{name.lower(): n for n, name in enumerate(WEEKDAYS)},
    **{name[:3].lower(): n for n, name in enumerate(WEEKDAYS)},
    "tues": 1, "wed": 2, "weds": 2, "thur": 3, "thurs": 3,
}
_RELATIVE: Final = {"today": 0, "tomorrow": 1, "yesterday": -1}

_SEP = r"\s*[/.\-]\s*|\s+"
_NUMERIC: Final = re.compile(rf"(\d{{1,2}})(?:{_SEP})(\d{{1,2}})(?:(?:{_SEP})(\d{{2}}|\d{{4}}))?")
_ISO: Final = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"
# "14 Jan 2027", "14th January, 2027", "14-Jan-27", "14 Jan"
_DAY_MONTH: Final = re.compile(
    rf"{_ORDINAL}(?:\s+of)?[\s\-/]*([a-z]+)\.?(?:[\s,\-/]+(\d{{2}}|\d{{4}}))?"
)
# "January 14, 2027", "Jan 14th 2027"
_MONTH_DAY: Final = re.compile(rf"([a-z]+)\.?\s+{_ORDINAL}(?:,?\s+(\d{{2}}|\d{{4}}))?")
_LEADING_WEEKDAY: Final = re.compile(r"([a-z]+)\.?,?\s+(?=\d|[a-z]+\.?\s+\d)")

# "September 2010", "Sept 10", "09/2010", "2010-09"
_MONTH_NAMED: Final = re.compile(r"([a-z]+)\.?,?\s*(\d{2}|\d{4})")
_MONTH_NUMERIC: Final = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})")
_MONTH_ISO: Final = re.compile(r"(\d{4})-(\d{1,2})")

_TIME: Final = re.compile(
    r"(\d{1,2})(?:\s*[:.h]\s*(\d{2}))?\s*(?:(a|p)\.?\s*m\.?|(noon|midday|midnight))?"
)
_COMPACT_TIME: Final = re.compile(r"(\d{2})(\d{2})")  # "1430", as some diaries write it


_DATE_ADVICE: Final = f"type the date as day/month/year, like {DATE_EXAMPLE}."
_TIME_ADVICE: Final = f"type the time like {TIME_EXAMPLE}."


# --- reading ---------------------------------------------------------------------------


def _sentence(advice: str) -> str:
    return advice[0].upper() + advice[1:]


def _as_typed(word: str, text: str) -> str:
    """``word`` (found lower-cased) with the capitals it was typed with."""
    found = re.search(re.escape(word), text, re.IGNORECASE)
    return found.group(0) if found is not None else word


def parse_date(text: str, today: dt.date | None = None, field: str = "date") -> dt.date:
    """The date ``text`` names, day first; ``today`` settles "today", a missing year
    (this year) and a two-digit year. Raises ``ValidationError`` (for ``field``)."""
    today = today or dt.date.today()
    cleaned = " ".join(text.replace("\u00a0", " ").split()).lower().strip(" .,")
    if not cleaned:
        raise ValidationError(f"Enter a date, like {DATE_EXAMPLE}.", field=field)
    if cleaned in _RELATIVE:
        return today + dt.timedelta(days=_RELATIVE[cleaned])
    weekday: int | None = None
    named = _LEADING_WEEKDAY.match(cleaned)
    if named is not None and named.group(1) in _WEEKDAY_NUMBERS:
        weekday = _WEEKDAY_NUMBERS[named.group(1)]
        cleaned = cleaned[named.end():]
    day_text, month_number, year_text = _pieces(cleaned, text, field)
    if year_text is None:
        day = _nearest(int(day_text), month_number, today, field)
    else:
        day = _day_in(int(day_text), month_number, _year(year_text, today, field), field)
    if weekday is not None and day.weekday() != weekday:
        raise ValidationError(
            f"{uk_date(day)} is a {WEEKDAYS[day.weekday()]}, not a {WEEKDAYS[weekday]}: "
            "check the day or the date.",
            field=field,
        )
    return day


def _pieces(text: str, typed: str, field: str) -> tuple[str, int, str | None]:
    """(day, month number, year or None) from a date without its weekday."""
    if match := _ISO.fullmatch(text):
        year, month, day = match.groups()
        return day, _month_number(month, field), year
    if match := _NUMERIC.fullmatch(text):
        day, month, year = match.groups()
        return day, _month_number(month, field), year
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        match = pattern.fullmatch(text)
        if match is not None:
            name = match.group(month_group)
            if name not in _MONTH_NUMBERS:
                raise ValidationError(
                    f"“{_as_typed(name, typed)}” is not a month: {_DATE_ADVICE}", field=field
                )
            return match.group(day_group), _MONTH_NUMBERS[name], match.group(3)
    raise ValidationError(_sentence(_DATE_ADVICE), field=field)


def _month_number(text: str, field: str) -> int:
    number = int(text)
    if not 1 <= number <= 12:
        raise ValidationError(f"There is no month {number}: {_DATE_ADVICE}", field=field)
    return number


def _nearest(day: int, month: int, today: dt.date, field: str) -> dt.date:
    """A day and month without a year: the one nearest today (in December, "14/01" is
    next month; in January, "14/12" is last month)."""
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return _day_in(day, month, today.year, field)  # raises: no such day in any year
    return min(candidates, key=lambda candidate: abs(candidate - today))


def _year(text: str, today: dt.date, field: str) -> int:
    year = int(text)
    if len(text) == 2:
        # The year ending in these digits that lies within fifty years of today.
        year += today.year - today.year % 100
        if year > today.year + 50:
            year -= 100
        elif year <= today.year - 50:
            year += 100
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            f"Type a year between {FIRST_YEAR} and {LAST_YEAR}, in full (like 2027).",
            field=field,
        )
    return year


def _day_in(day: int, month: int, year: int, field: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        last = days_in_month(year, month)
        raise ValidationError(
            f"{MONTHS[month - 1]} {year} has {last} days: check the day.", field=field
        ) from None


def days_in_month(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def parse_month(text: str, today: dt.date | None = None, field: str = "month") -> dt.date:
    """The first day of the month ``text`` names: "September 2010", "Sept 10", "09/2010",
    "2010-09", or any date ``parse_date`` reads (its month). Raises ``ValidationError``."""
    today = today or dt.date.today()
    advice = f"type the month like {MONTH_EXAMPLE} or 09/2010."
    cleaned = " ".join(text.replace("\u00a0", " ").split()).lower().strip(" .,")
    if not cleaned:
        raise ValidationError(f"Enter a month, like {MONTH_EXAMPLE}.", field=field)
    month_text: str | None = None
    if match := _MONTH_NAMED.fullmatch(cleaned):
        if match.group(1) not in _MONTH_NUMBERS:
            raise ValidationError(
                f"“{_as_typed(match.group(1), text)}” is not a month: {advice}", field=field
            )
        month, year = _MONTH_NUMBERS[match.group(1)], match.group(2)
    elif match := _MONTH_NUMERIC.fullmatch(cleaned):
        month_text, year = match.group(1), match.group(2)
    elif match := _MONTH_ISO.fullmatch(cleaned):
        month_text, year = match.group(2), match.group(1)
    else:
        try:
            return parse_date(cleaned, today, field).replace(day=1)
        except ValidationError:
            raise ValidationError(_sentence(advice), field=field) from None
    if month_text is not None:
        month = int(month_text)
        if not 1 <= month <= 12:
            raise ValidationError(f"There is no month {month}: {advice}", field=field)
    return dt.date(_year(year, today, field), month, 1)


def parse_time(text: str, field: str = "time") -> dt.time:
    """The time of day ``text`` names: 24-hour ("14:30", "14.30", "1430", "9") or
    12-hour with am/pm ("2.30 pm", "2.30pm", "2pm", "12 noon", "midnight").
    Raises ``ValidationError`` (for ``field``)."""
    cleaned = " ".join(text.replace("\u00a0", " ").split()).lower()
    if not cleaned:
        raise ValidationError(f"Enter a time, like {TIME_EXAMPLE}.", field=field)
    if cleaned in ("noon", "midday"):
        return dt.time(12, 0)
    if cleaned == "midnight":
        return dt.time(0, 0)
    if match := _COMPACT_TIME.fullmatch(cleaned):
        hour, minute, half, word = int(match.group(1)), int(match.group(2)), None, None
    elif match := _TIME.fullmatch(cleaned):
        hour = int(match.group(1))
        minute = int(match.group(2) or 0)
        half, word = match.group(3), match.group(4)
    else:
        raise ValidationError(_sentence(_TIME_ADVICE), field=field)
    if minute > 59:
        raise ValidationError(f"The minutes run from 00 to 59: {_TIME_ADVICE}", field=field)
    if word is not None:
        if hour != 12 or minute != 0 or half is not None:
            raise ValidationError(f"Noon and midnight are 12.00: {_TIME_ADVICE}", field=field)
        return dt.time(0 if word == "midnight" else 12, minute)
    if half is not None:
        if not 1 <= hour <= 12:
            raise ValidationError(
                f"With am or pm, hours run from 1 to 12: type {hour}:{minute:02d} "
                "without am or pm.",
                field=field,
            )
        hour = hour % 12 + (12 if half == "p" else 0)
    elif hour > 23:
        raise ValidationError(
            f"Hours run from 0 to 23: {_TIME_ADVICE}",
            field=field,
        )
    return dt.time(hour, minute)


# --- writing ---------------------------------------------------------------------------


def uk_date(day: dt.date) -> str:
    """ "14 January 2027"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def long_date(day: dt.date) -> str:
    """ "Thursday 14 January 2027": a meeting's date, in the window and the papers."""
    return f"{WEEKDAYS[day.weekday()]} {uk_date(day)}"


def short_date(day: dt.date) -> str:
    """ "14 Jan 2027": table cells and lists."""
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def month_year(day: dt.date) -> str:
    """ "January 2027"."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def numeric_date(day: dt.date) -> str:
    """ "14/01/2027": what a date box shows, and reads back as the same day."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def time_text(moment: dt.time) -> str:
    """ "2.00 pm", "10.30 am", "12.00 noon": the County's committee style (docs/formats.md)."""
    if moment.hour == 12 and moment.minute == 0:
        return "12.00 noon"
    hour = moment.hour % 12 or 12
    return f"{hour}.{moment.minute:02d} {'am' if moment.hour < 12 else 'pm'}"


def numeric_time(moment: dt.time) -> str:
    """ "14:30": the 24-hour clock."""
    return f"{moment.hour:02d}:{moment.minute:02d}"
