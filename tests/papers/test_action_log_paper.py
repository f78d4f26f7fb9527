"""The action log paper: landscape, grouped by group then meeting, BRAG cells shaded and
worded, overdue dates bold, closed actions once, confidential actions withheld."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from typing import TYPE_CHECKING, Any

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from paper_helpers import (
    SECRET,
    World,
    body_texts,
    footer_text,
    header_text,
    outline,
    page_count,
    reopen,
)

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.programme.seed import group_id
from sen_desktop.papers.action_log import (
    BRAG_FILLS,
    COLUMNS,
    action_log_paper,
    gather,
    has_confidential,
    render_action_log,
)
from sen_desktop.papers.document import RESTRICTED, UNRESTRICTED
from sen_desktop.papers.output import PaperServices, docx_bytes

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from docx.document import Document

    from sen_desktop.core.store.database import Database

PUPIL_ACTION = "Write to the family of the pupil"


def _rate(world: World) -> None:
    """Give the world's actions one of each kind of rating and close one at meeting 2."""
    actions = world.services.actions
    actions.update(world.actions["pilot"], brag="green")
    actions.update(world.actions["secret"], brag="amber", brag_comment="Family away until May")
    actions.update(world.actions["old"], status="done", at_meeting_id=world.second_id)


def _log(world: World, tmp_path: Path, confidential: bool = False, name: str = "log") -> Document:
    path = tmp_path / f"{name}.docx"
    action_log_paper(world.services, world.group_id, path, confidential, by="Jo")
    return reopen(path)


def _headings(doc: Document) -> list[tuple[str, str]]:
    return [
        (p.style.name, p.text)
        for p in doc.paragraphs
        if p.style is not None and p.style.name.startswith(("Heading", "Paper Title"))
    ]


def _rows(doc: Document) -> dict[str, list[Any]]:
    """Each action's row cells, by reference (the first cell)."""
    found: dict[str, list[Any]] = {}
    for tbl in doc.tables:
        for row in tbl.rows[1:]:
            cells = list(row.cells)
            found.setdefault(cells[0].text, []).append(cells)
    return found


def test_the_log_is_landscape_and_grouped_by_group_then_meeting(
    world: World, tmp_path: Path
) -> None:
    _rate(world)
    doc = _log(world, tmp_path)
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    assert _headings(doc) == [
        ("Heading 1", "BESD Working Group action log"),
        ("Heading 2", "BESD Working Group"),
        ("Heading 3", "Meeting 2, Wednesday 6 October 2010"),
    ]
    # A true outline: the title, then each group, then each meeting (no level skipped).
    assert outline(doc) == [
        (1, "BESD Working Group action log"),
        (2, "BESD Working Group"),
        (3, "Meeting 2, Wednesday 6 October 2010"),
    ]
    for tbl in doc.tables:
        assert [c.text for c in tbl.rows[0].cells] == list(COLUMNS)
        assert tbl.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats
    assert "UNRESTRICTED" in header_text(doc)
    assert "Kent County Council" in header_text(doc)
    assert footer_text(doc).startswith("BESD/AL · version 1 · Page ")


def test_open_actions_stay_under_the_meeting_that_raised_them(world: World, tmp_path: Path) -> None:
    doc = _log(world, tmp_path)  # nothing closed: meeting 1's action is still open
    headings = [text for _, text in _headings(doc)]
    assert headings[2:] == [
        "Meeting 1, Wednesday 8 September 2010",
        "Meeting 2, Wednesday 6 October 2010",
    ]
    rows = _rows(doc)
    old = rows["BESD-1"][0]
    assert "Draft the outreach leaflet" in old[2].text
    assert old[6].text.startswith("6 October 2010: Leaflet drafted")  # the latest update
    assert old[1].text == "BESD meeting 1, minute 5 (8 September 2010)"


def test_a_closed_action_appears_once_in_the_meeting_that_closed_it(
    world: World, tmp_path: Path
) -> None:
    _rate(world)
    doc = _log(world, tmp_path)
    rows = _rows(doc)
    assert len(rows["BESD-1"]) == 1
    assert rows["BESD-1"][0][7].text == "Done"
    assert "BESD meeting 1" in rows["BESD-1"][0][1].text  # where it was raised
    # …listed under meeting 2 (the only meeting section left), not meeting 1.
    texts = body_texts(doc)
    assert "Meeting 1, Wednesday 8 September 2010" not in texts
    assert texts.index("Meeting 2, Wednesday 6 October 2010") < texts.index("BESD-1")


