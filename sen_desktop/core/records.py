"""Where the records several features share used to be defined; each now lives with its
feature (``core/<feature>/records.py``, no SQLAlchemy). Kept while importers move: import
from those modules instead."""

from __future__ import annotations

from sen_desktop.core.people.records import AppointmentView, PersonRecord, SeatView
from sen_desktop.core.programme.records import GroupDetail, GroupSummary, RemitPoint, SectionRecord

__all__ = [
    "AppointmentView",
    "GroupDetail",
    "GroupSummary",
    "PersonRecord",
    "RemitPoint",
    "SeatView",
    "SectionRecord",
]
