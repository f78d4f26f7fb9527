"""The Exchange page's guided trust steps: start the programme on this laptop, join it,
admit a laptop, revoke one, and replace a chair's laptop (docs/TRUST.md).

Mixed into ``SyncPage``: each opens its wizard or dialog (``gui.exchange.flow``,
``gui.exchange.admit``), whose work runs on the worker through the page's ``run_trust``,
and reloads the page when it is done. The names below the class line are the page's,
declared so that the type checker knows what these methods use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sen_desktop.gui.exchange.admit import AdmitWizard, ReplaceChairDialog, RevokeDialog
from sen_desktop.gui.exchange.flow import JoinWizard, StartProgrammeWizard
from sen_desktop.sync.exchange_records import status_sentence

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from PySide6.QtCore import QObject, SignalInstance
    from PySide6.QtWidgets import QDialog, QWidget

    from sen_desktop.gui.shell.session import OpenProgramme
    from sen_desktop.sync.exchange_records import ExchangeOverview, LaptopRow
    from sen_desktop.sync.trust import TrustService

    _Base = QWidget
else:
    _Base = object  # SyncPage brings QWidget itself


class GuidedSteps(_Base):
    """Join or start the programme, admit, revoke, replace a chair's laptop (SyncPage)."""

    overview: ExchangeOverview | None
    status_message: SignalInstance
    _session: OpenProgramme | None
    _want_laptop: str | None

    if TYPE_CHECKING:  # the page's own
        def run_trust(
            self, work: Callable[[TrustService], Any], done: Callable[[Any], None],
            failed: Callable[[Exception], None], owner: QObject,
        ) -> None: ...
        def reload(self) -> None: ...
        def current_laptop(self) -> LaptopRow | None: ...
        def _open(self, dialog: QDialog) -> QDialog: ...

    def trust_flow(self) -> None:
        """Exchange ▸ Join or start the programme…: the next step for this laptop."""
        overview = self.overview
        if overview is None:
            return
        if overview.is_root:
            self.admit_laptop()
        elif overview.state == "member" and not (overview.own and overview.own.revoked):
            self.status_message.emit(status_sentence(overview))
        else:
            self.join_programme()

    def start_programme(self) -> None:
        if self.overview is None or self._session is None:
            return
        wizard = StartProgrammeWizard(self.run_trust, self)

        def started(_fingerprint: str) -> None:
            self.status_message.emit("This laptop is now the programme's root (lead).")
            self.reload()

        wizard.started.connect(started)
        self._open(wizard)

    def join_programme(self) -> None:
        overview = self.overview
        if overview is None or self._session is None:
            return
        requested = overview.laptop_name if overview.state == "requested" else ""
        wizard = JoinWizard(
            self.run_trust, requested_as=requested, offer_start=overview.state == "none",
            parent=self,
        )

        def start_instead() -> None:
            wizard.reject()
            self.start_programme()

        wizard.start_instead.connect(start_instead)

        def joined(_status: Any) -> None:
            self.status_message.emit("This laptop has joined the programme.")
            self.reload()

        wizard.request_saved.connect(lambda _path: self.reload())
        wizard.joined.connect(joined)
        self._open(wizard)

    def admit_laptop(self, *, chair: bool = False) -> None:
        overview = self.overview
        if overview is None or not overview.is_root:
            return
        wizard = AdmitWizard(
            self.run_trust, overview.groups, overview.people, overview.root_fingerprint,
            chair_only=chair, parent=self,
        )

        def admitted(path: Path) -> None:
            self.status_message.emit(f"Saved the certificate {path.name}.")
            self.reload()

        wizard.admitted.connect(admitted)
        self._open(wizard)

    def revoke_laptop(self) -> None:
        laptop = self.current_laptop()
        if (
            self.overview is None or not self.overview.is_root or laptop is None
            or laptop.revoked or laptop.this_laptop
        ):
            return
        dialog = RevokeDialog(self.run_trust, laptop, parent=self)

        def revoked(_summary: Any) -> None:
            self._want_laptop = laptop.laptop_id
            self.status_message.emit(
                f"Revoked “{laptop.name}”: send a bundle to every laptop so they know."
            )
            self.reload()

        dialog.revoked.connect(revoked)
        self._open(dialog)

    def replace_chair_laptop(self) -> None:
        if self.overview is None or not self.overview.is_root:
            return
        chosen = self.current_laptop()
        if chosen is not None and chosen.this_laptop:
            chosen = None
        dialog = ReplaceChairDialog(chosen, self)
        dialog.revoke_requested.connect(self.revoke_laptop)
        dialog.admit_requested.connect(lambda: self.admit_laptop(chair=True))
        self._open(dialog)
