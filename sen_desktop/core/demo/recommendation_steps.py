"""The plan of one demo recommendation: the steps of its history (``Step``: a transition,
where and when it is taken), the recommendation itself (``RecPlan``), and its entries on
meetings' agendas (``AgendaEntry``: the item ``meetings.MeetingWriter`` makes for it,
with its minute and "RESOLVED that" points). ``recommendations.RecommendationPlanner``
makes them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from sen_desktop.core.demo import text
from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.validation import uk_date

if TYPE_CHECKING:
    import random
    from collections.abc import Mapping

    from sen_desktop.core.demo.records import MeetingState, Row

TITLE_MAX: Final = 500  # AgendaItem.title

# Where a step is taken.
AT_WG: Final = "working group meeting"
AT_SG: Final = "Steering Group meeting"
AT_SAME: Final = "same item"
AT_SMT: Final = "SMT and Members"
AT_LATER: Final = "reported later"


# The Steering Group decisions its chair takes (and so attends to take).
CHAIR_DECISIONS: Final = frozenset(
    {
        rs.T_ENDORSED,
        rs.T_ENDORSED_WITH_AMENDMENTS,
        rs.T_DEFERRED,
        rs.T_REFERRED_BACK,
        rs.T_NOT_ENDORSED,
        rs.T_WITHDRAWN,
    }
)


def london_time(day: dt.date, at: dt.time) -> dt.datetime:
    """A time on a UK wall clock as a UTC instant: British Summer Time runs from the
    last Sunday of March to the last Sunday of October (near enough for meetings held
    in the daytime)."""

    def last_sunday(month: int) -> dt.date:
        last = dt.date(day.year, month, 31)  # March and October both have 31 days
        return last - dt.timedelta(days=(last.weekday() - 6) % 7)

    summer = last_sunday(3) <= day < last_sunday(10)
    local = dt.datetime.combine(day, at) - dt.timedelta(hours=1 if summer else 0)
    return local.replace(tzinfo=dt.UTC)


def month_name(day: dt.date) -> str:
    """ "March 2011" """
    return uk_date(day).split(" ", 1)[1]


# --- the plan of one recommendation -------------------------------------------------


@dataclass(eq=False)
class Step:
    """One event of a recommendation's history, where and when it happens."""

    transition: str
    place: str  # AT_WG, AT_SG, AT_SAME, AT_SMT or AT_LATER
    note: str = ""  # a template: {month} is the month after the step
    from_state: str = ""
    to_state: str = ""
    day: dt.date | None = None
    meeting: MeetingState | None = None
    entry: AgendaEntry | None = None
    body: str | None = None  # the body's code, for steps before SMT and Members


@dataclass(eq=False)
class RecPlan:
    id: str
    group: str  # code
    start: MeetingState  # the held meeting of its group that first considers it
    remit: int  # the bank (remit point) index its text comes from
    row: Row = field(default_factory=dict)
    remit_ids: list[str] = field(default_factory=list)
    ctx: dict[str, Any] = field(default_factory=dict)
    route: str = "SMT"  # the body that decides: SMT, or Cabinet for a key decision
    steps: list[Step] = field(default_factory=list)
    hash: str = ""

    @property
    def reference(self) -> str:
        return str(self.row["reference"])

    @property
    def title(self) -> str:
        return str(self.row["title"])

    @property
    def state(self) -> str:
        return self.steps[-1].to_state if self.steps else rs.DRAFT


