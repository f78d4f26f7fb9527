"""The main window's pages, built from the table of pages (gui/shell/pages.py) the first
time each is shown: imported, constructed, wired to the window, then given a
``PageContext`` every time it is shown (docs/architecture.md, "The page contract").

A mixin of ``MainWindow`` (gui/shell/window.py); the names below the class line are the
window's, declared so that the type checker knows what these methods use.
"""

from __future__ import annotations

import functools
import importlib
from typing import TYPE_CHECKING, Any, cast

from sen_desktop.gui.shell.keys import tip_clear_buttons
from sen_desktop.gui.shell.pages import (
    GROUP_PREFIX,
    PAGES,
    Command,
    PageContext,
    PageSpec,
    spec,
)

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable
    from pathlib import Path

    from PySide6.QtCore import Signal
    from PySide6.QtGui import QUndoGroup
    from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

    from sen_desktop.core.programme.records import GroupSummary
    from sen_desktop.gui.action_log.page import ActionLogPage
    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.conflicts.page import ConflictsPage
    from sen_desktop.gui.dashboard.page import DashboardPage
    from sen_desktop.gui.exchange.page import SyncPage
    from sen_desktop.gui.groups.page import GroupPage
    from sen_desktop.gui.home.page import HomePage
    from sen_desktop.gui.home.welcome import WelcomePage
    from sen_desktop.gui.meetings.page import MeetingsPage
    from sen_desktop.gui.minutes.page import MinutesPage
    from sen_desktop.gui.people.page import PeoplePage
    from sen_desktop.gui.plan.timeline_page import TimelinePage
    from sen_desktop.gui.programme.pages import ProgrammePage
    from sen_desktop.gui.recommendations.page import RecommendationsPage
    from sen_desktop.gui.search.page import SearchPage
    from sen_desktop.gui.shell.menus import MenuCommands
    from sen_desktop.gui.shell.session import OpenProgramme

    _Base = QMainWindow
else:
    _Base = object  # the window brings QMainWindow itself


def _built_page(key: str) -> Any:
    """A property: the page ``key``, built on first use (tests and the window's own
    page-specific code reach pages by these names)."""
    return property(lambda window: window.page(key))


