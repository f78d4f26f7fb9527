# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot and qtmodeltester carry no type hints.)
"""The Action Log page: a lazy model that passes Qt's model tester, filters that change
the rows, editing with the rating rule shown beside its field, progress updates, and
the matters arising list a meeting embeds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from gui_helpers import click_navigation
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView

from sen_desktop.core.actions.records import ActionPage, ActionRecord, ActionRow, SortKey
from sen_desktop.core.actions.service import ActionService
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.store.datafolder import open_programme
from sen_desktop.core.store.models import Action, AgendaItem, Meeting, Person
from sen_desktop.gui.action_log.dialogs import ActionDialog, ProgressUpdateDialog
from sen_desktop.gui.action_log.model import BRAG_COLOURS, ActionLogModel, RowRole
from sen_desktop.gui.action_log.page import ActionLogPage
from sen_desktop.gui.common.tasks import TaskRunner
from sen_desktop.gui.minutes.matters_arising import MattersArisingWidget
from sen_desktop.gui.shell.window import MainWindow

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

OpenWindow = Callable[..., MainWindow]
TODAY = dt.date.today()
WAIT = 30_000


def fake_row(action_id: str, n: int) -> ActionRow:
    return ActionRecord(
        id=action_id, reference=f"SG-{n}", group_id="g", group_code="SG", meeting_id="m",
        agenda_item_id=None, raised_at="SG meeting 1 (8 Sep 2010), item 5",
        raised_short="SG meeting 1, item 5", raised_on=dt.date(2010, 9, 8),
        description=f"Action {n}\nsecond line", owner_id=None, owner_text="Kent Police",
        owner="Kent Police", due_date=dt.date(2010, 10, 1), status="open",
        brag="red" if n % 2 else "green", brag_comment="Late" if n % 2 else "",
        closed_meeting_id=None, overdue=n % 3 == 0, latest_update="Chased" if n % 5 else "",
        latest_update_on=dt.date(2010, 9, 20) if n % 5 else None,
    )


class CountingLoader:
    """Serves fake rows for ids, counting how many it was asked for."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def __call__(self, ids: list[str]) -> list[ActionRow]:
        self.calls.append(len(ids))
        return [fake_row(i, int(i.removeprefix("id-"))) for i in ids]


# --- the model -------------------------------------------------------------------------


def _programme_with_actions(data_dir: Path, count: int) -> tuple[Any, ActionService]:
    db = open_programme(data_dir)
    with db.session_factory.begin() as s:
        meeting = Meeting(group_id=group_id("SG"), number=1, date=dt.date(2010, 9, 8))
        s.add(meeting)
        s.flush()
        s.add_all(
            Action(
                reference=f"SG-{n}", group_id=group_id("SG"), meeting_id=meeting.id,
                description=f"Action number {n}", owner_text="Kent Police",
                due_date=dt.date(2010, 10, 1) + dt.timedelta(days=n % 90),
                status=("open", "in_progress", "done", "dropped")[n % 4],
                brag=("grey", "green", "blue", "red")[n % 4],
                brag_comment="Late" if n % 4 == 3 else "",
            )
            for n in range(1, count + 1)
        )
    return db, ActionService(db.session_factory)


def test_the_model_over_a_few_thousand_actions_passes_the_model_tester(
    qapp: QApplication, qtmodeltester: Any, data_dir: Path
) -> None:
    db, service = _programme_with_actions(data_dir, 3000)
    try:
        model = ActionLogModel(service.rows, page_size=200)
        ids = service.query_ids()
        model.set_ids(ids, service.rows(ids[:200]))
        assert model.rowCount() == 3000
        assert model.data(model.index(0, ActionLogModel.REF)) == "SG-1"
        assert model.data(model.index(2999, ActionLogModel.REF)) == "SG-3000"
        qtmodeltester.check(model)
        # Ten pages of the sixteen were read by the tester, never all at once.
        assert model.rows_fetched <= 3000
    finally:
        db.close()


