"""Laptops edit offline and swap bundles badly, a malicious laptop attacks; in the end
the honest laptops all agree, and nothing the attacker did counts.

A hypothesis state machine under the trust model (docs/TRUST.md): laptop 0 is the
programme root (the lead's laptop); every other laptop has its own keys in its own
keyring, requested a certificate, was admitted by the root and joined, pinning the
root by its fingerprint. Full laptops may read and write every group and each but the
root's is the certified laptop of one chair (of the Steering Group and of SMT and
Members); in some runs the last laptop is a reference-group laptop whose certificate
reads and writes only some groups (with or without contacts and confidential
business), and which writes only there.

Random creates, edits, tombstones and conflict resolutions on each laptop; clocks
skewed by days and jumping about; bundles delivered late, out of order, twice, cut
short or never. Between full laptops whole bundles go by ``merge.ops_since`` and
``apply_ops`` directly (fast, and cut short at any operation), with the signed batches
that cover them (every laptop seals before anything leaves it); to and from the
reference-group laptop they are real bundle files (``sync.exchange``: encrypted to the
receiving laptop, signed by the sender, checked operation by operation against their
authors' batches and certificates), late, twice, cut short or with a byte flipped
(refused with a sentence, database unchanged) or stamped more than a day ahead (held,
then confirmed).

Approvals: laptops raise recommendations and take them along the pathway; a chair
signs endorsements and approvals on their certified laptop; two laptops record
contradictory decisions from the same state without seeing each other;
recommendations are edited after approval; an insider pastes a signature by their own
laptop's key over other words.

The malicious laptop M holds a valid certificate for the reference group (PCRG, read
and write) and knows everything in every database -- every operation, batch,
certificate and bundle file -- except the other laptops' private keys. It works
honestly within its scope (its bundles must be accepted), and it tries, each time
through the real import of an honest laptop: operations under another laptop's site;
writes outside its write scope (a Steering Group minute, a programme setting, a
chair's key row); tombstoning decision events; pasting or moving chairs' signatures;
a chair's certificate of its own making; counters of 2**63-1, stamps far in the future
or in non-ASCII digits; another bundle's id; its own bundle sent to a laptop it was
not made for; genuine operations relayed with altered content (refused) or unchanged
(accepted as their author's); genuine operations outside the reader's scope relayed to
the reference laptop, whole meetings or fragments -- a minute alone, an action raised at
a meeting without the meeting, a decision without its recommendation, an item and its
minute without their meeting, to wait for it (refused by the reference laptop when
outside its scope or left waiting for parents; taken whole, waiting if need be, by a
laptop reading everything; never half-applied). Each refused attempt leaves the target
database byte-identical (SQLite's serialized bytes) and says why in one sentence.

A laptop's life: in some runs the full laptops first worked under the earlier passphrase
scheme (old random sites; a chair's endorsement signed with a key row of that scheme,
made by a tick box on the chair's laptop) and the lead migrates the programme
(docs/TRUST.md "Authorship", Legacy): starting seals legacy batches vouching for the others'
operations it holds, and the others re-join with their old sites in their certificates.
Until the lead's batches reach a laptop, its bundles hold back what no batch there vouches
for (and, for the reference laptop, rows that would wait for it) rather than being
refused (``sync.holding``). Those operations converge like any;
the old endorsement is shown "signed under the earlier scheme — ask the chair to
re-sign" and never counts until the chair re-signs it on their certified laptop. The
lead may revoke a chair's laptop (``laptop revoke``), from now or, in runs without a
reference laptop, from an earlier instant once every laptop holds what it made; it
leaves the honest exchange but keeps working and signing. Its bundles are refused whole
where the revocation has reached and taken where it has not (a laptop cannot know); M
relays what it wrote afterwards (edits, its chair's decisions) with its genuine batches
and is refused everywhere; an honest laptop the revocation has reached holds no change
it stamped from then on (those it took before are taken out, sync.revoked, and a bundle
still carrying them from a laptop not yet told is refused), and none of its decisions
dated from then counts there; what it made before still converges. A full laptop's
backup may be restored mid-run: the restore fence (``sync.fence.fence_if_restored``)
moves it to a new site of its key when the copy is older than what it sealed, so no
counter is used twice, what nobody else had is lost, and the rest converges. The gaps the
machine found are regression tests in test_convergence_lifecycle.py, each in its
smallest form.

The machine can fail: ``test_the_machine_catches_a_break`` breaks one check at a time
(authority's write scope, batch signatures and digests, revocations on import, the
registry's root signature, the chairs' certificates, signatures and revocations,
decisions of the earlier scheme, the read fence on import, the restore fence) and a
short run must notice.

At every step, on every honest laptop: a chair's decision counts only when the laptop
named as signer holds a certificate from the root making it chair of the deciding body
for the person deciding, and the signature by that certificate's key verifies over the
event and the content the laptop now holds (checked here afresh, against the root's
registry); every operation not of the laptop's own site is covered by a batch whose
signature verifies with the certificate of the laptop the site belongs to, with the
operation's digest; nothing of M's site is held but what M wrote within its scope and
the honest laptops accepted; the reference-group laptop holds nothing outside its
certificate's read scope; a decision signed under the earlier scheme is shown so and
never counts. After a final honest exchange every honest laptop (all but a revoked one)
holds the same synced tables and conflicts, nothing waits for a parent, every text
anybody typed is still in the log (but what stayed on the revoked laptop or was lost
with a disk), and every decision event is as it was made.

Ids made by services (recommendations, events) and laptops' keys are counted or drawn
from a fixed pool (``converge_helpers.count_ids``, ``deterministic_identities``), so
that hypothesis can replay a run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import sqlite3
import tempfile
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from converge_helpers import (
    Grant,
    Office,
    count_ids,
    deterministic_identities,
    enrol,
    programme,
    send,
    start_programme,
)
from forger_helpers import Forger, Ledger, header_of
from hypothesis import HealthCheck, Phase, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from merge_helpers import EPOCH, Laptop
from sqlalchemy import func, select

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.recommendations.checks import content_of_row, derive_many, parse_at
from sen_desktop.core.recommendations.records import REASON_EARLIER_SCHEME
from sen_desktop.core.recommendations.signing import (
    KEYRING_SERVICE,
    approval_message_of,
    approval_message_v2,
    content_hash,
)
from sen_desktop.core.store import models as m
from sen_desktop.core.store.database import SCHEMA_REVISION
from sen_desktop.core.store.oplog import GENESIS_SITE
from sen_desktop.sync import identity as ident
from sen_desktop.sync.bundle import BundleError
from sen_desktop.sync.certificates import (
    Certificate,
    Role,
    certificate_body,
    parse_instant,
    sign_item,
)
from sen_desktop.sync.conflicts import conflicts, resolve_conflict
from sen_desktop.sync.exchange import ImportResult, import_bundle
from sen_desktop.sync.exporting import export_bundle
from sen_desktop.sync.fields import is_free_text
from sen_desktop.sync.operations import OpRow, ops_since
from sen_desktop.sync.refusals import FutureBundleError
from sen_desktop.sync.registry import load as load_registry
from sen_desktop.sync.scope import Profile, filter_ops, scope_for
from sen_desktop.sync.trust import LEGACY_PROGRAMME_USER

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

DAY_MS = 86_400_000
WORDS = st.text(alphabet="abcdefgh ", min_size=1, max_size=12)

CONTACTS = ("email", "notes", "phone")  # a person's contact details
# (group codes, contacts, confidential): what the reference-group laptop may read.
PROFILES: tuple[tuple[tuple[str, ...], bool, bool], ...] = (
    (("PCRG",), False, False),
    (("BESD", "PCRG"), True, False),
    (("SG",), False, True),
)
EVERY_GROUP = ("*",)
CHAIRS_OF = ("SG", "SMT")  # the bodies whose chairs sign (endorsements, approvals)
FORGER_GROUP = "PCRG"  # the malicious laptop's certificate: read and write this group only
# Decisions that contradict one another when taken concurrently from one state
# (deferring and withdrawing are not decisions on the merits: the pathway lets a
# recommendation be decided after either).
_BEFORE_SG: tuple[str, ...] = (
    rs.T_ENDORSED,
    rs.T_ENDORSED_WITH_AMENDMENTS,
    rs.T_REFERRED_BACK,
    rs.T_NOT_ENDORSED,
)
_BEFORE_SMT: tuple[str, ...] = (
    rs.T_APPROVED,
    rs.T_APPROVED_WITH_AMENDMENTS,
    rs.T_REJECTED,
    rs.T_NOTED,
)
CONTRADICTORY: dict[str, tuple[str, ...]] = {
    rs.SUBMITTED_TO_SG: _BEFORE_SG,
    rs.DEFERRED_BY_SG: _BEFORE_SG,
    rs.SUBMITTED_TO_SMT: _BEFORE_SMT,
    rs.DEFERRED_BY_SMT: _BEFORE_SMT,
}
FIXED_EVENT_FIELDS = (
    "recommendation_id",
    "transition",
    "body_id",
    "group_id",
    "meeting_id",
    "minute_number",
    "at",
    "note",
    "content_hash",
    "after_id",
    "deleted",
)
# What the malicious laptop tries (``Laptops.attack``: the method for each); a subclass
# may narrow ``attacks``.
ATTACKS: dict[str, str] = {
    "another laptop's site": "attack_another_laptops_site",
    "a Steering Group minute": "attack_steering_group_minute",
    "a programme setting": "attack_a_programme_setting",
    "a chair's key row": "attack_a_chairs_key_row",
    "tombstone a decision": "attack_tombstone_a_decision",
    "paste a signature": "attack_paste_a_signature",
    "move a signature": "attack_move_a_signature",
    "a decision of its own": "attack_a_decision_of_its_own",
    "a chair certificate of its own": "attack_a_chair_certificate_of_its_own",
    "counter 2**63-1": "attack_huge_counter",
    "a stamp far ahead": "attack_a_stamp_far_ahead",
    "a stamp in other digits": "attack_a_stamp_in_other_digits",
    "another bundle's id": "attack_another_bundles_id",
    "a bundle made for another laptop": "attack_a_bundle_made_for_another_laptop",
    "an honest bundle made for another laptop": "attack_an_honest_bundle_made_for_another_laptop",
    "relayed and altered": "attack_relayed_and_altered",
    "relayed unchanged": "attack_relayed_unchanged",
    "relayed outside the reader's scope": "attack_relayed_outside_scope",
    "a revoked laptop's later changes": "attack_a_revoked_laptops_later_changes",
    "a minute alone": "attack_a_minute_alone",
    "an action without its meeting": "attack_an_action_without_its_meeting",
    "a decision without its recommendation": "attack_a_decision_without_its_recommendation",
    "an item and its minute without their meeting": "attack_an_item_and_minute_alone",
}
FRAGMENTS = (
    "a minute alone",
    "an action without its meeting",
    "a decision without its recommendation",
    "an item and its minute without their meeting",
)


@dataclass
class Bundle:
    """Operations on their way between full laptops, with the batches that cover them."""

    sender: int
    ops: list[OpRow]
    batches: list[str]  # signed batch items, JSON
    knowledge: dict[str, int]  # the sender's, as a bundle header carries it
    gappy: bool  # the sender's log has gaps (it took in a scoped export)
    registry: list[dict[str, Any]] = field(default_factory=list)  # a revocation, say


@dataclass
class Posted:
    """A real bundle file's bytes, on its way to a laptop."""

    sender: int
    data: bytes
    # For an export to the reference-group laptop: every in-scope operation the sender
    # held when it exported (None: not checked).
    in_scope: frozenset[str] | None
    gappy: bool
    # By its receiver (a second import is a replay); None: not known (its receiver was
    # restored from a backup since, which may or may not hold the receipt).
    imported: bool | None = False
    after_revocation: bool = False  # made by the revoked laptop after its revocation
    # Made by a laptop the revocation had not reached, holding the revoked laptop's later
    # changes (a laptop that has heard refuses it if it carries them).
    late: bool = False


@dataclass
class DecisionEvent:
    """What a decision event was made with, to find it unchanged everywhere."""

    fixed: dict[str, Any]
    made_on: int  # the laptop that recorded it
    # (signature, signer_laptop, by_id) as each laptop that wrote them left them.
    signed: set[tuple[str, str | None, str | None]] = field(default_factory=set)


