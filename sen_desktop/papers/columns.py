"""Table columns wide enough for their longest word (``fit_columns``, run when a paper is
written): a word's width is estimated from its letters at the table's type size, and a
column too narrow for its longest word takes the width from the widest column.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from docx.oxml.ns import qn
from lxml import etree

if TYPE_CHECKING:
    from docx.document import Document

# --- pagination ------------------------------------------------------------------------

# Advance widths in thousandths of an em, erring wide: Arial's, or DejaVu Sans's where
# LibreOffice has no Arial-metric font (it is the wider), so a word is kept whole in both.
_NARROW: Final = frozenset("iljI.,;:'!|")
_SLIM: Final = frozenset("tfr-()[] /")
_WIDE: Final = frozenset("mwMW@%")
_CAPS: Final = frozenset("ABCDEFGHJKLNOPQRSTUVXYZ&")


def _word_width(word: str, size_pt: float, bold: bool) -> int:
    """The width of ``word`` in EMU at ``size_pt``, erring wide."""
    em = 0
    for char in word:
        if char in _NARROW:
            em += 300
        elif char in _SLIM:
            em += 420
        elif char in _WIDE:
            em += 1000
        elif char in _CAPS or not char.isascii():
            em += 780
        else:
            em += 640
    if bold:
        em = em * 112 // 100
    return int(em * size_pt * 12700 / 1000)


_LONGEST_WORD: Final = 24  # longer "words" are left to wrap
_CELL_MARGINS: Final = 2 * 85 * 635  # the table styles' left and right cell margins (EMU)


def fit_columns(document: Document) -> None:
    """Widen any column of a fixed-width table too narrow for its longest word (a
    reference "BESD-171", a status "In progress" breaks at its hyphen or mid-word
    otherwise), taking the width from columns with room to spare (docs/formats.md, "House
    style"). Tables with merged cells are left as they are."""
    for tbl in document.element.body.iter(qn("w:tbl")):
        grid = tbl.find(qn("w:tblGrid"))
        if grid is None:
            continue
        cols = grid.findall(qn("w:gridCol"))
        widths = [int(c.get(qn("w:w")) or 0) for c in cols]  # twips
        if not widths or not all(widths):
            continue
        if _ROWS_OF_OTHER_WIDTH(tbl, n=len(widths)):
            continue  # merged cells
        need = [_column_need(tbl, column) for column in range(1, len(widths) + 1)]
        short = [i for i, w in enumerate(widths) if need[i] > w]
        if not short:
            continue
        total = sum(widths)
        if sum(max(n, 1) for n in need) > total:
            continue  # nothing to take from: leave Word to wrap
        deficit = sum(need[i] - widths[i] for i in short)
        spare = {i: widths[i] - need[i] for i in range(len(widths)) if i not in short}
        pool = sum(spare.values())
        if pool < deficit:
            continue
        new = list(widths)
        for i in short:
            new[i] = need[i]
        # From the roomiest columns first (the Action or update text), so the other
        # short columns keep their widths.
        left = deficit
        for i in sorted(spare, key=lambda i: (-spare[i], i)):
            share = min(spare[i], left)
            new[i] -= share
            left -= share
            if not left:
                break
        w_attr, type_attr = qn("w:w"), qn("w:type")
        for column, (col, width) in enumerate(zip(cols, new, strict=True), start=1):
            if width == widths[column - 1]:
                continue
            col.set(w_attr, str(width))
            for tc_w in _CELL_WIDTHS(tbl, c=column):
                tc_w.set(w_attr, str(width))
                tc_w.set(type_attr, "dxa")


_NS: Final = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
# Each column's text, heading rows apart from body rows, and whether the body is bold
# anywhere, read by XPath in C: a 100,000-row log is measured in a blink.
_ROWS_OF_OTHER_WIDTH: Final = etree.XPath("boolean(./w:tr[count(w:tc) != $n])", namespaces=_NS)
_HEAD_TEXT: Final = etree.XPath(
    "./w:tr[w:trPr/w:tblHeader]/w:tc[$c]//w:t/text()", namespaces=_NS
)
_BODY_TEXT: Final = etree.XPath(
    "./w:tr[not(w:trPr/w:tblHeader)]/w:tc[$c]//w:t/text()", namespaces=_NS
)
_BODY_BOLD: Final = etree.XPath(
    "boolean(./w:tr[not(w:trPr/w:tblHeader)]/w:tc[$c]//w:rPr/w:b)", namespaces=_NS
)
_CELL_WIDTHS: Final = etree.XPath("./w:tr/w:tc[$c]/w:tcPr/w:tcW", namespaces=_NS)
_WIDTHS: dict[tuple[str, bool], int] = {}  # word widths measured so far (words repeat)


def _column_need(tbl: Any, column: int) -> int:
    """The width (twips) the longest unbreakable word of a column (1-based) needs, with
    the cell margins. Heading rows are measured bold; the body bold if any of it is."""
    head = _words_width(_HEAD_TEXT(tbl, c=column), True)
    body = _words_width(_BODY_TEXT(tbl, c=column), bool(_BODY_BOLD(tbl, c=column)))
    widest = max(head, body)
    return -(-(widest + _CELL_MARGINS) // 635) if widest else 0


def _words_width(texts: list[str], bold: bool) -> int:
    widest = 0
    for word in set(" ".join(texts).split()):
        if len(word) > _LONGEST_WORD:
            continue  # a long URL or unspaced script wraps wherever it must
        key = (word, bold)
        width = _WIDTHS.get(key)
        if width is None:
            if len(_WIDTHS) > 50_000:
                _WIDTHS.clear()
            width = _WIDTHS[key] = _word_width(word, 10, bold)
        widest = max(widest, width)
    return widest
