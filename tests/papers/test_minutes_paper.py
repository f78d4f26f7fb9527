"""The minutes paper, reopened with python-docx and opened by LibreOffice."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx.document import Document
from paper_helpers import (
    SECOND_DAY,
    SECRET,
    World,
    footer_text,
    footer_xml,
    header_text,
    page_count,
    reopen,
    soffice_pdf,
)
from sqlalchemy import select

from sen_desktop.core import seed
from sen_desktop.core.errors import ValidationError
from sen_desktop.core.store.models import AgendaItem, Meeting, MinuteEntry, Person
from sen_desktop.papers.document import DRAFT_BANNER, RESTRICTED, UNRESTRICTED
from sen_desktop.papers.minutes import (
    NO_CONFIDENTIAL,
    SIGNATURE_LINE,
    has_confidential,
    minutes_paper,
)
from sen_desktop.papers.output import PaperServices


def _texts(document: Document) -> list[str]:
    return [p.text for p in document.paragraphs]


def _write(world: World, tmp_path: Path, meeting_id: str | None = None, **kw: object) -> Path:
    confidential = bool(kw.get("confidential", False))
    target = tmp_path / f"minutes-{'c' if confidential else 'p'}.docx"
    minutes_paper(world.services, meeting_id or world.second_id, target, **kw)  # type: ignore[arg-type]
    return target


def _all_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return "".join(
            package.read(name).decode("utf-8") for name in package.namelist()
            if name.endswith(".xml")
        )


def test_heading_opening_and_attendance(world: World, tmp_path: Path) -> None:
    texts = _texts(reopen(_write(world, tmp_path)))
    assert texts[0] == "BESD WORKING GROUP"
    assert texts[1] == (
        "MINUTES of a meeting of the BESD Working Group held at Sessions House, Maidstone on "
        "Wednesday 6 October 2010 at 10.30 am."
    )
    assert texts[2:6] == [
        "PRESENT:\tMrs Anne Hale (Chair), Mr Ben Ortiz (Vice-Chair), "
        "Mr Ed Lowe (SEN and Resources representative)",
        "SUBSTITUTES:\tMs Fay Green for Dr Dev Patel",
        "ALSO PRESENT:\tMr Gus Webb (Clerk)",
        "APOLOGIES:\tMs Cara Singh, Dr Dev Patel",
    ]


def test_items_are_numbered_on_from_the_previous_meeting(world: World, tmp_path: Path) -> None:
    first = world.services.meetings.meeting(world.first_id)
    last = max(i.minute_number or 0 for i in first.agenda)
    document = reopen(_write(world, tmp_path))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings == [
        f"{last + 1}.\tApologies and Substitutes",
        f"{last + 2}.\tDeclarations of Interest",
        f"{last + 3}.\tMinutes of the meeting held on 8 September 2010",
        f"{last + 4}.\tMatters arising and action log",
        f"{last + 5}.\tOutreach provision in North Kent",
        f"{last + 7}.\tDate of next meeting",
    ]
    texts = _texts(document)
    n = last + 1
    assert f"{n}.1\tApologies were received from Ms Cara Singh and Dr Dev Patel." in texts
    assert f"{n}.2\tMs Fay Green was present as substitute for Dr Dev Patel." in texts
    assert (
        f"Mr Ben Ortiz declared an other significant interest in minute {last + 5} (Outreach "
        "provision in North Kent): Governor of a school named in the paper. They left the "
        "room while the item was considered."
    ) in texts
    assert (
        "RESOLVED that the minutes of the meeting held on Wednesday 8 September 2010 are "
        "correctly recorded and that they be signed by the Chair."
    ) in texts
    assert (
        "The next meeting will be held on Wednesday 10 November 2010 at 2.00 pm at "
        "Oakwood School, Sevenoaks."
    ) in texts


def test_discussion_resolutions_and_actions(world: World, tmp_path: Path) -> None:
    texts = _texts(reopen(_write(world, tmp_path)))
    start = texts.index("(Paper B/12; presented by Mr Ed Lowe)")
    number = texts[start - 1].split(".")[0]
    assert texts[start + 1 : start + 8] == [
        f"{number}.1\tMr Lowe introduced the paper.",
        f"{number}.2\tMembers asked about travel times.",
        f"{number}.3\tThe chair summed up.",
        "RESOLVED that:",
        "(a)\tthe report be noted;",
        "(b)\ta pilot start in January 2011.",
        "ACTION: Mr Ed Lowe — Cost the January pilot — by 3 November 2010",
    ]
    assert not any("RESOLVED that RESOLVED" in t for t in texts)


def test_tables_of_carried_forward_and_agreed_actions(world: World, tmp_path: Path) -> None:
    document = reopen(_write(world, tmp_path))
    carried, agreed = document.tables

    def rows(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
        return [[c.text for c in row.cells] for row in table.rows]

    assert rows(carried) == [
        ["Ref", "Action", "Owner", "Due", "Update at this meeting", "Status"],
        ["BESD-1", "Draft the outreach leaflet", "Ms Cara Singh", "1 October 2010",
         "Leaflet drafted; printing in November.", "Open"],
    ]
    assert _texts(document)[-1] != SIGNATURE_LINE
    assert "ACTIONS AGREED AT THIS MEETING" in _texts(document)
    assert rows(agreed) == [
        ["Ref", "Action", "Owner", "Due"],
        ["BESD-2", "Cost the January pilot", "Mr Ed Lowe", "3 November 2010"],
    ]


def test_header_and_footer(world: World, tmp_path: Path) -> None:
    draft = reopen(_write(world, tmp_path))
    assert header_text(draft) == f"Kent County Council\t{UNRESTRICTED}\n{DRAFT_BANNER}"
    assert footer_text(draft).startswith("BESD/M2 · version 1 · Page ")
    xml = footer_xml(draft)
    assert "<w:instrText" in xml and " PAGE " in xml and " NUMPAGES " in xml

    world.services.programme.set_setting("authority_name", "Medway Council")
    confirmed = reopen(_write(world, tmp_path, world.first_id))
    assert header_text(confirmed) == f"Medway Council\t{UNRESTRICTED}"
    assert "UNCONFIRMED" not in header_text(confirmed)
    assert footer_text(confirmed).startswith("BESD/M1 · version 1 · ")
    assert _texts(confirmed)[-1] == SIGNATURE_LINE
    assert "No declarations of interest were made." in _texts(confirmed)
    assert "This was the group's first meeting: there were no previous minutes." in _texts(
        confirmed
    )


def test_confidential_text_only_in_the_confidential_version(
    world: World, tmp_path: Path
) -> None:
    assert has_confidential(world.services, world.second_id)
    public = _write(world, tmp_path)
    secret = _write(world, tmp_path, confidential=True)
    withheld = (
        "exempt information (paragraph 1 of Part 1 of Schedule 12A to the Local Government "
        "Act 1972)"
    )
    public_xml, secret_xml = _all_xml(public), _all_xml(secret)
    for hidden in (SECRET, "Placement of an individual pupil", "Write to the family",
                   "individual pupil", "BESD-3"):
        assert hidden not in public_xml
        assert hidden in secret_xml
    pupil = world.services.meetings.agenda_item(world.items["pupil"]).minute_number
    assert f"{pupil}.\tItem {pupil} withheld: {withheld}" in _texts(reopen(public))

    texts = _texts(reopen(secret))
    assert "CONFIDENTIAL ITEMS" in texts
    assert (
        "RESOLVED that the following items be considered in private because they involve "
        "information about an individual pupil (exempt information as defined in paragraph 1 "
        "of Part 1 of Schedule 12A to the Local Government Act 1972)."
    ) in texts
    placement = texts.index(f"{pupil}.\tPlacement of an individual pupil")
    assert texts.index("CONFIDENTIAL ITEMS") < placement
    assert header_text(reopen(secret)).startswith(f"Kent County Council\t{RESTRICTED}\n")


def test_confidential_version_refused_without_confidential_items(
    world: World, tmp_path: Path
) -> None:
    assert not has_confidential(world.services, world.first_id)
    with pytest.raises(ValidationError) as refused:
        _write(world, tmp_path, world.first_id, confidential=True)
    assert str(refused.value) == NO_CONFIDENTIAL
    assert not (tmp_path / "minutes-c.docx").exists()


def test_version_rises_only_when_the_minutes_change(world: World, tmp_path: Path) -> None:
    target = tmp_path / "m.docx"
    sv = world.services
    one = minutes_paper(sv, world.second_id, target, by="Clerk")
    two = minutes_paper(sv, world.second_id, target, by="Clerk")
    assert (one.version, two.version, two.new_version) == (1, 1, False)
    sv.minutes.save_text(world.items["provision"], "A new discussion.")
    three = minutes_paper(sv, world.second_id, target, by="Clerk")
    assert (three.version, three.new_version) == (2, True)
    assert footer_text(reopen(target)).startswith("BESD/M2 · version 2 · ")
    # The confidential version is versioned on its own.
    assert minutes_paper(sv, world.second_id, target, confidential=True).version == 1


def test_decisions_on_recommendations(world: World, tmp_path: Path) -> None:
    recs = world.services.recommendations
    rec = recs.create(world.group_id, title="Outreach hubs", text="Open three hubs.")
    item_id = recs.put_on_agenda(rec.id, world.second_id)
    recs.record_event(rec.id, "agreed", meeting_id=world.second_id, note="Unanimously")
    texts = _texts(reopen(_write(world, tmp_path)))
    decision = next(t for t in texts if t.startswith("DECISION:"))
    assert decision.startswith(f"DECISION: {rec.reference} — ")
    assert decision.endswith("Unanimously")
    title = world.services.meetings.agenda_item(item_id).title
    heading = next(t for t in texts if t.endswith(title))
    assert texts.index(heading) < texts.index(decision)


def test_libreoffice_opens_the_minutes(world: World, tmp_path: Path) -> None:
    pdf = soffice_pdf(_write(world, tmp_path, confidential=True))
    assert 1 <= page_count(pdf) <= 3


# --- bad input -----------------------------------------------------------------------------


def _raw_meeting(services: PaperServices, code: str = "SG") -> str:
    return services.meetings.schedule(seed.group_id(code), SECOND_DAY).id


def test_control_characters_emoji_and_right_to_left_text(
    services: PaperServices, tmp_path: Path
) -> None:
    meeting_id = _raw_meeting(services)
    item = services.meetings.add_agenda_item(meeting_id, "Pupil voice 🎒 صوت الطالب")
    person = services.people.create("Dr Zoë Ąłë")
    services.meetings.add_in_attendance(meeting_id, person.id, "Guest 😀")
    # Straight into the store, past the core's own cleaning: the paper must still cope.
    with services.session_factory.begin() as s:
        s.add(MinuteEntry(
            agenda_item_id=item.id, position=0,
            text="Line one\x0bline two\x0cpage\x00nul 👍🏽 مرحبا بالعالم שלום\r\nlast",
        ))
        s.get(AgendaItem, item.id).title = "Pupil voice\x0b🎒\x00 صوت الطالب"  # type: ignore[union-attr]
        s.get(Person, person.id).full_name = "Dr Zoë\x00 Ąłë"  # type: ignore[union-attr]
        s.get(Meeting, meeting_id).venue = "Room\x0c 1"  # type: ignore[union-attr]
    target = tmp_path / "odd.docx"
    minutes_paper(services, meeting_id, target)
    xml = _all_xml(target)
    assert "\x00" not in xml and "\x0b" not in xml and "\x0c" not in xml
    texts = _texts(reopen(target))
    assert any("👍🏽 مرحبا بالعالم שלום" in t for t in texts)
    assert any(t.endswith("Pupil voice 🎒 صوت الطالب") for t in texts)
    assert "ALSO PRESENT:\tDr Zoë Ąłë (Guest 😀)" in texts
    assert any("held at Room 1 on" in t for t in texts)


def test_a_meeting_with_nobody_present(services: PaperServices, tmp_path: Path) -> None:
    meeting_id = _raw_meeting(services)
    target = tmp_path / "empty.docx"
    minutes_paper(services, meeting_id, target)
    texts = _texts(reopen(target))
    assert "PRESENT:\tNone recorded." in texts
    assert not any(t.startswith(("SUBSTITUTES:", "ALSO PRESENT:", "APOLOGIES:")) for t in texts)
    assert "No apologies were received." in texts
    assert "No declarations of interest were made." in texts
    assert "There were no open actions from previous meetings." in texts
    assert "The date of the next meeting is to be confirmed." in texts


def test_a_megabyte_of_minutes(services: PaperServices, tmp_path: Path) -> None:
    meeting_id = _raw_meeting(services)
    item = services.meetings.add_agenda_item(meeting_id, "The outreach review in full")
    line = "The group considered the outreach review and agreed the points below. " * 7
    text = "\n\n".join(f"Point {n}: {line}" for n in range(2000))[:1_000_000]
    services.minutes.save_text(item.id, text)
    target = tmp_path / "long.docx"
    minutes_paper(services, meeting_id, target)
    numbered = [p for p in reopen(target).paragraphs if p.style.name == "Para 1.1"]
    assert len(numbered) == text.count("\n\n") + 1
    assert 200 <= page_count(soffice_pdf(target)) <= 450


def test_three_hundred_agenda_items(services: PaperServices, tmp_path: Path) -> None:
    meeting_id = _raw_meeting(services)
    with services.session_factory.begin() as s:  # one transaction: the agenda is not the test
        closing = s.scalars(
            select(AgendaItem).where(
                AgendaItem.meeting_id == meeting_id, AgendaItem.kind == "next_meeting"
            )
        ).one()
        base = closing.position
        for n in range(300):
            item = AgendaItem(
                meeting_id=meeting_id, position=base + n, kind="business",
                title=f"Report {n + 1}", minute_number=base + n,
            )
            s.add(item)
            s.flush()
            s.add(MinuteEntry(agenda_item_id=item.id, position=0, text=f"Report {n + 1} noted."))
        closing.position = base + 300
        closing.minute_number = base + 300
    target = tmp_path / "many.docx"
    minutes_paper(services, meeting_id, target)
    headings = [p.text for p in reopen(target).paragraphs if p.style.name == "Heading 2"]
    assert len(headings) == 305
    assert headings[-1] == f"{base + 300}.\tDate of next meeting"
    assert 8 <= page_count(soffice_pdf(target)) <= 40
