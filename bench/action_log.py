"""Benchmark for the action log: opening a log of 100,000 actions.

Opening the log is what the window does when the Action Log page is chosen: the
ordered ids of every action (one query), the display rows of the first page (one
query) and the table model over them. The baseline is bare sqlite3 running the same
two statements by hand. The data is the ten-year demo programme at scale 10 (about
107,000 actions), built once by ``bench.demo_data`` and reused between runs.
"""

from __future__ import annotations

import sqlite3

from bench import Comparison, Workspace, benchmark, measure
from bench.demo_data import demo_database, demo_size, read_only_store

# --quick (the test suite's smoke run) measures a one-year programme instead.
YEARS, SCALE = demo_size(10, 10)
PAGE = 200

# The ids ActionService.query_ids returns for the whole log in reference order: live
# actions by the reference's prefix and then its number, so SG-2 comes before SG-10.
_IDS_SQL = """
SELECT id FROM action
WHERE NOT deleted
ORDER BY substr(reference, 1, instr(reference, '-') - 1),
         CAST(substr(reference, instr(reference, '-') + 1) AS INTEGER),
         id
"""

# The display rows of one page, as ActionService.rows fetches them.
_ROWS_SQL = """
SELECT a.id, a.reference, a.group_id, g.code, a.meeting_id, a.agenda_item_id,
       m.number, m.date, i.minute_number, i.position, a.description, a.owner_id,
       a.owner_text, p.full_name, a.due_date, a.status, a.brag, a.brag_comment,
       a.closed_meeting_id,
       (SELECT u.text FROM action_update u WHERE u.action_id = a.id AND NOT u.deleted
        ORDER BY u.date DESC, u.rowid DESC LIMIT 1),
       (SELECT u.date FROM action_update u WHERE u.action_id = a.id AND NOT u.deleted
        ORDER BY u.date DESC, u.rowid DESC LIMIT 1)
FROM action a
JOIN "group" g ON g.id = a.group_id
LEFT JOIN person p ON p.id = a.owner_id
LEFT JOIN meeting m ON m.id = a.meeting_id
LEFT JOIN agenda_item i ON i.id = a.agenda_item_id
WHERE a.id IN ({marks})
"""


@benchmark(
    "open 100,000-action log",
    ours="query_ids + first page + model",
    baseline="the same two queries, bare sqlite3",
)
def open_action_log(space: Workspace) -> Comparison:
    from sen_desktop.core.actions.service import ActionService
    from sen_desktop.gui.action_log.model import ActionLogModel

    path = demo_database(YEARS, SCALE)
    engine, factory = read_only_store(path)
    connection = sqlite3.connect(path)
    try:
        service = ActionService(factory)

        def ours() -> ActionLogModel:
            ids = service.query_ids()
            model = ActionLogModel(service.rows, page_size=PAGE)
            model.set_ids(ids, service.rows(ids[:PAGE]))
            return model

        def bare() -> tuple[list[str], list[tuple[object, ...]]]:
            ids = [row[0] for row in connection.execute(_IDS_SQL)]
            first = ids[:PAGE]
            rows = connection.execute(
                _ROWS_SQL.format(marks=",".join("?" * len(first))), first
            ).fetchall()
            return ids, rows

        model = ours()
        bare_ids, bare_rows = bare()
        # The comparison is only fair if both fetch the same thing.
        if model.ids() != bare_ids or len(bare_ids) < (100_000 if SCALE >= 10 else 100):
            raise RuntimeError("the action log and the bare SQL disagree on the ids")
        first_page = [model.record(row) for row in range(PAGE)]
        if sorted(r.id for r in first_page if r) != sorted(str(row[0]) for row in bare_rows):
            raise RuntimeError("the action log and the bare SQL disagree on the first page")
        return Comparison(measure(ours, space.repeat), measure(bare, space.repeat))
    finally:
        connection.close()
        engine.dispose()
