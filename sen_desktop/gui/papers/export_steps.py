"""The worker's side of File > Export to Word… and Make a pack of papers… (gui/papers/
export.py): plain functions that resolve, name and write papers through
``papers.service.PapersService``; no widget is touched here. Imported on the worker when
a paper is first exported, so the window paints before any of it loads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sen_desktop.core.meetings.records import meeting_title, weekday_date
from sen_desktop.gui.papers.pack_dialog import PackChoices, pack_choices_from
from sen_desktop.gui.papers.target import PAPER_WORDS, ExportTarget
from sen_desktop.papers.kinds import ACTION_LOG, MINUTES

if TYPE_CHECKING:
    from pathlib import Path

    from sen_desktop.papers.output import PaperRecord
    from sen_desktop.papers.service import PapersService



@dataclass(frozen=True)
class Prepared:
    """A paper resolved on the worker: its words, file name and confidential items."""

    what: str
    stem: str  # the suggested file name without ".docx"
    has_confidential: bool
    default: str = "paper"  # the file name when nothing of the stem can be used


def pack_item(kind: str, ref: str) -> Any:
    from sen_desktop.papers.service import PackItem

    return PackItem(kind, ref)


def prepare(service: PapersService, target: ExportTarget) -> Prepared:
    from sen_desktop.papers.service import ALL_GROUPS, PackItem

    item = service.resolve_item(PackItem(target.kind, target.ref or ALL_GROUPS))
    if item.kind == MINUTES:
        meeting = service.meeting(item.id or "")
        what = f"the minutes of {meeting_title(meeting)}"
        stem = f"{meeting.group_code} minutes {meeting.number} {meeting.date.isoformat()}"
    elif item.kind == ACTION_LOG:
        what = target.what
        name = item.reference if item.id is not None else "All groups"
        stem = f"{name} action log {log_date(service, item.id).isoformat()}"
    else:
        what = f"the paper on {item.reference}"
        stem = f"{item.reference} recommendation paper"
    has = service.has_confidential(item.kind, item.id or ALL_GROUPS)
    return Prepared(what, stem, has, PAPER_WORDS.get(item.kind, "paper"))


def log_date(service: PapersService, group_id: str | None) -> dt.date:
    """The date the action log is as at (its last meeting held, never today), so the
    suggested name carries the date the paper prints."""
    from sen_desktop.papers.action_log import log_date
    from sen_desktop.papers.output import paper_services

    services = paper_services(service.services)
    return log_date(services.meetings.list_meetings(group_id), dt.date.today)


def write(
    service: PapersService, target: ExportTarget, path: Path, confidential: bool
) -> PaperRecord:
    if target.kind == MINUTES:
        return service.minutes(target.ref or "", path, confidential)
    if target.kind == ACTION_LOG:
        return service.action_log(target.ref, path, confidential)
    return service.recommendation_paper(target.ref or "", path, confidential)


def pack_choices(service: PapersService) -> PackChoices:
    groups = [(g.id, g.reference, g.title) for g in service.list_groups()]
    meetings = [
        (m.id, m.reference, meeting_when(m.date, m.title)) for m in service.list_meetings()
    ]
    recs = [(r.id, r.reference, r.title) for r in service.list_recommendations()]
    return pack_choices_from(groups, meetings, recs, service.bodies())


def meeting_when(day: dt.date | None, title: str) -> str:
    """ "Tuesday 9 August 2011" (", cancelled") for a pack's list of minutes."""
    if day is None:
        return title
    return weekday_date(day) + (", cancelled" if title.endswith(", cancelled") else "")
