"""Checking a bundle's operations against their authors (docs/TRUST.md "Authorship").

The importer streams a bundle: first its batches (``Checker.add_batches``), then two
passes over its operations in chunks -- ``note`` remembers the foreign keys the bundle
carries for rows it creates, ``check`` refuses the whole bundle, in one sentence
(``BatchError``), when an operation

- has a counter outside 1 .. 2**53 - 1;
- is a genesis operation this laptop does not hold identically;
- claims this laptop: it is on the site this laptop writes under now and is not held
  identically here (it would take a counter this laptop is about to use), or its batch
  is on any of this laptop's sites (``own_sites``: its current, earlier and certified old
  sites) and signed by another laptop -- except the root's legacy batches, which vouch
  for this laptop's changes from before it joined. So a laptop's own changes may come
  back to it, even ones it lost to a restored backup, and nobody else's may claim it;
- is covered by no batch listing its digest; the batch's signature must verify with its
  signer's certificate, its signer be known, its site be derived from the signer's key
  with the batch's nonce or listed in the signer's certificate (or the batch be a legacy
  one signed by the root);
- was stamped at or after its signer's revocation;
- writes outside its signer's write groups: the row is mapped to its group through its
  foreign keys (``WRITE_PATH``, the chains ``sync.scope`` follows for reading) using the
  database and what ``note`` saw; moving a row under another parent needs the new
  parent's group too;
- tombstones a ``signing_key``, ``recommendation_event`` or ``policy_event`` row, or
  changes an event's fields other than its signature (``signature``, ``signer_laptop``,
  ``by_id``) unless its signer made the event (the signer of the batch holding the
  row's first operation).

An operation this laptop already holds identically is never refused: it changes
nothing. ``Checker`` keeps per batch its digests, per foreign-key operation of the
bundle one entry, and caches per row it resolved -- never the operations themselves.
Its write-scope half (the rules in detail, the laptops' and groups' names in its
sentences) is ``sync.write_scope.WriteScope``, over ``sync.row_groups.RowGroups`` (rows
to groups).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from hashlib import sha256
from typing import TYPE_CHECKING, Any, Final

import orjson
from orjson import dumps

from sen_desktop.core.store.oplog import GENESIS_SITE, SITE_ROW
from sen_desktop.sync.batches import MAX_COUNTER, ZERO_DIGEST, BatchError, WireBatch, op_digest
from sen_desktop.sync.materialize import marks
from sen_desktop.sync.row_groups import PERSON_LINKS, WRITE_PATH
from sen_desktop.sync.write_scope import (
    _REFUSED,
    DECISION_EVENTS,
    NO_TOMBSTONE,
    WriteScope,
    _Rights,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from sqlalchemy.orm import Session

    from sen_desktop.sync.certificates import Certificate
    from sen_desktop.sync.operations import OpRow
    from sen_desktop.sync.registry import Registry

OWN_SITE_CLAIM: Final = (
    "This bundle holds changes claiming to be made on this laptop that this laptop never "
    "made, so it was refused."
)
MAX_BATCHES: Final = 200_000
# Counters all of a bundle's batches may list together (32 bytes of digest each, held
# through the import: 160 MB at most). A part of a series carries at most every batch of
# a programme's log, and a ten-year demo's log is about 4.2 million operations.
MAX_COVERED: Final = 5_000_000

_HLC = re.compile(r"\d{13}\.\d{5}", re.ASCII)
_CHUNK = 400  # ids per IN (…): well under SQLite's bound-parameter limit
_CACHE_ROWS = 200_000  # rows whose groups are kept between chunks
# The fields ``note`` remembers: foreign keys towards a group, person links, group labels.
_NOTED_FIELDS: Final = frozenset(
    {(entity, path[0]) for entity, path in WRITE_PATH.items()}
    | set(PERSON_LINKS.items())
    | {("group", "code"), ("group", "name"), ("group", "kind")}
    | {(entity, field) for entity in DECISION_EVENTS for field in ("group_id", "body_id")}
)


class _Site:
    """One site's batches in the bundle, sorted by first counter."""

    __slots__ = ("batches", "firsts", "reach")

    def __init__(self, batches: list[WireBatch]) -> None:
        batches.sort(key=lambda b: (b.first, b.legacy, b.batch_id))
        self.batches = batches
        self.firsts = [b.first for b in batches]
        self.reach: list[int] = []
        top = 0
        for batch in batches:
            top = max(top, batch.last)
            self.reach.append(top)

    def find(self, counter: int, digest: bytes) -> WireBatch | None | bool:
        """The batch listing ``digest`` for ``counter``; False when some batch covers the
        counter with another digest; None when none covers it."""
        index = bisect_right(self.firsts, counter) - 1
        covered = False
        while index >= 0 and self.reach[index] >= counter:
            batch = self.batches[index]
            if batch.last >= counter:
                start = (counter - batch.first) * 32
                listed = batch.digests[start : start + 32]
                if listed == digest:
                    return batch
                covered = covered or listed != ZERO_DIGEST
            index -= 1
        return False if covered else None


