"""The guided steps of a laptop joining the programme (docs/TRUST.md), in plain words:

* ``StartProgrammeWizard`` — "Start the programme on this laptop" (the lead): what it
  means, then the root fingerprint in full to read out to each new laptop;
* ``JoinWizard`` — "Join the programme" (a new laptop): its name, the request file to
  hand to the lead, later the certificate file, the lead's fingerprint from it, and Join
  only once the person has ticked that it matches the lead's screen.

The lead's side (admit, revoke, a chair's laptop replaced) is ``trust_admit``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
    QWizard,
)

from sen_desktop.gui.exchange import trust_widgets
from sen_desktop.gui.exchange.steps import RunTrust, Step, TrustWizard, left
from sen_desktop.gui.exchange.trust_widgets import (
    FingerprintBox,
    file_stem,
    note_label,
    plain_label,
)
from sen_desktop.sync.exchange_records import codes_text

if TYPE_CHECKING:
    from pathlib import Path

    from sen_desktop.sync.trust import TrustService

MATCHES: Final = "The fingerprint &matches the one on the programme lead's screen"


class StartProgrammeWizard(TrustWizard):
    """Make this laptop the programme's root, then show the fingerprint to read out."""

    started = Signal(str)  # the root fingerprint

    def __init__(self, run: RunTrust, parent: QWidget | None = None) -> None:
        super().__init__(run, "Start the programme on this laptop", parent)
        self.fingerprint = ""
        intro = Step(
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

        shown = Step(
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


class JoinWizard(TrustWizard):
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
        step = Step(
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
            step.layout_.addLayout(left(self.start_button))
        step.finish_layout()
        step.setButtonText(QWizard.WizardButton.NextButton, "&Save the request file…")
        step.ready = lambda: bool(self.name.text().strip())  # type: ignore[method-assign]
        self.name.textChanged.connect(lambda _t: step.completeChanged.emit())
        step.validatePage = self._save_request  # type: ignore[method-assign]
        self.name_step = step

        # 2. the request is with the lead
        sent = Step(
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
        self.again_button = QPushButton("Save the request file a&gain…")
        self.again_button.setAccessibleDescription(
            "If the request file was lost: go back to this laptop's name and save it again."
        )
        self.again_button.clicked.connect(self.request_again)
        self.again_button.setVisible(bool(requested_as))
        if requested_as:
            sent.layout_.addSpacing(12)
            sent.layout_.addLayout(left(self.again_button))
        sent.finish_layout()
        sent.setButtonText(QWizard.WizardButton.NextButton, "&Next: the certificate >")
        self.sent_step = sent

        # 3. the certificate, the fingerprint, and Join
        cert = Step(
            "Open the certificate and compare the fingerprint",
            "Step 3 of 3. Join only when every group matches the lead's screen.",
        )
        self.open_button = QPushButton("&Open the certificate file…")
        self.open_button.clicked.connect(self.open_certificate)
        cert.layout_.addLayout(left(self.open_button))
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

    def request_again(self) -> None:
        """Back to the name step, to save the request file again (it was lost)."""
        self.request_path = None
        self.setStartId(self.NAME)
        self.restart()

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
            from sen_desktop.sync.identity import write_file_atomically

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


