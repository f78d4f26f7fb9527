"""Recommendations: raising and editing them, the pathway of decisions, chairs'
signatures that verify, and tampering or editing that stops a decision counting."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from sen_desktop.core.demo_recommendations import DemoKeyring
from sen_desktop.core.errors import NotFoundError, ValidationError
from sen_desktop.core.recommendations import RecommendationService
from sen_desktop.core.seed import group_id, seed_into_session
from sen_desktop.core.signing import ChairKeys
from sen_desktop.core.store import oplog
from sen_desktop.core.store.models import (
    AgendaItem,
    Base,
    Meeting,
    Person,
    Recommendation,
    RecommendationEvent,
    RemitItem,
    SigningKey,
)

TODAY = dt.date(2010, 10, 1)
CLOCK = dt.datetime(2010, 10, 1, 9, 0, tzinfo=dt.UTC)


@dataclass
class World:
    sf: sessionmaker[Session]
    engine: Engine
    path: Path
    service: RecommendationService
    chair: str  # the Steering Group's chair
    smt_chair: str
    secretary: str
    besd: str
    sg: str
    besd_meeting: str
    sg_meeting: str
    later_sg_meeting: str

    def raw(self, sql: str, *params: Any) -> None:
        """Change the file behind the app's back, as someone with a SQLite tool could."""
        with sqlite3.connect(self.path) as conn:
            conn.execute(sql, params)


class Clock:
    def __init__(self) -> None:
        self.now = CLOCK

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(minutes=1)
        return self.now


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    path = tmp_path / "recommendations.sqlite3"
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
        dbapi_connection.execute("PRAGMA journal_mode = WAL")
        dbapi_connection.execute("PRAGMA synchronous = NORMAL")

    Base.metadata.create_all(engine)
    sf = sessionmaker(engine)
    oplog.install_capture(sf)
    with sf.begin() as s:
        seed_into_session(s)
        people = [
            Person(full_name="Sam Chair"),
            Person(full_name="Pat Director"),
            Person(full_name="Jo Secretary"),
        ]
        s.add_all(people)
        besd, sg = group_id("BESD"), group_id("SG")
        meetings = [
            Meeting(group_id=besd, number=1, date=dt.date(2010, 9, 14), status="held"),
            Meeting(group_id=sg, number=1, date=dt.date(2010, 9, 28), status="held"),
            Meeting(group_id=sg, number=2, date=dt.date(2010, 11, 2), status="planned"),
        ]
        s.add_all(meetings)
        s.flush()
        ids = [p.id for p in people] + [m.id for m in meetings]
    service = RecommendationService(sf, today=lambda: TODAY, keys=ChairKeys(), now=Clock())
    yield World(
        sf=sf,
        engine=engine,
        path=path,
        service=service,
        chair=ids[0],
        smt_chair=ids[1],
        secretary=ids[2],
        besd=besd,
        sg=sg,
        besd_meeting=ids[3],
        sg_meeting=ids[4],
        later_sg_meeting=ids[5],
    )
    engine.dispose()


def remit_ids(w: World, code: str) -> list[str]:
    with w.sf() as s:
        return list(
            s.scalars(
                select(RemitItem.id)
                .where(RemitItem.group_id == group_id(code))
                .order_by(RemitItem.position)
            )
        )


def raise_one(w: World, **fields: Any) -> str:
    values: dict[str, Any] = {
        "title": "Outreach hubs",
        "text": "That every district has an outreach hub run by a special school.",
        "rationale": "Schools asked for it in the survey.",
        "tier": "outreach",
        "districts": ["Thanet"],
        "remit_item_ids": remit_ids(w, "BESD")[:1],
    }
    values.update(fields)
    return w.service.create(w.besd, **values).id


def to_smt(w: World, rec_id: str) -> None:
    """Agreed, submitted, endorsed (signed by the Steering Group's chair), submitted on."""
    svc = w.service
    svc.record_event(rec_id, "agreed", meeting_id=w.besd_meeting, minute_number="5")
    svc.record_event(rec_id, "submitted_to_sg")
    svc.record_event(
        rec_id, "endorsed", meeting_id=w.sg_meeting, minute_number="12", sign_as=w.chair
    )
    svc.record_event(rec_id, "submitted_to_smt")


def approved(w: World) -> str:
    rec_id = raise_one(w)
    to_smt(w, rec_id)
    w.service.record_event(rec_id, "approved", body_code="SMT", sign_as=w.smt_chair)
    assert w.service.detail(rec_id).state == "approved"
    return rec_id


