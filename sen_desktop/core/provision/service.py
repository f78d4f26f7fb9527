"""A working group's provision map, its gaps and its criteria for access (issue 15).

The Project Plan's Annex 1 asks each need dimension working group to "map what is
currently available within each locality/district, identify gaps and make
recommendations", and to "establish criteria for access to specialist resourcing".
``ProvisionService`` keeps the map's entries and gaps (the criteria are
``criteria.py``'s); it owns its transactions and returns the records of ``records.py``.

Rules (one sentence each, beside the field they concern):
* maps belong to working groups; a district is one of the programme's districts and a
  tier one of the continuum's;
* ages run within 0–24, the first no later than the last; places are a whole number,
  or empty for a service without places;
* one gap per district and tier (edit it rather than adding another); a gap's evidence
  is said; the recommendation that answers it is its own group's.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.programme.settings import read_programme_settings
from sen_desktop.core.provision.records import (
    GapRecord,
    ProvisionEntryRecord,
    ProvisionMap,
    RecommendationChoice,
    tier_label,
)
from sen_desktop.core.provision.vocabulary import (
    MAX_AGE,
    MAX_EVIDENCE,
    MAX_FUNDING,
    MAX_NAME,
    MAX_NEED_TYPE,
    MAX_NEED_TYPES,
    MAX_NOTES,
    MAX_PLACES,
    MAX_SETTING,
    MIN_AGE,
    NEED_TYPES,
    TIERS,
)
from sen_desktop.core.store.models import (
    Group,
    ProvisionEntry,
    ProvisionGap,
    Recommendation,
)
from sen_desktop.core.store.rows import live_row
from sen_desktop.core.validation import (
    clean_line,
    clean_text,
    limit_text,
    optional_text,
    require_text,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.orm import Session, sessionmaker

    from sen_desktop.core.provision.records import EntryFields

GROUP_GONE = "This group no longer exists; it may have been removed."
ENTRY_GONE = "This provision is no longer on the map; another laptop may have removed it."
GAP_GONE = "This gap is no longer on the map; another laptop may have removed it."
RECOMMENDATION_GONE = "This recommendation no longer exists; it may have been removed."


class ProvisionService:
    """Read and edit one working group's provision map and criteria for access."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory

    # --- the map -------------------------------------------------------------------------

    def provision_map(self, group_id: str, need_type: str | None = None) -> ProvisionMap:
        """The group's map; with ``need_type``, only the entries serving it."""
        with self._sf() as s:
            return read_map(s, group_id, need_type)

    def add_entry(self, group_id: str, fields: EntryFields) -> ProvisionEntryRecord:
        with self._sf.begin() as s:
            group = working_group(s, group_id)
            values = _entry_values(s, fields)
            entry = ProvisionEntry(group_id=group.id, **values)
            s.add(entry)
            s.flush()
            return entry_record(entry)

    def update_entry(self, entry_id: str, fields: EntryFields) -> ProvisionEntryRecord:
        with self._sf.begin() as s:
            entry = live_row(s, ProvisionEntry, entry_id, ENTRY_GONE)
            for name, value in _entry_values(s, fields).items():
                if getattr(entry, name) != value:
                    setattr(entry, name, value)
            s.flush()
            return entry_record(entry)

    def remove_entry(self, entry_id: str) -> None:
        with self._sf.begin() as s:
            live_row(s, ProvisionEntry, entry_id, ENTRY_GONE).deleted = True

    # --- gaps ----------------------------------------------------------------------------

    def add_gap(
        self,
        group_id: str,
        district: str,
        tier: str,
        evidence: str,
        recommendation_id: str | None = None,
    ) -> GapRecord:
        with self._sf.begin() as s:
            group = working_group(s, group_id)
            values = _gap_values(s, group.id, district, tier, evidence, recommendation_id)
            _one_gap_per_cell(s, group.id, values["district"], values["tier"], None)
            gap = ProvisionGap(group_id=group.id, **values)
            s.add(gap)
            s.flush()
            return _gap_records(s, [gap])[0]

    def update_gap(
        self,
        gap_id: str,
        district: str,
        tier: str,
        evidence: str,
        recommendation_id: str | None = None,
    ) -> GapRecord:
        with self._sf.begin() as s:
            gap = live_row(s, ProvisionGap, gap_id, GAP_GONE)
            values = _gap_values(s, gap.group_id, district, tier, evidence, recommendation_id)
            _one_gap_per_cell(s, gap.group_id, values["district"], values["tier"], gap.id)
            for name, value in values.items():
                if getattr(gap, name) != value:
                    setattr(gap, name, value)
            s.flush()
            return _gap_records(s, [gap])[0]

    def remove_gap(self, gap_id: str) -> None:
        with self._sf.begin() as s:
            live_row(s, ProvisionGap, gap_id, GAP_GONE).deleted = True


