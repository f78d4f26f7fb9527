"""Checking operations against their signed batches and their authors (write scope:
test_write_scope.py).

Each hostile case is a laptop holding a valid certificate (here the Parent/Carer
Reference Group's, or a working group's) that knows everything except other laptops'
private keys. Every refusal is one sentence, and the recipient's tables are unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import TYPE_CHECKING, Any

import pytest
from authorship_helpers import (
    Member,
    World,
    add_minute,
    add_person,
    forge,
    group_name,
    group_of,
    person_ops,
    refused,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from merge_helpers import EPOCH

from sen_desktop.core.recommendations.signing import canonical_json
from sen_desktop.core.store import models as m
from sen_desktop.core.store.oplog import GENESIS_SITE
from sen_desktop.sync import authority
from sen_desktop.sync.authority import OWN_SITE_CLAIM, Checker
from sen_desktop.sync.batches import (
    BatchError,
    held_batches,
)
from sen_desktop.sync.identity import derive_site
from sen_desktop.sync.operations import ops_since
from sen_desktop.sync.row_groups import WRITE_PATH
from sen_desktop.sync.scope import PROGRAMME_WIDE, SCOPED
from sen_desktop.sync.sealing import seal_legacy

if TYPE_CHECKING:
    from pathlib import Path


# --- what passes -----------------------------------------------------------------------------


def test_changes_within_scope_pass_and_are_attributed(besd: Member, lead: Member) -> None:
    add_minute(besd, "BESD", "Agreed the outreach map.")
    items, ops = besd.send()
    checker = lead.receive_signed(items, ops, chunk=7)  # streamed in small chunks
    assert {checker.author_of(op) for op in ops} == {besd.identity.laptop_id}
    assert lead.one(m.MinuteEntry).text == "Agreed the outreach map."
    with lead.factory() as session:
        held = [b.batch_id for b in held_batches(session, besd.site_id)]
    assert held == [b.batch_id for b in checker.batches()] and len(held) == len(items) == 1
    lead.receive_signed(items, ops)  # the same bundle again: everything held already


def test_the_root_relays_another_laptops_changes_with_their_batches(
    besd: Member, lead: Member, sg: Member
) -> None:
    add_minute(besd, "BESD")
    lead.receive_signed(*besd.send())
    items, ops = lead.send()  # lead made nothing: it carries besd's batch
    assert {item["body"]["signer"] for item in items} == {besd.identity.laptop_id}
    checker = sg.receive_signed(items, ops)
    assert {checker.author_of(op) for op in ops} == {besd.identity.laptop_id}


# --- batches that do not hold ----------------------------------------------------------------


def test_a_batch_for_another_laptops_site_is_refused(
    besd: Member, pcrg: Member, lead: Member
) -> None:
    ops = person_ops(besd.site_id, [1])
    for nonce in (0, None):
        message = refused(lead, [forge(pcrg, ops, nonce=nonce)], ops)
        assert message == (
            "This bundle was refused: the Parent/Carer Reference Group laptop “PCRG secretary” "
            "signed changes as if they were made on another laptop."
        )


def test_a_batch_not_signed_by_its_signer_is_refused(
    besd: Member, pcrg: Member, lead: Member
) -> None:
    ops = person_ops(besd.site_id, [1])
    item = forge(pcrg, ops, claimed_signer=besd.identity.laptop_id)
    assert "does not carry that laptop's signature" in refused(lead, [item], ops)


def test_an_altered_operation_is_refused(besd: Member, lead: Member) -> None:
    add_person(besd, "Ann Example")
    items, ops = besd.send()
    ops[1] = ops[1]._replace(value='"Mallory"')
    name = group_name(lead, "BESD")
    assert refused(lead, items, ops) == (
        f"This bundle was refused: a change in it differs from what the {name} laptop "
        "“BESD secretary” signed, so it was altered on the way."
    )


def test_an_operation_without_a_batch_is_refused(besd: Member, lead: Member) -> None:
    add_person(besd, "Ann Example")
    _items, ops = besd.send()
    assert refused(lead, [], ops) == (
        "This bundle was refused: a change in it carries no signature of the laptop that made it."
    )


def test_an_unknown_signer_is_refused(besd: Member, lead: Member) -> None:
    add_person(besd, "Ann Example")
    items, ops = besd.send()
    message = refused(lead, items, ops, without=[besd.identity.laptop_id])
    assert message == (
        "This bundle was refused: it holds changes signed by a laptop this programme does not know."
    )


def test_a_batch_of_another_programme_is_refused(besd: Member, lead: Member) -> None:
    ops = person_ops(besd.site_id, [1])
    item = forge(besd, ops, programme="0b0b0b0b-0000-4000-8000-000000000000")
    assert "belongs to another programme" in refused(lead, [item], ops)


def test_a_revoked_laptops_changes_count_only_before_its_revocation(
    world: World, tmp_path: Path, lead: Member
) -> None:
    laptop = Member(world, 5, "CL secretary", tmp_path / "cl", write=["CL"])
    try:
        add_person(laptop, "Made before")
        before_items, before_ops = laptop.send()
        cut = dt.datetime.fromtimestamp((EPOCH + 60_000) / 1000, tz=dt.UTC)
        world.revoke(laptop.identity.laptop_id, cut.strftime("%Y-%m-%dT%H:%M:%SZ"))
        laptop.tick(120_000)
        add_person(laptop, "Made after")
        items, ops = laptop.send()
        message = refused(lead, items, ops)
        assert message == (
            f"This bundle was refused: the {group_name(lead, 'CL')} laptop “CL secretary” was "
            "revoked, but the bundle holds changes that laptop made after its revocation."
        )
        lead.receive_signed(before_items, before_ops)
        assert lead.one(m.Person).full_name == "Made before"
    finally:
        laptop.close()


def test_a_change_claiming_the_recipients_site_is_refused(pcrg: Member, lead: Member) -> None:
    ops = person_ops(lead.site_id, [1])
    assert refused(lead, [forge(pcrg, ops, nonce=None)], ops) == OWN_SITE_CLAIM
    # Even signed with the recipient's own key: a counter it never used.
    ops = person_ops(lead.site_id, [2**40])
    assert refused(lead, [forge(lead, ops)], ops) == OWN_SITE_CLAIM


def test_a_laptops_own_changes_may_come_back_to_it(besd: Member, lead: Member) -> None:
    add_person(lead, "Ann Example")
    besd.receive_signed(*lead.send())
    add_person(besd, "Bob Example")
    items, ops = besd.send()  # everything: lead's own changes too
    assert any(op.site_id == lead.site_id for op in ops)
    lead.receive_signed(items, ops)


def test_a_genesis_operation_must_be_held_identically(
    besd: Member, lead: Member, pcrg: Member
) -> None:
    with lead.factory() as session:
        genesis = [op for op in ops_since(session, {}) if op.site_id == GENESIS_SITE][:3]
    lead.receive_signed([], genesis)  # held identically: nothing to check
    changed = [genesis[0]._replace(value='"Hostile"')]
    assert refused(lead, [], changed) == (
        "This bundle was refused: it changes the programme as first set up, which no laptop "
        "may change."
    )
    fresh = person_ops(GENESIS_SITE, [10**9])
    assert "as first set up" in refused(lead, [], fresh)
    assert "as first set up" in refused(lead, [forge(pcrg, fresh, nonce=None)], fresh)


@pytest.mark.parametrize("counter", [2**63 - 1, 2**53, 0, -5])
def test_counters_out_of_range_are_refused(pcrg: Member, lead: Member, counter: int) -> None:
    ops = person_ops(pcrg.site_id, [counter])
    assert refused(lead, [], ops) == (
        "This bundle was refused: a change in it has a counter beyond what this program accepts."
    )


def test_a_batch_with_a_huge_counter_is_refused(pcrg: Member, lead: Member) -> None:
    ops = person_ops(pcrg.site_id, [2**63 - 1])
    with pytest.raises(BatchError, match="counters are out of range"):
        lead.receive_signed([forge(pcrg, ops)], ops)


def test_batches_listing_too_many_changes_are_refused(
    pcrg: Member, lead: Member, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Digests of changes a bundle does not carry compress to nothing: the batches of one
    bundle may list only so many, or a small crafted file would fill memory."""
    monkeypatch.setattr(authority, "MAX_COVERED", 15_000)
    first = person_ops(pcrg.site_id, [1, 10_000])
    second = person_ops(pcrg.site_id, [10_001, 20_000])
    with pytest.raises(BatchError, match="batches list more than 15,000 changes"):
        lead.receive_signed([forge(pcrg, first), forge(pcrg, second)], first + second)


