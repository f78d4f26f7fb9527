"""Write scope (docs/TRUST.md "Authorship"): which rows an operation's signer may write,
for ``sync.authority.Checker``.

``WriteScope`` is the part of the checker that maps each row an operation touches to
its group through its foreign keys (``WRITE_PATH``: the chains ``sync.scope`` follows
for reading), using the database and what the bundle's first pass noted, and says in
one sentence why a signer may not write it (see ``sync.authority`` for the rules). It
also names laptops and groups in those sentences. It holds no state of its own: the
checker sets the caches it reads and fills.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import orjson

from sen_desktop.sync.scope import PROGRAMME_WIDE

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from sqlalchemy.orm import Session

    from sen_desktop.sync.certificates import Certificate
    from sen_desktop.sync.operations import OpRow
    from sen_desktop.sync.registry import Registry

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
}
# Rows that link a person to a group (scope.py reads people through the same two).
PERSON_LINKS: Final[dict[str, str]] = {"appointment": "person_id", "attendance": "person_id"}
SIGNATURE_FIELDS: Final = frozenset({"signature", "signer_laptop", "by_id"})
NO_TOMBSTONE: Final = frozenset({"signing_key", "recommendation_event"})
ROOT_GROUP_FIELDS: Final = frozenset({"code", "kind", "reports_to_id", "deleted"})
_NOUNS: Final[dict[str, str]] = {
    "group": "details",
    "remit_item": "remit",
    "seat": "seats",
    "appointment": "appointments",
    "meeting": "meetings",
    "attendance": "attendance records",
    "agenda_item": "agendas",
    "minute_entry": "minutes",
    "resolution": "resolutions",
    "declaration": "declarations of interest",
    "action": "actions",
    "action_update": "action updates",
    "recommendation": "recommendations",
    "recommendation_remit": "recommendations",
    "recommendation_event": "recommendation decisions",
    "programme_setting": "the programme's settings",
    "programme_section": "the programme's plan",
    "body": "the list of bodies",
    "milestone": "the action plan",
    "milestone_link": "the action plan",
    "signing_key": "chairs' signing keys",
    "paper": "the list of papers",
    "person": "people",
    "provision_entry": "provision map",
    "provision_gap": "provision gaps",
    "criteria_version": "criteria for access",
    "access_criterion": "criteria for access",
    "recommendation_criterion": "recommendations",
}
_CHUNK = 400  # ids per IN (…): well under SQLite's bound-parameter limit
_REFUSED = "This bundle was refused: "
_NOBODY: Final[frozenset[str]] = frozenset()


def _plain(text: str, limit: int = 80) -> str:
    """A name from a certificate as plain text on one line."""
    clean = "".join(ch if ch.isprintable() else " " for ch in text)
    clean = " ".join(clean.split())
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class _Rights:
    """What one signer's certificate lets it write, as group ids."""

    root: bool
    all_groups: bool
    groups: frozenset[str]
    chair: bool
    writes_some: bool

    def writes_any(self, groups: frozenset[str]) -> bool:
        return self.all_groups or not self.groups.isdisjoint(groups)


# Scoped entities whose rows need nothing but their group (no decisions, no links).
_PLAIN: Final = frozenset(WRITE_PATH) - {"recommendation_event"}


