# mypy: disable-error-code="no-untyped-call"
"""The Exchange page's bundles, driven as a person would (offscreen): export for one
laptop with a progress bar, import staged once with a preview naming the sender in plain
text, Cancel that leaves the database and the target file as they were, a refused
bundle, a bundle stamped days ahead, and a conflict resolved on the Conflicts page.

``enrol`` and ``_exchange`` are shared with test_conflicts_page: the first laptop to
export starts the programme and admits the other (every group), as the command line
would."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from accessibility_walk import all_problems
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from sen_desktop.core.meetings.service import MeetingService
from sen_desktop.core.minutes.service import MinutesService
from sen_desktop.core.programme import seed
from sen_desktop.core.progress import Progress
from sen_desktop.core.store.datafolder import open_programme
from sen_desktop.gui.common import resources
from sen_desktop.gui.common.tasks import TaskRunner
from sen_desktop.gui.conflicts.page import ConflictsPage
from sen_desktop.gui.exchange import dialogs as sync_dialogs
from sen_desktop.gui.exchange.dialogs import ExportForDialog, ImportPreviewDialog
from sen_desktop.gui.exchange.page import SyncPage
from sen_desktop.gui.shell.pages import PageContext
from sen_desktop.gui.shell.session import OpenProgramme
from sen_desktop.sync import exchange, exporting, staging
from sen_desktop.sync.trust import TrustService
from tests.gui.shell.test_accessibility import _unnamed_controls

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from sen_desktop.core.store.database import Database

WAIT = 30_000
DATABASE = "sen.sqlite3"


# --- two laptops of one programme -----------------------------------------------------


def _state(folder: Path) -> str:
    db = open_programme(folder)
    try:
        return TrustService(db.session_factory, folder).status().state
    finally:
        db.close()


def enrol(lead: Path, *others: Path, name: Callable[[Path], str] = lambda p: p.name,
          read: tuple[str, ...] = ("*",)) -> None:
    """Make ``lead`` the programme's root (if it is not yet) and admit each of
    ``others`` under its folder's name, reading and writing ``read``."""
    db = open_programme(lead)
    try:
        root = TrustService(db.session_factory, lead)
        if root.status().state == "none":
            root.start_programme()
        for other in others:
            other_db = open_programme(other)
            try:
                laptop = TrustService(other_db.session_factory, other)
                request = laptop.make_request(name(other))
                certificate = root.admit(
                    request, read=list(read), write=list(read), contacts=True,
                    confidential=True,
                )
                laptop.join(certificate, expected_fingerprint=root.root_fingerprint())
            finally:
                other_db.close()
    finally:
        db.close()


def _laptop_name(folder: Path) -> str:
    db = open_programme(folder)
    try:
        return TrustService(db.session_factory, folder).status().laptop_name
    finally:
        db.close()


def _edit(path: Path, item_id: str, text: str) -> None:
    db = open_programme(path)
    try:
        MinutesService(db.session_factory).save_text(item_id, text)
    finally:
        db.close()


def _exchange(source: Path, target: Path, bundle: Path) -> None:
    """Export from ``source`` for ``target`` and import it there (enrolling the two
    laptops first if ``source`` has joined no programme)."""
    if _state(source) == "none":
        enrol(source, target)
    recipient = _laptop_name(target)
    db = open_programme(source)
    try:
        export_bundle = exporting.export_bundle
        export_bundle(db.session_factory, bundle, TrustService(db.session_factory, source),
                      for_laptop=recipient)
    finally:
        db.close()
    db = open_programme(target)
    try:
        exchange.import_bundle(db.session_factory, bundle,
                               TrustService(db.session_factory, target))
    finally:
        db.close()


def _dump(folder: Path) -> list[str]:
    """Every row of the database, as SQL (to compare before and after)."""
    connection = sqlite3.connect(folder / DATABASE)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


# --- the page -----------------------------------------------------------------------


@dataclass
class _Folder:
    """What the Exchange page uses of an open programme: its data folder and database."""

    data_dir: Path
    db: Database

    def close(self) -> None:
        self.db.close()


Opened = Callable[[Path], tuple[TaskRunner, OpenProgramme]]


