"""A pack of papers for SMT, Cabinet or a group: cover, contents, then each paper.

FORMATS.md, "Pack": a cover page (the body, the meeting date, "Papers for the meeting of
…"), a contents table (item, title, paper reference, version, page) whose page numbers
are already there when the file is opened (and Word can update them), then each paper
from a new page, keeping its own header and its entry in the navigation pane (each
paper's title is at outline level 1), with the page numbers running through the pack in
the footer.

How it is put together:
- Each paper is rendered by its own generator (the confidential version where the pack
  is confidential and the paper has confidential items, else the public one) and its
  version settled against the paper register exactly as ``output.publish`` would, so the
  contents can show it; the papers are recorded in the register only once the pack has
  been written.
- docxcompose's ``Composer`` appends each paper's body (styles mapped by name, numbering,
  images, bookmarks renumbered). docxcompose keeps only the first document's header and
  footer (4teamwork/docxcompose#67), so each paper is closed with a section break of its
  own here: its section properties (page size and orientation — the action log stays
  landscape — margins) with copies of its header and footer parts. Nothing restarts the
  page numbering, so each footer's PAGE and NUMPAGES fields count through the pack.
- The contents' page column holds PAGEREF fields to a bookmark at the start of each
  paper. Where LibreOffice is installed the pack is laid out once with it (converted to
  PDF in a temporary folder, with a profile of its own) and each paper's first page,
  found by the reference and version in its footer, is written as the field's result:
  the numbers are there in Protected View and a preview pane, and Word can still update
  the fields. Without LibreOffice (or pdftotext) the results stay empty,
  ``w:updateFields`` has Word fill them in on opening, and the record says so
  (``PackRecord.page_numbers`` / ``page_numbers_note``) for the export dialog and the
  command line.
- ``progress(done, total, what)`` is called before each paper and before saving;
  ``cancelled()`` returning True (or ``progress`` raising) stops the pack with nothing
  written and nothing recorded.
"""

from __future__ import annotations

import datetime as dt
import inspect
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docxcompose.composer import Composer
from lxml import etree

from sen_desktop.core.errors import SenError, ValidationError
from sen_desktop.core.meetings.records import weekday_date
from sen_desktop.core.validation import uk_date
from sen_desktop.papers import action_log, minutes, recommendation
from sen_desktop.papers.document import (
    CellText,
    PaperSetup,
    add_field,
    add_row,
    classification_for,
    heading,
    keep_with_next,
    minutes_reference,
    pack_reference,
    paragraph,
    start_paper,
    table,
)
from sen_desktop.papers.output import (
    PaperRecord,
    PaperRegistry,
    PaperServices,
    docx_bytes,
    paper_services,
    publish,
    settle_version,
)
from sen_desktop.papers.text import one_line

KIND: Final = "pack"
CONTENTS_HEADINGS: Final = ("Item", "Title", "Paper reference", "Version", "Page")
_CONTENTS_WIDTHS: Final = (Cm(1.2), Cm(8.3), Cm(3.3), Cm(1.8), Cm(1.4))
BOOKMARK_PREFIX: Final = "_PackPaper"
PUBLIC_NOTE: Final = "public version: confidential items withheld"
CONFIDENTIAL_NOTE: Final = "confidential version"
#: The kinds of paper a pack holds, as items name them (either spelling of the log).
ITEM_KINDS: Final = ("minutes", "action-log", "recommendation")

#: ``PackRecord.page_numbers``: the contents' page numbers were laid out with LibreOffice,
#: or are left for Word to fill in when the pack is opened.
PAGES_COMPUTED: Final = "computed"
PAGES_LEFT_FOR_WORD: Final = "left for Word"
LAYOUT_TIMEOUT: Final = 300.0  # seconds LibreOffice may take to lay a pack out

#: ``progress(done, total, what)`` (a two-argument ``progress(done, total)`` works too).
Progress = Callable[..., None]

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


class Cancelled(SenError):
    """The pack was cancelled; nothing was written or recorded."""

    def __init__(self, message: str = "The pack was cancelled; nothing was written.") -> None:
        super().__init__(message)


