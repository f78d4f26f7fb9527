"""The fault-injection tests' summary: how many kills landed in what (issue 14 asks for
at least 50 SIGKILLs across save, import, export, paper, backup and restore)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _pytest.terminal import TerminalReporter

sys.path.insert(0, str(Path(__file__).parent))


def pytest_terminal_summary(terminalreporter: TerminalReporter) -> None:
    from fault_helpers import RUNS

    if not RUNS:
        return
    kills = Counter(run.label for run in RUNS if run.killed and not run.aimed)
    aimed = Counter(run.label for run in RUNS if run.killed and run.aimed)
    finished = sum(not run.killed for run in RUNS)

    def shown(counts: Counter[str]) -> str:
        return ", ".join(f"{label} {count}" for label, count in sorted(counts.items()))

    terminalreporter.write_line(
        f"fault injection: {sum(kills.values())} SIGKILLs at random points "
        f"({shown(kills)}); {sum(aimed.values())} at chosen points ({shown(aimed)}); "
        f"{finished} runs finished unkilled"
    )
