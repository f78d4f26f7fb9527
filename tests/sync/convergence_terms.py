"""The convergence machine's terms: its vocabularies, what the malicious laptop tries, and
what travels between laptops (bundles, posted files, decision events)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

from sen_desktop.core.recommendations import states as rs

if TYPE_CHECKING:
    from sen_desktop.sync.operations import OpRow


DAY_MS = 86_400_000
WORDS = st.text(alphabet="abcdefgh ", min_size=1, max_size=12)

CONTACTS = ("email", "notes", "phone")  # a person's contact details
# (group codes, contacts, confidential): what the reference-group laptop may read.
PROFILES: tuple[tuple[tuple[str, ...], bool, bool], ...] = (
    (("PCRG",), False, False),
    (("BESD", "PCRG"), True, False),
    (("SG",), False, True),
)
EVERY_GROUP = ("*",)
CHAIRS_OF = ("SG", "SMT")  # the bodies whose chairs sign (endorsements, approvals)
FORGER_GROUP = "PCRG"  # the malicious laptop's certificate: read and write this group only
# Decisions that contradict one another when taken concurrently from one state
# (deferring and withdrawing are not decisions on the merits: the pathway lets a
# recommendation be decided after either).
_BEFORE_SG: tuple[str, ...] = (
    rs.T_ENDORSED,
    rs.T_ENDORSED_WITH_AMENDMENTS,
    rs.T_REFERRED_BACK,
    rs.T_NOT_ENDORSED,
)
_BEFORE_SMT: tuple[str, ...] = (
    rs.T_APPROVED,
    rs.T_APPROVED_WITH_AMENDMENTS,
    rs.T_REJECTED,
    rs.T_NOTED,
)
CONTRADICTORY: dict[str, tuple[str, ...]] = {
    rs.SUBMITTED_TO_SG: _BEFORE_SG,
    rs.DEFERRED_BY_SG: _BEFORE_SG,
    rs.SUBMITTED_TO_SMT: _BEFORE_SMT,
    rs.DEFERRED_BY_SMT: _BEFORE_SMT,
}
FIXED_EVENT_FIELDS = (
    "recommendation_id",
    "transition",
    "body_id",
    "group_id",
    "meeting_id",
    "minute_number",
    "at",
    "note",
    "content_hash",
    "after_id",
    "deleted",
)
# What the malicious laptop tries (``Laptops.attack``: the method for each); a subclass
# may narrow ``attacks``.
ATTACKS: dict[str, str] = {
    "another laptop's site": "attack_another_laptops_site",
    "a Steering Group minute": "attack_steering_group_minute",
    "a programme setting": "attack_a_programme_setting",
    "a chair's key row": "attack_a_chairs_key_row",
    "tombstone a decision": "attack_tombstone_a_decision",
    "paste a signature": "attack_paste_a_signature",
    "move a signature": "attack_move_a_signature",
    "a decision of its own": "attack_a_decision_of_its_own",
    "a chair certificate of its own": "attack_a_chair_certificate_of_its_own",
    "counter 2**63-1": "attack_huge_counter",
    "a stamp far ahead": "attack_a_stamp_far_ahead",
    "a stamp in other digits": "attack_a_stamp_in_other_digits",
    "another bundle's id": "attack_another_bundles_id",
    "a bundle made for another laptop": "attack_a_bundle_made_for_another_laptop",
    "an honest bundle made for another laptop": "attack_an_honest_bundle_made_for_another_laptop",
    "relayed and altered": "attack_relayed_and_altered",
    "relayed unchanged": "attack_relayed_unchanged",
    "relayed outside the reader's scope": "attack_relayed_outside_scope",
    "a revoked laptop's later changes": "attack_a_revoked_laptops_later_changes",
    "a minute alone": "attack_a_minute_alone",
    "an action without its meeting": "attack_an_action_without_its_meeting",
    "a decision without its recommendation": "attack_a_decision_without_its_recommendation",
    "an item and its minute without their meeting": "attack_an_item_and_minute_alone",
}
FRAGMENTS = (
    "a minute alone",
    "an action without its meeting",
    "a decision without its recommendation",
    "an item and its minute without their meeting",
)


@dataclass
class Bundle:
    """Operations on their way between full laptops, with the batches that cover them."""

    sender: int
    ops: list[OpRow]
    batches: list[str]  # signed batch items, JSON
    knowledge: dict[str, int]  # the sender's, as a bundle header carries it
    gappy: bool  # the sender's log has gaps (it took in a scoped export)
    registry: list[dict[str, Any]] = field(default_factory=list)  # a revocation, say


@dataclass
class Posted:
    """A real bundle file's bytes, on its way to a laptop."""

    sender: int
    data: bytes
    # For an export to the reference-group laptop: every in-scope operation the sender
    # held when it exported (None: not checked).
    in_scope: frozenset[str] | None
    gappy: bool
    # By its receiver (a second import is a replay); None: not known (its receiver was
    # restored from a backup since, which may or may not hold the receipt).
    imported: bool | None = False
    after_revocation: bool = False  # made by the revoked laptop after its revocation
    # Made by a laptop the revocation had not reached, holding the revoked laptop's later
    # changes (a laptop that has heard refuses it if it carries them).
    late: bool = False
    # Every (site, clock stamp) of the operations its sender held when it exported: a
    # revocation backdated after the export can make some of them "later changes" too.
    stamps: frozenset[tuple[str, str]] = frozenset()


@dataclass
class DecisionEvent:
    """What a decision event was made with, to find it unchanged everywhere."""

    fixed: dict[str, Any]
    made_on: int  # the laptop that recorded it
    # (signature, signer_laptop, by_id) as each laptop that wrote them left them.
    signed: set[tuple[str, str | None, str | None]] = field(default_factory=set)
