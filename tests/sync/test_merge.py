"""Merging other laptops' operations: knowledge, heads, last-writer-wins, kept text, rows
waiting for their parents (what the merge refuses: test_merge_validation.py)."""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING

import pytest
from merge_helpers import Laptop, add_action, add_minute, exchange, group_id
from sqlalchemy import select, text

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.programme.seed import seed_programme
from sen_desktop.core.store import models as m
from sen_desktop.core.store.database import open_database
from sen_desktop.core.store.hlc import Timestamp
from sen_desktop.core.store.oplog import GENESIS_SITE
from sen_desktop.sync.conflicts import conflicts, resolve_conflict
from sen_desktop.sync.fields import KEEP_BOTH_FIELDS, Policy, policy
from sen_desktop.sync.merge import apply_ops
from sen_desktop.sync.operations import OpRow, knowledge, ops_since

if TYPE_CHECKING:
    from pathlib import Path

DAY_MS = 86_400_000


# --- knowledge and ops_since ---------------------------------------------------------------


def test_seeded_laptops_agree_on_genesis_and_lack_nothing(a: Laptop, b: Laptop) -> None:
    assert a.knowledge() == b.knowledge()
    assert set(a.knowledge()) == {GENESIS_SITE}
    assert a.ops_for(b.knowledge()) == []


