# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot carries no type hints.)
"""The autosaver on its own, on a real worker: a failed save keeps its text and is
tried again with back-off; a refusal waits for the next edit; a target's text waits for
the target; and its state never reads "saved" while something is not."""

from __future__ import annotations

import sqlite3
import threading
from typing import TYPE_CHECKING

import pytest

from sen_desktop.core.errors import ValidationError
from sen_desktop.gui.common import autosave
from sen_desktop.gui.common.autosave import Autosaver, SaveState, retry_delay_ms, why_not_saved
from sen_desktop.gui.common.tasks import TaskRunner

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pytestqt.qtbot import QtBot

WAIT_MS = 5000


class FlakyStore:
    """Saves texts, refusing the first ``failures`` tries as a locked database does."""

    def __init__(self, failures: int = 0, error: Exception | None = None) -> None:
        self.failures = failures
        self.error = error or sqlite3.OperationalError("database is locked")
        self.tries: list[tuple[str, str]] = []
        self.saved: dict[str, str] = {}
        self._lock = threading.Lock()

    def saver(self, key: str) -> autosave.Saver:
        def save(text: str) -> None:
            with self._lock:
                self.tries.append((key, text))
                if self.failures:
                    self.failures -= 1
                    raise self.error
                self.saved[key] = text

        return save


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.shutdown()


@pytest.fixture(autouse=True)
def _quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(autosave, "RETRY_FIRST_MS", 40)


def test_retries_back_off_from_half_a_second_to_ten(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(autosave, "RETRY_FIRST_MS", 500)  # as the program has it
    assert [retry_delay_ms(n) for n in range(1, 9)] == [
        500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]


def test_a_failed_save_is_kept_retried_and_the_newest_text_lands(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    store = FlakyStore(failures=3)
    saver = Autosaver(runner, pause_ms=20, max_latency_ms=50)
    states: list[SaveState] = []
    saver.state_changed.connect(lambda: states.append(saver.state()))
    saver.changed("a", "First words", store.saver("a"))
    qtbot.waitUntil(lambda: saver.state() is SaveState.RETRYING, timeout=WAIT_MS)
    assert saver.pending_text("a") == "First words"
    assert "Another program is using the database" in why_not_saved(saver.last_error())
    saver.changed("a", "First words, and more", store.saver("a"))
    qtbot.waitUntil(lambda: store.saved.get("a") == "First words, and more", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: saver.state() is SaveState.SAVED, timeout=WAIT_MS)
    assert not saver.has_pending()
    # Never "saved" before the store had the text; each try was of the newest text then.
    first_saved = states.index(SaveState.SAVED)
    assert SaveState.RETRYING in states[:first_saved]
    assert len(store.tries) == 4
    assert store.tries[-1] == ("a", "First words, and more")


def test_a_refusal_waits_for_the_next_edit(qtbot: QtBot, runner: TaskRunner) -> None:
    store = FlakyStore(failures=1, error=ValidationError("This minute is too long to keep."))
    saver = Autosaver(runner, pause_ms=20, max_latency_ms=50)
    saver.changed("a", "x" * 10, store.saver("a"))
    qtbot.waitUntil(lambda: saver.state() is SaveState.REFUSED, timeout=WAIT_MS)
    assert why_not_saved(saver.last_error()) == "This minute is too long to keep."
    qtbot.wait(300)  # many back-off periods: no retry of the same text
    assert len(store.tries) == 1
    assert saver.pending_text("a") == "x" * 10
    saver.changed("a", "x" * 5, store.saver("a"))
    qtbot.waitUntil(lambda: saver.state() is SaveState.SAVED, timeout=WAIT_MS)
    assert store.saved.get("a") == "x" * 5


def test_a_target_waits_for_the_one_it_depends_on(qtbot: QtBot, runner: TaskRunner) -> None:
    store = FlakyStore(failures=2)
    saver = Autosaver(runner, pause_ms=20, max_latency_ms=50)
    saver.changed("row", "present", store.saver("row"))
    saver.flush("row")
    saver.changed("text", "the report be noted", store.saver("text"), after="row")
    qtbot.waitUntil(lambda: store.saved.get("text") == "the report be noted", timeout=WAIT_MS)
    # The row failed twice; its text was never tried before the row was in.
    assert [key for key, _text in store.tries] == ["row", "row", "row", "text"]


def test_discarded_while_out_it_is_not_kept(qtbot: QtBot, runner: TaskRunner) -> None:
    release = threading.Event()
    runner.run(lambda: release.wait(10))  # the worker busy, so the save stays out
    store = FlakyStore(failures=1)
    saver = Autosaver(runner, pause_ms=20, max_latency_ms=50)
    saver.changed("a", "undone", store.saver("a"))
    saver.flush()
    assert saver.in_flight("a")
    saver.discard("a")
    release.set()
    qtbot.waitUntil(lambda: len(store.tries) == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not saver.in_flight(), timeout=WAIT_MS)
    qtbot.wait(200)
    assert len(store.tries) == 1 and not saver.has_pending()
    assert saver.state() is SaveState.SAVED
