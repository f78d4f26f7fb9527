"""Dates and times as typed and as shown: core/dates.py."""

from __future__ import annotations

import datetime as dt
import locale

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sen_desktop.core import dates, validation
from sen_desktop.core.actions import wording as actions
from sen_desktop.core.dates import (
    long_date,
    month_year,
    numeric_date,
    numeric_time,
    parse_date,
    parse_month,
    parse_time,
    short_date,
    time_text,
    uk_date,
)
from sen_desktop.core.errors import ValidationError
from sen_desktop.core.meetings import records as meeting_records

TODAY = dt.date(2026, 12, 7)
ALL_DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
ALL_TIMES = st.times().map(lambda t: t.replace(second=0, microsecond=0))


# --- reading dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "14/01/2027",
        "14/1/2027",
        "14/1/27",
        "14-01-2027",
        "14.01.2027",
        "14 01 2027",
        " 14 / 01 / 2027 ",
        "14 Jan 2027",
        "14 jan 27",
        "14 January 2027",
        "14th January 2027",
        "14th of January, 2027",
        "14-Jan-2027",
        "14 Jan. 2027",
        "January 14, 2027",
        "Jan 14th 2027",
        "Thursday 14 January 2027",
        "Thu 14 Jan 2027",
        "thurs, 14/01/2027",
        "2027-01-14",
        "14/01",
        "14 Jan",
    ],
)
def test_the_ways_a_date_is_typed(typed: str) -> None:
    assert parse_date(typed, TODAY) == dt.date(2027, 1, 14)


def test_day_first_always() -> None:
    assert parse_date("03/04/2027", TODAY) == dt.date(2027, 4, 3)
    assert parse_date("12/11/10", TODAY) == dt.date(2010, 11, 12)


def test_words_for_today_and_its_neighbours() -> None:
    assert parse_date("today", TODAY) == TODAY
    assert parse_date("Tomorrow", TODAY) == dt.date(2026, 12, 8)
    assert parse_date("yesterday", TODAY) == dt.date(2026, 12, 6)


def test_a_two_digit_year_is_within_fifty_years_of_today() -> None:
    assert parse_date("1/3/10", TODAY) == dt.date(2010, 3, 1)
    assert parse_date("1/3/76", TODAY) == dt.date(2076, 3, 1)
    assert parse_date("1/3/77", TODAY) == dt.date(1977, 3, 1)
    assert parse_date("1/3/98", TODAY) == dt.date(1998, 3, 1)
    assert parse_date("1/3/27", dt.date(1990, 6, 1)) == dt.date(2027, 3, 1)


