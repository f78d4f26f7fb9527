"""Which backups to keep: the rotation rule, as a pure function of the copies' file times.

Rotation goes by each copy's file time (its mtime), never by the clock alone, so a laptop
whose clock jumped (back or forward) keeps a sensible set, and by the rule below:

- **daily**: the newest copy of each of the ``daily`` most recent days that hold a copy
  (days with copies, not calendar days: a laptop left off for a month keeps its last
  week of work);
- **weekly**: beyond those, the newest copy of each of the ``weekly`` most recent weeks
  (ISO weeks) that hold no daily copy kept;
- **before-migration**: copies taken before a schema update, kept ``before_migration_days``
  days from their file time (a copy whose time is still ahead of the clock is kept);
- **manual** (``sen-desktop backup``): the newest ``manual`` copies; a person asked for
  each, so a few are kept whatever their age, but they count toward the size bound;
- the copy just written (``protected``) is never removed and is taken as the newest
  daily copy whatever its file time: with the clock behind the newest backup, today's
  copy would otherwise be the oldest and go at once, on every start;
- then the **size bound**: while the copies kept come to more than the bound, the
  oldest go first (the protected copy never). The automatic bound is ``AUTO_BOUND_TIMES``
  the size of the database's newest compressed copy (the one just written, when there is
  one).

Nothing here touches a file: ``core/store/backups.py`` lists the folder, asks this
module and removes what it answers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable

DAILY: Final = "daily"
WEEKLY: Final = "weekly"
BEFORE_MIGRATION: Final = "before-migration"
MANUAL: Final = "manual"
KINDS: Final = (DAILY, WEEKLY, BEFORE_MIGRATION, MANUAL)
"""What a backup is for, as its file name says."""

AUTO_BOUND_TIMES: Final = 10
"""The automatic size bound: this many times the newest compressed copy's size."""

_DAY_SECONDS: Final = 86_400


@dataclass(frozen=True)
class Copy:
    """One backup as rotation sees it."""

    name: str  # unique within the folder
    taken: float  # the file's mtime, seconds since the epoch
    size: int  # bytes on disk
    kind: str  # one of KINDS
    compressed: bool = True


@dataclass(frozen=True)
class Policy:
    daily: int = 7
    weekly: int = 4
    before_migration_days: int = 30
    manual: int = 5
    size_bound: int = 0
    """Bytes all the database's copies may take together; 0 = automatic."""


def _day(copy: Copy) -> dt.date:
    return dt.datetime.fromtimestamp(copy.taken).date()


def _week(copy: Copy) -> tuple[int, int]:
    year, week, _ = _day(copy).isocalendar()
    return year, week


def _newest_first(copies: Iterable[Copy], protected: Collection[str]) -> list[Copy]:
    """Newest first by file time, the protected copies ahead of all (the newest written)."""
    return sorted(copies, key=lambda c: (c.name not in protected, -c.taken, c.name))


def size_bound(copies: Iterable[Copy], protected: Collection[str], policy: Policy) -> int:
    """The bound in bytes: the policy's, or ``AUTO_BOUND_TIMES`` the newest compressed
    copy's size (of the newest copy when none is compressed; 0 when there are none)."""
    if policy.size_bound > 0:
        return policy.size_bound
    ordered = _newest_first(copies, protected)
    reference = next((c for c in ordered if c.compressed), ordered[0] if ordered else None)
    return 0 if reference is None else AUTO_BOUND_TIMES * reference.size


def _kept_by_count(copies: list[Copy], now: float, protected: Collection[str],
                   policy: Policy) -> set[str]:
    keep: set[str] = {c.name for c in copies if c.name in protected}
    regular = _newest_first((c for c in copies if c.kind in (DAILY, WEEKLY)), protected)
    days: set[dt.date] = set()
    weeks: set[tuple[int, int]] = set()
    for copy in regular:
        if len(days) >= policy.daily:
            break
        if _day(copy) not in days:
            days.add(_day(copy))
            weeks.add(_week(copy))
            keep.add(copy.name)
    weeklies = 0
    for copy in regular:
        if weeklies >= policy.weekly:
            break
        if copy.name not in keep and _week(copy) not in weeks:
            weeks.add(_week(copy))
            keep.add(copy.name)
            weeklies += 1
    horizon = now - policy.before_migration_days * _DAY_SECONDS
    keep.update(c.name for c in copies if c.kind == BEFORE_MIGRATION and c.taken >= horizon)
    manual = _newest_first((c for c in copies if c.kind == MANUAL), protected)
    keep.update(c.name for c in manual[: policy.manual])
    return keep


def to_remove(
    copies: Iterable[Copy],
    *,
    now: float,
    protected: Collection[str] = (),
    policy: Policy = Policy(),  # noqa: B008 (frozen, so one shared default is safe)
) -> list[Copy]:
    """The copies rotation removes, oldest first; never one named in ``protected``."""
    every = list(copies)
    keep = _kept_by_count(every, now, protected, policy)
    bound = size_bound(every, protected, policy)
    kept = [c for c in every if c.name in keep]
    total = sum(c.size for c in kept)
    for copy in reversed(_newest_first(kept, protected)):  # oldest first
        if total <= bound:
            break
        if copy.name not in protected:
            keep.discard(copy.name)
            total -= copy.size
    return [c for c in reversed(_newest_first(every, protected)) if c.name not in keep]


__all__ = [
    "AUTO_BOUND_TIMES",
    "BEFORE_MIGRATION",
    "DAILY",
    "KINDS",
    "MANUAL",
    "WEEKLY",
    "Copy",
    "Policy",
    "size_bound",
    "to_remove",
]
