"""The minutes of a meeting: discussion text and "RESOLVED that" points per agenda item.

Each agenda item has one discussion text (a ``MinuteEntry``) and any number of
resolutions, labelled (a), (b) … from their order. ``save_text`` is what autosave calls
several times a second while a secretary types, so it writes only when the text has
changed and costs one short transaction. Actions raised at an item are the action log's
(``core/actions/service.py``); the minutes only read them, to show and print them with the item.

Text is stored as typed or pasted, through ``clean_text`` (Word's soft breaks become
new lines, other control characters go; emoji and right-to-left text stay).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING

from sqlalchemy import select

from sen_desktop.core.errors import NotFoundError, ValidationError
from sen_desktop.core.meetings.records import ITEM_GONE, MEETING_GONE, AgendaItemRecord
from sen_desktop.core.minutes.records import (
    MAX_MINUTE_CHARS,
    MAX_RESOLUTION_CHARS,
    RESOLUTION_GONE,
    ItemMinutes,
    MeetingMinutes,
    MinuteAction,
    ResolutionRecord,
    resolution_label,
    resolution_point,
)
from sen_desktop.core.people.queries import holders_on
from sen_desktop.core.people.records import OwnerChoice
from sen_desktop.core.store.models import (
    Action,
    AgendaItem,
    Attendance,
    Group,
    Meeting,
    MinuteEntry,
    Person,
    Resolution,
    Seat,
)
from sen_desktop.core.store.rows import live_row
from sen_desktop.core.validation import clean_text, limit_text

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from sqlalchemy.orm import Session, sessionmaker

_REFERENCE_NUMBER = re.compile(r"(\d+)$")


def _reference_key(reference: str) -> tuple[int, str]:
    match = _REFERENCE_NUMBER.search(reference)
    return (int(match.group(1)) if match else 0, reference)


# --- row helpers ---------------------------------------------------------------------


def item_record(item: AgendaItem, position: int) -> AgendaItemRecord:
    """The record of an item at ``position`` (1-based) among its meeting's live items."""
    return AgendaItemRecord(
        id=item.id,
        meeting_id=item.meeting_id,
        position=position,
        kind=item.kind,
        title=item.title,
        presenter=item.presenter or "",
        paper_ref=item.paper_ref or "",
        exempt=bool(item.exempt),
        exempt_paragraph=item.exempt_paragraph,
        exempt_reason=item.exempt_reason or "",
        minute_number=item.minute_number,
    )


def _item_and_meeting(s: Session, item_id: str) -> tuple[AgendaItem, Meeting]:
    """A live item of a live meeting (an item of a removed meeting is gone too)."""
    item = live_row(s, AgendaItem, item_id, ITEM_GONE)
    return item, live_row(s, Meeting, item.meeting_id, ITEM_GONE)


def _editable_item(s: Session, item_id: str, field: str) -> AgendaItem:
    item, meeting = _item_and_meeting(s, item_id)
    if meeting.status == "confirmed":
        raise ValidationError(
            "These minutes have been confirmed and can no longer be changed.", field=field
        )
    if meeting.status == "cancelled":
        raise ValidationError("This meeting was cancelled, so it has no minutes.", field=field)
    return item


def _meeting_items(s: Session, meeting_id: str) -> list[AgendaItem]:
    return list(
        s.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id, AgendaItem.deleted.is_(False))
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )


def _entries(s: Session, item_ids: Sequence[str]) -> dict[str, list[MinuteEntry]]:
    out: dict[str, list[MinuteEntry]] = defaultdict(list)
    if not item_ids:
        return out
    rows = s.scalars(
        select(MinuteEntry)
        .where(MinuteEntry.agenda_item_id.in_(list(item_ids)), MinuteEntry.deleted.is_(False))
        .order_by(MinuteEntry.position, MinuteEntry.id)
    )
    for entry in rows:
        out[entry.agenda_item_id].append(entry)
    return out


def _joined(entries: Iterable[MinuteEntry]) -> str:
    # One entry per item is the rule; two only arrive when two laptops each started
    # the item's minute. Both texts are shown, and the next save keeps them as one.
    return "\n\n".join(e.text for e in entries if e.text)


def _live_resolutions(s: Session, item_ids: Sequence[str]) -> dict[str, list[Resolution]]:
    out: dict[str, list[Resolution]] = defaultdict(list)
    if not item_ids:
        return out
    rows = s.scalars(
        select(Resolution)
        .where(Resolution.agenda_item_id.in_(list(item_ids)), Resolution.deleted.is_(False))
        .order_by(Resolution.position, Resolution.id)
    )
    for row in rows:
        out[row.agenda_item_id].append(row)
    return out


