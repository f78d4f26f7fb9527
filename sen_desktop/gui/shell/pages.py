"""The table of pages: one row per page of the main window (docs/architecture.md, "The
page contract").

Plain data (named tuples: not even ``dataclasses`` loads), free of Qt and SQLAlchemy, so
the command line reads the ``--view`` names at once. From these rows come the navigation
list, the ``--view`` names, the Go menu with its Ctrl+number shortcuts, F1's topic on each
page and which page a menu command belongs to. A page's module is imported, and its class
built, the first time the page is shown (gui/shell/host.py).

Every page class implements ``Page``: it is built with no argument (or with the worker,
where its row says ``needs_runner``), and ``open(context)`` is called each time it is
shown; the optional members a row promises are listed on ``PageSpec``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    import datetime as dt

    from PySide6.QtCore import SignalInstance

    from sen_desktop.core.programme.records import GroupSummary
    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.shell.session import OpenProgramme


class Command(NamedTuple):
    """A menu command a page answers from anywhere in the window: the shell brings the
    page forward, then calls ``method`` on it."""

    name: str  # the command's field in gui/shell/menus.MenuCommands
    method: str
    #: Enabled only while the page shows something chosen (its ``has_selection()``).
    needs_selection: bool = False


class PageSpec(NamedTuple):
    """One page: what the navigation, the Go menu, ``--view`` and F1 know of it."""

    key: str  # the --view name and the navigation key (groups: "group:<id>" per group)
    title: str  # the navigation text; the Go menu's text without its access key
    module: str  # imported when the page is first shown
    class_name: str
    go: str | None = None  # the Go menu's text with its access key; None: not in Go
    shortcut: int | None = None  # Ctrl+<n> in the Go menu
    guide: str | None = None  # F1's topic (a section key of gui/help/user_guide.py)
    navigation: bool = True  # an entry of its own in the list
    #: The page implements ``export_target()`` (File > Export to Word…).
    exports: bool = False
    #: The menu commands the page enables: disabled until the page is built, then the
    #: page's ``connect_actions(actions, show_page)`` (called once, when it is built)
    #: connects them and its ``update_actions()`` enables them.
    commands: tuple[str, ...] = ()
    #: Of ``commands``, those chosen from any page: the shell connects them itself.
    anywhere: tuple[Command, ...] = ()
    #: Built as ``cls(runner)``: the page keeps work of its own on the worker from its
    #: first moment (the minutes' autosaver); every other page is built as ``cls()``.
    needs_runner: bool = False


PAGES: tuple[PageSpec, ...] = (
    PageSpec("home", "Home", "sen_desktop.gui.home.page", "HomePage", go="&Home", shortcut=1),
    PageSpec("dashboard", "Dashboard", "sen_desktop.gui.dashboard.page", "DashboardPage",
             go="&Dashboard"),
    PageSpec("programme", "Programme", "sen_desktop.gui.programme.pages", "ProgrammePage",
             go="Pr&ogramme"),
    # One entry per group, under a "Groups" label: the keys are "group:<id>".
    PageSpec("groups", "Groups", "sen_desktop.gui.groups.page", "GroupPage", go="&Groups",
             shortcut=2, guide="group", exports=True),
    PageSpec("people", "People", "sen_desktop.gui.people.page", "PeoplePage",
             go="P&eople", shortcut=8, guide="group"),
    PageSpec("plan", "Action Plan", "sen_desktop.gui.plan.timeline_page", "TimelinePage",
             go="Action &Plan", shortcut=7,
             commands=("add_milestone", "edit_milestone", "link_milestone"),
             anywhere=(Command("add_milestone", "add_milestone"),)),
    PageSpec("meetings", "Meetings", "sen_desktop.gui.meetings.page", "MeetingsPage",
             go="&Meetings", shortcut=3, guide="minutes", exports=True,
             commands=("schedule_meeting", "add_agenda_item", "move_item_up",
                       "move_item_down", "cancel_meeting"),
             anywhere=(Command("schedule_meeting", "schedule_meeting"),)),
    PageSpec("minutes", "Minutes", "sen_desktop.gui.minutes.page", "MinutesPage",
             go="Mi&nutes", shortcut=4, guide="minutes", exports=True, needs_runner=True,
             commands=("next_item", "previous_item", "new_resolution", "new_minute_action")),
    PageSpec("actions", "Action Log", "sen_desktop.gui.action_log.page", "ActionLogPage",
             go="&Action Log", shortcut=5, guide="minutes", exports=True,
             commands=("new_action", "edit_action", "record_update", "filter_actions"),
             anywhere=(Command("new_action", "new_action"),
                       Command("edit_action", "edit_selected", needs_selection=True),
                       Command("record_update", "record_update", needs_selection=True),
                       Command("filter_actions", "focus_filters"))),
    PageSpec("recommendations", "Recommendations", "sen_desktop.gui.recommendations.page",
             "RecommendationsPage", go="&Recommendations", shortcut=6, guide="decision",
             exports=True,
             commands=("new_recommendation", "edit_recommendation", "record_decision",
                       "put_on_agenda"),
             anywhere=(Command("new_recommendation", "new_recommendation"),)),
    PageSpec("provision", "Provision map", "sen_desktop.gui.provision.page", "ProvisionPage",
             go="Prov&ision map", guide="group"),
    PageSpec("policies", "Policy documents", "sen_desktop.gui.policies.page", "PoliciesPage",
             go="Polic&y documents", guide="policy"),
    # "n" is Minutes' in the Go menu.
    PageSpec("consultations", "Consultations", "sen_desktop.gui.consultations.page",
             "ConsultationsPage", go="Cons&ultations", guide="consult"),
    PageSpec("search", "Search", "sen_desktop.gui.search.page", "SearchPage",
             go="&Search results"),
    PageSpec("sync", "Exchange", "sen_desktop.gui.exchange.page", "SyncPage", go="E&xchange",
             shortcut=9, guide="exchange",
             commands=("join_programme", "export_bundle", "import_bundle"),
             anywhere=(Command("join_programme", "trust_flow"),
                       Command("export_bundle", "export_for"),
                       Command("import_bundle", "import_bundle"))),
    PageSpec("conflicts", "Conflicts", "sen_desktop.gui.conflicts.page", "ConflictsPage",
             go="&Conflicts", guide="exchange"),
    # The first-run welcome: shown in the page area, with no entry in the list.
    PageSpec("welcome", "Welcome", "sen_desktop.gui.home.welcome", "WelcomePage",
             navigation=False),
)

#: Views that are not a page of their own: the Action Plan on its Timeline tab (the
#: ``plan`` view opens its Table), and Help and Settings, windows over a page.
OTHER_VIEWS: tuple[str, ...] = ("timeline", "help", "settings")
#: The names ``--view`` accepts.
VIEWS: tuple[str, ...] = tuple(spec.key for spec in PAGES) + OTHER_VIEWS
#: The navigation key prefix of a group's entry.
GROUP_PREFIX = "group:"

_BY_KEY = {spec.key: spec for spec in PAGES}


def spec(key: str) -> PageSpec:
    """The row of a page key or navigation key ("group:<id>" is the groups page)."""
    if key.startswith(GROUP_PREFIX):
        key = "groups"
    try:
        return _BY_KEY[key]
    except KeyError:
        raise KeyError(f"No page {key!r}; the pages are {', '.join(_BY_KEY)}.") from None


def go_pages() -> tuple[PageSpec, ...]:
    """The Go menu, in the order of a secretary's week: Ctrl+1…9, then the pages with no
    number in the navigation's order."""
    numbered = sorted((s for s in PAGES if s.go and s.shortcut), key=lambda s: s.shortcut or 0)
    rest = [s for s in PAGES if s.go and not s.shortcut]
    return (*numbered, *rest)


def guide_topic(view: str) -> str | None:
    """F1's topic on ``view`` (a page key), if the guide has one for it."""
    row = _BY_KEY.get(view)
    return row.guide if row is not None else None


class PageContext(NamedTuple):
    """What a page is given each time it is shown."""

    runner: TaskRunner
    session: OpenProgramme
    groups: tuple[GroupSummary, ...]  # the live groups, in plan order
    today: dt.date | None  # the window's "today" (tests pin it); None: the real date
    #: The --view the window was started on: a page may show a sample for a screenshot.
    first_view: str | None
    key: str  # the navigation key on show ("group:<id>" on the groups page)


class Page(Protocol):
    """What every page class implements (a QWidget)."""

    @property
    def loaded(self) -> SignalInstance:
        """Emitted when the page shows its data."""
        ...

    def open(self, context: PageContext) -> None:
        """The page is shown (again): keep the context and load on the worker."""
        ...
