"""The recommendation paper (decision report): the front sheet's labels in order and its
values from the recommendation, its history and the people in the group's seats; the
subject as Heading 1 and the ten sections numbered by Word; what each body decided, with
its reasons and amendments; the boxed recommendations; an all-empty recommendation; a
group with nobody to write it; and the exempt appendix of a confidential one."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from paper_helpers import (
    NEXT_DAY,
    TODAY,
    World,
    body_texts,
    footer_text,
    header_text,
    list_labels,
    outline,
    page_count,
    pdf_page_texts,
    reopen,
)

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.recommendations.service import RecommendationService
from sen_desktop.papers.document import RESTRICTED, UNRESTRICTED
from sen_desktop.papers.output import PaperServices
from sen_desktop.papers.recommendation import (
    FRONT_SHEET_LABELS,
    NO_IMPLICATIONS,
    NONE_IDENTIFIED,
    SECTIONS,
    has_confidential,
    recommendation_paper,
)
from tests.chair_helpers import chair_laptop

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from docx.document import Document

RATIONALE = "Schools in North Kent asked for outreach in the 2010 survey."
FINANCIAL = "£120,000 a year from the outreach budget."
VIEW = "The reference group supports the hub and asks for a parent liaison worker."
ASKED = "Cost the hubs district by district first."
AMENDMENT = "Amended to start with a pilot in two districts."
REASON = "Not affordable within the current budget settlement."
SG_DAY = dt.date(2010, 11, 2)


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


def _to_steering_group(
    world: World, rec_id: str, recs: RecommendationService | None = None
) -> None:
    recs = recs or world.services.recommendations
    minute = world.services.meetings.agenda_item(world.items["provision"]).minute_number
    recs.record_event(rec_id, "agreed", meeting_id=world.second_id, minute_number=str(minute))
    recs.record_event(rec_id, "submitted_to_sg")


def _appoint_sg_chair(world: World) -> str:
    people = world.services.people
    director = people.create(
        "Ms Rita Moss",
        job_title="Director of Specialist Children's Services",
        email="rita.moss@example.org",
        phone="01622 000000",
    )
    chair_seat = next(s for s in world.services.programme.group(group_id("SG")).seats if s.is_chair)
    people.appoint(chair_seat.id, director.id, dt.date(2010, 1, 1))
    return director.id


class _Clock:
    """The recording laptop's clock, set by the test: a step not taken at a meeting is
    dated by it."""

    def __init__(self) -> None:
        self.at = dt.datetime(2010, 10, 6, 12, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.at

    def set(self, day: dt.date) -> None:
        self.at = dt.datetime.combine(day, dt.time(12, 0), tzinfo=dt.UTC)


def _chairs_service(world: World) -> tuple[RecommendationService, str, _Clock]:
    """A service signing on the Steering Group chair's certified laptop (for the test, she
    chairs SMT and Cabinet too), its clock in 2010."""
    chair = _appoint_sg_chair(world)
    sf = world.services.session_factory
    start = dt.date(2010, 1, 1)
    grants = [(code, chair, start) for code in ("SG", "SMT", "Cabinet")]
    _, laptop = chair_laptop(sf, grants)
    clock = _Clock()
    recs = RecommendationService(sf, today=lambda: TODAY, signer=laptop, now=clock)
    return recs, chair, clock


def _sg_meeting(world: World) -> str:
    meeting = world.services.meetings.schedule(
        group_id("SG"), SG_DAY, dt.time(10, 0), venue="Sessions House, Maidstone"
    )
    return meeting.id


def _paper(world: World, rec_id: str, tmp_path: Path, **kwargs: object) -> Document:
    path = tmp_path / "paper.docx"
    recommendation_paper(world.services, rec_id, path, **kwargs)  # type: ignore[arg-type]
    return reopen(path)


def _texts(doc: Document) -> list[str]:
    """The body's paragraphs as python-docx reads them, tables left out."""
    return [p.text for p in doc.paragraphs]


def _numbered(doc: Document) -> dict[str, str]:
    """Word's numbers of the report's paragraphs: {"2.1": text} (first of each label)."""
    found: dict[str, str] = {}
    for label, text in list_labels(doc):
        found.setdefault(label, text)
    return found


