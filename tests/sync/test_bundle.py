"""The .senbundle format 2, without a database: layout, signature, streaming reads."""

from __future__ import annotations

import hashlib
import io
import json
import struct
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sen_desktop.sync import bundle as fmt
from sen_desktop.sync import payload
from sen_desktop.sync.bundle import BundleError, BundleHeader, PayloadWriter, Series
from sen_desktop.sync.identity import LaptopIdentity, verify_signature
from sen_desktop.sync.operations import OpRow

if TYPE_CHECKING:
    from pathlib import Path

SITE = "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"
SENDER = LaptopIdentity.generate()
RECIPIENT = LaptopIdentity.generate()
STRANGER = LaptopIdentity.generate()

ops_strategy = st.builds(
    lambda counter, row, field, value, millis, prev: OpRow(
        f"{SITE}:{counter}",
        SITE,
        counter,
        "person",
        row,
        field,
        json.dumps(value, ensure_ascii=False),
        f"{millis:013d}.00000",
        tuple(prev),
    ),
    st.integers(1, 2**53 - 1),
    st.uuids().map(str),
    st.sampled_from(["full_name", "email", "notes"]),
    st.text(max_size=40),
    st.integers(946_684_800_000, 9_999_999_999_999),
    st.lists(st.uuids().map(lambda u: f"{u}:1"), max_size=3),
)


def header(**changes: object) -> BundleHeader:
    values: dict[str, object] = {
        "bundle_id": fmt.new_bundle_id(),
        "programme": "bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb",
        "sender": "cccccccc-cccc-cccc-cccc-cccccccccccc",
        "certificate": {"body": {"name": "<i>Ann</i>"}, "signature": "00"},
        "recipients": ("dddddddd-dddd-dddd-dddd-dddddddddddd",),
        "series": Series(fmt.new_bundle_id()),
        "schema": "0004",
        "created": "1790000000000.00000",
    }
    values.update(changes)
    return BundleHeader(**values)  # type: ignore[arg-type]


def make(
    tmp: Path, ops: list[OpRow], head: BundleHeader | None = None
) -> tuple[bytes, BundleHeader]:
    head = head or header()
    zip_path = tmp / "payload.zip"
    with PayloadWriter(zip_path) as writer:
        writer.manifest({"bundle_id": head.bundle_id, "operations": len(ops)})
        writer.items("registry.ndjson", [{"body": {"kind": "x"}, "signature": "00"}])
        writer.items("batches.ndjson", [])
        writer.lines("ops.ndjson", map(fmt.op_line, ops))
    out = io.BytesIO()
    fmt.write_bundle(out, head, zip_path, [RECIPIENT.age_recipient], SENDER.sign)
    return out.getvalue(), head


def open_bundle(
    tmp: Path, data: bytes, identity: LaptopIdentity = RECIPIENT
) -> tuple[fmt.Envelope, payload.PayloadReader]:
    source = tmp / "in.senbundle"
    source.write_bytes(data)
    with (tmp / "ct").open("w+b") as ct:
        envelope = fmt.stage_envelope(source, ct)
    with (tmp / "ct").open("rb") as ct, (tmp / "pt").open("wb") as pt:
        fmt.decrypt_file(ct, pt, identity)
    return envelope, payload.PayloadReader(tmp / "pt")


@settings(max_examples=25, deadline=None)
@given(ops=st.lists(ops_strategy, max_size=30))
def test_round_trip(tmp_path_factory: pytest.TempPathFactory, ops: list[OpRow]) -> None:
    tmp = tmp_path_factory.mktemp("round")
    data, head = make(tmp, ops)
    envelope, reader = open_bundle(tmp, data)
    with reader:
        assert envelope.header == head
        assert verify_signature(SENDER.sign_public_hex, envelope.signed, envelope.signature)
        assert [op for chunk in reader.op_chunks(7) for op in chunk] == ops
        assert reader.manifest["operations"] == len(ops)
        assert [i["signature"] for i in reader.items("registry.ndjson", 10)] == ["00"]


def test_layout_and_what_the_signature_covers(tmp_path: Path) -> None:
    data, head = make(tmp_path, [])
    assert data.startswith(fmt.MAGIC) and fmt.MAGIC == b"SENBUNDLE\x02"
    (length,) = struct.unpack_from(">I", data, len(fmt.MAGIC))
    start = len(fmt.MAGIC) + 4
    header_bytes = data[start : start + length]
    assert json.loads(header_bytes)["format"] == 2
    ciphertext = data[start + length : -64]
    assert ciphertext.startswith(b"age-encryption.org/v1")
    assert b"ops.ndjson" not in data  # the contents are encrypted
    message = (
        b"SEN Secretariat bundle\x00"
        + fmt.MAGIC
        + data[len(fmt.MAGIC) : start]
        + header_bytes
        + hashlib.sha256(ciphertext).digest()
    )
    assert verify_signature(SENDER.sign_public_hex, message, data[-64:])


