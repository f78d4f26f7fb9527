"""Store round trips for every synced entity: written, read back equal, tombstoned.

Each entity is written with realistic values for every column (dates, times, flags,
None where a column allows it, non-ASCII text), read back in a fresh session, then
tombstoned; the operation log must hold an operation for every field and for the
tombstone. It runs on a real store (the ``empty_store`` fixture: the Alembic schema, with
its WAL, foreign keys and search-index triggers), which must then pass ``check``; that
the schema is exactly models.py is tests/core/store/test_migrations.py's to say.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import inspect

from sen_desktop.core.store.integrity import check_integrity
from sen_desktop.core.store.log_history import history
from sen_desktop.core.store.models import SYNCED_MODELS, Synced

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker
    from store_helpers import Store

Ids = dict[str, str]
Maker = Callable[[Ids], dict[str, Any]]

NOTE = "Agreed\nwith the Chair — Zoë’s note 👍 \u200fمريم"

# In dependency order: each entity's values may name the ids of those above it.
VALUES: dict[str, Maker] = {
    "programme_setting": lambda ids: {"key": "districts", "value": json.dumps(["Ashford"])},
    "programme_section": lambda ids: {
        "key": "purpose",
        "title": "1.1 Purpose",
        "position": 1,
        "body": "It is important that Kent’s SEN Strategy and Policy make clear:",
    },
    "body": lambda ids: {"code": "SFF", "name": "Schools Funding Forum", "position": 7},
    "group": lambda ids: {
        "code": "BESD",
        "name": "BESD Working Group",
        "kind": "working",
        "dimension": "BESD",
        "reports_to_id": None,
        "quorum": None,
        "position": 2,
        "seat_rule": "preferably at least one to be from a school with a unit",
    },
    "remit_item": lambda ids: {
        "group_id": ids["group"],
        "position": 3,
        "text": "Make recommendations to the Steering Group",
    },
    "seat": lambda ids: {
        "group_id": ids["group"],
        "position": 1,
        "title": "Head of Special School (Chair)",
        "is_chair": True,
        "is_vice_chair": False,
        "rule_applies": True,
    },
    "person": lambda ids: {
        "full_name": "Zoë Ñúñez-O’Brien",
        "job_title": "Head Teacher",
        "organisation": "Oakfield School",
        "email": "zoe@oakfield.kent.sch.uk",
        "phone": "+44 (0)1622 694000",
        "notes": NOTE,
    },
    "appointment": lambda ids: {
        "seat_id": ids["seat"],
        "person_id": ids["person"],
        "start_date": dt.date(2010, 9, 1),
        "end_date": None,
        "substitute_for_id": None,
        "meets_seat_rule": True,
    },
    "meeting": lambda ids: {
        "group_id": ids["group"],
        "number": 1,
        "date": dt.date(2010, 9, 28),
        "start_time": dt.time(14, 0),
        "end_time": dt.time(16, 30),
        "venue": "Sessions House, Maidstone",
        "status": "held",
    },
    "attendance": lambda ids: {
        "meeting_id": ids["meeting"],
        "person_id": ids["person"],
        "status": "present",
        "substitute_for_id": None,
        "capacity": "",
    },
    "recommendation": lambda ids: {
        "reference": "BESD-R1",
        "group_id": ids["group"],
        "title": "Outreach from special schools",
        "text": "That each special school offers outreach to its district.",
        "rationale": NOTE,
        "tier": "outreach",
        "dimension": "BESD",
        "districts": json.dumps(["Ashford", "Swale"]),
        "financial": "Within existing budgets.",
        "legal": "",
        "equality": "Positive for pupils with BESD.",
        "data_protection": "",
        "reference_group_view": "Supported.",
        "key_decision": True,
        "decision_no": "10/01234",
    },
    "agenda_item": lambda ids: {
        "meeting_id": ids["meeting"],
        "position": 4,
        "kind": "recommendation",
        "title": "Outreach proposals",
        "presenter": "Head of Special School",
        "paper_ref": "BESD/2010/04",
        "exempt": True,
        "exempt_paragraph": 3,
        "exempt_reason": "Financial or business affairs of a particular person",
        "minute_number": 12,
        "recommendation_id": ids["recommendation"],
    },
    "minute_entry": lambda ids: {
        "agenda_item_id": ids["agenda_item"],
        "position": 0,
        "text": NOTE,
    },
    "resolution": lambda ids: {
        "agenda_item_id": ids["agenda_item"],
        "position": 1,
        "text": "the proposals be commended to the Steering Group.",
    },
    "declaration": lambda ids: {
        "meeting_id": ids["meeting"],
        "agenda_item_id": ids["agenda_item"],
        "person_id": ids["person"],
        "interest_type": "other_significant",
        "nature": "Governor of a school named in the paper",
        "left_room": True,
    },
    "action": lambda ids: {
        "reference": "BESD-A1",
        "group_id": ids["group"],
        "meeting_id": ids["meeting"],
        "agenda_item_id": ids["agenda_item"],
        "description": "Circulate the outreach map to heads",
        "owner_id": ids["person"],
        "owner_text": "",
        "due_date": dt.date(2010, 10, 15),
        "status": "in_progress",
        "brag": "amber",
        "brag_comment": "Waiting for two districts",
        "closed_meeting_id": None,
    },
    "action_update": lambda ids: {
        "action_id": ids["action"],
        "date": dt.date(2010, 10, 5),
        "text": "Map drafted",
        "meeting_id": None,
        "by_id": ids["person"],
    },
    "recommendation_remit": lambda ids: {
        "recommendation_id": ids["recommendation"],
        "remit_item_id": ids["remit_item"],
    },
    "signing_key": lambda ids: {
        "person_id": ids["person"],
        "public_key": "ab" * 32,
        "created_at": "2010-09-28T15:00:00Z",
        "revoked": False,
    },
    "recommendation_event": lambda ids: {
        "recommendation_id": ids["recommendation"],
        "transition": "approved_by_chair",
        "body_id": ids["body"],
        "group_id": ids["group"],
        "meeting_id": ids["meeting"],
        "minute_number": "12(a)",
        "by_id": ids["person"],
        "at": "2010-09-28T15:04:05Z",
        "note": "",
        "content_hash": "0" * 64,
        "signature": "ed25519:" + "f" * 128,
        "signer_key_id": ids["signing_key"],
        "signer_laptop": "0f0e0d0c-0b0a-4908-8706-050403020100",  # a laptop id, not a row
        "after_id": "an-event-not-delivered-yet",  # not a foreign key
    },
    "milestone": lambda ids: {
        "position": 7,
        "period": "November 2010 – March 2011",
        "period_start": dt.date(2010, 11, 1),
        "period_end": dt.date(2011, 3, 31),
        "action": "Prepare proposals, including detailed funding proposals",
        "owner_group_id": ids["group"],
        "status": "on_track",
    },
    "milestone_link": lambda ids: {
        "milestone_id": ids["milestone"],
        "target_kind": "recommendation",
        "target_id": ids["recommendation"],
    },
    "paper": lambda ids: {
        "kind": "minutes",
        "reference": "BESD/2010/M1",
        "title": "Minutes of the BESD Working Group, 28 September 2010",
        "version": 2,
        "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "confidential": False,
        "created_at": "2010-09-29T09:00:00Z",
        "created_by": "Group secretary",
    },
    # Provision maps and criteria for access (issue 15, migration 0008).
    "provision_entry": lambda ids: {
        "group_id": ids["group"],
        "name": "Marram Bay School outreach",
        "tier": "outreach",
        "need_types": json.dumps(["BESD", "SLCN"]),
        "age_from": 5,
        "age_to": 19,
        "district": "Thanet",
        "setting": "Special school outreach",
        "places": None,
        "funding": "Designated Schools Grant (central)",
        "notes": NOTE,
    },
    "provision_gap": lambda ids: {
        "group_id": ids["group"],
        "district": "Dover",
        "tier": "specialist_in_mainstream",
        "evidence": "Eleven pupils travel to Thanet — an hour each way.",
        "recommendation_id": ids["recommendation"],
    },
    "criteria_version": lambda ids: {
        "group_id": ids["group"],
        "number": 2,
        "agreed_on": dt.date(2011, 10, 11),
        "note": NOTE,
    },
    "access_criterion": lambda ids: {
        "version_id": ids["criteria_version"],
        "position": 1,
        "tier": None,
        "text": "Two terms of enhanced provision, reviewed with the parents.",
    },
    "recommendation_criterion": lambda ids: {
        "recommendation_id": ids["recommendation"],
        "criterion_id": ids["access_criterion"],
    },
    # Policy documents (issue 15, migration 0009).
    "policy_document": lambda ids: {
        "group_id": ids["group"],
        "title": "Behaviour, Emotional and Social Development — policy",
    },
    "policy_version": lambda ids: {
        "policy_id": ids["policy_document"],
        "number": 2,
        "started_at": "2010-11-02T09:30:00.000000+00:00",
        "purpose": NOTE,
        "principles": "Early help — in the pupil’s own school.",
        "continuum": "Universal, enhanced, specialist.",
        "criteria": "Two terms of enhanced provision.",
        "roles": "The SENCo leads; the family is told first.",
        "monitoring": "Reviewed each July.",
    },
    "policy_comment": lambda ids: {
        "version_id": ids["policy_version"],
        "section": "principles",
        "author_id": ids["person"],
        "text": NOTE,
        "at": "2010-11-03T10:00:00.000000+00:00",
    },
    "policy_event": lambda ids: {
        "version_id": ids["policy_version"],
        "step": "endorsed",
        "group_id": ids["group"],
        "body_id": None,
        "meeting_id": ids["meeting"],
        "minute_number": "12b",
        "by_id": ids["person"],
        "at": "2010-11-16T18:05:00.000000+00:00",
        "note": NOTE,
        "content_hash": "b" * 64,
        "signature": "cd" * 64,
        "signer_laptop": "0f0f0f0f-0000-4000-8000-000000000001",
        "after_id": None,
    },
    # Consultations (issue 15, migration 0010).
    "consultation": lambda ids: {
        "group_id": ids["group"],
        "reference": "C2",
        "title": "Partners and stakeholders — SEN strategy proposals",
        "purpose": NOTE,
        "audiences": json.dumps(["schools", "parents_carers", "health"]),
        "opens_on": dt.date(2010, 11, 15),
        "closes_on": dt.date(2011, 3, 18),
    },
    "consultation_document": lambda ids: {
        "consultation_id": ids["consultation"],
        "position": 2,
        "kind": "policy_version",
        "target_id": ids["policy_version"],
        "label": "BESD policy — version 2 (Zoë’s draft)",
    },
    "consultation_event": lambda ids: {
        "consultation_id": ids["consultation"],
        "date": dt.date(2010, 12, 1),
        "venue": "Oakwood House, Maidstone",
        "district": "Maidstone",
        "attendance": None,
    },
    "consultation_theme": lambda ids: {
        "consultation_id": ids["consultation"],
        "position": 1,
        "name": "Transport to specialist places",
        "we_did": NOTE,
        "change_kind": "policy_section",
        "change_target_id": ids["policy_version"],
        "change_section": "roles",
        "change_label": "BESD policy v2 — Roles and responsibilities",
    },
    "consultation_response": lambda ids: {
        "consultation_id": ids["consultation"],
        "number": 17,
        "respondent_type": "parents_carers",
        "district": "Maidstone",
        "organisation": "",
        "contact_name": "Zoë Ñúñez-O’Brien",
        "contact_email": "zoe@example.org",
        "contact_phone": "+44 (0)1622 694000",
        "text": NOTE,
        "themes": json.dumps([ids["consultation_theme"]]),
        "document_id": ids["consultation_document"],
    },
}

MODEL = {m.__tablename__: m for m in SYNCED_MODELS}


def test_every_synced_entity_and_column_has_values() -> None:
    assert set(VALUES) == set(MODEL)
    ids = {name: f"id-{name}" for name in VALUES}
    for name, make in VALUES.items():
        columns = {c.key for c in inspect(MODEL[name]).column_attrs} - {"id", "deleted"}
        assert set(make(ids)) == columns, name


@pytest.fixture
def sf(empty_store: Store) -> Iterator[sessionmaker[Session]]:
    yield empty_store.session_factory
    report = check_integrity(empty_store.db)
    assert report.ok, report.summary


def _create_all_before(sf: sessionmaker[Session], target: str) -> tuple[Ids, dict[str, Any]]:
    """Write every entity up to and including ``target``; returns ids and its values."""
    ids: Ids = {}
    values: dict[str, Any] = {}
    with sf.begin() as s:
        for name, make in VALUES.items():
            values = make(ids)
            row: Synced = MODEL[name](**values)
            s.add(row)
            s.flush()
            ids[name] = row.id
            if name == target:
                break
    return ids, values


@pytest.mark.parametrize("entity", list(VALUES))
def test_round_trip(sf: sessionmaker[Session], entity: str) -> None:
    model = MODEL[entity]
    ids, values = _create_all_before(sf, entity)
    row_id = ids[entity]

    with sf() as s:
        row = s.get(model, row_id)
        assert row is not None
        read = {key: getattr(row, key) for key in values}
        assert row.deleted is False
    assert read == values
    for key, value in values.items():
        # Equal is not enough: a date must come back a date, a flag a bool.
        assert type(read[key]) is type(value), key

    with sf() as s:
        fields = {op.field for op in history(s, entity, row_id)}
    columns = {c.name for c in model.__table__.columns} - {"id"}
    assert fields == columns

    with sf.begin() as s:
        row = s.get(model, row_id)
        assert row is not None
        row.deleted = True
    with sf() as s:
        row = s.get(model, row_id)
        assert row is not None and row.deleted is True
        tombstone = [op for op in history(s, entity, row_id) if op.field == "deleted"]
    assert [op.value for op in tombstone] == [False, True]
    assert tombstone[1].prev == (tombstone[0].op_id,)
