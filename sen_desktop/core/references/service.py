"""Renumbering clashing references, and the service the window and command line use.

A clash (core/references/detection.py) is cleared by giving each unpublished row after
the first the next free number of its group, in the range the number already belongs to
(core/references/allocation.py), as an ordinary change the operation log captures. Two
published rows are never renumbered by the program: a person chooses (``renumber_row``).
Minute numbers move by recounting the group's unpublished meetings from the earliest one
in the clash (in date order, following on from the meeting before, as
``meetings.chain.refresh_chain`` numbers them). Renumbering a meeting recounts minute
numbers from its date (the chain orders meetings of one day by number); renumbering a
recommendation renames its agenda items on unpublished agendas ("BESD-R3: …"). Papers
already issued keep their numbers, and recorded decisions keep the minute number they
were made under (they are signed).

``ReferenceService`` gives the window and the command line each of these in one
transaction of its own; the functions below take a session for callers already inside
one (an import, the integrity check).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from sen_desktop.core.errors import NotFoundError, ValidationError
from sen_desktop.core.meetings.records import FROZEN_STATUSES
from sen_desktop.core.references.allocation import (
    check_writable,
    laptop_names,
    may_write,
    next_action_number,
    next_meeting_number,
    next_recommendation_number,
)
from sen_desktop.core.references.detection import find_clashes
from sen_desktop.core.references.records import (
    ACTION,
    KINDS,
    MEETING,
    MINUTES,
    RECOMMENDATION,
    Clash,
    ClashReport,
    Renumbered,
    band_of,
    span,
)
from sen_desktop.core.store.models import Action, AgendaItem, Group, Meeting, Recommendation
from sen_desktop.core.store.rows import live_row

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

MEETING_GONE = "This meeting no longer exists; it may have been removed."
CHOOSE_KIND = "Choose what to renumber: meeting, minutes, action or recommendation."


def _recount_minutes(s: Session, group_id: str, since: dt.date) -> None:
    """Number the minutes of the group's unpublished meetings from ``since`` on, each
    following on from the meeting before (the numbering of ``refresh_chain``)."""
    from sen_desktop.core.meetings.chain import live_items

    s.flush()
    chain = s.execute(
        select(Meeting.id, Meeting.date, Meeting.status)
        .where(
            Meeting.group_id == group_id,
            Meeting.deleted.is_(False),
            Meeting.status != "cancelled",
        )
        .order_by(Meeting.date, Meeting.number, Meeting.id)
    ).all()
    for index, (meeting_id, day, status) in enumerate(chain):
        if day < since or status in FROZEN_STATUSES:
            continue
        last = 0
        if index:
            last = (
                s.scalar(
                    select(func.max(AgendaItem.minute_number)).where(
                        AgendaItem.meeting_id == chain[index - 1][0],
                        AgendaItem.deleted.is_(False),
                    )
                )
                or 0
            )
        for number, item in enumerate(live_items(s, meeting_id), start=last + 1):
            if item.minute_number != number:
                item.minute_number = number
        s.flush()


def _renumber_meeting(s: Session, row_id: str) -> Renumbered:
    meeting = live_row(s, Meeting, row_id, MEETING_GONE)
    group = s.get(Group, meeting.group_id)
    assert group is not None
    check_writable(s, group.code)
    old = meeting.number
    new = next_meeting_number(s, group, band_of(old))
    meeting.number = new
    s.flush()
    _recount_minutes(s, group.id, meeting.date)
    return Renumbered(MEETING, row_id, f"{group.code} {old}", f"{group.code} {new}")


def _renumber_action(s: Session, row_id: str) -> Renumbered:
    action = live_row(s, Action, row_id, "This action no longer exists; it may have been removed.")
    group = s.get(Group, action.group_id)
    assert group is not None
    check_writable(s, group.code)
    prefix, _, tail = action.reference.rpartition("-")
    old_number = int(tail) if tail.isdigit() else 0
    prefix = prefix or group.code
    new = f"{prefix}-{next_action_number(s, group, band_of(old_number))}"
    old = action.reference
    action.reference = new
    s.flush()
    return Renumbered(ACTION, row_id, old, new)


def _renumber_recommendation(s: Session, row_id: str) -> Renumbered:
    rec = live_row(
        s, Recommendation, row_id, "This recommendation no longer exists; it may have been removed."
    )
    group = s.get(Group, rec.group_id)
    assert group is not None
    check_writable(s, group.code)
    match = re.fullmatch(r"(.*)-R(\d+)", rec.reference)
    prefix = match.group(1) if match else group.code
    old_number = int(match.group(2)) if match else 0
    new = f"{prefix}-R{next_recommendation_number(s, group, band_of(old_number))}"
    old = rec.reference
    rec.reference = new
    s.flush()
    # Agenda items on agendas not yet published carry the reference in their title;
    # only those of groups this laptop may write (the Steering Group's agenda may not
    # be: that title stays for its secretary to change).
    writes = may_write(s)
    items = s.execute(
        select(AgendaItem, Group.code)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .join(Group, Group.id == Meeting.group_id)
        .where(
            AgendaItem.recommendation_id == rec.id,
            AgendaItem.deleted.is_(False),
            Meeting.status.not_in(sorted(FROZEN_STATUSES)),
        )
    ).all()
    for item, code in items:
        if item.title.startswith(f"{old}:") and writes(code):
            item.title = new + item.title[len(old) :]
    s.flush()
    return Renumbered(RECOMMENDATION, row_id, old, new)


def renumber_row(s: Session, kind: str, row_id: str) -> Renumbered:
    """Give one row the next free number of its group's range (a person's decision: a
    published row too). For ``minutes``, ``row_id`` is a meeting: its minutes and those
    of the unpublished meetings after it are recounted."""
    if kind == MEETING:
        return _renumber_meeting(s, row_id)
    if kind == ACTION:
        return _renumber_action(s, row_id)
    if kind == RECOMMENDATION:
        return _renumber_recommendation(s, row_id)
    if kind == MINUTES:
        meeting = live_row(s, Meeting, row_id, MEETING_GONE)
        group = s.get(Group, meeting.group_id)
        code = group.code if group is not None else ""
        check_writable(s, code)
        before = _minute_span(s, meeting.id)
        _recount_minutes(s, meeting.group_id, meeting.date)
        return Renumbered(
            MINUTES,
            row_id,
            f"{code} {meeting.number} minutes {before}",
            f"{code} {meeting.number} minutes {_minute_span(s, meeting.id)}",
        )
    raise ValidationError(CHOOSE_KIND, field="kind")


def _minute_span(s: Session, meeting_id: str) -> str:
    numbers = [
        n
        for n in s.scalars(
            select(AgendaItem.minute_number).where(
                AgendaItem.meeting_id == meeting_id,
                AgendaItem.deleted.is_(False),
                AgendaItem.minute_number.is_not(None),
            )
        )
        if n is not None
    ]
    return span(numbers) if numbers else "none"


def resolve(s: Session, clash: Clash) -> list[Renumbered]:
    """Clear one clash by renumbering its unpublished rows (``Clash.movers``), as the
    clash stands now in this session (a stale one is looked up again by its key).
    A clash that needs a person is refused in one sentence."""
    current = next((c for c in find_clashes(s, [clash.kind]) if c.key == clash.key), None)
    if current is None:
        return []
    check_writable(s, current.group_code)
    if current.needs_person:
        raise ValidationError(
            "Both have been published, so they are not renumbered automatically; choose "
            "the one to renumber yourself."
        )
    if current.kind == MINUTES:
        first = min(current.movers, key=lambda r: (r.when or dt.date.min, r.number, r.row_id))
        return [renumber_row(s, MINUTES, first.row_id)]
    return [renumber_row(s, current.kind, r.row_id) for r in current.movers]


def resolve_all(s: Session) -> list[Renumbered]:
    """Clear every clash the program may clear, in a fixed order (meetings first, since
    their order decides minute numbers, then minutes, actions, recommendations): two
    laptops holding the same rows reach the same numbers. Clashes needing a person
    stay; ``find_clashes`` still lists them."""
    done: list[Renumbered] = []
    for kind in KINDS:
        # Each renumbering may change what clashes next (minutes after meetings), so
        # look again after each; a clash tried once is not tried again.
        tried: set[tuple[str, str, str]] = set()
        while True:
            automatic = [c for c in find_clashes(s, [kind]) if c.automatic and c.key not in tried]
            if not automatic:
                break
            tried.add(automatic[0].key)
            done += [d for d in resolve(s, automatic[0]) if d.old != d.new]
    return done


def find_clash(s: Session, kind: str, reference: str) -> Clash:
    """The standing clash a person named on the command line: ``meeting "BESD 12"``
    (or ``BESD/M12``), ``minutes BESD`` (or ``"BESD 150"``), ``action SG-14``,
    ``recommendation BESD-R3``."""
    if kind not in KINDS:
        raise ValidationError(CHOOSE_KIND, field="kind")
    wanted = " ".join(reference.replace("/M", " ").split()).casefold()
    for clash in find_clashes(s, [kind]):
        if kind == MINUTES:
            code, _, number = wanted.partition(" ")
            if code != clash.group_code.casefold():
                continue
            if not number or _in_span(number, clash.reference):
                return clash
        elif wanted in (clash.reference.casefold(), clash.reference.replace(" ", "").casefold()):
            return clash
    raise NotFoundError(f"No clash of {kind} {reference} stands now; nothing to renumber.")


def _in_span(number: str, reference: str) -> bool:
    if not number.isdigit():
        return False
    n = int(number)
    for low, _, high in re.findall(r"(\d+)(–(\d+))?", reference.rpartition(" minutes ")[2]):
        top = int(high) if high else int(low)
        if int(low) <= n <= top:
            return True
    return False


class ReferenceService:
    """Clashing references for the window and the command line, one transaction each."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory

    def report(self) -> ClashReport:
        """Every clash standing now, with the names of the laptops that made the rows."""
        with self._sf() as s:
            return ClashReport(tuple(find_clashes(s)), laptop_names(s))

    def resolve_all(self) -> list[Renumbered]:
        """Renumber every clashing row the program may (``resolve_all``)."""
        with self._sf.begin() as s:
            return resolve_all(s)

    def resolve(self, key: tuple[str, str, str]) -> list[Renumbered]:
        """Clear the clash with this ``Clash.key`` as it stands now; nothing when it no
        longer clashes. Refused when it needs a person to choose."""
        with self._sf.begin() as s:
            current = next((c for c in find_clashes(s, [key[0]]) if c.key == key), None)
            return resolve(s, current) if current is not None else []

    def renumber_row(self, kind: str, row_id: str) -> Renumbered:
        """A person's choice: give this row the next free number, published or not."""
        with self._sf.begin() as s:
            return renumber_row(s, kind, row_id)

    def renumber(self, kind: str, reference: str, choose: int | None = None) -> list[Renumbered]:
        """Clear the clash a person named (``find_clash``): its unpublished rows, or with
        ``choose`` the n-th of its rows as ``report`` lists them, published or not."""
        with self._sf.begin() as s:
            clash = find_clash(s, kind, reference)
            if choose is None:
                if clash.needs_person:
                    raise ValidationError(
                        f"{clash.reference} is published more than once, so choose the row "
                        "to renumber with --choose N (as `sen-desktop references` lists them)."
                    )
                return resolve(s, clash)
            if not 1 <= choose <= len(clash.rows):
                raise ValidationError(
                    f"Choose a row from 1 to {len(clash.rows)} for {clash.reference}."
                )
            return [renumber_row(s, clash.kind, clash.rows[choose - 1].row_id)]
