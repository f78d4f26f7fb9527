"""New/Edit recommendation…, Record decision… and Put on agenda of…: forms that save
through RecommendationService, showing its refusals beside the field at fault.

What the forms offer (groups with their remit points, districts, meetings, people,
chairs, bodies) is gathered on the worker first by ``recommendation_choices`` and
``decision_choices``; the forms themselves never wait on the database.

Record decision… offers only the steps the recommendation's state allows, so an
invalid transition cannot be chosen; if the state moved on meanwhile, the core's
refusal shows beside the Decision field. "Sign as <chair>" is offered only on a laptop
whose certificate makes it that chair's laptop for the deciding body, and signs with
this laptop's key (RecommendationService.record_event(sign_as=…)); elsewhere the
decision is recorded unsigned, and the form says why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core.dates import uk_date
from sen_desktop.core.errors import SenError
from sen_desktop.core.programme.data import DISTRICTS
from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.recommendations.records import (
    DIMENSIONS,
    TIER_LABELS,
    CertifiedChair,
    RecommendationDetail,
    RecommendationRecord,
)
from sen_desktop.core.records import RemitPoint
from sen_desktop.gui.common.dialogs import ServiceDialog, setup_form
from sen_desktop.gui.common.tasks import TaskRunner
from sen_desktop.gui.common.widgets import label
from sen_desktop.gui.forms.ui_decision_dialog import Ui_DecisionDialog
from sen_desktop.gui.forms.ui_recommendation_dialog import Ui_RecommendationDialog

if TYPE_CHECKING:
    from sen_desktop.core.recommendations.service import RecommendationService
    from sen_desktop.gui.shell.session import OpenProgramme

_DATA = Qt.ItemDataRole.UserRole
_CHECKED = Qt.CheckState.Checked
_UNCHECKED = Qt.CheckState.Unchecked
RECOMMENDING_KINDS = ("working", "reference")

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


# --- what the forms offer, gathered on the worker ---------------------------------------


@dataclass(frozen=True)
class GroupChoice:
    id: str
    code: str
    name: str
    dimension: str | None
    remit: tuple[RemitPoint, ...]


@dataclass(frozen=True)
class RecommendationChoices:
    groups: tuple[GroupChoice, ...]  # the working groups and the reference group
    districts: tuple[str, ...]  # the "districts" programme setting


def recommendation_choices(session: OpenProgramme) -> RecommendationChoices:
    """Runs on the worker."""
    programme = session.programme
    groups = []
    for summary in programme.list_groups():
        if summary.kind in RECOMMENDING_KINDS:
            detail = programme.group(summary.id)
            groups.append(GroupChoice(summary.id, summary.code, summary.name,
                                      summary.dimension, detail.remit))
    try:
        stored = programme.setting("districts")
    except SenError:
        stored = None
    districts = tuple(str(d) for d in stored) if isinstance(stored, list) else DISTRICTS
    return RecommendationChoices(tuple(groups), districts)


@dataclass(frozen=True)
class MeetingChoice:
    id: str
    group_id: str
    label: str  # "SG meeting 3, 1 October 2010"
    date: dt.date


@dataclass(frozen=True)
class PersonChoice:
    id: str
    name: str


@dataclass(frozen=True)
class DecisionChoices:
    detail: RecommendationDetail
    steering_id: str | None  # the group its group reports to
    meetings: tuple[MeetingChoice, ...]  # its group's and the Steering Group's, newest first
    bodies: tuple[tuple[str, str], ...]  # (code, name) beyond the groups: SMT …
    people: tuple[PersonChoice, ...]
    chairs: Mapping[str, str]  # group id -> the person in its chair today
    # The chairs this laptop's certificate lets it sign for (none on most laptops).
    certified: tuple[CertifiedChair, ...] = ()
    steering_code: str = ""  # the code of the group its group reports to ("SG")
    steering_name: str = ""


def meeting_label(code: str, number: int, day: dt.date) -> str:
    return f"{code} meeting {number}, {uk_date(day)}"


def _meetings(session: OpenProgramme, group_ids: Sequence[str], when: str) -> list[MeetingChoice]:
    found = []
    for group_id in group_ids:
        for m in session.meetings.list_meetings(group_id, when):
            if m.status != "cancelled":
                found.append(MeetingChoice(m.id, m.group_id,
                                           meeting_label(m.group_code, m.number, m.date), m.date))
    return found


def decision_choices(
    session: OpenProgramme, recommendation_id: str, today: dt.date | None = None
) -> DecisionChoices:
    """Runs on the worker."""
    detail = session.recommendations.detail(recommendation_id)
    group_id = detail.record.group_id
    group = session.programme.group(group_id, on=today)
    steering_id = group.reports_to_id
    steering = session.programme.group(steering_id, on=today) if steering_id else None
    ids = [group_id] + ([steering_id] if steering_id else [])
    chairs: dict[str, str] = {}
    for gid in ids:
        seats = group.seats if gid == group_id else (steering.seats if steering else ())
        chair = next((s.holder for s in seats if s.is_chair and s.holder is not None), None)
        if chair is not None:
            chairs[gid] = chair.person_id
    meetings = sorted(_meetings(session, ids, "all"), key=lambda m: m.date, reverse=True)
    people = tuple(PersonChoice(p.id, p.full_name) for p in session.people.list_people())
    return DecisionChoices(detail, steering_id, tuple(meetings),
                           tuple(session.recommendations.bodies()), people, chairs,
                           tuple(session.recommendations.signing_roles()),
                           steering.code if steering else "", steering.name if steering else "")


def upcoming_meetings(session: OpenProgramme, record: RecommendationRecord) -> list[MeetingChoice]:
    """Runs on the worker: the meetings of its group and the Steering Group still to come."""
    group = session.programme.group(record.group_id)
    ids = [record.group_id] + ([group.reports_to_id] if group.reports_to_id else [])
    return sorted(_meetings(session, ids, "upcoming"), key=lambda m: (m.date, m.label))


def _checked_data(widget: Any) -> list[str]:
    return [
        str(widget.item(row).data(_DATA))
        for row in range(widget.count())
        if widget.item(row).checkState() == _CHECKED
    ]


# --- New recommendation… / Edit recommendation… -------------------------------------------


class RecommendationDialog(ServiceDialog):
    """RecommendationService.create, or .update of the fields changed."""

    def __init__(
        self,
        runner: TaskRunner,
        service: RecommendationService,
        choices: RecommendationChoices,
        record: RecommendationRecord | None = None,
        *,
        group_id: str | None = None,
        state_label: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._service = service
        self._choices = choices
        self._record = record
        self.ui = Ui_RecommendationDialog()
        setup_form(self.ui, self)
        ui = self.ui
        self._bind(
            ui.button_box,
            ui.form_error,
            {
                "group_id": (ui.group_combo, ui.group_error),
                "title": (ui.title_edit, ui.title_error),
                "text": (ui.text_edit, ui.text_error),
                "rationale": (ui.rationale_edit, ui.rationale_error),
                "dimension": (ui.dimension_combo, ui.dimension_error),
                "tier": (ui.tier_combo, ui.tier_error),
                "districts": (ui.districts_list, ui.districts_error),
                "remit_item_ids": (ui.remit_list, ui.remit_error),
                "financial": (ui.financial_edit, ui.financial_error),
                "legal": (ui.legal_edit, ui.legal_error),
                "equality": (ui.equality_edit, ui.equality_error),
                "data_protection": (ui.data_protection_edit, ui.data_protection_error),
                "reference_group_view": (ui.reference_view_edit, ui.reference_view_error),
                "key_decision": (ui.key_decision_check, ui.decision_error),
            },
            aliases={"decision_no": "key_decision"},
        )
        self._fill_choices()
        ui.group_combo.currentIndexChanged.connect(lambda _i: self._group_changed())
        ui.particular_radio.toggled.connect(ui.districts_list.setEnabled)
        if record is None:
            self.setWindowTitle("New recommendation")
            ui.context_label.setText(
                "A working group or the Parent/Carer Reference Group raises a "
                "recommendation as a draft; it then goes to the Steering Group.")
            index = ui.group_combo.findData(group_id) if group_id else 0
            ui.group_combo.setCurrentIndex(max(index, 0))
            self._group_changed()
        else:
            self._show_record(record, state_label)
        ui.districts_list.setEnabled(ui.particular_radio.isChecked())
        ui.title_edit.setFocus()
        self.save_button.setDefault(False)  # Enter in a text box must not save

    def _fill_choices(self) -> None:
        ui = self.ui
        for group in self._choices.groups:
            ui.group_combo.addItem(group.name, group.id)
        ui.dimension_combo.addItem("Not stated", None)
        for dimension in DIMENSIONS:
            ui.dimension_combo.addItem(dimension, dimension)
        ui.tier_combo.addItem("Not stated", None)
        for tier, text in TIER_LABELS.items():
            ui.tier_combo.addItem(text, tier)
        ui.districts_list.setFlow(ui.districts_list.Flow.LeftToRight)
        ui.districts_list.setWrapping(True)
        ui.districts_list.setResizeMode(ui.districts_list.ResizeMode.Adjust)
        ui.districts_list.setSpacing(2)
        for district in self._choices.districts:
            item = QListWidgetItem(district)
            item.setData(_DATA, district)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(_UNCHECKED)
            ui.districts_list.addItem(item)

    def _group(self) -> GroupChoice | None:
        group_id = self.ui.group_combo.currentData()
        return next((g for g in self._choices.groups if g.id == group_id), None)

    def _group_changed(self) -> None:
        group = self._group()
        self._set_remit(group.remit if group else (), ())
        if self._record is None:
            index = self.ui.dimension_combo.findData(group.dimension if group else None)
            self.ui.dimension_combo.setCurrentIndex(max(index, 0))

    def _set_remit(self, points: Sequence[RemitPoint], chosen: Sequence[str]) -> None:
        remit = self.ui.remit_list
        remit.clear()
        for point in points:
            item = QListWidgetItem(f"{point.position}. {point.text}")
            item.setData(_DATA, point.id)
            item.setToolTip(point.text)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(_CHECKED if point.id in chosen else _UNCHECKED)
            remit.addItem(item)

    def _show_record(self, record: RecommendationRecord, state_label: str) -> None:
        ui = self.ui
        self.setWindowTitle(f"Edit recommendation {record.reference}")
        context = f"{record.reference}, {record.group_name}"
        if state_label:
            context += f". Now: {state_label}"
        ui.context_label.setText(context + ".")
        index = ui.group_combo.findData(record.group_id)
        if index < 0:
            ui.group_combo.addItem(record.group_name, record.group_id)
            index = ui.group_combo.count() - 1
        ui.group_combo.setCurrentIndex(index)
        ui.group_combo.setEnabled(False)  # the reference belongs to its group
        group = self._group()
        self._set_remit(group.remit if group else record.remit, record.remit_item_ids)
        ui.title_edit.setText(record.title)
        ui.text_edit.setPlainText(record.text)
        ui.rationale_edit.setPlainText(record.rationale)
        ui.dimension_combo.setCurrentIndex(max(ui.dimension_combo.findData(record.dimension), 0))
        ui.tier_combo.setCurrentIndex(max(ui.tier_combo.findData(record.tier), 0))
        ui.particular_radio.setChecked(not record.county_wide)
        ui.county_wide_radio.setChecked(record.county_wide)
        for row in range(ui.districts_list.count()):
            item = ui.districts_list.item(row)
            item.setCheckState(_CHECKED if item.data(_DATA) in record.districts else _UNCHECKED)
        ui.financial_edit.setPlainText(record.financial)
        ui.legal_edit.setPlainText(record.legal)
        ui.equality_edit.setPlainText(record.equality)
        ui.data_protection_edit.setPlainText(record.data_protection)
        ui.reference_view_edit.setPlainText(record.reference_group_view)
        ui.key_decision_check.setChecked(record.key_decision)
        ui.decision_no_edit.setText(record.decision_no)

    # --- saving ----------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        ui = self.ui
        districts = _checked_data(ui.districts_list) if ui.particular_radio.isChecked() else []
        return {
            "title": ui.title_edit.text(),
            "text": ui.text_edit.toPlainText(),
            "rationale": ui.rationale_edit.toPlainText(),
            "dimension": ui.dimension_combo.currentData(),
            "tier": ui.tier_combo.currentData(),
            "districts": districts,
            "financial": ui.financial_edit.toPlainText(),
            "legal": ui.legal_edit.toPlainText(),
            "equality": ui.equality_edit.toPlainText(),
            "data_protection": ui.data_protection_edit.toPlainText(),
            "reference_group_view": ui.reference_view_edit.toPlainText(),
            "remit_item_ids": _checked_data(ui.remit_list),
            "key_decision": ui.key_decision_check.isChecked(),
            "decision_no": ui.decision_no_edit.text(),
        }

    def changed_values(self) -> dict[str, Any]:
        """The fields the person changed (all of them for a new recommendation): an
        edit that changes nothing must not touch what a chair signed."""
        values = self.values()
        record = self._record
        if record is None:
            return values
        before = {name: getattr(record, name) for name in values if name != "remit_item_ids"}
        before["remit_item_ids"] = record.remit_item_ids
        changed = {}
        for name, value in values.items():
            old = before[name]
            if name in ("districts", "remit_item_ids"):
                if sorted(value) != sorted(old):
                    changed[name] = value
            elif isinstance(old, str) and isinstance(value, str):
                if value.strip() != old.strip():
                    changed[name] = value
            elif value != old:
                changed[name] = value
        return changed

    def _work(self) -> Callable[[], RecommendationRecord] | None:
        ui = self.ui
        if ui.particular_radio.isChecked() and not _checked_data(ui.districts_list):
            self.show_error("Tick the districts affected, or choose County-wide.", "districts")
            return None
        values = self.changed_values()
        service = self._service
        if self._record is not None:
            rec_id = self._record.id
            return lambda: service.update(rec_id, **values)
        group_id = ui.group_combo.currentData()
        if not isinstance(group_id, str):
            self.show_error("Choose the group raising this recommendation.", "group_id")
            return None
        return lambda: service.create(group_id, **values)


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


# --- Put on agenda of… ---------------------------------------------------------------------


class AgendaDialog(ServiceDialog):
    """RecommendationService.put_on_agenda: an upcoming meeting of its group or of the
    Steering Group considers it. Saves the agenda item's id."""

    def __init__(
        self,
        runner: TaskRunner,
        service: RecommendationService,
        record: RecommendationRecord,
        meetings: Sequence[MeetingChoice],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._service = service
        self._record = record
        self.setWindowTitle(f"Put {record.reference} on an agenda")
        self.setAccessibleName("Put the recommendation on a meeting's agenda")
        self.context_label = label(f"{record.reference}: {record.title}", wrap=True)
        self.form_error = label("", role="error", wrap=True)
        self.form_error.setAccessibleName("Problem putting it on the agenda")
        self.meeting_combo = QComboBox()
        self.meeting_combo.setAccessibleName("Meeting to consider it")
        for meeting in meetings:
            self.meeting_combo.addItem(meeting.label, meeting.id)
        self.meeting_error = label("", role="error", wrap=True)
        self.meeting_error.setAccessibleName("Problem with the meeting")
        caption = QLabel("&Meeting:")
        caption.setBuddy(self.meeting_combo)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        fields = QGridLayout()
        fields.setHorizontalSpacing(12)
        fields.addWidget(caption, 0, 0)
        fields.addWidget(self.meeting_combo, 0, 1)
        fields.addWidget(self.meeting_error, 1, 1)
        fields.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.context_label)
        layout.addWidget(self.form_error)
        layout.addLayout(fields)
        layout.addWidget(self.buttons)
        self._bind(self.buttons, self.form_error,
                   {"meeting_id": (self.meeting_combo, self.meeting_error)})
        self.save_button.setText("&Put on agenda")
        if not meetings:
            self.show_error(
                "No meetings of its group or the Steering Group are coming up; "
                "schedule one on the Meetings page first.")
            self.save_button.setEnabled(False)
        self.meeting_combo.setFocus()
        self.resize(520, self.sizeHint().height())

    def _work(self) -> Callable[[], str] | None:
        meeting_id = self.meeting_combo.currentData()
        if not isinstance(meeting_id, str):
            self.show_error("Choose the meeting to consider it.", "meeting_id")
            return None
        service, rec_id = self._service, self._record.id
        return lambda: service.put_on_agenda(rec_id, meeting_id)