def test_brag_cells_are_shaded_and_carry_the_word(world: World, tmp_path: Path) -> None:
    _rate(world)
    doc = _log(world, tmp_path, confidential=True)
    rows = _rows(doc)
    expected = {"BESD-1": "blue", "BESD-2": "green", "BESD-3": "amber"}
    for ref, brag in expected.items():
        cell = rows[ref][0][5]
        assert cell.text == brag.title()  # the word, not colour alone
        shd = cell._tc.tcPr.find(qn("w:shd"))
        assert shd is not None and shd.get(qn("w:fill")) == BRAG_FILLS[brag]
    # The reason for the rating, without the rating said again.
    assert rows["BESD-3"][0][6].text == "Family away until May"


def test_overdue_due_dates_are_bold(world: World, tmp_path: Path) -> None:
    doc = _log(world, tmp_path, confidential=True)
    rows = _rows(doc)
    overdue = rows["BESD-1"][0][4]  # due 1 October 2010, open at meeting 2 (6 October)
    assert overdue.text == "1 October 2010\nOverdue"
    assert all(r.bold for r in overdue.paragraphs[0].runs if r.text)
    in_time = rows["BESD-2"][0][4]  # due 3 November 2010
    assert in_time.text == "3 November 2010"
    assert not any(r.bold for r in in_time.paragraphs[0].runs)


def test_the_public_version_withholds_actions_raised_at_confidential_items(
    world: World, tmp_path: Path
) -> None:
    assert has_confidential(world.services, world.group_id)
    public = _log(world, tmp_path, name="public")
    texts = body_texts(public)
    assert not any(PUPIL_ACTION in t for t in texts)
    assert "BESD-3" not in _rows(public)
    pupil = world.services.meetings.agenda_item(world.items["pupil"])
    marker = (
        f"Minute {pupil.minute_number}: 1 action withheld: exempt information (paragraph 1 "
        "of Part 1 of Schedule 12A to the Local Government Act 1972)."
    )
    assert marker in texts
    assert UNRESTRICTED in header_text(public)

    confidential = _log(world, tmp_path, confidential=True, name="confidential")
    row = _rows(confidential)["BESD-3"][0]
    assert row[2].text == PUPIL_ACTION
    assert row[1].text.endswith("(exempt)")
    assert RESTRICTED in header_text(confidential)
    assert "paragraph 1 of Part 1 of Schedule 12A" in header_text(confidential)
    assert not any(SECRET in t for t in body_texts(public))


def test_a_log_with_nothing_confidential_has_only_a_public_version(
    world: World, tmp_path: Path
) -> None:
    sg = group_id("SG")
    assert not has_confidential(world.services, sg)
    with pytest.raises(ValidationError, match="only a public version"):
        action_log_paper(world.services, sg, tmp_path / "sg.docx", confidential=True)
    record = action_log_paper(world.services, sg, tmp_path / "sg.docx")
    doc = reopen(tmp_path / "sg.docx")
    assert record.reference == "SG/AL"
    assert "No actions have been recorded for this group." in body_texts(doc)


def test_the_log_of_every_group_has_a_heading_for_each(world: World, tmp_path: Path) -> None:
    record = action_log_paper(world.services, None, tmp_path / "all.docx")
    doc = reopen(tmp_path / "all.docx")
    groups = [g.name for g in world.services.programme.list_groups()]
    listed = [text for style, text in _headings(doc) if style == "Heading 2"]
    assert listed == groups
    assert record.reference == "ALL/AL"
    assert footer_text(doc).startswith("ALL/AL · version 1")


def test_regenerating_keeps_the_version_until_the_log_changes(world: World, tmp_path: Path) -> None:
    first = action_log_paper(world.services, world.group_id, tmp_path / "a.docx")
    again = action_log_paper(world.services, world.group_id, tmp_path / "b.docx")
    assert (first.version, again.version, again.new_version) == (1, 1, False)
    world.services.actions.update(world.actions["pilot"], brag="green")
    changed = action_log_paper(world.services, world.group_id, tmp_path / "c.docx")
    assert changed.version == 2
    assert footer_text(reopen(tmp_path / "c.docx")).startswith("BESD/AL · version 2")


def test_awkward_text_gives_a_valid_log(world: World, tmp_path: Path) -> None:
    world.services.actions.update(
        world.actions["pilot"],
        description="Cost\x0bthe pilot 🙂 مرحبا\x0c with\ttabs",
    )
    doc = _log(world, tmp_path)
    cell = _rows(doc)["BESD-2"][0][2]
    assert cell.text == "Cost\nthe pilot 🙂 مرحبا\n with\ttabs"


