"""Small building blocks the pages share: headings, read-only text, tables."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

PAGE_MARGINS = (28, 20, 28, 16)


def label(text: str = "", role: str | None = None, wrap: bool = False) -> QLabel:
    """A QLabel styled by app.qss through its ``role`` property (heading, facts …)."""
    widget = QLabel(text)
    if role is not None:
        widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


def section_heading(text: str, buddy: QWidget) -> QLabel:
    """A heading whose mnemonic (``&Seats``) moves keyboard focus to ``buddy``."""
    widget = QLabel(text)
    widget.setProperty("role", "subheading")
    widget.setBuddy(buddy)
    return widget


def reading_pane(accessible_name: str) -> QTextBrowser:
    """Read-only rich text that scrolls, takes keyboard focus and can be selected."""
    browser = QTextBrowser()
    browser.setOpenLinks(False)
    browser.setAccessibleName(accessible_name)
    browser.setTabChangesFocus(True)
    # Reads as part of the page rather than as an input box.
    browser.setFrameShape(QFrame.Shape.NoFrame)
    browser.viewport().setAutoFillBackground(False)
    return browser


def record_table(accessible_name: str) -> QTableView:
    """A table of records: whole rows selected, Tab leaves the table, rows fit their text."""
    table = QTableView()
    table.setAccessibleName(accessible_name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setHighlightSections(False)
    table.horizontalHeader().setDefaultAlignment(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    )
    return table


def page_layout(page: QWidget) -> QVBoxLayout:
    layout = QVBoxLayout(page)
    layout.setContentsMargins(*PAGE_MARGINS)
    layout.setSpacing(8)
    return layout
