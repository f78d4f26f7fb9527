"""Starting a paper in the house style, and the few building blocks every paper uses.

``start_paper`` opens the template, empties its body and writes the header (authority,
classification, the draft banner on unconfirmed minutes) and the footer (reference,
version, "Page X of Y" as PAGE and NUMPAGES fields, which Word and LibreOffice fill in).
The helpers below add headings, numbered paragraphs, lettered sub-points and tables by
style name, so a replacement template restyles every paper. Numbers are Word's own list
numbering (``new_list`` / ``numbered_paragraph`` / ``numbered_section_heading``: "29.",
"29.1", "(a)"), so a paragraph inserted in Word renumbers the rest. ``start_paper`` also
gives the document the paper's own properties (title, author, subject, date, en-GB, this
program as the application) and drops what the template carried (thumbnail,
stylesWithEffects, bibliography). Every table row is kept whole on a page; ``fit_columns``
(run when a paper is written) widens a column too narrow for its longest word. Every
string goes through ``text.sanitize``; tables are filled row by row (STYLE.md rule 8).

The version printed in the footer is settled only when the paper is written (see
``output.publish``): ``set_version`` changes it in place without re-rendering.
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Length, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from sen_desktop.papers.template import load_template
from sen_desktop.papers.text import add_text, one_line, sanitize

UNRESTRICTED: Final = "UNRESTRICTED"
RESTRICTED: Final = "RESTRICTED — not for publication"
DRAFT_BANNER: Final = "UNCONFIRMED — subject to approval at the next meeting"
FOOTER_SEPARATOR: Final = " · "

_VERSION_TEXT = re.compile(r"version \d+")


@dataclass(frozen=True)
class PaperSetup:
    """What the header and footer of a paper say."""

    authority: str  # the programme setting authority_name: "Kent County Council"
    classification: str  # UNRESTRICTED or RESTRICTED
    classification_reason: str  # why restricted ("" when unrestricted)
    reference: str  # "BESD/M12" (see papers/__init__.py for the schemes)
    version: int
    draft_banner: str | None = None  # DRAFT_BANNER on unconfirmed minutes
    title: str = ""  # the document's title in its properties (File > Info in Word)
    date: dt.date | None = None  # the paper's date: created/modified in its properties


@dataclass(frozen=True)
class CellText:
    """A table cell's value with emphasis: bold text and/or a fill colour ("FF0000")."""

    text: str
    bold: bool = False
    fill: str | None = None


CellValue = str | CellText

# The runs holding "version N" in each paper's own footer, so publish() can settle the
# version after rendering without touching any footer a pack copied in from another paper.
# Style ids by style name, per document part: python-docx looks a style name up by
# scanning every style on every paragraph, which dominates the time of a long paper.
_STYLE_IDS: weakref.WeakKeyDictionary[object, dict[str, str]] = weakref.WeakKeyDictionary()

# Keyed by the document's part: Document itself is not hashable.
_VERSION_RUNS: weakref.WeakKeyDictionary[object, list[Run]] = weakref.WeakKeyDictionary()


def classification_for(confidential: bool) -> str:
    return RESTRICTED if confidential else UNRESTRICTED


# --- starting a paper ----------------------------------------------------------------


def start_paper(kind: str, setup: PaperSetup, data_dir: Path | None = None) -> Document:
    """An empty paper from the ``kind`` template ("portrait" or "landscape") with its
    header and footer written. Raises template.TemplateError for a bad replacement."""
    document = load_template(kind, data_dir)
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    props = document.core_properties
    props.title = one_line(setup.title)[:250]
    props.author = one_line(setup.authority)[:250]
    # Only dc: properties here. docxcompose, once imported (for packs), rebinds
    # python-docx's global "cp" prefix to another namespace, so setting a cp: property
    # (lastModifiedBy, revision …) would write different bytes in a process that has
    # built a pack, and every paper's version would rise for nothing.
    props.subject = one_line(setup.reference)[:250]
    props.language = "en-GB"
    if setup.date is not None:
        stamp = dt.datetime.combine(setup.date, dt.time(0, 0))
        props.created = stamp
        props.modified = stamp
    _clean_package(document, setup)
    _title_in_outline(document)
    runs: list[Run] = []
    for section in document.sections:
        section.different_first_page_header_footer = False
        _write_header(section.header._element, section.header, setup, _text_width(section))
        runs.append(_write_footer(section.footer, setup))
    _VERSION_RUNS[document.part] = runs
    return document


