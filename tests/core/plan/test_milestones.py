"""The Action Plan: milestones with status, derived lateness, and links to what delivers
them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import func, select

from sen_desktop.core.errors import NotFoundError, ValidationError
from sen_desktop.core.plan.records import MilestoneView, is_late, plan_summary
from sen_desktop.core.plan.service import MilestoneService
from sen_desktop.core.programme.data import MILESTONES
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.store.models import Meeting, Milestone, Paper, Recommendation

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker
    from store_helpers import Store

TODAY = dt.date(2010, 10, 15)


@pytest.fixture
def session_factory(store: Store) -> sessionmaker[Session]:
    """The seeded County programme: its Action Plan is the Project Plan's."""
    return store.session_factory


@pytest.fixture
def service(session_factory: sessionmaker[Session]) -> MilestoneService:
    return MilestoneService(session_factory, today=lambda: TODAY)


@pytest.fixture
def targets(session_factory: sessionmaker[Session]) -> dict[str, str]:
    with session_factory.begin() as s:
        meeting = Meeting(group_id=group_id("SG"), number=2, date=dt.date(2010, 10, 5))
        rec = Recommendation(reference="BESD-R1", group_id=group_id("BESD"), title="Outreach")
        paper = Paper(
            kind="minutes",
            reference="SG-2",
            title="Minutes",
            version=2,
            sha256="0" * 64,
            created_at="2010-10-06T09:00:00+00:00",
        )
        s.add_all([meeting, rec, paper])
        s.flush()
        return {"meeting": meeting.id, "recommendation": rec.id, "paper": paper.id}


def test_the_plan_is_seeded_in_order_with_lateness_derived(service: MilestoneService) -> None:
    plan = service.list_milestones()
    assert len(plan) == 12
    assert [m.position for m in plan] == list(range(1, 13))
    first = plan[0]
    assert first.period == "End July 2010"
    assert first.owner_group_name == "Strategy Steering Group"
    # "End July 2010" has passed, but these are still the Project Plan's own dates,
    # not the programme's: never "late" until the programme sets its own.
    assert first.status == "not_started" and first.plan_dates
    assert not first.late and first.shown_status == "not_started"
    assert first.shown_status_label == "Project Plan's dates"
    assert all(m.plan_dates and not m.late for m in plan)
    # Once the programme gives it a status, lateness applies.
    first = service.update(first.id, status="on_track")
    assert not first.plan_dates
    assert first.late and first.shown_status == "late" and first.shown_status_label == "Late"
    october = next(m for m in plan if m.period == "October 2010")
    october = service.update(october.id, period_end=dt.date(2010, 10, 29))
    assert not october.plan_dates
    assert not october.late and october.shown_status_label == "Not started"


def test_a_new_install_today_reads_the_plan_dates_not_twelve_late(
    session_factory: sessionmaker[Session],
) -> None:
    today = MilestoneService(session_factory, today=lambda: dt.date(2026, 12, 7))
    plan = today.list_milestones()
    assert not any(m.late for m in plan)
    assert plan_summary(plan) == (
        "12 milestones: 12 on the Project Plan's dates (2010–11) until the programme "
        "sets its own."
    )
    # Setting the dates (or status) makes a milestone the programme's own.
    moved = today.update(plan[0].id, period="End July 2027",
                         period_start=dt.date(2027, 7, 1), period_end=dt.date(2027, 7, 31))
    late = today.update(plan[1].id, status="at_risk")
    done = today.update(plan[2].id, status="done")
    assert (moved.plan_dates, moved.late, moved.shown_status_label) == (
        False, False, "Not started")
    assert late.late and late.at_risk and not done.late and not done.at_risk
    plan = today.list_milestones()
    assert plan_summary(plan) == (
        "12 milestones: 1 not started, 1 late, 1 done, 9 on the Project Plan's dates "
        "(2010–11) until the programme sets its own."
    )
    # Putting the plan's period and dates back makes it the plan's again.
    seeded = MILESTONES[0]
    back = today.update(plan[0].id, period=seeded.period, period_start=seeded.period_start,
                        period_end=seeded.period_end)
    assert back.plan_dates and not back.late
    # A milestone someone added is the programme's own from the start.
    added = today.add("Spring 2011", dt.date(2011, 3, 1), dt.date(2011, 5, 31), "Consult")
    assert not added.plan_dates and added.late
    assert plan_summary([]) == "No milestones yet."


@pytest.mark.parametrize(
    ("end", "status", "late"),
    [
        (dt.date(2010, 10, 14), "on_track", True),
        (dt.date(2010, 10, 14), "done", False),
        (dt.date(2010, 10, 15), "at_risk", False),  # ends today: not late yet
        (dt.date(2011, 1, 1), "late", True),  # marked late by hand
        (dt.date(2011, 1, 1), "not_started", False),
    ],
)
def test_is_late(end: dt.date, status: str, late: bool) -> None:
    @dataclass(frozen=True)
    class Planned:
        period_end: dt.date
        status: str

    assert is_late(Planned(end, status), TODAY) is late


