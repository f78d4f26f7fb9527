"""TrustService: programme start, request, admit, join, chairs, revoke, the passphrase
scheme (the restore fence: test_fence.py)."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import TYPE_CHECKING, Any

import pytest
from enrolment_helpers import Laptop, Laptops, admit, opened_laptops, seeded_database, started
from sqlalchemy import select

from sen_desktop.core.store.models import (
    Appointment,
    Group,
    LaptopCertificate,
    Person,
    Seat,
    SyncPeer,
    TrustRoot,
)
from sen_desktop.sync import registry as reg
from sen_desktop.sync.certificates import TrustError, root_fingerprint
from sen_desktop.sync.identity import derive_site

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_database(tmp_path_factory)


@pytest.fixture
def laptops(tmp_path: Path, seeded: Path) -> Iterator[Laptops]:
    with opened_laptops(tmp_path, seeded) as made:
        yield made


@pytest.fixture
def lead(laptops: Laptops) -> Laptop:
    return started(laptops)


# --- the programme root ----------------------------------------------------------------------


def test_start_makes_this_laptop_the_root(laptops: Laptops) -> None:
    laptop = laptops["lead"]
    laptop.write_something()
    old_site, counter = laptop.site()
    assert counter > 0
    status = laptop.service.start_programme("  County   SEN ")
    assert status.state == "root" and status.programme_name == "County SEN"
    assert re.fullmatch(r"([0-9A-F]{4} ){15}[0-9A-F]{4}", status.root_fingerprint)
    assert laptop.service.root_fingerprint() == status.root_fingerprint
    identity = laptop.service.identity()
    # The laptop moves to its first derived site; its earlier site is bound to it.
    assert laptop.site() == (derive_site(identity.sign_public_hex, 0), 0)
    certificate = laptop.registry().certificate(identity.laptop_id)
    assert certificate is not None and certificate.serial == 1 and certificate.is_root
    assert certificate.read == ("*",) and certificate.contacts and certificate.confidential
    assert certificate.sites == (old_site,)
    assert status.certificate is not None and "programme root" in status.certificate.roles
    # The root key is in the keyring, and only there.
    assert any(user.startswith("programme-root-key:") for _, user in laptop.secrets.secrets)
    with pytest.raises(TrustError, match="already started the programme County SEN"):
        laptop.service.start_programme()


def test_status_before_anything(laptops: Laptops) -> None:
    status = laptops["pcrg"].service.status()
    assert status.state == "none" and status.root_fingerprint == ""
    with pytest.raises(TrustError, match="no keys yet"):
        laptops["pcrg"].service.identity()
    with pytest.raises(TrustError, match="belongs to no programme"):
        laptops["pcrg"].service.root_fingerprint()


# --- request, admit, join ----------------------------------------------------------------------


def test_a_laptop_joins_and_pins_the_root(lead: Laptop, laptops: Laptops) -> None:
    pcrg = laptops["pcrg"]
    request = pcrg.service.make_request("PCRG secretary")
    assert pcrg.service.status().state == "requested"
    summary = lead.service.read_request(request)
    assert summary.name == "PCRG secretary" and summary.sites == ()
    file = lead.service.admit(request, read=["PCRG", "sg"], write=["PCRG"], contacts=True)
    shown = pcrg.service.read_certificate_file(file)
    assert shown.laptop_name == "PCRG secretary"
    assert shown.root_fingerprint == lead.service.root_fingerprint()
    assert shown.certificate.grants == "reads PCRG, SG; writes PCRG; contacts"
    status = pcrg.service.join(file, expected_fingerprint=shown.root_fingerprint.lower())
    assert status.state == "member" and status.programme_name == "County SEN"
    assert status.root_fingerprint == lead.service.root_fingerprint()
    identity = pcrg.service.identity()
    assert pcrg.site() == (derive_site(identity.sign_public_hex, 0), 0)
    registry = pcrg.registry()
    assert registry.root_public == lead.registry().root_public
    assert {c.name for c in registry.certificates()} == {"Programme lead", "PCRG secretary"}
    mine = registry.certificate(identity.laptop_id)
    assert mine is not None and mine.write == ("PCRG",) and mine.serial == 2
    # Both laptops list the same laptops.
    assert [(x.name, x.certificate.serial) for x in lead.service.laptops()] == [
        (x.name, x.certificate.serial) for x in pcrg.service.laptops()
    ]


def test_a_wrong_fingerprint_refuses_and_pins_nothing(
    lead: Laptop, laptops: Laptops
) -> None:
    pcrg = laptops["pcrg"]
    file = admit(lead, pcrg)
    wrong = root_fingerprint("00" * 32)
    with pytest.raises(TrustError, match="differs from the one you were given"):
        pcrg.service.join(file, expected_fingerprint=wrong)
    assert pcrg.registry().root_public is None
    assert pcrg.me().state == "requested"


def test_join_refuses_a_different_root_later(tmp_path: Path, laptops: Laptops) -> None:
    lead, pcrg = laptops["lead"], laptops["pcrg"]
    lead.service.start_programme("County SEN")
    pcrg.service.join(admit(lead, pcrg))
    impostor = laptops["other"]
    impostor.service.start_programme("County SEN")  # same name, another root key
    file = impostor.service.admit(pcrg.service.make_request("PCRG secretary"), read=["SG"])
    with pytest.raises(TrustError, match="another programme than County SEN"):
        pcrg.service.join(file)
    registry = pcrg.registry()
    assert registry.root_public == lead.registry().root_public
    assert [c.name for c in registry.certificates()] == ["PCRG secretary", "Programme lead"]


def test_join_refuses_an_altered_or_foreign_certificate(
    lead: Laptop, laptops: Laptops
) -> None:
    pcrg, other = laptops["pcrg"], laptops["other"]
    file = json.loads(admit(lead, pcrg))
    file["certificates"][0]["body"]["write"] = ["SG", "PCRG"]
    with pytest.raises(TrustError, match="does not verify"):
        pcrg.service.join(json.dumps(file).encode())
    # Another laptop's certificate does not install here.
    other.service.make_request("Someone else")
    with pytest.raises(TrustError, match="for another laptop"):
        other.service.join(admit(lead, pcrg, "PCRG again"))
    for rubbish in (b"", b"\xff", b"[]", b'{"kind": "certificate-file"}', b"{" * 100000):
        with pytest.raises(TrustError):
            pcrg.service.join(rubbish)
    assert pcrg.registry().root_public is None


def test_join_needs_a_request_first(lead: Laptop, laptops: Laptops) -> None:
    file = admit(lead, laptops["pcrg"])
    with pytest.raises(TrustError, match="no keys yet"):
        laptops["other"].service.join(file)


def test_admit_only_on_the_root(lead: Laptop, laptops: Laptops) -> None:
    pcrg, other = laptops["pcrg"], laptops["other"]
    pcrg.service.join(admit(lead, pcrg))
    request = other.service.make_request("Other")
    with pytest.raises(TrustError, match="not the programme's root"):
        pcrg.service.admit(request, read=["PCRG"])
    with pytest.raises(TrustError, match="not the programme's root"):
        pcrg.service.revoke("Other")
    with pytest.raises(TrustError, match="not the programme's root"):
        other.service.admit(request, read=["PCRG"])
    with pytest.raises(TrustError, match="has joined the programme County SEN"):
        pcrg.service.start_programme()


def test_admit_checks_groups_names_and_requests(lead: Laptop, laptops: Laptops) -> None:
    pcrg = laptops["pcrg"]
    request = pcrg.service.make_request("PCRG secretary")
    with pytest.raises(TrustError, match=r"no group XX \(in --groups\); the groups are SG, BESD"):
        lead.service.admit(request, read=["PCRG", "XX"])
    with pytest.raises(TrustError, match="only groups it can read: SG"):
        lead.service.admit(request, read=["PCRG"], write=["SG"])
    with pytest.raises(TrustError, match="at least one group"):
        lead.service.admit(request, read=[" "])
    with pytest.raises(TrustError, match="laptop request's signature does not verify"):
        lead.service.admit(request.replace(b"PCRG secretary", b"SG secretary"), read=["SG"])
    lead.service.admit(request, read=["*"])
    # Another laptop may not take an admitted laptop's name.
    with pytest.raises(TrustError, match="already admitted"):
        admit(lead, laptops["other"], "pcrg secretary")
    with pytest.raises(TrustError, match="own laptop"):
        lead.service.admit(_lead_request(lead), read=["SG"])
    assert lead.db.session_factory().scalar(
        select(LaptopCertificate.serial).order_by(LaptopCertificate.serial.desc())
    ) == 2


def test_admit_refuses_another_laptops_id_with_other_keys(
    lead: Laptop, laptops: Laptops
) -> None:
    from sen_desktop.sync.certificates import now_iso, sign_item
    from sen_desktop.sync.documents import request_body

    pcrg, other = laptops["pcrg"], laptops["other"]
    pcrg.service.join(admit(lead, pcrg))
    victim = pcrg.service.identity().laptop_id
    other.service.make_request("Other")
    attacker = other.service.identity()
    body = request_body(victim, "PCRG secretary (new laptop)", attacker.sign_public_hex,
                        attacker.age_recipient, [], now_iso())
    with pytest.raises(TrustError, match="reuses the laptop id of PCRG secretary"):
        lead.service.admit(json.dumps(sign_item(body, attacker.sign)).encode(), read=["SG"])
    certificate = lead.registry().certificate(victim)
    assert certificate is not None
    assert certificate.sign_key == pcrg.service.identity().sign_public_hex


def _lead_request(lead: Laptop) -> bytes:
    # The lead refuses to make a request; forge one with its own identity.
    from sen_desktop.sync.certificates import now_iso, sign_item
    from sen_desktop.sync.documents import request_body

    identity = lead.service.identity()
    body = request_body(identity.laptop_id, "Lead again", identity.sign_public_hex,
                        identity.age_recipient, [], now_iso())
    return json.dumps(sign_item(body, identity.sign)).encode()


def test_the_lead_makes_no_request(lead: Laptop) -> None:
    with pytest.raises(TrustError, match="needs no request"):
        lead.service.make_request("Lead")


def test_a_request_binds_the_laptops_earlier_site(
    lead: Laptop, laptops: Laptops
) -> None:
    pcrg, other = laptops["pcrg"], laptops["other"]
    pcrg.write_something()
    old_site, _ = pcrg.site()
    request = pcrg.service.make_request("PCRG secretary")
    assert lead.service.read_request(request).sites == (old_site,)
    pcrg.service.join(lead.service.admit(request, read=["PCRG"]))
    mine = pcrg.registry().certificate(pcrg.service.identity().laptop_id)
    assert mine is not None and mine.sites == (old_site,)
    # Asking again (new groups, say), the laptop keeps its earlier site.
    again = pcrg.service.make_request("PCRG secretary")
    assert lead.service.read_request(again).sites == (old_site,)
    pcrg.service.join(lead.service.admit(again, read=["PCRG", "SG"]))
    mine = pcrg.registry().certificate(pcrg.service.identity().laptop_id)
    assert mine is not None and mine.sites == (old_site,) and mine.serial == 3
    assert pcrg.me().state == "member" and pcrg.me().site_nonce == 0
    # Another laptop's request claiming that site is refused.
    from sen_desktop.sync.certificates import now_iso, sign_item
    from sen_desktop.sync.documents import request_body

    other.service.make_request("Other")
    identity = other.service.identity()
    body = request_body(identity.laptop_id, "Other", identity.sign_public_hex,
                        identity.age_recipient, [old_site], now_iso())
    with pytest.raises(TrustError, match="claims a site of the laptop PCRG secretary"):
        lead.service.admit(json.dumps(sign_item(body, identity.sign)).encode(), read=["SG"])


def test_join_refuses_when_changes_were_made_after_the_request(
    lead: Laptop, laptops: Laptops
) -> None:
    pcrg = laptops["pcrg"]
    file = admit(lead, pcrg)
    pcrg.write_something()  # under its earlier site, which the request did not list
    site = pcrg.site()
    with pytest.raises(TrustError, match="made changes since it wrote its request"):
        pcrg.service.join(file)
    assert pcrg.site() == site and pcrg.registry().root_public is None
    pcrg.service.join(admit(lead, pcrg))  # a new request lists the site
    mine = pcrg.registry().certificate(pcrg.service.identity().laptop_id)
    assert mine is not None and mine.sites == (site[0],)


# --- chairs ----------------------------------------------------------------------------------


def seat_chair(laptop: Laptop, code: str, name: str, start: dt.date) -> str:
    with laptop.db.session_factory.begin() as session:
        group = session.scalars(select(Group).where(Group.code == code)).one()
        seat = session.scalars(
            select(Seat).where(Seat.group_id == group.id, Seat.is_chair.is_(True))
        ).first()
        if seat is None:
            seat = Seat(group_id=group.id, position=99, title="Chair", is_chair=True)
            session.add(seat)
        person = Person(full_name=name)
        session.add(person)
        session.flush()
        session.add(Appointment(seat_id=seat.id, person_id=person.id, start_date=start))
        session.flush()
        return person.id


def test_admit_certifies_the_chair_seat_holder(lead: Laptop, laptops: Laptops) -> None:
    pcrg = laptops["pcrg"]
    request = pcrg.service.make_request("SG chair")
    with pytest.raises(TrustError, match="Nobody holds the chair seat of SG today"):
        lead.service.admit(request, read=["SG"], chair_of=["SG"])
    chair = seat_chair(lead, "SG", "Carol Chair", dt.date(2026, 1, 1))
    seat_chair(lead, "PCRG", "Future Chair", dt.date(2027, 1, 1))  # not yet in the seat
    with pytest.raises(TrustError, match="chair seat of PCRG"):
        lead.service.admit(request, read=["SG"], chair_of=["PCRG"])
    with pytest.raises(TrustError, match="no group or body XX"):
        lead.service.admit(request, read=["SG"], chair_of=["XX"])
    with pytest.raises(TrustError, match="nobody called Dan"):
        lead.service.admit(request, read=["SG"], chair_of=["SG"], person="Dan")
    file = lead.service.admit(
        request, read="SG, PCRG", write="SG", chair_of="sg", chair_from=dt.date(2026, 2, 1)
    )
    pcrg.service.join(file)
    mine = pcrg.registry().certificate(pcrg.service.identity().laptop_id)
    assert mine is not None
    assert mine.is_chair_of("SG", chair, dt.date(2026, 2, 1))
    assert not mine.is_chair_of("SG", chair, dt.date(2026, 1, 31))
    assert (mine.read, mine.write) == (("SG", "PCRG"), ("SG",))
    # --person names someone else: that person is certified instead.
    other = laptops["other"]
    file = lead.service.admit(
        other.service.make_request("Deputy"), read=["SG"], chair_of=["SG"],
        person="Future Chair",
    )
    other.service.join(file)
    theirs = other.registry().certificate(other.service.identity().laptop_id)
    assert theirs is not None and theirs.chair_roles()[0].person != chair


# --- revocation ------------------------------------------------------------------------------


def test_revocation_is_signed_and_effective_from_its_date(
    lead: Laptop, laptops: Laptops
) -> None:
    pcrg = laptops["pcrg"]
    pcrg.service.join(admit(lead, pcrg))
    with pytest.raises(TrustError, match="no laptop called Nobody; the laptops are"):
        lead.service.revoke("Nobody")
    with pytest.raises(TrustError, match="cannot revoke its own"):
        lead.service.revoke("Programme lead")
    start = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
    summary = lead.service.revoke("pcrg secretary", start)
    assert summary.revoked_from == "2026-02-01T00:00:00Z"
    with pytest.raises(TrustError, match="already revoked"):
        lead.service.revoke("PCRG secretary")
    registry = lead.registry()
    laptop_id = pcrg.service.identity().laptop_id
    assert registry.is_revoked_at(laptop_id, "2026-02-01T00:00:00Z")
    assert not registry.is_revoked_at(laptop_id, "2026-01-31T23:59:59Z")
    # The revocation travels: a laptop merging the lead's registry verifies and keeps it.
    with pcrg.db.session_factory.begin() as session:
        assert reg.merge_items(session, registry.items()) == 1
    assert pcrg.registry().revoked_from(laptop_id) == "2026-02-01T00:00:00Z"
    listed = {x.name: x for x in lead.service.laptops()}
    assert listed["PCRG secretary"].revoked_from == "2026-02-01T00:00:00Z"
    assert listed["Programme lead"].is_self


# --- the passphrase scheme -------------------------------------------------------------------


def test_start_on_a_passphrase_laptop_seals_the_legacy_operations(
    laptops: Laptops, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sen_desktop.sync import sealing

    laptop = laptops["lead"]
    with laptop.db.session_factory.begin() as session:
        session.add(SyncPeer(site_id="a" * 8 + "-0000-0000-0000-" + "0" * 12, name="old",
                             public_key="11" * 32, pinned_at="2026-01-01T00:00:00Z"))
    calls: list[tuple[str, str | None]] = []

    def seal_legacy(session: Any, identity: Any, registry: reg.Registry) -> int:
        # Inside the transaction that made the root: the root is there to sign with.
        assert session.get(TrustRoot, reg.ROW) is not None
        calls.append((identity.laptop_id, registry.programme_id))
        return 3

    monkeypatch.setattr(sealing, "seal_legacy", seal_legacy, raising=False)
    assert laptop.service.is_legacy()
    status = laptop.service.start_programme()
    assert status.legacy
    assert calls == [(laptop.service.identity().laptop_id, laptop.registry().programme_id)]


def test_the_old_keyring_entry_marks_a_passphrase_laptop(laptops: Laptops) -> None:
    laptop = laptops["pcrg"]
    assert not laptop.service.is_legacy() and not laptop.service.status().legacy
    laptop.secrets.set_password("SEN Secretariat", "programme-key", "ab" * 32)
    assert laptop.service.is_legacy() and laptop.service.status().legacy
    other = laptops["other"]
    (other.folder / "sync-keys.json").write_text("{}")
    assert other.service.is_legacy()
