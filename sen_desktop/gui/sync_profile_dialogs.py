"""Dialogs of the Exchange page for export profiles and known laptops.

Each dialog collects its fields and emits ``submitted``; the page saves on the worker
and then calls ``finish()`` (saved: the dialog closes) or ``show_error(error)`` (the
core's sentence beside its field; nothing was saved and the dialog stays open).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.gui.sync_dialogs import _beside, _error_label
from sen_desktop.gui.sync_models import GroupChoiceModel
from sen_desktop.sync.status import GroupChoice, PeerRow, ProfileRow

CONTACTS_NOTE = (
    "People's email, phone and notes go too. Without it, people travel with their "
    "names, job titles and organisations only."
)
CONFIDENTIAL_NOTE = (
    "Exempt (Part 2) agenda items, with their minutes, resolutions and actions, and "
    "confidential papers go too. The Parent/Carer Reference Group's laptop should have "
    "neither box ticked."
)


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName("note")
    label.setStyleSheet("color: #4a5361;")
    return label


def _with_note(box: QCheckBox, text: str) -> QWidget:
    """A check box with its one-line explanation just below its text."""
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 4, 0, 4)
    column.setSpacing(2)
    column.addWidget(box)
    note = _note(text)
    indent = box.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + box.style(
    ).pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing)
    note.setContentsMargins(indent, 0, 0, 0)
    column.addWidget(note)
    column.addStretch(1)  # spare height goes below the note, not between the two
    return holder


class _SavingDialog(QDialog):
    submitted = Signal()

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.buttons = QDialogButtonBox()
        self.save_button: QPushButton = self.buttons.addButton(
            "&Save", QDialogButtonBox.ButtonRole.AcceptRole
        )
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        # Enter saves: Cancel never takes the default (the box would give it to Cancel).
        cancel.setAutoDefault(False)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.general_error = _error_label("Problem")
        self.general_error.hide()
        self._errors: dict[str, QLabel] = {}

    def clear_errors(self) -> None:
        for label in (*self._errors.values(), self.general_error):
            label.setText("")
        self.general_error.hide()

    def accept(self) -> None:
        """Save is pressed: ask the page to save (the dialog stays open until then)."""
        self.clear_errors()
        self.save_button.setEnabled(False)
        self.submitted.emit()

    def finish(self) -> None:
        self.save_button.setEnabled(True)
        super().accept()

    def show_error(self, message: str, field: str | None) -> None:
        self.save_button.setEnabled(True)
        label = self._errors.get(field or "")
        if label is None:
            self.general_error.setText(message)
            self.general_error.show()
            return
        label.setText(message)
        self._focus(field or "")

    def _focus(self, field: str) -> None:
        pass


class ProfileDialog(_SavingDialog):
    """Add or edit an export profile: name, groups, and the two inclusion flags."""

    def __init__(
        self,
        groups: Sequence[GroupChoice],
        profile: ProfileRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.editing = profile
        self.setWindowTitle(f"Edit profile {profile.name}" if profile else "Add profile")
        intro = _note(
            "A profile says what a recipient laptop may see. Name it as that laptop is "
            "known here: its bundles then confirm what it has received."
            if profile is None
            else "A profile keeps its name: the name links it to its laptop. The next "
            "export for it follows what you choose here."
        )

        self.name = QLineEdit(profile.name if profile else "")
        self.name.setAccessibleName("Profile name")
        self.name.setMaxLength(120)
        self.name.setPlaceholderText("e.g. PCRG secretary")
        if profile is not None:
            self.name.setReadOnly(True)
        self.name_error = _error_label("Profile name problem")

        self.group_model = GroupChoiceModel(groups, self)
        self.group_model.set_checked(profile.group_codes if profile else ())
        self.groups = QListView()
        self.groups.setModel(self.group_model)
        self.groups.setAccessibleName("Groups it may see")
        self.groups.setAccessibleDescription("Space ticks or clears the current group.")
        # Ticks, not a highlight, say what is included: the current row has a focus frame.
        self.groups.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.groups.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Tall and wide enough for every group (up to ten) without scrolling.
        self.groups.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frame = 2 * self.groups.frameWidth() + 4
        rows = min(max(1, len(groups)), 10)
        self.groups.setFixedHeight(rows * max(self.groups.sizeHintForRow(0), 1) + frame)
        self.groups.setMinimumWidth(self.groups.sizeHintForColumn(0) + frame + 8)
        self.groups.setCurrentIndex(self.group_model.index(0))
        self.groups_error = _error_label("Groups problem")

        self.contacts = QCheckBox("Include &contact details (email, phone, notes)")
        self.contacts.setChecked(bool(profile and profile.contacts))
        self.confidential = QCheckBox("Include con&fidential (exempt) items")
        self.confidential.setChecked(bool(profile and profile.confidential))
        self.contacts.setAccessibleDescription(CONTACTS_NOTE)
        self.confidential.setAccessibleDescription(CONFIDENTIAL_NOTE)
        self._errors = {"name": self.name_error, "groups": self.groups_error}

        name_label = QLabel("&Name:")
        name_label.setBuddy(self.name)
        groups_label = QLabel("&Groups it may see:")
        groups_label.setBuddy(self.groups)
        groups_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form = QFormLayout()
        form.addRow(name_label, _beside(self.name, self.name_error))
        form.addRow(groups_label, _beside(self.groups, self.groups_error))
        form.addRow("", _with_note(self.contacts, CONTACTS_NOTE))
        form.addRow("", _with_note(self.confidential, CONFIDENTIAL_NOTE))

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(680)
        (self.groups if profile else self.name).setFocus()

    def values(self) -> tuple[str, list[str], bool, bool]:
        return (
            self.name.text(),
            self.group_model.checked(),
            self.contacts.isChecked(),
            self.confidential.isChecked(),
        )

    def _focus(self, field: str) -> None:
        if field == "name" and not self.name.isReadOnly():
            self.name.setFocus()
            self.name.selectAll()
        elif field == "groups":
            self.groups.setFocus()


class NameLaptopDialog(_SavingDialog):
    """Name a known laptop; the profile names are offered, as a name links to them."""

    def __init__(
        self, peer: PeerRow, profiles: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.peer = peer
        self.setWindowTitle("Name laptop")
        heading = QLabel(
            f"The laptop with site {peer.site_id[:8]} and key fingerprint "
            f"<b>{peer.fingerprint}</b>."
        )
        heading.setWordWrap(True)
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.name.addItems(list(profiles))
        self.name.setEditText(peer.name if peer.named else "")
        self.name.setAccessibleName("Laptop name")
        line = self.name.lineEdit()
        if line is not None:
            line.setAccessibleName("Laptop name")
            line.setMaxLength(120)
        self.name_error = _error_label("Laptop name problem")
        self._errors = {"name": self.name_error}
        label = QLabel("&Name:")
        label.setBuddy(self.name)
        form = QFormLayout()
        form.addRow(label, _beside(self.name, self.name_error))
        if profiles:
            link = (
                "A laptop named as a profile is linked to it: the bundles it sends confirm "
                "what that profile's exports delivered, so the next export for it carries "
                f"only what it lacks. Profiles: {', '.join(profiles)}."
            )
        else:
            link = (
                "There are no profiles yet. A laptop named as a profile is linked to it: "
                "its bundles then confirm what that profile's exports delivered."
            )
        self.link_note = _note(link)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.link_note)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.name.setFocus()

    def value(self) -> str:
        return self.name.currentText()

    def _focus(self, field: str) -> None:
        self.name.setFocus()
        line = self.name.lineEdit()
        if line is not None:
            line.selectAll()
