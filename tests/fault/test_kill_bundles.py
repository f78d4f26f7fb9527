"""SIGKILL during ``sen-desktop bundle import`` and ``bundle export`` (issue 14).

The lead has a few thousand people to send, so a bundle takes a second or two to write
or to merge, and each kill lands somewhere inside: reading, decrypting, staging, the
merge's one transaction, its commit, the checkpoint. After each kill the next start
finds a sound database; an import is all or nothing (and is there if it was reported);
an export leaves either a complete bundle that imports, or none; no temporary copy
is left in the data folder or beside the bundle.
"""

from __future__ import annotations

import json
import random
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "sync"))

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
from trust_helpers import Laptop, Programme, programme  # noqa: E402

if TYPE_CHECKING:
    from fault_helpers import KillRun

pytestmark = pytest.mark.slow

PEOPLE = 6000
IMPORT_KILLS = 10
EXPORT_KILLS = 10


class Exchange:
    """A lead with PEOPLE new people, its bundle of everything for the deputy, and each
    laptop's keys in a JSON file for the child's keyring."""

    def __init__(self, root: Path) -> None:
        from sen_desktop.core.store.models import Person

        self.root = root
        self.programme: Programme = programme(root)
        lead = self.programme.lead
        with lead.open() as db, db.session_factory.begin() as s:
            s.add_all(Person(full_name=f"Sent person {n}") for n in range(PEOPLE))
        self.bundle = root / "everything.senbundle"
        lead.export(self.bundle)
        self.keys = {key: self._keyring(laptop) for key, laptop in
                     self.programme.laptops.items()}

    def _keyring(self, laptop: Laptop) -> Path:
        path = self.root / f"{laptop.key}-keyring.json"
        secrets = [[s, u, p] for (s, u), p in laptop.secrets.secrets.items()]
        path.write_text(json.dumps(secrets), encoding="utf-8")
        return path

    def copy_of(self, key: str, where: Path) -> Path:
        """A fresh copy of a laptop's data folder (as trust_helpers copies its template)."""
        shutil.copytree(self.programme.laptops[key].folder, where,
                        ignore=shutil.ignore_patterns("sen.lock", "backups"))
        return where


@pytest.fixture(scope="module")
def exchange(tmp_path_factory: pytest.TempPathFactory) -> Exchange:
    return Exchange(tmp_path_factory.mktemp("exchange"))


def sent_people(folder: Path) -> int:
    import sqlite3

    connection = sqlite3.connect(folder / "sen.sqlite3")
    try:
        row = connection.execute(
            "SELECT count(*) FROM person WHERE full_name LIKE 'Sent person %'"
        ).fetchone()
    finally:
        connection.close()
    return int(row[0])


def _window(run: KillRun) -> tuple[float, float]:
    """From the start of the work to a little past where an unkilled run ended."""
    return (0.0, run.ran_for * 1.1)


def test_killed_imports_are_all_or_nothing(exchange: Exchange, tmp_path: Path) -> None:
    def import_into(folder: Path, delay: float | None, rng: random.Random | None) -> KillRun:
        command = child_command("cli", exchange.keys["deputy"], "--", "--data-dir", folder,
                                "bundle", "import", exchange.bundle)
        return kill_at_random(command, delay, rng, window)

    window = (0.0, 0.0)
    timed = import_into(exchange.copy_of("deputy", tmp_path / "timed"), None, None)
    assert timed.returncode == 0, timed.stderr
    assert timed.said("Imported "), timed.lines
    window = _window(timed)
    expected = tree(tmp_path / "timed")
    rng = random.Random()
    runs: list[KillRun] = []
    while count_kills(runs) < IMPORT_KILLS:
        assert len(runs) < 3 * IMPORT_KILLS, f"the kills did not land: {describe(runs)}"
        folder = exchange.copy_of("deputy", tmp_path / f"deputy-{len(runs)}")
        run = import_into(folder, None, rng)
        runs.append(run)
        window = narrowed(window, run)
        next_start(folder)
        integrity_ok(folder)
        got = sent_people(folder)
        if run.said("Imported "):
            assert got == PEOPLE, f"reported imported, but {got} of {PEOPLE} people are there"
        assert got in {0, PEOPLE}, (
            f"half an import after a kill at {run.delay:.2f}s: {got} of {PEOPLE} people"
        )
        assert_no_litter(folder, expected, run.delay)
        if run.killed and got == 0 and count_kills(runs) == IMPORT_KILLS:
            # A bundle whose import was killed imports at the next attempt.
            again = import_into(folder, None, None)
            assert again.returncode == 0, again.stderr
            assert sent_people(folder) == PEOPLE
        shutil.rmtree(folder)


def test_killed_exports_leave_a_whole_bundle_or_none(exchange: Exchange, tmp_path: Path) -> None:
    from sen_desktop.sync import exchange as sync_exchange

    def export_from(folder: Path, out: Path, rng: random.Random | None) -> KillRun:
        command = child_command("cli", exchange.keys["lead"], "--", "--data-dir", folder,
                                "bundle", "export", "--to", out / "everything.senbundle")
        return kill_at_random(command, None, rng, window)

    window = (0.0, 0.0)
    timed_out = tmp_path / "timed-out"
    timed_out.mkdir()
    timed = export_from(exchange.copy_of("lead", tmp_path / "timed"), timed_out, None)
    assert timed.returncode == 0, timed.stderr
    assert timed.said("Wrote "), timed.lines
    window = _window(timed)
    expected = tree(tmp_path / "timed")
    deputy = exchange.programme.deputy
    rng = random.Random()
    runs: list[KillRun] = []
    complete = 0
    while count_kills(runs) < EXPORT_KILLS:
        assert len(runs) < 3 * EXPORT_KILLS, f"the kills did not land: {describe(runs)}"
        folder = exchange.copy_of("lead", tmp_path / f"lead-{len(runs)}")
        out = tmp_path / f"out-{len(runs)}"
        out.mkdir()
        run = export_from(folder, out, rng)
        runs.append(run)
        window = narrowed(window, run)
        next_start(folder)
        integrity_ok(folder)
        assert_no_litter(folder, expected, run.delay)
        written = sorted(out.iterdir())
        if run.said("Wrote "):
            assert [p.name for p in written] == ["everything.senbundle"]
        assert [p.name for p in written] in ([], ["everything.senbundle"]), (
            f"after a kill at {run.delay:.2f}s the bundle's folder holds {written}"
        )
        if written:
            complete += 1
            # A bundle on disk is a whole one: the deputy reads every operation of it.
            with deputy.open() as db:
                preview = sync_exchange.import_bundle(
                    db.session_factory, written[0], deputy.trust(db), dry_run=True
                )
            assert preview.report is not None and preview.report.new >= PEOPLE
        shutil.rmtree(folder)
        shutil.rmtree(out)
