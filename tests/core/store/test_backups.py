"""Backups on disk: compressed copies that expand to the same database, their names and
listing (old plain copies too), the free-space refusal, the key file beside them, and
rotation as the folder sees it (the rule itself: test_backup_rotation.py)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from collections import namedtuple
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sen_desktop.core.errors import StoreError
from sen_desktop.core.programme.laptop_settings import (
    LaptopSettings,
    write_laptop_settings,
)
from sen_desktop.core.progress import Cancelled, Progress
from sen_desktop.core.store import backup_files, backups
from sen_desktop.core.store.backups import (
    BackupInfo,
    Damaged,
    NotEnoughSpace,
    daily_backup,
    daily_backups,
    expand_backup,
    has_daily_backup,
    key_copy_for,
    list_backups,
    make_backup,
)
from sen_desktop.core.store.database import SCHEMA_REVISION
from sen_desktop.core.store.models import Person

if TYPE_CHECKING:
    from store_helpers import Store

DiskUsage = namedtuple("DiskUsage", "total used free")


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def set_time(path: Path, when: dt.datetime) -> None:
    os.utime(path, (when.timestamp(), when.timestamp()))


def people(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT full_name FROM person ORDER BY full_name")
        return [row[0] for row in rows]


@pytest.fixture
def database(empty_store: Store) -> Path:
    """A closed store in the test's data folder with people whose names repeat."""
    with empty_store.db.session_factory.begin() as s:
        s.add_all(Person(full_name=f"Person number {n} of the County") for n in range(40))
    empty_store.db.close()
    return Path(empty_store.db.path)


def test_a_backup_is_compressed_and_expands_to_the_same_database(
    database: Path, tmp_path: Path
) -> None:
    folder = database.parent / "backups"
    reports: list[str] = []
    info = make_backup(database, folder, kind="manual", revision=SCHEMA_REVISION,
                       progress=Progress(lambda _d, _t, label: reports.append(label)))
    assert info.kind == "manual" and info.compressed and info.revision == SCHEMA_REVISION
    assert info.path.parent == folder and info.path.name.endswith("-manual.sqlite3.zst")
    assert info.path.name.startswith(f"sen-{dt.date.today().isoformat()}-")
    assert info.size == info.path.stat().st_size < database.stat().st_size / 3
    assert info.path.read_bytes()[:4] == b"\x28\xb5\x2f\xfd"  # a zstandard frame
    # No intermediate or temporary file is left beside it.
    assert names(folder) == [info.path.name]
    assert "Copying the database" in reports and "Compressing the backup" in reports
    assert list_backups(database, folder) == [info]
    restored = expand_backup(info.path, tmp_path / "restored.sqlite3")
    assert people(restored) == people(database)
    assert names(tmp_path) == ["data", "restored.sqlite3"]


def test_an_old_plain_copy_is_listed_and_expands_as_a_copy(
    database: Path, tmp_path: Path
) -> None:
    folder = database.parent / "backups"
    folder.mkdir()
    old_daily = folder / "sen-2026-11-30-r0006.sqlite3"
    old_before = folder / "sen-2026-11-29-101500-r0005-before-migration.sqlite3"
    for old in (old_daily, old_before):
        shutil.copyfile(database, old)
    set_time(old_daily, dt.datetime(2026, 11, 30, 9))
    set_time(old_before, dt.datetime(2026, 11, 29, 10, 15))
    (folder / "notes.txt").write_text("not a backup")
    (folder / "other-2026-11-30-r0006.sqlite3").write_bytes(b"another database's")
    found = list_backups(database, folder)
    assert [(b.path, b.kind, b.revision, b.compressed) for b in found] == [
        (old_daily, "daily", "0006", False),
        (old_before, "before-migration", "0005", False),
    ]
    assert found[0].taken == dt.datetime(2026, 11, 30, 9).astimezone()
    assert daily_backups(database, folder) == [old_daily]
    restored = expand_backup(old_daily, tmp_path / "restored.sqlite3")
    assert people(restored) == people(database)


