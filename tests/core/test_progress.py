"""The core's progress object: reports steps, stops at a safe point, knows no Qt."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from sen_desktop.core.errors import SenError
from sen_desktop.core.progress import NO_PROGRESS, Cancelled, Progress


def test_steps_are_reported_until_cancel_then_the_next_step_raises() -> None:
    seen: list[tuple[int, int, str]] = []
    progress = Progress(lambda done, total, label: seen.append((done, total, label)))
    progress.step(1, 3, "Minutes")
    progress.step(2, 3)
    progress.check()
    assert seen == [(1, 3, "Minutes"), (2, 3, "")] and not progress.cancelled
    progress.cancel()
    assert progress.cancelled
    with pytest.raises(Cancelled) as raised:
        progress.step(3, 3, "Action log")
    assert seen == [(1, 3, "Minutes"), (2, 3, "")]  # no report after Cancel
    with pytest.raises(Cancelled):
        progress.check()
    assert isinstance(raised.value, SenError)
    assert raised.value.message == "Stopped before anything was changed."


def test_cancel_from_another_thread_stops_work_at_its_next_step() -> None:
    progress = Progress()
    started, steps = threading.Event(), []

    def work() -> None:
        started.set()
        with pytest.raises(Cancelled):
            for n in range(10_000_000):
                progress.step(n, 0)
                steps.append(n)

    worker = threading.Thread(target=work)
    worker.start()
    assert started.wait(5)
    progress.cancel()
    worker.join(5)
    assert not worker.is_alive() and len(steps) < 10_000_000


def test_the_default_never_reports_and_cannot_be_cancelled() -> None:
    NO_PROGRESS.step(1, 2, "anything")
    NO_PROGRESS.cancel()  # one caller's Cancel must not stop every other caller's work
    NO_PROGRESS.check()
    assert not NO_PROGRESS.cancelled


def test_the_module_loads_no_qt() -> None:
    code = (
        "import sys, sen_desktop.core.progress\n"
        "assert not any(m.startswith(('PySide6', 'sqlalchemy')) for m in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
