"""Every control can be named by a screen reader and reached from the keyboard;
nothing is said by colour alone; a second window on the same folder is refused."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from sen_desktop.gui.shell.window import MainWindow

if TYPE_CHECKING:
    from collections.abc import Callable

    import pytest
    from pytestqt.qtbot import QtBot


def _unnamed_controls(root: QWidget) -> list[str]:
    buddies = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy()}
    missing = []
    for widget in root.findChildren(QWidget):
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(root):
            continue
        parent = widget.parentWidget()
        if not widget.isWindow() and parent is not None and parent.focusProxy() is not None:
            continue
        if widget.accessibleName() or id(widget) in buddies:
            continue
        if isinstance(widget, QAbstractButton) and widget.text().replace("&", ""):
            continue
        if type(widget).__name__ in {"QScrollBar", "QSplitterHandle", "QCalendarWidget"}:
            continue
        if widget.parentWidget() is not None and type(widget.parentWidget()).__name__ in {
            "QComboBox", "QDateEdit", "QAbstractSpinBox"
        }:
            continue  # the inner line edit of a combo or date box: its owner is named
        missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


def test_every_control_in_the_window_and_dialogs_is_named(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window(view="groups")
    qtbot.waitUntil(lambda: window.group_page.group() is not None, timeout=30_000)
    assert _unnamed_controls(window) == []
    window.group_page.select_seat(window.group_page.seats_model.records()[0].id)
    window.menu_actions.appoint.trigger()
    appoint = window.dialog
    assert appoint is not None
    qtbot.waitUntil(appoint.isVisible)
    assert _unnamed_controls(appoint) == []
    appoint.reject()
    window.menu_actions.new_person.trigger()
    person = window.dialog
    assert person is not None
    qtbot.waitUntil(person.isVisible)
    assert _unnamed_controls(person) == []


def test_a_second_window_on_the_same_folder_is_refused_in_words(
    qtbot: QtBot, open_window: Callable[..., MainWindow], data_dir: object, settings: object
) -> None:
    first = open_window()
    assert first.session is not None
    second = MainWindow(first.data_dir, settings=None)
    qtbot.addWidget(second)
    with qtbot.waitSignal(second.open_failed, timeout=30_000) as blocker:
        second.start()
    # Window words: no command-line option a window user cannot type.
    assert "already open" in blocker.args[0] and "--data-dir" not in blocker.args[0]
    second.close()
    assert first.session is not None  # the first keeps its folder


def test_a_second_copy_shows_one_message_box_and_no_window(
    qtbot: QtBot, open_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from sen_desktop.gui.shell import main as gui_main
    from sen_desktop.gui.shell.single_copy import folder_in_use

    first = open_window()
    assert first.session is not None
    shown: list[tuple[object, str]] = []
    monkeypatch.setattr(QMessageBox, "critical",
                        lambda parent, _title, text: shown.append((parent, text)))

    def no_window(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the second copy built a window")

    monkeypatch.setattr(gui_main, "MainWindow", no_window)

    assert gui_main.run_gui(first.data_dir) == 2

    assert len(shown) == 1
    parent, text = shown[0]
    assert parent is None  # a box of its own, not over a window
    assert "already open" in text and str(first.data_dir) in text
    assert "--data-dir" not in text
    assert first.session is not None
    assert folder_in_use(first.data_dir)  # the probe left the first copy's lock in place
    first.close()
    assert not folder_in_use(first.data_dir)  # and took none of its own


def test_a_screen_reader_reads_what_the_shells_labels_show(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    from tests.gui.meetings.test_meetings_layout import read_out

    window = open_window(view="groups")
    qtbot.waitUntil(lambda: window.group_page.group() is not None, timeout=30_000)
    for view in ("home", "dashboard"):
        with qtbot.waitSignal(window.view_ready, timeout=30_000):
            window.show_view(view)
    # The group's name, its seat rule, the pages' facts and the data folder are read as
    # shown (a name set over a label's text would be read instead of the words).
    for root in (window.group_page, window.home_page, window.dashboard_page,
                 window.statusBar()):
        assert read_out(root) == [], root
    assert window.folder_label.accessibleDescription() == "Data folder"