def test_a_raw_copy_of_a_live_file_expands_self_contained(
    database: Path, tmp_path: Path
) -> None:
    # A person's own copy of sen.sqlite3 (WAL mode, as the program keeps it), no -wal.
    raw = tmp_path / "usb" / "sen.sqlite3"
    raw.parent.mkdir()
    shutil.copyfile(database, raw)
    assert raw.read_bytes()[18] == 2
    restored = expand_backup(raw, tmp_path / "restored.sqlite3")
    assert names(tmp_path) == ["data", "restored.sqlite3", "usb"]
    assert restored.read_bytes()[18] == 1  # a rollback journal: opens with no -wal/-shm
    assert people(restored) == people(database)
    assert names(raw.parent) == ["sen.sqlite3"]


@pytest.mark.parametrize("damage", ["cut short", "a flipped byte", "not sqlite"])
def test_a_damaged_backup_expands_to_nothing(
    database: Path, tmp_path: Path, damage: str
) -> None:
    info = make_backup(database, database.parent / "backups", kind="manual",
                       revision=SCHEMA_REVISION)
    data = bytearray(info.path.read_bytes())
    if damage == "cut short":
        data = data[: len(data) - 3]  # only the checksum is missing
    elif damage == "a flipped byte":
        data[len(data) // 2] ^= 0xFF
    else:
        import zstandard

        data = bytearray(zstandard.ZstdCompressor().compress(b"x" * 5000))
    info.path.write_bytes(bytes(data))
    target = tmp_path / "restored.sqlite3"
    target.write_bytes(b"what was there")
    with pytest.raises(Damaged):
        expand_backup(info.path, target)
    assert target.read_bytes() == b"what was there"
    assert names(tmp_path) == ["data", "restored.sqlite3"]


def test_a_cancelled_expansion_leaves_nothing(database: Path, tmp_path: Path) -> None:
    info = make_backup(database, database.parent / "backups", kind="manual",
                       revision=SCHEMA_REVISION)
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        expand_backup(info.path, tmp_path / "restored.sqlite3", progress)
    assert names(tmp_path) == ["data"]


def test_too_little_free_space_attempts_no_copy(
    database: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    folder = database.parent / "backups"
    asked: list[str] = []

    def usage(path: str | os.PathLike[str]) -> DiskUsage:
        asked.append(str(path))
        return DiskUsage(10**12, 10**12 - 5_000_000, 5_000_000)

    monkeypatch.setattr(shutil, "disk_usage", usage)
    with pytest.raises(NotEnoughSpace) as refused:
        make_backup(database, folder, kind="manual", revision=SCHEMA_REVISION)
    message = refused.value.message
    assert message.startswith(f"There is not enough free space in {folder} for a backup")
    assert "5.0 MB free" in message and message.endswith("then try again.")
    assert ". " not in message  # one sentence
    assert isinstance(refused.value, StoreError)
    assert not folder.exists()  # not even the folder was made
    assert asked == [str(database.parent)]  # the folder's nearest existing parent
    assert "No backup of" in caplog.text and "5.0 MB free" in caplog.text
    # The daily backup logs it and lets the day's work go on.
    assert daily_backup(database, folder, at_open=True, verify=False,
                        revision=SCHEMA_REVISION) is None
    assert not folder.exists()
    # Before a migration the open is refused, saying why.
    taken_first = r"needs updating, but there is not enough free space in .* taken first"
    with pytest.raises(NotEnoughSpace, match=taken_first):
        backups.backup_before_migration(database, folder, "0006", verify=False)


def test_enough_free_space_for_the_plain_and_compressed_copies(
    database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = database.parent / "backups"
    needed = backup_files.space_needed(database, None)
    # The plain intermediate and a copy half its size, with a margin.
    assert needed > database.stat().st_size * 1.5 + backup_files.FREE_SPACE_SPARE_BYTES
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: DiskUsage(10**12, 0, needed))
    make_backup(database, folder, kind="manual", revision=SCHEMA_REVISION)
    # Once a compressed copy exists, its size is what the next one is expected to take:
    # exactly enough is enough, a byte less refuses.
    (first,) = list_backups(database, folder)
    again = backup_files.space_needed(database, first.size)
    assert database.stat().st_size + first.size < again < needed
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: DiskUsage(10**12, 0, again))
    make_backup(database, folder, kind="manual", revision=SCHEMA_REVISION)
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: DiskUsage(10**12, 0, again - 1))
    with pytest.raises(NotEnoughSpace):
        make_backup(database, folder, kind="manual", revision=SCHEMA_REVISION)
    assert len(list_backups(database, folder)) == 2


