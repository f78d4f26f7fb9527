# mypy: disable-error-code="no-untyped-call"
"""The Action Plan page: the timeline of milestones, the table, and the milestone dialog."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAccessible, QColor

from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.validation import uk_date
from sen_desktop.gui.plan.milestone_dialogs import LinkChooser, MilestoneDialog
from sen_desktop.gui.plan.timeline_page import TimelinePage
from sen_desktop.gui.plan.timeline_widget import LABEL_WIDTH, TimelineView
from sen_desktop.gui.shell.window import MainWindow
from tests.gui.gui_helpers import click_navigation, on_worker

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

OpenWindow = Callable[..., MainWindow]
WAIT_MS = 30_000


def plan_page(qtbot: QtBot, window: MainWindow, rows: int = 12) -> TimelinePage:
    page = window.plan_page
    assert isinstance(page, TimelinePage)
    qtbot.waitUntil(lambda: page.timeline_model.rowCount() == rows, timeout=WAIT_MS)
    return page


def open_dialog(qtbot: QtBot, page: TimelinePage) -> MilestoneDialog:
    qtbot.waitUntil(lambda: isinstance(page.dialog, MilestoneDialog), timeout=WAIT_MS)
    dialog = page.dialog
    assert isinstance(dialog, MilestoneDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_the_timeline_draws_a_bar_per_milestone_and_names_the_late_ones(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window(view="timeline")
    page = plan_page(qtbot, window)
    assert page.current_tab() == "timeline"
    milestones = page.timeline_model.milestones()
    # Mark the first done and the rest on track: the programme's own now, and the rest of
    # the 2010–2011 plan has passed, so they are late.
    session = window.session
    assert session is not None

    def own_them() -> None:
        session.milestones.update(milestones[0].id, status="done")
        for m in milestones[1:]:
            session.milestones.update(m.id, status="on_track")

    on_worker(qtbot, window, own_them)
    page.reload()
    qtbot.waitUntil(lambda: page.timeline_model.milestones()[0].status == "done", timeout=WAIT_MS)
    view = page.timeline
    qtbot.waitUntil(lambda: view.isVisible())
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    for row, m in enumerate(page.timeline_model.milestones()):
        bar = view.bar_rect(row)
        assert bar.width() > 0 and bar.left() >= LABEL_WIDTH, m.period
        if bar.bottom() > view.viewport().height():
            continue  # scrolled out of sight: its place is still computed
        # Something is drawn where the bar is: not the row's plain background.
        inside = [
            QColor(image.pixel(int(x * ratio), int(bar.center().y() * ratio)))
            for x in (bar.left() + 1, bar.center().x(), bar.right() - 1)
        ]
        assert any(c.name() not in ("#ffffff", "#f6f8fa", "#dbe7f3") for c in inside), m.period
        text = page.timeline_model.index(row, 0).data(Qt.ItemDataRole.AccessibleTextRole)
        if row == 0:
            assert "Status: Done" in text and not m.late
        else:
            assert m.late and m.shown_status_label == "Late"
            assert "Status: Late" in text
    # Screen readers hear each row in words, with its period and whole action.
    first = page.timeline_model.index(1, 0)
    assert first.data(Qt.ItemDataRole.AccessibleTextRole).startswith(
        "Early Sept 2010: Hold an initial meeting of the SEN strategy steering group"
    )
    assert "confirm overarching timeframe" in first.data(Qt.ItemDataRole.ToolTipRole)
    assert view.accessibleName() == "Action Plan timeline"
    reader = QAccessible.queryAccessibleInterface(view)
    assert reader.role() == QAccessible.Role.List and reader.childCount() == 12
    assert reader.child(9).text(QAccessible.Text.Name).startswith(
        "December 2010: Take funding proposals"
    )
    assert "Status: Late." in reader.child(9).text(QAccessible.Text.Name)
    # Today (years after the plan) is a marker at the edge, not a years-wide axis.
    assert view.today_marker_text() == f"Today ({uk_date(dt.date.today())}) →"
    assert view.scale().months == 15  # July 2010 to September 2011
    assert "12 milestones: 11 late, 1 done." in page.summary.text()


def test_the_today_line_shows_when_today_is_within_the_plan(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window(view="timeline", today=dt.date(2010, 11, 15))
    page = plan_page(qtbot, window)
    view = page.timeline
    assert view.today_marker_text() == "Today"
    assert view.scale().today_side(dt.date(2010, 11, 15)) == 0


def test_arrow_keys_choose_a_milestone_and_enter_opens_it(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window(view="timeline")
    page = plan_page(qtbot, window)
    view: TimelineView = page.timeline
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    first = page.selected_milestone()
    assert first is not None and first.period == "End July 2010"
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    chosen = page.selected_milestone()
    assert chosen is not None and chosen.period == "End September 2010"
    assert window.menu_actions.edit_milestone.isEnabled()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    dialog = open_dialog(qtbot, page)
    assert dialog.ui.period_edit.text() == "End September 2010"
    assert dialog.ui.action_edit.toPlainText() == (
        "Hold meetings of each dimension of need working group"
    )
    assert dialog.ui.status_combo.currentText() == "Not started"
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    # The Table tab shows the same milestone chosen.
    page.show_tab("table")
    rows = page.table.selectionModel().selectedRows()
    shown = page.model.record(rows[0].row()) if rows else None
    assert shown is not None and shown.period == "End September 2010"


def test_zoom_widens_the_months_and_scrolls_and_fit_brings_it_back(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window(view="timeline")
    page = plan_page(qtbot, window)
    view = page.timeline
    view.setFocus()
    fitted = view.month_width()
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.month_width() > fitted * 2
    qtbot.waitUntil(lambda: view.horizontalScrollBar().maximum() > 0)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.horizontalScrollBar().value() > 0
    assert page.zoom_out_button.isEnabled()
    qtbot.keyClick(view, Qt.Key.Key_0)
    # Once the scroll bar the zoom brought has gone, the plan fits as before.
    qtbot.waitUntil(lambda: abs(view.month_width() - fitted) < 0.01)
    qtbot.waitUntil(lambda: view.horizontalScrollBar().maximum() == 0)
    assert not page.zoom_out_button.isEnabled()


def test_an_end_month_before_the_start_is_refused_beside_the_field_and_nothing_saved(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window(view="timeline")
    page = plan_page(qtbot, window)
    before = page.timeline_model.milestones()[8]  # November 2010 – March 2011
    page.select_milestone(before.id)
    window.menu_actions.edit_milestone.trigger()
    dialog = open_dialog(qtbot, page)
    dialog.ui.action_edit.setPlainText("Prepare the funding proposals")
    dialog.ui.end_edit.setDate(QDate(2010, 9, 1))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error_text("period_end") == (
        "The period must end in the month it starts or a later one."
    )
    assert dialog.isVisible()
    assert dialog.ui.end_edit.accessibleDescription() == dialog.error_text("period_end")
    session = window.session
    assert session is not None
    after = on_worker(qtbot, window, lambda: session.milestones.get(before.id))
    assert after == before  # nothing saved, the action included
    # The service refuses the same on its own, field named.
    from sen_desktop.core.errors import ValidationError

    def refused() -> str:
        try:
            session.milestones.update(before.id, period_end=dt.date(2010, 9, 30))
        except ValidationError as error:
            return error.field or ""
        return ""

    assert on_worker(qtbot, window, refused) == "period_end"


def test_add_milestone_fills_the_months_from_the_period_and_adds_a_row(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window(view="timeline")
    page = plan_page(qtbot, window)
    window.menu_actions.add_milestone.trigger()
    dialog = open_dialog(qtbot, page)
    ui = dialog.ui
    assert dialog.windowTitle() == "Add milestone"
    ui.period_edit.setFocus()
    qtbot.keyClicks(ui.period_edit, "January 2012 - March 2012")
    ui.action_edit.setFocus()  # leaving the period fills in the months
    qtbot.waitUntil(lambda: ui.start_edit.date() == QDate(2012, 1, 1))
    assert ui.end_edit.date() == QDate(2012, 3, 31)
    qtbot.keyClicks(ui.action_edit, "Review the first term of implementation")
    ui.status_combo.setCurrentIndex(ui.status_combo.findData("on_track"))
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    page = plan_page(qtbot, window, rows=13)
    added = page.timeline_model.milestones()[-1]
    assert added.period == "January 2012 - March 2012"
    assert (added.period_start, added.period_end) == (dt.date(2012, 1, 1), dt.date(2012, 3, 31))
    assert added.owner_group_id == group_id("SG")
    assert page.selected_milestone() == added
    # The axis now runs to March 2012.
    assert page.timeline.scale().months == 21


def test_linking_a_meeting_shows_on_the_milestone_and_the_dashboard(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window(view="timeline")
    page = plan_page(qtbot, window)
    session = window.session
    assert session is not None
    on_worker(qtbot, window, lambda: session.meetings.schedule(group_id("SG"),
                                                               dt.date(2010, 9, 7)))
    target = page.timeline_model.milestones()[1]  # Early Sept 2010: the first SG meeting
    page.select_milestone(target.id)
    window.menu_actions.link_milestone.trigger()
    dialog = open_dialog(qtbot, page)
    assert dialog.ui.links_list.hasFocus()
    assert not dialog.ui.link_paper_button.isVisible()  # no papers yet
    qtbot.mouseClick(dialog.ui.link_meeting_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(dialog.chooser, LinkChooser), timeout=WAIT_MS)
    chooser = dialog.chooser
    assert chooser is not None
    qtbot.waitUntil(chooser.isVisible)
    qtbot.keyClicks(chooser.filter_edit, "SG meeting 1")
    qtbot.keyClick(chooser.filter_edit, Qt.Key.Key_Return)
    assert dialog.link_texts() == ["Meeting: SG meeting 1, 7 September 2010"]
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: bool(page.timeline_model.milestones()[1].links), timeout=WAIT_MS
    )
    row = page.timeline_model.index(1, 0)
    assert "Linked: SG meeting 1, 7 September 2010." in row.data(
        Qt.ItemDataRole.AccessibleTextRole
    )
    # The table keeps one short line per link (eight rows fit at 125 %); the whole label
    # is its tooltip and what a screen reader hears.
    linked = page.model.index(1, page.model.LINKED)
    assert linked.data() == "SG meeting 1"
    assert linked.data(Qt.ItemDataRole.ToolTipRole) == "SG meeting 1, 7 September 2010"
    assert linked.data(Qt.ItemDataRole.AccessibleTextRole) == "SG meeting 1, 7 September 2010"
    click_navigation(qtbot, window, "Dashboard")
    qtbot.waitUntil(
        lambda: "SG meeting 1, 7 September 2010" in window.dashboard_page.text.toPlainText(),
        timeout=WAIT_MS,
    )
    # Removing the link takes it away again.
    window.show_view("plan")
    page.select_milestone(target.id)
    page.dialog = None
    page.edit_milestone(focus_links=True)
    dialog = open_dialog(qtbot, page)
    qtbot.waitUntil(lambda: dialog.ui.links_list.currentRow() == 0)
    qtbot.mouseClick(dialog.ui.remove_link_button, Qt.MouseButton.LeftButton)
    assert dialog.link_texts() == []
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.timeline_model.milestones()[1].links, timeout=WAIT_MS)


def test_the_plan_view_opens_on_the_table(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window(view="plan")
    page = plan_page(qtbot, window)
    assert page.current_tab() == "table"
    assert window.current_view() == "plan"
    # A new install's milestones keep the Project Plan's dates: not "12 late".
    assert page.model.index(0, page.model.STATUS).data() == "Project Plan's dates"
    assert "12 on the Project Plan's dates" in page.summary.text()
    status = page.model.index(0, page.model.STATUS)
    assert "set this milestone's own dates" in status.data(Qt.ItemDataRole.ToolTipRole)
    # The key, the zoom and the keys hint are the timeline's: not on the Table tab.
    for widget in (page.legend, page.zoom_in_button, page.fit_button, page.keys_hint):
        assert not widget.isVisible()
    page.show_tab("timeline")
    qtbot.waitUntil(page.zoom_in_button.isVisible)
    assert page.legend.isVisible() and page.keys_hint.isVisible()
    # Tab reads the zoom buttons (above the timeline) before the timeline.
    assert page.fit_button.nextInFocusChain() is page.timeline


def test_the_timeline_paints_its_text_at_4_5_to_1(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    from accessibility_walk import contrast

    window = open_window(view="timeline")
    page = plan_page(qtbot, window)
    colours = page.timeline.painted_text_colours()
    assert len(colours) >= 4
    for what, ink, back in colours:
        assert contrast(ink.rgb(), back.rgb()) >= 4.5, what


def test_the_milestone_models_pass_the_model_tester(
    qtbot: QtBot, open_window: OpenWindow, qtmodeltester: object
) -> None:
    window = open_window(view="timeline")
    page = plan_page(qtbot, window)
    qtmodeltester.check(page.timeline_model)  # type: ignore[attr-defined]
    qtmodeltester.check(page.model)  # type: ignore[attr-defined]


def test_the_table_gives_the_action_column_the_most_room_on_a_small_screen(
    qtbot: QtBot,
) -> None:
    from sen_desktop.gui.plan.timeline_page import MilestoneTable

    page = TimelinePage()
    qtbot.addWidget(page)
    page.resize(800, 500)  # 1366×768 at 125 %, less the navigation
    page.show()
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(page.table.isVisible)
    header = page.table.horizontalHeader()
    widths = {column: header.sectionSize(column) for column in range(header.count())}
    action = widths.pop(MilestoneTable.ACTION)
    assert action > max(widths.values())  # it was 16 letters wide, the others 170 px
    assert action >= 0.35 * page.table.viewport().width()
    assert sum(widths.values()) + action <= page.table.viewport().width() + 1  # no scroll
