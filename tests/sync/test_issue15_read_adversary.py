"""Read scope of issue 15's tables against a hostile or curious laptop (docs/TRUST.md
"Read scope on import").

A working group's laptop reads its own provision map, criteria and policy document, and
every group's published policies, never another group's drafts, comments or map; every
laptop reads the Steering Group's consultations; respondents' contact details go only to
a laptop certified for contacts, and never to the Parent/Carer Reference Group's laptop
(it reads consultations and published policies, not who responded). Neither an honest
export (``scope_for``, ``plan_export``), a re-send after a certificate changes, a
``ConsultationDocument`` naming a draft, nor a relayed bundle (the read fence) gets
past that.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest
from authorship_helpers import Member, group_of
from bundle_helpers import Sender, forge
from hostile_helpers import accepted, refused
from sqlalchemy import select
from test_issue15_adversary import AT, consultation_rows, policy_rows, provision_rows
from trust_helpers import Programme, programme

from sen_desktop.core.store import models as m
from sen_desktop.sync.batches import batches_covering
from sen_desktop.sync.bundle import BundleError
from sen_desktop.sync.export_plan import (
    plan_export,
    profile_for_certificate,
    record_export,
    settle_acknowledgement,
)
from sen_desktop.sync.operations import knowledge, ops_since
from sen_desktop.sync.read_fence import ReadFence, waiting
from sen_desktop.sync.scope import Profile, scope_for

if TYPE_CHECKING:
    from pathlib import Path

CONTACTS = ("contact_name", "contact_email", "contact_phone")


@pytest.fixture
def world15(lead: Member) -> dict[str, str]:
    """On the lead's laptop: BESD's draft policy (agreed, commented) and map; CL's
    published version 1 and its draft version 2 with a comment; the Steering Group's
    consultation, whose document and theme name BESD's draft by id."""
    made = policy_rows(lead, "BESD") | provision_rows(lead, "BESD")
    besd = {f"besd_{k}": v for k, v in made.items()}
    cl = {f"cl_{k}": v for k, v in policy_rows(lead, "CL").items()}
    rows = besd | cl | consultation_rows(lead)
    with lead.factory.begin() as s:
        s.add(m.PolicyEvent(version_id=cl["cl_policy_version"], step="published",
                            group_id=group_of(lead, "SG"), at="2026-11-03T10:00:00Z"))
        draft = m.PolicyVersion(policy_id=cl["cl_policy_document"], number=2,
                                purpose="Not agreed yet.")
        s.add(draft)
        s.flush()
        rows["cl_draft"] = draft.id
        comment = m.PolicyComment(version_id=draft.id, section="roles",
                                  author_id=cl["cl_person"], text="Draft remark.", at=AT)
        s.add(comment)
        s.flush()
        rows["cl_draft_comment"] = comment.id
        document = s.get(m.ConsultationDocument, rows["consultation_document"])
        document.kind = "policy_version"
        document.target_id = rows["besd_policy_version"]
        theme = s.get(m.ConsultationTheme, rows["consultation_theme"])
        theme.change_kind = "policy_section"
        theme.change_target_id = rows["besd_policy_version"]
        theme.change_section = "purpose"
    return rows


def _scope(lead: Member, codes: tuple[str, ...], *, contacts: bool = False) -> Any:
    with lead.factory() as s:
        return scope_for(s, Profile("x", codes, contacts, False, {}))


def test_a_reference_group_laptop_reads_consultations_and_published_policies_only(
    lead: Member, world15: dict[str, str]
) -> None:
    scope = _scope(lead, ("PCRG",))
    rows = scope.rows
    # Published: CL's document, version 1 and its steps.
    assert world15["cl_policy_document"] in rows["policy_document"]
    assert world15["cl_policy_version"] in rows["policy_version"]
    assert world15["cl_policy_event"] in rows["policy_event"]
    # Never a draft, a comment, a step of a draft -- CL's version 2 nor BESD's policy.
    assert world15["cl_draft"] not in rows["policy_version"]
    assert world15["besd_policy_version"] not in rows["policy_version"]
    assert world15["besd_policy_document"] not in rows["policy_document"]
    assert world15["besd_policy_event"] not in rows["policy_event"]
    assert not rows["policy_comment"]
    # No group's provision map or criteria.
    for table in ("provision_entry", "provision_gap", "criteria_version", "access_criterion",
                  "recommendation_criterion"):
        assert not rows[table], table
    assert world15["besd_recommendation"] not in rows["recommendation"]
    # Every consultation row, but not who responded.
    for table in ("consultation", "consultation_document", "consultation_event",
                  "consultation_theme", "consultation_response"):
        assert world15[table] in rows[table], table
    response = world15["consultation_response"]
    assert scope.includes("consultation_response", response, "text")
    for field in CONTACTS:
        assert not scope.includes("consultation_response", response, field)