def _front_sheet(doc: Document) -> list[tuple[str, str]]:
    sheet = doc.tables[0]
    return [(row.cells[0].text, row.cells[1].text) for row in sheet.rows]


def _everything(doc: Document) -> str:
    return "\n".join(body_texts(doc))


def test_the_front_sheet_has_the_labels_in_order_with_their_values(
    world: World, tmp_path: Path
) -> None:
    rec_id = _raise(world)
    _to_steering_group(world, rec_id)
    item = world.services.recommendations.put_on_agenda(rec_id, _sg_meeting(world))
    assert item
    doc = _paper(world, rec_id, tmp_path)
    sheet = dict(_front_sheet(doc))
    assert [label for label, _ in _front_sheet(doc)] == list(FRONT_SHEET_LABELS)
    assert sheet["By:"] == "Mrs Anne Hale, Chair, BESD Working Group"  # a person, not a post
    assert sheet["To:"] == "Strategy Steering Group – 2 November 2010"  # with its meeting
    assert sheet["Decision No:"] == "10/01234"
    assert sheet["Subject:"] == "OUTREACH HUBS"
    assert sheet["Key decision:"] == "Yes"
    assert sheet["Classification:"] == "Unrestricted"
    assert sheet["Past Pathway of Paper:"].startswith(
        "BESD Working Group, 6 October 2010: Agreed by working group (minute "
    )
    assert sheet["Future Pathway of Paper:"].splitlines() == [
        "Strategy Steering Group, to endorse: 2 November 2010",
        "SMT and Members, to decide: date to be confirmed",
    ]
    # Thanet and Dover are districts: the divisions are those within them.
    assert sheet["Electoral Division:"] == "The divisions in the Dover and Thanet districts"
    assert sheet["Summary:"].startswith("FOR DECISION\nThis report asks the Strategy")
    assert sheet["Recommendation(s):"].splitlines()[:2] == [
        "The Strategy Steering Group is asked to:",
        "endorse recommendation BESD-R1 of the BESD Working Group, “Outreach hubs”, set out "
        "in section 3;",
    ]
    assert "is endorsed" not in sheet["Recommendation(s):"]
    # The points are Word's "(a)", "(b)"; every line in the body's 12 pt ("Normal"),
    # hanging under its first word.
    labels = [label for label, text in list_labels(doc) if text.startswith(("endorse", "note"))]
    assert labels[:2] == ["(a)", "(b)"]
    for row in doc.tables[0].rows:
        for para in (*row.cells[0].paragraphs, *row.cells[1].paragraphs):
            assert para.style is not None and para.style.name == "Normal"
    step = doc.tables[0].rows[6].cells[1].paragraphs[0]  # a past pathway step
    point = doc.tables[0].rows[10].cells[1].paragraphs[1]  # "(a) endorse …"
    for para in (step, point):
        assert para.paragraph_format.first_line_indent is not None
        assert para.paragraph_format.first_line_indent < 0
        assert para.paragraph_format.left_indent == -para.paragraph_format.first_line_indent
    assert UNRESTRICTED in header_text(doc)
    assert footer_text(doc).startswith("BESD-R1/P · version 1 · Page ")
    assert doc.core_properties.created == dt.datetime(2010, 11, 2, tzinfo=dt.UTC)  # its meeting
    assert "To be confirmed" not in _everything(doc)


