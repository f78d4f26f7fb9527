"""The serialized worker: work off the UI thread, in order, results back on the UI thread."""

from __future__ import annotations

import functools
import threading

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sen_desktop.gui.common.tasks import TaskRunner


def test_work_runs_in_order_on_one_other_thread_and_results_come_back_on_the_ui_thread(
    qtbot: QtBot, qapp: QApplication
) -> None:
    runner = TaskRunner()
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
    runner.shutdown()


def test_errors_go_to_the_error_callback_or_the_failed_signal(qtbot: QtBot) -> None:
    runner = TaskRunner()
    caught: list[Exception] = []

    def boom() -> None:
        raise ValueError("no")

    runner.run(boom, lambda _r: None, caught.append)
    qtbot.waitUntil(lambda: bool(caught))
    assert isinstance(caught[0], ValueError)
    with qtbot.waitSignal(runner.task_failed) as blocker:
        runner.run(boom)
    assert isinstance(blocker.args[0], ValueError)
    runner.shutdown()


def test_shutdown_runs_the_final_step_after_queued_work_and_refuses_more() -> None:
    runner = TaskRunner()
    order: list[str] = []
    runner.run(lambda: order.append("work"))
    assert runner.shutdown(lambda: order.append("close"))
    assert order == ["work", "close"]
    with pytest.raises(RuntimeError):
        runner.run(lambda: None)
