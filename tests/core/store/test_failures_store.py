"""The store in bad surroundings: refused in one sentence, nothing changed, nothing
personal said, and no write-ahead log left behind to keep a full disk full."""

from __future__ import annotations

import logging
import traceback
from typing import TYPE_CHECKING

import pytest
from failure_helpers import (
    PERSON,
    add_person,
    assert_no_personal_data,
    database_content,
    folder_state,
    full_disk,
    held_by_another_program,
    read_only,
    refusing_writes,
)
from sqlalchemy import select

from sen_desktop.core.errors import StoreFailure
from sen_desktop.core.people.service import PeopleService
from sen_desktop.core.store import database
from sen_desktop.core.store.database import open_database
from sen_desktop.core.store.datafolder import open_programme
from sen_desktop.core.store.failures import DISK_FULL, LOCKED, READ_ONLY_FILE, READ_ONLY_FOLDER
from sen_desktop.core.store.models import Person

if TYPE_CHECKING:
    from pathlib import Path

    from store_helpers import Store


@pytest.fixture
def programme(data_dir: Path) -> Path:
    """A data folder as the program leaves it (database, lock file), holding PERSON."""
    db = open_programme(data_dir)
    try:
        add_person(db.session_factory)
    finally:
        db.close()
    return data_dir


def test_a_read_only_folder_with_its_lock_file_is_refused_untouched(
    programme: Path, caplog: pytest.LogCaptureFixture
) -> None:
    before = folder_state(programme)
    assert "sen.lock" in before
    with read_only(programme), refusing_writes(), pytest.raises(StoreFailure) as raised:
        open_programme(programme)
    assert raised.value.reason == READ_ONLY_FOLDER
    assert raised.value.message.startswith(f"The data folder {programme} is read-only")
    assert folder_state(programme) == before  # not even the lock file's process id
    assert_no_personal_data(raised.value.message, caplog.text)


def test_a_read_only_folder_without_a_lock_file_is_refused_too(programme: Path) -> None:
    (programme / "sen.lock").unlink()
    before = folder_state(programme)
    with read_only(programme), refusing_writes(), pytest.raises(StoreFailure) as raised:
        open_programme(programme)
    assert raised.value.reason == READ_ONLY_FOLDER
    assert folder_state(programme) == before


def test_a_read_only_database_file_is_refused_not_called_damaged(programme: Path) -> None:
    path = programme / "sen.sqlite3"
    before = folder_state(programme)
    with read_only(path), refusing_writes(), pytest.raises(StoreFailure) as raised:
        open_database(path)
    assert raised.value.reason == READ_ONLY_FILE
    assert raised.value.message.startswith(f"The database file {path} is read-only")
    assert "damaged" not in raised.value.message
    assert folder_state(programme) == before


def test_a_full_disk_during_a_save_says_so_and_keeps_nothing_half_done(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    before = database_content(store.path)
    people = PeopleService(store.session_factory)
    with full_disk(store.engine, spare_pages=0), pytest.raises(StoreFailure) as raised:
        people.create(**PERSON, notes="A long note. " * 20_000)
    assert raised.value.reason == DISK_FULL
    assert raised.value.message.startswith(f"The disk holding {store.data_dir} is full")
    assert database_content(store.path) == before
    printed = "".join(traceback.format_exception(raised.value))  # as a crash would print
    assert_no_personal_data(raised.value.message, caplog.text, printed)


def test_a_transaction_that_fills_the_disk_leaves_no_write_ahead_log(store: Store) -> None:
    from sqlalchemy import event

    wal = store.path.with_name(store.path.name + "-wal")
    before = database_content(store.path)
    grown: list[int] = []
    # The log's size as the failed transaction is rolled back: its pages spilled there.
    event.listen(store.engine, "rollback", lambda _c: grown.append(wal.stat().st_size))
    with full_disk(store.engine, spare_pages=400), pytest.raises(StoreFailure) as raised, \
            store.session_factory.begin() as s:
        for n in range(2_000):  # about 10 MB: more than SQLite's cache holds
            s.add(Person(full_name=f"{PERSON['full_name']} {n}", email=PERSON["email"],
                         notes="x" * 5_000))
            if n % 200 == 0:
                s.flush()
    assert raised.value.reason == DISK_FULL
    assert max(grown) > 1_000_000
    assert wal.stat().st_size == 0  # emptied as the connection went back to the pool
    assert database_content(store.path) == before


def test_a_large_write_starts_from_an_empty_log(store: Store) -> None:
    wal = store.path.with_name(store.path.name + "-wal")
    add_person(store.session_factory)
    assert wal.stat().st_size > 0
    with store.db.large_write(needed=1024):
        assert wal.stat().st_size == 0  # what was committed before is in the file


def test_a_large_write_is_refused_up_front_when_the_disk_lacks_room(store: Store) -> None:
    from sen_desktop.core.store.failures import free_space

    ran = []
    with pytest.raises(StoreFailure) as raised, store.db.large_write(
        needed=free_space(store.data_dir) + 1
    ):
        ran.append(True)
    assert not ran and raised.value.reason == DISK_FULL


def test_a_committed_large_write_leaves_an_empty_log(store: Store) -> None:
    wal = store.path.with_name(store.path.name + "-wal")
    with store.db.large_write():
        add_person(store.session_factory)
        assert wal.stat().st_size > 0
    assert wal.stat().st_size == 0
    with store.session_factory() as s:
        assert s.scalar(select(Person.email).where(Person.email == PERSON["email"]))


def test_another_programs_lock_is_named_after_the_busy_timeout(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)  # the test need not wait 5 s
    path = data_dir / "sen.sqlite3"
    with open_database(path) as db:
        before = database_content(path)
        with held_by_another_program(path), pytest.raises(StoreFailure) as raised:
            add_person(db.session_factory)
        assert raised.value.reason == LOCKED
        assert raised.value.message.startswith(f"Another program is using the database {path}")
        assert database_content(path) == before
        add_person(db.session_factory)  # once the other program lets go, saving works
    assert_no_personal_data(raised.value.message, caplog.text)


def test_a_new_data_folder_in_a_read_only_folder_names_that_folder(tmp_path: Path) -> None:
    parent = tmp_path / "shared"
    parent.mkdir()
    with read_only(parent), refusing_writes(), pytest.raises(StoreFailure) as raised:
        open_programme(parent / "SEN Secretariat")
    assert raised.value.reason == READ_ONLY_FOLDER
    assert raised.value.message.startswith(f"The folder {parent} is read-only")
    assert not any(parent.iterdir())


def test_a_checkpoint_leaves_a_readers_snapshot_be_without_waiting_for_it(store: Store) -> None:
    import sqlite3
    import time

    wal = store.path.with_name(store.path.name + "-wal")
    add_person(store.session_factory)
    reader = sqlite3.connect(store.path)  # as the daily backup's snapshot does
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM person").fetchall()
        add_person(store.session_factory)  # a page the reader's snapshot does not hold
        started = time.monotonic()
        assert store.db.checkpoint() is False  # held back, not an error
        assert time.monotonic() - started < database.BUSY_TIMEOUT_MS / 1000 / 2
    finally:
        reader.close()
    assert store.db.checkpoint() is True
    assert wal.stat().st_size == 0