def test_the_subject_is_heading_1_and_the_sections_are_numbered_by_word(
    world: World, tmp_path: Path
) -> None:
    rec_id = _raise(world)
    _to_steering_group(world, rec_id)
    _appoint_sg_chair(world)
    doc = _paper(world, rec_id, tmp_path)
    heads = outline(doc)
    assert heads[0] == (1, "BESD-R1: Outreach hubs")
    assert heads[1:] == [(2, title) for title in SECTIONS] + [
        (2, "Background documents"),
        (2, "Contact details"),
    ]
    numbers = _numbered(doc)
    assert [numbers[f"{n}."] for n in range(1, 11)] == list(SECTIONS)
    assert numbers["2.1"] == RATIONALE
    assert numbers["4.1"] == FINANCIAL
    assert numbers["8.2"] == f"The Parent/Carer Reference Group's view: {VIEW}"
    assert numbers["9.1"].startswith("For the reasons set out in this report")
    assert not any(text.startswith(("1.1\t", "2.1\t")) for text in _texts(doc))  # not typed
    # Section 3: the proposal is one sentence in one paragraph; the options are the
    # recommendation's own, doing nothing described from its tier and districts.
    texts = _texts(doc)
    assert numbers["3.1"] == "The BESD Working Group proposes the following."
    assert "That every district has an outreach hub run by a special school." in texts
    options = [text for label, text in list_labels(doc) if text.startswith("Option")]
    assert options == [
        "Option 1: adopt recommendation BESD-R1, “Outreach hubs”, as proposed. "
        "This is recommended.",
        "Option 2: do nothing. Provision at the tier “Outreach” for BESD in Dover and "
        "Thanet would continue as it is now.",
    ]
    # Contact details: the group's chair writes it; the Steering Group's chair directs.
    assert "Name:\tMrs Anne Hale" in texts
    assert "Name:\tMs Rita Moss" in texts
    assert "Job title:\tDirector of Specialist Children's Services" in texts
    assert "Email:\trita.moss@example.org" in texts
    for before, after in zip(texts, texts[1:], strict=False):
        assert not before or before != after  # no paragraph repeats the one before it


def test_the_lead_officer_writes_it_when_appointed_and_by_names_both(
    world: World, tmp_path: Path
) -> None:
    people = world.services.people
    lead = people.create("Mr Sam Reid", job_title="County SEN Manager", phone="01622 111111")
    seats = world.services.programme.group(world.group_id).seats
    seat = next(s for s in seats if s.title.startswith("Head of SEN and Resources or"))
    people.appoint(seat.id, lead.id, dt.date(2010, 1, 1))
    rec_id = _raise(world)
    doc = _paper(world, rec_id, tmp_path)
    assert dict(_front_sheet(doc))["By:"].splitlines() == [
        "Mrs Anne Hale, Chair, BESD Working Group",
        "Mr Sam Reid, County SEN Manager",
    ]
    texts = _texts(doc)
    author = texts.index("Report author:")
    assert texts[author + 1 : author + 4] == [
        "Name:\tMr Sam Reid",
        "Job title:\tCounty SEN Manager",
        "Telephone:\t01622 111111",
    ]


def test_a_group_with_no_chair_or_lead_officer_is_refused_saying_whom_to_appoint(
    world: World, tmp_path: Path
) -> None:
    rec = world.services.recommendations.create(group_id("ASD"), "Speech and language")
    with pytest.raises(ValidationError, match="Appoint a chair or a lead officer") as caught:
        _paper(world, rec.id, tmp_path)
    assert "ASD" in str(caught.value) and "ASD-R1" in str(caught.value)
    assert not (tmp_path / "paper.docx").exists()


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
    assert lines[1].startswith("agree recommendation BESD-R1 of the BESD Working Group")
    assert lines[-1].startswith("note the financial, legal")
    # The box comes straight after section 10's heading.
    body = list(doc.element.body.iterchildren())
    index = body.index(box._tbl)
    assert Paragraph(body[index - 1], doc._body).text == "Recommendation(s)"


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
    assert sheet["To:"] == "BESD Working Group – date to be confirmed"  # not on an agenda
    numbers = _numbered(doc)
    assert numbers["2.1"] == NONE_IDENTIFIED
    for number in (4, 5, 6, 7):
        assert numbers[f"{number}.1"] == NO_IMPLICATIONS
    options = [text for label, text in list_labels(doc) if text.startswith("Option 2")]
    assert options == [
        "Option 2: do nothing. Provision for BESD would continue as it is now."
    ]
    texts = _texts(doc)
    assert "Name:\tMrs Anne Hale" in texts  # BESD's chair
    # Nobody in the Steering Group's chair: the post, said to be vacant.
    assert "Post:\tDirector of Specialist Children’s Services (vacant)" in texts
    assert "To be confirmed" not in _everything(doc)


