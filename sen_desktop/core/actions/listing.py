"""The action log's queries: which actions pass a filter, in which order, a page at a time.

A log of 100,000 actions opens at once because nothing here reads every row:
- counts come from a covering index (``ix_action_log``, or ``ix_action_log_group`` for
  one group's log: migration 0006), which holds every column a filter tests;
- a page is "the first rows in this order", or "the rows after this sort key" (keyset
  paging: ``ActionPage.after``). In reference order the index is already sorted, so
  SQLite reads only the rows shown, as fast deep in the log as at its top; a jump far
  down (the scroll bar dragged) counts its way there along the same index. So are the
  due-date, status and rating orders (migration 0007's indexes); the owner and group
  orders need the person's or group's table, so SQLite sorts them a page at a time (a
  top-N sort over the rows after the key, never the whole log held in order);
- the display rows of a page come from one query by id (``fetch``).
The reference's prefix and number, and the status and rating ranks, are written here
exactly as 0006 and 0007 index them: a test holds each order's query plan to its index
(tests/core/actions/test_listing.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Select,
    Table,
    and_,
    func,
    literal,
    literal_column,
    or_,
    select,
)

from sen_desktop.core.actions.records import (
    ACTION_STATUSES,
    BRAG_ORDER,
    OPEN_STATUSES,
    SORT_KEYS,
    ActionFilter,
    ActionPage,
    ActionRecord,
    ActionUpdateRecord,
    SortKey,
)
from sen_desktop.core.actions.wording import meeting_label, raised_at_text
from sen_desktop.core.store.models import Action, ActionUpdate, AgendaItem, Group, Meeting, Person

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Sequence

    from sqlalchemy.orm import Session

A = cast("Table", Action.__table__)
U = cast("Table", ActionUpdate.__table__)
G = cast("Table", Group.__table__)
P = cast("Table", Person.__table__)
M = cast("Table", Meeting.__table__)
I = cast("Table", AgendaItem.__table__)  # noqa: E741 (the agenda item, beside A, G, M, P, U)
_IN_CHUNK = 500  # well under SQLite's bound-parameter limit

#: The reference's prefix and number, so SG-2 sorts before SG-10: literal SQL (no bound
#: parameters), the very expressions the 0006 indexes hold, or SQLite would not use them.
PREFIX: ColumnElement[Any] = literal_column(
    "substr(action.reference, 1, instr(action.reference, '-') - 1)"
)
NUMBER: ColumnElement[Any] = literal_column(
    "CAST(substr(action.reference, instr(action.reference, '-') + 1) AS INTEGER)"
)


def _rank(column: str, order: tuple[str, ...]) -> ColumnElement[Any]:
    """A code's place in ``order`` (the rest after), as literal SQL like the prefix."""
    whens = " ".join(f"WHEN '{value}' THEN {n}" for n, value in enumerate(order))
    return literal_column(f"CASE action.{column} {whens} ELSE {len(order)} END")


#: The status and rating orders (Open first; Red first), written as 0007 indexes them.
STATUS_RANK = _rank("status", ACTION_STATUSES)
BRAG_RANK = _rank("brag", BRAG_ORDER)

Key = tuple[ColumnElement[Any], bool]  # (expression, descending)


def natural_reference() -> tuple[ColumnElement[Any], ColumnElement[Any]]:
    return PREFIX, NUMBER


def conditions(wanted: ActionFilter, today: dt.date) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = [A.c.deleted.is_(False)]
    if wanted.group_id is not None:
        found.append(A.c.group_id == wanted.group_id)
    if wanted.owner_id is not None:
        found.append(A.c.owner_id == wanted.owner_id)
    if wanted.owner_text is not None:
        found.append(
            and_(A.c.owner_id.is_(None), func.lower(A.c.owner_text) == wanted.owner_text.lower())
        )
    if wanted.status is not None:
        statuses = (wanted.status,) if isinstance(wanted.status, str) else wanted.status
        found.append(_one_of(STATUS_RANK, A.c.status, ACTION_STATUSES, statuses))
    if wanted.brag is not None:
        found.append(_one_of(BRAG_RANK, A.c.brag, BRAG_ORDER, (wanted.brag,)))
    if wanted.overdue:
        found.append(A.c.due_date < today)
        found.append(_one_of(STATUS_RANK, A.c.status, ACTION_STATUSES, OPEN_STATUSES))
    return found


def _one_of(
    rank: ColumnElement[Any], column: ColumnElement[Any], order: tuple[str, ...],
    values: Sequence[str],
) -> ColumnElement[bool]:
    """``column IN values``, asked of the rank 0007 indexes, so SQLite counts only the
    matching entries (Open or in progress: 6,500 of 100,000) instead of testing every
    one; a value outside the vocabulary is asked of the column itself."""
    if all(value in order for value in values):
        return rank.in_([order.index(value) for value in values])
    return column.in_(list(values))


