"""The ``.senbundle`` file format: writing one, and reading one with suspicion.

Layout::

    b"SENBUNDLE\\x00"              magic (10 bytes)
    u32 big-endian                 length of the header JSON
    header JSON (UTF-8)            format, bundle id, sender site, key, scopes, schema,
                                   knowledge vector, created HLC -- the AES-GCM
                                   associated data, so it cannot be changed
    12 bytes                       AES-GCM nonce
    ciphertext                     AES-256-GCM (programme key) of a zip holding
                                   manifest.json and ops.ndjson
    64 bytes                       Ed25519 signature by the sending laptop over
                                   everything before it

Reading goes outside in and stops at the first thing wrong, each with one sentence
(``BundleError``): size, magic, header, signature, decryption, then the zip in memory
with limits (members, names, decompressed bytes, line length, operation count) and
each operation line's shape. Nothing here touches a database.
"""

from __future__ import annotations

import io
import json
import os
import re
import struct
import uuid
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import orjson

from sen_desktop.core.errors import ValidationError
from sen_desktop.sync.merge import OpRow

MAGIC: Final = b"SENBUNDLE\x00"
FORMAT_VERSION: Final = 1
SUFFIX: Final = ".senbundle"

MAX_FILE_BYTES: Final = 200 * 1024 * 1024
MAX_HEADER_BYTES: Final = 1024 * 1024
MAX_MEMBERS: Final = 4
MEMBER_NAMES: Final = ("manifest.json", "ops.ndjson")
MAX_MANIFEST_BYTES: Final = 1024 * 1024
MAX_DECOMPRESSED_BYTES: Final = 512 * 1024 * 1024
MAX_LINE_BYTES: Final = 1024 * 1024
MAX_OPS: Final = 5_000_000

NONCE_BYTES: Final = 12
SIGNATURE_BYTES: Final = 64
_LENGTH = struct.Struct(">I")
_PREFIX = len(MAGIC) + _LENGTH.size
_HEADER_KEYS: Final = frozenset(
    {
        "format",
        "bundle_id",
        "sender_site",
        "sender_name",
        "public_key",
        "fingerprint",
        "scopes",
        "schema",
        "knowledge",
        "created",
        "recipient",
    }
)
_OPTIONAL_HEADER_KEYS: Final = frozenset({"received"})  # absent from format-1 bundles
MAX_RECEIVED: Final = 200
_OP_KEYS: Final = frozenset(
    {"op_id", "site_id", "counter", "entity", "row_id", "field", "value", "hlc", "prev"}
)
_HLC = re.compile(r"\d{13}\.\d{5}")
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,59}")
_ID = re.compile(r"[0-9A-Za-z-]{1,36}")
# The three above at once, on "site NUL row NUL entity NUL field NUL hlc": no part can
# hold a NUL, so this matches exactly when each part matches its own pattern.
_SHAPED = re.compile(
    "\x00".join((_ID.pattern, _ID.pattern, _NAME.pattern, _NAME.pattern, _HLC.pattern))
)


