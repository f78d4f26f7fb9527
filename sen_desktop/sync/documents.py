"""The trust registry's other signed documents (docs/TRUST.md "Certificates and the
registry"): the programme root's self-signed statement, a laptop's request to join (signed
with its own key: proof of possession) and a revocation (signed by the root). Bodies,
reading and verifying; the signing itself and certificates are ``sync.certificates``'.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sen_desktop.sync.certificates import (
    AGE_RECIPIENT,
    HEX64,
    UUID_TEXT,
    VERSION,
    TrustError,
    is_plain_name,
    parse_instant,
    root_fingerprint,
    verify_item,
)

# --- the programme root ------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeRoot:
    programme_id: str
    name: str
    public_key: str
    created: str
    item: dict[str, Any] = field(compare=False, repr=False)

    @property
    def fingerprint(self) -> str:
        return root_fingerprint(self.public_key)


def root_body(programme_id: str, name: str, public_key: str, created: str) -> dict[str, Any]:
    return {
        "kind": "programme-root",
        "v": VERSION,
        "programme": programme_id,
        "name": name,
        "public_key": public_key,
        "created": created,
    }


def read_root(item: object) -> ProgrammeRoot:
    """A self-signed programme-root item, verified with the key it names."""
    if not isinstance(item, dict) or not isinstance(item.get("body"), dict):
        raise TrustError("The programme root is not a signed item this program can read.")
    public = item["body"].get("public_key")
    if not (isinstance(public, str) and HEX64.fullmatch(public)):
        raise TrustError("The programme root carries no valid public key.")
    body = verify_item(item, public, "programme-root")
    if set(body) != {"kind", "v", "programme", "name", "public_key", "created"} or (
        body["v"] != VERSION
    ):
        raise TrustError("The programme root is not one this version can read.")
    programme, name, created = body["programme"], body["name"], body["created"]
    if not (isinstance(programme, str) and UUID_TEXT.fullmatch(programme)):
        raise TrustError("The programme root names no valid programme id.")
    if not (name == "" or is_plain_name(name)) or not isinstance(created, str):
        raise TrustError("The programme root's name or date is not readable.")
    return ProgrammeRoot(programme, name, public, created, item)


# --- requests --------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    laptop_id: str
    name: str
    sign_key: str
    age_recipient: str
    sites: tuple[str, ...]
    made: str
    item: dict[str, Any] = field(compare=False, repr=False)


def request_body(
    laptop_id: str, name: str, sign_key: str, age_recipient: str, sites: list[str], made: str
) -> dict[str, Any]:
    return {
        "kind": "laptop-request",
        "v": VERSION,
        "laptop": laptop_id,
        "name": name,
        "sign_key": sign_key,
        "age_recipient": age_recipient,
        "sites": list(sites),
        "made": made,
    }


def read_request(item: object) -> Request:
    """A laptop request whose proof of possession (its own signature) verifies."""
    if not isinstance(item, dict) or not isinstance(item.get("body"), dict):
        raise TrustError("The file is not a laptop request this program can read.")
    sign_key = item["body"].get("sign_key")
    if not (isinstance(sign_key, str) and HEX64.fullmatch(sign_key)):
        raise TrustError("The laptop request carries no valid signing key.")
    body = verify_item(item, sign_key, "laptop-request")
    if set(body) != {
        "kind", "v", "laptop", "name", "sign_key", "age_recipient", "sites", "made"
    } or body["v"] != VERSION:
        raise TrustError("The laptop request is not one this version can read.")
    laptop, name, age, sites, made = (
        body["laptop"], body["name"], body["age_recipient"], body["sites"], body["made"]
    )
    if not (isinstance(laptop, str) and UUID_TEXT.fullmatch(laptop)):
        raise TrustError("The laptop request names no valid laptop id.")
    if not is_plain_name(name):
        raise TrustError("The laptop request names no laptop in plain words.")
    if not (isinstance(age, str) and AGE_RECIPIENT.fullmatch(age)):
        raise TrustError("The laptop request carries no valid receiving key.")
    if not isinstance(sites, list) or not all(
        isinstance(site, str) and UUID_TEXT.fullmatch(site) for site in sites
    ):
        raise TrustError("The laptop request's sites are not a list of site ids.")
    if not isinstance(made, str):
        raise TrustError("The laptop request's date is not readable.")
    return Request(laptop, name, sign_key, age, tuple(sites), made, item)


# --- revocations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Revocation:
    laptop_id: str
    serial: int
    effective_from: str
    issued: str
    item: dict[str, Any] = field(compare=False, repr=False)


def revocation_body(
    programme_id: str, laptop_id: str, serial: int, effective_from: str, issued: str
) -> dict[str, Any]:
    return {
        "kind": "laptop-revocation",
        "v": VERSION,
        "programme": programme_id,
        "laptop": laptop_id,
        "serial": serial,
        "from": effective_from,
        "issued": issued,
    }


def read_revocation(item: object, root_public_hex: str, programme_id: str) -> Revocation:
    """A revocation signed by the root of ``programme_id``."""
    body = verify_item(item, root_public_hex, "laptop-revocation")
    assert isinstance(item, dict)
    if set(body) != {"kind", "v", "programme", "laptop", "serial", "from", "issued"} or (
        body["v"] != VERSION
    ):
        raise TrustError("The revocation is not one this version can read.")
    if body["programme"] != programme_id:
        raise TrustError("The revocation belongs to another programme.")
    laptop, serial, start, issued = body["laptop"], body["serial"], body["from"], body["issued"]
    if not (isinstance(laptop, str) and UUID_TEXT.fullmatch(laptop)):
        raise TrustError("The revocation names no valid laptop id.")
    if not isinstance(serial, int) or isinstance(serial, bool) or not 1 <= serial < 2**53:
        raise TrustError("The revocation's serial is not a number this program reads.")
    try:
        parse_instant(start)
    except ValueError as error:
        raise TrustError("The revocation's date is not a date.") from error
    return Revocation(laptop, serial, start, issued if isinstance(issued, str) else "", item)


__all__ = [
    "ProgrammeRoot",
    "Request",
    "Revocation",
    "read_request",
    "read_revocation",
    "read_root",
    "request_body",
    "revocation_body",
    "root_body",
]
