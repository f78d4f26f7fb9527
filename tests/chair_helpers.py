"""A programme registry for tests: a root key, laptops certified as chairs, revocations.

The items are made with ``sync.certificates`` (the real formats of docs/TRUST.md) and
stored in the local registry tables as ``sync.registry`` keeps them, so what
core/recommendations/chairs.py reads here is what it reads on a laptop that joined a
programme.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete

from sen_desktop.core.recommendations.signing import canonical_json
from sen_desktop.core.store.models import (
    LaptopCertificate,
    LaptopRevocation,
    LaptopSelf,
    TrustRoot,
)

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from sqlalchemy.orm import Session, sessionmaker


def _private() -> Any:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.generate()


def _public_hex(key: Any) -> str:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return str(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex())


def _age_recipient() -> str:
    import pyrage

    return str(pyrage.x25519.Identity.generate().to_public())


@dataclass
class Laptop:
    """A laptop's signing key: a ``chairs.Signer``."""

    laptop_id: str
    name: str
    key: Any = field(repr=False)
    age_recipient: str = ""
    serial: int = 0

    @property
    def sign_public_hex(self) -> str:
        return _public_hex(self.key)

    def sign(self, message: bytes) -> bytes:
        return bytes(self.key.sign(message))


ChairGrant = tuple[str, str, dt.date]  # (body code, person id, from)


class Registry:
    """The programme root of one test database and the certificates it issues."""

    def __init__(self, sf: sessionmaker[Session], name: str = "Test programme") -> None:
        from sen_desktop.sync.certificates import sign_item
        from sen_desktop.sync.documents import root_body

        self.sf = sf
        self.programme_id = str(uuid.uuid4())
        self.root_key = _private()
        self.root_public = _public_hex(self.root_key)
        self.serial = 0
        item = sign_item(
            root_body(self.programme_id, name, self.root_public, "2010-01-01T00:00:00Z"),
            self.root_key.sign,
        )
        with sf.begin() as s:
            s.add(
                TrustRoot(
                    id=1,
                    programme_id=self.programme_id,
                    name=name,
                    public_key=self.root_public,
                    item=canonical_json(item).decode("utf-8"),
                )
            )

    def certify(
        self,
        name: str,
        chairs: Iterable[ChairGrant] = (),
        *,
        laptop: Laptop | None = None,
        signer_key: Any = None,
        issued: str = "2010-01-01T00:00:00Z",
    ) -> Laptop:
        """Issue a certificate (the next serial) for a new laptop, or ``laptop`` again;
        ``signer_key`` signs it instead of the root (a forged certificate)."""
        from sen_desktop.sync.certificates import Role, certificate_body, sign_item

        if laptop is None:
            laptop = Laptop(str(uuid.uuid4()), name, _private(), _age_recipient())
        self.serial += 1
        laptop.serial = self.serial
        roles = [Role("chair", code, person, start.isoformat()) for code, person, start in chairs]
        body = certificate_body(
            programme_id=self.programme_id,
            serial=self.serial,
            laptop_id=laptop.laptop_id,
            name=name,
            sign_key=laptop.sign_public_hex,
            age_recipient=laptop.age_recipient,
            read=["*"],
            write=["*"],
            contacts=False,
            confidential=False,
            roles=roles,
            sites=[],
            issued=issued,
        )
        item = sign_item(body, (signer_key or self.root_key).sign)
        with self.sf.begin() as s:
            s.add(
                LaptopCertificate(
                    serial=self.serial,
                    laptop_id=laptop.laptop_id,
                    name=name,
                    item=canonical_json(item).decode("utf-8"),
                )
            )
        return laptop

    def revoke(self, laptop: Laptop, start: dt.datetime) -> None:
        from sen_desktop.sync.certificates import sign_item
        from sen_desktop.sync.documents import revocation_body

        effective = start.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        body = revocation_body(
            self.programme_id, laptop.laptop_id, laptop.serial, effective, effective
        )
        item = sign_item(body, self.root_key.sign)
        with self.sf.begin() as s:
            s.add(
                LaptopRevocation(
                    laptop_id=laptop.laptop_id,
                    serial=laptop.serial,
                    effective_from=effective,
                    item=canonical_json(item).decode("utf-8"),
                )
            )

    def become(self, laptop: Laptop, secrets: str = "keyring") -> Laptop:
        """Make the database's own laptop (``laptop_self``) this one."""
        with self.sf.begin() as s:
            s.execute(delete(LaptopSelf))
            s.add(
                LaptopSelf(
                    id=1,
                    laptop_id=laptop.laptop_id,
                    name=laptop.name,
                    sign_key=laptop.sign_public_hex,
                    age_recipient=laptop.age_recipient,
                    site_nonce=0,
                    state="member",
                    secrets=secrets,
                )
            )
        return laptop


def chair_laptop(
    sf: sessionmaker[Session], chairs: Iterable[ChairGrant], name: str = "Chair's laptop"
) -> tuple[Registry, Laptop]:
    """A registry and one laptop, this database's own, certified for ``chairs``."""
    registry = Registry(sf)
    laptop = registry.become(registry.certify(name, chairs))
    return registry, laptop


def certify_this_laptop(
    sf: sessionmaker[Session], data_dir: Path, chairs: Iterable[ChairGrant]
) -> tuple[Registry, Laptop]:
    """As ``chair_laptop``, with the laptop's keys kept where this laptop keeps them
    (``sync.identity.KeyVault``: the test's keyring), so that the window's own
    ``TrustService(...).identity()`` signs."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from sen_desktop.sync.identity import KeyVault, LaptopIdentity

    identity = LaptopIdentity.generate()
    where = KeyVault(data_dir).store_identity(identity)
    laptop = Laptop(
        identity.laptop_id,
        "This laptop",
        Ed25519PrivateKey.from_private_bytes(identity.sign_private),
        identity.age_recipient,
    )
    registry = Registry(sf)
    registry.become(registry.certify("This laptop", chairs, laptop=laptop), secrets=where)
    return registry, laptop
