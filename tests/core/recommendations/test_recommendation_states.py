"""The recommendation pathway: every allowed and refused step, the words of each refusal,
and the notes a refusal or an amendment needs."""

from __future__ import annotations

import itertools

import pytest

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.recommendations import states as rs

# The pathway as issue 4 lists it, written out here independently of the module's table.
_SG = {
    "endorsed": "endorsed",
    "endorsed_with_amendments": "endorsed_with_amendments",
    "referred_back": "referred_back",
    "deferred": "deferred_by_sg",
    "not_endorsed": "not_endorsed",
    "withdrawn": "withdrawn",
}
_SMT = {
    "approved": "approved",
    "approved_with_amendments": "approved_with_amendments",
    "deferred": "deferred_by_smt",
    "rejected": "rejected",
    "noted": "noted",
    "withdrawn": "withdrawn",
}
EXPECTED: dict[str, dict[str, str]] = {
    "draft": {"agreed": "agreed", "withdrawn": "withdrawn"},
    "referred_back": {"agreed": "agreed", "withdrawn": "withdrawn"},
    "agreed": {"submitted_to_sg": "submitted_to_sg", "withdrawn": "withdrawn"},
    "submitted_to_sg": _SG,
    "deferred_by_sg": _SG,
    "endorsed": {"submitted_to_smt": "submitted_to_smt", "withdrawn": "withdrawn"},
    "endorsed_with_amendments": {"submitted_to_smt": "submitted_to_smt", "withdrawn": "withdrawn"},
    "not_endorsed": {},
    "submitted_to_smt": _SMT,
    "deferred_by_smt": _SMT,
    "approved": {"implemented": "implemented"},
    "approved_with_amendments": {"implemented": "implemented"},
    "rejected": {},
    "noted": {},
    "implemented": {},
    "withdrawn": {},
}

PAIRS = list(itertools.product(rs.STATES, rs.TRANSITIONS))
ALLOWED = [(s, t) for s, t in PAIRS if t in EXPECTED[s]]
REFUSED = [(s, t) for s, t in PAIRS if t not in EXPECTED[s]]


def test_the_table_covers_every_state() -> None:
    assert set(EXPECTED) == set(rs.STATES)
    assert len(ALLOWED) + len(REFUSED) == len(rs.STATES) * len(rs.TRANSITIONS)


@pytest.mark.parametrize(("state", "transition"), ALLOWED)
def test_allowed_transition(state: str, transition: str) -> None:
    rs.check_transition(state, transition)  # does not raise
    assert transition in rs.allowed_transitions(state)
    assert rs.next_state(state, transition) == EXPECTED[state][transition]


@pytest.mark.parametrize(("state", "transition"), REFUSED)
def test_refused_transition(state: str, transition: str) -> None:
    assert transition not in rs.allowed_transitions(state)
    with pytest.raises(ValidationError) as caught:
        rs.check_transition(state, transition)
    assert caught.value.field == "transition"
    message = str(caught.value)
    assert message.startswith(
        f"A recommendation that is {rs.state_label(state)} "
        f"cannot be {rs.transition_label(transition)}; "
    )
    assert message.endswith(".")


def test_allowed_transitions_match_the_table_exactly() -> None:
    for state in rs.STATES:
        assert set(rs.allowed_transitions(state)) == set(EXPECTED[state])


@pytest.mark.parametrize(
    ("state", "transition", "message"),
    [
        (
            "draft",
            "approved",
            "A recommendation that is Draft cannot be Approved; it must first be agreed by "
            "its working group and endorsed by the Steering Group.",
        ),
        (
            "endorsed",
            "approved",
            "A recommendation that is Endorsed cannot be Approved; it must first be "
            "submitted to SMT and Members.",
        ),
        (
            "agreed",
            "endorsed",
            "A recommendation that is Agreed by working group cannot be Endorsed; it must "
            "first be submitted to the Steering Group.",
        ),
        (
            "draft",
            "implemented",
            "A recommendation that is Draft cannot be Implemented; it must first be agreed "
            "by its working group, endorsed by the Steering Group and approved by SMT and "
            "Members.",
        ),
        (
            "approved",
            "withdrawn",
            "A recommendation that is Approved cannot be Withdrawn; a recommendation can "
            "only be withdrawn before a final decision.",
        ),
        (
            "rejected",
            "approved",
            "A recommendation that is Rejected cannot be Approved; the decision of SMT and "
            "Members to reject it is final.",
        ),
        (
            "approved",
            "endorsed",
            "A recommendation that is Approved cannot be Endorsed; it has already passed "
            "that stage.",
        ),
    ],
)
def test_refusals_say_what_must_happen_first(state: str, transition: str, message: str) -> None:
    with pytest.raises(ValidationError, match="^" + message.replace("(", r"\(") + "$"):
        rs.check_transition(state, transition)


def test_unknown_state_or_transition_is_refused() -> None:
    with pytest.raises(ValidationError, match="not a step"):
        rs.check_transition("draft", "blessed")
    with pytest.raises(ValidationError, match="not a state"):
        rs.check_transition("limbo", "agreed")


def test_final_states_allow_nothing_and_withdrawal_is_open_until_a_decision() -> None:
    for state in rs.FINAL_STATES:
        assert rs.allowed_transitions(state) == ()
    open_states = {s for s in rs.STATES if "withdrawn" in EXPECTED[s]}
    assert open_states == {
        "draft",
        "referred_back",
        "agreed",
        "submitted_to_sg",
        "deferred_by_sg",
        "endorsed",
        "endorsed_with_amendments",
        "submitted_to_smt",
        "deferred_by_smt",
    }


def test_every_refusal_and_amendment_needs_a_note_the_paper_can_print() -> None:
    # The decision report prints what was asked, why it was refused, or the amendments.
    assert set(rs.NOTE_REQUIRED) == {
        rs.T_REFERRED_BACK,
        rs.T_NOT_ENDORSED,
        rs.T_REJECTED,
        rs.T_ENDORSED_WITH_AMENDMENTS,
        rs.T_APPROVED_WITH_AMENDMENTS,
    }
    assert frozenset(rs.NOTE_REQUIRED) == rs.REASON_REQUIRED
    assert set(rs.NOTE_LABELS) == set(rs.NOTE_REQUIRED)
    assert set(rs.NOTE_REQUIRED) >= rs.AMENDING_TRANSITIONS
    for message in rs.NOTE_REQUIRED.values():
        assert message.startswith("Enter the ") and message.endswith(".")
