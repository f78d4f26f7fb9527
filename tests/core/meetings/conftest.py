"""Fixtures of the meetings tests: an empty store (each test adds its own groups), the
services on it with a fixed today, the BESD group, and a meeting with every seat filled."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sen_desktop.core.meetings.service import MeetingService
from sen_desktop.core.people.service import PeopleService
from tests.core.meetings.meeting_helpers import SEPT, TODAY, add_group, members

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker
    from store_helpers import Store


@pytest.fixture
def sf(empty_store: Store) -> sessionmaker[Session]:
    """A database at the head schema with no rows: each test adds its own groups."""
    return empty_store.session_factory


@pytest.fixture
def people(sf: sessionmaker[Session]) -> PeopleService:
    return PeopleService(sf, today=lambda: TODAY)


@pytest.fixture
def svc(sf: sessionmaker[Session]) -> MeetingService:
    return MeetingService(sf, today=lambda: TODAY)


@pytest.fixture
def besd(sf: sessionmaker[Session]) -> tuple[str, list[str]]:
    return add_group(sf, "BESD", 6)


@pytest.fixture
def full(
    svc: MeetingService, people: PeopleService, besd: tuple[str, list[str]]
) -> tuple[str, list[str]]:
    """A September meeting of BESD with all six seats filled."""
    group_id, seats = besd
    ids = members(people, seats, ["Ann", "Bob", "Cy", "Dee", "Eve", "Fay"])
    return svc.schedule(group_id, SEPT).id, ids
