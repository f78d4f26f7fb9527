"""The store at open: creating, refusing, backing up and configuring the database file."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select, text
from sqlalchemy.pool import QueuePool

from sen_desktop.core.errors import StoreError
from sen_desktop.core.progress import Cancelled, Progress
from sen_desktop.core.store import backups as store_backups
from sen_desktop.core.store import database
from sen_desktop.core.store.backups import expand_backup
from sen_desktop.core.store.database import (
    DAILY_BACKUPS_KEPT,
    JOURNAL_SIZE_LIMIT,
    SCHEMA_REVISION,
    daily_backups,
    open_database,
    write_backup,
)
from sen_desktop.core.store.models import Group, Operation, Person

if TYPE_CHECKING:
    from collections.abc import Callable

REPO = Path(__file__).resolve().parents[3]


FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


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
        assert pragma("synchronous") == 2  # FULL: a commit is on the disk when it returns
        assert pragma("journal_size_limit") == JOURNAL_SIZE_LIMIT


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
    assert refused.value.message.endswith(
        f"restore the latest copy from {data_dir / 'copies'} (File > Restore from backup…, or "
        "sen-desktop restore)."
    )


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
    def broken_upgrade(path: Path, *_progress: object) -> None:
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
    assert len(backups) == 1
    assert backups[0].name.startswith(f"sen-{today}-")
    assert backups[0].name.endswith(f"-r{SCHEMA_REVISION}-daily.sqlite3.zst")
    with sqlite3.connect(expand_backup(backups[0], data_dir / "expanded.sqlite3")) as copy:
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
        day = start + dt.timedelta(days=n)
        old = backups / f"sen-{day.isoformat()}-r{SCHEMA_REVISION}.sqlite3"
        old.write_bytes(b"old")
        noon = dt.datetime.combine(day, dt.time(12)).timestamp()
        os.utime(old, (noon, noon))
    keep = backups / f"sen-{start.isoformat()}-120000-r0000-before-migration.sqlite3"
    keep.write_bytes(b"before migration")
    noon = dt.datetime.combine(start, dt.time(12)).timestamp()
    os.utime(keep, (noon, noon))
    other = backups / "notes.txt"
    other.write_text("mine")

    open_database(path, backups_dir=backups).close()

    kept = daily_backups(path, backups)
    # Seven days' newest copies, then the newest of each older week holding no daily (<= 4).
    assert kept[0].name.endswith(f"-r{SCHEMA_REVISION}-daily.sqlite3.zst")
    days = [p.name for p in kept[1:DAILY_BACKUPS_KEPT]]
    assert days == [
        f"sen-{(start + dt.timedelta(days=9 - n)).isoformat()}-r{SCHEMA_REVISION}.sqlite3"
        for n in range(DAILY_BACKUPS_KEPT - 1)
    ]
    assert DAILY_BACKUPS_KEPT <= len(kept) <= DAILY_BACKUPS_KEPT + 4  # weeklies: H3's tests
    # A before-migration copy under 30 days old, and files that are not backups, stay.
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


# --- a big file: a bounded check at open, every page checked by the daily backup ----------


@pytest.fixture
def big(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file counts as big: open checks a bounded sample and defers the backup."""
    monkeypatch.setattr(database, "SMALL_DATABASE_BYTES", 0)


