"""The rotation rule over random folders of backups and random clocks (hypothesis): the
copy just written is never removed, the counts hold, the size bound holds, and what is
kept is the newest of each day and week."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from sen_desktop.core.store.backup_rotation import (
    AUTO_BOUND_TIMES,
    BEFORE_MIGRATION,
    DAILY,
    KINDS,
    MANUAL,
    WEEKLY,
    Copy,
    Policy,
    size_bound,
    to_remove,
)

START = dt.datetime(2026, 1, 1).timestamp()
SPAN = 400 * 86_400  # a little over a year of file times

copies_strategy = st.lists(
    st.builds(
        Copy,
        name=st.just(""),
        taken=st.floats(START, START + SPAN, allow_nan=False),
        size=st.integers(1, 5_000),
        kind=st.sampled_from(KINDS),
        compressed=st.booleans(),
    ),
    max_size=60,
).map(lambda cs: [Copy(f"c{n}", c.taken, c.size, c.kind, c.compressed)
                  for n, c in enumerate(cs)])


def _day(copy: Copy) -> dt.date:
    return dt.datetime.fromtimestamp(copy.taken).date()


@settings(max_examples=300, deadline=None)
@given(
    copies=copies_strategy,
    written=st.builds(
        Copy, name=st.just("new"), taken=st.floats(START, START + SPAN, allow_nan=False),
        size=st.integers(1, 5_000), kind=st.sampled_from(KINDS), compressed=st.just(True),
    ),
    now=st.floats(START - 30 * 86_400, START + SPAN + 90 * 86_400, allow_nan=False),
    bound=st.one_of(st.just(0), st.integers(1, 200_000)),
)
def test_rotation_never_removes_the_copy_just_written_and_keeps_its_promises(
    copies: list[Copy], written: Copy, now: float, bound: int
) -> None:
    policy = Policy(size_bound=bound)
    every = [*copies, written]
    removed = to_remove(every, now=now, protected={"new"}, policy=policy)
    gone = {c.name for c in removed}
    kept = [c for c in every if c.name not in gone]
    assert "new" not in gone
    assert len(gone) == len(removed)  # each once
    assert [c.taken for c in removed] == sorted(c.taken for c in removed)  # oldest first
    # The counts: at most 7 days' and 4 weeks' regular copies, one a day.
    regular = [c for c in kept if c.kind in (DAILY, WEEKLY)]
    assert len(regular) <= policy.daily + policy.weekly
    others = [c for c in regular if c.name != "new"]
    assert len({_day(c) for c in others}) == len(others)
    assert len([c for c in kept if c.kind == MANUAL and c.name != "new"]) <= policy.manual
    for copy in kept:
        if copy.kind == BEFORE_MIGRATION and copy.name != "new":
            assert copy.taken >= now - 30 * 86_400
    # The bound holds, unless only the copy just written is left over it.
    limit = size_bound(every, {"new"}, policy)
    if bound == 0:
        assert limit == AUTO_BOUND_TIMES * written.size
    assert sum(c.size for c in kept) <= limit or [c.name for c in kept] == ["new"]
    # Within the bound, nothing is removed that the counts keep: a copy removed by the
    # bound is older than every copy kept (bar the one just written).
    unbounded = to_remove(every, now=now, protected={"new"}, policy=Policy(size_bound=10**12))
    by_bound = gone - {c.name for c in unbounded}
    if by_bound:
        newest_removed = max(c.taken for c in removed if c.name in by_bound)
        assert all(c.taken >= newest_removed for c in kept if c.name != "new")


@settings(max_examples=200, deadline=None)
@given(copies=copies_strategy, now=st.floats(START, START + SPAN, allow_nan=False))
def test_the_newest_copy_of_each_of_the_last_seven_days_is_kept(
    copies: list[Copy], now: float
) -> None:
    policy = Policy(size_bound=10**12)  # counts alone
    removed = {c.name for c in to_remove(copies, now=now, policy=policy)}
    regular = sorted((c for c in copies if c.kind in (DAILY, WEEKLY)),
                     key=lambda c: (-c.taken, c.name))
    days = sorted({_day(c) for c in regular}, reverse=True)
    for day in days[: policy.daily]:
        newest = next(c for c in regular if _day(c) == day)
        assert newest.name not in removed
    # Then four more weeks (as many as there are) each keep a copy, and no more.
    def week(copy: Copy) -> tuple[int, int]:
        year, number, _ = _day(copy).isocalendar()
        return year, number

    daily_weeks = {week(c) for c in regular if _day(c) in days[: policy.daily]}
    kept_weeks = {week(c) for c in regular if c.name not in removed}
    every_week = {week(c) for c in regular}
    assert len(kept_weeks) == min(len(every_week), len(daily_weeks) + policy.weekly)
    assert len([c for c in regular if c.name not in removed]) == (
        min(len(days), policy.daily) + len(kept_weeks) - len(daily_weeks)
    )


def test_a_clock_behind_every_backup_still_keeps_today_s_copy_as_a_daily() -> None:
    future = [Copy(f"f{n}", START + (100 + n) * 86_400, 10, DAILY) for n in range(10)]
    written = Copy("new", START, 10, DAILY)
    removed = {c.name for c in to_remove([*future, written], now=START,
                                         protected={"new"}, policy=Policy(size_bound=10**6))}
    kept = {c.name for c in future} - removed
    # Today's copy, the six newest of the others as dailies, then up to four weeklies.
    assert {"f9", "f8", "f7", "f6", "f5", "f4"} <= kept
    assert "new" not in removed
    assert len(kept) + 1 <= 11


def test_the_automatic_bound_is_ten_times_the_newest_compressed_copy() -> None:
    plain_old = Copy("old", START, 1000, DAILY, compressed=False)
    newest = Copy("new", START + 86_400, 30, DAILY)
    assert size_bound([plain_old, newest], (), Policy()) == 300
    removed = to_remove([plain_old, newest], now=START + 86_400, protected={"new"})
    assert [c.name for c in removed] == ["old"]
    assert size_bound([plain_old], (), Policy()) == 10_000  # only plain copies: the newest
    assert size_bound([], (), Policy()) == 0
    assert size_bound([newest], (), Policy(size_bound=5)) == 5
