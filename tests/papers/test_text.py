"""The one sanitizer: whatever a secretary pastes, the paper can be written and reopened."""

from __future__ import annotations

import io

import docx
from hypothesis import given, settings
from hypothesis import strategies as st

from sen_desktop.papers.text import add_text, one_line, paragraphs_of, sanitize

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_word_breaks_become_new_lines() -> None:
    assert sanitize("one\x0btwo\x0cthree\r\nfour\rfive") == "one\ntwo\nthree\nfour\nfive"


def test_unwritable_characters_are_dropped() -> None:
    assert sanitize("a\x00b\x01c\x1fd\ufffee\uffff") == "abcde"
    assert sanitize("lone \ud800 surrogate") == "lone  surrogate"


def test_tabs_emoji_and_right_to_left_text_stay() -> None:
    text = "Item\tto do 👍🏽 — مرحبا بالعالم — שלום — 日本語"
    assert sanitize(text) == text


def test_one_line_and_paragraphs() -> None:
    assert one_line("  Mrs\x0bAnne \n Hale  ") == "Mrs Anne Hale"
    assert paragraphs_of("First.\n\n  Second.\x0bThird.\n\n\n") == ["First.", "Second.", "Third."]
    assert paragraphs_of("\x00\n \n") == []


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
