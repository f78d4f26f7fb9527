"""The ``.senbundle`` file format 2 (docs/TRUST.md "Bundle format 2").

Layout::

    b"SENBUNDLE\\x02"               magic (10 bytes; format 1 began b"SENBUNDLE\\x00")
    u32 big-endian                  length of the header JSON
    header JSON (UTF-8, clear)      format, bundle id, programme, sender (laptop id), the
                                    sender's signed certificate, recipients (laptop ids),
                                    series, schema, created (HLC)
    age ciphertext                  to the recipients' X25519 keys: a zip holding
                                    manifest.json, registry.ndjson, batches.ndjson,
                                    ops.ndjson
    64 bytes                        Ed25519 signature by the sender over
                                    DOMAIN + magic + length + header + sha256(ciphertext)

Reading is done on files, never on the whole bundle in memory: ``stage_envelope`` copies
the ciphertext once into a private file while hashing it and hands back the header and
what the signature covers; the caller checks the certificate and signature, then
``decrypt_file`` writes the zip to a second private file and ``sync.payload``'s
``PayloadReader`` reads its members line by line, in chunks, with limits. Each refusal
is one sentence (``BundleError``). Nothing here touches a database; nothing from the
header is ever treated as markup.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final

import orjson

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.progress import NO_PROGRESS
from sen_desktop.sync.operations import (
    MAX_DEPTH,
    OpRow,
    too_deep,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

    from sen_desktop.core.progress import Progress

MAGIC: Final = b"SENBUNDLE\x02"
MAGIC_V1: Final = b"SENBUNDLE\x00"
_MAGIC_STEM: Final = b"SENBUNDLE"
FORMAT_VERSION: Final = 2
SUFFIX: Final = ".senbundle"
DOMAIN: Final = b"SEN Secretariat bundle\x00"

MAX_FILE_BYTES: Final = 1024 * 1024 * 1024
MAX_HEADER_BYTES: Final = 256 * 1024
MAX_RECIPIENTS: Final = 500
MAX_PARTS: Final = 10_000
MEMBER_NAMES: Final = ("manifest.json", "registry.ndjson", "batches.ndjson", "ops.ndjson")
MAX_MANIFEST_BYTES: Final = 64 * 1024
MAX_REGISTRY_ITEMS: Final = 20_000
MAX_DECOMPRESSED_BYTES: Final = 2 * 1024 * 1024 * 1024
MAX_LINE_BYTES: Final = 1024 * 1024 + 4096  # a 1 MB value and the rest of its line
MAX_OPS: Final = 2_000_000
CHUNK_OPS: Final = 20_000

SIGNATURE_BYTES: Final = 64
_LENGTH = struct.Struct(">I")
BLOCK_BYTES = 1024 * 1024

_HEADER_KEYS: Final = frozenset(
    {
        "format",
        "bundle_id",
        "programme",
        "sender",
        "certificate",
        "recipients",
        "series",
        "schema",
        "created",
    }
)
OP_ORDER: Final = (
    "op_id", "site_id", "counter", "entity", "row_id", "field", "value", "hlc", "prev"
)
OP_KEYS: Final = frozenset(OP_ORDER)
# ASCII only: without re.ASCII ``\d`` matches Arabic-Indic and other digits, which sort
# after every real stamp (issue 10).
HLC_PATTERN = re.compile(r"\d{13}\.\d{5}", re.ASCII)
NAME_PATTERN = re.compile(r"[a-z_][a-z0-9_]{0,59}", re.ASCII)
ID_PATTERN = re.compile(r"[0-9A-Za-z-]{1,36}", re.ASCII)
_BUNDLE_ID = re.compile(r"[0-9a-f-]{8,64}", re.ASCII)
_SCHEMA = re.compile(r"[0-9]{1,8}", re.ASCII)
# The three above at once, on "site NUL row NUL entity NUL field NUL hlc": no part can
# hold a NUL, so this matches exactly when each part matches its own pattern.
_SHAPED_PARTS = (ID_PATTERN, ID_PATTERN, NAME_PATTERN, NAME_PATTERN, HLC_PATTERN)
SHAPED_PATTERN = re.compile("\x00".join(part.pattern for part in _SHAPED_PARTS), re.ASCII)


class BundleError(ValidationError):
    """A bundle that cannot be imported; the message is the one sentence to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="bundle")


