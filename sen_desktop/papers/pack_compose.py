"""A pack's own pages and how its papers are put together (docs/formats.md "Pack").

``compose`` starts the pack from the portrait template with the pack's header and
footer, writes the cover (the body, the meeting date, "Papers for the meeting of …")
and the contents table (item, title, paper reference, version, page: PAGEREF fields
Word fills in on opening, or ``pack_pages.number_contents`` lays out), then appends each
paper's body with docxcompose's ``Composer`` (styles mapped by name, numbering, images,
bookmarks renumbered).

docxcompose keeps only the first document's header and footer (4teamwork/docxcompose#67),
so each paper is closed with a section break of its own here: its section properties
(page size and orientation — the action log stays landscape — margins) with copies of
its header and footer parts. Nothing restarts the page numbering, so each footer's PAGE
and NUMPAGES fields count through the pack.
"""

from __future__ import annotations

from copy import deepcopy
from typing import TYPE_CHECKING, Any, Final

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docxcompose.composer import Composer
from lxml import etree

from sen_desktop.core.meetings.records import weekday_date
from sen_desktop.papers.document import (
    CellText,
    PaperSetup,
    add_field,
    add_row,
    classification_for,
    heading,
    keep_with_next,
    pack_reference,
    paragraph,
    start_paper,
    table,
)
from sen_desktop.papers.text import one_line

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence
    from pathlib import Path

    from docx.document import Document

    from sen_desktop.papers.pack import PackPaper

CONTENTS_HEADINGS: Final = ("Item", "Title", "Paper reference", "Version", "Page")
_CONTENTS_WIDTHS: Final = (Cm(1.2), Cm(8.3), Cm(3.3), Cm(1.8), Cm(1.4))

# settings.xml children that come after w:updateFields in the schema's sequence.
_AFTER_UPDATE_FIELDS: Final = (
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
)


def cover_sentence(body: str, meeting_date: dt.date | None) -> str:
    """ "Papers for the meeting of the Senior Management Team on Wednesday 6 October 2010"."""
    name = one_line(body)
    text = "Papers for the meeting"
    if name:
        text += f" of {name if name.casefold().startswith('the ') else 'the ' + name}"
    if meeting_date is not None:
        text += f" on {weekday_date(meeting_date)}"
    return text + "."


def _cover(
    doc: Document,
    title: str,
    body: str,
    meeting_date: dt.date | None,
    authority: str,
    confidential: bool,
    any_withheld: bool,
) -> None:
    lines = [paragraph(doc, one_line(authority), bold=True), heading(doc, title, 0)]
    lines[0].paragraph_format.space_before = Pt(144)
    lines[1].paragraph_format.space_before = Pt(24)
    if one_line(body):
        lines.append(heading(doc, body, 1))
    if meeting_date is not None:
        lines.append(paragraph(doc, weekday_date(meeting_date), bold=True))
    sentence = paragraph(doc, cover_sentence(body, meeting_date))
    sentence.paragraph_format.space_before = Pt(24)
    lines.append(sentence)
    if confidential:
        lines.append(
            paragraph(
                doc,
                "CONFIDENTIAL VERSION: not for publication. It contains exempt information "
                "left out of the public version.",
                bold=True,
            )
        )
    elif any_withheld:
        lines.append(
            paragraph(
                doc,
                "Public version: confidential (exempt) items are left out of the papers "
                "and marked as withheld.",
                italic=True,
            )
        )
    for line in lines:
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _contents(doc: Document, papers: Sequence[PackPaper]) -> None:
    keep_with_next(heading(doc, "Contents", 1))
    grid = table(doc, list(CONTENTS_HEADINGS), widths=list(_CONTENTS_WIDTHS))
    for paper in papers:
        cells = add_row(
            grid,
            [
                str(paper.number),
                CellText(paper.contents_title),
                paper.reference,
                str(paper.version),
                "",
            ],
        )
        # Word fills the page in on opening (settings.xml updateFields); LibreOffice as
        # it lays the pack out.
        add_field(cells[4].paragraphs[0], f"PAGEREF {paper.bookmark} \\h", "", dirty=True)


def _update_fields_on_open(doc: Document) -> None:
    settings = doc.settings.element
    for old in settings.findall(qn("w:updateFields")):
        settings.remove(old)
    flag = OxmlElement("w:updateFields")
    flag.set(qn("w:val"), "true")
    later = {qn(f"w:{name}") for name in _AFTER_UPDATE_FIELDS}
    for index, child in enumerate(settings):
        if child.tag in later:
            settings.insert(index, flag)
            return
    settings.append(flag)


def _bookmark_start(doc: Document, name: str, number: int) -> None:
    """A bookmark around the start of the paper's first paragraph (perhaps in a table)."""
    body = doc.element.body
    first = next(body.iter(qn("w:p")), None)
    if first is None:
        first = OxmlElement("w:p")
        body.insert(0, first)
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    at = 1 if len(first) and first[0].tag == qn("w:pPr") else 0
    first.insert(at, start)
    first.append(end)


def _copy_part(source: Part, pack: Document, template: str) -> Part:
    """A copy of a header or footer part (and what it refers to) in the pack's package."""
    package = pack.part.package
    partname = package.next_partname(template)
    copy: Part
    if isinstance(source, XmlPart):
        copy = type(source)(partname, source.content_type, deepcopy(source.element), package)
    else:
        copy = Part(partname, source.content_type, source.blob, package)
    for rel in sorted(source.rels.values(), key=lambda r: int(r.rId[3:] or 0)):
        if rel.is_external:
            copy.rels.get_or_add_ext_rel(rel.reltype, rel.target_ref)
        else:  # an image in a header: shared, as docxcompose shares images
            copy.rels.get_or_add(rel.reltype, rel.target_part)
    return copy


