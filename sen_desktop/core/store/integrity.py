"""`sen-desktop check`: is the database sound, and do its tables agree with the op log?

Four checks, each cheap enough to run on a laptop in a school hall:
- SQLite's own ``PRAGMA integrity_check`` (pages, indexes, constraints);
- ``PRAGMA foreign_key_check`` (rows pointing at rows that are not there);
- the FTS5 ``search_index`` ``integrity-check`` command, where the index exists, and
  its content table against the minutes, resolutions, actions and recommendations;
- the operation log against the tables: every synced row has at least one operation
  (a row without one would never reach another laptop), and no operation names a row
  that is missing, unless it waits in ``sync_pending`` for a parent row (one set query
  per table, not a query per row); and, for the
  newest rows of each table, every field holds the value of its head operation;
- references a person reads that clash (two meetings numbered BESD 12, two actions
  SG-14 …; ``core.references``), made by two laptops apart: each is a problem until
  renumbered on the Conflicts page or with ``sen-desktop references --resolve``.
"""

from __future__ import annotations

from collections import Counter
from typing import Protocol, cast

from sqlalchemy import Connection, Engine, Table, literal_column, select, text
from sqlalchemy.exc import DBAPIError

from sen_desktop.core.progress import NO_PROGRESS, Cancelled, Progress
from sen_desktop.core.store.log_values import encode_value
from sen_desktop.core.store.models import SYNCED_MODELS, FieldHead, Operation
from sen_desktop.core.store.records import IntegrityReport

SEARCH_INDEX = "search_index"
SEARCH_TEXT = "search_text"  # the index's external content: (kind, row_id, group_id, text)
SEARCHED = {
    "minute": "minute_entry",
    "resolution": "resolution",
    "action": "action",
    "recommendation": "recommendation",
}
CHECK_STOPPED = "The check was stopped; it changes nothing, so the database is as it was."
_INTEGRITY_LIMIT = 10  # SQLite stops after this many findings; enough to act on
_SAMPLE = 50  # rows per table whose every field is compared with the log
_COUNTED = (
    ("group", "group", "groups"),
    ("seat", "seat", "seats"),
    ("person", "person", "people"),
    ("milestone", "milestone", "milestones"),
)


class HasEngine(Protocol):
    """What the check needs of a ``Database``: its engine."""

    @property
    def engine(self) -> Engine: ...


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _one_line(exc: DBAPIError) -> str:
    return " ".join(str(exc.orig).split())


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_integrity(conn: Connection) -> list[str]:
    rows = [str(r[0]) for r in conn.execute(text(f"PRAGMA integrity_check({_INTEGRITY_LIMIT})"))]
    if rows == ["ok"]:
        return []
    return [f"SQLite integrity check: {row}" for row in rows]


def _foreign_keys(conn: Connection) -> list[str]:
    # Rows: (table, rowid, parent table, foreign key index).
    broken = Counter((str(r[0]), str(r[2])) for r in conn.execute(text("PRAGMA foreign_key_check")))
    return [
        f"{_plural(n, 'row', 'rows')} in {table} point to a missing {parent}"
        for (table, parent), n in sorted(broken.items())
    ]


def _has_table(conn: Connection, name: str) -> bool:
    found = conn.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"),
        {"name": name},
    ).first()
    return found is not None