@dataclass(frozen=True)
class PackRecord(PaperRecord):
    """A written pack's record, with how its contents' page numbers were settled."""

    page_numbers: str = PAGES_LEFT_FOR_WORD  # PAGES_COMPUTED or PAGES_LEFT_FOR_WORD
    page_numbers_note: str = ""  # one sentence for the export dialog and command line


@dataclass(frozen=True)
class PackPaper:
    """One paper in the pack, as its contents line shows it."""

    number: int  # 1, 2 … in the pack's order
    kind: str  # the register's kind: "minutes", "action_log", "recommendation"
    reference: str  # "BESD/M12"
    title: str
    version: int
    sha256: str  # the paper's own bytes, as its register entry records them
    confidential: bool  # the confidential version is in the pack
    has_confidential: bool  # the paper has confidential items at all
    new_version: bool  # the register gets a new version of it when the pack is written

    @property
    def bookmark(self) -> str:
        return f"{BOOKMARK_PREFIX}{self.number}"

    @property
    def contents_title(self) -> str:
        if self.confidential:
            return f"{self.title}\n({CONFIDENTIAL_NOTE})"
        if self.has_confidential:
            return f"{self.title}\n({PUBLIC_NOTE})"
        return self.title


# --- the papers ------------------------------------------------------------------------


def _item_parts(item: Any) -> tuple[str, str | None]:
    """(kind, id) from a (kind, id) pair or an object with ``kind`` and ``id``."""
    if isinstance(item, tuple | list):
        kind, ref_id = item
    else:
        kind, ref_id = item.kind, item.id
    kind = str(kind).strip().lower().replace("_", "-")
    if kind not in ITEM_KINDS:
        raise ValidationError(
            f"“{kind}” is not a kind of paper a pack can hold: choose minutes, action-log "
            "or recommendation.",
            field="items",
        )
    if ref_id is None and kind != "action-log":
        raise ValidationError(f"Say which {kind} paper to put in the pack.", field="items")
    return kind, ref_id


@dataclass
class _Rendered:
    document: Document
    kind: str
    reference: str
    title: str
    confidential: bool
    has_confidential: bool


def _render(
    ps: PaperServices,
    kind: str,
    ref_id: str | None,
    confidential: bool,
    data_dir: Path | None,
    as_at: dt.date | None = None,
) -> _Rendered:
    """One paper of the pack; an action log is as at the pack's date (``as_at``; None: as
    at the last meeting held, ``action_log.log_date``)."""
    if kind == "minutes":
        assert ref_id is not None
        has = minutes.has_confidential(ps, ref_id)
        use = confidential and has
        doc = minutes.render_minutes(ps, ref_id, confidential=use, data_dir=data_dir)
        meeting = ps.meetings.summary(ref_id)
        return _Rendered(
            doc,
            minutes.KIND,
            minutes_reference(meeting.group_code, meeting.number),
            f"Minutes of the {one_line(meeting.group_name)}, {uk_date(meeting.date)}",
            use,
            has,
        )
    if kind == "action-log":
        dated = {} if as_at is None else {"as_at": as_at}
        log = action_log.gather(ps, ref_id, confidential, **dated)
        has = bool(log.exempt_item_ids)
        if confidential and not has:
            log = action_log.gather(ps, ref_id, False, **dated)
        doc = action_log.render_action_log(log, ps.authority(), data_dir)
        return _Rendered(doc, action_log.KIND, log.reference, log.title, log.confidential, has)
    assert ref_id is not None
    rec = recommendation.gather(ps, ref_id)
    use = confidential and rec.has_exempt
    doc = recommendation.render_recommendation(rec, use, data_dir)
    return _Rendered(doc, recommendation.KIND, rec.reference, rec.title, use, rec.has_exempt)


# --- the cover and contents ------------------------------------------------------------


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


# --- the contents' page numbers ----------------------------------------------------------

