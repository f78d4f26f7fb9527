"""Benchmark of a compressed backup of the 10-year programme (issue 14).

Ours is ``make_backup`` as ``sen-desktop backup`` and the daily copy run it: SQLite's
backup API into a plain intermediate, zstandard over it into a temporary name, fsync,
rename, the intermediate removed, the free-space check and the rotation of the folder.
The baseline is the least that does the same job in the same run: ``sqlite3``'s backup
API into a file, then ``zstandard`` at the same level (with its checksum, as the ``zstd``
command writes one) over that file. Target: at most 1.2x. The copy's page-by-page check
(``verify``, which the daily copy of a big file and ``sen-desktop backup`` add) is left
out of both: it is a check, not the backup, and is timed on its own by ``bench/check.py``.

The compression ratio of the programme's database is noted below the table.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

from bench import NOTES, Comparison, Workspace, benchmark, timed_turns
from bench.demo_data import demo_database, demo_size

# --quick (the test suite's smoke run) measures a one-year programme instead.
YEARS, SCALE = demo_size(10, 1)
TARGET = 1.2
"""Issue 14's bar: a compressed backup costs at most this times the bare minimum."""


@benchmark(
    "compressed backup",
    ours="make_backup (backup API, zstd, fsync, rotate)",
    baseline="sqlite3 backup API + zstandard",
)
def compressed_backup_vs_sqlite_and_zstd(space: Workspace) -> Comparison:
    import zstandard

    from sen_desktop.core.store.backup_files import ZSTD_LEVEL
    from sen_desktop.core.store.backups import make_backup

    path = demo_database(YEARS, SCALE)
    revision = _revision(path)
    with tempfile.TemporaryDirectory(prefix="sen-bench-backups-") as scratch:
        root = Path(scratch)
        sizes: list[int] = []

        def ours() -> None:
            folder = root / "ours"
            # at_open: nothing writes the cached demo database, as at open.
            sizes.append(make_backup(path, folder, kind="manual", revision=revision,
                                     at_open=True).size)
            shutil.rmtree(folder)

        def baseline() -> None:
            plain, packed = root / "plain.sqlite3", root / "plain.sqlite3.zst"
            # Read as ours reads a file nothing else writes (``read_only(at_open=True)``).
            source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
            target = sqlite3.connect(plain)
            try:
                source.backup(target)
            finally:
                target.close()
                source.close()
            compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL, write_checksum=True)
            with plain.open("rb") as reader, packed.open("wb") as writer:
                compressor.copy_stream(reader, writer)
            plain.unlink()
            packed.unlink()

        comparison = timed_turns(ours, baseline, space.repeat)
    plain_size = path.stat().st_size
    within = "within" if comparison.ratio <= TARGET else "NOT within"
    NOTES.append(f"compressed backup: {comparison.ratio:.2f}x ({within} the {TARGET}x bar)")
    NOTES.append(
        f"compressed backup: {YEARS}-year programme {plain_size / 1e6:,.0f} MB -> "
        f"{sizes[-1] / 1e6:,.1f} MB ({plain_size / sizes[-1]:.1f}x smaller, zstd level "
        f"{ZSTD_LEVEL})"
    )
    return comparison


def _revision(path: Path) -> str:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        connection.close()
