"""The recommendation paper (decision report): the front sheet's labels in order and its
values from the recommendation and its history, the ten numbered sections, the boxed
recommendations, an all-empty recommendation, and the public version of an exempt one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from paper_helpers import (
    NEXT_DAY,
    TODAY,
    World,
    body_texts,
    footer_text,
    header_text,
    page_count,
    reopen,
)

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.recommendations import RecommendationService
from sen_desktop.core.seed import group_id
from sen_desktop.papers.document import RESTRICTED, UNRESTRICTED
from sen_desktop.papers.recommendation import (
    FRONT_SHEET_LABELS,
    NO_IMPLICATIONS,
    NONE_IDENTIFIED,
    SECTIONS,
    has_confidential,
    recommendation_paper,
)
from tests.chair_helpers import chair_laptop

RATIONALE = "Schools in North Kent asked for outreach in the 2010 survey."
FINANCIAL = "£120,000 a year from the outreach budget."
VIEW = "The reference group supports the hub and asks for a parent liaison worker."


def _raise(world: World, **fields: object) -> str:
    values: dict[str, object] = {
        "text": "That every district has an outreach hub run by a special school.",
        "rationale": RATIONALE,
        "tier": "outreach",
        "districts": ["Thanet", "Dover"],
        "financial": FINANCIAL,
        "legal": "Within the County's duties under the Education Act 1996.",
        "equality": "Positive for pupils with SEN.",
        "data_protection": "No personal data is shared.",
        "reference_group_view": VIEW,
        "key_decision": True,
        "decision_no": "10/01234",
    }
    values.update(fields)
    rec = world.services.recommendations.create(world.group_id, "Outreach hubs", **values)  # type: ignore[arg-type]
    return rec.id


def _to_steering_group(world: World, rec_id: str) -> None:
    recs = world.services.recommendations
    minute = world.services.meetings.agenda_item(world.items["provision"]).minute_number
    recs.record_event(rec_id, "agreed", meeting_id=world.second_id, minute_number=str(minute))
    recs.record_event(rec_id, "submitted_to_sg")


def _appoint_sg_chair(world: World) -> None:
    people = world.services.people
    director = people.create(
        "Ms Rita Moss",
        job_title="Director of Specialist Children's Services",
        email="rita.moss@kent.gov.uk",
        phone="01622 000000",
    )
    chair_seat = next(s for s in world.services.programme.group(group_id("SG")).seats if s.is_chair)
    people.appoint(chair_seat.id, director.id, dt.date(2010, 1, 1))


def _paper(world: World, rec_id: str, tmp_path: Path, **kwargs: object) -> Document:
    path = tmp_path / "paper.docx"
    recommendation_paper(world.services, rec_id, path, **kwargs)  # type: ignore[arg-type]
    return reopen(path)


def _texts(doc: Document) -> list[str]:
    """The body's paragraphs as python-docx reads them (tabs as "\t"), tables left out."""
    return [p.text for p in doc.paragraphs]


def _front_sheet(doc: Document) -> list[tuple[str, str]]:
    sheet = doc.tables[0]
    return [(row.cells[0].text, row.cells[1].text) for row in sheet.rows]


