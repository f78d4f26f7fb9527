"""New/Edit recommendation… and Put on agenda of…: forms that save through
RecommendationService, showing its refusals beside the field at fault.

What the forms offer is gathered on the worker first (gui/recommendations/choices.py);
the forms themselves never wait on the database. Record decision… is in
gui/recommendations/decision_dialog.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core.recommendations.records import (
    DIMENSIONS,
    TIER_LABELS,
    RecommendationRecord,
)
from sen_desktop.gui.common.dialogs import ServiceDialog, setup_form
from sen_desktop.gui.common.widgets import label
from sen_desktop.gui.forms.ui_recommendation_dialog import Ui_RecommendationDialog

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sen_desktop.core.programme.records import RemitPoint
    from sen_desktop.core.recommendations.service import RecommendationService
    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.recommendations.choices import (
        GroupChoice,
        MeetingChoice,
        RecommendationChoices,
    )

_DATA = Qt.ItemDataRole.UserRole
_CHECKED = Qt.CheckState.Checked
_UNCHECKED = Qt.CheckState.Unchecked
RECOMMENDING_KINDS = ("working", "reference")


def checked_data(widget: Any) -> list[str]:
    """The data of the ticked items of a checkable list."""
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
        districts = checked_data(ui.districts_list) if ui.particular_radio.isChecked() else []
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
            "remit_item_ids": checked_data(ui.remit_list),
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
        if ui.particular_radio.isChecked() and not checked_data(ui.districts_list):
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
        self.form_error.setAccessibleDescription("Problem putting it on the agenda")
        self.meeting_combo = QComboBox()
        self.meeting_combo.setAccessibleName("Meeting to consider it")
        for meeting in meetings:
            self.meeting_combo.addItem(meeting.label, meeting.id)
        self.meeting_error = label("", role="error", wrap=True)
        self.meeting_error.setAccessibleDescription("Problem with the meeting")
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
