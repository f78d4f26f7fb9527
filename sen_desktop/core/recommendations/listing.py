"""Recommendation rows for the service, and as list lines: their derived state, by group
then number."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlalchemy import select

from sen_desktop.core.recommendations.checks import derive_many
from sen_desktop.core.recommendations.pathway import groups_by_id
from sen_desktop.core.recommendations.records import RecommendationSummary
from sen_desktop.core.store.models import Recommendation
from sen_desktop.core.store.rows import live_row

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

GONE = "This recommendation no longer exists; it may have been removed."


def live_recommendation(s: Session, recommendation_id: str) -> Recommendation:
    return live_row(s, Recommendation, recommendation_id, GONE)


def recommendations_of(s: Session, group_id: str | None) -> list[Recommendation]:
    query = select(Recommendation).where(Recommendation.deleted.is_(False))
    if group_id is not None:
        query = query.where(Recommendation.group_id == group_id)
    return list(s.scalars(query))


def summaries(
    s: Session, recs: list[Recommendation], state: str | None
) -> list[RecommendationSummary]:
    """One line per recommendation (those in ``state`` only, if given), ordered by
    group then number."""
    derived = derive_many(s, recs)
    groups = groups_by_id(s, {r.group_id for r in recs})
    out: list[tuple[tuple[int, str, int, str], RecommendationSummary]] = []
    for rec in recs:
        view = derived[rec.id].view
        if state is not None and view.state != state:
            continue
        group = groups.get(rec.group_id)
        applied = view.applied()
        summary = RecommendationSummary(
            id=rec.id,
            reference=rec.reference,
            group_id=rec.group_id,
            group_code=group.code if group else "",
            title=rec.title,
            state=view.state,
            state_label=view.label,
            tier=rec.tier,
            dimension=rec.dimension,
            last_step_at=applied[-1].event.at if applied else "",
            flagged=bool(view.flags),
        )
        position = group.position if group else 0
        out.append(((position, rec.group_id, _ref_number(rec.reference), rec.id), summary))
    return [summary for _, summary in sorted(out, key=lambda pair: pair[0])]


def _ref_number(reference: str) -> int:
    match = re.search(r"-R(\d+)$", reference)
    return int(match.group(1)) if match else 0
