"""The demo's plain records (no SQLAlchemy): what a generation made (``DemoSummary``,
``Counts``), a meeting as the writer carries it (``MeetingState``), a recommendation on
a meeting's agenda as the writer sees it (``Considered``), and a row to insert (``Row``:
column values by attribute name).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import datetime as dt
    import random

    from sen_desktop.core.demo.plan import MeetingPlan

Row = dict[str, Any]


@dataclass(frozen=True)
class DemoSummary:
    groups: int  # groups added (task and finish groups)
    people: int
    meetings: int
    agenda_items: int
    minutes: int
    resolutions: int
    declarations: int
    actions: int
    action_updates: int
    recommendations: int
    recommendation_events: int
    milestone_links: int
    operations: int
    seconds: float


@dataclass
class Counts:
    people: int = 0
    agenda_items: int = 0
    minutes: int = 0
    resolutions: int = 0
    declarations: int = 0
    actions: int = 0
    action_updates: int = 0
    recommendations: int = 0
    recommendation_events: int = 0
    milestone_links: int = 0
    operations: int = 0


class Considered(Protocol):
    """A recommendation on a meeting's agenda (``recommendation_steps.AgendaEntry``)."""

    @property
    def recommendation_id(self) -> str: ...

    @property
    def title(self) -> str: ...

    def written(
        self, item_id: str, position: int, minute_number: int | None, presenter_id: str
    ) -> None:
        """Told the agenda item made for it, once the meeting's agenda is laid out."""

    def minutes(self, presenter: str, rng: random.Random) -> tuple[str, list[str]]:
        """The minute of a meeting held, and its "RESOLVED that" points."""


@dataclass
class MeetingState:
    plan: MeetingPlan
    id: str
    start: dt.time
    end: dt.time
    venue: str
