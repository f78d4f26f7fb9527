"""What the minutes services return, and the minutes' own labels: plain frozen records a
screen or a paper can hold without the database (no SQLAlchemy here: importing this
module loads none, so the minute-taking view can be imported before the database opens).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import datetime as dt

    from sen_desktop.core.meetings.records import AgendaItemRecord

#: A minute may hold a long pasted report (1 MB and more is stored faithfully); past
#: this it is almost certainly a mistake, and every save would copy it to the log.
MAX_MINUTE_CHARS: Final = 5_000_000
MAX_RESOLUTION_CHARS: Final = 20_000

RESOLUTION_GONE: Final = "This resolution no longer exists; it may have been removed."

#: Minutes in these states can no longer be changed here.
LOCKED_STATUSES: Final = frozenset({"confirmed", "cancelled"})

# "RESOLVED that" is printed once, above the lettered points (docs/formats.md, "Minutes"); a
# point typed or pasted with the words in front keeps only what follows them.
_RESOLVED_THAT = re.compile(r"\s*resolved\s+that\b[\s:,\-–—]*", re.IGNORECASE)


# --- records -------------------------------------------------------------------------


@dataclass(frozen=True)
class ResolutionRecord:
    id: str
    item_id: str
    position: int  # 1-based, in order within the item
    label: str  # "(a)", "(b)" …
    text: str


@dataclass(frozen=True)
class MinuteAction:
    """An action raised at an agenda item, as the minutes show it."""

    id: str
    reference: str  # "SG-14"
    description: str
    owner_id: str | None
    owner_name: str  # the person's name, or the owner typed as text
    due_date: dt.date | None
    status: str


@dataclass(frozen=True)
class ItemMinutes:
    item: AgendaItemRecord
    text: str
    resolutions: tuple[ResolutionRecord, ...]
    actions: tuple[MinuteAction, ...]

    @property
    def minute_number(self) -> int:
        """The item's minute number, or its agenda position until numbers are given."""
        return self.item.minute_number or self.item.position


@dataclass(frozen=True)
class MeetingMinutes:
    meeting_id: str
    group_id: str
    group_code: str
    group_name: str
    number: int
    date: dt.date
    status: str
    items: tuple[ItemMinutes, ...]

    @property
    def editable(self) -> bool:
        return self.status not in LOCKED_STATUSES


def resolution_label(position: int) -> str:
    """(a) … (z), then (aa), (ab) …: how minutes letter their resolutions."""
    if position < 1:
        raise ValueError("positions start at 1")
    letters = ""
    n = position
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return f"({letters})"


def resolution_point(text: str) -> str:
    """A resolution as one lettered point: without a leading "RESOLVED that"."""
    match = _RESOLVED_THAT.match(text)
    return text[match.end():] if match else text
