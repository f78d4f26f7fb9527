"""Merging other laptops' operations: validation, heads, last-writer-wins, kept text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import json
from typing import TYPE_CHECKING

import pytest
from merge_helpers import Laptop, group_id
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
    from collections.abc import Iterator
    from pathlib import Path

DAY_MS = 86_400_000


@pytest.fixture
def a() -> Iterator[Laptop]:
    laptop = Laptop(1)
    yield laptop
    laptop.close()


@pytest.fixture
def b() -> Iterator[Laptop]:
    laptop = Laptop(2)
    yield laptop
    laptop.close()


def add_action(laptop: Laptop, description: str = "Map the outreach offer.") -> str:
    with laptop.factory.begin() as session:
        action = m.Action(reference="BESD-9", group_id=group_id(laptop), description=description)
        session.add(action)
        session.flush()
        return action.id


def add_minute(laptop: Laptop, words: str) -> str:
    """A meeting, an agenda item and a minute entry in the BESD group."""
    with laptop.factory.begin() as session:
        meeting = m.Meeting(group_id=group_id(laptop), number=1, date=dt.date(2010, 9, 14))
        session.add(meeting)
        session.flush()
        item = m.AgendaItem(meeting_id=meeting.id, position=1, title="Outreach")
        session.add(item)
        session.flush()
        minute = m.MinuteEntry(agenda_item_id=item.id, text=words)
        session.add(minute)
        session.flush()
        return minute.id


def exchange(*laptops: Laptop) -> None:
    for _ in range(2):
        for receiver in laptops:
            for sender in laptops:
                if sender is not receiver:
                    receiver.pull(sender)


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


# --- validation --------------------------------------------------------------------------------


def one_op(laptop: Laptop) -> OpRow:
    add_action(laptop)
    (op,) = [o for o in laptop.ops_for({GENESIS_SITE: 10**9}) if o.field == "description"]
    return op


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"entity": "sqlite_master"}, "unknown kind of record 'sqlite_master'"),
        ({"field": "password"}, "unknown field action.password"),
        ({"field": "id"}, "unknown field action.id"),
        ({"value": "42"}, "wrong type"),
        ({"value": "null"}, "empty"),
        ({"value": "{not json"}, "wrong type"),
        ({"counter": 7}, "does not match"),
        ({"hlc": "yesterday"}, "clock stamp"),
        ({"row_id": ""}, "row id"),
    ],
)
def test_operations_outside_the_whitelist_are_refused_whole(
    a: Laptop, b: Laptop, change: dict[str, object], message: str
) -> None:
    good = one_op(a)
    bad = good._replace(**change)  # type: ignore[arg-type]
    before = b.dump(), b.knowledge()
    with pytest.raises(ValidationError, match=message):
        b.receive([*a.ops_for(b.knowledge()), bad])
    assert (b.dump(), b.knowledge()) == before


def test_an_operation_differing_from_the_held_copy_is_refused(a: Laptop, b: Laptop) -> None:
    op = one_op(a)
    b.pull(a)
    forged = op._replace(value=json.dumps("Something else."))
    with pytest.raises(ValidationError, match="differs"):
        b.receive([forged])
    with pytest.raises(ValidationError, match="twice"):
        Laptop(3).receive([op, forged])


def test_a_long_run_of_held_operations_is_read_whole_and_a_changed_one_refused(
    a: Laptop, b: Laptop
) -> None:
    """Held copies of an unbroken run of counters are read as one range: all of them
    are found (a replay adds nothing) and one altered in the middle is still refused."""
    for n in range(8):
        add_action(a, f"Action {n}.")
        a.tick()
    ops = [op for op in a.ops_for({}) if op.site_id == a.site_id]
    assert len(ops) >= 40
    b.pull(a)
    again = b.receive(ops)
    assert (again.new, again.already_had) == (0, len(ops))
    middle = ops[len(ops) // 2]
    forged = middle._replace(value=json.dumps("Something else."))
    with pytest.raises(ValidationError, match="differs"):
        b.receive([*ops[: len(ops) // 2], forged, *ops[len(ops) // 2 + 1 :]])


def test_the_collector_runs_again_after_an_import_even_a_refused_one(a: Laptop, b: Laptop) -> None:
    # apply_ops pauses the garbage collector for bulk work; it must always come back.
    assert gc.isenabled()
    op = one_op(a)
    with pytest.raises(ValidationError):
        b.receive([op._replace(value="42")])
    assert gc.isenabled()
    b.pull(a)
    assert gc.isenabled()
    gc.disable()
    try:
        b.pull(a)  # nor is a collector someone else paused started behind their back
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_op_rows_round_trip_through_json_and_reject_bad_shapes(a: Laptop) -> None:
    op = one_op(a)
    assert OpRow.from_dict(json.loads(json.dumps(op.to_dict()))) == op
    for broken in (
        {**op.to_dict(), "counter": "1"},
        {**op.to_dict(), "counter": True},
        {**op.to_dict(), "prev": [1]},
        {k: v for k, v in op.to_dict().items() if k != "hlc"},
        {**op.to_dict(), "extra": 1},
    ):
        with pytest.raises(ValidationError):
            OpRow.from_dict(broken)


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


# --- bounds (docs/TRUST.md "Bounds") --------------------------------------------------------

ARABIC_INDIC = "".join(chr(0x0660 + int(d)) for d in "1790000000000")


def _forged(laptop: Laptop, **changes: object) -> OpRow:
    op = OpRow(
        op_id=f"{laptop.site_id}:1",
        site_id=laptop.site_id,
        counter=1,
        entity="person",
        row_id="p-forged",
        field="full_name",
        value='"Forged"',
        hlc="1790000000000.00000",
        prev=(),
    )
    op = op._replace(**changes)  # type: ignore[arg-type]
    if "counter" in changes:
        op = op._replace(op_id=f"{op.site_id}:{op.counter}")
    return op


def test_stamps_in_other_scripts_digits_are_not_stamps(a: Laptop, b: Laptop) -> None:
    # Without re.ASCII, \d matches Arabic-Indic digits, and such a stamp sorts after
    # every real one: it could never be overridden.
    stamp = f"{ARABIC_INDIC}.00000"
    assert stamp[:13].isdigit() and not stamp[:13].isascii()
    with pytest.raises(ValueError):
        Timestamp.parse(stamp)
    with pytest.raises(ValidationError, match="malformed clock stamp"):
        b.receive([_forged(a, hlc=stamp)])
    with pytest.raises(ValidationError, match="before the year 2000"):
        b.receive([_forged(a, hlc="0000000000001.00000")])


def test_counters_stop_below_two_to_the_53(a: Laptop, b: Laptop) -> None:
    for counter in (2**63 - 1, 2**53):
        with pytest.raises(ValidationError, match="beyond 2\\^53"):
            b.receive([_forged(a, counter=counter)])
    report = b.receive([_forged(a, counter=2**53 - 1)])  # the largest allowed
    assert report.new == 1


def test_deep_and_huge_values_are_refused_before_parsing(a: Laptop, b: Laptop) -> None:
    deep = "[" * 100_000 + "]" * 100_000  # json.loads would raise RecursionError
    with pytest.raises(ValidationError, match="nested more than 32 levels"):
        b.receive([_forged(a, field="notes", value=deep)])
    huge = json.dumps("x" * (1024 * 1024 + 1))
    with pytest.raises(ValidationError, match="longer than 1 MB"):
        b.receive([_forged(a, field="notes", value=huge)])
    with b.factory() as session:
        assert session.scalar(select(m.Person).where(m.Person.id == "p-forged")) is None


def test_json_depth_ignores_brackets_inside_strings() -> None:
    from sen_desktop.sync.operations import json_depth

    assert json_depth('"[[[[{{{{"') == 0
    assert json_depth('[[1], {"a": [2]}]') == 3
    assert json_depth('["\\"[", [[]]]') == 3


def test_genesis_operations_must_be_held_identically(a: Laptop, b: Laptop) -> None:
    forged = _forged(a, site_id=GENESIS_SITE, counter=10**6)
    with pytest.raises(ValidationError, match="seeded programme"):
        b.receive([forged])


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
