"""Benchmark for ``sen-desktop check`` on a new data folder (issue 13, "A window that
paints at once": within 3x of a bare interpreter importing sqlite3).

A folder with no database has nothing to check, and ``check`` says so without loading
the store (cli/check.py). Both commands run as whole processes, taking turns, so a
machine that is busy for a moment slows both alike.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from bench import NOTES, Comparison, Workspace, benchmark, run_process, timed_turns

LIMIT = 3.0


def sen_desktop_command() -> list[str]:
    """The installed ``sen-desktop`` script (what a person types), else ``-m``."""
    scripts = Path(sys.executable).parent
    for name in ("sen-desktop", "sen-desktop.exe"):
        if (scripts / name).exists():
            return [str(scripts / name)]
    return [sys.executable, "-m", "sen_desktop"]


@benchmark(
    "check a new folder",
    ours="sen-desktop check, no database yet (process)",
    baseline="python -c 'import sqlite3' (process)",
)
def check_new_folder(space: Workspace) -> Comparison:
    root = Path(tempfile.mkdtemp(prefix="sen-bench-new-"))
    try:
        runs = iter(range(1_000_000))
        command = sen_desktop_command()

        def ours() -> None:
            folder = root / f"new-{next(runs)}"  # never there: each run a new folder
            run_process([*command, "--data-dir", str(folder), "check"], space.env)

        def bare() -> None:
            run_process([sys.executable, "-c", "import sqlite3"], space.env)

        comparison = timed_turns(ours, bare, space.repeat)
        if any(root.iterdir()):
            raise RuntimeError("check created something in a folder with no database")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    verdict = "within" if comparison.ratio <= LIMIT else "OVER"
    NOTES.append(
        f"check a new folder: {comparison.ours_median * 1000:.0f} ms against "
        f"{comparison.baseline_median * 1000:.0f} ms, {comparison.ratio:.2f}x ({verdict} "
        f"the {LIMIT:g}x limit)"
    )
    return comparison