DAMAGED: Final = "This bundle is damaged or was altered after it was made; ask for a new one."
FORMAT_1: Final = (
    "This bundle was made by the earlier passphrase scheme; ask the sender for a new bundle."
)
NEWER: Final = (
    "This bundle was made by a newer version of SEN Secretariat; install the newer version "
    "to import it."
)
BOMB: Final = (
    "This bundle unpacks to more than a bundle may hold "
    f"({MAX_DECOMPRESSED_BYTES // 1024 // 1024:,} MB); it was refused."
)


def _canonical(value: Any) -> bytes:
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


@dataclass(frozen=True, slots=True)
class Series:
    """Which part of one export this bundle is (1 of 1 for most)."""

    export: str
    part: int = 1
    parts: int = 1


@dataclass(frozen=True, slots=True)
class BundleHeader:
    """What a bundle says in clear: only what routing needs (and covered by its signature)."""

    bundle_id: str
    programme: str
    sender: str  # laptop id
    certificate: Mapping[str, Any]  # the sender's signed certificate item
    recipients: tuple[str, ...]  # laptop ids
    series: Series
    schema: str
    created: str  # HLC stamp
    format: int = FORMAT_VERSION

    def to_json(self) -> bytes:
        return _canonical(
            {
                "format": self.format,
                "bundle_id": self.bundle_id,
                "programme": self.programme,
                "sender": self.sender,
                "certificate": dict(self.certificate),
                "recipients": list(self.recipients),
                "series": {
                    "export": self.series.export,
                    "part": self.series.part,
                    "parts": self.series.parts,
                },
                "schema": self.schema,
                "created": self.created,
            }
        )


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
        return op_line(self)


def op_line(op: OpRow | WireOp) -> bytes:
    """One ops.ndjson line (without its newline)."""
    return orjson.dumps(
        {
            "op_id": op.op_id,
            "site_id": op.site_id,
            "counter": op.counter,
            "entity": op.entity,
            "row_id": op.row_id,
            "field": op.field,
            "value": op.value,
            "hlc": op.hlc,
            "prev": list(op.prev),
        }
    )


def new_bundle_id() -> str:
    return str(uuid.uuid4())


def signed_message(header_bytes: bytes, ciphertext_digest: bytes) -> bytes:
    """What the sender signs: domain, magic, length, header, SHA-256 of the ciphertext."""
    return DOMAIN + MAGIC + _LENGTH.pack(len(header_bytes)) + header_bytes + ciphertext_digest


# --- writing ----------------------------------------------------------------------------