def _text_width(section: object) -> Length:
    width = getattr(section, "page_width", None) or Emu(0)
    left = getattr(section, "left_margin", None) or Emu(0)
    right = getattr(section, "right_margin", None) or Emu(0)
    return Emu(max(int(width) - int(left) - int(right), 0))


def _clear(container_element: object) -> None:
    element = container_element
    for child in list(element):  # type: ignore[call-overload]
        if child.tag in (qn("w:p"), qn("w:tbl"), qn("w:sdt")):
            element.remove(child)  # type: ignore[attr-defined]


def _write_header(element: object, header: object, setup: PaperSetup, width: Length) -> None:
    from docx.section import _Header

    assert isinstance(header, _Header)
    header.is_linked_to_previous = False
    _clear(element)
    first = header.add_paragraph(style="Paper Header")
    if int(width):
        first.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    add_text(first, one_line(setup.authority))
    add_text(first, "\t" + one_line(setup.classification), bold=True)
    if setup.classification_reason:
        reason = header.add_paragraph(style="Paper Header")
        reason.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        add_text(reason, one_line(setup.classification_reason), italic=True)
    if setup.draft_banner:
        banner = header.add_paragraph(style="Paper Header")
        banner.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_text(banner, one_line(setup.draft_banner), bold=True)


def _write_footer(footer: object, setup: PaperSetup) -> Run:
    from docx.section import _Footer

    assert isinstance(footer, _Footer)
    footer.is_linked_to_previous = False
    _clear(footer._element)
    line = footer.add_paragraph(style="Paper Footer")
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if setup.reference:
        add_text(line, one_line(setup.reference) + FOOTER_SEPARATOR)
    version = add_text(line, f"version {setup.version}")
    add_text(line, FOOTER_SEPARATOR + "Page ")
    add_field(line, "PAGE", "1")
    add_text(line, " of ")
    add_field(line, "NUMPAGES", "1")
    return version


def set_version(document: Document, version: int) -> None:
    """Print ``version`` in the footer start_paper wrote (nothing else changes)."""
    for run in _VERSION_RUNS.get(document.part, []):
        run.text = _VERSION_TEXT.sub(f"version {version}", run.text)


def add_field(
    paragraph: Paragraph, instruction: str, placeholder: str = "", *, dirty: bool = False
) -> None:
    """A Word field (PAGE, NUMPAGES, PAGEREF …) as begin/instruction/separate/result/end
    runs: the form Word, LibreOffice and docxcompose all understand. ``dirty`` marks its
    result stale for Word to update on opening; PAGE and NUMPAGES need no mark (Word lays
    headers and footers out afresh), and a mark may make Word ask to update fields."""

    def fld_char(kind: str) -> None:
        run = paragraph.add_run()
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        if kind == "begin" and dirty:
            char.set(qn("w:dirty"), "true")
        run._r.append(char)

    fld_char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    fld_char("separate")
    paragraph.add_run(placeholder)
    fld_char("end")


# --- document properties --------------------------------------------------------------

_THUMBNAIL: Final = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
_EXTENDED: Final = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
)
#: Parts Word's and python-docx's default template carry that a paper has no use for:
#: Word 2010's duplicate of styles.xml, and the bibliography sources (customXml).
_DROPPED_PARTS: Final = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",
)


def application_name() -> str:
    """ "SEN Secretariat 0.1.0": the application named in every paper's properties."""
    from sen_desktop import __version__

    return f"SEN Secretariat {__version__}"


def _xml_text(text: str) -> str:
    return (
        one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    )


