"""Alembic: the head matches models.py, old databases open, and the search index keeps up."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import textwrap
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, select, text

from sen_desktop.core.errors import StoreError
from sen_desktop.core.store import database
from sen_desktop.core.store.backups import expand_backup
from sen_desktop.core.store.database import SCHEMA_REVISION, Database, open_database
from sen_desktop.core.store.migrations import MIGRATIONS_DIR, include_name
from sen_desktop.core.store.models import (
    Action,
    AgendaItem,
    Base,
    FieldHead,
    Group,
    Meeting,
    MinuteEntry,
    Operation,
    Person,
    Recommendation,
    Resolution,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SCHEMA_FIXTURES = sorted(FIXTURES.glob("schema-*.sqlite3"))


def script() -> ScriptDirectory:
    return ScriptDirectory(str(MIGRATIONS_DIR))


def test_schema_revision_is_the_alembic_head() -> None:
    assert script().get_heads() == [SCHEMA_REVISION]


# The expression indexes of 0006 and 0007 cannot be reflected (nor declared in models.py);
# a test of their own below holds them to the head.
@pytest.mark.filterwarnings(
    "ignore:Skipped unsupported reflection of expression-based index ix_action_log"
)
def test_the_migrated_schema_is_exactly_the_models(data_dir: Path) -> None:
    with open_database(data_dir / "sen.sqlite3") as db, db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": include_name, "compare_type": True}
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_the_baseline_downgrades_and_upgrades_again(data_dir: Path) -> None:
    path = data_dir / "sen.sqlite3"
    open_database(path).close()
    engine = database.store_engine(path, migrating=True)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
            left = connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            ).scalars().all()
            assert left == ["alembic_version"]
            command.upgrade(config, "head")
    finally:
        engine.dispose()
    with open_database(path) as db, db.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM search_index").scalar() == 0


def test_there_is_a_fixture_for_the_current_schema() -> None:
    # Every released schema keeps a database under tests/fixtures/ (docs/contributing.md):
    # make one with tests/fixtures/make_schema_fixture.py when the schema changes.
    assert FIXTURES / f"schema-{SCHEMA_REVISION}.sqlite3" in SCHEMA_FIXTURES


@pytest.mark.parametrize("fixture", SCHEMA_FIXTURES, ids=lambda p: p.name)
def test_a_database_of_every_released_schema_opens(fixture: Path, data_dir: Path) -> None:
    path = data_dir / "sen.sqlite3"
    shutil.copy(fixture, path)
    with open_database(path) as db:
        assert not db.created
        with db.session_factory() as session:
            group = session.scalars(select(Group).where(Group.code == "BESD")).one()
            assert group.name == "BESD Working Group"
            assert session.scalars(select(Person.full_name)).all() == ["Ann Example"]
        with db.engine.connect() as connection:
            assert connection.execute(
                text("SELECT version_num FROM alembic_version")
            ).scalar_one() == SCHEMA_REVISION
            assert search(connection, "outreach") == {
                "action", "minute", "recommendation", "resolution"
            }


# --- a migration that is due --------------------------------------------------------------


@pytest.fixture
def next_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the migrations with a revision after the head whose body a test writes."""
    copy = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(database, "MIGRATIONS_DIR", copy)
    monkeypatch.setattr(database, "SCHEMA_REVISION", NEXT_REVISION)
    yield copy / "versions" / f"{NEXT_REVISION}_next.py"


NEXT_REVISION = f"{int(SCHEMA_REVISION) + 1:04d}"


def write_revision(path: Path, body: str) -> None:
    path.write_text(
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        f"revision = '{NEXT_REVISION}'\ndown_revision = '{SCHEMA_REVISION}'\n"
        "branch_labels = None\ndepends_on = None\n\n"
        "def upgrade():\n" + textwrap.indent(textwrap.dedent(body), "    ") + "\n\n"
        "def downgrade():\n    pass\n"
    )