@dataclass(eq=False)
class AgendaEntry:
    """A recommendation on a meeting's agenda: the steps taken there, and the item
    ``MeetingWriter`` makes for it (``records.Considered``)."""

    rec: RecPlan
    meeting: MeetingState
    group_name: str  # of the group raising the recommendation
    remit_phrase: str
    meeting_kind: str  # the kind of the meeting's group: steering, working, reference
    steps: list[Step] = field(default_factory=list)
    item_id: str = ""
    position: int = 0
    minute_number: int | None = None
    presenter_id: str = ""

    @property
    def recommendation_id(self) -> str:
        return self.rec.id

    @property
    def title(self) -> str:
        title = f"{self.rec.reference}: {self.rec.title}"
        return title if len(title) <= TITLE_MAX else title[: TITLE_MAX - 1] + "…"

    def written(
        self, item_id: str, position: int, minute_number: int | None, presenter_id: str
    ) -> None:
        self.item_id, self.position = item_id, position
        self.minute_number, self.presenter_id = minute_number, presenter_id

    def minutes(self, presenter: str, rng: random.Random) -> tuple[str, list[str]]:
        rec, ref = self.rec, self.rec.reference
        done = [s.transition for s in self.steps]
        notes = " ".join(self._note(s) for s in self.steps if s.note)
        kind = self.meeting_kind
        extra = {
            "steering": text.STEERING_DISCUSSION,
            "reference": text.REFERENCE_DISCUSSION,
        }.get(kind, text.WORKING_DISCUSSION)
        bank = (*text.RECOMMENDATION_DISCUSSION, *extra)
        topic = text.subject(rec.title)
        discussion = rng.choice(bank).format_map({**rec.ctx, "topic": topic})
        if not done:
            return f"{presenter} introduced recommendation {ref}.", []
        first = done[0]
        if first == rs.T_IMPLEMENTED:
            body = f"{presenter} reported on the implementation of recommendation {ref}. {notes}"
            return body, [f"RESOLVED that the implementation of recommendation {ref} be noted."]
        if self.meeting.plan.group == rec.group:
            remit = self.remit_phrase
            # The title often names the remit already: then it is not said again.
            answers = (
                "part of the group's remit"
                if remit.lower() in rec.title.lower()
                else f"the group's remit on {remit}"
            )
            intro = (
                f"{presenter} introduced recommendation {ref}, “{rec.title}”, which answers "
                f"{answers}. {discussion}"
            )
            if first == rs.T_WITHDRAWN:
                clause = f"draft recommendation {ref} be withdrawn"
            elif rs.T_SUBMITTED_TO_SG in done:
                again = any(s.transition == rs.T_REFERRED_BACK for s in rec.steps)
                revised = ", revised as the Steering Group asked," if again else ""
                clause = (
                    f"recommendation {ref}{revised} be agreed and submitted to the Strategy "
                    "Steering Group"
                )
            else:
                clause = (
                    f"recommendation {ref} be agreed, and submitted to the Strategy Steering "
                    "Group once the Parent/Carer Reference Group has given its view"
                )
            return " ".join(filter(None, (intro, notes))), [f"RESOLVED that {clause}."]
        intro = (
            f"{presenter} presented recommendation {ref}, “{rec.title}”, from the "
            f"{self.group_name}. {discussion}"
        )
        onward = " and submitted to SMT and Members" if rs.T_SUBMITTED_TO_SMT in done else ""
        clause = {
            rs.T_ENDORSED: f"recommendation {ref} be endorsed{onward}",
            rs.T_ENDORSED_WITH_AMENDMENTS: (
                f"recommendation {ref} be endorsed with the amendments minuted{onward}"
            ),
            rs.T_DEFERRED: f"consideration of recommendation {ref} be deferred",
            rs.T_REFERRED_BACK: (f"recommendation {ref} be referred back to the {self.group_name}"),
            rs.T_NOT_ENDORSED: f"recommendation {ref} not be endorsed",
            rs.T_WITHDRAWN: (
                f"the withdrawal of recommendation {ref} by the {self.group_name} be noted"
            ),
        }.get(first, f"recommendation {ref} be noted")
        return " ".join(filter(None, (intro, notes))), [f"RESOLVED that {clause}."]

    def _note(self, step: Step) -> str:
        return format_note(step, self.rec.ctx)


def format_note(step: Step, ctx: Mapping[str, Any]) -> str:
    after = (step.day or dt.date(2010, 9, 1)) + dt.timedelta(days=31)
    return step.note.format_map({**ctx, "month": month_name(after)})
