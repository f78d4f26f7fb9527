"""The programme as the screens read it: groups with their remit and seats, the Project
Plan's reference sections and programme settings (the Action Plan's milestones are
``core.plan``'s)."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import select

from sen_desktop.core.errors import NotFoundError
from sen_desktop.core.programme import group_reads
from sen_desktop.core.programme.group_reads import default_quorum
from sen_desktop.core.programme.records import SectionRecord
from sen_desktop.core.store.models import ProgrammeSection, ProgrammeSetting
from sen_desktop.core.validation import require_text

if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Callable

    from sqlalchemy.orm import Session, sessionmaker

    from sen_desktop.core.programme.records import GroupDetail, GroupSummary

__all__ = ["ProgrammeService", "default_quorum", "setting_row", "store_setting"]


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
        with self._sf() as s:
            return group_reads.list_groups(_sqlite(s), self._today())

    def group(self, group_id: str, on: dt.date | None = None) -> GroupDetail:
        """One group as it stands on a day (today unless ``on`` is given)."""
        day = self._today() if on is None else on
        with self._sf() as s:
            return group_reads.group_detail(_sqlite(s), group_id, day)

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


def _sqlite(s: Session) -> sqlite3.Connection:
    """The session's own sqlite3 connection, inside its transaction: the groups are read
    in SQL shared with the window's first look (core/programme/group_reads.py)."""
    connection = s.connection().connection.driver_connection
    assert connection is not None, "a session's connection is open while it is in use"
    return cast("sqlite3.Connection", connection)
