"""Finding clashing references: one grouped SQL query per kind, then the few rows.

References a person reads are unique per group (issue 10, "Clashing references"). The
tables hold no UNIQUE constraint (two laptops apart may each make "BESD 12" and the
merge must hold both), so this module finds such clashes and puts each clash's rows in
the order that says which row moves; core/references/service.py renumbers it.

**What clashes.** Live (not removed) rows only:
- ``meeting``: two meetings of a group with the same number (cancelled ones included:
  a cancelled meeting keeps its number);
- ``minutes``: one minute number used at two meetings of a group (cancelled meetings
  left out: their items are not minuted); one clash per set of meetings sharing numbers;
- ``action``: two actions of a group with the same reference;
- ``recommendation``: two recommendations of a group with the same reference.
Detection is one grouped SQL query per kind; only the few clashing rows are read further.

**Published** (its number has left the laptop on paper; it never changes by itself):
- a meeting: its minutes are circulated or confirmed, or a minutes paper
  ("BESD/M12") was issued for it;
- minute numbers: the meeting's minutes are circulated or confirmed (from then on the
  meeting chain fixes them too; a draft minutes paper does not fix them);
- an action: the minutes of the meeting that raised it are circulated or confirmed, or
  an action log paper of its group (or of all groups) was issued for it;
- a recommendation: a recommendation paper with its reference was issued for it, or
  it has gone past its working group (any decision other than agreed, referred back
  or withdrawn: the Steering Group knows it by its reference).
A paper is "for" the rows of a clash made before it (by the hybrid logical clocks of
their first operations): only the one made on the laptop that issued the paper, if
there is one; else each of them (the paper could be about any), so in doubt a person
decides.

**Which row moves.** The rows are ordered published first, then by the stamp (HLC) of
the operation that made each row, then its site id, then row id: a total order every
laptop computes alike. The first row keeps its reference; every other unpublished row
takes the next free number of the group, in that order. Two published rows are never
renumbered by the program: the clash stays listed for a person to decide
(``renumber_row``). Because the order and "next free number" depend only on the rows,
two laptops that hold the same rows and resolve apart write the same numbers, and the
exchange that follows leaves one value. Minute numbers follow the meetings' dates, so a
minutes clash is cleared by counting the unpublished meetings again; when counting again
would still clash (say an unpublished meeting dated before a published one), the clash is
listed for a person too (``Clash.chain_blocked``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import and_, func, select

from sen_desktop.core.meetings.records import FROZEN_STATUSES
from sen_desktop.core.references.allocation import may_write
from sen_desktop.core.references.minute_chain import minute_chains, recount_blocked
from sen_desktop.core.references.records import (
    ACTION,
    KINDS,
    MEETING,
    MINUTES,
    RECOMMENDATION,
    Clash,
    ClashRow,
    short,
    span,
)
from sen_desktop.core.store.models import (
    Action,
    AgendaItem,
    Group,
    Meeting,
    Operation,
    Paper,
    Recommendation,
    RecommendationEvent,
)
from sen_desktop.core.validation import uk_date

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from sqlalchemy.orm import Session

#: Recommendation decisions that keep it within its working group (not yet published).
_WITHIN_GROUP: Final = frozenset({"agreed", "referred_back", "withdrawn"})
_CHUNK: Final = 500  # ids per IN (...) list


def chunks(ids: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _made(s: Session, entity: str, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """(HLC, site) of the operation that made each row: its first one."""
    out: dict[str, tuple[str, str]] = {}
    wanted = sorted(set(ids))
    for part in chunks(wanted):
        first = (
            select(
                Operation.row_id,
                Operation.hlc,
                Operation.site_id,
                func.row_number()
                .over(
                    partition_by=Operation.row_id,
                    order_by=(Operation.hlc, Operation.site_id, Operation.counter),
                )
                .label("n"),
            )
            .where(Operation.entity == entity, Operation.row_id.in_(part))
            .subquery()
        )
        for row_id, hlc, site in s.execute(
            select(first.c.row_id, first.c.hlc, first.c.site_id).where(first.c.n == 1)
        ):
            out[str(row_id)] = (str(hlc), str(site))
    return out


@dataclass(frozen=True, slots=True)
class _Issued:
    hlc: str
    site: str
    reference: str


def _papers(s: Session, kind: str, references: Iterable[str]) -> dict[str, list[_Issued]]:
    refs = sorted(set(references))
    if not refs:
        return {}
    rows = s.execute(
        select(Paper.id, Paper.reference).where(
            Paper.deleted.is_(False), Paper.kind == kind, Paper.reference.in_(refs)
        )
    ).all()
    made = _made(s, "paper", [str(r[0]) for r in rows])
    out: dict[str, list[_Issued]] = defaultdict(list)
    for paper_id, reference in rows:
        hlc, site = made.get(str(paper_id), ("", ""))
        out[str(reference)].append(_Issued(hlc, site, str(reference)))
    return out


def _paper_counts(paper: _Issued, rows: Sequence[tuple[str, tuple[str, str]]]) -> set[str]:
    """The row ids (with their (hlc, site) made stamps) that ``paper`` is for."""
    before = [(rid, made) for rid, made in rows if not paper.hlc or made[0] < paper.hlc]
    own = [rid for rid, made in before if made[1] == paper.site]
    return set(own) if own else {rid for rid, _ in before}


def _order(rows: list[ClashRow]) -> tuple[ClashRow, ...]:
    return tuple(sorted(rows, key=lambda r: (not r.published, r.made_hlc, r.made_site, r.row_id)))


def _group_codes(s: Session, group_ids: Iterable[str]) -> dict[str, str]:
    ids = sorted(set(group_ids))
    if not ids:
        return {}
    return {
        str(i): str(c) for i, c in s.execute(select(Group.id, Group.code).where(Group.id.in_(ids)))
    }


def _meeting_clashes(s: Session) -> list[Clash]:
    m = Meeting
    dup = (
        select(m.group_id.label("g"), m.number.label("n"))
        .where(m.deleted.is_(False))
        .group_by(m.group_id, m.number)
        .having(func.count() > 1)
        .subquery()
    )
    found = s.execute(
        select(m.id, m.group_id, m.number, m.date, m.status)
        .join(dup, and_(dup.c.g == m.group_id, dup.c.n == m.number))
        .where(m.deleted.is_(False))
    ).all()
    if not found:
        return []
    codes = _group_codes(s, (r.group_id for r in found))
    made = _made(s, "meeting", (r.id for r in found))
    by_key: dict[tuple[str, int], list[Any]] = defaultdict(list)
    for row in found:
        by_key[(row.group_id, row.number)].append(row)
    papers = _papers(s, "minutes", (f"{codes.get(g, '')}/M{n}" for g, n in by_key))
    out = []
    for (group_id, number), rows in by_key.items():
        code = codes.get(group_id, "")
        stamps = [(r.id, made.get(r.id, ("", ""))) for r in rows]
        issued: dict[str, str] = {}
        for paper in papers.get(f"{code}/M{number}", []):
            for rid in _paper_counts(paper, stamps):
                issued.setdefault(rid, f"paper {paper.reference} was issued")
        items = []
        for r in rows:
            hlc, site = made.get(r.id, ("", ""))
            why = issued.get(r.id, "")
            if r.status in FROZEN_STATUSES:
                why = f"its minutes were {r.status}"
            items.append(
                ClashRow(
                    MEETING,
                    r.id,
                    f"{code} {number}",
                    f"the meeting of {uk_date(r.date)}",
                    hlc,
                    site,
                    bool(why),
                    why,
                    r.date,
                    int(r.number),
                )
            )
        out.append(Clash(MEETING, group_id, code, f"{code} {number}", _order(items)))
    return out


def _minutes_clashes(s: Session) -> list[Clash]:
    a, m = AgendaItem, Meeting
    live = and_(
        a.deleted.is_(False),
        m.deleted.is_(False),
        m.status != "cancelled",
        a.minute_number.is_not(None),
    )
    dup = (
        select(m.group_id.label("g"), a.minute_number.label("n"))
        .join(m, m.id == a.meeting_id)
        .where(live)
        .group_by(m.group_id, a.minute_number)
        .having(func.count(func.distinct(a.meeting_id)) > 1)
        .subquery()
    )
    found = s.execute(
        select(m.group_id, a.minute_number, m.id, m.date, m.number, m.status)
        .select_from(a)
        .join(m, m.id == a.meeting_id)
        .join(dup, and_(dup.c.g == m.group_id, dup.c.n == a.minute_number))
        .where(live)
        .distinct()
    ).all()
    if not found:
        return []
    meetings: dict[str, Any] = {}
    shared: dict[tuple[str, int], set[str]] = defaultdict(set)
    for row in found:
        meetings[row.id] = row
        shared[(row.group_id, int(row.minute_number))].add(row.id)
    # One clash per group and set of meetings sharing numbers.
    sets: dict[tuple[str, frozenset[str]], list[int]] = defaultdict(list)
    for (group_id, number), ids in shared.items():
        sets[(group_id, frozenset(ids))].append(number)
    codes = _group_codes(s, (g for g, _ in sets))
    made = _made(s, "meeting", meetings)
    chains = minute_chains(s, sorted({g for g, _ in sets}))
    out = []
    for (group_id, members), numbers in sets.items():
        code = codes.get(group_id, "")
        numbers_words = span(numbers)
        items = []
        for mid in sorted(members):
            r = meetings[mid]
            hlc, site = made.get(mid, ("", ""))
            frozen = r.status in FROZEN_STATUSES
            items.append(
                ClashRow(
                    MEETING,
                    mid,
                    f"{code} {r.number}",
                    f"the meeting of {uk_date(r.date)}",
                    hlc,
                    site,
                    frozen,
                    f"its minutes were {r.status}" if frozen else "",
                    r.date,
                    int(r.number),
                )
            )
        blocked = recount_blocked(chains.get(group_id, []), items)
        reference = f"{code} minutes {numbers_words}"
        out.append(Clash(MINUTES, group_id, code, reference, _order(items), blocked))
    return out


def _reference_clashes(s: Session, kind: str) -> list[Clash]:
    model: type[Action] | type[Recommendation] = Action if kind == ACTION else Recommendation
    dup = (
        select(model.group_id.label("g"), model.reference.label("r"))
        .where(model.deleted.is_(False))
        .group_by(model.group_id, model.reference)
        .having(func.count() > 1)
        .subquery()
    )
    if kind == ACTION:
        columns = (Action.meeting_id, Action.description)
    else:
        columns = (Recommendation.title, Recommendation.title)
    found = s.execute(
        select(model.id, model.group_id, model.reference, *columns)
        .join(dup, and_(dup.c.g == model.group_id, dup.c.r == model.reference))
        .where(model.deleted.is_(False))
    ).all()
    if not found:
        return []
    codes = _group_codes(s, (r[1] for r in found))
    made = _made(s, kind, (r[0] for r in found))
    ids = [str(r[0]) for r in found]
    reasons: dict[str, str] = {}
    if kind == ACTION:
        meeting_ids = sorted({str(r[3]) for r in found if r[3] is not None})
        frozen = (
            {
                str(i): str(st)
                for i, st in s.execute(
                    select(Meeting.id, Meeting.status).where(
                        Meeting.id.in_(meeting_ids), Meeting.status.in_(sorted(FROZEN_STATUSES))
                    )
                )
            }
            if meeting_ids
            else {}
        )
        for r in found:
            if r[3] is not None and str(r[3]) in frozen:
                reasons[str(r[0])] = f"the minutes that raised it were {frozen[str(r[3])]}"
        refs = {f"{codes.get(r[1], '')}/AL" for r in found} | {"ALL/AL"}
        papers = _papers(s, "action_log", refs)
    else:
        for part in chunks(ids):
            for rec_id, transition in s.execute(
                select(RecommendationEvent.recommendation_id, RecommendationEvent.transition)
                .where(
                    RecommendationEvent.recommendation_id.in_(part),
                    RecommendationEvent.deleted.is_(False),
                    RecommendationEvent.transition.not_in(sorted(_WITHIN_GROUP)),
                )
                .order_by(RecommendationEvent.at)
            ):
                reasons.setdefault(str(rec_id), f"it has gone to {transition.replace('_', ' ')}")
        papers = _papers(s, "recommendation", (str(r[2]) for r in found))
    by_key: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for row in found:
        by_key[(str(row[1]), str(row[2]))].append(row)
    out = []
    for (group_id, reference), rows in by_key.items():
        code = codes.get(group_id, "")
        stamps = [(str(r[0]), made.get(str(r[0]), ("", ""))) for r in rows]
        issued: dict[str, str] = {}
        wanted = [f"{code}/AL", "ALL/AL"] if kind == ACTION else [reference]
        for paper_ref in wanted:
            for paper in papers.get(paper_ref, []):
                for rid in _paper_counts(paper, stamps):
                    issued.setdefault(rid, f"paper {paper.reference} was issued")
        items = []
        for r in rows:
            rid = str(r[0])
            hlc, site = made.get(rid, ("", ""))
            why = reasons.get(rid) or issued.get(rid, "")
            label = (
                f"the action “{short(str(r[4]))}”"
                if kind == ACTION
                else f"the recommendation “{short(str(r[3]))}”"
            )
            items.append(ClashRow(kind, rid, reference, label, hlc, site, bool(why), why))
        out.append(Clash(kind, group_id, code, reference, _order(items)))
    return out


def _sort_key(clash: Clash) -> tuple[int, str, tuple[tuple[int, int | str], ...]]:
    parts = tuple(
        (0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"(\d+)", clash.reference) if p
    )
    return (KINDS.index(clash.kind), clash.group_code, parts)


def find_clashes(s: Session, kinds: Iterable[str] = KINDS) -> list[Clash]:
    """Every clash standing now, in a fixed order (kind, group, reference)."""
    wanted = set(kinds)
    out: list[Clash] = []
    if MEETING in wanted:
        out += _meeting_clashes(s)
    if MINUTES in wanted:
        out += _minutes_clashes(s)
    for kind in (ACTION, RECOMMENDATION):
        if kind in wanted:
            out += _reference_clashes(s, kind)
    if out:
        writes = may_write(s)
        out = [c if writes(c.group_code) else replace(c, writable=False) for c in out]
    out.sort(key=_sort_key)
    return out


def clashes_touching(s: Session, rows: Iterable[tuple[str, str]]) -> list[Clash]:
    """The clashes standing now that involve any of ``rows`` ((entity, row id) pairs,
    e.g. what an import just applied). An agenda item counts for its meeting.

    The clashes are found first (one grouped query per kind); the rows are only
    compared with the few clashing ones, so a 100,000-operation import costs no more."""
    touched: set[str] = set()
    items: set[str] = set()
    for entity, row_id in rows:
        if entity == "agenda_item":
            items.add(row_id)
        elif entity in (MEETING, ACTION, RECOMMENDATION):
            touched.add(row_id)
    if not touched and not items:
        return []
    clashes = find_clashes(s)
    meetings = sorted({r.row_id for c in clashes if c.entity_is_meeting for r in c.rows})
    if items and meetings:
        for part in chunks(meetings):
            touched.update(
                str(meeting_id)
                for item_id, meeting_id in s.execute(
                    select(AgendaItem.id, AgendaItem.meeting_id).where(
                        AgendaItem.meeting_id.in_(part)
                    )
                )
                if item_id in items
            )
    return [c for c in clashes if any(r.row_id in touched for r in c.rows)]
