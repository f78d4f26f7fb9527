"""Starting a paper in the house style, and the few building blocks every paper uses.

``start_paper`` opens the template, empties its body and writes the header (authority,
classification, the draft banner on unconfirmed minutes) and the footer (reference,
version, "Page X of Y" as PAGE and NUMPAGES fields, which Word and LibreOffice fill in).
The helpers below add headings, numbered paragraphs, lettered sub-points and tables by
style name, so a replacement template restyles every paper. Numbers are Word's own list
numbering (``papers.numbering``: "29.", "29.1", "(a)"), so a paragraph inserted in Word
renumbers the rest. ``start_paper`` also gives the document the paper's own properties
(title, author, subject, date, en-GB; ``papers.package`` adds this program as the
application and drops what the template carried). Every table row is kept whole on a
page; ``columns.fit_columns`` (run when a paper is written) widens a column too narrow for
its longest word. Every string goes through ``text.sanitize``; tables are filled row by
row (docs/contributing.md).

The version printed in the footer is settled only when the paper is written (see
``output.publish``): ``set_version`` changes it in place without re-rendering.
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Length, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from sen_desktop.papers.package import (
    clean_package,
    title_in_outline,
)
from sen_desktop.papers.template import load_template
from sen_desktop.papers.text import add_text, one_line, sanitize

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from docx.text.run import Run

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
    clean_package(document, setup)
    title_in_outline(document)
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
    """Level 0: the paper's title, "Heading 1" in capitals (docs/formats.md: the outline starts
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
