"""The "who uses this laptop" fields, shared by the first-run welcome and Settings.

Name, role and the groups they support (a list of tick boxes: Space ticks the one with
focus), each with its message label beside it. The core checks the answers
(``ThisLaptop.check_user``); ``show_error`` puts its sentence beside the field it names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core.programme.laptop_settings import ROLES, LaptopUser
from sen_desktop.gui.common.widgets import label

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from sen_desktop.core.programme.records import GroupSummary

#: The fields ``show_error`` knows, by the name the core gives them.
FIELDS = ("name", "role", "group_ids")


def error_label(accessible: str) -> QLabel:
    """A message beside a field: hidden until there is something to say."""
    widget = label("", role="error", wrap=True)
    widget.setAccessibleName(accessible)
    widget.hide()
    return widget


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    # A red border in app.qss; the message beside the field says it in words.
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class UserFields(QWidget):
    """Name, role and groups, laid out as a form with a message beside each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Your name")
        self.name_edit.setPlaceholderText("As colleagues know you, e.g. Jane Smith")
        self.name_edit.setMaxLength(100)
        self.role_combo = QComboBox()
        self.role_combo.setAccessibleName("Your role")
        for key, words in ROLES:
            self.role_combo.addItem(words, key)
        self.groups_list = QListWidget()
        self.groups_list.setAccessibleName("Groups you support")
        self.groups_list.setAccessibleDescription(
            "Space ticks or unticks the group with focus."
        )
        self.groups_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.groups_list.setMinimumHeight(90)
        self.errors = {
            "name": error_label("Problem with your name"),
            "role": error_label("Problem with your role"),
            "group_ids": error_label("Problem with the groups"),
        }
        self.widgets: dict[str, QWidget] = {
            "name": self.name_edit, "role": self.role_combo, "group_ids": self.groups_list,
        }

        form = self.form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.hint = label(
            "The Home page shows these groups' meetings, actions and recommendations "
            "first. The programme lead may leave them all unticked to see every group.",
            role="facts", wrap=True,
        )
        for field, text in (("name", "Your &name:"), ("role", "Your &role:"),
                            ("group_ids", "&Groups you support:")):
            caption = QLabel(text)
            caption.setBuddy(self.widgets[field])
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(self.widgets[field])
            box.addWidget(self.errors[field])
            form.addRow(caption, box)
            if field == "group_ids":
                # A row of its own: inside the list's box a wrapped label's height is
                # under-counted and its first line was drawn over the list.
                form.addRow("", self.hint)
        self.setTabOrder(self.name_edit, self.role_combo)
        self.setTabOrder(self.role_combo, self.groups_list)

    # --- filling and reading -----------------------------------------------------------

    def set_groups(self, groups: Sequence[GroupSummary], ticked: Iterable[str] = ()) -> None:
        chosen = set(ticked) | set(self.group_ids())
        self.groups_list.clear()
        for group in groups:
            item = QListWidgetItem(group.name)
            item.setData(Qt.ItemDataRole.UserRole, group.id)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            item.setCheckState(
                Qt.CheckState.Checked if group.id in chosen else Qt.CheckState.Unchecked
            )
            self.groups_list.addItem(item)
        if self.groups_list.count():
            # Tall enough for every group (up to 10), so none hides below a scroll.
            rows = min(self.groups_list.count(), 10)
            height = self.groups_list.sizeHintForRow(0) * rows
            self.groups_list.setFixedHeight(height + 2 * self.groups_list.frameWidth() + 4)

    def set_user(self, user: LaptopUser | None) -> None:
        self.name_edit.setText(user.name if user else "")
        index = self.role_combo.findData(user.role if user else ROLES[0][0])
        self.role_combo.setCurrentIndex(max(index, 0))
        wanted = set(user.group_ids if user else ())
        for row in range(self.groups_list.count()):
            item = self.groups_list.item(row)
            item.setCheckState(
                Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in wanted
                else Qt.CheckState.Unchecked
            )

    def name(self) -> str:
        return self.name_edit.text()

    def role(self) -> str:
        return str(self.role_combo.currentData())

    def group_ids(self) -> list[str]:
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.groups_list.item(r) for r in range(self.groups_list.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]

    def tick(self, name: str, ticked: bool = True) -> None:
        """Tick (or untick) a group by its name, as Space on it would."""
        for row in range(self.groups_list.count()):
            item = self.groups_list.item(row)
            if item.text() == name:
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
                return
        raise KeyError(name)

    # --- messages ----------------------------------------------------------------------

    def clear_errors(self) -> None:
        for field, message in self.errors.items():
            message.clear()
            message.hide()
            self.widgets[field].setAccessibleDescription(
                "Space ticks or unticks the group with focus." if field == "group_ids" else ""
            )
            mark_invalid(self.widgets[field], False)

    def show_error(self, message: str, field: str | None) -> bool:
        """Show ``message`` beside ``field``; False if the field is not one of these."""
        if field not in self.errors:
            return False
        self.errors[field].setText(message)
        self.errors[field].show()
        widget = self.widgets[field]
        widget.setAccessibleDescription(message)  # read out with the field
        mark_invalid(widget, True)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def error_text(self, field: str) -> str:
        message = self.errors[field]
        return message.text() if not message.isHidden() else ""
