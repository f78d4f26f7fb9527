# mypy: disable-error-code="no-untyped-call"
"""File > Export to Word… and Make a pack of papers…, driven as a person would.

The save dialog is the one modal the tests cannot click (it may be the platform's own),
so ``ExportController.ask_save_path`` is answered by the test; everything else (the
version choice, the pack dialog, the progress dialog's Cancel, "Open in Word") is
clicked. QDesktopServices.openUrl is replaced by a recorder: no word processor starts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import docx
import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QMenu, QMessageBox

from sen_desktop.gui.papers.export_steps import Prepared
from sen_desktop.gui.papers.pack_dialog import PackDialog
from sen_desktop.gui.papers.version_dialog import VersionDialog
from sen_desktop.gui.shell.window import MainWindow
from tests.demo_folders import build_demo_folder, copy_demo_folder
from tests.gui.gui_helpers import click_navigation, on_worker

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

OpenWindow = Callable[..., MainWindow]
WAIT_MS = 60_000


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A year of demo meetings, built once for the module."""
    return build_demo_folder(tmp_path_factory.mktemp("export-demo") / "data")


@pytest.fixture
def data_dir(demo_folder: Path, tmp_path: Path) -> Path:
    """This test's own copy of the demo folder (the window opens it)."""
    return copy_demo_folder(demo_folder, tmp_path)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def opened_urls(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    calls: list[QUrl] = []

    def record(url: QUrl) -> bool:
        calls.append(QUrl(url))
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(record))
    return calls


def answer_save_dialog(window: MainWindow, path: Path | None) -> list[tuple[str, Path]]:
    """Make the save dialog answer ``path`` (None: the person cancels); records the asks."""
    asked: list[tuple[str, Path]] = []

    def ask(_parent: Any, caption: str, suggested: Path) -> Path | None:
        asked.append((caption, suggested))
        return path

    window.exporter.ask_save_path = ask
    return asked


def _meeting_refs(qtbot: QtBot, window: MainWindow) -> tuple[str, str | None]:
    """(a BESD meeting with no confidential items, a meeting with some or None)."""
    assert window.session is not None
    session = window.session

    def find() -> tuple[str, str | None]:
        from sen_desktop.papers.service import PapersService

        service = PapersService(session.db.session_factory, session.data_dir, services=session)
        meetings = service.list_meetings()
        plain = next(
            m.id for m in meetings
            if m.group_code == "BESD" and not service.has_confidential("minutes", m.id)
        )
        secret = next(
            (m.id for m in meetings if service.has_confidential("minutes", m.id)), None
        )
        return plain, secret

    return on_worker(qtbot, window, find)


def _show_meeting(qtbot: QtBot, window: MainWindow, meeting_id: str) -> None:
    click_navigation(qtbot, window, "Meetings")
    page = window.meetings_page
    qtbot.waitUntil(lambda: page.meeting() is not None, timeout=WAIT_MS)
    if page.meeting().id != meeting_id:  # type: ignore[union-attr]
        page.group_combo.setCurrentIndex(0)  # every group
        qtbot.waitUntil(lambda: page.list_model.row_of(meeting_id) >= 0, timeout=WAIT_MS)
        assert page.select_meeting(meeting_id)
    qtbot.waitUntil(
        lambda: page.meeting() is not None and page.meeting().id == meeting_id,  # type: ignore[union-attr]
        timeout=WAIT_MS,
    )
    qtbot.waitUntil(window.menu_actions.export_word.isEnabled, timeout=WAIT_MS)


def _done_box(qtbot: QtBot, window: MainWindow) -> QMessageBox:
    def shown() -> bool:
        box = window.exporter.dialog
        return isinstance(box, QMessageBox) and box.isVisible() and bool(_open_button(box))

    qtbot.waitUntil(shown, timeout=WAIT_MS)
    box = window.exporter.dialog
    assert isinstance(box, QMessageBox)
    return box


def _open_button(box: QMessageBox) -> QAbstractButton | None:
    return next((b for b in box.buttons() if b.text() == "Open in Word"), None)


def _text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


# --- one paper ---------------------------------------------------------------------------


