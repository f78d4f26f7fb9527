"""What the Exchange page shows of exports, gathered in one read (no Qt; runs on the worker).

The trust state (this laptop, the programme, the certified laptops) comes from
``trust.TrustService``; this module adds the export side: each profile (one per laptop
exported for, following its certificate) with what its next export would carry, the
laptops bundles came from, rows waiting for their parents and conflicts. The records are
small and keyed: a profile by its name, a laptop by its id, so the page's models can find
the row a person had chosen again after a reload.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sen_desktop.core.store.models import Group, SyncPending, SyncProfile
from sen_desktop.sync.merge import conflicts
from sen_desktop.sync.profiles import known_laptops
from sen_desktop.sync.scope import plan_export, profile_of


@dataclass(frozen=True, slots=True)
class ProfileRow:
    name: str  # the key
    group_codes: tuple[str, ...]
    contacts: bool
    confidential: bool
    last_exchange: str
    pending: int  # operations the next export for it would carry
    laptop: str | None  # the id of the laptop of the same name, if a bundle came from it

    @property
    def groups(self) -> str:
        return ", ".join(self.group_codes)


@dataclass(frozen=True, slots=True)
class PeerRow:
    site_id: str  # the key: the laptop id
    name: str  # its certified name ("laptop 1a2b3c4d" if none)
    named: bool
    profile: str | None  # the profile of the same name, if any
    fingerprint: str  # of its signing key, in the root fingerprint's groups
    last_import: str
    last_export: str


@dataclass(frozen=True, slots=True)
class GroupChoice:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class SyncOverview:
    profiles: tuple[ProfileRow, ...]
    peers: tuple[PeerRow, ...]
    rows_waiting: int
    conflicts: int
    groups: tuple[GroupChoice, ...] = ()


def when(text: str | None) -> str:
    """ "2026-11-28 04:02 UTC" from an ISO time; "never" for none."""
    if not text:
        return "never"
    return text.replace("T", " ")[:16] + " UTC"


def _fingerprint(public_key: str) -> str:
    from sen_desktop.sync.certificates import root_fingerprint

    try:
        return root_fingerprint(public_key)
    except ValueError:
        return ""


def sync_overview(
    session_factory: sessionmaker[Session], data_dir: Path | None = None
) -> SyncOverview:
    """Everything the Exchange page shows of exports (``data_dir`` is not needed any
    more; kept so callers need not change)."""
    del data_dir
    with session_factory.begin() as s:
        laptops = known_laptops(s)
        by_name = {lap.name.lower(): lap for lap in laptops if lap.name}
        profiles = []
        for row in s.scalars(select(SyncProfile).order_by(SyncProfile.name)).all():
            profile = profile_of(row)
            # What the next export for it would carry: unacknowledged changes in scope,
            # and the whole history of rows that came into scope since.
            pending = len(plan_export(s, profile).ops)
            laptop = by_name.get(profile.name.lower())
            last = (
                max((t for t in (laptop.last_import_at, laptop.last_export_at) if t), default=None)
                if laptop is not None
                else None
            )
            profiles.append(
                ProfileRow(
                    profile.name,
                    profile.group_codes,
                    profile.contacts,
                    profile.confidential,
                    when(last),
                    pending,
                    laptop.site_id if laptop is not None else None,
                )
            )
        peers = tuple(
            PeerRow(
                lap.site_id,
                lap.label,
                bool(lap.name),
                lap.profile,
                _fingerprint(lap.public_key),
                when(lap.last_import_at),
                when(lap.last_export_at),
            )
            for lap in laptops
        )
        groups = tuple(
            GroupChoice(code, name)
            for code, name in s.execute(
                select(Group.code, Group.name)
                .where(Group.deleted.is_(False))
                .order_by(Group.position, Group.code)
            )
        )
        waiting = s.scalar(select(func.count()).select_from(SyncPending)) or 0
        conflict_count = len(conflicts(s))
    return SyncOverview(tuple(profiles), peers, int(waiting), conflict_count, groups)
