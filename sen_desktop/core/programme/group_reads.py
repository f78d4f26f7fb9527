"""The groups as the window lists and shows them, read in SQL on an sqlite3 connection.

One reading for two callers (docs/architecture.md, "Start-up"):

- ``ProgrammeService.list_groups`` and ``.group`` run these on their session's own
  connection, inside its transaction;
- ``first_look`` runs them on a read-only connection before SQLAlchemy has loaded, so
  the window fills its navigation and shows the group it opens on while the store (the
  ORM, its 40-odd mapped tables) loads on the worker behind it.

Only the standard library and the plain records: no SQLAlchemy. The rules are the
store's: rows are tombstoned (``deleted``), dates are ISO text (``YYYY-MM-DD``, so they
compare as text), and a seat's holder on a day is the live appointment of a live
person current that day, a substantive one before a substitute's, then the later start,
then the higher id (``core.people.queries.holders_on``; a test holds the two together).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from sen_desktop.core.errors import NotFoundError
from sen_desktop.core.people.records import AppointmentView, SeatView
from sen_desktop.core.programme.records import GroupDetail, GroupSummary, RemitPoint

if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Iterable, Sequence
    from pathlib import Path

GROUP_GONE: Final = "This group no longer exists; it may have been removed."

_GROUPS = """
SELECT g.id, g.code, g.name, g.kind, g.dimension,
       (SELECT count(*) FROM seat s WHERE s.group_id = g.id AND NOT s.deleted),
       (SELECT count(*) FROM seat s WHERE s.group_id = g.id AND NOT s.deleted
          AND EXISTS (SELECT 1 FROM appointment a JOIN person p ON p.id = a.person_id
                      WHERE a.seat_id = s.id AND NOT a.deleted AND NOT p.deleted
                        AND a.start_date <= :day
                        AND (a.end_date IS NULL OR a.end_date >= :day)))
FROM "group" g WHERE NOT g.deleted ORDER BY g.position, g.name
"""

_GROUP = """
SELECT g.id, g.code, g.name, g.kind, g.dimension, g.reports_to_id, g.quorum, g.seat_rule,
       g.deleted, parent.name, parent.deleted
FROM "group" g LEFT JOIN "group" parent ON parent.id = g.reports_to_id
WHERE g.id = :group
"""

_REMIT = """
SELECT id, position, text FROM remit_item
WHERE group_id = :group AND NOT deleted ORDER BY position, id
"""

_SEATS = """
SELECT id, position, title, is_chair, is_vice_chair, rule_applies FROM seat
WHERE group_id = :group AND NOT deleted ORDER BY position, id
"""

#: Every current appointment to the group's live seats, with its person's name.
_HOLDERS = """
SELECT a.id, a.seat_id, a.person_id, p.full_name, a.start_date, a.end_date,
       a.meets_seat_rule, a.substitute_for_id
FROM appointment a
JOIN person p ON p.id = a.person_id
JOIN seat s ON s.id = a.seat_id
WHERE s.group_id = :group AND NOT s.deleted AND NOT a.deleted AND NOT p.deleted
  AND a.start_date <= :day AND (a.end_date IS NULL OR a.end_date >= :day)
