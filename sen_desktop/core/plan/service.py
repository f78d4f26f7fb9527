"""The Action Plan (Annex 2): milestones, their status, and what delivers them.

A milestone has a period as the plan writes it ("End July 2010", "Nov 2010 – March
2011") with the dates it spans, an action, an owning group and a status. Links point at
the meetings, recommendations and papers that deliver it. Lateness is derived, never
stored: a milestone whose period has ended and is not done shows as late.

The Action Plan a new install is seeded with is the Project Plan's, dated 2010–11. Until
the programme sets its own, a seeded milestone shows as "Project Plan's dates", never as
late (``on_plan_dates``): otherwise every new install opens on "12 milestones: 12 late".
The rule is per milestone and needs no flag: a seeded milestone (its stable seed id)
still holding the Project Plan's period and dates, and never given a status, is on the
Project Plan's dates. Editing its period or dates, or giving it a status other than "not
started", makes it the programme's own, and lateness applies from then on. A milestone
someone added is always the programme's own.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import func, select

from sen_desktop.core.errors import NotFoundError, ValidationError
from sen_desktop.core.plan.records import (
    LINK_KINDS,
    MILESTONE_FIELDS,
    MILESTONE_STATUSES,
    PLAN_DATES_LABEL,
    STATUS_LABELS,
    HasPeriodEnd,
    LinkRecord,
    MilestoneView,
    is_late,
)
from sen_desktop.core.store.models import (
    Group,
    Meeting,
    Milestone,
    MilestoneLink,
    Paper,
    Recommendation,
)
from sen_desktop.core.store.rows import live_row
from sen_desktop.core.validation import (
    check_date,
    check_date_order,
    clean_text,
    require_text,
    uk_date,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sqlalchemy.orm import Session, sessionmaker

MILESTONE_GONE = "This milestone no longer exists; it may have been removed."


class _HasPlanFields(HasPeriodEnd, Protocol):
    @property
    def id(self) -> str: ...

    @property
    def period(self) -> str: ...

    @property
    def period_start(self) -> dt.date: ...


@cache
def _seeded_plan() -> dict[str, tuple[str, dt.date, dt.date]]:
    """Seeded milestone id -> the Project Plan's (period, start, end) for it."""
    from sen_desktop.core.programme import data as plan
    from sen_desktop.core.programme.seed import natural_key, programme_id

    return {
        programme_id(natural_key("milestone", n)): (m.period, m.period_start, m.period_end)
        for n, m in enumerate(plan.MILESTONES, start=1)
    }


def on_plan_dates(milestone: _HasPlanFields) -> bool:
    """A seeded milestone the programme has not made its own: still the Project Plan's
    period and dates, and still the status the seed gave it ("not started")."""
    seeded = _seeded_plan().get(milestone.id)
    return (
        seeded is not None
        and milestone.status == "not_started"
        and seeded == (milestone.period, milestone.period_start, milestone.period_end)
    )


