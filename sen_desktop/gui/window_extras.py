"""The main window's views that are more than a page in the list: the Home page's links,
the first-run welcome, Edit ▸ Settings… and Help (the user guide and keyboard list).

A mixin of ``MainWindow`` (gui/main_window.py), split out to keep that module readable in
one sitting (STYLE.md rule 10); the names below the class line are the window's, declared
so that the type checker knows what these methods use.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QListWidget, QMainWindow, QStackedWidget, QWidget

from sen_desktop.gui.actions import Actions
from sen_desktop.gui.help import HelpWindow
from sen_desktop.gui.home_page import HomePage
from sen_desktop.gui.meetings_page import MeetingsPage
from sen_desktop.gui.recommendations_page import RecommendationsPage
from sen_desktop.gui.session import OpenProgramme
from sen_desktop.gui.settings_dialog import SettingsDialog, open_settings_dialog
from sen_desktop.gui.sync_page import SyncPage
from sen_desktop.gui.tasks import TaskRunner
from sen_desktop.gui.timeline_page import TimelinePage
from sen_desktop.gui.welcome import WelcomeOutcome, WelcomePage

if TYPE_CHECKING:
    _Base = QMainWindow
else:
    _Base = object  # the window brings QMainWindow itself


class WindowExtras(_Base):
    """Home, welcome, settings and help, for the main window."""

    session: OpenProgramme | None
    runner: TaskRunner
    data_dir: Path
    navigation: QListWidget
    pages: QStackedWidget
    menu_actions: Actions
    settings_action: QAction
    home_page: HomePage
    welcome_page: WelcomePage
    meetings_page: MeetingsPage
    recommendations_page: RecommendationsPage
    plan_page: TimelinePage
    sync_page: SyncPage
    help_window: HelpWindow | None
    dialog: QDialog | None
    _requested_view: str | None
    _today: dt.date | None

    if TYPE_CHECKING:  # the window's own, declared for the type checker only
        view_ready: Signal

        def show_view(self, view: str) -> None: ...

        def show_action(self, action_id: str) -> None: ...

        def show_minutes(self, meeting_id: str, item_id: str | None = None) -> None: ...

        def refresh(self) -> None: ...

    def _connect_extras(self) -> None:
        self.settings_action.triggered.connect(self.show_settings)
        self.welcome_page.finished.connect(self._welcome_finished)
        home = self.home_page
        home.meeting_requested.connect(self.open_meeting)
        home.schedule_requested.connect(lambda _gid: self.menu_actions.schedule_meeting.trigger())
        home.action_requested.connect(
            lambda aid: self.show_action(aid) if aid else self.show_view("actions")
        )
        home.recommendation_requested.connect(self.open_recommendation)
        home.milestone_requested.connect(self.open_milestone)
        home.settings_requested.connect(self.show_settings)
        home.minutes_requested.connect(lambda meeting_id: self.show_minutes(meeting_id))
        a = self.menu_actions
        a.user_guide.triggered.connect(lambda: self.show_help())
        a.shortcuts.triggered.connect(lambda: self.show_help(shortcuts=True))

    # --- places the Home page links to ---------------------------------------------------

    def open_meeting(self, meeting_id: str) -> None:
        """The Meetings page with this meeting chosen."""
        if self.session is None:
            return
        self.show_view("meetings")
        self.meetings_page.open(self.runner, self.session, today=self._today,
                                meeting_id=meeting_id)

    def open_recommendation(self, recommendation_id: str) -> None:
        self.show_view("recommendations")
        self.recommendations_page.show_recommendation(recommendation_id)

    def open_milestone(self, milestone_id: str) -> None:
        self.show_view("plan")
        self.plan_page.reload(select_id=milestone_id)

    # --- the first-run welcome ---------------------------------------------------------------

    def show_welcome(self) -> None:
        """The first-run welcome: a page with no entry of its own in the list."""
        if self.session is None:
            return
        self.navigation.blockSignals(True)
        self.navigation.setCurrentRow(-1)
        self.navigation.blockSignals(False)
        self.pages.setCurrentWidget(self.welcome_page)
        self.welcome_page.open(self.runner, self.session, today=self._today)
        self.welcome_page.setFocus()  # its focus proxy: the name box

    def _welcome_finished(self, outcome: WelcomeOutcome) -> None:
        if outcome.join_exchange:
            # Hand over to the trust flow once the Exchange page knows this laptop's
            # state (SyncPage.trust_flow does nothing while its overview is loading).
            def ready() -> None:
                self.sync_page.loaded.disconnect(ready)
                self.sync_page.trust_flow()

            self.sync_page.loaded.connect(ready)
            self.show_view("sync")
        elif outcome.landing_meeting_id:
            self.open_meeting(outcome.landing_meeting_id)
        else:
            self.show_view("home")

    # --- Edit > Settings… ----------------------------------------------------------------

    def show_settings(self) -> None:
        if self.session is None:
            return

        def opened(dialog: QDialog) -> None:
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.dialog = dialog
            if self._requested_view == "settings":
                QTimer.singleShot(0, lambda: self.view_ready.emit("settings"))

        def saved(_state: object) -> None:
            self.statusBar().showMessage("Settings saved.", 5000)
            self.refresh()  # the Home page shows the new person's groups

        open_settings_dialog(self.runner, self.session, self, saved, opened)

    # --- Help ------------------------------------------------------------------------------

    def show_help(self, shortcuts: bool = False, section: str | None = None) -> HelpWindow:
        """Help > User guide (F1) or, with ``shortcuts``, Keyboard shortcuts (Ctrl+/)."""
        if self.help_window is None:
            self.help_window = HelpWindow(self.menu_actions, self.menuBar(), self, parent=self)
        if shortcuts:
            self.help_window.show_shortcuts()
        else:
            self.help_window.show_guide(section)
        return self.help_window

    def view_widget(self) -> QWidget:
        """What ``--screenshot`` draws: the window of a view that has its own (help,
        settings), else the main window."""
        if self._requested_view == "help" and self.help_window is not None:
            return self.help_window
        if self._requested_view == "settings" and isinstance(self.dialog, SettingsDialog):
            return self.dialog
        return self
