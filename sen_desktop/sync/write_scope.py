"""Write scope (docs/TRUST.md "Authorship"): which rows an operation's signer may write,
for ``sync.authority.Checker``.

``WriteScope`` is the part of the checker that says in one sentence why a signer may
not write a row (the row's group comes from ``sync.row_groups.RowGroups``), naming
laptops and groups in those sentences. It holds no state of its own: the checker sets
the caches it reads and fills. The rules:

- programme-wide records (``scope.PROGRAMME_WIDE``): the root role only;
- a group's own row: its writers, except its code, kind, reporting line and tombstone,
  and adding a group, which are the root's;
- a person: a laptop that writes a group the person is linked to (appointed to one of
  its seats, recorded at one of its meetings -- in the database or in this bundle), or
  the laptop that created the person;
- a recommendation's or a policy document's events (``DECISION_EVENTS``): its group, or
  a steering group (it decides, and records the outcome of SMT and Members, the
  consultation and publication); an event's signature fields
  are changed, on an event another laptop recorded, only by a laptop certified as a
  chair, signing as itself for a person it is certified for;
- papers (which belong to no group): any laptop that writes some group;
- a consultation and everything hanging off it: its group's writers, and its group is a
  steering group (which plans and oversees the consultation process): a working group's
  laptop may not make a consultation of its own, which every laptop would read;
- a link from a row to another row that must be of the row's own group (``WITHIN``: a
  gap's answering recommendation, a recommendation's criterion for access): an export
  carries the rows its rows refer to, so a link to another group's row would carry
  that row to the linking group's laptops;
- a chair's laptop signs only the decisions of the group or body it chairs (where the
  event names one), so a chair of one group cannot overwrite (the last writer wins)
  another chair's genuine signature.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from sen_desktop.sync.row_groups import NOBODY, WRITE_PATH, RowGroups, json_text
from sen_desktop.sync.scope import PROGRAMME_WIDE

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sen_desktop.sync.certificates import Certificate
    from sen_desktop.sync.operations import OpRow
    from sen_desktop.sync.registry import Registry

SIGNATURE_FIELDS: Final = frozenset({"signature", "signer_laptop", "by_id"})
# Append-only decisions: a recommendation's and a policy document's steps.
DECISION_EVENTS: Final = frozenset({"recommendation_event", "policy_event"})
NO_TOMBSTONE: Final = frozenset({"signing_key"}) | DECISION_EVENTS
_DECISION_NOUN: Final = {
    "recommendation_event": "recommendation decision",
    "policy_event": "policy decision",
}
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
    "policy_document": "policy documents",
    "policy_version": "policy documents",
    "policy_comment": "comments on policy documents",
    "policy_event": "policy decisions",
    "consultation": "consultations",
    "consultation_document": "consultations",
    "consultation_event": "consultation events",
    "consultation_theme": "consultation themes",
    "consultation_response": "consultation responses",
}
_REFUSED = "This bundle was refused: "
# A consultation and the rows hanging off it: written only under a steering group.
CONSULTATIONS: Final = frozenset(
    {
        "consultation",
        "consultation_document",
        "consultation_event",
        "consultation_theme",
        "consultation_response",
    }
)
# Links that stay within the row's own group: (entity, field) -> (target, what it is).
WITHIN: Final[dict[tuple[str, str], tuple[str, str]]] = {
    ("provision_gap", "recommendation_id"): (
        "recommendation",
        "provision gaps to another group's recommendations",
    ),
    ("recommendation_criterion", "criterion_id"): (
        "access_criterion",
        "recommendations to another group's criteria for access",
    ),
    # A policy step's meeting: of the policy's group or a steering group (where it was
    # agreed or endorsed), never another working group's.
    ("policy_event", "meeting_id"): ("meeting", "policy decisions to another group's meetings"),
}


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
_PLAIN: Final = frozenset(WRITE_PATH) - DECISION_EVENTS - CONSULTATIONS


class WriteScope(RowGroups):
    """The checker's write-scope and labelling half (``authority.Checker`` sets these)."""

    _registry: Registry
    _certs: dict[str, Certificate]
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
            if (
                not right.root
                and entity in _PLAIN
                and op.field != WRITE_PATH[entity][0]
                and (entity, op.field) not in WITHIN
            ):
                groups = row_groups.get((entity, op.row_id), NOBODY)
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
                f"a {_DECISION_NOUN[entity]}"
                if entity in DECISION_EVENTS
                else ("a chair's signing key")
            )
            return (
                f"{_REFUSED}{self.laptop_label(certificate)} tried to delete {what}, which no "
                "laptop may do."
            )
        if entity in DECISION_EVENTS and field not in SIGNATURE_FIELDS:
            creator = self._creator(entity, op.row_id)
            if creator != certificate.laptop_id:
                return (
                    f"{_REFUSED}{self.laptop_label(certificate)} may not alter a "
                    f"{_DECISION_NOUN[entity]} recorded by another laptop."
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
            groups = self._row_groups.get((entity, op.row_id), NOBODY)
        else:
            return (
                f"{_REFUSED}{self.laptop_label(certificate)} changes a kind of record this "
                "program does not know."
            )
        if entity in DECISION_EVENTS:
            if field in SIGNATURE_FIELDS and self._creator(entity, op.row_id) != (
                certificate.laptop_id
            ):
                if not right.chair:
                    return (
                        f"{_REFUSED}{self.laptop_label(certificate)} may not change the "
                        f"signature of a {_DECISION_NOUN[entity]} recorded by another laptop; "
                        "only a chair's certified laptop signs."
                    )
                return self._signature_problem(op, certificate)
            groups = groups | self._steering_groups
        if entity in CONSULTATIONS:
            problem = self._consultation_problem(op, certificate, groups)
            if problem is not None:
                return problem
        within = WITHIN.get((entity, field))
        if within is not None:
            problem = self._within_problem(op, certificate, groups, within)
            if problem is not None:
                return problem
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
            parent = json_text(op.value)
            target = self._row_groups.get((path[1], parent), NOBODY) if parent else NOBODY
            if entity in DECISION_EVENTS:
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
        value = json_text(op.value)
        if op.field == "signer_laptop" and value not in (None, certificate.laptop_id):
            return (
                f"{_REFUSED}{self.laptop_label(certificate)} may not name another laptop as "
                f"the signer of a {_DECISION_NOUN[op.entity]}."
            )
        if op.field == "by_id" and value not in {r.person for r in certificate.chair_roles()}:
            return (
                f"{_REFUSED}{self.laptop_label(certificate)} may not record a decision as "
                "made by a person it is not certified to sign for."
            )
        deciding = self._deciding_code(op.entity, op.row_id)
        chaired = {role.group.upper() for role in certificate.chair_roles()}
        if deciding is not None and deciding.upper() not in chaired:
            return (
                f"{_REFUSED}{self.laptop_label(certificate)} may sign only the decisions of "
                "the group or body its chair leads."
            )
        return None

    def _deciding_code(self, entity: str, row_id: str) -> str | None:
        """The code of the group or body an event names as deciding -- held here, noted in
        the bundle's first pass, or in the log -- or None when none can be told."""
        named: dict[str, str] = {}
        for group_id, body_id in self._rows(
            f'SELECT group_id, body_id FROM "{entity}" WHERE id = ?', [row_id]
        ):
            for field, value in (("group_id", group_id), ("body_id", body_id)):
                if isinstance(value, str) and value:
                    named[field] = value
        if not named:
            for field in ("group_id", "body_id"):
                noted = self._noted_value(entity, row_id, field)
                if isinstance(noted, str) and noted:
                    named[field] = noted
        if not named:
            for field, text in self._rows(
                "SELECT field, value FROM operation WHERE entity = ? AND row_id = ? AND "
                "field IN ('group_id', 'body_id') ORDER BY hlc, site_id, counter",
                [entity, row_id],
            ):
                value = json_text(str(text))
                if value:
                    named[str(field)] = value
        if "group_id" in named:
            info = self._groups.get(named["group_id"])
            return info[0] if info is not None else None
        if "body_id" in named:
            found = self._rows("SELECT code FROM body WHERE id = ?", [named["body_id"]])
            return str(found[0][0]) if found else None
        return None

    def _consultation_problem(
        self, op: OpRow, certificate: Certificate, groups: frozenset[str]
    ) -> str | None:
        """A consultation's rows hang off a steering group's consultation (the row's group
        and, when the consultation is moved, the group it is moved under)."""
        steering = self._steering_groups
        moved_to: frozenset[str] = groups
        if op.entity == "consultation" and op.field == "group_id":
            parent = json_text(op.value)
            moved_to = frozenset({parent}) if parent else NOBODY
        if groups and groups <= steering and moved_to and moved_to <= steering:
            return None
        return (
            f"{_REFUSED}{self.laptop_label(certificate)} may not change consultations; only "
            "a Steering Group laptop may."
        )

    def _within_problem(
        self,
        op: OpRow,
        certificate: Certificate,
        groups: frozenset[str],
        within: tuple[str, str],
    ) -> str | None:
        target_entity, what = within
        target = json_text(op.value)
        if target is None:
            return None  # the link cleared
        found = self._row_groups.get((target_entity, target), NOBODY)
        if found and groups and found <= groups:
            return None
        return f"{_REFUSED}{self.laptop_label(certificate)} may not link {what}."

    def _person_problem(self, op: OpRow, certificate: Certificate, right: _Rights) -> str | None:
        if right.writes_any(self._person_groups.get(op.row_id, NOBODY)):
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
            if entity in DECISION_EVENTS:
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
                    parent = json_text(op.value)
                    if parent and (path[1], parent) not in cache:
                        wanted.setdefault(path[1], set()).add(parent)
                within = WITHIN.get((entity, op.field))
                if within is not None:
                    target = json_text(op.value)
                    if target and (within[0], target) not in cache:
                        wanted.setdefault(within[0], set()).add(target)
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

__all__ = [
    "CONSULTATIONS",
    "DECISION_EVENTS",
    "NO_TOMBSTONE",
    "ROOT_GROUP_FIELDS",
    "SIGNATURE_FIELDS",
    "WITHIN",
    "WriteScope",
]
