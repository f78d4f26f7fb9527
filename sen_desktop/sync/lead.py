"""What only the programme lead's laptop (the root) does (docs/TRUST.md): found the
programme, certify a laptop that asked to join, revoke a laptop's certificate.

``TrustService`` (``sync.trust``) opens the transaction, checks what a person typed and
calls these; each works in the caller's session. The root's private key comes from the
``KeyVault`` (``root_key``) and never leaves these functions.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Final

from sqlalchemy import func, select

from sen_desktop.core.store.models import LaptopCertificate, LaptopSelf, TrustRoot
from sen_desktop.sync import registry as reg
from sen_desktop.sync.admission import (
    chair_role,
    check_codes,
    check_request,
    dump_item,
    group_codes,
)
from sen_desktop.sync.certificates import (
    ALL_GROUPS,
    Certificate,
    Role,
    TrustError,
    canonical,
    certificate_body,
    now_iso,
    sign_item,
)
from sen_desktop.sync.documents import read_revocation, revocation_body, root_body
from sen_desktop.sync.fence import move_site
from sen_desktop.sync.identity import new_sign_private, public_hex, sign_with
from sen_desktop.sync.revoked import discount_revoked
from sen_desktop.sync.trust_records import LaptopSummary, summarise

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from sqlalchemy.orm import Session

    from sen_desktop.sync.documents import Request
    from sen_desktop.sync.identity import KeyVault, LaptopIdentity

NOT_ROOT: Final = (
    "Only the programme lead's laptop can do this; this laptop is not the programme's root."
)


def found_programme(
    session: Session,
    vault: KeyVault,
    identity: LaptopIdentity,
    me: LaptopSelf,
    title: str,
    *,
    sites: list[str],
    created: dt.datetime,
) -> None:
    """Make this laptop (``me``) the root of a new programme called ``title``: a new root
    key kept by ``vault``, the signed root statement, certificate serial 1 for this laptop
    (binding its earlier ``sites``), and a site derived from its key."""
    programme_id = str(uuid.uuid4())
    root_private = new_sign_private()
    root_public = public_hex(root_private)
    issued = now_iso(created)
    vault.store_root_key(programme_id, identity.laptop_id, root_private)

    def sign(message: bytes) -> bytes:
        return sign_with(root_private, message)

    root_item = sign_item(root_body(programme_id, title, root_public, issued), sign)
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
            issued=issued,
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
    move_site(session, identity.sign_public_hex, 0)


def root_key(session: Session, vault: KeyVault) -> tuple[TrustRoot, bytes]:
    """The programme's root and its private key; TrustError on any other laptop, or when
    the key kept here is not the root's."""
    me = session.get(LaptopSelf, reg.ROW)
    root = session.get(TrustRoot, reg.ROW)
    if me is None or root is None or me.state != "root":
        raise TrustError(NOT_ROOT)
    private = vault.load_root_key(root.programme_id)
    if public_hex(private) != root.public_key:
        raise TrustError(
            "The root key kept on this laptop does not match the programme's root; "
            "restore the keyring or key file from your backup."
        )
    return root, private


def certify(
    session: Session,
    root: TrustRoot,
    root_private: bytes,
    wanted: Request,
    *,
    read: Iterable[str],
    write: Iterable[str] | None,
    contacts: bool,
    confidential: bool,
    chair_of: Iterable[str],
    chair_from: dt.date,
    person: str | None,
    now: dt.datetime,
) -> bytes:
    """Certify the laptop of the verified request ``wanted`` for the groups it may read
    and write; returns the certificate file's bytes (its certificate, this laptop's, the
    root statement and the revocations)."""
    registry = reg.load(session)
    known = group_codes(session)
    read_codes = check_codes(read, known, "--groups")
    if not read_codes:
        raise TrustError("Name at least one group the laptop may read, e.g. --groups SG,BESD.")
    write_codes = read_codes if write is None else check_codes(write, known, "--write")
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
    today = now.date()
    roles = [
        chair_role(session, code, chair_from, person, today)
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
            issued=now_iso(now),
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


def revoke(
    session: Session,
    root: TrustRoot,
    root_private: bytes,
    name: str,
    *,
    effective: dt.datetime,
    now: dt.datetime,
) -> LaptopSummary:
    """Revoke the named laptop's certificate from ``effective``, and take out what it
    stamped from then on."""
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
    item = sign_item(
        revocation_body(
            root.programme_id,
            certificate.laptop_id,
            certificate.serial,
            now_iso(effective),
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


__all__ = ["NOT_ROOT", "certify", "found_programme", "revoke", "root_key"]
