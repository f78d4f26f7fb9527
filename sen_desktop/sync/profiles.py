"""Export profiles and the laptops bundles came from (sync-by-export, docs/TRUST.md).

Profiles follow certificates: an export for a certified laptop (``exchange.export_bundle``
with ``for_laptop``) keeps an export profile of the laptop's certified name in step with
its certificate's read groups, contacts and confidential flags
(``scope.profile_for_certificate``). The profile holds what that laptop has
acknowledged, so the next export carries only what it lacks; the bundles the laptop
sends settle it. Profiles are not added or edited by hand any more (the certificate
says what a laptop may read), and laptops are not named here (their certificates name
them); a profile may be *removed*, which forgets what its laptop acknowledged, so the
next export for it carries everything in its scope again.

Every function here validates and raises ``ValidationError`` / ``NotFoundError`` with a
sentence a secretary can act on; the caller's transaction then saves nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from sen_desktop.core.store.models import Base, SyncPeer, SyncProfile
from sen_desktop.sync.scope import load_profile

#: The longest name a profile may have.
MAX_NAME = 80


@dataclass(frozen=True, slots=True)
class Laptop:
    """A laptop this one has imported bundles from (keyed by its laptop id)."""

    site_id: str  # the laptop id (the sync_peer key)
    name: str  # its certified name, as its last bundle's certificate said
    public_key: str
    last_import_at: str | None
    last_export_at: str | None
    profile: str | None  # the profile of the same name (case-insensitive), if any

    @property
    def label(self) -> str:
        return self.name or f"laptop {self.site_id[:8]}"


def profile_names(session: Session) -> list[str]:
    return list(session.scalars(select(SyncProfile.name).order_by(SyncProfile.name)))


def remove_profile(session: Session, name: str) -> None:
    """Remove a profile and what its laptop acknowledged. Its laptop keeps what it has;
    the next export for it is made afresh from its certificate and carries everything
    in its scope."""
    row = session.scalars(
        select(SyncProfile).where(func.lower(SyncProfile.name) == " ".join(name.split()).lower())
    ).first()
    if row is None:
        load_profile(session, name)  # says which profiles there are
        return
    # Local bookkeeping kept per profile (e.g. what its recipient has been sent) goes
    # with it: every table with a foreign key to the profile.
    for table in Base.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table is SyncProfile.__table__:
                session.execute(delete(table).where(key.parent == row.id))
    session.delete(row)
    session.flush()


def known_laptops(session: Session) -> list[Laptop]:
    """Every laptop this one has imported bundles from, by name then id."""
    profiles = {n.lower(): n for n in profile_names(session)}
    peers = session.scalars(select(SyncPeer)).all()
    laptops = [
        Laptop(
            p.site_id,
            p.name,
            p.public_key,
            p.last_import_at,
            p.last_export_at,
            profiles.get(p.name.lower()) if p.name else None,
        )
        for p in peers
    ]
    return sorted(laptops, key=lambda lap: (lap.name == "", lap.name.lower(), lap.site_id))