def event_id(w: World, rec_id: str, transition: str) -> str:
    (found,) = [e.id for e in w.service.detail(rec_id).events if e.transition == transition]
    return found


# --- raising and editing ----------------------------------------------------------------


def test_create_numbers_per_group(world: World) -> None:
    first = world.service.create(world.besd, "First")
    second = world.service.create(world.besd, "Second")
    other = world.service.create(group_id("PCRG"), "From the parents and carers")
    assert (first.reference, second.reference, other.reference) == (
        "BESD-R1",
        "BESD-R2",
        "PCRG-R1",
    )
    assert first.dimension == "BESD"  # the group's own dimension by default
    assert other.dimension is None
    assert first.county_wide
    assert world.service.detail(first.id).state == "draft"


def test_create_keeps_every_field(world: World) -> None:
    remit = remit_ids(world, "BESD")
    record = world.service.create(
        world.besd,
        "  Outreach hubs ",
        text="Line one\x0bline two 🙂 مرحبا",
        rationale="Why",
        dimension="ASD/SLCN",
        tier="special_school",
        districts=["thanet", "Shepway", "Ashford", "Thanet"],
        financial="£1",
        legal="None",
        equality="Positive",
        data_protection="DPIA done",
        reference_group_view="Supported",
        remit_item_ids=[remit[1], remit[0]],
        key_decision=True,
        decision_no="10/01234",
    )
    assert record.title == "Outreach hubs"
    assert record.text == "Line one\nline two 🙂 مرحبا"
    assert record.dimension == "ASD/SLCN"
    assert record.tier == "special_school"
    # Names in the programme's own order and spelling; Shepway by its old name.
    assert record.districts == ("Ashford", "Shepway (now Folkestone and Hythe)", "Thanet")
    assert record.remit_item_ids == (remit[0], remit[1])
    assert record.key_decision and record.decision_no == "10/01234"
    assert world.service.get(record.id) == record


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": "  "}, "title", "Enter a title."),
        ({"tier": "luxury"}, "tier", "Choose a tier"),
        ({"dimension": "Other"}, "dimension", "Choose a dimension"),
        ({"districts": ["Atlantis"]}, "districts", "“Atlantis” is not one of the County's"),
        ({"key_decision": "yes"}, "key_decision", "key decision"),
    ],
)
def test_create_refuses_bad_input_and_saves_nothing(
    world: World, fields: dict[str, Any], field: str, message: str
) -> None:
    values: dict[str, Any] = {"title": "Good title"}
    values.update(fields)
    with pytest.raises(ValidationError, match=message) as caught:
        world.service.create(world.besd, **values)
    assert caught.value.field == field
    with world.sf() as s:
        assert s.scalar(select(func.count()).select_from(Recommendation)) == 0


def test_create_refuses_remit_of_another_group_and_the_steering_group(world: World) -> None:
    with pytest.raises(ValidationError, match="remit points of the group") as caught:
        world.service.create(world.besd, "Title", remit_item_ids=remit_ids(world, "CL")[:1])
    assert caught.value.field == "remit_item_ids"
    with pytest.raises(ValidationError, match="Steering Group considers them"):
        world.service.create(world.sg, "Title")


def test_districts_follow_the_programme_setting(world: World) -> None:
    from sen_desktop.core.programme import ProgrammeService

    ProgrammeService(world.sf).set_setting("districts", ["North", "South"])
    assert world.service.create(world.besd, "T", districts=["south"]).districts == ("South",)
    with pytest.raises(ValidationError, match="“Thanet” is not one of the County's"):
        world.service.create(world.besd, "T", districts=["Thanet"])


def test_update_changes_only_what_is_given(world: World) -> None:
    remit = remit_ids(world, "BESD")
    rec_id = raise_one(world)
    record = world.service.update(
        rec_id, title="Outreach hubs in every district", remit_item_ids=remit[1:3]
    )
    assert record.title == "Outreach hubs in every district"
    assert record.tier == "outreach"
    assert record.remit_item_ids == tuple(remit[1:3])
    record = world.service.update(rec_id, remit_item_ids=[remit[0], remit[2]], districts=[])
    assert record.remit_item_ids == (remit[0], remit[2])
    assert record.county_wide
    with pytest.raises(TypeError):
        world.service.update(rec_id, reference="X-1")
    with pytest.raises(ValidationError):
        world.service.update(rec_id, title="")
    assert world.service.get(rec_id).title == "Outreach hubs in every district"