def old_database(data_dir: Path) -> Path:
    path = data_dir / "sen.sqlite3"
    shutil.copy(FIXTURES / "schema-0001.sqlite3", path)
    return path


def test_a_due_migration_backs_up_first_then_upgrades(
    data_dir: Path, next_revision: Path
) -> None:
    # Rebuilding a table (batch mode) that other tables' triggers name must work.
    write_revision(
        next_revision,
        """
        with op.batch_alter_table("minute_entry", recreate="always") as batch:
            batch.add_column(sa.Column("note", sa.Text(), nullable=True))
        """,
    )
    path = old_database(data_dir)
    with open_database(path) as db, db.engine.connect() as connection:
        version = connection.execute(text("SELECT version_num FROM alembic_version"))
        assert version.scalar() == NEXT_REVISION
        assert connection.execute(text("SELECT count(*) FROM minute_entry")).scalar() == 1
    before = sorted((data_dir / "backups").glob("sen-*-r0001-before-migration.sqlite3.zst"))
    assert len(before) == 1
    expanded = expand_backup(before[0], data_dir / "expanded.sqlite3")
    with sqlite3.connect(expanded) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    copy.close()


def test_a_failed_migration_leaves_the_data_as_it_was(
    data_dir: Path, next_revision: Path
) -> None:
    write_revision(
        next_revision,
        """
        op.add_column("person", sa.Column("nickname", sa.Text(), nullable=True))
        op.execute("UPDATE person SET full_name = 'changed'")
        raise RuntimeError("this migration is broken")
        """,
    )
    path = old_database(data_dir)
    with pytest.raises(StoreError, match="left as it was") as refused:
        open_database(path)
    assert "before-migration" in refused.value.message
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            "0001",
        )
        assert connection.execute("SELECT full_name FROM person").fetchall() == [
            ("Ann Example",)
        ]
        columns = [row[1] for row in connection.execute("PRAGMA table_info(person)")]
        assert "nickname" not in columns
    connection.close()


# --- the full-text search index -----------------------------------------------------------


def search(connection: Connection, words: str) -> set[str]:
    rows = connection.execute(
        text("SELECT kind FROM search_index WHERE search_index MATCH :q"), {"q": words}
    )
    return {row[0] for row in rows}


def hits(db: Database, words: str) -> list[tuple[str, str, str | None]]:
    with db.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT kind, row_id, group_id FROM search_index WHERE search_index MATCH :q "
                "ORDER BY kind"
            ),
            {"q": words},
        )
        return [(r[0], r[1], r[2]) for r in rows]


@pytest.fixture
def db(data_dir: Path) -> Iterator[Database]:
    with open_database(data_dir / "sen.sqlite3") as opened:
        yield opened


@pytest.fixture
def programme(db: Database) -> dict[str, str]:
    ids: dict[str, str] = {}
    with db.session_factory.begin() as session:
        steering = Group(code="SG", name="Steering Group", kind="steering")
        working = Group(code="ASD", name="ASD/SLCN Working Group", kind="working")
        session.add_all([steering, working])
        session.flush()
        meeting = Meeting(group_id=steering.id, number=1, date=dt.date(2011, 1, 12))
        session.add(meeting)
        session.flush()
        item = AgendaItem(meeting_id=meeting.id, position=1, title="Transport")
        session.add(item)
        session.flush()
        minute = MinuteEntry(agenda_item_id=item.id, text="Home to school transport was costed.")
        resolution = Resolution(agenda_item_id=item.id, text="that the transport review proceed.")
        action = Action(
            reference="SG-1", group_id=working.id, description="Survey transport routes."
        )
        recommendation = Recommendation(
            reference="SG-R1",
            group_id=steering.id,
            title="Transport review",
            text="Commission a review.",
            rationale="Costs rose by a fifth.",
        )
        session.add_all([minute, resolution, action, recommendation])
        session.flush()
        ids.update(
            steering=steering.id,
            working=working.id,
            meeting=meeting.id,
            item=item.id,
            minute=minute.id,
            resolution=resolution.id,
            action=action.id,
            recommendation=recommendation.id,
        )
    return ids


