"""A recommendation's state derived from its events: in causal order, unverified and
invalid steps skipped and flagged, concurrent decisions kept and flagged as a conflict
or a repeat, and each new step naming the step it follows."""

from __future__ import annotations

from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.recommendations.derivation import (
    Event,
    StateView,
    considered_steps,
    derive_state,
    head_of,
)

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
