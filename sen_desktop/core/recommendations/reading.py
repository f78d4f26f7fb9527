"""Reading recommendations: lists, details, agendas, and whether chairs' decisions count.

``RecommendationReader`` is the reading half of ``RecommendationService``
(core/recommendations/service.py), which adds raising, editing and deciding. Every
method opens one short session and returns frozen records (core/recommendations/records.py).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select

from sen_desktop.core.programme.records import RemitPoint
from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.recommendations.chairs import Signer, load_authority
from sen_desktop.core.recommendations.checks import chunks, derive_many, load_bodies, order_at
from sen_desktop.core.recommendations.decisions import key_record, standing_problem
from sen_desktop.core.recommendations.fields import known_districts
from sen_desktop.core.recommendations.listing import (
    live_recommendation,
    recommendations_of,
    summaries,
)
from sen_desktop.core.recommendations.pathway import detail_of, record_of
from sen_desktop.core.recommendations.records import (
    CertifiedChair,
    ChairCheck,
    EventView,
    RecommendationDetail,
    RecommendationRecord,
    RecommendationSummary,
    RemitCoverage,
    RemitRecommendation,
    SigningKeyRecord,
)
from sen_desktop.core.store.models import (
    AgendaItem,
    Body,
    Person,
    Recommendation,
    RecommendationEvent,
    RemitItem,
    SigningKey,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sqlalchemy.orm import Session, sessionmaker


class RecommendationReader:
    """Reading recommendations: lists, details, agendas and whether chairs' decisions
    count. ``RecommendationService`` adds the writing."""

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

    # --- one recommendation and lists ------------------------------------------------

    def get(self, recommendation_id: str) -> RecommendationRecord:
        with self._sf() as s:
            return record_of(s, live_recommendation(s, recommendation_id))

    def detail(self, recommendation_id: str) -> RecommendationDetail:
        with self._sf() as s:
            rec = live_recommendation(s, recommendation_id)
            derived = derive_many(s, [rec])[rec.id]
            return detail_of(s, derived, self._today())

    def list_recommendations(
        self, group_id: str | None = None, state: str | None = None
    ) -> list[RecommendationSummary]:
        """Recommendations (of one group, in one state), by group then number."""
        with self._sf() as s:
            return summaries(s, recommendations_of(s, group_id), state)

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
            recs = recommendations_of(s, group_id)
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
            by_id = {summary.id: summary for summary in summaries(s, list(recs), None)}
            return {item_id: by_id[rec_id] for item_id, rec_id in pairs if rec_id in by_id}

    # --- bodies, chairs and their signatures ---------------------------------------------

    def districts(self) -> tuple[str, ...]:
        """The County's districts a recommendation may name, in the programme's order."""
        with self._sf() as s:
            return tuple(known_districts(s))

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
            rec = live_recommendation(s, recommendation_id)
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
                if standing_problem(authority, bodies, event, self._now) is None:
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
            return [key_record(key, name) for key, name in rows]

