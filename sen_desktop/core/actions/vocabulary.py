"""The action log's stored codes, as plain tuples: what models.py's CHECK constraints and
records.py's labels both read, so the store loads no records to know them."""

from __future__ import annotations

from typing import Final

#: An action's statuses, in the order the log sorts them.
ACTION_STATUSES: Final = ("open", "in_progress", "done", "dropped")
#: The ratings: Blue complete, Red off track, Amber at risk, Green on track, Grey not started.
BRAG_RATINGS: Final = ("blue", "red", "amber", "green", "grey")