def test_every_kind_of_text_is_indexed_with_its_group(
    db: Database, programme: dict[str, str]
) -> None:
    steering, working = programme["steering"], programme["working"]
    assert hits(db, "transport") == [
        ("action", programme["action"], working),
        ("minute", programme["minute"], steering),
        ("recommendation", programme["recommendation"], steering),
        ("resolution", programme["resolution"], steering),
    ]
    # A recommendation is found by its title, text and rationale alike.
    assert hits(db, "fifth") == [("recommendation", programme["recommendation"], steering)]
    assert hits(db, "kind:minute AND costed") == [("minute", programme["minute"], steering)]


def test_an_edit_reindexes_the_row(db: Database, programme: dict[str, str]) -> None:
    with db.session_factory.begin() as session:
        action = session.get_one(Action, programme["action"])
        action.description = "Audit taxi contracts."
        minute = session.get_one(MinuteEntry, programme["minute"])
        minute.text = "Taxi contracts were discussed."
    assert {kind for kind, _, _ in hits(db, "taxi")} == {"action", "minute"}
    assert {kind for kind, _, _ in hits(db, "transport")} == {"recommendation", "resolution"}


def test_a_tombstone_leaves_the_index_and_a_restore_returns(
    db: Database, programme: dict[str, str]
) -> None:
    with db.session_factory.begin() as session:
        session.get_one(Recommendation, programme["recommendation"]).deleted = True
        session.get_one(Resolution, programme["resolution"]).deleted = True
    assert {kind for kind, _, _ in hits(db, "transport")} == {"action", "minute"}
    with db.session_factory.begin() as session:
        session.get_one(Recommendation, programme["recommendation"]).deleted = False
    assert {kind for kind, _, _ in hits(db, "transport")} == {"action", "minute", "recommendation"}


def test_a_row_created_as_a_tombstone_is_not_indexed(db: Database) -> None:
    with db.session_factory.begin() as session:
        group = Group(code="X", name="X", kind="other")
        session.add(group)
        session.flush()
        session.add(Action(reference="X-1", group_id=group.id, description="hidden", deleted=True))
    assert hits(db, "hidden") == []


def test_moving_a_meeting_to_another_group_moves_its_minutes(
    db: Database, programme: dict[str, str]
) -> None:
    with db.session_factory.begin() as session:
        session.get_one(Meeting, programme["meeting"]).group_id = programme["working"]
    moved = {kind: group for kind, _, group in hits(db, "transport")}
    assert moved["minute"] == programme["working"]
    assert moved["resolution"] == programme["working"]
    assert moved["recommendation"] == programme["steering"]


def test_the_index_passes_its_integrity_check(db: Database, programme: dict[str, str]) -> None:
    with db.session_factory.begin() as session:
        session.get_one(Action, programme["action"]).description = "Changed."
        session.get_one(MinuteEntry, programme["minute"]).deleted = True
    with db.engine.begin() as connection:
        # FTS5 raises SQLITE_CORRUPT_VTAB here if the index disagrees with its content.
        connection.exec_driver_sql(
            "INSERT INTO search_index(search_index) VALUES ('integrity-check')"
        )


def test_every_search_trigger_exists_at_the_head(db: Database) -> None:
    # A batch migration that rebuilds a source table drops its triggers with it; a
    # later revision that forgets to create them again fails here.
    with db.engine.connect() as connection:
        triggers = set(
            connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            ).scalars()
        )
    expected = {
        f"search_{table}_{event}"
        for table in ("minute_entry", "resolution", "action", "recommendation")
        for event in ("ai", "au", "ad")
    } | {"search_text_ai", "search_text_ad", "search_text_au"}
    expected |= {"search_agenda_item_au", "search_meeting_au"}
    assert expected <= triggers


# --- 0004: the trust registry (docs/TRUST.md) ------------------------------------------------


