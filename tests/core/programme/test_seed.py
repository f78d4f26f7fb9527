"""The seeded County programme is the Project Plan's, word for word, and the same everywhere."""

from __future__ import annotations

import json
import re
import uuid
from importlib.resources import files
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import func, select

from sen_desktop.core.programme import data as plan
from sen_desktop.core.programme.seed import (
    PROGRAMME_NAMESPACE,
    group_id,
    programme_id,
    seed_into_session,
    seed_programme,
)
from sen_desktop.core.store import models
from sen_desktop.core.store.models import (
    Body,
    Group,
    Milestone,
    Operation,
    ProgrammeSection,
    ProgrammeSetting,
    RemitItem,
    Seat,
)
from sen_desktop.core.store.oplog import GENESIS_SITE

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sqlalchemy.orm import Session, sessionmaker
    from store_helpers import Store


def normalise(text: str) -> str:
    # The plan breaks one word at its own hyphen ("Non-\nMaintained"): join it again.
    # Every other run of whitespace (line wraps, indents, double spaces) is one space.
    text = re.sub(r"-[ \t]*\n\s*", "-", text)
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def plan_text() -> str:
    raw = files("sen_desktop.resources").joinpath("seed/sen-strategy-project-plan.txt")
    return normalise(raw.read_text(encoding="utf-8"))


def assert_in_order(texts: Iterable[str], plan_text: str) -> None:
    """Each text is in the plan verbatim, and each after the one before it."""
    at = 0
    for text in texts:
        found = plan_text.find(text, at)
        assert found >= 0, f"not in the Project Plan (in this order): {text!r}"
        at = found + len(text)


# --- the constants against the plan text ---------------------------------------------


def test_no_stray_whitespace_in_any_text() -> None:
    texts = [g.name for g in plan.GROUPS]
    for group in plan.GROUPS:
        texts += [*group.remit, *(seat.title for seat in group.seats)]
        texts += [group.seat_rule] if group.seat_rule else []
    texts += [m.period for m in plan.MILESTONES] + [m.action for m in plan.MILESTONES]
    texts += [line for s in plan.SECTIONS for line in [s.title, *s.body.split("\n")]]
    for text in texts:
        assert text and text == normalise(text), f"stray whitespace in {text!r}"


def test_steering_group_is_the_plans(plan_text: str) -> None:
    sg = plan.STEERING_GROUP
    assert (sg.code, sg.kind, sg.reports_to, sg.dimension) == ("SG", "steering", None, None)
    assert len(sg.remit) == 8
    assert len(sg.seats) == 15
    assert_in_order(["STEERING GROUP Remit", *sg.remit, "Membership"], plan_text)
    chairs = [seat for seat in sg.seats if seat.is_chair]
    assert len(chairs) == 1
    assert chairs[0].title + " (Chair)" == "Director of Specialist Children’s Services (Chair)"
    titles = [seat.title + (" (Chair)" if seat.is_chair else "") for seat in sg.seats]
    # Bullets included: a seat title must be a whole list item, not part of one.
    assert_in_order([f"• {t} " for t in titles], plan_text + " ")
    assert not any(seat.rule_applies for seat in sg.seats)
    assert sg.quorum == 5  # a third of 15


def test_working_groups_are_the_plans(plan_text: str) -> None:
    groups = plan.WORKING_GROUPS
    assert [g.code for g in groups] == ["BESD", "CL", "PD", "ASD"]
    assert [g.dimension for g in groups] == list(models.DIMENSIONS)
    assert [g.name for g in groups] == [
        "BESD Working Group",
        "Cognition and Learning Working Group",
        "PD/MED/HI/VI/MSI Working Group",
        "ASD/SLCN Working Group",
    ]
    assert "BESD; Cognition and Learning; PD/MED/HI/VI/MSI; ASD/SLCN" in plan_text
    for group in groups:
        assert (group.kind, group.reports_to, group.quorum) == ("working", "SG", 4)
        assert len(group.remit) == 9
        assert len(group.seats) == 11
        assert_in_order([f"§ {text}" for text in group.remit], plan_text)
        titles = [seat.title + ("*" if seat.rule_applies else "") for seat in group.seats]
        assert_in_order([f"§ {t} " for t in titles], plan_text)
        assert [s.title for s in group.seats if s.rule_applies] == [
            "Secondary School Head",
            "Primary School Head",
        ]
        assert not any(seat.is_chair for seat in group.seats)
        assert group.seat_rule == (
            "preferably at least one to be from a school with a unit or with lead school status"
        )
        assert f"* {group.seat_rule}" in plan_text