def _resolution_records(rows: Sequence[Resolution]) -> tuple[ResolutionRecord, ...]:
    return tuple(
        ResolutionRecord(
            id=row.id,
            item_id=row.agenda_item_id,
            position=n,
            label=resolution_label(n),
            text=resolution_point(row.text),
        )
        for n, row in enumerate(rows, start=1)
    )


def _actions(s: Session, item_ids: Sequence[str]) -> dict[str, list[MinuteAction]]:
    out: dict[str, list[MinuteAction]] = defaultdict(list)
    if not item_ids:
        return out
    rows = s.execute(
        select(Action, Person.full_name)
        .outerjoin(Person, Person.id == Action.owner_id)
        .where(Action.agenda_item_id.in_(list(item_ids)), Action.deleted.is_(False))
    ).all()
    for action, person_name in rows:
        assert action.agenda_item_id is not None
        out[action.agenda_item_id].append(
            MinuteAction(
                id=action.id,
                reference=action.reference,
                description=action.description,
                owner_id=action.owner_id,
                owner_name=person_name or action.owner_text or "",
                due_date=action.due_date,
                status=action.status,
            )
        )
    for actions in out.values():
        actions.sort(key=lambda a: _reference_key(a.reference))
    return out


def _resolution_record(s: Session, row: Resolution) -> ResolutionRecord:
    siblings = _live_resolutions(s, [row.agenda_item_id])[row.agenda_item_id]
    for record in _resolution_records(siblings):
        if record.id == row.id:
            return record
    raise NotFoundError(RESOLUTION_GONE)


def _clean_resolution(text: str) -> str:
    if not isinstance(text, str):
        raise ValidationError("Enter the resolution as text.", field="resolution")
    cleaned = resolution_point(clean_text(text).strip())
    return limit_text(cleaned, "resolution", "the resolution", MAX_RESOLUTION_CHARS)


# --- the service ---------------------------------------------------------------------


