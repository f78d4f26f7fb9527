"""The guided trust steps of the Exchange page, in plain words (docs/TRUST.md):

* ``StartProgrammeWizard`` — "Start the programme on this laptop" (the lead): what it
  means, then the root fingerprint in full to read out to each new laptop;
* ``JoinWizard`` — "Join the programme" (a new laptop): its name, the request file to
  hand to the lead, later the certificate file, the lead's fingerprint from it, and Join
  only once the person has ticked that it matches the lead's screen;
* ``AdmitWizard`` — "Admit a laptop" (the lead's laptop): the request file, its name and
  key fingerprint, what it may read and write, chair of a group from a date, and the
  certificate file;
* ``RevokeDialog`` and ``ReplaceChairDialog`` — a laptop's certificate ends from a date;
  a chair's lost or replaced laptop is that plus admitting the new one.

The work runs on the page's worker through ``RunTrust``: ``run(work, done, failed,
owner)`` calls ``work(trust_service)`` on the worker and ``done``/``failed`` on the UI
thread. A refusal is one sentence on the step, and the step stays open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

from PySide6.QtCore import QDate, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from sen_desktop.gui import trust_widgets
from sen_desktop.gui.sync_models import GroupChoiceModel, LaptopRow, codes_text
from sen_desktop.gui.trust_widgets import (
    FingerprintBox,
    ProblemLabel,
    file_stem,
    note_label,
    plain_label,
)
from sen_desktop.sync.status import GroupChoice

if TYPE_CHECKING:
    from sen_desktop.sync.trust import TrustService

T = TypeVar("T")
#: run(work, done, failed, owner): ``work(trust)`` on the worker, the others on the UI.
RunTrust = Callable[
    [Callable[["TrustService"], Any], Callable[[Any], None], Callable[[Exception], None],
     QObject],
    None,
]

CONTACTS_NOTE: Final = (
    "People's email, phone and notes go to it; without this, only names, job titles and "
    "organisations."
)
CONFIDENTIAL_NOTE: Final = (
    "Exempt (Part 2) items with their minutes, resolutions and actions, and confidential "
    "papers. Leave both unticked for the Parent/Carer Reference Group's laptop."
)
MATCHES: Final = "The fingerprint &matches the one on the programme lead's screen"


def sentence(error: Exception) -> str:
    """One sentence for a person from any failure on the worker."""
    message = getattr(error, "message", None)
    if isinstance(message, str) and message:
        return message
    if isinstance(error, OSError):
        where = f" {Path(error.filename).name}" if error.filename else ""
        reason = (error.strerror or "it could not be used").rstrip(".")
        return f"The file{where} could not be used: {reason.lower()}."
    return f"Nothing was changed: {error}." if str(error) else "Nothing was changed."


def _with_note(box: QCheckBox, text: str) -> QVBoxLayout:
    """A check box with its explanation just below its words."""
    column = QVBoxLayout()
    column.setSpacing(1)
    column.addWidget(box)
    note = note_label(text)
    style = box.style()
    indent = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + style.pixelMetric(
        QStyle.PixelMetric.PM_CheckBoxLabelSpacing
    )
    note.setContentsMargins(indent, 0, 0, 0)
    column.addWidget(note)
    return column


def _left(widget: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(widget)
    row.addStretch(1)
    return row


def _amp(text: str) -> str:
    """A name on a button: its "&" shown, not taken as a shortcut."""
    return text.replace("&", "&&")


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str


class _Step(QWizardPage):
    """A wizard step with a problem line and a busy state (its buttons wait)."""

    def __init__(self, title: str, subtitle: str = "") -> None:
        super().__init__()
        self.setTitle(title)
        if subtitle:
            self.setSubTitle(subtitle)
        self.problem = ProblemLabel()
        self._busy = False
        self.layout_ = QVBoxLayout(self)
        self.layout_.setSpacing(10)

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.problem)
        self.layout_.addStretch(1)

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.completeChanged.emit()

    def busy(self) -> bool:
        return self._busy

    def ready(self) -> bool:
        return True

    def isComplete(self) -> bool:
        return not self._busy and self.ready()


class _TrustWizard(QWizard):
    """Plain, keyboard-first wizard: Next/Finish are the default buttons, Escape cancels."""

    def __init__(self, run: RunTrust, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._run = run
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setMinimumWidth(720)
        self.setButtonText(QWizard.WizardButton.BackButton, "< &Back")
        self.setButtonText(QWizard.WizardButton.NextButton, "&Next >")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Cancel")
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Done")

    def work(
        self, step: _Step, work: Callable[[TrustService], T], done: Callable[[T], None]
    ) -> None:
        """``work(trust)`` on the worker while ``step`` waits; a failure is its problem."""
        step.problem.say("")
        step.set_busy(True)

        def ok(result: T) -> None:
            step.set_busy(False)
            done(result)

        def failed(error: Exception) -> None:
            step.set_busy(False)
            step.problem.say(sentence(error))

        self._run(work, ok, failed, self)

    def button_(self, which: QWizard.WizardButton) -> QPushButton:
        button = self.button(which)
        assert isinstance(button, QPushButton)
        return button


# --- Start the programme ------------------------------------------------------------


class StartProgrammeWizard(_TrustWizard):
    """Make this laptop the programme's root, then show the fingerprint to read out."""

    started = Signal(str)  # the root fingerprint

    def __init__(self, run: RunTrust, parent: QWidget | None = None) -> None:
        super().__init__(run, "Start the programme on this laptop", parent)
        self.fingerprint = ""
        intro = _Step(
            "Start the programme on this laptop",
            "Do this once, on the programme lead's laptop only.",
        )
        intro.layout_.addWidget(plain_label(
            "This laptop becomes the programme's root: the lead's laptop. It admits every "
            "other laptop with a certificate file, says which groups each may read and "
            "write, certifies the chairs, and revokes a laptop that is lost or leaves."
        ))
        intro.layout_.addWidget(plain_label(
            "Each new laptop checks it has the right programme by comparing a fingerprint "
            "of 16 groups of letters and digits with the one this laptop shows."
        ))
        self.name = QLineEdit()
        self.name.setMaxLength(120)
        self.name.setPlaceholderText("e.g. SEN Strategy Programme")
        name_label = QLabel("Programme &name (optional):")
        name_label.setBuddy(self.name)
        form = QFormLayout()
        form.addRow(name_label, self.name)
        intro.layout_.addLayout(form)
        intro.finish_layout()
        intro.setButtonText(QWizard.WizardButton.NextButton, "&Start the programme")
        intro.validatePage = self._start  # type: ignore[method-assign]
        self.intro = intro

        shown = _Step(
            "Read this fingerprint out to each new laptop",
            "This laptop is now the programme's root (lead).",
        )
        shown.layout_.addWidget(plain_label(
            "When a laptop joins, its screen shows the programme's fingerprint from its "
            "certificate. Read these 16 groups out to the person (in person or by phone) and "
            "ask them to compare every group before they tick that it matches. The "
            "Exchange page always shows it again."
        ))
        self.fingerprint_box = FingerprintBox("Programme fingerprint")
        shown.layout_.addWidget(self.fingerprint_box)
        shown.finish_layout()
        self.shown = shown
        self.addPage(intro)
        self.addPage(shown)
        self.name.setFocus()

    def _start(self) -> bool:
        if self.fingerprint:
            return True
        name = " ".join(self.name.text().split())

        def work(trust: TrustService) -> str:
            trust.start_programme(name)
            return trust.root_fingerprint()

        def done(fingerprint: str) -> None:
            self.fingerprint = fingerprint
            self.fingerprint_box.set_fingerprint(fingerprint)
            self.started.emit(fingerprint)
            self.next()

        self.work(self.intro, work, done)
        return False


