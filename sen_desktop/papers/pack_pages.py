"""The contents' page numbers of a pack, laid out with LibreOffice where it is installed.

The contents' page column holds PAGEREF fields to a bookmark at the start of each paper
(``BOOKMARK_PREFIX`` + its number). ``number_contents`` converts the pack to PDF once
with LibreOffice (in a temporary folder, with a profile of its own), finds each paper's
first page by the reference and version in its footer (``paper_starts``), and writes
that as the field's result: the numbers are there in Protected View and a preview pane,
and Word can still update the fields. Without LibreOffice (or pdftotext) the results
stay empty, ``w:updateFields`` has Word fill them in on opening, and the record says
so (``PackRecord.page_numbers`` / ``page_numbers_note``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from sen_desktop.papers.output import docx_bytes
from sen_desktop.papers.text import one_line

if TYPE_CHECKING:
    from collections.abc import Sequence

    from docx.document import Document

    from sen_desktop.papers.pack import PackPaper

#: The bookmark at the start of paper <n> of a pack, which its contents line refers to.
BOOKMARK_PREFIX: Final = "_PackPaper"
#: ``PackRecord.page_numbers``: the contents' page numbers were laid out with LibreOffice,
#: or are left for Word to fill in when the pack is opened.
PAGES_COMPUTED: Final = "computed"
PAGES_LEFT_FOR_WORD: Final = "left for Word"
LAYOUT_TIMEOUT: Final = 300.0  # seconds LibreOffice may take to lay a pack out

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
    # The folder's name carries this process, so start-up removes it if a kill left it
    # (it holds the whole pack, confidential items included; core/store/litter.py).
    from sen_desktop.core.store.litter import pack_prefix

    with tempfile.TemporaryDirectory(prefix=pack_prefix()) as folder:
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
