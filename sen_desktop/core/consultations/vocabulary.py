"""A consultation's stored codes and words, as plain tuples (no records, no ORM).

The Project Plan asks the Steering Group to "plan and oversee the consultation process";
its Action Plan has two consultations: schools on the funding options (October to
November 2010) and all partners and stakeholders (November 2010 to March 2011),
informed by the Parent/Carer Reference Group. The audiences are issue 15's, and the
kinds of document consulted on and of change made ("you said, we did") name the
records they point at.
"""

from __future__ import annotations

from typing import Final

#: Who a consultation asks and who answers it, in the order the forms offer them.
AUDIENCES: Final = (
    "schools",
    "parents_carers",
    "health",
    "voluntary_sector",
    "academies",
    "social_care",
    "young_people",
    "other",
)

AUDIENCE_WORDS: Final = {
    "schools": "Schools",
    "parents_carers": "Parents and carers",
    "health": "Health",
    "voluntary_sector": "Voluntary sector",
    "academies": "Academies",
    "social_care": "Social care",
    "young_people": "Young people",
    "other": "Other",
}

#: What a document consulted on is: a version of a policy document, a recommendation,
#: or a paper in the papers register.
DOCUMENT_KINDS: Final = ("policy_version", "recommendation", "paper")

DOCUMENT_KIND_WORDS: Final = {
    "policy_version": "Policy document",
    "recommendation": "Recommendation",
    "paper": "Paper",
}

#: What a theme's change links to ("you said, we did"): nothing (the free text says it
#: all), a recommendation amended, or a section of a policy version changed.
CHANGE_KINDS: Final = ("", "recommendation", "policy_section")

MAX_TITLE: Final = 300
MAX_REFERENCE: Final = 30
MAX_PURPOSE: Final = 20_000
MAX_VENUE: Final = 300
MAX_ATTENDANCE: Final = 100_000
MAX_ORGANISATION: Final = 200
MAX_NAME: Final = 200
MAX_EMAIL: Final = 254
MAX_PHONE: Final = 40
MAX_RESPONSE: Final = 50_000
MAX_THEME: Final = 120
MAX_CHANGE: Final = 5_000
MAX_LABEL: Final = 300


def audience_words(code: str) -> str:
    """An audience in words ("Parents and carers"); an unknown code as it is."""
    return AUDIENCE_WORDS.get(code, code)


def audience_code(text: str) -> str | None:
    """The audience a person typed, by its code or its words in any case
    ("parents and carers", "Parents/carers", "parents_carers"); None if none."""
    wanted = _key(text)
    if not wanted:
        return None
    for code in AUDIENCES:
        if wanted in (_key(code), _key(AUDIENCE_WORDS[code])):
            return code
    aliases = {"parentscarers": "parents_carers", "parents": "parents_carers",
               "carers": "parents_carers", "school": "schools", "academy": "academies",
               "voluntary": "voluntary_sector", "youngperson": "young_people"}
    return aliases.get(wanted)


def _key(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum()).replace("and", "")
