"""The demo programme's recommendations: every state reached through real meetings,
chairs' decisions that verify, and the Action Plan's milestones linked and rated."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from sen_desktop.core.demo.plan import START
from sen_desktop.core.demo.recommendation_steps import london_time
from sen_desktop.core.demo.registry import demo_registry
from sen_desktop.core.demo.service import generate
from sen_desktop.core.errors import ValidationError
from sen_desktop.core.plan.service import MilestoneService
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.recommendations.chairs import load_authority
from sen_desktop.core.recommendations.checks import parse_at
from sen_desktop.core.recommendations.service import RecommendationService
from sen_desktop.core.store import models as m
from sen_desktop.core.store.datafolder import open_programme

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from sqlalchemy.orm import Session

    from sen_desktop.core.demo.records import DemoSummary
    from sen_desktop.core.store.database import Database
    from tests.conftest import MemoryKeyring

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, DemoSummary]]:
    db = open_programme(tmp_path_factory.mktemp("demo-recs") / "data")
    try:
        yield db, generate(db, years=1, scale=1, seed=2010, today=TODAY)
    finally:
        db.close()


def service(db: Database, today: dt.date = TODAY) -> RecommendationService:
    # No signer: reading never needs a chair's private key.
    return RecommendationService(db.session_factory, today=lambda: today)


def test_every_state_of_the_pathway_is_reached(demo: tuple[Database, DemoSummary]) -> None:
    db, summary = demo
    recs = service(db).list_recommendations()
    assert len(recs) == summary.recommendations
    counts = Counter(r.state for r in recs)
    assert set(counts) == set(rs.STATES)
    # A handful from each working group and the reference group.
    by_group = Counter(r.group_code for r in recs)
    assert set(by_group) == {"BESD", "CL", "PD", "ASD", "PCRG"}
    assert all(2 <= n <= 8 for n in by_group.values())


def test_every_event_counts_and_every_chairs_decision_verifies(
    demo: tuple[Database, DemoSummary],
) -> None:
    db, summary = demo
    svc = service(db)
    events = signed = 0
    for rec in svc.list_recommendations():
        detail = svc.detail(rec.id)
        assert not detail.flags and not detail.in_conflict, rec.reference
        assert not rec.flagged
        for event in detail.events:
            events += 1
            assert event.verified and event.applied and not event.flag, (rec.reference, event)
            assert event.by_id is not None and event.by_name
            if event.transition in rs.SIGNED_TRANSITIONS:
                assert event.signed, (rec.reference, event.transition)
                signed += 1
            if event.transition == rs.T_REFERRED_BACK:
                assert event.note
        if detail.state in (rs.APPROVED, rs.APPROVED_WITH_AMENDMENTS, rs.IMPLEMENTED):
            assert detail.approved_transition in rs.APPROVAL_TRANSITIONS
            assert not detail.changed_since_approval
    assert events == summary.recommendation_events
    assert signed > 5
    # Every chair's decision is signed on a laptop certified as that chair's; no key
    # rows are made.
    assert svc.signing_keys() == []
    with db.session_factory() as s:
        authority = load_authority(s)
        signed_by = {
            (person, laptop)
            for person, laptop in s.execute(
                select(m.RecommendationEvent.by_id, m.RecommendationEvent.signer_laptop).where(
                    m.RecommendationEvent.transition.in_(rs.SIGNED_TRANSITIONS)
                )
            )
        }
    assert all(laptop is not None for _, laptop in signed_by)
    for person, laptop in signed_by:
        (certificate,) = authority.certificates(laptop)
        assert {role.person_id for role in certificate.chairs} == {person}


def test_the_demo_registry_is_a_real_programme_registry(
    demo: tuple[Database, DemoSummary],
) -> None:
    import pyrage

    from sen_desktop.sync.certificates import Certificate
    from sen_desktop.sync.documents import read_root

    db, _ = demo
    with db.session_factory() as s:
        (root_row,) = s.scalars(select(m.TrustRoot)).all()
        rows = s.scalars(select(m.LaptopCertificate).order_by(m.LaptopCertificate.serial)).all()
        assert s.scalars(select(m.LaptopSelf)).all() == []
        root = read_root(json.loads(root_row.item))
        assert (root.programme_id, root.public_key) == (root_row.programme_id, root_row.public_key)
        certificates = [
            Certificate.from_item(json.loads(row.item), root.public_key, root.programme_id)
            for row in rows
        ]
    assert certificates[0].is_root and certificates[0].serial == 1
    chairs = certificates[1:]
    assert chairs and all(c.chair_roles() and not c.is_root for c in chairs)
    assert {role.group for c in chairs for role in c.chair_roles()} >= {"SG", "SMT"}
    for certificate in certificates:
        pyrage.x25519.Recipient.from_str(certificate.age_recipient)
    # The same seed, the same registry.
    again = demo_registry(2010, {"p": {"SG": START}}, START)
    assert again.root_public == root.public_key and again.programme_id == root.programme_id


def _present(s: Session, meeting_id: str) -> set[str]:
    return set(
        s.scalars(
            select(m.Attendance.person_id).where(
                m.Attendance.meeting_id == meeting_id,
                m.Attendance.status.in_(("present", "substitute")),
            )
        )
    )


def test_each_step_is_taken_at_a_meeting_of_the_right_body(
    demo: tuple[Database, DemoSummary],
) -> None:
    db, _ = demo
    sg = group_id("SG")
    with db.session_factory() as s:
        recs = {r.id: r for r in s.scalars(select(m.Recommendation))}
        meetings = {mt.id: mt for mt in s.scalars(select(m.Meeting))}
        bodies = {b.id: b.code for b in s.scalars(select(m.Body))}
        chair_seat = s.scalars(
            select(m.Seat).where(m.Seat.group_id == sg, m.Seat.is_chair.is_(True))
        ).one()
        chairs = {
            (a.person_id, a.start_date, a.end_date)
            for a in s.scalars(select(m.Appointment).where(m.Appointment.seat_id == chair_seat.id))
        }
        events = s.scalars(select(m.RecommendationEvent)).all()
        assert events
        for event in events:
            rec = recs[event.recommendation_id]
            moment = parse_at(event.at)
            assert moment is not None
            if event.meeting_id is None:
                # SMT and Members decide outside the groups' meetings.
                assert bodies[event.body_id or ""] in ("SMT", "Cabinet")
                assert moment.date() <= TODAY
                continue
            meeting = meetings[event.meeting_id]
            assert meeting.status != "cancelled" and meeting.date <= TODAY
            assert moment.date() == meeting.date
            assert moment >= london_time(meeting.date, meeting.start_time or dt.time())
            # The meeting's agenda has an item considering it; the event names its minute.
            item = s.scalars(
                select(m.AgendaItem).where(
                    m.AgendaItem.meeting_id == meeting.id,
                    m.AgendaItem.recommendation_id == rec.id,
                )
            ).one()
            assert item.kind == "recommendation"
            assert item.title == f"{rec.reference}: {rec.title}"
            assert event.minute_number == str(item.minute_number)
            resolutions = s.scalars(
                select(m.Resolution.text).where(m.Resolution.agenda_item_id == item.id)
            ).all()
            assert resolutions and all(rec.reference in r for r in resolutions)
            if event.transition in (rs.T_AGREED, rs.T_SUBMITTED_TO_SG):
                assert meeting.group_id == rec.group_id
                assert event.by_id in _present(s, meeting.id)
            elif event.transition in (rs.T_ENDORSED, rs.T_ENDORSED_WITH_AMENDMENTS):
                assert meeting.group_id == sg
                # Signed by the Steering Group's chair of the day, who was there.
                assert any(
                    event.by_id == person
                    and start <= meeting.date
                    and (end is None or meeting.date <= end)
                    for person, start, end in chairs
                )
                assert event.by_id in _present(s, meeting.id)
            elif event.transition in (
                rs.T_DEFERRED,
                rs.T_REFERRED_BACK,
                rs.T_NOT_ENDORSED,
                rs.T_IMPLEMENTED,
            ):
                assert meeting.group_id == sg


def test_recommendations_answer_their_groups_remit(demo: tuple[Database, DemoSummary]) -> None:
    db, _ = demo
    with db.session_factory() as s:
        recs = s.scalars(select(m.Recommendation)).all()
        remit = {i.id: i.group_id for i in s.scalars(select(m.RemitItem))}
        answers: dict[str, list[str]] = {}
        for link in s.scalars(select(m.RecommendationRemit)):
            answers.setdefault(link.recommendation_id, []).append(remit[link.remit_item_id])
    for rec in recs:
        assert answers[rec.id] and set(answers[rec.id]) == {rec.group_id}
        assert rec.title and rec.text.startswith("That ") and rec.rationale
        assert rec.tier is None or rec.tier in m.TIERS
        assert rec.dimension is None or rec.dimension in m.DIMENSIONS
    districts = [json.loads(rec.districts) for rec in recs]
    assert any(not d for d in districts) and any(d for d in districts)  # county-wide or not
    assert any(rec.financial for rec in recs) and any(not rec.financial for rec in recs)
    assert any(rec.reference_group_view for rec in recs)
    assert any(rec.key_decision and rec.decision_no for rec in recs)


def test_every_milestone_is_linked_and_rated(demo: tuple[Database, DemoSummary]) -> None:
    db, summary = demo
    milestones = MilestoneService(db.session_factory, today=lambda: TODAY).list_milestones()
    assert len(milestones) == 12
    assert sum(len(ms.links) for ms in milestones) == summary.milestone_links
    for milestone in milestones:
        assert milestone.links, milestone.action
        assert all(link.exists for link in milestone.links)
    statuses = Counter(ms.status for ms in milestones)
    assert statuses["at_risk"] == 1 and statuses["late"] == 1
    assert statuses["done"] == 10
    working = next(ms for ms in milestones if ms.action.startswith("Hold meetings of each"))
    assert sorted(link.label.split(" ")[0] for link in working.links) == [
        "ASD",
        "BESD",
        "CL",
        "PD",
    ]
    assert all(" meeting 1, " in link.label for link in working.links)
    implementation = milestones[-1]
    assert any(link.target_kind == "recommendation" for link in implementation.links)


def test_the_next_step_can_be_taken_through_the_service(
    data_dir: Path, test_keyring: MemoryKeyring
) -> None:
    # Part way through the first year, with meetings still to come.
    today = dt.date(2011, 3, 31)
    db = open_programme(data_dir)
    try:
        generate(db, years=1, scale=1, seed=3, today=today)
        # The demo chairs' keys never reach the keyring.
        assert test_keyring.secrets == {}
        svc = RecommendationService(
            db.session_factory,
            today=lambda: today,
            now=lambda: dt.datetime(2011, 4, 4, 15, 0, tzinfo=dt.UTC),
        )
        waiting = svc.list_recommendations(state=rs.SUBMITTED_TO_SG)
        assert waiting
        detail = svc.detail(waiting[0].id)
        # It is on the agenda of the Steering Group's next meeting, still to come.
        (sg_step,) = [f for f in detail.future_pathway if f.stage == rs.STAGE_STEERING_GROUP]
        assert sg_step.meeting_id is not None and sg_step.date is not None
        assert sg_step.date > today
        with db.session_factory() as s:
            chair_seat = s.scalars(
                select(m.Seat).where(m.Seat.group_id == group_id("SG"), m.Seat.is_chair)
            ).one()
            chair = s.scalars(
                select(m.Appointment.person_id).where(m.Appointment.seat_id == chair_seat.id)
            ).first()
        assert chair is not None
        # The chair signs on their own certified laptop (the demo's): not here.
        with pytest.raises(ValidationError, match="has not joined the programme") as refused:
            svc.record_event(
                waiting[0].id, rs.T_ENDORSED, meeting_id=sg_step.meeting_id, sign_as=chair
            )
        assert refused.value.field == "sign_as"
        assert test_keyring.secrets == {}
        assert svc.detail(waiting[0].id).state == rs.SUBMITTED_TO_SG
        # The same data folder on the chair's laptop: its keys come from the seed.
        laptop = demo_registry(3, {chair: {"SG": START}}, START).laptops[chair]
        with db.session_factory.begin() as s:
            s.add(
                m.LaptopSelf(
                    id=1, laptop_id=laptop.laptop_id, name="Chair's laptop",
                    sign_key=laptop.key.public_hex, age_recipient="", site_nonce=0,
                    state="member", secrets="keyring",
                )
            )
        on_chairs_laptop = RecommendationService(
            db.session_factory,
            today=lambda: today,
            signer=laptop,
            now=lambda: dt.datetime(2011, 4, 4, 15, 0, tzinfo=dt.UTC),
        )
        after = on_chairs_laptop.record_event(
            waiting[0].id, rs.T_ENDORSED, meeting_id=sg_step.meeting_id, sign_as=chair
        )
        assert after.state == rs.ENDORSED
        assert after.events[-1].verified
    finally:
        db.close()


def test_demo_data_refuses_a_folder_that_joined_a_programme(data_dir: Path) -> None:
    from sen_desktop.core.errors import ConflictError
    from tests.chair_helpers import Registry

    db = open_programme(data_dir)
    try:
        Registry(db.session_factory)
        with pytest.raises(ConflictError, match="belongs to a programme this laptop has joined"):
            generate(db, years=1, scale=1, seed=3, today=dt.date(2011, 3, 31))
        with db.session_factory() as s:
            assert s.scalars(select(m.Meeting)).first() is None
            assert len(s.scalars(select(m.LaptopCertificate)).all()) == 0
    finally:
        db.close()
