"""Properties of the derived state: the same for any order or duplication of the same
events, every counted step saw every step counted before it, and a valid walk of the
pathway ends where the state machine says."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.recommendations.derivation import (
    Event,
    StateView,
    derive_state,
    head_of,
)
from tests.core.recommendations.test_recommendation_states import EXPECTED

if TYPE_CHECKING:
    import random

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


TestPathwayMachine = PathwayMachine.TestCase
TestPathwayMachine.settings = settings(max_examples=100, stateful_step_count=30)
