"""One serialized worker for store and service work; results come back by signal.

SQLite has one writer, and a read queued after a write must see that write, so every
database call runs, in order, on a single worker thread (a QThreadPool limited to one
thread that never expires). The worker never touches a widget: it hands its result,
exception or progress to a relay object living on the UI thread, and the UI thread
calls back (docs/architecture.md "The task API").

    task = runner.run(work, done, failed, progress=None, cancel=False,
                      channel=None, owner=None)

- ``done(result)`` or ``failed(exception)`` runs on the UI thread; an exception with no
  ``failed`` goes to the ``task_failed`` signal (a ``Cancelled`` one goes nowhere).
- ``progress=callback`` or ``cancel=True``: ``work`` is called as ``work(p)`` with a
  ``core.progress.Progress``; ``p.step(done, total, label)`` reaches ``callback`` on the
  UI thread (the newest report only, when the UI is busier than the worker), and
  ``task.cancel()`` makes the next ``p.step``/``p.check`` raise ``Cancelled``, which
  reaches ``failed``. A task cancelled before it starts never runs.
- ``channel="name"``: only the newest task on a channel delivers; an older one still
  queued is not run at all, one already running finishes unseen. For reads whose
  answer a newer question replaces (a search, the list for the chosen filters), never
  for saves. ``runner.drop(channel)`` forgets a channel's pending question.
- ``owner``: a QObject; if it has been deleted when the result comes back, nothing is
  delivered (the work itself still runs: a save is never dropped).
- After ``shutdown`` (the window has closed its database) ``run`` queues nothing and
  delivers nothing; the task it returns says ``refused``. Late timers and clicks while
  the window closes need no guard of their own.
- A failure of the surroundings (a read-only folder or file, a full disk, another
  program's lock, a damaged file) reaches ``failed`` as a ``core.errors.StoreFailure``
  whose message is core/store/failures.py's one sentence, whatever raised it (SQLite, an
  ``OSError`` writing a paper); ``database`` names the file meant when the error names
  none. The log has the error's type and code, never a database error's text.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot

from sen_desktop.core.progress import Cancelled, Progress
from sen_desktop.core.store.failures import failure_summary, safe_traceback, store_failure

if TYPE_CHECKING:
    from pathlib import Path

T = TypeVar("T")
log = logging.getLogger(__name__)

#: What a progress callback is given: steps done, steps in all (0: not known), a label.
ProgressCallback = Callable[[int, int, str], None]

_QUEUED, _RUNNING, _ENDED = "queued", "running", "ended"


class Task:
    """One piece of work handed to the runner: cancel it, or ask what became of it."""

    def __init__(self, task_id: int, channel: str | None, progress: Progress,
                 runner: TaskRunner) -> None:
        self.id = task_id
        self.channel = channel
        self.progress = progress
        self._runner = runner
        self._lock = threading.Lock()
        self._state = _QUEUED
        self._superseded = False
        self.refused = False  # the runner had shut down: the work was never queued

    def cancel(self) -> None:
        """Stop the work: not started, it never runs; running with a Progress, it stops
        at its next step. Either way ``failed`` receives ``Cancelled``. Work that has
        finished (or took no Progress) is delivered as it ended."""
        with self._lock:
            self.progress.cancel()
            never_started = self._state == _QUEUED
            if never_started:
                self._state = _ENDED
        if never_started:
            self._runner._cancelled_in_queue(self)

    @property
    def cancelled(self) -> bool:
        return self.progress.cancelled

    @property
    def superseded(self) -> bool:
        """A newer task on the same channel has replaced this one."""
        return self._superseded

    def _supersede(self) -> None:
        with self._lock:
            self._superseded = True
            if self._state == _QUEUED:
                self._state = _ENDED

    def _start(self) -> bool:
        """On the worker: True if the work should run (not cancelled, not replaced)."""
        with self._lock:
            if self._state != _QUEUED:
                return False
            self._state = _RUNNING
            return True

    def _end(self) -> None:
        with self._lock:
            self._state = _ENDED


@dataclass
class _Entry:
    task: Task
    done: Callable[[Any], None] | None
    failed: Callable[[Exception], None] | None
    progress: ProgressCallback | None
    owner: QObject | None

    def owner_gone(self) -> bool:
        return self.owner is not None and not shiboken6.isValid(self.owner)


class _Relay(QObject):
    """Lives on the UI thread; the worker emits, the queued connections deliver."""

    finished = Signal(int, bool, object)
    reported = Signal(int)


class TaskRunner(QObject):
    """Runs callables one at a time, in the order given, off the UI thread."""

    #: An exception from a task that had no error callback of its own.
    task_failed = Signal(object)
    #: The last pending task has been delivered.
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        # Keep the same thread for the whole session: SQLite connections and their
        # pool belong to the thread that opened them.
        self._pool.setExpiryTimeout(-1)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._relay.reported.connect(self._report, Qt.ConnectionType.QueuedConnection)
        self._entries: dict[int, _Entry] = {}
        self._channels: dict[str, Task] = {}
        self._reports_lock = threading.Lock()
        self._reports: dict[int, tuple[int, int, str]] = {}
        self._ids = itertools.count(1)
        self._closed = False
        #: The database file a failure is about when its error names no file.
        self.database: Path | None = None

    def run(
        self,
        work: Callable[..., T],
        done: Callable[[T], None] | None = None,
        failed: Callable[[Exception], None] | None = None,
        *,
        progress: ProgressCallback | None = None,
        cancel: bool = False,
        channel: str | None = None,
        owner: QObject | None = None,
    ) -> Task:
        """Queue ``work``; ``done(result)`` or ``failed(exc)`` runs on the UI thread
        (see the module's docstring)."""
        task_id = next(self._ids)
        report = self._reporter(task_id) if progress is not None else None
        task = Task(task_id, channel, Progress(report), self)
        if self._closed:
            log.info("task %s after shutdown: not run", task_id)
            task.refused = True
            task._end()
            return task
        if channel is not None:
            older = self._channels.get(channel)
            if older is not None:
                older._supersede()
                self._entries.pop(older.id, None)
            self._channels[channel] = task
        self._entries[task_id] = _Entry(task, done, failed, progress, owner)
        wants_progress = progress is not None or cancel
        relay = self._relay

        def execute() -> None:
            if not task._start():
                return  # cancelled (already delivered) or replaced on its channel
            try:
                if wants_progress:
                    task.progress.check()
                    result: Any = work(task.progress)
                else:
                    result = work()
            except Exception as exc:  # handed to the UI thread, never lost
                task._end()
                relay.finished.emit(task_id, False, self._failure(task_id, exc))
            else:
                task._end()
                relay.finished.emit(task_id, True, result)

        self._pool.start(execute)
        return task

    def _failure(self, task_id: int, exc: Exception) -> Exception:
        """What ``failed`` receives for ``exc``: the surroundings' failures as one
        sentence (a StoreFailure), anything else as it was raised; logged without SQL."""
        if isinstance(exc, Cancelled):
            return exc
        failure = store_failure(exc, path=self.database)
        if failure is None:
            log.debug("task %s failed: %s\n%s", task_id, failure_summary(exc),
                      safe_traceback(exc))
            return exc
        log.info("task %s: %s (%s)", task_id, failure.reason, failure_summary(exc))
        return failure

    def drop(self, channel: str) -> None:
        """Forget the question pending on ``channel`` (the search box emptied): still
        queued, it is not run; running, its answer is not delivered."""
        task = self._channels.pop(channel, None)
        if task is None:
            return
        task._supersede()
        if self._entries.pop(task.id, None) is not None and not self._entries:
            self.idle.emit()

    @property
    def closed(self) -> bool:
        """The runner has shut down: it runs nothing more."""
        return self._closed

    def busy(self) -> bool:
        """True while a task is queued, running or waiting to be delivered."""
        return bool(self._entries)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker is idle (results are still delivered by the event loop)."""
        return self._pool.waitForDone(msecs)

    def shutdown(self, final: Callable[[], object] | None = None, msecs: int = 30_000) -> bool:
        """Run ``final`` (e.g. closing the database) after queued work, then stop.

        Work that takes a Progress is asked to stop (it stops where nothing is lost);
        other queued work, saves above all, still runs. Callbacks not yet delivered are
        dropped: their widgets are going away.
        """
        if self._closed:
            return True
        for entry in self._entries.values():
            entry.task.progress.cancel()
        if final is not None:
            self.run(final)
        self._closed = True
        done = self._pool.waitForDone(msecs)
        self._entries.clear()
        self._channels.clear()
        return done

    # --- the UI thread's side -------------------------------------------------------

    def _reporter(self, task_id: int) -> Callable[[int, int, str], None]:
        relay, lock, reports = self._relay, self._reports_lock, self._reports

        def report(done: int, total: int, label: str) -> None:
            # Only the newest report waits for the UI thread: a worker stepping faster
            # than the window paints does not flood the event queue.
            with lock:
                first = task_id not in reports
                reports[task_id] = (int(done), int(total), str(label))
            if first:
                relay.reported.emit(task_id)

        return report

    def _cancelled_in_queue(self, task: Task) -> None:
        # Delivered through the event loop, like every result: never inside cancel().
        self._relay.finished.emit(task.id, False, Cancelled())

    @Slot(int)
    def _report(self, task_id: int) -> None:
        with self._reports_lock:
            report = self._reports.pop(task_id, None)
        entry = self._entries.get(task_id)
        if report is None or entry is None or entry.progress is None:
            return
        if entry.task.cancelled or entry.owner_gone():
            return
        entry.progress(*report)

    @Slot(int, bool, object)
    def _deliver(self, task_id: int, ok: bool, result: object) -> None:
        with self._reports_lock:
            self._reports.pop(task_id, None)
        entry = self._entries.pop(task_id, None)
        if entry is None:  # replaced on its channel, or dropped at shutdown
            return
        channel = entry.task.channel
        if channel is not None and self._channels.get(channel) is entry.task:
            del self._channels[channel]
        try:
            if entry.owner_gone():
                return
            if ok:
                if entry.done is not None:
                    entry.done(result)
            elif entry.failed is not None:
                assert isinstance(result, Exception)
                entry.failed(result)
            elif not isinstance(result, Cancelled):
                self.task_failed.emit(result)
        finally:
            if not self._entries:
                self.idle.emit()