def test_a_stopped_backup_leaves_no_file(database: Path) -> None:
    folder = database.parent / "backups"
    progress = Progress(lambda _d, _t, label: progress.cancel()
                        if label == "Compressing the backup" else None)
    with pytest.raises(Cancelled):
        make_backup(database, folder, kind="manual", revision=SCHEMA_REVISION,
                    progress=progress)
    assert names(folder) == []


def test_a_failure_while_compressing_leaves_neither_copy(
    database: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    folder = database.parent / "backups"
    real = backup_files.compress_file

    def full_disk(plain: Path, target: Path, **kwargs: object) -> int:
        assert plain.exists()  # the intermediate was written
        real(plain, target, **kwargs)  # type: ignore[arg-type]
        target.unlink()
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups, "compress_file", full_disk)
    with pytest.raises(OSError, match="No space left"):
        make_backup(database, folder, kind="manual", revision=SCHEMA_REVISION)
    assert names(folder) == []
    # The daily copy logs it (the OS's words, no more) and lets the open go on.
    assert daily_backup(database, folder, at_open=True, verify=False,
                        revision=SCHEMA_REVISION) is None
    assert names(folder) == []
    assert "Daily backup of" in caplog.text and "OSError ENOSPC" in caplog.text


def test_the_daily_backup_is_compressed_once_a_day_and_clears_what_a_kill_left(
    database: Path,
) -> None:
    folder = database.parent / "backups"
    folder.mkdir()
    stale = [folder / "sen-2026-01-01-000000-r0007-daily.sqlite3.zst.plain",
             folder / "sen-2026-01-01-000000-r0007-daily.sqlite3.zst.partial",
             folder / "sen-2026-01-01-r0006.sqlite3.partial"]
    for path in stale:
        path.write_bytes(b"half")
    written = daily_backup(database, folder, at_open=True, verify=True,
                           revision=SCHEMA_REVISION)
    assert written is not None and written.name.endswith("-daily.sqlite3.zst")
    assert has_daily_backup(database, folder)
    assert daily_backup(database, folder, at_open=True, verify=True,
                        revision=SCHEMA_REVISION) is None
    assert names(folder) == [written.name]


def test_today_s_copy_survives_a_clock_behind_the_newest_backup(database: Path) -> None:
    # Seven daily copies dated in the future (the clock was ahead, then put right).
    folder = database.parent / "backups"
    folder.mkdir()
    future = dt.datetime.now() + dt.timedelta(days=40)
    for n in range(7):
        day = future + dt.timedelta(days=n)
        path = folder / f"sen-{day:%Y-%m-%d}-r0007.sqlite3"
        path.write_bytes(b"old plain copy")
        set_time(path, day)
    written = daily_backup(database, folder, at_open=True, verify=False,
                           revision=SCHEMA_REVISION)
    assert written is not None and written.exists()
    # Seven dailies still: today's and the six newest of the others.
    assert len(daily_backups(database, folder)) == 7
    # Started again: today's copy is there, so none is written and none removed.
    assert daily_backup(database, folder, at_open=True, verify=False,
                        revision=SCHEMA_REVISION) is None
    assert written.exists()


def test_rotation_keeps_dailies_weeklies_and_drops_old_before_migration_copies(
    database: Path,
) -> None:
    folder = database.parent / "backups"
    folder.mkdir()
    now = dt.datetime.now()
    made: dict[str, Path] = {}
    for days_ago in range(1, 60):
        when = now - dt.timedelta(days=days_ago)
        path = folder / f"sen-{when:%Y-%m-%d-%H%M%S}-r0007-daily.sqlite3.zst"
        path.write_bytes(b"z")
        set_time(path, when)
        made[f"d{days_ago}"] = path
    for days_ago in (5, 40):
        when = now - dt.timedelta(days=days_ago)
        path = folder / f"sen-{when:%Y-%m-%d-%H%M%S}-r0006-before-migration.sqlite3"
        path.write_bytes(b"plain")
        set_time(path, when)
        made[f"m{days_ago}"] = path
    written = make_backup(database, folder, kind="daily", revision=SCHEMA_REVISION)
    kept = list_backups(database, folder)
    regular = [b for b in kept if b.kind == "daily"]
    assert regular[0] == written
    assert len(regular) == 7 + 4
    assert [b.path for b in regular[1:7]] == [made[f"d{n}"] for n in range(1, 7)]
    assert made["m5"].exists() and not made["m40"].exists()


