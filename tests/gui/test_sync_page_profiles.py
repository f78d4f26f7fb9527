"""Adding, editing and removing export profiles and naming laptops on the Exchange
page, with the dialogs and the keyboard (offscreen)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenuBar, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from test_accessibility import _unnamed_controls

from sen_desktop.core.store.models import SyncPeer, SyncProfile
from sen_desktop.gui.actions import build_actions, build_menus
from sen_desktop.gui.session import OpenProgramme, open_programme_services
from sen_desktop.gui.sync_models import select_row
from sen_desktop.gui.sync_page import SyncPage
from sen_desktop.gui.sync_profile_dialogs import NameLaptopDialog, ProfileDialog
from sen_desktop.gui.tasks import TaskRunner
from sen_desktop.sync.scope import add_profile

WAIT = 30_000
PEER = "5eed0000-aaaa-4aaa-8aaa-000000000001"


@pytest.fixture
def session(data_dir: Path) -> Iterator[OpenProgramme]:
    opened = open_programme_services(data_dir)
    with opened.db.session_factory.begin() as s:
        s.add(SyncPeer(site_id=PEER, name="", public_key="ab" * 32, pinned_at="2026-11-01"))
    yield opened
    opened.close()


@pytest.fixture
def page(qtbot: QtBot, session: OpenProgramme) -> Iterator[SyncPage]:
    runner = TaskRunner()
    widget = SyncPage()
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    with qtbot.waitSignal(widget.loaded, timeout=WAIT):
        widget.open(runner, session)
    yield widget
    runner.shutdown()


def _profiles(session: OpenProgramme) -> dict[str, tuple[str, bool, bool]]:
    with session.db.session_factory() as s:
        return {
            p.name: (p.group_codes, p.contacts, p.confidential)
            for p in s.scalars(select(SyncProfile))
        }


def _cells(page: SyncPage, table: str) -> list[list[str]]:
    model = page.profile_model if table == "profiles" else page.peer_model
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def _tick(dialog: ProfileDialog, qtbot: QtBot, code: str) -> None:
    """Tick a group by keyboard: move to it, press Space."""
    row = dialog.group_model.row_of(code)
    dialog.groups.setFocus()
    dialog.groups.setCurrentIndex(dialog.group_model.index(row))
    qtbot.keyClick(dialog.groups, Qt.Key.Key_Space)


def test_add_refuses_an_empty_name_and_no_groups_beside_the_fields(
    qtbot: QtBot, page: SyncPage, session: OpenProgramme
) -> None:
    assert page.profiles_empty.isVisible() and not page.profiles.isVisible()
    assert not page.edit_profile_button.isEnabled()
    page.add_profile_button.click()
    dialog = page.dialog
    assert isinstance(dialog, ProfileDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert _unnamed_controls(dialog) == []
    assert [dialog.group_model.index(r).data() for r in range(2)] == [
        "SG — Strategy Steering Group", "BESD — BESD Working Group"
    ]

    _tick(dialog, qtbot, "PCRG")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # Enter = Save
    qtbot.waitUntil(lambda: bool(dialog.name_error.text()), timeout=WAIT)
    assert dialog.name_error.text() == "Give the profile a name, e.g. the laptop's owner."
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    assert _profiles(session) == {}

    qtbot.keyClicks(dialog.name, "PCRG laptop")
    _tick(dialog, qtbot, "PCRG")  # untick: no group left
    dialog.save_button.click()
    qtbot.waitUntil(lambda: bool(dialog.groups_error.text()), timeout=WAIT)
    assert dialog.name_error.text() == ""
    assert "at least one group" in dialog.groups_error.text()
    assert dialog.isVisible()
    assert _profiles(session) == {}

    _tick(dialog, qtbot, "PCRG")
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        dialog.save_button.click()
    assert not dialog.isVisible()
    assert _profiles(session) == {"PCRG laptop": ('["PCRG"]', False, False)}
    assert _cells(page, "profiles")[0][:4] == ["PCRG laptop", "PCRG", "no", "no"]
    assert page.current_profile() is not None
    assert page.current_profile().name == "PCRG laptop"  # type: ignore[union-attr]


def test_add_refuses_a_name_already_taken(
    qtbot: QtBot, page: SyncPage, session: OpenProgramme
) -> None:
    with session.db.session_factory.begin() as s:
        add_profile(s, "Programme lead", ["SG"])
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.reload()
    page.add_profile_button.click()
    dialog = page.dialog
    assert isinstance(dialog, ProfileDialog)
    qtbot.keyClicks(dialog.name, "programme LEAD")
    _tick(dialog, qtbot, "PCRG")
    dialog.confidential.setChecked(True)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: bool(dialog.name_error.text()), timeout=WAIT)
    assert "already a profile called 'Programme lead'" in dialog.name_error.text()
    assert _profiles(session) == {"Programme lead": ('["SG"]', False, False)}


def test_enter_edits_and_delete_removes_the_chosen_profile(
    qtbot: QtBot, page: SyncPage, session: OpenProgramme
) -> None:
    with session.db.session_factory.begin() as s:
        add_profile(s, "PCRG laptop", ["PCRG"])
        add_profile(s, "Programme lead", ["SG"])
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.reload()
    assert [r[0] for r in _cells(page, "profiles")] == ["PCRG laptop", "Programme lead"]

    page.profiles.setFocus()
    qtbot.keyClick(page.profiles, Qt.Key.Key_Down)
    assert page.current_profile().name == "Programme lead"  # type: ignore[union-attr]
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.reload()  # the chosen row is chosen again by its name
    assert page.profiles.currentIndex().row() == 1
    assert page.profiles.selectionModel().isRowSelected(1)
    qtbot.keyClick(page.profiles, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, ProfileDialog)
    assert dialog.name.isReadOnly() and dialog.name.text() == "Programme lead"
    assert dialog.group_model.checked() == ["SG"]
    _tick(dialog, qtbot, "BESD")
    dialog.contacts.setFocus()
    qtbot.keyClick(dialog.contacts, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.contacts, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.confidential
    qtbot.keyClick(dialog.confidential, Qt.Key.Key_Space)
    assert dialog.contacts.isChecked() and dialog.confidential.isChecked()
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        qtbot.keyClick(dialog.groups, Qt.Key.Key_Return)
    assert _profiles(session)["Programme lead"] == ('["BESD", "SG"]', True, True)
    assert _cells(page, "profiles")[1][:4] == ["Programme lead", "BESD, SG", "yes", "yes"]
    # The row chosen before the reload is chosen again.
    assert page.current_profile().name == "Programme lead"  # type: ignore[union-attr]

    # Delete asks first; Cancel keeps the profile.
    page.profiles.setFocus()
    qtbot.keyClick(page.profiles, Qt.Key.Key_Delete)
    box = page.dialog
    assert isinstance(box, QMessageBox)
    assert "Programme lead" in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert set(_profiles(session)) == {"PCRG laptop", "Programme lead"}

    qtbot.keyClick(page.profiles, Qt.Key.Key_Delete)
    box = page.dialog
    assert isinstance(box, QMessageBox) and page.remove_confirm is not None
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.remove_confirm.click()
    assert set(_profiles(session)) == {"PCRG laptop"}
    assert [r[0] for r in _cells(page, "profiles")] == ["PCRG laptop"]
    assert page.current_profile().name == "PCRG laptop"  # type: ignore[union-attr]


def test_a_laptop_is_named_and_linked_to_the_profile_of_that_name(
    qtbot: QtBot, page: SyncPage, session: OpenProgramme
) -> None:
    with session.db.session_factory.begin() as s:
        add_profile(s, "PCRG laptop", ["PCRG"])
        s.add(SyncPeer(site_id="5eed0000-bbbb-4bbb-8bbb-000000000002", name="Head's laptop",
                       public_key="cd" * 32, pinned_at="2026-11-01"))
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.reload()
    assert _cells(page, "peers")[1][:2] == ["laptop 5eed0000 (not named)", "none"]
    assert page.select_laptop(PEER)

    page.peers.setFocus()
    qtbot.keyClick(page.peers, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, NameLaptopDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert _unnamed_controls(dialog) == []
    assert "PCRG laptop" in dialog.link_note.text()
    assert [dialog.name.itemText(i) for i in range(dialog.name.count())] == ["PCRG laptop"]

    line = dialog.name.lineEdit()
    assert line is not None
    qtbot.keyClicks(line, "HEAD'S LAPTOP")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: bool(dialog.name_error.text()), timeout=WAIT)
    assert "already known as \"Head's laptop\"" in dialog.name_error.text()
    with session.db.session_factory() as s:
        peer = s.get(SyncPeer, PEER)
        assert peer is not None and peer.name == ""

    line.selectAll()
    qtbot.keyClicks(line, "PCRG laptop")
    messages: list[str] = []
    page.status_message.connect(messages.append)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert messages == ["Named laptop 5eed0000 PCRG laptop, linked to the profile PCRG laptop."]
    assert page.current_laptop().site_id == PEER  # type: ignore[union-attr]
    rows = {r[0]: r[1] for r in _cells(page, "peers")}
    assert rows == {"PCRG laptop": "PCRG laptop", "Head's laptop": "none"}


def test_every_command_has_a_mnemonic_and_the_page_is_named(
    qtbot: QtBot, page: SyncPage, session: OpenProgramme
) -> None:
    with session.db.session_factory.begin() as s:
        add_profile(s, "PCRG laptop", ["PCRG"])
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.reload()
    assert _unnamed_controls(page) == []
    # A letter the menu bar uses too would only move the focus between the two.
    bar = QMenuBar()
    build_menus(bar, build_actions(bar))
    menu_letters = {
        QKeySequence.mnemonic(action.text()).toString()[-1] for action in bar.actions()
    }
    assert {"F", "E", "T", "X"} <= menu_letters
    letters = []
    for button in (page.passphrase_button, page.export_button, page.import_button,
                   page.add_profile_button, page.edit_profile_button,
                   page.remove_profile_button, page.name_laptop_button):
        text = button.text()
        assert "&" in text, text
        letters.append(QKeySequence.mnemonic(text).toString()[-1])
    assert len(set(letters)) == len(letters) and not set(letters) & menu_letters

    # Each button is a mnemonic (Alt+letter); the commands it runs are the ones the
    # Enter and Delete keys reach on the tables (driven above).
    assert QKeySequence.mnemonic(page.add_profile_button.text()) == QKeySequence("Alt+D")
    page.add_profile_button.click()
    assert isinstance(page.dialog, ProfileDialog) and page.dialog.editing is None
    page.dialog.reject()
    select_row(page.peers, 0)
    page.name_laptop_button.click()
    assert isinstance(page.dialog, NameLaptopDialog)
    assert page.dialog.peer.site_id == PEER
    page.dialog.reject()
