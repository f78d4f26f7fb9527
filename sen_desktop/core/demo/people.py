"""The people of a demo programme: who holds each seat when, in what post, and deputies.

Every seat is filled from July 2010; posts change hands every two to seven years, so
a ten-year programme sees each seat held by two to five people in turn. Heads'
seats go to headteachers of the (fictional) schools in ``text``, officers' seats
to County officers (addresses at council.example.org), health seats to NHS staff, and the
Parent/Carer Reference Group's to parents (who give no work address). Each seat's last
holder has a named deputy from the same school or service who comes as substitute.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from sen_desktop.core.demo import text

if TYPE_CHECKING:
    import random
    from collections.abc import Callable, Mapping

    from sen_desktop.core.demo.plan import GroupPlan

APPOINTED_FROM: Final = dt.date(2010, 7, 1)
KCC: Final = "Kent County Council"

# The seats of a task and finish group: (title, is the chair).
TASK_SEATS: Final = (
    ("Lead officer (Chair)", True),
    ("Headteacher representative", False),
    ("Educational Psychologist", False),
    ("Specialist Teacher", False),
    ("SEN Officer", False),
    ("Parent/carer representative", False),
)

Row = dict[str, Any]
_SLUG: Final = re.compile(r"[^a-z]+")


@dataclass(frozen=True, slots=True)
class Post:
    job_title: str
    organisation: str
    domain: str  # e-mail domain; "" for none
    deputy_title: str  # who comes as substitute; "" if nobody can


@dataclass
class Tenure:
    person_id: str
    name: str
    start: dt.date
    end: dt.date | None


@dataclass
class SeatState:
    id: str
    group: str  # code
    title: str
    is_chair: bool
    tenures: list[Tenure] = field(default_factory=list)
    deputy_id: str | None = None
    deputy_name: str = ""

    def holder(self, on: dt.date) -> Tenure | None:
        for tenure in self.tenures:
            if tenure.start <= on and (tenure.end is None or on <= tenure.end):
                return tenure
        return None


def _slug(name: str) -> str:
    return _SLUG.sub("", name.lower().replace("school", "").replace("academy", ""))


class Staff:
    """Makes the people (as ``rows``) and fills the seats' tenures."""

    def __init__(
        self, rng: random.Random, new_id: Callable[[], str], groups: Mapping[str, GroupPlan]
    ) -> None:
        self.rng = rng
        self.new_id = new_id
        self.groups = groups
        self.rows: list[Row] = []
        self._used: set[str] = set()

    def _name(self) -> tuple[str, str]:
        while True:
            first = self.rng.choice(text.FIRST_NAMES)
            last = self.rng.choice(text.SURNAMES)
            if f"{first} {last}" not in self._used:
                self._used.add(f"{first} {last}")
                return first, last

    def person(self, job_title: str, organisation: str, domain: str) -> tuple[str, str]:
        """A new person: (id, full name)."""
        first, last = self._name()
        person_id = self.new_id()
        local = f"{first}.{last}".lower().replace("'", "")
        prefix, low, high = text.DRAMA_PHONE
        phone = f"{prefix}{self.rng.randint(low, high):03d}"
        self.rows.append(
            {
                "id": person_id,
                "full_name": f"{first} {last}",
                "job_title": job_title,
                "organisation": organisation,
                "email": f"{local}@{domain}" if domain else "",
                "phone": phone if domain else "",
            }
        )
        return person_id, f"{first} {last}"

    def post(self, seat: SeatState) -> Post:
        """The post of someone holding ``seat``: a headteacher, an officer, a parent …"""
        group = self.groups[seat.group]
        title = seat.title
        school = self._school_for(title)
        if school is not None:
            name, _phase, _district = school
            domain = f"{_slug(name)}.{text.SCHOOL_DOMAIN}"
            return Post("Headteacher", name, domain, "Deputy Headteacher")
        if title.startswith("Parent/carer"):
            return Post("Parent/carer", "", "", "")
        if "Health" in title:
            post = text.HEALTH_POSTS.get(group.dimension or "", title)
            org = self.rng.choice(text.HEALTH_ORGANISATIONS)
            job = post if "representative" in title else title
            return Post(job, org, text.HEALTH_DOMAIN, "Clinical Nurse Specialist")
        job = title.removesuffix(" representative").replace(" or County SEN Manager", "")
        if title.startswith("Lead officer"):
            job = "SEN Strategy Lead Officer"
        elif title == "EP representative":
            job = "Senior Educational Psychologist"
        elif title == "Chairs of Dimensions Working Groups":
            job = "Chair, Need Dimension Working Group"
        elif title.endswith("representative"):
            job = f"{job} Manager" if not job.endswith(("Adviser", "Manager")) else job
        deputy = job.removeprefix("Senior ") if job.startswith("Senior ") else f"Deputy {job}"
        return Post(job, KCC, text.COUNCIL_DOMAIN, deputy)

    def _school_for(self, title: str) -> tuple[str, str, str] | None:
        if "Special School" in title or title.startswith("Headteacher"):
            phase = "special"
        elif "Secondary School Head" in title:
            phase = "secondary"
        elif "Primary School Head" in title:
            phase = "primary"
        else:
            return None
        return self.rng.choice([s for s in text.SCHOOLS if s[1] == phase])

    def appoint(
        self, seats: list[SeatState], until: dt.date, first: dt.date = APPOINTED_FROM
    ) -> list[Row]:
        """Fill every seat from ``first`` (July 2010 for the programme's own history) to
        ``until``; the appointment rows."""
        rows: list[Row] = []
        for seat in seats:
            start = first
            post = self.post(seat)
            while True:
                person_id, name = self.person(post.job_title, post.organisation, post.domain)
                # Posts change hands every two to seven years.
                end: dt.date | None = start + dt.timedelta(days=self.rng.randint(730, 2555))
                if end is not None and end > until:
                    end = None
                seat.tenures.append(Tenure(person_id, name, start, end))
                rows.append(
                    {
                        "id": self.new_id(),
                        "seat_id": seat.id,
                        "person_id": person_id,
                        "start_date": start,
                        "end_date": end,
                    }
                )
                if end is None:
                    break
                start = end + dt.timedelta(days=1)
                post = self.post(seat)
            # The last holder's deputy comes when they cannot (same school or service).
            if post.deputy_title:
                seat.deputy_id, seat.deputy_name = self.person(
                    post.deputy_title, post.organisation, post.domain
                )
        return rows
