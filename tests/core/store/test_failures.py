"""core/store/failures.py: real SQLite and OS failures become one sentence each.

Every error here is raised by SQLite or the kernel itself (a capped database, a second
connection's lock, a chmod honoured even by root: tests/failure_helpers.py), except the
ENOSPC injected where Python writes.
"""

from __future__ import annotations

import errno
import sqlite3
from typing import TYPE_CHECKING

import pytest
from failure_helpers import read_only, refusing_writes
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError, OperationalError

from sen_desktop.core.errors import StoreFailure
from sen_desktop.core.store import failures
from sen_desktop.core.store.failures import (
    DAMAGED,
    DISK_ERROR,
    DISK_FULL,
    LOCKED,
    READ_ONLY_FILE,
    READ_ONLY_FOLDER,
    describe_failure,
    ensure_free_space,
    failure_summary,
    safe_traceback,
    store_failure,
)

if TYPE_CHECKING:
    from pathlib import Path

SECRET = "philippa.quartermaine@example.org"


def caught(work: object) -> BaseException:
    try:
        work()  # type: ignore[operator]
    except BaseException as exc:  # noqa: BLE001 - the point is to look at it
        return exc
    raise AssertionError("nothing was raised")


def wal_database(path: Path) -> Path:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("CREATE TABLE person (name TEXT UNIQUE, email TEXT)")
    connection.execute("INSERT INTO person VALUES ('Someone', ?)", (SECRET,))
    connection.close()
    return path


def one_sentence(sentence: str | None, *names: object) -> str:
    assert sentence is not None
    assert "\n" not in sentence and sentence.endswith((".", "…)."))
    assert sentence[0].isupper()
    for name in names:
        assert str(name) in sentence
    for word in ("SELECT", "INSERT", "parameters", SECRET, "sqlite3.", "Error"):
        assert word not in sentence
    return sentence


def test_a_full_database_is_a_full_disk(tmp_path: Path) -> None:
    path = wal_database(tmp_path / "sen.sqlite3")
    connection = sqlite3.connect(path)
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count = {pages}")
    error = caught(lambda: connection.execute(
        "INSERT INTO person VALUES (?, ?)", ("x" * 100_000, SECRET)))
    connection.close()
    assert isinstance(error, sqlite3.OperationalError) and error.sqlite_errorname == "SQLITE_FULL"
    sentence = one_sentence(describe_failure(error, path=path), tmp_path)
    assert "is full" in sentence and "free some space" in sentence


def test_an_injected_enospc_names_the_disk_of_the_file_being_written(tmp_path: Path) -> None:
    target = tmp_path / "papers" / "minutes.docx"
    error = OSError(errno.ENOSPC, "No space left on device", str(target))
    failure = store_failure(error)
    assert failure is not None and failure.reason == DISK_FULL
    one_sentence(failure.message, target.parent)


def test_another_programs_lock_is_named(tmp_path: Path) -> None:
    path = wal_database(tmp_path / "sen.sqlite3")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        error = caught(lambda: other.execute("BEGIN IMMEDIATE"))
    finally:
        other.close()
        holder.close()
    failure = store_failure(error, path=path)
    assert failure is not None and failure.reason == LOCKED
    assert "Another program is using the database" in one_sentence(failure.message, path)


def test_a_file_that_is_not_a_database_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "sen.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    connection = sqlite3.connect(path)
    error = caught(lambda: connection.execute("SELECT * FROM sqlite_master").fetchall())
    connection.close()
    failure = store_failure(error, path=path)
    assert failure is not None and failure.reason == DAMAGED
    assert "restore the latest backup" in one_sentence(failure.message, path)


def test_a_read_only_database_file_is_told_from_a_read_only_folder(tmp_path: Path) -> None:
    path = wal_database(tmp_path / "sen.sqlite3")
    with read_only(path), refusing_writes():
        connection = sqlite3.connect(path)
        error = caught(lambda: connection.execute("INSERT INTO person VALUES ('b', 'c')"))
        connection.close()
        failure = store_failure(error, path=path)
    assert isinstance(error, sqlite3.OperationalError)
    assert error.sqlite_errorname.startswith("SQLITE_READONLY")
    assert failure is not None and failure.reason == READ_ONLY_FILE
    assert "The database file" in one_sentence(failure.message, path)


