"""Record decision…: one step on a recommendation's pathway, saved through
RecommendationService.record_event, its refusals shown beside the field at fault.

It offers only the steps the recommendation's state allows, so an invalid transition
cannot be chosen; if the state moved on meanwhile, the core's refusal shows beside the
Decision field. "Sign as <chair>" is offered only on a laptop whose certificate makes it
that chair's laptop for the deciding body, and signs with this laptop's key
(RecommendationService.record_event(sign_as=…)); elsewhere the decision is recorded
unsigned, and the form says why. Its choices come from
gui/recommendations/choices.py's ``decision_choices``, gathered on the worker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCompleter,
    QWidget,
)

from sen_desktop.core.recommendations import states as rs
from sen_desktop.gui.common.dialogs import ServiceDialog, setup_form
from sen_desktop.gui.forms.ui_decision_dialog import Ui_DecisionDialog

if TYPE_CHECKING:
    from collections.abc import Callable

    from sen_desktop.core.recommendations.records import (
        CertifiedChair,
        RecommendationDetail,
    )
    from sen_desktop.core.recommendations.service import RecommendationService
    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.recommendations.choices import DecisionChoices

_DATA = Qt.ItemDataRole.UserRole

SIGN_HINT = (
    "A chair's endorsement or approval counts only when it is signed on the laptop the "
    "programme lead certified as that chair's. Unsigned, it is recorded as “not signed "
    "by the chair” until the chair signs it there."
)
NOT_CERTIFIED_HINT = (
    "This laptop is not certified as the chair's laptop for {body}, so the decision is "
    "recorded unsigned: it counts once the chair signs it on their certified laptop."
)
NO_SIGN_HINT = "Only endorsements and approvals are signed by a chair."


# --- Record decision… --------------------------------------------------------------------


class DecisionDialog(ServiceDialog):
    """RecommendationService.record_event: one step on the pathway, at a meeting (with
    its minute number) or by a body, by a person, signed by the chair where it is an
    endorsement or approval and the chair is at this laptop."""

    def __init__(
        self,
        runner: TaskRunner,
        service: RecommendationService,
        choices: DecisionChoices,
        *,
        meeting_id: str | None = None,
        minute_number: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._service = service
        self._choices = choices
        self._fixed_meeting = meeting_id
        self._by_chosen = False  # the person changed "By" themselves
        self._setting_by = False
        self.ui = Ui_DecisionDialog()
        setup_form(self.ui, self)
        ui = self.ui
        self._bind(
            ui.button_box,
            ui.form_error,
            {
                "transition": (ui.transition_combo, ui.transition_error),
                "meeting_id": (ui.meeting_combo, ui.meeting_error),
                "body_code": (ui.body_combo, ui.body_error),
                "minute_number": (ui.minute_edit, ui.minute_error),
                "by_id": (ui.by_combo, ui.by_error),
                "note": (ui.note_edit, ui.note_error),
                "sign_as": (ui.sign_check, ui.sign_error),
            },
        )
        detail = choices.detail
        record = detail.record
        self.setWindowTitle(f"Record decision on {record.reference}")
        ui.context_label.setText(f"{record.reference}: {record.title}. Now: {detail.state_label}.")
        for transition in detail.allowed:
            ui.transition_combo.addItem(rs.transition_label(transition), transition)
        for code, name in choices.bodies:
            ui.body_combo.addItem(name, code)
        ui.by_combo.addItem("", None)
        for person in choices.people:
            ui.by_combo.addItem(person.name, person.id)
        completer = QCompleter(ui.by_combo.model(), ui.by_combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        ui.by_combo.setCompleter(completer)
        line = ui.by_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText("Who decided (the chair, for a signed decision)")
        ui.by_combo.currentIndexChanged.connect(lambda _i: self._by_changed())
        ui.by_combo.editTextChanged.connect(lambda _t: self._by_changed())
        ui.minute_edit.setText(minute_number)
        ui.transition_combo.currentIndexChanged.connect(lambda _i: self._transition_changed())
        ui.sign_check.toggled.connect(lambda _on: self.clear_errors())
        ui.body_combo.currentIndexChanged.connect(lambda _i: self._update_signing())
        if not detail.allowed:
            self.show_error(f"{record.reference} is {detail.state_label}: no further steps.")
            self.save_button.setEnabled(False)
        else:
            ui.transition_combo.setCurrentIndex(self._default_transition())
        self._transition_changed()
        ui.transition_combo.setFocus()
        # Width first: the wrapped hint's height depends on it.
        self.setMinimumWidth(600)
        self.adjustSize()

    # --- choices that follow the decision --------------------------------------------

    def transition(self) -> str | None:
        value = self.ui.transition_combo.currentData()
        return value if isinstance(value, str) else None

    def _stage(self) -> str | None:
        transition = self.transition()
        if transition is None:
            return None
        return rs.decision_stage(self._choices.detail.state, transition)

    def _deciding_group(self) -> str | None:
        stage = self._stage()
        if stage == rs.STAGE_WORKING_GROUP:
            return self._choices.detail.record.group_id
        if stage == rs.STAGE_STEERING_GROUP:
            return self._choices.steering_id
        return None

    def _default_transition(self) -> int:
        """At a meeting, the first step taken by the body that meets (an SG meeting
        endorses; a working group's meeting agrees); else the first step offered."""
        meeting = next((m for m in self._choices.meetings if m.id == self._fixed_meeting), None)
        if meeting is None:
            return 0
        detail = self._choices.detail
        for index, transition in enumerate(detail.allowed):
            stage = rs.decision_stage(detail.state, transition)
            if stage == rs.STAGE_WORKING_GROUP and meeting.group_id == detail.record.group_id:
                return index
            if stage == rs.STAGE_STEERING_GROUP and meeting.group_id == self._choices.steering_id:
                return index
        return 0

    def _transition_changed(self) -> None:
        ui = self.ui
        transition = self.transition()
        stage = self._stage()
        self.clear_errors()
        self._fill_meetings(stage)
        smt = stage == rs.STAGE_SMT
        for widget in (ui.body_label, ui.body_combo):
            widget.setVisible(smt)
        if smt and ui.body_combo.currentIndex() < 0:
            ui.body_combo.setCurrentIndex(0)
        # A refusal needs its reason and an amendment its text (the decision report
        # prints them); the label, name and hint say which.
        required = transition in rs.REASON_REQUIRED
        if not required:
            ui.note_label.setText("&Note:")
            ui.note_edit.setAccessibleName("Note")
            ui.note_edit.setPlaceholderText("Optional")
        else:
            amending = transition in rs.AMENDING_TRANSITIONS
            ui.note_label.setText("&Amendments (required):" if amending
                                  else "&Reason (required):")
            ui.note_edit.setAccessibleName(rs.NOTE_LABELS.get(str(transition), "Note"))
            ui.note_edit.setPlaceholderText(
                "What the working group should change" if transition == rs.T_REFERRED_BACK
                else rs.NOTE_REQUIRED[str(transition)]
            )
        if not self._by_chosen:
            chair = self._choices.chairs.get(self._deciding_group() or "")
            certified = self._certified_chair(None)
            self._set_by(certified.person_id if certified is not None else chair)
        self._update_signing()

    def _fill_meetings(self, stage: str | None) -> None:
        combo = self.ui.meeting_combo
        chosen = combo.currentData() if combo.count() else self._fixed_meeting
        detail = self._choices.detail
        own, steering = detail.record.group_id, self._choices.steering_id
        wanted: set[str | None] = {own, steering}
        if stage == rs.STAGE_WORKING_GROUP:
            wanted = {own}
        elif stage == rs.STAGE_STEERING_GROUP:
            wanted = {steering, own} if self.transition() == rs.T_SUBMITTED_TO_SG else {steering}
        elif stage == rs.STAGE_SMT:
            wanted = set()  # SMT and Members are bodies without meetings in the programme
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("Not at a meeting", None)
        for meeting in self._choices.meetings:
            if meeting.group_id in wanted or meeting.id == self._fixed_meeting:
                combo.addItem(meeting.label, meeting.id)
        combo.setCurrentIndex(max(combo.findData(chosen), 0))
        combo.blockSignals(False)

    def _set_by(self, person_id: str | None) -> None:
        combo = self.ui.by_combo
        self._setting_by = True
        try:
            index = combo.findData(person_id) if person_id else 0
            combo.setCurrentIndex(max(index, 0))
        finally:
            self._setting_by = False

    def _by_changed(self) -> None:
        if not self._setting_by:
            self._by_chosen = True
        self._update_signing()

    # --- signing: only where this laptop is certified as the chair's ------------------

    def _deciding_body(self) -> tuple[str, str] | None:
        """(code, name) of the body whose chair decides the chosen step."""
        stage = self._stage()
        record = self._choices.detail.record
        if stage == rs.STAGE_WORKING_GROUP:
            return record.group_code, record.group_name
        if stage == rs.STAGE_STEERING_GROUP and self._choices.steering_code:
            return self._choices.steering_code, self._choices.steering_name
        if stage == rs.STAGE_SMT:
            code = self.ui.body_combo.currentData()
            if isinstance(code, str):
                return code, self.ui.body_combo.currentText()
        return None

    def _certified_chair(self, person_id: str | None) -> CertifiedChair | None:
        """The role this laptop's certificate gives it for the deciding body (for
        ``person_id``, or for anyone when None), if any."""
        body = self._deciding_body()
        if body is None:
            return None
        for chair in self._choices.certified:
            if chair.body_code == body[0] and person_id in (None, chair.person_id):
                return chair
        return None

    def signing_chair(self) -> CertifiedChair | None:
        """The chair "Sign as" signs for, when this laptop may sign the chosen step."""
        if self.transition() not in rs.SIGNED_TRANSITIONS:
            return None
        known, by = self.by_id()
        if not known:
            return None
        return self._certified_chair(by)

    def _update_signing(self) -> None:
        ui = self.ui
        signed = self.transition() in rs.SIGNED_TRANSITIONS
        chair = self.signing_chair()
        ui.sign_check.setVisible(chair is not None)
        ui.sign_check.setEnabled(chair is not None)
        if chair is None:
            ui.sign_check.setChecked(False)
            body = self._deciding_body()
            hint = NO_SIGN_HINT if not signed else NOT_CERTIFIED_HINT.format(
                body=f"the {body[1]}" if body else "the deciding body")
        else:
            ui.sign_check.setText(
                f"Sign as {chair.person_name} (this laptop is certified as chair of the "
                f"{chair.body_name})")
            hint = SIGN_HINT
        ui.sign_check.setAccessibleName(ui.sign_check.text() if chair else "Sign as chair")
        ui.sign_hint.setText(hint)

    def by_id(self) -> tuple[bool, str | None]:
        """(understood, person id): a typed name must be one of the people listed."""
        combo = self.ui.by_combo
        text = combo.currentText().strip()
        if not text:
            return True, None
        index = combo.findText(text, Qt.MatchFlag.MatchFixedString)
        person = combo.itemData(index, _DATA) if index >= 0 else None
        return (True, person) if isinstance(person, str) else (False, None)

    # --- saving ----------------------------------------------------------------------

    def _work(self) -> Callable[[], RecommendationDetail] | None:
        ui = self.ui
        transition = self.transition()
        if transition is None:
            self.show_error("Choose the decision to record.", "transition")
            return None
        known, by = self.by_id()
        if not known:
            self.show_error("Choose a person from the list, or leave it empty.", "by_id")
            return None
        sign_as = None
        if ui.sign_check.isChecked():
            chair = self.signing_chair()
            if chair is None:
                self.show_error("Choose the chair who signs in “By”.", "sign_as")
                return None
            sign_as = by = chair.person_id
        meeting_id = ui.meeting_combo.currentData()
        body = ui.body_combo.currentData() if ui.body_combo.isVisibleTo(self) else None
        minute, note = ui.minute_edit.text(), ui.note_edit.toPlainText()
        service, rec_id = self._service, self._choices.detail.record.id
        return lambda: service.record_event(
            rec_id, transition, meeting_id=meeting_id, minute_number=minute, by_id=by,
            body_code=body, note=note, sign_as=sign_as,
        )