def test_the_size_bound_from_settings_removes_the_oldest_first(database: Path) -> None:
    folder = database.parent / "backups"
    folder.mkdir()
    now = dt.datetime.now()
    olds = []
    for days_ago in (1, 2, 3):
        when = now - dt.timedelta(days=days_ago)
        path = folder / f"sen-{when:%Y-%m-%d}-r0006.sqlite3"
        path.write_bytes(b"p" * 600_000)  # an old uncompressed copy
        set_time(path, when)
        olds.append(path)
    write_laptop_settings(database.parent, LaptopSettings(backup_limit_mb=1))
    written = make_backup(database, folder, kind="daily", revision=SCHEMA_REVISION)
    assert [b.path for b in list_backups(database, folder)] == [written.path, olds[0]]
    # Automatic again: ten times the newest copy's size keeps fewer old plain copies still.
    write_laptop_settings(database.parent, LaptopSettings(backup_limit_mb=0))
    backups.rotate(database, folder)
    assert [b.path for b in list_backups(database, folder)] == [written.path]


def test_the_key_file_is_copied_once_per_change(database: Path) -> None:
    folder = database.parent / "backups"
    key = database.parent / backup_files.KEY_FILE_NAME
    key.write_bytes(b"age-encryption.org/v1 sealed one")
    first = make_backup(database, folder, kind="manual", revision=SCHEMA_REVISION)
    second = make_backup(database, folder, kind="manual", revision=SCHEMA_REVISION)
    copies = backup_files.key_copies(folder)
    assert len(copies) == 1 and copies[0].read_bytes() == key.read_bytes()
    assert copies[0].stat().st_mode & 0o777 == 0o600
    set_time(copies[0], first.taken.replace(tzinfo=None) - dt.timedelta(seconds=1))
    key.write_bytes(b"age-encryption.org/v1 sealed two")
    third = make_backup(database, folder, kind="manual", revision=SCHEMA_REVISION)
    copies = backup_files.key_copies(folder)
    assert [c.read_bytes()[-3:] for c in copies] == [b"two", b"one"]
    # Each backup finds the key file as it stood when the backup was taken.
    assert key_copy_for(second.taken, folder) == copies[1]
    assert key_copy_for(third.taken, folder) == copies[0]
    assert key_copy_for(first.taken - dt.timedelta(days=1), folder) == copies[1]
    assert key_copy_for(third.taken, database.parent / "none") is None


def test_the_key_file_name_is_the_sync_layer_s() -> None:
    from sen_desktop.sync.identity import KEY_FILE_NAME

    assert backup_files.KEY_FILE_NAME == KEY_FILE_NAME


@pytest.mark.parametrize(
    ("size", "words"),
    [(0, "0 KB"), (850_400, "850 KB"), (999_499, "999 KB"), (999_999, "1.0 MB"),
     (3_123_495, "3.1 MB"), (34_900_000, "35 MB"), (2_900_000_000, "2,900 MB")],
)
def test_sizes_read_as_a_file_manager_shows_them(size: int, words: str) -> None:
    assert backup_files.megabytes(size) == words


def test_backup_info_is_what_the_restore_reads(database: Path) -> None:
    info = make_backup(database, database.parent / "backups", kind="before-migration",
                       revision="0006")
    assert isinstance(info, BackupInfo)
    assert info.taken.tzinfo is not None
    assert abs((dt.datetime.now().astimezone() - info.taken).total_seconds()) < 60
    with pytest.raises(ValueError, match="unknown kind"):
        make_backup(database, database.parent / "backups", kind="hourly", revision="0007")
