"""Issue 15's fourteen synced tables against a hostile laptop (docs/TRUST.md "Authorship").

The attacker holds a valid certificate for one working group (the BESD secretary's
laptop, ``besd``). It may write its own group's provision map, criteria and policy
document, but never another group's, never a consultation (the Steering Group's), never
a chair's approval on a policy step, and it may not smuggle another group's rows into
its own by pointing a foreign key at them. Each forged bundle is refused whole, in one
sentence, and the recipient's tables and batches are unchanged (``refused``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from authorship_helpers import Member, World, group_name, group_of, refused, update
from sqlalchemy import select

from sen_desktop.core.store import models as m

if TYPE_CHECKING:
    from pathlib import Path

AT = "2026-11-02T10:00:00Z"
CHAIR_PERSON = "0c0c0c0c-0000-4000-8000-000000000000"


# --- the rows of one group, made on one laptop ---------------------------------------------


def _add(session: Any, row: Any) -> str:
    session.add(row)
    session.flush()
    return str(row.id)


def provision_rows(laptop: Member, code: str) -> dict[str, str]:
    """A recommendation, a map entry, a gap it answers, a criteria version with one
    criterion, and the recommendation citing it -- all of group ``code``."""
    group = group_of(laptop, code)
    with laptop.factory.begin() as s:
        rec = _add(s, m.Recommendation(reference=f"{code}-R9", group_id=group, title="Outreach"))
        rows = {
            "recommendation": rec,
            "provision_entry": _add(
                s, m.ProvisionEntry(group_id=group, name="Resourced unit", tier="enhanced",
                                    district="Ashford", places=12)
            ),
            "provision_gap": _add(
                s, m.ProvisionGap(group_id=group, district="Dover", tier="outreach",
                                  evidence="No outreach east of Canterbury.",
                                  recommendation_id=rec)
            ),
            "criteria_version": _add(s, m.CriteriaVersion(group_id=group, number=1)),
        }
        rows["access_criterion"] = _add(
            s, m.AccessCriterion(version_id=rows["criteria_version"], position=1,
                                 tier="special_school", text="An EHC plan naming the need.")
        )
        rows["recommendation_criterion"] = _add(
            s, m.RecommendationCriterion(recommendation_id=rec,
                                         criterion_id=rows["access_criterion"])
        )
        return rows


def policy_rows(laptop: Member, code: str) -> dict[str, str]:
    """A policy document of group ``code``: a version, a member's comment, its first step."""
    group = group_of(laptop, code)
    with laptop.factory.begin() as s:
        person = _add(s, m.Person(full_name="Member Example"))
        document = _add(s, m.PolicyDocument(group_id=group, title=f"{code} policy"))
        version = _add(s, m.PolicyVersion(policy_id=document, number=1,
                                          purpose="Why this policy exists."))
        return {
            "person": person,
            "policy_document": document,
            "policy_version": version,
            "policy_comment": _add(
                s, m.PolicyComment(version_id=version, section="purpose", author_id=person,
                                   text="Say who it is for.", at=AT)
            ),
            "policy_event": _add(
                s, m.PolicyEvent(version_id=version, step="agreed", group_id=group, at=AT,
                                 content_hash="0" * 64)
            ),
        }


def consultation_rows(laptop: Member, code: str = "SG") -> dict[str, str]:
    """A consultation of group ``code`` with a document, an event, a theme and a response
    carrying a respondent's contact details."""
    group = group_of(laptop, code)
    with laptop.factory.begin() as s:
        consultation = _add(
            s, m.Consultation(group_id=group, reference="CON-9", title="Funding options",
                              opens_on=dt.date(2026, 10, 1), closes_on=dt.date(2026, 11, 30))
        )
        document = _add(
            s, m.ConsultationDocument(consultation_id=consultation, kind="paper",
                                      target_id="11111111-0000-4000-8000-000000000000",
                                      label="Funding paper")
        )
        return {
            "consultation": consultation,
            "consultation_document": document,
            "consultation_event": _add(
                s, m.ConsultationEvent(consultation_id=consultation, date=dt.date(2026, 10, 8),
                                       venue="Ashford library", district="Ashford")
            ),
            "consultation_theme": _add(
                s, m.ConsultationTheme(consultation_id=consultation, name="Transport")
            ),
            "consultation_response": _add(
                s, m.ConsultationResponse(
                    consultation_id=consultation, number=1, respondent_type="parents_carers",
                    text="The bus takes an hour.", contact_name="Jo Parent",
                    contact_email="jo@example.org", contact_phone="01234 567890",
                    document_id=document,
                )
            ),
        }


