"""The convergence machine's recommendations and chairs' decisions: raised, decided
(concurrently too), signed later, edited after approval, a signature forged by an insider."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from convergence_terms import (
    CONTRADICTORY,
    FIXED_EVENT_FIELDS,
    WORDS,
    DecisionEvent,
)
from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import rule
from sqlalchemy import select

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.store import models as m

if TYPE_CHECKING:
    from converge_helpers import (
        Office,
    )
    from merge_helpers import Laptop


class Decisions:
    """Recommendations raised and decided, and chairs' signatures
    (a part of ``convergence_machine.Laptops``)."""

    # --- recommendations and chairs' decisions ----------------------------------------------

    def live_recommendations(self, laptop: Laptop, *where: Any) -> list[str]:
        with laptop.factory() as session:
            return sorted(
                session.scalars(
                    select(m.Recommendation.id).where(m.Recommendation.deleted.is_(False), *where)
                )
            )

    def state_on(self, laptop: Office, rec_id: str) -> str:
        state: str = laptop.service.detail(rec_id).state
        return state

    def event_ids(self, laptop: Laptop, rec_id: str) -> set[str]:
        with laptop.factory() as session:
            return set(
                session.scalars(
                    select(m.RecommendationEvent.id).where(
                        m.RecommendationEvent.recommendation_id == rec_id
                    )
                )
            )

    def remember(self, laptop: Laptop, event_id: str) -> None:
        with laptop.factory() as session:
            row = session.get_one(m.RecommendationEvent, event_id)
            fixed = {name: getattr(row, name) for name in FIXED_EVENT_FIELDS}
            signed = (row.signature, row.signer_laptop, row.by_id)
        known = self.events.setdefault(
            event_id, DecisionEvent(fixed, made_on=self.laptops.index(laptop))
        )
        assert known.fixed == fixed, event_id
        known.signed.add(signed)

    def record(
        self, n: int, rec_id: str, transition: str, data: st.DataObject, *, signed: bool = False
    ) -> str | None:
        """Record ``transition`` on laptop ``n``; a chair's decision is signed by the chair
        of that laptop, or recorded unsigned as some chair's (to be signed on theirs)."""
        laptop = self.laptops[n]
        options: dict[str, Any] = {}
        if transition in rs.REASON_REQUIRED:
            options["note"] = f"Referred back from laptop {n}"
        if transition in rs.SIGNED_TRANSITIONS:
            some_chair = self.chairs[data.draw(st.sampled_from(sorted(self.chairs)), label="chair")]
            if signed or data.draw(st.booleans(), label="signed now"):
                # On a laptop not certified as this chair's, signing is refused.
                options["sign_as"] = self.chairs.get(n, some_chair)
            else:
                options["by_id"] = some_chair
        before = self.event_ids(laptop, rec_id)
        try:
            laptop.service.record_event(rec_id, transition, **options)
        except ValidationError:
            # Refused (the chair is not on this laptop's list, say): nothing written.
            assert self.event_ids(laptop, rec_id) == before
            event("decision refused")
            return None
        (made,) = self.event_ids(laptop, rec_id) - before
        self.remember(laptop, made)
        return made

    @rule(data=st.data(), title=WORDS, text=WORDS)
    def raise_recommendation(self, data: st.DataObject, title: str, text: str) -> None:
        n, laptop = self.laptop(data)
        group = self.pick(
            data,
            laptop,
            m.Group,
            m.Group.kind.in_(("working", "reference")),
            ~m.Group.deleted,
            *self.writable(n, m.Group),
        )
        if group is None:
            return  # the reference laptop's groups decide nothing
        try:
            record = laptop.service.create(group, title, text=text)
        except ValidationError:
            return  # a title of spaces only
        self.note("recommendation", "text", record.text)

    @rule(data=st.data())
    def decide(self, data: st.DataObject) -> None:
        """One step along the pathway on one laptop, as far as it knows (decisions are
        recorded for the Steering Group and beyond: not on the reference laptop)."""
        n, laptop = self.full_laptop(data)
        recs = self.live_recommendations(laptop)
        if not recs:
            return
        rec_id = data.draw(st.sampled_from(recs), label="recommendation")
        for _ in range(data.draw(st.integers(1, 3), label="steps")):
            allowed = [
                t
                for t in rs.allowed_transitions(self.state_on(laptop, rec_id))
                if t != rs.T_WITHDRAWN
            ]
            if not allowed:
                return
            transition = data.draw(st.sampled_from(allowed), label="transition")
            if self.record(n, rec_id, transition, data) is None:
                return

    @rule(data=st.data())
    def concurrent_decisions(self, data: st.DataObject) -> None:
        """Two laptops decide the same recommendation differently, neither seeing the other
        (the chairs' laptops: the reference-group laptop decides alone, in ``decide``)."""
        n, one = self.full_laptop(data)
        k = data.draw(st.sampled_from([f for f in self.full() if f != n]), label="other")
        other = self.laptops[k]
        if data.draw(st.booleans(), label="caught up"):
            other.pull(one)  # the other laptop had one's news before the meeting
            if n in self.gappy:
                self.gappy.add(k)
        shared = sorted(set(self.live_recommendations(one)) & set(self.live_recommendations(other)))
        candidates = [
            rec_id
            for rec_id in shared
            if self.state_on(one, rec_id) == self.state_on(other, rec_id)
            and self.state_on(one, rec_id) in CONTRADICTORY
        ]
        if not candidates:
            return
        rec_id = data.draw(st.sampled_from(candidates), label="recommendation")
        choices = CONTRADICTORY[self.state_on(one, rec_id)]
        first, second = data.draw(st.permutations(choices), label="decisions")[:2]
        a = self.record(n, rec_id, first, data, signed=True)
        b = self.record(k, rec_id, second, data, signed=True)
        if a is not None and b is not None:
            event("contradictory decisions recorded")
            self.pairs.append((a, b))

    @rule(data=st.data())
    def sign_later(self, data: st.DataObject) -> None:
        """A chair signs, on their certified laptop, a decision recorded unsigned as theirs,
        or re-signs one signed under the earlier scheme."""
        n, laptop = self.laptop(data)
        if n not in self.chairs:
            return
        with laptop.factory() as session:
            waiting = sorted(
                session.scalars(
                    select(m.RecommendationEvent.id).where(
                        m.RecommendationEvent.by_id == self.chairs[n],
                        (m.RecommendationEvent.signature == "")
                        | (  # or signed under the earlier scheme: re-signed on this laptop
                            m.RecommendationEvent.signer_laptop.is_(None)
                            & m.RecommendationEvent.signer_key_id.is_not(None)
                        ),
                        m.RecommendationEvent.transition.in_(rs.SIGNED_TRANSITIONS),
                    )
                )
            )
        if not waiting:
            return
        event_id = data.draw(st.sampled_from(waiting), label="unsigned decision")
        try:
            laptop.service.sign_decision(event_id, self.chairs[n])
        except ValidationError:
            event("signing refused")  # e.g. the text changed since it was recorded
            return
        self.remember(laptop, event_id)

    @rule(data=st.data(), field=st.sampled_from(["text", "rationale", "title"]), words=WORDS)
    def edit_recommendation(self, data: st.DataObject, field: str, words: str) -> None:
        """Edited in any state: after a chair's decision, that decision stops counting."""
        n, laptop = self.laptop(data)
        recs = self.live_recommendations(laptop, *self.writable(n, m.Recommendation))
        if not recs:
            return
        rec_id = data.draw(st.sampled_from(recs), label="recommendation")
        try:
            record = laptop.service.update(rec_id, **{field: words})
        except ValidationError:
            return  # a title of spaces only
        if field != "title":
            self.note("recommendation", field, getattr(record, field))

    @rule(data=st.data())
    def forge_signature(self, data: st.DataObject) -> None:
        """An insider pastes a real signature by their own laptop's key, over other words,
        into a signed decision (naming their laptop as signer): it must never count."""
        _, laptop = self.full_laptop(data)
        event_id = self.pick(
            data, laptop, m.RecommendationEvent, m.RecommendationEvent.signature != ""
        )
        if event_id is None:
            return
        forged = laptop.trust.identity().sign(b"I approve of something else").hex()
        with laptop.factory.begin() as session:
            row = session.get_one(m.RecommendationEvent, event_id)
            row.signature = forged
            row.signer_laptop = laptop.laptop_id
        self.remember(laptop, event_id)