# --- Join the programme -------------------------------------------------------------


class JoinWizard(_TrustWizard):
    """A new laptop: name → request file → (later) certificate file → compare → Join."""

    joined = Signal(object)  # the TrustStatus after joining
    request_saved = Signal(object)  # the Path written
    start_instead = Signal()  # this is the lead's laptop after all

    NAME, SENT, CERTIFICATE = 0, 1, 2

    def __init__(
        self,
        run: RunTrust,
        *,
        requested_as: str = "",
        offer_start: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(run, "Join the programme", parent)
        self.request_path: Path | None = None
        self.certificate_path: Path | None = None
        self._certificate: bytes | None = None
        self._summary: Any = None

        # 1. this laptop's name and the request file
        step = _Step(
            "Join the programme: this laptop's name",
            "Step 1 of 3. The programme lead admits this laptop by its name.",
        )
        step.layout_.addWidget(plain_label(
            "This laptop asks to join with a request file. You give that file to the "
            "programme lead (on a USB stick or by email); the lead gives you back a "
            "certificate file that says what this laptop may read and write."
        ))
        self.name = QLineEdit(requested_as)
        self.name.setMaxLength(120)
        self.name.setPlaceholderText("e.g. PCRG secretary's laptop")
        name_label = QLabel("This laptop's &name:")
        name_label.setBuddy(self.name)
        form = QFormLayout()
        form.addRow(name_label, self.name)
        step.layout_.addLayout(form)
        self.start_button = QPushButton(
            "This is the programme lead's laptop: start the programme &here instead…"
        )
        self.start_button.clicked.connect(self.start_instead)
        self.start_button.setVisible(offer_start)
        if offer_start:
            step.layout_.addSpacing(12)
            step.layout_.addLayout(_left(self.start_button))
        step.finish_layout()
        step.setButtonText(QWizard.WizardButton.NextButton, "&Save the request file…")
        step.ready = lambda: bool(self.name.text().strip())  # type: ignore[method-assign]
        self.name.textChanged.connect(lambda _t: step.completeChanged.emit())
        step.validatePage = self._save_request  # type: ignore[method-assign]
        self.name_step = step

        # 2. the request is with the lead
        sent = _Step(
            "Give the request file to the programme lead",
            "Step 2 of 3. You may close this window and come back when the certificate "
            "arrives.",
        )
        self.sent_text = plain_label("", "Where the request was saved")
        sent.layout_.addWidget(self.sent_text)
        sent.layout_.addWidget(plain_label(
            "When the programme lead gives you the certificate file (it ends in .sencert), "
            "choose Join the programme… on the Exchange page again, or Next here."
        ))
        sent.finish_layout()
        sent.setButtonText(QWizard.WizardButton.NextButton, "&Next: the certificate >")
        self.sent_step = sent

        # 3. the certificate, the fingerprint, and Join
        cert = _Step(
            "Open the certificate and compare the fingerprint",
            "Step 3 of 3. Join only when every group matches the lead's screen.",
        )
        self.open_button = QPushButton("&Open the certificate file…")
        self.open_button.clicked.connect(self.open_certificate)
        cert.layout_.addLayout(_left(self.open_button))
        self.certificate_text = plain_label("", "The certificate")
        cert.layout_.addWidget(self.certificate_text)
        self.compare_text = plain_label(
            "The programme lead's fingerprint, from this certificate. Ask the lead to read "
            "out the fingerprint on their Exchange page and compare every group:",
        )
        cert.layout_.addWidget(self.compare_text)
        self.fingerprint_box = FingerprintBox("Programme fingerprint from the certificate")
        cert.layout_.addWidget(self.fingerprint_box)
        self.matches = QCheckBox(MATCHES)
        self.matches.setAccessibleDescription(
            "Tick only when all 16 groups are the same on both screens. If any group "
            "differs, do not join: the file did not come from your programme lead."
        )
        self.matches.toggled.connect(self._matches_toggled)
        cert.layout_.addWidget(self.matches)
        self.differs = note_label(
            "If any group differs, do not join: choose Cancel and tell the programme lead."
        )
        cert.layout_.addWidget(self.differs)
        cert.finish_layout()
        cert.setButtonText(QWizard.WizardButton.FinishButton, "&Join")
        cert.ready = lambda: (  # type: ignore[method-assign]
            self._certificate is not None and self.matches.isChecked()
        )
        cert.validatePage = self._join  # type: ignore[method-assign]
        self.certificate_step = cert

        self._joined = False
        self._show_certificate(None)

        self.setPage(self.NAME, step)
        self.setPage(self.SENT, sent)
        self.setPage(self.CERTIFICATE, cert)
        cert.completeChanged.connect(self._join_default)
        if requested_as:
            self.sent_text.setText(
                f"This laptop has asked to join as “{requested_as}”. Its request file is "
                "with the programme lead."
            )
            self.setStartId(self.SENT)
        self.currentIdChanged.connect(self._entered)

    def _entered(self, page_id: int) -> None:
        if page_id == self.CERTIFICATE:
            self.open_button.setFocus()
            QTimer.singleShot(0, self._join_default)
        elif page_id == self.NAME:
            self.name.setFocus()

    def _save_request(self) -> bool:
        if self.request_path is not None:
            return True
        name = " ".join(self.name.text().split())
        path = trust_widgets.ask_save(
            self, "Save the request file", f"{file_stem(name)}.senrequest", "request"
        )
        if path is None:
            return False

        def work(trust: TrustService) -> Path:
            from sen_desktop.sync.trust import write_file_atomically

            write_file_atomically(path, trust.make_request(name))
            return path

        def done(written: Path) -> None:
            self.request_path = written
            self.sent_text.setText(
                f"The request is saved as {written.name} in the folder {written.parent}. "
                "Give this file to the programme lead."
            )
            self.request_saved.emit(written)
            self.next()

        self.work(self.name_step, work, done)
        return False

    def open_certificate(self) -> None:
        path = trust_widgets.ask_open(self, "Open the certificate file", "certificate")
        if path is not None:
            self.read_certificate(path)

    def read_certificate(self, path: Path) -> None:
        """Read ``path`` on the worker and show what it says (nothing is installed yet)."""

        def work(trust: TrustService) -> tuple[bytes, Any]:
            data = path.read_bytes()
            return data, trust.read_certificate_file(data)

        def done(result: tuple[bytes, Any]) -> None:
            data, summary = result
            self.certificate_path = path
            self._certificate = data
            self._show_certificate(summary)

        self._certificate = None
        self._show_certificate(None)
        self.work(self.certificate_step, work, done)

    def _show_certificate(self, summary: Any) -> None:
        self._summary = summary
        loaded = summary is not None
        for widget in (self.compare_text, self.fingerprint_box, self.matches, self.differs):
            widget.setVisible(loaded)
        self.matches.setChecked(False)
        if not loaded:
            self.certificate_text.setText(
                "Open the certificate file the programme lead gave you." if
                self._certificate is None else ""
            )
            self.fingerprint_box.set_fingerprint("")
            self.certificate_step.completeChanged.emit()
            return
        name = self.certificate_path.name if self.certificate_path else "The certificate"
        self.certificate_text.setText(f"{name}: {certificate_words(summary)}")
        self.fingerprint_box.set_fingerprint(str(summary.root_fingerprint))
        self.certificate_step.completeChanged.emit()
        self.fingerprint_box.text.setFocus()

    def _matches_toggled(self, _on: bool) -> None:
        self.certificate_step.completeChanged.emit()

    def _join_default(self) -> None:
        """Join is the default button only once the fingerprint is ticked as matching
        (QWizard would make Finish the default of the last step regardless)."""
        if self.currentId() != self.CERTIFICATE:
            return
        finish = self.button_(QWizard.WizardButton.FinishButton)
        finish.setDefault(self.certificate_step.isComplete())

    def _join(self) -> bool:
        if self._joined:
            return True
        data, summary = self._certificate, self._summary
        if data is None or summary is None or not self.matches.isChecked():
            return False
        expected = str(summary.root_fingerprint)

        def work(trust: TrustService) -> Any:
            return trust.join(data, expected_fingerprint=expected)

        def done(status: Any) -> None:
            self._joined = True
            self.joined.emit(status)
            self.accept()

        self.work(self.certificate_step, work, done)
        return False


def certificate_words(summary: Any) -> str:
    """What a certificate file grants, in one sentence (its names as plain text)."""
    grant = summary.certificate
    parts = [
        f"for the laptop “{summary.laptop_name}”",
        f"it may read {codes_text(grant.read)}",
        f"it may write {codes_text(grant.write)}",
    ]
    if grant.contacts:
        parts.append("with contact details")
    if grant.confidential:
        parts.append("with confidential items")
    parts.extend(str(role) for role in grant.roles)
    text = "; ".join(parts)
    programme = summary.programme_name
    return f"{text}. Programme: “{programme}”." if programme else f"{text}."


def roles_text(roles: Sequence[Any], *, short: bool = False) -> str:
    """ "programme lead (root)", "chair of SG from 1 September 2026" (short: "1 Sep
    2026") …"""
    words = []
    for role in roles:
        kind = _field(role, "role")
        if kind == "root":
            words.append("programme lead (root)")
        elif kind == "chair":
            group = _field(role, "group")
            start = _field(role, "start") or _field(role, "from")
            when = ""
            if start:
                try:
                    day = dt.date.fromisoformat(start)
                    when = f" from {day.day} {day:%b %Y}" if short else f" from {long_date(day)}"
                except ValueError:
                    when = f" from {start}"
            words.append(f"chair of {group}{when}")
        elif kind:
            words.append(kind)
    return ", ".join(words)


def _field(value: Any, name: str) -> str:
    if isinstance(value, dict):
        found = value.get(name, "")
    elif isinstance(value, str):
        found = value if name == "role" else ""
    else:
        found = getattr(value, name, "")
    return str(found or "")


# --- Admit a laptop -----------------------------------------------------------------


def request_fingerprint(data: bytes) -> str:
    """The fingerprint of the signing key a request file holds (as the root's is shown:
    SHA-256 of the key, 16 groups of 4). The request was checked by ``read_request``."""
    import json

    from sen_desktop.sync.certificates import read_request, root_fingerprint

    return root_fingerprint(read_request(json.loads(data.decode("utf-8"))).sign_key)


def _group_list(model: GroupChoiceModel, name: str) -> QListView:
    view = QListView()
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


class AdmitWizard(_TrustWizard):
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
        step = _Step(
            "Admit a laptop: open its request file",
            "Step 1 of 3. The new laptop made this file (Join the programme…).",
        )
        self.open_button = QPushButton("&Open the request file…")
        self.open_button.clicked.connect(self.open_request)
        step.layout_.addLayout(_left(self.open_button))
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
        grants = _Step(
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
        grants.layout_.addLayout(_with_note(self.contacts, CONTACTS_NOTE))
        grants.layout_.addLayout(_with_note(self.confidential, CONFIDENTIAL_NOTE))

        self.chair_group = QComboBox()
        self.chair_group.addItem("Not a chair", "")
        for group in groups:
            self.chair_group.addItem(f"{group.code} — {group.name}", group.code)
        self.chair_from = QDateEdit()
        self.chair_from.setCalendarPopup(True)
        self.chair_from.setDisplayFormat("d MMMM yyyy")
        self.chair_from.setDate(QDate(today.year, today.month, today.day))
        self.chair_person = QComboBox()
        for person in people:
            self.chair_person.addItem(person.name, person.id)
        for field in (self.chair_group, self.chair_from, self.chair_person):
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
        done = _Step(
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
        start = self.chair_from.date()
        return {
            "read": self.read_model.checked(),
            "write": self.write_model.checked(),
            "contacts": self.contacts.isChecked(),
            "confidential": self.confidential.isChecked(),
            "chair_of": (chair,) if chair else (),
            "chair_from": dt.date(start.year(), start.month(), start.day()) if chair else None,
            "person": (self.chair_person.currentData() or None) if chair else None,
        }

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
        if choices["chair_of"] and not choices["person"]:
            self.grants_step.problem.say("Choose the person who chairs the group.")
            self.chair_person.setFocus()
            return False
        path = trust_widgets.ask_save(
            self, "Save the certificate file", f"{file_stem(self.laptop_name())}.sencert",
            "certificate",
        )
        if path is None:
            return False

        def work(trust: TrustService) -> Path:
            from sen_desktop.sync.trust import write_file_atomically

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
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMMM yyyy")
        self.date.setDate(QDate(self._today.year, self._today.month, self._today.day))
        self.date.setMaximumWidth(260)
        date_label = QLabel("Revoked &from:")
        date_label.setBuddy(self.date)
        form = QFormLayout()
        form.addRow(date_label, self.date)
        self.problem = ProblemLabel()
        self.buttons = QDialogButtonBox()
        self.revoke_button = self.buttons.addButton(
            f"&Revoke “{_amp(laptop.name)}”", QDialogButtonBox.ButtonRole.DestructiveRole
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
        """The instant it takes effect: now for today, else the start of that day (UTC)."""
        chosen = self.date.date()
        day = dt.date(chosen.year(), chosen.month(), chosen.day())
        if day == self._today:
            return None
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)

    def revoke(self) -> None:
        name, when = self.laptop.name, self.effective()
        self.problem.say("")
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
        old_button = f"“{_amp(laptop.name)}”" if laptop is not None else "the old laptop"
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
        layout.addLayout(_left(self.revoke_button))
        layout.addLayout(_left(self.admit_button))
        layout.addWidget(close)
        self.setMinimumWidth(600)
        (self.revoke_button if self.revoke_button.isEnabled() else self.admit_button).setFocus()


class KeyPassphraseDialog(QDialog):
    """The passphrase of this laptop's key file, where there is no keyring: once a
    session; twice (to be sure) when the key file is about to be made."""

    def __init__(self, *, new: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("This laptop's key passphrase")
        self.setAccessibleName("This laptop's key passphrase")
        self.new = new
        intro = plain_label(
            "This laptop has no working keyring, so its keys are kept in an encrypted key "
            "file in the data folder. "
            + (
                "Choose a passphrase for it (at least 8 characters) and keep it safe: "
                "without it this laptop cannot sign or open bundles."
                if new
                else "Type its passphrase to unlock it for this session."
            )
        )
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        first_label = QLabel("&Passphrase:")
        first_label.setBuddy(self.first)
        second_label = QLabel("The &same again:")
        second_label.setBuddy(self.second)
        form = QFormLayout()
        form.addRow(first_label, self.first)
        if new:
            form.addRow(second_label, self.second)
        self.problem = ProblemLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.first.setFocus()

    def passphrase(self) -> str:
        return self.first.text()

    def accept(self) -> None:
        if len(self.first.text().strip()) < 8:
            self.problem.say("The passphrase must be at least 8 characters long.")
            self.first.setFocus()
            return
        if self.new and self.second.text() != self.first.text():
            self.problem.say("The two passphrases differ; type it again.")
            self.second.setFocus()
            self.second.selectAll()
            return
        super().accept()