def test_0004_keeps_receipts_and_keys_them_on_sender_and_bundle(data_dir: Path) -> None:
    path = data_dir / "sen.sqlite3"
    shutil.copy(FIXTURES / "schema-0003.sqlite3", path)
    with closing(sqlite3.connect(path)) as raw, raw:
        raw.execute(
            "INSERT INTO bundle_receipt (bundle_id, sender_site, received_at) "
            "VALUES ('b1', 'site-a', '2026-01-01T00:00:00Z')"
        )
    with open_database(path) as db, db.engine.begin() as connection:
        rows = connection.exec_driver_sql(
            "SELECT sender_site, bundle_id, received_at FROM bundle_receipt"
        ).all()
        assert rows == [("site-a", "b1", "2026-01-01T00:00:00Z")]
        # The same bundle id from another sender is another receipt, not a replay.
        connection.exec_driver_sql(
            "INSERT INTO bundle_receipt (sender_site, bundle_id, received_at) "
            "VALUES ('site-b', 'b1', '2026-01-02T00:00:00Z')"
        )
        with pytest.raises(Exception, match="UNIQUE"):
            connection.exec_driver_sql(
                "INSERT INTO bundle_receipt (sender_site, bundle_id, received_at) "
                "VALUES ('site-a', 'b1', '2026-01-03T00:00:00Z')"
            )


def test_0004_adds_the_local_trust_tables_and_the_event_signer(data_dir: Path) -> None:
    from sen_desktop.core.store.models import LOCAL_TABLES

    path = data_dir / "sen.sqlite3"
    shutil.copy(FIXTURES / "schema-0003.sqlite3", path)
    with open_database(path) as db, db.engine.connect() as connection:
        tables = set(
            connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
            ).scalars()
        )
        event_columns = {
            row[1] for row in connection.exec_driver_sql("PRAGMA table_info(recommendation_event)")
        }
        pending_indexes = {
            row[1] for row in connection.exec_driver_sql("PRAGMA index_list(sync_pending)")
        }
    trust = {"trust_root", "laptop_self", "laptop_certificate", "laptop_revocation", "op_batch"}
    assert trust <= tables and trust <= LOCAL_TABLES
    assert "signer_laptop" in event_columns
    assert "ix_sync_pending_parent_id" in pending_indexes


# --- 0005: a leaner operation log ------------------------------------------------------------