def test_a_read_only_folder_is_named_as_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = wal_database(folder / "sen.sqlite3")
    (folder / "sen.lock").write_text("1\n")
    with read_only(folder), refusing_writes():
        # SQLite must create the -shm and -wal files beside a WAL database to use it.
        connection = sqlite3.connect(path)
        error = caught(lambda: connection.execute("SELECT * FROM person").fetchall())
        connection.close()
        failure = store_failure(error, path=path)
        made = caught(lambda: (folder / "new").mkdir())
        made_failure = store_failure(made)
    assert failure is not None and failure.reason == READ_ONLY_FOLDER
    assert "The data folder" in one_sentence(failure.message, folder)
    # The kernel's own EACCES, naming a file not yet made: its folder is the read-only one.
    assert isinstance(made, PermissionError)
    assert made_failure is not None and made_failure.reason == READ_ONLY_FOLDER
    assert sorted(p.name for p in folder.iterdir()) == ["sen.lock", "sen.sqlite3"]


def test_an_io_error_with_space_to_spare_is_a_failing_disk(tmp_path: Path) -> None:
    error = OSError(errno.EIO, "Input/output error", str(tmp_path / "sen.sqlite3"))
    failure = store_failure(error)
    assert failure is not None and failure.reason == DISK_ERROR
    assert "could not be read or written" in one_sentence(failure.message, tmp_path)


def test_sqlalchemys_wrapping_is_looked_through_and_its_sql_left_out(tmp_path: Path) -> None:
    path = wal_database(tmp_path / "sen.sqlite3")
    engine = create_engine(f"sqlite:///{path}")  # a plain engine: SQLAlchemy's own error
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA busy_timeout = 0")
            error = caught(lambda: connection.execute(
                text("INSERT INTO person VALUES (:n, :e)"), {"n": "x", "e": SECRET}))
    finally:
        holder.close()
        engine.dispose()
    assert isinstance(error, OperationalError) and SECRET in str(error)
    one_sentence(describe_failure(error, path=path))
    assert SECRET not in failure_summary(error) and "INSERT" not in failure_summary(error)
    assert "SQLITE_BUSY" in failure_summary(error)
    logged = safe_traceback(error)
    assert "test_failures.py" in logged and SECRET not in logged and "INSERT" not in logged


@pytest.mark.parametrize(
    "error",
    [ValueError("bad"), KeyError("x"), sqlite3.OperationalError("no such table: person"),
     OSError(errno.ENOENT, "No such file or directory", "/nowhere/x")],
    ids=["value", "key", "no-such-table", "missing-file"],
)
def test_what_is_not_the_surroundings_is_left_alone(error: BaseException) -> None:
    assert describe_failure(error) is None


def test_a_broken_rule_is_a_bug_not_the_surroundings(tmp_path: Path) -> None:
    path = wal_database(tmp_path / "sen.sqlite3")
    connection = sqlite3.connect(path)
    error = caught(lambda: connection.execute("INSERT INTO person VALUES ('Someone', 'x')"))
    connection.close()
    assert isinstance(error, sqlite3.IntegrityError)
    assert describe_failure(error, path=path) is None


def test_the_store_engine_hides_bound_values(store: object) -> None:
    from sen_desktop.core.store.models import Seat

    db = store.db  # type: ignore[attr-defined]
    with pytest.raises(IntegrityError) as raised, db.session_factory.begin() as session:
        session.add(Seat(group_id="group-of-philippa", position=1, title="Chair"))
    assert "group-of-philippa" not in str(raised.value)


def test_free_space_is_checked_before_a_large_write(tmp_path: Path) -> None:
    ensure_free_space(tmp_path, 0)
    free = failures.free_space(tmp_path)
    with pytest.raises(StoreFailure) as raised:
        ensure_free_space(tmp_path / "not" / "yet", free)
    assert raised.value.reason == DISK_FULL
    one_sentence(raised.value.message, tmp_path)
    assert "nothing was changed" in raised.value.message


def test_our_own_read_only_connection_writing_is_a_bug_not_a_read_only_file(
    tmp_path: Path,
) -> None:
    path = wal_database(tmp_path / "sen.sqlite3")
    connection = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True)
    error = caught(lambda: connection.execute("INSERT INTO person VALUES ('b', 'c')"))
    connection.close()
    assert isinstance(error, sqlite3.OperationalError)
    assert error.sqlite_errorname.startswith("SQLITE_READONLY")
    assert describe_failure(error, path=path) is None  # file and folder can be written


def test_a_file_another_program_holds_on_windows_is_in_use_not_read_only(
    tmp_path: Path,
) -> None:
    # Windows says EACCES with winerror 32 (a sharing violation) for a file another
    # program has open; Python sets winerror there only, so it is set here by hand.
    paper = tmp_path / "minutes.docx"
    error = PermissionError(errno.EACCES, "The process cannot access the file", str(paper))
    error.winerror = 32  # type: ignore[attr-defined]
    failure = store_failure(error)
    assert failure is not None and failure.reason == LOCKED
    assert one_sentence(failure.message, paper).startswith(f"Another program has {paper} open")
