"""Small building blocks the pages share: headings, read-only text, tables."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QLayout,
    QMessageBox,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sen_desktop.gui.common.tasks import TaskRunner

PAGE_MARGINS = (28, 20, 28, 16)

V = TypeVar("V", bound=QAbstractItemView)


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


class _FocusTracker(QObject):
    """Keeps a widget's ``focused`` property in step with its keyboard focus."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut) and isinstance(
            watched, QWidget
        ):
            focused = event.type() == QEvent.Type.FocusIn
            if watched.property("focused") != focused:
                watched.setProperty("focused", focused)
                # A style sheet reads properties when it polishes: polish again.
                watched.style().unpolish(watched)
                watched.style().polish(watched)
                watched.update()
        return False


class _ChooseOnFocus(QObject):
    """Chooses a table's current row when the table gets the focus with none chosen."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QAbstractItemView):
            choose_current_row(watched)
        return False


def choose_current_row(view: QAbstractItemView) -> None:
    """Select the row the view shows as current (the first if none), unless one is."""
    model, selection = view.model(), view.selectionModel()
    if model is None or selection is None or selection.hasSelection() or not model.rowCount():
        return
    current = view.currentIndex()
    row = current.row() if current.isValid() else 0
    selection.setCurrentIndex(
        model.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows,
    )


def choose_on_focus(view: V) -> V:
    """Tabbing into ``view`` chooses its current row, so the buttons that act on the
    chosen row work at once (Tab to the attendance, Alt+N marked nobody until an arrow
    key was pressed)."""
    view.installEventFilter(_ChooseOnFocus(view))
    return view


def track_focus(widget: QWidget) -> QWidget:
    """Let app.qss style ``widget`` by whether it has the focus (``[focused="true"]``):
    a list's or table's chosen row turns dark blue only while the list has the focus,
    which a style sheet's ``:focus`` cannot do for selection colours."""
    widget.setProperty("focused", widget.hasFocus())
    widget.installEventFilter(_FocusTracker(widget))
    return widget


def reading_pane(accessible_name: str) -> QTextBrowser:
    """Read-only rich text that scrolls, takes keyboard focus and can be selected."""
    browser = QTextBrowser()
    browser.setOpenLinks(False)
    browser.setAccessibleName(accessible_name)
    browser.setProperty("role", "reading")  # app.qss: no box until it has the focus
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
    track_focus(table)
    return table


#: The fewest rows a list shows, however small the screen (issue 11: 1366×768 at 125 %).
MIN_LIST_ROWS = 8


class _RowsKeeper(QObject):
    """Measures a view's rows again once it is styled: a page builds its lists before
    the window's style sheet reaches them, when the header is a few pixels shorter (at
    125 % the Action Log showed seven rows, not eight)."""

    _AGAIN = (QEvent.Type.Show, QEvent.Type.StyleChange, QEvent.Type.FontChange)

    def __init__(self, view: QAbstractItemView, rows: int) -> None:
        super().__init__(view)
        self.rows = rows

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in self._AGAIN and isinstance(watched, QAbstractItemView):
            _set_rows_height(watched, self.rows)
        return False


def at_least_rows(view: QAbstractItemView, rows: int = MIN_LIST_ROWS) -> int:
    """Make a list or table never shorter than ``rows`` one-line rows (under a table's
    header); the height it needs (a page around it scrolls rather than squeeze it).
    Measured again when the view is shown or restyled."""
    keeper = view.findChild(_RowsKeeper)
    if keeper is None:
        view.installEventFilter(_RowsKeeper(view, rows))
    else:
        keeper.rows = rows
    return _set_rows_height(view, rows)


def _set_rows_height(view: QAbstractItemView, rows: int) -> int:
    view.ensurePolished()
    row = view.fontMetrics().height() + 8  # one line and the item padding of app.qss
    header = 0
    if isinstance(view, QTableView):
        vertical = view.verticalHeader()
        if vertical.sectionResizeMode(0) == QHeaderView.ResizeMode.Fixed:
            row = vertical.defaultSectionSize()
        header = view.horizontalHeader().sizeHint().height()
    height = (
        header
        + rows * row
        + 2 * view.frameWidth()
        + 2  # app.qss keeps a pixel of margin round a list for its focus ring
    )
    view.setMinimumHeight(height)
    return height


