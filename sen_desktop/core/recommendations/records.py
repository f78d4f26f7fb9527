"""Frozen records the recommendation service returns. No ORM object leaves the core."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from sen_desktop.core.recommendations.vocabulary import DIMENSIONS as DIMENSIONS
from sen_desktop.core.recommendations.vocabulary import TIERS as TIERS

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

    from sen_desktop.core.programme.records import RemitPoint

#: The tiers (vocabulary.TIERS) in words, in the same order.
TIER_LABELS: Final[Mapping[str, str]] = {
    "universal": "Universal (in mainstream)",
    "enhanced": "Enhanced (in mainstream)",
    "specialist_in_mainstream": "Specialist provision within mainstream",
    "special_school": "Special school",
    "outreach": "Outreach",
    "independent_non_maintained": "Independent and non-maintained, out-county day and residential",
}

# A chair's decision signed under the passphrase scheme (core/recommendations/checks.py): shown,
# never counted, until the chair re-signs it on their certified laptop.
REASON_EARLIER_SCHEME: Final = "signed under the earlier scheme — ask the chair to re-sign"

FIELD_LABELS: Final[Mapping[str, str]] = {
    "title": "Title",
    "text": "Recommendation",
    "rationale": "Rationale and evidence",
    "tier": "Tier of provision",
    "dimension": "Dimension of need",
    "districts": "Districts",
    "financial": "Financial implications",
    "legal": "Legal implications",
    "equality": "Equality implications",
    "data_protection": "Data protection implications",
    "reference_group_view": "Reference group's view",
    "remit_item_ids": "Remit points answered",
    "key_decision": "Key decision",
    "decision_no": "Decision number",
}


@dataclass(frozen=True)
class RecommendationRecord:
    id: str
    reference: str  # "BESD-R3": group code, R, number within the group
    group_id: str
    group_code: str
    group_name: str
    title: str
    text: str
    rationale: str
    dimension: str | None  # one of DIMENSIONS
    tier: str | None  # one of TIERS (TIER_LABELS for display)
    districts: tuple[str, ...]  # empty: county-wide
    financial: str
    legal: str
    equality: str
    data_protection: str
    reference_group_view: str
    remit: tuple[RemitPoint, ...]  # the remit points of its group it answers
    key_decision: bool
    decision_no: str

    @property
    def remit_item_ids(self) -> tuple[str, ...]:
        return tuple(point.id for point in self.remit)

    @property
    def county_wide(self) -> bool:
        return not self.districts


@dataclass(frozen=True)
class RecommendationSummary:
    """One line of a recommendations list."""

    id: str
    reference: str
    group_id: str
    group_code: str
    title: str
    state: str  # states.STATES
    state_label: str
    tier: str | None
    dimension: str | None
    last_step_at: str  # ISO UTC of the latest applied event; "" for a draft with none
    flagged: bool  # an event is unverified, invalid or in conflict: look at the detail


@dataclass(frozen=True)
class EventView:
    """One event of a recommendation's history, as the detail shows it."""

    id: str
    transition: str
    transition_label: str
    at: str  # ISO-8601 UTC as stored
    date: dt.date  # the meeting's date where there is a meeting, else the day of ``at``
    by_id: str | None
    by_name: str
    meeting_id: str | None
    meeting_label: str  # "SG meeting 3, 1 October 2010" or ""
    minute_number: str
    note: str
    group_id: str | None  # the group it happened in (working group or Steering Group)
    body_id: str | None  # the body beyond the groups (SMT, Members …)
    body_name: str  # who took it: group or body name
    signed: bool
    verified: bool
    reason: str  # why not verified ("signature does not match" …); "" when verified
    applied: bool  # it moved the state (verified and allowed where it fell)
    flag: str  # "" or states.FLAG_*
    flag_message: str
    from_state: str
    to_state: str


@dataclass(frozen=True)
class PathwayStep:
    """A body that considered the recommendation ("Past Pathway")."""

    body: str  # "BESD Working Group", "Steering Group", "Senior Management Team"
    stage: str  # states.STAGE_*
    date: dt.date
    outcome: str  # "Agreed by working group", "Endorsed", "Deferred" …
    meeting_id: str | None
    minute_number: str
    transition: str = ""  # states.T_*
    note: str = ""  # the decision's note: what was asked, the reasons or the amendments


@dataclass(frozen=True)
class FutureStep:
    """A body still to consider the recommendation ("Future Pathway")."""

    body: str  # "SMT and Members" for the last stage
    stage: str
    purpose: str  # "to agree", "to endorse", "to decide"
    meeting_id: str | None  # the next meeting with it on the agenda, if any
    date: dt.date | None


@dataclass(frozen=True)
class FieldChange:
    """One field that differs between the approved version and the current text."""

    field: str
    label: str
    approved: str
    current: str


@dataclass(frozen=True)
class RecommendationDetail:
    record: RecommendationRecord
    state: str
    state_label: str
    allowed: tuple[str, ...]  # transitions allowed now
    events: tuple[EventView, ...]  # in causal order (after_id), ties by (at, id)
    flags: tuple[str, ...]  # messages about events that did not count
    in_conflict: bool
    past_pathway: tuple[PathwayStep, ...]
    future_pathway: tuple[FutureStep, ...]
    current_hash: str
    # The latest chair-signed decision (endorsement or approval) whose signature
    # verifies, whatever has happened to the text since; None if there is none.
    approved_event_id: str | None
    approved_transition: str | None
    approved_hash: str | None
    # Field by field, approved version against current, when they differ. Empty when
    # they are the same, or when the approved version is not in this laptop's history
    # (then ``approved_version_found`` is False).
    changes_since_approval: tuple[FieldChange, ...]
    approved_version_found: bool

    @property
    def changed_since_approval(self) -> bool:
        return self.approved_hash is not None and self.approved_hash != self.current_hash


@dataclass(frozen=True)
class RemitRecommendation:
    id: str
    reference: str
    state: str
    state_label: str


@dataclass(frozen=True)
class RemitCoverage:
    """A remit point of a group and the recommendations that answer it."""

    remit: RemitPoint
    recommendations: tuple[RemitRecommendation, ...]

    @property
    def references(self) -> tuple[str, ...]:
        """References of the recommendations answering it, withdrawn ones left out."""
        return tuple(r.reference for r in self.recommendations if r.state != "withdrawn")

    @property
    def covered(self) -> bool:
        return bool(self.references)


@dataclass(frozen=True)
class SigningKeyRecord:
    """A chair's key registered under the earlier passphrase scheme: history, never trusted."""

    id: str
    person_id: str
    person_name: str
    public_key: str  # hex
    fingerprint: str  # for people to compare: "1a2b 3c4d 5e6f 7a8b"
    created_at: str
    revoked: bool


@dataclass(frozen=True)
class CertifiedChair:
    """A chair this laptop's certificate lets it sign for (docs/TRUST.md "Chairs")."""

    person_id: str
    person_name: str
    body_code: str  # "SG", "SMT" …
    body_name: str  # "Strategy Steering Group"
    start: dt.date  # chair from this date


@dataclass(frozen=True)
class ChairCheck:
    """A recommendation's latest chair's decision and whether it counts now."""

    event_id: str
    transition: str  # one of states.SIGNED_TRANSITIONS
    verified: bool
    reason: str  # why it does not count ("signature does not match" …); "" if it does
