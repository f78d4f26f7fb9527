"""Export and import of bundles: the pipeline around ``bundle`` (format) and ``merge``.

Export: the operations the recipient has not acknowledged (every operation for
"everything"), scoped to the profile's groups (``scope``), packed, encrypted with the
programme key and signed with this laptop's key, written to a temporary file and
renamed into place.

Import, outside in, stopping at the first problem with one sentence
(``BundleError``) and before anything is written:

1. size (at most 200 MB, looked at before reading), magic, header;
2. schema: a bundle from a newer schema is refused;
3. the Ed25519 signature, by the key the header names;
4. that key against the one pinned for the sender's site (first contact pins it);
5. replay: the bundle id was imported before ("nothing changed"; no more work);
6. decryption with the programme key (wrong passphrase: its own sentence);
7. the zip in memory, with limits; every operation line's shape;
8. clocks more than 24 hours ahead of this laptop's: held unless ``accept_future``;
9. every operation against the whitelist of entities and fields and their types --
   ``merge.apply_ops``' own first pass, before it writes anything (an operation
   identical to one held was checked when it first came);

then ``merge.apply_ops`` in one transaction with the receipt, the sender's pinned key
and last import, and the acknowledgement of what the sender holds. A dry run reports
the same numbers and leaves the database as it was.

Profiles and laptops are matched by name: a bundle carries the recipient profile's
name and its sender's own name -- the profile name of the first bundle the sender
imported, kept in the sender's ``sync_peer`` row for its own site. Here a laptop is
known by the name a person gave it (Exchange ▸ Name laptop…) or, failing that, by the
name its first bundle carried. A bundle from a laptop settles the profile of that
name (``scope.settle_acknowledgement``): it holds its own operations, and what was in
the bundles made for it that its header lists as received; a name another site was
first known by is not believed.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.store.database import SCHEMA_REVISION
from sen_desktop.core.store.hlc import Timestamp, WallClock, wall_millis
from sen_desktop.core.store.models import BundleReceipt, SiteState, SyncPeer, SyncProfile
from sen_desktop.core.store.oplog import SITE_ROW, local_site_id
from sen_desktop.sync import bundle as fmt
from sen_desktop.sync.bundle import BundleError, BundleHeader, WireOp
from sen_desktop.sync.keys import LaptopKey, SyncKeys
from sen_desktop.sync.merge import (
    ApplyReport,
    OpRow,
    apply_ops,
    collector_paused,
    knowledge,
    ops_since,
)
from sen_desktop.sync.scope import (
    load_profile,
    plan_export,
    record_export,
    settle_acknowledgement,
)

FUTURE_LIMIT_MS: Final = 24 * 60 * 60 * 1000
RECEIVED_LISTED: Final = 100  # latest imported bundles a header lists as received


class FutureBundleError(BundleError):
    """The bundle's clocks run more than a day ahead: held for a person to confirm."""


