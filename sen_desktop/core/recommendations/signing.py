"""What a chair signs, and checking Ed25519 signatures (docs/TRUST.md "Chairs").

A chair signs a decision with their laptop's own key, on the laptop the programme root
certified as that chair's (core/recommendations/chairs.py reads the certificates). What is signed
(``approval_message_v2``) is canonical JSON naming the purpose, the recommendation, the
content hash of its decision-relevant content (``content_hash``), the transition, the
body or group deciding, the meeting and minute, the note, the person deciding, the step
it follows, the time and the event's id: a signature cannot be moved to another
recommendation, decision, body, meeting, minute, note, person, predecessor or text.

No laptop makes a chair's key any more. Keys registered as ``SigningKey`` rows under the
earlier passphrase scheme stay readable as history and are never trusted.
``cryptography`` is imported inside the functions that need it: it costs start-up time
the window should not pay.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Protocol

KEYRING_SERVICE: Final = "SEN Secretariat"
CONTENT_VERSION: Final = 1

# The decision-relevant content of a recommendation: what its content hash covers, in
# this order (the JSON is key-sorted anyway). Not covered: the reference, the group
# that raised it, key-decision flag and decision number (administration, not content).
#   title, text, rationale, financial, legal, equality, data_protection,
#   reference_group_view: str, as stored
#   tier, dimension: str or None
#   districts: list of district names, sorted (empty list: county-wide)
#   remit_item_ids: list of remit item ids, sorted (the remit points it answers)
CONTENT_FIELDS: Final = (
    "title",
    "text",
    "rationale",
    "tier",
    "dimension",
    "districts",
    "financial",
    "legal",
    "equality",
    "data_protection",
    "reference_group_view",
    "remit_item_ids",
)

_MESSAGE_PURPOSE: Final = "SEN Secretariat recommendation decision"


def canonical_json(value: Any) -> bytes:
    """One byte string per value: sorted keys, no spaces, UTF-8 (not \\u escapes)."""
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def content_of(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The hashed content from a mapping holding at least ``CONTENT_FIELDS``; lists
    (districts, remit item ids) are sorted so their order does not matter."""
    missing = [name for name in CONTENT_FIELDS if name not in fields]
    if missing:
        raise KeyError(f"content is missing {', '.join(missing)}")
    content: dict[str, Any] = {}
    for name in CONTENT_FIELDS:
        value = fields[name]
        if name in ("districts", "remit_item_ids"):
            content[name] = sorted(str(item) for item in value)
        elif value is None:
            content[name] = None
        else:
            content[name] = str(value)
    return content


def content_hash(fields: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of a recommendation's decision-relevant
    content (``CONTENT_FIELDS``, tagged with ``CONTENT_VERSION``)."""
    payload = {"v": CONTENT_VERSION, **content_of(fields)}
    return hashlib.sha256(canonical_json(payload)).hexdigest()


APPROVAL_VERSION: Final = 2

# The fields of a decision event that ``approval_message_v2`` covers, as named on
# ``RecommendationEvent`` (None where the event has no body, group, meeting, person or
# predecessor).
APPROVAL_FIELDS: Final = (
    "recommendation_id",
    "content_hash",
    "transition",
    "body_id",
    "group_id",
    "meeting_id",
    "minute_number",
    "note",
    "by_id",
    "after_id",
    "at",
    "event_id",
)


def approval_message_v2(
    *,
    recommendation_id: str,
    content_hash: str,
    transition: str,
    body_id: str | None,
    group_id: str | None,
    meeting_id: str | None,
    minute_number: str,
    note: str,
    by_id: str | None,
    after_id: str | None,
    at: str,
    event_id: str,
) -> bytes:
    """The exact bytes a chair's laptop signs for one decision, as the event stores it."""
    return canonical_json(
        {
            "purpose": _MESSAGE_PURPOSE,
            "v": APPROVAL_VERSION,
            "recommendation_id": recommendation_id,
            "content_hash": content_hash,
            "transition": transition,
            "body_id": body_id,
            "group_id": group_id,
            "meeting_id": meeting_id,
            "minute_number": minute_number,
            "note": note,
            "by_id": by_id,
            "after_id": after_id,
            "at": at,
            "event_id": event_id,
        }
    )


def approval_message_of(event: Any) -> bytes:
    """``approval_message_v2`` of an event row: a ``RecommendationEvent`` (its ``id``
    is the event id) or a mapping of its columns (``id`` or ``event_id``)."""
    if isinstance(event, Mapping):
        values: dict[str, Any] = {name: event.get(name) for name in APPROVAL_FIELDS}
        if values["event_id"] is None:
            values["event_id"] = event.get("id")
    else:
        values = {name: getattr(event, name, None) for name in APPROVAL_FIELDS}
        values["event_id"] = event.id
    values["minute_number"] = values["minute_number"] or ""
    values["note"] = values["note"] or ""
    return approval_message_v2(**values)


# --- verification --------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureCheck:
    ok: bool
    reason: str = ""  # why not, in words a person can read; "" when ok

    def __bool__(self) -> bool:
        return self.ok


REASON_MISMATCH: Final = "signature does not match"
REASON_BAD_KEY: Final = "the signing key is not a valid Ed25519 public key"
REASON_BAD_SIGNATURE: Final = "the signature is not a valid Ed25519 signature"


def _hex_bytes(text: object, length: int) -> bytes | None:
    if not isinstance(text, str) or len(text) != 2 * length:
        return None
    try:
        return bytes.fromhex(text)
    except ValueError:
        return None


def check_signature(public_key_hex: str, message: bytes, signature_hex: str) -> SignatureCheck:
    """Whether ``signature_hex`` is the Ed25519 signature of ``message`` by the key;
    never raises on bad input, says why instead."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    raw_key = _hex_bytes(public_key_hex, 32)
    if raw_key is None:
        return SignatureCheck(False, REASON_BAD_KEY)
    raw_signature = _hex_bytes(signature_hex, 64)
    if raw_signature is None:
        return SignatureCheck(False, REASON_BAD_SIGNATURE)
    if not isinstance(message, bytes | bytearray):
        return SignatureCheck(False, REASON_MISMATCH)
    try:
        key = Ed25519PublicKey.from_public_bytes(raw_key)
    except ValueError:
        return SignatureCheck(False, REASON_BAD_KEY)
    try:
        key.verify(raw_signature, bytes(message))
    except InvalidSignature:
        return SignatureCheck(False, REASON_MISMATCH)
    return SignatureCheck(True)


def verify(public_key_hex: str, message: bytes, signature_hex: str) -> bool:
    """True when the signature verifies; False for anything else (never raises)."""
    return check_signature(public_key_hex, message, signature_hex).ok


# --- secrets kept in a keyring ---------------------------------------------------------


class SecretStore(Protocol):
    """The part of a keyring backend this program uses (``keyring.backend.KeyringBackend``)."""

    def get_password(self, service: str, username: str) -> str | None: ...

    def set_password(self, service: str, username: str, password: str) -> None: ...

    def delete_password(self, service: str, username: str) -> None: ...


class MemorySecretStore:
    """A ``SecretStore`` kept in memory: benchmarks and tests never reach the OS keyring
    through it."""

    def __init__(self) -> None:
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


def fingerprint(public_key_hex: str) -> str:
    """A short fingerprint of a public key for people to compare: 4 groups of 4 hex."""
    digest = hashlib.sha256(public_key_hex.lower().encode("ascii", "replace")).hexdigest()
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))