# --- reading, for the service, the paper and the dashboard --------------------------------


def read_map(s: Session, group_id: str, need_type: str | None = None) -> ProvisionMap:
    """One group's map in an open session (``ProvisionService.provision_map``).

    Plain column reads, not ORM objects: the map is read each time the page shows it,
    and building a few hundred tracked objects only to copy them into records would
    cost several times the reads themselves (bench/provision.py)."""
    group = live_row(s, Group, group_id, GROUP_GONE)
    e = ProvisionEntry
    entries = [
        ProvisionEntryRecord(
            id=row.id, group_id=row.group_id, name=row.name, tier=row.tier,
            district=row.district, need_types=_need_types_of(row.need_types),
            age_from=row.age_from, age_to=row.age_to, setting=row.setting,
            places=row.places, funding=row.funding, notes=row.notes,
        )
        for row in s.execute(
            select(e.id, e.group_id, e.name, e.tier, e.district, e.need_types, e.age_from,
                   e.age_to, e.setting, e.places, e.funding, e.notes)
            .where(e.group_id == group.id, e.deleted.is_(False))
            .order_by(e.district, e.tier, e.name, e.id)
        )
    ]
    offered = list(NEED_TYPES.get(group.dimension or "", ()))
    for entry in entries:
        offered.extend(t for t in entry.need_types if t not in offered)
    if need_type is not None:
        entries = [entry for entry in entries if need_type in entry.need_types]
    g, r = ProvisionGap, Recommendation
    gaps = [
        GapRecord(
            id=row.id, group_id=row.group_id, district=row.district, tier=row.tier,
            evidence=row.evidence,
            recommendation=(
                RecommendationChoice(row.answer, row.reference, row.title)
                if row.answer is not None else None
            ),
        )
        for row in s.execute(
            select(g.id, g.group_id, g.district, g.tier, g.evidence,
                   r.id.label("answer"), r.reference, r.title)
            .outerjoin(r, (r.id == g.recommendation_id) & r.deleted.is_(False))
            .where(g.group_id == group.id, g.deleted.is_(False))
            .order_by(g.district, g.tier, g.id)
        )
    ]
    return ProvisionMap(
        group_id=group.id,
        group_code=group.code,
        group_name=group.name,
        dimension=group.dimension or group.name,
        need_type=need_type,
        need_types=tuple(offered),
        districts=read_programme_settings(s).districts,
        entries=tuple(entries),
        gaps=tuple(gaps),
        recommendations=tuple(_recommendation_choices(s, group.id)),
    )


def count_unanswered_gaps(s: Session, group_ids: Sequence[str] | None = None) -> int:
    """Gaps on live groups' maps (``group_ids``' only, if given) that no live
    recommendation answers yet: the Home view's and the dashboard's figure."""
    answered = select(Recommendation.id).where(Recommendation.deleted.is_(False))
    query = (
        select(func.count(ProvisionGap.id))
        .join(Group, Group.id == ProvisionGap.group_id)
        .where(
            ProvisionGap.deleted.is_(False),
            Group.deleted.is_(False),
            (ProvisionGap.recommendation_id.is_(None))
            | ProvisionGap.recommendation_id.not_in(answered),
        )
    )
    if group_ids is not None:
        query = query.where(ProvisionGap.group_id.in_(list(group_ids)))
    return int(s.scalar(query) or 0)


