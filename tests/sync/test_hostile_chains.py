"""Hostile bundles against the per-site chain of batches (docs/TRUST.md "Chains"): forks,
broken links and rewritten history refused in one sentence with the recipient's database
byte-identical; a gap, a series in any order and one history sealed twice accepted."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from bundle_helpers import Sender, forge, person_ops, signed_batch
from hostile_helpers import accepted, refused
from trust_helpers import Laptop, Programme, programme

from sen_desktop.sync.batches import BatchError, batch_id_of
from sen_desktop.sync.identity import derive_site

if TYPE_CHECKING:
    from pathlib import Path

    from sen_desktop.sync.operations import OpRow

# --- the per-site chain of batches (docs/TRUST.md "Chains") ------------------------------------

NOT_FOLLOWING = "changes do not follow on from the ones this laptop already has"


@pytest.fixture
def prog(tmp_path: Path) -> Programme:
    return programme(tmp_path)


def _rows(n: int) -> str:
    return f"{n:08d}-2222-2222-2222-222222222222"


def _links(attacker: Sender, count: int) -> list[tuple[list[OpRow], dict[str, Any]]]:
    """``count`` consecutive batches of the attacker's site, each a new person of seven
    operations, each naming the one before it: as sealing makes them."""
    out: list[tuple[list[OpRow], dict[str, Any]]] = []
    prev = ""
    for n in range(count):
        ops = person_ops(attacker.site, row_id=_rows(n), name=f"Person {n}", first=7 * n + 1)
        item = signed_batch(attacker, ops, prev=prev)
        prev = batch_id_of(item["body"])
        out.append((ops, item))
    return out


def _send(attacker: Sender, to: Laptop, tmp: Path, ops: list[OpRow], *items: Any) -> bytes:
    return forge(attacker, [to], tmp, ops=ops, batches=list(items))


def test_a_series_imported_in_reverse_order_still_imports(prog: Programme, tmp_path: Path) -> None:
    """A batch whose previous batch is not here yet is taken; the link is checked (and
    holds) when that batch arrives."""
    attacker = Sender(prog.pcrg)
    links = _links(attacker, 3)
    for ops, item in reversed(links):
        accepted(prog.pcrg2, _send(attacker, prog.pcrg2, tmp_path, ops, item), tmp_path)
    assert {"Person 0", "Person 1", "Person 2"} <= prog.pcrg2.person_names()


def test_a_fork_is_refused(prog: Programme, tmp_path: Path) -> None:
    """Two batches naming the same previous batch and listing other operations for the
    same counters: the laptop told two stories of the same changes."""
    attacker = Sender(prog.pcrg)
    (first, a), (second, b) = _links(attacker, 2)
    accepted(prog.pcrg2, _send(attacker, prog.pcrg2, tmp_path, first + second, a, b), tmp_path)
    other = person_ops(attacker.site, row_id=_rows(9), name="Other story", first=8)
    fork = signed_batch(attacker, other, prev=batch_id_of(a["body"]))
    message = refused(
        prog.pcrg2, _send(attacker, prog.pcrg2, tmp_path, other, fork), NOT_FOLLOWING, tmp_path
    )
    assert "PCRG secretary" in message and "two different versions" in message
    assert "Other story" not in prog.pcrg2.person_names()


def test_rewritten_history_is_refused_even_without_its_operations(
    prog: Programme, tmp_path: Path
) -> None:
    """A batch re-signing counters already held with other digests is refused on its own:
    the operations need not come with it."""
    attacker = Sender(prog.pcrg)
    ((ops, item),) = _links(attacker, 1)
    accepted(prog.pcrg2, _send(attacker, prog.pcrg2, tmp_path, ops, item), tmp_path)
    rewritten = person_ops(attacker.site, row_id=_rows(0), name="Rewritten", first=1)
    message = refused(
        prog.pcrg2,
        _send(attacker, prog.pcrg2, tmp_path, [], signed_batch(attacker, rewritten)),
        NOT_FOLLOWING,
        tmp_path,
    )
    assert "history was rewritten" in message


def test_a_link_to_another_chain_is_refused(prog: Programme, tmp_path: Path) -> None:
    """A batch naming, as the one before it, a batch of another of the signer's sites."""
    attacker = Sender(prog.pcrg)
    elsewhere = derive_site(attacker.identity.sign_public_hex, 1)
    theirs = person_ops(elsewhere, row_id=_rows(5), name="Elsewhere")
    other_chain = signed_batch(attacker, theirs, nonce=1)
    accepted(prog.pcrg2, _send(attacker, prog.pcrg2, tmp_path, theirs, other_chain), tmp_path)
    ops = person_ops(attacker.site, row_id=_rows(6), name="Misplaced", first=1)
    broken = signed_batch(attacker, ops, prev=batch_id_of(other_chain["body"]))
    message = refused(
        prog.pcrg2, _send(attacker, prog.pcrg2, tmp_path, ops, broken), NOT_FOLLOWING, tmp_path
    )
    assert "cannot follow" in message
    assert "Misplaced" not in prog.pcrg2.person_names()


