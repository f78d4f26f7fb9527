"""Checking a recommendation's events, and finding the version a chair approved.

``verify_event`` decides whether one event row, as stored, counts: a chair's decision
(Endorsed, Endorsed with amendments, Approved, Approved with amendments) counts only
when it is signed, the signing key is registered for the person recorded as deciding,
the Ed25519 signature verifies over the event's stored fields, and the recommendation
still hashes to the content that was signed. Any other event counts as recorded (but
a signature found on one must verify: it means the decision was changed).

``approved_content`` finds the approved version without keeping a copy: it replays
the recommendation's operation log (its row and its remit links) in clock order until
the content hashes to the signed hash. Raw SQL that changes the table leaves the log
alone, so the approved version is still found.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from sen_desktop.core import recommendation_states as rs
from sen_desktop.core.recommendation_records import FIELD_LABELS, TIER_LABELS, FieldChange
from sen_desktop.core.signing import (
    CONTENT_FIELDS,
    approval_message,
    check_signature,
    content_hash,
)
from sen_desktop.core.store.models import (
    Recommendation,
    RecommendationEvent,
    RecommendationRemit,
    RemitItem,
    SigningKey,
)
from sen_desktop.core.store.oplog import history

CHUNK: Final = 500  # ids per IN (...), well under SQLite's parameter limit

# Why an event does not count (EventView.reason).
REASON_UNSIGNED: Final = "not signed by the chair"
REASON_MISMATCH: Final = "signature does not match"
REASON_WRONG_PERSON: Final = "signed by a key not registered for this person"
REASON_UNKNOWN_KEY: Final = "signed by a key that is not registered"
REASON_CHANGED_APPROVAL: Final = "recommendation changed since approval"
REASON_CHANGED_ENDORSEMENT: Final = "recommendation changed since endorsement"


def iso_utc(moment: dt.datetime) -> str:
    """An instant as stored in ``RecommendationEvent.at``: ISO-8601, UTC, microseconds."""
    if moment.tzinfo is None:
        raise ValueError("Decision times must carry a time zone.")
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def parse_at(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def order_at(text: str) -> str:
    """``at`` in the one format the total order compares (a row from elsewhere may
    spell UTC as "Z"); text that is not a time sorts as written."""
    moment = parse_at(text)
    return text if moment is None else iso_utc(moment)


def chunks(ids: Sequence[str]) -> Iterable[list[str]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


@dataclass(frozen=True)
class Verification:
    signed: bool
    signature_ok: bool  # signed, by a key registered for the decider, and it verifies
    verified: bool  # counts: as above and the content is unchanged (or nothing to sign)
    reason: str


def verify_event(
    event: RecommendationEvent, current_hash: str, key: SigningKey | None
) -> Verification:
    """Check one event row as stored against the recommendation's current content."""
    signed = bool(event.signature)
    if event.transition not in rs.SIGNED_TRANSITIONS and not signed:
        return Verification(False, False, True, "")
    if not signed:
        return Verification(False, False, False, REASON_UNSIGNED)
    if key is None or key.deleted:
        return Verification(True, False, False, REASON_UNKNOWN_KEY)
    if key.person_id != event.by_id:
        return Verification(True, False, False, REASON_WRONG_PERSON)
    message = approval_message(
        event.content_hash, event.recommendation_id, event.transition, event.at, event.id
    )
    check = check_signature(key.public_key, message, event.signature)
    if not check.ok:
        return Verification(True, False, False, check.reason)
    if event.transition in rs.SIGNED_TRANSITIONS and event.content_hash != current_hash:
        reason = (
            REASON_CHANGED_APPROVAL
            if event.transition in rs.APPROVAL_TRANSITIONS
            else REASON_CHANGED_ENDORSEMENT
        )
        return Verification(True, True, False, reason)
    return Verification(True, True, True, "")


# --- loading and deriving -------------------------------------------------------------


@dataclass
class Derived:
    """One recommendation loaded with its events, each checked, and its derived state."""

    rec: Recommendation
    remit_ids: list[str]
    content: dict[str, Any]
    current_hash: str
    events: dict[str, RecommendationEvent]
    checks: dict[str, Verification]
    view: rs.StateView[rs.Event]


def districts_of(rec: Recommendation) -> list[str]:
    try:
        value = json.loads(rec.districts or "[]")
    except ValueError:
        return [rec.districts]
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def content_of_row(rec: Recommendation, remit_ids: Iterable[str]) -> dict[str, Any]:
    content: dict[str, Any] = {}
    for name in CONTENT_FIELDS:
        if name == "districts":
            content[name] = districts_of(rec)
        elif name == "remit_item_ids":
            content[name] = sorted(remit_ids)
        else:
            content[name] = getattr(rec, name)
    return content


