"""Restoring the database from a backup (core/store/restore.py): the database in use is
kept aside with its -wal, no sidecar of it stays beside the restored copy, the fence is
handed the restored database, and every refusal changes nothing (issue 14, "Restore")."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sen_desktop.core.errors import StoreError
from sen_desktop.core.progress import Cancelled, Progress
from sen_desktop.core.store import restore as restore_module
from sen_desktop.core.store.backup_files import KEY_FILE_NAME
from sen_desktop.core.store.backups import BackupInfo, list_backups, make_backup
from sen_desktop.core.store.database import SCHEMA_REVISION, open_database
from sen_desktop.core.store.datafolder import DataFolder
from sen_desktop.core.store.models import Person
from sen_desktop.core.store.restore import ASIDE_MARK, SCRATCH_SUFFIX, restore

if TYPE_CHECKING:
    from store_helpers import Store

    from sen_desktop.core.store.database import Database

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


class Fence:
    """A stand-in for sync's fence: records what it was handed, answers a site."""

    def __init__(self) -> None:
        self.people: list[set[str]] = []

    def __call__(self, db: Database) -> str:
        with db.session_factory() as session:
            self.people.append({p.full_name for p in session.query(Person)})
        return "new-site"


def add_person(store: Store, name: str) -> None:
    with store.session_factory.begin() as session:
        session.add(Person(full_name=name))