@pytest.fixture
def opened(qtbot: QtBot) -> Iterator[Opened]:
    made: list[tuple[TaskRunner, _Folder]] = []

    def open_folder(path: Path) -> tuple[TaskRunner, OpenProgramme]:
        runner = TaskRunner()
        session = _Folder(path, open_programme(path))
        made.append((runner, session))
        return runner, session  # type: ignore[return-value]

    yield open_folder
    for runner, session in made:
        runner.shutdown()
        session.close()


def page_context(runner: TaskRunner, session: Any, key: str) -> PageContext:
    """What the window gives a page when it shows it (page contract)."""
    return PageContext(runner, session, (), None, None, key)


def _page(qtbot: QtBot, opened: Opened, folder: Path) -> SyncPage:
    runner, session = opened(folder)
    page = SyncPage()
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.open(page_context(runner, session, "sync"))
    return page


@pytest.fixture
def laptops(tmp_path: Path) -> tuple[Path, Path]:
    """The lead's laptop and a second one, "<b>x</b>", both of every group."""
    lead, other = tmp_path / "lead", tmp_path / "other"
    enrol(lead, other, name=lambda _p: "<b>x</b>")
    return lead, other


def _schedule(folder: Path, day: dt.date = dt.date(2026, 12, 3)) -> None:
    db = open_programme(folder)
    try:
        MeetingService(db.session_factory).schedule(seed.group_id("SG"), day)
    finally:
        db.close()


def _meetings(page: SyncPage) -> int:
    assert page._session is not None
    return len(MeetingService(page._session.db.session_factory).list_meetings())


def _progress_seen(page: SyncPage) -> Callable[[], bool]:
    return lambda: page.progress is not None and page.progress.reports > 0


