"""Recording a decision: where it may be taken, when, and a chair's signature on it.

The checks ``RecommendationService.record_event`` and ``sign_decision`` make before an
event is written: the meeting belongs to the body deciding at that stage, the body
beyond the groups exists, the step comes after the latest one, and a chair signs only on
the laptop the programme root certified as theirs for the deciding body on the
decision's date (docs/TRUST.md "Chairs"), with this laptop's own key.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.recommendations.chairs import ChairAuthority, Signer, load_authority
from sen_desktop.core.recommendations.checks import (
    DecidingBody,
    Derived,
    deciding_body,
    iso_utc,
    load_bodies,
    order_at,
    parse_at,
    the,
)
from sen_desktop.core.recommendations.records import SigningKeyRecord
from sen_desktop.core.recommendations.signing import (
    approval_message_of,
    check_signature,
    fingerprint,
)
from sen_desktop.core.store.models import (
    Body,
    Group,
    Meeting,
    Person,
    RecommendationEvent,
    SigningKey,
)
from sen_desktop.core.store.rows import live_row
from sen_desktop.core.validation import uk_date

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from sqlalchemy.orm import Session

#: The body beyond the groups a step at SMT and Members names unless told.
DEFAULT_BODY = "SMT"


def live_person(s: Session, person_id: str, field: str) -> Person:
    """A person in the programme's list, else a refusal beside ``field``."""
    return live_row(s, Person, person_id, "Choose a person who is in the programme's list.",
                    field=field)


def check_meeting(
    s: Session,
    meeting_id: str,
    transition: str,
    stage: str,
    group: Group,
    steering: Group | None,
) -> None:
    meeting = live_row(s, Meeting, meeting_id, "Choose a meeting that exists.", field="meeting_id")
    if meeting.status == "cancelled":
        raise ValidationError(
            "That meeting was cancelled; choose the meeting where it was decided.",
            field="meeting_id",
        )
    if stage == rs.STAGE_WORKING_GROUP and meeting.group_id != group.id:
        raise ValidationError(
            f"Choose a meeting of the {group.name}: this step is the working group's.",
            field="meeting_id",
        )
    # A working group may resolve at its own meeting to submit to the Steering Group;
    # the Steering Group's decisions are taken at its meetings.
    allowed = {steering.id} if steering is not None else set()
    if transition == rs.T_SUBMITTED_TO_SG:
        allowed.add(group.id)
    if (
        stage == rs.STAGE_STEERING_GROUP
        and steering is not None
        and meeting.group_id not in allowed
    ):
        raise ValidationError(
            f"Choose a meeting of the {steering.name}: it decides at this stage.",
            field="meeting_id",
        )


def body_by_code(s: Session, code: str) -> Body:
    body = s.scalars(
        select(Body)
        .where(Body.code == code, Body.deleted.is_(False))
        .order_by(Body.position, Body.id)
        .limit(1)
    ).first()
    if body is None:
        raise ValidationError(
            f"“{code}” is not one of the bodies in the programme's list.", field="body_code"
        )
    return body


def next_stamp(derived: Derived, at: dt.datetime | None, now: Callable[[], dt.datetime]) -> str:
    """When a step is recorded: ``at`` (or now), which must come after the
    recommendation's latest step."""
    latest = max((order_at(e.at) for e in derived.events.values()), default="")
    moment = now() if at is None else at
    if moment.tzinfo is None:
        raise ValidationError("Give the decision's time with its time zone.", field="at")
    stamp = iso_utc(moment)
    if stamp > latest:
        return stamp
    if at is not None:
        raise ValidationError(
            "Record steps in the order they happened: this one is dated before the "
            "recommendation's latest step.",
            field="at",
        )
    # Two steps within one clock tick (or a clock set back): one microsecond after.
    last = parse_at(latest)
    assert last is not None
    return iso_utc(last + dt.timedelta(microseconds=1))


def standing_problem(
    authority: ChairAuthority,
    bodies: Mapping[str, DecidingBody],
    event: RecommendationEvent,
    now: Callable[[], dt.datetime],
) -> str | None:
    """None when this laptop's certificate makes it ``event.by_id``'s laptop as chair
    of the deciding body at the event's time; else why not, in one sentence."""
    body = deciding_body(event, bodies)
    if body is None:
        return "This decision names no body whose chair signs it."
    moment = parse_at(event.at)
    if moment is None:
        return "This decision's time cannot be read, so it cannot be signed."
    own = authority.own()
    if own is None:
        return (
            "This laptop has not joined the programme, so no chair signs here; record "
            "the decision unsigned and the chair signs it on their certified laptop."
        )
    standing = authority.standing(own.laptop_id, body.code, event.by_id, moment)
    if standing.problem == "revoked" or own.revoked_at(now()):
        return (
            "This laptop's certificate was revoked, so it no longer signs for the chair; "
            "the chair signs on their new certified laptop."
        )
    later = [start for start in standing.starts if start > moment.date()]
    if later:
        return (
            f"This laptop is certified as the chair's laptop for {the(body.name)} only "
            f"from {uk_date(later[0])}, after this decision ({uk_date(moment.date())})."
        )
    if standing.problem:
        return (
            f"This laptop is not certified as the chair's laptop for {the(body.name)} "
            f"on {uk_date(moment.date())}; record the decision unsigned and the chair "
            "signs it on their certified laptop."
        )
    return None


def sign_event(
    s: Session,
    event: RecommendationEvent,
    person_id: str,
    signer: Signer | None,
    now: Callable[[], dt.datetime],
) -> None:
    """Sign ``event`` as ``person_id``'s decision with this laptop's key, when its
    certificate says this laptop is that chair's (docs/TRUST.md "Chairs")."""
    live_person(s, person_id, "sign_as")
    event.by_id = person_id
    authority = load_authority(s)
    problem = standing_problem(authority, load_bodies(s), event, now)
    if problem is not None:
        raise ValidationError(problem, field="sign_as")
    own = authority.own()
    assert own is not None
    if signer is None:
        raise ValidationError(
            "This window cannot reach this laptop's signing key; sign in the "
            "SEN Secretariat window on the chair's laptop.",
            field="sign_as",
        )
    if signer.laptop_id != own.laptop_id:
        raise ValidationError(
            "This laptop's key is not the one its certificate names; join the "
            "programme again before the chair signs here.",
            field="sign_as",
        )
    message = approval_message_of(event)
    signature = signer.sign(message).hex()
    if not check_signature(own.sign_key, message, signature).ok:
        raise ValidationError(
            "This laptop's key is not the one its certificate names; join the "
            "programme again before the chair signs here.",
            field="sign_as",
        )
    event.signature = signature
    event.signer_laptop = own.laptop_id


def key_record(key: SigningKey, person_name: str) -> SigningKeyRecord:
    return SigningKeyRecord(
        id=key.id,
        person_id=key.person_id,
        person_name=person_name,
        public_key=key.public_key,
        fingerprint=fingerprint(key.public_key),
        created_at=key.created_at,
        revoked=bool(key.revoked),
    )
