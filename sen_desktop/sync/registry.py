"""The local trust registry (docs/TRUST.md "Certificates and the registry").

``load(session)`` reads the local tables -- the pinned programme root, this laptop,
every certificate and revocation -- as a ``Registry``. Items were verified against the
pinned root when they were stored (``merge_items``, ``TrustService``), so loading does
not verify again. ``merge_items`` takes the registry items a bundle carries, verifies
each against the pinned root and stores the new ones; ordinary operations never touch
these tables (they are in ``models.LOCAL_TABLES``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from sen_desktop.core.store.models import (
    LaptopCertificate,
    LaptopRevocation,
    LaptopSelf,
    TrustRoot,
)
from sen_desktop.sync.certificates import (
    Certificate,
    TrustError,
    canonical,
    parse_instant,
)
from sen_desktop.sync.documents import Revocation, read_revocation, read_root

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.orm import Session

ROW = 1  # the one row of trust_root and laptop_self

_HLC = re.compile(r"\d{13}\.\d{5}", re.ASCII)

ANOTHER_PROGRAMME = "This bundle comes from another programme."


@dataclass(frozen=True)
class SelfLaptop:
    """This laptop as the registry knows it."""

    laptop_id: str
    name: str
    state: str  # "requested" | "member" | "root"
    site_nonce: int
    sign_key: str
    age_recipient: str
    secrets: str  # "keyring" | "file"


def _millis(when: str | int | float | dt.datetime) -> int:
    """Milliseconds since the epoch of an ISO instant, an HLC stamp, a datetime or millis."""
    if isinstance(when, dt.datetime):
        moment = when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)
        return int(moment.timestamp() * 1000)
    if isinstance(when, int | float) and not isinstance(when, bool):
        return int(when)
    if isinstance(when, str):
        if _HLC.fullmatch(when):
            return int(when[:13])
        return int(parse_instant(when).timestamp() * 1000)
    raise ValueError("not an instant")


class Registry:
    """The verified registry of one laptop: read it, never write through it."""

    def __init__(
        self,
        *,
        programme_id: str | None = None,
        programme_name: str = "",
        root_public: str | None = None,
        root_item: dict[str, Any] | None = None,
        certificates: Iterable[Certificate] = (),
        revocations: Iterable[Revocation] = (),
        self_laptop: SelfLaptop | None = None,
    ) -> None:
        self.programme_id = programme_id
        self.programme_name = programme_name
        self.root_public = root_public
        self.root_item = root_item
        self.self_laptop = self_laptop
        self._all = sorted(certificates, key=lambda c: c.serial)
        self._newest: dict[str, Certificate] = {}
        for certificate in self._all:
            self._newest[certificate.laptop_id] = certificate
        self._revocations: dict[tuple[str, int], Revocation] = {}
        for revocation in revocations:
            key = (revocation.laptop_id, revocation.serial)
            known = self._revocations.get(key)
            # Two revocations of one certificate: the earlier instant stands.
            if known is None or _millis(revocation.effective_from) < _millis(
                known.effective_from
            ):
                self._revocations[key] = revocation

    # --- certificates ---------------------------------------------------------------

    def certificate(self, laptop_id: str) -> Certificate | None:
        """The laptop's certificate in force: the one with the newest serial."""
        return self._newest.get(laptop_id)

    def by_name(self, name: str) -> Certificate | None:
        """The newest certificate whose laptop name is ``name`` (ignoring case)."""
        wanted = " ".join(name.split()).casefold()
        found = [c for c in self._all if " ".join(c.name.split()).casefold() == wanted]
        return found[-1] if found else None

    def certificates(self) -> list[Certificate]:
        """The certificate in force of every laptop, by name."""
        return sorted(self._newest.values(), key=lambda c: (c.name.casefold(), c.serial))

    def all_certificates(self) -> list[Certificate]:
        """Every certificate ever stored, by serial."""
        return list(self._all)

    # --- revocations -----------------------------------------------------------------

    def revocation(self, laptop_id: str) -> Revocation | None:
        """The earliest revocation covering the laptop's certificate in force, if any.

        A revocation of certificate ``serial`` covers it and the laptop's earlier ones;
        a later certificate (the laptop admitted again) is not revoked by it.
        """
        certificate = self._newest.get(laptop_id)
        if certificate is None:
            return None
        covering = [
            revocation
            for (laptop, serial), revocation in self._revocations.items()
            if laptop == laptop_id and serial >= certificate.serial
        ]
        if not covering:
            return None
        return min(covering, key=lambda r: _millis(r.effective_from))

    def revoked_from(self, laptop_id: str) -> str | None:
        """The instant (ISO UTC) from which the laptop's certificate in force stops counting."""
        revocation = self.revocation(laptop_id)
        return revocation.effective_from if revocation is not None else None

    def is_revoked_at(self, laptop_id: str, when: str | int | float | dt.datetime) -> bool:
        """True when the laptop's certificate in force is revoked at ``when`` (an ISO instant,
        an HLC stamp, a datetime or milliseconds since the epoch); instants at or after
        the revocation's ``from`` are revoked."""
        start = self.revoked_from(laptop_id)
        if start is None:
            return False
        return _millis(when) >= _millis(start)

    def revocations(self) -> list[Revocation]:
        return list(self._revocations.values())

    # --- travelling ---------------------------------------------------------------------

    def items(self) -> list[dict[str, Any]]:
        """The root item, every certificate and every revocation: what a bundle carries."""
        out: list[dict[str, Any]] = []
        if self.root_item is not None:
            out.append(self.root_item)
        out.extend(c.item for c in self._all)
        out.extend(r.item for r in self._revocations.values())
        return out


