"""The convergence machine's exchanges: whole bundles between full laptops by knowledge
vector, and real bundle files (sync.exchange) to and from the reference laptop."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from convergence_terms import (
    Bundle,
    Posted,
)
from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import (
    precondition,
    rule,
)
from sqlalchemy import select

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.store import models as m
from sen_desktop.sync.bundle import BundleError
from sen_desktop.sync.exchange import ImportResult, import_bundle
from sen_desktop.sync.exporting import export_bundle
from sen_desktop.sync.operations import ops_since
from sen_desktop.sync.refusals import FutureBundleError
from sen_desktop.sync.scope import Profile, filter_ops, scope_for

if TYPE_CHECKING:
    from converge_helpers import (
        Office,
    )
    from merge_helpers import Laptop


class Bundles:
    """Whole bundles between full laptops, and real bundle files
    (a part of ``convergence_machine.Laptops``)."""

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
            stamps=self.stamps_held(laptop),
        )

    def stamps_held(self, laptop: Laptop) -> frozenset[tuple[str, str]]:
        with laptop.engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT site_id, hlc FROM operation").all()
        return frozenset((site, hlc) for site, hlc in rows)

    def carries_late(self, posted: Posted) -> bool:
        """Whether ``posted`` may hold the revoked laptop's changes stamped from its
        revocation on: known at export, or made so by a revocation backdated since."""
        if self.revoked is None or posted.sender == self.revoked:
            return False
        if posted.late:
            return True
        sites = self.laptops[self.revoked].own_sites()
        stop = f"{self.revoked_ms:013d}"
        return any(site in sites and hlc >= stop for site, hlc in posted.stamps)

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
            if not (self.carries_late(posted) and self.knows_revocation(receiver)):
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
