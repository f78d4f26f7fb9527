"""The convergence machine's local work: edits on each laptop, a laptop revoked,
a backup restored."""

from __future__ import annotations

import datetime as dt
import sqlite3

from convergence_terms import (
    CONTACTS,
    DAY_MS,
    WORDS,
)
from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import (
    precondition,
    rule,
)
from merge_helpers import EPOCH, Laptop
from sqlalchemy import select

from sen_desktop.core.recommendations.checks import parse_at
from sen_desktop.core.store import models as m
from sen_desktop.sync.certificates import parse_instant
from sen_desktop.sync.conflicts import conflicts, resolve_conflict
from sen_desktop.sync.fields import is_free_text
from sen_desktop.sync.registry import load as load_registry


class LocalEdits:
    """Edits on each laptop, a laptop revoked, a backup restored
    (a part of ``convergence_machine.Laptops``)."""

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
