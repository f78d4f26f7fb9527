"""The minutes' status: one step at a time, with clear refusals, and never anything the
rules do not allow (a state machine over whatever is asked)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from sen_desktop.core.errors import ConflictError, ValidationError
from sen_desktop.core.meetings.records import STATUS_TRANSITIONS
from sen_desktop.core.meetings.service import MeetingService
from sen_desktop.core.store.log_history import history
from sen_desktop.core.store.models import MEETING_STATUSES
from tests.core.meetings.meeting_helpers import OCT, SEPT, TODAY, add_group

if TYPE_CHECKING:
    from collections.abc import Callable

    from store_helpers import Store

# --- the minutes' status ---------------------------------------------------------------------


def test_status_moves_one_step_at_a_time_with_clear_refusals(
    svc: MeetingService, besd: tuple[str, list[str]]
) -> None:
    meeting = svc.schedule(besd[0], SEPT)
    with pytest.raises(ConflictError) as caught:
        svc.set_status(meeting.id, "checked")
    assert caught.value.message == (
        "This meeting is “Planned”, so it cannot become “Minutes checked by the chair”; "
        "next it can be “Held” or “Cancelled”."
    )
    for status in ("held", "minutes_draft", "checked", "circulated"):
        assert svc.set_status(meeting.id, status).status == status
    with pytest.raises(ConflictError, match="schedule that meeting first"):
        svc.set_status(meeting.id, "confirmed")
    with pytest.raises(ConflictError, match="cannot become “Planned”"):
        svc.set_status(meeting.id, "planned")
    with pytest.raises(ValidationError):
        svc.set_status(meeting.id, "adjourned")


def test_a_future_meeting_cannot_be_marked_held(
    svc: MeetingService, besd: tuple[str, list[str]]
) -> None:
    meeting = svc.schedule(besd[0], dt.date(2011, 1, 12))
    with pytest.raises(ConflictError, match="on or after that day"):
        svc.mark_held(meeting.id)


def test_the_next_meeting_confirms_the_previous_minutes(
    svc: MeetingService, besd: tuple[str, list[str]]
) -> None:
    sept = svc.schedule(besd[0], SEPT)
    oct_ = svc.schedule(besd[0], OCT)
    svc.mark_held(sept.id)
    with pytest.raises(ConflictError, match="circulate them before they are confirmed"):
        svc.confirm_previous_minutes(oct_.id)
    for status in ("minutes_draft", "checked", "circulated"):
        svc.set_status(sept.id, status)
    confirmed = svc.confirm_previous_minutes(oct_.id)
    assert (confirmed.id, confirmed.status) == (sept.id, "confirmed")
    assert svc.confirm_previous_minutes(oct_.id).status == "confirmed"  # again: no change
    with pytest.raises(ConflictError, match="first meeting"):
        svc.confirm_previous_minutes(sept.id)


def test_marking_the_next_meeting_held_confirms_circulated_minutes(
    svc: MeetingService, besd: tuple[str, list[str]]
) -> None:
    sept = svc.schedule(besd[0], SEPT)
    oct_ = svc.schedule(besd[0], OCT)
    for status in ("held", "minutes_draft", "checked", "circulated"):
        svc.set_status(sept.id, status)
    svc.mark_held(oct_.id)
    assert svc.summary(sept.id).status == "confirmed"


def test_a_cancelled_meeting_can_be_reinstated_but_not_edited(
    svc: MeetingService, besd: tuple[str, list[str]]
) -> None:
    meeting = svc.schedule(besd[0], SEPT)
    svc.cancel(meeting.id)
    with pytest.raises(ConflictError, match="cancelled; reinstate it"):
        svc.add_agenda_item(meeting.id, "Anything")
    with pytest.raises(ConflictError, match="cancelled; reinstate it"):
        svc.update_meeting(meeting.id, venue="Elsewhere")
    assert svc.set_status(meeting.id, "planned").status == "planned"
    assert svc.add_agenda_item(meeting.id, "Anything").minute_number == 5


class MeetingStatusMachine(RuleBasedStateMachine):
    """Whatever is asked, a meeting's status only ever moves along allowed transitions,
    and the operation log's history of it shows nothing else."""

    ALLOWED = {(a, b) for a, targets in STATUS_TRANSITIONS.items() for b in targets}

    #: A fresh empty store per example (set by the test that runs the machine).
    new_store: Callable[[], Store]

    @initialize()
    def open_store(self) -> None:
        self.store = self.new_store()
        self.sf = self.store.session_factory
        self.svc = MeetingService(self.sf, today=lambda: TODAY)
        self.group_id, _ = add_group(self.sf, "SG", 3)
        self.meeting_id = self.svc.schedule(self.group_id, SEPT).id
        self.next_id: str | None = None
        self.status = "planned"

    def teardown(self) -> None:
        if hasattr(self, "store"):
            self.store.db.close()

    @rule(wanted=st.sampled_from(MEETING_STATUSES))
    def ask_for(self, wanted: str) -> None:
        target = wanted
        current = self.status
        can_confirm = current == "circulated" and self.next_id is not None
        allowed = (
            target == current
            or (current, target) in self.ALLOWED and target != "confirmed"
            or target == "confirmed" and can_confirm
        )
        try:
            result = self.svc.set_status(self.meeting_id, target)
        except (ConflictError, ValidationError):
            assert not allowed, f"{current} → {target} was refused"
        else:
            assert allowed, f"{current} → {target} was allowed"
            assert result.status == target
            self.status = target

    @rule()
    def schedule_the_next_meeting(self) -> None:
        if self.next_id is None:
            self.next_id = self.svc.schedule(self.group_id, OCT).id

    @rule()
    def hold_the_next_meeting(self) -> None:
        if self.next_id is None or self.svc.summary(self.next_id).status != "planned":
            return
        self.svc.mark_held(self.next_id)
        if self.status == "circulated":
            self.status = "confirmed"

    @invariant()
    def status_matches_and_history_follows_the_rules(self) -> None:
        if not hasattr(self, "svc"):
            return
        assert self.svc.summary(self.meeting_id).status == self.status
        with self.sf() as s:
            steps = [
                op.value
                for op in history(s, "meeting", self.meeting_id)
                if op.field == "status"
            ]
        assert steps[0] == "planned"
        for before, after in zip(steps, steps[1:], strict=False):
            assert (before, after) in self.ALLOWED


def test_a_meetings_status_only_ever_moves_along_allowed_steps(
    new_store: Callable[..., Store],
) -> None:
    examples = itertools.count(1)
    MeetingStatusMachine.new_store = staticmethod(  # type: ignore[method-assign]
        lambda: new_store(f"example-{next(examples)}", seeded=False)
    )
    run_state_machine_as_test(MeetingStatusMachine, settings=settings(
        max_examples=40,
        stateful_step_count=15,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    ))
