# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot carries no type hints.)
"""The Action Log page in the window: filters that change the rows, editing with the
rating rule shown beside its field, progress updates, a new action between meetings,
every control named, and the matters arising list a meeting embeds. The lazy model:
test_action_log_model.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from gui_helpers import click_navigation
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from sen_desktop.core.actions.service import ActionService
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.store.datafolder import open_programme
from sen_desktop.core.store.models import AgendaItem, Meeting, Person
from sen_desktop.gui.action_log.dialogs import ActionDialog, ProgressUpdateDialog
from sen_desktop.gui.action_log.model import ActionLogModel
from sen_desktop.gui.action_log.page import ActionLogPage
from sen_desktop.gui.minutes.matters_arising import MattersArisingWidget
from sen_desktop.gui.shell.window import MainWindow

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from sen_desktop.core.actions.records import ActionRecord

OpenWindow = Callable[..., MainWindow]
TODAY = dt.date.today()
WAIT = 30_000


# --- the page in the window ------------------------------------------------------------


class Folder:
    """A data folder with SG and BESD meetings and a small action log."""

    def __init__(self, data_dir: Path) -> None:
        db = open_programme(data_dir)
        try:
            sf = db.session_factory
            with sf.begin() as s:
                self.sg1 = self._meeting(s, "SG", 1, dt.date(2010, 9, 8))
                self.sg2 = self._meeting(s, "SG", 2, dt.date(2010, 10, 13))
                self.besd1 = self._meeting(s, "BESD", 1, dt.date(2010, 9, 9))
                jane = Person(full_name="Jane Smith")
                s.add(jane)
                s.flush()
                self.jane = jane.id
            service = ActionService(sf)
            past = TODAY - dt.timedelta(days=30)
            future = TODAY + dt.timedelta(days=30)
            self.write = service.create(
                group_id("SG"), "Write to schools", owner_id=self.jane, due_date=past,
                meeting_id=self.sg1,
            )
            self.report = service.create(
                group_id("SG"), "Report to SMT", owner_text="Head of Service",
                due_date=future, meeting_id=self.sg1,
            )
            self.visit = service.create(
                group_id("BESD"), "Visit the units", owner_id=self.jane, due_date=past,
                meeting_id=self.besd1,
            )
            service.update(self.visit.id, status="done")
            self.later = service.create(group_id("SG"), "Raised at the second",
                                        meeting_id=self.sg2)
        finally:
            db.close()

    @staticmethod
    def _meeting(s: Any, code: str, number: int, day: dt.date) -> str:
        meeting = Meeting(group_id=group_id(code), number=number, date=day)
        s.add(meeting)
        s.flush()
        s.add(AgendaItem(meeting_id=meeting.id, position=4, kind="matters_arising",
                         title="Matters arising and action log"))
        return meeting.id


@pytest.fixture
def folder(data_dir: Path) -> Folder:
    return Folder(data_dir)


def open_log(qtbot: QtBot, window: MainWindow) -> ActionLogPage:
    page = window.action_log_page
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        click_navigation(qtbot, window, "Action Log")
    assert window.current_view() == "actions"
    return page


def shown_refs(page: ActionLogPage) -> list[str]:
    model = page.model
    return [model.data(model.index(row, ActionLogModel.REF)) for row in range(model.rowCount())]


def choose(qtbot: QtBot, page: ActionLogPage, combo: Any, text: str) -> None:
    """Pick ``text`` in a filter box from the keyboard, and wait for the new rows."""
    index = combo.findText(text)
    assert index >= 0, f"no {text!r} in {combo.accessibleName()}"
    combo.setFocus()
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        steps = index - combo.currentIndex()
        key = Qt.Key.Key_Down if steps > 0 else Qt.Key.Key_Up
        for _ in range(abs(steps)):
            qtbot.keyClick(combo, key)
    assert combo.currentText() == text


def test_the_log_lists_every_group_and_the_filters_change_the_rows(
    qtbot: QtBot, folder: Folder, open_window: OpenWindow
) -> None:
    window = open_window()
    page = open_log(qtbot, window)
    assert shown_refs(page) == ["BESD-1", "SG-1", "SG-2", "SG-3"]
    assert page.summary.text() == "4 actions"
    # The first action is chosen and its details show.
    qtbot.waitUntil(lambda: "Visit the units" in page.details.toPlainText(), timeout=WAIT)

    choose(qtbot, page, page.group_filter, "SG – Strategy Steering Group")
    assert shown_refs(page) == ["SG-1", "SG-2", "SG-3"]
    qtbot.waitUntil(lambda: page.owner_filter.count() == 3, timeout=WAIT)  # Anyone + 2
    choose(qtbot, page, page.owner_filter, "Head of Service")
    assert shown_refs(page) == ["SG-2"]
    choose(qtbot, page, page.owner_filter, "Anyone")
    choose(qtbot, page, page.group_filter, "All groups")
    qtbot.waitUntil(lambda: page.owner_filter.findText("Jane Smith") >= 0, timeout=WAIT)
    choose(qtbot, page, page.owner_filter, "Jane Smith")
    assert shown_refs(page) == ["BESD-1", "SG-1"]
    choose(qtbot, page, page.owner_filter, "Anyone")

    choose(qtbot, page, page.status_filter, "Done")
    assert shown_refs(page) == ["BESD-1"]
    choose(qtbot, page, page.status_filter, "Open or in progress")
    assert shown_refs(page) == ["SG-1", "SG-2", "SG-3"]
    choose(qtbot, page, page.status_filter, "Any status")

    choose(qtbot, page, page.brag_filter, "Blue (complete)")
    assert shown_refs(page) == ["BESD-1"]
    choose(qtbot, page, page.brag_filter, "Any rating")

    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        qtbot.mouseClick(page.overdue_filter, Qt.MouseButton.LeftButton)
    assert shown_refs(page) == ["SG-1"]  # BESD-1 is past due but done
    overdue = page.model.index(0, ActionLogModel.DUE)
    assert page.model.data(overdue).endswith("(overdue)")
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.overdue_filter.setChecked(False)

    # Sorting: from the Sort by box, and the column header follows.
    choose(qtbot, page, page.sort_choice, "Due date")
    assert shown_refs(page) == ["BESD-1", "SG-1", "SG-2", "SG-3"]
    header = page.table.horizontalHeader()
    assert header.sortIndicatorSection() == ActionLogModel.DUE
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.descending.setChecked(True)
    assert shown_refs(page) == ["SG-2", "BESD-1", "SG-1", "SG-3"]  # undated stays last
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        header.setSortIndicator(ActionLogModel.REF, Qt.SortOrder.AscendingOrder)
    assert page.sort_choice.currentText() == "Reference"
    assert shown_refs(page) == ["BESD-1", "SG-1", "SG-2", "SG-3"]


def test_editing_to_red_without_a_reason_shows_the_message_beside_the_comment(
    qtbot: QtBot, folder: Folder, open_window: OpenWindow
) -> None:
    window = open_window()
    page = open_log(qtbot, window)
    assert page.select_action(folder.write.id)
    qtbot.waitUntil(lambda: window.menu_actions.edit_action.isEnabled(), timeout=WAIT)
    window.menu_actions.edit_action.trigger()
    qtbot.waitUntil(lambda: isinstance(page.dialog, ActionDialog), timeout=WAIT)
    dialog = page.dialog
    assert isinstance(dialog, ActionDialog)
    qtbot.waitUntil(dialog.isVisible)
    ui = dialog.ui
    assert ui.description_edit.toPlainText() == "Write to schools"
    assert ui.owner_combo.currentText() == "Jane Smith"
    assert "required for Red or Amber" in ui.brag_comment_label.text()
    ui.brag_combo.setFocus()
    ui.brag_combo.setCurrentIndex(ui.brag_combo.findData("red"))
    ui.status_combo.setCurrentIndex(ui.status_combo.findData("in_progress"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_text("brag_comment") != "", timeout=WAIT)
    assert dialog.error_text("brag_comment") == "Give a reason for the Red rating."
    assert dialog.isVisible()
    assert ui.brag_comment_edit.hasFocus()
    # Nothing was saved: not the rating, not the status.
    service = window.session.actions if window.session else None
    assert service is not None
    box: list[ActionRecord] = []
    window.runner.run(lambda: service.get(folder.write.id), box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=WAIT)
    assert (box[0].brag, box[0].status) == ("grey", "open")

    # With a reason it saves, and the log shows the new rating.
    qtbot.keyClicks(ui.brag_comment_edit, "Waiting for the schools' replies")
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    row = page.model.row_of(folder.write.id)
    assert page.model.data(page.model.index(row, ActionLogModel.BRAG)) == "Red"
    assert page.model.data(page.model.index(row, ActionLogModel.STATUS)) == "In progress"
    qtbot.waitUntil(lambda: "Grey → Red" in page.history.toPlainText(), timeout=WAIT)


def test_recording_a_progress_update(
    qtbot: QtBot, folder: Folder, open_window: OpenWindow
) -> None:
    window = open_window()
    page = open_log(qtbot, window)
    assert page.select_action(folder.report.id)
    page.table.setFocus()
    page.update_button.click()
    qtbot.waitUntil(lambda: isinstance(page.dialog, ProgressUpdateDialog), timeout=WAIT)
    dialog = page.dialog
    assert isinstance(dialog, ProgressUpdateDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.ui.text_edit.hasFocus()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_text("text") != "", timeout=WAIT)
    assert dialog.error_text("text") == "Write the progress update."
    qtbot.keyClicks(dialog.ui.text_edit, "Paper drafted ")
    dialog.ui.text_edit.insertPlainText("📝")  # pasted: QTest types ASCII only
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    row = page.model.row_of(folder.report.id)
    latest = page.model.data(page.model.index(row, ActionLogModel.LATEST))
    assert latest.endswith("Paper drafted 📝")
    qtbot.waitUntil(lambda: "Paper drafted 📝" in page.details.toPlainText(), timeout=WAIT)
    assert "progress update" in page.history.toPlainText()


def test_the_action_log_page_and_its_dialogs_name_every_control(
    qtbot: QtBot, folder: Folder, open_window: OpenWindow
) -> None:
    from tests.gui.shell.test_accessibility import _unnamed_controls

    window = open_window()
    page = open_log(qtbot, window)
    assert _unnamed_controls(page) == []
    window.menu_actions.new_action.trigger()
    qtbot.waitUntil(lambda: isinstance(page.dialog, ActionDialog), timeout=WAIT)
    assert page.dialog is not None
    qtbot.waitUntil(page.dialog.isVisible)
    assert _unnamed_controls(page.dialog) == []
    page.dialog.reject()


def test_a_new_action_between_meetings(
    qtbot: QtBot, folder: Folder, open_window: OpenWindow
) -> None:
    window = open_window()
    page = open_log(qtbot, window)
    choose(qtbot, page, page.group_filter, "BESD – BESD Working Group")
    page.new_button.click()
    qtbot.waitUntil(lambda: isinstance(page.dialog, ActionDialog), timeout=WAIT)
    dialog = page.dialog
    assert isinstance(dialog, ActionDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.ui.group_combo.isVisible()  # the group filtered on
    qtbot.keyClicks(dialog.ui.description_edit, "Collect the outreach figures")
    dialog.ui.owner_combo.setEditText("Outreach Team Leader")
    # The due date is typed: a day that does not exist is refused beside the box.
    dialog.ui.due_check.setChecked(True)
    due = dialog.ui.due_edit
    due.setFocus()
    due.edit.selectAll()
    qtbot.keyClicks(due.edit, "31/11/10")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error_text("due_date") == "November 2010 has 30 days: check the day."
    assert dialog.isVisible() and QApplication.focusWidget() is due.edit
    due.edit.selectAll()
    qtbot.keyClicks(due.edit, "14 Jan 2011")
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert shown_refs(page) == ["BESD-1", "BESD-2"]
    row = page.model.index(1, ActionLogModel.OWNER)
    assert page.model.data(row) == "Outreach Team Leader"
    assert page.model.data(row.siblingAtColumn(ActionLogModel.RAISED)) == "Between meetings"
    assert page.model.data(row.siblingAtColumn(ActionLogModel.DUE)).startswith("14 Jan 2011")


# --- matters arising -------------------------------------------------------------------


def test_matters_arising_lists_open_actions_and_records_updates_on_them(
    qtbot: QtBot, folder: Folder, open_window: OpenWindow
) -> None:
    window = open_window()
    assert window.session is not None
    widget = MattersArisingWidget()
    qtbot.addWidget(widget)
    widget.show()
    with qtbot.waitSignal(widget.loaded, timeout=WAIT):
        widget.set_meeting(window.runner, window.session.actions, folder.sg2)
    model = widget.model
    refs = [model.data(model.index(r, ActionLogModel.REF)) for r in range(model.rowCount())]
    assert refs == ["SG-1", "SG-2"]  # not BESD's, not SG-3 raised at this meeting
    assert widget.summary.text() == "2 open actions carried forward."
    assert widget.selected_id() == folder.write.id

    widget.update_button.click()
    qtbot.waitUntil(lambda: isinstance(widget.dialog, ProgressUpdateDialog), timeout=WAIT)
    dialog = widget.dialog
    assert isinstance(dialog, ProgressUpdateDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.ui.on_edit.date().toPython() == dt.date(2010, 10, 13)  # the meeting's day
    qtbot.keyClicks(dialog.ui.text_edit, "Letters sent to all schools")
    with qtbot.waitSignal(widget.loaded, timeout=WAIT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    row = model.row_of(folder.write.id)
    assert model.data(model.index(row, ActionLogModel.LATEST)) == (
        "13 Oct 2010: Letters sent to all schools"
    )

    # Closed at the meeting, it stays on this meeting's list.
    widget.edit_button.click()
    qtbot.waitUntil(lambda: isinstance(widget.dialog, ActionDialog), timeout=WAIT)
    edit = widget.dialog
    assert isinstance(edit, ActionDialog)
    qtbot.waitUntil(edit.isVisible)
    edit.ui.status_combo.setCurrentIndex(edit.ui.status_combo.findData("done"))
    with qtbot.waitSignal(widget.loaded, timeout=WAIT):
        qtbot.mouseClick(edit.save_button, Qt.MouseButton.LeftButton)
    assert model.data(model.index(model.row_of(folder.write.id), ActionLogModel.STATUS)) == "Done"
    assert widget.summary.text() == "1 open action carried forward; 1 closed at this meeting."

    # The update landed on the action itself: the log shows it.
    page = open_log(qtbot, window)
    row = page.model.row_of(folder.write.id)
    assert page.model.data(page.model.index(row, ActionLogModel.LATEST)).endswith(
        "Letters sent to all schools"
    )
    assert page.model.data(page.model.index(row, ActionLogModel.BRAG)) == "Blue"


def test_importing_the_page_loads_no_store() -> None:
    # The window builds the page the first time it is shown; the store loads on the worker.
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import sen_desktop.gui.action_log.page\n"
        "loaded = [m for m in ('sqlalchemy', 'alembic') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr


def test_a_screen_reader_reads_what_the_log_labels_show(qtbot: QtBot) -> None:
    from PySide6.QtGui import QAccessible

    from tests.gui.meetings.test_meetings_layout import read_out

    page = ActionLogPage()
    qtbot.addWidget(page)
    page.summary.setText("3,000 actions")
    page.empty_note.setText("No actions match these filters.")
    assert read_out(page) == []
    summary = QAccessible.queryAccessibleInterface(page.summary)
    assert summary.text(QAccessible.Text.Description) == "Number of actions shown"
