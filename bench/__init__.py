"""Benchmarks that compare our code with the bare minimum doing the same job.

Each benchmark measures two things many times, ours and a baseline, and reports the
ratio of their medians. Ratios travel between machines where absolute times do not:
"opening the programme costs 3x a bare sqlite3 connect" means the same on any laptop.

To add benchmarks, write a module under ``bench/`` with functions decorated by
:func:`benchmark` and list the module in ``bench.__main__.MODULES``.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Comparison:
    """Seconds per run of ours and of the baseline, one entry per repetition."""

    ours: list[float]
    baseline: list[float]

    @property
    def ours_median(self) -> float:
        return statistics.median(self.ours)

    @property
    def baseline_median(self) -> float:
        return statistics.median(self.baseline)

    @property
    def ratio(self) -> float:
        return self.ours_median / self.baseline_median

    @property
    def best_ratio(self) -> float:
        """Fastest of ours over fastest baseline: on a shared machine load only ever adds
        time, so this is the steadier figure beside the medians' ratio."""
        return min(self.ours) / min(self.baseline)


@dataclass(frozen=True)
class Workspace:
    """What benchmarks share: a seeded data folder and an environment for subprocesses.

    Benchmarks may read the data folder but must leave it as they found it.
    """

    data_dir: Path
    env: dict[str, str]
    repeat: int

    @property
    def database_path(self) -> Path:
        return self.data_dir / "sen.sqlite3"


BenchmarkFunction = Callable[[Workspace], Comparison]


@dataclass(frozen=True)
class Benchmark:
    name: str
    ours: str  # what we measure, in a few words
    baseline: str  # what we compare it with
    run: BenchmarkFunction


REGISTRY: list[Benchmark] = []

NOTES: list[str] = []
"""Figures that are not ratios (e.g. peak memory), printed below the table."""


def benchmark(
    name: str, ours: str, baseline: str
) -> Callable[[BenchmarkFunction], BenchmarkFunction]:
    """Register ``function`` under ``name`` for ``python -m bench``."""

    def register(function: BenchmarkFunction) -> BenchmarkFunction:
        if any(existing.name == name for existing in REGISTRY):
            raise ValueError(f"two benchmarks are named {name!r}")
        REGISTRY.append(Benchmark(name, ours, baseline, function))
        return function

    return register


def measure(function: Callable[[], object], repeat: int, warmup: int = 1) -> list[float]:
    """Wall time of ``function`` over ``repeat`` runs, after ``warmup`` untimed runs.

    The warm-up absorbs one-off costs (first imports, a cold page cache) that would
    otherwise make the first sample an outlier.
    """
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return samples


def timed_turns(
    ours: Callable[[], object], baseline: Callable[[], object], repeat: int, warmup: int = 1
) -> Comparison:
    """``measure`` for both, taking turns run by run: a machine busy for a moment (others'
    work on a shared laptop) then slows both alike instead of whichever ran meanwhile."""
    for _ in range(warmup):
        ours()
        baseline()
    mine: list[float] = []
    theirs: list[float] = []
    for _ in range(repeat):
        for function, samples in ((ours, mine), (baseline, theirs)):
            start = time.perf_counter()
            function()
            samples.append(time.perf_counter() - start)
    return Comparison(mine, theirs)


def run_process(args: list[str], env: dict[str, str]) -> None:
    """Run a command to completion; a failure stops the benchmark with its output."""
    result = subprocess.run(
        args, env=env, cwd=REPO, stdin=subprocess.DEVNULL, capture_output=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(args)} exited {result.returncode}: {result.stderr.decode(errors='replace')}"
        )


@contextmanager
def workspace(repeat: int) -> Iterator[Workspace]:
    """A throw-away HOME and data folder holding the seeded County programme."""
    root = Path(tempfile.mkdtemp(prefix="sen-bench-"))
    try:
        home = root / "home"
        home.mkdir()
        env = dict(os.environ)
        env.update(
            {
                "HOME": str(home),
                "XDG_DATA_HOME": str(home / "data"),
                "XDG_CONFIG_HOME": str(home / "config"),
                "XDG_CACHE_HOME": str(home / "cache"),
                "QT_QPA_PLATFORM": "offscreen",
                "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
            }
        )
        data_dir = root / "data"
        # Created and seeded as the window creates it, in its own process, so no lock stays
        # held here (`check` leaves a folder with no database as it is).
        create = (
            "import sys\nfrom pathlib import Path\nfrom sen_desktop.sync.laptop import "
            "open_laptop\nopen_laptop(Path(sys.argv[1])).close()\n"
        )
        run_process([sys.executable, "-c", create, str(data_dir)], env)
        yield Workspace(data_dir=data_dir, env=env, repeat=repeat)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def format_table(rows: list[tuple[Benchmark, Comparison]]) -> str:
    """A plain-text table: one line per benchmark, times in milliseconds."""
    header = ("benchmark", "ours", "baseline", "ours ms", "base ms", "best", "ratio")
    lines = [
        (
            bench.name,
            bench.ours,
            bench.baseline,
            f"{comparison.ours_median * 1000:.2f}",
            f"{comparison.baseline_median * 1000:.2f}",
            f"{comparison.best_ratio:.2f}",
            f"{comparison.ratio:.2f}",
        )
        for bench, comparison in rows
    ]
    widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]
    numeric = {3, 4, 5, 6}

    def render(row: tuple[str, ...]) -> str:
        cells = [
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([render(header), rule, *(render(row) for row in lines)])
