"""Helpers for the signed-batch and authority tests (``from authorship_helpers import …``).

A ``World`` is a programme: a root key that certifies laptops and revokes them. A
``Member`` is a ``merge_helpers.Laptop`` with its own keys and certificate, writing under
the site derived from its key, as a joined laptop does. ``send`` seals the author's
operations and carries them with their batches; ``receive`` runs the checks an import
runs and applies what passes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

import pytest
from merge_helpers import EPOCH, Laptop
from sqlalchemy import select, text

from sen_desktop.core.recommendations.signing import MemorySecretStore
from sen_desktop.core.store import models as m
from sen_desktop.sync.authority import Checker
from sen_desktop.sync.batches import (
    ZERO_DIGEST,
    BatchError,
    batch_body,
    batches_covering,
    op_digest,
    store_batches,
)
from sen_desktop.sync.certificates import (
    Certificate,
    Role,
    certificate_body,
    sign_item,
)
from sen_desktop.sync.documents import Revocation, read_revocation, revocation_body
from sen_desktop.sync.identity import LaptopIdentity, derive_site, public_hex, sign_with
from sen_desktop.sync.merge import apply_ops
from sen_desktop.sync.operations import OpRow, ops_since
from sen_desktop.sync.registry import Registry, SelfLaptop
from sen_desktop.sync.sealing import seal_pending

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from pathlib import Path

ISSUED = "2026-11-01T09:00:00Z"
HLC = f"{EPOCH:013d}.00000"
_AGE = {}  # one age identity per process: making them is slow and the tests never decrypt


def _age_secret() -> str:
    if "secret" not in _AGE:
        import pyrage

        _AGE["secret"] = str(pyrage.x25519.Identity.generate())
    return _AGE["secret"]


class World:
    """A programme: its root key, the certificates it issued and its revocations."""

    def __init__(self) -> None:
        self.programme = str(uuid.uuid4())
        self.root_private = bytes(range(1, 33))
        self.root_public = public_hex(self.root_private)
        self.certificates: list[Certificate] = []
        self.revocations: list[Revocation] = []

    def _sign(self, message: bytes) -> bytes:
        return sign_with(self.root_private, message)

    def certify(
        self,
        identity: LaptopIdentity,
        name: str,
        *,
        write: Sequence[str],
        root: bool = False,
        chair_of: str = "",
        chair_person: str = "",
        sites: Sequence[str] = (),
    ) -> Certificate:
        roles = [Role("root")] if root else []
        if chair_of:
            roles.append(Role("chair", chair_of, chair_person, "2026-01-01"))
        body = certificate_body(
            programme_id=self.programme,
            serial=len(self.certificates) + 1,
            laptop_id=identity.laptop_id,
            name=name,
            sign_key=identity.sign_public_hex,
            age_recipient=identity.age_recipient,
            read=list(write) or ["SG"],
            write=list(write),
            contacts=False,
            confidential=False,
            roles=roles,
            sites=list(sites),
            issued=ISSUED,
        )
        item = sign_item(body, self._sign)
        certificate = Certificate.from_item(item, self.root_public, self.programme)
        self.certificates.append(certificate)
        return certificate

    def revoke(self, laptop_id: str, effective: str) -> None:
        serial = max(c.serial for c in self.certificates if c.laptop_id == laptop_id)
        body = revocation_body(self.programme, laptop_id, serial, effective, ISSUED)
        item = sign_item(body, self._sign)
        self.revocations.append(read_revocation(item, self.root_public, self.programme))

    def registry(self, me: Member | None = None, *, without: Iterable[str] = ()) -> Registry:
        left_out = set(without)
        self_laptop = None
        if me is not None:
            self_laptop = SelfLaptop(
                laptop_id=me.identity.laptop_id,
                name=me.name,
                state="root" if me.certificate.is_root else "member",
                site_nonce=me.nonce,
                sign_key=me.identity.sign_public_hex,
                age_recipient=me.identity.age_recipient,
                secrets="keyring",
            )
        return Registry(
            programme_id=self.programme,
            programme_name="County SEN review",
            root_public=self.root_public,
            certificates=[c for c in self.certificates if c.laptop_id not in left_out],
            revocations=list(self.revocations),
            self_laptop=self_laptop,
        )


class Member(Laptop):
    """A certified laptop writing under the site derived from its key."""

    def __init__(
        self,
        world: World,
        number: int,
        name: str,
        folder: Path,
        *,
        write: Sequence[str],
        root: bool = False,
        chair_of: str = "",
        chair_person: str = "",
        old_sites: Sequence[str] = (),
    ) -> None:
        super().__init__(number)
        self.world = world
        self.name = name
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.secrets = MemorySecretStore()
        self.identity = LaptopIdentity(
            str(uuid.UUID(int=0xABC << 64 | number)),
            bytes([number]) * 32,
            _age_secret(),
        )
        self.nonce = 0
        self.certificate = world.certify(
            self.identity,
            name,
            write=write,
            root=root,
            chair_of=chair_of,
            chair_person=chair_person,
            sites=old_sites,
        )
        self.move_to(derive_site(self.identity.sign_public_hex, 0))

    def move_to(self, site: str) -> None:
        self.site_id = site
        with self.factory.begin() as session:
            session.execute(text("UPDATE site_state SET site_id = :s"), {"s": site})

    def registry(self, **kwargs: Any) -> Registry:
        return self.world.registry(self, **kwargs)

    def seal(self) -> int:
        with self.factory.begin() as session:
            return seal_pending(
                session,
                self.identity,
                self.registry(),
                data_dir=self.folder,
                secrets=self.secrets,
            )

    def send(self, known: dict[str, int] | None = None) -> tuple[list[dict[str, Any]], list[OpRow]]:
        """Seal, then the operations the recipient lacks with the batches covering them."""
        self.seal()
        with self.factory() as session:
            ops = ops_since(session, known or {})
            ops = [op for op in ops if op.site_id != "00000000-0000-0000-0000-000000000000"]
            return batches_covering(session, ops), ops

    def checker(self, session: Any, *, own_sites: set[str] | None = None, **kwargs: Any) -> Checker:
        return Checker(
            session,
            self.registry(**kwargs),
            own_laptop_id=self.identity.laptop_id,
            own_sites=own_sites or {self.site_id},
        )

    def receive_signed(
        self,
        items: list[dict[str, Any]],
        ops: list[OpRow],
        *,
        chunk: int = 1000,
        **kwargs: Any,
    ) -> Checker:
        """Check (in chunks, two passes) and apply; BatchError leaves nothing applied."""
        with self.factory.begin() as session:
            checker = self.checker(session, **kwargs)
            checker.add_batches(items)
            for start in range(0, len(ops), chunk):
                checker.note(ops[start : start + chunk])
            for start in range(0, len(ops), chunk):
                checker.check(ops[start : start + chunk])
            apply_ops(session, ops, wall_clock=self.wall)
            store_batches(session, checker.batches())
        return checker

    def one(self, model: Any, **where: Any) -> Any:
        with self.factory() as session:
            query = select(model)
            for key, value in where.items():
                query = query.where(getattr(model, key) == value)
            return session.scalars(query).one()


def group_of(laptop: Laptop, code: str) -> str:
    with laptop.factory() as session:
        return session.scalars(select(m.Group.id).where(m.Group.code == code)).one()


def add_minute(laptop: Laptop, code: str, words: str = "Noted.") -> dict[str, str]:
    """A meeting, an agenda item and a minute entry of the group ``code``."""
    group = group_of(laptop, code)  # before the transaction: the laptop has one connection
    with laptop.factory.begin() as session:
        meeting = m.Meeting(group_id=group, number=1, date=dt.date(2026, 9, 14))
        session.add(meeting)
        session.flush()
        item = m.AgendaItem(meeting_id=meeting.id, position=1, title="Outreach")
        session.add(item)
        session.flush()
        minute = m.MinuteEntry(agenda_item_id=item.id, text=words)
        session.add(minute)
        session.flush()
        return {"meeting": meeting.id, "item": item.id, "minute": minute.id}


def add_person(laptop: Laptop, name: str, *, seat_of: str = "") -> str:
    """A person; appointed to the first seat of group ``seat_of`` when given."""
    with laptop.factory.begin() as session:
        person = m.Person(full_name=name)
        session.add(person)
        session.flush()
        if seat_of:
            group = select(m.Group.id).where(m.Group.code == seat_of).scalar_subquery()
            seat = session.scalars(select(m.Seat).where(m.Seat.group_id == group)).first()
            assert seat is not None
            session.add(
                m.Appointment(seat_id=seat.id, person_id=person.id, start_date=dt.date(2026, 1, 1))
            )
        return person.id


def add_recommendation(laptop: Laptop, code: str = "BESD") -> dict[str, str]:
    """A recommendation of group ``code`` with one 'agreed' event."""
    group = group_of(laptop, code)
    with laptop.factory.begin() as session:
        rec = m.Recommendation(reference=f"{code}-R1", group_id=group, title="More outreach")
        session.add(rec)
        session.flush()
        event = m.RecommendationEvent(
            recommendation_id=rec.id, transition="agreed", at="2026-11-02T10:00:00Z"
        )
        session.add(event)
        session.flush()
        return {"recommendation": rec.id, "event": event.id}


def update(laptop: Laptop, model: Any, row_id: str, **values: Any) -> None:
    with laptop.factory.begin() as session:
        row = session.get(model, row_id)
        assert row is not None
        for key, value in values.items():
            setattr(row, key, value)


# --- refusals and forgeries --------------------------------------------------------------


def refused(recipient: Member, items: list[dict[str, Any]], ops: list[OpRow], **kw: Any) -> str:
    """The one sentence the recipient refuses with; its tables and batches unchanged."""
    before = recipient.dump()
    with recipient.factory() as session:
        batches_before = session.scalars(select(m.OpBatch.batch_id)).all()
    with pytest.raises(BatchError) as caught:
        recipient.receive_signed(items, ops, **kw)
    assert recipient.dump() == before
    with recipient.factory() as session:
        assert session.scalars(select(m.OpBatch.batch_id)).all() == batches_before
    message = str(caught.value)
    assert "\n" not in message and message.endswith(".")
    return message


def forge(
    signer: Member,
    ops: list[OpRow],
    *,
    site: str | None = None,
    nonce: int | None = 0,
    legacy: bool = False,
    claimed_signer: str | None = None,
    programme: str | None = None,
) -> dict[str, Any]:
    """A batch over ``ops`` signed with ``signer``'s key, saying what the caller wants."""
    counters = sorted(op.counter for op in ops)
    digests = {op.counter: op_digest(op) for op in ops}
    first, last = counters[0], counters[-1]
    body = batch_body(
        programme=programme or signer.world.programme,
        signer=claimed_signer or signer.identity.laptop_id,
        site=site or ops[0].site_id,
        nonce=nonce,
        first=first,
        last=last,
        prev="",
        legacy=legacy,
        digests=b"".join(digests.get(c, ZERO_DIGEST) for c in range(first, last + 1)),
        sealed="2026-11-02T10:00:00Z",
    )
    return sign_item(body, signer.identity.sign)


def person_ops(site: str, counters: list[int], row: str = "") -> list[OpRow]:
    row = row or "99999999-0000-0000-0000-000000000001"
    return [
        OpRow(f"{site}:{c}", site, c, "person", row, "full_name", '"Mallory"', HLC, ())
        for c in counters
    ]


def new_ops(laptop: Member, since: dict[str, int]) -> list[OpRow]:
    with laptop.factory() as session:
        return [op for op in ops_since(session, since) if op.site_id == laptop.site_id]


def group_name(laptop: Member, code: str) -> str:
    return str(laptop.one(m.Group, code=code).name)