class MinutesService:
    """Discussion text and resolutions of agenda items, and whole meetings' minutes."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory

    # reading

    def item_minutes(self, item_id: str) -> ItemMinutes:
        with self._sf() as s:
            item, meeting = _item_and_meeting(s, item_id)
            items = _meeting_items(s, meeting.id)
            position = next(n for n, other in enumerate(items, start=1) if other.id == item.id)
            return self._item_minutes(s, [item], first_position=position)[0]

    def text(self, item_id: str) -> str:
        """Just the discussion text of one item."""
        with self._sf() as s:
            _item_and_meeting(s, item_id)
            return _joined(_entries(s, [item_id])[item_id])

    def meeting_minutes(self, meeting_id: str) -> MeetingMinutes:
        """Every agenda item of a meeting, in order, with its text, resolutions and
        actions: what the minute-taking view shows and the minutes paper prints."""
        with self._sf() as s:
            meeting = live_row(s, Meeting, meeting_id, MEETING_GONE)
            group = s.get(Group, meeting.group_id)
            if group is None:
                raise NotFoundError(MEETING_GONE)
            items = _meeting_items(s, meeting_id)
            return MeetingMinutes(
                meeting_id=meeting.id,
                group_id=group.id,
                group_code=group.code,
                group_name=group.name,
                number=meeting.number,
                date=meeting.date,
                status=meeting.status,
                items=tuple(self._item_minutes(s, items)),
            )

    @staticmethod
    def _item_minutes(
        s: Session, items: Sequence[AgendaItem], first_position: int = 1
    ) -> list[ItemMinutes]:
        ids = [item.id for item in items]
        entries = _entries(s, ids)
        resolutions = _live_resolutions(s, ids)
        actions = _actions(s, ids)
        return [
            ItemMinutes(
                item=item_record(item, position),
                text=_joined(entries.get(item.id, ())),
                resolutions=_resolution_records(resolutions.get(item.id, ())),
                actions=tuple(actions.get(item.id, ())),
            )
            for position, item in enumerate(items, start=first_position)
        ]

    def owner_choices(self, meeting_id: str) -> list[OwnerChoice]:
        """Who can own an action raised at the meeting: those on its attendance list,
        then the group's members on the meeting date, each once, by name."""
        with self._sf() as s:
            meeting = live_row(s, Meeting, meeting_id, MEETING_GONE)
            notes: dict[str, str] = {}
            for person_id, status in s.execute(
                select(Attendance.person_id, Attendance.status).where(
                    Attendance.meeting_id == meeting_id, Attendance.deleted.is_(False)
                )
            ):
                notes.setdefault(person_id, status.replace("_", " "))
            seat_ids = list(
                s.scalars(
                    select(Seat.id).where(
                        Seat.group_id == meeting.group_id, Seat.deleted.is_(False)
                    )
                )
            )
            for appointment in holders_on(s, meeting.date, seat_ids).values():
                notes.setdefault(appointment.person_id, "member")
            # Unpacked row by row: dict(result) would take the Result for a mapping.
            names = {
                person_id: name
                for person_id, name in s.execute(
                    select(Person.id, Person.full_name).where(
                        Person.id.in_(list(notes)), Person.deleted.is_(False)
                    )
                )
            }
        choices = [
            OwnerChoice(person_id=pid, name=names[pid], note=note)
            for pid, note in notes.items()
            if pid in names
        ]
        return sorted(choices, key=lambda c: (c.name.casefold(), c.person_id))

    # discussion text

    def save_text(self, item_id: str, text: str) -> bool:
        """Store an item's discussion text; True if anything was written.

        Called by autosave after every pause in typing: an unchanged text writes
        nothing, so the operation log grows only with real edits.
        """
        if not isinstance(text, str):
            raise ValidationError("Enter the minute as text.", field="text")
        cleaned = clean_text(text)
        if len(cleaned) > MAX_MINUTE_CHARS:
            raise ValidationError(
                f"This minute is too long to keep ({len(cleaned):,} characters; the most "
                f"is {MAX_MINUTE_CHARS:,}). Attach long reports as papers instead.",
                field="text",
            )
        with self._sf.begin() as s:
            _editable_item(s, item_id, "text")
            entries = _entries(s, [item_id])[item_id]
            if not entries:
                if not cleaned:
                    return False
                s.add(MinuteEntry(agenda_item_id=item_id, position=0, text=cleaned))
                return True
            first, *others = entries
            if first.text == cleaned and not others:
                return False
            first.text = cleaned
            for extra in others:  # their text is part of what was shown and saved
                extra.deleted = True
            return True

    # resolutions

    def add_resolution(
        self,
        item_id: str,
        text: str = "",
        position: int | None = None,
        resolution_id: str | None = None,
    ) -> ResolutionRecord:
        """Add a "RESOLVED that" point to an item: at the end, or at ``position``
        (1-based) with the later points moving down a letter.

        The text may start empty: the view adds the line, then the secretary types
        it. ``resolution_id`` lets the view name the row before it is written.
        """
        cleaned = _clean_resolution(text)
        if position is not None and position < 1:
            raise ValidationError("A resolution's position starts at 1.", field="position")
        with self._sf.begin() as s:
            _editable_item(s, item_id, "resolution")
            if resolution_id is not None and s.get(Resolution, resolution_id) is not None:
                raise ValidationError("This resolution has already been added.", field="resolution")
            siblings = _live_resolutions(s, [item_id])[item_id]
            if position is None or position > len(siblings):
                slot = (siblings[-1].position + 1) if siblings else 1
            else:
                slot = siblings[position - 1].position
                for later in siblings[position - 1 :]:
                    later.position += 1
            row = Resolution(agenda_item_id=item_id, position=slot, text=cleaned)
            if resolution_id is not None:
                row.id = resolution_id
            s.add(row)
            s.flush()
            return _resolution_record(s, row)

    def update_resolution(self, resolution_id: str, text: str) -> ResolutionRecord:
        """Change a resolution's text (nothing is written if it is unchanged)."""
        cleaned = _clean_resolution(text)
        with self._sf.begin() as s:
            row = live_row(s, Resolution, resolution_id, RESOLUTION_GONE)
            _editable_item(s, row.agenda_item_id, "resolution")
            if row.text != cleaned:
                row.text = cleaned
                s.flush()
            return _resolution_record(s, row)

    def remove_resolution(self, resolution_id: str) -> None:
        """Remove a resolution; later ones move up a letter. ``restore_resolution``
        brings it back in its place (undo)."""
        with self._sf.begin() as s:
            row = live_row(s, Resolution, resolution_id, RESOLUTION_GONE)
            _editable_item(s, row.agenda_item_id, "resolution")
            row.deleted = True

    def restore_resolution(self, resolution_id: str) -> ResolutionRecord:
        with self._sf.begin() as s:
            row = s.get(Resolution, resolution_id)
            if row is None:
                raise NotFoundError("This resolution no longer exists.")
            _editable_item(s, row.agenda_item_id, "resolution")
            if row.deleted:
                row.deleted = False
                s.flush()
            return _resolution_record(s, row)

    def resolutions(self, item_id: str) -> tuple[ResolutionRecord, ...]:
        with self._sf() as s:
            _item_and_meeting(s, item_id)
            return _resolution_records(_live_resolutions(s, [item_id])[item_id])

