"""Signed batches: the digest, the wire form, sealing, legacy sealing, export and storing."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
from typing import TYPE_CHECKING, Any

import pytest
from authorship_helpers import Member, World, add_person
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from sen_desktop.core.recommendations.signing import canonical_json
from sen_desktop.core.store.oplog import GENESIS_SITE
from sen_desktop.sync.batches import (
    MAX_BATCH,
    ZERO_DIGEST,
    BatchError,
    WireBatch,
    batch_body,
    batches_covering,
    held_batches,
    op_digest,
    store_batches,
)
from sen_desktop.sync.certificates import sign_item
from sen_desktop.sync.fence import high_water
from sen_desktop.sync.identity import derive_site
from sen_desktop.sync.operations import OpRow, ops_since
from sen_desktop.sync.sealing import seal_legacy, seal_pending

if TYPE_CHECKING:
    from pathlib import Path

HLC = "1790000000000.00000"


def insert_ops(laptop: Member, site: str, counters: list[int]) -> None:
    """Operations straight into the log (sealing looks at nothing else)."""
    with laptop.factory.begin() as session:
        session.execute(
            text(
                "INSERT INTO operation (op_id, site_id, counter, entity, row_id, field, value, "
                "hlc, prev) VALUES (:op_id, :site, :counter, 'person', :row, 'full_name', "
                ":value, :hlc, '[]')"
            ),
            [
                {
                    "op_id": f"{site}:{c}",
                    "site": site,
                    "counter": c,
                    "row": f"row-{c}",
                    "value": json.dumps(f"Person {c}"),
                    "hlc": HLC,
                }
                for c in counters
            ],
        )


def own_batches(laptop: Member) -> list[WireBatch]:
    with laptop.factory() as session:
        return held_batches(session, laptop.site_id)


def signed(laptop: Member, **changes: Any) -> dict[str, Any]:
    """A batch item signed by ``laptop`` with ``changes`` to a valid body."""
    body = batch_body(
        programme=laptop.world.programme,
        signer=laptop.identity.laptop_id,
        site=laptop.site_id,
        nonce=0,
        first=1,
        last=2,
        prev="",
        legacy=False,
        digests=bytes(64),
        sealed="2026-11-02T10:00:00Z",
    )
    body.update(changes)
    return sign_item(body, laptop.identity.sign)


# --- op_digest -----------------------------------------------------------------------------


def _reference_digest(op: OpRow) -> bytes:
    fields = [op.op_id, op.site_id, op.counter, op.entity, op.row_id, op.field, op.value, op.hlc]
    return hashlib.sha256(canonical_json([*fields, list(op.prev)])).digest()


_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)


@settings(max_examples=300, deadline=None)
@given(
    texts=st.lists(_TEXT, min_size=8, max_size=8),
    counter=st.integers(min_value=0, max_value=2**70),
    prev=st.lists(_TEXT, max_size=3),
)
def test_op_digest_is_sha256_of_the_canonical_json(
    texts: list[str], counter: int, prev: list[str]
) -> None:
    op = OpRow(*texts[:2], counter, *texts[2:7], tuple(prev))  # type: ignore[arg-type]
    assert op_digest(op) == _reference_digest(op)


def test_op_digest_of_control_characters_and_big_counters_matches() -> None:
    weird = '\x00\x1f\x7f\u2028\u2029"\\/é\U0001f600'
    op = OpRow(weird, "s", 2**64 + 5, "e", "r", "f", json.dumps(weird), HLC, (weird, "x"))
    assert op_digest(op) == _reference_digest(op)


def test_op_digest_refuses_text_that_is_not_unicode() -> None:
    op = OpRow("a:1", "a", 1, "person", "r", "full_name", '"\ud800"', HLC, ())
    with pytest.raises(BatchError, match="not valid Unicode"):
        op_digest(op)


def test_op_digest_depends_on_every_field() -> None:
    op = OpRow("a:1", "a", 1, "person", "r", "full_name", '"Ann"', HLC, ("b:1",))
    digests = {op_digest(op)}
    for name, value in [
        ("op_id", "a:2"),
        ("site_id", "b"),
        ("counter", 2),
        ("entity", "seat"),
        ("row_id", "q"),
        ("field", "email"),
        ("value", '"Anne"'),
        ("hlc", "1790000000000.00001"),
        ("prev", ()),
    ]:
        digests.add(
            op_digest(
                OpRow(
                    **{
                        **op.to_dict(),
                        name: value,
                        "prev": (tuple(value) if name == "prev" else op.prev),
                    }
                )
            )
        )  # type: ignore[arg-type]
    assert len(digests) == 10


# --- the wire form ---------------------------------------------------------------------------


def test_a_signed_item_reads_back(besd: Member) -> None:
    item = signed(besd)
    batch = WireBatch.from_item(item)
    assert (batch.signer, batch.site, batch.first, batch.last) == (
        besd.identity.laptop_id,
        besd.site_id,
        1,
        2,
    )
    assert batch.digest_of(2) == bytes(32)
    assert batch.batch_id == hashlib.sha256(canonical_json(item["body"])).hexdigest()
    with pytest.raises(ValueError):
        batch.digest_of(3)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"kind": "laptop-certificate"}, "another kind"),
        ({"v": 2}, "another kind"),
        ({"v": True}, "another kind"),
        ({"signer": "é" * 10}, "id is malformed"),
        ({"site": "x" * 37}, "id is malformed"),
        ({"site": ""}, "id is malformed"),
        ({"programme": 7}, "id is malformed"),
        ({"nonce": -1}, "site number"),
        ({"nonce": 2**53}, "site number"),
        ({"nonce": "0"}, "site number"),
        ({"first": 0}, "out of range"),
        ({"first": 3}, "out of range"),
        ({"first": True, "last": True}, "whole numbers"),
        ({"first": 1.0}, "whole numbers"),
        ({"first": 2**63 - 2, "last": 2**63 - 1}, "out of range"),
        ({"first": 2**53 - 1, "last": 2**53}, "out of range"),
        ({"prev": "abc"}, "previous batch"),
        ({"legacy": 0}, "legacy flag"),
        ({"legacy": True}, "legacy flag"),  # a legacy batch has no nonce
        ({"sealed": "yesterday"}, "date"),
        ({"sealed": "2026-13-45T10:00:00Z"}, "date"),
        ({"sealed": "2026-11-02T10:00:00"}, "date"),
        ({"hashes": base64.b64encode(bytes(32)).decode()}, "digests"),
        ({"hashes": base64.b64encode(bytes(64)).decode().replace("=", "A")}, "digests"),
        ({"hashes": "é" * 88}, "digests"),
    ],
)
def test_a_malformed_body_is_refused_in_one_sentence(
    besd: Member, changes: dict[str, Any], words: str
) -> None:
    with pytest.raises(BatchError, match=words) as caught:
        WireBatch.from_item(signed(besd, **changes))
    assert str(caught.value).count(".") == 1 and str(caught.value).endswith(".")


def test_more_than_ten_thousand_counters_are_refused(besd: Member) -> None:
    item = signed(
        besd,
        first=1,
        last=MAX_BATCH + 1,
        hashes=base64.b64encode(bytes(32 * (MAX_BATCH + 1))).decode(),
    )
    with pytest.raises(BatchError, match="more than 10,000"):
        WireBatch.from_item(item)
    exactly = signed(
        besd, first=5, last=MAX_BATCH + 4, hashes=base64.b64encode(bytes(32 * MAX_BATCH)).decode()
    )
    assert WireBatch.from_item(exactly).last == MAX_BATCH + 4


@pytest.mark.parametrize(
    "mangle",
    [
        lambda item: item.pop("signature"),
        lambda item: item.update(extra=1),
        lambda item: item.update(signature="AB" * 64),
        lambda item: item.update(signature="ab" * 63),
        lambda item: item["body"].pop("sealed"),
        lambda item: item["body"].update(more="x"),
        lambda item: item.update(body=[1]),
    ],
)
def test_a_malformed_item_is_refused(besd: Member, mangle: Any) -> None:
    item = copy.deepcopy(signed(besd))
    mangle(item)
    with pytest.raises(BatchError, match="cannot read"):
        WireBatch.from_item(item)


def test_something_that_is_not_an_item_is_refused() -> None:
    for thing in (None, [], "batch", {"body": {}}):
        with pytest.raises(BatchError, match="cannot read"):
            WireBatch.from_item(thing)


# --- sealing ---------------------------------------------------------------------------------


def test_sealing_signs_every_own_operation_in_chained_batches(besd: Member) -> None:
    insert_ops(besd, besd.site_id, list(range(1, 2 * MAX_BATCH + 6)))
    assert besd.seal() == 3
    batches = own_batches(besd)
    assert [(b.first, b.last) for b in batches] == [
        (1, MAX_BATCH),
        (MAX_BATCH + 1, 2 * MAX_BATCH),
        (2 * MAX_BATCH + 1, 2 * MAX_BATCH + 5),
    ]
    assert [b.prev for b in batches] == ["", batches[0].batch_id, batches[1].batch_id]
    assert all(
        b.nonce == 0 and not b.legacy and b.signer == besd.identity.laptop_id for b in batches
    )
    with besd.factory() as session:
        ops = {op.counter: op for op in ops_since(session, {}) if op.site_id == besd.site_id}
    assert batches[1].digest_of(MAX_BATCH + 7) == op_digest(ops[MAX_BATCH + 7])
    assert batches[2].digest_of(2 * MAX_BATCH + 5) == op_digest(ops[2 * MAX_BATCH + 5])
    # The restore fence knows the highest sealed counter.
    assert high_water(besd.folder, besd.identity.laptop_id, besd.secrets) == {
        besd.site_id: 2 * MAX_BATCH + 5
    }
    assert json.loads((besd.folder / "site-high-water.json").read_text()) == {
        besd.site_id: 2 * MAX_BATCH + 5
    }


def test_sealing_again_seals_only_what_is_new(besd: Member) -> None:
    add_person(besd, "Ann Example")
    first = besd.seal()
    assert first == 1 and besd.seal() == 0
    add_person(besd, "Bob Example")
    assert besd.seal() == 1
    batches = own_batches(besd)
    assert batches[1].prev == batches[0].batch_id
    assert batches[1].first == batches[0].last + 1


def test_sealing_leaves_the_genesis_and_other_laptops_sites_alone(
    besd: Member, lead: Member
) -> None:
    insert_ops(besd, lead.site_id, [1, 2])
    add_person(besd, "Ann Example")
    besd.seal()
    with besd.factory() as session:
        sealed_sites = {
            site for (site,) in session.execute(text("SELECT DISTINCT site_id FROM op_batch"))
        }
    assert sealed_sites == {besd.site_id}
    assert GENESIS_SITE not in sealed_sites


def test_old_sites_of_the_certificate_and_earlier_nonces_are_sealed(
    world: World, tmp_path: Path
) -> None:
    old = "11111111-2222-3333-4444-555555555555"
    laptop = Member(world, 3, "CL secretary", tmp_path / "cl", write=["CL"], old_sites=[old])
    try:
        insert_ops(laptop, old, [1, 2, 3])
        add_person(laptop, "Ann Example")
        earlier = laptop.site_id
        laptop.nonce = 1  # a restored copy moved on
        laptop.move_to(derive_site(laptop.identity.sign_public_hex, 1))
        add_person(laptop, "Bob Example")
        assert laptop.seal() == 3
        with laptop.factory() as session:
            by_site = {site: held_batches(session, site) for site in (old, earlier, laptop.site_id)}
        assert by_site[old][0].nonce is None and by_site[old][0].last == 3
        assert by_site[earlier][0].nonce == 0
        assert by_site[laptop.site_id][0].nonce == 1
    finally:
        laptop.close()


def test_a_gap_in_own_operations_starts_a_new_batch(besd: Member) -> None:
    insert_ops(besd, besd.site_id, [1, 2, 3, 7, 8])
    assert besd.seal() == 2
    assert [(b.first, b.last) for b in own_batches(besd)] == [(1, 3), (7, 8)]


def test_a_laptop_without_certificate_cannot_seal(besd: Member) -> None:
    add_person(besd, "Ann Example")
    registry = besd.world.registry(besd, without=[besd.identity.laptop_id])
    with besd.factory.begin() as session, pytest.raises(BatchError, match="no certificate"):
        seal_pending(session, besd.identity, registry, data_dir=besd.folder, secrets=besd.secrets)


def test_keys_that_do_not_match_the_certificate_cannot_seal(besd: Member, lead: Member) -> None:
    add_person(besd, "Ann Example")
    registry = besd.registry()
    with besd.factory.begin() as session, pytest.raises(BatchError, match="do not match"):
        seal_pending(
            session,
            lead.identity.__class__(
                besd.identity.laptop_id, lead.identity.sign_private, lead.identity.age_secret
            ),
            registry,
            data_dir=besd.folder,
            secrets=besd.secrets,
        )


# --- legacy ------------------------------------------------------------------------------------


def test_the_root_vouches_for_other_sites_with_zero_digests_in_gaps(lead: Member) -> None:
    foreign = "aaaaaaaa-0000-0000-0000-000000000001"
    counters = [1, 2, 4, MAX_BATCH + 10, MAX_BATCH + 12]
    insert_ops(lead, foreign, counters)
    add_person(lead, "Own change")
    with lead.factory.begin() as session:
        made = seal_legacy(session, lead.identity, lead.registry())
        batches = held_batches(session, foreign)
        own = held_batches(session, lead.site_id)
        ops = {op.counter: op for op in ops_since(session, {}) if op.site_id == foreign}
    assert made == 2 and own == []
    assert [(b.first, b.last, b.legacy, b.nonce) for b in batches] == [
        (1, 4, True, None),
        (MAX_BATCH + 10, MAX_BATCH + 12, True, None),
    ]
    assert batches[0].digest_of(3) == ZERO_DIGEST
    assert batches[0].digest_of(4) == op_digest(ops[4])
    assert batches[1].prev == batches[0].batch_id
    with lead.factory.begin() as session:
        assert seal_legacy(session, lead.identity, lead.registry()) == 0
    insert_ops(lead, foreign, [3])
    with lead.factory.begin() as session:
        assert seal_legacy(session, lead.identity, lead.registry()) == 1
        assert held_batches(session, foreign)[1].first == 3


def test_only_the_root_seals_legacy_batches(besd: Member) -> None:
    insert_ops(besd, "aaaaaaaa-0000-0000-0000-000000000001", [1])
    with besd.factory.begin() as session, pytest.raises(BatchError, match="programme lead"):
        seal_legacy(session, besd.identity, besd.registry())


# --- export and import -----------------------------------------------------------------------


def test_batches_covering_lists_each_batch_once_in_order(besd: Member) -> None:
    insert_ops(besd, besd.site_id, list(range(1, MAX_BATCH + 3)))
    besd.seal()
    with besd.factory() as session:
        ops = [op for op in ops_since(session, {})]
        items = batches_covering(session, reversed(ops))
    assert [item["body"]["first"] for item in items] == [1, MAX_BATCH + 1]
    assert [WireBatch.from_item(item) for item in items] == own_batches(besd)


def test_an_unsealed_operation_cannot_be_exported(besd: Member) -> None:
    add_person(besd, "Ann Example")
    with besd.factory() as session:
        ops = ops_since(session, {})
        with pytest.raises(BatchError, match="never signed"):
            batches_covering(session, ops)


def test_a_legacy_batch_is_used_only_where_it_lists_the_digest(lead: Member) -> None:
    foreign = "aaaaaaaa-0000-0000-0000-000000000001"
    insert_ops(lead, foreign, [1, 3])
    with lead.factory.begin() as session:
        seal_legacy(session, lead.identity, lead.registry())
    insert_ops(lead, foreign, [2])  # came later: the legacy batch has zeros for it
    with lead.factory() as session:
        ops = {op.counter: op for op in ops_since(session, {}) if op.site_id == foreign}
        assert len(batches_covering(session, [ops[1], ops[3]])) == 1
        with pytest.raises(BatchError, match="never signed"):
            batches_covering(session, [ops[2]])


def test_store_batches_keeps_new_ones_and_ignores_held_ones(besd: Member, lead: Member) -> None:
    add_person(besd, "Ann Example")
    items, _ops = besd.send()
    batches = [WireBatch.from_item(item) for item in items]
    with lead.factory.begin() as session:
        assert store_batches(session, batches) == 1
        assert store_batches(session, batches) == 0
        assert held_batches(session, besd.site_id) == batches


def test_sealing_and_covering_a_large_log_is_quick(besd: Member) -> None:
    import time

    insert_ops(besd, besd.site_id, list(range(1, 30_001)))
    started = time.process_time()
    besd.seal()
    sealed = time.process_time() - started
    with besd.factory() as session:
        ops = ops_since(session, {})
        started = time.process_time()
        items = batches_covering(session, ops)
        covered = time.process_time() - started
    assert len(items) == 3
    assert sealed < 1.5 and covered < 1.0, (sealed, covered)


def test_unsigned_operations_can_be_set_aside_instead(besd: Member) -> None:
    foreign = "aaaaaaaa-0000-0000-0000-000000000001"
    insert_ops(besd, foreign, [1, 2])  # held from before laptops were certified
    add_person(besd, "Ann Example")
    besd.seal()
    with besd.factory() as session:
        ops = ops_since(session, {})
        left_out: list[OpRow] = []
        items = batches_covering(session, ops, missing=left_out)
    assert [op.op_id for op in left_out] == [f"{foreign}:1", f"{foreign}:2"]
    assert [item["body"]["site"] for item in items] == [besd.site_id]