def test_reference_group_is_drawn_from_the_plans_words(plan_text: str) -> None:
    pcrg = plan.REFERENCE_GROUP
    assert (pcrg.code, pcrg.kind, pcrg.reports_to) == ("PCRG", "reference", "SG")
    assert pcrg.name == "Parent/Carer Reference Group"
    assert pcrg.name in plan_text
    sources = [
        "to assist the work of the Steering and Working Groups",
        "proposals, including detailed funding proposals, informed by the Parent/Carer",
        "Consider recommendations from the working groups and parent/carer reference group",
    ]
    assert len(pcrg.remit) == len(sources)
    for source in sources:
        assert source in plan_text
    assert pcrg.seats[-1].title == "Parent Partnership Services representative"
    assert pcrg.quorum == plan.quorum_for(len(pcrg.seats))


def test_milestones_are_annex_2_in_order(plan_text: str) -> None:
    assert [m.period for m in plan.MILESTONES] == [
        "End July 2010",
        "Early Sept 2010",
        "End September 2010",
        "September 2010",
        "September 2010",
        "September 2010",
        "October/November 2010",
        "October 2010",
        "November 2010 – March 2011",
        "December 2010",
        "July 2011",
        "September 2011",
    ]
    annex_2 = plan_text[plan_text.index("Annex 2 to the SEN Strategy Project Plan") :]
    # Period and action side by side, as the table's row reads.
    assert_in_order([f"{m.period} {m.action}" for m in plan.MILESTONES], annex_2)
    assert all(m.owner == "SG" for m in plan.MILESTONES)


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        ("End July 2010", "2010-07-01", "2010-07-31"),
        ("Early Sept 2010", "2010-09-01", "2010-09-30"),
        ("October/November 2010", "2010-10-01", "2010-11-30"),
        ("November 2010 – March 2011", "2010-11-01", "2011-03-31"),
        ("December 2010", "2010-12-01", "2010-12-31"),
    ],
)
def test_period_dates_cover_the_named_months(period: str, start: str, end: str) -> None:
    first, last = plan.period_dates(period)
    assert (first.isoformat(), last.isoformat()) == (start, end)


@pytest.mark.parametrize("period", ["", "Spring 2010", "March 2011 – November 2010"])
def test_period_dates_refuse_what_the_plan_never_writes(period: str) -> None:
    with pytest.raises(ValueError):
        plan.period_dates(period)


def test_sections_are_the_plans_paragraphs(plan_text: str) -> None:
    assert [s.key for s in plan.SECTIONS] == [
        "purpose",
        "key_partners",
        "principles",
        "the_plan",
        "timeframe",
        "summary_action_plan",
    ]
    headings = ["1.1 Purpose", "1.2 Key Partners", "1.3 Principles", "1.4 The Plan"]
    headings += ["1.5 Timeframe", "2. ACTION PLAN"]
    for section, heading in zip(plan.SECTIONS, headings, strict=True):
        assert heading.split(" ", 1)[1].lower() == section.title.lower()
        lines = section.body.split("\n")
        assert all(line and line == line.strip() for line in lines)
        assert_in_order([heading, *lines], plan_text)
    purpose = plan.SECTIONS[0].body
    assert purpose.count("\n• ") == 9  # both bullet lists
    assert "September 2011" in plan.SECTIONS[4].body and "3 year period" in plan.SECTIONS[4].body


def test_settings_and_bodies() -> None:
    settings = dict(plan.SETTINGS)
    assert settings["authority_name"] == "Kent County Council"
    assert len(plan.DISTRICTS) == 12 and len(set(plan.DISTRICTS)) == 12
    assert list(settings["districts"]) == list(plan.DISTRICTS)  # type: ignore[call-overload]
    assert settings["implementation_start"] == "2011-09-01"
    assert settings["implementation_years"] == 3
    assert [b.code for b in plan.BODIES] == [
        "SMT",
        "CMT",
        "Cabinet",
        "Cabinet Member",
        "Members",
        "POC",
        "SFF",
    ]


# --- seeding a database ---------------------------------------------------------------


def _session_factory(new_store: Callable[..., Store], name: str) -> sessionmaker[Session]:
    """A migrated database with no rows (foreign keys on, as the real store has them)."""
    return new_store(name, seeded=False).session_factory


@pytest.fixture
def factory(empty_store: Store) -> sessionmaker[Session]:
    return empty_store.session_factory


def _seed(sf: sessionmaker[Session]) -> bool:
    with sf.begin() as session:
        return seed_into_session(session)


def _rows(sf: sessionmaker[Session], model: type[Any]) -> list[tuple[Any, ...]]:
    columns = list(model.__table__.columns)
    with sf() as session:
        result = session.execute(select(*columns).order_by(*model.__table__.primary_key))
        return [tuple(row) for row in result]


