"""Clashing references (issue 10): found per group, the unpublished one renumbered, the
same numbers reached by two laptops resolving apart, and references allocated so that
laptops apart do not clash in the first place."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "sync"))
from merge_helpers import Laptop  # noqa: E402

from sen_desktop.core.actions.service import ActionService  # noqa: E402
from sen_desktop.core.errors import NotFoundError, ValidationError  # noqa: E402
from sen_desktop.core.meetings.service import MeetingService  # noqa: E402
from sen_desktop.core.programme import seed
from sen_desktop.core.references import allocation, detection, records
from sen_desktop.core.references import service as refs
from sen_desktop.core.store.models import (  # noqa: E402
    Action,
    AgendaItem,
    Group,
    Meeting,
    Paper,
    Recommendation,
    RecommendationEvent,
)

TODAY = dt.date(2030, 1, 1)
BESD = seed.group_id("BESD")
CL = seed.group_id("CL")


def _meetings(laptop: Laptop) -> MeetingService:
    return MeetingService(laptop.factory, today=lambda: TODAY)


def _schedule(laptop: Laptop, group: str, day: dt.date) -> str:
    laptop.tick()
    return _meetings(laptop).schedule(group, day).id


def _circulate(laptop: Laptop, meeting_id: str) -> None:
    service = _meetings(laptop)
    for status in ("held", "minutes_draft", "checked", "circulated"):
        laptop.tick()
        service.set_status(meeting_id, status)


def _action(laptop: Laptop, group: str, words: str = "Write to schools") -> str:
    laptop.tick()
    return ActionService(laptop.factory, today=lambda: TODAY).create(group, words).id


def _exchange(a: Laptop, b: Laptop) -> None:
    a.pull(b)
    b.pull(a)
    a.pull(b)


def _numbers(laptop: Laptop) -> dict[str, Any]:
    with laptop.factory() as s:
        return {
            "meetings": {i: n for i, n in s.execute(select(Meeting.id, Meeting.number))},
            "minutes": {
                i: n for i, n in s.execute(select(AgendaItem.id, AgendaItem.minute_number))
            },
            "actions": {i: r for i, r in s.execute(select(Action.id, Action.reference))},
        }


@pytest.fixture
def pair() -> Iterator[tuple[Laptop, Laptop]]:
    a, b = Laptop(1), Laptop(2, skew_ms=5)
    yield a, b
    a.close()
    b.close()


def test_one_laptop_never_clashes(pair: tuple[Laptop, Laptop]) -> None:
    a, _ = pair
    first = _schedule(a, BESD, dt.date(2011, 3, 3))
    _schedule(a, BESD, dt.date(2011, 4, 3))
    _schedule(a, CL, dt.date(2011, 3, 3))
    _meetings(a).cancel(first)
    _schedule(a, BESD, dt.date(2011, 5, 3))  # minutes follow on past the cancelled one
    _action(a, BESD)
    _action(a, BESD)
    with a.factory() as s:
        assert detection.find_clashes(s) == []


def test_meetings_made_apart_clash_and_the_later_one_moves(pair: tuple[Laptop, Laptop]) -> None:
    a, b = pair
    early = _schedule(a, BESD, dt.date(2011, 3, 3))
    late = _schedule(b, BESD, dt.date(2011, 3, 4))  # b's clock runs later: made later
    _exchange(a, b)
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
    unpublished = _schedule(a, BESD, dt.date(2011, 3, 10))
    published = _schedule(b, BESD, dt.date(2011, 3, 4))
    _circulate(b, published)
    _exchange(a, b)
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
    first = _schedule(a, BESD, dt.date(2011, 3, 3))
    second = _schedule(b, BESD, dt.date(2011, 3, 4))
    b.tick()
    with b.factory.begin() as s:
        s.add(Paper(kind="minutes", reference="BESD/M1", sha256="0" * 64, created_at="x"))
    _exchange(a, b)
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
    first = _schedule(a, BESD, dt.date(2011, 3, 3))
    second = _schedule(b, BESD, dt.date(2011, 3, 4))
    _circulate(a, first)
    _circulate(b, second)
    _exchange(a, b)
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
    _schedule(a, BESD, dt.date(2011, 3, 3))
    published = _schedule(b, BESD, dt.date(2011, 3, 10))
    _circulate(b, published)
    _exchange(a, b)
    with a.factory.begin() as s:
        refs.resolve_all(s)  # the meeting numbers move; the minutes cannot
        [clash] = detection.find_clashes(s)
        assert clash.kind == records.MINUTES and clash.chain_blocked and clash.needs_person
        assert "a person must decide which minutes to change" in clash.describe({})


def test_actions_clash_and_renumber_to_the_next_free_reference(
    pair: tuple[Laptop, Laptop],
) -> None:
    a, b = pair
    _action(a, BESD)
    _action(a, BESD)
    _action(b, BESD)
    later = _action(b, BESD)
    _exchange(a, b)
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
    _schedule(a, BESD, dt.date(2011, 3, 3))
    _schedule(b, BESD, dt.date(2011, 3, 4))
    _action(a, BESD)
    _action(b, BESD)
    _exchange(a, b)
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
    meeting = _schedule(b, BESD, dt.date(2011, 3, 4))
    b.tick()
    raised = ActionService(b.factory, today=lambda: TODAY).create(
        BESD, "Agreed at the meeting", meeting_id=meeting
    )
    _circulate(b, meeting)
    other = _action(a, BESD)  # made earlier (a's clock is behind), but not published
    _exchange(a, b)
    with a.factory.begin() as s:
        clash = detection.find_clashes(s, [records.ACTION])[0]
        assert clash.rows[0].row_id == raised.id
        assert clash.rows[0].why_published == "the minutes that raised it were circulated"
        refs.resolve_all(s)
        assert s.get(Action, raised.id).reference == "BESD-1"  # type: ignore[union-attr]
        assert s.get(Action, other).reference == "BESD-2"  # type: ignore[union-attr]


def _recommendation(laptop: Laptop, title: str) -> str:
    laptop.tick()
    with laptop.factory.begin() as s:
        rec = Recommendation(reference="BESD-R1", group_id=BESD, title=title)
        s.add(rec)
        s.flush()
        return rec.id


def test_recommendations_clash_and_the_agenda_title_follows(pair: tuple[Laptop, Laptop]) -> None:
    a, b = pair
    sent = _recommendation(a, "Outreach from special schools")
    kept_in_group = _recommendation(b, "More unit places")
    meeting = _schedule(b, BESD, dt.date(2011, 3, 4))
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
    _exchange(a, b)
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
    _schedule(a, BESD, dt.date(2011, 3, 3))
    theirs = _schedule(b, BESD, dt.date(2011, 3, 4))
    _action(a, CL)
    _action(b, CL)
    _exchange(a, b)
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
    _schedule(a, BESD, dt.date(2011, 3, 3))
    _schedule(b, BESD, dt.date(2011, 3, 4))
    _exchange(a, b)
    with a.factory() as s:
        assert refs.find_clash(s, "meeting", "besd 1").reference == "BESD 1"
        assert refs.find_clash(s, "meeting", "BESD/M1").reference == "BESD 1"
        assert refs.find_clash(s, "minutes", "BESD").kind == "minutes"
        assert refs.find_clash(s, "minutes", "BESD 3").kind == "minutes"
        with pytest.raises(NotFoundError, match="No clash of minutes BESD 9"):
            refs.find_clash(s, "minutes", "BESD 9")
        with pytest.raises(ValidationError, match="meeting, minutes, action or recommendation"):
            refs.find_clash(s, "paper", "BESD 1")


# --- allocation ------------------------------------------------------------------------


def _certify(
    s: Session, serial: int, laptop: str, write: list[str], *, root: bool = False,
    chair: str = "",
) -> None:
    roles: list[dict[str, str]] = [{"role": "root"}] if root else []
    if chair:
        roles.append({"role": "chair", "group": chair, "person": "p", "from": "2010-09-01"})
    body = {
        "kind": "laptop-certificate",
        "serial": serial,
        "laptop": laptop,
        "write": write,
        "roles": roles,
    }
    s.execute(
        text(
            "INSERT INTO laptop_certificate (serial, laptop_id, name, item) "
            "VALUES (:serial, :laptop, :name, :item)"
        ),
        {
            "serial": serial,
            "laptop": laptop,
            "name": laptop,
            "item": json.dumps({"body": body, "signature": "00"}),
        },
    )


def _be(s: Session, laptop: str) -> None:
    s.execute(text("DELETE FROM laptop_self"))
    s.execute(
        text(
            "INSERT INTO laptop_self (id, laptop_id, name, sign_key, age_recipient, "
            "site_nonce, state, secrets) VALUES (1, :laptop, :laptop, '', '', 0, 'member', "
            "'keyring')"
        ),
        {"laptop": laptop},
    )


def test_the_laptop_certified_to_write_a_group_allocates_its_references(
    pair: tuple[Laptop, Laptop],
) -> None:
    a, _ = pair
    with a.factory.begin() as s:
        group = s.get(Group, BESD)
        assert group is not None
        # No programme set up: every laptop numbers 1, 2, 3 …
        assert allocation.allocation_band(s, "BESD") == 0
        _certify(s, 1, "root", ["*"], root=True)
        _certify(s, 2, "sg-secretary", ["SG"])
        _certify(s, 3, "besd-secretary", ["BESD", "CL"])
        _certify(s, 4, "besd-chair", ["BESD"])
        # The root allocates only groups nobody else writes.
        assert allocation.allocating_laptop(s, "PD") == "root"
        assert allocation.allocating_laptop(s, "SG") == "sg-secretary"
        assert allocation.allocating_laptop(s, "BESD") == "besd-secretary"
        # A group's chair's laptop comes after the others, even the root's.
        _certify(s, 5, "asd-chair", ["ASD"], chair="ASD")
        assert allocation.allocating_laptop(s, "ASD") == "root"
        # A deputy writing every group takes those nobody is named for, not the others.
        _certify(s, 6, "deputy", ["*"])
        assert allocation.allocating_laptop(s, "PD") == "deputy"
        assert allocation.allocating_laptop(s, "ASD") == "deputy"
        assert allocation.allocating_laptop(s, "SG") == "sg-secretary"
        _be(s, "besd-secretary")
        assert allocation.allocation_band(s, "BESD") == 0
        _be(s, "besd-chair")
        assert allocation.allocation_band(s, "BESD") == 4
        assert allocation.next_meeting_number(s, group) == 40_001
        assert allocation.next_action_number(s, group) == 40_001
        assert allocation.next_recommendation_number(s, group) == 40_001
        _be(s, "root")
        assert allocation.allocation_band(s, "BESD") == 1
        assert allocation.allocation_band(s, "PD") == 1  # the deputy numbers PD
        _be(s, "deputy")
        assert allocation.allocation_band(s, "PD") == 0
        # Revoking the secretary's laptop hands BESD to the chair's.
        s.execute(
            text(
                "INSERT INTO laptop_revocation (laptop_id, serial, effective_from, item) "
                "VALUES ('besd-secretary', 3, '2026-01-01T00:00:00Z', '{}')"
            )
        )
        assert allocation.allocating_laptop(s, "BESD") == "besd-chair"


def test_references_made_away_from_the_allocating_laptop_do_not_clash(
    pair: tuple[Laptop, Laptop],
) -> None:
    a, b = pair
    for laptop, me in ((a, "besd-secretary"), (b, "besd-chair")):
        with laptop.factory.begin() as s:
            _certify(s, 1, "root", ["*"], root=True)
            _certify(s, 3, "besd-secretary", ["BESD"])
            _certify(s, 4, "besd-chair", ["BESD"])
            _be(s, me)
    ours = _schedule(a, BESD, dt.date(2011, 3, 3))
    theirs = _schedule(b, BESD, dt.date(2011, 3, 4))
    _action(a, BESD)
    chair_action = _action(b, BESD)
    _exchange(a, b)
    with a.factory() as s:
        assert s.get(Meeting, ours).number == 1  # type: ignore[union-attr]
        assert s.get(Meeting, theirs).number == 40_001  # type: ignore[union-attr]
        assert s.get(Action, chair_action).reference == "BESD-40001"  # type: ignore[union-attr]
        # Minute numbers follow on from the meeting before, so meetings scheduled apart
        # share them until recounted; neither is published, so that is automatic.
        [minutes] = detection.find_clashes(s)
        assert minutes.kind == records.MINUTES and minutes.automatic
    # The secretary's next meeting follows on in the ordinary range.
    nxt = _schedule(a, BESD, dt.date(2011, 4, 3))
    with a.factory() as s:
        assert s.get(Meeting, nxt).number == 2  # type: ignore[union-attr]
        # A person may bring the chair's meeting into the ordinary range.
        moved = refs.renumber_row(s, records.MEETING, theirs)
    assert str(moved) == "BESD 40001 is now BESD 40002"  # the next free in its own range


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
                made[who].append(_schedule(laptop, group, when))
            elif what == "action":
                _action(laptop, group)
            elif what == "circulate" and made[who]:
                meeting = made[who][-1]
                with laptop.factory() as s:
                    status = s.get(Meeting, meeting).status  # type: ignore[union-attr]
                if status == "planned":
                    _circulate(laptop, meeting)
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
        _exchange(a, b)
        assert a.dump() == b.dump()
        before = _numbers(a)
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
        assert _numbers(a) == _numbers(b)
        _exchange(a, b)
        assert a.dump() == b.dump()
        after = _numbers(a)
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


def test_allocation_reads_the_certificates_the_trust_service_stored(tmp_path: Path) -> None:
    from trust_helpers import programme

    laptops = programme(tmp_path).laptops
    serials: dict[str, int] = {}
    bands: dict[str, dict[str, int]] = {}
    for key, laptop in laptops.items():
        with laptop.open() as db, db.session_factory() as s:
            bands[key] = {
                code: allocation.allocation_band(s, code) for code in ("SG", "PCRG", "BESD")
            }
            serial = s.execute(
                text(
                    "SELECT max(serial) FROM laptop_certificate WHERE laptop_id = "
                    "(SELECT laptop_id FROM laptop_self)"
                )
            ).scalar_one()
            serials[key] = int(serial)
    # SG by its secretary, PCRG by the first laptop certified for it, BESD (nobody named)
    # by the deputy who writes everything; the others number from their own range.
    assert bands["sg"] == {"SG": 0, "PCRG": serials["sg"], "BESD": serials["sg"]}
    first_pcrg = min(("pcrg", "pcrg2"), key=serials.__getitem__)
    assert bands[first_pcrg]["PCRG"] == 0
    assert bands["deputy"] == {"SG": serials["deputy"], "PCRG": serials["deputy"], "BESD": 0}
    assert bands["lead"] == {"SG": 1, "PCRG": 1, "BESD": 1}


def test_certified_laptops_exchanging_bundles_clash_only_on_minutes(tmp_path: Path) -> None:
    """The whole way: the SG secretary's laptop and the deputy's (who writes every group)
    schedule SG meetings apart and exchange real bundles; only the minute numbers
    clash, each resolves apart, and the next exchange leaves one numbering."""
    from trust_helpers import programme

    prog = programme(tmp_path)
    sg, deputy = prog.sg, prog.deputy
    made = {}
    for laptop, day in ((sg, dt.date(2011, 3, 3)), (deputy, dt.date(2011, 3, 10))):
        with laptop.open() as db:
            meeting = MeetingService(db.session_factory, today=lambda: TODAY).schedule(
                seed.group_id("SG"), day
            )
            action = ActionService(db.session_factory, today=lambda: TODAY).create(
                seed.group_id("SG"), "Book the hall"
            )
            made[laptop.key] = (meeting.number, action.reference)
            with db.session_factory() as s:
                serial = s.execute(
                    text(
                        "SELECT max(serial) FROM laptop_certificate WHERE laptop_id = "
                        "(SELECT laptop_id FROM laptop_self)"
                    )
                ).scalar_one()
    assert made["sg"] == (1, "SG-1")
    assert made["deputy"] == (serial * 10_000 + 1, f"SG-{serial * 10_000 + 1}")

    def swap(n: int) -> list[str]:
        sg.export(tmp_path / f"sg-{n}.senbundle", for_laptop=deputy.name)
        deputy.export(tmp_path / f"deputy-{n}.senbundle", for_laptop=sg.name)
        first = deputy.import_(tmp_path / f"sg-{n}.senbundle")
        second = sg.import_(tmp_path / f"deputy-{n}.senbundle")
        return [first.summary(), second.summary()]

    # The import says so: the clash is named in its summary, pointing to Conflicts.
    for summary in swap(1):
        assert "1 number clashes with this laptop's (SG minutes" in summary
        assert summary.endswith("see Conflicts.")
    for laptop in (sg, deputy):
        with laptop.open() as db, db.session_factory.begin() as s:
            [clash] = detection.find_clashes(s)
            assert clash.kind == records.MINUTES and clash.automatic
            assert refs.resolve_all(s)
    assert not any("clash" in summary for summary in swap(2))
    numbering = []
    for laptop in (sg, deputy):
        with laptop.open() as db, db.session_factory() as s:
            assert detection.find_clashes(s) == []
            minutes: dict[str, list[int]] = {}
            for meeting_id, number in s.execute(
                select(AgendaItem.meeting_id, AgendaItem.minute_number)
            ):
                minutes.setdefault(meeting_id, []).append(number)
            numbering.append(
                sorted(
                    (str(m.date), m.number, tuple(sorted(minutes[m.id])))
                    for m in s.scalars(select(Meeting))
                )
            )
    assert numbering[0] == numbering[1]
    assert numbering[0][1][2] == (6, 7, 8, 9, 10)  # the deputy's meeting follows on


def test_a_laptop_renumbers_only_groups_it_may_write(pair: tuple[Laptop, Laptop]) -> None:
    """Another laptop would refuse a bundle carrying a change outside its sender's write
    groups, so a laptop that only reads BESD lists its clashes but leaves them."""
    a, b = pair
    _action(a, BESD)
    theirs = _action(b, BESD)
    _exchange(a, b)
    with a.factory.begin() as s:
        _certify(s, 1, "root", ["*"], root=True)
        _certify(s, 2, "sg-secretary", ["SG"])
        _be(s, "sg-secretary")
        [clash] = detection.find_clashes(s)
        assert not clash.writable and not clash.automatic and not clash.needs_person
        assert clash.describe({}).endswith(
            "This laptop is not certified to write BESD's records, so renumber it on a "
            "laptop that is."
        )
        assert refs.resolve_all(s) == []
        with pytest.raises(ValidationError, match="not certified to write BESD's records"):
            refs.resolve(s, clash)
        with pytest.raises(ValidationError, match="not certified to write BESD's records"):
            refs.renumber_row(s, records.ACTION, theirs)
        # Revoked, it may write nothing at all.
        _be(s, "root")
        assert detection.find_clashes(s)[0].automatic
        s.execute(
            text(
                "INSERT INTO laptop_revocation (laptop_id, serial, effective_from, item) "
                "VALUES ('root', 1, '2026-01-01T00:00:00Z', '{}')"
            )
        )
        assert not detection.find_clashes(s)[0].writable


def test_a_renumbered_recommendation_keeps_titles_on_agendas_this_laptop_may_not_write(
    pair: tuple[Laptop, Laptop],
) -> None:
    a, b = pair
    _recommendation(a, "Outreach from special schools")
    moving = _recommendation(b, "More unit places")
    titles = {}
    for code, day in (("BESD", dt.date(2011, 3, 4)), ("SG", dt.date(2011, 3, 18))):
        meeting = _schedule(b, seed.group_id(code), day)
        with b.factory.begin() as s:
            item = AgendaItem(
                meeting_id=meeting, position=4, title="BESD-R1: More unit places",
                recommendation_id=moving,
            )
            s.add(item)
            s.flush()
            titles[code] = item.id
    _exchange(a, b)
    with a.factory.begin() as s:
        _certify(s, 1, "root", ["*"], root=True)
        _certify(s, 2, "besd-secretary", ["BESD"])
        _be(s, "besd-secretary")
        assert [str(d) for d in refs.resolve_all(s)] == ["BESD-R1 is now BESD-R2"]
        assert s.get(AgendaItem, titles["BESD"]).title == "BESD-R2: More unit places"  # type: ignore[union-attr]
        assert s.get(AgendaItem, titles["SG"]).title == "BESD-R1: More unit places"  # type: ignore[union-attr]