def shared_with(receivers: list[Member], sender: Member) -> None:
    items, ops = sender.send()
    for receiver in receivers:
        receiver.receive_signed(items, ops)


ASD = "ASD"  # the other working group whose rows the attacker goes after

# One harmless-looking edit per table: (table, model, field, value).
EDITS: list[tuple[str, Any, str, Any]] = [
    ("provision_entry", m.ProvisionEntry, "places", 0),
    ("provision_gap", m.ProvisionGap, "evidence", "No gap here."),
    ("criteria_version", m.CriteriaVersion, "note", "Withdrawn."),
    ("access_criterion", m.AccessCriterion, "text", "Anyone who asks."),
    ("recommendation_criterion", m.RecommendationCriterion, "deleted", True),
    ("policy_document", m.PolicyDocument, "title", "Nothing to see"),
    ("policy_version", m.PolicyVersion, "purpose", "Rewritten by another group."),
    ("policy_comment", m.PolicyComment, "text", "I withdraw this."),
    ("consultation", m.Consultation, "closes_on", dt.date(2026, 10, 2)),
    ("consultation_document", m.ConsultationDocument, "label", "Another paper"),
    ("consultation_event", m.ConsultationEvent, "attendance", 9999),
    ("consultation_theme", m.ConsultationTheme, "we_did", "Nothing."),
    ("consultation_response", m.ConsultationResponse, "text", "All is well."),
]
NOUNS = {
    "provision_entry": "provision map",
    "provision_gap": "provision gaps",
    "criteria_version": "criteria for access",
    "access_criterion": "criteria for access",
    "recommendation_criterion": "recommendations",
    "policy_document": "policy documents",
    "policy_version": "policy documents",
    "policy_comment": "comments on policy documents",
    "consultation": "consultations",
    "consultation_document": "consultations",
    "consultation_event": "consultation events",
    "consultation_theme": "consultation themes",
    "consultation_response": "consultation responses",
}


@pytest.fixture
def others(lead: Member, besd: Member) -> dict[str, str]:
    """The ASD working group's map, criteria and policy and the Steering Group's
    consultation, made on the lead's laptop and held by the attacker too."""
    rows = provision_rows(lead, ASD) | policy_rows(lead, ASD) | consultation_rows(lead)
    shared_with([besd], lead)
    return rows


# --- another group's rows: never edited, never tombstoned ----------------------------------


@pytest.mark.parametrize(("table", "model", "field", "value"), EDITS, ids=[e[0] for e in EDITS])
def test_a_working_group_laptop_may_not_change_another_groups_rows(
    lead: Member, besd: Member, others: dict[str, str], table: str, model: Any, field: str,
    value: Any,
) -> None:
    known = besd.knowledge()
    update(besd, model, others[table], **{field: value})
    before = getattr(lead.one(model, id=others[table]), field)
    owner = group_name(lead, "SG" if table.startswith("consultation") else ASD)
    assert refused(lead, *besd.send(known)) == (
        f"This bundle was refused: the {group_name(lead, 'BESD')} laptop “BESD secretary” "
        f"may not change {owner} {NOUNS[table]}."
    )
    assert getattr(lead.one(model, id=others[table]), field) == before


@pytest.mark.parametrize("table", sorted(NOUNS))
def test_another_groups_rows_may_not_be_tombstoned(
    lead: Member, besd: Member, others: dict[str, str], table: str
) -> None:
    model = m.ENTITY_BY_TABLE[table]
    known = besd.knowledge()
    update(besd, model, others[table], deleted=True)
    assert "may not change" in refused(lead, *besd.send(known))
    assert lead.one(model, id=others[table]).deleted is False


# --- new rows under another group's parent ----------------------------------------------------