def names_in(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {row[0] for row in connection.execute("SELECT full_name FROM person")}


def names_in_file_alone(path: Path) -> set[str]:
    """The names the database file holds without its -wal (a copy of the file alone)."""
    alone = path.with_name("alone-" + path.name)
    shutil.copyfile(path, alone)
    try:
        return names_in(alone)
    finally:
        for suffix in ("", "-wal", "-shm"):
            alone.with_name(alone.name + suffix).unlink(missing_ok=True)


def folder_state(folder: Path) -> dict[str, str]:
    """Every file in the folder (not the lock) and its bytes' hash."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "sen.lock"
    }


def backup_of(store: Store) -> BackupInfo:
    return make_backup(store.path, store.data_dir / "backups", kind="manual",
                       revision=SCHEMA_REVISION)


def crash_left_wal(store: Store, name: str) -> bytes:
    """Close the store as a crash would leave it: ``name`` committed only in the -wal."""
    wal = store.path.with_name(store.path.name + "-wal")
    shm = store.path.with_name(store.path.name + "-shm")
    with store.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    add_person(store, name)  # in the -wal only: far below the automatic checkpoint
    kept: tuple[bytes, bytes, bytes] = (store.path.read_bytes(), wal.read_bytes(),
                                        shm.read_bytes())
    assert kept[1] and name not in names_in_file_alone(store.path)
    store.db.close()  # a clean close checkpoints and removes the -wal: undo that
    store.path.write_bytes(kept[0])
    wal.write_bytes(kept[1])
    shm.write_bytes(kept[2])
    return kept[1]


def test_restore_keeps_the_database_aside_whole(store: Store) -> None:
    add_person(store, "Ada Before")
    backup = backup_of(store)
    crash_left_wal(store, "Bea After")
    fence = Fence()

    outcome = restore(store.data_dir, backup, fence=fence)

    # The restored copy is in place, alone: the old -wal and -shm are not beside it.
    for side in ("-wal", "-shm", "-journal", SCRATCH_SUFFIX):
        assert not store.path.with_name(store.path.name + side).exists()
    assert names_in(store.path) >= {"Ada Before"} and "Bea After" not in names_in(store.path)
    # The database in use before is kept, whole: its -wal was folded into the file.
    kept = outcome.kept_aside
    assert kept is not None and kept.parent == store.data_dir
    assert kept.name.startswith(store.path.name + ASIDE_MARK)
    assert not kept.with_name(kept.name + "-wal").exists()
    assert "Bea After" in names_in_file_alone(kept)
    # The fence was handed the restored database; the outcome says what happens next.
    assert fence.people == [names_in(store.path)]
    assert outcome.new_site == "new-site" and not outcome.migrated
    assert outcome.backup == backup.path and outcome.taken == backup.taken
    assert str(kept) in outcome.summary()
    assert "next" in outcome.next_steps() and "lost" in outcome.next_steps()
    with open_database(store.path, daily_backup=False) as db, db.session_factory() as s:
        assert "Ada Before" in {p.full_name for p in s.query(Person)}


def test_a_wal_that_cannot_be_folded_in_goes_aside_with_its_file(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A damaged database may refuse the checkpoint: its -wal then moves with it, under
    the kept copy's name, so the copy kept still opens with its last changes."""
    monkeypatch.setattr(restore_module, "_checkpoint", lambda _database: None)
    backup = backup_of(store)
    wal_bytes = crash_left_wal(store, "Bea After")
    outcome = restore(store.data_dir, backup, fence=Fence())
    for side in ("-wal", "-shm"):
        assert not store.path.with_name(store.path.name + side).exists()
    kept = outcome.kept_aside
    assert kept is not None
    assert kept.with_name(kept.name + "-wal").read_bytes() == wal_bytes
    assert "Bea After" not in names_in_file_alone(kept)
    assert "Bea After" in names_in(kept)


def test_a_restore_with_a_crash_left_wal_opens_clean(store: Store) -> None:
    """The bug of issue 14: a -wal a crash left beside the old file made the restored
    copy read as damaged until someone deleted it."""
    backup = backup_of(store)
    crash_left_wal(store, "Bea After")
    restore(store.data_dir, backup, fence=Fence())
    check = sqlite3.connect(store.path)
    try:
        assert check.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    finally:
        check.close()
    open_database(store.path, daily_backup=False).close()


def test_a_backup_chosen_by_path_and_an_older_schema_migrates(store: Store) -> None:
    store.db.close()
    older = FIXTURES / "schema-0007.sqlite3"
    copy = store.data_dir.parent / "from-usb" / "sen-copy.sqlite3"
    copy.parent.mkdir()
    shutil.copyfile(older, copy)
    outcome = restore(store.data_dir, copy, fence=Fence())
    assert outcome.revision == "0007" and outcome.migrated == (SCHEMA_REVISION != "0007")
    with sqlite3.connect(store.path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (SCHEMA_REVISION,)
        ]
    assert copy.exists()  # the backup itself is never touched


def test_a_damaged_backup_is_refused_and_nothing_changes(store: Store) -> None:
    add_person(store, "Ada Before")
    backup = backup_of(store)
    add_person(store, "Bea After")
    store.db.close()
    data = bytearray(backup.path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)
    backup.path.write_bytes(bytes(data))
    before = folder_state(store.data_dir)
    fence = Fence()

    with pytest.raises(StoreError, match="is damaged, so nothing was restored"):
        restore(store.data_dir, backup, fence=fence)

    assert folder_state(store.data_dir) == before
    assert fence.people == []
    assert "Bea After" in names_in(store.path)


def _plain_backup(store: Store, edit: str) -> Path:
    """A plain copy (an older version's name) of the store, changed by ``edit``."""
    store.db.close()
    target: Path = store.data_dir / "backups" / "sen-2026-12-01-r0007.sqlite3"
    target.parent.mkdir(exist_ok=True)
    shutil.copyfile(store.path, target)
    with sqlite3.connect(target) as connection:
        connection.execute(edit)
    connection.close()
    return target


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        ("UPDATE alembic_version SET version_num = '9999'",
         "made by a newer version of SEN Secretariat (schema 9999); install that version"),
        ("DROP TABLE alembic_version", "is not a backup of a SEN Secretariat database"),
    ],
)
def test_a_backup_this_version_cannot_take_is_refused(
    store: Store, edit: str, words: str
) -> None:
    backup = _plain_backup(store, edit)
    assert [b.path for b in list_backups(store.path, store.data_dir / "backups")] == [backup]
    before = folder_state(store.data_dir)
    with pytest.raises(StoreError, match=words.replace("(", r"\(").replace(")", r"\)")):
        restore(store.data_dir, backup, fence=Fence())
    assert folder_state(store.data_dir) == before


def test_refused_while_another_copy_has_the_folder(store: Store) -> None:
    backup = backup_of(store)
    store.db.close()
    other = DataFolder(store.data_dir)
    other.lock()
    try:
        before = folder_state(store.data_dir)
        with pytest.raises(StoreError, match="Another copy of SEN Secretariat is already using"):
            restore(store.data_dir, backup, fence=Fence())
        assert folder_state(store.data_dir) == before
    finally:
        other.unlock()


def test_a_missing_backup_is_named(store: Store) -> None:
    store.db.close()
    missing = store.data_dir / "backups" / "sen-nothing.sqlite3.zst"
    with pytest.raises(StoreError, match=f"There is no backup at {missing}"):
        restore(store.data_dir, missing, fence=Fence())