def page_layout(page: QWidget) -> QVBoxLayout:
    layout = QVBoxLayout(page)
    layout.setContentsMargins(*PAGE_MARGINS)
    layout.setSpacing(8)
    return layout


def list_over_pane(parts: Sequence[QWidget | QLayout], table: QWidget,
                   pane: QWidget) -> QSplitter:
    """``parts`` (a list's label, the list ``table``, its row of buttons) stacked above
    one ``pane`` that takes three quarters of the height as the window grows: the
    one-pane sibling of ``list_over_panes`` (the policy and consultations pages)."""
    upper = QWidget()
    upper_layout = QVBoxLayout(upper)
    upper_layout.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        if isinstance(part, QLayout):
            upper_layout.addLayout(part)
        else:
            upper_layout.addWidget(part, 1 if part is table else 0)
    splitter = QSplitter(Qt.Orientation.Vertical)
    splitter.setChildrenCollapsible(False)
    splitter.addWidget(upper)
    splitter.addWidget(pane)
    splitter.setStretchFactor(1, 3)
    return splitter


def yes_or_no(parent: QWidget, title: str, question: str) -> bool:
    """Ask ``question`` with Yes and No; True if the person says Yes."""
    answer = QMessageBox.question(parent, title, question)
    return answer == QMessageBox.StandardButton.Yes


def list_over_panes(
    upper: QWidget,
    panes: tuple[tuple[str, QWidget], tuple[str, QWidget]],
    pane_sizes: tuple[int, int],
    stretch: tuple[int, int],
    sizes: tuple[int, int],
) -> QSplitter:
    """A list above two reading panes side by side, each under a heading whose mnemonic
    moves focus into it (the Action Log's and Recommendations page's layout)."""
    lower = QSplitter(Qt.Orientation.Horizontal)
    lower.setChildrenCollapsible(False)
    for title, pane in panes:
        box = QWidget()
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.addWidget(section_heading(title, pane))
        box_layout.addWidget(pane, 1)
        lower.addWidget(box)
    lower.setSizes(list(pane_sizes))

    splitter = QSplitter(Qt.Orientation.Vertical)
    splitter.setChildrenCollapsible(False)
    splitter.addWidget(upper)
    splitter.addWidget(lower)
    splitter.setStretchFactor(0, stretch[0])
    splitter.setStretchFactor(1, stretch[1])
    splitter.setSizes(list(sizes))
    # On a small screen the list keeps its rows (see at_least_rows) and the panes give
    # way: they scroll, down to a few lines each.
    for _title, pane in panes:
        pane.setMinimumHeight(pane.fontMetrics().height() * 3)
    return splitter


def export_to_word(
    page: QWidget,
    runner: TaskRunner,
    *,
    caption: str,
    ask_path: Callable[[Path], Path | None] | None,
    name: str,
    fallback: str,
    write: Callable[[Path], Any],
    wrote: Callable[[Any], str],
    failed: Callable[[Exception], None],
) -> None:
    """A page's Export to Word… button: ask where to save (``ask_path``, or the save
    dialog titled ``caption``, offered ``name`` in the Documents folder), then
    ``write(path)`` on the worker, the page's facts line (``page.facts``) saying
    "Writing …" and then "Wrote … (``wrote(record)``)", and the record emitted by
    ``page.exported``."""
    from sen_desktop.core.filenames import safe_file_name
    from sen_desktop.gui.papers.export import ask_save_path

    if ask_path is None:
        ask_path = partial(ask_save_path, page, caption)
    folder = Path(QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())
    path = ask_path(folder / safe_file_name(name, ".docx", fallback))
    if path is None:
        return
    facts: QLabel = page.facts  # type: ignore[attr-defined]

    def done(record: Any) -> None:
        facts.setText(f"Wrote {path.name} ({wrote(record)}).")
        page.exported.emit(record)  # type: ignore[attr-defined]

    facts.setText(f"Writing {path.name}…")
    runner.run(lambda: write(path), done, failed, owner=page)