class PayloadWriter:
    """The zip inside a bundle, written member by member to a file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._archive = zipfile.ZipFile(
            path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1, allowZip64=True
        )

    def lines(self, name: str, lines: Iterable[bytes]) -> int:
        """Write ``name`` as the given lines; returns how many."""
        if name not in MEMBER_NAMES:
            raise ValueError(f"a bundle holds no member {name!r}")
        count = 0
        buffer: list[bytes] = []
        with self._archive.open(name, "w", force_zip64=True) as member:
            for line in lines:
                buffer.append(line)
                count += 1
                if len(buffer) >= 4096:
                    member.write(b"\n".join(buffer) + b"\n")
                    buffer = []
            if buffer:
                member.write(b"\n".join(buffer) + b"\n")
        return count

    def items(self, name: str, items: Iterable[Mapping[str, Any]]) -> int:
        return self.lines(name, (orjson.dumps(dict(item)) for item in items))

    def manifest(self, manifest: Mapping[str, Any]) -> None:
        self._archive.writestr("manifest.json", _canonical(dict(manifest)))

    def close(self) -> None:
        self._archive.close()

    def __enter__(self) -> PayloadWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _HashingWriter:
    def __init__(self, target: IO[bytes]) -> None:
        self._target = target
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.size += len(data)
        self._target.write(data)
        return len(data)

    def flush(self) -> None:
        self._target.flush()


def write_bundle(
    target: IO[bytes],
    header: BundleHeader,
    payload: Path,
    age_recipients: Sequence[str],
    sign: Callable[[bytes], bytes],
) -> None:
    """Header, the payload zip encrypted to ``age_recipients`` (streamed), signature."""
    import pyrage

    header_bytes = header.to_json()
    if len(header_bytes) > MAX_HEADER_BYTES:
        raise ValidationError("This bundle would be addressed to too many laptops.")
    keys = [pyrage.x25519.Recipient.from_str(text) for text in age_recipients]
    if not keys:
        raise ValidationError("A bundle needs at least one laptop to be made for.")
    target.write(MAGIC + _LENGTH.pack(len(header_bytes)) + header_bytes)
    hashing = _HashingWriter(target)
    with payload.open("rb") as source:
        pyrage.encrypt_io(source, hashing, keys)
    signature = bytes(sign(signed_message(header_bytes, hashing.digest.digest())))
    if len(signature) != SIGNATURE_BYTES:
        raise ValueError("An Ed25519 signature is 64 bytes.")
    target.write(signature)


# --- reading: the envelope --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Envelope:
    """A bundle's clear parts, split but not yet trusted; its ciphertext is on disk."""

    header: BundleHeader
    header_bytes: bytes
    signed: bytes  # the message the signature covers
    signature: bytes
    ciphertext_bytes: int


def stage_envelope(
    source: Path,
    ciphertext: IO[bytes],
    *,
    progress: Progress = NO_PROGRESS,
    label: str = "",
) -> Envelope:
    """Read ``source`` once: check its magic and header, copy its ciphertext to
    ``ciphertext`` while hashing it, and keep its signature. ``progress`` hears of each
    block copied (as ``label``); its Cancel stops the copy (``core.progress.Cancelled``)."""
    source = Path(source)
    try:
        size = source.stat().st_size
    except FileNotFoundError as error:
        raise BundleError(f"There is no file {source}.") from error
    except OSError as error:
        raise BundleError(f"The bundle {source} cannot be read ({_why(error)}).") from error
    if size > MAX_FILE_BYTES:
        raise BundleError(
            f"This file is {size / 1024 / 1024:,.0f} MB; a bundle is at most "
            f"{MAX_FILE_BYTES // 1024 // 1024:,} MB, so it is not one this program made."
        )
    try:
        with source.open("rb") as handle:
            return _stage(handle, ciphertext, size, progress, label)
    except OSError as error:
        raise BundleError(f"The bundle {source} cannot be read ({_why(error)}).") from error


def _why(error: OSError) -> str:
    return error.strerror or type(error).__name__


def _stage(
    handle: IO[bytes],
    ciphertext: IO[bytes],
    size: int,
    progress: Progress,
    label: str,
) -> Envelope:
    magic = handle.read(len(MAGIC))
    if magic != MAGIC:
        if magic == MAGIC_V1:
            raise BundleError(FORMAT_1)
        if len(magic) == len(MAGIC) and magic.startswith(_MAGIC_STEM) and magic[-1] > MAGIC[-1]:
            raise BundleError(NEWER)
        if magic and _MAGIC_STEM.startswith(magic[: len(_MAGIC_STEM)]) and len(magic) < len(MAGIC):
            raise BundleError("This bundle is cut short: the file ends before its header.")
        raise BundleError("This file is not a SEN Secretariat bundle.")
    raw_length = handle.read(_LENGTH.size)
    if len(raw_length) < _LENGTH.size:
        raise BundleError("This bundle is cut short: the file ends before its header.")
    (length,) = _LENGTH.unpack(raw_length)
    if length > MAX_HEADER_BYTES:
        raise BundleError(DAMAGED)
    header_bytes = handle.read(length)
    if len(header_bytes) < length:
        raise BundleError("This bundle is cut short: the file ends before its header.")
    header = parse_header(header_bytes)
    digest = hashlib.sha256()
    tail = b""
    copied = 0
    total = max(size - len(MAGIC) - _LENGTH.size - length, 0)
    while True:
        block = handle.read(BLOCK_BYTES)
        if not block:
            break
        data = tail + block
        body, tail = data[:-SIGNATURE_BYTES], data[-SIGNATURE_BYTES:]
        if body:
            digest.update(body)
            ciphertext.write(body)
            copied += len(body)
        progress.step(copied, total, label)
        if copied > MAX_FILE_BYTES:
            raise BundleError("This file grew past the size of a bundle while it was read.")
    if len(tail) < SIGNATURE_BYTES or copied == 0:
        raise BundleError("This bundle is cut short: the file ends before its contents.")
    ciphertext.flush()
    return Envelope(
        header=header,
        header_bytes=header_bytes,
        signed=signed_message(header_bytes, digest.digest()),
        signature=tail,
        ciphertext_bytes=copied,
    )


