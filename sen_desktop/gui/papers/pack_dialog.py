"""Make a pack of papers…: the title, who it is for, the meeting date, and the papers in
order (meetings' minutes, action logs, recommendation papers).

The dialog only gathers the choice: the ExportController asks where to save, runs the
pack on the worker with a progress bar and Cancel. What can be included is read on the
worker (``PapersService`` lists) and arrives as plain ``PackChoices``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from sen_desktop.gui.common.dialogs import pydate, qdate, setup_form
from sen_desktop.gui.common.widgets import track_focus
from sen_desktop.gui.forms.ui_pack_dialog import Ui_PackDialog
from sen_desktop.papers.kinds import ACTION_LOG

if TYPE_CHECKING:
    from collections.abc import Sequence

_ITEM_ROLE = Qt.ItemDataRole.UserRole

#: The kind filter: (label, kind or None for all).
KIND_CHOICES = (
    ("All papers", None),
    ("Minutes", "minutes"),
    ("Action logs", ACTION_LOG),
    ("Recommendation papers", "recommendation"),
)


@dataclass(frozen=True)
class PaperChoice:
    """A paper the pack may hold: its kind, the id (or "ALL") it is of, and its name."""

    kind: str  # papers/kinds.py: "minutes" | "action_log" | "recommendation"
    ref: str  # meeting id, group id or "ALL", recommendation id
    label: str  # "Minutes BESD/12 — Tuesday 9 August 2011"


@dataclass(frozen=True)
class PackChoices:
    """What the dialog offers, read on the worker."""

    papers: tuple[PaperChoice, ...]
    bodies: tuple[tuple[str, str], ...]  # (code, name): SMT, Cabinet …
    groups: tuple[tuple[str, str], ...]  # (code, name)


@dataclass(frozen=True)
class PackRequest:
    """The pack a person asked for."""

    title: str
    body: str
    date: dt.date
    items: tuple[PaperChoice, ...]


class PackDialog(QDialog):
    """Choose the pack's title, body, date and papers; emits ``chosen`` on OK."""

    chosen = Signal(object)  # PackRequest

    def __init__(
        self,
        choices: PackChoices,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.form = Ui_PackDialog()
        setup_form(self.form, self)
        f = self.form
        self._choices = choices
        f.form_error.hide()
        for code, name in choices.bodies:
            f.body_combo.addItem(name, code)
        for code, name in choices.groups:
            f.body_combo.addItem(name, code)
        f.body_combo.setCurrentIndex(0 if f.body_combo.count() else -1)
        f.date_edit.setDate(qdate(today or dt.date.today()))
        for label, kind in KIND_CHOICES:
            f.kind_combo.addItem(label, kind)
        self.ok_button.setText("Make pack…")
        self.ok_button.setAccessibleName("Make the pack and choose where to save it")
        f.title_edit.setText(self._default_title())
        f.body_combo.currentTextChanged.connect(self._body_changed)
        self._title_follows_body = True
        f.title_edit.textEdited.connect(self._title_edited)
        f.kind_combo.currentIndexChanged.connect(lambda _i: self._fill_available())
        f.filter_edit.textChanged.connect(lambda _t: self._fill_available())
        # The chosen row is dark only in the list that has the focus (it was Qt's own
        # 3.7:1 blue in both): which list Enter and the arrows work on shows on the row.
        for paper_list in (f.available_list, f.chosen_list):
            track_focus(paper_list)
        f.available_list.itemActivated.connect(lambda _item: self.add_selected())
        f.chosen_list.itemActivated.connect(lambda _item: self.remove_selected())
        f.add_button.clicked.connect(self.add_selected)
        f.remove_button.clicked.connect(self.remove_selected)
        f.up_button.clicked.connect(lambda: self.move_selected(-1))
        f.down_button.clicked.connect(lambda: self.move_selected(1))
        f.available_list.itemSelectionChanged.connect(self._update_buttons)
        f.chosen_list.itemSelectionChanged.connect(self._update_buttons)
        f.chosen_list.currentRowChanged.connect(lambda _r: self._update_buttons())
        f.title_edit.textChanged.connect(lambda _t: self._update_buttons())
        f.button_box.accepted.connect(self.accept)
        f.button_box.rejected.connect(self.reject)
        self._fill_available()
        self._update_buttons()
        f.title_edit.setFocus()

    # --- the lists -------------------------------------------------------------------

    @property
    def ok_button(self) -> QPushButton:
        button = self.form.button_box.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def _fill_available(self) -> None:
        f = self.form
        kind = f.kind_combo.currentData()
        words = f.filter_edit.text().casefold().split()
        f.available_list.setUpdatesEnabled(False)
        f.available_list.clear()
        for paper in self._choices.papers:
            if kind is not None and paper.kind != kind:
                continue
            label = paper.label.casefold()
            if all(word in label for word in words):
                f.available_list.addItem(_item(paper))
        f.available_list.setUpdatesEnabled(True)
        if f.available_list.count():
            f.available_list.setCurrentRow(0)
        self._update_buttons()

    def available(self) -> list[PaperChoice]:
        """The papers listed as available now (after the kind and text filters)."""
        return _papers(self.form.available_list)

    def chosen_papers(self) -> list[PaperChoice]:
        return _papers(self.form.chosen_list)

    def add_paper(self, paper: PaperChoice) -> None:
        """Put ``paper`` at the end of the pack (once: a paper is not repeated)."""
        if paper in self.chosen_papers():
            return
        self.form.chosen_list.addItem(_item(paper))
        self.form.chosen_list.setCurrentRow(self.form.chosen_list.count() - 1)
        self._update_buttons()

    def add_selected(self) -> None:
        f = self.form
        rows = sorted(f.available_list.row(item) for item in f.available_list.selectedItems())
        if not rows and f.available_list.currentRow() >= 0:
            rows = [f.available_list.currentRow()]
        for row in rows:
            paper = f.available_list.item(row).data(_ITEM_ROLE)
            if isinstance(paper, PaperChoice):
                self.add_paper(paper)

    def remove_selected(self) -> None:
        f = self.form
        row = f.chosen_list.currentRow()
        if row < 0:
            return
        f.chosen_list.takeItem(row)
        if f.chosen_list.count():
            f.chosen_list.setCurrentRow(min(row, f.chosen_list.count() - 1))
        self._update_buttons()

    def move_selected(self, step: int) -> None:
        f = self.form
        row = f.chosen_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < f.chosen_list.count():
            return
        item = f.chosen_list.takeItem(row)
        f.chosen_list.insertItem(target, item)
        f.chosen_list.setCurrentRow(target)
        self._update_buttons()

    def _update_buttons(self) -> None:
        f = self.form
        row, count = f.chosen_list.currentRow(), f.chosen_list.count()
        for n in range(count):  # "1. Minutes SG/9 — …": the order the contents will show
            item = f.chosen_list.item(n)
            paper = item.data(_ITEM_ROLE)
            if isinstance(paper, PaperChoice):
                item.setText(f"{n + 1}. {paper.label}")
        f.add_button.setEnabled(
            bool(f.available_list.selectedItems()) or f.available_list.currentRow() >= 0
        )
        f.remove_button.setEnabled(row >= 0)
        f.up_button.setEnabled(row > 0)
        f.down_button.setEnabled(0 <= row < count - 1)
        f.count_label.setText(
            "No papers yet: add them from the list on the left."
            if count == 0
            else f"{count} paper{'s' if count != 1 else ''}, each from a new page."
        )
        self.ok_button.setEnabled(count > 0 and bool(f.title_edit.text().strip()))

    # --- title and body ----------------------------------------------------------------

    def _default_title(self) -> str:
        body = self.form.body_combo.currentText().strip()
        return f"Papers for the {body}" if body else "Papers"

    def _body_changed(self, _text: str) -> None:
        if self._title_follows_body:
            self.form.title_edit.setText(self._default_title())

    def _title_edited(self, _text: str) -> None:
        self._title_follows_body = False

    # --- the answer --------------------------------------------------------------------

    def request(self) -> PackRequest:
        f = self.form
        return PackRequest(
            title=" ".join(f.title_edit.text().split()),
            body=" ".join(f.body_combo.currentText().split()),
            date=pydate(f.date_edit.date()),
            items=tuple(self.chosen_papers()),
        )

    def accept(self) -> None:
        # The typed date box says what it cannot read, once, under itself; the form's
        # error line would only repeat it.
        if not self.form.date_edit.valid:
            self.form.form_error.hide()
            self.form.date_edit.tidy()
            self.form.date_edit.setFocus()
            return
        request = self.request()
        problem = ""
        if not request.title:
            problem = "Give the pack a title."
        elif not request.items:
            problem = "Add at least one paper to the pack."
        if problem:
            self.form.form_error.setText(problem)
            self.form.form_error.show()
            return
        self.chosen.emit(request)
        super().accept()


def _item(paper: PaperChoice) -> QListWidgetItem:
    item = QListWidgetItem(paper.label)
    item.setData(_ITEM_ROLE, paper)
    item.setToolTip(paper.label)
    return item


def _papers(widget: QListWidget) -> list[PaperChoice]:
    out = []
    for row in range(widget.count()):
        paper = widget.item(row).data(_ITEM_ROLE)
        if isinstance(paper, PaperChoice):
            out.append(paper)
    return out


def pack_choices_from(
    groups: Sequence[tuple[str, str, str]],
    meetings: Sequence[tuple[str, str, str]],
    recommendations: Sequence[tuple[str, str, str]],
    bodies: Sequence[tuple[str, str]],
) -> PackChoices:
    """Choices from (id, reference, description) lists: minutes newest first, then the
    action logs (all groups, then each group), then the recommendation papers."""
    papers: list[PaperChoice] = [
        PaperChoice("minutes", mid, f"Minutes {ref} — {when}")
        for mid, ref, when in reversed(meetings)
    ]
    papers.append(PaperChoice(ACTION_LOG, "ALL", "Action log — all groups"))
    papers.extend(
        PaperChoice(ACTION_LOG, gid, f"Action log {ref} — {name}") for gid, ref, name in groups
    )
    papers.extend(
        PaperChoice("recommendation", rid, f"Recommendation paper {ref} — {title}")
        for rid, ref, title in recommendations
    )
    return PackChoices(
        papers=tuple(papers),
        bodies=tuple(bodies),
        groups=tuple((ref, name) for _gid, ref, name in groups),
    )
