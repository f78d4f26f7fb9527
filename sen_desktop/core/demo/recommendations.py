"""The recommendations of a demo programme: raised, decided along the pathway, signed.

Each working group and the Parent/Carer Reference Group raises a handful of
recommendations a year (``PER_YEAR``; scale K multiplies it by 1 + (K - 1) / 3), each
answering a point of its group's remit, with a title, text, rationale, tier, districts
(often county-wide), implications (some left empty) and the reference group's view
from the banks in ``text``. Each then has a history of events, as
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
meeting (``recommendation_steps.AgendaEntry``, written by ``meetings.MeetingWriter`` with
its minute and "RESOLVED that" points), and the event names that item's minute number. Steps are
dated in order and never after the last meeting held, so a recommendation raised
lately is still on its way. Given a year of meetings, every state of
``core.recommendations.states`` is reached (``_SHOWCASE``): a final outcome goes to the
earliest recommendation with time for its path, a state on the way to the latest; the
others aim at an outcome drawn at random (``_TARGET_WEIGHTS``), with the odd referral,
deferral or amendment on the way.

Signatures. Each chair signs on a laptop the demo programme's root certified as theirs
(``registry.demo_registry``): the root, the laptops and their keys are derived from the
seed and kept in memory, never the OS keyring; Ed25519 signing is deterministic, so the same
seed gives the same signatures. The root and the certificates go into the demo folder's
registry tables, so every decision verifies as in a real programme (docs/TRUST.md
"Chairs"). Each decision's content hash is the recommendation's content as written
(amendments are in the text from the start, and the note says what they were), so
every signature verifies.

``recommendation_events`` makes the rows of the recommendations and their events;
``milestones.milestone_plan`` links the Annex 2 milestones to what delivers them.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import random
from typing import TYPE_CHECKING, Any, Final

from sen_desktop.core.demo import text
from sen_desktop.core.demo.plan import START, GroupPlan
from sen_desktop.core.demo.recommendation_steps import (
    AT_LATER,
    AT_SAME,
    AT_SG,
    AT_SMT,
    AT_WG,
    CHAIR_DECISIONS,
    TITLE_MAX,
    AgendaEntry,
    RecPlan,
    Step,
    month_name,
)
from sen_desktop.core.programme import data as plan_data
from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.recommendations.signing import content_hash
from sen_desktop.core.store.models import DIMENSIONS, TIERS

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from sen_desktop.core.demo.people import SeatState
    from sen_desktop.core.demo.records import MeetingState

PER_YEAR: Final = (4, 6)
"""Recommendations each raising group makes a year, at scale 1."""


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
            "month": month_name(day + dt.timedelta(days=rng.randint(60, 150))),
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
            return [Step(rs.T_WITHDRAWN, AT_WG, rng.choice(text.WITHDRAWAL_REASONS))]
        steps.append(Step(rs.T_AGREED, AT_WG))
        if target == rs.AGREED:
            return steps
        steps.append(Step(rs.T_SUBMITTED_TO_SG, AT_SAME))
        if target == rs.SUBMITTED_TO_SG:
            return steps
        referred = Step(rs.T_REFERRED_BACK, AT_SG, rng.choice(text.REFERRAL_REASONS))
        if target == rs.REFERRED_BACK:
            return [*steps, referred]
        if maybe(0.15):
            steps += [referred, Step(rs.T_AGREED, AT_WG), Step(rs.T_SUBMITTED_TO_SG, AT_SAME)]
        deferred = Step(rs.T_DEFERRED, AT_SG, rng.choice(text.DEFERRAL_REASONS))
        if target == rs.DEFERRED_BY_SG:
            return [*steps, deferred]
        if maybe(0.15):
            steps.append(deferred)
        if target == rs.WITHDRAWN:
            return [*steps, Step(rs.T_WITHDRAWN, AT_SG, rng.choice(text.WITHDRAWAL_REASONS))]
        if target == rs.NOT_ENDORSED:
            return [*steps, Step(rs.T_NOT_ENDORSED, AT_SG, rng.choice(text.NOT_ENDORSED_REASONS))]
        amended = target in (rs.ENDORSED_WITH_AMENDMENTS, rs.APPROVED_WITH_AMENDMENTS) or (
            target != rs.ENDORSED and maybe(0.2)
        )
        if amended:
            steps.append(
                Step(rs.T_ENDORSED_WITH_AMENDMENTS, AT_SG, rng.choice(text.AMENDMENT_NOTES))
            )
        else:
            steps.append(Step(rs.T_ENDORSED, AT_SG))
        if target in (rs.ENDORSED, rs.ENDORSED_WITH_AMENDMENTS):
            return steps
        steps.append(Step(rs.T_SUBMITTED_TO_SMT, AT_SAME))
        if target == rs.SUBMITTED_TO_SMT:
            return steps
        smt_deferred = Step(rs.T_DEFERRED, AT_SMT, rng.choice(text.SMT_NOTES["deferred"]))
        if target == rs.DEFERRED_BY_SMT:
            return [*steps, smt_deferred]
        if maybe(0.15):
            steps.append(smt_deferred)
        if target in (rs.REJECTED, rs.NOTED):
            return [*steps, Step(target, AT_SMT, rng.choice(text.SMT_NOTES[target]))]
        if target == rs.APPROVED_WITH_AMENDMENTS or (target != rs.APPROVED and maybe(0.2)):
            steps.append(
                Step(rs.T_APPROVED_WITH_AMENDMENTS, AT_SMT, rng.choice(text.AMENDMENT_NOTES))
            )
        else:
            note = rng.choice(text.SMT_NOTES["approved"])
            if rec.route == "Cabinet":
                note = f"Key decision {rec.row['decision_no']}. {note}".strip()
            steps.append(Step(rs.T_APPROVED, AT_SMT, note))
        if target == rs.IMPLEMENTED:
            steps.append(Step(rs.T_IMPLEMENTED, AT_LATER, rng.choice(text.IMPLEMENTATION_NOTES)))
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
            if step.place == AT_SAME:
                pass  # the same meeting and day as the step before
            elif step.place == AT_WG:
                meeting = rec.start if day is None else self._next_held(rec.group, day)
                day = meeting.plan.date if meeting else None
            elif step.place == AT_SG:
                assert day is not None
                meeting = self._next_held(self.steering, day)
                day = meeting.plan.date if meeting else None
            elif step.place == AT_SMT:
                assert day is not None
                day += dt.timedelta(days=rng.randint(*SMT_DELAY))
                day += dt.timedelta(days=(1 - day.weekday()) % 7)  # SMT meets on Tuesdays
                meeting = None
                step.body = rec.route
            else:  # AT_LATER: reported at the Steering Group's next meeting
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
            if step.transition in CHAIR_DECISIONS and step.meeting.plan.group == self.steering:
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
