"""Build the house-style Word templates in resources/templates/ with python-docx.

Run after changing the house style:  python tools/build_templates.py
tests/papers/test_template.py checks the committed templates define every style in
sen_desktop.papers.template.TEMPLATE_STYLES and match what this tool builds.

The style (docs/formats.md, "House style"): A4, margins 2.5 cm, Arial 12 body, headings Arial
bold, numbered paragraphs "12.1<tab>text" with a hanging indent, lettered sub-points,
a small header and footer, a ruled table style and a borderless one. UK English proofing.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle, ParagraphStyle

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sen_desktop.papers.template import TEMPLATE_FILES, TEMPLATE_STYLES  # noqa: E402

if TYPE_CHECKING:
    from docx.document import Document

OUT_DIR = ROOT / "resources" / "templates"
FONT = "Arial"
BLACK = RGBColor(0, 0, 0)
INDENT = Cm(1.5)  # where numbered text starts: "12.1" sits in the hanging part
SUB_INDENT = Cm(2.5)  # where lettered text starts
LABEL_WIDTH = Cm(4.2)  # "ALSO PRESENT:" and its tab
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def _fonts(element: object) -> None:
    """Arial for every script (Latin, complex script such as Arabic, East Asian)."""
    r_pr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for name in list(fonts.attrib):
        del fonts.attrib[name]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _style(doc: Document, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> BaseStyle:
    try:
        return doc.styles[name]
    except KeyError:
        return doc.styles.add_style(name, kind)


def _para(
    doc: Document,
    name: str,
    *,
    size: float = 12,
    bold: bool = False,
    before: float = 0,
    after: float = 6,
    left: object = None,
    hanging: object = None,
    tab: object = None,
    keep: bool = False,
    caps: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    next_style: str | None = None,
) -> ParagraphStyle:
    style = _style(doc, name)
    assert isinstance(style, ParagraphStyle)
    if name != "Normal":
        style.base_style = doc.styles["Normal"]
    style.hidden = False
    style.quick_style = True
    font = style.font
    font.name = FONT
    _fonts(style.element)
    font.size = Pt(size)
    font.bold = bold
    font.italic = False
    font.color.rgb = BLACK
    font.all_caps = caps
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = 1.0
    fmt.keep_with_next = keep
    if left is not None:
        fmt.left_indent = left  # type: ignore[assignment]
    if hanging is not None:
        fmt.first_line_indent = -hanging  # type: ignore[operator]
    if tab is not None:
        fmt.tab_stops.add_tab_stop(tab)  # type: ignore[arg-type]
    if align is not None:
        fmt.alignment = align
    if next_style is not None:
        style.next_paragraph_style = doc.styles[next_style]
    return style


def _borders(style: BaseStyle, visible: bool) -> None:
    """Table borders and cell margins on a table style (python-docx has no API for it)."""
    element = style.element
    tbl_pr = element.find(qn("w:tblPr"))
    if tbl_pr is None:
        tbl_pr = OxmlElement("w:tblPr")
        element.append(tbl_pr)
    for old in list(tbl_pr):
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single" if visible else "nil")
        if visible:
            line.set(qn("w:sz"), "4")
            line.set(qn("w:space"), "0")
            line.set(qn("w:color"), "000000")
        borders.append(line)
    tbl_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for edge, width in (("top", 40), ("left", 85), ("bottom", 40), ("right", 85)):
        cell = OxmlElement(f"w:{edge}")
        cell.set(qn("w:w"), str(width if visible else (0 if edge in ("top", "bottom") else 0)))
        cell.set(qn("w:type"), "dxa")
        margins.append(cell)
    tbl_pr.append(margins)


def _defaults(doc: Document) -> None:
    """Document defaults: Arial 12, UK English, no theme fonts."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = r_pr.find(qn("w:rFonts"))
    for name in list(fonts.attrib):
        del fonts.attrib[name]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for old in r_pr.findall(qn("w:lang")):
        r_pr.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-GB")
    lang.set(qn("w:eastAsia"), "en-GB")
    lang.set(qn("w:bidi"), "ar-SA")
    r_pr.append(lang)


def build(kind: str) -> Document:
    doc = docx.Document()
    _defaults(doc)
    section = doc.sections[0]
    if kind == "landscape":
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for edge in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, edge, Cm(2.5))
    section.header_distance = Cm(1.25)
    section.footer_distance = Cm(1.25)

    _para(doc, "Normal", after=6)
    _para(
        doc, "Paper Title", size=12, bold=True, after=12, keep=True, caps=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _para(doc, "Heading 1", size=12, bold=True, before=12, after=6, keep=True)
    _para(
        doc, "Heading 2", size=12, bold=True, before=12, after=6, keep=True,
        left=INDENT, hanging=INDENT, tab=INDENT,
    )
    _para(doc, "Heading 3", size=12, bold=True, before=6, after=6, keep=True, left=INDENT)
    _para(doc, "Para 1.1", after=6, left=INDENT, hanging=INDENT, tab=INDENT)
    _para(doc, "Para Indent", after=6, left=INDENT)
    _para(
        doc, "Sub-point (a)", after=6, left=SUB_INDENT, hanging=SUB_INDENT - INDENT,
        tab=SUB_INDENT,
    )
    _para(doc, "Attendance", after=6, left=LABEL_WIDTH, hanging=LABEL_WIDTH, tab=LABEL_WIDTH)
    _para(doc, "Paper Header", size=9, after=0)
    _para(doc, "Paper Footer", size=9, after=0)
    _para(doc, "Table Text", size=10, after=0)
    _para(doc, "Table Heading", size=10, bold=True, after=0, keep=True)
    for name, visible in (("Paper Table", True), ("Plain Table", False)):
        style = _style(doc, name, WD_STYLE_TYPE.TABLE)
        style.base_style = None
        style.hidden = False
        _borders(style, visible)

    # Headings lead into body text.
    for name in ("Heading 1", "Heading 2", "Heading 3", "Paper Title"):
        style = doc.styles[name]
        assert isinstance(style, ParagraphStyle)
        style.next_paragraph_style = doc.styles["Normal"]

    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    props = doc.core_properties
    props.title = ""
    props.author = ""
    props.last_modified_by = ""
    props.comments = ""
    props.keywords = ""
    props.revision = 1
    core = props._element
    for tag in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
        for old in core.findall(qn(tag)):
            core.remove(old)
    missing = [n for n, t in TEMPLATE_STYLES.items() if n not in [s.name for s in doc.styles
                                                                   if s.type == t]]
    assert not missing, missing
    return doc


def template_bytes(kind: str) -> bytes:
    """The template as .docx bytes, the same bytes every run (fixed zip timestamps)."""
    plain = io.BytesIO()
    build(kind).save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(
        out, "w", compression=zipfile.ZIP_DEFLATED
    ) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item))
    return out.getvalue()


def main() -> int:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for kind, name in TEMPLATE_FILES.items():
        data = template_bytes(kind)
        (OUT_DIR / name).write_bytes(data)
        print(f"{OUT_DIR / name}: {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