class Checker(WriteScope):
    """Checks a bundle's operations, chunk by chunk, against their signed batches."""

    def __init__(
        self,
        session: Session,
        registry: Registry,
        *,
        own_laptop_id: str,
        own_sites: set[str],
    ) -> None:
        self._session = session
        self._registry = registry
        self._own_laptop = own_laptop_id
        self._own_sites = frozenset(own_sites)
        current = self._rows("SELECT site_id FROM site_state WHERE id = ?", (SITE_ROW,))
        # The site this laptop writes under now: an operation there that it does not hold
        # would take a counter it is about to use.
        self._current = frozenset({str(current[0][0])}) if current else self._own_sites
        self._programme = registry.programme_id
        self._batches: dict[str, WireBatch] = {}
        self._covered = 0  # counters the kept batches list a digest for (memory held)
        self._by_site: dict[str, _Site] | None = None
        self._certs: dict[str, Certificate] = {}
        self._revoked: dict[str, int | None] = {}
        # note(): the bundle's foreign keys, person links, group labels, row creators.
        # (entity, field) -> row id -> the value(s) the bundle gives the field: one dict
        # per field rather than a key per operation, values shared (many rows, one parent).
        self._noted: dict[tuple[str, str], dict[str, str | set[str]]] = {}
        self._shared: dict[str, str] = {}
        self._links: dict[str, set[tuple[str, str]]] = {}
        self._first_op: dict[tuple[str, str], tuple[tuple[str, str, int], str | None]] = {}
        # Caches of what the database says.
        self._groups: dict[str, tuple[str, str, str]] = {}  # id -> (code, name, kind)
        self._row_groups: dict[tuple[str, str], frozenset[str]] = {}
        self._held_rows: dict[tuple[str, str], bool] = {}
        self._db_creators: dict[tuple[str, str], str | None] = {}
        self._person_groups: dict[str, frozenset[str]] = {}
        self._rights: dict[str, _Rights] = {}
        self._load_groups()

    # --- batches -------------------------------------------------------------------------

    def add_batches(self, items: Iterable[object]) -> None:
        """Read and verify the bundle's batch items (before ``note`` and ``check``)."""
        from sen_desktop.sync.certificates import TrustError, verify_item
        from sen_desktop.sync.identity import derive_site

        for item in items:
            batch = WireBatch.from_item(item)
            if batch.batch_id in self._batches:
                continue
            if len(self._batches) >= MAX_BATCHES:
                raise BatchError(
                    f"{_REFUSED}it holds more than {MAX_BATCHES:,} batches of signed changes."
                )
            self._covered += batch.last - batch.first + 1
            if self._covered > MAX_COVERED:
                # Digests compress to nothing: without this a small crafted bundle could
                # make the import hold gigabytes of them.
                raise BatchError(
                    f"{_REFUSED}its batches list more than {MAX_COVERED:,} changes, more than "
                    "any bundle this program makes."
                )
            if batch.programme != self._programme:
                raise BatchError(
                    f"{_REFUSED}a batch of changes in it belongs to another programme."
                )
            certificate = self._registry.certificate(batch.signer)
            if certificate is None:
                raise BatchError(
                    f"{_REFUSED}it holds changes signed by a laptop this programme does not know."
                )
            who = self.laptop_label(certificate)
            if (
                batch.site in self._own_sites
                and batch.signer != self._own_laptop
                and not (batch.legacy and certificate.is_root)
            ):
                raise BatchError(OWN_SITE_CLAIM)
            if batch.site == GENESIS_SITE:
                raise BatchError(
                    f"{_REFUSED}{who} signed changes to the programme as first set up, which "
                    "no laptop may change."
                )
            # The certificate in force decides; a batch sealed under an earlier certificate
            # of the same laptop (re-admitted with new keys) verifies with that one's key.
            keys = [certificate] + [
                older
                for older in reversed(self._all_certificates())
                if older.laptop_id == batch.signer and older.sign_key != certificate.sign_key
            ]
            sealer = None
            for candidate in keys:
                try:
                    verify_item(batch.item, candidate.sign_key, "op-batch")
                except TrustError:
                    continue
                sealer = candidate
                break
            if sealer is None:
                raise BatchError(
                    f"{_REFUSED}a batch of changes said to come from {who} does not carry "
                    "that laptop's signature."
                )
            if batch.legacy:
                if not certificate.is_root:
                    raise BatchError(
                        f"{_REFUSED}only the programme lead's laptop may vouch for changes made "
                        f"before laptops were certified, and {who} is not it."
                    )
            elif not (
                (
                    batch.nonce is not None
                    and derive_site(sealer.sign_key, batch.nonce) == batch.site
                )
                or batch.site in sealer.sites
                or batch.site in certificate.sites
            ):
                raise BatchError(
                    f"{_REFUSED}{who} signed changes as if they were made on another laptop."
                )
            self._batches[batch.batch_id] = batch
            self._certs[batch.signer] = certificate
            if batch.signer not in self._revoked:
                self._revoked[batch.signer] = self._revoked_millis(batch.signer)
            self._by_site = None

    def _all_certificates(self) -> list[Certificate]:
        return self._registry.all_certificates()

    def batches(self) -> list[WireBatch]:
        """The verified batches, for ``batches.store_batches`` once the import is applied."""
        return list(self._batches.values())

    def _revoked_millis(self, laptop_id: str) -> int | None:
        from sen_desktop.sync.certificates import parse_instant

        start = self._registry.revoked_from(laptop_id)
        if start is None:
            return None
        return int(parse_instant(start).timestamp() * 1000)

    def _sites(self) -> dict[str, _Site]:
        if self._by_site is None:
            grouped: dict[str, list[WireBatch]] = {}
            for batch in self._batches.values():
                grouped.setdefault(batch.site, []).append(batch)
            self._by_site = {site: _Site(batches) for site, batches in grouped.items()}
        return self._by_site

    def _batch_of(self, op: OpRow) -> WireBatch | None | bool:
        site = self._sites().get(op.site_id)
        if site is None:
            return None
        return site.find(op.counter, op_digest(op))

    def author_of(self, op: OpRow) -> str | None:
        """The laptop id whose batch signs ``op`` (the root's for a legacy batch), or None."""
        found = self._batch_of(op)
        return found.signer if isinstance(found, WireBatch) else None

    # --- the first pass ----------------------------------------------------------------------

    def note(self, ops: Iterable[OpRow]) -> None:
        """First pass: remember the foreign keys and links the bundle carries, and who
        wrote each person and event first in it."""
        noted = self._noted
        shared = self._shared
        wanted = _NOTED_FIELDS
        for op in ops:
            entity = op.entity
            field = op.field
            if (entity, field) in wanted:
                try:
                    value = orjson.loads(op.value)
                except orjson.JSONDecodeError:
                    continue  # merge.validate refuses it in its own words
                if not isinstance(value, str) or len(value) > 200:
                    continue
                value = shared.setdefault(value, value)
                rows = noted.get((entity, field))
                if rows is None:
                    rows = noted[(entity, field)] = {}
                row_id = op.row_id
                seen = rows.get(row_id)
                if seen is None:
                    rows[row_id] = value
                elif isinstance(seen, str):
                    if seen != value:
                        rows[row_id] = {seen, value}
                elif len(seen) < 64:
                    seen.add(value)
                if PERSON_LINKS.get(entity) == field:
                    self._links.setdefault(value, set()).add((entity, row_id))
            if entity == "person" or entity in DECISION_EVENTS:
                stamp = (op.hlc, op.site_id, op.counter)
                row = (entity, op.row_id)
                first = self._first_op.get(row)
                if first is None or stamp < first[0]:
                    self._first_op[row] = (stamp, self.author_of(op))

    # --- the second pass -----------------------------------------------------------------

    def check(self, ops: Iterable[OpRow]) -> None:
        """Second pass: refuse the bundle (BatchError, one sentence) if any operation of
        the chunk breaks a rule above."""
        chunk = list(ops)
        if len(self._row_groups) + len(self._person_groups) > _CACHE_ROWS:
            # What the database said is looked up again rather than kept for a huge bundle.
            self._row_groups.clear()
            self._person_groups.clear()
            self._held_rows.clear()
            self._db_creators.clear()
        problems: list[tuple[int, str]] = []  # refused unless held identically
        scoped: list[tuple[int, OpRow, Certificate]] = []
        sites = self._sites()
        own = self._current
        revoked = self._revoked
        # The signers whose operations need no scope look-up unless they touch a decision
        # or a key: laptops with the root role (``_scope_problem`` lets the rest pass).
        rooted = {signer for signer, certificate in self._certs.items() if certificate.is_root}
        for index, op in enumerate(chunk):
            counter = op.counter
            if type(counter) is not int or not 1 <= counter < MAX_COUNTER:
                raise BatchError(
                    f"{_REFUSED}a change in it has a counter beyond what this program accepts."
                )
            site_id = op.site_id
            if site_id == GENESIS_SITE:
                problems.append(
                    (
                        index,
                        f"{_REFUSED}it changes the programme as first set up, which no "
                        "laptop may change.",
                    )
                )
                continue
            if site_id in own:
                problems.append((index, OWN_SITE_CLAIM))
                continue
            site = sites.get(site_id)
            if site is None:
                problems.append((index, self._unsigned(op, None, None)))
                continue
            # op_digest and _Site.find inlined: this loop runs once per operation.
            try:
                # An OpRow is the tuple op_digest hashes (orjson takes no named tuple).
                digest = sha256(dumps(tuple(op))).digest()
            except TypeError:
                digest = op_digest(op)  # the slow way gives the same bytes, or refuses
            position = bisect_right(site.firsts, counter) - 1
            found: WireBatch | bool | None = None
            if position >= 0:
                batch = site.batches[position]
                start = (counter - batch.first) * 32
                if counter <= batch.last and batch.digests[start : start + 32] == digest:
                    found = batch
            if found is None:
                found = site.find(counter, digest)
            if not isinstance(found, WireBatch):
                problems.append((index, self._unsigned(op, found, site)))
                continue
            signer = found.signer
            certificate = self._certs[signer]
            stop = revoked[signer]
            if stop is not None:
                hlc = op.hlc
                if not isinstance(hlc, str) or _HLC.fullmatch(hlc) is None:
                    raise BatchError(f"{_REFUSED}a change in it has a malformed clock stamp.")
                if int(hlc[:13]) >= stop:
                    problems.append(
                        (
                            index,
                            f"{_REFUSED}{self.laptop_label(certificate)} was revoked, but "
                            "the bundle holds changes that laptop made after its revocation.",
                        )
                    )
                    continue
            if signer in rooted and op.entity not in NO_TOMBSTONE:
                continue
            scoped.append((index, op, certificate))
        for index, message in self._check_scope(scoped):
            # Its author may not write it now, but the root's legacy batch may vouch for
            # it (made before laptops were certified, when its author could).
            root = self._legacy_voucher(chunk[index], sites.get(chunk[index].site_id))
            if root is None or self._scope_problem(chunk[index], root, self._right(root)):
                problems.append((index, message))
        if problems:
            self._raise_unless_held(chunk, problems)

    def _right(self, certificate: Certificate) -> _Rights:
        right = self._rights.get(certificate.laptop_id)
        if right is None:
            right = self._rights[certificate.laptop_id] = self._rights_of(certificate)
        return right

    def _legacy_voucher(self, op: OpRow, site: _Site | None) -> Certificate | None:
        """The root's certificate when a legacy batch of the root lists ``op`` (and the
        root was not revoked by the operation's stamp), else None."""
        if site is None:
            return None
        digest = op_digest(op)
        counter = op.counter
        index = bisect_right(site.firsts, counter) - 1
        while index >= 0 and site.reach[index] >= counter:
            batch = site.batches[index]
            index -= 1
            if not batch.legacy or batch.last < counter or batch.digest_of(counter) != digest:
                continue
            certificate = self._certs.get(batch.signer)
            if certificate is None or not certificate.is_root:
                continue
            stop = self._revoked.get(batch.signer)
            if stop is None or int(op.hlc[:13]) < stop:
                return certificate
        return None

    def _unsigned(self, op: OpRow, found: object, site: _Site | None) -> str:
        if found is False and site is not None:
            index = bisect_right(site.firsts, op.counter) - 1
            while index >= 0:
                batch = site.batches[index]
                if batch.covers(op.counter):
                    who = self.laptop_label(self._certs[batch.signer])
                    return (
                        f"{_REFUSED}a change in it differs from what {who} signed, so it was "
                        "altered on the way."
                    )
                index -= 1
        return f"{_REFUSED}a change in it carries no signature of the laptop that made it."

    def _raise_unless_held(self, chunk: Sequence[OpRow], problems: list[tuple[int, str]]) -> None:
        """Raise the first problem whose operation this laptop does not hold identically."""
        problems.sort(key=lambda p: p[0])
        wanted = sorted({chunk[index].op_id for index, _ in problems})
        held: dict[str, tuple[Any, ...]] = {}
        for start in range(0, len(wanted), _CHUNK):
            part = wanted[start : start + _CHUNK]
            rows = self._rows(
                "SELECT op_id, site_id, counter, entity, row_id, field, value, hlc, prev "
                f"FROM operation WHERE op_id IN ({marks(len(part))})",
                part,
            )
            for row in rows:
                held[str(row[0])] = tuple(row)
        for index, message in problems:
            op = chunk[index]
            have = held.get(op.op_id)
            if have is None or not _same(have, op):
                raise BatchError(message)


def _same(row: tuple[Any, ...], op: OpRow) -> bool:
    """The held ``operation`` row is ``op``, prev compared as a list."""
    op_id, site_id, counter, entity, row_id, field, value, hlc, prev = row
    if (op_id, site_id, counter, entity, row_id, field, value, hlc) != (
        op.op_id,
        op.site_id,
        op.counter,
        op.entity,
        op.row_id,
        op.field,
        op.value,
        op.hlc,
    ):
        return False
    try:
        held_prev = orjson.loads(prev)
    except orjson.JSONDecodeError:
        return False
    return isinstance(held_prev, list) and tuple(held_prev) == tuple(op.prev)


__all__ = ["MAX_BATCHES", "MAX_COVERED", "OWN_SITE_CLAIM", "Checker"]
