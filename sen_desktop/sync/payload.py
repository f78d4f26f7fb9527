"""Reading a bundle's payload (docs/TRUST.md "Bounds"), split from ``sync.bundle``.

Once ``bundle.decrypt_file`` has written the zip to a private file, ``PayloadReader``
reads its members (``manifest.json``, ``registry.ndjson``, ``batches.ndjson``,
``ops.ndjson``) one by one and line by line, in chunks, within limits on members, lines,
decompressed size and depth, so peak memory is a constant plus what the merge holds.
``parse_ops`` turns a chunk of operation lines into ``OpRow`` values, each refusal one
sentence (``BundleError``); ``line_id``/``line_ids`` read an operation's id without
parsing the line, and ``row_line`` writes a held operation as ``op_line`` does, so a line
already held identically is recognised by its bytes. The limits are ``sync.bundle``'s,
read from there when used.
"""

from __future__ import annotations

import json
import re
import zipfile
import zlib
from typing import TYPE_CHECKING, Any

import orjson

from sen_desktop.sync import bundle as fmt
from sen_desktop.sync.bundle import (
    BLOCK_BYTES,
    BOMB,
    CHUNK_OPS,
    DAMAGED,
    HLC_PATTERN,
    ID_PATTERN,
    MEMBER_NAMES,
    NAME_PATTERN,
    OP_KEYS,
    OP_ORDER,
    SHAPED_PATTERN,
    BundleError,
    loads_bounded,
)
from sen_desktop.sync.operations import (
    MAX_COUNTER,
    MAX_DEPTH,
    MAX_VALUE_CHARS,
    OpRow,
    too_deep,
)

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from pathlib import Path


class PayloadReader:
    """The decrypted zip, read member by member and line by line, within limits."""

    def __init__(self, path: Path) -> None:
        try:
            self._archive = zipfile.ZipFile(path)
        except Exception as error:  # whatever a malformed zip makes zipfile raise
            raise BundleError(DAMAGED) from error
        try:
            self._infos = self._check_members()
        except BaseException:
            self._archive.close()
            raise
        self._spent = 0
        self.manifest = self._manifest()

    def close(self) -> None:
        self._archive.close()

    def __enter__(self) -> PayloadReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_members(self) -> dict[str, zipfile.ZipInfo]:
        try:
            infos = self._archive.infolist()
        except Exception as error:
            raise BundleError(DAMAGED) from error
        if len(infos) > len(MEMBER_NAMES):
            raise BundleError(
                f"This bundle holds {len(infos)} files; a bundle holds {len(MEMBER_NAMES)}."
            )
        by_name: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = info.filename
            if name not in MEMBER_NAMES or name in by_name:
                raise BundleError(
                    f"This bundle holds a file named {name[:80]!r}; a bundle holds only "
                    f"{', '.join(MEMBER_NAMES)}."
                )
            if info.flag_bits & 0x1 or info.compress_type not in (
                zipfile.ZIP_STORED,
                zipfile.ZIP_DEFLATED,
            ):
                raise BundleError(DAMAGED)
            by_name[name] = info
        if set(by_name) != set(MEMBER_NAMES):
            raise BundleError(DAMAGED)
        if sum(info.file_size for info in infos) > fmt.MAX_DECOMPRESSED_BYTES:
            raise BundleError(BOMB)
        return by_name

    def _blocks(self, name: str) -> Iterator[bytes]:
        info = self._infos[name]
        try:
            with self._archive.open(info) as member:
                while True:
                    block = member.read(BLOCK_BYTES)
                    if not block:
                        return
                    self._spent += len(block)
                    if self._spent > fmt.MAX_DECOMPRESSED_BYTES or self._spent < 0:
                        raise BundleError(BOMB)
                    yield block
        except BundleError:
            raise
        except (
            zipfile.BadZipFile,
            zlib.error,
            OSError,
            EOFError,
            ValueError,
            NotImplementedError,
            RuntimeError,  # an encrypted member
        ) as error:
            raise BundleError(DAMAGED) from error

    def _lines(self, name: str, what: str) -> Iterator[list[bytes]]:
        """The member's non-blank lines, a block's worth at a time."""
        rest = b""
        number = 0
        for block in self._blocks(name):
            lines = (rest + block).split(b"\n") if rest else block.split(b"\n")
            rest = lines.pop()
            if len(rest) > fmt.MAX_LINE_BYTES:
                raise BundleError(_long_line(what, number + len(lines) + 1))
            if lines and max(map(len, lines)) > fmt.MAX_LINE_BYTES:
                long = next(i for i, line in enumerate(lines) if len(line) > fmt.MAX_LINE_BYTES)
                raise BundleError(_long_line(what, number + long + 1))
            number += len(lines)
            out = [line for line in lines if line and not line.isspace()]
            if out:
                yield out
        if rest and not rest.isspace():
            yield [rest]

    def _manifest(self) -> dict[str, Any]:
        data = b"".join(self._blocks("manifest.json"))
        if len(data) > fmt.MAX_MANIFEST_BYTES:
            raise BundleError(DAMAGED)
        value = loads_bounded(data, depth=4)
        if not isinstance(value, dict):
            raise BundleError(DAMAGED)
        return value

    def items(self, name: str, limit: int) -> Iterator[dict[str, Any]]:
        """Each line of a member of signed items (registry, batches) as a JSON object."""
        count = 0
        for lines in self._lines(name, "A line"):
            for line in lines:
                count += 1
                if count > limit:
                    raise BundleError(f"This bundle holds more than {limit:,} lines in {name}.")
                value = loads_bounded(line, depth=8)
                if not isinstance(value, dict):
                    raise BundleError(DAMAGED)
                yield value

    def line_chunks(self, size: int = CHUNK_OPS) -> Iterator[list[bytes]]:
        """ops.ndjson as lists of at most ``size`` raw lines (not yet parsed)."""
        chunk: list[bytes] = []
        number = 0
        for lines in self._lines("ops.ndjson", "Operation line"):
            chunk.extend(lines)
            while len(chunk) >= size:
                number += size
                if number > fmt.MAX_OPS:
                    raise BundleError(f"This bundle holds more than {fmt.MAX_OPS:,} operations.")
                yield chunk[:size]
                chunk = chunk[size:]
        if chunk:
            if number + len(chunk) > fmt.MAX_OPS:
                raise BundleError(f"This bundle holds more than {fmt.MAX_OPS:,} operations.")
            yield chunk

    def op_chunks(self, size: int = CHUNK_OPS) -> Iterator[list[OpRow]]:
        """ops.ndjson as lists of at most ``size`` operations, every line's shape checked."""
        number = 0
        for lines in self.line_chunks(size):
            yield parse_ops(lines, number)
            number += len(lines)


