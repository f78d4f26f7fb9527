"""Criteria for access to specialist resourcing: a working group's numbered versions.

A window over the Provision map page (its "Criteria for access…" button): choose a
version, read its criteria with the recommendations citing each, and -- while the
version is a draft -- add, change and remove criteria, then record the day the group
agreed it. An agreed version never changes (core/provision/criteria.py): "Start a new
version" copies the latest. A criterion of an agreed version can be cited by one of
the group's recommendations. Every call runs on the worker; a refusal is shown in
words under the list (or beside the field, in the small forms).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core.dates import uk_date
from sen_desktop.core.provision.records import CriterionRecord, tier_label
from sen_desktop.core.provision.vocabulary import TIERS
from sen_desktop.gui.common.date_fields import DateField
from sen_desktop.gui.common.dialogs import keep_on_screen
from sen_desktop.gui.common.models import RecordTableModel
from sen_desktop.gui.common.widgets import label, record_table
from sen_desktop.gui.provision.dialogs import FormDialog, combo_box

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sen_desktop.core.provision.criteria import CriteriaService
    from sen_desktop.core.provision.records import CriteriaVersionRecord, RecommendationChoice
    from sen_desktop.gui.common.tasks import TaskRunner


class CriterionTableModel(RecordTableModel[CriterionRecord]):
    headers = ("No.", "Criterion", "Gives access to", "Cited by")

    def cell(self, criterion: CriterionRecord, column: int, role: int) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        return (
            f"{criterion.position}.",
            criterion.text,
            tier_label(criterion.tier) if criterion.tier else "Any",
            ", ".join(criterion.cited_by) or "Not cited",
        )[column]


def version_words(version: CriteriaVersionRecord) -> str:
    if version.agreed_on is not None:
        return f"Version {version.number}, agreed on {uk_date(version.agreed_on)}"
    return f"Version {version.number} (draft)"


class CriterionDialog(FormDialog):
    """Add criterion… / Edit criterion…: CriteriaService.add_criterion / update_criterion."""

    def __init__(self, runner: TaskRunner, service: CriteriaService, version_id: str,
                 criterion: CriterionRecord | None, parent: QWidget | None = None) -> None:
        super().__init__(runner, "Edit criterion" if criterion else "Add criterion", parent)
        self._service, self._version_id = service, version_id
        self._criterion_id = criterion.id if criterion else None
        self.text = QPlainTextEdit(criterion.text if criterion else "")
        self.text.setTabChangesFocus(True)
        self.text.setMaximumHeight(110)
        self._row("text", "&Criterion:", self.text)
        self.tier = combo_box("Gives access to",
                           [("Any tier", ""), *((tier_label(t), t) for t in TIERS)],
                           (criterion.tier or "") if criterion else "")
        self._row("tier", "&Gives access to:", self.tier)
        self._finish()
        self.text.setFocus()

    def _work(self) -> Callable[[], Any]:
        service, text = self._service, self.text.toPlainText()
        tier = str(self.tier.currentData() or "") or None
        if self._criterion_id is None:
            version = self._version_id
            return lambda: service.add_criterion(version, text, tier)
        criterion = self._criterion_id
        return lambda: service.update_criterion(criterion, text, tier)


class AgreeDialog(FormDialog):
    """Record the day the group agreed a draft version."""

    def __init__(self, runner: TaskRunner, service: CriteriaService,
                 version: CriteriaVersionRecord, today: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, f"Agree version {version.number}", parent)
        self._service, self._version_id = service, version.id
        self.day = DateField(today=today)
        self.day.setValue(today)
        self._row("version", "&Agreed on:", self.day, self.day.edit)
        self._finish()

    def _work(self) -> Callable[[], Any] | None:
        if not self.typed_fields_read(self.day):
            return None
        service, version, day = self._service, self._version_id, self.day.read_value()
        return lambda: service.agree_version(version, day)


class CiteDialog(FormDialog):
    """Cite a criterion in one of the group's recommendations (CriteriaService.cite)."""

    def __init__(self, runner: TaskRunner, service: CriteriaService, criterion: CriterionRecord,
                 choices: Sequence[RecommendationChoice], parent: QWidget | None = None) -> None:
        super().__init__(runner, f"Cite criterion {criterion.position}", parent)
        self._service, self._criterion_id = service, criterion.id
        self.recommendation = combo_box("Recommendation", [(c.label, c.id) for c in choices], "")
        self._row("criterion", "&Recommendation:", self.recommendation)
        self._finish()

    def _work(self) -> Callable[[], Any]:
        service, criterion = self._service, self._criterion_id
        recommendation = str(self.recommendation.currentData() or "")
        return lambda: service.cite(recommendation, criterion)