def test_ops_since_gives_what_the_other_lacks_in_clock_order(a: Laptop, b: Laptop) -> None:
    add_action(a)
    a.tick()
    add_action(a, "Second.")
    ops = a.ops_for(b.knowledge())
    assert {op.site_id for op in ops} == {a.site_id}
    assert [op.counter for op in ops] == sorted(op.counter for op in ops)
    assert [(op.hlc, op.site_id) for op in ops] == sorted((op.hlc, op.site_id) for op in ops)
    # Knowing the first half, only the rest is missing.
    half = ops[len(ops) // 2 - 1].counter
    rest = a.ops_for({**b.knowledge(), a.site_id: half})
    assert [op.counter for op in rest] == [op.counter for op in ops if op.counter > half]


def test_knowledge_stops_at_the_first_gap(a: Laptop, b: Laptop) -> None:
    """A laptop holding a site's operations with gaps claims only the unbroken start:
    whoever trusts its knowledge must still send what lies in the gaps."""
    add_action(a)
    a.tick()
    add_action(a, "Second.")
    ops = a.ops_for(b.knowledge())
    counters = sorted(op.counter for op in ops)
    assert counters == list(range(counters[0], counters[-1] + 1))
    gap = counters[2]
    b.receive([op for op in ops if op.counter != gap])
    assert b.knowledge()[a.site_id] == gap - 1
    assert [op.counter for op in a.ops_for(b.knowledge()) if op.site_id == a.site_id] == [
        c for c in counters if c >= gap
    ]
    b.receive([op for op in ops if op.counter == gap])
    assert b.knowledge()[a.site_id] == counters[-1]


def test_a_new_row_arrives_and_a_second_delivery_changes_nothing(a: Laptop, b: Laptop) -> None:
    action_id = add_action(a)
    ops = a.ops_for(b.knowledge())
    report = b.receive(ops)
    assert (report.new, report.changed, report.already_had, report.pending) == (
        len(ops),
        1,
        0,
        0,
    )
    assert a.dump() == b.dump()
    again = b.receive(ops)
    assert (again.new, again.changed, again.already_had) == (0, 0, len(ops))
    assert b.knowledge()[a.site_id] == max(op.counter for op in ops)
    with b.factory() as session:
        assert session.get_one(m.Action, action_id).description == "Map the outreach offer."


# --- last writer wins --------------------------------------------------------------------------


def test_concurrent_status_edits_go_to_the_later_clock_on_both(a: Laptop, b: Laptop) -> None:
    action_id = add_action(a)
    b.pull(a)
    with a.factory.begin() as session:
        session.get_one(m.Action, action_id).status = "done"
    b.tick(5000)
    with b.factory.begin() as session:
        session.get_one(m.Action, action_id).status = "dropped"
    exchange(a, b)
    assert a.dump() == b.dump()
    with a.factory() as session:
        assert session.get_one(m.Action, action_id).status == "dropped"
    with a.factory() as session:
        assert conflicts(session) == []  # a status is not free text


def test_a_clock_days_ahead_wins_and_pulls_the_others_clock_forward(a: Laptop, b: Laptop) -> None:
    action_id = add_action(a)
    b.pull(a)
    b.tick(3 * DAY_MS)  # b's clock is wrong by three days
    with b.factory.begin() as session:
        session.get_one(m.Action, action_id).brag = "red"
    a.pull(b)
    with a.factory.begin() as session:
        session.get_one(m.Action, action_id).brag = "green"  # later in fact, not by a's wall
    exchange(a, b)
    with b.factory() as session:
        # a's HLC had received b's stamp, so a's later edit sorts after it.
        assert session.get_one(m.Action, action_id).brag == "green"
    assert a.dump() == b.dump()


# --- free text is kept -------------------------------------------------------------------------


def test_concurrent_minute_edits_are_both_kept_and_flagged(a: Laptop, b: Laptop) -> None:
    minute_id = add_minute(a, "Outreach was discussed.")
    b.pull(a)
    with a.factory.begin() as session:
        session.get_one(m.MinuteEntry, minute_id).text = "Outreach was discussed at length."
    b.tick()
    with b.factory.begin() as session:
        session.get_one(m.MinuteEntry, minute_id).text = "Outreach from special schools."
    report = a.pull(b)
    assert report.conflicting == 1
    exchange(a, b)
    assert a.dump() == b.dump()
    with a.factory() as sa_, b.factory() as sb:
        found_a, found_b = conflicts(sa_), conflicts(sb)
        assert found_a == found_b
        (conflict,) = found_a
        assert (conflict.entity, conflict.row_id, conflict.field) == (
            "minute_entry",
            minute_id,
            "text",
        )
        assert {h.value for h in conflict.heads} == {
            "Outreach was discussed at length.",
            "Outreach from special schools.",
        }
        assert "Outreach was discussed at length." in conflict.suggestion
        assert "Outreach from special schools." in conflict.suggestion
        # The table shows the last writer's version meanwhile.
        assert sb.get_one(m.MinuteEntry, minute_id).text == "Outreach from special schools."

    with a.factory.begin() as session:
        op = resolve_conflict(
            session, "minute_entry", minute_id, "text", conflict.suggestion, wall_clock=a.wall
        )
        assert set(op.prev) == {h.op_id for h in conflict.heads}
    exchange(a, b)
    assert a.dump() == b.dump()
    with a.factory() as sa_, b.factory() as sb:
        assert conflicts(sa_) == conflicts(sb) == []
        assert sb.get_one(m.MinuteEntry, minute_id).text == conflict.suggestion


def test_resolving_with_the_shown_version_still_clears_the_conflict(a: Laptop, b: Laptop) -> None:
    action_id = add_action(a)
    b.pull(a)
    with a.factory.begin() as session:
        session.get_one(m.Action, action_id).description = "One."
    with b.factory.begin() as session:
        session.get_one(m.Action, action_id).description = "Two."
    exchange(a, b)
    with a.factory.begin() as session:
        shown = session.get_one(m.Action, action_id).description
        resolve_conflict(session, "action", action_id, "description", shown, wall_clock=a.wall)
    exchange(a, b)
    with b.factory() as session:
        assert conflicts(session) == []
    assert a.dump() == b.dump()


def test_identical_concurrent_text_is_not_a_conflict(a: Laptop, b: Laptop) -> None:
    action_id = add_action(a)
    b.pull(a)
    for laptop in (a, b):
        with laptop.factory.begin() as session:
            session.get_one(m.Action, action_id).description = "Same words."
    exchange(a, b)
    with a.factory() as session:
        assert conflicts(session) == []


def test_resolve_conflict_refuses_unknown_fields_and_missing_rows(a: Laptop) -> None:
    with a.factory.begin() as session, pytest.raises(ValidationError, match="unknown field"):
        resolve_conflict(session, "action", "x", "nope", "v")
    with a.factory.begin() as session, pytest.raises(ValidationError, match="no action"):
        resolve_conflict(session, "action", "missing", "description", "v")


def test_every_text_column_has_a_considered_policy() -> None:
    for entity, field in KEEP_BOTH_FIELDS:
        assert field in m.ENTITY_BY_TABLE[entity].__table__.c
    assert policy("minute_entry", "text") is Policy.KEEP_BOTH
    assert policy("person", "email") is Policy.LAST_WRITER_WINS
    assert policy("agenda_item", "title") is Policy.LAST_WRITER_WINS


# --- rows before their parents ---------------------------------------------------------------


def test_a_row_whose_parent_has_not_arrived_waits_for_it(a: Laptop, b: Laptop) -> None:
    with a.factory.begin() as session:
        group = m.Group(code="NEW", name="New Group", kind="other")
        session.add(group)
        session.flush()
        session.add(m.Action(reference="NEW-1", group_id=group.id, description="Start."))
    ops = a.ops_for(b.knowledge())
    parents = [op for op in ops if op.entity == "group"]
    children = [op for op in ops if op.entity == "action"]
    first = b.receive(children)
    assert (first.new, first.changed, first.pending) == (len(children), 0, 1)
    with b.factory() as session:
        assert session.scalars(select(m.Action).where(m.Action.reference == "NEW-1")).all() == []
    second = b.receive(parents)
    assert (second.changed, second.pending) == (2, 0)
    assert a.dump() == b.dump()


def test_a_chain_arriving_child_first_in_one_bundle_settles_parents_first(
    a: Laptop, b: Laptop
) -> None:
    # Ids chosen so that, in the order rows are settled, one group comes after its
    # parent (written in the same batch, parent first) and one before it (it waits a
    # round); the actions wait for their groups; foreign keys are on throughout.
    parent_id: str | None = None
    besd_id = group_id(a)
    with a.factory.begin() as session:
        for level, row_id in enumerate(["g-b", "g-c", "g-a", "g-d"]):
            group = m.Group(
                id=row_id,
                code=f"L{level}",
                name=f"Level {level}",
                kind="other",
                reports_to_id=parent_id,
            )
            session.add(group)
            session.flush()
            session.add(
                m.Action(reference=f"L{level}-1", group_id=row_id, description=f"Level {level}.")
            )
            parent_id = row_id
        besd = session.get_one(m.Group, besd_id)
        besd.name = "Behaviour, Emotional and Social Development"  # an update in the same bundle
    ops = a.ops_for(b.knowledge())
    report = b.receive(list(reversed(ops)))
    assert (report.new, report.changed, report.pending) == (len(ops), 9, 0)
    assert a.dump() == b.dump()
    assert b.receive(ops) == dataclasses.replace(report, new=0, changed=0, already_had=len(ops))


def test_a_partly_delivered_creation_waits_for_the_rest(a: Laptop, b: Laptop) -> None:
    add_action(a)
    ops = a.ops_for(b.knowledge())
    assert b.receive(ops[:3]).pending == 1
    assert b.receive(ops[3:]).pending == 0
    assert a.dump() == b.dump()


# --- dry run, clocks, counters ---------------------------------------------------------------


def test_a_dry_run_reports_and_changes_nothing(a: Laptop, b: Laptop) -> None:
    add_minute(a, "Dry.")
    ops = a.ops_for(b.knowledge())
    before = b.dump(), b.knowledge()
    dry = b.receive(ops, dry_run=True)
    assert (b.dump(), b.knowledge()) == before
    assert b.receive(ops) == dry


def test_receiving_advances_the_local_clock_past_the_remote(a: Laptop, b: Laptop) -> None:
    a.tick(2 * DAY_MS)
    add_action(a)
    b.pull(a)
    with b.factory.begin() as session:
        session.get_one(m.Group, group_id(b)).name = "BESD WG"
    newest_remote = max(Timestamp.parse(op.hlc) for op in a.ops_for({}))
    mine = [op for op in b.ops_for({}) if op.site_id == b.site_id]
    assert Timestamp.parse(mine[-1].hlc) > newest_remote


def test_own_operations_coming_back_never_reuse_a_counter(a: Laptop, b: Laptop) -> None:
    add_action(a)
    b.pull(a)
    # a loses its last change (restored from an older copy): simulate by a fresh laptop
    # with a's site id, which hears its own operations back from b.
    restored = Laptop(1)
    restored.pull(b)
    add_action(restored, "After the restore.")
    counters = [op.counter for op in restored.ops_for({}) if op.site_id == restored.site_id]
    assert len(counters) == len(set(counters))
    restored.close()


# --- on a real store: foreign keys, search index, one transaction -------------------------


def test_a_real_store_indexes_merged_text(data_dir: Path, a: Laptop) -> None:
    add_minute(a, "Hydrotherapy pool costs were tabled.")
    with open_database(data_dir / "sen.sqlite3") as db:
        seed_programme(db)
        with db.session_factory() as session:
            ops = ops_since(session, {})
            assert all(op.site_id == GENESIS_SITE for op in ops)
        with db.session_factory.begin() as session:
            report = apply_ops(session, a.ops_for(knowledge(session)))
        assert report.pending == 0 and report.changed == 3
        with db.engine.connect() as connection:
            hits = connection.execute(
                text("SELECT kind FROM search_index WHERE search_index MATCH 'hydrotherapy'")
            ).all()
        assert hits == [("minute",)]


def test_a_real_store_reindexes_text_edited_elsewhere(data_dir: Path, a: Laptop) -> None:
    minute_id = add_minute(a, "Hydrotherapy pool costs were tabled.")
    with open_database(data_dir / "sen.sqlite3") as db:
        seed_programme(db)
        with db.session_factory.begin() as session:
            apply_ops(session, a.ops_for(knowledge(session)))
        with a.factory.begin() as session:
            session.get_one(m.MinuteEntry, minute_id).text = "Sensory room costs were agreed."
        with db.session_factory.begin() as session:
            report = apply_ops(session, a.ops_for(knowledge(session)))
        assert report.changed == 1 and report.new >= 1
        with db.engine.connect() as connection:

            def hits(word: str) -> list[tuple[str, ...]]:
                query = text("SELECT kind FROM search_index WHERE search_index MATCH :word")
                return [tuple(r) for r in connection.execute(query, {"word": word})]

            assert hits("hydrotherapy") == []
            assert hits("sensory") == [("minute",)]


def test_fixed_choices_and_column_lengths_hold_for_remote_values(a: Laptop, b: Laptop) -> None:
    add_action(a)
    ops = a.ops_for(b.knowledge())
    status = next(op for op in ops if op.field == "status")
    reference = next(op for op in ops if op.field == "reference")
    with pytest.raises(ValidationError, match="unknown value 'pwned'"):
        b.receive([status._replace(value='"pwned"')])
    with pytest.raises(ValidationError, match="more than 30 characters"):
        b.receive([reference._replace(value=json.dumps("R" * 31))])
    assert b.receive(ops).pending == 0


# --- pending rows: capped and indexed -----------------------------------------------------


def _orphans(a: Laptop, count: int) -> tuple[list[OpRow], list[OpRow]]:
    """``count`` remit items of a new group: (the group's operations, the items')."""
    from sen_desktop.core.store.oplog import insert_new_rows

    with a.factory.begin() as session:
        group = m.Group(id="g-late", code="LATE", name="Late group", kind="other")
        session.add(group)
        session.flush()
        insert_new_rows(
            session,
            m.RemitItem,
            [
                {"id": f"remit-{n}", "group_id": "g-late", "position": n, "text": "Waits."}
                for n in range(count)
            ],
        )
    ops = [op for op in a.ops_for({}) if op.site_id != GENESIS_SITE]
    return [op for op in ops if op.entity == "group"], [
        op for op in ops if op.entity == "remit_item"
    ]


def test_thousands_of_waiting_rows_are_not_read_again_by_later_imports(
    a: Laptop, b: Laptop
) -> None:
    from sen_desktop.sync.merge import WAITING_FOR

    parents, children = _orphans(a, 5_000)
    first = b.receive(children)
    assert (first.pending, first.rechecked) == (5_000, 0)
    # An unrelated import does not look at them again (counted by the merge itself).
    with a.factory.begin() as session:
        session.add(m.Person(id="p-unrelated", full_name="Unrelated"))
    unrelated = [op for op in a.ops_for(b.knowledge()) if op.entity == "person"]
    later = b.receive(unrelated)
    assert (later.new, later.changed, later.pending, later.rechecked) == (
        len(unrelated),
        1,
        5_000,
        0,
    )
    # Waiting rows are found by the parent they wait for, through its index.
    with b.engine.connect() as conn:
        plan = " ".join(
            str(row[-1])
            for row in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + WAITING_FOR.format("?"), ("g-late",)
            )
        )
        assert "ix_sync_pending_parent_id" in plan, plan
        parents_kept = {
            p for (p,) in conn.exec_driver_sql("SELECT DISTINCT parent_id FROM sync_pending")
        }
    assert parents_kept == {"g-late"}
    settled = b.receive(parents)
    assert (settled.pending, settled.rechecked) == (0, 5_000)
    assert a.dump() == b.dump()


