"""Dialogs of the Exchange page: whom to export for, and the import preview (an export's
or import's progress is the task API's ``gui.common.progress.ProgressDialog``).

The bundle file dialogs are wrapped in ``ask_save_path`` / ``ask_open_path`` so tests
can answer them without a native dialog. Everything a bundle's header says (the
sender's name above all) is shown as plain text.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.gui.exchange import trust_widgets
from sen_desktop.gui.exchange.trust_widgets import FingerprintBox, note_label, plain_label
from sen_desktop.sync.exchange_records import LaptopRow, codes_text

if TYPE_CHECKING:
    from collections.abc import Sequence

BUNDLE_FILTER = trust_widgets.FILE_KINDS["bundle"][0]


def ask_save_path(parent: QWidget | None, suggested: str) -> Path | None:
    """Where to write a bundle (None when the person cancels)."""
    return trust_widgets.ask_save(parent, "Export bundle", suggested, "bundle")


def ask_open_paths(parent: QWidget | None) -> list[Path]:
    """Which bundles to import: one, or the parts of a series (none when the person
    cancels)."""
    names, _ = QFileDialog.getOpenFileNames(parent, "Import bundles", "", BUNDLE_FILTER)
    return [Path(name) for name in names]


def same_groups(laptops: Sequence[LaptopRow], chosen: LaptopRow) -> list[LaptopRow]:
    """The other laptops whose certificates grant the same reading as ``chosen``."""
    def grant(row: LaptopRow) -> tuple[frozenset[str], bool, bool]:
        return frozenset(row.read), row.contacts, row.confidential

    return [
        row for row in laptops
        if row.laptop_id != chosen.laptop_id and not row.revoked and grant(row) == grant(chosen)
    ]


class ExportForDialog(QDialog):
    """For one certified laptop, or for every laptop with the same groups as it."""

    def __init__(self, laptops: Sequence[LaptopRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export for…")
        self.setAccessibleName("Export for")
        self._laptops = [row for row in laptops if not row.this_laptop and not row.revoked]
        intro = plain_label(
            "A bundle is locked so that only the laptops it is for can open it, and it "
            "holds only what those laptops may read."
        )
        self.laptop = QComboBox()
        for row in self._laptops:
            self.laptop.addItem(f"{row.name} — reads {codes_text(row.read)}", row.laptop_id)
        label = QLabel("&Laptop:")
        label.setBuddy(self.laptop)
        form = QFormLayout()
        form.addRow(label, self.laptop)
        self.one = QRadioButton("For &one laptop: only the laptop chosen above")
        self.every = QRadioButton(
            "For every laptop with the &same groups as the laptop chosen above"
        )
        self.one.setChecked(True)
        choice = QButtonGroup(self)
        choice.addButton(self.one)
        choice.addButton(self.every)
        self.also = note_label("", "Which laptops the bundle is for")
        self.laptop.currentIndexChanged.connect(lambda _i: self._explain())
        self.one.toggled.connect(lambda _on: self._explain())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button.setText("&Choose file…")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.one)
        layout.addWidget(self.every)
        layout.addWidget(self.also)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self._explain()
        self.laptop.setFocus()

    @property
    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def chosen(self) -> LaptopRow | None:
        index = self.laptop.currentIndex()
        return self._laptops[index] if 0 <= index < len(self._laptops) else None

    def for_profile(self) -> bool:
        return self.every.isChecked()

    def recipients(self) -> list[LaptopRow]:
        chosen = self.chosen()
        if chosen is None:
            return []
        if not self.for_profile():
            return [chosen]
        return [chosen, *same_groups(self._laptops, chosen)]

    def _explain(self) -> None:
        chosen = self.chosen()
        self.ok_button.setEnabled(chosen is not None)
        if chosen is None:
            self.also.setText(
                "No other laptop has joined yet: admit one first (Admit a laptop…)."
            )
            return
        names = [f"“{row.name}”" for row in self.recipients()]
        self.also.setText(
            f"The bundle is for {', '.join(names)}."
            if len(names) > 1 or not self.for_profile()
            else f"The bundle is for {names[0]}: no other laptop has the same groups."
        )


def _count_label(value: int, name: str) -> QLabel:
    label = plain_label(f"{value:,}", name, wrap=False)
    label.setObjectName(f"count_{name.replace(' ', '_').lower()}")
    return label


class ImportPreviewDialog(QDialog):
    """What importing would do (from the staged copy), with Apply and Cancel. The
    sender's name from the bundle is shown as plain text, beside the fingerprint of the
    key its certificate holds."""

    def __init__(
        self,
        preview: Any,
        path: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import bundle")
        self.setAccessibleName("Import bundle")
        self.path = path
        report = preview.report
        part = f" (part {preview.part} of {preview.parts})" if preview.parts > 1 else ""
        self.heading = plain_label(
            f"{path.name}{part}: {int(preview.operations):,} changes.", "The bundle"
        )
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.sender_name = plain_label(str(preview.sender_name), "From the laptop")
        sender_label = QLabel("From the laptop:")
        sender_label.setBuddy(self.sender_name)
        self.fingerprint = FingerprintBox("The sender's key fingerprint")
        self.fingerprint.set_fingerprint(str(preview.sender_fingerprint))
        fingerprint_label = QLabel("Its key fingerprint:")
        fingerprint_label.setBuddy(self.fingerprint.text)
        form = QFormLayout()
        form.addRow(sender_label, self.sender_name)
        form.addRow(fingerprint_label, self.fingerprint)
        self.counts: dict[str, QLabel] = {}
        for key, text in (
            ("new", "New changes"),
            ("changed", "Rows changed"),
            ("conflicting", "Conflicting fields"),
            ("already_had", "Already had"),
            ("pending", "Waiting for parent rows"),
        ):
            value = _count_label(int(getattr(report, key)), text)
            self.counts[key] = value
            caption = QLabel(f"{text}:")
            caption.setBuddy(value)
            form.addRow(caption, value)
        notes = []
        if report.conflicting:
            notes.append("Conflicting text keeps both versions until you choose on Conflicts.")
        if preview.registry_added:
            added = int(preview.registry_added)
            what = "certificate or revocation" if added == 1 else "certificates or revocations"
            notes.append(f"It brings {added:,} new laptop {what} from the programme lead.")
        self.note = note_label(" ".join(notes), "Notes")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.addButton(
            "&Apply", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.apply_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        if notes:
            layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        # No fixed minimum: it would override the layout's, and clip the fingerprint.
        self.resize(max(680, self.sizeHint().width()), self.sizeHint().height())
        self.apply_button.setFocus()
