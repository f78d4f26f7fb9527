"""The Home view: what the person using this laptop needs today.

One read-only page, as the dashboard is (a QTextBrowser: read with the keyboard,
searched, copied, and read by a screen reader as text), built from one
``HomeService.home`` call on the worker for the person recorded in this laptop's
settings (every group when nobody is):

- who it is for, with a link to Settings to say who uses this laptop;
- Today: today's meetings, each a link to the meeting and one to take its minutes;
- Next meetings: each of their groups' next meeting, or "None scheduled" with a link to
  schedule one;
- Actions due this week, to Sunday, soonest first, and how many are overdue;
- Recommendations waiting for them, with whose move it is;
- Milestones at risk: marked at risk, or late.

Links are followed with Tab and Enter and come out as signals the window acts on;
every warning sign has its words beside it.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QWidget

from sen_desktop.core.dates import long_date, short_date
from sen_desktop.gui.common import resources
from sen_desktop.gui.common.widgets import label, page_layout, reading_pane

if TYPE_CHECKING:
    from sen_desktop.core.overview.records import Home
    from sen_desktop.core.programme.laptop_settings import LaptopUser
    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.shell.pages import PageContext
    from sen_desktop.gui.shell.session import OpenProgramme

ICON_WARNING: Final = "icon:warning"
_LINE: Final = "#d0d5db"
_HEAD: Final = "#e9edf1"
_MUTED: Final = "#4a5563"


def _cell(text: str, *, head: bool = False, width: str = "") -> str:
    tag = "th" if head else "td"
    style = f"border-bottom: 1px solid {_LINE}; padding: 5px 8px;"
    if head:
        style += f" background-color: {_HEAD};"
    size = f' width="{width}"' if width else ""
    return f'<{tag} align="left" valign="top"{size} style="{style}">{text}</{tag}>'


def _table(head: tuple[tuple[str, str], ...], rows: list[list[str]]) -> str:
    lines = ["<tr>" + "".join(_cell(t, head=True, width=w) for t, w in head) + "</tr>"]
    lines += ["<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in rows]
    return (
        '<table width="100%" cellspacing="0" cellpadding="0" '
        'style="border-collapse: collapse; margin-bottom: 6px;">' + "".join(lines) + "</table>"
    )


def _warning(words: str) -> str:
    return f'<img src="{ICON_WARNING}" width="16" height="16" alt="Warning"> <b>{escape(words)}</b>'


def _muted(text: str) -> str:
    return f'<p style="color: {_MUTED}">{text}</p>'


def _heading(text: str, anchor: str) -> str:
    return f"<h2 style='margin-top: 16px; margin-bottom: 4px'><a name='{anchor}'></a>{text}</h2>"


def _shown_of(shown: int, total: int, noun: str) -> str:
    if total <= shown:
        return ""
    return _muted(f"The first {shown} of {total:,} {noun}.")


def who_html(home: Home) -> str:
    user = home.user
    if user is None:
        return (
            "<p>Nobody is recorded as using this laptop, so every group is shown. "
            "<a href='settings:'>Say who uses this laptop…</a> (Edit ▸ Settings…)</p>"
        )
    groups = ", ".join(escape(n) for n in home.group_names) or "every group"
    return (
        f"<p>For <b>{escape(user.name)}</b>, {escape(user.role_label.lower())} — "
        f"{groups}. <a href='settings:'>Change…</a></p>"
    )


def today_html(home: Home) -> str:
    if not home.today_meetings:
        return _muted("No meetings today.")
    items = "".join(
        f"<li><a href='meeting:{m.meeting_id}'>{escape(m.text)}</a>"
        + (f", {escape(m.venue)}" if m.venue else "")
        + f" — <a href='minutes:{m.meeting_id}'>take the minutes</a></li>"
        for m in home.today_meetings
    )
    return f"<ul>{items}</ul>"


def next_html(home: Home) -> str:
    if len(home.next_meetings) > 1 and all(g.meeting is None for g in home.next_meetings):
        # A new programme: one line, not a row of "None scheduled" for every group.
        return ("<p>None scheduled for any of these groups yet — "
                "<a href='schedule:'>schedule a meeting…</a></p>")
    rows = []
    for g in home.next_meetings:
        if g.meeting is None:
            when = (f"None scheduled — <a href='schedule:{g.group_id}'>schedule one…</a>")
        else:
            words = f"Meeting {g.meeting.number}: {g.meeting.when}"
            when = f"<a href='meeting:{g.meeting.meeting_id}'>{escape(words)}</a>"
        rows.append([escape(g.group_name), when])
    if not rows:
        return _muted("No groups.")
    return _table((("Group", "30%"), ("Next meeting", "70%")), rows)


def actions_html(home: Home) -> str:
    parts = []
    if home.overdue_count:
        parts.append(
            f"<p>{_warning(f'{home.overdue_count:,} overdue')}: due before today and "
            "neither done nor dropped. <a href='actions:'>Open the Action Log</a></p>"
        )
    if not home.actions_due:
        parts.append(_muted("No actions due this week."))
        return "".join(parts)
    rows = [
        [
            escape(short_date(a.due_date)),
            f"<a href='action:{a.action_id}'>{escape(a.reference)}</a> "
            f"{escape(a.description)}",
            escape(a.owner) or f'<span style="color: {_MUTED}">No owner</span>',
            escape(a.group_name),
        ]
        for a in home.actions_due
    ]
    parts.append(_table(
        (("Due", "13%"), ("Action", "50%"), ("Owner", "17%"), ("Group", "20%")), rows
    ))
    parts.append(_shown_of(len(home.actions_due), home.actions_due_count, "actions due"))
    return "".join(parts)


def recommendations_html(home: Home) -> str:
    if not home.recommendations:
        return _muted("None waiting.")
    rows = [
        [
            f"<a href='recommendation:{r.recommendation_id}'>{escape(r.reference)}</a>",
            escape(r.title),
            escape(r.state_label),
            escape(r.waiting[:1].upper() + r.waiting[1:]),
        ]
        for r in home.recommendations
    ]
    table = _table(
        (("Reference", "16%"), ("Title", "34%"), ("Stage", "20%"), ("Waiting", "30%")), rows
    )
    return table + _shown_of(len(home.recommendations), home.recommendations_count,
                             "recommendations waiting")


def milestones_html(home: Home) -> str:
    if not home.milestones_at_risk:
        return _muted("None at risk.")
    rows = [
        [
            f"<a href='milestone:{m.id}'>{escape(m.period)}</a>",
            escape(m.action),
            _warning(m.shown_status_label) if m.late else escape(m.shown_status_label),
        ]
        for m in home.milestones_at_risk
    ]
    return _table((("Period", "18%"), ("Action", "62%"), ("Status", "20%")), rows)


def gaps_html(home: Home) -> str:
    """The gaps on the provision maps of the person's groups that no recommendation
    answers yet (issue 15), with the way to the map."""
    if not home.open_gaps:
        return _muted("No gap on the provision maps is waiting for a recommendation.")
    one = home.open_gaps == 1
    return (
        f"<p>{_warning(f'{home.open_gaps:,} gap' + ('' if one else 's'))} on the provision "
        f"maps {'has' if one else 'have'} no recommendation answering {'it' if one else 'them'} "
        "yet. <a href='provision:'>Open the provision map</a></p>"
    )


def consultations_html(home: Home) -> str:
    """The consultations open today (issue 15), with the way to them."""
    if not home.consultations_open:
        return _muted("No consultation is open today.")
    items = "".join(
        f"<li>{escape(c.reference)} {escape(c.title)}: "
        f"{escape(c.state_words(home.on).replace('Open', 'open', 1))}"
        f", {c.responses:,} response{'' if c.responses == 1 else 's'} so far</li>"
        for c in home.consultations_open
    )
    return f"<ul>{items}</ul><p><a href='consultations:'>Open the consultations</a></p>"


def policies_html(home: Home) -> str:
    """The shown working groups' policy documents, each with its newest version's stage
    (issue 15)."""
    if not home.policies:
        return _muted("None of these groups drafts a policy document.")
    items = "".join(
        f"<li>{escape(p.group_name)}: {escape(p.stage_label)}</li>" for p in home.policies
    )
    return f"<ul style='margin-top: 0'>{items}</ul>"


def home_html(home: Home) -> str:
    return "".join([
        who_html(home),
        _heading("Today", "today"),
        today_html(home),
        _heading("Next meetings", "next"),
        next_html(home),
        _heading(f"Actions due this week, to {escape(long_date(home.week_end))}", "actions"),
        actions_html(home),
        _heading("Recommendations waiting for you" if home.user else
                 "Recommendations waiting", "recommendations"),
        recommendations_html(home),
        _heading("Milestones at risk", "milestones"),
        milestones_html(home),
        _heading("Provision gaps", "gaps"),
        gaps_html(home),
        _heading("Policy documents", "policies"),
        policies_html(home),
        _heading("Consultations open", "consultations"),
        consultations_html(home),
    ])


def load_home(session: OpenProgramme, today: dt.date | None = None) -> Home:
    """This laptop's person and their Home figures; runs on the worker."""
    from sen_desktop.core.overview.home import HomeService
    from sen_desktop.core.programme.laptop_settings import ThisLaptop

    factory = session.db.session_factory
    user: LaptopUser | None = ThisLaptop(factory, session.data_dir).read().user
    clock = (lambda: today) if today is not None else dt.date.today
    return HomeService(factory, today=clock).home(user)


