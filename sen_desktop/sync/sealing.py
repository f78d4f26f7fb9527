"""Sealing this laptop's operations into signed batches (docs/TRUST.md "Authorship").

``seal_pending``, before an export: per site of this laptop -- each site derived from its
key up to its nonce now, and the old sites its certificate binds -- runs of at most
``MAX_BATCH`` consecutive unsealed counters become one batch naming the site's previous
batch, signed with the laptop's key; the highest sealed counter of each site goes to the
restore fence.

**Legacy batches.** A programme that began under the passphrase scheme holds other
laptops' operations that nobody signed. When it becomes the root, the lead's laptop
vouches for them: ``seal_legacy`` seals every non-genesis operation it holds from sites
that are not its own as ``"legacy": true`` batches signed by the root (``"nonce":
null``). Such a log may have gaps, so a legacy batch covers ``first..last`` with one
digest per counter and the all-zero digest (``ZERO_DIGEST``) for a counter the root does
not hold -- no operation has that digest, so such a counter is never accepted under it.
The wire form and the ``op_batch`` table are ``sync.batches``'.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sen_desktop.core.recommendations.signing import SecretStore, canonical_json
from sen_desktop.core.store.oplog import GENESIS_SITE, SITE_ROW
from sen_desktop.sync.batches import (
    INSERT_BATCH,
    MAX_BATCH,
    ZERO_DIGEST,
    BatchError,
    HeldBatch,
    SiteIndex,
    WireBatch,
    batch_body,
    batch_id_of,
    load_batch,
    row_digest,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

    from sqlalchemy.orm import Session

    from sen_desktop.sync.certificates import Certificate
    from sen_desktop.sync.identity import LaptopIdentity
    from sen_desktop.sync.registry import Registry


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _instant(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_SELECT_OPS = (
    "SELECT op_id, site_id, counter, entity, row_id, field, value, hlc, prev FROM operation"
)


class _Signer:
    """What sealing needs of a laptop: its id, public key and signing function."""

    def __init__(self, identity: LaptopIdentity) -> None:
        self.laptop_id: str = identity.laptop_id
        self.public_hex: str = identity.sign_public_hex
        self.sign: Callable[[bytes], bytes] = identity.sign


def _own_sites(signer: _Signer, registry: Registry) -> dict[str, int | None]:
    """This laptop's sites: each derived one up to its nonce now, the certified old ones."""
    from sen_desktop.sync.identity import derive_site

    me = registry.self_laptop
    nonce_now = int(me.site_nonce) if me is not None else 0
    sites: dict[str, int | None] = {
        derive_site(signer.public_hex, nonce): nonce for nonce in range(nonce_now + 1)
    }
    certificate = registry.certificate(signer.laptop_id)
    if certificate is not None:
        for site in certificate.sites:
            sites.setdefault(site, None)
    sites.pop(GENESIS_SITE, None)
    return sites


def _certified(signer: _Signer, registry: Registry) -> Certificate:
    certificate = registry.certificate(signer.laptop_id) if registry.programme_id else None
    if certificate is None:
        raise BatchError(
            "This laptop has no certificate yet, so its changes cannot be signed: join the "
            "programme with the certificate the programme lead gave you first."
        )
    if certificate.sign_key != signer.public_hex:
        raise BatchError(
            "This laptop's keys do not match its certificate; ask the programme lead to admit "
            "this laptop again."
        )
    return certificate


def _chain_head(cursor: Any, site: str, signer: str, legacy: bool) -> tuple[str, int]:
    """(batch id, last counter) of the site's newest batch by ``signer``, or ("", 0)."""
    cursor.execute(
        "SELECT batch_id, last_counter FROM op_batch WHERE site_id = ? AND signer = ? "
        "AND legacy = ? ORDER BY last_counter DESC, sealed_at DESC LIMIT 1",
        (site, signer, 1 if legacy else 0),
    )
    found = cursor.fetchone()
    return (str(found[0]), int(found[1])) if found is not None else ("", 0)


def _sign_batch(
    cursor: Any,
    signer: _Signer,
    programme: str,
    site: str,
    nonce: int | None,
    first: int,
    last: int,
    prev: str,
    legacy: bool,
    digests: bytes,
    sealed: str,
) -> str:
    """Sign one batch, store it in op_batch; returns its id."""
    from sen_desktop.sync.certificates import sign_item

    body = batch_body(
        programme=programme,
        signer=signer.laptop_id,
        site=site,
        nonce=nonce,
        first=first,
        last=last,
        prev=prev,
        legacy=legacy,
        digests=digests,
        sealed=sealed,
    )
    item = sign_item(body, signer.sign)
    batch_id = batch_id_of(body)
    cursor.execute(
        INSERT_BATCH,
        (
            batch_id,
            site,
            first,
            last,
            signer.laptop_id,
            1 if legacy else 0,
            canonical_json(item).decode("utf-8"),
            sealed,
        ),
    )
    return batch_id


