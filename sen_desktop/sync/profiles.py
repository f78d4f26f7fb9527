"""Export profiles (sync-by-export, docs/TRUST.md).

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

from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select

from sen_desktop.core.store.models import Base, SyncProfile
from sen_desktop.sync.scope import load_profile

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


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
