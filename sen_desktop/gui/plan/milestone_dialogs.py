"""Add milestone… / Edit milestone…: the Action Plan's rows, and what delivers them.

``MilestoneDialog`` is a ServiceDialog on the Designer form ui/milestone_dialog.ui:
period text, first and last month, action, owning group and status, and the links to
the meetings, recommendations and papers that deliver the milestone. Link and Remove
change the list in the dialog; Save writes the milestone first (a refusal shows beside
its field, and then nothing at all is written) and the link changes after it.

``LinkChooser`` picks one meeting, recommendation or paper, with a filter box.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import QSortFilterProxyModel, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListView,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core.dates import uk_date
from sen_desktop.core.plan.records import (
    MILESTONE_STATUSES,
    STATUS_LABELS,
    LinkRecord,
    MilestoneView,
    ordered_links,
)
from sen_desktop.core.programme.data import period_dates
from sen_desktop.gui.common.dialogs import ServiceDialog, setup_form
from sen_desktop.gui.forms.ui_milestone_dialog import Ui_MilestoneDialog

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sen_desktop.core.overview.dashboard import DashboardService
    from sen_desktop.core.overview.records import LinkChoice
    from sen_desktop.core.plan.service import MilestoneService
    from sen_desktop.core.programme.records import GroupSummary
    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.shell.session import OpenProgramme

KIND_WORDS: Final = {"meeting": "Meeting", "recommendation": "Recommendation", "paper": "Paper"}
_LINK_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class DialogData:
    """What the dialog needs, fetched on the worker before it opens."""

    milestone: MilestoneView | None
    groups: tuple[GroupSummary, ...]
    has_papers: bool


def fetch_dialog_data(session: OpenProgramme, milestone_id: str | None) -> DialogData:
    """Run on the worker: the milestone (if editing), the groups, whether papers exist."""
    milestone = session.milestones.get(milestone_id) if milestone_id else None
    return DialogData(
        milestone=milestone,
        groups=tuple(session.programme.list_groups()),
        has_papers=bool(session.dashboard.link_choices("paper")),
    )


def open_milestone_dialog(
    runner: TaskRunner,
    session: OpenProgramme,
    milestone_id: str | None,
    parent: QWidget,
    on_saved: Callable[[MilestoneView], None],
    opened: Callable[[MilestoneDialog], None],
    focus_links: bool = False,
) -> None:
    """Fetch what the dialog needs on the worker, then open it (window-modal, no nested
    event loop); ``opened`` is given the dialog, ``on_saved`` the milestone saved."""

    def show(data: DialogData) -> None:
        dialog = MilestoneDialog(
            runner, session.milestones, session.dashboard, data,
            focus_links=focus_links, parent=parent,
        )
        dialog.saved.connect(on_saved)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        opened(dialog)
        dialog.open()

    runner.run(lambda: fetch_dialog_data(session, milestone_id), show, owner=parent)


@dataclass(frozen=True)
class _Link:
    """A row of the links list: one already saved, or one to make on Save."""

    target_kind: str
    target_id: str
    label: str
    link_id: str | None  # None until saved

    @property
    def text(self) -> str:
        return f"{KIND_WORDS.get(self.target_kind, self.target_kind)}: {self.label}"


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


class MilestoneDialog(ServiceDialog):
    """Add or edit a milestone and its links; saves through MilestoneService."""

    def __init__(
        self,
        runner: TaskRunner,
        milestones: MilestoneService,
        dashboard: DashboardService,
        data: DialogData,
        *,
        focus_links: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._milestones = milestones
        self._dashboard = dashboard
        self._milestone = data.milestone
        self._removed: list[str] = []  # ids of saved links to remove on Save
        self._period_typed = False
        self.chooser: LinkChooser | None = None  # the chooser last opened, for tests
        self.ui = Ui_MilestoneDialog()
        setup_form(self.ui, self)
        ui = self.ui
        self._bind(
            ui.button_box,
            ui.form_error,
            {
                "period": (ui.period_edit, ui.period_error),
                "period_start": (ui.start_edit, ui.start_error),
                "period_end": (ui.end_edit, ui.end_error),
                "action": (ui.action_edit, ui.action_error),
                "owner_group_id": (ui.owner_combo, ui.owner_error),
                "status": (ui.status_combo, ui.status_error),
                "links": (ui.links_list, ui.links_error),
            },
            aliases={"target_id": "links", "target_kind": "links"},
        )
        ui.owner_combo.addItem("No owning group", None)
        for group in data.groups:
            ui.owner_combo.addItem(group.name, group.id)
        for status in MILESTONE_STATUSES:
            ui.status_combo.addItem(STATUS_LABELS[status], status)
        ui.link_paper_button.setVisible(data.has_papers)
        ui.end_edit.setLastDay(True)  # a period runs to the end of its last month
        ui.period_edit.textEdited.connect(self._period_edited)
        ui.period_edit.editingFinished.connect(self._months_from_period)
        ui.links_list.currentRowChanged.connect(lambda _row: self._update_buttons())
        ui.link_meeting_button.clicked.connect(lambda: self.choose_link("meeting"))
        ui.link_recommendation_button.clicked.connect(
            lambda: self.choose_link("recommendation")
        )
        ui.link_paper_button.clicked.connect(lambda: self.choose_link("paper"))
        ui.remove_link_button.clicked.connect(self.remove_link)
        milestone = data.milestone
        if milestone is None:
            self.setWindowTitle("Add milestone")
            ui.context_label.setText(
                "A new row of the Action Plan, added at its end. The months are filled in "
                "from the period where they can be; check them."
            )
            first = month_start(dt.date.today())
            ui.start_edit.setValue(first)
            ui.end_edit.setValue(month_end(first))
            steering = next((g for g in data.groups if g.kind == "steering"), None)
            if steering is not None:
                ui.owner_combo.setCurrentIndex(ui.owner_combo.findData(steering.id))
        else:
            self.setWindowTitle(f"Edit milestone: {milestone.period}")
            shown = f"Row {milestone.position} of the Action Plan, from "
            shown += f"{uk_date(milestone.period_start)} to {uk_date(milestone.period_end)}."
            if milestone.late and milestone.status != "late":
                shown += " It shows as Late: its period has ended and it is not marked done."
            ui.context_label.setText(shown)
            ui.period_edit.setText(milestone.period)
            ui.start_edit.setValue(milestone.period_start)
            ui.end_edit.setValue(milestone.period_end)
            ui.action_edit.setPlainText(milestone.action)
            owner = ui.owner_combo.findData(milestone.owner_group_id)
            if owner < 0 and milestone.owner_group_id is not None:
                ui.owner_combo.addItem(milestone.owner_group_name or "(removed group)",
                                       milestone.owner_group_id)
                owner = ui.owner_combo.count() - 1
            ui.owner_combo.setCurrentIndex(max(0, owner))
            ui.status_combo.setCurrentIndex(MILESTONE_STATUSES.index(milestone.status))
            for link in ordered_links(milestone.links):
                self._add_row(_Link(link.target_kind, link.target_id, link.label, link.id))
        self._update_buttons()
        if focus_links:
            ui.links_list.setFocus()
            if ui.links_list.count():
                ui.links_list.setCurrentRow(0)
        else:
            ui.period_edit.setFocus()
        self.adjustSize()
        self.resize(max(self.width(), 620), self.height())

    # --- the months follow the period -----------------------------------------------------

    def _period_edited(self, _text: str) -> None:
        self._period_typed = True

    def _months_from_period(self) -> None:
        """Fill in the months from a period the plan's way of writing understands."""
        if not self._period_typed:
            return
        self._period_typed = False
        try:
            start, end = period_dates(self.ui.period_edit.text())
        except ValueError:
            return  # free wording ("Spring term"): the person sets the months
        self.ui.start_edit.setValue(start)
        self.ui.end_edit.setValue(end)

    # --- links -------------------------------------------------------------------------

    def links(self) -> list[_Link]:
        rows = self.ui.links_list
        return [rows.item(r).data(_LINK_ROLE) for r in range(rows.count())]

    def link_texts(self) -> list[str]:
        rows = self.ui.links_list
        return [rows.item(r).text() for r in range(rows.count())]

    def _add_row(self, link: _Link) -> None:
        item = QListWidgetItem(link.text)
        item.setData(_LINK_ROLE, link)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, link.text)
        if link.link_id is None:
            item.setToolTip("Linked when you save")
        self.ui.links_list.addItem(item)

    def _update_buttons(self) -> None:
        self.ui.remove_link_button.setEnabled(self.ui.links_list.currentRow() >= 0)

    def choose_link(self, kind: str) -> None:
        """Link a meeting, recommendation or paper: fetch the choices, then ask."""
        dashboard = self._dashboard
        self._runner.run(
            lambda: dashboard.link_choices(kind),
            lambda choices: self._open_chooser(kind, choices),
            lambda error: self.show_error(getattr(error, "message", str(error)), "links"),
            owner=self,
        )

    def _open_chooser(self, kind: str, choices: Sequence[LinkChoice]) -> None:
        taken = {(link.target_kind, link.target_id) for link in self.links()}
        free = [c for c in choices if (c.target_kind, c.target_id) not in taken]
        chooser = LinkChooser(kind, free, parent=self)
        chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chooser.chosen.connect(self.add_link)
        self.chooser = chooser
        chooser.open()

    def add_link(self, choice: LinkChoice) -> None:
        for row, link in enumerate(self.links()):
            if (link.target_kind, link.target_id) == (choice.target_kind, choice.target_id):
                self.ui.links_list.setCurrentRow(row)
                return
        self._removed = [  # linking again what was just removed keeps the saved link
            link_id for link_id in self._removed
            if not self._was(link_id, choice.target_kind, choice.target_id)
        ]
        saved = self._saved_link(choice.target_kind, choice.target_id)
        self._add_row(
            _Link(choice.target_kind, choice.target_id, choice.label,
                  saved.id if saved is not None else None)
        )
        self.ui.links_list.setCurrentRow(self.ui.links_list.count() - 1)
        self.ui.links_list.setFocus()

    def remove_link(self) -> None:
        rows = self.ui.links_list
        row = rows.currentRow()
        if row < 0:
            return
        link: _Link = rows.item(row).data(_LINK_ROLE)
        if link.link_id is not None:
            self._removed.append(link.link_id)
        rows.takeItem(row)
        self._update_buttons()
        rows.setFocus()

    def _saved_link(self, kind: str, target_id: str) -> LinkRecord | None:
        if self._milestone is None:
            return None
        return next(
            (
                link
                for link in self._milestone.links
                if (link.target_kind, link.target_id) == (kind, target_id)
            ),
            None,
        )

    def _was(self, link_id: str, kind: str, target_id: str) -> bool:
        saved = self._saved_link(kind, target_id)
        return saved is not None and saved.id == link_id

    # --- saving ------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The form's values; the months must read (``typed_fields_read``)."""
        ui = self.ui
        return {
            "period": ui.period_edit.text(),
            "period_start": month_start(ui.start_edit.read_value()),
            "period_end": month_end(ui.end_edit.read_value()),
            "action": ui.action_edit.toPlainText(),
            "owner_group_id": ui.owner_combo.currentData(),
            "status": ui.status_combo.currentData(),
        }

    def changed_values(self) -> dict[str, Any]:
        """The fields changed (all for a new milestone). A month left as it was keeps
        the stored day, so saving never moves a date the person did not touch."""
        values = self.values()
        m = self._milestone
        if m is None:
            return values
        if (values["period_start"].year, values["period_start"].month) == (
            m.period_start.year, m.period_start.month,
        ):
            values["period_start"] = m.period_start
        if (values["period_end"].year, values["period_end"].month) == (
            m.period_end.year, m.period_end.month,
        ):
            values["period_end"] = m.period_end
        before = {
            "period": m.period,
            "period_start": m.period_start,
            "period_end": m.period_end,
            "action": m.action,
            "owner_group_id": m.owner_group_id,
            "status": m.status,
        }
        changed = {name: value for name, value in values.items() if value != before[name]}
        # A changed month is checked against the other end, as it stands in the form.
        if "period_start" in changed or "period_end" in changed:
            changed["period_start"], changed["period_end"] = (
                values["period_start"], values["period_end"],
            )
        return changed

    def _work(self) -> Callable[[], MilestoneView] | None:
        if not self.typed_fields_read(self.ui.start_edit, self.ui.end_edit):
            return None
        form = self.values()
        if form["period_end"] < form["period_start"]:
            # The service refuses it too; in months, the words fit the form better.
            self.show_error(
                "The period must end in the month it starts or a later one.", "period_end"
            )
            return None
        values = self.changed_values()
        new_links = [
            (link.target_kind, link.target_id) for link in self.links() if link.link_id is None
        ]
        removed = list(self._removed)
        service = self._milestones
        existing = self._milestone

        def work() -> MilestoneView:
            if existing is None:
                milestone = service.add(**values)
            elif values:
                milestone = service.update(existing.id, **values)
            else:
                milestone = existing
            for kind, target_id in new_links:
                service.link(milestone.id, kind, target_id)
            for link_id in removed:
                service.unlink(link_id)
            return service.get(milestone.id)

        return work


