"""The policy pathway as a pure state machine: no database, no clock.

    Draft ─agreed─> Agreed by the working group ─endorsed─> Endorsed by the Steering
    Group ─smt_approved─> Approved by SMT ─members_approved─> Approved by Members
    ─consultation─> Out to consultation ─published─> Published (final)

Decisions made here (the issue names the steps, not the turns back):
- Each step is taken once per version, in this order and no other: a version never
  skips a body, and Published allows nothing more.
- Turning back is a new version: the group starts a new draft (a copy of the newest
  version) and takes it along the pathway from the start. The version that went
  before keeps its steps, so what was endorsed or consulted on stays on record.
- A version's stage is its furthest step recorded. Two laptops recording the same
  step apart leave two events of one step; the stage is the same either way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.policies.vocabulary import DRAFT, STAGE_LABELS, STEPS

if TYPE_CHECKING:
    from collections.abc import Iterable


def stage_of(steps: Iterable[str]) -> str:
    """A version's stage from the steps recorded for it, in any order (unknown steps,
    from a newer program, are passed over)."""
    furthest = -1
    for step in steps:
        if step in STEPS:
            furthest = max(furthest, STEPS.index(step))
    return DRAFT if furthest < 0 else STEPS[furthest]


def counted_stage(counted: Iterable[str]) -> str:
    """A version's stage from the steps that COUNT (a chair's step counts only when its
    signature verifies, core/policies/signing.verify): the last of the unbroken run from
    the first step, so a step that does not count carries none after it (docs/TRUST.md
    "Chairs"; as a recommendation's derivation skips an unverified decision)."""
    steps = set(counted)
    stage = DRAFT
    for step in STEPS:
        if step not in steps:
            break
        stage = step
    return stage


def next_step(stage: str) -> str | None:
    """The one step a version at ``stage`` may take next; None once published."""
    if stage == DRAFT:
        return STEPS[0]
    position = STEPS.index(stage) + 1
    return STEPS[position] if position < len(STEPS) else None


def check_step(stage: str, step: str) -> None:
    """Refuse, in one sentence, any step but the next one."""
    if step not in STEPS:
        raise ValidationError(f"“{step}” is not a step a policy document can take.",
                              field="step")
    wanted = next_step(stage)
    if wanted is None:
        raise ValidationError(
            "This version is published; start a new draft to change the policy.", field="step"
        )
    if step != wanted:
        raise ValidationError(
            f"This version is at “{STAGE_LABELS[stage]}”; its next step is "
            f"“{STAGE_LABELS[wanted]}”, not “{STAGE_LABELS[step]}”.",
            field="step",
        )


def is_frozen(stage: str) -> bool:
    """A version that has moved on the pathway is never edited again."""
    return stage != DRAFT
