# mypy: disable-error-code="no-untyped-call"
"""The guided trust steps of the Exchange page, driven as people would (offscreen):
the lead starts the programme, a new laptop asks to join, the lead admits it, the new
laptop compares the fingerprint and joins, the lead revokes it — two data folders, one
test. Then the keyboard: Tab reaches every control, and every control is named."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import shiboken6
from accessibility_walk import all_problems
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget, QWizard

from sen_desktop.core.store.datafolder import open_programme
from sen_desktop.gui.common import resources
from sen_desktop.gui.common.tasks import TaskRunner
from sen_desktop.gui.exchange import trust_widgets
from sen_desktop.gui.exchange.admit import AdmitWizard, ReplaceChairDialog, RevokeDialog
from sen_desktop.gui.exchange.flow import JoinWizard, StartProgrammeWizard
from sen_desktop.gui.exchange.page import SyncPage
from sen_desktop.gui.shell.session import OpenProgramme
from sen_desktop.sync.certificates import root_fingerprint
from sen_desktop.sync.exchange_records import EARLIER_SCHEME
from sen_desktop.sync.trust import TrustService
from tests.gui.exchange.test_sync_page import page_context
from tests.gui.shell.test_accessibility import _unnamed_controls

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from sen_desktop.core.store.database import Database

WAIT = 30_000


@dataclass
class _Folder:
    """What the Exchange page uses of an open programme: its data folder and database."""

    data_dir: Path
    db: Database

    def close(self) -> None:
        self.db.close()

Opened = Callable[[Path], tuple[TaskRunner, OpenProgramme]]


@pytest.fixture
def opened(qtbot: QtBot) -> Iterator[Opened]:
    made: list[tuple[TaskRunner, OpenProgramme]] = []

    def open_folder(path: Path) -> tuple[TaskRunner, OpenProgramme]:
        runner = TaskRunner()
        session = _Folder(path, open_programme(path))
        made.append((runner, session))  # type: ignore[arg-type]
        return runner, session  # type: ignore[return-value]

    yield open_folder
    for runner, session in made:
        runner.shutdown()
        session.close()


def _walked(qtbot: QtBot, dialog: QWidget) -> list[str]:
    """The accessibility walk's checks (names, Tab order, contrast, focus) on a dialog."""
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    return all_problems(dialog)


def _page(qtbot: QtBot, opened: Opened, folder: Path) -> SyncPage:
    runner, session = opened(folder)
    page = SyncPage()
    page.setStyleSheet(resources.style_sheet())  # as in the window
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.open(page_context(runner, session, "sync"))
    return page


def _answer_files(monkeypatch: pytest.MonkeyPatch, saves: dict[str, Path],
                  opens: dict[str, Path]) -> None:
    monkeypatch.setattr(trust_widgets, "ask_save",
                        lambda parent, caption, suggested, kind: saves[kind])
    monkeypatch.setattr(trust_widgets, "ask_open", lambda parent, caption, kind: opens[kind])


def _button(wizard: QWizard, which: QWizard.WizardButton) -> QPushButton:
    button = wizard.button(which)
    assert isinstance(button, QPushButton)
    return button


def _reloaded(qtbot: QtBot, page: SyncPage, action: Callable[[], object]) -> None:
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        action()


