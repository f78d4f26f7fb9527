"""Every QAction of the main window, declared once (STYLE.md rule 6).

Standard shortcuts come from QKeySequence.StandardKey so each platform gets its own
convention; menu roles let macOS move Quit and About to the application menu; every
action has an accessible name a screen reader can announce.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenuBar, QWidget


@dataclass(frozen=True)
class Actions:
    quit: QAction
    new_person: QAction
    edit_person: QAction
    appoint: QAction
    end_appointment: QAction
    about: QAction


def _action(
    parent: QWidget,
    text: str,
    accessible: str,
    *,
    name: str,
    shortcut: QKeySequence.StandardKey | str | None = None,
    role: QAction.MenuRole = QAction.MenuRole.NoRole,
    tip: str = "",
) -> QAction:
    action = QAction(text, parent)
    action.setObjectName(name)
    if isinstance(shortcut, QKeySequence.StandardKey):
        action.setShortcuts(shortcut)
    elif shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.setMenuRole(role)
    action.setStatusTip(tip or accessible)
    action.setToolTip(accessible)
    # QAction has no accessibleName; menus and tool buttons read iconText/whatsThis.
    action.setIconText(accessible)
    action.setWhatsThis(accessible)
    return action


def build_actions(parent: QWidget) -> Actions:
    return Actions(
        quit=_action(
            parent, "&Quit", "Quit SEN Secretariat", name="action_quit",
            shortcut=QKeySequence.StandardKey.Quit, role=QAction.MenuRole.QuitRole,
        ),
        new_person=_action(
            parent, "&New person…", "Add a new person", name="action_new_person",
            shortcut=QKeySequence.StandardKey.New,
        ),
        edit_person=_action(
            parent, "&Edit person…", "Edit the selected person", name="action_edit_person",
            # No standard key for "edit the selection"; Ctrl+E is the common choice.
            shortcut="Ctrl+E",
        ),
        appoint=_action(
            parent, "&Appoint to seat…", "Appoint a person to the selected seat",
            name="action_appoint", shortcut="Ctrl+Shift+A",
        ),
        end_appointment=_action(
            parent, "&End appointment…", "End the appointment in the selected seat",
            name="action_end_appointment",
        ),
        about=_action(
            parent, "&About SEN Secretariat", "About SEN Secretariat", name="action_about",
            role=QAction.MenuRole.AboutRole,
        ),
    )


def build_menus(menu_bar: QMenuBar, actions: Actions) -> None:
    file_menu = menu_bar.addMenu("&File")
    file_menu.addAction(actions.quit)
    people_menu = menu_bar.addMenu("&People")
    people_menu.addAction(actions.new_person)
    people_menu.addAction(actions.edit_person)
    groups_menu = menu_bar.addMenu("&Groups")
    groups_menu.addAction(actions.appoint)
    groups_menu.addAction(actions.end_appointment)
    help_menu = menu_bar.addMenu("&Help")
    help_menu.addAction(actions.about)
    for menu in (file_menu, people_menu, groups_menu, help_menu):
        menu.setAccessibleName(menu.title().replace("&", "") + " menu")
