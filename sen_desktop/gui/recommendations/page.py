"""The Recommendations page: every recommendation with its state and whether its chair's
decision verifies, filtered by group and state; beneath, the chosen one's front facts
(with the approved version beside any changes since) and its history and pathway.

Service calls run on the window's TaskRunner: the list, each one's latest chair's
decision and the chosen one's detail come back together, so the page paints whole.
Reads go on channels ("recommendations:list", "recommendations:detail"), so only the
newest of each lands. The forms it opens are in gui/recommendations/editing.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.recommendations.records import RecommendationDetail
from sen_desktop.gui.common.flow_layout import FlowLayout
from sen_desktop.gui.common.tables import follow_current_row, one_line_rows
from sen_desktop.gui.common.widgets import (
    at_least_rows,
    label,
    list_over_panes,
    page_layout,
    reading_pane,
    record_table,
)
from sen_desktop.gui.recommendations.choices import RECOMMENDING_KINDS
from sen_desktop.gui.recommendations.detail import (
    details_html,
    earlier_scheme,
    history_html,
    pending_signature,
)
from sen_desktop.gui.recommendations.editing import RecommendationEditing
from sen_desktop.gui.recommendations.models import RecommendationListModel, RecommendationRow

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Sequence

    from PySide6.QtGui import QHideEvent, QShowEvent

    from sen_desktop.core.programme.records import GroupSummary
    from sen_desktop.core.recommendations.service import RecommendationService
    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.papers.target import ExportTarget
    from sen_desktop.gui.shell.menus import MenuCommands
    from sen_desktop.gui.shell.pages import PageContext
    from sen_desktop.gui.shell.session import OpenProgramme

_SELECT_ROW = (
    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
)
_WIDTHS = {
    RecommendationListModel.REF: 82,
    RecommendationListModel.GROUP: 64,
    RecommendationListModel.STATE: 210,
    RecommendationListModel.VERIFIED: 250,  # a long reason elides; its tooltip has it whole
}
EMPTY_HEADING = "No recommendations yet"
EMPTY_MESSAGE = (
    "The working groups and the Parent/Carer Reference Group raise recommendations for "
    "the Steering Group to consider: record one with its title, group and the remit "
    "points it answers."
)

# The detail shown, with the chairs' decisions this laptop may sign (event ids).
Shown = tuple[RecommendationDetail | None, frozenset[str]]
Fetched = tuple[list[RecommendationRow], bool, Shown]


def showcase_id(rows: Sequence[RecommendationRow]) -> str | None:
    """For ``--view recommendations``: one with a history, a chair's decision if any."""
    with_history = [r for r in rows if r.summary.last_step_at]
    if not with_history:
        return rows[0].id if rows else None
    best = max(with_history, key=lambda r: (r.check is not None and r.check.verified,
                                            r.summary.last_step_at))
    return best.id


