"""The main window: a navigation list on the left, the chosen page on the right.

The window paints at once and fills in (docs/architecture.md, "Start-up"): importing this
module loads no page and no SQLAlchemy; the frame, the menus and the navigation are drawn
first; the database opens on the worker; each page is imported and built the first time
it is shown (gui/shell/host.py, from the table of pages in gui/shell/pages.py).
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore
from PySide6.QtCore import QByteArray, QSettings, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent, QUndoGroup
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QWidget

from sen_desktop.core.store.datafolder import DATABASE_NAME
from sen_desktop.gui.common import resources
from sen_desktop.gui.people.commands import PeopleCommands
from sen_desktop.gui.search.box import SAMPLE_QUERY, SearchBox, search_corner, search_toolbar
from sen_desktop.gui.shell import geometry as window_geometry
from sen_desktop.gui.shell.extras import WindowExtras
from sen_desktop.gui.shell.host import PageHost
from sen_desktop.gui.shell.lifecycle import ProgrammeLife
from sen_desktop.gui.shell.menus import build_menu_commands, build_menus
from sen_desktop.gui.shell.navigation import Navigation
from sen_desktop.gui.shell.pages import GROUP_PREFIX, VIEWS

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    from PySide6.QtWidgets import QDialog

    from sen_desktop.core.programme.records import GroupSummary
    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.papers.export import ExportController
    from sen_desktop.gui.shell.opening import Opening
    from sen_desktop.gui.shell.session import OpenProgramme

log = logging.getLogger(__name__)

__all__ = ["VIEWS", "MainWindow"]


class MainWindow(ProgrammeLife, PageHost, PeopleCommands, WindowExtras, QMainWindow):
    #: The page named (one of VIEWS) is showing its data.
    view_ready = Signal(str)
    #: The data folder could not be opened; the message is a sentence for the person.
    open_failed = Signal(str)
    #: The programme is open and the navigation list is filled.
    opened = Signal()
    #: The daily backup found the database damaged (raised on the backup thread).
    backup_damaged = Signal(object)

    def __init__(
        self,
        data_dir: Path,
        runner: TaskRunner | None = None,
        settings: QSettings | None = None,
        view: str | None = None,
        today: dt.date | None = None,
        parent: QWidget | None = None,
        welcome: bool = False,
    ) -> None:
        super().__init__(parent)
        if view is not None and view not in VIEWS:
            raise ValueError(f"Unknown view {view!r}; choose one of {', '.join(VIEWS)}.")
        self.data_dir = data_dir
        self._runner = runner
        self._runner_wired = False
        self._settings = settings
        self._requested_view = view
        self._welcome_wanted = welcome  # the first-run welcome, if this laptop has not had it
        self._today = today
        self.session: OpenProgramme | None = None
        # Filled on the worker, so shutdown can close a database whose opening
        # finished after the window began to close.
        self._opened: list[OpenProgramme] = []
        self._groups: list[GroupSummary] = []
        self._built: dict[str, QWidget] = {}
        self._shut_down = False
        self._warmed = False  # the services not needed by the first page built
        #: What the window opens on (a --view name or a navigation key), set by ``start``.
        self._opening_key = "home"
        #: The first look showed a group before the programme was open.
        self._first_shown = False
        self._opening_started = False
        self.dialog: QDialog | None = None  # the dialog last opened, for tests
        self.help_window: Any = None  # gui/help/window.py's HelpWindow, made on first F1
        self._last_group: str | None = None  # Go > Groups returns to it

        self.setWindowTitle("SEN Secretariat")
        self.setStyleSheet(resources.style_sheet())
        # One undo stack per page that has one; Edit > Undo follows the page on show.
        self.undo_group = QUndoGroup(self)
        self.menu_actions = build_menu_commands(self, self.undo_group)
        self.settings_action = self.menu_actions.settings
        build_menus(self.menuBar(), self.menu_actions)

        self.navigation = Navigation()
        self.pages = QStackedWidget()
        # Shown until the first page is: a page built later never becomes the current one
        # by being the stack's first widget (the Minutes page follows currentChanged).
        self.pages.addWidget(QWidget())
        self.pages.currentChanged.connect(self._page_changed)
        self.splitter = window_geometry.main_splitter(self.navigation, self.pages)
        self.setCentralWidget(self.splitter)
        self.setTabOrder(self.navigation, self.pages)
        self.search_box = SearchBox()
        if sys.platform == "darwin":  # the menu bar is the system's: no corner there
            self.addToolBar(search_toolbar(self.search_box))
        else:
            self.search_corner = search_corner(self.search_box)  # kept: Qt takes no ownership
            self.menuBar().setCornerWidget(self.search_corner)

        self.folder_label = QLabel(f"Data folder: {data_dir}")
        self.folder_label.setAccessibleDescription("Data folder")
        self.statusBar().addPermanentWidget(self.folder_label)
        # File > Export to Word… / Make a pack of papers…, following the page on show:
        # built when the folder starts to open (``exporter``), after the first paint;
        # until then there is nothing to export and both commands are off.
        self._exporter: ExportController | None = None
        self._opening: Opening | None = None  # made by the first start (lifecycle.py)

        self.navigation.show_pages()
        self._connect()
        self._frame_finished = False
        self.resize(window_geometry.PREFERRED)
        #: False on first start: gui/shell/main.py then fits the window to the screen.
        self.geometry_restored = self._restore_state()
        #: Pull the window inside its screen once the desktop's real frame is known: set
        #: by gui/shell/main.py when it placed the window with an estimated frame.
        self.keep_on_screen = False
        self._update_actions()

    @property
    def today(self) -> dt.date | None:
        """The date the window works on (tests pin it); None: the real date."""
        return self._today

    @property
    def groups(self) -> tuple[GroupSummary, ...]:
        """The programme's live groups, in plan order (empty until it is open)."""
        return tuple(self._groups)

    # --- wiring ------------------------------------------------------------------------

    def _connect(self) -> None:
        a = self.menu_actions
        self._connect_page_commands()
        self._connect_extras()
        a.quit.triggered.connect(self.close)
        a.restore_backup.triggered.connect(self.restore_from_backup)
        a.new_person.triggered.connect(self.new_person)
        a.edit_person.triggered.connect(self.edit_person)
        a.appoint.triggered.connect(self.appoint)
        a.end_appointment.triggered.connect(self.end_appointment)
        a.seat_role.triggered.connect(self.seat_role)
        a.about.triggered.connect(self.about)
        a.find.triggered.connect(self.focus_search)
        self.search_box.search_requested.connect(self.search)
        self.search_box.results_wanted.connect(self._search_results_wanted)
        self.navigation.currentItemChanged.connect(lambda *_: self._show_current())
        self.backup_damaged.connect(self._task_failed)  # queued across threads by Qt

    @property
    def runner(self) -> TaskRunner:
        """The worker (gui/common/tasks.py), made when first asked for: after the first
        paint, as making it reaches Qt's namespace (gui/shell/navigation.py)."""
        runner = self._runner
        if runner is None or not self._runner_wired:
            if runner is None:
                from sen_desktop.gui.common.tasks import TaskRunner

                runner = self._runner = TaskRunner(self)
            self._runner_wired = True
            runner.task_failed.connect(self._task_failed)
            # The file a failure names when its error names none (gui/common/tasks.py).
            runner.database = self.data_dir / DATABASE_NAME
        return runner

    @runner.setter
    def runner(self, runner: TaskRunner) -> None:
        self._runner, self._runner_wired = runner, False

    @property
    def exporter(self) -> ExportController:
        """File > Export to Word… and Make a pack of papers… (built on first use)."""
        if self._exporter is None:
            from sen_desktop.gui.papers.export import ExportController

            self._exporter = ExportController(self, self)
        return self._exporter

    # --- navigation --------------------------------------------------------------------

    def current_key(self) -> str | None:
        """The navigation key chosen ("group:<id>" for a group)."""
        return self.navigation.current_key()

    def _select_key(self, key: str, show: bool = True) -> bool:
        return self.navigation.select_key(key, show)

    def show_view(self, view: str) -> None:
        """Show a page by its --view name, or by a navigation key (``group:<id>``); the
        views that are not pages in the list open as they do from the menus."""
        if view == "welcome":
            self.show_welcome()
            return
        if view in ("help", "settings"):
            self.show_help() if view == "help" else self.show_settings()
            return
        if view == "timeline":  # the Action Plan page, on its Timeline tab
            self.plan_page.show_tab("timeline")
            view = "plan"
        if view == "groups":
            from sen_desktop.core.programme.group_reads import opening_group

            first = opening_group(self._groups)
            view = f"{GROUP_PREFIX}{first.id}" if first is not None else "programme"
        if self.current_key() == view:  # already selected: no change signal will come
            self._show_current()
        elif not self._select_key(view):
            self._select_key("programme")

    def select_group(self, name: str) -> bool:
        """Select a group in the navigation list by its name, as a person would."""
        for group in self._groups:
            if group.name == name:
                return self._select_key(f"{GROUP_PREFIX}{group.id}")
        return False

    def _show_current(self) -> None:
        key = self.current_key()
        if key is None:
            return
        if self.session is None:
            if self._first_shown and key.startswith(GROUP_PREFIX):
                # Chosen while the store loads: it shows once the programme is open.
                self._last_group = key
                name = next((g.name for g in self._groups if key == f"{GROUP_PREFIX}{g.id}"), "")
                self.group_page.show_loading(name)
            return
        if key.startswith(GROUP_PREFIX):
            self._last_group = key
        self.present(key)
        if key == "search":
            self._show_search()
        self._update_actions()

    def _page_loaded(self, page: QWidget) -> None:
        self._update_actions()
        if self.pages.currentWidget() is page:
            view = self.current_view()
            if view is not None:
                self._warm()
                self.view_ready.emit(view)

    def _warm(self) -> None:
        """Once the first page shows, the worker builds the other services meanwhile."""
        if not self._warmed and self.session is not None:
            self._warmed = True
            self.runner.run(self.session.warm, owner=self)

    def show_minutes(self, meeting_id: str, item_id: str | None = None) -> None:
        """Open the minute-taking view on a meeting (and item), e.g. from the Meetings page."""
        if self.session is None:
            return
        self._select_key("minutes", show=False)
        self.present("minutes", meeting_id=meeting_id, item_id=item_id)
        self._update_actions()

    def _minutes_save_state(self, text: str) -> None:
        if self.current_view() == "minutes":
            return  # the page says so itself
        if not text.startswith("All"):
            self.statusBar().showMessage(f"Minutes: {text}")  # until the words change
        elif self.statusBar().currentMessage().startswith("Minutes: "):
            self.statusBar().showMessage(f"Minutes: {text}", 3000)

    def _reveal_minutes(self) -> None:
        # An undo or redo changed the minutes while another page was on show.
        if self.current_view() != "minutes":
            self.show_view("minutes")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # A desktop frame bigger than estimated: pull the window back inside once it is
        # drawn (Qt's restoreGeometry already keeps a restored window on its screen).
        if self.keep_on_screen:
            QTimer.singleShot(0, self, lambda: window_geometry.keep_inside(self))

    # --- search -------------------------------------------------------------------------

    def focus_search(self) -> None:
        """Edit > Find: to the search box, its text selected to type over."""
        self.search_box.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def search(self, text: str) -> None:
        """Search for ``text`` and show the results on the Search page."""
        if self.session is None:
            return
        if self.current_view() != "search":
            if not text.strip():
                return  # clearing the box does not take the person away from their page
            self._select_key("search", show=False)
            self.present("search")
            self._update_actions()
        self.search_page.search(text)

    def _show_search(self) -> None:
        text = self.search_box.text()
        if not text.strip() and self._requested_view == "search":
            self.search_box.setText(SAMPLE_QUERY)  # --view search shows a sample search
            text = SAMPLE_QUERY
        self.search_page.search(text)

    def _search_results_wanted(self) -> None:
        if self.current_view() == "search":
            self.search_page.focus_results()

    def open_search_hit(self, hit: Any) -> None:
        """Open the place a search result was found: the minutes of its meeting and item,
        or the action in the Action Log."""
        if hit.kind in ("minute", "resolution") and hit.meeting_id is not None:
            self.show_minutes(hit.meeting_id, hit.agenda_item_id)
        elif hit.kind == "action" and hit.action_id is not None:
            self.show_action(hit.action_id)
        elif hit.kind == "recommendation" and hit.recommendation_id is not None:
            self.show_view("recommendations")
            self.recommendations_page.show_recommendation(hit.recommendation_id)
        elif hit.group_id is not None:
            self.show_view(f"{GROUP_PREFIX}{hit.group_id}")

    def show_action(self, action_id: str) -> None:
        """Show the Action Log with this action chosen."""
        if self.session is None:
            return
        self.show_view("actions")
        self.action_log_page.reload(keep_id=action_id)

    def refresh(self) -> None:
        """Reload the page showing (after a change made in a dialog)."""
        self._show_current()

    # --- menu commands -----------------------------------------------------------------

    def _update_actions(self) -> None:
        is_open = self.session is not None
        current = self.current_view()
        seat = self.group_page.selected_seat() if is_open and current == "groups" else None
        a = self.menu_actions
        a.new_person.setEnabled(is_open)
        a.appoint.setEnabled(seat is not None)
        a.end_appointment.setEnabled(seat is not None and seat.holder is not None)
        a.seat_role.setEnabled(seat is not None)
        a.edit_person.setEnabled(
            is_open and current in ("people", "groups") and self._selected_person_id() is not None
        )
        self._update_page_commands(is_open)
        if self._exporter is not None:
            self._exporter.update_action()
        else:  # not built yet: the folder is not open, nothing to export
            a.export_word.setEnabled(False)
            a.make_pack.setEnabled(False)
        for go in a.go_pages:
            go.setEnabled(is_open)
        self.settings_action.setEnabled(is_open)
        self._update_clipboard_actions()

    def _open_dialog(self, dialog: QDialog) -> QDialog:
        # open(), not exec(): window-modal without a nested event loop, so tests can
        # drive the dialog and the worker's results keep arriving.
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def about(self) -> None:
        from sen_desktop.gui.help.window import about_box

        self._open_dialog(about_box(self, self.data_dir))

    def _task_failed(self, error: Exception) -> None:
        # One sentence, never a database error's text (gui/common/failures.py).
        from sen_desktop.core.store.failures import failure_summary, safe_traceback
        from sen_desktop.gui.common.failures import failure_message

        message = failure_message(error, path=self.data_dir / DATABASE_NAME)
        log.error("task failed: %s\n%s", failure_summary(error), safe_traceback(error))
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, "SEN Secretariat", message,
                          QMessageBox.StandardButton.Ok, self)
        self._open_dialog(box)

    # --- window state and shutdown -----------------------------------------------------

    def _restore_state(self) -> bool:
        """Restore the last session's window; False if there was no geometry to restore."""
        if self._settings is None:
            return False
        restored = False
        geometry = self._settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray | bytes):
            restored = self.restoreGeometry(QByteArray(geometry))
        state = self._settings.value("main_window/state")
        if isinstance(state, QByteArray | bytes):
            self.restoreState(QByteArray(state))
        splitter = self._settings.value("main_window/splitter")
        if isinstance(splitter, QByteArray | bytes):
            self.splitter.restoreState(QByteArray(splitter))
        return restored

    def _saved_key(self) -> str | None:
        if self._settings is None:
            return None
        key = self._settings.value("main_window/page")
        return key if isinstance(key, str) and key else None

    def _save_state(self) -> None:
        if self._settings is None:
            return
        self._settings.setValue("main_window/geometry", self.saveGeometry())
        self._settings.setValue("main_window/state", self.saveState())
        self._settings.setValue("main_window/splitter", self.splitter.saveState())
        key = self.current_key()
        if key:
            self._settings.setValue("main_window/page", key)
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Typed minutes not yet in the database: try once more, then ask; never lost silently.
        minutes: Any = self.built("minutes")
        if not self._shut_down and minutes is not None and not minutes.confirm_close():
            event.ignore()
            return
        self._save_state()
        from PySide6.QtWidgets import QDialog

        for dialog in self.findChildren(QDialog):
            dialog.hide()  # their services close with the window
        self.shutdown()
        super().closeEvent(event)

