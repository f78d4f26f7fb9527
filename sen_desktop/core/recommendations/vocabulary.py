"""A recommendation's stored codes, as plain tuples: what core/store/models.py's CHECK
constraints and records.py's labels both read, so the store loads no records to know them."""

from __future__ import annotations

from typing import Final

#: The dimensions of need (a working group's and a recommendation's).
DIMENSIONS: Final = ("BESD", "Cognition and Learning", "PD/MED/HI/VI/MSI", "ASD/SLCN")
#: The tiers on the continuum of provision, in its order (records.TIER_LABELS words them).
TIERS: Final = (
    "universal",
    "enhanced",
    "specialist_in_mainstream",
    "special_school",
    "outreach",
    "independent_non_maintained",
)
