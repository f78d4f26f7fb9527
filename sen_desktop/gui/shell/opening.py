"""Opening the data folder on the worker, with the progress strip while it takes long.

Most starts open in a moment and show nothing. When opening runs long work — creating
the database, the copy before a migration, the migration itself, the day's backup of a
big file — the store reports its steps (core/store/database.py) and the strip appears in
the status bar with Cancel (and Esc while it has the keyboard): a cancelled creation or
migration leaves the folder as it was and the window says so; a cancelled daily backup
only skips today's copy and the programme opens (docs/architecture.md, "The task API").
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from sen_desktop.gui.shell.session import OpenProgramme, open_programme_services

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable
    from pathlib import Path

    from PySide6.QtWidgets import QMainWindow

    from sen_desktop.core.programme.group_reads import FirstLook
    from sen_desktop.core.programme.records import GroupSummary
    from sen_desktop.core.progress import Progress
    from sen_desktop.gui.common.progress import ProgressStrip
    from sen_desktop.gui.common.tasks import Task, TaskRunner

#: What the strip says before the store's own words for the step.
TITLE = "Opening the programme:"

log = logging.getLogger(__name__)


class Opening(QObject):
    """One opening of ``window``'s data folder at a time."""

    def __init__(self, window: QMainWindow, runner: Callable[[], TaskRunner]) -> None:
        super().__init__(window)
        self._window = window
        self._runner = runner
        self.task: Task | None = None
        #: The strip in the status bar, made at the first report (tests read it).
        self.strip: ProgressStrip | None = None

    def look(
        self,
        data_dir: Path,
        group: str | None,
        today: dt.date | None,
        done: Callable[[FirstLook | None], None],
    ) -> None:
        """The first look on the worker: the groups, and ``group`` (an id, or
        "steering"), read straight from the file before the store loads
        (core/programme/group_reads.py); ``done`` gets None where only the full opening
        can say. Nothing is held open after it: ``start`` opens the folder next."""

        def read() -> FirstLook | None:
            import datetime

            from sen_desktop.core.programme.group_reads import first_look

            return first_look(data_dir, group, today or datetime.date.today())

        def failed(error: Exception) -> None:
            # A bug, not a refusal (those are the full opening's to word): open on.
            log.error("the first look at %s failed", data_dir, exc_info=error)
            done(None)

        self._runner().run(read, done, failed, owner=self._window)

    def start(
        self,
        data_dir: Path,
        opened: list[OpenProgramme],
        done: Callable[[OpenProgramme, list[GroupSummary]], None],
        failed: Callable[[Exception], None],
    ) -> None:
        """Open ``data_dir`` on the worker; ``opened`` gets the session there (so a
        window closing meanwhile can still close it), then ``done`` with the session and
        its groups (for the navigation list) or ``failed`` runs.

        The groups are listed in the same worker call as the opening: the navigation
        fills without a second trip to the worker and back (docs/architecture.md,
        "Start-up")."""

        def open_folder(progress: Progress) -> tuple[OpenProgramme, list[GroupSummary]]:
            session = open_programme_services(data_dir, progress)
            opened.append(session)
            return session, session.programme.list_groups()

        def finished(result: tuple[OpenProgramme, list[GroupSummary]]) -> None:
            self._finish()
            done(*result)

        def refused(error: Exception) -> None:
            self._finish()
            failed(error)

        self.task = self._runner().run(open_folder, finished, refused, progress=self._report,
                                     cancel=True, owner=self._window)

    def _report(self, done: int, total: int, label: str) -> None:
        strip = self.strip
        if strip is None:
            from sen_desktop.gui.common.progress import ProgressStrip

            strip = self.strip = ProgressStrip(self._window)
            self._window.statusBar().addWidget(strip, 1)
        if not strip.isVisible():
            strip.start(TITLE)
            if self.task is not None:
                strip.follow(self.task)
        strip.report(done, total, label)

    def _finish(self) -> None:
        self.task = None
        if self.strip is not None and self.strip.isVisible():
            self.strip.finish()
