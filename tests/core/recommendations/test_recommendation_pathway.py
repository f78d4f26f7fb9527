"""The pathway of decisions: what each state allows, the notes refusals and amendments
need, the meetings and bodies that decide, and steps recorded in order or apart on two
laptops (flagged, never counted twice)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.recommendations.service import RecommendationService
from sen_desktop.core.store.models import (
    AgendaItem,
    RecommendationEvent,
    SigningKey,
)
from tests.core.recommendations.recommendation_world import (
    CLOCK,
    TODAY,
    World,
    approved,
    raise_one,
    to_smt,
)

# --- the pathway ----------------------------------------------------------------------


def test_the_whole_pathway_with_signed_decisions(world: World) -> None:
    rec_id = approved(world)
    detail = world.service.record_event(rec_id, "implemented")
    assert detail.state == "implemented"
    assert detail.allowed == ()
    assert [e.transition for e in detail.events] == [
        "agreed",
        "submitted_to_sg",
        "endorsed",
        "submitted_to_smt",
        "approved",
        "implemented",
    ]
    assert all(e.verified and e.applied and not e.flag for e in detail.events)
    endorsed = detail.events[2]
    assert endorsed.signed and endorsed.by_name == "Sam Chair"
    assert endorsed.meeting_label == "SG meeting 1, 28 September 2010"
    assert endorsed.minute_number == "12"
    assert endorsed.date == dt.date(2010, 9, 28)
    assert detail.events[4].body_name == "Senior Management Team"
    assert not detail.events[0].signed
    assert [(p.body, p.outcome, p.date) for p in detail.past_pathway] == [
        ("BESD Working Group", "Agreed by working group", dt.date(2010, 9, 14)),
        ("Strategy Steering Group", "Endorsed", dt.date(2010, 9, 28)),
        ("Senior Management Team", "Approved", CLOCK.date()),
    ]
    assert detail.future_pathway == ()
    assert detail.approved_hash == detail.current_hash
    assert not detail.changed_since_approval


def test_group_names_in_the_pathway(world: World) -> None:
    # The seed's names are the plan's; the test reads them rather than guess.
    detail = world.service.detail(raise_one(world))
    assert [(f.body, f.purpose) for f in detail.future_pathway] == [
        (detail.record.group_name, "to agree"),
        ("Strategy Steering Group", "to endorse"),
        ("SMT and Members", "to decide"),
    ]


def test_future_pathway_names_the_meeting_that_will_consider_it(world: World) -> None:
    rec_id = raise_one(world)
    world.service.record_event(rec_id, "agreed")
    with world.sf.begin() as s:
        s.add(
            AgendaItem(
                meeting_id=world.later_sg_meeting,
                position=5,
                title="BESD-R1 Outreach hubs",
                recommendation_id=rec_id,
            )
        )
    detail = world.service.detail(rec_id)
    steering, smt = detail.future_pathway
    assert (steering.meeting_id, steering.date) == (world.later_sg_meeting, dt.date(2010, 11, 2))
    assert (smt.body, smt.meeting_id) == ("SMT and Members", None)
    considered = world.service.agenda_items(world.later_sg_meeting)
    assert [r.id for r in considered.values()] == [rec_id]


def test_refused_steps_say_why_and_save_nothing(world: World) -> None:
    rec_id = raise_one(world)
    with pytest.raises(ValidationError) as caught:
        world.service.record_event(rec_id, "approved", sign_as=world.chair)
    assert str(caught.value) == (
        "A recommendation that is Draft cannot be Approved; it must first be agreed by its "
        "working group and endorsed by the Steering Group."
    )
    assert caught.value.field == "transition"
    with pytest.raises(ValidationError, match="not a step"):
        world.service.record_event(rec_id, "blessed")
    with world.sf() as s:
        assert s.scalar(select(func.count()).select_from(RecommendationEvent)) == 0
        assert s.scalar(select(func.count()).select_from(SigningKey)) == 0


def test_referred_back_needs_a_reason_and_returns_to_the_working_group(world: World) -> None:
    rec_id = raise_one(world)
    world.service.record_event(rec_id, "agreed")
    world.service.record_event(rec_id, "submitted_to_sg")
    with pytest.raises(ValidationError, match="reason") as caught:
        world.service.record_event(rec_id, "referred_back", note="  ")
    assert caught.value.field == "note"
    detail = world.service.record_event(
        rec_id, "referred_back", meeting_id=world.sg_meeting, note="Cost it first."
    )
    assert detail.state == "referred_back"
    assert detail.state_label == "Referred back to working group"
    assert detail.events[-1].note == "Cost it first."
    assert detail.allowed == ("agreed", "withdrawn")
    assert detail.future_pathway[0].body == detail.record.group_name
    assert world.service.record_event(rec_id, "agreed").state == "agreed"


@pytest.mark.parametrize(
    ("transition", "wanted"),
    [
        ("not_endorsed", "reason the Steering Group did not endorse"),
        ("endorsed_with_amendments", "amendments the Steering Group made"),
    ],
)
def test_a_refusal_or_an_amendment_needs_its_note(
    world: World, transition: str, wanted: str
) -> None:
    rec_id = raise_one(world)
    world.service.record_event(rec_id, "agreed")
    world.service.record_event(rec_id, "submitted_to_sg")
    sign = {"sign_as": world.chair} if transition in rs.SIGNED_TRANSITIONS else {}
    with pytest.raises(ValidationError, match=wanted) as caught:
        world.service.record_event(rec_id, transition, note="\n ", **sign)  # type: ignore[arg-type]
    assert caught.value.field == "note"
    assert world.service.detail(rec_id).state == "submitted_to_sg"


def test_rejected_and_approved_with_amendments_need_their_notes_too(world: World) -> None:
    rec_id = raise_one(world)
    to_smt(world, rec_id)
    with pytest.raises(ValidationError, match="reason it was rejected"):
        world.service.record_event(rec_id, "rejected", body_code="SMT")
    with pytest.raises(ValidationError, match="amendments made when it was approved"):
        world.service.record_event(
            rec_id, "approved_with_amendments", body_code="SMT", sign_as=world.smt_chair
        )


def test_the_past_pathway_carries_each_decisions_note(world: World) -> None:
    rec_id = raise_one(world)
    world.service.record_event(rec_id, "agreed", meeting_id=world.besd_meeting, minute_number="5")
    world.service.record_event(rec_id, "submitted_to_sg")
    world.service.record_event(
        rec_id, "referred_back", meeting_id=world.sg_meeting, minute_number="12",
        note="Cost it first.",
    )
    past = world.service.detail(rec_id).past_pathway
    assert [(p.transition, p.minute_number, p.note) for p in past] == [
        ("agreed", "5", ""),
        ("referred_back", "12", "Cost it first."),
    ]


def test_deferred_stays_before_the_same_body(world: World) -> None:
    rec_id = raise_one(world)
    world.service.record_event(rec_id, "agreed")
    world.service.record_event(rec_id, "submitted_to_sg")
    detail = world.service.record_event(rec_id, "deferred", meeting_id=world.sg_meeting)
    assert detail.state == "deferred_by_sg"
    assert set(detail.allowed) == {
        "endorsed",
        "endorsed_with_amendments",
        "referred_back",
        "deferred",
        "not_endorsed",
        "withdrawn",
    }
    assert detail.past_pathway[-1].outcome == "Deferred"
    assert detail.past_pathway[-1].body == "Strategy Steering Group"


def test_meetings_must_be_the_right_groups(world: World) -> None:
    rec_id = raise_one(world)
    with pytest.raises(ValidationError, match="meeting of the BESD") as caught:
        world.service.record_event(rec_id, "agreed", meeting_id=world.sg_meeting)
    assert caught.value.field == "meeting_id"
    world.service.record_event(rec_id, "agreed", meeting_id=world.besd_meeting)
    world.service.record_event(rec_id, "submitted_to_sg", meeting_id=world.besd_meeting)
    with pytest.raises(ValidationError, match="meeting of the Strategy Steering Group"):
        world.service.record_event(rec_id, "endorsed", meeting_id=world.besd_meeting)
    with pytest.raises(ValidationError, match="meeting that exists"):
        world.service.record_event(rec_id, "deferred", meeting_id="nope")


def test_bodies_and_signers_are_checked(world: World) -> None:
    rec_id = raise_one(world)
    world.service.record_event(rec_id, "agreed")
    with pytest.raises(ValidationError, match="Only steps before SMT"):
        world.service.record_event(rec_id, "submitted_to_sg", body_code="SMT")
    world.service.record_event(rec_id, "submitted_to_sg")
    with pytest.raises(ValidationError, match="Only endorsements and approvals"):
        world.service.record_event(rec_id, "deferred", sign_as=world.chair)
    with pytest.raises(ValidationError, match="person recorded as deciding"):
        world.service.record_event(rec_id, "endorsed", by_id=world.secretary, sign_as=world.chair)
    with pytest.raises(ValidationError, match="programme's list"):
        world.service.record_event(rec_id, "endorsed", sign_as="nobody")
    world.service.record_event(rec_id, "endorsed", sign_as=world.chair)
    with pytest.raises(ValidationError, match="“Mars” is not one of the bodies"):
        world.service.record_event(rec_id, "submitted_to_smt", body_code="Mars")
    detail = world.service.record_event(rec_id, "submitted_to_smt", body_code="Members")
    assert detail.events[-1].body_name == "Elected Members"


def test_steps_are_recorded_in_order(world: World) -> None:
    rec_id = raise_one(world)
    world.service.record_event(rec_id, "agreed", at=dt.datetime(2010, 9, 14, 18, tzinfo=dt.UTC))
    with pytest.raises(ValidationError, match="in the order they happened") as caught:
        world.service.record_event(
            rec_id, "submitted_to_sg", at=dt.datetime(2010, 9, 1, tzinfo=dt.UTC)
        )
    assert caught.value.field == "at"
    # The service's own clock may stand still or run back; it still goes after.
    stuck = RecommendationService(
        world.sf, today=lambda: TODAY, now=lambda: dt.datetime(2010, 9, 1, tzinfo=dt.UTC)
    )
    stuck.record_event(rec_id, "submitted_to_sg")
    detail = stuck.record_event(rec_id, "deferred")
    assert detail.state == "deferred_by_sg"
    assert detail.events[1].at == "2010-09-14T18:00:00.000001+00:00"


def test_withdrawn_before_a_decision_only(world: World) -> None:
    rec_id = raise_one(world)
    assert world.service.record_event(rec_id, "withdrawn", note="Overtaken").state == "withdrawn"
    done = approved(world)
    with pytest.raises(ValidationError, match="only be withdrawn before a final decision"):
        world.service.record_event(done, "withdrawn")


def test_concurrent_decisions_from_two_laptops_are_flagged(world: World) -> None:
    rec_id = raise_one(world)
    world.service.record_event(rec_id, "agreed")  # 09:01
    world.service.record_event(rec_id, "submitted_to_sg")  # 09:02
    world.service.record_event(
        rec_id, "not_endorsed", meeting_id=world.sg_meeting, note="It duplicates provision."
    )  # 09:03
    # Another laptop's "referred back", made offline at the same meeting, arrives by
    # sync; its clock spells UTC as "Z".
    with world.sf.begin() as s:
        s.add(
            RecommendationEvent(
                recommendation_id=rec_id,
                transition="referred_back",
                group_id=world.sg,
                at="2010-10-01T09:02:30Z",
                note="Needs costing",
            )
        )
    detail = world.service.detail(rec_id)
    assert detail.state == "referred_back"  # the earlier of the two stands
    assert detail.in_conflict
    assert [(e.transition, e.flag) for e in detail.events][-2:] == [
        ("referred_back", ""),
        ("not_endorsed", "conflict"),
    ]
    assert any("contradicts Referred back" in message for message in detail.flags)


def after_ids(w: World, rec_id: str) -> list[tuple[str, str, str | None]]:
    with w.sf() as s:
        rows = s.scalars(
            select(RecommendationEvent)
            .where(RecommendationEvent.recommendation_id == rec_id)
            .order_by(RecommendationEvent.at)
        ).all()
        return [(r.id, r.transition, r.after_id) for r in rows]


def test_each_step_names_the_step_it_was_recorded_after(world: World) -> None:
    rec_id = raise_one(world)
    to_smt(world, rec_id)
    rows = after_ids(world, rec_id)
    assert [(t, a) for _, t, a in rows][0] == ("agreed", None)
    assert [a for _, _, a in rows[1:]] == [i for i, _, _ in rows[:-1]]
    # An unsigned chair's decision still counts as seen: the next step follows it.
    world.service.record_event(rec_id, "approved", by_id=world.smt_chair)
    pending = after_ids(world, rec_id)[-1][0]
    world.service.record_event(rec_id, "withdrawn")
    assert after_ids(world, rec_id)[-1][1:] == ("withdrawn", pending)
    assert world.service.detail(rec_id).state == "withdrawn"


def test_a_decision_from_a_fast_clock_is_flagged_not_counted(world: World) -> None:
    rec_id = raise_one(world)
    world.service.record_event(rec_id, "agreed")
    world.service.record_event(rec_id, "submitted_to_sg")
    submitted = after_ids(world, rec_id)[-1][0]
    world.service.record_event(rec_id, "referred_back", note="Cost it first.")
    world.service.record_event(rec_id, "agreed")
    world.service.record_event(rec_id, "submitted_to_sg")
    # Another laptop, its clock days ahead, declines the first submission: it arrives
    # by sync, naming the submission it saw.
    with world.sf.begin() as s:
        s.add(
            RecommendationEvent(
                recommendation_id=rec_id,
                transition="not_endorsed",
                group_id=world.sg,
                at="2010-10-04T09:00:00Z",
                after_id=submitted,
            )
        )
    detail = world.service.detail(rec_id)
    assert detail.state == "submitted_to_sg"  # the resubmission stands
    assert detail.in_conflict
    assert [(e.transition, e.flag) for e in detail.events][-1] == ("not_endorsed", "conflict")
    assert any(
        "without knowing of Referred back and 2 later steps" in message for message in detail.flags
    )
    # A step recorded now follows the resubmission, not the flagged decision.
    detail = world.service.record_event(rec_id, "deferred", meeting_id=world.later_sg_meeting)
    assert detail.state == "deferred_by_sg"
    assert [e.transition for e in detail.events if e.flag] == ["not_endorsed"]
