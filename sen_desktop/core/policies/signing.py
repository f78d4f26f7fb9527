"""A chair's signature on a policy step, and what a recorded step's signature is worth.

docs/TRUST.md "Chairs", as for recommendation decisions (core/recommendations/
decisions.py, checks.py), whose pieces this reuses: the certificates the programme
root issued (``chairs.load_authority``), the deciding bodies by id (``load_bodies``),
Ed25519 checking (``signing.check_signature``) and the reasons' words. What a chair
signs differs: ``approval_message`` is canonical JSON naming its own purpose (so a
signature on a recommendation decision can never pass for one on a policy, nor the
other way), the version and the content hash of its six sections, the step, the body
or group deciding, the meeting and minute, the note, the person, the step it follows,
the time and the event's id.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Final

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.policies.vocabulary import SIGNED_STEPS
from sen_desktop.core.recommendations.checks import (
    REASON_BAD_TIME,
    REASON_MISMATCH,
    REASON_NO_BODY,
    REASON_NO_LAPTOP,
    REASON_UNKNOWN_LAPTOP,
    REASON_UNSIGNED,
    parse_at,
    reason_not_chair,
    reason_revoked,
    the,
)
from sen_desktop.core.recommendations.signing import canonical_json, check_signature
from sen_desktop.core.validation import uk_date

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Mapping, Sequence

    from sen_desktop.core.recommendations.chairs import ChairAuthority, Signer
    from sen_desktop.core.recommendations.checks import DecidingBody
    from sen_desktop.core.store.models import PolicyEvent

CONTENT_VERSION: Final = 1
APPROVAL_VERSION: Final = 1
_PURPOSE: Final = "SEN Secretariat policy decision"
REASON_CHANGED: Final = "the version's text changed after this step"


def version_hash(policy_id: str, number: int, sections: Sequence[str]) -> str:
    """SHA-256 (hex) of a version's six sections, in SECTIONS' order."""
    payload = {"v": CONTENT_VERSION, "policy": policy_id, "number": number,
               "sections": list(sections)}
    return hashlib.sha256(canonical_json(payload)).hexdigest()


def approval_message(event: PolicyEvent) -> bytes:
    """The exact bytes a chair's laptop signs for one step, as the event stores it."""
    return canonical_json(
        {
            "purpose": _PURPOSE,
            "v": APPROVAL_VERSION,
            "event_id": event.id,
            "version_id": event.version_id,
            "content_hash": event.content_hash,
            "step": event.step,
            "group_id": event.group_id,
            "body_id": event.body_id,
            "meeting_id": event.meeting_id,
            "minute_number": event.minute_number or "",
            "note": event.note or "",
            "by_id": event.by_id,
            "after_id": event.after_id,
            "at": event.at,
        }
    )


def _body(event: PolicyEvent, bodies: Mapping[str, DecidingBody]) -> DecidingBody | None:
    key = event.group_id or event.body_id
    return bodies.get(key) if key else None


def signing_problem(
    authority: ChairAuthority,
    bodies: Mapping[str, DecidingBody],
    event: PolicyEvent,
    now: Callable[[], dt.datetime],
) -> str | None:
    """None when this laptop's certificate makes it ``event.by_id``'s laptop as chair of
    the deciding body at the step's time; else why not, in one sentence."""
    body = _body(event, bodies)
    moment = parse_at(event.at)
    if body is None or moment is None:
        return "This step names no body whose chair signs it."
    own = authority.own()
    if own is None:
        return ("This laptop has not joined the programme, so no chair signs here; record "
                "the step unsigned and the chair signs it on their certified laptop.")
    standing = authority.standing(own.laptop_id, body.code, event.by_id, moment)
    if standing.problem == "revoked" or own.revoked_at(now()):
        return ("This laptop's certificate was revoked, so it no longer signs for the chair; "
                "the chair signs on their new certified laptop.")
    if standing.problem:
        return (f"This laptop is not certified as the chair's laptop for {the(body.name)} "
                f"on {uk_date(moment.date())}; record the step unsigned and the chair signs "
                "it on their certified laptop.")
    return None


def sign(
    authority: ChairAuthority,
    bodies: Mapping[str, DecidingBody],
    event: PolicyEvent,
    signer: Signer | None,
    now: Callable[[], dt.datetime],
) -> None:
    """Sign ``event`` (its ``by_id`` set) with this laptop's key, or refuse in one
    sentence beside the "sign as" field."""
    problem = signing_problem(authority, bodies, event, now)
    if problem is not None:
        raise ValidationError(problem, field="sign_as")
    own = authority.own()
    assert own is not None
    if signer is None or signer.laptop_id != own.laptop_id:
        raise ValidationError(
            "This window cannot reach the key this laptop's certificate names; sign in the "
            "SEN Secretariat window on the chair's laptop.",
            field="sign_as",
        )
    message = approval_message(event)
    signature = signer.sign(message).hex()
    if not check_signature(own.sign_key, message, signature).ok:
        raise ValidationError(
            "This laptop's key is not the one its certificate names; join the programme "
            "again before the chair signs here.",
            field="sign_as",
        )
    event.signature = signature
    event.signer_laptop = own.laptop_id


def verify(
    event: PolicyEvent,
    current_hash: str,
    authority: ChairAuthority,
    bodies: Mapping[str, DecidingBody],
) -> tuple[bool, bool, str]:
    """(signed, counts as the chair's, why not): a chair's step counts when signed by the
    laptop certified as that chair's on its date and its version's text is unchanged."""
    signed = bool(event.signature)
    if event.step not in SIGNED_STEPS and not signed:
        return False, True, ""
    # A signature on a step no chair signs is checked all the same (as a recommendation
    # decision's is): one made up does not count.
    if not signed:
        return False, False, REASON_UNSIGNED
    if not event.signer_laptop:
        return True, False, REASON_NO_LAPTOP
    body = _body(event, bodies)
    if body is None:
        return True, False, REASON_NO_BODY
    moment = parse_at(event.at)
    if moment is None:
        return True, False, REASON_BAD_TIME
    standing = authority.standing(event.signer_laptop, body.code, event.by_id, moment)
    if standing.problem == "unknown":
        return True, False, REASON_UNKNOWN_LAPTOP
    if standing.problem == "not_chair":
        return True, False, reason_not_chair(the(body.name), moment.date(), standing.starts)
    if standing.problem == "revoked":
        assert standing.revoked_from is not None
        return True, False, reason_revoked(standing.revoked_from)
    message = approval_message(event)
    if not any(check_signature(c.sign_key, message, event.signature).ok
               for c in standing.certificates):
        return True, False, REASON_MISMATCH
    if event.content_hash != current_hash:
        return True, False, REASON_CHANGED
    return True, True, ""
