"""The main window's views that are more than a page in the list (the Home page's links,
the first-run welcome, Edit ▸ Settings…, Help) and its keyboard commands (the Go menu,
F6 between panes, the Edit menu's clipboard commands; the pieces are gui/shell/keys.py).

A mixin of ``MainWindow`` (gui/shell/window.py), split out to keep that module readable in
one sitting (docs/contributing.md); the names below the class line are the window's, declared
so that the type checker knows what these methods use.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QWidget,
)

from sen_desktop.gui.shell.keys import (
    SelectionWatch,
    clipboard_state,
    cycle_panes,
    focus_page,
    run_clipboard_command,
)
from sen_desktop.gui.shell.pages import guide_topic

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    from PySide6.QtGui import QAction

    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.exchange.page import SyncPage
    from sen_desktop.gui.help.window import HelpWindow
    from sen_desktop.gui.home.page import HomePage
    from sen_desktop.gui.home.welcome import WelcomeOutcome
    from sen_desktop.gui.meetings.page import MeetingsPage
    from sen_desktop.gui.minutes.page import MinutesPage
    from sen_desktop.gui.plan.timeline_page import TimelinePage
    from sen_desktop.gui.recommendations.page import RecommendationsPage
    from sen_desktop.gui.search.box import SearchBox
    from sen_desktop.gui.shell.menus import MenuCommands
    from sen_desktop.gui.shell.navigation import Navigation
    from sen_desktop.gui.shell.session import OpenProgramme

    _Base = QMainWindow
else:
    _Base = object  # the window brings QMainWindow itself


class WindowExtras(_Base):
    """Home, welcome, settings and help, for the main window."""

    session: OpenProgramme | None
    runner: TaskRunner
    data_dir: Path
    navigation: Navigation
    pages: QStackedWidget
    menu_actions: MenuCommands
    settings_action: QAction
    meetings_page: MeetingsPage
    recommendations_page: RecommendationsPage
    plan_page: TimelinePage
    sync_page: SyncPage
    help_window: HelpWindow | None
    dialog: QDialog | None
    minutes_page: MinutesPage
    search_box: SearchBox
    _requested_view: str | None
    _today: dt.date | None
    _last_group: str | None
    _shut_down: bool
    _selection_watch: SelectionWatch

    if TYPE_CHECKING:  # the window's own, declared for the type checker only
        view_ready: Signal

        def show_view(self, view: str) -> None: ...

        def current_view(self) -> str | None: ...

        def present(self, key: str, **extras: object) -> QWidget: ...

        def show_action(self, action_id: str) -> None: ...

        def show_minutes(self, meeting_id: str, item_id: str | None = None) -> None: ...

        def refresh(self) -> None: ...

    def _connect_extras(self) -> None:
        a = self.menu_actions
        for go in a.go_pages:
            go.triggered.connect(functools.partial(self.go, str(go.data())))
        a.next_pane.triggered.connect(lambda: self.cycle_pane(1))
        a.previous_pane.triggered.connect(lambda: self.cycle_pane(-1))
        for name in ("cut", "copy", "paste", "select_all"):
            getattr(a, name).triggered.connect(functools.partial(self._clipboard, name))
        edit_menu = self.menuBar().findChild(QMenu, "menu_edit")
        if edit_menu is not None:
            edit_menu.aboutToShow.connect(self._update_clipboard_actions)
        self._selection_watch = SelectionWatch(self._update_clipboard_actions)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
            app.clipboard().dataChanged.connect(self._update_clipboard_actions)
        self.settings_action.triggered.connect(self.show_settings)
        a.user_guide.triggered.connect(lambda: self.show_help())
        a.shortcuts.triggered.connect(lambda: self.show_help(shortcuts=True))

    def _connect_home(self, home: HomePage) -> None:
        """The Home page's links (when the page is built)."""
        home.meeting_requested.connect(self.open_meeting)
        home.schedule_requested.connect(lambda _gid: self.menu_actions.schedule_meeting.trigger())
        home.action_requested.connect(
            lambda aid: self.show_action(aid) if aid else self.show_view("actions")
        )
        home.recommendation_requested.connect(self.open_recommendation)
        home.milestone_requested.connect(self.open_milestone)
        home.settings_requested.connect(self.show_settings)
        home.provision_requested.connect(lambda: self.show_view("provision"))
        home.consultations_requested.connect(lambda: self.show_view("consultations"))
        home.minutes_requested.connect(lambda meeting_id: self.show_minutes(meeting_id))

    # --- the keyboard ----------------------------------------------------------------------

    def go(self, view: str) -> None:
        """Go menu (Ctrl+1…9): show the page and give it the keyboard."""
        if self.session is None:
            return
        if view == "groups" and self._last_group is not None:
            view = self._last_group  # back to the group last looked at
        self.show_view(view)
        page = self.pages.currentWidget()
        if page is not None:
            self.focus_page(page)

    def focus_page(self, page: QWidget) -> None:
        """The keyboard into ``page``: the Minutes page's Discussion (at the end of the
        current item's text), else the page's first control."""
        if self.current_view() == "minutes":
            self.minutes_page.focus_discussion()
        else:
            focus_page(page)

    def cycle_pane(self, step: int) -> None:
        """F6 / Shift+F6: navigation → page → search box, and round."""
        cycle_panes(QApplication.focusWidget(), (self.navigation, self.pages, self.search_box),
                    step, self.focus_page)

    def _clipboard(self, command: str) -> None:
        run_clipboard_command(QApplication.focusWidget(), command)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if not self._shut_down:
            self._selection_watch.follow(new)
            self._update_clipboard_actions()

    def _update_clipboard_actions(self) -> None:
        a = self.menu_actions
        state = clipboard_state(QApplication.focusWidget())
        for command, action in (("cut", a.cut), ("copy", a.copy), ("paste", a.paste),
                                ("select_all", a.select_all)):
            action.setEnabled(state[command])

    # --- places the Home page links to ---------------------------------------------------

    def open_meeting(self, meeting_id: str) -> None:
        """The Meetings page with this meeting chosen."""
        if self.session is None:
            return
        self.show_view("meetings")
        self.present("meetings", meeting_id=meeting_id)

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
        self.navigation.clear_choice()
        self.present("welcome").setFocus()  # its focus proxy: the name box

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
        from sen_desktop.gui.settings.dialog import open_settings_dialog

        def opened(dialog: QDialog) -> None:
            dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
            self.dialog = dialog
            QTimer.singleShot(0, lambda: self.view_ready.emit("settings"))

        def saved(_state: object) -> None:
            self.statusBar().showMessage("Settings saved.", 5000)
            self.refresh()  # the Home page shows the new person's groups

        open_settings_dialog(self.runner, self.session, self, saved, opened)

    # --- Help ------------------------------------------------------------------------------

    def show_help(self, shortcuts: bool = False, section: str | None = None) -> HelpWindow:
        """Help > User guide (F1), at the task of the page on show, or, with
        ``shortcuts``, Keyboard shortcuts (Ctrl+/)."""
        from sen_desktop.gui.help.window import HelpWindow

        if section is None:
            section = guide_topic(self.current_view() or "")
        if self.help_window is None:
            self.help_window = HelpWindow(self.menu_actions, self.menuBar(), self, parent=self)
        if shortcuts:
            self.help_window.show_shortcuts()
        else:
            self.help_window.show_guide(section)
        self.view_ready.emit("help")
        return self.help_window

    def view_widget(self) -> QWidget:
        """What ``--screenshot`` draws: the window of a view that has its own (help,
        settings), else the main window."""
        if self._requested_view == "help" and self.help_window is not None:
            return self.help_window
        if self._requested_view == "settings":
            from sen_desktop.gui.settings.dialog import SettingsDialog

            if isinstance(self.dialog, SettingsDialog):
                return self.dialog
        return self
