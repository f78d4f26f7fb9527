"""The steps an import's passes are made of (``sync.exchange._run``): which operations of a
chunk this laptop lacks, the clocks, the sites no bundle may claim, the numbers an import
may make clash, and the receipt. Split from ``sync.exchange``."""

from __future__ import annotations

from operator import itemgetter
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import func, select

from sen_desktop.core.store.hlc import Timestamp, WallClock
from sen_desktop.core.store.models import BundleReceipt, SyncProfile
from sen_desktop.core.store.oplog import GENESIS_SITE, local_site_id
from sen_desktop.sync import payload
from sen_desktop.sync.bundle import BundleError
from sen_desktop.sync.exporting import RECEIVED_LISTED, _now_iso, _peer
from sen_desktop.sync.merge import held_identically, held_rows
from sen_desktop.sync.operations import MIN_MILLIS, OpRow
from sen_desktop.sync.refusals import FutureBundleError

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from sqlalchemy.orm import Session

    from sen_desktop.sync.staging import StagedBundle

FUTURE_LIMIT_MS: Final = 24 * 60 * 60 * 1000  # held for a person's confirmation beyond this
FUTURE_REFUSED_MS: Final = 30 * 24 * 60 * 60 * 1000  # refused even with accept_future


# The fields that give meetings, minutes, actions and recommendations their numbers: an
# import that touches them may make two laptops' numbers clash (core/references/service.py).
NUMBERING: Final = frozenset(
    {
        ("meeting", "number"),
        ("meeting", "date"),
        ("meeting", "group_id"),
        ("meeting", "deleted"),
        ("agenda_item", "meeting_id"),
        ("agenda_item", "position"),
        ("agenda_item", "deleted"),
        ("action", "reference"),
        ("action", "group_id"),
        ("action", "deleted"),
        ("recommendation", "reference"),
        ("recommendation", "group_id"),
        ("recommendation", "deleted"),
    }
)
#: The entities of those fields: a chunk of none of them (most of a big bundle) is passed by.
NUMBERED_ENTITIES: Final = frozenset(entity for entity, _ in NUMBERING)


def clashes_touched(session: Session, rows: set[tuple[str, str]]) -> tuple[str, ...]:
    """What the clashes this import made or touched are, one short phrase each."""
    if not rows:
        return ()
    from sen_desktop.core.references.detection import clashes_touching

    found = clashes_touching(session, rows)
    return tuple(
        clash.reference if clash.kind == "minutes" else f"{clash.kind} {clash.reference}"
        for clash in found
    )


MAX_BATCH_ITEMS: Final = 100_000


def restore_fence_record(session: Session, registry: Any) -> tuple[str, str, int] | None:
    """(laptop id, site, bundles imported) for the restore fence's record, or None."""
    me = registry.self_laptop
    if me is None:
        return None
    count = session.connection().exec_driver_sql("SELECT count(*) FROM bundle_receipt").scalar()
    return str(me.laptop_id), local_site_id(session), int(count or 0)


def header_recipient(registry: Any) -> str:
    """This laptop's id (the recipient the bundle was checked to name)."""
    me = registry.self_laptop
    if me is None:
        raise BundleError("This laptop has not joined a programme yet.")
    return str(me.laptop_id)


def own_sites(session: Session, registry: Any) -> set[str]:
    """Every site this laptop writes or wrote under: no bundle may claim them."""
    from sen_desktop.sync.identity import derive_site

    me = registry.self_laptop
    sites = {local_site_id(session)}
    if me is None:
        return sites
    certificate = registry.certificate(me.laptop_id)
    if certificate is not None:
        sites.update(certificate.sites)
    for nonce in range(0, int(me.site_nonce) + 1):
        sites.add(derive_site(me.sign_key, nonce))
    return sites


def _top(session: Session, site: str, tops: dict[str, int]) -> int:
    """The highest counter this laptop holds of ``site`` (remembered in ``tops``)."""
    top = tops.get(site)
    if top is None:
        value = (
            session.connection()
            .exec_driver_sql("SELECT max(counter) FROM operation WHERE site_id = ?", (site,))
            .scalar()
        )
        top = tops[site] = int(value) if value is not None else 0
    return top