def test_export_minutes_from_the_meetings_page_and_open_in_word(
    qtbot: QtBot, open_window: OpenWindow, out: Path, opened_urls: list[QUrl]
) -> None:
    window = open_window()
    plain, _secret = _meeting_refs(qtbot, window)
    _show_meeting(qtbot, window, plain)
    action = window.menu_actions.export_word
    assert action.shortcut() == QKeySequence("Ctrl+E")
    assert "minutes of BESD Working Group, meeting" in action.statusTip()
    target = out / "chosen name.docx"
    asked = answer_save_dialog(window, target)

    action.trigger()
    box = _done_box(qtbot, window)
    # No confidential items: no version question, straight to the save dialog.
    assert len(asked) == 1
    caption, suggested = asked[0]
    assert suggested.suffix == ".docx" and suggested.name.startswith("BESD minutes ")
    assert target.exists()
    text = _text(target)
    assert "BESD WORKING GROUP" in text and "UNRESTRICTED" in text
    assert "Saved the minutes of BESD Working Group" in box.text()
    assert "version 1" in box.informativeText() and "public" in box.informativeText()

    button = _open_button(box)
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert opened_urls == [QUrl.fromLocalFile(str(target))]
    assert opened_urls[0].toLocalFile() == str(target)


def test_suggested_names_are_safe_on_windows_macos_and_linux(
    open_window: OpenWindow, out: Path
) -> None:
    """A pack's title is typed and a group's code chosen by people: the save dialog never
    offers a device name, an over-long name or an empty one."""
    exporter = open_window().exporter
    exporter.last_folder = out

    def suggested(stem: str, confidential: bool = False, kind: str = "pack") -> str:
        path = exporter._suggested(Prepared("the pack", stem, False, kind), confidential)
        assert path.parent == out
        return path.name

    assert suggested("CON") == "CON_.docx"
    assert suggested("nul") == "nul_.docx"
    assert suggested("com1", confidential=True) == "com1_ (confidential).docx"
    assert suggested("\u200b\u200b") == "pack.docx"
    assert suggested("", kind="minutes") == "minutes.docx"
    assert suggested("Papers: SMT / Cabinet?") == "Papers- SMT - Cabinet.docx"
    long_name = suggested("特殊教育需要战略文件" * 30, confidential=True)
    assert long_name.endswith(" (confidential).docx") and long_name.startswith("特殊")
    assert len(long_name.encode("utf-8")) <= 255


def test_an_action_logs_suggested_name_carries_its_as_at_date_not_today(
    open_window: OpenWindow,
) -> None:
    import datetime as dt

    from sen_desktop.gui.papers.export_steps import prepare
    from sen_desktop.gui.papers.target import ExportTarget

    window = open_window()
    assert window.session is not None
    service = window.exporter._service(window.session)
    last = max(m.date for m in service.list_meetings("BESD") if m.date is not None)
    info = prepare(service, ExportTarget("action_log", "BESD", "the action log"))
    assert info.stem == f"BESD action log {last.isoformat()}"
    assert last < dt.date.today() and info.default == "action log"


def test_the_confidential_version_is_offered_where_there_are_confidential_items(
    qtbot: QtBot, open_window: OpenWindow, out: Path
) -> None:
    window = open_window()
    _plain, secret = _meeting_refs(qtbot, window)
    assert secret is not None
    _show_meeting(qtbot, window, secret)
    target = out / "confidential.docx"
    asked = answer_save_dialog(window, target)
    window.menu_actions.export_word.trigger()

    qtbot.waitUntil(lambda: isinstance(window.exporter.dialog, VersionDialog), timeout=WAIT_MS)
    choice = window.exporter.dialog
    assert isinstance(choice, VersionDialog)
    assert choice.public.isChecked()  # the public version unless the person says so
    qtbot.mouseClick(choice.confidential, Qt.MouseButton.LeftButton)
    assert choice.confidential.isChecked()
    choose = next(b for b in choice.buttons.buttons() if b.text() == "Choose file…")
    qtbot.mouseClick(choose, Qt.MouseButton.LeftButton)

    box = _done_box(qtbot, window)
    assert asked and "(confidential)" in asked[0][1].name
    assert "confidential" in box.informativeText()
    text = _text(target)
    assert "RESTRICTED — not for publication" in text and "CONFIDENTIAL ITEMS" in text


def test_cancelling_the_save_dialog_writes_nothing(
    qtbot: QtBot, open_window: OpenWindow, out: Path
) -> None:
    window = open_window()
    plain, _secret = _meeting_refs(qtbot, window)
    _show_meeting(qtbot, window, plain)
    asked = answer_save_dialog(window, None)
    window.menu_actions.export_word.trigger()
    qtbot.waitUntil(lambda: bool(asked), timeout=WAIT_MS)
    qtbot.waitUntil(window.menu_actions.export_word.isEnabled, timeout=WAIT_MS)
    assert list(out.iterdir()) == []
    assert window.exporter.dialog is None


def test_a_target_that_cannot_be_written_is_reported_in_a_sentence(
    qtbot: QtBot, open_window: OpenWindow, out: Path
) -> None:
    window = open_window()
    plain, _secret = _meeting_refs(qtbot, window)
    _show_meeting(qtbot, window, plain)
    answer_save_dialog(window, out / "gone" / "minutes.docx")
    with qtbot.waitSignal(window.exporter.failed, timeout=WAIT_MS) as failed:
        window.menu_actions.export_word.trigger()
    assert "does not exist" in failed.args[0]
    box = window.exporter.dialog
    assert isinstance(box, QMessageBox) and "does not exist" in box.text()


