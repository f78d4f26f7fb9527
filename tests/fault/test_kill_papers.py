"""SIGKILL while ``sen-desktop paper minutes`` writes a Word paper (issue 14).

Before each run the minutes change, so each run writes a new version: the paper is
built, its version settled, its folder remembered, the file written to a temporary name
and renamed, and the version recorded. After a kill anywhere in that, the next start
finds a sound database, the paper's folder holds the paper (an earlier or this version,
whole) and nothing else, and a version reported written is recorded with the file's
fingerprint.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1]))

from demo_folders import build_demo_folder  # noqa: E402
from fault_helpers import (  # noqa: E402
    assert_no_litter,
    child_command,
    count_kills,
    describe,
    integrity_ok,
    kill_at_random,
    narrowed,
    next_start,
    tree,
)

if TYPE_CHECKING:
    from fault_helpers import KillRun

pytestmark = pytest.mark.slow

KILLS = 10
PAPER = "SG-minutes.docx"


def _draft_item(folder: Path) -> tuple[str, int]:
    """The first item of the Steering Group's latest held meeting whose minutes are not
    yet confirmed (so they can change), and that meeting's number."""
    connection = sqlite3.connect(folder / "sen.sqlite3")
    try:
        row = connection.execute(
            "SELECT agenda_item.id, meeting.number FROM agenda_item JOIN meeting ON "
            "meeting.id = agenda_item.meeting_id JOIN \"group\" ON \"group\".id = "
            "meeting.group_id WHERE \"group\".code = 'SG' AND agenda_item.deleted = 0 "
            "AND meeting.status NOT IN ('planned', 'confirmed') "
            "ORDER BY meeting.number DESC, agenda_item.position LIMIT 1"
        ).fetchone()
    finally:
        connection.close()
    return str(row[0]), int(row[1])


def _revise(folder: Path, item_id: str, n: int) -> None:
    from sen_desktop.core.minutes.service import MinutesService
    from sen_desktop.core.store.datafolder import open_programme

    db = open_programme(folder, daily_backup=False)
    try:
        MinutesService(db.session_factory).save_text(item_id, f"Revised discussion, round {n}.")
    finally:
        db.close()


def _recorded(folder: Path) -> dict[int, str]:
    """The minutes papers' recorded versions and the fingerprints of their files."""
    connection = sqlite3.connect(folder / "sen.sqlite3")
    try:
        rows = connection.execute(
            "SELECT version, sha256 FROM paper WHERE kind = 'minutes' AND confidential = 0"
        ).fetchall()
    finally:
        connection.close()
    return {int(version): str(digest) for version, digest in rows}


def test_a_killed_paper_is_whole_or_absent_and_leaves_nothing(tmp_path: Path) -> None:
    import docx

    folder = build_demo_folder(tmp_path / "data")
    out = tmp_path / "papers"
    out.mkdir()
    item_id, number = _draft_item(folder)
    keys = tmp_path / "keyring.json"
    keys.write_text("[]", encoding="utf-8")
    command = child_command("cli", keys, "--", "--data-dir", folder, "paper", "minutes",
                            "--meeting", f"SG/{number}", "--out", out / PAPER)

    _revise(folder, item_id, 0)
    timed = kill_at_random(command, None)
    assert timed.returncode == 0, timed.stderr
    assert timed.said("Wrote "), timed.lines
    next_start(folder)
    expected = tree(folder)
    window = (0.0, timed.ran_for * 1.1)
    rng = random.Random()
    runs: list[KillRun] = []
    while count_kills(runs) < KILLS:
        assert len(runs) < 3 * KILLS, f"the kills did not land: {describe(runs)}"
        _revise(folder, item_id, len(runs) + 1)
        run = kill_at_random(command, None, rng, window)
        runs.append(run)
        window = narrowed(window, run)
        next_start(folder)
        integrity_ok(folder)
        assert_no_litter(folder, expected, run.delay)
        assert tree(out) == {PAPER}, f"after a kill at {run.delay:.2f}s: {sorted(tree(out))}"
        data = (out / PAPER).read_bytes()
        docx.Document(str(out / PAPER))  # whole: Word's package opens
        recorded = _recorded(folder)
        for line in run.said("Wrote "):
            version = int(line.split("version ", 1)[1].split(",", 1)[0].rstrip(")"))
            assert recorded.get(version) == hashlib.sha256(data).hexdigest(), (
                f"version {version} was reported written but is not the one recorded"
            )