def test_a_date_without_its_year_is_the_one_nearest_today() -> None:
    assert parse_date("14/01", TODAY) == dt.date(2027, 1, 14)  # next month
    assert parse_date("1/12", TODAY) == dt.date(2026, 12, 1)  # last week
    assert parse_date("14/01", dt.date(2027, 1, 20)) == dt.date(2027, 1, 14)
    assert parse_date("29/02", dt.date(2027, 6, 1)) == dt.date(2028, 2, 29)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter a date, like 14/01/2027."),
        ("   ", "Enter a date, like 14/01/2027."),
        ("next week", "Type the date as day/month/year, like 14/01/2027."),
        ("14012027", "Type the date as day/month/year, like 14/01/2027."),
        ("14/01/202", "Type the date as day/month/year, like 14/01/2027."),
        ("31/02/2027", "February 2027 has 28 days: check the day."),
        ("29/02/2028x", "Type the date as day/month/year, like 14/01/2027."),
        ("31/04/2027", "April 2027 has 30 days: check the day."),
        ("0/01/2027", "January 2027 has 31 days: check the day."),
        ("14/13/2027", "There is no month 13: type the date as day/month/year, like 14/01/2027."),
        ("14/01/0027", "Type a year between 1900 and 2100, in full (like 2027)."),
        ("14/01/2101", "Type a year between 1900 and 2100, in full (like 2027)."),
        ("14 Janvier 2027", "“Janvier” is not a month: type the date as day/month/year, "
                            "like 14/01/2027."),
        ("Friday 14 January 2027",
         "14 January 2027 is a Thursday, not a Friday: check the day or the date."),
    ],
)
def test_a_date_that_cannot_be_read_says_what_to_type(typed: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_date(typed, TODAY, field="due_date")
    assert caught.value.message == message
    assert caught.value.field == "due_date"


def test_29_february_only_in_a_leap_year() -> None:
    assert parse_date("29/02/2028", TODAY) == dt.date(2028, 2, 29)
    assert parse_date("29/02/2000", TODAY) == dt.date(2000, 2, 29)
    with pytest.raises(ValidationError, match="February 2100 has 28 days"):
        parse_date("29/02/2100", TODAY)


@given(ALL_DATES)
def test_every_written_form_reads_back_as_the_same_day(day: dt.date) -> None:
    for write in (numeric_date, long_date, uk_date, short_date):
        assert parse_date(write(day), TODAY) == day, write.__name__


@given(ALL_DATES, st.sampled_from(["/", "-", ".", " "]), st.booleans(), st.booleans())
def test_typed_numbers_with_any_separator_and_padding(
    day: dt.date, sep: str, pad_day: bool, pad_month: bool
) -> None:
    text = sep.join(
        (f"{day.day:02d}" if pad_day else str(day.day),
         f"{day.month:02d}" if pad_month else str(day.month),
         str(day.year))
    )
    assert parse_date(text, TODAY) == day


@given(st.dates(min_value=dt.date(1977, 1, 1), max_value=dt.date(2076, 12, 31)))
def test_two_digit_years_read_back_within_the_window(day: dt.date) -> None:
    assert parse_date(f"{day.day}/{day.month}/{day.year % 100:02d}", TODAY) == day


@given(st.text(max_size=30))
def test_any_text_gives_a_date_or_one_sentence(text: str) -> None:
    try:
        day = parse_date(text, TODAY)
    except ValidationError as error:
        assert error.message.endswith(".") and "\n" not in error.message
    else:
        assert dt.date(1900, 1, 1) <= day <= dt.date(2100, 12, 31)


# --- reading months (the Action Plan's periods) -----------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["September 2010", "Sept 2010", "sep 10", "Sep. 2010", "09/2010", "9/10", "9-2010",
     "2010-09", "14/09/2010", "Monday 13 September 2010"],
)
def test_the_ways_a_month_is_typed(typed: str) -> None:
    assert parse_month(typed, TODAY) == dt.date(2010, 9, 1)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter a month, like September 2010."),
        ("Septembre 2010", "“Septembre” is not a month: type the month like September 2010 "
                           "or 09/2010."),
        ("13/2010", "There is no month 13: type the month like September 2010 or 09/2010."),
        ("autumn", "Type the month like September 2010 or 09/2010."),
        ("Sep 2101", "Type a year between 1900 and 2100, in full (like 2027)."),
    ],
)
def test_a_month_that_cannot_be_read_says_what_to_type(typed: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_month(typed, TODAY, field="period_start")
    assert caught.value.message == message
    assert caught.value.field == "period_start"


@given(ALL_DATES)
def test_every_written_month_reads_back(day: dt.date) -> None:
    assert parse_month(month_year(day), TODAY) == day.replace(day=1)


# --- reading times ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("14:30", dt.time(14, 30)),
        ("14.30", dt.time(14, 30)),
        ("1430", dt.time(14, 30)),
        ("2.30 pm", dt.time(14, 30)),
        ("2.30pm", dt.time(14, 30)),
        ("2:30 PM", dt.time(14, 30)),
        ("2.30 p.m.", dt.time(14, 30)),
        ("2pm", dt.time(14, 0)),
        ("10 am", dt.time(10, 0)),
        ("9", dt.time(9, 0)),
        ("09:05", dt.time(9, 5)),
        ("0:00", dt.time(0, 0)),
        ("12.00 noon", dt.time(12, 0)),
        ("12 noon", dt.time(12, 0)),
        ("noon", dt.time(12, 0)),
        ("midday", dt.time(12, 0)),
        ("midnight", dt.time(0, 0)),
        ("12 pm", dt.time(12, 0)),
        ("12.30 am", dt.time(0, 30)),
        ("23:59", dt.time(23, 59)),
    ],
)
def test_the_ways_a_time_is_typed(typed: str, expected: dt.time) -> None:
    assert parse_time(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter a time, like 14:30 or 2.30 pm."),
        ("half two", "Type the time like 14:30 or 2.30 pm."),
        ("24:00", "Hours run from 0 to 23: type the time like 14:30 or 2.30 pm."),
        ("14:60", "The minutes run from 00 to 59: type the time like 14:30 or 2.30 pm."),
        ("13.00 pm", "With am or pm, hours run from 1 to 12: type 13:00 without am or pm."),
        ("0 am", "With am or pm, hours run from 1 to 12: type 0:00 without am or pm."),
        ("12.30 noon", "Noon and midnight are 12.00: type the time like 14:30 or 2.30 pm."),
        ("2.3 pm", "Type the time like 14:30 or 2.30 pm."),
    ],
)
def test_a_time_that_cannot_be_read_says_what_to_type(typed: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_time(typed, field="start_time")
    assert caught.value.message == message
    assert caught.value.field == "start_time"


@given(ALL_TIMES)
def test_every_written_time_reads_back(moment: dt.time) -> None:
    assert parse_time(time_text(moment)) == moment
    assert parse_time(numeric_time(moment)) == moment


# --- writing ---------------------------------------------------------------------------


def test_the_written_forms() -> None:
    day = dt.date(2027, 1, 14)
    assert long_date(day) == "Thursday 14 January 2027"
    assert uk_date(day) == "14 January 2027"
    assert short_date(dt.date(2010, 9, 8)) == "8 Sep 2010"
    assert month_year(day) == "January 2027"
    assert numeric_date(dt.date(1900, 3, 1)) == "01/03/1900"
    assert time_text(dt.time(14, 0)) == "2.00 pm"
    assert time_text(dt.time(10, 30)) == "10.30 am"
    assert time_text(dt.time(12, 0)) == "12.00 noon"
    assert time_text(dt.time(0, 0)) == "12.00 am"
    assert time_text(dt.time(12, 5)) == "12.05 pm"
    assert numeric_time(dt.time(9, 5)) == "09:05"


def test_validation_names_dates_through_the_same_spelling() -> None:
    assert validation.uk_date(dt.date(2010, 9, 1)) == dates.uk_date(dt.date(2010, 9, 1))


def test_the_names_are_english_whatever_the_process_locale() -> None:
    """Qt sets the C library's locale from the desktop; strftime would then say "März"."""
    before = locale.setlocale(locale.LC_TIME)
    german = next(
        (name for name in ("de_DE.UTF-8", "de_DE.utf8", "de_DE") if _try_locale(name)), None
    )
    try:
        day = dt.date(2010, 3, 1)
        assert long_date(day) == "Monday 1 March 2010"
        assert short_date(day) == "1 Mar 2010"
        if german is not None:  # the locale is installed: show that strftime would differ
            assert day.strftime("%B") == "März"
    finally:
        locale.setlocale(locale.LC_TIME, before)


def _try_locale(name: str) -> bool:
    try:
        locale.setlocale(locale.LC_TIME, name)
    except locale.Error:
        return False
    return True


@given(ALL_DATES, ALL_TIMES)
def test_the_papers_and_the_window_write_dates_alike(day: dt.date, moment: dt.time) -> None:
    """Papers reach dates through meeting_records and actions; they say what dates.py says."""
    assert meeting_records.weekday_date(day) == long_date(day)
    assert meeting_records.time_text(moment) == time_text(moment)
    assert actions.short_date(day) == short_date(day)
    assert validation.uk_date(day) == uk_date(day)
