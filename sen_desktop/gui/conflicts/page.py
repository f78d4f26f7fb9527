"""The Conflicts page: free text edited on two laptops at once, side by side, and
references two laptops gave out apart.

Choose a conflicting field; each version shows read-only with its laptop and time,
with "Keep this version"; the "Merged text" box starts from the merge suggestion and
"Save merged text" writes it. Either writes a new operation every laptop converges on.

Above them, "Clashing references" lists meeting numbers, minute numbers and action or
recommendation references used twice in a group (``core.references``), each in plain
words. "Renumber" moves the one not yet published; where both were published the
program renumbers neither, and a person chooses which with "Renumber this one".

Everything is read and written by ``sync.conflict_service.ConflictService`` on the
worker (records from ``sync.conflict_records``); the page holds no session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.gui.common.widgets import at_least_rows, label, page_layout, track_focus
from sen_desktop.gui.exchange.models import ConflictListModel, select_row

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.shell.pages import PageContext
    from sen_desktop.gui.shell.session import OpenProgramme
    from sen_desktop.sync.conflict_records import ClashView, ConflictsOverview, ConflictView
    from sen_desktop.sync.conflict_service import ConflictService


class ConflictsPage(QWidget):
    loaded = Signal()
    status_message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner: TaskRunner | None = None
        self._session: OpenProgramme | None = None
        self.conflicts: list[ConflictView] = []

        self.heading = label("Conflicts", role="heading")  # as every page's heading
        self.summary = label("Loading…", wrap=True)
        self.summary.setAccessibleDescription("Conflicts summary")
        self.model = ConflictListModel(self)
        self.list = QListView()
        track_focus(self.list)
        self.list.setModel(self.model)
        self.list.setAccessibleName("Conflicting fields")
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._chosen(current.row())
        )

        self.versions_box = QWidget()
        self.versions_row = QHBoxLayout(self.versions_box)
        self.versions_row.setContentsMargins(0, 0, 0, 0)
        self.version_texts: list[QPlainTextEdit] = []
        self.keep_buttons: list[QPushButton] = []

        merged_label = QLabel("&Merged text:")
        self.merged = QPlainTextEdit()
        self.merged.setAccessibleName("Merged text")
        merged_label.setBuddy(self.merged)
        self.save_button = QPushButton("&Save merged text")
        self.save_button.clicked.connect(self.save_merged)

        self.detail = QWidget()
        detail = QVBoxLayout(self.detail)
        detail.setContentsMargins(0, 0, 0, 0)
        detail.addWidget(self.versions_box, 2)
        detail.addWidget(merged_label)
        detail.addWidget(self.merged, 1)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_button)
        detail.addLayout(save_row)

        self.clashes: list[ClashView] = []
        self.clash_box = QGroupBox("Clashing references")
        self.clash_model = ConflictListModel(self)
        self.clash_list = QListView()
        track_focus(self.clash_list)
        self.clash_list.setModel(self.clash_model)
        self.clash_list.setAccessibleName("Clashing references")
        self.clash_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.clash_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.clash_list.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._clash_chosen(current.row())
        )
        self.clash_text = QLabel()
        self.clash_text.setWordWrap(True)
        self.clash_text.setAccessibleDescription("The clash in words")
        self.clash_text.setTextFormat(Qt.TextFormat.PlainText)
        self.renumber_button = QPushButton("&Renumber")
        self.renumber_button.setAccessibleName("Renumber the reference not yet published")
        self.renumber_button.clicked.connect(self.renumber)
        self.choice_row = QVBoxLayout()  # one button per row: descriptions can be long
        self.choice_buttons: list[QPushButton] = []
        clash_layout = QVBoxLayout(self.clash_box)
        clash_layout.addWidget(self.clash_list, 1)
        clash_layout.addWidget(self.clash_text)
        buttons = QHBoxLayout()
        buttons.addLayout(self.choice_row)
        buttons.addStretch(1)
        buttons.addWidget(self.renumber_button)
        clash_layout.addLayout(buttons)
        self.clash_box.setVisible(False)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.list)
        splitter.addWidget(self.detail)
        splitter.setSizes([at_least_rows(self.list), 480])  # eight conflicts in view
        layout = page_layout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.clash_box, 1)
        layout.addWidget(splitter, 2)
        self.splitter = splitter
        self.detail.setVisible(False)

    def open(self, context: PageContext) -> None:
        """Shown (page contract, gui/shell/pages.py): load what the page shows."""
        self._runner, self._session = context.runner, context.session
        self.reload()

    def _service(self) -> Callable[[], ConflictService]:
        """Builds the page's service on the worker (the UI thread only reads the
        session factory out of the open programme)."""
        assert self._session is not None
        factory = self._session.db.session_factory

        def make() -> ConflictService:
            from sen_desktop.sync.conflict_service import ConflictService

            return ConflictService(factory)

        return make

    def reload(self) -> None:
        if self._runner is None or self._session is None:
            return
        service = self._service()
        self._runner.run(
            lambda: service().overview(), self._show_all, channel="conflicts", owner=self
        )

    def _show_all(self, loaded: ConflictsOverview) -> None:
        self._show_clashes(loaded.clashes)
        self._show(loaded.conflicts)

    def _show_clashes(self, clashes: Sequence[ClashView]) -> None:
        before = self.current_clash()
        self.clashes = list(clashes)
        self.clash_list.selectionModel().blockSignals(True)
        self.clash_model.set_records(self.clashes)
        self.clash_list.selectionModel().blockSignals(False)
        self.clash_box.setVisible(bool(self.clashes))
        n = len(self.clashes)
        self.clash_box.setTitle(
            f"Clashing references ({n})" if n else "Clashing references"
        )
        row = self.clash_model.row_of(before.key) if before is not None else -1
        if self.clashes:
            row = max(row, 0)
            if self.clash_list.currentIndex().row() == row:
                self._clash_chosen(row)
            else:
                select_row(self.clash_list, row)
        else:
            self._clash_chosen(-1)

    def current_clash(self) -> ClashView | None:
        row = self.clash_list.currentIndex().row()
        return self.clashes[row] if 0 <= row < len(self.clashes) else None

    def _clash_chosen(self, row: int) -> None:
        while self.choice_row.count():
            taken = self.choice_row.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        self.choice_buttons = []
        clash = self.clashes[row] if 0 <= row < len(self.clashes) else None
        self.clash_text.setText(clash.text if clash is not None else "")
        self.renumber_button.setVisible(clash is not None and clash.automatic)
        self.renumber_button.setEnabled(clash is not None and clash.automatic)
        if clash is not None:
            self.renumber_button.setAccessibleName(
                f"Renumber the one not yet published of {clash.reference}"
            )
        if clash is None or clash.automatic or clash.kind == "minutes" or not clash.writable:
            return  # minutes follow the meetings' dates: the words say what to change
        for choice in clash.choices:
            button = QPushButton(f"Renumber {choice.label}")
            button.setToolTip(choice.text)
            button.setAccessibleName(f"Renumber {choice.text}")
            button.clicked.connect(lambda _=False, r=choice.row_id: self.renumber(r))
            self.choice_row.addWidget(button)
            self.choice_buttons.append(button)

    def renumber(self, row_id: str | None = None) -> None:
        """Clear the chosen clash ("Renumber"), or renumber the row a person chose."""
        clash = self.current_clash()
        if clash is None or self._runner is None or self._session is None:
            return
        service = self._service()
        chosen = row_id if isinstance(row_id, str) else None

        def work() -> list[str]:
            return service().renumber(clash.key, chosen)

        def done(changes: list[str]) -> None:
            if changes:
                self.status_message.emit("Renumbered: " + "; ".join(changes) + ".")
            else:
                self.status_message.emit(f"{clash.reference} no longer clashes.")
            self.reload()

        def failed(error: Exception) -> None:
            self.status_message.emit(getattr(error, "message", None) or str(error))

        self._runner.run(work, done, failed, owner=self)

    def _show(self, conflicts: Sequence[ConflictView]) -> None:
        before = self.current()
        self.conflicts = list(conflicts)
        self.list.selectionModel().blockSignals(True)
        self.model.set_records(self.conflicts)
        self.list.selectionModel().blockSignals(False)
        n = len(self.conflicts)
        if n:
            self.summary.setText(
                f"{n:,} {'field was' if n == 1 else 'fields were'} edited on two laptops at "
                "once. Choose one, then keep a version or save merged text; every laptop "
                "takes your choice at the next exchange."
            )
            self.list.setVisible(True)
            self.splitter.setVisible(True)
            # The field chosen before the reload stays chosen while it is still in conflict.
            row = self.model.row_of(before.key) if before is not None else -1
            self.select(max(row, 0))
        else:
            self.summary.setText(
                "No text conflicts. Some references were given out twice by laptops apart; "
                "choose one below and renumber it."
                if self.clashes
                else "No conflicts. When the same text is edited on two laptops before they "
                "exchange bundles, both versions are kept and listed here for you to choose."
            )
            self.list.setVisible(False)
            # Only the clashing references, when there are some, take the page.
            self.splitter.setVisible(not self.clashes)
            self._chosen(-1)
        self.loaded.emit()

    def select(self, row: int) -> None:
        """Choose the conflict in ``row`` (and show its versions)."""
        if self.list.currentIndex().row() == row:
            self._chosen(row)
        else:
            select_row(self.list, row)

    def current(self) -> ConflictView | None:
        row = self.list.currentIndex().row()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def _chosen(self, row: int) -> None:
        while self.versions_row.count():
            taken = self.versions_row.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        self.version_texts, self.keep_buttons = [], []
        conflict = self.current()
        self.detail.setVisible(conflict is not None)
        if conflict is None:
            return
        for n, version in enumerate(conflict.versions, start=1):
            box = QGroupBox(f"Version {n}: {version.who}, {version.when}")
            inner = QVBoxLayout(box)
            text = QPlainTextEdit(version.text)
            text.setReadOnly(True)
            text.setAccessibleName(f"Version {n} from {version.who}")
            keep = QPushButton(f"Keep version &{n}" if n < 10 else "Keep this version")
            keep.setAccessibleName(f"Keep version {n} from {version.who}")
            keep.clicked.connect(lambda _=False, v=version.text: self.resolve(v))
            inner.addWidget(text, 1)
            inner.addWidget(keep)
            self.versions_row.addWidget(box, 1)
            self.version_texts.append(text)
            self.keep_buttons.append(keep)
        self.merged.setPlainText(conflict.suggestion)

    def save_merged(self) -> None:
        self.resolve(self.merged.toPlainText())

    def resolve(self, value: str) -> None:
        conflict = self.current()
        if conflict is None or self._runner is None or self._session is None:
            return
        service = self._service()

        def work() -> None:
            service().resolve(conflict.entity, conflict.row_id, conflict.field, value)

        def done(_: Any) -> None:
            self.status_message.emit(f"Resolved {conflict.label}.")
            self.reload()

        def failed(error: Exception) -> None:
            self.status_message.emit(getattr(error, "message", None) or str(error))

        self._runner.run(work, done, failed, owner=self)
