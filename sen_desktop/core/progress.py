"""How long core work reports how far it has got, and how it is stopped.

One object for every long operation (a pack of papers, a bundle's export, import or
preview, demo data, a migration, a backup, a check): the operation takes
``progress: Progress = NO_PROGRESS`` and calls ``progress.step(done, total, label)`` at its
safe points, where stopping leaves the database and any target file as they were
(before a commit, before a file is renamed into place). Cancel, from another thread,
only raises a flag: the next ``step`` or ``check`` raises ``Cancelled``, and the
operation's own ``with session.begin()`` and temporary files undo whatever it had begun.

The window hands the operation a ``Progress`` whose reports cross to the UI thread
(``sen_desktop/gui/common/tasks.py``); the command line hands one that prints, or
``NO_PROGRESS``. Nothing here knows about Qt (docs/architecture.md "Layers").
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Final

from sen_desktop.core.errors import SenError

#: A report: (steps done, steps in all or 0 when not known, what is being done).
Report = Callable[[int, int, str], None]

STOPPED: Final = "Stopped before anything was changed."


class Cancelled(SenError):  # noqa: N818 (the name the house uses for it)
    """The person stopped the work: nothing was changed (no write, no target file)."""

    def __init__(self, message: str = STOPPED) -> None:
        super().__init__(message)


class Progress:
    """Reports steps to ``report`` and carries a thread-safe Cancel.

    ``step`` and ``check`` are called by the work (on the worker thread, or the
    command line's only thread); ``cancel`` may be called from any thread.
    """

    def __init__(self, report: Report | None = None) -> None:
        self._report = report
        self._cancelled = threading.Event()

    def step(self, done: int, total: int, label: str = "") -> None:
        """Say how far the work has got; raise ``Cancelled`` if Cancel was asked for.

        Call it only where stopping is safe: the check comes first, so no report
        follows a Cancel.
        """
        self.check()
        if self._report is not None:
            self._report(done, total, label)

    def check(self) -> None:
        """Raise ``Cancelled`` if Cancel was asked for (a safe point with nothing to say)."""
        if self._cancelled.is_set():
            raise Cancelled()

    def cancel(self) -> None:
        """Ask the work to stop at its next safe point (from any thread)."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()


class _NoProgress(Progress):
    """Never reports and can never be cancelled: the default of every core operation."""

    def cancel(self) -> None:
        # Shared by every caller: one caller's Cancel must not stop everyone's work.
        return None


#: The default ``progress`` argument: no reports, no Cancel.
NO_PROGRESS: Final[Progress] = _NoProgress()