def load(session: Session) -> Registry:
    """The local registry (items were verified when they were stored)."""
    root = session.get(TrustRoot, ROW)
    me = session.get(LaptopSelf, ROW)
    self_laptop = (
        SelfLaptop(
            laptop_id=me.laptop_id,
            name=me.name,
            state=me.state,
            site_nonce=me.site_nonce,
            sign_key=me.sign_key,
            age_recipient=me.age_recipient,
            secrets=me.secrets,
        )
        if me is not None
        else None
    )
    if root is None:
        return Registry(self_laptop=self_laptop)
    certificates = [
        Certificate.from_stored(json.loads(row.item), root.programme_id)
        for row in session.scalars(select(LaptopCertificate).order_by(LaptopCertificate.serial))
    ]
    revocations = [
        Revocation(row.laptop_id, row.serial, row.effective_from, "", json.loads(row.item))
        for row in session.scalars(select(LaptopRevocation))
    ]
    return Registry(
        programme_id=root.programme_id,
        programme_name=root.name,
        root_public=root.public_key,
        root_item=json.loads(root.item),
        certificates=certificates,
        revocations=revocations,
        self_laptop=self_laptop,
    )


def store_certificate(session: Session, certificate: Certificate) -> bool:
    """Keep a verified certificate; False when its serial is already held."""
    if session.get(LaptopCertificate, certificate.serial) is not None:
        return False
    session.add(
        LaptopCertificate(
            serial=certificate.serial,
            laptop_id=certificate.laptop_id,
            name=certificate.name,
            item=canonical(certificate.item).decode("utf-8"),
        )
    )
    session.flush()
    return True


def store_revocation(session: Session, revocation: Revocation) -> bool:
    """Keep a verified revocation; False when that certificate's revocation is held."""
    if session.get(LaptopRevocation, (revocation.laptop_id, revocation.serial)) is not None:
        return False
    session.add(
        LaptopRevocation(
            laptop_id=revocation.laptop_id,
            serial=revocation.serial,
            effective_from=revocation.effective_from,
            item=canonical(revocation.item).decode("utf-8"),
        )
    )
    session.flush()
    return True


def merge_items(session: Session, items: list[dict[str, Any]]) -> int:
    """Verify registry items (from a bundle) against the pinned root; store the new ones.

    Returns how many were new. Raises TrustError, naming the first item that does not
    hold, before anything is stored; "This bundle comes from another programme." when
    the items belong to another root.
    """
    root = session.get(TrustRoot, ROW)
    if root is None:
        raise TrustError(
            "This laptop has not joined a programme yet: join with the certificate the "
            "programme lead gave you first."
        )
    if not isinstance(items, list):
        raise TrustError("The bundle's registry is not a list of signed items.")
    certificates: list[Certificate] = []
    revocations: list[Revocation] = []
    for item in items:
        body = item.get("body") if isinstance(item, dict) else None
        if not isinstance(body, dict):
            raise TrustError("The bundle's registry holds something that is not a signed item.")
        kind = body.get("kind")
        if body.get("programme") != root.programme_id:
            raise TrustError(ANOTHER_PROGRAMME)
        if kind == "programme-root":
            if body.get("public_key") != root.public_key:
                raise TrustError(ANOTHER_PROGRAMME)
            read_root(item)
        elif kind == "laptop-certificate":
            certificates.append(Certificate.from_item(item, root.public_key, root.programme_id))
        elif kind == "laptop-revocation":
            revocations.append(read_revocation(item, root.public_key, root.programme_id))
        else:
            raise TrustError(
                "The bundle's registry holds something other than certificates and revocations."
            )
    added = 0
    for certificate in certificates:
        added += store_certificate(session, certificate)
    revoked = 0
    for revocation in revocations:
        revoked += store_revocation(session, revocation)
    if revoked:
        # What the revoked laptop stamped since, taken before this laptop heard, stops
        # counting (sync.revoked).
        from sen_desktop.sync.revoked import discount_revoked

        discount_revoked(session)
    return added + revoked


__all__ = [
    "ANOTHER_PROGRAMME",
    "Registry",
    "SelfLaptop",
    "load",
    "merge_items",
    "store_certificate",
    "store_revocation",
]
