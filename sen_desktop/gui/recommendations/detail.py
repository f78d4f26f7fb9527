"""A recommendation's details as people read them: the front facts, the approved version
beside the changes since, the history of decisions and the pathway.

Plain functions from the core's records to rich text (and to the one-line decision the
minutes show), so the page, the minutes view and the tests read the same words.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.recommendations.records import (
    REASON_EARLIER_SCHEME,
    TIER_LABELS,
    EventView,
    FutureStep,
    PathwayStep,
    RecommendationDetail,
    RecommendationRecord,
)
from sen_desktop.gui.common.models import format_date, format_long_date

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable

APPROVAL_ONLY = (
    "The approval applies to the approved version only; these changes have not been approved."
)
VERIFIED_MARK = "✔"
NOT_VERIFIED_MARK = "✖"
EARLIER_SCHEME_MARK = "⚠"
RESIGN_NOTE = "this laptop is certified as the chair's: use Re-sign as chair…"
SIGN_NOTE = "this laptop is certified as the chair's: use Sign as chair…"
_UNCOUNTED_FLAGS = (rs.FLAG_INVALID, rs.FLAG_CONFLICT, rs.FLAG_REPEAT, rs.FLAG_DUPLICATE_ID)
_NO_BODY = frozenset({rs.T_SUBMITTED_TO_SG, rs.T_SUBMITTED_TO_SMT, rs.T_WITHDRAWN,
                      rs.T_IMPLEMENTED})


def _html(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def _the(body: str) -> str:
    """ "the Strategy Steering Group", but "SMT and Members"."""
    return body if body.startswith("SMT") else f"the {body}"


def step_phrase(event: EventView) -> str:
    """ "Endorsed by the Strategy Steering Group", "Submitted to Steering Group" …"""
    if event.transition in _NO_BODY or not event.body_name:
        return event.transition_label
    if event.transition == rs.T_AGREED:
        return f"Agreed by {_the(event.body_name)}"
    return f"{event.transition_label} by {_the(event.body_name)}"


def earlier_scheme(event: EventView) -> bool:
    """Signed under the passphrase scheme: shown, never counted, until re-signed."""
    return event.signed and event.reason == REASON_EARLIER_SCHEME


def verification_text(event: EventView, signable: Collection[str] = ()) -> str:
    """Whether a step's signature counts, in words (with a mark, never colour alone):
    "✔ Verified", "✖ Not verified — <reason>", "⚠ Not counted — signed under the
    earlier scheme — ask the chair to re-sign", "Not needed" (steps no chair signs);
    whether this laptop may sign it (``signable``: event ids); and, for a step that
    did not count, why."""
    if earlier_scheme(event):
        words = f"{EARLIER_SCHEME_MARK} Not counted — {event.reason}"
        if event.id in signable:
            words += f"; {RESIGN_NOTE}"
    elif event.transition in rs.SIGNED_TRANSITIONS or event.signed:
        words = (f"{VERIFIED_MARK} Verified" if event.verified
                 else f"{NOT_VERIFIED_MARK} Not verified — {event.reason}")
        if event.id in signable:
            words += f"; {SIGN_NOTE}"
    else:
        words = "Not needed"
    if not event.applied and event.flag in _UNCOUNTED_FLAGS:
        words += f"; did not count: {event.flag_message}"
    return words


def decision_line(event: EventView) -> str:
    """How the minutes view shows a step taken at the meeting:
    "DECISION: Endorsed by the Strategy Steering Group (signed by Sam Chair, verified)"."""
    line = f"DECISION: {step_phrase(event)}"
    if event.transition == rs.T_REFERRED_BACK and event.note:
        line += f" — {event.note}"
    if event.transition in rs.SIGNED_TRANSITIONS or event.signed:
        who = event.by_name or "the chair"
        if not event.signed or earlier_scheme(event):
            line += f" ({event.reason}, so it does not count yet)"
        elif event.verified:
            line += f" (signed by {who}, verified)"
        else:
            line += f" (signed by {who}, not verified — {event.reason})"
    elif event.by_name:
        line += f" (recorded for {event.by_name})"
    if not event.applied and event.flag in _UNCOUNTED_FLAGS:
        line += f". It did not count: {event.flag_message}"
    return line


def pending_signature(
    detail: RecommendationDetail, signable: Collection[str]
) -> EventView | None:
    """The latest chair's decision this laptop may sign now (``signable``, from
    ``RecommendationService.signable_events``): recorded unsigned for a chair this
    laptop is certified for, or signed under the earlier scheme and to be re-signed."""
    for event in reversed(detail.events):
        if event.id in signable and event.by_id:
            return event
    return None


def where_text(event: EventView, with_date: bool = True) -> str:
    """ "SG meeting 3, 1 October 2010, minute 12" ("SG meeting 3, minute 12" without
    the date), or the body for SMT and Members."""
    meeting = event.meeting_label if with_date else event.meeting_label.split(",")[0]
    parts = [meeting] if meeting else []
    if event.minute_number:
        parts.append(f"minute {event.minute_number}")
    if not parts and event.body_id:
        parts.append(event.body_name)
    return ", ".join(parts) or "—"


def districts_text(record: RecommendationRecord) -> str:
    return ", ".join(record.districts) if record.districts else "County-wide"


def _fact(label: str, value: str, empty: str = "None stated") -> str:
    shown = _html(value) if value.strip() else f"<i>{empty}</i>"
    return f"<tr><td class='label'>{escape(label)}</td><td>{shown}</td></tr>"


_STYLE = (
    "<style>"
    "td { padding: 2px 10px 2px 0px; vertical-align: top; }"
    "td.label { font-weight: 600; white-space: nowrap; color: #333d4a; }"
    "th { text-align: left; padding: 3px 10px 3px 0px; background: #e9edf1; }"
    "h3 { margin-bottom: 2px; } h4 { margin-top: 12px; margin-bottom: 4px; }"
    "p.warning { color: #a4000f; font-weight: 600; }"
    "</style>"
)


def details_html(detail: RecommendationDetail) -> str:
    """The front facts: what it recommends, for whom and where, and its implications;
    above them, when the text changed after a chair's decision, the approved version
    beside the current one."""
    r = detail.record
    allowed = ", ".join(rs.transition_label(t) for t in detail.allowed) or "none (final)"
    parts = [
        _STYLE,
        f"<h3>{escape(r.reference)} · {escape(r.title)}</h3>",
        f"<p><b>State:</b> {escape(detail.state_label)}<br>"
        f"<b>Next steps allowed:</b> {escape(allowed)}</p>",
    ]
    if detail.changed_since_approval:
        parts.append(changes_html(detail))
    remit = "\n".join(f"{p.position}. {p.text}" for p in r.remit)
    tier = TIER_LABELS.get(r.tier, r.tier) if r.tier else ""
    key = "Yes" if r.key_decision else "No"
    if r.decision_no:
        key += f" (decision no. {r.decision_no})"
    rows = [
        _fact("Reference", r.reference),
        _fact("Group", r.group_name),
        _fact("Dimension of need", r.dimension or "", "Not stated"),
        _fact("Tier of provision", tier, "Not stated"),
        _fact("Districts", districts_text(r)),
        _fact("Remit points answered", remit, "None chosen yet"),
        _fact("Key decision", key),
    ]
    parts.append("<table>" + "".join(rows) + "</table>")
    parts.append("<h4>Recommendation</h4>")
    parts.append(f"<p>{_html(r.text) or '<i>No text yet.</i>'}</p>")
    parts.append("<h4>Rationale and evidence</h4>")
    parts.append(f"<p>{_html(r.rationale) or '<i>None stated.</i>'}</p>")
    parts.append("<h4>Implications</h4>")
    parts.append(
        "<table>"
        + _fact("Financial", r.financial)
        + _fact("Legal", r.legal)
        + _fact("Equality", r.equality)
        + _fact("Data protection", r.data_protection)
        + "</table>"
    )
    parts.append("<h4>Reference group's view</h4>")
    parts.append(f"<p>{_html(r.reference_group_view) or '<i>Not yet given.</i>'}</p>")
    return "".join(parts)


def changes_html(detail: RecommendationDetail) -> str:
    """ "Approved version" and "Changes since approval" side by side, field by field."""
    decided = rs.transition_label(detail.approved_transition or "")
    parts = [
        f"<h4>Changed since it was {escape(decided.lower())}</h4>",
        f"<p class='warning'>{escape(APPROVAL_ONLY)}</p>",
    ]
    if not detail.approved_version_found:
        parts.append(
            "<p>The approved version is not in this laptop's history, so the changes "
            "cannot be shown field by field.</p>"
        )
        return "".join(parts)
    rows = "".join(
        f"<tr><td class='label'>{escape(c.label)}</td><td>{_html(c.approved) or '—'}</td>"
        f"<td>{_html(c.current) or '—'}</td></tr>"
        for c in detail.changes_since_approval
    )
    parts.append(
        "<table width='100%' cellspacing='0'>"
        "<tr><th>Field</th><th>Approved version</th><th>Changes since approval</th></tr>"
        f"{rows}</table>"
    )
    return "".join(parts)


def history_html(detail: RecommendationDetail, signable: Collection[str] = ()) -> str:
    """The decisions in order (each verified or not, in words, and whether this laptop
    may sign it), anything that needs attention, then the Past and Future Pathway."""
    parts = [_STYLE, "<h4 style='margin-top:0px'>History</h4>"]
    if detail.events:
        rows = "".join(
            "<tr>"
            f"<td>{format_date(e.date)}</td>"
            f"<td>{_html(e.transition_label)}"
            + (f"<br>by {_html(e.by_name)}" if e.by_name else "")
            + (f"<br><i>{_html(e.note)}</i>" if e.note else "")
            + "</td>"
            f"<td>{_html(where_text(e, with_date=False))}</td>"
            f"<td>{_html(verification_text(e, signable))}</td>"
            "</tr>"
            for e in detail.events
        )
        parts.append(
            "<table width='100%' cellspacing='0'><tr><th width='18%'>Date</th>"
            "<th width='28%'>Step</th><th width='22%'>Where</th>"
            f"<th width='32%'>Signature</th></tr>{rows}</table>"
        )
    else:
        parts.append("<p><i>Nothing has happened to it yet: it is a draft.</i></p>")
    if detail.in_conflict:
        parts.append(
            "<p class='warning'>Two decisions contradict each other; the earlier one "
            "stands until someone resolves it.</p>"
        )
    parts.append("<h4>Past Pathway</h4>")
    parts.append(_lines(past_lines(detail.past_pathway), "Not yet considered by any body."))
    parts.append("<h4>Future Pathway</h4>")
    parts.append(_lines(future_lines(detail.future_pathway), "No further bodies to consider it."))
    return "".join(parts)


def past_lines(steps: Iterable[PathwayStep]) -> list[str]:
    """ "BESD Working Group, 14 September 2010, minute 5: Agreed by working group"."""
    lines = []
    for step in steps:
        minute = f", minute {step.minute_number}" if step.minute_number else ""
        lines.append(f"{step.body}, {format_long_date(step.date)}{minute}: {step.outcome}")
    return lines


def future_lines(steps: Iterable[FutureStep]) -> list[str]:
    """ "Strategy Steering Group, to endorse: on the agenda for 2 November 2010"."""
    lines = []
    for step in steps:
        when = (f"on the agenda for {format_long_date(step.date)}" if step.date
                else "not yet on an agenda")
        lines.append(f"{step.body}, {step.purpose}: {when}")
    return lines


def _lines(lines: list[str], empty: str) -> str:
    if not lines:
        return f"<p><i>{escape(empty)}</i></p>"
    return "<ul style='margin-top:0px'>" + "".join(f"<li>{escape(x)}</li>" for x in lines) + "</ul>"
