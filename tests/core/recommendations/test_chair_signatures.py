"""Chairs' signatures: a decision counts only when signed on the laptop the programme
root certified as that chair's for the deciding body on its date; forged, self-made,
synced or revoked keys and laptops never make one count."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import func, select

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.recommendations.checks import (
    REASON_EARLIER_SCHEME,
)
from sen_desktop.core.recommendations.service import RecommendationService
from sen_desktop.core.recommendations.signing import approval_message_of
from sen_desktop.core.store.models import (
    RecommendationEvent,
    SigningKey,
)
from tests.chair_helpers import Laptop
from tests.core.recommendations.recommendation_world import (
    TODAY,
    Clock,
    World,
    approved,
    chair_elsewhere,
    event_id,
    event_row,
    raise_one,
    reason_of,
    submitted,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from store_helpers import Store

# --- signatures ---------------------------------------------------------------------------


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
    from sen_desktop.sync.merge import apply_ops
    from sen_desktop.sync.operations import knowledge, ops_since

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
