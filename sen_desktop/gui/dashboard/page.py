"""The programme dashboard: how each group stands, and what delivers each milestone.

One scrolling, read-only page (a QTextBrowser, so it can be read with the keyboard,
searched, selected and copied, and a screen reader reads it as text):

- Groups: a row per group with its open actions, overdue actions ("3 overdue", with a
  warning sign), recommendations by state ("2 Draft · 1 Endorsed") and next meeting
  ("Tuesday 14 September 2010, meeting 2", or "None scheduled");
- Remit coverage: for each group that raises recommendations, each remit point with
  the recommendations answering it, or "No recommendation yet" beside a warning sign;
- Milestones: each with its status and what is linked to it;
- Provision gaps: for each working group, how many gaps its provision map holds and
  those no recommendation answers yet, by district and tier (issue 15).

Every sign has its words beside it: nothing is said by colour alone. The group names
and milestone periods are links (Tab moves between them, Enter follows): a group opens
its page, a milestone its dialog (and the figures refresh when it is saved).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QDialog, QWidget

from sen_desktop.core.dates import long_date, uk_date
from sen_desktop.core.plan.records import MilestoneView, plan_summary
from sen_desktop.gui.common import resources
from sen_desktop.gui.common.widgets import label, page_layout, reading_pane
from sen_desktop.gui.plan.milestone_dialogs import KIND_WORDS, open_milestone_dialog

if TYPE_CHECKING:
    from sen_desktop.core.overview.records import Dashboard, GroupFigures
    from sen_desktop.core.provision.records import GapRecord
    from sen_desktop.gui.common.tasks import TaskRunner
    from sen_desktop.gui.shell.pages import PageContext
    from sen_desktop.gui.shell.session import OpenProgramme

ICON_COVERED: Final = "icon:covered"
ICON_WARNING: Final = "icon:warning"
_LINE: Final = "#d0d5db"
_HEAD: Final = "#e9edf1"
_LATE: Final = "#a4000f"
_MUTED: Final = "#4a5563"


def _cell(text: str, *, head: bool = False, width: str = "", align: str = "left",
          extra: str = "") -> str:
    tag = "th" if head else "td"
    style = f"border-bottom: 1px solid {_LINE}; padding: 6px 8px;"
    if head:
        style += f" background-color: {_HEAD};"
    size = f' width="{width}"' if width else ""
    return f'<{tag} align="{align}" valign="top"{size} style="{style}"{extra}>{text}</{tag}>'


def _table(rows: list[str]) -> str:
    return (
        '<table width="100%" cellspacing="0" cellpadding="0" '
        'style="border-collapse: collapse; margin-bottom: 6px;">' + "".join(rows) + "</table>"
    )


def _icon(name: str, words: str) -> str:
    return f'<img src="{name}" width="16" height="16" alt="{escape(words)}"> '


def overdue_text(count: int) -> str:
    return f"{count} overdue" if count else "None overdue"


def group_rows(groups: tuple[GroupFigures, ...]) -> str:
    rows = [
        "<tr>"
        + _cell("Group", head=True, width="25%")
        + _cell("Open actions", head=True, width="12%", align="right")
        + _cell("Overdue", head=True, width="13%")
        + _cell("Recommendations", head=True, width="27%")
        + _cell("Next meeting", head=True, width="23%")
        + "</tr>"
    ]
    for g in groups:
        overdue = escape(overdue_text(g.overdue_actions))
        if g.overdue_actions:
            overdue = f"{_icon(ICON_WARNING, 'Warning')}<b>{overdue}</b>"
        if g.recommendations:  # a state a line: long names read better than run together
            recommendations = "<br>".join(escape(c.text) for c in g.recommendations)
        elif g.raises_recommendations:
            recommendations = "None yet"
        else:
            recommendations = f'<span style="color: {_MUTED}">Considers them; raises none</span>'

        rows.append(
            "<tr>"
            + _cell(f'<a href="group:{g.group_id}">{escape(g.name)}</a>')
            + _cell(f"{g.open_actions:,}", align="right")
            + _cell(overdue)
            + _cell(recommendations)
            + _cell(escape(g.next_meeting_text))
            + "</tr>"
        )
    return _table(rows)


def remit_section(g: GroupFigures) -> str:
    total = len(g.remit)
    noun = "point has" if g.remit_covered == 1 else "points have"
    heading = (
        f"<h3 style='margin-top: 14px; margin-bottom: 4px'>{escape(g.name)}</h3>"
        f"<p style='margin-top: 0; color: {_MUTED}'>{g.remit_covered} of {total} remit "
        f"{noun} a recommendation; {total - g.remit_covered} "
        f"{'has' if total - g.remit_covered == 1 else 'have'} none yet.</p>"
    )
    if not g.remit:
        return heading + "<p>No remit points recorded for this group.</p>"
    rows = []
    for point in g.remit:
        answered = [r for r in point.recommendations if r.state != "withdrawn"]
        if answered:
            sign = _icon(ICON_COVERED, "Has a recommendation")
            refs = ", ".join(
                f"<b>{escape(r.reference)}</b> ({escape(r.state_label)})" for r in answered
            )
        else:
            sign = _icon(ICON_WARNING, "No recommendation")
            refs = "<i>No recommendation yet</i>"
        rows.append(
            "<tr>"
            + _cell(f"{sign}{point.remit.position}.", width="6%")
            + _cell(escape(point.remit.text), width="62%")
            + _cell(refs, width="32%")
            + "</tr>"
        )
    return heading + _table(rows)


def linked_html(m: MilestoneView) -> str:
    """The links under a word for each kind: "Meetings", then each on its own line."""
    blocks = []
    for kind in ("meeting", "recommendation", "paper"):
        labels = [link.label for link in m.links if link.target_kind == kind]
        if labels:
            word = KIND_WORDS[kind] + ("s" if len(labels) > 1 else "")
            blocks.append(f"<b>{word}</b><br>" + "<br>".join(escape(x) for x in labels))
    return "<br>".join(blocks)


def milestone_rows(milestones: tuple[MilestoneView, ...]) -> str:
    rows = [
        "<tr>"
        + _cell("Period", head=True, width="16%")
        + _cell("Action", head=True, width="37%")
        + _cell("Status", head=True, width="10%")
        + _cell("Linked", head=True, width="37%")
        + "</tr>"
    ]
    for m in milestones:
        status = escape(m.shown_status_label)
        if m.late:
            status = f'{_icon(ICON_WARNING, "Late")}<b style="color: {_LATE}">{status}</b>'
        linked = linked_html(m) or f'<span style="color: {_MUTED}">Nothing linked yet</span>'
        rows.append(
            "<tr>"
            + _cell(f'<a href="milestone:{m.id}">{escape(m.period)}</a>')
            + _cell(escape(m.action))
            + _cell(status)
            + _cell(linked)
            + "</tr>"
        )
    return _table(rows)


def gap_section(board: Dashboard) -> str:
    """Each working group's gaps: how many, and those no recommendation answers yet."""
    from sen_desktop.core.provision.records import tier_label

    working = [g for g in board.groups if g.kind == "working"]
    by_group: dict[str, list[GapRecord]] = {}
    for gap in board.open_gaps:
        by_group.setdefault(gap.group_id, []).append(gap)
    total = len(board.open_gaps)
    parts = [
        f"<p>{total} gap{'s' if total != 1 else ''} on the working groups' provision maps "
        f"{'has' if total == 1 else 'have'} no recommendation answering "
        f"{'it' if total == 1 else 'them'} yet.</p>"
    ]
    for g in working:
        open_here = by_group.get(g.group_id, [])
        parts.append(
            f"<h3 style='margin-top: 14px; margin-bottom: 4px'>{escape(g.name)}</h3>"
            f"<p style='margin-top: 0; color: {_MUTED}'>{g.gaps} gap"
            f"{'s' if g.gaps != 1 else ''} mapped; {len(open_here)} without a "
            "recommendation.</p>"
        )
        if not open_here:
            continue
        rows = [
            "<tr>" + _cell("District", head=True, width="20%")
            + _cell("Tier", head=True, width="22%") + _cell("Evidence", head=True, width="58%")
            + "</tr>"
        ]
        for gap in open_here:
            rows.append(
                "<tr>"
                + _cell(f"{_icon(ICON_WARNING, 'No recommendation')}{escape(gap.district)}")
                + _cell(escape(tier_label(gap.tier)))
                + _cell(escape(gap.evidence))
                + "</tr>"
            )
        parts.append(_table(rows))
    return "".join(parts)


