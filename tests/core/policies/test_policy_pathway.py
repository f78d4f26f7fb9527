"""The policy pathway as a state machine (core/policies/pathway.py), for every input:
only the next step is ever taken, the stage never goes back, Published is final, and
the stage derived from a version's steps does not depend on the order they arrive in
(two laptops' events, merged)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.policies.pathway import check_step, is_frozen, next_step, stage_of
from sen_desktop.core.policies.vocabulary import DRAFT, PUBLISHED, STAGES, STEPS

attempts = st.lists(st.sampled_from((*STEPS, "withdrawn", "")), max_size=30)


@given(attempts)
def test_only_the_next_step_is_taken_and_the_stage_only_moves_forward(tried: list[str]) -> None:
    stage = DRAFT
    taken: list[str] = []
    for step in tried:
        before = stage
        try:
            check_step(stage, step)
        except ValidationError as refused:
            assert refused.field == "step" and refused.message.endswith(".")
            assert step != next_step(stage)
            continue
        assert step == next_step(before)
        taken.append(step)
        stage = stage_of(taken)
        assert STAGES.index(stage) == STAGES.index(before) + 1
        assert is_frozen(stage)
    assert taken == list(STEPS[: len(taken)])
    assert stage == (taken[-1] if taken else DRAFT)


@given(st.lists(st.sampled_from((*STEPS, "a step from a newer program")), max_size=20),
       st.randoms(use_true_random=False))
def test_the_stage_is_the_furthest_step_whatever_order_they_arrive_in(
    steps: list[str], rng: object
) -> None:
    shuffled = list(steps)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    known = [STEPS.index(s) for s in steps if s in STEPS]
    expected = STEPS[max(known)] if known else DRAFT
    assert stage_of(steps) == stage_of(shuffled) == expected


def test_published_is_final_and_a_draft_is_not_frozen() -> None:
    assert next_step(PUBLISHED) is None
    assert next_step(DRAFT) == "agreed"
    assert not is_frozen(DRAFT)
    with pytest.raises(ValidationError, match="start a new draft"):
        check_step(PUBLISHED, "agreed")
