"""Checking a recommendation's events, and finding the version a chair approved.

``verify_event`` decides whether one event row, as stored, counts: a chair's decision
(Endorsed, Endorsed with amendments, Approved, Approved with amendments) counts only
when it is signed by a laptop (``signer_laptop``) that the programme root certified as
chair of the deciding body for the person recorded as deciding, from a date on or
before the decision and not revoked by its time (core/recommendations/chairs.py), the Ed25519
signature by that certificate's key verifies over ``signing.approval_message_v2`` of
the event's stored fields, and the recommendation still hashes to the content that was
signed (docs/TRUST.md "Chairs"). A decision signed under the earlier passphrase scheme
(a ``signer_key_id``, no ``signer_laptop``) never counts: it says so, and the chair
re-signs it on their certified laptop. ``SigningKey`` rows are never consulted. Any
other event counts as recorded (but a signature found on one must verify in the same
way: it means the decision was changed).

``approved_content`` finds the approved version without keeping a copy: it replays
the recommendation's operation log (its row and its remit links) in clock order until
the content hashes to the signed hash. Raw SQL that changes the table leaves the log
alone, so the approved version is still found.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import select

from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.recommendations.chairs import ChairAuthority, load_authority
from sen_desktop.core.recommendations.derivation import Event, StateView, derive_state
from sen_desktop.core.recommendations.records import (
    FIELD_LABELS,
    REASON_EARLIER_SCHEME,
    TIER_LABELS,
    FieldChange,
)
from sen_desktop.core.recommendations.signing import (
    CONTENT_FIELDS,
    approval_message_of,
    check_signature,
    content_hash,
)
from sen_desktop.core.store.log_history import history
from sen_desktop.core.store.models import (
    Body,
    Group,
    Recommendation,
    RecommendationEvent,
    RecommendationRemit,
    RemitItem,
)
from sen_desktop.core.validation import uk_date

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from sqlalchemy.orm import Session

CHUNK: Final = 500  # ids per IN (...), well under SQLite's parameter limit

# Why an event does not count (EventView.reason).
REASON_UNSIGNED: Final = "not signed by the chair"
REASON_MISMATCH: Final = "signature does not match"
REASON_NO_LAPTOP: Final = "signed, but the laptop that signed it is not named"
REASON_UNKNOWN_LAPTOP: Final = "signed by a laptop the programme has not certified"
REASON_NO_BODY: Final = "the decision names no body whose chair could sign it"
REASON_BAD_TIME: Final = "the decision's time cannot be read"
REASON_CHANGED_APPROVAL: Final = "recommendation changed since approval"
REASON_CHANGED_ENDORSEMENT: Final = "recommendation changed since endorsement"


def reason_not_chair(body: str, day: dt.date, starts: Sequence[dt.date] = ()) -> str:
    """ "signed by a laptop not certified as chair of the Strategy Steering Group on
    3 March 2011" (and from when it is, if later)."""
    words = f"signed by a laptop not certified as chair of {body} on {uk_date(day)}"
    later = [start for start in starts if start > day]
    return f"{words} (only from {uk_date(later[0])})" if later else words


def reason_revoked(moment: dt.datetime) -> str:
    """ "the chair's laptop was revoked from 2 March 2011 at 14:05 UTC, before this
    decision" """
    moment = moment.astimezone(dt.UTC)
    clock = "" if moment.time() == dt.time(0) else f" at {moment:%H:%M} UTC"
    day = uk_date(moment.date())
    return f"the chair's laptop was revoked from {day}{clock}, before this decision"


def the(name: str) -> str:
    """A body's name as a sentence uses it: "the Strategy Steering Group"."""
    return name if name.lower().startswith("the ") else f"the {name}"


@dataclass(frozen=True)
class DecidingBody:
    """The group or body an event names, with the code a chair's certificate uses."""

    code: str
    name: str


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
    signature_ok: bool  # signed by the certified chair's laptop, and it verifies
    verified: bool  # counts: as above and the content is unchanged (or nothing to sign)
    reason: str
    earlier_scheme: bool = False  # signed under the passphrase scheme: to re-sign


def deciding_body(
    event: RecommendationEvent, bodies: Mapping[str, DecidingBody]
) -> DecidingBody | None:
    """The body whose chair decides: the event's group (the Steering Group at its
    stage, the working group at its own), else its body beyond the groups (SMT …)."""
    key = event.group_id or event.body_id
    return bodies.get(key) if key else None


def verify_event(
    event: RecommendationEvent,
    current_hash: str,
    authority: ChairAuthority,
    bodies: Mapping[str, DecidingBody],
) -> Verification:
    """Check one event row as stored against the recommendation's current content and
    the chairs this laptop's registry certifies (docs/TRUST.md "Chairs")."""
    signed = bool(event.signature)
    if event.transition not in rs.SIGNED_TRANSITIONS and not signed:
        return Verification(False, False, True, "")
    if not signed:
        return Verification(False, False, False, REASON_UNSIGNED)
    if not event.signer_laptop:
        if event.signer_key_id:
            return Verification(True, False, False, REASON_EARLIER_SCHEME, earlier_scheme=True)
        return Verification(True, False, False, REASON_NO_LAPTOP)
    body = deciding_body(event, bodies)
    if body is None:
        return Verification(True, False, False, REASON_NO_BODY)
    moment = parse_at(event.at)
    if moment is None:
        return Verification(True, False, False, REASON_BAD_TIME)
    standing = authority.standing(event.signer_laptop, body.code, event.by_id, moment)
    if standing.problem == "unknown":
        return Verification(True, False, False, REASON_UNKNOWN_LAPTOP)
    if standing.problem == "not_chair":
        reason = reason_not_chair(the(body.name), moment.date(), standing.starts)
        return Verification(True, False, False, reason)
    if standing.problem == "revoked":
        assert standing.revoked_from is not None
        return Verification(True, False, False, reason_revoked(standing.revoked_from))
    message = approval_message_of(event)
    if not any(
        check_signature(c.sign_key, message, event.signature).ok for c in standing.certificates
    ):
        return Verification(True, False, False, REASON_MISMATCH)
    if event.transition in rs.SIGNED_TRANSITIONS and event.content_hash != current_hash:
        reason = (
            REASON_CHANGED_APPROVAL
            if event.transition in rs.APPROVAL_TRANSITIONS
            else REASON_CHANGED_ENDORSEMENT
        )
        return Verification(True, True, False, reason)
    return Verification(True, True, True, "")


def load_bodies(s: Session) -> dict[str, DecidingBody]:
    """Every group and body (tombstoned ones too: an old decision keeps its body), by id."""
    found = {
        gid: DecidingBody(code, name)
        for gid, code, name in s.execute(select(Group.id, Group.code, Group.name))
    }
    found.update(
        (bid, DecidingBody(code, name))
        for bid, code, name in s.execute(select(Body.id, Body.code, Body.name))
    )
    return found


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
    view: StateView[Event]


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
    signed = any(e.signature for es in events.values() for e in es)
    authority = load_authority(s) if signed else ChairAuthority(None, None, None, {})
    bodies = load_bodies(s) if signed else {}
    derived: dict[str, Derived] = {}
    for rec in recs:
        content = content_of_row(rec, remit[rec.id])
        current = content_hash(content)
        checks = {
            e.id: verify_event(e, current, authority, bodies) for e in events[rec.id]
        }
        view = derive_state(
            Event(
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
