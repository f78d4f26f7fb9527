"""The recommendations of a demo programme: raised, decided along the pathway, signed.

Each working group and the Parent/Carer Reference Group raises a handful of
recommendations a year (``PER_YEAR``; scale K multiplies it by 1 + (K - 1) / 3), each
answering a point of its group's remit, with a title, text, rationale, tier, districts
(often county-wide), implications (some left empty) and the reference group's view
from the banks in ``demo_text``. Each then has a history of events, as
``RecommendationService.record_event`` would record them:

- agreed (and submitted to the Steering Group) at a held meeting of its own group;
- the Steering Group's decisions at its next held meeting after that (deferred,
  referred back with the reason, not endorsed, endorsed, endorsed with amendments,
  submitted on to SMT and Members at the same item), the endorsement signed by the
  Steering Group's chair of the day (who is then recorded present);
- SMT and Members' decisions two to six weeks later, by the body (SMT, or Cabinet for
  key decisions), signed by its chair for an approval;
- implementation reported at a Steering Group meeting months after the approval.

Every step taken at a meeting is an agenda item of kind "recommendation" of that
meeting (``AgendaEntry``, written by ``demo_meetings.MeetingWriter`` with its minute
and "RESOLVED that" points), and the event names that item's minute number. Steps are
dated in order and never after the last meeting held, so a recommendation raised
lately is still on its way. Given a year of meetings, every state of
``recommendation_states`` is reached (``_SHOWCASE``): a final outcome goes to the
earliest recommendation with time for its path, a state on the way to the latest; the
others aim at an outcome drawn at random (``_TARGET_WEIGHTS``), with the odd referral,
deferral or amendment on the way.

Signatures. Each chair signs on a laptop the demo programme's root certified as theirs
(``demo_registry``): the root, the laptops and their keys are derived from the seed and
kept in memory, never the OS keyring; Ed25519 signing is deterministic, so the same
seed gives the same signatures. The root and the certificates go into the demo folder's
registry tables, so every decision verifies as in a real programme (docs/TRUST.md
"Chairs"). Each decision's content hash is the recommendation's content as written
(amendments are in the text from the start, and the note says what they were), so
every signature verifies.

``milestone_plan`` links the Annex 2 milestones to the meetings and recommendations
that deliver them and sets their status against the demo's timeline.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from sen_desktop.core.demo import text
from sen_desktop.core.demo.meetings import MeetingState, Row
from sen_desktop.core.demo.people import SeatState
from sen_desktop.core.demo.plan import START, GroupPlan
from sen_desktop.core.demo.registry import DemoRegistry, demo_registry
from sen_desktop.core.programme import data as plan_data
from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.recommendations.checks import iso_utc
from sen_desktop.core.recommendations.signing import approval_message_of, content_hash
from sen_desktop.core.store.models import DIMENSIONS, TIERS
from sen_desktop.core.validation import uk_date

PER_YEAR: Final = (4, 6)
"""Recommendations each raising group makes a year, at scale 1."""

TITLE_MAX: Final = 500  # AgendaItem.title

# Where a step is taken.
_WG: Final = "working group meeting"
_SG: Final = "Steering Group meeting"
_SAME: Final = "same item"
_SMT: Final = "SMT and Members"
_LATER: Final = "reported later"

SMT_DELAY: Final = (14, 42)  # days from the Steering Group to SMT and Members
IMPLEMENTATION_DELAY: Final = (90, 240)  # days from approval to implementation

# The outcomes a recommendation is meant for, when it is not one of the showcase:
# most go the whole way, some are refused or withdrawn on the way.
_TARGET_WEIGHTS: Final = (
    (rs.IMPLEMENTED, 40),
    (rs.APPROVED, 8),
    (rs.APPROVED_WITH_AMENDMENTS, 8),
    (rs.REJECTED, 6),
    (rs.NOTED, 8),
    (rs.NOT_ENDORSED, 6),
    (rs.WITHDRAWN, 8),
)

# Every state, the longest paths first. Final outcomes go to the earliest
# recommendation with time for them; states on the way to the latest.
_SHOWCASE: Final = (
    rs.IMPLEMENTED,
    rs.REJECTED,
    rs.NOTED,
    rs.APPROVED_WITH_AMENDMENTS,
    rs.APPROVED,
    rs.DEFERRED_BY_SMT,
    rs.SUBMITTED_TO_SMT,
    rs.NOT_ENDORSED,
    rs.ENDORSED_WITH_AMENDMENTS,
    rs.ENDORSED,
    rs.DEFERRED_BY_SG,
    rs.REFERRED_BACK,
    rs.SUBMITTED_TO_SG,
    rs.AGREED,
    rs.WITHDRAWN,
    rs.DRAFT,
)
_EARLIEST: Final = frozenset({rs.IMPLEMENTED, rs.REJECTED, rs.NOTED, rs.NOT_ENDORSED, rs.WITHDRAWN})

# The Steering Group decisions its chair takes (and so attends to take).
_CHAIR_DECISIONS: Final = frozenset(
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


def _month(day: dt.date) -> str:
    """ "March 2011" """
    return uk_date(day).split(" ", 1)[1]


# --- the plan of one recommendation -------------------------------------------------


@dataclass(eq=False)
class Step:
    """One event of a recommendation's history, where and when it happens."""

    transition: str
    place: str  # _WG, _SG, _SAME, _SMT or _LATER
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
    ``MeetingWriter`` makes for it (``demo_meetings.Considered``)."""

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
    return step.note.format_map({**ctx, "month": _month(after)})


# --- the planner ---------------------------------------------------------------------


@dataclass(frozen=True)
class EventRows:
    registry: DemoRegistry  # the demo programme's root and chairs' certified laptops
    events: list[Row]


class RecommendationPlanner:
    """Plans the recommendations before the meetings are written; their events after."""

    def __init__(
        self,
        seed: int,
        scale: int,
        new_id: Callable[[], str],
        groups: Mapping[str, GroupPlan],
        group_ids: Mapping[str, str],
        seats: Mapping[str, Sequence[SeatState]],
        by_group: Mapping[str, Sequence[MeetingState]],
        deciders: Mapping[str, str],
        start: dt.date = START,
    ) -> None:
        """``deciders``: body code ("SMT", "Cabinet") -> the person who chairs it;
        ``start``: the first month of meetings (the programme root is created then)."""
        self.seed = seed
        self.start = start
        self.scale = scale
        self.new_id = new_id
        self.groups = groups
        self.group_ids = group_ids
        self.seats = seats
        self.deciders = deciders
        self.rng = random.Random(f"sen-demo-recommendations:{seed}")
        self.held: dict[str, list[MeetingState]] = {
            code: [m for m in meetings if m.plan.state == "held"]
            for code, meetings in by_group.items()
        }
        self._held_dates = {
            code: [m.plan.date for m in meetings] for code, meetings in self.held.items()
        }
        self.upcoming: dict[str, list[MeetingState]] = {
            code: [m for m in meetings if m.plan.state == "planned"]
            for code, meetings in by_group.items()
        }
        self.by_group = by_group
        dates = [m.plan.date for ms in self.held.values() for m in ms]
        self.end = max(dates, default=dt.date.min)  # the last day anything happens
        self.steering = next(code for code, g in groups.items() if g.kind == "steering")
        self.recs: list[RecPlan] = []
        self.entries: dict[str, list[AgendaEntry]] = {}
        self.chair_present: set[str] = set()

    # --- raising -------------------------------------------------------------------

    def raising_groups(self) -> list[str]:
        return [
            code
            for code, g in self.groups.items()
            if g.seeded and g.kind in ("working", "reference")
        ]

    def plan(self, remit: Mapping[str, Sequence[str]], years: int) -> None:
        """Raise the recommendations and schedule their histories.

        ``remit``: group code -> the ids of its remit points in order.
        """
        rng = self.rng
        factor = 1 + (self.scale - 1) / 3
        raised: list[RecPlan] = []
        for code in self.raising_groups():
            held = self.held.get(code, [])
            points = len(remit.get(code, ()))
            deck: list[int] = []
            for year in range(years):
                in_year = [m for m in held if (m.plan.number - 1) // 12 == year]
                if not in_year:
                    continue
                # As many as the part of the year gone by allows.
                year_meetings = [
                    m for m in self.by_group[code] if (m.plan.number - 1) // 12 == year
                ]
                gone = sum(1 for m in year_meetings if m.plan.state != "planned")
                count = max(1, round(rng.randint(*PER_YEAR) * factor * gone / len(year_meetings)))
                starts = sorted(
                    (rng.choice(in_year) for _ in range(count)), key=lambda m: m.plan.number
                )
                if year == 0:
                    starts[0] = in_year[0]  # each group starts at its first meeting
                for start in starts:
                    if not deck:  # each remit point in turn, in a shuffled order
                        deck = list(range(max(points, 1)))
                        rng.shuffle(deck)
                    raised.append(RecPlan(self.new_id(), code, start, deck.pop()))
        positions = {code: g.position for code, g in self.groups.items()}
        raised.sort(key=lambda r: (r.start.plan.date, positions[r.group]))
        numbers: dict[str, int] = {}
        for rec in raised:
            numbers[rec.group] = numbers.get(rec.group, 0) + 1
            self._content(rec, numbers[rec.group], remit.get(rec.group, ()))
        self.recs = raised
        self._assign_targets()
        for rec in self.recs:
            self._agenda(rec)

    def _content(self, rec: RecPlan, number: int, remit_ids: Sequence[str]) -> None:
        rng = self.rng
        group = self.groups[rec.group]
        reference_group = group.kind == "reference"
        dimension = group.dimension
        if reference_group and rng.random() < 0.5:
            dimension = rng.choice(DIMENSIONS)
        bank = text.REFERENCE_RECOMMENDATIONS if reference_group else text.WORKING_RECOMMENDATIONS
        rec.remit %= len(bank)
        title, body, rationale, tier = rng.choice(bank[rec.remit])
        places = rng.sample(plan_data.DISTRICTS, 3)
        short = [p.split(" (")[0] for p in places]
        day = rec.start.plan.date
        ctx: dict[str, Any] = {
            "need": text.NEED_PHRASES.get(dimension, text.NEED_PHRASES[None]),
            "district": short[0],
            "district2": short[1],
            "school": rng.choice(text.SCHOOLS)[0],
            "number": rng.randint(40, 420),
            "small": rng.randint(3, 11),
            "percent": rng.randint(4, 35),
            "weeks": rng.randint(2, 8),
            "money": f"{rng.randint(5, 95) * 10_000:,}",
            "year": f"{day.year + 1}-{(day.year + 2) % 100:02d}",
            "month": _month(day + dt.timedelta(days=rng.randint(60, 150))),
            "service": rng.choice(text.SERVICES),
        }
        rec.ctx = ctx
        written = title + body
        if "{district2}" in written:
            districts = places[:2]
        elif "{district}" in written:
            districts = places[:1]
        elif rng.random() < 0.65:
            districts = []  # county-wide
        else:
            districts = places[: rng.randint(1, 3)]
        ordered = [d for d in plan_data.DISTRICTS if d in districts]
        if tier is None and rng.random() < 0.5:
            tier = rng.choice(TIERS)
        answers = [rec.remit]
        if len(remit_ids) > 1 and rng.random() < 0.2:
            answers.append(rng.choice([i for i in range(len(remit_ids)) if i != rec.remit]))
        rec.remit_ids = sorted({remit_ids[i] for i in answers if i < len(remit_ids)})
        view = (
            text.REFERENCE_GROUP_OWN_VIEW
            if reference_group
            else rng.choice(text.REFERENCE_GROUP_VIEWS)
        )
        rec.row = {
            "id": rec.id,
            "reference": f"{group.code}-R{number}",
            "group_id": self.group_ids[rec.group],
            "title": title.format_map(ctx)[:TITLE_MAX],
            "text": body.format_map(ctx),
            "rationale": rationale.format_map(ctx),
            "tier": tier,
            "dimension": dimension,
            "districts": json.dumps(ordered, ensure_ascii=False),
            "financial": rng.choice(text.FINANCIAL_IMPLICATIONS).format_map(ctx),
            "legal": rng.choice(text.LEGAL_IMPLICATIONS),
            "equality": rng.choice(text.EQUALITY_IMPLICATIONS),
            "data_protection": rng.choice(text.DATA_PROTECTION_IMPLICATIONS),
            "reference_group_view": view.format_map(ctx),
            "key_decision": False,
            "decision_no": "",
        }
        if rng.random() < 0.25:  # a key decision, taken by the Cabinet
            rec.route = "Cabinet"
            rec.row["key_decision"] = True
            rec.row["decision_no"] = f"{day.year % 100:02d}/{rng.randint(1000, 1999):05d}"
        rec.hash = content_hash({**rec.row, "districts": ordered, "remit_item_ids": rec.remit_ids})

    # --- histories -----------------------------------------------------------------

    def _assign_targets(self) -> None:
        chosen: dict[str, str] = {}
        for state in _SHOWCASE:
            order = self.recs if state in _EARLIEST else list(reversed(self.recs))
            for rec in order:
                if rec.id in chosen:
                    continue
                script = self._script(rec, state, embellish=False)
                if len(self._schedule(rec, script)) == len(script):
                    chosen[rec.id] = state
                    break
        targets, weights = zip(*_TARGET_WEIGHTS, strict=True)
        for rec in self.recs:
            target = chosen.get(rec.id)
            embellish = target is None
            if target is None:
                target = self.rng.choices(targets, weights)[0]
            rec.steps = self._schedule(rec, self._script(rec, target, embellish))

    def _rec_rng(self, rec: RecPlan, purpose: str = "script") -> random.Random:
        # Generators of the recommendation's own: trying a history out gives the same
        # history as taking it.
        return random.Random(f"sen-demo-recommendation:{self.seed}:{rec.id}:{purpose}")

    def _script(self, rec: RecPlan, target: str, embellish: bool) -> list[Step]:
        """The steps to ``target`` (a state), with chance detours when ``embellish``."""
        rng = self._rec_rng(rec)

        def maybe(p: float) -> bool:
            return rng.random() < p and embellish

        steps: list[Step] = []
        if target == rs.DRAFT:
            return steps
        if target == rs.WITHDRAWN and rng.random() < 0.5:
            return [Step(rs.T_WITHDRAWN, _WG, rng.choice(text.WITHDRAWAL_REASONS))]
        steps.append(Step(rs.T_AGREED, _WG))
        if target == rs.AGREED:
            return steps
        steps.append(Step(rs.T_SUBMITTED_TO_SG, _SAME))
        if target == rs.SUBMITTED_TO_SG:
            return steps
        referred = Step(rs.T_REFERRED_BACK, _SG, rng.choice(text.REFERRAL_REASONS))
        if target == rs.REFERRED_BACK:
            return [*steps, referred]
        if maybe(0.15):
            steps += [referred, Step(rs.T_AGREED, _WG), Step(rs.T_SUBMITTED_TO_SG, _SAME)]
        deferred = Step(rs.T_DEFERRED, _SG, rng.choice(text.DEFERRAL_REASONS))
        if target == rs.DEFERRED_BY_SG:
            return [*steps, deferred]
        if maybe(0.15):
            steps.append(deferred)
        if target == rs.WITHDRAWN:
            return [*steps, Step(rs.T_WITHDRAWN, _SG, rng.choice(text.WITHDRAWAL_REASONS))]
        if target == rs.NOT_ENDORSED:
            return [*steps, Step(rs.T_NOT_ENDORSED, _SG, rng.choice(text.NOT_ENDORSED_REASONS))]
        amended = target in (rs.ENDORSED_WITH_AMENDMENTS, rs.APPROVED_WITH_AMENDMENTS) or (
            target != rs.ENDORSED and maybe(0.2)
        )
        if amended:
            steps.append(Step(rs.T_ENDORSED_WITH_AMENDMENTS, _SG, rng.choice(text.AMENDMENT_NOTES)))
        else:
            steps.append(Step(rs.T_ENDORSED, _SG))
        if target in (rs.ENDORSED, rs.ENDORSED_WITH_AMENDMENTS):
            return steps
        steps.append(Step(rs.T_SUBMITTED_TO_SMT, _SAME))
        if target == rs.SUBMITTED_TO_SMT:
            return steps
        smt_deferred = Step(rs.T_DEFERRED, _SMT, rng.choice(text.SMT_NOTES["deferred"]))
        if target == rs.DEFERRED_BY_SMT:
            return [*steps, smt_deferred]
        if maybe(0.15):
            steps.append(smt_deferred)
        if target in (rs.REJECTED, rs.NOTED):
            return [*steps, Step(target, _SMT, rng.choice(text.SMT_NOTES[target]))]
        if target == rs.APPROVED_WITH_AMENDMENTS or (target != rs.APPROVED and maybe(0.2)):
            steps.append(
                Step(rs.T_APPROVED_WITH_AMENDMENTS, _SMT, rng.choice(text.AMENDMENT_NOTES))
            )
        else:
            note = rng.choice(text.SMT_NOTES["approved"])
            if rec.route == "Cabinet":
                note = f"Key decision {rec.row['decision_no']}. {note}".strip()
            steps.append(Step(rs.T_APPROVED, _SMT, note))
        if target == rs.IMPLEMENTED:
            steps.append(Step(rs.T_IMPLEMENTED, _LATER, rng.choice(text.IMPLEMENTATION_NOTES)))
        return steps

    def _next_held(self, code: str, after: dt.date, inclusive: bool = False) -> MeetingState | None:
        dates = self._held_dates.get(code, [])
        find = bisect.bisect_left if inclusive else bisect.bisect_right
        index = find(dates, after)
        return self.held[code][index] if index < len(dates) else None

    def _schedule(self, rec: RecPlan, script: list[Step]) -> list[Step]:
        """Date the steps at real meetings, in order; those that would fall after the
        last meeting held are left out (the recommendation is still on its way)."""
        rng = self._rec_rng(rec, "dates")
        state = rs.DRAFT
        day: dt.date | None = None
        meeting: MeetingState | None = None
        done: list[Step] = []
        for planned in script:
            step = Step(planned.transition, planned.place, planned.note)
            if step.place == _SAME:
                pass  # the same meeting and day as the step before
            elif step.place == _WG:
                meeting = rec.start if day is None else self._next_held(rec.group, day)
                day = meeting.plan.date if meeting else None
            elif step.place == _SG:
                assert day is not None
                meeting = self._next_held(self.steering, day)
                day = meeting.plan.date if meeting else None
            elif step.place == _SMT:
                assert day is not None
                day += dt.timedelta(days=rng.randint(*SMT_DELAY))
                day += dt.timedelta(days=(1 - day.weekday()) % 7)  # SMT meets on Tuesdays
                meeting = None
                step.body = rec.route
            else:  # _LATER: reported at the Steering Group's next meeting
                assert day is not None
                due = day + dt.timedelta(days=rng.randint(*IMPLEMENTATION_DELAY))
                meeting = self._next_held(self.steering, due, inclusive=True)
                day = meeting.plan.date if meeting else None
            if day is None or day > self.end:
                break
            step.day, step.meeting = day, meeting
            step.from_state = state
            state = step.to_state = rs.next_state(state, step.transition)
            if rs.decision_stage(step.from_state, step.transition) == rs.STAGE_SMT:
                step.body = "SMT" if step.transition == rs.T_SUBMITTED_TO_SMT else rec.route
            done.append(step)
        return done

    def _agenda(self, rec: RecPlan) -> None:
        """An agenda item for each meeting where the recommendation takes a step, and
        one at the next meeting planned to consider it, if it is waiting for one."""
        group = self.groups[rec.group]
        reference_group = group.kind == "reference"
        phrases = text.REFERENCE_REMIT_PHRASES if reference_group else text.WORKING_REMIT_PHRASES
        phrase = phrases[rec.remit % len(phrases)]
        entry: AgendaEntry | None = None
        for step in rec.steps:
            if step.meeting is None:
                continue
            if entry is None or entry.meeting is not step.meeting:
                kind = self.groups[step.meeting.plan.group].kind
                entry = AgendaEntry(rec, step.meeting, group.name, phrase, kind)
                self.entries.setdefault(step.meeting.id, []).append(entry)
            entry.steps.append(step)
            step.entry = entry
            if step.transition in _CHAIR_DECISIONS and step.meeting.plan.group == self.steering:
                self.chair_present.add(step.meeting.id)
        waiting = {
            rs.DRAFT: rec.group,
            rs.REFERRED_BACK: rec.group,
            rs.SUBMITTED_TO_SG: self.steering,
            rs.DEFERRED_BY_SG: self.steering,
        }.get(rec.state)
        if waiting is not None:
            after = rec.steps[-1].day if rec.steps else rec.start.plan.date
            assert after is not None
            upcoming = next(
                (m for m in self.upcoming.get(waiting, []) if m.plan.date > after), None
            )
            if upcoming is not None:
                kind = self.groups[waiting].kind
                self.entries.setdefault(upcoming.id, []).append(
                    AgendaEntry(rec, upcoming, group.name, phrase, kind)
                )

    # --- rows ------------------------------------------------------------------------

    def recommendation_rows(self) -> tuple[list[Row], list[Row]]:
        """The recommendations and their remit links."""
        links = [
            {"id": self.new_id(), "recommendation_id": rec.id, "remit_item_id": item_id}
            for rec in self.recs
            for item_id in rec.remit_ids
        ]
        return [rec.row for rec in self.recs], links

    def _holder(self, code: str, on: dt.date, chair: bool) -> str:
        seats = self.seats[code]
        if chair:
            seat = next(s for s in seats if s.is_chair)
        else:  # the Project Lead reports on the strategy's progress
            seat = next((s for s in seats if "Project Lead" in s.title), seats[0])
        tenure = seat.holder(on)
        assert tenure is not None, f"{seat.title} is vacant on {on}"
        return tenure.person_id

    def _by(self, rec: RecPlan, step: Step) -> str:
        assert step.day is not None
        stage = rs.decision_stage(step.from_state, step.transition)
        if step.entry is not None and step.meeting is not None:
            if step.meeting.plan.group == rec.group:
                return step.entry.presenter_id  # who introduced it to the group
            if step.transition in _CHAIR_DECISIONS:
                return self._holder(self.steering, step.day, chair=True)
            return self._holder(self.steering, step.day, chair=False)
        assert stage == rs.STAGE_SMT and step.body is not None
        if step.transition == rs.T_SUBMITTED_TO_SMT:
            return self._holder(self.steering, step.day, chair=False)
        return self.deciders[step.body]

    def event_rows(self, bodies: Mapping[str, str]) -> EventRows:
        """The events of every recommendation, the chairs' decisions signed; call once
        the meetings are written (events name their agenda items' minute numbers).
        ``bodies``: body code -> id."""
        pending: list[tuple[RecPlan, Step, Row]] = []
        for rec in self.recs:
            latest = ""
            previous: str | None = None  # every step applies, so each follows the last
            for step in rec.steps:
                row = self._event(rec, step, bodies)
                assert row["at"] > latest, f"{rec.reference}: steps out of order"
                latest = row["at"]
                row["after_id"] = previous
                previous = row["id"]
                pending.append((rec, step, row))
        # Each chair is certified from the day of their first decision in the role.
        codes = {body_id: code for code, body_id in bodies.items()}
        codes.update((group_id, code) for code, group_id in self.group_ids.items())
        chairs: dict[str, dict[str, dt.date]] = {}
        for _, step, row in pending:
            if step.transition in rs.SIGNED_TRANSITIONS:
                code = codes[row["group_id"] or row["body_id"]]
                day = dt.datetime.fromisoformat(row["at"]).astimezone(dt.UTC).date()
                held = chairs.setdefault(row["by_id"], {})
                held[code] = min(held.get(code, day), day)
        registry = demo_registry(self.seed, chairs, self.start)
        events: list[Row] = []
        for _rec, step, row in pending:
            if step.transition in rs.SIGNED_TRANSITIONS:
                laptop = registry.laptops[row["by_id"]]
                row["signature"] = laptop.sign(approval_message_of(row)).hex()
                row["signer_laptop"] = laptop.laptop_id
            events.append(row)
        return EventRows(registry, events)

    def _event(self, rec: RecPlan, step: Step, bodies: Mapping[str, str]) -> Row:
        assert step.day is not None
        stage = rs.decision_stage(step.from_state, step.transition)
        minute_number = ""
        if step.entry is not None and step.meeting is not None:
            entry = step.entry
            start = step.meeting.start
            offset = 5 * entry.position + entry.steps.index(step)
            moment = london_time(step.day, start) + dt.timedelta(minutes=offset)
            if entry.minute_number is not None:
                minute_number = str(entry.minute_number)
        else:
            moment = london_time(step.day, dt.time(10, 0))
        group_id: str | None = None
        if stage == rs.STAGE_WORKING_GROUP:
            group_id = self.group_ids[rec.group]
        elif stage == rs.STAGE_STEERING_GROUP:
            group_id = self.group_ids[self.steering]
        return {
            "id": self.new_id(),
            "recommendation_id": rec.id,
            "transition": step.transition,
            "body_id": bodies[step.body] if stage == rs.STAGE_SMT and step.body else None,
            "group_id": group_id,
            "meeting_id": step.meeting.id if step.meeting is not None else None,
            "minute_number": minute_number,
            "by_id": self._by(rec, step),
            "at": iso_utc(moment),
            "note": format_note(step, rec.ctx),
            "content_hash": rec.hash,
            "signature": "",
            "signer_key_id": None,
            "signer_laptop": None,
        }


# --- the Action Plan's milestones ----------------------------------------------------


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