def derive_many(s: Session, recs: Sequence[Recommendation]) -> dict[str, Derived]:
    """Load, check and derive many recommendations with a few queries."""
    ids = [r.id for r in recs]
    remit: dict[str, list[str]] = {i: [] for i in ids}
    events: dict[str, list[RecommendationEvent]] = {i: [] for i in ids}
    for chunk in chunks(ids):
        for rec_id, item_id in s.execute(
            # Remit items are not joined: a point later removed from the programme
            # must not change what a chair signed.
            select(RecommendationRemit.recommendation_id, RecommendationRemit.remit_item_id).where(
                RecommendationRemit.recommendation_id.in_(chunk),
                RecommendationRemit.deleted.is_(False),
            )
        ):
            remit[rec_id].append(item_id)
        for event in s.scalars(
            select(RecommendationEvent).where(
                RecommendationEvent.recommendation_id.in_(chunk),
                RecommendationEvent.deleted.is_(False),
            )
        ):
            events[event.recommendation_id].append(event)
    key_ids = sorted({e.signer_key_id for es in events.values() for e in es if e.signer_key_id})
    keys: dict[str, SigningKey] = {}
    for chunk in chunks(key_ids):
        keys.update(
            (k.id, k) for k in s.scalars(select(SigningKey).where(SigningKey.id.in_(chunk)))
        )
    derived: dict[str, Derived] = {}
    for rec in recs:
        content = content_of_row(rec, remit[rec.id])
        current = content_hash(content)
        checks = {
            e.id: verify_event(e, current, keys.get(e.signer_key_id or "")) for e in events[rec.id]
        }
        view = rs.derive_state(
            rs.Event(
                id=e.id,
                transition=e.transition,
                at=order_at(e.at),
                verified=checks[e.id].verified,
                after_id=e.after_id,
                by_id=e.by_id,
                meeting_id=e.meeting_id,
                minute_number=e.minute_number,
                note=e.note,
            )
            for e in events[rec.id]
        )
        derived[rec.id] = Derived(
            rec, remit[rec.id], content, current, {e.id: e for e in events[rec.id]}, checks, view
        )
    return derived


def approved_content(s: Session, rec_id: str, wanted_hash: str) -> dict[str, Any] | None:
    """The recommendation's content as it was when it hashed to ``wanted_hash``, found
    by replaying its operations (and its remit links') in clock order; None if no
    version in this laptop's log has that hash."""
    tagged: list[tuple[tuple[str, str, int], str, str, Any]] = []

    def collect(entity: str, row_id: str) -> None:
        for op in history(s, entity, row_id):
            counter = int(op.op_id.rsplit(":", 1)[-1]) if ":" in op.op_id else 0
            tagged.append(((op.hlc.encode(), op.site_id, counter), row_id, op.field, op.value))

    collect("recommendation", rec_id)
    link_ids = s.scalars(
        select(RecommendationRemit.id).where(RecommendationRemit.recommendation_id == rec_id)
    ).all()
    for link_id in link_ids:
        collect("recommendation_remit", link_id)
    tagged.sort(key=lambda t: t[0])
    fields: dict[str, Any] = {}
    links: dict[str, dict[str, Any]] = {}
    needed = set(CONTENT_FIELDS) - {"remit_item_ids"}
    for _, row_id, field, value in tagged:
        if row_id == rec_id:
            fields[field] = value
        else:
            links.setdefault(row_id, {})[field] = value
        if not needed <= fields.keys():
            continue
        content = {name: fields[name] for name in needed}
        try:
            parsed = json.loads(fields["districts"] or "[]")
        except (TypeError, ValueError):
            parsed = [fields["districts"]]
        content["districts"] = [str(d) for d in parsed] if isinstance(parsed, list) else []
        content["remit_item_ids"] = sorted(
            str(link["remit_item_id"])
            for link in links.values()
            if not link.get("deleted") and link.get("remit_item_id")
        )
        if content_hash(content) == wanted_hash:
            return content
    return None


def _display(s: Session, field: str, value: Any) -> str:
    if field == "tier":
        return TIER_LABELS.get(value, value) if value else ""
    if field == "districts":
        return ", ".join(value) if value else "County-wide"
    if field == "remit_item_ids":
        items = {i.id: i for i in s.scalars(select(RemitItem).where(RemitItem.id.in_(list(value))))}
        points = sorted((items[i].position, items[i].text) for i in value if i in items)
        return "\n".join(f"{position}. {text}" for position, text in points)
    return "" if value is None else str(value)


def changes_between(
    s: Session, approved: Mapping[str, Any], current: Mapping[str, Any]
) -> tuple[FieldChange, ...]:
    changes = []
    for name in CONTENT_FIELDS:
        old, new = approved.get(name), current.get(name)
        if name in ("districts", "remit_item_ids"):
            old, new = sorted(old or []), sorted(new or [])
        if old != new:
            changes.append(
                FieldChange(
                    name, FIELD_LABELS[name], _display(s, name, old), _display(s, name, new)
                )
            )
    return tuple(changes)
