"""Counts of a consultation's responses by audience, district and theme.

A pure function of ``ConsultationDetail`` (no session): the page, the command line and
the report count alike. Every audience of the vocabulary and every programme district
is listed, with its count (a row of 0 says nobody answered from there, which is news
too); responses from no district, and those with no theme, are counted apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sen_desktop.core.consultations.vocabulary import AUDIENCES, audience_words

if TYPE_CHECKING:
    from sen_desktop.core.consultations.records import ConsultationDetail

NO_DISTRICT = "No district given"
NO_THEME = "No theme tagged"


@dataclass(frozen=True)
class Count:
    label: str
    count: int
    share: float  # of all responses, 0–1

    @property
    def percent(self) -> str:
        return f"{round(self.share * 100)}%"


@dataclass(frozen=True)
class Analysis:
    total: int
    by_audience: tuple[Count, ...]
    by_district: tuple[Count, ...]
    by_theme: tuple[Count, ...]
    attendance: int  # people at the events, where counted
    events: int


def analyse(detail: ConsultationDetail) -> Analysis:
    responses = detail.responses
    total = len(responses)

    def count(label: str, n: int) -> Count:
        return Count(label, n, n / total if total else 0.0)

    audiences: dict[str, int] = dict.fromkeys(AUDIENCES, 0)
    districts: dict[str, int] = dict.fromkeys(detail.districts, 0)
    themes: dict[str, int] = {theme.id: 0 for theme in detail.themes}
    no_district = no_theme = 0
    for response in responses:
        audiences[response.respondent_type] = audiences.get(response.respondent_type, 0) + 1
        if response.district:
            districts[response.district] = districts.get(response.district, 0) + 1
        else:
            no_district += 1
        tagged = [t for t in response.themes if t in themes]
        for theme in tagged:
            themes[theme] += 1
        if not tagged:
            no_theme += 1
    by_district = [count(name, n) for name, n in districts.items()]
    if no_district:
        by_district.append(count(NO_DISTRICT, no_district))
    by_theme = sorted(
        (count(theme.name, themes[theme.id]) for theme in detail.themes),
        key=lambda c: -c.count,
    )
    if no_theme:
        by_theme.append(count(NO_THEME, no_theme))
    counted = [e.attendance for e in detail.events if e.attendance is not None]
    return Analysis(
        total=total,
        by_audience=tuple(count(audience_words(code), n) for code, n in audiences.items()),
        by_district=tuple(by_district),
        by_theme=tuple(by_theme),
        attendance=sum(counted),
        events=len(detail.events),
    )
