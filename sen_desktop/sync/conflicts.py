"""Free-text fields whose concurrent versions differ, and resolving them
(docs/architecture.md "Sync-by-export").

For free text (``sync.fields``) every head of a field is kept and, when they differ, the
field is a *conflict*: the winner shows, the others stay in the log and ``conflicts()``
lists them until someone resolves it (``resolve_conflict``), which writes a new local
operation naming all heads, so every laptop converges on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from sqlalchemy import Table, delete, func, insert, select, update

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.store.hlc import HybridLogicalClock, WallClock, wall_millis
from sen_desktop.core.store.log_values import decode_value, encode_value
from sen_desktop.core.store.models import FieldHead, Operation, SiteState
from sen_desktop.core.store.oplog import SITE_ROW, _load_site, capture_suspended
from sen_desktop.sync.fields import is_free_text
from sen_desktop.sync.materialize import (
    load_history,
    marks,
    materialize,
    op_order,
    prev_json,
)
from sen_desktop.sync.operations import SELECT_OPS, OpRow, column_of, op_from_row, validate

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

_OPERATION = cast("Table", Operation.__table__)
_HEAD = cast("Table", FieldHead.__table__)
_SITE = cast("Table", SiteState.__table__)


class ConflictHead(NamedTuple):
    op_id: str
    site_id: str
    hlc: str
    value: Any


@dataclass(frozen=True, slots=True)
class Conflict:
    """A free-text field with differing concurrent versions; heads newest first."""

    entity: str
    row_id: str
    field: str
    heads: tuple[ConflictHead, ...]
    suggestion: str


def conflicts(session: Session) -> list[Conflict]:
    """Free-text fields whose concurrent versions differ, ordered by (entity, row, field)."""
    conn = session.connection()
    keys = conn.execute(
        select(_HEAD.c.entity, _HEAD.c.row_id, _HEAD.c.field)
        .group_by(_HEAD.c.entity, _HEAD.c.row_id, _HEAD.c.field)
        .having(func.count() > 1)
        .order_by(_HEAD.c.entity, _HEAD.c.row_id, _HEAD.c.field)
    ).all()
    out: list[Conflict] = []
    for entity, row_id, field in keys:
        if not is_free_text(entity, field):
            continue
        op_ids = (
            conn.execute(
                select(_HEAD.c.op_id).where(
                    _HEAD.c.entity == entity, _HEAD.c.row_id == row_id, _HEAD.c.field == field
                )
            )
            .scalars()
            .all()
        )
        ops = [
            op_from_row(r)
            for r in conn.exec_driver_sql(
                f"{SELECT_OPS} WHERE op_id IN ({marks(len(op_ids))})", tuple(op_ids)
            )
        ]
        ops.sort(key=op_order, reverse=True)
        if len({op.value for op in ops}) < 2:
            continue
        column = column_of(entity, field)
        heads = tuple(
            ConflictHead(op.op_id, op.site_id, op.hlc, decode_value(column, op.value)) for op in ops
        )
        out.append(Conflict(entity, row_id, field, heads, _suggest(heads)))
    return out


def _suggest(heads: Sequence[ConflictHead]) -> str:
    """Every distinct version, newest first, one paragraph apart: nothing is dropped."""
    versions: list[str] = []
    for head in heads:
        text = "" if head.value is None else str(head.value)
        if text.strip() and text not in versions:
            versions.append(text)
    # A version that another contains whole adds nothing.
    kept = [v for v in versions if not any(v != o and v in o for o in versions)]
    return "\n\n".join(kept)


def resolve_conflict(
    session: Session,
    entity: str,
    row_id: str,
    field: str,
    value: Any,
    *,
    wall_clock: WallClock = wall_millis,
) -> OpRow:
    """Write ``value`` as a new local operation naming every head, so all laptops converge."""
    column = column_of(entity, field)
    try:
        encoded = encode_value(column, value)
    except TypeError as exc:
        raise ValidationError(str(exc), field) from exc
    with capture_suspended(session):
        conn = session.connection()
        heads = sorted(
            conn.execute(
                select(_HEAD.c.op_id).where(
                    _HEAD.c.entity == entity, _HEAD.c.row_id == row_id, _HEAD.c.field == field
                )
            )
            .scalars()
            .all()
        )
        if not heads:
            raise ValidationError(f"There is no {entity.replace('_', ' ')} {row_id} to change.")
        site_id, counter, last = _load_site(conn)
        clock = HybridLogicalClock(wall_clock, last)
        counter += 1
        op = OpRow(
            op_id=f"{site_id}:{counter}",
            site_id=site_id,
            counter=counter,
            entity=entity,
            row_id=row_id,
            field=field,
            value=encoded,
            hlc=clock.now().encode(),
            prev=tuple(heads),
        )
        validate(op)  # the same rules a bundle's operations meet
        conn.execute(
            insert(_OPERATION),
            [{**op.to_dict(), "prev": prev_json(op.prev)}],
        )
        conn.execute(
            delete(_HEAD).where(
                _HEAD.c.entity == entity, _HEAD.c.row_id == row_id, _HEAD.c.field == field
            )
        )
        conn.execute(
            insert(_HEAD).values(entity=entity, row_id=row_id, field=field, op_id=op.op_id)
        )
        conn.execute(
            update(_SITE)
            .where(_SITE.c.id == SITE_ROW)
            .values(counter=counter, hlc=clock.last.encode())
        )
        history = load_history(conn, {(entity, row_id)})
        materialize(conn, {(entity, row_id)}, history, {}, {})
    session.expire_all()
    return op


__all__ = ["Conflict", "ConflictHead", "conflicts", "resolve_conflict"]