def test_the_front_sheet_has_the_labels_in_order_with_their_values(
    world: World, tmp_path: Path
) -> None:
    rec_id = _raise(world)
    _to_steering_group(world, rec_id)
    doc = _paper(world, rec_id, tmp_path)
    sheet = dict(_front_sheet(doc))
    assert [label for label, _ in _front_sheet(doc)] == list(FRONT_SHEET_LABELS)
    assert sheet["By:"] == "Chair, BESD Working Group"
    assert sheet["To:"] == "Strategy Steering Group"
    assert sheet["Decision No:"] == "10/01234"
    assert sheet["Subject:"] == "OUTREACH HUBS"
    assert sheet["Key decision:"] == "Yes"
    assert sheet["Classification:"] == "Unrestricted"
    assert sheet["Past Pathway of Paper:"].startswith(
        "BESD Working Group, 6 October 2010: Agreed by working group (minute "
    )
    assert sheet["Future Pathway of Paper:"].splitlines() == [
        "Strategy Steering Group, to endorse: date to be confirmed",
        "SMT and Members, to decide: date to be confirmed",
    ]
    assert sheet["Electoral Division:"] == "Dover, Thanet"
    assert sheet["Summary:"].startswith("FOR DECISION\nThis report asks the Strategy")
    assert sheet["Recommendation(s):"].splitlines()[:2] == [
        "The Strategy Steering Group is asked to:",
        "(a) endorse the recommendation of the BESD Working Group that every district "
        "has an outreach hub run by a special school;",
    ]
    assert UNRESTRICTED in header_text(doc)
    assert footer_text(doc).startswith("BESD-R1/P · version 1 · Page ")


def test_the_report_has_ten_numbered_sections_in_order(world: World, tmp_path: Path) -> None:
    rec_id = _raise(world)
    _to_steering_group(world, rec_id)
    _appoint_sg_chair(world)
    doc = _paper(world, rec_id, tmp_path)
    headings = [
        p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 2"
    ]
    assert headings == [f"{n}.\t{title}" for n, title in enumerate(SECTIONS, start=1)] + [
        "Background documents",
        "Contact details",
    ]
    numbered = [p.text.split("\t")[0] for p in doc.paragraphs if p.style.name == "Para 1.1"]
    assert numbered[:2] == ["1.1", "1.2"]
    assert "2.1" in numbered and "4.1" in numbered and "9.1" in numbered
    texts = _texts(doc)
    assert f"2.1\t{RATIONALE}" in texts
    assert f"4.1\t{FINANCIAL}" in texts
    assert any("do nothing" in t for t in texts)
    assert f"8.2\tThe Parent/Carer Reference Group's view: {VIEW}" in texts
    # Contact details: the group's chair writes it; the Steering Group's chair directs.
    assert "Name:\tMrs Anne Hale" in texts
    assert "Name:\tMs Rita Moss" in texts
    assert "Job title:\tDirector of Specialist Children's Services" in texts
    assert "Email:\trita.moss@kent.gov.uk" in texts


def test_the_recommendations_are_repeated_in_a_box(world: World, tmp_path: Path) -> None:
    rec_id = _raise(world)
    doc = _paper(world, rec_id, tmp_path)
    box = doc.tables[1]
    assert len(box.rows) == 1 and len(box.columns) == 1
    assert (
        box._tbl.tblPr.find(qn("w:tblStyle")).get(qn("w:val")) == doc.styles["Paper Table"].style_id
    )  # the ruled style: a border all round
    lines = [p.text for p in box.cell(0, 0).paragraphs]
    assert lines[0] == "The BESD Working Group is asked to:"  # a draft goes to its group
    assert lines[1].startswith("(a)\tagree the recommendation of the BESD Working Group")
    assert lines[-1].startswith("(b)\tnote the financial, legal")
    # The box comes straight after section 10's heading.
    body = list(doc.element.body.iterchildren())
    index = body.index(box._tbl)
    assert Paragraph(body[index - 1], doc._body).text == "10.\tRecommendation(s)"


def test_a_recommendation_with_every_optional_field_empty_is_a_valid_paper(
    world: World, tmp_path: Path
) -> None:
    rec = world.services.recommendations.create(world.group_id, "A title and nothing else")
    doc = _paper(world, rec.id, tmp_path)
    sheet = dict(_front_sheet(doc))
    assert sheet["Decision No:"] == "Not applicable"
    assert sheet["Key decision:"] == "No"
    assert sheet["Electoral Division:"] == "All"
    assert sheet["Past Pathway of Paper:"] == "None: this is its first consideration."
    texts = _texts(doc)
    assert f"2.1\t{NONE_IDENTIFIED}" in texts
    for number in (4, 5, 6, 7):
        assert f"{number}.1\t{NO_IMPLICATIONS}" in texts
    assert "Name:\tMrs Anne Hale" in texts  # BESD's chair
    assert "Name:\tTo be confirmed" in texts  # nobody in the Steering Group's chair


