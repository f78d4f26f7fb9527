"""The trust registry of a demo programme: its root and its chairs' certified laptops.

A demo programme's chairs' decisions verify as a real programme's do (docs/TRUST.md
"Chairs"): each chair signs on a laptop the demo programme's root certified as that
chair's, from the day of their first decision in the role. Everything is derived from
the seed (the programme id, the root key, each chair's laptop id and keys), so the same
seed gives the same registry and the same signatures (Ed25519 signing is
deterministic). The private keys live only in memory while the demo is made: they are
never written to the keyring, a key file or the database.

The items are those of docs/TRUST.md "Certificates and the registry" (kinds, domains,
bodies), stored as ``sync.registry`` stores them: the canonical JSON of the signed item.
The demo folder's own laptop is not one of them (no ``laptop_self`` row is written): it
joins a programme, or starts one, like any other laptop.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from sen_desktop.core.recommendations.signing import canonical_json

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Mapping

ROOT_DOMAIN: Final = b"SEN Secretariat programme root"
CERTIFICATE_DOMAIN: Final = b"SEN Secretariat laptop certificate"
DEMO_PROGRAMME_NAME: Final = "Demo programme"


def _derived(seed: int, purpose: str, *parts: str) -> bytes:
    return hashlib.sha256(":".join(("sen-demo", purpose, str(seed), *parts)).encode()).digest()


def _uuid(raw: bytes) -> str:
    return str(uuid.UUID(bytes=raw[:16], version=4))


class DemoKey:
    """An Ed25519 key derived from the seed, kept in memory only."""

    def __init__(self, private: bytes) -> None:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        self._key = Ed25519PrivateKey.from_private_bytes(private)
        self.public_hex = self._key.public_key().public_bytes(
            Encoding.Raw, PublicFormat.Raw
        ).hex()

    def sign(self, message: bytes) -> bytes:
        return self._key.sign(message)


# --- age recipients (Bech32, BIP 173), for certificates that name a receiving key ------

_BECH32: Final = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _polymod(values: Iterable[int]) -> int:
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            check ^= generator[i] if (top >> i) & 1 else 0
    return check


def bech32(hrp: str, data: bytes) -> str:
    """``data`` in Bech32 under ``hrp`` (lower case), as age writes recipients."""
    accumulator, bits, words = 0, 0, []
    for byte in data:
        accumulator = (accumulator << 8) | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            words.append((accumulator >> bits) & 31)
    if bits:
        words.append((accumulator << (5 - bits)) & 31)
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    mod = _polymod([*expanded, *words, 0, 0, 0, 0, 0, 0]) ^ 1
    checksum = [(mod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_BECH32[w] for w in (*words, *checksum))


def age_recipient(private: bytes) -> str:
    """The age X25519 recipient ("age1…") of a 32-byte X25519 private key."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    public = X25519PrivateKey.from_private_bytes(private).public_key()
    return bech32("age", public.public_bytes(Encoding.Raw, PublicFormat.Raw))


# --- the registry ---------------------------------------------------------------------


def _instant(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _sign_item(body: dict[str, Any], domain: bytes, key: DemoKey) -> dict[str, Any]:
    return {"body": body, "signature": key.sign(domain + b"\x00" + canonical_json(body)).hex()}


@dataclass(frozen=True)
class DemoLaptop:
    """A demo chair's laptop: its id and (in memory) its signing key."""

    laptop_id: str
    key: DemoKey = field(repr=False)

    def sign(self, message: bytes) -> bytes:
        return self.key.sign(message)


@dataclass
class DemoRegistry:
    """The rows of the registry tables, and each chair's laptop by person id."""

    programme_id: str
    root_public: str
    root_row: dict[str, Any]
    certificate_rows: list[dict[str, Any]]
    laptops: dict[str, DemoLaptop]


def demo_registry(
    seed: int, chairs: Mapping[str, Mapping[str, dt.date]], start: dt.date
) -> DemoRegistry:
    """A demo programme's root (created ``start``) and, for each person in ``chairs``
    (person id -> {body code: chair from}), a laptop certified as that chair."""
    programme_id = _uuid(_derived(seed, "programme"))
    root = DemoKey(_derived(seed, "root-key"))
    root_item = _sign_item(
        {
            "kind": "programme-root",
            "v": 1,
            "programme": programme_id,
            "name": DEMO_PROGRAMME_NAME,
            "public_key": root.public_hex,
            "created": _instant(start),
        },
        ROOT_DOMAIN,
        root,
    )
    root_row = {
        "id": 1,
        "programme_id": programme_id,
        "name": DEMO_PROGRAMME_NAME,
        "public_key": root.public_hex,
        "item": canonical_json(root_item).decode("utf-8"),
    }

    def certificate(
        serial: int, laptop_id: str, name: str, key: DemoKey, receiving: str, **grants: Any
    ) -> dict[str, Any]:
        body = {
            "kind": "laptop-certificate",
            "v": 1,
            "programme": programme_id,
            "serial": serial,
            "laptop": laptop_id,
            "name": name,
            "sign_key": key.public_hex,
            "age_recipient": receiving,
            "sites": [],
            **grants,
        }
        item = _sign_item(body, CERTIFICATE_DOMAIN, root)
        return {
            "serial": serial,
            "laptop_id": laptop_id,
            "name": name,
            "item": canonical_json(item).decode("utf-8"),
        }

    rows = [
        certificate(
            1,
            _uuid(_derived(seed, "root-laptop")),
            "Programme lead's laptop",
            root,
            age_recipient(_derived(seed, "root-age")),
            read=["*"],
            write=["*"],
            contacts=True,
            confidential=True,
            roles=[{"role": "root"}],
            issued=_instant(start),
        )
    ]
    laptops: dict[str, DemoLaptop] = {}
    for serial, person_id in enumerate(sorted(chairs), start=2):
        roles = chairs[person_id]
        codes = sorted(roles)
        laptop = DemoLaptop(
            _uuid(_derived(seed, "laptop", person_id)),
            DemoKey(_derived(seed, "laptop-key", person_id)),
        )
        laptops[person_id] = laptop
        rows.append(
            certificate(
                serial,
                laptop.laptop_id,
                f"{' and '.join(codes)} chair's laptop {serial - 1}",
                laptop.key,
                age_recipient(_derived(seed, "laptop-age", person_id)),
                read=codes,
                write=codes,
                contacts=False,
                confidential=False,
                roles=[
                    {"role": "chair", "group": code, "person": person_id,
                     "from": roles[code].isoformat()}
                    for code in codes
                ],
                issued=_instant(min(roles.values())),
            )
        )
    return DemoRegistry(programme_id, root.public_hex, root_row, rows, laptops)
