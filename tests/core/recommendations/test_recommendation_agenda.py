"""A recommendation on a meeting's agenda, the bodies beyond the groups, and the chairs'
decisions at a glance (what the Recommendations page and the minutes view read)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from sen_desktop.core.errors import ConflictError, ValidationError
from sen_desktop.core.meetings.service import MeetingService
from sen_desktop.core.people.service import PeopleService
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.recommendations.service import RecommendationService
from tests.chair_helpers import chair_laptop

if TYPE_CHECKING:
    from pathlib import Path

    from store_helpers import Store

    from sen_desktop.core.store.database import Database

TODAY = dt.date(2010, 10, 1)


@dataclass
class Programme:
    db: Database
    path: Path
    meetings: MeetingService
    recs: RecommendationService
    chair: str


@pytest.fixture
def programme(store: Store) -> Programme:
    sf = store.session_factory
    chair = PeopleService(sf).create(full_name="Sam Chair").id
    _, laptop = chair_laptop(sf, [("SG", chair, dt.date(2010, 9, 1))])
    return Programme(
        db=store.db,
        path=store.path,
        meetings=MeetingService(sf, today=lambda: TODAY),
        recs=RecommendationService(sf, today=lambda: TODAY, signer=laptop),
        chair=chair,
    )


def test_put_on_agenda_adds_a_recommendation_item_before_the_closing_item(
    programme: Programme,
) -> None:
    rec = programme.recs.create(group_id("BESD"), "Outreach hubs")
    meeting = programme.meetings.schedule(group_id("SG"), dt.date(2010, 10, 20))

    item_id = programme.recs.put_on_agenda(rec.id, meeting.id)

    agenda = programme.meetings.agenda(meeting.id)
    titles = [item.title for item in agenda]
    assert titles[-2:] == ["BESD-R1: Outreach hubs", "Date of next meeting"]
    (item,) = [i for i in agenda if i.id == item_id]
    assert item.kind == "recommendation"
    considered = programme.recs.agenda_items(meeting.id)
    assert list(considered) == [item_id]
    assert considered[item_id].reference == "BESD-R1"
    # The Future Pathway names the meeting that will consider it.
    future = programme.recs.detail(rec.id).future_pathway
    assert any(step.meeting_id == meeting.id for step in future)


def test_put_on_agenda_refuses_other_groups_repeats_and_cancelled_meetings(
    programme: Programme,
) -> None:
    rec = programme.recs.create(group_id("BESD"), "Outreach hubs")
    other = programme.meetings.schedule(group_id("CL"), dt.date(2010, 10, 21))
    with pytest.raises(ValidationError, match="BESD Working Group or the Strategy") as error:
        programme.recs.put_on_agenda(rec.id, other.id)
    assert error.value.field == "meeting_id"
    own = programme.meetings.schedule(group_id("BESD"), dt.date(2010, 10, 22))
    programme.recs.put_on_agenda(rec.id, own.id)
    with pytest.raises(ValidationError, match="already on the agenda"):
        programme.recs.put_on_agenda(rec.id, own.id)
    cancelled = programme.meetings.schedule(group_id("SG"), dt.date(2010, 11, 3))
    programme.meetings.cancel(cancelled.id)
    with pytest.raises(ConflictError):
        programme.recs.put_on_agenda(rec.id, cancelled.id)
    assert [i.kind for i in programme.meetings.agenda(cancelled.id)].count("recommendation") == 0


def test_bodies_in_the_programmes_order(programme: Programme) -> None:
    bodies = programme.recs.bodies()
    assert bodies[0] == ("SMT", "Senior Management Team")
    assert ("SFF", "Schools Funding Forum") in bodies


def test_chair_checks_say_whether_the_latest_chair_decision_counts(
    programme: Programme,
) -> None:
    recs = programme.recs
    draft = recs.create(group_id("BESD"), "Still a draft").id
    endorsed = recs.create(group_id("BESD"), "Outreach hubs", text="Hubs in every district.").id
    recs.record_event(endorsed, "agreed")
    recs.record_event(endorsed, "submitted_to_sg")
    recs.record_event(endorsed, "endorsed", sign_as=programme.chair)

    checks = recs.chair_checks([draft, endorsed])
    assert draft not in checks
    assert (checks[endorsed].transition, checks[endorsed].verified) == ("endorsed", True)

    recs.update(endorsed, text="Hubs in most districts.")
    changed = recs.chair_checks([endorsed])[endorsed]
    assert (changed.verified, changed.reason) == (
        False,
        "recommendation changed since endorsement",
    )
    recs.update(endorsed, text="Hubs in every district.")
    with sqlite3.connect(programme.path) as conn:
        conn.execute(
            "UPDATE recommendation_event SET transition = 'endorsed_with_amendments' "
            "WHERE id = ?",
            (changed.event_id,),
        )
    tampered = recs.chair_checks([endorsed])[endorsed]
    assert (tampered.verified, tampered.reason) == (False, "signature does not match")
