"""The Home view's figures for the person using this laptop.

For the groups they support (every group when nobody is recorded, or for the programme
lead who supports none in particular):
- today's meetings, and each group's next meeting after today;
- the open actions due from today to the end of the week (Sunday), and how many are
  overdue;
- the recommendations waiting for them: those whose next step is for one of their
  groups (``waiting_on``);
- the Action Plan's milestones at risk (marked at risk, or late) that their groups own,
  or that no group owns.

``landing_meeting_id`` is where the welcome lands: today's meeting of their groups,
else the soonest next one. Every list is bounded (``SHOWN``) with its full count, so a
programme of 100,000 actions costs the same as a new one.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Final

from sqlalchemy import Select, func, select

from sen_desktop.core.consultations.reading import summaries as consultation_summaries
from sen_desktop.core.overview.records import (
    OPEN_STATUSES,
    SHOWN,
    DueAction,
    GroupNext,
    Home,
    HomeMeeting,
    WaitingRecommendation,
)
from sen_desktop.core.plan.service import MilestoneService
from sen_desktop.core.policies.reading import read_overview
from sen_desktop.core.provision.service import count_unanswered_gaps
from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.recommendations.checks import derive_many
from sen_desktop.core.recommendations.pathway import SMT_STAGE_NAME
from sen_desktop.core.store.models import Action, Group, Meeting, Person, Recommendation

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sqlalchemy.orm import Session, sessionmaker

    from sen_desktop.core.programme.laptop_settings import LaptopUser

# Whose move a recommendation waits on, by state: its own group, the steering group it
# reports to, or the programme lead (who takes it to SMT and Members), and the words.
_OWN, _STEERING, _LEAD = "group", "steering", "lead"
_WAITING: Final[dict[str, tuple[str, str]]] = {
    rs.DRAFT: (_OWN, "to agree it"),
    rs.REFERRED_BACK: (_OWN, "to agree it again"),
    rs.AGREED: (_OWN, "to submit it to the Steering Group"),
    rs.SUBMITTED_TO_SG: (_STEERING, "to decide on it"),
    rs.DEFERRED_BY_SG: (_STEERING, "to decide on it (deferred)"),
    rs.ENDORSED: (_STEERING, f"to submit it to {SMT_STAGE_NAME}"),
    rs.ENDORSED_WITH_AMENDMENTS: (_STEERING, f"to submit it to {SMT_STAGE_NAME}"),
    rs.SUBMITTED_TO_SMT: (_LEAD, f"for {SMT_STAGE_NAME} to decide"),
    rs.DEFERRED_BY_SMT: (_LEAD, f"for {SMT_STAGE_NAME} to decide (deferred)"),
    rs.APPROVED: (_LEAD, "to see it implemented"),
    rs.APPROVED_WITH_AMENDMENTS: (_LEAD, "to see it implemented"),
}


def waiting_on(state: str) -> tuple[str, str] | None:
    """("group" | "steering" | "lead", what is awaited), or None for a final state."""
    return _WAITING.get(state)


class HomeService:
    """The Home view's figures, gathered in a few bounded queries."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self._sf = session_factory
        self._today = today
        self._milestones = MilestoneService(session_factory, today=today)

    def home(self, user: LaptopUser | None) -> Home:
        today = self._today()
        week_end = today + dt.timedelta(days=6 - today.weekday())
        with self._sf() as s:
            groups = list(
                s.execute(
                    select(Group.id, Group.name, Group.kind, Group.reports_to_id)
                    .where(Group.deleted.is_(False))
                    .order_by(Group.position, Group.code)
                )
            )
            names = {gid: name for gid, name, _kind, _parent in groups}
            chosen = [g for g in (user.group_ids if user else ()) if g in names]
            mine = chosen or list(names)
            today_meetings = _meetings_on(s, mine, today, names)
            next_meetings = _next_after(s, mine, today, names)
            due, due_count, overdue = _actions_due(s, mine, today, week_end, names)
            waiting, waiting_count = _waiting(s, groups, set(chosen), user)
            open_gaps = count_unanswered_gaps(s, mine)
            policies = tuple(p for p in read_overview(s) if p.group_id in mine)
            consultations = tuple(sorted(
                (c for c in consultation_summaries(s) if c.state(today) == "open"),
                key=lambda c: (c.closes_on, c.reference),
            ))
        milestones = tuple(
            m for m in self._milestones.list_milestones()
            if m.at_risk and (not chosen or m.owner_group_id in (None, *chosen))
        )
        return Home(
            on=today,
            week_end=week_end,
            user=user,
            group_names=tuple(names[g] for g in chosen),
            today_meetings=today_meetings,
            next_meetings=next_meetings,
            actions_due=due,
            actions_due_count=due_count,
            overdue_count=overdue,
            recommendations=waiting,
            recommendations_count=waiting_count,
            milestones_at_risk=milestones,
            open_gaps=open_gaps,
            policies=policies,
            consultations_open=consultations,
        )


def _meeting(row: Meeting, names: dict[str, str]) -> HomeMeeting:
    return HomeMeeting(
        meeting_id=row.id,
        group_id=row.group_id,
        group_name=names.get(row.group_id, ""),
        number=row.number,
        date=row.date,
        start_time=row.start_time,
        venue=row.venue,
    )


def _live_meetings(group_ids: list[str]) -> Select[Meeting]:
    return select(Meeting).where(
        Meeting.deleted.is_(False),
        Meeting.status != "cancelled",
        Meeting.group_id.in_(group_ids),
    )


