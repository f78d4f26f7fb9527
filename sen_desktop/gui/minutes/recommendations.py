"""Recommendations in the minute-taking view: an agenda item that considers one shows
"Recommendation BESD-R3: <title> — <state>", the decisions recorded at this meeting,
and Record decision… (Ctrl+Shift+D), which opens the decision form with this meeting
and the item's minute number filled in.

``RecommendationPanel`` is the widget (built into ``MinutesView``); ``MinuteRecommendations``
is a mixin of ``MinutesPage`` that loads what the meeting considers and records
decisions, kept apart so the minutes modules stay one sitting's read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from sen_desktop.gui.common.widgets import label
from sen_desktop.gui.recommendations.choices import DecisionChoices, decision_choices
from sen_desktop.gui.recommendations.decision_dialog import DecisionDialog
from sen_desktop.gui.recommendations.detail import decision_line

if TYPE_CHECKING:
    from sen_desktop.core.recommendations.records import EventView, RecommendationSummary
    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.minutes.state import MeetingState
    from sen_desktop.gui.shell.session import OpenProgramme

RECORD_DECISION_KEY = "Ctrl+Shift+D"


@dataclass
class Considered:
    """What the open meeting's agenda items consider, and the steps taken at it."""

    meeting_id: str = ""
    by_item: dict[str, RecommendationSummary] = field(default_factory=dict)
    events: dict[str, tuple[EventView, ...]] = field(default_factory=dict)  # by rec id


class RecommendationPanel(QFrame):
    """The recommendation an agenda item considers, and the decisions taken on it."""

    record_requested = Signal()
    #: What the panel shows changed (another item, or what the meeting considers).
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recommendation_panel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.considered = Considered()
        self.heading = label("", wrap=True)
        bold = self.heading.font()
        bold.setBold(True)
        self.heading.setFont(bold)
        self.heading.setAccessibleDescription("Recommendation considered")
        self.decisions = label("", wrap=True)
        self.decisions.setAccessibleDescription("Decisions recorded at this meeting")
        self.decisions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.record_button = QPushButton("Record decision…")
        self.record_button.setAccessibleName("Record a decision on this recommendation")
        self.record_button.setToolTip(f"Record a decision on this recommendation "
                                      f"({RECORD_DECISION_KEY})")
        self.key_hint = label(RECORD_DECISION_KEY, role="facts")
        self.record_button.clicked.connect(self.record_requested.emit)
        row = QHBoxLayout()
        row.addWidget(self.record_button)
        row.addWidget(self.key_hint)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 8)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.decisions)
        layout.addLayout(row)
        self.hide()

    def show_item(self, item_id: str | None) -> None:
        summary = self.considered.by_item.get(item_id or "")
        if summary is None:
            self.hide()
            self.changed.emit()
            return
        self.heading.setText(
            f"Recommendation {summary.reference}: {summary.title} — {summary.state_label}")
        events = self.considered.events.get(summary.id, ())
        lines = [decision_line(e) for e in events]
        self.decisions.setText("\n".join(lines) if lines
                               else "No decision recorded at this meeting yet.")
        self.show()
        self.changed.emit()

    def summary(self, item_id: str | None) -> RecommendationSummary | None:
        return self.considered.by_item.get(item_id or "")


if TYPE_CHECKING:
    # For the type checker the mixin is the page's QWidget (its owner for the worker).
    _PageWidget = QWidget
else:
    _PageWidget = object


class MinuteRecommendations(_PageWidget):
    """The recommendation part of ``MinutesPage``."""

    if TYPE_CHECKING:  # provided by MinutesPage and MinutesView
        session: OpenProgramme | None
        runner: TaskRunner
        recommendation_panel: RecommendationPanel
        _meeting: MeetingState | None
        _current: str | None

        def window(self) -> QWidget: ...
        def isVisible(self) -> bool: ...
        def _structural_change_failed(self, error: Exception) -> None: ...

    decision_dialog: QDialog | None = None  # the decision form last opened, for tests

    def _load_recommendations(self) -> None:
        """Fetch what the open meeting's items consider and the steps taken at it."""
        if self._meeting is None or self.session is None:
            return
        meeting_id = self._meeting.minutes.meeting_id
        service = self.session.recommendations

        def fetch() -> Considered:
            by_item = service.agenda_items(meeting_id)
            events = {}
            for summary in {s.id: s for s in by_item.values()}.values():
                detail = service.detail(summary.id)
                events[summary.id] = tuple(e for e in detail.events if e.meeting_id == meeting_id)
            return Considered(meeting_id, by_item, events)

        def show(considered: Considered) -> None:
            self.recommendation_panel.considered = considered
            self._show_recommendation()

        # The newest meeting's answer only: one loaded meanwhile replaces this question.
        self.runner.run(fetch, show, self._structural_change_failed,
                        channel="minutes:recommendations", owner=self)

    def _show_recommendation(self) -> None:
        self.recommendation_panel.show_item(self._current)

    def can_record_decision(self) -> bool:
        """The item on show considers a recommendation."""
        return self.isVisible() and self.recommendation_panel.summary(self._current) is not None

    def record_decision(self) -> bool:
        """Record decision… on the item's recommendation, at this meeting, under the
        item's minute number; says whether there was one to record on."""
        summary = self.recommendation_panel.summary(self._current)
        meeting, session = self._meeting, self.session
        if summary is None or meeting is None or session is None or self._current is None:
            return False
        state = meeting.items.get(self._current)
        minute = str(state.minutes.minute_number) if state is not None else ""
        meeting_id, rec_id = meeting.minutes.meeting_id, summary.id

        def show(choices: DecisionChoices) -> None:
            dialog = DecisionDialog(self.runner, session.recommendations, choices,
                                    meeting_id=meeting_id, minute_number=minute,
                                    parent=self.window())
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.saved.connect(lambda _detail: self._load_recommendations())
            self.decision_dialog = dialog
            dialog.open()

        self.runner.run(lambda: decision_choices(session, rec_id), show,
                        self._structural_change_failed, owner=self)
        return True
