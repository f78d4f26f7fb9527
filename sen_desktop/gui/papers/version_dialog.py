"""Public or confidential version? — asked by File > Export to Word… (gui/papers/export.py)
where a paper has confidential items."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)


class VersionDialog(QDialog):
    """Public or confidential version? Asked only where the paper has confidential items."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export to Word")
        self.setAccessibleName("Which version to export")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.setSpacing(10)
        intro = QLabel(
            f"There are confidential (exempt) items in {what}. Which version do you want?"
        )
        intro.setWordWrap(True)
        intro.setAccessibleDescription("Which version to export")
        layout.addWidget(intro)
        self.public = QRadioButton(
            "&Public version: confidential items are left out and marked as withheld "
            "(UNRESTRICTED)"
        )
        self.confidential = QRadioButton(
            "&Confidential version: includes the confidential items "
            "(RESTRICTED — not for publication)"
        )
        self.public.setChecked(True)
        for button in (self.public, self.confidential):
            layout.addWidget(button)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok is not None
        ok.setText("Choose file…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.buttons = buttons
        self.resize(560, self.sizeHint().height())

    def wants_confidential(self) -> bool:
        return self.confidential.isChecked()
