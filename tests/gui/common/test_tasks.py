# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot carries no type hints.)
"""The serialized worker: work off the UI thread, in order, results back on the UI thread;
channels keep the newest answer, Cancel stops work at its next step, progress reaches the
window's progress strip or dialog."""

from __future__ import annotations

import functools
import threading
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow, QWidget

from sen_desktop.core.progress import Cancelled, Progress
from sen_desktop.gui.common.progress import ProgressDialog, ProgressStrip
from sen_desktop.gui.common.tasks import TaskRunner

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pytestqt.qtbot import QtBot

WAIT_MS = 10_000


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.shutdown()


def hold_worker(runner: TaskRunner) -> threading.Event:
    """Keep the worker busy until the returned event is set (so later work queues)."""
    release, holding = threading.Event(), threading.Event()

    def hold() -> None:
        holding.set()
        release.wait(WAIT_MS / 1000)

    runner.run(hold)
    assert holding.wait(WAIT_MS / 1000)
    return release


def test_work_runs_in_order_on_one_other_thread_and_results_come_back_on_the_ui_thread(
    qtbot: QtBot, qapp: QApplication, runner: TaskRunner
) -> None:
    ui_thread = threading.get_ident()
    work_threads: list[int] = []
    delivered: list[tuple[int, int]] = []

    def work(n: int) -> int:
        work_threads.append(threading.get_ident())
        return n

    def deliver(result: int) -> None:
        delivered.append((result, threading.get_ident()))

    for n in range(20):
        runner.run(functools.partial(work, n), deliver)
    qtbot.waitUntil(lambda: len(delivered) == 20)
    assert [r for r, _ in delivered] == list(range(20))
    assert {thread for _, thread in delivered} == {ui_thread}
    assert len(set(work_threads)) == 1 and ui_thread not in work_threads
    assert not runner.busy()


