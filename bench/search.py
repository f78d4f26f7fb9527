"""Benchmarks for search: ten years of minutes, ours against the bare FTS5 query."""

from __future__ import annotations

import sqlite3

from bench import Comparison, Workspace, benchmark, measure
from bench.demo_data import demo_database, demo_size, read_only_store

# --quick (the test suite's smoke run) measures a one-year programme instead.
YEARS, SCALE = demo_size(10, 1)
LIMIT = 200

# The rows SearchService.search returns, fetched by hand in one statement: the ranked
# matches with their snippets, and for each the agenda item, meeting and group (or the
# action's reference) that its title is made from.
_BARE_SQL = """
WITH hits AS (
    SELECT st.kind, st.row_id, search_index.rowid AS rid,
           snippet(search_index, 3, char(2), char(3), '…', 20) AS snip,
           bm25(search_index) AS score
    FROM search_index JOIN search_text AS st ON st.id = search_index.rowid
    WHERE search_index MATCH :query
    ORDER BY rank, search_index.rowid DESC
    LIMIT :limit
)
SELECT h.kind, h.row_id, h.snip, h.score,
       a.id, a.title, a.minute_number, a.position, r.position,
       m.id, m.date, g.id, g.name, x.reference
FROM hits AS h
LEFT JOIN minute_entry AS e ON h.kind = 'minute' AND e.id = h.row_id
LEFT JOIN resolution AS r ON h.kind = 'resolution' AND r.id = h.row_id
LEFT JOIN action AS x ON h.kind = 'action' AND x.id = h.row_id
LEFT JOIN agenda_item AS a ON a.id = coalesce(e.agenda_item_id, r.agenda_item_id,
                                               x.agenda_item_id)
LEFT JOIN meeting AS m ON m.id = a.meeting_id
LEFT JOIN "group" AS g ON g.id = m.group_id
ORDER BY h.score, h.rid DESC
"""


def _compare(query: str, space: Workspace) -> Comparison:
    from sen_desktop.core.search import SearchService, fts_query

    path = demo_database(YEARS, SCALE)
    engine, factory = read_only_store(path)
    connection = sqlite3.connect(path)
    try:
        service = SearchService(factory)
        params = {"query": fts_query(query), "limit": LIMIT}

        def bare() -> list[tuple[object, ...]]:
            return connection.execute(_BARE_SQL, params).fetchall()

        ours_ids = [hit.row_id for hit in service.search(query, LIMIT)]
        bare_ids = [row[1] for row in bare()]
        # The comparison is only fair if both fetch the same thing.
        if ours_ids != bare_ids or not ours_ids:
            raise RuntimeError(f"SearchService and the bare SQL disagree on {query!r}")
        return Comparison(
            measure(lambda: service.search(query, LIMIT), space.repeat),
            measure(bare, space.repeat),
        )
    finally:
        connection.close()
        engine.dispose()


@benchmark(
    "search 10 years (word)",
    ours="SearchService.search('outreach'), 200 hits",
    baseline="bare FTS5 MATCH + joins, same rows",
)
def search_word(space: Workspace) -> Comparison:
    return _compare("outreach", space)


@benchmark(
    "search 10 years (phrase)",
    ours="SearchService.search('\"speech and language\" therap*')",
    baseline="bare FTS5 MATCH + joins, same rows",
)
def search_phrase(space: Workspace) -> Comparison:
    return _compare('"speech and language" therap*', space)
