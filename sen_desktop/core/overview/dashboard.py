"""The programme dashboard: how each group stands, and what delivers each milestone.

Per group: open and overdue actions, recommendations by state, the next meeting and,
for the groups that raise recommendations (the working groups and the Parent/Carer
Reference Group), each remit point with the recommendations answering it or none yet.
Per milestone: its status and what is linked to it.

The figures for every group come from a handful of queries over the whole programme
(one for the actions, one for the upcoming meetings, a few for the recommendations and
their derived states, one for the remit points), not a round of queries per group, so
the dashboard costs the same with 6 groups or 60.

``link_choices`` lists what a milestone can be linked to, labelled exactly as the
milestone's links read once made.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Final

from sqlalchemy import and_, case, func, select

from sen_desktop.core.consultations.reading import summaries as consultation_summaries
from sen_desktop.core.errors import ValidationError
from sen_desktop.core.overview.records import (
    Dashboard,
    GroupFigures,
    LinkChoice,
    NextMeeting,
    StateCount,
)
from sen_desktop.core.plan.records import LINK_KINDS, ordered_links
from sen_desktop.core.plan.service import MilestoneService
from sen_desktop.core.policies.reading import read_overview
from sen_desktop.core.programme.records import RemitPoint
from sen_desktop.core.provision.service import gap_counts, unanswered_gaps
from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.recommendations.checks import derive_many
from sen_desktop.core.recommendations.records import RemitCoverage, RemitRecommendation
from sen_desktop.core.store.models import (
    Action,
    Group,
    Meeting,
    Paper,
    Recommendation,
    RemitItem,
)
from sen_desktop.core.validation import uk_date

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import Session, sessionmaker

#: Statuses of an action still to be done (as the action log counts them).
OPEN_STATUSES: Final = ("open", "in_progress")
#: Kinds of group that raise recommendations, and so have remit coverage to show.
RAISING_KINDS: Final = ("working", "reference")



class DashboardService:
    """Figures for the programme dashboard, gathered in a few queries."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self._sf = session_factory
        self._today = today
        self._milestones = MilestoneService(session_factory, today=today)

    def dashboard(self) -> Dashboard:
        today = self._today()
        with self._sf() as s:
            groups = list(
                s.scalars(
                    select(Group)
                    .where(Group.deleted.is_(False))
                    .order_by(Group.position, Group.code)
                )
            )
            actions = _action_counts(s, today)
            meetings = _next_meetings(s, today)
            states, answering = _recommendation_states(s)
            remit = _remit_points(s)
            gaps = gap_counts(s)
            open_gaps = tuple(unanswered_gaps(s))
            policies = tuple(read_overview(s))
            consultations = tuple(consultation_summaries(s))
            figures = []
            for group in groups:
                open_count, overdue = actions.get(group.id, (0, 0))
                counts = states.get(group.id, {})
                raises = group.kind in RAISING_KINDS
                coverage = tuple(
                    RemitCoverage(point, tuple(answering.get(point.id, ())))
                    for point in remit.get(group.id, [])
                ) if raises else ()
                figures.append(
                    GroupFigures(
                        group_id=group.id,
                        code=group.code,
                        name=group.name,
                        kind=group.kind,
                        open_actions=open_count,
                        overdue_actions=overdue,
                        recommendations=tuple(
                            StateCount(state, rs.state_label(state), counts[state])
                            for state in rs.STATES
                            if counts.get(state)
                        ),
                        next_meeting=meetings.get(group.id),
                        raises_recommendations=raises,
                        remit=coverage,
                        gaps=gaps.get(group.id, 0),
                    )
                )
        return Dashboard(
            on=today,
            groups=tuple(figures),
            milestones=tuple(
                replace(m, links=ordered_links(m.links))
                for m in self._milestones.list_milestones()
            ),
            open_gaps=open_gaps,
            policies=policies,
            consultations=consultations,
        )

    def link_choices(self, target_kind: str) -> list[LinkChoice]:
        """Every meeting (newest first), recommendation or paper a milestone can link to."""
        if target_kind not in LINK_KINDS:
            raise ValidationError(
                "Link a meeting, a recommendation or a paper.", field="target_kind"
            )
        with self._sf() as s:
            if target_kind == "meeting":
                return _meeting_choices(s)
            if target_kind == "recommendation":
                return _recommendation_choices(s)
            return _paper_choices(s)


# --- the queries ---------------------------------------------------------------------


def _action_counts(s: Session, today: dt.date) -> dict[str, tuple[int, int]]:
    """group id -> (open actions, overdue actions): one grouped query."""
    still_open = Action.status.in_(OPEN_STATUSES)
    overdue = and_(still_open, Action.due_date.is_not(None), Action.due_date < today)
    rows = s.execute(
        select(
            Action.group_id,
            func.sum(case((still_open, 1), else_=0)),
            func.sum(case((overdue, 1), else_=0)),
        )
        .where(Action.deleted.is_(False))
        .group_by(Action.group_id)
    )
    return {group_id: (int(n or 0), int(late or 0)) for group_id, n, late in rows}