def test_export_for_one_laptop_and_import_it_staged_once_with_a_plain_preview(
    qtbot: QtBot, tmp_path: Path, laptops: tuple[Path, Path], opened: Opened,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lead, other = laptops
    _schedule(other)
    page = _page(qtbot, opened, other)
    page.setStyleSheet(resources.style_sheet())  # as in the window
    assert page.export_button.isEnabled()
    target = tmp_path / "for-lead.senbundle"
    monkeypatch.setattr(sync_dialogs, "ask_save_path", lambda parent, suggested: target)
    page.export_button.click()
    chooser = page.dialog
    assert isinstance(chooser, ExportForDialog)
    qtbot.waitUntil(chooser.isVisible)
    assert _unnamed_controls(chooser) == []
    chooser.activateWindow()
    qtbot.waitActive(chooser)
    assert all_problems(chooser) == []  # names, Tab order, contrast, visible focus
    assert chooser.laptop.count() == 1  # this laptop is not offered
    assert chooser.chosen() is not None and chooser.chosen().name == "Programme lead"  # type: ignore[union-attr]
    assert chooser.one.isChecked()
    qtbot.keyClick(chooser.every, Qt.Key.Key_Space)
    assert chooser.for_profile()
    assert "no other laptop has the same groups" in chooser.also.text()
    messages: list[str] = []
    page.status_message.connect(messages.append)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        chooser.ok_button.click()
    assert target.exists()
    assert messages and messages[0].startswith("Wrote") and "Programme lead" in messages[0]
    assert page.progress is None  # the bar closed

    lead_page = _page(qtbot, opened, lead)
    lead_page.setStyleSheet(resources.style_sheet())
    staged: list[Any] = []
    real_stage, real_preview, real_apply = (
        staging.stage_bundle, exchange.preview, exchange.apply
    )

    def stage(*args: Any, **kwargs: Any) -> Any:
        staged.append(real_stage(*args, **kwargs))
        return staged[-1]

    def preview(factory: Any, bundle: Any, **kwargs: Any) -> Any:
        assert bundle is staged[-1]
        return real_preview(factory, bundle, **kwargs)

    def apply(factory: Any, bundle: Any, **kwargs: Any) -> Any:
        assert bundle is staged[-1]
        return real_apply(factory, bundle, **kwargs)

    monkeypatch.setattr(staging, "stage_bundle", stage)
    monkeypatch.setattr(exchange, "preview", preview)
    monkeypatch.setattr(exchange, "apply", apply)
    monkeypatch.setattr(sync_dialogs, "ask_open_paths", lambda parent: [target])
    lead_page.import_button.click()
    qtbot.waitUntil(lambda: isinstance(lead_page.dialog, ImportPreviewDialog), timeout=WAIT)
    shown = lead_page.dialog
    assert isinstance(shown, ImportPreviewDialog)
    qtbot.waitUntil(shown.isVisible)
    shown.activateWindow()
    qtbot.waitActive(shown)
    assert all_problems(shown) == []
    # The sender's name shows literally; the fingerprint is of its certificate's key.
    assert shown.sender_name.text() == "<b>x</b>"
    assert shown.sender_name.textFormat() == Qt.TextFormat.PlainText
    for label in (shown.heading, shown.sender_name, shown.fingerprint.text, *shown.counts.values()):
        assert label.textFormat() == Qt.TextFormat.PlainText
    from sen_desktop.sync.certificates import root_fingerprint

    assert lead_page._session is not None
    with lead_page._session.db.session_factory() as s:
        from sen_desktop.sync import registry

        sender = registry.load(s).by_name("<b>x</b>")
        assert sender is not None
    assert shown.fingerprint.fingerprint() == root_fingerprint(sender.sign_key)
    qtbot.waitUntil(shown.isVisible)
    label = shown.fingerprint.text  # every group shows, none clipped by the padding
    widest = max(label.fontMetrics().horizontalAdvance(line) for line in label.text().split("\n"))
    assert label.width() >= widest + 24
    assert not label.geometry().intersects(shown.fingerprint.copy_button.geometry())
    assert int(shown.counts["new"].text().replace(",", "")) > 0
    assert _meetings(lead_page) == 0  # a preview changes nothing
    assert _unnamed_controls(shown) == []
    assert shown.apply_button.isDefault()
    with qtbot.waitSignal(lead_page.loaded, timeout=WAIT):
        shown.apply_button.click()
    assert _meetings(lead_page) == 1
    assert len(staged) == 1  # staged once: the preview and the apply read the same copy
    assert not list((lead / staging.STAGING).glob("*"))  # and it is gone


def _held_on_first_tick(
    monkeypatch: pytest.MonkeyPatch, module: Any, name: str
) -> threading.Event:
    """Wrap ``module.<name>`` so that, at its first progress report, it waits until the
    test has pressed Cancel (so Cancel lands after the first tick, never too late)."""
    pressed = threading.Event()
    real = getattr(module, name)

    class HeldOnce(Progress):
        """The task's Progress, holding its first report until Cancel was pressed."""

        def __init__(self, outer: Progress) -> None:
            super().__init__()
            self.outer = outer
            self.first = True

        def step(self, done: int, total: int, label: str = "") -> None:
            self.outer.step(done, total, label)
            if self.first:
                self.first = False
                assert pressed.wait(10), "Cancel was not pressed"

        def check(self) -> None:
            self.outer.check()

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        kwargs["progress"] = HeldOnce(kwargs["progress"])
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapped)
    return pressed