# --- legacy ------------------------------------------------------------------------------------


def test_legacy_batches_by_the_root_vouch_for_old_changes(
    lead: Member, besd: Member, pcrg: Member
) -> None:
    old_site = "aaaaaaaa-0000-0000-0000-000000000001"
    old = person_ops(old_site, [1, 2, 4])
    with lead.factory.begin() as session:
        from sen_desktop.sync.merge import apply_ops

        apply_ops(session, old)
        seal_legacy(session, lead.identity, lead.registry())
    items, ops = lead.send()
    checker = besd.receive_signed(items, ops)
    assert {checker.author_of(op) for op in ops} == {lead.identity.laptop_id}
    # The root's zero digest vouches for nothing.
    missing = person_ops(old_site, [3])
    assert "carries no signature" in refused(besd, items, missing)
    # Nobody else may vouch.
    assert "only the programme lead's laptop may vouch" in refused(
        besd, [forge(pcrg, old, nonce=None, legacy=True)], old
    )


# --- any change to a batch is refused ----------------------------------------------------------


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_single_byte_change_of_a_batch_is_refused(
    data: st.DataObject, besd: Member, lead: Member
) -> None:
    if not hasattr(besd, "_sent"):
        add_person(besd, "Ann Example")
        besd._sent = besd.send()  # type: ignore[attr-defined]
    items, ops = besd._sent  # type: ignore[attr-defined]
    raw = bytearray(canonical_json(items[0]))
    position = data.draw(st.integers(0, len(raw) - 1))
    byte = data.draw(st.integers(0, 255).filter(lambda b: b != raw[position]))
    raw[position] = byte
    try:
        item = json.loads(raw.decode("utf-8"))
    except ValueError:
        return  # not even JSON: the bundle reader refuses it
    with lead.factory() as session:
        checker = Checker(
            session,
            lead.registry(),
            own_laptop_id=lead.identity.laptop_id,
            own_sites={lead.site_id},
        )
        with pytest.raises(BatchError):
            checker.add_batches([item])
            checker.note(ops)
            checker.check(ops)


