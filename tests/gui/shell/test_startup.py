# mypy: disable-error-code="no-untyped-call"
"""A window that paints at once (issue 13): importing the shell loads neither SQLAlchemy
nor any page; the pages come from the one table of pages and are built when first shown.

The import checks run in a fresh interpreter: this test process has long since imported
every page through the other tests."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from sen_desktop.app import build_parser
from sen_desktop.gui.shell.pages import GROUP_PREFIX, PAGES, VIEWS, go_pages, spec
from sen_desktop.gui.shell.window import MainWindow

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

REPO = Path(__file__).resolve().parents[3]
OpenWindow = Callable[..., MainWindow]


def _loaded_after(code: str) -> dict[str, Any]:
    """Run ``code`` in a fresh interpreter: the heavy modules and pages it loaded."""
    pages = sorted({row.module for row in PAGES})
    probe = textwrap.dedent(f"""
        import json, sys
        {code}
        pages = {pages!r}
        print(json.dumps({{
            "sqlalchemy": sorted(m for m in sys.modules if m.split(".")[0] == "sqlalchemy"),
            "pages": [m for m in pages if m in sys.modules],
            "qt": sorted(m for m in sys.modules if m.split(".")[0] == "PySide6"),
            "export": "sen_desktop.gui.papers.export" in sys.modules,
        }}))
    """)
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    loaded: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_importing_the_shell_loads_neither_sqlalchemy_nor_a_page() -> None:
    loaded = _loaded_after(
        "import sen_desktop.gui.shell.window, sen_desktop.gui.shell.main, sen_desktop.app"
    )
    assert loaded["qt"], "the check must really have imported the window"
    assert loaded["sqlalchemy"] == []
    assert loaded["pages"] == []


def test_the_table_of_pages_is_plain_data() -> None:
    loaded = _loaded_after("import sen_desktop.gui.shell.pages")
    assert loaded == {"sqlalchemy": [], "pages": [], "qt": [], "export": False}


def test_the_export_commands_are_wired_once_the_folder_starts_to_open(tmp_path: Path) -> None:
    # Built before the first paint, the window leaves File > Export to Word… and Make a
    # pack off and their controller (gui/papers/export.py) unloaded; start() wires them.
    steps = [
        "from pathlib import Path",
        "from PySide6.QtWidgets import QApplication",
        "from sen_desktop.gui.shell.window import MainWindow",
        "app = QApplication(['test', '-platform', 'offscreen'])",
        f"window = MainWindow(Path({str(tmp_path)!r}))",
        "a = window.menu_actions",
        "assert not a.export_word.isEnabled() and not a.make_pack.isEnabled()",
        "assert 'sen_desktop.gui.papers.export' not in sys.modules",
        "window.exporter.update_action()",
        "assert not a.export_word.isEnabled() and not a.make_pack.isEnabled()",
    ]
    loaded = _loaded_after("; ".join(steps))
    assert loaded["export"] is True  # the controller, once asked for
    assert loaded["sqlalchemy"] == []


def test_every_row_names_a_page_class_that_keeps_the_contract() -> None:
    for row in PAGES:
        cls = getattr(importlib.import_module(row.module), row.class_name)
        assert callable(getattr(cls, "open", None)), row.key
        assert hasattr(cls, "loaded"), row.key
        if row.exports:
            assert callable(getattr(cls, "export_target", None)), row.key
        own = set(row.commands) - {command.name for command in row.anywhere}
        if own:
            assert callable(getattr(cls, "connect_actions", None)), row.key
            assert callable(getattr(cls, "update_actions", None)), row.key
        for command in row.anywhere:
            assert command.name in row.commands, (row.key, command.name)
            assert callable(getattr(cls, command.method, None)), (row.key, command.method)
            if command.needs_selection:
                assert callable(getattr(cls, "has_selection", None)), row.key


def test_view_names_go_menu_and_f1_come_from_the_table() -> None:
    view = next(a for a in build_parser()._actions if a.dest == "view")
    assert tuple(view.choices or ()) == VIEWS
    assert spec(f"{GROUP_PREFIX}some-id").key == "groups"
    numbers = [row.shortcut for row in go_pages() if row.shortcut]
    assert numbers == list(range(1, 10)), "Ctrl+1…9, each once, in the Go menu's order"


def test_pages_are_built_when_first_shown(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window(view="people")
    qtbot.waitUntil(lambda: window.current_view() == "people", timeout=30_000)
    assert window.built("people") is not None
    assert window.built("minutes") is None and window.built("meetings") is None
    # The navigation lists the table's pages, the groups under their label.
    nav = window.navigation
    keys = [nav.item(r).data(Qt.ItemDataRole.UserRole) for r in range(nav.count())]
    listed = [k for k in keys if isinstance(k, str) and not k.startswith(GROUP_PREFIX)]
    assert listed == [row.key for row in PAGES if row.navigation and row.key != "groups"]
    assert sum(1 for k in keys if isinstance(k, str) and k.startswith(GROUP_PREFIX)) == len(
        window.groups)
    # A command chosen from anywhere builds its page, brings it forward and runs there.
    window.menu_actions.filter_actions.trigger()
    qtbot.waitUntil(lambda: window.current_view() == "actions", timeout=30_000)
    assert window.built("actions") is not None
    assert window.built("minutes") is None


def test_opening_the_window_builds_none_of_the_commands_parsers() -> None:
    from sen_desktop.app import _window_parser

    window = _window_parser(["--data-dir", "x", "--view", "groups"])
    assert window is not None
    assert window.parse_args(["--view", "groups"]).view == "groups"
    # A command, help or a mistake goes to the whole command line (its words, its help).
    for arguments in (["check"], ["--data-dir", "x", "paper", "minutes"], ["--help"],
                      ["--he"], ["--view", "nowhere"], ["--bogus"]):
        assert _window_parser(arguments) is None, arguments
    loaded = _loaded_after(
        "from sen_desktop.app import _window_parser; _window_parser(['--view', 'groups'])"
    )
    assert loaded["qt"] == []
    cli = subprocess.run(
        [sys.executable, "-c", "import sys; from sen_desktop.app import _window_parser; "
         "_window_parser(['--view', 'groups']); "
         "print(sorted(m for m in sys.modules if m.startswith('sen_desktop.cli')))"],
        cwd=REPO, capture_output=True, text=True, timeout=60, check=True,
    )
    assert cli.stdout.strip() == "[]"


def test_the_database_opens_after_the_first_paint(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QApplication, QLabel

    from sen_desktop.gui.shell.probe import after_first_paint

    label = QLabel("frame")
    qtbot.addWidget(label)
    calls: list[bool] = []
    after_first_paint(label, lambda: calls.append(label.isVisible()))
    QApplication.processEvents()
    assert calls == []  # nothing before the widget is shown and painted
    label.show()
    qtbot.waitUntil(lambda: bool(calls), timeout=10_000)
    label.update()
    qtbot.wait(50)
    assert calls == [True]  # once only


def test_services_are_built_when_first_used(data_dir: Path) -> None:
    from sen_desktop.gui.shell.session import SERVICES, open_programme_services

    session = open_programme_services(data_dir)
    try:
        assert not set(SERVICES) & set(vars(session)), "no service built at open"
        assert session.programme is session.programme  # built once, then kept
        assert set(vars(session)) & set(SERVICES) == {"programme"}
        session.warm()
        assert set(SERVICES) <= set(vars(session))
    finally:
        session.close()


def test_the_group_shows_before_the_store_loads_and_opens_after(
    qtbot: QtBot, store: Any, settings: Any
) -> None:
    # The first look (core/programme/group_reads.py): the group the window opens on,
    # shown, and moved about in by keyboard, before the programme is open; a group
    # chosen meanwhile shows once it is.
    store.db.close()  # a folder as the last run left it: no -wal beside the file
    assert not list(store.data_dir.glob("*-wal")), "the store did not close cleanly"
    window = MainWindow(store.data_dir, settings=settings, view="groups")
    qtbot.addWidget(window)
    window.show()
    shown: list[tuple[str | None, bool]] = []

    def ready(_view: str) -> None:
        group = window.group_page.group()
        shown.append((group.name if group else None, window.session is None))
        if len(shown) == 1:
            table = window.group_page.seat_table
            table.setFocus()
            qtbot.keyClick(table, Qt.Key.Key_Down)
            assert window.group_page.selected_seat() is not None
            window.select_group("BESD Working Group")  # while the store loads

    window.view_ready.connect(ready)
    with qtbot.waitSignal(window.opened, timeout=60_000):
        window.start()
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=30_000)
    assert shown == [("Strategy Steering Group", True), ("BESD Working Group", False)], (
        f"shown {shown}; files {sorted(p.name for p in store.data_dir.iterdir())}")
    assert window.current_key() == f"{GROUP_PREFIX}{window.groups[1].id}"
    window.close()


def test_the_first_look_loads_no_sqlalchemy(store: Any, tmp_path: Path) -> None:
    store.db.close()
    steps = [
        "from pathlib import Path",
        "from PySide6.QtWidgets import QApplication",
        "from sen_desktop.gui.shell.window import MainWindow",
        "app = QApplication(['test', '-platform', 'offscreen'])",
        f"window = MainWindow(Path({str(store.data_dir)!r}), view='groups')",
        "seen = []",
        "window.view_ready.connect(lambda v: (seen.append(sorted(m for m in sys.modules "
        "if m.startswith('sqlalchemy'))), app.quit()))",
        "window.show()",
        "window.start()",
        "app.exec()",
        "assert seen == [[]], seen",
        "assert window.group_page.seats_model.rowCount() == 15",
        "window.close()",
    ]
    loaded = _loaded_after("; ".join(steps))
    assert loaded["pages"] == ["sen_desktop.gui.groups.page"]


def test_the_navigation_roles_are_qts() -> None:
    # Written as numbers so the frame reaches no enum of Qt's namespace before it paints.
    from sen_desktop.gui.shell.keys import INDENT_ROLE
    from sen_desktop.gui.shell.navigation import ACCESSIBLE_TEXT_ROLE, KEY_ROLE

    assert Qt.ItemDataRole.UserRole.value == KEY_ROLE
    assert Qt.ItemDataRole.UserRole.value + 1 == INDENT_ROLE
    assert Qt.ItemDataRole.AccessibleTextRole.value == ACCESSIBLE_TEXT_ROLE


def test_the_frame_paints_before_qts_namespace_is_built(tmp_path: Path) -> None:
    # PySide builds all ~95 enums of QtCore.Qt at the first touch (~13 ms): the frame's
    # modules and its building before the first paint must not touch it.
    steps = [
        "from pathlib import Path",
        "from PySide6 import QtCore",
        "from sen_desktop.gui.shell.main import _application",
        "from sen_desktop.gui.shell.probe import after_first_paint",
        "from sen_desktop.gui.shell.window import MainWindow",
        "app = _application(offscreen=True)",
        f"window = MainWindow(Path({str(tmp_path)!r}), view='groups')",
        "seen = []",
        "after_first_paint(window, lambda: (seen.append('Qt' in vars(QtCore)), app.quit()))",
        "window.show()",
        "app.exec()",
        "assert seen == [False], seen",
        "window.close()",
    ]
    loaded = _loaded_after("; ".join(steps))
    assert loaded["sqlalchemy"] == [] and loaded["pages"] == []