class ReplayedBundle(BundleError):
    """Not an error for a person: the bundle was imported before; nothing changed."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    bundle_id: str
    operations: int
    recipient: str  # profile name, "" for everything
    scopes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ImportResult:
    bundle_id: str
    sender_site: str
    sender_name: str
    fingerprint: str
    operations: int
    report: ApplyReport | None  # None when the bundle was imported before
    dry_run: bool
    first_contact: bool
    already_imported: bool = False

    def summary(self) -> str:
        who = self.sender_name or f"laptop {self.sender_site[:8]}"
        if self.already_imported:
            return f"Bundle from {who} already imported; nothing changed."
        report = self.report
        assert report is not None
        verb = "Would import" if self.dry_run else "Imported"
        text = (
            f"{verb} {_count(self.operations, 'operation')} from {who}: {report.new:,} new, "
            f"{_count(report.changed, 'row')} changed, {report.conflicting:,} conflicting, "
            f"{report.already_had:,} already had, {report.pending:,} waiting for their "
            "parent rows"
        )
        if self.first_contact:
            text += f"; first bundle from this laptop, key {self.fingerprint} pinned"
        return text + "."


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def _now_iso(wall: WallClock) -> str:
    return dt.datetime.fromtimestamp(wall() / 1000, tz=dt.UTC).isoformat(timespec="seconds")


def own_name(session: Session, site_id: str) -> str:
    row = session.get(SyncPeer, site_id)
    return row.name if row is not None else ""


def set_own_name(session: Session, site_id: str, name: str, public_key: str, when: str) -> None:
    row = session.get(SyncPeer, site_id)
    if row is None:
        session.add(SyncPeer(site_id=site_id, name=name, public_key=public_key, pinned_at=when))
    else:
        row.name = name


# --- export -----------------------------------------------------------------------------


def export_bundle(
    session_factory: sessionmaker[Session],
    path: Path,
    keys: SyncKeys,
    *,
    passphrase: str | None = None,
    profile: str | None = None,
    wall_clock: WallClock = wall_millis,
) -> ExportResult:
    """Write a bundle for ``profile`` (or everything) to ``path``."""
    path = Path(path)
    if path.suffix.lower() != fmt.SUFFIX:
        raise ValidationError(
            f"A bundle's name ends in {fmt.SUFFIX} (not {path.name!r}).", field="path"
        )
    programme_key = keys.programme_key(passphrase)
    with session_factory.begin() as session:
        site_id = local_site_id(session)
        laptop = keys.laptop_key(site_id, programme_key)
        bundle_id = fmt.new_bundle_id()
        if profile is None:
            ops = ops_since(session, {})
            scopes: tuple[str, ...] = ()
            recipient = ""
        else:
            chosen = load_profile(session, profile)
            plan = plan_export(session, chosen)
            record_export(
                session, chosen, plan, bundle_id, knowledge(session), _now_iso(wall_clock)
            )
            ops = plan.ops
            scopes = chosen.group_codes
            recipient = chosen.name
        header = BundleHeader(
            bundle_id=bundle_id,
            sender_site=site_id,
            sender_name=own_name(session, site_id),
            public_key=laptop.public_hex,
            fingerprint=laptop.fingerprint,
            scopes=scopes,
            schema=SCHEMA_REVISION,
            knowledge=knowledge(session),
            created=Timestamp(wall_clock()).encode(),
            recipient=recipient,
            received=_received(session),
        )
        if recipient:
            peer = session.scalar(
                select(SyncPeer).where(func.lower(SyncPeer.name) == recipient.lower())
            )
            if peer is not None and peer.site_id != site_id:
                peer.last_export_at = _now_iso(wall_clock)
        data = _seal(header, ops, programme_key, laptop)
        _write_atomically(path, data)
    return ExportResult(path, header.bundle_id, len(ops), recipient, scopes)


def _received(session: Session) -> tuple[str, ...]:
    """The bundles this laptop imported most recently (their senders settle scope rows)."""
    rows = session.scalars(
        select(BundleReceipt.bundle_id)
        .order_by(BundleReceipt.received_at.desc(), BundleReceipt.bundle_id)
        .limit(RECEIVED_LISTED)
    )
    return tuple(rows)


def _seal(header: BundleHeader, ops: list[OpRow], programme_key: bytes, laptop: LaptopKey) -> bytes:
    wire = [
        WireOp(o.op_id, o.site_id, o.counter, o.entity, o.row_id, o.field, o.value, o.hlc, o.prev)
        for o in ops
    ]
    manifest = {
        "bundle_id": header.bundle_id,
        "operations": len(wire),
        "schema": header.schema,
    }
    return fmt.seal(header, fmt.pack_payload(manifest, wire), programme_key, laptop.sign)


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.part")
    try:
        with temporary.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ValidationError(
            f"The bundle cannot be written to {path} ({error.strerror or type(error).__name__}).",
            field="path",
        ) from error


# --- import -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CheckedBundle:
    """A bundle that passed every check that needs no write: ready to apply."""

    header: BundleHeader
    ops: list[OpRow]
    first_contact: bool


def check_bundle(
    session_factory: sessionmaker[Session],
    data: bytes,
    programme_key: bytes,
    *,
    accept_future: bool = False,
    wall_clock: WallClock = wall_millis,
) -> CheckedBundle:
    """Steps 1-9 of the import, reading the database only."""
    envelope = fmt.open_envelope(data)
    header = envelope.header
    if int(header.schema) > int(SCHEMA_REVISION):
        raise BundleError(
            f"This bundle comes from a newer version of SEN Secretariat (schema "
            f"{header.schema}); install the newer version to import it."
        )
    fmt.check_signature(envelope)
    with session_factory() as session:
        own = session.scalar(select(SiteState.site_id).where(SiteState.id == SITE_ROW))
        pinned = session.get(SyncPeer, header.sender_site)
        if header.sender_site == own:
            raise BundleError("This bundle was made on this laptop; import it on another one.")
        if pinned is not None and pinned.public_key != header.public_key:
            raise BundleError(
                f"This bundle claims to come from {pinned.name or 'a known laptop'} but is "
                "signed with a different key, so it was refused."
            )
        if session.get(BundleReceipt, header.bundle_id) is not None:
            # Signed by the pinned key and recorded before: nothing to check again.
            raise ReplayedBundle("This bundle was already imported; nothing changed.")
        with collector_paused():  # ops and their parts: all alive until the import ends
            ops = fmt.unpack(fmt.decrypt(envelope, programme_key)).ops
        # Step 8 (every operation against the whitelist) is apply_ops' first pass, before
        # it writes anything; _import_bytes words its refusal as this module's others.
    limit = wall_clock() + FUTURE_LIMIT_MS
    # Stamps are fixed-width text, so the latest is the largest string.
    latest = Timestamp.parse(max([header.created, *(o.hlc for o in ops)]))
    if latest.millis > limit and not accept_future:
        ahead = (latest.millis - wall_clock()) / 3_600_000
        raise FutureBundleError(
            f"This bundle is stamped {ahead:,.0f} hours ahead of this laptop's clock, so it "
            "is held for confirmation: check both clocks, then import it with --accept-future."
        )
    return CheckedBundle(header, ops, first_contact=pinned is None)


def import_bundle(
    session_factory: sessionmaker[Session],
    path: Path,
    keys: SyncKeys,
    *,
    passphrase: str | None = None,
    dry_run: bool = False,
    accept_future: bool = False,
    wall_clock: WallClock = wall_millis,
) -> ImportResult:
    """Check the bundle at ``path`` and, unless ``dry_run``, apply it in one transaction."""
    programme_key = keys.programme_key(passphrase)
    data = fmt.read_file(Path(path))
    return import_bytes(
        session_factory,
        data,
        programme_key,
        dry_run=dry_run,
        accept_future=accept_future,
        wall_clock=wall_clock,
    )


def import_bytes(
    session_factory: sessionmaker[Session],
    data: bytes,
    programme_key: bytes,
    *,
    dry_run: bool = False,
    accept_future: bool = False,
    wall_clock: WallClock = wall_millis,
) -> ImportResult:
    # The collector stays paused from parsing to commit: the operations live throughout.
    with collector_paused():
        return _import_bytes(
            session_factory,
            data,
            programme_key,
            dry_run=dry_run,
            accept_future=accept_future,
            wall_clock=wall_clock,
        )


def _import_bytes(
    session_factory: sessionmaker[Session],
    data: bytes,
    programme_key: bytes,
    *,
    dry_run: bool,
    accept_future: bool,
    wall_clock: WallClock,
) -> ImportResult:
    try:
        checked = check_bundle(
            session_factory,
            data,
            programme_key,
            accept_future=accept_future,
            wall_clock=wall_clock,
        )
    except ReplayedBundle:
        header = fmt.open_envelope(data).header
        return ImportResult(
            header.bundle_id,
            header.sender_site,
            header.sender_name,
            header.fingerprint,
            0,
            None,
            dry_run,
            first_contact=False,
            already_imported=True,
        )
    header = checked.header
    try:
        if dry_run:
            session = session_factory()
            try:
                report = apply_ops(session, checked.ops, dry_run=True, wall_clock=wall_clock)
            finally:
                session.rollback()
                session.close()
        else:
            with session_factory.begin() as session:
                report = apply_ops(session, checked.ops, wall_clock=wall_clock)
                _record(session, header, wall_clock)
    except BundleError:
        raise
    except ValidationError as error:
        # apply_ops validates every operation it does not already hold, identically,
        # before it writes: nothing was written, and the transaction is rolled back.
        raise BundleError(
            f"This bundle cannot be imported: {error.message[0].lower()}{error.message[1:]}"
        ) from error
    return ImportResult(
        header.bundle_id,
        header.sender_site,
        header.sender_name,
        header.fingerprint,
        len(checked.ops),
        report,
        dry_run,
        checked.first_contact,
    )


def _record(session: Session, header: BundleHeader, wall_clock: WallClock) -> None:
    when = _now_iso(wall_clock)
    session.add(
        BundleReceipt(bundle_id=header.bundle_id, sender_site=header.sender_site, received_at=when)
    )
    name = header.sender_name
    if name and session.scalar(
        select(SyncPeer.site_id).where(
            func.lower(SyncPeer.name) == name.lower(), SyncPeer.site_id != header.sender_site
        )
    ):
        # Another laptop was known by this name first: this one cannot speak for it.
        name = ""
    peer = session.get(SyncPeer, header.sender_site)
    if peer is None:
        peer = SyncPeer(
            site_id=header.sender_site,
            name=name,
            public_key=header.public_key,
            pinned_at=when,
        )
        session.add(peer)
    elif name and not peer.name:
        # A name given here (Exchange ▸ Name laptop…) stands; the laptop's own only fills
        # a blank.
        peer.name = name
    peer.last_import_at = when
    if header.recipient:
        own = local_site_id(session)
        if not own_name(session, own):
            set_own_name(session, own, header.recipient, "", when)
    if peer.name:
        profile = session.scalar(
            select(SyncProfile).where(func.lower(SyncProfile.name) == peer.name.lower())
        )
        if profile is not None:
            # Only the profile's own laptop can say what it received of the bundles made
            # for it (a bundle imported on the wrong laptop settles nothing).
            settle_acknowledgement(
                session, profile, header.sender_site, header.knowledge, header.received
            )