def owner_name() -> ColumnElement[Any]:
    return func.coalesce(P.c.full_name, A.c.owner_text, "")


def order(sort_key: str, descending: bool) -> tuple[FromClause, list[Key]]:
    """The tables a sort reads and its keys, most significant first, ending in the id.

    In reference order every key follows ``descending`` (the index is read backwards);
    in the others the chosen key does, undated and unowned actions stay last either
    way, and ties go by reference then id, ascending. Reference, due date, status and
    rating orders, either way, are read off an index (0006, 0007); owner and group
    orders need another table, so SQLite sorts those a page at a time.
    """
    if sort_key not in SORT_KEYS:
        raise ValueError(f"sort_key must be one of {SORT_KEYS}, not {sort_key!r}")
    if sort_key == "reference":
        return A, [(PREFIX, descending), (NUMBER, descending), (A.c.id, descending)]
    tables: FromClause = A
    keys: list[Key]
    if sort_key == "due_date":
        keys = [(A.c.due_date.is_(None), False), (A.c.due_date, descending)]
    elif sort_key == "owner":
        tables = A.outerjoin(P, P.c.id == A.c.owner_id)
        owner = owner_name()
        keys = [(owner == "", False), (owner.collate("NOCASE"), descending)]
    elif sort_key == "status":
        keys = [(STATUS_RANK, descending)]
    elif sort_key == "brag":
        keys = [(BRAG_RANK, descending)]
    else:  # group
        tables = A.join(G, G.c.id == A.c.group_id)
        keys = [(G.c.position, descending), (G.c.code, descending)]
    return tables, [*keys, (PREFIX, False), (NUMBER, False), (A.c.id, False)]


def _ordering(keys: list[Key]) -> list[ColumnElement[Any]]:
    return [expr.desc() if desc else expr for expr, desc in keys]


def beyond(keys: list[Key], key: SortKey, *, before: bool = False) -> ColumnElement[bool]:
    """Rows after ``key`` in the order of ``keys`` (``before``: the rows before it).

    Written out key by key (k1 > v1, or k1 = v1 and k2 > v2, …) since the directions
    may differ; equal is SQL's IS, which holds for NULLs too (an undated action). The
    first key's bound is repeated on its own so SQLite starts its index range there.
    """
    def step(expr: ColumnElement[Any], desc: bool, value: object) -> ColumnElement[bool]:
        bound = literal(value)  # a literal: True, False or None are values here too
        return expr > bound if desc == before else expr < bound

    branches = []
    for n, (expr, desc) in enumerate(keys):
        equal = [keys[i][0].is_not_distinct_from(literal(key[i])) for i in range(n)]
        branches.append(and_(*equal, step(expr, desc, key[n])))
    first, first_desc = keys[0]
    start = first >= literal(key[0]) if first_desc == before else first <= literal(key[0])
    return and_(start, or_(*branches)) if key[0] is not None else or_(*branches)


def page_query(
    wanted: ActionFilter, sort_key: str, descending: bool, today: dt.date
) -> tuple[Select[Any], list[Key]]:
    """The ids passing ``wanted`` with their sort keys, in order (no limit yet)."""
    tables, keys = order(sort_key, descending)
    query = (
        select(A.c.id, *(expr for expr, _desc in keys))
        .select_from(tables)
        .where(*conditions(wanted, today))
        .order_by(*_ordering(keys))
    )
    return query, keys


def read_page(
    s: Session,
    wanted: ActionFilter,
    sort_key: str,
    descending: bool,
    today: dt.date,
    *,
    start: int,
    after: SortKey | None,
    size: int,
) -> ActionPage:
    query, keys = page_query(wanted, sort_key, descending, today)
    if after is not None:
        query = query.where(beyond(keys, after))
    elif start:
        query = query.offset(start)
    found = s.execute(query.limit(size)).all()
    ids = [row[0] for row in found]
    last = tuple(found[-1][1:]) if found else None
    return ActionPage(start=start, rows=tuple(fetch(s, ids, today)), after=last)


def position(
    s: Session,
    action_id: str,
    wanted: ActionFilter,
    sort_key: str,
    descending: bool,
    today: dt.date,
) -> int:
    """Where ``action_id`` stands in the list (0 first), or -1 if the filter leaves it out."""
    query, keys = page_query(wanted, sort_key, descending, today)
    found = s.execute(query.where(A.c.id == action_id)).first()
    if found is None:
        return -1
    tables, _keys = order(sort_key, descending)
    before = (
        select(func.count())
        .select_from(tables)
        .where(*conditions(wanted, today), beyond(keys, tuple(found[1:]), before=True))
    )
    return int(s.scalar(before) or 0)


def count_query(wanted: ActionFilter, today: dt.date) -> Select[Any]:
    return select(func.count()).select_from(A).where(*conditions(wanted, today))