def test_too_many_waiting_rows_are_refused_whole(a: Laptop, b: Laptop) -> None:
    _, children = _orphans(a, 30)
    with b.factory.begin() as session:
        with pytest.raises(ValidationError, match="30 rows would be waiting"):
            apply_ops(session, children, max_pending=29)
        session.rollback()
    with b.factory() as session:
        assert session.scalar(text("SELECT count(*) FROM sync_pending")) == 0
        assert session.scalar(select(m.RemitItem).where(m.RemitItem.id == "remit-1")) is None


def test_chunks_in_one_transaction_give_the_same_tables_as_the_whole(a: Laptop) -> None:
    # Rows whose parents, and rows whose other fields, come in a later chunk.
    parents, children = _orphans(a, 40)
    add_minute(a, "Agreed the outreach plan.")
    action = add_action(a)
    with a.factory.begin() as session:
        session.get_one(m.Action, action).description = "Map the outreach offer again."
    ops = [op for op in a.ops_for({}) if op.site_id != GENESIS_SITE]
    whole, chunked = Laptop(5), Laptop(6)
    try:
        whole.receive(ops)
        shuffled = list(reversed(ops))
        with chunked.factory.begin() as session:
            for start in range(0, len(shuffled), 7):
                apply_ops(session, shuffled[start : start + 7], max_pending=None)
        assert whole.dump() == chunked.dump() == a.dump()
        for laptop in (whole, chunked):
            with laptop.engine.connect() as conn:
                assert conn.exec_driver_sql("SELECT count(*) FROM sync_pending").scalar() == 0
        with whole.engine.connect() as one, chunked.engine.connect() as two:
            heads = "SELECT entity, row_id, field, op_id FROM field_head ORDER BY 1, 2, 3, 4"
            assert one.exec_driver_sql(heads).all() == two.exec_driver_sql(heads).all()
    finally:
        whole.close()
        chunked.close()
