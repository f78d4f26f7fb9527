"""The .senbundle format and the keys behind it, without a database."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import keyring
import pytest
from bundle_helpers import PASSPHRASE, header_for, ops_payload
from hypothesis import given, settings
from hypothesis import strategies as st
from keyring.backends import fail

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.signing import KEYRING_SERVICE
from sen_desktop.sync import bundle as fmt
from sen_desktop.sync.bundle import BundleError, WireOp
from sen_desktop.sync.keys import (
    NO_KEYRING_WARNING,
    PROGRAMME_USER,
    LaptopKey,
    NoPassphraseError,
    SyncKeys,
    derive_programme_key,
    read_passphrase_file,
)
from sen_desktop.sync.merge import OpRow

SITE = "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"
KEY = LaptopKey.generate()
PROGRAMME = derive_programme_key(PASSPHRASE)

texts = st.text(max_size=40)
wire_ops = st.builds(
    lambda counter, row, field, value, millis, prev: WireOp(
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
    st.integers(1, 10**9),
    st.uuids().map(str),
    st.sampled_from(["full_name", "email", "notes"]),
    texts,
    st.integers(0, 9_999_999_999_999),
    st.lists(st.uuids().map(lambda u: f"{u}:1"), max_size=3),
)


def _row(op: WireOp) -> OpRow:
    return OpRow(
        op.op_id, op.site_id, op.counter, op.entity, op.row_id, op.field, op.value, op.hlc, op.prev
    )


@settings(max_examples=50, deadline=None)
@given(ops=st.lists(wire_ops, max_size=20))
def test_round_trip(ops: list[WireOp]) -> None:
    header = header_for(SITE, KEY, scopes=("SG", "PCRG"), knowledge={SITE: 7}, recipient="X")
    data = fmt.seal(header, fmt.pack_payload({"operations": len(ops)}, ops), PROGRAMME, KEY.sign)
    read_header, payload = fmt.read_bundle(data, PROGRAMME)
    assert read_header == header
    assert payload.ops == [_row(op) for op in ops]
    assert payload.manifest == {"operations": len(ops)}


def test_layout() -> None:
    header = header_for(SITE, KEY)
    data = fmt.seal(header, ops_payload([]), PROGRAMME, KEY.sign)
    assert data.startswith(fmt.MAGIC)
    (length,) = struct.unpack_from(">I", data, len(fmt.MAGIC))
    header_json = json.loads(data[len(fmt.MAGIC) + 4 : len(fmt.MAGIC) + 4 + length])
    assert header_json["sender_site"] == SITE
    assert header_json["public_key"] == KEY.public_hex
    assert header_json["format"] == fmt.FORMAT_VERSION
    # The payload is encrypted: nothing of the operations shows in the file.
    assert b"ops.ndjson" not in data


def test_header_is_authenticated_data() -> None:
    # Re-signing a changed header with the same key still fails: the header is
    # the AES-GCM associated data, so decryption refuses it.
    header = header_for(SITE, KEY, scopes=("PCRG",))
    data = fmt.seal(header, ops_payload([]), PROGRAMME, KEY.sign)
    changed = data.replace(b'"scopes":["PCRG"]', b'"scopes":["SGXX"]')
    assert changed != data
    resigned = changed[: -fmt.SIGNATURE_BYTES]
    resigned += KEY.sign(resigned)
    with pytest.raises(BundleError, match="different programme passphrase"):
        fmt.read_bundle(resigned, PROGRAMME)


def test_header_length_bound() -> None:
    data = fmt.MAGIC + struct.pack(">I", fmt.MAX_HEADER_BYTES + 1) + b"{}" * 100
    with pytest.raises(BundleError, match="damaged"):
        fmt.open_envelope(data)


@pytest.mark.parametrize(
    "line",
    [
        b'{"op_id":"a:1","site_id":"a","counter":1,"entity":"person","row_id":"r",'
        b'"field":"full_name","value":"\\"x\\"","hlc":"0000000000001.00000","prev":[1]}',
        b'{"op_id":"a:2","site_id":"a","counter":1,"entity":"person","row_id":"r",'
        b'"field":"full_name","value":"\\"x\\"","hlc":"0000000000001.00000","prev":[]}',
        b'{"op_id":"a:1","site_id":"a","counter":true,"entity":"person","row_id":"r",'
        b'"field":"full_name","value":"\\"x\\"","hlc":"0000000000001.00000","prev":[]}',
        b'{"op_id":"a:1","site_id":"a","counter":1,"entity":"Person;drop","row_id":"r",'
        b'"field":"full_name","value":"\\"x\\"","hlc":"0000000000001.00000","prev":[]}',
        b'{"op_id":"a:1","site_id":"a","counter":1,"entity":"person","row_id":"r",'
        b'"field":"full_name","value":{"a":1},"hlc":"0000000000001.00000","prev":[]}',
    ],
)
def test_odd_operation_lines(line: bytes) -> None:
    with pytest.raises(BundleError, match="Operation line 1 of this bundle is not valid"):
        fmt.parse_ops(line + b"\n")


def test_blank_lines_are_skipped_and_long_ones_refused() -> None:
    good = WireOp(f"{SITE}:1", SITE, 1, "person", "r", "email", '""', "0000000000001.00000")
    assert fmt.parse_ops(b"\n" + good.to_line() + b"\n\n") == [_row(good)]
    with pytest.raises(BundleError, match="line 2 .* longer than 1 MB"):
        fmt.parse_ops(good.to_line() + b"\n" + b"x" * (fmt.MAX_LINE_BYTES + 1))


GOOD_LINE = (
    b'{"op_id":"a:7","site_id":"a","counter":7,"entity":"person","row_id":"r-1",'
    b'"field":"full_name","value":"\\"x\\u00e9\\"","hlc":"0000000000001.00000","prev":["b:1"]}'
)


def _reference(line: bytes) -> OpRow | str:
    """What the standard library's reading of one line gives: an OpRow or the sentence."""
    try:
        return fmt._parse_op(line, 1)
    except BundleError as error:
        return str(error)


