"""A milestone's stored status codes, as a plain tuple: what core/store/models.py's CHECK
constraint and records.py's labels both read, so the store loads no records to know them."""

from __future__ import annotations

from typing import Final

#: What a milestone's status column holds (records.STATUS_LABELS words them).
MILESTONE_STATUSES: Final = ("not_started", "on_track", "at_risk", "late", "done")
