"""Reading enrolment files and admitting a laptop: the checks ``TrustService`` runs
(docs/TRUST.md "Certificates and the registry").

``certificate_file_parts`` reads a certificate file (the root, certificates and
revocations, each verified against the root it carries); ``check_codes``,
``chair_role`` and ``check_request`` turn what the lead asked for into a certificate's
grants, or refuse it in one sentence a person can act on.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from sen_desktop.core.store.models import Appointment, Body, Group, Person, Seat
from sen_desktop.core.store.oplog import GENESIS_SITE
from sen_desktop.sync import registry as reg
from sen_desktop.sync.certificates import ALL_GROUPS, Certificate, Role, TrustError, canonical
from sen_desktop.sync.documents import (
    ProgrammeRoot,
    Request,
    Revocation,
    read_revocation,
    read_root,
)

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from sqlalchemy.orm import Session

MAX_FILE_BYTES = 1024 * 1024


def load_json(data: bytes, what: str) -> Any:
    if len(data) > MAX_FILE_BYTES:
        raise TrustError(f"The {what} is too large to be one.")
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise TrustError(f"The file is not a {what} (it is not readable JSON).") from error


def dump_item(value: Any) -> bytes:
    return canonical(value) + b"\n"


def certificate_file_parts(
    data: bytes,
) -> tuple[ProgrammeRoot, list[Certificate], list[Revocation]]:
    document = load_json(data, "certificate file")
    if (
        not isinstance(document, dict)
        or document.get("kind") != "certificate-file"
        or document.get("v") != 1
        or not isinstance(document.get("certificates"), list)
        or not isinstance(document.get("revocations"), list)
    ):
        raise TrustError("The file is not a certificate file this program can read.")
    root = read_root(document.get("root"))
    certificates = [
        Certificate.from_item(item, root.public_key, root.programme_id)
        for item in document["certificates"]
    ]
    revocations = [
        read_revocation(item, root.public_key, root.programme_id)
        for item in document["revocations"]
    ]
    if not certificates:
        raise TrustError("The certificate file holds no certificate.")
    return root, certificates, revocations


def group_codes(session: Session) -> list[str]:
    return list(
        session.scalars(select(Group.code).where(Group.deleted.is_(False)).order_by(Group.position))
    )


def check_codes(codes: Iterable[str], known: list[str], option: str) -> tuple[str, ...]:
    chosen: list[str] = []
    by_fold = {code.casefold(): code for code in known}
    for raw in codes:
        code = raw.strip()
        if not code:
            continue
        if code == ALL_GROUPS:
            chosen.append(ALL_GROUPS)
            continue
        found = by_fold.get(code.casefold())
        if found is None:
            raise TrustError(
                f"There is no group {code} (in {option}); the groups are "
                f"{', '.join(known)}, or * for every group."
            )
        chosen.append(found)
    return tuple(dict.fromkeys(chosen))


def chair_role(
    session: Session, code: str, start: dt.date, person: str | None, today: dt.date
) -> Role:
    """The chair role of ``code`` (a group or body) from ``start``, for ``person`` (a name
    or id) or whoever holds the group's chair seat ``today``."""
    group = session.scalars(
        select(Group).where(Group.deleted.is_(False), func.lower(Group.code) == code.lower())
    ).first()
    body = None
    if group is None:
        body = session.scalars(
            select(Body).where(Body.deleted.is_(False), func.lower(Body.code) == code.lower())
        ).first()
    if group is None and body is None:
        known = group_codes(session)
        raise TrustError(
            f"There is no group or body {code} (in --chair-of); the groups are {', '.join(known)}."
        )
    canonical_code = group.code if group is not None else body.code if body else code
    if person is not None and person.strip():
        person_id = find_person(session, person.strip())
    elif group is not None:
        person_id = chair_today(session, group, today)
    else:
        raise TrustError(
            f"{canonical_code} has no chair seat, so say who chairs it with --person NAME."
        )
    return Role("chair", canonical_code, person_id, start.isoformat())


def find_person(session: Session, wanted: str) -> str:
    if session.get(Person, wanted) is not None:
        return wanted
    folded = " ".join(wanted.split()).casefold()
    matches = [
        p.id
        for p in session.scalars(select(Person).where(Person.deleted.is_(False)))
        if " ".join(p.full_name.split()).casefold() == folded
    ]
    if not matches:
        raise TrustError(f"There is nobody called {wanted} in the programme (in --person).")
    if len(matches) > 1:
        raise TrustError(
            f"More than one person is called {wanted}; give the person's id with --person."
        )
    return matches[0]


def chair_today(session: Session, group: Group, today: dt.date) -> str:
    holders = session.scalars(
        select(Appointment.person_id)
        .join(Seat, Seat.id == Appointment.seat_id)
        .where(
            Seat.group_id == group.id,
            Seat.is_chair.is_(True),
            Seat.deleted.is_(False),
            Appointment.deleted.is_(False),
            Appointment.substitute_for_id.is_(None),
            Appointment.start_date <= today,
            (Appointment.end_date.is_(None)) | (Appointment.end_date >= today),
        )
        .order_by(Appointment.start_date.desc())
    ).all()
    if not holders:
        raise TrustError(
            f"Nobody holds the chair seat of {group.code} today, so say who chairs it "
            "with --person NAME."
        )
    return holders[0]


def check_request(registry: reg.Registry, wanted: Request) -> None:
    me = registry.self_laptop
    if me is not None and wanted.laptop_id == me.laptop_id:
        raise TrustError("This request is the programme lead's own laptop's.")
    held = registry.certificate(wanted.laptop_id)
    if held is not None and (
        held.sign_key != wanted.sign_key or held.age_recipient != wanted.age_recipient
    ):
        # A laptop's keys never change: new keys make a new laptop id.
        raise TrustError(
            f"This request reuses the laptop id of {held.name} with other keys; it is refused."
        )
    same_name = registry.by_name(wanted.name)
    if (
        same_name is not None
        and same_name.laptop_id != wanted.laptop_id
        and registry.revoked_from(same_name.laptop_id) is None
    ):
        raise TrustError(
            f"A laptop called {same_name.name} is already admitted; ask for a request "
            "under another name, or revoke that laptop first."
        )
    claimed = {
        site: c.name
        for c in registry.all_certificates()
        if c.laptop_id != wanted.laptop_id
        for site in c.sites
    }
    for site in wanted.sites:
        if site == GENESIS_SITE:
            raise TrustError("The request claims the seeded programme's site; it is refused.")
        if site in claimed:
            raise TrustError(
                f"The request claims a site of the laptop {claimed[site]}; it is refused."
            )


def registry_of(
    root: ProgrammeRoot, certificates: list[Certificate], revocations: list[Revocation]
) -> reg.Registry:
    """The registry a certificate file would give (to check it before storing it)."""
    return reg.Registry(
        programme_id=root.programme_id,
        programme_name=root.name,
        root_public=root.public_key,
        root_item=root.item,
        certificates=certificates,
        revocations=revocations,
    )


__all__ = [
    "certificate_file_parts",
    "chair_role",
    "check_codes",
    "check_request",
    "dump_item",
    "find_person",
    "group_codes",
    "load_json",
    "registry_of",
]