class Laptops(RuleBasedStateMachine):
    attacks: tuple[str, ...] = tuple(ATTACKS)

    def __init__(self) -> None:
        super().__init__()
        self.restore_ids = count_ids()
        self.restore_keys = deterministic_identities()
        self.folder = Path(tempfile.mkdtemp(prefix="converge-"))
        self.laptops: list[Office] = []
        self.forger_laptop: Office | None = None
        self.mailbox: dict[int, list[Bundle]] = defaultdict(list)
        self.post: dict[int, list[Posted]] = defaultdict(list)
        # acks[(sender, receiver)]: what sender last heard receiver holds.
        self.acks: dict[tuple[int, int], dict[str, int]] = {}
        self.typed: set[tuple[str, str, str]] = set()  # (entity, field, JSON value)
        self.made = 0
        self.sent = 0
        self.scoped: int | None = None  # the reference-group laptop, if any
        self.profile: tuple[tuple[str, ...], bool, bool] = ((), False, False)
        self.gappy: set[int] = set()  # laptops whose logs may have gaps
        self.secrets: dict[str, str] = {}  # exempt item / minute id -> its group's code
        self.chairs: dict[int, str] = {}  # laptop -> the chair certified to sign on it
        self.events: dict[str, DecisionEvent] = {}
        self.pairs: list[tuple[str, str]] = []  # contradictory concurrent decisions
        # Operations of the malicious laptop's site an honest laptop may hold: what it
        # wrote within its scope (and a signature pasted into an event of its group).
        self.forger_ops: set[str] = set()
        self.forged_events: set[str] = set()  # events it made that an honest laptop took
        self.last_refusal = ""
        self.held_back: frozenset[str] = frozenset()  # by the last real export
        self.ledger: Ledger | None = None
        self.last_rowid: dict[int, int] = {}  # per laptop: operations checked up to here
        self.batch_rowid: dict[int, int] = {}  # per laptop: batches taken up to here
        self.unsealed: dict[int, list[OpRow]] = {}  # per laptop: its own, to check again
        self.looked: dict[tuple[str, int], tuple[Any, ...]] = {}  # see ``changed``
        self.legacy_events: set[str] = set()  # decisions signed under the passphrase scheme
        # Revocation: the revoked laptop (it leaves the honest exchange), its revocation's
        # instant (ms), and its changes stamped at or after it that every honest laptop
        # already held when it was revoked from an earlier instant.
        self.revoked: int | None = None
        self.revoked_ms = 0
        self.revoked_held: set[str] = set()
        # Rows waiting for good, at the end, for rows the revoked laptop made once revoked.
        self.stranded: set[str] = set()
        # Restores: a copy of some laptops' databases; texts and decisions lost with a
        # disk (nobody else had them).
        self.backups: dict[int, bytes] = {}
        self.lost_texts: set[tuple[str, str, str]] = set()
        self.lost_events: set[str] = set()

    def new_id(self, laptop: int) -> str:
        # Ids fixed by the steps, not random: hypothesis replays a run and must see it again.
        self.made += 1
        return str(uuid.UUID(int=(laptop + 1) << 64 | self.made))

    @property
    def forger(self) -> Office:
        assert self.forger_laptop is not None
        return self.forger_laptop

    @initialize(
        skews=st.lists(st.integers(-5 * DAY_MS, 5 * DAY_MS), min_size=3, max_size=5),
        scoped=st.sampled_from([*range(len(PROFILES)), None]),
        legacy=st.booleans(),
    )
    def start(self, skews: list[int], scoped: int | None, legacy: bool = False) -> None:
        self.laptops = [
            Office(n, self.folder / f"laptop-{n}", skew_ms=skew) for n, skew in enumerate(skews)
        ]
        self.forger_laptop = Office(len(skews), self.folder / "forger")
        if scoped is not None:
            self.scoped = len(self.laptops) - 1
            self.profile = PROFILES[scoped]
        # Every full laptop but the root's is one chair's certified laptop: the lead
        # starts the programme, enters the chairs and admits the laptops.
        root = self.laptops[0]
        if legacy:
            self.passphrase_scheme()
        start_programme(root)
        if not legacy:
            with root.factory.begin() as session:
                for n in self.full()[1:]:
                    self.chairs[n] = self.new_id(0)
                    session.add(m.Person(id=self.chairs[n], full_name=f"Chair {n}"))
        others: list[tuple[Office, Grant]] = []
        for n, laptop in enumerate(self.laptops[1:], start=1):
            if n == self.scoped:
                codes, contacts, confidential = self.profile
                # It reads and writes its own groups only.
                grant = Grant(codes, None, contacts, confidential)
            else:
                grant = Grant(EVERY_GROUP, EVERY_GROUP, True, True, CHAIRS_OF, self.chairs[n])
            others.append((laptop, grant))
        others.append((self.forger, Grant((FORGER_GROUP,), (FORGER_GROUP,))))
        enrol(self.laptops[0], others)
        with self.laptops[0].factory() as session:
            registry = load_registry(session)
            assert registry.root_public is not None and registry.programme_id is not None
            self.ledger = Ledger(
                registry.root_public,
                registry.programme_id,
                {c.laptop_id: c for c in registry.certificates()},
            )
            certificate = registry.certificate(self.forger.laptop_id)
            assert certificate is not None
        self.mal = Forger(self.forger.trust.identity(), certificate.item)
        # Some shared rows to start from, so that concurrent edits meet early.
        for n, laptop in enumerate(self.laptops):
            with laptop.factory.begin() as session:
                # The reference laptop writes in its own groups only.
                group = session.scalars(
                    select(m.Group.id).where(*self.writable(n, m.Group)).order_by(m.Group.id)
                ).first()
                assert group is not None
                person = m.Person(
                    id=self.new_id(n),
                    full_name=f"Person {n}",
                    email=f"person{n}@example.org",
                    phone=f"01234 56789{n}",
                )
                meeting = m.Meeting(
                    id=self.new_id(n), group_id=group, number=n, date=dt.date(2011, 1, 12)
                )
                session.add_all([person, meeting])
                session.flush()
                # In a seat of the reference group, the Steering Group or BESD: people
                # some certificates read, with contact details some of them may not.
                code = ("PCRG", "SG", "BESD")[n % 3] if n != self.scoped else self.profile[0][0]
                seat = session.scalars(
                    select(m.Seat.id)
                    .join(m.Group, m.Group.id == m.Seat.group_id)
                    .where(m.Group.code == code)
                    .order_by(m.Seat.id)
                ).first()
                session.add(
                    m.Appointment(
                        id=self.new_id(n),
                        seat_id=seat,
                        person_id=person.id,
                        start_date=dt.date(2011, 1, 1),
                    )
                )
                item = m.AgendaItem(id=self.new_id(n), meeting_id=meeting.id, position=1, title="I")
                session.add(item)
                session.flush()
                session.add_all(
                    [
                        m.MinuteEntry(id=self.new_id(n), agenda_item_id=item.id, text=f"M{n}"),
                        m.Action(
                            id=self.new_id(n), reference="A", group_id=group, description=f"A{n}"
                        ),
                    ]
                )
            self.note("minute_entry", "text", f"M{n}")
            self.note("action", "description", f"A{n}")
        # Part 2 business of groups in and out of every certificate, for the scope to
        # withhold.
        first = self.laptops[0]
        with first.factory.begin() as session:
            for code in ("PCRG", "SG", "CL"):
                group = session.scalars(select(m.Group.id).where(m.Group.code == code)).one()
                meeting = m.Meeting(
                    id=self.new_id(0), group_id=group, number=9, date=dt.date(2011, 2, 9)
                )
                session.add(meeting)
                session.flush()
                item = m.AgendaItem(
                    id=self.new_id(0),
                    meeting_id=meeting.id,
                    position=1,
                    title=f"A named child ({code})",
                    exempt=True,
                    exempt_paragraph=1,
                    exempt_reason="Information about a named child",
                )
                session.add(item)
                session.flush()
                minute = m.MinuteEntry(id=self.new_id(0), agenda_item_id=item.id, text="Agreed.")
                session.add(minute)
                self.secrets[item.id] = self.secrets[minute.id] = code
        self.note("minute_entry", "text", "Agreed.")
        # Recommendations before the Steering Group and before SMT and Members, signed on
        # the first chair's laptop, so that decisions meet early.
        chair = 1
        office = self.laptops[chair]
        for n in range(len(self.laptops)):
            if n != chair:
                office.pull(self.laptops[n])
        with office.factory() as session:
            besd = session.scalars(select(m.Group.id).where(m.Group.code == "BESD")).one()
        steps = (rs.T_AGREED, rs.T_SUBMITTED_TO_SG, rs.T_ENDORSED, rs.T_SUBMITTED_TO_SMT)
        for title, upto in (("Outreach", 2), ("Training", 4)):
            rec = office.service.create(besd, title, text=f"{title} for BESD.")
            self.note("recommendation", "text", rec.text)
            for transition in steps[:upto]:
                signer = self.chairs[chair] if transition in rs.SIGNED_TRANSITIONS else None
                office.service.record_event(rec.id, transition, sign_as=signer)
                (made,) = self.event_ids(office, rec.id) - self.events.keys()
                self.remember(office, made)
        for one in self.full():
            for other in range(len(self.laptops)):
                if other != one:
                    self.laptops[one].pull(self.laptops[other])
        if self.scoped is not None:
            self.import_real(self.scoped, self.export_real(0, self.scoped))

    def passphrase_scheme(self) -> None:
        """The programme as the earlier passphrase scheme left it, before the lead starts
        it under the trust model (docs/TRUST.md "Authorship", Legacy): the full laptops wrote under
        their old random sites -- the chairs, a meeting, a minute and an action each, a
        recommendation endorsed by a chair signed with a key row the chair's laptop made
        -- and swapped everything; one then wrote more that the lead never had. The lead's
        keyring holds the old programme key, so starting seals legacy batches for the
        others' operations it holds; the others' requests list their old sites, which
        their certificates bind. (The reference-group laptop is new to the programme.)"""
        root = self.laptops[0]
        full = self.full()
        chair = full[1]
        office = self.laptops[chair]

        def swap() -> None:
            """Everything everywhere, as the passphrase scheme's bundles did."""
            for n in full:
                for k in full:
                    if k != n:
                        receiver = self.laptops[n]
                        receiver.receive(Laptop.ops_for(self.laptops[k], receiver.knowledge()))

        with root.factory.begin() as session:
            for n in full[1:]:
                self.chairs[n] = self.new_id(0)
                session.add(m.Person(id=self.chairs[n], full_name=f"Chair {n}"))
        swap()
        # The chair's key row, made by a tick box on the chair's laptop.
        private = ident.new_sign_private()
        with office.factory.begin() as session:
            key = m.SigningKey(
                id=self.new_id(chair),
                person_id=self.chairs[chair],
                public_key=ident.public_hex(private),
                created_at="2010-05-05T10:00:00Z",
            )
            session.add(key)
        for n in full:
            laptop = self.laptops[n]
            with laptop.factory.begin() as session:
                group = session.scalars(select(m.Group.id).where(m.Group.code == "BESD")).one()
                meeting = m.Meeting(
                    id=self.new_id(n), group_id=group, number=20 + n, date=dt.date(2010, 5, 5)
                )
                session.add(m.Person(id=self.new_id(n), full_name=f"Legacy person {n}"))
                session.add(meeting)
                session.flush()
                item = m.AgendaItem(id=self.new_id(n), meeting_id=meeting.id, position=1, title="L")
                session.add(item)
                session.flush()
                session.add_all(
                    [
                        m.MinuteEntry(
                            id=self.new_id(n), agenda_item_id=item.id, text=f"Legacy minute {n}"
                        ),
                        m.Action(
                            id=self.new_id(n),
                            reference="L",
                            group_id=group,
                            description=f"Legacy action {n}",
                        ),
                    ]
                )
            self.note("minute_entry", "text", f"Legacy minute {n}")
            self.note("action", "description", f"Legacy action {n}")
        swap()
        with office.factory() as session:
            besd = session.scalars(select(m.Group.id).where(m.Group.code == "BESD")).one()
        rec = office.service.create(besd, "Legacy outreach", text="Outreach, decided long ago.")
        self.note("recommendation", "text", rec.text)
        for transition in (rs.T_AGREED, rs.T_SUBMITTED_TO_SG):
            office.service.record_event(rec.id, transition)
        before = self.event_ids(office, rec.id)
        office.service.record_event(rec.id, rs.T_ENDORSED, by_id=self.chairs[chair])
        (made,) = self.event_ids(office, rec.id) - before
        with office.factory.begin() as session:
            row = session.get_one(m.RecommendationEvent, made)
            row.signature = ident.sign_with(private, approval_message_of(row)).hex()
            row.signer_key_id = key.id
        swap()
        self.legacy_events = set(self.event_ids(office, rec.id))
        for event_id in sorted(self.legacy_events):
            self.remember(office, event_id)
        late = self.laptops[full[-1]]
        with late.factory.begin() as session:
            session.get_one(m.Action, self.first_action(late)).description = "Legacy late edit"
        self.note("action", "description", "Legacy late edit")
        root.keyring.set_password(KEYRING_SERVICE, LEGACY_PROGRAMME_USER, "passphrase")

    def first_action(self, laptop: Laptop) -> str:
        with laptop.factory() as session:
            found = session.scalars(select(m.Action.id).order_by(m.Action.id)).first()
        assert found is not None
        return found

    def teardown(self) -> None:
        try:
            if self.ledger is not None:  # set up in full
                self.final_exchange_agrees()
        finally:
            for laptop in [*self.laptops, *([self.forger_laptop] if self.forger_laptop else [])]:
                laptop.close()
            shutil.rmtree(self.folder, ignore_errors=True)
            self.restore_ids()
            self.restore_keys()

    # --- helpers ---------------------------------------------------------------------------

    def full(self) -> list[int]:
        """The laptops that take whole bundles (all but the reference-group laptop and
        a revoked one)."""
        return [n for n in range(len(self.laptops)) if n not in (self.scoped, self.revoked)]

    def honest(self) -> list[int]:
        """The laptops that must agree in the end (all but a revoked one)."""
        return [n for n in range(len(self.laptops)) if n != self.revoked]

    def knows_revocation(self, n: int) -> bool:
        assert self.revoked is not None
        return self.laptops[self.revoked].laptop_id in self.laptops[n].revocations()

    def after_revocation(self, op: OpRow) -> bool:
        """An operation the revoked laptop signed, stamped at or after its revocation."""
        if self.revoked is None or self.ledger is None:
            return False
        return (
            self.ledger.author(op) == self.laptops[self.revoked].laptop_id
            and int(op.hlc[:13]) >= self.revoked_ms
        )

    def late_held(self, office: Office) -> list[str]:
        """The revoked laptop's changes stamped from its revocation on that ``office``
        holds (only where the revocation has not reached: it takes them out when it does)."""
        if self.revoked is None:
            return []
        sites = sorted(self.laptops[self.revoked].own_sites())
        with office.engine.connect() as conn:
            return [
                op_id
                for (op_id,) in conn.exec_driver_sql(
                    f"SELECT op_id FROM operation WHERE site_id IN ({', '.join('?' * len(sites))}) "
                    "AND hlc >= ?",
                    (*sites, f"{self.revoked_ms:013d}"),
                )
            ]

    def laptop(self, data: st.DataObject) -> tuple[int, Office]:
        n = data.draw(st.integers(0, len(self.laptops) - 1), label="laptop")
        return n, self.laptops[n]

    def full_laptop(self, data: st.DataObject) -> tuple[int, Office]:
        n = data.draw(st.sampled_from(self.full()), label="full laptop")
        return n, self.laptops[n]

    def pick(self, data: st.DataObject, laptop: Laptop, model: Any, *where: Any) -> str | None:
        with laptop.factory() as session:
            ids = sorted(session.scalars(select(model.id).where(*where)).all())
        if not ids:
            return None
        return str(data.draw(st.sampled_from(ids), label=model.__tablename__))

    def writable(self, n: int, model: Any) -> tuple[Any, ...]:
        """Conditions on ``model``'s rows that laptop ``n`` may write: the reference-group
        laptop writes only its own groups (an honest laptop: its certificate says so)."""
        if n != self.scoped:
            return ()
        codes = select(m.Group.id).where(m.Group.code.in_(self.profile[0]))
        if model is m.Group:
            return (m.Group.code.in_(self.profile[0]),)
        if model is m.MinuteEntry:
            return (
                m.MinuteEntry.agenda_item_id.in_(
                    select(m.AgendaItem.id)
                    .join(m.Meeting, m.Meeting.id == m.AgendaItem.meeting_id)
                    .where(m.Meeting.group_id.in_(codes))
                ),
            )
        return (model.group_id.in_(codes),)

    def note(self, entity: str, field: str, value: str) -> None:
        self.typed.add((entity, field, json.dumps(value, ensure_ascii=False)))

    # --- local edits -----------------------------------------------------------------------

    @rule(data=st.data(), words=WORDS)
    def create_action(self, data: st.DataObject, words: str) -> None:
        n, laptop = self.laptop(data)
        group = self.pick(data, laptop, m.Group, *self.writable(n, m.Group))
        assert group is not None
        with laptop.factory.begin() as session:
            session.add(
                m.Action(id=self.new_id(n), reference="X-1", group_id=group, description=words)
            )
        self.note("action", "description", words)

    @rule(data=st.data(), words=WORDS, exempt=st.booleans())
    def create_minute(self, data: st.DataObject, words: str, exempt: bool) -> None:
        """A meeting with one item, its minute and an action raised there; an exempt
        (Part 2) item is confidential."""
        n, laptop = self.laptop(data)
        group = self.pick(data, laptop, m.Group, *self.writable(n, m.Group))
        assert group is not None
        with laptop.factory.begin() as session:
            code = session.get_one(m.Group, group).code
            meeting = m.Meeting(
                id=self.new_id(n), group_id=group, number=1, date=dt.date(2011, 1, 12)
            )
            session.add(meeting)
            session.flush()
            item = m.AgendaItem(id=self.new_id(n), meeting_id=meeting.id, position=1, title=words)
            if exempt:
                item.exempt = True
                item.exempt_paragraph = 1
                item.exempt_reason = "Information about a named child"
            session.add(item)
            session.flush()
            minute = m.MinuteEntry(id=self.new_id(n), agenda_item_id=item.id, text=words)
            action = m.Action(
                id=self.new_id(n),
                reference="M-1",
                group_id=group,
                meeting_id=meeting.id,
                agenda_item_id=item.id,
                description=f"Arising: {words}",
            )
            session.add_all([minute, action])
        self.note("action", "description", f"Arising: {words}")
        if exempt and n != self.scoped:
            self.secrets[item.id] = code
            self.secrets[minute.id] = code
        self.note("minute_entry", "text", words)

    @rule(data=st.data(), name=WORDS)
    def create_person(self, data: st.DataObject, name: str) -> None:
        n, laptop = self.full_laptop(data)
        with laptop.factory.begin() as session:
            session.add(m.Person(id=self.new_id(n), full_name=name))

    @rule(data=st.data())
    def appoint(self, data: st.DataObject) -> None:
        """A person takes a seat: they come into the scope of that seat's group."""
        n, laptop = self.full_laptop(data)
        if self.scoped is not None and data.draw(st.booleans(), label="a profile's group"):
            group = self.pick(data, laptop, m.Group, m.Group.code.in_(self.profile[0]))
        else:
            group = self.pick(data, laptop, m.Group)
        seat = self.pick(data, laptop, m.Seat, m.Seat.group_id == group)
        person = self.pick(data, laptop, m.Person)
        if seat is None or person is None:
            return
        with laptop.factory.begin() as session:
            session.add(
                m.Appointment(
                    id=self.new_id(n),
                    seat_id=seat,
                    person_id=person,
                    start_date=dt.date(2011, 1, 1),
                )
            )

    @rule(data=st.data(), words=WORDS)
    def edit_contact(self, data: st.DataObject, words: str) -> None:
        """Contact details, typed on a laptop that holds everyone's."""
        _, laptop = self.full_laptop(data)
        person_id = self.pick(data, laptop, m.Person)
        if person_id is None:
            return
        name = data.draw(st.sampled_from(CONTACTS), label="contact")
        with laptop.factory.begin() as session:
            setattr(session.get_one(m.Person, person_id), name, words)
        if is_free_text("person", name):
            self.note("person", name, words)

    @rule(data=st.data(), words=WORDS)
    def edit_text(self, data: st.DataObject, words: str) -> None:
        n, laptop = self.laptop(data)
        model, field = data.draw(
            st.sampled_from([(m.Action, "description"), (m.MinuteEntry, "text")]),
            label="field",
        )
        row_id = self.pick(data, laptop, model, *self.writable(n, model))
        if row_id is None:
            return
        with laptop.factory.begin() as session:
            setattr(session.get_one(model, row_id), field, words)
        self.note(model.__tablename__, field, words)

    @rule(data=st.data())
    def edit_action_fields(self, data: st.DataObject) -> None:
        n, laptop = self.laptop(data)
        action_id = self.pick(data, laptop, m.Action, *self.writable(n, m.Action))
        if action_id is None:
            return
        owner = self.pick(data, laptop, m.Person) if data.draw(st.booleans()) else None
        status = data.draw(st.sampled_from(m.ACTION_STATUSES))
        due = data.draw(st.none() | st.dates(dt.date(2010, 1, 1), dt.date(2012, 12, 31)))
        with laptop.factory.begin() as session:
            action = session.get_one(m.Action, action_id)
            action.status = status
            action.due_date = due
            action.owner_id = owner

    @rule(data=st.data(), title=WORDS)
    def edit_person(self, data: st.DataObject, title: str) -> None:
        _, laptop = self.full_laptop(data)
        person_id = self.pick(data, laptop, m.Person)
        if person_id is None:
            return
        with laptop.factory.begin() as session:
            session.get_one(m.Person, person_id).job_title = title

    @rule(data=st.data(), deleted=st.booleans())
    def tombstone(self, data: st.DataObject, deleted: bool) -> None:
        _, laptop = self.full_laptop(data)
        model = data.draw(st.sampled_from([m.Action, m.MinuteEntry, m.Person, m.Meeting]))
        row_id = self.pick(data, laptop, model)
        if row_id is None:
            return
        with laptop.factory.begin() as session:
            session.get_one(model, row_id).deleted = deleted

    @rule(data=st.data())
    def resolve(self, data: st.DataObject) -> None:
        _, laptop = self.full_laptop(data)
        with laptop.factory.begin() as session:
            found = conflicts(session)
            if not found:
                return
            conflict = data.draw(st.sampled_from(found))
            resolve_conflict(
                session,
                conflict.entity,
                conflict.row_id,
                conflict.field,
                conflict.suggestion,
                wall_clock=laptop.wall,
            )
        self.note(conflict.entity, conflict.field, conflict.suggestion)

    @rule(data=st.data(), first=WORDS, second=WORDS)
    def concurrent_edit(self, data: st.DataObject, first: str, second: str) -> None:
        """Two laptops change the same field of a row both hold, neither seeing the other."""
        full = self.full()
        n, one = self.full_laptop(data)
        other = self.laptops[full[(full.index(n) + 1) % len(full)]]
        model, field = data.draw(
            st.sampled_from(
                [
                    (m.Action, "description"),
                    (m.MinuteEntry, "text"),
                    (m.Action, "status"),
                    (m.Person, "job_title"),
                    (m.Recommendation, "text"),
                ]
            ),
            label="field",
        )
        held = []
        for laptop in (one, other):
            with laptop.factory() as session:
                held.append(set(session.scalars(select(model.id)).all()))
        shared = sorted(held[0] & held[1])
        if not shared:
            return
        row_id = data.draw(st.sampled_from(shared), label="row")
        for laptop, words in ((one, first), (other, second)):
            value = words if field != "status" else data.draw(st.sampled_from(m.ACTION_STATUSES))
            with laptop.factory.begin() as session:
                setattr(session.get_one(model, row_id), field, value)
            if is_free_text(model.__tablename__, field):
                self.note(model.__tablename__, field, value)

    @rule(data=st.data(), ms=st.integers(-DAY_MS, 2 * DAY_MS))
    def clock_moves(self, data: st.DataObject, ms: int) -> None:
        """A clock jumps about, but stays within 12 days of the others' start: laptops
        whose clocks are 30 days apart refuse each other's changes (docs/TRUST.md
        "Bounds"), as they should."""
        _, laptop = self.laptop(data)
        laptop.wall.now = min(max(laptop.wall.now + ms, EPOCH - 12 * DAY_MS), EPOCH + 12 * DAY_MS)

    # --- a laptop revoked ---------------------------------------------------------------------

    def own_stamps(self, n: int) -> list[tuple[int, str]]:
        """(ms, op id) of every operation laptop ``n`` signed (it seals first)."""
        office = self.laptops[n]
        office.seal()
        with office.engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT hlc, op_id FROM operation WHERE site_id IN "
                "(SELECT site_id FROM op_batch WHERE signer = ? AND NOT legacy)",
                (office.laptop_id,),
            ).all()
        return sorted((int(hlc[:13]), op_id) for hlc, op_id in rows)

    @precondition(lambda self: self.revoked is None and len(self.full()) >= 3)
    @rule(data=st.data())
    def revoke(self, data: st.DataObject) -> None:
        """The lead revokes a chair's laptop (``laptop revoke``); it leaves the honest
        exchange but keeps working. From now, or from just after the last change it made
        if its clock runs ahead of the lead's; or, in a run with no reference-group
        laptop, from an earlier instant (the laptop was lost on Monday) once every laptop
        holds all it made: its decisions and changes from then on stop counting, though
        every laptop holds them. (Revoked from before changes that some laptop lacks, the
        laptops would disagree on them for good: test_convergence_lifecycle.py.)"""
        if self.revoked is not None or len(self.full()) < 3:
            return  # (a copy of this rule, in a test of a break, runs regardless)
        n = data.draw(st.sampled_from(self.full()[1:]), label="revoked laptop")
        moments = self.moments_of(n)
        if self.scoped is None and moments and data.draw(st.booleans(), label="backdated"):
            self.revoke_laptop(n, data.draw(st.sampled_from(moments), label="from"))
        else:
            self.revoke_laptop(n, None)

    def moments_of(self, n: int) -> list[int]:
        """(ms) The stamps of laptop ``n``'s changes and the times of its decisions."""
        office = self.laptops[n]
        with office.factory() as session:
            decided = [
                parse_at(at)
                for at in session.scalars(
                    select(m.RecommendationEvent.at).where(
                        m.RecommendationEvent.signer_laptop == office.laptop_id
                    )
                )
            ]
        return sorted(
            {ms for ms, _ in self.own_stamps(n)} | {int(d.timestamp() * 1000) for d in decided if d}
        )

    def revoke_laptop(self, n: int, earlier: int | None) -> None:
        """Laptop ``n`` revoked from now (``earlier`` None) or from the whole second of
        ``earlier`` (ms), once every full laptop has all it made."""
        assert self.ledger is not None
        office, root = self.laptops[n], self.laptops[0]
        if earlier is not None:
            for k in self.full():
                if k != n:
                    self.laptops[k].pull(office)
                    if n in self.gappy:
                        self.gappy.add(k)
            start = earlier // 1000
            event("revoked from an earlier instant")
        stamps = self.own_stamps(n)
        if earlier is None:
            latest = max((ms for ms, _ in stamps), default=0)
            start = -(-max(root.wall(), latest + 1) // 1000)
        effective = dt.datetime.fromtimestamp(start, tz=dt.UTC)
        self.revoked_held = {op_id for ms, op_id in stamps if ms >= start * 1000}
        for k in self.full():
            with self.laptops[k].engine.connect() as conn:
                held = {r for (r,) in conn.exec_driver_sql("SELECT op_id FROM operation")}
            assert self.revoked_held <= held, k
        root.trust.revoke(office.name, effective)
        with root.factory() as session:
            stored = load_registry(session).revoked_from(office.laptop_id)
        assert stored is not None and parse_instant(stored) == effective
        event("a laptop revoked")
        self.revoked, self.revoked_ms = n, start * 1000
        self.ledger.revoked[office.laptop_id] = effective
        # The lead takes out at once what the revoked laptop stamped since.
        assert not self.late_held(root)
        # Not told, it sends the lead a bundle at once: refused whole, nothing changed.
        office.wall.now = max(office.wall.now, self.revoked_ms + 1000)
        with office.factory.begin() as session:
            action = session.scalars(select(m.Action).order_by(m.Action.id)).first()
            assert action is not None
            action.description = "Written once revoked."
        self.refused(0, self.export_file_bytes(office, root), "a bundle from a revoked laptop")

    # --- a backup restored ----------------------------------------------------------------

    def restorable(self) -> list[int]:
        """Laptops whose disk may fail: full laptops but the lead's. Not once a laptop is
        revoked from an earlier instant: a restored laptop would lack changes of the
        revoked one that the others hold, and never get them again (no bundle carries
        them now): the laptops would disagree (test_convergence_lifecycle.py)."""
        return [] if self.revoked_held else [n for n in self.full() if n != 0]

    @rule(data=st.data())
    def back_up(self, data: st.DataObject) -> None:
        """A laptop's database is copied (the nightly backup)."""
        candidates = self.restorable()
        if candidates:
            n = data.draw(st.sampled_from(candidates), label="backed up")
            self.backups[n] = self.laptops[n].backup()

    def logged(self, laptop: Laptop) -> set[tuple[str, str, str]]:
        return {(op.entity, op.field, op.value) for op in Laptop.ops_for(laptop, {})}

    def all_event_ids(self, laptop: Laptop) -> set[str]:
        with laptop.factory() as session:
            return set(session.scalars(select(m.RecommendationEvent.id)))

    @precondition(lambda self: bool(self.backups))
    @rule(data=st.data())
    def restore_backup(self, data: st.DataObject) -> None:
        """A laptop's disk fails and its last backup is restored. When the copy is older
        than what the laptop sealed, the restore fence moves it to a new site of its key
        (``sync.fence.fence_if_restored``), so no counter is used twice (the ledger
        would see two batches disagree); else it carries on where the copy left off.
        What it had not sent is lost; the rest comes back from the others."""
        candidates = sorted(set(self.backups) & set(self.restorable()))
        if candidates:
            self.restore(data.draw(st.sampled_from(candidates), label="restored"))

    def restore(self, n: int) -> None:
        """Laptop ``n``'s last backup is restored (see ``restore_backup``)."""
        laptop = self.laptops[n]
        copy = self.backups[n]
        before, had = self.logged(laptop), self.all_event_ids(laptop)
        held = sqlite3.connect(":memory:")
        try:
            held.deserialize(copy)
            site, counter = held.execute("SELECT site_id, counter FROM site_state").fetchone()
        finally:
            held.close()
        assert self.ledger is not None
        self.ledger.take(laptop.batch_items()[1])  # all it ever sealed
        sealed = max((c for s, c in self.ledger.covered if s == site), default=0)
        moved = laptop.restore(copy)
        used = {s for s, _ in self.ledger.covered}
        assert moved not in used, "the laptop moved to a site already used"
        if counter < sealed:
            assert moved is not None, "a counter would be used twice"
            event("restored: a new site")
        else:
            # The copy holds all the ledger saw sealed; the laptop may still move on (it
            # may have sealed since, with nothing sent, or lost a later copy before).
            event("restored: " + ("the same site" if moved is None else "a new site anyway"))
        # Bookkeeping: its log and batches are read again from the start; the others'
        # bundles for it may leave gaps until it has sent them one from its new site
        # (their records of what it holds are newer than it), so it is treated as gappy.
        self.last_rowid[n] = self.batch_rowid[n] = 0
        self.unsealed.pop(n, None)
        self.looked = {key: value for key, value in self.looked.items() if key[1] != n}
        self.gappy.add(n)
        for key in [key for key in self.acks if key[1] == n]:
            del self.acks[key]
        for posted in self.post[n]:
            posted.imported = None if posted.imported else posted.imported
        others = [o for k, o in enumerate(self.laptops) if k != n]
        elsewhere = set().union(*(self.logged(o) for o in others))
        self.lost_texts |= (before - self.logged(laptop)) - elsewhere
        kept = set().union(self.all_event_ids(laptop), *(self.all_event_ids(o) for o in others))
        self.lost_events |= had - kept

    # --- recommendations and chairs' decisions ----------------------------------------------

    def live_recommendations(self, laptop: Laptop, *where: Any) -> list[str]:
        with laptop.factory() as session:
            return sorted(
                session.scalars(
                    select(m.Recommendation.id).where(m.Recommendation.deleted.is_(False), *where)
                )
            )

    def state_on(self, laptop: Office, rec_id: str) -> str:
        state: str = laptop.service.detail(rec_id).state
        return state

    def event_ids(self, laptop: Laptop, rec_id: str) -> set[str]:
        with laptop.factory() as session:
            return set(
                session.scalars(
                    select(m.RecommendationEvent.id).where(
                        m.RecommendationEvent.recommendation_id == rec_id
                    )
                )
            )

    def remember(self, laptop: Laptop, event_id: str) -> None:
        with laptop.factory() as session:
            row = session.get_one(m.RecommendationEvent, event_id)
            fixed = {name: getattr(row, name) for name in FIXED_EVENT_FIELDS}
            signed = (row.signature, row.signer_laptop, row.by_id)
        known = self.events.setdefault(
            event_id, DecisionEvent(fixed, made_on=self.laptops.index(laptop))
        )
        assert known.fixed == fixed, event_id
        known.signed.add(signed)

    def record(
        self, n: int, rec_id: str, transition: str, data: st.DataObject, *, signed: bool = False
    ) -> str | None:
        """Record ``transition`` on laptop ``n``; a chair's decision is signed by the chair
        of that laptop, or recorded unsigned as some chair's (to be signed on theirs)."""
        laptop = self.laptops[n]
        options: dict[str, Any] = {}
        if transition in rs.REASON_REQUIRED:
            options["note"] = f"Referred back from laptop {n}"
        if transition in rs.SIGNED_TRANSITIONS:
            some_chair = self.chairs[data.draw(st.sampled_from(sorted(self.chairs)), label="chair")]
            if signed or data.draw(st.booleans(), label="signed now"):
                # On a laptop not certified as this chair's, signing is refused.
                options["sign_as"] = self.chairs.get(n, some_chair)
            else:
                options["by_id"] = some_chair
        before = self.event_ids(laptop, rec_id)
        try:
            laptop.service.record_event(rec_id, transition, **options)
        except ValidationError:
            # Refused (the chair is not on this laptop's list, say): nothing written.
            assert self.event_ids(laptop, rec_id) == before
            event("decision refused")
            return None
        (made,) = self.event_ids(laptop, rec_id) - before
        self.remember(laptop, made)
        return made

    @rule(data=st.data(), title=WORDS, text=WORDS)
    def raise_recommendation(self, data: st.DataObject, title: str, text: str) -> None:
        n, laptop = self.laptop(data)
        group = self.pick(
            data,
            laptop,
            m.Group,
            m.Group.kind.in_(("working", "reference")),
            ~m.Group.deleted,
            *self.writable(n, m.Group),
        )
        if group is None:
            return  # the reference laptop's groups decide nothing
        try:
            record = laptop.service.create(group, title, text=text)
        except ValidationError:
            return  # a title of spaces only
        self.note("recommendation", "text", record.text)

    @rule(data=st.data())
    def decide(self, data: st.DataObject) -> None:
        """One step along the pathway on one laptop, as far as it knows (decisions are
        recorded for the Steering Group and beyond: not on the reference laptop)."""
        n, laptop = self.full_laptop(data)
        recs = self.live_recommendations(laptop)
        if not recs:
            return
        rec_id = data.draw(st.sampled_from(recs), label="recommendation")
        for _ in range(data.draw(st.integers(1, 3), label="steps")):
            allowed = [
                t
                for t in rs.allowed_transitions(self.state_on(laptop, rec_id))
                if t != rs.T_WITHDRAWN
            ]
            if not allowed:
                return
            transition = data.draw(st.sampled_from(allowed), label="transition")
            if self.record(n, rec_id, transition, data) is None:
                return

    @rule(data=st.data())
    def concurrent_decisions(self, data: st.DataObject) -> None:
        """Two laptops decide the same recommendation differently, neither seeing the other
        (the chairs' laptops: the reference-group laptop decides alone, in ``decide``)."""
        n, one = self.full_laptop(data)
        k = data.draw(st.sampled_from([f for f in self.full() if f != n]), label="other")
        other = self.laptops[k]
        if data.draw(st.booleans(), label="caught up"):
            other.pull(one)  # the other laptop had one's news before the meeting
            if n in self.gappy:
                self.gappy.add(k)
        shared = sorted(set(self.live_recommendations(one)) & set(self.live_recommendations(other)))
        candidates = [
            rec_id
            for rec_id in shared
            if self.state_on(one, rec_id) == self.state_on(other, rec_id)
            and self.state_on(one, rec_id) in CONTRADICTORY
        ]
        if not candidates:
            return
        rec_id = data.draw(st.sampled_from(candidates), label="recommendation")
        choices = CONTRADICTORY[self.state_on(one, rec_id)]
        first, second = data.draw(st.permutations(choices), label="decisions")[:2]
        a = self.record(n, rec_id, first, data, signed=True)
        b = self.record(k, rec_id, second, data, signed=True)
        if a is not None and b is not None:
            event("contradictory decisions recorded")
            self.pairs.append((a, b))

    @rule(data=st.data())
    def sign_later(self, data: st.DataObject) -> None:
        """A chair signs, on their certified laptop, a decision recorded unsigned as theirs,
        or re-signs one signed under the earlier scheme."""
        n, laptop = self.laptop(data)
        if n not in self.chairs:
            return
        with laptop.factory() as session:
            waiting = sorted(
                session.scalars(
                    select(m.RecommendationEvent.id).where(
                        m.RecommendationEvent.by_id == self.chairs[n],
                        (m.RecommendationEvent.signature == "")
                        | (  # or signed under the earlier scheme: re-signed on this laptop
                            m.RecommendationEvent.signer_laptop.is_(None)
                            & m.RecommendationEvent.signer_key_id.is_not(None)
                        ),
                        m.RecommendationEvent.transition.in_(rs.SIGNED_TRANSITIONS),
                    )
                )
            )
        if not waiting:
            return
        event_id = data.draw(st.sampled_from(waiting), label="unsigned decision")
        try:
            laptop.service.sign_decision(event_id, self.chairs[n])
        except ValidationError:
            event("signing refused")  # e.g. the text changed since it was recorded
            return
        self.remember(laptop, event_id)

    @rule(data=st.data(), field=st.sampled_from(["text", "rationale", "title"]), words=WORDS)
    def edit_recommendation(self, data: st.DataObject, field: str, words: str) -> None:
        """Edited in any state: after a chair's decision, that decision stops counting."""
        n, laptop = self.laptop(data)
        recs = self.live_recommendations(laptop, *self.writable(n, m.Recommendation))
        if not recs:
            return
        rec_id = data.draw(st.sampled_from(recs), label="recommendation")
        try:
            record = laptop.service.update(rec_id, **{field: words})
        except ValidationError:
            return  # a title of spaces only
        if field != "title":
            self.note("recommendation", field, getattr(record, field))

    @rule(data=st.data())
    def forge_signature(self, data: st.DataObject) -> None:
        """An insider pastes a real signature by their own laptop's key, over other words,
        into a signed decision (naming their laptop as signer): it must never count."""
        _, laptop = self.full_laptop(data)
        event_id = self.pick(
            data, laptop, m.RecommendationEvent, m.RecommendationEvent.signature != ""
        )
        if event_id is None:
            return
        forged = laptop.trust.identity().sign(b"I approve of something else").hex()
        with laptop.factory.begin() as session:
            row = session.get_one(m.RecommendationEvent, event_id)
            row.signature = forged
            row.signer_laptop = laptop.laptop_id
        self.remember(laptop, event_id)

    # --- whole bundles, by knowledge vector ---------------------------------------------------

    @rule(data=st.data())
    def sync_pair(self, data: st.DataObject) -> None:
        """Two laptops swap whole, current bundles both ways (a good day at the office)."""
        full = self.full()
        n = data.draw(st.sampled_from(full), label="laptop")
        k = data.draw(st.sampled_from([f for f in full if f != n]), label="other")
        one, other = self.laptops[n], self.laptops[k]
        one.pull(other)
        other.pull(one)
        if n in self.gappy or k in self.gappy:
            self.gappy |= {n, k}
        self.acks[(n, k)] = other.knowledge()
        self.acks[(k, n)] = one.knowledge()

    @rule(data=st.data())
    def export(self, data: st.DataObject) -> None:
        sender, laptop = self.full_laptop(data)
        receiver = data.draw(st.sampled_from([n for n in self.full() if n != sender]))
        known = self.acks.get((sender, receiver), {})
        ops = laptop.ops_for(known)
        self.mailbox[receiver].append(
            Bundle(
                sender,
                ops,
                laptop.batches_for(ops),
                laptop.knowledge(),
                sender in self.gappy,
                laptop.news_for(self.laptops[receiver]),
            )
        )

    @precondition(lambda self: any(self.mailbox.values()))
    @rule(data=st.data())
    def deliver(self, data: st.DataObject) -> None:
        receiver = data.draw(st.sampled_from(sorted(n for n, box in self.mailbox.items() if box)))
        box = self.mailbox[receiver]
        index = data.draw(st.integers(0, len(box) - 1), label="which bundle")
        bundle = box[index]
        keep = data.draw(st.booleans(), label="kept for a resend")
        if not keep:
            del box[index]
        # Cut short: a prefix in clock order is a prefix of every site's counters.
        cut = data.draw(st.integers(0, len(bundle.ops)), label="ops delivered")
        whole = cut == len(bundle.ops)
        ops = list(bundle.ops[:cut])
        random.Random(data.draw(st.integers(0, 2**16), label="order")).shuffle(ops)
        laptop = self.laptops[receiver]
        if bundle.registry:
            laptop.take_registry(bundle.registry)
        laptop.keep_batches(bundle.batches)
        laptop.receive(ops)
        if bundle.gappy and ops:
            self.gappy.add(receiver)
        if whole:
            # The header's knowledge vector: the receiver now knows what the sender holds.
            ack = self.acks.setdefault((receiver, bundle.sender), {})
            for site, counter in bundle.knowledge.items():
                ack[site] = max(ack.get(site, 0), counter)

    @precondition(lambda self: any(self.mailbox.values()))
    @rule(data=st.data())
    def lose(self, data: st.DataObject) -> None:
        receiver = data.draw(st.sampled_from(sorted(n for n, box in self.mailbox.items() if box)))
        box = self.mailbox[receiver]
        del box[data.draw(st.integers(0, len(box) - 1))]

    # --- real bundle files (sync.exchange) -----------------------------------------------

    def export_file_bytes(self, sender: Office, receiver: Office) -> bytes:
        """A bundle file ``sender`` makes for ``receiver`` (its certificate's scope)."""
        path = self.folder / f"bundle-{self.sent}.senbundle"
        self.sent += 1
        result = export_bundle(
            sender.factory, path, sender.trust, for_laptop=receiver.name, wall_clock=sender.wall
        )
        (written,) = result.paths
        data = written.read_bytes()
        written.unlink()
        self.held_back = result.held_back
        return data

    def import_file_bytes(
        self, receiver: Office, data: bytes, *, accept_future: bool = False
    ) -> ImportResult:
        path = self.folder / f"incoming-{self.sent}.senbundle"
        self.sent += 1
        path.write_bytes(data)
        try:
            return import_bundle(
                receiver.factory,
                path,
                receiver.trust,
                accept_future=accept_future,
                wall_clock=receiver.wall,
            )
        finally:
            path.unlink()

    def export_real(self, sender: int, receiver: int) -> Posted:
        """A bundle file for ``receiver``: scoped by its certificate."""
        laptop = self.laptops[sender]
        data = self.export_file_bytes(laptop, self.laptops[receiver])
        in_scope = None
        if receiver == self.scoped:
            codes, contacts, confidential = self.profile
            with laptop.factory() as session:
                scope = scope_for(session, Profile("reader", codes, contacts, confidential, {}))
                ops = filter_ops(scope, ops_since(session, {}))
            # Less what the export held back until it can be vouched for (sync.holding):
            # changes of the passphrase scheme, and rows that would wait for them there.
            in_scope = frozenset(op.op_id for op in ops) - self.held_back
        return Posted(
            sender,
            data,
            in_scope,
            gappy=sender in self.gappy,
            after_revocation=sender == self.revoked,
            late=sender != self.revoked and bool(self.late_held(laptop)),
        )

    def snapshot(self, laptop: Laptop) -> bytes:
        """The database's bytes (it is in memory: SQLite serializes it whole)."""
        with laptop.engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert raw is not None
            return bytes(raw.serialize())

    def refused(self, receiver: int, damaged: bytes, why: str) -> str:
        """A bundle is refused with a sentence, and the database stays byte-identical."""
        laptop = self.laptops[receiver]
        before = self.snapshot(laptop)
        try:
            # accept_future: so that only the damage or the attack can refuse it.
            self.import_file_bytes(laptop, damaged, accept_future=True)
        except BundleError as error:
            sentence = str(error)
            assert sentence.endswith(".") and "\n" not in sentence, sentence
            assert self.snapshot(laptop) == before, why
            event(f"refused: {why}")
            return sentence
        raise AssertionError(f"imported: {why}")

    def import_real(self, receiver: int, posted: Posted) -> None:
        if self.revoked is not None and posted.sender == self.revoked != receiver:
            if self.knows_revocation(receiver):
                self.refused(receiver, posted.data, "a bundle from a revoked laptop")
                return
            if posted.after_revocation:
                # A laptop the revocation has not reached takes it (it cannot know); once
                # the revocation reaches it, the later changes stop counting there too.
                event("a revoked laptop's bundle taken before the revocation came")
        laptop = self.laptops[receiver]
        before = self.snapshot(laptop)
        try:
            try:
                result = self.import_file_bytes(laptop, posted.data)
            except FutureBundleError:
                # Held for a person to check the clocks: nothing applied; then confirmed.
                assert self.snapshot(laptop) == before
                event("future bundle held")
                result = self.import_file_bytes(laptop, posted.data, accept_future=True)
        except BundleError as error:
            # Made where the revocation had not reached, carrying the revoked laptop's
            # later changes, for a laptop that has heard: refused whole, nothing changed.
            if not (posted.late and self.knows_revocation(receiver)):
                raise
            assert "revoked" in str(error), error
            assert self.snapshot(laptop) == before
            event("refused: a revoked laptop's later changes, from where it had not reached")
            return
        if result.already_imported:
            assert posted.imported is not False, "a bundle never imported here was a replay"
            assert self.snapshot(laptop) == before
            return
        assert posted.imported is not True, "a bundle was imported twice"
        posted.imported = True
        assert result.report is not None
        if receiver == self.scoped:
            event("scoped bundle imported")
            if result.report.pending:
                event("scoped import left rows waiting for parents")
        if posted.in_scope is not None:
            assert receiver == self.scoped
            with laptop.factory() as session:
                held = set(session.scalars(select(m.Operation.op_id)))
            missing = posted.in_scope - held
            assert not missing, f"the scoped bundle left out {len(missing)} in-scope operations"
        if posted.gappy or receiver == self.scoped or posted.sender == self.scoped:
            self.gappy.add(receiver)

    @rule(data=st.data())
    def export_file(self, data: st.DataObject) -> None:
        """A bundle file for one laptop, scoped by its certificate."""
        sender, _ = self.laptop(data)
        receiver = data.draw(
            st.sampled_from([n for n in range(len(self.laptops)) if n != sender]), label="to"
        )
        try:
            posted = self.export_real(sender, receiver)
        except ValidationError:
            # A laptop that knows of the revocation makes no bundle for the revoked one.
            assert receiver == self.revoked and self.knows_revocation(sender)
            event("no bundle for a revoked laptop")
            return
        self.post[receiver].append(posted)

    @precondition(lambda self: any(self.post.values()))
    @rule(data=st.data())
    def import_file(self, data: st.DataObject) -> None:
        """Delivered late, out of order, twice, cut short or with a byte flipped (the
        damaged ones refused, nothing changed)."""
        receiver = data.draw(st.sampled_from(sorted(n for n, box in self.post.items() if box)))
        box = self.post[receiver]
        index = data.draw(st.integers(0, len(box) - 1), label="which file")
        posted = box[index]
        if not data.draw(st.booleans(), label="kept for a resend"):
            del box[index]
        damage = data.draw(st.sampled_from(["none", "none", "none", "cut short", "a byte flipped"]))
        if damage == "none":
            self.import_real(receiver, posted)
            return
        # Where, as a share of the file, not a byte offset: the file's length varies from
        # run to run (random nonces and bundle ids compress differently); a draw's may not.
        at = len(posted.data) * data.draw(st.integers(0, 999), label="thousandths") // 1000
        if damage == "cut short":
            damaged = posted.data[:at]
        else:
            damaged = posted.data[:at] + bytes([posted.data[at] ^ 0x01]) + posted.data[at + 1 :]
        self.refused(receiver, damaged, damage)

    @precondition(lambda self: self.scoped is not None)
    @rule(data=st.data())
    def reference_round_trip(self, data: st.DataObject) -> None:
        """The reference-group laptop and one other swap files both ways at once."""
        assert self.scoped is not None
        other, _ = self.full_laptop(data)
        self.import_real(self.scoped, self.export_real(other, self.scoped))
        self.import_real(other, self.export_real(self.scoped, other))

    # --- the malicious laptop ---------------------------------------------------------------

    def certificate(self, n: int) -> Certificate:
        assert self.ledger is not None
        return self.ledger.certificates[self.laptops[n].laptop_id]

    def reserve(self, count: int) -> list[int]:
        """Counters of the forger's own site for operations it makes by hand (its own
        laptop's database will not use them again)."""
        with self.forger.factory.begin() as session:
            site = session.scalars(select(m.SiteState)).one()
            first = site.counter + 1
            site.counter += count
        return list(range(first, first + count))

    def forged(
        self,
        entity: str,
        row_id: str,
        values: dict[str, Any],
        *,
        site: str | None = None,
        counters: list[int] | None = None,
        hlc: str | None = None,
    ) -> list[OpRow]:
        """Operations setting ``values`` of one row, under the forger's site unless told."""
        counters = counters or self.reserve(len(values))
        site = site or self.mal.site
        stamp = hlc or f"{self.forger.wall() + 1:013d}.00000"
        return [
            OpRow(
                op_id=f"{site}:{counter}",
                site_id=site,
                counter=counter,
                entity=entity,
                row_id=row_id,
                field=name,
                value=json.dumps(value, ensure_ascii=False),
                hlc=stamp,
                prev=(),
            )
            for counter, (name, value) in zip(counters, sorted(values.items()), strict=True)
        ]

    def craft(
        self,
        target: int,
        ops: list[OpRow],
        *,
        batches: list[dict[str, Any]] | None = None,
        registry: list[dict[str, Any]] | None = None,
        bundle_id: str | None = None,
        to: int | None = None,
    ) -> bytes:
        """A bundle from the forger to laptop ``to`` (default ``target``), its operations
        sealed by the forger's key unless ``batches`` are given."""
        assert self.ledger is not None
        if batches is None:
            batches = []
            for site in sorted({op.site_id for op in ops}):
                mine = sorted((op for op in ops if op.site_id == site), key=lambda o: o.counter)
                for run in _consecutive(mine):
                    batches.append(self.mal.seal(run, programme=self.ledger.programme, site=site))
        with self.laptops[0].factory() as session:
            items = load_registry(session).items()
        return self.mal.craft(
            self.folder,
            programme=self.ledger.programme,
            recipients=[self.certificate(target if to is None else to)],
            registry=[*items, *(registry or [])],
            batches=batches,
            ops=ops,
            schema=SCHEMA_REVISION,
            bundle_id=bundle_id,
        )

    def rows(self, n: int, column: Any, *where: Any) -> list[Any]:
        with self.laptops[n].factory() as session:
            return sorted(session.scalars(select(column).where(*where)).all())

    def group_code_of_recommendation(self, n: int, rec_id: str) -> str:
        with self.laptops[n].factory() as session:
            rec = session.get_one(m.Recommendation, rec_id)
            return session.get_one(m.Group, rec.group_id).code

    def accepted(self, target: int, data: bytes, ops: list[OpRow], why: str) -> bool:
        """Imported (then every operation is held as sent), or refused as ``refused`` says."""
        laptop = self.laptops[target]
        before = self.snapshot(laptop)
        try:
            self.import_file_bytes(laptop, data, accept_future=True)
        except BundleError as error:
            sentence = str(error)
            assert sentence.endswith(".") and "\n" not in sentence, sentence
            assert self.snapshot(laptop) == before, why
            event(f"refused: {why}")
            self.last_refusal = sentence
            return False
        with laptop.factory() as session:
            held = {
                op.op_id: op for op in ops_since(session, {}) if op.op_id in {o.op_id for o in ops}
            }
        assert held == {op.op_id: op for op in ops}, why
        self.gappy.add(target)
        event(f"accepted: {why}")
        return True

    @rule(data=st.data(), words=WORDS)
    def forger_works(self, data: st.DataObject, words: str) -> None:
        """Within its certificate the malicious laptop is an honest one: it takes a bundle
        made for it, writes in its own group and sends it to an honest laptop, which
        accepts every operation."""
        forger = self.forger
        forger.tick(1000)
        if data.draw(st.booleans(), label="takes a bundle first"):
            source, _ = self.full_laptop(data)
            try:
                result = self.import_file_bytes(
                    forger,
                    self.export_file_bytes(self.laptops[source], forger),
                    accept_future=True,
                )
                assert result.report is not None
            except BundleError as error:
                # The bundle (from a laptop the revocation has not reached) carries
                # changes the revoked laptop made after it, and the forger has heard.
                assert "revoked" in str(error), error
                event("the forger refused a bundle: a revoked laptop's changes")
        with forger.factory.begin() as session:
            pcrg = session.scalars(select(m.Group.id).where(m.Group.code == FORGER_GROUP)).one()
            meeting = m.Meeting(
                id=self.new_id(99), group_id=pcrg, number=7, date=dt.date(2011, 3, 3)
            )
            session.add(meeting)
            session.flush()
            item = m.AgendaItem(id=self.new_id(99), meeting_id=meeting.id, position=1, title="P")
            session.add(item)
            session.flush()
            session.add(m.MinuteEntry(id=self.new_id(99), agenda_item_id=item.id, text=words))
        self.note("minute_entry", "text", words)
        target = data.draw(st.sampled_from(self.full()), label="to")
        if self.late_held(forger) and self.knows_revocation(target):
            # It took the revoked laptop's later changes before hearing of the revocation:
            # the target, which has heard, would refuse its bundle. It hears from the lead
            # first (and takes them out), as an honest laptop would.
            lead = self.laptops[0]
            self.import_file_bytes(forger, self.export_file_bytes(lead, forger), accept_future=True)
            assert not self.late_held(forger)
            event("the forger heard of the revocation before sending")
        data_bytes = self.export_file_bytes(forger, self.laptops[target])
        with forger.factory() as session:
            own = [op for op in ops_since(session, {}) if op.site_id in self.mal.sites]
        self.forger_ops |= {op.op_id for op in own}
        self.import_real(target, Posted(-1, data_bytes, None, gappy=True))
        with self.laptops[target].factory() as session:
            held = set(session.scalars(select(m.Operation.op_id)))
        assert {op.op_id for op in own} <= held, "the forger's own writes were refused"

    @rule(data=st.data())
    def attack(self, data: st.DataObject) -> None:
        """One to three attempts by the malicious laptop on honest laptops, each through
        the real import of its target."""
        if not self.attacks:
            return
        for _ in range(data.draw(st.integers(1, 3), label="attempts")):
            kind = data.draw(st.sampled_from(self.attacks), label="attack")
            target, laptop = self.laptop(data)
            laptop.tick(1000)
            getattr(self, ATTACKS[kind])(data, target)

    @rule(data=st.data())
    def attack_again(self, data: st.DataObject) -> None:
        """(Attacks come twice as often as any one kind of edit: there are many kinds.)"""
        self.attack(data)

    def attack_another_laptops_site(self, data: st.DataObject, target: int) -> None:
        """An operation under an honest laptop's site: sealed by the forger naming the
        victim as signer or itself, or with no batch; or under the target's own site."""
        how = data.draw(
            st.sampled_from(
                ["named the victim", "signed as itself", "no batch", "the target's own site"]
            ),
            label="how",
        )
        others = [n for n in range(len(self.laptops)) if n != target]
        victim = (
            target
            if how == "the target's own site"
            else data.draw(st.sampled_from(others), label="victim")
        )
        office = self.laptops[victim]
        with office.factory() as session:
            top = session.scalar(
                select(func.max(m.Operation.counter)).where(m.Operation.site_id == office.site_id)
            )
        rows = self.rows(target, m.Action.id)
        if not rows:
            return
        row = data.draw(st.sampled_from(rows), label="row")
        counter = (top or 0) + 1 + data.draw(st.integers(0, 2), label="ahead")
        ops = self.forged(
            "action", row, {"description": "Forged"}, site=office.site_id, counters=[counter]
        )
        if how == "no batch":
            batches: list[dict[str, Any]] = []
        else:
            assert self.ledger is not None
            batches = [
                self.mal.seal(
                    ops,
                    programme=self.ledger.programme,
                    site=office.site_id,
                    signer=office.laptop_id if how == "named the victim" else None,
                )
            ]
        self.refused(target, self.craft(target, ops, batches=batches), f"another site, {how}")

    def attack_steering_group_minute(self, data: st.DataObject, target: int) -> None:
        minutes = self.rows(
            target,
            m.MinuteEntry.id,
            m.MinuteEntry.agenda_item_id.in_(
                select(m.AgendaItem.id)
                .join(m.Meeting, m.Meeting.id == m.AgendaItem.meeting_id)
                .join(m.Group, m.Group.id == m.Meeting.group_id)
                .where(m.Group.code != FORGER_GROUP)
            ),
        )
        if not minutes:
            return
        row = data.draw(st.sampled_from(minutes), label="minute")
        ops = self.forged("minute_entry", row, {"text": "Replaced."})
        self.refused(target, self.craft(target, ops), "a minute outside its groups")

    def attack_a_programme_setting(self, data: st.DataObject, target: int) -> None:
        rows = self.rows(target, m.ProgrammeSetting.id)
        if data.draw(st.booleans(), label="new setting") or not rows:
            ops = self.forged(
                "programme_setting", str(uuid.uuid4()), {"key": "authority", "value": '"Evil"'}
            )
        else:
            row = data.draw(st.sampled_from(rows), label="setting")
            ops = self.forged("programme_setting", row, {"value": '"Evil Council"'})
        self.refused(target, self.craft(target, ops), "a programme setting")

    def attack_a_chairs_key_row(self, data: st.DataObject, target: int) -> None:
        people = self.rows(target, m.Person.id)
        if not people:
            return
        ops = self.forged(
            "signing_key",
            str(uuid.uuid4()),
            {
                "person_id": data.draw(st.sampled_from(people), label="person"),
                "public_key": self.mal.identity.sign_public_hex,
                "created_at": "2026-11-28T10:00:00Z",
                "revoked": False,
            },
        )
        self.refused(target, self.craft(target, ops), "a chair's key row")

    def attack_tombstone_a_decision(self, data: st.DataObject, target: int) -> None:
        events = self.rows(target, m.RecommendationEvent.id)
        if not events:
            return
        row = data.draw(st.sampled_from(events), label="event")
        ops = self.forged("recommendation_event", row, {"deleted": True})
        self.refused(target, self.craft(target, ops), "a decision tombstoned")

    def attack_paste_a_signature(self, data: st.DataObject, target: int) -> None:
        """Another decision's signature pasted into one: accepted only in the forger's
        group (the chair's own laptop fills in signatures that way), never counted."""
        signed = self.rows(target, m.RecommendationEvent.id, m.RecommendationEvent.signature != "")
        events = self.rows(target, m.RecommendationEvent.id)
        if not signed:
            return
        source = data.draw(st.sampled_from(signed), label="signed event")
        row = data.draw(st.sampled_from(events), label="event")
        with self.laptops[target].factory() as session:
            given = session.get_one(m.RecommendationEvent, source)
            into = session.get_one(m.RecommendationEvent, row)
            signature, signer = given.signature, given.signer_laptop
            values = {"signature": signature, "signer_laptop": signer}
            rec_id, by_id = into.recommendation_id, into.by_id
        ops = self.forged("recommendation_event", row, values)
        data_bytes = self.craft(target, ops)
        if self.group_code_of_recommendation(target, rec_id) != FORGER_GROUP:
            self.refused(target, data_bytes, "a signature pasted outside its groups")
            return
        if self.accepted(target, data_bytes, ops, "a signature pasted in its group"):
            self.forger_ops |= {op.op_id for op in ops}
            if row in self.events:
                self.events[row].signed.add((signature, signer, by_id))

    def attack_move_a_signature(self, data: st.DataObject, target: int) -> None:
        """A signed decision moved to another meeting, body, note or step."""
        signed = self.rows(target, m.RecommendationEvent.id, m.RecommendationEvent.signature != "")
        if not signed:
            return
        row = data.draw(st.sampled_from(signed), label="signed event")
        name = data.draw(st.sampled_from(["meeting_id", "note", "body_id", "at", "by_id"]))
        if name in ("meeting_id", "body_id", "by_id"):
            model = {"meeting_id": m.Meeting, "body_id": m.Body, "by_id": m.Person}[name]
            choices = self.rows(target, model.id)
            value: Any = data.draw(st.sampled_from(choices), label="moved to")
        elif name == "note":
            value = "Approved at another meeting."
        else:
            value = "2011-01-01T00:00:00Z"
        ops = self.forged("recommendation_event", row, {name: value})
        self.refused(target, self.craft(target, ops), f"a signature moved ({name})")

    def attack_a_decision_of_its_own(self, data: st.DataObject, target: int) -> None:
        """A decision event the forger makes, carrying a genuine chair's signature and
        naming the chair's laptop: in its own group the event may arrive, but never
        counts."""
        signed = self.rows(target, m.RecommendationEvent.id, m.RecommendationEvent.signature != "")
        recs = self.rows(target, m.Recommendation.id)
        if not signed or not recs:
            return
        rec_id = data.draw(st.sampled_from(recs), label="recommendation")
        with self.laptops[target].factory() as session:
            given = session.get_one(
                m.RecommendationEvent, data.draw(st.sampled_from(signed), label="copied")
            )
            values = {
                "recommendation_id": rec_id,
                "transition": given.transition,
                "body_id": given.body_id,
                "group_id": given.group_id,
                "meeting_id": given.meeting_id,
                "minute_number": given.minute_number,
                "by_id": given.by_id,
                "at": given.at,
                "note": given.note,
                "content_hash": given.content_hash,
                "signature": given.signature,
                "signer_key_id": None,
                "signer_laptop": given.signer_laptop,
                "after_id": given.after_id,
                "deleted": False,
            }
        row = str(uuid.UUID(int=0xBAD << 116 | self.made))
        self.made += 1
        ops = self.forged("recommendation_event", row, values)
        data_bytes = self.craft(target, ops)
        if self.group_code_of_recommendation(target, rec_id) != FORGER_GROUP:
            self.refused(target, data_bytes, "a decision of its own outside its groups")
            return
        if self.accepted(target, data_bytes, ops, "a decision of its own in its group"):
            self.forger_ops |= {op.op_id for op in ops}
            self.forged_events.add(row)

    def attack_a_chair_certificate_of_its_own(self, data: st.DataObject, target: int) -> None:
        """A certificate making the forger a chair: self-signed, or a genuine chair's with
        the forger's key put in."""
        assert self.ledger is not None
        chair = data.draw(st.sampled_from(sorted(self.chairs)), label="chair")
        genuine = self.certificate(chair)
        if data.draw(st.booleans(), label="self-signed"):
            item = sign_item(
                certificate_body(
                    programme_id=self.ledger.programme,
                    serial=genuine.serial + 100,
                    laptop_id=self.forger.laptop_id,
                    name=self.forger.name,
                    sign_key=self.mal.identity.sign_public_hex,
                    age_recipient=self.mal.identity.age_recipient,
                    read=["*"],
                    write=["*"],
                    contacts=True,
                    confidential=True,
                    roles=[
                        Role("chair", code, self.chairs[chair], "2010-01-01") for code in CHAIRS_OF
                    ]
                    + [Role("root")],
                    sites=[],
                    issued="2026-11-28T10:00:00Z",
                ),
                self.mal.sign,
            )
        else:
            item = json.loads(json.dumps(genuine.item))
            item["body"]["sign_key"] = self.mal.identity.sign_public_hex
        self.refused(target, self.craft(target, [], registry=[item]), "a chair certificate")

    def attack_huge_counter(self, data: st.DataObject, target: int) -> None:
        rows = self.rows(target, m.Action.id)
        if not rows:
            return
        ops = self.forged(
            "action",
            data.draw(st.sampled_from(rows)),
            {"description": "Last"},
            counters=[2**63 - 1],
        )
        self.refused(target, self.craft(target, ops), "a counter of 2**63-1")

    def attack_a_stamp_far_ahead(self, data: st.DataObject, target: int) -> None:
        rows = self.rows(target, m.Action.id)
        if not rows:
            return
        ahead = data.draw(st.integers(31, 10_000), label="days ahead") * DAY_MS
        ops = self.forged(
            "action",
            data.draw(st.sampled_from(rows)),
            {"description": "Later"},
            hlc=f"{self.laptops[target].wall() + ahead:013d}.00000",
        )
        self.refused(target, self.craft(target, ops), "a stamp far ahead")

    def attack_a_stamp_in_other_digits(self, data: st.DataObject, target: int) -> None:
        rows = self.rows(target, m.Action.id)
        if not rows:
            return
        digits = data.draw(st.sampled_from(["٠١٢٣٤٥٦٧٨٩", "０１２３４５６７８９", "߀߁߂߃߄߅߆߇߈߉"]))
        stamp = f"{self.laptops[target].wall():013d}.00000".translate(
            str.maketrans("0123456789", digits)
        )
        ops = self.forged(
            "action", data.draw(st.sampled_from(rows)), {"description": "Ever"}, hlc=stamp
        )
        self.refused(target, self.craft(target, ops), "a stamp in other digits")

    def attack_another_bundles_id(self, data: st.DataObject, target: int) -> None:
        """The forger sends first a bundle under the id of a genuine one on its way; the
        genuine one still imports."""
        waiting = [p for p in self.post[target] if not p.imported]
        if not waiting:
            sender = data.draw(
                st.sampled_from([n for n in range(len(self.laptops)) if n != target]),
                label="sender",
            )
            try:
                waiting = [self.export_real(sender, target)]
            except ValidationError:
                assert target == self.revoked  # no bundle is made for a revoked laptop
                return
            self.post[target].append(waiting[0])
        posted = data.draw(st.sampled_from(waiting), label="genuine")
        bundle_id = header_of(posted.data)["bundle_id"]
        self.accepted(target, self.craft(target, [], bundle_id=bundle_id), [], "its id reused")
        self.import_real(target, posted)

    def attack_a_bundle_made_for_another_laptop(self, data: st.DataObject, target: int) -> None:
        other = data.draw(
            st.sampled_from([n for n in range(len(self.laptops)) if n != target]), label="for"
        )
        if data.draw(st.booleans(), label="its own export"):
            try:
                data_bytes = self.export_file_bytes(self.forger, self.laptops[other])
            except ValidationError:
                assert other == self.revoked  # no bundle is made for a revoked laptop
                return
        else:
            rows = self.rows(other, m.Action.id)
            ops = self.forged("action", rows[0], {"description": "Mine"}) if rows else []
            data_bytes = self.craft(target, ops, to=other)
        self.refused(target, data_bytes, "made for another laptop")

    def attack_an_honest_bundle_made_for_another_laptop(
        self, data: st.DataObject, target: int
    ) -> None:
        other = data.draw(
            st.sampled_from([n for n in range(len(self.laptops)) if n != target]), label="for"
        )
        sender = data.draw(
            st.sampled_from([n for n in range(len(self.laptops)) if n != other]), label="sender"
        )
        try:
            data_bytes = self.export_file_bytes(self.laptops[sender], self.laptops[other])
        except ValidationError:
            assert other == self.revoked  # no bundle is made for a revoked laptop
            return
        self.refused(target, data_bytes, "an honest bundle made for another laptop")

    def relayed(
        self, data: st.DataObject, target: int
    ) -> tuple[int, list[OpRow], list[dict[str, Any]]]:
        """A run of another honest laptop's own sealed operations and the batches
        covering them, as its files hold them."""
        author = data.draw(
            st.sampled_from([n for n in range(len(self.laptops)) if n != target]), label="author"
        )
        office = self.laptops[author]
        action = self.pick(data, office, m.Action, *self.writable(author, m.Action))
        if action is not None:  # something new the target cannot hold yet
            words = f"Typed on laptop {author} ({self.made})"
            self.made += 1
            with office.factory.begin() as session:
                session.get_one(m.Action, action).description = words
            self.note("action", "description", words)
        office.seal()
        with office.factory() as session:
            ops = [op for op in ops_since(session, {}) if op.site_id == office.site_id]
        ops.sort(key=lambda op: op.counter)
        with self.laptops[target].factory() as session:
            held = set(session.scalars(select(m.Operation.op_id)))
        # What the target lacks, if anything: what it holds is refused (or ignored) as a
        # copy of its own before any signature or digest is looked at.
        ops = [op for op in ops if op.op_id not in held] or ops
        if not ops:
            return author, [], []
        start = data.draw(st.integers(0, len(ops) - 1), label="from")
        run = ops[start : start + data.draw(st.integers(1, 20), label="how many")]
        return author, run, [json.loads(b) for b in office.batches_for(run)]

    def attack_relayed_and_altered(self, data: st.DataObject, target: int) -> None:
        _, run, batches = self.relayed(data, target)
        if not run:
            return
        index = data.draw(st.integers(0, len(run) - 1), label="altered")
        op = run[index]
        # Alterations that would pass every other check: only the digest can refuse them.
        ways = ["hlc", "row_id", *(["value"] if is_free_text(op.entity, op.field) else [])]
        what = data.draw(st.sampled_from(ways), label="what")
        changed = {
            "value": json.dumps("Altered in transit"),
            "hlc": f"{int(op.hlc[:13]) + 1:013d}{op.hlc[13:]}",
            "row_id": str(uuid.uuid4()),
        }[what]
        run[index] = OpRow(**{**op.to_dict(), what: changed, "prev": op.prev})
        self.refused(target, self.craft(target, run, batches=batches), f"relayed, {what} altered")

    def attack_relayed_unchanged(self, data: st.DataObject, target: int) -> None:
        """Genuine operations relayed as they are: from a laptop writing every group to
        a laptop reading every group, accepted as their author's. (A run of the reference
        laptop's may be refused whole: for a row the target lacks, the run need not say
        which group the row is in, and its author may write only some groups. Either
        way, nothing outside a reader's scope reaches it.)"""
        author, run, batches = self.relayed(data, target)
        if not run:
            return
        data_bytes = self.craft(target, run, batches=batches)
        if target == self.scoped:
            try:
                self.import_file_bytes(self.laptops[target], data_bytes, accept_future=True)
                event("relayed to the reference laptop: imported")
            except BundleError:
                event("relayed to the reference laptop: refused")
            self.gappy.add(target)
            return  # its invariant says whether anything outside its scope arrived
        if author == self.revoked and any(int(op.hlc[:13]) >= self.revoked_ms for op in run):
            # The bundle carries the registry: a target the revocation had not reached
            # hears of it, takes out what it held of them, and refuses the rest.
            self.refused(target, data_bytes, "a revoked laptop's later changes relayed")
            return
        accepted = self.accepted(target, data_bytes, run, "genuine operations relayed")
        assert accepted or author == self.scoped, self.last_refusal

    def attack_relayed_outside_scope(self, data: st.DataObject, target: int) -> None:
        """Genuine Part 2 business (a meeting, its exempt item and minute, whole) or
        contact details the root's laptop wrote, relayed with their batches to the
        reference-group laptop, which may not read them: it must not end up holding
        them (its invariant looks). Rows relayed without their parents, to wait for
        them, are a known hole (``test_genuine_operations_outside_the_readers_scope``)."""
        if self.scoped is None:
            return
        root = self.laptops[0]
        root.seal()
        codes, contacts, confidential = self.profile
        hidden = {
            row_id for row_id, code in self.secrets.items() if not (confidential and code in codes)
        }
        with root.factory() as session:
            items = sorted(
                session.scalars(select(m.AgendaItem).where(m.AgendaItem.id.in_(hidden))),
                key=lambda item: item.id,
            )
            rows: set[str] = set()
            business: bool = data.draw(st.booleans(), label="Part 2 business")
            if items and business:
                item = data.draw(st.sampled_from(items), label="item")
                rows = {item.meeting_id, item.id}
                rows |= set(
                    session.scalars(
                        select(m.MinuteEntry.id).where(m.MinuteEntry.agenda_item_id == item.id)
                    )
                )
            ops = [
                op
                for op in ops_since(session, {})
                if op.site_id == root.site_id
                and (
                    op.row_id in rows
                    or (
                        not rows and not contacts and op.entity == "person" and op.field in CONTACTS
                    )
                )
            ]
        if not ops:
            return
        ops.sort(key=lambda op: op.counter)
        batches = [json.loads(b) for b in root.batches_for(ops)]
        laptop = self.laptops[self.scoped]
        before = self.snapshot(laptop)
        try:
            self.import_file_bytes(laptop, self.craft(self.scoped, ops, batches=batches))
        except BundleError as error:
            assert str(error).endswith("."), error
            assert self.snapshot(laptop) == before
            event("refused: relayed outside the reader's scope")
            return
        event("imported: relayed outside the reader's scope")
        self.gappy.add(self.scoped)

    def attack_a_minute_alone(self, data: st.DataObject, target: int) -> None:
        self.attack_a_fragment_relayed(data, target, m.MinuteEntry)

    def attack_an_action_without_its_meeting(self, data: st.DataObject, target: int) -> None:
        self.attack_a_fragment_relayed(data, target, m.Action)

    def attack_a_decision_without_its_recommendation(
        self, data: st.DataObject, target: int
    ) -> None:
        self.attack_a_fragment_relayed(data, target, m.RecommendationEvent)

    def attack_an_item_and_minute_alone(self, data: st.DataObject, target: int) -> None:
        self.attack_a_fragment_relayed(data, target, m.AgendaItem)

    def attack_a_fragment_relayed(self, data: st.DataObject, target: int, model: Any) -> None:
        """Genuine operations of single rows, relayed without what they hang on: a minute
        alone; an action raised at a meeting, without the meeting; a decision without its
        recommendation; an item and its minute without their meeting (to wait for it).
        All by laptops writing every group, with their batches. A laptop reading every
        group takes them whole (rows may wait for their parents). The reference-group
        laptop refuses them, its database byte-identical, when a row is outside its read
        scope or would wait for a parent neither it nor the bundle has; a minute in its
        scope whose parents it holds it takes whole. Nothing is half-applied."""
        assert self.ledger is not None
        if target == self.revoked:
            return
        if self.scoped is not None and not data.draw(st.booleans(), label="to a full laptop"):
            target = self.scoped
        sources = [n for n in self.full() if n != target]
        if not sources:
            return
        source = self.laptops[data.draw(st.sampled_from(sources), label="source")]
        kind = model.__tablename__
        where = (m.Action.meeting_id.is_not(None),) if model is m.Action else ()
        row_id = self.pick(data, source, model, *where)
        if row_id is None:
            return
        rows = {(model.__tablename__, row_id)}
        parents: dict[str, Any] = {}  # parent row id -> its model, as the source has it
        outside = False  # outside the reader's scope by its group (stable in this machine)
        codes, _, confidential = self.profile
        with source.factory() as session:
            group_of = {g: c for g, c in session.execute(select(m.Group.id, m.Group.code))}
            if model is m.AgendaItem:
                minutes = session.scalars(
                    select(m.MinuteEntry.id).where(m.MinuteEntry.agenda_item_id == row_id)
                )
                rows |= {("minute_entry", minute) for minute in minutes}
            if model is m.MinuteEntry:
                item = session.get_one(
                    m.AgendaItem, session.get_one(m.MinuteEntry, row_id).agenda_item_id
                )
                parents[item.id] = m.AgendaItem
            elif model is m.AgendaItem:
                item = session.get_one(m.AgendaItem, row_id)
            elif model is m.Action:
                action = session.get_one(m.Action, row_id)
                parents[str(action.meeting_id)] = m.Meeting
                item = session.get(m.AgendaItem, action.agenda_item_id or "")
                if item is not None:
                    parents[item.id] = m.AgendaItem
                outside = group_of[action.group_id] not in codes
            else:
                parents[session.get_one(m.RecommendationEvent, row_id).recommendation_id] = (
                    m.Recommendation
                )
                item = None
            if item is not None:
                meeting = session.get_one(m.Meeting, item.meeting_id)
                parents[meeting.id] = m.Meeting
                outside |= group_of[meeting.group_id] not in codes
                outside |= item.exempt and not confidential
            ops = [op for op in ops_since(session, {}) if (op.entity, op.row_id) in rows]
        source.seal()
        self.ledger.take(source.batch_items()[1])
        writers = {self.laptops[n].laptop_id for n in self.full()}
        if not ops or not {self.ledger.author(op) for op in ops} <= writers:
            return  # (a fragment of a laptop writing some groups may be refused anyway)
        if not source.can_relay(ops):
            return  # changes of the passphrase scheme no batch here vouches for yet
        ops.sort(key=lambda op: (op.site_id, op.counter))
        batches = [json.loads(b) for b in source.batches_for(ops)]
        took = self.accepted(
            target, self.craft(target, ops, batches=batches), ops, f"a fragment ({kind})"
        )
        if target != self.scoped:
            assert took, f"{kind}, genuine, refused: {self.last_refusal}"
            return
        reader = self.laptops[target]
        with reader.factory() as session:
            lacking = [
                parent
                for parent, parent_model in parents.items()
                if parent not in {row for _, row in rows}
                and session.get(parent_model, parent) is None
            ]
        if took:
            # Whole (``accepted``), and the reader may read it: in its groups, and its
            # parents were there to tell.
            assert not outside, f"the reference laptop took {kind} of another group"
            assert not lacking, f"the reference laptop took {kind} to wait for its parents"
        elif model is m.MinuteEntry and not outside and not lacking:
            raise AssertionError(f"the reference laptop refused a minute it may read: {kind}")

    def attack_a_revoked_laptops_later_changes(self, data: st.DataObject, target: int) -> None:
        """What the revoked laptop wrote after its revocation -- an edit, a decision its
        chair signs -- relayed with its genuine batches and the programme's registry
        (which holds the revocation): refused wherever it goes, the target unchanged. (If
        no laptop is revoked yet, the lead revokes one first.)"""
        if self.revoked is None:
            self.revoke(data)
        if self.revoked is None or target == self.revoked:
            return
        r = self.revoked
        office = self.laptops[r]
        office.wall.now = max(office.wall.now, self.revoked_ms + 1000)  # its clock is right
        if data.draw(st.booleans(), label="a decision"):
            signable = []
            for rec_id in self.live_recommendations(office):
                allowed = set(rs.allowed_transitions(self.state_on(office, rec_id)))
                signable += [(rec_id, t) for t in sorted(allowed & set(rs.SIGNED_TRANSITIONS))]
            if signable:
                rec_id, transition = data.draw(st.sampled_from(signable), label="decision")
                self.record(r, rec_id, transition, data, signed=True)
        action = self.pick(data, office, m.Action)
        if action is not None:
            with office.factory.begin() as session:
                session.get_one(m.Action, action).description = "Written after revocation."
        office.seal()
        with office.factory() as session:
            ops = [
                op
                for op in ops_since(session, {})
                if op.site_id == office.site_id and int(op.hlc[:13]) >= self.revoked_ms
            ]
        with self.laptops[target].factory() as session:
            held = set(session.scalars(select(m.Operation.op_id)))
        ops = sorted((op for op in ops if op.op_id not in held), key=lambda op: op.counter)
        if not ops:
            return
        run = ops[-data.draw(st.integers(1, 10), label="how many") :]
        batches = [json.loads(b) for b in office.batches_for(run)]
        self.refused(
            target, self.craft(target, run, batches=batches), "a revoked laptop's later changes"
        )

    # --- what must always hold -------------------------------------------------------------

    @invariant()
    def knowledge_has_no_gaps(self) -> None:
        for n, laptop in enumerate(self.laptops):
            if n in self.gappy:
                continue
            with laptop.engine.connect() as conn:
                for site, held, top in conn.execute(
                    select(
                        m.Operation.site_id, func.count(), func.max(m.Operation.counter)
                    ).group_by(m.Operation.site_id)
                ):
                    assert held == top, site

    @invariant()
    def reference_laptop_holds_only_its_scope(self) -> None:
        if self.scoped is None:
            return
        codes, contacts, confidential = self.profile
        laptop = self.laptops[self.scoped]
        with laptop.factory() as session:
            held = set(session.scalars(select(m.AgendaItem.id))) | set(
                session.scalars(select(m.MinuteEntry.id))
            )
            logged = set(
                session.scalars(
                    select(m.Operation.row_id)
                    .where(m.Operation.entity.in_(("agenda_item", "minute_entry")))
                    .distinct()
                )
            )
            for row_id in (held | logged) & self.secrets.keys():
                assert confidential and self.secrets[row_id] in codes, row_id
                event("reference laptop holds an exempt item of its own group")
            if not contacts:
                sent = session.scalars(
                    select(m.Operation.op_id).where(
                        m.Operation.entity == "person",
                        m.Operation.field.in_(CONTACTS),
                        m.Operation.site_id != laptop.site_id,
                    )
                ).all()
                assert sent == []
                for person in session.scalars(select(m.Person)):
                    if uuid.UUID(person.id).int >> 64 == self.scoped + 1:
                        continue  # made on this laptop, with what its user typed
                    assert (person.email, person.phone, person.notes) == ("", "", ""), person.id

    def fresh_ops(self, n: int) -> list[OpRow]:
        """The operations laptop ``n`` took in since last asked (by rowid: operations are
        never deleted), and its own that were not sealed then."""
        with self.laptops[n].engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT rowid, op_id, site_id, counter, entity, row_id, field, value, hlc, prev "
                "FROM operation WHERE rowid > ? ORDER BY rowid",
                (self.last_rowid.get(n, 0),),
            ).all()
        if rows:
            self.last_rowid[n] = rows[-1][0]
        fresh = [
            OpRow(op_id, site, counter, entity, row_id, name, value, hlc, tuple(json.loads(prev)))
            for _, op_id, site, counter, entity, row_id, name, value, hlc, prev in rows
        ]
        return [*self.unsealed.pop(n, []), *fresh]

    def changed(self, what: str, n: int) -> bool:
        """Whether laptop ``n``'s synced state may have changed since ``what`` last looked:
        every change is an operation (never deleted), a row waiting for its parent or a
        revocation (a restore resets what was looked at)."""
        with self.laptops[n].engine.connect() as conn:
            key = conn.exec_driver_sql(
                "SELECT (SELECT max(rowid) FROM operation), (SELECT count(*) FROM sync_pending), "
                "(SELECT count(*) FROM laptop_revocation)"
            ).one()
        if self.looked.get((what, n)) == tuple(key):
            return False
        self.looked[(what, n)] = tuple(key)
        return True

    @invariant()
    def operations_are_their_authors(self) -> None:
        """Every operation an honest laptop holds (but its own not sealed yet) is covered,
        digest for digest, by a batch signed with the key of the laptop the site belongs
        to; of the forger's site only what it wrote within its scope and was accepted."""
        if self.ledger is None:
            return
        for n, laptop in enumerate(self.laptops):
            self.batch_rowid[n], items = laptop.batch_items(self.batch_rowid.get(n, 0))
            self.ledger.take(items)
        for n, laptop in enumerate(self.laptops):
            own: set[str] | None = None
            for op in self.fresh_ops(n):
                if op.site_id == GENESIS_SITE:
                    continue
                if self.ledger.author(op) is None:
                    # Its own, not sealed yet (also under an earlier site of its key: a
                    # restored copy may hold what was sealed after it was taken).
                    own = laptop.own_sites() if own is None else own
                    assert op.site_id in own, f"{op.op_id} on laptop {n} is unsigned"
                    self.unsealed.setdefault(n, []).append(op)  # its own, not sealed yet
                    continue
                if op.site_id in self.mal.sites:
                    assert op.op_id in self.forger_ops, f"{op.op_id} of the forger arrived"
                if n != self.revoked and self.after_revocation(op):
                    assert not self.knows_revocation(n), (
                        f"{op.op_id}, made by a revoked laptop after its revocation, "
                        f"reached laptop {n}, which had heard of it"
                    )
        if self.revoked is not None:
            for n in self.honest():
                if self.knows_revocation(n):
                    late = self.late_held(self.laptops[n])
                    assert not late, f"laptop {n} heard of the revocation but holds {late}"

    @invariant()
    def only_verified_decisions_count(self) -> None:
        """On every honest laptop, at every step: a chair's decision the derived state
        applies names a laptop the root certified as chair of the deciding body for the
        person deciding on the decision's date, the signature by that certificate's key
        verifies over the event as stored, and it was signed over the content the laptop
        now holds."""
        if self.ledger is None:
            return
        for n, laptop in enumerate(self.laptops):
            if n == self.revoked or not self.changed("decisions", n):
                continue  # the revoked laptop may not know: its view is its own
            with laptop.factory() as session:
                codes = {g: c for g, c in session.execute(select(m.Group.id, m.Group.code))}
                codes.update((b, c) for b, c in session.execute(select(m.Body.id, m.Body.code)))
                recs = list(
                    session.scalars(
                        select(m.Recommendation).where(m.Recommendation.deleted.is_(False))
                    )
                )
                for rec_id, derived in derive_many(session, recs).items():
                    for event_id, row in derived.events.items():
                        if row.signature and row.signer_key_id and not row.signer_laptop:
                            # Signed under the passphrase scheme: shown so, never counted.
                            check = derived.checks[event_id]
                            assert check.reason == REASON_EARLIER_SCHEME, event_id
                            assert not check.verified, event_id
                            event("a decision signed under the earlier scheme")
                    for step in derived.view.applied():
                        if step.event.transition not in rs.SIGNED_TRANSITIONS:
                            continue
                        row = derived.events[step.event.id]
                        check_counted_decision(
                            self.ledger, codes, row, rec_id, laptop.revocations()
                        )
                        assert row.content_hash == content_hash(
                            content_of_row(derived.rec, derived.remit_ids)
                        ), row.id

    # --- after the final exchange ------------------------------------------------------------

    def final_exchange(self) -> None:
        """Everything everywhere among the honest laptops: by knowledge vectors while no
        log has gaps, else by operation id (a knowledge vector over a log with gaps claims
        what it lacks)."""
        honest = {n: self.laptops[n] for n in self.honest()}
        for receiver in honest.values():  # every bundle carries its sender's registry
            for sender in honest.values():
                news = sender.news_for(receiver)
                if news:
                    receiver.take_registry(news)
        moved = True
        rounds = 0
        while moved:
            rounds += 1
            assert rounds < 10
            moved = False
            if not self.gappy:
                for receiver in honest.values():
                    for sender in honest.values():
                        if sender is not receiver:
                            moved |= receiver.pull(sender).new > 0
                continue
            for laptop in honest.values():
                laptop.seal()
            held = {n: {op.op_id: op for op in Laptop.ops_for(o, {})} for n, o in honest.items()}
            for n, receiver in honest.items():
                lacking: dict[str, OpRow] = {}
                batches: list[str] = []
                for k, sender in honest.items():
                    if k == n:
                        continue
                    theirs = [
                        op
                        for op_id, op in held[k].items()
                        if op_id not in held[n] and op_id not in lacking
                    ]
                    if theirs:
                        batches += sender.batches_for(theirs)
                        lacking.update((op.op_id, op) for op in theirs)
                if lacking:
                    receiver.keep_batches(batches)
                    assert receiver.receive(list(lacking.values())).new == len(lacking)
                    held[n].update(lacking)
                    moved = True

    def final_exchange_agrees(self) -> None:
        self.final_exchange()
        honest = [self.laptops[n] for n in self.honest()]
        dumps = [laptop.dump() for laptop in honest]
        assert all(d == dumps[0] for d in dumps[1:])
        listed = []
        waiting = []
        for laptop in honest:
            with laptop.factory() as session:
                listed.append(conflicts(session))
                waiting.append(
                    sorted(session.execute(select(m.SyncPending.row_id, m.SyncPending.parent_id)))
                )
        assert all(c == listed[0] for c in listed[1:])
        assert all(w == waiting[0] for w in waiting[1:])
        self.check_nothing_waits_but_for_the_revoked(waiting[0])
        # Texts typed only on the revoked laptop may stay there; those lost with a disk
        # (a restored backup) are nowhere.
        excused = set(self.lost_texts)
        if self.revoked is not None:
            ops = Laptop.ops_for(self.laptops[self.revoked], {})
            excused |= {(op.entity, op.field, op.value) for op in ops}
        for laptop in honest:
            self.check_nothing_typed_is_lost(laptop, excused)
        self.operations_are_their_authors()
        self.check_decisions_agree()

    def check_nothing_waits_but_for_the_revoked(self, waiting: list[tuple[str, str]]) -> None:
        """Nothing waits for a parent, but what honest laptops made on rows the revoked
        laptop made from its revocation on (that laptop has been revoked since, from an
        earlier instant): those rows never count, so what hangs off them waits for good,
        alike everywhere. Likewise a row of the revoked laptop of which an honest laptop
        got only a part (a fragment the forger relayed) before it left the exchange: the
        rest stays on the revoked laptop."""
        late: set[str] = set()
        if self.revoked is not None:
            ops = Laptop.ops_for(self.laptops[self.revoked], {})
            late = {op.row_id for op in ops if self.after_revocation(op)}
            held = {op.op_id for op in Laptop.ops_for(self.laptops[self.honest()[0]], {})}
            late |= {op.row_id for op in ops if op.op_id not in held}
        excused = late
        left = list(waiting)
        while True:
            still = [
                (row_id, parent)
                for row_id, parent in left
                if not (parent in excused or (not parent and row_id in excused))
            ]
            excused = excused | {row_id for row_id, _ in left} - {r for r, _ in still}
            if len(still) == len(left):
                break
            left = still
        assert not left, f"rows wait for parents: {left}"
        self.stranded = {row_id for row_id, _ in waiting}
        if waiting:
            event("final: rows wait for good on a revoked laptop's later rows")

    def check_nothing_typed_is_lost(self, laptop: Laptop, excused: set[Any]) -> None:
        ops = Laptop.ops_for(laptop, {})
        logged = {(op.entity, op.field, op.value) for op in ops}
        missing = self.typed - excused - logged
        assert not missing, missing
        named = {p for op in ops for p in op.prev}
        with laptop.factory() as session:
            heads = set(session.scalars(select(m.FieldHead.op_id)))
        for op in ops:
            if is_free_text(op.entity, op.field):
                assert op.op_id in heads or op.op_id in named, op

    def check_decisions_agree(self) -> None:
        self.only_verified_decisions_count()
        views = []
        for n in self.honest():
            with self.laptops[n].factory() as session:
                rows = {e.id: e for e in session.scalars(select(m.RecommendationEvent))}
                # No decision is lost or overwritten: every one made is here as made (but
                # those only the revoked laptop held, lost with a restored disk, or waiting
                # for good on what the revoked laptop made once revoked); its
                # signature, signing laptop and signer change only to what a laptop wrote
                # (each field on its own: last writer wins per field, so two laptops'
                # signatures may meet another's signer, and then it does not verify).
                present = rows.keys() - self.forged_events
                assert present <= self.events.keys()
                for event_id in self.events.keys() - present:
                    assert (
                        self.events[event_id].made_on == self.revoked
                        or event_id in self.lost_events
                        or event_id in self.stranded
                    ), event_id
                for event_id in present:
                    made = self.events[event_id]
                    row = rows[event_id]
                    assert {n: getattr(row, n) for n in FIXED_EVENT_FIELDS} == made.fixed
                    for index, value in enumerate((row.signature, row.signer_laptop, row.by_id)):
                        assert value in {signed[index] for signed in made.signed}, event_id
                recs = list(session.scalars(select(m.Recommendation)))
                views.append(
                    {
                        rec_id: (
                            d.view.state,
                            d.view.flags,
                            [
                                (
                                    s.event.id,
                                    s.from_state,
                                    s.to_state,
                                    s.applied,
                                    s.flag,
                                    s.event.at,
                                )
                                for s in d.view.history
                            ],
                            d.checks,
                        )
                        for rec_id, d in derive_many(session, recs).items()
                    }
                )
        assert all(v == views[0] for v in views[1:])
        for _, _, history, checks in views[0].values():
            for reason in {c.reason for c in checks.values()} - {""}:
                event(f"final: a decision does not count ({reason})")
            order = [entry[0] for entry in history]
            applied = {entry[0]: entry[3] for entry in history}
            flags = {entry[0]: entry[4] for entry in history}
            for a, b in self.pairs:
                if a not in applied or b not in applied:
                    continue
                if not (checks[a].verified and checks[b].verified):
                    event("final: one of contradictory decisions not verified")
                    continue
                low, high = sorted((order.index(a), order.index(b)))
                if any(applied[e] for e in order[low + 1 : high]):
                    event("final: state moved between contradictory decisions")
                    continue  # the state moved on between them: not the same state any more
                event("final: contradictory decisions both verified")
                # Contradictory decisions from one state: one stands, the other is
                # flagged -- never both counted, never one silently dropped.
                assert not (applied[a] and applied[b]), (a, b, history)
                if applied[a] or applied[b]:
                    loser = b if applied[a] else a
                    assert flags[loser] in (rs.FLAG_CONFLICT, rs.FLAG_REPEAT), (a, b, history)
                else:
                    # Neither counts (the state they were taken from did not: say, the
                    # endorsement before it was forged); both are flagged anyway.
                    event("final: contradictory decisions both flagged")


