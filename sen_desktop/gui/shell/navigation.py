"""The navigation list on the left of the main window, written from the table of pages
(gui/shell/pages.py): each page's title in the table's order, the groups of the
programme indented under a "Groups" label where the groups row stands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from sen_desktop.gui.shell.keys import INDENT_ROLE, IndentDelegate
from sen_desktop.gui.shell.pages import GROUP_PREFIX, PAGES

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sen_desktop.core.programme.records import GroupSummary

#: Item data: the entry's navigation key (a page key, or "group:<id>"); Qt's UserRole.
KEY_ROLE = 256
#: Qt's AccessibleTextRole: what a screen reader says for the entry.
ACCESSIBLE_TEXT_ROLE = 11
# The roles are Qt.ItemDataRole's numbers, written as numbers: the frame reaches no enum of
# Qt's namespace before its first paint, since PySide creates all ~95 of them at the first
# touch (~13 ms; docs/architecture.md, "Start-up"). tests/gui/shell/test_startup.py holds
# them to Qt's.


class Navigation(QListWidget):
    """The list of pages; choosing an entry shows its page (the window listens)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigation")
        self.setAccessibleName("Sections")
        self.setMinimumWidth(200)
        self._settled = False

    def show_pages(self) -> None:
        """The list the first paint draws: the pages, "Groups" an entry of its own until
        ``rebuild`` (once the frame is drawn) sets the groups' label and entries under it."""
        self.clear()
        for row in PAGES:
            if row.navigation:
                self._entry(row.title, row.key)

    def rebuild(self, groups: Sequence[GroupSummary]) -> None:
        """Fill the list (again) with the pages and these groups, keeping the choice."""
        Qt = QtCore.Qt  # noqa: N806 -- reached here, after the first paint (see above)
        if not self._settled:
            self._settled = True
            self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.setTextElideMode(Qt.TextElideMode.ElideRight)
            # Groups are indented by drawing, not by leading spaces: type-ahead finds them.
            # (Set here: the first paint's pages sit at no level, and Qt draws them itself
            # faster than through Python.)
            self.setItemDelegate(IndentDelegate(self))
        current = self.current_key()
        self.blockSignals(True)
        self.clear()
        for row in PAGES:
            if not row.navigation:
                continue
            if row.key != "groups":
                self._entry(row.title, row.key)
                continue
            header = QListWidgetItem(row.title)
            # A label, not a destination: keyboard navigation passes over disabled items.
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            self.addItem(header)
            if not groups:
                placeholder = QListWidgetItem("Loading…")
                placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
                placeholder.setData(INDENT_ROLE, 1)
                self.addItem(placeholder)
            for group in groups:
                self._entry(group.name, f"{GROUP_PREFIX}{group.id}", indent=1)
        self.blockSignals(False)
        if current:
            self.select_key(current, show=False)

    def _entry(self, text: str, key: str, indent: int = 0) -> None:
        item = QListWidgetItem(text)
        item.setData(KEY_ROLE, key)
        item.setData(INDENT_ROLE, indent)
        item.setData(ACCESSIBLE_TEXT_ROLE, text)
        self.addItem(item)

    def current_key(self) -> str | None:
        item = self.currentItem()
        key = item.data(KEY_ROLE) if item is not None else None
        return key if isinstance(key, str) else None

    def select_key(self, key: str, show: bool = True) -> bool:
        """Choose the entry ``key``; with ``show`` False, quietly (no page is shown)."""
        for row in range(self.count()):
            item = self.item(row)
            if item.data(KEY_ROLE) == key:
                if not show:
                    self.blockSignals(True)
                self.setCurrentItem(item)
                self.blockSignals(False)
                return True
        return False

    def clear_choice(self) -> None:
        """No entry chosen (a page with no entry of its own is on show), quietly."""
        self.blockSignals(True)
        self.setCurrentRow(-1)
        self.blockSignals(False)
