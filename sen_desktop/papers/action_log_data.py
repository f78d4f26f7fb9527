"""What an action log holds and where (docs/formats.md, "Action log"), read from the core
services into one ``ActionLogData`` (``gather``): each group's meetings with the actions
listed under them as at the log's date, the actions raised outside any meeting, and the
confidential (exempt) agenda items whose actions the public version leaves out.
``papers.action_log`` lays it out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import select

from sen_desktop.core.actions.records import OPEN_STATUSES, ActionFilter, ActionRecord
from sen_desktop.core.dates import long_date
from sen_desktop.core.meetings.records import SCHEDULE_12A, MeetingSummary
from sen_desktop.core.store.models import AgendaItem, Meeting
from sen_desktop.papers.document import (
    action_log_reference,
)
from sen_desktop.papers.output import PaperServices, paper_services

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from sen_desktop.core.programme.records import GroupSummary

NOT_AT_A_MEETING: Final = "Not raised at a meeting"
SCHEDULE_12A_SOURCE: Final = "Part 1 of Schedule 12A to the Local Government Act 1972"


# --- what the log holds --------------------------------------------------------------


@dataclass(frozen=True)
class ExemptItem:
    """A confidential agenda item that actions were raised at."""

    id: str
    meeting_id: str
    position: int
    minute_number: int | None
    paragraph: int | None

    @property
    def label(self) -> str:
        """ "Minute 12" once minutes are numbered, else "Item 5"."""
        if self.minute_number is not None:
            return f"Minute {self.minute_number}"
        return f"Item {self.position}"


@dataclass(frozen=True)
class LogSection:
    """One meeting's part of a group's log (``meeting`` None: not raised at a meeting)."""

    meeting: MeetingSummary | None
    rows: tuple[ActionRecord, ...]  # in reference order; withheld ones already left out
    withheld: tuple[tuple[ExemptItem, int], ...]  # (item, how many actions withheld)

    @property
    def title(self) -> str:
        if self.meeting is None:
            return NOT_AT_A_MEETING
        return meeting_heading(self.meeting)


@dataclass(frozen=True)
class GroupLog:
    group: GroupSummary
    sections: tuple[LogSection, ...]


@dataclass(frozen=True)
class ActionLogData:
    """Everything the paper prints, gathered before a single paragraph is written."""

    group_id: str | None  # None: every group
    group_code: str | None
    title: str  # "BESD WORKING GROUP ACTION LOG"
    as_at: dt.date
    groups: tuple[GroupLog, ...]
    confidential: bool
    exempt_paragraphs: tuple[int, ...]  # Schedule 12A paragraphs cited by exempt items
    exempt_item_ids: frozenset[str]  # the exempt agenda items actions were raised at

    @property
    def reference(self) -> str:
        return action_log_reference(self.group_code)

    @property
    def action_count(self) -> int:
        return sum(len(s.rows) for g in self.groups for s in g.sections)


def meeting_heading(meeting: MeetingSummary) -> str:
    """ "Meeting 5, Wednesday 6 October 2010"."""
    return f"Meeting {meeting.number}, {long_date(meeting.date)}"


def withheld_text(item: ExemptItem, count: int) -> str:
    """ "Minute 12: 2 actions withheld: exempt information (paragraph 1 of Part 1 of
    Schedule 12A to the Local Government Act 1972)." """
    noun = "action" if count == 1 else "actions"
    if item.paragraph is not None:
        why = f"exempt information (paragraph {item.paragraph} of {SCHEDULE_12A_SOURCE})"
    else:
        why = "exempt information"
    return f"{item.label}: {count} {noun} withheld: {why}."


#: Meetings that have taken place: their records are what a log "as at" them reflects.
_HELD: Final = ("held", "minutes_draft", "checked", "circulated", "confirmed")


def log_date(meetings: Iterable[MeetingSummary], today: Callable[[], dt.date]) -> dt.date:
    """The date a log not made for a pack is "as at": the last meeting held of the groups
    it covers (docs/formats.md: a paper is as at its meeting's date, never the day it is
    generated, so an unchanged log gives the same bytes tomorrow). A programme that has
    held no meeting yet has nothing overdue at any meeting; its log is as at today."""
    held = [m.date for m in meetings if m.status in _HELD]
    return max(held) if held else today()


def _today_of(services: PaperServices) -> Callable[[], dt.date]:
    today: Callable[[], dt.date] = getattr(services.actions, "_today", dt.date.today)
    return today


def as_at_then(action: ActionRecord, on: dt.date, meetings: dict[str, MeetingSummary]) -> (
    ActionRecord | None
):
    """The action as the log prints it as at ``on``: None if it was raised at a later
    meeting; still open if it was closed at a later meeting (in progress when an update
    had been given by then; its rating then is not recorded, so it reads as not started
    unless it was given one short of complete); an update dated after ``on`` is left out."""
    if action.raised_on is not None and action.raised_on > on:
        return None
    closing = meetings.get(action.closed_meeting_id or "")
    if closing is not None and closing.date > on and action.status not in OPEN_STATUSES:
        updated = action.latest_update_on is not None and action.latest_update_on <= on
        return replace(
            action,
            status="in_progress" if updated else "open",
            brag="grey" if action.brag == "blue" else action.brag,
            closed_meeting_id=None,
        )
    return action


