"""What a meeting lists of the action log: the actions its "Matters arising and action
log" item carries forward (``ActionService.carried_forward``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, and_, or_, select

from sen_desktop.core.actions.listing import A, M, natural_reference
from sen_desktop.core.actions.records import OPEN_STATUSES

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sen_desktop.core.store.models import Meeting


def carried_forward_ids(s: Session, meeting: Meeting, as_at: bool) -> list[str]:
    """The ids the meeting's matters arising list, by reference (see the service)."""
    raised = M.alias("raised")
    closed_at = M.alias("closed_at")
    earlier = or_(
        raised.c.date < meeting.date,
        and_(raised.c.date == meeting.date, raised.c.number < meeting.number),
    )
    still_open: ColumnElement[bool] = or_(
        A.c.status.in_(OPEN_STATUSES), A.c.closed_meeting_id == meeting.id
    )
    if as_at:
        later = or_(
            closed_at.c.date > meeting.date,
            and_(closed_at.c.date == meeting.date, closed_at.c.number > meeting.number),
        )
        still_open = or_(still_open, and_(closed_at.c.id.is_not(None), later))
    prefix, number = natural_reference()
    return list(
        s.scalars(
            select(A.c.id)
            .select_from(A)
            .outerjoin(raised, raised.c.id == A.c.meeting_id)
            .outerjoin(closed_at, closed_at.c.id == A.c.closed_meeting_id)
            .where(
                A.c.deleted.is_(False),
                A.c.group_id == meeting.group_id,
                or_(A.c.meeting_id.is_(None), earlier),
                still_open,
            )
            .order_by(prefix, number, A.c.id)
        )
    )
