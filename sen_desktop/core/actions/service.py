"""The action log: actions raised at meetings, their owners, dates, ratings and updates.

One log across all groups. Every action has a reference "<group code>-<n>", where n
counts every action the group has ever had (removed ones too), so a number is never
reused. The log of 100,000 actions must open at once, so listing is split in two:
``query_ids`` returns only the ids, in order, from one SQL query on the action table,
and ``rows(ids)`` fetches the display rows of one page of them in one query. Neither
builds ORM objects.

History is not kept twice: the operation log already holds every change to an action
and its updates, and ``detail`` renders it as lines a person reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final, cast

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    Table,
    and_,
    case,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.orm import Session, sessionmaker

from sen_desktop.core import dates
from sen_desktop.core.errors import NotFoundError, ValidationError
from sen_desktop.core.people.service import holders_on
from sen_desktop.core.references.service import next_action_number
from sen_desktop.core.store.models import (
    ACTION_STATUSES,
    BRAG_RATINGS,
    Action,
    ActionUpdate,
    AgendaItem,
    Group,
    Meeting,
    Person,
    Seat,
)
from sen_desktop.core.validation import check_date, clean_line, clean_text, uk_date

# --- words for the codes -----------------------------------------------------------------

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
#: Statuses of an action still to be done: listed at the next meeting, can be overdue.
OPEN_STATUSES: Final = ("open", "in_progress")
#: Ratings that need a reason.
COMMENT_REQUIRED: Final = ("red", "amber")
#: The ways ``query_ids`` can order the log.
SORT_KEYS: Final = ("reference", "due_date", "owner", "status", "brag", "group")
#: Rating order when sorting: most in need of attention first.
BRAG_ORDER: Final = ("red", "amber", "green", "grey", "blue")

DESCRIPTION_MAX: Final = 10_000
COMMENT_MAX: Final = 2_000
UPDATE_MAX: Final = 20_000
OWNER_TEXT_MAX: Final = 200

UPDATABLE: Final = frozenset(
    {"description", "owner_id", "owner_text", "due_date", "status", "brag", "brag_comment"}
)

_A = cast(Table, Action.__table__)
_U = cast(Table, ActionUpdate.__table__)
_G = cast(Table, Group.__table__)
_P = cast(Table, Person.__table__)
_M = cast(Table, Meeting.__table__)
_I = cast(Table, AgendaItem.__table__)
_IN_CHUNK = 500  # well under SQLite's bound-parameter limit


# --- records -----------------------------------------------------------------------------


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


@dataclass(frozen=True)
class OwnerChoice:
    """A person an action can be given to; members of the group come first."""

    person_id: str
    name: str
    member: bool


# --- text helpers ------------------------------------------------------------------------


# --- as at a date: what a paper prints --------------------------------------------------
#
# A paper is "as at" its meeting's or pack's date, never the day it is generated
# (FORMATS.md, "House style"), so these take the date; ``ActionRecord.overdue`` is the
# window's view, as at today.

#: What a paper's BRAG cell says: the ratings, and a dropped action shown as Dropped.
PRINTED_BRAG_LABELS: Final = {**BRAG_LABELS, "dropped": "Dropped"}


def overdue_on(due: dt.date | None, status: str, on: dt.date) -> bool:
    """Due before ``on`` and still open or in progress."""
    return due is not None and due < on and status in OPEN_STATUSES


def printed_brag(status: str, brag: str, due: dt.date | None, on: dt.date) -> str:
    """The rating a paper prints for an action as at ``on`` (FORMATS.md, "Action log"):

    - done is Blue (complete) and dropped is "dropped" (shown as Dropped, never Grey,
      which means not started), whatever rating was last given;
    - an open action past its due date is off track: Red, even if it was last rated
      Green (on track) or Grey (not started) — the two cannot both be true; an Amber
      rating (at risk) already flags it and stands;
    - otherwise the rating given; a new action is Grey until someone rates it.
    """
    if status == "done":
        return "blue"
    if status == "dropped":
        return "dropped"
    if overdue_on(due, status, on) and brag in ("green", "grey", "blue"):
        return "red"
    return brag


def _count(n: int, verb_one: str, verb_many: str) -> str:
    return f"{n} {verb_one if n == 1 else verb_many}"


def review_sentence(reviewed: int, updated: int, done: int, dropped: int) -> str:
    """What the matters-arising minute says of the action log reviewed at a meeting:
    "The group reviewed 12 open actions; progress was reported on 9. Of these, 5 were
    completed and 1 was dropped; 6 remain open and are carried forward." Counts of nought are
    left out rather than printed ("0 closed")."""
    if reviewed == 0:
        return "There were no open actions from previous meetings."
    noun = "open action" if reviewed == 1 else "open actions"
    text = f"The group reviewed {reviewed} {noun}"
    if updated == 0:
        text += "; no progress was reported."
    elif updated == reviewed:
        text += "; progress was reported on " + ("it." if reviewed == 1 else "each.")
    else:
        text += f"; progress was reported on {updated}."
    closed = []
    if done:
        closed.append(_count(done, "was completed", "were completed"))
    if dropped:
        closed.append(_count(dropped, "was dropped", "were dropped"))
    still = reviewed - done - dropped
    if closed:
        lead = " Of these, " if reviewed > 1 else " It "
        text += lead + " and ".join(closed).removeprefix("1 " if reviewed == 1 else "")
        if still:
            text += "; " + _count(still, "remains open and is", "remain open and are")
            text += " carried forward."
        else:
            text += "."
    elif still:
        text += " " + ("It remains open." if still == 1 else "All remain open.")
    return text


def short_date(day: dt.date) -> str:
    """ "8 Sep 2010" (core/dates.py writes every date the window shows)."""
    return dates.short_date(day)


def meeting_label(code: str, number: int | None, day: dt.date | None) -> str:
    """ "SG meeting 3 (8 Sep 2010)"."""
    text = f"{code} meeting {number}" if number is not None else f"{code} meeting"
    return f"{text} ({short_date(day)})" if day is not None else text


def raised_at_text(
    code: str,
    number: int | None,
    day: dt.date | None,
    minute_number: int | None,
    position: int | None,
) -> str:
    """ "SG meeting 3 (8 Sep 2010), minute 12", or "…, item 5" before minutes are numbered."""
    text = meeting_label(code, number, day)
    if minute_number is not None:
        return f"{text}, minute {minute_number}"
    if position is not None:
        return f"{text}, item {position}"
    return text


def _limit(value: str, field: str, label: str, max_len: int) -> str:
    if len(value) > max_len:
        raise ValidationError(
            f"Shorten {label} to {max_len:,} characters or fewer (it has {len(value):,}).",
            field=field,
        )
    return value


def _text(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise ValidationError("Enter text here.", field=field)
    return value


def clean_description(value: object) -> str:
    text = clean_text(_text(value, "description")).strip()
    if not text:
        raise ValidationError("Describe the action: what is to be done.", field="description")
    return _limit(text, "description", "the description", DESCRIPTION_MAX)


def _clean_comment(value: object) -> str:
    text = clean_text(_text(value, "brag_comment")).strip()
    return _limit(text, "brag_comment", "the rating comment", COMMENT_MAX)


def _clean_owner_text(value: object) -> str:
    text = clean_line(_text(value, "owner_text"))
    return _limit(text, "owner_text", "the owner's name", OWNER_TEXT_MAX)


def _check_status(value: object) -> str:
    if value not in ACTION_STATUSES:
        raise ValidationError(
            "Choose a status: open, in progress, done or dropped.", field="status"
        )
    return value


def _check_brag(value: object) -> str:
    if value not in BRAG_RATINGS:
        raise ValidationError("Choose a rating: Blue, Red, Amber, Green or Grey.", field="brag")
    return value


def _check_comment_rule(brag: str, comment: str) -> None:
    if brag in COMMENT_REQUIRED and not comment:
        raise ValidationError(
            f"Give a reason for the {BRAG_LABELS[brag]} rating.", field="brag_comment"
        )


def _check_due(due: dt.date | None, meeting_date: dt.date | None) -> None:
    if due is not None and meeting_date is not None and due < meeting_date:
        raise ValidationError(
            f"The due date must be on or after the meeting date ({uk_date(meeting_date)}).",
            field="due_date",
        )


def _optional_date(value: object, field: str, label: str) -> dt.date | None:
    return None if value is None else check_date(value, field, label)


# --- SQL pieces --------------------------------------------------------------------------


def _natural_reference() -> tuple[ColumnElement[Any], ColumnElement[Any]]:
    """The reference's prefix and number, so SG-2 sorts before SG-10."""
    ref = _A.c.reference
    dash = func.instr(ref, "-")
    prefix = func.substr(ref, 1, dash - 1)
    number = sql_cast(func.substr(ref, dash + 1), Integer)
    return prefix, number