def _hang(laptop: Member, others: dict[str, str], table: str) -> None:
    """A new row of ``table`` under the other group's (or the consultation's) row."""
    person = others["person"]
    made: dict[str, Any] = {
        "provision_entry": lambda: m.ProvisionEntry(
            group_id=group_of(laptop, ASD), name="Ghost unit", tier="enhanced",
            district="Dover"),
        "provision_gap": lambda: m.ProvisionGap(
            group_id=group_of(laptop, ASD), district="Dover", tier="universal"),
        "criteria_version": lambda: m.CriteriaVersion(group_id=group_of(laptop, ASD), number=2),
        "access_criterion": lambda: m.AccessCriterion(
            version_id=others["criteria_version"], position=2, text="Any child at all."),
        "recommendation_criterion": lambda: m.RecommendationCriterion(
            recommendation_id=others["recommendation"], criterion_id=others["access_criterion"]),
        "policy_document": lambda: m.PolicyDocument(
            group_id=group_of(laptop, ASD), title="A second ASD policy"),
        "policy_version": lambda: m.PolicyVersion(
            policy_id=others["policy_document"], number=2, purpose="Hijacked."),
        "policy_comment": lambda: m.PolicyComment(
            version_id=others["policy_version"], section="roles", author_id=person,
            text="Planted.", at=AT),
        "policy_event": lambda: m.PolicyEvent(
            version_id=others["policy_version"], step="endorsed", at=AT),
        "consultation_document": lambda: m.ConsultationDocument(
            consultation_id=others["consultation"], kind="paper", target_id=person),
        "consultation_event": lambda: m.ConsultationEvent(
            consultation_id=others["consultation"], date=dt.date(2026, 10, 9)),
        "consultation_theme": lambda: m.ConsultationTheme(
            consultation_id=others["consultation"], name="Planted theme"),
        "consultation_response": lambda: m.ConsultationResponse(
            consultation_id=others["consultation"], number=2, respondent_type="schools",
            text="Ballot stuffing."),
    }
    with laptop.factory.begin() as s:
        s.add(made[table]())


NEW_UNDER = [
    "provision_entry", "provision_gap", "criteria_version", "access_criterion",
    "recommendation_criterion", "policy_document", "policy_version", "policy_comment",
    "policy_event", "consultation_document", "consultation_event", "consultation_theme",
    "consultation_response",
]


@pytest.mark.parametrize("table", NEW_UNDER)
def test_a_new_row_under_another_groups_parent_is_refused(
    lead: Member, besd: Member, others: dict[str, str], table: str
) -> None:
    known = besd.knowledge()
    _hang(besd, others, table)
    count = len(lead.dump())
    message = refused(lead, *besd.send(known))
    assert message.startswith("This bundle was refused: the ")
    assert "may not change" in message
    assert len(lead.dump()) == count


def test_only_a_steering_group_laptop_writes_consultations(
    lead: Member, besd: Member, sg: Member
) -> None:
    """A consultation the BESD laptop makes under its own group is refused: consultations
    are the Steering Group's (it plans and oversees the consultation process), and every
    laptop reads them, the Parent/Carer Reference Group's included."""
    consultation_rows(besd, "BESD")
    assert refused(lead, *besd.send()) == (
        f"This bundle was refused: the {group_name(lead, 'BESD')} laptop “BESD secretary” "
        "may not change consultations; only a Steering Group laptop may."
    )
    # The Steering Group's laptop may, and its consultations reach the others.
    rows = consultation_rows(sg)
    lead.receive_signed(*sg.send())
    assert lead.one(m.ConsultationResponse, id=rows["consultation_response"]).number == 1


def test_a_consultation_may_not_be_moved_from_the_steering_group(
    lead: Member, sg: Member
) -> None:
    rows = consultation_rows(sg)
    lead.receive_signed(*sg.send())
    known = sg.knowledge()
    # Even its own writer: a consultation under a working group is not one.
    update(sg, m.Consultation, rows["consultation"], group_id=group_of(sg, "BESD"))
    message = refused(lead, *sg.send(known))
    assert message.endswith("may not move consultations under BESD Working Group.") or (
        message.endswith("only a Steering Group laptop may.")
    )


def test_the_groups_own_rows_pass(lead: Member, besd: Member) -> None:
    """The control: the same rows of its own group import."""
    rows = provision_rows(besd, "BESD") | policy_rows(besd, "BESD")
    lead.receive_signed(*besd.send())
    for table in ("provision_gap", "recommendation_criterion", "policy_event"):
        assert lead.one(m.ENTITY_BY_TABLE[table], id=rows[table]).deleted is False


# --- foreign keys pointing at another group's rows ------------------------------------------