def operation_log(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Every operation and every field head of the database at ``path``, in key order."""
    with closing(sqlite3.connect(path)) as connection:
        ops = connection.execute("SELECT * FROM operation ORDER BY op_id").fetchall()
        heads = connection.execute("SELECT * FROM field_head ORDER BY 1, 2, 3, 4").fetchall()
    return ops, heads


def log_schema(path: Path) -> tuple[set[str], str]:
    """(the operation table's index names, field_head's CREATE statement)."""
    with closing(sqlite3.connect(path)) as connection:
        indexes = {row[1] for row in connection.execute("PRAGMA index_list(operation)")}
        (create,) = connection.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'field_head'"
        ).fetchone()
    return indexes, " ".join(create.split()).upper()


def assert_lean_log(path: Path) -> None:
    indexes, field_head = log_schema(path)
    assert "ix_operation_hlc" not in indexes
    assert {"ix_operation_entity_row", "ix_operation_site_counter"} <= indexes
    assert field_head.endswith("WITHOUT ROWID")
    assert "PRIMARY KEY (ENTITY, ROW_ID, FIELD, OP_ID)" in field_head


def test_the_models_declare_the_lean_log() -> None:
    operation, field_head = Operation.__table__, FieldHead.__table__
    assert {index.name for index in operation.indexes} == {  # type: ignore[attr-defined]
        "ix_operation_entity_row",
        "ix_operation_site_counter",
    }
    assert field_head.dialect_options["sqlite"]["with_rowid"] is False  # type: ignore[attr-defined]


def test_a_new_database_has_the_lean_log(data_dir: Path) -> None:
    path = data_dir / "sen.sqlite3"
    open_database(path).close()
    assert_lean_log(path)
    # 16 KiB pages, set before WAL fixes a new file's page size: fewer, fuller pages for
    # the log's bulk writes (issue 10's import benchmark).
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA page_size").fetchone() == (16384,)


def test_an_old_database_keeps_its_page_size(data_dir: Path) -> None:
    path = data_dir / "sen.sqlite3"
    shutil.copy(FIXTURES / "schema-0004.sqlite3", path)
    open_database(path).close()  # migrated, not rebuilt: its pages stay as they were
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA page_size").fetchone() == (4096,)


@pytest.mark.parametrize("fixture", SCHEMA_FIXTURES, ids=lambda p: p.name)
def test_every_released_schema_keeps_its_operation_log(fixture: Path, data_dir: Path) -> None:
    path = data_dir / "sen.sqlite3"
    shutil.copy(fixture, path)
    ops, heads = operation_log(path)
    assert len(ops) > 20 and len(heads) > 20  # the fixture's rows were written with their log
    open_database(path).close()
    assert operation_log(path) == (ops, heads)
    assert_lean_log(path)
    # The log still takes new operations, naming the kept heads as prev.
    with open_database(path) as db, db.session_factory.begin() as session:
        session.scalars(select(Person)).one().full_name = "Ann Example-Jones"
    after_ops, after_heads = operation_log(path)
    (edit,) = [op for op in after_ops if op not in ops]
    assert edit[5] == "full_name" and edit[8] != "[]"
    assert len(after_heads) == len(heads)


def test_0005_downgrades_keeping_the_heads_and_upgrades_again(data_dir: Path) -> None:
    path = data_dir / "sen.sqlite3"
    shutil.copy(FIXTURES / "schema-0004.sqlite3", path)
    open_database(path).close()
    kept = operation_log(path)
    engine = database.store_engine(path, migrating=True)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0004")
    finally:
        engine.dispose()
    indexes, field_head = log_schema(path)
    assert "ix_operation_hlc" in indexes and "WITHOUT ROWID" not in field_head
    assert operation_log(path) == kept
    open_database(path).close()  # due again: upgraded on opening
    assert operation_log(path) == kept
    assert_lean_log(path)


# --- 0006: the action log's indexes ------------------------------------------------------------


@pytest.mark.parametrize("fixture", SCHEMA_FIXTURES, ids=lambda p: p.name)
def test_every_released_schema_gains_the_action_log_indexes(fixture: Path, data_dir: Path) -> None:
    # Expression indexes are invisible to compare_metadata, and a batch rebuild of `action`
    # would drop them silently: this is what notices (tests/core/actions/test_listing.py
    # checks the log's queries read them).
    path = data_dir / "sen.sqlite3"
    shutil.copy(fixture, path)
    with open_database(path) as db, db.session_factory() as session:
        before = [a.reference for a in session.scalars(select(Action))]
    with closing(sqlite3.connect(path)) as connection:
        indexes = {
            str(row[0]): " ".join(str(row[1]).split())
            for row in connection.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'action'"
            )
        }
    assert before  # the fixture's action is still there
    assert indexes["ix_action_log"].startswith(
        "CREATE INDEX ix_action_log ON action (deleted, substr(reference, 1, "
        "instr(reference, '-') - 1), CAST(substr(reference, instr(reference, '-') + 1) "
        "AS INTEGER), id,"
    )
    assert "ON action (group_id, deleted, substr(reference" in indexes["ix_action_log_group"]
    # 0007: the due-date, status and rating orders, each way.
    for order in ("due", "status", "brag"):
        for name in (f"ix_action_log_{order}", f"ix_action_log_{order}_desc"):
            assert indexes[name].startswith(f"CREATE INDEX {name} ON action (deleted, "), name
    assert "(deleted, due_date IS NULL, due_date DESC, substr(" in indexes["ix_action_log_due_desc"]
