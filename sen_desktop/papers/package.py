"""A paper's own package: its document properties (this program as the application,
the authority as the company), what the template carried that a paper does not (the
thumbnail, stylesWithEffects, the bibliography), the title at outline level 1 so the
navigation pane lists it, and paragraph properties kept in the schema's order.
``document.start_paper`` calls ``clean_package`` and ``title_in_outline``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from sen_desktop.papers.text import one_line

# --- document properties --------------------------------------------------------------
if TYPE_CHECKING:
    from docx.document import Document

    from sen_desktop.papers.document import PaperSetup

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


def clean_package(document: Document, setup: PaperSetup) -> None:
    """The paper's own properties, nothing left over from a template (docs/formats.md, "House
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


def title_in_outline(document: Document) -> None:
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
        reorder_properties(p_pr)


# The order CT_PPrBase's children must take (the schema's sequence).
_PPR_ORDER: Final = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap",
    "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
    "cnfStyle", "rPr", "sectPr", "pPrChange",
)


def reorder_properties(p_pr: Any) -> None:
    rank = {qn(f"w:{name}"): index for index, name in enumerate(_PPR_ORDER)}
    children = sorted(p_pr, key=lambda child: rank.get(child.tag, len(rank)))
    for child in children:
        p_pr.append(child)
