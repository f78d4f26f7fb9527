"""Autosave: what is typed reaches the database within a second, and is never dropped.

Each edit hands the latest text of one target (an item's discussion, a resolution) to
``Autosaver.changed``. A short single-shot timer, restarted by every keystroke, saves
once the typist pauses; a second timer, started by the first unsaved keystroke and not
restarted, saves during unbroken typing too, so nothing unsaved is ever older than
``max_latency_ms``. Saves run on the TaskRunner worker. While a target's save is in
flight its newer text waits, and is saved the moment the first save comes back: saves
of one target never overtake each other, and only the newest text is written.

A save that fails keeps its text. When the database could not take it (another program
holds a write lock, a disk hiccup) it is tried again after 0.5 s, 1 s, 2 s … at most
``RETRY_CAP_MS`` apart, and at once when any other save gets through. When the core
refused it on purpose (a ``SenError`` such as "minutes confirmed"), retrying the same
text cannot help: it waits for the next edit or an explicit ``flush``. Either way
``state()`` says so, so the page never claims "saved" for text not in the database,
and closing the window can ask rather than lose it.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from sen_desktop.core.errors import SenError, StoreError
from sen_desktop.core.store.failures import LOCKED, store_failure

if TYPE_CHECKING:
    from sen_desktop.gui.common.tasks import TaskRunner

log = logging.getLogger(__name__)

#: Saved this long after the last keystroke.
PAUSE_MS = 600
#: … and never later than this after the first unsaved one.
MAX_LATENCY_MS = 800
#: A failed save is tried again after this, doubling each time …
RETRY_FIRST_MS = 500
#: … up to this.
RETRY_CAP_MS = 10_000

Saver = Callable[[str], object]


class SaveState(enum.Enum):
    SAVED = "All changes saved"
    SAVING = "Saving…"
    RETRYING = "Not saved yet — retrying; your text is kept"
    REFUSED = "Not saved — your text is kept"


def retry_delay_ms(failures: int) -> int:
    """How long to wait before the next try after ``failures`` failures in a row."""
    return int(min(RETRY_FIRST_MS * 2 ** max(failures - 1, 0), RETRY_CAP_MS))


def is_refusal(error: BaseException) -> bool:
    """The core refused this text on purpose: the same text would be refused again."""
    return isinstance(error, SenError) and not isinstance(error, StoreError)


def why_not_saved(error: BaseException) -> str:
    """One sentence a secretary can act on, for a save that did not land (never a database
    error's text: gui/common/failures.py words the surroundings' failures)."""
    if is_refusal(error):
        return getattr(error, "message", str(error))
    failure = store_failure(error)
    if failure is not None and failure.reason == LOCKED:
        return ("Another program is using the database just now, so your typing is not "
                "saved yet; it is kept here and saved as soon as the database is free.")
    if failure is not None:
        return f"Your typing is kept here but not saved yet: {_lower_first(failure.message)}"
    return (f"Your typing is kept here but not saved yet ({type(error).__name__}); it is "
            "saved again shortly.")


def why_not_done(error: BaseException) -> str:
    """One sentence for a change (a new resolution, a removed action) the database did
    not take; the page then shows the minutes as the database holds them."""
    failure = store_failure(error)
    if failure is not None and failure.reason == LOCKED:
        return ("Another program is using the database just now, so your last change was "
                "not saved; the minutes show what is saved. Try the change again in a moment.")
    if failure is not None:
        return f"Your last change was not saved: {_lower_first(failure.message)}"
    return (f"Your last change was not saved ({type(error).__name__}); the minutes show "
            "what is saved. Try it again in a moment.")


def _lower_first(sentence: str) -> str:
    return sentence[:1].lower() + sentence[1:]


@dataclass
class _Pending:
    text: str
    save: Saver
    #: The core refused exactly this text: wait for an edit or an explicit flush.
    refused: bool = False
    #: Sent only once this other key is in the database (a resolution's text waits
    #: for the resolution itself).
    after: Hashable | None = None


class Autosaver(QObject):
    """Debounced, coalescing saves of text targets on the worker, kept until they land."""

    #: The typist paused (the pause timer ran out): a natural end of an undo step.
    paused = Signal()
    #: A target's text is in the database: (key, the text saved).
    saved = Signal(object, str)
    #: A save failed: (key, the exception). Its text is kept (see the module docstring).
    failed = Signal(object, object)
    #: ``state()`` may have changed.
    state_changed = Signal()

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
        self._in_flight: dict[Hashable, str] = {}
        self._failures: dict[Hashable, int] = {}
        self._errors: dict[Hashable, BaseException] = {}
        self._not_before: dict[Hashable, float] = {}
        # Discarded while in flight: whatever comes back, it is not kept.
        self._cancelled: set[Hashable] = set()
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(pause_ms)
        self._pause.timeout.connect(self._on_pause)
        self._latest = QTimer(self)
        self._latest.setSingleShot(True)
        self._latest.setInterval(max_latency_ms)
        self._latest.timeout.connect(self._send_due)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._send_due)
        self._stopped = False

    def changed(
        self, key: Hashable, text: str, save: Saver, after: Hashable | None = None
    ) -> None:
        """``text`` is the newest content of ``key``; ``save(text)`` runs on the worker,
        not before ``after`` (another key) is saved."""
        self._pending[key] = _Pending(text, save, after=after)
        self._pause.start()
        if not self._latest.isActive():
            self._latest.start()
        self.state_changed.emit()

    def has_pending(self, key: Hashable | None = None) -> bool:
        """Text not yet in the database (for one key, or any): queued, in flight or kept
        after a failed save."""
        if key is None:
            return bool(self._pending or self._in_flight)
        return key in self._pending or key in self._in_flight

    def pending_text(self, key: Hashable) -> str | None:
        """The newest text of ``key`` that is not in the database yet, if any."""
        if key in self._pending:
            return self._pending[key].text
        return self._in_flight.get(key)

    def in_flight(self, key: Hashable | None = None) -> bool:
        """A save (of ``key``, or any) is out on the worker."""
        return key in self._in_flight if key is not None else bool(self._in_flight)

    def state(self) -> SaveState:
        if any(p.refused for p in self._pending.values()):
            return SaveState.REFUSED
        if any(k in self._pending or k in self._in_flight for k in self._failures):
            return SaveState.RETRYING
        if self._pending or self._in_flight:
            return SaveState.SAVING
        return SaveState.SAVED

    def last_error(self) -> BaseException | None:
        """Why the most recent failed save, still not saved, did not land."""
        waiting = [k for k in self._errors if k in self._pending or k in self._in_flight]
        return self._errors[waiting[-1]] if waiting else None

    def flush(self, key: Hashable | None = None) -> None:
        """Send the pending saves now (one key, or all), waiting back-off or not.

        Structural changes (removing a resolution, leaving a meeting) flush first, so
        their own work queues behind the text that was typed before them; closing the
        window flushes to try once more.
        """
        keys = [key] if key is not None else list(self._pending)
        for k in keys:
            if k in self._pending and k not in self._in_flight and not self._waits(k):
                self._send(k)
        self._timers_after_send()

    def discard(self, key: Hashable) -> None:
        """Forget unsaved text of a target that is going away (an undone change); one
        in flight still runs, but is not kept or retried if it fails."""
        self._pending.pop(key, None)
        if key in self._in_flight:
            self._cancelled.add(key)
        self._forget_failures(key)
        self.state_changed.emit()

    def discard_all(self) -> list[str]:
        """Forget every unsaved text (the person chose to lose it); returns the texts."""
        lost = [p.text for p in self._pending.values()]
        self._pending.clear()
        self._cancelled.update(self._in_flight)
        self._failures.clear()
        self._errors.clear()
        self._not_before.clear()
        self._retry.stop()
        self.state_changed.emit()
        return lost

    def stop(self) -> None:
        """Queue everything pending and stop the timers (the window is closing).

        Text waiting behind an in-flight save is queued too: the worker runs saves
        in order, and after shutdown no result would come back to send it.
        """
        for key in list(self._pending):
            self._send(key)
        for timer in (self._pause, self._latest, self._retry):
            timer.stop()
        self._stopped = True

    def _on_pause(self) -> None:
        self.paused.emit()
        self._send_due()

    def _send_due(self) -> None:
        """Send what is pending, except text refused as it stands or still backing off."""
        now = time.monotonic()
        for key, pending in list(self._pending.items()):
            if key in self._in_flight or pending.refused or self._waits(key):
                continue
            if self._not_before.get(key, 0.0) <= now:
                self._send(key)
        self._timers_after_send()

    def _timers_after_send(self) -> None:
        # The debounce timers are for fresh typing; text backing off has the retry timer.
        now = time.monotonic()
        waiting = [k for k, p in self._pending.items()
                   if not p.refused and self._not_before.get(k, 0.0) <= now
                   and not self._waits(k)]
        if not waiting:
            self._pause.stop()
            self._latest.stop()
        elif not self._latest.isActive() and not self._stopped:
            # What waits for an in-flight save goes when that save returns; this
            # keeps the latency bound if the worker is busy for a while.
            self._latest.start()
        self._schedule_retry()

    def _schedule_retry(self) -> None:
        due = [self._not_before[k] for k, p in self._pending.items()
               if k in self._not_before and not p.refused and k not in self._in_flight]
        if not due or self._stopped:
            self._retry.stop()
            return
        wait_ms = max(0, int((min(due) - time.monotonic()) * 1000))
        if not self._retry.isActive() or self._retry.remainingTime() > wait_ms:
            self._retry.start(wait_ms)

    def _waits(self, key: Hashable) -> bool:
        after = self._pending[key].after
        return after is not None and (after in self._pending or after in self._in_flight)

    def _send(self, key: Hashable) -> None:
        pending = self._pending.pop(key)
        self._in_flight[key] = pending.text
        text, save, after = pending.text, pending.save, pending.after

        def done(_result: Any) -> None:
            self._in_flight.pop(key, None)
            self._cancelled.discard(key)
            self._forget_failures(key)
            self.saved.emit(key, text)
            self._after(key, succeeded=True)

        def failed(error: Exception) -> None:
            self._in_flight.pop(key, None)
            if key in self._cancelled:  # undone meanwhile: nothing to keep
                self._cancelled.discard(key)
                log.info("autosave of %r failed after it was undone: %s", key, error)
                self._after(key, succeeded=False)
                return
            refused = is_refusal(error)
            if key not in self._pending:  # nothing newer was typed meanwhile: keep this
                self._pending[key] = _Pending(text, save, refused=refused, after=after)
            failures = self._failures.get(key, 0) + 1
            self._failures[key] = failures
            self._errors[key] = error
            if refused:  # the next edit, or an explicit flush, tries again
                self._not_before.pop(key, None)
                log.info("autosave of %r refused, kept: %s", key, error)
            else:
                delay = retry_delay_ms(failures)
                self._not_before[key] = time.monotonic() + delay / 1000
                log.info("autosave of %r failed (%d in a row), kept; next try in %d ms: %s",
                         key, failures, delay, error)
            self.failed.emit(key, error)
            self._after(key, succeeded=False)

        task = self._runner.run(lambda: save(text), done, failed, owner=self)
        if task.refused:  # the worker has been shut down; nothing can be saved now
            self._in_flight.pop(key, None)
            log.warning("autosave of %r after shutdown: not saved", key)
        self.state_changed.emit()

    def _forget_failures(self, key: Hashable) -> None:
        self._failures.pop(key, None)
        self._errors.pop(key, None)
        self._not_before.pop(key, None)

    def _after(self, key: Hashable, succeeded: bool) -> None:
        if not self._stopped:
            if succeeded:
                # Typing went on while the save was out: save the newest text straight
                # away. And the database takes saves again: what was backing off goes too.
                backing_off = [k for k in self._failures if k in self._pending]
                waiting = [k for k, p in self._pending.items() if p.after == key]
                for k in [key, *backing_off, *waiting]:
                    pending = self._pending.get(k)
                    if (pending is not None and not pending.refused
                            and k not in self._in_flight and not self._waits(k)):
                        self._send(k)
            self._timers_after_send()
        if not self._pending and not self._in_flight:
            self._latest.stop()
        self.state_changed.emit()
