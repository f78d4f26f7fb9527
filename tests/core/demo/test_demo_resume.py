"""demo-data killed part-way can be run again; a folder holding part of a demo is refused
in one sentence (issue 14)."""

from __future__ import annotations

import random
import shutil
import uuid
from typing import TYPE_CHECKING

import pytest
from litter_helpers import KILLED, killed_during
from sqlalchemy import func, select

from sen_desktop.app import build_parser, main
from sen_desktop.core.demo import service
from sen_desktop.core.store import models as m
from sen_desktop.core.store.datafolder import open_programme

if TYPE_CHECKING:
    from pathlib import Path

DEMO = ["demo-data", "--years", "1", "--from", "2010-09"]


@pytest.fixture
def seeded(_store_templates: dict[str, Path], tmp_path: Path) -> Path:
    """A data folder holding the seeded programme (copied: creating one takes seconds)."""
    folder = tmp_path / "demo"
    folder.mkdir()
    shutil.copyfile(_store_templates["seeded"], folder / "sen.sqlite3")
    return folder


def _counts(folder: Path) -> tuple[int, int]:
    """(meetings, people) in the data folder."""
    db = open_programme(folder, daily_backup=False)
    try:
        with db.session_factory() as s:
            meetings = s.scalar(select(func.count()).select_from(m.Meeting)) or 0
            people = s.scalar(select(func.count()).select_from(m.Person)) or 0
            return meetings, people
    finally:
        db.close()


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def _after(calls: int) -> object:
    """``when``: true from the ``calls``-th call on."""
    seen = [0]

    def when(*_args: object, **_kwargs: object) -> bool:
        seen[0] += 1
        return seen[0] >= calls

    return when


def test_a_killed_run_is_simply_run_again(
    seeded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A seeded folder with no meetings is what a run killed just after its first commit
    # (creating and seeding the folder) leaves: the "cannot be re-run" case.
    folder = seeded
    run = ["--data-dir", str(folder), *DEMO]
    for at, when in (
        # Part-way through the meetings: thousands of rows written, none committed.
        ((service, "insert_new_rows"), _after(8)),
        # The last step before the commit: every row written.
        ((service, "milestone_plan"), _after(1)),
    ):
        assert killed_during(lambda: main(run), at=at, when=when) == KILLED  # type: ignore[arg-type]
        assert _counts(folder)[0] == 0  # nothing of the demo is left half-written
    capsys.readouterr()
    assert main(run) == 0
    out, _err = capsys.readouterr()
    assert out.startswith("Created 72 meetings, ")
    assert _counts(folder)[0] == 72
    assert main(["--data-dir", str(folder), "check"]) == 0


def test_a_folder_holding_part_of_a_demo_is_refused_in_one_sentence(
    seeded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = seeded
    # A person the demo writes is there already, but no meetings: not what a killed run
    # leaves (it leaves nothing), but what a copied or hand-mended folder might hold.
    first_id = str(uuid.UUID(int=random.Random("sen-demo-ids:2010").getrandbits(128), version=4))
    db = open_programme(folder, daily_backup=False)
    try:
        with db.session_factory.begin() as s:
            s.add(m.Person(id=first_id, full_name="Already here"))
    finally:
        db.close()
    before = _counts(folder)
    assert main(["--data-dir", str(folder), *DEMO]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    line = _one_line(err)
    assert "already holds part of a demo programme" in line
    assert "use an empty data folder" in line
    assert "Traceback" not in err and "IntegrityError" not in err
    assert _counts(folder) == before


def test_the_demos_scale_is_not_the_windows(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `demo-data --scale K` once read as the window's --scale ("apply to --screenshot only").
    args = build_parser().parse_args(["demo-data", "--years", "1", "--scale", "3"])
    assert args.demo_scale == 3 and args.scale == 1.0
    assert main(["--data-dir", str(data_dir / "new"), "demo-data", "--years", "1",
                 "--scale", "0"]) == 2
    assert "The scale must be a whole number" in _one_line(capsys.readouterr().err)
    assert not (data_dir / "new").exists()


def test_a_disk_too_small_for_the_demo_is_refused_before_anything_is_written(
    seeded: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sen_desktop.core.store import failures

    before = _counts(seeded)
    # 50 MB free: a year of demo data needs about 30 MB and the store keeps a reserve.
    monkeypatch.setattr(failures, "free_space", lambda _folder: 50 * 1024 * 1024)
    assert main(["--data-dir", str(seeded), "demo-data", "--years", "2"]) == 2
    line = _one_line(capsys.readouterr().err)
    assert "free" in line and "nothing was changed" in line
    assert _counts(seeded) == before
