"""Export and import of bundles (docs/TRUST.md): the pipeline around ``bundle`` and ``merge``.

**Export** is ``sync.exporting`` (``export_bundle``, offered here too).

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
that transaction back. ``Cancelled`` (from ``cancel``) leaves the database as it was.

Every exception on the way becomes one sentence (``BundleError``).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter
from pathlib import Path
from typing import IO, Any, Final, TypeVar

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.store import models as m
from sen_desktop.core.store.database import SCHEMA_REVISION
from sen_desktop.core.store.hlc import Timestamp, WallClock, wall_millis
from sen_desktop.core.store.models import BundleReceipt, SyncProfile
from sen_desktop.core.store.oplog import GENESIS_SITE, local_site_id
from sen_desktop.sync import bundle as fmt
from sen_desktop.sync.bundle import (
    BundleError,
    BundleHeader,
    Cancelled,
    PayloadReader,
)
from sen_desktop.sync.exporting import (
    MAX_OPS_PER_PART,
    RECEIVED_LISTED,
    Cancel,
    ExportResult,
    Progress,
    _check,
    _count,
    _data_dir,
    _now_iso,
    _peer,
    _read_scope,
    _secrets,
    export_bundle,
    plain_name,
    series_paths,
)
from sen_desktop.sync.merge import (
    ApplyReport,
    apply_ops,
    check_pending,
    held_identically,
    held_rows,
)
from sen_desktop.sync.operations import MIN_MILLIS, OpRow, collector_paused
from sen_desktop.sync.scope import CONTACT_FIELDS

FUTURE_LIMIT_MS: Final = 24 * 60 * 60 * 1000  # held for a person's confirmation beyond this
FUTURE_REFUSED_MS: Final = 30 * 24 * 60 * 60 * 1000  # refused even with accept_future
STAGING: Final = "staging"  # the private folder in the data folder



class FutureBundleError(BundleError):
    """The bundle's clocks run more than a day ahead: held for a person to confirm."""


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


# --- import: staging --------------------------------------------------------------------


@dataclass
class StagedBundle:
    """A bundle whose signature, sender and recipients were checked, decrypted into a
    private file in the data folder; preview and apply read it. ``close()`` removes it."""

    header: BundleHeader
    sender_name: str
    sender_fingerprint: str
    certificate: Any  # certificates.Certificate of the sender
    manifest: dict[str, Any]
    ciphertext: Path
    plaintext: Path | None
    already_imported: bool = False
    _closed: bool = field(default=False, repr=False)
    # Where the restore fence's record lives (``trust.record_received``), once staged.
    data_dir: Path | None = field(default=None, repr=False)
    secrets: Any = field(default=None, repr=False)

    @property
    def operations(self) -> int:
        count = self.manifest.get("operations", 0)
        return count if type(count) is int and count >= 0 else 0

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        for path in (self.ciphertext, self.plaintext):
            if path is not None:
                with suppress(OSError):
                    path.unlink()

    def __enter__(self) -> StagedBundle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


STALE_SECONDS: Final = 24 * 60 * 60


def _sweep(folder: Path) -> None:
    """Remove staged files a crashed import left behind (older than a day)."""
    import time

    if not folder.is_dir():
        return
    limit = time.time() - STALE_SECONDS
    for path in folder.glob(".bundle-*"):
        with suppress(OSError):
            if path.stat().st_mtime < limit:
                path.unlink()


def _private_file(folder: Path, suffix: str) -> tuple[IO[bytes], Path]:
    folder.mkdir(mode=0o700, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=".bundle-", suffix=suffix, dir=folder)  # mode 0600
    return os.fdopen(handle, "w+b"), Path(name)


