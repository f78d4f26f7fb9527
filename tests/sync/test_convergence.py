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

The machine can fail: ``test_the_machine_catches_a_break`` (test_convergence_breaks.py)
breaks one check at a time (authority's write scope, batch signatures and digests,
revocations on import, the registry's root signature, the chairs' certificates,
signatures and revocations, decisions of the earlier scheme, the read fence on import,
the restore fence) and a short run must notice.

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

The machine is ``convergence_machine.Laptops``; its rules and checks are mixins by topic
(``convergence_edits``, ``_decisions``, ``_bundles``, ``_forger``, ``_relays``,
``_checks``), its vocabularies and what travels between laptops ``convergence_terms``.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import TYPE_CHECKING

import pytest
from converge_helpers import (
    Grant,
    Office,
    deterministic_identities,
    enrol,
    programme,
    send,
    start_programme,
)
from convergence_machine import SETTINGS, Laptops
from convergence_terms import (
    DAY_MS,
    EVERY_GROUP,
)
from forger_helpers import Forger
from hypothesis import Phase, settings
from hypothesis.stateful import run_state_machine_as_test
from merge_helpers import Laptop
from sqlalchemy import select

from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.store import models as m
from sen_desktop.core.store.database import SCHEMA_REVISION
from sen_desktop.sync.bundle import BundleError
from sen_desktop.sync.exchange import import_bundle
from sen_desktop.sync.registry import load as load_registry

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


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