def _leaf_page_in_the_middle(path: Path, table: str) -> int:
    """The number of a leaf page of ``table`` that is neither its first nor its last."""
    with sqlite3.connect(path) as connection:
        try:
            rows = connection.execute(
                "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY path",
                (table,),
            ).fetchall()
        except sqlite3.OperationalError:
            pytest.skip("this SQLite has no dbstat table")
    connection.close()
    assert len(rows) >= 3, rows
    return int(rows[len(rows) // 2][0])


def _damage_page(path: Path, page: int) -> None:
    """Overwrite one page with the same garbage every run (0xDE is no page type)."""
    with path.open("r+b") as file:
        file.seek(16)
        size = int.from_bytes(file.read(2), "big")  # the header's page size
        file.seek((page - 1) * size)
        file.write(b"\xde\xad" * (size // 2))


BIG_REFUSED = [case for case in REFUSED if case != "corrupted pages"]


@pytest.mark.usefixtures("big")
@pytest.mark.parametrize("case", BIG_REFUSED)
def test_a_big_unusable_file_is_refused_and_left_untouched(data_dir: Path, case: str) -> None:
    test_an_unusable_file_is_refused_and_left_untouched(data_dir, case)


@pytest.mark.usefixtures("big")
@pytest.mark.parametrize("cut", [4096, 3 * 4096 + 100, -4096, -1])
def test_a_big_file_cut_anywhere_is_refused(data_dir: Path, cut: int) -> None:
    path = make_database(data_dir / "sen.sqlite3", people=400)
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.truncate(cut if cut > 0 else size + cut)
    before = sha256(path)
    with pytest.raises(StoreError, match="is damaged and cannot be opened safely"):
        open_database(path)
    assert sha256(path) == before
    assert sorted(p.name for p in data_dir.iterdir()) == ["sen.sqlite3"]


@pytest.mark.usefixtures("big")
@pytest.mark.parametrize("table", ["person", "operation", "ix_operation_entity_row"])
def test_a_big_file_with_a_damaged_root_page_is_refused(data_dir: Path, table: str) -> None:
    # A table's root or an index's: open reads every b-tree's root page.
    path = make_database(data_dir / "sen.sqlite3", people=400)
    with sqlite3.connect(path) as connection:
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()[0]
    connection.close()
    _damage_page(path, root)
    before = sha256(path)
    with pytest.raises(StoreError, match="is damaged and cannot be opened safely"):
        open_database(path)
    assert sha256(path) == before


@pytest.mark.usefixtures("big")
def test_a_big_file_left_open_by_a_crash_still_opens(data_dir: Path) -> None:
    test_a_file_left_open_by_a_crash_still_opens(data_dir)


@pytest.mark.usefixtures("big")
def test_a_big_file_opens_with_its_daily_backup_left_for_later(data_dir: Path) -> None:
    path = make_database(data_dir / "sen.sqlite3", people=2)
    with open_database(path) as db:
        assert not (data_dir / "backups").exists()
        assert db.backups_dir == data_dir / "backups"
        assert db.daily_backup_due()
        with db.session_factory.begin() as session:
            session.add(Person(full_name="Added before the backup"))
        backup = db.run_daily_backup()
        assert not db.daily_backup_due()
        assert db.run_daily_backup() is None  # once a day
    today = dt.date.today().isoformat()
    assert backup is not None and backup.parent == data_dir / "backups"
    assert backup.name.startswith(f"sen-{today}-")
    assert backup.name.endswith(f"-r{SCHEMA_REVISION}-daily.sqlite3.zst")
    assert sorted(p.name for p in backup.parent.iterdir()) == [backup.name]
    with sqlite3.connect(expand_backup(backup, data_dir / "expanded.sqlite3")) as copy:
        assert copy.execute("PRAGMA quick_check").fetchone() == ("ok",)
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert copy.execute("SELECT count(*) FROM person").fetchone() == (3,)
    copy.close()
    # The next open of the day finds it written.
    with open_database(path) as again:
        assert not again.daily_backup_due()


@pytest.mark.usefixtures("big")
def test_the_caller_can_ask_for_a_big_files_backup_at_open(data_dir: Path) -> None:
    path = make_database(data_dir / "sen.sqlite3")
    with open_database(path, daily_backup=True) as db:
        assert not db.daily_backup_due()
        assert len(daily_backups(path, data_dir / "backups")) == 1


def test_the_caller_can_leave_a_small_files_backup_for_later(data_dir: Path) -> None:
    path = make_database(data_dir / "sen.sqlite3")
    with open_database(path, daily_backup=False) as db:
        assert not (data_dir / "backups").exists()
        assert db.daily_backup_due()


def test_a_new_database_has_no_backup_due(data_dir: Path) -> None:
    with open_database(data_dir / "sen.sqlite3", daily_backup=True) as db:
        assert not db.daily_backup_due()
        assert not db.start_daily_backup()
        assert db.run_daily_backup() is None
    assert not (data_dir / "backups").exists()


@pytest.mark.usefixtures("big")
def test_damage_a_big_file_hides_from_the_open_is_found_by_the_daily_backup(
    data_dir: Path,
) -> None:
    path = make_database(data_dir / "sen.sqlite3", people=2000)
    backups = data_dir / "backups"
    backups.mkdir()
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    good = backups / f"sen-{yesterday}-r{SCHEMA_REVISION}.sqlite3"
    shutil.copy(path, good)
    _damage_page(path, _leaf_page_in_the_middle(path, "person"))

    db = open_database(path)  # the bounded check does not read that page
    try:
        assert db.daily_backup_due()
        with pytest.raises(StoreError) as found:
            db.run_daily_backup()
    finally:
        db.close()
    assert found.value.message == (
        f"The database {path} is damaged (found while taking today's backup); restore the "
        f"latest copy from {backups} (File > Restore from backup…, or sen-desktop restore)."
    )
    # The damaged copy is not kept, so it can never push a good one out.
    assert sorted(p.name for p in backups.iterdir()) == [good.name]


@pytest.mark.usefixtures("big")
def test_a_big_damaged_file_is_refused_when_its_backup_is_asked_for_at_open(
    data_dir: Path,
) -> None:
    path = make_database(data_dir / "sen.sqlite3", people=2000)
    _damage_page(path, _leaf_page_in_the_middle(path, "person"))
    before = sha256(path)
    with pytest.raises(StoreError, match="is damaged and cannot be opened safely"):
        open_database(path, daily_backup=True)
    assert sha256(path) == before
    assert sorted(p.name for p in data_dir.iterdir()) == ["sen.sqlite3"]


class _WritesOnFirstLook(threading.Event):
    """A cancel flag that, the first time the backup looks at it, writes a row."""

    def __init__(self, write: Callable[[], None]) -> None:
        super().__init__()
        self._write: Callable[[], None] | None = write

    def is_set(self) -> bool:
        write, self._write = self._write, None
        if write is not None:
            write()
        return super().is_set()


def test_the_daily_backup_is_a_snapshot_while_the_program_writes(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_database(data_dir / "sen.sqlite3", people=400)
    monkeypatch.setattr(store_backups, "BACKUP_STEP_PAGES", 2)  # many steps

    with open_database(path, daily_backup=False) as db:

        def write() -> None:
            with db.session_factory.begin() as session:
                session.add(Person(full_name="Written during the backup"))

        db._cancel_backup = _WritesOnFirstLook(write)
        backup = db.run_daily_backup()
        with db.session_factory() as session:
            assert len(session.scalars(select(Person)).all()) == 401
    assert backup is not None
    with sqlite3.connect(expand_backup(backup, data_dir / "expanded.sqlite3")) as copy:
        assert copy.execute("PRAGMA quick_check").fetchone() == ("ok",)
        # The database as it stood when the backup began: the write is not in it.
        assert copy.execute("SELECT count(*) FROM person").fetchone() == (400,)
    copy.close()


def test_a_background_backup_is_written_while_work_goes_on(data_dir: Path) -> None:
    path = make_database(data_dir / "sen.sqlite3", people=50)
    with open_database(path, daily_backup=False) as db:
        assert db.start_daily_backup()
        with db.session_factory.begin() as session:
            session.add(Person(full_name="Added meanwhile"))
        thread = db._backup_thread
        assert thread is not None
        thread.join(timeout=60)
        assert not db.daily_backup_due()
        assert not db.start_daily_backup()  # one a day
    assert len(daily_backups(path, data_dir / "backups")) == 1


class _SlowSteps(threading.Event):
    """A cancel flag that makes each backup step slow, and says when the first began."""

    def __init__(self) -> None:
        super().__init__()
        self.began = threading.Event()

    def is_set(self) -> bool:
        self.began.set()
        time.sleep(0.01)
        return super().is_set()


def test_closing_stops_a_background_backup_and_leaves_no_partial_copy(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_database(data_dir / "sen.sqlite3", people=400)
    monkeypatch.setattr(store_backups, "BACKUP_STEP_PAGES", 1)
    db = open_database(path, daily_backup=False)
    flag = _SlowSteps()
    db._cancel_backup = flag
    assert db.start_daily_backup()
    thread = db._backup_thread
    assert thread is not None
    alive_at_callback: list[bool] = []
    db.call_on_close(lambda: alive_at_callback.append(thread.is_alive()))
    assert flag.began.wait(timeout=60)
    db.close()
    # The close callbacks (the folder lock) ran after the backup had stopped.
    assert alive_at_callback == [False]
    assert list((data_dir / "backups").iterdir()) == []


def test_a_background_backup_reports_damage(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_database(data_dir / "sen.sqlite3", people=2000)
    monkeypatch.setattr(database, "SMALL_DATABASE_BYTES", 0)
    _damage_page(path, _leaf_page_in_the_middle(path, "person"))
    reported: list[StoreError] = []
    with open_database(path) as db:
        assert db.start_daily_backup(reported.append)
        thread = db._backup_thread
        assert thread is not None
        thread.join(timeout=60)
    assert len(reported) == 1
    assert "damaged (found while taking today's backup)" in reported[0].message


def test_a_half_written_copy_from_a_killed_run_is_cleared(data_dir: Path) -> None:
    path = make_database(data_dir / "sen.sqlite3")
    backups = data_dir / "backups"
    backups.mkdir()
    stale = backups / "sen-2001-01-01-r0001.sqlite3.partial"
    stale.write_bytes(b"half a copy")
    open_database(path).close()
    assert not stale.exists()
    assert len(daily_backups(path, backups)) == 1


# --- progress and Cancel: the long steps say how far they are and stop where safe ---------


def stopping_at(words: str) -> tuple[Progress, list[str]]:
    """A Progress that asks to stop at the first report whose label holds ``words``."""
    labels: list[str] = []

    def report(_done: int, _total: int, label: str) -> None:
        labels.append(label)
        if words in label:
            progress.cancel()

    progress = Progress(report)
    return progress, labels


def test_a_new_database_gets_16_kib_pages_and_an_old_one_keeps_its_own(data_dir: Path) -> None:
    with open_database(data_dir / "sen.sqlite3") as db, db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA page_size").scalar() == 16384
    old = data_dir / "old.sqlite3"
    shutil.copy(FIXTURES / "schema-0001.sqlite3", old)
    with open_database(old) as db, db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA page_size").scalar() == 4096


def test_a_cancelled_creation_leaves_no_file(data_dir: Path) -> None:
    progress, labels = stopping_at("Creating")
    with pytest.raises(Cancelled):
        open_database(data_dir / "sen.sqlite3", progress=progress)
    assert labels == ["Creating the database"]
    assert list(data_dir.iterdir()) == []


def test_a_cancelled_update_leaves_the_database_as_it_was(data_dir: Path) -> None:
    path = data_dir / "sen.sqlite3"
    shutil.copy(FIXTURES / "schema-0001.sqlite3", path)
    before = sha256(path)
    progress, labels = stopping_at("Updating")
    with pytest.raises(Cancelled, match="was left as it was"):
        open_database(path, progress=progress)
    assert labels[0] == "Copying the database before updating it"
    assert labels[-1] == "Updating the database to this version"
    assert sha256(path) == before and revision_of(path) == "0001"
    # The copy taken before is whole, and the next open updates the file.
    (copy,) = (data_dir / "backups").glob("*-r0001-before-migration.sqlite3.zst")
    assert revision_of(expand_backup(copy, data_dir / "expanded.sqlite3")) == "0001"
    open_database(path).close()
    assert revision_of(path) == SCHEMA_REVISION


def test_a_cancelled_backup_leaves_no_partial_copy(data_dir: Path) -> None:
    path = make_database(data_dir / "sen.sqlite3", people=400)
    backups = data_dir / "backups"
    # At open, a cancelled daily backup is skipped and the open goes on.
    progress, labels = stopping_at("today's backup")
    with open_database(path, progress=progress) as db:
        assert labels == ["Copying today's backup"]
        assert not list(backups.iterdir()) if backups.exists() else True
        assert db.daily_backup_due()
        # Asked for later, a cancelled one says so.
        later, _labels = stopping_at("today's backup")
        with pytest.raises(Cancelled, match="no copy was written"):
            db.run_daily_backup(later)
        assert not list(backups.glob("*.sqlite3*"))
        assert db.run_daily_backup(Progress()) is not None
