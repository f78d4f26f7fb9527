"""The action log's table model: the rows in view, fetched a page at a time.

A log of 100,000 actions must open and scroll without a pause, so the model never holds
every row, nor even every id. For the log itself (``set_log``) it knows the count and
asks for a page when the view first shows one of its rows: after the sort key of the
page before it when that page was seen (keyset paging, as quick deep in the log as at
its top), else from its row number. A short list known whole (a meeting's matters
arising, ``set_ids``) is fetched by id, a page at a time. Pages load on the worker when
the model was given a TaskRunner, showing "…" until they arrive, or at once when it was
not (tests, small lists). Only the most recently used pages are kept.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap

from sen_desktop.core.actions.records import (
    BRAG_LABELS,
    BRAG_MEANINGS,
    STATUS_LABELS,
    ActionPage,
    ActionRow,
    SortKey,
)
from sen_desktop.gui.common.models import format_date

if TYPE_CHECKING:
    from sen_desktop.gui.common.tasks import TaskRunner

Index = QModelIndex | QPersistentModelIndex
IdRole = Qt.ItemDataRole.UserRole
#: The ActionRow itself (None while its page is loading).
RowRole = Qt.ItemDataRole.UserRole + 1

BRAG_COLOURS = {
    "blue": "#1f5fbf",
    "red": "#c62828",
    "amber": "#c27500",  # 3.6:1 on white (#e69500 was 2.4:1)
    "green": "#2e7d32",
    "grey": "#8a9099",
}
_OVERDUE = QColor("#a4000f")
_MUTED = QColor("#5b6573")
_LOADING = "…"
_TEXT_MAX = 160

RowLoader = Callable[[list[str]], Sequence[ActionRow]]
#: Fetches a page of the log: (its first row, the sort key it starts after, if known).
PageLoader = Callable[[int, "SortKey | None"], ActionPage]
PageResult = tuple[list[ActionRow | None], "SortKey | None"]


def brag_swatch(rating: str, size: int = 14) -> QIcon:
    """A filled square in the rating's colour, outlined so grey and white still show."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QBrush(QColor(BRAG_COLOURS.get(rating, "#ffffff"))))
    painter.setPen(QColor("#39424e"))
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    painter.end()
    return QIcon(pixmap)


_SWATCHES: dict[str, QIcon] = {}


def _swatch(rating: str) -> QIcon:
    # Made on first use: pixmaps need the application, which a model may predate.
    if rating not in _SWATCHES:
        _SWATCHES[rating] = brag_swatch(rating)
    return _SWATCHES[rating]


def brag_text(rating: str) -> str:
    """"Red" (the word; its meaning is in the tooltip and accessible text)."""
    return BRAG_LABELS.get(rating, rating)


def one_line(text: str, limit: int = _TEXT_MAX) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def due_text(row: ActionRow) -> str:
    if row.due_date is None:
        return ""
    return f"{format_date(row.due_date)} (overdue)" if row.overdue else format_date(row.due_date)


def latest_text(row: ActionRow) -> str:
    if not row.latest_update:
        return ""
    day = f"{format_date(row.latest_update_on)}: " if row.latest_update_on else ""
    return one_line(day + row.latest_update)