def _parsed(line: bytes) -> OpRow | str:
    try:
        (op,) = fmt.parse_ops(line)
    except BundleError as error:
        return str(error)
    return op


@pytest.mark.parametrize(
    "line",
    [
        GOOD_LINE,
        # orjson reads an integer past 64 bits as a float; the standard library as an int.
        GOOD_LINE.replace(b'"counter":7', b'"counter":18446744073709551623'),
        GOOD_LINE.replace(
            b'"a:7","site_id":"a","counter":7', b'"a:1e3","site_id":"a","counter":1e3'
        ),
        GOOD_LINE.replace(b'"counter":7', b'"counter":7.0'),
        GOOD_LINE.replace(b'"x', b"\\ud800"),  # a lone surrogate
        GOOD_LINE.replace(b'"r-1"', b'"r\\u0000"'),  # a NUL inside a checked part
        GOOD_LINE.replace(b'"r-1"', b'"r\\u0000a\\u0000person"'),
        GOOD_LINE.replace(b"0000000000001", "٠٠٠٠٠٠٠٠٠٠٠٠١".encode()),  # other digits
        GOOD_LINE.replace(b'"full_name"', b'"full_name","field":"email"'),  # key twice
        b"\xef\xbb\xbf" + GOOD_LINE,  # a byte-order mark
        GOOD_LINE + b"\r",
        b" \t" + GOOD_LINE + b" ",
        GOOD_LINE.replace(b":7,", b":NaN,"),
        GOOD_LINE[:-1],
        GOOD_LINE.replace(b'["b:1"]', b'["b:1",2]'),
        b"[" * 3000 + b"]" * 3000,
    ],
)
def test_fast_reading_agrees_with_the_standard_library(line: bytes) -> None:
    assert _parsed(line) == _reference(line)


@settings(max_examples=300, deadline=None)
@given(
    edits=st.lists(
        st.tuples(
            st.integers(0, len(GOOD_LINE)),
            st.integers(0, 3),
            st.sampled_from(
                [
                    b'"',
                    b"\\",
                    b"0",
                    b"9",
                    b"-",
                    b"e",
                    b":",
                    b",",
                    b"{",
                    b"}",
                    b"[",
                    b"]",
                    b" ",
                    b"\x00",
                    b"\xc3\xa9",
                    b"\xff",
                    b"\\u0000",
                    b"\\ud800",
                    b"99999999999999999999",
                    b"NaN",
                    b"A",
                    b"_",
                    b".",
                ]
            ),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_fast_reading_agrees_on_damaged_lines(edits: list[tuple[int, int, bytes]]) -> None:
    line = GOOD_LINE
    for at, cut, insert in edits:
        at = min(at, len(line))
        line = line[:at] + insert + line[at + cut :]
    line = line.replace(b"\n", b" ")
    if line.strip():
        assert _parsed(line) == _reference(line)


# --- keys ---------------------------------------------------------------------------------


def test_programme_key_is_the_same_everywhere_and_kept_in_the_keyring(tmp_path: Path) -> None:
    keys = SyncKeys(tmp_path)
    kept = keys.set_passphrase(PASSPHRASE)
    assert kept == derive_programme_key(PASSPHRASE) == PROGRAMME
    assert keyring.get_password(KEYRING_SERVICE, PROGRAMME_USER) == kept.hex()
    assert SyncKeys(tmp_path).programme_key() == kept
    assert keys.warning is None
    assert derive_programme_key("another passphrase") != kept


def test_short_passphrase_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="at least 8 characters"):
        SyncKeys(tmp_path).set_passphrase("short")


def test_no_passphrase_yet(tmp_path: Path) -> None:
    with pytest.raises(NoPassphraseError, match="bundle passphrase"):
        SyncKeys(tmp_path).programme_key()


def test_laptop_key_made_once_per_site(tmp_path: Path) -> None:
    keys = SyncKeys(tmp_path)
    first = keys.laptop_key(SITE, PROGRAMME)
    assert keys.laptop_key(SITE, PROGRAMME) == first
    assert keys.laptop_key("bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb", PROGRAMME) != first
    assert not (tmp_path / "sync-keys.json").exists()


def test_without_a_keyring_a_protected_key_file_and_a_warning(tmp_path: Path) -> None:
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    keys = SyncKeys(tmp_path)
    keys.set_passphrase(PASSPHRASE)
    assert keys.warning == NO_KEYRING_WARNING
    with pytest.raises(NoPassphraseError, match="--passphrase-file"):
        SyncKeys(tmp_path).programme_key()
    first = keys.laptop_key(SITE, PROGRAMME)
    stored = (tmp_path / "sync-keys.json").read_text()
    assert first.private.hex() not in stored  # encrypted, not in the clear
    again = SyncKeys(tmp_path)
    assert again.laptop_key(SITE, PROGRAMME) == first
    assert again.warning == NO_KEYRING_WARNING
    with pytest.raises(ValidationError, match="different programme passphrase"):
        SyncKeys(tmp_path).laptop_key(SITE, derive_programme_key("another passphrase"))


def test_passphrase_file(tmp_path: Path) -> None:
    path = tmp_path / "pp"
    path.write_text(PASSPHRASE + "\nignored\n", encoding="utf-8")
    assert read_passphrase_file(path) == PASSPHRASE
    with pytest.raises(ValidationError, match="cannot be read"):
        read_passphrase_file(tmp_path / "missing")
