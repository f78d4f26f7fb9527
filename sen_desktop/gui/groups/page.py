"""The group page: name, kind, reporting line and quorum, the remit, and the seats."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.gui.common import resources
from sen_desktop.gui.common.models import KIND_LABELS, SeatTableModel
from sen_desktop.gui.common.widgets import (
    label,
    page_layout,
    reading_pane,
    record_table,
    section_heading,
)
from sen_desktop.gui.papers.target import ExportTarget
from sen_desktop.gui.shell.pages import GROUP_PREFIX
from sen_desktop.papers.kinds import ACTION_LOG

if TYPE_CHECKING:
    from sen_desktop.core.people.records import SeatView
    from sen_desktop.core.programme.records import GroupDetail
    from sen_desktop.gui.shell.pages import PageContext


def group_facts(group: GroupDetail) -> str:
    """"Need dimension working group: BESD · Reports to: … · Quorum: 4 members present"."""
    kind = KIND_LABELS.get(group.kind, group.kind.capitalize())
    parts = [f"{kind}: {group.dimension}" if group.dimension else kind]
    if group.reports_to_name:
        parts.append(f"Reports to: {group.reports_to_name}")
    noun = "member" if group.quorum == 1 else "members"
    parts.append(f"Quorum: {group.quorum} {noun} present")
    return "   ·   ".join(parts)


def seat_rule_text(group: GroupDetail) -> str:
    """The rule in words and whether it is met, naming who meets it."""
    rule = (group.seat_rule or "").strip().rstrip(".")
    who = [
        seat.holder.person_name
        for seat in group.seats
        if seat.rule_applies and seat.holder is not None and seat.holder.meets_seat_rule
    ]
    met = f"met ({', '.join(who)})" if who else "met"
    status = met if group.seat_rule_met else "not yet met"
    return f"Seat rule (seats marked *): {rule} — {status}"


class GroupPage(QWidget):
    """Shows one group, loaded on the worker when opened; the window handles the
    buttons (the appointments are its People and Groups menus' commands)."""

    loaded = Signal()
    seat_selection_changed = Signal()
    appoint_requested = Signal()
    end_requested = Signal()
    role_requested = Signal()
    #: Enter or double-click on a seat.
    seat_activated = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._group: GroupDetail | None = None
        self._context: PageContext | None = None
        self._wanted: str | None = None  # the group shown, or on its way from the worker
        self.heading = label("", role="heading")
        self.heading.setAccessibleDescription("Group")
        self.facts = label("", role="facts", wrap=True)

        self.seats_model = SeatTableModel(self)
        self.seat_table = record_table("Seats")
        self.seat_table.setModel(self.seats_model)
        header = self.seat_table.horizontalHeader()
        header.setSectionResizeMode(SeatTableModel.NUMBER, header.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SeatTableModel.SEAT, header.ResizeMode.Stretch)
        header.setSectionResizeMode(SeatTableModel.HELD_BY, header.ResizeMode.Interactive)
        header.setSectionResizeMode(SeatTableModel.SINCE, header.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SeatTableModel.ROLE, header.ResizeMode.ResizeToContents)
        header.resizeSection(SeatTableModel.HELD_BY, 170)
        self.seat_table.selectionModel().selectionChanged.connect(
            lambda *_: self.seat_selection_changed.emit()
        )
        self.seat_table.activated.connect(lambda *_: self.seat_activated.emit())

        self.rule_icon = QLabel()
        self.rule_icon.setFixedSize(20, 20)
        self.rule_text = label("", wrap=True)
        self.rule_text.setAccessibleDescription("Seat rule")

        self.appoint_button = QPushButton("Appo&int…")
        self.appoint_button.setAccessibleName("Appoint to the selected seat")
        self.appoint_button.clicked.connect(self.appoint_requested)
        self.end_button = QPushButton("E&nd appointment…")
        self.end_button.setAccessibleName("End the appointment in the selected seat")
        self.end_button.clicked.connect(self.end_requested)
        # Alt+R is the Remit heading's (and the Recommendations menu's): "o" is free.
        self.role_button = QPushButton("Seat role…")  # every letter is a menu's
        self.role_button.setAccessibleName("Set the role of the selected seat")
        self.role_button.setToolTip("Mark the selected seat as the chair, the vice-chair or "
                                    "an ordinary member seat")
        self.role_button.clicked.connect(self.role_requested)

        self.remit = reading_pane("Remit")

        layout = page_layout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.facts)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._seats_panel())
        splitter.addWidget(self._remit_panel())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([640, 360])
        self.splitter = splitter
        layout.addWidget(splitter, 1)
        self.setTabOrder(self.seat_table, self.appoint_button)
        self.setTabOrder(self.appoint_button, self.end_button)
        self.setTabOrder(self.end_button, self.role_button)
        self.setTabOrder(self.role_button, self.remit)
        self._update_buttons()
        self.seat_selection_changed.connect(self._update_buttons)

    def _seats_panel(self) -> QWidget:
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 12, 0)
        column.addWidget(section_heading("&Seats", self.seat_table))
        column.addWidget(self.seat_table, 1)
        rule_row = QHBoxLayout()
        rule_row.addWidget(self.rule_icon, 0, Qt.AlignmentFlag.AlignTop)
        rule_row.addWidget(self.rule_text, 1)
        self.rule_row = QWidget()
        self.rule_row.setLayout(rule_row)
        rule_row.setContentsMargins(0, 4, 0, 4)
        column.addWidget(self.rule_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.appoint_button)
        buttons.addWidget(self.end_button)
        buttons.addWidget(self.role_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        return panel

    def _remit_panel(self) -> QWidget:
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(12, 0, 0, 0)
        column.addWidget(section_heading("Re&mit", self.remit))
        column.addWidget(self.remit, 1)
        return panel

    # --- showing a group ---------------------------------------------------------------

    def open(self, context: PageContext) -> None:
        """Show the group of the navigation entry chosen ("group:<id>")."""
        self._context = context
        self.reload(context.key.removeprefix(GROUP_PREFIX))

    def reload(self, group_id: str | None = None, select_seat_id: str | None = None) -> None:
        """Load the group (by default the one on show) again, choosing ``select_seat_id``."""
        context = self._context
        group_id = group_id or self._wanted
        if context is None or group_id is None:
            return
        shown = self._group
        if shown is None or shown.id != group_id:
            self.show_loading(next((g.name for g in context.groups if g.id == group_id), ""))
        self._wanted = group_id
        programme, today = context.session.programme, context.today

        # A later click on another group supersedes this one (the channel keeps the newest).
        context.runner.run(lambda: programme.group(group_id, on=today),
                           lambda detail: self.set_group(detail, select_seat_id),
                           channel="groups", owner=self)

    def show_first(self, group: GroupDetail) -> None:
        """Show ``group`` as the window's first look read it, before the programme is
        open (docs/architecture.md, "Start-up"); ``open`` follows once it is."""
        self._wanted = group.id
        self.set_group(group)

    def group(self) -> GroupDetail | None:
        return self._group

    def export_target(self) -> ExportTarget | str:
        """File > Export to Word… here: the group's action log."""
        group = self._group
        if group is None:
            return "Export to Word: the group is still loading."
        return ExportTarget(ACTION_LOG, group.id, f"the action log of the {group.name}")

    def show_loading(self, name: str) -> None:
        self.heading.setText(name)
        self.facts.setText("Loading…")

    def set_group(self, group: GroupDetail, select_seat_id: str | None = None) -> None:
        same_group = self._group is not None and self._group.id == group.id
        previous = self.selected_seat()
        self._group = group
        self.heading.setText(group.name)
        self.facts.setText(group_facts(group))
        self.seat_table.setAccessibleName(f"Seats of the {group.name}")
        self.seats_model.set_records(group.seats)
        self.remit.setHtml(
            "<ol style='margin-left: 0px'>"
            + "".join(
                f"<li style='margin-bottom: 8px'>{escape(point.text)}</li>"
                for point in group.remit
            )
            + "</ol>"
        )
        self._show_rule(group)
        keep = select_seat_id or (previous.id if same_group and previous else None)
        if keep:
            self.select_seat(keep)
        self._update_buttons()
        self.loaded.emit()

    def _show_rule(self, group: GroupDetail) -> None:
        if group.seat_rule_met is None:
            self.rule_row.hide()
            return
        name = "seat-rule-met" if group.seat_rule_met else "seat-rule-not-met"
        self.rule_icon.setPixmap(resources.pixmap(name, 20, self.devicePixelRatioF()))
        self.rule_icon.setAccessibleName("Met" if group.seat_rule_met else "Not yet met")
        self.rule_text.setText(seat_rule_text(group))
        self.rule_row.show()

    # --- seats -------------------------------------------------------------------------

    def selected_seat(self) -> SeatView | None:
        rows = self.seat_table.selectionModel().selectedRows()
        return self.seats_model.record(rows[0].row()) if rows else None

    def select_seat(self, seat_id: str) -> bool:
        row = self.seats_model.row_of(seat_id)
        if row < 0:
            return False
        index = self.seats_model.index(row, 0)
        self.seat_table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.seat_table.scrollTo(index)
        return True

    def _update_buttons(self) -> None:
        seat = self.selected_seat()
        self.appoint_button.setEnabled(seat is not None)
        self.end_button.setEnabled(seat is not None and seat.holder is not None)
        self.role_button.setEnabled(seat is not None)
