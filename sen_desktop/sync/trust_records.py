"""What ``TrustService`` returns (docs/TRUST.md): plain frozen records, with the
certificate's grants in words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sen_desktop.sync.certificates import ALL_GROUPS, Certificate, Role

if TYPE_CHECKING:
    from collections.abc import Sequence


@dataclass(frozen=True)
class CertificateSummary:
    serial: int
    read: tuple[str, ...]
    write: tuple[str, ...]
    contacts: bool
    confidential: bool
    roles: tuple[str, ...]  # in words: "programme root", "chair of SG from 2026-01-01"
    issued: str

    @property
    def grants(self) -> str:
        """One line: "reads SG, BESD; writes SG; contacts; chair of SG from …"."""
        parts = [f"reads {_codes_words(self.read)}", f"writes {_codes_words(self.write)}"]
        if self.contacts:
            parts.append("contacts")
        if self.confidential:
            parts.append("confidential")
        parts.extend(self.roles)
        return "; ".join(parts)


@dataclass(frozen=True)
class TrustStatus:
    state: str  # "none" | "requested" | "member" | "root"
    laptop_name: str
    laptop_id: str
    root_fingerprint: str  # "" when no programme is pinned
    programme_name: str
    certificate: CertificateSummary | None
    warning: str | None
    legacy: bool = False  # this laptop used the passphrase scheme


@dataclass(frozen=True)
class RequestSummary:
    laptop_id: str
    name: str
    sites: tuple[str, ...]
    made: str


@dataclass(frozen=True)
class CertificateFileSummary:
    programme_id: str
    programme_name: str
    root_fingerprint: str
    laptop_id: str
    laptop_name: str
    certificate: CertificateSummary


@dataclass(frozen=True)
class LaptopSummary:
    laptop_id: str
    name: str
    certificate: CertificateSummary
    is_self: bool
    revoked_from: str | None


def _codes_words(codes: Sequence[str]) -> str:
    if ALL_GROUPS in codes:
        return "every group"
    return ", ".join(codes) if codes else "no group"


def _role_words(role: Role) -> str:
    if role.role == "root":
        return "programme root"
    return f"chair of {role.group} from {role.start}"


def summarise(certificate: Certificate) -> CertificateSummary:
    return CertificateSummary(
        serial=certificate.serial,
        read=certificate.read,
        write=certificate.write,
        contacts=certificate.contacts,
        confidential=certificate.confidential,
        roles=tuple(_role_words(role) for role in certificate.roles),
        issued=certificate.issued,
    )


__all__ = [
    "CertificateFileSummary",
    "CertificateSummary",
    "LaptopSummary",
    "RequestSummary",
    "TrustStatus",
    "summarise",
]