class ActionLogModel(QAbstractTableModel):
    """Ref | Group | Raised at | Action | Owner | Due | BRAG | Status | Latest update.

    Two ways to fill it. ``set_log(total, page, load_page)``: the log itself, ``total``
    rows of which only pages are ever fetched, each as "the rows after the previous
    page's sort key" when that page was seen (keyset paging: as quick deep in the log
    as at its top), else from its row number. ``set_ids(ids, rows)``: a short list
    known whole (a meeting's matters arising), its rows fetched by id a page at a time.
    """

    headers: ClassVar[tuple[str, ...]] = (
        "Ref", "Group", "Raised at", "Action", "Owner", "Due", "BRAG", "Status", "Latest update",
    )
    REF, GROUP, RAISED, ACTION, OWNER, DUE, BRAG, STATUS, LATEST = range(9)
    #: The ActionService sort key behind each sortable column.
    SORT_KEYS: ClassVar[dict[int, str]] = {
        REF: "reference", GROUP: "group", OWNER: "owner", DUE: "due_date", BRAG: "brag",
        STATUS: "status",
    }

    #: The view asked to sort by a column: (ActionService sort key, descending).
    sort_requested = Signal(str, bool)
    #: A page of rows arrived (asynchronous mode) and is showing.
    page_loaded = Signal()

    def __init__(
        self,
        load_rows: RowLoader | None = None,
        runner: TaskRunner | None = None,
        page_size: int = 200,
        max_pages: int = 50,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._load = load_rows
        self._load_page: PageLoader | None = None
        self._runner = runner
        self.page_size = page_size
        self.max_pages = max_pages
        self._total = 0
        self._ids: list[str] | None = []  # None: the log, fetched a page at a time
        self._positions: dict[str, int] | None = None
        self._pages: OrderedDict[int, list[ActionRow | None]] = OrderedDict()
        self._after: dict[int, SortKey | None] = {}  # page -> its last row's sort key
        self._pending: set[int] = set()
        self._generation = 0
        #: Rows fetched so far, all pages together: how tests see that it stays lazy.
        self.rows_fetched = 0

    def set_runner(self, runner: TaskRunner | None) -> None:
        """Fetch pages on ``runner``'s worker from now on (None: fetch at once)."""
        self._runner = runner

    # --- contents ----------------------------------------------------------------------

    def set_log(self, total: int, page: ActionPage, load_page: PageLoader) -> None:
        """Show a log of ``total`` rows, of which ``page`` is in hand; ``load_page(start,
        after)`` fetches the others (``after``: the sort key the page starts after, when
        the page before it was seen)."""
        self.beginResetModel()
        self._reset(total, None)
        self._load_page = load_page
        number = page.start // self.page_size
        self._store(number, self._padded(number, page.rows))
        self._after[number] = page.after
        self.endResetModel()

    def set_ids(self, ids: Sequence[str], rows: Sequence[ActionRow] = ()) -> None:
        """Show ``ids`` in this order; ``rows`` (e.g. the first page) are cached at once."""
        self.beginResetModel()
        self._reset(len(ids), list(ids))
        self._seed(rows)
        self.endResetModel()

    def _reset(self, total: int, ids: list[str] | None) -> None:
        self._generation += 1
        self._total = total
        self._ids = ids
        self._positions = None
        self._pages.clear()
        self._after.clear()
        self._pending.clear()

    def _seed(self, rows: Sequence[ActionRow]) -> None:
        # Usually the first page, in order: cache it without indexing every id.
        size = self.page_size
        for page in range(len(rows) // size + 1):
            ids = self._page_ids(page)
            given = rows[page * size : page * size + len(ids)]
            if ids and [row.id for row in given] == ids:
                self._store(page, list(given))
        if rows and not self._pages:
            by_id = {row.id: row for row in rows}
            for page in sorted({self._row(i) // size for i in by_id if self._row(i) >= 0}):
                ids = self._page_ids(page)
                if all(i in by_id for i in ids):
                    self._store(page, [by_id[i] for i in ids])

    def ids(self) -> list[str]:
        """Every id in order; for the log, those of the pages fetched and still kept."""
        if self._ids is not None:
            return list(self._ids)
        return [row.id for _n, page in sorted(self._pages.items()) for row in page if row]

    def id_at(self, row: int) -> str | None:
        if not 0 <= row < self._total:
            return None
        if self._ids is not None:
            return self._ids[row]
        found = self.record(row)
        return found.id if found is not None else None

    def _row(self, action_id: str) -> int:
        if self._ids is None:
            for number, page in self._pages.items():
                for offset, row in enumerate(page):
                    if row is not None and row.id == action_id:
                        return number * self.page_size + offset
            return -1
        if self._positions is None:
            self._positions = {i: n for n, i in enumerate(self._ids)}
        return self._positions.get(action_id, -1)

    def row_of(self, action_id: str) -> int:
        """The row showing ``action_id`` (-1 if none; for the log, among pages kept)."""
        return self._row(action_id)

    def record(self, row: int) -> ActionRow | None:
        """The cached row (None if its page is not loaded yet)."""
        if not 0 <= row < self._total:
            return None
        page = self._pages.get(row // self.page_size)
        return page[row % self.page_size] if page is not None else None

    def cached_pages(self) -> list[int]:
        return list(self._pages)

    def update_rows(self, rows: Sequence[ActionRow]) -> None:
        """Replace cached rows with fresh ones (after an edit) and repaint them."""
        for fresh in rows:
            row = self._row(fresh.id)
            page = self._pages.get(row // self.page_size) if row >= 0 else None
            if page is not None:
                page[row % self.page_size] = fresh
                self.dataChanged.emit(
                    self.index(row, 0), self.index(row, len(self.headers) - 1)
                )

    def invalidate(self) -> None:
        """Forget every cached row; visible ones are fetched again when next painted."""
        self._generation += 1
        self._pages.clear()
        self._pending.clear()
        if self._total:
            self.dataChanged.emit(
                self.index(0, 0), self.index(self._total - 1, len(self.headers) - 1)
            )

    # --- fetching pages ----------------------------------------------------------------

    def _page_ids(self, page: int) -> list[str]:
        start = page * self.page_size
        return self._ids[start : start + self.page_size] if self._ids is not None else []

    def _page_length(self, page: int) -> int:
        return max(0, min(self.page_size, self._total - page * self.page_size))

    def _padded(self, page: int, rows: Sequence[ActionRow]) -> list[ActionRow | None]:
        # Rows removed since the count leave the page short: shown as "(removed)".
        found: list[ActionRow | None] = list(rows[: self._page_length(page)])
        return found + [None] * (self._page_length(page) - len(found))

    def _work(self, page: int) -> Callable[[], PageResult]:
        """What fetching ``page`` runs (on the worker when there is one)."""
        if self._ids is None:
            load_page, after = self._load_page, self._after.get(page - 1)
            start = page * self.page_size
            assert load_page is not None

            def from_log() -> PageResult:
                found = load_page(start, after)
                return list(found.rows), found.after

            return from_log
        ids, load = self._page_ids(page), self._load
        assert load is not None

        def by_id() -> PageResult:
            by_ids = {row.id: row for row in load(ids)}
            return [by_ids.get(i) for i in ids], None

        return by_id

    def _fetch(self, page: int) -> None:
        work = self._work(page)
        if self._runner is None:
            self._arrived(page, self._generation, work())
            return
        if page in self._pending:
            return
        self._pending.add(page)
        generation = self._generation
        try:
            self._runner.run(
                work,
                lambda result: self._arrived(page, generation, result),
                lambda _error: self._pending.discard(page),
                owner=self,
            )
        except RuntimeError:  # the runner has shut down with the window
            self._pending.discard(page)

    def _arrived(self, page: int, generation: int, result: PageResult) -> None:
        if generation != self._generation:
            return  # the list changed while the page was loading
        self._pending.discard(page)
        rows, after = result
        if self._ids is None:
            self._after[page] = after
            rows = self._padded(page, [row for row in rows if row is not None])
        self._store(page, rows)
        if self._runner is not None:
            first = page * self.page_size
            last = min(first + len(rows), self._total) - 1
            if last >= first:
                self.dataChanged.emit(
                    self.index(first, 0), self.index(last, len(self.headers) - 1)
                )
            self.page_loaded.emit()

    def _store(self, page: int, rows: list[ActionRow | None]) -> None:
        self.rows_fetched += len(rows)
        self._pages[page] = rows
        self._pages.move_to_end(page)
        while len(self._pages) > self.max_pages:
            self._pages.popitem(last=False)

    def _cached(self, row: int) -> tuple[bool, ActionRow | None]:
        page_no = row // self.page_size
        page = self._pages.get(page_no)
        if page is None:
            self._fetch(page_no)
            page = self._pages.get(page_no)
            if page is None:
                return False, None
        else:
            self._pages.move_to_end(page_no)
        return True, page[row % self.page_size]

    # --- Qt model ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == self.BRAG:
                return "Rating: Blue complete, Red off track, Amber at risk, Green on track, " \
                    "Grey not started"
            if section in self.SORT_KEYS:
                return f"Sort by {self.headers[section].lower()}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.SORT_KEYS.get(column)
        if key is not None:
            self.sort_requested.emit(key, order == Qt.SortOrder.DescendingOrder)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._total:
            return None
        if role == IdRole:
            return self.id_at(index.row())
        if role not in _ROLES:
            return None
        loaded, row = self._cached(index.row())
        column = index.column()
        if role == RowRole:
            return row
        if not loaded:
            shown = _LOADING if column == self.REF else ""
            return shown if role == Qt.ItemDataRole.DisplayRole else None
        if row is None:  # removed since the list was made
            if role == Qt.ItemDataRole.DisplayRole and column == self.ACTION:
                return "(removed)"
            return None
        return self._cell(row, column, role)

    def _cell(self, row: ActionRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column == self.BRAG:
                return f"{brag_text(row.brag)} rating: {BRAG_MEANINGS.get(row.brag, '')}"
            if column == self.DUE and row.overdue:
                return f"Due {format_date(row.due_date)}, overdue"
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column == self.BRAG:
            return _swatch(row.brag)
        if role == Qt.ItemDataRole.FontRole and column == self.DUE and row.overdue:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.DUE and row.overdue:
                return _OVERDUE
            if column == self.RAISED or (column == self.OWNER and not row.owner):
                return _MUTED
        return None

    def _display(self, row: ActionRow, column: int) -> str:
        if column == self.REF:
            return row.reference
        if column == self.GROUP:
            return row.group_code
        if column == self.RAISED:
            return row.raised_short or "Between meetings"
        if column == self.ACTION:
            return one_line(row.description)
        if column == self.OWNER:
            return row.owner or "No owner"
        if column == self.DUE:
            return due_text(row)
        if column == self.BRAG:
            return brag_text(row.brag)
        if column == self.STATUS:
            return STATUS_LABELS.get(row.status, row.status)
        if column == self.LATEST:
            return latest_text(row)
        return ""

    def _tooltip(self, row: ActionRow, column: int) -> str | None:
        if column == self.ACTION:
            return one_line(row.description, 1000)
        if column == self.BRAG:
            meaning = BRAG_MEANINGS.get(row.brag, "")
            comment = f": {one_line(row.brag_comment, 400)}" if row.brag_comment else ""
            return f"{brag_text(row.brag)} ({meaning}){comment}"
        if column == self.LATEST and row.latest_update:
            return one_line(row.latest_update, 1000)
        if column == self.RAISED and row.raised_at:
            return row.raised_at
        return None


_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.ForegroundRole,
        RowRole,
    }
)
