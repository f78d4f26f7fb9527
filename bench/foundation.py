"""Benchmarks for the foundation: opening the store, the check command, listing groups."""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys

from bench import Comparison, Workspace, benchmark, measure, run_process


@benchmark(
    "open database",
    ours="open_database + close",
    baseline="sqlite3.connect + 1 SELECT",
)
def open_database_vs_sqlite(space: Workspace) -> Comparison:
    from sen_desktop.core.store.database import open_database

    path = space.database_path

    def ours() -> None:
        open_database(path).close()

    def baseline() -> None:
        connection = sqlite3.connect(path)
        try:
            connection.execute("SELECT version_num FROM alembic_version").fetchall()
        finally:
            connection.close()

    return Comparison(measure(ours, space.repeat), measure(baseline, space.repeat))


@benchmark(
    "check command",
    ours="sen-desktop check (process)",
    baseline="python -c pass (process)",
)
def check_command_vs_bare_interpreter(space: Workspace) -> Comparison:
    check = [sys.executable, "-m", "sen_desktop", "--data-dir", str(space.data_dir), "check"]
    bare = [sys.executable, "-c", "pass"]
    return Comparison(
        measure(lambda: run_process(check, space.env), space.repeat),
        measure(lambda: run_process(bare, space.env), space.repeat),
    )


# The rows ProgrammeService.list_groups returns, fetched by hand: live groups in plan
# order with their seat count and the seats someone holds today.
_GROUPS_SQL = """
SELECT g.id, g.code, g.name, g.kind, g.dimension,
       (SELECT count(*) FROM seat s WHERE s.group_id = g.id AND NOT s.deleted),
       (SELECT count(DISTINCT s.id) FROM seat s JOIN appointment a ON a.seat_id = s.id
         WHERE s.group_id = g.id AND NOT s.deleted AND NOT a.deleted
           AND a.start_date <= :today AND (a.end_date IS NULL OR a.end_date >= :today))
FROM "group" g
WHERE NOT g.deleted
ORDER BY g.position, g.name
"""


@benchmark(
    "list groups",
    ours="ProgrammeService.list_groups",
    baseline="the same rows by bare SQL",
)
def list_groups_vs_bare_sql(space: Workspace) -> Comparison:
    from sen_desktop.core.programme.service import ProgrammeService
    from sen_desktop.core.store.database import open_database

    db = open_database(space.database_path)
    connection = sqlite3.connect(space.database_path)
    try:
        service = ProgrammeService(db.session_factory)
        today = dt.date.today().isoformat()
        ours_rows = service.list_groups()
        bare_rows = connection.execute(_GROUPS_SQL, {"today": today}).fetchall()
        # The comparison is only fair if both fetch the same thing.
        ours_counts = sorted((g.id, g.seat_count, g.filled_count) for g in ours_rows)
        bare_counts = sorted((row[0], row[5], row[6]) for row in bare_rows)
        if ours_counts != bare_counts:
            raise RuntimeError("list_groups and the bare SQL disagree; fix _GROUPS_SQL")
        return Comparison(
            measure(service.list_groups, space.repeat),
            measure(
                lambda: connection.execute(_GROUPS_SQL, {"today": today}).fetchall(),
                space.repeat,
            ),
        )
    finally:
        connection.close()
        db.close()