def _clean_package(document: Document, setup: PaperSetup) -> None:
    """The paper's own properties, nothing left over from a template (FORMATS.md, "House
    style"): no thumbnail, no stylesWithEffects or bibliography part, app.xml naming this
    program and the authority (no page or word counts, which only Word can know), and
    en-GB as the theme's language."""
    from docx.opc.part import Part

    package = document.part.package
    for rels in (package.rels, document.part.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype == _THUMBNAIL or rel.reltype in _DROPPED_PARTS:
                rels.pop(r_id)
                rels._target_parts_by_rId.pop(r_id, None)
    app = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        '2006/docPropsVTypes">'
        f"<Application>{_xml_text(application_name())}</Application>"
        "<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        f"<Company>{_xml_text(setup.authority)}</Company>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
    ).encode()
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == _EXTENDED:  # a template's own, whatever it said
            package.rels.pop(r_id)
            package.rels._target_parts_by_rId.pop(r_id, None)
    from docx.opc.constants import CONTENT_TYPE
    from docx.opc.packuri import PackURI

    part = Part(
        PackURI("/docProps/app.xml"), CONTENT_TYPE.OFC_EXTENDED_PROPERTIES, app, package
    )
    package.relate_to(part, _EXTENDED)
    settings = document.settings.element
    for lang in settings.findall(qn("w:themeFontLang")):
        lang.set(qn("w:val"), "en-GB")
        lang.attrib.pop(qn("w:eastAsia"), None)


def _title_in_outline(document: Document) -> None:
    """ "Paper Title" is the paper's top heading (outline level 1), so Word's navigation
    pane and a screen reader's headings list start with it, and a pack shows each paper."""
    try:
        element = document.styles["Paper Title"].element
    except KeyError:
        return
    p_pr = element.get_or_add_pPr()
    if p_pr.find(qn("w:outlineLvl")) is None:
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), "0")
        p_pr.append(level)
        _reorder(p_pr)


# The order CT_PPrBase's children must take (the schema's sequence).
_PPR_ORDER: Final = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap",
    "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
    "cnfStyle", "rPr", "sectPr", "pPrChange",
)


