"""Clashing references: meeting numbers, minute numbers, "SG-14" and "BESD-R3".

References a person reads are unique per group (issue 10, "Clashing references"). The
tables hold no UNIQUE constraint (two laptops apart may each make "BESD 12" and the
merge must hold both), so this module finds such clashes, says which row moves, and
renumbers it as an ordinary change that the operation log captures.

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
exchange that follows leaves one value. Minute numbers move by recounting the group's
unpublished meetings from the earliest one in the clash (in date order, following on
from the meeting before, as ``meeting_chain.refresh_chain`` numbers them); when counting
again would still clash (say an unpublished meeting dated before a published one), the
clash is listed for a person too. Renumbering a meeting recounts minute numbers from its
date (the chain orders meetings of one day by number); renumbering a recommendation
renames its agenda items on unpublished agendas ("BESD-R3: …"). Papers already issued
keep their numbers, and recorded decisions keep the minute number they were made under
(they are signed).

**Who allocates.** By default a group's references are allocated by one laptop: among
the laptops whose certificate (newest, not revoked) writes that group, the group's
chair's laptop comes last (a chair signs decisions; the minutes are written by others),
one whose certificate names the group (its secretary's) before one that writes every
group ("*"), a laptop other than the programme root's before the root's, and then the
lowest serial (the longest certified). So the BESD secretary's laptop numbers BESD, a
deputy lead writing everything numbers the groups nobody is named for, and the root
those nobody else writes but their chairs. That laptop, and every laptop when no
programme is set up (no certificates here), numbers from the group's ordinary range (1
to 9,999). Any other laptop numbers from its own range, ``serial × 10,000 + 1`` onwards
("SG-30001", meeting "BESD 30001" on the laptop with serial 3). Two laptops therefore
never give out the same number, so clashes come only from copies of one database (a
restore), from references made before the programme's certificates, or from a new
allocating laptop (a revocation) numbering on before the old one's last numbers arrived;
and a number made away from the allocating laptop is plainly out of sequence, so a
secretary sees at once that it was made elsewhere. "Next free" always means within the
range the number already belongs to, so renumbering never moves a reference into another
laptop's range. Minute numbers have no ranges: they follow on from the meeting before
(``meeting_chain``), so meetings scheduled on two laptops apart share minute numbers
until one is recounted -- which is automatic while neither meeting's minutes are
circulated.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Final

from sqlalchemy import Integer, and_, func, select, text
from sqlalchemy import cast as sql_cast
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from sen_desktop.core.errors import NotFoundError, ValidationError
from sen_desktop.core.meetings.records import FROZEN_STATUSES
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

BAND: Final = 10_000
"""Numbers ``[k × BAND, (k + 1) × BAND)`` belong to range k; range 0 is the ordinary one."""

MEETING: Final = "meeting"
MINUTES: Final = "minutes"
ACTION: Final = "action"
RECOMMENDATION: Final = "recommendation"
KINDS: Final = (MEETING, MINUTES, ACTION, RECOMMENDATION)

#: Recommendation decisions that keep it within its working group (not yet published).
_WITHIN_GROUP: Final = frozenset({"agreed", "referred_back", "withdrawn"})
_CHUNK: Final = 500  # ids per IN (...) list


# --- records ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClashRow:
    """One row in a clash: a meeting, an action or a recommendation."""

    entity: str  # "meeting", "action", "recommendation" (minutes clashes list meetings)
    row_id: str
    reference: str  # as shown: "BESD 12", "SG-14", "BESD-R3", "minutes 150–158"
    label: str  # "the meeting of 3 March 2011", "the action “Write to …”"
    made_hlc: str  # stamp of the operation that made the row ("" if not logged)
    made_site: str  # site of that operation
    published: bool
    why_published: str  # "its minutes were circulated", "paper BESD/M12 was issued", ""
    when: dt.date | None = None  # a meeting's date (chain order)
    number: int = 0  # a meeting's number (chain order)


@dataclass(frozen=True, slots=True)
class Clash:
    """Rows of one group sharing a reference, in the order that decides who moves."""

    kind: str  # one of KINDS
    group_id: str
    group_code: str
    reference: str  # "BESD 12", "SG-14", "BESD-R3", "BESD minutes 150–158"
    rows: tuple[ClashRow, ...]  # the first keeps its reference
    chain_blocked: bool = False  # minutes: counting them again would still clash
    writable: bool = True  # this laptop is certified to write the group's records

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.group_id, self.reference)

    @property
    def entity_is_meeting(self) -> bool:
        return self.kind in (MEETING, MINUTES)

    @property
    def movers(self) -> tuple[ClashRow, ...]:
        """The rows renumbering moves (unpublished ones after the first)."""
        return tuple(r for r in self.rows[1:] if not r.published)

    @property
    def needs_person(self) -> bool:
        """True when renumbering cannot clear it: two published rows, or minutes that
        counting again would still leave clashing (an unpublished meeting dated before
        a published one)."""
        return sum(1 for r in self.rows if r.published) >= 2 or self.chain_blocked

    @property
    def automatic(self) -> bool:
        """The program can clear this clash here (the "Renumber" button)."""
        return not self.needs_person and bool(self.movers) and self.writable

    def describe(self, names: Mapping[str, str] | None = None) -> str:
        """The clash in plain words, for the Conflicts page and the command line."""
        return describe(self, names or {})


@dataclass(frozen=True, slots=True)
class Renumbered:
    """One reference the program changed."""

    kind: str
    row_id: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.old} is now {self.new}"


# --- allocation ------------------------------------------------------------------------


def band_of(number: int) -> int:
    return max(number, 0) // BAND


def _has_tables(s: Session, *names: str) -> bool:
    marks = ", ".join(f":t{i}" for i in range(len(names)))
    found = s.execute(
        text(f"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ({marks})"),
        {f"t{i}": n for i, n in enumerate(names)},
    ).scalar_one()
    return int(found) == len(names)


@dataclass(frozen=True, slots=True)
class _Cert:
    serial: int
    laptop_id: str
    write: tuple[str, ...]
    root: bool
    chair_of: frozenset[str]  # groups whose chair this laptop is certified as


def _certificates(s: Session) -> tuple[str | None, list[_Cert]]:
    """This laptop's id and the newest unrevoked certificate of each laptop (the local
    registry tables of docs/TRUST.md, whose items were verified when stored)."""
    if not _has_tables(s, "laptop_self", "laptop_certificate", "laptop_revocation"):
        return None, []
    own = s.execute(text("SELECT laptop_id FROM laptop_self LIMIT 1")).scalar()
    revoked = {
        (str(laptop), int(serial))
        for laptop, serial in s.execute(text("SELECT laptop_id, serial FROM laptop_revocation"))
    }
    newest: dict[str, _Cert] = {}
    for serial, laptop, item in s.execute(
        text("SELECT serial, laptop_id, item FROM laptop_certificate ORDER BY serial")
    ):
        try:
            body = json.loads(item)["body"]
            write = tuple(str(code) for code in body.get("write", ()))
            roles = body.get("roles", ())
            root = any(isinstance(r, dict) and r.get("role") == "root" for r in roles)
            chair_of = frozenset(
                str(r.get("group", ""))
                for r in roles
                if isinstance(r, dict) and r.get("role") == "chair"
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            continue  # verified when stored; an unreadable one simply does not count
        newest[str(laptop)] = _Cert(int(serial), str(laptop), write, root, chair_of)
    live = [c for c in newest.values() if (c.laptop_id, c.serial) not in revoked]
    return (str(own) if own is not None else None), live


def may_write(s: Session) -> Callable[[str], bool]:
    """Whether this laptop may change a group's records (its certificate writes the
    group): a renumbering another laptop would refuse must not be made here. Every
    group where no programme is set up; none once this laptop's certificate is revoked."""
    own, certs = _certificates(s)
    if own is None or not certs:
        return lambda _code: True
    mine = next((c for c in certs if c.laptop_id == own), None)
    if mine is None:
        return lambda _code: False
    return lambda code: code in mine.write or "*" in mine.write


