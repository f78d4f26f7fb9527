"""The hybrid logical clock never runs backwards, and its text sorts as it does."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sen_desktop.core.store.hlc import (
    MAX_LOGICAL,
    MAX_MILLIS,
    HybridLogicalClock,
    Timestamp,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

# Near "now" and small, so stamps collide often and the logical counter is exercised.
millis = st.integers(min_value=0, max_value=2_000)
stamps = st.builds(Timestamp, millis, st.integers(min_value=0, max_value=MAX_LOGICAL))
any_stamps = st.builds(
    Timestamp,
    st.integers(min_value=0, max_value=MAX_MILLIS),
    st.integers(min_value=0, max_value=MAX_LOGICAL),
)
steps = st.lists(st.tuples(millis, st.one_of(st.none(), stamps)), max_size=200)


class FakeWall:
    """A wall clock the test sets by hand, including backwards."""

    def __init__(self, readings: Iterator[int]) -> None:
        self.readings = readings

    def __call__(self) -> int:
        return next(self.readings)


@given(steps)
def test_monotonic_under_any_now_and_receive(events: list[tuple[int, Timestamp | None]]) -> None:
    clock = HybridLogicalClock(FakeWall(iter(wall for wall, _ in events)))
    previous = clock.last
    for wall, remote in events:
        stamp = clock.now() if remote is None else clock.receive(remote)
        assert stamp > previous
        assert stamp.millis >= wall  # never behind the wall clock
        if remote is not None:
            assert stamp > remote
        assert clock.last == stamp
        previous = stamp


@given(any_stamps)
def test_encode_parse_round_trip(stamp: Timestamp) -> None:
    text = stamp.encode()
    assert len(text) == 19
    assert Timestamp.parse(text) == stamp


@given(st.lists(any_stamps, max_size=50))
def test_text_order_is_time_order(values: list[Timestamp]) -> None:
    by_text = sorted(values, key=Timestamp.encode)
    by_tuple = sorted(values, key=lambda s: (s.millis, s.logical))
    assert by_text == by_tuple == sorted(values)


def test_follows_the_wall_clock_and_counts_while_it_stands_still() -> None:
    clock = HybridLogicalClock(FakeWall(iter([100, 100, 100, 250, 90])))
    assert [clock.now() for _ in range(5)] == [
        Timestamp(100, 0),
        Timestamp(100, 1),
        Timestamp(100, 2),
        Timestamp(250, 0),
        Timestamp(250, 1),  # the wall clock jumped back; the HLC did not
    ]


def test_receive_moves_past_a_clock_that_runs_ahead() -> None:
    clock = HybridLogicalClock(lambda: 100)
    assert clock.receive(Timestamp(5_000, 7)) == Timestamp(5_000, 8)
    assert clock.now() == Timestamp(5_000, 9)


def test_a_full_logical_counter_borrows_a_millisecond() -> None:
    clock = HybridLogicalClock(lambda: 0, Timestamp(5, MAX_LOGICAL))
    assert clock.now() == Timestamp(6, 0)
    clock = HybridLogicalClock(lambda: 0, Timestamp(5, 3))
    assert clock.receive(Timestamp(5, MAX_LOGICAL)) == Timestamp(6, 0)


@pytest.mark.parametrize(
    "text", ["", "12.3", "0000000000001.0000", "0000000000001-00001", "-000000000001.00001"]
)
def test_parse_refuses_malformed_text(text: str) -> None:
    with pytest.raises(ValueError):
        Timestamp.parse(text)


def test_stamps_out_of_range_are_refused() -> None:
    with pytest.raises(ValueError):
        Timestamp(-1, 0)
    with pytest.raises(ValueError):
        Timestamp(0, MAX_LOGICAL + 1)


@given(
    st.lists(st.tuples(millis, st.integers(min_value=0, max_value=300)), max_size=20),
    st.builds(Timestamp, millis, st.integers(min_value=MAX_LOGICAL - 150, max_value=MAX_LOGICAL)),
)
def test_a_batch_of_stamps_is_what_now_would_issue(
    batches: list[tuple[int, int]], start: Timestamp
) -> None:
    wall = [0]
    batched = HybridLogicalClock(lambda: wall[0], start)
    one_by_one = HybridLogicalClock(lambda: wall[0], start)
    for reading, count in batches:
        wall[0] = reading
        before = batched.last
        stamps = batched.stamps(count)
        assert stamps == [one_by_one.now().encode() for _ in range(count)]
        assert stamps == sorted(set(stamps))
        assert all(Timestamp.parse(s) > before for s in stamps)
        assert batched.last == one_by_one.last
