"""Add or change a provision entry, or a gap, of a working group's map.

Both are ``ServiceDialog``s (gui/common/dialogs.py): Save sends the form to the core
service on the worker, and a refusal comes back as one sentence shown under the field
it names (and read with that field by a screen reader); nothing is saved until every
rule holds. Built in code rather than Designer: each is a short form of labelled
fields, every label the buddy of its field, with an access key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core.provision.records import EntryFields, tier_label
from sen_desktop.core.provision.vocabulary import (
    FUNDING_SOURCES,
    MAX_AGE,
    MIN_AGE,
    TIER_SHORT,
)
from sen_desktop.gui.common.dialogs import ServiceDialog, keep_on_screen

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sen_desktop.core.provision.records import (
        GapRecord,
        ProvisionEntryRecord,
        ProvisionMap,
    )
    from sen_desktop.core.provision.service import ProvisionService
    from sen_desktop.gui.common.tasks import TaskRunner


def _error_label() -> QLabel:
    label = QLabel()
    label.setProperty("role", "error")
    label.setWordWrap(True)
    return label


def combo_box(name: str, items: Sequence[tuple[str, str]], current: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    for text, data in items:
        combo.addItem(text, data)
    found = combo.findData(current)
    combo.setCurrentIndex(max(found, 0))
    return combo


class FormDialog(ServiceDialog):
    """A form of labelled rows, each with its error line under it."""

    def __init__(self, runner: TaskRunner, title: str, parent: QWidget | None) -> None:
        super().__init__(runner, parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self._layout = QVBoxLayout(self)
        self._form = QFormLayout()
        self._layout.addLayout(self._form)
        self._rows: dict[str, tuple[QWidget, QLabel]] = {}

    def _row(self, key: str, text: str, widget: QWidget, focus: QWidget | None = None) -> None:
        label = QLabel(text)
        label.setBuddy(focus or widget)
        if not (focus or widget).accessibleName():
            (focus or widget).setAccessibleName(text.replace("&", "").rstrip(":"))
        error = _error_label()
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(widget)
        column.addWidget(error)
        self._form.addRow(label, holder)
        self._rows[key] = (focus or widget, error)

    def _finish(self, aliases: dict[str, str] | None = None) -> None:
        form_error = _error_label()
        self._layout.addWidget(form_error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self._layout.addWidget(buttons)
        self._bind(buttons, form_error, self._rows, aliases)
        keep_on_screen(self)


class EntryDialog(FormDialog):
    """New provision… / Edit provision…: ProvisionService.add_entry or .update_entry."""

    def __init__(
        self,
        runner: TaskRunner,
        service: ProvisionService,
        found: ProvisionMap,
        entry: ProvisionEntryRecord | None = None,
        *,
        district: str = "",
        tier: str = "",
        parent: QWidget | None = None,
    ) -> None:
        title = "Edit provision" if entry is not None else "Add provision"
        super().__init__(runner, title, parent)
        self._service = service
        self._group_id = found.group_id
        self._entry_id = entry.id if entry is not None else None
        values = entry.fields() if entry is not None else EntryFields(
            name="", tier=tier or found.tiers[0], district=district or found.districts[0],
            need_types=(found.need_type,) if found.need_type else found.need_types[:1],
        )
        self.name = QLineEdit(values.name)
        self._row("name", "&Name:", self.name)
        self.tier = combo_box("Tier", [(TIER_SHORT[t], t) for t in found.tiers], values.tier)
        self._row("tier", "&Tier:", self.tier)
        self.district = combo_box("District", [(d, d) for d in found.districts], values.district)
        self._row("district", "&District:", self.district)
        needs = QWidget()
        line = QHBoxLayout(needs)
        line.setContentsMargins(0, 0, 0, 0)
        self.need_boxes: list[QCheckBox] = []
        for need in found.need_types:
            box = QCheckBox(need)
            box.setChecked(need in values.need_types)
            box.setAccessibleName(f"Serves {need}")
            self.need_boxes.append(box)
            line.addWidget(box)
        self.other_needs = QLineEdit(
            ", ".join(n for n in values.need_types if n not in found.need_types)
        )
        self.other_needs.setPlaceholderText("other need types, with commas")
        self.other_needs.setAccessibleName("Other need types")
        line.addWidget(self.other_needs, 1)
        self._row("need_types", "N&eed types:", needs,
                  self.need_boxes[0] if self.need_boxes else self.other_needs)
        ages = QWidget()
        line = QHBoxLayout(ages)
        line.setContentsMargins(0, 0, 0, 0)
        self.age_from, self.age_to = QSpinBox(), QSpinBox()
        for spin, value, name in ((self.age_from, values.age_from, "Ages from"),
                                  (self.age_to, values.age_to, "Ages to")):
            spin.setRange(MIN_AGE, MAX_AGE)
            spin.setValue(value)
            spin.setAccessibleName(name)
        to_label = QLabel("to")
        line.addWidget(self.age_from)
        line.addWidget(to_label)
        line.addWidget(self.age_to)
        line.addStretch(1)
        self._row("age_from", "&Ages:", ages, self.age_from)
        self._rows["age_to"] = (self.age_to, self._rows["age_from"][1])
        self.setting = QLineEdit(values.setting)
        self._row("setting", "Settin&g or service:", self.setting)
        self.places = QLineEdit(values.places)
        self.places.setPlaceholderText("empty for a service without places")
        self._row("places", "&Places:", self.places)
        self.funding = QComboBox()
        self.funding.setEditable(True)
        self.funding.addItems(list(FUNDING_SOURCES))
        self.funding.setCurrentText(values.funding)
        self._row("funding", "&Funding source:", self.funding)
        self.notes = QPlainTextEdit(values.notes)
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(90)
        self._row("notes", "N&otes:", self.notes)
        self._finish({"group": "name"})
        self.name.setFocus()

    def fields(self) -> EntryFields:
        others = tuple(n.strip() for n in self.other_needs.text().split(",") if n.strip())
        return EntryFields(
            name=self.name.text(),
            tier=str(self.tier.currentData()),
            district=str(self.district.currentData()),
            need_types=(*(b.text() for b in self.need_boxes if b.isChecked()), *others),
            age_from=self.age_from.value(),
            age_to=self.age_to.value(),
            setting=self.setting.text(),
            places=self.places.text(),
            funding=self.funding.currentText(),
            notes=self.notes.toPlainText(),
        )

    def _work(self) -> Callable[[], Any]:
        fields, service = self.fields(), self._service
        if self._entry_id is None:
            group = self._group_id
            return lambda: service.add_entry(group, fields)
        entry = self._entry_id
        return lambda: service.update_entry(entry, fields)


class GapDialog(FormDialog):
    """Record a gap… / Edit gap…: ProvisionService.add_gap or .update_gap."""

    def __init__(
        self,
        runner: TaskRunner,
        service: ProvisionService,
        found: ProvisionMap,
        gap: GapRecord | None = None,
        *,
        district: str = "",
        tier: str = "",
        parent: QWidget | None = None,
    ) -> None:
        title = "Edit gap" if gap is not None else "Record a gap"
        super().__init__(runner, title, parent)
        self._service = service
        self._group_id = found.group_id
        self._gap_id = gap.id if gap is not None else None
        self.district = combo_box("District", [(d, d) for d in found.districts],
                               gap.district if gap else district)
        self._row("district", "&District:", self.district)
        self.tier = combo_box("Tier", [(tier_label(t), t) for t in found.tiers],
                           gap.tier if gap else tier)
        self._row("tier", "&Tier:", self.tier)
        self.evidence = QPlainTextEdit(gap.evidence if gap else "")
        self.evidence.setTabChangesFocus(True)
        self.evidence.setPlaceholderText("what shows the gap: travel, waiting lists, placements")
        self.evidence.setMaximumHeight(110)
        self._row("evidence", "&Evidence:", self.evidence)
        answer = gap.recommendation.id if gap and gap.recommendation else ""
        self.recommendation = combo_box(
            "Recommendation that answers it",
            [("None yet", ""), *((r.label, r.id) for r in found.recommendations)],
            answer,
        )
        self._row("recommendation", "&Recommendation that answers it:", self.recommendation)
        self._finish()
        self.evidence.setFocus()

    def _work(self) -> Callable[[], Any]:
        service = self._service
        district, tier = str(self.district.currentData()), str(self.tier.currentData())
        evidence = self.evidence.toPlainText()
        answer = str(self.recommendation.currentData() or "") or None
        if self._gap_id is None:
            group = self._group_id
            return lambda: service.add_gap(group, district, tier, evidence, answer)
        gap = self._gap_id
        return lambda: service.update_gap(gap, district, tier, evidence, answer)


__all__ = ["EntryDialog", "FormDialog", "GapDialog", "combo_box"]