class RecommendationsPage(RecommendationEditing, QWidget):
    """Filters | the list | the chosen recommendation's details and history."""

    loaded = Signal()
    selection_changed = Signal()
    #: A recommendation was created or changed, or a decision recorded, from this page.
    recommendation_saved = Signal(object)
    #: A message for the window's status bar.
    status_message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner: TaskRunner | None = None
        self._session: OpenProgramme | None = None
        self._today: dt.date | None = None
        self._groups: list[GroupSummary] = []
        self._detail: RecommendationDetail | None = None
        self._signable: frozenset[str] = frozenset()
        self._actions: MenuCommands | None = None
        self._show_page: Callable[[], None] | None = None
        self._elsewhere_can_decide = False
        self.dialog: QDialog | None = None  # the dialog last opened, for tests

        self.heading = label("Recommendations", role="heading")
        self.summary = label("", role="facts")
        self.summary.setAccessibleDescription("Number of recommendations shown")
        self.group_filter = QComboBox()
        self.group_filter.setAccessibleName("Show the recommendations of group")
        self.group_filter.addItem("All groups", None)
        self.state_filter = QComboBox()
        self.state_filter.setAccessibleName("Show recommendations in state")
        self.state_filter.addItem("Any state", None)
        for state in rs.STATES:
            self.state_filter.addItem(rs.state_label(state), state)
        for combo in (self.group_filter, self.state_filter):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(24)
            combo.currentIndexChanged.connect(lambda _i: self.reload())

        self.model = RecommendationListModel(self)
        self.table = record_table("Recommendations")
        self.table.setObjectName("recommendations_table")
        self._setup_table()
        self.filtered_note = label("No recommendations match these filters.", role="facts")
        self.filtered_note.hide()

        self.new_button = QPushButton("&New recommendation…")
        self.edit_button = QPushButton("Edit re&commendation…")
        self.decision_button = QPushButton("Record &decision…")
        self.agenda_button = QPushButton("Put on agenda of…")
        self.sign_button = QPushButton("Sign as chair…")
        self.sign_button.setAccessibleName(
            "Sign the chair's decision recorded unsigned, or re-sign one signed under the "
            "earlier scheme")
        self.sign_button.setToolTip(
            "A chair's decision counts once it is signed on the laptop certified as that "
            "chair's; this laptop is")
        self.sign_button.clicked.connect(self.sign_pending)
        self.new_button.clicked.connect(self.new_recommendation)
        self.edit_button.clicked.connect(self.edit_selected)
        self.decision_button.clicked.connect(self.record_decision)
        self.agenda_button.clicked.connect(self.put_on_agenda)

        # As the Meetings page's empty state: a subheading, a line and the one button.
        self.empty_heading = label(EMPTY_HEADING, role="subheading")
        self.empty_message = label(EMPTY_MESSAGE, role="facts", wrap=True)
        self.empty_message.setAccessibleDescription(EMPTY_HEADING)
        self.empty_message.setMaximumWidth(620)
        self.empty_new_button = QPushButton("New recommendation…")
        self.empty_new_button.setAccessibleName("New recommendation")
        self.empty_new_button.setStyleSheet(
            "QPushButton { padding: 8px 20px; font-weight: 600; }"
        )
        self.empty_new_button.clicked.connect(self.new_recommendation)

        self.details = reading_pane("Details of the chosen recommendation")
        self.details.setObjectName("recommendation_details")
        self.history = reading_pane("History and pathway of the chosen recommendation")
        self.history.setObjectName("recommendation_history")
        self._layout()
        self._update_buttons()

    # --- building ----------------------------------------------------------------------

    def _setup_table(self) -> None:
        one_line_rows(
            self.table, self.model, stretch=RecommendationListModel.TITLE, widths=_WIDTHS
        )
        self._detail_timer = follow_current_row(
            self.table, changed=self._choice_changed, load=self._load_detail,
            opened=self.edit_selected,
        )

    def _layout(self) -> None:
        layout = page_layout(self)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.summary)
        layout.addLayout(top)

        # Filters and buttons wrap onto another line when the window is narrow.
        self.filters = QWidget()
        filters = FlowLayout(self.filters, spacing=6)
        for text, combo in (("Group:", self.group_filter), ("&State:", self.state_filter)):
            pair = QWidget()
            row = QHBoxLayout(pair)
            row.setContentsMargins(0, 0, 12, 0)
            caption = label(text)
            caption.setBuddy(combo)
            row.addWidget(caption)
            row.addWidget(combo)
            filters.addWidget(pair)
        layout.addWidget(self.filters)

        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addWidget(self.filtered_note)
        buttons = QWidget()
        flow = FlowLayout(buttons, spacing=6)
        for button in (self.new_button, self.edit_button, self.decision_button,
                       self.agenda_button, self.sign_button):
            flow.addWidget(button)
        upper_layout.addWidget(buttons)

        self.splitter = list_over_panes(
            upper,
            (("Deta&ils", self.details), ("Histor&y and pathway", self.history)),
            pane_sizes=(470, 510), stretch=(2, 3), sizes=(260, 420),
        )
        layout.addWidget(self.splitter, 1)
        at_least_rows(self.table)  # eight in view on a small screen; the panes scroll

        self.empty_state = QWidget()
        empty = QVBoxLayout(self.empty_state)
        empty.setContentsMargins(0, 32, 0, 0)
        empty.setSpacing(12)
        empty.addWidget(self.empty_heading)
        empty.addWidget(self.empty_message)
        row = QHBoxLayout()
        row.addWidget(self.empty_new_button)
        row.addStretch(1)
        empty.addLayout(row)
        empty.addStretch(1)
        self.empty_state.hide()
        layout.addWidget(self.empty_state, 1)

    # --- opening and loading -----------------------------------------------------------

    def open(self, context: PageContext) -> None:
        """Show the recommendations of the open programme (reloading if already
        showing); started with ``--view recommendations``, choose one with a history."""
        self._runner, self._session, self._today = context.runner, context.session, context.today
        self._set_groups(context.groups)
        showcase = context.first_view == "recommendations"
        self.reload(showcase=showcase and self.selected_id() is None)

    def export_target(self) -> ExportTarget | str:
        """The paper on the chosen recommendation (File > Export to Word…), or why none."""
        from sen_desktop.gui.papers.target import ExportTarget
        from sen_desktop.papers.kinds import RECOMMENDATION

        rec_id = self.selected_id()
        if rec_id is None:
            return "Export to Word: choose a recommendation to export its paper."
        shown = self._detail
        name = (shown.record.reference if shown is not None and shown.record.id == rec_id
                else "the chosen recommendation")
        return ExportTarget(RECOMMENDATION, rec_id, f"the paper on {name}")

    def _set_groups(self, groups: Sequence[GroupSummary]) -> None:
        self._groups = [g for g in groups if g.kind in RECOMMENDING_KINDS]
        self.model.set_group_names({g.id: g.name for g in groups})
        chosen = self.group_filter.currentData()
        self.group_filter.blockSignals(True)
        self.group_filter.clear()
        self.group_filter.addItem("All groups", None)
        for group in self._groups:
            self.group_filter.addItem(group.name, group.id)
        self.group_filter.setCurrentIndex(max(self.group_filter.findData(chosen), 0))
        self.group_filter.blockSignals(False)

    def show_recommendation(self, recommendation_id: str) -> None:
        """Show every recommendation, this one chosen (e.g. from a search result)."""
        for combo in (self.group_filter, self.state_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.reload(keep_id=recommendation_id)

    def reload(self, keep_id: str | None = None, showcase: bool = False) -> None:
        session, runner = self._session, self._runner
        if session is None or runner is None:
            return
        group_id, state = self.group_filter.currentData(), self.state_filter.currentData()
        keep = keep_id or self.selected_id()
        service = session.recommendations

        def fetch() -> Fetched:
            summaries = service.list_recommendations(group_id, state)
            any_at_all = bool(summaries) or bool(service.list_recommendations())
            checks = service.chair_checks([s.id for s in summaries])
            rows = [RecommendationRow(s, checks.get(s.id)) for s in summaries]
            ids = [r.id for r in rows]
            chosen = keep if keep in ids else None
            if chosen is None and rows:
                chosen = showcase_id(rows) if showcase else rows[0].id
            return rows, any_at_all, shown_detail(service, chosen)

        self.summary.setText("Loading…")
        runner.run(fetch, lambda result: self._show_rows(*result), owner=self,
                   channel="recommendations:list")

    def _show_rows(self, rows: list[RecommendationRow], any_at_all: bool, shown: Shown) -> None:
        detail, signable = shown
        self.model.set_records(rows)
        count = len(rows)
        self.summary.setText(f"{count} recommendation{'s' if count != 1 else ''}")
        self.summary.setVisible(any_at_all)
        for widget in (self.filters, self.splitter):
            widget.setVisible(any_at_all)
        self.empty_state.setVisible(not any_at_all)
        self.filtered_note.setVisible(any_at_all and count == 0)
        if detail is not None and self.select(detail.record.id):
            self._detail_timer.stop()
            self.show_detail(detail, signable)
        else:
            self.show_detail(None)
        self._update_buttons()
        self.selection_changed.emit()
        self.loaded.emit()

    # --- selection and details ---------------------------------------------------------

    def selected_id(self) -> str | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or not self.table.selectionModel().selectedRows():
            return None
        record = self.model.record(index.row())
        return record.id if record is not None else None

    def select(self, recommendation_id: str) -> bool:
        row = self.model.row_of(recommendation_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        selection.setCurrentIndex(index, _SELECT_ROW)
        selection.blockSignals(False)
        self.table.viewport().update()
        self.table.scrollTo(index)
        return True

    def select_reference(self, reference: str) -> bool:
        """Choose a recommendation by its reference, as a person clicking its row would."""
        for row, record in enumerate(self.model.records()):
            if record.summary.reference == reference:
                self.table.selectionModel().setCurrentIndex(self.model.index(row, 0), _SELECT_ROW)
                return True
        return False

    def detail(self) -> RecommendationDetail | None:
        return self._detail

    def _choice_changed(self) -> None:
        self._update_buttons()
        self.selection_changed.emit()

    def _load_detail(self) -> None:
        rec_id, session, runner = self.selected_id(), self._session, self._runner
        if rec_id is None or session is None or runner is None:
            return
        service = session.recommendations
        runner.run(lambda: shown_detail(service, rec_id), lambda shown: self.show_detail(*shown),
                   lambda _error: self.show_detail(None), owner=self,
                   channel="recommendations:detail")

    def show_detail(
        self, detail: RecommendationDetail | None, signable: frozenset[str] = frozenset()
    ) -> None:
        """Show a recommendation; ``signable``: the chairs' decisions of it this laptop
        may sign (RecommendationService.signable_events)."""
        self._detail = detail
        self._signable = signable if detail is not None else frozenset()
        if detail is None:
            self.details.setHtml("")
            self.history.setHtml("")
        else:
            self.details.setHtml(details_html(detail))
            self.history.setHtml(history_html(detail, self._signable))
        self._update_buttons()

    def _update_buttons(self) -> None:
        is_open = self._session is not None
        chosen = self._detail is not None and self._detail.record.id == self.selected_id()
        self.new_button.setEnabled(is_open)
        self.empty_new_button.setEnabled(is_open)
        self.edit_button.setEnabled(chosen)
        self.decision_button.setEnabled(chosen and bool(self._detail and self._detail.allowed))
        self.agenda_button.setEnabled(chosen and bool(self._detail and self._detail.allowed))
        pending = (pending_signature(self._detail, self._signable)
                   if chosen and self._detail else None)
        self.sign_button.setVisible(pending is not None)
        if pending is not None:
            self.sign_button.setText(
                "Re-sign as chair…" if earlier_scheme(pending) else "Sign as chair…")
        self.update_actions()

    # --- the window's menu -------------------------------------------------------------

    def connect_actions(self, actions: MenuCommands, show_page: Callable[[], None]) -> None:
        """Wire the Recommendations menu; ``show_page`` brings this page forward first.
        New recommendation… is the shell's (it shows this page, then calls
        ``new_recommendation``); Record decision… is this page's only while it is on show:
        on the minutes of an item considering a recommendation the shell gives it to the
        minutes."""
        self._actions, self._show_page = actions, show_page

        def on_page(command: Callable[[], None]) -> Callable[[], None]:
            def run() -> None:
                if self._session is None:
                    return
                if not self.isVisible() and self._show_page is not None:
                    self._show_page()
                command()
            return run

        def decision() -> None:
            if self.isVisible():
                self.record_decision()

        actions.edit_recommendation.triggered.connect(on_page(self.edit_selected))
        actions.record_decision.triggered.connect(decision)
        actions.put_on_agenda.triggered.connect(on_page(self.put_on_agenda))
        self.update_actions()

    def update_actions(self, elsewhere_can_decide: bool | None = None) -> None:
        """Enable the menu for this page; ``elsewhere_can_decide``: the minutes on show
        can take Record decision… (kept from the window's last say when not given)."""
        if elsewhere_can_decide is not None:
            self._elsewhere_can_decide = elsewhere_can_decide
        a = self._actions
        if a is None:
            return
        here = self.isVisible()
        chosen = self._detail is not None and bool(self._detail.allowed)
        a.new_recommendation.setEnabled(self._session is not None)
        a.edit_recommendation.setEnabled(here and self._detail is not None)
        a.put_on_agenda.setEnabled(here and chosen)
        a.record_decision.setEnabled((here and chosen) or self._elsewhere_can_decide)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.update_actions()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.update_actions()


def shown_detail(service: RecommendationService, rec_id: str | None) -> Shown:
    """Runs on the worker: a recommendation's detail and what this laptop may sign."""
    if rec_id is None:
        return None, frozenset()
    return service.detail(rec_id), service.signable_events(rec_id)
