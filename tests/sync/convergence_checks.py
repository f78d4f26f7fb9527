"""What the convergence machine checks: at every step (invariants) and after the final
honest exchange (every honest laptop agrees, nothing typed is lost, decisions unchanged)."""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

from convergence_terms import (
    CONTACTS,
    FIXED_EVENT_FIELDS,
)
from hypothesis import event
from hypothesis.stateful import invariant
from merge_helpers import Laptop
from sqlalchemy import func, select

from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.recommendations.checks import content_of_row, derive_many, parse_at
from sen_desktop.core.recommendations.records import REASON_EARLIER_SCHEME
from sen_desktop.core.recommendations.signing import (
    approval_message_v2,
    content_hash,
)
from sen_desktop.core.store import models as m
from sen_desktop.core.store.oplog import GENESIS_SITE
from sen_desktop.sync import identity as ident
from sen_desktop.sync.conflicts import conflicts
from sen_desktop.sync.fields import is_free_text
from sen_desktop.sync.operations import OpRow

if TYPE_CHECKING:

    from forger_helpers import Ledger


class Checks:
    """What must always hold, and what the final exchange must give (a part of
    ``convergence_machine.Laptops``)."""

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
