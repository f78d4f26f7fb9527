"""Full-text search across minutes, resolutions, actions and recommendations.

The store keeps the FTS5 table ``search_index`` current (see the baseline migration):
one document per minute entry, resolution, action and recommendation, with its kind,
row id and group. ``SearchService.search`` turns what a person typed into a safe FTS5
query, ranks the matches with bm25, marks the matched words in a snippet, and says for
each hit where it was found (group, meeting, agenda item or action) so that the window
can open the place.

What a person types is never FTS5 syntax: every word becomes a quoted string, so
quotes, brackets, ``-``, ``*``, ``NEAR(``, ``AND``/``OR``/``NOT`` and emoji are plain
text. Two conveniences are kept: "a quoted phrase" matches those words together (an
unclosed quote runs to the end), and a trailing ``*`` matches words beginning with what
comes before it (``outr*``). All words must match. An action's reference typed on
its own ("SG-14") finds that action first, whatever its text says.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import text as sql

from sen_desktop.core.minutes.records import resolution_label
from sen_desktop.core.search_records import (
    ELLIPSIS,
    KIND_LABELS,
    KINDS,
    MARK_END,
    MARK_START,
    SearchHit,
    snippet_fragments,
)
from sen_desktop.core.validation import uk_date

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from sqlalchemy.orm import Session, sessionmaker

MAX_TERMS: Final = 16
MAX_TERM_LENGTH: Final = 64
MAX_LIMIT: Final = 1000
SNIPPET_TOKENS: Final = 20


# --- the query ----------------------------------------------------------------------------


def _token_char(char: str) -> bool:
    # The unicode61 tokenizer's word characters: letters, numbers and private use.
    return char.isalnum() or unicodedata.category(char) == "Co"


def _usable(char: str) -> bool:
    category = unicodedata.category(char)
    # Control characters and lone surrogates (which SQLite cannot encode) are dropped.
    return not (category in ("Cc", "Cs") or char in (MARK_START, MARK_END))


def parse_terms(text: str) -> list[tuple[str, bool]]:
    """What a person typed as (words, prefix) terms; phrases keep their words together."""
    cleaned = "".join(c if _usable(c) else " " for c in text)
    terms: list[tuple[str, bool]] = []
    i, n = 0, len(cleaned)
    while i < n and len(terms) < MAX_TERMS:
        char = cleaned[i]
        if char.isspace():
            i += 1
            continue
        if char == '"':
            close = cleaned.find('"', i + 1)
            end = n if close < 0 else close
            raw = cleaned[i + 1 : end]
            i = end + 1
            prefix = i < n and cleaned[i] == "*"
            if prefix:
                i += 1
        else:
            end = i
            while end < n and not cleaned[end].isspace() and cleaned[end] != '"':
                end += 1
            raw = cleaned[i:end]
            i = end
            prefix = raw.endswith("*")
        words = " ".join(raw.replace("*", " ").split())[:MAX_TERM_LENGTH]
        if any(_token_char(c) for c in words):
            terms.append((words, prefix))
    return terms


def fts_query(text: str) -> str | None:
    """The FTS5 MATCH expression for ``text`` (None when nothing in it can match)."""
    terms = parse_terms(text)
    if not terms:
        return None
    phrases = " ".join(
        '"' + words.replace('"', '""') + '"' + ("*" if prefix else "") for words, prefix in terms
    )
    # Only the text column: "kind" is indexed too, and "action" must not match every action.
    return f"text : ({phrases})"


# --- where a hit was found -------------------------------------------------------------------

# Best match first; among equally good ones the most recently written first (the index
# numbers its rows as they are written).

_MATCH_SQL = f"""
SELECT st.kind, st.row_id, st.group_id,
       snippet(search_index, 3, :start, :end, :ellipsis, {SNIPPET_TOKENS}),
       bm25(search_index)
