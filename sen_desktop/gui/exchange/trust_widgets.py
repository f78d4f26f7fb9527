"""Small widgets of the trust screens: plain-text labels, the fingerprint box, the
problem line and the file choosers.

Anything that came from a file another laptop wrote (a request's name, a certificate's
name, a bundle's sender) is shown through ``plain_label``: Qt would otherwise guess rich
text from a name like ``<b>x</b>`` and render it.

The file dialogs are wrapped in ``ask_save`` / ``ask_open`` so tests can answer them
without a native dialog.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core.filenames import safe_file_name

#: kind -> (file filter, suffix)
FILE_KINDS: Final = {
    "request": ("Laptop requests (*.senrequest)", ".senrequest"),
    "certificate": ("Laptop certificates (*.sencert)", ".sencert"),
    "bundle": ("SEN bundles (*.senbundle)", ".senbundle"),
}

ERROR_STYLE: Final = "color: #a00000;"
NOTE_STYLE: Final = "color: #4a5361;"


def plain_label(text: str = "", name: str = "", *, wrap: bool = True) -> QLabel:
    """A label that never reads its text as rich text. ``name`` says what the words are
    (its accessible description): a screen reader reads the words themselves, which an
    accessible name would replace."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    if name:
        label.setAccessibleDescription(name)
    return label


def note_label(text: str, name: str = "") -> QLabel:
    """A quieter explanation under a control (plain text)."""
    label = plain_label(text, name)
    label.setObjectName("note")
    label.setStyleSheet(NOTE_STYLE)
    return label


def heading(text: str) -> QLabel:
    """A section heading (our own words, never another laptop's), styled by app.qss as
    every page's section headings are."""
    label = plain_label(text, wrap=False)
    label.setProperty("role", "subheading")
    return label


class ProblemLabel(QLabel):
    """One sentence saying what went wrong; it starts with "Problem:" so the colour is
    never the only sign."""

    def __init__(self, name: str = "Problem") -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setObjectName("form_error")
        self.setAccessibleName(name)
        self.setStyleSheet(ERROR_STYLE)
        self.hide()

    def say(self, sentence: str) -> None:
        self.setText(f"Problem: {sentence}" if sentence else "")
        self.setVisible(bool(sentence))

    def sentence(self) -> str:
        text = self.text()
        return text.removeprefix("Problem: ")


def readable_fingerprint(fingerprint: str) -> str:
    """The fingerprint's 16 groups of 4 on two lines of 8 (as the core gives it, in full)."""
    groups = fingerprint.split()
    if len(groups) <= 8:
        return " ".join(groups)
    half = (len(groups) + 1) // 2
    return " ".join(groups[:half]) + "\n" + " ".join(groups[half:])


class FingerprintBox(QWidget):
    """A fingerprint in full, in readable groups: monospace, selectable, with Copy."""

    def __init__(self, name: str = "Programme fingerprint", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fingerprint = ""
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setAccessibleName(name)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.25)
        font.setWeight(QFont.Weight.DemiBold)
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
        self.text.setFont(font)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.text.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # A box to read from, with the focus ring every control has (app.qss's colours).
        self.text.setStyleSheet(
            "QLabel { background: white; border: 1px solid #6b7785; border-radius: 3px;"
            " padding: 6px 12px; }"
            "QLabel:focus { border: 2px solid #0b2a4a; padding: 5px 11px; }"
        )
        self.copy_button = QPushButton("Cop&y fingerprint")
        self.copy_button.setAccessibleName(f"Copy the {name.lower()}")
        self.copy_button.clicked.connect(self.copy)
        self.copied = plain_label("", "Copy result", wrap=False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.text)
        column = QVBoxLayout()
        column.addWidget(self.copy_button)
        column.addWidget(self.copied)
        column.addStretch(1)
        row.addLayout(column)
        row.addStretch(1)

    def set_fingerprint(self, fingerprint: str) -> None:
        self._fingerprint = fingerprint
        shown = readable_fingerprint(fingerprint)
        self.text.setText(shown)
        # The style sheet's padding is not in QLabel's size hint: never clip a group.
        metrics = self.text.fontMetrics()
        widest = max((metrics.horizontalAdvance(line) for line in shown.split("\n")), default=0)
        self.text.setMinimumWidth(widest + 2 * 12 + 2 + 8)
        self.text.setMinimumHeight(metrics.lineSpacing() * max(shown.count("\n") + 1, 1) + 16)
        # A screen reader reads the groups one by one, as a person reads them out.
        self.text.setAccessibleDescription(", ".join(fingerprint.split()))
        self.copied.setText("")
        self.copy_button.setEnabled(bool(fingerprint))

    def fingerprint(self) -> str:
        return self._fingerprint

    def copy(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None and self._fingerprint:
            clipboard.setText(self._fingerprint)
            self.copied.setText("Copied.")


def _with_suffix(path: Path, suffix: str) -> Path:
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def ask_save(parent: QWidget | None, caption: str, suggested: str, kind: str) -> Path | None:
    """Where to write a request, certificate or bundle (None when the person cancels)."""
    file_filter, suffix = FILE_KINDS[kind]
    name, _ = QFileDialog.getSaveFileName(parent, caption, suggested, file_filter)
    return _with_suffix(Path(name), suffix) if name else None


def ask_open(parent: QWidget | None, caption: str, kind: str) -> Path | None:
    """Which request, certificate or bundle to read (None when the person cancels)."""
    file_filter, _suffix = FILE_KINDS[kind]
    name, _ = QFileDialog.getOpenFileName(parent, caption, "", file_filter)
    return Path(name) if name else None


def file_stem(name: str) -> str:
    """A file name from a laptop's name: spaces as hyphens, characters Windows refuses
    dropped, at most 60 long, never a name Windows keeps for a device (core/filenames.py)."""
    kept = "".join(c for c in " ".join(name.split()) if c.isalnum() or c in " -_.'")
    return safe_file_name(kept.replace(" ", "-").strip(".-")[:60], "", "laptop")
