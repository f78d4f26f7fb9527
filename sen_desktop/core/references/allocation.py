"""Which laptop gives out which group's numbers, and from which range.

**Who allocates.** By default a group's references are allocated by one laptop: among
the laptops whose certificate (newest, not revoked) writes that group, the group's
chair's laptop comes last (a chair signs decisions; the minutes are written by others),
one whose certificate names the group (its secretary's) before one that writes every
group ("*"), a laptop other than the programme root's before the root's, and then the
lowest serial (the longest certified). So the BESD secretary's laptop numbers BESD, a
deputy lead writing everything numbers the groups nobody is named for, and the root
those nobody else writes but their chairs. That laptop, and every laptop when no
programme is set up (no certificates here), numbers from the group's ordinary range (1
to 9,999). Any other laptop numbers from its own range, ``serial × 10,000 + 1`` onwards
("SG-30001", meeting "BESD 30001" on the laptop with serial 3). Two laptops therefore
never give out the same number, so clashes come only from copies of one database (a
restore), from references made before the programme's certificates, or from a new
allocating laptop (a revocation) numbering on before the old one's last numbers arrived;
and a number made away from the allocating laptop is plainly out of sequence, so a
secretary sees at once that it was made elsewhere. "Next free" always means within the
range the number already belongs to, so renumbering never moves a reference into another
laptop's range. Minute numbers have no ranges: they follow on from the meeting before
(core/meetings/chain.py), so meetings scheduled on two laptops apart share minute numbers
until one is recounted -- which is automatic while neither meeting's minutes are
circulated.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Integer, func, select, text
from sqlalchemy import cast as sql_cast

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.references.records import BAND
from sen_desktop.core.store.models import Action, Group, Meeting, Recommendation

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sqlalchemy.orm import Session
    from sqlalchemy.sql.elements import ColumnElement


def has_tables(s: Session, *names: str) -> bool:
    marks = ", ".join(f":t{i}" for i in range(len(names)))
    found = s.execute(
        text(f"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ({marks})"),
        {f"t{i}": n for i, n in enumerate(names)},
    ).scalar_one()
    return int(found) == len(names)


@dataclass(frozen=True, slots=True)
class _Cert:
    serial: int
    laptop_id: str
    write: tuple[str, ...]
    root: bool
    chair_of: frozenset[str]  # groups whose chair this laptop is certified as


def _certificates(s: Session) -> tuple[str | None, list[_Cert]]:
    """This laptop's id and the newest unrevoked certificate of each laptop (the local
    registry tables of docs/TRUST.md, whose items were verified when stored)."""
    if not has_tables(s, "laptop_self", "laptop_certificate", "laptop_revocation"):
        return None, []
    own = s.execute(text("SELECT laptop_id FROM laptop_self LIMIT 1")).scalar()
    revoked = {
        (str(laptop), int(serial))
        for laptop, serial in s.execute(text("SELECT laptop_id, serial FROM laptop_revocation"))
    }
    newest: dict[str, _Cert] = {}
    for serial, laptop, item in s.execute(
        text("SELECT serial, laptop_id, item FROM laptop_certificate ORDER BY serial")
    ):
        try:
            body = json.loads(item)["body"]
            write = tuple(str(code) for code in body.get("write", ()))
            roles = body.get("roles", ())
            root = any(isinstance(r, dict) and r.get("role") == "root" for r in roles)
            chair_of = frozenset(
                str(r.get("group", ""))
                for r in roles
                if isinstance(r, dict) and r.get("role") == "chair"
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            continue  # verified when stored; an unreadable one simply does not count
        newest[str(laptop)] = _Cert(int(serial), str(laptop), write, root, chair_of)
    live = [c for c in newest.values() if (c.laptop_id, c.serial) not in revoked]
    return (str(own) if own is not None else None), live


def may_write(s: Session) -> Callable[[str], bool]:
    """Whether this laptop may change a group's records (its certificate writes the
    group): a renumbering another laptop would refuse must not be made here. Every
    group where no programme is set up; none once this laptop's certificate is revoked."""
    own, certs = _certificates(s)
    if own is None or not certs:
        return lambda _code: True
    mine = next((c for c in certs if c.laptop_id == own), None)
    if mine is None:
        return lambda _code: False
    return lambda code: code in mine.write or "*" in mine.write