def test_a_100000_action_model_fetches_only_the_pages_it_shows(qtbot: QtBot) -> None:
    loader = CountingLoader()
    model = ActionLogModel(loader, page_size=200)
    model.set_ids([f"id-{n}" for n in range(1, 100_001)])
    view = QTableView()
    qtbot.addWidget(view)
    view.verticalHeader().setDefaultSectionSize(24)
    view.verticalHeader().setSectionResizeMode(view.verticalHeader().ResizeMode.Fixed)
    view.setModel(model)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    QApplication.processEvents()
    assert model.rowCount() == 100_000
    assert sum(loader.calls) <= 200  # only the first page shows

    view.scrollTo(model.index(50_000, 0))
    QApplication.processEvents()
    view.scrollToBottom()
    QApplication.processEvents()
    # Three places looked at: a handful of pages, not 100,000 rows.
    assert model.rows_fetched == sum(loader.calls) <= 6 * 200
    assert all(n <= 200 for n in loader.calls)
    assert model.data(model.index(99_999, ActionLogModel.REF)) == "SG-100000"


def test_pages_load_on_the_worker_and_show_a_placeholder_meanwhile(qtbot: QtBot) -> None:
    runner = TaskRunner()
    loader = CountingLoader()
    model = ActionLogModel(loader, runner=runner, page_size=200, max_pages=3)
    model.set_ids([f"id-{n}" for n in range(1, 100_001)])
    index = model.index(70_000, ActionLogModel.REF)
    assert model.data(index) == "…"  # asked for: the page is on its way
    assert model.data(index, RowRole) is None
    with qtbot.waitSignal(model.page_loaded, timeout=WAIT):
        pass
    assert model.data(index) == "SG-70001"
    for row in (0, 10_000, 20_000, 30_000):  # more pages than the cache keeps
        model.data(model.index(row, 0))
        qtbot.waitUntil(lambda row=row: model.record(row) is not None, timeout=WAIT)
    assert len(model.cached_pages()) == 3
    assert model.record(70_000) is None  # the oldest page was let go
    runner.shutdown()


