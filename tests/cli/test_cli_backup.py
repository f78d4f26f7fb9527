"""`sen-desktop backup`: one line saying where the copy is and how big (exit 0), or one
sentence and exit 2 (no database, the folder in use, too little space, a damaged file),
leaving nothing behind. Called as the command line will (``add_backup_command`` on a
parser like the app's, errors caught as ``main`` does)."""

from __future__ import annotations

import argparse
import errno
import re
import shutil
import sqlite3
import sys
from collections import namedtuple
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sen_desktop.cli.backup import add_backup_command
from sen_desktop.core.errors import SenError
from sen_desktop.core.programme.laptop_settings import LaptopSettings, write_laptop_settings
from sen_desktop.core.store import backups
from sen_desktop.core.store.backup_files import megabytes
from sen_desktop.core.store.backups import expand_backup, list_backups
from sen_desktop.core.store.datafolder import DataFolder

if TYPE_CHECKING:
    from store_helpers import Store

DiskUsage = namedtuple("DiskUsage", "total used free")


def run(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], list[str]]:
    """(exit code, stdout lines, stderr lines) of `sen-desktop --data-dir DIR backup`."""
    parser = argparse.ArgumentParser(prog="sen-desktop")
    add_backup_command(parser.add_subparsers())
    args = parser.parse_args(["backup"])
    args.data_dir = data_dir
    try:
        code = int(args.command(args))
    except SenError as error:  # as app.main does: one line on stderr, exit 2
        print(f"sen-desktop: {' '.join(error.message.split())}", file=sys.stderr)
        code = 2
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


@pytest.fixture
def folder(store: Store) -> Path:
    """A data folder holding the seeded programme, closed (as when the window is not open)."""
    store.db.close()
    return Path(store.data_dir)


def test_backup_makes_a_compressed_copy_and_says_where_and_how_big(
    folder: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(folder, capsys)
    assert code == 0 and err == []
    (info,) = list_backups(folder / "sen.sqlite3", folder / "backups")
    assert info.kind == "manual" and info.compressed
    assert len(out) == 1
    match = re.fullmatch(
        r"Backed up the database to (.+) \((\d[\d,.]*) (KB|MB), compressed from "
        r"(\d[\d,.]*) (KB|MB)\)\.", out[0],
    )
    assert match is not None, out
    assert match[1] == str(info.path)
    assert f"{match[2]} {match[3]}" == megabytes(info.size)
    plain = (folder / "sen.sqlite3").stat().st_size
    assert f"compressed from {megabytes(plain)})" in out[0]
    restored = expand_backup(info.path, tmp_path / "restored.sqlite3")
    with sqlite3.connect(restored) as copy:
        assert copy.execute("SELECT count(*) FROM \"group\"").fetchone()[0] > 0
    copy.close()
    # The folder's lock was let go: the window could open it now.
    DataFolder(folder).lock()


def test_backup_goes_to_the_folder_chosen_in_settings(
    folder: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    chosen = tmp_path / "usb stick"
    chosen.mkdir()
    write_laptop_settings(folder, LaptopSettings(backup_folder=str(chosen)))
    code, out, _err = run(folder, capsys)
    assert code == 0 and str(chosen) in out[0]
    assert [p.suffix for p in chosen.iterdir()] == [".zst"]


def test_a_backup_folder_that_has_gone_is_one_sentence(
    folder: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    stick = tmp_path / "usb stick" / "backups"
    stick.mkdir(parents=True)
    write_laptop_settings(folder, LaptopSettings(backup_folder=str(stick)))
    shutil.rmtree(stick.parent)  # the stick is not plugged in
    code, out, err = run(folder, capsys)
    assert (code, out) == (2, [])
    assert err == [f"sen-desktop: No backup could be written to {stick}; check the folder is "
                   "there and can be written to, then try again."]
    assert not stick.parent.exists()  # not made on the laptop's own disk


@pytest.mark.parametrize("where", ["os", "sqlite"])
def test_a_disk_that_fills_during_the_copy_names_the_backups_disk(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    def fills(*_args: object, **_kwargs: object) -> object:
        if where == "os":
            raise OSError(errno.ENOSPC, "No space left on device")
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorcode = 13  # SQLITE_FULL, writing the copy
        raise error

    monkeypatch.setattr(backups, "copy_database", fills)
    code, out, err = run(folder, capsys)
    assert (code, out) == (2, [])
    assert err == [f"sen-desktop: The disk holding {folder / 'backups'} is full, so no backup "
                   "was written; free some space on it or choose another backup folder in "
                   "Settings, then try again."]
    assert list((folder / "backups").iterdir()) == []


def test_no_database_is_one_line_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "typo"
    code, out, err = run(missing, capsys)
    assert (code, out) == (2, [])
    assert err == [f"sen-desktop: There is no database in {missing} to back up; give the data "
                   "folder that holds sen.sqlite3 with --data-dir."]
    assert not missing.exists()


def test_a_folder_the_window_holds_is_refused(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    holder = DataFolder(folder)
    holder.lock()
    try:
        code, out, err = run(folder, capsys)
    finally:
        holder.unlock()
    assert (code, out) == (2, [])
    assert len(err) == 1 and "Another copy of SEN Secretariat is already using" in err[0]
    assert not (folder / "backups").exists()


def test_too_little_free_space_is_one_sentence_and_no_copy(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: DiskUsage(10**9, 10**9, 1_000))
    code, out, err = run(folder, capsys)
    assert (code, out) == (2, [])
    assert len(err) == 1
    assert err[0].startswith(
        f"sen-desktop: There is not enough free space in {folder / 'backups'} for a backup"
    )
    assert err[0].endswith("1 KB free); free some space there or choose another backup "
                           "folder in Settings, then try again.")
    assert not (folder / "backups").exists()


def test_a_damaged_database_is_refused_and_no_copy_is_kept(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = folder / "sen.sqlite3"
    with database.open("r+b") as file:
        file.seek(16)
        page = int.from_bytes(file.read(2), "big")
        pages = database.stat().st_size // page
        for n in range(2, pages):  # every page but the schema's: the tables' b-trees
            file.seek(n * page)
            file.write(b"\xde\xad" * (page // 2))
    code, out, err = run(folder, capsys)
    assert (code, out) == (2, [])
    assert len(err) == 1 and "is damaged" in err[0] and "restore the latest" in err[0]
    assert list((folder / "backups").glob("sen-*")) == []


def test_a_file_that_is_not_ours_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    with sqlite3.connect(folder / "sen.sqlite3") as other:
        other.execute("CREATE TABLE t (x)")
    other.close()
    code, out, err = run(folder, capsys)
    assert (code, out) == (2, [])
    assert err == [f"sen-desktop: The file {folder / 'sen.sqlite3'} is not a SEN Secretariat "
                   "database, so it was not backed up; check the folder given with --data-dir."]


def test_the_command_line_runs_it_with_exit_codes(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sen_desktop.app import main

    assert main(["--data-dir", str(folder), "backup"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"Backed up the database to {folder / 'backups'}") and err == ""
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: DiskUsage(10**9, 10**9, 0))
    assert main(["--data-dir", str(folder), "backup"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith("sen-desktop: There is not enough free space")
