"""Start-up: the main window against bare PySide6 windows, each a whole process.

- **first paint**: from starting the process to the main window's first paint (``sen-desktop
  --view groups`` with ``SEN_STARTUP_PROBE=paint``, gui/shell/probe.py), against a bare
  PySide6 window's first paint. Target: within 1.5x. Both report at the first timer after
  the paint pass; ours is asked before the work the window starts after its paint.
- **groups usable**: to the group page showing its seats (``SEN_STARTUP_PROBE=ready``),
  against a bare window that imports ``sqlalchemy.orm``, queries the groups and paints
  them in a list. Target: within 1.3x. On a folder the last run closed cleanly the seats
  come from the window's first look (``core/programme/group_reads.py``: plain ``sqlite3``,
  before SQLAlchemy loads); the store opens on the worker once that page is drawn.
- **peak memory** (printed below the table): the peak resident memory of the window when
  the groups are usable against the bare window's at its first paint. Target: at most
  80 MiB more.

All on a copy of the ten-year demo programme (``bench.demo_data``), whose daily backup is
taken before the timed runs (a window on a big folder takes it on a thread of its own,
which would otherwise run beside the first timed start). Ours and the baselines alternate
run by run, so load on a shared machine falls on both alike.
"""

from __future__ import annotations

import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import NOTES, REPO, Comparison, Workspace, benchmark
from bench.demo_data import demo_database, demo_size

YEARS, SCALE = demo_size(10, 1)
#: Per start; a window that does not get there in this long has hung.
TIMEOUT_S = 180
FIRST_PAINT_TARGET, GROUPS_TARGET, MEMORY_TARGET_MIB = 1.5, 1.3, 80

_PROBE = """
def probe():
    import time
    from pathlib import Path
    peak = 0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1])
    print(f"startup-probe {time.monotonic():.6f} {peak}", flush=True)
"""

_FIRST_PAINT = """
from PySide6.QtCore import QEvent, QObject, QTimer
class FirstPaint(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.done = False
        window.installEventFilter(self)
    def eventFilter(self, watched, event):
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            QTimer.singleShot(0, lambda: (probe(), app.quit()))
        return False
"""

#: A bare window: a list beside an empty area, the size of ours, painted once.
BARE_WINDOW = _PROBE + """
import sys
from PySide6.QtWidgets import QApplication, QListWidget, QMainWindow, QSplitter, QWidget
app = QApplication(sys.argv[:1])
""" + _FIRST_PAINT + """
window = QMainWindow()
splitter = QSplitter()
splitter.addWidget(QListWidget())
splitter.addWidget(QWidget())
window.setCentralWidget(splitter)
window.resize(1280, 800)
FirstPaint(window)
window.show()
app.exec()
"""

#: The same window with the groups in its list, read through SQLAlchemy's ORM session.
BARE_GROUPS = _PROBE + """
import sys
from PySide6.QtWidgets import QApplication, QListWidget, QMainWindow, QSplitter, QWidget
app = QApplication(sys.argv[:1])
""" + _FIRST_PAINT + """
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session
engine = create_engine(f"sqlite:///{sys.argv[1]}")
with Session(engine) as session:
    rows = session.execute(text(
        'SELECT g.id, g.name, (SELECT count(*) FROM seat s WHERE s.group_id = g.id '
        'AND NOT s.deleted) FROM "group" g WHERE NOT g.deleted ORDER BY g.position, g.name'
    )).all()
window = QMainWindow()
names = QListWidget()
names.addItems([f"{name} ({seats} seats)" for _id, name, seats in rows])
splitter = QSplitter()
splitter.addWidget(names)
splitter.addWidget(QWidget())
window.setCentralWidget(splitter)
window.resize(1280, 800)
FirstPaint(window)
window.show()
app.exec()
"""