def _consecutive(ops: list[OpRow]) -> Iterator[list[OpRow]]:
    run: list[OpRow] = []
    for op in ops:
        if run and op.counter != run[-1].counter + 1:
            yield run
            run = []
        run.append(op)
    if run:
        yield run


def check_counted_decision(
    ledger: Ledger,
    codes: dict[str, str],
    row: m.RecommendationEvent,
    rec_id: str,
    revocations: set[str],
) -> None:
    """A decision that counts: by the letter of docs/TRUST.md "Chairs", against the
    root's registry (not the laptop's); revoked by the decision's time, it does not count
    on a laptop the revocation has reached (``revocations``: the laptops it knows
    revoked)."""
    certificate = ledger.certificates.get(row.signer_laptop or "")
    assert certificate is not None, f"{row.id} counts, signed by no certified laptop"
    code = codes[row.group_id or row.body_id or ""]
    moment = parse_at(row.at)
    assert moment is not None, row.id
    assert certificate.is_chair_of(code, row.by_id or "", moment.date()), row.id
    if certificate.laptop_id in revocations:
        assert not ledger.revoked_at(certificate.laptop_id, moment), f"{row.id}: revoked by then"
    message = approval_message_v2(
        recommendation_id=rec_id,
        content_hash=row.content_hash,
        transition=row.transition,
        body_id=row.body_id,
        group_id=row.group_id,
        meeting_id=row.meeting_id,
        minute_number=row.minute_number,
        note=row.note,
        by_id=row.by_id,
        after_id=row.after_id,
        at=row.at,
        event_id=row.id,
    )
    assert ident.verify_signature(certificate.sign_key, message, bytes.fromhex(row.signature)), (
        row.id
    )


