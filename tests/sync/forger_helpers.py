"""The convergence machine's ledger and malicious laptop (``from forger_helpers import …``).

``Ledger`` checks, from the outside and by the letter of docs/TRUST.md, what an honest
laptop holds: every operation is covered by a batch whose signature verifies with the
certificate of the laptop the site belongs to. ``Forger`` is what a malicious laptop
can do with a valid certificate of its own: sign anything with its own key, and write a
format 2 bundle of any content to any laptop's receiving key. ``header_of`` reads a
bundle's clear header as anyone can.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import struct
import uuid
from typing import TYPE_CHECKING, Any

from sen_desktop.core.recommendations.signing import canonical_json
from sen_desktop.sync import identity as ident
from sen_desktop.sync.certificates import Certificate, TrustError, sign_item, verify_item

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Sequence
    from pathlib import Path

    from sen_desktop.sync.operations import OpRow

MAGIC = b"SENBUNDLE\x02"


# --- what an honest laptop holds, checked by the letter of docs/TRUST.md -------------------


def op_digest(op: OpRow) -> bytes:
    return hashlib.sha256(
        canonical_json(
            [
                op.op_id,
                op.site_id,
                op.counter,
                op.entity,
                op.row_id,
                op.field,
                op.value,
                op.hlc,
                list(op.prev),
            ]
        )
    ).digest()


class Ledger:
    """Signed batches, verified once each against the true registry (the root's), and
    what they cover: ``(site, counter) -> (digest, signer laptop id)``."""

    def __init__(self, root_public: str, programme: str, certificates: dict[str, Certificate]):
        self.root_public = root_public
        self.programme = programme
        self.certificates = certificates  # laptop id -> certificate in force
        self.revoked: dict[str, dt.datetime] = {}  # laptop id -> its revocation's instant
        self.seen: set[str] = set()
        self.covered: dict[tuple[str, int], tuple[bytes, str]] = {}
        # What the root vouched for in legacy batches: (site, counter) -> digest.
        self.vouched: dict[tuple[str, int], bytes] = {}
        self.root_laptop = next(c.laptop_id for c in certificates.values() if c.is_root)

    def owner(self, site: str, nonce: object, signer: Certificate) -> bool:
        if site in signer.sites:
            return True
        return isinstance(nonce, int) and ident.derive_site(signer.sign_key, nonce) == site

    def take(self, items: Iterable[dict[str, Any]]) -> None:
        for item in items:
            batch_id = hashlib.sha256(canonical_json(item["body"])).hexdigest()
            if batch_id in self.seen:
                continue
            self.seen.add(batch_id)
            body = item["body"]
            signer = self.certificates.get(body.get("signer", ""))
            if signer is None:
                continue
            try:
                verify_item(item, signer.sign_key, "op-batch")
            except TrustError as error:
                raise AssertionError(f"a laptop keeps batch {batch_id}: {error}") from None
            if body["legacy"]:
                assert signer.is_root, batch_id
            else:
                assert self.owner(body["site"], body["nonce"], signer), batch_id
            digests = base64.b64decode(body["hashes"])
            assert len(digests) == 32 * (body["last"] - body["first"] + 1), batch_id
            for index, counter in enumerate(range(body["first"], body["last"] + 1)):
                digest = digests[32 * index : 32 * index + 32]
                key = (body["site"], counter)
                if body["legacy"]:
                    # The root vouches for the passphrase scheme's operations it held;
                    # zeros for a counter it did not hold.
                    if digest != bytes(32):
                        was_vouched = self.vouched.setdefault(key, digest)
                        assert was_vouched == digest, "two legacy batches disagree"
                    continue
                was = self.covered.setdefault(key, (digest, signer.laptop_id))
                assert was == (digest, signer.laptop_id), "two batches disagree"

    def revoked_at(self, laptop_id: str, moment: dt.datetime) -> bool:
        start = self.revoked.get(laptop_id)
        return start is not None and moment >= start

    def author(self, op: OpRow) -> str | None:
        """The laptop that signed ``op`` (the root, for an operation of the passphrase
        scheme it vouched for), or None if no verified batch covers it as is."""
        digest = op_digest(op)
        found = self.covered.get((op.site_id, op.counter))
        if found is not None and found[0] == digest:
            return found[1]
        if self.vouched.get((op.site_id, op.counter)) == digest:
            return self.root_laptop
        return None


# --- a malicious laptop ---------------------------------------------------------------------


class Forger:
    """A laptop with a valid certificate of its own that can put anything into a bundle:
    every operation, batch and registry item any laptop holds (it reads their files),
    changed as it likes, signed with its own key -- but no other laptop's private key."""

    def __init__(self, identity: ident.LaptopIdentity, certificate: dict[str, Any]) -> None:
        self.identity = identity
        self.certificate = certificate
        self.sites = [ident.derive_site(identity.sign_public_hex, 0)]
        self.counter = 0

    @property
    def site(self) -> str:
        return self.sites[0]

    def sign(self, message: bytes) -> bytes:
        return self.identity.sign(message)

    def seal(
        self,
        ops: Sequence[OpRow],
        *,
        programme: str,
        site: str,
        prev: str = "",
        signer: str | None = None,
        nonce: int | None = 0,
    ) -> dict[str, Any]:
        """A batch over ``ops`` (consecutive counters of one site), signed with this
        laptop's key whatever ``signer`` it names."""
        body = {
            "kind": "op-batch",
            "v": 1,
            "programme": programme,
            "signer": signer or self.identity.laptop_id,
            "site": site,
            "nonce": nonce,
            "first": ops[0].counter,
            "last": ops[-1].counter,
            "prev": prev,
            "legacy": False,
            "hashes": base64.b64encode(b"".join(op_digest(op) for op in ops)).decode(),
            "sealed": "2026-11-28T10:00:00Z",
        }
        return sign_item(body, self.sign)

    def craft(
        self,
        folder: Path,
        *,
        programme: str,
        recipients: Sequence[Certificate],
        registry: Sequence[dict[str, Any]],
        batches: Sequence[dict[str, Any]],
        ops: Sequence[OpRow],
        schema: str,
        bundle_id: str | None = None,
        created: str = "1790000000000.00000",
    ) -> bytes:
        """A format 2 bundle of anything, signed by this laptop, written with the
        program's own writer (``sync.bundle``) as an attacker would reuse it."""
        from sen_desktop.sync import bundle as fmt

        header = fmt.BundleHeader(
            bundle_id=bundle_id or fmt.new_bundle_id(),
            programme=programme,
            sender=self.identity.laptop_id,
            certificate=self.certificate,
            recipients=tuple(c.laptop_id for c in recipients),
            series=fmt.Series(str(uuid.uuid4()), 1, 1),
            schema=schema,
            created=created,
        )
        zip_path = folder / "forged.zip"
        with fmt.PayloadWriter(zip_path) as payload:
            payload.manifest(
                {
                    "site": self.site,
                    "knowledge": {},
                    "received": [],
                    "made_for": "",
                    "made_at": "2026-11-28T10:00:00Z",
                    "bundle_id": header.bundle_id,
                    "operations": len(ops),
                    "batches": len(batches),
                    "registry": len(registry),
                }
            )
            payload.items("registry.ndjson", registry)
            payload.items("batches.ndjson", batches)
            payload.lines("ops.ndjson", map(fmt.op_line, ops))
        out = io.BytesIO()
        fmt.write_bundle(out, header, zip_path, [c.age_recipient for c in recipients], self.sign)
        zip_path.unlink()
        return out.getvalue()


def header_of(data: bytes) -> dict[str, Any]:
    """The clear header of a format 2 bundle."""
    assert data[: len(MAGIC)] == MAGIC
    (length,) = struct.unpack(">I", data[len(MAGIC) : len(MAGIC) + 4])
    header: dict[str, Any] = json.loads(data[len(MAGIC) + 4 : len(MAGIC) + 4 + length])
    return header


# --- ids a hypothesis replay sees again -----------------------------------------------------
