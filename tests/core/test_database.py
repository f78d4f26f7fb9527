"""The store at open: creating, refusing, backing up and configuring the database file."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.pool import QueuePool

from sen_desktop.core.errors import StoreError
from sen_desktop.core.store import database
from sen_desktop.core.store.database import (
    DAILY_BACKUPS_KEPT,
    SCHEMA_REVISION,
    daily_backups,
    open_database,
    write_backup,
)
from sen_desktop.core.store.models import Group, Operation, Person

REPO = Path(__file__).resolve().parents[2]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_database(path: Path, people: int = 3) -> Path:
    """A closed store at ``path`` with a few people in it."""
    with open_database(path) as db, db.session_factory.begin() as session:
        session.add_all(Person(full_name=f"Person {n}") for n in range(people))
    return path


def revision_of(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])


# --- creating and opening -----------------------------------------------------------------


def test_a_missing_file_is_created_at_the_head_revision(data_dir: Path) -> None:
    path = data_dir / "sen.sqlite3"
    with open_database(path) as db:
        assert db.created
        assert db.path == path
        with db.engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version"))
            assert version.scalar_one() == SCHEMA_REVISION
    assert sorted(p.name for p in data_dir.iterdir()) == ["sen.sqlite3"]
    assert revision_of(path) == SCHEMA_REVISION


def test_a_missing_folder_is_created(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "sen.sqlite3"
    with open_database(path) as db:
        assert db.created
    assert path.is_file()


def test_connections_use_wal_foreign_keys_and_a_busy_timeout(data_dir: Path) -> None:
    with open_database(data_dir / "sen.sqlite3") as db, db.engine.connect() as connection:

        def pragma(name: str) -> object:
            return connection.exec_driver_sql(f"PRAGMA {name}").scalar()

        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == 5000
        assert pragma("synchronous") == 1  # NORMAL


def test_foreign_keys_are_enforced(data_dir: Path) -> None:
    from sqlalchemy.exc import IntegrityError

    from sen_desktop.core.store.models import Seat

    with open_database(data_dir / "sen.sqlite3") as db:
        with pytest.raises(IntegrityError), db.session_factory.begin() as session:
            session.add(Seat(group_id="no-such-group", position=1, title="Chair"))
        with db.session_factory() as session:
            assert session.scalars(select(Seat)).all() == []


def test_rows_survive_closing_and_reopening(data_dir: Path) -> None:
    path = make_database(data_dir / "sen.sqlite3", people=2)
    with open_database(path) as db:
        assert not db.created
        with db.session_factory() as session:
            names = session.scalars(select(Person.full_name).order_by(Person.full_name)).all()
    assert names == ["Person 0", "Person 1"]


def test_objects_stay_readable_after_commit(data_dir: Path) -> None:
    with open_database(data_dir / "sen.sqlite3") as db:
        with db.session_factory.begin() as session:
            group = Group(code="SG", name="Steering Group", kind="steering")
            session.add(group)
        # expire_on_commit=False: a service may read what it saved after the commit.
        assert group.name == "Steering Group"


def test_changes_are_captured_in_the_operation_log(data_dir: Path) -> None:
    with open_database(data_dir / "sen.sqlite3") as db:
        with db.session_factory.begin() as session:
            session.add(Person(full_name="Ann Example"))
        with db.session_factory() as session:
            fields = session.scalars(
                select(Operation.field).where(Operation.entity == "person")
            ).all()
    assert "full_name" in fields


def test_a_transaction_that_fails_leaves_nothing(data_dir: Path) -> None:
    with open_database(data_dir / "sen.sqlite3") as db:
        with pytest.raises(RuntimeError), db.session_factory.begin() as session:
            session.add(Person(full_name="Half written"))
            session.flush()
            raise RuntimeError("interrupted")
        with db.session_factory() as session:
            assert session.scalars(select(Person)).all() == []
            assert session.scalars(select(Operation)).all() == []


def test_close_disposes_the_engine_and_runs_callbacks_once(data_dir: Path) -> None:
    db = open_database(data_dir / "sen.sqlite3")
    with db.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    calls: list[str] = []
    db.call_on_close(lambda: calls.append("closed"))
    db.close()
    db.close()
    assert calls == ["closed"]
    pool = db.engine.pool
    assert isinstance(pool, QueuePool)
    assert pool.checkedin() == 0
    # The last connection closed checkpointed the WAL: the file stands alone.
    assert not (data_dir / "sen.sqlite3-wal").exists()


def test_opening_an_up_to_date_file_does_not_import_alembic(data_dir: Path) -> None:
    path = make_database(data_dir / "sen.sqlite3")
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from sen_desktop.core.store.database import open_database\n"
        "db = open_database(Path(sys.argv[1]))\n"
        "db.close()\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'alembic')\n"
        "assert not loaded, loaded\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_the_store_module_does_not_import_alembic() -> None:
    code = "import sys, sen_desktop.core.store.database\nassert 'alembic' not in sys.modules\n"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr


# --- refusing a file: clear message, file left byte-identical -----------------------------


def _text_file(path: Path) -> None:
    path.write_text("Minutes of the Steering Group, typed into the wrong file.\n")


def _random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(64 * 1024))


def _empty_file(path: Path) -> None:
    path.write_bytes(b"")


def _sqlite_header_then_garbage(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))


def _truncated_database(path: Path) -> None:
    make_database(path, people=400)
    with path.open("r+b") as file:
        file.truncate(path.stat().st_size // 2)


def _corrupted_pages(path: Path) -> None:
    make_database(path, people=400)
    size = path.stat().st_size
    with path.open("r+b") as file:
        # Overwrite whole pages in the middle of the file with noise.
        file.seek((size // 4096 // 2) * 4096)
        file.write(os.urandom(3 * 4096))


def _newer_schema(path: Path) -> None:
    make_database(path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()


def _someone_elses_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.close()


REFUSED = {
    "text file": (_text_file, "not an SQLite file"),
    "random bytes": (_random_bytes, "not an SQLite file"),
    "empty file": (_empty_file, "is empty"),
    "SQLite header, then garbage": (_sqlite_header_then_garbage, "damaged"),
    "truncated database": (_truncated_database, "damaged"),
    "corrupted pages": (_corrupted_pages, "damaged"),
    "newer schema": (_newer_schema, "newer version of SEN Secretariat (schema 9999)"),
    "another program's SQLite": (_someone_elses_sqlite, "not a SEN Secretariat one"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_an_unusable_file_is_refused_and_left_untouched(data_dir: Path, case: str) -> None:
    make, says = REFUSED[case]
    path = data_dir / "sen.sqlite3"
    make(path)
    before = sha256(path)
    folder_before = sorted(p.name for p in data_dir.iterdir())
    with pytest.raises(StoreError) as refused:
        open_database(path)
    message = refused.value.message
    assert says in message
    assert str(path) in message
    assert "\n" not in message and message.endswith(".")
    assert sha256(path) == before
    # Nothing beside it either: no -wal/-shm, no backups, no scratch files.
    assert sorted(p.name for p in data_dir.iterdir()) == folder_before


def test_a_damaged_database_message_points_to_the_backups(data_dir: Path) -> None:
    path = data_dir / "sen.sqlite3"
    _corrupted_pages(path)
    with pytest.raises(StoreError) as refused:
        open_database(path, backups_dir=data_dir / "copies")
    assert refused.value.message.endswith(f"restore the latest copy from {data_dir / 'copies'}.")


def test_a_newer_schema_message_says_what_to_do(data_dir: Path) -> None:
    path = data_dir / "sen.sqlite3"
    _newer_schema(path)
    with pytest.raises(StoreError, match="install the newer version to open it"):
        open_database(path)


def test_a_folder_in_place_of_the_file_is_refused(data_dir: Path) -> None:
    (data_dir / "sen.sqlite3").mkdir()
    with pytest.raises(StoreError, match="is a folder"):
        open_database(data_dir / "sen.sqlite3")


def test_a_crash_while_creating_leaves_no_file(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_upgrade(path: Path) -> None:
        path.write_bytes(b"half")
        raise RuntimeError("power cut")

    monkeypatch.setattr(database, "_upgrade", broken_upgrade)
    with pytest.raises(RuntimeError):
        open_database(data_dir / "sen.sqlite3")
    assert list(data_dir.iterdir()) == []


def test_a_file_left_open_by_a_crash_still_opens(data_dir: Path) -> None:
    # A -wal file beside the database: the inspection must read through it.
    path = make_database(data_dir / "sen.sqlite3", people=1)
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("INSERT INTO person (id, deleted, full_name, job_title, organisation, "
                   "email, phone, notes) VALUES ('p-wal', 0, 'In the WAL', '', '', '', '', '')")
    writer.commit()
    assert (data_dir / "sen.sqlite3-wal").exists()
    copy = data_dir / "crashed.sqlite3"
    for suffix in ("", "-wal"):
        shutil.copy(f"{path}{suffix}", f"{copy}{suffix}")
    writer.close()
    with open_database(copy) as db, db.session_factory() as session:
        assert session.get(Person, "p-wal") is not None


# --- backups -------------------------------------------------------------------------------


def test_a_new_database_gets_no_backup(data_dir: Path) -> None:
    with open_database(data_dir / "sen.sqlite3"):
        pass
    assert not (data_dir / "backups").exists()


def test_the_first_open_of_the_day_writes_one_backup(data_dir: Path) -> None:
    path = make_database(data_dir / "sen.sqlite3", people=2)
    for _ in range(2):
        open_database(path).close()
    backups = sorted((data_dir / "backups").iterdir())
    today = dt.date.today().isoformat()
    assert [b.name for b in backups] == [f"sen-{today}-r{SCHEMA_REVISION}.sqlite3"]
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("PRAGMA quick_check").fetchone() == ("ok",)
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert copy.execute("SELECT count(*) FROM person").fetchone() == (2,)
    copy.close()


def test_daily_backups_keep_the_newest_seven(data_dir: Path) -> None:
    path = make_database(data_dir / "sen.sqlite3")
    backups = data_dir / "backups"
    backups.mkdir()
    start = dt.date.today() - dt.timedelta(days=20)
    for n in range(10):
        day = (start + dt.timedelta(days=n)).isoformat()
        (backups / f"sen-{day}-r{SCHEMA_REVISION}.sqlite3").write_bytes(b"old")
    keep = backups / f"sen-{start.isoformat()}-120000-r0000-before-migration.sqlite3"
    keep.write_bytes(b"before migration")
    other = backups / "notes.txt"
    other.write_text("mine")

    open_database(path, backups_dir=backups).close()

    kept = daily_backups(path, backups)
    assert len(kept) == DAILY_BACKUPS_KEPT
    assert kept[0].name == f"sen-{dt.date.today().isoformat()}-r{SCHEMA_REVISION}.sqlite3"
    oldest_kept = (start + dt.timedelta(days=10 - (DAILY_BACKUPS_KEPT - 1))).isoformat()
    assert kept[-1].name == f"sen-{oldest_kept}-r{SCHEMA_REVISION}.sqlite3"
    # Backups taken before a migration, and files that are not backups, are never pruned.
    assert keep.exists() and other.exists()


def test_a_failed_daily_backup_does_not_stop_the_open(data_dir: Path) -> None:
    path = make_database(data_dir / "sen.sqlite3")
    (data_dir / "backups").write_text("a file where the folder should be")
    with open_database(path) as db, db.session_factory() as session:
        assert len(session.scalars(select(Person)).all()) == 3


def test_write_backup_copies_a_database(data_dir: Path) -> None:
    path = make_database(data_dir / "sen.sqlite3", people=5)
    target = write_backup(path, data_dir / "copies" / "copy.sqlite3")
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.sqlite3"]
    with open_database(target) as db, db.session_factory() as session:
        assert len(session.scalars(select(Person)).all()) == 5


def test_write_backup_while_the_database_is_open_sees_committed_rows(data_dir: Path) -> None:
    with open_database(data_dir / "sen.sqlite3") as db:
        with db.session_factory.begin() as session:
            session.add(Person(full_name="Written just now"))
        with db.session_factory() as session:  # keeps a connection, and the WAL, open
            session.scalars(select(Person)).all()
            target = write_backup(db.path, data_dir / "copy.sqlite3")
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT full_name FROM person").fetchall() == [("Written just now",)]
    copy.close()