def parse_header(raw: bytes) -> BundleHeader:
    """The header's JSON, every key and type checked (its certificate only for shape)."""
    value = loads_bounded(raw, depth=MAX_DEPTH)
    if not isinstance(value, dict):
        raise BundleError(DAMAGED)
    fmt = value.get("format")
    if type(fmt) is int and fmt > FORMAT_VERSION:
        raise BundleError(NEWER)
    if set(value) != _HEADER_KEYS or fmt != FORMAT_VERSION:
        raise BundleError(DAMAGED)
    strings = ("bundle_id", "programme", "sender", "schema", "created")
    if not all(type(value[name]) is str for name in strings):
        raise BundleError(DAMAGED)
    recipients = value["recipients"]
    series = value["series"]
    certificate = value["certificate"]
    if (
        type(recipients) is not list
        or not 0 < len(recipients) <= MAX_RECIPIENTS
        or not all(type(r) is str and ID_PATTERN.fullmatch(r) for r in recipients)
        or type(series) is not dict
        or set(series) != {"export", "part", "parts"}
        or type(series["export"]) is not str
        or not _BUNDLE_ID.fullmatch(series["export"])
        or type(series["part"]) is not int
        or type(series["parts"]) is not int
        or not 1 <= series["part"] <= series["parts"] <= MAX_PARTS
        or type(certificate) is not dict
    ):
        raise BundleError(DAMAGED)
    if (
        not _BUNDLE_ID.fullmatch(value["bundle_id"])
        or not ID_PATTERN.fullmatch(value["programme"])
        or not ID_PATTERN.fullmatch(value["sender"])
        or not _SCHEMA.fullmatch(value["schema"])
        or not HLC_PATTERN.fullmatch(value["created"])
    ):
        raise BundleError(DAMAGED)
    return BundleHeader(
        bundle_id=value["bundle_id"],
        programme=value["programme"],
        sender=value["sender"],
        certificate=certificate,
        recipients=tuple(recipients),
        series=Series(series["export"], series["part"], series["parts"]),
        schema=value["schema"],
        created=value["created"],
        format=fmt,
    )


def loads_bounded(raw: bytes, *, depth: int) -> Any:
    """JSON from bytes, refusing deep nesting before the parser recurses into it."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BundleError(DAMAGED) from error
    if too_deep(text, depth):
        raise BundleError(DAMAGED)
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        raise BundleError(DAMAGED) from error


def decrypt_file(ciphertext: IO[bytes], plaintext: IO[bytes], identity: Any) -> None:
    """age-decrypt ``ciphertext`` into ``plaintext`` with this laptop's identity (streamed).

    ``identity`` has ``decrypt_io(src, dst)`` (``identity.LaptopIdentity``)."""
    import pyrage

    try:
        identity.decrypt_io(ciphertext, plaintext)
    except pyrage.DecryptError as error:
        if "No matching keys" in str(error):
            raise BundleError(
                "This bundle was not made for this laptop, so it cannot be opened here."
            ) from error
        raise BundleError(DAMAGED) from error
    except (OSError, ValueError) as error:
        raise BundleError(DAMAGED) from error
    plaintext.flush()
