"""`python -m bench` keeps working: every registered benchmark runs once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_bench_runs_every_benchmark_once() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--repeat", "1", "--quick"],
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    sys.path.insert(0, str(REPO))
    try:
        import bench.__main__ as runner
        from bench import REGISTRY

        for module in runner.MODULES:
            __import__(module)
        names = [b.name for b in REGISTRY]
    finally:
        sys.path.remove(str(REPO))
    assert names
    table = result.stdout.splitlines()
    for name in names:
        row = next((line for line in table if line.startswith(name + " ")), None)
        assert row is not None, result.stdout
        ratio = float(row.split()[-1])
        assert ratio > 0
