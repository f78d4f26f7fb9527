"""Export of bundles (docs/TRUST.md); ``sync.exchange`` does the import.

**Export** (``export_bundle``): seal this laptop's unsealed operations into signed batches
(``sealing.seal_pending``); choose the operations -- for a certified laptop (``--for
NAME``) those in its certificate's read scope it has not acknowledged (``scope``: an
export profile of the laptop's name follows its certificate), or everything; never a
genesis operation -- and the laptops it is encrypted to: that laptop (and, with
``for_profile``, every certified, unrevoked laptop whose certificate grants the same
read scope), or every unrevoked laptop certified to read everything. Each bundle carries
the registry, the batches covering its operations, and the operations, less what the
recipient could not take yet (``sync.holding``: held back, not credited, carried later);
an export larger than ``max_ops_per_part`` is a numbered series whose parts each carry the
histories of the parent rows their rows refer to, so they import in any order
(``sync.export_parts``). Files are written to temporary files, fsynced, and renamed only
when every part is ready.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import select

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.progress import NO_PROGRESS
from sen_desktop.core.store.database import SCHEMA_REVISION
from sen_desktop.core.store.hlc import Timestamp, WallClock, wall_millis
from sen_desktop.core.store.models import BundleReceipt, SyncPeer
from sen_desktop.core.store.oplog import GENESIS_SITE, local_site_id
from sen_desktop.sync import bundle as fmt
from sen_desktop.sync.bundle import BundleHeader, Series
from sen_desktop.sync.operations import OpRow, collector_paused, knowledge, ops_since

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import Session, sessionmaker

    from sen_desktop.core.progress import Progress

MAX_OPS_PER_PART: Final = 250_000
RECEIVED_LISTED: Final = 100  # latest imported bundles a manifest lists as received


@dataclass(frozen=True, slots=True)
class ExportResult:
    paths: tuple[Path, ...]  # one, or the parts of a series in order
    bundle_ids: tuple[str, ...]
    export_id: str
    operations: int  # operations carried, over all parts
    recipients: tuple[str, ...]  # the names of the laptops it is encrypted to
    for_laptop: str | None  # the certified name, or None for everything
    scopes: tuple[str, ...]  # group codes ("*" for everything)
    # Changes held back until they can be vouched for or their parents can go
    # (sync.holding): their ids; the next export carries them once it can.
    held_back: frozenset[str] = frozenset()

    @property
    def left_out(self) -> int:
        return len(self.held_back)

    @property
    def path(self) -> Path:
        return self.paths[0]

    @property
    def bundle_id(self) -> str:
        return self.bundle_ids[0]

    def summary(self) -> str:
        where = (
            str(self.paths[0])
            if len(self.paths) == 1
            else f"{len(self.paths)} parts ({self.paths[0].name} … {self.paths[-1].name})"
        )
        count = _count(self.operations, "operation")
        later = (
            f"; {_count(self.left_out, 'change')} held back until a bundle from the programme "
            "lead's laptop vouches for the changes made before laptops were certified"
            if self.left_out
            else ""
        )
        if not self.for_laptop:
            return (
                f"Wrote {where}: {count} of everything, for {', '.join(self.recipients)}"
                f"{later}."
            )
        also = [name for name in self.recipients if name != self.for_laptop]
        more = f", also for {', '.join(also)}" if also else ""
        return (
            f"Wrote {where}: {count} for {self.for_laptop} ({', '.join(self.scopes)}){more}"
            f"{later}."
        )


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def _now_iso(wall: WallClock) -> str:
    return dt.datetime.fromtimestamp(wall() / 1000, tz=dt.UTC).isoformat(timespec="seconds")


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def plain_name(name: str) -> str:
    """A laptop's name as plain text for one line: control and direction characters out."""
    return " ".join(_CONTROL.sub(" ", name).split())[:200]


def _data_dir(trust: Any) -> Path:
    folder = getattr(trust, "data_dir", None)
    if folder is None:
        folder = trust._dir  # noqa: SLF001 (TrustService keeps it there)
    return Path(folder)


def _secrets(trust: Any) -> Any:
    secrets = getattr(trust, "secrets", None)
    if secrets is None:
        secrets = getattr(trust, "_secrets", None)
    return secrets


def _peer(session: Session, certificate: Any, when: str) -> SyncPeer:
    """The row keeping when bundles last went to and came from a certified laptop (keyed
    by its laptop id), made on first contact; its name and key follow the certificate."""
    peer = session.get(SyncPeer, certificate.laptop_id)
    if peer is None:
        peer = SyncPeer(site_id=certificate.laptop_id, name="", public_key="", pinned_at=when)
        session.add(peer)
    peer.name = plain_name(certificate.name)
    peer.public_key = certificate.sign_key
    return peer


# --- export -----------------------------------------------------------------------------


def series_paths(path: Path, parts: int) -> list[Path]:
    """``name.senbundle`` for one part; ``name-1-of-3.senbundle`` … for a series."""
    if parts == 1:
        return [path]
    stem = path.name[: -len(fmt.SUFFIX)]
    return [path.with_name(f"{stem}-{n}-of-{parts}{fmt.SUFFIX}") for n in range(1, parts + 1)]


