"""The signed documents of the trust registry (docs/TRUST.md "Certificates and the registry").

A signed item travels as ``{"body": <object>, "signature": "<128 hex>"}``; the signature
is Ed25519 over ``DOMAINS[kind] + b"\\x00" + canonical(body)``. This module builds the
bodies, signs and verifies items, reads certificates into ``Certificate`` and computes
the root fingerprint people compare; the other documents (the programme root, a laptop's
request, a revocation) are ``sync.documents``'. ``cryptography`` is imported inside
functions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.recommendations.signing import canonical_json

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping


class TrustError(ValidationError):
    """A one-sentence refusal about keys, certificates, requests or the programme root."""


def canonical(value: Any) -> bytes:
    """The canonical bytes of a value (``core.signing.canonical_json``)."""
    return canonical_json(value)


DOMAINS: Final[dict[str, bytes]] = {
    "programme-root": b"SEN Secretariat programme root",
    "laptop-request": b"SEN Secretariat laptop request",
    "laptop-certificate": b"SEN Secretariat laptop certificate",
    "laptop-revocation": b"SEN Secretariat laptop revocation",
    "op-batch": b"SEN Secretariat operation batch",
    "bundle": b"SEN Secretariat bundle",
}

VERSION: Final = 1
ALL_GROUPS: Final = "*"

HEX64 = re.compile(r"[0-9a-f]{64}", re.ASCII)
_HEX128 = re.compile(r"[0-9a-f]{128}", re.ASCII)
UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.ASCII)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
# A group code as models.Group holds it (at most 20 characters), or "*" for every group.
_CODE = re.compile(r"[^\x00-\x20,\x7f]{1,20}")
AGE_RECIPIENT = re.compile(r"age1[02-9ac-hj-np-z]{58}", re.ASCII)
# Control, line-separating and text-direction characters: a name is one line of plain text.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def is_plain_name(value: object, longest: int = 200) -> bool:
    """True for a name of 1 to ``longest`` characters, one line of plain text, not blank."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= longest
        and bool(value.strip())
        and _UNPRINTABLE.search(value) is None
    )

_KIND_WORDS: Final = {
    "programme-root": "programme root",
    "laptop-request": "laptop request",
    "laptop-certificate": "laptop certificate",
    "laptop-revocation": "revocation",
    "op-batch": "operation batch",
    "bundle": "bundle",
}


def signed_message(kind: str, body: Mapping[str, Any]) -> bytes:
    """The bytes an item of ``kind`` is signed over."""
    return DOMAINS[kind] + b"\x00" + canonical(dict(body))


def sign_item(body: dict[str, Any], sign: Callable[[bytes], bytes]) -> dict[str, Any]:
    """``{"body": body, "signature": hex}``, signed by ``sign`` in the domain of its kind."""
    kind = body.get("kind")
    if not isinstance(kind, str) or kind not in DOMAINS:
        raise TrustError(f"There is no kind of signed item called {kind!r}.")
    signature = sign(signed_message(kind, body))
    return {"body": body, "signature": signature.hex()}


def verify_item(item: object, public_hex: str, kind: str) -> dict[str, Any]:
    """The body of ``item`` once its signature verifies with ``public_hex`` as ``kind``."""
    from sen_desktop.sync.identity import verify_signature

    words = _KIND_WORDS.get(kind, kind)
    if (
        not isinstance(item, dict)
        or set(item) != {"body", "signature"}
        or not isinstance(item["body"], dict)
        or not isinstance(item["signature"], str)
    ):
        raise TrustError(f"The {words} is not a signed item this program can read.")
    body: dict[str, Any] = item["body"]
    if body.get("kind") != kind:
        raise TrustError(f"The file holds something other than a {words}.")
    signature = item["signature"]
    if not _HEX128.fullmatch(signature):
        raise TrustError(f"The {words} carries no valid signature.")
    try:
        message = signed_message(kind, body)
    except (TypeError, ValueError) as error:
        raise TrustError(f"The {words} is not a signed item this program can read.") from error
    if not verify_signature(public_hex, message, bytes.fromhex(signature)):
        raise TrustError(
            f"The {words}'s signature does not verify: it was altered, or it was not "
            "signed by the programme's root."
            if kind in ("laptop-certificate", "laptop-revocation", "programme-root")
            else f"The {words}'s signature does not verify: it was altered or forged."
        )
    return body


