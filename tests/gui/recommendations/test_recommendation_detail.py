"""The words (and marks) a person reads for each chair's decision: verified, not
verified and why, signed under the earlier scheme, and whether this laptop may sign."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from sen_desktop.core.recommendations.records import REASON_EARLIER_SCHEME, EventView
from sen_desktop.gui.recommendations.detail import (
    decision_line,
    earlier_scheme,
    pending_signature,
    verification_text,
)


def event(**changes: Any) -> EventView:
    base = EventView(
        id="e-1", transition="endorsed", transition_label="Endorsed",
        at="2011-03-03T15:00:00.000000+00:00", date=dt.date(2011, 3, 3), by_id="p-1",
        by_name="Sam Chair", meeting_id="m-1", meeting_label="SG meeting 3, 3 March 2011",
        minute_number="12", note="", group_id="g-sg", body_id=None,
        body_name="Strategy Steering Group", signed=True, verified=True, reason="",
        applied=True, flag="", flag_message="", from_state="submitted_to_sg",
        to_state="endorsed",
    )
    return dataclasses.replace(base, **changes)


def test_a_verified_decision_reads_verified_with_a_mark() -> None:
    assert verification_text(event()) == "✔ Verified"
    assert decision_line(event()) == (
        "DECISION: Endorsed by the Strategy Steering Group (signed by Sam Chair, verified)")


def test_a_decision_that_does_not_count_says_why() -> None:
    reason = ("signed by a laptop not certified as chair of the Strategy Steering Group on "
              "3 March 2011")
    shown = event(verified=False, reason=reason, applied=False)
    assert verification_text(shown) == f"✖ Not verified — {reason}"
    assert decision_line(shown).endswith(f"(signed by Sam Chair, not verified — {reason})")
    unsigned = event(signed=False, verified=False, reason="not signed by the chair")
    assert verification_text(unsigned) == "✖ Not verified — not signed by the chair"
    assert verification_text(unsigned, {"e-1"}) == (
        "✖ Not verified — not signed by the chair; this laptop is certified as the chair's: "
        "use Sign as chair…")


def test_an_earlier_scheme_signature_is_shown_and_never_counts() -> None:
    old = event(verified=False, reason=REASON_EARLIER_SCHEME, applied=False)
    assert earlier_scheme(old)
    assert verification_text(old) == (
        "⚠ Not counted — signed under the earlier scheme — ask the chair to re-sign")
    assert verification_text(old, {"e-1"}).endswith("use Re-sign as chair…")
    assert decision_line(old).endswith(
        "(signed under the earlier scheme — ask the chair to re-sign, so it does not count "
        "yet)")
    assert not earlier_scheme(event(signed=False, verified=False, reason=REASON_EARLIER_SCHEME))


def test_the_decision_to_sign_is_the_latest_this_laptop_may_sign() -> None:
    from sen_desktop.core.recommendations.records import RecommendationDetail

    first = event(id="e-1", verified=False, reason=REASON_EARLIER_SCHEME)
    second = event(id="e-2", signed=False, verified=False, reason="not signed by the chair")
    fields = {f.name: None for f in dataclasses.fields(RecommendationDetail)}
    detail = RecommendationDetail(**{**fields, "events": (first, second)})
    assert pending_signature(detail, set()) is None
    assert pending_signature(detail, {"e-1"}) == first
    assert pending_signature(detail, {"e-1", "e-2"}) == second
