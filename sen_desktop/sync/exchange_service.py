"""Bundles and the Exchange page's reads, as one service the window and the command line
call (docs/TRUST.md; docs/architecture.md "Services own their transactions").

``ExchangeService(session_factory, data_dir)`` builds this laptop's ``TrustService``
once and offers:

- ``overview()``: where this laptop stands in the programme, the certified laptops, the
  people and groups the lead's steps offer, and the pending counts, in one read
  (records from ``sync.exchange_records``, no ORM object leaves here);
- ``export``, ``stage``, ``preview``, ``apply`` and ``import_bundle`` around
  ``sync.exporting``, ``sync.staging`` and ``sync.exchange`` (which open and commit
  their own transactions), each taking a ``core.progress.Progress`` it hands on: its
  reports move the window's progress strip or the command line's percentage, and its
  Cancel stops the exchange at its next safe point, before anything is committed or the
  target file is renamed into place, raising ``core.progress.Cancelled`` with a
  sentence saying nothing changed;
- ``profiles()`` and ``remove_profile(name)`` for ``sen-desktop bundle profile``.

Given the ``Database`` (``db=``), a preview or an import runs inside its ``large_write``:
refused at once, nothing written, when the disk lacks room for four times the bundle,
and the write-ahead log emptied afterwards, committed or rolled back.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sen_desktop.core.progress import NO_PROGRESS
from sen_desktop.sync import exchange, exporting, staging
from sen_desktop.sync.exchange_records import (
    EARLIER_KEY_FILE,
    ExchangeOverview,
    GroupChoice,
    LaptopRow,
    Person,
    roles_text,
    when_text,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from contextlib import AbstractContextManager

    from sqlalchemy.orm import Session, sessionmaker

    from sen_desktop.core.progress import Progress
    from sen_desktop.core.store.database import Database
    from sen_desktop.sync.exchange import ImportResult
    from sen_desktop.sync.exporting import ExportResult
    from sen_desktop.sync.staging import StagedBundle
    from sen_desktop.sync.trust import TrustService


@dataclass(frozen=True, slots=True)
class ProfileLine:
    """An export profile as ``sen-desktop bundle profile list`` prints it."""

    name: str
    group_codes: tuple[str, ...]
    contacts: bool
    confidential: bool

    @property
    def line(self) -> str:
        """ "PCRG secretary<TAB>PCRG,SG, with contacts and confidential"."""
        extras = [
            w for w, on in (("contacts", self.contacts), ("confidential", self.confidential))
            if on
        ]
        more = f", with {' and '.join(extras)}" if extras else ""
        return f"{self.name}\t{','.join(self.group_codes)}{more}"


class ExchangeService:
    """This laptop's side of sync-by-export: what the Exchange page shows, and bundles."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        data_dir: Path,
        *,
        key_passphrase: Callable[[], str] | None = None,
        trust: TrustService | None = None,
        db: Database | None = None,
    ) -> None:
        self._sf = session_factory
        self.data_dir = Path(data_dir)
        self._key_passphrase = key_passphrase
        self._trust = trust
        self._db = db

    @property
    def trust(self) -> TrustService:
        """This laptop's trust service (built on first use: it may ask for the key
        file's passphrase)."""
        if self._trust is None:
            from sen_desktop.sync.trust import TrustService

            self._trust = TrustService(
                self._sf, self.data_dir, key_passphrase=self._key_passphrase
            )
        return self._trust

    # --- reading -------------------------------------------------------------------------

    def overview(self) -> ExchangeOverview:
        """Everything the Exchange page shows, in one read."""
        from sqlalchemy import func, select

        from sen_desktop.core.store.models import Group, SyncPeer, SyncPending
        from sen_desktop.core.store.models import Person as PersonRow
        from sen_desktop.sync import registry
        from sen_desktop.sync.certificates import root_fingerprint
        from sen_desktop.sync.conflicts import conflicts

        trust = self.trust
        status = trust.status()
        with self._sf() as s:
            reg = registry.load(s)
            me = reg.self_laptop
            rows = []
            for cert in reg.certificates():
                peer = s.get(SyncPeer, cert.laptop_id)
                rows.append(LaptopRow(
                    laptop_id=cert.laptop_id,
                    name=cert.name,
                    read=tuple(cert.read),
                    write=tuple(cert.write),
                    roles=roles_text(cert.roles, short=True),
                    serial=cert.serial,
                    revoked_from=when_text(reg.revoked_from(cert.laptop_id), short=True),
                    this_laptop=me is not None and cert.laptop_id == me.laptop_id,
                    root=cert.is_root,
                    chair=bool(cert.chair_roles()),
                    contacts=cert.contacts,
                    confidential=cert.confidential,
                    last_import=(when_text(peer.last_import_at, short=True) if peer else "")
                    or "never",
                    last_export=(when_text(peer.last_export_at, short=True) if peer else "")
                    or "never",
                ))
            # This laptop first, then the lead's, then the others by name.
            rows.sort(key=lambda r: (not r.this_laptop, not r.root, r.name.casefold(), r.serial))
            own = next((r for r in rows if r.this_laptop), None)
            groups = tuple(
                GroupChoice(code, name)
                for code, name in s.execute(
                    select(Group.code, Group.name)
                    .where(Group.deleted.is_(False))
                    .order_by(Group.position, Group.code)
                )
            )
            people = tuple(
                Person(pid, name)
                for pid, name in s.execute(
                    select(PersonRow.id, PersonRow.full_name)
                    .where(PersonRow.deleted.is_(False))
                    .order_by(PersonRow.full_name)
                )
            )
            waiting = int(s.scalar(select(func.count()).select_from(SyncPending)) or 0)
            conflict_count = len(conflicts(s))
            state = me.state if me is not None else "none"
        earlier = state == "none" and (
            status.legacy or (self.data_dir / EARLIER_KEY_FILE).exists() or trust.is_legacy()
        )
        return ExchangeOverview(
            state=state,
            laptop_name=me.name if me is not None else "",
            programme_name=reg.programme_name,
            root_fingerprint=root_fingerprint(reg.root_public) if reg.root_public else "",
            own=own,
            laptops=tuple(rows),
            people=people,
            groups=groups,
            rows_waiting=waiting,
            conflicts=conflict_count,
            warning=status.warning,
            earlier_scheme=earlier,
        )

    def has_key_file(self) -> bool:
        """Whether this laptop's keys are already in a key file (no keyring)."""
        from sen_desktop.sync.identity import KEY_FILE_NAME

        return (self.data_dir / KEY_FILE_NAME).exists()

    # --- bundles -------------------------------------------------------------------------

    def export(
        self,
        path: Path,
        for_laptop: str | None = None,
        *,
        for_profile: bool = False,
        progress: Progress = NO_PROGRESS,
    ) -> ExportResult:
        """Write the bundle (or series) for ``for_laptop`` (None: everything, for every
        laptop certified to read everything). Cancelled: nothing written."""
        return exporting.export_bundle(
            self._sf, path, self.trust, for_laptop=for_laptop, for_profile=for_profile,
            progress=progress,
        )

    def stage(self, path: Path, progress: Progress = NO_PROGRESS) -> StagedBundle:
        """Copy, check and decrypt ``path`` once into a private file (``close()`` it)."""
        return staging.stage_bundle(self._sf, path, self.trust, progress=progress)

    def preview(
        self,
        staged: StagedBundle,
        *,
        accept_future: bool = False,
        progress: Progress = NO_PROGRESS,
    ) -> ImportResult:
        """What importing the staged copy would do (its transaction is rolled back)."""
        with self._large_write(staged.ciphertext):
            return exchange.preview(
                self._sf, staged, accept_future=accept_future, progress=progress
            )

    def apply(
        self,
        staged: StagedBundle,
        *,
        accept_future: bool = False,
        progress: Progress = NO_PROGRESS,
    ) -> ImportResult:
        """Import the staged copy the preview read (not the file again) in one
        transaction; the staged copy is removed either way."""
        try:
            with self._large_write(staged.ciphertext):
                return exchange.apply(
                    self._sf, staged, accept_future=accept_future, progress=progress
                )
        finally:
            staged.close()

    def import_bundle(
        self,
        path: Path,
        *,
        dry_run: bool = False,
        accept_future: bool = False,
        progress: Progress = NO_PROGRESS,
    ) -> ImportResult:
        """Stage, check and import ``path`` in one go (the command line's import)."""
        trust = self.trust
        with self._large_write(Path(path)):
            return exchange.import_bundle(
                self._sf, path, trust, dry_run=dry_run, accept_future=accept_future,
                progress=progress,
            )

    def _large_write(self, bundle: Path) -> AbstractContextManager[None]:
        """The database's ``large_write`` for a bundle of ``bundle``'s size (room for four
        times it), when the service was given the database."""
        if self._db is None:
            return nullcontext()
        try:
            size = bundle.stat().st_size
        except OSError:
            size = 0  # staging says what is wrong with the file, in its own words
        return self._db.large_write(needed=4 * size)

    # --- export profiles -----------------------------------------------------------------

    def profiles(self) -> list[ProfileLine]:
        """Every export profile by name."""
        from sqlalchemy import select

        from sen_desktop.core.store.models import SyncProfile
        from sen_desktop.sync.scope import profile_of

        with self._sf() as s:
            rows = s.scalars(select(SyncProfile).order_by(SyncProfile.name)).all()
            found = [profile_of(row) for row in rows]
        return [
            ProfileLine(p.name, tuple(p.group_codes), bool(p.contacts), bool(p.confidential))
            for p in found
        ]

    def remove_profile(self, name: str) -> None:
        """Forget an export profile and what its laptop acknowledged (``profiles``)."""
        from sen_desktop.sync.profiles import remove_profile

        with self._sf.begin() as s:
            remove_profile(s, name)