SETTINGS = settings(
    max_examples=20,
    stateful_step_count=40,
    deadline=None,
    # CI runs one fixed set of examples, so a submission lands or not on its merits; a
    # developer's run explores new ones each time.
    derandomize=bool(os.environ.get("CI")),
    # No "explain" phase: replaying a failing run line by line takes minutes here.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TestConvergence = Laptops.TestCase
TestConvergence.settings = SETTINGS


def test_a_quick_run_of_the_whole_machine() -> None:
    """A smoke run in seconds: a few short fixed examples of the whole machine, for a
    check while working (``pytest -k quick``)."""
    quick = settings(
        SETTINGS,
        max_examples=3,
        stateful_step_count=20,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
    )
    run_state_machine_as_test(Laptops, settings=quick)


# --- the machine can fail: deliberate breaks it must catch --------------------------------


def _again(name: str) -> Any:
    """Another rule that runs rule ``name``: copies make hypothesis pick it more often."""

    def again(self: Laptops, data: st.DataObject) -> None:
        getattr(self, name)(data)

    return rule(data=st.data())(again)


@initialize(scoped=st.sampled_from([None, 0]))
def _three_laptops(self: Laptops, scoped: int | None) -> None:
    """Three laptops, clocks a day apart: quicker to set up than the machine's own."""
    Laptops.start(self, [0, DAY_MS, -DAY_MS], scoped)


@initialize()
def _three_full_laptops(self: Laptops) -> None:
    """Three laptops reading everything: one may be revoked and two still exchange."""
    Laptops.start(self, [0, DAY_MS, -DAY_MS], None)


def _a_day_lost(self: Laptops, data: st.DataObject) -> None:
    """A laptop is backed up, then makes and seals a change (it sends it), then its
    disk fails and the copy is restored."""
    candidates = self.restorable()
    if not candidates:
        return
    n = data.draw(st.sampled_from(candidates), label="laptop")
    laptop = self.laptops[n]
    self.backups[n] = laptop.backup()
    with laptop.factory.begin() as session:
        group = session.scalars(select(m.Group.id).order_by(m.Group.id)).first()
        assert group is not None
        session.add(m.Action(id=self.new_id(n), reference="X-2", group_id=group, description="Z"))
    laptop.seal()
    self.restore(n)


@initialize()
def _three_laptops_and_a_reader(self: Laptops) -> None:
    """Two full laptops and a reference-group laptop reading its own group only."""
    Laptops.start(self, [0, DAY_MS, -DAY_MS], 0)


@initialize()
def _three_legacy_laptops(self: Laptops) -> None:
    """Three laptops that used the passphrase scheme before the lead started the
    programme under the trust model."""
    Laptops.start(self, [0, DAY_MS, -DAY_MS], None, legacy=True)


def _chair_revoked_before_deciding(self: Laptops, data: st.DataObject) -> None:
    """The first chair's laptop, which signed the endorsements made at the start, is
    revoked from the moment of one of its decisions (or changes)."""
    if self.revoked is None and len(self.full()) >= 3:
        moments = self.moments_of(1)
        self.revoke_laptop(1, data.draw(st.sampled_from(moments), label="from"))


def _machine(
    attacks: tuple[str, ...],
    rules: tuple[str | Callable[[Laptops, st.DataObject], None], ...],
    start: Any = _three_laptops,
) -> type[Laptops]:
    """The machine with only ``attacks``, and ``rules`` (a rule's name, or a function
    of the machine and a data object) run six times as often."""
    namespace: dict[str, Any] = {"attacks": attacks, "start": start}
    for name in rules:
        for copy in range(6):
            if isinstance(name, str):
                namespace[f"{name}_{copy}"] = _again(name)
            else:
                namespace[f"{name.__name__}_{copy}"] = rule(data=st.data())(name)
    return type("Broken", (Laptops,), namespace)


def _write_anywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    from sen_desktop.sync import authority

    monkeypatch.setattr(authority.Checker, "_scope_problem", lambda *args, **kwargs: None)


def _any_batch_signature(monkeypatch: pytest.MonkeyPatch) -> None:
    from sen_desktop.sync import certificates

    verify = certificates.verify_item

    def lenient(item: object, public_hex: str, kind: str) -> dict[str, Any]:
        if kind == "op-batch":
            assert isinstance(item, dict)
            body: dict[str, Any] = item["body"]
            return body
        return verify(item, public_hex, kind)

    monkeypatch.setattr(certificates, "verify_item", lenient)


def _unsigned_certificates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        Certificate,
        "from_item",
        classmethod(lambda cls, item, root, programme: cls.from_stored(item, programme)),
    )


