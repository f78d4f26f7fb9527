"""Hostile bundles (issue 10): each refused in one sentence, the recipient's database
file byte-identical (SHA-256 after closing).

The attacker is an insider: a laptop with a valid certificate (here the PCRG
secretary's, ``pcrg``), knowing every public key and every bundle's clear header, but
no other laptop's private keys.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest
from bundle_helpers import (
    ROW,
    Sender,
    forge,
    now_hlc,
    payload,
    person_ops,
    signed_batch,
    wire_op,
    zip_of,
)
from hostile_helpers import accepted, refused
from trust_helpers import Laptop, Programme, programme

from sen_desktop.sync import bundle as fmt
from sen_desktop.sync.certificates import certificate_body, sign_item
from sen_desktop.sync.identity import LaptopIdentity
from sen_desktop.sync.refusals import FutureBundleError
from sen_desktop.sync.staging import stage_bundle

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
DAY_MS = 86_400_000


@pytest.fixture
def prog(tmp_path: Path) -> Programme:
    return programme(tmp_path)


# --- the forging itself is sound ------------------------------------------------------------


def test_a_forged_bundle_of_the_attackers_own_rows_imports(prog: Programme, tmp_path: Path) -> None:
    attacker = Sender(prog.pcrg)
    data = forge(attacker, [prog.pcrg2], tmp_path, ops=person_ops(attacker.site))
    accepted(prog.pcrg2, data, tmp_path)
    assert "Forged Person" in prog.pcrg2.person_names()


def test_contact_details_never_reach_a_laptop_not_certified_for_them(
    prog: Programme, tmp_path: Path
) -> None:
    """A laptop may write a person it made, but a bundle that would leave a laptop without
    contacts holding someone's email is refused, whoever signed it."""
    attacker = Sender(prog.pcrg)
    ops = [
        op if op.field != "email" else op._replace(value='"child@example.org"')
        for op in person_ops(attacker.site)
    ]
    data = forge(attacker, [prog.pcrg2], tmp_path, ops=ops)
    message = refused(prog.pcrg2, data, "contact details", tmp_path)
    assert "not certified to read" in message


# --- who may open, who sent it -----------------------------------------------------------------


def test_a_bundle_made_for_another_laptop_cannot_be_opened(prog: Programme, tmp_path: Path) -> None:
    path = tmp_path / "for-pcrg.senbundle"
    prog.lead.export(path, for_laptop="PCRG secretary")
    message = refused(prog.sg, path, "This bundle was not made for this laptop", tmp_path)
    assert "Programme lead" in message
    # Listed as a recipient in the (signed) header but not encrypted to it: still closed.
    attacker = Sender(prog.pcrg)
    data = forge(
        attacker,
        [prog.sg],
        tmp_path,
        ops=person_ops(attacker.site),
        age_to=[str(prog.pcrg2.identity().age_recipient)],
    )
    refused(prog.sg, data, "not made for this laptop", tmp_path)


def test_a_header_altered_after_signing_is_refused(prog: Programme, tmp_path: Path) -> None:
    attacker = Sender(prog.pcrg)
    data = forge(attacker, [prog.lead], tmp_path, ops=person_ops(attacker.site))
    (length,) = struct.unpack_from(">I", data, len(fmt.MAGIC))
    start = len(fmt.MAGIC) + 4
    header = json.loads(data[start : start + length])
    for change in (
        {"created": now_hlc(1000)},
        {"recipients": [*header["recipients"], prog.sg.laptop_id]},
        {"series": {**header["series"], "parts": 2}},
    ):
        altered = json.dumps({**header, **change}, sort_keys=True, separators=(",", ":")).encode()
        forged = data[: len(fmt.MAGIC)] + struct.pack(">I", len(altered)) + altered
        forged += data[start + length :]
        refused(prog.lead, forged, "damaged or was altered", tmp_path)


