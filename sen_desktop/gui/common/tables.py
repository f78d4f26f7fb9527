"""Tables that list records one line a row, with details that follow the chosen row:
the set-up the action log and the recommendations pages share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHeaderView

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex
    from PySide6.QtWidgets import QTableView

#: How long a row stays chosen before its details are read (arrow keys held down read
#: only the row they stop on).
DETAIL_DELAY_MS: Final = 120


def one_line_rows(
    table: QTableView,
    model: QAbstractItemModel,
    *,
    stretch: int,
    widths: Mapping[int, int] | None = None,
) -> QHeaderView:
    """Show ``model`` in ``table`` one line a row: no wrapping, long text elided at the
    right, every row the same height (sizing rows to their contents would read every
    row), the columns sized by hand (``widths``, in pixels) and column ``stretch`` taking
    whatever the others leave. Returns the horizontal header."""
    table.setModel(model)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    vertical = table.verticalHeader()
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(table.fontMetrics().height() + 8)  # app.qss: 3px pad
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for column, width in (widths or {}).items():
        header.resizeSection(column, width)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(False)
    return header


def follow_current_row(
    table: QTableView,
    *,
    changed: Callable[[], None],
    load: Callable[[], None],
    opened: Callable[[], None],
) -> QTimer:
    """Call ``changed`` whenever the table's current row changes, ``load`` once a chosen
    row has stayed chosen for ``DETAIL_DELAY_MS``, and ``opened`` on Enter or a
    double-click. Returns the timer: a page stops it when it has the details already,
    or starts it to read them again. Call after the table has its model."""
    timer = QTimer(table)
    timer.setSingleShot(True)
    timer.setInterval(DETAIL_DELAY_MS)
    timer.timeout.connect(load)

    def current_changed(
        current: QModelIndex | QPersistentModelIndex, _previous: object
    ) -> None:
        changed()
        if current.isValid():
            timer.start()

    table.selectionModel().currentRowChanged.connect(current_changed)
    table.activated.connect(lambda _index: opened())
    return timer


def columns_to_contents(table: QTableView, *, stretch: int) -> QHeaderView:
    """Size every column of ``table`` (its model set) to its contents, column ``stretch``
    taking whatever the others leave. Returns the horizontal header."""
    header = table.horizontalHeader()
    for column in range(table.model().columnCount()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return header