def test_seeding_writes_the_whole_programme(factory: sessionmaker[Session]) -> None:
    assert _seed(factory) is True
    with factory() as s:
        groups = s.scalars(select(Group).order_by(Group.position)).all()
        assert [g.code for g in groups] == [g.code for g in plan.GROUPS]
        by_code = {g.code: g for g in groups}
        assert all(g.reports_to_id == by_code["SG"].id for g in groups if g.code != "SG")
        for data in plan.GROUPS:
            gid = by_code[data.code].id
            remit = s.scalars(
                select(RemitItem).where(RemitItem.group_id == gid).order_by(RemitItem.position)
            ).all()
            assert [(r.position, r.text) for r in remit] == list(enumerate(data.remit, start=1))
            seats = s.scalars(
                select(Seat).where(Seat.group_id == gid).order_by(Seat.position)
            ).all()
            assert [(x.title, x.is_chair, x.rule_applies) for x in seats] == [
                (d.title, d.is_chair, d.rule_applies) for d in data.seats
            ]
        chairs = s.scalars(select(Seat).where(Seat.is_chair)).all()
        assert [c.id for c in chairs] == [programme_id("seat:SG:1")]
        milestones = s.scalars(select(Milestone).order_by(Milestone.position)).all()
        assert [m.position for m in milestones] == list(range(1, 13))
        assert [m.period for m in milestones] == [m.period for m in plan.MILESTONES]
        assert {m.status for m in milestones} == {"not_started"}
        assert {m.owner_group_id for m in milestones} == {group_id("SG")}
        sections = s.scalars(select(ProgrammeSection).order_by(ProgrammeSection.position))
        assert [x.body for x in sections] == [x.body for x in plan.SECTIONS]
        settings = {x.key: json.loads(x.value) for x in s.scalars(select(ProgrammeSetting))}
        assert settings["districts"] == list(plan.DISTRICTS)
        assert settings["implementation_years"] == 3
        assert s.scalar(select(func.count()).select_from(Body)) == 7


def test_ids_are_uuid5_of_natural_keys(factory: sessionmaker[Session]) -> None:
    _seed(factory)
    # Fixed for ever: a new namespace would split laptops set up before from those after.
    assert str(PROGRAMME_NAMESPACE) == "2561dce1-2228-4bfd-b9d7-7f8b6dec0db5"
    with factory() as s:
        expected = {
            Group: "group:BESD",
            Seat: "seat:SG:3",
            RemitItem: "remit:BESD:2",
            Milestone: "milestone:5",
            ProgrammeSetting: "setting:authority_name",
            ProgrammeSection: "section:purpose",
            Body: "body:SFF",
        }
        for model, key in expected.items():
            row = s.get(model, str(uuid.uuid5(PROGRAMME_NAMESPACE, key)))
            assert row is not None, key
        seat = s.get_one(Seat, programme_id("seat:SG:3"))
        assert seat.title == "Head of SEN and Resources"
        assert s.get_one(RemitItem, programme_id("remit:BESD:2")).text.startswith("To prepare")
        assert s.get_one(Milestone, programme_id("milestone:5")).action.startswith("Update and")
        assert s.get_one(Body, programme_id("body:SFF")).name == "Schools Funding Forum"


def test_second_seeding_is_a_no_op(factory: sessionmaker[Session]) -> None:
    assert _seed(factory) is True
    tables: tuple[type[Any], ...] = (*models.SYNCED_MODELS, Operation)
    before = {m: _rows(factory, m) for m in tables}
    assert _seed(factory) is False
    database: Any = SimpleNamespace(session_factory=factory)  # what seed_programme uses
    seed_programme(database)
    after = {m: _rows(factory, m) for m in tables}
    assert after == before


def test_two_laptops_seeded_apart_agree(new_store: Callable[..., Store]) -> None:
    one, two = _session_factory(new_store, "one"), _session_factory(new_store, "two")
    _seed(one)
    _seed(two)
    for model in models.SYNCED_MODELS:
        assert _rows(one, model) == _rows(two, model), model.__tablename__
    ops_one, ops_two = _rows(one, Operation), _rows(two, Operation)
    assert ops_one, "seeding captured no operations"
    assert ops_one == ops_two
    with one() as s:
        # All from the one genesis site, and every seeded row has its operations.
        assert set(s.scalars(select(Operation.site_id))) == {GENESIS_SITE}
        rows = {(e, r) for e, r in s.execute(select(Operation.entity, Operation.row_id))}
        seats = {("seat", seat_id) for seat_id in s.scalars(select(Seat.id))}
        assert seats <= rows
