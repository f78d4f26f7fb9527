"""Shared building blocks of the pages (gui/common/widgets.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QTableView, QVBoxLayout, QWidget

from sen_desktop.gui.common.widgets import MIN_LIST_ROWS, at_least_rows

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot


def test_a_list_keeps_eight_rows_after_the_window_styles_its_header(qtbot: QtBot) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    table = QTableView()
    table.setModel(QStandardItemModel(20, 3, table))
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    QVBoxLayout(page).addWidget(table)
    at_least_rows(table)  # measured before the style sheet reaches the table
    # The window's style sheet comes later and makes the header taller.
    page.setStyleSheet("QHeaderView::section { padding: 12px 4px; }")
    page.show()
    qtbot.waitUntil(table.isVisible)
    header = table.horizontalHeader().sizeHint().height()
    rows = MIN_LIST_ROWS * table.verticalHeader().defaultSectionSize()
    assert header > 24  # the style sheet's padding reached it
    assert table.minimumHeight() >= header + rows