def test_add_and_update(service: MilestoneService) -> None:
    added = service.add(
        "Spring 2011",
        dt.date(2011, 3, 1),
        dt.date(2011, 5, 31),
        "  Pilot outreach hubs\x0bin two districts ",
        owner_group_id=group_id("BESD"),
        status="on_track",
    )
    assert added.position == 13
    assert added.action == "Pilot outreach hubs\nin two districts"
    assert added.owner_group_name == "BESD Working Group"
    assert service.list_milestones()[-1].id == added.id
    assert [m.id for m in service.list_milestones(group_id("BESD"))] == [added.id]

    updated = service.update(added.id, status="done", period_end=dt.date(2011, 6, 30))
    assert (updated.status, updated.period_end, updated.period) == (
        "done",
        dt.date(2011, 6, 30),
        "Spring 2011",
    )
    cleared = service.update(added.id, owner_group_id=None)
    assert cleared.owner_group_id is None and cleared.owner_group_name is None
    with pytest.raises(TypeError):
        service.update(added.id, colour="red")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"period": " "}, "period", "Enter the period"),
        ({"action": "\n "}, "action", "Enter the action"),
        ({"status": "finished"}, "status", "Choose a status"),
        ({"period_end": dt.date(2010, 1, 1)}, "period_end", "on or after the start"),
        ({"period_start": "soon"}, "period_start", "as a date"),
        ({"owner_group_id": "nope"}, "owner_group_id", "Choose the group"),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(
    service: MilestoneService,
    session_factory: sessionmaker[Session],
    fields: dict[str, Any],
    field: str,
    message: str,
) -> None:
    values: dict[str, Any] = {
        "period": "Winter",
        "period_start": dt.date(2010, 12, 1),
        "period_end": dt.date(2011, 2, 28),
        "action": "Something",
    }
    values.update(fields)
    with pytest.raises(ValidationError, match=message) as caught:
        service.add(**values)
    assert caught.value.field == field
    first = service.list_milestones()[0]
    with pytest.raises(ValidationError, match=message):
        service.update(first.id, **fields)
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Milestone)) == 12
    assert service.get(first.id) == first


def test_links_to_meetings_recommendations_and_papers(
    service: MilestoneService, targets: dict[str, str]
) -> None:
    milestone = service.list_milestones()[1]
    links = [service.link(milestone.id, kind, target) for kind, target in targets.items()]
    assert [link.label for link in links] == [
        "SG meeting 2, 5 October 2010",
        "BESD-R1: Outreach",
        "SG-2 v2: Minutes",
    ]
    assert all(link.exists for link in links)
    # Linking twice gives the same link.
    assert service.link(milestone.id, "meeting", targets["meeting"]).id == links[0].id
    view = service.get(milestone.id)
    assert {link.target_kind for link in view.links} == {"meeting", "recommendation", "paper"}
    assert [m.id for m in service.linked_to("recommendation", targets["recommendation"])] == [
        milestone.id
    ]

    service.unlink(links[1].id)
    assert [link.target_kind for link in service.links(milestone.id)] == ["meeting", "paper"]
    assert service.linked_to("recommendation", targets["recommendation"]) == []
    with pytest.raises(NotFoundError):
        service.unlink(links[1].id)
    # Linking again brings the same link back.
    assert service.link(milestone.id, "recommendation", targets["recommendation"]).id == (
        links[1].id
    )


def test_unknown_link_targets_are_refused(
    service: MilestoneService, targets: dict[str, str]
) -> None:
    milestone = service.list_milestones()[0]
    with pytest.raises(ValidationError, match="meeting does not exist") as caught:
        service.link(milestone.id, "meeting", targets["paper"])
    assert caught.value.field == "target_id"
    with pytest.raises(ValidationError, match="a meeting, a recommendation or a paper"):
        service.link(milestone.id, "person", targets["paper"])
    with pytest.raises(NotFoundError):
        service.link("nope", "meeting", targets["meeting"])
    assert service.links(milestone.id) == []


def test_a_removed_target_still_shows_as_removed(
    service: MilestoneService,
    session_factory: sessionmaker[Session],
    targets: dict[str, str],
) -> None:
    milestone = service.list_milestones()[0]
    service.link(milestone.id, "recommendation", targets["recommendation"])
    with session_factory.begin() as s:
        rec = s.get(Recommendation, targets["recommendation"])
        assert rec is not None
        rec.deleted = True
    (link,) = service.links(milestone.id)
    assert not link.exists and link.label == "(removed recommendation)"


def test_remove_and_restore(service: MilestoneService) -> None:
    milestone: MilestoneView = service.list_milestones()[0]
    service.remove(milestone.id)
    assert milestone.id not in {m.id for m in service.list_milestones()}
    with pytest.raises(NotFoundError):
        service.get(milestone.id)
    assert service.restore(milestone.id) == milestone


def test_every_status_has_its_words_in_the_legend_order() -> None:
    from sen_desktop.core.plan.records import STATUS_LABELS, SUMMARY_ORDER
    from sen_desktop.core.plan.vocabulary import MILESTONE_STATUSES

    assert tuple(STATUS_LABELS) == MILESTONE_STATUSES == SUMMARY_ORDER
