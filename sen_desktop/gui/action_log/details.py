"""The chosen action below the log: what, who, when, its rating and progress updates, and
its history, as rich text for the Details and History panes."""

from __future__ import annotations

from html import escape

from sen_desktop.core.actions.records import (
    BRAG_LABELS,
    BRAG_MEANINGS,
    STATUS_LABELS,
    ActionDetail,
)
from sen_desktop.gui.action_log.model import BRAG_COLOURS
from sen_desktop.gui.common.models import format_date


def detail_html(detail: ActionDetail) -> str:
    """The chosen action as rich text: what, who, when, rating, then progress updates."""
    a = detail.action
    swatch = (
        f"<span style='background-color:{BRAG_COLOURS.get(a.brag, '#fff')}'>"
        "&nbsp;&nbsp;&nbsp;&nbsp;</span>"
    )
    rating = f"{BRAG_LABELS.get(a.brag, a.brag)} ({BRAG_MEANINGS.get(a.brag, '')})"
    due = format_date(a.due_date) if a.due_date else "no due date"
    if a.overdue:
        due = f"<b>{due} (overdue)</b>"
    parts = [
        f"<h3 style='margin-bottom:4px'>{escape(a.reference)} · "
        f"{escape(STATUS_LABELS.get(a.status, a.status))} · {swatch} {escape(rating)}</h3>",
        f"<p>{_paragraphs(a.description)}</p>",
        "<p>"
        f"<b>Group:</b> {escape(detail.group_name)}<br>"
        f"<b>Raised at:</b> {escape(a.raised_at or 'between meetings')}<br>"
        f"<b>Owner:</b> {escape(a.owner or 'no owner yet')}<br>"
        f"<b>Due:</b> {due}"
        "</p>",
    ]
    if a.brag_comment:
        parts.append(f"<p><b>Reason for the rating:</b> {_paragraphs(a.brag_comment)}</p>")
    parts.append("<h4 style='margin-bottom:2px'>Progress updates</h4>")
    if detail.updates:
        items = []
        for update in detail.updates:
            where = f" at {escape(update.meeting_label)}" if update.meeting_label else ""
            by = f" ({escape(update.by_name)})" if update.by_name else ""
            items.append(
                f"<li><b>{format_date(update.on)}</b>{where}{by}: {_paragraphs(update.text)}</li>"
            )
        parts.append("<ul style='margin-top:0px'>" + "".join(items) + "</ul>")
    else:
        parts.append("<p>No progress updates yet.</p>")
    return "".join(parts)


def history_html(detail: ActionDetail) -> str:
    """The action's history, oldest first, one line a change."""
    lines = "".join(f"<li>{escape(line)}</li>" for line in detail.history)
    return f"<ul style='margin-left:-20px'>{lines}</ul>"


def _paragraphs(text: str) -> str:
    return escape(text).replace("\n", "<br>")