class CriteriaWindow(QDialog):
    """The group's versions of its criteria for access."""

    #: The versions are on screen (after opening and after every change).
    loaded = Signal()

    def __init__(self, runner: TaskRunner, service: CriteriaService, group_id: str,
                 group_name: str, choices: Sequence[RecommendationChoice],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner, self._service, self._group_id = runner, service, group_id
        self._choices = tuple(choices)
        self._versions: list[CriteriaVersionRecord] = []
        self.dialog: QDialog | None = None
        title = f"Criteria for access — {group_name}"
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.version = QComboBox()
        self.version.setAccessibleName("Version")
        self.model = CriterionTableModel(self)
        self.table = record_table("Criteria of the chosen version")
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the criterion
        self.status = label("", wrap=True)
        self.new_button = QPushButton("&Start a new version")
        self.add_button = QPushButton("&Add criterion…")
        self.edit_button = QPushButton("&Edit criterion…")
        self.remove_button = QPushButton("&Remove criterion")
        self.agree_button = QPushButton("A&gree this version…")
        self.cite_button = QPushButton("&Cite in a recommendation…")
        self.close_button = QPushButton("Close")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        caption = QLabel("&Version:")
        caption.setBuddy(self.version)
        top.addWidget(caption)
        top.addWidget(self.version, 1)
        top.addWidget(self.new_button)
        layout.addLayout(top)
        listed = QLabel("Criteria &list")
        listed.setBuddy(self.table)
        layout.addWidget(listed)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button,
                       self.agree_button, self.cite_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self.resize(900, 480)
        keep_on_screen(self)
        self.version.activated.connect(lambda _row: self._show_version())
        self.new_button.clicked.connect(self.start_version)
        self.add_button.clicked.connect(lambda: self._criterion(None))
        self.edit_button.clicked.connect(lambda: self._criterion(self.chosen()))
        self.remove_button.clicked.connect(self.remove)
        self.agree_button.clicked.connect(self.agree)
        self.cite_button.clicked.connect(self.cite)
        self.close_button.clicked.connect(self.accept)
        self.table.doubleClicked.connect(lambda _index: self._criterion(self.chosen()))
        self._show_version()  # nothing to change until the versions are read

    def reload(self, choose_last: bool = False) -> None:
        service, group = self._service, self._group_id
        self._runner.run(lambda: service.criteria_versions(group),
                         lambda versions: self._set_versions(versions, choose_last),
                         self._failed, channel="criteria", owner=self)

    def _set_versions(self, versions: list[CriteriaVersionRecord], choose_last: bool) -> None:
        chosen = self.version.currentData()
        self._versions = versions
        self.version.clear()
        for version in versions:
            self.version.addItem(version_words(version), version.id)
        at = self.version.findData(chosen)
        self.version.setCurrentIndex(len(versions) - 1 if choose_last or at < 0 else at)
        if not versions:
            self.status.setText("The group has no criteria yet: start a new version.")
        self._show_version()
        self.loaded.emit()

    def current(self) -> CriteriaVersionRecord | None:
        wanted = self.version.currentData()
        return next((v for v in self._versions if v.id == wanted), None)

    def chosen(self) -> CriterionRecord | None:
        return self.model.record(self.table.currentIndex().row())

    def _show_version(self) -> None:
        version = self.current()
        self.model.set_records(version.criteria if version else ())
        draft = version is not None and not version.agreed
        for button in (self.add_button, self.agree_button):
            button.setEnabled(draft)
        for button in (self.edit_button, self.remove_button):
            button.setEnabled(draft and bool(self.model.rowCount()))
        self.cite_button.setEnabled(
            version is not None and version.agreed and bool(self.model.rowCount())
            and bool(self._choices)
        )
        if version is not None:
            self.status.setText(
                version.note or ("Agreed: it does not change; start a new version to change "
                                 "the criteria." if version.agreed else
                                 "A draft: change it, then record the day it was agreed.")
            )

    def _failed(self, error: Exception) -> None:
        self.status.setText(getattr(error, "message", str(error)))

    def _open(self, dialog: Any) -> None:
        self.dialog = dialog
        dialog.saved.connect(lambda _record: self.reload())
        dialog.open()

    def start_version(self) -> None:
        service, group = self._service, self._group_id
        self._runner.run(lambda: service.start_version(group),
                         lambda _version: self.reload(choose_last=True), self._failed,
                         owner=self)

    def _criterion(self, criterion: CriterionRecord | None) -> None:
        version = self.current()
        if version is not None and not version.agreed:
            self._open(CriterionDialog(self._runner, self._service, version.id, criterion,
                                       self))

    def remove(self) -> None:
        criterion = self.chosen()
        if criterion is None:
            return
        service = self._service
        self._runner.run(lambda: service.remove_criterion(criterion.id),
                         lambda _none: self.reload(), self._failed, owner=self)

    def agree(self) -> None:
        version = self.current()
        if version is not None and not version.agreed:
            self._open(AgreeDialog(self._runner, self._service, version, dt.date.today(),
                                   self))

    def cite(self) -> None:
        criterion = self.chosen() or self.model.record(0)
        if criterion is not None and self._choices:
            self._open(CiteDialog(self._runner, self._service, criterion, self._choices,
                                  self))


__all__ = ["CriteriaWindow", "CriterionTableModel", "version_words"]
