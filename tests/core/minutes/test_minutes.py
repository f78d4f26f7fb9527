"""Minutes: one discussion text per item, saved only when changed and stored as pasted;
resolutions lettered (a), (b) … from their order, through add, remove and undo."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from sen_desktop.core.errors import NotFoundError, ValidationError
from sen_desktop.core.minutes.records import MAX_MINUTE_CHARS, resolution_label
from sen_desktop.core.minutes.service import MinutesService
from sen_desktop.core.minutes.wording import (
    declares_interest,
    names_substitute,
    restates_standard,
    says_none,
)
from sen_desktop.core.programme import seed
from sen_desktop.core.store.models import (
    Action,
    AgendaItem,
    Appointment,
    Attendance,
    Meeting,
    MinuteEntry,
    Operation,
    Person,
    Resolution,
    Seat,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker
    from store_helpers import Store

MEETING_DAY = dt.date(2010, 10, 6)


@pytest.fixture
def sf(store: Store) -> sessionmaker[Session]:
    """The seeded County programme (its groups and seats), no meetings yet."""
    return store.session_factory


@pytest.fixture
def minutes(sf: sessionmaker[Session]) -> MinutesService:
    return MinutesService(sf)


def add_meeting(
    sf: sessionmaker[Session], titles: tuple[str, ...] = ("Apologies", "Budget", "Outreach"),
    status: str = "planned", code: str = "SG",
) -> tuple[str, list[str]]:
    """A meeting of the group ``code`` with agenda items; returns (meeting id, item ids)."""
    with sf.begin() as s:
        meeting = Meeting(group_id=seed.group_id(code), number=1, date=MEETING_DAY,
                          status=status)
        s.add(meeting)
        s.flush()
        items = [
            AgendaItem(meeting_id=meeting.id, position=n, title=title, minute_number=n + 10)
            for n, title in enumerate(titles, start=1)
        ]
        s.add_all(items)
        s.flush()
        return meeting.id, [i.id for i in items]


def operations(sf: sessionmaker[Session]) -> int:
    with sf() as s:
        return s.scalar(select(func.count()).select_from(Operation)) or 0


# --- discussion text -----------------------------------------------------------------


def test_text_is_one_entry_per_item_and_unchanged_text_writes_nothing(
    sf: sessionmaker[Session], minutes: MinutesService
) -> None:
    _, (item, *_rest) = add_meeting(sf)
    assert minutes.save_text(item, "") is False  # nothing to start with, nothing written
    assert minutes.save_text(item, "The group welcomed Ms Patel.") is True
    before = operations(sf)
    assert minutes.save_text(item, "The group welcomed Ms Patel.") is False
    assert operations(sf) == before
    assert minutes.save_text(item, "The group welcomed Ms Patel.\nShe spoke.") is True
    assert minutes.text(item) == "The group welcomed Ms Patel.\nShe spoke."
    with sf() as s:
        entries = s.scalars(select(MinuteEntry).where(MinuteEntry.agenda_item_id == item)).all()
    assert len(entries) == 1


def test_pasted_text_is_cleaned_and_kept_faithfully(
    sf: sessionmaker[Session], minutes: MinutesService
) -> None:
    _, (item, *_rest) = add_meeting(sf)
    pasted = "Line one\x0bLine two\r\nÂ€ \x07bell\tTab 👩‍👩‍👧 שלום עליכם  "
    minutes.save_text(item, pasted)
    assert minutes.text(item) == "Line one\nLine two\nÂ€ bell\tTab 👩‍👩‍👧 שלום עליכם  "
    # Cleaned text equal to what is stored is not a change.
    assert minutes.save_text(item, pasted) is False


def test_a_megabyte_of_pasted_text_is_stored_and_searchable(
    sf: sessionmaker[Session], minutes: MinutesService
) -> None:
    _, (item, *_rest) = add_meeting(sf)
    paragraph = "Outreach from special schools to mainstream colleagues, ünïcode ✓.\n"
    big = paragraph * (1_048_576 // len(paragraph) + 1) + "zebracrossing"
    assert len(big.encode()) > 1_048_576
    assert minutes.save_text(item, big)
    assert minutes.text(item) == big
    with sf() as s:
        hits = s.execute(
            text("SELECT row_id FROM search_index WHERE search_index MATCH 'zebracrossing'")
        ).all()
    assert len(hits) == 1


def test_too_long_a_minute_is_refused_and_nothing_is_written(
    sf: sessionmaker[Session], minutes: MinutesService
) -> None:
    _, (item, *_rest) = add_meeting(sf)
    minutes.save_text(item, "Kept.")
    with pytest.raises(ValidationError) as info:
        minutes.save_text(item, "x" * (MAX_MINUTE_CHARS + 1))
    assert "too long" in info.value.message and info.value.field == "text"
    assert minutes.text(item) == "Kept."


@pytest.mark.parametrize(("status", "words"), [("confirmed", "confirmed"),
                                               ("cancelled", "cancelled")])
def test_confirmed_or_cancelled_minutes_cannot_change(
    sf: sessionmaker[Session], minutes: MinutesService, status: str, words: str
) -> None:
    _, (item, *_rest) = add_meeting(sf, status=status)
    with pytest.raises(ValidationError, match=words):
        minutes.save_text(item, "Too late.")
    with pytest.raises(ValidationError, match=words):
        minutes.add_resolution(item, "Too late.")
    assert minutes.text(item) == ""


def test_a_removed_item_is_not_found(sf: sessionmaker[Session], minutes: MinutesService) -> None:
    _, (item, *_rest) = add_meeting(sf)
    with sf.begin() as s:
        row = s.get(AgendaItem, item)
        assert row is not None
        row.deleted = True
    with pytest.raises(NotFoundError):
        minutes.save_text(item, "Hello")
    with pytest.raises(NotFoundError):
        minutes.item_minutes("no-such-item")


def test_two_laptops_entries_are_shown_together_and_saved_as_one(
    sf: sessionmaker[Session], minutes: MinutesService
) -> None:
    _, (item, *_rest) = add_meeting(sf)
    with sf.begin() as s:
        s.add_all([MinuteEntry(agenda_item_id=item, position=0, text="From laptop A."),
                   MinuteEntry(agenda_item_id=item, position=1, text="From laptop B.")])
    shown = minutes.text(item)
    assert shown == "From laptop A.\n\nFrom laptop B."
    assert minutes.save_text(item, shown) is True
    assert minutes.text(item) == shown
    with sf() as s:
        live = s.scalars(select(MinuteEntry).where(MinuteEntry.deleted.is_(False))).all()
    assert [e.text for e in live] == [shown]


# --- resolutions ---------------------------------------------------------------------


def test_resolution_labels_run_a_to_z_then_double() -> None:
    assert [resolution_label(n) for n in (1, 2, 26, 27, 28, 52, 53)] == [
        "(a)", "(b)", "(z)", "(aa)", "(ab)", "(az)", "(ba)"]


def test_resolutions_are_lettered_by_order_through_insert_remove_and_restore(
    sf: sessionmaker[Session], minutes: MinutesService
) -> None:
    _, (_first, item, _third) = add_meeting(sf)
    a = minutes.add_resolution(item, "the report be noted")
    b = minutes.add_resolution(item, "")  # the view adds the line, then it is typed
    assert (a.label, b.label, b.text) == ("(a)", "(b)", "")
    first = minutes.add_resolution(item, "the late paper be received", position=1)
    assert first.label == "(a)"
    assert [(r.label, r.id) for r in minutes.resolutions(item)] == [
        ("(a)", first.id), ("(b)", a.id), ("(c)", b.id)]
    minutes.remove_resolution(a.id)
    assert [(r.label, r.id) for r in minutes.resolutions(item)] == [
        ("(a)", first.id), ("(b)", b.id)]
    restored = minutes.restore_resolution(a.id)
    assert restored.label == "(b)" and restored.text == "the report be noted"
    updated = minutes.update_resolution(b.id, "  the group write to the\x0bDirector ")
    assert (updated.label, updated.text) == ("(c)", "the group write to the\nDirector")
    before = operations(sf)
    minutes.update_resolution(b.id, "the group write to the\nDirector")
    assert operations(sf) == before
    with pytest.raises(NotFoundError):
        minutes.update_resolution(a.id + "x", "nothing")


def test_resolved_that_is_not_repeated_in_a_point(
    sf: sessionmaker[Session], minutes: MinutesService
) -> None:
    _, (item, *_rest) = add_meeting(sf)
    typed = minutes.add_resolution(item, "RESOLVED that: the report be noted")
    assert typed.text == "the report be noted"
    with sf.begin() as s:  # as another laptop (or an older version) may have stored it
        s.add(Resolution(agenda_item_id=item, position=5,
                         text="Resolved that the minutes be signed."))
    assert [r.text for r in minutes.resolutions(item)] == [
        "the report be noted", "the minutes be signed."]
    assert minutes.update_resolution(typed.id, "resolvedthat stays").text == "resolvedthat stays"


def test_a_resolution_named_by_the_view_keeps_its_id(
    sf: sessionmaker[Session], minutes: MinutesService
) -> None:
    _, (item, *_rest) = add_meeting(sf)
    record = minutes.add_resolution(item, "", resolution_id="0f0e0d0c-0000-4000-8000-000000000001")
    assert record.id == "0f0e0d0c-0000-4000-8000-000000000001"
    with pytest.raises(ValidationError, match="already"):
        minutes.add_resolution(item, "", resolution_id=record.id)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["add", "insert", "remove", "undo"]),
                          st.integers(min_value=0, max_value=6)), max_size=14))
def test_labels_always_follow_the_order_a_person_sees(
    sf: sessionmaker[Session], minutes: MinutesService, steps: list[tuple[str, int]]
) -> None:
    """Adds, inserts and removals, each undone newest first as the Edit menu does."""
    _, (item,) = add_meeting(sf, titles=("Item",))
    shown: list[str] = []  # ids in the order the minutes show them
    done: list[tuple[str, str, int]] = []  # (kind, id, index): the undo stack
    for n, (kind, where) in enumerate(steps):
        if kind == "add" or (kind == "insert" and not shown):
            shown.append(minutes.add_resolution(item, f"r{n}").id)
            done.append(("add", shown[-1], len(shown) - 1))
        elif kind == "insert":
            index = where % len(shown)
            shown.insert(index, minutes.add_resolution(item, f"r{n}", position=index + 1).id)
            done.append(("add", shown[index], index))
        elif kind == "remove" and shown:
            index = where % len(shown)
            minutes.remove_resolution(shown[index])
            done.append(("remove", shown.pop(index), index))
        elif kind == "undo" and done:
            last, rid, index = done.pop()
            if last == "add":
                minutes.remove_resolution(rid)
                shown.remove(rid)
            else:
                minutes.restore_resolution(rid)
                shown.insert(index, rid)
        records = minutes.resolutions(item)
        assert [r.id for r in records] == shown
        assert [r.label for r in records] == [resolution_label(i) for i in
                                              range(1, len(shown) + 1)]


# --- whole meetings ------------------------------------------------------------------


def test_meeting_minutes_give_every_item_in_order_with_its_actions(
    sf: sessionmaker[Session], minutes: MinutesService
) -> None:
    meeting_id, (apologies, budget, outreach) = add_meeting(sf)
    minutes.save_text(budget, "The budget was discussed.")
    minutes.add_resolution(budget, "the budget be agreed")
    with sf.begin() as s:
        person = Person(full_name="Amira Haddad")
        s.add(person)
        s.flush()
        group = seed.group_id("SG")
        s.add_all([
            Action(reference="SG-10", group_id=group, meeting_id=meeting_id,
                   agenda_item_id=budget, description="Cost the outreach service",
                   owner_id=person.id, due_date=dt.date(2010, 11, 1)),
            Action(reference="SG-2", group_id=group, meeting_id=meeting_id,
                   agenda_item_id=budget, description="Circulate the paper",
                   owner_text="Clerk"),
            Action(reference="SG-11", group_id=group, meeting_id=meeting_id,
                   agenda_item_id=budget, description="Removed by undo", deleted=True),
        ])
    whole = minutes.meeting_minutes(meeting_id)
    assert (whole.group_code, whole.number, whole.date, whole.editable) == (
        "SG", 1, MEETING_DAY, True)
    assert [i.item.id for i in whole.items] == [apologies, budget, outreach]
    assert [i.minute_number for i in whole.items] == [11, 12, 13]
    item = whole.items[1]
    assert item.text == "The budget was discussed."
    assert [(r.label, r.text) for r in item.resolutions] == [("(a)", "the budget be agreed")]
    assert [(a.reference, a.owner_name) for a in item.actions] == [
        ("SG-2", "Clerk"), ("SG-10", "Amira Haddad")]
    assert minutes.item_minutes(budget) == item
    assert whole.items[2].text == "" and whole.items[2].resolutions == ()


def test_owners_are_the_attendees_then_the_groups_members(
    sf: sessionmaker[Session], minutes: MinutesService
) -> None:
    meeting_id, _items = add_meeting(sf)
    with sf.begin() as s:
        member, guest, former = (Person(full_name=n) for n in ("Zoe Member", "Al Guest",
                                                              "Old Member"))
        s.add_all([member, guest, former])
        s.flush()
        seats = s.scalars(select(Seat).where(Seat.group_id == seed.group_id("SG"))
                          .order_by(Seat.position)).all()
        s.add_all([
            Appointment(seat_id=seats[0].id, person_id=member.id,
                        start_date=dt.date(2010, 1, 1)),
            Appointment(seat_id=seats[1].id, person_id=former.id,
                        start_date=dt.date(2009, 1, 1), end_date=dt.date(2010, 3, 1)),
            Attendance(meeting_id=meeting_id, person_id=guest.id, status="in_attendance"),
        ])
    choices = minutes.owner_choices(meeting_id)
    assert [(c.name, c.note) for c in choices] == [("Al Guest", "in attendance"),
                                                  ("Zoe Member", "member")]
    assert all(c.person_id for c in choices)


def test_resolutions_of_another_item_are_untouched(
    sf: sessionmaker[Session], minutes: MinutesService
) -> None:
    _, (one, two, _three) = add_meeting(sf)
    minutes.add_resolution(one, "first item")
    minutes.add_resolution(two, "second item", position=1)
    assert [r.text for r in minutes.resolutions(one)] == ["first item"]
    with sf() as s:
        assert s.scalar(select(func.count()).select_from(Resolution)) == 2


def test_typed_standard_sentences_are_recognised() -> None:
    said = {
        "apologies": ["Apologies were received from Ann Hale.", "There were no apologies.",
                      "No apologies were received.",
                      "Fay Green was present as substitute for Dev Patel."],
        "declarations": ["No declarations of interest were made.", "There were no declarations."],
        "previous_minutes": ["The minutes of the meeting held on 7 September 2010 were agreed.",
                             "This was the group's first meeting: there were no previous minutes."],
        "matters_arising": ["The group reviewed the action log. Progress was reported on 12 "
                            "actions: 5 completed and 0 closed."],
        "next_meeting": ["The next meeting will be held on 2 November 2010 at 09:30."],
    }
    for kind, sentences in said.items():
        for sentence in sentences:
            assert restates_standard(kind, sentence), sentence
    # Anything else typed is the secretary's own and is printed.
    for kind, sentence in (
        ("apologies", "The Chair welcomed Ms Green to her first meeting."),
        ("previous_minutes", "Minute 14.2 was corrected to read “twelve districts”."),
        ("next_meeting", "Members were asked to send papers a week before."),
        ("business", "No apologies were received."),  # only the fixed items have standard text
    ):
        assert not restates_standard(kind, sentence), sentence
    assert declares_interest("Ben Ortiz declared an other significant interest in minute 5.")
    assert not declares_interest("No interests were declared.")


def test_typed_none_and_substitute_sentences() -> None:
    assert says_none("There were no apologies.") and says_none("No declarations were made.")
    assert not says_none("Apologies were received from Ann Hale.")
    assert names_substitute("Fay Green was present as substitute for Dev Patel.")
    assert names_substitute("Fay Green attended as substitute for Dev Patel.")
    assert not names_substitute("Apologies were received from Dev Patel.")
