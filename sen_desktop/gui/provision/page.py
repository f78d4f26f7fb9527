"""The provision map page: a working group's districts by the tiers of the continuum.

Issue 15 (the Project Plan's Annex 1: "map what is currently available within each
locality/district, identify gaps and make recommendations"). The page shows

- a group chooser (the need dimension working groups) and a need-type filter;
- the map: a grid of the programme's districts (rows) by the tiers (columns), each cell
  its count of provisions and places and, where the group has found a gap, the word
  GAP over a hatched background (gui/provision/models.py);
- under it, the chosen cell's provision and gaps. Arrow keys move over the map; Enter
  (or a click) on a cell lists its entries and moves there; Enter on an entry edits it,
  Delete removes it (after asking);
- buttons to add, edit and remove provision and gaps (gui/provision/dialogs.py: a
  refusal is shown beside the field it concerns) and to export the map to Word
  ("Provision map — <dimension>", papers/provision_map.py).

Every read and write runs on the worker (docs/architecture.md "The task API"); this
module imports only the provision records at load (docs/contributing.md rule 13).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from sen_desktop.core.provision.records import tier_label
from sen_desktop.gui.common.widgets import (
    export_to_word,
    label,
    page_layout,
    record_table,
    track_focus,
    yes_or_no,
)
from sen_desktop.gui.provision.models import EntryTableModel, GapTableModel, ProvisionMapModel

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from PySide6.QtWidgets import QDialog

    from sen_desktop.core.programme.records import GroupSummary
    from sen_desktop.core.provision.records import (
        GapRecord,
        ProvisionEntryRecord,
        ProvisionMap,
    )
    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.provision.criteria import CriteriaWindow
    from sen_desktop.gui.shell.pages import PageContext
    from sen_desktop.gui.shell.session import OpenProgramme

ALL_NEEDS = "All need types"


class _Keys(QObject):
    """Enter and Delete on a list, as a person expects them."""

    def __init__(self, view: QTableView, enter: Any, delete: Any = None) -> None:
        super().__init__(view)
        self._enter, self._delete = enter, delete
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._enter()
                return True
            if key == Qt.Key.Key_Delete and self._delete is not None:
                self._delete()
                return True
        return False


class ProvisionPage(QWidget):
    """One working group's provision map, its cells' entries and gaps."""

    loaded = Signal()
    #: A paper was written: its PaperRecord (for tests and the status line).
    exported = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner: TaskRunner | None = None
        self._session: OpenProgramme | None = None
        self._groups: tuple[GroupSummary, ...] = ()
        self._district, self._tier = "", ""
        self.dialog: QDialog | None = None  # the dialog last opened, for tests
        self.criteria_window: CriteriaWindow | None = None
        #: Asked before removing; tests replace it.
        self.confirm = partial(yes_or_no, self, "Provision map")
        #: Asked where to save the paper; tests replace it.
        self.ask_path: Callable[[Path], Path | None] | None = None  # the save dialog

        self.heading = label("Provision map", role="heading")
        self.group = QComboBox()
        self.group.setAccessibleName("Working group")
        self.need = QComboBox()
        self.need.setAccessibleName("Need type")
        self.need.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        # Made in the order they sit, left to right: the order Tab takes.
        self.criteria_button = QPushButton("Cr&iteria for access…")
        self.export_button = QPushButton("Export to &Word…")
        chooser = QHBoxLayout()
        for text, widget in (("&Group:", self.group), ("&Need type:", self.need)):
            caption = QLabel(text)
            caption.setBuddy(widget)
            chooser.addWidget(caption)
            chooser.addWidget(widget)
        chooser.addStretch(1)
        chooser.addWidget(self.criteria_button)
        chooser.addWidget(self.export_button)
        self.facts = label("Loading…", role="facts", wrap=True)
        self.key = label(
            "A cell gives its provisions · places; GAP (hatched) marks a gap the group found. "
            "Enter lists a cell's provision.", wrap=True,
        )

        self.model = ProvisionMapModel(self)
        self.map = QTableView()
        self.map.setModel(self.model)
        self.map.setAccessibleName("Provision map: districts by tiers")
        self.map.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.map.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.map.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.map.setTabKeyNavigation(False)
        self.map.setWordWrap(True)
        self.map.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.map.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        track_focus(self.map)
        map_label = QLabel("&Map")
        map_label.setProperty("role", "subheading")
        map_label.setBuddy(self.map)

        self.cell_heading = label("", role="subheading")
        self.entries_model = EntryTableModel(self)
        self.entries = record_table("Provision in the chosen cell")
        self.entries.setModel(self.entries_model)
        self.entries.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for short in (3, 4):  # ages, places
            self.entries.horizontalHeader().setSectionResizeMode(
                short, QHeaderView.ResizeMode.ResizeToContents
            )
        entries_label = QLabel("Provision &listed")
        entries_label.setBuddy(self.entries)
        self.gaps_model = GapTableModel(self)
        self.gaps = record_table("Gaps in the chosen cell")
        self.gaps.setModel(self.gaps_model)
        self.gaps.horizontalHeader().setStretchLastSection(True)
        gaps_label = QLabel("Gaps &here")
        gaps_label.setBuddy(self.gaps)

        self.add_entry_button = QPushButton("&Add provision…")
        self.edit_entry_button = QPushButton("&Edit provision…")
        self.remove_entry_button = QPushButton("&Remove provision")
        self.add_gap_button = QPushButton("Record a ga&p…")
        self.edit_gap_button = QPushButton("Edi&t gap…")
        self.remove_gap_button = QPushButton("Remo&ve gap")

        layout = page_layout(self)
        layout.addWidget(self.heading)
        layout.addLayout(chooser)
        layout.addWidget(self.facts)
        layout.addWidget(self.key)
        layout.addWidget(map_label)
        layout.addWidget(self.map, 5)
        layout.addWidget(self.cell_heading)
        lists = QHBoxLayout()
        for caption, view, stretch in ((entries_label, self.entries, 3),
                                       (gaps_label, self.gaps, 2)):
            column = page_column(caption, view)
            lists.addWidget(column, stretch)
        layout.addLayout(lists, 2)
        buttons = QHBoxLayout()
        for button in (self.add_entry_button, self.edit_entry_button,
                       self.remove_entry_button, self.add_gap_button, self.edit_gap_button,
                       self.remove_gap_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.setFocusProxy(self.map)

        self.group.activated.connect(lambda _row: self.reload())
        self.need.activated.connect(lambda _row: self.reload())
        self.map.selectionModel().currentChanged.connect(self._cell_changed)
        self.map.clicked.connect(self._cell_changed)
        self.map.activated.connect(lambda _index: self.list_cell())
        _Keys(self.map, self.list_cell)
        _Keys(self.entries, self.edit_entry, self.remove_entry)
        _Keys(self.gaps, self.edit_gap, self.remove_gap)
        self.entries.doubleClicked.connect(lambda _index: self.edit_entry())
        self.gaps.doubleClicked.connect(lambda _index: self.edit_gap())
        self.add_entry_button.clicked.connect(self.add_entry)
        self.edit_entry_button.clicked.connect(self.edit_entry)
        self.remove_entry_button.clicked.connect(self.remove_entry)
        self.add_gap_button.clicked.connect(self.add_gap)
        self.edit_gap_button.clicked.connect(self.edit_gap)
        self.remove_gap_button.clicked.connect(self.remove_gap)
        self.export_button.clicked.connect(self.export)
        self.criteria_button.clicked.connect(self.show_criteria)
        self._update_buttons()

    # --- the page contract -------------------------------------------------------------

    def open(self, context: PageContext) -> None:
        self._runner, self._session = context.runner, context.session
        working = tuple(g for g in context.groups if g.kind == "working")
        if working != self._groups:
            chosen = self.group.currentData()
            self._groups = working
            self.group.clear()
            for group in working:
                self.group.addItem(group.name, group.id)
            self.group.setCurrentIndex(max(self.group.findData(chosen), 0))
        self.reload()

    def reload(self) -> None:
        if self._runner is None or self._session is None:
            return
        group_id = self.group.currentData()
        if not group_id:
            self.facts.setText("There are no need dimension working groups to map.")
            self.loaded.emit()
            return
        need = self.need.currentData() or None
        service = self._session.provision
        self._runner.run(lambda: service.provision_map(str(group_id), need), self.set_map,
                         self._failed, channel="provision", owner=self)

    def provision_map(self) -> ProvisionMap | None:
        return self.model.provision_map()

    def set_map(self, found: ProvisionMap) -> None:
        self.model.set_map(found)
        self._fill_needs(found)
        gaps, open_gaps = len(found.gaps), len(found.unanswered_gaps)
        self.facts.setText(
            f"{found.group_name}: {len(found.entries):,} provision"
            f"{'s' if len(found.entries) != 1 else ''}, {found.places:,} places"
            f"{'' if found.need_type is None else ' for ' + found.need_type}; {gaps} gap"
            f"{'s' if gaps != 1 else ''}, {open_gaps} without a recommendation."
            + off_the_map_words(len(found.off_the_map))
        )
        index = self.model.index_of(self._district, self._tier)
        if not index.isValid():
            index = self.model.index(0, 0)
        self.map.setCurrentIndex(index)
        self._cell_changed(index)
        self.loaded.emit()

    def _fill_needs(self, found: ProvisionMap) -> None:
        wanted = [ALL_NEEDS, *found.need_types]
        if [self.need.itemText(i) for i in range(self.need.count())] != wanted:
            self.need.clear()
            self.need.addItem(ALL_NEEDS, "")
            for need in found.need_types:
                self.need.addItem(need, need)
        self.need.setCurrentIndex(max(self.need.findData(found.need_type or ""), 0))

    def _failed(self, error: Exception) -> None:
        self.facts.setText(getattr(error, "message", str(error)))
        self.loaded.emit()

    # --- the chosen cell ----------------------------------------------------------------

    def choose_cell(self, district: str, tier: str) -> None:
        index = self.model.index_of(district, tier)
        self.map.setCurrentIndex(index)
        self._cell_changed(index)

    def _cell_changed(self, index: QModelIndex, _previous: Any = None) -> None:
        cell = self.model.cell_at(index)
        found = self.model.provision_map()
        if cell is None or found is None:
            self.cell_heading.clear()
            self.entries_model.set_records([])
            self.gaps_model.set_records([])
        else:
            self._district, self._tier = cell.district, cell.tier
            self.cell_heading.setText(
                f"{cell.district} — {tier_label(cell.tier)}: {cell.summary}"
            )
            self.entries_model.set_records(found.entries_in(cell.district, cell.tier))
            self.gaps_model.set_records(cell.gaps)
        self._update_buttons()

    def list_cell(self) -> None:
        """Enter on a cell: its provision is listed, and the focus goes there."""
        self._cell_changed(self.map.currentIndex())
        if not self.entries_model.rowCount() and not self.gaps_model.rowCount():
            self.add_entry_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        target = self.entries if self.entries_model.rowCount() else self.gaps
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        target.setCurrentIndex(target.model().index(0, 0))

    def chosen_entry(self) -> ProvisionEntryRecord | None:
        return self.entries_model.record(self.entries.currentIndex().row())

    def chosen_gap(self) -> GapRecord | None:
        return self.gaps_model.record(self.gaps.currentIndex().row())

    def _update_buttons(self) -> None:
        ready = self.model.provision_map() is not None
        for button in (self.add_entry_button, self.add_gap_button, self.export_button,
                       self.criteria_button):
            button.setEnabled(ready)
        for button in (self.edit_entry_button, self.remove_entry_button):
            button.setEnabled(ready and self.entries_model.rowCount() > 0)
        for button in (self.edit_gap_button, self.remove_gap_button):
            button.setEnabled(ready and self.gaps_model.rowCount() > 0)

    # --- adding and changing ------------------------------------------------------------

    def add_entry(self) -> None:
        self._entry_dialog(None)

    def edit_entry(self) -> None:
        entry = self.chosen_entry() or self.entries_model.record(0)
        if entry is not None:
            self._entry_dialog(entry)

    def _entry_dialog(self, entry: ProvisionEntryRecord | None) -> None:
        from sen_desktop.gui.provision.dialogs import EntryDialog

        found = self.model.provision_map()
        if found is None or self._runner is None or self._session is None:
            return
        self._show(EntryDialog(self._runner, self._session.provision, found, entry,
                               district=self._district, tier=self._tier, parent=self))

    def add_gap(self) -> None:
        self._gap_dialog(None)

    def edit_gap(self) -> None:
        gap = self.chosen_gap() or self.gaps_model.record(0)
        if gap is not None:
            self._gap_dialog(gap)

    def _gap_dialog(self, gap: GapRecord | None) -> None:
        from sen_desktop.gui.provision.dialogs import GapDialog

        found = self.model.provision_map()
        if found is None or self._runner is None or self._session is None:
            return
        self._show(GapDialog(self._runner, self._session.provision, found, gap,
                             district=self._district, tier=self._tier, parent=self))

    def _show(self, dialog: Any) -> None:
        self.dialog = dialog
        dialog.saved.connect(lambda _record: self.reload())
        dialog.finished.connect(lambda _code: self.map.setFocus())
        dialog.open()

    def remove_entry(self) -> None:
        entry = self.chosen_entry()
        if entry is None or self._runner is None or self._session is None:
            return
        if not self.confirm(f"Remove {entry.name} from the map?"):
            return
        service = self._session.provision
        self._runner.run(lambda: service.remove_entry(entry.id), lambda _r: self.reload(),
                         self._failed, owner=self)

    def remove_gap(self) -> None:
        gap = self.chosen_gap()
        if gap is None or self._runner is None or self._session is None:
            return
        if not self.confirm(f"Remove the gap in {gap.district} at "
                            f"{tier_label(gap.tier).lower()}?"):
            return
        service = self._session.provision
        self._runner.run(lambda: service.remove_gap(gap.id), lambda _r: self.reload(),
                         self._failed, owner=self)

    # --- criteria for access ------------------------------------------------------------

    def show_criteria(self) -> None:
        """The group's criteria for access, in a window over the page."""
        from sen_desktop.gui.provision.criteria import CriteriaWindow

        found = self.model.provision_map()
        if found is None or self._runner is None or self._session is None:
            return
        if self.criteria_window is not None:
            self.criteria_window.close()
        window = CriteriaWindow(self._runner, self._session.criteria, found.group_id,
                                found.group_name, found.recommendations, self)
        self.criteria_window = window
        window.finished.connect(lambda _code: self.map.setFocus())
        window.open()
        window.reload(choose_last=True)

    # --- Word -----------------------------------------------------------------------------

    def export(self) -> None:
        found = self.model.provision_map()
        if found is None or self._runner is None or self._session is None:
            return
        session, group_id = self._session, found.group_id

        def write(path: Path) -> Any:
            from sen_desktop.papers.provision_map import provision_map_paper

            return provision_map_paper(session, group_id, path, data_dir=session.data_dir)

        export_to_word(self, self._runner, ask_path=self.ask_path,
                       caption="Export the provision map to Word",
                       name=f"Provision map {found.group_code}", fallback="Provision map",
                       write=write,
                       wrote=lambda r: f"provision map {r.reference}, version {r.version}",
                       failed=self._failed)


def off_the_map_words(count: int) -> str:
    """What the facts line adds when entries name districts the map has no row for."""
    if not count:
        return ""
    return (
        f" {count} provision{' names a district' if count == 1 else 's name districts'} "
        "not in the programme's list (Edit ▸ Settings): "
        f"{'it is' if count == 1 else 'they are'} in the Word paper, not on the map."
    )


def page_column(caption: QLabel, view: QTableView) -> QWidget:
    from PySide6.QtWidgets import QVBoxLayout

    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(caption)
    column.addWidget(view)
    return holder


__all__ = ["ProvisionPage"]