def test_errors_go_to_the_error_callback_or_the_failed_signal(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    caught: list[Exception] = []

    def boom() -> None:
        raise ValueError("no")

    runner.run(boom, lambda _r: None, caught.append)
    qtbot.waitUntil(lambda: bool(caught))
    assert isinstance(caught[0], ValueError)
    with qtbot.waitSignal(runner.task_failed) as blocker:
        runner.run(boom)
    assert isinstance(blocker.args[0], ValueError)


def test_shutdown_runs_the_final_step_after_queued_work_and_refuses_more(
    qtbot: QtBot,
) -> None:
    runner = TaskRunner()
    order: list[str] = []
    delivered: list[object] = []
    runner.run(lambda: order.append("work"))
    assert runner.shutdown(lambda: order.append("close"))
    assert order == ["work", "close"] and runner.closed
    late = runner.run(lambda: order.append("late"), delivered.append, delivered.append)
    assert late.refused
    qtbot.wait(20)
    assert order == ["work", "close"] and delivered == [] and not runner.busy()


def test_shutdown_asks_work_that_can_stop_to_stop_and_still_runs_saves(
    qtbot: QtBot,
) -> None:
    runner = TaskRunner()
    order: list[str] = []
    release = hold_worker(runner)

    def export(progress: Progress) -> None:
        progress.check()
        order.append("export")

    exporting = runner.run(export, cancel=True)
    runner.run(lambda: order.append("save"))

    def release_once_asked() -> None:  # the worker goes on once shutdown has asked
        for _ in range(2000):
            if exporting.cancelled:
                break
            threading.Event().wait(0.005)
        release.set()

    threading.Thread(target=release_once_asked, daemon=True).start()
    assert runner.shutdown(lambda: order.append("close"))
    assert order == ["save", "close"]


def test_a_channel_delivers_only_the_newest_and_skips_older_work_still_queued(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    ran: list[str] = []
    delivered: list[str] = []
    other: list[str] = []

    def work(name: str) -> str:
        ran.append(name)
        return name

    release = hold_worker(runner)
    tasks = [runner.run(functools.partial(work, name), delivered.append, channel="search")
             for name in ("s", "se", "sen")]
    runner.run(functools.partial(work, "list"), other.append, channel="list")
    release.set()
    qtbot.waitUntil(lambda: bool(other), timeout=WAIT_MS)
    assert delivered == ["sen"] and other == ["list"]
    assert ran == ["sen", "list"]  # the replaced questions were never asked
    assert [t.superseded for t in tasks] == [True, True, False]
    assert not runner.busy()


def test_dropping_a_channel_forgets_its_question(qtbot: QtBot, runner: TaskRunner) -> None:
    ran: list[str] = []
    delivered: list[str] = []
    release = hold_worker(runner)
    try:
        runner.run(lambda: ran.append("search") or "hits", delivered.append, channel="search")
        runner.drop("search")  # the box was emptied before the worker got to it
        runner.drop("nothing pending")
    finally:
        release.set()
    qtbot.waitUntil(lambda: not runner.busy(), timeout=WAIT_MS)
    runner.wait(WAIT_MS)
    qtbot.wait(20)
    assert ran == [] and delivered == []


def test_a_channel_drops_the_answer_of_work_that_was_already_running(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    delivered: list[str] = []
    errors: list[Exception] = []
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        release.wait(WAIT_MS / 1000)
        raise ValueError("an old question's failure is not shown either")

    runner.run(slow, delivered.append, errors.append, channel="list")
    assert started.wait(WAIT_MS / 1000)
    runner.run(lambda: "new", delivered.append, errors.append, channel="list")
    release.set()
    qtbot.waitUntil(lambda: bool(delivered), timeout=WAIT_MS)
    assert delivered == ["new"] and errors == []


def test_progress_reports_arrive_on_the_ui_thread_and_the_result_after_them(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    ui_thread = threading.get_ident()
    events: list[tuple[str, object, int]] = []

    def work(progress: Progress) -> str:
        for n in range(1, 6):
            progress.step(n, 5, f"part {n}")
        return "written"

    runner.run(
        work,
        lambda result: events.append(("done", result, threading.get_ident())),
        progress=lambda done, total, label: events.append(
            ("step", (done, total, label), threading.get_ident())),
    )
    qtbot.waitUntil(lambda: any(kind == "done" for kind, _, _ in events), timeout=WAIT_MS)
    assert {thread for _, _, thread in events} == {ui_thread}
    steps = [what for kind, what, _ in events if kind == "step"]
    # The newest report is never lost; a busy window may see fewer than were made.
    assert steps and steps[-1] == (5, 5, "part 5")
    assert steps == sorted(steps, key=lambda s: s[0])  # type: ignore[index]
    assert events[-1][:2] == ("done", "written")


def test_cancel_stops_the_work_at_its_next_step_and_reaches_failed(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    steps: list[int] = []
    failed: list[Exception] = []
    done: list[object] = []
    first = threading.Event()

    def work(progress: Progress) -> str:
        for n in range(1_000_000):
            progress.step(n, 1_000_000)
            steps.append(n)
            first.set()
            if n > 100:
                threading.Event().wait(0.001)  # slow enough to be cancelled midway
        return "finished"

    task = runner.run(work, done.append, failed.append, cancel=True)
    assert first.wait(WAIT_MS / 1000)
    task.cancel()
    qtbot.waitUntil(lambda: bool(failed), timeout=WAIT_MS)
    assert isinstance(failed[0], Cancelled) and done == []
    assert task.cancelled and 0 < len(steps) < 1_000_000


def test_work_cancelled_while_queued_never_runs_and_says_so_at_once(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    ran: list[str] = []
    failed: list[Exception] = []
    release = hold_worker(runner)
    try:
        task = runner.run(lambda _p: ran.append("pack"), None, failed.append, cancel=True)
        task.cancel()
        # Delivered through the event loop, while the worker is still busy.
        qtbot.waitUntil(lambda: bool(failed), timeout=WAIT_MS)
        assert isinstance(failed[0], Cancelled)
    finally:
        release.set()
    runner.wait(WAIT_MS)
    qtbot.wait(10)
    assert ran == [] and len(failed) == 1


def test_nothing_is_delivered_to_an_owner_deleted_meanwhile_but_the_work_still_runs(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    owner = QObject()
    ran: list[str] = []
    delivered: list[object] = []
    release = hold_worker(runner)

    def save(progress: Progress) -> str:
        progress.step(1, 1, "saving")
        ran.append("saved")
        return "saved"

    runner.run(save, delivered.append, delivered.append, owner=owner,
               progress=lambda *report: delivered.append(report))
    runner.run(lambda: 1 / 0, delivered.append, delivered.append, owner=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner))
    with qtbot.waitSignal(runner.idle, timeout=WAIT_MS):
        release.set()
    assert ran == ["saved"] and delivered == []


def _alive(obj: QObject) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)


def test_the_strip_shows_steps_and_its_cancel_stops_the_work(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    strip = ProgressStrip(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    gate, outcome = threading.Event(), list[object]()

    def work(progress: Progress) -> None:
        progress.step(1, 4, "1 of 4")
        gate.wait(WAIT_MS / 1000)
        progress.step(2, 4, "2 of 4")

    strip.run(runner, "Checking the database…", work, outcome.append, outcome.append,
              owner=page)
    assert strip.isVisible() and strip.cancel_button.isEnabled()
    assert strip.bar.accessibleName() == "Progress: Checking the database…"
    assert strip.cancel_button.accessibleName() == "Cancel: Checking the database…"
    qtbot.waitUntil(lambda: strip.bar.value() == 1, timeout=WAIT_MS)
    assert strip.bar.maximum() == 4 and strip.text.text() == "Checking the database… 1 of 4"
    assert strip.text.accessibleName() == strip.text.text()  # read out as shown
    page.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_Escape)  # Esc anywhere in the page cancels
    assert strip.text.text() == "Stopping…" and not strip.cancel_button.isEnabled()
    assert strip.text.accessibleName() == "Stopping…"
    gate.set()
    qtbot.waitUntil(lambda: bool(outcome), timeout=WAIT_MS)
    assert isinstance(outcome[0], Cancelled) and not strip.isVisible()
    assert strip.bar.value() == 1  # nothing reported after Cancel


def test_a_strip_in_the_status_bar_is_cancelled_by_esc_anywhere_in_the_window(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    editor = QLineEdit()
    window.setCentralWidget(editor)
    strip = ProgressStrip(window)
    window.statusBar().addWidget(strip, 1)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    gate, outcome = threading.Event(), list[object]()

    def work(progress: Progress) -> None:
        gate.wait(WAIT_MS / 1000)
        progress.check()

    strip.run(runner, "Updating the database…", work, outcome.append, outcome.append)
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    gate.set()
    qtbot.waitUntil(lambda: bool(outcome), timeout=WAIT_MS)
    assert isinstance(outcome[0], Cancelled) and not strip.isVisible()


def test_the_dialog_closes_before_the_result_and_esc_or_closing_it_cancels(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    seen: list[bool] = []
    dialog = ProgressDialog("Make a pack of papers", window)

    def done(result: str) -> None:
        seen.append(dialog.isVisible())

    dialog.run(runner, "Making the pack…", lambda p: p.step(3, 3, "Contents") or "ok", done)
    assert dialog.isVisible() and dialog.accessibleName() == "Progress: Make a pack of papers"
    assert dialog.focusWidget() is dialog.cancel_button
    qtbot.waitUntil(lambda: bool(seen), timeout=WAIT_MS)
    assert seen == [False]

    gate, failed = threading.Event(), list[Exception]()
    second = ProgressDialog("Export bundle", window)

    def slow(progress: Progress) -> None:
        gate.wait(WAIT_MS / 1000)
        progress.check()

    second.run(runner, "Exporting…", slow, failed=failed.append)
    assert second.cancel_button.accessibleName() == "Cancel: Exporting…"
    second.close()  # the window's close button: stops the work, stays until it has
    assert second.isVisible() and second.strip.text.text() == "Stopping…"
    qtbot.keyClick(second, Qt.Key.Key_Escape)  # a second Esc changes nothing
    gate.set()
    qtbot.waitUntil(lambda: bool(failed), timeout=WAIT_MS)
    assert isinstance(failed[0], Cancelled)

