"""The first-run welcome: who uses this laptop, the exchange, then their next meeting.

Shown as a page of the main window (so ``--view welcome`` renders it like any other)
the first time a data folder is opened with nobody recorded as using this laptop
(``LaptopSettings.first_run``). It asks three things (name, role, the groups they
support: ``UserFields``) and offers to join the programme's exchange.

- **Start** saves the answers (``ThisLaptop.save_user``, checked in the core: a refusal
  shows beside its field) and emits ``finished`` with where to land: today's or the
  next meeting of their groups (``Home.landing_meeting_id``), else the Home view.
- With "Join or start the programme's exchange next" ticked, ``finished`` says so, and the
  window hands over to the existing trust flow (Exchange ▸ Join or start the
  programme…, ``SyncPage.trust_flow``); nothing here rebuilds it.
- **Not now** records nobody and does not ask again (Edit ▸ Settings… can say later).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core.errors import SenError
from sen_desktop.core.programme.laptop_settings import LaptopSettings, LaptopUser, ThisLaptop
from sen_desktop.gui.common.widgets import label, page_layout
from sen_desktop.gui.settings.user_fields import UserFields, error_label

if TYPE_CHECKING:
    from sen_desktop.core.programme.records import GroupSummary
    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.shell.pages import PageContext
    from sen_desktop.gui.shell.session import OpenProgramme

INTRO = (
    "SEN Secretariat keeps the programme's groups, meetings, minutes, actions, "
    "recommendations and Action Plan on this laptop, and works offline. Tell it who "
    "uses this laptop, and the Home page will show your groups' meetings, the actions "
    "due this week and the recommendations waiting for you."
)
EXCHANGE_TEXT = (
    "Laptops share their changes by exchanging files. The programme lead starts the "
    "exchange on their own laptop; every other laptop joins it with a file the lead gives "
    "them. Tick this to take that step next. You can also do it later: Exchange ▸ Join or "
    "start the programme…"
)


@dataclass(frozen=True)
class WelcomeOutcome:
    user: LaptopUser | None  # None: "Not now"
    landing_meeting_id: str | None  # today's or the next meeting of their groups
    join_exchange: bool  # hand over to Exchange ▸ Join or start the programme…


def save_welcome(
    session: OpenProgramme,
    name: str,
    role: str,
    group_ids: list[str],
    join: bool,
    today: dt.date | None = None,
) -> WelcomeOutcome:
    """Record who uses this laptop and find where to land; runs on the worker."""
    from sen_desktop.core.overview.home import HomeService

    user = ThisLaptop(session.db.session_factory, session.data_dir).save_user(
        name, role, group_ids
    )
    clock = (lambda: today) if today is not None else dt.date.today
    home = HomeService(session.db.session_factory, today=clock).home(user)
    # The lead supporting no group in particular lands on Home, not on any one meeting.
    landing = home.landing_meeting_id if user.group_ids else None
    return WelcomeOutcome(user, landing, join)


class WelcomePage(QWidget):
    """The welcome, as a page: fill in, then Start or Not now."""

    loaded = Signal()
    #: The welcome is done: a WelcomeOutcome.
    finished = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner: TaskRunner | None = None
        self._session: OpenProgramme | None = None
        self._today: dt.date | None = None
        self._saving = False
        self.heading = label("Welcome to SEN Secretariat", role="heading")
        self.intro = label(INTRO, wrap=True)
        self.intro.setAccessibleDescription("About this welcome")
        self.fields = UserFields()
        self.exchange_heading = label("Exchange with other laptops", role="subheading")
        self.join_check = QCheckBox("&Join or start the programme's exchange next")
        self.join_check.setAccessibleName("Join or start the programme's exchange next")
        self.join_check.setAccessibleDescription(EXCHANGE_TEXT)
        self.exchange_text = label(EXCHANGE_TEXT, role="facts", wrap=True)
        self.exchange_text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.form_error = error_label("Problem saving")
        self.later_button = QPushButton("&Not now")
        self.later_button.setAccessibleName("Not now")
        self.later_button.setToolTip("Skip this; Edit ▸ Settings… can record it later")
        self.start_button = QPushButton("&Start")
        self.start_button.setAccessibleName("Start")
        self.start_button.setToolTip("Save who uses this laptop and go to your next meeting")
        self.start_button.setDefault(True)
        for button in (self.later_button, self.start_button):
            button.setMinimumWidth(120)

        body = QWidget()
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.intro)
        inner.addSpacing(8)
        inner.addWidget(self.fields)
        inner.addSpacing(8)
        inner.addWidget(self.exchange_heading)
        inner.addWidget(self.join_check)
        inner.addWidget(self.exchange_text)
        inner.addStretch(1)
        body.setMaximumWidth(760)
        # Scrolls rather than hides its buttons at 125 % on a 1366×768 screen.
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        buttons = QHBoxLayout()
        buttons.addWidget(self.form_error, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.later_button)
        buttons.addWidget(self.start_button)

        layout = page_layout(self)
        layout.addWidget(self.heading)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.setTabOrder(self.fields.groups_list, self.join_check)
        self.setTabOrder(self.join_check, self.later_button)
        self.setTabOrder(self.later_button, self.start_button)
        self.setFocusProxy(self.fields.name_edit)

        self.start_button.clicked.connect(self.start)
        self.later_button.clicked.connect(self.not_now)
        self.fields.name_edit.returnPressed.connect(self.start)

    # --- loading ---------------------------------------------------------------------------

    def open(self, context: PageContext) -> None:
        """Fill in the groups (and anything recorded already) from the worker."""
        runner, session = context.runner, context.session
        self._runner, self._session, self._today = runner, session, context.today
        laptop = ThisLaptop(session.db.session_factory, session.data_dir)
        programme = session.programme

        def fetch() -> tuple[list[GroupSummary], LaptopSettings]:
            return programme.list_groups(), laptop.read()

        runner.run(fetch, self._show, owner=self)

    def _show(self, result: tuple[list[GroupSummary], LaptopSettings]) -> None:
        groups, settings = result
        self.fields.set_groups(groups)
        self.fields.set_user(settings.user)
        self.loaded.emit()

    # --- answering -------------------------------------------------------------------------

    def start(self) -> None:
        if self._saving or self._runner is None or self._session is None:
            return
        self._clear()
        session, today = self._session, self._today
        name, role, ids = self.fields.name(), self.fields.role(), self.fields.group_ids()
        join = self.join_check.isChecked()
        self._set_saving(True)
        self._runner.run(
            lambda: save_welcome(session, name, role, ids, join, today),
            self._done, self._failed, owner=self,
        )

    def not_now(self) -> None:
        if self._saving or self._runner is None or self._session is None:
            return
        self._clear()
        laptop = ThisLaptop(self._session.db.session_factory, self._session.data_dir)
        join = self.join_check.isChecked()
        self._set_saving(True)
        self._runner.run(
            laptop.skip_welcome,
            lambda _none: self._done(WelcomeOutcome(None, None, join)),
            self._failed, owner=self,
        )

    def _done(self, outcome: WelcomeOutcome) -> None:
        self._set_saving(False)
        self.finished.emit(outcome)

    def _failed(self, error: Exception) -> None:
        self._set_saving(False)
        if isinstance(error, SenError):
            if self.fields.show_error(error.message, getattr(error, "field", None)):
                return
            message = error.message
        else:
            message = f"This could not be saved: {error}"
        self.form_error.setText(message)
        self.form_error.show()

    def _clear(self) -> None:
        self.fields.clear_errors()
        self.form_error.clear()
        self.form_error.hide()

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.start_button.setEnabled(not saving)
        self.later_button.setEnabled(not saving)