def test_cancel_before_the_swap_changes_nothing(store: Store) -> None:
    backup = backup_of(store)
    add_person(store, "Bea After")
    store.db.close()
    before = folder_state(store.data_dir)
    steps: list[str] = []

    def cancel_while_reading(done: int, total: int, label: str) -> None:
        steps.append(label)
        progress.cancel()

    progress = Progress(cancel_while_reading)
    with pytest.raises(Cancelled):
        restore(store.data_dir, backup, progress, fence=Fence())
    assert steps and folder_state(store.data_dir) == before


def test_the_key_file_comes_back_when_missing(store: Store) -> None:
    sealed = os.urandom(300)
    key_file = store.data_dir / KEY_FILE_NAME
    key_file.write_bytes(sealed)
    backup = backup_of(store)  # copies the key file beside the backups
    store.db.close()
    key_file.unlink()
    outcome = restore(store.data_dir, backup, fence=Fence())
    assert outcome.key_file == key_file and key_file.read_bytes() == sealed
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert "key file was put back" in outcome.summary()
    # Present already: left alone.
    key_file.write_bytes(b"newer keys")
    assert restore(store.data_dir, backup, fence=Fence()).key_file is None
    assert key_file.read_bytes() == b"newer keys"


def test_a_laptop_that_does_not_exchange_is_told_what_is_lost(store: Store) -> None:
    backup = backup_of(store)
    store.db.close()
    outcome = restore(store.data_dir, backup, fence=lambda _db: None)
    assert outcome.new_site is None
    assert "not in the restored copy" in outcome.next_steps()


def test_a_folder_with_backups_but_no_database_is_restored(store: Store) -> None:
    """What `sen-desktop check` sends a secretary to: the database file is gone."""
    add_person(store, "Ada Before")
    backup = backup_of(store)
    store.db.close()
    for side in ("", "-wal", "-shm"):
        store.path.with_name(store.path.name + side).unlink(missing_ok=True)
    outcome = restore(store.data_dir, backup, fence=Fence())
    assert outcome.kept_aside is None
    assert "kept as" not in outcome.summary()
    assert "Ada Before" in names_in(store.path)
    assert not [p for p in store.data_dir.iterdir() if ASIDE_MARK in p.name]


def test_a_swap_killed_part_way_is_undone_at_the_next_start(store: Store) -> None:
    """Killed after the live database got its before-restore name (and a -wal that would
    not fold in had moved to it), before the restored copy was renamed in."""
    from sen_desktop.core.store.litter import remove_litter

    backup = backup_of(store)
    wal_bytes = crash_left_wal(store, "Bea After")
    aside = store.path.with_name(store.path.name + ASIDE_MARK + "2026-12-07-120000")
    os.link(store.path, aside)
    os.replace(store.path.with_name(store.path.name + "-wal"),
               aside.with_name(aside.name + "-wal"))
    # A restore that finished earlier: its kept copy is another file, the person's.
    finished = store.path.with_name(store.path.name + ASIDE_MARK + "2026-12-01-090000")
    shutil.copyfile(store.path, finished)

    assert aside in remove_litter(store.data_dir)

    assert not aside.exists() and not aside.with_name(aside.name + "-wal").exists()
    assert store.path.with_name(store.path.name + "-wal").read_bytes() == wal_bytes
    assert "Bea After" in names_in(store.path)  # the database in use, whole
    assert finished.exists()
    restore(store.data_dir, backup, fence=Fence())  # and a restore works after it


def test_without_hard_links_the_kept_copy_is_a_whole_copy(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_person(store, "Ada Before")
    backup = backup_of(store)
    add_person(store, "Bea After")
    store.db.close()

    def no_links(_source: object, _target: object) -> None:
        raise OSError(1, "Operation not permitted")  # a FAT-formatted stick

    monkeypatch.setattr(os, "link", no_links)
    outcome = restore(store.data_dir, backup, fence=Fence())
    kept = outcome.kept_aside
    assert kept is not None and not kept.samefile(store.path)
    assert "Bea After" in names_in(kept) and "Bea After" not in names_in(store.path)
    assert not [p for p in store.data_dir.iterdir() if p.name.endswith(".tmp")]


def test_restoring_the_kept_copy_undoes_a_restore(store: Store) -> None:
    add_person(store, "Ada Before")
    backup = backup_of(store)
    add_person(store, "Bea After")
    store.db.close()
    first = restore(store.data_dir, backup, fence=Fence())
    assert first.kept_aside is not None and "Bea After" not in names_in(store.path)
    again = restore(store.data_dir, first.kept_aside, fence=Fence())
    assert "Bea After" in names_in(store.path)
    assert again.kept_aside is not None and again.kept_aside != first.kept_aside
    assert first.kept_aside.exists()  # restoring from a file never removes it