# The operation id at the start of a line as ``op_line`` writes it: ASCII, no quote or
# backslash, at most 100 characters (anything else is left for the parser).
_LINE_ID = re.compile(rb'\{"op_id":"([^"\\\x80-\xff]{0,100})"')


def line_id(line: bytes) -> str | None:
    """The operation id at the start of a line as ``op_line`` writes it; None otherwise."""
    found = _LINE_ID.match(line)
    return found[1].decode("ascii") if found else None


def line_ids(lines: Sequence[bytes]) -> list[str | None]:
    """``line_id`` of each line (one pass, for a chunk)."""
    match = _LINE_ID.match
    return [found[1].decode("ascii") if (found := match(line)) else None for line in lines]


def row_line(row: Sequence[Any]) -> bytes:
    """``op_line`` of an operation as the operation table holds it (``merge._OP_COLUMNS``)."""
    prev = row[8]
    return orjson.dumps(
        {
            "op_id": row[0],
            "site_id": row[1],
            "counter": row[2],
            "entity": row[3],
            "row_id": row[4],
            "field": row[5],
            "value": row[6],
            "hlc": row[7],
            "prev": [] if prev == "[]" else orjson.loads(prev),
        }
    )


def parse_ops(
    lines: Sequence[bytes], before: int = 0, numbers: Sequence[int] | None = None
) -> list[OpRow]:
    """Every line as a merge.OpRow; refuses odd shapes (``before``: lines already read;
    or ``numbers``: each line's number, when some lines were set aside).

    A line goes first through orjson and every shape check at once; a line that fails
    any of it (or that orjson reads differently from the standard library, as it does
    integers past 64 bits) is read again by ``_parse_op``, whose checks and sentences
    are the rule. So the fast path only ever accepts what ``_parse_op`` accepts, as the
    same operation, and a refused line is refused with the same sentence.
    """
    ops: list[OpRow] = []
    append = ops.append
    loads = orjson.loads
    shaped = SHAPED_PATTERN.fullmatch
    keys = OP_KEYS
    order = OP_ORDER
    join = "\x00".join
    make = tuple.__new__
    number = before
    for index, line in enumerate(lines):
        number = numbers[index] if numbers is not None else number + 1
        try:
            value = loads(line)
        except ValueError:  # orjson.JSONDecodeError (also its own depth limit)
            value = None
        if type(value) is dict:
            if tuple(value) == order:
                # Keys in the order op_line writes them (every honest line): one unpacking.
                op_id, site_id, counter, entity, row_id, name, text, hlc, prev = value.values()
            elif value.keys() == keys:
                op_id, site_id, counter = value["op_id"], value["site_id"], value["counter"]
                entity, row_id, name = value["entity"], value["row_id"], value["field"]
                text, hlc, prev = value["value"], value["hlc"], value["prev"]
            else:
                append(_parse_op(line, number))
                continue
            try:
                # join() takes only text: it checks the five names are strings at once.
                good = (
                    type(counter) is int
                    and 1 <= counter < MAX_COUNTER
                    and type(text) is str
                    and len(text) <= MAX_VALUE_CHARS
                    and type(prev) is list
                    and len(prev) <= _MAX_PREV
                    and (not prev or all(type(p) is str for p in prev))
                    and op_id == f"{site_id}:{counter}"
                    and type(op_id) is str
                    and shaped(join((site_id, row_id, entity, name, hlc))) is not None
                )
            except TypeError:
                good = False
            if good:
                append(
                    make(
                        OpRow,
                        (op_id, site_id, counter, entity, row_id, name, text, hlc, tuple(prev)),
                    )
                )
                continue
        append(_parse_op(line, number))
    return ops


