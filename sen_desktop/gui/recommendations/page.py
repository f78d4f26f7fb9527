"""The Recommendations page: every recommendation with its state and whether its chair's
decision verifies, filtered by group and state; beneath, the chosen one's front facts
(with the approved version beside any changes since) and its history and pathway.

Service calls run on the window's TaskRunner: the list, each one's latest chair's
decision and the chosen one's detail come back together, so the page paints whole; a
result that arrives after a newer request is dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.recommendations.records import RecommendationDetail, RecommendationRecord
from sen_desktop.core.records import GroupSummary
from sen_desktop.gui.action_log.page import run_guarded
from sen_desktop.gui.common.flow_layout import FlowLayout
from sen_desktop.gui.common.tasks import TaskRunner
from sen_desktop.gui.common.widgets import (
    at_least_rows,
    label,
    list_over_panes,
    page_layout,
    reading_pane,
    record_table,
)
from sen_desktop.gui.recommendations.detail import (
    details_html,
    earlier_scheme,
    history_html,
    pending_signature,
)
from sen_desktop.gui.recommendations.dialogs import (
    RECOMMENDING_KINDS,
    AgendaDialog,
    DecisionChoices,
    DecisionDialog,
    MeetingChoice,
    RecommendationChoices,
    RecommendationDialog,
    decision_choices,
    recommendation_choices,
    upcoming_meetings,
)
from sen_desktop.gui.recommendations.models import RecommendationListModel, RecommendationRow

if TYPE_CHECKING:
    from sen_desktop.core.recommendations.service import RecommendationService
    from sen_desktop.gui.shell.menus import Actions
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


class RecommendationsPage(QWidget):
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
        self._request = 0
        self._detail_request = 0
        self._detail: RecommendationDetail | None = None
        self._signable: frozenset[str] = frozenset()
        self._actions: Actions | None = None
        self._show_page: Callable[[], None] | None = None
        self._elsewhere_can_decide = False
        self.dialog: QDialog | None = None  # the dialog last opened, for tests

        self.heading = label("Recommendations", role="heading")
        self.summary = label("", role="facts")
        self.summary.setAccessibleName("Number of recommendations shown")
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
        self.empty_message.setAccessibleName(EMPTY_HEADING)
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
        self._detail_timer = QTimer(self)
        self._detail_timer.setSingleShot(True)
        self._detail_timer.setInterval(120)
        self._detail_timer.timeout.connect(self._load_detail)
        self._layout()
        self._update_buttons()

    # --- building ----------------------------------------------------------------------

    def _setup_table(self) -> None:
        table = self.table
        table.setModel(self.model)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        vertical = table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(table.fontMetrics().height() + 8)  # app.qss: 3px pad
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in _WIDTHS.items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(RecommendationListModel.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        table.selectionModel().currentRowChanged.connect(self._current_changed)
        table.activated.connect(lambda _index: self.edit_selected())

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

    def open(
        self,
        runner: TaskRunner,
        session: OpenProgramme,
        groups: Sequence[GroupSummary],
        today: dt.date | None = None,
        showcase: bool = False,
    ) -> None:
        """Show the recommendations of ``session`` (reloading if already showing);
        ``showcase`` chooses one with a history (for ``--view recommendations``)."""
        self._runner, self._session, self._today = runner, session, today
        self._set_groups(groups)
        self.reload(showcase=showcase and self.selected_id() is None)

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
        session = self._session
        if session is None:
            return
        self._request += 1
        request = self._request
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
            return rows, any_at_all, _shown(service, chosen)

        def show(result: Fetched) -> None:
            if request == self._request:
                self._show_rows(*result)

        self.summary.setText("Loading…")
        run_guarded(self._runner, fetch, show, self)

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
            self._detail_request += 1  # a request on its way is no longer needed
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

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_buttons()
        self.selection_changed.emit()
        if current.isValid():
            self._detail_timer.start()

    def _load_detail(self) -> None:
        rec_id, session = self.selected_id(), self._session
        if rec_id is None or session is None:
            return
        self._detail_request += 1
        request = self._detail_request
        service = session.recommendations

        def show(shown: Shown) -> None:
            if request == self._detail_request:
                self.show_detail(*shown)

        def missing(_error: Exception) -> None:
            if request == self._detail_request:
                self.show_detail(None)

        run_guarded(self._runner, lambda: _shown(service, rec_id), show, self, missing)

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

    def connect_actions(
        self,
        actions: Actions,
        show_page: Callable[[], None],
        elsewhere: Callable[[], bool] | None = None,
    ) -> None:
        """Wire the Recommendations menu; ``show_page`` brings this page forward first.
        ``elsewhere`` answers Record decision… where another page can (the minutes of
        an item considering a recommendation) and says whether it did."""
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
            if elsewhere is not None and not self.isVisible() and elsewhere():
                return
            if self.isVisible():
                self.record_decision()

        actions.new_recommendation.triggered.connect(on_page(self.new_recommendation))
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

    # --- editing -----------------------------------------------------------------------

    def _open_dialog(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def new_recommendation(self) -> None:
        """New recommendation…: a draft for the group filtered on (or chosen in the form)."""
        session = self._session
        if session is None:
            return
        group_id = self.group_filter.currentData()

        def show(choices: RecommendationChoices) -> None:
            assert self._runner is not None
            dialog = RecommendationDialog(self._runner, session.recommendations, choices,
                                          group_id=group_id, parent=self.window())
            dialog.saved.connect(self._saved)
            self._open_dialog(dialog)

        run_guarded(self._runner, lambda: recommendation_choices(session), show, self)

    def edit_selected(self) -> None:
        """Edit recommendation…: the chosen one, fetched fresh."""
        rec_id, session = self.selected_id(), self._session
        if rec_id is None or session is None:
            return
        service = session.recommendations

        def fetch() -> tuple[RecommendationChoices, RecommendationDetail]:
            return recommendation_choices(session), service.detail(rec_id)

        def show(result: tuple[RecommendationChoices, RecommendationDetail]) -> None:
            choices, detail = result
            assert self._runner is not None
            dialog = RecommendationDialog(self._runner, service, choices, detail.record,
                                          state_label=detail.state_label, parent=self.window())
            dialog.saved.connect(self._saved)
            self._open_dialog(dialog)

        run_guarded(self._runner, fetch, show, self)

    def record_decision(self) -> None:
        """Record decision…: the next step for the chosen recommendation."""
        rec_id, session = self.selected_id(), self._session
        if rec_id is None or session is None:
            return
        today = self._today

        def show(choices: DecisionChoices) -> None:
            assert self._runner is not None
            dialog = DecisionDialog(self._runner, session.recommendations, choices,
                                    parent=self.window())
            dialog.saved.connect(self._saved)
            self._open_dialog(dialog)

        run_guarded(self._runner, lambda: decision_choices(session, rec_id, today), show, self)

    def put_on_agenda(self) -> None:
        """Put on agenda of…: an upcoming meeting of its group or the Steering Group."""
        rec_id, session = self.selected_id(), self._session
        if rec_id is None or session is None:
            return
        service = session.recommendations

        def fetch() -> tuple[RecommendationRecord, list[MeetingChoice]]:
            record = service.get(rec_id)
            return record, upcoming_meetings(session, record)

        def show(result: tuple[RecommendationRecord, list[MeetingChoice]]) -> None:
            record, meetings = result
            assert self._runner is not None
            dialog = AgendaDialog(self._runner, service, record, meetings, parent=self.window())
            labels = {m.id: m.label for m in meetings}

            def done(_item_id: Any) -> None:
                meeting = labels.get(dialog.meeting_combo.currentData(), "the meeting")
                self.status_message.emit(f"{record.reference} is on the agenda of {meeting}.")
                self.reload(keep_id=record.id)

            dialog.saved.connect(done)
            self._open_dialog(dialog)

        run_guarded(self._runner, fetch, show, self)

    def sign_pending(self) -> None:
        """Sign as chair… (Re-sign as chair…): on the laptop certified as the chair's,
        sign the decision recorded for them unsigned, or re-sign one signed under the
        earlier scheme (RecommendationService.sign_decision)."""
        detail, session = self._detail, self._session
        event = pending_signature(detail, self._signable) if detail is not None else None
        if detail is None or event is None or event.by_id is None or session is None:
            return
        reference, person = detail.record.reference, event.by_id
        where = f" at {event.meeting_label}" if event.meeting_label else ""
        again = earlier_scheme(event)
        verb = "Re-sign" if again else "Sign"
        title = f"{verb} as chair"
        box = QMessageBox(
            QMessageBox.Icon.Question, title,
            f"{verb} “{event.transition_label}” of {reference}{where} as {event.by_name}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self.window())
        box.setInformativeText(
            f"This laptop is certified as {event.by_name}'s laptop as chair of "
            f"{event.body_name or 'the deciding body'}; the signature is made with this "
            "laptop's own key."
            + (" It replaces the signature made under the earlier scheme, which no longer "
               "counts." if again else ""))
        box.button(QMessageBox.StandardButton.Yes).setText(f"&{verb}")
        service, event_id = session.recommendations, event.id

        def answered(result: int) -> None:
            if result != QMessageBox.StandardButton.Yes:
                return

            def refused(error: Exception) -> None:
                message = getattr(error, "message", None) or f"It could not be signed: {error}"
                failed = QMessageBox(QMessageBox.Icon.Warning, title, message,
                                     QMessageBox.StandardButton.Ok, self.window())
                self._open_dialog(failed)

            run_guarded(self._runner, lambda: service.sign_decision(event_id, person),
                        self._saved, self, refused)

        box.finished.connect(answered)
        self._open_dialog(box)

    def _saved(self, result: object) -> None:
        self.recommendation_saved.emit(result)
        record = getattr(result, "record", result)
        rec_id = getattr(record, "id", None)
        reference = getattr(record, "reference", "")
        if isinstance(result, RecommendationDetail):
            self.status_message.emit(f"{reference} is now {result.state_label}.")
        elif reference:
            self.status_message.emit(f"Saved {reference}.")
        self.reload(keep_id=rec_id if isinstance(rec_id, str) else None)


def _shown(service: RecommendationService, rec_id: str | None) -> Shown:
    """Runs on the worker: a recommendation's detail and what this laptop may sign."""
    if rec_id is None:
        return None, frozenset()
    return service.detail(rec_id), service.signable_events(rec_id)