def test_export_follows_the_page_on_show(
    qtbot: QtBot, open_window: OpenWindow, out: Path
) -> None:
    window = open_window()
    action = window.menu_actions.export_word
    click_navigation(qtbot, window, "People")
    qtbot.waitUntil(lambda: not action.isEnabled(), timeout=WAIT_MS)
    assert "Export to Word works from a meeting" in action.statusTip()

    window.select_group("BESD Working Group")
    qtbot.waitUntil(action.isEnabled, timeout=WAIT_MS)
    target = window.exporter.target()
    assert not isinstance(target, str)
    assert (target.kind, target.what) == ("action_log", "the action log of the BESD Working Group")

    click_navigation(qtbot, window, "Action Log")
    page = window.action_log_page
    qtbot.waitUntil(lambda: page.group_filter.count() > 1, timeout=WAIT_MS)
    page.group_filter.setCurrentIndex(0)
    qtbot.waitUntil(lambda: not isinstance(window.exporter.target(), str), timeout=WAIT_MS)
    target = window.exporter.target()
    assert not isinstance(target, str)
    if page.current_filter().group_id is None:
        assert (target.ref, target.what) == (None, "the action log of every group")
    index = next(
        i for i in range(page.group_filter.count())
        if page.group_filter.itemText(i).endswith("Cognition and Learning Working Group")
    )
    page.group_filter.setCurrentIndex(index)
    target = window.exporter.target()
    assert not isinstance(target, str) and target.ref == page.current_filter().group_id
    assert target.what == "the action log of the Cognition and Learning Working Group"

    click_navigation(qtbot, window, "Recommendations")
    recs = window.recommendations_page
    qtbot.waitUntil(lambda: recs.model.rowCount() > 0, timeout=WAIT_MS)
    reference = recs.model.records()[0].summary.reference
    assert recs.select_reference(reference)
    qtbot.waitUntil(
        lambda: recs.detail() is not None and recs.detail().record.reference == reference,  # type: ignore[union-attr]
        timeout=WAIT_MS,
    )
    window._update_actions()
    target = window.exporter.target()
    assert not isinstance(target, str)
    assert (target.kind, target.what) == ("recommendation", f"the paper on {reference}")
    path = out / "paper.docx"
    answer_save_dialog(window, path)
    with qtbot.waitSignal(window.exporter.exported, timeout=WAIT_MS) as exported:
        action.trigger()
        if isinstance(window.exporter.dialog, VersionDialog):  # pragma: no cover - demo data
            window.exporter.dialog.accept()
    assert exported.args[0].reference == f"{reference}/P"
    assert path.exists()


def test_version_dialog_controls_are_named() -> None:
    from tests.gui.shell.test_accessibility import _unnamed_controls

    dialog = VersionDialog("the minutes of SG meeting 9")
    dialog.show()
    try:
        assert _unnamed_controls(dialog) == []
    finally:
        dialog.close()


# --- packs ---------------------------------------------------------------------------------


