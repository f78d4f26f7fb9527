"""The malicious laptop's bundles: misdirected or replayed under another id, genuine
operations relayed altered, unchanged, outside the reader's scope or in fragments, and a
revoked laptop's later changes."""

from __future__ import annotations

import json
import uuid
from typing import Any

from convergence_terms import CONTACTS
from forger_helpers import header_of
from hypothesis import event
from hypothesis import strategies as st
from sqlalchemy import select

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.store import models as m
from sen_desktop.sync.bundle import BundleError
from sen_desktop.sync.fields import is_free_text
from sen_desktop.sync.operations import OpRow, ops_since


class Relays:
    """The malicious laptop's misdirected and relayed bundles
    (a part of ``convergence_machine.Laptops``)."""

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
