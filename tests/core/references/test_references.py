"""Clashing references (issue 10): found per group, the unpublished one renumbered, a
person's choice where both are published, and the same numbers reached by two laptops
resolving apart."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from merge_helpers import Laptop
from sqlalchemy import select

from sen_desktop.core.actions.service import ActionService
from sen_desktop.core.errors import NotFoundError, ValidationError
from sen_desktop.core.references import allocation, detection, records
from sen_desktop.core.references import service as refs
from sen_desktop.core.store.models import (
    Action,
    AgendaItem,
    Group,
    Meeting,
    Paper,
    RecommendationEvent,
)
from tests.core.references.reference_laptops import (
    BESD,
    CL,
    TODAY,
    add_action,
    add_recommendation,
    circulate,
    exchange,
    meetings_of,
    numbers,
    schedule,
)


def test_one_laptop_never_clashes(pair: tuple[Laptop, Laptop]) -> None:
    a, _ = pair
    first = schedule(a, BESD, dt.date(2011, 3, 3))
    schedule(a, BESD, dt.date(2011, 4, 3))
    schedule(a, CL, dt.date(2011, 3, 3))
    meetings_of(a).cancel(first)
    schedule(a, BESD, dt.date(2011, 5, 3))  # minutes follow on past the cancelled one
    add_action(a, BESD)
    add_action(a, BESD)
    with a.factory() as s:
        assert detection.find_clashes(s) == []


def test_meetings_made_apart_clash_and_the_later_one_moves(pair: tuple[Laptop, Laptop]) -> None:
    a, b = pair
    early = schedule(a, BESD, dt.date(2011, 3, 3))
    late = schedule(b, BESD, dt.date(2011, 3, 4))  # b's clock runs later: made later
    exchange(a, b)
    with a.factory() as s:
        clashes = detection.find_clashes(s)
        names = allocation.laptop_names(s)
    kinds = [c.kind for c in clashes]
    assert kinds == ["meeting", "minutes"]
    meeting = clashes[0]
    assert meeting.reference == "BESD 1" and meeting.group_code == "BESD"
    assert [r.row_id for r in meeting.rows] == [early, late]
    assert [r.row_id for r in meeting.movers] == [late]
    assert meeting.automatic and not meeting.needs_person
    words = meeting.describe(names)
    assert words.startswith(
        "Two meetings are numbered BESD 1: 3 March 2011 (made on this laptop) and "
        "4 March 2011 (made on laptop 00000000)."
    )
    assert "the meeting of 4 March 2011 made on laptop 00000000 will take the next free" in words
    minutes = clashes[1]
    assert minutes.reference == "BESD minutes 1–5"
    assert "Two BESD meetings use minute numbers 1–5" in minutes.describe(names)

    with a.factory.begin() as s:
        done = refs.resolve(s, meeting)
        assert [str(d) for d in done] == ["BESD 1 is now BESD 2"]
        # The minutes follow on from the meeting before: 6–10, no clash left.
        assert detection.find_clashes(s) == []
        numbers = s.scalars(
            select(AgendaItem.minute_number)
            .where(AgendaItem.meeting_id == late)
            .order_by(AgendaItem.position)
        ).all()
    assert numbers == [6, 7, 8, 9, 10]


def test_a_published_meeting_keeps_its_number_even_if_made_later(
    pair: tuple[Laptop, Laptop],
) -> None:
    a, b = pair
    unpublished = schedule(a, BESD, dt.date(2011, 3, 10))
    published = schedule(b, BESD, dt.date(2011, 3, 4))
    circulate(b, published)
    exchange(a, b)
    with b.factory.begin() as s:
        clash = detection.find_clashes(s, [records.MEETING])[0]
        assert [r.row_id for r in clash.rows] == [published, unpublished]
        assert clash.rows[0].why_published == "its minutes were circulated"
        refs.resolve_all(s)
        assert detection.find_clashes(s) == []
        assert s.get(Meeting, published).number == 1  # type: ignore[union-attr]
        assert s.get(Meeting, unpublished).number == 2  # type: ignore[union-attr]


def test_a_minutes_paper_publishes_the_meeting_of_the_laptop_that_issued_it(
    pair: tuple[Laptop, Laptop],
) -> None:
    a, b = pair
    first = schedule(a, BESD, dt.date(2011, 3, 3))
    second = schedule(b, BESD, dt.date(2011, 3, 4))
    b.tick()
    with b.factory.begin() as s:
        s.add(Paper(kind="minutes", reference="BESD/M1", sha256="0" * 64, created_at="x"))
    exchange(a, b)
    with a.factory.begin() as s:
        clash = detection.find_clashes(s, [records.MEETING])[0]
        assert [r.row_id for r in clash.rows] == [second, first]
        assert clash.rows[0].why_published == "paper BESD/M1 was issued"
        assert not clash.rows[1].published
        refs.resolve_all(s)
        assert s.get(Meeting, second).number == 1  # type: ignore[union-attr]
        assert s.get(Meeting, first).number == 2  # type: ignore[union-attr]


def test_two_published_meetings_wait_for_a_person(pair: tuple[Laptop, Laptop]) -> None:
    a, b = pair
    first = schedule(a, BESD, dt.date(2011, 3, 3))
    second = schedule(b, BESD, dt.date(2011, 3, 4))
    circulate(a, first)
    circulate(b, second)
    exchange(a, b)
    with a.factory.begin() as s:
        clash = detection.find_clashes(s, [records.MEETING])[0]
        assert clash.needs_person and not clash.automatic
        assert "a person must decide" in clash.describe({})
        assert refs.resolve_all(s) == []
        with pytest.raises(ValidationError, match="not renumbered automatically"):
            refs.resolve(s, clash)
        assert s.get(Meeting, second).number == 1  # type: ignore[union-attr]
        # The person decides: the second moves, published or not.
        change = refs.renumber_row(s, records.MEETING, second)
        assert str(change) == "BESD 1 is now BESD 2"
        assert detection.find_clashes(s, [records.MEETING]) == []


def test_minutes_of_an_unpublished_meeting_before_a_published_one_wait_for_a_person(
    pair: tuple[Laptop, Laptop],
) -> None:
    a, b = pair
    schedule(a, BESD, dt.date(2011, 3, 3))
    published = schedule(b, BESD, dt.date(2011, 3, 10))
    circulate(b, published)
    exchange(a, b)
    with a.factory.begin() as s:
        refs.resolve_all(s)  # the meeting numbers move; the minutes cannot
        [clash] = detection.find_clashes(s)
        assert clash.kind == records.MINUTES and clash.chain_blocked and clash.needs_person
        assert "a person must decide which minutes to change" in clash.describe({})


def test_actions_clash_and_renumber_to_the_next_free_reference(
    pair: tuple[Laptop, Laptop],
) -> None:
    a, b = pair
    add_action(a, BESD)
    add_action(a, BESD)
    add_action(b, BESD)
    later = add_action(b, BESD)
    exchange(a, b)
    with b.factory.begin() as s:
        clashes = detection.find_clashes(s)
        assert [c.reference for c in clashes] == ["BESD-1", "BESD-2"]
        assert "Two actions are referenced BESD-1: the action “Write to schools”" in (
            clashes[0].describe({})
        )
        done = refs.resolve_all(s)
        assert sorted(str(d) for d in done) == ["BESD-1 is now BESD-3", "BESD-2 is now BESD-4"]
        assert s.get(Action, later).reference == "BESD-4"  # type: ignore[union-attr]
        assert detection.find_clashes(s) == []


def test_the_window_and_command_line_clear_clashes_through_the_service(
    pair: tuple[Laptop, Laptop],
) -> None:
    a, b = pair
    schedule(a, BESD, dt.date(2011, 3, 3))
    schedule(b, BESD, dt.date(2011, 3, 4))
    add_action(a, BESD)
    add_action(b, BESD)
    exchange(a, b)
    service = refs.ReferenceService(a.factory)
    report = service.report()
    action = next(c for c in report.clashes if c.kind == records.ACTION)
    assert report.waiting == 0
    assert report.describe(action) == action.describe(report.names)
    assert "made on this laptop" in report.describe(action)
    assert [str(d) for d in service.resolve(action.key)] == ["BESD-1 is now BESD-2"]
    assert service.resolve(action.key) == []  # cleared meanwhile: nothing left to do
    meeting = next(c for c in service.report().clashes if c.kind == records.MEETING)
    # A person's choice: the row that would have kept its number moves instead.
    kept = meeting.rows[0].row_id
    assert str(service.renumber_row(records.MEETING, kept)) == "BESD 1 is now BESD 2"
    assert service.report().clashes == ()  # its minutes were counted again with it
    with pytest.raises(NotFoundError, match="no longer exists"):
        service.renumber_row(records.ACTION, "no-such-action")
    with pytest.raises(NotFoundError, match="No clash of action BESD-1"):
        service.renumber(records.ACTION, "BESD-1")


def test_an_action_raised_at_circulated_minutes_keeps_its_reference(
    pair: tuple[Laptop, Laptop],
) -> None:
    a, b = pair
    meeting = schedule(b, BESD, dt.date(2011, 3, 4))
    b.tick()
    raised = ActionService(b.factory, today=lambda: TODAY).create(
        BESD, "Agreed at the meeting", meeting_id=meeting
    )
    circulate(b, meeting)
    other = add_action(a, BESD)  # made earlier (a's clock is behind), but not published
    exchange(a, b)
    with a.factory.begin() as s:
        clash = detection.find_clashes(s, [records.ACTION])[0]
        assert clash.rows[0].row_id == raised.id
        assert clash.rows[0].why_published == "the minutes that raised it were circulated"
        refs.resolve_all(s)
        assert s.get(Action, raised.id).reference == "BESD-1"  # type: ignore[union-attr]
        assert s.get(Action, other).reference == "BESD-2"  # type: ignore[union-attr]


def test_recommendations_clash_and_the_agenda_title_follows(pair: tuple[Laptop, Laptop]) -> None:
    a, b = pair
    sent = add_recommendation(a, "Outreach from special schools")
    kept_in_group = add_recommendation(b, "More unit places")
    meeting = schedule(b, BESD, dt.date(2011, 3, 4))
    with b.factory.begin() as s:
        s.add(
            AgendaItem(
                meeting_id=meeting,
                position=4,
                title="BESD-R1: More unit places",
                recommendation_id=kept_in_group,
            )
        )
    a.tick()
    with a.factory.begin() as s:
        s.add(
            RecommendationEvent(
                recommendation_id=sent, transition="submitted_to_sg", at="2011-03-01T10:00:00Z"
            )
        )
    exchange(a, b)
    with b.factory.begin() as s:
        clash = detection.find_clashes(s, [records.RECOMMENDATION])[0]
        assert [r.row_id for r in clash.rows] == [sent, kept_in_group]
        assert clash.rows[0].why_published == "it has gone to submitted to sg"
        assert [str(d) for d in refs.resolve_all(s)] == ["BESD-R1 is now BESD-R2"]
        title = s.scalars(
            select(AgendaItem.title).where(AgendaItem.recommendation_id == kept_in_group)
        ).one()
        assert title == "BESD-R2: More unit places"


def test_clashes_touching_names_only_those_an_import_brought(
    pair: tuple[Laptop, Laptop],
) -> None:
    a, b = pair
    schedule(a, BESD, dt.date(2011, 3, 3))
    theirs = schedule(b, BESD, dt.date(2011, 3, 4))
    add_action(a, CL)
    add_action(b, CL)
    exchange(a, b)
    with a.factory() as s:
        item = s.scalars(select(AgendaItem.id).where(AgendaItem.meeting_id == theirs)).first()
        assert item is not None
        touched = detection.clashes_touching(s, [("agenda_item", item)])
        assert {c.kind for c in touched} == {"meeting", "minutes"}
        assert len(detection.clashes_touching(s, [("meeting", theirs), ("person", "x")])) == 2
        assert detection.clashes_touching(s, [("person", "x")]) == []
        assert len(detection.find_clashes(s)) == 3


def test_find_clash_by_what_a_person_types(pair: tuple[Laptop, Laptop]) -> None:
    a, b = pair
    schedule(a, BESD, dt.date(2011, 3, 3))
    schedule(b, BESD, dt.date(2011, 3, 4))
    exchange(a, b)
    with a.factory() as s:
        assert refs.find_clash(s, "meeting", "besd 1").reference == "BESD 1"
        assert refs.find_clash(s, "meeting", "BESD/M1").reference == "BESD 1"
        assert refs.find_clash(s, "minutes", "BESD").kind == "minutes"
        assert refs.find_clash(s, "minutes", "BESD 3").kind == "minutes"
        with pytest.raises(NotFoundError, match="No clash of minutes BESD 9"):
            refs.find_clash(s, "minutes", "BESD 9")
        with pytest.raises(ValidationError, match="meeting, minutes, action or recommendation"):
            refs.find_clash(s, "paper", "BESD 1")


# --- two laptops apart converge --------------------------------------------------------

_STEP = st.tuples(
    st.integers(0, 1),  # which laptop
    st.sampled_from(["meeting", "meeting", "action", "circulate", "paper"]),
    st.sampled_from([BESD, CL]),
    st.integers(0, 6),  # day offset (same-day meetings happen)
)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(steps=st.lists(_STEP, min_size=0, max_size=8))
def test_two_laptops_resolving_apart_converge(steps: list[tuple[int, str, str, int]]) -> None:
    laptops = (Laptop(1), Laptop(2, skew_ms=3))
    try:
        made: dict[int, list[str]] = {0: [], 1: []}
        # Every run starts with one clash of each kind, then does what hypothesis chose.
        opening = [(0, "meeting", BESD, 0), (1, "meeting", BESD, 1)]
        opening += [(0, "action", CL, 0), (1, "action", CL, 0)]
        for who, what, group, day in opening + steps:
            laptop = laptops[who]
            when = dt.date(2011, 3, 1) + dt.timedelta(days=day * 7)
            if what == "meeting":
                made[who].append(schedule(laptop, group, when))
            elif what == "action":
                add_action(laptop, group)
            elif what == "circulate" and made[who]:
                meeting = made[who][-1]
                with laptop.factory() as s:
                    status = s.get(Meeting, meeting).status  # type: ignore[union-attr]
                if status == "planned":
                    circulate(laptop, meeting)
            elif what == "paper" and made[who]:
                laptop.tick()
                with laptop.factory.begin() as s:
                    row = s.get(Meeting, made[who][-1])
                    code = s.get(Group, row.group_id).code  # type: ignore[union-attr]
                    s.add(
                        Paper(
                            kind="minutes",
                            reference=f"{code}/M{row.number}",  # type: ignore[union-attr]
                            sha256="0" * 64,
                            created_at="2011-03-01T00:00:00",
                        )
                    )
        a, b = laptops
        exchange(a, b)
        assert a.dump() == b.dump()
        before = numbers(a)
        with a.factory() as s:
            event(f"clashes before: {min(len(detection.find_clashes(s)), 3)}")
        with a.factory() as s:
            published_meetings = {
                r.row_id
                for c in detection.find_clashes(s, [records.MEETING])
                for r in c.rows
                if r.published
            }
            frozen = set(
                s.scalars(
                    select(Meeting.id).where(Meeting.status.in_(["circulated", "confirmed"]))
                )
            )
        # Each resolves apart, from the same rows.
        for laptop in laptops:
            laptop.tick(10_000)
            with laptop.factory.begin() as s:
                refs.resolve_all(s)
        assert numbers(a) == numbers(b)
        exchange(a, b)
        assert a.dump() == b.dump()
        after = numbers(a)
        with a.factory() as s:
            left = detection.find_clashes(s)
        assert all(c.needs_person for c in left), [c.reference for c in left]
        for meeting in published_meetings | frozen:
            assert after["meetings"][meeting] == before["meetings"][meeting]
        with a.factory() as s:
            frozen_items = set(
                s.scalars(select(AgendaItem.id).where(AgendaItem.meeting_id.in_(frozen)))
            )
        for item in frozen_items:
            assert after["minutes"][item] == before["minutes"][item]
    finally:
        for laptop in laptops:
            laptop.close()