def policy_section(board: Dashboard) -> str:
    """Each working group's policy document by stage, and how many are at each stage."""
    from sen_desktop.core.policies.vocabulary import STAGE_LABELS, STAGES

    started = [p for p in board.policies if p.id is not None]
    counts = [
        f"{sum(1 for p in started if p.stage == stage)} {STAGE_LABELS[stage].lower()}"
        for stage in STAGES
        if any(p.stage == stage for p in started)
    ]
    parts = [
        f"<p>{len(started)} of {len(board.policies)} working groups have a policy document"
        + (f": {escape(', '.join(counts))}." if counts else ".") + "</p>"
    ]
    rows = [
        "<tr>" + _cell("Group", head=True, width="30%") + _cell("Policy", head=True, width="40%")
        + _cell("Stage of the newest version", head=True, width="30%") + "</tr>"
    ]
    for policy in board.policies:
        rows.append(
            "<tr>" + _cell(escape(policy.group_name)) + _cell(escape(policy.title or "—"))
            + _cell(escape(policy.stage_label)) + "</tr>"
        )
    parts.append(_table(rows))
    return "".join(parts)


def consultation_section(board: Dashboard) -> str:
    """The Steering Group's consultations: how many are open, each in words."""
    rows = board.consultations
    opened = sum(1 for c in rows if c.state(board.on) == "open")
    if not rows:
        return "<p>There are no consultations yet.</p>"
    parts = [f"<p>{opened} of {len(rows)} consultation{'s' if len(rows) != 1 else ''} "
             f"open on {escape(uk_date(board.on))}.</p>"]
    table_rows = [
        "<tr>" + _cell("Consultation", head=True, width="45%")
        + _cell("State", head=True, width="35%")
        + _cell("Responses", head=True, width="20%", align="right") + "</tr>"
    ]
    for row in rows:
        table_rows.append(
            "<tr>" + _cell(escape(f"{row.reference} {row.title}"))
            + _cell(escape(row.state_words(board.on)))
            + _cell(str(row.responses), align="right") + "</tr>"
        )
    parts.append(_table(table_rows))
    return "".join(parts)


