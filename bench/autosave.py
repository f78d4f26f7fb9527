"""Benchmark for autosave with durable commits (issue 14, "Durability").

The store commits with ``synchronous=FULL`` (``core/store/database.py`` ``SYNCHRONOUS``):
a commit returns once it is on the disk, so a power cut cannot undo a change that was
reported saved or already exported. The cost lands on autosave, which saves a minute's
text after every pause in typing: one ``MinutesService.save_text`` (a transaction that
reads the item, writes the entry and its operation-log line, and commits). It runs on
the worker thread, never the UI thread, but must stay within a frame (16 ms) all the
same, so the typist never waits on a save queued behind it.

Ours: that save, on a copy of a demo programme. Baseline: a bare ``sqlite3`` insert and
commit in a WAL database on the same disk with the same ``synchronous`` setting, in the
same run: the fsync both must pay, so the ratio is the store's own cost over it.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from bench import NOTES, Comparison, Workspace, benchmark, timed_turns
from bench.demo_data import demo_database

if TYPE_CHECKING:
    from collections.abc import Callable

#: A frame at 60 Hz: an autosave must not take longer.
FRAME_MS = 16.0
#: Saves measured per run (each with new text, as typing gives).
SAVES = 20


def open_item(folder: Path) -> tuple[Callable[[], None], Callable[[], None]]:
    """(save once, close) for a copy of a one-year demo programme in ``folder``."""
    from sen_desktop.core.minutes.service import MinutesService
    from sen_desktop.core.store.database import open_database

    path = folder / "sen.sqlite3"
    with sqlite3.connect(demo_database(1, 1)) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
    source.close()
    copy.close()
    db = open_database(path, backups_dir=folder / "backups")
    with db.engine.connect() as connection:
        item_id = connection.exec_driver_sql(
            "SELECT a.id FROM agenda_item a JOIN meeting m ON m.id = a.meeting_id "
            "WHERE m.status NOT IN ('confirmed', 'cancelled') AND NOT a.deleted LIMIT 1"
        ).scalar_one()
    minutes = MinutesService(db.session_factory)
    typed = iter(range(10**9))

    def save() -> None:
        minutes.save_text(item_id, f"The group discussed the draft plan ({next(typed)}).")

    return save, db.close


def bare_commit(folder: Path, synchronous: str) -> tuple[Callable[[], None], Callable[[], None]]:
    """(insert and commit once, close): the floor, with the store's journal settings."""
    connection = sqlite3.connect(folder / "floor.sqlite3", isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute(f"PRAGMA synchronous = {synchronous}")
    connection.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, text TEXT)")
    counter = iter(range(10**9))

    def commit() -> None:
        connection.execute("BEGIN")
        connection.execute("INSERT INTO t (text) VALUES (?)", (f"text {next(counter)}",))
        connection.execute("COMMIT")

    return commit, connection.close


def many(function: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        for _ in range(SAVES):
            function()

    return run


@benchmark(
    "autosave, durable",
    ours=f"{SAVES} MinutesService.save_text, synchronous=FULL",
    baseline=f"{SAVES} bare sqlite3 insert+commit, WAL, same synchronous",
)
def autosave_latency(space: Workspace) -> Comparison:
    from sen_desktop.core.store.database import SYNCHRONOUS

    folder = Path(tempfile.mkdtemp(prefix="sen-bench-autosave-"))
    try:
        save, close = open_item(folder)
        commit, close_floor = bare_commit(folder, SYNCHRONOUS)
        try:
            comparison = timed_turns(many(save), many(commit), space.repeat)
        finally:
            close()
            close_floor()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    per_save = comparison.ours_median / SAVES * 1000
    verdict = "within" if per_save <= FRAME_MS else "OVER"
    NOTES.append(
        f"autosave: {per_save:.1f} ms a save with synchronous={SYNCHRONOUS} "
        f"({verdict} a {FRAME_MS:g} ms frame); a bare commit "
        f"{comparison.baseline_median / SAVES * 1000:.1f} ms"
    )
    return comparison