class LinkChooser(QDialog):
    """Choose one meeting, recommendation or paper to link; type to narrow the list."""

    #: The LinkChoice chosen, emitted as the chooser accepts.
    chosen = Signal(object)

    TITLES: Final = {
        "meeting": ("Link a meeting", "&Meetings:", "No meetings yet: schedule one first."),
        "recommendation": (
            "Link a recommendation",
            "&Recommendations:",
            "No recommendations yet: a working group raises them first.",
        ),
        "paper": ("Link a paper", "&Papers:", "No papers yet."),
    }

    def __init__(
        self, kind: str, choices: Sequence[LinkChoice], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        title, list_label, empty = self.TITLES[kind]
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self._choices = list(choices)
        texts = [f"{c.label} — {c.detail}" if c.detail else c.label for c in self._choices]
        self._source = QStringListModel(texts, self)
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(self._source)
        self._proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter_edit = QLineEdit()
        self.filter_edit.setAccessibleName("Find")
        self.filter_edit.setPlaceholderText("Type to narrow the list")
        self.filter_edit.setClearButtonEnabled(True)
        find_label = QLabel("&Find:")
        find_label.setBuddy(self.filter_edit)
        self.list = QListView()
        self.list.setAccessibleName(list_label.replace("&", "").rstrip(":"))
        self.list.setModel(self._proxy)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        heading = QLabel(list_label)
        heading.setBuddy(self.list)
        self.empty_label = QLabel(empty)
        self.empty_label.setWordWrap(True)
        self.empty_label.setVisible(not self._choices)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Link")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(find_label)
        layout.addWidget(self.filter_edit)
        layout.addWidget(heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.buttons)
        self.filter_edit.textChanged.connect(self._filter)
        self.list.activated.connect(lambda _index: self.accept())
        self.filter_edit.returnPressed.connect(self.accept)
        if self._choices:
            self.list.setCurrentIndex(self._proxy.index(0, 0))
        self.resize(560, 420)
        self.filter_edit.setFocus()

    def _filter(self, text: str) -> None:
        self._proxy.setFilterFixedString(text)
        if self._proxy.rowCount() and not self.list.currentIndex().isValid():
            self.list.setCurrentIndex(self._proxy.index(0, 0))

    def keyPressEvent(self, event: Any) -> None:
        # Up and Down in the filter box move the choice, as in a search field's list.
        if self.filter_edit.hasFocus() and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.list.setFocus()
            self.list.keyPressEvent(event)
            self.filter_edit.setFocus()
            return
        super().keyPressEvent(event)

    def current_choice(self) -> LinkChoice | None:
        index = self.list.currentIndex()
        if not index.isValid():
            return None
        return self._choices[self._proxy.mapToSource(index).row()]

    def choose(self, text: str) -> bool:
        """Choose the first entry containing ``text`` (for tests and keyboard users)."""
        self.filter_edit.setText(text)
        if not self._proxy.rowCount():
            return False
        self.list.setCurrentIndex(self._proxy.index(0, 0))
        return True

    def accept(self) -> None:
        choice = self.current_choice()
        if choice is None:
            return
        self.chosen.emit(choice)
        super().accept()