def _approved(world: World, rec_id: str, amended: bool) -> None:
    recs, chair, clock = _chairs_service(world)
    _to_steering_group(world, rec_id, recs)
    sg = _sg_meeting(world)
    if amended:
        recs.record_event(
            rec_id, "endorsed_with_amendments", meeting_id=sg, minute_number="14",
            sign_as=chair, note=AMENDMENT,
        )
    else:
        recs.record_event(rec_id, "endorsed", meeting_id=sg, minute_number="14", sign_as=chair)
    recs.record_event(rec_id, "submitted_to_smt")
    clock.set(dt.date(2010, 11, 24))
    recs.record_event(
        rec_id, "approved_with_amendments" if amended else "approved", body_code="Cabinet",
        sign_as=chair, note=AMENDMENT if amended else "",
    )


def test_an_approved_recommendation_is_for_information(world: World, tmp_path: Path) -> None:
    rec_id = _raise(world, reference_group_view="")
    _approved(world, rec_id, amended=False)
    report_back = world.services.meetings.schedule(
        group_id("SG"), dt.date(2010, 12, 7), dt.time(10, 0)
    )
    world.services.recommendations.put_on_agenda(rec_id, report_back.id)
    doc = _paper(world, rec_id, tmp_path)
    sheet = dict(_front_sheet(doc))
    assert sheet["Summary:"].startswith("FOR INFORMATION")
    assert sheet["To:"] == "Strategy Steering Group – 7 December 2010"  # after the decision
    assert sheet["Future Pathway of Paper:"] == "None: no further body is to consider it."
    assert sheet["Past Pathway of Paper:"].splitlines()[1:] == [
        "Strategy Steering Group, 2 November 2010: Endorsed (minute 14)",
        "Cabinet, 24 November 2010: Approved",
    ]
    assert sheet["Recommendation(s):"].splitlines()[1].startswith(
        "note that the Cabinet approved the recommendation on "
    )
    everything = _everything(doc)
    assert "has not yet been recorded" not in everything  # decided: say what is known
    assert "No view of the Parent/Carer Reference Group is recorded" in everything
    assert "This is recommended" not in everything


def test_approved_with_amendments_shows_the_amendment(world: World, tmp_path: Path) -> None:
    rec_id = _raise(world)
    _approved(world, rec_id, amended=True)
    doc = _paper(world, rec_id, tmp_path)
    sheet = dict(_front_sheet(doc))
    past = sheet["Past Pathway of Paper:"].splitlines()
    assert past[1] == (
        f"Strategy Steering Group, 2 November 2010: Endorsed with amendments (minute 14). "
        f"The amendments: {AMENDMENT}"
    )
    assert past[-1].startswith("Cabinet, ") and past[-1].endswith(f"The amendments: {AMENDMENT}")
    decisions = [t for _, t in list_labels(doc) if t.startswith("On ")]
    assert (
        "On Tuesday 2 November 2010 the Strategy Steering Group endorsed the recommendation "
        f"with amendments (minute 14). The amendments: “{AMENDMENT}”"
    ) in decisions
    assert any(t.startswith("Option 1: adopt recommendation BESD-R1, “Outreach hubs”, as "
                            "amended (section 2). The Cabinet approved the recommendation with "
                            "amendments on ") for _, t in list_labels(doc))


def test_a_referred_back_paper_says_what_was_asked(world: World, tmp_path: Path) -> None:
    rec_id = _raise(world)
    recs, _, _ = _chairs_service(world)
    _to_steering_group(world, rec_id, recs)
    recs.record_event(
        rec_id, "referred_back", meeting_id=_sg_meeting(world), minute_number="15", note=ASKED
    )
    doc = _paper(world, rec_id, tmp_path)
    sheet = dict(_front_sheet(doc))
    assert sheet["To:"].startswith("BESD Working Group – ")
    assert (
        f"The Strategy Steering Group referred it back on 2 November 2010, asking the group: "
        f"“{ASKED}”"
    ) in sheet["Summary:"]
    assert sheet["Past Pathway of Paper:"].splitlines()[-1] == (
        "Strategy Steering Group, 2 November 2010: Referred back (minute 15). It asked the "
        f"working group: {ASKED}"
    )
    assert (
        "On Tuesday 2 November 2010 the Strategy Steering Group referred the recommendation "
        f"back to the working group (minute 15). It asked the working group: “{ASKED}”"
    ) in [t for _, t in list_labels(doc)]


