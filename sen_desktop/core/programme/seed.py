"""Put the County programme (programme_data) into a new database, the same on every laptop.

Two laptops set up independently must agree on the programme without exchanging
anything, so nothing here may depend on the laptop or the moment:
- every row's id is UUIDv5 of ``PROGRAMME_NAMESPACE`` and the row's natural key
  (``natural_key`` lists the scheme), never a random UUIDv4;
- the rows are written inside ``oplog.genesis``, so their operations carry the fixed
  genesis site and clock instead of this laptop's;
- every column is set explicitly and the rows are flushed in a fixed order, so the
  captured operations are the same, value for value and counter for counter.
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Final

from sen_desktop.core.programme import data as plan
from sen_desktop.core.store.models import (
    Body,
    Group,
    Milestone,
    ProgrammeSection,
    ProgrammeSetting,
    RemitItem,
    Seat,
    Synced,
)
from sen_desktop.core.store.oplog import genesis

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

    from sen_desktop.core.store.database import Database

# Fixed for ever: changing it would give every seeded row a new id on new laptops,
# and they would no longer agree with laptops set up before.
PROGRAMME_NAMESPACE: Final = uuid.UUID("2561dce1-2228-4bfd-b9d7-7f8b6dec0db5")


def programme_id(natural_key: str) -> str:
    """The stable id of the seeded row with this natural key (see ``natural_key``)."""
    return str(uuid.uuid5(PROGRAMME_NAMESPACE, natural_key))


def natural_key(kind: str, *parts: str | int) -> str:
    """The natural key of a seeded row; positions are 1-based, as the plan counts.

    group:<code>            group:SG, group:BESD, group:PCRG
    remit:<group>:<n>       remit:BESD:2
    seat:<group>:<n>        seat:SG:1 (the Chair)
    milestone:<n>           milestone:5 (the fifth row of Annex 2)
    section:<key>           section:purpose
    setting:<key>           setting:authority_name
    body:<code>             body:SFF
    """
    return ":".join((kind, *(str(p) for p in parts)))


def group_id(code: str) -> str:
    return programme_id(natural_key("group", code))


def _group_row(position: int, group: plan.GroupData) -> Group:
    return Group(
        id=group_id(group.code),
        deleted=False,
        code=group.code,
        name=group.name,
        kind=group.kind,
        dimension=group.dimension,
        reports_to_id=group_id(group.reports_to) if group.reports_to else None,
        quorum=group.quorum,
        position=position,
        seat_rule=group.seat_rule,
    )


def _membership_rows(group: plan.GroupData) -> list[Synced]:
    gid = group_id(group.code)
    rows: list[Synced] = []
    for n, text in enumerate(group.remit, start=1):
        rows.append(
            RemitItem(
                id=programme_id(natural_key("remit", group.code, n)),
                deleted=False,
                group_id=gid,
                position=n,
                text=text,
            )
        )
    for n, seat in enumerate(group.seats, start=1):
        rows.append(
            Seat(
                id=programme_id(natural_key("seat", group.code, n)),
                deleted=False,
                group_id=gid,
                position=n,
                title=seat.title,
                is_chair=seat.is_chair,
                is_vice_chair=False,
                rule_applies=seat.rule_applies,
            )
        )
    return rows


def _milestone_rows() -> list[Synced]:
    return [
        Milestone(
            id=programme_id(natural_key("milestone", n)),
            deleted=False,
            position=n,
            period=m.period,
            period_start=m.period_start,
            period_end=m.period_end,
            action=m.action,
            owner_group_id=group_id(m.owner) if m.owner else None,
            status="not_started",
        )
        for n, m in enumerate(plan.MILESTONES, start=1)
    ]


def _reference_rows() -> list[Synced]:
    rows: list[Synced] = []
    for n, section in enumerate(plan.SECTIONS, start=1):
        rows.append(
            ProgrammeSection(
                id=programme_id(natural_key("section", section.key)),
                deleted=False,
                key=section.key,
                title=section.title,
                position=n,
                body=section.body,
            )
        )
    for key, value in plan.SETTINGS:
        rows.append(
            ProgrammeSetting(
                id=programme_id(natural_key("setting", key)),
                deleted=False,
                key=key,
                # As ProgrammeService.set_setting encodes, so re-saving an unchanged
                # setting is no change and writes no operation.
                value=json.dumps(value, ensure_ascii=False, sort_keys=True),
            )
        )
    for n, body in enumerate(plan.BODIES, start=1):
        rows.append(
            Body(
                id=programme_id(natural_key("body", body.code)),
                deleted=False,
                code=body.code,
                name=body.name,
                position=n,
            )
        )
    return rows


def programme_batches() -> list[Sequence[Synced]]:
    """The seeded rows as new ORM objects, in the batches (and order) they are flushed.

    Groups come first, one per batch in plan order, so a group's reports_to row
    always exists before it; each flush then holds only rows whose targets exist.
    """
    groups = [[_group_row(n, g)] for n, g in enumerate(plan.GROUPS, start=1)]
    membership = [_membership_rows(g) for g in plan.GROUPS]
    return [*groups, *membership, _milestone_rows(), _reference_rows()]


def is_seeded(session: Session) -> bool:
    # The whole programme goes in one transaction, so its first row stands for all.
    return session.get(Group, group_id(plan.STEERING_GROUP.code)) is not None


def seed_into_session(session: Session) -> bool:
    """Add the programme to ``session``'s open transaction; False if it was already there.

    The caller commits (or rolls back): the programme goes in whole or not at all.
    """
    if is_seeded(session):
        return False
    with genesis(session):
        for batch in programme_batches():
            session.add_all(batch)
            # Flushing inside genesis: operations are captured at flush time.
            session.flush()
    return True


def seed_programme(db: Database) -> None:
    """Seed the County programme into ``db`` unless it is there already (idempotent)."""
    with db.session_factory.begin() as session:
        seed_into_session(session)