def _order_case(column: ColumnElement[Any], order: Sequence[str]) -> ColumnElement[Any]:
    return case({value: n for n, value in enumerate(order)}, value=column, else_=len(order))


def _owner_name() -> ColumnElement[Any]:
    return func.coalesce(_P.c.full_name, _A.c.owner_text, "")


def _latest_update(column: Any) -> Any:
    return (
        select(column)
        .where(_U.c.action_id == _A.c.id, _U.c.deleted.is_(False))
        .order_by(_U.c.date.desc(), literal_column("action_update.rowid").desc())
        .limit(1)
        .correlate(_A)
        .scalar_subquery()
    )


def _rows_query() -> Select[Any]:
    return (
        select(
            _A.c.id,
            _A.c.reference,
            _A.c.group_id,
            _G.c.code,
            _A.c.meeting_id,
            _A.c.agenda_item_id,
            _M.c.number,
            _M.c.date,
            _I.c.minute_number,
            _I.c.position,
            _A.c.description,
            _A.c.owner_id,
            _A.c.owner_text,
            _P.c.full_name,
            _A.c.due_date,
            _A.c.status,
            _A.c.brag,
            _A.c.brag_comment,
            _A.c.closed_meeting_id,
            _latest_update(_U.c.text),
            _latest_update(_U.c.date),
        )
        .select_from(_A)
        .join(_G, _G.c.id == _A.c.group_id)
        .outerjoin(_P, _P.c.id == _A.c.owner_id)
        .outerjoin(_M, _M.c.id == _A.c.meeting_id)
        .outerjoin(_I, _I.c.id == _A.c.agenda_item_id)
    )