def check_writable(s: Session, group_code: str) -> None:
    if not may_write(s)(group_code):
        raise ValidationError(
            f"This laptop is not certified to write {group_code}'s records, so renumber it "
            "on a laptop that is."
        )


def allocating_laptop(s: Session, group_code: str) -> str | None:
    """The laptop id that allocates the group's references (module docstring), or None
    when no certificate here writes the group."""
    _, certs = _certificates(s)
    return _allocator(certs, group_code)


def _allocator(certs: Sequence[_Cert], group_code: str) -> str | None:
    writers = [c for c in certs if group_code in c.write or "*" in c.write]
    if not writers:
        return None
    # The group's chair's laptop last (a chair signs decisions; others write the
    # minutes); then named for the group before "every group"; not the root before
    # the root; then the oldest certificate.
    best = min(
        writers,
        key=lambda c: (group_code in c.chair_of, group_code not in c.write, c.root, c.serial),
    )
    return best.laptop_id


def allocation_band(s: Session, group_code: str) -> int:
    """The range this laptop numbers the group's new references from: 0 (the ordinary
    range) on the allocating laptop or where no programme is set up, else this laptop's
    certificate serial."""
    own, certs = _certificates(s)
    if own is None:
        return 0
    mine = next((c for c in certs if c.laptop_id == own), None)
    allocator = _allocator(certs, group_code)
    if mine is None or allocator is None or allocator == own:
        return 0
    return mine.serial


def _action_number() -> ColumnElement[Any]:
    ref = Action.reference
    return sql_cast(func.substr(ref, func.instr(ref, "-") + 1), Integer)


def _recommendation_number() -> ColumnElement[Any]:
    ref = Recommendation.reference
    return sql_cast(func.substr(ref, func.instr(ref, "-R") + 2), Integer)


def _next_in_band(s: Session, number: Any, where: Any, band: int, *, counted: bool = False) -> int:
    """The next free number of a range, removed rows counted (never given out twice).
    ``counted``: never below the number of rows in the range either (the action log's
    old guard against references that are not numbers at all)."""
    low, high = band * BAND, (band + 1) * BAND
    count, highest = s.execute(
        select(func.count(), func.max(number)).where(where, number >= low, number < high)
    ).one()
    top = max(int(highest or 0), low)
    if counted and band == 0:
        top = max(top, int(count or 0))
    return top + 1


def next_meeting_number(s: Session, group: Group, band: int | None = None) -> int:
    """The number a new meeting of ``group`` takes on this laptop (cancelled and removed
    meetings counted)."""
    chosen = allocation_band(s, group.code) if band is None else band
    return _next_in_band(s, Meeting.number, Meeting.group_id == group.id, chosen)


def next_action_number(s: Session, group: Group, band: int | None = None) -> int:
    """n of the next action reference "<code>-n" of ``group`` on this laptop; given a
    ``band`` (renumbering), just the next after the highest of that range."""
    if band is not None:
        return _next_in_band(s, _action_number(), Action.group_id == group.id, band)
    chosen = allocation_band(s, group.code)
    return _next_in_band(s, _action_number(), Action.group_id == group.id, chosen, counted=True)


def next_recommendation_number(s: Session, group: Group, band: int | None = None) -> int:
    """n of the next recommendation reference "<code>-Rn" of ``group`` on this laptop."""
    chosen = allocation_band(s, group.code) if band is None else band
    return _next_in_band(s, _recommendation_number(), Recommendation.group_id == group.id, chosen)


def laptop_names(s: Session) -> dict[str, str]:
    """Site id → a laptop's name ("this laptop" for this one): from the signed batches
    and certificates where there are any, else the peers of the earlier scheme."""
    from sen_desktop.core.store.oplog import local_site_id

    names: dict[str, str] = {}
    if has_tables(s, "sync_peer"):
        for site, name in s.execute(text("SELECT site_id, name FROM sync_peer")):
            if name:
                names[str(site)] = str(name)
    if has_tables(s, "op_batch", "laptop_certificate"):
        certified = {
            str(laptop): str(name)
            for laptop, name in s.execute(
                text("SELECT laptop_id, name FROM laptop_certificate ORDER BY serial")
            )
        }
        for site, signer in s.execute(text("SELECT DISTINCT site_id, signer FROM op_batch")):
            if str(signer) in certified and certified[str(signer)]:
                names[str(site)] = certified[str(signer)]
    names[local_site_id(s)] = "this laptop"
    return names
