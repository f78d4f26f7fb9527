"""The Conflicts page: free text edited on two laptops at once, side by side.

Choose a conflicting field; each version shows read-only with its laptop and time,
with "Keep this version"; the "Merged text" box starts from the merge suggestion and
"Save merged text" writes it. Either writes a new operation every laptop converges on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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

from sen_desktop.gui.sync_models import ConflictListModel, select_row

if TYPE_CHECKING:
    from sen_desktop.gui.session import OpenProgramme
    from sen_desktop.gui.tasks import TaskRunner


@dataclass(frozen=True, slots=True)
class VersionView:
    who: str  # "this laptop", a peer's name, or "laptop 1a2b3c4d"
    when: str
    text: str


@dataclass(frozen=True, slots=True)
class ConflictView:
    entity: str
    row_id: str
    field: str
    where: str  # e.g. "Minutes · SG meeting 3, item 4: Matters arising"
    versions: tuple[VersionView, ...]
    suggestion: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.entity, self.row_id, self.field)

    @property
    def label(self) -> str:
        return f"{self.where} — {self.field.replace('_', ' ')}"


_ENTITY_NAMES = {
    "minute_entry": "Minutes",
    "resolution": "Resolution",
    "recommendation": "Recommendation",
    "action": "Action",
    "agenda_item": "Agenda item",
}


def _hlc_time(hlc: str) -> str:
    try:
        millis = int(hlc.split(".")[0])
    except ValueError:
        return hlc
    moment = dt.datetime.fromtimestamp(millis / 1000, tz=dt.UTC)
    return f"{moment.day} {moment:%b %Y %H:%M} UTC"  # "3 Dec 2026", as elsewhere


def _row_label(s: Any, entity: str, row_id: str) -> str:
    from sen_desktop.core.store.models import ENTITY_BY_TABLE

    model = ENTITY_BY_TABLE.get(entity)
    row = s.get(model, row_id) if model is not None else None
    kind = _ENTITY_NAMES.get(entity, entity.replace("_", " ").capitalize())
    if row is None:
        return f"{kind} (not yet arrived)"
    item_id = getattr(row, "agenda_item_id", None)
    if item_id:
        item = s.get(ENTITY_BY_TABLE["agenda_item"], item_id)
        if item is not None:
            meeting = s.get(ENTITY_BY_TABLE["meeting"], item.meeting_id)
            when = ""
            if meeting is not None:
                group = s.get(ENTITY_BY_TABLE["group"], meeting.group_id)
                code = f"{group.code} " if group is not None else ""
                when = (
                    f"{code}meeting {meeting.number} ({meeting.date.day} "
                    f"{meeting.date:%b %Y}), "
                )
            return f"{kind} · {when}item {item.position}: {item.title}"
    for name in ("reference", "title", "name"):
        value = getattr(row, name, None)
        if isinstance(value, str) and value:
            return f"{kind} · {value[:60]}"
    return f"{kind} {row_id[:8]}"


def load_conflicts(session: OpenProgramme) -> list[ConflictView]:
    """The conflict list with readable places and laptop names, on the worker."""
    from sqlalchemy import select

    from sen_desktop.core.store.models import SyncPeer
    from sen_desktop.core.store.oplog import local_site_id
    from sen_desktop.sync.merge import conflicts

    out: list[ConflictView] = []
    with session.db.session_factory() as s:
        own = local_site_id(s)
        names = {p.site_id: p.name for p in s.scalars(select(SyncPeer)).all() if p.name}
        for c in conflicts(s):
            versions = tuple(
                VersionView(
                    "this laptop" if h.site_id == own
                    else names.get(h.site_id, f"laptop {h.site_id[:8]}"),
                    _hlc_time(h.hlc),
                    "" if h.value is None else str(h.value),
                )
                for h in c.heads
            )
            out.append(
                ConflictView(c.entity, c.row_id, c.field, _row_label(s, c.entity, c.row_id),
                             versions, c.suggestion)
            )
    out.sort(key=lambda c: (_natural(c.where), c.field, c.row_id))
    return out


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key reading runs of digits as numbers: "item 2" before "item 10"."""
    import re

    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold())
        for part in re.split(r"(\d+)", text)
        if part
    )


class ConflictsPage(QWidget):
    loaded = Signal()
    status_message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner: TaskRunner | None = None
        self._session: OpenProgramme | None = None
        self.conflicts: list[ConflictView] = []

        title = QLabel("<h2>Conflicts</h2>")
        self.summary = QLabel("Loading…")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Conflicts summary")
        self.model = ConflictListModel(self)
        self.list = QListView()
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

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.list)
        splitter.addWidget(self.detail)
        splitter.setSizes([160, 480])
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        self.detail.setVisible(False)

    def open(self, runner: TaskRunner, session: OpenProgramme) -> None:
        self._runner, self._session = runner, session
        self.reload()

    def reload(self) -> None:
        if self._runner is None or self._session is None:
            return
        session = self._session
        self._runner.run(lambda: load_conflicts(session), self._show, owner=self)

    def _show(self, conflicts: list[ConflictView]) -> None:
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
            # The field chosen before the reload stays chosen while it is still in conflict.
            row = self.model.row_of(before.key) if before is not None else -1
            self.select(max(row, 0))
        else:
            self.summary.setText(
                "No conflicts. When the same text is edited on two laptops before they "
                "exchange bundles, both versions are kept and listed here for you to choose."
            )
            self.list.setVisible(False)
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
        session = self._session

        def work() -> None:
            from sen_desktop.sync.merge import resolve_conflict

            with session.db.session_factory.begin() as s:
                resolve_conflict(s, conflict.entity, conflict.row_id, conflict.field, value)

        def done(_: Any) -> None:
            self.status_message.emit(f"Resolved {conflict.label}.")
            self.reload()

        def failed(error: Exception) -> None:
            self.status_message.emit(getattr(error, "message", None) or str(error))

        self._runner.run(work, done, failed, owner=self)
