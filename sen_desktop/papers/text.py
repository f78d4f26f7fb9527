"""The one sanitizer every string passes on its way into a Word paper.

Text in the store comes from typing and pasting (Outlook and Word paste carry ``\\x0b``
soft breaks, ``\\x0c`` page breaks and now and then a NUL). WordprocessingML is XML 1.0:
C0 control characters other than tab, line feed and carriage return, lone surrogates and
U+FFFE/U+FFFF cannot be written at all (lxml refuses them and python-docx raises), so a
paper built from unsanitized text fails half way. ``sanitize`` keeps what a reader sees:
line breaks become ``"\\n"`` (which ``add_text`` writes as Word line breaks) and tabs stay;
everything unwritable is replaced by ``REPLACEMENT`` (U+FFFD, "�"), so a reader sees that
something was there (the core's ``clean_text`` has already dropped them from what it
stores; these come from elsewhere). Emoji and right-to-left script are ordinary characters
and stay exactly as typed. ``sanitize`` and ``one_line`` themselves are in
``papers/plain.py``, which loads no python-docx.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from docx.oxml import OxmlElement
from docx.text.run import Run

# The pure part lives in papers/plain.py (no python-docx); it is offered here too, as
# every generator reads its text helpers from this module.
from sen_desktop.papers.plain import REPLACEMENT as REPLACEMENT
from sen_desktop.papers.plain import one_line as one_line
from sen_desktop.papers.plain import sanitize as sanitize

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph

_BREAKS: Final = re.compile("([\t\n])")
_XML_SPACE: Final = "{http://www.w3.org/XML/1998/namespace}space"


def add_text(
    paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False
) -> Run:
    """Append ``text`` to ``paragraph`` as one run, after ``sanitize``; a ``"\\n"`` becomes
    a Word line break (``<w:br/>``) and a tab a ``<w:tab/>``. Returns the run."""
    r = OxmlElement("w:r")
    # Element by element, in schema order (rPr first): Run.text walks the text a
    # character at a time and python-docx's setters search the run for where each
    # child goes, which is slow for a long paper.
    if bold or italic:
        r_pr = OxmlElement("w:rPr")
        if bold:
            r_pr.append(OxmlElement("w:b"))
        if italic:
            r_pr.append(OxmlElement("w:i"))
        r.append(r_pr)
    for piece in _BREAKS.split(sanitize(text)):
        if piece == "\n":
            r.append(OxmlElement("w:br"))
        elif piece == "\t":
            r.append(OxmlElement("w:tab"))
        elif piece:
            t = OxmlElement("w:t")
            t.text = piece
            if piece[0].isspace() or piece[-1].isspace():
                t.set(_XML_SPACE, "preserve")
            r.append(t)
    paragraph._p.append(r)
    return Run(r, paragraph)


def paragraphs_of(text: str) -> list[str]:
    """A minute's text as the paragraphs a paper numbers: split on line breaks (a blank
    line or a single new line both end a paragraph), blank lines dropped, each stripped."""
    return [line.strip() for line in sanitize(text).split("\n") if line.strip()]