def unanswered_gaps(s: Session) -> list[GapRecord]:
    """Every live group's gaps that no live recommendation answers (the dashboard), by
    group, then district and tier."""
    answered = select(Recommendation.id).where(Recommendation.deleted.is_(False))
    rows = s.scalars(
        select(ProvisionGap)
        .join(Group, Group.id == ProvisionGap.group_id)
        .where(
            ProvisionGap.deleted.is_(False),
            Group.deleted.is_(False),
            (ProvisionGap.recommendation_id.is_(None))
            | ProvisionGap.recommendation_id.not_in(answered),
        )
        .order_by(Group.position, Group.code, ProvisionGap.district, ProvisionGap.tier,
                  ProvisionGap.id)
    ).all()
    return _gap_records(s, list(rows))


def gap_counts(s: Session) -> dict[str, int]:
    """Group id -> how many live gaps its map holds."""
    rows = s.execute(
        select(ProvisionGap.group_id, func.count(ProvisionGap.id))
        .where(ProvisionGap.deleted.is_(False))
        .group_by(ProvisionGap.group_id)
    ).all()
    return {group: int(count) for group, count in rows}


def entry_record(row: ProvisionEntry) -> ProvisionEntryRecord:
    return ProvisionEntryRecord(
        id=row.id,
        group_id=row.group_id,
        name=row.name,
        tier=row.tier,
        district=row.district,
        need_types=_need_types_of(row.need_types),
        age_from=row.age_from,
        age_to=row.age_to,
        setting=row.setting,
        places=row.places,
        funding=row.funding,
        notes=row.notes,
    )


# --- checks ----------------------------------------------------------------------------------


def working_group(s: Session, group_id: str) -> Group:
    group = live_row(s, Group, group_id, GROUP_GONE, field="group")
    if group.kind != "working":
        raise ValidationError(
            f"{group.name} is not a need dimension working group; provision maps "
            "belong to the working groups.",
            field="group",
        )
    return group


def _district(s: Session, district: str) -> str:
    districts = read_programme_settings(s).districts
    cleaned = clean_line(district)
    for known in districts:
        if known.casefold() == cleaned.casefold():
            return known
    if not cleaned:
        raise ValidationError("Choose the district.", field="district")
    raise ValidationError(
        f"{cleaned} is not one of the programme's districts; choose one from the list.",
        field="district",
    )


def _tier(tier: str) -> str:
    if tier not in TIERS:
        raise ValidationError("Choose a tier on the continuum of provision.", field="tier")
    return tier


def optional_tier(tier: str | None) -> str | None:
    return None if tier in (None, "") else _tier(str(tier))


def _places(text: str) -> int | None:
    cleaned = clean_line(text).replace(",", "")
    if not cleaned:
        return None
    if not cleaned.isdigit():
        raise ValidationError(
            "Enter the places as a whole number, or leave it empty for a service without "
            "a count of places.",
            field="places",
        )
    places = int(cleaned)
    if places > MAX_PLACES:
        raise ValidationError(
            f"Enter at most {MAX_PLACES:,} places (it says {places:,}).", field="places"
        )
    return places


def _ages(age_from: int, age_to: int) -> tuple[int, int]:
    for value, name in ((age_from, "age_from"), (age_to, "age_to")):
        if not MIN_AGE <= value <= MAX_AGE:
            raise ValidationError(
                f"Ages run from {MIN_AGE} to {MAX_AGE}, as the remit does.", field=name
            )
    if age_from > age_to:
        raise ValidationError(
            f"The age range starts at {age_from}, after it ends at {age_to}; swap them.",
            field="age_to",
        )
    return age_from, age_to


