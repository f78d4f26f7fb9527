"""Which group each row an operation touches belongs to, for the write-scope check
(docs/TRUST.md "Authorship"; ``sync.write_scope`` holds the rules, ``sync.authority``
the checker).

A row is mapped to its group through its foreign keys (``WRITE_PATH``: the chains
``sync.scope`` follows for reading), looked up in bulk in the database and, for rows
the database does not hold yet, in the log and in what the bundle's first pass noted
(``Checker.note``); a person through the groups whose seats or meetings link them. It
also tells who made a row: the signer of the batch holding its first operation.
``RowGroups`` holds no state of its own: the checker sets the caches it reads and fills.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import orjson

from sen_desktop.sync.materialize import marks

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from sqlalchemy.orm import Session

# Each scoped entity's foreign key towards its group, as sync.scope maps it for reading.
WRITE_PATH: Final[dict[str, tuple[str, str]]] = {
    "remit_item": ("group_id", "group"),
    "seat": ("group_id", "group"),
    "appointment": ("seat_id", "seat"),
    "meeting": ("group_id", "group"),
    "attendance": ("meeting_id", "meeting"),
    "agenda_item": ("meeting_id", "meeting"),
    "minute_entry": ("agenda_item_id", "agenda_item"),
    "resolution": ("agenda_item_id", "agenda_item"),
    "declaration": ("meeting_id", "meeting"),
    "action": ("group_id", "group"),
    "action_update": ("action_id", "action"),
    "recommendation": ("group_id", "group"),
    "recommendation_remit": ("recommendation_id", "recommendation"),
    "recommendation_event": ("recommendation_id", "recommendation"),
    "provision_entry": ("group_id", "group"),
    "provision_gap": ("group_id", "group"),
    "criteria_version": ("group_id", "group"),
    "access_criterion": ("version_id", "criteria_version"),
    "recommendation_criterion": ("recommendation_id", "recommendation"),
    "policy_document": ("group_id", "group"),
    "policy_version": ("policy_id", "policy_document"),
    "policy_comment": ("version_id", "policy_version"),
    "policy_event": ("version_id", "policy_version"),
    "consultation": ("group_id", "group"),
    "consultation_document": ("consultation_id", "consultation"),
    "consultation_event": ("consultation_id", "consultation"),
    "consultation_theme": ("consultation_id", "consultation"),
    "consultation_response": ("consultation_id", "consultation"),
}
# Rows that link a person to a group (scope.py reads people through the same two).
PERSON_LINKS: Final[dict[str, str]] = {"appointment": "person_id", "attendance": "person_id"}
NOBODY: Final[frozenset[str]] = frozenset()
_CHUNK = 400  # ids per IN (…): well under SQLite's bound-parameter limit


class RowGroups:
    """Rows to groups and rows to their makers, cached (``authority.Checker`` sets these)."""

    _session: Session
    _noted: dict[tuple[str, str], dict[str, str | set[str]]]
    _links: dict[str, set[tuple[str, str]]]
    _first_op: dict[tuple[str, str], tuple[tuple[str, str, int], str | None]]
    _groups: dict[str, tuple[str, str, str]]  # id -> (code, name, kind)
    _steering_groups: frozenset[str]
    _row_groups: dict[tuple[str, str], frozenset[str]]
    _held_rows: dict[tuple[str, str], bool]
    _db_creators: dict[tuple[str, str], str | None]
    _person_groups: dict[str, frozenset[str]]

    def _resolve(self, entity: str, ids: set[str]) -> None:
        cache = self._row_groups
        todo = sorted(i for i in ids if (entity, i) not in cache)
        if not todo:
            return
        if entity == "group":
            for group_id in todo:
                cache[(entity, group_id)] = frozenset({group_id})
            return
        field, parent = WRITE_PATH[entity]
        in_table: dict[str, Any] = {}
        for start in range(0, len(todo), _CHUNK):
            part = todo[start : start + _CHUNK]
            for row_id, value in self._rows(
                f'SELECT id, "{field}" FROM "{entity}" WHERE id IN ({marks(len(part))})', part
            ):
                in_table[str(row_id)] = value
        missing = [i for i in todo if i not in in_table]
        logged: dict[str, set[str]] = {}
        for start in range(0, len(missing), _CHUNK):
            part = missing[start : start + _CHUNK]
            for row_id, text in self._rows(
                "SELECT row_id, value FROM operation WHERE entity = ? AND field = ? AND "
                f"row_id IN ({marks(len(part))})",
                [entity, field, *part],
            ):
                value = json_text(text)
                if value:
                    logged.setdefault(str(row_id), set()).add(value)
        # Each row's parent: the table's value for a row held, else what the log and the
        # bundle say (a string when there is one, a set when they disagree).
        noted = self._noted.get((entity, field), {})
        parents: dict[str, str | set[str] | None] = {}
        every: set[str] = set()
        for row_id in todo:
            if row_id in in_table:
                value = in_table[row_id]
                parents[row_id] = value if isinstance(value, str) and value else None
            else:
                seen = noted.get(row_id)
                extra = logged.get(row_id)
                if extra is None:
                    parents[row_id] = seen
                else:
                    merged = set(extra)
                    if isinstance(seen, str):
                        merged.add(seen)
                    elif seen is not None:
                        merged |= seen
                    parents[row_id] = merged
            found = parents[row_id]
            if isinstance(found, str):
                every.add(found)
            elif found is not None:
                every |= found
        if every:
            self._resolve(parent, every)
        for row_id, found in parents.items():
            if found is None:
                cache[(entity, row_id)] = NOBODY
            elif isinstance(found, str):
                cache[(entity, row_id)] = cache.get((parent, found), NOBODY)
            else:
                groups: set[str] = set()
                for value in found:
                    groups |= cache.get((parent, value), NOBODY)
                cache[(entity, row_id)] = frozenset(groups)

    def _resolve_people(self, people: set[str]) -> None:
        todo = sorted(p for p in people if p not in self._person_groups)
        if not todo:
            return
        found: dict[str, set[str]] = {p: set() for p in todo}
        for start in range(0, len(todo), _CHUNK):
            part = todo[start : start + _CHUNK]
            listed = marks(len(part))
            rows = self._rows(
                "SELECT a.person_id, s.group_id FROM appointment AS a JOIN seat AS s ON "
                f"s.id = a.seat_id WHERE a.person_id IN ({listed}) UNION "
                "SELECT t.person_id, m.group_id FROM attendance AS t JOIN meeting AS m ON "
                f"m.id = t.meeting_id WHERE t.person_id IN ({listed})",
                [*part, *part],
            )
            for person_id, group_id in rows:
                found[str(person_id)].add(str(group_id))
        links: dict[str, set[str]] = {}
        for person_id in todo:
            for entity, row_id in self._links.get(person_id, ()):
                links.setdefault(entity, set()).add(row_id)
        for entity, ids in links.items():
            self._resolve(entity, ids)
        for person_id in todo:
            groups = found[person_id]
            for entity, row_id in self._links.get(person_id, ()):
                groups |= self._row_groups.get((entity, row_id), NOBODY)
            self._person_groups[person_id] = frozenset(groups)

    def _load_held(self, entity: str, ids: Iterable[str]) -> None:
        todo = sorted(i for i in ids if (entity, i) not in self._held_rows)
        for start in range(0, len(todo), _CHUNK):
            part = todo[start : start + _CHUNK]
            held = {
                str(row_id)
                for (row_id,) in self._rows(
                    "SELECT DISTINCT row_id FROM operation WHERE entity = ? AND "
                    f"row_id IN ({marks(len(part))})",
                    [entity, *part],
                )
            }
            for row_id in part:
                self._held_rows[(entity, row_id)] = row_id in held

    def _is_held_row(self, entity: str, row_id: str) -> bool:
        if (entity, row_id) not in self._held_rows:
            self._load_held(entity, [row_id])
        return self._held_rows[(entity, row_id)]

    def _creator(self, entity: str, row_id: str) -> str | None:
        """Who made the row: the signer of the batch holding its first operation -- in this
        laptop's log when it holds the row, else in this bundle."""
        key = (entity, row_id)
        if key in self._db_creators:
            return self._db_creators[key]
        creator: str | None
        if self._is_held_row(entity, row_id):
            creator = None
            first = self._rows(
                "SELECT site_id, counter FROM operation WHERE entity = ? AND row_id = ? "
                "ORDER BY hlc, site_id, counter LIMIT 1",
                [entity, row_id],
            )
            if first:
                site, counter = first[0]
                signers = self._rows(
                    "SELECT signer, legacy FROM op_batch WHERE site_id = ? AND "
                    "first_counter <= ? AND last_counter >= ? ORDER BY legacy",
                    [site, counter, counter],
                )
                creator = str(signers[0][0]) if signers else None
        else:
            noted = self._first_op.get(key)
            creator = noted[1] if noted is not None else None
        self._db_creators[key] = creator
        return creator

    def _rows(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        cursor = self._session.connection().connection.cursor()
        try:
            cursor.execute(sql, tuple(params))
            return [tuple(row) for row in cursor.fetchall()]
        finally:
            cursor.close()

    def _load_groups(self) -> None:
        for group_id, code, name, kind in self._rows(
            'SELECT id, code, name, kind FROM "group"', ()
        ):
            self._groups[str(group_id)] = (str(code), str(name), str(kind))
        self._steering_groups = frozenset(
            group_id
            for group_id, (_code, _name, kind) in self._groups.items()
            if kind == "steering"
        )


def json_text(text: str) -> str | None:
    """The string a JSON value text holds, or None."""
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    return value if isinstance(value, str) else None


__all__ = ["NOBODY", "PERSON_LINKS", "WRITE_PATH", "RowGroups", "json_text"]
