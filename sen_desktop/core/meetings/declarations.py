"""Declarations of interest: MeetingService's declaration methods (see ``meetings``).

A declaration is made by someone at the meeting (on the attendance list, not marked
apologies or absent), perhaps on one agenda item: the type of interest, its nature, and
whether they left the room for that item.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from sen_desktop.core.errors import NotFoundError, ValidationError
from sen_desktop.core.meetings.attendance import attendance_row
from sen_desktop.core.meetings.chain import (
    LONG_TEXT_MAX,
    UNSET,
    Unset,
    check_editable,
    item_of,
    live_meeting,
    live_person,
    person_names,
)
from sen_desktop.core.meetings.records import (
    ATTENDANCE_LABELS,
    DECLARATION_GONE,
    INTEREST_LABELS,
    DeclarationRecord,
)
from sen_desktop.core.store.models import INTEREST_TYPES, AgendaItem, Declaration, Meeting
from sen_desktop.core.store.rows import live_row
from sen_desktop.core.validation import clean_text, limit_text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.orm import Session, sessionmaker


def _check_declarer(s: Session, meeting: Meeting, person_id: str) -> None:
    name = live_person(s, person_id).full_name
    row = attendance_row(s, meeting.id, person_id)
    if row is None:
        raise ValidationError(
            f"{name} is not on the attendance list; add them before recording their declaration.",
            field="person_id",
        )
    if row.status in ("apologies", "absent"):
        raise ValidationError(
            f"{name} is marked {ATTENDANCE_LABELS[row.status].lower()}; only people at "
            "the meeting declare interests.",
            field="person_id",
        )


def declaration_records(s: Session, rows: Sequence[Declaration]) -> list[DeclarationRecord]:
    names = person_names(s, {r.person_id for r in rows})
    item_ids = [r.agenda_item_id for r in rows if r.agenda_item_id]
    items = {i.id: i for i in s.scalars(select(AgendaItem).where(AgendaItem.id.in_(item_ids)))}
    records = []
    for r in rows:
        item = items.get(r.agenda_item_id) if r.agenda_item_id else None
        records.append(
            DeclarationRecord(
                id=r.id,
                meeting_id=r.meeting_id,
                person_id=r.person_id,
                person_name=names.get(r.person_id, ""),
                agenda_item_id=r.agenda_item_id,
                item_title=item.title if item is not None and not item.deleted else "",
                minute_number=item.minute_number if item is not None else None,
                interest_type=r.interest_type,
                nature=r.nature or "",
                left_room=bool(r.left_room),
            )
        )
    return records


def _check_interest(interest_type: object) -> str:
    if interest_type not in INTEREST_TYPES:
        choices = ", ".join(label.lower() for label in INTEREST_LABELS.values())
        raise ValidationError(f"Choose the type of interest: {choices}.", field="interest_type")
    assert isinstance(interest_type, str)
    return interest_type


def _check_nature(nature: object) -> str:
    if not isinstance(nature, str) or not clean_text(nature).strip():
        raise ValidationError(
            "Describe the nature of the interest, for example “Governor of Oak School”.",
            field="nature",
        )
    return limit_text(
        clean_text(nature).strip(), "nature", "the nature of the interest", LONG_TEXT_MAX
    )


class DeclarationMethods:
    """The declarations part of MeetingService."""

    _sf: sessionmaker[Session]

    def add_declaration(
        self,
        meeting_id: str,
        person_id: str,
        interest_type: str,
        nature: str,
        agenda_item_id: str | None = None,
        left_room: bool = False,
    ) -> DeclarationRecord:
        """A declaration of interest by someone at the meeting, perhaps on one item."""
        kind = _check_interest(interest_type)
        text = _check_nature(nature)
        with self._sf.begin() as s:
            meeting = live_meeting(s, meeting_id)
            check_editable(meeting, "its declarations")
            _check_declarer(s, meeting, person_id)
            if agenda_item_id is not None:
                item_of(s, meeting, agenda_item_id)
            row = Declaration(
                meeting_id=meeting.id,
                agenda_item_id=agenda_item_id,
                person_id=person_id,
                interest_type=kind,
                nature=text,
                left_room=bool(left_room),
            )
            s.add(row)
            s.flush()
            return declaration_records(s, [row])[0]

    def update_declaration(
        self,
        declaration_id: str,
        *,
        interest_type: str | Unset = UNSET,
        nature: str | Unset = UNSET,
        agenda_item_id: str | None | Unset = UNSET,
        left_room: bool | Unset = UNSET,
    ) -> DeclarationRecord:
        values: dict[str, object] = {}
        if not isinstance(interest_type, Unset):
            values["interest_type"] = _check_interest(interest_type)
        if not isinstance(nature, Unset):
            values["nature"] = _check_nature(nature)
        if not isinstance(left_room, Unset):
            values["left_room"] = bool(left_room)
        with self._sf.begin() as s:
            row = live_row(s, Declaration, declaration_id, DECLARATION_GONE)
            meeting = live_meeting(s, row.meeting_id)
            check_editable(meeting, "its declarations")
            if not isinstance(agenda_item_id, Unset):
                if agenda_item_id is not None:
                    item_of(s, meeting, agenda_item_id)
                values["agenda_item_id"] = agenda_item_id
            for name, value in values.items():
                if getattr(row, name) != value:
                    setattr(row, name, value)
            s.flush()
            return declaration_records(s, [row])[0]

    def remove_declaration(self, declaration_id: str) -> None:
        with self._sf.begin() as s:
            row = live_row(s, Declaration, declaration_id, DECLARATION_GONE)
            check_editable(live_meeting(s, row.meeting_id), "its declarations")
            row.deleted = True

    def restore_declaration(self, declaration_id: str) -> DeclarationRecord:
        with self._sf.begin() as s:
            row = s.get(Declaration, declaration_id)
            if row is None:
                raise NotFoundError("This declaration no longer exists.")
            check_editable(live_meeting(s, row.meeting_id), "its declarations")
            if row.deleted:
                row.deleted = False
            s.flush()
            return declaration_records(s, [row])[0]