def _check_writable(s: Session, group_code: str) -> None:
    if not may_write(s)(group_code):
        raise ValidationError(
            f"This laptop is not certified to write {group_code}'s records, so renumber it "
            "on a laptop that is."
        )


def allocating_laptop(s: Session, group_code: str) -> str | None:
    """The laptop id that allocates the group's references (module docstring), or None
    when no certificate here writes the group."""
    _, certs = _certificates(s)
    return _allocator(certs, group_code)


def _allocator(certs: Sequence[_Cert], group_code: str) -> str | None:
    writers = [c for c in certs if group_code in c.write or "*" in c.write]
    if not writers:
        return None
    # The group's chair's laptop last (a chair signs decisions; others write the
    # minutes); then named for the group before "every group"; not the root before
    # the root; then the oldest certificate.
    best = min(
        writers,
        key=lambda c: (group_code in c.chair_of, group_code not in c.write, c.root, c.serial),
    )
    return best.laptop_id


def allocation_band(s: Session, group_code: str) -> int:
    """The range this laptop numbers the group's new references from: 0 (the ordinary
    range) on the allocating laptop or where no programme is set up, else this laptop's
    certificate serial."""
    own, certs = _certificates(s)
    if own is None:
        return 0
    mine = next((c for c in certs if c.laptop_id == own), None)
    allocator = _allocator(certs, group_code)
    if mine is None or allocator is None or allocator == own:
        return 0
    return mine.serial


