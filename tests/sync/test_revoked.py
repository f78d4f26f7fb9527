"""What a revoked laptop changed after its revocation stops counting (sync.revoked).

R is revoked by the lead (A). X takes R's later changes before the revocation reaches
it (it cannot know); Y never takes them. Once both have heard and swapped bundles they
hold the same: the same tables, heads, conflicts, rows waiting for parents and search
index -- as if R's later changes had never come -- whichever order things came in.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from converge_helpers import Office, deterministic_identities, programme, send
from sqlalchemy import select

from sen_desktop.core.store import migrations
from sen_desktop.core.store import models as m
from sen_desktop.core.store.integrity import check_integrity
from sen_desktop.sync.bundle import BundleError
from sen_desktop.sync.conflicts import conflicts
from sen_desktop.sync.merge import apply_ops
from sen_desktop.sync.operations import ops_since
from sen_desktop.sync.revoked import discount_revoked

if TYPE_CHECKING:
    from collections.abc import Iterator

MEETING = str(uuid.UUID(int=5))
ITEM = str(uuid.UUID(int=6))
MINUTE = str(uuid.UUID(int=7))
ACTION = str(uuid.UUID(int=8))
LATE_MEETING = str(uuid.UUID(int=15))
LATE_ITEM = str(uuid.UUID(int=16))
LATE_MINUTE = str(uuid.UUID(int=17))
X_ACTION = str(uuid.UUID(int=28))


@pytest.fixture(autouse=True)
def keys() -> Iterator[None]:
    restore = deterministic_identities()
    yield
    restore()


def _searchable(office: Office) -> None:
    """The store's search index and its triggers, as the baseline migration makes them
    (the helpers' in-memory laptops are made from the models alone)."""
    path = Path(migrations.__file__).parent / "versions" / "0001_baseline.py"
    spec = importlib.util.spec_from_file_location("baseline_for_search", path)
    assert spec is not None and spec.loader is not None
    baseline = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(baseline)
    with office.engine.begin() as conn:
        for statement in baseline._SEARCH_DDL:
            conn.exec_driver_sql(statement)
        for source in baseline._SOURCES:
            for statement in baseline._source_triggers(*source):
                conn.exec_driver_sql(statement)


@pytest.fixture
def offices(tmp_path: Path) -> Iterator[tuple[Office, Office, Office, Office]]:
    """A (the lead), X, Y and R. Before its revocation R holds a meeting with an item,
    its minute and an action, and X and Y hold them too; then A revokes R."""
    a, x, y, r = programme(tmp_path, "axyr", {})
    try:
        for office in (a, x, y, r):
            _searchable(office)
        group = _group(r, "PCRG")
        with r.factory.begin() as session:
            session.add(m.Meeting(id=MEETING, group_id=group, number=1, date=dt.date(2026, 12, 1)))
            session.flush()
            session.add(m.AgendaItem(id=ITEM, meeting_id=MEETING, position=1, title="Outreach"))
            session.flush()
            session.add(m.MinuteEntry(id=MINUTE, agenda_item_id=ITEM, text="Agreed in full."))
            session.add(
                m.Action(
                    id=ACTION,
                    reference="PCRG-1",
                    group_id=group,
                    meeting_id=MEETING,
                    description="Write to the schools.",
                )
            )
        send(r, x, tmp_path)
        send(x, y, tmp_path)
        a.tick(60_000)
        a.trust.revoke(r.name)
        r.tick(60_000)
        yield a, x, y, r
    finally:
        for office in (a, x, y, r):
            office.close()


def _group(office: Office, code: str) -> str:
    with office.factory() as session:
        found: str = session.scalars(select(m.Group.id).where(m.Group.code == code)).one()
    return found


def _state(office: Office) -> dict[str, Any]:
    """What must agree: the tables, the heads, the conflicts, what waits, the search."""
    with office.engine.connect() as conn:
        heads = sorted(conn.exec_driver_sql("SELECT * FROM field_head").all())
        waiting = sorted(conn.exec_driver_sql("SELECT entity, row_id, parent_id FROM sync_pending"))
        search = sorted(
            conn.exec_driver_sql("SELECT kind, row_id, group_id, text FROM search_text").all()
        )
    with office.factory() as session:
        listed = conflicts(session)
    return {
        "tables": office.dump(),
        "heads": heads,
        "conflicts": listed,
        "waiting": waiting,
        "search": search,
    }


def _settle(tmp_path: Path, a: Office, x: Office, y: Office) -> None:
    """Both hear of the revocation, then swap bundles until nothing moves."""
    for office in (x, y):
        send(a, office, tmp_path)
    for _ in range(2):
        send(x, y, tmp_path)
        send(y, x, tmp_path)


def _agree(x: Office, y: Office) -> dict[str, Any]:
    state = _state(x)
    assert state == _state(y)
    # The database is sound: no row points at a missing one, the search index follows
    # the tables, each field holds a head's value. (Rows waiting for a parent that never
    # comes have operations but no row: that is all `check` may say.)
    problems = [p for p in check_integrity(x).problems if "operations for" not in p]
    assert problems == []
    return state


def _late(office: Office, lead: Office, r: Office) -> list[str]:
    """The operations ``office`` holds that R stamped at or after its revocation (as
    the lead says it)."""
    from sen_desktop.sync.certificates import parse_instant

    with lead.engine.connect() as conn:
        start = conn.exec_driver_sql("SELECT effective_from FROM laptop_revocation").scalar_one()
    stop = f"{int(parse_instant(start).timestamp() * 1000):013d}"
    sites = sorted(r.own_sites())
    with office.engine.connect() as conn:
        return [
            op_id
            for (op_id,) in conn.exec_driver_sql(
                f"SELECT op_id FROM operation WHERE site_id IN ({', '.join('?' * len(sites))}) "
                "AND hlc >= ?",
                (*sites, stop),
            )
        ]


def _text(office: Office, model: Any, row_id: str, field: str) -> Any:
    with office.factory() as session:
        row = session.get(model, row_id)
        return None if row is None else getattr(row, field)


def test_a_field_it_edited_falls_back_to_what_it_was(
    tmp_path: Path, offices: tuple[Office, Office, Office, Office]
) -> None:
    a, x, y, r = offices
    with r.factory.begin() as session:
        session.get_one(m.Action, ACTION).description = "Forget the schools."
        session.get_one(m.Meeting, MEETING).number = 2
    send(r, x, tmp_path)  # X has not heard: it takes them
    assert _text(x, m.Action, ACTION, "description") == "Forget the schools."
    _settle(tmp_path, a, x, y)
    assert _late(x, a, r) == []
    state = _agree(x, y)
    assert _text(x, m.Action, ACTION, "description") == "Write to the schools."
    assert _text(x, m.Meeting, MEETING, "number") == 1
    assert state["conflicts"] == [] and state["waiting"] == []
    assert ("action", ACTION, _group(x, "PCRG"), "Write to the schools.") in state["search"]


def test_a_row_it_created_goes_and_what_hangs_off_it_waits(
    tmp_path: Path, offices: tuple[Office, Office, Office, Office]
) -> None:
    """R makes a meeting with an item and its minute; X, before hearing, raises an
    action at that item and edits the minute. X's work stays in the log, waiting for
    rows that will never come, on X as on Y."""
    a, x, y, r = offices
    group = _group(r, "PCRG")
    with r.factory.begin() as session:
        session.add(m.Meeting(id=LATE_MEETING, group_id=group, number=2, date=dt.date(2026, 12, 8)))
        session.flush()
        session.add(m.AgendaItem(id=LATE_ITEM, meeting_id=LATE_MEETING, position=1, title="New"))
        session.flush()
        session.add(m.MinuteEntry(id=LATE_MINUTE, agenda_item_id=LATE_ITEM, text="Late words."))
    send(r, x, tmp_path)
    with x.factory.begin() as session:
        session.get_one(m.MinuteEntry, LATE_MINUTE).text = "Late words, corrected by X."
        session.add(
            m.Action(
                id=X_ACTION,
                reference="PCRG-2",
                group_id=group,
                meeting_id=LATE_MEETING,
                agenda_item_id=LATE_ITEM,
                description="Arising from the late meeting.",
            )
        )
    _settle(tmp_path, a, x, y)
    state = _agree(x, y)
    for model, row_id in ((m.Meeting, LATE_MEETING), (m.AgendaItem, LATE_ITEM)):
        assert _text(x, model, row_id, "id") is None
    assert _text(x, m.MinuteEntry, LATE_MINUTE, "id") is None
    assert _text(x, m.Action, X_ACTION, "id") is None
    waiting = {(entity, row_id) for entity, row_id, _ in state["waiting"]}
    assert waiting == {("minute_entry", LATE_MINUTE), ("action", X_ACTION)}
    assert not any(row_id in (LATE_MINUTE, X_ACTION) for _, row_id, _, _ in state["search"])
    # What X typed is still in its log (and Y's): nothing typed is lost.
    with y.factory() as session:
        typed = {op.value for op in ops_since(session, {})}
    assert '"Late words, corrected by X."' in typed
    assert '"Arising from the late meeting."' in typed


def test_a_row_it_tombstoned_comes_back(
    tmp_path: Path, offices: tuple[Office, Office, Office, Office]
) -> None:
    a, x, y, r = offices
    with r.factory.begin() as session:
        session.get_one(m.MinuteEntry, MINUTE).deleted = True
        session.get_one(m.Action, ACTION).deleted = True
    send(r, x, tmp_path)
    with x.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM search_text").scalar_one() == 0
    _settle(tmp_path, a, x, y)
    state = _agree(x, y)
    assert _text(x, m.MinuteEntry, MINUTE, "deleted") is False
    assert _text(x, m.Action, ACTION, "deleted") is False
    assert {(kind, row_id) for kind, row_id, _, _ in state["search"]} == {
        ("minute", MINUTE),
        ("action", ACTION),
    }


def test_a_later_edit_by_another_laptop_on_top_of_it_stays(
    tmp_path: Path, offices: tuple[Office, Office, Office, Office]
) -> None:
    """X edits the minute R rewrote: X's words stay. The words R had overwritten are a
    version again beside them (a conflict for a person to settle, listed alike on X and
    Y, which never saw R's)."""
    a, x, y, r = offices
    with r.factory.begin() as session:
        session.get_one(m.MinuteEntry, MINUTE).text = "R's words."
        session.get_one(m.Action, ACTION).status = "done"
    send(r, x, tmp_path)
    with x.factory.begin() as session:
        session.get_one(m.MinuteEntry, MINUTE).text = "X's words, on top."
        session.get_one(m.Action, ACTION).status = "in_progress"
    _settle(tmp_path, a, x, y)
    state = _agree(x, y)
    assert _text(x, m.MinuteEntry, MINUTE, "text") == "X's words, on top."
    assert _text(x, m.Action, ACTION, "status") == "in_progress"
    (conflict,) = state["conflicts"]
    assert [h.value for h in conflict.heads] == ["X's words, on top.", "Agreed in full."]
    assert ("minute", MINUTE, _group(x, "PCRG"), "X's words, on top.") in state["search"]


def test_the_same_whichever_hears_first(
    tmp_path: Path, offices: tuple[Office, Office, Office, Office]
) -> None:
    """Y hears first and refuses X's bundle while X still holds R's later change (it
    cannot tell it apart from X's own work); once X hears, X's bundle goes, without it."""
    a, x, y, r = offices
    with r.factory.begin() as session:
        session.get_one(m.Action, ACTION).description = "Forget the schools."
    send(r, x, tmp_path)
    send(a, y, tmp_path)
    with pytest.raises(BundleError, match="revoked"):
        send(x, y, tmp_path)
    send(a, x, tmp_path)
    send(x, y, tmp_path)
    send(y, x, tmp_path)
    _agree(x, y)
    assert _text(y, m.Action, ACTION, "description") == "Write to the schools."


def test_a_laptop_that_has_heard_never_stores_them(
    offices: tuple[Office, Office, Office, Office], tmp_path: Path
) -> None:
    """Handed straight to the merge (as a relay would), they are left out; the rest of
    what comes with them is taken."""
    a, x, y, r = offices
    send(a, y, tmp_path)
    with r.factory.begin() as session:
        session.get_one(m.Action, ACTION).description = "Forget the schools."
    with x.factory.begin() as session:
        session.get_one(m.Action, ACTION).brag = "green"
    late = r.ops_for(y.knowledge())
    y.keep_batches(r.batches_for(late))
    own = x.ops_for(y.knowledge())
    y.keep_batches(x.batches_for(own))
    report = y.receive([*late, *own])
    assert report.new == len(own) == 1
    assert _late(y, a, r) == []
    assert _text(y, m.Action, ACTION, "description") == "Write to the schools."
    assert _text(y, m.Action, ACTION, "brag") == "green"


def test_the_lead_takes_them_out_when_it_revokes(tmp_path: Path) -> None:
    """The lead took R's change stamped ahead of the lead's clock; revoked from now,
    the change stops counting there at once."""
    a, r = programme(tmp_path, "ar", {})
    try:
        group = _group(r, "PCRG")
        r.tick(3_600_000)  # R's clock runs an hour ahead
        with r.factory.begin() as session:
            session.add(m.Meeting(id=MEETING, group_id=group, number=1, date=dt.date(2026, 12, 1)))
        send(r, a, tmp_path)
        assert _text(a, m.Meeting, MEETING, "number") == 1
        a.trust.revoke(r.name)
        assert _text(a, m.Meeting, MEETING, "id") is None
        with a.factory() as session:
            assert [op for op in ops_since(session, {}) if op.row_id == MEETING] == []
            assert discount_revoked(session) == 0  # nothing more to take out
    finally:
        a.close()
        r.close()


def test_a_preview_takes_nothing_out(
    tmp_path: Path, offices: tuple[Office, Office, Office, Office]
) -> None:
    """The merge's dry run of a bundle bringing the revocation leaves the log as it was."""
    a, x, _y, r = offices
    with r.factory.begin() as session:
        session.get_one(m.Action, ACTION).description = "Forget the schools."
    send(r, x, tmp_path)
    before = _state(x)
    held = _late(x, a, r)
    from sen_desktop.sync.exchange import import_bundle
    from sen_desktop.sync.exporting import export_bundle

    path = tmp_path / "preview.senbundle"
    export_bundle(a.factory, path, a.trust, for_laptop=x.name, wall_clock=a.wall)
    result = import_bundle(x.factory, path, x.trust, dry_run=True, wall_clock=x.wall)
    assert result.dry_run
    assert _state(x) == before and _late(x, a, r) == held != []


def test_dropped_operations_are_dropped_once(
    tmp_path: Path, offices: tuple[Office, Office, Office, Office]
) -> None:
    a, x, _y, r = offices
    with r.factory.begin() as session:
        session.get_one(m.Action, ACTION).description = "Forget the schools."
    send(r, x, tmp_path)
    with x.factory.begin() as session:
        from sen_desktop.sync.registry import load, merge_items

        with a.factory() as lead:
            items = load(lead).items()
        assert merge_items(session, items) == 1  # the revocation
        assert discount_revoked(session) == 0
        assert apply_ops(session, []).new == 0
