"""The recommendation pathway as a pure state machine: no database, no clock.

A recommendation's state is never stored. It is derived from its append-only events,
so two laptops holding the same events show the same state whatever order the
bundles arrived in. The pathway (issue 4, the Project Plan's remit of the groups):

    Draft ─agreed─> Agreed by working group ─submitted_to_sg─> Submitted to Steering Group
    Submitted to Steering Group ─endorsed / endorsed_with_amendments─> Endorsed …
                                ─referred_back─> Referred back to working group
                                ─deferred─> Deferred by Steering Group
                                ─not_endorsed─> Not endorsed (final)
    Endorsed … ─submitted_to_smt─> Submitted to SMT and Members
    Submitted to SMT and Members ─approved / approved_with_amendments─> Approved …
                                 ─deferred─> Deferred by SMT and Members
                                 ─rejected / noted─> Rejected / Noted (final)
    Approved … ─implemented─> Implemented (final)
    any state before a final decision ─withdrawn─> Withdrawn (final)

Decisions made here:
- "Referred back" returns the recommendation to its working group: the state
  "Referred back to working group" behaves like Draft (it can be agreed again, or
  withdrawn) and the service requires the reason.
- "Deferred" keeps it before the same body: "Deferred by Steering Group" allows exactly
  what "Submitted to Steering Group" allows (including deferring again), and likewise
  for SMT and Members. The one transition name ``deferred`` serves both bodies; the
  state it leaves from says which.
- Only an endorsed recommendation (with or without amendments) goes to SMT and
  Members; only an approved one (with or without amendments) can be implemented.
- Withdrawn is allowed from every state before a final decision; the final states
  (Not endorsed, Rejected, Noted, Implemented, Withdrawn) allow nothing, and Approved
  allows only Implemented.

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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final, Generic, Protocol, TypeVar

from sen_desktop.core.errors import ValidationError

# --- states -------------------------------------------------------------------------

DRAFT: Final = "draft"
REFERRED_BACK: Final = "referred_back"
AGREED: Final = "agreed"
SUBMITTED_TO_SG: Final = "submitted_to_sg"
DEFERRED_BY_SG: Final = "deferred_by_sg"
ENDORSED: Final = "endorsed"
ENDORSED_WITH_AMENDMENTS: Final = "endorsed_with_amendments"
NOT_ENDORSED: Final = "not_endorsed"
SUBMITTED_TO_SMT: Final = "submitted_to_smt"
DEFERRED_BY_SMT: Final = "deferred_by_smt"
APPROVED: Final = "approved"
APPROVED_WITH_AMENDMENTS: Final = "approved_with_amendments"
REJECTED: Final = "rejected"
NOTED: Final = "noted"
IMPLEMENTED: Final = "implemented"
WITHDRAWN: Final = "withdrawn"

STATES: Final = (
    DRAFT,
    REFERRED_BACK,
    AGREED,
    SUBMITTED_TO_SG,
    DEFERRED_BY_SG,
    ENDORSED,
    ENDORSED_WITH_AMENDMENTS,
    NOT_ENDORSED,
    SUBMITTED_TO_SMT,
    DEFERRED_BY_SMT,
    APPROVED,
    APPROVED_WITH_AMENDMENTS,
    REJECTED,
    NOTED,
    IMPLEMENTED,
    WITHDRAWN,
)

STATE_LABELS: Final[Mapping[str, str]] = {
    DRAFT: "Draft",
    REFERRED_BACK: "Referred back to working group",
    AGREED: "Agreed by working group",
    SUBMITTED_TO_SG: "Submitted to Steering Group",
    DEFERRED_BY_SG: "Deferred by Steering Group",
    ENDORSED: "Endorsed",
    ENDORSED_WITH_AMENDMENTS: "Endorsed with amendments",
    NOT_ENDORSED: "Not endorsed",
    SUBMITTED_TO_SMT: "Submitted to SMT and Members",
    DEFERRED_BY_SMT: "Deferred by SMT and Members",
    APPROVED: "Approved",
    APPROVED_WITH_AMENDMENTS: "Approved with amendments",
    REJECTED: "Rejected",
    NOTED: "Noted",
    IMPLEMENTED: "Implemented",
    WITHDRAWN: "Withdrawn",
}

FINAL_STATES: Final = frozenset({NOT_ENDORSED, REJECTED, NOTED, IMPLEMENTED, WITHDRAWN})

# --- transitions (the value stored in recommendation_event.transition) ---------------

T_AGREED: Final = "agreed"
T_SUBMITTED_TO_SG: Final = "submitted_to_sg"
T_ENDORSED: Final = "endorsed"
T_ENDORSED_WITH_AMENDMENTS: Final = "endorsed_with_amendments"
T_REFERRED_BACK: Final = "referred_back"
T_DEFERRED: Final = "deferred"
T_NOT_ENDORSED: Final = "not_endorsed"
T_SUBMITTED_TO_SMT: Final = "submitted_to_smt"
T_APPROVED: Final = "approved"
T_APPROVED_WITH_AMENDMENTS: Final = "approved_with_amendments"
T_REJECTED: Final = "rejected"
T_NOTED: Final = "noted"
T_IMPLEMENTED: Final = "implemented"
T_WITHDRAWN: Final = "withdrawn"

TRANSITIONS: Final = (
    T_AGREED,
    T_SUBMITTED_TO_SG,
    T_ENDORSED,
    T_ENDORSED_WITH_AMENDMENTS,
    T_REFERRED_BACK,
    T_DEFERRED,
    T_NOT_ENDORSED,
    T_SUBMITTED_TO_SMT,
    T_APPROVED,
    T_APPROVED_WITH_AMENDMENTS,
    T_REJECTED,
    T_NOTED,
    T_IMPLEMENTED,
    T_WITHDRAWN,
)

TRANSITION_LABELS: Final[Mapping[str, str]] = {
    T_AGREED: "Agreed by working group",
    T_SUBMITTED_TO_SG: "Submitted to Steering Group",
    T_ENDORSED: "Endorsed",
    T_ENDORSED_WITH_AMENDMENTS: "Endorsed with amendments",
    T_REFERRED_BACK: "Referred back",
    T_DEFERRED: "Deferred",
    T_NOT_ENDORSED: "Not endorsed",
    T_SUBMITTED_TO_SMT: "Submitted to SMT and Members",
    T_APPROVED: "Approved",
    T_APPROVED_WITH_AMENDMENTS: "Approved with amendments",
    T_REJECTED: "Rejected",
    T_NOTED: "Noted",
    T_IMPLEMENTED: "Implemented",
    T_WITHDRAWN: "Withdrawn",
}

# How the refusal message names a step: "it must first be <phrase>".
_STEP_PHRASES: Final[Mapping[str, str]] = {
    T_AGREED: "agreed by its working group",
    T_SUBMITTED_TO_SG: "submitted to the Steering Group",
    T_ENDORSED: "endorsed by the Steering Group",
    T_ENDORSED_WITH_AMENDMENTS: "endorsed by the Steering Group",
    T_SUBMITTED_TO_SMT: "submitted to SMT and Members",
    T_APPROVED: "approved by SMT and Members",
    T_APPROVED_WITH_AMENDMENTS: "approved by SMT and Members",
}

# The decisions a chair signs (Ed25519): they count only when the signature verifies.
SIGNED_TRANSITIONS: Final = frozenset(
    {T_ENDORSED, T_ENDORSED_WITH_AMENDMENTS, T_APPROVED, T_APPROVED_WITH_AMENDMENTS}
)
APPROVAL_TRANSITIONS: Final = frozenset({T_APPROVED, T_APPROVED_WITH_AMENDMENTS})
SUBMISSIONS: Final = frozenset({T_SUBMITTED_TO_SG, T_SUBMITTED_TO_SMT})
# Decisions that need a written note: what was asked of the group, why it was refused,
# or the amendment made. The decision report prints it (FORMATS.md, "Recommendation
# paper"), so a decision without it would leave the paper unable to say what was decided.
NOTE_REQUIRED: Final[Mapping[str, str]] = {
    T_REFERRED_BACK: (
        "Enter the reason it was referred back, so the working group knows what to change."
    ),
    T_NOT_ENDORSED: "Enter the reason the Steering Group did not endorse it.",
    T_REJECTED: "Enter the reason it was rejected.",
    T_ENDORSED_WITH_AMENDMENTS: "Enter the amendments the Steering Group made.",
    T_APPROVED_WITH_AMENDMENTS: "Enter the amendments made when it was approved.",
}
REASON_REQUIRED: Final = frozenset(NOTE_REQUIRED)
# How the window labels the note for each of them ("&Reason (required):" …).
NOTE_LABELS: Final[Mapping[str, str]] = {
    T_REFERRED_BACK: "Reason it was referred back",
    T_NOT_ENDORSED: "Reason it was not endorsed",
    T_REJECTED: "Reason it was rejected",
    T_ENDORSED_WITH_AMENDMENTS: "Amendments made",
    T_APPROVED_WITH_AMENDMENTS: "Amendments made",
}
AMENDING_TRANSITIONS: Final = frozenset({T_ENDORSED_WITH_AMENDMENTS, T_APPROVED_WITH_AMENDMENTS})

_BEFORE_SG: Final = {
    T_ENDORSED: ENDORSED,
    T_ENDORSED_WITH_AMENDMENTS: ENDORSED_WITH_AMENDMENTS,
    T_REFERRED_BACK: REFERRED_BACK,
    T_DEFERRED: DEFERRED_BY_SG,
    T_NOT_ENDORSED: NOT_ENDORSED,
    T_WITHDRAWN: WITHDRAWN,
}
_BEFORE_SMT: Final = {
    T_APPROVED: APPROVED,
    T_APPROVED_WITH_AMENDMENTS: APPROVED_WITH_AMENDMENTS,
    T_DEFERRED: DEFERRED_BY_SMT,
    T_REJECTED: REJECTED,
    T_NOTED: NOTED,
    T_WITHDRAWN: WITHDRAWN,
}

# state -> {transition: next state}; dict order is the order offered to a person.
MACHINE: Final[Mapping[str, Mapping[str, str]]] = {
    DRAFT: {T_AGREED: AGREED, T_WITHDRAWN: WITHDRAWN},
    REFERRED_BACK: {T_AGREED: AGREED, T_WITHDRAWN: WITHDRAWN},
    AGREED: {T_SUBMITTED_TO_SG: SUBMITTED_TO_SG, T_WITHDRAWN: WITHDRAWN},
    SUBMITTED_TO_SG: _BEFORE_SG,
    DEFERRED_BY_SG: _BEFORE_SG,
    ENDORSED: {T_SUBMITTED_TO_SMT: SUBMITTED_TO_SMT, T_WITHDRAWN: WITHDRAWN},
    ENDORSED_WITH_AMENDMENTS: {T_SUBMITTED_TO_SMT: SUBMITTED_TO_SMT, T_WITHDRAWN: WITHDRAWN},
    NOT_ENDORSED: {},
    SUBMITTED_TO_SMT: _BEFORE_SMT,
    DEFERRED_BY_SMT: _BEFORE_SMT,
    APPROVED: {T_IMPLEMENTED: IMPLEMENTED},
    APPROVED_WITH_AMENDMENTS: {T_IMPLEMENTED: IMPLEMENTED},
    REJECTED: {},
    NOTED: {},
    IMPLEMENTED: {},
    WITHDRAWN: {},
}

# Where each state sits on the pathway: who considers it next.
STAGE_WORKING_GROUP: Final = "working_group"
STAGE_STEERING_GROUP: Final = "steering_group"
STAGE_SMT: Final = "smt_and_members"
STAGE_DONE: Final = "done"

_STATE_STAGE: Final[Mapping[str, str]] = {
    DRAFT: STAGE_WORKING_GROUP,
    REFERRED_BACK: STAGE_WORKING_GROUP,
    AGREED: STAGE_STEERING_GROUP,
    SUBMITTED_TO_SG: STAGE_STEERING_GROUP,
    DEFERRED_BY_SG: STAGE_STEERING_GROUP,
    ENDORSED: STAGE_SMT,
    ENDORSED_WITH_AMENDMENTS: STAGE_SMT,
    SUBMITTED_TO_SMT: STAGE_SMT,
    DEFERRED_BY_SMT: STAGE_SMT,
}


def _check_tables() -> None:
    # Import-time guard: a state or transition added to one table but not the others
    # would otherwise surface as a KeyError in a screen.
    assert set(MACHINE) == set(STATES) == set(STATE_LABELS)
    assert set(TRANSITION_LABELS) == set(TRANSITIONS)
    for moves in MACHINE.values():
        assert set(moves) <= set(TRANSITIONS)
        assert set(moves.values()) <= set(STATES)


_check_tables()


def state_label(state: str) -> str:
    return STATE_LABELS.get(state, state)


def transition_label(transition: str) -> str:
    return TRANSITION_LABELS.get(transition, transition)


def allowed_transitions(state: str) -> tuple[str, ...]:
    """The transitions a recommendation in ``state`` may take, in the order to offer them."""
    return tuple(MACHINE.get(state, {}))


def next_state(state: str, transition: str) -> str:
    """The state after ``transition``; ValidationError if it is not allowed."""
    check_transition(state, transition)
    return MACHINE[state][transition]


def stage_of(state: str) -> str:
    """Who considers a recommendation in ``state`` next: working group, Steering Group,
    SMT and Members, or nobody (``STAGE_DONE``: approved, or a final state)."""
    return _STATE_STAGE.get(state, STAGE_DONE)


def decision_stage(from_state: str, transition: str) -> str:
    """The body that took ``transition`` from ``from_state``: the working group agrees
    (and withdraws before submission), the Steering Group decides on what was submitted
    to it, SMT and Members on what was submitted to them; implementation is
    ``STAGE_DONE``."""
    if transition == T_IMPLEMENTED:
        return STAGE_DONE
    if transition == T_SUBMITTED_TO_SG:
        return STAGE_STEERING_GROUP
    if transition == T_SUBMITTED_TO_SMT:
        return STAGE_SMT
    if from_state in (SUBMITTED_TO_SG, DEFERRED_BY_SG):
        return STAGE_STEERING_GROUP
    if from_state in (SUBMITTED_TO_SMT, DEFERRED_BY_SMT):
        return STAGE_SMT
    return STAGE_WORKING_GROUP


def check_transition(state: str, transition: str) -> None:
    """Raise ValidationError (field "transition") unless ``state`` allows ``transition``.

    The message says what has to happen first, e.g. "A recommendation that is Draft
    cannot be Approved; it must first be agreed by its working group and endorsed by
    the Steering Group."
    """
    if state not in MACHINE:
        raise ValidationError(f"“{state}” is not a state a recommendation can be in.", "state")
    if transition not in TRANSITION_LABELS:
        raise ValidationError(
            f"“{transition}” is not a step a recommendation can take.", field="transition"
        )
    if transition in MACHINE[state]:
        return
    raise ValidationError(refusal_message(state, transition), field="transition")


_FINAL_REASONS: Final[Mapping[str, str]] = {
    NOT_ENDORSED: "the Steering Group's decision not to endorse it is final",
    REJECTED: "the decision of SMT and Members to reject it is final",
    NOTED: "SMT and Members noted it, which is a final decision",
    IMPLEMENTED: "it has already been implemented",
    WITHDRAWN: "it has been withdrawn",
}


def refusal_message(state: str, transition: str) -> str:
    """Why ``transition`` is not allowed from ``state``, and what must happen first."""
    head = f"A recommendation that is {state_label(state)} cannot be {transition_label(transition)}"
    if state in _FINAL_REASONS:
        return f"{head}; {_FINAL_REASONS[state]}."
    if transition == T_WITHDRAWN:
        return f"{head}; a recommendation can only be withdrawn before a final decision."
    path = _path_to(state, transition)
    if path is None:
        return f"{head}; it has already passed that stage."
    if not path:
        # Allowed after all; check_transition never asks for this.
        return f"{head}."
    decisions = [t for t in path if t not in SUBMISSIONS]
    steps = decisions or path
    phrases: list[str] = []
    for step in steps:
        phrase = _STEP_PHRASES.get(step, transition_label(step).lower())
        if phrase not in phrases:
            phrases.append(phrase)
    return f"{head}; it must first be {_join(phrases)}."


def _join(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _path_to(state: str, transition: str) -> list[str] | None:
    """The shortest list of forward steps from ``state`` to a state allowing
    ``transition`` (None if no such state lies ahead). Withdrawing, referring back and
    deferring are not steps forward."""
    sideways = {T_WITHDRAWN, T_REFERRED_BACK, T_DEFERRED}
    frontier: list[tuple[str, list[str]]] = [(state, [])]
    seen = {state}
    while frontier:
        following: list[tuple[str, list[str]]] = []
        for current, path in frontier:
            if transition in MACHINE[current]:
                return path
            for step, target in MACHINE[current].items():
                if step in sideways or target in seen:
                    continue
                seen.add(target)
                following.append((target, [*path, step]))
        frontier = following
    return None


# --- deriving the state from events --------------------------------------------------


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

FLAG_INVALID: Final = "invalid"
FLAG_CONFLICT: Final = "conflict"
FLAG_REPEAT: Final = "repeat"
FLAG_NOT_VERIFIED: Final = "not_verified"
FLAG_DUPLICATE_ID: Final = "duplicate_id"


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


# --- the pathway (for the paper front sheet) ------------------------------------------

STAGE_PURPOSES: Final[Mapping[str, str]] = {
    STAGE_WORKING_GROUP: "to agree",
    STAGE_STEERING_GROUP: "to endorse",
    STAGE_SMT: "to decide",
}
_FUTURE: Final[Mapping[str, tuple[str, ...]]] = {
    STAGE_WORKING_GROUP: (STAGE_WORKING_GROUP, STAGE_STEERING_GROUP, STAGE_SMT),
    STAGE_STEERING_GROUP: (STAGE_STEERING_GROUP, STAGE_SMT),
    STAGE_SMT: (STAGE_SMT,),
    STAGE_DONE: (),
}


def considered_steps(view: StateView[E]) -> tuple[Step[E], ...]:
    """The applied steps at which a body considered the recommendation (the "Past
    Pathway"): agreeing, and every Steering Group and SMT and Members decision,
    deferrals included; submissions, withdrawal and implementation are not
    considerations."""
    skipped = SUBMISSIONS | {T_WITHDRAWN, T_IMPLEMENTED}
    return tuple(s for s in view.history if s.applied and s.event.transition not in skipped)


def future_stages(state: str) -> tuple[str, ...]:
    """The bodies still to consider a recommendation in ``state`` (the "Future
    Pathway"), in order: e.g. a Draft goes to its working group, the Steering Group,
    then SMT and Members; an approved or final one goes nowhere."""
    return _FUTURE[stage_of(state)]
