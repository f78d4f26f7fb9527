"""The action log in words: ratings as a paper prints them, references to meetings, and
the sentence a meeting's minutes give the log it reviewed. Plain functions, no store.

A paper is "as at" its meeting's or pack's date, never the day it is generated
(docs/formats.md, "House style"), so these take the date; ``ActionRecord.overdue`` is
the window's view, as at today.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sen_desktop.core import dates
from sen_desktop.core.actions.records import OPEN_STATUSES

if TYPE_CHECKING:
    import datetime as dt


def overdue_on(due: dt.date | None, status: str, on: dt.date) -> bool:
    """Due before ``on`` and still open or in progress."""
    return due is not None and due < on and status in OPEN_STATUSES


def printed_brag(status: str, brag: str, due: dt.date | None, on: dt.date) -> str:
    """The rating a paper prints for an action as at ``on`` (docs/formats.md, "Action log"):

    - done is Blue (complete) and dropped is "dropped" (shown as Dropped, never Grey,
      which means not started), whatever rating was last given;
    - an open action past its due date is off track: Red, even if it was last rated
      Green (on track) or Grey (not started) — the two cannot both be true; an Amber
      rating (at risk) already flags it and stands;
    - otherwise the rating given; a new action is Grey until someone rates it.
    """
    if status == "done":
        return "blue"
    if status == "dropped":
        return "dropped"
    if overdue_on(due, status, on) and brag in ("green", "grey", "blue"):
        return "red"
    return brag


def _count(n: int, verb_one: str, verb_many: str) -> str:
    return f"{n} {verb_one if n == 1 else verb_many}"


def review_sentence(reviewed: int, updated: int, done: int, dropped: int) -> str:
    """What the matters-arising minute says of the action log reviewed at a meeting:
    "The group reviewed 12 open actions; progress was reported on 9. Of these, 5 were
    completed and 1 was dropped; 6 remain open and are carried forward." Counts of nought are
    left out rather than printed ("0 closed")."""
    if reviewed == 0:
        return "There were no open actions from previous meetings."
    noun = "open action" if reviewed == 1 else "open actions"
    text = f"The group reviewed {reviewed} {noun}"
    if updated == 0:
        text += "; no progress was reported."
    elif updated == reviewed:
        text += "; progress was reported on " + ("it." if reviewed == 1 else "each.")
    else:
        text += f"; progress was reported on {updated}."
    closed = []
    if done:
        closed.append(_count(done, "was completed", "were completed"))
    if dropped:
        closed.append(_count(dropped, "was dropped", "were dropped"))
    still = reviewed - done - dropped
    if closed:
        lead = " Of these, " if reviewed > 1 else " It "
        text += lead + " and ".join(closed).removeprefix("1 " if reviewed == 1 else "")
        if still:
            text += "; " + _count(still, "remains open and is", "remain open and are")
            text += " carried forward."
        else:
            text += "."
    elif still:
        text += " " + ("It remains open." if still == 1 else "All remain open.")
    return text


def short_date(day: dt.date) -> str:
    """ "8 Sep 2010" (core/dates.py writes every date the window shows)."""
    return dates.short_date(day)


def meeting_label(code: str, number: int | None, day: dt.date | None) -> str:
    """ "SG meeting 3 (8 Sep 2010)"."""
    text = f"{code} meeting {number}" if number is not None else f"{code} meeting"
    return f"{text} ({short_date(day)})" if day is not None else text


def raised_at_text(
    code: str,
    number: int | None,
    day: dt.date | None,
    minute_number: int | None,
    position: int | None,
) -> str:
    """ "SG meeting 3 (8 Sep 2010), minute 12", or "…, item 5" before minutes are numbered."""
    text = meeting_label(code, number, day)
    if minute_number is not None:
        return f"{text}, minute {minute_number}"
    if position is not None:
        return f"{text}, item {position}"
    return text
