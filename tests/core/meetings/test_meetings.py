"""Meetings: scheduling, minute numbers and the previous meeting's minutes, the agenda
builder, and bad input refused whole."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select

from sen_desktop.core.errors import ConflictError, NotFoundError, ValidationError
from sen_desktop.core.meetings.records import meeting_title, time_text, venue_text, when_text
from sen_desktop.core.store.models import AgendaItem, Meeting, MinuteEntry, Operation, Resolution
from tests.core.meetings.meeting_helpers import (
    NOV,
    OCT,
    SEPT,
    STANDARD,
    T10,
    T12,
    TODAY,
    add_group,
    count,
    members,
    numbers,
    resolutions,
    titles,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from sen_desktop.core.meetings.service import MeetingService
    from sen_desktop.core.people.service import PeopleService

# --- scheduling ------------------------------------------------------------------------


def test_a_new_meeting_has_the_standard_agenda_numbers_and_expected_members(
    svc: MeetingService, people: PeopleService, besd: tuple[str, list[str]]
) -> None:
    group_id, seats = besd
    ann, bob = members(people, seats[:2], ["Ann Archer", "Bob Baker"])
    # Cy's appointment ended before the meeting: not expected.
    cy = people.create("Cy Cole")
    people.appoint(seats[2], cy.id, dt.date(2010, 1, 1), end_date=dt.date(2010, 8, 31))

    meeting = svc.schedule(group_id, SEPT, T10, T12, "County Hall, Maidstone")

    assert meeting.number == 1
    assert meeting.status == "planned"
    assert [i.title for i in meeting.agenda] == STANDARD
    assert [i.kind for i in meeting.agenda] == [
        "apologies", "declarations", "previous_minutes", "matters_arising", "next_meeting"
    ]
    assert [i.position for i in meeting.agenda] == [1, 2, 3, 4, 5]
    assert [i.minute_number for i in meeting.agenda] == [1, 2, 3, 4, 5]
    assert all(i.standard for i in meeting.agenda)
    assert [(a.person_id, a.status, a.capacity) for a in meeting.attendance] == [
        (ann, "expected", "Seat 1"), (bob, "expected", "Seat 2")
    ]
    assert meeting.previous_meeting_id is None
    assert meeting.quorum_needed == 2  # a third of six seats
    assert (meeting.quorum_present, meeting.quorum_met) == (0, False)
    assert when_text(meeting.date, meeting.start_time, meeting.end_time) == (
        "Wednesday 1 September 2010, 10.00 am to 12.00 noon"
    )
    assert [time_text(dt.time(h, m)) for h, m in ((0, 5), (9, 30), (12, 0), (13, 45))] == [
        "12.05 am", "9.30 am", "12.00 noon", "1.45 pm"
    ]
    assert meeting_title(meeting) == "BESD Working Group, meeting 1 (1 September 2010)"


def test_meetings_are_numbered_per_group_counting_cancelled_ones(
    svc: MeetingService, sf: sessionmaker[Session], besd: tuple[str, list[str]]
) -> None:
    other, _ = add_group(sf, "ASD", 3)
    first = svc.schedule(besd[0], SEPT)
    second = svc.schedule(besd[0], OCT)
    svc.cancel(second.id)
    third = svc.schedule(besd[0], NOV)
    elsewhere = svc.schedule(other, SEPT)
    assert (first.number, second.number, third.number, elsewhere.number) == (1, 2, 3, 1)
    assert svc.summary(second.id).status == "cancelled"
    # The cancelled meeting is skipped: November follows on from September.
    assert third.previous_meeting_id == first.id


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        (T12, T10, "end_time", "The meeting must end after it starts."),
        (T10, T10, "end_time", "The meeting must end after it starts."),
        (None, T10, "start_time", "Enter the start time too"),
        ("10am", None, "start_time", "as a time of day"),
    ],
)
def test_impossible_times_are_refused_and_nothing_is_saved(
    svc: MeetingService, sf: sessionmaker[Session], besd: tuple[str, list[str]],
    start: Any, end: Any, field: str, message: str,
) -> None:
    operations = count(sf, Operation)
    with pytest.raises(ValidationError) as caught:
        svc.schedule(besd[0], SEPT, start, end)
    assert caught.value.field == field
    assert message in caught.value.message
    assert count(sf, Meeting) == 0 and count(sf, AgendaItem) == 0
    assert count(sf, Operation) == operations


def test_an_empty_venue_is_allowed_and_said_in_words(
    svc: MeetingService, besd: tuple[str, list[str]]
) -> None:
    meeting = svc.schedule(besd[0], SEPT, venue="   ")
    assert meeting.venue == ""
    assert venue_text(meeting.venue) == "Venue to be confirmed"
    assert venue_text("Oak School") == "Oak School"


def test_pasted_text_in_venue_and_titles_is_stored_faithfully(
    svc: MeetingService, besd: tuple[str, list[str]]
) -> None:
    venue = "Salle 🎓 قاعة الاجتماعات\x0bMain\x07 Hall"
    meeting = svc.schedule(besd[0], SEPT, venue=venue)
    assert meeting.venue == "Salle 🎓 قاعة الاجتماعات Main Hall"
    title = "Review of 👩‍👧 provision — \u200fמרכז\u200f\x00 update"
    item = svc.add_agenda_item(meeting.id, title, presenter="Dr O’Brien\t")
    assert item.title == "Review of 👩‍👧 provision — \u200fמרכז\u200f update"
    assert item.presenter == "Dr O’Brien"
    assert svc.agenda_item(item.id).title == item.title


def test_a_megabyte_title_is_refused_with_the_limit(
    svc: MeetingService, sf: sessionmaker[Session], besd: tuple[str, list[str]]
) -> None:
    meeting = svc.schedule(besd[0], SEPT)
    before = count(sf, AgendaItem)
    with pytest.raises(ValidationError) as caught:
        svc.add_agenda_item(meeting.id, "x" * 1_048_576)
    assert caught.value.field == "title"
    assert "500 characters or fewer" in caught.value.message
    assert count(sf, AgendaItem) == before
    with pytest.raises(ValidationError, match="300 characters or fewer"):
        svc.schedule(besd[0], OCT, venue="v" * 1_048_576)


def test_update_meeting_changes_only_what_is_given(
    svc: MeetingService, people: PeopleService, besd: tuple[str, list[str]]
) -> None:
    group_id, seats = besd
    meeting = svc.schedule(group_id, SEPT, T10, T12, "Oak School")
    changed = svc.update_meeting(meeting.id, venue="")
    assert (changed.venue, changed.start_time, changed.end_time) == ("", T10, T12)
    with pytest.raises(ValidationError, match="must end after it starts"):
        svc.update_meeting(meeting.id, end_time=dt.time(9, 0))
    assert svc.summary(meeting.id).end_time == T12
    # Moving the date brings the expected list up to date with that day's seats.
    later = people.create("Dee Dunn")
    people.appoint(seats[3], later.id, OCT)
    moved = svc.update_meeting(meeting.id, date=NOV, start_time=None, end_time=None)
    assert (moved.date, moved.start_time, moved.end_time) == (NOV, None, None)
    assert later.id in {a.person_id for a in moved.attendance}


def test_a_planned_meeting_picks_up_members_appointed_after_scheduling(
    svc: MeetingService, people: PeopleService, besd: tuple[str, list[str]]
) -> None:
    group_id, seats = besd
    meeting = svc.schedule(group_id, NOV)
    assert meeting.attendance == ()
    (eve,) = members(people, seats[:1], ["Eve Ede"])
    assert [a.person_id for a in svc.refresh_expected(meeting.id).attendance] == [eve]


def test_list_meetings_past_upcoming_and_all(
    svc: MeetingService, sf: sessionmaker[Session], besd: tuple[str, list[str]]
) -> None:
    other, _ = add_group(sf, "ASD", 3)
    sept = svc.schedule(besd[0], SEPT)
    nov = svc.schedule(besd[0], NOV)
    dec = svc.schedule(besd[0], TODAY)
    jan = svc.schedule(other, dt.date(2011, 1, 12))
    assert [m.id for m in svc.list_meetings(besd[0], "past")] == [nov.id, sept.id]
    assert [m.id for m in svc.list_meetings(besd[0], "upcoming")] == [dec.id]
    assert [m.id for m in svc.list_meetings(when="upcoming")] == [dec.id, jan.id]
    assert [m.id for m in svc.list_meetings()] == [jan.id, dec.id, nov.id, sept.id]
    assert svc.list_meetings(other)[0].group_code == "ASD"
    with pytest.raises(ValidationError):
        svc.list_meetings(when="soon")


def test_latest_meeting_is_the_most_recent_held_on_or_before_today(
    svc: MeetingService, besd: tuple[str, list[str]]
) -> None:
    assert svc.latest_meeting_id() is None
    future = svc.schedule(besd[0], dt.date(2011, 2, 2))
    assert svc.latest_meeting_id() == future.id  # nothing yet in the past: the latest
    sept = svc.schedule(besd[0], SEPT)
    nov = svc.schedule(besd[0], NOV)
    assert svc.latest_meeting_id() == nov.id
    svc.cancel(nov.id)
    assert svc.latest_meeting_id() == sept.id
    assert svc.latest_meeting_id(besd[0]) == sept.id


def test_unknown_meetings_and_groups_are_reported(svc: MeetingService) -> None:
    with pytest.raises(NotFoundError, match="group no longer exists"):
        svc.schedule("no-such-group", SEPT)
    with pytest.raises(NotFoundError, match="meeting no longer exists"):
        svc.meeting("no-such-meeting")


# --- previous minutes and minute numbers ----------------------------------------------


def test_the_next_meeting_names_the_previous_and_carries_the_resolution(
    svc: MeetingService, sf: sessionmaker[Session], besd: tuple[str, list[str]]
) -> None:
    first = svc.schedule(besd[0], SEPT)
    assert resolutions(sf, first.agenda[2].id) == []  # no previous meeting
    second = svc.schedule(besd[0], OCT)
    item = second.agenda[2]
    assert item.kind == "previous_minutes"
    assert item.title == "Minutes of the meeting held on 1 September 2010"
    assert resolutions(sf, item.id) == [
        "RESOLVED that the minutes of the meeting held on Wednesday 1 September 2010 are "
        "correctly recorded and that they be signed by the Chair."
    ]
    assert second.previous_meeting_id == first.id
    assert second.previous_meeting_date == SEPT


def test_the_confirming_resolution_follows_the_wording_in_settings(
    svc: MeetingService, sf: sessionmaker[Session], besd: tuple[str, list[str]]
) -> None:
    from sen_desktop.core.programme.settings import SettingsService

    svc.schedule(besd[0], SEPT)
    nov = svc.schedule(besd[0], NOV)
    item_id = nov.agenda[2].id
    current = SettingsService(sf).programme()
    SettingsService(sf).save_programme(
        current.authority_name, current.districts,
        "RESOLVED that the minutes of the meeting on {date} be agreed as a true record.",
    )
    # Scheduling October in between rewrites November's automatic resolution, in the
    # new wording, although it was written in the old one.
    svc.schedule(besd[0], OCT)
    assert resolutions(sf, item_id) == [
        "RESOLVED that the minutes of the meeting on Wednesday 6 October 2010 be agreed "
        "as a true record."
    ]


def test_minute_numbers_continue_from_the_previous_meeting(
    svc: MeetingService, besd: tuple[str, list[str]]
) -> None:
    first = svc.schedule(besd[0], SEPT)
    svc.add_agenda_item(first.id, "SEN transport review")
    second = svc.schedule(besd[0], OCT)
    assert numbers(svc, first.id) == [1, 2, 3, 4, 5, 6]
    assert numbers(svc, second.id) == [7, 8, 9, 10, 11]
    # An item added to the first meeting before its minutes go out moves them all on.
    svc.add_agenda_item(first.id, "Outreach pilot")
    assert numbers(svc, first.id) == [1, 2, 3, 4, 5, 6, 7]
    assert numbers(svc, second.id) == [8, 9, 10, 11, 12]


def test_circulated_minutes_fix_their_numbers_and_agenda(
    svc: MeetingService, besd: tuple[str, list[str]]
) -> None:
    first = svc.schedule(besd[0], SEPT)
    item = svc.add_agenda_item(first.id, "Outreach pilot")
    for status in ("held", "minutes_draft", "checked", "circulated"):
        svc.set_status(first.id, status)
    with pytest.raises(ConflictError, match="have been circulated"):
        svc.add_agenda_item(first.id, "Late item")
    with pytest.raises(ConflictError, match="have been circulated"):
        svc.update_agenda_item(item.id, title="Renamed")
    with pytest.raises(ConflictError, match="have been circulated"):
        svc.remove_agenda_item(item.id)
    second = svc.schedule(besd[0], OCT)
    assert numbers(svc, first.id) == [1, 2, 3, 4, 5, 6]
    assert [i.minute_number for i in second.agenda] == [7, 8, 9, 10, 11]


def test_a_meeting_scheduled_in_between_becomes_the_previous_one(
    svc: MeetingService, sf: sessionmaker[Session], besd: tuple[str, list[str]]
) -> None:
    svc.schedule(besd[0], SEPT)
    nov = svc.schedule(besd[0], NOV)
    oct_ = svc.schedule(besd[0], OCT)
    assert oct_.number == 3  # numbered in the order scheduled
    after = svc.meeting(nov.id)
    assert after.previous_meeting_id == oct_.id
    assert after.agenda[2].title == "Minutes of the meeting held on 6 October 2010"
    assert resolutions(sf, after.agenda[2].id) == [
        "RESOLVED that the minutes of the meeting held on Wednesday 6 October 2010 are "
        "correctly recorded and that they be signed by the Chair."
    ]
    assert [i.minute_number for i in after.agenda] == [11, 12, 13, 14, 15]
    # Cancelling October puts September back as November's previous meeting.
    svc.cancel(oct_.id)
    after = svc.meeting(nov.id)
    assert after.agenda[2].title == "Minutes of the meeting held on 1 September 2010"
    assert [i.minute_number for i in after.agenda] == [6, 7, 8, 9, 10]


def test_a_resolution_the_secretary_wrote_is_never_overwritten(
    svc: MeetingService, sf: sessionmaker[Session], besd: tuple[str, list[str]]
) -> None:
    svc.schedule(besd[0], SEPT)
    nov = svc.schedule(besd[0], NOV)
    item_id = nov.agenda[2].id
    with sf.begin() as s:
        row = s.scalars(select(Resolution).where(Resolution.agenda_item_id == item_id)).one()
        row.text = "RESOLVED that the minutes be approved subject to a correction at 4."
    svc.schedule(besd[0], OCT)
    assert resolutions(sf, item_id) == [
        "RESOLVED that the minutes be approved subject to a correction at 4."
    ]


# --- the agenda builder ------------------------------------------------------------------


def test_items_are_added_before_the_date_of_next_meeting_or_where_asked(
    svc: MeetingService, besd: tuple[str, list[str]]
) -> None:
    meeting = svc.schedule(besd[0], SEPT)
    a = svc.add_agenda_item(meeting.id, "Item A", presenter="County SEN Manager",
                            paper_ref="SG/10/01")
    b = svc.add_agenda_item(meeting.id, "Item B")
    c = svc.add_agenda_item(meeting.id, "Item C", position=5)
    svc.add_agenda_item(meeting.id, "Item D", position=1)  # clamped after the standard four
    assert titles(svc, meeting.id) == [
        *STANDARD[:4], "Item D", "Item C", "Item A", "Item B", "Date of next meeting"
    ]
    assert (a.presenter, a.paper_ref, a.kind) == ("County SEN Manager", "SG/10/01", "business")
    assert (b.position, c.position) == (6, 5)  # as they were when added
    assert numbers(svc, meeting.id) == list(range(1, 10))


@pytest.mark.parametrize("title", ["", "   ", "\x00\x07", "\n\t"])
def test_empty_titles_are_refused(
    svc: MeetingService, sf: sessionmaker[Session], besd: tuple[str, list[str]], title: str
) -> None:
    meeting = svc.schedule(besd[0], SEPT)
    before = count(sf, AgendaItem)
    with pytest.raises(ValidationError) as caught:
        svc.add_agenda_item(meeting.id, title)
    # Nothing typed is asked for; something typed that shows nothing is named as such.
    expected = ("Type the item's title: it has no visible characters." if title.strip()
                else "Enter the item's title.")
    assert (caught.value.field, caught.value.message) == ("title", expected)
    assert count(sf, AgendaItem) == before
    item = svc.add_agenda_item(meeting.id, "Real")
    with pytest.raises(ValidationError) as caught:
        svc.update_agenda_item(item.id, title=title)
    assert caught.value.message == expected


def test_reordering_keeps_the_standard_items_in_place(
    svc: MeetingService, besd: tuple[str, list[str]]
) -> None:
    meeting = svc.schedule(besd[0], SEPT)
    a, b, c = (svc.add_agenda_item(meeting.id, t) for t in ("A", "B", "C"))
    order = svc.move_agenda_item(c.id, 5)
    assert [i.title for i in order][4:7] == ["C", "A", "B"]
    svc.move_agenda_item(c.id, 6)  # down one
    assert titles(svc, meeting.id)[4:7] == ["A", "C", "B"]
    svc.move_agenda_item(a.id, 1)  # as far up as a business item goes
    svc.move_agenda_item(b.id, 99)  # as far down
    assert titles(svc, meeting.id) == [*STANDARD[:4], "A", "C", "B", "Date of next meeting"]
    assert numbers(svc, meeting.id) == list(range(1, 9))
    with pytest.raises(ValidationError, match="standard item and keeps its place"):
        svc.move_agenda_item(meeting.agenda[0].id, 6)


def test_remove_is_a_tombstone_that_restore_undoes(
    svc: MeetingService, sf: sessionmaker[Session], besd: tuple[str, list[str]]
) -> None:
    meeting = svc.schedule(besd[0], SEPT)
    a, b = (svc.add_agenda_item(meeting.id, t) for t in ("A", "B"))
    svc.remove_agenda_item(a.id)
    assert titles(svc, meeting.id) == [*STANDARD[:4], "B", "Date of next meeting"]
    assert numbers(svc, meeting.id) == [1, 2, 3, 4, 5, 6]
    with sf() as s:
        row = s.get(AgendaItem, a.id)
        assert row is not None and row.deleted
    with pytest.raises(NotFoundError):
        svc.agenda_item(a.id)
    restored = svc.restore_agenda_item(a.id)
    assert restored.position == 5
    assert titles(svc, meeting.id) == [*STANDARD[:4], "A", "B", "Date of next meeting"]
    with pytest.raises(ValidationError, match="stays on every agenda"):
        svc.remove_agenda_item(meeting.agenda[-1].id)


def test_an_item_with_minutes_is_not_removed(
    svc: MeetingService, sf: sessionmaker[Session], besd: tuple[str, list[str]]
) -> None:
    meeting = svc.schedule(besd[0], SEPT)
    item = svc.add_agenda_item(meeting.id, "Outreach")
    with sf.begin() as s:
        s.add(MinuteEntry(agenda_item_id=item.id, text="Discussed at length."))
    with pytest.raises(ConflictError, match="already has minutes"):
        svc.remove_agenda_item(item.id)
    assert svc.agenda_item(item.id).title == "Outreach"


def test_confidential_items_need_a_reason_and_a_paragraph_from_one_to_seven(
    svc: MeetingService, besd: tuple[str, list[str]]
) -> None:
    meeting = svc.schedule(besd[0], SEPT)
    item = svc.add_agenda_item(meeting.id, "Placement of a named child")
    with pytest.raises(ValidationError) as caught:
        svc.set_confidential(item.id, True, 8, "about a child")
    assert caught.value.field == "exempt_paragraph"
    with pytest.raises(ValidationError) as caught:
        svc.set_confidential(item.id, True, 1, "  ")
    assert caught.value.field == "exempt_reason"
    assert not svc.agenda_item(item.id).exempt
    secret = svc.set_confidential(item.id, True, 1, "information relating to an individual")
    assert (secret.exempt, secret.exempt_paragraph, secret.exempt_reason) == (
        True, 1, "information relating to an individual"
    )
    public = svc.set_confidential(item.id, False, 3, "ignored")
    assert (public.exempt, public.exempt_paragraph, public.exempt_reason) == (False, None, "")
    added = svc.add_agenda_item(meeting.id, "Contract", exempt=True, exempt_reason="commercial")
    assert (added.exempt, added.exempt_paragraph) == (True, None)
