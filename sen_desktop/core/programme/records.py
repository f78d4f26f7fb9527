"""The programme's structure as plain records (no SQLAlchemy): its groups (a summary for
lists, the detail with remit and seats for the Groups page) and the Project Plan's
reference sections. ``core.programme.service.ProgrammeService`` reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sen_desktop.core.people.records import SeatView


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
class SectionRecord:
    key: str
    title: str
    body: str