class FakeLog:
    """A log of ``total`` actions served a page at a time, noting how each was asked for:
    after the key of the page before it, or from a row number (a jump)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.calls: list[tuple[str, int]] = []

    def page(self, start: int, after: SortKey | None) -> ActionPage:
        if after is not None:
            start = int(str(after[0])) + 1  # the key is the row number here
        self.calls.append(("after" if after is not None else "row", start))
        end = min(start + 200, self.total)
        rows = tuple(fake_row(f"id-{n + 1}", n + 1) for n in range(start, end))
        return ActionPage(start, rows, (end - 1,) if rows else None)


def test_the_log_model_reads_on_after_each_page_and_jumps_by_row(qapp: QApplication) -> None:
    log = FakeLog(100_000)
    model = ActionLogModel(page_size=200)
    model.set_log(log.total, log.page(0, None), log.page)
    log.calls.clear()
    assert model.rowCount() == 100_000
    assert model.data(model.index(250, ActionLogModel.REF)) == "SG-251"
    assert log.calls == [("after", 200)]  # the next page: after the first's last key
    assert model.data(model.index(70_000, ActionLogModel.REF)) == "SG-70001"
    assert log.calls[-1] == ("row", 70_000)  # a jump down the scroll bar
    assert model.data(model.index(70_200, ActionLogModel.REF)) == "SG-70201"
    assert log.calls[-1] == ("after", 70_200)
    assert (model.row_of("id-70001"), model.id_at(70_000)) == (70_000, "id-70001")
    assert model.id_at(50_000) is None  # never fetched
    assert model.ids()[:2] == ["id-1", "id-2"] and len(model.ids()) == 4 * 200
    assert model.rows_fetched == 4 * 200


def test_a_log_page_short_of_rows_shows_them_removed(
    qapp: QApplication, qtmodeltester: Any
) -> None:
    log = FakeLog(450)
    model = ActionLogModel(page_size=200)
    model.set_log(460, log.page(0, None), log.page)  # ten removed since the count
    assert model.data(model.index(455, ActionLogModel.ACTION)) == "(removed)"
    assert model.data(model.index(449, ActionLogModel.REF)) == "SG-450"
    qtmodeltester.check(model)


def test_cells_say_rating_and_overdue_in_words_as_well_as_colour(qapp: QApplication) -> None:
    model = ActionLogModel(CountingLoader())
    model.set_ids(["id-3", "id-4", "id-5"])
    red_overdue = model.index(0, 0)
    assert [model.data(red_overdue.siblingAtColumn(c)) for c in range(9)] == [
        "SG-3", "SG", "SG meeting 1, item 5", "Action 3 second line", "Kent Police",
        "1 Oct 2010 (overdue)", "Red", "Open", "20 Sep 2010: Chased",
    ]
    brag = red_overdue.siblingAtColumn(ActionLogModel.BRAG)
    assert model.data(brag, Qt.ItemDataRole.DecorationRole) is not None  # the swatch
    assert model.data(brag, Qt.ItemDataRole.AccessibleTextRole) == "Red rating: off track"
    assert model.data(brag, Qt.ItemDataRole.ToolTipRole) == "Red (off track): Late"
    due = red_overdue.siblingAtColumn(ActionLogModel.DUE)
    assert model.data(due, Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(1, ActionLogModel.DUE)) == "1 Oct 2010"
    assert model.data(model.index(1, ActionLogModel.DUE), Qt.ItemDataRole.FontRole) is None
    assert model.data(model.index(2, ActionLogModel.LATEST)) == ""


def test_every_rating_swatch_stands_out_3_to_1_on_the_rows(qapp: QApplication) -> None:
    from accessibility_walk import contrast

    for rating, colour in BRAG_COLOURS.items():
        fill = int(colour.removeprefix("#"), 16)
        for row in (0xFFFFFF, 0xF6F8FA):  # a row and an alternate row
            assert contrast(fill, row) >= 3.0, rating


# 800: the page at 1366×768 and 125 % (1093 logical pixels less the navigation).
@pytest.mark.parametrize("width", [800, 1100])
def test_the_action_column_gets_the_width_and_nothing_is_clipped(
    qtbot: QtBot, width: int
) -> None:
    page = ActionLogPage()
    qtbot.addWidget(page)
    page.resize(width, 700)
    page.show()
    qtbot.waitExposed(page)
    table, header = page.table, page.table.horizontalHeader()
    qtbot.waitUntil(lambda: header.sectionSize(ActionLogModel.ACTION) > 0)
    shown = [c for c in range(page.model.columnCount()) if not table.isColumnHidden(c)]
    widths = {c: header.sectionSize(c) for c in shown}
    metrics = table.fontMetrics()
    assert max(widths, key=lambda c: widths[c]) == ActionLogModel.ACTION
    assert widths[ActionLogModel.ACTION] >= 36 * metrics.averageCharWidth()
    for status in ("In progress", "Dropped"):
        assert widths[ActionLogModel.STATUS] >= metrics.horizontalAdvance(status) + 12
    assert widths[ActionLogModel.DUE] >= metrics.horizontalAdvance("30 Sept 2011 (overdue)")
    # An empty log has nothing to scroll sideways to.
    assert page.model.rowCount() == 0
    assert not table.horizontalScrollBar().isVisible()
    assert sum(widths.values()) <= table.viewport().width()


def test_header_sorts_only_sortable_columns(qapp: QApplication) -> None:
    model = ActionLogModel(CountingLoader())
    asked: list[tuple[str, bool]] = []
    model.sort_requested.connect(lambda key, desc: asked.append((key, desc)))
    model.sort(ActionLogModel.DUE, Qt.SortOrder.DescendingOrder)
    model.sort(ActionLogModel.ACTION)
    model.sort(ActionLogModel.REF)
    assert asked == [("due_date", True), ("reference", False)]


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


def test_an_action_deep_in_a_big_log_is_shown_from_its_own_page(
    qtbot: QtBot, data_dir: Path
) -> None:
    from types import SimpleNamespace

    db, service = _programme_with_actions(data_dir, 3000)
    runner = TaskRunner()
    try:
        page = ActionLogPage()
        qtbot.addWidget(page)
        context = SimpleNamespace(
            runner=runner, session=SimpleNamespace(actions=service), groups=()
        )
        with qtbot.waitSignal(page.loaded, timeout=WAIT):
            page.open(context)  # type: ignore[arg-type]
        assert page.summary.text() == "3,000 actions"
        assert page.selected_action() is not None
        assert page.selected_action().reference == "SG-1"  # type: ignore[union-attr]
        deep = service.query_ids()[2_499]
        with qtbot.waitSignal(page.loaded, timeout=WAIT):
            page.reload(keep_id=deep)
        assert page.selected_id() == deep
        assert page.model.record(2_499).reference == "SG-2500"  # type: ignore[union-attr]
        # Its page came with the view: the 2,400 rows above it were never read.
        assert page.model.cached_pages() == [12]
    finally:
        runner.shutdown(db.close)


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
