"""Deriving a recommendation's state from its events: pure, no database, no clock.

A recommendation's state is never stored. It is derived from its append-only events,
so two laptops holding the same events show the same state whatever order the
bundles arrived in; the pathway itself (states, transitions, what each allows) is in
core/recommendations/states.py.

Deriving the state (``derive_state``): duplicates (the same event id delivered twice)
count once. Each event names the event it was recorded after (``after_id``: the last
step the recording laptop had applied; see ``head_of``), and events are applied in a
causal order: an event comes after the event it names, and otherwise (at, id) decides
— the recording laptop's wall clock, which may be wrong, and the id as the tie-break.
An event naming no event (recorded before events named one, or the first step) or
one not delivered yet is placed by (at, id) alone. The order depends only on the set
of events, never on delivery order.

Applying an event in that order:
- not verified (its signature fails, or a chair's decision is unsigned): skipped and
  flagged;
- *concurrent*: it names an event, and the last event applied so far is not that
  event nor one it was recorded after (directly or further back), so it was recorded
  without seeing a step applied since — on another laptop, before the two exchanged.
  It is kept and flagged, never applied, whatever its time says: as a *repeat* when it
  is the same decision as the first step it did not see, else as a *conflict* naming
  that step. Two events naming the same event: the first in (at, id) that applies
  stands, the other is flagged;
- a transition the current state does not allow is flagged and not applied — as a
  *conflict* when an earlier state on the way allowed it (two decisions made from the
  same state: both are kept, the first in order stands, and the pair is flagged), or
  as a *repeat* when it is the same decision again, else as *invalid*.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from sen_desktop.core.recommendations.states import (
    DRAFT,
    FLAG_CONFLICT,
    FLAG_DUPLICATE_ID,
    FLAG_INVALID,
    FLAG_NOT_VERIFIED,
    FLAG_REPEAT,
    MACHINE,
    SUBMISSIONS,
    T_IMPLEMENTED,
    T_WITHDRAWN,
    TRANSITION_LABELS,
    refusal_message,
    state_label,
    transition_label,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping


class EventLike(Protocol):
    """What ``derive_state`` reads of an event (RecommendationEvent-like records)."""

    @property
    def id(self) -> str: ...

    @property
    def transition(self) -> str: ...

    @property
    def at(self) -> str: ...  # ISO-8601 UTC, one format throughout

    @property
    def verified(self) -> bool: ...

    @property
    def after_id(self) -> str | None: ...  # the event it was recorded after, if known


@dataclass(frozen=True)
class Event:
    """A plain event for ``derive_state``; the service builds these from its rows."""

    id: str
    transition: str
    at: str
    verified: bool = True
    after_id: str | None = None
    by_id: str | None = None
    meeting_id: str | None = None
    minute_number: str = ""
    note: str = ""


E = TypeVar("E", bound=EventLike)


@dataclass(frozen=True)
class Flag:
    """Something about an event a person should see; the event did not count
    (except ``duplicate_id``, where one of the two records counted)."""

    event_id: str
    kind: str  # FLAG_*
    message: str
    # For a conflict: the event that was applied from the same state.
    other_event_id: str | None = None


@dataclass(frozen=True)
class Step(Generic[E]):
    """One event in the total order, with the state before and after it."""

    event: E
    from_state: str
    to_state: str  # equals from_state when the event was not applied
    applied: bool
    flag: str = ""  # "" or FLAG_*


@dataclass(frozen=True)
class StateView(Generic[E]):
    state: str
    history: tuple[Step[E], ...]  # every distinct event, in the causal order
    flags: tuple[Flag, ...]

    @property
    def label(self) -> str:
        return state_label(self.state)

    @property
    def in_conflict(self) -> bool:
        """Two contradictory decisions were recorded from the same state."""
        return any(f.kind == FLAG_CONFLICT for f in self.flags)

    def applied(self) -> tuple[Step[E], ...]:
        return tuple(step for step in self.history if step.applied)


def _order(event: EventLike) -> tuple[str, str]:
    return (event.at, event.id)


def _dedupe(events: Iterable[E]) -> tuple[list[E], list[Flag]]:
    """One event per id. Copies of the same event collapse silently; two different
    records with one id (which a healthy store never holds) keep the least by
    (at, transition, verified, after_id) and are flagged, so the choice is
    order-independent."""
    by_id: dict[str, list[E]] = {}
    for event in events:
        by_id.setdefault(event.id, []).append(event)
    kept: list[E] = []
    flags: list[Flag] = []
    for event_id, copies in by_id.items():
        best = min(copies, key=_record_key)
        kept.append(best)
        if any(_record_key(e) != _record_key(best) for e in copies):
            flags.append(
                Flag(
                    event_id,
                    FLAG_DUPLICATE_ID,
                    "Two different records share this event's id; the earlier one is used.",
                )
            )
    return kept, flags


def _record_key(event: EventLike) -> tuple[str, str, bool, str]:
    return (event.at, event.transition, event.verified, event.after_id or "")


def _causal_order(events: list[E]) -> list[E]:
    """Every event after the event it names (when that is here), otherwise by (at, id):
    of the events whose predecessor is placed (or who name none here), the least by
    (at, id) comes next. A loop of names (which no laptop records) is broken at its
    least event by (at, id)."""
    by_id = {e.id: e for e in events}
    children: dict[str, list[E]] = {}
    ready: list[tuple[tuple[str, str], E]] = []
    for event in events:
        parent = event.after_id
        if parent is not None and parent in by_id and parent != event.id:
            children.setdefault(parent, []).append(event)
        else:
            ready.append((_order(event), event))
    heapq.heapify(ready)
    placed: set[str] = set()
    ordered: list[E] = []
    while len(ordered) < len(events):
        if not ready:
            rest = min((e for e in events if e.id not in placed), key=_order)
            ready.append((_order(rest), rest))
        _, event = heapq.heappop(ready)
        if event.id in placed:
            continue
        placed.add(event.id)
        ordered.append(event)
        for child in children.get(event.id, ()):
            if child.id not in placed:
                heapq.heappush(ready, (_order(child), child))
    return ordered


def _lineage(event: EventLike, by_id: Mapping[str, EventLike]) -> set[str]:
    """The ids of ``event`` and the events it was recorded after, as far back as the
    names reach among ``by_id``."""
    seen = {event.id}
    parent = event.after_id
    while parent is not None and parent in by_id and parent not in seen:
        seen.add(parent)
        parent = by_id[parent].after_id
    return seen


def derive_state(events: Iterable[E]) -> StateView[E]:
    """The state the events lead to, from Draft; the same for any order or duplication
    of the same events (see the module docstring for the rules)."""
    distinct, flags = _dedupe(events)
    ordered = _causal_order(distinct)
    by_id: dict[str, EventLike] = {e.id: e for e in ordered}
    placed: set[str] = set()
    state = DRAFT
    history: list[Step[E]] = []
    last_applied: str | None = None
    for event in ordered:
        placed.add(event.id)
        if not event.verified:
            history.append(Step(event, state, state, False, FLAG_NOT_VERIFIED))
            flags.append(
                Flag(
                    event.id,
                    FLAG_NOT_VERIFIED,
                    f"{transition_label(event.transition)} is not verified, so it does not count.",
                )
            )
            continue
        parent = event.after_id
        if (
            last_applied is not None
            and parent is not None
            and parent != event.id
            and parent in placed  # placed before it: a causal link, not a fallback
            and last_applied not in _lineage(event, by_id)
        ):
            flag, message, other = _unseen(event, history, by_id)
            history.append(Step(event, state, state, False, flag))
            flags.append(Flag(event.id, flag, message, other))
            continue
        moves = MACHINE.get(state, {})
        if event.transition in moves:
            target = moves[event.transition]
            history.append(Step(event, state, target, True))
            state = target
            last_applied = event.id
            continue
        flag, message, other = _why_not(state, event, history)
        history.append(Step(event, state, state, False, flag))
        flags.append(Flag(event.id, flag, message, other))
    return StateView(state=state, history=tuple(history), flags=tuple(flags))


def head_of(view: StateView[E]) -> str | None:
    """The event a step recorded now follows (its ``after_id``): the last event in the
    history that the last applied step leads to — that step itself, or a later one
    recorded after it (an unsigned decision awaiting its chair, say) — but never a
    step recorded without seeing it. None when nothing has been applied yet."""
    applied = [step.event.id for step in view.history if step.applied]
    if not applied:
        return None
    by_id: dict[str, EventLike] = {step.event.id: step.event for step in view.history}
    return next(
        step.event.id
        for step in reversed(view.history)
        if applied[-1] in _lineage(step.event, by_id)
    )


def _unseen(
    event: E, history: list[Step[E]], by_id: Mapping[str, EventLike]
) -> tuple[str, str, str | None]:
    """Flag an event recorded without seeing steps applied since the last applied one
    it was recorded after: a repeat of the first of them, or a conflict with it."""
    lineage = _lineage(event, by_id)
    seen = max(
        (i for i, s in enumerate(history) if s.applied and s.event.id in lineage), default=-1
    )
    unseen = [step.event for step in history[seen + 1 :] if step.applied]
    label = transition_label(event.transition)
    assert unseen  # the last applied step is not in its lineage, so it comes after
    first = unseen[0]
    other = transition_label(first.transition)
    if first.transition == event.transition:
        return (
            FLAG_REPEAT,
            f"{label} was recorded twice, on laptops that had not yet seen each other's "
            "record; the later record does not count again.",
            first.id,
        )
    more = len(unseen) - 1
    also = f" and {more} later step{'s' if more != 1 else ''}" if more else ""
    return (
        FLAG_CONFLICT,
        f"{label} contradicts {other}: it was recorded without knowing of {other}{also}, "
        f"on a laptop that had not yet received it; both are kept, and {other} stands "
        "until someone resolves it.",
        first.id,
    )


def _why_not(state: str, event: E, history: list[Step[E]]) -> tuple[str, str, str | None]:
    label = transition_label(event.transition)
    if event.transition not in TRANSITION_LABELS:
        return (
            FLAG_INVALID,
            f"“{event.transition}” is not a step a recommendation can take.",
            None,
        )
    # Walk back over the applied steps: was this decision open from a state already
    # left? Then it was taken without knowing of the event that left that state.
    for step in reversed(history):
        if not step.applied or event.transition not in MACHINE.get(step.from_state, {}):
            continue
        sibling = step.event
        if sibling.transition == event.transition:
            return (
                FLAG_REPEAT,
                f"{label} was recorded twice; the later record does not count again.",
                sibling.id,
            )
        return (
            FLAG_CONFLICT,
            f"{label} contradicts {transition_label(sibling.transition)}, recorded for the "
            "same stage; the earlier decision stands until someone resolves it.",
            sibling.id,
        )
    return (FLAG_INVALID, refusal_message(state, event.transition), None)


def considered_steps(view: StateView[E]) -> tuple[Step[E], ...]:
    """The applied steps at which a body considered the recommendation (the "Past
    Pathway"): agreeing, and every Steering Group and SMT and Members decision,
    deferrals included; submissions, withdrawal and implementation are not
    considerations."""
    skipped = SUBMISSIONS | {T_WITHDRAWN, T_IMPLEMENTED}
    return tuple(s for s in view.history if s.applied and s.event.transition not in skipped)
