"""The Recommendations page's forms: New/Edit recommendation…, Record decision…, Put on
agenda of… and Sign as chair….

A mixin of ``RecommendationsPage`` (gui/recommendations/page.py), split out to keep that
module readable in one sitting; the names below the class line are the page's, declared
so that the type checker knows what these methods use. Each form's choices are gathered
on the worker first (gui/recommendations/choices.py), then the form opens window-modal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtWidgets import QComboBox, QDialog, QMessageBox, QWidget

from sen_desktop.core.recommendations.records import RecommendationDetail, RecommendationRecord
from sen_desktop.gui.recommendations.choices import (
    DecisionChoices,
    MeetingChoice,
    RecommendationChoices,
    decision_choices,
    recommendation_choices,
    upcoming_meetings,
)
from sen_desktop.gui.recommendations.decision_dialog import DecisionDialog
from sen_desktop.gui.recommendations.detail import earlier_scheme, pending_signature
from sen_desktop.gui.recommendations.dialogs import AgendaDialog, RecommendationDialog

if TYPE_CHECKING:
    import datetime as dt

    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.shell.session import OpenProgramme

    _Base = QWidget
else:
    _Base = object  # the page brings QWidget itself


class RecommendationEditing(_Base):
    """The forms of the Recommendations page."""

    _runner: TaskRunner | None
    _session: OpenProgramme | None
    _today: dt.date | None
    _detail: RecommendationDetail | None
    _signable: frozenset[str]
    dialog: QDialog | None
    group_filter: QComboBox

    if TYPE_CHECKING:  # the page's own, declared for the type checker only
        recommendation_saved: SignalInstance
        status_message: SignalInstance

        def selected_id(self) -> str | None: ...

        def reload(self, keep_id: str | None = None, showcase: bool = False) -> None: ...

    def _open_dialog(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def new_recommendation(self) -> None:
        """New recommendation…: a draft for the group filtered on (or chosen in the form)."""
        session, runner = self._session, self._runner
        if session is None or runner is None:
            return
        group_id = self.group_filter.currentData()

        def show(choices: RecommendationChoices) -> None:
            dialog = RecommendationDialog(runner, session.recommendations, choices,
                                          group_id=group_id, parent=self.window())
            dialog.saved.connect(self._saved)
            self._open_dialog(dialog)

        runner.run(lambda: recommendation_choices(session), show, owner=self)

    def edit_selected(self) -> None:
        """Edit recommendation…: the chosen one, fetched fresh."""
        rec_id, session, runner = self.selected_id(), self._session, self._runner
        if rec_id is None or session is None or runner is None:
            return
        service = session.recommendations

        def fetch() -> tuple[RecommendationChoices, RecommendationDetail]:
            return recommendation_choices(session), service.detail(rec_id)

        def show(result: tuple[RecommendationChoices, RecommendationDetail]) -> None:
            choices, detail = result
            dialog = RecommendationDialog(runner, service, choices, detail.record,
                                          state_label=detail.state_label, parent=self.window())
            dialog.saved.connect(self._saved)
            self._open_dialog(dialog)

        runner.run(fetch, show, owner=self)

    def record_decision(self) -> None:
        """Record decision…: the next step for the chosen recommendation."""
        rec_id, session, runner = self.selected_id(), self._session, self._runner
        if rec_id is None or session is None or runner is None:
            return
        today = self._today

        def show(choices: DecisionChoices) -> None:
            dialog = DecisionDialog(runner, session.recommendations, choices,
                                    parent=self.window())
            dialog.saved.connect(self._saved)
            self._open_dialog(dialog)

        runner.run(lambda: decision_choices(session, rec_id, today), show, owner=self)

    def put_on_agenda(self) -> None:
        """Put on agenda of…: an upcoming meeting of its group or the Steering Group."""
        rec_id, session, runner = self.selected_id(), self._session, self._runner
        if rec_id is None or session is None or runner is None:
            return
        service = session.recommendations

        def fetch() -> tuple[RecommendationRecord, list[MeetingChoice]]:
            record = service.get(rec_id)
            return record, upcoming_meetings(session, record)

        def show(result: tuple[RecommendationRecord, list[MeetingChoice]]) -> None:
            record, meetings = result
            dialog = AgendaDialog(runner, service, record, meetings, parent=self.window())
            labels = {m.id: m.label for m in meetings}

            def done(_item_id: Any) -> None:
                meeting = labels.get(dialog.meeting_combo.currentData(), "the meeting")
                self.status_message.emit(f"{record.reference} is on the agenda of {meeting}.")
                self.reload(keep_id=record.id)

            dialog.saved.connect(done)
            self._open_dialog(dialog)

        runner.run(fetch, show, owner=self)

    def sign_pending(self) -> None:
        """Sign as chair… (Re-sign as chair…): on the laptop certified as the chair's,
        sign the decision recorded for them unsigned, or re-sign one signed under the
        earlier scheme (RecommendationService.sign_decision)."""
        detail, session, runner = self._detail, self._session, self._runner
        event = pending_signature(detail, self._signable) if detail is not None else None
        if (detail is None or event is None or event.by_id is None or session is None
                or runner is None):
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

            runner.run(lambda: service.sign_decision(event_id, person), self._saved, refused,
                       owner=self)

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