class HomePage(QWidget):
    """The Home view, rendered from one worker call."""

    loaded = Signal()
    #: A meeting was followed (today's, or a next one): open it.
    meeting_requested = Signal(str)
    #: "take the minutes" beside today's meeting: open its minutes.
    minutes_requested = Signal(str)
    #: "Schedule one…" beside a group with no meeting: Meetings ▸ Schedule meeting….
    schedule_requested = Signal(str)
    action_requested = Signal(str)  # an action's id; "" for the whole Action Log
    recommendation_requested = Signal(str)
    milestone_requested = Signal(str)
    settings_requested = Signal()
    #: "Open the provision map" under the gaps.
    provision_requested = Signal()
    #: "Open the consultations" under the consultations open.
    consultations_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner: TaskRunner | None = None
        self._session: OpenProgramme | None = None
        self._today: dt.date | None = None
        self._home: Home | None = None
        self.heading = label("Home", role="heading")
        self.facts = label("Loading…", role="facts", wrap=True)
        self.facts.setAccessibleDescription("What the page is for")
        self.text = reading_pane("Home")
        # Everything here wraps to the width; a 100 % table's collapsed border comes out a
        # pixel wider than the page at 125 %, which showed a useless horizontal scroll bar.
        self.text.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Tab moves between the links; Ctrl+Tab leaves the page.
        self.text.setTabChangesFocus(False)
        self.text.anchorClicked.connect(self._follow)
        document = self.text.document()
        document.addResource(
            QTextDocument.ResourceType.ImageResource, QUrl(ICON_WARNING),
            resources.pixmap("seat-rule-not-met", 16, max(1.0, self.devicePixelRatioF()))
            .toImage(),
        )
        layout = page_layout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.facts)
        layout.addWidget(self.text, 1)
        self.setFocusProxy(self.text)

    def open(self, context: PageContext) -> None:
        self._runner, self._session, self._today = context.runner, context.session, context.today
        self.reload()

    def reload(self) -> None:
        if self._runner is None or self._session is None:
            return
        session, today = self._session, self._today
        self._runner.run(lambda: load_home(session, today), self.set_home, channel="home",
                         owner=self)

    def home(self) -> Home | None:
        return self._home

    def set_home(self, home: Home) -> None:
        self._home = home
        self.facts.setText(
            f"{long_date(home.on)}. Your meetings, actions due this week, recommendations "
            "waiting for you, milestones at risk, provision gaps, policy documents and "
            "consultations open."
        )
        scroll = self.text.verticalScrollBar().value()
        self.text.setHtml(home_html(home))
        self.text.verticalScrollBar().setValue(scroll)
        self.loaded.emit()

    def _follow(self, url: QUrl) -> None:
        kind, _, target = url.toString().partition(":")
        signal = {
            "meeting": self.meeting_requested,
            "minutes": self.minutes_requested,
            "schedule": self.schedule_requested,
            "action": self.action_requested,
            "recommendation": self.recommendation_requested,
            "milestone": self.milestone_requested,
        }.get(kind)
        if signal is not None:
            signal.emit(target)
        elif kind == "actions":
            self.action_requested.emit("")
        elif kind == "settings":
            self.settings_requested.emit()
        elif kind == "provision":
            self.provision_requested.emit()
        elif kind == "consultations":
            self.consultations_requested.emit()