NOT_ASKED: Final = (
    "The contents' page numbers are left for Word to fill in when the pack is opened."
)
NO_LIBREOFFICE: Final = (
    "LibreOffice is not installed, so the contents' page numbers are left for Word to fill "
    "in when the pack is opened (they stay blank in Protected View and preview panes)."
)
COMPUTED_NOTE: Final = (
    "The contents' page numbers were laid out with LibreOffice; Word can update them "
    "(select the table and press F9)."
)
NO_ARIAL_NOTE: Final = (
    " This computer has no Arial or font of the same widths (such as Liberation Sans) for "
    "LibreOffice, so Word may lay some pages out differently: select the contents and "
    "press F9 in Word to check them."
)
#: Fonts with Arial's widths: LibreOffice lays a paper out as Word does with any of them.
ARIAL_METRIC_FONTS: Final = ("Arial", "Liberation Sans", "Arimo")
_SOFFICE_PLACES: Final = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


def find_soffice() -> str | None:
    """LibreOffice's soffice on the path or where its installers put it, else None."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    return next((place for place in _SOFFICE_PLACES if os.path.isfile(place)), None)


def number_contents(pack: Document, papers: Sequence[PackPaper]) -> tuple[str, str]:
    """Lay ``pack`` out with LibreOffice and write each paper's first page into its
    contents line's PAGEREF field (the field kept, so Word can update it). Returns
    (PAGES_COMPUTED or PAGES_LEFT_FOR_WORD, a sentence saying which and why)."""
    soffice = find_soffice()
    pdftotext = shutil.which("pdftotext")
    if soffice is None:
        return PAGES_LEFT_FOR_WORD, NO_LIBREOFFICE
    if pdftotext is None:
        return PAGES_LEFT_FOR_WORD, (
            "pdftotext (poppler) is not installed, so the contents' page numbers are left "
            "for Word to fill in when the pack is opened."
        )
    try:
        texts = _laid_out_pages(pack, soffice, pdftotext)
    except (OSError, subprocess.SubprocessError) as error:
        return PAGES_LEFT_FOR_WORD, (
            f"LibreOffice could not lay the pack out ({_reason(error)}), so the contents' "
            "page numbers are left for Word to fill in when the pack is opened."
        )
    starts = paper_starts(texts, papers)
    if starts is None:
        return PAGES_LEFT_FOR_WORD, (
            "LibreOffice's layout did not show where every paper starts, so the contents' "
            "page numbers are left for Word to fill in when the pack is opened."
        )
    _write_page_results(pack, starts)
    settings = pack.settings.element
    for flag in settings.findall(qn("w:updateFields")):
        settings.remove(flag)  # the numbers are right: no prompt to update on opening
    return PAGES_COMPUTED, COMPUTED_NOTE + ("" if has_arial_metrics() else NO_ARIAL_NOTE)


def has_arial_metrics() -> bool:
    """Whether LibreOffice here has Arial or a font of its widths (fontconfig's answer;
    Windows and macOS have Arial, and where fontconfig cannot say, assume so)."""
    if sys.platform in ("win32", "darwin"):
        return True
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return True
    try:
        found = subprocess.run(
            [fc_match, "Arial"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return True
    return any(name in found for name in ARIAL_METRIC_FONTS)


def _reason(error: BaseException) -> str:
    if isinstance(error, subprocess.TimeoutExpired):
        return f"it took longer than {int(LAYOUT_TIMEOUT)} seconds"
    return str(error).strip().splitlines()[-1][:200] if str(error).strip() else type(error).__name__


def _laid_out_pages(pack: Document, soffice: str, pdftotext: str) -> list[str]:
    """The text of each page of ``pack`` as LibreOffice lays it out."""
    with tempfile.TemporaryDirectory(prefix="sen-pack-") as folder:
        work = Path(folder)
        source = work / "pack.docx"
        source.write_bytes(docx_bytes(pack))
        profile = work / "profile"
        flags = {"creationflags": 0x08000000} if sys.platform == "win32" else {}
        done = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--nolockcheck",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work),
                str(source),
            ],
            capture_output=True,
            timeout=LAYOUT_TIMEOUT,
            check=False,
            **flags,  # type: ignore[call-overload]
        )
        pdf = work / "pack.pdf"
        if not pdf.is_file():
            detail = (done.stderr or b"").decode("utf-8", "replace").strip()
            raise OSError(detail or f"soffice exited with {done.returncode}")
        text: str = subprocess.run(
            [pdftotext, "-enc", "UTF-8", str(pdf), "-"],
            capture_output=True,
            timeout=LAYOUT_TIMEOUT,
            check=True,
            **flags,  # type: ignore[call-overload]
        ).stdout.decode("utf-8", "replace")
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def paper_starts(texts: Sequence[str], papers: Sequence[PackPaper]) -> dict[int, int] | None:
    """Each paper's first page (1-based) by number, from the pages' text: the first page
    after the previous paper's start whose footer reads "<reference> · version <n> ·
    Page". Copies of one paper placed one after another share the run of pages their
    footer marks equally (the same paper lays out the same). None if a paper is missing."""
    pages = [_squeeze(text) for text in texts]
    starts: dict[int, int] = {}
    cursor = 0
    index = 0
    while index < len(papers):
        paper = papers[index]
        mark = _squeeze(f"{one_line(paper.reference)} · version {paper.version} · Page")
        same = 1
        while index + same < len(papers) and _same_paper(papers[index + same], paper):
            same += 1
        first = next((i for i in range(cursor, len(pages)) if mark in pages[i]), None)
        if first is None:
            return None
        last = first
        while last + 1 < len(pages) and mark in pages[last + 1]:
            last += 1
        length = (last - first + 1) // same
        if length < 1:
            return None
        for copy in range(same):
            starts[papers[index + copy].number] = first + copy * length + 1
        cursor = first + same * length
        index += same
    return starts


def _same_paper(a: PackPaper, b: PackPaper) -> bool:
    return (a.reference, a.version, a.sha256) == (b.reference, b.version, b.sha256)


_PAGEREF: Final = re.compile(rf"^\s*PAGEREF\s+{BOOKMARK_PREFIX}(\d+)\b")


def _write_page_results(pack: Document, starts: dict[int, int]) -> None:
    """Write each contents PAGEREF field's result; the field stays, no longer dirty."""
    body = pack.element.body
    for instr in list(body.iter(qn("w:instrText"))):
        match = _PAGEREF.match(instr.text or "")
        if match is None or int(match.group(1)) not in starts:
            continue
        paragraph = instr.getparent().getparent()
        runs = list(paragraph.iter(qn("w:r")))
        begin = next(r for r in runs if _fld(r) == "begin")
        separate = next(r for r in runs if _fld(r) == "separate")
        result = runs[runs.index(separate) + 1]
        for char in begin.iter(qn("w:fldChar")):
            char.attrib.pop(qn("w:dirty"), None)
        for t in result.findall(qn("w:t")):
            result.remove(t)
        t = OxmlElement("w:t")
        t.text = str(starts[int(match.group(1))])
        result.append(t)


