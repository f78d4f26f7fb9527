"""The chairs the programme root certified, as this laptop's registry holds them.

docs/TRUST.md "Chairs": a chair's decision counts only when the laptop that signed it
holds a certificate from the programme root making it chair of the deciding body for
the person deciding, from a date on or before the decision, not revoked by the
decision's time. The certificates live in this laptop's local registry tables
(``trust_root``, ``laptop_self``, ``laptop_certificate``, ``laptop_revocation``,
written by ``sync.registry``), which ordinary operations never touch.

``core`` sits below ``sync`` (docs/architecture.md, "Layers"), so this module reads those
tables itself and checks each stored item's root signature again (cheap, and cached by
the item's text) rather than importing ``sync.certificates``: the formats and domains
are those of docs/TRUST.md "Certificates and the registry". Only what the chairs' check
needs is read: the laptop, serial, signing key and chair roles of each certificate,
and the laptop, serial and instant of each revocation. An item that does not verify
or cannot be read is left out, so it grants nothing.

A revocation of a laptop's certificate ``serial`` applies, from its instant, to that
certificate and the laptop's earlier ones; a later certificate (the laptop admitted
again) is not revoked by it. A newer certificate of the same laptop supersedes the
older ones from the instant it was issued: a chair role the root leaves out of it (the
chair stood down) stops counting for decisions from then on, while decisions taken
before still count, and a role it grants counts from its own "from" date (a chair
certified after the fact signs the decisions recorded for them before).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Final, Protocol

from sqlalchemy import select

from sen_desktop.core.recommendations.signing import canonical_json, verify
from sen_desktop.core.store.models import (
    LaptopCertificate,
    LaptopRevocation,
    LaptopSelf,
    TrustRoot,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from sqlalchemy.orm import Session

CERTIFICATE_DOMAIN: Final = b"SEN Secretariat laptop certificate"
REVOCATION_DOMAIN: Final = b"SEN Secretariat laptop revocation"

_HEX64 = re.compile(r"[0-9a-f]{64}", re.ASCII)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_DAWN: Final = dt.datetime.min.replace(tzinfo=dt.UTC)  # before any decision


class Signer(Protocol):
    """This laptop's own signing key (``sync.identity.LaptopIdentity`` is one)."""

    @property
    def laptop_id(self) -> str: ...

    def sign(self, message: bytes) -> bytes: ...


@dataclass(frozen=True)
class ChairRole:
    """A certificate's ``{"role": "chair", "group": code, "person": id, "from": date}``."""

    code: str  # the body's code: a group's ("SG", "BESD") or a body's ("SMT")
    person_id: str
    start: dt.date


@dataclass(frozen=True)
class CertifiedLaptop:
    """One laptop certificate, as far as chairs are concerned."""

    laptop_id: str
    serial: int
    name: str
    sign_key: str  # hex Ed25519 public key
    chairs: tuple[ChairRole, ...]
    revoked_from: dt.datetime | None  # the earliest revocation covering it, UTC
    issued: dt.datetime | None = None  # None when unreadable: it supersedes from the start
    superseded_from: dt.datetime | None = None  # when a newer one of the laptop was issued

    def revoked_at(self, moment: dt.datetime) -> bool:
        """True when a revocation took effect at or before ``moment``."""
        return self.revoked_from is not None and self.revoked_from <= moment

    def superseded_at(self, moment: dt.datetime) -> bool:
        """True when a newer certificate of the laptop was issued at or before ``moment``."""
        return self.superseded_from is not None and self.superseded_from <= moment

    def chair_of(self, code: str, person_id: str, day: dt.date) -> bool:
        return any(
            role.code == code and role.person_id == person_id and role.start <= day
            for role in self.chairs
        )