def _record(row: Any, today: dt.date) -> ActionRecord:
    (
        action_id,
        reference,
        group_id,
        code,
        meeting_id,
        item_id,
        number,
        meeting_date,
        minute_number,
        position,
        description,
        owner_id,
        owner_text,
        owner_name,
        due,
        status,
        brag,
        comment,
        closed_meeting_id,
        latest_text,
        latest_on,
    ) = row
    return ActionRecord(
        id=action_id,
        reference=reference,
        group_id=group_id,
        group_code=code,
        meeting_id=meeting_id,
        agenda_item_id=item_id,
        raised_at=(
            raised_at_text(code, number, meeting_date, minute_number, position)
            if meeting_id is not None
            else ""
        ),
        raised_short=(
            raised_at_text(code, number, None, minute_number, position)
            if meeting_id is not None
            else ""
        ),
        raised_on=meeting_date,
        description=description,
        owner_id=owner_id,
        owner_text=owner_text or "",
        owner=owner_name or owner_text or "",
        due_date=due,
        status=status,
        brag=brag,
        brag_comment=comment or "",
        closed_meeting_id=closed_meeting_id,
        overdue=due is not None and due < today and status in OPEN_STATUSES,
        latest_update=latest_text or "",
        latest_update_on=latest_on,
    )


# --- the service -------------------------------------------------------------------------


