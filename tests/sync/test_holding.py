"""What an export holds back so that its recipient takes the rest (sync/holding.py).

The end-to-end cases (a re-joined laptop's bundle for a new laptop, for a reference-group
laptop) are in test_convergence_lifecycle.py; these pin the pieces: which operations count
as made before laptops were certified, which of those a recipient would refuse, and which
rows would wait there for a parent left out.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from authorship_helpers import Member, World, add_person
from sqlalchemy import select, text

from sen_desktop.core.store import models as m
from sen_desktop.core.store.oplog import GENESIS_SITE
from sen_desktop.sync.batches import WireBatch, batches_covering, store_batches
from sen_desktop.sync.holding import orphaned_rows, refused_by_recipient
from sen_desktop.sync.operations import OpRow, ops_since
from sen_desktop.sync.sealing import seal_legacy

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

OLD_SITE = "0b0b0b0b-0000-4000-8000-00000000000b"  # the BESD laptop's passphrase-era site


@pytest.fixture
def besd(world: World, tmp_path: Path) -> Iterator[Member]:
    """A laptop writing BESD only, that wrote under OLD_SITE before laptops were certified."""
    laptop = Member(
        world, 2, "BESD secretary", tmp_path / "besd", write=["BESD"], old_sites=[OLD_SITE]
    )
    yield laptop
    laptop.close()


def _key_row(laptop: Member, person: str) -> str:
    """A chair's signing key row, as the passphrase scheme's tick box made one."""
    with laptop.factory.begin() as session:
        key = m.SigningKey(
            person_id=person, public_key="ab" * 32, created_at="2010-05-05T10:00:00Z"
        )
        session.add(key)
        session.flush()
        return key.id


def _old_work(besd: Member) -> dict[str, str]:
    """Under its old site: a person of BESD and that person's key row; then, under the
    site of its key, a person of its own."""
    derived = besd.site_id
    besd.move_to(OLD_SITE)
    chair = add_person(besd, "Sam Steering", seat_of="BESD")
    key = _key_row(besd, chair)
    besd.move_to(derived)
    later = add_person(besd, "Pat Parent")
    return {"chair": chair, "key": key, "later": later}


def _ops(laptop: Member) -> list[OpRow]:
    with laptop.factory() as session:
        return [op for op in ops_since(session, {}) if op.site_id != GENESIS_SITE]


def test_changes_under_an_old_site_count_as_made_before_laptops_were_certified(
    besd: Member,
) -> None:
    rows = _old_work(besd)
    besd.seal()
    ops = _ops(besd)
    early: list[OpRow] = []
    with besd.factory() as session:
        batches_covering(session, ops, early=early)
    assert early and {op.site_id for op in early} == {OLD_SITE}
    assert {op.row_id for op in early} >= {rows["chair"], rows["key"]}
    assert rows["later"] not in {op.row_id for op in early}


def test_a_recipient_would_refuse_an_old_key_row_until_the_lead_vouches_for_it(
    besd: Member, lead: Member
) -> None:
    rows = _old_work(besd)
    besd.seal()
    ops = _ops(besd)
    with besd.factory() as session:
        early: list[OpRow] = []
        batches = batches_covering(session, ops, early=early)
        refused = refused_by_recipient(session, besd.registry(), batches, early, ops)
    # BESD may write its own group's people, not chairs' keys (the lead's alone).
    assert {op.row_id for op in ops if op.op_id in refused} == {rows["key"]}
    # The lead held it under the passphrase scheme and vouches for it when it starts.
    lead.receive([op for op in ops if op.site_id == OLD_SITE])
    with lead.factory.begin() as session:
        assert seal_legacy(session, lead.identity, lead.registry()) == 1
    with lead.factory() as session:
        items = [
            json.loads(item)
            for (item,) in session.execute(text("SELECT item FROM op_batch WHERE legacy = 1"))
        ]
    with besd.factory.begin() as session:
        store_batches(session, [WireBatch.from_item(item) for item in items])
    with besd.factory() as session:
        batches = batches_covering(session, ops)
        assert refused_by_recipient(session, besd.registry(), batches, early, ops) == set()


def test_rows_resting_on_a_row_left_out_are_held_back_for_a_reader_of_some_groups(
    besd: Member,
) -> None:
    person = add_person(besd, "Pat Parent", seat_of="BESD")
    ops = _ops(besd)
    with besd.factory() as session:
        appointment = session.scalars(
            select(m.Appointment.id).where(m.Appointment.person_id == person)
        ).one()
        people = [op for op in ops if op.entity == "person"]
        others = [op for op in ops if op.entity != "person"]
        # The person left out, never confirmed: the appointment would wait for them.
        assert orphaned_rows(session, others, people, {}) == {
            ("person", person),
            ("appointment", appointment),
        }
        # Confirmed (the recipient holds the person): nothing waits.
        confirmed = {besd.site_id: max(op.counter for op in people)}
        assert orphaned_rows(session, others, people, confirmed) == set()
        # Only a field a new row can do without left out: the person is made of the rest.
        title = [op for op in people if op.field == "job_title"]
        assert title
        kept = [op for op in ops if op not in title]
        assert orphaned_rows(session, kept, title, {}) == set()