class MilestoneService:
    """Read and edit the Action Plan's milestones and their links."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self._sf = session_factory
        self._today = today

    # --- reading -----------------------------------------------------------------------

    def list_milestones(self, owner_group_id: str | None = None) -> list[MilestoneView]:
        """The Action Plan in its own order, with links and derived lateness."""
        with self._sf() as s:
            query = select(Milestone).where(Milestone.deleted.is_(False))
            if owner_group_id is not None:
                query = query.where(Milestone.owner_group_id == owner_group_id)
            rows = s.scalars(query.order_by(Milestone.position, Milestone.id)).all()
            return self._views(s, list(rows))

    def get(self, milestone_id: str) -> MilestoneView:
        with self._sf() as s:
            return self._views(s, [live_row(s, Milestone, milestone_id, MILESTONE_GONE)])[0]

    def links(self, milestone_id: str) -> list[LinkRecord]:
        with self._sf() as s:
            live_row(s, Milestone, milestone_id, MILESTONE_GONE)
            return _link_records(s, self._link_rows(s, [milestone_id]))

    def linked_to(self, target_kind: str, target_id: str) -> list[MilestoneView]:
        """The milestones a meeting, recommendation or paper helps deliver."""
        with self._sf() as s:
            ids = s.scalars(
                select(MilestoneLink.milestone_id).where(
                    MilestoneLink.target_kind == target_kind,
                    MilestoneLink.target_id == target_id,
                    MilestoneLink.deleted.is_(False),
                )
            ).all()
            rows = s.scalars(
                select(Milestone)
                .where(Milestone.id.in_(list(ids)), Milestone.deleted.is_(False))
                .order_by(Milestone.position, Milestone.id)
            ).all()
            return self._views(s, list(rows))

    # --- writing -----------------------------------------------------------------------

    def add(
        self,
        period: str,
        period_start: dt.date,
        period_end: dt.date,
        action: str,
        owner_group_id: str | None = None,
        status: str = "not_started",
    ) -> MilestoneView:
        """A new milestone at the end of the plan."""
        values = _clean(
            {
                "period": period,
                "period_start": period_start,
                "period_end": period_end,
                "action": action,
                "owner_group_id": owner_group_id,
                "status": status,
            }
        )
        check_date_order(values["period_start"], values["period_end"], field="period_end")
        with self._sf.begin() as s:
            _check_owner(s, values["owner_group_id"])
            last = s.scalar(select(func.max(Milestone.position)))
            milestone = Milestone(position=(last or 0) + 1, **values)
            s.add(milestone)
            s.flush()
            return self._views(s, [milestone])[0]

    def update(self, milestone_id: str, **fields: Any) -> MilestoneView:
        """Change some of a milestone's fields (``MILESTONE_FIELDS``); the rest stay."""
        for name in fields:
            if name not in MILESTONE_FIELDS:
                raise TypeError(f"a milestone has no field {name!r}")
        values = _clean(fields)
        with self._sf.begin() as s:
            milestone = live_row(s, Milestone, milestone_id, MILESTONE_GONE)
            if "owner_group_id" in values:
                _check_owner(s, values["owner_group_id"])
            start = values.get("period_start", milestone.period_start)
            end = values.get("period_end", milestone.period_end)
            check_date_order(start, end, field="period_end")
            for name, value in values.items():
                if getattr(milestone, name) != value:
                    setattr(milestone, name, value)
            s.flush()
            return self._views(s, [milestone])[0]

    def remove(self, milestone_id: str) -> None:
        """Tombstone a milestone (``restore`` undoes it)."""
        with self._sf.begin() as s:
            live_row(s, Milestone, milestone_id, MILESTONE_GONE).deleted = True

    def restore(self, milestone_id: str) -> MilestoneView:
        with self._sf.begin() as s:
            milestone = s.get(Milestone, milestone_id)
            if milestone is None:
                raise NotFoundError("This milestone no longer exists.")
            milestone.deleted = False
            s.flush()
            return self._views(s, [milestone])[0]

    def link(self, milestone_id: str, target_kind: str, target_id: str) -> LinkRecord:
        """Link a meeting, recommendation or paper to a milestone (linking twice
        returns the existing link)."""
        if target_kind not in LINK_KINDS:
            raise ValidationError(
                "Link a meeting, a recommendation or a paper.", field="target_kind"
            )
        with self._sf.begin() as s:
            live_row(s, Milestone, milestone_id, MILESTONE_GONE)
            if _target_label(s, target_kind, target_id) is None:
                raise ValidationError(
                    f"That {target_kind} does not exist; choose one from the list.",
                    field="target_id",
                )
            existing = s.scalars(
                select(MilestoneLink)
                .where(
                    MilestoneLink.milestone_id == milestone_id,
                    MilestoneLink.target_kind == target_kind,
                    MilestoneLink.target_id == target_id,
                )
                .order_by(MilestoneLink.deleted, MilestoneLink.id)
                .limit(1)
            ).first()
            if existing is None:
                existing = MilestoneLink(
                    milestone_id=milestone_id, target_kind=target_kind, target_id=target_id
                )
                s.add(existing)
            elif existing.deleted:
                existing.deleted = False
            s.flush()
            return _link_records(s, [existing])[0]

    def unlink(self, link_id: str) -> None:
        """Remove a link (tombstoned; linking again brings it back)."""
        with self._sf.begin() as s:
            live_row(s, MilestoneLink, link_id, "This link no longer exists.").deleted = True

    # --- internals -----------------------------------------------------------------------

    @staticmethod
    def _link_rows(s: Session, milestone_ids: list[str]) -> list[MilestoneLink]:
        return list(
            s.scalars(
                select(MilestoneLink)
                .where(
                    MilestoneLink.milestone_id.in_(milestone_ids),
                    MilestoneLink.deleted.is_(False),
                )
                .order_by(MilestoneLink.target_kind, MilestoneLink.id)
            )
        )

    def _views(self, s: Session, rows: list[Milestone]) -> list[MilestoneView]:
        today = self._today()
        owners = {
            g.id: g
            for g in s.scalars(
                select(Group).where(
                    Group.id.in_(list({m.owner_group_id for m in rows if m.owner_group_id}))
                )
            )
        }
        links: dict[str, list[LinkRecord]] = {m.id: [] for m in rows}
        for record in _link_records(s, self._link_rows(s, [m.id for m in rows])):
            links[record.milestone_id].append(record)
        views = []
        for m in rows:
            owner = owners.get(m.owner_group_id or "")
            plan_dates = on_plan_dates(m)
            late = not plan_dates and is_late(m, today)
            shown = "late" if late else m.status
            views.append(
                MilestoneView(
                    id=m.id,
                    position=m.position,
                    period=m.period,
                    period_start=m.period_start,
                    period_end=m.period_end,
                    action=m.action,
                    owner_group_id=m.owner_group_id,
                    owner_group_name=owner.name if owner and not owner.deleted else None,
                    status=m.status,
                    late=late,
                    shown_status=shown,
                    shown_status_label=(
                        PLAN_DATES_LABEL if plan_dates else STATUS_LABELS.get(shown, shown)
                    ),
                    links=tuple(links[m.id]),
                    plan_dates=plan_dates,
                )
            )
        return views


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "period":
            if not isinstance(value, str):
                raise ValidationError("Enter the period as text.", field=name)
            values[name] = require_text(value, name, "the period, like “End July 2010”", 100)
        elif name == "period_start":
            values[name] = check_date(value, name, "the first day of the period")
        elif name == "period_end":
            values[name] = check_date(value, name, "the last day of the period")
        elif name == "action":
            if not isinstance(value, str):
                raise ValidationError("Enter the action as text.", field=name)
            action = clean_text(value).strip()
            if not action:
                raise ValidationError("Enter the action the milestone stands for.", field=name)
            values[name] = action
        elif name == "owner_group_id":
            values[name] = value or None
        elif name == "status":
            if value not in MILESTONE_STATUSES:
                raise ValidationError(
                    "Choose a status: not started, on track, at risk, late or done.", field=name
                )
            values[name] = value
        elif name == "position":
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValidationError("The position is a whole number from 1.", field=name)
            values[name] = value
    return values


