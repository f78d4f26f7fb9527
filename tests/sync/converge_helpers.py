"""Helpers for the convergence state machine (imported as ``from converge_helpers import …``).

An ``Office`` is a ``merge_helpers.Laptop`` that also has what a person's laptop has
under the trust model (docs/TRUST.md): its own keyring (an in-memory store, one per
laptop, so a laptop's private keys live only there), a ``TrustService`` over it, and a
``RecommendationService`` on the laptop's skewed wall clock that signs a chair's
decisions with the laptop's own key.

The ledger of what an honest laptop may hold and the malicious laptop are in
``forger_helpers``.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from merge_helpers import Laptop
from sqlalchemy import select

from sen_desktop.core.recommendations.service import RecommendationService
from sen_desktop.core.recommendations.signing import MemorySecretStore
from sen_desktop.core.store import models as m
from sen_desktop.core.store.oplog import GENESIS_SITE
from sen_desktop.sync import identity as ident

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from pathlib import Path

    from sen_desktop.sync.merge import ApplyReport
    from sen_desktop.sync.operations import OpRow

MemoryStore = MemorySecretStore  # one laptop's keyring

# --- identities a hypothesis replay sees again --------------------------------------------


_POOL: list[tuple[bytes, str]] = []


def deterministic_identities() -> Callable[[], None]:
    """From now on ``LaptopIdentity.generate`` hands out the same keys and laptop ids in
    the same order on every run of a test case (site ids derive from keys, and the merge
    breaks ties by site id: random keys would reorder a replay). Returns the undo."""
    import pyrage

    original = ident.LaptopIdentity.__dict__["generate"]
    made = [0]

    def generate(cls: type[ident.LaptopIdentity]) -> ident.LaptopIdentity:
        number = made[0]
        made[0] += 1
        while len(_POOL) <= number:
            _POOL.append((ident.new_sign_private(), str(pyrage.x25519.Identity.generate())))
        sign, age = _POOL[number]
        return cls(str(uuid.UUID(int=0xA1 << 120 | number + 1)), sign, age)

    ident.LaptopIdentity.generate = classmethod(generate)  # type: ignore[method-assign,assignment]

    def restore() -> None:
        ident.LaptopIdentity.generate = original  # type: ignore[method-assign]

    return restore


# --- a laptop -----------------------------------------------------------------------------


class Office(Laptop):
    def __init__(self, number: int, folder: Path, *, skew_ms: int = 0) -> None:
        super().__init__(number, skew_ms=skew_ms)
        from sen_desktop.sync.trust import TrustService

        self.number = number
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.keyring = MemoryStore()
        self.trust = TrustService(self.factory, folder, secrets=self.keyring, now=self.now)
        self.service = RecommendationService(
            self.factory, today=lambda: dt.date(2026, 11, 28), signer=_Lazy(self), now=self.now
        )
        self.name = f"Laptop {number}"

    def now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.wall() / 1000, tz=dt.UTC)

    def refresh_site(self) -> None:
        """Starting the programme and joining move the laptop to a site of its key."""
        with self.factory() as session:
            self.site_id = session.scalars(select(m.SiteState.site_id)).one()

    @property
    def laptop_id(self) -> str:
        return self.trust.identity().laptop_id

    def seal(self) -> None:
        from sen_desktop.sync.registry import load
        from sen_desktop.sync.sealing import seal_pending

        with self.factory.begin() as session:
            seal_pending(
                session,
                self.trust.identity(),
                load(session),
                data_dir=self.folder,
                secrets=self.keyring,
                now=self.now,
            )

    def ops_for(self, known: dict[str, int]) -> list[OpRow]:
        """What this laptop would send, sealed first (nothing leaves a laptop unsigned),
        less -- as an export leaves out -- another laptop's changes of the passphrase
        scheme that no batch here covers yet (the lead's legacy batches have not come)."""
        from sen_desktop.sync.batches import batches_covering

        self.seal()
        ops = super().ops_for(known)
        missing: list[OpRow] = []
        with self.factory() as session:
            covering = batches_covering(session, ops, missing=missing)
        if missing:
            gone = {op.op_id for op in missing}
            ops = [op for op in ops if op.op_id not in gone]
            covering = []  # worked out again for what is left
        self._covering = (ops, [json.dumps(item) for item in covering])
        return ops

    def batches_for(self, ops: Sequence[OpRow]) -> list[str]:
        """The signed batch items that cover ``ops``, as JSON (what a bundle carries)."""
        from sen_desktop.sync.batches import batches_covering

        last = getattr(self, "_covering", None)
        if last is not None and last[0] is ops and (last[1] or not ops):
            return last[1]
        with self.factory() as session:
            return [json.dumps(item) for item in batches_covering(session, ops)]

    def can_relay(self, ops: Sequence[OpRow]) -> bool:
        """Whether a batch here covers each of ``ops``, so this laptop can pass them on
        signed (another laptop's change of the passphrase scheme may have none here until
        the lead's legacy batches or its author's own arrive)."""
        from sen_desktop.sync.batches import batches_covering

        missing: list[OpRow] = []
        with self.factory() as session:
            batches_covering(session, ops, missing=missing)
        return not missing

    def keep_batches(self, batches: Iterable[str]) -> None:
        """Keep batches as an import keeps them (after its checks)."""
        from sen_desktop.sync.batches import WireBatch, store_batches

        with self.factory.begin() as session:
            store_batches(session, [WireBatch.from_item(json.loads(b)) for b in batches])

    def own_sites(self) -> set[str]:
        """The sites this laptop writes or wrote under: derived from its key (each nonce
        up to the one it uses now: a restore moves it on) and the old sites its
        certificate binds."""
        from sen_desktop.sync.registry import load

        with self.factory() as session:
            registry = load(session)
        me = registry.self_laptop
        if me is None:
            return {self.site_id}
        certificate = registry.certificate(me.laptop_id)
        sites = {ident.derive_site(me.sign_key, n) for n in range(me.site_nonce + 1)}
        return sites | set(certificate.sites if certificate else ()) | {self.site_id}

    def revocations(self) -> set[str]:
        """The laptops whose revocation this laptop holds."""
        with self.engine.connect() as conn:
            return {r for (r,) in conn.exec_driver_sql("SELECT laptop_id FROM laptop_revocation")}

    def registry_items(self) -> list[dict[str, Any]]:
        """The registry as a bundle carries it: the root, certificates, revocations."""
        from sen_desktop.sync.registry import load

        with self.factory() as session:
            return load(session).items()

    def take_registry(self, items: Sequence[dict[str, Any]]) -> None:
        """Keep a bundle's registry items as an import keeps them."""
        from sen_desktop.sync.registry import merge_items

        with self.factory.begin() as session:
            merge_items(session, list(items))

    def news_for(self, other: Office) -> list[dict[str, Any]]:
        """This laptop's registry, when it holds a revocation ``other`` lacks (else
        nothing: certificates went everywhere when the laptops joined)."""
        return self.registry_items() if self.revocations() - other.revocations() else []

    def pull(self, other: Laptop) -> ApplyReport:
        assert isinstance(other, Office)
        news = other.news_for(self)
        if news:
            self.take_registry(news)
        ops = other.ops_for(self.knowledge())
        self.keep_batches(other.batches_for(ops))
        return self.receive(ops)

    def backup(self) -> bytes:
        """A copy of the database (it is in memory: SQLite serializes it whole)."""
        with self.engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert raw is not None
            return bytes(raw.serialize())

    def restore(self, copy: bytes) -> str | None:
        """Put a copy back, as a person restoring a backup would, and open it as the
        program does: the restore fence moves the laptop to a new site when the copy is
        older than what it sealed (docs/TRUST.md "Sites"). Returns the new site, if any."""
        from sen_desktop.sync.fence import fence_if_restored

        with self.engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert raw is not None
            raw.deserialize(copy)  # type: ignore[attr-defined]
        moved = fence_if_restored(self.factory, self.folder, self.keyring)
        self.refresh_site()
        return moved

    def batch_items(self, after: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """The batches this laptop keeps, from after rowid ``after`` (they are never
        deleted), and the last rowid."""
        with self.engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT rowid, item FROM op_batch WHERE rowid > ? ORDER BY rowid", (after,)
            ).all()
        return (rows[-1][0] if rows else after), [json.loads(item) for _, item in rows]


class _Lazy:
    """The laptop's signing key, loaded when a chair first signs (after joining)."""

    def __init__(self, office: Office) -> None:
        self.office = office

    @property
    def laptop_id(self) -> str:
        return self.office.laptop_id

    def sign(self, message: bytes) -> bytes:
        return self.office.trust.identity().sign(message)


@dataclass(frozen=True)
class Grant:
    read: tuple[str, ...]
    write: tuple[str, ...] | None = None
    contacts: bool = False
    confidential: bool = False
    chair_of: tuple[str, ...] = ()
    person: str | None = None


EVERYTHING = Grant(("*",), ("*",), contacts=True, confidential=True)


def start_programme(root: Office) -> None:
    root.trust.start_programme("Programme")
    root.refresh_site()
    root.name = root.trust.status().laptop_name


def enrol(root: Office, others: Sequence[tuple[Office, Grant]]) -> None:
    """Every laptop of ``others`` requests, is admitted by ``root`` with its grant and
    joins, pinning the root by its fingerprint; then every laptop holds the whole
    registry (as the first bundles would bring it)."""
    from sen_desktop.sync.registry import load, merge_items

    fingerprint = root.trust.root_fingerprint()
    for laptop, grant in others:
        request = laptop.trust.make_request(laptop.name)
        certificate = root.trust.admit(
            request,
            read=list(grant.read),
            write=None if grant.write is None else list(grant.write),
            contacts=grant.contacts,
            confidential=grant.confidential,
            chair_of=grant.chair_of,
            chair_from=dt.date(2010, 1, 1) if grant.chair_of else None,
            person=grant.person,
        )
        laptop.trust.join(certificate, fingerprint)
        laptop.refresh_site()
    with root.factory() as session:
        items = load(session).items()
    for laptop, _ in others:
        with laptop.factory.begin() as session:
            merge_items(session, items)


def programme(folder: Path, names: str, grants: dict[str, Grant]) -> list[Office]:
    """Laptops named by the letters of ``names``: the first starts the programme, the
    others are admitted with their grant (every group by default) and join."""
    offices = [Office(n, folder / name) for n, name in enumerate(names)]
    start_programme(offices[0])
    enrol(
        offices[0],
        [(o, grants.get(name, EVERYTHING)) for o, name in zip(offices, names, strict=True)][1:],
    )
    return offices


def send(sender: Office, receiver: Office, folder: Path) -> None:
    """A real bundle file, made for ``receiver`` (its certificate's scope), imported."""
    from sen_desktop.sync.exchange import import_bundle
    from sen_desktop.sync.exporting import export_bundle

    path = folder / f"{sender.number}-to-{receiver.number}.senbundle"
    result = export_bundle(
        sender.factory, path, sender.trust, for_laptop=receiver.name, wall_clock=sender.wall
    )
    for part in result.paths:
        import_bundle(receiver.factory, part, receiver.trust, wall_clock=receiver.wall)
        part.unlink()
    for laptop in (sender, receiver):
        laptop.tick()


class _CountingUuid:
    """``uuid`` with a counting ``uuid4``: rows made by services get ids that a
    hypothesis replay sees again (a random id would reorder rows between replays)."""

    def __init__(self) -> None:
        self.made = 0

    def uuid4(self) -> uuid.UUID:
        self.made += 1
        return uuid.UUID(int=0xFFFF << 112 | self.made)

    def __getattr__(self, name: str) -> Any:
        return getattr(uuid, name)


def count_ids() -> Callable[[], None]:
    """From now on ``models.new_id`` (every column's default id) counts instead of
    drawing; returns the function that puts it back."""
    original = getattr(m, "uuid")  # noqa: B009 (the module's import, not an export)
    setattr(m, "uuid", _CountingUuid())  # noqa: B010

    def restore() -> None:
        setattr(m, "uuid", original)  # noqa: B010

    return restore


__all__ = [
    "GENESIS_SITE",
    "Grant",
    "EVERYTHING",
    "Office",
    "count_ids",
    "enrol",
    "programme",
    "send",
    "start_programme",
]
