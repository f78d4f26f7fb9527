"""Recommendations: raising and editing them, the pathway of decisions, chairs'
signatures that verify only from the chair's certified laptop, and tampering, moving,
forging or editing that stops a decision counting."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker
from store_helpers import Store

from sen_desktop.core.errors import NotFoundError, ValidationError
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.recommendations.chairs import CertifiedLaptop, ChairAuthority, ChairRole
from sen_desktop.core.recommendations.checks import (
    REASON_EARLIER_SCHEME,
    DecidingBody,
    verify_event,
)
from sen_desktop.core.recommendations.service import RecommendationService
from sen_desktop.core.recommendations.signing import approval_message_of
from sen_desktop.core.store.models import (
    AgendaItem,
    Body,
    Meeting,
    Person,
    Recommendation,
    RecommendationEvent,
    RemitItem,
    SigningKey,
)
from tests.chair_helpers import Laptop, Registry

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
    registry: Registry
    laptop: Laptop  # this database's own laptop: certified as chair of SG and of SMT

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
def world(store: Store) -> World:
    """The seeded County programme with three people, three meetings and this laptop
    certified as chair of the Steering Group and of SMT."""
    sf = store.session_factory
    with sf.begin() as s:
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
    registry = Registry(sf)
    start = dt.date(2010, 9, 1)
    laptop = registry.become(
        registry.certify("Chairs' laptop", [("SG", ids[0], start), ("SMT", ids[1], start)])
    )
    service = RecommendationService(sf, today=lambda: TODAY, signer=laptop, now=Clock())
    return World(
        sf=sf,
        engine=store.engine,
        path=store.path,
        service=service,
        chair=ids[0],
        smt_chair=ids[1],
        secretary=ids[2],
        besd=besd,
        sg=sg,
        besd_meeting=ids[3],
        sg_meeting=ids[4],
        later_sg_meeting=ids[5],
        registry=registry,
        laptop=laptop,
    )


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
    from sen_desktop.core.programme.data import DISTRICTS
    from sen_desktop.core.programme.service import ProgrammeService

    assert world.service.districts() == DISTRICTS  # what the form offers: the plan's
    ProgrammeService(world.sf).set_setting("districts", ["North", "South"])
    assert world.service.districts() == ("North", "South")
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


# --- signatures ---------------------------------------------------------------------------


def event_row(w: World, row_id: str) -> dict[str, Any]:
    with sqlite3.connect(w.path) as conn:
        conn.row_factory = sqlite3.Row
        sql = "SELECT * FROM recommendation_event WHERE id = ?"
        return dict(conn.execute(sql, (row_id,)).fetchone())


def test_a_decision_is_signed_by_the_laptop_and_no_key_is_made(world: World) -> None:
    rec_id = approved(world)
    row = event_row(world, event_id(world, rec_id, "approved"))
    assert row["signer_laptop"] == world.laptop.laptop_id
    assert row["signer_key_id"] is None
    assert len(bytes.fromhex(row["signature"])) == 64
    # No chair's key is made or registered any more, and no private key is stored.
    with world.sf() as s:
        assert s.scalar(select(func.count()).select_from(SigningKey)) == 0
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )

    private = world.laptop.key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    with sqlite3.connect(world.path) as conn:
        dump = "\n".join(conn.iterdump())
    assert private.hex() not in dump and private.hex().upper() not in dump


def test_signing_roles_name_the_chairs_this_laptop_is_certified_for(world: World) -> None:
    roles = world.service.signing_roles()
    assert [(r.person_name, r.body_code, r.body_name, r.start) for r in roles] == [
        ("Pat Director", "SMT", "Senior Management Team", dt.date(2010, 9, 1)),
        ("Sam Chair", "SG", "Strategy Steering Group", dt.date(2010, 9, 1)),
    ]
    world.registry.revoke(world.laptop, dt.datetime(2010, 9, 30, tzinfo=dt.UTC))
    assert world.service.signing_roles() == []


def chair_elsewhere(w: World, chairs: list[tuple[str, str, dt.date]]) -> RecommendationService:
    """The database opened on another laptop, certified for ``chairs``: this database's
    own laptop becomes that one (the world's service then no longer signs)."""
    laptop = w.registry.become(w.registry.certify("Another laptop", chairs))
    return RecommendationService(w.sf, today=lambda: TODAY, signer=laptop, now=Clock())


def test_a_laptop_not_certified_as_that_chair_cannot_sign(world: World) -> None:
    rec_id = raise_one(world)
    world.service.record_event(rec_id, "agreed")
    world.service.record_event(rec_id, "submitted_to_sg")
    chairs_laptop = world.laptop
    # A laptop certified as chair of the BESD Working Group, for the same person.
    besd = chair_elsewhere(world, [("BESD", world.chair, dt.date(2010, 1, 1))])
    assert [r.body_code for r in besd.signing_roles()] == ["BESD"]
    refusal = (
        "This laptop is not certified as the chair's laptop for the Strategy Steering Group "
        "on 1 October 2010; record the decision unsigned and the chair signs it on their "
        "certified laptop."
    )
    with pytest.raises(ValidationError) as refused:
        besd.record_event(rec_id, "endorsed", sign_as=world.chair)
    assert (str(refused.value), refused.value.field) == (refusal, "sign_as")
    assert besd.detail(rec_id).state == "submitted_to_sg"  # nothing saved
    # Recorded unsigned there (from the minutes), it is signed on the chair's laptop.
    pending = besd.record_event(rec_id, "endorsed", by_id=world.chair).events[-1].id
    assert besd.signable_events(rec_id) == frozenset()
    with pytest.raises(ValidationError, match="not certified as the chair's laptop"):
        besd.sign_decision(pending, world.chair)
    world.registry.become(chairs_laptop)
    assert world.service.signable_events(rec_id) == {pending}
    detail = world.service.sign_decision(pending, world.chair)
    assert detail.state == "endorsed" and detail.events[-1].verified


def test_a_chair_certified_from_a_later_date_cannot_sign_earlier(world: World) -> None:
    rec_id = submitted(world)
    later = chair_elsewhere(world, [("SG", world.chair, dt.date(2010, 11, 1))])
    with pytest.raises(ValidationError) as refused:
        later.record_event(rec_id, "endorsed", sign_as=world.chair)
    assert str(refused.value) == (
        "This laptop is certified as the chair's laptop for the Strategy Steering Group "
        "only from 1 November 2010, after this decision (1 October 2010)."
    )


def test_a_laptop_that_has_not_joined_signs_nothing(world: World) -> None:
    rec_id = raise_one(world)
    world.service.record_event(rec_id, "agreed")
    world.service.record_event(rec_id, "submitted_to_sg")
    world.raw("DELETE FROM laptop_self")
    with pytest.raises(ValidationError, match="has not joined the programme"):
        world.service.record_event(rec_id, "endorsed", sign_as=world.chair)
    assert world.service.signing_roles() == []


def test_a_signer_whose_key_is_not_the_certificates_is_refused(world: World) -> None:
    rec_id = raise_one(world)
    world.service.record_event(rec_id, "agreed")
    world.service.record_event(rec_id, "submitted_to_sg")
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    impostor = Laptop(world.laptop.laptop_id, "Impostor", Ed25519PrivateKey.generate())
    service = RecommendationService(world.sf, today=lambda: TODAY, signer=impostor, now=Clock())
    with pytest.raises(ValidationError, match="not the one its certificate names"):
        service.record_event(rec_id, "endorsed", sign_as=world.chair)
    no_signer = RecommendationService(world.sf, today=lambda: TODAY, now=Clock())
    with pytest.raises(ValidationError, match="cannot reach this laptop's signing key"):
        no_signer.record_event(rec_id, "endorsed", sign_as=world.chair)
    assert world.service.detail(rec_id).state == "submitted_to_sg"


def forge(w: World, rec_id: str, signer: Laptop | None, **fields: Any) -> str:
    """A decision event made outside the app (or arriving by sync), signed v2 by
    ``signer``'s key and naming it as the signing laptop."""
    detail = w.service.detail(rec_id)
    values: dict[str, Any] = {
        "id": oplog_id(),
        "recommendation_id": rec_id,
        "transition": "endorsed",
        "group_id": w.sg,
        "body_id": None,
        "meeting_id": w.sg_meeting,
        "minute_number": "12",
        "by_id": w.chair,
        "at": "2010-10-01T12:00:00.000000+00:00",
        "note": "",
        "content_hash": detail.current_hash,
        "after_id": detail.events[-1].id if detail.events else None,
    }
    values.update(fields)
    signature = signer.sign(approval_message_of(values)).hex() if signer else ""
    with w.sf.begin() as s:
        event = RecommendationEvent(
            **values,
            signature=signature,
            signer_laptop=signer.laptop_id if signer else None,
        )
        s.add(event)
    return str(values["id"])


def oplog_id() -> str:
    import uuid

    return str(uuid.uuid4())


def submitted(w: World) -> str:
    rec_id = raise_one(w)
    w.service.record_event(rec_id, "agreed")
    w.service.record_event(rec_id, "submitted_to_sg")
    return rec_id


def reason_of(w: World, rec_id: str, event: str) -> tuple[bool, str]:
    (view,) = [e for e in w.service.detail(rec_id).events if e.id == event]
    return view.verified, view.reason


def test_a_forged_decision_needs_the_chairs_certified_laptop(world: World) -> None:
    rec_id = submitted(world)
    # The genuine chair's laptop: the same forge counts (the helper is not the fault).
    genuine = forge(world, rec_id, world.laptop)
    assert reason_of(world, rec_id, genuine) == (True, "")
    world.raw("DELETE FROM recommendation_event WHERE id = ?", genuine)
    # A laptop with a key of its own making that the root never certified.
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    stranger = Laptop(oplog_id(), "Stranger", Ed25519PrivateKey.generate())
    forged = forge(world, rec_id, stranger)
    assert reason_of(world, rec_id, forged) == (
        False,
        "signed by a laptop the programme has not certified",
    )
    assert world.service.detail(rec_id).state == "submitted_to_sg"
    # The chair's laptop named, but signed with another key.
    named = forge(world, rec_id, stranger, id=oplog_id())
    world.raw(
        "UPDATE recommendation_event SET signer_laptop = ? WHERE id = ?",
        world.laptop.laptop_id,
        named,
    )
    assert reason_of(world, rec_id, named) == (False, "signature does not match")
    # A certificate for the stranger, signed by a key other than the root's.
    world.registry.certify(
        "Stranger", [("SG", world.chair, dt.date(2010, 1, 1))], laptop=stranger,
        signer_key=Ed25519PrivateKey.generate(),
    )
    assert not reason_of(world, rec_id, forged)[0]
    assert world.service.detail(rec_id).state == "submitted_to_sg"


def test_the_chair_of_besd_cannot_endorse_for_the_steering_group(world: World) -> None:
    rec_id = submitted(world)
    besd_chair = world.registry.certify("BESD chair", [("BESD", world.chair, dt.date(2010, 1, 1))])
    forged = forge(world, rec_id, besd_chair)
    assert reason_of(world, rec_id, forged) == (
        False,
        "signed by a laptop not certified as chair of the Strategy Steering Group "
        "on 1 October 2010",
    )
    # Certified for the Steering Group, but only from a later date.
    later = world.registry.certify("Later chair", [("SG", world.chair, dt.date(2010, 11, 1))])
    too_soon = forge(world, rec_id, later, id=oplog_id())
    assert reason_of(world, rec_id, too_soon) == (
        False,
        "signed by a laptop not certified as chair of the Strategy Steering Group "
        "on 1 October 2010 (only from 1 November 2010)",
    )
    # Certified as the Steering Group's chair, but for someone else.
    other = world.registry.certify("Other chair", [("SG", world.secretary, dt.date(2010, 1, 1))])
    someone_else = forge(world, rec_id, other, id=oplog_id())
    assert not reason_of(world, rec_id, someone_else)[0]
    assert world.service.detail(rec_id).state == "submitted_to_sg"


def test_a_self_made_key_row_does_not_make_an_approval_count(world: World) -> None:
    rec_id = submitted(world)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
    # A key row for the chair, as the earlier scheme trusted, arriving as synced data.
    with world.sf.begin() as s:
        row = SigningKey(person_id=world.chair, public_key=public, created_at="2010-09-01")
        s.add(row)
        s.flush()
        key_id = row.id
    forged = forge(world, rec_id, None)
    fields = event_row(world, forged)
    world.raw(
        "UPDATE recommendation_event SET signature = ?, signer_key_id = ? WHERE id = ?",
        key.sign(approval_message_of(fields)).hex(),
        key_id,
        forged,
    )
    assert reason_of(world, rec_id, forged) == (False, REASON_EARLIER_SCHEME)
    assert world.service.detail(rec_id).state == "submitted_to_sg"
    assert world.service.list_recommendations(state="endorsed") == []


def test_a_key_row_arriving_by_sync_changes_nothing(world: World) -> None:
    rec_id = approved(world)
    before = world.service.detail(rec_id)
    with world.sf.begin() as s:
        s.add(SigningKey(person_id=world.smt_chair, public_key="00" * 32, created_at="2010-09-01"))
        s.add(SigningKey(person_id=world.chair, public_key="11" * 32, created_at="2010-09-01"))
    assert world.service.detail(rec_id) == before
    world.raw("UPDATE signing_key SET revoked = 1")
    assert world.service.detail(rec_id) == before


def test_key_rows_and_an_old_style_signature_arriving_by_sync_never_count(
    world: World, new_store: Callable[..., Store]
) -> None:
    from sen_desktop.sync.merge import apply_ops, knowledge, ops_since

    rec_id = approved(world)
    before = world.service.detail(rec_id)
    # Another laptop holding everything this one holds …
    other = new_store("other").session_factory
    with world.sf() as s:
        held = ops_since(s, {})
    with other.begin() as s:
        apply_ops(s, held)
    # … makes a key row for each chair and re-signs the approval the earlier way.
    with other.begin() as s:
        key = SigningKey(person_id=world.smt_chair, public_key="66" * 32, created_at="2010-09-01")
        s.add(key)
        s.add(SigningKey(person_id=world.chair, public_key="77" * 32, created_at="2010-09-01"))
        s.flush()
        event = s.get(RecommendationEvent, event_id(world, rec_id, "approved"))
        assert event is not None
        event.signer_laptop, event.signer_key_id, event.signature = None, key.id, "88" * 64
    with other() as s, world.sf() as mine:
        arriving = ops_since(s, knowledge(mine))
    assert {op.entity for op in arriving} == {"signing_key", "recommendation_event"}
    with world.sf.begin() as s:
        apply_ops(s, arriving)
    detail = world.service.detail(rec_id)
    approval = next(e for e in detail.events if e.transition == "approved")
    assert (approval.verified, approval.reason) == (False, REASON_EARLIER_SCHEME)
    assert detail.state == "submitted_to_smt"
    # The chair re-signs on their certified laptop: it counts again, as before.
    world.service.sign_decision(approval.id, world.smt_chair)
    assert world.service.detail(rec_id).state == before.state == "approved"


def test_revoked_before_the_decision_it_does_not_count_after_it_still_does(
    world: World,
) -> None:
    rec_id = approved(world)  # endorsed at 09:03, approved at 09:05 on 1 October 2010
    world.registry.revoke(world.laptop, dt.datetime(2010, 10, 1, 9, 4, tzinfo=dt.UTC))
    detail = world.service.detail(rec_id)
    endorsement = next(e for e in detail.events if e.transition == "endorsed")
    approval = next(e for e in detail.events if e.transition == "approved")
    assert endorsement.verified
    assert (approval.verified, approval.reason) == (
        False,
        "the chair's laptop was revoked from 1 October 2010 at 09:04 UTC, before this decision",
    )
    assert detail.state == "submitted_to_smt"


def test_revoked_after_the_decision_it_still_counts(world: World) -> None:
    rec_id = approved(world)
    world.registry.revoke(world.laptop, dt.datetime(2010, 10, 2, tzinfo=dt.UTC))
    assert world.service.detail(rec_id).state == "approved"
    # The revoked laptop signs nothing new.
    other = raise_one(world, title="Another")
    world.service.record_event(other, "agreed")
    world.service.record_event(other, "submitted_to_sg")
    later = RecommendationService(
        world.sf,
        today=lambda: TODAY,
        signer=world.laptop,
        now=lambda: dt.datetime(2010, 10, 3, tzinfo=dt.UTC),
    )
    with pytest.raises(ValidationError, match="certificate was revoked"):
        later.record_event(other, "endorsed", sign_as=world.chair)
    # Nor an earlier decision, dated before the revocation, recorded unsigned.
    pending = world.service.record_event(
        other, "endorsed", by_id=world.chair, at=dt.datetime(2010, 10, 1, 12, tzinfo=dt.UTC)
    ).events[-1].id
    assert later.signable_events(other) == frozenset()
    with pytest.raises(ValidationError, match="certificate was revoked"):
        later.sign_decision(pending, world.chair)


MOVES: list[tuple[str, str, str]] = [
    ("meeting_id", "later_sg_meeting", "signature does not match"),
    ("minute_number", "'13'", "signature does not match"),
    ("note", "'with thanks'", "signature does not match"),
    ("after_id", "NULL", "signature does not match"),
    ("at", "'2010-10-01T09:03:30.000000+00:00'", "signature does not match"),
    ("body_id", "body", "signature does not match"),
    ("group_id", "besd", "not certified as chair of the BESD Working Group"),
    ("by_id", "secretary", "not certified as chair of the Strategy Steering Group"),
]


@pytest.mark.parametrize(("column", "value", "reason"), MOVES)
def test_a_signature_moved_to_another_meeting_body_minute_note_or_step_breaks(
    world: World, column: str, value: str, reason: str
) -> None:
    rec_id = raise_one(world)
    to_smt(world, rec_id)
    endorsement = event_id(world, rec_id, "endorsed")
    with world.sf() as s:
        smt_body = s.scalar(select(Body.id).where(Body.code == "SMT"))
    sql = {
        "later_sg_meeting": f"'{world.later_sg_meeting}'",
        "body": f"'{smt_body}'",
        "besd": f"'{world.besd}'",
        "secretary": f"'{world.secretary}'",
    }.get(value, value)
    world.raw(f"UPDATE recommendation_event SET {column} = {sql} WHERE id = ?", endorsement)
    verified, why = reason_of(world, rec_id, endorsement)
    assert not verified
    assert reason in why
    assert world.service.detail(rec_id).state != "endorsed"


def earlier_scheme(w: World) -> tuple[str, str]:
    """An endorsement signed under the passphrase scheme: a key row, no signing laptop."""
    rec_id = submitted(w)
    pending = w.service.record_event(rec_id, "endorsed", by_id=w.chair).events[-1].id
    with w.sf.begin() as s:
        row = SigningKey(person_id=w.chair, public_key="22" * 32, created_at="2010-09-01")
        s.add(row)
        s.flush()
        event = s.get(RecommendationEvent, pending)
        assert event is not None
        event.signature = "33" * 64
        event.signer_key_id = row.id
    return rec_id, pending


def test_an_earlier_scheme_approval_is_shown_and_counts_once_re_signed(world: World) -> None:
    rec_id, pending = earlier_scheme(world)
    detail = world.service.detail(rec_id)
    view = detail.events[-1]
    assert (view.signed, view.verified, view.reason) == (True, False, REASON_EARLIER_SCHEME)
    assert REASON_EARLIER_SCHEME == "signed under the earlier scheme — ask the chair to re-sign"
    assert detail.state == "submitted_to_sg"
    assert world.service.signable_events(rec_id) == {pending}
    detail = world.service.sign_decision(pending, world.chair)
    assert detail.state == "endorsed" and detail.events[-1].verified
    row = event_row(world, pending)
    assert row["signer_laptop"] == world.laptop.laptop_id
    assert row["signer_key_id"] is not None  # kept: sync may change only the signature
    with pytest.raises(ValidationError, match="already signed"):
        world.service.sign_decision(pending, world.chair)
    assert world.service.signable_events(rec_id) == frozenset()


def test_a_laptop_not_the_chairs_cannot_re_sign(world: World) -> None:
    rec_id, pending = earlier_scheme(world)
    elsewhere = chair_elsewhere(world, [("SMT", world.smt_chair, dt.date(2010, 1, 1))])
    assert elsewhere.signable_events(rec_id) == frozenset()
    with pytest.raises(ValidationError, match="not certified as the chair's laptop"):
        elsewhere.sign_decision(pending, world.chair)
    assert elsewhere.detail(rec_id).events[-1].reason == REASON_EARLIER_SCHEME


# One signed event checked in memory: any single field changed, it stops counting.
_LAPTOP = "5b1c7c0e-3f55-4a43-9a53-2f8f3b0f6d10"
_BODIES = {"g-sg": DecidingBody("SG", "Strategy Steering Group")}
_FIELDS = (
    "id",
    "recommendation_id",
    "transition",
    "body_id",
    "group_id",
    "meeting_id",
    "minute_number",
    "note",
    "by_id",
    "after_id",
    "at",
    "content_hash",
    "signature",
    "signer_laptop",
)


def _signed_event() -> tuple[RecommendationEvent, ChairAuthority]:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    laptop = Laptop(_LAPTOP, "Chair", key)
    certified = CertifiedLaptop(
        _LAPTOP, 2, "Chair", laptop.sign_public_hex,
        (ChairRole("SG", "p-chair", dt.date(2010, 1, 1)),), None,
    )
    authority = ChairAuthority("prog", "00" * 32, None, {_LAPTOP: (certified,)})
    event = RecommendationEvent(
        id="e-1", recommendation_id="r-1", transition="endorsed", body_id=None,
        group_id="g-sg", meeting_id="m-1", minute_number="12", note="", by_id="p-chair",
        after_id="e-0", at="2010-10-01T09:00:00.000000+00:00", content_hash="ab" * 32,
        signature="", signer_laptop=_LAPTOP, signer_key_id=None,
    )
    event.signature = laptop.sign(approval_message_of(event)).hex()
    return event, authority


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    field=st.sampled_from(_FIELDS),
    text=st.text(max_size=40),
    when=st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1)),
)
def test_any_single_field_changed_and_a_signed_decision_no_longer_counts(
    field: str, text: str, when: dt.datetime
) -> None:
    event, authority = _signed_event()
    assert verify_event(event, event.content_hash, authority, _BODIES).verified
    current = event.content_hash
    old = getattr(event, field)
    if field == "at":
        new: Any = when.replace(tzinfo=dt.UTC).isoformat(timespec="microseconds")
    elif field == "transition":
        new = "approved" if text else "endorsed_with_amendments"
    elif field == "signature":
        new = "cd" * 64 if text else ""
    elif field in ("body_id", "after_id", "signer_laptop") and not text:
        new = None
    else:
        new = text
    if new == old:
        new = f"{old}x"
    setattr(event, field, new)
    assert not verify_event(event, current, authority, _BODIES).verified


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
    world.service.record_event(
        rec_id, "endorsed_with_amendments", sign_as=world.chair, note="Title amended."
    )
    world.service.record_event(rec_id, "submitted_to_smt")
    detail = world.service.record_event(
        rec_id, "approved_with_amendments", sign_as=world.smt_chair, note="A pilot first."
    )
    assert detail.state == "approved_with_amendments"
    assert detail.approved_hash == detail.current_hash


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
