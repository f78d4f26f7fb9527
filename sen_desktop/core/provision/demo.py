"""Demo provision maps: what each working group of a demo programme has mapped.

Called by the demo generator (core/demo/service.py) once the recommendations are
written, in its one transaction and through its ``write`` (``oplog.insert_new_rows``),
so the rows come with their operations like the rest of the demo. For each working
group: a special school or two per district for its need types, resourced units and
outreach in about half the districts, enhanced and universal provision in most, and a
few independent and out-county placements; gaps where a district lacks a tier the others
have, about two in three answered by one of the group's recommendations; and its
criteria for access to specialist resourcing, version 1 agreed in the autumn of 2010 and
version 2 (a copy with a change) a year later, cited by some recommendations.

Deterministic: everything comes from a ``random.Random`` seeded from the demo's seed.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import select

from sen_desktop.core.programme.settings import read_programme_settings
from sen_desktop.core.provision.vocabulary import FUNDING_SOURCES, NEED_TYPES, TIERS
from sen_desktop.core.store.models import (
    AccessCriterion,
    CriteriaVersion,
    Group,
    ProvisionEntry,
    ProvisionGap,
    Recommendation,
    RecommendationCriterion,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from sqlalchemy.orm import Session

    from sen_desktop.core.store.models import Synced

    Write = Callable[[type[Synced], Sequence[Mapping[str, Any]]], None]

#: How likely a district has some provision at each tier, and (places low, high).
_TIER_PLAN: Final = {
    "universal": (0.9, (0, 0)),
    "enhanced": (0.8, (6, 30)),
    "specialist_in_mainstream": (0.5, (8, 24)),
    "special_school": (0.6, (60, 220)),
    "outreach": (0.5, (20, 80)),
    "independent_non_maintained": (0.3, (4, 40)),
}
_SETTINGS: Final = {
    "universal": ("Mainstream primary schools", "Mainstream secondary schools",
                  "Early years settings"),
    "enhanced": ("Primary school, enhanced provision", "Secondary school, enhanced provision",
                 "Further education college"),
    "specialist_in_mainstream": ("Primary school unit", "Secondary school unit",
                                 "Lead school resourced provision"),
    "special_school": ("Special school (day)", "Special school (day and residential)"),
    "outreach": ("Special school outreach", "Specialist Teaching Service"),
    "independent_non_maintained": ("Independent day school", "Non-maintained residential",
                                   "Out-county local authority school"),
}
_NAMES: Final = {
    "universal": "{district} schools' universal offer",
    "enhanced": "{place} {kind} support base",
    "specialist_in_mainstream": "{place} {kind} unit",
    "special_school": "{place} School",
    "outreach": "{place} outreach service",
    "independent_non_maintained": "{place} {kind} placements",
}
_PLACES: Final = (
    "Orchard", "Weald", "Downs", "Medway", "Stour", "Marsh", "Chalk", "Hop", "Cherry",
    "Oast", "Shingle", "Beacon", "Saxon", "Kingsgate", "Priory", "Harbour",
)
_EVIDENCE: Final = (
    "Pupils travel more than an hour to the nearest {tier} provision.",
    "A waiting list of {n} children for {tier} provision at the last count.",
    "{n} placements made out of the district last year for want of {tier} provision.",
    "Schools report no {tier} support they can call on within the district.",
)
_CRITERIA: Final = (
    ("enhanced", "The school has used its universal provision and a plan of support "
     "for at least two terms, reviewed with the parents."),
    ("outreach", "The child's needs have been assessed by an educational psychologist "
     "or the Specialist Teaching Service within the last year."),
    ("specialist_in_mainstream", "The child can take part in mainstream lessons for "
     "most of the week with the unit's support."),
    ("special_school", "The child's needs cannot be met in a mainstream setting with "
     "specialist support, as the annual review shows."),
    ("independent_non_maintained", "No maintained provision in the County can meet the "
     "need, agreed by the SEN placement panel."),
)


def demo_provision(
    s: Session, seed: int, new_id: Callable[[], str], group_ids: Mapping[str, str],
    write: Write,
) -> int:
    """Write the working groups' provision maps and criteria; returns the rows written."""
    rng = random.Random(f"sen-demo-provision:{seed}")
    districts = read_programme_settings(s).districts
    working = s.execute(
        select(Group.id, Group.dimension).where(
            Group.id.in_(list(group_ids.values())), Group.kind == "working",
            Group.deleted.is_(False),
        ).order_by(Group.position, Group.code)
    ).all()
    written = 0
    for group_id, dimension in working:
        recommendations = list(s.scalars(
            select(Recommendation.id).where(
                Recommendation.group_id == group_id, Recommendation.deleted.is_(False)
            ).order_by(Recommendation.reference, Recommendation.id)
        ))
        entries, gaps = _map_rows(rng, new_id, group_id, dimension, districts, recommendations)
        versions, criteria, citations = _criteria_rows(rng, new_id, group_id, recommendations)
        write(ProvisionEntry, entries)
        write(ProvisionGap, gaps)
        write(CriteriaVersion, versions)
        write(AccessCriterion, criteria)
        write(RecommendationCriterion, citations)
        written += len(entries) + len(gaps) + len(versions) + len(criteria) + len(citations)
    return written