def _fld(run: Any) -> str | None:
    char = run.find(qn("w:fldChar"))
    return None if char is None else char.get(qn("w:fldCharType"))


# --- putting the papers together -------------------------------------------------------


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


def _notifier(progress: Progress | None) -> Callable[[int, int, str], None]:
    if progress is None:
        return lambda done, total, what: None
    try:
        params = inspect.signature(progress).parameters.values()
        positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        takes_what = len(positional) >= 3 or any(p.kind == p.VAR_POSITIONAL for p in params)
    except (TypeError, ValueError):
        takes_what = True
    if takes_what:
        return lambda done, total, what: progress(done, total, what)
    return lambda done, total, what: progress(done, total)


def pack_paper(
    services: Any,
    title: str,
    body: str = "",
    meeting_date: dt.date | None = None,
    items: Sequence[Any] = (),
    out_path: Path | str | None = None,
    confidential: bool = False,
    by: str = "",
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    *,
    date: dt.date | None = None,
    data_dir: Path | None = None,
    page_numbers: bool = True,
) -> PackRecord:
    """Write a pack of ``items`` — (kind, id) pairs, kind "minutes" (a meeting id),
    "action-log" (a group id, or None for every group) or "recommendation" — to
    ``out_path``, and record it and the papers it holds.

    ``date`` is another name for ``meeting_date``. ``page_numbers``: lay the pack out
    with LibreOffice (where installed) to write the contents' page numbers; False leaves
    them for Word. Raises ``Cancelled`` when
    ``cancelled()`` turns True (nothing written, nothing recorded), ValidationError for a
    pack with no title, no papers or nothing confidential in a confidential pack, and
    PaperWriteError when the file cannot be written.
    """
    ps = paper_services(services)
    name = one_line(title)
    if not name:
        raise ValidationError("Give the pack a title.", field="title")
    if out_path is None:
        raise ValidationError("Choose where to save the pack.", field="out")
    wanted = [_item_parts(item) for item in items]
    if not wanted:
        raise ValidationError("Choose at least one paper for the pack.", field="items")
    when = meeting_date if meeting_date is not None else date
    notify = _notifier(progress)
    stop = cancelled or (lambda: False)
    registry = ps.registry
    total = len(wanted)

    rendered: list[_Rendered] = []
    papers: list[PackPaper] = []
    for number, (kind, ref_id) in enumerate(wanted, start=1):
        if stop():
            raise Cancelled()
        notify(number - 1, total, f"Paper {number} of {total}")
        paper = _render(ps, kind, ref_id, confidential, data_dir, when)
        settled = settle_version(
            paper.document, registry, paper.kind, paper.reference, paper.confidential
        )
        version, digest, new = settled.version, settled.sha256, settled.new
        rendered.append(paper)
        papers.append(
            PackPaper(
                number=number,
                kind=paper.kind,
                reference=paper.reference,
                title=paper.title,
                version=version,
                sha256=digest,
                confidential=paper.confidential,
                has_confidential=paper.has_confidential,
                new_version=new,
            )
        )
    if confidential and not any(p.confidential for p in papers):
        raise ValidationError(
            "None of these papers has confidential items, so there is only the public "
            "version of the pack.",
            field="confidential",
        )
    if stop():
        raise Cancelled()
    notify(total, total, "Putting the pack together")
    pack = _compose(ps, name, body, when, confidential, rendered, papers, data_dir)
    if stop():
        raise Cancelled()
    how, note = PAGES_LEFT_FOR_WORD, NOT_ASKED
    if page_numbers:
        notify(total, total, "Numbering the contents' pages with LibreOffice")
        how, note = number_contents(pack, papers)
    if stop():
        raise Cancelled()
    record = publish(
        pack,
        Path(out_path),
        registry,
        kind=KIND,
        reference=pack_reference(name),
        title=name,
        confidential=confidential,
        by=by,
    )
    _record_papers(registry, papers, by)
    base = {name: getattr(record, name) for name in PaperRecord.__dataclass_fields__}
    return PackRecord(**base, page_numbers=how, page_numbers_note=note)