def _action_number() -> ColumnElement[Any]:
    ref = Action.reference
    return sql_cast(func.substr(ref, func.instr(ref, "-") + 1), Integer)


def _recommendation_number() -> ColumnElement[Any]:
    ref = Recommendation.reference
    return sql_cast(func.substr(ref, func.instr(ref, "-R") + 2), Integer)


def _next_in_band(s: Session, number: Any, where: Any, band: int, *, counted: bool = False) -> int:
    """The next free number of a range, removed rows counted (never given out twice).
    ``counted``: never below the number of rows in the range either (the action log's
    old guard against references that are not numbers at all)."""
    low, high = band * BAND, (band + 1) * BAND
    count, highest = s.execute(
        select(func.count(), func.max(number)).where(where, number >= low, number < high)
    ).one()
    top = max(int(highest or 0), low)
    if counted and band == 0:
        top = max(top, int(count or 0))
    return top + 1


def next_meeting_number(s: Session, group: Group, band: int | None = None) -> int:
    """The number a new meeting of ``group`` takes on this laptop (cancelled and removed
    meetings counted)."""
    chosen = allocation_band(s, group.code) if band is None else band
    return _next_in_band(s, Meeting.number, Meeting.group_id == group.id, chosen)


def next_action_number(s: Session, group: Group, band: int | None = None) -> int:
    """n of the next action reference "<code>-n" of ``group`` on this laptop; given a
    ``band`` (renumbering), just the next after the highest of that range."""
    if band is not None:
        return _next_in_band(s, _action_number(), Action.group_id == group.id, band)
    chosen = allocation_band(s, group.code)
    return _next_in_band(s, _action_number(), Action.group_id == group.id, chosen, counted=True)


def next_recommendation_number(s: Session, group: Group, band: int | None = None) -> int:
    """n of the next recommendation reference "<code>-Rn" of ``group`` on this laptop."""
    chosen = allocation_band(s, group.code) if band is None else band
    return _next_in_band(s, _recommendation_number(), Recommendation.group_id == group.id, chosen)


# --- detection -------------------------------------------------------------------------


