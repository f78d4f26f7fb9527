"""A row's history from the operation log (``core.store.oplog``): the "full history"
screens show."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, select

from sen_desktop.core.store.hlc import Timestamp
from sen_desktop.core.store.log_values import decode_value
from sen_desktop.core.store.models import ENTITY_BY_TABLE, Operation

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True, slots=True)
class OpRecord:
    """One operation in a row's history, its value decoded to the column's type."""

    op_id: str
    site_id: str
    field: str
    value: Any
    hlc: Timestamp
    prev: tuple[str, ...]

    @property
    def when(self) -> dt.datetime:
        """The wall time the change was made (UTC); the epoch for the seeded programme."""
        return dt.datetime.fromtimestamp(self.hlc.millis / 1000, tz=dt.UTC)


def history(session: Session, entity: str, row_id: str) -> list[OpRecord]:
    """Every operation on one row, oldest first: the "full history" screens show."""
    model = ENTITY_BY_TABLE.get(entity)
    columns = cast("Table", model.__table__).c if model is not None else None
    rows = session.execute(
        select(
            Operation.op_id,
            Operation.site_id,
            Operation.field,
            Operation.value,
            Operation.hlc,
            Operation.prev,
        )
        .where(Operation.entity == entity, Operation.row_id == row_id)
        .order_by(Operation.hlc, Operation.site_id, Operation.counter)
    )
    return [
        OpRecord(
            op_id=op_id,
            site_id=site_id,
            field=field,
            value=_decode(columns, field, value),
            hlc=Timestamp.parse(hlc),
            prev=tuple(json.loads(prev)),
        )
        for op_id, site_id, field, value, hlc, prev in rows
    ]


def _decode(columns: Any, field: str, text: str) -> Any:
    # A field this version does not know (a newer laptop's) still shows, as plain JSON.
    column = columns.get(field) if columns is not None else None
    if column is not None:
        try:
            return decode_value(column, text)
        except (TypeError, ValueError):
            pass  # written before a column changed type: show what was written
    return json.loads(text)


__all__ = ["OpRecord", "history"]