def seal_pending(
    session: Session,
    identity: LaptopIdentity,
    registry: Registry,
    *,
    data_dir: Path,
    secrets: SecretStore | None = None,
    now: Callable[[], dt.datetime] = _utc_now,
) -> int:
    """Seal this laptop's unsealed operations into signed batches; returns how many batches.

    Sites: each site derived from this laptop's key up to its nonce now, and the old sites
    its certificate lists; never the genesis site. A site the laptop writes under that is
    neither (it has not joined yet) is left unsealed. Each batch covers at most
    ``MAX_BATCH`` consecutive counters and names the site's previous batch. Afterwards the
    highest sealed counter of each site goes to the restore fence (``record_high_water``).
    BatchError when this laptop has no certificate or its keys do not match it.
    """
    signer = _Signer(identity)
    _certified(signer, registry)
    programme = str(registry.programme_id)
    sealed = _instant(now())
    session.flush()
    conn = session.connection().connection
    cursor, writer = conn.cursor(), conn.cursor()
    made = 0
    marks: dict[str, int] = {}
    try:
        for site, nonce in _own_sites(signer, registry).items():
            prev, done = _chain_head(cursor, site, signer.laptop_id, legacy=False)
            cursor.execute(
                f"{_SELECT_OPS} WHERE site_id = ? AND counter > ? ORDER BY counter", (site, done)
            )
            for first, last, digests in _runs(_fetch(cursor)):
                prev = _sign_batch(
                    writer,
                    signer,
                    programme,
                    site,
                    nonce,
                    first,
                    last,
                    prev,
                    False,
                    digests,
                    sealed,
                )
                made += 1
                marks[site] = last
    finally:
        cursor.close()
        writer.close()
    if marks:
        from sen_desktop.sync.fence import record_high_water

        record_high_water(Path(data_dir), signer.laptop_id, marks, secrets=secrets)
    return made


def _fetch(cursor: Any) -> Iterator[Sequence[Any]]:
    while True:
        rows = cursor.fetchmany(2000)
        if not rows:
            return
        yield from rows


def _runs(rows: Iterable[Sequence[Any]]) -> Iterator[tuple[int, int, bytes]]:
    """(first, last, digests) of runs of at most MAX_BATCH consecutive counters."""
    first = last = 0
    parts: list[bytes] = []
    for row in rows:
        counter = int(row[2])
        if parts and (counter != last + 1 or counter - first >= MAX_BATCH):
            yield first, last, b"".join(parts)
            parts = []
        if not parts:
            first = counter
        parts.append(row_digest(row))
        last = counter
    if parts:
        yield first, last, b"".join(parts)


def seal_legacy(
    session: Session,
    identity: LaptopIdentity,
    registry: Registry,
    *,
    now: Callable[[], dt.datetime] = _utc_now,
) -> int:
    """On the root laptop: vouch for every non-genesis operation held from other sites that
    no batch covers yet, as legacy batches signed by the root; returns how many batches.

    Each legacy batch covers first..last (at most ``MAX_BATCH`` counters) of one site with
    the all-zero digest for a counter not held here, or held but covered by another batch
    already. Calling it again seals only what arrived uncovered since.
    """
    signer = _Signer(identity)
    certificate = _certified(signer, registry)
    if not certificate.is_root:
        raise BatchError(
            "Only the programme lead's laptop can vouch for changes made before laptops were "
            "certified."
        )
    programme = str(registry.programme_id)
    sealed = _instant(now())
    session.flush()
    conn = session.connection().connection
    cursor, writer = conn.cursor(), conn.cursor()
    made = 0
    try:
        own = set(_own_sites(signer, registry))
        cursor.execute("SELECT site_id FROM site_state WHERE id = ?", (SITE_ROW,))
        current = cursor.fetchone()
        if current is not None:
            own.add(str(current[0]))
        cursor.execute("SELECT DISTINCT site_id FROM operation")
        foreign = sorted({str(site) for (site,) in cursor.fetchall()} - own - {GENESIS_SITE})
        for site in foreign:
            cursor.execute(
                "SELECT batch_id, first_counter, last_counter, legacy FROM op_batch "
                "WHERE site_id = ?",
                (site,),
            )
            index = SiteIndex(
                [HeldBatch(str(b), int(f), int(la), bool(g)) for b, f, la, g in cursor.fetchall()]
            )
            prev, _ = _chain_head(cursor, site, signer.laptop_id, legacy=True)
            cursor.execute(f"{_SELECT_OPS} WHERE site_id = ? ORDER BY counter", (site,))
            uncovered = _uncovered(_fetch(cursor), index, conn)
            for first, last, digests in _windows(uncovered):
                prev = _sign_batch(
                    writer,
                    signer,
                    programme,
                    site,
                    None,
                    first,
                    last,
                    prev,
                    True,
                    digests,
                    sealed,
                )
                made += 1
    finally:
        cursor.close()
        writer.close()
    return made


def _uncovered(
    rows: Iterable[Sequence[Any]], index: SiteIndex, conn: Any
) -> Iterator[Sequence[Any]]:
    """The rows no held batch vouches for: none covers the counter, or only legacy
    batches that list another digest (the all-zero one: it arrived after they were made)."""
    loaded: dict[str, WireBatch] = {}
    reader = conn.cursor()
    try:
        for row in rows:
            vouched = False
            for held in index.covering(int(row[2])):
                if not held.legacy:
                    vouched = True
                    break
                wire = loaded.get(held.batch_id)
                if wire is None:
                    wire = loaded[held.batch_id] = load_batch(reader, held.batch_id)
                if wire.digest_of(int(row[2])) == row_digest(row):
                    vouched = True
                    break
            if not vouched:
                yield row
    finally:
        reader.close()


def _windows(rows: Iterable[Sequence[Any]]) -> Iterator[tuple[int, int, bytes]]:
    """(first, last, digests) windows of at most MAX_BATCH counters, zero digests in gaps."""
    first = last = 0
    parts: list[bytes] = []
    for row in rows:
        counter = int(row[2])
        if parts and counter - first >= MAX_BATCH:
            yield first, last, b"".join(parts)
            parts = []
        if not parts:
            first = last = counter
        else:
            parts.append(ZERO_DIGEST * (counter - last - 1))
        parts.append(row_digest(row))
        last = counter
    if parts:
        yield first, last, b"".join(parts)


__all__ = ["seal_legacy", "seal_pending"]
