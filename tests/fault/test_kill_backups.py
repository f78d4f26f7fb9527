"""SIGKILL during ``sen-desktop backup`` and ``sen-desktop restore BACKUP --yes`` (issue 14).

A year of demo meetings is backed up; then people are added twice: a first set the
database file holds, and a second set only the write-ahead log holds, because the
program that saved them was killed (the crash-left ``-wal`` the issue names). So the
backup and the database in use differ, and the database in use is only whole with its
``-wal``. A killed backup leaves the database as it was (both sets), every finished
backup whole (it expands to a database that passes SQLite's check) and no partial copy.
A killed restore leaves either the database in use (both sets) or the restored copy
(neither) with the database that was in use kept aside, whole (both sets): never a mix,
never a damaged file, never a restore's scratch.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1]))

from demo_folders import build_demo_folder  # noqa: E402
from fault_helpers import (  # noqa: E402
    DATABASE,
    assert_no_litter,
    child_command,
    count_kills,
    describe,
    integrity_ok,
    kill_at_random,
    narrowed,
    next_start,
    record_aimed,
    tree,
)

if TYPE_CHECKING:
    from fault_helpers import KillRun

pytestmark = pytest.mark.slow

BACKUP_KILLS = 10
RESTORE_KILLS = 10
ADDED = 40  # people added after the backup, in the database file
IN_WAL = 25  # and more, only in the write-ahead log a killed program left
ADDED_NAME = "Added after the backup"
WAL_NAME = "Saved before a crash"
#: The database a restore keeps aside (core/store/restore.py ASIDE_MARK).
KEPT_ASIDE = f"{DATABASE}.before-restore-"


def _count(database: Path, prefix: str) -> int:
    connection = sqlite3.connect(database)
    try:
        row = connection.execute(
            "SELECT count(*) FROM person WHERE full_name LIKE ?", (f"{prefix} %",)
        ).fetchone()
    finally:
        connection.close()
    return int(row[0])


def _added(database: Path) -> tuple[int, int]:
    """How many of each set the database holds (reading its -wal, as SQLite does)."""
    return _count(database, ADDED_NAME), _count(database, WAL_NAME)


class Demo:
    """A demo folder with one manual backup, and people added since."""

    def __init__(self, root: Path) -> None:
        from sen_desktop.cli.backup import back_up_folder
        from sen_desktop.core.people.service import PeopleService
        from sen_desktop.core.store.datafolder import open_programme

        self.folder = build_demo_folder(root / "demo")
        self.backup = back_up_folder(self.folder)[0].path
        db = open_programme(self.folder, daily_backup=False)
        try:
            people = PeopleService(db.session_factory)
            for n in range(ADDED):
                people.create(f"{ADDED_NAME} {n}")
        finally:
            db.close()
        next_start(self.folder)
        crash = kill_at_random(child_command("add", self.folder, WAL_NAME, str(IN_WAL)), None,
                               until="added")  # a crash after saving: the -wal holds them
        assert crash.killed, crash.stderr
        assert (self.folder / f"{DATABASE}-wal").stat().st_size > 0
        self.keys = root / "keyring.json"
        self.keys.write_text("[]", encoding="utf-8")

    def copy_to(self, where: Path) -> Path:
        """A copy of the folder as the crash left it (with its -wal and -shm)."""
        shutil.copytree(self.folder, where, ignore=shutil.ignore_patterns("sen.lock"))
        return where


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    return Demo(tmp_path_factory.mktemp("backups"))


def _backups(folder: Path) -> set[Path]:
    return {p for p in (folder / "backups").iterdir() if not p.name.startswith(".")}


def _assert_whole_backup(backup: Path, scratch: Path) -> None:
    """The backup expands to a database SQLite finds sound, holding both sets."""
    from sen_desktop.core.store.backups import expand_backup

    expanded = expand_backup(backup, scratch / "expanded.sqlite3")
    try:
        integrity_ok_file(expanded)
        assert _added(expanded) == (ADDED, IN_WAL)
    finally:
        expanded.unlink()


def integrity_ok_file(database: Path) -> None:
    connection = sqlite3.connect(database)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        connection.close()


def _assert_one_whole_database(folder: Path, delay: float, *, reported: bool) -> None:
    """After a killed restore and the next start: the database in use as it was (both
    sets), or the restored copy (neither) with the one that was in use kept aside, whole."""
    added = _added(folder / DATABASE)
    assert added in {(0, 0), (ADDED, IN_WAL)}, (
        f"a mix after a kill at {delay:.2f}s: {added} of {(ADDED, IN_WAL)} added"
    )
    if reported:
        assert added == (0, 0), "reported restored, but the database in use is still there"
    kept = sorted(p for p in folder.iterdir() if p.name.startswith(KEPT_ASIDE)
                  and not p.name.endswith(("-wal", "-shm", "-journal")))
    if added == (0, 0):
        # Nothing is lost: the database that was in use is kept aside, whole.
        assert len(kept) == 1, f"after a kill at {delay:.2f}s: kept {kept}"
        integrity_ok_file(kept[0])
        assert _added(kept[0]) == (ADDED, IN_WAL)
    else:
        # Killed before the swap: at most the database's own name kept as a second
        # name of the very same file (the restore links it before the rename).
        for path in kept:
            assert path.samefile(folder / DATABASE), (
                f"after a kill at {delay:.2f}s, {path.name} is not the database in use"
            )


def test_a_killed_backup_leaves_the_database_and_whole_backups(
    demo: Demo, tmp_path: Path
) -> None:
    folder = demo.copy_to(tmp_path / "data")
    command = child_command("cli", demo.keys, "--", "--data-dir", folder, "backup")
    timed = kill_at_random(command, None)
    assert timed.returncode == 0, timed.stderr
    assert timed.said("Backed up the database to "), timed.lines
    next_start(folder)
    expected = tree(folder)
    window = (0.0, timed.ran_for * 1.1)
    rng = random.Random()
    runs: list[KillRun] = []
    while count_kills(runs) < BACKUP_KILLS:
        assert len(runs) < 3 * BACKUP_KILLS, f"the kills did not land: {describe(runs)}"
        before = _backups(folder)
        run = kill_at_random(command, None, rng, window)
        runs.append(run)
        window = narrowed(window, run)
        next_start(folder)
        integrity_ok(folder)
        assert _added(folder / DATABASE) == (ADDED, IN_WAL)
        assert_no_litter(folder, expected, run.delay)
        made = _backups(folder) - before
        for line in run.said("Backed up the database to "):
            reported = Path(line.removeprefix("Backed up the database to ").rsplit(" (", 1)[0])
            assert reported in made or reported.exists(), f"{reported} was reported written"
        for backup in made:
            if backup.name.endswith(".sqlite3.zst"):
                _assert_whole_backup(backup, tmp_path)


def test_a_killed_restore_leaves_one_whole_database_and_keeps_the_other(
    demo: Demo, tmp_path: Path
) -> None:
    def restore(folder: Path, rng: random.Random | None) -> KillRun:
        backup = folder / "backups" / demo.backup.name
        command = child_command("cli", demo.keys, "--", "--data-dir", folder, "restore",
                                backup, "--yes")
        return kill_at_random(command, None, rng, window)

    window = (0.0, 0.0)
    timed_folder = demo.copy_to(tmp_path / "timed")
    timed = restore(timed_folder, None)
    assert timed.returncode == 0, timed.stderr
    assert timed.said("Restored the backup taken "), timed.lines
    next_start(timed_folder)
    expected = tree(timed_folder)
    window = (0.0, timed.ran_for * 1.1)
    rng = random.Random()
    runs: list[KillRun] = []
    while count_kills(runs) < RESTORE_KILLS:
        assert len(runs) < 3 * RESTORE_KILLS, f"the kills did not land: {describe(runs)}"
        folder = demo.copy_to(tmp_path / f"data-{len(runs)}")
        run = restore(folder, rng)
        runs.append(run)
        window = narrowed(window, run)
        next_start(folder)
        integrity_ok(folder)
        _assert_one_whole_database(folder, run.delay, reported=bool(
            run.said("Restored the backup taken ")))
        expected_here = expected | {p.relative_to(folder).as_posix() for p in folder.iterdir()
                                    if p.name.startswith(KEPT_ASIDE)}
        assert_no_litter(folder, expected_here, run.delay)
        shutil.rmtree(folder)


#: Points around the swap where a kill is aimed (core/store/restore.py): before the
#: restore first opens the database in use (to fold its crash-left -wal into its file),
#: before that database gets its second name, before the restored copy is renamed into
#: its place, and before the old -shm goes (the copy is then neither opened nor fenced).
AIMED = {
    "checkpoint": ("connect", "sen.sqlite3"),
    "link": ("link", "sen.sqlite3"),
    "rename": ("replace", "sen.sqlite3.restoring"),
    "shm dropped": ("unlink", "sen.sqlite3-shm"),
}


@pytest.mark.parametrize("point", sorted(AIMED))
def test_a_restore_killed_inside_its_swap_loses_nothing(
    demo: Demo, tmp_path: Path, point: str
) -> None:
    import os

    from litter_helpers import KILLED, killed_during, named

    from sen_desktop.sync.fence import restore_laptop

    folder = demo.copy_to(tmp_path / "data")
    expected = tree(folder)
    backup = folder / "backups" / demo.backup.name
    name, pattern = AIMED[point]
    owner = {"unlink": Path, "connect": sqlite3}.get(name, os)
    ended = killed_during(lambda: restore_laptop(folder, backup), at=(owner, name),
                          when=named(pattern))
    assert ended == KILLED, f"the restore never reached {point}"
    record_aimed(f"restore at {point}")
    next_start(folder)
    integrity_ok(folder)
    _assert_one_whole_database(folder, 0.0, reported=False)
    assert_no_litter(folder, expected | {p.relative_to(folder).as_posix()
                                         for p in folder.iterdir()
                                         if p.name.startswith(KEPT_ASIDE)}, 0.0)