def count(s: Session, wanted: ActionFilter, today: dt.date) -> int:
    return int(s.scalar(count_query(wanted, today)) or 0)


def ordered_ids(
    s: Session, wanted: ActionFilter, sort_key: str, descending: bool, today: dt.date
) -> list[str]:
    query, _keys = page_query(wanted, sort_key, descending, today)
    return [row[0] for row in s.execute(query)]


# --- display rows ------------------------------------------------------------------------


def _latest_update(column: Any) -> Any:
    return (
        select(column)
        .where(U.c.action_id == A.c.id, U.c.deleted.is_(False))
        .order_by(U.c.date.desc(), literal_column("action_update.rowid").desc())
        .limit(1)
        .correlate(A)
        .scalar_subquery()
    )


def rows_query() -> Select[Any]:
    return (
        select(
            A.c.id,
            A.c.reference,
            A.c.group_id,
            G.c.code,
            A.c.meeting_id,
            A.c.agenda_item_id,
            M.c.number,
            M.c.date,
            I.c.minute_number,
            I.c.position,
            A.c.description,
            A.c.owner_id,
            A.c.owner_text,
            P.c.full_name,
            A.c.due_date,
            A.c.status,
            A.c.brag,
            A.c.brag_comment,
            A.c.closed_meeting_id,
            _latest_update(U.c.text),
            _latest_update(U.c.date),
        )
        .select_from(A)
        .join(G, G.c.id == A.c.group_id)
        .outerjoin(P, P.c.id == A.c.owner_id)
        .outerjoin(M, M.c.id == A.c.meeting_id)
        .outerjoin(I, I.c.id == A.c.agenda_item_id)
    )


def record(row: Any, today: dt.date) -> ActionRecord:
    (
        action_id,
        reference,
        group_id,
        code,
        meeting_id,
        item_id,
        number,
        meeting_date,
        minute_number,
        item_position,
        description,
        owner_id,
        owner_text,
        owner_full_name,
        due,
        status,
        brag,
        comment,
        closed_meeting_id,
        latest_text,
        latest_on,
    ) = row
    raised = meeting_id is not None
    return ActionRecord(
        id=action_id,
        reference=reference,
        group_id=group_id,
        group_code=code,
        meeting_id=meeting_id,
        agenda_item_id=item_id,
        raised_at=(
            raised_at_text(code, number, meeting_date, minute_number, item_position)
            if raised
            else ""
        ),
        raised_short=(
            raised_at_text(code, number, None, minute_number, item_position) if raised else ""
        ),
        raised_on=meeting_date,
        description=description,
        owner_id=owner_id,
        owner_text=owner_text or "",
        owner=owner_full_name or owner_text or "",
        due_date=due,
        status=status,
        brag=brag,
        brag_comment=comment or "",
        closed_meeting_id=closed_meeting_id,
        overdue=due is not None and due < today and status in OPEN_STATUSES,
        latest_update=latest_text or "",
        latest_update_on=latest_on,
    )


def fetch(s: Session, ids: Sequence[str], today: dt.date) -> list[ActionRecord]:
    """The display rows of ``ids``, in the order given (missing ids are left out)."""
    found: dict[str, ActionRecord] = {}
    wanted = list(ids)
    for start in range(0, len(wanted), _IN_CHUNK):
        chunk = wanted[start : start + _IN_CHUNK]
        for row in s.execute(rows_query().where(A.c.id.in_(chunk))):
            found[row[0]] = record(row, today)
    return [found[i] for i in wanted if i in found]


def updates(
    s: Session, ids: Iterable[str], include_deleted: bool = False
) -> list[ActionUpdateRecord]:
    """Progress updates by id, in the order given (removed ones only if asked)."""
    wanted = list(ids)
    if not wanted:
        return []
    query = (
        select(
            U.c.id,
            U.c.action_id,
            U.c.date,
            U.c.text,
            U.c.meeting_id,
            U.c.by_id,
            P.c.full_name,
            G.c.code,
            M.c.number,
            M.c.date,
        )
        .select_from(U)
        .outerjoin(P, P.c.id == U.c.by_id)
        .outerjoin(M, M.c.id == U.c.meeting_id)
        .outerjoin(G, G.c.id == M.c.group_id)
        .where(U.c.id.in_(wanted))
    )
    if not include_deleted:
        query = query.where(U.c.deleted.is_(False))
    found = {
        row[0]: ActionUpdateRecord(
            id=row[0],
            action_id=row[1],
            on=row[2],
            text=row[3],
            meeting_id=row[4],
            meeting_label=meeting_label(row[7], row[8], row[9]) if row[4] else "",
            by_id=row[5],
            by_name=row[6] or "",
        )
        for row in s.execute(query)
    }
    return [found[i] for i in wanted if i in found]