def _open_pack_dialog(qtbot: QtBot, window: MainWindow) -> PackDialog:
    window.menu_actions.make_pack.trigger()
    qtbot.waitUntil(lambda: isinstance(window.exporter.pack_dialog, PackDialog), timeout=WAIT_MS)
    dialog = window.exporter.pack_dialog
    assert isinstance(dialog, PackDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _choose(qtbot: QtBot, dialog: PackDialog, kind_label: str, text: str) -> None:
    """Filter the list as a person would, select the first match and click Add."""
    f = dialog.form
    f.kind_combo.setCurrentIndex(f.kind_combo.findText(kind_label))
    f.filter_edit.clear()
    qtbot.keyClicks(f.filter_edit, text)
    assert f.available_list.count() >= 1, text
    f.available_list.setCurrentRow(0)
    qtbot.mouseClick(f.add_button, Qt.MouseButton.LeftButton)


def _fill_pack(qtbot: QtBot, dialog: PackDialog) -> None:
    f = dialog.form
    f.body_combo.setCurrentIndex(f.body_combo.findText("Senior Management Team"))
    assert f.title_edit.text() == "Papers for the Senior Management Team"
    _choose(qtbot, dialog, "Action logs", "BESD")
    _choose(qtbot, dialog, "Minutes", "BESD/3 ")
    _choose(qtbot, dialog, "Recommendation papers", "BESD-R1 ")
    assert [p.kind for p in dialog.chosen_papers()] == ["action_log", "minutes", "recommendation"]
    # Put the minutes first: choose them and click Move up.
    f.chosen_list.setCurrentRow(1)
    qtbot.mouseClick(f.up_button, Qt.MouseButton.LeftButton)
    assert [p.kind for p in dialog.chosen_papers()] == ["minutes", "action_log", "recommendation"]
    assert f.count_label.text() == "3 papers, each from a new page."
    assert dialog.ok_button.isEnabled()


def test_make_a_pack_with_a_progress_bar(
    qtbot: QtBot, open_window: OpenWindow, out: Path
) -> None:
    window = open_window()
    dialog = _open_pack_dialog(qtbot, window)
    from tests.gui.shell.test_accessibility import _unnamed_controls

    assert _unnamed_controls(dialog) == []
    assert not dialog.ok_button.isEnabled()  # no papers yet
    _fill_pack(qtbot, dialog)
    target = out / "smt pack.docx"
    release = threading.Event()
    asked: list[Path] = []

    def ask(_parent: Any, _caption: str, suggested: Path) -> Path:
        asked.append(suggested)
        window.runner.run(lambda: release.wait(30))  # hold the worker to look at progress
        return target

    window.exporter.ask_save_path = ask
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: isinstance(window.exporter.dialog, VersionDialog)
        or window.exporter.progress_dialog is not None,
        timeout=WAIT_MS,
    )
    if isinstance(window.exporter.dialog, VersionDialog):  # a paper had confidential items
        window.exporter.dialog.accept()
    qtbot.waitUntil(lambda: window.exporter.progress_dialog is not None, timeout=WAIT_MS)
    progress = window.exporter.progress_dialog
    assert progress is not None
    qtbot.waitUntil(progress.isVisible)
    assert progress.strip.text.text().startswith("Making the pack")
    assert progress.windowModality() == Qt.WindowModality.WindowModal
    assert any(b.text() == "Cancel" for b in progress.findChildren(QAbstractButton))
    assert not window.menu_actions.make_pack.isEnabled()  # one export at a time
    release.set()
    qtbot.waitUntil(
        lambda: isinstance(window.exporter.dialog, QMessageBox)
        and bool(_open_button(window.exporter.dialog)),
        timeout=WAIT_MS,
    )
    assert asked and asked[0].name == "Papers for the Senior Management Team.docx"
    assert window.exporter.progress_dialog is None  # closed when done
    text = _text(target)
    assert "Senior Management Team" in text
    box = window.exporter.dialog
    assert isinstance(box, QMessageBox) and "pack" in box.informativeText().lower()
    assert "contents' page numbers" in box.informativeText()


def test_cancel_leaves_no_file(qtbot: QtBot, open_window: OpenWindow, out: Path) -> None:
    window = open_window()
    dialog = _open_pack_dialog(qtbot, window)
    _fill_pack(qtbot, dialog)
    target = out / "pack.docx"
    release = threading.Event()

    def ask(_parent: Any, _caption: str, _suggested: Path) -> Path:
        # Hold the worker just before the pack is queued, so that it cannot finish
        # before the person presses Cancel.
        window.runner.run(lambda: release.wait(30))
        return target

    window.exporter.ask_save_path = ask
    cancelled: list[bool] = []
    window.exporter.cancelled.connect(lambda: cancelled.append(True))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: isinstance(window.exporter.dialog, VersionDialog)
        or window.exporter.progress_dialog is not None,
        timeout=WAIT_MS,
    )
    if isinstance(window.exporter.dialog, VersionDialog):  # a paper had confidential items
        window.exporter.dialog.accept()
    qtbot.waitUntil(lambda: window.exporter.progress_dialog is not None, timeout=WAIT_MS)
    progress = window.exporter.progress_dialog
    assert progress is not None and progress.isVisible()
    cancel = next(b for b in progress.findChildren(QAbstractButton) if b.text() == "Cancel")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: bool(cancelled), timeout=WAIT_MS)
    assert not target.exists()
    assert list(out.iterdir()) == []  # no temporary file either
    assert "not written" in window.statusBar().currentMessage()
    assert window.menu_actions.make_pack.isEnabled()


def test_no_two_actions_share_a_shortcut(open_window: OpenWindow) -> None:
    window = open_window()
    seen: dict[str, str] = {}
    for action in window.menu_actions.all():
        name = action.objectName().removeprefix("action_")
        for key in action.shortcuts():
            text = key.toString()
            assert text not in seen, f"{text} is both {seen[text]} and {name}"
            seen[text] = name
    assert seen["Ctrl+1"] == "go_home"
    assert seen["Ctrl+E"] == "export_word"
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    texts = [a.text() for a in file_menu.actions() if not a.isSeparator()]
    assert texts[:2] == ["&Export to Word…", "Make a &pack of papers…"]
