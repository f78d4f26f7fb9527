"""Attendance with substitutes, officers and the quorum, and declarations of interest."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from sen_desktop.core.errors import ConflictError, ValidationError
from sen_desktop.core.meetings.records import quorum_text
from sen_desktop.core.store.models import Attendance
from tests.core.meetings.meeting_helpers import NOV, OCT, SEPT, add_group, count, members

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from sen_desktop.core.meetings.service import MeetingService
    from sen_desktop.core.people.service import PeopleService

# --- attendance ----------------------------------------------------------------------------


def test_marking_attendance_with_a_substitute_and_the_quorum(
    svc: MeetingService, people: PeopleService, full: tuple[str, list[str]]
) -> None:
    meeting_id, (ann, bob, cy, dee, _eve, _fay) = full
    svc.set_attendance(meeting_id, ann, "present")
    svc.set_attendance(meeting_id, bob, "apologies")
    detail = svc.meeting(meeting_id)
    assert (detail.quorum_needed, detail.quorum_present, detail.quorum_met) == (2, 1, False)
    assert quorum_text(detail.quorum_needed, detail.quorum_present) == (
        "Not quorate: 1 present, 2 needed"
    )
    sub = people.create("Gus Grey")
    record = svc.set_substitute(meeting_id, cy, sub.id)
    assert (record.status, record.substitute_for_id, record.substitute_for_name) == (
        "substitute", cy, "Cy"
    )
    assert record.capacity == "Seat 3"
    svc.set_attendance(meeting_id, dee, "absent")
    detail = svc.meeting(meeting_id)
    by_person = {a.person_id: a for a in detail.attendance}
    assert by_person[cy].status == "apologies"
    assert (by_person[cy].substituted_by_id, by_person[cy].substituted_by_name) == (
        sub.id, "Gus Grey"
    )
    assert (detail.quorum_present, detail.quorum_met) == (2, True)
    assert quorum_text(2, 2) == "Quorate: 2 present, 2 needed"
    # Members in seat order, then the substitute.
    assert [a.person_name for a in detail.attendance] == [
        "Ann", "Bob", "Cy", "Dee", "Eve", "Fay", "Gus Grey"
    ]
    with pytest.raises(ConflictError, match="remove the substitute first"):
        svc.set_attendance(meeting_id, cy, "present")
    svc.remove_attendee(meeting_id, sub.id)
    assert svc.set_attendance(meeting_id, cy, "present").status == "present"


def test_a_new_substitute_replaces_the_earlier_one(
    svc: MeetingService, people: PeopleService, full: tuple[str, list[str]]
) -> None:
    meeting_id, ids = full
    first, second = people.create("Sub One"), people.create("Sub Two")
    svc.set_substitute(meeting_id, ids[0], first.id)
    svc.set_substitute(meeting_id, ids[0], second.id)
    subs = [a for a in svc.meeting(meeting_id).attendance if a.status == "substitute"]
    assert [s.person_id for s in subs] == [second.id]


def test_a_person_cannot_be_on_the_list_twice(
    svc: MeetingService, people: PeopleService, sf: sessionmaker[Session],
    full: tuple[str, list[str]],
) -> None:
    meeting_id, ids = full
    clerk = people.create("Kim Clerk")
    svc.add_in_attendance(meeting_id, clerk.id, "Clerk to the group")
    before = count(sf, Attendance)
    with pytest.raises(ConflictError) as caught:
        svc.add_in_attendance(meeting_id, clerk.id, "Again")
    assert caught.value.message == "Kim Clerk is already on the attendance list."
    with pytest.raises(ConflictError, match="Ann is already on the attendance list."):
        svc.add_in_attendance(meeting_id, ids[0])
    with pytest.raises(ConflictError, match="Bob is already on the attendance list."):
        svc.set_substitute(meeting_id, ids[0], ids[1])
    with pytest.raises(ValidationError, match="substitute for themselves"):
        svc.set_substitute(meeting_id, ids[0], ids[0])
    assert count(sf, Attendance) == before


def test_officers_and_guests_attend_in_a_capacity(
    svc: MeetingService, people: PeopleService, full: tuple[str, list[str]]
) -> None:
    meeting_id, ids = full
    officer = people.create("Olu Officer")
    record = svc.add_in_attendance(meeting_id, officer.id, "Head of SEN\x0bService 🌟")
    assert (record.status, record.capacity) == ("in_attendance", "Head of SEN Service 🌟")
    detail = svc.meeting(meeting_id)
    assert detail.attendance[-1].person_id == officer.id
    assert detail.quorum_present == 0  # officers do not count
    with pytest.raises(ValidationError, match="not a member"):
        svc.set_attendance(meeting_id, officer.id, "present")
    with pytest.raises(ValidationError, match="stays on the list"):
        svc.remove_attendee(meeting_id, ids[0])
    svc.remove_attendee(meeting_id, officer.id)
    assert officer.id not in {a.person_id for a in svc.meeting(meeting_id).attendance}


def test_attendance_record_leaves_out_cancelled_and_future_meetings(
    svc: MeetingService, people: PeopleService, sf: sessionmaker[Session],
    besd: tuple[str, list[str]],
) -> None:
    group_id, seats = besd
    ann, bob = members(people, seats[:2], ["Ann", "Bob"])
    sept, oct_, nov = (svc.schedule(group_id, d).id for d in (SEPT, OCT, NOV))
    future = svc.schedule(group_id, dt.date(2011, 1, 12)).id
    svc.set_attendance(sept, ann, "present")
    svc.set_attendance(oct_, ann, "apologies")
    svc.set_attendance(nov, ann, "present")
    svc.cancel(nov)
    svc.set_attendance(future, ann, "apologies")
    other, other_seats = add_group(sf, "ASD", 3)
    carl = people.create("Carl")
    people.appoint(other_seats[0], carl.id, SEPT)
    asd = svc.schedule(other, OCT).id
    svc.set_substitute(asd, carl.id, bob)
    tally = svc.attendance_record(ann)
    assert (tally.expected, tally.present, tally.apologies, tally.substitute) == (2, 1, 1, 0)
    bob_tally = svc.attendance_record(bob)
    assert (bob_tally.expected, bob_tally.present, bob_tally.substitute) == (2, 0, 1)
    assert svc.attendance_record(carl.id).apologies == 1


def test_attendance_is_fixed_once_minutes_are_circulated(
    svc: MeetingService, full: tuple[str, list[str]]
) -> None:
    meeting_id, ids = full
    for status in ("held", "minutes_draft", "checked", "circulated"):
        svc.set_status(meeting_id, status)
    with pytest.raises(ConflictError, match="attendance can no longer change"):
        svc.set_attendance(meeting_id, ids[0], "present")


def test_a_group_quorum_rule_is_used_when_it_has_one(
    svc: MeetingService, sf: sessionmaker[Session]
) -> None:
    group_id, _ = add_group(sf, "PCRG", 6, quorum=5)
    assert svc.schedule(group_id, SEPT).quorum_needed == 5


# --- declarations ----------------------------------------------------------------------------


def test_declarations_of_interest(
    svc: MeetingService, people: PeopleService, full: tuple[str, list[str]]
) -> None:
    meeting_id, ids = full
    item = svc.add_agenda_item(meeting_id, "Oak School outreach bid")
    svc.set_attendance(meeting_id, ids[0], "present")
    record = svc.add_declaration(
        meeting_id, ids[0], "other_significant", "Governor of Oak School\x0b(since 2009)",
        agenda_item_id=item.id, left_room=True,
    )
    assert (record.person_name, record.item_title, record.minute_number) == (
        "Ann", "Oak School outreach bid", 5
    )
    assert record.nature == "Governor of Oak School\n(since 2009)"
    assert record.left_room
    general = svc.add_declaration(meeting_id, ids[1], "voluntary", "Parent of a pupil at Elm")
    assert general.agenda_item_id is None and general.item_title == ""
    assert [d.id for d in svc.meeting(meeting_id).declarations] == [general.id, record.id]
    changed = svc.update_declaration(
        record.id, left_room=False, interest_type="disclosable_pecuniary"
    )
    assert (changed.left_room, changed.interest_type) == (False, "disclosable_pecuniary")
    svc.remove_declaration(general.id)
    assert [d.id for d in svc.meeting(meeting_id).declarations] == [record.id]
    svc.restore_declaration(general.id)
    assert len(svc.meeting(meeting_id).declarations) == 2


def test_bad_declarations_are_refused(
    svc: MeetingService, people: PeopleService, full: tuple[str, list[str]]
) -> None:
    meeting_id, ids = full
    with pytest.raises(ValidationError) as caught:
        svc.add_declaration(meeting_id, ids[0], "financial", "Shares")
    assert caught.value.field == "interest_type"
    with pytest.raises(ValidationError) as caught:
        svc.add_declaration(meeting_id, ids[0], "voluntary", " \x07 ")
    assert caught.value.field == "nature"
    stranger = people.create("Stan Stranger")
    with pytest.raises(ValidationError, match="not on the attendance list"):
        svc.add_declaration(meeting_id, stranger.id, "voluntary", "Anything")
    svc.set_attendance(meeting_id, ids[1], "apologies")
    with pytest.raises(ValidationError, match="only people at the meeting"):
        svc.add_declaration(meeting_id, ids[1], "voluntary", "Anything")
    other = svc.schedule(svc.summary(meeting_id).group_id, OCT)
    with pytest.raises(ValidationError, match="this meeting's agenda"):
        svc.add_declaration(meeting_id, ids[0], "voluntary", "x", agenda_item_id=other.agenda[0].id)
