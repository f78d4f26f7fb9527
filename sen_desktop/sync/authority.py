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
- tombstones a ``signing_key`` or ``recommendation_event`` row, or changes an event's
  fields other than its signature (``signature``, ``signer_laptop``, ``by_id``) unless
  its signer made the event (the signer of the batch holding the row's first operation).

Write scope in detail:

- programme-wide records (``scope.PROGRAMME_WIDE``): the root role only;
- a group's own row: its writers, except its code, kind, reporting line and tombstone,
  and adding a group, which are the root's;
- a person: a laptop that writes a group the person is linked to (appointed to one of
  its seats, recorded at one of its meetings -- in the database or in this bundle), or
  the laptop that created the person;
- a recommendation's events: the recommendation's group, or a steering group (it
  decides, and records the outcome of SMT and Members); an event's signature fields
  are changed, on an event another laptop recorded, only by a laptop certified as a
  chair, signing as itself for a person it is certified for;
- papers (which belong to no group): any laptop that writes some group.

An operation this laptop already holds identically is never refused: it changes
nothing. ``Checker`` keeps per batch its digests, per foreign-key operation of the
bundle one entry, and caches per row it resolved -- never the operations themselves.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from hashlib import sha256
from typing import TYPE_CHECKING, Any, Final

import orjson
from orjson import dumps
from sqlalchemy.orm import Session

from sen_desktop.core.store.oplog import GENESIS_SITE, SITE_ROW
from sen_desktop.sync.batches import MAX_COUNTER, ZERO_DIGEST, BatchError, WireBatch, op_digest
from sen_desktop.sync.merge import OpRow
from sen_desktop.sync.scope import PROGRAMME_WIDE, SCOPED

if TYPE_CHECKING:
    from sen_desktop.sync.certificates import Certificate
    from sen_desktop.sync.registry import Registry

# Each scoped entity's foreign key towards its group, as sync.scope maps it for reading.
WRITE_PATH: Final[dict[str, tuple[str, str]]] = {
    "remit_item": ("group_id", "group"),
    "seat": ("group_id", "group"),
    "appointment": ("seat_id", "seat"),
    "meeting": ("group_id", "group"),
    "attendance": ("meeting_id", "meeting"),
    "agenda_item": ("meeting_id", "meeting"),
    "minute_entry": ("agenda_item_id", "agenda_item"),
    "resolution": ("agenda_item_id", "agenda_item"),
    "declaration": ("meeting_id", "meeting"),
    "action": ("group_id", "group"),
    "action_update": ("action_id", "action"),
    "recommendation": ("group_id", "group"),
    "recommendation_remit": ("recommendation_id", "recommendation"),
    "recommendation_event": ("recommendation_id", "recommendation"),
}
# Rows that link a person to a group (scope.py reads people through the same two).
PERSON_LINKS: Final[dict[str, str]] = {"appointment": "person_id", "attendance": "person_id"}
SIGNATURE_FIELDS: Final = frozenset({"signature", "signer_laptop", "by_id"})
NO_TOMBSTONE: Final = frozenset({"signing_key", "recommendation_event"})
ROOT_GROUP_FIELDS: Final = frozenset({"code", "kind", "reports_to_id", "deleted"})
OWN_SITE_CLAIM: Final = (
    "This bundle holds changes claiming to be made on this laptop that this laptop never "
    "made, so it was refused."
)
MAX_BATCHES: Final = 200_000
# Counters all of a bundle's batches may list together (32 bytes of digest each, held
# through the import: 160 MB at most). A part of a series carries at most every batch of
# a programme's log, and a ten-year demo's log is about 4.2 million operations.
MAX_COVERED: Final = 5_000_000

_NOUNS: Final[dict[str, str]] = {
    "group": "details",
    "remit_item": "remit",
    "seat": "seats",
    "appointment": "appointments",
    "meeting": "meetings",
    "attendance": "attendance records",
    "agenda_item": "agendas",
    "minute_entry": "minutes",
    "resolution": "resolutions",
    "declaration": "declarations of interest",
    "action": "actions",
    "action_update": "action updates",
    "recommendation": "recommendations",
    "recommendation_remit": "recommendations",
    "recommendation_event": "recommendation decisions",
    "programme_setting": "the programme's settings",
    "programme_section": "the programme's plan",
    "body": "the list of bodies",
    "milestone": "the action plan",
    "milestone_link": "the action plan",
    "signing_key": "chairs' signing keys",
    "paper": "the list of papers",
    "person": "people",
}
_HLC = re.compile(r"\d{13}\.\d{5}", re.ASCII)
_CHUNK = 400  # ids per IN (…): well under SQLite's bound-parameter limit
_CACHE_ROWS = 200_000  # rows whose groups are kept between chunks
_REFUSED = "This bundle was refused: "
_NOBODY: Final[frozenset[str]] = frozenset()


def _plain(text: str, limit: int = 80) -> str:
    """A name from a certificate as plain text on one line."""
    clean = "".join(ch if ch.isprintable() else " " for ch in text)
    clean = " ".join(clean.split())
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class _Rights:
    """What one signer's certificate lets it write, as group ids."""

    root: bool
    all_groups: bool
    groups: frozenset[str]
    chair: bool
    writes_some: bool

    def writes_any(self, groups: frozenset[str]) -> bool:
        return self.all_groups or not self.groups.isdisjoint(groups)


# The fields ``note`` remembers: foreign keys towards a group, person links, group labels.
_NOTED_FIELDS: Final = frozenset(
    {(entity, path[0]) for entity, path in WRITE_PATH.items()}
    | set(PERSON_LINKS.items())
    | {("group", "code"), ("group", "name"), ("group", "kind")}
)
# Scoped entities whose rows need nothing but their group (no decisions, no links).
_PLAIN: Final = frozenset(WRITE_PATH) - {"recommendation_event"}


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


class Checker:
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

    # --- labels --------------------------------------------------------------------------

    def laptop_label(self, certificate: Certificate) -> str:
        """“the Parent/Carer Reference Group laptop “PCRG secretary”” and the like."""
        name = _plain(str(certificate.name))
        if certificate.is_root:
            return f"the programme lead's laptop “{name}”"
        write = [code for code in certificate.write if code != "*"]
        if len(write) == 1 and "*" not in certificate.write:
            for code, group_name, _kind in self._groups.values():
                if code == write[0]:
                    return f"the {_plain(group_name)} laptop “{name}”"
        return f"the laptop “{name}”"

    def signer_label(self, laptop_id: str) -> str:
        """``laptop_label`` of a signer of the bundle's batches, by laptop id."""
        certificate = self._certs.get(laptop_id) or self._registry.certificate(laptop_id)
        if certificate is None:
            return "an unknown laptop"
        return self.laptop_label(certificate)

    def _group_name(self, group_ids: Iterable[str]) -> str:
        names = []
        for group_id in group_ids:
            info = self._groups.get(group_id)
            if info is not None:
                names.append(_plain(info[1]))
            else:
                noted = self._noted_value("group", group_id, "name")
                if isinstance(noted, str):
                    names.append(_plain(noted))
        return sorted(names)[0] if names else "another group's"

    def _noted_value(self, entity: str, row_id: str, field: str) -> str | set[str] | None:
        return self._noted.get((entity, field), {}).get(row_id)

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
            if entity == "person" or entity == "recommendation_event":
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
                f"FROM operation WHERE op_id IN ({_marks(len(part))})",
                part,
            )
            for row in rows:
                held[str(row[0])] = tuple(row)
        for index, message in problems:
            op = chunk[index]
            have = held.get(op.op_id)
            if have is None or not _same(have, op):
                raise BatchError(message)

    # --- write scope -----------------------------------------------------------------------

    def _check_scope(self, scoped: list[tuple[int, OpRow, Certificate]]) -> list[tuple[int, str]]:
        problems: list[tuple[int, str]] = []
        if not scoped:
            return problems
        self._resolve_for(scoped)
        rights = self._rights
        row_groups = self._row_groups
        for index, op, certificate in scoped:
            right = rights.get(certificate.laptop_id)
            if right is None:
                right = rights[certificate.laptop_id] = self._rights_of(certificate)
            entity = op.entity
            if right.root and entity not in NO_TOMBSTONE:
                continue  # the root writes everything but tombstones and others' events
            # The common case in a few dictionary look-ups: a scoped row of the signer's
            # groups, a field that moves nothing, nothing about decisions or keys.
            if not right.root and entity in _PLAIN and op.field != WRITE_PATH[entity][0]:
                groups = row_groups.get((entity, op.row_id), _NOBODY)
                if groups and (right.all_groups or not right.groups.isdisjoint(groups)):
                    continue
            message = self._scope_problem(op, certificate, right)
            if message is not None:
                problems.append((index, message))
        return problems

    def _rights_of(self, certificate: Certificate) -> _Rights:
        codes = {code: gid for gid, (code, _name, _kind) in self._groups.items()}
        groups = {gid for code, gid in codes.items() if certificate.can_write(code)}
        for group_id, value in self._noted.get(("group", "code"), {}).items():
            if group_id not in self._groups:
                values = {value} if isinstance(value, str) else value
                if any(certificate.can_write(code) for code in values):
                    groups.add(group_id)
        return _Rights(
            root=bool(certificate.is_root),
            all_groups="*" in certificate.write,
            groups=frozenset(groups),
            chair=bool(certificate.chair_roles()),
            writes_some=bool(certificate.write),
        )

    def _scope_problem(self, op: OpRow, certificate: Certificate, right: _Rights) -> str | None:
        entity = op.entity
        field = op.field
        if entity in NO_TOMBSTONE and field == "deleted" and op.value == "true":
            what = (
                "a recommendation decision"
                if entity == "recommendation_event"
                else ("a chair's signing key")
            )
            return (
                f"{_REFUSED}{self.laptop_label(certificate)} tried to delete {what}, which no "
                "laptop may do."
            )
        if entity == "recommendation_event" and field not in SIGNATURE_FIELDS:
            creator = self._creator(entity, op.row_id)
            if creator != certificate.laptop_id:
                return (
                    f"{_REFUSED}{self.laptop_label(certificate)} may not alter a recommendation "
                    "decision recorded by another laptop."
                )
        if right.root:
            return None
        if entity in PROGRAMME_WIDE:
            return (
                f"{_REFUSED}{self.laptop_label(certificate)} may not change "
                f"{_NOUNS.get(entity, 'programme-wide records')}; only the programme lead's "
                "laptop may."
            )
        if entity == "paper":
            if right.writes_some:
                return None
            return f"{_REFUSED}{self.laptop_label(certificate)} may not change the list of papers."
        if entity == "person":
            return self._person_problem(op, certificate, right)
        if entity == "group":
            if field in ROOT_GROUP_FIELDS or not self._is_held_row(entity, op.row_id):
                return (
                    f"{_REFUSED}{self.laptop_label(certificate)} may not add a group or change "
                    "a group's code, kind, reporting line or existence; only the programme "
                    "lead's laptop may."
                )
            groups: frozenset[str] = frozenset({op.row_id})
        elif entity in WRITE_PATH:
            groups = self._row_groups.get((entity, op.row_id), _NOBODY)
        else:
            return (
                f"{_REFUSED}{self.laptop_label(certificate)} changes a kind of record this "
                "program does not know."
            )
        if entity == "recommendation_event":
            if field in SIGNATURE_FIELDS and self._creator(entity, op.row_id) != (
                certificate.laptop_id
            ):
                if not right.chair:
                    return (
                        f"{_REFUSED}{self.laptop_label(certificate)} may not change the "
                        "signature of a recommendation decision recorded by another laptop; "
                        "only a chair's certified laptop signs."
                    )
                return self._signature_problem(op, certificate)
            groups = groups | self._steering_groups
        if right.all_groups:
            return None  # it may write every group: which one this row is in does not matter
        if not groups:
            return (
                f"{_REFUSED}{self.laptop_label(certificate)} changes "
                f"{_NOUNS.get(entity, 'records')} whose group this laptop cannot tell."
            )
        if not right.writes_any(groups):
            return (
                f"{_REFUSED}{self.laptop_label(certificate)} may not change "
                f"{self._group_name(groups)} {_NOUNS[entity]}."
            )
        path = WRITE_PATH.get(entity)
        if path is not None and path[0] == field:
            parent = _json_text(op.value)
            target = self._row_groups.get((path[1], parent), _NOBODY) if parent else _NOBODY
            if entity == "recommendation_event":
                target = target | self._steering_groups
            if not right.writes_any(target):
                return (
                    f"{_REFUSED}{self.laptop_label(certificate)} may not move {_NOUNS[entity]} "
                    f"under {self._group_name(target)}."
                )
        return None

    def _signature_problem(self, op: OpRow, certificate: Certificate) -> str | None:
        """A chair's laptop signs a decision as itself, for a person it is chair for: it
        may not name another laptop as the signer nor sign as someone else (either would
        let one certified chair strip or spoil another's genuine approval)."""
        value = _json_text(op.value)
        if op.field == "signer_laptop" and value not in (None, certificate.laptop_id):
            return (
                f"{_REFUSED}{self.laptop_label(certificate)} may not name another laptop as "
                "the signer of a recommendation decision."
            )
        if op.field == "by_id" and value not in {r.person for r in certificate.chair_roles()}:
            return (
                f"{_REFUSED}{self.laptop_label(certificate)} may not record a decision as "
                "made by a person it is not certified to sign for."
            )
        return None

    def _person_problem(self, op: OpRow, certificate: Certificate, right: _Rights) -> str | None:
        if right.writes_any(self._person_groups.get(op.row_id, _NOBODY)):
            return None
        if self._creator("person", op.row_id) == certificate.laptop_id:
            return None
        return (
            f"{_REFUSED}{self.laptop_label(certificate)} may not change the details of a "
            "person who belongs to none of its groups."
        )

    # --- resolving rows to groups ------------------------------------------------------------

    def _resolve_for(self, scoped: list[tuple[int, OpRow, Certificate]]) -> None:
        """Look up, in bulk, the groups of every row (and new parent) the chunk writes."""
        wanted: dict[str, set[str]] = {}
        people: set[str] = set()
        creators: set[tuple[str, str]] = set()
        groups_held: set[str] = set()
        cache = self._row_groups
        rights = self._rights
        for _index, op, certificate in scoped:
            entity = op.entity
            if entity == "recommendation_event":
                creators.add((entity, op.row_id))
            right = rights.get(certificate.laptop_id)
            if right is None:
                right = rights[certificate.laptop_id] = self._rights_of(certificate)
            if right.root:
                continue  # the root writes everywhere: nothing to look up
            path = WRITE_PATH.get(entity)
            if path is not None:
                if (entity, op.row_id) not in cache:
                    wanted.setdefault(entity, set()).add(op.row_id)
                if path[0] == op.field:
                    parent = _json_text(op.value)
                    if parent and (path[1], parent) not in cache:
                        wanted.setdefault(path[1], set()).add(parent)
            elif entity == "person":
                people.add(op.row_id)
            elif entity == "group":
                groups_held.add(op.row_id)
        for entity, ids in wanted.items():
            self._resolve(entity, ids)
        if people:
            self._resolve_people(people)
        if groups_held:
            self._load_held("group", groups_held)
        for row in creators:
            self._creator(*row)

    def _resolve(self, entity: str, ids: set[str]) -> None:
        cache = self._row_groups
        todo = sorted(i for i in ids if (entity, i) not in cache)
        if not todo:
            return
        if entity == "group":
            for group_id in todo:
                cache[(entity, group_id)] = frozenset({group_id})
            return
        field, parent = WRITE_PATH[entity]
        in_table: dict[str, Any] = {}
        for start in range(0, len(todo), _CHUNK):
            part = todo[start : start + _CHUNK]
            for row_id, value in self._rows(
                f'SELECT id, "{field}" FROM "{entity}" WHERE id IN ({_marks(len(part))})', part
            ):
                in_table[str(row_id)] = value
        missing = [i for i in todo if i not in in_table]
        logged: dict[str, set[str]] = {}
        for start in range(0, len(missing), _CHUNK):
            part = missing[start : start + _CHUNK]
            for row_id, text in self._rows(
                "SELECT row_id, value FROM operation WHERE entity = ? AND field = ? AND "
                f"row_id IN ({_marks(len(part))})",
                [entity, field, *part],
            ):
                value = _json_text(text)
                if value:
                    logged.setdefault(str(row_id), set()).add(value)
        # Each row's parent: the table's value for a row held, else what the log and the
        # bundle say (a string when there is one, a set when they disagree).
        noted = self._noted.get((entity, field), {})
        parents: dict[str, str | set[str] | None] = {}
        every: set[str] = set()
        for row_id in todo:
            if row_id in in_table:
                value = in_table[row_id]
                parents[row_id] = value if isinstance(value, str) and value else None
            else:
                seen = noted.get(row_id)
                extra = logged.get(row_id)
                if extra is None:
                    parents[row_id] = seen
                else:
                    merged = set(extra)
                    if isinstance(seen, str):
                        merged.add(seen)
                    elif seen is not None:
                        merged |= seen
                    parents[row_id] = merged
            found = parents[row_id]
            if isinstance(found, str):
                every.add(found)
            elif found is not None:
                every |= found
        if every:
            self._resolve(parent, every)
        for row_id, found in parents.items():
            if found is None:
                cache[(entity, row_id)] = _NOBODY
            elif isinstance(found, str):
                cache[(entity, row_id)] = cache.get((parent, found), _NOBODY)
            else:
                groups: set[str] = set()
                for value in found:
                    groups |= cache.get((parent, value), _NOBODY)
                cache[(entity, row_id)] = frozenset(groups)

    def _resolve_people(self, people: set[str]) -> None:
        todo = sorted(p for p in people if p not in self._person_groups)
        if not todo:
            return
        found: dict[str, set[str]] = {p: set() for p in todo}
        for start in range(0, len(todo), _CHUNK):
            part = todo[start : start + _CHUNK]
            marks = _marks(len(part))
            rows = self._rows(
                "SELECT a.person_id, s.group_id FROM appointment AS a JOIN seat AS s ON "
                f"s.id = a.seat_id WHERE a.person_id IN ({marks}) UNION "
                "SELECT t.person_id, m.group_id FROM attendance AS t JOIN meeting AS m ON "
                f"m.id = t.meeting_id WHERE t.person_id IN ({marks})",
                [*part, *part],
            )
            for person_id, group_id in rows:
                found[str(person_id)].add(str(group_id))
        links: dict[str, set[str]] = {}
        for person_id in todo:
            for entity, row_id in self._links.get(person_id, ()):
                links.setdefault(entity, set()).add(row_id)
        for entity, ids in links.items():
            self._resolve(entity, ids)
        for person_id in todo:
            groups = found[person_id]
            for entity, row_id in self._links.get(person_id, ()):
                groups |= self._row_groups.get((entity, row_id), _NOBODY)
            self._person_groups[person_id] = frozenset(groups)

    def _load_held(self, entity: str, ids: Iterable[str]) -> None:
        todo = sorted(i for i in ids if (entity, i) not in self._held_rows)
        for start in range(0, len(todo), _CHUNK):
            part = todo[start : start + _CHUNK]
            held = {
                str(row_id)
                for (row_id,) in self._rows(
                    "SELECT DISTINCT row_id FROM operation WHERE entity = ? AND "
                    f"row_id IN ({_marks(len(part))})",
                    [entity, *part],
                )
            }
            for row_id in part:
                self._held_rows[(entity, row_id)] = row_id in held

    def _is_held_row(self, entity: str, row_id: str) -> bool:
        if (entity, row_id) not in self._held_rows:
            self._load_held(entity, [row_id])
        return self._held_rows[(entity, row_id)]

    def _creator(self, entity: str, row_id: str) -> str | None:
        """Who made the row: the signer of the batch holding its first operation -- in this
        laptop's log when it holds the row, else in this bundle."""
        key = (entity, row_id)
        if key in self._db_creators:
            return self._db_creators[key]
        creator: str | None
        if self._is_held_row(entity, row_id):
            creator = None
            first = self._rows(
                "SELECT site_id, counter FROM operation WHERE entity = ? AND row_id = ? "
                "ORDER BY hlc, site_id, counter LIMIT 1",
                [entity, row_id],
            )
            if first:
                site, counter = first[0]
                signers = self._rows(
                    "SELECT signer, legacy FROM op_batch WHERE site_id = ? AND "
                    "first_counter <= ? AND last_counter >= ? ORDER BY legacy",
                    [site, counter, counter],
                )
                creator = str(signers[0][0]) if signers else None
        else:
            noted = self._first_op.get(key)
            creator = noted[1] if noted is not None else None
        self._db_creators[key] = creator
        return creator

    # --- the database --------------------------------------------------------------------

    def _rows(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        cursor = self._session.connection().connection.cursor()
        try:
            cursor.execute(sql, tuple(params))
            return [tuple(row) for row in cursor.fetchall()]
        finally:
            cursor.close()

    def _load_groups(self) -> None:
        for group_id, code, name, kind in self._rows(
            'SELECT id, code, name, kind FROM "group"', ()
        ):
            self._groups[str(group_id)] = (str(code), str(name), str(kind))
        self._steering_groups = frozenset(
            group_id
            for group_id, (_code, _name, kind) in self._groups.items()
            if kind == "steering"
        )


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def _json_text(text: str) -> str | None:
    """The string a JSON value text holds, or None."""
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    return value if isinstance(value, str) else None


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


__all__ = [
    "NO_TOMBSTONE",
    "OWN_SITE_CLAIM",
    "PERSON_LINKS",
    "SCOPED",
    "SIGNATURE_FIELDS",
    "WRITE_PATH",
    "Checker",
]
