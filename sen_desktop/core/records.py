"""Frozen dataclasses: what core services return. No ORM object leaves the core."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class GroupSummary:
    id: str
    code: str
    name: str
    kind: str  # steering | working | reference | other
    dimension: str | None
    seat_count: int
    filled_count: int


@dataclass(frozen=True)
class RemitPoint:
    id: str
    position: int  # 1-based
    text: str


@dataclass(frozen=True)
class AppointmentView:
    id: str
    seat_id: str
    seat_title: str
    group_id: str
    group_name: str
    person_id: str
    person_name: str
    start_date: dt.date
    end_date: dt.date | None
    meets_seat_rule: bool
    substitute_for_id: str | None


@dataclass(frozen=True)
class SeatView:
    id: str
    position: int  # 1-based
    title: str
    is_chair: bool
    is_vice_chair: bool
    rule_applies: bool
    holder: AppointmentView | None  # the appointment current on the day asked about


@dataclass(frozen=True)
class GroupDetail:
    id: str
    code: str
    name: str
    kind: str
    dimension: str | None
    reports_to_id: str | None
    reports_to_name: str | None
    quorum: int  # members present needed (stored rule or a third of the seats, rounded up)
    seat_rule: str | None
    # None where the group has no seat rule; else whether a current holder of a
    # rule seat meets it.
    seat_rule_met: bool | None
    remit: tuple[RemitPoint, ...]
    seats: tuple[SeatView, ...]


@dataclass(frozen=True)
class PersonRecord:
    id: str
    full_name: str
    job_title: str
    organisation: str
    email: str
    phone: str
    notes: str


@dataclass(frozen=True)
class MilestoneRecord:
    id: str
    position: int
    period: str  # as the plan writes it: "End July 2010"
    period_start: dt.date
    period_end: dt.date
    action: str
    owner_group_id: str | None
    owner_group_name: str | None
    status: str  # not_started | on_track | at_risk | late | done


@dataclass(frozen=True)
class SectionRecord:
    key: str
    title: str
    body: str


@dataclass(frozen=True)
class IntegrityReport:
    ok: bool
    summary: str  # one line for `sen-desktop check`
    problems: tuple[str, ...] = ()  # each finding on its own, for a dialog or a log