"""

_Row = tuple[str, str, str, str, str, str | None, int, str | None]


def default_quorum(seat_count: int) -> int:
    """The quorum where a group has no rule of its own: a third of its seats, rounded up."""
    return math.ceil(seat_count / 3)


def opening_group(groups: Sequence[GroupSummary]) -> GroupSummary | None:
    """The group the Groups view opens on: the steering group, else the first."""
    return next((g for g in groups if g.kind == "steering"), groups[0] if groups else None)


def list_groups(connection: sqlite3.Connection, today: dt.date) -> list[GroupSummary]:
    """Every live group in programme order, with its live seats and those filled today."""
    rows = connection.execute(_GROUPS, {"day": today.isoformat()}).fetchall()
    return [
        GroupSummary(id=gid, code=code, name=name, kind=kind, dimension=dimension,
                     seat_count=seats, filled_count=filled)
        for gid, code, name, kind, dimension, seats, filled in rows
    ]


def group_detail(connection: sqlite3.Connection, group_id: str, day: dt.date) -> GroupDetail:
    """One group as it stands on ``day``; NotFoundError if it is gone."""
    found = connection.execute(_GROUP, {"group": group_id}).fetchone()
    if found is None or found[8]:
        raise NotFoundError(GROUP_GONE)
    (gid, code, name, kind, dimension, reports_to_id, quorum, seat_rule, _deleted,
     parent_name, parent_deleted) = found
    remit = tuple(
        RemitPoint(id=rid, position=position, text=text)
        for rid, position, text in connection.execute(_REMIT, {"group": gid})
    )
    seats = connection.execute(_SEATS, {"group": gid}).fetchall()
    holders = _holders(connection.execute(_HOLDERS, {"group": gid, "day": day.isoformat()}))
    titles = {seat_id: title for seat_id, _position, title, *_flags in seats}
    seat_views = tuple(
        SeatView(
            id=seat_id, position=position, title=title, is_chair=bool(chair),
            is_vice_chair=bool(vice), rule_applies=bool(rule),
            holder=_view(holders[seat_id], titles, gid, name) if seat_id in holders else None,
        )
        for seat_id, position, title, chair, vice, rule in seats
    )
    rule_met: bool | None = None
    if seat_rule is not None:
        rule_met = any(
            sv.rule_applies and sv.holder is not None and sv.holder.meets_seat_rule
            for sv in seat_views
        )
    return GroupDetail(
        id=gid, code=code, name=name, kind=kind, dimension=dimension,
        reports_to_id=reports_to_id,
        reports_to_name=parent_name if parent_name is not None and not parent_deleted else None,
        quorum=quorum if quorum is not None else default_quorum(len(seats)),
        seat_rule=seat_rule, seat_rule_met=rule_met, remit=remit, seats=seat_views,
    )


def _holders(rows: Iterable[_Row]) -> dict[str, _Row]:
    """The appointment holding each seat, of those current (see the module's rule)."""
    best: dict[str, _Row] = {}
    for row in rows:
        current = best.get(row[1])
        if current is None or _rank(row) > _rank(current):
            best[row[1]] = row
    return best


def _rank(row: _Row) -> tuple[bool, str, str]:
    return (row[7] is None, row[4], row[0])


def _view(row: _Row, titles: dict[str, str], group_id: str, group_name: str) -> AppointmentView:
    appointment_id, seat_id, person_id, person_name, start, end, meets, substitute_for = row
    return AppointmentView(
        id=appointment_id, seat_id=seat_id, seat_title=titles[seat_id], group_id=group_id,
        group_name=group_name, person_id=person_id, person_name=person_name,
        start_date=dt.date.fromisoformat(start),
        end_date=dt.date.fromisoformat(end) if end is not None else None,
        meets_seat_rule=bool(meets), substitute_for_id=substitute_for,
    )


# --- the window's first look -------------------------------------------------------------


@dataclass(frozen=True)
class FirstLook:
    """What the window shows before the store has loaded."""

    groups: tuple[GroupSummary, ...]
    #: The group asked for, as it stands today (None: none asked for, or it is gone).
    group: GroupDetail | None


def first_look(data_dir: Path, group: str | None, today: dt.date) -> FirstLook | None:
    """The groups, and the one ``group`` names (an id, or ``"steering"`` for the one
    the Groups view opens on), read straight from the data folder's database; None
    where only the full opening can say (``open_laptop``): no database yet, one of
    another schema revision (a migration is due), one left beside a ``-wal`` or
    ``-journal`` (it gets the full check first), a folder in use, a programme with no
    groups yet (it is seeded), or a file that does not read as ours.

    Reads only, holding the folder's lock meanwhile, so nothing else writes the file
    and the answer is the one the full opening (which takes the lock again) will see.
    Its checks still follow; if they refuse the file, the window says so then.
    """
    import sqlite3

    from sen_desktop.core.errors import StoreError
    from sen_desktop.core.store.backups import read_only, sidecars_exist
    from sen_desktop.core.store.datafolder import DATABASE_NAME, DataFolder
    from sen_desktop.core.store.migrations import SCHEMA_REVISION

    path = data_dir / DATABASE_NAME
    if not path.is_file() or sidecars_exist(path):
        return None
    folder = DataFolder(data_dir)
    try:
        folder.lock()
    except StoreError:
        return None  # in use: the full opening says so
    try:
        with read_only(path, at_open=True) as connection:
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
            if revision != [(SCHEMA_REVISION,)]:
                return None
            groups = list_groups(connection, today)
            if not groups:
                return None
            wanted = opening_group(groups) if group == "steering" else None
            group_id = wanted.id if wanted is not None else group
            detail = None
            if group_id is not None and any(g.id == group_id for g in groups):
                detail = group_detail(connection, group_id, today)
    except sqlite3.Error:
        return None  # not ours, or damaged: the full opening words the refusal
    finally:
        folder.unlock()
    return FirstLook(tuple(groups), detail)
