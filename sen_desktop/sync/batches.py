"""Signed, hash-chained batches of operations (docs/TRUST.md "Authorship").

Before an export a laptop *seals* the operations it made and has not sealed yet
(``sync.sealing``): per site, runs of at most ``MAX_BATCH`` consecutive counters become
one ``op-batch`` item that lists the SHA-256 digest of each operation (``op_digest``),
names the site's previous batch (``prev``: a hash chain per site) and is signed with the
laptop's key; the lead's laptop vouches for the passphrase scheme's operations with
legacy batches, whose all-zero digest (``ZERO_DIGEST``) marks a counter it does not hold.
A bundle carries, for every operation in it, the whole batch covering it
(``batches_covering``), so the recipient can check each operation against its author's
signature even when the bundle leaves some of the batch's operations out
(``sync.authority``).

The wire form of a batch item:
``{"body": {"kind": "op-batch", "v": 1, "programme", "signer", "site", "nonce",
"first", "last", "prev", "legacy", "hashes", "sealed"}, "signature": "<128 hex>"}``
with ``hashes`` the standard base64 of the concatenated 32-byte digests and
``sealed`` an ISO-8601 UTC instant; the batch id is the SHA-256 hex of the canonical
body. Batches are kept in the local ``op_batch`` table.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import orjson

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.recommendations.signing import canonical_json
from sen_desktop.core.store.oplog import GENESIS_SITE

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping, Sequence

    from sqlalchemy.orm import Session

    from sen_desktop.sync.operations import OpRow
    pass

MAX_BATCH: Final = 10_000
"""The most counters one batch covers."""
MAX_COUNTER: Final = 2**53
"""Counters are below this (docs/TRUST.md "Bounds")."""
ZERO_DIGEST: Final = bytes(32)
"""A legacy batch's digest for a counter its signer does not hold."""
KIND: Final = "op-batch"
VERSION: Final = 1

_BODY_KEYS: Final = frozenset(
    {
        "kind",
        "v",
        "programme",
        "signer",
        "site",
        "nonce",
        "first",
        "last",
        "prev",
        "legacy",
        "hashes",
        "sealed",
    }
)
_ID = re.compile(r"[0-9A-Za-z-]{1,36}", re.ASCII)  # laptop, site and programme ids
_HEX64 = re.compile(r"[0-9a-f]{64}", re.ASCII)
_HEX128 = re.compile(r"[0-9a-f]{128}", re.ASCII)
_INSTANT = re.compile(r"[0-9T:.+Z-]{10,40}", re.ASCII)
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}", re.ASCII)
_CHUNK = 400  # ids per IN (…): well under SQLite's bound-parameter limit


class BatchError(ValidationError):
    """A batch or an operation's authorship does not hold; the message is one sentence."""


# --- digests ---------------------------------------------------------------------------------

_dumps = orjson.dumps
_sha256 = hashlib.sha256


def op_digest(op: OpRow) -> bytes:
    """SHA-256 of ``canonical_json([op_id, site_id, counter, entity, row_id, field, value,
    hlc, list(prev)])`` (docs/TRUST.md), 32 bytes."""
    return _digest(tuple(op))  # an OpRow is that list's fields, in that order


def _digest(fields: tuple[Any, ...]) -> bytes:
    # orjson writes a list of strings and integers exactly as canonical_json does
    # (compact, UTF-8, the same escapes; a test holds it to that), ten times faster.
    # What it refuses -- an integer beyond 64 bits, a lone surrogate -- goes the slow way,
    # which gives the same bytes or refuses too.
    try:
        text = _dumps(fields)
    except TypeError:
        try:
            text = canonical_json([*fields[:8], list(fields[8])])
        except (TypeError, ValueError) as error:
            raise BatchError(
                "A change in the bundle holds text that is not valid Unicode, so it was refused."
            ) from error
    return _sha256(text).digest()


