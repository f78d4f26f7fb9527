"""Help ▸ User guide (F1), Help ▸ Keyboard shortcuts (Ctrl+/) and About.

``HelpWindow`` is a window beside the main one, not a modal dialog, so the guide can stay
open while the person follows it. Its keyboard list is read from the menu bar and the
window's actions each time it is shown: there is no hand-kept list to fall behind.
"""

from __future__ import annotations

import importlib.metadata
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMenuBar,
    QMessageBox,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sen_desktop import __version__
from sen_desktop.gui.common import resources
from sen_desktop.gui.help.user_guide import SECTIONS, GuideSection, render
from sen_desktop.gui.shell.keys import tip_clear_buttons

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from pathlib import Path

    from sen_desktop.gui.shell.menus import MenuCommands

APP_NAME = "SEN Secretariat"
#: Who to ask: the programme's own people, never an address made up here.
CONTACT = ("For help, ask your programme lead or the secretary who set up this laptop; "
           "for a fault, tell them what you were doing and what the window said.")
#: The heading of keys found on the window but in no menu.
ON_PAGES = "On the pages"


def app_version() -> str:
    """The installed package's version (what a support call needs), else the source's."""
    try:
        return importlib.metadata.version("sen-desktop")
    except importlib.metadata.PackageNotFoundError:  # run from a bare checkout
        return __version__


def key_text(sequences: Iterable[QKeySequence]) -> str:
    """"Ctrl+Shift+M" or "Ctrl+PgDown or Alt+Down", as this platform writes keys; the
    dedicated keys of some keyboards ("Copy", "Undo", "Help") are left out."""
    texts = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in sequences
             if not s.isEmpty() and not _dedicated(s)]
    return " or ".join(t for t in texts if t)


def _dedicated(sequence: QKeySequence) -> bool:
    combination = sequence[0]  # type: ignore[index]  # PySide's stubs lack __getitem__
    return bool(combination.keyboardModifiers() == Qt.KeyboardModifier.NoModifier
                and combination.key().value >= Qt.Key.Key_Help.value)