def test_a_gap_may_not_name_another_groups_recommendation(
    lead: Member, besd: Member, others: dict[str, str]
) -> None:
    """Naming it would pull that recommendation into every export for the gap's group
    (an export carries the rows its rows refer to)."""
    own = provision_rows(besd, "BESD")
    lead.receive_signed(*besd.send(lead.knowledge()))
    # Not by editing a gap of its own ...
    known = besd.knowledge()
    update(besd, m.ProvisionGap, own["provision_gap"], recommendation_id=others["recommendation"])
    assert refused(lead, *besd.send(known)).endswith(
        "may not link provision gaps to another group's recommendations."
    )
    # ... nor with a new one.
    known = besd.knowledge()
    group = group_of(besd, "BESD")
    with besd.factory.begin() as s:
        s.add(m.ProvisionGap(group_id=group, district="Dover", tier="outreach",
                             recommendation_id=others["recommendation"]))
    assert refused(lead, *besd.send(known)).endswith(
        "may not link provision gaps to another group's recommendations."
    )
    assert lead.one(m.ProvisionGap, id=own["provision_gap"]).recommendation_id == (
        own["recommendation"]
    )


def test_a_recommendation_may_not_cite_another_groups_criterion(
    lead: Member, besd: Member, others: dict[str, str]
) -> None:
    own = provision_rows(besd, "BESD")
    lead.receive_signed(*besd.send(lead.knowledge()))
    known = besd.knowledge()
    with besd.factory.begin() as s:
        s.add(m.RecommendationCriterion(recommendation_id=own["recommendation"],
                                        criterion_id=others["access_criterion"]))
    assert refused(lead, *besd.send(known)).endswith(
        "may not link recommendations to another group's criteria for access."
    )


def test_a_version_may_not_be_moved_under_another_groups_policy(
    lead: Member, besd: Member, others: dict[str, str]
) -> None:
    own = policy_rows(besd, "BESD")
    lead.receive_signed(*besd.send(lead.knowledge()))
    known = besd.knowledge()
    update(besd, m.PolicyVersion, own["policy_version"], policy_id=others["policy_document"])
    assert refused(lead, *besd.send(known)).endswith(
        f"may not move policy documents under {group_name(lead, ASD)}."
    )


# --- policy steps: append-only, signed by the chair -------------------------------------------


def test_a_policy_step_is_never_tombstoned(lead: Member, besd: Member, sg: Member) -> None:
    rows = policy_rows(besd, "BESD")
    shared_with([lead, sg], besd)
    known = besd.knowledge()
    update(besd, m.PolicyEvent, rows["policy_event"], deleted=True)  # even by its maker
    assert refused(lead, *besd.send(known)) == (
        f"This bundle was refused: the {group_name(lead, 'BESD')} laptop “BESD secretary” "
        "tried to delete a policy decision, which no laptop may do."
    )
    known = lead.knowledge()
    update(lead, m.PolicyEvent, rows["policy_event"], deleted=True)  # nor by the root
    assert "tried to delete a policy decision" in refused(sg, *lead.send(known))


@pytest.mark.parametrize(
    ("field", "value"),
    [("content_hash", "f" * 64), ("step", "members_approved"), ("at", "2026-01-01T00:00:00Z"),
     ("note", "Unanimous.")],
)
def test_a_policy_step_recorded_by_another_laptop_is_not_altered(
    lead: Member, besd: Member, sg: Member, field: str, value: str
) -> None:
    """The Steering Group's endorsement of the BESD policy, recorded on its laptop: the
    BESD laptop may not change what was endorsed (the content hash), the step, its time
    or its note."""
    rows = policy_rows(besd, "BESD")
    shared_with([lead, sg], besd)
    steering = group_of(sg, "SG")
    with sg.factory.begin() as s:
        endorsed = _add(s, m.PolicyEvent(version_id=rows["policy_version"], step="endorsed",
                                         group_id=steering, at=AT,
                                         content_hash="a" * 64, signature="ab" * 64))
    shared_with([lead, besd], sg)
    known = besd.knowledge()
    update(besd, m.PolicyEvent, endorsed, **{field: value})
    assert refused(lead, *besd.send(known)) == (
        f"This bundle was refused: the {group_name(lead, 'BESD')} laptop “BESD secretary” "
        "may not alter a policy decision recorded by another laptop."
    )
    assert lead.one(m.PolicyEvent, id=endorsed).content_hash == "a" * 64