def export_bundle(
    session_factory: sessionmaker[Session],
    path: Path,
    trust: Any,
    *,
    for_laptop: str | None = None,
    for_profile: bool = False,
    progress: Progress = NO_PROGRESS,
    wall_clock: WallClock = wall_millis,
    max_ops_per_part: int = MAX_OPS_PER_PART,
) -> ExportResult:
    """Write a bundle (or a series) for ``for_laptop`` (or of everything) at ``path``.

    ``progress`` hears of each part written; its Cancel stops the export before anything
    is committed or renamed into place (``core.progress.Cancelled``)."""
    path = Path(path)
    if path.suffix.lower() != fmt.SUFFIX or len(path.name) <= len(fmt.SUFFIX):
        raise ValidationError(
            f"A bundle's name ends in {fmt.SUFFIX} (not {path.name!r}).", field="path"
        )
    if for_profile and not for_laptop:
        raise ValidationError(
            "Say whose groups the bundle is for with --for NAME (a certified laptop).",
            field="for",
        )
    if max_ops_per_part < 1:
        raise ValueError("max_ops_per_part must be at least 1")
    from sen_desktop.sync import registry as reg
    from sen_desktop.sync.export_parts import split_parts, with_parents, write_part
    from sen_desktop.sync.holding import counting, hold_back
    from sen_desktop.sync.sealing import seal_pending

    identity = trust.identity()
    # A kill in the write leaves .NAME.senbundle.PID-HOST.part; start-up removes it from
    # the folders remembered here (core/store/litter.py).
    from sen_desktop.core.store.litter import remember_written_folder

    remember_written_folder(_data_dir(trust), path.parent)
    label = f"Writing {path.name}…"
    written: list[Path] = []
    try:
        with collector_paused(), session_factory.begin() as session:
            registry = reg.load(session)
            me = registry.self_laptop
            mine = registry.certificate(me.laptop_id) if me is not None else None
            if me is None or mine is None or registry.programme_id is None:
                raise ValidationError(
                    "This laptop has not joined a programme yet, so it cannot export: start "
                    "one (`sen-desktop programme start`) or join one (`sen-desktop laptop join`)."
                )
            seal_pending(
                session,
                identity,
                registry,
                data_dir=_data_dir(trust),
                secrets=_secrets(trust),
            )
            progress.check()
            export_id = str(uuid.uuid4())
            made_at = _now_iso(wall_clock)
            own_site = local_site_id(session)
            if for_laptop:
                chosen = _recipients_for(registry, me.laptop_id, for_laptop, for_profile)
                target = chosen[0]
                from sen_desktop.sync.export_plan import plan_export, profile_for_certificate
                from sen_desktop.sync.scope import scope_for

                profile = profile_for_certificate(
                    session,
                    target.name,
                    target.read,
                    contacts=target.contacts,
                    confidential=target.confidential,
                )
                if _read_scope(target) == (frozenset({"*"}), True, True):
                    # Certified to read everything: what it has not acknowledged, whole.
                    plan = None
                    ops = [
                        op
                        for op in ops_since(session, profile.acknowledged)
                        if op.site_id != GENESIS_SITE
                    ]
                    includes = None
                else:
                    plan = plan_export(session, profile)
                    ops = [op for op in plan.ops if op.site_id != GENESIS_SITE]
                    includes = _includes(scope_for(session, profile))
                scopes = tuple(profile.group_codes)
            else:
                chosen = _everyone(registry, me.laptop_id)
                ops = [op for op in ops_since(session, {}) if op.site_id != GENESIS_SITE]
                includes = None
                scopes = ("*",)
                profile = None
                plan = None
            counts = counting(session, registry)
            uncounted: list[OpRow] = []
            if counts is not None:
                uncounted = [op for op in ops if not counts(op)]
                ops = [op for op in ops if counts(op)]
            parts = split_parts(ops, max_ops_per_part)
            programme_id = str(registry.programme_id)
            recipients = tuple(c.laptop_id for c in chosen)
            known_now = dict(sorted(knowledge(session).items()))
            manifest_base = {
                "site": own_site,
                "knowledge": known_now,
                "received": list(_received(session)),
                "made_for": target.name if for_laptop else "",
                "made_at": made_at,
            }
            items = registry.items()
            ages = [c.age_recipient for c in chosen]
            paths = series_paths(path, len(parts))
            bundle_ids = [fmt.new_bundle_id() for _ in parts]
            done = carried = 0
            total = len(ops)
            # Per site, the lowest counter held back (sync.holding): the recipient is not
            # credited with it, so a later export carries it.
            left_out: dict[str, int] = {}
            dropped: set[str] = set()
            held_rows: set[tuple[str, str]] = set()
            for number, part_ops in enumerate(parts, start=1):
                progress.check()
                if len(parts) > 1:
                    part_ops = with_parents(session, part_ops, includes, counts)
                header = BundleHeader(
                    bundle_id=bundle_ids[number - 1],
                    series=Series(export_id, number, len(parts)),
                    schema=SCHEMA_REVISION,
                    created=Timestamp(wall_clock()).encode(),
                    programme=programme_id,
                    sender=me.laptop_id,
                    certificate=mine.item,
                    recipients=recipients,
                )
                part_ops, batches, held = hold_back(
                    session,
                    registry,
                    part_ops,
                    own_site=own_site,
                    uncounted=uncounted,
                    acknowledged=(
                        profile.acknowledged
                        if includes is not None and profile is not None
                        else None
                    ),
                )
                for op in held:
                    left_out[op.site_id] = min(left_out.get(op.site_id, op.counter), op.counter)
                    dropped.add(op.op_id)
                    held_rows.add((op.entity, op.row_id))
                carried += len(part_ops)
                temporary = write_part(
                    paths[number - 1],
                    header,
                    {
                        **manifest_base,
                        "bundle_id": header.bundle_id,
                        "operations": len(part_ops),
                        "batches": len(batches),
                        "registry": len(items),
                    },
                    items,
                    batches,
                    part_ops,
                    ages,
                    identity.sign,
                    progress,
                )
                written.append(temporary)
                done += len(parts[number - 1])
                progress.step(done, total, label)
            if profile is not None:
                from sen_desktop.sync.export_plan import ExportPlan, record_export

                credited = {
                    site: min(counter, left_out[site] - 1) if site in left_out else counter
                    for site, counter in known_now.items()
                }
                if plan is None:
                    plan = ExportPlan(ops=[])
                elif held_rows:
                    # A row whose history went only in part is not delivered yet.
                    plan = ExportPlan(
                        ops=plan.ops,
                        history_rows={
                            entity: {r for r in ids if (entity, r) not in held_rows}
                            for entity, ids in plan.history_rows.items()
                        },
                        left_scope=plan.left_scope,
                    )
                for bundle_id in bundle_ids:
                    record_export(session, profile, plan, bundle_id, credited, made_at)
            for recipient in chosen:
                # Known by its certificate, perhaps before any bundle came from it.
                _peer(session, recipient, made_at).last_export_at = made_at
            progress.check()
            for temporary, final in zip(written, paths, strict=True):
                os.replace(temporary, final)
            written.clear()
    except OSError as error:
        raise ValidationError(
            f"The bundle cannot be written to {path} ({error.strerror or type(error).__name__}).",
            field="path",
        ) from error
    finally:
        for temporary in written:
            with suppress(OSError):
                temporary.unlink()
    return ExportResult(
        paths=tuple(paths),
        bundle_ids=tuple(bundle_ids),
        export_id=export_id,
        operations=carried,
        recipients=tuple(plain_name(c.name) for c in chosen),
        for_laptop=plain_name(chosen[0].name) if for_laptop else None,
        scopes=scopes,
        held_back=frozenset(dropped),
    )


