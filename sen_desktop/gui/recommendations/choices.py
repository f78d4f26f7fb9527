"""What the recommendation forms offer, gathered on the worker before a form opens.

Groups with their remit points, districts, meetings, people, chairs and bodies come
from the services in one worker call (``recommendation_choices``,
``decision_choices``, ``upcoming_meetings``), so the forms themselves never wait on
the database. Plain records, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from sen_desktop.core.dates import uk_date

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping, Sequence

    from sen_desktop.core.programme.records import RemitPoint
    from sen_desktop.core.recommendations.records import (
        CertifiedChair,
        RecommendationDetail,
        RecommendationRecord,
    )
    from sen_desktop.gui.shell.session import OpenProgramme

#: The kinds of group that raise recommendations.
RECOMMENDING_KINDS: Final = ("working", "reference")


@dataclass(frozen=True)
class GroupChoice:
    id: str
    code: str
    name: str
    dimension: str | None
    remit: tuple[RemitPoint, ...]


@dataclass(frozen=True)
class RecommendationChoices:
    groups: tuple[GroupChoice, ...]  # the working groups and the reference group
    districts: tuple[str, ...]  # the "districts" programme setting


def recommendation_choices(session: OpenProgramme) -> RecommendationChoices:
    """Runs on the worker."""
    programme = session.programme
    groups = []
    for summary in programme.list_groups():
        if summary.kind in RECOMMENDING_KINDS:
            detail = programme.group(summary.id)
            groups.append(GroupChoice(summary.id, summary.code, summary.name,
                                      summary.dimension, detail.remit))
    return RecommendationChoices(tuple(groups), session.recommendations.districts())


@dataclass(frozen=True)
class MeetingChoice:
    id: str
    group_id: str
    label: str  # "SG meeting 3, 1 October 2010"
    date: dt.date


@dataclass(frozen=True)
class PersonChoice:
    id: str
    name: str


@dataclass(frozen=True)
class DecisionChoices:
    detail: RecommendationDetail
    steering_id: str | None  # the group its group reports to
    meetings: tuple[MeetingChoice, ...]  # its group's and the Steering Group's, newest first
    bodies: tuple[tuple[str, str], ...]  # (code, name) beyond the groups: SMT …
    people: tuple[PersonChoice, ...]
    chairs: Mapping[str, str]  # group id -> the person in its chair today
    # The chairs this laptop's certificate lets it sign for (none on most laptops).
    certified: tuple[CertifiedChair, ...] = ()
    steering_code: str = ""  # the code of the group its group reports to ("SG")
    steering_name: str = ""


def meeting_label(code: str, number: int, day: dt.date) -> str:
    return f"{code} meeting {number}, {uk_date(day)}"


def _meetings(session: OpenProgramme, group_ids: Sequence[str], when: str) -> list[MeetingChoice]:
    found = []
    for group_id in group_ids:
        for m in session.meetings.list_meetings(group_id, when):
            if m.status != "cancelled":
                found.append(MeetingChoice(m.id, m.group_id,
                                           meeting_label(m.group_code, m.number, m.date), m.date))
    return found


def decision_choices(
    session: OpenProgramme, recommendation_id: str, today: dt.date | None = None
) -> DecisionChoices:
    """Runs on the worker."""
    detail = session.recommendations.detail(recommendation_id)
    group_id = detail.record.group_id
    group = session.programme.group(group_id, on=today)
    steering_id = group.reports_to_id
    steering = session.programme.group(steering_id, on=today) if steering_id else None
    ids = [group_id] + ([steering_id] if steering_id else [])
    chairs: dict[str, str] = {}
    for gid in ids:
        seats = group.seats if gid == group_id else (steering.seats if steering else ())
        chair = next((s.holder for s in seats if s.is_chair and s.holder is not None), None)
        if chair is not None:
            chairs[gid] = chair.person_id
    meetings = sorted(_meetings(session, ids, "all"), key=lambda m: m.date, reverse=True)
    people = tuple(PersonChoice(p.id, p.full_name) for p in session.people.list_people())
    return DecisionChoices(detail, steering_id, tuple(meetings),
                           tuple(session.recommendations.bodies()), people, chairs,
                           tuple(session.recommendations.signing_roles()),
                           steering.code if steering else "", steering.name if steering else "")


def upcoming_meetings(session: OpenProgramme, record: RecommendationRecord) -> list[MeetingChoice]:
    """Runs on the worker: the meetings of its group and the Steering Group still to come."""
    group = session.programme.group(record.group_id)
    ids = [record.group_id] + ([group.reports_to_id] if group.reports_to_id else [])
    return sorted(_meetings(session, ids, "upcoming"), key=lambda m: (m.date, m.label))
