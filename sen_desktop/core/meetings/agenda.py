"""The agenda builder: MeetingService's agenda methods (see ``meetings``).

Every agenda opens with the four standard items and closes with "Date of next meeting";
those five keep their places and stay on it. Business items are added before the
closing item (or where asked), move only between the standard items, and are removed
as tombstones that ``restore_agenda_item`` brings back. Any change to the order
renumbers the minutes along the group's chain (``meeting_chain.refresh_chain``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from sen_desktop.core.errors import ConflictError, NotFoundError, ValidationError
from sen_desktop.core.meetings.chain import (
    LONG_TEXT_MAX,
    PAPER_REF_MAX,
    PRESENTER_MAX,
    TITLE_MAX,
    UNSET,
    Unset,
    agenda_item_record,
    business_range,
    check_editable,
    clamp,
    live_item,
    live_items,
    live_meeting,
    refresh_chain,
    set_positions,
    text_argument,
)
from sen_desktop.core.meetings.records import STANDARD_KINDS, AgendaItemRecord
from sen_desktop.core.store.models import Action, AgendaItem, MinuteEntry, Resolution
from sen_desktop.core.validation import clean_text, limit_text, optional_text, require_text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker


def clean_title(title: object) -> str:
    if not isinstance(title, str):
        raise ValidationError("Enter the item's title.", field="title")
    return require_text(title, "title", "the item's title", TITLE_MAX)


def clean_confidential(
    exempt: object, paragraph: object, reason: object
) -> tuple[bool, int | None, str]:
    """(exempt, paragraph, reason) as stored: a public item keeps neither paragraph nor
    reason; a confidential one needs a reason, and a paragraph only where one is cited."""
    if not exempt:
        return False, None, ""
    if paragraph is not None and (
        isinstance(paragraph, bool) or not isinstance(paragraph, int) or not 1 <= paragraph <= 7
    ):
        raise ValidationError(
            "Choose a paragraph of Schedule 12A from 1 to 7, or none.", field="exempt_paragraph"
        )
    if not isinstance(reason, str) or not clean_text(reason).strip():
        raise ValidationError(
            "Say why this item is confidential, for example “information about a "
            "particular child”.",
            field="exempt_reason",
        )
    text = limit_text(clean_text(reason).strip(), "exempt_reason", "the reason", LONG_TEXT_MAX)
    return True, paragraph, text


def _presenter(value: object) -> str:
    return optional_text(
        text_argument(value, "presenter"), "presenter", "the presenter", PRESENTER_MAX
    )


def _paper_ref(value: object) -> str:
    return optional_text(
        text_argument(value, "paper_ref"), "paper_ref", "the paper reference", PAPER_REF_MAX
    )


def _has_content(s: Session, item_id: str) -> bool:
    for model in (MinuteEntry, Resolution):
        found = s.scalar(
            select(model.id)
            .where(model.agenda_item_id == item_id, model.deleted.is_(False), model.text != "")
            .limit(1)
        )
        if found is not None:
            return True
    action = s.scalar(
        select(Action.id)
        .where(Action.agenda_item_id == item_id, Action.deleted.is_(False))
        .limit(1)
    )
    return action is not None


class AgendaMethods:
    """The agenda half of MeetingService."""

    _sf: sessionmaker[Session]

    def agenda(self, meeting_id: str) -> list[AgendaItemRecord]:
        with self._sf() as s:
            live_meeting(s, meeting_id)
            return [agenda_item_record(i) for i in live_items(s, meeting_id)]

    def agenda_item(self, item_id: str) -> AgendaItemRecord:
        with self._sf() as s:
            return agenda_item_record(live_item(s, item_id))

    def add_agenda_item(
        self,
        meeting_id: str,
        title: str,
        presenter: str = "",
        paper_ref: str = "",
        position: int | None = None,
        exempt: bool = False,
        exempt_paragraph: int | None = None,
        exempt_reason: str = "",
    ) -> AgendaItemRecord:
        """Add a business item; it goes before "Date of next meeting" unless ``position``
        (1-based) puts it elsewhere among the business items."""
        values = {
            "title": clean_title(title),
            "presenter": _presenter(presenter),
            "paper_ref": _paper_ref(paper_ref),
        }
        secret, paragraph, reason = clean_confidential(exempt, exempt_paragraph, exempt_reason)
        if position is not None and (isinstance(position, bool) or not isinstance(position, int)):
            raise ValidationError("Give the item's place as a number.", field="position")
        with self._sf.begin() as s:
            meeting = live_meeting(s, meeting_id)
            check_editable(meeting, "its agenda")
            items = live_items(s, meeting.id)
            item = AgendaItem(
                meeting_id=meeting.id,
                position=0,
                kind="business",
                exempt=secret,
                exempt_paragraph=paragraph,
                exempt_reason=reason,
                **values,
            )
            s.add(item)
            low, high = business_range(items)
            target = high + 1 if position is None else clamp(position, low, high + 1)
            items.insert(target - 1, item)
            set_positions(items)
            s.flush()
            refresh_chain(s, meeting.group_id, meeting.date)
            return agenda_item_record(item)

    def update_agenda_item(
        self,
        item_id: str,
        *,
        title: str | Unset = UNSET,
        presenter: str | Unset = UNSET,
        paper_ref: str | Unset = UNSET,
        exempt: bool | Unset = UNSET,
        exempt_paragraph: int | None | Unset = UNSET,
        exempt_reason: str | Unset = UNSET,
    ) -> AgendaItemRecord:
        """Change an item's title, presenter, paper reference or confidentiality, all or
        nothing; fields not given stay as they are."""
        values: dict[str, object] = {}
        if not isinstance(title, Unset):
            values["title"] = clean_title(title)
        if not isinstance(presenter, Unset):
            values["presenter"] = _presenter(presenter)
        if not isinstance(paper_ref, Unset):
            values["paper_ref"] = _paper_ref(paper_ref)
        secrecy = (exempt, exempt_paragraph, exempt_reason)
        with self._sf.begin() as s:
            item = live_item(s, item_id)
            check_editable(live_meeting(s, item.meeting_id), "its agenda")
            if any(not isinstance(v, Unset) for v in secrecy):
                current = (bool(item.exempt), item.exempt_paragraph, item.exempt_reason or "")
                wanted = [
                    c if isinstance(v, Unset) else v
                    for v, c in zip(secrecy, current, strict=True)
                ]
                values["exempt"], values["exempt_paragraph"], values["exempt_reason"] = (
                    clean_confidential(*wanted)
                )
            for name, value in values.items():
                if getattr(item, name) != value:
                    setattr(item, name, value)
            s.flush()
            return agenda_item_record(item)

    def set_confidential(
        self, item_id: str, exempt: bool, paragraph: int | None = None, reason: str = ""
    ) -> AgendaItemRecord:
        """Mark an item confidential (exempt, Part 2) with a reason and, where the paper
        goes to Members, the Schedule 12A paragraph (1–7); or make it public again."""
        return self.update_agenda_item(
            item_id, exempt=exempt, exempt_paragraph=paragraph, exempt_reason=reason
        )

    def move_agenda_item(self, item_id: str, position: int) -> list[AgendaItemRecord]:
        """Move a business item to ``position`` (1-based), kept between the standard
        items; returns the whole agenda in its new order."""
        if isinstance(position, bool) or not isinstance(position, int):
            raise ValidationError("Give the item's new place as a number.", field="position")
        with self._sf.begin() as s:
            item = live_item(s, item_id)
            meeting = live_meeting(s, item.meeting_id)
            check_editable(meeting, "its agenda")
            if item.kind in STANDARD_KINDS:
                raise ValidationError(
                    f"“{item.title}” is a standard item and keeps its place on the agenda.",
                    field="position",
                )
            items = live_items(s, meeting.id)
            items.remove(item)
            low, high = business_range(items)
            items.insert(clamp(position, low, high + 1) - 1, item)
            set_positions(items)
            s.flush()
            refresh_chain(s, meeting.group_id, meeting.date)
            return [agenda_item_record(i) for i in items]

    def remove_agenda_item(self, item_id: str) -> None:
        """Take a business item off the agenda (a tombstone: restore_agenda_item undoes it).

        Refused for the standard items, and for an item that already has minutes,
        resolutions or actions: they would disappear with it.
        """
        with self._sf.begin() as s:
            item = live_item(s, item_id)
            meeting = live_meeting(s, item.meeting_id)
            check_editable(meeting, "its agenda")
            if item.kind in STANDARD_KINDS:
                raise ValidationError(
                    f"“{item.title}” is a standard item and stays on every agenda.",
                    field="title",
                )
            if _has_content(s, item.id):
                raise ConflictError(
                    f"“{item.title}” already has minutes, resolutions or actions; move or "
                    "remove those before taking the item off the agenda.",
                    field="title",
                )
            item.deleted = True
            s.flush()
            set_positions(live_items(s, meeting.id))
            s.flush()
            refresh_chain(s, meeting.group_id, meeting.date)

    def restore_agenda_item(self, item_id: str) -> AgendaItemRecord:
        """Put a removed item back where it was (or as near as the agenda now allows)."""
        with self._sf.begin() as s:
            item = s.get(AgendaItem, item_id)
            if item is None:
                raise NotFoundError("This agenda item no longer exists.")
            meeting = live_meeting(s, item.meeting_id)
            if not item.deleted:
                return agenda_item_record(item)
            check_editable(meeting, "its agenda")
            items = live_items(s, meeting.id)
            low, high = business_range(items)
            items.insert(clamp(item.position, low, high + 1) - 1, item)
            item.deleted = False
            set_positions(items)
            s.flush()
            refresh_chain(s, meeting.group_id, meeting.date)
            return agenda_item_record(item)