def _includes(scope: Any) -> Callable[[OpRow], bool]:
    def includes(op: OpRow) -> bool:
        return bool(scope.includes(op.entity, op.row_id, op.field))

    return includes


def _live(registry: Any, own: str) -> list[Any]:
    """Every other laptop's certificate in force, unrevoked."""
    return [
        c
        for c in registry.certificates()
        if c.laptop_id != own and registry.revoked_from(c.laptop_id) is None
    ]


def _read_scope(certificate: Any) -> tuple[frozenset[str], bool, bool]:
    read = frozenset(certificate.read)
    if "*" in read:
        read = frozenset({"*"})
    return read, bool(certificate.contacts), bool(certificate.confidential)


def _recipients_for(registry: Any, own: str, name: str, for_profile: bool) -> list[Any]:
    target = registry.by_name(name)
    if target is None:
        names = sorted(plain_name(c.name) for c in _live(registry, own))
        known = (
            f" (laptops: {', '.join(names)})" if names else " (no other laptop is certified yet)"
        )
        raise ValidationError(f"There is no certified laptop called {plain_name(name)!r}{known}.")
    if target.laptop_id == own:
        raise ValidationError("That is this laptop; export for another laptop.")
    if registry.revoked_from(target.laptop_id) is not None:
        raise ValidationError(
            f"The laptop {plain_name(target.name)} was revoked; no bundle is made for it."
        )
    chosen = [target]
    if for_profile:
        wanted = _read_scope(target)
        chosen += [
            c
            for c in _live(registry, own)
            if c.laptop_id != target.laptop_id and _read_scope(c) == wanted
        ]
    return chosen


def _everyone(registry: Any, own: str) -> list[Any]:
    full = [c for c in _live(registry, own) if "*" in c.read and c.contacts and c.confidential]
    if not full:
        raise ValidationError(
            "No other laptop is certified to read everything, so a bundle of everything has "
            "no one to go to; export for a laptop with --for NAME."
        )
    return full


def _received(session: Session) -> tuple[str, ...]:
    """The bundles this laptop imported most recently (their senders settle scope rows)."""
    rows = session.scalars(
        select(BundleReceipt.bundle_id)
        .order_by(BundleReceipt.received_at.desc(), BundleReceipt.bundle_id)
        .limit(RECEIVED_LISTED)
    )
    return tuple(rows)
