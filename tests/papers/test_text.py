"""The one sanitizer: whatever a secretary pastes, the paper can be written and reopened;
what the core accepts comes out unchanged, and what XML forbids is replaced visibly."""

from __future__ import annotations

import io

import docx
from hypothesis import given, settings
from hypothesis import strategies as st

from sen_desktop.core.validation import clean_line, clean_text
from sen_desktop.papers.document import UNRESTRICTED, PaperSetup, paragraph, start_paper, table
from sen_desktop.papers.output import docx_bytes
from sen_desktop.papers.text import REPLACEMENT, add_text, one_line, paragraphs_of, sanitize

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_word_breaks_become_new_lines() -> None:
    assert sanitize("one\x0btwo\x0cthree\r\nfour\rfive") == "one\ntwo\nthree\nfour\nfive"


def test_unwritable_characters_are_replaced_visibly() -> None:
    assert sanitize("a\x00b\x01c\x1fd\ufffee\uffff") == "a�b�c�d�e�"
    assert sanitize("lone \ud800 surrogate") == f"lone {REPLACEMENT} surrogate"


def test_tabs_emoji_and_right_to_left_text_stay() -> None:
    text = "Item\tto do 👍🏽 — مرحبا بالعالم — שלום — 日本語"
    assert sanitize(text) == text


def test_one_line_and_paragraphs() -> None:
    assert one_line("  Mrs\x0bAnne \n Hale  ") == "Mrs Anne Hale"
    assert paragraphs_of("First.\n\n  Second.\x0bThird.\n\n\n") == ["First.", "Second.", "Third."]
    assert paragraphs_of("\x00\n \n") == [REPLACEMENT]
    assert paragraphs_of("\n \n") == []


def test_add_text_writes_line_breaks_and_tabs() -> None:
    document = docx.Document()
    para = document.add_paragraph()
    add_text(para, "line one\x0bline two\tafter a tab", bold=True)
    run = para.runs[0]._r
    assert len(run.findall(f"{W_NS}br")) == 1
    assert len(run.findall(f"{W_NS}tab")) == 1
    assert para.runs[0].bold


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=()), max_size=200))
def test_any_text_can_be_written_and_reopened(text: str) -> None:
    document = docx.Document()
    add_text(document.add_paragraph(), text)
    buffer = io.BytesIO()
    document.save(buffer)
    reopened = docx.Document(io.BytesIO(buffer.getvalue()))
    written = reopened.paragraphs[-1].text
    # What comes back is the sanitized text (line breaks read back as "\n").
    assert written == sanitize(text)


_SETUP = PaperSetup("Kent County Council", UNRESTRICTED, "", "T/M1", 1, title="Property")


@settings(max_examples=40, deadline=None)
@given(
    st.text(alphabet=st.characters(exclude_categories=()), max_size=120),
    st.text(alphabet=st.characters(exclude_categories=()), max_size=40),
)
def test_text_the_core_accepts_comes_out_of_a_paper_unchanged(text: str, line: str) -> None:
    """Minutes text (clean_text) and a one-line value (clean_line) as the core stores
    them, written into a paper's paragraph and table cell and read back from the file."""
    stored, name = clean_text(text), clean_line(line)
    document = start_paper("portrait", _SETUP)
    paragraph(document, stored)
    table(document, ["Ref", "Owner"], [[name, stored]])
    reopened = docx.Document(io.BytesIO(docx_bytes(document)))
    assert reopened.paragraphs[0].text == stored
    cells = [cell.text for cell in reopened.tables[0].rows[1].cells]
    assert cells == [name, stored]


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=()), max_size=120))
def test_characters_xml_forbids_are_replaced_visibly_and_nothing_else_changes(
    text: str,
) -> None:
    document = start_paper("portrait", _SETUP)
    paragraph(document, text)
    written = docx.Document(io.BytesIO(docx_bytes(document))).paragraphs[0].text
    expected = "".join(
        REPLACEMENT if _forbidden(char) else char
        for char in text.replace("\r\n", "\n").translate(_BREAKS)
    )
    assert written == expected


_BREAKS = str.maketrans({"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\u2028": "\n", "\u2029": "\n"})


def _forbidden(char: str) -> bool:
    """Not a Char of XML 1.0 (or not encodable: a lone surrogate)."""
    code = ord(char)
    allowed = (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )
    return not allowed
