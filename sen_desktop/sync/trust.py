"""Enrolment: programme start, request, admit, join, list, revoke (docs/TRUST.md).

``TrustService`` is what the command line (``cli/trust.py``) and the Exchange page call.
The programme lead's laptop starts the programme (it becomes the root: it holds the
root key and certificate serial 1); every other laptop makes a request file, the lead
admits it into a certificate file, and the laptop joins with it, pinning the root
after a person compared the root's full fingerprint.

What it returns is in ``sync.trust_records``; what only the lead's laptop does (found
the programme, certify, revoke) is ``sync.lead``; the restore fence (docs/TRUST.md
"Sites") is ``sync.fence``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Final

from sqlalchemy import func, select

from sen_desktop.core.store.models import LaptopSelf, SiteState, SyncPeer, TrustRoot
from sen_desktop.core.store.oplog import GENESIS_SITE, SITE_ROW
from sen_desktop.sync import lead
from sen_desktop.sync import registry as reg
from sen_desktop.sync.admission import certificate_file_parts, dump_item, load_json, registry_of
from sen_desktop.sync.certificates import (
    TrustError,
    canonical,
    is_plain_name,
    normalise_fingerprint,
    now_iso,
    root_fingerprint,
    sign_item,
)
from sen_desktop.sync.documents import read_request, request_body
from sen_desktop.sync.fence import move_site
from sen_desktop.sync.identity import (
    FILE,
    NO_KEYRING_WARNING,
    KeyVault,
    LaptopIdentity,
    derive_site,
)
from sen_desktop.sync.revoked import discount_revoked
from sen_desktop.sync.trust_records import (
    CertificateFileSummary,
    LaptopSummary,
    RequestSummary,
    TrustStatus,
    summarise,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sqlalchemy.orm import Session, sessionmaker

    from sen_desktop.core.recommendations.signing import SecretStore

DEFAULT_PROGRAMME_NAME: Final = "SEN Strategy programme"
DEFAULT_LEAD_NAME: Final = "Programme lead"
# What the passphrase scheme left behind: its keyring entry and its laptop key file.
LEGACY_PROGRAMME_USER: Final = "programme-key"
LEGACY_KEY_FILE: Final = "sync-keys.json"

# --- the service -----------------------------------------------------------------------------


class TrustService:
    """Programme start, requests, admission, joining, the list and revocation.

    ``secrets`` replaces the OS keyring; ``key_passphrase`` is called (once) for the key
    file's passphrase when there is no working keyring; ``now`` gives the current time.
    """

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        data_dir: Path,
        *,
        secrets: SecretStore | None = None,
        key_passphrase: Callable[[], str] | None = None,
        now: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self._sessions = session_factory
        self._dir = Path(data_dir)
        self._secrets = secrets
        self.vault = KeyVault(self._dir, secrets, key_passphrase)
        self._now = now if now is not None else (lambda: dt.datetime.now(dt.UTC))
        self._identity: LaptopIdentity | None = None

    @property
    def warning(self) -> str | None:
        """One line to show when this laptop's keys are in the key file (no keyring)."""
        return self.vault.warning

    @property
    def data_dir(self) -> Path:
        """The data folder (the key file and ``site-high-water.json`` live there)."""
        return self._dir

    @property
    def secrets(self) -> SecretStore | None:
        """The secret store standing in for the OS keyring (None: the OS keyring)."""
        return self._secrets

    # --- reading -----------------------------------------------------------------------------

    def status(self) -> TrustStatus:
        with self._sessions() as session:
            registry = reg.load(session)
            legacy = self._legacy(session) or (self._dir / LEGACY_KEY_FILE).exists()
        me = registry.self_laptop
        if not legacy and registry.root_public is None:
            # The keyring is asked only while it matters: before the laptop is in a programme.
            legacy = self.vault.keyring_get(LEGACY_PROGRAMME_USER) is not None
        certificate = registry.certificate(me.laptop_id) if me is not None else None
        state = "none" if me is None else me.state
        warning = self.vault.warning
        if me is not None and me.secrets == FILE:
            warning = NO_KEYRING_WARNING
        return TrustStatus(
            state=state,
            laptop_name=me.name if me is not None else "",
            laptop_id=me.laptop_id if me is not None else "",
            root_fingerprint=(
                root_fingerprint(registry.root_public) if registry.root_public else ""
            ),
            programme_name=registry.programme_name,
            certificate=summarise(certificate) if certificate is not None else None,
            warning=warning,
            legacy=legacy,
        )

    def identity(self) -> LaptopIdentity:
        """This laptop's keys; TrustError when it has none yet (or they cannot be had)."""
        if self._identity is None:
            with self._sessions() as session:
                me = session.get(LaptopSelf, reg.ROW)
                if me is None:
                    raise TrustError(
                        "This laptop has no keys yet: make a request to join a programme "
                        "(`sen-desktop laptop request`), or start one."
                    )
                laptop_id, where = me.laptop_id, me.secrets
            self._identity = self.vault.load_identity(laptop_id, where)
        return self._identity

    def root_fingerprint(self) -> str:
        with self._sessions() as session:
            root = session.get(TrustRoot, reg.ROW)
            if root is None:
                raise TrustError(
                    "This laptop belongs to no programme yet: start one with `sen-desktop "
                    "programme start`, or join one with the certificate the lead gives you."
                )
            return root_fingerprint(root.public_key)

    def laptops(self) -> list[LaptopSummary]:
        with self._sessions() as session:
            registry = reg.load(session)
        me = registry.self_laptop
        return [
            LaptopSummary(
                laptop_id=c.laptop_id,
                name=c.name,
                certificate=summarise(c),
                is_self=me is not None and me.laptop_id == c.laptop_id,
                revoked_from=registry.revoked_from(c.laptop_id),
            )
            for c in registry.certificates()
        ]

    @staticmethod
    def _legacy(session: Session) -> bool:
        return session.scalar(select(func.count()).select_from(SyncPeer)) != 0

    def is_legacy(self) -> bool:
        """True when this laptop used the passphrase scheme: it pinned peers, or its
        keyring holds the programme key, or its data folder the old laptop key file."""
        with self._sessions() as session:
            if self._legacy(session):
                return True
        if (self._dir / LEGACY_KEY_FILE).exists():
            return True
        return self.vault.keyring_get(LEGACY_PROGRAMME_USER) is not None

    # --- this laptop's keys and sites --------------------------------------------------------

    def _own_identity(self, session: Session, name: str) -> tuple[LaptopIdentity, LaptopSelf]:
        """This laptop's identity and row, made (and kept) on first use."""
        me = session.get(LaptopSelf, reg.ROW)
        if me is not None:
            if self._identity is None:
                self._identity = self.vault.load_identity(me.laptop_id, me.secrets)
            return self._identity, me
        identity = LaptopIdentity.generate()
        where = self.vault.store_identity(identity)
        me = LaptopSelf(
            id=reg.ROW,
            laptop_id=identity.laptop_id,
            name=name,
            sign_key=identity.sign_public_hex,
            age_recipient=identity.age_recipient,
            site_nonce=0,
            state="requested",
            secrets=where,
        )
        session.add(me)
        self._identity = identity
        return identity, me

    @staticmethod
    def _old_sites(session: Session, me: LaptopSelf) -> list[str]:
        """This laptop's current site when it is not derived from its key (a site of the
        earlier scheme) and has operations: the request lists it, the certificate binds it."""
        site = session.get(SiteState, SITE_ROW)
        if site is None or site.site_id == GENESIS_SITE or not site.counter:
            return []
        derived = {derive_site(me.sign_key, n) for n in range(me.site_nonce + 1)}
        return [] if site.site_id in derived else [site.site_id]

    # --- the programme root ------------------------------------------------------------------

    def start_programme(self, name: str = "") -> TrustStatus:
        """Make this laptop the programme's root (once)."""
        title = " ".join(name.split()) or DEFAULT_PROGRAMME_NAME
        if not is_plain_name(title):
            raise TrustError(
                "The programme's name must be 1 to 200 plain characters, e.g. County SEN."
            )
        legacy = self.is_legacy()
        with self._sessions.begin() as session:
            root = session.get(TrustRoot, reg.ROW)
            if root is not None:
                me = session.get(LaptopSelf, reg.ROW)
                if me is not None and me.state == "root":
                    raise TrustError(
                        f"This laptop already started the programme {root.name}; its "
                        "fingerprint is shown by `sen-desktop programme fingerprint`."
                    )
                raise TrustError(
                    f"This laptop has joined the programme {root.name}, so it cannot start "
                    "another."
                )
            identity, me = self._own_identity(session, DEFAULT_LEAD_NAME)
            if not me.name:
                me.name = DEFAULT_LEAD_NAME
            lead.found_programme(
                session,
                self.vault,
                identity,
                me,
                title,
                sites=self._old_sites(session, me),
                created=self._now(),
            )
            session.flush()
            if legacy:
                from sen_desktop.sync.sealing import seal_legacy

                # The new root vouches for the passphrase scheme's operations it holds.
                seal_legacy(session, identity, reg.load(session))
        return self.status()

    # --- requests ----------------------------------------------------------------------------

    def make_request(self, name: str) -> bytes:
        """This laptop's signed request to join, as the bytes of a ``.senrequest`` file."""
        title = " ".join(name.split())
        if not is_plain_name(title):
            raise TrustError(
                "Give this laptop a name of 1 to 200 plain characters, e.g. PCRG secretary."
            )
        with self._sessions.begin() as session:
            me = session.get(LaptopSelf, reg.ROW)
            if me is not None and me.state == "root":
                raise TrustError(
                    "This laptop is the programme lead's: it admits other laptops and needs "
                    "no request."
                )
            identity, me = self._own_identity(session, title)
            me.name = title
            # A laptop admitted before (asking again) keeps the sites its certificate bound.
            held = reg.load(session).certificate(identity.laptop_id)
            bound = held.sites if held is not None else ()
            sites = list(dict.fromkeys([*bound, *self._old_sites(session, me)]))
            body = request_body(
                identity.laptop_id,
                title,
                identity.sign_public_hex,
                identity.age_recipient,
                sites,
                now_iso(self._now()),
            )
        return dump_item(sign_item(body, identity.sign))

    def read_request(self, data: bytes) -> RequestSummary:
        request = read_request(load_json(data, "laptop request"))
        return RequestSummary(request.laptop_id, request.name, request.sites, request.made)

    # --- admitting ---------------------------------------------------------------------------

    def admit(
        self,
        request: bytes,
        *,
        read: Iterable[str],
        write: Iterable[str] | None = None,
        contacts: bool = False,
        confidential: bool = False,
        chair_of: Iterable[str] = (),
        chair_from: dt.date | None = None,
        person: str | None = None,
    ) -> bytes:
        """Certify the laptop that made ``request``; returns the certificate file's bytes."""
        # A string is a comma-separated list of codes ("SG,BESD"), never a list of letters.
        if isinstance(read, str):
            read = read.split(",")
        if isinstance(write, str):
            write = write.split(",")
        if isinstance(chair_of, str):
            chair_of = chair_of.split(",")
        wanted = read_request(load_json(request, "laptop request"))
        now = self._now()
        with self._sessions.begin() as session:
            root, root_private = lead.root_key(session, self.vault)
            return lead.certify(
                session,
                root,
                root_private,
                wanted,
                read=read,
                write=write,
                contacts=contacts,
                confidential=confidential,
                chair_of=chair_of,
                chair_from=chair_from or now.date(),
                person=person,
                now=now,
            )

    # --- joining -----------------------------------------------------------------------------

    def read_certificate_file(self, data: bytes) -> CertificateFileSummary:
        root, certificates, _ = certificate_file_parts(data)
        with self._sessions() as session:
            me = session.get(LaptopSelf, reg.ROW)
            mine_id = me.laptop_id if me is not None else None
        # The file's subject: this laptop's certificate, else the first one not the root's.
        subjects = [c for c in certificates if not c.is_root] or certificates
        chosen = next((c for c in subjects if c.laptop_id == mine_id), subjects[0])
        return CertificateFileSummary(
            programme_id=root.programme_id,
            programme_name=root.name,
            root_fingerprint=root.fingerprint,
            laptop_id=chosen.laptop_id,
            laptop_name=chosen.name,
            certificate=summarise(chosen),
        )

    def join(self, data: bytes, expected_fingerprint: str | None = None) -> TrustStatus:
        """Install this laptop's certificate and pin the programme's root."""
        root, certificates, revocations = certificate_file_parts(data)
        if expected_fingerprint is not None and normalise_fingerprint(
            expected_fingerprint
        ) != normalise_fingerprint(root.fingerprint):
            raise TrustError(
                "The programme's fingerprint in this certificate file differs from the one "
                "you were given: do not join, and ask the programme lead."
            )
        identity = self.identity()
        with self._sessions.begin() as session:
            me = session.get(LaptopSelf, reg.ROW)
            assert me is not None
            pinned = session.get(TrustRoot, reg.ROW)
            if me.state == "root":
                raise TrustError("This laptop is the programme's root; it needs no certificate.")
            if pinned is not None and (
                pinned.public_key != root.public_key or pinned.programme_id != root.programme_id
            ):
                raise TrustError(
                    f"This certificate comes from another programme than {pinned.name}, the "
                    "one this laptop joined; it is refused."
                )
            mine = [c for c in certificates if c.laptop_id == identity.laptop_id]
            if not mine:
                raise TrustError(
                    "This certificate is for another laptop; join with the certificate made "
                    "from this laptop's own request."
                )
            certificate = max(mine, key=lambda c: c.serial)
            if (
                certificate.sign_key != identity.sign_public_hex
                or certificate.age_recipient != identity.age_recipient
            ):
                raise TrustError(
                    "This certificate names other keys than this laptop's; make a new request "
                    "and ask the programme lead to admit it."
                )
            unbound = [s for s in self._old_sites(session, me) if s not in certificate.sites]
            if unbound:
                # Its changes under that site could never be signed once it moves on.
                raise TrustError(
                    "This laptop has made changes since it wrote its request: write a new "
                    "request and ask the programme lead to admit it again."
                )
            held = registry_of(root, certificates, revocations)
            if held.revoked_from(identity.laptop_id) is not None:
                raise TrustError(
                    "This laptop's certificate has been revoked; ask the programme lead."
                )
            if pinned is None:
                session.add(
                    TrustRoot(
                        id=reg.ROW,
                        programme_id=root.programme_id,
                        name=root.name,
                        public_key=root.public_key,
                        item=canonical(root.item).decode("utf-8"),
                    )
                )
            for each in certificates:
                reg.store_certificate(session, each)
            if sum(reg.store_revocation(session, r) for r in revocations):
                discount_revoked(session)
            me.name = certificate.name
            if me.state != "member":
                me.state = "member"
                move_site(session, identity.sign_public_hex, 0)
        return self.status()

    # --- revoking ----------------------------------------------------------------------------

    def revoke(self, name: str, effective: dt.datetime | None = None) -> LaptopSummary:
        """Revoke the named laptop's certificate from ``effective`` (default: now)."""
        now = self._now()
        with self._sessions.begin() as session:
            root, root_private = lead.root_key(session, self.vault)
            return lead.revoke(
                session,
                root,
                root_private,
                name,
                effective=effective if effective is not None else now,
                now=now,
            )


__all__ = ["DEFAULT_LEAD_NAME", "DEFAULT_PROGRAMME_NAME", "LEGACY_PROGRAMME_USER", "TrustService"]