class WriteScope:
    """The checker's write-scope and labelling half (``authority.Checker`` sets these)."""

    _session: Session
    _registry: Registry
    _certs: dict[str, Certificate]
    _noted: dict[tuple[str, str], dict[str, str | set[str]]]
    _links: dict[str, set[tuple[str, str]]]
    _first_op: dict[tuple[str, str], tuple[tuple[str, str, int], str | None]]
    _groups: dict[str, tuple[str, str, str]]  # id -> (code, name, kind)
    _steering_groups: frozenset[str]
    _row_groups: dict[tuple[str, str], frozenset[str]]
    _held_rows: dict[tuple[str, str], bool]
    _db_creators: dict[tuple[str, str], str | None]
    _person_groups: dict[str, frozenset[str]]
    _rights: dict[str, _Rights]

    # --- labels --------------------------------------------------------------------------

    def laptop_label(self, certificate: Certificate) -> str:
        """“the Parent/Carer Reference Group laptop “PCRG secretary”” and the like."""
        name = _plain(str(certificate.name))
        if certificate.is_root:
            return f"the programme lead's laptop “{name}”"
        write = [code for code in certificate.write if code != "*"]
        if len(write) == 1 and "*" not in certificate.write:
            for code, group_name, _kind in self._groups.values():
                if code == write[0]:
                    return f"the {_plain(group_name)} laptop “{name}”"
        return f"the laptop “{name}”"

    def signer_label(self, laptop_id: str) -> str:
        """``laptop_label`` of a signer of the bundle's batches, by laptop id."""
        certificate = self._certs.get(laptop_id) or self._registry.certificate(laptop_id)
        if certificate is None:
            return "an unknown laptop"
        return self.laptop_label(certificate)

    def _group_name(self, group_ids: Iterable[str]) -> str:
        names = []
        for group_id in group_ids:
            info = self._groups.get(group_id)
            if info is not None:
                names.append(_plain(info[1]))
            else:
                noted = self._noted_value("group", group_id, "name")
                if isinstance(noted, str):
                    names.append(_plain(noted))
        return sorted(names)[0] if names else "another group's"

    def _noted_value(self, entity: str, row_id: str, field: str) -> str | set[str] | None:
        return self._noted.get((entity, field), {}).get(row_id)

    # --- write scope -----------------------------------------------------------------------

    def _check_scope(self, scoped: list[tuple[int, OpRow, Certificate]]) -> list[tuple[int, str]]:
        problems: list[tuple[int, str]] = []
        if not scoped:
            return problems
        self._resolve_for(scoped)
        rights = self._rights
        row_groups = self._row_groups
        for index, op, certificate in scoped:
            right = rights.get(certificate.laptop_id)
            if right is None:
                right = rights[certificate.laptop_id] = self._rights_of(certificate)
            entity = op.entity
            if right.root and entity not in NO_TOMBSTONE:
                continue  # the root writes everything but tombstones and others' events
            # The common case in a few dictionary look-ups: a scoped row of the signer's
            # groups, a field that moves nothing, nothing about decisions or keys.
            if not right.root and entity in _PLAIN and op.field != WRITE_PATH[entity][0]:
                groups = row_groups.get((entity, op.row_id), _NOBODY)
                if groups and (right.all_groups or not right.groups.isdisjoint(groups)):
                    continue
            message = self._scope_problem(op, certificate, right)
            if message is not None:
                problems.append((index, message))
        return problems

    def _rights_of(self, certificate: Certificate) -> _Rights:
        codes = {code: gid for gid, (code, _name, _kind) in self._groups.items()}
        groups = {gid for code, gid in codes.items() if certificate.can_write(code)}
        for group_id, value in self._noted.get(("group", "code"), {}).items():
            if group_id not in self._groups:
                values = {value} if isinstance(value, str) else value
                if any(certificate.can_write(code) for code in values):
                    groups.add(group_id)
        return _Rights(
            root=bool(certificate.is_root),
            all_groups="*" in certificate.write,
            groups=frozenset(groups),
            chair=bool(certificate.chair_roles()),
            writes_some=bool(certificate.write),
        )

    def _scope_problem(self, op: OpRow, certificate: Certificate, right: _Rights) -> str | None:
        entity = op.entity
        field = op.field
        if entity in NO_TOMBSTONE and field == "deleted" and op.value == "true":
            what = (
                "a recommendation decision"
                if entity == "recommendation_event"
                else ("a chair's signing key")
            )
            return (
                f"{_REFUSED}{self.laptop_label(certificate)} tried to delete {what}, which no "
                "laptop may do."
            )
        if entity == "recommendation_event" and field not in SIGNATURE_FIELDS:
            creator = self._creator(entity, op.row_id)
            if creator != certificate.laptop_id:
                return (
                    f"{_REFUSED}{self.laptop_label(certificate)} may not alter a recommendation "
                    "decision recorded by another laptop."
                )
        if right.root:
            return None
        if entity in PROGRAMME_WIDE:
            return (
                f"{_REFUSED}{self.laptop_label(certificate)} may not change "
                f"{_NOUNS.get(entity, 'programme-wide records')}; only the programme lead's "
                "laptop may."
            )
        if entity == "paper":
            if right.writes_some:
                return None
            return f"{_REFUSED}{self.laptop_label(certificate)} may not change the list of papers."
        if entity == "person":
            return self._person_problem(op, certificate, right)
        if entity == "group":
            if field in ROOT_GROUP_FIELDS or not self._is_held_row(entity, op.row_id):
                return (
                    f"{_REFUSED}{self.laptop_label(certificate)} may not add a group or change "
                    "a group's code, kind, reporting line or existence; only the programme "
                    "lead's laptop may."
                )
            groups: frozenset[str] = frozenset({op.row_id})
        elif entity in WRITE_PATH:
            groups = self._row_groups.get((entity, op.row_id), _NOBODY)
        else:
            return (
                f"{_REFUSED}{self.laptop_label(certificate)} changes a kind of record this "
                "program does not know."
            )
        if entity == "recommendation_event":
            if field in SIGNATURE_FIELDS and self._creator(entity, op.row_id) != (
                certificate.laptop_id
            ):
                if not right.chair:
                    return (
                        f"{_REFUSED}{self.laptop_label(certificate)} may not change the "
                        "signature of a recommendation decision recorded by another laptop; "
                        "only a chair's certified laptop signs."
                    )
                return self._signature_problem(op, certificate)
            groups = groups | self._steering_groups
        if right.all_groups:
            return None  # it may write every group: which one this row is in does not matter
        if not groups:
            return (
                f"{_REFUSED}{self.laptop_label(certificate)} changes "
                f"{_NOUNS.get(entity, 'records')} whose group this laptop cannot tell."
            )
        if not right.writes_any(groups):
            return (
                f"{_REFUSED}{self.laptop_label(certificate)} may not change "
                f"{self._group_name(groups)} {_NOUNS[entity]}."
            )
        path = WRITE_PATH.get(entity)
        if path is not None and path[0] == field:
            parent = _json_text(op.value)
            target = self._row_groups.get((path[1], parent), _NOBODY) if parent else _NOBODY
            if entity == "recommendation_event":
                target = target | self._steering_groups
            if not right.writes_any(target):
                return (
                    f"{_REFUSED}{self.laptop_label(certificate)} may not move {_NOUNS[entity]} "
                    f"under {self._group_name(target)}."
                )
        return None

    def _signature_problem(self, op: OpRow, certificate: Certificate) -> str | None:
        """A chair's laptop signs a decision as itself, for a person it is chair for: it
        may not name another laptop as the signer nor sign as someone else (either would
        let one certified chair strip or spoil another's genuine approval)."""
        value = _json_text(op.value)
        if op.field == "signer_laptop" and value not in (None, certificate.laptop_id):
            return (
                f"{_REFUSED}{self.laptop_label(certificate)} may not name another laptop as "
                "the signer of a recommendation decision."
            )
        if op.field == "by_id" and value not in {r.person for r in certificate.chair_roles()}:
            return (
                f"{_REFUSED}{self.laptop_label(certificate)} may not record a decision as "
                "made by a person it is not certified to sign for."
            )
        return None

    def _person_problem(self, op: OpRow, certificate: Certificate, right: _Rights) -> str | None:
        if right.writes_any(self._person_groups.get(op.row_id, _NOBODY)):
            return None
        if self._creator("person", op.row_id) == certificate.laptop_id:
            return None
        return (
            f"{_REFUSED}{self.laptop_label(certificate)} may not change the details of a "
            "person who belongs to none of its groups."
        )

    # --- resolving rows to groups ------------------------------------------------------------

    def _resolve_for(self, scoped: list[tuple[int, OpRow, Certificate]]) -> None:
        """Look up, in bulk, the groups of every row (and new parent) the chunk writes."""
        wanted: dict[str, set[str]] = {}
        people: set[str] = set()
        creators: set[tuple[str, str]] = set()
        groups_held: set[str] = set()
        cache = self._row_groups
        rights = self._rights
        for _index, op, certificate in scoped:
            entity = op.entity
            if entity == "recommendation_event":
                creators.add((entity, op.row_id))
            right = rights.get(certificate.laptop_id)
            if right is None:
                right = rights[certificate.laptop_id] = self._rights_of(certificate)
            if right.root:
                continue  # the root writes everywhere: nothing to look up
            path = WRITE_PATH.get(entity)
            if path is not None:
                if (entity, op.row_id) not in cache:
                    wanted.setdefault(entity, set()).add(op.row_id)
                if path[0] == op.field:
                    parent = _json_text(op.value)
                    if parent and (path[1], parent) not in cache:
                        wanted.setdefault(path[1], set()).add(parent)
            elif entity == "person":
                people.add(op.row_id)
            elif entity == "group":
                groups_held.add(op.row_id)
        for entity, ids in wanted.items():
            self._resolve(entity, ids)
        if people:
            self._resolve_people(people)
        if groups_held:
            self._load_held("group", groups_held)
        for row in creators:
            self._creator(*row)

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
                f'SELECT id, "{field}" FROM "{entity}" WHERE id IN ({_marks(len(part))})', part
            ):
                in_table[str(row_id)] = value
        missing = [i for i in todo if i not in in_table]
        logged: dict[str, set[str]] = {}
        for start in range(0, len(missing), _CHUNK):
            part = missing[start : start + _CHUNK]
            for row_id, text in self._rows(
                "SELECT row_id, value FROM operation WHERE entity = ? AND field = ? AND "
                f"row_id IN ({_marks(len(part))})",
                [entity, field, *part],
            ):
                value = _json_text(text)
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
                cache[(entity, row_id)] = _NOBODY
            elif isinstance(found, str):
                cache[(entity, row_id)] = cache.get((parent, found), _NOBODY)
            else:
                groups: set[str] = set()
                for value in found:
                    groups |= cache.get((parent, value), _NOBODY)
                cache[(entity, row_id)] = frozenset(groups)

    def _resolve_people(self, people: set[str]) -> None:
        todo = sorted(p for p in people if p not in self._person_groups)
        if not todo:
            return
        found: dict[str, set[str]] = {p: set() for p in todo}
        for start in range(0, len(todo), _CHUNK):
            part = todo[start : start + _CHUNK]
            marks = _marks(len(part))
            rows = self._rows(
                "SELECT a.person_id, s.group_id FROM appointment AS a JOIN seat AS s ON "
                f"s.id = a.seat_id WHERE a.person_id IN ({marks}) UNION "
                "SELECT t.person_id, m.group_id FROM attendance AS t JOIN meeting AS m ON "
                f"m.id = t.meeting_id WHERE t.person_id IN ({marks})",
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
                groups |= self._row_groups.get((entity, row_id), _NOBODY)
            self._person_groups[person_id] = frozenset(groups)

    def _load_held(self, entity: str, ids: Iterable[str]) -> None:
        todo = sorted(i for i in ids if (entity, i) not in self._held_rows)
        for start in range(0, len(todo), _CHUNK):
            part = todo[start : start + _CHUNK]
            held = {
                str(row_id)
                for (row_id,) in self._rows(
                    "SELECT DISTINCT row_id FROM operation WHERE entity = ? AND "
                    f"row_id IN ({_marks(len(part))})",
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

    # --- the database --------------------------------------------------------------------

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


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def _json_text(text: str) -> str | None:
    """The string a JSON value text holds, or None."""
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    return value if isinstance(value, str) else None


__all__ = [
    "NO_TOMBSTONE",
    "PERSON_LINKS",
    "ROOT_GROUP_FIELDS",
    "SIGNATURE_FIELDS",
    "WRITE_PATH",
    "WriteScope",
]