# --- the mapping and speed ---------------------------------------------------------------------


def test_every_synced_entity_has_a_write_rule() -> None:
    special = {"group", "person", "paper"}
    assert set(m.ENTITY_BY_TABLE) == PROGRAMME_WIDE | SCOPED
    assert SCOPED - special == set(WRITE_PATH)
    for entity, (field, parent) in WRITE_PATH.items():
        column = m.ENTITY_BY_TABLE[entity].__table__.c[field]
        assert {key.column.table.name for key in column.foreign_keys} == {parent}
        assert not column.nullable


def test_checking_many_operations_is_quick(besd: Member, lead: Member) -> None:
    # 20,000 operations written straight into the log: minutes of one BESD agenda item.
    site, group = besd.site_id, group_of(besd, "BESD")
    rows: list[tuple[Any, ...]] = []

    def op(entity: str, row: str, field: str, value: Any) -> None:
        counter = len(rows) + 1
        stamp = f"{EPOCH:013d}.{counter:05d}"
        rows.append(
            (f"{site}:{counter}", site, counter, entity, row, field, json.dumps(value), stamp, "[]")
        )

    meeting, item = "0d0d0d0d-0000-4000-8000-000000000001", "0d0d0d0d-0000-4000-8000-000000000002"
    op("meeting", meeting, "group_id", group)
    op("agenda_item", item, "meeting_id", meeting)
    while len(rows) < 20_000:
        minute = f"0e0e0e0e-0000-4000-8000-{len(rows):012d}"
        op("minute_entry", minute, "agenda_item_id", item)
        op("minute_entry", minute, "text", "A minute of some length, as minutes are.")
    with besd.factory.begin() as session:
        session.connection().exec_driver_sql(
            "INSERT INTO operation (op_id, site_id, counter, entity, row_id, field, value, hlc, "
            "prev) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    items, ops = besd.send()
    assert len(ops) == len(rows)
    with lead.factory() as session:
        checker = lead.checker(session)
        started = time.process_time()
        checker.add_batches(items)
        for start in range(0, len(ops), 5000):
            checker.note(ops[start : start + 5000])
        for start in range(0, len(ops), 5000):
            checker.check(ops[start : start + 5000])
        took = time.process_time() - started
    assert took < 1.0, took  # about 0.1 s: 100,000 operations take about 0.4 s


def test_batches_sealed_under_an_earlier_certificate_still_verify(
    world: World, tmp_path: Path, lead: Member
) -> None:
    laptop = Member(world, 7, "ASD secretary", tmp_path / "asd", write=["ASD"])
    try:
        add_person(laptop, "Ann Example")
        items, ops = laptop.send()
        # Re-admitted with new keys: a newer certificate of the same laptop id.
        from sen_desktop.sync.identity import LaptopIdentity

        renewed = LaptopIdentity(laptop.identity.laptop_id, bytes([77]) * 32, "")
        renewed.age_secret = laptop.identity.age_secret
        world.certify(renewed, "ASD secretary", write=["ASD"])
        checker = lead.receive_signed(items, ops)
        assert {checker.author_of(op) for op in ops} == {laptop.identity.laptop_id}
    finally:
        laptop.close()


def test_own_changes_lost_to_a_restored_backup_may_come_back(
    world: World, tmp_path: Path, lead: Member
) -> None:
    laptop = Member(world, 8, "CL secretary", tmp_path / "cl", write=["CL"])
    first_site = laptop.site_id
    add_person(laptop, "Ann Example")
    lead.receive_signed(*laptop.send())
    laptop.close()
    # The same laptop, its database restored from before that change, fenced onto nonce 1.
    restored = Member(world, 8, "CL secretary", tmp_path / "cl2", write=["CL"])
    try:
        restored.nonce = 1
        restored.move_to(derive_site(restored.identity.sign_public_hex, 1))
        own = {first_site, restored.site_id}
        items, ops = lead.send()
        assert any(op.site_id == first_site for op in ops)
        restored.receive_signed(items, ops, own_sites=own)
        assert restored.one(m.Person).full_name == "Ann Example"
        # Nobody else may sign for the earlier site.
        forged = person_ops(first_site, [99])
        with pytest.raises(BatchError) as caught:
            restored.receive_signed([forge(lead, forged, nonce=None)], forged, own_sites=own)
        assert str(caught.value) == OWN_SITE_CLAIM
    finally:
        restored.close()


def test_the_roots_legacy_batches_may_vouch_for_a_laptops_old_site(
    world: World, tmp_path: Path, lead: Member
) -> None:
    old_site = "bbbbbbbb-0000-0000-0000-000000000002"
    laptop = Member(world, 9, "PD secretary", tmp_path / "pd", write=["PD"], old_sites=[old_site])
    try:
        old = person_ops(old_site, [1, 2])
        with lead.factory.begin() as session:
            from sen_desktop.sync.merge import apply_ops

            apply_ops(session, old)
            seal_legacy(session, lead.identity, lead.registry())
        items, ops = lead.send()
        laptop.receive_signed(items, ops, own_sites={laptop.site_id, old_site})
    finally:
        laptop.close()


def test_parents_later_in_the_bundle_are_known_from_the_first_pass(
    besd: Member, lead: Member
) -> None:
    add_minute(besd, "BESD")
    items, ops = besd.send()
    # Children before their parents, in chunks of three: the first pass saw them all.
    checker = lead.receive_signed(items, list(reversed(ops)), chunk=3)
    noted = sum(len(rows) for rows in checker._noted.values())  # noqa: SLF001
    assert noted == 3  # one foreign key per row (meeting, agenda item, minute), nothing else


def test_the_first_pass_keeps_nothing_of_plain_fields(besd: Member, lead: Member) -> None:
    for n in range(20):
        add_person(besd, f"Person {n}")
    items, ops = besd.send()
    with lead.factory() as session:
        checker = lead.checker(session)
        checker.add_batches(items)
        checker.note(ops)
        assert checker._noted == {}  # noqa: SLF001
        checker.check(ops)