class BundleError(ValidationError):
    """A bundle that cannot be imported; the message is the one sentence to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="bundle")


WRONG_PASSPHRASE: Final = "This bundle was made with a different programme passphrase."
DAMAGED: Final = "This bundle is damaged or was altered after it was made; ask for a new one."


@dataclass(frozen=True, slots=True)
class BundleHeader:
    """What a bundle says about itself, readable before decryption (and authenticated)."""

    bundle_id: str
    sender_site: str
    public_key: str  # hex of the sender laptop's Ed25519 public key
    fingerprint: str
    schema: str
    knowledge: Mapping[str, int]
    created: str  # HLC stamp
    scopes: tuple[str, ...] = ()  # group codes; () for everything
    sender_name: str = ""
    recipient: str = ""  # the profile name it was made for; "" for everything
    format: int = FORMAT_VERSION
    # Ids of bundles the sender has imported lately: confirms their delivery (scope rows).
    received: tuple[str, ...] = ()

    def to_json(self) -> bytes:
        return json.dumps(
            {
                "format": self.format,
                "bundle_id": self.bundle_id,
                "sender_site": self.sender_site,
                "sender_name": self.sender_name,
                "public_key": self.public_key,
                "fingerprint": self.fingerprint,
                "scopes": list(self.scopes),
                "schema": self.schema,
                "knowledge": dict(sorted(self.knowledge.items())),
                "created": self.created,
                "recipient": self.recipient,
                "received": list(self.received),
            },
            ensure_ascii=False,
            separators=(",", ":"),
            sort_keys=True,
        ).encode("utf-8")


@dataclass(frozen=True, slots=True)
class WireOp:
    """One operation as it travels (field names as merge.OpRow's)."""

    op_id: str
    site_id: str
    counter: int
    entity: str
    row_id: str
    field: str
    value: str  # JSON text, exactly as the sender stored it
    hlc: str
    prev: tuple[str, ...] = ()

    def to_line(self) -> bytes:
        return json.dumps(
            {
                "op_id": self.op_id,
                "site_id": self.site_id,
                "counter": self.counter,
                "entity": self.entity,
                "row_id": self.row_id,
                "field": self.field,
                "value": self.value,
                "hlc": self.hlc,
                "prev": list(self.prev),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode("utf-8")


@dataclass(frozen=True, slots=True)
class Envelope:
    """A bundle's outer layer, split but not yet trusted."""

    header: BundleHeader
    header_bytes: bytes
    nonce: bytes
    ciphertext: bytes
    signed: bytes  # everything before the signature
    signature: bytes


@dataclass(frozen=True, slots=True)
class Payload:
    manifest: Mapping[str, Any]
    ops: list[OpRow] = field(default_factory=list)  # as the merge takes them


# --- writing ----------------------------------------------------------------------------


def pack_payload(manifest: Mapping[str, Any], ops: Iterable[WireOp]) -> bytes:
    """The zip (deflated) of manifest.json and ops.ndjson."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "manifest.json", json.dumps(dict(manifest), ensure_ascii=False, sort_keys=True)
        )
        lines = b"".join(op.to_line() + b"\n" for op in ops)
        archive.writestr("ops.ndjson", lines)
    return buffer.getvalue()


def seal(header: BundleHeader, payload: bytes, programme_key: bytes, sign: Any) -> bytes:
    """The bundle's bytes: header, encrypted payload, signature (``sign(bytes)->64``)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header_bytes = header.to_json()
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = AESGCM(programme_key).encrypt(nonce, payload, header_bytes)
    signed = MAGIC + _LENGTH.pack(len(header_bytes)) + header_bytes + nonce + ciphertext
    signature = bytes(sign(signed))
    if len(signature) != SIGNATURE_BYTES:
        raise ValueError("An Ed25519 signature is 64 bytes.")
    return signed + signature


def new_bundle_id() -> str:
    return str(uuid.uuid4())


# --- reading ----------------------------------------------------------------------------


def read_file(path: Path) -> bytes:
    """The file's bytes, refusing one too big before reading any of it."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError as error:
        raise BundleError(f"There is no file {path}.") from error
    except OSError as error:
        raise BundleError(f"The bundle {path} cannot be read ({type(error).__name__}).") from error
    if size > MAX_FILE_BYTES:
        raise BundleError(
            f"This file is {size / 1024 / 1024:,.0f} MB; a bundle is at most "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB, so it is not one this program made."
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise BundleError(f"The bundle {path} cannot be read ({type(error).__name__}).") from error
    if len(data) > MAX_FILE_BYTES:
        raise BundleError("This file grew past the size of a bundle while it was read.")
    return data


def open_envelope(data: bytes) -> Envelope:
    """Split the outer layer and check its header's shape (not yet its signature)."""
    if len(data) > MAX_FILE_BYTES:
        raise BundleError("This file is too big to be a bundle this program made.")
    if not data.startswith(MAGIC):
        if MAGIC.startswith(data[: len(MAGIC)]):
            raise BundleError("This bundle is cut short: the file ends before its header.")
        raise BundleError("This file is not a SEN Secretariat bundle.")
    if len(data) < _PREFIX:
        raise BundleError("This bundle is cut short: the file ends before its header.")
    (length,) = _LENGTH.unpack_from(data, len(MAGIC))
    if length > MAX_HEADER_BYTES:
        raise BundleError(DAMAGED)
    end = _PREFIX + length
    if len(data) < end + NONCE_BYTES + 16 + SIGNATURE_BYTES:
        raise BundleError("This bundle is cut short: the file ends before its contents.")
    header_bytes = data[_PREFIX:end]
    header = _parse_header(header_bytes)
    signed = data[:-SIGNATURE_BYTES]
    return Envelope(
        header=header,
        header_bytes=header_bytes,
        nonce=data[end : end + NONCE_BYTES],
        ciphertext=data[end + NONCE_BYTES : -SIGNATURE_BYTES],
        signed=signed,
        signature=data[-SIGNATURE_BYTES:],
    )


def _parse_header(raw: bytes) -> BundleHeader:
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise BundleError(DAMAGED) from error
    if not isinstance(value, dict) or set(value) - _OPTIONAL_HEADER_KEYS != _HEADER_KEYS:
        raise BundleError(DAMAGED)
    fmt = value["format"]
    if type(fmt) is not int:
        raise BundleError(DAMAGED)
    if fmt > FORMAT_VERSION:
        raise BundleError(
            "This bundle was made by a newer version of SEN Secretariat; install the newer "
            "version to import it."
        )
    strings = (
        "bundle_id",
        "sender_site",
        "sender_name",
        "public_key",
        "fingerprint",
        "schema",
        "created",
        "recipient",
    )
    if not all(isinstance(value[name], str) for name in strings):
        raise BundleError(DAMAGED)
    scopes = value["scopes"]
    knowledge = value["knowledge"]
    if not isinstance(scopes, list) or not all(isinstance(s, str) for s in scopes):
        raise BundleError(DAMAGED)
    if not isinstance(knowledge, dict) or not all(
        isinstance(k, str) and type(v) is int and v >= 0 for k, v in knowledge.items()
    ):
        raise BundleError(DAMAGED)
    received = value.get("received", [])
    if (
        not isinstance(received, list)
        or len(received) > MAX_RECEIVED
        or not all(isinstance(r, str) and 0 < len(r) <= 64 for r in received)
    ):
        raise BundleError(DAMAGED)
    if (
        len(value["public_key"]) != 64
        or not _ID.fullmatch(value["sender_site"])
        or not _HLC.fullmatch(value["created"])
        or not value["schema"].isdigit()
    ):
        raise BundleError(DAMAGED)
    return BundleHeader(
        bundle_id=value["bundle_id"],
        sender_site=value["sender_site"],
        sender_name=value["sender_name"],
        public_key=value["public_key"],
        fingerprint=value["fingerprint"],
        scopes=tuple(scopes),
        schema=value["schema"],
        knowledge=dict(knowledge),
        created=value["created"],
        recipient=value["recipient"],
        format=fmt,
        received=tuple(received),
    )


def check_signature(envelope: Envelope) -> None:
    """Refuse unless the sender's key (named in the header) signed the whole file."""
    from sen_desktop.core.signing import verify

    if not verify(envelope.header.public_key, envelope.signed, envelope.signature.hex()):
        raise BundleError(DAMAGED)


def decrypt(envelope: Envelope, programme_key: bytes) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(programme_key).decrypt(
            envelope.nonce, envelope.ciphertext, envelope.header_bytes
        )
    except InvalidTag as error:
        raise BundleError(WRONG_PASSPHRASE) from error


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """A member's bytes, stopping as soon as it passes ``budget`` (whatever it claims)."""
    chunks: list[bytes] = []
    total = 0
    try:
        with archive.open(info) as member:
            while True:
                chunk = member.read(1024 * 1024)
                if not chunk:
                    break
                total += len(chunk)
                if total > budget:
                    raise BundleError(
                        "This bundle unpacks to more than a bundle may hold "
                        f"({MAX_DECOMPRESSED_BYTES // 1024 // 1024} MB); it was refused."
                    )
                chunks.append(chunk)
    except (
        zipfile.BadZipFile,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
        RuntimeError,  # an encrypted member
    ) as error:
        raise BundleError(DAMAGED) from error
    return b"".join(chunks)


def unpack(payload: bytes) -> Payload:
    """Open the decrypted zip in memory, with limits, and parse its operations."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(payload))
    except Exception as error:  # whatever a malformed zip makes zipfile raise
        raise BundleError(DAMAGED) from error
    try:
        return _unpack(archive)
    finally:
        archive.close()


def _unpack(archive: zipfile.ZipFile) -> Payload:
    try:
        infos = archive.infolist()
    except Exception as error:
        raise BundleError(DAMAGED) from error
    if len(infos) > MAX_MEMBERS:
        raise BundleError(f"This bundle holds {len(infos)} files; a bundle holds two.")
    by_name: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        if name not in MEMBER_NAMES or name in by_name:
            raise BundleError(
                f"This bundle holds a file named {name[:80]!r}; a bundle holds only "
                "manifest.json and ops.ndjson."
            )
        by_name[name] = info
    if set(by_name) != set(MEMBER_NAMES):
        raise BundleError(DAMAGED)
    declared = sum(info.file_size for info in infos)
    if declared > MAX_DECOMPRESSED_BYTES:
        raise BundleError(
            "This bundle unpacks to more than a bundle may hold "
            f"({MAX_DECOMPRESSED_BYTES // 1024 // 1024} MB); it was refused."
        )
    manifest_bytes = _read_member(archive, by_name["manifest.json"], MAX_MANIFEST_BYTES)
    ops_bytes = _read_member(
        archive, by_name["ops.ndjson"], MAX_DECOMPRESSED_BYTES - len(manifest_bytes)
    )
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise BundleError(DAMAGED) from error
    if not isinstance(manifest, dict):
        raise BundleError(DAMAGED)
    return Payload(manifest=manifest, ops=parse_ops(ops_bytes))


def parse_ops(data: bytes) -> list[OpRow]:
    """Every line of ops.ndjson as a merge.OpRow; refuses long lines and odd shapes.

    A line goes first through orjson and every shape check at once; a line that fails
    any of it (or that orjson reads differently from the standard library, as it does
    integers past 64 bits) is read again by ``_parse_op``, whose checks and sentences
    are the rule. So the fast path only ever accepts what ``_parse_op`` accepts, as the
    same operation, and a refused line is refused with the same sentence.
    """
    ops: list[OpRow] = []
    append = ops.append
    loads = orjson.loads
    shaped = _SHAPED.fullmatch
    keys = _OP_KEYS
    lines = data.split(b"\n")
    count_ops = len(lines) > MAX_OPS  # fewer lines than that cannot hold too many
    number = 0
    for line in lines:
        number += 1
        if len(line) > MAX_LINE_BYTES:
            raise BundleError(_long_line(number))
        if not line or line.isspace():  # as ``not line.strip()``, without a copy
            continue
        if count_ops and len(ops) >= MAX_OPS:
            raise BundleError(f"This bundle holds more than {MAX_OPS:,} operations.")
        try:
            value = loads(line)
        except ValueError:  # orjson.JSONDecodeError; _parse_op says why
            value = None
        if type(value) is dict and value.keys() == keys:
            op_id = value["op_id"]
            site_id = value["site_id"]
            counter = value["counter"]
            entity = value["entity"]
            row_id = value["row_id"]
            name = value["field"]
            text = value["value"]
            hlc = value["hlc"]
            prev = value["prev"]
            if (
                type(op_id) is str
                and type(site_id) is str
                and type(entity) is str
                and type(row_id) is str
                and type(name) is str
                and type(text) is str
                and type(hlc) is str
                and type(counter) is int
                and counter >= 1
                and type(prev) is list
                and (not prev or all(type(p) is str for p in prev))
                and op_id == f"{site_id}:{counter}"
                and shaped(f"{site_id}\x00{row_id}\x00{entity}\x00{name}\x00{hlc}") is not None
            ):
                append(OpRow(op_id, site_id, counter, entity, row_id, name, text, hlc, tuple(prev)))
                continue
        append(_parse_op(line, number))
    return ops


def _long_line(number: int) -> str:
    return (
        f"Operation line {number:,} of this bundle is longer than "
        f"{MAX_LINE_BYTES // 1024 // 1024} MB; the bundle was refused."
    )


def _bad_op(number: int, why: str) -> BundleError:
    return BundleError(f"Operation line {number:,} of this bundle is not valid: {why}.")


def _parse_op(line: bytes, number: int) -> OpRow:
    """One line, read by the standard library and checked one thing at a time."""
    try:
        value = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:  # nested too deep
        raise _bad_op(number, "it is not JSON") from error
    if not isinstance(value, dict):
        raise _bad_op(number, "it is not an object")
    keys = set(value)
    if keys != _OP_KEYS:
        extra = sorted(keys - _OP_KEYS)
        missing = sorted(_OP_KEYS - keys)
        detail = f"unknown key {extra[0]!r}" if extra else f"missing {missing[0]!r}"
        raise _bad_op(number, detail[:100])
    for name in ("op_id", "site_id", "entity", "row_id", "field", "value", "hlc"):
        if not isinstance(value[name], str):
            raise _bad_op(number, f"{name} is not text")
    counter = value["counter"]
    if type(counter) is not int or counter < 1:
        raise _bad_op(number, "counter is not a positive whole number")
    prev = value["prev"]
    if not isinstance(prev, list) or not all(isinstance(p, str) for p in prev):
        raise _bad_op(number, "prev is not a list of operation ids")
    if value["op_id"] != f"{value['site_id']}:{counter}":
        raise _bad_op(number, "its id does not match its site and counter")
    if not _ID.fullmatch(value["site_id"]) or not _ID.fullmatch(value["row_id"]):
        raise _bad_op(number, "a site or row id is malformed")
    if not _NAME.fullmatch(value["entity"]) or not _NAME.fullmatch(value["field"]):
        raise _bad_op(number, "an entity or field name is malformed")
    if not _HLC.fullmatch(value["hlc"]):
        raise _bad_op(number, "its clock stamp is malformed")
    return OpRow(
        op_id=value["op_id"],
        site_id=value["site_id"],
        counter=counter,
        entity=value["entity"],
        row_id=value["row_id"],
        field=value["field"],
        value=value["value"],
        hlc=value["hlc"],
        prev=tuple(prev),
    )


def read_bundle(data: bytes, programme_key: bytes) -> tuple[BundleHeader, Payload]:
    """Every check a bundle can have without a database: envelope, signature, payload."""
    envelope = open_envelope(data)
    check_signature(envelope)
    return envelope.header, unpack(decrypt(envelope, programme_key))