def _any_laptop_chairs(monkeypatch: pytest.MonkeyPatch) -> None:
    from sen_desktop.core.recommendations import chairs

    def standing(self: Any, laptop_id: str | None, *args: Any) -> Any:
        found = self.certificates(laptop_id)
        return chairs.Standing("", found) if found else chairs.Standing("unknown")

    monkeypatch.setattr(chairs.ChairAuthority, "standing", standing)


def _signatures_unchecked(monkeypatch: pytest.MonkeyPatch) -> None:
    from sen_desktop.core.recommendations import checks as recommendation_checks
    from sen_desktop.core.recommendations.signing import SignatureCheck

    monkeypatch.setattr(
        recommendation_checks, "check_signature", lambda key, message, sig: SignatureCheck(True)
    )


def _digests_unchecked(monkeypatch: pytest.MonkeyPatch) -> None:
    from sen_desktop.sync import authority

    def find(self: Any, counter: int, digest: bytes) -> Any:
        covering = [b for b in self.batches if b.first <= counter <= b.last]
        return covering[0] if covering else None

    monkeypatch.setattr(authority._Site, "find", find)


def _revocations_ignored_on_import(monkeypatch: pytest.MonkeyPatch) -> None:
    from sen_desktop.sync import authority

    monkeypatch.setattr(authority.Checker, "_revoked_millis", lambda self, laptop_id: None)


