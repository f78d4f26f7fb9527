"""core/recommendations/chairs.py reads the registry tables as sync.registry keeps them:
only items the programme's root signed, for this programme, grant a chair; revocations
count from their instant for the certificate they name and the laptop's earlier ones."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import update

from sen_desktop.core.recommendations.chairs import ChairAuthority, LazySigner, load_authority
from sen_desktop.core.recommendations.signing import canonical_json
from sen_desktop.core.store.models import LaptopCertificate, TrustRoot
from tests.chair_helpers import Laptop, Registry

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker
    from store_helpers import Store

SG_FROM = dt.date(2011, 3, 1)
PERSON = "0f6c55b8-5d2e-4a57-9d36-3c2f8b1f0a11"
OTHER = "6a3e1f7c-9b1d-4c2e-8f5a-7d4b2e9c1a22"


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)


@pytest.fixture
def sf(empty_store: Store) -> sessionmaker[Session]:
    return empty_store.session_factory


def authority(sf: sessionmaker[Session]) -> ChairAuthority:
    with sf() as s:
        return load_authority(s)


def test_certificates_read_as_sync_makes_them(sf: sessionmaker[Session]) -> None:
    from sen_desktop.sync.certificates import Certificate

    registry = Registry(sf)
    laptop = registry.become(registry.certify("Chair", [("SG", PERSON, SG_FROM)]))
    found = authority(sf)
    assert (found.programme_id, found.root_public) == (
        registry.programme_id,
        registry.root_public,
    )
    (certificate,) = found.certificates(laptop.laptop_id)
    assert found.own() == certificate
    assert (certificate.serial, certificate.sign_key) == (laptop.serial, laptop.sign_public_hex)
    with sf() as s:
        stored = s.get(LaptopCertificate, laptop.serial)
        assert stored is not None
        read = Certificate.from_item(
            json.loads(stored.item), registry.root_public, registry.programme_id
        )
    assert [(r.group, r.person, r.start) for r in read.chair_roles()] == [
        (role.code, role.person_id, role.start.isoformat()) for role in certificate.chairs
    ]
    assert found.standing(laptop.laptop_id, "SG", PERSON, at(SG_FROM)).ok
    assert found.standing(laptop.laptop_id, "SG", OTHER, at(SG_FROM)).problem == "not_chair"
    early = found.standing(laptop.laptop_id, "SG", PERSON, at(SG_FROM - dt.timedelta(days=1)))
    assert (early.problem, early.starts) == ("not_chair", (SG_FROM,))
    assert found.standing("someone", "SG", PERSON, at(SG_FROM)).problem == "unknown"


def test_no_programme_no_chairs(sf: sessionmaker[Session]) -> None:
    found = authority(sf)
    assert found.programme_id is None and found.own() is None
    assert found.standing("laptop", "SG", PERSON, at(SG_FROM)).problem == "unknown"


def test_an_altered_or_foreign_certificate_grants_nothing(sf: sessionmaker[Session]) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    registry = Registry(sf)
    altered = registry.certify("Altered", [("BESD", PERSON, SG_FROM)])
    forged = registry.certify(
        "Forged", [("SG", PERSON, SG_FROM)], signer_key=Ed25519PrivateKey.generate()
    )
    garbled = registry.certify("Garbled", [("SG", PERSON, SG_FROM)])
    with sf.begin() as s:
        row = s.get(LaptopCertificate, altered.serial)
        assert row is not None
        item = json.loads(row.item)
        item["body"]["roles"][0]["group"] = "SG"  # BESD's chair made SG's after signing
        row.item = canonical_json(item).decode("utf-8")
        s.execute(
            update(LaptopCertificate)
            .where(LaptopCertificate.serial == garbled.serial)
            .values(item="{not json")
        )
    found = authority(sf)
    for laptop in (altered, forged, garbled):
        assert found.certificates(laptop.laptop_id) == ()
    # Another programme's root pinned: this programme's certificates grant nothing.
    honest = registry.certify("Honest", [("SG", PERSON, SG_FROM)])
    assert authority(sf).standing(honest.laptop_id, "SG", PERSON, at(SG_FROM)).ok
    with sf.begin() as s:
        s.execute(update(TrustRoot).values(programme_id="another-programme"))
    assert authority(sf).certificates(honest.laptop_id) == ()


def test_a_revocation_counts_from_its_instant_for_its_serial_and_earlier(
    sf: sessionmaker[Session],
) -> None:
    registry = Registry(sf)
    laptop = registry.certify("Chair", [("SG", PERSON, SG_FROM)])
    first_serial = laptop.serial
    revoked = at(SG_FROM + dt.timedelta(days=10), 9)
    registry.revoke(laptop, revoked)
    found = authority(sf)
    before = found.standing(laptop.laptop_id, "SG", PERSON, revoked - dt.timedelta(seconds=1))
    assert before.ok
    then = found.standing(laptop.laptop_id, "SG", PERSON, revoked)
    assert (then.problem, then.revoked_from) == ("revoked", revoked)
    # Admitted again (a new serial, the same laptop): decisions count again.
    registry.certify("Chair", [("SG", PERSON, SG_FROM)], laptop=laptop)
    assert laptop.serial > first_serial
    again = authority(sf).standing(laptop.laptop_id, "SG", PERSON, revoked)
    assert again.ok and [c.serial for c in again.certificates] == [laptop.serial]


def test_a_newer_certificate_supersedes_the_older_ones_from_its_issue(
    sf: sessionmaker[Session],
) -> None:
    registry = Registry(sf)
    laptop = registry.certify(
        "Chair", [("SG", PERSON, SG_FROM)], issued="2011-03-01T00:00:00Z"
    )
    # The chair stood down: the root certifies the laptop again without the role.
    registry.certify("Chair", [], laptop=laptop, issued="2011-06-01T00:00:00Z")
    found = authority(sf)
    assert found.standing(laptop.laptop_id, "SG", PERSON, at(dt.date(2011, 5, 31))).ok
    after = found.standing(laptop.laptop_id, "SG", PERSON, at(dt.date(2011, 6, 1)))
    assert after.problem == "not_chair"
    # Certified after the fact: decisions recorded before its issue count from "from".
    late = registry.certify(
        "Late chair", [("SG", OTHER, SG_FROM)], issued="2011-09-01T00:00:00Z"
    )
    assert authority(sf).standing(late.laptop_id, "SG", OTHER, at(SG_FROM)).ok


def test_a_revocation_not_signed_by_the_root_is_ignored(sf: sessionmaker[Session]) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    registry = Registry(sf)
    laptop = registry.certify("Chair", [("SG", PERSON, SG_FROM)])
    real_root = registry.root_key
    registry.root_key = Ed25519PrivateKey.generate()
    registry.revoke(laptop, at(SG_FROM))
    registry.root_key = real_root
    assert authority(sf).standing(laptop.laptop_id, "SG", PERSON, at(SG_FROM, 15)).ok


def test_the_lazy_signer_loads_the_key_when_first_used() -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    loads: list[int] = []
    laptop = Laptop("laptop-1", "Chair", Ed25519PrivateKey.generate())

    def load() -> Laptop:
        loads.append(1)
        return laptop

    signer = LazySigner(load)
    assert loads == []
    assert signer.laptop_id == "laptop-1"
    assert signer.sign(b"m") == laptop.sign(b"m")
    assert loads == [1]
