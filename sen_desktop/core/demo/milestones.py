"""The demo's Action Plan: ``milestone_plan`` links the Annex 2 milestones to the meetings
and recommendations that deliver them and sets each milestone's status against the
demo's timeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from sen_desktop.core.programme import data as plan_data
from sen_desktop.core.recommendations import states as rs

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from sen_desktop.core.demo.recommendation_steps import (
        RecPlan,
    )
    from sen_desktop.core.demo.recommendations import (
        RecommendationPlanner,
    )
    from sen_desktop.core.demo.records import MeetingState


@dataclass(frozen=True)
class MilestoneRow:
    id: str
    action: str
    period_start: dt.date
    period_end: dt.date


_ACTIONS: Final = tuple(m.action for m in plan_data.MILESTONES)
_LATE_MILESTONE: Final = 9  # "Take funding proposals … to Schools Funding Forum"
MAX_LINKED_RECOMMENDATIONS: Final = 6
MAX_LINKED_MEETINGS: Final = 3  # of one group


def milestone_plan(
    planner: RecommendationPlanner, milestones: Sequence[MilestoneRow]
) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """What delivers each milestone, as (milestone id, target kind, target id), and each
    milestone's status on the day of the last meeting held: done when its period has
    ended (but for the funding proposals to the Schools Funding Forum, late), at risk
    the first one still running (else the last: implementation goes on), on track the
    others running, not started those to come."""
    held = planner.held
    steering = planner.steering
    first = {code: ms[0] for code, ms in held.items() if ms}
    working = [code for code in planner.raising_groups() if planner.groups[code].kind == "working"]
    reference = [c for c in planner.raising_groups() if planner.groups[c].kind == "reference"]

    def meetings_in(code: str, m: MilestoneRow) -> list[MeetingState]:
        found = [x for x in held.get(code, []) if m.period_start <= x.plan.date <= m.period_end]
        return found[:MAX_LINKED_MEETINGS]

    def recs_where(transitions: set[str], m: MilestoneRow | None) -> list[RecPlan]:
        found = []
        for rec in planner.recs:
            for step in rec.steps:
                if (
                    step.transition in transitions
                    and step.day is not None
                    and (m is None or m.period_start <= step.day <= m.period_end)
                ):
                    found.append(rec)
                    break
        return found

    links: list[tuple[str, str, str]] = []
    statuses: dict[str, str] = {}
    for m in milestones:
        index = _ACTIONS.index(m.action) if m.action in _ACTIONS else -1
        meetings: list[MeetingState] = []
        recs: list[RecPlan] = []
        if index in (0, 1) and steering in first:
            meetings.append(first[steering])
        if index == 0:
            meetings += [first[c] for c in reference if c in first]
        elif index == 2:
            meetings += [first[c] for c in working if c in first]
        elif index == 4:
            recs = recs_where({rs.T_SUBMITTED_TO_SMT}, None)[:2]
        elif index == 8:  # informed by the reference group: its own first
            recs = sorted(recs_where({rs.T_AGREED}, m), key=lambda r: r.group not in reference)
            meetings += [x for c in reference for x in meetings_in(c, m)]
        elif index == 9:
            recs = [
                r
                for r in recs_where({rs.T_ENDORSED, rs.T_ENDORSED_WITH_AMENDMENTS}, m)
                if r.row["financial"]
            ]
        elif index == 10:
            recs = recs_where(
                {rs.T_APPROVED, rs.T_APPROVED_WITH_AMENDMENTS, rs.T_REJECTED, rs.T_NOTED}, m
            )
        elif index == 11:
            recs = recs_where({rs.T_IMPLEMENTED}, None)
        if index not in (0, 1, 2, 8):
            meetings += meetings_in(steering, m)
        if not meetings and not recs:  # the Steering Group's meeting nearest after
            sg = [x for x in planner.by_group.get(steering, []) if x.plan.state != "cancelled"]
            later = [x for x in sg if x.plan.date >= m.period_start]
            meetings += later[:1] or sg[-1:]
        seen: set[str] = set()
        for kind, target in [("meeting", x.id) for x in meetings] + [
            ("recommendation", r.id) for r in recs[:MAX_LINKED_RECOMMENDATIONS]
        ]:
            if target not in seen:
                seen.add(target)
                links.append((m.id, kind, target))
    today = planner.end
    at_risk = False
    for m in milestones:
        index = _ACTIONS.index(m.action) if m.action in _ACTIONS else -1
        if m.period_end < today:
            statuses[m.id] = "late" if index == _LATE_MILESTONE else "done"
        elif not at_risk:
            statuses[m.id] = "at_risk"
            at_risk = True
        elif m.period_start <= today:
            statuses[m.id] = "on_track"
        else:
            statuses[m.id] = "not_started"
    if not at_risk and milestones:
        last = next((m for m in reversed(milestones) if statuses[m.id] == "done"), None)
        if last is not None:
            statuses[last.id] = "at_risk"
    return links, statuses
