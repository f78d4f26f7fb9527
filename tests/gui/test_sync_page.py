"""The Exchange and Conflicts pages, driven as a person would (offscreen)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from sen_desktop.core import seed
from sen_desktop.core.datafolder import open_programme
from sen_desktop.core.meetings import MeetingService
from sen_desktop.core.minutes import MinutesService
from sen_desktop.gui import sync_dialogs
from sen_desktop.gui.conflicts_page import ConflictsPage
from sen_desktop.gui.session import OpenProgramme, open_programme_services
from sen_desktop.gui.sync_dialogs import ImportPreviewDialog, PassphraseDialog
from sen_desktop.gui.sync_page import SyncPage
from sen_desktop.gui.tasks import TaskRunner
from sen_desktop.sync.exchange import export_bundle, import_bundle
from sen_desktop.sync.keys import SyncKeys

WAIT = 30_000
PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def opened(qtbot: QtBot) -> Iterator[Callable[[Path], tuple[TaskRunner, OpenProgramme]]]:
    sessions: list[OpenProgramme] = []

    def open_folder(path: Path) -> tuple[TaskRunner, OpenProgramme]:
        runner = TaskRunner()
        session = open_programme_services(path)
        sessions.append(session)
        return runner, session

    yield open_folder
    for session in sessions:
        session.close()


def _sync_page(qtbot: QtBot, runner: TaskRunner, session: OpenProgramme) -> SyncPage:
    page = SyncPage()
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.open(runner, session)
    return page


def test_passphrase_dialog_refuses_a_mismatch_beside_the_field(
    qtbot: QtBot, data_dir: Path, opened: Callable[..., tuple[TaskRunner, OpenProgramme]]
) -> None:
    runner, session = opened(data_dir)
    page = _sync_page(qtbot, runner, session)
    assert "not set" in page.laptop_label.text()
    assert not page.profiles.isVisible() and page.profiles_empty.isVisible()

    page.passphrase_button.click()
    dialog = page.dialog
    assert isinstance(dialog, PassphraseDialog)
    qtbot.keyClicks(dialog.first, PASSPHRASE)
    qtbot.keyClicks(dialog.second, PASSPHRASE + "x")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible()
    assert "differ" in dialog.second_error.text()

    dialog.second.clear()
    qtbot.keyClicks(dialog.second, PASSPHRASE)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert "fingerprint" in page.laptop_label.text()
    assert page.overview is not None and page.overview.passphrase_set


def test_export_from_one_folder_and_import_into_another_with_a_preview(
    qtbot: QtBot,
    tmp_path: Path,
    data_dir: Path,
    opened: Callable[..., tuple[TaskRunner, OpenProgramme]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    SyncKeys(data_dir).set_passphrase(PASSPHRASE)  # the memory keyring serves both folders
    runner, session = opened(data_dir)
    session.meetings.schedule(seed.group_id("SG"), dt.date(2026, 12, 3))
    page = _sync_page(qtbot, runner, session)

    target = tmp_path / "for-b.senbundle"
    monkeypatch.setattr(sync_dialogs, "ask_save_path", lambda parent, suggested: target)
    page.export_button.click()
    chooser = page.dialog
    assert isinstance(chooser, sync_dialogs.ExportForDialog)
    assert chooser.recipient.currentText() == "Everything"
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        chooser.accept()
    assert target.exists()

    other = tmp_path / "laptop-b"
    runner_b, session_b = opened(other)
    page_b = _sync_page(qtbot, runner_b, session_b)
    monkeypatch.setattr(sync_dialogs, "ask_open_path", lambda parent: target)
    page_b.import_button.click()
    qtbot.waitUntil(lambda: isinstance(page_b.dialog, ImportPreviewDialog), timeout=WAIT)
    preview = page_b.dialog
    assert isinstance(preview, ImportPreviewDialog)
    assert int(preview.counts["new"].text().replace(",", "")) > 0
    assert preview.counts["conflicting"].text() == "0"
    assert session_b.meetings.list_meetings() == []  # a preview changes nothing
    with qtbot.waitSignal(page_b.loaded, timeout=WAIT):
        preview.apply_button.click()
    assert len(session_b.meetings.list_meetings()) == 1
    assert page_b.peer_model.rowCount() == 1


def _text_of_first_item(path: Path) -> str:
    db = open_programme(path)
    try:
        meetings = MeetingService(db.session_factory)
        return meetings.meeting(meetings.list_meetings()[0].id).agenda[0].id
    finally:
        db.close()


def _edit(path: Path, item_id: str, text: str) -> None:
    db = open_programme(path)
    try:
        MinutesService(db.session_factory).save_text(item_id, text)
    finally:
        db.close()


def _exchange(source: Path, target: Path, bundle: Path) -> None:
    db = open_programme(source)
    try:
        export_bundle(db.session_factory, bundle, SyncKeys(source))
    finally:
        db.close()
    db = open_programme(target)
    try:
        import_bundle(db.session_factory, bundle, SyncKeys(target))
    finally:
        db.close()


def test_a_concurrent_minute_edit_is_resolved_on_the_conflicts_page(
    qtbot: QtBot,
    tmp_path: Path,
    data_dir: Path,
    opened: Callable[..., tuple[TaskRunner, OpenProgramme]],
) -> None:
    a, b = data_dir, tmp_path / "laptop-b"
    SyncKeys(a).set_passphrase(PASSPHRASE)
    db = open_programme(a)
    try:
        MeetingService(db.session_factory).schedule(seed.group_id("SG"), dt.date(2026, 12, 3))
    finally:
        db.close()
    item_id = _text_of_first_item(a)
    _edit(a, item_id, "Apologies were received from two members.")
    _exchange(a, b, tmp_path / "a1.senbundle")
    _edit(a, item_id, "Apologies were received from Mrs Khan and Mr Patel.")
    _edit(b, item_id, "Apologies were received from two members; no substitutes.")
    _exchange(b, a, tmp_path / "b1.senbundle")

    runner, session = opened(a)
    page = ConflictsPage()
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.open(runner, session)
    assert page.model.rowCount() == 1
    assert "Minutes" in page.model.index(0).data()
    assert len(page.version_texts) == 2
    texts = {box.toPlainText() for box in page.version_texts}
    assert texts == {
        "Apologies were received from Mrs Khan and Mr Patel.",
        "Apologies were received from two members; no substitutes.",
    }
    assert all(box.isReadOnly() for box in page.version_texts)
    assert "Mrs Khan" in page.merged.toPlainText() and "substitutes" in page.merged.toPlainText()

    page.merged.setFocus()
    page.merged.selectAll()
    qtbot.keyClicks(page.merged, "Apologies from Mrs Khan and Mr Patel; no substitutes.")
    messages: list[str] = []
    page.status_message.connect(messages.append)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.save_button.click()
    assert messages and messages[0].startswith("Resolved"), messages
    assert page.model.rowCount() == 0
    assert not page.list.isVisible()
    assert "No conflicts" in page.summary.text()
    assert (
        session.minutes.item_minutes(item_id).text
        == "Apologies from Mrs Khan and Mr Patel; no substitutes."
    )


def test_a_refused_bundle_is_one_sentence_and_changes_nothing(
    qtbot: QtBot,
    tmp_path: Path,
    data_dir: Path,
    opened: Callable[..., tuple[TaskRunner, OpenProgramme]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QMessageBox

    SyncKeys(data_dir).set_passphrase(PASSPHRASE)
    bundle = tmp_path / "a.senbundle"
    db = open_programme(data_dir)
    try:
        export_bundle(db.session_factory, bundle, SyncKeys(data_dir))
    finally:
        db.close()
    SyncKeys(data_dir).set_passphrase("another passphrase entirely")
    runner, session = opened(tmp_path / "laptop-b")
    page = _sync_page(qtbot, runner, session)
    messages: list[str] = []
    page.status_message.connect(messages.append)
    monkeypatch.setattr(sync_dialogs, "ask_open_path", lambda parent: bundle)
    page.import_button.click()
    qtbot.waitUntil(lambda: isinstance(page.dialog, QMessageBox), timeout=WAIT)
    assert messages == ["This bundle was made with a different programme passphrase."]
    assert page.peer_model.rowCount() == 0


def test_a_bundle_stamped_days_ahead_is_held_until_the_person_confirms(
    qtbot: QtBot,
    tmp_path: Path,
    data_dir: Path,
    opened: Callable[..., tuple[TaskRunner, OpenProgramme]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from sen_desktop.core.store.hlc import wall_millis

    SyncKeys(data_dir).set_passphrase(PASSPHRASE)
    fast = tmp_path / "fast"
    db = open_programme(fast)  # its bundle is stamped three days ahead
    try:
        MeetingService(db.session_factory).schedule(seed.group_id("SG"), dt.date(2026, 12, 3))
        bundle = tmp_path / "fast.senbundle"
        export_bundle(
            db.session_factory,
            bundle,
            SyncKeys(fast),
            wall_clock=lambda: wall_millis() + 3 * 86_400_000,
        )
    finally:
        db.close()
    runner, session = opened(data_dir)
    page = _sync_page(qtbot, runner, session)
    monkeypatch.setattr(sync_dialogs, "ask_open_path", lambda parent: bundle)
    page.import_button.click()
    qtbot.waitUntil(lambda: isinstance(page.dialog, QMessageBox), timeout=WAIT)
    held = page.dialog
    assert isinstance(held, QMessageBox)
    assert "ahead of this laptop's clock" in held.text()
    assert held.defaultButton() is held.button(QMessageBox.StandardButton.Cancel)
    held.button(QMessageBox.StandardButton.Cancel).click()
    assert session.meetings.list_meetings() == []

    page.import_button.click()
    qtbot.waitUntil(lambda: isinstance(page.dialog, QMessageBox) and page.dialog is not held,
                    timeout=WAIT)
    again = page.dialog
    assert isinstance(again, QMessageBox)
    anyway = next(b for b in again.buttons() if "anyway" in b.text())
    anyway.click()
    qtbot.waitUntil(lambda: isinstance(page.dialog, ImportPreviewDialog), timeout=WAIT)
    preview = page.dialog
    assert isinstance(preview, ImportPreviewDialog)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        preview.apply_button.click()
    assert len(session.meetings.list_meetings()) == 1
