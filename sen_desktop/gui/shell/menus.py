"""Every QAction of the main window, declared once (docs/contributing.md).

Standard shortcuts come from QKeySequence.StandardKey so each platform gets its own
convention; menu roles let macOS move Quit and About to the application menu; every
action has an accessible name a screen reader can announce. Every command in a menu has
an access key or a shortcut (tests/gui/shell/test_keyboard_menus.py walks the menus), and the
Help ▸ Keyboard shortcuts list is generated from these actions, so it cannot drift.

Shortcuts chosen for issue 11 (Ctrl+Shift plus the command's initial where it was free):
Ctrl+Shift+M schedule meeting, Ctrl+Shift+I add agenda item, Ctrl+Shift+T new action
(between meetings; Ctrl+Shift+N is the action at the item being minuted), Ctrl+Shift+R
new recommendation, Ctrl+Shift+L add milestone (the P&lan menu's key), Ctrl+Shift+P make
a pack, Ctrl+Shift+Del cancel meeting (it asks before cancelling). Ctrl+1…Ctrl+9 go to
pages in the order of a secretary's week (the Go menu comes from the table of pages,
gui/shell/pages.py); F6 and Shift+F6 move between the navigation, the page and the search
box.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence, QUndoGroup

from sen_desktop.gui.shell.pages import go_pages

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenuBar, QWidget


@dataclass(frozen=True)
class MenuCommands:
    """Every menu command (QAction) of the main window, built once by
    ``build_menu_commands``. In this code "action" means an item of an action log; a QAction
    is a menu command (docs/contributing.md rule 6)."""

    quit: QAction
    # File menu: Word papers (gui/papers/export.py follows the page on show).
    export_word: QAction
    make_pack: QAction
    # File > Restore from backup… (gui/restore/; the window closes and reopens the database).
    restore_backup: QAction
    new_person: QAction
    edit_person: QAction
    appoint: QAction
    end_appointment: QAction
    seat_role: QAction
    about: QAction
    # Edit menu: undo and redo of the page on show (its QUndoStack in the window's group).
    undo: QAction
    redo: QAction
    # Minutes menu (the minute-taking view).
    next_item: QAction
    previous_item: QAction
    new_resolution: QAction
    new_minute_action: QAction
    new_action: QAction
    edit_action: QAction
    record_update: QAction
    filter_actions: QAction
    # Edit > Settings… (gui/settings/dialog.py) and Find (to the window's search box).
    settings: QAction
    find: QAction
    # Meetings menu (the Meetings page).
    schedule_meeting: QAction
    add_agenda_item: QAction
    move_item_up: QAction
    move_item_down: QAction
    cancel_meeting: QAction
    # Recommendations menu (the Recommendations page; Record decision… also minutes).
    new_recommendation: QAction
    edit_recommendation: QAction
    record_decision: QAction
    put_on_agenda: QAction
    # Plan menu (the Action Plan page).
    add_milestone: QAction
    edit_milestone: QAction
    link_milestone: QAction
    # Exchange menu (sync-by-export; the Exchange page).
    join_programme: QAction
    export_bundle: QAction
    import_bundle: QAction
    # Edit menu: the standard clipboard commands, acting on the focused widget.
    cut: QAction
    copy: QAction
    paste: QAction
    select_all: QAction
    # Go menu: a page each, from the table of pages (an action's data: the page's key),
    # then moving between panes.
    go_pages: tuple[QAction, ...]
    next_pane: QAction
    previous_pane: QAction
    # Help menu.
    user_guide: QAction
    shortcuts: QAction

    def all(self) -> list[QAction]:
        """Every action declared here, in declaration order (the Go menu's in its place)."""
        found: list[QAction] = []
        for f in fields(self):
            value = getattr(self, f.name)
            found.extend(value if isinstance(value, tuple) else [value])
        return found


def _action(
    parent: QWidget,
    text: str,
    accessible: str,
    *,
    name: str,
    shortcut: QKeySequence.StandardKey | str | None = None,
    role: QAction.MenuRole = QAction.MenuRole.NoRole,
    tip: str = "",
    more: tuple[str, ...] = (),
) -> QAction:
    action = QAction(text, parent)
    action.setObjectName(name)
    if isinstance(shortcut, QKeySequence.StandardKey):
        action.setShortcuts(shortcut)
    elif shortcut:
        action.setShortcuts([QKeySequence(key) for key in (shortcut, *more)])
    action.setMenuRole(role)
    action.setStatusTip(tip or accessible)
    action.setToolTip(accessible)
    # QAction has no accessibleName; menus and tool buttons read iconText/whatsThis.
    action.setIconText(accessible)
    action.setWhatsThis(accessible)
    return action


def _undo_action(parent: QWidget, group: QUndoGroup, *, redo: bool) -> QAction:
    """Edit > Undo/Redo of the active page's stack; the text names the command
    ("Undo Add action SG-14")."""
    if redo:
        action = group.createRedoAction(parent, "Redo")
        action.setObjectName("action_redo")
        action.setShortcuts(QKeySequence.StandardKey.Redo)
    else:
        action = group.createUndoAction(parent, "Undo")
        action.setObjectName("action_undo")
        action.setShortcuts(QKeySequence.StandardKey.Undo)
    what = "Redo the last change undone" if redo else "Undo the last change"
    action.setStatusTip(what)
    action.setIconText(what)
    action.setWhatsThis(what)
    return action


def build_menu_commands(parent: QWidget, undo_group: QUndoGroup | None = None) -> MenuCommands:
    undo_group = undo_group or QUndoGroup(parent)
    return MenuCommands(
        quit=_action(
            parent, "&Quit", "Quit SEN Secretariat", name="action_quit",
            shortcut=QKeySequence.StandardKey.Quit, role=QAction.MenuRole.QuitRole,
        ),
        export_word=_action(
            parent, "&Export to Word…",
            "Export the minutes, action log or recommendation paper on show to Word",
            name="action_export_word", shortcut="Ctrl+E",
        ),
        make_pack=_action(
            parent, "Make a &pack of papers…",
            "Make a pack of papers with a cover and contents, for SMT, Cabinet or a group",
            name="action_make_pack", shortcut="Ctrl+Shift+P",
        ),
        restore_backup=_action(
            parent, "&Restore from backup…",
            "Restore the database from one of its backups; the database in use is kept aside",
            # No shortcut: a restore replaces the database, so it is chosen from the menu.
            name="action_restore_backup",
        ),
        new_person=_action(
            parent, "&New person…", "Add a new person", name="action_new_person",
            shortcut=QKeySequence.StandardKey.New,
        ),
        edit_person=_action(
            parent, "&Edit person…", "Edit the selected person", name="action_edit_person",
            # No standard key for "edit the selection"; F2 is the common choice (Ctrl+E
            # is File > Export to Word).
            shortcut="F2",
        ),
        appoint=_action(
            parent, "&Appoint to seat…", "Appoint a person to the selected seat",
            name="action_appoint", shortcut="Ctrl+Shift+A",
        ),
        end_appointment=_action(
            parent, "&End appointment…", "End the appointment in the selected seat",
            name="action_end_appointment",
        ),
        seat_role=_action(
            parent, "Seat &role…",
            "Mark the selected seat as the chair, the vice-chair or an ordinary member seat",
            name="action_seat_role",
        ),
        about=_action(
            parent, "&About SEN Secretariat", "About SEN Secretariat", name="action_about",
            role=QAction.MenuRole.AboutRole,
        ),
        undo=_undo_action(parent, undo_group, redo=False),
        redo=_undo_action(parent, undo_group, redo=True),
        next_item=_action(
            parent, "&Next item", "Minute the next agenda item", name="action_next_item",
            shortcut="Ctrl+PgDown", tip="Minute the next agenda item (Ctrl+PgDown or Alt+Down)",
            more=("Alt+Down",),
        ),
        previous_item=_action(
            parent, "&Previous item", "Minute the previous agenda item",
            name="action_previous_item", shortcut="Ctrl+PgUp",
            tip="Minute the previous agenda item (Ctrl+PgUp or Alt+Up)", more=("Alt+Up",),
        ),
        new_resolution=_action(
            parent, "New &resolution", "Add a RESOLVED that point to this item",
            name="action_new_resolution", shortcut="Ctrl+R",
            tip="Add a RESOLVED that point to this item (Ctrl+R)",
        ),
        new_minute_action=_action(
            parent, "New action at this &item", "Raise an action at this agenda item",
            name="action_new_minute_action", shortcut="Ctrl+Shift+N",
            tip="Raise an action at this agenda item (Ctrl+Shift+N; Enter saves, Esc cancels)",
        ),
        new_action=_action(
            parent, "&New action…", "Raise a new action between meetings",
            name="action_new_action", shortcut="Ctrl+Shift+T",
        ),
        edit_action=_action(
            parent, "&Edit action…", "Edit the chosen action in the action log",
            name="action_edit_action", shortcut="Ctrl+Shift+E",
        ),
        record_update=_action(
            parent, "Record progress &update…", "Record a progress update on the chosen action",
            name="action_record_update", shortcut="Ctrl+Shift+U",
        ),
        filter_actions=_action(
            parent, "&Filter the action log", "Move to the action log's filters",
            name="action_filter_actions", shortcut="Ctrl+Shift+F",
        ),
        settings=_settings_action(parent),
        find=_action(
            parent, "&Find…", "Search minutes, resolutions, actions and recommendations",
            name="action_find", shortcut=QKeySequence.StandardKey.Find,
        ),
        schedule_meeting=_action(
            parent, "&Schedule meeting…", "Schedule a meeting of a group",
            name="action_schedule_meeting", shortcut="Ctrl+Shift+M",
        ),
        add_agenda_item=_action(
            parent, "&Add agenda item…", "Add an item to the chosen meeting's agenda",
            name="action_add_agenda_item", shortcut="Ctrl+Shift+I",
        ),
        move_item_up=_action(
            parent, "Move item &up", "Move the chosen agenda item up",
            name="action_move_item_up", shortcut="Ctrl+Shift+Up",
        ),
        move_item_down=_action(
            parent, "Move item &down", "Move the chosen agenda item down",
            name="action_move_item_down", shortcut="Ctrl+Shift+Down",
        ),
        cancel_meeting=_action(
            parent, "&Cancel meeting…", "Cancel the chosen meeting",
            name="action_cancel_meeting", shortcut="Ctrl+Shift+Del",
        ),
        new_recommendation=_action(
            parent, "&New recommendation…", "Raise a new recommendation for a group",
            name="action_new_recommendation", shortcut="Ctrl+Shift+R",
        ),
        edit_recommendation=_action(
            parent, "&Edit recommendation…", "Edit the chosen recommendation",
            name="action_edit_recommendation",
        ),
        record_decision=_action(
            parent, "Record &decision…",
            "Record a decision on the chosen recommendation, or on the one this agenda "
            "item considers", name="action_record_decision", shortcut="Ctrl+Shift+D",
        ),
        put_on_agenda=_action(
            parent, "Put on &agenda of…", "Put the chosen recommendation on a meeting's agenda",
            name="action_put_on_agenda",
        ),
        add_milestone=_action(
            parent, "&Add milestone…", "Add a milestone to the Action Plan",
            name="action_add_milestone", shortcut="Ctrl+Shift+L",
        ),
        edit_milestone=_action(
            parent, "&Edit milestone…", "Edit the chosen milestone of the Action Plan",
            name="action_edit_milestone",
        ),
        link_milestone=_action(
            parent, "&Link milestone…",
            "Link the chosen milestone to the meetings, recommendations and papers that "
            "deliver it", name="action_link_milestone",
        ),
        join_programme=_action(
            parent, "&Join or start the programme…",
            "Join the programme with the lead's certificate, or start it on the lead's laptop",
            name="action_join_programme",
        ),
        export_bundle=_action(
            parent, "&Export for…", "Export a bundle of changes for another laptop",
            name="action_export_bundle",
        ),
        import_bundle=_action(
            parent, "&Import bundle…", "Import a bundle from another laptop, with a preview",
            name="action_import_bundle",
        ),
        cut=_action(
            parent, "Cu&t", "Cut the selected text", name="action_cut",
            shortcut=QKeySequence.StandardKey.Cut,
        ),
        copy=_action(
            parent, "&Copy", "Copy the selected text or rows", name="action_copy",
            shortcut=QKeySequence.StandardKey.Copy,
        ),
        paste=_action(
            parent, "&Paste", "Paste into the box with the cursor", name="action_paste",
            shortcut=QKeySequence.StandardKey.Paste,
        ),
        select_all=_action(
            parent, "Select &All", "Select all the text or rows", name="action_select_all",
            shortcut=QKeySequence.StandardKey.SelectAll,
        ),
        go_pages=tuple(
            _go_action(parent, row.key, row.go or row.title,
                       f"Ctrl+{row.shortcut}" if row.shortcut else None)
            for row in go_pages()
        ),
        next_pane=_action(
            parent, "Nex&t pane", "Move to the next pane: navigation, page, search box",
            name="action_next_pane", shortcut="F6",
        ),
        previous_pane=_action(
            parent, "Pre&vious pane", "Move to the previous pane: search box, page, navigation",
            name="action_previous_pane", shortcut="Shift+F6",
        ),
        user_guide=_action(
            parent, "&User guide", "Open the user guide: how to do each task",
            name="action_user_guide", shortcut=QKeySequence.StandardKey.HelpContents,
        ),
        shortcuts=_action(
            parent, "&Keyboard shortcuts", "List every keyboard shortcut",
            name="action_shortcuts", shortcut="Ctrl+/",
        ),
    )


def _settings_action(parent: QWidget) -> QAction:
    """Edit ▸ Settings… (Ctrl+,; the platform's Preferences key too, e.g. Cmd+, on a Mac)."""
    action = QAction("&Settings…", parent)  # Cu&t has the T in the Edit menu
    action.setObjectName("action_settings")
    keys = [QKeySequence("Ctrl+,")]
    keys += [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
             if k not in keys]
    action.setShortcuts(keys)
    action.setMenuRole(QAction.MenuRole.PreferencesRole)
    words = "Settings: the authority, districts, minutes wording, and who uses this laptop"
    action.setStatusTip(words)
    action.setToolTip("Settings")
    # QAction has no accessibleName; menus and tool buttons read iconText/whatsThis.
    action.setIconText("Settings")
    action.setWhatsThis(words)
    return action


def _go_action(parent: QWidget, view: str, text: str, shortcut: str | None) -> QAction:
    page = text.replace("&", "")
    action = _action(parent, text, f"Go to {page}", name=f"action_go_{view}", shortcut=shortcut)
    action.setData(view)
    return action


def build_menus(menu_bar: QMenuBar, actions: MenuCommands) -> None:
    file_menu = menu_bar.addMenu("&File")
    file_menu.addAction(actions.export_word)
    file_menu.addAction(actions.make_pack)
    file_menu.addSeparator()
    file_menu.addAction(actions.restore_backup)
    file_menu.addSeparator()
    file_menu.addAction(actions.quit)
    edit_menu = menu_bar.addMenu("&Edit")
    edit_menu.addAction(actions.undo)
    edit_menu.addAction(actions.redo)
    edit_menu.addSeparator()
    for action in (actions.cut, actions.copy, actions.paste, actions.select_all):
        edit_menu.addAction(action)
    edit_menu.addSeparator()
    edit_menu.addAction(actions.settings)
    edit_menu.addAction(actions.find)
    go_menu = menu_bar.addMenu("G&o")
    for action in actions.go_pages:
        go_menu.addAction(action)
    go_menu.addSeparator()
    go_menu.addAction(actions.next_pane)
    go_menu.addAction(actions.previous_pane)
    people_menu = menu_bar.addMenu("&People")
    people_menu.addAction(actions.new_person)
    people_menu.addAction(actions.edit_person)
    groups_menu = menu_bar.addMenu("&Groups")
    groups_menu.addAction(actions.appoint)
    groups_menu.addAction(actions.end_appointment)
    groups_menu.addAction(actions.seat_role)
    actions_menu = menu_bar.addMenu("&Actions")
    actions_menu.addAction(actions.new_action)
    actions_menu.addAction(actions.edit_action)
    actions_menu.addAction(actions.record_update)
    actions_menu.addSeparator()
    actions_menu.addAction(actions.filter_actions)
    meetings_menu = menu_bar.addMenu("Mee&tings")
    for action in (actions.schedule_meeting, actions.add_agenda_item, actions.move_item_up,
                   actions.move_item_down):
        meetings_menu.addAction(action)
    meetings_menu.addSeparator()
    meetings_menu.addAction(actions.cancel_meeting)
    recommendations_menu = menu_bar.addMenu("&Recommendations")
    for action in (actions.new_recommendation, actions.edit_recommendation,
                   actions.record_decision, actions.put_on_agenda):
        recommendations_menu.addAction(action)
    plan_menu = menu_bar.addMenu("P&lan")
    for action in (actions.add_milestone, actions.edit_milestone, actions.link_milestone):
        plan_menu.addAction(action)
    exchange_menu = menu_bar.addMenu("E&xchange")
    for action in (actions.join_programme, actions.export_bundle, actions.import_bundle):
        exchange_menu.addAction(action)
    minutes_menu = menu_bar.addMenu("Min&utes")
    for action in (actions.next_item, actions.previous_item, actions.new_resolution,
                   actions.new_minute_action):
        minutes_menu.addAction(action)
    help_menu = menu_bar.addMenu("&Help")
    help_menu.addAction(actions.user_guide)
    help_menu.addAction(actions.shortcuts)
    help_menu.addSeparator()
    help_menu.addAction(actions.about)
    for menu in (file_menu, edit_menu, go_menu, people_menu, groups_menu, actions_menu,
                 meetings_menu, recommendations_menu, plan_menu, exchange_menu, minutes_menu,
                 help_menu):
        menu.setObjectName(f"menu_{menu.title().replace('&', '').lower()}")
        menu.setAccessibleName(menu.title().replace("&", "") + " menu")