def _section_of(paper: Document, pack: Document) -> Any:
    """The paper's section properties, with its header and footer copied into the pack."""
    sect = deepcopy(paper.element.body.sectPr)
    for ref in sect.findall(qn("w:headerReference")) + sect.findall(qn("w:footerReference")):
        is_header = ref.tag == qn("w:headerReference")
        source = paper.part.related_parts[ref.get(qn("r:id"))]
        copy = _copy_part(source, pack, "/word/header%d.xml" if is_header else "/word/footer%d.xml")
        ref.set(qn("r:id"), pack.part.relate_to(copy, RT.HEADER if is_header else RT.FOOTER))
    for kind in sect.findall(qn("w:type")):
        sect.remove(kind)  # the default, "nextPage": each paper starts on a new page
    for numbering in sect.findall(qn("w:pgNumType")):
        numbering.attrib.pop(qn("w:start"), None)  # page numbers run on through the pack
    return sect


class _PackComposer(Composer):  # type: ignore[misc]
    """docxcompose's Composer without a cost that grows with the template's styles.

    ``Composer.add_styles`` lists every style of the pack (python-docx objects, about 160
    in the house template) for each body element it appends, and again for each style
    the element uses: 80% of the time of a 20-paper pack. Every paper comes from the
    same house template, so the styles its elements use are the pack's already, under
    the same ids; for such an element (no numbering behind its styles, styles not being
    preserved) there is nothing for ``add_styles`` to add or rename, and it is skipped.
    Any other element goes through docxcompose unchanged."""

    def __init__(self, doc: Document) -> None:
        super().__init__(doc)
        # docxcompose restarts the first numbered list of each appended document by
        # giving its first paragraph outside a heading a new w:num starting at 1: that
        # split a minute's "29." heading from its paragraphs, numbered "1.1" after it.
        # Every list a generator makes is its own abstractNum, mapped to a fresh num
        # here, so each paper's lists restart as they should without it.
        self.restart_numbering = False

    def insert(self, index: int, doc: Document, remove_property_fields: bool = True) -> None:
        self._pack_ids = {style.style_id for style in self.doc.styles}
        self._ours: dict[str, bool] = {}
        super().insert(index, doc, remove_property_fields=remove_property_fields)

    def add_styles(self, doc: Document, element: Any) -> None:
        used = {
            e.get(qn("w:val"))
            for e in element.iter(qn("w:pStyle"), qn("w:rStyle"), qn("w:tblStyle"))
        }
        if all(self._already_ours(doc, style_id) for style_id in used):
            return
        super().add_styles(doc, element)
        self._pack_ids = {style.style_id for style in self.doc.styles}
        self._ours.clear()

    def _already_ours(self, doc: Document, style_id: str | None) -> bool:
        if style_id is None:
            return True
        known = self._ours.get(style_id)
        if known is None:
            source = doc.styles.element.get_by_id(style_id)
            known = (
                not self.preserve_styles
                and style_id in self._pack_ids
                and self.mapped_style_id(style_id) == style_id
                and (source is None or next(source.iter(qn("w:numId")), None) is None)
            )
            self._ours[style_id] = known
        return known


def _close_section(pack: Document, composer: Composer, sect: Any) -> None:
    """End the pack's current section with ``sect`` (a paragraph holding it)."""
    para = OxmlElement("w:p")
    props = etree.SubElement(para, qn("w:pPr"))
    props.append(sect)
    pack.element.body.insert(composer.append_index(), para)


def compose(
    authority: str,
    title: str,
    body: str,
    when: dt.date | None,
    confidential: bool,
    documents: Sequence[Document],
    papers: Sequence[PackPaper],
    data_dir: Path | None,
) -> Document:
    """The pack: its cover and contents, then each of ``documents`` (the papers, in the
    order of ``papers``) from a new page with its own section."""
    pack = start_paper(
        "portrait",
        PaperSetup(
            authority=authority,
            classification=classification_for(confidential),
            classification_reason=(
                "Contains the confidential versions of papers with exempt information"
                if confidential
                else ""
            ),
            reference=pack_reference(title),
            version=1,
            title=title,
            date=when,
        ),
        data_dir,
    )
    any_withheld = any(p.has_confidential and not p.confidential for p in papers)
    _cover(pack, title, body, when, authority, confidential, any_withheld)
    pack.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _contents(pack, papers)
    _update_fields_on_open(pack)
    composer = _PackComposer(pack)
    _close_section(pack, composer, deepcopy(pack.element.body.sectPr))
    last = len(documents) - 1
    for index, (paper, entry) in enumerate(zip(documents, papers, strict=True)):
        _bookmark_start(paper, entry.bookmark, entry.number)
        composer.append(paper)
        sect = _section_of(paper, pack)
        if index < last:
            _close_section(pack, composer, sect)
        else:
            body_sect = pack.element.body.sectPr
            body_sect.addprevious(sect)
            pack.element.body.remove(body_sect)
    _settle_list_ids(pack)
    return pack


def _settle_list_ids(pack: Document) -> None:
    """docxcompose gives each list it copies a random nsid (so lists restart); give each
    a unique one made from its id instead, so the same pack has the same bytes."""
    numbering = pack.part.numbering_part.element
    for abstract in numbering.findall(qn("w:abstractNum")):
        nsid = abstract.find(qn("w:nsid"))
        if nsid is not None:
            number = int(abstract.get(qn("w:abstractNumId")))
            nsid.set(qn("w:val"), f"{0x5E5B0000 + number:08X}")