def dashboard_html(board: Dashboard) -> str:
    raising = [g for g in board.groups if g.raises_recommendations]
    parts = [
        "<p>Go to: <a href='#groups'>Groups</a> · <a href='#remit'>Remit coverage</a> · "
        "<a href='#milestones'>Milestones</a> · <a href='#gaps'>Provision gaps</a> · "
        "<a href='#policies'>Policy documents</a> · "
        "<a href='#consultations'>Consultations</a></p>",
        "<h2 style='margin-top: 4px'><a name='groups'></a>Groups</h2>",
        group_rows(board.groups),
        "<h2 style='margin-top: 18px'><a name='remit'></a>Remit coverage</h2>",
        "<p>Each remit point of the groups that raise recommendations, with the "
        "recommendations that answer it (withdrawn ones left out).</p>",
        *(remit_section(g) for g in raising),
        "<h2 style='margin-top: 18px'><a name='milestones'></a>Milestones</h2>",
        f"<p>{escape(plan_summary(board.milestones))} Each is listed with the meetings, "
        "recommendations and papers that deliver it.</p>",
        milestone_rows(board.milestones),
        "<h2 style='margin-top: 18px'><a name='gaps'></a>Provision gaps</h2>",
        gap_section(board),
        "<h2 style='margin-top: 18px'><a name='policies'></a>Policy documents</h2>",
        policy_section(board),
        "<h2 style='margin-top: 18px'><a name='consultations'></a>Consultations</h2>",
        consultation_section(board),
    ]
    return "".join(parts)


class DashboardPage(QWidget):
    """The dashboard, rendered from one DashboardService call on the worker."""

    loaded = Signal()
    #: A group's name was followed: show that group's page.
    group_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner: TaskRunner | None = None
        self._session: OpenProgramme | None = None
        self._board: Dashboard | None = None
        self.dialog: QDialog | None = None  # the dialog last opened, for tests
        self.heading = label("Dashboard", role="heading")
        self.facts = label("Loading…", role="facts", wrap=True)
        self.facts.setAccessibleDescription("What the figures are for")
        self.text = reading_pane("Programme dashboard")
        # Tab moves between the links; Ctrl+Tab leaves the page.
        self.text.setTabChangesFocus(False)
        self.text.anchorClicked.connect(self._follow)
        self._add_icons()
        layout = page_layout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.facts)
        layout.addWidget(self.text, 1)
        self.setFocusProxy(self.text)

    def _add_icons(self) -> None:
        document = self.text.document()
        ratio = max(1.0, self.devicePixelRatioF())
        for url, name in ((ICON_COVERED, "seat-rule-met"), (ICON_WARNING, "seat-rule-not-met")):
            document.addResource(
                QTextDocument.ResourceType.ImageResource,
                QUrl(url),
                resources.pixmap(name, 16, ratio).toImage(),
            )

    def open(self, context: PageContext) -> None:
        self._runner, self._session = context.runner, context.session
        self.reload()

    def reload(self) -> None:
        if self._runner is None or self._session is None:
            return
        service = self._session.dashboard
        self._runner.run(service.dashboard, self.set_dashboard, channel="dashboard", owner=self)

    def dashboard(self) -> Dashboard | None:
        return self._board

    def set_dashboard(self, board: Dashboard) -> None:
        self._board = board
        self.facts.setText(
            f"Figures for {long_date(board.on)}. Overdue actions are those due before "
            "today and neither done nor dropped; the next meeting is the first not "
            "cancelled from today."
        )
        scroll = self.text.verticalScrollBar().value()
        self.text.setHtml(dashboard_html(board))
        self.text.verticalScrollBar().setValue(scroll)
        self.loaded.emit()

    def _follow(self, url: QUrl) -> None:
        target = url.toString()
        if target.startswith("#"):
            self.text.scrollToAnchor(target[1:])
            return
        kind, _, target_id = target.partition(":")
        if kind == "group":
            self.group_requested.emit(target_id)
        elif kind == "milestone":
            self.edit_milestone(target_id)

    def edit_milestone(self, milestone_id: str) -> None:
        """Open a milestone's dialog; the figures refresh when it is saved."""
        if self._runner is None or self._session is None:
            return

        def opened(dialog: QDialog) -> None:
            self.dialog = dialog

        open_milestone_dialog(
            self._runner, self._session, milestone_id, self.window(),
            lambda _milestone: self.reload(), opened,
        )
