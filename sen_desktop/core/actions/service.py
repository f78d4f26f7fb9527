"""The action log: actions raised at meetings, their owners, dates, ratings and updates.

One log across all groups. Every action has a reference "<group code>-<n>", where n
counts every action the group has ever had (removed ones too), so a number is never
reused. The log of 100,000 actions must open at once: ``open_log`` answers with the
count and one page (``core/actions/listing.py`` reads both from indexes), ``page`` the
pages after it as they scroll into view. No ORM objects are built for a listing.

History is not kept twice: the operation log already holds every change to an action
and its updates, and ``detail`` renders it as lines a person reads
(``core/actions/history.py``). The records, labels and rules live beside this module
(``records.py``, ``wording.py``, ``rules.py``) so screens and papers read them without
loading the store.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, func, literal_column, select

from sen_desktop.core.actions import listing
from sen_desktop.core.actions.history import history_lines
from sen_desktop.core.actions.listing import A, P, U
from sen_desktop.core.actions.meeting_lists import carried_forward_ids
from sen_desktop.core.actions.records import (
    OPEN_STATUSES,
    UPDATABLE,
    ActionDetail,
    ActionFilter,
    ActionLogView,
    ActionPage,
    ActionRecord,
    ActionRow,
    ActionUpdateRecord,
    OwnerChoice,
    OwnerOption,
    SortKey,
)
from sen_desktop.core.actions.rules import (
    check_brag,
    check_comment_rule,
    check_due,
    check_status,
    clean_comment,
    clean_description,
    clean_owner_text,
    clean_update,
    optional_date,
)
from sen_desktop.core.errors import NotFoundError, ValidationError
from sen_desktop.core.people.queries import holders_on
from sen_desktop.core.references.allocation import next_action_number
from sen_desktop.core.store.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Group,
    Meeting,
    Person,
    Seat,
)
from sen_desktop.core.store.rows import live_row
from sen_desktop.core.validation import uk_date

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from sqlalchemy.orm import Session, sessionmaker

PAGE_SIZE = 200
"""Rows in a page of the log: a screenful many times over, one query."""

_GONE_ACTION = "This action no longer exists; it may have been removed."
_GONE_MEETING = "This meeting no longer exists; it may have been removed."
_GONE_PERSON = "This person is no longer in the programme; choose someone else."


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
        outside = clean_owner_text(owner_text)
        due = optional_date(due_date, "due_date", "the due date")
        with self._sf.begin() as s:
            group = live_row(
                s, Group, group_id, "This group no longer exists; it may have been removed."
            )
            meeting: Meeting | None = None
            if agenda_item_id is not None:
                item = live_row(
                    s, AgendaItem, agenda_item_id, "This agenda item no longer exists."
                )
                if meeting_id is not None and item.meeting_id != meeting_id:
                    raise ValidationError(
                        "This agenda item belongs to another meeting.", field="agenda_item_id"
                    )
                meeting_id = item.meeting_id
            if meeting_id is not None:
                meeting = live_row(s, Meeting, meeting_id, _GONE_MEETING)
                if meeting.group_id != group_id:
                    raise ValidationError(
                        "An action raised at a meeting belongs to that meeting's group.",
                        field="group_id",
                    )
            owner = self._owner(s, owner_id, outside)
            check_due(due, meeting.date if meeting is not None else None)
            # Every action the group has ever had counts, removed ones too, so a reference
            # is never given out twice; the range is this laptop's for the group
            # (core/references: the laptop certified to write the group's minutes numbers
            # SG-1, SG-2 …; others their own range).
            action = Action(
                reference=f"{group.code}-{next_action_number(s, group)}",
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
            values["owner_text"] = clean_owner_text(fields["owner_text"])
        if "due_date" in fields:
            values["due_date"] = optional_date(fields["due_date"], "due_date", "the due date")
        if "status" in fields:
            values["status"] = check_status(fields["status"])
        if "brag" in fields:
            values["brag"] = check_brag(fields["brag"])
        if "brag_comment" in fields:
            values["brag_comment"] = clean_comment(fields["brag_comment"])
        with self._sf.begin() as s:
            action = live_row(s, Action, action_id, _GONE_ACTION)
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
            check_comment_rule(brag, comment)
            if "due_date" in values and action.meeting_id is not None:
                meeting = s.get(Meeting, action.meeting_id)
                check_due(values["due_date"], meeting.date if meeting is not None else None)
            if "status" in values and values["status"] != action.status:
                closing = values["status"] not in OPEN_STATUSES
                if closing and at_meeting_id is not None:
                    live_row(s, Meeting, at_meeting_id, _GONE_MEETING)
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
        body = clean_update(text)
        day = optional_date(on, "on", "the date of the update")
        with self._sf.begin() as s:
            action = live_row(s, Action, action_id, _GONE_ACTION)
            meeting = (
                live_row(s, Meeting, meeting_id, _GONE_MEETING) if meeting_id is not None else None
            )
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
                live_row(s, Person, by_id, _GONE_PERSON, field="owner")
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

    # --- reading one action ------------------------------------------------------------

    def get(self, action_id: str) -> ActionRecord:
        with self._sf() as s:
            live_row(s, Action, action_id, _GONE_ACTION)
            return self._fetch(s, [action_id])[0]

    def detail(self, action_id: str) -> ActionDetail:
        with self._sf() as s:
            return self._detail(s, action_id)

    # --- the log -----------------------------------------------------------------------

    def open_log(
        self,
        filter: ActionFilter | None = None,
        sort_key: str = "reference",
        descending: bool = False,
        *,
        keep_id: str | None = None,
        size: int = PAGE_SIZE,
        with_detail: bool = True,
    ) -> ActionLogView:
        """The log as it first shows: how many pass ``filter``, and one page of them.

        The page is the first, or the one holding ``keep_id`` when the filter lets it
        through (the action chosen before a filter, sort or edit stays chosen); the
        chosen action's detail comes too (``with_detail``). One read transaction, so
        the count and the page agree.
        """
        wanted = filter or ActionFilter()
        today = self._today()
        with self._sf() as s:
            total = listing.count(s, wanted, today)
            at = (
                listing.position(s, keep_id, wanted, sort_key, descending, today)
                if keep_id is not None
                else -1
            )
            start = at // size * size if at >= 0 else 0
            page = listing.read_page(
                s, wanted, sort_key, descending, today, start=start, after=None, size=size
            )
            chosen = keep_id if at >= 0 else (page.rows[0].id if page.rows else None)
            detail = self._detail(s, chosen) if chosen is not None and with_detail else None
            return ActionLogView(total=total, page=page, chosen=chosen, detail=detail)

    def page(
        self,
        filter: ActionFilter | None = None,
        sort_key: str = "reference",
        descending: bool = False,
        *,
        start: int = 0,
        after: SortKey | None = None,
        size: int = PAGE_SIZE,
    ) -> ActionPage:
        """``size`` rows of the log from row ``start``; given ``after`` (the previous
        page's ``ActionPage.after``), the rows after that key instead, which costs the
        same however deep the page is."""
        with self._sf() as s:
            return listing.read_page(
                s, filter or ActionFilter(), sort_key, descending, self._today(),
                start=start, after=after, size=size,
            )

    def count(self, filter: ActionFilter | None = None) -> int:
        with self._sf() as s:
            return listing.count(s, filter or ActionFilter(), self._today())

    def query_ids(
        self,
        filter: ActionFilter | None = None,
        sort_key: str = "reference",
        descending: bool = False,
    ) -> list[str]:
        """Every id ``filter`` lets through, in order (for small lists and exports; the
        window pages through the log with ``open_log`` and ``page`` instead)."""
        with self._sf() as s:
            return listing.ordered_ids(
                s, filter or ActionFilter(), sort_key, descending, self._today()
            )

    def rows(self, ids: Sequence[str]) -> list[ActionRow]:
        """The display rows of ``ids``, in the order given (missing ids are left out)."""
        with self._sf() as s:
            return self._fetch(s, ids)

    # --- what meetings list ------------------------------------------------------------

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
            meeting = live_row(s, Meeting, meeting_id, _GONE_MEETING)
            return self._fetch(s, carried_forward_ids(s, meeting, as_at))

    def meeting_date(self, meeting_id: str) -> dt.date:
        """The day of a meeting: what an update recorded at it is dated."""
        with self._sf() as s:
            return live_row(s, Meeting, meeting_id, _GONE_MEETING).date

    def for_meeting(self, meeting_id: str, agenda_item_id: str | None = None) -> list[ActionRow]:
        """The actions raised at a meeting (or at one of its items), by reference."""
        prefix, number = listing.natural_reference()
        query = select(A.c.id).where(A.c.deleted.is_(False), A.c.meeting_id == meeting_id)
        if agenda_item_id is not None:
            query = query.where(A.c.agenda_item_id == agenda_item_id)
        with self._sf() as s:
            ids = list(s.scalars(query.order_by(prefix, number, A.c.id)))
            return self._fetch(s, ids)

    # --- owners ------------------------------------------------------------------------

    def owners(self, group_id: str | None = None) -> list[OwnerOption]:
        """Everyone who owns an action in the log (or the group's log), by name."""
        where: list[ColumnElement[bool]] = [A.c.deleted.is_(False)]
        if group_id is not None:
            where.append(A.c.group_id == group_id)
        with self._sf() as s:
            people = s.execute(
                select(P.c.id, P.c.full_name).where(
                    P.c.id.in_(select(A.c.owner_id).where(*where).distinct())
                )
            ).all()
            # One entry per outside owner however its case was typed, as the filter matches.
            texts = s.scalars(
                select(func.min(A.c.owner_text))
                .where(*where, A.c.owner_id.is_(None), A.c.owner_text != "")
                .group_by(func.lower(A.c.owner_text))
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
            people = s.execute(select(P.c.id, P.c.full_name).where(P.c.deleted.is_(False))).all()
        choices = [
            OwnerChoice(pid, name, "member" if pid in members else "") for pid, name in people
        ]
        return sorted(choices, key=lambda c: (not c.member, c.name.casefold(), c.person_id))

    # --- internals ---------------------------------------------------------------------

    def _fetch(self, s: Session, ids: Sequence[str]) -> list[ActionRecord]:
        return listing.fetch(s, ids, self._today())

    def _detail(self, s: Session, action_id: str) -> ActionDetail:
        live_row(s, Action, action_id, _GONE_ACTION)
        record = self._fetch(s, [action_id])[0]
        group = s.get(Group, record.group_id)
        # Every update, removed ones too: the history tells of their removal.
        update_ids = list(
            s.scalars(
                select(U.c.id)
                .where(U.c.action_id == action_id)
                .order_by(literal_column("action_update.rowid"))
            )
        )
        written = {update_id: n for n, update_id in enumerate(update_ids)}
        updates = sorted(
            self._updates(s, update_ids), key=lambda u: (u.on, written[u.id]), reverse=True
        )
        return ActionDetail(
            action=record,
            group_name=group.name if group is not None else "",
            updates=tuple(updates),
            history=tuple(history_lines(s, action_id, update_ids)),
        )

    @staticmethod
    def _updates(
        s: Session, ids: Iterable[str], include_deleted: bool = False
    ) -> list[ActionUpdateRecord]:
        return listing.updates(s, ids, include_deleted)

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
    def _owner(
        s: Session, owner_id: str | None, outside: str, current: str | None = None
    ) -> str | None:
        if owner_id is None:
            return None
        if outside:
            raise ValidationError(
                "Choose a person or type an outside owner, not both.", field="owner"
            )
        if owner_id != current:  # an owner who has since left may stay on old actions
            live_row(s, Person, owner_id, _GONE_PERSON, field="owner")
        return owner_id



__all__ = ["PAGE_SIZE", "ActionService"]