def row_digest(row: Sequence[Any]) -> bytes:
    """``op_digest`` of an ``operation`` table row (its prev still JSON text)."""
    prev_text = row[8]
    prev = () if prev_text == "[]" else tuple(orjson.loads(prev_text))
    return _digest((row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], prev))


# --- the wire form ---------------------------------------------------------------------------


def _is_instant(text: str) -> bool:
    """True for an ISO-8601 instant with its zone, as sealing writes it."""
    if not _INSTANT.fullmatch(text):
        return False
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return moment.tzinfo is not None


def batch_id_of(body: Mapping[str, Any]) -> str:
    """The batch id: SHA-256 hex of the canonical body."""
    return hashlib.sha256(canonical_json(dict(body))).hexdigest()


@dataclass(frozen=True, slots=True)
class WireBatch:
    """A batch item as it travels, its shape checked (not its signature: sync.authority)."""

    batch_id: str
    signer: str
    site: str
    nonce: int | None
    first: int
    last: int
    prev: str
    legacy: bool
    digests: bytes  # 32 bytes per counter first..last
    sealed: str
    item: dict[str, Any]
    programme: str = ""

    def covers(self, counter: int) -> bool:
        return self.first <= counter <= self.last

    def digest_of(self, counter: int) -> bytes:
        """The digest the batch lists for ``counter``; ValueError outside first..last."""
        if not self.first <= counter <= self.last:
            raise ValueError(f"counter {counter} is outside {self.first}..{self.last}")
        start = (counter - self.first) * 32
        return self.digests[start : start + 32]

    @classmethod
    def from_item(cls, item: object) -> WireBatch:
        """Read a batch item; BatchError in one sentence if its shape is not the one above."""
        bad = "This bundle holds a batch of signed changes this program cannot read"
        if not isinstance(item, dict) or set(item) != {"body", "signature"}:
            raise BatchError(f"{bad}.")
        body, signature = item["body"], item["signature"]
        if not isinstance(signature, str) or not _HEX128.fullmatch(signature):
            raise BatchError(f"{bad}: its signature is malformed.")
        if not isinstance(body, dict) or set(body) != _BODY_KEYS:
            raise BatchError(f"{bad}: it has the wrong fields.")
        if body["kind"] != KIND or type(body["v"]) is not int or body["v"] != VERSION:
            raise BatchError(f"{bad}: it is of another kind or version.")
        programme, signer, site = body["programme"], body["signer"], body["site"]
        for value in (programme, signer, site):
            if not isinstance(value, str) or not _ID.fullmatch(value):
                raise BatchError(f"{bad}: a laptop, site or programme id is malformed.")
        nonce, first, last = body["nonce"], body["first"], body["last"]
        if nonce is not None and (type(nonce) is not int or not 0 <= nonce < MAX_COUNTER):
            raise BatchError(f"{bad}: its site number is out of range.")
        if type(first) is not int or type(last) is not int:
            raise BatchError(f"{bad}: its counters are not whole numbers.")
        if not 1 <= first <= last < MAX_COUNTER:
            raise BatchError(f"{bad}: its counters are out of range.")
        if last - first >= MAX_BATCH:
            raise BatchError(f"{bad}: it covers more than {MAX_BATCH:,} changes.")
        prev, legacy, hashes, sealed = body["prev"], body["legacy"], body["hashes"], body["sealed"]
        if not isinstance(prev, str) or (prev and not _HEX64.fullmatch(prev)):
            raise BatchError(f"{bad}: it names its previous batch wrongly.")
        if type(legacy) is not bool or (legacy and nonce is not None):
            raise BatchError(f"{bad}: its legacy flag is wrong.")
        if not isinstance(sealed, str) or not _is_instant(sealed):
            raise BatchError(f"{bad}: its date is malformed.")
        count = last - first + 1
        if (
            not isinstance(hashes, str)
            or len(hashes) != 4 * ((32 * count + 2) // 3)
            or not _BASE64.fullmatch(hashes)
        ):
            raise BatchError(f"{bad}: its list of digests is malformed.")
        try:
            digests = base64.b64decode(hashes, validate=True)
        except (binascii.Error, ValueError) as error:
            raise BatchError(f"{bad}: its list of digests is malformed.") from error
        if len(digests) != 32 * count or base64.b64encode(digests).decode("ascii") != hashes:
            raise BatchError(f"{bad}: its list of digests is malformed.")
        return cls(
            batch_id=batch_id_of(body),
            signer=signer,
            site=site,
            nonce=nonce,
            first=first,
            last=last,
            prev=prev,
            legacy=legacy,
            digests=digests,
            sealed=sealed,
            item=item,
            programme=programme,
        )


def batch_body(
    *,
    programme: str,
    signer: str,
    site: str,
    nonce: int | None,
    first: int,
    last: int,
    prev: str,
    legacy: bool,
    digests: bytes,
    sealed: str,
) -> dict[str, Any]:
    """The body of a batch item (unsigned)."""
    return {
        "kind": KIND,
        "v": VERSION,
        "programme": programme,
        "signer": signer,
        "site": site,
        "nonce": nonce,
        "first": first,
        "last": last,
        "prev": prev,
        "legacy": legacy,
        "hashes": base64.b64encode(digests).decode("ascii"),
        "sealed": sealed,
    }


INSERT_BATCH = (
    "INSERT OR IGNORE INTO op_batch (batch_id, site_id, first_counter, last_counter, signer, "
    "legacy, item, sealed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


# --- export and import -----------------------------------------------------------------------


@dataclass(slots=True)
class HeldBatch:
    batch_id: str
    first: int
    last: int
    legacy: bool
    derived: bool = False  # its own signer's batch on a site derived from its key


class SiteIndex:
    """One site's held batches, sorted by first counter, for finding the covering one."""

    def __init__(self, batches: list[HeldBatch]) -> None:
        # Own batches before legacy ones, so a laptop's own signature is preferred.
        batches.sort(key=lambda b: (b.first, b.legacy, b.batch_id))
        self.batches = batches
        self.firsts = [b.first for b in batches]
        reach = 0
        self.reach: list[int] = []
        for batch in batches:
            reach = max(reach, batch.last)
            self.reach.append(reach)

    def covering(self, counter: int) -> Iterator[HeldBatch]:
        """Every batch covering ``counter``: non-legacy ones first."""
        found: list[HeldBatch] = []
        index = bisect_right(self.firsts, counter) - 1
        while index >= 0 and self.reach[index] >= counter:
            batch = self.batches[index]
            if batch.last >= counter:
                found.append(batch)
            index -= 1
        found.sort(key=lambda b: b.legacy)
        return iter(found)


def batches_covering(
    session: Session,
    ops: Iterable[OpRow],
    *,
    missing: list[OpRow] | None = None,
    early: list[OpRow] | None = None,
) -> list[dict[str, Any]]:
    """The signed batch items covering ``ops`` (genesis operations need none), each once,
    ordered by site and first counter: an operation's own batch, and a legacy batch where
    it lists the operation's digest (the root's vouching counts where the author may no
    longer write what it wrote before laptops were certified).

    An operation no batch covers (this laptop did not seal first, or it holds another
    laptop's changes from before laptops were certified that the root has not vouched for
    to it) raises BatchError -- or, when ``missing`` is a list, is appended to it so the
    export can leave it out and say so.

    When ``early`` is a list, every operation covered only by batches of sites certified
    from before laptops were (its author's old sites, the root's legacy batches) is
    appended to it: its author may no longer write what it wrote then, so the export asks
    whether the recipient would take it (``sync.holding``)."""
    session.flush()
    cursor = session.connection().connection.cursor()
    sites: dict[str, SiteIndex] = {}
    legacy_digests: dict[str, WireBatch] = {}
    chosen: dict[str, tuple[str, int]] = {}
    try:
        for op in ops:
            site = op.site_id
            if site == GENESIS_SITE:
                continue
            index = sites.get(site)
            if index is None:
                cursor.execute(
                    "SELECT batch_id, first_counter, last_counter, legacy, "
                    "json_extract(item, '$.body.nonce') IS NOT NULL FROM op_batch "
                    "WHERE site_id = ?",
                    (site,),
                )
                index = sites[site] = SiteIndex(
                    [
                        HeldBatch(str(b), int(f), int(la), bool(g), bool(d))
                        for b, f, la, g, d in cursor.fetchall()
                    ]
                )
            covered = derived = False
            digest = b""
            for held in index.covering(op.counter):
                derived = derived or held.derived
                if held.legacy:
                    # Carried beside the author's own batch too: the root's vouching counts
                    # where the author may no longer write what it wrote before joining.
                    wire = legacy_digests.get(held.batch_id)
                    if wire is None:
                        wire = legacy_digests[held.batch_id] = load_batch(cursor, held.batch_id)
                    digest = digest or op_digest(op)
                    if wire.digest_of(op.counter) != digest:
                        continue
                    if held.batch_id not in chosen:
                        chosen[held.batch_id] = (site, held.first)
                    covered = True
                    break
                if held.batch_id not in chosen:
                    chosen[held.batch_id] = (site, held.first)
                covered = True
            if covered and not derived and early is not None:
                early.append(op)
            if not covered:
                if missing is not None:
                    missing.append(op)
                    continue
                raise BatchError(
                    f"The change {op.op_id} was never signed by the laptop that made it, so "
                    "it cannot be exported; this laptop must seal its changes first."
                )
        ordered = sorted(chosen, key=lambda batch_id: chosen[batch_id])
        items: dict[str, dict[str, Any]] = {}
        for start in range(0, len(ordered), _CHUNK):
            part = ordered[start : start + _CHUNK]
            marks = ", ".join("?" * len(part))
            cursor.execute(f"SELECT batch_id, item FROM op_batch WHERE batch_id IN ({marks})", part)
            for batch_id, text in cursor.fetchall():
                items[str(batch_id)] = orjson.loads(text)
    finally:
        cursor.close()
    return [items[batch_id] for batch_id in ordered]


def load_batch(cursor: Any, batch_id: str) -> WireBatch:
    cursor.execute("SELECT item FROM op_batch WHERE batch_id = ?", (batch_id,))
    (text,) = cursor.fetchone()
    return WireBatch.from_item(orjson.loads(text))


def store_batches(session: Session, batches: Iterable[WireBatch]) -> int:
    """Keep the batches not held yet (import, after the checks); returns how many were new."""
    session.flush()
    cursor = session.connection().connection.cursor()
    added = 0
    try:
        for batch in batches:
            cursor.execute(
                INSERT_BATCH,
                (
                    batch.batch_id,
                    batch.site,
                    batch.first,
                    batch.last,
                    batch.signer,
                    1 if batch.legacy else 0,
                    canonical_json(batch.item).decode("utf-8"),
                    batch.sealed,
                ),
            )
            added += cursor.rowcount if cursor.rowcount > 0 else 0
    finally:
        cursor.close()
    return added


def held_batches(session: Session, site: str) -> list[WireBatch]:
    """Every batch held for ``site``, by first counter (reports, tests)."""
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(
            "SELECT item FROM op_batch WHERE site_id = ? ORDER BY first_counter, batch_id", (site,)
        )
        return [WireBatch.from_item(orjson.loads(text)) for (text,) in cursor.fetchall()]
    finally:
        cursor.close()


__all__ = [
    "KIND",
    "MAX_BATCH",
    "MAX_COUNTER",
    "ZERO_DIGEST",
    "INSERT_BATCH",
    "BatchError",
    "HeldBatch",
    "SiteIndex",
    "WireBatch",
    "batch_body",
    "batch_id_of",
    "batches_covering",
    "held_batches",
    "load_batch",
    "op_digest",
    "row_digest",
    "store_batches",
]