def test_a_rejected_paper_says_why_and_does_not_recommend_it(
    world: World, tmp_path: Path, to_pdf: Callable[[Path], Path]
) -> None:
    rec_id = _raise(world)
    recs, chair, clock = _chairs_service(world)
    _to_steering_group(world, rec_id, recs)
    recs.record_event(rec_id, "endorsed", meeting_id=_sg_meeting(world), sign_as=chair)
    recs.record_event(rec_id, "submitted_to_smt")
    clock.set(dt.date(2010, 11, 24))
    recs.record_event(rec_id, "rejected", body_code="Cabinet", note=REASON)
    path = tmp_path / "rejected.docx"
    recommendation_paper(world.services, rec_id, path)
    doc = reopen(path)
    sheet = dict(_front_sheet(doc))
    assert sheet["Summary:"].startswith("FOR INFORMATION")
    assert f"The reason given: “{REASON}”" in sheet["Summary:"]
    options = [t for _, t in list_labels(doc) if t.startswith("Option 1")]
    assert options[0].endswith("The Cabinet rejected the recommendation on 24 November 2010.")
    # What LibreOffice prints: Word's numbers drawn, the reason there, nothing recommended.
    text = " ".join("\n".join(pdf_page_texts(to_pdf(path))).split())
    assert "This is recommended" not in text
    assert REASON in text
    assert "2.1 " in text and "3.2 " in text and "(a) " in text
    assert "To be confirmed" not in text


def test_a_withdrawn_paper_says_so_not_what_came_before(world: World, tmp_path: Path) -> None:
    rec_id = _raise(world)
    _to_steering_group(world, rec_id)
    world.services.recommendations.record_event(
        rec_id, "withdrawn", meeting_id=_sg_meeting(world), note="Another recommendation covers it."
    )
    doc = _paper(world, rec_id, tmp_path)
    sheet = dict(_front_sheet(doc))
    assert sheet["Recommendation(s):"].splitlines()[1] == (
        "note that the recommendation was withdrawn on 2 November 2010, as set out in section 2."
    )
    assert _numbered(doc)["2.3"] == (
        "On Tuesday 2 November 2010 the recommendation was withdrawn. The reason given: "
        "“Another recommendation covers it.”"
    )
    assert "This is recommended" not in _everything(doc)


def test_a_key_decision_goes_to_cabinet_never_smt_alone(world: World, tmp_path: Path) -> None:
    rec_id = _raise(world)
    recs, chair, _ = _chairs_service(world)
    _to_steering_group(world, rec_id, recs)
    recs.record_event(rec_id, "endorsed", meeting_id=_sg_meeting(world), sign_as=chair)
    sheet = dict(_front_sheet(_paper(world, rec_id, tmp_path)))
    assert sheet["To:"] == "Cabinet – date to be confirmed"
    assert sheet["Recommendation(s):"].startswith("The Cabinet is asked to:\napprove")
    with pytest.raises(ValidationError, match="key decision") as caught:
        _paper(world, rec_id, tmp_path, to_body="SMT")
    assert caught.value.field == "to_body"


def test_to_can_be_given(world: World, tmp_path: Path) -> None:
    rec_id = _raise(world, key_decision=False)
    doc = _paper(world, rec_id, tmp_path, to_body="SMT")
    assert dict(_front_sheet(doc))["To:"] == "Senior Management Team – date to be confirmed"