def _start(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Seconds from starting ``args`` to its probe line, and its peak resident KiB then."""
    started = time.monotonic()
    result = subprocess.run(
        args, env=env, cwd=REPO, stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=TIMEOUT_S, check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("startup-probe ")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(
            f"{' '.join(args[:4])}… gave no start-up probe (exit {result.returncode}): "
            f"{result.stderr[-2000:]}"
        )
    _name, at, peak = lines[0].split()
    return float(at) - started, int(peak)


class _Runs:
    """Ours and the baselines, started alternately, measured once for all three rows."""

    def __init__(self) -> None:
        self.figures: dict[str, list[tuple[float, int]]] | None = None
        self.folder: Path | None = None

    def measure(self, space: Workspace) -> dict[str, list[tuple[float, int]]]:
        if self.figures is not None:
            return self.figures
        source = demo_database(YEARS, SCALE)
        folder = Path(tempfile.mkdtemp(prefix="sen-bench-startup-"))
        self.folder = folder
        try:
            shutil.copy2(source, folder / source.name)
            # Today's backup, taken now, so no timed start copies the folder meanwhile.
            from sen_desktop.core.store.database import open_database

            open_database(folder / source.name, daily_backup=True).close()
            # The package's bytecode up to date, as an installed copy has it (pip compiles
            # on install; the baselines' standard library and site-packages are compiled
            # too). Under PYTHONDONTWRITEBYTECODE a module edited since its last .pyc was
            # otherwise compiled from source on every timed start.
            compileall.compile_dir(REPO / "sen_desktop", quiet=1)
            window = [sys.executable, "-m", "sen_desktop", "--data-dir", str(folder),
                      "--view", "groups"]
            starts = {
                "paint": (window, {**space.env, "SEN_STARTUP_PROBE": "paint"}),
                "ready": (window, {**space.env, "SEN_STARTUP_PROBE": "ready"}),
                "bare": ([sys.executable, "-c", BARE_WINDOW], space.env),
                "bare groups": ([sys.executable, "-c", BARE_GROUPS, str(folder / source.name)],
                                space.env),
            }
            figures: dict[str, list[tuple[float, int]]] = {name: [] for name in starts}
            # The first round warms the caches, untimed (not in --quick's smoke run).
            warm = 0 if os.environ.get("SEN_BENCH_QUICK") == "1" else 1
            for run in range(space.repeat + warm):
                for name, (args, env) in starts.items():
                    measured = _start(args, env)
                    if run >= warm:
                        figures[name].append(measured)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        self.figures = figures
        self._note(figures)
        return figures

    @staticmethod
    def _note(figures: dict[str, list[tuple[float, int]]]) -> None:
        ours = statistics.median(peak for _s, peak in figures["ready"]) / 1024
        bare = statistics.median(peak for _s, peak in figures["bare"]) / 1024
        verdict = "within" if ours - bare <= MEMORY_TARGET_MIB else "NOT within"
        NOTES.append(
            f"peak memory, groups usable: {ours:,.0f} MiB against {bare:,.0f} MiB for a bare "
            f"PySide6 window (+{ours - bare:,.0f} MiB; {verdict} the +{MEMORY_TARGET_MIB} MiB "
            f"bar); {YEARS}-year demo at scale {SCALE}, medians"
        )


_RUNS = _Runs()


def _seconds(figures: list[tuple[float, int]]) -> list[float]:
    return [seconds for seconds, _peak in figures]


def _verdict(what: str, comparison: Comparison, target: float) -> None:
    within = "within" if comparison.ratio <= target else "NOT within"
    NOTES.append(f"{what}: {comparison.ratio:.2f}x ({within} the {target}x bar)")


@benchmark(
    "first paint",
    ours="sen-desktop --view groups, to its first paint",
    baseline="bare PySide6 window, to its first paint",
)
def first_paint(space: Workspace) -> Comparison:
    figures = _RUNS.measure(space)
    comparison = Comparison(_seconds(figures["paint"]), _seconds(figures["bare"]))
    _verdict("first paint", comparison, FIRST_PAINT_TARGET)
    return comparison


@benchmark(
    "groups usable",
    ours="sen-desktop --view groups, to the seats shown",
    baseline="bare window + sqlalchemy.orm groups query",
)
def groups_usable(space: Workspace) -> Comparison:
    figures = _RUNS.measure(space)
    comparison = Comparison(_seconds(figures["ready"]), _seconds(figures["bare groups"]))
    _verdict("groups usable", comparison, GROUPS_TARGET)
    return comparison