def test_only_a_chair_signing_as_itself_signs_a_policy_step(
    world: World, tmp_path: Path, lead: Member, besd: Member, sg: Member
) -> None:
    rows = policy_rows(besd, "BESD")
    shared_with([lead, sg], besd)
    # A laptop that is no chair may not put a signature on a step another laptop recorded.
    known = sg.knowledge()
    update(sg, m.PolicyEvent, rows["policy_event"], signature="cd" * 64,
           signer_laptop=sg.identity.laptop_id)
    assert refused(lead, *sg.send(known)).endswith(
        "may not change the signature of a policy decision recorded by another laptop; only "
        "a chair's certified laptop signs."
    )
    # A chair's laptop names only itself as the signer ...
    chair = Member(world, 9, "BESD chair", tmp_path / "chair", write=[], chair_of="BESD",
                   chair_person=CHAIR_PERSON)
    try:
        chair.receive_signed(*besd.send())
        known = chair.knowledge()
        update(chair, m.PolicyEvent, rows["policy_event"], signer_laptop=sg.identity.laptop_id)
        assert refused(lead, *chair.send(known)).endswith(
            "may not name another laptop as the signer of a policy decision."
        )
    finally:
        chair.close()
    # ... and signs only for the person it is certified for.
    other = Member(world, 11, "Other BESD chair", tmp_path / "other", write=[],
                   chair_of="BESD", chair_person=CHAIR_PERSON)
    try:
        other.receive_signed(*besd.send())
        known = other.knowledge()
        update(other, m.PolicyEvent, rows["policy_event"], by_id=rows["person"])
        assert refused(lead, *other.send(known)).endswith(
            "may not record a decision as made by a person it is not certified to sign for."
        )
    finally:
        other.close()


def test_a_chair_of_another_group_may_not_sign_its_policy_steps(
    world: World, tmp_path: Path, lead: Member, besd: Member
) -> None:
    """The ASD chair's laptop signing the BESD group's agreement as itself would replace
    the BESD chair's signature (the last writer wins), spoiling a genuine approval."""
    rows = policy_rows(besd, "BESD")
    with besd.factory.begin() as s:
        s.add(m.Person(id=CHAIR_PERSON, full_name="ASD Chair"))
    lead.receive_signed(*besd.send())
    chair = Member(world, 10, "ASD chair", tmp_path / "asd-chair", write=[], chair_of=ASD,
                   chair_person=CHAIR_PERSON)
    try:
        chair.receive_signed(*besd.send())
        known = chair.knowledge()
        update(chair, m.PolicyEvent, rows["policy_event"], signature="ef" * 64,
               signer_laptop=chair.identity.laptop_id, by_id=CHAIR_PERSON)
        assert refused(lead, *chair.send(known)).endswith(
            "may sign only the decisions of the group or body its chair leads."
        )
        assert lead.one(m.PolicyEvent, id=rows["policy_event"]).signature == ""
    finally:
        chair.close()


def test_a_forged_step_imports_but_never_counts_as_the_chairs(lead: Member, besd: Member) -> None:
    """The BESD laptop may record its own group's steps (unsigned, for the chair to sign);
    a signature it makes up imports as data, and reading the policy says it does not
    verify (core/policies/signing.py ``verify``)."""
    from sen_desktop.core.policies.reading import read_detail

    rows = policy_rows(besd, "BESD")
    update(besd, m.PolicyEvent, rows["policy_event"], signature="ab" * 64,
           signer_laptop=lead.identity.laptop_id, by_id=rows["person"])
    lead.receive_signed(*besd.send())
    with lead.factory() as s:
        policy = s.get(m.PolicyDocument, rows["policy_document"])
        detail = read_detail(s, policy)
    (step,) = detail.steps
    assert step.signed and not step.verified and step.reason


def test_the_first_pass_resolves_groups_of_rows_new_in_the_bundle(
    lead: Member, besd: Member
) -> None:
    """A whole new policy of its own group in one bundle: nothing is held yet, so every
    row's group comes from the bundle's first pass."""
    rows = policy_rows(besd, "BESD") | provision_rows(besd, "BESD")
    lead.receive_signed(*besd.send(), chunk=3)
    with lead.factory() as s:
        assert s.scalar(select(m.PolicyComment.text).where(
            m.PolicyComment.id == rows["policy_comment"])) == "Say who it is for."


