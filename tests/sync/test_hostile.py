"""Bad and hostile bundles: each refused before anything is applied, in one sentence,
with the recipient's database file byte-identical (SHA-256 after closing)."""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from bundle_helpers import (
    PASSPHRASE,
    Laptop,
    forge,
    make_template,
    new_laptop,
    op_line,
    ops_payload,
    person_lines,
    zip_of,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sen_desktop.core.errors import SenError
from sen_desktop.core.store.database import SCHEMA_REVISION
from sen_desktop.sync import bundle as fmt
from sen_desktop.sync.bundle import BundleError
from sen_desktop.sync.exchange import export_bundle, import_bundle, import_bytes
from sen_desktop.sync.keys import LaptopKey, derive_programme_key

NOW_MS = 1_790_000_000_000
NOW_HLC = f"{NOW_MS:013d}.00000"
ROW = "22222222-2222-2222-2222-222222222222"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_template(tmp_path_factory.mktemp("hostile"))


@pytest.fixture
def sender(template: Path, tmp_path: Path) -> Laptop:
    laptop = new_laptop(template, tmp_path / "sender")
    laptop.keys.set_passphrase(PASSPHRASE)
    laptop.add_person("Ann Example", "ann@example.org")
    return laptop


@pytest.fixture
def recipient(template: Path, tmp_path: Path, sender: Laptop) -> Laptop:
    laptop = new_laptop(template, tmp_path / "recipient")
    assert laptop.site_id != sender.site_id
    return laptop


@pytest.fixture
def good_bundle(sender: Laptop, tmp_path: Path) -> bytes:
    path = tmp_path / "good.senbundle"
    with sender.open() as db:
        export_bundle(db.session_factory, path, sender.keys)
    return path.read_bytes()


def one_sentence(message: str) -> None:
    assert "\n" not in message
    assert message.endswith("."), message
    assert len(message) < 300, message


def refuse_file(
    recipient: Laptop,
    path: Path,
    match: str,
    *,
    passphrase: str | None = None,
    accept_future: bool = False,
) -> str:
    before = recipient.hash()
    with recipient.open() as db, pytest.raises(SenError) as caught:
        import_bundle(
            db.session_factory,
            path,
            recipient.keys,
            passphrase=passphrase,
            accept_future=accept_future,
        )
    message = caught.value.message
    assert match in message, message
    one_sentence(message)
    assert recipient.hash() == before, "the refused bundle changed the database"
    return message


def refuse(recipient: Laptop, data: bytes, match: str, tmp_path: Path, **kw: object) -> str:
    path = tmp_path / "hostile.senbundle"
    path.write_bytes(data)
    return refuse_file(recipient, path, match, **kw)  # type: ignore[arg-type]


def test_good_bundle_imports(recipient: Laptop, good_bundle: bytes, tmp_path: Path) -> None:
    path = tmp_path / "good.senbundle"
    path.write_bytes(good_bundle)
    with recipient.open() as db:
        result = import_bundle(db.session_factory, path, recipient.keys, passphrase=PASSPHRASE)
    assert result.report is not None and result.report.new > 0


def test_wrong_passphrase(recipient: Laptop, good_bundle: bytes, tmp_path: Path) -> None:
    message = refuse(
        recipient,
        good_bundle,
        "different programme passphrase",
        tmp_path,
        passphrase="not the programme passphrase",
    )
    assert message == fmt.WRONG_PASSPHRASE


@pytest.mark.parametrize("keep", [0, 5, 10, 13, 40, 200, -65, -1])
def test_truncated(recipient: Laptop, good_bundle: bytes, tmp_path: Path, keep: int) -> None:
    cut = good_bundle[:keep] if keep >= 0 else good_bundle[:keep]
    message = refuse(recipient, cut, "", tmp_path, passphrase=PASSPHRASE)
    assert "cut short" in message or "damaged" in message or "not a SEN" in message


def test_not_a_bundle(recipient: Laptop, tmp_path: Path) -> None:
    refuse(
        recipient,
        b"PK\x03\x04" + os.urandom(500),
        "not a SEN Secretariat bundle",
        tmp_path,
        passphrase=PASSPHRASE,
    )


@pytest.fixture
def open_recipient(recipient: Laptop) -> Iterator[tuple[Laptop, object]]:
    before = recipient.hash()
    with recipient.open() as db:
        yield recipient, db.session_factory
    assert recipient.hash() == before, "a refused bundle changed the database"


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_any_flipped_byte_is_refused(
    open_recipient: tuple[Laptop, object], good_bundle: bytes, data: st.DataObject
) -> None:
    _, factory = open_recipient
    position = data.draw(st.integers(0, len(good_bundle) - 1), label="position")
    mask = data.draw(st.integers(1, 255), label="xor mask")
    damaged = bytearray(good_bundle)
    damaged[position] ^= mask
    key = derive_programme_key(PASSPHRASE)
    with pytest.raises(BundleError) as caught:
        import_bytes(factory, bytes(damaged), key)  # type: ignore[arg-type]
    one_sentence(caught.value.message)


def test_known_laptop_with_another_key(
    sender: Laptop, recipient: Laptop, good_bundle: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "good.senbundle"
    path.write_bytes(good_bundle)
    with recipient.open() as db:
        import_bundle(db.session_factory, path, recipient.keys, passphrase=PASSPHRASE)
    impostor = LaptopKey.generate()
    forged = forge(
        sender.site_id,
        impostor,
        ops_payload(person_lines(sender.site_id, row_id=ROW, name="Mallory", hlc=NOW_HLC)),
    )
    refuse(recipient, forged, "signed with a different key", tmp_path, passphrase=PASSPHRASE)


def test_header_key_swapped_for_another_is_refused(
    sender: Laptop, recipient: Laptop, good_bundle: bytes, tmp_path: Path
) -> None:
    # The signature must be by the key the header names: naming another breaks it.
    other = LaptopKey.generate().public_hex.encode()
    data = good_bundle.replace(sender.laptop_key().public_hex.encode(), other)
    assert data != good_bundle
    refuse(recipient, data, "damaged or was altered", tmp_path, passphrase=PASSPHRASE)


def test_zip_bomb(sender: Laptop, recipient: Laptop, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", b"{}")
        with archive.open("ops.ndjson", "w", force_zip64=True) as member:
            block = b"\n" * (16 * 1024 * 1024)
            for _ in range(fmt.MAX_DECOMPRESSED_BYTES // len(block) + 1):
                member.write(block)
    payload = buffer.getvalue()
    assert len(payload) < 2 * 1024 * 1024  # a small file that unpacks to over 512 MB
    forged = forge(sender.site_id, sender.laptop_key(), payload)
    refuse(
        recipient, forged, "unpacks to more than a bundle may hold", tmp_path, passphrase=PASSPHRASE
    )


def test_zip_bomb_lying_about_its_size(sender: Laptop, recipient: Laptop, tmp_path: Path) -> None:
    big = b"\n" * (8 * 1024 * 1024)
    payload = bytearray(ops_payload([big]))
    # Claim a tiny size in both directory entries: the reader must not trust it.
    true_size = (len(big) + 1).to_bytes(4, "little")
    count = payload.count(true_size)
    assert count == 2
    payload = bytearray(bytes(payload).replace(true_size, (10).to_bytes(4, "little")))
    forged = forge(sender.site_id, sender.laptop_key(), bytes(payload))
    refuse(recipient, forged, "damaged", tmp_path, passphrase=PASSPHRASE)


@pytest.mark.parametrize(
    "name",
    ["../ops.ndjson", "/etc/passwd", "ops.ndjson/../../x", "C:\\Windows\\x", "sub/ops.ndjson"],
)
def test_member_names(sender: Laptop, recipient: Laptop, tmp_path: Path, name: str) -> None:
    payload = zip_of({"manifest.json": b"{}", "ops.ndjson": b"", name: b"x"})
    forged = forge(sender.site_id, sender.laptop_key(), payload)
    refuse(recipient, forged, "holds a file named", tmp_path, passphrase=PASSPHRASE)


def test_too_many_members(sender: Laptop, recipient: Laptop, tmp_path: Path) -> None:
    members = {"manifest.json": b"{}", "ops.ndjson": b""}
    members.update({f"x{i}": b"" for i in range(5)})
    forged = forge(sender.site_id, sender.laptop_key(), zip_of(members))
    refuse(recipient, forged, "holds 7 files", tmp_path, passphrase=PASSPHRASE)


def test_two_gigabyte_file_refused_before_reading(recipient: Laptop, tmp_path: Path) -> None:
    path = tmp_path / "huge.senbundle"
    with path.open("wb") as handle:
        handle.write(fmt.MAGIC)
        handle.truncate(2 * 1024 * 1024 * 1024)  # sparse: no disk used
    assert path.stat().st_size == 2 * 1024 * 1024 * 1024
    refuse_file(recipient, path, "a bundle is at most 200 MB", passphrase=PASSPHRASE)


def test_ten_megabyte_line(sender: Laptop, recipient: Laptop, tmp_path: Path) -> None:
    line = op_line(sender.site_id, 1, value='"' + "x" * (10 * 1024 * 1024) + '"')
    forged = forge(sender.site_id, sender.laptop_key(), ops_payload([line]))
    refuse(recipient, forged, "longer than 1 MB", tmp_path, passphrase=PASSPHRASE)


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"entity": "secret_table"}, "unknown kind of record"),
        ({"field": "is_admin"}, "unknown field person.is_admin"),
        ({"field": "id"}, "unknown field person.id"),
        ({"field": "deleted", "value": '"yes"'}, "wrong type"),
        ({"value": "42"}, "wrong type"),
        ({"value": "not json"}, "wrong type"),
        ({"entity": "meeting", "field": "date", "value": '"31/02/2026"'}, "wrong type"),
        ({"entity": "meeting", "field": "number", "value": "true"}, "wrong type"),
        ({"hlc": "tomorrow"}, "clock stamp"),
        ({"row_id": "x" * 80}, "malformed"),
    ],
)
def test_bad_operations(
    sender: Laptop, recipient: Laptop, tmp_path: Path, changes: dict[str, str], match: str
) -> None:
    lines = person_lines(sender.site_id, row_id=ROW, name="Fine", hlc=NOW_HLC)
    fields: dict[str, str] = {"row_id": ROW, **changes}
    lines.append(op_line(sender.site_id, len(lines) + 1, **fields))  # type: ignore[arg-type]
    forged = forge(sender.site_id, sender.laptop_key(), ops_payload(lines))
    refuse(recipient, forged, match, tmp_path, passphrase=PASSPHRASE)


