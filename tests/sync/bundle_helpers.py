"""Forging format-2 bundles (imported as ``from bundle_helpers import …``).

What a hostile insider can make: a laptop with a valid certificate holds its own keys,
so it can sign headers and batches for its own sites, address a bundle to anyone whose
public key it knows, and put anything inside. ``forge`` builds such a bundle from parts;
the laptops come from ``trust_helpers.programme``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from typing import TYPE_CHECKING, Any

import orjson

from sen_desktop.core.recommendations.signing import canonical_json
from sen_desktop.core.store.database import SCHEMA_REVISION
from sen_desktop.core.store.hlc import Timestamp, wall_millis
from sen_desktop.sync import bundle as fmt
from sen_desktop.sync import registry as reg
from sen_desktop.sync.batches import batch_body, op_digest
from sen_desktop.sync.bundle import BundleHeader, Series
from sen_desktop.sync.certificates import sign_item
from sen_desktop.sync.operations import OpRow

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from trust_helpers import Laptop

ROW = "22222222-2222-2222-2222-222222222222"


def now_hlc(ahead_ms: int = 0) -> str:
    return Timestamp(wall_millis() + ahead_ms).encode()


def wire_op(
    site: str,
    counter: int,
    *,
    entity: str = "person",
    row_id: str = ROW,
    field: str = "full_name",
    value: str = '"Forged Person"',
    hlc: str | None = None,
    prev: tuple[str, ...] = (),
) -> OpRow:
    return OpRow(
        f"{site}:{counter}", site, counter, entity, row_id, field, value, hlc or now_hlc(), prev
    )


def person_ops(
    site: str,
    *,
    row_id: str = ROW,
    name: str = "Forged Person",
    first: int = 1,
    hlc: str | None = None,
) -> list[OpRow]:
    """A whole new person (every field), as capture would write it."""
    fields = {
        "deleted": "false",
        "full_name": json.dumps(name),
        "job_title": '""',
        "organisation": '""',
        "email": '""',
        "phone": '""',
        "notes": '""',
    }
    stamp = hlc or now_hlc()
    return [
        wire_op(site, n, row_id=row_id, field=f, value=v, hlc=stamp)
        for n, (f, v) in enumerate(sorted(fields.items()), start=first)
    ]


class Sender:
    """What a laptop knows of itself for forging: keys, certificate, site, registry."""

    def __init__(self, laptop: Laptop) -> None:
        with laptop.open() as db:
            trust = laptop.trust(db)
            self.identity = trust.identity()
            with db.session_factory() as session:
                registry = reg.load(session)
        me = registry.self_laptop
        assert me is not None and registry.programme_id is not None
        self.laptop_id = me.laptop_id
        self.programme = registry.programme_id
        certificate = registry.certificate(me.laptop_id)
        assert certificate is not None
        self.certificate = certificate
        self.items = registry.items()
        self.site = laptop.site_id


def signed_batch(
    sender: Sender,
    ops: Sequence[OpRow],
    *,
    site: str | None = None,
    nonce: int | None = 0,
    prev: str = "",
    sealed: str | None = None,
) -> dict[str, Any]:
    """One batch, signed by ``sender``, covering ``ops`` (consecutive counters of one site),
    naming ``prev`` as the site's batch before it."""
    ordered = sorted(ops, key=lambda op: op.counter)
    body = batch_body(
        programme=sender.programme,
        signer=sender.laptop_id,
        site=site or ordered[0].site_id,
        nonce=nonce,
        first=ordered[0].counter,
        last=ordered[-1].counter,
        prev=prev,
        legacy=False,
        digests=b"".join(op_digest(op) for op in ordered),
        sealed=sealed
        or dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
    )
    return sign_item(body, sender.identity.sign)


def zip_of(members: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def lines_of(items: Iterable[Any]) -> bytes:
    return b"".join(orjson.dumps(item) + b"\n" for item in items)


def payload(
    bundle_id: str,
    *,
    ops: Sequence[OpRow] = (),
    lines: Sequence[bytes] | None = None,
    batches: Sequence[Mapping[str, Any]] = (),
    registry: Sequence[Mapping[str, Any]] = (),
    operations: int | None = None,
    extra: Mapping[str, bytes] | None = None,
) -> bytes:
    op_lines = list(lines) if lines is not None else [fmt.op_line(op) for op in ops]
    manifest = {
        "bundle_id": bundle_id,
        "operations": len(op_lines) if operations is None else operations,
    }
    return zip_of(
        {
            "manifest.json": canonical_json(manifest),
            "registry.ndjson": lines_of(registry),
            "batches.ndjson": lines_of(batches),
            "ops.ndjson": b"".join(line + b"\n" for line in op_lines),
            **(extra or {}),
        }
    )


def seal(
    header: BundleHeader, zip_bytes: bytes, age_recipients: Sequence[str], sign: Any, tmp: Any
) -> bytes:
    source = tmp / "forged-payload.zip"
    source.write_bytes(zip_bytes)
    out = io.BytesIO()
    fmt.write_bundle(out, header, source, age_recipients, sign)
    source.unlink()
    return out.getvalue()


def header_of(by: Sender, recipients: Sequence[Laptop], **changes: Any) -> BundleHeader:
    values: dict[str, Any] = {
        "bundle_id": fmt.new_bundle_id(),
        "programme": by.programme,
        "sender": by.laptop_id,
        "certificate": by.certificate.item,
        "recipients": tuple(laptop.laptop_id for laptop in recipients),
        "series": Series(fmt.new_bundle_id()),
        "schema": SCHEMA_REVISION,
        "created": now_hlc(),
    }
    values.update(changes)
    return BundleHeader(**values)


def forge(
    by: Sender,
    recipients: Sequence[Laptop],
    tmp: Any,
    *,
    ops: Sequence[OpRow] = (),
    lines: Sequence[bytes] | None = None,
    batches: Sequence[Mapping[str, Any]] | None = None,
    zip_bytes: bytes | None = None,
    age_to: Sequence[str] | None = None,
    sign: Any = None,
    **header_changes: Any,
) -> bytes:
    """A bundle from ``sender`` to ``recipients``: ``ops`` with a batch signed by the
    sender covering them (unless ``batches`` is given), the sender's registry."""
    header = header_of(by, recipients, **header_changes)
    if batches is None:
        batches = [signed_batch(by, ops)] if ops else []
    if zip_bytes is None:
        zip_bytes = payload(
            header.bundle_id, ops=ops, lines=lines, batches=batches, registry=by.items
        )
    ages = age_to if age_to is not None else [_age_of(laptop) for laptop in recipients]
    return seal(header, zip_bytes, ages, sign or by.identity.sign, tmp)


def _age_of(laptop: Laptop) -> str:
    return str(laptop.identity().age_recipient)