def _meetings_on(
    s: Session, group_ids: list[str], day: dt.date, names: dict[str, str]
) -> tuple[HomeMeeting, ...]:
    rows = s.scalars(
        _live_meetings(group_ids)
        .where(Meeting.date == day)
        .order_by(Meeting.start_time, Meeting.group_id, Meeting.number)
    )
    order = {gid: n for n, gid in enumerate(names)}
    found = [_meeting(m, names) for m in rows]
    # Undated times last; then the programme's order of groups.
    return tuple(sorted(found, key=lambda m: (m.start_time is None, m.start_time or dt.time(0),
                                              order.get(m.group_id, 0))))


def _next_after(
    s: Session, group_ids: list[str], day: dt.date, names: dict[str, str]
) -> tuple[GroupNext, ...]:
    # One row per group: its first date after today, then that date's first meeting.
    first = (
        _live_meetings(group_ids)
        .where(Meeting.date > day)
        .with_only_columns(Meeting.group_id, func.min(Meeting.date))
        .group_by(Meeting.group_id)
    )
    firsts = {gid: date for gid, date in s.execute(first)}
    found: dict[str, HomeMeeting] = {}
    if firsts:
        rows = s.scalars(
            _live_meetings(list(firsts))
            .where(Meeting.date.in_(set(firsts.values())))
            .order_by(Meeting.start_time, Meeting.number)
        )
        for m in rows:
            if m.date == firsts[m.group_id]:
                found.setdefault(m.group_id, _meeting(m, names))
    return tuple(GroupNext(gid, names[gid], found.get(gid)) for gid in group_ids)


def _actions_due(
    s: Session, group_ids: list[str], today: dt.date, week_end: dt.date,
    names: dict[str, str],
) -> tuple[tuple[DueAction, ...], int, int]:
    still_open = (
        Action.deleted.is_(False),
        Action.status.in_(OPEN_STATUSES),
        Action.group_id.in_(group_ids),
        Action.due_date.is_not(None),
    )
    this_week = (*still_open, Action.due_date >= today, Action.due_date <= week_end)
    count = s.scalar(select(func.count()).select_from(Action).where(*this_week)) or 0
    overdue = s.scalar(
        select(func.count()).select_from(Action).where(*still_open, Action.due_date < today)
    ) or 0
    rows = s.execute(
        select(Action, Person.full_name)
        .outerjoin(Person, Person.id == Action.owner_id)
        .where(*this_week)
        .order_by(Action.due_date, Action.reference, Action.id)
        .limit(SHOWN)
    )
    due = tuple(
        DueAction(
            action_id=a.id,
            reference=a.reference,
            description=a.description,
            owner=person or a.owner_text,
            due_date=a.due_date or today,
            group_name=names.get(a.group_id, ""),
        )
        for a, person in rows
    )
    return due, int(count), int(overdue)


def _waiting(
    s: Session,
    groups: Iterable[tuple[str, str, str, str | None]],
    chosen: set[str],
    user: LaptopUser | None,
) -> tuple[tuple[WaitingRecommendation, ...], int]:
    table = list(groups)
    names = {gid: name for gid, name, _kind, _parent in table}
    steering_ids = [gid for gid, _name, kind, _parent in table if kind == "steering"]
    parents = {gid: parent for gid, _name, _kind, parent in table}
    everyone = user is None or not chosen
    is_lead = user is not None and user.role == "lead"

    def steering_of(group_id: str) -> str | None:
        # As pathway.steering_group_of: the group it reports to, else the first steering.
        parent = parents.get(group_id)
        if parent in names:
            return parent
        return steering_ids[0] if steering_ids else None

    query = select(Recommendation).where(Recommendation.deleted.is_(False))
    if not (everyone or is_lead):
        # Only the recommendations whose next move can be theirs: their groups' own, and
        # those of the groups reporting to a steering group they support. Deriving a
        # state costs a few queries per thousand; a secretary's view needs a few dozen.
        relevant = set(chosen) | {gid for gid in names if steering_of(gid) in chosen}
        query = query.where(Recommendation.group_id.in_(sorted(relevant)))
    recs = list(s.scalars(query))
    derived = derive_many(s, recs)
    found: list[tuple[tuple[int, list[tuple[int, int | str]]], WaitingRecommendation]] = []
    order = {gid: n for n, gid in enumerate(names)}
    for rec in recs:
        view = derived[rec.id].view
        waiting = waiting_on(view.state)
        if waiting is None:
            continue
        who, what = waiting
        if who == _LEAD:
            whose: str | None = None
            mine = everyone or is_lead
            words = f"for the programme lead {what}" if what.startswith("to") else what
        else:
            whose = rec.group_id if who == _OWN else steering_of(rec.group_id)
            mine = everyone or whose in chosen
            words = f"for the {names.get(whose or '', 'Steering Group')} {what}"
        if mine:
            found.append((
                (order.get(whose or rec.group_id, 0), _natural(rec.reference)),
                WaitingRecommendation(rec.id, rec.reference, rec.title, view.label, words),
            ))
    found.sort(key=lambda pair: pair[0])
    return tuple(w for _key, w in found[:SHOWN]), len(found)


def _natural(reference: str) -> list[tuple[int, int | str]]:
    """"BESD-R2" before "BESD-R10"."""
    return [(0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"(\d+)", reference) if p]
