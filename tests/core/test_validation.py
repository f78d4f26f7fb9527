"""The small checks every form shares: cleaned text, emails, phones, dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.validation import (
    check_date,
    check_date_order,
    check_email,
    check_phone,
    clean_line,
    clean_text,
    optional_text,
    require_text,
    uk_date,
)

C0 = {chr(c) for c in range(0x20)} | {"\x7f"}


def test_require_text_trims_and_names_the_field() -> None:
    assert require_text("  Jane Smith \n", "full_name", "the person's full name", 200) == (
        "Jane Smith"
    )
    with pytest.raises(ValidationError) as caught:
        require_text(" \t\x0b ", "full_name", "the person's full name", 200)
    assert caught.value.message == "Enter the person's full name."
    assert caught.value.field == "full_name"


def test_require_text_refuses_too_long() -> None:
    with pytest.raises(ValidationError) as caught:
        require_text("x" * 201, "full_name", "the person's full name", 200)
    assert caught.value.field == "full_name"
    assert "200 characters" in caught.value.message
    assert optional_text("", "job_title", "the job title", 200) == ""


def test_clean_line_keeps_emoji_and_right_to_left_text() -> None:
    # Family emoji is joined by zero-width joiners; the Arabic name carries a
    # right-to-left mark. Both must survive untouched.
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    arabic = "\u200fمريم أحمد"
    assert clean_line(f"{family} {arabic}") == f"{family} {arabic}"
    assert clean_line("Zoë Ñúñez-O'Brien") == "Zoë Ñúñez-O'Brien"


def test_clean_line_turns_breaks_into_spaces_and_drops_other_controls() -> None:
    assert clean_line("Head of\tSpecial\r\nSchool\x0bx\x00\x07\x1b") == ("Head of Special School x")
    assert clean_line("bad \ud800 surrogate") == "bad  surrogate"


def test_clean_text_converts_word_breaks() -> None:
    assert clean_text("one\x0btwo\x0cthree\r\nfour\rfive") == "one\ntwo\nthree\nfour\nfive"
    assert clean_text("tab\tkept\x00\x08\x1f\x7f") == "tab\tkept"


@given(st.text())
def test_clean_text_leaves_no_control_but_newline_and_tab(value: str) -> None:
    cleaned = clean_text(value)
    assert not (set(cleaned) & (C0 - {"\n", "\t"}))
    assert clean_text(cleaned) == cleaned


@given(st.text())
def test_clean_line_is_single_line_and_idempotent(value: str) -> None:
    cleaned = clean_line(value)
    assert not (set(cleaned) & C0)
    assert clean_line(cleaned) == cleaned


@pytest.mark.parametrize(
    "good",
    ["jane.smith@kent.gov.uk", "j+sen@school.kent.sch.uk", "  padded@example.org ", ""],
)
def test_check_email_accepts(good: str) -> None:
    assert check_email(good) == good.strip()


@pytest.mark.parametrize(
    "bad",
    [
        "jane",
        "jane@",
        "@kent.gov.uk",
        "jane@kent",
        "jane smith@kent.gov.uk",
        "a@@b.com",
        "jane@kent..gov.uk",
        "jane@.kent.gov.uk",
        "jane@kent.gov.uk.",
    ],
)
def test_check_email_refuses(bad: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_email(bad)
    assert caught.value.message == "Enter an email address like name@kent.gov.uk."
    assert caught.value.field == "email"


@pytest.mark.parametrize(
    "good", ["03000 416111", "+44 (0)1622 694000", "01622-694000 ext 1234", "07700 900123", ""]
)
def test_check_phone_accepts(good: str) -> None:
    assert check_phone(good) == good


@pytest.mark.parametrize("bad", ["call me", "12", "0300 abc", "1" * 25])
def test_check_phone_refuses(bad: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_phone(bad)
    assert caught.value.field == "phone"
    assert "phone number" in caught.value.message


def test_check_date_order() -> None:
    start = dt.date(2010, 9, 1)
    check_date_order(start, None)
    check_date_order(start, start)
    with pytest.raises(ValidationError) as caught:
        check_date_order(start, dt.date(2010, 8, 31))
    assert caught.value.message == "The end date must be on or after the start date."
    assert caught.value.field == "end_date"


def test_check_date() -> None:
    assert check_date(dt.datetime(2010, 9, 1, 10, 30), "start_date", "the start date") == (
        dt.date(2010, 9, 1)
    )
    with pytest.raises(ValidationError) as caught:
        check_date("2010-09-01", "start_date", "the start date")
    assert caught.value.field == "start_date"


def test_uk_date() -> None:
    assert uk_date(dt.date(2010, 9, 1)) == "1 September 2010"
    assert uk_date(dt.date(2011, 3, 31)) == "31 March 2011"
