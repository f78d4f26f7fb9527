"""The search box in the window's frame (at the menu bar's right-hand end, or on a
toolbar), and the words it and the Search page share.

It imports no core service: the window paints its frame, box included, before the
database is open, and ``gui/search/page.py`` (which lists the hits) is imported only
when the Search page is first shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

# QtCore.Qt at run time, not imported by name: the box is in the frame, loaded before the
# first paint, and naming Qt here makes PySide build all of its ~95 enums then (~13 ms).
from PySide6 import QtCore
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QToolBar, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent

SEARCH_NAME: Final = "Search minutes, resolutions, actions and recommendations"
#: What --view search looks for when nothing has been typed.
SAMPLE_QUERY: Final = "outreach provision"
DEBOUNCE_MS: Final = 300


class SearchBox(QLineEdit):
    """The window's search field: searches after a pause in typing, or at once on Enter."""

    #: Search for this text (after the pause, or on Enter).
    search_requested = Signal(str)
    #: Enter or Down: the person wants to move to the results.
    results_wanted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("search_box")
        self.setAccessibleName(SEARCH_NAME)
        self.setPlaceholderText("Search minutes, actions…")
        self.setToolTip(f"{SEARCH_NAME}. Use \"quotes\" for a phrase and * for word endings.")
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(320)
        self.setMaximumWidth(480)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._emit)
        self.textEdited.connect(lambda _text: self._debounce.start())
        self.returnPressed.connect(self._submit)

    def _emit(self) -> None:
        self._debounce.stop()
        self.search_requested.emit(self.text())

    def _submit(self) -> None:
        self._emit()
        self.results_wanted.emit()

    def search_now(self, text: str) -> None:
        """Put ``text`` in the box and search for it straight away."""
        self.setText(text)
        self._emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == QtCore.Qt.Key.Key_Down:
            self.results_wanted.emit()
            return
        if event.key() == QtCore.Qt.Key.Key_Escape and self.text():
            self.clear()
            self._emit()
            return
        super().keyPressEvent(event)


def search_toolbar(box: SearchBox) -> QToolBar:
    """The window's toolbar: the search box at its right-hand end."""
    bar = QToolBar("Search")
    bar.setObjectName("search_toolbar")
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.toggleViewAction().setVisible(False)
    spacer = QWidget()
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    bar.addWidget(spacer)
    # No mnemonic: Alt+F is the File menu's; Ctrl+F (Edit > Find) comes here.
    caption = QLabel("Search:")
    caption.setBuddy(box)
    caption.setContentsMargins(0, 0, 6, 0)
    bar.addWidget(caption)
    bar.addWidget(box)
    return bar


def search_corner(box: SearchBox) -> QWidget:
    """The search box at the menu bar's right-hand end: on a 1366 x 768 laptop at 125 %
    a toolbar row of its own would take the height of two list rows from every page."""
    corner = QWidget()
    corner.setObjectName("search_corner")
    layout = QHBoxLayout(corner)
    layout.setContentsMargins(6, 2, 6, 2)
    layout.setSpacing(6)
    # No mnemonic: Alt+F is the File menu's; Ctrl+F (Edit > Find) comes here.
    caption = QLabel("Search:")
    caption.setBuddy(box)
    layout.addWidget(caption)
    layout.addWidget(box)
    box.setMinimumWidth(220)
    return corner