def test_remove_only_before_anything_happened(world: World) -> None:
    rec_id = raise_one(world)
    world.service.remove(rec_id)
    with pytest.raises(NotFoundError):
        world.service.detail(rec_id)
    assert world.service.list_recommendations() == []
    world.service.restore(rec_id)
    world.service.record_event(rec_id, "agreed")
    with pytest.raises(ValidationError, match="withdraw it instead"):
        world.service.remove(rec_id)


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
    assert [r.id for r in world.service.on_agenda_of(world.later_sg_meeting)] == [rec_id]


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


# --- signatures ---------------------------------------------------------------------------


def test_the_private_key_is_in_the_keyring_and_nowhere_in_the_database(
    world: World, test_keyring: Any
) -> None:
    approved(world)
    secret = test_keyring.secrets[("SEN Secretariat", f"chair-signing-key:{world.chair}")]
    keys = world.service.signing_keys()
    assert {k.person_name for k in keys} == {"Sam Chair", "Pat Director"}
    chair_key = next(k for k in keys if k.person_id == world.chair)
    assert chair_key.public_key == ChairKeys().public_key(world.chair)
    with sqlite3.connect(world.path) as conn:
        dump = "\n".join(conn.iterdump())
    assert chair_key.public_key in dump
    assert secret not in dump and secret.upper() not in dump
    # Registering again reuses the row.
    assert world.service.register_signing_key(world.chair).id == chair_key.id


def other_laptop(w: World) -> RecommendationService:
    """The same database on another laptop: its own keyring, holding no chair's key."""
    return RecommendationService(
        w.sf, today=lambda: TODAY, keys=ChairKeys(backend=DemoKeyring()), now=Clock()
    )


def signing_key_rows(w: World) -> list[tuple[str, str, bool]]:
    with w.sf() as s:
        rows = s.scalars(select(SigningKey).order_by(SigningKey.created_at, SigningKey.id))
        return [(k.person_id, k.public_key, k.revoked) for k in rows]


def test_a_chair_signs_only_on_the_laptop_holding_their_key(world: World) -> None:
    rec_id = raise_one(world)
    world.service.record_event(rec_id, "agreed")
    world.service.record_event(rec_id, "submitted_to_sg")
    world.service.register_signing_key(world.chair)  # the chair's own laptop
    keys_before = signing_key_rows(world)
    elsewhere = other_laptop(world)
    refusal = "Sam Chair's signing key is on another laptop; the chair signs there."
    with pytest.raises(ValidationError) as refused:
        elsewhere.record_event(rec_id, "endorsed", sign_as=world.chair)
    assert (str(refused.value), refused.value.field) == (refusal, "sign_as")
    with pytest.raises(ValidationError, match="signing key is on another laptop"):
        elsewhere.register_signing_key(world.chair)
    # Recorded unsigned there (from the minutes), it is signed on the chair's laptop.
    pending = elsewhere.record_event(rec_id, "endorsed", by_id=world.chair).events[-1].id
    with pytest.raises(ValidationError, match="signing key is on another laptop"):
        elsewhere.sign_decision(pending, world.chair)
    assert signing_key_rows(world) == keys_before  # nothing made or registered there
    assert elsewhere.detail(rec_id).state == "submitted_to_sg"
    assert world.service.sign_decision(pending, world.chair).state == "endorsed"
    # A chair with no key yet makes their first one wherever they first sign.
    elsewhere.record_event(rec_id, "submitted_to_smt")
    detail = elsewhere.record_event(rec_id, "approved", sign_as=world.smt_chair)
    assert detail.state == "approved" and detail.events[-1].verified
    assert [p for p, _, _ in signing_key_rows(world)] == [world.chair, world.smt_chair]


def test_a_revoked_key_lets_a_new_laptop_make_the_chairs_key(world: World) -> None:
    world.service.register_signing_key(world.chair)
    world.raw("UPDATE signing_key SET revoked = 1 WHERE person_id = ?", world.chair)
    replacement = other_laptop(world)
    record = replacement.register_signing_key(world.chair)
    assert not record.revoked
    assert len(signing_key_rows(world)) == 2


