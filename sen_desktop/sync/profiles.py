"""Managing export profiles and the names of known laptops (sync-by-export).

A profile (``scope.add_profile``) says which groups a recipient laptop may see. A known
laptop (a ``SyncPeer`` other than this one) appears after its first bundle is imported,
as "laptop <site prefix>" until it is named (its first bundle may carry a name; one given
here stands). The name matters: ``exchange._record`` finds the profile of the laptop's
name, so a laptop named as a profile is *linked* to it, and the bundles it sends confirm
(acknowledge) what that profile's exports delivered.

Every function here validates and raises ``ValidationError`` / ``NotFoundError`` with a
sentence a secretary can act on; the caller's transaction then saves nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from sen_desktop.core.errors import NotFoundError, ValidationError
from sen_desktop.core.store.models import Base, SyncPeer, SyncProfile
from sen_desktop.core.store.oplog import local_site_id
from sen_desktop.sync.scope import Profile, add_profile, load_profile

#: The longest name a laptop or a profile may have.
MAX_NAME = 80


@dataclass(frozen=True, slots=True)
class Laptop:
    """A known laptop: another site this one has exchanged bundles with."""

    site_id: str
    name: str  # "" until named (or until its bundles carry a name)
    public_key: str
    last_import_at: str | None
    last_export_at: str | None
    profile: str | None  # the profile of the same name (case-insensitive), if any

    @property
    def label(self) -> str:
        return self.name or f"laptop {self.site_id[:8]}"


def _clean(name: str) -> str:
    return " ".join(name.split())


def profile_names(session: Session) -> list[str]:
    return list(session.scalars(select(SyncProfile.name).order_by(SyncProfile.name)))


def _same_name(session: Session, name: str) -> SyncProfile | None:
    return session.scalars(
        select(SyncProfile).where(func.lower(SyncProfile.name) == name.lower())
    ).first()


def create_profile(
    session: Session,
    name: str,
    group_codes: Sequence[str],
    *,
    contacts: bool = False,
    confidential: bool = False,
) -> Profile:
    """A new profile; refused when one of that name (in any case) exists already."""
    clean = _clean(name)
    existing = _same_name(session, clean) if clean else None
    if existing is not None:
        raise ValidationError(
            f"There is already a profile called {existing.name!r}: choose another name, "
            "or edit that profile.",
            field="name",
        )
    return add_profile(
        session, clean, group_codes, contacts=contacts, confidential=confidential
    )


def edit_profile(
    session: Session,
    name: str,
    group_codes: Sequence[str],
    *,
    contacts: bool,
    confidential: bool,
) -> Profile:
    """Change an existing profile's groups and flags (its name stays: it links the
    profile to its laptop); the next export for it follows the new scope."""
    current = load_profile(session, name)
    return add_profile(
        session, current.name, group_codes, contacts=contacts, confidential=confidential
    )


def remove_profile(session: Session, name: str) -> None:
    """Remove a profile. Its laptop keeps what it has; no bundle goes to it under that
    profile until a profile of that name is added again (which starts from nothing)."""
    current = load_profile(session, name)
    row = session.scalar(select(SyncProfile).where(SyncProfile.name == current.name))
    if row is None:
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
    """Every other laptop this one has exchanged bundles with, by name then site."""
    own = local_site_id(session)
    profiles = {n.lower(): n for n in profile_names(session)}
    peers = session.scalars(select(SyncPeer).where(SyncPeer.site_id != own)).all()
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


def find_laptop(session: Session, site_prefix: str) -> str:
    """The site id of the known laptop whose id starts with ``site_prefix``."""
    prefix = site_prefix.strip().lower()
    if not prefix:
        raise ValidationError(
            "Give the laptop's site prefix, as `bundle laptop list` shows it.", field="site"
        )
    own = local_site_id(session)
    matches = [
        site
        for site in session.scalars(select(SyncPeer.site_id).order_by(SyncPeer.site_id))
        if site.lower().startswith(prefix)
    ]
    others = [site for site in matches if site != own]
    if not others:
        if matches:
            raise ValidationError(
                "That is this laptop; a laptop is named from the other laptops' side.",
                field="site",
            )
        raise NotFoundError(
            f"No known laptop's site starts with {site_prefix.strip()!r} "
            "(see `bundle laptop list`)."
        )
    if len(others) > 1:
        raise ValidationError(
            f"{len(others)} known laptops' sites start with {site_prefix.strip()!r}; "
            "give more of it.",
            field="site",
        )
    return others[0]


def name_laptop(session: Session, site_id: str, name: str) -> Laptop:
    """Name a known laptop on this laptop. A name equal to a profile's (in any case)
    links the laptop to that profile: its bundles then acknowledge that profile's."""
    own = local_site_id(session)
    peer = session.get(SyncPeer, site_id)
    if peer is None or site_id == own:
        raise NotFoundError(
            "That laptop is not known here: a laptop appears after its first bundle is "
            "imported."
        )
    clean = _clean(name)
    if not clean:
        raise ValidationError(
            "Give the laptop a name, e.g. the profile it receives.", field="name"
        )
    if len(clean) > MAX_NAME:
        raise ValidationError(
            f"A laptop's name is at most {MAX_NAME} characters.", field="name"
        )
    other = session.scalars(
        select(SyncPeer).where(
            func.lower(SyncPeer.name) == clean.lower(), SyncPeer.site_id != site_id
        )
    ).first()
    if other is not None:
        whose = "this laptop" if other.site_id == own else f"laptop {other.site_id[:8]}"
        raise ValidationError(
            f"{whose[0].upper()}{whose[1:]} is already known as {other.name!r}: "
            "choose another name.",
            field="name",
        )
    peer.name = clean
    session.flush()
    linked = _same_name(session, clean)
    return Laptop(
        peer.site_id,
        peer.name,
        peer.public_key,
        peer.last_import_at,
        peer.last_export_at,
        linked.name if linked is not None else None,
    )