def test_a_gap_filled_by_a_batch_that_does_not_end_before_is_refused(
    prog: Programme, tmp_path: Path
) -> None:
    """The link of a held batch is checked when the batch it names arrives: here that
    batch runs past where the held one begins (same operations where they overlap, so
    only the link is wrong)."""
    attacker = Sender(prog.pcrg)
    ops = person_ops(attacker.site, row_id=_rows(1), name="Early", first=1)
    later = person_ops(attacker.site, row_id=_rows(2), name="Later", first=8)
    filler = signed_batch(attacker, ops + later[:3])  # counters 1..10
    held = signed_batch(attacker, later, prev=batch_id_of(filler["body"]))  # 8..14
    accepted(prog.pcrg2, _send(attacker, prog.pcrg2, tmp_path, later, held), tmp_path)
    refused(prog.pcrg2, _send(attacker, prog.pcrg2, tmp_path, ops, filler), NOT_FOLLOWING, tmp_path)
    assert "Early" not in prog.pcrg2.person_names()


def test_the_same_changes_sealed_twice_are_not_a_fork(prog: Programme, tmp_path: Path) -> None:
    """A laptop restored from a backup seals again what it had sealed after the backup:
    another batch naming the same previous one, listing the same operations."""
    attacker = Sender(prog.pcrg)
    (first, a), (second, b) = _links(attacker, 2)
    accepted(prog.pcrg2, _send(attacker, prog.pcrg2, tmp_path, first + second, a, b), tmp_path)
    again = signed_batch(
        attacker, second[:4], prev=batch_id_of(a["body"]), sealed="2030-01-01T00:00:00Z"
    )
    more = person_ops(attacker.site, row_id=_rows(3), name="After the restore", first=15)
    after = signed_batch(attacker, more, prev=batch_id_of(b["body"]))
    accepted(prog.pcrg2, _send(attacker, prog.pcrg2, tmp_path, more, again, after), tmp_path)
    assert "After the restore" in prog.pcrg2.person_names()


def test_many_overlapping_batches_cost_what_their_counters_cost() -> None:
    """A bundle may hold up to 200,000 batches over the same counters: the fork check
    compares each with the first batch that covered its counters, never every pair, and
    still finds the one batch that tells another story."""
    from types import SimpleNamespace

    from sen_desktop.sync import chains

    def link(n: int, digests: bytes) -> chains._Link:
        wire = SimpleNamespace(first=1, digests=digests)
        return chains._Link(f"b{n:06d}", "site", False, "lap", 1, 100, "", wire, True)  # type: ignore[arg-type]

    same = bytes(range(32)) * 100
    links = {f"b{n:06d}": link(n, same) for n in range(20_000)}
    chains._check_forks(None, links, lambda laptop: "the laptop")  # 20,000² pairs would hang
    other = same[:32 * 50] + b"\x01" * 32 + same[32 * 51:]
    links["b999999"] = link(999_999, other)
    with pytest.raises(BatchError):
        chains._check_forks(None, links, lambda laptop: "the laptop")