def _chunks(ids: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _made(s: Session, entity: str, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """(HLC, site) of the operation that made each row: its first one."""
    out: dict[str, tuple[str, str]] = {}
    wanted = sorted(set(ids))
    for part in _chunks(wanted):
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


def _short(textual: str, limit: int = 60) -> str:
    flat = " ".join(textual.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


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


def _span(numbers: Sequence[int]) -> str:
    """ "150–158", "3, 5 and 9–11": a set of minute numbers in few words."""
    runs: list[tuple[int, int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    parts = [f"{a}" if a == b else f"{a}–{b}" for a, b in runs]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


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
    chains = _chains(s, sorted({g for g, _ in sets}))
    out = []
    for (group_id, members), numbers in sets.items():
        code = codes.get(group_id, "")
        span = _span(numbers)
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
        blocked = _recount_blocked(chains.get(group_id, []), items)
        out.append(Clash(MINUTES, group_id, code, f"{code} minutes {span}", _order(items), blocked))
    return out


@dataclass(slots=True)
class _Link:
    """A meeting in its group's chain, with its minute numbers as they stand."""

    day: dt.date
    number: int
    meeting_id: str
    frozen: bool
    items: int  # live agenda items (each gets a minute number)
    minutes: set[int]


def _chains(s: Session, group_ids: Sequence[str]) -> dict[str, list[_Link]]:
    """Each group's chain (live meetings not cancelled, in date order), with minute
    numbers: two grouped queries however many meetings."""
    links: dict[str, _Link] = {}
    chains: dict[str, list[_Link]] = defaultdict(list)
    for group_id, day, number, meeting_id, status in s.execute(
        select(Meeting.group_id, Meeting.date, Meeting.number, Meeting.id, Meeting.status)
        .where(
            Meeting.group_id.in_(group_ids),
            Meeting.deleted.is_(False),
            Meeting.status != "cancelled",
        )
        .order_by(Meeting.date, Meeting.number, Meeting.id)
    ):
        link = _Link(day, number, meeting_id, status in FROZEN_STATUSES, 0, set())
        links[meeting_id] = link
        chains[group_id].append(link)
    for meeting_id, minute in s.execute(
        select(AgendaItem.meeting_id, AgendaItem.minute_number)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(
            Meeting.group_id.in_(group_ids),
            Meeting.deleted.is_(False),
            Meeting.status != "cancelled",
            AgendaItem.deleted.is_(False),
        )
    ):
        link = links[meeting_id]
        link.items += 1
        if minute is not None:
            link.minutes.add(int(minute))
    return chains


def _recount_blocked(chain: Sequence[_Link], items: Sequence[ClashRow]) -> bool:
    """Would recounting from the clash's earliest unpublished meeting leave a clash?

    The recount (``_recount_minutes``) is simulated on the chain: every unpublished
    meeting from that date on follows on from the meeting before it, published ones
    keep their numbers. It is blocked -- a person must decide -- when afterwards a
    meeting of this clash, or one the recount changed, still shares a number (say an
    unpublished meeting dated before a published one)."""
    dates = [r.when for r in items if not r.published and r.when is not None]
    if not dates:
        return False
    since = min(dates)
    watched = {r.row_id for r in items}
    after: dict[str, set[int]] = {}
    last = 0
    for link in chain:
        if link.day >= since and not link.frozen:
            after[link.meeting_id] = set(range(last + 1, last + link.items + 1))
            watched.add(link.meeting_id)
            # As the recount reads it back: the previous meeting's highest, 0 if none.
            last = last + link.items if link.items else 0
        else:
            after[link.meeting_id] = link.minutes
            last = max(link.minutes, default=0)
    seen: dict[int, str] = {}
    for meeting_id, numbers in after.items():
        for n in numbers:
            other = seen.setdefault(n, meeting_id)
            if other != meeting_id and (meeting_id in watched or other in watched):
                return True
    return False


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
        for part in _chunks(ids):
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
                f"the action “{_short(str(r[4]))}”"
                if kind == ACTION
                else f"the recommendation “{_short(str(r[3]))}”"
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
        for part in _chunks(meetings):
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


# --- words ---------------------------------------------------------------------------

_NOUNS: Final = {
    MEETING: ("meeting", "meetings"),
    ACTION: ("action", "actions"),
    RECOMMENDATION: ("recommendation", "recommendations"),
}
_COUNT_WORDS: Final = ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven")


def _count(n: int) -> str:
    return _COUNT_WORDS[n] if n < len(_COUNT_WORDS) else f"{n:,}"


def _who(site: str, names: Mapping[str, str]) -> str:
    name = names.get(site)
    if not name:
        return f"laptop {site[:8]}" if site else "an unknown laptop"
    if name == "this laptop" or name.casefold().endswith("laptop"):
        return name
    return f"the laptop “{name}”"


def _row_words(row: ClashRow, names: Mapping[str, str], *, with_label: bool) -> str:
    base = row.label if with_label else row.label.removeprefix("the meeting of ")
    extra = [f"made on {_who(row.made_site, names)}"] if row.made_site else []
    if row.published:
        extra.append(f"published: {row.why_published}")
    return f"{base} ({'; '.join(extra)})" if extra else base


def _join(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def describe(clash: Clash, names: Mapping[str, str]) -> str:
    """One paragraph: what clashes, where each row came from, and what to do."""
    n = len(clash.rows)
    if clash.kind == MINUTES:
        number_part = clash.reference.removeprefix(f"{clash.group_code} minutes ")
        head = (
            f"{_count(n)} {clash.group_code} meetings use minute "
            f"{'number' if number_part.isdigit() else 'numbers'} {number_part}: "
        )
        head += (
            _join(
                [f"{r.reference} on {_row_words(r, names, with_label=False)}" for r in clash.rows]
            )
            + "."
        )
    else:
        noun = _NOUNS[clash.kind][1]
        how = "numbered" if clash.kind == MEETING else "referenced"
        head = f"{_count(n)} {noun} are {how} {clash.reference}: "
        head += (
            _join([_row_words(r, names, with_label=clash.kind != MEETING) for r in clash.rows])
            + "."
        )
    if clash.kind == MINUTES and clash.chain_blocked:
        tail = (
            " Minute numbers follow the meetings' dates, and counting them again would "
            "still clash with minutes already published, so a person must decide which "
            "minutes to change: for example move the unpublished meeting after the "
            "published one, or cancel it if it is the same meeting entered twice."
        )
    elif clash.needs_person:
        tail = (
            " Both have been published, so the program will not renumber either; a person "
            "must decide which one to renumber, and tell those who hold the papers."
        )
    elif clash.kind == MINUTES:
        movers = _join([r.reference for r in clash.movers])
        tail = (
            f" Renumber the minutes not yet published: {movers} will follow on from the "
            "meeting before."
        )
    else:
        moving = _join([f"{r.label} made on {_who(r.made_site, names)}" for r in clash.movers])
        keeper = clash.rows[0]
        tail = (
            f" Renumber the {'one' if len(clash.movers) == 1 else 'ones'} not yet "
            f"published: {moving} will take the next free number, and {keeper.label} "
            f"made on {_who(keeper.made_site, names)} keeps {clash.reference}."
        )
    if not clash.writable:
        tail += (
            f" This laptop is not certified to write {clash.group_code}'s records, so "
            "renumber it on a laptop that is."
        )
    return head + tail


def laptop_names(s: Session) -> dict[str, str]:
    """Site id → a laptop's name ("this laptop" for this one): from the signed batches
    and certificates where there are any, else the peers of the earlier scheme."""
    from sen_desktop.core.store.oplog import local_site_id

    names: dict[str, str] = {}
    if _has_tables(s, "sync_peer"):
        for site, name in s.execute(text("SELECT site_id, name FROM sync_peer")):
            if name:
                names[str(site)] = str(name)
    if _has_tables(s, "op_batch", "laptop_certificate"):
        certified = {
            str(laptop): str(name)
            for laptop, name in s.execute(
                text("SELECT laptop_id, name FROM laptop_certificate ORDER BY serial")
            )
        }
        for site, signer in s.execute(text("SELECT DISTINCT site_id, signer FROM op_batch")):
            if str(signer) in certified and certified[str(signer)]:
                names[str(site)] = certified[str(signer)]
    names[local_site_id(s)] = "this laptop"
    return names


# --- resolution ------------------------------------------------------------------------


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
    meeting = s.get(Meeting, row_id)
    if meeting is None or meeting.deleted:
        raise NotFoundError("This meeting no longer exists; it may have been removed.")
    group = s.get(Group, meeting.group_id)
    assert group is not None
    _check_writable(s, group.code)
    old = meeting.number
    new = next_meeting_number(s, group, band_of(old))
    meeting.number = new
    s.flush()
    _recount_minutes(s, group.id, meeting.date)
    return Renumbered(MEETING, row_id, f"{group.code} {old}", f"{group.code} {new}")


def _renumber_action(s: Session, row_id: str) -> Renumbered:
    action = s.get(Action, row_id)
    if action is None or action.deleted:
        raise NotFoundError("This action no longer exists; it may have been removed.")
    group = s.get(Group, action.group_id)
    assert group is not None
    _check_writable(s, group.code)
    prefix, _, tail = action.reference.rpartition("-")
    old_number = int(tail) if tail.isdigit() else 0
    prefix = prefix or group.code
    new = f"{prefix}-{next_action_number(s, group, band_of(old_number))}"
    old = action.reference
    action.reference = new
    s.flush()
    return Renumbered(ACTION, row_id, old, new)


def _renumber_recommendation(s: Session, row_id: str) -> Renumbered:
    rec = s.get(Recommendation, row_id)
    if rec is None or rec.deleted:
        raise NotFoundError("This recommendation no longer exists; it may have been removed.")
    group = s.get(Group, rec.group_id)
    assert group is not None
    _check_writable(s, group.code)
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
        meeting = s.get(Meeting, row_id)
        if meeting is None or meeting.deleted:
            raise NotFoundError("This meeting no longer exists; it may have been removed.")
        group = s.get(Group, meeting.group_id)
        code = group.code if group is not None else ""
        _check_writable(s, code)
        before = _minute_span(s, meeting.id)
        _recount_minutes(s, meeting.group_id, meeting.date)
        return Renumbered(
            MINUTES,
            row_id,
            f"{code} {meeting.number} minutes {before}",
            f"{code} {meeting.number} minutes {_minute_span(s, meeting.id)}",
        )
    raise ValidationError(
        "Choose what to renumber: meeting, minutes, action or recommendation.", field="kind"
    )


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
    return _span(numbers) if numbers else "none"


def resolve(s: Session, clash: Clash) -> list[Renumbered]:
    """Clear one clash by renumbering its unpublished rows (``Clash.movers``), as the
    clash stands now in this session (a stale one is looked up again by its key).
    A clash that needs a person is refused in one sentence."""
    current = next((c for c in find_clashes(s, [clash.kind]) if c.key == clash.key), None)
    if current is None:
        return []
    _check_writable(s, current.group_code)
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
        raise ValidationError(
            "Choose what to renumber: meeting, minutes, action or recommendation.", field="kind"
        )
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


__all__ = [
    "ACTION",
    "BAND",
    "KINDS",
    "MEETING",
    "MINUTES",
    "RECOMMENDATION",
    "Clash",
    "ClashRow",
    "Renumbered",
    "allocating_laptop",
    "allocation_band",
    "band_of",
    "clashes_touching",
    "describe",
    "find_clash",
    "find_clashes",
    "laptop_names",
    "may_write",
    "next_action_number",
    "next_meeting_number",
    "next_recommendation_number",
    "renumber_row",
    "resolve",
    "resolve_all",
]
