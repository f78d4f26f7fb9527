"""The plan of a demo programme: which groups meet when, and how much business they do.

Pure and quick: ``demo_plan(10, 10)`` lays out the 7,200 meetings of ten years at
scale ten, with each meeting's number of business items and actions, in milliseconds
and without a database. ``demo.generate`` writes what the plan says, so the plan's
counts are the counts generated (tests/core/demo/test_demo.py holds them to the issue's
targets without generating them).

Scale. ``scale`` K adds K - 1 "task and finish" groups (kind "other") under each of the
County's six groups, each meeting monthly like its parent: years x 12 x 6K meetings,
about 2% of them cancelled, with 9 to 21 actions at each meeting held (15 on average).
Meetings after ``today`` stay planned, with no business done yet.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Final

from sen_desktop.core.demo import text
from sen_desktop.core.errors import ValidationError
from sen_desktop.core.programme import data as plan_data

START: Final = dt.date(2010, 9, 1)
"""The first month with meetings: the plan's "End September 2010"."""
MAX_YEARS: Final = 20
MAX_SCALE: Final = len(text.TASK_THEMES) + 1
ACTIONS_PER_MEETING: Final = (9, 21)
BUSINESS_ITEMS: Final = (2, 5)
CANCELLED_SHARE: Final = 0.02


@dataclass(frozen=True, slots=True)
class GroupPlan:
    code: str
    name: str
    kind: str
    dimension: str | None
    parent: str | None  # the code of the group a task and finish group reports to
    theme: str | None  # a task and finish group's subject
    seeded: bool  # one of the County's six groups (already in the database)
    position: int


@dataclass(frozen=True, slots=True)
class MeetingPlan:
    group: str  # code
    number: int  # per group, in date order
    date: dt.date
    state: str  # held | cancelled | planned
    business_items: int
    actions: int  # 0 unless held


@dataclass(frozen=True)
class DemoPlan:
    years: int
    scale: int
    seed: int
    groups: tuple[GroupPlan, ...]
    meetings: tuple[MeetingPlan, ...]  # in date order, then group order
    start: dt.date = START  # the first month with meetings (its 1st)

    @property
    def meeting_count(self) -> int:
        return len(self.meetings)

    @property
    def action_count(self) -> int:
        return sum(m.actions for m in self.meetings)


def check_numbers(years: object, scale: object, seed: object) -> tuple[int, int, int]:
    if isinstance(years, bool) or not isinstance(years, int) or not 1 <= years <= MAX_YEARS:
        raise ValidationError(
            f"The number of years must be a whole number from 1 to {MAX_YEARS}.", field="years"
        )
    if isinstance(scale, bool) or not isinstance(scale, int) or not 1 <= scale <= MAX_SCALE:
        raise ValidationError(
            f"The scale must be a whole number from 1 to {MAX_SCALE}.", field="scale"
        )
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValidationError("The seed must be a whole number, 0 or more.", field="seed")
    return years, scale, seed


def _plan_groups(scale: int) -> tuple[GroupPlan, ...]:
    seeded = [
        GroupPlan(g.code, g.name, g.kind, g.dimension, g.reports_to, None, True, n)
        for n, g in enumerate(plan_data.GROUPS, start=1)
    ]
    extra: list[GroupPlan] = []
    for parent in seeded:
        short = parent.code  # "BESD Outreach Task and Finish Group": short in lists
        for n, theme in enumerate(text.TASK_THEMES[: scale - 1], start=1):
            extra.append(
                GroupPlan(
                    code=f"{parent.code}T{n}",
                    name=f"{short} {theme} Task and Finish Group",
                    kind="other",
                    dimension=parent.dimension,
                    parent=parent.code,
                    theme=theme,
                    seeded=False,
                    position=len(seeded) + len(extra) + 1,
                )
            )
    return (*seeded, *extra)


def _meeting_day(year: int, month: int, slot: int) -> dt.date:
    """The group's regular day: its weekday (Monday to Thursday) in its week of the month."""
    weekday, week = slot % 4, (slot // 4) % 4
    first = dt.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + dt.timedelta(days=offset + 7 * week)


def anchored_start(years: int, today: dt.date) -> dt.date:
    """The first month of a demo made ``today`` whose ``years`` of monthly meetings end
    next month: last month's meetings are held (with minutes and actions), next month's
    are planned, as a secretary sees a live programme."""
    months = today.year * 12 + today.month - 1 + 1 - (years * 12 - 1)
    return dt.date(months // 12, months % 12 + 1, 1)


def parse_start(value: str | None, years: int, today: dt.date | None = None) -> dt.date:
    """The first month of meetings for ``--from``: "2010-09" (the programme's own history
    starts then), or None for a demo anchored on ``today`` (see ``anchored_start``)."""
    today = today or dt.date.today()
    if value is None:
        return anchored_start(years, today)
    text = value.strip()
    try:
        year, month = (int(part) for part in text.split("-"))
        start = dt.date(year, month, 1)
    except ValueError:
        raise ValidationError(
            f"Give the first month as year and month, like 2010-09 (not {value!r}).",
            field="start",
        ) from None
    check_start(start, today)
    return start


def check_start(start: dt.date, today: dt.date) -> None:
    if start.day != 1 or start.year < 2000:
        raise ValidationError(
            "The first month must be the 1st of a month in 2000 or later, like 2010-09.",
            field="start",
        )
    if start > today:
        raise ValidationError(
            "The first month must be this month or earlier: a demo needs meetings held.",
            field="start",
        )


def demo_plan(
    years: int,
    scale: int = 1,
    seed: int = 2010,
    today: dt.date | None = None,
    start: dt.date | None = None,
) -> DemoPlan:
    """The groups and meetings ``generate`` makes, with each meeting's business and actions.

    ``start``: the first month with meetings (default September 2010, the programme's
    own history; ``anchored_start`` for a demo that is live today).
    Pure and quick: ``demo_plan(10, 10).action_count`` costs milliseconds.
    """
    years, scale, seed = check_numbers(years, scale, seed)
    today = today or dt.date.today()
    first = START if start is None else start
    check_start(first, max(today, first) if start is None else today)
    rng = random.Random(f"sen-demo-plan:{seed}")
    groups = _plan_groups(scale)
    numbers: dict[str, int] = defaultdict(int)
    meetings: list[MeetingPlan] = []
    for n in range(years * 12):
        year, month = first.year + (first.month - 1 + n) // 12, (first.month - 1 + n) % 12 + 1
        for slot, group in enumerate(groups):
            day = _meeting_day(year, month, slot)
            numbers[group.code] += 1
            business = rng.randint(*BUSINESS_ITEMS)
            actions = rng.randint(*ACTIONS_PER_MEETING)
            # Never the first meeting: every group starts as the plan says it should.
            cancelled = numbers[group.code] > 1 and rng.random() < CANCELLED_SHARE
            state = "planned" if day > today else "cancelled" if cancelled else "held"
            meetings.append(
                MeetingPlan(
                    group=group.code,
                    number=numbers[group.code],
                    date=day,
                    state=state,
                    business_items=business,
                    actions=actions if state == "held" else 0,
                )
            )
    return DemoPlan(years, scale, seed, groups, tuple(meetings), first)