def test_an_exempt_recommendation_is_published_with_an_exempt_appendix(
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

    public_doc = _paper(world, rec_id, tmp_path)
    public = body_texts(public_doc)
    assert not any(RATIONALE in t or FINANCIAL in t for t in public)
    withheld = (
        "See Appendix A, which is not for publication: it contains exempt information under "
        "paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972."
    )
    numbers = _numbered(public_doc)
    assert numbers["2.1"] == withheld and numbers["4.1"] == withheld
    # The report itself is public: the proposal, the options and the recommendations.
    assert "That every district has an outreach hub run by a special school." in public
    assert numbers["8.2"] == f"The Parent/Carer Reference Group's view: {VIEW}"
    assert dict(_front_sheet(public_doc))["Recommendation(s):"].startswith(
        "The BESD Working Group is asked to:\nagree recommendation BESD-R1"
    )
    assert "OUTREACH HUBS" in public
    assert not any(level == 2 and "Appendix A" in text for level, text in outline(public_doc))

    doc = _paper(world, rec_id, tmp_path, confidential=True)
    assert RESTRICTED in header_text(doc)
    assert dict(_front_sheet(doc))["Classification:"].startswith(
        "Restricted — Appendix A not for publication: commercial terms with a school"
    )
    heads = outline(doc)
    start = heads.index((2, "Appendix A (exempt): not for publication"))
    assert heads[start + 1 : start + 3] == [(3, "Background"), (3, "Financial implications")]
    texts = _texts(doc)
    assert RATIONALE in texts and FINANCIAL in texts


def test_awkward_text_gives_a_valid_paper(world: World, tmp_path: Path) -> None:
    rec_id = _raise(
        world,
        text="Line one\x0bline two 🙂 مرحبا\x00",
        rationale="A\x0cB",
    )
    doc = _paper(world, rec_id, tmp_path)
    texts = _texts(doc)
    assert "Line one" in texts and "line two 🙂 مرحبا" in texts
    numbers = _numbered(doc)
    assert numbers["2.1"] == "A" and numbers["2.2"] == "B"


def test_regenerated_a_day_later_it_gives_the_same_bytes(world: World, tmp_path: Path) -> None:
    rec_id = _raise(world)
    _to_steering_group(world, rec_id)
    world.services.recommendations.put_on_agenda(rec_id, _sg_meeting(world))
    first, second = tmp_path / "one.docx", tmp_path / "two.docx"
    recommendation_paper(world.services, rec_id, first)
    later = PaperServices.from_session_factory(
        world.services.session_factory, today=lambda: TODAY + dt.timedelta(days=1)
    )
    recommendation_paper(later, rec_id, second)
    assert first.read_bytes() == second.read_bytes()


def test_libreoffice_converts_the_paper(
    world: World, tmp_path: Path, to_pdf: Callable[[Path], Path]
) -> None:
    rec_id = _raise(world)
    _to_steering_group(world, rec_id)
    path = tmp_path / "paper.docx"
    recommendation_paper(world.services, rec_id, path)
    assert 2 <= page_count(to_pdf(path)) <= 5


def test_section_8_says_what_the_consultations_made_of_it(world: World, tmp_path: Path) -> None:
    from sen_desktop.core.consultations.records import ConsultationFields, ResponseFields
    from sen_desktop.core.consultations.service import ConsultationService

    rec_id = _raise(world)
    service = ConsultationService(world.services.session_factory)
    made = service.create(ConsultationFields(
        "Outreach proposals", ("schools", "parents_carers"), dt.date(2010, 11, 15),
        dt.date(2011, 3, 18)))
    document = service.add_document(made.id, "recommendation", rec_id).id
    theme = service.add_theme(made.id, "Hubs in every district").id
    service.record_change(theme, "A hub for Swale was added.", "recommendation", rec_id)
    service.add_response(made.id, ResponseFields("parents_carers", "Swale has none.",
                                                 themes=(theme,), document_id=document))
    texts = _texts(_paper(world, rec_id, tmp_path))
    consulted = texts.index(
        "It was consulted on in C1 \u201cOutreach proposals\u201d, 15 November 2010 to 18 "
        "March 2011, with schools and parents and carers: 1 response, 1 of them addressing "
        "this proposal.")
    assert texts[consulted + 1] == (
        "You said (C1 \u201cOutreach proposals\u201d): Hubs in every district, in 1 "
        "response. We did: A hub for Swale was added.")
    assert texts.index("Consultation") < consulted < texts.index("Conclusions")