def _need_types(values: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for value in values:
        cleaned = clean_line(value)
        if not cleaned:
            continue
        limit_text(cleaned, "need_types", "each need type", MAX_NEED_TYPE)
        if cleaned not in out:
            out.append(cleaned)
    if not out:
        raise ValidationError("Tick at least one need type the provision serves.",
                              field="need_types")
    if len(out) > MAX_NEED_TYPES:
        raise ValidationError(f"Name at most {MAX_NEED_TYPES} need types.", field="need_types")
    return out


def _entry_values(s: Session, fields: EntryFields) -> dict[str, Any]:
    age_from, age_to = _ages(fields.age_from, fields.age_to)
    return {
        "name": require_text(fields.name, "name", "the provision's name", MAX_NAME),
        "tier": _tier(fields.tier),
        "district": _district(s, fields.district),
        "need_types": json.dumps(_need_types(fields.need_types)),
        "age_from": age_from,
        "age_to": age_to,
        "setting": optional_text(fields.setting, "setting", "the setting or service",
                                 MAX_SETTING),
        "places": _places(fields.places),
        "funding": optional_text(fields.funding, "funding", "the funding source", MAX_FUNDING),
        "notes": limit_text(clean_text(fields.notes).strip(), "notes", "the notes", MAX_NOTES),
    }


def _gap_values(
    s: Session,
    group_id: str,
    district: str,
    tier: str,
    evidence: str,
    recommendation_id: str | None,
) -> dict[str, Any]:
    said = clean_text(evidence).strip()
    if not said:
        raise ValidationError(
            "Say what shows the gap, e.g. pupils travelling out of the district or a "
            "waiting list.",
            field="evidence",
        )
    if recommendation_id:
        recommendation = live_row(
            s, Recommendation, recommendation_id, RECOMMENDATION_GONE, field="recommendation"
        )
        if recommendation.group_id != group_id:
            raise ValidationError(
                "Choose one of this group's recommendations to answer the gap.",
                field="recommendation",
            )
    return {
        "district": _district(s, district),
        "tier": _tier(tier),
        "evidence": limit_text(said, "evidence", "the evidence", MAX_EVIDENCE),
        "recommendation_id": recommendation_id or None,
    }


def _one_gap_per_cell(
    s: Session, group_id: str, district: str, tier: str, gap_id: str | None
) -> None:
    query = select(ProvisionGap.id).where(
        ProvisionGap.group_id == group_id,
        ProvisionGap.district == district,
        ProvisionGap.tier == tier,
        ProvisionGap.deleted.is_(False),
    )
    if gap_id is not None:
        query = query.where(ProvisionGap.id != gap_id)
    if s.scalar(query.limit(1)) is not None:
        raise ValidationError(
            f"A gap is already recorded for {district} at {tier_label(tier).lower()}; "
            "change that one instead.",
            field="district",
        )


# --- records ------------------------------------------------------------------------------


def _need_types_of(text: str) -> tuple[str, ...]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return ()
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _recommendation_choices(s: Session, group_id: str) -> list[RecommendationChoice]:
    rows = s.execute(
        select(Recommendation.id, Recommendation.reference, Recommendation.title)
        .where(Recommendation.group_id == group_id, Recommendation.deleted.is_(False))
        .order_by(Recommendation.reference, Recommendation.id)
    ).all()
    return [RecommendationChoice(i, r, t) for i, r, t in rows]


def _gap_records(s: Session, gaps: list[ProvisionGap]) -> list[GapRecord]:
    wanted = {g.recommendation_id for g in gaps if g.recommendation_id}
    choices: dict[str, RecommendationChoice] = {}
    if wanted:
        for i, r, t in s.execute(
            select(Recommendation.id, Recommendation.reference, Recommendation.title).where(
                Recommendation.id.in_(sorted(wanted)), Recommendation.deleted.is_(False)
            )
        ):
            choices[i] = RecommendationChoice(i, r, t)
    return [
        GapRecord(
            id=g.id,
            group_id=g.group_id,
            district=g.district,
            tier=g.tier,
            evidence=g.evidence,
            recommendation=choices.get(g.recommendation_id or ""),
        )
        for g in gaps
    ]


__all__ = [
    "ProvisionService",
    "count_unanswered_gaps",
    "entry_record",
    "gap_counts",
    "read_map",
    "unanswered_gaps",
]