def _restore_unfenced(monkeypatch: pytest.MonkeyPatch) -> None:
    from sen_desktop.sync import fence

    monkeypatch.setattr(fence, "fence_if_restored", lambda *args, **kwargs: None)


def _earlier_scheme_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    from sen_desktop.core.recommendations import checks

    verify = checks.verify_event

    def lenient(event: Any, *args: Any) -> Any:
        if event.signature and event.signer_key_id and not event.signer_laptop:
            return checks.Verification(True, True, True, "")
        return verify(event, *args)

    monkeypatch.setattr(checks, "verify_event", lenient)


def _read_fence_off(monkeypatch: pytest.MonkeyPatch) -> None:
    from sen_desktop.sync.read_fence import ReadFence

    monkeypatch.setattr(ReadFence, "check", lambda self, ops: None)
    monkeypatch.setattr(ReadFence, "check_resolved", lambda self: None)


def _revoked_chairs_still_count(monkeypatch: pytest.MonkeyPatch) -> None:
    from sen_desktop.core.recommendations import chairs
    from sen_desktop.sync import revoked

    monkeypatch.setattr(chairs.CertifiedLaptop, "revoked_at", lambda self, moment: False)
    # A laptop that hears of the revocation takes out what the chair's laptop stamped
    # from then on (sync.revoked), its decisions with it: that alone would keep them
    # from counting, so it goes too.
    monkeypatch.setattr(revoked, "revoked_sites", lambda *args, **kwargs: {})


