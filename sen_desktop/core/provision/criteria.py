"""A working group's criteria for access to specialist resourcing, in numbered versions.

Annex 1 asks each need dimension working group to "establish criteria for access to
specialist resourcing, including outreach, and placements within mainstream schools".
The criteria are a list that changes as the group's thinking does, and recommendations
cite them, so they are kept as numbered versions: a draft is edited freely; once the
group agrees it (``agreed_on``) it never changes, and the next version starts as a copy
of the latest. Only one draft is open at a time. A recommendation cites criteria of its
own group's agreed versions, so what it cited still reads as it did.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.provision.records import CriteriaVersionRecord, CriterionRecord
from sen_desktop.core.provision.service import GROUP_GONE, optional_tier, working_group
from sen_desktop.core.provision.vocabulary import MAX_CRITERION, MAX_NOTES
from sen_desktop.core.store.models import (
    AccessCriterion,
    CriteriaVersion,
    Group,
    Recommendation,
    RecommendationCriterion,
)
from sen_desktop.core.store.rows import live_row
from sen_desktop.core.validation import clean_text, limit_text, uk_date

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session, sessionmaker

VERSION_GONE = "This version of the criteria no longer exists."
CRITERION_GONE = "This criterion no longer exists; another laptop may have removed it."
RECOMMENDATION_GONE = "This recommendation no longer exists; it may have been removed."


class CriteriaService:
    """Read and edit a group's criteria for access, and which criteria recommendations cite."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory

    def criteria_versions(self, group_id: str) -> list[CriteriaVersionRecord]:
        """Every version of the group's criteria, oldest first."""
        with self._sf() as s:
            return read_criteria(s, group_id)

    def start_version(self, group_id: str, note: str = "") -> CriteriaVersionRecord:
        """A new draft version, a copy of the latest version's criteria."""
        with self._sf.begin() as s:
            group = working_group(s, group_id)
            versions = _version_rows(s, group.id)
            draft = next((v for v in versions if v.agreed_on is None), None)
            if draft is not None:
                raise ValidationError(
                    f"Version {draft.number} is still a draft; change it rather than "
                    "starting another.",
                    field="version",
                )
            number = max((v.number for v in versions), default=0) + 1
            version = CriteriaVersion(
                group_id=group.id,
                number=number,
                note=limit_text(clean_text(note).strip(), "note", "the note", MAX_NOTES),
            )
            s.add(version)
            s.flush()
            if versions:
                for criterion in _criterion_rows(s, versions[-1].id):
                    s.add(
                        AccessCriterion(
                            version_id=version.id,
                            position=criterion.position,
                            tier=criterion.tier,
                            text=criterion.text,
                        )
                    )
                s.flush()
            return _version_records(s, [version])[0]

    def add_criterion(
        self, version_id: str, text: str, tier: str | None = None
    ) -> CriterionRecord:
        with self._sf.begin() as s:
            version = _draft(s, version_id)
            last = s.scalar(
                select(func.max(AccessCriterion.position)).where(
                    AccessCriterion.version_id == version.id,
                    AccessCriterion.deleted.is_(False),
                )
            )
            criterion = AccessCriterion(
                version_id=version.id,
                position=(last or 0) + 1,
                tier=optional_tier(tier),
                text=_criterion_text(text),
            )
            s.add(criterion)
            s.flush()
            return CriterionRecord(criterion.id, criterion.position, criterion.tier,
                                   criterion.text)

    def update_criterion(
        self, criterion_id: str, text: str, tier: str | None = None
    ) -> CriterionRecord:
        with self._sf.begin() as s:
            criterion = live_row(s, AccessCriterion, criterion_id, CRITERION_GONE)
            _draft(s, criterion.version_id)
            criterion.text = _criterion_text(text)
            criterion.tier = optional_tier(tier)
            s.flush()
            return CriterionRecord(criterion.id, criterion.position, criterion.tier,
                                   criterion.text)

    def remove_criterion(self, criterion_id: str) -> None:
        with self._sf.begin() as s:
            criterion = live_row(s, AccessCriterion, criterion_id, CRITERION_GONE)
            _draft(s, criterion.version_id)
            criterion.deleted = True

    def agree_version(self, version_id: str, on: dt.date) -> CriteriaVersionRecord:
        """Record the day the group agreed the draft; from then on it never changes."""
        with self._sf.begin() as s:
            version = _draft(s, version_id)
            if not _criterion_rows(s, version.id):
                raise ValidationError(
                    f"Version {version.number} has no criteria yet; add at least one "
                    "before it is agreed.",
                    field="version",
                )
            version.agreed_on = on
            s.flush()
            return _version_records(s, [version])[0]

    def cite(self, recommendation_id: str, criterion_id: str) -> None:
        """The recommendation cites the criterion (citing it twice changes nothing)."""
        with self._sf.begin() as s:
            recommendation = live_row(
                s, Recommendation, recommendation_id, RECOMMENDATION_GONE
            )
            criterion = live_row(
                s, AccessCriterion, criterion_id, CRITERION_GONE, field="criterion"
            )
            version = live_row(s, CriteriaVersion, criterion.version_id, VERSION_GONE)
            if version.group_id != recommendation.group_id:
                raise ValidationError(
                    "A recommendation cites its own group's criteria; choose one of them.",
                    field="criterion",
                )
            if version.agreed_on is None:
                raise ValidationError(
                    f"Version {version.number} of the criteria is still a draft; cite a "
                    "criterion once its version is agreed.",
                    field="criterion",
                )
            existing = s.scalars(
                select(RecommendationCriterion).where(
                    RecommendationCriterion.recommendation_id == recommendation.id,
                    RecommendationCriterion.criterion_id == criterion.id,
                ).order_by(RecommendationCriterion.deleted, RecommendationCriterion.id)
            ).first()
            if existing is None:
                s.add(RecommendationCriterion(
                    recommendation_id=recommendation.id, criterion_id=criterion.id
                ))
            elif existing.deleted:
                existing.deleted = False

    def uncite(self, recommendation_id: str, criterion_id: str) -> None:
        with self._sf.begin() as s:
            for row in s.scalars(
                select(RecommendationCriterion).where(
                    RecommendationCriterion.recommendation_id == recommendation_id,
                    RecommendationCriterion.criterion_id == criterion_id,
                    RecommendationCriterion.deleted.is_(False),
                )
            ):
                row.deleted = True

    def cited_by(self, recommendation_id: str) -> list[tuple[int, CriterionRecord]]:
        """The criteria a recommendation cites, as (version number, criterion)."""
        with self._sf() as s:
            rows = s.execute(
                select(CriteriaVersion.number, AccessCriterion)
                .join(AccessCriterion, AccessCriterion.version_id == CriteriaVersion.id)
                .join(
                    RecommendationCriterion,
                    RecommendationCriterion.criterion_id == AccessCriterion.id,
                )
                .where(
                    RecommendationCriterion.recommendation_id == recommendation_id,
                    RecommendationCriterion.deleted.is_(False),
                    AccessCriterion.deleted.is_(False),
                )
                .order_by(CriteriaVersion.number, AccessCriterion.position)
            ).all()
            return [
                (number, CriterionRecord(c.id, c.position, c.tier, c.text))
                for number, c in rows
            ]


