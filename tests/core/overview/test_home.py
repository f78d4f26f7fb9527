"""The Home view's figures for the person using this laptop: today's and the next
meetings, actions due this week, recommendations waiting for them, milestones at risk."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from sen_desktop.core.actions.service import ActionService
from sen_desktop.core.meetings.service import MeetingService
from sen_desktop.core.overview.home import SHOWN, HomeService, waiting_on
from sen_desktop.core.people.service import PeopleService
from sen_desktop.core.plan.service import MilestoneService
from sen_desktop.core.programme.laptop_settings import LaptopUser
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.recommendations.service import RecommendationService

if TYPE_CHECKING:
    from store_helpers import Store

TODAY = dt.date(2010, 10, 20)  # a Wednesday: this week ends on Sunday 24 October
SG, BESD, CL = group_id("SG"), group_id("BESD"), group_id("CL")
JANE = LaptopUser("Jane Smith", "secretary", (BESD,))


@dataclass
class Programme:
    home: HomeService
    actions: ActionService
    meetings: MeetingService
    recommendations: RecommendationService
    milestones: MilestoneService
    people: PeopleService


@pytest.fixture
def programme(store: Store) -> Programme:
    sf = store.session_factory  # the seeded County programme
    today = lambda: TODAY  # noqa: E731
    return Programme(
        home=HomeService(sf, today=today),
        actions=ActionService(sf, today=today),
        meetings=MeetingService(sf, today=today),
        recommendations=RecommendationService(sf, today=today),
        milestones=MilestoneService(sf, today=today),
        people=PeopleService(sf),
    )


def test_a_new_programme_has_nothing_waiting(programme: Programme) -> None:
    home = programme.home.home(None)
    assert home.on == TODAY and home.week_end == dt.date(2010, 10, 24)
    assert home.group_names == ()  # nobody recorded: every group
    assert home.today_meetings == () and home.actions_due == ()
    assert len(home.next_meetings) == 6
    assert all(g.meeting is None for g in home.next_meetings)
    assert home.recommendations == () and home.recommendations_count == 0
    # The seeded plan is on the Project Plan's dates: nothing at risk yet.
    assert home.milestones_at_risk == ()
    assert home.landing_meeting_id is None


def test_meetings_today_and_next_for_the_persons_groups(programme: Programme) -> None:
    p = programme
    p.meetings.schedule(BESD, dt.date(2010, 10, 1))  # past
    today = p.meetings.schedule(BESD, TODAY, start_time=dt.time(14, 0))
    cancelled = p.meetings.schedule(BESD, dt.date(2010, 10, 22))
    p.meetings.cancel(cancelled.id)
    later = p.meetings.schedule(BESD, dt.date(2010, 11, 30))
    sooner = p.meetings.schedule(BESD, dt.date(2010, 11, 3), start_time=dt.time(10, 30))
    p.meetings.schedule(SG, TODAY)  # not Jane's group
    home = p.home.home(JANE)
    assert home.group_names == ("BESD Working Group",)
    assert [m.meeting_id for m in home.today_meetings] == [today.id]
    assert home.today_meetings[0].text == (
        "BESD Working Group, meeting 2: Wednesday 20 October 2010 at 2.00 pm"
    )
    [besd] = home.next_meetings
    assert besd.meeting is not None and besd.meeting.meeting_id == sooner.id
    assert besd.meeting.when == "Wednesday 3 November 2010 at 10.30 am"
    assert later.id != sooner.id
    assert home.landing_meeting_id == today.id
    # Without today's meeting, the welcome lands on the soonest next one.
    p.meetings.cancel(today.id)
    assert p.home.home(JANE).landing_meeting_id == sooner.id
    # Everyone's view has the Steering Group's meeting today too.
    assert len(p.home.home(None).today_meetings) == 1


def test_actions_due_this_week_and_overdue(programme: Programme) -> None:
    p = programme
    owner = p.people.create("Sam Owner")
    p.actions.create(BESD, "Map provision", owner_id=owner.id, due_date=dt.date(2010, 10, 24))
    p.actions.create(BESD, "Book the hall", owner_text="Clerk", due_date=TODAY)
    p.actions.create(BESD, "Next week", due_date=dt.date(2010, 10, 25))
    p.actions.create(BESD, "Late already", due_date=dt.date(2010, 10, 19))
    p.actions.create(BESD, "No date")
    done = p.actions.create(BESD, "Finished", due_date=TODAY)
    p.actions.update(done.id, status="done")
    p.actions.create(SG, "Someone else's", due_date=TODAY)
    home = p.home.home(JANE)
    assert [a.description for a in home.actions_due] == ["Book the hall", "Map provision"]
    assert [a.owner for a in home.actions_due] == ["Clerk", "Sam Owner"]
    assert home.actions_due[0].group_name == "BESD Working Group"
    assert (home.actions_due_count, home.overdue_count) == (2, 1)
    assert p.home.home(None).actions_due_count == 3


def test_the_lists_are_bounded_with_their_full_count(programme: Programme) -> None:
    p = programme
    for n in range(SHOWN + 5):
        p.actions.create(BESD, f"Action {n}", due_date=TODAY)
    home = p.home.home(JANE)
    assert len(home.actions_due) == SHOWN and home.actions_due_count == SHOWN + 5


def test_recommendations_wait_for_whoever_moves_them_next(programme: Programme) -> None:
    p = programme
    draft = p.recommendations.create(BESD, "Outreach hubs")
    agreed = p.recommendations.create(BESD, "Universal features")
    p.recommendations.record_event(agreed.id, "agreed")
    submitted = p.recommendations.create(BESD, "Enhanced provision")
    for step in ("agreed", "submitted_to_sg"):
        p.recommendations.record_event(submitted.id, step)
    withdrawn = p.recommendations.create(BESD, "Merged")
    p.recommendations.record_event(withdrawn.id, "withdrawn")
    p.recommendations.create(CL, "Speech and language")

    jane = p.home.home(JANE)
    assert [(r.reference, r.waiting) for r in jane.recommendations] == [
        (draft.reference, "for the BESD Working Group to agree it"),
        (agreed.reference, "for the BESD Working Group to submit it to the Steering Group"),
    ]
    assert jane.recommendations[0].state_label == "Draft"
    steering = p.home.home(LaptopUser("Sam Chair", "chair", (SG,)))
    assert [(r.reference, r.waiting) for r in steering.recommendations] == [
        (submitted.reference, "for the Strategy Steering Group to decide on it"),
    ]
    # Nobody recorded: everything still to move, whoever moves it.
    assert p.home.home(None).recommendations_count == 4


def test_waiting_on_covers_every_state_before_a_final_one() -> None:
    for state in rs.STATES:
        assert (waiting_on(state) is None) == (state in rs.FINAL_STATES), state
    assert waiting_on(rs.SUBMITTED_TO_SMT) == ("lead", "for SMT and Members to decide")


def test_milestones_at_risk_are_those_the_persons_groups_own(programme: Programme) -> None:
    p = programme
    plan = p.milestones.list_milestones()
    at_risk = p.milestones.update(plan[5].id, status="at_risk", owner_group_id=BESD)
    late = p.milestones.update(plan[0].id, status="on_track")  # ended July 2010
    p.milestones.update(plan[1].id, status="at_risk", owner_group_id=CL)
    p.milestones.update(plan[2].id, status="done")
    home = p.home.home(JANE)
    # BESD's own, and none of the Steering Group's (Jane supports BESD only).
    assert [m.id for m in home.milestones_at_risk] == [at_risk.id]
    everyone = p.home.home(None)
    assert {m.id for m in everyone.milestones_at_risk} == {at_risk.id, late.id, plan[1].id}


def test_gaps_without_a_recommendation_for_the_persons_groups(
    programme: Programme, store: Store
) -> None:
    from sen_desktop.core.provision.service import ProvisionService

    provision = ProvisionService(store.session_factory)
    assert programme.home.home(JANE).open_gaps == 0
    provision.add_gap(BESD, "Dover", "outreach", "No outreach in Dover.")
    gap = provision.add_gap(BESD, "Swale", "outreach", "No outreach in Swale.")
    provision.add_gap(CL, "Thanet", "special_school", "A waiting list of nine.")
    assert programme.home.home(JANE).open_gaps == 2  # BESD's only
    assert programme.home.home(None).open_gaps == 3  # every group's
    answer = programme.recommendations.create(BESD, "Outreach in Swale")
    provision.update_gap(gap.id, "Swale", "outreach", gap.evidence, answer.id)
    assert programme.home.home(JANE).open_gaps == 1


def test_the_consultations_open_today_closing_soonest_first(
    programme: Programme, store: Store
) -> None:
    from sen_desktop.core.consultations.records import ConsultationFields
    from sen_desktop.core.consultations.service import ConsultationService

    service = ConsultationService(store.session_factory)
    for title, opens, closes in (("Partners", "1/10/2010", "18/3/2011"),
                                 ("Schools", "4/10/2010", "26/11/2010"),
                                 ("Later", "15/11/2010", "1/12/2010"),
                                 ("Past", "1/9/2010", "30/9/2010")):
        service.create(ConsultationFields(title, ("schools",), opens, closes))
    home = programme.home.home(None)
    assert [c.title for c in home.consultations_open] == ["Schools", "Partners"]