def _check_owner(s: Session, group_id: str | None) -> None:
    if group_id is not None:
        live_row(s, Group, group_id, "Choose the group that owns this milestone.",
                 field="owner_group_id")


def _target_label(s: Session, kind: str, target_id: str) -> str | None:
    """How a link's target reads, or None when it does not exist (or was removed)."""
    if kind == "meeting":
        meeting = s.get(Meeting, target_id)
        if meeting is None or meeting.deleted:
            return None
        group = s.get(Group, meeting.group_id)
        code = group.code if group is not None else ""
        return f"{code} meeting {meeting.number}, {uk_date(meeting.date)}".strip()
    if kind == "recommendation":
        rec = s.get(Recommendation, target_id)
        if rec is None or rec.deleted:
            return None
        return f"{rec.reference}: {rec.title}"
    if kind == "paper":
        paper = s.get(Paper, target_id)
        if paper is None or paper.deleted:
            return None
        title = f": {paper.title}" if paper.title else ""
        return f"{paper.reference} v{paper.version}{title}"
    return None


def _link_records(s: Session, rows: Iterable[MilestoneLink]) -> list[LinkRecord]:
    records = []
    for link in rows:
        label = _target_label(s, link.target_kind, link.target_id)
        records.append(
            LinkRecord(
                id=link.id,
                milestone_id=link.milestone_id,
                target_kind=link.target_kind,
                target_id=link.target_id,
                label=label if label is not None else f"(removed {link.target_kind})",
                exists=label is not None,
            )
        )
    return records
