"""The document level of every paper: Word's own list numbering, the heading outline,
the document's properties, and pagination (rows kept whole, headers repeated, columns
wide enough for their words)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import TYPE_CHECKING

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm
from paper_helpers import list_labels, outline, pdf_page_texts, reopen

from sen_desktop import __version__
from sen_desktop.papers.columns import fit_columns
from sen_desktop.papers.document import UNRESTRICTED, PaperSetup, heading, start_paper, table
from sen_desktop.papers.numbering import (
    POINTS,
    SECTIONS,
    new_list,
    numbered_paragraph,
    numbered_section_heading,
)
from sen_desktop.papers.output import docx_bytes, write_docx

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

SETUP = PaperSetup(
    "Kent County Council", UNRESTRICTED, "BESD/M12", "BESD/M12", 1,
    title="Minutes of the BESD Working Group, 6 October 2010", date=dt.date(2010, 10, 6),
)


def _minutes(start: int = 29):  # type: ignore[no-untyped-def]
    doc = start_paper("portrait", SETUP)
    heading(doc, "BESD Working Group", 0)
    minutes = new_list(doc, SECTIONS, start=start)
    numbered_section_heading(doc, "Apologies and Substitutes", minutes, 2)
    numbered_paragraph(doc, "Apologies were received from Ms Singh.", minutes)
    numbered_paragraph(doc, "Ms Green was present as substitute for Dr Patel.", minutes)
    numbered_section_heading(doc, "Outreach provision", minutes, 2)
    numbered_paragraph(doc, "Mr Lowe introduced the paper.", minutes)
    points = new_list(doc, POINTS)
    numbered_paragraph(doc, "the report be noted;", points, 0)
    numbered_paragraph(doc, "a pilot start in January 2011.", points, 0)
    return doc


def test_minute_numbers_are_words_own_list_continuing_from_the_last_meeting() -> None:
    doc = docx.Document(io.BytesIO(docx_bytes(_minutes(29))))
    assert list_labels(doc) == [
        ("29.", "Apologies and Substitutes"),
        ("29.1", "Apologies were received from Ms Singh."),
        ("29.2", "Ms Green was present as substitute for Dr Patel."),
        ("30.", "Outreach provision"),
        ("30.1", "Mr Lowe introduced the paper."),
        ("(a)", "the report be noted;"),
        ("(b)", "a pilot start in January 2011."),
    ]
    # The numbers are Word's, not typed: the text has none.
    assert doc.paragraphs[2].text == "Apologies were received from Ms Singh."
    numbering = doc.part.numbering_part.element
    assert numbering.findall(qn("w:abstractNum")) and numbering.findall(qn("w:num"))


def test_each_list_restarts_and_bad_lists_are_refused() -> None:
    doc = start_paper("portrait", SETUP)
    for _ in range(2):
        points = new_list(doc, POINTS)
        numbered_paragraph(doc, "first", points, 0)
        numbered_paragraph(doc, "second", points, 0)
    assert [label for label, _ in list_labels(doc)] == ["(a)", "(b)", "(a)", "(b)"]
    with pytest.raises(ValueError, match="list kind"):
        new_list(doc, "bullets")
    with pytest.raises(ValueError, match="levels 0 to 1"):
        numbered_paragraph(doc, "x", points, 4)


def test_the_outline_begins_with_heading_1_and_skips_no_level() -> None:
    headings = outline(_minutes())
    assert headings == [
        (1, "BESD Working Group"),
        (2, "Apologies and Substitutes"),
        (2, "Outreach provision"),
    ]


def test_document_properties_are_the_papers_own() -> None:
    data = docx_bytes(_minutes())
    doc = docx.Document(io.BytesIO(data))
    props = doc.core_properties
    assert props.title == SETUP.title
    assert props.author == "Kent County Council"
    assert props.subject == "BESD/M12"
    assert props.language == "en-GB"
    assert props.created == props.modified == dt.datetime(2010, 10, 6, tzinfo=dt.UTC)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        app = package.read("docProps/app.xml").decode()
        settings = package.read("word/settings.xml").decode()
    assert f"<Application>SEN Secretariat {__version__}</Application>" in app
    assert "Macintosh" not in app and "<Pages>" not in app and "<Words>" not in app
    assert not [n for n in names if "thumbnail" in n or "stylesWithEffects" in n]
    assert not [n for n in names if n.startswith("customXml")]  # the bibliography part
    assert 'w:themeFontLang w:val="en-GB"' in settings and "en-US" not in settings
    assert data == docx_bytes(_minutes())  # the paper's date, not the clock


def _log_table(doc):  # type: ignore[no-untyped-def]
    return table(
        doc,
        ["Ref", "Action", "Owner", "Due", "Status"],
        [
            ["BESD-171", "Cost the January pilot " * 6, "Mr Ed Lowe", "3 November 2010",
             "In progress"]
        ] * 40,
        widths=[Cm(1.2), Cm(9.0), Cm(2.8), Cm(1.5), Cm(1.5)],
    )


def test_rows_never_split_headers_repeat_and_short_words_get_room() -> None:
    doc = start_paper("portrait", SETUP)
    tbl = _log_table(doc)
    rows = tbl._tbl.findall(qn("w:tr"))
    assert all(r.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for r in rows)
    assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    fit_columns(doc)
    widths = [int(c.get(qn("w:w"))) for c in tbl._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert widths[0] > Cm(1.2).twips and widths[4] > Cm(1.5).twips  # BESD-171, progress
    assert widths[1] < Cm(9.0).twips  # taken from the Action column
    assert sum(widths) == pytest.approx(Cm(16.0).twips, abs=2)
    before = list(widths)
    fit_columns(doc)  # settled: a second pass changes nothing
    assert [int(c.get(qn("w:w"))) for c in tbl._tbl.tblGrid.findall(qn("w:gridCol"))] == before


def test_libreoffice_keeps_references_and_statuses_whole(
    tmp_path: Path, to_pdf: Callable[[Path], Path]
) -> None:
    doc = start_paper("portrait", SETUP)
    heading(doc, "BESD Working Group action log", 0)
    _log_table(doc)
    path = tmp_path / "log.docx"
    write_docx(doc, path)
    text = "\n".join(pdf_page_texts(to_pdf(path)))
    # Whole words (a status may wrap between its words, never inside one).
    assert text.count("BESD-171") == 40 and len(re.findall(r"\bprogress\b", text)) == 40
    assert "BESD-\n" not in text and not re.search(r"progres\s", text)
    pages = reopen(path)
    assert pages.tables[0].rows[0].cells[0].text == "Ref"