def _all_past(session: Session, chunk: Sequence[OpRow], tops: dict[str, int]) -> bool:
    """Whether every operation's counter is past the highest this laptop holds of its site."""
    sites = set(map(_SITE_OF, chunk))
    if len(sites) == 1:  # the common case, a chunk of one laptop's operations: C-speed passes
        (site,) = sites
        first: int = min(map(_COUNTER_OF, chunk))
        return first > _top(session, site, tops)
    lowest: dict[str, int] = {}
    for op in chunk:
        site = op.site_id
        counter = op.counter
        low = lowest.get(site)
        if low is None or counter < low:
            lowest[site] = counter
    return all(low > _top(session, site, tops) for site, low in lowest.items())


def not_held(
    session: Session, lines: list[bytes], before: int, tops: dict[str, int] | None = None
) -> tuple[list[OpRow], bool]:
    """The operations of ``lines`` this laptop does not hold exactly as they are, and
    whether it is known to hold none of them (then the merge need not look again).

    A chunk that starts with an operation this laptop may hold (its counter is not past
    the highest held of its site) is sorted out by bytes: a line written as an export
    writes it, of an operation held here, is recognised without parsing it (the held copy
    written the same way); the other lines are parsed (every shape checked) and those held
    identically set aside too. Other chunks are parsed first; when every operation's
    counter is past what is held of its site, none is held and nothing is looked up.
    """
    if tops is None:
        tops = {}
    first = payload.line_id(lines[0]) if lines else None
    site, _, number = (first or "").rpartition(":")
    if first is not None and number.isascii() and number.isdigit() and len(number) <= 18:
        likely_held = int(number) <= _top(session, site, tops)
    else:
        likely_held = True
    if not likely_held:
        chunk = payload.parse_ops(lines, before)
        if _all_past(session, chunk, tops):
            return chunk, True
        again = held_identically(session, chunk)
        return ([op for op in chunk if op.op_id not in again] if again else chunk), False
    ids = payload.line_ids(lines)
    held = held_rows(session, [op_id for op_id in ids if op_id is not None])
    rest: list[bytes] = []
    numbers: list[int] = []
    held_row, row_line = held.get, payload.row_line  # once, not per line
    for index, (line, op_id) in enumerate(zip(lines, ids, strict=True)):
        row = held_row(op_id) if op_id is not None else None
        if row is not None and row_line(row) == line:
            continue
        rest.append(line)
        numbers.append(before + index + 1)
    chunk = payload.parse_ops(rest, numbers=numbers)
    again = held_identically(session, chunk) if chunk and held else set()
    if not held and all(op.op_id == op_id for op, op_id in zip(chunk, ids, strict=True)):
        return chunk, True  # every line's own id looked up: none is held
    return ([op for op in chunk if op.op_id not in again] if again else chunk), False


def chunks_again(
    kept: list[tuple[list[OpRow], bool, int]] | None,
    reader: payload.PayloadReader,
    session: Session,
    size: int,
) -> Iterator[tuple[list[OpRow], bool, int]]:
    """The chunks of pass 1 again (kept, or read and sorted out again: a big bundle)."""
    if kept is not None:
        yield from kept
        return
    before = 0
    for lines in reader.line_chunks(size):
        fresh, known = not_held(session, lines, before)
        yield fresh, known, len(lines)
        before += len(lines)


def pending_count(session: Session) -> int:
    return int(
        session.connection().exec_driver_sql("SELECT count(*) FROM sync_pending").scalar_one()
    )


MIN_STAMP = f"{MIN_MILLIS:013d}.00000"
# An OpRow's fields by position, for passes over a whole chunk at C speed.
OP_ID_OF = itemgetter(0)
STAMP_OF = itemgetter(7)
_SITE_OF = itemgetter(1)
_COUNTER_OF = itemgetter(2)
ENTITY_OF = itemgetter(3)
ROW_OF = itemgetter(3, 4)  # (entity, row id)
FIELD_OF = itemgetter(3, 5)  # (entity, field)