class PageHost(_Base):
    """Builds, wires and opens the pages of the table."""

    session: OpenProgramme | None
    runner: TaskRunner
    data_dir: Path
    pages: QStackedWidget
    menu_actions: MenuCommands
    undo_group: QUndoGroup
    _groups: list[GroupSummary]
    _today: dt.date | None
    _requested_view: str | None
    _built: dict[str, QWidget]

    if TYPE_CHECKING:  # the window's own, declared for the type checker only
        view_ready: Signal

        def show_view(self, view: str) -> None: ...

        def current_key(self) -> str | None: ...

        def _update_actions(self) -> None: ...

        def _page_loaded(self, page: QWidget) -> None: ...

        def show_minutes(self, meeting_id: str, item_id: str | None = None) -> None: ...

        def open_search_hit(self, hit: Any) -> None: ...

        def appoint(self) -> None: ...

        def end_appointment(self) -> None: ...

        def seat_role(self) -> None: ...

        def new_person(self) -> None: ...

        def edit_person(self) -> None: ...

        def _seat_activated(self) -> None: ...

        def _reveal_minutes(self) -> None: ...

        def _minutes_save_state(self, text: str) -> None: ...

        def _welcome_finished(self, outcome: Any) -> None: ...

        def _connect_home(self, page: HomePage) -> None: ...

        programme_page: ProgrammePage
        group_page: GroupPage
        people_page: PeoplePage
        plan_page: TimelinePage
        meetings_page: MeetingsPage
        minutes_page: MinutesPage
        action_log_page: ActionLogPage
        recommendations_page: RecommendationsPage
        search_page: SearchPage
        dashboard_page: DashboardPage
        sync_page: SyncPage
        conflicts_page: ConflictsPage
        home_page: HomePage
        welcome_page: WelcomePage
    else:
        programme_page = _built_page("programme")
        group_page = _built_page("groups")
        people_page = _built_page("people")
        plan_page = _built_page("plan")
        meetings_page = _built_page("meetings")
        minutes_page = _built_page("minutes")
        action_log_page = _built_page("actions")
        recommendations_page = _built_page("recommendations")
        search_page = _built_page("search")
        dashboard_page = _built_page("dashboard")
        sync_page = _built_page("sync")
        conflicts_page = _built_page("conflicts")
        home_page = _built_page("home")
        welcome_page = _built_page("welcome")

    # --- building ------------------------------------------------------------------------

    def built(self, key: str) -> QWidget | None:
        """The page ``key`` if it has been built, else None (nothing is built by asking)."""
        return self._built.get(spec(key).key)

    def page(self, key: str) -> Any:
        """The page ``key`` (a page key or "group:<id>"), built if it was not yet."""
        row = spec(key)
        page = self._built.get(row.key)
        if page is None:
            page = self._build(row)
        return page

    def _build(self, row: PageSpec) -> QWidget:
        module = importlib.import_module(row.module)
        cls = getattr(module, row.class_name)
        # A page of the table (gui/shell/pages.py Page): a QWidget with the contract's members.
        page: Any = cls(self.runner) if row.needs_runner else cls()
        page.setObjectName(f"page_{row.key}")
        self._built[row.key] = page
        self.pages.addWidget(page)
        page.loaded.connect(functools.partial(self._page_loaded, page))
        for name, slot in (("selection_changed", self._update_actions),
                           ("status_message", self._show_status)):
            signal = getattr(page, name, None)
            if signal is not None:
                signal.connect(slot)
        if _own_commands(row):
            page.connect_actions(self.menu_actions, functools.partial(self.show_view, row.key))
        wire = self._wiring().get(row.key)
        if wire is not None:
            wire(page)
        tip_clear_buttons(page)
        built: QWidget = page
        return built

    def _wiring(self) -> dict[str, Callable[[Any], None]]:
        """What each page says to the window beyond the contract's signals."""
        return {
            "groups": self._wire_groups,
            "people": self._wire_people,
            "plan": self._wire_plan,
            "meetings": self._wire_meetings,
            "minutes": self._wire_minutes,
            "dashboard": self._wire_dashboard,
            "search": self._wire_search,
            "home": self._connect_home,
            "welcome": self._wire_welcome,
        }

    def _wire_groups(self, page: GroupPage) -> None:
        page.appoint_requested.connect(self.appoint)
        page.end_requested.connect(self.end_appointment)
        page.role_requested.connect(self.seat_role)
        page.seat_selection_changed.connect(self._update_actions)
        page.seat_activated.connect(self._seat_activated)

    def _wire_people(self, page: PeoplePage) -> None:
        page.new_requested.connect(self.new_person)
        page.edit_requested.connect(self.edit_person)

    def _wire_plan(self, page: TimelinePage) -> None:
        if self._requested_view == "plan":
            page.show_tab("table")  # --view plan: the table; --view timeline: the timeline

    def _wire_meetings(self, page: MeetingsPage) -> None:
        page.minutes_requested.connect(
            lambda meeting_id, item_id: self.show_minutes(meeting_id, item_id or None)
        )

    def _wire_minutes(self, page: MinutesPage) -> None:
        self.undo_group.addStack(page.undo_stack)
        page.reveal_requested.connect(self._reveal_minutes)
        # The minutes' saving state, in words, while another page hides the Minutes page.
        page.save_state_changed.connect(self._minutes_save_state)
        page.recommendation_panel.changed.connect(self._update_actions)

    def _page_changed(self, _index: int) -> None:
        """The page on show changed: the Minutes page, if built, hears whether it shows
        (asked of the built page each time: pages go when a restore puts them away)."""
        minutes = self.built("minutes")
        if minutes is not None:
            cast("MinutesPage", minutes).set_showing(self.pages.currentWidget() is minutes)

    def _wire_dashboard(self, page: DashboardPage) -> None:
        page.group_requested.connect(lambda gid: self.show_view(f"{GROUP_PREFIX}{gid}"))

    def _wire_search(self, page: SearchPage) -> None:
        page.open_requested.connect(self.open_search_hit)

    def _wire_welcome(self, page: WelcomePage) -> None:
        page.finished.connect(self._welcome_finished)

    def _show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    # --- showing -------------------------------------------------------------------------

    def context(self, key: str) -> PageContext:
        """What the page shown under navigation key ``key`` is given."""
        assert self.session is not None, "pages open only once the programme is open"
        return PageContext(self.runner, self.session, tuple(self._groups), self._today,
                           self._requested_view, key)

    def present(self, key: str, **extras: Any) -> Any:
        """Bring the page of ``key`` forward and open it (``extras``: the page's own
        keyword arguments of ``open``); the navigation list is left as it is."""
        page = self.page(key)
        self.pages.setCurrentWidget(page)
        page.open(self.context(key), **extras)
        return page

    def current_page(self) -> QWidget | None:
        """The page on show (None before the programme has opened)."""
        page = self.pages.currentWidget()
        return page if page in self._built.values() else None

    def current_view(self) -> str | None:
        """The key of the page on show ("groups" for any group)."""
        page = self.pages.currentWidget()
        return next((key for key, built in self._built.items() if built is page), None)

    # --- menu commands -------------------------------------------------------------------

    def _connect_page_commands(self) -> None:
        """The commands chosen from any page: bring the page forward, then run there."""
        for row in PAGES:
            for command in row.anywhere:
                action = getattr(self.menu_actions, command.name)
                action.triggered.connect(functools.partial(self._run_command, row, command))
        # Record decision… on the minutes' item (the Recommendations page connects its own).
        self.menu_actions.record_decision.triggered.connect(self._decide_in_minutes)

    def _run_command(self, row: PageSpec, command: Command) -> None:
        if self.session is None:
            return
        if self.current_view() != row.key:
            self.show_view(row.key)
        getattr(self.page(row.key), command.method)()

    def _decide_in_minutes(self) -> None:
        # The Recommendations page answers the command while it shows; the minutes while
        # they show an item that considers a recommendation. Only one page shows at once.
        minutes = self.built("minutes")
        if minutes is not None:
            page = cast("MinutesPage", minutes)
            if page.can_record_decision():
                page.record_decision()

    def _update_page_commands(self, is_open: bool) -> None:
        """Each page's menu: its own say once built; until then only the commands chosen
        from anywhere, while the programme is open."""
        a = self.menu_actions
        minutes = cast("MinutesPage | None", self.built("minutes"))
        minutes_decide = minutes is not None and minutes.can_record_decision()
        current = self.current_view()
        for row in PAGES:
            page: Any = self._built.get(row.key)
            if _own_commands(row):
                if page is None:
                    for name in _own_commands(row):
                        getattr(a, name).setEnabled(False)
                elif row.key == "recommendations":
                    page.update_actions(minutes_decide)
                else:
                    page.update_actions()
            for command in row.anywhere:
                enabled = is_open
                if command.needs_selection:
                    enabled = enabled and current == row.key and page.has_selection()
                getattr(a, command.name).setEnabled(enabled)
        if self.built("recommendations") is None:
            a.record_decision.setEnabled(minutes_decide)


def _own_commands(row: PageSpec) -> tuple[str, ...]:
    """The page's commands it connects itself (not those chosen from anywhere)."""
    anywhere = {command.name for command in row.anywhere}
    return tuple(name for name in row.commands if name not in anywhere)

