"""What the Exchange page shows, read in one go on the worker: where this laptop stands
in the programme (the registry and ``TrustService.status()``), the certified laptops,
the people and groups the lead's steps offer, and the pending counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from sen_desktop.core import dates
from sen_desktop.gui.exchange.models import LaptopRow, codes_text
from sen_desktop.gui.exchange.steps import Person, long_date, roles_text
from sen_desktop.sync.status import GroupChoice

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from sen_desktop.sync.trust import TrustService

EARLIER_SCHEME: Final = (
    "This laptop used the programme passphrase, which is no longer used: every laptop "
    "now has its own certificate. Ask the programme lead for a new certificate: choose "
    "Join the programme… and give the lead the request file it saves. On the programme "
    "lead's own laptop, choose Start the programme on this laptop… instead."
)
#: Where the passphrase scheme kept a laptop key without a keyring (before issue 10).
_EARLIER_KEY_FILE: Final = "sync-keys.json"
#: This laptop's keys where there is no keyring (sync/identity.py).
KEY_FILE_NAME: Final = "laptop-identity.age"


@dataclass(frozen=True, slots=True)
class ExchangeOverview:
    """Everything the page shows, read in one go on the worker."""

    state: str  # "none" | "requested" | "member" | "root"
    laptop_name: str
    programme_name: str
    root_fingerprint: str  # "" before this laptop joins or starts a programme
    own: LaptopRow | None  # this laptop's certificate in force
    laptops: tuple[LaptopRow, ...]
    people: tuple[Person, ...]
    groups: tuple[GroupChoice, ...]
    rows_waiting: int
    conflicts: int
    warning: str | None
    earlier_scheme: bool

    @property
    def is_root(self) -> bool:
        return self.state == "root"

    @property
    def joined(self) -> bool:
        return self.state in ("member", "root")


def when_text(instant: str | None, *, short: bool = False) -> str:
    """ "7 December 2026, 09:30 UTC" (short: "7 Dec 2026 09:30") from an ISO UTC
    instant; "" for none."""
    if not instant:
        return ""
    try:
        moment = dt.datetime.fromisoformat(instant.replace("Z", "+00:00")).astimezone(dt.UTC)
    except ValueError:
        return instant
    if short:
        return f"{dates.short_date(moment.date())} {moment:%H:%M}"
    return f"{long_date(moment.date())}, {moment:%H:%M} UTC"


def load_overview(
    session_factory: sessionmaker[Session], data_dir: Path, trust: TrustService
) -> ExchangeOverview:
    """Read the page's contents (runs on the worker)."""
    from sqlalchemy import func, select

    from sen_desktop.core.store.models import Group, SyncPeer, SyncPending
    from sen_desktop.core.store.models import Person as PersonRow
    from sen_desktop.sync import registry
    from sen_desktop.sync.certificates import root_fingerprint
    from sen_desktop.sync.merge import conflicts

    status = trust.status()
    with session_factory() as s:
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
        status.legacy or (data_dir / _EARLIER_KEY_FILE).exists() or trust.is_legacy()
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


def status_sentence(overview: ExchangeOverview) -> str:
    """Where this laptop stands, in one sentence."""
    own = overview.own
    if overview.state == "root":
        return "This laptop is the programme's root (lead)."
    if overview.state == "member" and own is not None:
        if own.revoked:
            return (
                f"This laptop's certificate was revoked from {own.revoked_from}: ask the "
                "programme lead for a new certificate (Join the programme…)."
            )
        roles = f"; {own.roles}" if own.roles else ""
        return (
            f"This laptop is certified for {codes_text(own.read)} (read), "
            f"{codes_text(own.write)} (write){roles}."
        )
    if overview.state == "requested":
        return (
            f"This laptop has asked to join as “{overview.laptop_name}”: when the programme "
            "lead gives you the certificate file, choose Join the programme… to open it."
        )
    return (
        "This laptop has not joined a programme yet: join with a certificate from the "
        "programme lead, or, on the lead's own laptop, start the programme here."
    )


