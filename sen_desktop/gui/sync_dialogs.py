"""Dialogs of the Exchange page: the passphrase, the recipient, the import preview.

The file dialogs are wrapped in ``ask_save_path`` / ``ask_open_path`` so tests can
answer them without a native dialog.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

BUNDLE_FILTER = "SEN bundles (*.senbundle)"
EVERYTHING = "Everything"


def ask_save_path(parent: QWidget | None, suggested: str) -> Path | None:
    """Where to write a bundle (None when the person cancels)."""
    name, _ = QFileDialog.getSaveFileName(parent, "Export bundle", suggested, BUNDLE_FILTER)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".senbundle" else path.with_suffix(".senbundle")


def ask_open_path(parent: QWidget | None) -> Path | None:
    """Which bundle to import (None when the person cancels)."""
    name, _ = QFileDialog.getOpenFileName(parent, "Import bundle", "", BUNDLE_FILTER)
    return Path(name) if name else None


class PassphraseDialog(QDialog):
    """Two password fields; a mismatch or an empty one is said beside the field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Set sync passphrase")
        intro = QLabel(
            "Every laptop of the programme uses the same sync passphrase. It is kept in "
            "this laptop's keyring."
        )
        intro.setWordWrap(True)
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName("Passphrase")
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setAccessibleName("The same again")
        self.first_error = _error_label("Passphrase problem")
        self.second_error = _error_label("Second passphrase problem")
        form = QFormLayout()
        first_label = QLabel("&Passphrase:")
        first_label.setBuddy(self.first)
        second_label = QLabel("The &same again:")
        second_label.setBuddy(self.second)
        form.addRow(first_label, _beside(self.first, self.first_error))
        form.addRow(second_label, _beside(self.second, self.second_error))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def passphrase(self) -> str:
        return self.first.text()

    def accept(self) -> None:
        self.first_error.setText("")
        self.second_error.setText("")
        if not self.first.text().strip():
            self.first_error.setText("Type the programme's passphrase.")
            self.first.setFocus()
            return
        if self.second.text() != self.first.text():
            self.second_error.setText("The two passphrases differ; type it again.")
            self.second.setFocus()
            self.second.selectAll()
            return
        super().accept()


class ExportForDialog(QDialog):
    """Choose the recipient: a profile, or everything."""

    def __init__(self, profiles: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export for…")
        self.recipient = QComboBox()
        self.recipient.setAccessibleName("Recipient")
        self.recipient.addItem(EVERYTHING, None)
        for name in profiles:
            self.recipient.addItem(name, name)
        label = QLabel("&Export for:")
        label.setBuddy(self.recipient)
        form = QFormLayout()
        form.addRow(label, self.recipient)
        note = QLabel(
            "A profile's bundle holds only its groups' changes that laptop has not yet "
            "acknowledged; Everything holds every change."
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def profile(self) -> str | None:
        data: Any = self.recipient.currentData()
        return data if isinstance(data, str) else None


class ImportPreviewDialog(QDialog):
    """What importing would do (a dry run), with Apply and Cancel."""

    def __init__(self, result: Any, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import bundle")
        self.path = path
        report = result.report
        who = result.sender_name or f"laptop {result.sender_site[:8]}"
        heading = QLabel(
            f"<b>{path.name}</b> from {who} (key {result.fingerprint}): "
            f"{result.operations:,} operations."
        )
        heading.setWordWrap(True)
        form = QFormLayout()
        self.counts: dict[str, QLabel] = {}
        for key, text in (
            ("new", "New operations:"),
            ("changed", "Rows changed:"),
            ("conflicting", "Conflicting fields:"),
            ("already_had", "Already had:"),
            ("pending", "Waiting for parent rows:"),
        ):
            value = QLabel(f"{getattr(report, key):,}")
            value.setAccessibleName(text.rstrip(":"))
            value.setObjectName(f"count_{key}")
            self.counts[key] = value
            form.addRow(text, value)
        notes = []
        if result.first_contact:
            notes.append("This is the first bundle from this laptop: its key will be pinned.")
        if report.conflicting:
            notes.append("Conflicting text keeps both versions until you choose on Conflicts.")
        note = QLabel(" ".join(notes))
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.addButton(
            "&Apply", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.apply_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        if notes:
            layout.addWidget(note)
        layout.addWidget(self.buttons)


def _error_label(name: str) -> QLabel:
    label = QLabel("")
    label.setObjectName("field_error")
    label.setAccessibleName(name)
    label.setWordWrap(True)
    label.setStyleSheet("color: #a00000;")
    return label


def _beside(field: QWidget, error: QLabel) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(field, 1)
    row.addWidget(error, 1)
    return box
