"""The minute-taking view's widgets and their layout, without behaviour.

``MinutesPage`` (``minutes_page.py``) adds the state, loading, saving and undo; keeping
the building apart keeps each module one sitting's read.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.gui.common.widgets import label, page_layout, record_table, section_heading
from sen_desktop.gui.minutes.matters_arising import MattersArisingWidget
from sen_desktop.gui.minutes.recommendations import RecommendationPanel
from sen_desktop.gui.minutes.widgets import (
    AgendaItemsModel,
    ItemActionsModel,
    NewActionRow,
    ResolutionList,
    UndoKeysToStack,
)

#: What the page tells the person about its keys (the Minutes menu says the same).
SHORTCUT_HINT = (
    "Ctrl+PgDown or Alt+Down: next item  ·  Ctrl+PgUp or Alt+Up: previous item  ·  "
    "Ctrl+R: new resolution  ·  Ctrl+Shift+N: new action  ·  Ctrl+Z: undo"
)

#: Room kept around a control scrolled into view below the discussion.
REVEAL_MARGIN = 8
#: The discussion gives up height to show a new action row, down to about five lines.
MIN_DISCUSSION_HEIGHT = 140


class MinutesView(QWidget):
    """Agenda on the left; the item's discussion, resolutions and actions on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._undo_keys = UndoKeysToStack(self)
        self._build()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _build(self) -> None:
        self.heading = label("Minutes", role="heading")
        # Labels that show a value are described, not named: a screen reader reads a
        # label's accessible name instead of its text.
        self.meeting_label = label("", role="facts", wrap=True)
        self.meeting_label.setAccessibleDescription("Meeting")
        self.status_label = label("", role="facts")
        self.status_label.setAccessibleDescription("Minutes status")
        self.save_label = label("", role="facts")
        self.save_label.setAccessibleDescription("Saving")
        self.message = label("", role="error", wrap=True)
        self.message.setAccessibleDescription("Problem")
        self.message.hide()

        self.items_model = AgendaItemsModel(self)
        self.items_view = record_table("Agenda items")
        self.items_view.setObjectName("minutes_items")
        self.items_view.setModel(self.items_model)
        header = self.items_view.horizontalHeader()
        header.setSectionResizeMode(AgendaItemsModel.NUMBER,
                                    QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AgendaItemsModel.TITLE, QHeaderView.ResizeMode.Stretch)
        items_panel = QWidget()
        items_layout = QVBoxLayout(items_panel)
        items_layout.setContentsMargins(0, 0, 8, 0)
        items_layout.addWidget(section_heading("Age&nda", self.items_view))
        items_layout.addWidget(self.items_view, 1)

        self.item_heading = label("", role="subheading", wrap=True)
        self.item_facts = label("", role="facts", wrap=True)
        # On an item that considers a recommendation: its state and Record decision….
        self.recommendation_panel = RecommendationPanel()
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("minutes_editor")
        self.editor.setAccessibleName("Discussion")
        self.editor.setTabChangesFocus(True)
        # Every change is a command on the page's undo stack, not the editor's own.
        self.editor.setUndoRedoEnabled(False)
        self.editor.installEventFilter(self._undo_keys)
        self.editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.editor.setPlaceholderText("Type the discussion of this item here.")
        self.resolutions = ResolutionList(self._undo_keys)
        self.actions_model = ItemActionsModel(self)
        self.actions_view = record_table("Actions raised at this item")
        self.actions_view.setObjectName("minutes_actions")
        self.actions_view.setModel(self.actions_model)
        self.actions_view.setMinimumHeight(110)
        self.actions_view.setMaximumHeight(170)
        actions_header = self.actions_view.horizontalHeader()
        actions_header.setSectionResizeMode(ItemActionsModel.DESCRIPTION,
                                            QHeaderView.ResizeMode.Stretch)
        for column in (ItemActionsModel.REF, ItemActionsModel.OWNER, ItemActionsModel.DUE):
            actions_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.remove_action_button = QPushButton("Remove action")
        self.remove_action_button.setAccessibleName("Remove the selected action")
        self.remove_action_button.setEnabled(False)
        self.action_row = NewActionRow()
        self.action_row.hide()
        # On "Matters arising and action log": the group's open actions, where the
        # updates heard at the meeting are recorded on the actions themselves.
        self.matters = MattersArisingWidget()
        self.matters.setMinimumHeight(220)
        self.matters_heading = section_heading("Actions &carried forward", self.matters.table)
        self.hint = label(SHORTCUT_HINT, role="facts", wrap=True)
        self.hint.setAccessibleDescription("Keyboard shortcuts")

        discussion = QWidget()
        discussion_layout = QVBoxLayout(discussion)
        discussion_layout.setContentsMargins(0, 0, 0, 0)
        discussion_layout.addWidget(section_heading("&Discussion", self.editor))
        discussion_layout.addWidget(self.editor, 1)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 4, 4, 0)
        lower_layout.setSpacing(6)
        lower_layout.addWidget(self.matters_heading)
        lower_layout.addWidget(self.matters)
        lower_layout.addWidget(self.resolutions)
        lower_layout.addWidget(section_heading("Action&s", self.actions_view))
        lower_layout.addWidget(self.actions_view)
        # Below the list it acts on, so reading order and tab order agree.
        action_buttons = QHBoxLayout()
        action_buttons.addWidget(self.remove_action_button)
        action_buttons.addStretch(1)
        lower_layout.addLayout(action_buttons)
        lower_layout.addWidget(self.action_row)
        lower_layout.addStretch(1)
        # Resolutions and actions scroll below the discussion; the person can move the
        # line between them, and whatever has the keyboard is scrolled into view.
        self.lower_scroll = QScrollArea()
        self.lower_scroll.setObjectName("minutes_lower")
        self.lower_scroll.setAccessibleName("Resolutions and actions")
        self.lower_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.lower_scroll.setWidgetResizable(True)
        self.lower_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.lower_scroll.setWidget(lower)
        self.pane_splitter = QSplitter(Qt.Orientation.Vertical)
        self.pane_splitter.setChildrenCollapsible(False)
        self.pane_splitter.addWidget(discussion)
        self.pane_splitter.addWidget(self.lower_scroll)
        self.pane_splitter.setStretchFactor(0, 3)
        self.pane_splitter.setStretchFactor(1, 2)
        self.pane_splitter.setSizes([400, 300])

        pane = QWidget()
        pane_layout = QVBoxLayout(pane)
        pane_layout.setContentsMargins(8, 0, 0, 0)
        pane_layout.setSpacing(6)
        pane_layout.addWidget(self.item_heading)
        pane_layout.addWidget(self.item_facts)
        pane_layout.addWidget(self.recommendation_panel)
        pane_layout.addWidget(self.pane_splitter, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(items_panel)
        self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 700])

        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.save_label)
        facts = QHBoxLayout()
        facts.addWidget(self.meeting_label, 1)
        facts.addWidget(self.status_label)
        layout = page_layout(self)
        layout.addLayout(top)
        layout.addLayout(facts)
        layout.addWidget(self.message)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.hint)
        # Takes the splitter's room while there is no meeting to show.
        self._empty_space = QWidget()
        self._empty_space.hide()
        layout.addWidget(self._empty_space, 1)
        self.resolutions.rebuilt.connect(self._chain_tab_order)
        self._chain_tab_order()
        self._set_pane_enabled(False)

    def _chain_tab_order(self) -> None:
        """Tab follows reading order: agenda, the recommendation's button, discussion,
        the actions carried forward, resolutions (a), (b) …, the item's actions and the
        new-action row. Hidden and disabled controls are passed over by Qt.

        Resolution lines are built as they are added, and new widgets join the end of
        the window's chain (after the toolbar), so the order is set again each time.
        """
        row = self.action_row
        chain: list[QWidget] = [
            self.items_view, self.recommendation_panel.record_button, self.editor,
            self.matters.table, self.matters.update_button, self.matters.edit_button,
            *self.resolutions.focus_chain(),
            self.actions_view, self.remove_action_button,
            row.description, row.owner, row.due, row.save_button, row.cancel_button,
        ]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)


    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        lower = self.lower_scroll.widget()
        if new is not None and lower is not None and lower.isAncestorOf(new):
            self._reveal(new)

    def _reveal(self, widget: QWidget, keep: QWidget | None = None) -> None:
        """Scroll ``widget`` into view below the discussion, with ``keep`` (say, the
        resolution just typed, above a new action) still in view if there is room;
        the discussion gives up height for it, down to a few lines."""
        # After the layout has placed a widget just shown or added.
        QTimer.singleShot(0, self, lambda: self._scroll_to(widget, keep))

    def _scroll_to(self, widget: QWidget, keep: QWidget | None) -> None:
        area = self.lower_scroll
        inner = area.widget()
        if inner is None or not inner.isAncestorOf(widget):
            return
        if keep is not None and inner.isAncestorOf(keep) and keep.isVisible():
            top = keep.mapTo(inner, QPoint(0, 0)).y()
            bottom = widget.mapTo(inner, QPoint(0, 0)).y() + widget.height()
            short = bottom - top + 2 * REVEAL_MARGIN - area.viewport().height()
            sizes = self.pane_splitter.sizes()
            give = min(short, sizes[0] - MIN_DISCUSSION_HEIGHT)
            if give > 0:
                self.pane_splitter.setSizes([sizes[0] - give, sizes[1] + give])
                QTimer.singleShot(0, self, lambda: self._scroll_pair(widget, keep))
                return
            self._scroll_pair(widget, keep)
            return
        area.ensureWidgetVisible(widget, REVEAL_MARGIN, REVEAL_MARGIN)

    def _scroll_pair(self, widget: QWidget, keep: QWidget) -> None:
        # ``keep`` first, then the least scrolling that shows all of ``widget``.
        self.lower_scroll.ensureWidgetVisible(keep, REVEAL_MARGIN, REVEAL_MARGIN)
        self.lower_scroll.ensureWidgetVisible(widget, REVEAL_MARGIN, REVEAL_MARGIN)

    def _place_cursor(self, position: int) -> None:
        cursor = self.editor.textCursor()
        cursor.setPosition(min(position, self.editor.document().characterCount() - 1))
        self.editor.setTextCursor(cursor)
        self.editor.ensureCursorVisible()

    def _set_pane_enabled(self, enabled: bool) -> None:
        for widget in (self.editor, self.resolutions, self.actions_view):
            widget.setEnabled(enabled)

    def _show_message(self, message: str) -> None:
        self.message.setText(message)
        self.message.setVisible(bool(message))

