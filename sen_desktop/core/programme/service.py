"""The programme as the screens read it: groups with their remit and seats, the Project
Plan's reference sections and programme settings (the Action Plan's milestones are
``core.plan``'s)."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from sen_desktop.core.errors import NotFoundError
from sen_desktop.core.people.queries import appointment_views, holders_on, seat_view
from sen_desktop.core.programme.records import GroupDetail, GroupSummary, RemitPoint, SectionRecord
from sen_desktop.core.store.models import (
    Group,
    ProgrammeSection,
    ProgrammeSetting,
    RemitItem,
    Seat,
)
from sen_desktop.core.store.rows import live_row
from sen_desktop.core.validation import require_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import Session, sessionmaker


def default_quorum(seat_count: int) -> int:
    """The quorum where a group has no rule of its own: a third of its seats, rounded up."""
    return math.ceil(seat_count / 3)


class ProgrammeService:
    """Read the programme's structure; write programme settings."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self._sf = session_factory
        self._today = today

    def list_groups(self) -> list[GroupSummary]:
        """Every group in programme order, with its seats filled today."""
        today = self._today()
        with self._sf() as s:
            groups = s.scalars(
                select(Group).where(Group.deleted.is_(False)).order_by(Group.position, Group.name)
            ).all()
            seats = s.execute(select(Seat.id, Seat.group_id).where(Seat.deleted.is_(False))).all()
            filled = holders_on(s, today).keys()
            seat_count = Counter(group_id for _, group_id in seats)
            filled_count = Counter(group_id for seat_id, group_id in seats if seat_id in filled)
            return [
                GroupSummary(
                    id=g.id,
                    code=g.code,
                    name=g.name,
                    kind=g.kind,
                    dimension=g.dimension,
                    seat_count=seat_count[g.id],
                    filled_count=filled_count[g.id],
                )
                for g in groups
            ]

    def group(self, group_id: str, on: dt.date | None = None) -> GroupDetail:
        """One group as it stands on a day (today unless ``on`` is given)."""
        day = self._today() if on is None else on
        with self._sf() as s:
            group = live_row(
                s, Group, group_id, "This group no longer exists; it may have been removed."
            )
            remit = s.scalars(
                select(RemitItem)
                .where(RemitItem.group_id == group.id, RemitItem.deleted.is_(False))
                .order_by(RemitItem.position, RemitItem.id)
            ).all()
            seats = s.scalars(
                select(Seat)
                .where(Seat.group_id == group.id, Seat.deleted.is_(False))
                .order_by(Seat.position, Seat.id)
            ).all()
            holders = holders_on(s, day, [seat.id for seat in seats])
            views = {v.seat_id: v for v in appointment_views(s, list(holders.values()))}
            seat_views = tuple(seat_view(seat, views.get(seat.id)) for seat in seats)
            parent = s.get(Group, group.reports_to_id) if group.reports_to_id else None
            rule_met: bool | None = None
            if group.seat_rule is not None:
                rule_met = any(
                    sv.rule_applies and sv.holder is not None and sv.holder.meets_seat_rule
                    for sv in seat_views
                )
            return GroupDetail(
                id=group.id,
                code=group.code,
                name=group.name,
                kind=group.kind,
                dimension=group.dimension,
                reports_to_id=group.reports_to_id,
                reports_to_name=parent.name if parent is not None and not parent.deleted else None,
                quorum=group.quorum if group.quorum is not None else default_quorum(len(seats)),
                seat_rule=group.seat_rule,
                seat_rule_met=rule_met,
                remit=tuple(RemitPoint(id=r.id, position=r.position, text=r.text) for r in remit),
                seats=seat_views,
            )

    def sections(self) -> list[SectionRecord]:
        """The Project Plan's reference text (purpose, key partners, principles …)."""
        with self._sf() as s:
            rows = s.scalars(
                select(ProgrammeSection)
                .where(ProgrammeSection.deleted.is_(False))
                .order_by(ProgrammeSection.position, ProgrammeSection.key)
            ).all()
            return [SectionRecord(key=r.key, title=r.title, body=r.body) for r in rows]

    def setting(self, key: str) -> Any:
        """A programme setting's value, decoded from JSON."""
        with self._sf() as s:
            row = setting_row(s, key)
            if row is None:
                raise NotFoundError(f"The programme has no setting called “{key}”.")
            return json.loads(row.value)

    def set_setting(self, key: str, value: Any) -> None:
        """Store a programme setting; ``value`` must be JSON-serialisable."""
        key = require_text(key, "key", "a setting name", 80)
        with self._sf.begin() as s:
            store_setting(s, key, value)


def setting_row(s: Session, key: str) -> ProgrammeSetting | None:
    """The live row of a programme setting. Two laptops may each have created the key;
    the lowest id wins everywhere."""
    return s.scalars(
        select(ProgrammeSetting)
        .where(ProgrammeSetting.key == key, ProgrammeSetting.deleted.is_(False))
        .order_by(ProgrammeSetting.id)
        .limit(1)
    ).first()


def store_setting(s: Session, key: str, value: Any) -> None:
    """Store ``value`` (JSON-serialisable) under ``key`` in an open transaction."""
    # sort_keys: the same value always makes the same text, so re-saving an unchanged
    # setting writes no operation.
    encoded = json.dumps(value, ensure_ascii=False, sort_keys=True)
    row = setting_row(s, key)
    if row is None:
        # The seed's stable id for the key: two laptops that each set a new setting
        # then edit one row, not two rows that clash in a merge.
        from sen_desktop.core.programme.seed import natural_key, programme_id

        stable_id = programme_id(natural_key("setting", key))
        row = s.get(ProgrammeSetting, stable_id)
        if row is None:
            s.add(ProgrammeSetting(id=stable_id, deleted=False, key=key, value=encoded))
            return
        row.deleted = False
    if row.value != encoded:
        row.value = encoded
