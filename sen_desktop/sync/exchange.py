"""Import of bundles (docs/TRUST.md): the pipeline around ``bundle`` and ``merge``.
Export is ``sync.exporting``.

**Import**, outside in, stopping at the first problem with one sentence (``BundleError``)
and before anything is written:

``stage_bundle``: the file is copied once into a private file in the data folder while
its ciphertext is hashed; its header is read; the sender's certificate is verified
against the pinned root, the sender's signature against the certificate, the sender
checked not revoked and this laptop checked among the recipients -- all before
decrypting -- then the ciphertext is decrypted (streamed) into a second private file.
``preview`` and ``apply`` then read that same plaintext, member by member, in chunks:
pass 1 shapes, bounds, clocks, what the authority check must know; pass 2 the authority
check of every operation against its batch, its author's certificate and write scope
(``authority.Checker``); pass 3 ``merge.apply_ops`` chunk by chunk in ONE transaction,
with the registry items (``registry.merge_items``), the batches (``store_batches``), the
receipt keyed on (sender laptop, bundle id) and the acknowledgement. ``preview`` rolls
that transaction back. Each function takes a ``core.progress.Progress``: it hears of
each chunk of each pass, and its Cancel (``core.progress.Cancelled``) leaves the
database as it was.

Every exception on the way becomes one sentence (``BundleError``, ``sync.refusals``).
Staging is ``sync.staging``; the steps the passes are made of are ``sync.import_steps``;
the read fence (pass 4, for a laptop certified to read only some groups) is
``sync.read_fence``. This module keeps the passes themselves.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from itertools import compress
from typing import TYPE_CHECKING, Any, Final

from sen_desktop.core.progress import NO_PROGRESS
from sen_desktop.core.store.hlc import WallClock, wall_millis
from sen_desktop.core.store.models import BundleReceipt
from sen_desktop.sync import bundle as fmt
from sen_desktop.sync.bundle import BundleError
from sen_desktop.sync.exporting import _count
from sen_desktop.sync.import_steps import (
    ENTITY_OF,
    FIELD_OF,
    MAX_BATCH_ITEMS,
    MIN_STAMP,
    NUMBERED_ENTITIES,
    NUMBERING,
    OP_ID_OF,
    ROW_OF,
    STAMP_OF,
    check_future,
    check_stamps,
    chunks_again,
    clashes_touched,
    header_recipient,
    not_held,
    own_sites,
    pending_count,
    record_import,
    restore_fence_record,
)
from sen_desktop.sync.merge import ApplyReport, apply_ops, check_pending
from sen_desktop.sync.operations import OpRow, collector_paused
from sen_desktop.sync.payload import PayloadReader
from sen_desktop.sync.read_fence import ReadFence, reads_everything, waiting
from sen_desktop.sync.refusals import one_sentence
from sen_desktop.sync.staging import stage_bundle

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.orm import Session, sessionmaker

    from sen_desktop.core.progress import Progress
    from sen_desktop.sync.staging import StagedBundle


@dataclass(frozen=True, slots=True)
class ImportResult:
    bundle_id: str
    sender: str  # laptop id
    sender_name: str  # plain text from the sender's verified certificate; never markup
    sender_fingerprint: str  # of the sender's signing key (root_fingerprint's form)
    part: int
    parts: int
    operations: int
    report: ApplyReport | None  # None when the bundle was imported before
    dry_run: bool
    already_imported: bool = False
    registry_added: int = 0
    batches_added: int = 0
    clashes: tuple[str, ...] = ()  # numbers now clashing that this import touched

    def summary(self) -> str:
        who = self.sender_name or f"laptop {self.sender[:8]}"
        if self.already_imported:
            return f"Bundle from {who} already imported; nothing changed."
        report = self.report
        assert report is not None
        verb = "Would import" if self.dry_run else "Imported"
        part = f" (part {self.part} of {self.parts})" if self.parts > 1 else ""
        return (
            f"{verb} {_count(self.operations, 'operation')} from {who}{part}: "
            f"{report.new:,} new, {_count(report.changed, 'row')} changed, "
            f"{report.conflicting:,} conflicting, {report.already_had:,} already had, "
            f"{report.pending:,} waiting for their parent rows"
            + self._clash_text()
            + "."
        )

    def _clash_text(self) -> str:
        if not self.clashes:
            return ""
        shown = ", ".join(self.clashes[:3]) + (" …" if len(self.clashes) > 3 else "")
        verb = "clashes" if len(self.clashes) == 1 else "clash"
        return (
            f"; {_count(len(self.clashes), 'number')} {verb} with this laptop's ({shown}): "
            "see Conflicts"
        )


# --- import: preview and apply ------------------------------------------------------------


def preview(
    session_factory: sessionmaker[Session],
    staged: StagedBundle,
    *,
    accept_future: bool = True,
    progress: Progress = NO_PROGRESS,
    wall_clock: WallClock = wall_millis,
) -> ImportResult:
    """What applying would do: every check and the merge, in a transaction rolled back.

    A bundle stamped ahead is previewed (``accept_future`` defaults to True here: the
    preview is what a person looks at before confirming it)."""
    return one_sentence(
        lambda: _run(
            session_factory,
            staged,
            commit=False,
            accept_future=accept_future,
            progress=progress,
            wall_clock=wall_clock,
        )
    )


def apply(
    session_factory: sessionmaker[Session],
    staged: StagedBundle,
    *,
    accept_future: bool = False,
    progress: Progress = NO_PROGRESS,
    wall_clock: WallClock = wall_millis,
) -> ImportResult:
    """Check and apply the staged bundle in one transaction."""
    return one_sentence(
        lambda: _run(
            session_factory,
            staged,
            commit=True,
            accept_future=accept_future,
            progress=progress,
            wall_clock=wall_clock,
        )
    )


def import_bundle(
    session_factory: sessionmaker[Session],
    path: Path,
    trust: Any,
    *,
    dry_run: bool = False,
    accept_future: bool = False,
    progress: Progress = NO_PROGRESS,
    wall_clock: WallClock = wall_millis,
) -> ImportResult:
    """Stage the bundle at ``path``, then preview (``dry_run``) or apply it."""
    with stage_bundle(session_factory, path, trust, progress=progress) as staged:
        run = preview if dry_run else apply
        return run(
            session_factory,
            staged,
            accept_future=accept_future,
            progress=progress,
            wall_clock=wall_clock,
        )


def _already(staged: StagedBundle, dry_run: bool) -> ImportResult:
    header = staged.header
    return ImportResult(
        bundle_id=header.bundle_id,
        sender=header.sender,
        sender_name=staged.sender_name,
        sender_fingerprint=staged.sender_fingerprint,
        part=header.series.part,
        parts=header.series.parts,
        operations=0,
        report=None,
        dry_run=dry_run,
        already_imported=True,
    )


class _Passes:
    """Progress over the three passes: (done, total) operations of 3 × the bundle's."""

    def __init__(self, progress: Progress, operations: int, label: str) -> None:
        self._progress = progress
        self._label = label
        self.total = max(3 * operations, 1)
        self.done = 0

    def step(self, count: int) -> None:
        """Count ``count`` more operations done; raise ``Cancelled`` if Cancel was asked."""
        self.done += count
        self._progress.step(min(self.done, self.total), self.total, self._label)


