"""`sen-desktop check`: a sound store says OK; each kind of damage is named in one line."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import create_engine, text

from sen_desktop.core.people.service import PeopleService
from sen_desktop.core.programme.seed import seed_into_session
from sen_desktop.core.progress import Cancelled, Progress
from sen_desktop.core.store import integrity
from sen_desktop.core.store.database import Database, open_database
from sen_desktop.core.store.integrity import check_integrity
from sen_desktop.core.store.models import Action, Group

if TYPE_CHECKING:
    from pathlib import Path

    from store_helpers import Store


@pytest.fixture
def db(store: Store) -> Database:
    return store.db


def test_seeded_programme_is_ok(db: Database) -> None:
    people = PeopleService(db.session_factory)
    jane = people.create("Jane Smith")
    with db.session_factory() as s:
        group_id = s.scalars(text("SELECT id FROM \"group\" WHERE code = 'BESD'")).one()
        seat_id = s.scalars(
            text("SELECT id FROM seat WHERE group_id = :g ORDER BY position LIMIT 1"),
            {"g": group_id},
        ).one()
    people.appoint(seat_id, jane.id, dt.date(2010, 9, 1))
    report = check_integrity(db)
    assert report.ok, report.summary
    assert report.problems == ()
    assert report.summary == (
        "OK: 6 groups, 68 seats, 1 person, 12 milestones; integrity, foreign keys, "
        "search index and operation log consistent."
    )
    assert "\n" not in report.summary


def _raw(db: Database, sql: str, foreign_keys: bool = True) -> None:
    # Writes behind the services' back, as a hand-edited or damaged file would have.
    conn = sqlite3.connect(db.path, isolation_level=None)
    try:
        conn.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        conn.execute(sql)
    finally:
        conn.close()


def test_row_without_operation(db: Database) -> None:
    _raw(
        db,
        "INSERT INTO person (id, deleted, full_name, job_title, organisation, email, "
        "phone, notes) VALUES ('p1', 0, 'Ghost', '', '', '', '', '')",
    )
    report = check_integrity(db)
    assert not report.ok
    assert report.summary.startswith("PROBLEM: 1 row in person has no operation in the log")
    assert "\n" not in report.summary


def test_value_changed_behind_the_log(db: Database) -> None:
    _raw(db, "UPDATE \"group\" SET name = 'Renamed' WHERE code = 'PCRG'")
    report = check_integrity(db)
    assert not report.ok
    assert "disagree" in report.summary and "group.name" in report.summary


def test_broken_reference(db: Database) -> None:
    with db.session_factory() as s:
        seat_id = s.scalars(text("SELECT id FROM seat LIMIT 1")).one()
    _raw(db, f"UPDATE seat SET group_id = 'nowhere' WHERE id = '{seat_id}'", foreign_keys=False)
    report = check_integrity(db)
    assert not report.ok
    assert "1 row in seat point to a missing group" in report.summary


def test_search_index_out_of_step(db: Database) -> None:
    with db.session_factory.begin() as s:
        group = s.scalars(text('SELECT id FROM "group" LIMIT 1')).one()
        s.add(Action(reference="SG-1", group_id=group, description="Circulate the remit"))
    assert check_integrity(db).ok
    _raw(db, "DELETE FROM search_text WHERE kind = 'action'")
    report = check_integrity(db)
    assert not report.ok
    assert "search index is out of step for action (1 missing, 0 stale)" in report.summary


def test_unknown_entity_in_log(db: Database) -> None:
    _raw(
        db,
        "INSERT INTO operation (op_id, site_id, counter, entity, row_id, field, value, "
        "hlc, prev) VALUES ('x:1', 'x', 1, 'spaceship', 'r', 'f', '1', "
        "'0000000000001.00000', '[]')",
    )
    report = check_integrity(db)
    assert not report.ok
    assert "1 operation for unknown entities" in report.summary


def test_operations_for_a_missing_row_are_a_problem_unless_it_waits_for_its_parent(
    db: Database,
) -> None:
    _raw(
        db,
        "INSERT INTO operation (op_id, site_id, counter, entity, row_id, field, value, "
        "hlc, prev) VALUES ('x:1', 'x', 1, 'person', 'gone', 'full_name', '\"A\"', "
        "'0000000000001.00000', '[]')",
    )
    report = check_integrity(db)
    assert not report.ok
    assert "the log has operations for 1 row missing from person" in report.summary
    # Waiting in sync_pending (its parent not here yet, or never to come): not a problem.
    _raw(db, "INSERT INTO sync_pending (entity, row_id, parent_id) VALUES ('person', 'gone', '')")
    report = check_integrity(db)
    assert report.ok, report.summary


def test_counts_leave_out_tombstones(db: Database) -> None:
    with db.session_factory.begin() as s:
        group = s.query(Group).filter_by(code="PCRG").one()
        group.deleted = True
    assert check_integrity(db).summary.startswith("OK: 5 groups,")


def test_damaged_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "damaged.sqlite3"
    with open_database(path) as database, database.session_factory.begin() as s:
        seed_into_session(s)
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")  # the header's page size
    data[2 * page : 3 * page] = b"\xff" * page  # overwrite a page past the schema
    path.write_bytes(bytes(data))

    class Plain:
        engine = create_engine(f"sqlite:///{path}")

    report = check_integrity(Plain())
    Plain.engine.dispose()
    assert not report.ok
    assert report.summary.startswith("PROBLEM: ")
    assert "\n" not in report.summary


def test_clashing_references_are_a_problem_until_renumbered(db: Database) -> None:
    from sen_desktop.core.references.service import resolve_all

    with db.session_factory.begin() as s:
        group = s.query(Group).filter_by(code="SG").one()
        # As an import from a laptop that numbered its actions apart would leave them.
        for words in ("Circulate the remit", "Book the hall", "Write to heads"):
            s.add(Action(reference="SG-1", group_id=group.id, description=words))
        s.add(Action(reference="SG-2", group_id=group.id, description="Ask the chair"))
        s.add(Action(reference="SG-2", group_id=group.id, description="Ask the clerk"))
    report = check_integrity(db)
    assert not report.ok
    assert report.problems == (
        "2 references clash (action SG-1, action SG-2); renumber on the Conflicts page or "
        "with `sen-desktop references --resolve`",
    )
    assert "\n" not in report.summary
    with db.session_factory.begin() as s:
        assert len(resolve_all(s)) == 3
    assert check_integrity(db).ok


def test_the_check_says_each_step_and_stops_on_cancel(db: Database) -> None:
    said: list[tuple[int, int, str]] = []
    assert check_integrity(db, Progress(lambda *step: said.append(step))).ok
    assert [step[0] for step in said] == [0, 1, 2, 3, 4, 5]
    assert said[0] == (0, 6, "pages and indexes")

    def stop_at_the_log(done: int, _total: int, _label: str) -> None:
        if done == 3:
            progress.cancel()

    progress = Progress(stop_at_the_log)
    with pytest.raises(Cancelled, match="database is as it was"):
        check_integrity(db, progress)


def test_cancel_stops_sqlites_own_check_part_way(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Cancel while SQLite reads every page: its progress handler interrupts the read.
    interrupted: list[BaseException] = []
    pages_and_indexes = integrity._sqlite_integrity

    def watched(conn: Any) -> list[str]:
        try:
            return pages_and_indexes(conn)
        except BaseException as exc:
            interrupted.append(exc)
            raise

    monkeypatch.setattr(integrity, "_sqlite_integrity", watched)
    progress = Progress(lambda done, _total, _label: progress.cancel() if done == 0 else None)
    with pytest.raises(Cancelled):
        check_integrity(db, progress)
    assert [type(exc).__name__ for exc in interrupted] == ["OperationalError"]
