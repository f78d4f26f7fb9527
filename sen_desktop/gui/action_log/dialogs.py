"""Edit action… and Record progress update…: forms that save through ActionService.

Both are ServiceDialogs: Save runs the service call on the worker, and a refusal comes
back with the field at fault, whose message shows beside that field (a Red rating with
no reason shows "Give a reason for the Red rating." beside the comment). Nothing is
saved until the service accepts the whole form.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QWidget

from sen_desktop.core.actions.records import (
    ACTION_STATUSES,
    BRAG_LABELS,
    BRAG_MEANINGS,
    BRAG_RATINGS,
    STATUS_LABELS,
    ActionRecord,
    ActionUpdateRecord,
    OwnerChoice,
)
from sen_desktop.gui.action_log.model import brag_swatch
from sen_desktop.gui.common.dialogs import ServiceDialog, setup_form
from sen_desktop.gui.forms.ui_action_dialog import Ui_ActionDialog
from sen_desktop.gui.forms.ui_progress_update_dialog import Ui_ProgressUpdateDialog

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sen_desktop.core.actions.service import ActionService
    from sen_desktop.core.programme.records import GroupSummary
    from sen_desktop.gui.common.tasks import TaskRunner

_PERSON_ROLE = Qt.ItemDataRole.UserRole


def context_text(action: ActionRecord) -> str:
    """"SG-14, raised at SG meeting 3 (8 Sep 2010), minute 12"."""
    where = f"raised at {action.raised_at}" if action.raised_at else "raised between meetings"
    return f"{action.reference}, {where}"


class ActionDialog(ServiceDialog):
    """New action… / Edit action…: ActionService.create or .update.

    For a new action give ``group_id`` (and the meeting and item it is raised at), or
    ``groups`` to choose from. ``at_meeting_id`` names the meeting where an edit is
    agreed (matters arising), so an action closed there stays on its list.
    """

    def __init__(
        self,
        runner: TaskRunner,
        service: ActionService,
        owners: Sequence[OwnerChoice],
        action: ActionRecord | None = None,
        *,
        groups: Sequence[GroupSummary] = (),
        group_id: str | None = None,
        meeting_id: str | None = None,
        agenda_item_id: str | None = None,
        at_meeting_id: str | None = None,
        default_due: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._service = service
        self._action = action
        self._group_id = action.group_id if action is not None else group_id
        self._meeting_id = meeting_id
        self._item_id = agenda_item_id
        self._at_meeting_id = at_meeting_id
        self.ui = Ui_ActionDialog()
        setup_form(self.ui, self)
        ui = self.ui
        self._bind(
            ui.button_box,
            ui.form_error,
            {
                "group_id": (ui.group_combo, ui.group_error),
                "description": (ui.description_edit, ui.description_error),
                "owner": (ui.owner_combo, ui.owner_error),
                "due_date": (ui.due_edit, ui.due_date_error),
                "status": (ui.status_combo, ui.status_error),
                "brag": (ui.brag_combo, ui.brag_error),
                "brag_comment": (ui.brag_comment_edit, ui.brag_comment_error),
            },
            aliases={"owner_id": "owner", "owner_text": "owner"},
        )
        self._fill_choices(owners, groups)
        ui.due_check.toggled.connect(ui.due_edit.setEnabled)
        if action is None:
            self.setWindowTitle("New action")
            ui.context_label.hide()
            choose_group = group_id is None and bool(groups)
            ui.group_label.setVisible(choose_group)
            ui.group_combo.setVisible(choose_group)
            # A new action starts open and unrated: those are set when it is reviewed.
            hidden: tuple[QWidget, ...] = (
                ui.status_label, ui.status_combo, ui.brag_label, ui.brag_combo,
                ui.brag_comment_label, ui.brag_comment_edit,
            )
            for widget in hidden:
                widget.hide()
            ui.due_check.setChecked(default_due is not None)
            ui.due_edit.setValue(default_due or dt.date.today())
        else:
            self.setWindowTitle(f"Edit action {action.reference}")
            ui.context_label.setText(context_text(action))
            ui.group_label.hide()
            ui.group_combo.hide()
            ui.description_edit.setPlainText(action.description)
            self._set_owner(action)
            ui.due_check.setChecked(action.due_date is not None)
            ui.due_edit.setValue(action.due_date or action.raised_on or dt.date.today())
            ui.status_combo.setCurrentIndex(ACTION_STATUSES.index(action.status))
            ui.brag_combo.setCurrentIndex(BRAG_RATINGS.index(action.brag))
            ui.brag_comment_edit.setPlainText(action.brag_comment)
        ui.due_edit.setEnabled(ui.due_check.isChecked())
        ui.description_edit.setFocus()
        self.adjustSize()  # the height of the rows shown, at a width that reads well
        self.resize(max(self.width(), 560), self.height())

    # --- choices -----------------------------------------------------------------------

    def _fill_choices(self, owners: Sequence[OwnerChoice], groups: Sequence[GroupSummary]) -> None:
        ui = self.ui
        for group in groups:
            ui.group_combo.addItem(group.name, group.id)
        ui.owner_combo.addItem("", None)
        for choice in owners:
            ui.owner_combo.addItem(choice.name, choice.person_id)
            if choice.member:
                ui.owner_combo.setItemData(
                    ui.owner_combo.count() - 1, f"{choice.name} (member)",
                    Qt.ItemDataRole.ToolTipRole,
                )
        ui.owner_combo.setToolTip("Choose a person, or type the name of an outside owner")
        line = ui.owner_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText("A person, or an outside owner")
        completer = QCompleter(ui.owner_combo.model(), ui.owner_combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        ui.owner_combo.setCompleter(completer)
        for status in ACTION_STATUSES:
            ui.status_combo.addItem(STATUS_LABELS[status], status)
        for rating in BRAG_RATINGS:
            ui.brag_combo.addItem(
                brag_swatch(rating), f"{BRAG_LABELS[rating]} ({BRAG_MEANINGS[rating]})", rating
            )

    def _set_owner(self, action: ActionRecord) -> None:
        combo = self.ui.owner_combo
        if action.owner_id is not None:
            index = combo.findData(action.owner_id, _PERSON_ROLE)
            if index < 0:  # someone since removed from the programme keeps their actions
                combo.addItem(action.owner, action.owner_id)
                index = combo.count() - 1
            combo.setCurrentIndex(index)
        else:
            combo.setCurrentIndex(0)
            combo.setEditText(action.owner_text)

    def owner_values(self) -> tuple[str | None, str]:
        """(person id, outside owner): a name typed that matches a person picks them."""
        combo = self.ui.owner_combo
        text = combo.currentText().strip()
        if not text:
            return None, ""
        index = combo.findText(text, Qt.MatchFlag.MatchFixedString)
        person = combo.itemData(index, _PERSON_ROLE) if index >= 0 else None
        return (person, "") if isinstance(person, str) else (None, text)

    # --- saving ------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        ui = self.ui
        owner_id, owner_text = self.owner_values()
        due = ui.due_edit.value() if ui.due_check.isChecked() else None
        values: dict[str, Any] = {
            "description": ui.description_edit.toPlainText(),
            "owner_id": owner_id,
            "owner_text": owner_text,
            "due_date": due,
        }
        if self._action is not None:
            values["status"] = ui.status_combo.currentData()
            values["brag"] = ui.brag_combo.currentData()
            values["brag_comment"] = ui.brag_comment_edit.toPlainText()
        return values

    def changed_values(self) -> dict[str, Any]:
        """The fields the person changed (all of them for a new action).

        Only changes are sent, so the service's own consequences apply: marking an
        action done without touching its rating rates it Blue.
        """
        values = self.values()
        action = self._action
        if action is None:
            return values
        before = {
            "description": action.description,
            "owner_id": action.owner_id,
            "owner_text": action.owner_text,
            "due_date": action.due_date,
            "status": action.status,
            "brag": action.brag,
            "brag_comment": action.brag_comment,
        }
        changed = {name: value for name, value in values.items() if value != before[name]}
        if "owner_id" in changed or "owner_text" in changed:
            changed["owner_id"], changed["owner_text"] = values["owner_id"], values["owner_text"]
        if "brag" in changed:  # a new rating is checked with the comment shown beside it
            changed["brag_comment"] = values["brag_comment"]
        return changed

    def _work(self) -> Callable[[], ActionRecord] | None:
        if not self.typed_fields_read(self.ui.due_edit):  # skipped while "no due date"
            return None
        values = self.changed_values()
        service = self._service
        if self._action is not None:
            action_id, at_meeting = self._action.id, self._at_meeting_id
            return lambda: service.update(action_id, at_meeting_id=at_meeting, **values)
        group_id = self._group_id or self.ui.group_combo.currentData()
        if not isinstance(group_id, str):
            self.show_error("Choose the group the action belongs to.", "group_id")
            return None
        meeting_id, item_id = self._meeting_id, self._item_id
        return lambda: service.create(
            group_id, meeting_id=meeting_id, agenda_item_id=item_id, **values
        )


class ProgressUpdateDialog(ServiceDialog):
    """Record progress update…: ActionService.add_update, at a meeting if given."""

    def __init__(
        self,
        runner: TaskRunner,
        service: ActionService,
        action: ActionRecord,
        *,
        meeting_id: str | None = None,
        on: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._service = service
        self._action = action
        self._meeting_id = meeting_id
        self.ui = Ui_ProgressUpdateDialog()
        setup_form(self.ui, self)
        ui = self.ui
        self._bind(
            ui.button_box,
            ui.form_error,
            {"on": (ui.on_edit, ui.on_error), "text": (ui.text_edit, ui.text_error)},
        )
        self.setWindowTitle(f"Progress update on {action.reference}")
        description = " ".join(action.description.split())
        if len(description) > 200:
            description = description[:199] + "…"
        ui.context_label.setText(f"{action.reference}: {description}")
        ui.on_edit.setValue(on or dt.date.today())
        ui.text_edit.setFocus()

    def _work(self) -> Callable[[], ActionUpdateRecord] | None:
        if not self.typed_fields_read(self.ui.on_edit):
            return None
        text = self.ui.text_edit.toPlainText()
        on = self.ui.on_edit.read_value()
        service, action_id, meeting_id = self._service, self._action.id, self._meeting_id
        return lambda: service.add_update(action_id, text, on=on, meeting_id=meeting_id)
