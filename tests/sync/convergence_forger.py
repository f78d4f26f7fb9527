"""The convergence machine's malicious laptop: its honest work within its scope and the
attacks it makes through an honest laptop's real import (``ATTACKS``)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import TYPE_CHECKING, Any

from convergence_terms import (
    ATTACKS,
    CHAIRS_OF,
    DAY_MS,
    FORGER_GROUP,
    WORDS,
    Posted,
)
from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import rule
from sqlalchemy import func, select

from sen_desktop.core.store import models as m
from sen_desktop.core.store.database import SCHEMA_REVISION
from sen_desktop.sync.bundle import BundleError
from sen_desktop.sync.certificates import (
    Certificate,
    Role,
    certificate_body,
    sign_item,
)
from sen_desktop.sync.operations import OpRow, ops_since
from sen_desktop.sync.registry import load as load_registry

if TYPE_CHECKING:
    from collections.abc import Iterator


class Forgeries:
    """The malicious laptop's own work and its attacks
    (a part of ``convergence_machine.Laptops``)."""

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
                for run in consecutive(mine):
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


def consecutive(ops: list[OpRow]) -> Iterator[list[OpRow]]:
    """``ops`` (sorted by counter) in runs of consecutive counters."""
    run: list[OpRow] = []
    for op in ops:
        if run and op.counter != run[-1].counter + 1:
            yield run
            run = []
        run.append(op)
    if run:
        yield run
