# mypy: disable-error-code="no-untyped-call"
"""Edit ▸ Settings…: opens filled in, saves the programme's settings and this laptop's,
and shows each refusal beside its field on its own tab."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QWidget

from sen_desktop.core.programme.laptop_settings import read_laptop_settings
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.store.backup_files import megabytes
from sen_desktop.core.store.backups import make_backup
from sen_desktop.core.store.database import SCHEMA_REVISION
from sen_desktop.gui.settings import dialog as settings_dialog
from sen_desktop.gui.settings.dialog import (
    LAPTOP_TAB,
    PROGRAMME_TAB,
    SettingsDialog,
    SettingsState,
    open_settings_dialog,
)
from sen_desktop.gui.shell.menus import build_menu_commands
from sen_desktop.gui.shell.window import MainWindow
from tests.gui.gui_helpers import on_worker

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

OpenWindow = Callable[..., MainWindow]
WAIT_MS = 30_000


def open_dialog(qtbot: QtBot, window: MainWindow) -> SettingsDialog:
    assert window.session is not None
    opened: list[QDialog] = []
    open_settings_dialog(window.runner, window.session, window, on_opened=opened.append)
    qtbot.waitUntil(lambda: bool(opened), timeout=WAIT_MS)
    dialog = opened[0]
    assert isinstance(dialog, SettingsDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    return dialog


def test_settings_open_filled_in_and_save_both_parts(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path
) -> None:
    window = open_window()
    session = window.session
    assert session is not None
    dialog = open_dialog(qtbot, window)
    assert dialog.authority_edit.text() == "Kent County Council"
    assert dialog.districts_edit.toPlainText().startswith("Ashford\nCanterbury")
    assert "Tuesday 14 September 2010" in dialog.preview.text()
    # The keyboard: Alt+A to the authority's name, type over it.
    qtbot.keyClick(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert dialog.authority_edit.hasFocus()
    dialog.authority_edit.selectAll()
    qtbot.keyClicks(dialog.authority_edit, "Medway Council")
    dialog.districts_edit.setPlainText("Chatham\nGillingham\n\nRochester")
    dialog.wording_edit.setPlainText("AGREED that the minutes of {date} be signed.")
    assert dialog.preview.text() == (
        "Reads: “AGREED that the minutes of Tuesday 14 September 2010 be signed.”"
    )
    # This laptop's tab, by its access key.
    qtbot.keyClick(dialog, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert dialog.tabs.currentIndex() == LAPTOP_TAB
    dialog.user.name_edit.setText("Ama Owusu")
    dialog.user.role_combo.setCurrentIndex(dialog.user.role_combo.findData("chair"))
    dialog.user.tick("Strategy Steering Group")
    backups = tmp_path / "usb stick"
    backups.mkdir()
    dialog.backup_edit.setText(str(backups))
    # Alt+U: "Keep backups up to", typed as a person would (empty was automatic).
    assert dialog.limit_edit.text() == ""
    assert dialog.limit_now.text() == "No backups yet."  # a new folder's first day
    qtbot.keyClick(dialog, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    assert dialog.limit_edit.hasFocus()
    qtbot.keyClicks(dialog.limit_edit, "2,000")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    state = saved.args[0]
    assert isinstance(state, SettingsState)
    assert state.programme.districts == ("Chatham", "Gillingham", "Rochester")
    # The papers read the authority from the programme setting.
    assert on_worker(qtbot, window, lambda: session.programme.setting("authority_name")) == (
        "Medway Council"
    )
    laptop = read_laptop_settings(window.data_dir)
    assert laptop.user is not None and laptop.user.name == "Ama Owusu"
    assert laptop.user.group_ids == (group_id("SG"),)
    assert laptop.backup_folder == str(backups) and laptop.templates_folder == ""
    assert laptop.backup_limit_mb == 2000
    # Opening again shows what was saved.
    again = open_dialog(qtbot, window)
    assert again.authority_edit.text() == "Medway Council"
    assert again.user.group_ids() == [group_id("SG")]
    assert again.user.role() == "chair"
    assert again.limit_edit.text() == "2000"
    again.reject()


@pytest.mark.parametrize(
    ("change", "field", "tab", "words"),
    [
        (lambda d: d.wording_edit.setPlainText("The minutes were agreed."),
         "confirming_minutes_wording", PROGRAMME_TAB, "Put {date} in the wording"),
        (lambda d: d.districts_edit.setPlainText(""), "districts", PROGRAMME_TAB,
         "Enter at least one district"),
        (lambda d: d.templates_edit.setText("/no/such/folder"), "templates_folder",
         LAPTOP_TAB, "There is no folder /no/such/folder"),
        (lambda d: d.limit_edit.setText("lots"), "backup_limit_mb", LAPTOP_TAB,
         "Enter the space for backups as a whole number of megabytes, such as 2000"),
    ],
)
def test_a_refusal_shows_beside_its_field_on_its_tab_and_saves_nothing(
    qtbot: QtBot, open_window: OpenWindow,
    change: Callable[[SettingsDialog], None], field: str, tab: int, words: str,
) -> None:
    window = open_window()
    session = window.session
    assert session is not None
    dialog = open_dialog(qtbot, window)
    dialog.authority_edit.setText("Medway Council")  # would be saved, were all well
    dialog.tabs.setCurrentIndex(LAPTOP_TAB if tab == PROGRAMME_TAB else PROGRAMME_TAB)
    change(dialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.error_text(field)), timeout=WAIT_MS)
    assert words in dialog.error_text(field)
    assert dialog.tabs.currentIndex() == tab
    assert dialog.isVisible()
    assert on_worker(qtbot, window, lambda: session.programme.setting("authority_name")) == (
        "Kent County Council"
    )
    assert read_laptop_settings(window.data_dir).first_run
    dialog.reject()


def test_browse_fills_the_folder_and_every_control_is_named(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window()
    assert window.session is not None
    db = window.session.db
    made = make_backup(db.path, db.backups_dir, kind="manual", revision=SCHEMA_REVISION)
    dialog = open_dialog(qtbot, window)
    # What the backups take now, under the space for them.
    assert dialog.limit_now.text() == f"Now 1 backup, {megabytes(made.size)} in all."
    asked: list[str] = []

    def choose(_parent: QWidget, caption: str, _start: str) -> str:
        asked.append(caption)
        return str(tmp_path)

    monkeypatch.setattr(settings_dialog, "choose_folder", choose)
    dialog.tabs.setCurrentIndex(LAPTOP_TAB)
    qtbot.mouseClick(dialog.templates_browse, Qt.MouseButton.LeftButton)
    assert dialog.templates_edit.text() == str(tmp_path)
    assert asked == ["Choose the templates folder"]
    for tab in (PROGRAMME_TAB, LAPTOP_TAB):
        dialog.tabs.setCurrentIndex(tab)
        for widget in dialog.findChildren(QWidget):
            if widget.isVisible() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                # A name of its own, or a button's words (Save, Cancel).
                words = widget.text() if isinstance(widget, QAbstractButton) else ""
                assert widget.accessibleName() or words, widget
    dialog.reject()


def test_the_settings_command_is_ctrl_comma_and_names_itself(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    action = build_menu_commands(parent).settings
    assert action.shortcut().toString() == "Ctrl+,"
    assert action.text() == "&Settings…"
    assert action.menuRole() == action.MenuRole.PreferencesRole
    assert action.toolTip() == "Settings" and action.whatsThis()


def test_ctrl_comma_opens_settings_and_home_follows_the_change(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window(view="home")
    qtbot.waitUntil(lambda: "Nobody is recorded" in window.home_page.text.toPlainText(),
                    timeout=WAIT_MS)
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(window.dialog, SettingsDialog)
                    and window.dialog.isVisible(), timeout=WAIT_MS)
    dialog = window.dialog
    assert isinstance(dialog, SettingsDialog)
    dialog.tabs.setCurrentIndex(LAPTOP_TAB)
    dialog.user.name_edit.setText("Jane Smith")
    dialog.user.tick("BESD Working Group")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: "For Jane Smith, group secretary — BESD Working Group."
        in window.home_page.text.toPlainText(),
        timeout=WAIT_MS,
    )
