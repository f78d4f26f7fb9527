"""What the Home page and the Dashboard show, as plain records (no SQLAlchemy): the figures
of each group, the next meetings, the actions due this week and the recommendations
waiting on someone. ``dashboard.DashboardService`` and
``home.HomeService`` read them; the pages import only this module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from sen_desktop.core.dates import long_date, time_text

if TYPE_CHECKING:
    from sen_desktop.core.consultations.records import ConsultationSummary
    from sen_desktop.core.plan.records import MilestoneView
    from sen_desktop.core.policies.records import PolicySummary
    from sen_desktop.core.programme.laptop_settings import LaptopUser
    from sen_desktop.core.provision.records import GapRecord
    from sen_desktop.core.recommendations.records import RemitCoverage

#: At most this many rows of each Home list are returned (the count says how many in all).
SHOWN: Final = 25
#: An action still to be done.
OPEN_STATUSES: Final = ("open", "in_progress")

# --- the Dashboard ----------------------------------------------------------------------


@dataclass(frozen=True)
class StateCount:
    state: str  # recommendation_states.STATES
    label: str  # "Draft", "Endorsed" …
    count: int

    @property
    def text(self) -> str:
        return f"{self.count} {self.label}"


@dataclass(frozen=True)
class NextMeeting:
    meeting_id: str
    date: dt.date
    number: int
    start_time: dt.time | None

    @property
    def text(self) -> str:
        """"Tuesday 14 September 2010, meeting 2"."""
        return f"{long_date(self.date)}, meeting {self.number}"


@dataclass(frozen=True)
class GroupFigures:
    group_id: str
    code: str
    name: str
    kind: str  # models.GROUP_KINDS
    open_actions: int  # open or in progress
    overdue_actions: int  # of those, due before today
    recommendations: tuple[StateCount, ...]  # non-zero counts, in pathway order
    next_meeting: NextMeeting | None  # the first not cancelled on or after today
    raises_recommendations: bool  # a working group or the reference group
    remit: tuple[RemitCoverage, ...]  # its remit points, for groups that raise recommendations
    gaps: int = 0  # gaps on its provision map (working groups)

    @property
    def recommendations_text(self) -> str:
        """"2 Draft · 1 Endorsed", or "None yet"."""
        return " · ".join(c.text for c in self.recommendations) or "None yet"

    @property
    def recommendation_total(self) -> int:
        return sum(c.count for c in self.recommendations)

    @property
    def next_meeting_text(self) -> str:
        return self.next_meeting.text if self.next_meeting is not None else "None scheduled"

    @property
    def remit_covered(self) -> int:
        """How many remit points have a recommendation (withdrawn ones left out)."""
        return sum(1 for point in self.remit if point.covered)


@dataclass(frozen=True)
class Dashboard:
    on: dt.date  # the day the figures are for ("overdue", "next meeting")
    groups: tuple[GroupFigures, ...]  # in the programme's order
    milestones: tuple[MilestoneView, ...]  # in the Action Plan's order, with their links
    #: Gaps on the working groups' provision maps that no recommendation answers yet
    #: (issue 15), by group in the programme's order, then district and tier.
    open_gaps: tuple[GapRecord, ...] = ()
    #: Each working group's policy document and the stage its newest version has
    #: reached (issue 15), in the programme's order; ``id`` None where it has none yet.
    policies: tuple[PolicySummary, ...] = ()
    #: The Steering Group's consultations (issue 15), by the day they open.
    consultations: tuple[ConsultationSummary, ...] = ()


@dataclass(frozen=True)
class LinkChoice:
    """Something a milestone can be linked to."""

    target_kind: str  # meeting | recommendation | paper
    target_id: str
    label: str  # as the link will read: "SG meeting 3, 1 October 2010"
    detail: str  # more to choose by: "Planned", "Draft", "Agenda"
    group_id: str | None


# --- Home -------------------------------------------------------------------------------

@dataclass(frozen=True)
class HomeMeeting:
    meeting_id: str
    group_id: str
    group_name: str
    number: int
    date: dt.date
    start_time: dt.time | None
    venue: str

    @property
    def when(self) -> str:
        """"Tuesday 14 September 2010 at 2.00 pm"."""
        when = long_date(self.date)
        if self.start_time is not None:
            when += f" at {time_text(self.start_time)}"
        return when

    @property
    def text(self) -> str:
        """"BESD Working Group, meeting 5: Tuesday 14 September 2010 at 2.00 pm"."""
        return f"{self.group_name}, meeting {self.number}: {self.when}"


@dataclass(frozen=True)
class GroupNext:
    group_id: str
    group_name: str
    meeting: HomeMeeting | None  # the first after today, not cancelled


@dataclass(frozen=True)
class DueAction:
    action_id: str
    reference: str
    description: str
    owner: str  # the person's name, or the owner as typed
    due_date: dt.date
    group_name: str


@dataclass(frozen=True)
class WaitingRecommendation:
    recommendation_id: str
    reference: str
    title: str
    state_label: str
    waiting: str  # "for the BESD Working Group to agree it"


@dataclass(frozen=True)
class Home:
    on: dt.date
    week_end: dt.date  # the Sunday ending this week
    user: LaptopUser | None
    group_names: tuple[str, ...]  # the groups shown; () = every group
    today_meetings: tuple[HomeMeeting, ...]
    next_meetings: tuple[GroupNext, ...]
    actions_due: tuple[DueAction, ...]  # at most SHOWN, soonest first
    actions_due_count: int
    overdue_count: int
    recommendations: tuple[WaitingRecommendation, ...]  # at most SHOWN
    recommendations_count: int
    milestones_at_risk: tuple[MilestoneView, ...]
    #: Gaps on the shown groups' provision maps no recommendation answers yet (issue 15).
    open_gaps: int = 0
    #: The shown working groups' policy documents by stage (issue 15).
    policies: tuple[PolicySummary, ...] = ()
    #: The Steering Group's consultations open today (issue 15), closing soonest first.
    consultations_open: tuple[ConsultationSummary, ...] = ()

    @property
    def landing_meeting_id(self) -> str | None:
        if self.today_meetings:
            return self.today_meetings[0].meeting_id
        upcoming = [g.meeting for g in self.next_meetings if g.meeting is not None]
        if not upcoming:
            return None
        return min(upcoming, key=lambda m: (m.date, m.start_time or dt.time(0))).meeting_id