def test_cancel_after_the_first_tick_leaves_the_database_and_the_target_file(
    qtbot: QtBot, tmp_path: Path, laptops: tuple[Path, Path], opened: Opened,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lead, _other = laptops
    _schedule(lead)
    target = tmp_path / "for-x.senbundle"
    target.write_bytes(b"last week's bundle")
    page = _page(qtbot, opened, lead)
    before = _dump(lead)
    pressed = _held_on_first_tick(monkeypatch, exporting, "export_bundle")
    messages: list[str] = []
    page.status_message.connect(messages.append)
    page.export_to(target, "<b>x</b>")
    qtbot.waitUntil(_progress_seen(page), timeout=WAIT)
    run = page.progress
    assert run is not None and run.isVisible()
    cancel = run.cancel_button
    assert cancel.text() == "Cancel" and cancel.isEnabled()
    assert not page.export_button.isEnabled()  # one at a time
    cancel.click()
    pressed.set()
    qtbot.waitUntil(lambda: page.progress is None, timeout=WAIT)
    assert messages == ["Cancelled: for-x.senbundle was not written."]
    assert target.read_bytes() == b"last week's bundle"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["for-x.senbundle", "lead", "other"]
    assert _dump(lead) == before
    assert page.export_button.isEnabled()


def test_cancel_while_staging_an_import_changes_nothing(
    qtbot: QtBot, tmp_path: Path, laptops: tuple[Path, Path], opened: Opened,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lead, other = laptops
    _schedule(lead)
    bundle = tmp_path / "for-x.senbundle"
    db = open_programme(lead)
    try:
        exporting.export_bundle(db.session_factory, bundle,
                               TrustService(db.session_factory, lead), for_laptop="<b>x</b>")
    finally:
        db.close()
    page = _page(qtbot, opened, other)
    before = _dump(other)
    pressed = _held_on_first_tick(monkeypatch, staging, "stage_bundle")
    monkeypatch.setattr(sync_dialogs, "ask_open_paths", lambda parent: [bundle])
    messages: list[str] = []
    page.status_message.connect(messages.append)
    page.import_button.click()
    qtbot.waitUntil(_progress_seen(page), timeout=WAIT)
    assert page.progress is not None
    qtbot.keyClick(page.progress, Qt.Key.Key_Escape)  # Esc cancels as the button does
    pressed.set()
    qtbot.waitUntil(lambda: page.progress is None, timeout=WAIT)
    assert messages == ["Cancelled: nothing was imported from for-x.senbundle."]
    assert not isinstance(page.dialog, ImportPreviewDialog)
    assert _dump(other) == before
    assert _meetings(page) == 0
    assert not list((other / staging.STAGING).glob("*"))


def test_a_refused_bundle_is_one_plain_sentence_and_changes_nothing(
    qtbot: QtBot, tmp_path: Path, opened: Opened, monkeypatch: pytest.MonkeyPatch,
) -> None:
    lead, first, second = tmp_path / "lead", tmp_path / "first", tmp_path / "second"
    enrol(lead, first, second)
    _schedule(lead)
    bundle = tmp_path / "for-first.senbundle"
    db = open_programme(lead)
    try:
        exporting.export_bundle(db.session_factory, bundle,
                               TrustService(db.session_factory, lead), for_laptop="first")
    finally:
        db.close()
    page = _page(qtbot, opened, second)  # not a recipient: it cannot open the bundle
    before = _dump(second)
    messages: list[str] = []
    page.status_message.connect(messages.append)
    monkeypatch.setattr(sync_dialogs, "ask_open_paths", lambda parent: [bundle])
    page.import_button.click()
    qtbot.waitUntil(lambda: isinstance(page.dialog, QMessageBox), timeout=WAIT)
    box = page.dialog
    assert isinstance(box, QMessageBox)
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert len(messages) == 1 and messages[0] == box.text()
    assert messages[0].endswith(".") and "\n" not in messages[0]
    assert _dump(second) == before


def test_a_bundle_stamped_days_ahead_is_held_until_the_person_confirms(
    qtbot: QtBot, tmp_path: Path, laptops: tuple[Path, Path], opened: Opened,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sen_desktop.core.store.hlc import wall_millis

    lead, other = laptops
    _schedule(lead)
    bundle = tmp_path / "fast.senbundle"
    db = open_programme(lead)  # its bundle is stamped three days ahead
    try:
        exporting.export_bundle(
            db.session_factory, bundle, TrustService(db.session_factory, lead),
            for_laptop="<b>x</b>", wall_clock=lambda: wall_millis() + 3 * 86_400_000,
        )
    finally:
        db.close()
    page = _page(qtbot, opened, other)
    monkeypatch.setattr(sync_dialogs, "ask_open_paths", lambda parent: [bundle])
    page.import_button.click()
    qtbot.waitUntil(lambda: isinstance(page.dialog, QMessageBox), timeout=WAIT)
    held = page.dialog
    assert isinstance(held, QMessageBox)
    assert "ahead of this laptop's clock" in held.text()
    assert held.defaultButton() is held.button(QMessageBox.StandardButton.Cancel)
    held.button(QMessageBox.StandardButton.Cancel).click()
    assert _meetings(page) == 0
    assert not list((other / staging.STAGING).glob("*"))  # the staged copy is gone

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
    assert _meetings(page) == 1


def _first_item(path: Path) -> str:
    db = open_programme(path)
    try:
        meetings = MeetingService(db.session_factory)
        return meetings.meeting(meetings.list_meetings()[0].id).agenda[0].id
    finally:
        db.close()


def test_a_concurrent_minute_edit_is_resolved_on_the_conflicts_page(
    qtbot: QtBot, tmp_path: Path, data_dir: Path, opened: Opened,
) -> None:
    a, b = data_dir, tmp_path / "laptop-b"
    _schedule(a)
    item_id = _first_item(a)
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
        page.open(page_context(runner, session, "conflicts"))
    assert page.model.rowCount() == 1
    assert "Minutes" in page.model.index(0).data()
    texts = {box.toPlainText() for box in page.version_texts}
    assert texts == {
        "Apologies were received from Mrs Khan and Mr Patel.",
        "Apologies were received from two members; no substitutes.",
    }
    assert all(box.isReadOnly() for box in page.version_texts)
    page.merged.setFocus()
    page.merged.selectAll()
    qtbot.keyClicks(page.merged, "Apologies from Mrs Khan and Mr Patel; no substitutes.")
    messages: list[str] = []
    page.status_message.connect(messages.append)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.save_button.click()
    assert messages and messages[0].startswith("Resolved"), messages
    assert page.model.rowCount() == 0
    assert (
        MinutesService(session.db.session_factory).item_minutes(item_id).text
        == "Apologies from Mrs Khan and Mr Patel; no substitutes."
    )


def test_export_for_every_laptop_with_the_same_groups_names_them(qtbot: QtBot) -> None:
    from sen_desktop.gui.exchange.models import LaptopRow

    def row(laptop_id: str, name: str, read: tuple[str, ...], revoked_from: str = "",
            **kw: Any) -> LaptopRow:
        return LaptopRow(laptop_id, name, read, read, "", 1, revoked_from, **kw)

    dialog = ExportForDialog([
        row("a", "Programme lead", ("*",), this_laptop=True),
        row("b", "PCRG secretary", ("PCRG",)),
        row("c", "PCRG chair", ("PCRG",)),
        row("d", "Old PCRG laptop", ("PCRG",), revoked_from="1 Dec 2026 09:00"),
        row("e", "PCRG with contacts", ("PCRG",), contacts=True),
        row("f", "Steering Group", ("SG",)),
    ])
    qtbot.addWidget(dialog)
    dialog.show()
    assert [dialog.laptop.itemData(i) for i in range(dialog.laptop.count())] == [
        "b", "c", "e", "f"
    ]  # neither this laptop nor a revoked one
    assert [r.name for r in dialog.recipients()] == ["PCRG secretary"]
    assert dialog.also.text() == "The bundle is for “PCRG secretary”."
    dialog.every.setChecked(True)
    assert [r.name for r in dialog.recipients()] == ["PCRG secretary", "PCRG chair"]
    assert dialog.also.text() == "The bundle is for “PCRG secretary”, “PCRG chair”."
    dialog.laptop.setCurrentIndex(3)
    assert dialog.also.text() == (
        "The bundle is for “Steering Group”: no other laptop has the same groups."
    )
    assert dialog.ok_button.isEnabled()
    empty = ExportForDialog([row("a", "Programme lead", ("*",), this_laptop=True)])
    qtbot.addWidget(empty)
    assert not empty.ok_button.isEnabled()
    assert "admit one first" in empty.also.text()


def test_the_parts_of_a_series_import_one_after_another_in_any_order(
    qtbot: QtBot, tmp_path: Path, laptops: tuple[Path, Path], opened: Opened,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lead, other = laptops
    for day in (3, 10, 17):
        _schedule(lead, dt.date(2026, 12, day))
    db = open_programme(lead)
    try:
        result = exporting.export_bundle(
            db.session_factory, tmp_path / "series.senbundle",
            TrustService(db.session_factory, lead), for_laptop="<b>x</b>", max_ops_per_part=40,
        )
    finally:
        db.close()
    parts = list(result.paths)
    assert len(parts) >= 3
    page = _page(qtbot, opened, other)
    monkeypatch.setattr(sync_dialogs, "ask_open_paths", lambda parent: parts[::-1])
    messages: list[str] = []
    page.status_message.connect(messages.append)
    page.import_button.click()
    for number in range(len(parts)):
        qtbot.waitUntil(lambda: isinstance(page.dialog, ImportPreviewDialog)
                        and page.progress is None, timeout=WAIT)
        shown = page.dialog
        assert isinstance(shown, ImportPreviewDialog)
        assert shown.path == parts[::-1][number]
        assert f"(part {len(parts) - number} of {len(parts)})" in shown.heading.text()
        shown.apply_button.click()
        qtbot.waitUntil(lambda s=shown: page.progress is None and not s.isVisible(),  # type: ignore[misc]
                        timeout=WAIT)
    qtbot.waitUntil(lambda: len([m for m in messages if m.startswith("Imported")]) == len(parts),
                    timeout=WAIT)
    assert _meetings(page) == 3

    # Cancel on one part's preview stops the rest, and says so.
    _schedule(lead, dt.date(2027, 1, 7))
    db = open_programme(lead)
    try:
        more = exporting.export_bundle(
            db.session_factory, tmp_path / "more.senbundle",
            TrustService(db.session_factory, lead), for_laptop="<b>x</b>", max_ops_per_part=10,
        )
    finally:
        db.close()
    assert len(more.paths) >= 2
    monkeypatch.setattr(sync_dialogs, "ask_open_paths", lambda parent: list(more.paths))
    page.import_button.click()
    qtbot.waitUntil(lambda: isinstance(page.dialog, ImportPreviewDialog)
                    and page.dialog.path == more.paths[0], timeout=WAIT)
    assert page.dialog is not None
    page.dialog.reject()
    left = len(more.paths) - 1
    assert messages[-1] == (
        f"Stopped: {left} more {'bundle was' if left == 1 else 'bundles were'} not imported."
    )
    assert _meetings(page) == 3
    assert not list((other / staging.STAGING).glob("*"))


def test_what_an_import_left_to_finish_is_said_in_words_and_not_at_all_when_nothing() -> None:
    from sen_desktop.sync.exchange_records import pending_sentence

    assert pending_sentence(0, 0) == ""
    assert pending_sentence(1, 0) == (
        "1 change waits for the meeting or item it belongs to (a later bundle brings it)."
    )
    assert pending_sentence(2_500, 3) == (
        "2,500 changes wait for the meetings or items they belong to (a later bundle "
        "brings them); 3 texts were changed on two laptops at once: choose which to keep "
        "on the Conflicts page."
    )
    assert "rows" not in pending_sentence(5, 1) and "parent" not in pending_sentence(5, 1)


def test_a_long_role_wraps_whole_on_a_small_screen(qtbot: QtBot) -> None:
    from PySide6.QtCore import QRect

    from sen_desktop.gui.exchange.models import LaptopRow

    page = SyncPage()
    page.setStyleSheet(resources.style_sheet())
    qtbot.addWidget(page)
    page.resize(800, 600)  # the page's room on 1366 × 768 at 125 %
    page.show()
    rows = [
        LaptopRow("a", "Programme lead's laptop", ("*",), ("*",), "programme lead (root)",
                  1, "", root=True),
        LaptopRow("b", "Cabinet chair's laptop 3", ("Cabinet",), ("Cabinet",),
                  "chair of Cabinet from 19 Oct 2010", 4, ""),
    ]
    page.laptop_model.set_records(rows)
    page.laptops.show()
    page._fit_table()
    qtbot.wait(50)  # the stretch settles, and the rows wrap anew
    table, roles = page.laptops, page.laptop_model.headers.index("Roles")
    metrics = table.fontMetrics()
    for row, laptop in enumerate(rows):
        cell = table.visualRect(page.laptop_model.index(row, roles))
        needed = metrics.boundingRect(
            QRect(0, 0, cell.width() - 8, 10_000), Qt.TextFlag.TextWordWrap, laptop.roles
        )
        assert needed.height() <= cell.height(), laptop.roles  # whole, not "progr…"
    # Every row in view: the table is as tall as its wrapped rows.
    assert table.verticalScrollBar().maximum() == 0