def _compose(
    ps: PaperServices,
    title: str,
    body: str,
    when: dt.date | None,
    confidential: bool,
    rendered: Sequence[_Rendered],
    papers: Sequence[PackPaper],
    data_dir: Path | None,
) -> Document:
    authority = ps.authority()
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
    last = len(rendered) - 1
    for index, (paper, entry) in enumerate(zip(rendered, papers, strict=True)):
        _bookmark_start(paper.document, entry.bookmark, entry.number)
        composer.append(paper.document)
        sect = _section_of(paper.document, pack)
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


def _record_papers(registry: PaperRegistry, papers: Sequence[PackPaper], by: str) -> None:
    """Record each new version of a paper the pack holds (once, however often it holds it)."""
    seen: set[tuple[str, str, bool]] = set()
    for paper in papers:
        key = (paper.kind, paper.reference, paper.confidential)
        if key in seen or not paper.new_version:
            continue
        seen.add(key)
        registry.record(
            paper.kind,
            paper.reference,
            paper.title,
            paper.sha256,
            paper.confidential,
            by=by,
            version=paper.version,
        )


__all__ = [
    "BOOKMARK_PREFIX",
    "CONTENTS_HEADINGS",
    "ITEM_KINDS",
    "KIND",
    "PAGES_COMPUTED",
    "PAGES_LEFT_FOR_WORD",
    "Cancelled",
    "PackPaper",
    "PackRecord",
    "find_soffice",
    "number_contents",
    "paper_starts",
    "Progress",
    "cover_sentence",
    "pack_paper",
]
