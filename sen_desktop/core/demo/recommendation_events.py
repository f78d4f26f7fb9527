"""The rows a demo's recommendations leave: the recommendations with their remit links, and
the events of their histories, each dated at its meeting (London time), by whoever
presented or decided it, the chairs' decisions signed on laptops the demo programme's
root certified (``registry.demo_registry``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sen_desktop.core.demo.recommendation_steps import (
    CHAIR_DECISIONS,
    RecPlan,
    Step,
    format_note,
    london_time,
)
from sen_desktop.core.demo.registry import DemoRegistry, demo_registry
from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.recommendations.checks import iso_utc
from sen_desktop.core.recommendations.signing import approval_message_of

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sen_desktop.core.demo.recommendations import (
        RecommendationPlanner,
    )
    from sen_desktop.core.demo.records import Row


@dataclass(frozen=True)
class EventRows:
    registry: DemoRegistry  # the demo programme's root and chairs' certified laptops
    events: list[Row]


def recommendation_rows(planner: RecommendationPlanner) -> tuple[list[Row], list[Row]]:
    """The recommendations and their remit links."""
    links = [
        {"id": planner.new_id(), "recommendation_id": rec.id, "remit_item_id": item_id}
        for rec in planner.recs
        for item_id in rec.remit_ids
    ]
    return [rec.row for rec in planner.recs], links


def _holder(planner: RecommendationPlanner, code: str, on: dt.date, chair: bool) -> str:
    seats = planner.seats[code]
    if chair:
        seat = next(s for s in seats if s.is_chair)
    else:  # the Project Lead reports on the strategy's progress
        seat = next((s for s in seats if "Project Lead" in s.title), seats[0])
    tenure = seat.holder(on)
    assert tenure is not None, f"{seat.title} is vacant on {on}"
    return tenure.person_id


def _by(planner: RecommendationPlanner, rec: RecPlan, step: Step) -> str:
    assert step.day is not None
    stage = rs.decision_stage(step.from_state, step.transition)
    if step.entry is not None and step.meeting is not None:
        if step.meeting.plan.group == rec.group:
            return step.entry.presenter_id  # who introduced it to the group
        if step.transition in CHAIR_DECISIONS:
            return _holder(planner, planner.steering, step.day, chair=True)
        return _holder(planner, planner.steering, step.day, chair=False)
    assert stage == rs.STAGE_SMT and step.body is not None
    if step.transition == rs.T_SUBMITTED_TO_SMT:
        return _holder(planner, planner.steering, step.day, chair=False)
    return planner.deciders[step.body]


def event_rows(planner: RecommendationPlanner, bodies: Mapping[str, str]) -> EventRows:
    """The events of every recommendation, the chairs' decisions signed; call once
    the meetings are written (events name their agenda items' minute numbers).
    ``bodies``: body code -> id."""
    pending: list[tuple[RecPlan, Step, Row]] = []
    for rec in planner.recs:
        latest = ""
        previous: str | None = None  # every step applies, so each follows the last
        for step in rec.steps:
            row = _event(planner, rec, step, bodies)
            assert row["at"] > latest, f"{rec.reference}: steps out of order"
            latest = row["at"]
            row["after_id"] = previous
            previous = row["id"]
            pending.append((rec, step, row))
    # Each chair is certified from the day of their first decision in the role.
    codes = {body_id: code for code, body_id in bodies.items()}
    codes.update((group_id, code) for code, group_id in planner.group_ids.items())
    chairs: dict[str, dict[str, dt.date]] = {}
    for _, step, row in pending:
        if step.transition in rs.SIGNED_TRANSITIONS:
            code = codes[row["group_id"] or row["body_id"]]
            day = dt.datetime.fromisoformat(row["at"]).astimezone(dt.UTC).date()
            held = chairs.setdefault(row["by_id"], {})
            held[code] = min(held.get(code, day), day)
    registry = demo_registry(planner.seed, chairs, planner.start)
    events: list[Row] = []
    for _rec, step, row in pending:
        if step.transition in rs.SIGNED_TRANSITIONS:
            laptop = registry.laptops[row["by_id"]]
            row["signature"] = laptop.sign(approval_message_of(row)).hex()
            row["signer_laptop"] = laptop.laptop_id
        events.append(row)
    return EventRows(registry, events)


def _event(
    planner: RecommendationPlanner, rec: RecPlan, step: Step, bodies: Mapping[str, str]
) -> Row:
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
        group_id = planner.group_ids[rec.group]
    elif stage == rs.STAGE_STEERING_GROUP:
        group_id = planner.group_ids[planner.steering]
    return {
        "id": planner.new_id(),
        "recommendation_id": rec.id,
        "transition": step.transition,
        "body_id": bodies[step.body] if stage == rs.STAGE_SMT and step.body else None,
        "group_id": group_id,
        "meeting_id": step.meeting.id if step.meeting is not None else None,
        "minute_number": minute_number,
        "by_id": _by(planner, rec, step),
        "at": iso_utc(moment),
        "note": format_note(step, rec.ctx),
        "content_hash": rec.hash,
        "signature": "",
        "signer_key_id": None,
        "signer_laptop": None,
    }