def _map_rows(
    rng: random.Random, new_id: Callable[[], str], group_id: str, dimension: str | None,
    districts: Sequence[str], recommendations: Sequence[str],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    needs = NEED_TYPES.get(dimension or "", ("SEN",))
    entries: list[dict[str, Any]] = []
    gaps: list[dict[str, Any]] = []
    for district in districts:
        short = district.split(" (")[0]
        for tier in TIERS:
            chance, (low, high) = _TIER_PLAN[tier]
            if rng.random() >= chance:
                if tier != "universal" and rng.random() < 0.5:
                    n = rng.randint(4, 30)
                    words = rng.choice(_EVIDENCE).format(tier=_tier_words(tier), n=n)
                    answer = (
                        rng.choice(recommendations)
                        if recommendations and rng.random() < 0.67 else None
                    )
                    gaps.append({
                        "id": new_id(), "group_id": group_id, "district": district,
                        "tier": tier, "evidence": words, "recommendation_id": answer,
                        "deleted": False,
                    })
                continue
            for _ in range(1 if tier in ("universal", "special_school") else rng.randint(1, 2)):
                place = rng.choice(_PLACES)
                kind = rng.choice(needs)
                age_from = rng.choice((0, 2, 4, 5, 11))
                age_to = rng.choice((11, 16, 19, 24)) if age_from < 11 else rng.choice((16, 19, 24))
                entries.append({
                    "id": new_id(), "group_id": group_id,
                    "name": _NAMES[tier].format(district=short, place=place, kind=kind),
                    "tier": tier,
                    "need_types": json.dumps(sorted(rng.sample(needs, rng.randint(1, len(needs))))),
                    "age_from": age_from, "age_to": age_to, "district": district,
                    "setting": rng.choice(_SETTINGS[tier]),
                    "places": rng.randint(low, high) if high else None,
                    "funding": rng.choice(FUNDING_SOURCES),
                    "notes": "", "deleted": False,
                })
    return entries, gaps


def _criteria_rows(
    rng: random.Random, new_id: Callable[[], str], group_id: str,
    recommendations: Sequence[str],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    first, second = new_id(), new_id()
    versions = [
        {"id": first, "group_id": group_id, "number": 1, "agreed_on": dt.date(2010, 11, 16),
         "note": "The criteria as first agreed.", "deleted": False},
        {"id": second, "group_id": group_id, "number": 2, "agreed_on": dt.date(2011, 10, 11),
         "note": "Enhanced provision after one term of support, not two.", "deleted": False},
    ]
    criteria: list[dict[str, Any]] = []
    cited: list[str] = []
    for version in (first, second):
        for position, (tier, words) in enumerate(_CRITERIA, start=1):
            if version == second and tier == "enhanced":
                words = words.replace("two terms", "one term")
            row_id = new_id()
            criteria.append({"id": row_id, "version_id": version, "position": position,
                             "tier": tier, "text": words, "deleted": False})
            if version == second:
                cited.append(row_id)
    citations = [
        {"id": new_id(), "recommendation_id": recommendation,
         "criterion_id": rng.choice(cited), "deleted": False}
        for recommendation in recommendations[: max(1, len(recommendations) // 4)]
    ] if recommendations else []
    return versions, criteria, citations


def _tier_words(tier: str) -> str:
    from sen_desktop.core.provision.records import tier_label

    return tier_label(tier).lower()


__all__ = ["demo_provision"]