def test_lead_admits_a_new_laptop_which_joins_and_is_revoked(
    qtbot: QtBot, tmp_path: Path, opened: Opened, monkeypatch: pytest.MonkeyPatch
) -> None:
    lead = _page(qtbot, opened, tmp_path / "lead")
    new = _page(qtbot, opened, tmp_path / "new")
    assert lead.status_label.text().startswith("This laptop has not joined a programme yet:")
    assert lead.start_button.isVisible() and lead.join_button.isVisible()
    assert not lead.export_button.isEnabled() and not lead.import_button.isEnabled()
    assert not lead.fingerprint_box.isVisible()
    assert not lead.earlier_label.isVisible()

    # The lead starts the programme: explained, then the fingerprint to read out.
    lead.start_button.click()
    start = lead.dialog
    assert isinstance(start, StartProgrammeWizard)
    qtbot.waitUntil(start.isVisible)
    assert _unnamed_controls(start) == []
    qtbot.keyClicks(start.name, "SEN Strategy 2026")
    with qtbot.waitSignal(start.started, timeout=WAIT):
        _button(start, QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: start.currentPage() is start.shown, timeout=WAIT)
    fingerprint = start.fingerprint
    assert len(fingerprint.split()) == 16
    assert start.fingerprint_box.text.text().replace("\n", " ") == fingerprint
    assert start.fingerprint_box.text.font().fixedPitch() or "mono" in (
        start.fingerprint_box.text.font().family().lower()
    )
    start.fingerprint_box.copy_button.click()
    assert QApplication.clipboard().text() == fingerprint
    qtbot.waitUntil(lambda: lead.overview is not None and lead.overview.is_root, timeout=WAIT)
    _button(start, QWizard.WizardButton.FinishButton).click()
    assert lead.status_label.text() == "This laptop is the programme's root (lead)."
    assert lead.fingerprint_box.fingerprint() == fingerprint
    assert not lead.start_button.isVisible() and lead.admit_button.isVisible()
    assert lead.laptop_model.rowCount() == 1
    assert lead.laptop_model.index(0, 0).data() == "Programme lead (this laptop)"

    # The new laptop asks to join: its name, then the request file.
    request, certificate = tmp_path / "new.senrequest", tmp_path / "new.sencert"
    _answer_files(monkeypatch, {"request": request, "certificate": certificate},
                  {"request": request, "certificate": certificate})
    new.join_button.click()
    join = new.dialog
    assert isinstance(join, JoinWizard)
    qtbot.waitUntil(join.isVisible)
    assert _unnamed_controls(join) == []
    next_button = _button(join, QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()  # no name yet
    qtbot.keyClicks(join.name, "PCRG <b>secretary</b>")
    assert next_button.isEnabled() and next_button.isDefault()
    with qtbot.waitSignal(new.loaded, timeout=WAIT):
        qtbot.keyClick(join.name, Qt.Key.Key_Return)  # Enter = Save the request file…
    assert request.exists() and join.currentId() == JoinWizard.SENT
    assert request.name in join.sent_text.text()
    assert new.overview is not None and new.overview.state == "requested"
    assert "has asked to join as “PCRG <b>secretary</b>”" in new.status_label.text()
    assert new.status_label.textFormat() == Qt.TextFormat.PlainText
    join.reject()  # the certificate comes later

    # The lead admits it: the request's name (plain text) and key fingerprint …
    lead.admit_button.click()
    admit = lead.dialog
    assert isinstance(admit, AdmitWizard)
    qtbot.waitUntil(admit.isVisible)
    assert not _button(admit, QWizard.WizardButton.NextButton).isEnabled()
    admit.open_button.click()
    qtbot.waitUntil(lambda: admit.request is not None, timeout=WAIT)
    assert admit.request_text.text() == (
        "The laptop “PCRG <b>secretary</b>” asks to join the programme."
    )
    assert admit.request_text.textFormat() == Qt.TextFormat.PlainText
    with new._session.db.session_factory() as s:  # type: ignore[union-attr]
        from sen_desktop.core.store.models import LaptopSelf

        new_key = s.get(LaptopSelf, 1).sign_key  # type: ignore[union-attr]
    assert admit.key_box.fingerprint() == root_fingerprint(new_key)
    assert _unnamed_controls(admit) == []
    assert _walked(qtbot, admit) == []
    _button(admit, QWizard.WizardButton.NextButton).click()
    assert admit.currentPage() is admit.grants_step
    # … what it may read and write, ticked by keyboard …
    for view, model in ((admit.read_list, admit.read_model),
                        (admit.write_list, admit.write_model)):
        view.setFocus()
        view.setCurrentIndex(model.index(model.row_of("PCRG")))
        qtbot.keyClick(view, Qt.Key.Key_Space)
    assert admit.choices()["read"] == ["PCRG"] and admit.choices()["write"] == ["PCRG"]
    assert not admit.chair_from.isEnabled()  # not a chair
    assert _unnamed_controls(admit) == []
    assert _walked(qtbot, admit) == []
    with qtbot.waitSignal(admit.admitted, timeout=WAIT):
        _button(admit, QWizard.WizardButton.NextButton).click()  # Save the certificate file…
    assert certificate.exists() and admit.currentPage() is admit.done_step
    assert admit.root_box.fingerprint() == fingerprint
    qtbot.waitUntil(lambda: lead.laptop_model.rowCount() == 2, timeout=WAIT)
    _button(admit, QWizard.WizardButton.FinishButton).click()

    # The new laptop opens the certificate, compares, and only then may join.
    new.join_button.click()
    join = new.dialog
    assert isinstance(join, JoinWizard) and join.currentId() == JoinWizard.SENT
    qtbot.waitUntil(join.isVisible)
    join.again_button.click()  # a lost request file is saved again from the name step
    assert join.currentId() == JoinWizard.NAME and join.name.text() == "PCRG <b>secretary</b>"
    _button(join, QWizard.WizardButton.CancelButton).click()
    new.join_button.click()
    join = new.dialog
    assert isinstance(join, JoinWizard) and join.currentId() == JoinWizard.SENT
    qtbot.waitUntil(join.isVisible)
    _button(join, QWizard.WizardButton.NextButton).click()
    assert join.currentId() == JoinWizard.CERTIFICATE
    finish = _button(join, QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()
    join.open_button.click()
    qtbot.waitUntil(lambda: join.fingerprint_box.fingerprint() != "", timeout=WAIT)
    assert join.fingerprint_box.fingerprint() == fingerprint
    assert "PCRG <b>secretary</b>" in join.certificate_text.text()
    assert "it may read PCRG" in join.certificate_text.text()
    assert join.certificate_text.textFormat() == Qt.TextFormat.PlainText
    assert not finish.isEnabled() and not finish.isDefault()
    assert _unnamed_controls(join) == []
    join.matches.setFocus()
    qtbot.keyClick(join.matches, Qt.Key.Key_Space)
    assert join.matches.isChecked()
    assert finish.isEnabled() and finish.isDefault()
    qtbot.keyClick(join.matches, Qt.Key.Key_Space)  # untick: Join waits again
    assert not finish.isEnabled() and not finish.isDefault()
    qtbot.keyClick(join.matches, Qt.Key.Key_Space)
    with qtbot.waitSignal(new.loaded, timeout=WAIT):
        finish.click()
    assert join.result() == QDialog.DialogCode.Accepted
    assert new.status_label.text() == "This laptop is certified for PCRG (read), PCRG (write)."
    assert new.fingerprint_box.fingerprint() == fingerprint
    assert not new.join_button.isVisible() and not new.admit_button.isVisible()
    assert new.import_button.isEnabled()
    assert not new.revoke_button.isVisible() and new.root_only_note.isVisible()

    # The lead revokes it, the confirmation naming the laptop; Enter would keep it.
    _reloaded(qtbot, lead, lead.reload)
    assert lead.select_laptop_named("PCRG <b>secretary</b>")
    assert lead.revoke_button.isEnabled()
    lead.revoke_button.click()
    revoke = lead.dialog
    assert isinstance(revoke, RevokeDialog)
    qtbot.waitUntil(revoke.isVisible)
    assert revoke.question.text() == "Revoke the certificate of “PCRG <b>secretary</b>”?"
    assert revoke.question.textFormat() == Qt.TextFormat.PlainText
    assert revoke.revoke_button.text() == "&Revoke “PCRG <b>secretary</b>”"
    assert _walked(qtbot, revoke) == []
    assert revoke.cancel_button.isDefault() and not revoke.revoke_button.isDefault()
    assert _unnamed_controls(revoke) == []
    with qtbot.waitSignal(lead.loaded, timeout=WAIT):
        revoke.revoke_button.click()
    row = lead.current_laptop()
    assert row is not None and row.name == "PCRG <b>secretary</b>" and row.revoked
    assert lead.laptop_model.index(lead.laptops.currentIndex().row(), 5).data() != "in force"
    assert not lead.revoke_button.isEnabled()  # already revoked
    with lead._session.db.session_factory() as s:  # type: ignore[union-attr]
        from sen_desktop.sync import registry

        reg = registry.load(s)
        cert = reg.by_name("PCRG <b>secretary</b>")
        assert cert is not None and reg.revoked_from(cert.laptop_id) is not None


def test_replacing_a_chairs_laptop_is_revoke_then_admit(
    qtbot: QtBot, tmp_path: Path, opened: Opened
) -> None:
    lead = _page(qtbot, opened, tmp_path / "lead")
    assert lead._session is not None
    TrustService(lead._session.db.session_factory, lead._session.data_dir).start_programme()
    _reloaded(qtbot, lead, lead.reload)
    lead.replace_button.click()
    dialog = lead.dialog
    assert isinstance(dialog, ReplaceChairDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert _unnamed_controls(dialog) == []
    assert not dialog.revoke_button.isEnabled()  # no old laptop chosen
    dialog.admit_button.click()
    admit = lead.dialog
    assert isinstance(admit, AdmitWizard)
    assert admit.chair_group.currentData() == "SG"  # a chair's laptop: chair of is asked
    assert admit.chair_from.isEnabled()
    admit.reject()


def test_a_laptop_of_the_passphrase_scheme_is_told_once_what_to_do(
    qtbot: QtBot, tmp_path: Path, opened: Opened
) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "sync-keys.json").write_text("{}", encoding="utf-8")
    page = _page(qtbot, opened, folder)
    assert page.earlier_label.isVisible()
    assert page.earlier_label.text() == EARLIER_SCHEME
    assert "Join the programme…" in EARLIER_SCHEME
    assert "passphrase" not in page.status_label.text()

    # Exchange ▸ Join or start the programme…: Join, with Start offered for the lead.
    page.trust_flow()
    join = page.dialog
    assert isinstance(join, JoinWizard)
    assert join.start_button.isVisibleTo(join)
    join.start_button.click()
    assert not join.isVisible()
    assert isinstance(page.dialog, StartProgrammeWizard)


def _focusable(root: QWidget) -> list[QWidget]:
    found = []
    for widget in root.findChildren(QWidget):
        parent = widget.parentWidget()
        if (
            widget.isVisibleTo(root)
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and type(widget).__name__ not in {"QScrollBar", "QScrollArea"}
            and not (parent is not None and parent.focusProxy() is not None)
        ):
            found.append(widget)
    return found


def _address(widget: QWidget) -> int:
    """The C++ object's address: Python wrappers of Qt-owned widgets may be remade."""
    return int(shiboken6.getCppPointer(widget)[0])


def _tab_cycle(qtbot: QtBot, root: QWidget, start: QWidget) -> set[int]:
    root.activateWindow()
    start.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start, timeout=5_000)
    seen: set[int] = set()
    for _ in range(80):
        widget = QApplication.focusWidget()
        assert widget is not None
        seen.add(_address(widget))
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        if QApplication.focusWidget() is start:
            break
    return seen


def test_tab_reaches_every_control_of_the_page_and_the_steps(
    qtbot: QtBot, tmp_path: Path, opened: Opened
) -> None:
    page = _page(qtbot, opened, tmp_path / "lead")
    assert page._session is not None
    TrustService(page._session.db.session_factory, page._session.data_dir).start_programme()
    _reloaded(qtbot, page, page.reload)
    assert _unnamed_controls(page) == []
    assert _missed_by_tab(qtbot, page, page.admit_button) == []
    # The fingerprint itself takes the focus: it can be selected by keys.
    assert _address(page.fingerprint_box.text) in _tab_cycle(qtbot, page, page.admit_button)

    page.admit_button.click()
    admit = page.dialog
    assert isinstance(admit, AdmitWizard)
    qtbot.waitUntil(admit.isVisible)
    assert _missed_by_tab(qtbot, admit, admit.open_button) == []
    admit.next()  # the grants step (Next waits for a request; the step can still be shown)
    assert _missed_by_tab(qtbot, admit, admit.read_list) == []
    admit.reject()

    fresh = _page(qtbot, opened, tmp_path / "new")
    assert _missed_by_tab(qtbot, fresh, fresh.join_button) == []
    fresh.join_button.click()
    join = fresh.dialog
    assert isinstance(join, JoinWizard)
    qtbot.waitUntil(join.isVisible)
    assert _missed_by_tab(qtbot, join, join.name) == []
    join.reject()
    fresh.start_button.click()
    start = fresh.dialog
    assert isinstance(start, StartProgrammeWizard)
    qtbot.waitUntil(start.isVisible)
    assert _missed_by_tab(qtbot, start, start.name) == []
    start.reject()


def _missed_by_tab(qtbot: QtBot, window: QWidget, start: QWidget) -> list[str]:
    """The controls of ``window`` (its current step, for a wizard) Tab never reaches."""
    seen = _tab_cycle(qtbot, window, start)
    pages: list[QWidget] = []
    if isinstance(window, QWizard):
        pages = [window.page(i) for i in window.pageIds()]
        current = window.currentPage()
    return [
        f"{type(w).__name__} {w.accessibleName() or getattr(w, 'text', str)()}"
        for w in _focusable(window)
        if _address(w) not in seen
        and (not pages or current.isAncestorOf(w) or not any(p.isAncestorOf(w) for p in pages))
    ]


def test_without_a_keyring_the_key_file_passphrase_is_asked_once_and_the_step_goes_on(
    qtbot: QtBot, tmp_path: Path, opened: Opened, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring
    import pyrage
    from keyring.backends import fail

    from sen_desktop.gui.exchange.steps import KeyPassphraseDialog

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    # The key file's age scrypt costs a second or more per use; this test is about the
    # window asking once and going on, so a cheap stand-in seals it (the vault's own
    # tests use the real one). A wrong passphrase still fails to open it.
    def seal(data: bytes, phrase: str) -> bytes:
        return phrase.encode() + b"\x00" + data

    def unseal(data: bytes, phrase: str) -> bytes:
        head, _, body = data.partition(b"\x00")
        if head != phrase.encode():
            raise ValueError("wrong passphrase")
        return body

    monkeypatch.setattr(pyrage.passphrase, "encrypt", seal)
    monkeypatch.setattr(pyrage.passphrase, "decrypt", unseal)
    page = _page(qtbot, opened, tmp_path / "lead")
    page.start_button.click()
    start = page.dialog
    assert isinstance(start, StartProgrammeWizard)
    _button(start, QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: isinstance(page.dialog, KeyPassphraseDialog), timeout=WAIT)
    ask = page.dialog
    assert isinstance(ask, KeyPassphraseDialog) and ask.new
    assert _unnamed_controls(ask) == []
    qtbot.keyClicks(ask.first, "a long passphrase")
    qtbot.keyClicks(ask.second, "a long passphrase!")
    qtbot.keyClick(ask.second, Qt.Key.Key_Return)
    assert ask.isVisible() and "differ" in ask.problem.text()
    ask.second.clear()
    qtbot.keyClicks(ask.second, "a long passphrase")
    with qtbot.waitSignal(start.started, timeout=WAIT):
        qtbot.keyClick(ask.second, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: start.currentPage() is start.shown, timeout=WAIT)
    assert (tmp_path / "lead" / "laptop-identity.age").exists()
    qtbot.waitUntil(lambda: page.overview is not None and page.overview.is_root, timeout=WAIT)
    assert page.warning_label.isVisible() and "keyring" in page.warning_label.text()
    _button(start, QWizard.WizardButton.FinishButton).click()

    # Typed wrong (as in a new session): asked again, with the reason; then it goes on.
    page._key_phrase = "not the passphrase"
    messages: list[str] = []
    page.status_message.connect(messages.append)
    failures: list[Exception] = []
    page.run_trust(lambda trust: trust.identity().laptop_id, messages.append, failures.append,
                   page)
    qtbot.waitUntil(lambda: isinstance(page.dialog, KeyPassphraseDialog)
                    and page.dialog is not ask, timeout=WAIT)
    again = page.dialog
    assert isinstance(again, KeyPassphraseDialog) and not again.new
    assert "cannot be opened with that passphrase" in again.problem.text()
    qtbot.keyClicks(again.first, "a long passphrase")
    qtbot.keyClick(again.first, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(messages), timeout=WAIT)
    assert page.overview is not None and messages == [page.overview.laptops[0].laptop_id]
    assert failures == []


def test_the_lead_certifies_a_chair_from_a_date_naming_the_person(
    qtbot: QtBot, tmp_path: Path, opened: Opened, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from sen_desktop.core.people.service import PeopleService
    from sen_desktop.sync import registry

    lead = _page(qtbot, opened, tmp_path / "lead")
    assert lead._session is not None
    factory = lead._session.db.session_factory
    TrustService(factory, tmp_path / "lead").start_programme()
    ann = PeopleService(factory).create("Ann Chair").id
    PeopleService(factory).create("Bob Member")
    chair_folder = tmp_path / "chair"
    other = open_programme(chair_folder)
    try:
        request = TrustService(other.session_factory, chair_folder).make_request("SG chair")
    finally:
        other.close()
    request_file, certificate = tmp_path / "sg.senrequest", tmp_path / "sg.sencert"
    request_file.write_bytes(request)
    _answer_files(monkeypatch, {"certificate": certificate}, {"request": request_file})
    _reloaded(qtbot, lead, lead.reload)

    lead.admit_button.click()
    admit = lead.dialog
    assert isinstance(admit, AdmitWizard)
    admit.open_button.click()
    qtbot.waitUntil(lambda: admit.request is not None, timeout=WAIT)
    _button(admit, QWizard.WizardButton.NextButton).click()
    for view, model in ((admit.read_list, admit.read_model),
                        (admit.write_list, admit.write_model)):
        view.setCurrentIndex(model.index(model.row_of("SG")))
        qtbot.keyClick(view, Qt.Key.Key_Space)
    admit.chair_group.setFocus()
    admit.chair_group.setCurrentIndex(admit.chair_group.findData("SG"))
    assert admit.chair_from.isEnabled() and admit.chair_person.isEnabled()
    # The date is typed, as a secretary would (a Qt date box ignored "01/09/2026").
    admit.chair_from.setFocus()
    admit.chair_from.edit.selectAll()
    qtbot.keyClicks(admit.chair_from.edit, "1 Sept 2026x")
    admit.chair_person.setFocus()
    _button(admit, QWizard.WizardButton.NextButton).click()
    # Said once, under the box; the step's own problem line stays empty.
    assert admit.chair_from.problem_label.isVisible()
    assert admit.chair_from.problem_label.text() == (
        "Type the date as day/month/year, like 14/01/2027.")
    assert not admit.grants_step.problem.isVisible()
    assert admit.chair_from.edit.hasFocus() and admit.currentPage() is admit.grants_step
    admit.chair_from.edit.selectAll()
    qtbot.keyClicks(admit.chair_from.edit, "01/09/2026")
    assert admit.chair_from.value() == dt.date(2026, 9, 1)
    line = admit.chair_person.lineEdit()
    assert line is not None
    line.selectAll()
    qtbot.keyClicks(line, "Nobody Known")
    _button(admit, QWizard.WizardButton.NextButton).click()
    assert admit.grants_step.problem.sentence().startswith("Choose the person who chairs")
    assert not certificate.exists() and admit.currentPage() is admit.grants_step
    line.selectAll()
    qtbot.keyClicks(line, "Ann Chair")
    assert admit.chosen_person() == ann
    with qtbot.waitSignal(admit.admitted, timeout=WAIT):
        _button(admit, QWizard.WizardButton.NextButton).click()
    with factory() as s:
        cert = registry.load(s).by_name("SG chair")
    assert cert is not None
    assert cert.read == ("SG",) and cert.write == ("SG",)
    assert cert.is_chair_of("SG", ann, dt.date(2026, 9, 1))
    assert not cert.is_chair_of("SG", ann, dt.date(2026, 8, 31))
    qtbot.waitUntil(lambda: lead.laptop_model.rowCount() == 2, timeout=WAIT)
    assert "chair of SG from 1 Sep 2026" in [
        lead.laptop_model.index(r, 3).data() for r in range(2)
    ]


def test_revoking_reads_a_typed_date_and_says_once_what_it_cannot_read(qtbot: QtBot) -> None:
    import datetime as dt

    from sen_desktop.gui.exchange.models import LaptopRow

    ran: list[object] = []

    def run(work: Callable[..., object], done: Callable[[object], None], *_: object) -> None:
        ran.append(work)

    laptop = LaptopRow("id-1", "Lost laptop", ("SG",), ("SG",), "", 2, "")
    dialog = RevokeDialog(run, laptop, today=dt.date(2026, 12, 7))  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.date.text() == "07/12/2026" and dialog.effective() is None  # today: now
    dialog.date.edit.selectAll()
    qtbot.keyClicks(dialog.date.edit, "31/02/2027")
    dialog.revoke_button.click()
    assert ran == []  # nothing is revoked from a day that does not exist
    assert dialog.date.problem_label.text() == "February 2027 has 28 days: check the day."
    assert dialog.date.problem_label.isVisible() and not dialog.problem.isVisible()
    dialog.date.edit.selectAll()
    qtbot.keyClicks(dialog.date.edit, "14 Nov 26")
    assert dialog.effective() == dt.datetime(2026, 11, 14, tzinfo=dt.UTC)
    dialog.revoke_button.click()
    assert len(ran) == 1 and not dialog.date.problem_label.isVisible()


def test_a_laptop_named_like_a_windows_device_gets_a_file_name_windows_opens() -> None:
    from sen_desktop.gui.exchange.trust_widgets import file_stem

    assert file_stem("CON") == "CON_"
    assert file_stem("nul") == "nul_"
    assert file_stem("Sam's laptop") == "Sam's-laptop"
    assert file_stem("   ") == "laptop"
