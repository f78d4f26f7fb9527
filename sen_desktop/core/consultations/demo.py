"""Demo consultations: the two of the Project Plan's Action Plan, filled as they ran.

Called by the demo generator (core/demo/service.py) once the recommendations (and any
policy documents) are written, in its one transaction and through its ``write``
(``oplog.insert_new_rows``), so the rows come with their operations like the rest of the
demo:

* C1, "Consultation with schools on identified funding SEN options and proposals as
  part of Autumn consultation on all schools formula funding considerations"
  (October–November 2010): schools and academies, four area briefings, about eighty
  responses;
* C2, "Prepare proposals ... informed by the parent/carer reference group, and
  undertake consultation with all partners and stakeholders" (November 2010 – March
  2011): every audience, an event in six districts, about a hundred and sixty responses.

Each has the Steering Group's recommendations (and policy versions, where the demo has
them) as documents consulted on, themes tagged on most responses, a few quotations'
worth of text per theme, contact details on about a third of the responses, and "you
said, we did" for most themes, linked to a recommendation where one answers it.

Deterministic: everything comes from a ``random.Random`` seeded from the demo's seed.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import select

from sen_desktop.core.programme.settings import read_programme_settings
from sen_desktop.core.store.models import (
    Consultation,
    ConsultationDocument,
    ConsultationEvent,
    ConsultationResponse,
    ConsultationTheme,
    Group,
    PolicyDocument,
    PolicyVersion,
    Recommendation,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from sqlalchemy.orm import Session

    from sen_desktop.core.store.models import Synced

    Write = Callable[[type[Synced], Sequence[Mapping[str, Any]]], None]


#: theme name: (what respondents said, what was done -- "" for not yet decided).
_SCHOOLS_THEMES: Final = {
    "Funding bands": (
        ("Seven bands are too many for a small school to follow.",
         "Banding by need rather than by diagnosis is welcome.",
         "The bands must be explained to governors in plain words."),
        "The proposal now has three bands, each described by the support it buys."),
    "Transitional protection": (
        ("A sudden change in April would hurt schools that have built up units.",
         "Protect budgets for two years while schools adjust.",
         "We need to know our budget by March to plan staffing."),
        "Losses are capped at 1.5% a year for two years from April 2011."),
    "Delegation to schools": (
        ("Delegate more so heads can act early without waiting for a statement.",
         "Delegation works only if the local authority still checks quality.",),
        "Funding for enhanced provision is delegated; outreach stays central."),
    "High-needs top-up": (
        ("Top-up must follow the child when they move school.",
         "The threshold for top-up funding is set too high.",),
        ""),
    "Academies": (
        ("Academies should be funded on the same basis as maintained schools.",
         "Recoupment for academies needs to be explained before April."),
        "The proposal sets out how academies are funded on the same formula."),
}
_PARTNERS_THEMES: Final = {
    "Provision in every district": (
        ("Children should not have to travel out of the district for a specialist place.",
         "There is nothing between mainstream and special school in our area.",
         "Outreach from the special school has made all the difference."),
        "Specialist resourced provision is proposed in each of the twelve districts."),
    "Transport": (
        ("The bus takes over an hour each way.",
         "Transport rules should not decide which school a child attends.",),
        "Travel training is added to the offer for young people aged 14 and over."),
    "Early help": (
        ("Help should come before a statement, not after it.",
         "Health visitors see needs early and should be part of the plan.",
         "Nursery staff need training to spot speech and language needs."),
        "An early help section is added to each dimension's policy."),
    "Parents' voice": (
        ("Parents should be asked before decisions are made, not after.",
         "The reference group's views should be printed in every paper.",),
        "Each recommendation paper now reports the Parent/Carer Reference Group's view."),
    "Transition to adulthood": (
        ("Planning for adult life must start at 14, not 18.",
         "Young people want a say in their own plans.",),
        ""),
    "Health and social care": (
        ("Therapy time is not written into the proposals.",
         "Social care must be at the table when places are planned.",),
        "Health and social care join the criteria for access to specialist resourcing."),
}

_SCHOOL_NAMES: Final = ("Primary School", "Church of England Primary School",
                        "Community College", "Grammar School", "Infant School",
                        "Junior School", "Academy", "Special School")
_ORGANISATIONS: Final = {
    "health": ("Eastern and Coastal Kent PCT", "West Kent PCT", "Kent Community Health"),
    "voluntary_sector": ("Parent Partnership Service", "Mencap Kent", "Kent Autistic Trust",
                         "Carers' Support"),
    "social_care": ("Disabled Children's Service", "Children's Social Services"),
    "other": ("Kent Youth Service", "Connexions Kent"),
}
_FIRST: Final = ("Sam", "Jo", "Alex", "Chris", "Pat", "Nicola", "Amir", "Priya", "Tom",
                 "Grace", "Owen", "Sian")
_LAST: Final = ("Hughes", "Patel", "Okafor", "Smith", "Brown", "Khan", "Walsh", "Evans",
                "Taylor", "Clarke")


ACTION_PLAN_START: Final = dt.date(2010, 9, 1)
"""The first month of the Project Plan's programme, when the demo's meetings begin with it."""


def demo_consultations(
    s: Session, seed: int, new_id: Callable[[], str], group_ids: Mapping[str, str],
    write: Write, start: dt.date = ACTION_PLAN_START,
) -> int:
    """Write the Action Plan's two consultations; returns the rows written.

    ``start`` is the demo's first month of meetings: the consultations keep their place
    in the programme (a month and a little after it begins), moved by whole weeks so each
    event keeps its weekday, and the years their texts name move with them. From
    September 2010 (``--from 2010-09``) they are the Action Plan's own dates.
    """
    rng = random.Random(f"sen-demo-consultations:{seed}")
    steering = s.scalars(
        select(Group.id).where(Group.id.in_(list(group_ids.values())),
                               Group.kind == "steering", Group.deleted.is_(False))
        .order_by(Group.position, Group.code)
    ).first()
    if steering is None:
        return 0
    districts = read_programme_settings(s).districts
    recommendations = [
        (rid, f"{ref} {title}")
        for rid, ref, title in s.execute(
            select(Recommendation.id, Recommendation.reference, Recommendation.title)
            .where(Recommendation.deleted.is_(False))
            .order_by(Recommendation.reference, Recommendation.id)
        )
    ]
    policies = [
        (vid, f"{title}, version {number}")
        for vid, title, number in s.execute(
            select(PolicyVersion.id, PolicyDocument.title, PolicyVersion.number)
            .join(PolicyDocument, PolicyDocument.id == PolicyVersion.policy_id)
            .where(PolicyVersion.deleted.is_(False))
            .order_by(PolicyDocument.title, PolicyVersion.number)
        )
    ]
    plans: tuple[_Plan, ...] = (
        _Plan("C1", "SEN funding options for schools",
              "To ask schools and academies which of the SEN funding options put to the "
              "Schools Funding Forum in September 2010 they prefer, as part of the autumn "
              "consultation on the schools formula.",
              ("schools", "academies"), dt.date(2010, 10, 4), dt.date(2010, 11, 26),
              _SCHOOLS_THEMES, 80, {"schools": 8, "academies": 2},
              ((dt.date(2010, 10, 12), "Ashford International Hotel", "Ashford"),
               (dt.date(2010, 10, 14), "Oakwood House", "Maidstone"),
               (dt.date(2010, 10, 19), "Canterbury Cathedral Lodge", "Canterbury"),
               (dt.date(2010, 10, 21), "Dartford Civic Centre", "Dartford"))),
        _Plan("C2", "SEN strategy proposals: partners and stakeholders",
              "To consult all partners and stakeholders on the SEN strategy's proposals, "
              "including the detailed funding proposals, prepared with the Parent/Carer "
              "Reference Group.",
              ("schools", "parents_carers", "health", "voluntary_sector", "academies",
               "social_care", "young_people", "other"),
              dt.date(2010, 11, 15), dt.date(2011, 3, 18), _PARTNERS_THEMES, 160,
              {"parents_carers": 6, "schools": 4, "health": 2, "voluntary_sector": 2,
               "academies": 1, "social_care": 1, "young_people": 2, "other": 1},
              ((dt.date(2010, 11, 24), "Gateway, Swale", "Swale"),
               (dt.date(2010, 12, 2), "Thanet Early Years Centre", "Thanet"),
               (dt.date(2011, 1, 13), "Dover Discovery Centre", "Dover"),
               (dt.date(2011, 1, 20), "Tunbridge Wells Town Hall", "Tunbridge Wells"),
               (dt.date(2011, 2, 3), "Gravesend Civic Centre", "Gravesham"),
               (dt.date(2011, 2, 10), "Parent/Carer Reference Group open meeting, "
                                      "Sessions House", "Maidstone"))),
    )
    weeks = round((start - ACTION_PLAN_START).days / 7)
    if weeks:
        plans = tuple(_moved(plan, dt.timedelta(weeks=weeks), start.year - ACTION_PLAN_START.year)
                      for plan in plans)
    written = 0
    for plan in plans:
        documents = (recommendations[:3] if plan.reference == "C1"
                     else policies[:4] + recommendations[3:6])
        kinds = ["recommendation"] * len(documents) if plan.reference == "C1" else (
            ["policy_version"] * len(policies[:4]) + ["recommendation"] * len(
                recommendations[3:6]))
        written += _write_plan(rng, new_id, write, steering, districts, plan,
                               list(zip(kinds, documents, strict=True)), recommendations)
    return written


_YEAR = re.compile(r"\b(20[0-9]{2})\b")


def _moved(plan: _Plan, by: dt.timedelta, years: int) -> _Plan:
    """``plan`` moved by ``by``, and the years its texts name by ``years`` (the
    programme's: "September 2010", before the programme's first autumn, stays so)."""

    def text(words: str) -> str:
        return _YEAR.sub(lambda m: str(int(m.group(1)) + years), words) if years else words

    return replace(
        plan, purpose=text(plan.purpose), opens=plan.opens + by, closes=plan.closes + by,
        themes={name: (tuple(text(w) for w in said), text(did))
                for name, (said, did) in plan.themes.items()},
        events=tuple((day + by, venue, district) for day, venue, district in plan.events),
    )


@dataclass(frozen=True)
class _Plan:
    """One consultation of the Action Plan, as the demo fills it."""

    reference: str
    title: str
    purpose: str
    audiences: tuple[str, ...]
    opens: dt.date
    closes: dt.date
    themes: Mapping[str, tuple[tuple[str, ...], str]]
    responses: int
    weights: Mapping[str, int]  # how often each audience answers
    events: tuple[tuple[dt.date, str, str], ...]  # day, venue, district


def _write_plan(
    rng: random.Random, new_id: Callable[[], str], write: Write, steering: str,
    districts: Sequence[str], plan: _Plan,
    documents: Sequence[tuple[str, tuple[str, str]]],
    recommendations: Sequence[tuple[str, str]],
) -> int:
    cid = new_id()
    write(Consultation, [{
        "id": cid, "group_id": steering, "reference": plan.reference, "title": plan.title,
        "purpose": plan.purpose, "audiences": json.dumps(list(plan.audiences)),
        "opens_on": plan.opens, "closes_on": plan.closes, "deleted": False,
    }])
    doc_rows = [{"id": new_id(), "consultation_id": cid, "position": n, "kind": kind,
                 "target_id": target, "label": label, "deleted": False}
                for n, (kind, (target, label)) in enumerate(documents, start=1)]
    write(ConsultationDocument, doc_rows)
    event_rows = [{"id": new_id(), "consultation_id": cid, "date": day, "venue": venue,
                   "district": district,
                   "attendance": rng.randint(18, 95) if rng.random() < 0.85 else None,
                   "deleted": False} for day, venue, district in plan.events]
    write(ConsultationEvent, event_rows)
    theme_rows = []
    for position, (name, (_said, did)) in enumerate(plan.themes.items(), start=1):
        linked = recommendations[rng.randrange(len(recommendations))] if (
            did and recommendations and rng.random() < 0.6) else None
        theme_rows.append({
            "id": new_id(), "consultation_id": cid, "position": position, "name": name,
            "we_did": did, "change_kind": "recommendation" if linked else "",
            "change_target_id": linked[0] if linked else None, "change_section": "",
            "change_label": linked[1] if linked else "", "deleted": False,
        })
    write(ConsultationTheme, theme_rows)
    names = list(plan.themes)
    ids = {row["name"]: row["id"] for row in theme_rows}
    population = [code for code, weight in plan.weights.items() for _ in range(weight)]
    responses = []
    for number in range(1, plan.responses + 1):
        kind = rng.choice(population)
        first = rng.choice(names)
        second = rng.choice(names) if rng.random() < 0.3 else first
        # A response raising two themes says something on each, so it reads right
        # quoted under either.
        said = rng.choice(plan.themes[first][0])
        if second != first:
            said += " " + rng.choice(plan.themes[second][0])
        tagged = list(dict.fromkeys((first, second))) if rng.random() < 0.92 else []
        district = rng.choice(districts) if rng.random() < 0.9 else ""
        place = district.split(" (")[0] if district else "Kent"
        organisation = _organisation(rng, kind, place)
        contact = rng.random() < 0.35
        name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" if contact else ""
        responses.append({
            "id": new_id(), "consultation_id": cid, "number": number,
            "respondent_type": kind, "district": district, "organisation": organisation,
            "contact_name": name,
            # Invented people, invented addresses and Ofcom's drama numbers, as the
            # rest of the demo (core/demo/text.py).
            "contact_email": (f"{name.split()[0].lower()}.{name.split()[1].lower()}"
                              "@respondents.example.org") if contact else "",
            "contact_phone": f"01632 960{rng.randint(0, 999):03d}"
            if contact and rng.random() < 0.5 else "",
            "text": said, "themes": json.dumps([ids[t] for t in tagged]),
            "document_id": rng.choice(doc_rows)["id"] if doc_rows and rng.random() < 0.5
            else None,
            "deleted": False,
        })
    write(ConsultationResponse, responses)
    return 1 + len(doc_rows) + len(event_rows) + len(theme_rows) + len(responses)


def _organisation(rng: random.Random, kind: str, place: str) -> str:
    if kind in ("schools", "academies"):
        suffix = "Academy" if kind == "academies" else rng.choice(_SCHOOL_NAMES)
        return f"{place} {suffix}"
    choices = _ORGANISATIONS.get(kind)
    return rng.choice(choices) if choices and rng.random() < 0.8 else ""


__all__ = ["demo_consultations"]
