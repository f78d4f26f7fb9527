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
    has_visible,
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


# --- the visible-character rule ---------------------------------------------------------

INVISIBLE = (
    " \u00a0\u2003\u3000"  # spaces
    "\u200b\u200c\u200d\u2060\ufeff"  # zero-width space, non-joiner, joiner, word joiner, BOM
    "\u00ad\u200e\u200f\u202a\u202e\u2066\u2069"  # soft hyphen, direction marks and isolates
    "\u0301\u0308\u20dd\u034f\ufe0f"  # combining marks, grapheme joiner, variation selector
    "\u3164\u2800"  # Hangul filler, blank Braille pattern
)


def test_a_title_of_only_zero_width_characters_is_refused_with_the_fields_name() -> None:
    with pytest.raises(ValidationError) as caught:
        require_text("\u200b\u200b\u2060\ufeff", "title", "a title", 500)
    assert caught.value.message == "Type a title: it has no visible characters."
    assert caught.value.field == "title"
    # Zero-width characters pasted at either end go; inside the text they stay.
    assert require_text("\ufeff\u200b Plan\u200bB \u2060", "title", "a title", 500) == "Plan\u200bB"


@given(st.text(alphabet=st.sampled_from(INVISIBLE), min_size=1, max_size=12))
def test_text_with_no_visible_character_is_never_accepted_as_required(text: str) -> None:
    assert not has_visible(text)
    with pytest.raises(ValidationError) as caught:
        require_text(text, "full_name", "the person's full name", 200)
    assert caught.value.field == "full_name"
    assert caught.value.message in (
        "Enter the person's full name.",
        "Type the person's full name: it has no visible characters.",
    )
    assert optional_text(text, "job_title", "the job title", 200) == ""


@given(
    st.text(alphabet=st.sampled_from(INVISIBLE), max_size=5),
    st.characters(categories=["L", "N", "P", "S"]).filter(
        lambda c: c not in "\u115f\u1160\u3164\uffa0\u2800"
    ),
    st.text(alphabet=st.sampled_from(INVISIBLE), max_size=5),
)
def test_one_visible_character_among_invisible_ones_is_enough(
    before: str, visible: str, after: str
) -> None:
    assert has_visible(before + visible + after)
    assert visible in require_text(before + visible + after, "title", "a title", 500)


def test_letters_with_combining_marks_and_emoji_sequences_are_visible() -> None:
    assert has_visible("e\u0301")
    assert has_visible("\U0001f468\u200d\U0001f469\u200d\U0001f467")
    assert has_visible("\u200fمريم")
    assert not has_visible("\u0301\u0308")