def _next_meetings(s: Session, today: dt.date) -> dict[str, NextMeeting]:
    """group id -> its first meeting on or after today that is not cancelled."""
    rows = s.execute(
        select(Meeting.id, Meeting.group_id, Meeting.date, Meeting.number, Meeting.start_time)
        .where(
            Meeting.deleted.is_(False),
            Meeting.status != "cancelled",
            Meeting.date >= today,
        )
        .order_by(Meeting.group_id, Meeting.date, Meeting.start_time, Meeting.number)
    )
    found: dict[str, NextMeeting] = {}
    for meeting_id, group_id, date, number, start in rows:
        found.setdefault(group_id, NextMeeting(meeting_id, date, number, start))
    return found


def _reference_number(reference: str) -> int:
    match = re.search(r"(\d+)$", reference)
    return int(match.group(1)) if match else 0


def _recommendation_states(
    s: Session,
) -> tuple[dict[str, dict[str, int]], dict[str, list[RemitRecommendation]]]:
    """(group id -> state -> count, remit item id -> the recommendations answering it),
    from every live recommendation's derived state."""
    recs = sorted(
        s.scalars(select(Recommendation).where(Recommendation.deleted.is_(False))),
        key=lambda r: (r.group_id, _reference_number(r.reference), r.reference),
    )
    derived = derive_many(s, recs)
    counts: dict[str, dict[str, int]] = {}
    answering: dict[str, list[RemitRecommendation]] = {}
    for rec in recs:
        view = derived[rec.id].view
        by_state = counts.setdefault(rec.group_id, {})
        by_state[view.state] = by_state.get(view.state, 0) + 1
        for item_id in dict.fromkeys(derived[rec.id].remit_ids):
            answering.setdefault(item_id, []).append(
                RemitRecommendation(rec.id, rec.reference, view.state, view.label)
            )
    return counts, answering


def _remit_points(s: Session) -> dict[str, list[RemitPoint]]:
    points: dict[str, list[RemitPoint]] = {}
    for item in s.scalars(
        select(RemitItem)
        .where(RemitItem.deleted.is_(False))
        .order_by(RemitItem.group_id, RemitItem.position, RemitItem.id)
    ):
        points.setdefault(item.group_id, []).append(
            RemitPoint(id=item.id, position=item.position, text=item.text)
        )
    return points


_MEETING_STATUS_WORDS: Final = {
    "planned": "Planned",
    "held": "Held",
    "minutes_draft": "Minutes in draft",
    "checked": "Minutes checked",
    "circulated": "Minutes circulated",
    "confirmed": "Minutes confirmed",
    "cancelled": "Cancelled",
}


def _meeting_choices(s: Session) -> list[LinkChoice]:
    rows = s.execute(
        select(Meeting, Group.code)
        .join(Group, Group.id == Meeting.group_id)
        .where(Meeting.deleted.is_(False))
        .order_by(Meeting.date.desc(), Meeting.start_time.desc(), Group.position,
                  Meeting.number.desc())
    )
    return [
        LinkChoice(
            "meeting",
            meeting.id,
            # As milestones._target_label writes a meeting link.
            f"{code} meeting {meeting.number}, {uk_date(meeting.date)}".strip(),
            _MEETING_STATUS_WORDS.get(meeting.status, meeting.status),
            meeting.group_id,
        )
        for meeting, code in rows
    ]


def _recommendation_choices(s: Session) -> list[LinkChoice]:
    groups = {g.id: g for g in s.scalars(select(Group))}
    recs = sorted(
        s.scalars(select(Recommendation).where(Recommendation.deleted.is_(False))),
        key=lambda r: (
            groups[r.group_id].position if r.group_id in groups else 0,
            r.group_id,
            _reference_number(r.reference),
            r.reference,
        ),
    )
    derived = derive_many(s, recs)
    return [
        LinkChoice(
            "recommendation",
            rec.id,
            f"{rec.reference}: {rec.title}",
            derived[rec.id].view.label,
            rec.group_id,
        )
        for rec in recs
    ]


def _paper_choices(s: Session) -> list[LinkChoice]:
    papers = s.scalars(
        select(Paper)
        .where(Paper.deleted.is_(False))
        .order_by(Paper.reference, Paper.version.desc(), Paper.id)
    )
    return [
        LinkChoice(
            "paper",
            paper.id,
            f"{paper.reference} v{paper.version}" + (f": {paper.title}" if paper.title else ""),
            paper.kind.replace("_", " ").capitalize(),
            None,
        )
        for paper in papers
    ]
