"""PolicyService: a working group's policy drafted in sections, frozen by its first step,
revised as a new draft, commented on, taken along the pathway with chairs' signatures,
each refusal one sentence beside its field."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.policies.records import ADDED, REMOVED, SAME, compare
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.store.models import PolicyEvent

if TYPE_CHECKING:
    from tests.core.policies.conftest import PolicyWorld


def refusal(call: object, *args: object, **kwargs: object) -> ValidationError:
    assert callable(call)
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value


def test_a_working_group_starts_one_policy_with_an_empty_first_draft(
    policies: PolicyWorld,
) -> None:
    svc = policies.service
    detail = svc.start(policies.world.besd)
    assert detail.summary.group_code == "BESD"
    assert "dimension of need" in detail.summary.title
    assert [(v.number, v.stage) for v in detail.versions] == [(1, "draft")]
    assert detail.current.sections == ("",) * 6
    again = refusal(svc.start, policies.world.besd)
    assert again.field == "group" and "has a policy document already" in again.message
    steering = refusal(svc.start, group_id("SG"))
    assert "not a need dimension working group" in steering.message
    listed = {s.group_code: s for s in svc.overview()}
    assert listed["BESD"].stage_label == "Version 1: Draft"
    assert listed["BESD"].next_action == "Record: agreed by the working group"
    assert listed["ASD"].id is None and listed["ASD"].stage_label == "No policy yet"


def test_the_draft_saves_its_sections_and_freezes_on_its_first_step(
    policies: PolicyWorld,
) -> None:
    svc, w = policies.service, policies.world
    policy_id = policies.start()
    draft = svc.detail(policy_id).current
    svc.save_section(draft.id, "principles", "Local first.\r\nFamilies are partners.")
    saved = svc.detail(policy_id).current.text("principles")
    assert saved == "Local first.\nFamilies are partners."
    wrong = refusal(svc.save_section, draft.id, "preamble", "x")
    assert wrong.field == "section"
    svc.record_step(policy_id, "agreed", meeting_id=w.besd_meeting, minute_number="7")
    frozen = refusal(svc.save_section, draft.id, "purpose", "Changed.")
    assert frozen.field == "version"
    assert frozen.message == (
        "Version 1 is “Agreed by the working group” and no longer changes; start a new "
        "draft to change the policy."
    )
    assert svc.detail(policy_id).current.text("purpose") == "Early help in every district."


def test_a_new_draft_copies_the_newest_version_and_is_compared_word_by_word(
    policies: PolicyWorld,
) -> None:
    svc, w = policies.service, policies.world
    policy_id = policies.start()
    only_one = refusal(svc.new_draft, policy_id)
    assert "still the draft" in only_one.message
    svc.record_step(policy_id, "agreed", meeting_id=w.besd_meeting)
    second = svc.new_draft(policy_id)
    assert (second.number, second.stage) == (2, "draft")
    assert second.text("purpose") == "Early help in every district."
    svc.save_section(second.id, "purpose", "Early help in every school and district.")
    detail = svc.detail(policy_id)
    assert [v.label for v in detail.versions] == [
        "Version 1 (Agreed by the working group)", "Version 2 (draft)"
    ]
    purpose = compare(detail.version(1), detail.version(2))[0]
    assert purpose.changed and purpose.title == "Purpose"
    assert "".join(s.text for s in purpose.before) == "Early help in every district."
    assert "".join(s.text for s in purpose.after) == "Early help in every school and district."
    assert [s for s in purpose.after if s.kind == ADDED][0].text.strip() == "school and"
    assert all(s.kind in (SAME, REMOVED) for s in purpose.before)
    assert not any(c.changed for c in compare(detail.version(1), detail.version(2))[1:])


def test_members_comment_on_a_section_of_a_version(policies: PolicyWorld) -> None:
    svc, w = policies.service, policies.world
    policy_id = policies.start()
    version = svc.detail(policy_id).current
    comment = svc.add_comment(version.id, "roles", w.secretary, "  Name the SENCo's part.  ")
    assert (comment.author_name, comment.section_title, comment.text, comment.version) == (
        "Jo Secretary", "Roles and responsibilities", "Name the SENCo's part.", 1
    )
    assert refusal(svc.add_comment, version.id, "roles", w.secretary, " \n ").field == "text"
    assert refusal(svc.add_comment, version.id, "", w.secretary, "x").field == "section"
    assert refusal(svc.add_comment, version.id, "roles", "nobody", "x").field == "author"
    assert svc.overview()[0].comments == 1
    svc.remove_comment(comment.id)
    assert svc.detail(policy_id).comments == ()


def test_the_pathway_runs_to_publication_recording_who_decided_where(
    policies: PolicyWorld,
) -> None:
    svc, w = policies.service, policies.world
    policy_id = policies.start()
    policies.to_members(policy_id)
    svc.record_step(policy_id, "consultation", meeting_id=w.later_sg_meeting,
                    note="Schools and families, November to March.")
    detail = svc.record_step(policy_id, "published")
    assert detail.summary.stage_label == "Version 1: Published"
    assert detail.summary.next_step is None
    assert [(s.step, s.decided_by, s.meeting[:15], s.signed, s.verified) for s in detail.steps] == [
        ("agreed", "the BESD Working Group", "BESD meeting 1,", False, True),
        ("endorsed", "the Strategy Steering Group", "SG meeting 1, 2", True, True),
        ("smt_approved", "the Senior Management Team", "", True, True),
        ("members_approved", "the Elected Members", "", True, True),
        ("consultation", "the Strategy Steering Group", "SG meeting 2, 2", False, True),
        ("published", "the Strategy Steering Group", "", False, True),
    ]
    assert detail.steps[0].reason == ""  # the group's agreement is not a chair's to sign
    assert detail.steps[1].by_name == "Sam Chair"
    assert svc.next_step(policy_id) is None
    done = refusal(svc.record_step, policy_id, "published")
    assert done.message == "This version is published; start a new draft to change the policy."


def test_steps_are_refused_out_of_order_at_the_wrong_meeting_or_dated_back(
    policies: PolicyWorld,
) -> None:
    svc, w = policies.service, policies.world
    policy_id = policies.start()
    skip = refusal(svc.record_step, policy_id, "endorsed")
    assert skip.field == "step" and skip.message == (
        "This version is at “Draft”; its next step is “Agreed by the working group”, "
        "not “Endorsed by the Steering Group”."
    )
    wrong = refusal(svc.record_step, policy_id, "agreed", meeting_id=w.sg_meeting)
    assert (wrong.field, wrong.message) == (
        "meeting_id", "Choose a meeting of the BESD Working Group: it takes this step."
    )
    svc.record_step(policy_id, "agreed", at=dt.datetime(2010, 10, 5, 18, tzinfo=dt.UTC))
    back = refusal(svc.record_step, policy_id, "endorsed",
                   at=dt.datetime(2010, 10, 4, tzinfo=dt.UTC))
    assert back.field == "at"
    smt = refusal(svc.record_step, policy_id, "endorsed", sign_as=w.smt_chair)
    assert smt.field == "sign_as" and "not certified as the chair's laptop" in smt.message
    unsigned = refusal(svc.record_step, policy_id, "endorsed", meeting_id=w.besd_meeting)
    assert unsigned.field == "meeting_id"
    nothing_to_sign = refusal(svc.record_step, policy_id, "endorsed", by_id=w.chair,
                              sign_as=w.smt_chair)
    assert nothing_to_sign.message == "The chair who signs must be the person recorded as deciding."


def test_the_next_step_offers_its_meetings_and_the_chairs_this_laptop_signs_for(
    policies: PolicyWorld,
) -> None:
    svc = policies.service
    policy_id = policies.start()
    first = svc.next_step(policy_id)
    assert first is not None and first.step == "agreed" and first.signers == ()
    assert [label for _id, label in first.meetings] == ["BESD meeting 1, 14 September 2010"]
    svc.record_step(policy_id, "agreed")
    second = svc.next_step(policy_id)
    assert second is not None and second.label == "Record: endorsed by the Steering Group"
    assert [c.person_name for c in second.signers] == ["Sam Chair"]
    assert [label for _id, label in second.meetings] == [
        "SG meeting 2, 2 November 2010", "SG meeting 1, 28 September 2010"
    ]


def test_a_step_recorded_unsigned_is_signed_later_and_a_changed_text_shows(
    policies: PolicyWorld,
) -> None:
    svc, w = policies.service, policies.world
    policy_id = policies.start()
    svc.record_step(policy_id, "agreed")
    detail = svc.record_step(policy_id, "endorsed", meeting_id=w.sg_meeting)
    endorsed = detail.steps[-1]
    assert (endorsed.signed, endorsed.reason) == (False, "not signed by the chair")
    # Unsigned, it does not count, and nothing comes after it (H11's hostile laptop).
    assert svc.detail(policy_id).current.stage == "agreed"
    waits = refusal(svc.record_step, policy_id, "smt_approved")
    assert waits.field == "step" and "counts only once its chair signs it" in waits.message
    assert svc.next_step(policy_id) is None
    assert refusal(svc.sign_step, endorsed.id, w.smt_chair).field == "sign_as"
    signed = svc.sign_step(endorsed.id, w.chair).steps[-1]
    assert (signed.signed, signed.verified, signed.by_name) == (True, True, "Sam Chair")
    assert refusal(svc.sign_step, endorsed.id, w.chair).message == "This step is signed already."
    # Someone edits the frozen version's text behind the program's back.
    w.raw("UPDATE policy_version SET purpose = 'Something else.'")
    changed = svc.detail(policy_id).steps[-1]
    assert (changed.signed, changed.verified, changed.reason) == (
        True, False, "the version's text changed after this step"
    )


def test_steps_are_append_only_events_naming_the_step_before(policies: PolicyWorld) -> None:
    svc = policies.service
    policy_id = policies.start()
    svc.record_step(policy_id, "agreed")
    svc.record_step(policy_id, "endorsed")
    with policies.world.sf() as s:
        events = s.scalars(select(PolicyEvent).order_by(PolicyEvent.at)).all()
        assert [e.step for e in events] == ["agreed", "endorsed"]
        assert events[0].after_id is None and events[1].after_id == events[0].id
        assert events[0].content_hash == events[1].content_hash != ""


def test_the_chairs_this_laptop_may_sign_a_recorded_step_as(policies: PolicyWorld) -> None:
    svc, w = policies.service, policies.world
    policy_id = policies.start()
    agreed = svc.record_step(policy_id, "agreed").steps[-1]
    assert svc.signers_for_step(agreed.id) == ()  # the working group's chair: not certified
    endorsed = svc.record_step(policy_id, "endorsed").steps[-1]
    assert [c.person_name for c in svc.signers_for_step(endorsed.id)] == ["Sam Chair"]
    svc.sign_step(endorsed.id, w.chair)
    assert svc.signers_for_step(endorsed.id) == ()  # signed already
    someone_elses = svc.record_step(policy_id, "smt_approved", by_id=w.chair).steps[-1]
    assert svc.signers_for_step(someone_elses.id) == ()  # recorded as another's decision


def test_the_first_draft_starts_from_the_groups_agreed_criteria_for_access(
    policies: PolicyWorld,
) -> None:
    from sen_desktop.core.provision.criteria import CriteriaService

    criteria = CriteriaService(policies.world.sf)
    version = criteria.start_version(policies.world.besd)
    criteria.add_criterion(version.id, "Two terms of enhanced provision.", "outreach")
    criteria.add_criterion(version.id, "A district panel agrees.")
    criteria.agree_version(version.id, dt.date(2010, 10, 12))
    criteria.start_version(policies.world.besd)  # a draft version 2: not agreed, not used
    detail = policies.service.start(policies.world.besd)
    assert detail.current.text("criteria") == (
        "The group's criteria for access to specialist resourcing (version 1, agreed on "
        "12 October 2010):\n1. Two terms of enhanced provision. (Outreach)\n"
        "2. A district panel agrees."
    )
    assert detail.current.text("purpose") == ""


def test_forged_or_unsigned_chairs_steps_carry_nothing_after_them(
    policies: PolicyWorld,
) -> None:
    # H11's hostile laptop: its own group's steps written straight into the database,
    # the chairs' ones with a signature naming a laptop nobody certified.
    svc, w = policies.service, policies.world
    policy_id = policies.start()
    version = svc.detail(policy_id).current.id
    with w.sf.begin() as s:
        for n, step in enumerate(("agreed", "endorsed", "smt_approved", "members_approved",
                                  "consultation", "published")):
            forged = {"signature": "ab" * 64,
                      "signer_laptop": "0f0f0f0f-0000-4000-8000-000000000001"} if n else {}
            s.add(PolicyEvent(version_id=version, step=step, at=f"2010-1{n}-01T18:00:00Z",
                              **forged))
    summary = svc.overview()[0]
    assert (summary.stage, summary.published, summary.next_step) == ("agreed", None, None)
    assert summary.awaiting == "endorsed"
    detail = svc.detail(policy_id)
    assert detail.current.stage == "agreed" and not detail.current.is_draft
    assert not detail.steps[1].verified and detail.steps[1].reason


def test_a_made_up_signature_on_the_groups_agreement_reads_as_not_verified(
    policies: PolicyWorld,
) -> None:
    svc, w = policies.service, policies.world
    policy_id = policies.start()
    agreed = svc.record_step(policy_id, "agreed").steps[-1]
    w.raw("UPDATE policy_event SET signature = ?, signer_laptop = ? WHERE id = ?",
          "ab" * 64, "0f0f0f0f-0000-4000-8000-000000000001", agreed.id)
    step = svc.detail(policy_id).steps[-1]
    assert (step.signed, step.verified) == (True, False) and step.reason
    assert svc.detail(policy_id).current.stage == "agreed"  # the agreement itself stands
