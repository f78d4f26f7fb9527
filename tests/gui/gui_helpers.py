# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot and qtmodeltester carry no type hints.)
"""Helpers for the GUI tests: wait for the worker, click what a person would click."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel, QWidget

if TYPE_CHECKING:
    from collections.abc import Callable

    from pytestqt.qtbot import QtBot

    from sen_desktop.core.people.service import PeopleService
    from sen_desktop.gui.shell.window import MainWindow

T = TypeVar("T")


def on_worker(qtbot: QtBot, window: MainWindow, work: Callable[[], T]) -> T:
    """Run ``work`` on the window's worker (where its database lives) and wait; an
    error it raises is raised here (not a 30-second wait for a result that never comes)."""
    box: list[T] = []
    errors: list[Exception] = []
    window.runner.run(work, box.append, errors.append)
    qtbot.waitUntil(lambda: bool(box or errors), timeout=30_000)
    if errors:
        raise errors[0]
    return box[0]


def people_service(window: MainWindow) -> PeopleService:
    """The open window's PeopleService (use it only through ``on_worker``)."""
    assert window.session is not None, "the programme is not open"
    return window.session.people


def click_navigation(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Click the navigation entry whose text is ``text``, as a person would."""
    nav = window.navigation
    items = [nav.item(row) for row in range(nav.count())]
    matches = [item for item in items if item.text().strip() == text]
    assert matches, f"no navigation entry {text!r}"
    rect = nav.visualItemRect(matches[0])
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def read_out(root: QWidget) -> list[str]:
    """Labels whose words a screen reader would not read (a name set over the text)."""
    wrong = []
    for found in root.findChildren(QLabel):
        shown = found.text().replace("&", "")
        if not shown or found.textFormat() == Qt.TextFormat.RichText:
            continue
        name = QAccessible.queryAccessibleInterface(found).text(QAccessible.Text.Name)
        if name != shown:
            wrong.append(f"{shown!r} read as {name!r}")
    return wrong
