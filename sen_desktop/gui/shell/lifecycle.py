"""The programme's life in the main window: opening it at start (the first look, then
the store behind it), putting it away while a backup is restored and opening it again,
and closing it with the window (docs/architecture.md, "Start-up").

A mixin of ``MainWindow`` (gui/shell/window.py); the names below the class line are the
window's, declared so that the type checker knows what these methods use.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

from sen_desktop.core.errors import SenError
from sen_desktop.core.progress import Cancelled
from sen_desktop.gui.common import resources
from sen_desktop.gui.shell.keys import tip_clear_buttons
from sen_desktop.gui.shell.pages import GROUP_PREFIX
from sen_desktop.gui.shell.probe import after_first_paint
from sen_desktop.gui.shell.single_copy import folder_in_use, in_use_message

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable
    from pathlib import Path

    from PySide6.QtCore import Signal
    from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

    from sen_desktop.core.programme.group_reads import FirstLook
    from sen_desktop.core.programme.records import GroupDetail, GroupSummary
    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.groups.page import GroupPage
    from sen_desktop.gui.papers.export import ExportController
    from sen_desktop.gui.shell.navigation import Navigation
    from sen_desktop.gui.shell.opening import Opening
    from sen_desktop.gui.shell.session import OpenProgramme

    _Base = QMainWindow
else:
    _Base = object  # the window brings QMainWindow itself

log = logging.getLogger(__name__)

#: The store opens behind the first look once its page is drawn, or after this long.
OPEN_BEHIND_MS = 250


class ProgrammeLife(_Base):
    """Opens, puts away and closes the window's programme."""

    data_dir: Path
    session: OpenProgramme | None
    runner: TaskRunner
    _opening: Opening | None
    navigation: Navigation
    pages: QStackedWidget
    dialog: Any
    group_page: GroupPage
    _opened: list[OpenProgramme]
    _groups: list[GroupSummary]
    _built: dict[str, QWidget]
    _today: dt.date | None
    _requested_view: str | None
    _welcome_wanted: bool
    _shut_down: bool
    _warmed: bool
    _last_group: str | None
    _opening_key: str
    _first_shown: bool
    _opening_started: bool
    _frame_finished: bool

    if TYPE_CHECKING:  # the window's own, declared for the type checker only
        open_failed: Signal
        opened: Signal
        backup_damaged: Signal

        @property
        def exporter(self) -> ExportController: ...

        def built(self, key: str) -> QWidget | None: ...

        def show_view(self, view: str) -> None: ...

        def show_welcome(self) -> None: ...

        def _select_key(self, key: str, show: bool = True) -> bool: ...

        def _show_current(self) -> None: ...

        def _update_actions(self) -> None: ...

        def _saved_key(self) -> str | None: ...

    # --- opening -------------------------------------------------------------------------

    @property
    def opening(self) -> Opening:
        """Opening the folder on the worker, with a progress strip while that takes long
        (made by the first start, once the frame is drawn)."""
        if self._opening is None:
            from sen_desktop.gui.shell.opening import Opening

            self._opening = Opening(self, lambda: self.runner)
        return self._opening

    def start(self) -> None:
        """Open the data folder: the first look on the worker (the groups, and the group
        the window opens on, read straight from the file), then the store behind it
        (docs/architecture.md, "Start-up"); the pages fill in when it is open."""
        self._finish_frame()
        self.statusBar().showMessage("Opening the programme…")
        self._opening_key = key = self._opening_view()
        self._first_shown = self._opening_started = False
        group = key.removeprefix(GROUP_PREFIX) if key.startswith(GROUP_PREFIX) else None
        self.opening.look(self.data_dir, "steering" if key == "groups" else group,
                          self._today, self._on_first_look)

    def _finish_frame(self) -> None:
        """What the first paint does not draw: the window's icon (the desktop's title bar
        and taskbar show it) and the search box's clear button's tip (shown on hover)."""
        if not self._frame_finished:
            self._frame_finished = True
            self.setWindowIcon(resources.icon("app"))
            tip_clear_buttons(self)
            self.navigation.rebuild(self._groups)  # the groups' label, until they come

    def _opening_view(self) -> str:
        """The view or navigation key the window opens on."""
        # After a crash or kill mid-minutes, reopen where the secretary was typing.
        from sen_desktop.gui.shell.resume import read_resume

        point = read_resume(self.data_dir)
        resume = "minutes" if point is not None and point.showing else None
        if self._requested_view == "welcome" or (
                self._welcome_wanted and self._requested_view is None and not resume
                and _first_run(self.data_dir)):
            return "welcome"
        if self._requested_view in ("help", "settings"):
            return "groups"  # what the window shows behind it
        # With nowhere saved: the person's Home, not fifteen "Vacant" seats.
        return self._requested_view or resume or self._saved_key() or "home"

    def _on_first_look(self, look: FirstLook | None) -> None:
        if look is not None and self.session is None and not self._shut_down:
            self._groups = list(look.groups)
            self.navigation.rebuild(self._groups)
            if look.group is not None:
                self._show_first(look.group)
                return
        self._open_fully()

    def _show_first(self, group: GroupDetail) -> None:
        """The group the window opens on, as the first look read it: shown, and usable
        from the keyboard, while the store loads behind it once the page is drawn."""
        self._first_shown = True
        self.statusBar().clearMessage()
        page = self.group_page
        self._select_key(f"{GROUP_PREFIX}{group.id}", show=False)
        self.pages.setCurrentWidget(page)
        after_first_paint(page, self._open_fully)
        # A window not on screen (minimised, hidden) paints late, or never: open anyway.
        QTimer.singleShot(OPEN_BEHIND_MS, self, self._open_fully)
        page.show_first(group)

    def _open_fully(self) -> None:
        """Open the folder's store on the worker (once per ``start``)."""
        if self._opening_started or self._shut_down:
            return
        self._opening_started = True
        self.exporter.update_action()  # built now, after the first look
        self.opening.start(self.data_dir, self._opened, self._on_opened, self._on_open_failed)

    def _on_opened(self, session: OpenProgramme, groups: list[GroupSummary]) -> None:
        self.session = session
        self._on_groups(groups)

    def _on_open_failed(self, error: Exception) -> None:
        from sen_desktop.gui.shell.session import open_error_message

        message = open_error_message(error, self.data_dir)
        if isinstance(error, Cancelled):
            message = (f"Opening {self.data_dir} was stopped before anything was changed; "
                       "start SEN Secretariat again to open it.")
        if folder_in_use(self.data_dir):  # started in the moment gui/shell/main.py checked
            message = in_use_message(self.data_dir)
        if not isinstance(error, SenError):  # a refusal is expected; anything else is a bug
            from sen_desktop.core.store.failures import failure_summary, safe_traceback

            log.error("opening %s failed: %s\n%s", self.data_dir, failure_summary(error),
                      safe_traceback(error))
        self.statusBar().showMessage(message)
        self.open_failed.emit(message)

    def _on_groups(self, groups: list[GroupSummary]) -> None:
        self._groups = list(groups)
        self.statusBar().clearMessage()
        self.navigation.rebuild(self._groups)
        self._update_actions()
        self.opened.emit()
        # Big databases take the day's backup on a thread of its own once the window is
        # filled, never on the worker: a 3 GB copy would stall every service call.
        if self.session is not None:
            self.session.db.start_daily_backup(self.backup_damaged.emit)
        key = self._opening_key
        if key == "welcome":
            self.show_welcome()
            return
        if self._first_shown:
            self._show_current()  # the group shown first, or the entry chosen since
        else:
            self.show_view(key)
        if self._requested_view in ("help", "settings"):
            self.show_view(self._requested_view)

    # --- File > Restore from backup… (gui/restore/) -------------------------------------

    def restore_from_backup(self) -> None:
        """File > Restore from backup…: choose a backup; the restore runs with the
        programme put away (``close_programme``) and opens it again after
        (``reopen_programme``)."""
        from sen_desktop.gui.restore.dialog import open_restore_dialog

        self.dialog = open_restore_dialog(self)

    def close_programme(self, closed: Callable[[], None]) -> bool:
        """Put the open programme away so its database file may be replaced: typed minutes
        are saved first (False, nothing done, if they could not be and the person chose to
        stay), every built page goes, the database closes on the worker after the work
        queued before it (its data folder's lock with it), then ``closed`` runs on the UI
        thread. With no programme open, ``closed`` runs at once."""
        minutes: Any = self.built("minutes")
        if minutes is not None and not minutes.confirm_close():
            return False
        for page in list(self._built.values()):
            self.pages.removeWidget(page)
            page.deleteLater()
        self._built.clear()
        self.pages.setCurrentIndex(0)  # the blank placeholder
        self.session = None
        self._groups = []
        self._warmed = self._first_shown = False
        self._last_group = None
        self.navigation.rebuild(self._groups)
        self._update_actions()
        opened = self._opened

        def close_all() -> None:
            while opened:
                opened.pop().close()

        self.runner.run(close_all, lambda _none: closed(), owner=self)
        return True

    def reopen_programme(self) -> None:
        """Open the data folder again after its database was replaced, as at start (the
        pages are built afresh as they are shown)."""
        self.start()

    # --- closing ---------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Finish queued work, close the database and release the data folder."""
        if self._shut_down:
            return
        minutes: Any = self.built("minutes")
        if minutes is not None:
            minutes.flush()  # typed text queues before the database closes
        self._shut_down = True
        opened = self._opened

        def close_all() -> None:
            while opened:
                opened.pop().close()

        self.runner.shutdown(close_all)
        self.session = None


def _first_run(data_dir: Path) -> bool:
    """This laptop has not had the welcome yet (a small file's read)."""
    from sen_desktop.core.programme.laptop_settings import read_laptop_settings

    return read_laptop_settings(data_dir).first_run