def _reorder(p_pr: Any) -> None:
    rank = {qn(f"w:{name}"): index for index, name in enumerate(_PPR_ORDER)}
    children = sorted(p_pr, key=lambda child: rank.get(child.tag, len(rank)))
    for child in children:
        p_pr.append(child)


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
    if len(p_pr) > 2 or p_pr[0].tag != _P_STYLE:  # a fresh paragraph needs no sorting
        _reorder(p_pr)
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
    otherwise), taking the width from columns with room to spare (FORMATS.md, "House
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


# --- building blocks -------------------------------------------------------------------


def style_id(owner: Document | _Cell | Paragraph, name: str) -> str:
    """The id of the style called ``name`` in ``owner``'s document (looked up once)."""
    part: Any = owner.part
    ids = _STYLE_IDS.setdefault(part, {})
    found = ids.get(name)
    if found is None:
        style = part.styles[name]
        found = ids[name] = str(style.style_id)
    return found


def new_paragraph(container: Document | _Cell, style: str = "Normal") -> Paragraph:
    """An empty paragraph in ``style`` at the end of ``container`` (fast: built as XML
    directly, the style's id looked up once per document; python-docx's setters search
    the paragraph's properties for where each child goes, a third of a paper's time)."""
    p = OxmlElement("w:p")
    _set_style(p, style_id(container, style))
    if isinstance(container, Document):
        body = container.element.body
        last = body[-1] if len(body) else None
        if last is not None and last.tag == _SECT_PR:
            last.addprevious(p)
        else:
            body.append(p)
        return Paragraph(p, container._body)
    container._tc.append(p)
    return Paragraph(p, container)


_SECT_PR: Final = qn("w:sectPr")
_P_PR: Final = qn("w:pPr")
_P_STYLE: Final = qn("w:pStyle")
_VAL: Final = qn("w:val")


def _set_style(p: Any, style: str) -> None:
    """Give the w:p element ``p`` the paragraph style ``style`` (an id)."""
    p_pr = p.find(_P_PR)
    if p_pr is None:
        p_pr = OxmlElement("w:pPr")
        p.insert(0, p_pr)
    p_style = p_pr.find(_P_STYLE)
    if p_style is None:
        p_style = OxmlElement("w:pStyle")
        p_pr.insert(0, p_style)
    p_style.set(_VAL, style)


def paragraph(
    document: Document | _Cell,
    text: str = "",
    style: str = "Normal",
    *,
    bold: bool = False,
    italic: bool = False,
) -> Paragraph:
    """A paragraph of ``text`` in ``style`` ("\\n" in the text: line breaks)."""
    para = new_paragraph(document, style)
    if text:
        add_text(para, text, bold=bold, italic=italic)
    return para


def heading(document: Document, text: str, level: int = 1) -> Paragraph:
    """Level 0: the paper's title, "Heading 1" in capitals (FORMATS.md: the outline starts
    with Heading 1 for the paper's title, so Word's navigation pane, a screen reader and
    any checker see it); 1–3: "Heading 1" … "Heading 3". Headings are kept to one line: a
    pasted line break becomes a space."""
    if not 0 <= level <= 3:
        raise ValueError("heading level must be 0 to 3")
    para = new_paragraph(document, f"Heading {max(level, 1)}")
    add_text(para, one_line(text))
    if level == 0:
        title_look(para)
    return para


def title_look(para: Paragraph) -> None:
    """A title paragraph in "Heading 1" keeps the look "Paper Title" gave it: centred
    capitals, with room below and none above."""
    for run in para.runs:
        run.font.all_caps = True
    fmt = para.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(12)


def numbered_heading(document: Document, number: str, text: str) -> Paragraph:
    """A numbered item's heading, "12.<tab>Apologies and Substitutes" ("Heading 2")."""
    para = new_paragraph(document, "Heading 2")
    add_text(para, f"{one_line(number)}\t{one_line(text)}")
    return para


def numbered(document: Document, number: str, text: str) -> Paragraph:
    """A numbered paragraph, "12.1<tab>text" ("Para 1.1", hanging indent)."""
    para = new_paragraph(document, "Para 1.1")
    add_text(para, f"{sanitize(number)}\t{text}")
    return para


def indented(document: Document, text: str = "", *, bold: bool = False) -> Paragraph:
    """Unnumbered text lined up with numbered text ("Para Indent")."""
    return paragraph(document, text, "Para Indent", bold=bold)


def sub_point(document: Document, label: str, text: str) -> Paragraph:
    """A lettered point, "(a)<tab>text" ("Sub-point (a)")."""
    para = new_paragraph(document, "Sub-point (a)")
    add_text(para, f"{sanitize(label)}\t{text}")
    return para


def labelled(document: Document, label: str, text: str) -> Paragraph:
    """ "PRESENT:<tab>names" with the label bold, text hanging at the tab ("Attendance")."""
    para = new_paragraph(document, "Attendance")
    add_text(para, sanitize(label), bold=True)
    add_text(para, "\t" + text)
    return para


def page_break(document: Document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def keep_with_next(para: Paragraph) -> Paragraph:
    """Keep ``para`` on the page of the paragraph after it (a heading with its text)."""
    p_pr = para._p.get_or_add_pPr()
    if p_pr.find(qn("w:keepNext")) is None:
        p_pr.insert(1 if len(p_pr) and p_pr[0].tag == _P_STYLE else 0, OxmlElement("w:keepNext"))
    return para


def shade(cell: _Cell, fill: str) -> None:
    """Fill a table cell with a colour ("FF0000", no #)."""
    tc_pr = cell._tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(old)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill.lstrip("#").upper())
    tc_pr.append(shading)


def set_cell(cell: _Cell, value: CellValue, style: str = "Table Text") -> None:
    """Write ``value`` into an empty cell's first paragraph."""
    text = value.text if isinstance(value, CellText) else value
    p = cell._tc.find(qn("w:p"))
    if p is None:
        p = OxmlElement("w:p")
        cell._tc.append(p)
    _set_style(p, style_id(cell, style))
    para = Paragraph(p, cell)
    if text:
        add_text(para, text, bold=isinstance(value, CellText) and value.bold)
    if isinstance(value, CellText) and value.fill:
        shade(cell, value.fill)


def table(
    document: Document,
    headers: Sequence[str],
    rows: Sequence[Sequence[CellValue]] = (),
    widths: Sequence[Length] | None = None,
    style: str = "Paper Table",
) -> Table:
    """A table with a bold heading row (repeated on each page) and ``rows`` filled row by
    row. ``widths`` fixes the column widths (else equal shares of the text width). Add
    more rows with ``add_row``."""
    count = len(headers)
    tbl: Table = document.add_table(rows=1 if headers else 0, cols=count)
    tbl.style = style
    tbl.alignment = WD_TABLE_ALIGNMENT.LEFT
    tbl.autofit = False
    if widths is None:
        section = document.sections[-1]
        share = int(_text_width(section)) // max(count, 1)
        widths = [Emu(share)] * count
    for col, width in zip(tbl._tbl.tblGrid.gridCol_lst, widths, strict=False):
        col.w = width
    if headers:
        head = tbl.rows[0]
        _repeat_header(head._tr)
        for cell, text, width in zip(head.cells, headers, widths, strict=False):
            cell.width = width
            set_cell(cell, CellText(text, bold=True), "Table Heading")
    for values in rows:
        add_row(tbl, values)
    return tbl


def add_row(tbl: Table, values: Sequence[CellValue]) -> list[_Cell]:
    """Append one row (``add_row().cells``: linear, where cell-by-cell access of a
    growing table is quadratic) and return its cells for shading or more text."""
    element = tbl._tbl
    tr = OxmlElement("w:tr")
    tr_pr = OxmlElement("w:trPr")
    tr_pr.append(OxmlElement("w:cantSplit"))  # a row never splits across pages
    tr.append(tr_pr)
    cells: list[_Cell] = []
    # Built as XML directly (python-docx's add_row and cell setters search each element
    # for where a child goes); the same elements python-docx writes.
    for grid_col in element.tblGrid.findall(qn("w:gridCol")):
        tc = OxmlElement("w:tc")
        tc_pr = OxmlElement("w:tcPr")
        width = grid_col.get(qn("w:w"))
        if width is not None:
            tc_w = OxmlElement("w:tcW")
            tc_w.set(qn("w:w"), width)
            tc_w.set(qn("w:type"), "dxa")
            tc_pr.append(tc_w)
        tc.append(tc_pr)
        tc.append(OxmlElement("w:p"))
        tr.append(tc)
        cells.append(_Cell(tc, tbl))
    element.append(tr)
    for cell, value in zip(cells, values, strict=False):
        set_cell(cell, value)
    return cells


def _repeat_header(tr: object) -> None:
    tr_pr = tr.get_or_add_trPr()  # type: ignore[attr-defined]
    tr_pr.append(OxmlElement("w:cantSplit"))  # schema order: cantSplit before tblHeader
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


# --- references (the schemes are described in papers/__init__.py) ----------------------

_SLUG = re.compile(r"[^A-Za-z0-9]+")


def minutes_reference(group_code: str, meeting_number: int) -> str:
    """ "BESD/M12": the minutes of the group's 12th meeting."""
    return f"{one_line(group_code)}/M{meeting_number}"


def action_log_reference(group_code: str | None) -> str:
    """ "BESD/AL" for one group's action log; "ALL/AL" for every group's."""
    return f"{one_line(group_code) if group_code else 'ALL'}/AL"


def recommendation_reference(recommendation_reference: str) -> str:
    """ "BESD-R3/P": the decision report on recommendation BESD-R3."""
    return f"{one_line(recommendation_reference)}/P"


def pack_reference(title: str) -> str:
    """ "PACK/SMT-PAPERS-6-OCTOBER-2010": a pack is known by its title."""
    slug = _SLUG.sub("-", sanitize(title)).strip("-").upper()[:60].rstrip("-")
    return f"PACK/{slug or 'UNTITLED'}"
