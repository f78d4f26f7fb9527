"""The provision map's records: entries, gaps, the map's cells, criteria for access.

Frozen dataclasses and pure functions only, no SQLAlchemy: the provision page, the
dashboard and the paper read these without loading the store. ``ProvisionMap`` is the
whole of one group's map: its districts (the programme's, in its order) by the tiers
of the continuum, each cell counting its entries and places and holding its gaps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from sen_desktop.core.provision.vocabulary import MAX_AGE, MIN_AGE, TIER_SHORT, TIERS

if TYPE_CHECKING:
    import datetime as dt


@dataclass(frozen=True)
class EntryFields:
    """What the form gives for a provision entry; the service checks and cleans it.

    ``places`` is as typed ("" for a service without a count of places)."""

    name: str
    tier: str
    district: str
    need_types: tuple[str, ...] = ()
    age_from: int = MIN_AGE
    age_to: int = MAX_AGE
    setting: str = ""
    places: str = ""
    funding: str = ""
    notes: str = ""


@dataclass(frozen=True)
class ProvisionEntryRecord:
    id: str
    group_id: str
    name: str
    tier: str
    district: str
    need_types: tuple[str, ...]
    age_from: int
    age_to: int
    setting: str
    places: int | None
    funding: str
    notes: str

    @property
    def ages(self) -> str:
        return f"{self.age_from}–{self.age_to}"

    def fields(self) -> EntryFields:
        """The entry as the form shows it, to edit."""
        return EntryFields(
            name=self.name,
            tier=self.tier,
            district=self.district,
            need_types=self.need_types,
            age_from=self.age_from,
            age_to=self.age_to,
            setting=self.setting,
            places="" if self.places is None else str(self.places),
            funding=self.funding,
            notes=self.notes,
        )


@dataclass(frozen=True)
class RecommendationChoice:
    """A recommendation of the group a gap can point at."""

    id: str
    reference: str
    title: str

    @property
    def label(self) -> str:
        return f"{self.reference} {self.title}"


@dataclass(frozen=True)
class GapRecord:
    id: str
    group_id: str
    district: str
    tier: str
    evidence: str
    recommendation: RecommendationChoice | None

    @property
    def answered(self) -> bool:
        return self.recommendation is not None


@dataclass(frozen=True)
class MapCell:
    district: str
    tier: str
    entries: int
    places: int  # the entries' places added up (services without places count none)
    gaps: tuple[GapRecord, ...] = ()

    @property
    def summary(self) -> str:
        """The cell in words, as the map shows it and a screen reader says it."""
        if self.entries == 0:
            words = "no provision"
        else:
            noun = "provision" if self.entries == 1 else "provisions"
            words = f"{self.entries} {noun}"
            if self.places:
                words += f", {self.places:,} places"
        if self.gaps:
            words += f"; {self.gap_mark}"
            unanswered = sum(1 for g in self.gaps if not g.answered)
            if unanswered:
                words += f" ({unanswered} without a recommendation)"
        return words

    @property
    def gap_mark(self) -> str:
        """"GAP" or "2 GAPS"; empty when the cell has none."""
        if not self.gaps:
            return ""
        return GAP_MARK if len(self.gaps) == 1 else f"{len(self.gaps)} {GAP_MARK}S"


@dataclass(frozen=True)
class ProvisionMap:
    """One working group's map for one need type (or all its need types)."""

    group_id: str
    group_code: str
    group_name: str
    dimension: str
    need_type: str | None  # None: every need type
    need_types: tuple[str, ...]  # offered in the filter: the dimension's and any used
    districts: tuple[str, ...]
    entries: tuple[ProvisionEntryRecord, ...]
    gaps: tuple[GapRecord, ...]
    recommendations: tuple[RecommendationChoice, ...]
    tiers: tuple[str, ...] = TIERS
    _cells: dict[tuple[str, str], MapCell] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        counts: dict[tuple[str, str], list[int]] = {}
        for entry in self.entries:
            tally = counts.setdefault((entry.district, entry.tier), [0, 0])
            tally[0] += 1
            tally[1] += entry.places or 0
        gaps: dict[tuple[str, str], list[GapRecord]] = {}
        for gap in self.gaps:
            gaps.setdefault((gap.district, gap.tier), []).append(gap)
        for district in self.districts:
            for tier in self.tiers:
                entries, places = counts.get((district, tier), (0, 0))
                self._cells[(district, tier)] = MapCell(
                    district, tier, entries, places, tuple(gaps.get((district, tier), ()))
                )

    def cell(self, district: str, tier: str) -> MapCell:
        return self._cells.get((district, tier)) or MapCell(district, tier, 0, 0)

    def entries_in(self, district: str, tier: str) -> list[ProvisionEntryRecord]:
        return [e for e in self.entries if e.district == district and e.tier == tier]

    @property
    def places(self) -> int:
        return sum(e.places or 0 for e in self.entries)

    @property
    def off_the_map(self) -> list[ProvisionEntryRecord]:
        """Entries naming a district no longer in the programme's list (renamed in
        Settings, or from a laptop with another list): kept and printed, not in a cell."""
        known = set(self.districts)
        return [e for e in self.entries if e.district not in known]

    @property
    def unanswered_gaps(self) -> list[GapRecord]:
        return [g for g in self.gaps if not g.answered]


@dataclass(frozen=True)
class CriterionRecord:
    id: str
    position: int
    tier: str | None
    text: str
    cited_by: tuple[str, ...] = ()  # references of the recommendations citing it


@dataclass(frozen=True)
class CriteriaVersionRecord:
    id: str
    group_id: str
    number: int
    agreed_on: dt.date | None
    note: str
    criteria: tuple[CriterionRecord, ...]

    @property
    def agreed(self) -> bool:
        return self.agreed_on is not None


GAP_MARK: Final = "GAP"
"""The word a gap's cell shows, beside its hatching: never colour alone."""


def tier_label(tier: str | None) -> str:
    return TIER_SHORT.get(tier or "", "Any tier" if tier is None else tier)


__all__ = [
    "GAP_MARK",
    "CriteriaVersionRecord",
    "CriterionRecord",
    "EntryFields",
    "GapRecord",
    "MapCell",
    "ProvisionEntryRecord",
    "ProvisionMap",
    "RecommendationChoice",
    "tier_label",
]
