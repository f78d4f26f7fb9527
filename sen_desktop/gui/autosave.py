"""Autosave: what is typed reaches the database within a second, without blocking typing.

Each edit hands the latest text of one target (an item's discussion, a resolution) to
``Autosaver.changed``. A short single-shot timer, restarted by every keystroke, saves
once the typist pauses; a second timer, started by the first unsaved keystroke and not
restarted, saves during unbroken typing too, so nothing unsaved is ever older than
``max_latency_ms``. Saves run on the TaskRunner worker. While a target's save is in
flight its newer text waits, and is saved the moment the first save comes back: saves
of one target never overtake each other, and only the newest text is written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from sen_desktop.gui.tasks import TaskRunner

log = logging.getLogger(__name__)

#: Saved this long after the last keystroke.
PAUSE_MS = 600
#: … and never later than this after the first unsaved one.
MAX_LATENCY_MS = 800

Saver = Callable[[str], object]


@dataclass
class _Pending:
    text: str
    save: Saver


class Autosaver(QObject):
    """Debounced, coalescing saves of text targets on the worker."""

    #: The typist paused (the pause timer ran out): a natural end of an undo step.
    paused = Signal()
    #: A target's text is in the database: (key, the text saved).
    saved = Signal(object, str)
    #: A save was refused or failed: (key, the exception). The text stays pending
    #: only until the next edit; the page shows the message.
    failed = Signal(object, object)

    def __init__(
        self,
        runner: TaskRunner,
        pause_ms: int = PAUSE_MS,
        max_latency_ms: int = MAX_LATENCY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._pending: dict[Hashable, _Pending] = {}
        self._in_flight: set[Hashable] = set()
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(pause_ms)
        self._pause.timeout.connect(self._on_pause)
        self._latest = QTimer(self)
        self._latest.setSingleShot(True)
        self._latest.setInterval(max_latency_ms)
        self._latest.timeout.connect(self.flush)
        self._stopped = False

    def changed(self, key: Hashable, text: str, save: Saver) -> None:
        """``text`` is the newest content of ``key``; ``save(text)`` runs on the worker."""
        self._pending[key] = _Pending(text, save)
        self._pause.start()
        if not self._latest.isActive():
            self._latest.start()

    def has_pending(self, key: Hashable | None = None) -> bool:
        """Unsaved text (for one key, or any), queued or in flight."""
        if key is None:
            return bool(self._pending or self._in_flight)
        return key in self._pending or key in self._in_flight

    def flush(self, key: Hashable | None = None) -> None:
        """Queue the pending saves now (one key, or all) on the worker.

        Structural changes (removing a resolution, leaving a meeting) flush first, so
        their own work queues behind the text that was typed before them.
        """
        keys = [key] if key is not None else list(self._pending)
        for k in keys:
            if k in self._pending and k not in self._in_flight:
                self._send(k)
        if not self._pending:
            self._pause.stop()
            self._latest.stop()
        elif not self._latest.isActive():
            # What waits for an in-flight save goes when that save returns; this
            # keeps the latency bound if the worker is busy for a while.
            self._latest.start()

    def discard(self, key: Hashable) -> None:
        """Forget unsaved text of a target that is going away (it is saved elsewhere)."""
        self._pending.pop(key, None)

    def stop(self) -> None:
        """Queue everything pending and stop the timers (the window is closing).

        Text waiting behind an in-flight save is queued too: the worker runs saves
        in order, and after shutdown no result would come back to send it.
        """
        for key in list(self._pending):
            self._send(key)
        self._pause.stop()
        self._latest.stop()
        self._stopped = True

    def _on_pause(self) -> None:
        self.paused.emit()
        self.flush()

    def _send(self, key: Hashable) -> None:
        pending = self._pending.pop(key)
        self._in_flight.add(key)
        text, save = pending.text, pending.save

        def done(_result: Any) -> None:
            self._in_flight.discard(key)
            self.saved.emit(key, text)
            self._after(key)

        def failed(error: Exception) -> None:
            self._in_flight.discard(key)
            log.info("autosave of %r refused: %s", key, error)
            self.failed.emit(key, error)
            self._after(key)

        try:
            self._runner.run(lambda: save(text), done, failed, owner=self)
        except RuntimeError:  # the worker has been shut down; nothing can be saved now
            self._in_flight.discard(key)
            log.warning("autosave of %r after shutdown: not saved", key)

    def _after(self, key: Hashable) -> None:
        # Typing went on while the save was out: save the newest text straight away.
        if key in self._pending and not self._stopped:
            self._send(key)
        if not self._pending and not self._in_flight:
            self._latest.stop()
