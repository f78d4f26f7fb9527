"""Kill a process at a random point of its work and check what it leaves (issue 14).

``kill_at_random(command, None, rng, window)`` starts fault_child.py, waits for its
``go`` line (its imports are done and the work begins), sleeps a random time drawn from
``window`` (from 0 to about the time one unkilled run took, ``narrowed`` as runs show the
work to be quicker) and sends SIGKILL: no ``finally``, no ``atexit``, no flush runs in
the child, as when the program is killed mid-write (a power cut is another matter: a
kill keeps what the operating system was handed). It returns every line the
child printed before it died: the child prints a line only after its change was
committed, so each is a promise the tests hold the data folder to.

After a kill, ``next_start`` opens the folder as the next run of the program would
(``sen-desktop check``: the database's check at open, every integrity check, and the
start-up clean-up), ``integrity_ok`` runs SQLite's own ``PRAGMA integrity_check``, and
``litter`` lists what a killed write left that the next start did not remove.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import random

CHILD = Path(__file__).with_name("fault_child.py")
REPO = Path(__file__).resolve().parents[2]
DATABASE = "sen.sqlite3"
#: A child that does not say ``go`` within this long is stuck, not slow.
START_TIMEOUT_S = 60.0


#: Every run of this test session, for the summary tests/fault/conftest.py prints.
RUNS: list[KillRun] = []


@dataclass
class KillRun:
    """One run of the child: what it printed, whether the kill landed, how long it ran."""

    label: str = ""
    aimed: bool = False  # killed at a chosen point, not at a random one
    lines: list[str] = field(default_factory=list)
    killed: bool = False
    returncode: int | None = None
    delay: float = 0.0
    ran_for: float = 0.0
    stderr: str = ""

    def said(self, prefix: str) -> list[str]:
        return [line for line in self.lines if line.startswith(prefix)]


def child_command(*arguments: str | Path) -> list[str]:
    return [sys.executable, str(CHILD), *map(str, arguments)]


def kill_at_random(
    command: list[str], delay: float | None, rng: random.Random | None = None,
    window: tuple[float, float] = (0.0, 1.0), *, until: str | None = None,
) -> KillRun:
    """Run ``command`` (a fault_child.py command line); after its ``go`` line, wait
    ``delay`` seconds (or a time drawn uniformly from ``window`` with ``rng``) and kill it.
    ``delay=None`` and no ``rng``: let it finish (a run to time the work by); ``until``:
    kill it as soon as it prints that line (a crash at a chosen point)."""
    run = KillRun(label=_label(command), aimed=until is not None)
    said = threading.Event()
    if delay is None and rng is not None:
        delay = rng.uniform(*window)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )
    go = threading.Event()
    errors: list[str] = []

    def read_out() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            line = line.rstrip("\n")
            if line == "go" and not go.is_set():
                go.set()
            else:
                run.lines.append(line)
                if line == until:
                    said.set()

    def read_err() -> None:
        assert process.stderr is not None
        errors.append(process.stderr.read())

    readers = [threading.Thread(target=read_out, daemon=True),
               threading.Thread(target=read_err, daemon=True)]
    for reader in readers:
        reader.start()
    try:
        started = time.monotonic()
        while not go.wait(0.05):
            if process.poll() is not None or time.monotonic() - started > START_TIMEOUT_S:
                break
        began = time.monotonic()
        if until is not None and go.is_set():
            assert said.wait(START_TIMEOUT_S), f"the child never said {until!r}"
            process.send_signal(signal.SIGKILL)
        elif delay is not None:
            run.delay = delay
            if go.is_set():
                try:
                    process.wait(timeout=delay)
                except subprocess.TimeoutExpired:
                    process.send_signal(signal.SIGKILL)
        process.wait(timeout=600)
        run.ran_for = time.monotonic() - began
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
        for reader in readers:
            reader.join(timeout=30)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    run.returncode = process.returncode
    run.killed = process.returncode == -signal.SIGKILL
    run.stderr = "".join(errors)
    assert go.is_set(), f"the child never started its work: {run.stderr[-2000:]}"
    RUNS.append(run)
    return run


def record_aimed(label: str) -> None:
    """Count a kill aimed at a chosen point by other means (litter_helpers.killed_during)."""
    RUNS.append(KillRun(label=label, aimed=True, killed=True))


def _label(command: list[str]) -> str:
    """What a child command does, in two words at most: "save", "bundle import"."""
    mode, *rest = command[2:]
    if mode != "cli":
        return mode
    words = rest[rest.index("--") + 1 :]
    if words[:1] == ["--data-dir"]:
        words = words[2:]
    return " ".join(w for w in words[:2] if not w.startswith("-") and "/" not in w)


def next_start(folder: Path) -> str:
    """Open ``folder`` as the program's next start would and run every check on it
    (``sen-desktop check``, in this process); return its one line, which must say OK."""
    from sen_desktop.app import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--data-dir", str(folder), "check"])
    line = out.getvalue().strip()
    assert code == 0 and line.startswith("OK"), f"check after the kill: {line} {err.getvalue()}"
    return line


def integrity_ok(folder: Path) -> None:
    """SQLite's own check of every page and index of the folder's database."""
    connection = sqlite3.connect(folder / DATABASE)
    try:
        result = connection.execute("PRAGMA integrity_check").fetchall()
        keys = connection.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        connection.close()
    assert result == [("ok",)], result
    assert keys == [], f"rows pointing at missing rows: {keys[:5]}"


def tree(folder: Path) -> set[str]:
    """Every file and folder under ``folder``, as paths relative to it."""
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*")}


def litter(folder: Path, expected: set[str]) -> list[str]:
    """What is under ``folder`` beyond ``expected`` (the names a clean run leaves) that
    is not one of the program's own kept files: a backup copy in ``backups/`` (made at
    the next start) is kept on purpose; a temporary or partial copy anywhere is litter."""
    found = []
    for name in sorted(tree(folder) - expected):
        base = name.rsplit("/", 1)[-1]
        temporary = base.startswith(".") or base.endswith((".tmp", ".part", "-journal"))
        if name.startswith("backups") and not temporary:
            continue
        if base in {"sen.lock", f"{DATABASE}-wal", f"{DATABASE}-shm"}:
            continue  # the lock file stays by design; a -wal/-shm is the database's own
        found.append(name)
    return found


def assert_no_litter(folder: Path, expected: set[str], delay: float) -> None:
    """Nothing temporary left after the next start: none of the program's own temporary
    names (core/store/litter.py's definition, in the data folder and every folder it
    remembers writing papers or bundles to), and nothing new beside the data folder's
    expected files (this file's definition, which knows no names)."""
    from sen_desktop.core.store.litter import find_litter

    assert find_litter(folder) == [], f"after a kill at {delay:.2f}s"
    assert litter(folder, expected) == [], f"after a kill at {delay:.2f}s"


def narrowed(window: tuple[float, float], run: KillRun) -> tuple[float, float]:
    """The kill window after ``run``: a run that finished before its kill shows the work
    takes less than the window allowed (the first, timed run is slowed by cold caches),
    so later kills are drawn within that run's time."""
    if run.killed:
        return window
    return window[0], min(window[1], run.ran_for)


def count_kills(runs: list[KillRun]) -> int:
    return sum(run.killed for run in runs)


def describe(runs: list[KillRun]) -> str:
    """A line for a failure message: which delays killed what (to reproduce one)."""
    return ", ".join(
        f"{run.delay:.2f}s{'' if run.killed else ' (finished)'}" for run in runs
    )