@pytest.mark.parametrize(
    ("line", "match"),
    [
        (b'{"op_id": 1}', "missing"),
        (b"[1, 2, 3]", "not an object"),
        (b"\xff\xfe", "not JSON"),
    ],
)
def test_malformed_lines(
    sender: Laptop, recipient: Laptop, tmp_path: Path, line: bytes, match: str
) -> None:
    forged = forge(sender.site_id, sender.laptop_key(), ops_payload([line]))
    refuse(recipient, forged, match, tmp_path, passphrase=PASSPHRASE)


def test_extra_key_in_an_operation(sender: Laptop, recipient: Laptop, tmp_path: Path) -> None:
    line = op_line(sender.site_id, 1)[:-1] + b',"admin":true}'
    forged = forge(sender.site_id, sender.laptop_key(), ops_payload([line]))
    refuse(recipient, forged, "unknown key 'admin'", tmp_path, passphrase=PASSPHRASE)


def test_newer_schema(sender: Laptop, recipient: Laptop, tmp_path: Path) -> None:
    newer = f"{int(SCHEMA_REVISION) + 1:04d}"
    lines = person_lines(sender.site_id, row_id=ROW, name="Fine", hlc=NOW_HLC)
    forged = forge(sender.site_id, sender.laptop_key(), ops_payload(lines), schema=newer)
    refuse(
        recipient,
        forged,
        f"newer version of SEN Secretariat (schema {newer})",
        tmp_path,
        passphrase=PASSPHRASE,
    )