def test_only_a_recipient_can_decrypt(tmp_path: Path) -> None:
    data, _ = make(tmp_path, [])
    with pytest.raises(BundleError, match="not made for this laptop"):
        open_bundle(tmp_path, data, STRANGER)


def test_format_1_and_other_files_are_named_for_what_they_are(tmp_path: Path) -> None:
    for data, match in (
        (b"SENBUNDLE\x00" + b"x" * 100, "earlier passphrase scheme"),
        (b"SENBUNDLE\x09" + b"x" * 100, "newer version"),
        (b"SENBUN", "cut short"),
        (b"hello world, not a bundle", "not a SEN Secretariat bundle"),
        (fmt.MAGIC + struct.pack(">I", fmt.MAX_HEADER_BYTES + 1), "damaged"),
    ):
        with pytest.raises(BundleError, match=match):
            open_bundle(tmp_path, data)


@pytest.mark.parametrize(
    "change",
    [
        {"recipients": ()},
        {"created": "\u0661" * 13 + ".00000"},
        {"schema": "four"},
        {"series": Series("s", 3, 2)},
        {"bundle_id": "<script>"},
    ],
)
def test_header_shape_is_checked(tmp_path: Path, change: dict[str, object]) -> None:
    with pytest.raises(BundleError, match="damaged"):
        fmt.parse_header(header(**change).to_json())


@pytest.mark.parametrize(
    ("line", "why"),
    [
        (b'{"op_id":"a:1"}', "missing"),
        (b"[1]", "not an object"),
        (b"\xff\xfe", "not JSON"),
        (
            b'{"op_id":"a:1","site_id":"a","counter":true,"entity":"person","row_id":"r",'
            b'"field":"full_name","value":"\\"x\\"","hlc":"1790000000000.00000","prev":[]}',
            "counter",
        ),
        (
            b'{"op_id":"a:9007199254740992","site_id":"a","counter":9007199254740992,'
            b'"entity":"person","row_id":"r","field":"full_name","value":"\\"x\\"",'
            b'"hlc":"1790000000000.00000","prev":[]}',
            "beyond 2",
        ),
        (
            b'{"op_id":"a:1","site_id":"a","counter":1,"entity":"Person;drop","row_id":"r",'
            b'"field":"full_name","value":"\\"x\\"","hlc":"1790000000000.00000","prev":[]}',
            "entity or field",
        ),
        (
            '{"op_id":"a:1","site_id":"a","counter":1,"entity":"person","row_id":"r",'
            '"field":"full_name","value":"\\"x\\"","hlc":"\u0661790000000000.00000",'
            '"prev":[]}'.encode(),
            "clock stamp",
        ),
    ],
)
def test_operation_lines_are_checked_one_sentence_each(line: bytes, why: str) -> None:
    with pytest.raises(BundleError, match=why) as caught:
        payload.parse_ops([line])
    assert "\n" not in caught.value.message and caught.value.message.endswith(".")


def test_reading_goes_in_chunks(tmp_path: Path) -> None:
    ops = [
        OpRow(f"{SITE}:{n}", SITE, n, "person", "r", "full_name", '"x"', "1790000000000.00000", ())
        for n in range(1, 1001)
    ]
    data, _ = make(tmp_path, ops)
    _, reader = open_bundle(tmp_path, data)
    with reader:
        sizes = [len(chunk) for chunk in reader.op_chunks(300)]
    assert sizes == [300, 300, 300, 100]


def test_a_lines_operation_id_is_read_only_as_op_line_writes_it() -> None:
    start = b'{"op_id":"'
    cases = {
        start + b'site:7","site_id":"site"}': "site:7",
        start + b'"}': "",
        start + b"a" * 100 + b'"': "a" * 100,
        start + b"a" * 101 + b'"': None,  # longer than any id
        start + b'a\\"b"': None,  # an escape: left for the parser
        start + b'caf\xc3\xa9"': None,  # not ASCII
        start + b"no closing quote": None,
        b' {"op_id":"a"': None,  # not at the start
    }
    assert [payload.line_id(line) for line in cases] == list(cases.values())
    assert payload.line_ids(list(cases)) == list(cases.values())
