"""Word's own list numbering for papers: a minute's or report section's "29.", "29.1",
"(a)" (``SECTIONS``) and lettered points "(a)", "(b)" (``POINTS``). Each list is its
own abstractNum and num (``new_list``), so it restarts where it is used and a paragraph
inserted in Word renumbers the rest; ``numbered_paragraph`` and
``numbered_section_heading`` add paragraphs Word numbers (the number is not in the text).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from sen_desktop.papers.document import (
    new_paragraph,
)
from sen_desktop.papers.package import (
    reorder_properties,
)
from sen_desktop.papers.text import add_text, one_line

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

# --- Word list numbering -----------------------------------------------------------------

#: A minute or report section: level 0 "29." (the item's heading), level 1 "29.1" (its
#: paragraphs), level 2 "(a)" (points within a paragraph).
SECTIONS: Final = "sections"
#: Lettered points, "(a)", "(b)" … (a resolution's points, a report's recommendations).
POINTS: Final = "points"
LIST_KINDS: Final = (SECTIONS, POINTS)

_TWIPS_PER_CM: Final = 567
# (format, text, left indent, hanging) per level; indents in twips match the template's
# "Heading 2" / "Para 1.1" (1.5 cm hanging) and "Sub-point (a)" (2.5 cm, 1 cm hanging).
_LEVELS: Final = {
    SECTIONS: (
        ("decimal", "%1.", 850, 850),
        ("decimal", "%1.%2", 850, 850),
        ("lowerLetter", "(%3)", 1417, 567),
    ),
    POINTS: (
        ("lowerLetter", "(%1)", 1417, 567),
        ("lowerRoman", "(%2)", 1984, 567),
    ),
}


# The next free (abstractNumId, numId) and the first w:num of each numbering part this
# module has added lists to (lists only ever grow while a paper is being built).
_NEXT_IDS: weakref.WeakKeyDictionary[Any, tuple[int, int]] = weakref.WeakKeyDictionary()
_FIRST_NUM: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class NumberedList:
    """One run of Word numbering in a paper (its own w:num): paragraphs given this list
    count on from each other; a new list restarts at its start value."""

    num_id: int
    kind: str
    start: int


def new_list(document: Document, kind: str = SECTIONS, start: int = 1) -> NumberedList:
    """A new numbered list in ``document``: ``kind`` SECTIONS (minutes and report
    sections: "29.", "29.1", "(a)") or POINTS ("(a)", "(b)" …), its first number
    ``start`` (minutes number on from the last meeting's last minute: ``start=29``).

    Each list is its own abstractNum and num, so it restarts wherever it is used and a
    paragraph inserted in Word renumbers the rest."""
    if kind not in _LEVELS:
        raise ValueError(f"list kind must be one of {LIST_KINDS}, not {kind!r}")
    if start < 0:
        raise ValueError("a list cannot start below 0")
    numbering = document.part.numbering_part.element
    known = _NEXT_IDS.get(numbering)
    if known is None:
        abstract_ids = [
            int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))
        ]
        num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
        known = (max(abstract_ids, default=-1) + 1, max(num_ids, default=0) + 1)
    abstract_id, num_id = known
    _NEXT_IDS[numbering] = (abstract_id + 1, num_id + 1)
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(abstract_id))
    _child(abstract, "w:nsid", f"{0x5E5A0000 + abstract_id:08X}")
    _child(abstract, "w:multiLevelType", "multilevel")
    for ilvl, (fmt, text, left, hanging) in enumerate(_LEVELS[kind]):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(ilvl))
        _child(lvl, "w:start", str(start if ilvl == 0 else 1))
        _child(lvl, "w:numFmt", fmt)
        _child(lvl, "w:lvlText", text)
        _child(lvl, "w:lvlJc", "left")
        p_pr = OxmlElement("w:pPr")
        tabs = OxmlElement("w:tabs")
        tab = OxmlElement("w:tab")
        tab.set(qn("w:val"), "num")
        tab.set(qn("w:pos"), str(left))
        tabs.append(tab)
        p_pr.append(tabs)
        ind = OxmlElement("w:ind")
        ind.set(qn("w:left"), str(left))
        ind.set(qn("w:hanging"), str(hanging))
        p_pr.append(ind)
        lvl.append(p_pr)
        abstract.append(lvl)
    first_num = _FIRST_NUM.get(numbering)
    if first_num is None:
        first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    _child(num, "w:abstractNumId", str(abstract_id))
    numbering.append(num)
    _FIRST_NUM.setdefault(numbering, num)
    return NumberedList(num_id, kind, start)


def _child(parent: Any, tag: str, value: str) -> None:
    element = OxmlElement(tag)
    element.set(qn("w:val"), value)
    parent.append(element)


def number_paragraph(para: Paragraph, numbers: NumberedList, level: int = 0) -> Paragraph:
    """Give ``para`` Word's number from ``numbers`` at ``level`` (w:numPr)."""
    if not 0 <= level < len(_LEVELS[numbers.kind]):
        raise ValueError(f"a {numbers.kind} list has levels 0 to {len(_LEVELS[numbers.kind]) - 1}")
    p_pr = para._p.get_or_add_pPr()
    for old in p_pr.findall(qn("w:numPr")):
        p_pr.remove(old)
    num_pr = OxmlElement("w:numPr")
    _child(num_pr, "w:ilvl", str(level))
    _child(num_pr, "w:numId", str(numbers.num_id))
    p_pr.append(num_pr)
    if len(p_pr) > 2 or p_pr[0].tag != qn("w:pStyle"):  # a fresh paragraph needs no sorting
        reorder_properties(p_pr)
    return para


def numbered_paragraph(
    document: Document | _Cell,
    text: str,
    numbers: NumberedList,
    level: int = 1,
    style: str | None = None,
    *,
    bold: bool = False,
) -> Paragraph:
    """A paragraph numbered by Word: level 1 of a SECTIONS list reads "29.1<tab>text"
    ("Para 1.1"), level 2 "(a)<tab>text" ("Sub-point (a)"); level 0 of a POINTS list
    "(a)<tab>text". The number is not in the text: Word draws it."""
    if style is None:
        deep = numbers.kind == POINTS or level >= 2
        style = "Sub-point (a)" if deep else "Para 1.1"
    para = new_paragraph(document, style)
    number_paragraph(para, numbers, level)
    if text:
        add_text(para, text, bold=bold)
    return para


def numbered_section_heading(
    document: Document, text: str, numbers: NumberedList, level: int = 1
) -> Paragraph:
    """A minute's or section's heading numbered by Word ("29.<tab>Apologies"), in
    "Heading <level>" so it is in the outline; level 0 of ``numbers``."""
    if not 1 <= level <= 3:
        raise ValueError("heading level must be 1 to 3")
    para = new_paragraph(document, f"Heading {level}")
    number_paragraph(para, numbers, 0)
    add_text(para, one_line(text))
    return para
