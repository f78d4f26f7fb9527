"""The Action Plan's records and words: milestones, their links, statuses and lateness.

Frozen records and pure functions only, no SQLAlchemy: the Action Plan page, the
dashboard and the home page read these without loading the store. Lateness is derived,
never stored: a milestone whose period has ended and is not done shows as late (the
rules are in core/plan/service.py's docstring).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Protocol

from sen_desktop.core.plan.vocabulary import MILESTONE_STATUSES as MILESTONE_STATUSES

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

#: The statuses (vocabulary.MILESTONE_STATUSES) in words, in the same order.
STATUS_LABELS: Final = {
    "not_started": "Not started",
    "on_track": "On track",
    "at_risk": "At risk",
    "late": "Late",
    "done": "Done",
}
#: The order statuses are counted in a summary (as the Action Plan's legend reads).
SUMMARY_ORDER: Final = ("not_started", "on_track", "at_risk", "late", "done")
#: What a seeded milestone still on the Project Plan's 2010–11 dates shows as.
PLAN_DATES_LABEL: Final = "Project Plan's dates"
LINK_KINDS: Final = ("meeting", "recommendation", "paper")
MILESTONE_FIELDS: Final = (
    "period",
    "period_start",
    "period_end",
    "action",
    "owner_group_id",
    "status",
    "position",
)


class HasPeriodEnd(Protocol):
    @property
    def period_end(self) -> dt.date: ...

    @property
    def status(self) -> str: ...


def is_late(milestone: HasPeriodEnd, today: dt.date) -> bool:
    """Late: marked late, or its period ended before today and it is not done."""
    if milestone.status == "done":
        return False
    return milestone.status == "late" or milestone.period_end < today


def plan_summary(milestones: Iterable[MilestoneView]) -> str:
    """The Action Plan in one line, e.g. "12 milestones: 12 on the Project Plan's dates
    (2010–11) until the programme sets its own." or "12 milestones: 3 late, 9 done."."""
    rows = list(milestones)
    if not rows:
        return "No milestones yet."
    counts: dict[str, int] = {}
    plan_dated = 0
    for m in rows:
        if m.plan_dates:
            plan_dated += 1
        else:
            counts[m.shown_status] = counts.get(m.shown_status, 0) + 1
    parts = [
        f"{counts[s]} {STATUS_LABELS[s].lower()}" for s in SUMMARY_ORDER if counts.get(s)
    ]
    if plan_dated:
        years = sorted({y for m in rows if m.plan_dates
                        for y in (m.period_start.year, m.period_end.year)})
        span = f"{years[0]}–{str(years[-1])[2:]}" if years[0] != years[-1] else str(years[0])
        parts.append(
            f"{plan_dated} on the Project Plan's dates ({span}) until the programme sets its own"
        )
    noun = "milestone" if len(rows) == 1 else "milestones"
    return f"{len(rows)} {noun}: " + ", ".join(parts) + "."


@dataclass(frozen=True)
class LinkRecord:
    id: str
    milestone_id: str
    target_kind: str  # meeting | recommendation | paper
    target_id: str
    label: str  # "BESD-R3: Outreach hubs", "SG meeting 3, 1 October 2010", "SG-2010-07 v2"
    exists: bool  # False when the target has since been removed


@dataclass(frozen=True)
class MilestoneView:
    id: str
    position: int
    period: str
    period_start: dt.date
    period_end: dt.date
    action: str
    owner_group_id: str | None
    owner_group_name: str | None
    status: str  # as stored: MILESTONE_STATUSES
    late: bool  # derived: is_late(status, today), never while on the Project Plan's dates
    shown_status: str  # "late" when late, else the stored status
    shown_status_label: str  # "Late", "On track", "Project Plan's dates" … (words, not colour)
    links: tuple[LinkRecord, ...]
    plan_dates: bool = False  # derived: on_plan_dates (seeded, not yet the programme's own)

    @property
    def at_risk(self) -> bool:
        """Needs attention: marked at risk, or late."""
        return self.late or self.shown_status == "at_risk"


def ordered_links(links: Iterable[LinkRecord]) -> tuple[LinkRecord, ...]:
    """Meetings, then recommendations, then papers, each in natural order of their
    labels ("SG meeting 2" before "SG meeting 11", "BESD-R2" before "BESD-R10")."""

    def key(link: LinkRecord) -> tuple[int, list[tuple[int, int | str]]]:
        kind = LINK_KINDS.index(link.target_kind) if link.target_kind in LINK_KINDS else 9
        parts: list[tuple[int, int | str]] = [
            (0, int(part)) if part.isdigit() else (1, part.casefold())
            for part in re.split(r"(\d+)", link.label)
            if part
        ]
        return kind, parts

    return tuple(sorted(links, key=key))