def test_an_approved_recommendation_is_for_information(world: World, tmp_path: Path) -> None:
    rec_id = _raise(world)
    _to_steering_group(world, rec_id)
    _appoint_sg_chair(world)
    chair = next(
        s.holder.person_id
        for s in world.services.programme.group(group_id("SG")).seats
        if s.is_chair and s.holder
    )
    # Signed on the chair's certified laptop (for the test, chair of SG and of SMT).
    sf = world.services.session_factory
    start = dt.date(2010, 1, 1)
    _, laptop = chair_laptop(sf, [("SG", chair, start), ("SMT", chair, start)])
    recs = RecommendationService(sf, today=lambda: TODAY, signer=laptop)
    recs.record_event(rec_id, "endorsed", sign_as=chair)
    recs.record_event(rec_id, "submitted_to_smt")
    recs.record_event(rec_id, "approved", body_code="SMT", sign_as=chair)
    doc = _paper(world, rec_id, tmp_path)
    sheet = dict(_front_sheet(doc))
    assert sheet["Summary:"].startswith("FOR INFORMATION")
    assert sheet["Future Pathway of Paper:"] == "None: no further body is to consider it."
    assert len(sheet["Past Pathway of Paper:"].splitlines()) == 3  # agreed, endorsed, approved


def test_to_can_be_given(world: World, tmp_path: Path) -> None:
    rec_id = _raise(world)
    doc = _paper(world, rec_id, tmp_path, to_body="SMT")
    assert dict(_front_sheet(doc))["To:"] == "Senior Management Team"


def test_an_exempt_recommendation_is_withheld_from_the_public_version(
    world: World, tmp_path: Path
) -> None:
    rec_id = _raise(world)
    assert not has_confidential(world.services, rec_id)
    with pytest.raises(ValidationError, match="only a public version"):
        _paper(world, rec_id, tmp_path, confidential=True)
    next_meeting = next(
        m for m in world.services.meetings.list_meetings(world.group_id) if m.date == NEXT_DAY
    )
    item = world.services.recommendations.put_on_agenda(rec_id, next_meeting.id)
    world.services.meetings.set_confidential(item, True, 3, "commercial terms with a school")
    assert has_confidential(world.services, rec_id)

    public = body_texts(_paper(world, rec_id, tmp_path))
    assert not any(RATIONALE in t or FINANCIAL in t for t in public)
    withheld = (
        "Withheld: exempt information (paragraph 3 of Part 1 of Schedule 12A to the Local "
        "Government Act 1972)."
    )
    assert withheld in public
    assert "OUTREACH HUBS" in public  # the subject is public

    doc = _paper(world, rec_id, tmp_path, confidential=True)
    assert any(RATIONALE in t for t in body_texts(doc))
    assert RESTRICTED in header_text(doc)
    assert dict(_front_sheet(doc))["Classification:"].startswith(
        "Restricted — not for publication: commercial terms with a school"
    )


def test_awkward_text_gives_a_valid_paper(world: World, tmp_path: Path) -> None:
    rec_id = _raise(
        world,
        text="Line one\x0bline two 🙂 مرحبا\x00",
        rationale="A\x0cB",
    )
    texts = _texts(_paper(world, rec_id, tmp_path))
    assert "3.2\tLine one" in texts and "3.3\tline two 🙂 مرحبا" in texts
    assert "2.1\tA" in texts and "2.2\tB" in texts


def test_libreoffice_converts_the_paper(
    world: World, tmp_path: Path, to_pdf: Callable[[Path], Path]
) -> None:
    rec_id = _raise(world)
    _to_steering_group(world, rec_id)
    path = tmp_path / "paper.docx"
    recommendation_paper(world.services, rec_id, path)
    assert 2 <= page_count(to_pdf(path)) <= 4