def test_an_unsigned_chair_decision_does_not_count_until_signed(world: World) -> None:
    rec_id = raise_one(world)
    world.service.record_event(rec_id, "agreed")
    world.service.record_event(rec_id, "submitted_to_sg")
    detail = world.service.record_event(rec_id, "endorsed", by_id=world.chair)
    assert detail.state == "submitted_to_sg"
    last = detail.events[-1]
    assert (last.verified, last.reason, last.flag) == (
        False,
        "not signed by the chair",
        "not_verified",
    )
    with pytest.raises(ValidationError, match="another person's"):
        world.service.sign_decision(last.id, world.secretary)
    detail = world.service.sign_decision(last.id, world.chair)
    assert detail.state == "endorsed"
    assert detail.events[-1].verified and detail.events[-1].signed
    with pytest.raises(ValidationError, match="already signed"):
        world.service.sign_decision(last.id, world.chair)


def test_signing_later_refused_after_the_text_changed(world: World) -> None:
    rec_id = raise_one(world)
    world.service.record_event(rec_id, "agreed")
    world.service.record_event(rec_id, "submitted_to_sg")
    pending = world.service.record_event(rec_id, "endorsed").events[-1].id
    world.service.update(rec_id, text="Different text")
    with pytest.raises(ValidationError, match="changed since this decision was recorded"):
        world.service.sign_decision(pending, world.chair)


def test_a_tampered_decision_never_counts(world: World) -> None:
    rec_id = approved(world)
    approval = event_id(world, rec_id, "approved")
    world.raw(
        "UPDATE recommendation_event SET transition = 'approved_with_amendments' WHERE id = ?",
        approval,
    )
    detail = world.service.detail(rec_id)
    assert detail.state == "submitted_to_smt"
    tampered = detail.events[-1]
    assert (tampered.verified, tampered.reason) == (False, "signature does not match")
    assert world.service.list_recommendations(state="approved") == []


def test_an_unsigned_step_turned_into_an_approval_never_counts(world: World) -> None:
    rec_id = raise_one(world)
    to_smt(world, rec_id)
    world.service.record_event(rec_id, "deferred", body_code="SMT")
    deferral = event_id(world, rec_id, "deferred")
    world.raw("UPDATE recommendation_event SET transition = 'approved' WHERE id = ?", deferral)
    detail = world.service.detail(rec_id)
    assert detail.state == "submitted_to_smt"
    assert detail.events[-1].reason == "not signed by the chair"


def test_a_signature_moved_to_another_decision_does_not_verify(world: World) -> None:
    rec_id = approved(world)
    endorsement = event_id(world, rec_id, "endorsed")
    approval = event_id(world, rec_id, "approved")
    with sqlite3.connect(world.path) as conn:
        (signature,) = conn.execute(
            "SELECT signature FROM recommendation_event WHERE id = ?", (endorsement,)
        ).fetchone()
        conn.execute(
            "UPDATE recommendation_event SET signature = ? WHERE id = ?", (signature, approval)
        )
    assert world.service.detail(rec_id).state == "submitted_to_smt"


def test_a_wrong_key_never_counts(world: World) -> None:
    rec_id = approved(world)
    impostor = ChairKeys().ensure_key("impostor")
    world.raw(
        "UPDATE signing_key SET public_key = ? WHERE person_id = ?", impostor, world.smt_chair
    )
    detail = world.service.detail(rec_id)
    assert detail.state == "submitted_to_smt"
    assert detail.events[-1].reason == "signature does not match"


def test_a_key_of_someone_else_never_counts(world: World) -> None:
    rec_id = approved(world)
    world.raw(
        "UPDATE recommendation_event SET by_id = ? WHERE id = ?",
        world.secretary,
        event_id(world, rec_id, "approved"),
    )
    detail = world.service.detail(rec_id)
    assert detail.state == "submitted_to_smt"
    assert detail.events[-1].reason == "signed by a key not registered for this person"


def test_text_changed_behind_the_apps_back_voids_the_approval(world: World) -> None:
    rec_id = approved(world)
    world.raw("UPDATE recommendation SET text = 'Something else entirely' WHERE id = ?", rec_id)
    detail = world.service.detail(rec_id)
    assert detail.state == "submitted_to_sg"  # the endorsement was on the old text too
    approval = next(e for e in detail.events if e.transition == "approved")
    assert (approval.verified, approval.reason) == (False, "recommendation changed since approval")
    endorsement = next(e for e in detail.events if e.transition == "endorsed")
    assert endorsement.reason == "recommendation changed since endorsement"
    # The approved version comes from the operation log, which raw SQL did not touch.
    assert detail.approved_version_found
    assert detail.changed_since_approval
    ((change),) = detail.changes_since_approval
    assert (change.field, change.label, change.current) == (
        "text",
        "Recommendation",
        "Something else entirely",
    )
    assert change.approved.startswith("That every district has an outreach hub")


