"""Staging a bundle for import (docs/TRUST.md): copied into a private file in the data
folder while its ciphertext is hashed, its header read, the sender's certificate and
signature verified, the sender checked not revoked and this laptop among the recipients --
all before decrypting -- then decrypted (streamed) into a second private file that
``sync.exchange``'s preview and apply read."""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final

from sen_desktop.core.progress import NO_PROGRESS
from sen_desktop.core.store.database import SCHEMA_REVISION
from sen_desktop.core.store.models import BundleReceipt
from sen_desktop.sync import bundle as fmt
from sen_desktop.sync.bundle import BundleError, BundleHeader
from sen_desktop.sync.exporting import _data_dir, _secrets, plain_name
from sen_desktop.sync.payload import PayloadReader
from sen_desktop.sync.refusals import one_sentence

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from sen_desktop.core.progress import Progress

STAGING: Final = "staging"  # the private folder in the data folder


@dataclass
class StagedBundle:
    """A bundle whose signature, sender and recipients were checked, decrypted into a
    private file in the data folder; preview and apply read it. ``close()`` removes it."""

    header: BundleHeader
    sender_name: str
    sender_fingerprint: str
    certificate: Any  # certificates.Certificate of the sender
    manifest: dict[str, Any]
    ciphertext: Path
    plaintext: Path | None
    already_imported: bool = False
    _closed: bool = field(default=False, repr=False)
    # Where the restore fence's record lives (``trust.record_received``), once staged.
    data_dir: Path | None = field(default=None, repr=False)
    secrets: Any = field(default=None, repr=False)

    @property
    def operations(self) -> int:
        count = self.manifest.get("operations", 0)
        return count if type(count) is int and count >= 0 else 0

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        for path in (self.ciphertext, self.plaintext):
            if path is not None:
                with suppress(OSError):
                    path.unlink()

    def __enter__(self) -> StagedBundle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


STALE_SECONDS: Final = 24 * 60 * 60


def _sweep(folder: Path) -> None:
    """Remove staged files a crashed import left behind (older than a day)."""
    import time

    if not folder.is_dir():
        return
    limit = time.time() - STALE_SECONDS
    for path in folder.glob(".bundle-*"):
        with suppress(OSError):
            if path.stat().st_mtime < limit:
                path.unlink()


def _private_file(folder: Path, suffix: str) -> tuple[IO[bytes], Path]:
    folder.mkdir(mode=0o700, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=".bundle-", suffix=suffix, dir=folder)  # mode 0600
    return os.fdopen(handle, "w+b"), Path(name)


def stage_bundle(
    session_factory: sessionmaker[Session],
    path: Path,
    trust: Any,
    *,
    progress: Progress = NO_PROGRESS,
) -> StagedBundle:
    """Copy, verify and decrypt the bundle at ``path`` (see the module's docstring).
    ``progress`` hears of the copy; its Cancel stops before decrypting
    (``core.progress.Cancelled``, the private files removed)."""
    return one_sentence(lambda: _stage(session_factory, Path(path), trust, progress))


def _stage(
    session_factory: sessionmaker[Session],
    path: Path,
    trust: Any,
    progress: Progress,
) -> StagedBundle:
    from sen_desktop.sync import registry as reg
    from sen_desktop.sync.certificates import Certificate, TrustError, root_fingerprint
    from sen_desktop.sync.identity import verify_signature

    folder = _data_dir(trust) / STAGING
    _sweep(folder)
    handle, ciphertext = _private_file(folder, ".age")
    plaintext: Path | None = None
    try:
        with handle:
            envelope = fmt.stage_envelope(
                path, handle, progress=progress, label=f"Checking {path.name}…"
            )
        header = envelope.header
        with session_factory() as session:
            registry = reg.load(session)
            me = registry.self_laptop
            if (
                me is None
                or registry.programme_id is None
                or registry.root_public is None
                or me.state not in ("member", "root")
            ):
                raise BundleError(
                    "This laptop has not joined a programme yet, so it cannot import bundles: "
                    "join with the certificate the programme lead gave you first."
                )
            if header.programme != registry.programme_id:
                raise BundleError(reg.ANOTHER_PROGRAMME)
            try:
                certificate = Certificate.from_item(
                    dict(header.certificate), registry.root_public, registry.programme_id
                )
            except TrustError as error:
                raise BundleError(
                    "The sender's certificate in this bundle was not issued by this "
                    "programme's root, so the bundle was refused."
                ) from error
            if certificate.laptop_id != header.sender:
                raise BundleError(fmt.DAMAGED)
            if not verify_signature(certificate.sign_key, envelope.signed, envelope.signature):
                raise BundleError(fmt.DAMAGED)
            name = plain_name(certificate.name)
            held = registry.certificate(header.sender)
            if (
                held is not None
                and held.serial > certificate.serial
                and (held.sign_key != certificate.sign_key)
            ):
                raise BundleError(
                    f"This bundle is signed with a key {name}'s laptop no longer holds, so it "
                    "was refused."
                )
            for revocation in registry.revocations():
                if revocation.laptop_id == header.sender and revocation.serial >= (
                    certificate.serial
                ):
                    raise BundleError(
                        f"This bundle comes from {name}, whose laptop was revoked, so it "
                        "was refused."
                    )
            if header.sender == me.laptop_id:
                raise BundleError("This bundle was made on this laptop; import it on another one.")
            if me.laptop_id not in header.recipients:
                raise BundleError(
                    f"This bundle was not made for this laptop; ask {name} to export one for it."
                )
            if int(header.schema) > int(SCHEMA_REVISION):
                raise BundleError(
                    f"This bundle comes from a newer version of SEN Secretariat (schema "
                    f"{header.schema}); install the newer version to import it."
                )
            already = session.get(BundleReceipt, (header.sender, header.bundle_id)) is not None
        staged = StagedBundle(
            header=header,
            sender_name=name,
            sender_fingerprint=root_fingerprint(certificate.sign_key),
            certificate=certificate,
            manifest={},
            ciphertext=ciphertext,
            plaintext=None,
            already_imported=already,
            data_dir=_data_dir(trust),
            secrets=_secrets(trust),
        )
        if already:
            return staged
        progress.check()
        identity = trust.identity()
        out, plaintext = _private_file(folder, ".zip")
        staged.plaintext = plaintext
        with out, ciphertext.open("rb") as source:
            fmt.decrypt_file(source, out, identity)
        with PayloadReader(plaintext) as reader:
            manifest = reader.manifest
        if manifest.get("bundle_id") != header.bundle_id:
            raise BundleError(fmt.DAMAGED)
        staged.manifest = manifest
        return staged
    except BaseException:
        with suppress(OSError):
            ciphertext.unlink()
        if plaintext is not None:
            with suppress(OSError):
                plaintext.unlink()
        raise


__all__ = ["STAGING", "StagedBundle", "stage_bundle"]
