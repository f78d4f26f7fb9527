"""Where the secretary was minuting, so a restarted window reopens there.

A tiny JSON file in the data folder, replaced atomically (written beside, then renamed)
every time the item being minuted changes. Why a file in the data folder rather than
QSettings: the ids name rows of *this* folder's database (another ``--data-dir`` has
other meetings); it is written the moment the item changes, not at a clean exit, so a
``kill -9`` or a crash cannot lose it; and it works in runs with no QSettings at all
(screenshots, tests). No fsync: a killed process leaves its writes to the operating
system, and a power cut would lose the database's last moments too (WAL, synchronous
NORMAL); a torn or missing file only means opening on the latest meeting.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

FILE_NAME = "minutes-resume.json"


@dataclass(frozen=True)
class ResumePoint:
    meeting_id: str
    item_id: str | None
    #: The Minutes page was the page on show.
    showing: bool


def read_resume(data_dir: Path) -> ResumePoint | None:
    try:
        raw = json.loads((data_dir / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict):
        return None
    meeting_id, item_id, showing = raw.get("meeting_id"), raw.get("item_id"), raw.get("showing")
    if not isinstance(meeting_id, str) or not (item_id is None or isinstance(item_id, str)):
        return None
    return ResumePoint(meeting_id, item_id, showing is True)


def write_resume(data_dir: Path, point: ResumePoint) -> None:
    path = data_dir / FILE_NAME
    temporary = path.with_name(f".{FILE_NAME}.{os.getpid()}.tmp")
    payload = {"meeting_id": point.meeting_id, "item_id": point.item_id,
               "showing": point.showing}
    try:
        temporary.write_text(json.dumps(payload), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        # Losing the place to resume is a small thing; typing must not stop for it.
        temporary.unlink(missing_ok=True)