class ActionService:
    """The action log of every group."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self._sf = session_factory
        self._today = today

    # --- writing -----------------------------------------------------------------------

    def create(
        self,
        group_id: str,
        description: str,
        owner_id: str | None = None,
        owner_text: str = "",
        due_date: dt.date | None = None,
        meeting_id: str | None = None,
        agenda_item_id: str | None = None,
    ) -> ActionRecord:
        """Raise a new action for a group, at a meeting (and item) if given."""
        text = clean_description(description)
        outside = _clean_owner_text(owner_text)
        due = _optional_date(due_date, "due_date", "the due date")
        with self._sf.begin() as s:
            group = s.get(Group, group_id)
            if group is None or group.deleted:
                raise NotFoundError("This group no longer exists; it may have been removed.")
            meeting: Meeting | None = None
            if agenda_item_id is not None:
                item = s.get(AgendaItem, agenda_item_id)
                if item is None or item.deleted:
                    raise NotFoundError("This agenda item no longer exists.")
                if meeting_id is not None and item.meeting_id != meeting_id:
                    raise ValidationError(
                        "This agenda item belongs to another meeting.", field="agenda_item_id"
                    )
                meeting_id = item.meeting_id
            if meeting_id is not None:
                meeting = self._live_meeting(s, meeting_id)
                if meeting.group_id != group_id:
                    raise ValidationError(
                        "An action raised at a meeting belongs to that meeting's group.",
                        field="group_id",
                    )
            owner = self._owner(s, owner_id, outside)
            _check_due(due, meeting.date if meeting is not None else None)
            action = Action(
                reference=f"{group.code}-{self._next_number(s, group)}",
                group_id=group_id,
                meeting_id=meeting_id,
                agenda_item_id=agenda_item_id,
                description=text,
                owner_id=owner,
                owner_text="" if owner is not None else outside,
                due_date=due,
                status="open",
                brag="grey",
                brag_comment="",
            )
            s.add(action)
            s.flush()
            return self._fetch(s, [action.id])[0]

    def update(
        self, action_id: str, *, at_meeting_id: str | None = None, **fields: Any
    ) -> ActionRecord:
        """Change some of an action's fields; those not given stay as they are.

        Fields: description, owner_id, owner_text, due_date, status, brag, brag_comment.
        Giving a person as owner clears an outside owner and the reverse. An action
        marked done without a rating given is rated Blue (complete). ``at_meeting_id``
        names the meeting where the change was agreed: an action closed there stays on
        that meeting's list of matters arising.
        """
        unknown = set(fields) - UPDATABLE
        if unknown:
            raise TypeError(f"an action has no field {sorted(unknown)[0]!r}")
        values: dict[str, Any] = {}
        if "description" in fields:
            values["description"] = clean_description(fields["description"])
        if "owner_text" in fields:
            values["owner_text"] = _clean_owner_text(fields["owner_text"])
        if "due_date" in fields:
            values["due_date"] = _optional_date(fields["due_date"], "due_date", "the due date")
        if "status" in fields:
            values["status"] = _check_status(fields["status"])
        if "brag" in fields:
            values["brag"] = _check_brag(fields["brag"])
        if "brag_comment" in fields:
            values["brag_comment"] = _clean_comment(fields["brag_comment"])
        with self._sf.begin() as s:
            action = self._live_action(s, action_id)
            if "owner_id" in fields or "owner_text" in fields:
                outside = values.get("owner_text", "")
                owner_id = fields.get("owner_id")
                if "owner_id" not in fields and not outside:
                    owner_id = action.owner_id  # only an empty outside owner was given
                values["owner_id"] = self._owner(s, owner_id, outside, action.owner_id)
                values["owner_text"] = "" if values["owner_id"] is not None else outside
            if values.get("status") == "done" and "brag" not in values:
                values["brag"] = "blue"
            if values.get("brag", action.brag) != action.brag and "brag_comment" not in values:
                values["brag_comment"] = ""  # a comment explains the rating it was given for
            brag = values.get("brag", action.brag)
            comment = values.get("brag_comment", action.brag_comment or "")
            _check_comment_rule(brag, comment)
            if "due_date" in values and action.meeting_id is not None:
                meeting = s.get(Meeting, action.meeting_id)
                _check_due(values["due_date"], meeting.date if meeting is not None else None)
            if "status" in values and values["status"] != action.status:
                closing = values["status"] not in OPEN_STATUSES
                if closing and at_meeting_id is not None:
                    self._live_meeting(s, at_meeting_id)
                values["closed_meeting_id"] = at_meeting_id if closing else None
            for name, value in values.items():
                # Only real changes are written, so the history lists only real changes.
                if getattr(action, name) != value:
                    setattr(action, name, value)
            s.flush()
            return self._fetch(s, [action.id])[0]

    def add_update(
        self,
        action_id: str,
        text: str,
        on: dt.date | None = None,
        meeting_id: str | None = None,
        by_id: str | None = None,
    ) -> ActionUpdateRecord:
        """Record a dated progress update (at a meeting, if given: dated that day)."""
        body = clean_text(_text(text, "text")).strip()
        if not body:
            raise ValidationError("Write the progress update.", field="text")
        body = _limit(body, "text", "the update", UPDATE_MAX)
        day = _optional_date(on, "on", "the date of the update")
        with self._sf.begin() as s:
            action = self._live_action(s, action_id)
            meeting = self._live_meeting(s, meeting_id) if meeting_id is not None else None
            if day is None:
                day = meeting.date if meeting is not None else self._today()
            raised = s.get(Meeting, action.meeting_id) if action.meeting_id else None
            if raised is not None and day < raised.date:
                raise ValidationError(
                    "The update's date must be on or after the day the action was raised "
                    f"({uk_date(raised.date)}).",
                    field="on",
                )
            if by_id is not None:
                self._live_person(s, by_id)
            update = ActionUpdate(
                action_id=action_id, date=day, text=body, meeting_id=meeting_id, by_id=by_id
            )
            s.add(update)
            s.flush()
            return self._updates(s, [update.id])[0]

    def remove_update(self, update_id: str) -> None:
        """Tombstone a progress update (undo of add_update)."""
        self._set_update_deleted(update_id, True)

    def restore_update(self, update_id: str) -> ActionUpdateRecord:
        return self._set_update_deleted(update_id, False)

    def remove(self, action_id: str) -> ActionRecord:
        """Tombstone an action (for undo); its reference is never given out again."""
        return self._set_deleted(action_id, True)

    def restore(self, action_id: str) -> ActionRecord:
        """Bring back a removed action, as it was."""
        return self._set_deleted(action_id, False)

    # --- reading -----------------------------------------------------------------------

    def get(self, action_id: str) -> ActionRecord:
        with self._sf() as s:
            self._live_action(s, action_id)
            return self._fetch(s, [action_id])[0]

    def detail(self, action_id: str) -> ActionDetail:
        # Imported here: the history module reads this one's labels.
        from sen_desktop.core.actions.history import history_lines

        with self._sf() as s:
            self._live_action(s, action_id)
            record = self._fetch(s, [action_id])[0]
            group = s.get(Group, record.group_id)
            # Every update, removed ones too: the history tells of their removal.
            update_ids = list(
                s.scalars(
                    select(_U.c.id)
                    .where(_U.c.action_id == action_id)
                    .order_by(literal_column("action_update.rowid"))
                )
            )
            written = {update_id: n for n, update_id in enumerate(update_ids)}
            updates = sorted(
                self._updates(s, update_ids),
                key=lambda u: (u.on, written[u.id]),
                reverse=True,
            )
            lines = history_lines(s, action_id, update_ids)
            return ActionDetail(
                action=record,
                group_name=group.name if group is not None else "",
                updates=tuple(updates),
                history=tuple(lines),
            )

    def query_ids(
        self,
        filter: ActionFilter | None = None,
        sort_key: str = "reference",
        descending: bool = False,
    ) -> list[str]:
        """The ids of the actions ``filter`` lets through, in order: one SQL query."""
        if sort_key not in SORT_KEYS:
            raise ValueError(f"sort_key must be one of {SORT_KEYS}, not {sort_key!r}")
        wanted = filter or ActionFilter()
        query = select(_A.c.id).select_from(_A).where(*self._conditions(wanted))
        prefix, number = _natural_reference()
        keys: list[ColumnElement[Any]]
        if sort_key == "reference":
            keys = [prefix, number]
        elif sort_key == "due_date":
            keys = [_A.c.due_date.is_(None), _A.c.due_date]
        elif sort_key == "owner":
            query = query.outerjoin(_P, _P.c.id == _A.c.owner_id)
            owner = _owner_name()
            keys = [owner == "", owner.collate("NOCASE")]
        elif sort_key == "status":
            keys = [_order_case(_A.c.status, ACTION_STATUSES)]
        elif sort_key == "brag":
            keys = [_order_case(_A.c.brag, BRAG_ORDER)]
        else:  # group
            query = query.join(_G, _G.c.id == _A.c.group_id)
            keys = [_G.c.position, _G.c.code]
        ordered = [key.desc() if descending else key for key in keys]
        if sort_key == "due_date" and descending:
            ordered[0] = keys[0]  # undated actions stay last either way
        if sort_key == "owner" and descending:
            ordered[0] = keys[0]  # so do actions with no owner
        if sort_key != "reference":
            ordered += [prefix, number]
        ordered.append(_A.c.id)
        with self._sf() as s:
            return list(s.scalars(query.order_by(*ordered)))

    def count(self, filter: ActionFilter | None = None) -> int:
        with self._sf() as s:
            return int(
                s.scalar(
                    select(func.count())
                    .select_from(_A)
                    .where(*self._conditions(filter or ActionFilter()))
                )
                or 0
            )

    def rows(self, ids: Sequence[str]) -> list[ActionRow]:
        """The display rows of ``ids``, in the order given (missing ids are left out)."""
        with self._sf() as s:
            return self._fetch(s, ids)

    def carried_forward(self, meeting_id: str, as_at: bool = False) -> list[ActionRow]:
        """What the meeting's "Matters arising and action log" item lists.

        Every action of the meeting's group raised before this meeting (or outside any
        meeting) that is still open or in progress, plus those closed at this meeting,
        so an action marked done while the item is minuted stays in view.

        ``as_at``: the list as it stood at the meeting (what its minutes print, however
        long after they are generated): actions closed at a later meeting were still
        open then, so they are listed too; the records keep their present status, and
        the caller reads a later closing from ``closed_meeting_id``.
        """
        with self._sf() as s:
            meeting = self._live_meeting(s, meeting_id)
            raised = _M.alias("raised")
            closed_at = _M.alias("closed_at")
            earlier = or_(
                raised.c.date < meeting.date,
                and_(raised.c.date == meeting.date, raised.c.number < meeting.number),
            )
            still_open: ColumnElement[bool] = or_(
                _A.c.status.in_(OPEN_STATUSES), _A.c.closed_meeting_id == meeting_id
            )
            if as_at:
                later = or_(
                    closed_at.c.date > meeting.date,
                    and_(closed_at.c.date == meeting.date, closed_at.c.number > meeting.number),
                )
                still_open = or_(still_open, and_(closed_at.c.id.is_not(None), later))
            prefix, number = _natural_reference()
            ids = list(
                s.scalars(
                    select(_A.c.id)
                    .select_from(_A)
                    .outerjoin(raised, raised.c.id == _A.c.meeting_id)
                    .outerjoin(closed_at, closed_at.c.id == _A.c.closed_meeting_id)
                    .where(
                        _A.c.deleted.is_(False),
                        _A.c.group_id == meeting.group_id,
                        or_(_A.c.meeting_id.is_(None), earlier),
                        still_open,
                    )
                    .order_by(prefix, number, _A.c.id)
                )
            )
            return self._fetch(s, ids)

    def meeting_date(self, meeting_id: str) -> dt.date:
        """The day of a meeting: what an update recorded at it is dated."""
        with self._sf() as s:
            return self._live_meeting(s, meeting_id).date

    def for_meeting(self, meeting_id: str, agenda_item_id: str | None = None) -> list[ActionRow]:
        """The actions raised at a meeting (or at one of its items), by reference."""
        prefix, number = _natural_reference()
        query = select(_A.c.id).where(_A.c.deleted.is_(False), _A.c.meeting_id == meeting_id)
        if agenda_item_id is not None:
            query = query.where(_A.c.agenda_item_id == agenda_item_id)
        with self._sf() as s:
            ids = list(s.scalars(query.order_by(prefix, number, _A.c.id)))
            return self._fetch(s, ids)

    def owners(self, group_id: str | None = None) -> list[OwnerOption]:
        """Everyone who owns an action in the log (or the group's log), by name."""
        where: list[ColumnElement[bool]] = [_A.c.deleted.is_(False)]
        if group_id is not None:
            where.append(_A.c.group_id == group_id)
        with self._sf() as s:
            people = s.execute(
                select(_P.c.id, _P.c.full_name).where(
                    _P.c.id.in_(select(_A.c.owner_id).where(*where).distinct())
                )
            ).all()
            # One entry per outside owner however its case was typed, as the filter matches.
            texts = s.scalars(
                select(func.min(_A.c.owner_text))
                .where(*where, _A.c.owner_id.is_(None), _A.c.owner_text != "")
                .group_by(func.lower(_A.c.owner_text))
            ).all()
        options = [OwnerOption(pid, "", name) for pid, name in people]
        options += [OwnerOption(None, text, text) for text in texts]
        return sorted(options, key=lambda o: (o.label.casefold(), o.owner_id or ""))

    def owner_choices(
        self, group_id: str | None = None, on: dt.date | None = None
    ) -> list[OwnerChoice]:
        """People an action can be given to: the group's members on ``on`` first."""
        day = on or self._today()
        with self._sf() as s:
            members: set[str] = set()
            if group_id is not None:
                seats = s.scalars(
                    select(Seat.id).where(Seat.group_id == group_id, Seat.deleted.is_(False))
                ).all()
                members = {a.person_id for a in holders_on(s, day, seats).values()}
            people = s.execute(select(_P.c.id, _P.c.full_name).where(_P.c.deleted.is_(False))).all()
        choices = [OwnerChoice(pid, name, pid in members) for pid, name in people]
        return sorted(choices, key=lambda c: (not c.member, c.name.casefold(), c.person_id))

    # --- internals ---------------------------------------------------------------------

    def _conditions(self, wanted: ActionFilter) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = [_A.c.deleted.is_(False)]
        if wanted.group_id is not None:
            conditions.append(_A.c.group_id == wanted.group_id)
        if wanted.owner_id is not None:
            conditions.append(_A.c.owner_id == wanted.owner_id)
        if wanted.owner_text is not None:
            conditions.append(
                and_(
                    _A.c.owner_id.is_(None),
                    func.lower(_A.c.owner_text) == wanted.owner_text.lower(),
                )
            )
        if wanted.status is not None:
            statuses = (wanted.status,) if isinstance(wanted.status, str) else wanted.status
            conditions.append(_A.c.status.in_(list(statuses)))
        if wanted.brag is not None:
            conditions.append(_A.c.brag == wanted.brag)
        if wanted.overdue:
            conditions.append(_A.c.due_date < self._today())
            conditions.append(_A.c.status.in_(OPEN_STATUSES))
        return conditions

    def _fetch(self, s: Session, ids: Sequence[str]) -> list[ActionRecord]:
        today = self._today()
        found: dict[str, ActionRecord] = {}
        wanted = list(ids)
        for start in range(0, len(wanted), _IN_CHUNK):
            chunk = wanted[start : start + _IN_CHUNK]
            for row in s.execute(_rows_query().where(_A.c.id.in_(chunk))):
                found[row[0]] = _record(row, today)
        return [found[i] for i in wanted if i in found]

    def _updates(
        self, s: Session, ids: Iterable[str], include_deleted: bool = False
    ) -> list[ActionUpdateRecord]:
        wanted = list(ids)
        if not wanted:
            return []
        query = (
            select(
                _U.c.id,
                _U.c.action_id,
                _U.c.date,
                _U.c.text,
                _U.c.meeting_id,
                _U.c.by_id,
                _P.c.full_name,
                _G.c.code,
                _M.c.number,
                _M.c.date,
            )
            .select_from(_U)
            .outerjoin(_P, _P.c.id == _U.c.by_id)
            .outerjoin(_M, _M.c.id == _U.c.meeting_id)
            .outerjoin(_G, _G.c.id == _M.c.group_id)
            .where(_U.c.id.in_(wanted))
        )
        if not include_deleted:
            query = query.where(_U.c.deleted.is_(False))
        found = {
            row[0]: ActionUpdateRecord(
                id=row[0],
                action_id=row[1],
                on=row[2],
                text=row[3],
                meeting_id=row[4],
                meeting_label=meeting_label(row[7], row[8], row[9]) if row[4] else "",
                by_id=row[5],
                by_name=row[6] or "",
            )
            for row in s.execute(query)
        }
        return [found[i] for i in wanted if i in found]

    def _set_deleted(self, action_id: str, deleted: bool) -> ActionRecord:
        with self._sf.begin() as s:
            action = s.get(Action, action_id)
            if action is None:
                raise NotFoundError("This action no longer exists.")
            if action.deleted != deleted:
                action.deleted = deleted
                s.flush()
            return self._fetch(s, [action_id])[0]

    def _set_update_deleted(self, update_id: str, deleted: bool) -> ActionUpdateRecord:
        with self._sf.begin() as s:
            update = s.get(ActionUpdate, update_id)
            if update is None:
                raise NotFoundError("This progress update no longer exists.")
            if update.deleted != deleted:
                update.deleted = deleted
                s.flush()
            return self._updates(s, [update_id], include_deleted=True)[0]

    @staticmethod
    def _next_number(s: Session, group: Group) -> int:
        # Every action the group has ever had counts, removed ones too, so a reference
        # is never given out twice; the highest number guards against gaps from sync.
        # The range is this laptop's for the group (``references``: the laptop certified
        # to write the group's minutes numbers SG-1, SG-2 …; others their own range).
        return next_action_number(s, group)

    @staticmethod
    def _live_action(s: Session, action_id: str) -> Action:
        action = s.get(Action, action_id)
        if action is None or action.deleted:
            raise NotFoundError("This action no longer exists; it may have been removed.")
        return action

    @staticmethod
    def _live_meeting(s: Session, meeting_id: str) -> Meeting:
        meeting = s.get(Meeting, meeting_id)
        if meeting is None or meeting.deleted:
            raise NotFoundError("This meeting no longer exists; it may have been removed.")
        return meeting

    @staticmethod
    def _live_person(s: Session, person_id: str) -> Person:
        person = s.get(Person, person_id)
        if person is None or person.deleted:
            raise ValidationError(
                "This person is no longer in the programme; choose someone else.",
                field="owner",
            )
        return person

    def _owner(
        self, s: Session, owner_id: str | None, outside: str, current: str | None = None
    ) -> str | None:
        if owner_id is None:
            return None
        if outside:
            raise ValidationError(
                "Choose a person or type an outside owner, not both.", field="owner"
            )
        if owner_id != current:  # an owner who has since left may stay on old actions
            self._live_person(s, owner_id)
        return owner_id


__all__ = [
    "ACTION_STATUSES",
    "BRAG_LABELS",
    "BRAG_MEANINGS",
    "BRAG_ORDER",
    "BRAG_RATINGS",
    "OPEN_STATUSES",
    "SORT_KEYS",
    "STATUS_LABELS",
    "ActionDetail",
    "ActionFilter",
    "ActionRecord",
    "ActionRow",
    "ActionService",
    "ActionUpdateRecord",
    "OwnerChoice",
    "OwnerOption",
    "meeting_label",
    "raised_at_text",
    "short_date",
]