_MAX_PREV = 1000


def _long_line(what: str, number: int) -> str:
    return (
        f"{what} {number:,} of this bundle is longer than "
        f"{fmt.MAX_LINE_BYTES // 1024 // 1024} MB; the bundle was refused."
    )


def _bad_op(number: int, why: str) -> BundleError:
    return BundleError(f"Operation line {number:,} of this bundle is not valid: {why}.")


def _parse_op(line: bytes, number: int) -> OpRow:
    """One line, read by the standard library and checked one thing at a time."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _bad_op(number, "it is not JSON") from error
    if too_deep(text):
        raise _bad_op(number, f"it is nested more than {MAX_DEPTH} levels deep")
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise _bad_op(number, "it is not JSON") from error
    if not isinstance(value, dict):
        raise _bad_op(number, "it is not an object")
    keys = set(value)
    if keys != OP_KEYS:
        extra = sorted(keys - OP_KEYS)
        missing = sorted(OP_KEYS - keys)
        detail = f"unknown key {extra[0]!r}" if extra else f"missing {missing[0]!r}"
        raise _bad_op(number, detail[:100])
    for name in ("op_id", "site_id", "entity", "row_id", "field", "value", "hlc"):
        if not isinstance(value[name], str):
            raise _bad_op(number, f"{name} is not text")
    counter = value["counter"]
    if type(counter) is not int or counter < 1:
        raise _bad_op(number, "counter is not a positive whole number")
    if counter >= MAX_COUNTER:
        raise _bad_op(number, "its counter is beyond 2^53")
    if len(value["value"]) > MAX_VALUE_CHARS:
        raise _bad_op(number, "its value is longer than 1 MB")
    prev = value["prev"]
    if (
        not isinstance(prev, list)
        or len(prev) > _MAX_PREV
        or not all(isinstance(p, str) for p in prev)
    ):
        raise _bad_op(number, "prev is not a list of operation ids")
    if value["op_id"] != f"{value['site_id']}:{counter}":
        raise _bad_op(number, "its id does not match its site and counter")
    if not ID_PATTERN.fullmatch(value["site_id"]) or not ID_PATTERN.fullmatch(value["row_id"]):
        raise _bad_op(number, "a site or row id is malformed")
    if not NAME_PATTERN.fullmatch(value["entity"]) or not NAME_PATTERN.fullmatch(value["field"]):
        raise _bad_op(number, "an entity or field name is malformed")
    if not HLC_PATTERN.fullmatch(value["hlc"]):
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


__all__ = ["PayloadReader", "line_id", "line_ids", "parse_ops", "row_line"]