def test_libreoffice_lays_the_log_out_landscape(
    world: World, tmp_path: Path, to_pdf: Callable[[Path], Path]
) -> None:
    _rate(world)
    path = tmp_path / "log.docx"
    action_log_paper(world.services, world.group_id, path, confidential=True)
    pdf = to_pdf(path)
    assert 1 <= page_count(pdf) <= 2


# --- as at the meeting or pack date; BRAG as the legend says -------------------------------


def _log_bytes(world: World, db: Database, today: dt.date, **kw: Any) -> bytes:
    services = PaperServices.from_session_factory(db.session_factory, today=lambda: today)
    data = gather(services, world.group_id, True, **kw)
    return docx_bytes(render_action_log(data, services.authority()))


def test_the_log_is_as_at_the_last_meeting_not_the_day_it_is_made(
    world: World, db: Database, tmp_path: Path
) -> None:
    made = [_log_bytes(world, db, day) for day in (dt.date(2010, 10, 20), dt.date(2026, 12, 7))]
    assert made[0] == made[1]
    doc = docx.Document(io.BytesIO(made[0]))
    assert "As at Wednesday 6 October 2010." in [p.text for p in doc.paragraphs]
    # A pack's date decides instead; what was raised after it is not yet in the log.
    early = docx.Document(io.BytesIO(_log_bytes(world, db, dt.date(2026, 12, 7),
                                                 as_at=dt.date(2010, 9, 30))))
    assert "As at Thursday 30 September 2010." in [p.text for p in early.paragraphs]
    rows = _rows(early)
    assert set(rows) == {"BESD-1"}
    assert rows["BESD-1"][0][4].text == "1 October 2010"  # not yet overdue then
    assert rows["BESD-1"][0][6].text == "None yet"  # its update came at meeting 2


def test_an_action_closed_later_is_open_as_at_an_earlier_date(
    world: World, db: Database
) -> None:
    _rate(world)  # BESD-1 done at meeting 2 (6 October)
    doc = docx.Document(io.BytesIO(_log_bytes(world, db, dt.date(2026, 12, 7),
                                               as_at=dt.date(2010, 10, 2))))
    row = _rows(doc)["BESD-1"][0]
    assert row[7].text == "Open"
    assert row[5].text == "Red"  # due 1 October, not done by 2 October: off track


def test_brag_follows_the_legend(world: World, tmp_path: Path) -> None:
    actions = world.services.actions
    actions.update(world.actions["old"], brag="green", brag_comment="Printer booked")
    actions.update(world.actions["pilot"], status="dropped", at_meeting_id=world.second_id)
    doc = _log(world, tmp_path, confidential=True)
    rows = _rows(doc)
    # Due 1 October, open at 6 October: off track, whatever it was rated; the reason
    # given for Green no longer applies and is not printed.
    old = rows["BESD-1"][0]
    assert old[5].text == "Red"
    assert "Printer booked" not in old[6].text
    dropped = rows["BESD-2"][0][5]
    assert dropped.text == "Dropped"
    assert dropped._tc.tcPr.find(qn("w:shd")) is None  # not shaded as Grey (not started)
    assert rows["BESD-3"][0][5].text == "Grey"  # a new action, not yet rated
    key = next(p.text for p in doc.paragraphs if p.text.startswith("BRAG ratings:"))
    assert "Grey = not started" in key and "Dropped" in key
    assert not any(re.search(r"\b\d{1,2} [A-Z][a-z]{2} \d{4}\b", t) for t in body_texts(doc))


def test_the_pdf_says_as_at_and_dates_in_full(
    world: World, tmp_path: Path, to_pdf: Callable[[Path], Path]
) -> None:
    world.services.actions.update(
        world.actions["pilot"], status="dropped", at_meeting_id=world.second_id
    )
    path = tmp_path / "log.docx"
    action_log_paper(world.services, world.group_id, path, confidential=True)
    text = subprocess.run(["pdftotext", str(to_pdf(path)), "-"], capture_output=True,
                          text=True, check=True).stdout
    words = " ".join(text.split())
    assert "As at Wednesday 6 October 2010." in words
    assert "1 October 2010" in words
    assert not re.search(r"\b\d{1,2} (Sep|Oct|Nov) 2010\b", words)
    assert "Dropped" in words  # whole: no word breaks inside a column
    assert "Droppe d" not in words and "progres s" not in words and "BESD- " not in words
