"""Edit ▸ Settings… (Ctrl+,): the programme's settings and this laptop's, in two tabs.

- Programme (shared: every laptop receives a change with the next exchange): the
  authority's name that heads every paper, the districts a recommendation can name (one
  a line), and the wording that confirms the previous meeting's minutes, with a preview
  of how it reads.
- This laptop (kept on this laptop only): who uses it (``UserFields``), the folder of
  replacement Word templates and the backup folder, each with Browse…, and "Keep backups
  up to N MB" (empty: automatic, ten times the newest backup's size), with what the
  backups take now beneath it.

Save checks everything in the core (``core/programme/settings.py``,
``core/programme/laptop_settings.py``)
before writing anything, on the worker; a refusal shows beside its field, on its tab.
``open_settings_dialog`` reads the current values first, so the dialog opens filled in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.programme.laptop_settings import (
    BACKUPS_NAME,
    TEMPLATES_NAME,
    LaptopSettings,
    ThisLaptop,
    check_backup_limit,
    check_folder,
)
from sen_desktop.core.programme.settings import (
    ProgrammeSettings,
    SettingsService,
    check_authority_name,
    check_confirming_wording,
    check_districts,
    confirming_resolution,
)
from sen_desktop.core.store.backup_files import megabytes
from sen_desktop.gui.common.dialogs import ServiceDialog, keep_on_screen
from sen_desktop.gui.common.widgets import label
from sen_desktop.gui.settings.user_fields import UserFields, error_label

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sen_desktop.core.programme.records import GroupSummary
    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.shell.session import OpenProgramme

PROGRAMME_TAB: Final = 0
LAPTOP_TAB: Final = 1
#: The date the wording's preview shows.
PREVIEW_DATE: Final = dt.date(2010, 9, 14)
LIMIT_HINT: Final = (
    "All the backups together; when over, the oldest go first (never the newest). "
    "Empty: ten times the newest backup's size."
)


@dataclass(frozen=True)
class SettingsState:
    """What the dialog shows and what Save returns."""

    programme: ProgrammeSettings
    laptop: LaptopSettings
    groups: tuple[GroupSummary, ...] = ()
    backups: tuple[int, int] = (0, 0)
    """How many backups of the database there are now, and their bytes together."""


def choose_folder(parent: QWidget, caption: str, start: str) -> str | None:
    """Ask for a folder (replaced in tests, which cannot click a native chooser)."""
    chosen = QFileDialog.getExistingDirectory(parent, caption, start)
    return chosen or None


def read_settings(session: OpenProgramme) -> SettingsState:
    """Everything the dialog shows; runs on the worker."""
    from sen_desktop.core.store.backups import list_backups

    factory = session.db.session_factory
    found = list_backups(session.db.path, session.db.backups_dir)
    return SettingsState(
        programme=SettingsService(factory).programme(),
        laptop=ThisLaptop(factory, session.data_dir).read(),
        groups=tuple(session.programme.list_groups()),
        backups=(len(found), sum(b.size for b in found)),
    )


def save_settings(
    session: OpenProgramme,
    authority: str,
    districts: str,
    wording: str,
    user: tuple[str, str, list[str]],
    templates: str,
    backups: str,
    backup_limit: str = "",
) -> SettingsState:
    """Check every field, then write the programme's and this laptop's; runs on the
    worker. Nothing is written unless everything passes."""
    factory = session.db.session_factory
    laptop = ThisLaptop(factory, session.data_dir)
    check_authority_name(authority)
    check_districts(districts)
    check_confirming_wording(wording)
    check_folder(templates, "templates_folder")
    check_folder(backups, "backup_folder", writable=True)
    check_backup_limit(backup_limit)
    name, role, group_ids = user
    if name.strip() or group_ids:
        laptop.check_user(name, role, group_ids)
    # This laptop's file first: a disk that refuses it says so before the programme's
    # settings change (the database's refusal, if any, comes with its own sentence).
    saved = laptop.save(name, role, group_ids, templates, backups, backup_limit)
    programme = SettingsService(factory).save_programme(authority, districts, wording)
    return SettingsState(programme, saved)


class SettingsDialog(ServiceDialog):
    """The two tabs of settings; Save runs ``save_settings`` on the worker."""

    def __init__(
        self,
        runner: TaskRunner,
        session: OpenProgramme,
        state: SettingsState,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._session = session
        self.setWindowTitle("Settings")
        self.setAccessibleName("Settings")
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Settings")
        self.tabs.tabBar().setAccessibleName("Programme or this laptop")
        self.tabs.addTab(self._programme_tab(), "&Programme")
        self.tabs.addTab(_scrolling(self._laptop_tab(session.data_dir), "This laptop"),
                         "This &laptop")
        self.form_error = error_label("Problem saving the settings")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.form_error)
        layout.addWidget(buttons)
        fields: dict[str, tuple[QWidget, QLabel]] = {
            "authority_name": (self.authority_edit, self.authority_error),
            "districts": (self.districts_edit, self.districts_error),
            "confirming_minutes_wording": (self.wording_edit, self.wording_error),
            "templates_folder": (self.templates_edit, self.templates_error),
            "backup_folder": (self.backup_edit, self.backup_error),
            "backup_limit_mb": (self.limit_edit, self.limit_error),
        }
        for field in ("name", "role", "group_ids"):
            fields[field] = (self.user.widgets[field], self.user.errors[field])
        self._bind(buttons, self.form_error, fields)
        self._fill(state)
        self.resize(640, 560)
        keep_on_screen(self)  # 560 high is more than a 1366 × 768 laptop at 125 % has

    # --- building ------------------------------------------------------------------------

    def _programme_tab(self) -> QWidget:
        tab = QWidget()
        self.authority_edit = QLineEdit()
        self.authority_edit.setAccessibleName("Authority's name")
        self.authority_error = error_label("Problem with the authority's name")
        self.districts_edit = QPlainTextEdit()
        self.districts_edit.setAccessibleName("Districts, one a line")
        self.districts_edit.setTabChangesFocus(True)
        self.districts_error = error_label("Problem with the districts")
        self.wording_edit = QPlainTextEdit()
        self.wording_edit.setAccessibleName("Wording that confirms the previous minutes")
        self.wording_edit.setTabChangesFocus(True)
        self.wording_edit.setMaximumHeight(80)
        self.wording_error = error_label("Problem with the wording")
        self.preview = label("", role="facts", wrap=True)
        self.preview.setAccessibleDescription("How the wording reads")
        self.wording_edit.textChanged.connect(self._preview)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._row(form, "&Authority's name:", self.authority_edit, self.authority_error)
        self._row(form, "&Districts:", self.districts_edit, self.districts_error,
                  "One a line, in the order recommendation forms list them.")
        self._row(form, "&Confirming the minutes:", self.wording_edit, self.wording_error,
                  "{date} stands for the previous meeting's date.", self.preview)
        layout = QVBoxLayout(tab)
        layout.addWidget(label(
            "These are the programme's settings: every laptop receives a change with "
            "the next exchange.", role="facts", wrap=True,
        ))
        layout.addLayout(form)
        layout.addStretch(1)
        return tab

    def _laptop_tab(self, data_dir: Path) -> QWidget:
        tab = QWidget()
        self.user = UserFields()
        self.templates_edit, self.templates_browse, self.templates_error = self._folder(
            "Templates folder", "Bro&wse…", data_dir / TEMPLATES_NAME,
            "Folder of replacement Word templates",
        )
        self.backup_edit, self.backup_browse, self.backup_error = self._folder(
            "Backup folder", "Brow&se…", data_dir / BACKUPS_NAME,
            "Folder for this laptop's daily backups",
        )
        form = self.user.form  # one column of captions for the whole tab
        self._folder_row(form, "&Templates folder:", self.templates_edit,
                         self.templates_browse, self.templates_error)
        self._folder_row(form, "Bac&kup folder:", self.backup_edit,
                         self.backup_browse, self.backup_error)
        self._limit_row(form)
        layout = QVBoxLayout(tab)
        layout.addWidget(label(
            "Kept on this laptop only; never sent to other laptops.", role="facts", wrap=True,
        ))
        layout.addWidget(self.user)
        layout.addStretch(1)
        return tab

    def _limit_row(self, form: QFormLayout) -> None:
        """"Keep backups up to [    ] MB", what they take now, and the message beside it."""
        self.limit_edit = QLineEdit()
        self.limit_edit.setAccessibleName("Space for backups, in megabytes")
        self.limit_edit.setAccessibleDescription(LIMIT_HINT)
        self.limit_edit.setPlaceholderText("Automatic")
        self.limit_edit.setMaxLength(12)
        self.limit_edit.setMaximumWidth(160)
        self.limit_error = error_label("Problem with the space for backups")
        self.limit_now = label("", role="facts", wrap=True)
        self.limit_now.setAccessibleName("What the backups take now")
        caption = QLabel("Keep backups &up to:")
        caption.setBuddy(self.limit_edit)
        line = QHBoxLayout()
        line.addWidget(self.limit_edit)
        line.addWidget(QLabel("MB"))
        line.addStretch(1)
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addLayout(line)
        box.addWidget(label(LIMIT_HINT, role="facts", wrap=True))
        box.addWidget(self.limit_now)
        box.addWidget(self.limit_error)
        form.addRow(caption, box)

    @staticmethod
    def _row(form: QFormLayout, text: str, field: QWidget, error: QLabel,
             hint: str = "", after: QWidget | None = None) -> None:
        caption = QLabel(text)
        caption.setBuddy(field)
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(field)
        if hint:
            note = label(hint, role="facts", wrap=True)
            field.setAccessibleDescription(hint)
            box.addWidget(note)
        if after is not None:
            box.addWidget(after)
        box.addWidget(error)
        form.addRow(caption, box)

    def _folder(
        self, name: str, browse_text: str, default: Path, description: str
    ) -> tuple[QLineEdit, QPushButton, QLabel]:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.setAccessibleDescription(f"{description}. Empty means {default}.")
        edit.setPlaceholderText(f"Usual folder: {default}")
        button = QPushButton(browse_text)
        button.setAccessibleName(f"Choose the {name.lower()}")
        button.setToolTip(f"Choose the {name.lower()}")

        def browse() -> None:
            chosen = choose_folder(self, f"Choose the {name.lower()}",
                                   edit.text() or str(default.parent))
            if chosen:
                edit.setText(chosen)

        button.clicked.connect(browse)
        return edit, button, error_label(f"Problem with the {name.lower()}")

    @staticmethod
    def _folder_row(form: QFormLayout, text: str, edit: QLineEdit, button: QPushButton,
                    error: QLabel) -> None:
        caption = QLabel(text)
        caption.setBuddy(edit)
        line = QHBoxLayout()
        line.addWidget(edit, 1)
        line.addWidget(button)
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addLayout(line)
        box.addWidget(error)
        form.addRow(caption, box)

    # --- values ---------------------------------------------------------------------------

    def _fill(self, state: SettingsState) -> None:
        programme, laptop = state.programme, state.laptop
        self.authority_edit.setText(programme.authority_name)
        self.districts_edit.setPlainText("\n".join(programme.districts))
        self.wording_edit.setPlainText(programme.confirming_wording)
        self.user.set_groups(state.groups)
        self.user.set_user(laptop.user)
        self.templates_edit.setText(laptop.templates_folder)
        self.backup_edit.setText(laptop.backup_folder)
        self.limit_edit.setText(str(laptop.backup_limit_mb) if laptop.backup_limit_mb else "")
        count, size = state.backups
        self.limit_now.setText(
            f"Now {count} backup{'' if count == 1 else 's'}, {megabytes(size)} in all."
            if count else "No backups yet."
        )
        self._preview()

    def _preview(self) -> None:
        try:
            wording = check_confirming_wording(self.wording_edit.toPlainText())
        except ValidationError:
            self.preview.setText("")
            return
        self.preview.setText(f"Reads: “{confirming_resolution(wording, PREVIEW_DATE)}”")

    def _work(self) -> Callable[[], SettingsState]:
        session = self._session
        authority = self.authority_edit.text()
        districts = self.districts_edit.toPlainText()
        wording = self.wording_edit.toPlainText()
        user = (self.user.name(), self.user.role(), self.user.group_ids())
        templates, backups = self.templates_edit.text(), self.backup_edit.text()
        limit = self.limit_edit.text()
        return lambda: save_settings(
            session, authority, districts, wording, user, templates, backups, limit
        )

    def show_error(self, message: str, field: str | None = None) -> None:
        """The message beside its field, with that field's tab brought forward."""
        if field in ("authority_name", "districts", "confirming_minutes_wording"):
            self.tabs.setCurrentIndex(PROGRAMME_TAB)
        elif field is not None and field in self._fields:
            self.tabs.setCurrentIndex(LAPTOP_TAB)
        super().show_error(message, field)


def _scrolling(tab: QWidget, name: str) -> QScrollArea:
    """``tab`` in a scroll area: on a small screen its fields scroll (and Tab brings the
    focused one into view) rather than being squeezed over one another."""
    area = QScrollArea()
    area.setWidget(tab)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setAccessibleName(name)
    return area


def open_settings_dialog(
    runner: TaskRunner,
    session: OpenProgramme,
    parent: QWidget,
    on_saved: Callable[[SettingsState], None] | None = None,
    on_opened: Callable[[QDialog], None] | None = None,
) -> None:
    """Read the settings on the worker, then open the dialog filled in."""

    def show(state: SettingsState) -> None:
        dialog = SettingsDialog(runner, session, state, parent)
        if on_saved is not None:
            dialog.saved.connect(on_saved)
        dialog.setModal(True)
        if on_opened is not None:
            on_opened(dialog)
        dialog.open()

    runner.run(lambda: read_settings(session), show, owner=parent)
