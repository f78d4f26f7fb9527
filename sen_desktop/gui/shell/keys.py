"""The main window's keyboard: indented navigation entries that type-ahead can find, the
Edit menu's clipboard commands on whatever has the focus, and F6 between the panes.

Kept apart from gui/shell/window.py (docs/contributing.md) and free of the window itself: each
piece takes the widgets it works on, so it can be read and tested alone.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, cast

import shiboken6
from PySide6 import QtCore
from PySide6.QtCore import QSize
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QStackedWidget,
    QStyledItemDelegate,
    QWidget,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex
    from PySide6.QtWidgets import (
        QAbstractSpinBox,
        QComboBox,
        QPlainTextEdit,
        QStyleOptionViewItem,
        QTextEdit,
    )

    _Index = QModelIndex | QPersistentModelIndex

#: Item data: how many levels a navigation entry sits under its heading (Qt's UserRole + 1,
#: as a number: the navigation is drawn before Qt's namespace is reached; see
#: gui/shell/navigation.py).
INDENT_ROLE = 257
#: Pixels per level: the width the four leading spaces used to take.
INDENT_STEP = 18



class IndentDelegate(QStyledItemDelegate):
    """Draws an entry ``INDENT_ROLE`` steps in from the left.

    The entries' text carries no leading spaces, so typing "B" in the navigation finds
    "BESD Working Group" (QAbstractItemView's keyboard search matches the text's start).
    """

    def _indent(self, index: _Index) -> int:
        level = index.data(INDENT_ROLE)
        return INDENT_STEP * level if isinstance(level, int) else 0

    def initStyleOption(self, option: QStyleOptionViewItem, index: _Index) -> None:
        super().initStyleOption(option, index)
        option.rect.adjust(self._indent(index), 0, 0, 0)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + self._indent(index), size.height())


# --- the Edit menu's clipboard commands --------------------------------------------------
#
# Kinds of widget are asked of Qt by class name (QObject.inherits), not with isinstance:
# the focus reaches the navigation before the first paint, and naming QTextEdit, QComboBox
# … here would make PySide build those classes then (docs/architecture.md, "Start-up").

_TEXT_CLASSES = ("QLineEdit", "QTextEdit", "QPlainTextEdit")


def _is_text(widget: QWidget) -> bool:
    return any(widget.inherits(name) for name in _TEXT_CLASSES)


def _text_widget(widget: QWidget | None) -> QWidget | None:
    """The text box behind ``widget``: itself, or the line edit inside a combo or spin box."""
    if widget is None:
        return None
    if _is_text(widget):
        return widget
    if widget.inherits("QComboBox"):
        combo = cast("QComboBox", widget)
        return combo.lineEdit() if combo.isEditable() else None
    if widget.inherits("QAbstractSpinBox"):
        return cast("QAbstractSpinBox", widget).findChild(QLineEdit)
    return None


def _read_only(widget: QWidget) -> bool:
    if _is_text(widget):
        return bool(cast("QLineEdit | QTextEdit | QPlainTextEdit", widget).isReadOnly())
    return True


def _has_selection(widget: QWidget) -> bool:
    if widget.inherits("QLineEdit"):
        return cast("QLineEdit", widget).hasSelectedText()
    if widget.inherits("QTextEdit") or widget.inherits("QPlainTextEdit"):
        return cast("QTextEdit | QPlainTextEdit", widget).textCursor().hasSelection()
    return False


def clipboard_state(focus: QWidget | None) -> dict[str, bool]:
    """Which of cut, copy, paste and select_all make sense for the focused widget."""
    text = _text_widget(focus)
    if text is not None:
        editable = not _read_only(text)
        selected = _has_selection(text)
        pasteable = bool(QGuiApplication.clipboard().text())
        return {"cut": editable and selected, "copy": selected,
                "paste": editable and pasteable, "select_all": True}
    if isinstance(focus, QAbstractItemView) and focus.model() is not None:
        rows = focus.model().rowCount(focus.rootIndex()) > 0
        multi = focus.selectionMode() in (QAbstractItemView.SelectionMode.ExtendedSelection,
                                          QAbstractItemView.SelectionMode.MultiSelection)
        return {"cut": False, "copy": rows and focus.currentIndex().isValid(),
                "paste": False, "select_all": rows and multi}
    return {"cut": False, "copy": False, "paste": False, "select_all": False}


class SelectionWatch:
    """Calls ``on_change`` whenever the selection changes in the focused text box, so
    Edit > Cut and Copy are offered exactly when there is something selected."""

    def __init__(self, on_change: Callable[[], None]) -> None:
        self._on_change = on_change
        self._watched: QWidget | None = None

    def follow(self, focus: QWidget | None) -> None:
        watched = self._watched
        if watched is not None and shiboken6.isValid(watched):
            with contextlib.suppress(RuntimeError, TypeError):
                watched.selectionChanged.disconnect(self._on_change)  # type: ignore[attr-defined]
        text = _text_widget(focus)
        self._watched = text
        if text is not None:
            text.selectionChanged.connect(self._on_change)  # type: ignore[attr-defined]


def run_clipboard_command(focus: QWidget | None, command: str) -> bool:
    """Cut, copy, paste or select all in the focused widget; False if it has none."""
    text = _text_widget(focus)
    if text is not None:
        # QLineEdit, QTextEdit and QPlainTextEdit all have these four slots.
        getattr(text, "selectAll" if command == "select_all" else command)()
        return True
    if isinstance(focus, QAbstractItemView) and focus.model() is not None:
        if command == "copy":
            copied = rows_as_text(focus)
            if copied:
                QGuiApplication.clipboard().setText(copied)
                return True
        elif command == "select_all":
            focus.selectAll()
            return True
    return False


def rows_as_text(view: QAbstractItemView) -> str:
    """The selected rows (else the current one) as tab-separated lines, to paste into a
    document or a spreadsheet; hidden columns are left out."""
    model = view.model()
    selection = view.selectionModel()
    rows = sorted({index.row() for index in selection.selectedIndexes()}) if selection else []
    if not rows and view.currentIndex().isValid():
        rows = [view.currentIndex().row()]
    # A list model keeps columnCount private: it has the one.
    count = 1 if model.inherits("QAbstractListModel") else model.columnCount(view.rootIndex())
    columns = [c for c in range(count) if not _column_hidden(view, c)]
    return "\n".join(
        "\t".join(_cell(model, row, column, view.rootIndex()) for column in columns)
        for row in rows
    )


def _column_hidden(view: QAbstractItemView, column: int) -> bool:
    is_hidden = getattr(view, "isColumnHidden", None)
    return bool(is_hidden(column)) if callable(is_hidden) else False


def _cell(model: QAbstractItemModel, row: int, column: int, parent: QModelIndex) -> str:
    value = model.index(row, column, parent).data(QtCore.Qt.ItemDataRole.DisplayRole)
    return " ".join(str(value).split()) if value is not None else ""


# --- F6: navigation, page, search box ----------------------------------------------------


def _inside(widget: QWidget | None, container: QWidget) -> bool:
    while widget is not None:
        if widget is container:
            return True
        widget = widget.parentWidget()
    return False


def first_focusable(container: QWidget) -> QWidget | None:
    """The first widget inside ``container`` that Tab would reach, in tab order."""
    widget = container.nextInFocusChain()
    tab = QtCore.Qt.FocusPolicy.TabFocus
    seen: set[int] = set()
    while widget is not None and id(widget) not in seen:
        seen.add(id(widget))
        if (widget is not container and _inside(widget, container) and widget.isVisible()
                and widget.isEnabled()
                and widget.focusPolicy() & tab == tab):
            return widget
        widget = widget.nextInFocusChain()
    return None


def focus_page(page: QWidget) -> None:
    """Give ``page`` the keyboard: its own choice if it has ``focus_page()`` (the Minutes
    page puts the cursor in the Discussion), else the first control in its tab order."""
    chooser = getattr(page, "focus_page", None)
    if callable(chooser) and chooser() is not False:
        return
    target = first_focusable(page)
    if target is not None:
        target.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)


def pane_index(focus: QWidget | None, panes: Sequence[QWidget]) -> int:
    """Which pane holds the focus, or -1 (the menu bar, nothing)."""
    for index, pane in enumerate(panes):
        if _inside(focus, pane):
            return index
    return -1


def cycle_panes(
    focus: QWidget | None,
    panes: Sequence[QWidget],
    step: int,
    enter_page: Callable[[QWidget], None] = focus_page,
) -> int:
    """Move the focus to the next (``step`` 1) or previous (-1) pane; returns its index.
    A QStackedWidget pane is entered with ``enter_page(the page on show)``.

    From outside every pane, F6 starts at the first and Shift+F6 at the last."""
    current = pane_index(focus, panes)
    start = -1 if step > 0 else 0  # from outside: the first pane, or the last
    target = ((current if current >= 0 else start) + step) % len(panes)
    pane = panes[target]
    if isinstance(pane, QStackedWidget):  # the pages: the one on show
        enter_page(pane.currentWidget() or pane)
    else:
        pane.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)
    return target


# --- tool tips on icon buttons -------------------------------------------------------------

#: The action behind a line edit's clear button (Qt's own name for it).
CLEAR_ACTION = "_q_qlineeditclearaction"


def tip_clear_buttons(root: QWidget) -> int:
    """Give every box's "clear" button under ``root`` a tool tip (Qt gives it none, and it
    is a bare icon); returns how many were named."""
    count = 0
    for edit in root.findChildren(QLineEdit):
        action = edit.findChild(QAction, CLEAR_ACTION)
        if action is not None and not action.toolTip():
            action.setToolTip("Clear this box")
            action.setText("Clear")
            count += 1
    return count
