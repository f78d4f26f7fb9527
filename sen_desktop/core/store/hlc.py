"""A hybrid logical clock (HLC): wall-clock time that never runs backwards.

A timestamp is (wall milliseconds, logical counter). ``now()`` follows the wall clock
while it moves forward and bumps the logical counter while it stands still or jumps back
(a laptop's clock corrected by the network, a dead CMOS battery), so every stamp one
site issues is larger than the last. ``receive()`` folds in a stamp from another site,
so anything written after reading a bundle sorts after everything in it.

Stamps are stored as fixed-width text (``1718000000000.00042``: 13 digits of
milliseconds, a dot, 5 digits of counter) whose string order is time order, so SQLite
can index and sort them as plain text.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

MILLIS_DIGITS = 13  # enough for wall time until the year 2286
LOGICAL_DIGITS = 5
MAX_MILLIS = 10**MILLIS_DIGITS - 1
MAX_LOGICAL = 10**LOGICAL_DIGITS - 1

# ASCII digits only: without re.ASCII ``\d`` also matches Arabic-Indic and other
# digits, and such a stamp sorts after every real one (issue 10).
_ENCODED = re.compile(rf"(\d{{{MILLIS_DIGITS}}})\.(\d{{{LOGICAL_DIGITS}}})", re.ASCII)

WallClock = Callable[[], int]
"""Returns the current wall time in milliseconds since the Unix epoch."""


def wall_millis() -> int:
    return time.time_ns() // 1_000_000


@dataclass(frozen=True, order=True, slots=True)
class Timestamp:
    """One HLC stamp; compares as the tuple (millis, logical)."""

    millis: int
    logical: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.millis <= MAX_MILLIS:
            raise ValueError(f"HLC wall time {self.millis} is out of range.")
        if not 0 <= self.logical <= MAX_LOGICAL:
            raise ValueError(f"HLC logical counter {self.logical} is out of range.")

    def encode(self) -> str:
        return f"{self.millis:0{MILLIS_DIGITS}d}.{self.logical:0{LOGICAL_DIGITS}d}"

    @classmethod
    def parse(cls, text: str) -> Timestamp:
        match = _ENCODED.fullmatch(text)
        if match is None:
            raise ValueError(f"{text!r} is not a hybrid logical clock stamp.")
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self) -> str:
        return self.encode()


ZERO = Timestamp(0, 0)


def _stamp(millis: int, logical: int) -> Timestamp:
    # The logical counter is fixed-width; rather than overflow it we borrow one
    # millisecond, which keeps stamps strictly increasing and at most a hair ahead of
    # the wall clock (it takes 100,000 stamps within one millisecond to happen).
    if logical > MAX_LOGICAL:
        return Timestamp(millis + 1, 0)
    return Timestamp(millis, logical)


class HybridLogicalClock:
    """The clock of one site. Not thread-safe: one writer owns it."""

    def __init__(self, wall: WallClock = wall_millis, last: Timestamp = ZERO) -> None:
        self._wall = wall
        self._last = last

    @property
    def last(self) -> Timestamp:
        """The latest stamp issued or received."""
        return self._last

    def now(self) -> Timestamp:
        """A stamp for a local event: larger than every stamp seen so far."""
        wall = self._wall()
        last = self._last
        # Follow the wall clock when it moves on; count when it stalls or runs back.
        stamp = Timestamp(wall, 0) if wall > last.millis else _stamp(last.millis, last.logical + 1)
        self._last = stamp
        return stamp

    def stamps(self, count: int) -> list[str]:
        """``count`` encoded stamps for events happening now, as ``now()`` would issue them.

        One wall-clock reading serves the whole batch: a flush of a bulk load stamps a
        million operations, and building a Timestamp for each costs more than the rest.
        """
        if count <= 0:
            return []
        first = self.now()
        millis, logical = first.millis, first.logical
        encoded = [first.encode()]
        for _ in range(count - 1):
            logical += 1
            if logical > MAX_LOGICAL:
                millis, logical = millis + 1, 0
            encoded.append(f"{millis:0{MILLIS_DIGITS}d}.{logical:0{LOGICAL_DIGITS}d}")
        self._last = Timestamp(millis, logical)
        return encoded

    def receive(self, remote: Timestamp) -> Timestamp:
        """Merge a stamp from another site; returns a stamp larger than both clocks."""
        wall = self._wall()
        last = self._last
        millis = max(wall, last.millis, remote.millis)
        if millis == last.millis == remote.millis:
            logical = max(last.logical, remote.logical) + 1
        elif millis == last.millis:
            logical = last.logical + 1
        elif millis == remote.millis:
            logical = remote.logical + 1
        else:
            logical = 0
        stamp = _stamp(millis, logical)
        self._last = stamp
        return stamp