def _placement(action: ActionRecord, live_meetings: dict[str, MeetingSummary]) -> str | None:
    """The meeting an action is listed under (see the module notes)."""
    if (
        action.status not in OPEN_STATUSES
        and action.closed_meeting_id is not None
        and action.closed_meeting_id in live_meetings
    ):
        return action.closed_meeting_id
    if action.meeting_id is not None and action.meeting_id in live_meetings:
        return action.meeting_id
    return None


def _exempt_items(services: PaperServices, group_id: str | None) -> dict[str, ExemptItem]:
    """The confidential agenda items (of the group's meetings, or of all), by id."""
    query = (
        select(
            AgendaItem.id,
            AgendaItem.meeting_id,
            AgendaItem.position,
            AgendaItem.minute_number,
            AgendaItem.exempt_paragraph,
        )
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(AgendaItem.exempt.is_(True), AgendaItem.deleted.is_(False))
    )
    if group_id is not None:
        query = query.where(Meeting.group_id == group_id)
    with services.session_factory() as s:
        return {
            row[0]: ExemptItem(
                id=row[0],
                meeting_id=row[1],
                position=row[2],
                minute_number=row[3],
                paragraph=row[4] if row[4] in SCHEDULE_12A else None,
            )
            for row in s.execute(query)
        }


def _groups(services: PaperServices, group_id: str | None) -> list[GroupSummary]:
    groups = services.programme.list_groups()
    if group_id is None:
        return groups
    chosen = [g for g in groups if g.id == group_id]
    if not chosen:
        services.programme.group(group_id)  # raises NotFoundError with its sentence
    return chosen


def _fetch_rows(services: PaperServices, ids: Sequence[str], page: int = 2_000) -> list[Any]:
    rows: list[ActionRecord] = []
    for start in range(0, len(ids), page):
        rows.extend(services.actions.rows(ids[start : start + page]))
    return rows


def has_confidential(services: Any, group_id: str | None) -> bool:
    """Whether the log (of one group, or of all) lists an action raised at an exempt
    item: then a confidential version exists."""
    ps = paper_services(services)
    exempt = _exempt_items(ps, group_id)
    if not exempt:
        return False
    ids = ps.actions.query_ids(ActionFilter(group_id=group_id))
    return any(a.agenda_item_id in exempt for a in _fetch_rows(ps, ids))


def gather(
    services: Any,
    group_id: str | None,
    confidential: bool = False,
    as_at: dt.date | None = None,
) -> ActionLogData:
    """What the log of ``group_id`` (None: every group) prints, in order, as at
    ``as_at`` (a pack's date; by default ``log_date``: the last meeting held)."""
    ps = paper_services(services)
    groups = _groups(ps, group_id)
    every = ps.meetings.list_meetings(group_id)
    on = as_at if as_at is not None else log_date(every, _today_of(ps))
    meetings = {m.id: m for m in every}
    shown = {m.id: m for m in every if m.date <= on}
    exempt = _exempt_items(ps, group_id)
    ids = ps.actions.query_ids(ActionFilter(group_id=group_id), sort_key="reference")
    placed: dict[tuple[str, str | None], list[ActionRecord]] = defaultdict(list)
    withheld: dict[tuple[str, str | None], dict[str, int]] = defaultdict(dict)
    cited: set[int] = set()
    raised_at_exempt: set[str] = set()
    for fetched in _fetch_rows(ps, ids):
        action = as_at_then(fetched, on, meetings)
        if action is None:
            continue
        key = (action.group_id, _placement(action, shown))
        item = exempt.get(action.agenda_item_id or "")
        if item is not None:
            raised_at_exempt.add(item.id)
            if item.paragraph is not None:
                cited.add(item.paragraph)
            if not confidential:
                counts = withheld[key]
                counts[item.id] = counts.get(item.id, 0) + 1
                continue
        placed[key].append(action)
    logs: list[GroupLog] = []
    for group in groups:
        keys = {key for key in (*placed, *withheld) if key[0] == group.id}
        meeting_keys = sorted(
            (k for k in keys if k[1] is not None),
            key=lambda k: (
                (meetings[k[1]].date, meetings[k[1]].number) if k[1] else (dt.date.min, 0)
            ),
        )
        if (group.id, None) in keys:
            meeting_keys.append((group.id, None))
        sections = tuple(
            LogSection(
                meeting=meetings[key[1]] if key[1] is not None else None,
                rows=tuple(placed.get(key, ())),
                withheld=tuple(
                    (exempt[item_id], count)
                    for item_id, count in sorted(
                        withheld.get(key, {}).items(),
                        key=lambda pair: (exempt[pair[0]].position, pair[0]),
                    )
                ),
            )
            for key in meeting_keys
        )
        logs.append(GroupLog(group=group, sections=sections))
    single = groups[0] if group_id is not None else None
    title = f"{single.name} action log" if single is not None else "Action log: all groups"
    return ActionLogData(
        group_id=group_id,
        group_code=single.code if single is not None else None,
        title=title,
        as_at=on,
        groups=tuple(logs),
        confidential=confidential,
        exempt_paragraphs=tuple(sorted(cited)),
        exempt_item_ids=frozenset(raised_at_exempt),
    )