def plain(text: str) -> str:
    """A menu text without its access-key marker ("Sa&ve" → "Save", "&&" → "&")."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


# --- the keyboard list -----------------------------------------------------------------


@dataclass(frozen=True)
class ShortcutRow:
    group: str  # the menu ("Meetings") or ON_PAGES
    command: str
    keys: str


def shortcut_rows(menu_bar: QMenuBar, window: QWidget) -> list[ShortcutRow]:
    """Every command with keys: each menu's in menu order, then any other action or
    QShortcut of ``window`` that has keys (a page's own)."""
    rows: list[ShortcutRow] = []
    listed: set[int] = set()
    for menu_action in menu_bar.actions():
        menu = menu_action.menu()
        if not isinstance(menu, QMenu):
            continue
        group = plain(menu_action.text())
        for action in _menu_actions(menu):
            listed.add(id(action))
            keys = key_text(action.shortcuts())
            if keys:
                rows.append(ShortcutRow(group, _command_text(action), keys))
    for action in window.findChildren(QAction):
        if id(action) in listed or not action.shortcuts():
            continue
        if not action.isVisible() or action.menu() is not None:
            continue
        rows.append(ShortcutRow(ON_PAGES, _command_text(action), key_text(action.shortcuts())))
    for shortcut in window.findChildren(QShortcut):
        what = shortcut.whatsThis()
        if what and not shortcut.key().isEmpty():
            rows.append(ShortcutRow(ON_PAGES, what, key_text([shortcut.key()])))
    return rows


def _menu_actions(menu: QMenu) -> list[QAction]:
    found: list[QAction] = []
    for action in menu.actions():
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            found.extend(_menu_actions(submenu))
        elif not action.isSeparator():
            found.append(action)
    return found


def _command_text(action: QAction) -> str:
    # Undo and Redo carry the command they would undo ("Undo Add action SG-2").
    if action.objectName() in ("action_undo", "action_redo"):
        return "Undo" if action.objectName() == "action_undo" else "Redo"
    return plain(action.text())


# --- the guide's {action} placeholders ------------------------------------------------


def action_keys(actions: MenuCommands, menu_bar: QMenuBar) -> dict[str, str]:
    """For each action name the guide may use: its keys, else where to find it."""
    named: dict[str, QAction] = {
        f.name: action for f in fields(actions)
        if isinstance(action := getattr(actions, f.name), QAction)
    }  # the Go menu's (a tuple) are found below, by their names in the menu
    menus = _menu_of(menu_bar)
    # Another slice's action in a menu, by its object name ("action_settings" → settings).
    for menu_action in menu_bar.actions():
        menu = menu_action.menu()
        if isinstance(menu, QMenu):
            for action in _menu_actions(menu):
                name = action.objectName().removeprefix("action_")
                if name and name not in named:
                    named[name] = action
    result: dict[str, str] = {}
    for name, action in named.items():
        first = action.shortcut()
        if not first.isEmpty():
            result[name] = first.toString(QKeySequence.SequenceFormat.NativeText)
        else:
            title = menus.get(id(action))
            result[name] = f"in the {title} menu" if title else "in the menus"
    return result


def _menu_of(menu_bar: QMenuBar) -> dict[int, str]:
    found: dict[int, str] = {}
    for menu_action in menu_bar.actions():
        menu = menu_action.menu()
        if isinstance(menu, QMenu):
            for action in _menu_actions(menu):
                found[id(action)] = plain(menu_action.text())
    return found


# --- the window ---------------------------------------------------------------------------


class HelpWindow(QDialog):
    """The user guide (a page per task) and the keyboard list, on two tabs."""

    def __init__(
        self,
        actions: MenuCommands,
        menu_bar: QMenuBar,
        keys_window: QWidget,
        parent: QWidget | None = None,
        sections: Sequence[GuideSection] = SECTIONS,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME} — Help")
        self.setObjectName("help_window")
        self.setModal(False)
        self._actions, self._menu_bar, self._keys_window = actions, menu_bar, keys_window
        self._sections = list(sections)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Help")
        # The guide: topics on the left, the chosen one on the right.
        self.topics = QListWidget()
        self.topics.setAccessibleName("Guide topics")
        self.topics.setMaximumWidth(230)
        for section in self._sections:
            item = QListWidgetItem(section.title)
            item.setData(Qt.ItemDataRole.UserRole, section.key)
            self.topics.addItem(item)
        self.text = QTextBrowser()
        self.text.setAccessibleName("Guide text")
        self.text.setOpenExternalLinks(False)
        self.topics.currentRowChanged.connect(self._show_section)
        topics_label = QLabel("&Topics:")
        topics_label.setBuddy(self.topics)
        guide = QWidget()
        guide_layout = QHBoxLayout(guide)
        left = QVBoxLayout()
        left.addWidget(topics_label)
        left.addWidget(self.topics, 1)
        guide_layout.addLayout(left)
        guide_layout.addWidget(self.text, 1)
        self.tabs.addTab(guide, "&User guide")

        # The keyboard list, with a box to narrow it.
        self.filter = QLineEdit()
        self.filter.setAccessibleName("Find a command")
        self.filter.setPlaceholderText("Type part of a command's name or keys")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        filter_label = QLabel("&Find:")
        filter_label.setBuddy(self.filter)
        self.keys = QTreeWidget()
        self.keys.setAccessibleName("Keyboard shortcuts")
        self.keys.setHeaderLabels(["Command", "Keys"])
        self.keys.setRootIsDecorated(True)
        self.keys.setUniformRowHeights(True)
        self.keys.setColumnWidth(0, 380)
        keyboard = QWidget()
        keyboard_layout = QVBoxLayout(keyboard)
        row = QHBoxLayout()
        row.addWidget(filter_label)
        row.addWidget(self.filter, 1)
        keyboard_layout.addLayout(row)
        keyboard_layout.addWidget(self.keys, 1)
        self.tabs.addTab(keyboard, "&Keyboard shortcuts")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(900, 620)
        tip_clear_buttons(self)

    # --- showing -------------------------------------------------------------------------

    def show_guide(self, section_key: str | None = None) -> None:
        """Show the guide at ``section_key`` (else where it was, else the first topic)."""
        self.tabs.setCurrentIndex(0)
        keys = [s.key for s in self._sections]
        if section_key in keys:
            self.topics.setCurrentRow(keys.index(section_key))
        elif self.topics.currentRow() < 0:
            self.topics.setCurrentRow(0)
        self._raise()
        self.topics.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_shortcuts(self) -> None:
        self.fill_shortcuts()
        self.tabs.setCurrentIndex(1)
        self._raise()
        self.filter.setFocus(Qt.FocusReason.OtherFocusReason)

    def _raise(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()

    def _show_section(self, row: int) -> None:
        if not 0 <= row < len(self._sections):
            return
        keys = action_keys(self._actions, self._menu_bar)
        section = self._sections[row]
        self.text.setMarkdown(f"## {section.title}\n\n"
                              + render(section, lambda name: keys.get(name, name)))

    def fill_shortcuts(self) -> None:
        """Read the keys afresh: menus other slices added since are listed too."""
        self.keys.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for row in shortcut_rows(self._menu_bar, self._keys_window):
            parent = groups.get(row.group)
            if parent is None:
                parent = QTreeWidgetItem(self.keys, [row.group, ""])
                parent.setFirstColumnSpanned(True)
                bold = parent.font(0)
                bold.setBold(True)
                parent.setFont(0, bold)
                groups[row.group] = parent
            QTreeWidgetItem(parent, [row.command, row.keys])
        self.keys.expandAll()
        self._apply_filter(self.filter.text())

    def _groups(self) -> list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]]:
        found = []
        for index in range(self.keys.topLevelItemCount()):
            group = self.keys.topLevelItem(index)
            if group is not None:
                children = [group.child(i) for i in range(group.childCount())]
                found.append((group, [c for c in children if c is not None]))
        return found

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().lower()
        for group, children in self._groups():
            shown = 0
            for child in children:
                match = (not needle or needle in child.text(0).lower()
                         or needle in child.text(1).lower() or needle in group.text(0).lower())
                child.setHidden(not match)
                shown += match
            group.setHidden(shown == 0)

    def shortcut_texts(self) -> list[tuple[str, str, str]]:
        """(menu, command, keys) of every row shown, for tests and screen readers."""
        return [(group.text(0), child.text(0), child.text(1))
                for group, children in self._groups() for child in children
                if not child.isHidden()]


def about_box(parent: QWidget, data_dir: Path) -> QMessageBox:
    """Help ▸ About: what the program is, its version, where its data is, whom to ask."""
    box = QMessageBox(parent)
    box.setObjectName("about_box")
    box.setWindowTitle(f"About {APP_NAME}")
    box.setIconPixmap(resources.pixmap("app", 64, parent.devicePixelRatioF()))
    box.setText(f"<b>{APP_NAME}</b> version {app_version()}")
    box.setInformativeText(
        "Groups, members, meetings, minutes, actions, recommendations and the Action Plan "
        "of the SEN and Disabled Children and Young People's Strategy.\n\n"
        f"Data folder: {data_dir}\n\n{CONTACT}"
    )
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    return box