def test_another_working_group_reads_neither_drafts_nor_maps(
    lead: Member, world15: dict[str, str]
) -> None:
    rows = _scope(lead, ("ASD",)).rows
    assert world15["besd_policy_version"] not in rows["policy_version"]
    assert world15["cl_draft_comment"] not in rows["policy_comment"]
    assert world15["besd_provision_gap"] not in rows["provision_gap"]
    assert world15["besd_access_criterion"] not in rows["access_criterion"]
    # Its own group's laptop reads them all.
    own = _scope(lead, ("BESD",)).rows
    assert world15["besd_policy_comment"] in own["policy_comment"]
    assert world15["besd_recommendation_criterion"] in own["recommendation_criterion"]


def test_respondents_contacts_never_reach_the_reference_group_even_certified_for_contacts(
    lead: Member, world15: dict[str, str]
) -> None:
    """Certified for contacts (its own members' details), the Parent/Carer Reference
    Group's laptop still never gets a respondent's; a working group's or the Steering
    Group's laptop certified for contacts does, and the lead's."""
    response = world15["consultation_response"]
    pcrg = _scope(lead, ("PCRG",), contacts=True)
    for field in CONTACTS:
        assert not pcrg.includes("consultation_response", response, field)
    for codes in (("SG",), ("BESD",), ("SG", "BESD", "CL", "PD", "ASD", "PCRG")):
        scope = _scope(lead, codes, contacts=True)
        assert all(scope.includes("consultation_response", response, f) for f in CONTACTS)
        assert not _scope(lead, codes).includes("consultation_response", response,
                                                 "contact_email")


def _fields(ops: list[Any]) -> set[tuple[str, str]]:
    return {(op.entity, op.field) for op in ops}


def test_an_export_and_its_resends_carry_contacts_only_while_certified(
    lead: Member, world15: dict[str, str]
) -> None:
    """The export for a laptop carries no contact field while its certificate withholds
    them; when a new certificate allows them the responses go again whole, and when it
    withholds them again nothing more goes (a re-send is cut like any export)."""
    with lead.factory.begin() as s:
        profile = profile_for_certificate(s, "BESD secretary", ["BESD"], contacts=False,
                                          confidential=False)
        plan = plan_export(s, profile)
        assert ("consultation_response", "text") in _fields(plan.ops)
        assert not {("consultation_response", f) for f in CONTACTS} & _fields(plan.ops)
        assert ("policy_version", "purpose") in _fields(plan.ops)  # its own draft
        versions = {op.row_id for op in plan.ops if op.entity == "policy_version"}
        assert world15["cl_draft"] not in versions
        # Delivered and acknowledged: the next export carries nothing of these.
        record_export(s, profile, plan, "bundle-1", knowledge(s), "2026-11-04T10:00:00Z")
        row = s.scalars(select(m.SyncProfile).where(m.SyncProfile.id == profile.id)).one()
        settle_acknowledgement(s, row, "besd-site", {"besd-site": 0}, ["bundle-1"])
        s.flush()
        profile = profile_for_certificate(s, "BESD secretary", ["BESD"], contacts=False,
                                          confidential=False)
        assert not plan_export(s, profile).ops
        # A certificate allowing contacts: the responses' contact fields go.
        profile = profile_for_certificate(s, "BESD secretary", ["BESD"], contacts=True,
                                          confidential=False)
        again = plan_export(s, profile)
        assert {("consultation_response", f) for f in CONTACTS} <= _fields(again.ops)
        # Withheld again: whatever goes again goes without them.
        profile = profile_for_certificate(s, "BESD secretary", ["BESD"], contacts=False,
                                          confidential=False)
        assert not {("consultation_response", f) for f in CONTACTS} & _fields(
            plan_export(s, profile).ops
        )


def test_a_reference_group_laptop_made_a_steering_reader_gets_respondents_contacts_again(
    lead: Member, world15: dict[str, str]
) -> None:
    """Respondents' contacts follow the groups as well as the contacts flag: a laptop
    certified for contacts whose certificate now also reads the Steering Group is sent
    the responses again, with their contact details."""
    with lead.factory.begin() as s:
        profile = profile_for_certificate(s, "PCRG secretary", ["PCRG"], contacts=True,
                                          confidential=False)
        plan = plan_export(s, profile)
        assert not {("consultation_response", f) for f in CONTACTS} & _fields(plan.ops)
        record_export(s, profile, plan, "bundle-1", knowledge(s), "2026-11-04T10:00:00Z")
        row = s.scalars(select(m.SyncProfile).where(m.SyncProfile.id == profile.id)).one()
        settle_acknowledgement(s, row, "pcrg-site", {"pcrg-site": 0}, ["bundle-1"])
        s.flush()
        profile = profile_for_certificate(s, "PCRG secretary", ["PCRG", "SG"], contacts=True,
                                          confidential=False)
        assert {("consultation_response", f) for f in CONTACTS} <= _fields(
            plan_export(s, profile).ops
        )


