"""Chairs' Ed25519 signatures over recommendation decisions.

Each chair's private key is made on their own laptop and kept only in the OS keyring
(service "SEN Secretariat", user ``chair-signing-key:<person id>``, the raw 32 bytes as
hex); the public key goes into the programme data (``SigningKey``) so that every laptop
can verify. ``cryptography`` is imported inside the functions that need it: it costs
start-up time the window should not pay.

What a chair signs (``approval_message``) is canonical JSON naming the purpose, the
recommendation, the decision, when it was recorded, the event's id and the content
hash of the recommendation (``content_hash``), so a signature cannot be moved to
another recommendation, another decision or other text.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Protocol, cast

from sen_desktop.core.errors import SenError, ValidationError

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


class KeyringUnavailableError(SenError):
    """This laptop's keyring cannot store or read a chair's signing key."""


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


def approval_message(
    content_hash: str, recommendation_id: str, transition: str, at: str, event_id: str
) -> bytes:
    """The exact bytes a chair signs for one decision on one version of the content."""
    return canonical_json(
        {
            "purpose": _MESSAGE_PURPOSE,
            "v": CONTENT_VERSION,
            "content_hash": content_hash,
            "recommendation_id": recommendation_id,
            "transition": transition,
            "at": at,
            "event_id": event_id,
        }
    )


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


# --- the chairs' private keys on this laptop -----------------------------------------


class SecretStore(Protocol):
    """The part of a keyring backend ChairKeys uses (``keyring.backend.KeyringBackend``)."""

    def get_password(self, service: str, username: str) -> str | None: ...

    def set_password(self, service: str, username: str, password: str) -> None: ...

    def delete_password(self, service: str, username: str) -> None: ...


class MemorySecretStore:
    """A ``SecretStore`` kept in memory: demo chairs' keys, benchmarks and tests never
    reach the OS keyring through it."""

    def __init__(self) -> None:
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


class ChairKeys:
    """Chairs' private signing keys on this laptop, in the OS keyring.

    ``backend`` replaces the OS keyring (whatever ``keyring`` is set to) with another
    store: demo data passes one kept in memory, so that demo chairs' keys never reach
    the real keyring.
    """

    def __init__(
        self, keyring_service: str = KEYRING_SERVICE, backend: SecretStore | None = None
    ) -> None:
        self._service = keyring_service
        self._backend = backend

    @staticmethod
    def username(person_id: str) -> str:
        return f"chair-signing-key:{person_id}"

    def has_key(self, person_id: str) -> bool:
        return self._load(person_id) is not None

    def public_key(self, person_id: str) -> str | None:
        """The public key (hex) of this chair's key on this laptop, if there is one."""
        private = self._load(person_id)
        return None if private is None else _public_hex(private)

    def ensure_key(self, person_id: str) -> str:
        """This chair's public key (hex), creating and storing the key pair if needed."""
        private = self._load(person_id)
        if private is None:
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
            from cryptography.hazmat.primitives.serialization import (
                Encoding,
                NoEncryption,
                PrivateFormat,
            )

            key = Ed25519PrivateKey.generate()
            private = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
            self._store(person_id, private)
        return _public_hex(private)

    def sign(self, person_id: str, message: bytes) -> str:
        """The Ed25519 signature (hex) of ``message`` by this chair's key on this laptop."""
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        private = self._load(person_id)
        if private is None:
            raise ValidationError(
                "This person has no signing key on this laptop: a chair signs on their own "
                "laptop, where the app keeps their key.",
                field="sign_as",
            )
        return Ed25519PrivateKey.from_private_bytes(private).sign(message).hex()

    def forget(self, person_id: str) -> None:
        """Remove this chair's key from the keyring (e.g. a laptop handed back)."""
        import keyring.errors

        try:
            self._store_backend().delete_password(self._service, self.username(person_id))
        except keyring.errors.PasswordDeleteError:
            pass
        except keyring.errors.KeyringError as error:
            raise _unavailable(error) from error

    def _store_backend(self) -> SecretStore:
        if self._backend is not None:
            return self._backend
        import keyring

        # Looked up on each use: the keyring in force may change (tests set their own).
        return cast(SecretStore, keyring.get_keyring())

    def _load(self, person_id: str) -> bytes | None:
        import keyring.errors

        try:
            stored = self._store_backend().get_password(self._service, self.username(person_id))
        except keyring.errors.KeyringError as error:
            raise _unavailable(error) from error
        if stored is None:
            return None
        raw = _hex_bytes(stored.strip(), 32)
        if raw is None:
            raise KeyringUnavailableError(
                "The signing key kept in this laptop's keyring for this chair is damaged; "
                "remove it from the keyring and sign again to make a new one."
            )
        return raw

    def _store(self, person_id: str, private: bytes) -> None:
        import keyring.errors

        try:
            self._store_backend().set_password(
                self._service, self.username(person_id), private.hex()
            )
        except keyring.errors.KeyringError as error:
            raise _unavailable(error) from error


def _unavailable(error: Exception) -> KeyringUnavailableError:
    return KeyringUnavailableError(
        "This laptop's keyring cannot keep a chair's signing key "
        f"({type(error).__name__}); sign on a laptop with a working keyring."
    )


def _public_hex(private: bytes) -> str:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    key = Ed25519PrivateKey.from_private_bytes(private)
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def fingerprint(public_key_hex: str) -> str:
    """A short fingerprint of a public key for people to compare: 4 groups of 4 hex."""
    digest = hashlib.sha256(public_key_hex.lower().encode("ascii", "replace")).hexdigest()
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))
