"""The recommendation pathway as a pure state machine: no database, no clock.

The states, the steps between them and their words. The pathway (issue 4, the Project
Plan's remit of the groups):

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

Deriving the state from a recommendation's events, in any order, is in
core/recommendations/derivation.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.words import listed

if TYPE_CHECKING:
    from collections.abc import Mapping

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
# or the amendment made. The decision report prints it (docs/formats.md, "Recommendation
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
    return f"{head}; it must first be {listed(phrases)}."


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


# Why an event did not count (``derivation.Flag.kind``).
FLAG_INVALID: Final = "invalid"
FLAG_CONFLICT: Final = "conflict"
FLAG_REPEAT: Final = "repeat"
FLAG_NOT_VERIFIED: Final = "not_verified"
FLAG_DUPLICATE_ID: Final = "duplicate_id"


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


def future_stages(state: str) -> tuple[str, ...]:
    """The bodies still to consider a recommendation in ``state`` (the "Future
    Pathway"), in order: e.g. a Draft goes to its working group, the Steering Group,
    then SMT and Members; an approved or final one goes nowhere."""
    return _FUTURE[stage_of(state)]
