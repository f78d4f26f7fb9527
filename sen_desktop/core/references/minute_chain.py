"""A group's chain of meetings with their minute numbers, and whether recounting them
would clear a minutes clash (``detection`` lists the clash as ``Clash.chain_blocked``
when it would not; ``service._recount_minutes`` does the recount).

Minute numbers follow the meetings' dates: each unpublished meeting's items follow on
from the meeting before it, published ones keep their numbers. Two grouped queries read
a group's whole chain however many meetings it has.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from sen_desktop.core.meetings.records import FROZEN_STATUSES
from sen_desktop.core.store.models import AgendaItem, Meeting

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

    from sen_desktop.core.references.records import ClashRow


@dataclass(slots=True)
class MinuteLink:
    """A meeting in its group's chain, with its minute numbers as they stand."""

    day: dt.date
    number: int
    meeting_id: str
    frozen: bool
    items: int  # live agenda items (each gets a minute number)
    minutes: set[int]


def minute_chains(s: Session, group_ids: Sequence[str]) -> dict[str, list[MinuteLink]]:
    """Each group's chain (live meetings not cancelled, in date order), with minute
    numbers: two grouped queries however many meetings."""
    links: dict[str, MinuteLink] = {}
    chains: dict[str, list[MinuteLink]] = defaultdict(list)
    for group_id, day, number, meeting_id, status in s.execute(
        select(Meeting.group_id, Meeting.date, Meeting.number, Meeting.id, Meeting.status)
        .where(
            Meeting.group_id.in_(group_ids),
            Meeting.deleted.is_(False),
            Meeting.status != "cancelled",
        )
        .order_by(Meeting.date, Meeting.number, Meeting.id)
    ):
        link = MinuteLink(day, number, meeting_id, status in FROZEN_STATUSES, 0, set())
        links[meeting_id] = link
        chains[group_id].append(link)
    for meeting_id, minute in s.execute(
        select(AgendaItem.meeting_id, AgendaItem.minute_number)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(
            Meeting.group_id.in_(group_ids),
            Meeting.deleted.is_(False),
            Meeting.status != "cancelled",
            AgendaItem.deleted.is_(False),
        )
    ):
        link = links[meeting_id]
        link.items += 1
        if minute is not None:
            link.minutes.add(int(minute))
    return chains


def recount_blocked(chain: Sequence[MinuteLink], items: Sequence[ClashRow]) -> bool:
    """Would recounting from the clash's earliest unpublished meeting leave a clash?

    The recount (``service._recount_minutes``) is simulated on the chain: every unpublished
    meeting from that date on follows on from the meeting before it, published ones
    keep their numbers. It is blocked -- a person must decide -- when afterwards a
    meeting of this clash, or one the recount changed, still shares a number (say an
    unpublished meeting dated before a published one)."""
    dates = [r.when for r in items if not r.published and r.when is not None]
    if not dates:
        return False
    since = min(dates)
    watched = {r.row_id for r in items}
    after: dict[str, set[int]] = {}
    last = 0
    for link in chain:
        if link.day >= since and not link.frozen:
            after[link.meeting_id] = set(range(last + 1, last + link.items + 1))
            watched.add(link.meeting_id)
            # As the recount reads it back: the previous meeting's highest, 0 if none.
            last = last + link.items if link.items else 0
        else:
            after[link.meeting_id] = link.minutes
            last = max(link.minutes, default=0)
    seen: dict[int, str] = {}
    for meeting_id, numbers in after.items():
        for n in numbers:
            other = seen.setdefault(n, meeting_id)
            if other != meeting_id and (meeting_id in watched or other in watched):
                return True
    return False


__all__ = ["MinuteLink", "minute_chains", "recount_blocked"]