FROM search_index JOIN search_text AS st ON st.id = search_index.rowid
WHERE search_index MATCH :query
ORDER BY rank, search_index.rowid DESC
LIMIT :limit
"""

# (row id, agenda item, item title, item position, minute number, meeting, date, group,
#  group name, resolution's place among its item's or None) for minutes and
#  resolutions in live places. Resolutions are lettered by their order, as the minutes
#  letter them: position, then id.
_ITEM_PLACE = """
SELECT x.id, a.id, a.title, a.position, a.minute_number, m.id, m.date, g.id, g.name, {pos}
FROM {table} AS x
JOIN agenda_item AS a ON a.id = x.agenda_item_id AND NOT a.deleted
JOIN meeting AS m ON m.id = a.meeting_id AND NOT m.deleted
JOIN "group" AS g ON g.id = m.group_id
WHERE x.id IN ({ids})
"""

_ACTION_PLACE = """
SELECT x.id, x.reference, x.group_id, x.meeting_id, x.agenda_item_id, m.date
FROM action AS x LEFT JOIN meeting AS m ON m.id = x.meeting_id
WHERE x.id IN ({ids})
"""

_RECOMMENDATION_PLACE = """
SELECT x.id, x.reference, x.title, x.group_id FROM recommendation AS x WHERE x.id IN ({ids})
"""

_Place = dict[str, Any]

_REFERENCE = re.compile(r"[A-Za-z][A-Za-z0-9]*-\d+")
_BY_REFERENCE = """
SELECT x.id, x.description FROM action AS x
WHERE x.reference IN ({ids}) AND NOT x.deleted
ORDER BY x.reference, x.id
"""


def _in_clause(ids: Sequence[str]) -> tuple[str, dict[str, str]]:
    names = [f"id{i}" for i in range(len(ids))]
    return ", ".join(f":{name}" for name in names), dict(zip(names, ids, strict=True))


def _item_places(s: Session, table: str, ids: Sequence[str]) -> dict[str, _Place]:
    marks, params = _in_clause(ids)
    pos = (
        "(SELECT count(*) + 1 FROM resolution AS o WHERE o.agenda_item_id = x.agenda_item_id"
        " AND NOT o.deleted AND (o.position < x.position"
        " OR (o.position = x.position AND o.id < x.id)))"
        if table == "resolution"
        else "NULL"
    )
    places: dict[str, _Place] = {}
    rows = s.execute(sql(_ITEM_PLACE.format(table=table, pos=pos, ids=marks)), params)
    for row_id, item_id, title, position, minute_no, meeting_id, day, gid, gname, rpos in rows:
        date = dt.date.fromisoformat(day) if isinstance(day, str) else day
        number = minute_no if minute_no is not None else position
        where = f"{gname}, {uk_date(date)} — {number}. {title}"
        if rpos is not None:
            where += f", resolution {resolution_label(int(rpos))}"
        places[row_id] = {
            "title": where,
            "group_id": gid,
            "meeting_id": meeting_id,
            "agenda_item_id": item_id,
            "meeting_date": date,
        }
    return places


def _action_places(s: Session, ids: Sequence[str]) -> dict[str, _Place]:
    marks, params = _in_clause(ids)
    places: dict[str, _Place] = {}
    for row_id, reference, gid, meeting_id, item_id, day in s.execute(
        sql(_ACTION_PLACE.format(ids=marks)), params
    ):
        date = dt.date.fromisoformat(day) if isinstance(day, str) else day
        places[row_id] = {
            "title": f"Action {reference}",
            "group_id": gid,
            "meeting_id": meeting_id,
            "agenda_item_id": item_id,
            "action_id": row_id,
            "meeting_date": date,
        }
    return places


def _recommendation_places(s: Session, ids: Sequence[str]) -> dict[str, _Place]:
    marks, params = _in_clause(ids)
    return {
        row_id: {
            "title": f"Recommendation {reference}: {title}" if reference else title,
            "group_id": gid,
            "recommendation_id": row_id,
        }
        for row_id, reference, title, gid in s.execute(
            sql(_RECOMMENDATION_PLACE.format(ids=marks)), params
        )
    }


_PLACES: Final[dict[str, Callable[[Session, Sequence[str]], dict[str, _Place]]]] = {
    "minute": lambda s, ids: _item_places(s, "minute_entry", ids),
    "resolution": lambda s, ids: _item_places(s, "resolution", ids),
    "action": _action_places,
    "recommendation": _recommendation_places,
}


class SearchService:
    """Search the programme's text; see the module docstring for what a query means."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sf = session_factory

    def search(
        self,
        text: str,
        limit: int = 200,
        *,
        group_id: str | None = None,
        kinds: Iterable[str] | None = None,
    ) -> list[SearchHit]:
        """The best ``limit`` hits for ``text``, best first; [] for blank text.

        ``group_id`` keeps only one group's hits and ``kinds`` only those kinds. Hits in
        a deleted meeting or agenda item are left out.
        """
        if not isinstance(text, str) or not text.strip():
            return []
        query = fts_query(text)
        if query is None:
            return []
        limit = max(1, min(int(limit), MAX_LIMIT))
        wanted = set(kinds) if kinds is not None else None
        # Filters are applied after ranking, so fetch more when filtering.
        fetch = limit if group_id is None and wanted is None else MAX_LIMIT * 5
        params = {
            "start": MARK_START,
            "end": MARK_END,
            "ellipsis": ELLIPSIS,
            "query": query,
            "limit": fetch,
        }
        with self._sf() as s:
            found = self._by_reference(s, text) if wanted is None or "action" in wanted else []
            seen = {row_id for _, row_id, *_ in found}
            found += [
                (kind, row_id, gid, snippet, score)
                for kind, row_id, gid, snippet, score in s.execute(sql(_MATCH_SQL), params)
                if (wanted is None or kind in wanted)
                and (group_id is None or gid == group_id)
                and row_id not in seen
            ]
            ids_by_kind: dict[str, list[str]] = {}
            for kind, row_id, *_ in found:
                ids_by_kind.setdefault(kind, []).append(row_id)
            places: dict[tuple[str, str], _Place] = {}
            for kind, ids in ids_by_kind.items():
                resolve = _PLACES.get(kind)
                if resolve is None:
                    continue
                for start in range(0, len(ids), 500):
                    for row_id, place in resolve(s, ids[start : start + 500]).items():
                        places[(kind, row_id)] = place
        hits: list[SearchHit] = []
        for kind, row_id, gid, snippet, score in found:
            found_at = places.get((kind, row_id))
            if found_at is None:
                continue  # its meeting or agenda item has been deleted
            if group_id is not None and found_at.get("group_id", gid) != group_id:
                continue
            hits.append(
                SearchHit(
                    kind=kind,
                    row_id=row_id,
                    title=found_at["title"],
                    snippet=snippet or "",
                    group_id=found_at.get("group_id", gid),
                    meeting_id=found_at.get("meeting_id"),
                    agenda_item_id=found_at.get("agenda_item_id"),
                    action_id=found_at.get("action_id"),
                    recommendation_id=found_at.get("recommendation_id"),
                    meeting_date=found_at.get("meeting_date"),
                    score=float(score),
                )
            )
            if len(hits) >= limit:
                break
        return hits

    @staticmethod
    def _by_reference(s: Session, text: str) -> list[tuple[str, str, str | None, str, float]]:
        """Actions whose reference is a word of ``text``, spelt in any case."""
        words = [w.upper() for w in text.split() if _REFERENCE.fullmatch(w)][:MAX_TERMS]
        if not words:
            return []
        marks, params = _in_clause(words)
        return [
            ("action", row_id, None, description, float("-inf"))
            for row_id, description in s.execute(sql(_BY_REFERENCE.format(ids=marks)), params)
        ]


__all__ = [
    "ELLIPSIS",
    "KINDS",
    "KIND_LABELS",
    "MARK_END",
    "MARK_START",
    "SearchHit",
    "SearchService",
    "fts_query",
    "parse_terms",
    "snippet_fragments",
]
