"""What the action log's services return, and the words for its codes.

Frozen dataclasses, labels and vocabularies only: no SQLAlchemy, so a window or a paper
can import them without loading the store (docs/architecture.md, "Layers").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from sen_desktop.core.actions.vocabulary import ACTION_STATUSES, BRAG_RATINGS
from sen_desktop.core.people.records import OwnerChoice

if TYPE_CHECKING:
    import datetime as dt


STATUS_LABELS: Final = {
    "open": "Open",
    "in_progress": "In progress",
    "done": "Done",
    "dropped": "Dropped",
}
BRAG_LABELS: Final = {
    "blue": "Blue",
    "red": "Red",
    "amber": "Amber",
    "green": "Green",
    "grey": "Grey",
}
BRAG_MEANINGS: Final = {
    "blue": "complete",
    "red": "off track",
    "amber": "at risk",
    "green": "on track",
    "grey": "not started",
}
#: What a paper's BRAG cell says: the ratings, and a dropped action shown as Dropped.
PRINTED_BRAG_LABELS: Final = {**BRAG_LABELS, "dropped": "Dropped"}
#: Statuses of an action still to be done: listed at the next meeting, can be overdue.
OPEN_STATUSES: Final = ("open", "in_progress")
#: Ratings that need a reason.
COMMENT_REQUIRED: Final = ("red", "amber")
#: The ways the log can be ordered.
SORT_KEYS: Final = ("reference", "due_date", "owner", "status", "brag", "group")
#: Rating order when sorting: most in need of attention first.
BRAG_ORDER: Final = ("red", "amber", "green", "grey", "blue")

DESCRIPTION_MAX: Final = 10_000
COMMENT_MAX: Final = 2_000
UPDATE_MAX: Final = 20_000
OWNER_TEXT_MAX: Final = 200

#: The fields ``ActionService.update`` changes.
UPDATABLE: Final = frozenset(
    {"description", "owner_id", "owner_text", "due_date", "status", "brag", "brag_comment"}
)


@dataclass(frozen=True)
class ActionFilter:
    """Which actions to list; every field left as None (or False) lets all through.

    ``status`` is one status or a tuple of them (``OPEN_STATUSES`` for "still to do").
    ``owner_id`` picks a person; ``owner_text`` an outside owner typed as text.
    ``overdue`` keeps actions due before today that are neither done nor dropped.
    """

    group_id: str | None = None
    owner_id: str | None = None
    owner_text: str | None = None
    status: str | tuple[str, ...] | None = None
    brag: str | None = None
    overdue: bool = False


@dataclass(frozen=True)
class ActionRecord:
    """One action as every screen shows it."""

    id: str
    reference: str  # "SG-14"
    group_id: str
    group_code: str
    meeting_id: str | None
    agenda_item_id: str | None
    raised_at: str  # "SG meeting 3 (8 Sep 2010), minute 12"; "" if not raised at a meeting
    raised_short: str  # "SG meeting 3, minute 12": the log's column, beside the date
    raised_on: dt.date | None  # the meeting's date
    description: str
    owner_id: str | None
    owner_text: str
    owner: str  # the person's name, else the outside owner's text, else ""
    due_date: dt.date | None
    status: str  # ACTION_STATUSES
    brag: str  # BRAG_RATINGS
    brag_comment: str
    closed_meeting_id: str | None
    overdue: bool  # due before today and still open or in progress
    latest_update: str  # the newest progress update's text, "" if none
    latest_update_on: dt.date | None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def brag_label(self) -> str:
        return BRAG_LABELS.get(self.brag, self.brag)


#: A row of the action log is a whole record: a page of 200 costs one query either way.
ActionRow = ActionRecord

#: Where a page of the log ends, in its sort order: the next page starts after it.
SortKey = tuple[object, ...]


@dataclass(frozen=True)
class ActionPage:
    """Rows ``start``, ``start + 1`` … of the log in one filter and order.

    ``after`` is the sort key of the last row (None when the page is empty): the next
    page is asked for as "the rows after this key", which an index answers at once
    however deep in the log it is (keyset paging), rather than by counting rows.
    """

    start: int
    rows: tuple[ActionRow, ...]
    after: SortKey | None


@dataclass(frozen=True)
class ActionLogView:
    """What opening the log (or changing its filter or order) shows at once.

    ``total`` actions pass the filter; ``page`` holds the first rows, or the rows
    around the action that was chosen before (``chosen``), whose ``detail`` is ready
    too, so the page paints complete.
    """

    total: int
    page: ActionPage
    chosen: str | None
    detail: ActionDetail | None


@dataclass(frozen=True)
class ActionUpdateRecord:
    id: str
    action_id: str
    on: dt.date
    text: str
    meeting_id: str | None
    meeting_label: str  # "SG meeting 4 (12 Oct 2010)"; "" if not recorded at a meeting
    by_id: str | None
    by_name: str


@dataclass(frozen=True)
class ActionDetail:
    """An action with its progress updates (newest first) and its history (oldest first)."""

    action: ActionRecord
    group_name: str
    updates: tuple[ActionUpdateRecord, ...]
    history: tuple[str, ...]  # "12 Oct 2010 14:02 — status: open → in progress"


@dataclass(frozen=True)
class OwnerOption:
    """An owner appearing in the log, for the owner filter."""

    owner_id: str | None
    owner_text: str
    label: str


__all__ = [
    "ACTION_STATUSES",
    "BRAG_LABELS",
    "BRAG_MEANINGS",
    "BRAG_ORDER",
    "BRAG_RATINGS",
    "COMMENT_MAX",
    "COMMENT_REQUIRED",
    "DESCRIPTION_MAX",
    "OPEN_STATUSES",
    "OWNER_TEXT_MAX",
    "PRINTED_BRAG_LABELS",
    "SORT_KEYS",
    "STATUS_LABELS",
    "UPDATABLE",
    "UPDATE_MAX",
    "ActionDetail",
    "ActionFilter",
    "ActionLogView",
    "ActionPage",
    "ActionRecord",
    "ActionRow",
    "ActionUpdateRecord",
    "OwnerChoice",  # the one in core/people/records.py, which people's lists share
    "OwnerOption",
    "SortKey",
]
