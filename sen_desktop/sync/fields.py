"""How the merge treats each synced field when laptops changed it concurrently.

docs/architecture.md "Sync-by-export": last-writer-wins on (HLC, site) for contact details,
titles, dates, owners and statuses; for free text (minutes, resolutions, recommendation
text …) every concurrent version is kept and the field is flagged as a conflict, so
nothing typed is silently lost. Titles (agenda item, recommendation, seat) are short
and re-typed rather than composed, so they stay last-writer-wins; JSON-valued text
(settings, districts) and signatures are values, not prose, and stay last-writer-wins.
"""

from __future__ import annotations

from enum import Enum

from sen_desktop.core.consultations.vocabulary import AUDIENCES as CONSULTATION_AUDIENCES
from sen_desktop.core.consultations.vocabulary import CHANGE_KINDS as CONSULTATION_CHANGES
from sen_desktop.core.consultations.vocabulary import DOCUMENT_KINDS as CONSULTATION_DOCUMENTS
from sen_desktop.core.policies.vocabulary import SECTIONS as POLICY_SECTIONS
from sen_desktop.core.policies.vocabulary import STEPS as POLICY_STEPS
from sen_desktop.core.recommendations.states import TRANSITIONS
from sen_desktop.core.store import models as m


class Policy(Enum):
    LAST_WRITER_WINS = "lww"
    KEEP_BOTH = "keep_both"


KEEP_BOTH_FIELDS: frozenset[tuple[str, str]] = frozenset(
    {
        ("minute_entry", "text"),
        ("resolution", "text"),
        ("recommendation", "text"),
        ("recommendation", "rationale"),
        ("recommendation", "financial"),
        ("recommendation", "legal"),
        ("recommendation", "equality"),
        ("recommendation", "data_protection"),
        ("recommendation", "reference_group_view"),
        ("action", "description"),
        ("action", "brag_comment"),
        ("action_update", "text"),
        ("declaration", "nature"),
        ("agenda_item", "exempt_reason"),
        ("remit_item", "text"),
        ("person", "notes"),
        ("programme_section", "body"),
        ("recommendation_event", "note"),
        ("group", "seat_rule"),
        ("milestone", "action"),
        ("provision_entry", "notes"),
        ("provision_gap", "evidence"),
        ("criteria_version", "note"),
        ("access_criterion", "text"),
        *(("policy_version", section) for section in POLICY_SECTIONS),
        ("policy_comment", "text"),
        ("policy_event", "note"),
        ("consultation", "purpose"),
        ("consultation_theme", "we_did"),
        ("consultation_response", "text"),
    }
)
"""Free text: concurrent versions are all kept and reported as a conflict."""


CHOICES: dict[tuple[str, str], frozenset[str]] = {
    ("group", "kind"): frozenset(m.GROUP_KINDS),
    ("meeting", "status"): frozenset(m.MEETING_STATUSES),
    ("attendance", "status"): frozenset(m.ATTENDANCE_STATUSES),
    ("agenda_item", "kind"): frozenset(m.AGENDA_KINDS),
    ("declaration", "interest_type"): frozenset(m.INTEREST_TYPES),
    ("action", "status"): frozenset(m.ACTION_STATUSES),
    ("action", "brag"): frozenset(m.BRAG_RATINGS),
    ("milestone", "status"): frozenset(m.MILESTONE_STATUSES),
    ("recommendation", "tier"): frozenset(m.TIERS),
    ("recommendation_event", "transition"): frozenset(TRANSITIONS),
    ("provision_entry", "tier"): frozenset(m.TIERS),
    ("provision_gap", "tier"): frozenset(m.TIERS),
    ("access_criterion", "tier"): frozenset(m.TIERS),
    ("policy_comment", "section"): frozenset(POLICY_SECTIONS),
    ("policy_event", "step"): frozenset(POLICY_STEPS),
    ("consultation_document", "kind"): frozenset(CONSULTATION_DOCUMENTS),
    ("consultation_theme", "change_kind"): frozenset(CONSULTATION_CHANGES),
    ("consultation_response", "respondent_type"): frozenset(CONSULTATION_AUDIENCES),
}
"""Fields whose value is one of a fixed set: a bundle may not bring another (None passes
where the column allows it)."""


def policy(entity: str, field: str) -> Policy:
    """The merge policy of one field."""
    if (entity, field) in KEEP_BOTH_FIELDS:
        return Policy.KEEP_BOTH
    return Policy.LAST_WRITER_WINS


def is_free_text(entity: str, field: str) -> bool:
    return (entity, field) in KEEP_BOTH_FIELDS


__all__ = ["CHOICES", "KEEP_BOTH_FIELDS", "Policy", "is_free_text", "policy"]