def test_newer_format(sender: Laptop, recipient: Laptop, tmp_path: Path) -> None:
    forged = forge(sender.site_id, sender.laptop_key(), ops_payload([]), format=2)
    refuse(recipient, forged, "newer version", tmp_path, passphrase=PASSPHRASE)


def test_bundle_from_this_laptop(sender: Laptop, tmp_path: Path, good_bundle: bytes) -> None:
    refuse(sender, good_bundle, "made on this laptop", tmp_path, passphrase=PASSPHRASE)


def test_future_bundle_held_then_accepted(
    sender: Laptop, recipient: Laptop, tmp_path: Path
) -> None:
    import time

    ahead = time.time_ns() // 1_000_000 + 3 * 24 * 3600 * 1000
    stamp = f"{ahead:013d}.00000"
    lines = person_lines(sender.site_id, row_id=ROW, name="From the future", hlc=stamp)
    forged = forge(sender.site_id, sender.laptop_key(), ops_payload(lines), created_ms=ahead)
    message = refuse(recipient, forged, "held for confirmation", tmp_path, passphrase=PASSPHRASE)
    assert "--accept-future" in message
    path = tmp_path / "hostile.senbundle"
    with recipient.open() as db:
        result = import_bundle(
            db.session_factory, path, recipient.keys, passphrase=PASSPHRASE, accept_future=True
        )
    assert result.report is not None and result.report.new == len(lines)


# --- the corpus under tests/fixtures/hostile (made by make_corpus.py) ---------------------

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
EXPECTED: dict[str, dict[str, object]] = json.loads((CORPUS / "expected.json").read_text())


def test_corpus_good_bundle_imports(recipient: Laptop) -> None:
    with recipient.open() as db:
        result = import_bundle(
            db.session_factory, CORPUS / "good.senbundle", recipient.keys, passphrase=PASSPHRASE
        )
    assert result.report is not None and result.report.new == 7 and result.first_contact


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus(recipient: Laptop, name: str) -> None:
    case = EXPECTED[name]
    if case["after_good"]:
        with recipient.open() as db:
            import_bundle(
                db.session_factory,
                CORPUS / "good.senbundle",
                recipient.keys,
                passphrase=PASSPHRASE,
            )
    refuse_file(recipient, CORPUS / name, str(case["refusal"]), passphrase=PASSPHRASE)