def _search_index(conn: Connection) -> list[str]:
    # The FTS5 'integrity-check' command is spelt as an INSERT but changes nothing; with
    # rank 1 it also compares the index with its external content table, raising
    # SQLITE_CORRUPT_VTAB where they differ. It runs in its own transaction (the
    # connection's reads so far are ended first), rolled back all the same.
    conn.rollback()
    try:
        conn.execute(
            text(f"INSERT INTO {SEARCH_INDEX}({SEARCH_INDEX}, rank) VALUES ('integrity-check', 1)")
        )
    except DBAPIError as exc:
        return [f"the search index is damaged ({_one_line(exc)}); it needs rebuilding"]
    finally:
        conn.rollback()
    if not _has_table(conn, SEARCH_TEXT):
        return []
    # The indexed text against the records it comes from: every live record indexed
    # once, nothing indexed that is deleted or gone.
    problems = []
    for kind, table in SEARCHED.items():
        params = {"kind": kind}
        missing = conn.execute(
            text(
                f"SELECT count(*) FROM {_quote(table)} WHERE NOT deleted AND id NOT IN "
                f"(SELECT row_id FROM {SEARCH_TEXT} WHERE kind = :kind)"
            ),
            params,
        ).scalar_one()
        stale = conn.execute(
            text(
                f"SELECT count(*) FROM {SEARCH_TEXT} WHERE kind = :kind AND row_id NOT IN "
                f"(SELECT id FROM {_quote(table)} WHERE NOT deleted)"
            ),
            params,
        ).scalar_one()
        if missing or stale:
            problems.append(
                f"the search index is out of step for {table} ({missing} missing, "
                f"{stale} stale); it needs rebuilding"
            )
    return problems


def _operation_log(conn: Connection) -> list[str]:
    problems = []
    for model in SYNCED_MODELS:
        table = model.__tablename__
        params = {"entity": table}
        # NOT IN over an uncorrelated subquery: SQLite builds the set once.
        unlogged = conn.execute(
            text(
                f"SELECT count(*) FROM {_quote(table)} WHERE id NOT IN "
                "(SELECT row_id FROM operation WHERE entity = :entity)"
            ),
            params,
        ).scalar_one()
        if unlogged:
            problems.append(
                f"{_plural(unlogged, 'row', 'rows')} in {table} "
                f"{'has' if unlogged == 1 else 'have'} no operation in the log"
            )
        # A row still waiting for its parent (sync_pending: its operations came first,
        # or it hangs off a row a revoked laptop made) is not in its table yet, rightly.
        orphaned = conn.execute(
            text(
                "SELECT count(DISTINCT row_id) FROM operation WHERE entity = :entity "
                f"AND row_id NOT IN (SELECT id FROM {_quote(table)}) "
                "AND row_id NOT IN (SELECT row_id FROM sync_pending WHERE entity = :entity)"
            ),
            params,
        ).scalar_one()
        if orphaned:
            problems.append(
                f"the log has operations for {_plural(orphaned, 'row', 'rows')} "
                f"missing from {table}"
            )
    known = [m.__tablename__ for m in SYNCED_MODELS]
    marks = ", ".join(f":e{i}" for i in range(len(known)))
    strays = conn.execute(
        text(f"SELECT count(*) FROM operation WHERE entity NOT IN ({marks})"),
        {f"e{i}": name for i, name in enumerate(known)},
    ).scalar_one()
    if strays:
        problems.append(
            f"the log has {_plural(strays, 'operation', 'operations')} for unknown entities"
        )
    return problems


def _spot_check(conn: Connection) -> list[str]:
    """The newest rows of each table hold the values their fields' head operations say.

    The newest rows are where a write that bypassed capture would most likely be; a
    field with two heads (an unresolved sync conflict) may hold either.
    """
    mismatched: list[str] = []
    for model in SYNCED_MODELS:
        table = cast("Table", model.__table__)
        rows = conn.execute(
            select(table).order_by(literal_column("rowid").desc()).limit(_SAMPLE)
        ).mappings()
        by_id = {str(row["id"]): row for row in rows}
        if not by_id:
            continue
        heads: dict[tuple[str, str], set[str]] = {}
        found = conn.execute(
            select(FieldHead.row_id, FieldHead.field, Operation.value)
            .join(Operation, Operation.op_id == FieldHead.op_id)
            .where(FieldHead.entity == table.name, FieldHead.row_id.in_(list(by_id)))
        )
        for row_id, field, value in found:
            heads.setdefault((row_id, field), set()).add(value)
        for row_id, row in by_id.items():
            if not any(key[0] == row_id for key in heads):
                continue  # reported already as a row with no operation
            for column in table.columns:
                if column.primary_key:
                    continue
                logged = heads.get((row_id, column.name))
                if logged is None or encode_value(column, row[column.name]) not in logged:
                    mismatched.append(f"{table.name}.{column.name}")
    if not mismatched:
        return []
    fields = sorted(set(mismatched))
    shown = ", ".join(fields[:3]) + (" …" if len(fields) > 3 else "")
    return [
        f"{_plural(len(mismatched), 'field disagrees', 'fields disagree')} with the "
        f"operation log ({shown})"
    ]


