"""Benchmarks for opening a big store: ten years of a programme ten groups wide (3 GB).

Opening must cost the same whatever the file's size (docs/architecture.md, "Start-up"): the
check at open is bounded, and a big file's daily backup runs after the window is up,
so the ratio against a bare connect stays small however much the programme holds.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from bench import Comparison, Workspace, benchmark, measure
from bench.demo_data import demo_database, demo_size

# --quick (the test suite's smoke run) measures a one-year programme instead.
YEARS, SCALE = demo_size(10, 10)


@benchmark(
    "open 3 GB database",
    ours="open_database + close",
    baseline="sqlite3.connect + 1 SELECT",
)
def open_big_database_vs_sqlite(space: Workspace) -> Comparison:
    from sen_desktop.core.store.database import open_database

    path = demo_database(YEARS, SCALE)
    # Any daily backup open writes (a small file's, under --quick) goes here, never
    # into the shared demo cache; the warm-up run takes it, as the day's first open would.
    with tempfile.TemporaryDirectory(prefix="sen-bench-backups-") as scratch:
        backups = Path(scratch)

        def ours() -> None:
            open_database(path, backups_dir=backups).close()

        def baseline() -> None:
            connection = sqlite3.connect(path)
            try:
                connection.execute("SELECT version_num FROM alembic_version").fetchall()
            finally:
                connection.close()

        return Comparison(measure(ours, space.repeat), measure(baseline, space.repeat))