def read_criteria(s: Session, group_id: str) -> list[CriteriaVersionRecord]:
    live_row(s, Group, group_id, GROUP_GONE)
    return _version_records(s, _version_rows(s, group_id))


def _draft(s: Session, version_id: str) -> CriteriaVersion:
    version = live_row(s, CriteriaVersion, version_id, VERSION_GONE)
    if version.agreed_on is not None:
        raise ValidationError(
            f"Version {version.number} was agreed on {uk_date(version.agreed_on)} and does "
            "not change; start a new version to change the criteria.",
            field="version",
        )
    return version


def _criterion_text(text: str) -> str:
    said = clean_text(text).strip()
    if not said:
        raise ValidationError("Write the criterion.", field="text")
    return limit_text(said, "text", "the criterion", MAX_CRITERION)



def _version_rows(s: Session, group_id: str) -> list[CriteriaVersion]:
    return list(
        s.scalars(
            select(CriteriaVersion)
            .where(CriteriaVersion.group_id == group_id, CriteriaVersion.deleted.is_(False))
            .order_by(CriteriaVersion.number, CriteriaVersion.id)
        )
    )


def _criterion_rows(s: Session, version_id: str) -> list[AccessCriterion]:
    return list(
        s.scalars(
            select(AccessCriterion)
            .where(AccessCriterion.version_id == version_id, AccessCriterion.deleted.is_(False))
            .order_by(AccessCriterion.position, AccessCriterion.id)
        )
    )


def _version_records(s: Session, versions: list[CriteriaVersion]) -> list[CriteriaVersionRecord]:
    out: list[CriteriaVersionRecord] = []
    for version in versions:
        criteria = _criterion_rows(s, version.id)
        citing: dict[str, list[str]] = {}
        if criteria:
            for criterion_id, reference in s.execute(
                select(RecommendationCriterion.criterion_id, Recommendation.reference)
                .join(
                    Recommendation,
                    Recommendation.id == RecommendationCriterion.recommendation_id,
                )
                .where(
                    RecommendationCriterion.criterion_id.in_([c.id for c in criteria]),
                    RecommendationCriterion.deleted.is_(False),
                    Recommendation.deleted.is_(False),
                )
                .order_by(Recommendation.reference)
            ):
                citing.setdefault(criterion_id, []).append(reference)
        out.append(
            CriteriaVersionRecord(
                id=version.id,
                group_id=version.group_id,
                number=version.number,
                agreed_on=version.agreed_on,
                note=version.note,
                criteria=tuple(
                    CriterionRecord(c.id, c.position, c.tier, c.text,
                                    tuple(citing.get(c.id, ())))
                    for c in criteria
                ),
            )
        )
    return out


__all__ = ["CriteriaService", "read_criteria"]
