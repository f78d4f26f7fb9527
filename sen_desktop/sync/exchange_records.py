"""What the Exchange page shows, as plain records (no SQLAlchemy, no Qt): where this
laptop stands in the programme, the certified laptops, the people and groups the lead's
steps offer, and the words for roles, dates and group codes.

``sync.exchange_service.ExchangeService.overview`` reads them on the worker; the page's
models and dialogs import only this module, so opening the page loads no ORM.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from sen_desktop.core import dates

if TYPE_CHECKING:
    from collections.abc import Sequence

EARLIER_SCHEME: Final = (
    "This laptop used the programme passphrase, which is no longer used: every laptop "
    "now has its own certificate. Ask the programme lead for a new certificate: choose "
    "Join the programme… and give the lead the request file it saves. On the programme "
    "lead's own laptop, choose Start the programme on this laptop… instead."
)
#: Where the passphrase scheme kept a laptop key without a keyring (before issue 10).
EARLIER_KEY_FILE: Final = "sync-keys.json"
#: This laptop's keys where there is no keyring (sync/identity.py).
KEY_FILE_NAME: Final = "laptop-identity.age"


@dataclass(frozen=True, slots=True)
class GroupChoice:
    """A group the lead may let a laptop read or write ("SG", "Strategy Steering Group")."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Person:
    """A person a chair's certificate may name."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class LaptopRow:
    """A certified laptop as the Laptops table shows it (made from the registry on the
    worker; every text came from a certificate and is shown as plain text)."""

    laptop_id: str  # the key
    name: str
    read: tuple[str, ...]
    write: tuple[str, ...]
    roles: str  # "programme lead (root)", "chair of SG from 1 September 2026"
    serial: int
    revoked_from: str  # "" while in force
    this_laptop: bool = False
    root: bool = False  # the programme lead's laptop
    chair: bool = False
    contacts: bool = False
    confidential: bool = False
    last_import: str = "never"  # the last bundle from it imported here
    last_export: str = "never"  # the last bundle for it exported here

    @property
    def revoked(self) -> bool:
        return bool(self.revoked_from)


@dataclass(frozen=True, slots=True)
class ExchangeOverview:
    """Everything the Exchange page shows, read in one go on the worker."""

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


def codes_text(codes: Sequence[str]) -> str:
    """ "every group" for "*", else the codes with commas; "none" for none."""
    if "*" in codes:
        return "every group"
    return ", ".join(codes) if codes else "none"


def long_date(day: dt.date) -> str:
    return dates.uk_date(day)  # English month names whatever the desktop's language


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


def roles_text(roles: Sequence[Any], *, short: bool = False) -> str:
    """ "programme lead (root)", "chair of SG from 1 September 2026" (short: "1 Sep
    2026") …"""
    words = []
    for role in roles:
        kind = _field(role, "role")
        if kind == "root":
            words.append("programme lead (root)")
        elif kind == "chair":
            group = _field(role, "group")
            start = _field(role, "start") or _field(role, "from")
            when = ""
            if start:
                try:
                    day = dt.date.fromisoformat(start)
                    when = f" from {dates.short_date(day) if short else long_date(day)}"
                except ValueError:
                    when = f" from {start}"
            words.append(f"chair of {group}{when}")
        elif kind:
            words.append(kind)
    return ", ".join(words)


def _field(value: Any, name: str) -> str:
    if isinstance(value, dict):
        found = value.get(name, "")
    elif isinstance(value, str):
        found = value if name == "role" else ""
    else:
        found = getattr(value, name, "")
    return str(found or "")


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


def pending_sentence(waiting: int, conflicts: int) -> str:
    """What an import left to finish, in words; "" when nothing is left.

    "Waiting" changes are ones whose meeting or item has not arrived yet (they come in
    with a later bundle); a conflict is text changed on two laptops at once."""
    parts = []
    if waiting == 1:
        parts.append("1 change waits for the meeting or item it belongs to (a later bundle "
                     "brings it)")
    elif waiting:
        parts.append(f"{waiting:,} changes wait for the meetings or items they belong to "
                     "(a later bundle brings them)")
    if conflicts == 1:
        parts.append("1 text was changed on two laptops at once: choose which to keep on "
                     "the Conflicts page")
    elif conflicts:
        parts.append(f"{conflicts:,} texts were changed on two laptops at once: choose "
                     "which to keep on the Conflicts page")
    return "; ".join(parts) + "." if parts else ""
