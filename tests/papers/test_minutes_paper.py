"""The minutes paper, reopened with python-docx and opened by LibreOffice."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import zipfile
from typing import TYPE_CHECKING

import docx
import pytest
from paper_helpers import (
    SECOND_DAY,
    SECRET,
    World,
    footer_text,
    footer_xml,
    header_text,
    list_labels,
    outline,
    page_count,
    reopen,
    soffice_pdf,
)
from sqlalchemy import select

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.people.records import person_role, short_capacity
from sen_desktop.core.programme import seed
from sen_desktop.core.store.models import AgendaItem, Meeting, MinuteEntry, Person
from sen_desktop.papers.document import DRAFT_BANNER, RESTRICTED, UNRESTRICTED
from sen_desktop.papers.minutes import (
    EXCLUSION_HEADING,
    NO_CONFIDENTIAL,
    READMITTED,
    SIGNATURE_LINE,
    house_times,
    minutes_paper,
    render_minutes,
)
from sen_desktop.papers.minutes_data import has_confidential
from sen_desktop.papers.output import PaperServices, docx_bytes
from sen_desktop.papers.service import PapersService

if TYPE_CHECKING:
    from pathlib import Path

    from docx.document import Document

    from sen_desktop.core.store.database import Database


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
    # Word's own numbers (w:numPr), not typed text; the headings are the outline.
    headings = [(label, text) for label, text in list_labels(document) if label.endswith(".")]
    assert headings == [
        (f"{last + 1}.", "Apologies and Substitutes"),
        (f"{last + 2}.", "Declarations of Interest"),
        (f"{last + 3}.", "Minutes of the meeting held on 8 September 2010"),
        (f"{last + 4}.", "Matters arising and action log"),
        (f"{last + 5}.", "Outreach provision in North Kent"),
        (f"{last + 6}.", f"Item {last + 6} withheld: exempt information (paragraph 1 of Part 1 "
                         "of Schedule 12A to the Local Government Act 1972)"),
        (f"{last + 7}.", "Date of next meeting"),
    ]
    assert outline(document)[0] == (1, "BESD WORKING GROUP")
    assert {level for level, _ in outline(document)[1:]} == {2}
    # By style name too, as a reader's tools list them: the title is Heading 1.
    styles = [p.style.name for p in document.paragraphs
              if p.style is not None and p.style.name.startswith("Heading")]
    assert styles[0] == "Heading 1" and set(styles[1:]) == {"Heading 2"}
    assert not any(p.text[:1].isdigit() and "\t" in p.text for p in document.paragraphs)
    labels = list_labels(document)
    n = last + 1
    assert (f"{n}.1", "Apologies were received from Ms Cara Singh and Dr Dev Patel.") in labels
    assert (f"{n}.2", "Ms Fay Green was present as substitute for Dr Dev Patel.") in labels
    texts = _texts(document)
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
    document = reopen(_write(world, tmp_path))
    texts = _texts(document)
    start = texts.index("(Paper B/12; presented by Mr Ed Lowe)")
    assert texts[start + 1 : start + 8] == [
        "Mr Lowe introduced the paper.",
        "Members asked about travel times.",
        "The chair summed up.",
        "RESOLVED that:",
        "the report be noted;",
        "a pilot start in January 2011.",
        "ACTION: Mr Ed Lowe — Cost the January pilot — by 3 November 2010",
    ]
    labels = list_labels(document)
    number = next(label for label, text in labels if text == "Outreach provision in North Kent")
    at = labels.index((number, "Outreach provision in North Kent"))
    assert labels[at + 1 : at + 6] == [
        (f"{number}1", "Mr Lowe introduced the paper."),
        (f"{number}2", "Members asked about travel times."),
        (f"{number}3", "The chair summed up."),
        ("(a)", "the report be noted;"),
        ("(b)", "a pilot start in January 2011."),
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
    for hidden in (SECRET, "Placement of an individual pupil", "Write to the family", "BESD-3"):
        assert hidden not in public_xml
        assert hidden in secret_xml
    pupil = world.services.meetings.agenda_item(world.items["pupil"]).minute_number
    exclusion = (
        "RESOLVED that the following items be considered in private because they involve "
        "information about an individual pupil (exempt information as defined in paragraph 1 "
        "of Part 1 of Schedule 12A to the Local Government Act 1972)."
    )
    line = f"Item {pupil} withheld: {withheld}"
    assert (f"{pupil}.", line) in list_labels(reopen(public))
    public_texts = _texts(reopen(public))
    # The resolution excluding the press and public is public: both versions print it,
    # just before the first item taken in private.
    assert public_texts.index(exclusion) == public_texts.index(EXCLUSION_HEADING) + 1
    assert public_texts.index(exclusion) < public_texts.index(line)

    texts = _texts(reopen(secret))
    assert texts.index(EXCLUSION_HEADING) < texts.index(exclusion)
    assert texts.index(exclusion) < texts.index("CONFIDENTIAL ITEMS")
    placement = texts.index("Placement of an individual pupil")
    assert (f"{pupil}.", "Placement of an individual pupil") in list_labels(reopen(secret))
    assert texts.index("CONFIDENTIAL ITEMS") < placement
    assert header_text(reopen(secret)).startswith(f"Kent County Council\t{RESTRICTED}\n")
    # Minutes in number order in both versions (the private item is not moved to the end),
    # and the public items after it say the public came back.
    for version in (public, secret):
        numbers = [int(label[:-1]) for label, _ in list_labels(reopen(version))
                   if label.endswith(".")]
        assert numbers == sorted(numbers) and pupil in numbers, numbers
        version_texts = _texts(reopen(version))
        assert version_texts.index(READMITTED) > version_texts.index(exclusion)


def test_a_carried_forward_exempt_action_has_a_confidential_version(
    world: World, tmp_path: Path
) -> None:
    sv = world.services
    third = max(sv.meetings.list_meetings(world.group_id), key=lambda m: m.date)
    sv.actions.add_update(
        world.actions["secret"], "Letter sent to the family on 1 November.", meeting_id=third.id
    )
    # Meeting 3 took nothing in private, but reviews an action raised in private.
    assert not any(i.exempt for i in sv.meetings.meeting(third.id).agenda)
    assert has_confidential(sv, third.id)
    public = _write(world, tmp_path, third.id)
    secret = _write(world, tmp_path, third.id, confidential=True)
    assert "Write to the family" not in _all_xml(public)
    assert "Letter sent to the family" not in _all_xml(public)
    row = next(r for r in reopen(secret).tables[0].rows if r.cells[0].text == "BESD-3")
    assert row.cells[1].text == "Write to the family of the pupil"
    assert row.cells[4].text == "Letter sent to the family on 1 November."
    assert header_text(reopen(secret)).startswith(f"Kent County Council\t{RESTRICTED}\n")
    # What the command line and the window call: no longer refused.
    papers = PapersService(sv.session_factory, services=sv)
    assert papers.has_confidential("minutes", f"BESD/{third.number}")
    record = papers.minutes(f"BESD/{third.number}", tmp_path / "via-service.docx", True, "Jo")
    assert record.confidential


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
    assert any(t.startswith("Pupil voice") and "🎒" in t and t.endswith(" صوت الطالب")
               for t in texts)
    # A character XML forbids is replaced visibly (papers/text.py), the rest kept.
    assert "ALSO PRESENT:\tDr Zoë\ufffd Ąłë (Guest 😀)" in texts
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
    assert list_labels(reopen(target))[-1] == (f"{base + 300}.", "Date of next meeting")
    assert 8 <= page_count(soffice_pdf(target)) <= 40


# --- standard wording once, house style, as at the meeting ------------------------------


def _pdf_lines(docx_path: Path) -> list[str]:
    """The text LibreOffice lays out, one non-blank line each."""
    pdf = soffice_pdf(docx_path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def test_standard_wording_is_printed_once(world: World, tmp_path: Path) -> None:
    sv = world.services
    items = world.items
    # What older data (and a secretary's habit) holds: the standard sentences typed too.
    sv.minutes.save_text(
        items["apologies"],
        "Apologies were received from Ms Cara Singh and Dr Dev Patel.\n\n"
        "There were no apologies.\n\nMs Fay Green was present as substitute for Dr Dev Patel."
        "\n\nThe Chair welcomed Ms Green to her first meeting.",
    )
    sv.minutes.save_text(items["declarations"], "Mr Ben Ortiz declared an interest in item 5.")
    sv.minutes.save_text(
        items["previous_minutes"],
        "The minutes of the meeting held on 8 September 2010 were agreed.",
    )
    sv.minutes.save_text(
        items["next_meeting"],
        "The next meeting will be held on 10 November 2010 at 14:00.\n\n"
        "Members were asked to send papers by 09:30 on 1 November.",
    )
    path = _write(world, tmp_path)
    texts = [t.split("\t", 1)[-1] for t in _texts(reopen(path))]
    assert all(a != b for a, b in zip(texts, texts[1:], strict=False))
    assert texts.count("Apologies were received from Ms Cara Singh and Dr Dev Patel.") == 1
    assert texts.count("Ms Fay Green was present as substitute for Dr Dev Patel.") == 1
    assert "There were no apologies." not in texts
    assert "The Chair welcomed Ms Green to her first meeting." in texts
    assert sum("declared" in t for t in texts) == 1
    assert not any("were agreed" in t for t in texts)
    assert sum(t.startswith("The next meeting will be held") for t in texts) == 1
    assert "Members were asked to send papers by 9.30 am on 1 November." in texts
    lines = _pdf_lines(path)
    assert all(a != b for a, b in zip(lines, lines[1:], strict=False))
    assert not any(re.search(r"\b\d{1,2}:\d{2}\b", line) for line in lines)
    assert sum("Apologies were received from" in line for line in lines) == 1


def test_the_first_meeting_sentence_once(world: World, tmp_path: Path) -> None:
    sv = world.services
    previous = next(
        i.id for i in sv.meetings.meeting(world.first_id).agenda if i.kind == "previous_minutes"
    )
    with sv.session_factory.begin() as s:  # typed before the meeting was confirmed
        s.add(MinuteEntry(agenda_item_id=previous, position=0,
                          text="This was the group's first meeting: there were no previous "
                          "minutes."))
    texts = [t.split("\t", 1)[-1] for t in _texts(reopen(_write(world, tmp_path, world.first_id)))]
    assert texts.count("This was the group's first meeting: there were no previous minutes.") == 1


def test_overdue_is_as_at_the_meeting_and_a_day_later_gives_the_same_bytes(
    world: World, db: Database
) -> None:
    sv = world.services
    # Raised at meeting 1, due after meeting 2 (6 October) but before "today".
    later = sv.actions.create(
        world.group_id, "Book the hall", owner_id=world.people["sen"],
        due_date=dt.date(2010, 10, 15), meeting_id=world.first_id,
    )
    papers = []
    for today in (dt.date(2010, 10, 20), dt.date(2010, 10, 21), dt.date(2026, 12, 7)):
        services = PaperServices.from_session_factory(db.session_factory, today=lambda t=today: t)
        papers.append(docx_bytes(render_minutes(services, world.second_id)))
    assert papers[0] == papers[1] == papers[2]
    document = docx.Document(io.BytesIO(papers[0]))
    carried = {row.cells[0].text: row.cells[3] for row in document.tables[0].rows[1:]}
    assert all(r.bold for r in carried["BESD-1"].paragraphs[0].runs)  # due 1 October
    assert not any(r.bold for r in carried[later.reference].paragraphs[0].runs)


def test_an_action_closed_later_is_open_in_the_minutes_of_its_time(
    world: World, tmp_path: Path
) -> None:
    sv = world.services
    third = max(sv.meetings.list_meetings(world.group_id), key=lambda m: m.date)
    sv.actions.update(world.actions["old"], status="done", at_meeting_id=third.id)
    rows = {r.cells[0].text: r for r in reopen(_write(world, tmp_path)).tables[0].rows[1:]}
    assert rows["BESD-1"].cells[5].text == "In progress"  # updated at meeting 2, closed at 3
    texts = _texts(reopen(_write(world, tmp_path)))
    assert (
        "The group reviewed 1 open action; progress was reported on it. It remains open."
    ) in texts


def test_attendance_shows_roles_not_the_plans_seat_wording(
    world: World, tmp_path: Path
) -> None:
    sv = world.services
    with sv.session_factory.begin() as s:
        sen = s.get(Person, world.people["sen"])
        assert sen is not None
        sen.job_title, sen.organisation = "Head of SEN and Resources", "Kent County Council"
        vice = s.get(Person, world.people["vice"])
        assert vice is not None
        vice.job_title = "Headteacher"
    texts = _texts(reopen(_write(world, tmp_path)))
    assert texts[2] == (
        "PRESENT:\tMrs Anne Hale (Chair), Mr Ben Ortiz (Vice-Chair), "
        "Mr Ed Lowe (Head of SEN and Resources)"
    )
    assert short_capacity("Secondary School Head (academy or maintained)") == (
        "Secondary School Head"
    )
    assert person_role("Headteacher", "Hilltop Academy", "Kent County Council") == (
        "Headteacher, Hilltop Academy"
    )


def test_typed_times_in_house_style() -> None:
    assert house_times("The next meeting will be at 14:00.") == (
        "The next meeting will be at 2.00 pm."
    )
    assert house_times("from 09.30 until 12:00") == "from 9.30 am until 12.00 noon"
    # A sum, a version, a clock with seconds and a time already in house style stay.
    for kept in ("costs £14.00", "version 1.10", "at 12:30:45", "at 9.30 am"):
        assert house_times(kept) == kept


def test_typed_apologies_the_attendance_does_not_hold_are_kept(
    services: PaperServices, tmp_path: Path
) -> None:
    meeting_id = _raw_meeting(services)
    apologies = next(
        i.id for i in services.meetings.meeting(meeting_id).agenda if i.kind == "apologies"
    )
    services.minutes.save_text(
        apologies,
        "Apologies were received from Mrs Joan Fry.\n\nNo apologies were received.\n\n"
        "Mr Al Kay was present as substitute for Mrs Joan Fry.",
    )
    target = tmp_path / "typed.docx"
    minutes_paper(services, meeting_id, target)
    texts = _texts(reopen(target))
    # Nobody is on the attendance list: the typed record stands, and "none" is not claimed.
    assert "Apologies were received from Mrs Joan Fry." in texts
    assert "Mr Al Kay was present as substitute for Mrs Joan Fry." in texts
    assert "No apologies were received." not in texts