def check_stamps(chunk: Sequence[OpRow]) -> None:
    for op in chunk:
        if op.hlc < MIN_STAMP and op.site_id != GENESIS_SITE:
            raise BundleError(
                f"Operation {op.op_id[:60]} of this bundle is stamped before the year 2000, "
                "so the bundle was refused."
            )


def check_future(latest: str, accept_future: bool, wall_clock: WallClock) -> None:
    now = wall_clock()
    stamp = Timestamp.parse(latest)
    ahead = stamp.millis - now
    if ahead > FUTURE_REFUSED_MS:
        raise BundleError(
            f"This bundle is stamped {ahead / 86_400_000:,.0f} days ahead of this laptop's "
            "clock, more than the 30 days any clock may be wrong, so it was refused; ask the "
            "sender to correct their clock and export again."
        )
    if ahead > FUTURE_LIMIT_MS and not accept_future:
        raise FutureBundleError(
            f"This bundle is stamped {ahead / 3_600_000:,.0f} hours ahead of this laptop's "
            "clock, so it is held for confirmation: check both clocks, then import it with "
            "--accept-future."
        )


def record_import(session: Session, staged: StagedBundle, wall_clock: WallClock) -> None:
    """The receipt, the sender's last import, and what the sender says it holds."""
    from sen_desktop.sync.export_plan import settle_acknowledgement

    header = staged.header
    when = _now_iso(wall_clock)
    session.add(
        BundleReceipt(sender_site=header.sender, bundle_id=header.bundle_id, received_at=when)
    )
    certificate = staged.certificate
    peer = _peer(session, certificate, when)
    peer.name = staged.sender_name
    peer.last_import_at = when
    manifest = staged.manifest
    site = manifest.get("site")
    known = manifest.get("knowledge")
    received = manifest.get("received")
    if not (
        isinstance(site, str)
        and isinstance(known, dict)
        and all(isinstance(k, str) and type(v) is int and v >= 0 for k, v in known.items())
        and isinstance(received, list)
        and len(received) <= RECEIVED_LISTED
        and all(isinstance(r, str) and len(r) <= 64 for r in received)
    ):
        return
    if site not in _sender_sites(session, certificate):
        return  # a site the sender cannot speak for
    profile = session.scalar(
        select(SyncProfile).where(
            func.lower(SyncProfile.name) == " ".join(certificate.name.split())[:80].lower()
        )
    )
    if profile is not None:
        settle_acknowledgement(session, profile, site, known, received)


def _sender_sites(session: Session, certificate: Any) -> set[str]:
    """The sites the sender signs for: derived from its key (nonces it has used, and the
    next one: a laptop restored from a backup speaks from it before it has sealed
    anything there) and the old sites its certificate lists."""
    from sen_desktop.sync.identity import derive_site

    sites = set(certificate.sites)
    conn = session.connection()
    nonces = {
        int(n)
        for (n,) in conn.exec_driver_sql(
            "SELECT DISTINCT json_extract(item, '$.body.nonce') FROM op_batch WHERE signer = ? "
            "AND json_extract(item, '$.body.nonce') IS NOT NULL",
            (certificate.laptop_id,),
        )
        if n is not None
    }
    for nonce in range(max(nonces | {0}) + 2):
        sites.add(derive_site(certificate.sign_key, nonce))
    return sites


__all__ = [
    "ENTITY_OF",
    "FIELD_OF",
    "FUTURE_LIMIT_MS",
    "FUTURE_REFUSED_MS",
    "MAX_BATCH_ITEMS",
    "MIN_STAMP",
    "NUMBERED_ENTITIES",
    "NUMBERING",
    "OP_ID_OF",
    "ROW_OF",
    "STAMP_OF",
    "check_future",
    "check_stamps",
    "chunks_again",
    "clashes_touched",
    "header_recipient",
    "not_held",
    "own_sites",
    "pending_count",
    "record_import",
    "restore_fence_record",
]
