"""The per-site hash chain of signed batches, checked on import (docs/TRUST.md "Chains").

Sealing names, in each batch, the site's previous batch (``prev``), so a site's batches
form a chain: one chain per site of a laptop's own batches, and one per site of the
root's legacy batches. On import, before anything is written, every batch of the bundle
this laptop does not hold yet is checked against the batches of its chain held here and
in the bundle (``check_chains``); the bundle is refused, in one sentence naming the
laptop that signed the batch, when

- **a link is broken**: the batch its ``prev`` names is here, but is of another chain
  (another site, another signer, a legacy batch for an own one or the other way round)
  or does not end before this batch begins -- checked when both ends are here, whichever
  came first, so a held batch whose previous batch arrives now is checked then;
- **its history was rewritten**: two batches of one chain both list an operation for the
  same counter, and the operations differ (a fork: the laptop told two stories of the
  same changes).

A batch whose previous batch is not here (a gap: a numbered series imported in any
order, a relay, a scoped bundle that left some batches out) is accepted; its link is
checked when that batch arrives. Two batches of one chain that list the *same*
operations where they overlap are one history sealed twice -- a laptop restored from a
backup seals again what it had sealed after the backup, naming the same previous batch
-- and are accepted: nothing was rewritten. A legacy batch's all-zero digest lists no
operation, so it never disagrees with anything.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import orjson

from sen_desktop.sync.batches import ZERO_DIGEST, BatchError, WireBatch

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sqlalchemy.orm import Session

REFUSED: Final = "This bundle was refused: "
_CHUNK = 400  # ids per IN (…): well under SQLite's bound-parameter limit


@dataclass(slots=True)
class _Link:
    """What the chain check needs of one batch; ``wire`` is loaded only when needed."""

    batch_id: str
    site: str
    legacy: bool
    signer: str
    first: int
    last: int
    prev: str
    wire: WireBatch | None
    incoming: bool


def check_chains(
    session: Session, batches: Iterable[WireBatch], label: Callable[[str], str]
) -> None:
    """Refuse (BatchError, one sentence) a bundle whose new batches break their chains.

    ``batches`` are the bundle's verified batches; ``label(laptop_id)`` names a signer
    for the sentence ("the laptop “PCRG secretary”")."""
    incoming = {batch.batch_id: batch for batch in batches}
    if not incoming:
        return
    cursor = session.connection().connection.cursor()
    try:
        held_ids = _held_ids(cursor, list(incoming))
        new = {bid: batch for bid, batch in incoming.items() if bid not in held_ids}
        if not new:
            return
        chains: dict[tuple[str, bool], dict[str, _Link]] = {}
        for batch in new.values():
            chains.setdefault((batch.site, batch.legacy), {})
        for (site, legacy), links in chains.items():
            cursor.execute(
                "SELECT batch_id, signer, first_counter, last_counter, "
                "json_extract(item, '$.body.prev') FROM op_batch "
                "WHERE site_id = ? AND legacy = ?",
                (site, 1 if legacy else 0),
            )
            for batch_id, signer, first, last, prev in cursor.fetchall():
                links[str(batch_id)] = _Link(
                    str(batch_id),
                    site,
                    legacy,
                    str(signer),
                    int(first),
                    int(last),
                    str(prev or ""),
                    None,
                    False,
                )
        for batch in new.values():
            chains[(batch.site, batch.legacy)][batch.batch_id] = _Link(
                batch.batch_id,
                batch.site,
                batch.legacy,
                batch.signer,
                batch.first,
                batch.last,
                batch.prev,
                batch,
                True,
            )
        for key, links in chains.items():
            _check_links(cursor, key, links, incoming, label)
            _check_forks(cursor, links, label)
    finally:
        cursor.close()


def _held_ids(cursor: Any, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), _CHUNK):
        part = ids[start : start + _CHUNK]
        cursor.execute(
            f"SELECT batch_id FROM op_batch WHERE batch_id IN ({', '.join('?' * len(part))})",
            part,
        )
        found.update(str(row[0]) for row in cursor.fetchall())
    return found


def _broken(label: Callable[[str], str], signer: str) -> BatchError:
    return BatchError(
        f"{REFUSED}{label(signer)}'s changes do not follow on from the ones this laptop "
        "already has (a batch of them names, as the one before it, a batch it cannot "
        "follow); ask the programme lead to check that laptop."
    )


def _rewritten(label: Callable[[str], str], signer: str) -> BatchError:
    return BatchError(
        f"{REFUSED}{label(signer)}'s changes do not follow on from the ones this laptop "
        "already has: that laptop signed two different versions of the same changes, so "
        "its history was rewritten; ask the programme lead to check that laptop."
    )


def _check_links(
    cursor: Any,
    key: tuple[str, bool],
    links: dict[str, _Link],
    incoming: dict[str, WireBatch],
    label: Callable[[str], str],
) -> None:
    """Every link with both ends here and at least one end new is sound."""
    for link in links.values():
        if not link.prev:
            continue
        before = links.get(link.prev)
        if before is None:
            # Not of this chain: a broken link if that batch is here at all.
            if link.incoming and (link.prev in incoming or _held_ids(cursor, [link.prev])):
                raise _broken(label, link.signer)
            continue  # a gap: checked when the batch it names arrives
        if not (link.incoming or before.incoming):
            continue  # both held: checked when the later of them came
        if before.signer != link.signer or before.last >= link.first:
            raise _broken(label, link.signer)


def _check_forks(cursor: Any, links: dict[str, _Link], label: Callable[[str], str]) -> None:
    """No two batches of the chain (one of them new) list different operations for a
    counter both cover.

    One sweep in counter order keeps, for every counter seen so far, the batch that
    covered it first (held batches before new ones: they agree among themselves, having
    been checked when they came). Each batch is compared with those first batches only,
    counter by counter, so the work is bounded by the counters the bundle lists (its
    Checker caps them), not by the pairs of batches that overlap: a crafted bundle of
    many batches over the same counters costs no more than one."""
    ordered = sorted(
        links.values(), key=lambda link: (link.first, link.incoming, link.batch_id)
    )
    starts: list[int] = []  # the first counter of each piece, increasing
    pieces: list[tuple[int, int, _Link]] = []  # (first, last, batch) without overlaps
    top = 0  # the highest counter covered so far
    for link in ordered:
        if link.first <= top:
            index = max(bisect_right(starts, link.first) - 1, 0)
            while index < len(pieces) and pieces[index][0] <= link.last:
                low, high, other = pieces[index]
                index += 1
                low, high = max(low, link.first), min(high, link.last)
                if low > high or not (link.incoming or other.incoming):
                    continue
                if _disagree(_wire(cursor, link), _wire(cursor, other), low, high):
                    raise _rewritten(label, link.signer)
        if link.last > top:
            starts.append(max(link.first, top + 1))
            pieces.append((starts[-1], link.last, link))
            top = link.last


def _wire(cursor: Any, link: _Link) -> WireBatch:
    if link.wire is None:
        cursor.execute("SELECT item FROM op_batch WHERE batch_id = ?", (link.batch_id,))
        (text,) = cursor.fetchone()
        link.wire = WireBatch.from_item(orjson.loads(text))
    return link.wire


def _disagree(one: WireBatch, two: WireBatch, low: int, high: int) -> bool:
    """Whether the batches list different operations for a counter in ``low``..``high``
    (both cover that range)."""
    mine = one.digests[(low - one.first) * 32 : (high - one.first + 1) * 32]
    theirs = two.digests[(low - two.first) * 32 : (high - two.first + 1) * 32]
    if mine == theirs:
        return False
    for start in range(0, len(mine), 32):
        a, b = mine[start : start + 32], theirs[start : start + 32]
        if a != b and a != ZERO_DIGEST and b != ZERO_DIGEST:
            return True
    return False


__all__ = ["check_chains"]