def test_a_policy_step_may_not_name_another_working_groups_meeting(
    lead: Member, besd: Member, others: dict[str, str]
) -> None:
    """A step names the meeting that took it: its own group's or the Steering Group's.
    Another working group's meeting would travel to the policy's laptops with it."""
    asd, sg = group_of(lead, ASD), group_of(lead, "SG")  # outside: one connection
    with lead.factory.begin() as s:
        asd_meeting = _add(s, m.Meeting(group_id=asd, number=7, date=dt.date(2026, 10, 1)))
        sg_meeting = _add(s, m.Meeting(group_id=sg, number=3, date=dt.date(2026, 10, 2)))
    besd.receive_signed(*lead.send())
    rows = policy_rows(besd, "BESD")
    lead.receive_signed(*besd.send(lead.knowledge()))
    # The Steering Group's meeting is where an endorsement is made.
    known = besd.knowledge()
    with besd.factory.begin() as s:
        s.add(m.PolicyEvent(version_id=rows["policy_version"], step="endorsed", group_id=sg,
                            meeting_id=sg_meeting, at=AT))
    lead.receive_signed(*besd.send(known))
    known = besd.knowledge()
    with besd.factory.begin() as s:
        s.add(m.PolicyEvent(version_id=rows["policy_version"], step="smt_approved",
                            group_id=sg, meeting_id=asd_meeting, at=AT))
    assert refused(lead, *besd.send(known)).endswith(
        "may not link policy decisions to another group's meetings."
    )


@pytest.mark.parametrize(
    ("table", "field", "target"),
    [("provision_entry", "group_id", "group"), ("provision_gap", "group_id", "group"),
     ("criteria_version", "group_id", "group"),
     ("access_criterion", "version_id", "criteria_version"),
     ("policy_document", "group_id", "group"),
     ("policy_comment", "version_id", "policy_version")],
)
def test_its_own_rows_may_not_be_moved_under_another_group(
    lead: Member, besd: Member, others: dict[str, str], table: str, field: str, target: str
) -> None:
    own = provision_rows(besd, "BESD") | policy_rows(besd, "BESD")
    lead.receive_signed(*besd.send(lead.knowledge()))
    known = besd.knowledge()
    destination = group_of(besd, ASD) if target == "group" else others[target]
    update(besd, m.ENTITY_BY_TABLE[table], own[table], **{field: destination})
    assert refused(lead, *besd.send(known)).endswith(f"under {group_name(lead, ASD)}.")


def test_a_chair_of_another_group_may_not_sign_its_recommendation_decisions(
    world: World, tmp_path: Path, lead: Member, besd: Member, sg: Member
) -> None:
    """The same rule binds a recommendation's decisions: the deciding group's chair signs."""
    group = group_of(besd, "BESD")
    with besd.factory.begin() as s:
        s.add(m.Person(id=CHAIR_PERSON, full_name="ASD Chair"))
        rec = _add(s, m.Recommendation(reference="BESD-R1", group_id=group, title="Outreach"))
        event = _add(s, m.RecommendationEvent(recommendation_id=rec, transition="agreed",
                                              group_id=group, at=AT))
    lead.receive_signed(*besd.send())
    chair = Member(world, 12, "ASD chair", tmp_path / "asd-chair", write=[], chair_of=ASD,
                   chair_person=CHAIR_PERSON)
    try:
        chair.receive_signed(*besd.send())
        known = chair.knowledge()
        update(chair, m.RecommendationEvent, event, signature="ef" * 64,
               signer_laptop=chair.identity.laptop_id, by_id=CHAIR_PERSON)
        assert refused(lead, *chair.send(known)).endswith(
            "may sign only the decisions of the group or body its chair leads."
        )
    finally:
        chair.close()
    # The BESD chair may: on a laptop holding the event, and on one that gets the event in
    # the same bundle as its signature.
    besd_chair = Member(world, 13, "BESD chair", tmp_path / "besd-chair", write=[],
                        chair_of="BESD", chair_person=CHAIR_PERSON)
    try:
        besd_chair.receive_signed(*besd.send())
        update(besd_chair, m.RecommendationEvent, event, signature="ef" * 64,
               signer_laptop=besd_chair.identity.laptop_id, by_id=CHAIR_PERSON)
        lead.receive_signed(*besd_chair.send(lead.knowledge()))
        sg.receive_signed(*besd_chair.send())
        for laptop in (lead, sg):
            assert laptop.one(m.RecommendationEvent, id=event).signer_laptop == (
                besd_chair.identity.laptop_id
            )
    finally:
        besd_chair.close()
