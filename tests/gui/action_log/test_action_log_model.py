# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot and qtmodeltester carry no type hints.)
"""The Action Log's lazy model: it passes Qt's model tester, fetches only the pages it
shows (on the worker, with a placeholder meanwhile), reads on after each page's key,
says rating and overdue in words, fits its columns, and shows an action deep in a big
log from that action's own page. The page in the window: test_action_log.py."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView

from sen_desktop.core.actions.records import ActionPage, ActionRecord, ActionRow, SortKey
from sen_desktop.core.actions.service import ActionService
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.store.datafolder import open_programme
from sen_desktop.core.store.models import Action, Meeting
from sen_desktop.gui.action_log.model import BRAG_COLOURS, ActionLogModel, RowRole
from sen_desktop.gui.action_log.page import ActionLogPage
from sen_desktop.gui.common.tasks import TaskRunner

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

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
