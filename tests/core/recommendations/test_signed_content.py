"""What a chair's signature covers: moving it to another meeting, body, minute, note or
step, tampering with the row, an earlier-scheme signature, or editing the text after
the decision, and it stops counting until the decision is made again."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.recommendations.chairs import CertifiedLaptop, ChairAuthority, ChairRole
from sen_desktop.core.recommendations.checks import (
    REASON_EARLIER_SCHEME,
    DecidingBody,
    verify_event,
)
from sen_desktop.core.recommendations.signing import approval_message_of
from sen_desktop.core.store.models import (
    Body,
    RecommendationEvent,
    SigningKey,
)
from tests.chair_helpers import Laptop
from tests.core.recommendations.recommendation_world import (
    World,
    approved,
    chair_elsewhere,
    event_id,
    event_row,
    raise_one,
    reason_of,
    remit_ids,
    submitted,
    to_smt,
)

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
