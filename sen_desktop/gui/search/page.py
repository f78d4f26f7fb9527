"""Search: the page that lists what the window's search box (``gui/search/box.py``) found.

The box waits for a pause in typing, then the page runs ``SearchService.search`` on the
worker, on one channel of the task runner, so a newer search overtakes an older one
still on its way. Each result says where
it was found, shows the passage with the matched words in bold (not by colour alone)
and what kind of record it is; activating one (Enter or double-click) asks the window
to open that place.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from sen_desktop.gui.common.models import RecordTableModel
from sen_desktop.gui.common.widgets import label, page_layout, record_table, section_heading

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sen_desktop.core.search import SearchService
    from sen_desktop.core.search_records import SearchHit
    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.shell.pages import PageContext

Index = QModelIndex | QPersistentModelIndex

LIMIT = 200

#: The passage as HTML, matched words in <b>.
HtmlRole = Qt.ItemDataRole.UserRole + 1
#: The SearchHit a row shows.
HitRole = Qt.ItemDataRole.UserRole + 2


def snippet_html(hit: SearchHit) -> str:
    return "".join(
        f"<b>{escape(part)}</b>" if matched else escape(part) for part, matched in hit.fragments()
    )


class SearchResultsModel(RecordTableModel["SearchHit"]):
    """Where | Found text | Kind, over at most a few hundred hits held in memory."""

    headers = ("Where", "Found text", "Kind")
    WHERE, FOUND, KIND = range(3)

    def record_id(self, record: SearchHit) -> str:
        return record.row_id

    def cell(self, hit: SearchHit, column: int, role: int) -> Any:
        if role == HitRole:
            return hit
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == self.WHERE:
                return hit.title
            if column == self.FOUND:
                return hit.plain_snippet
            if column == self.KIND:
                return hit.kind_label
        elif role == HtmlRole and column == self.FOUND:
            return snippet_html(hit)
        elif role == Qt.ItemDataRole.ToolTipRole and column == self.WHERE:
            return f"{hit.title} ({hit.kind_label.lower()}): Enter opens it"
        elif role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None


class HighlightDelegate(QStyledItemDelegate):
    """Draws a cell's HtmlRole text (bold matched words), wrapped to the column width."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self._view = view

    def _document(self, option: QStyleOptionViewItem, index: Index, width: float) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(3)
        document.setHtml(str(index.data(HtmlRole) or ""))
        document.setTextWidth(max(width, 40.0))
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if index.data(HtmlRole) is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = opt.rect
        document = self._document(opt, index, rect.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        painter.translate(rect.topLeft())
        painter.setClipRect(QRectF(0, 0, rect.width(), rect.height()))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        if index.data(HtmlRole) is None:
            return super().sizeHint(option, index)
        width = self._view.columnWidth(index.column())
        document = self._document(option, index, width)
        return QSize(int(document.idealWidth()), int(document.size().height()) + 2)


class SearchPage(QWidget):
    """The results of the latest search; the window owns the box that drives it."""

    loaded = Signal()
    #: The person chose a result: open the place it was found (a SearchHit).
    open_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner: TaskRunner | None = None
        self._service: SearchService | None = None
        self._query = ""
        self.heading = label("Search", role="heading")
        self.summary = label("", role="facts", wrap=True)
        self.summary.setAccessibleDescription("Search summary")
        self.model = SearchResultsModel(self)
        self.table = record_table("Search results")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(
            SearchResultsModel.FOUND, HighlightDelegate(self.table)
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(SearchResultsModel.WHERE, header.ResizeMode.Interactive)
        header.setSectionResizeMode(SearchResultsModel.FOUND, header.ResizeMode.Stretch)
        header.setSectionResizeMode(SearchResultsModel.KIND, header.ResizeMode.Interactive)
        header.resizeSection(SearchResultsModel.WHERE, 340)
        header.resizeSection(SearchResultsModel.KIND, 120)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.table.activated.connect(self._activated)
        self.empty_note = label("", role="facts", wrap=True)
        layout = page_layout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(section_heading("&Results", self.table))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_note)
        self._show_summary()

    def open(self, context: PageContext) -> None:
        """Shown (page contract, gui/shell/pages.py): the shell then calls ``search`` with
        the box's text."""
        self._runner, self._service = context.runner, context.session.search

    def query(self) -> str:
        return self._query

    def search(self, text: str) -> None:
        """Search for ``text`` on the worker; the list fills in when the hits arrive (only
        the newest search's: the runner's "search" channel drops the ones it overtook)."""
        self._query = text
        if not text.strip() or self._service is None or self._runner is None:
            if self._runner is not None:  # a search still on its way must not land now
                self._runner.drop("search")
            self.model.set_records([])
            self._show_summary()
            self.loaded.emit()
            return
        service = self._service
        self.summary.setText(f"Searching for “{text.strip()}”…")

        def failed(error: Exception) -> None:
            self.model.set_records([])
            self.summary.setText(f"The search could not be done: {error}")
            self.loaded.emit()

        self._runner.run(
            lambda: service.search(text, LIMIT), self.set_hits, failed, channel="search",
            owner=self,
        )

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        self.model.set_records(hits)
        self.table.resizeRowsToContents()
        if hits:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0),
                self.table.selectionModel().SelectionFlag.ClearAndSelect
                | self.table.selectionModel().SelectionFlag.Rows,
            )
        self._show_summary()
        self.loaded.emit()

    def _show_summary(self) -> None:
        text = self._query.strip()
        count = self.model.rowCount()
        if not text:
            self.summary.setText(
                "Type in the search box above to find words in the minutes, resolutions, "
                "actions and recommendations of every group."
            )
            self.empty_note.hide()
            return
        if count == 0:
            self.summary.setText(f"Nothing found for “{text}”.")
            self.empty_note.setText(
                "Check the spelling, use fewer words, or end a word with * to find words "
                "that begin with it (outr* finds outreach)."
            )
            self.empty_note.show()
            return
        found = (
            f"The best {LIMIT} results" if count >= LIMIT
            else f"{count} result" if count == 1 else f"{count} results"
        )
        self.summary.setText(
            f"{found} for “{text}”, best first. Press Enter or double-click a result to "
            "open the place it was found."
        )
        self.empty_note.hide()

    def selected_hit(self) -> SearchHit | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def focus_results(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _activated(self, index: QModelIndex) -> None:
        hit = self.model.record(index.row())
        if hit is not None:
            self.open_requested.emit(hit)
