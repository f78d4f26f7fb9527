"""What the minutes of a meeting print, read from the core services into one frozen
``MinutesData`` (``gather``), and whether they have a confidential version
(``has_confidential``). ``papers.minutes`` lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from sen_desktop.core.store.models import ActionUpdate
from sen_desktop.papers.output import PaperServices, paper_services

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from sen_desktop.core.actions.records import ActionRecord
    from sen_desktop.core.meetings.records import (
        MeetingDetail,
        MeetingSummary,
    )
    from sen_desktop.core.minutes.records import MeetingMinutes


@dataclass(frozen=True)
class Decision:
    """A step on a recommendation's pathway taken at the meeting."""

    item_id: str | None  # the agenda item it was taken under, if known
    text: str  # "BESD-R3 — Endorsed (Steering Group). Subject to …"


@dataclass(frozen=True)
class MinutesData:
    meeting: MeetingDetail
    minutes: MeetingMinutes
    authority: str
    chair_ids: frozenset[str]
    vice_chair_ids: frozenset[str]
    carried: tuple[ActionRecord, ...]
    updates_here: dict[str, tuple[str, ...]]  # action id -> updates recorded at this meeting
    carried_exempt: frozenset[str]  # carried actions raised at an earlier exempt item
    agreed: tuple[ActionRecord, ...]  # actions raised at this meeting
    decisions: tuple[Decision, ...]
    next_meeting: MeetingSummary | None

    @property
    def confirmed(self) -> bool:
        return self.meeting.status == "confirmed"

    @property
    def exempt_ids(self) -> frozenset[str]:
        return frozenset(i.id for i in self.meeting.agenda if i.exempt)


# --- reading ---------------------------------------------------------------------------


def has_confidential(source: Any, meeting_id: str) -> bool:
    """Whether the minutes withhold anything from the public (so a confidential version
    exists): an item taken in private, or an action carried forward from one."""
    services = paper_services(source)
    if any(item.exempt for item in services.meetings.meeting(meeting_id).agenda):
        return True
    carried = services.actions.carried_forward(meeting_id, as_at=True)
    return bool(_raised_at_exempt(services, carried))


def gather(services: PaperServices, meeting_id: str) -> MinutesData:
    meeting = services.meetings.meeting(meeting_id)
    minutes = services.minutes.meeting_minutes(meeting_id)
    group = services.programme.group(meeting.group_id, on=meeting.date)
    chairs = frozenset(
        s.holder.person_id for s in group.seats if s.is_chair and s.holder is not None
    )
    vices = frozenset(
        s.holder.person_id for s in group.seats if s.is_vice_chair and s.holder is not None
    )
    carried = tuple(services.actions.carried_forward(meeting_id, as_at=True))
    return MinutesData(
        meeting=meeting,
        minutes=minutes,
        authority=services.authority(),
        chair_ids=chairs,
        vice_chair_ids=vices,
        carried=carried,
        updates_here=_updates_at(services, meeting_id, [a.id for a in carried]),
        carried_exempt=_raised_at_exempt(services, carried),
        agreed=tuple(services.actions.for_meeting(meeting_id)),
        decisions=tuple(_decisions(services, meeting_id)),
        next_meeting=_next_meeting(services, meeting),
    )


def _updates_at(
    services: PaperServices, meeting_id: str, action_ids: Sequence[str]
) -> dict[str, tuple[str, ...]]:
    # One read of the updates recorded at this meeting, rather than a detail() (with its
    # whole history) per carried-forward action.
    wanted = set(action_ids)
    found: dict[str, list[str]] = {}
    with services.session_factory() as s:
        rows = s.execute(
            select(ActionUpdate.action_id, ActionUpdate.text)
            .where(ActionUpdate.meeting_id == meeting_id, ActionUpdate.deleted.is_(False))
            .order_by(ActionUpdate.date, ActionUpdate.id)
        )
        for action_id, text in rows:
            if action_id in wanted:
                found.setdefault(action_id, []).append(text)
    return {key: tuple(texts) for key, texts in found.items()}


def _raised_at_exempt(services: PaperServices, actions: Iterable[ActionRecord]) -> frozenset[str]:
    by_meeting: dict[str, list[ActionRecord]] = {}
    for action in actions:
        if action.meeting_id and action.agenda_item_id:
            by_meeting.setdefault(action.meeting_id, []).append(action)
    secret: set[str] = set()
    for meeting_id, raised in by_meeting.items():
        exempt = {i.id for i in services.meetings.agenda(meeting_id) if i.exempt}
        secret.update(a.id for a in raised if a.agenda_item_id in exempt)
    return frozenset(secret)


def _decisions(services: PaperServices, meeting_id: str) -> list[Decision]:
    recs = services.recommendations
    if not hasattr(recs, "events_at"):
        return []
    events = recs.events_at(meeting_id)
    if not events:
        return []
    placed: dict[str, tuple[str | None, str]] = {}  # event id -> (item id, rec reference)
    by_item = recs.agenda_items(meeting_id) if hasattr(recs, "agenda_items") else {}
    for agenda_id, summary in by_item.items():
        for event in recs.detail(summary.id).events:
            if event.meeting_id == meeting_id:
                placed[event.id] = (agenda_id, summary.reference)
    agenda = services.meetings.meeting(meeting_id).agenda
    by_number = {str(i.minute_number): i.id for i in agenda if i.minute_number is not None}
    out: list[Decision] = []
    for event in events:
        item_id, ref = placed.get(event.id, (by_number.get(event.minute_number.strip()), ""))
        words = event.transition_label
        if event.body_name:
            words += f" ({event.body_name})"
        text = f"{ref} — {words}" if ref else words
        if event.note:
            text += f". {event.note}"
        out.append(Decision(item_id=item_id, text=text))
    return out


def _next_meeting(services: PaperServices, meeting: MeetingDetail) -> MeetingSummary | None:
    later = [
        m
        for m in services.meetings.list_meetings(meeting.group_id)
        if m.status != "cancelled" and (m.date, m.number) > (meeting.date, meeting.number)
    ]
    return min(later, key=lambda m: (m.date, m.number)) if later else None
