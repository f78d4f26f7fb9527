"""`sen-desktop restore [BACKUP]`, called as the command line will (``add_restore_command``
on a parser like the app's, errors caught as ``app.main`` does): the list, a restore by
number or path, the confirmation, and every refusal as one line with exit 2."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import sys
from typing import TYPE_CHECKING

import pytest

from sen_desktop.cli.restore import add_restore_command
from sen_desktop.core.errors import SenError
from sen_desktop.core.store.backups import BackupInfo, list_backups, make_backup
from sen_desktop.core.store.database import SCHEMA_REVISION
from sen_desktop.core.store.models import Person

if TYPE_CHECKING:
    from pathlib import Path

    from store_helpers import Store


def run(
    data_dir: Path, capsys: pytest.CaptureFixture[str], *argv: str
) -> tuple[int, list[str], list[str]]:
    """Exit code, stdout lines and stderr lines of ``sen-desktop restore …``."""
    parser = argparse.ArgumentParser(prog="sen-desktop")
    add_restore_command(parser.add_subparsers())
    args = parser.parse_args(["restore", *argv])
    args.data_dir = data_dir
    try:
        code = int(args.command(args))
    except SenError as error:  # as app.main does: one line, exit 2
        print(f"sen-desktop: {error.message}", file=sys.stderr)
        code = 2
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def add_person(store: Store, name: str) -> None:
    with store.session_factory.begin() as session:
        session.add(Person(full_name=name))


def names(store: Store) -> set[str]:
    with sqlite3.connect(store.path) as connection:
        return {row[0] for row in connection.execute("SELECT full_name FROM person")}


def backup_at(store: Store, hours_ago: int) -> BackupInfo:
    """A manual backup whose file time is ``hours_ago`` hours back."""
    info = make_backup(store.path, store.data_dir / "backups", kind="manual",
                       revision=SCHEMA_REVISION)
    when = (dt.datetime.now() - dt.timedelta(hours=hours_ago)).timestamp()
    os.utime(info.path, (when, when))
    return next(b for b in list_backups(store.path, info.path.parent) if b.path == info.path)


def two_backups(store: Store) -> tuple[BackupInfo, BackupInfo]:
    """An older backup holding "Ada Older" and a newer one with "Bea Newer" too; the
    database in use also has "Cy Latest"."""
    add_person(store, "Ada Older")
    older = backup_at(store, 5)
    add_person(store, "Bea Newer")
    newer = backup_at(store, 1)
    add_person(store, "Cy Latest")
    store.db.close()
    return older, newer


def test_no_backups_says_so(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(store.data_dir, capsys)
    assert code == 0
    assert out == [f"There are no backups in {store.data_dir / 'backups'} yet."]


def test_lists_backups_newest_first_with_date_kind_and_size(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    older, newer = two_backups(store)
    code, out, _ = run(store.data_dir, capsys)
    assert code == 0
    assert out[0] == f"Backups in {store.data_dir / 'backups'}, newest first:"
    assert out[1].split()[0] == "1" and out[1].endswith(newer.path.name)
    assert out[2].split()[0] == "2" and out[2].endswith(older.path.name)
    assert newer.taken.strftime("%Y-%m-%d %H:%M") in out[1] and "manual" in out[1]
    assert " KB " in out[1] or " MB " in out[1]
    assert out[-1] == "Restore one with: sen-desktop restore NUMBER"


def test_restores_by_number_with_yes(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    two_backups(store)
    code, out, err = run(store.data_dir, capsys, "2", "--yes")
    assert (code, err) == (0, [])
    assert names(store) >= {"Ada Older"} and not names(store) & {"Bea Newer", "Cy Latest"}
    assert out[0].startswith("Restored the backup taken on ")
    kept = next(p for p in store.data_dir.iterdir() if ".before-restore-" in p.name)
    assert str(kept) in out[0]
    # What happens next, on the line after (this laptop has not joined an exchange).
    assert len(out) == 2 and "not in the restored copy" in out[1]


def test_restores_a_path_after_yes_on_a_terminal(
    store: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    older, _newer = two_backups(store)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    asked: list[str] = []

    def say_yes(prompt: str) -> str:
        asked.append(prompt)
        return "y"

    monkeypatch.setattr("builtins.input", say_yes)
    code, out, _ = run(store.data_dir, capsys, str(older.path))
    assert code == 0 and asked == ["Restore? [y/N] "]
    assert out[0] == f"Restore {older.path.name}?"
    assert "kept aside" in out[1]
    assert "Bea Newer" not in names(store)


def test_no_at_the_prompt_changes_nothing(
    store: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    two_backups(store)
    before = store.path.read_bytes()
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _prompt: "")
    code, out, _ = run(store.data_dir, capsys, "1")
    assert code == 2 and out[-1] == "Nothing was restored."
    assert store.path.read_bytes() == before
    assert not [p for p in store.data_dir.iterdir() if ".before-restore-" in p.name]


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (("1",), "sen-desktop: Restoring replaces the database in use; add --yes to restore "
                 "without being asked."),
        (("7", "--yes"), "sen-desktop: There is no backup number 7 (there are 2); run "
                         "`sen-desktop restore` to list them."),
    ],
)
def test_refusals_are_one_line_and_exit_2(
    store: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    argv: tuple[str, ...], line: str,
) -> None:
    two_backups(store)
    before = store.path.read_bytes()
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert run(store.data_dir, capsys, *argv) == (2, [], [line])
    assert store.path.read_bytes() == before


def test_a_damaged_or_missing_backup_is_one_line(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    older, _newer = two_backups(store)
    before = store.path.read_bytes()
    older.path.write_bytes(older.path.read_bytes()[:200])
    os.utime(older.path, (older.taken.timestamp(), older.taken.timestamp()))  # still no. 2
    code, out, err = run(store.data_dir, capsys, "2", "--yes")
    assert (code, out) == (2, [])
    assert err == [f"sen-desktop: The backup {older.path.name} is damaged, so nothing was "
                   "restored; choose an older one."]
    missing = store.data_dir / "nowhere.sqlite3.zst"
    code, out, err = run(store.data_dir, capsys, str(missing), "--yes")
    assert code == 2 and len(err) == 1 and f"There is no backup at {missing}" in err[0]
    assert store.path.read_bytes() == before


def test_listing_an_empty_place_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nowhere = tmp_path / "no such folder"
    code, out, _ = run(nowhere, capsys)
    assert code == 0 and out == [f"There are no backups in {nowhere / 'backups'} yet."]
    assert not nowhere.exists()


def test_the_command_line_runs_it(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    """Through sen-desktop's own entry point: registered, one line and exit 2 on refusal."""
    from sen_desktop.app import main

    two_backups(store)
    assert main(["--data-dir", str(store.data_dir), "restore"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[-1] == "Restore one with: sen-desktop restore NUMBER"
    assert main(["--data-dir", str(store.data_dir), "restore", "9", "--yes"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == ["sen-desktop: There is no backup number 9 (there are 2); run `sen-desktop "
                   "restore` to list them."]
    assert main(["--data-dir", str(store.data_dir), "restore", "1", "--yes"]) == 0
    assert "Bea Newer" in names(store) and "Cy Latest" not in names(store)
