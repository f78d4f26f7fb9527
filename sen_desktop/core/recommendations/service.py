"""Recommendations: raised by a working group, decided along the pathway, signed by chairs.

The service writes recommendations and their append-only events and reads them back;
the rules live beside it:
- recommendation_states: the pathway as a pure state machine, and deriving the state
  from events in any order;
- recommendation_checks: whether each event counts (a chair's decision only when its
  Ed25519 signature verifies over the content as it is now), and the approved version
  found again in the operation log;
- pathway: the detail a screen or a paper front sheet shows (past and future pathway);
- signing: what exactly a chair signs; chairs: the chairs the programme root certified
  (this laptop's registry), and this laptop's own signing key (``Signer``).

Decisions "with amendments": put the amendments into the text first, then record the
decision, so that the signature covers the amended text.

A chair signs only on the laptop the programme root certified as theirs for the
deciding body (docs/TRUST.md "Chairs"); no laptop makes a chair's key. A chair's
decision may be recorded unsigned (the secretary, from the minutes); it shows "not
signed by the chair" and does not count until the chair signs it on their certified
laptop with ``sign_decision``, which fills in the signature (and ``signer_laptop``) of
that same event. A decision signed under the earlier passphrase scheme is re-signed the
same way. Events are otherwise never changed: a correction is a new event.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sen_desktop.core.errors import NotFoundError, ValidationError
from sen_desktop.core.meetings.chain import (
    TITLE_MAX,
    business_range,
    check_editable,
    live_items,
    live_meeting,
    refresh_chain,
    set_positions,
)
from sen_desktop.core.programme.data import DISTRICTS
from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.recommendations.chairs import ChairAuthority, Signer, load_authority
from sen_desktop.core.recommendations.checks import (
    DecidingBody,
    Derived,
    chunks,
    deciding_body,
    derive_many,
    iso_utc,
    load_bodies,
    order_at,
    parse_at,
    the,
)
from sen_desktop.core.recommendations.pathway import (
    detail_of,
    groups_by_id,
    record_of,
    steering_group_of,
)
from sen_desktop.core.recommendations.records import (
    CertifiedChair,
    EventView,
    RecommendationDetail,
    RecommendationRecord,
    RecommendationSummary,
    RemitCoverage,
    RemitRecommendation,
    SigningKeyRecord,
)
from sen_desktop.core.recommendations.signing import (
    CONTENT_FIELDS,
    approval_message_of,
    check_signature,
    fingerprint,
)
from sen_desktop.core.records import RemitPoint
from sen_desktop.core.references.service import next_recommendation_number
from sen_desktop.core.store.models import (
    DIMENSIONS,
    TIERS,
    AgendaItem,
    Body,
    Group,
    Meeting,
    Person,
    ProgrammeSetting,
    Recommendation,
    RecommendationEvent,
    RecommendationRemit,
    RemitItem,
    SigningKey,
    new_id,
)
from sen_desktop.core.validation import (
    clean_line,
    clean_text,
    optional_text,
    require_text,
    uk_date,
)

EDITABLE_FIELDS: Final = (*CONTENT_FIELDS, "key_decision", "decision_no")
_TEXT_FIELDS: Final = (
    "text",
    "rationale",
    "financial",
    "legal",
    "equality",
    "data_protection",
    "reference_group_view",
)

DEFAULT_BODY: Final = "SMT"


@dataclass(frozen=True)
class ChairCheck:
    """A recommendation's latest chair's decision and whether it counts now."""

    event_id: str
    transition: str  # one of recommendation_states.SIGNED_TRANSITIONS
    verified: bool
    reason: str  # why it does not count ("signature does not match" …); "" if it does


def _ref_number(reference: str) -> int:
    match = re.search(r"-R(\d+)$", reference)
    return int(match.group(1)) if match else 0


# --- the service -----------------------------------------------------------------------


class RecommendationService:
    """Recommendations, their decisions along the pathway, and the chairs' signatures."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        today: Callable[[], dt.date] = dt.date.today,
        signer: Signer | None = None,
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        """``signer``: this laptop's own signing key (``sync.identity.LaptopIdentity``,
        or an object that loads it when first asked); None on a laptop that signs
        nothing (papers, the command line)."""
        self._sf = session_factory
        self._today = today
        self._signer = signer
        self._now = now

    # --- writing the recommendation ----------------------------------------------------

    def create(
        self,
        group_id: str,
        title: str,
        text: str = "",
        rationale: str = "",
        dimension: str | None = None,
        tier: str | None = None,
        districts: Iterable[str] = (),
        financial: str = "",
        legal: str = "",
        equality: str = "",
        data_protection: str = "",
        reference_group_view: str = "",
        remit_item_ids: Iterable[str] = (),
        key_decision: bool = False,
        decision_no: str = "",
    ) -> RecommendationRecord:
        """Raise a recommendation (Draft) for a working group or the reference group.

        ``dimension`` None takes the group's own dimension of need; ``districts``
        empty means county-wide. The reference is the group's code, "R" and the next
        number: "BESD-R3".
        """
        given: dict[str, Any] = {
            "title": title,
            "text": text,
            "rationale": rationale,
            "tier": tier,
            "districts": districts,
            "financial": financial,
            "legal": legal,
            "equality": equality,
            "data_protection": data_protection,
            "reference_group_view": reference_group_view,
            "remit_item_ids": remit_item_ids,
            "key_decision": key_decision,
            "decision_no": decision_no,
        }
        with self._sf.begin() as s:
            group = s.get(Group, group_id)
            if group is None or group.deleted:
                raise ValidationError("Choose the group raising this recommendation.", "group_id")
            if group.kind not in ("working", "reference"):
                raise ValidationError(
                    "Recommendations are raised by a working group or the Parent/Carer "
                    "Reference Group; the Steering Group considers them.",
                    field="group_id",
                )
            given["dimension"] = dimension if dimension is not None else group.dimension
            values = self._clean(s, group.id, given)
            remit_ids = values.pop("remit_item_ids")
            values["districts"] = json.dumps(values["districts"], ensure_ascii=False)
            # The group's next number in this laptop's range (core/references/service.py, "Who
            # allocates"): 1, 2, 3 … on the laptop certified to write the group.
            number = next_recommendation_number(s, group)
            rec = Recommendation(reference=f"{group.code}-R{number}", group_id=group.id, **values)
            s.add(rec)
            s.flush()
            s.add_all(
                RecommendationRemit(recommendation_id=rec.id, remit_item_id=item_id)
                for item_id in remit_ids
            )
            s.flush()
            return record_of(s, rec)

    def update(self, recommendation_id: str, **fields: Any) -> RecommendationRecord:
        """Change some fields (``EDITABLE_FIELDS``); the rest stay. Allowed in any
        state: an edit after a chair's decision shows as changes since approval, and
        that decision stops counting until it is made again on the new text."""
        for name in fields:
            if name not in EDITABLE_FIELDS:
                raise TypeError(f"a recommendation has no field {name!r}")
        with self._sf.begin() as s:
            rec = self._live(s, recommendation_id)
            values = self._clean(s, rec.group_id, fields)
            if "districts" in values:
                values["districts"] = json.dumps(values["districts"], ensure_ascii=False)
            remit_ids = values.pop("remit_item_ids", None)
            for name, value in values.items():
                if getattr(rec, name) != value:
                    setattr(rec, name, value)
            if remit_ids is not None:
                self._set_remit(s, rec.id, remit_ids)
            s.flush()
            return record_of(s, rec)

    def remove(self, recommendation_id: str) -> None:
        """Tombstone a recommendation raised by mistake; refused once anything has
        happened to it (withdraw it instead)."""
        with self._sf.begin() as s:
            rec = self._live(s, recommendation_id)
            count = s.scalar(
                select(func.count())
                .select_from(RecommendationEvent)
                .where(
                    RecommendationEvent.recommendation_id == rec.id,
                    RecommendationEvent.deleted.is_(False),
                )
            )
            if count:
                raise ValidationError(
                    f"{rec.reference} has a history of decisions, so it cannot be removed; "
                    "withdraw it instead.",
                    field="recommendation_id",
                )
            rec.deleted = True

    def restore(self, recommendation_id: str) -> RecommendationRecord:
        """Undo ``remove``."""
        with self._sf.begin() as s:
            rec = s.get(Recommendation, recommendation_id)
            if rec is None:
                raise NotFoundError("This recommendation no longer exists.")
            rec.deleted = False
            s.flush()
            return record_of(s, rec)

    def get(self, recommendation_id: str) -> RecommendationRecord:
        with self._sf() as s:
            return record_of(s, self._live(s, recommendation_id))

    # --- decisions -------------------------------------------------------------------

    def record_event(
        self,
        recommendation_id: str,
        transition: str,
        meeting_id: str | None = None,
        minute_number: str = "",
        by_id: str | None = None,
        body_code: str | None = None,
        note: str = "",
        sign_as: str | None = None,
        at: dt.datetime | None = None,
    ) -> RecommendationDetail:
        """Record a step on the pathway (a ``recommendation_states.TRANSITIONS`` value).

        Refused unless the derived state allows it. "Referred back" needs the reason in
        ``note``. Steering Group decisions at a meeting must be at a Steering Group
        meeting, agreeing at one of the recommendation's own group. SMT and Members
        steps name a body (``body_code``, "SMT" unless given). For a chair's decision,
        ``sign_as`` (a person id) signs it with this laptop's key, refused unless this
        laptop's certificate makes it that person's laptop as chair of the deciding
        body on the decision's date; the signer is the decider.
        ``at`` (default now) must come after the recommendation's latest event. The
        event names the step it follows (``after_id``, ``recommendation_states.head_of``),
        so that a decision made elsewhere without knowing of it is seen as concurrent.
        """
        if transition not in rs.TRANSITIONS:
            raise ValidationError(
                f"“{transition}” is not a step a recommendation can take.", field="transition"
            )
        note = clean_text(note).strip()
        minute_number = optional_text(minute_number, "minute_number", "the minute number", 20)
        if transition in rs.NOTE_REQUIRED and not note:
            raise ValidationError(rs.NOTE_REQUIRED[transition], field="note")
        if sign_as is not None:
            if transition not in rs.SIGNED_TRANSITIONS:
                raise ValidationError(
                    "Only endorsements and approvals are signed by a chair.", field="sign_as"
                )
            if by_id is not None and by_id != sign_as:
                raise ValidationError(
                    "The chair who signs must be the person recorded as deciding.",
                    field="sign_as",
                )
            by_id = sign_as
        with self._sf.begin() as s:
            rec = self._live(s, recommendation_id)
            derived = derive_many(s, [rec])[rec.id]
            state = derived.view.state
            rs.check_transition(state, transition)
            stage = rs.decision_stage(state, transition)
            group = s.get(Group, rec.group_id)
            assert group is not None
            steering = steering_group_of(s, group)
            if meeting_id is not None:
                self._check_meeting(s, meeting_id, transition, stage, group, steering)
            if by_id is not None:
                self._live_person(s, by_id, "by_id")
            body_id: str | None = None
            event_group: str | None = None
            if stage == rs.STAGE_SMT:
                body_id = self._body(s, body_code or DEFAULT_BODY).id
            elif body_code is not None:
                raise ValidationError(
                    "Only steps before SMT and Members name a body beyond the groups.",
                    field="body_code",
                )
            if stage == rs.STAGE_WORKING_GROUP:
                event_group = group.id
            elif stage == rs.STAGE_STEERING_GROUP and steering is not None:
                event_group = steering.id
            stamp = self._stamp(derived, at)
            event = RecommendationEvent(
                id=new_id(),
                recommendation_id=rec.id,
                transition=transition,
                body_id=body_id,
                group_id=event_group,
                meeting_id=meeting_id,
                minute_number=minute_number,
                by_id=by_id,
                at=stamp,
                note=note,
                content_hash=derived.current_hash,
                signature="",
                signer_key_id=None,
                after_id=rs.head_of(derived.view),
            )
            if sign_as is not None:
                self._sign(s, event, sign_as)
            s.add(event)
        return self.detail(recommendation_id)

    def sign_decision(self, event_id: str, person_id: str) -> RecommendationDetail:
        """Sign a chair's decision recorded unsigned, or re-sign one signed under the
        earlier scheme, on the chair's certified laptop.

        Refused if it is signed already (under this scheme), was recorded as someone
        else's decision, the recommendation has changed since it was recorded, or this
        laptop is not certified as that chair's.
        """
        with self._sf.begin() as s:
            event = s.get(RecommendationEvent, event_id)
            if event is None or event.deleted:
                raise NotFoundError("This decision no longer exists.")
            rec = self._live(s, event.recommendation_id)
            if event.transition not in rs.SIGNED_TRANSITIONS:
                raise ValidationError(
                    "Only endorsements and approvals are signed by a chair.", field="sign_as"
                )
            earlier = bool(event.signature) and not event.signer_laptop and event.signer_key_id
            if event.signature and not earlier:
                raise ValidationError("This decision is already signed.", field="sign_as")
            if event.by_id is not None and event.by_id != person_id:
                raise ValidationError(
                    "This decision was recorded as another person's; only they can sign it.",
                    field="sign_as",
                )
            self._live_person(s, person_id, "sign_as")
            current = derive_many(s, [rec])[rec.id].current_hash
            if event.content_hash != current:
                raise ValidationError(
                    "The recommendation has changed since this decision was recorded; "
                    "record the decision again on the current text.",
                    field="sign_as",
                )
            event.by_id = person_id
            self._sign(s, event, person_id)
            recommendation_id = rec.id
        return self.detail(recommendation_id)

    def signing_roles(self) -> list[CertifiedChair]:
        """The chairs this laptop is certified to sign for, now (none before it joined
        the programme, or once its certificate is revoked)."""
        with self._sf() as s:
            authority = load_authority(s)
            own = authority.own()
            if own is None or own.revoked_at(self._now()):
                return []
            bodies = {body.code: body for body in load_bodies(s).values()}
            people: dict[str, str] = {
                person_id: name
                for person_id, name in s.execute(
                    select(Person.id, Person.full_name).where(
                        Person.id.in_([role.person_id for role in own.chairs])
                    )
                )
            }
            found = []
            for role in own.chairs:
                body = bodies.get(role.code)
                found.append(
                    CertifiedChair(
                        person_id=role.person_id,
                        person_name=people.get(role.person_id, "a person not in the list"),
                        body_code=role.code,
                        body_name=body.name if body else role.code,
                        start=role.start,
                    )
                )
            return sorted(found, key=lambda c: (c.body_name, c.person_name, c.start))

    def signable_events(self, recommendation_id: str) -> frozenset[str]:
        """The chairs' decisions of a recommendation this laptop may sign now: recorded
        unsigned, or signed under the earlier scheme, for a person and body this laptop
        is certified for on the decision's date, on the content as it is now."""
        with self._sf() as s:
            rec = self._live(s, recommendation_id)
            derived = derive_many(s, [rec])[rec.id]
            authority = load_authority(s)
            if authority.own() is None:
                return frozenset()
            bodies = load_bodies(s)
            found = set()
            for event in derived.events.values():
                check = derived.checks[event.id]
                if (
                    event.transition not in rs.SIGNED_TRANSITIONS
                    or (check.signed and not check.earlier_scheme)
                    or event.content_hash != derived.current_hash
                    or not event.by_id
                ):
                    continue
                if self._standing_problem(authority, bodies, event) is None:
                    found.add(event.id)
            return frozenset(found)

    def signing_keys(self, person_id: str | None = None) -> list[SigningKeyRecord]:
        """Chairs' keys registered under the earlier passphrase scheme: kept readable as
        history, never trusted (no decision counts because of one)."""
        with self._sf() as s:
            query = select(SigningKey, Person.full_name).join(
                Person, Person.id == SigningKey.person_id
            )
            query = query.where(SigningKey.deleted.is_(False))
            if person_id is not None:
                query = query.where(SigningKey.person_id == person_id)
            rows = s.execute(query.order_by(Person.full_name, SigningKey.created_at)).all()
            return [_key_record(key, name) for key, name in rows]

    # --- reading ---------------------------------------------------------------------

    def detail(self, recommendation_id: str) -> RecommendationDetail:
        with self._sf() as s:
            rec = self._live(s, recommendation_id)
            derived = derive_many(s, [rec])[rec.id]
            return detail_of(s, derived, self._today())

    def list_recommendations(
        self, group_id: str | None = None, state: str | None = None
    ) -> list[RecommendationSummary]:
        """Recommendations (of one group, in one state), by group then number."""
        with self._sf() as s:
            return self._summaries(s, self._recs(s, group_id), state)

    def counts_by_state(self, group_id: str | None = None) -> dict[str, int]:
        """How many recommendations are in each state (every state, zero included)."""
        counts = dict.fromkeys(rs.STATES, 0)
        for summary in self.list_recommendations(group_id):
            counts[summary.state] = counts.get(summary.state, 0) + 1
        return counts

    def remit_coverage(self, group_id: str) -> list[RemitCoverage]:
        """Each remit point of a group with the recommendations answering it."""
        with self._sf() as s:
            items = s.scalars(
                select(RemitItem)
                .where(RemitItem.group_id == group_id, RemitItem.deleted.is_(False))
                .order_by(RemitItem.position, RemitItem.id)
            ).all()
            recs = self._recs(s, group_id)
            derived = derive_many(s, recs)
            answering: dict[str, list[RemitRecommendation]] = {item.id: [] for item in items}
            for rec in recs:
                view = derived[rec.id].view
                for item_id in derived[rec.id].remit_ids:
                    if item_id in answering:
                        answering[item_id].append(
                            RemitRecommendation(rec.id, rec.reference, view.state, view.label)
                        )
            return [
                RemitCoverage(
                    RemitPoint(id=item.id, position=item.position, text=item.text),
                    tuple(answering[item.id]),
                )
                for item in items
            ]

    def on_agenda_of(self, meeting_id: str) -> list[RecommendationSummary]:
        """The recommendations a meeting considers (its agenda items name them)."""
        with self._sf() as s:
            ids = s.scalars(
                select(AgendaItem.recommendation_id).where(
                    AgendaItem.meeting_id == meeting_id,
                    AgendaItem.deleted.is_(False),
                    AgendaItem.recommendation_id.is_not(None),
                )
            ).all()
            recs = s.scalars(
                select(Recommendation).where(
                    Recommendation.id.in_([i for i in ids if i]),
                    Recommendation.deleted.is_(False),
                )
            ).all()
            return self._summaries(s, list(recs), None)

    def events_at(self, meeting_id: str) -> list[EventView]:
        """Every step recorded at a meeting (for its minutes), in order."""
        with self._sf() as s:
            rec_ids = s.scalars(
                select(RecommendationEvent.recommendation_id)
                .where(
                    RecommendationEvent.meeting_id == meeting_id,
                    RecommendationEvent.deleted.is_(False),
                )
                .distinct()
            ).all()
            recs = s.scalars(
                select(Recommendation).where(
                    Recommendation.id.in_(list(rec_ids)), Recommendation.deleted.is_(False)
                )
            ).all()
            found: list[EventView] = []
            for derived in derive_many(s, list(recs)).values():
                found.extend(
                    e
                    for e in detail_of(s, derived, self._today()).events
                    if e.meeting_id == meeting_id
                )
            return sorted(found, key=lambda e: (order_at(e.at), e.id))

    # --- agendas, bodies and chairs' decisions at a glance ------------------------------

    def put_on_agenda(self, recommendation_id: str, meeting_id: str) -> str:
        """Put a recommendation on a meeting's agenda (of its own group or the Steering
        Group): a "recommendation" item titled "BESD-R3: <title>" before "Date of next
        meeting". Returns the agenda item's id."""
        with self._sf.begin() as s:
            rec = self._live(s, recommendation_id)
            meeting = live_meeting(s, meeting_id)
            check_editable(meeting, "its agenda")
            group = s.get(Group, rec.group_id)
            assert group is not None
            steering = steering_group_of(s, group)
            allowed = {group.id} | ({steering.id} if steering is not None else set())
            if meeting.group_id not in allowed:
                bodies = group.name + (f" or the {steering.name}" if steering else "")
                raise ValidationError(
                    f"Choose a meeting of the {bodies}: they consider its recommendations.",
                    field="meeting_id",
                )
            items = live_items(s, meeting.id)
            if any(item.recommendation_id == rec.id for item in items):
                raise ValidationError(
                    f"{rec.reference} is already on the agenda of this meeting.",
                    field="meeting_id",
                )
            title = f"{rec.reference}: {rec.title}"
            if len(title) > TITLE_MAX:
                title = title[: TITLE_MAX - 1] + "…"
            item = AgendaItem(
                meeting_id=meeting.id,
                position=0,
                kind="recommendation",
                title=title,
                recommendation_id=rec.id,
            )
            s.add(item)
            _low, high = business_range(items)
            items.insert(high, item)
            set_positions(items)
            s.flush()
            refresh_chain(s, meeting.group_id, meeting.date)
            return item.id

    def agenda_items(self, meeting_id: str) -> dict[str, RecommendationSummary]:
        """The recommendation each of a meeting's agenda items considers, by item id."""
        with self._sf() as s:
            pairs = s.execute(
                select(AgendaItem.id, AgendaItem.recommendation_id).where(
                    AgendaItem.meeting_id == meeting_id,
                    AgendaItem.deleted.is_(False),
                    AgendaItem.recommendation_id.is_not(None),
                )
            ).all()
            recs = s.scalars(
                select(Recommendation).where(
                    Recommendation.id.in_([rec_id for _, rec_id in pairs]),
                    Recommendation.deleted.is_(False),
                )
            ).all()
            by_id = {summary.id: summary for summary in self._summaries(s, list(recs), None)}
            return {item_id: by_id[rec_id] for item_id, rec_id in pairs if rec_id in by_id}

    def bodies(self) -> list[tuple[str, str]]:
        """The bodies beyond the groups, (code, name), in the programme's order."""
        with self._sf() as s:
            rows = s.execute(
                select(Body.code, Body.name)
                .where(Body.deleted.is_(False))
                .order_by(Body.position, Body.id)
            ).all()
            return [(code, name) for code, name in rows]

    def chair_checks(self, recommendation_ids: Iterable[str]) -> dict[str, ChairCheck]:
        """For each recommendation with a chair's decision (endorsement or approval),
        whether the latest one counts now, and why not; those with none are left out."""
        wanted = list(dict.fromkeys(recommendation_ids))
        with self._sf() as s:
            recs: list[Recommendation] = []
            for chunk in chunks(wanted):
                recs.extend(
                    s.scalars(
                        select(Recommendation).where(
                            Recommendation.id.in_(chunk), Recommendation.deleted.is_(False)
                        )
                    )
                )
            found: dict[str, ChairCheck] = {}
            for rec_id, derived in derive_many(s, recs).items():
                decisions = [
                    step.event
                    for step in derived.view.history
                    if step.event.transition in rs.SIGNED_TRANSITIONS
                ]
                if decisions:
                    latest = decisions[-1]
                    check = derived.checks[latest.id]
                    found[rec_id] = ChairCheck(
                        latest.id, latest.transition, check.verified, check.reason
                    )
            return found

    # --- internals: validation ---------------------------------------------------------

    def _clean(self, s: Session, group_id: str, given: Mapping[str, Any]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, value in given.items():
            if name == "title":
                values[name] = require_text(_text(value, name), name, "a title", 500)
            elif name in _TEXT_FIELDS:
                values[name] = clean_text(_text(value, name)).strip()
            elif name == "dimension":
                if value is not None and value not in DIMENSIONS:
                    raise ValidationError(
                        "Choose a dimension of need from the list, or none.", field=name
                    )
                values[name] = value
            elif name == "tier":
                if value is not None and value not in TIERS:
                    raise ValidationError(
                        "Choose a tier on the continuum of provision from the list, or none.",
                        field=name,
                    )
                values[name] = value
            elif name == "districts":
                values[name] = self._clean_districts(s, value)
            elif name == "remit_item_ids":
                values[name] = self._clean_remit(s, group_id, value)
            elif name == "key_decision":
                if not isinstance(value, bool):
                    raise ValidationError("Say whether this is a key decision.", field=name)
                values[name] = value
            elif name == "decision_no":
                values[name] = optional_text(_text(value, name), name, "the decision number", 40)
        return values

    @staticmethod
    def _clean_districts(s: Session, value: object) -> list[str]:
        if isinstance(value, str) or not isinstance(value, Iterable):
            raise ValidationError(
                "Choose the districts affected, or none for county-wide.", field="districts"
            )
        row = s.scalars(
            select(ProgrammeSetting)
            .where(ProgrammeSetting.key == "districts", ProgrammeSetting.deleted.is_(False))
            .order_by(ProgrammeSetting.id)
            .limit(1)
        ).first()
        known: list[str] = list(DISTRICTS)
        if row is not None:
            stored = json.loads(row.value)
            if isinstance(stored, list):
                known = [str(d) for d in stored]
        aliases: dict[str, str] = {}
        for name in known:
            aliases[name.casefold()] = name
            # "Shepway (now Folkestone and Hythe)" answers to either name.
            match = re.fullmatch(r"(.+?) \((?:now )?(.+)\)", name)
            if match:
                aliases.setdefault(match.group(1).casefold(), name)
                aliases.setdefault(match.group(2).casefold(), name)
        chosen: set[str] = set()
        for raw in value:
            cleaned = clean_line(_text(raw, "districts"))
            if not cleaned:
                continue
            if cleaned.casefold() not in aliases:
                raise ValidationError(
                    f"“{cleaned}” is not one of the County's districts ({', '.join(known)}).",
                    field="districts",
                )
            chosen.add(aliases[cleaned.casefold()])
        return [name for name in known if name in chosen]

    @staticmethod
    def _clean_remit(s: Session, group_id: str, value: object) -> list[str]:
        if isinstance(value, str) or not isinstance(value, Iterable):
            raise ValidationError("Choose the remit points it answers.", field="remit_item_ids")
        wanted = list(dict.fromkeys(str(v) for v in value))
        if not wanted:
            return []
        found = set(
            s.scalars(
                select(RemitItem.id).where(
                    RemitItem.id.in_(wanted),
                    RemitItem.group_id == group_id,
                    RemitItem.deleted.is_(False),
                )
            )
        )
        if len(found) != len(wanted):
            raise ValidationError(
                "Choose remit points of the group that raised the recommendation.",
                field="remit_item_ids",
            )
        return wanted

    @staticmethod
    def _set_remit(s: Session, rec_id: str, wanted: list[str]) -> None:
        links = s.scalars(
            select(RecommendationRemit)
            .where(RecommendationRemit.recommendation_id == rec_id)
            .order_by(RecommendationRemit.id)
        ).all()
        by_item: dict[str, RecommendationRemit] = {}
        for link in links:
            current = by_item.get(link.remit_item_id)
            # Prefer a live link; two live links to one point (from sync) keep the first.
            if current is None or (current.deleted and not link.deleted):
                by_item[link.remit_item_id] = link
            elif not link.deleted:
                link.deleted = True
        for item_id, link in by_item.items():
            should = item_id in wanted
            if link.deleted == should:
                link.deleted = not should
        for item_id in wanted:
            if item_id not in by_item:
                s.add(RecommendationRemit(recommendation_id=rec_id, remit_item_id=item_id))

    @staticmethod
    def _check_meeting(
        s: Session,
        meeting_id: str,
        transition: str,
        stage: str,
        group: Group,
        steering: Group | None,
    ) -> None:
        meeting = s.get(Meeting, meeting_id)
        if meeting is None or meeting.deleted:
            raise ValidationError("Choose a meeting that exists.", field="meeting_id")
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

    @staticmethod
    def _live(s: Session, recommendation_id: str) -> Recommendation:
        rec = s.get(Recommendation, recommendation_id)
        if rec is None or rec.deleted:
            raise NotFoundError("This recommendation no longer exists; it may have been removed.")
        return rec

    @staticmethod
    def _live_person(s: Session, person_id: str, field: str) -> Person:
        person = s.get(Person, person_id)
        if person is None or person.deleted:
            raise ValidationError("Choose a person who is in the programme's list.", field=field)
        return person

    @staticmethod
    def _body(s: Session, code: str) -> Body:
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

    def _stamp(self, derived: Derived, at: dt.datetime | None) -> str:
        latest = max((order_at(e.at) for e in derived.events.values()), default="")
        moment = self._now() if at is None else at
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

    # --- internals: signing ----------------------------------------------------------

    def _standing_problem(
        self,
        authority: ChairAuthority,
        bodies: Mapping[str, DecidingBody],
        event: RecommendationEvent,
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
        if standing.problem == "revoked" or own.revoked_at(self._now()):
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

    def _sign(self, s: Session, event: RecommendationEvent, person_id: str) -> None:
        """Sign ``event`` as ``person_id``'s decision with this laptop's key, when its
        certificate says this laptop is that chair's (docs/TRUST.md "Chairs")."""
        self._live_person(s, person_id, "sign_as")
        event.by_id = person_id
        authority = load_authority(s)
        problem = self._standing_problem(authority, load_bodies(s), event)
        if problem is not None:
            raise ValidationError(problem, field="sign_as")
        own = authority.own()
        assert own is not None
        if self._signer is None:
            raise ValidationError(
                "This window cannot reach this laptop's signing key; sign in the "
                "SEN Secretariat window on the chair's laptop.",
                field="sign_as",
            )
        if self._signer.laptop_id != own.laptop_id:
            raise ValidationError(
                "This laptop's key is not the one its certificate names; join the "
                "programme again before the chair signs here.",
                field="sign_as",
            )
        message = approval_message_of(event)
        signature = self._signer.sign(message).hex()
        if not check_signature(own.sign_key, message, signature).ok:
            raise ValidationError(
                "This laptop's key is not the one its certificate names; join the "
                "programme again before the chair signs here.",
                field="sign_as",
            )
        event.signature = signature
        event.signer_laptop = own.laptop_id

    # --- internals: records ------------------------------------------------------------

    @staticmethod
    def _recs(s: Session, group_id: str | None) -> list[Recommendation]:
        query = select(Recommendation).where(Recommendation.deleted.is_(False))
        if group_id is not None:
            query = query.where(Recommendation.group_id == group_id)
        return list(s.scalars(query))

    def _summaries(
        self, s: Session, recs: list[Recommendation], state: str | None
    ) -> list[RecommendationSummary]:
        derived = derive_many(s, recs)
        groups = groups_by_id(s, {r.group_id for r in recs})
        out: list[tuple[tuple[int, str, int, str], RecommendationSummary]] = []
        for rec in recs:
            view = derived[rec.id].view
            if state is not None and view.state != state:
                continue
            group = groups.get(rec.group_id)
            applied = view.applied()
            summary = RecommendationSummary(
                id=rec.id,
                reference=rec.reference,
                group_id=rec.group_id,
                group_code=group.code if group else "",
                title=rec.title,
                state=view.state,
                state_label=view.label,
                tier=rec.tier,
                dimension=rec.dimension,
                last_step_at=applied[-1].event.at if applied else "",
                flagged=bool(view.flags),
            )
            position = group.position if group else 0
            out.append(((position, rec.group_id, _ref_number(rec.reference), rec.id), summary))
        return [summary for _, summary in sorted(out, key=lambda pair: pair[0])]


def _text(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise ValidationError("Enter text here.", field=field)
    return value


def _key_record(key: SigningKey, person_name: str) -> SigningKeyRecord:
    return SigningKeyRecord(
        id=key.id,
        person_id=key.person_id,
        person_name=person_name,
        public_key=key.public_key,
        fingerprint=fingerprint(key.public_key),
        created_at=key.created_at,
        revoked=bool(key.revoked),
    )