def test_a_swapped_or_altered_certificate_is_refused(prog: Programme, tmp_path: Path) -> None:
    attacker = Sender(prog.pcrg)
    victim = Sender(prog.pcrg2)
    ops = person_ops(attacker.site)
    # The victim's genuine certificate in the header, signed by the attacker: refused.
    swapped = forge(attacker, [prog.lead], tmp_path, ops=ops, certificate=victim.certificate.item)
    refused(prog.lead, swapped, "damaged or was altered", tmp_path)
    swapped = forge(
        attacker,
        [prog.lead],
        tmp_path,
        ops=ops,
        certificate=victim.certificate.item,
        sender=victim.laptop_id,
    )
    refused(prog.lead, swapped, "damaged or was altered", tmp_path)
    # The attacker's certificate with a grander name or wider groups: the root's
    # signature no longer holds.
    for change in ({"name": "Programme lead"}, {"write": ["*"]}):
        item = json.loads(json.dumps(attacker.certificate.item))
        item["body"].update(change)
        altered = forge(attacker, [prog.lead], tmp_path, ops=ops, certificate=item)
        refused(prog.lead, altered, "not issued by this programme's root", tmp_path)


def test_a_sender_certified_by_another_root_is_refused(prog: Programme, tmp_path: Path) -> None:
    attacker = Sender(prog.pcrg)
    other_root = LaptopIdentity.generate()
    body = dict(attacker.certificate.item["body"])
    body.update({"read": ["*"], "write": ["*"]})
    item = sign_item(
        certificate_body(
            programme_id=attacker.programme,
            serial=body["serial"],
            laptop_id=attacker.laptop_id,
            name=body["name"],
            sign_key=attacker.identity.sign_public_hex,
            age_recipient=attacker.identity.age_recipient,
            read=["*"],
            write=["*"],
            contacts=True,
            confidential=True,
            roles=[],
            sites=[],
            issued=body["issued"],
        ),
        other_root.sign,
    )
    data = forge(attacker, [prog.lead], tmp_path, ops=person_ops(attacker.site), certificate=item)
    refused(prog.lead, data, "not issued by this programme's root", tmp_path)


def test_a_revoked_senders_bundles_are_refused(prog: Programme, tmp_path: Path) -> None:
    path = tmp_path / "before.senbundle"
    prog.pcrg.add_person("Made before the revocation")
    prog.pcrg.export(path, for_laptop="Programme lead")
    with prog.lead.open() as db:
        prog.lead.trust(db).revoke("PCRG secretary")
    refused(prog.lead, path, "was revoked", tmp_path)


def test_reusing_another_senders_bundle_id_does_not_suppress_it(
    prog: Programme, tmp_path: Path
) -> None:
    genuine = tmp_path / "genuine.senbundle"
    prog.pcrg2.add_person("Genuine Person")
    prog.pcrg2.export(genuine, for_laptop="Programme lead")
    with stage_bundle_for(prog.lead, genuine) as staged:
        bundle_id = staged.header.bundle_id
    attacker = Sender(prog.pcrg)
    first = forge(
        attacker, [prog.lead], tmp_path, ops=person_ops(attacker.site), bundle_id=bundle_id
    )
    accepted(prog.lead, first, tmp_path)
    result = prog.lead.import_(genuine)
    assert not result.already_imported and result.report is not None
    assert {"Genuine Person", "Forged Person"} <= prog.lead.person_names()


def stage_bundle_for(laptop: Laptop, path: Path):  # type: ignore[no-untyped-def]
    from contextlib import contextmanager

    @contextmanager
    def staged():  # type: ignore[no-untyped-def]
        with laptop.open() as db, stage_bundle(db.session_factory, path, laptop.trust(db)) as s:
            yield s

    return staged()


# --- bounds -------------------------------------------------------------------------------------


def test_stamps_in_arabic_indic_digits_are_refused(prog: Programme, tmp_path: Path) -> None:
    attacker = Sender(prog.pcrg)
    digits = "".join(chr(0x0660 + int(d)) for d in now_hlc()[:13])
    op = wire_op(attacker.site, 1, hlc=f"{digits}.00000")
    data = forge(attacker, [prog.pcrg2], tmp_path, ops=[op])
    refused(prog.pcrg2, data, "clock stamp is malformed", tmp_path)


def test_far_future_stamps_are_held_or_refused(prog: Programme, tmp_path: Path) -> None:
    attacker = Sender(prog.pcrg)
    far = forge(
        attacker, [prog.pcrg2], tmp_path, ops=person_ops(attacker.site, hlc=now_hlc(60 * DAY_MS))
    )
    refused(prog.pcrg2, far, "more than the 30 days", tmp_path)
    refused(prog.pcrg2, far, "more than the 30 days", tmp_path, accept_future=True)
    near = forge(
        attacker, [prog.pcrg2], tmp_path, ops=person_ops(attacker.site, hlc=now_hlc(3 * DAY_MS))
    )
    message = refused(prog.pcrg2, near, "held for confirmation", tmp_path)
    assert "--accept-future" in message
    path = tmp_path / "near.senbundle"
    path.write_bytes(near)
    with pytest.raises(FutureBundleError):
        prog.pcrg2.import_(path)
    prog.pcrg2.import_(path, accept_future=True)
    assert "Forged Person" in prog.pcrg2.person_names()