def root_fingerprint(public_hex: str) -> str:
    """SHA-256 of the raw 32-byte public key, upper-case hex, in 16 groups of 4."""
    raw = bytes.fromhex(public_hex)
    digest = hashlib.sha256(raw).hexdigest().upper()
    return " ".join(digest[i : i + 4] for i in range(0, 64, 4))


def normalise_fingerprint(text: str) -> str:
    """A fingerprint as typed, for comparing: no spaces (of any kind), upper case."""
    return "".join(text.split()).upper()


def now_iso(now: dt.datetime | None = None) -> str:
    """An instant as the registry writes it: ISO-8601 UTC to the second, ``Z``."""
    moment = now if now is not None else dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_instant(text: str) -> dt.datetime:
    """An ISO-8601 instant (``Z`` or an offset) as an aware UTC datetime; ValueError if not."""
    if not isinstance(text, str) or not text.isascii():
        raise ValueError("not an instant")
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("an instant needs its time zone")
    return moment.astimezone(dt.UTC)


# --- certificates ----------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    """A role a certificate grants: ``root``, or ``chair`` of ``group`` for ``person``
    from ``start`` (the body's ``"from"``, YYYY-MM-DD)."""

    role: str
    group: str = ""
    person: str = ""
    start: str = ""

    def to_json(self) -> dict[str, str]:
        if self.role == "chair":
            return {"role": "chair", "group": self.group, "person": self.person, "from": self.start}
        return {"role": self.role}

    @classmethod
    def from_json(cls, value: object) -> Role:
        if not isinstance(value, dict):
            raise TrustError("A role in the laptop certificate is not one this program reads.")
        role = value.get("role")
        if role == "root" and set(value) == {"role"}:
            return cls("root")
        if role == "chair" and set(value) == {"role", "group", "person", "from"}:
            group, person, start = value["group"], value["person"], value["from"]
            if (
                isinstance(group, str)
                and _CODE.fullmatch(group)
                and group != ALL_GROUPS
                and isinstance(person, str)
                and UUID_TEXT.fullmatch(person)
                and isinstance(start, str)
                and _DATE.fullmatch(start)
            ):
                dt.date.fromisoformat(start)
                return cls("chair", group, person, start)
        raise TrustError("A role in the laptop certificate is not one this program reads.")


def _codes(value: object, words: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(
        isinstance(code, str) and _CODE.fullmatch(code) for code in value
    ):
        raise TrustError(f"The laptop certificate's {words} are not a list of group codes.")
    return tuple(value)


@dataclass(frozen=True)
class Certificate:
    """A laptop certificate, verified against the programme root."""

    serial: int
    laptop_id: str
    name: str
    sign_key: str
    age_recipient: str
    read: tuple[str, ...]
    write: tuple[str, ...]
    contacts: bool
    confidential: bool
    roles: tuple[Role, ...]
    sites: tuple[str, ...]
    issued: str
    item: dict[str, Any] = field(compare=False, repr=False)

    def can_read(self, code: str) -> bool:
        return ALL_GROUPS in self.read or code in self.read

    def can_write(self, code: str) -> bool:
        return ALL_GROUPS in self.write or code in self.write

    @property
    def is_root(self) -> bool:
        return any(role.role == "root" for role in self.roles)

    def chair_roles(self) -> tuple[Role, ...]:
        return tuple(role for role in self.roles if role.role == "chair")

    def is_chair_of(self, group_code: str, person_id: str, on: dt.date) -> bool:
        """True when this certificate makes ``person_id`` chair of ``group_code`` on ``on``."""
        return any(
            role.group == group_code
            and role.person == person_id
            and dt.date.fromisoformat(role.start) <= on
            for role in self.chair_roles()
        )

    @classmethod
    def from_item(cls, item: object, root_public_hex: str, programme_id: str) -> Certificate:
        """Verify ``item`` with the root key and read it; TrustError if it does not hold."""
        body = verify_item(item, root_public_hex, "laptop-certificate")
        assert isinstance(item, dict)
        return cls._from_body(body, item, programme_id)

    @classmethod
    def from_stored(cls, item: dict[str, Any], programme_id: str) -> Certificate:
        """Read an item that was verified when it was stored (the local registry)."""
        body = item.get("body")
        if not isinstance(body, dict):
            raise TrustError("A stored laptop certificate is damaged.")
        return cls._from_body(body, item, programme_id)

    @classmethod
    def _from_body(
        cls, body: dict[str, Any], item: dict[str, Any], programme_id: str
    ) -> Certificate:
        expected = {
            "kind", "v", "programme", "serial", "laptop", "name", "sign_key", "age_recipient",
            "read", "write", "contacts", "confidential", "roles", "sites", "issued",
        }
        if set(body) != expected or body["v"] != VERSION:
            raise TrustError("The laptop certificate is not one this version can read.")
        if body["programme"] != programme_id:
            raise TrustError("The laptop certificate belongs to another programme.")
        serial = body["serial"]
        if not isinstance(serial, int) or isinstance(serial, bool) or not 1 <= serial < 2**53:
            raise TrustError("The laptop certificate's serial is not a number this program reads.")
        laptop, name, sign_key = body["laptop"], body["name"], body["sign_key"]
        age_recipient, issued = body["age_recipient"], body["issued"]
        if not (isinstance(laptop, str) and UUID_TEXT.fullmatch(laptop)):
            raise TrustError("The laptop certificate names no valid laptop id.")
        if not is_plain_name(name):
            raise TrustError("The laptop certificate names no laptop in plain words.")
        if not (isinstance(sign_key, str) and HEX64.fullmatch(sign_key)):
            raise TrustError("The laptop certificate carries no valid signing key.")
        if not (isinstance(age_recipient, str) and AGE_RECIPIENT.fullmatch(age_recipient)):
            raise TrustError("The laptop certificate carries no valid receiving key.")
        if not isinstance(body["contacts"], bool) or not isinstance(body["confidential"], bool):
            raise TrustError("The laptop certificate's contacts and confidential flags are wrong.")
        sites = body["sites"]
        if not isinstance(sites, list) or not all(
            isinstance(site, str) and UUID_TEXT.fullmatch(site) for site in sites
        ):
            raise TrustError("The laptop certificate's sites are not a list of site ids.")
        roles = body["roles"]
        if not isinstance(roles, list):
            raise TrustError("The laptop certificate's roles are not a list.")
        try:
            parse_instant(issued)
        except ValueError as error:
            raise TrustError("The laptop certificate's date of issue is not a date.") from error
        return cls(
            serial=serial,
            laptop_id=laptop,
            name=name,
            sign_key=sign_key,
            age_recipient=age_recipient,
            read=_codes(body["read"], "groups to read"),
            write=_codes(body["write"], "groups to write"),
            contacts=body["contacts"],
            confidential=body["confidential"],
            roles=tuple(Role.from_json(role) for role in roles),
            sites=tuple(sites),
            issued=issued,
            item=item,
        )


def certificate_body(
    *,
    programme_id: str,
    serial: int,
    laptop_id: str,
    name: str,
    sign_key: str,
    age_recipient: str,
    read: list[str],
    write: list[str],
    contacts: bool,
    confidential: bool,
    roles: list[Role],
    sites: list[str],
    issued: str,
) -> dict[str, Any]:
    return {
        "kind": "laptop-certificate",
        "v": VERSION,
        "programme": programme_id,
        "serial": serial,
        "laptop": laptop_id,
        "name": name,
        "sign_key": sign_key,
        "age_recipient": age_recipient,
        "read": list(read),
        "write": list(write),
        "contacts": contacts,
        "confidential": confidential,
        "roles": [role.to_json() for role in roles],
        "sites": list(sites),
        "issued": issued,
    }


__all__ = [
    "AGE_RECIPIENT",
    "ALL_GROUPS",
    "DOMAINS",
    "HEX64",
    "UUID_TEXT",
    "Certificate",
    "Role",
    "TrustError",
    "canonical",
    "certificate_body",
    "is_plain_name",
    "normalise_fingerprint",
    "now_iso",
    "parse_instant",
    "root_fingerprint",
    "sign_item",
    "signed_message",
    "verify_item",
]
