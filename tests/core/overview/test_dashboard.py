"""The programme dashboard: per group open and overdue actions, recommendations by
state, next meeting and remit coverage; per milestone what is linked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from sen_desktop.core.actions.records import ActionFilter
from sen_desktop.core.actions.service import ActionService
from sen_desktop.core.dates import long_date
from sen_desktop.core.errors import ValidationError
from sen_desktop.core.meetings.service import MeetingService
from sen_desktop.core.overview.dashboard import DashboardService, GroupFigures
from sen_desktop.core.plan.service import MilestoneService
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.recommendations.service import RecommendationService
from sen_desktop.core.store.models import Paper, Person, RemitItem
from tests.chair_helpers import chair_laptop

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker
    from store_helpers import Store

TODAY = dt.date(2010, 10, 20)
CLOCK = dt.datetime(2010, 10, 1, 9, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = CLOCK

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(minutes=1)
        return self.now


@dataclass
class Programme:
    sf: sessionmaker[Session]
    dashboard: DashboardService
    actions: ActionService
    meetings: MeetingService
    recommendations: RecommendationService
    milestones: MilestoneService
    chair: str

    def figures(self, code: str) -> GroupFigures:
        return next(g for g in self.dashboard.dashboard().groups if g.code == code)


@pytest.fixture
def programme(store: Store) -> Programme:
    sf = store.session_factory  # the seeded County programme
    with sf.begin() as s:
        chair = Person(full_name="Sam Chair")
        s.add(chair)
        s.flush()
        chair_id = chair.id
    # This laptop is certified by the programme's root as the Steering Group's chair's.
    _, laptop = chair_laptop(sf, [("SG", chair_id, dt.date(2010, 1, 1))])
    today = lambda: TODAY  # noqa: E731
    return Programme(
        sf=sf,
        dashboard=DashboardService(sf, today=today),
        actions=ActionService(sf, today=today),
        meetings=MeetingService(sf, today=today),
        recommendations=RecommendationService(sf, today=today, signer=laptop, now=Clock()),
        milestones=MilestoneService(sf, today=today),
        chair=chair_id,
    )


def remit_ids(p: Programme, code: str) -> list[str]:
    with p.sf() as s:
        return list(
            s.scalars(
                select(RemitItem.id)
                .where(RemitItem.group_id == group_id(code))
                .order_by(RemitItem.position)
            )
        )


def test_a_fresh_programme_shows_every_group_with_nothing_yet(programme: Programme) -> None:
    board = programme.dashboard.dashboard()
    assert board.on == TODAY
    assert [g.code for g in board.groups] == ["SG", "BESD", "CL", "PD", "ASD", "PCRG"]
    for group in board.groups:
        assert (group.open_actions, group.overdue_actions) == (0, 0)
        assert group.recommendations == ()
        assert group.recommendations_text == "None yet"
        assert group.next_meeting is None and group.next_meeting_text == "None scheduled"
    steering = board.groups[0]
    assert not steering.raises_recommendations and steering.remit == ()
    besd = board.groups[1]
    assert besd.raises_recommendations
    assert len(besd.remit) == 9 and besd.remit_covered == 0
    assert all(not point.covered for point in besd.remit)
    assert board.groups[-1].raises_recommendations  # the reference group raises them too
    assert len(board.milestones) == 12


def test_open_and_overdue_actions_agree_with_the_action_log(programme: Programme) -> None:
    p = programme
    sg, besd = group_id("SG"), group_id("BESD")
    p.actions.create(sg, "Circulate the terms of reference", due_date=dt.date(2010, 10, 1))
    p.actions.create(sg, "Book the venue", due_date=dt.date(2010, 11, 1))
    p.actions.create(sg, "No date yet")
    done = p.actions.create(sg, "Done already", due_date=dt.date(2010, 9, 1))
    p.actions.update(done.id, status="done")
    started = p.actions.create(besd, "Map provision", due_date=dt.date(2010, 10, 19))
    p.actions.update(started.id, status="in_progress")
    dropped = p.actions.create(besd, "Dropped", due_date=dt.date(2010, 9, 1))
    p.actions.update(dropped.id, status="dropped")

    steering, working = p.figures("SG"), p.figures("BESD")
    assert (steering.open_actions, steering.overdue_actions) == (3, 1)
    assert (working.open_actions, working.overdue_actions) == (1, 1)
    for figures in (steering, working):
        gid = figures.group_id
        assert figures.open_actions == p.actions.count(
            ActionFilter(group_id=gid, status=("open", "in_progress"))
        )
        assert figures.overdue_actions == p.actions.count(ActionFilter(group_id=gid, overdue=True))
    assert p.figures("CL").open_actions == 0


def test_the_next_meeting_is_the_first_not_cancelled_from_today(programme: Programme) -> None:
    p = programme
    sg = group_id("SG")
    p.meetings.schedule(sg, dt.date(2010, 9, 7))  # past: meeting 1
    cancelled = p.meetings.schedule(sg, dt.date(2010, 10, 26))  # meeting 2
    p.meetings.cancel(cancelled.id)
    p.meetings.schedule(sg, dt.date(2010, 12, 7))  # later
    p.meetings.schedule(sg, dt.date(2010, 11, 2))  # scheduled last, but sooner
    figures = p.figures("SG")
    assert figures.next_meeting is not None
    assert figures.next_meeting.date == dt.date(2010, 11, 2)
    number = figures.next_meeting.number
    assert figures.next_meeting_text == f"Tuesday 2 November 2010, meeting {number}"
    assert p.figures("BESD").next_meeting_text == "None scheduled"
    # A meeting today is still the next one.
    p.meetings.schedule(group_id("CL"), TODAY)
    assert p.figures("CL").next_meeting_text.startswith("Wednesday 20 October 2010, meeting")


def test_recommendations_by_state_count_only_the_states_present(programme: Programme) -> None:
    p = programme
    besd, sg = group_id("BESD"), group_id("SG")
    sg_meeting = p.meetings.schedule(sg, dt.date(2010, 10, 5))
    first, _second, third = (
        p.recommendations.create(besd, title, remit_item_ids=remit)
        for title, remit in (
            ("Outreach hubs", remit_ids(p, "BESD")[6:7]),
            ("Universal features", remit_ids(p, "BESD")[2:3]),
            ("Enhanced provision", remit_ids(p, "BESD")[2:4]),
        )
    )
    assert p.figures("BESD").recommendations_text == "3 Draft"
    p.recommendations.record_event(first.id, "agreed")
    p.recommendations.record_event(first.id, "submitted_to_sg")
    p.recommendations.record_event(
        first.id, "endorsed", meeting_id=sg_meeting.id, minute_number="12",
        sign_as=p.chair,
    )
    p.recommendations.record_event(third.id, "withdrawn", note="Merged into BESD-R2")
    figures = p.figures("BESD")
    assert [(c.label, c.count) for c in figures.recommendations] == [
        ("Draft", 1), ("Endorsed", 1), ("Withdrawn", 1),
    ]
    assert figures.recommendations_text == "1 Draft · 1 Endorsed · 1 Withdrawn"
    assert figures.recommendation_total == 3
    assert p.figures("CL").recommendations_text == "None yet"
    # The same figures as the recommendation service's own counts.
    counts = p.recommendations.counts_by_state(besd)
    assert {c.state: c.count for c in figures.recommendations} == {
        state: n for state, n in counts.items() if n
    }


def test_remit_coverage_names_the_recommendations_and_the_points_without(
    programme: Programme,
) -> None:
    p = programme
    besd = group_id("BESD")
    points = remit_ids(p, "BESD")
    p.recommendations.create(besd, "Outreach hubs", remit_item_ids=[points[6]])
    p.recommendations.create(besd, "Universal features", remit_item_ids=[points[2], points[6]])
    withdrawn = p.recommendations.create(besd, "Enhanced", remit_item_ids=[points[3]])
    p.recommendations.record_event(withdrawn.id, "withdrawn")
    figures = p.figures("BESD")
    by_position = {c.remit.position: c for c in figures.remit}
    assert by_position[7].references == ("BESD-R1", "BESD-R2")
    assert by_position[3].references == ("BESD-R2",)
    # A withdrawn recommendation does not cover its point.
    assert by_position[4].references == () and not by_position[4].covered
    assert figures.remit_covered == 2
    uncovered = [c.remit.position for c in figures.remit if not c.covered]
    assert uncovered == [1, 2, 4, 5, 6, 8, 9]
    # The same as the recommendation service's coverage for that group.
    service = p.recommendations.remit_coverage(besd)
    assert [(c.remit.id, c.references) for c in service] == [
        (c.remit.id, c.references) for c in figures.remit
    ]
    assert p.figures("CL").remit_covered == 0


def test_each_milestone_shows_what_is_linked_to_it(programme: Programme) -> None:
    p = programme
    meeting = p.meetings.schedule(group_id("SG"), dt.date(2010, 9, 7))
    rec = p.recommendations.create(group_id("BESD"), "Outreach hubs")
    plan = p.milestones.list_milestones()
    p.milestones.link(plan[1].id, "meeting", meeting.id)
    p.milestones.link(plan[1].id, "recommendation", rec.id)
    board = p.dashboard.dashboard()
    linked = board.milestones[1]
    assert linked.id == plan[1].id
    assert sorted(link.label for link in linked.links) == [
        "BESD-R1: Outreach hubs", "SG meeting 1, 7 September 2010",
    ]
    assert board.milestones[0].links == ()


def test_link_choices_read_as_the_links_they_make(programme: Programme) -> None:
    p = programme
    meeting = p.meetings.schedule(group_id("SG"), dt.date(2010, 9, 7))
    rec = p.recommendations.create(group_id("BESD"), "Outreach hubs")
    with p.sf.begin() as s:
        paper = Paper(kind="agenda", reference="SG-2010-07", title="Agenda", version=2,
                      sha256="0" * 64, created_at="2010-09-01T09:00:00+00:00")
        s.add(paper)
        s.flush()
        paper_id = paper.id
    milestone = p.milestones.list_milestones()[0]
    for kind, target in (("meeting", meeting.id), ("recommendation", rec.id),
                         ("paper", paper_id)):
        choices = p.dashboard.link_choices(kind)
        choice = next(c for c in choices if c.target_id == target)
        link = p.milestones.link(milestone.id, kind, target)
        assert choice.label == link.label
    assert p.dashboard.link_choices("meeting")[0].detail == "Planned"
    assert p.dashboard.link_choices("recommendation")[0].detail == "Draft"
    with pytest.raises(ValidationError):
        p.dashboard.link_choices("minute")


def test_long_date_is_english_with_the_weekday() -> None:
    assert long_date(dt.date(2010, 9, 14)) == "Tuesday 14 September 2010"


def test_links_are_ordered_by_kind_then_naturally() -> None:
    from sen_desktop.core.overview.dashboard import ordered_links
    from sen_desktop.core.plan.records import LinkRecord

    def link(kind: str, label: str) -> LinkRecord:
        return LinkRecord(id=label, milestone_id="m", target_kind=kind, target_id=label,
                          label=label, exists=True)

    links = [
        link("recommendation", "BESD-R10: Later"),
        link("meeting", "SG meeting 11, 4 July 2011"),
        link("paper", "SG-2010-07 v2"),
        link("recommendation", "BESD-R2: Earlier"),
        link("meeting", "SG meeting 2, 4 October 2010"),
    ]
    assert [x.label for x in ordered_links(links)] == [
        "SG meeting 2, 4 October 2010",
        "SG meeting 11, 4 July 2011",
        "BESD-R2: Earlier",
        "BESD-R10: Later",
        "SG-2010-07 v2",
    ]


def test_the_consultations_say_whether_they_are_open(programme: Programme) -> None:
    from sen_desktop.core.consultations.records import ConsultationFields, ResponseFields
    from sen_desktop.core.consultations.service import ConsultationService
    from sen_desktop.gui.dashboard.page import consultation_section

    service = ConsultationService(programme.sf)
    made = service.create(ConsultationFields("Funding options", ("schools",), "1/9/2010",
                                             "30/11/2010"))
    service.add_response(made.id, ResponseFields("schools", "Keep it simple."))
    service.create(ConsultationFields("Partners", ("health",), "15/11/2010", "18/3/2011"))
    board = programme.dashboard.dashboard()
    assert [(c.reference, c.responses) for c in board.consultations] == [("C1", 1), ("C2", 0)]
    assert [c.state_words(board.on) for c in board.consultations] == [
        "Open until 30 November 2010", "Opens on 15 November 2010"]
    html = consultation_section(board)
    assert html.startswith("<p>1 of 2 consultations open on ")
    assert "C1 Funding options" in html and "Opens on 15 November 2010" in html
