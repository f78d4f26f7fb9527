"""Signed items, certificates, requests, revocations and the registry (docs/TRUST.md)."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import re
import uuid
from typing import TYPE_CHECKING, Any

import pytest

from sen_desktop.core.store.database import Database, open_database
from sen_desktop.core.store.models import LaptopCertificate, TrustRoot
from sen_desktop.sync import registry as reg
from sen_desktop.sync.certificates import (
    DOMAINS,
    Certificate,
    Role,
    TrustError,
    canonical,
    certificate_body,
    root_fingerprint,
    sign_item,
    verify_item,
)
from sen_desktop.sync.documents import (
    read_request,
    read_revocation,
    read_root,
    request_body,
    revocation_body,
    root_body,
)
from sen_desktop.sync.identity import LaptopIdentity, new_sign_private, public_hex, sign_with

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

ISSUED = "2026-01-05T09:00:00Z"


class Root:
    """A programme root for tests: its key, id and signed root item."""

    def __init__(self, name: str = "County SEN") -> None:
        self.private = new_sign_private()
        self.public = public_hex(self.private)
        self.programme = str(uuid.uuid4())
        self.item = self.sign(root_body(self.programme, name, self.public, ISSUED))
        self.serial = 0

    def sign(self, body: dict[str, Any]) -> dict[str, Any]:
        return sign_item(body, lambda message: sign_with(self.private, message))

    def certify(
        self,
        laptop: LaptopIdentity,
        name: str = "PCRG secretary",
        *,
        read: tuple[str, ...] = ("PCRG",),
        write: tuple[str, ...] = ("PCRG",),
        roles: tuple[Role, ...] = (),
        sites: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        self.serial += 1
        return self.sign(
            certificate_body(
                programme_id=self.programme,
                serial=self.serial,
                laptop_id=laptop.laptop_id,
                name=name,
                sign_key=laptop.sign_public_hex,
                age_recipient=laptop.age_recipient,
                read=list(read),
                write=list(write),
                contacts=False,
                confidential=False,
                roles=list(roles),
                sites=list(sites),
                issued=ISSUED,
            )
        )

    def revoke(self, laptop_id: str, serial: int, start: str) -> dict[str, Any]:
        return self.sign(revocation_body(self.programme, laptop_id, serial, start, ISSUED))


@pytest.fixture(scope="module")
def laptop() -> LaptopIdentity:
    return LaptopIdentity.generate()


# --- signing and verifying ---------------------------------------------------------------------


def test_an_item_is_signed_over_its_domain_and_canonical_body() -> None:
    root = Root()
    body = root.item["body"]
    message = DOMAINS["programme-root"] + b"\x00" + canonical(body)
    assert bytes.fromhex(root.item["signature"]) == sign_with(root.private, message)
    assert canonical({"b": 1, "a": "é"}) == '{"a":"é","b":1}'.encode()
    assert verify_item(root.item, root.public, "programme-root") == body


def test_an_altered_item_is_refused() -> None:
    root = Root()
    altered = copy.deepcopy(root.item)
    altered["body"]["name"] = "Another programme"
    with pytest.raises(TrustError, match="does not verify"):
        verify_item(altered, root.public, "programme-root")
    broken = dict(root.item, signature="00" * 64)
    with pytest.raises(TrustError, match="does not verify"):
        verify_item(broken, root.public, "programme-root")
    rubbish: list[object] = [
        None, [], {"body": {}}, {"body": body_of(root), "signature": "xyz"},
        dict(root.item, extra=1),
    ]
    for thing in rubbish:
        with pytest.raises(TrustError):
            verify_item(thing, root.public, "programme-root")


def body_of(root: Root) -> dict[str, Any]:
    return dict(root.item["body"])


def test_a_signature_does_not_cross_kinds(laptop: LaptopIdentity) -> None:
    # The same body bytes signed as a request do not verify as a certificate: domains differ.
    root = Root()
    item = root.certify(laptop)
    relabelled = {
        "body": item["body"],
        "signature": sign_with(
            root.private, DOMAINS["laptop-request"] + b"\x00" + canonical(item["body"])
        ).hex(),
    }
    with pytest.raises(TrustError, match="does not verify"):
        Certificate.from_item(relabelled, root.public, root.programme)


def test_the_fingerprint_is_the_full_sha256_in_16_groups_of_4() -> None:
    root = Root()
    fingerprint = root_fingerprint(root.public)
    assert re.fullmatch(r"([0-9A-F]{4} ){15}[0-9A-F]{4}", fingerprint)
    assert fingerprint.replace(" ", "") == hashlib.sha256(
        bytes.fromhex(root.public)
    ).hexdigest().upper()
    assert read_root(root.item).fingerprint == fingerprint


# --- certificates ---------------------------------------------------------------------------


def test_a_certificate_reads_back(laptop: LaptopIdentity) -> None:
    root = Root()
    person = str(uuid.uuid4())
    item = root.certify(
        laptop,
        read=("SG", "PCRG"),
        write=("PCRG",),
        roles=(Role("chair", "PCRG", person, "2026-02-01"),),
    )
    certificate = Certificate.from_item(item, root.public, root.programme)
    assert certificate.laptop_id == laptop.laptop_id
    assert certificate.can_read("SG") and not certificate.can_write("SG")
    assert certificate.can_write("PCRG") and not certificate.is_root
    assert certificate.is_chair_of("PCRG", person, dt.date(2026, 2, 1))
    assert not certificate.is_chair_of("PCRG", person, dt.date(2026, 1, 31))
    assert not certificate.is_chair_of("SG", person, dt.date(2026, 3, 1))
    assert not certificate.is_chair_of("PCRG", str(uuid.uuid4()), dt.date(2026, 3, 1))
    everything = Certificate.from_item(
        root.certify(laptop, "Lead", read=("*",), write=("*",), roles=(Role("root"),)),
        root.public,
        root.programme,
    )
    assert everything.is_root and everything.can_write("ANY") and everything.can_read("SG")


def test_a_forged_certificate_is_refused(laptop: LaptopIdentity) -> None:
    root = Root()
    item = root.certify(laptop, write=("PCRG",))
    widened = copy.deepcopy(item)
    widened["body"]["write"] = ["SG", "PCRG"]
    with pytest.raises(TrustError, match="does not verify"):
        Certificate.from_item(widened, root.public, root.programme)
    # Self-signed by the laptop instead of the root.
    forged = sign_item(item["body"], laptop.sign)
    with pytest.raises(TrustError, match="not signed by the programme's root"):
        Certificate.from_item(forged, root.public, root.programme)


def test_a_certificate_from_another_root_is_refused(laptop: LaptopIdentity) -> None:
    ours, theirs = Root(), Root()
    item = theirs.certify(laptop)
    with pytest.raises(TrustError):
        Certificate.from_item(item, ours.public, ours.programme)
    # Even claiming our programme id, another root's signature does not verify.
    body = dict(item["body"], programme=ours.programme)
    with pytest.raises(TrustError, match="does not verify"):
        Certificate.from_item(theirs.sign(body), ours.public, ours.programme)


def test_a_certificate_with_bad_fields_is_refused(laptop: LaptopIdentity) -> None:
    root = Root()
    good = root.certify(laptop)["body"]
    for change in (
        {"serial": 0},
        {"serial": True},
        {"serial": 2**53},
        {"laptop": "not-a-uuid"},
        {"name": "Lead\nSG chair"},
        {"sign_key": "AB" * 32},
        {"age_recipient": "age1short"},
        {"read": "SG"},
        {"read": ["S G"]},
        {"roles": [{"role": "chair", "group": "SG"}]},
        {"roles": [{"role": "admin"}]},
        {"sites": ["x"]},
        {"contacts": 1},
        {"v": 2},
    ):
        with pytest.raises(TrustError):
            Certificate.from_item(root.sign(dict(good, **change)), root.public, root.programme)


# --- requests ----------------------------------------------------------------------------------


def test_a_request_proves_possession_of_its_key(laptop: LaptopIdentity) -> None:
    body = request_body(laptop.laptop_id, "PCRG secretary", laptop.sign_public_hex,
                        laptop.age_recipient, [], ISSUED)
    request = read_request(sign_item(body, laptop.sign))
    assert request.name == "PCRG secretary" and request.sign_key == laptop.sign_public_hex
    # Signed by another key than the one it names: refused.
    other = LaptopIdentity.generate()
    with pytest.raises(TrustError, match="laptop request's signature does not verify"):
        read_request(sign_item(body, other.sign))
    # Someone else's key put into a request signed by the attacker: refused too.
    stolen = dict(body, sign_key=other.sign_public_hex)
    with pytest.raises(TrustError, match="does not verify"):
        read_request(sign_item(stolen, laptop.sign))
    with pytest.raises(TrustError):
        read_request({"body": dict(body, name=""), "signature": "00" * 64})
    # A name is one line of plain text: no line breaks, no direction overrides.
    for name in ("PCRG\nsecretary", "Lead \u202egnirts", "   ", "x" * 201):
        with pytest.raises(TrustError, match="names no laptop"):
            read_request(sign_item(dict(body, name=name), laptop.sign))


# --- revocations and the registry ---------------------------------------------------------------


def test_a_revocation_is_verified_and_effective_from_its_instant(laptop: LaptopIdentity) -> None:
    root = Root()
    certificate = Certificate.from_item(root.certify(laptop), root.public, root.programme)
    item = root.revoke(laptop.laptop_id, certificate.serial, "2026-03-01T00:00:00Z")
    revocation = read_revocation(item, root.public, root.programme)
    forged = sign_item(item["body"], laptop.sign)
    with pytest.raises(TrustError, match="does not verify"):
        read_revocation(forged, root.public, root.programme)
    registry = reg.Registry(
        programme_id=root.programme,
        root_public=root.public,
        root_item=root.item,
        certificates=[certificate],
        revocations=[revocation],
    )
    assert registry.revoked_from(laptop.laptop_id) == "2026-03-01T00:00:00Z"
    assert not registry.is_revoked_at(laptop.laptop_id, "2026-02-28T23:59:59Z")
    assert registry.is_revoked_at(laptop.laptop_id, "2026-03-01T00:00:00Z")
    millis = int(dt.datetime(2026, 3, 1, tzinfo=dt.UTC).timestamp() * 1000)
    assert registry.is_revoked_at(laptop.laptop_id, f"{millis:013d}.00000")
    assert not registry.is_revoked_at(laptop.laptop_id, f"{millis - 1:013d}.00003")
    assert registry.is_revoked_at(laptop.laptop_id, millis)
    assert not registry.is_revoked_at(str(uuid.uuid4()), millis)


def test_a_new_certificate_outlives_the_revocation_of_an_old_one(laptop: LaptopIdentity) -> None:
    root = Root()
    first = Certificate.from_item(root.certify(laptop), root.public, root.programme)
    revoked = read_revocation(
        root.revoke(laptop.laptop_id, first.serial, ISSUED), root.public, root.programme
    )
    second = Certificate.from_item(
        root.certify(laptop, write=("SG",)), root.public, root.programme
    )
    registry = reg.Registry(
        programme_id=root.programme, root_public=root.public, root_item=root.item,
        certificates=[second, first], revocations=[revoked],
    )
    assert registry.certificate(laptop.laptop_id) == second
    assert registry.revoked_from(laptop.laptop_id) is None
    assert registry.by_name("pcrg  SECRETARY") == second
    assert [c.serial for c in registry.certificates()] == [second.serial]
    assert len(registry.items()) == 4


@pytest.fixture
def db(data_dir: Path) -> Iterator[Database]:
    with open_database(data_dir / "sen.sqlite3") as opened:
        yield opened


def pin(db: Database, root: Root) -> None:
    with db.session_factory.begin() as session:
        session.add(
            TrustRoot(id=reg.ROW, programme_id=root.programme, name="County SEN",
                      public_key=root.public, item=json.dumps(root.item))
        )


def test_merge_items_keeps_new_verified_items(db: Database, laptop: LaptopIdentity) -> None:
    root = Root()
    pin(db, root)
    certificate = root.certify(laptop)
    revocation = root.revoke(laptop.laptop_id, 1, ISSUED)
    with db.session_factory.begin() as session:
        assert reg.merge_items(session, [root.item, certificate, revocation]) == 2
    with db.session_factory.begin() as session:
        assert reg.merge_items(session, [root.item, certificate, certificate, revocation]) == 0
        registry = reg.load(session)
    assert registry.programme_id == root.programme
    assert registry.certificate(laptop.laptop_id) is not None
    assert registry.revoked_from(laptop.laptop_id) == ISSUED


def test_merge_items_refuses_another_programme_and_forgeries(
    db: Database, laptop: LaptopIdentity
) -> None:
    ours, theirs = Root(), Root()
    pin(db, ours)
    good = ours.certify(laptop)
    for items, words in (
        ([theirs.item], "another programme"),
        ([good, theirs.certify(laptop)], "another programme"),
        ([good, theirs.sign(dict(ours.certify(laptop)["body"]))], "does not verify"),
        ([good, {"body": {"kind": "op-batch", "programme": ours.programme},
                 "signature": "00" * 64}], "other than certificates"),
        ([good, "rubbish"], "not a signed item"),
    ):
        with db.session_factory.begin() as session:
            with pytest.raises(TrustError, match=words):
                reg.merge_items(session, items)  # type: ignore[arg-type]
            # Nothing stored: the refusal comes before any write.
            assert session.query(LaptopCertificate).count() == 0


def test_merge_items_needs_a_pinned_root(db: Database, laptop: LaptopIdentity) -> None:
    with db.session_factory.begin() as session, pytest.raises(TrustError, match="not joined"):
        reg.merge_items(session, [Root().certify(laptop)])
