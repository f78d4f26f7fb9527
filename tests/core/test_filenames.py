"""Suggested file names every desktop accepts: Windows, macOS and Linux."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sen_desktop.core.filenames import MAX_NAME_BYTES, is_device_name, safe_file_name

FORBIDDEN = set('<>:"/\\|?*') | {chr(c) for c in range(0x20)} | {"\x7f"}
RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{p}{d}" for p in ("COM", "LPT") for d in "123456789\u00b9\u00b2\u00b3"
}


def _check(name: str, ending: str) -> None:
    """Every rule a name must keep on the three systems."""
    assert name.endswith(ending)
    stem = name[: len(name) - len(ending)]
    assert stem, "a name always has a title"
    assert len(unicodedata.normalize("NFD", name).encode("utf-8")) <= MAX_NAME_BYTES
    assert not FORBIDDEN & set(name)
    assert stem == stem.strip(" .-")
    assert name == name.rstrip(" .")
    assert stem.partition(".")[0].rstrip(" ").upper() not in RESERVED
    assert unicodedata.normalize("NFC", name) == name


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("con", "con_.docx"),
        ("nul", "nul_.docx"),
        ("COM1", "COM1_.docx"),
        ("Lpt9", "Lpt9_.docx"),
        ("aux.minutes", "aux_.minutes.docx"),
        ("PRN   ", "PRN_.docx"),
        ("CONSULTATION", "CONSULTATION.docx"),
        ("COM10", "COM10.docx"),
        ('BESD: "what next?" <draft> a/b\\c|d*', "BESD- -what next- -draft- a-b-c-d.docx"),
        ("Trailing dots... ", "Trailing dots.docx"),
        ("..hidden", "hidden.docx"),
        ("tab\tand\nnew line", "tab and new line.docx"),
        ("\u200b\u200b\u2060", "minutes.docx"),
        ("  . . ", "minutes.docx"),
        ("ASD-R2 recommendation paper", "ASD-R2 recommendation paper.docx"),
    ],
)
def test_names_windows_would_refuse_or_misread_are_made_safe(title: str, expected: str) -> None:
    assert safe_file_name(title, ".docx", "minutes") == expected


def test_the_ending_is_kept_whole_and_the_default_names_the_paper_kind() -> None:
    assert safe_file_name("CON", " (confidential).docx") == "CON_ (confidential).docx"
    assert safe_file_name("", " (confidential).docx", "action log") == (
        "action log (confidential).docx"
    )
    assert safe_file_name("???") == "paper.docx"


def test_a_long_chinese_title_is_cut_between_characters_keeping_the_extension() -> None:
    name = safe_file_name("特殊教育需要战略" * 40)
    assert name.endswith(".docx")
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
    assert len(name.encode("utf-8")) > MAX_NAME_BYTES - 4  # as much of the title as fits
    assert set(name[:-5]) <= set("特殊教育需要战略")


def test_a_long_emoji_title_never_keeps_half_an_emoji() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    flag = "\U0001f1ec\U0001f1e7"
    thumbs = "\U0001f44d\U0001f3fd"
    for unit in (family, flag, thumbs, "e\u0301"):
        for lead in range(4):
            name = safe_file_name("x" * lead + unit * 200)
            stem = name[:-5][lead:]
            unit = unicodedata.normalize("NFC", unit)  # names are written composed
            assert stem and stem == unit * (len(stem) // len(unit)), (unit, lead)
            assert len(unicodedata.normalize("NFD", name).encode()) <= MAX_NAME_BYTES


def test_decomposed_length_counts_for_macos() -> None:
    # Hangul syllables take 3 bytes composed and 6 or 9 decomposed.
    name = safe_file_name("한국어" * 100)
    assert len(unicodedata.normalize("NFD", name).encode()) <= MAX_NAME_BYTES


ENDINGS = st.sampled_from([".docx", " (confidential).docx", ".sencert", ".pdf"])


@given(st.text(max_size=400), ENDINGS, st.sampled_from(["minutes", "paper", "action log"]))
def test_any_title_gives_a_name_every_system_accepts(title: str, ending: str, kind: str) -> None:
    name = safe_file_name(title, ending, kind)
    _check(name, ending)
    # Suggesting a name for the name's own title changes nothing.
    assert safe_file_name(name[: len(name) - len(ending)], ending, kind) == name


@given(
    st.sampled_from(sorted(RESERVED)),
    st.lists(st.booleans(), min_size=7, max_size=7),
    st.sampled_from(["", ".docx", ".tar.gz", ".v2", "   "]),
)
def test_device_names_in_any_case_with_any_extension_are_never_suggested(
    device: str, upper: list[bool], extra: str
) -> None:
    mixed = "".join(c.upper() if u else c.lower() for c, u in zip(device, upper, strict=False))
    name = safe_file_name(mixed + extra)
    _check(name, ".docx")
    assert name.upper().startswith(mixed.upper() + "_")


@given(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 ()',&-]{0,60}[A-Za-z0-9)]", fullmatch=True))
def test_an_ordinary_title_is_left_as_typed(title: str) -> None:
    if " ".join(title.split()) == title and title.partition(".")[0].upper() not in RESERVED:
        assert safe_file_name(title) == title + ".docx"


def test_device_names_are_recognised_in_any_case_and_with_any_extension() -> None:
    assert all(is_device_name(n) for n in ("con.docx", "NUL", "Com1.tar.gz", "lpt9 .docx"))
    assert not any(is_device_name(n) for n in ("console.docx", "COM10.docx", "minutes.docx"))