def stage_bundle(
    session_factory: sessionmaker[Session],
    path: Path,
    trust: Any,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> StagedBundle:
    """Copy, verify and decrypt the bundle at ``path`` (see the module's docstring)."""
    return _one_sentence(lambda: _stage(session_factory, Path(path), trust, progress, cancel))


def _stage(
    session_factory: sessionmaker[Session],
    path: Path,
    trust: Any,
    progress: Progress | None,
    cancel: Cancel | None,
) -> StagedBundle:
    from sen_desktop.sync import registry as reg
    from sen_desktop.sync.certificates import Certificate, TrustError, root_fingerprint
    from sen_desktop.sync.identity import verify_signature

    folder = _data_dir(trust) / STAGING
    _sweep(folder)
    handle, ciphertext = _private_file(folder, ".age")
    plaintext: Path | None = None
    try:
        with handle:
            envelope = fmt.stage_envelope(path, handle, progress=progress, cancel=cancel)
        header = envelope.header
        with session_factory() as session:
            registry = reg.load(session)
            me = registry.self_laptop
            if (
                me is None
                or registry.programme_id is None
                or registry.root_public is None
                or me.state not in ("member", "root")
            ):
                raise BundleError(
                    "This laptop has not joined a programme yet, so it cannot import bundles: "
                    "join with the certificate the programme lead gave you first."
                )
            if header.programme != registry.programme_id:
                raise BundleError(reg.ANOTHER_PROGRAMME)
            try:
                certificate = Certificate.from_item(
                    dict(header.certificate), registry.root_public, registry.programme_id
                )
            except TrustError as error:
                raise BundleError(
                    "The sender's certificate in this bundle was not issued by this "
                    "programme's root, so the bundle was refused."
                ) from error
            if certificate.laptop_id != header.sender:
                raise BundleError(fmt.DAMAGED)
            if not verify_signature(certificate.sign_key, envelope.signed, envelope.signature):
                raise BundleError(fmt.DAMAGED)
            name = plain_name(certificate.name)
            held = registry.certificate(header.sender)
            if (
                held is not None
                and held.serial > certificate.serial
                and (held.sign_key != certificate.sign_key)
            ):
                raise BundleError(
                    f"This bundle is signed with a key {name}'s laptop no longer holds, so it "
                    "was refused."
                )
            for revocation in registry.revocations():
                if revocation.laptop_id == header.sender and revocation.serial >= (
                    certificate.serial
                ):
                    raise BundleError(
                        f"This bundle comes from {name}, whose laptop was revoked, so it "
                        "was refused."
                    )
            if header.sender == me.laptop_id:
                raise BundleError("This bundle was made on this laptop; import it on another one.")
            if me.laptop_id not in header.recipients:
                raise BundleError(
                    f"This bundle was not made for this laptop; ask {name} to export one for it."
                )
            if int(header.schema) > int(SCHEMA_REVISION):
                raise BundleError(
                    f"This bundle comes from a newer version of SEN Secretariat (schema "
                    f"{header.schema}); install the newer version to import it."
                )
            already = session.get(BundleReceipt, (header.sender, header.bundle_id)) is not None
        staged = StagedBundle(
            header=header,
            sender_name=name,
            sender_fingerprint=root_fingerprint(certificate.sign_key),
            certificate=certificate,
            manifest={},
            ciphertext=ciphertext,
            plaintext=None,
            already_imported=already,
            data_dir=_data_dir(trust),
            secrets=_secrets(trust),
        )
        if already:
            return staged
        _check(cancel)
        identity = trust.identity()
        out, plaintext = _private_file(folder, ".zip")
        staged.plaintext = plaintext
        with out, ciphertext.open("rb") as source:
            fmt.decrypt_file(source, out, identity)
        with PayloadReader(plaintext) as reader:
            manifest = reader.manifest
        if manifest.get("bundle_id") != header.bundle_id:
            raise BundleError(fmt.DAMAGED)
        staged.manifest = manifest
        return staged
    except BaseException:
        with suppress(OSError):
            ciphertext.unlink()
        if plaintext is not None:
            with suppress(OSError):
                plaintext.unlink()
        raise


# --- import: preview and apply ------------------------------------------------------------


def preview(
    session_factory: sessionmaker[Session],
    staged: StagedBundle,
    *,
    accept_future: bool = True,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    wall_clock: WallClock = wall_millis,
) -> ImportResult:
    """What applying would do: every check and the merge, in a transaction rolled back.

    A bundle stamped ahead is previewed (``accept_future`` defaults to True here: the
    preview is what a person looks at before confirming it)."""
    return _one_sentence(
        lambda: _run(
            session_factory,
            staged,
            commit=False,
            accept_future=accept_future,
            progress=progress,
            cancel=cancel,
            wall_clock=wall_clock,
        )
    )


def apply(
    session_factory: sessionmaker[Session],
    staged: StagedBundle,
    *,
    accept_future: bool = False,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    wall_clock: WallClock = wall_millis,
) -> ImportResult:
    """Check and apply the staged bundle in one transaction."""
    return _one_sentence(
        lambda: _run(
            session_factory,
            staged,
            commit=True,
            accept_future=accept_future,
            progress=progress,
            cancel=cancel,
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
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    wall_clock: WallClock = wall_millis,
) -> ImportResult:
    """Stage the bundle at ``path``, then preview (``dry_run``) or apply it."""
    with stage_bundle(session_factory, path, trust, progress=progress, cancel=cancel) as staged:
        run = preview if dry_run else apply
        return run(
            session_factory,
            staged,
            accept_future=accept_future,
            progress=progress,
            cancel=cancel,
            wall_clock=wall_clock,
        )


_T = TypeVar("_T")


def _one_sentence(work: Callable[[], _T]) -> _T:
    """Run ``work``; whatever goes wrong becomes one ``BundleError`` sentence."""
    try:
        return work()
    except (BundleError, Cancelled):
        raise
    except ValidationError as error:
        text = error.message
        if text.startswith("This bundle"):  # a sentence about the bundle already
            raise BundleError(text) from error
        raise BundleError(
            f"This bundle cannot be imported: {text[:1].lower()}{text[1:]}"
        ) from error
    except RecursionError as error:
        raise BundleError(
            "This bundle nests its contents too deeply to be read; it was refused."
        ) from error
    except OverflowError as error:
        raise BundleError(
            "This bundle holds a number too large to be read; it was refused."
        ) from error
    except MemoryError as error:
        raise BundleError(
            "This bundle needs more memory than this laptop has free; it was refused."
        ) from error
    except UnicodeError as error:
        raise BundleError("This bundle holds text that is not valid; it was refused.") from error
    except (OperationalError, sqlite3.OperationalError) as error:
        if "locked" in str(error) or "busy" in str(error):
            raise BundleError(
                "The programme's database is in use by another program; close it and import "
                "the bundle again."
            ) from error
        raise BundleError(
            f"The programme's database could not take this bundle ({type(error).__name__}); "
            "nothing was changed."
        ) from error
    except OSError as error:
        raise BundleError(
            "The bundle could not be read or staged "
            f"({error.strerror or type(error).__name__}); nothing was changed."
        ) from error
    except Exception as error:
        raise BundleError(
            f"This bundle could not be imported ({type(error).__name__}); nothing was changed."
        ) from error


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

    def __init__(self, progress: Progress | None, operations: int) -> None:
        self._progress = progress
        self.total = max(3 * operations, 1)
        self.done = 0

    def step(self, count: int) -> None:
        self.done += count
        if self._progress is not None:
            self._progress(min(self.done, self.total), self.total)


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
    progress: Progress | None,
    cancel: Cancel | None,
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
    passes = _Passes(progress, staged.operations)
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
                own_sites=_own_sites(session, registry),
            )
            checker.add_batches(reader.items("batches.ndjson", MAX_BATCH_ITEMS))
            # Each site's batches follow on from the ones held here (docs/TRUST.md "Chains").
            check_chains(session, checker.batches(), checker.signer_label)
            _check(cancel)
            # Pass 1: shapes (parse), bounds, clocks, what the authority check must know.
            # Operations held here exactly as they are were checked when they first came:
            # only the others are noted, checked and merged.
            kept: list[tuple[list[OpRow], bool, int]] | None = None if big else []
            seen: set[str] = set()
            tops: dict[str, int] = {}  # per site, the highest counter held (before pass 3)
            latest = header.created
            count = 0
            for lines in reader.line_chunks(chunk_ops):
                fresh, known = _fresh(session, lines, count, tops)
                if kept is not None:
                    # An id twice in one bundle: the merge looks it up (and says so).
                    before_ids = len(seen)
                    seen.update(map(_OP_ID, fresh))
                    known = known and len(seen) - before_ids == len(fresh)
                count += len(lines)
                if count > staged.operations:
                    raise BundleError(fmt.DAMAGED)  # more than its manifest says
                if fresh:
                    stamps = list(map(_STAMP, fresh))
                    top = max(stamps)
                    if top > latest:
                        latest = top
                    if min(stamps) < _MIN_STAMP:
                        _check_stamps(fresh)
                    checker.note(fresh)
                if kept is not None:
                    kept.append((fresh, known, len(lines)))
                passes.step(len(lines))
                _check(cancel)
            if count != staged.operations:
                raise BundleError(fmt.DAMAGED)
            _check_future(latest, accept_future, wall_clock)
            # Pass 2: every operation against its batch, author and write scope.
            for fresh, _known, size in _chunks_again(kept, reader, session, chunk_ops):
                checker.check(fresh)
                passes.step(size)
                _check(cancel)
            waiting_before = _waiting(session)
            # Pass 3: the merge, chunk by chunk, in this one transaction.
            new = changed = conflicting = had = 0
            report: ApplyReport | None = None
            numbered: set[tuple[str, str]] = set()  # rows whose numbers may now clash
            for fresh, known, size in _chunks_again(kept, reader, session, chunk_ops):
                had += size - len(fresh)
                numbered.update(
                    compress(
                        map(_ROW_OF, fresh), map(_NUMBERING.__contains__, map(_FIELD_OF, fresh))
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
                        shaped=True,  # every operation here was read by fmt.parse_ops
                    )
                    new += report.new
                    changed += report.changed
                    conflicting += report.conflicting
                    had += report.already_had
                passes.step(size)
                _check(cancel)
            # Pass 4: nothing outside what this laptop may read stays (a laptop holding a
            # valid certificate could relay another's genuine, signed changes to it).
            own = registry.certificate(header_recipient(registry))
            if own is not None and not _reads_everything(own):
                fence = _ReadFence(session, own, waiting_before)
                for fresh, _known, _size in _chunks_again(kept, reader, session, chunk_ops):
                    fence.check(fresh)
                    _check(cancel)
                fence.check_resolved()
            pending = report.pending if report is not None else _pending_count(session)
            check_pending(pending)
            clashes = _clashes(session, numbered)
            batches_added = store_batches(session, checker.batches())
            _record(session, staged, wall_clock)
            _check(cancel)
            total = ApplyReport(new, changed, conflicting, had, pending)
            if commit:
                receipts = _receipts(session, registry)
                session.commit()
                if receipts is not None and staged.data_dir is not None:
                    from sen_desktop.sync.trust import record_received

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


# The fields that give meetings, minutes, actions and recommendations their numbers: an
# import that touches them may make two laptops' numbers clash (core/references/service.py).
_NUMBERING: Final = frozenset(
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


def _clashes(session: Session, rows: set[tuple[str, str]]) -> tuple[str, ...]:
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


def _reads_everything(certificate: Any) -> bool:
    return "*" in certificate.read and bool(certificate.contacts and certificate.confidential)


def _waiting(session: Session) -> set[tuple[str, str]]:
    """The rows waiting for their parents (at most ``merge``'s cap of them)."""
    return {
        (str(entity), str(row_id))
        for entity, row_id in session.connection().exec_driver_sql(
            "SELECT entity, row_id FROM sync_pending"
        )
    }


class _ReadFence:
    """Refuses a bundle that leaves this laptop holding a row outside its certificate's
    read scope: the same scope an export for it is cut to (``scope.scope_for``, on the
    tables as this import leaves them), and no contact fields without contacts.

    A row still waiting for its parents is not in the tables; it is checked when a
    later import brings its parents and it takes its place (``check_resolved``)."""

    def __init__(self, session: Session, own: Any, waiting_before: set[tuple[str, str]]) -> None:
        from sen_desktop.sync.scope import Profile, scope_for

        read, contacts, confidential = _read_scope(own)
        wanted = {code.upper() for code in read}
        codes = [
            code
            for code in session.scalars(select(m.Group.code))
            if "*" in wanted or code.upper() in wanted
        ]
        profile = Profile(own.name, tuple(codes), contacts, confidential, {})
        self._scope = scope_for(session, profile)
        self._name = plain_name(own.name)
        self._waiting_before = waiting_before
        self._waiting = _waiting(session)

    def _refuse(self, what: str) -> BundleError:
        return BundleError(
            f"This bundle was refused: it holds {what}, which this laptop ({self._name}) is "
            "not certified to read; nothing was imported."
        )

    def check(self, ops: Sequence[OpRow]) -> None:
        scope = self._scope
        waiting = self._waiting
        for op in ops:
            if (
                (op.entity, op.field) in CONTACT_FIELDS
                and not scope.contacts
                and op.value not in _EMPTY_VALUES
            ):
                raise self._refuse("people's contact details")
            if op.entity == "person":
                # A person may come before the appointment that brings them into this
                # laptop's groups (bundles arrive in any order): a name travels, contact
                # details only to a laptop certified for them (above).
                continue
            if (op.entity, op.row_id) in waiting:
                # Whose it is cannot be told without its parent rows, which an honest
                # sender carries (or this laptop has confirmed receiving), so a row left
                # waiting on a laptop that reads only some groups would keep what it may
                # not read in the log.
                raise BundleError(
                    "This bundle was refused: it holds records whose parent records neither "
                    f"it nor this laptop ({self._name}) has, so it cannot tell whether this "
                    "laptop may read them; import the sender's earlier bundles first."
                )
            if not scope.includes(op.entity, op.row_id, op.field):
                raise self._refuse(f"{_READ_NOUNS.get(op.entity, 'records')} of another group")

    def check_resolved(self) -> None:
        from sen_desktop.sync.scope import PROGRAMME_WIDE

        for entity, row_id in self._waiting_before - self._waiting:
            allowed = self._scope.rows.get(entity)
            if entity in PROGRAMME_WIDE or entity == "person":
                continue
            if allowed is None or row_id not in allowed:
                raise self._refuse(f"{_READ_NOUNS.get(entity, 'records')} of another group")


_EMPTY_VALUES: Final = frozenset({'""', "null"})

_READ_NOUNS: Final = {
    "meeting": "meetings",
    "agenda_item": "agenda items (or confidential items)",
    "minute_entry": "minutes",
    "resolution": "resolutions",
    "declaration": "declarations of interest",
    "attendance": "attendance records",
    "action": "actions",
    "action_update": "action updates",
    "recommendation": "recommendations",
    "recommendation_remit": "recommendations' remit links",
    "recommendation_event": "recommendation decisions",
    "remit_item": "remit points",
    "seat": "membership seats",
    "appointment": "appointments",
    "person": "people",
    "group": "groups",
    "paper": "confidential papers",
}


def _receipts(session: Session, registry: Any) -> tuple[str, str, int] | None:
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


def _own_sites(session: Session, registry: Any) -> set[str]:
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


def _fresh(
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
    first = fmt.line_id(lines[0]) if lines else None
    site, _, number = (first or "").rpartition(":")
    if first is not None and number.isascii() and number.isdigit() and len(number) <= 18:
        likely_held = int(number) <= _top(session, site, tops)
    else:
        likely_held = True
    if not likely_held:
        chunk = fmt.parse_ops(lines, before)
        if _all_past(session, chunk, tops):
            return chunk, True
        again = held_identically(session, chunk)
        return ([op for op in chunk if op.op_id not in again] if again else chunk), False
    ids = fmt.line_ids(lines)
    held = held_rows(session, [op_id for op_id in ids if op_id is not None])
    rest: list[bytes] = []
    numbers: list[int] = []
    held_row, row_line = held.get, fmt.row_line  # once, not per line
    for index, (line, op_id) in enumerate(zip(lines, ids, strict=True)):
        row = held_row(op_id) if op_id is not None else None
        if row is not None and row_line(row) == line:
            continue
        rest.append(line)
        numbers.append(before + index + 1)
    chunk = fmt.parse_ops(rest, numbers=numbers)
    again = held_identically(session, chunk) if chunk and held else set()
    if not held and all(op.op_id == op_id for op, op_id in zip(chunk, ids, strict=True)):
        return chunk, True  # every line's own id looked up: none is held
    return ([op for op in chunk if op.op_id not in again] if again else chunk), False


def _chunks_again(
    kept: list[tuple[list[OpRow], bool, int]] | None,
    reader: PayloadReader,
    session: Session,
    size: int,
) -> Iterator[tuple[list[OpRow], bool, int]]:
    """The chunks of pass 1 again (kept, or read and sorted out again: a big bundle)."""
    if kept is not None:
        yield from kept
        return
    before = 0
    for lines in reader.line_chunks(size):
        fresh, known = _fresh(session, lines, before)
        yield fresh, known, len(lines)
        before += len(lines)


def _pending_count(session: Session) -> int:
    return int(
        session.connection().exec_driver_sql("SELECT count(*) FROM sync_pending").scalar_one()
    )


_MIN_STAMP = f"{MIN_MILLIS:013d}.00000"
# An OpRow's fields by position, for passes over a whole chunk at C speed.
_OP_ID = itemgetter(0)
_STAMP = itemgetter(7)
_SITE_OF = itemgetter(1)
_COUNTER_OF = itemgetter(2)
_ROW_OF = itemgetter(3, 4)  # (entity, row id)
_FIELD_OF = itemgetter(3, 5)  # (entity, field)


def _check_stamps(chunk: Sequence[OpRow]) -> None:
    for op in chunk:
        if op.hlc < _MIN_STAMP and op.site_id != GENESIS_SITE:
            raise BundleError(
                f"Operation {op.op_id[:60]} of this bundle is stamped before the year 2000, "
                "so the bundle was refused."
            )


def _check_future(latest: str, accept_future: bool, wall_clock: WallClock) -> None:
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


def _record(session: Session, staged: StagedBundle, wall_clock: WallClock) -> None:
    """The receipt, the sender's last import, and what the sender says it holds."""
    from sen_desktop.sync.scope import settle_acknowledgement

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
    "MAX_OPS_PER_PART",
    "BundleError",
    "Cancelled",
    "ExportResult",
    "FutureBundleError",
    "ImportResult",
    "StagedBundle",
    "apply",
    "export_bundle",
    "import_bundle",
    "plain_name",
    "preview",
    "series_paths",
    "stage_bundle",
]
