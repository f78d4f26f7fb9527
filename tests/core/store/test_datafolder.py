"""The data folder: default location, one writer at a time, and opening the programme."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, select

from sen_desktop.core.errors import StoreError
from sen_desktop.core.store.datafolder import DataFolder, default_data_dir, open_programme
from sen_desktop.core.store.models import Group

if TYPE_CHECKING:
    from collections.abc import Iterator

REPO = Path(__file__).resolve().parents[3]

HOLD_LOCK = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "from sen_desktop.core.store.datafolder import DataFolder\n"
    "DataFolder(Path(sys.argv[1])).lock()\n"
    "print('locked', flush=True)\n"
    "time.sleep(120)\n"
)


@pytest.fixture
def holder(data_dir: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the data folder's lock until killed."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(data_dir)],
        cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.strip() == "locked", process.stderr.read() if process.stderr else ""
        yield process
    finally:
        process.kill()
        process.wait(timeout=30)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def test_the_default_folder_is_the_platform_user_data_folder() -> None:
    folder = default_data_dir()
    assert folder.name == "SEN Secretariat"
    # conftest points XDG_DATA_HOME into the test's temporary home.
    if sys.platform.startswith("linux"):
        assert folder.parent == Path(os.environ["XDG_DATA_HOME"])


def test_a_data_folder_is_created_with_its_paths(tmp_path: Path) -> None:
    folder = DataFolder(tmp_path / "a" / "b")
    assert folder.path.is_dir()
    assert folder.database_path == folder.path / "sen.sqlite3"
    assert folder.backups_dir == folder.path / "backups"


def test_backups_go_to_the_folder_chosen_in_settings(tmp_path: Path) -> None:
    from sen_desktop.core.programme.laptop_settings import LaptopSettings, write_laptop_settings

    folder = DataFolder(tmp_path / "data")
    chosen = tmp_path / "usb-stick"
    write_laptop_settings(folder.path, LaptopSettings(backup_folder=str(chosen)))
    assert folder.backups_dir == chosen


def test_a_second_process_is_refused(data_dir: Path, holder: subprocess.Popen[str]) -> None:
    with pytest.raises(StoreError) as refused:
        DataFolder(data_dir).lock()
    assert refused.value.message == (
        f"Another copy of SEN Secretariat is already using the data folder {data_dir}. "
        "Close it first, or choose another folder with --data-dir."
    )


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_killed_holder_leaves_no_stale_lock(
    data_dir: Path, holder: subprocess.Popen[str]
) -> None:
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=30)
    folder = DataFolder(data_dir)
    folder.lock()
    assert folder.locked
    folder.unlock()


def test_the_lock_is_released_by_unlock(data_dir: Path) -> None:
    first = DataFolder(data_dir)
    first.lock()
    first.lock()  # taking it again is harmless
    with pytest.raises(StoreError, match="already using"):
        DataFolder(data_dir).lock()
    first.unlock()
    first.unlock()
    second = DataFolder(data_dir)
    second.lock()
    second.unlock()


def test_the_lock_outlives_a_forgotten_folder_object(data_dir: Path) -> None:
    # `DataFolder(path).lock()` without keeping the object must hold until exit.
    code = (
        "import gc, sys\n"
        "from pathlib import Path\n"
        "from sen_desktop.core.store.datafolder import DataFolder\n"
        "from sen_desktop.core.errors import StoreError\n"
        "DataFolder(Path(sys.argv[1])).lock()\n"
        "gc.collect()\n"
        "try:\n"
        "    DataFolder(Path(sys.argv[1])).lock()\n"
        "except StoreError:\n"
        "    print('still held')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(data_dir)],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.stdout.strip() == "still held", result.stderr


def test_open_programme_seeds_a_new_folder_and_holds_the_lock(data_dir: Path) -> None:
    db = open_programme(data_dir)
    try:
        assert db.created
        assert db.path == data_dir / "sen.sqlite3"
        with db.session_factory() as session:
            groups = session.scalar(select(func.count()).select_from(Group))
        assert groups == 6  # the Steering Group, four working groups, the reference group
        with pytest.raises(StoreError, match="already using"):
            open_programme(data_dir)
    finally:
        db.close()
    # Closing the database releases the folder.
    again = open_programme(data_dir)
    try:
        assert not again.created
        with again.session_factory() as session:
            assert session.scalar(select(func.count()).select_from(Group)) == groups
    finally:
        again.close()


def test_a_refused_database_releases_the_lock(data_dir: Path) -> None:
    (data_dir / "sen.sqlite3").write_text("not a database")
    with pytest.raises(StoreError, match="not an SQLite file"):
        open_programme(data_dir)
    folder = DataFolder(data_dir)
    folder.lock()
    folder.unlock()


def test_a_big_programmes_daily_backup_waits_for_the_caller(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sen_desktop.core.store import database

    open_programme(data_dir).close()
    monkeypatch.setattr(database, "SMALL_DATABASE_BYTES", 0)
    backups = data_dir / "backups"
    db = open_programme(data_dir)
    try:
        assert db.backups_dir == backups
        assert not backups.exists()
        assert db.daily_backup_due()
        assert db.start_daily_backup()
    finally:
        db.close()  # waits for the backup before it lets go of the folder
    thread = db._backup_thread
    assert thread is not None and not thread.is_alive()
    again = open_programme(data_dir)
    try:
        again.run_daily_backup()  # if closing stopped the first
        assert not again.daily_backup_due()
    finally:
        again.close()
    assert len(list(backups.glob("sen-*-daily.sqlite3.zst"))) == 1


def test_the_command_line_can_take_a_big_programmes_backup_at_open(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sen_desktop.core.store import database

    open_programme(data_dir).close()
    monkeypatch.setattr(database, "SMALL_DATABASE_BYTES", 0)
    db = open_programme(data_dir, daily_backup=True)
    try:
        assert not db.daily_backup_due()
    finally:
        db.close()
    assert len(list((data_dir / "backups").glob("sen-*-daily.sqlite3.zst"))) == 1


def test_a_cancelled_open_leaves_no_database_and_frees_the_folder(data_dir: Path) -> None:
    from sen_desktop.core.progress import Cancelled, Progress

    progress = Progress(lambda _done, _total, _label: progress.cancel())
    with pytest.raises(Cancelled):
        open_programme(data_dir, progress=progress)
    assert not (data_dir / "sen.sqlite3").exists()
    open_programme(data_dir).close()  # the lock was let go
