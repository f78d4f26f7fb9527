"""The standard wording of the minutes' fixed items, and how typed text that says the
same is recognised (docs/formats.md, "Minutes"). Plain text rules: no database here.
"""

from __future__ import annotations

import re
from typing import Final

# The standard wording of the fixed items is written once, from the records the other
# screens show (docs/formats.md, "Minutes": "generated from the attendance, or typed, never
# both"): apologies and substitutes from the attendance, declarations from the
# declarations, the first-meeting sentence from the meeting chain, the confirming
# resolution from the programme setting, the next meeting from the schedule. A typed
# paragraph that says the same thing (older data, or a secretary's habit) is recognised
# by ``restates_standard`` and not printed again; anything else typed is kept.

NO_APOLOGIES: Final = "No apologies were received."
NO_DECLARATIONS: Final = "No declarations of interest were made."
FIRST_MEETING: Final = "This was the group's first meeting: there were no previous minutes."
NEXT_MEETING_TBC: Final = "The date of the next meeting is to be confirmed."

_STANDARD: Final = {
    "apologies": re.compile(
        r"(no apologies|there were no apologies|apologies (for absence )?(were|was) "
        r"(received|given|noted|tendered)|apologies for absence:|\S.* (was|were) present as "
        r"(a )?substitutes? for |\S.* (attended|substituted) (as substitute )?for )",
        re.IGNORECASE,
    ),
    "declarations": re.compile(
        r"(no declarations|there were no declarations|no interests were declared|"
        r"none were declared|none declared)",
        re.IGNORECASE,
    ),
    "previous_minutes": re.compile(
        r"(this was the group'?s first meeting|there were no previous minutes|"
        r"the minutes of the (previous |last )?meeting( held)?( on [^.]*)? (were|was) "
        r"(agreed|approved|confirmed|accepted|signed))",
        re.IGNORECASE,
    ),
    "matters_arising": re.compile(
        r"(the group reviewed (the action log|\d+ open actions?)|"
        r"there were no open actions)",
        re.IGNORECASE,
    ),
    "next_meeting": re.compile(
        r"(the next meeting (will|would|is to|was to) be held|the date of the next meeting|"
        r"next meeting:)",
        re.IGNORECASE,
    ),
}
#: A declaration typed as prose ("Ann Hale declared an interest …").
_DECLARED: Final = re.compile(r"\bdeclared (a|an) [^.]*interest", re.IGNORECASE)


def restates_standard(kind: str, paragraph: str) -> bool:
    """Whether a typed paragraph of an item of ``kind`` says what the item's generated
    standard sentence says (and so is printed once, as generated)."""
    pattern = _STANDARD.get(kind)
    return pattern is not None and pattern.match(paragraph.strip()) is not None


_NONE: Final = re.compile(
    r"(no apologies|there were no apologies|no declarations|there were no declarations|"
    r"no interests were declared|none were declared|none declared)",
    re.IGNORECASE,
)
_SUBSTITUTE: Final = re.compile(
    r"\S.* ((was|were) present as (a )?substitutes? for|(attended|substituted) "
    r"(as substitute )?for) ",
    re.IGNORECASE,
)


def says_none(paragraph: str) -> bool:
    """Whether typed text says there was nothing to record ("There were no apologies.")."""
    return _NONE.match(paragraph.strip()) is not None


def names_substitute(paragraph: str) -> bool:
    """Whether typed text records a substitute ("Fay Green was present as substitute
    for Dev Patel.")."""
    return _SUBSTITUTE.match(paragraph.strip()) is not None


def declares_interest(paragraph: str) -> bool:
    """Whether typed text records a declaration of interest in prose."""
    return _DECLARED.search(paragraph) is not None