def test_a_counter_of_two_to_the_63_is_refused(prog: Programme, tmp_path: Path) -> None:
    attacker = Sender(prog.pcrg)
    op = wire_op(attacker.site, 2**63 - 1)
    data = forge(attacker, [prog.pcrg2], tmp_path, ops=[op], batches=[])
    refused(prog.pcrg2, data, "beyond 2^53", tmp_path)


def test_a_deeply_nested_value_is_refused(prog: Programme, tmp_path: Path) -> None:
    attacker = Sender(prog.pcrg)
    ops = person_ops(attacker.site)
    deep = "[" * 50_000 + "]" * 50_000
    ops[4] = wire_op(attacker.site, ops[4].counter, field="notes", value=deep, hlc=ops[4].hlc)
    data = forge(attacker, [prog.pcrg2], tmp_path, ops=ops)
    refused(prog.pcrg2, data, "nested more than 32 levels", tmp_path)
    # and a whole operation line nested deep
    line = b'{"op_id":' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    data = forge(attacker, [prog.pcrg2], tmp_path, lines=[line], batches=[])
    refused(prog.pcrg2, data, "nested more than 32 levels", tmp_path)


def test_a_zip_bomb_is_refused(
    prog: Programme, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attacker = Sender(prog.pcrg)
    monkeypatch.setattr(fmt, "MAX_DECOMPRESSED_BYTES", 4 * 1024 * 1024)
    bundle_id = fmt.new_bundle_id()
    bomb = payload(bundle_id, lines=[b" " * 1000] * 8_000)  # 8 MB of blank lines
    data = forge(attacker, [prog.pcrg2], tmp_path, zip_bytes=bomb, bundle_id=bundle_id)
    refused(prog.pcrg2, data, "unpacks to more than a bundle may hold", tmp_path)


def test_a_huge_line_is_refused(prog: Programme, tmp_path: Path) -> None:
    attacker = Sender(prog.pcrg)
    line = b'{"op_id":"' + b"x" * (fmt.MAX_LINE_BYTES + 10) + b'"}'
    data = forge(attacker, [prog.pcrg2], tmp_path, lines=[line], batches=[])
    refused(prog.pcrg2, data, "longer than 1 MB", tmp_path)


def test_extra_or_escaping_members_are_refused(prog: Programme, tmp_path: Path) -> None:
    attacker = Sender(prog.pcrg)
    for name in ("../ops.ndjson", "/etc/passwd"):
        bundle_id = fmt.new_bundle_id()
        zipped = payload(bundle_id, extra={name: b"x"})
        data = forge(attacker, [prog.pcrg2], tmp_path, zip_bytes=zipped, bundle_id=bundle_id)
        refused(prog.pcrg2, data, "holds", tmp_path)
    data = forge(attacker, [prog.pcrg2], tmp_path, zip_bytes=zip_of({"manifest.json": b"{}"}))
    refused(prog.pcrg2, data, "damaged or was altered", tmp_path)


def test_truncated_and_flipped_bytes_are_refused(prog: Programme, tmp_path: Path) -> None:
    path = tmp_path / "good.senbundle"
    prog.pcrg.add_person("Genuine Person")
    prog.pcrg.export(path, for_laptop="PCRG chair")
    good = path.read_bytes()
    (length,) = struct.unpack_from(">I", good, len(fmt.MAGIC))
    body = len(fmt.MAGIC) + 4 + length
    for cut in (5, len(fmt.MAGIC) + 2, body - 3, body + 10, len(good) // 2, len(good) - 1):
        refused(prog.pcrg2, good[:cut], "", tmp_path)
    for where in (len(fmt.MAGIC) + 10, body + 5, (body + len(good)) // 2, len(good) - 3):
        flipped = bytearray(good)
        flipped[where] ^= 0x01
        refused(prog.pcrg2, bytes(flipped), "", tmp_path)
    refused(prog.pcrg2, b"PK\x03\x04 not a bundle", "not a SEN Secretariat bundle", tmp_path)
    refused(prog.pcrg2, b"SENBUNDLE\x07" + good[10:], "newer version", tmp_path)
    accepted(prog.pcrg2, good, tmp_path)


def test_a_format_1_bundle_is_refused_in_one_sentence(prog: Programme, tmp_path: Path) -> None:
    message = refused(
        prog.lead, FIXTURES / "format-1.senbundle", "earlier passphrase scheme", tmp_path
    )
    assert message == fmt.FORMAT_1


def test_operations_in_the_recipients_own_name_are_refused(prog: Programme, tmp_path: Path) -> None:
    attacker = Sender(prog.pcrg)
    victim_site = prog.pcrg2.site_id
    ops = person_ops(victim_site, first=10**6)
    data = forge(attacker, [prog.pcrg2], tmp_path, ops=ops)
    refused(prog.pcrg2, data, "", tmp_path)


def test_the_senders_name_is_plain_text(prog: Programme, tmp_path: Path) -> None:
    from sen_desktop.core.recommendations.signing import MemorySecretStore
    from sen_desktop.core.store.datafolder import open_programme
    from sen_desktop.sync.trust import TrustService

    folder = tmp_path / "eve"
    db = open_programme(folder, daily_backup=False)
    secrets = MemorySecretStore()
    name = "<b>Eve</b> <a href='x'>lead</a>"
    try:
        request = TrustService(db.session_factory, folder, secrets=secrets).make_request(name)
    finally:
        db.close()
    with prog.lead.open() as lead_db:
        certificate = prog.lead.trust(lead_db).admit(request, read=["PCRG"])
    eve = Laptop("pcrg", folder, secrets)
    eve.name = name
    with eve.open() as eve_db:
        eve.trust(eve_db).join(certificate)
    attacker = Sender(eve)
    data = forge(attacker, [prog.lead], tmp_path, ops=person_ops(attacker.site, row_id=ROW))
    path = tmp_path / "eve.senbundle"
    path.write_bytes(data)
    result = prog.lead.import_(path)
    assert result.sender_name == name  # as typed: shown as text, never as markup
    assert name in result.summary()


def test_an_operation_rewritten_after_it_was_sent_is_refused(
    prog: Programme, tmp_path: Path
) -> None:
    attacker = Sender(prog.pcrg)
    ops = person_ops(attacker.site, name="First Version")
    accepted(prog.pcrg2, forge(attacker, [prog.pcrg2], tmp_path, ops=ops), tmp_path)
    rewritten = [
        op
        if op.field != "full_name"
        else wire_op(op.site_id, op.counter, value='"Rewritten"', hlc=op.hlc)
        for op in ops
    ]
    data = forge(attacker, [prog.pcrg2], tmp_path, ops=rewritten)
    # Its batch lists other operations for counters a held batch of the site lists.
    refused(prog.pcrg2, data, "two different versions of the same changes", tmp_path)
    assert "First Version" in prog.pcrg2.person_names()


def test_an_operation_twice_in_one_bundle_is_taken_once_or_refused_if_they_differ(
    prog: Programme, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fmt, "CHUNK_OPS", 4)  # the copies fall in different chunks
    attacker = Sender(prog.pcrg)
    ops = person_ops(attacker.site, name="Twice")
    lines = [fmt.op_line(op) for op in ops + ops]
    bundle_id = fmt.new_bundle_id()
    zipped = payload(
        bundle_id, lines=lines, batches=[signed_batch(attacker, ops)], registry=attacker.items
    )
    accepted(
        prog.pcrg2,
        forge(attacker, [prog.pcrg2], tmp_path, zip_bytes=zipped, bundle_id=bundle_id),
        tmp_path,
    )
    assert "Twice" in prog.pcrg2.person_names()
    other = person_ops(attacker.site, row_id=ROW.replace("2", "3"), name="Other", first=8)
    changed = [wire_op(op.site_id, op.counter, value='"Changed"', hlc=op.hlc) for op in other]
    lines = [fmt.op_line(op) for op in other + changed[:1]]
    bundle_id = fmt.new_bundle_id()
    zipped = payload(
        bundle_id, lines=lines, batches=[signed_batch(attacker, other)], registry=attacker.items
    )
    data = forge(attacker, [prog.pcrg2], tmp_path, zip_bytes=zipped, bundle_id=bundle_id)
    refused(prog.pcrg2, data, "", tmp_path)
