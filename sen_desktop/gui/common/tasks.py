"""One serialized worker for store and service work; results come back by signal.

SQLite has one writer, and a read queued after a write must see that write, so every
database call runs, in order, on a single worker thread (a QThreadPool limited to one
thread that never expires). The worker never touches a widget: it hands its result or
exception to a relay object living on the UI thread, and the UI thread calls back.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot

T = TypeVar("T")
log = logging.getLogger(__name__)
_Callbacks = tuple[
    Callable[[Any], None] | None, Callable[[Exception], None] | None, QObject | None
]


class _Relay(QObject):
    """Lives on the UI thread; the worker emits, the queued connection delivers."""

    finished = Signal(int, bool, object)


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
        self._callbacks: dict[int, _Callbacks] = {}
        self._ids = itertools.count(1)
        self._closed = False

    def run(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        owner: QObject | None = None,
    ) -> None:
        """Queue ``work``; ``on_done(result)`` or ``on_error(exc)`` runs on the UI thread.

        If ``owner`` (the widget the callbacks update) has been deleted by the time the
        result arrives, the callbacks are skipped: a dialog closed while its list was
        loading has nothing left to fill.
        """
        if self._closed:
            raise RuntimeError("The task runner has been shut down.")
        task_id = next(self._ids)
        self._callbacks[task_id] = (on_done, on_error, owner)
        relay = self._relay

        def execute() -> None:
            try:
                result: Any = work()
            except Exception as exc:  # handed to the UI thread, never lost
                log.debug("task %s failed", task_id, exc_info=True)
                relay.finished.emit(task_id, False, exc)
            else:
                relay.finished.emit(task_id, True, result)

        self._pool.start(execute)

    def busy(self) -> bool:
        """True while a task is queued, running or waiting to be delivered."""
        return bool(self._callbacks)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker is idle (results are still delivered by the event loop)."""
        return self._pool.waitForDone(msecs)

    def shutdown(self, final: Callable[[], object] | None = None, msecs: int = 30_000) -> bool:
        """Run ``final`` (e.g. closing the database) after queued work, then stop.

        Callbacks not yet delivered are dropped: their widgets are going away.
        """
        if self._closed:
            return True
        if final is not None:
            self.run(final)
        self._closed = True
        done = self._pool.waitForDone(msecs)
        self._callbacks.clear()
        return done

    @Slot(int, bool, object)
    def _deliver(self, task_id: int, ok: bool, result: object) -> None:
        callbacks = self._callbacks.pop(task_id, None)
        if callbacks is None:  # dropped at shutdown
            return
        on_done, on_error, owner = callbacks
        try:
            if owner is not None and not shiboken6.isValid(owner):
                return
            if ok:
                if on_done is not None:
                    on_done(result)
            elif on_error is not None:
                assert isinstance(result, Exception)
                on_error(result)
            else:
                self.task_failed.emit(result)
        finally:
            if not self._callbacks:
                self.idle.emit()
