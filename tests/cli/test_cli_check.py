"""`sen-desktop check` on a folder with no database: one line, nothing created, no store
loaded; a folder whose backups show it had one is a problem; one in another copy's hands
is refused as every command refuses it. (Folders holding a database: tests/cli/test_cli.py.)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sen_desktop.cli.check import check_folder, run_check
from sen_desktop.core.errors import StoreError
from sen_desktop.core.store.datafolder import DataFolder

if TYPE_CHECKING:
    from store_helpers import Store

REPO = Path(__file__).resolve().parents[2]


def test_a_new_folder_is_reported_and_left_as_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    never_made = tmp_path / "typo" / "data"
    assert run_check(argparse.Namespace(data_dir=never_made)) == 0
    line = capsys.readouterr().out
    assert line == (
        f"OK: no database in {never_made} yet, so nothing to check; SEN Secretariat creates "
        "one there when it first opens it.\n"
    )
    assert not (tmp_path / "typo").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert check_folder(empty)[0] == 0
    assert list(empty.iterdir()) == []


def test_a_folder_whose_backups_show_a_database_is_a_problem(tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    backups.mkdir()
    older = backups / "sen-2026-12-05-r0005.sqlite3"  # an older version's plain copy
    newer = backups / "sen-2026-12-06-101500-r0008-daily.sqlite3.zst"  # compressed
    older.write_bytes(b"copy")
    newer.write_bytes(b"copy")
    os.utime(older, (1_000_000, 1_000_000))
    code, line = check_folder(tmp_path)
    assert code == 1
    assert line.startswith(f"PROBLEM: there is no database in {tmp_path}, but {backups} holds")
    assert "the newest is sen-2026-12-06-101500-r0008-daily.sqlite3.zst" in line
    assert "restore it with sen-desktop restore" in line
    # Only plain copies (an older version's folder): still found.
    newer.unlink()
    assert "the newest is sen-2026-12-05-r0005.sqlite3" in check_folder(tmp_path)[1]


def test_a_folder_another_copy_holds_is_refused(tmp_path: Path) -> None:
    holder = DataFolder(tmp_path)
    holder.lock()
    try:
        with pytest.raises(StoreError, match="already using the data folder"):
            check_folder(tmp_path)
    finally:
        holder.unlock()
    assert check_folder(tmp_path)[0] == 0  # free again


def test_a_file_given_as_the_folder_is_refused(tmp_path: Path) -> None:
    note = tmp_path / "notes.txt"
    note.write_text("not a folder")
    with pytest.raises(StoreError, match="is a file, not a folder"):
        check_folder(note)


def test_a_folder_with_a_database_is_checked_through(store: Store) -> None:
    store.db.close()  # as if the window had closed
    code, line = check_folder(store.data_dir)
    assert code == 0
    assert line.startswith("OK: 6 groups, 68 seats, 0 people, 12 milestones;")


def test_checking_a_new_folder_loads_no_store(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from sen_desktop.app import main\n"
        "code = main(['--data-dir', sys.argv[1], 'check'])\n"
        "heavy = sorted(m for m in ('sqlalchemy', 'alembic', 'PySide6') if m in sys.modules)\n"
        "assert not heavy, heavy\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "new")],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: no database")
