"""Enrolment: programme start, request, admit, join, list, revoke (docs/TRUST.md).

``TrustService`` is what the command line (``cli/trust.py``) and the Exchange page call.
The programme lead's laptop starts the programme (it becomes the root: it holds the
root key and certificate serial 1); every other laptop makes a request file, the lead
admits it into a certificate file, and the laptop joins with it, pinning the root
after a person compared the root's full fingerprint.

What it returns is in ``sync.trust_records``; the restore fence (docs/TRUST.md "Sites")
is in ``sync.fence``. Both are offered here too.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Final

from sqlalchemy import func, select

from sen_desktop.core.store.models import (
    LaptopCertificate,
    LaptopSelf,
    SiteState,
    SyncPeer,
    TrustRoot,
)
from sen_desktop.core.store.oplog import GENESIS_SITE, SITE_ROW
from sen_desktop.sync import registry as reg
from sen_desktop.sync.admission import (
    certificate_file_parts,
    chair_role,
    check_codes,
    check_request,
    dump_item,
    group_codes,
    load_json,
    registry_of,
)
from sen_desktop.sync.certificates import (
    ALL_GROUPS,
    Certificate,
    Role,
    TrustError,
    canonical,
    certificate_body,
    is_plain_name,
    normalise_fingerprint,
    now_iso,
    root_fingerprint,
    sign_item,
)
from sen_desktop.sync.documents import (
    read_request,
    read_revocation,
    request_body,
    revocation_body,
    root_body,
)
from sen_desktop.sync.fence import (
    HIGH_WATER_FILE,
    HIGH_WATER_USER,
    RECEIVED_MARK,
    fence_if_restored,
    high_water,
    move_site,
    record_high_water,
    record_received,
)
from sen_desktop.sync.identity import (
    FILE,
    NO_KEYRING_WARNING,
    KeyVault,
    LaptopIdentity,
    derive_site,
    new_sign_private,
    public_hex,
    sign_with,
    write_file_atomically,
)
from sen_desktop.sync.revoked import discount_revoked
from sen_desktop.sync.trust_records import (
    CertificateFileSummary,
    CertificateSummary,
    LaptopSummary,
    RequestSummary,
    TrustStatus,
    summarise,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sqlalchemy.orm import Session, sessionmaker

    from sen_desktop.core.recommendations.signing import SecretStore

_log = logging.getLogger(__name__)

DEFAULT_PROGRAMME_NAME: Final = "SEN Strategy programme"
DEFAULT_LEAD_NAME: Final = "Programme lead"
# What the passphrase scheme left behind: its keyring entry and its laptop key file.
LEGACY_PROGRAMME_USER: Final = "programme-key"
LEGACY_KEY_FILE: Final = "sync-keys.json"

NOT_ROOT = (
    "Only the programme lead's laptop can do this; this laptop is not the programme's root."
)


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

    @staticmethod
    def _move_site(session: Session, sign_key: str, nonce: int) -> str:
        return move_site(session, sign_key, nonce)

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
            sites = self._old_sites(session, me)
            programme_id = str(uuid.uuid4())
            root_private = new_sign_private()
            root_public = public_hex(root_private)
            created = now_iso(self._now())
            self.vault.store_root_key(programme_id, identity.laptop_id, root_private)

            def sign(message: bytes) -> bytes:
                return sign_with(root_private, message)

            root_item = sign_item(root_body(programme_id, title, root_public, created), sign)
            certificate_item = sign_item(
                certificate_body(
                    programme_id=programme_id,
                    serial=1,
                    laptop_id=identity.laptop_id,
                    name=me.name,
                    sign_key=identity.sign_public_hex,
                    age_recipient=identity.age_recipient,
                    read=[ALL_GROUPS],
                    write=[ALL_GROUPS],
                    contacts=True,
                    confidential=True,
                    roles=[Role("root")],
                    sites=sites,
                    issued=created,
                ),
                sign,
            )
            session.add(
                TrustRoot(
                    id=reg.ROW,
                    programme_id=programme_id,
                    name=title,
                    public_key=root_public,
                    item=canonical(root_item).decode("utf-8"),
                )
            )
            reg.store_certificate(
                session, Certificate.from_item(certificate_item, root_public, programme_id)
            )
            me.state = "root"
            self._move_site(session, identity.sign_public_hex, 0)
            session.flush()
            if legacy:
                seal_legacy_operations(session, identity, reg.load(session))
        return self.status()

    def _root_key(self, session: Session) -> tuple[TrustRoot, bytes]:
        me = session.get(LaptopSelf, reg.ROW)
        root = session.get(TrustRoot, reg.ROW)
        if me is None or root is None or me.state != "root":
            raise TrustError(NOT_ROOT)
        private = self.vault.load_root_key(root.programme_id)
        if public_hex(private) != root.public_key:
            raise TrustError(
                "The root key kept on this laptop does not match the programme's root; "
                "restore the keyring or key file from your backup."
            )
        return root, private

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
        with self._sessions.begin() as session:
            root, root_private = self._root_key(session)
            registry = reg.load(session)
            known = group_codes(session)
            read_codes = check_codes(read, known, "--groups")
            if not read_codes:
                raise TrustError(
                    "Name at least one group the laptop may read, e.g. --groups SG,BESD."
                )
            write_codes = (
                read_codes if write is None else check_codes(write, known, "--write")
            )
            outside = [
                code
                for code in write_codes
                if ALL_GROUPS not in read_codes and (code == ALL_GROUPS or code not in read_codes)
            ]
            if outside:
                raise TrustError(
                    f"A laptop can write only groups it can read: {', '.join(outside)} "
                    "is not among --groups."
                )
            today = self._now().date()
            roles = [
                chair_role(session, code, chair_from or today, person, today)
                for code in dict.fromkeys(c.strip() for c in chair_of if c.strip())
            ]
            check_request(registry, wanted)
            serial = (session.scalar(select(func.max(LaptopCertificate.serial))) or 0) + 1
            item = sign_item(
                certificate_body(
                    programme_id=root.programme_id,
                    serial=serial,
                    laptop_id=wanted.laptop_id,
                    name=wanted.name,
                    sign_key=wanted.sign_key,
                    age_recipient=wanted.age_recipient,
                    read=list(read_codes),
                    write=list(write_codes),
                    contacts=contacts,
                    confidential=confidential,
                    roles=roles,
                    sites=list(wanted.sites),
                    issued=now_iso(self._now()),
                ),
                lambda message: sign_with(root_private, message),
            )
            certificate = Certificate.from_item(item, root.public_key, root.programme_id)
            reg.store_certificate(session, certificate)
            me = session.get(LaptopSelf, reg.ROW)
            assert me is not None
            own = registry.certificate(me.laptop_id)
            document = {
                "kind": "certificate-file",
                "v": 1,
                "root": registry.root_item,
                "certificates": [certificate.item] + ([own.item] if own is not None else []),
                "revocations": [r.item for r in registry.revocations()],
            }
        return dump_item(document)

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
                self._move_site(session, identity.sign_public_hex, 0)
        return self.status()

    # --- revoking ----------------------------------------------------------------------------

    def revoke(self, name: str, effective: dt.datetime | None = None) -> LaptopSummary:
        """Revoke the named laptop's certificate from ``effective`` (default: now)."""
        with self._sessions.begin() as session:
            root, root_private = self._root_key(session)
            registry = reg.load(session)
            certificate = registry.by_name(name)
            if certificate is None:
                names = ", ".join(c.name for c in registry.certificates())
                raise TrustError(f"There is no laptop called {name}; the laptops are {names}.")
            if certificate.is_root:
                raise TrustError("The programme lead's laptop cannot revoke its own certificate.")
            already = registry.revoked_from(certificate.laptop_id)
            if already is not None:
                raise TrustError(f"{certificate.name} was already revoked from {already}.")
            now = self._now()
            item = sign_item(
                revocation_body(
                    root.programme_id,
                    certificate.laptop_id,
                    certificate.serial,
                    now_iso(effective if effective is not None else now),
                    now_iso(now),
                ),
                lambda message: sign_with(root_private, message),
            )
            revocation = read_revocation(item, root.public_key, root.programme_id)
            reg.store_revocation(session, revocation)
            discount_revoked(session)
            me = registry.self_laptop
        return LaptopSummary(
            laptop_id=certificate.laptop_id,
            name=certificate.name,
            certificate=summarise(certificate),
            is_self=me is not None and me.laptop_id == certificate.laptop_id,
            revoked_from=revocation.effective_from,
        )


