"""The main window: a navigation list on the left, the chosen page on the right.

The window paints empty, then fills in: opening the database and every service call run
on the TaskRunner, and the pages are given plain records when they arrive.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent, QUndoGroup
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from sen_desktop.core.errors import SenError
from sen_desktop.core.programme.laptop_settings import read_laptop_settings
from sen_desktop.core.records import (
    GroupSummary,
    SectionRecord,
)
from sen_desktop.gui.action_log.page import ActionLogPage
from sen_desktop.gui.common import resources
from sen_desktop.gui.common.tasks import TaskRunner
from sen_desktop.gui.conflicts.page import ConflictsPage
from sen_desktop.gui.dashboard.page import DashboardPage
from sen_desktop.gui.exchange.page import SyncPage
from sen_desktop.gui.groups.page import GroupPage
from sen_desktop.gui.help.window import HelpWindow, about_box
from sen_desktop.gui.home.page import HomePage
from sen_desktop.gui.home.welcome import WelcomePage
from sen_desktop.gui.meetings.page import MeetingsPage
from sen_desktop.gui.minutes.page import MinutesPage
from sen_desktop.gui.papers.export import ExportController
from sen_desktop.gui.people.commands import PeopleCommands
from sen_desktop.gui.plan.timeline_page import TimelinePage
from sen_desktop.gui.programme.pages import PeoplePage, ProgrammePage
from sen_desktop.gui.recommendations.page import RecommendationsPage
from sen_desktop.gui.search.page import (
    SAMPLE_QUERY,
    SearchBox,
    SearchPage,
    search_corner,
    search_toolbar,
)
from sen_desktop.gui.settings.dialog import settings_action
from sen_desktop.gui.shell import geometry as window_geometry
from sen_desktop.gui.shell.extras import WindowExtras
from sen_desktop.gui.shell.keys import (
    INDENT_ROLE,
    IndentDelegate,
    tip_clear_buttons,
)
from sen_desktop.gui.shell.menus import add_to_menu, build_actions, build_menus
from sen_desktop.gui.shell.session import (
    OpenProgramme,
    open_error_message,
    open_programme_services,
    programme_facts,
)
from sen_desktop.gui.shell.single_copy import folder_in_use, in_use_message

log = logging.getLogger(__name__)
T = TypeVar("T")

#: The names --view accepts ("help" and "settings": their own windows, over a page).
VIEWS = ("groups", "plan", "programme", "people", "meetings", "actions", "minutes", "search",
         "recommendations", "timeline", "dashboard", "sync", "conflicts", "help", "home",
         "welcome", "settings")
#: Menu commands that make sense from anywhere once the programme is open: each brings
#: its page forward, then runs there (the page's own handler runs second).
_ANYWHERE = (("schedule_meeting", "meetings"), ("new_recommendation", "recommendations"),
             ("add_milestone", "plan"))

_KEY_ROLE = Qt.ItemDataRole.UserRole


class MainWindow(PeopleCommands, WindowExtras, QMainWindow):
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
        self.runner = runner or TaskRunner(self)
        self._settings = settings
        self._requested_view = view
        self._welcome_wanted = welcome  # the first-run welcome, if this laptop has not had it
        self._today = today
        self.session: OpenProgramme | None = None
        # Filled on the worker, so shutdown can close a database whose opening
        # finished after the window began to close.
        self._opened: list[OpenProgramme] = []
        self._groups: list[GroupSummary] = []
        self._shut_down = False
        self.dialog: QDialog | None = None  # the dialog last opened, for tests
        self.help_window: HelpWindow | None = None
        self._last_group: str | None = None  # Go > Groups returns to it

        self.setWindowTitle("SEN Secretariat")
        self.setWindowIcon(resources.icon("app"))
        self.setStyleSheet(resources.style_sheet())
        # One undo stack per page that has one; Edit > Undo follows the page on show.
        self.undo_group = QUndoGroup(self)
        self.menu_actions = build_actions(self, self.undo_group)
        build_menus(self.menuBar(), self.menu_actions)

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Sections")
        self.navigation.setMinimumWidth(200)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigation.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Groups are indented by drawing, not by leading spaces: type-ahead finds them.
        self.navigation.setItemDelegate(IndentDelegate(self.navigation))
        self.programme_page = ProgrammePage()
        self.group_page = GroupPage()
        self.people_page = PeoplePage()
        self.plan_page = TimelinePage()  # the Action Plan: Timeline and Table tabs
        if view == "plan":
            self.plan_page.show_tab("table")
        self.action_log_page = ActionLogPage()
        self.minutes_page = MinutesPage(self.runner)
        self.pages = QStackedWidget()
        for page in (self.programme_page, self.group_page, self.people_page, self.plan_page,
                     self.action_log_page, self.minutes_page):
            self.pages.addWidget(page)
            page.loaded.connect(functools.partial(self._page_loaded, page))
        self.search_page = SearchPage()
        self.pages.addWidget(self.search_page)
        self.search_page.loaded.connect(functools.partial(self._page_loaded, self.search_page))
        self.dashboard_page = DashboardPage()
        self.pages.addWidget(self.dashboard_page)
        self.dashboard_page.loaded.connect(
            functools.partial(self._page_loaded, self.dashboard_page)
        )
        self.recommendations_page = RecommendationsPage()
        self.pages.addWidget(self.recommendations_page)
        self.recommendations_page.loaded.connect(
            functools.partial(self._page_loaded, self.recommendations_page)
        )
        self.meetings_page = MeetingsPage()
        self.pages.addWidget(self.meetings_page)
        self.meetings_page.loaded.connect(
            functools.partial(self._page_loaded, self.meetings_page)
        )
        self.sync_page = SyncPage()
        self.conflicts_page = ConflictsPage()
        self.home_page = HomePage()
        self.welcome_page = WelcomePage()
        for other in (self.sync_page, self.conflicts_page, self.home_page, self.welcome_page):
            self.pages.addWidget(other)
            other.loaded.connect(functools.partial(self._page_loaded, other))
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.navigation)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        window_geometry.size_navigation(self.splitter, window_geometry.PREFERRED.width())
        self.setCentralWidget(self.splitter)
        self.undo_group.addStack(self.minutes_page.undo_stack)
        self.minutes_page.bind_actions(self.menu_actions)
        self.setTabOrder(self.navigation, self.pages)
        self.search_box = SearchBox()
        if sys.platform == "darwin":  # the menu bar is the system's: no corner there
            self.addToolBar(search_toolbar(self.search_box))
        else:
            self.search_corner = search_corner(self.search_box)  # kept: Qt takes no ownership
            self.menuBar().setCornerWidget(self.search_corner)
        # Edit > Settings… (gui/settings/dialog.py), before Find.
        self.settings_action = settings_action(self)
        add_to_menu(self.menuBar(), "&Edit", self.settings_action, before=self.menu_actions.find)

        self.folder_label = QLabel(f"Data folder: {data_dir}")
        self.folder_label.setAccessibleName("Data folder")
        self.statusBar().addPermanentWidget(self.folder_label)
        # File > Export to Word… / Make a pack of papers…, following the page on show.
        self.exporter = ExportController(self)

        self._build_navigation()
        self._connect()
        tip_clear_buttons(self)
        self.resize(window_geometry.PREFERRED)
        #: False on first start: gui/shell/main.py then fits the window to the screen.
        self.geometry_restored = self._restore_state()
        #: Pull the window inside its screen once the desktop's real frame is known: set
        #: by gui/shell/main.py when it placed the window with an estimated frame.
        self.keep_on_screen = False
        self._update_actions()

    # --- wiring ------------------------------------------------------------------------

    def _connect(self) -> None:
        a = self.menu_actions
        for name, view in _ANYWHERE:  # before the pages connect theirs: the page first
            getattr(a, name).triggered.connect(functools.partial(self._bring_forward, view))
        self._connect_extras()
        a.quit.triggered.connect(self.close)
        a.new_person.triggered.connect(self.new_person)
        a.edit_person.triggered.connect(self.edit_person)
        a.appoint.triggered.connect(self.appoint)
        a.end_appointment.triggered.connect(self.end_appointment)
        a.seat_role.triggered.connect(self.seat_role)
        a.about.triggered.connect(self.about)
        self.meetings_page.connect_actions(a, lambda: self.show_view("meetings"))
        self.meetings_page.minutes_requested.connect(
            lambda meeting_id, item_id: self.show_minutes(meeting_id, item_id or None)
        )
        a.find.triggered.connect(self.focus_search)
        self.search_box.search_requested.connect(self.search)
        self.search_box.results_wanted.connect(self._search_results_wanted)
        self.search_page.open_requested.connect(self.open_search_hit)
        self.navigation.currentItemChanged.connect(lambda *_: self._show_current())
        self.group_page.appoint_requested.connect(self.appoint)
        self.group_page.end_requested.connect(self.end_appointment)
        self.group_page.role_requested.connect(self.seat_role)
        self.group_page.seat_selection_changed.connect(self._update_actions)
        self.group_page.seat_activated.connect(self._seat_activated)
        self.people_page.new_requested.connect(self.new_person)
        self.people_page.edit_requested.connect(self.edit_person)
        self.people_page.selection_changed.connect(self._update_actions)
        self.people_page.selection_changed.connect(self._load_person_record)
        self.people_page.search_changed.connect(lambda _text: self._load_people())
        self.runner.task_failed.connect(self._task_failed)
        self.backup_damaged.connect(self._task_failed)  # queued across threads by Qt
        self.pages.currentChanged.connect(
            lambda _: self.minutes_page.set_showing(self.pages.currentWidget() is self.minutes_page)
        )
        self.minutes_page.reveal_requested.connect(self._reveal_minutes)
        # The minutes' saving state, in words, while another page hides the Minutes page.
        self.minutes_page.save_state_changed.connect(self._minutes_save_state)
        a.new_action.triggered.connect(self._action_log_command(ActionLogPage.new_action))
        a.edit_action.triggered.connect(self._action_log_command(ActionLogPage.edit_selected))
        a.record_update.triggered.connect(self._action_log_command(ActionLogPage.record_update))
        a.filter_actions.triggered.connect(self._action_log_command(ActionLogPage.focus_filters))
        self.action_log_page.selection_changed.connect(self._update_actions)
        self.plan_page.connect_actions(a, lambda: self.show_view("plan"))
        self.dashboard_page.group_requested.connect(lambda gid: self.show_view(f"group:{gid}"))
        self.recommendations_page.connect_actions(
            a, lambda: self.show_view("recommendations"),
            lambda: self.minutes_page.can_record_decision() and self.minutes_page.record_decision(),
        )
        self.recommendations_page.selection_changed.connect(self._update_actions)
        self.recommendations_page.status_message.connect(
            lambda text: self.statusBar().showMessage(text, 5000)
        )
        self.minutes_page.recommendation_panel.changed.connect(self._update_actions)
        for exchange_action, command in (
            (a.join_programme, SyncPage.trust_flow),
            (a.export_bundle, SyncPage.export_for),
            (a.import_bundle, SyncPage.import_bundle),
        ):
            exchange_action.triggered.connect(self._exchange_command(command))
        for status_page in (self.sync_page, self.conflicts_page):
            status_page.status_message.connect(
                lambda text: self.statusBar().showMessage(text, 8000)
            )

    def start(self) -> None:
        """Open the data folder on the worker; the pages fill in when it is open."""
        self.statusBar().showMessage("Opening the programme…")
        data_dir, opened = self.data_dir, self._opened

        def open_folder() -> OpenProgramme:
            session = open_programme_services(data_dir)
            opened.append(session)
            return session

        self._run(open_folder, self._on_opened, self._on_open_failed)

    def _on_opened(self, session: OpenProgramme) -> None:
        self.session = session
        self.minutes_page.bind(session)
        self.search_page.bind(self.runner, session.search)
        self._run(session.programme.list_groups, self._on_groups)

    def _on_open_failed(self, error: Exception) -> None:
        message = open_error_message(error, self.data_dir)
        if folder_in_use(self.data_dir):  # started in the moment gui/shell/main.py checked
            message = in_use_message(self.data_dir)
        if not isinstance(error, SenError):  # a refusal is expected; anything else is a bug
            log.error("opening %s failed", self.data_dir, exc_info=error)
        self.statusBar().showMessage(message)
        self.open_failed.emit(message)

    def _on_groups(self, groups: list[GroupSummary]) -> None:
        self._groups = list(groups)
        self.statusBar().clearMessage()
        self._build_navigation()
        self._update_actions()
        self.opened.emit()
        # Big databases take the day's backup on a thread of its own once the window is
        # filled, never on the worker: a 3 GB copy would stall every service call.
        if self.session is not None:
            self.session.db.start_daily_backup(self.backup_damaged.emit)
        # After a crash or kill mid-minutes, reopen where the secretary was typing.
        resume = "minutes" if MinutesPage.resume_wanted(self.data_dir) else None
        if self._requested_view == "welcome" or (
                self._welcome_wanted and self._requested_view is None and not resume
                and read_laptop_settings(self.data_dir).first_run):  # a small file's read
            self.show_welcome()
            return
        if self._requested_view in ("help", "settings"):
            self.show_view("groups")  # what the window shows behind it
            self.show_view(self._requested_view)
            return
        # With nowhere saved: the person's Home, not fifteen "Vacant" seats.
        self.show_view(self._requested_view or resume or self._saved_key() or "home")

    # --- navigation --------------------------------------------------------------------

    def _build_navigation(self) -> None:
        nav = self.navigation
        current = self.current_key()
        nav.blockSignals(True)
        nav.clear()
        # The person's own page and the overview first; Programme stays directly above
        # the groups it describes.
        self._nav_item("Home", "home")
        self._nav_item("Dashboard", "dashboard")
        self._nav_item("Programme", "programme")
        header = QListWidgetItem("Groups")
        # A label, not a destination: keyboard navigation passes over disabled items.
        header.setFlags(Qt.ItemFlag.NoItemFlags)
        font = header.font()
        font.setBold(True)
        header.setFont(font)
        nav.addItem(header)
        if not self._groups:
            placeholder = QListWidgetItem("Loading…")
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            placeholder.setData(INDENT_ROLE, 1)
            nav.addItem(placeholder)
        for group in self._groups:
            self._nav_item(group.name, f"group:{group.id}", indent=1)
        self._nav_item("People", "people")
        self._nav_item("Action Plan", "plan")
        self._nav_item("Meetings", "meetings")
        self._nav_item("Minutes", "minutes")
        self._nav_item("Action Log", "actions")
        self._nav_item("Recommendations", "recommendations")
        self._nav_item("Search", "search")
        self._nav_item("Exchange", "sync")
        self._nav_item("Conflicts", "conflicts")
        nav.blockSignals(False)
        if current:
            self._select_key(current, show=False)

    def _nav_item(self, text: str, key: str, indent: int = 0) -> None:
        item = QListWidgetItem(text)
        item.setData(_KEY_ROLE, key)
        item.setData(INDENT_ROLE, indent)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
        self.navigation.addItem(item)

    def current_key(self) -> str | None:
        item = self.navigation.currentItem()
        key = item.data(_KEY_ROLE) if item is not None else None
        return key if isinstance(key, str) else None

    def _select_key(self, key: str, show: bool = True) -> bool:
        for row in range(self.navigation.count()):
            item = self.navigation.item(row)
            if item.data(_KEY_ROLE) == key:
                if not show:
                    self.navigation.blockSignals(True)
                self.navigation.setCurrentItem(item)
                self.navigation.blockSignals(False)
                return True
        return False

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
            steering = [g for g in self._groups if g.kind == "steering"]
            candidates = steering or self._groups
            view = f"group:{candidates[0].id}" if candidates else "programme"
        if self.current_key() == view:  # already selected: no change signal will come
            self._show_current()
        elif not self._select_key(view):
            self._select_key("programme")

    def select_group(self, name: str) -> bool:
        """Select a group in the navigation list by its name, as a person would."""
        for group in self._groups:
            if group.name == name:
                return self._select_key(f"group:{group.id}")
        return False

    def current_view(self) -> str | None:
        page = self.pages.currentWidget()
        if page is None:
            return None
        return {
            self.programme_page: "programme",
            self.group_page: "groups",
            self.people_page: "people",
            self.plan_page: "plan",
            self.dashboard_page: "dashboard",
            self.meetings_page: "meetings",
            self.action_log_page: "actions",
            self.minutes_page: "minutes",
            self.search_page: "search",
            self.recommendations_page: "recommendations",
            self.sync_page: "sync",
            self.conflicts_page: "conflicts",
            self.home_page: "home",
            self.welcome_page: "welcome",
        }.get(page)

    def _show_current(self) -> None:
        key = self.current_key()
        if key is None or self.session is None:
            return
        if key == "programme":
            self.pages.setCurrentWidget(self.programme_page)
            self._load_programme()
        elif key.startswith("group:"):
            self._last_group = key
            self.pages.setCurrentWidget(self.group_page)
            self._load_group(key.removeprefix("group:"))
        elif key == "people":
            self.pages.setCurrentWidget(self.people_page)
            self._load_people()
        elif key == "plan":
            self.pages.setCurrentWidget(self.plan_page)
            self.plan_page.open(self.runner, self.session, today=self._today)
        elif key == "dashboard":
            self.pages.setCurrentWidget(self.dashboard_page)
            self.dashboard_page.open(self.runner, self.session)
        elif key == "meetings":
            self.pages.setCurrentWidget(self.meetings_page)
            self.meetings_page.open(self.runner, self.session, today=self._today)
        elif key == "actions":
            self.pages.setCurrentWidget(self.action_log_page)
            self.action_log_page.open(self.runner, self.session.actions, self._groups)
        elif key == "minutes":
            self.pages.setCurrentWidget(self.minutes_page)
            self.minutes_page.open(latest=self._requested_view == "minutes")
        elif key == "search":
            self.pages.setCurrentWidget(self.search_page)
            self._show_search()
        elif key == "recommendations":
            self.pages.setCurrentWidget(self.recommendations_page)
            self.recommendations_page.open(
                self.runner, self.session, self._groups, today=self._today,
                showcase=self._requested_view == "recommendations",
            )
        elif key == "sync":
            self.pages.setCurrentWidget(self.sync_page)
            self.sync_page.open(self.runner, self.session)
        elif key == "home":
            self.pages.setCurrentWidget(self.home_page)
            self.home_page.open(self.runner, self.session, today=self._today)
        elif key == "conflicts":
            self.pages.setCurrentWidget(self.conflicts_page)
            self.conflicts_page.open(self.runner, self.session)
        self._update_actions()

    def _page_loaded(self, page: QWidget) -> None:
        self._update_actions()
        if self.pages.currentWidget() is page:
            view = self.current_view()
            if view is not None:
                self.view_ready.emit(view)

    # --- loading pages (service calls on the worker) -----------------------------------

    def _load_programme(self) -> None:
        assert self.session is not None
        programme = self.session.programme

        def fetch() -> tuple[list[SectionRecord], str]:
            return programme.sections(), programme_facts(programme)

        self._run(fetch, lambda result: self.programme_page.set_sections(*result))

    def _run(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        # After shutdown, late timers and clicks have nothing left to talk to.
        if not self._shut_down:
            self.runner.run(work, on_done, on_error, owner=self)

    def show_minutes(self, meeting_id: str, item_id: str | None = None) -> None:
        """Open the minute-taking view on a meeting (and item), e.g. from the Meetings page."""
        self.minutes_page.show_meeting(meeting_id, item_id)
        self.show_view("minutes")

    def _minutes_save_state(self, text: str) -> None:
        if self.pages.currentWidget() is self.minutes_page:
            return  # the page says so itself
        if not text.startswith("All"):
            self.statusBar().showMessage(f"Minutes: {text}")  # until the words change
        elif self.statusBar().currentMessage().startswith("Minutes: "):
            self.statusBar().showMessage(f"Minutes: {text}", 3000)

    def _reveal_minutes(self) -> None:
        # An undo or redo changed the minutes while another page was on show.
        if self.pages.currentWidget() is not self.minutes_page:
            self.show_view("minutes")

    # --- window state ---------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # A desktop frame bigger than estimated: pull the window back inside once it is
        # drawn (Qt's restoreGeometry already keeps a restored window on its screen).
        if self.keep_on_screen:
            QTimer.singleShot(0, self, lambda: window_geometry.keep_inside(self))

    # --- search -------------------------------------------------------------------------

    def focus_search(self) -> None:
        """Edit > Find: to the search box, its text selected to type over."""
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def search(self, text: str) -> None:
        """Search for ``text`` and show the results on the Search page."""
        if self.session is None:
            return
        if self.pages.currentWidget() is not self.search_page:
            if not text.strip():
                return  # clearing the box does not take the person away from their page
            self._select_key("search", show=False)
            self.pages.setCurrentWidget(self.search_page)
            self._update_actions()
        self.search_page.search(text)

    def _show_search(self) -> None:
        text = self.search_box.text()
        if not text.strip() and self._requested_view == "search":
            self.search_box.setText(SAMPLE_QUERY)  # --view search shows a sample search
            text = SAMPLE_QUERY
        self.search_page.search(text)

    def _search_results_wanted(self) -> None:
        if self.pages.currentWidget() is self.search_page:
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
            self.show_view(f"group:{hit.group_id}")

    def show_action(self, action_id: str) -> None:
        """Show the Action Log with this action chosen."""
        if self.session is None:
            return
        self.show_view("actions")
        self.action_log_page.reload(keep_id=action_id)

    def refresh(self) -> None:
        """Reload the page showing (after a change made in a dialog)."""
        self._show_current()

    # --- actions -----------------------------------------------------------------------

    def _update_actions(self) -> None:
        is_open = self.session is not None
        on_group = is_open and self.pages.currentWidget() is self.group_page
        seat = self.group_page.selected_seat() if on_group else None
        a = self.menu_actions
        a.new_person.setEnabled(is_open)
        a.appoint.setEnabled(seat is not None)
        a.end_appointment.setEnabled(seat is not None and seat.holder is not None)
        a.seat_role.setEnabled(seat is not None)
        a.edit_person.setEnabled(self._selected_person_id() is not None)
        self.meetings_page.update_actions()
        on_log = is_open and self.pages.currentWidget() is self.action_log_page
        a.new_action.setEnabled(is_open)
        a.filter_actions.setEnabled(is_open)
        a.edit_action.setEnabled(on_log and self.action_log_page.has_selection())
        a.record_update.setEnabled(on_log and self.action_log_page.has_selection())
        self.recommendations_page.update_actions(self.minutes_page.can_record_decision())
        self.exporter.update_action()
        for exchange_action in (a.join_programme, a.export_bundle, a.import_bundle):
            exchange_action.setEnabled(is_open)
        # After the pages' own say, which lasts only until their page is first shown.
        for name, _view in _ANYWHERE:
            getattr(a, name).setEnabled(is_open)
        for go in a.go_pages:
            go.setEnabled(is_open)
        self.settings_action.setEnabled(is_open)
        self._update_clipboard_actions()

    def _exchange_command(self, command: Callable[[SyncPage], None]) -> Callable[[], None]:
        """An Exchange menu command, showing the Exchange page first."""

        def run() -> None:
            if self.session is None:
                return
            if self.pages.currentWidget() is not self.sync_page:
                self.show_view("sync")
            command(self.sync_page)

        return run

    def _action_log_command(self, command: Callable[[ActionLogPage], None]) -> Callable[[], None]:
        """A menu command for the Action Log, showing the log first if need be."""

        def run() -> None:
            if self.session is None:
                return
            if self.pages.currentWidget() is not self.action_log_page:
                self.show_view("actions")
            command(self.action_log_page)

        return run

    def _open_dialog(self, dialog: QDialog) -> QDialog:
        # open(), not exec(): window-modal without a nested event loop, so tests can
        # drive the dialog and the worker's results keep arriving.
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def about(self) -> None:
        self._open_dialog(about_box(self, self.data_dir))

    def _task_failed(self, error: Exception) -> None:
        message = getattr(error, "message", None) or f"Something went wrong: {error}"
        log.error("task failed", exc_info=error)
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

    def shutdown(self) -> None:
        """Finish queued work, close the database and release the data folder."""
        if self._shut_down:
            return
        self.minutes_page.flush()  # typed text queues before the database closes
        self._shut_down = True
        opened = self._opened

        def close_all() -> None:
            while opened:
                opened.pop().close()

        self.runner.shutdown(close_all)
        self.session = None

    def closeEvent(self, event: QCloseEvent) -> None:
        # Typed minutes not yet in the database: try once more, then ask; never lost silently.
        if not self._shut_down and not self.minutes_page.confirm_close():
            event.ignore()
            return
        self._save_state()
        for dialog in self.findChildren(QDialog):
            dialog.hide()  # their services close with the window
        self.shutdown()
        super().closeEvent(event)
