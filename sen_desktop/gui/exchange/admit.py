"""The lead's guided steps (docs/TRUST.md), in plain words:

* ``AdmitWizard`` — "Admit a laptop": the request file, its name and key fingerprint,
  what it may read and write, chair of a group from a date, and the certificate file;
* ``RevokeDialog`` — a laptop's certificate ends from a date, the laptop named on every
  button;
* ``ReplaceChairDialog`` — a chair's lost or replaced laptop: revoke the old one, admit
  the new one.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from sen_desktop.gui.common.date_fields import DateField
from sen_desktop.gui.common.widgets import track_focus
from sen_desktop.gui.exchange import trust_widgets
from sen_desktop.gui.exchange.models import GroupChoiceModel
from sen_desktop.gui.exchange.steps import (
    RunTrust,
    Step,
    TrustWizard,
    amp,
    left,
    sentence,
    with_note,
)
from sen_desktop.gui.exchange.trust_widgets import (
    FingerprintBox,
    ProblemLabel,
    file_stem,
    note_label,
    plain_label,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from sen_desktop.sync.exchange_records import GroupChoice, LaptopRow, Person
    from sen_desktop.sync.trust import TrustService

CONTACTS_NOTE: Final = (
    "People's email, phone and notes go to it; without this, only names, job titles and "
    "organisations."
)
CONFIDENTIAL_NOTE: Final = (
    "Exempt (Part 2) items with their minutes, resolutions and actions, and confidential "
    "papers. Leave both unticked for the Parent/Carer Reference Group's laptop."
)


def request_fingerprint(data: bytes) -> str:
    """The fingerprint of the signing key a request file holds (as the root's is shown:
    SHA-256 of the key, 16 groups of 4). The request was checked by ``read_request``."""
    import json

    from sen_desktop.sync.certificates import root_fingerprint
    from sen_desktop.sync.documents import read_request

    return root_fingerprint(read_request(json.loads(data.decode("utf-8"))).sign_key)


def _group_list(model: GroupChoiceModel, name: str) -> QListView:
    view = QListView()
    track_focus(view)  # the current group dark only while the list has the focus
    view.setModel(model)
    view.setAccessibleName(name)
    view.setAccessibleDescription("Space ticks or clears the current group.")
    view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    rows = min(max(1, model.rowCount()), 8)
    view.setFixedHeight(rows * max(view.sizeHintForRow(0), 1) + 2 * view.frameWidth() + 4)
    view.setCurrentIndex(model.index(0))
    return view


class AdmitWizard(TrustWizard):
    """The lead's laptop: request file → what it may do → certificate file."""

    admitted = Signal(object)  # the Path of the certificate written

    def __init__(
        self,
        run: RunTrust,
        groups: Sequence[GroupChoice],
        people: Sequence[Person],
        root_fingerprint: str,
        *,
        today: dt.date | None = None,
        chair_only: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(run, "Admit a laptop", parent)
        self.setMinimumSize(760, 620)
        self.request: bytes | None = None
        self.request_path: Path | None = None
        self.certificate_path: Path | None = None
        self._summary: Any = None
        self._written = False
        today = today or dt.date.today()

        # 1. the request
        step = Step(
            "Admit a laptop: open its request file",
            "Step 1 of 3. The new laptop made this file (Join the programme…).",
        )
        self.open_button = QPushButton("&Open the request file…")
        self.open_button.clicked.connect(self.open_request)
        step.layout_.addLayout(left(self.open_button))
        self.request_text = plain_label("Open the request file the laptop's user gave you.",
                                        "The request")
        step.layout_.addWidget(self.request_text)
        self.key_caption = plain_label("Its key fingerprint:", wrap=False)
        step.layout_.addWidget(self.key_caption)
        self.key_box = FingerprintBox("The laptop's key fingerprint")
        step.layout_.addWidget(self.key_box)
        step.finish_layout()
        step.ready = lambda: self.request is not None  # type: ignore[method-assign]
        self.request_step = step
        self._show_request(None)

        # 2. what it may do
        grants = Step(
            "What this laptop may read and write",
            "Step 2 of 3. A laptop receives only the groups it may read, and its changes "
            "count only in the groups it may write.",
        )
        self.read_model = GroupChoiceModel(groups, self)
        self.write_model = GroupChoiceModel(groups, self)
        self.read_list = _group_list(self.read_model, "Groups it may read")
        self.write_list = _group_list(self.write_model, "Groups it may write")
        read_label = QLabel("Groups it may &read:")
        read_label.setBuddy(self.read_list)
        write_label = QLabel("Groups it may &write:")
        write_label.setBuddy(self.write_list)
        grid = QGridLayout()
        grid.addWidget(read_label, 0, 0)
        grid.addWidget(write_label, 0, 1)
        grid.addWidget(self.read_list, 1, 0)
        grid.addWidget(self.write_list, 1, 1)
        grants.layout_.addLayout(grid)
        self.contacts = QCheckBox("Include &contact details (email, phone, notes)")
        self.contacts.setAccessibleDescription(CONTACTS_NOTE)
        self.confidential = QCheckBox("Include con&fidential (exempt) items")
        self.confidential.setAccessibleDescription(CONFIDENTIAL_NOTE)
        grants.layout_.addLayout(with_note(self.contacts, CONTACTS_NOTE))
        grants.layout_.addLayout(with_note(self.confidential, CONFIDENTIAL_NOTE))

        self.chair_group = QComboBox()
        self.chair_group.addItem("Not a chair", "")
        for group in groups:
            self.chair_group.addItem(f"{group.code} — {group.name}", group.code)
        # Typed as 14/01/2027 (or 14 Jan 2027), the day in words beside it, a calendar
        # on Alt+Down or F4; what cannot be read is said once, under the box.
        self.chair_from = DateField(today=today)
        self.chair_from.setValue(today)
        self.chair_from.setAccessibleName("Chair from (date)")
        self.chair_person = QComboBox()
        for person in people:
            self.chair_person.addItem(person.name, person.id)
        # Typing part of a name finds the person among a programme's hundred or more.
        self.chair_person.setEditable(True)
        self.chair_person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.chair_person.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.chair_person.setAccessibleDescription("Type part of the person's name.")
        for field in (self.chair_group, self.chair_person):
            field.setMaximumWidth(380)
        chair_label = QLabel("C&hair of:")
        chair_label.setBuddy(self.chair_group)
        from_label = QLabel("Chair from (&date):")
        from_label.setBuddy(self.chair_from)
        person_label = QLabel("Chair (&person):")
        person_label.setBuddy(self.chair_person)
        chair_form = QFormLayout()
        chair_form.addRow(chair_label, self.chair_group)
        chair_form.addRow(from_label, self.chair_from)
        chair_form.addRow(person_label, self.chair_person)
        grants.layout_.addLayout(chair_form)
        grants.layout_.addWidget(note_label(
            "A chair signs decisions on this laptop; the decisions count from that date "
            "until the laptop is revoked."
        ))
        self.chair_group.currentIndexChanged.connect(lambda _i: self._chair_changed())
        self._chair_changed()
        grants.finish_layout()
        grants.setButtonText(QWizard.WizardButton.NextButton, "&Save the certificate file…")
        grants.validatePage = self._admit  # type: ignore[method-assign]
        self.grants_step = grants

        # 3. the certificate is written
        done = Step(
            "Give the certificate file to the new laptop",
            "Step 3 of 3. The laptop's user opens it on that laptop (Join the programme…).",
        )
        self.done_text = plain_label("", "Where the certificate was saved")
        done.layout_.addWidget(self.done_text)
        done.layout_.addWidget(plain_label(
            "Before they join, read out this laptop's programme fingerprint and ask them to "
            "compare every group with their screen:"
        ))
        self.root_box = FingerprintBox("Programme fingerprint")
        self.root_box.set_fingerprint(root_fingerprint)
        done.layout_.addWidget(self.root_box)
        done.finish_layout()
        self.done_step = done

        self.addPage(step)
        self.addPage(grants)
        self.addPage(done)
        if chair_only:
            self.chair_group.setCurrentIndex(1 if self.chair_group.count() > 1 else 0)
        self.currentIdChanged.connect(self._entered)
        self.open_button.setFocus()

    def _entered(self, _page_id: int) -> None:
        page = self.currentPage()
        if page is self.grants_step:
            self.read_list.setFocus()
        elif page is self.request_step:
            self.open_button.setFocus()

    def _chair_changed(self) -> None:
        chair = bool(self.chair_group.currentData())
        self.chair_from.setEnabled(chair)
        self.chair_person.setEnabled(chair and self.chair_person.count() > 0)

    def open_request(self) -> None:
        path = trust_widgets.ask_open(self, "Open the request file", "request")
        if path is not None:
            self.read_request(path)

    def read_request(self, path: Path) -> None:
        def work(trust: TrustService) -> tuple[bytes, Any, str]:
            data = path.read_bytes()
            summary = trust.read_request(data)
            return data, summary, request_fingerprint(data)

        def done(result: tuple[bytes, Any, str]) -> None:
            self.request, summary, fingerprint = result
            self.request_path = path
            self._show_request(summary, fingerprint)

        self.request = None
        self._show_request(None)
        self.work(self.request_step, work, done)

    def _show_request(self, summary: Any, fingerprint: str = "") -> None:
        self._summary = summary
        loaded = summary is not None
        self.key_caption.setVisible(loaded)
        self.key_box.setVisible(loaded)
        if loaded:
            name = str(getattr(summary, "name", ""))
            self.request_text.setText(f"The laptop “{name}” asks to join the programme.")
            self.key_box.set_fingerprint(fingerprint)
        self.request_step.completeChanged.emit()

    def laptop_name(self) -> str:
        return str(getattr(self._summary, "name", "")) if self._summary is not None else ""

    def choices(self) -> dict[str, Any]:
        """The keyword arguments of ``TrustService.admit`` as chosen on the form."""
        chair = str(self.chair_group.currentData() or "")
        return {
            "read": self.read_model.checked(),
            "write": self.write_model.checked(),
            "contacts": self.contacts.isChecked(),
            "confidential": self.confidential.isChecked(),
            "chair_of": (chair,) if chair else (),
            "chair_from": self.chair_from.value() if chair else None,
            "person": self.chosen_person() if chair else None,
        }

    def chosen_person(self) -> str | None:
        """The id of the person named in the chair box (None when no one of that name)."""
        index = self.chair_person.findText(
            self.chair_person.currentText().strip(), Qt.MatchFlag.MatchFixedString
        )
        data = self.chair_person.itemData(index) if index >= 0 else None
        return data if isinstance(data, str) and data else None

    def _admit(self) -> bool:
        if self._written:
            return True
        request = self.request
        if request is None:
            return False
        choices = self.choices()
        if not choices["read"]:
            self.grants_step.problem.say("Tick at least one group this laptop may read.")
            self.read_list.setFocus()
            return False
        if choices["chair_of"] and choices["chair_from"] is None:
            # The box itself says what to type, under it; the step's line stays quiet.
            self.grants_step.problem.say("")
            self.chair_from.tidy()
            self.chair_from.setFocus()
            return False
        if choices["chair_of"] and not choices["person"]:
            self.grants_step.problem.say(
                "Choose the person who chairs the group from the list (type part of "
                "their name)."
            )
            self.chair_person.setFocus()
            return False
        path = trust_widgets.ask_save(
            self, "Save the certificate file", f"{file_stem(self.laptop_name())}.sencert",
            "certificate",
        )
        if path is None:
            return False

        def work(trust: TrustService) -> Path:
            from sen_desktop.sync.identity import write_file_atomically

            write_file_atomically(path, trust.admit(request, **choices))
            return path

        def done(written: Path) -> None:
            self._written = True
            self.certificate_path = written
            self.done_text.setText(
                f"The certificate for “{self.laptop_name()}” is saved as {written.name} in "
                f"the folder {written.parent}. Give this file to the laptop's user."
            )
            self.admitted.emit(written)
            self.next()

        self.work(self.grants_step, work, done)
        return False


# --- Revoke, and a chair's laptop replaced ------------------------------------------


class RevokeDialog(QDialog):
    """Revoke one laptop's certificate from a date, naming the laptop on every button."""

    revoked = Signal(object)  # the LaptopSummary after revoking

    def __init__(
        self,
        run: RunTrust,
        laptop: LaptopRow,
        *,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._run = run
        self.laptop = laptop
        self._today = today or dt.date.today()
        self.setWindowTitle("Revoke a laptop")
        self.setAccessibleName("Revoke a laptop")
        self.question = plain_label(
            f"Revoke the certificate of “{laptop.name}”?", "Which laptop"
        )
        font = self.question.font()
        font.setBold(True)
        self.question.setFont(font)
        explain = plain_label(
            "From the date you choose, changes that laptop makes and decisions it signs do "
            "not count on any laptop that has received this revocation; what it did before "
            "still counts. Use the day the laptop was lost, or today. Every laptop learns of "
            "the revocation from the next bundle you send it."
        )
        self.date = DateField(today=self._today)
        self.date.setValue(self._today)
        self.date.setAccessibleName("Revoked from")
        date_label = QLabel("Revoked &from:")
        date_label.setBuddy(self.date)
        form = QFormLayout()
        form.addRow(date_label, self.date)
        self.problem = ProblemLabel()
        self.buttons = QDialogButtonBox()
        self.revoke_button = self.buttons.addButton(
            f"&Revoke “{amp(laptop.name)}”", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.revoke_button.setAutoDefault(False)
        cancel.setDefault(True)  # Enter keeps the laptop
        self.cancel_button = cancel
        self.revoke_button.clicked.connect(self.revoke)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.date.setFocus()

    def effective(self) -> dt.datetime | None:
        """The instant it takes effect: now for today, else the start of that day (UTC).
        Raises ValidationError, saying what to type, when the date cannot be read."""
        day = self.date.read_value()
        if day == self._today:
            return None
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)

    def revoke(self) -> None:
        self.problem.say("")
        if not self.date.valid:  # the box says what to type, under it
            self.date.tidy()
            self.date.setFocus()
            return
        name, when = self.laptop.name, self.effective()
        self.revoke_button.setEnabled(False)

        def work(trust: TrustService) -> Any:
            return trust.revoke(name, when)

        def done(summary: Any) -> None:
            self.revoke_button.setEnabled(True)
            self.revoked.emit(summary)
            self.accept()

        def failed(error: Exception) -> None:
            self.revoke_button.setEnabled(True)
            self.problem.say(sentence(error))

        self._run(work, done, failed, self)


class ReplaceChairDialog(QDialog):
    """A chair's laptop lost or replaced: revoke the old one, admit the new one."""

    revoke_requested = Signal()
    admit_requested = Signal()

    def __init__(self, laptop: LaptopRow | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Replace a chair's laptop")
        self.setAccessibleName("Replace a chair's laptop")
        old = f"“{laptop.name}”" if laptop is not None else "the old laptop"
        old_button = f"“{amp(laptop.name)}”" if laptop is not None else "the old laptop"
        steps = plain_label(
            "A chair signs decisions with their laptop's key, so a lost or replaced laptop "
            "is handled in two steps:\n\n"
            f"1. Revoke {old} from the day it was lost (or today). Decisions it signs from "
            "then on will not count.\n"
            "2. On the new laptop, the chair chooses Join the programme… and gives you its "
            "request file. Admit it here, ticking Chair of the same group for the same "
            "person, from today.\n\n"
            "Decisions the chair signed before stay valid. Decisions that must count again "
            "are re-signed on the new laptop.",
            "What to do",
        )
        self.revoke_button = QPushButton(f"1. &Revoke {old_button}…")
        self.revoke_button.setEnabled(laptop is not None and not laptop.revoked)
        self.admit_button = QPushButton("2. &Admit the new laptop…")
        self.revoke_button.clicked.connect(self.revoke_requested)
        self.admit_button.clicked.connect(self.admit_requested)
        self.revoke_button.clicked.connect(self.accept)
        self.admit_button.clicked.connect(self.accept)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        self.buttons = close
        layout = QVBoxLayout(self)
        layout.addWidget(steps)
        if laptop is None or not laptop.chair:
            layout.addWidget(note_label(
                "Choose the chair's old laptop in the Laptops list first to revoke it from "
                "here." if laptop is None else f"“{laptop.name}” is not certified as a chair."
            ))
        layout.addLayout(left(self.revoke_button))
        layout.addLayout(left(self.admit_button))
        layout.addWidget(close)
        self.setMinimumWidth(600)
        (self.revoke_button if self.revoke_button.isEnabled() else self.admit_button).setFocus()


