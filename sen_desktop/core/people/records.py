"""What the people service returns, and how a person's role is printed.

Frozen records and pure functions only: no SQLAlchemy, so a screen or a paper can import
them without loading the store (docs/architecture.md, "Layers").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

PERSON_FIELDS: Final = ("full_name", "job_title", "organisation", "email", "phone", "notes")


@dataclass(frozen=True)
class PersonRecord:
    id: str
    full_name: str
    job_title: str
    organisation: str
    email: str
    phone: str
    notes: str


@dataclass(frozen=True)
class AppointmentView:
    id: str
    seat_id: str
    seat_title: str
    group_id: str
    group_name: str
    person_id: str
    person_name: str
    start_date: dt.date
    end_date: dt.date | None
    meets_seat_rule: bool
    substitute_for_id: str | None


@dataclass(frozen=True)
class SeatView:
    id: str
    position: int  # 1-based
    title: str
    is_chair: bool
    is_vice_chair: bool
    rule_applies: bool
    holder: AppointmentView | None  # the appointment current on the day asked about


@dataclass(frozen=True)
class OwnerChoice:
    """A person an action can be given to (the action log's and the minutes' one list)."""

    person_id: str
    name: str
    # Why they are offered: "member" of the group; at a meeting also "present",
    # "apologies" …; "" for anyone else in the programme's list.
    note: str = ""

    @property
    def member(self) -> bool:
        """Offered for a reason (a member, or on the meeting's list): listed first."""
        return bool(self.note)


# --- how a person's role is printed ------------------------------------------------------
#
# A seat keeps the Project Plan's wording as its title ("Secondary School Head (academy
# or maintained)"): it is what the plan constitutes. A person at a meeting is shown by
# name and role, as council minutes print them ("Head of Special School, Foreland
# Fields"; docs/formats.md, "Minutes"): their job title, then their organisation unless it
# is the authority itself. Someone with no job title recorded falls back to the seat's
# title without the plan's bracketed qualifier.

_QUALIFIER: Final = re.compile(r"\s*\([^()]*\)\s*$")


def short_capacity(seat_title: str) -> str:
    """A seat's title as a capacity: "Secondary School Head (academy or maintained)" →
    "Secondary School Head"."""
    title = " ".join(seat_title.split())
    shorter = _QUALIFIER.sub("", title)
    return shorter or title


def person_role(job_title: str, organisation: str, authority: str = "") -> str:
    """ "Headteacher, Meadowbank School"; "Senior Educational Psychologist" (an officer
    of the authority, so no organisation); "" when no job title is recorded."""
    job = " ".join(job_title.split())
    org = " ".join(organisation.split())
    if not job:
        return ""
    folded = org.casefold()
    if not org or folded == authority.strip().casefold() or folded in job.casefold():
        return job
    return f"{job}, {org}"


#: The Project Plan's words for the officer who leads each group's work, most specific
#: first: the Steering Group's "County SEN Manager – Project Lead", a working group's
#: "Head of SEN and Resources or County SEN Manager", and for the Parent/Carer Reference
#: Group the Parent Partnership Service (which supports parents in the programme).
LEAD_OFFICER_WORDS: Final = ("project lead", "county sen manager", "parent partnership")


def chair_seat(seats: Sequence[SeatView]) -> SeatView | None:
    """The group's chair seat (``is_chair``), if one is designated."""
    return next((seat for seat in seats if seat.is_chair), None)


def lead_officer_seat(seats: Sequence[SeatView]) -> SeatView | None:
    """The seat of the group's lead officer, as the Project Plan words it
    (``LEAD_OFFICER_WORDS``); never the chair's seat. None if the group has no such seat
    (a task and finish group's own seats, or seats renamed)."""
    for words in LEAD_OFFICER_WORDS:
        for seat in seats:
            if not seat.is_chair and words in seat.title.casefold():
                return seat
    return None
