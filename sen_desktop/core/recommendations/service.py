"""Recommendations: raised by a working group, decided along the pathway, signed by chairs.

The service writes recommendations and their append-only events and reads them back;
the rules live beside it in core/recommendations/:
- states: the pathway as a pure state machine; derivation: the state derived from
  events in any order;
- checks: whether each event counts (a chair's decision only when its Ed25519
  signature verifies over the content as it is now), and the approved version found
  again in the operation log;
- fields: checking what a person typed; decisions: where and when a decision may be
  recorded, and a chair's signature on it;
- pathway: the detail a screen or a paper front sheet shows (past and future pathway);
  listing: the list lines;
- signing: what exactly a chair signs; chairs: the chairs the programme root certified
  (this laptop's registry), and this laptop's own signing key (``Signer``);
- records: the frozen records returned, with their labels (no SQLAlchemy).

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

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

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
from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.recommendations.checks import derive_many
from sen_desktop.core.recommendations.decisions import (
    DEFAULT_BODY,
    body_by_code,
    check_meeting,
    live_person,
    next_stamp,
    sign_event,
)
from sen_desktop.core.recommendations.derivation import head_of
from sen_desktop.core.recommendations.fields import (
    EDITABLE_FIELDS,
    clean_fields,
    set_remit,
)
from sen_desktop.core.recommendations.listing import live_recommendation
from sen_desktop.core.recommendations.pathway import record_of, steering_group_of
from sen_desktop.core.recommendations.reading import RecommendationReader
from sen_desktop.core.references.allocation import next_recommendation_number
from sen_desktop.core.store.models import (
    AgendaItem,
    Group,
    Recommendation,
    RecommendationEvent,
    RecommendationRemit,
    new_id,
)
from sen_desktop.core.store.rows import live_row
from sen_desktop.core.validation import clean_text, optional_text

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from sen_desktop.core.recommendations.records import (
        RecommendationDetail,
        RecommendationRecord,
    )


class RecommendationService(RecommendationReader):
    """Recommendations, their decisions along the pathway, and the chairs' signatures."""

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
            group = live_row(s, Group, group_id, "Choose the group raising this recommendation.",
                             field="group_id")
            if group.kind not in ("working", "reference"):
                raise ValidationError(
                    "Recommendations are raised by a working group or the Parent/Carer "
                    "Reference Group; the Steering Group considers them.",
                    field="group_id",
                )
            given["dimension"] = dimension if dimension is not None else group.dimension
            values = clean_fields(s, group.id, given)
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
            rec = live_recommendation(s, recommendation_id)
            values = clean_fields(s, rec.group_id, fields)
            if "districts" in values:
                values["districts"] = json.dumps(values["districts"], ensure_ascii=False)
            remit_ids = values.pop("remit_item_ids", None)
            for name, value in values.items():
                if getattr(rec, name) != value:
                    setattr(rec, name, value)
            if remit_ids is not None:
                set_remit(s, rec.id, remit_ids)
            s.flush()
            return record_of(s, rec)

    def remove(self, recommendation_id: str) -> None:
        """Tombstone a recommendation raised by mistake; refused once anything has
        happened to it (withdraw it instead)."""
        with self._sf.begin() as s:
            rec = live_recommendation(s, recommendation_id)
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
        """Record a step on the pathway (a ``states.TRANSITIONS`` value).

        Refused unless the derived state allows it. "Referred back" needs the reason in
        ``note``. Steering Group decisions at a meeting must be at a Steering Group
        meeting, agreeing at one of the recommendation's own group. SMT and Members
        steps name a body (``body_code``, "SMT" unless given). For a chair's decision,
        ``sign_as`` (a person id) signs it with this laptop's key, refused unless this
        laptop's certificate makes it that person's laptop as chair of the deciding
        body on the decision's date; the signer is the decider.
        ``at`` (default now) must come after the recommendation's latest event. The
        event names the step it follows (``after_id``, ``derivation.head_of``),
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
            rec = live_recommendation(s, recommendation_id)
            derived = derive_many(s, [rec])[rec.id]
            state = derived.view.state
            rs.check_transition(state, transition)
            stage = rs.decision_stage(state, transition)
            group = s.get(Group, rec.group_id)
            assert group is not None
            steering = steering_group_of(s, group)
            if meeting_id is not None:
                check_meeting(s, meeting_id, transition, stage, group, steering)
            if by_id is not None:
                live_person(s, by_id, "by_id")
            body_id: str | None = None
            event_group: str | None = None
            if stage == rs.STAGE_SMT:
                body_id = body_by_code(s, body_code or DEFAULT_BODY).id
            elif body_code is not None:
                raise ValidationError(
                    "Only steps before SMT and Members name a body beyond the groups.",
                    field="body_code",
                )
            if stage == rs.STAGE_WORKING_GROUP:
                event_group = group.id
            elif stage == rs.STAGE_STEERING_GROUP and steering is not None:
                event_group = steering.id
            stamp = next_stamp(derived, at, self._now)
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
                after_id=head_of(derived.view),
            )
            if sign_as is not None:
                sign_event(s, event, sign_as, self._signer, self._now)
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
            event = live_row(s, RecommendationEvent, event_id, "This decision no longer exists.")
            rec = live_recommendation(s, event.recommendation_id)
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
            live_person(s, person_id, "sign_as")
            current = derive_many(s, [rec])[rec.id].current_hash
            if event.content_hash != current:
                raise ValidationError(
                    "The recommendation has changed since this decision was recorded; "
                    "record the decision again on the current text.",
                    field="sign_as",
                )
            event.by_id = person_id
            sign_event(s, event, person_id, self._signer, self._now)
            recommendation_id = rec.id
        return self.detail(recommendation_id)

    # --- agendas --------------------------------------------------------------------------

    def put_on_agenda(self, recommendation_id: str, meeting_id: str) -> str:
        """Put a recommendation on a meeting's agenda (of its own group or the Steering
        Group): a "recommendation" item titled "BESD-R3: <title>" before "Date of next
        meeting". Returns the agenda item's id."""
        with self._sf.begin() as s:
            rec = live_recommendation(s, recommendation_id)
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
