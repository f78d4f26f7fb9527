"""What the merge refuses, whole and in one sentence: operations outside the whitelist
of entities, fields and shapes, ones differing from the copy held here, and ones beyond
the bounds (docs/TRUST.md "Bounds"): stamps, counters, deep or huge values, genesis."""

from __future__ import annotations

import gc
import json

import pytest
from merge_helpers import Laptop, add_action
from sqlalchemy import select

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.store import models as m
from sen_desktop.core.store.hlc import Timestamp
from sen_desktop.core.store.oplog import GENESIS_SITE
from sen_desktop.sync.operations import OpRow

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