# --- the passphrase scheme's operations ------------------------------------------------------


def seal_legacy_operations(
    session: Session, identity: LaptopIdentity, registry: reg.Registry
) -> int | None:
    """Have the new root vouch for the operations of the passphrase scheme it holds.

    Sealing is ``sync.sealing.seal_legacy`` (docs/TRUST.md "Authorship", Legacy); returns what it
    returns, or None while that module does not provide it.
    """
    try:
        from sen_desktop.sync import sealing
    except ImportError:
        _log.warning("sync.sealing is missing: legacy operations were not sealed")
        return None
    seal = getattr(sealing, "seal_legacy", None)
    if seal is None:
        _log.warning("sync.sealing.seal_legacy is missing: legacy operations were not sealed")
        return None
    result = seal(session, identity, registry)
    return result if isinstance(result, int) else None


__all__ = [
    "HIGH_WATER_FILE",
    "HIGH_WATER_USER",
    "RECEIVED_MARK",
    "CertificateFileSummary",
    "CertificateSummary",
    "LaptopSummary",
    "RequestSummary",
    "TrustService",
    "TrustStatus",
    "fence_if_restored",
    "high_water",
    "record_high_water",
    "record_received",
    "seal_legacy_operations",
    "summarise",
    "write_file_atomically",
]
