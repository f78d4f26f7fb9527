"""A recommendation's fields: checking and cleaning what a person typed, and its remit links.

``clean_fields`` turns the values a form or the command line gives into what the row
stores, refusing in one sentence beside the field at fault; ``set_remit`` makes the
recommendation answer exactly the remit points chosen (tombstoning links, never deleting).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import select

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.programme.data import DISTRICTS
from sen_desktop.core.programme.service import setting_row
from sen_desktop.core.recommendations.records import DIMENSIONS, TIERS
from sen_desktop.core.recommendations.signing import CONTENT_FIELDS
from sen_desktop.core.store.models import RecommendationRemit, RemitItem
from sen_desktop.core.validation import clean_line, clean_text, optional_text, require_text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

EDITABLE_FIELDS: Final = (*CONTENT_FIELDS, "key_decision", "decision_no")
_TEXT_FIELDS: Final = (
    "text",
    "rationale",
    "financial",
    "legal",
    "equality",
    "data_protection",
    "reference_group_view",
)


def clean_fields(s: Session, group_id: str, given: Mapping[str, Any]) -> dict[str, Any]:
    """The given fields checked and cleaned, as the row stores them (districts and remit
    points still as lists); a ValidationError names the field at fault."""
    values: dict[str, Any] = {}
    for name, value in given.items():
        if name == "title":
            values[name] = require_text(_text(value, name), name, "a title", 500)
        elif name in _TEXT_FIELDS:
            values[name] = clean_text(_text(value, name)).strip()
        elif name == "dimension":
            if value is not None and value not in DIMENSIONS:
                raise ValidationError(
                    "Choose a dimension of need from the list, or none.", field=name
                )
            values[name] = value
        elif name == "tier":
            if value is not None and value not in TIERS:
                raise ValidationError(
                    "Choose a tier on the continuum of provision from the list, or none.",
                    field=name,
                )
            values[name] = value
        elif name == "districts":
            values[name] = _clean_districts(s, value)
        elif name == "remit_item_ids":
            values[name] = _clean_remit(s, group_id, value)
        elif name == "key_decision":
            if not isinstance(value, bool):
                raise ValidationError("Say whether this is a key decision.", field=name)
            values[name] = value
        elif name == "decision_no":
            values[name] = optional_text(_text(value, name), name, "the decision number", 40)
    return values


def known_districts(s: Session) -> list[str]:
    """The County's districts: the "districts" programme setting, else the Project Plan's."""
    row = setting_row(s, "districts")
    if row is not None:
        stored = json.loads(row.value)
        if isinstance(stored, list):
            return [str(d) for d in stored]
    return list(DISTRICTS)


def _clean_districts(s: Session, value: object) -> list[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError(
            "Choose the districts affected, or none for county-wide.", field="districts"
        )
    known = known_districts(s)
    aliases: dict[str, str] = {}
    for name in known:
        aliases[name.casefold()] = name
        # "Shepway (now Folkestone and Hythe)" answers to either name.
        match = re.fullmatch(r"(.+?) \((?:now )?(.+)\)", name)
        if match:
            aliases.setdefault(match.group(1).casefold(), name)
            aliases.setdefault(match.group(2).casefold(), name)
    chosen: set[str] = set()
    for raw in value:
        cleaned = clean_line(_text(raw, "districts"))
        if not cleaned:
            continue
        if cleaned.casefold() not in aliases:
            raise ValidationError(
                f"“{cleaned}” is not one of the County's districts ({', '.join(known)}).",
                field="districts",
            )
        chosen.add(aliases[cleaned.casefold()])
    return [name for name in known if name in chosen]


def _clean_remit(s: Session, group_id: str, value: object) -> list[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError("Choose the remit points it answers.", field="remit_item_ids")
    wanted = list(dict.fromkeys(str(v) for v in value))
    if not wanted:
        return []
    found = set(
        s.scalars(
            select(RemitItem.id).where(
                RemitItem.id.in_(wanted),
                RemitItem.group_id == group_id,
                RemitItem.deleted.is_(False),
            )
        )
    )
    if len(found) != len(wanted):
        raise ValidationError(
            "Choose remit points of the group that raised the recommendation.",
            field="remit_item_ids",
        )
    return wanted


def set_remit(s: Session, rec_id: str, wanted: list[str]) -> None:
    links = s.scalars(
        select(RecommendationRemit)
        .where(RecommendationRemit.recommendation_id == rec_id)
        .order_by(RecommendationRemit.id)
    ).all()
    by_item: dict[str, RecommendationRemit] = {}
    for link in links:
        current = by_item.get(link.remit_item_id)
        # Prefer a live link; two live links to one point (from sync) keep the first.
        if current is None or (current.deleted and not link.deleted):
            by_item[link.remit_item_id] = link
        elif not link.deleted:
            link.deleted = True
    for item_id, link in by_item.items():
        should = item_id in wanted
        if link.deleted == should:
            link.deleted = not should
    for item_id in wanted:
        if item_id not in by_item:
            s.add(RecommendationRemit(recommendation_id=rec_id, remit_item_id=item_id))


def _text(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise ValidationError("Enter text here.", field=field)
    return value
