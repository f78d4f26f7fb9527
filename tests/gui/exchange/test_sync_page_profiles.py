# mypy: disable-error-code="no-untyped-call"
"""The Exchange page's Laptops list (which replaced the hand-made export profiles and
laptop names: a certificate now says a laptop's name and groups), with the keyboard:
what each certificate grants, Enter asks to revoke, the chosen row survives a reload,
a laptop that is not the lead's sees the list without the lead's commands, and every
command has its own Alt+letter (offscreen)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenuBar

from sen_desktop.core.people.service import PeopleService
from sen_desktop.core.store.datafolder import open_programme
from sen_desktop.gui.exchange.admit import ReplaceChairDialog, RevokeDialog
from sen_desktop.gui.shell.menus import build_menu_commands, build_menus
from sen_desktop.sync.trust import TrustService
from tests.gui.exchange.test_sync_page import Opened, _page, enrol, opened  # noqa: F401 (the fixture)
from tests.gui.shell.test_accessibility import _unnamed_controls

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from sen_desktop.gui.exchange.page import SyncPage

WAIT = 30_000


@pytest.fixture
def folders(tmp_path: Path) -> Iterator[tuple[Path, Path, Path]]:
    """The lead's laptop, the Steering Group chair's and the PCRG secretary's."""
    lead, chair, pcrg = tmp_path / "lead", tmp_path / "chair", tmp_path / "pcrg"
    enrol(lead, pcrg, name=lambda _p: "PCRG secretary", read=("PCRG",))
    db = open_programme(lead)
    try:
        person = PeopleService(db.session_factory).create("Ann Chair").id
        root = TrustService(db.session_factory, lead)
        other = open_programme(chair)
        try:
            laptop = TrustService(other.session_factory, chair)
            certificate = root.admit(
                laptop.make_request("Chair's laptop"), read=["SG", "BESD"], write=["SG"],
                chair_of=["SG"], chair_from=dt.date(2026, 9, 1), person=person,
            )
            laptop.join(certificate)
        finally:
            other.close()
    finally:
        db.close()
    yield lead, chair, pcrg


def _cells(page: SyncPage) -> list[list[str]]:
    model = page.laptop_model
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_the_laptops_list_shows_each_certificate_and_enter_asks_to_revoke(
    qtbot: QtBot, qtmodeltester: Any, folders: tuple[Path, Path, Path],
    opened: Opened,  # noqa: F811
) -> None:
    lead, _chair, _pcrg = folders
    page = _page(qtbot, opened, lead)
    qtmodeltester.check(page.laptop_model)
    assert [c[:6] for c in _cells(page)] == [
        ["Programme lead (this laptop)", "every group", "every group",
         "programme lead (root)", "1", "in force"],
        ["Chair's laptop", "SG, BESD", "SG", "chair of SG from 1 Sep 2026", "3",
         "in force"],
        ["PCRG secretary", "PCRG", "PCRG", "none", "2", "in force"],
    ]
    assert _cells(page)[1][6:] == ["never", "never"]
    assert page.laptop_model.headerData(0, Qt.Orientation.Horizontal) == "Laptop"

    # The lead's own laptop cannot be revoked; the chair's can, by Enter.
    page.laptops.setFocus()
    assert page.current_laptop() is not None and page.current_laptop().this_laptop  # type: ignore[union-attr]
    assert not page.revoke_button.isEnabled()
    qtbot.keyClick(page.laptops, Qt.Key.Key_Down)
    chosen = page.current_laptop()
    assert chosen is not None and chosen.name == "Chair's laptop" and chosen.chair
    assert page.revoke_button.isEnabled()
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.reload()  # the chosen row is chosen again by its laptop id
    assert page.current_laptop() == chosen
    qtbot.keyClick(page.laptops, Qt.Key.Key_Return)
    box = page.dialog
    assert isinstance(box, RevokeDialog) and box.laptop == chosen
    qtbot.keyClick(box.date, Qt.Key.Key_Return)  # Enter keeps the laptop
    assert not box.isVisible()
    assert _cells(page)[1][5] == "in force"

    # Replace a chair's laptop: revoke the chosen one, then admit its successor.
    page.replace_button.click()
    replace = page.dialog
    assert isinstance(replace, ReplaceChairDialog)
    assert replace.revoke_button.isEnabled()
    assert "“Chair's laptop”" in replace.revoke_button.text()
    replace.revoke_button.click()
    revoke = page.dialog
    assert isinstance(revoke, RevokeDialog) and revoke.laptop.name == "Chair's laptop"
    revoke.date.setDate(revoke.date.date().addDays(-3))  # the day it was lost
    assert revoke.effective() is not None
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        revoke.revoke_button.click()
    assert _cells(page)[1][5] != "in force"
    assert page.current_laptop() is not None and page.current_laptop().revoked  # type: ignore[union-attr]


def test_a_member_sees_the_list_without_the_leads_commands(
    qtbot: QtBot, folders: tuple[Path, Path, Path], opened: Opened  # noqa: F811
) -> None:
    _lead, _chair, pcrg = folders
    page = _page(qtbot, opened, pcrg)
    assert page.status_label.text() == "This laptop is certified for PCRG (read), PCRG (write)."
    # Itself and the lead's (from its certificate file), itself first, then the lead's.
    assert [c[0] for c in _cells(page)] == ["PCRG secretary (this laptop)", "Programme lead"]
    for button in (page.admit_button, page.revoke_button,
                   page.replace_button, page.start_button, page.join_button):
        assert not button.isVisible()
    assert page.root_only_note.isVisible()
    qtbot.keyClick(page.laptops, Qt.Key.Key_Return)  # Enter does nothing here
    assert page.dialog is None
    assert _unnamed_controls(page) == []


def test_every_command_has_its_own_mnemonic_and_the_page_is_named(
    qtbot: QtBot, tmp_path: Path, opened: Opened  # noqa: F811
) -> None:
    enrol(tmp_path / "lead")
    page = _page(qtbot, opened, tmp_path / "lead")
    assert _unnamed_controls(page) == []
    # A letter the menu bar uses too would only move the focus between the two.
    bar = QMenuBar()
    build_menus(bar, build_menu_commands(bar))
    menu_letters = {
        QKeySequence.mnemonic(action.text()).toString()[-1] for action in bar.actions()
    }
    assert {"F", "E", "T", "X"} <= menu_letters
    letters = []
    for button in (page.start_button, page.join_button, page.admit_button,
                   page.fingerprint_box.copy_button, page.export_button, page.import_button,
                   page.revoke_button, page.replace_button):
        text = button.text()
        assert "&" in text, text
        letters.append(QKeySequence.mnemonic(text).toString()[-1])
    assert len(set(letters)) == len(letters) and not set(letters) & menu_letters
    assert QKeySequence.mnemonic(page.revoke_button.text()) == QKeySequence("Alt+V")