#: Bundles of at most this many operations are parsed once and kept for passes 2 and 3;
#: bigger ones are read again each pass, so memory stays bounded.
KEEP_PARSED: Final = 150_000
# SQLite's cache_size (KiB, when negative) for the import transaction: 64 MB for a bundle
# kept parsed in memory, 16 MB for a bigger one (read again each pass, in smaller chunks),
# so a bundle of a million operations imports within 300 MB.
IMPORT_CACHE_KB: Final = -65_536
BIG_CACHE_KB: Final = -16_384


def _run(
    session_factory: sessionmaker[Session],
    staged: StagedBundle,
    *,
    commit: bool,
    accept_future: bool,
    progress: Progress,
    wall_clock: WallClock,
) -> ImportResult:
    if staged._closed:  # noqa: SLF001
        raise BundleError("This bundle was closed; open it again to import it.")
    if staged.already_imported:
        return _already(staged, not commit)
    assert staged.plaintext is not None
    from sen_desktop.sync import registry as reg
    from sen_desktop.sync.authority import Checker
    from sen_desktop.sync.batches import store_batches
    from sen_desktop.sync.chains import check_chains

    header = staged.header
    passes = _Passes(progress, staged.operations, "Importing…" if commit else "Reading the bundle…")
    with collector_paused(), PayloadReader(staged.plaintext) as reader:
        session = session_factory()
        cache: Any = None
        try:
            session.begin()
            conn = session.connection()
            # A big import touches many index pages: a bigger page cache for this one
            # transaction keeps SQLite from writing and re-reading them (bounded: 64 MB).
            big = staged.operations > KEEP_PARSED
            cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
            conn.exec_driver_sql(f"PRAGMA cache_size = {BIG_CACHE_KB if big else IMPORT_CACHE_KB}")
            chunk_ops = fmt.CHUNK_OPS // 2 if big else fmt.CHUNK_OPS
            if session.get(BundleReceipt, (header.sender, header.bundle_id)) is not None:
                return _already(staged, not commit)
            items = list(reader.items("registry.ndjson", fmt.MAX_REGISTRY_ITEMS))
            registry_added = reg.merge_items(session, items)
            registry = reg.load(session)
            checker = Checker(
                session,
                registry,
                own_laptop_id=header_recipient(registry),
                own_sites=own_sites(session, registry),
            )
            checker.add_batches(reader.items("batches.ndjson", MAX_BATCH_ITEMS))
            # Each site's batches follow on from the ones held here (docs/TRUST.md "Chains").
            check_chains(session, checker.batches(), checker.signer_label)
            progress.check()
            # Pass 1: shapes (parse), bounds, clocks, what the authority check must know.
            # Operations held here exactly as they are were checked when they first came:
            # only the others are noted, checked and merged.
            kept: list[tuple[list[OpRow], bool, int]] | None = None if big else []
            seen: set[str] = set()
            tops: dict[str, int] = {}  # per site, the highest counter held (before pass 3)
            latest = header.created
            count = 0
            for lines in reader.line_chunks(chunk_ops):
                fresh, known = not_held(session, lines, count, tops)
                if kept is not None:
                    # An id twice in one bundle: the merge looks it up (and says so).
                    before_ids = len(seen)
                    seen.update(map(OP_ID_OF, fresh))
                    known = known and len(seen) - before_ids == len(fresh)
                count += len(lines)
                if count > staged.operations:
                    raise BundleError(fmt.DAMAGED)  # more than its manifest says
                if fresh:
                    stamps = list(map(STAMP_OF, fresh))
                    top = max(stamps)
                    if top > latest:
                        latest = top
                    if min(stamps) < MIN_STAMP:
                        check_stamps(fresh)
                    checker.note(fresh)
                if kept is not None:
                    kept.append((fresh, known, len(lines)))
                passes.step(len(lines))
            if count != staged.operations:
                raise BundleError(fmt.DAMAGED)
            check_future(latest, accept_future, wall_clock)
            # Pass 2: every operation against its batch, author and write scope.
            for fresh, _known, size in chunks_again(kept, reader, session, chunk_ops):
                checker.check(fresh)
                passes.step(size)
            waiting_before = waiting(session)
            # Pass 3: the merge, chunk by chunk, in this one transaction.
            new = changed = conflicting = had = 0
            report: ApplyReport | None = None
            numbered: set[tuple[str, str]] = set()  # rows whose numbers may now clash
            for fresh, known, size in chunks_again(kept, reader, session, chunk_ops):
                had += size - len(fresh)
                if not NUMBERED_ENTITIES.isdisjoint(map(ENTITY_OF, fresh)):
                    numbered.update(
                        compress(
                            map(ROW_OF, fresh),
                            map(NUMBERING.__contains__, map(FIELD_OF, fresh)),
                        )
                    )
                if fresh:
                    report = apply_ops(
                        session,
                        fresh,
                        wall_clock=wall_clock,
                        max_pending=None,
                        # Kept from pass 1 and known then: nothing was held (pass 3's own
                        # earlier chunks are other operations, or duplicates caught below).
                        none_held=known and kept is not None,
                        shaped=True,  # every operation here was read by payload.parse_ops
                    )
                    new += report.new
                    changed += report.changed
                    conflicting += report.conflicting
                    had += report.already_had
                passes.step(size)
            # Pass 4: nothing outside what this laptop may read stays (a laptop holding a
            # valid certificate could relay another's genuine, signed changes to it).
            own = registry.certificate(header_recipient(registry))
            if own is not None and not reads_everything(own):
                fence = ReadFence(session, own, waiting_before)
                for fresh, _known, _size in chunks_again(kept, reader, session, chunk_ops):
                    fence.check(fresh)
                    progress.check()
                fence.check_resolved()
            pending = report.pending if report is not None else pending_count(session)
            check_pending(pending)
            clashes = clashes_touched(session, numbered)
            batches_added = store_batches(session, checker.batches())
            record_import(session, staged, wall_clock)
            progress.check()
            total = ApplyReport(new, changed, conflicting, had, pending)
            if commit:
                receipts = restore_fence_record(session, registry)
                session.commit()
                if receipts is not None and staged.data_dir is not None:
                    from sen_desktop.sync.fence import record_received

                    record_received(staged.data_dir, *receipts, secrets=staged.secrets)
            else:
                session.rollback()
        except BaseException:
            session.rollback()
            raise
        finally:
            if cache is not None:
                with suppress(Exception):
                    session.connection().exec_driver_sql(f"PRAGMA cache_size = {int(cache)}")
                    session.rollback()
            session.close()
    return ImportResult(
        bundle_id=header.bundle_id,
        sender=header.sender,
        sender_name=staged.sender_name,
        sender_fingerprint=staged.sender_fingerprint,
        part=header.series.part,
        parts=header.series.parts,
        operations=count,
        report=total,
        dry_run=not commit,
        registry_added=registry_added,
        batches_added=batches_added,
        clashes=clashes,
    )


__all__ = ["ImportResult", "apply", "import_bundle", "preview"]