def _clashes(conn: Connection) -> list[str]:
    # One grouped query per kind of reference; only clashing rows are read further.
    from sqlalchemy.orm import Session

    from sen_desktop.core.references.detection import find_clashes

    with Session(bind=conn) as s:
        clashes = find_clashes(s)
    if not clashes:
        return []
    named = ", ".join(f"{c.kind} {c.reference}" for c in clashes[:3])
    more = " …" if len(clashes) > 3 else ""
    waiting = sum(1 for c in clashes if c.needs_person)
    decide = f", {waiting} of them for a person to decide" if waiting else ""
    return [
        f"{_plural(len(clashes), 'reference clashes', 'references clash')} ({named}{more}"
        f"{decide}); renumber on the Conflicts page or with `sen-desktop references --resolve`"
    ]


def _counts(conn: Connection) -> str:
    parts = []
    for table, one, many in _COUNTED:
        n = conn.execute(
            text(f"SELECT count(*) FROM {_quote(table)} WHERE NOT deleted")
        ).scalar_one()
        parts.append(_plural(n, one, many))
    return ", ".join(parts)


def check_integrity(db: HasEngine, progress: Progress = NO_PROGRESS) -> IntegrityReport:
    """Run every check; the summary is one line starting "OK:" or "PROBLEM:".

    ``progress`` hears of each check in turn, and its Cancel stops the check (SQLite's
    own page-by-page check too, within moments) with ``Cancelled``: checking writes
    nothing, so the database is as it was.
    """
    steps = (
        "pages and indexes", "references between rows", "the search index",
        "the operation log", "the newest rows against the log", "clashing references",
    )
    try:
        with db.engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert raw is not None
            raw.set_progress_handler(lambda: int(progress.cancelled), 10_000)
            try:
                progress.step(0, len(steps), steps[0])
                problems = _sqlite_integrity(conn)
                progress.step(1, len(steps), steps[1])
                problems += _foreign_keys(conn)
                progress.step(2, len(steps), steps[2])
                indexed = _has_table(conn, SEARCH_INDEX)
                if indexed:
                    problems += _search_index(conn)
                progress.step(3, len(steps), steps[3])
                problems += _operation_log(conn)
                progress.step(4, len(steps), steps[4])
                problems += _spot_check(conn)
                progress.step(5, len(steps), steps[5])
                problems += _clashes(conn)
                counts = _counts(conn)
            finally:
                raw.set_progress_handler(None, 0)
    except DBAPIError as exc:
        if progress.cancelled:  # SQLite was interrupted by the Cancel
            raise Cancelled(CHECK_STOPPED) from None
        problem = f"the database cannot be read ({_one_line(exc)})"
        return IntegrityReport(ok=False, summary=f"PROBLEM: {problem}.", problems=(problem,))
    except Cancelled:
        raise Cancelled(CHECK_STOPPED) from None
    if problems:
        return IntegrityReport(
            ok=False,
            # SQLite's own reports can span lines; `check` prints exactly one.
            summary=" ".join(f"PROBLEM: {'; '.join(problems)}. ({counts})".split()),
            problems=tuple(problems),
        )
    checked = (
        "integrity, foreign keys, search index and operation log consistent"
        if indexed
        else "integrity, foreign keys and operation log consistent (no search index)"
    )
    return IntegrityReport(ok=True, summary=f"OK: {counts}; {checked}.")
