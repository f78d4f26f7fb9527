"""What the Exchange page shows, gathered in one read (no Qt; runs on the worker).

The records are small and keyed: a profile by its name, a laptop by its site id, so
the page's models can find the row a person had chosen again after a reload.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.signing import fingerprint
from sen_desktop.core.store.models import Group, SyncPending, SyncProfile
from sen_desktop.core.store.oplog import local_site_id
from sen_desktop.sync.keys import SyncKeys
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
    laptop: str | None  # the site id of the laptop of the same name, if known

    @property
    def groups(self) -> str:
        return ", ".join(self.group_codes)


@dataclass(frozen=True, slots=True)
class PeerRow:
    site_id: str  # the key
    name: str  # "laptop 1a2b3c4d" until named
    named: bool
    profile: str | None  # the profile of the same name, if any
    fingerprint: str
    last_import: str
    last_export: str


@dataclass(frozen=True, slots=True)
class GroupChoice:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class SyncOverview:
    fingerprint: str | None  # None until the passphrase is set
    passphrase_set: bool
    warning: str | None
    profiles: tuple[ProfileRow, ...]
    peers: tuple[PeerRow, ...]
    rows_waiting: int
    conflicts: int
    groups: tuple[GroupChoice, ...] = ()


def when(text: str | None) -> str:
    """"2026-11-28 04:02 UTC" from an ISO time; "never" for none."""
    if not text:
        return "never"
    return text.replace("T", " ")[:16] + " UTC"


def sync_overview(
    session_factory: sessionmaker[Session], data_dir: Path, passphrase: str | None = None
) -> SyncOverview:
    """Everything the Exchange page shows (``passphrase`` where there is no keyring and
    the person typed it this session)."""
    keys = SyncKeys(data_dir)
    with session_factory.begin() as s:
        site_id = local_site_id(s)
        try:
            programme_key: bytes | None = keys.programme_key(passphrase)
        except ValidationError:
            programme_key = None
        own_print = (
            keys.laptop_key(site_id, programme_key).fingerprint if programme_key else None
        )
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
                fingerprint(lap.public_key),
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
    return SyncOverview(
        own_print,
        programme_key is not None,
        keys.warning,
        tuple(profiles),
        peers,
        int(waiting),
        conflict_count,
        groups,
    )
