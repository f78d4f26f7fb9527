"""Packs: the cover, the contents with each paper's reference, version and page (laid out
with LibreOffice and written into the PAGEREF fields, or left for Word when it is
absent), each paper from a new page in a section of its own keeping its header and its
entry in the navigation pane, page numbers running through, progress and cancelling, and
public against confidential."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import pytest
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml.ns import qn
from paper_helpers import (
    SECRET,
    World,
    list_labels,
    outline,
    page_count,
    pdf_page_texts,
    reopen,
)

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.progress import Progress
from sen_desktop.papers import pack_pages
from sen_desktop.papers.action_log import action_log_paper
from sen_desktop.papers.document import DRAFT_BANNER, RESTRICTED, UNRESTRICTED
from sen_desktop.papers.pack import Cancelled, PackPaper, PackRecord, pack_paper
from sen_desktop.papers.pack_compose import CONTENTS_HEADINGS, cover_sentence
from sen_desktop.papers.pack_pages import (
    BOOKMARK_PREFIX,
    NO_LIBREOFFICE,
    NOT_ASKED,
    PAGES_COMPUTED,
    PAGES_LEFT_FOR_WORD,
    paper_starts,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from docx.document import Document

MEETING_DAY = dt.date(2010, 11, 10)
TITLE = "SMT papers 10 November 2010"


def _recommendation(world: World) -> str:
    return world.services.recommendations.create(
        world.group_id,
        "Outreach hubs",
        text="That every district has an outreach hub.",
        rationale="Schools asked for it.",
    ).id


def _items(world: World) -> list[tuple[str, str | None]]:
    return [
        ("minutes", world.second_id),
        ("recommendation", _recommendation(world)),
        ("action_log", world.group_id),
    ]


def _pack(
    world: World,
    tmp_path: Path,
    confidential: bool = False,
    name: str = "pack",
    items: list[tuple[str, str | None]] | None = None,
    page_numbers: bool = False,
) -> tuple[Path, Document]:
    path = tmp_path / f"{name}.docx"
    pack_paper(
        world.services,
        TITLE,
        "Senior Management Team",
        MEETING_DAY,
        items if items is not None else _items(world),
        path,
        confidential=confidential,
        by="Jo",
        page_numbers=page_numbers,
    )
    return path, reopen(path)


def _all_text(doc: Document) -> str:
    return "\n".join(t.text or "" for t in doc.element.body.iter(qn("w:t")))


def _contents(doc: Document) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in doc.tables[0].rows]


def test_the_cover_names_the_body_the_date_and_the_meeting(world: World, tmp_path: Path) -> None:
    _, doc = _pack(world, tmp_path)
    cover = [p.text for p in doc.paragraphs[:8]]
    assert cover[:5] == [
        "Kent County Council",
        TITLE,
        "Senior Management Team",
        "Wednesday 10 November 2010",
        "Papers for the meeting of the Senior Management Team on Wednesday 10 November 2010.",
    ]
    assert cover_sentence("", None) == "Papers for the meeting."


def test_the_contents_list_each_paper_with_reference_version_and_page_field(
    world: World, tmp_path: Path
) -> None:
    path, doc = _pack(world, tmp_path)
    rows = _contents(doc)
    assert rows[0] == list(CONTENTS_HEADINGS)
    assert [r[0] for r in rows[1:]] == ["1", "2", "3"]
    assert [r[2] for r in rows[1:]] == ["BESD/M2", "BESD-R1/P", "BESD/AL"]
    assert [r[3] for r in rows[1:]] == ["1", "1", "1"]
    assert rows[1][1] == (
        "Minutes of the BESD Working Group, 6 October 2010\n"
        "(public version: confidential items withheld)"
    )
    assert rows[2][1] == "BESD-R1: Outreach hubs"
    instructions = [
        "".join(t.text for t in row.cells[4]._tc.iter(qn("w:instrText"))).strip()
        for row in doc.tables[0].rows[1:]
    ]
    assert instructions == [f"PAGEREF {BOOKMARK_PREFIX}{n} \\h" for n in (1, 2, 3)]
    bookmarks = {b.get(qn("w:name")) for b in doc.element.body.iter(qn("w:bookmarkStart"))}
    assert {f"{BOOKMARK_PREFIX}{n}" for n in (1, 2, 3)} <= bookmarks
    # Not laid out: the results are empty and Word is asked to fill them in on opening.
    assert [r[4] for r in rows[1:]] == ["", "", ""]
    assert doc.tables[0]._tbl.xml.count('w:dirty="true"') == 3
    assert not any('w:dirty="true"' in s.footer._element.xml for s in doc.sections)
    update = doc.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"


def test_each_paper_is_a_top_level_entry_in_the_navigation_pane(
    world: World, tmp_path: Path
) -> None:
    _, doc = _pack(world, tmp_path)
    headings = outline(doc)
    assert headings[0] == (1, TITLE)
    top = [text.upper() for level, text in headings if level == 1]
    assert "BESD WORKING GROUP" in top  # the minutes' title
    assert "BESD WORKING GROUP ACTION LOG" in top
    levels = [level for level, _ in headings]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))  # none skipped

def test_each_paper_starts_a_new_section_keeping_its_header_and_footer(
    world: World, tmp_path: Path
) -> None:
    _, doc = _pack(world, tmp_path)
    sections = doc.sections
    assert len(sections) == 4  # cover and contents, then three papers
    for section in sections[1:]:
        assert section.start_type == WD_SECTION.NEW_PAGE
    headers = ["\n".join(p.text for p in s.header.paragraphs) for s in sections]
    footers = ["\n".join(p.text for p in s.footer.paragraphs) for s in sections]
    assert all("Kent County Council" in h and UNRESTRICTED in h for h in headers)
    assert DRAFT_BANNER in headers[1]  # the minutes are not confirmed yet
    assert DRAFT_BANNER not in headers[2]
    assert footers[0].startswith("PACK/SMT-PAPERS-10-NOVEMBER-2010 · version 1 · Page ")
    assert footers[1].startswith("BESD/M2 · version 1 · Page ")
    assert footers[2].startswith("BESD-R1/P · version 1 · Page ")
    assert footers[3].startswith("BESD/AL · version 1 · Page ")
    for section in sections:  # page numbers run through: nothing restarts them
        num = section._sectPr.find(qn("w:pgNumType"))
        assert num is None or num.get(qn("w:start")) is None
        assert "PAGE" in section.footer._element.xml
    assert sections[3].orientation == WD_ORIENT.LANDSCAPE  # the action log
    assert sections[2].orientation == WD_ORIENT.PORTRAIT


def test_the_public_pack_leaves_confidential_text_out(world: World, tmp_path: Path) -> None:
    items = _items(world)
    _, public = _pack(world, tmp_path, name="public", items=items)
    assert SECRET not in _all_text(public)
    assert "Write to the family of the pupil" not in _all_text(public)
    assert "withheld" in _all_text(public)

    _, confidential = _pack(world, tmp_path, True, "confidential", items)
    assert SECRET in _all_text(confidential)
    headers = ["\n".join(p.text for p in s.header.paragraphs) for s in confidential.sections]
    assert RESTRICTED in headers[0] and RESTRICTED in headers[1]  # the pack, the minutes
    assert UNRESTRICTED in headers[2]  # the recommendation has no confidential version
    rows = _contents(confidential)
    assert rows[1][1].endswith("(confidential version)")
    assert rows[2][1] == "BESD-R1: Outreach hubs"


def test_a_confidential_pack_needs_a_confidential_paper(world: World, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="only the public version"):
        pack_paper(
            world.services,
            TITLE,
            items=[("recommendation", _recommendation(world))],
            out_path=tmp_path / "pack.docx",
            confidential=True,
        )
    assert not (tmp_path / "pack.docx").exists()


def test_the_pack_records_its_papers_and_shows_their_versions(world: World, tmp_path: Path) -> None:
    registry = world.services.registry
    action_log_paper(world.services, world.group_id, tmp_path / "log.docx")
    world.services.actions.update(world.actions["pilot"], brag="green")  # the log changes
    record = None
    path = tmp_path / "pack.docx"
    record = pack_paper(
        world.services, TITLE, items=[("action_log", world.group_id)], out_path=path,
        page_numbers=False,
    )
    assert record.reference == "PACK/SMT-PAPERS-10-NOVEMBER-2010"
    assert _contents(reopen(path))[1][3] == "2"
    latest = registry.latest("action_log", "BESD/AL", False)
    assert latest is not None and latest.version == 2
    # The same paper again: no new version, and the pack is unchanged too.
    again = pack_paper(
        world.services, TITLE, items=[("action_log", world.group_id)], out_path=path,
        page_numbers=False,
    )
    assert (again.version, again.new_version) == (1, False)
    assert registry.latest("action_log", "BESD/AL", False).version == 2  # type: ignore[union-attr]


def test_progress_is_reported_and_cancelling_writes_nothing(world: World, tmp_path: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    pack_paper(
        world.services,
        TITLE,
        items=_items(world),
        out_path=tmp_path / "pack.docx",
        progress=Progress(lambda done, total, what: seen.append((done, total, what))),
        page_numbers=False,
    )
    assert [(d, t) for d, t, _ in seen] == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert seen[0][2] == "Paper 1 of 3" and seen[-1][2] == "Putting the pack together"

    two: list[tuple[int, int]] = []
    target = tmp_path / "cancelled.docx"
    target.write_bytes(b"last month's pack")

    def report(done: int, total: int, _what: str) -> None:
        two.append((done, total))
        if len(two) == 2:
            stop.cancel()  # as Cancel pressed while the second paper is being rendered

    stop = Progress(report)
    with pytest.raises(Cancelled):
        pack_paper(
            world.services,
            "Another pack",
            items=_items(world),
            out_path=target,
            progress=stop,
            page_numbers=False,
        )
    assert two == [(0, 3), (1, 3)]
    assert target.read_bytes() == b"last month's pack"  # the file as it was
    assert world.services.registry.latest("pack", "PACK/ANOTHER-PACK", False) is None


def test_a_pack_needs_a_title_and_papers(world: World, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="title"):
        pack_paper(world.services, "  ", items=_items(world), out_path=tmp_path / "p.docx")
    with pytest.raises(ValidationError, match="at least one paper"):
        pack_paper(world.services, TITLE, items=[], out_path=tmp_path / "p.docx")
    with pytest.raises(ValidationError, match="not a kind of paper"):
        pack_paper(world.services, TITLE, items=[("agenda", "x")], out_path=tmp_path / "p.docx")


def test_libreoffice_numbers_the_contents_when_the_pack_is_written(
    world: World, tmp_path: Path, to_pdf: Callable[[Path], Path]
) -> None:
    path = tmp_path / "pack.docx"
    items = _items(world)
    record = pack_paper(world.services, TITLE, "Senior Management Team", MEETING_DAY, items, path)
    assert isinstance(record, PackRecord)
    assert record.page_numbers == PAGES_COMPUTED
    warning = "" if pack_pages.has_arial_metrics() else pack_pages.NO_ARIAL_NOTE
    assert record.page_numbers_note == pack_pages.COMPUTED_NOTE + warning
    doc = reopen(path)
    written = [row[4] for row in _contents(doc)[1:]]  # what Protected View shows
    assert all(page.isdigit() for page in written), written
    # The fields stay for Word to update, no longer marked for updating on opening.
    table_xml = doc.tables[0]._tbl.xml
    assert table_xml.count("PAGEREF _PackPaper") == 3 and 'w:dirty="true"' not in table_xml
    assert doc.settings.element.find(qn("w:updateFields")) is None

    # The numbers are where LibreOffice puts each paper, by the footer that starts it.
    pdf = to_pdf(path)
    pages = page_count(pdf)
    texts = pdf_page_texts(pdf)
    starts = {}
    for number, text in enumerate(texts, start=1):
        for ref in ("BESD/M2", "BESD-R1/P", "BESD/AL"):
            if re.search(rf"{re.escape(ref)} · version 1 · Page {number} of {pages}", text):
                starts.setdefault(ref, number)
    assert starts["BESD/M2"] == 3
    assert written == [str(starts[ref]) for ref in ("BESD/M2", "BESD-R1/P", "BESD/AL")]
    contents = texts[1]
    for ref, page in starts.items():
        assert re.search(rf"{re.escape(ref)}\s+1\s+{page}\b", contents), (ref, page, contents)

    # The same input, laid out again: the same bytes.
    again = tmp_path / "again.docx"
    pack_paper(world.services, TITLE, "Senior Management Team", MEETING_DAY, items, again)
    assert again.read_bytes() == path.read_bytes()


def test_without_libreoffice_the_pages_are_left_for_word_and_it_says_so(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pack_pages, "find_soffice", lambda: None)
    path = tmp_path / "pack.docx"
    record = pack_paper(world.services, TITLE, items=_items(world), out_path=path)
    assert (record.page_numbers, record.page_numbers_note) == (PAGES_LEFT_FOR_WORD, NO_LIBREOFFICE)
    doc = reopen(path)
    assert [row[4] for row in _contents(doc)[1:]] == ["", "", ""]
    assert doc.settings.element.find(qn("w:updateFields")) is not None
    unasked = pack_paper(
        world.services, TITLE, items=_items(world), out_path=path, page_numbers=False
    )
    assert (unasked.page_numbers, unasked.page_numbers_note) == (PAGES_LEFT_FOR_WORD, NOT_ASKED)


def _paper(number: int, reference: str, digest: str = "x") -> PackPaper:
    return PackPaper(number, "minutes", reference, "T", 1, digest, False, False, False)


def test_paper_starts_are_read_from_the_footers_even_for_a_paper_held_twice() -> None:
    def page(ref: str, n: int) -> str:
        return f"text\n{ref} · version 1 · Page {n} of 9"

    texts = [
        page("PACK/P", 1),
        page("PACK/P", 2),
        page("BESD/M2", 3),
        page("BESD/M2", 4),
        page("BESD/AL", 5),
        page("BESD/AL", 6),
        page("BESD/AL", 7),
        page("BESD/AL", 8),
    ]
    papers = [_paper(1, "BESD/M2"), _paper(2, "BESD/AL"), _paper(3, "BESD/AL")]
    assert paper_starts(texts, papers) == {1: 3, 2: 5, 3: 7}
    assert paper_starts(texts, [_paper(1, "BESD-R9/P")]) is None
    # Not placed one after another: each found after the one before it.
    mixed = [page("A/M1", 1), page("B/M1", 2), page("A/M1", 3)]
    assert paper_starts(mixed, [_paper(1, "A/M1"), _paper(2, "B/M1"), _paper(3, "A/M1")]) == {
        1: 1, 2: 2, 3: 3,
    }


def test_an_action_log_in_a_pack_is_as_at_the_packs_date(world: World, tmp_path: Path) -> None:
    _, doc = _pack(world, tmp_path, items=[("action_log", world.group_id)])
    assert "As at Wednesday 10 November 2010." in _all_text(doc)


@pytest.mark.parametrize(
    ("answer", "same_widths"),
    [('DejaVuSans.ttf: "DejaVu Sans" "Book"', False),
     ('LiberationSans-Regular.ttf: "Liberation Sans" "Regular"', True)],
)
def test_the_note_warns_when_libreoffice_has_no_font_of_arials_widths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer: str, same_widths: bool
) -> None:
    fake = tmp_path / "fc-match"
    fake.write_text(f"#!/bin/sh\necho '{answer}'\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(pack_pages.sys, "platform", "linux")
    assert pack_pages.has_arial_metrics() is same_widths


def test_a_papers_word_numbering_is_the_same_inside_the_pack(world: World, tmp_path: Path) -> None:
    from sen_desktop.papers.minutes import minutes_paper

    minutes_paper(world.services, world.second_id, tmp_path / "minutes.docx")
    alone = list_labels(reopen(tmp_path / "minutes.docx"))
    assert alone[0][0] == "7."  # meeting 2's minutes number on from meeting 1's
    _, doc = _pack(world, tmp_path, items=[("minutes", world.second_id)] * 2)
    in_pack = list_labels(doc)
    assert in_pack == alone + alone  # each copy numbered as the paper itself is
