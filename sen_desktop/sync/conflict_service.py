"""The Conflicts page's reads and writes, each in its own short transaction
(docs/architecture.md "Services own their transactions"): the conflicting fields with
readable places and laptop names (``sync.conflicts``), the clashing references in
plain words (``core.references.service.ReferenceService``), and a person's choice
written back as a new operation every laptop converges on.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from sen_desktop.core import dates
from sen_desktop.core.store.models import ENTITY_BY_TABLE, SyncPeer
from sen_desktop.core.store.oplog import local_site_id
from sen_desktop.sync.conflict_records import (
    ClashChoice,
    ClashView,
    ConflictsOverview,
    ConflictView,
    VersionView,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from sen_desktop.core.references.records import Clash

_ENTITY_NAMES = {
    "minute_entry": "Minutes",
    "resolution": "Resolution",
    "recommendation": "Recommendation",
    "action": "Action",
    "agenda_item": "Agenda item",
    "provision_entry": "Provision",
    "provision_gap": "Gap on the provision map",
    "criteria_version": "Criteria for access",
    "access_criterion": "Criterion for access",
    "policy_version": "Policy document",
    "policy_comment": "Comment on a policy document",
    "policy_event": "Policy decision",
    "consultation": "Consultation",
    "consultation_document": "Document consulted on",
    "consultation_event": "Consultation event",
    "consultation_theme": "Consultation theme",
    "consultation_response": "Consultation response",
}


class ConflictService:
    """Read the conflicts and clashes; keep a version, save merged text, renumber."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory

    def overview(self) -> ConflictsOverview:
        """The clashing references and the conflicting fields."""
        return ConflictsOverview(tuple(self.clashes()), tuple(self.conflicts()))

    def clashes(self) -> list[ClashView]:
        """The references two laptops gave out apart, in plain words
        (``core.references.service.ReferenceService``)."""
        from sen_desktop.core.references.service import ReferenceService

        report = ReferenceService(self._sf).report()
        return [_clash_view(c, report.describe(c)) for c in report.clashes]

    def conflicts(self) -> list[ConflictView]:
        with self._sf() as s:
            return _conflicts(s)

    def resolve(self, entity: str, row_id: str, field: str, value: str) -> None:
        """Keep ``value`` for the conflicting field (a version, or merged text)."""
        from sen_desktop.sync.conflicts import resolve_conflict

        with self._sf.begin() as s:
            resolve_conflict(s, entity, row_id, field, value)

    def renumber(self, key: tuple[str, str, str], row_id: str | None = None) -> list[str]:
        """Clear the clash ``key`` (kind, group id, reference) by renumbering the row not
        yet published, or renumber ``row_id``, the row a person chose. Returns what was
        renumbered, in words (none when the clash has gone meanwhile)."""
        from sen_desktop.core.references.service import ReferenceService

        references = ReferenceService(self._sf)
        if row_id is not None:
            return [str(references.renumber_row(key[0], row_id))]
        return [str(change) for change in references.resolve(key)]


def _clash_view(c: Clash, text: str) -> ClashView:
    return ClashView(
        c.kind,
        c.group_id,
        c.reference,
        text,
        c.automatic,
        c.writable,
        tuple(
            ClashChoice(
                r.row_id,
                r.label,
                f"{r.label} ("
                + (f"published: {r.why_published}" if r.published else "not published")
                + ")",
            )
            for r in c.rows
        ),
    )


def _conflicts(s: Session) -> list[ConflictView]:
    """The conflict list with readable places and laptop names."""
    from sen_desktop.sync.conflicts import conflicts

    own = local_site_id(s)
    names = {p.site_id: p.name for p in s.scalars(select(SyncPeer)).all() if p.name}
    out: list[ConflictView] = []
    for c in conflicts(s):
        versions = tuple(
            VersionView(
                "this laptop" if h.site_id == own
                else names.get(h.site_id, f"laptop {h.site_id[:8]}"),
                hlc_time(h.hlc),
                "" if h.value is None else str(h.value),
            )
            for h in c.heads
        )
        out.append(
            ConflictView(c.entity, c.row_id, c.field, _row_label(s, c.entity, c.row_id),
                         versions, c.suggestion)
        )
    out.sort(key=lambda c: (natural_key(c.where), c.field, c.row_id))
    return out


def hlc_time(hlc: str) -> str:
    """When an operation was stamped, from its clock: "3 Dec 2026 04:02 UTC"."""
    try:
        millis = int(hlc.split(".")[0])
    except ValueError:
        return hlc
    moment = dt.datetime.fromtimestamp(millis / 1000, tz=dt.UTC)
    return f"{dates.short_date(moment.date())} {moment:%H:%M} UTC"


def _row_label(s: Session, entity: str, row_id: str) -> str:
    model = ENTITY_BY_TABLE.get(entity)
    row: Any = s.get(model, row_id) if model is not None else None
    kind = _ENTITY_NAMES.get(entity, entity.replace("_", " ").capitalize())
    if row is None:
        return f"{kind} (not yet arrived)"
    item_id = getattr(row, "agenda_item_id", None)
    if item_id:
        item: Any = s.get(ENTITY_BY_TABLE["agenda_item"], item_id)
        if item is not None:
            meeting: Any = s.get(ENTITY_BY_TABLE["meeting"], item.meeting_id)
            when = ""
            if meeting is not None:
                group: Any = s.get(ENTITY_BY_TABLE["group"], meeting.group_id)
                code = f"{group.code} " if group is not None else ""
                when = (
                    f"{code}meeting {meeting.number} ({dates.short_date(meeting.date)}), "
                )
            return f"{kind} · {when}item {item.position}: {item.title}"
    consultation = _consultation_label(s, entity, row)
    if consultation:
        return f"{kind} · {consultation}"
    for name in ("reference", "title", "name"):
        value = getattr(row, name, None)
        if isinstance(value, str) and value:
            return f"{kind} · {value[:60]}"
    district, tier = getattr(row, "district", None), getattr(row, "tier", None)
    if isinstance(district, str) and isinstance(tier, str):
        return f"{kind} · {district}, {tier.replace('_', ' ')}"
    number = getattr(row, "number", None)
    if entity == "criteria_version" and isinstance(number, int):
        return f"{kind} · version {number}"
    if entity == "policy_version" and isinstance(number, int):
        policy: Any = s.get(ENTITY_BY_TABLE["policy_document"], row.policy_id)
        title = f"{policy.title[:60]}, " if policy is not None else ""
        return f"{kind} · {title}version {number}"
    return f"{kind} {row_id[:8]}"


def _consultation_label(s: Session, entity: str, row: Any) -> str:
    """ "C1 SEN funding options…", "C1, response 12", "C1, theme Transport" … ("" for a
    row of any other kind)."""
    if entity == "consultation":
        return f"{row.reference} {row.title[:60]}"
    if not entity.startswith("consultation_"):
        return ""
    parent: Any = s.get(ENTITY_BY_TABLE["consultation"], row.consultation_id)
    where = parent.reference if parent is not None else "a consultation"
    if entity == "consultation_response":
        return f"{where}, response {row.number}"
    if entity == "consultation_theme":
        return f"{where}, theme {row.name[:60]}"
    if entity == "consultation_event":
        return f"{where}, event of {dates.short_date(row.date)}"
    return f"{where}, {row.label[:60]}"


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key reading runs of digits as numbers: "item 2" before "item 10"."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold())
        for part in re.split(r"(\d+)", text)
        if part
    )