def test_an_edit_after_approval_shows_both_versions_and_needs_new_decisions(
    world: World,
) -> None:
    rec_id = approved(world)
    remit = remit_ids(world, "BESD")
    world.service.update(
        rec_id, text="That most districts have a hub.", districts=[], remit_item_ids=remit[:2]
    )
    detail = world.service.detail(rec_id)
    assert detail.state != "approved"
    assert detail.approved_transition == "approved"
    assert detail.approved_hash != detail.current_hash
    changes = {c.field: c for c in detail.changes_since_approval}
    assert set(changes) == {"text", "districts", "remit_item_ids"}
    assert changes["districts"].approved == "Thanet"
    assert changes["districts"].current == "County-wide"
    assert changes["remit_item_ids"].approved.startswith("1. ")
    assert changes["remit_item_ids"].current.count("\n") == 1
    # Putting the text back restores the approval: it was always about that content.
    world.service.update(
        rec_id,
        text="That every district has an outreach hub run by a special school.",
        districts=["Thanet"],
        remit_item_ids=remit[:1],
    )
    again = world.service.detail(rec_id)
    assert again.state == "approved"
    assert again.changes_since_approval == ()


def test_a_new_decision_on_the_new_text_counts(world: World) -> None:
    rec_id = raise_one(world)
    to_smt(world, rec_id)
    world.service.update(rec_id, title="Outreach hubs (amended)")
    detail = world.service.detail(rec_id)
    assert detail.state == "submitted_to_sg"  # the endorsement no longer covers the text
    assert any(e.flag == "invalid" for e in detail.events)  # the submission to SMT fell
    world.service.record_event(rec_id, "endorsed_with_amendments", sign_as=world.chair)
    world.service.record_event(rec_id, "submitted_to_smt")
    detail = world.service.record_event(rec_id, "approved_with_amendments", sign_as=world.smt_chair)
    assert detail.state == "approved_with_amendments"
    assert detail.approved_hash == detail.current_hash


def test_concurrent_decisions_from_two_laptops_are_flagged(world: World) -> None:
    rec_id = raise_one(world)
    world.service.record_event(rec_id, "agreed")  # 09:01
    world.service.record_event(rec_id, "submitted_to_sg")  # 09:02
    world.service.record_event(rec_id, "not_endorsed", meeting_id=world.sg_meeting)  # 09:03
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


# --- lists and the dashboard ------------------------------------------------------------


def test_lists_counts_and_remit_coverage(world: World) -> None:
    remit = remit_ids(world, "BESD")
    a = raise_one(world, remit_item_ids=remit[:2])
    b = raise_one(world, title="Second", remit_item_ids=[remit[1]])
    c = world.service.create(group_id("CL"), "Cognition").id
    world.service.record_event(b, "agreed")
    withdrawn = raise_one(world, title="Dropped", remit_item_ids=[remit[2]])
    world.service.record_event(withdrawn, "withdrawn")

    everything = world.service.list_recommendations()
    assert [r.reference for r in everything] == ["BESD-R1", "BESD-R2", "BESD-R3", "CL-R1"]
    assert [r.id for r in world.service.list_recommendations(group_id("CL"))] == [c]
    assert [r.id for r in world.service.list_recommendations(state="agreed")] == [b]
    counts = world.service.counts_by_state(world.besd)
    assert (counts["draft"], counts["agreed"], counts["withdrawn"], counts["approved"]) == (
        1,
        1,
        1,
        0,
    )

    coverage = world.service.remit_coverage(world.besd)
    assert [c.remit.id for c in coverage] == remit
    assert coverage[0].references == ("BESD-R1",)
    assert coverage[1].references == ("BESD-R1", "BESD-R2")
    assert not coverage[2].covered  # only a withdrawn recommendation answers it
    assert coverage[2].recommendations[0].state == "withdrawn"
    assert all(not point.covered for point in coverage[3:])
    assert a in {r.id for r in coverage[0].recommendations}


def test_events_at_a_meeting_for_its_minutes(world: World) -> None:
    first, second = raise_one(world), raise_one(world, title="Second")
    for rec_id in (first, second):
        world.service.record_event(rec_id, "agreed", meeting_id=world.besd_meeting)
    world.service.record_event(first, "submitted_to_sg")
    found = world.service.events_at(world.besd_meeting)
    assert [(e.transition, e.meeting_id) for e in found] == [
        ("agreed", world.besd_meeting),
        ("agreed", world.besd_meeting),
    ]