# name: (the break, the attacks that should meet it, the rules to run more often[, start])
BREAKS: dict[str, tuple[Any, ...]] = {
    "authority lets a laptop write outside its groups": (
        _write_anywhere,
        ("a Steering Group minute", "a programme setting"),
        ("attack",),
    ),
    "authority takes a batch whatever its signature": (
        _any_batch_signature,
        ("another laptop's site",),
        ("attack",),
    ),
    "authority takes an operation whatever its digest": (
        _digests_unchecked,
        ("relayed and altered",),
        ("attack",),
    ),
    "the registry keeps a certificate the root did not sign": (
        _unsigned_certificates,
        ("a chair certificate of its own",),
        ("attack",),
    ),
    "any certified laptop signs as a chair": (
        _any_laptop_chairs,
        (),
        ("concurrent_decisions",),
    ),
    "a chair's signature is not checked": (_signatures_unchecked, (), ("forge_signature",)),
    "a restored laptop reuses its counters": (
        _restore_unfenced,
        (),
        (_a_day_lost,),
    ),
    "an import keeps what the laptop may not read": (
        _read_fence_off,
        FRAGMENTS,
        ("attack",),
        _three_laptops_and_a_reader,
    ),
    "a decision signed under the earlier scheme counts": (
        _earlier_scheme_counts,
        (),
        ("decide",),
        _three_legacy_laptops,
    ),
    "authority takes a revoked laptop's later changes": (
        _revocations_ignored_on_import,
        ("a revoked laptop's later changes",),
        ("revoke", "attack"),
        _three_full_laptops,
    ),
    "a revoked chair's decisions still count": (
        _revoked_chairs_still_count,
        (),
        (_chair_revoked_before_deciding, "sync_pair"),
        _three_full_laptops,
    ),
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_the_machine_catches_a_break(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """With one check of the trust model deliberately broken, a short run of the machine
    fails: its attacks and invariants would notice that check going missing."""
    breaking, attacks, rules, *start = BREAKS[name]
    breaking(monkeypatch)
    quick = settings(
        SETTINGS,
        max_examples=12,
        stateful_step_count=12,
        phases=[Phase.generate],
        database=None,
        derandomize=True,
    )
    try:
        run_state_machine_as_test(_machine(attacks, rules, *start), settings=quick)
    except Exception as error:  # the machine's own assertion, maybe under teardown's
        assert _an_assertion(error), error
    else:
        raise AssertionError(f"the machine did not notice: {name}")


# Breaks of the trust model's newer parts: each one's short run, unbroken, must pass.
GROUNDS = (
    "a restored laptop reuses its counters",
    "authority takes a revoked laptop's later changes",
    "a revoked chair's decisions still count",
    "a decision signed under the earlier scheme counts",
    "an import keeps what the laptop may not read",
)


@pytest.mark.parametrize("name", GROUNDS)
def test_the_ground_of_a_break_holds(name: str) -> None:
    """The short run a break is caught on passes unbroken: it is the break the machine
    notices, not the scenario. (So CI also runs a revocation, a restore, a migration and
    fragments relayed to a reader, whatever examples the main run draws.)"""
    _, attacks, rules, *start = BREAKS[name]
    quick = settings(
        SETTINGS,
        max_examples=3,
        stateful_step_count=8,
        phases=[Phase.generate],
        database=None,
        derandomize=True,
    )
    run_state_machine_as_test(_machine(attacks, rules, *start), settings=quick)


def _an_assertion(error: BaseException | None) -> bool:
    """Whether ``error`` is, or was raised while handling, an AssertionError."""
    while error is not None:
        if isinstance(error, AssertionError):
            return True
        error = error.__cause__ or error.__context__
    return False


# --- gaps passed on (regression tests alongside the machine) ----------------------------


@pytest.fixture
def keys() -> Iterator[None]:
    restore = deterministic_identities()
    yield
    restore()


@pytest.mark.usefixtures("keys")
def test_gaps_a_scoped_laptop_passes_on_do_not_hide_operations(tmp_path: Path) -> None:
    """A reference-group laptop (R) rightly lacks an edit outside its scope, but its
    knowledge vector (highest counter per site) claims it. R's bundle for B hands that
    claim on to B, and B's to A; were A to take B's word for what B holds of A's own
    operations, its later bundles for B would leave the edit out for good and A and B,
    both reading everything, would never agree on the person."""
    a, b, r = programme(tmp_path, "abr", {"r": Grant(("PCRG",))})
    try:
        with a.factory.begin() as session:
            pcrg = session.scalars(select(m.Group.id).where(m.Group.code == "PCRG")).one()
            besd = session.scalars(select(m.Group.id).where(m.Group.code == "BESD")).one()
            seat = session.scalars(select(m.Seat.id).where(m.Seat.group_id == besd)).first()
            assert seat is not None
            session.add(m.Person(id=str(uuid.UUID(int=1)), full_name="Pat Jones"))
            session.flush()
            session.add(
                m.Appointment(
                    seat_id=seat, person_id=str(uuid.UUID(int=1)), start_date=dt.date(2026, 9, 1)
                )
            )
        send(a, b, tmp_path)  # B has the person
        with a.factory.begin() as session:  # an edit outside the reference group's scope
            session.get_one(m.Person, str(uuid.UUID(int=1))).job_title = "Head of Service"
        with a.factory.begin() as session:  # and a later one inside it
            session.add(m.Meeting(group_id=pcrg, number=1, date=dt.date(2026, 12, 1)))
        send(a, r, tmp_path)
        send(r, b, tmp_path)  # everything R holds
        send(b, a, tmp_path)  # B's manifest: what B holds
        send(a, b, tmp_path)
        with b.factory() as session:
            title = session.get_one(m.Person, str(uuid.UUID(int=1))).job_title
        assert title == "Head of Service"
    finally:
        for laptop in (a, b, r):
            laptop.close()


@pytest.mark.usefixtures("keys")
def test_gaps_a_hub_took_in_do_not_hide_operations_from_its_laptops(tmp_path: Path) -> None:
    """The secretary's laptop S is a hub: it passes the programme on to T (reading
    everything). S imports R's bundle; R (the reference group, no contacts) rightly
    lacks a contact edit X made, but its knowledge vector claims X's counter past it.
    S's next bundle for T records that vector, T confirms it, and from then on S would
    never send T the edit, even after S has it from X: T would never learn the email
    address S and X both hold."""
    x, hub, r, t = programme(tmp_path, "xsrt", {"r": Grant(("PCRG",))})
    quinn = str(uuid.UUID(int=7))
    try:
        with x.factory.begin() as session:
            pcrg = session.scalars(select(m.Group.id).where(m.Group.code == "PCRG")).one()
            seat = session.scalars(select(m.Seat.id).where(m.Seat.group_id == pcrg)).first()
            assert seat is not None
            session.add(m.Person(id=quinn, full_name="Quinn Parent"))
            session.flush()
            session.add(
                m.Appointment(seat_id=seat, person_id=quinn, start_date=dt.date(2026, 9, 1))
            )
        send(x, hub, tmp_path)
        send(hub, t, tmp_path)
        send(t, hub, tmp_path)  # T confirms what it received
        with x.factory.begin() as session:
            session.get_one(m.Person, quinn).email = "quinn@example.org"
        with x.factory.begin() as session:
            session.add(m.Meeting(group_id=pcrg, number=1, date=dt.date(2026, 12, 1)))
        send(x, r, tmp_path)  # the meeting, not the email
        send(r, hub, tmp_path)  # the hub now claims X's counter past the email
        send(hub, t, tmp_path)
        send(t, hub, tmp_path)  # T confirms: its acknowledgement claims it too
        send(x, hub, tmp_path)  # the hub has the email now
        send(hub, t, tmp_path)
        emails = []
        for laptop in (x, hub, t):
            with laptop.factory() as session:
                emails.append(session.get_one(m.Person, quinn).email)
        assert emails == ["quinn@example.org"] * 3
    finally:
        for laptop in (x, hub, r, t):
            laptop.close()


# --- decisions recorded apart under a skewed clock ---------------------------------------


@pytest.mark.usefixtures("keys")
def test_a_decision_from_a_fast_clock_still_contradicts_a_concurrent_referral(
    tmp_path: Path,
) -> None:
    """Both laptops see BESD-R1 submitted to the Steering Group. On A the Steering
    Group refers it back, and the working group agrees it again and resubmits it. On B,
    the chair's certified laptop, whose clock runs three days ahead and which has not
    heard of the referral, the chair endorses the first submission. After the exchange
    the endorsement and the referral back, contradictory decisions on the same
    submission, are both kept and the endorsement is flagged (it names the step it
    followed, which the referral had already followed): ordering by the fast clock alone
    made both count, reading "Endorsed"."""
    a, b = Office(0, tmp_path / "a"), Office(1, tmp_path / "b", skew_ms=3 * DAY_MS)
    try:
        start_programme(a)
        with a.factory.begin() as session:
            chair = m.Person(full_name="Sam Steering")
            session.add(chair)
            session.flush()
            besd = session.scalars(select(m.Group.id).where(m.Group.code == "BESD")).one()
        enrol(a, [(b, Grant(EVERY_GROUP, chair_of=("SG",), person=chair.id))])
        rec = a.service.create(besd, "Outreach", text="An outreach service.")
        for transition in (rs.T_AGREED, rs.T_SUBMITTED_TO_SG):
            a.service.record_event(rec.id, transition)
        b.pull(a)
        a.tick(3_600_000)
        a.service.record_event(rec.id, rs.T_REFERRED_BACK, note="Cost it first.")
        a.tick(3_600_000)
        a.service.record_event(rec.id, rs.T_AGREED)
        a.tick(3_600_000)
        a.service.record_event(rec.id, rs.T_SUBMITTED_TO_SG)
        b.service.record_event(rec.id, rs.T_ENDORSED, sign_as=chair.id)
        a.pull(b)
        b.pull(a)
        views = [laptop.service.detail(rec.id) for laptop in (a, b)]
        assert views[0].state == views[1].state  # they converge ...
        assert any(e.flag == rs.FLAG_CONFLICT for e in views[0].events)  # ... flagged
        assert any(e.verified for e in views[0].events if e.transition == rs.T_ENDORSED)
    finally:
        a.close()
        b.close()


# --- what the malicious laptop relays -------------------------------------------------------


@pytest.mark.parametrize(
    "relayed",
    ["meeting, item and minute", "item and minute"],
)
@pytest.mark.usefixtures("keys")
def test_genuine_operations_outside_the_readers_scope_do_not_reach_it(
    tmp_path: Path, relayed: str
) -> None:
    """The lead's laptop A minutes a Part 2 item of the Steering Group. M, a reference-
    group laptop that has read A's files, relays A's genuine operations with A's own
    batches to R, another reference-group laptop: signed by their author and within A's
    write scope, they are still outside what R may read, and R must not end up holding
    them, in its tables or its log (refused in one sentence, the database
    byte-identical) -- also when the meeting is left out, so that the rows would only
    wait for their parent."""
    a, r, forger = programme(tmp_path, "arm", {"r": Grant(("PCRG",)), "m": Grant(("PCRG",))})
    try:
        with a.factory.begin() as session:
            sg = session.scalars(select(m.Group.id).where(m.Group.code == "SG")).one()
            meeting = m.Meeting(group_id=sg, number=9, date=dt.date(2011, 2, 9))
            session.add(meeting)
            session.flush()
            item = m.AgendaItem(
                meeting_id=meeting.id,
                position=1,
                title="A named child",
                exempt=True,
                exempt_paragraph=1,
                exempt_reason="Information about a named child",
            )
            session.add(item)
            session.flush()
            session.add(m.MinuteEntry(agenda_item_id=item.id, text="Agreed."))
        a.seal()
        ops = [op for op in Laptop.ops_for(a, {}) if op.site_id == a.site_id]
        if relayed == "item and minute":
            ops = [op for op in ops if op.entity != "meeting"]
        batches = [json.loads(b) for b in a.batches_for(ops)]
        with a.factory() as session:
            registry = load_registry(session)
            target = registry.certificate(r.laptop_id)
            certificate = registry.certificate(forger.laptop_id)
            assert target is not None and certificate is not None
            assert registry.programme_id is not None
            items = registry.items()
        relay = Forger(forger.trust.identity(), certificate.item).craft(
            tmp_path,
            programme=registry.programme_id,
            recipients=[target],
            registry=items,
            batches=batches,
            ops=ops,
            schema=SCHEMA_REVISION,
        )
        path = tmp_path / "relay.senbundle"
        path.write_bytes(relay)
        with r.engine.connect() as conn:
            before = bytes(conn.connection.dbapi_connection.serialize())  # type: ignore[union-attr]
        try:
            import_bundle(r.factory, path, r.trust, wall_clock=r.wall)
        except BundleError as error:
            assert str(error).endswith(".")
        with r.engine.connect() as conn:
            after = bytes(conn.connection.dbapi_connection.serialize())  # type: ignore[union-attr]
            held = conn.execute(
                select(m.Operation.op_id).where(
                    m.Operation.entity.in_(("agenda_item", "minute_entry"))
                )
            ).all()
        assert held == [], "the reference laptop holds a Steering Group Part 2 minute"
        assert after == before
    finally:
        for laptop in (a, r, forger):
            laptop.close()
