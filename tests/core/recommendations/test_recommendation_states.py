"""The recommendation pathway: every allowed and refused step, and a state derived from
events that does not depend on the order (or repetition) in which they arrive."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.recommendations.derivation import (
    Event,
    StateView,
    considered_steps,
    derive_state,
    head_of,
)

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


# --- deriving the state ---------------------------------------------------------------


def ev(
    n: int,
    transition: str,
    verified: bool = True,
    at: int | None = None,
    after: int | None = None,
) -> Event:
    moment = n if at is None else at
    return Event(
        id=f"e{n:03d}",
        transition=transition,
        at=f"2010-10-01T10:{moment // 60:02d}:{moment % 60:02d}.000000+00:00",
        verified=verified,
        after_id=None if after is None else f"e{after:03d}",
    )


FULL_PATH = ["agreed", "submitted_to_sg", "endorsed", "submitted_to_smt", "approved", "implemented"]


def test_no_events_is_draft() -> None:
    view: StateView[Event] = derive_state([])
    assert view.state == "draft"
    assert view.history == ()
    assert view.flags == ()
    assert view.label == "Draft"


def test_the_whole_pathway() -> None:
    events = [ev(n, t) for n, t in enumerate(FULL_PATH)]
    view = derive_state(events)
    assert view.state == "implemented"
    assert [s.to_state for s in view.history] == [
        "agreed",
        "submitted_to_sg",
        "endorsed",
        "submitted_to_smt",
        "approved",
        "implemented",
    ]
    assert all(s.applied for s in view.history)
    assert not view.flags


def test_referred_back_returns_to_the_working_group_and_can_be_agreed_again() -> None:
    events = [
        ev(1, "agreed"),
        ev(2, "submitted_to_sg"),
        ev(3, "referred_back"),
        ev(4, "agreed"),
        ev(5, "submitted_to_sg"),
        ev(6, "deferred"),
        ev(7, "deferred"),
        ev(8, "endorsed_with_amendments"),
        ev(9, "submitted_to_smt"),
        ev(10, "deferred"),
        ev(11, "approved_with_amendments"),
    ]
    view = derive_state(events)
    assert [s.to_state for s in view.history] == [
        "agreed",
        "submitted_to_sg",
        "referred_back",
        "agreed",
        "submitted_to_sg",
        "deferred_by_sg",
        "deferred_by_sg",
        "endorsed_with_amendments",
        "submitted_to_smt",
        "deferred_by_smt",
        "approved_with_amendments",
    ]
    assert view.flags == ()


def test_order_is_by_time_then_id_not_by_delivery() -> None:
    events = [ev(n, t) for n, t in enumerate(FULL_PATH)]
    assert derive_state(reversed(events)).state == "implemented"


def test_an_unverified_decision_is_skipped_and_flagged() -> None:
    events = [ev(1, "agreed"), ev(2, "submitted_to_sg"), ev(3, "endorsed", verified=False)]
    view = derive_state(events)
    assert view.state == "submitted_to_sg"
    assert [(f.event_id, f.kind) for f in view.flags] == [("e003", "not_verified")]
    assert not view.history[-1].applied


def test_an_invalid_event_is_flagged_not_applied() -> None:
    view = derive_state([ev(1, "approved"), ev(2, "agreed")])
    assert view.state == "agreed"
    assert [(f.event_id, f.kind) for f in view.flags] == [("e001", "invalid")]
    assert "must first be agreed" in view.flags[0].message


def test_concurrent_contradictory_decisions_are_both_kept_and_flagged() -> None:
    # Two laptops, offline: one endorses, the other does not endorse.
    events = [
        ev(1, "agreed"),
        ev(2, "submitted_to_sg"),
        ev(3, "endorsed"),
        ev(4, "not_endorsed"),
    ]
    view = derive_state(events)
    assert view.state == "endorsed"  # the first in the total order stands
    assert view.in_conflict
    (flag,) = view.flags
    assert (flag.event_id, flag.kind, flag.other_event_id) == ("e004", "conflict", "e003")
    assert len(view.history) == 4  # both kept


def test_a_conflict_found_even_after_later_steps() -> None:
    events = [
        ev(1, "agreed"),
        ev(2, "submitted_to_sg"),
        ev(3, "endorsed"),
        ev(4, "submitted_to_smt"),
        ev(5, "not_endorsed"),  # recorded elsewhere without knowing of the endorsement
    ]
    view = derive_state(events)
    assert view.state == "submitted_to_smt"
    assert [(f.kind, f.other_event_id) for f in view.flags] == [("conflict", "e003")]


def test_the_same_decision_twice_is_a_repeat() -> None:
    events = [ev(1, "agreed"), ev(2, "agreed")]
    view = derive_state(events)
    assert view.state == "agreed"
    assert [(f.kind, f.other_event_id) for f in view.flags] == [("repeat", "e001")]


def test_duplicates_of_one_event_count_once() -> None:
    events = [ev(1, "agreed"), ev(1, "agreed"), ev(2, "submitted_to_sg")]
    view = derive_state(events)
    assert view.state == "submitted_to_sg"
    assert len(view.history) == 2
    assert view.flags == ()


def test_two_different_records_with_one_id_are_flagged() -> None:
    a = ev(1, "agreed")
    b = Event(id=a.id, transition="withdrawn", at=a.at)
    view = derive_state([b, a])
    assert view.state == "agreed"  # "agreed" < "withdrawn": the same pick in any order
    assert [f.kind for f in view.flags] == ["duplicate_id"]
    assert derive_state([a, b]) == view


# --- concurrent decisions, named by the event each was recorded after -------------------


def chain(*transitions: str) -> list[Event]:
    """Steps recorded one after another on one laptop: each names the one before."""
    return [ev(n, t, after=n - 1 if n > 1 else None) for n, t in enumerate(transitions, start=1)]


def test_a_decision_from_a_fast_clock_still_contradicts_a_concurrent_referral() -> None:
    # Laptop A: submitted, referred back, agreed again, resubmitted. Laptop B, its clock
    # three hours fast, endorses the first submission without having heard of any of it.
    events = [
        *chain("agreed", "submitted_to_sg", "referred_back", "agreed", "submitted_to_sg"),
        ev(6, "endorsed", at=3 * 3600, after=2),
    ]
    view = derive_state(events)
    assert view.state == "submitted_to_sg"  # the endorsement does not count ...
    assert [s.event.id for s in view.history] == ["e001", "e002", "e003", "e004", "e005", "e006"]
    assert view.in_conflict  # ... and is flagged, not dropped
    (flag,) = view.flags
    assert (flag.event_id, flag.kind, flag.other_event_id) == ("e006", "conflict", "e003")
    assert flag.message == (
        "Endorsed contradicts Referred back: it was recorded without knowing of Referred "
        "back and 2 later steps, on a laptop that had not yet received it; both are kept, "
        "and Referred back stands until someone resolves it."
    )


def test_a_slow_clock_decision_stands_and_the_steps_that_did_not_see_it_are_flagged() -> None:
    # The same, but B's clock is slow: its endorsement is the first of the two decisions
    # on the submission, so it stands; A's referral and everything after it is flagged.
    events = [
        *chain("agreed", "submitted_to_sg", "referred_back", "agreed", "submitted_to_sg"),
        ev(6, "endorsed", at=0, after=2),
    ]
    view = derive_state(events)
    assert view.state == "endorsed"
    assert [(s.event.id, s.applied, s.flag) for s in view.history] == [
        ("e001", True, ""),
        ("e002", True, ""),
        ("e006", True, ""),
        ("e003", False, "conflict"),
        ("e004", False, "conflict"),
        ("e005", False, "conflict"),
    ]
    assert {f.other_event_id for f in view.flags} == {"e006"}


def test_a_causal_order_does_not_depend_on_the_clocks() -> None:
    # One laptop's steps, its clock set back twice in between: still the whole pathway.
    events = chain(*FULL_PATH)
    skewed = [
        Event(e.id, e.transition, at=f"2010-10-0{9 - n}T10:00:00+00:00", after_id=e.after_id)
        for n, e in enumerate(events)
    ]
    view = derive_state(reversed(skewed))
    assert view.state == "implemented"
    assert [s.event.id for s in view.history] == [e.id for e in events]
    assert view.flags == ()


def test_two_steps_after_the_same_step_the_first_stands() -> None:
    events = [*chain("agreed", "submitted_to_sg"), ev(3, "not_endorsed", after=2)]
    events.append(ev(4, "endorsed", after=2))
    view = derive_state(events)
    assert view.state == "not_endorsed"
    assert [(f.event_id, f.kind, f.other_event_id) for f in view.flags] == [
        ("e004", "conflict", "e003")
    ]
    assert "contradicts Not endorsed" in view.flags[0].message


def test_the_same_decision_made_on_two_laptops_is_a_repeat() -> None:
    # Deferring again is allowed, but not by two laptops that had not seen each other.
    events = [
        *chain("agreed", "submitted_to_sg"),
        ev(3, "deferred", after=2),
        ev(4, "deferred", after=2),
    ]
    view = derive_state(events)
    assert view.state == "deferred_by_sg"
    assert [(f.event_id, f.kind, f.other_event_id) for f in view.flags] == [
        ("e004", "repeat", "e003")
    ]
    # Deferring again on the laptop that had seen the first deferral counts.
    again = derive_state([*chain("agreed", "submitted_to_sg", "deferred", "deferred")])
    assert again.flags == () and len(again.applied()) == 4


def test_a_step_after_an_unsigned_decision_saw_everything() -> None:
    # The secretary records the endorsement unsigned; the chair has not signed it yet
    # when the recommendation is withdrawn, on the same laptop.
    events = [*chain("agreed", "submitted_to_sg", "endorsed", "withdrawn")]
    unsigned = [
        e if e.id != "e003" else Event(e.id, e.transition, e.at, False, e.after_id) for e in events
    ]
    view = derive_state(unsigned)
    assert view.state == "withdrawn"
    assert [f.kind for f in view.flags] == ["not_verified"]
    assert derive_state(events).state == "withdrawn"  # and once signed, both count


def test_a_step_whose_predecessor_has_not_arrived_is_placed_by_time() -> None:
    events = [ev(1, "agreed"), ev(3, "submitted_to_sg", after=2)]  # e002 is not here yet
    view = derive_state(events)
    assert view.state == "submitted_to_sg"
    assert view.flags == ()


def test_a_loop_of_names_is_broken_by_time() -> None:
    # No laptop records such a loop; a damaged store still derives one state.
    events = [
        ev(1, "agreed", after=2),
        ev(2, "submitted_to_sg", after=1),
        ev(3, "withdrawn", after=2),
        ev(4, "referred_back", at=0, after=4),  # names itself: placed by time alone
    ]
    view = derive_state(events)
    assert [s.event.id for s in view.history] == ["e004", "e001", "e002", "e003"]
    assert [(s.event.id, s.flag) for s in view.history if not s.applied] == [("e004", "invalid")]
    assert view.state == "withdrawn"
    assert derive_state(reversed(events)) == view


def test_head_of_is_the_step_a_new_one_follows() -> None:
    assert head_of(derive_state([])) is None
    assert head_of(derive_state(chain("agreed", "submitted_to_sg"))) == "e002"
    # An unsigned decision recorded after the last applied step: the next step follows it.
    pending = [*chain("agreed", "submitted_to_sg"), ev(3, "endorsed", verified=False, after=2)]
    assert head_of(derive_state(pending)) == "e003"
    # A step recorded without seeing the last applied one: never followed.
    flagged = [
        *chain("agreed", "submitted_to_sg", "referred_back"),
        ev(4, "endorsed", at=99, after=2),
    ]
    view = derive_state(flagged)
    assert [f.event_id for f in view.flags] == ["e004"]
    assert head_of(view) == "e003"
    # Steps from before events named their predecessor: the last applied one.
    assert head_of(derive_state([ev(1, "agreed"), ev(2, "approved")])) == "e001"


def test_pathway_helpers() -> None:
    view = derive_state([ev(n, t) for n, t in enumerate(FULL_PATH[:4])])
    assert [s.event.transition for s in considered_steps(view)] == ["agreed", "endorsed"]
    assert rs.future_stages("draft") == ("working_group", "steering_group", "smt_and_members")
    assert rs.future_stages("agreed") == ("steering_group", "smt_and_members")
    assert rs.future_stages("endorsed") == ("smt_and_members",)
    assert rs.future_stages("approved") == ()
    assert rs.future_stages("withdrawn") == ()
    assert rs.decision_stage("submitted_to_sg", "deferred") == "steering_group"
    assert rs.decision_stage("submitted_to_smt", "deferred") == "smt_and_members"
    assert rs.decision_stage("draft", "agreed") == "working_group"


# --- properties -----------------------------------------------------------------------


def _signature(view: StateView[Event]) -> tuple[object, ...]:
    return (
        view.state,
        tuple((s.event.id, s.from_state, s.to_state, s.applied, s.flag) for s in view.history),
        tuple((f.event_id, f.kind, f.other_event_id) for f in view.flags),
    )


# Times from a small range, so that ties (broken by id) happen often.
event_lists = st.lists(
    st.tuples(st.sampled_from(rs.TRANSITIONS), st.integers(0, 20), st.booleans()),
    max_size=25,
).map(
    lambda items: [
        Event(id=f"e{n:03d}", transition=t, at=f"2010-10-01T10:00:{at:02d}+00:00", verified=v)
        for n, (t, at, v) in enumerate(items)
    ]
)


@st.composite
def linked_event_lists(draw: st.DrawFn) -> list[Event]:
    """Events naming earlier, later, missing or no events, with few distinct times."""
    items = draw(
        st.lists(
            st.tuples(
                st.sampled_from(rs.TRANSITIONS),
                st.integers(0, 20),
                st.booleans(),
                st.one_of(st.none(), st.integers(0, 30)),
            ),
            max_size=25,
        )
    )
    return [
        Event(
            id=f"e{n:03d}",
            transition=t,
            at=f"2010-10-01T10:00:{at:02d}+00:00",
            verified=v,
            after_id=None if after is None else f"e{after:03d}",
        )
        for n, (t, at, v, after) in enumerate(items)
    ]


@st.composite
def walks(draw: st.DrawFn) -> list[Event]:
    """A valid history: a random walk along the pathway, some events unverified."""
    state = "draft"
    events = []
    for n in range(draw(st.integers(0, 15))):
        moves = rs.allowed_transitions(state)
        if not moves:
            break
        transition = draw(st.sampled_from(moves))
        verified = draw(st.booleans()) if transition in rs.SIGNED_TRANSITIONS else True
        events.append(
            Event(id=f"w{n:03d}", transition=transition, at=f"t{n:03d}", verified=verified)
        )
        if verified:
            state = EXPECTED[state][transition]
    return events


@settings(max_examples=300)
@given(events=event_lists, seed=st.randoms(use_true_random=False), copies=st.integers(0, 5))
def test_same_state_for_any_order_and_duplication(
    events: list[Event], seed: random.Random, copies: int
) -> None:
    expected = _signature(derive_state(events))
    delivered = events + [seed.choice(events) for _ in range(copies)] if events else []
    seed.shuffle(delivered)
    assert _signature(derive_state(delivered)) == expected


@settings(max_examples=300)
@given(
    events=linked_event_lists(), seed=st.randoms(use_true_random=False), copies=st.integers(0, 5)
)
def test_same_state_for_any_order_and_duplication_of_linked_events(
    events: list[Event], seed: random.Random, copies: int
) -> None:
    expected = _signature(derive_state(events))
    delivered = events + [seed.choice(events) for _ in range(copies)] if events else []
    seed.shuffle(delivered)
    assert _signature(derive_state(delivered)) == expected


@st.composite
def laptops(draw: st.DrawFn) -> tuple[list[Event], str, set[str]]:
    """Two laptops record steps along the pathway, each from what it has seen, with
    clocks anywhere, exchanging now and then. Returns every event, the state of the
    laptop that went last after a final exchange, and the ids that counted there."""
    seen: list[list[Event]] = [[], []]
    made: list[Event] = []
    for n in range(draw(st.integers(0, 12))):
        side = draw(st.integers(0, 1))
        if draw(st.booleans()):  # an exchange: both hold everything made so far
            seen = [list(made), list(made)]
        view = derive_state(seen[side])
        moves = rs.allowed_transitions(view.state)
        if not moves:
            continue
        event = Event(
            id=f"x{n:03d}",
            transition=draw(st.sampled_from(moves)),
            at=f"t{draw(st.integers(0, 99)):03d}",
            after_id=head_of(view),
        )
        made.append(event)
        seen[side].append(event)
    view = derive_state(made)
    return made, view.state, {s.event.id for s in view.applied()}


@settings(max_examples=300)
@given(run=laptops(), seed=st.randoms(use_true_random=False))
def test_every_step_counted_saw_every_step_counted_before_it(
    run: tuple[list[Event], str, set[str]], seed: random.Random
) -> None:
    events, state, applied = run
    shuffled = list(events)
    seed.shuffle(shuffled)
    view = derive_state(shuffled)
    assert (view.state, {s.event.id for s in view.applied()}) == (state, applied)
    by_id = {e.id: e for e in events}
    counted = [s.event for s in view.history if s.applied]
    for before, after in itertools.pairwise(counted):
        # Each counted step was recorded after the one counted before it (or after a
        # step recorded after that one): no counted step missed another. (A first step
        # names none, and is placed by its time, as events recorded before names were.)
        if after.after_id is None:
            continue
        lineage, parent = set(), after.after_id
        while parent is not None and parent not in lineage:
            lineage.add(parent)
            parent = by_id[parent].after_id
        assert before.id in lineage, (before, after, view.history)
    assert {f.event_id for f in view.flags} == {s.event.id for s in view.history if not s.applied}


@settings(max_examples=300)
@given(events=walks(), seed=st.randoms(use_true_random=False))
def test_a_valid_walk_derives_its_end_state_in_any_order(
    events: list[Event], seed: random.Random
) -> None:
    state = "draft"
    for event in events:
        if event.verified:
            state = EXPECTED[state][event.transition]
    shuffled = list(events)
    seed.shuffle(shuffled)
    view = derive_state(shuffled)
    assert view.state == state
    assert {f.kind for f in view.flags} <= {"not_verified"}


class PathwayMachine(RuleBasedStateMachine):
    """Fire random transitions through check_transition; the derived state must follow
    the model, whatever else (refused, unverified) is recorded alongside."""

    def __init__(self) -> None:
        super().__init__()
        self.model = "draft"
        self.events: list[Event] = []

    def _event(self, transition: str, verified: bool = True) -> Event:
        n = len(self.events)
        return Event(id=f"m{n:03d}", transition=transition, at=f"t{n:03d}", verified=verified)

    @rule(transition=st.sampled_from(rs.TRANSITIONS))
    def fire(self, transition: str) -> None:
        try:
            rs.check_transition(self.model, transition)
        except ValidationError:
            assert transition not in EXPECTED[self.model]
            return
        assert transition in EXPECTED[self.model]
        self.events.append(self._event(transition))
        self.model = EXPECTED[self.model][transition]

    @rule(transition=st.sampled_from(sorted(rs.SIGNED_TRANSITIONS)))
    def unverified_decision(self, transition: str) -> None:
        # A tampered or unsigned chair decision is recorded but never moves the state.
        self.events.append(self._event(transition, verified=False))

    @rule(transition=st.sampled_from(rs.TRANSITIONS))
    def recorded_without_checking(self, transition: str) -> None:
        # As a bundle from a laptop that knew less might deliver it.
        if transition in EXPECTED[self.model]:
            self.model = EXPECTED[self.model][transition]
        self.events.append(self._event(transition))

    @invariant()
    def derived_state_matches_the_model(self) -> None:
        view = derive_state(self.events)
        assert view.state == self.model
        assert derive_state(reversed(self.events)).state == self.model
        unapplied = {s.event.id for s in view.history if not s.applied}
        assert unapplied == {f.event_id for f in view.flags}


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


TestPathwayMachine = PathwayMachine.TestCase
TestPathwayMachine.settings = settings(max_examples=100, stateful_step_count=30)