@dataclass(frozen=True)
class Standing:
    """Where a laptop stands as a body's chair for a person at an instant.

    ``problem``: "" (``certificates`` hold the role and are not revoked then),
    "unknown" (no certificate of that laptop), "not_chair" (none makes it that chair on
    that day: ``starts`` lists the later dates a certificate names, if any), or
    "revoked" (``revoked_from`` is the earliest revocation of the ones that would)."""

    problem: str
    certificates: tuple[CertifiedLaptop, ...] = ()
    revoked_from: dt.datetime | None = None
    starts: tuple[dt.date, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problem


@dataclass(frozen=True)
class ChairAuthority:
    """The certificates of this laptop's registry, by laptop id, newest serial first."""

    programme_id: str | None
    root_public: str | None
    self_laptop_id: str | None
    laptops: Mapping[str, tuple[CertifiedLaptop, ...]]

    def certificates(self, laptop_id: str | None) -> tuple[CertifiedLaptop, ...]:
        return self.laptops.get(laptop_id or "", ())

    def own(self) -> CertifiedLaptop | None:
        """This laptop's newest certificate, if it has one."""
        found = self.certificates(self.self_laptop_id)
        return found[0] if found else None

    def standing(
        self, laptop_id: str | None, code: str, person_id: str | None, moment: dt.datetime
    ) -> Standing:
        """Whether ``laptop_id`` was certified as chair of ``code`` for ``person_id`` at
        ``moment`` (an aware datetime; the role's date is compared with its UTC day)."""
        certificates = self.certificates(laptop_id)
        if not certificates:
            return Standing("unknown")
        day = moment.astimezone(dt.UTC).date()
        holding = tuple(
            c
            for c in certificates
            if person_id
            and c.chair_of(code, person_id, day)
            and not c.superseded_at(moment)
        )
        if not holding:
            starts = sorted(
                {
                    role.start
                    for c in certificates
                    for role in c.chairs
                    if role.code == code and role.person_id == person_id
                }
            )
            return Standing("not_chair", starts=tuple(starts))
        current = tuple(c for c in holding if not c.revoked_at(moment))
        if not current:
            revoked = min(c.revoked_from for c in holding if c.revoked_from is not None)
            return Standing("revoked", holding, revoked_from=revoked)
        return Standing("", current)


def parse_instant(text: object) -> dt.datetime | None:
    """An ISO-8601 instant ("Z" or an offset; no zone is read as UTC) as aware UTC."""
    if not isinstance(text, str) or not text.isascii():
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def _signed_body(text: str, root_public: str, domain: bytes, kind: str) -> dict[str, Any] | None:
    try:
        item = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        return None
    if not isinstance(item, dict) or set(item) != {"body", "signature"}:
        return None
    body, signature = item["body"], item["signature"]
    if not isinstance(body, dict) or not isinstance(signature, str):
        return None
    if body.get("kind") != kind:
        return None
    try:
        message = domain + b"\x00" + canonical_json(body)
    except (TypeError, ValueError, RecursionError):
        return None
    return body if verify(root_public, message, signature) else None


def _serial(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value < 2**53:
        return value
    return None


def _roles(value: object) -> tuple[ChairRole, ...] | None:
    if not isinstance(value, list):
        return None
    roles: list[ChairRole] = []
    for role in value:
        if not isinstance(role, dict):
            return None
        if role.get("role") != "chair":
            continue
        code, person, start = role.get("group"), role.get("person"), role.get("from")
        if not (
            isinstance(code, str)
            and code
            and code != "*"
            and isinstance(person, str)
            and person
            and isinstance(start, str)
            and _DATE.fullmatch(start)
        ):
            return None
        try:
            day = dt.date.fromisoformat(start)
        except ValueError:
            return None
        roles.append(ChairRole(code, person, day))
    return tuple(roles)


@functools.lru_cache(maxsize=4096)
def _certificate(
    text: str, root_public: str, programme_id: str
) -> tuple[str, int, str, str, tuple[ChairRole, ...], dt.datetime | None] | None:
    """(laptop id, serial, name, sign key, chair roles, issued) of a stored certificate
    item whose root signature verifies, or None."""
    body = _signed_body(text, root_public, CERTIFICATE_DOMAIN, "laptop-certificate")
    if body is None or body.get("v") != 1 or body.get("programme") != programme_id:
        return None
    laptop, serial, name, key = body.get("laptop"), body.get("serial"), body.get("name"), body.get(
        "sign_key"
    )
    roles = _roles(body.get("roles"))
    checked = _serial(serial)
    if (
        not isinstance(laptop, str)
        or not laptop
        or checked is None
        or not isinstance(key, str)
        or not _HEX64.fullmatch(key)
        or roles is None
    ):
        return None
    issued = parse_instant(body.get("issued"))
    return laptop, checked, name if isinstance(name, str) else "", key, roles, issued


@functools.lru_cache(maxsize=1024)
def _revocation(
    text: str, root_public: str, programme_id: str
) -> tuple[str, int, dt.datetime] | None:
    """(laptop id, serial, from) of a stored revocation whose root signature verifies."""
    body = _signed_body(text, root_public, REVOCATION_DOMAIN, "laptop-revocation")
    if body is None or body.get("v") != 1 or body.get("programme") != programme_id:
        return None
    laptop, serial, start = body.get("laptop"), _serial(body.get("serial")), body.get("from")
    moment = parse_instant(start)
    if not isinstance(laptop, str) or not laptop or serial is None or moment is None:
        return None
    return laptop, serial, moment


def load_authority(s: Session) -> ChairAuthority:
    """The chairs' certificates in this laptop's registry (none before it joined a
    programme: then no chair's decision counts)."""
    root = s.scalars(select(TrustRoot).order_by(TrustRoot.id).limit(1)).first()
    me = s.scalars(select(LaptopSelf).order_by(LaptopSelf.id).limit(1)).first()
    self_id = me.laptop_id if me is not None else None
    if root is None or not _HEX64.fullmatch(root.public_key or ""):
        return ChairAuthority(None, None, self_id, {})
    public, programme = root.public_key, root.programme_id
    revocations: dict[str, list[tuple[int, dt.datetime]]] = {}
    for (text,) in s.execute(select(LaptopRevocation.item)):
        revoked = _revocation(text, public, programme)
        if revoked is not None:
            revocations.setdefault(revoked[0], []).append((revoked[1], revoked[2]))
    laptops: dict[str, list[CertifiedLaptop]] = {}
    for (text,) in s.execute(select(LaptopCertificate.item)):
        read = _certificate(text, public, programme)
        if read is None:
            continue
        laptop_id, serial, name, key, roles, issued = read
        covering = [start for n, start in revocations.get(laptop_id, ()) if n >= serial]
        laptops.setdefault(laptop_id, []).append(
            CertifiedLaptop(
                laptop_id, serial, name, key, roles, min(covering, default=None), issued
            )
        )
    ordered: dict[str, tuple[CertifiedLaptop, ...]] = {}
    for laptop_id, found in laptops.items():
        found.sort(key=lambda c: c.serial, reverse=True)
        superseding: dt.datetime | None = None  # the earliest issue of a newer one
        chain = []
        for certificate in found:
            if superseding is not None:
                certificate = replace(certificate, superseded_from=superseding)
            issued = certificate.issued or _DAWN
            superseding = issued if superseding is None else min(superseding, issued)
            chain.append(certificate)
        ordered[laptop_id] = tuple(chain)
    return ChairAuthority(programme, public, self_id, ordered)


class LazySigner:
    """A ``Signer`` that loads this laptop's key (``load``: e.g. ``TrustService(...)
    .identity``) the first time a chair signs, not when the programme is opened: most
    sessions sign nothing, and reading the keyring may ask the person for something."""

    def __init__(self, load: Callable[[], Signer]) -> None:
        self._load = load
        self._signer: Signer | None = None

    def _get(self) -> Signer:
        if self._signer is None:
            self._signer = self._load()
        return self._signer

    @property
    def laptop_id(self) -> str:
        return self._get().laptop_id

    def sign(self, message: bytes) -> bytes:
        return self._get().sign(message)