# --- the read fence: what a relayed bundle may not leave on a laptop ------------------------


def _fence(lead: Member, read: list[str], *, contacts: bool) -> tuple[Any, ReadFence]:
    own = SimpleNamespace(name="PCRG secretary", read=read, contacts=contacts,
                          confidential=False)
    session = lead.factory()
    return session, ReadFence(session, own, waiting(session))


@pytest.mark.parametrize(
    ("table", "field", "contacts", "words"),
    [
        ("consultation_response", "contact_email", False, "respondents' contact details"),
        ("consultation_response", "contact_name", True, "respondents' contact details"),
        ("policy_version", "purpose", True, "policy documents not yet published"),
        ("policy_comment", "text", True, "comments on policy documents"),
        ("provision_gap", "evidence", True, "provision gaps"),
        ("access_criterion", "text", True, "criteria for access"),
    ],
)
def test_the_read_fence_refuses_what_the_reference_group_may_not_read(
    lead: Member, world15: dict[str, str], table: str, field: str, contacts: bool, words: str
) -> None:
    """Each of these, relayed to the Parent/Carer Reference Group's laptop by a laptop
    that holds them, is refused whole in one sentence."""
    row = {
        "consultation_response": world15["consultation_response"],
        "policy_version": world15["cl_draft"],
        "policy_comment": world15["besd_policy_comment"],
        "provision_gap": world15["besd_provision_gap"],
        "access_criterion": world15["besd_access_criterion"],
    }[table]
    session, fence = _fence(lead, ["PCRG"], contacts=contacts)
    try:
        ops = [op for op in ops_since(session, {}) if (op.entity, op.row_id, op.field) == (
            table, row, field)]
        assert ops
        with pytest.raises(BundleError) as caught:
            fence.check(ops)
        message = str(caught.value)
        assert words in message and message.endswith("nothing was imported.")
        # What it may read passes.
        fence.check([op for op in ops_since(session, {}) if op.entity == "consultation_theme"])
    finally:
        session.close()


def test_a_relay_of_respondents_contacts_to_the_reference_group_is_refused(
    tmp_path: Path,
) -> None:
    """End to end: the Steering Group's laptop (certified for contacts) holds the lead's
    consultation with a response's contact details and relays the lead's own signed
    changes to the Parent/Carer Reference Group's laptop. Refused whole, the database
    file unchanged; the same relay without the contact fields imports."""
    prog: Programme = programme(tmp_path)
    with prog.lead.open() as db, db.session_factory.begin() as s:
        sg_id = s.scalars(select(m.Group.id).where(m.Group.code == "SG")).one()
        consultation = m.Consultation(group_id=sg_id, reference="CON-1", title="Funding",
                                      opens_on=dt.date(2026, 10, 1),
                                      closes_on=dt.date(2026, 11, 30))
        s.add(consultation)
        s.flush()
        s.add(m.ConsultationResponse(consultation_id=consultation.id, number=1,
                                     respondent_type="parents_carers", text="Too far.",
                                     contact_email="jo@example.org"))
    path = tmp_path / "to-sg.senbundle"
    prog.lead.export(path, for_laptop=prog.sg.name)
    prog.sg.import_(path)
    with prog.sg.open() as db, db.session_factory() as s:
        held = [
            op for op in ops_since(s, {}) if op.entity in ("consultation", "consultation_response")
        ]
        assert any(op.field == "contact_email" and "jo@" in op.value for op in held)
        batches = batches_covering(s, held)
    relay = Sender(prog.sg)
    data = forge(relay, [prog.pcrg], tmp_path, ops=held, batches=batches)
    refused(prog.pcrg, data, "respondents' contact details", tmp_path)
    clean = [op for op in held if op.field != "contact_email"]
    with prog.sg.open() as db, db.session_factory() as s:
        batches = batches_covering(s, clean)
    accepted(prog.pcrg, forge(relay, [prog.pcrg], tmp_path, ops=clean, batches=batches),
             tmp_path)
    with prog.pcrg.open() as db, db.session_factory() as s:
        response = s.scalars(select(m.ConsultationResponse)).one()
        assert response.text == "Too far." and response.contact_email == ""
