"""The provision map's stored codes and words, as plain tuples (no records, no ORM).

The tiers are the continuum of provision of the Project Plan's Annex 1 -- universal,
enhanced, specialist in mainstream, special school, outreach, independent and
out-county -- stored with the codes recommendations use (core/recommendations/
vocabulary.py), so a gap and the recommendation that answers it name a tier alike.
"""

from __future__ import annotations

from typing import Final

from sen_desktop.core.recommendations.vocabulary import DIMENSIONS as DIMENSIONS
from sen_desktop.core.recommendations.vocabulary import TIERS as TIERS

#: Each tier in the few words a map's column heading has room for, in TIERS' order.
TIER_SHORT: Final = {
    "universal": "Universal",
    "enhanced": "Enhanced",
    "specialist_in_mainstream": "Specialist in mainstream",
    "special_school": "Special school",
    "outreach": "Outreach",
    "independent_non_maintained": "Independent and out-county",
}

#: The age range the remit covers: "the particular need type(s) 0 - 24".
MIN_AGE: Final = 0
MAX_AGE: Final = 24

#: The need types within each dimension of need (Annex 1's groups), offered in the form
#: and the map's filter; an entry may name others (a service that crosses dimensions).
NEED_TYPES: Final = {
    "BESD": ("BESD",),
    "Cognition and Learning": ("MLD", "SLD", "PMLD", "SpLD"),
    "PD/MED/HI/VI/MSI": ("PD", "MED", "HI", "VI", "MSI"),
    "ASD/SLCN": ("ASD", "SLCN"),
}

#: Funding sources offered in the form; the field takes any other wording too.
FUNDING_SOURCES: Final = (
    "School's delegated budget",
    "Designated Schools Grant (central)",
    "County Council (Children's Services)",
    "Health (PCT)",
    "Joint: County Council and Health",
    "Social care",
    "Other local authority",
)

MAX_NAME: Final = 200
MAX_SETTING: Final = 200
MAX_FUNDING: Final = 200
MAX_NEED_TYPE: Final = 20
MAX_NEED_TYPES: Final = 10
MAX_PLACES: Final = 100_000
MAX_NOTES: Final = 4000
MAX_EVIDENCE: Final = 4000
MAX_CRITERION: Final = 2000
