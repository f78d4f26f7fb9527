"""This laptop's keys: derived sites, the keyring read back, the key file (docs/TRUST.md)."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import stat
from typing import TYPE_CHECKING

import pyrage
import pytest
from keyring.backends import fail

from sen_desktop.core.recommendations.signing import KEYRING_SERVICE, MemorySecretStore
from sen_desktop.sync.certificates import TrustError
from sen_desktop.sync.identity import (
    FILE,
    KEY_FILE_NAME,
    KEYRING,
    KeyFileError,
    KeyVault,
    LaptopIdentity,
    derive_site,
    verify_signature,
)

if TYPE_CHECKING:
    from pathlib import Path

PASSPHRASE = "correct horse battery"


class KeepsNothing(MemorySecretStore):
    """A backend that says yes and keeps nothing (some headless Linux setups)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        pass


class KeepsSomethingElse(MemorySecretStore):
    def set_password(self, service: str, username: str, password: str) -> None:
        super().set_password(service, username, password[:-1])


class Raises(MemorySecretStore):
    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("the keyring daemon is gone")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError("the keyring daemon is gone")


# --- derived sites --------------------------------------------------------------------------


def test_derive_site_follows_the_documented_formula() -> None:
    public = "11" * 32
    h = hashlib.sha256(b"SEN site\x00" + bytes.fromhex(public) + (3).to_bytes(8, "big")).hexdigest()
    assert derive_site(public, 3) == f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"
    assert derive_site(public, 0) != derive_site(public, 1)
    assert derive_site(public, 0) != derive_site("22" * 32, 0)
    with pytest.raises(ValueError):
        derive_site("11" * 31, 0)
    with pytest.raises(ValueError):
        derive_site(public, -1)


# --- the identity itself ----------------------------------------------------------------------


def test_an_identity_signs_and_receives() -> None:
    identity = LaptopIdentity.generate()
    assert identity.age_recipient.startswith("age1")
    signature = identity.sign(b"message")
    assert verify_signature(identity.sign_public_hex, b"message", signature)
    assert not verify_signature(identity.sign_public_hex, b"messagE", signature)
    flipped = signature[:-1] + bytes([signature[-1] ^ 1])  # always differs from the real one
    assert not verify_signature(identity.sign_public_hex, b"message", flipped)
    # Never raises on rubbish.
    assert not verify_signature("zz", b"message", signature)
    assert not verify_signature(identity.sign_public_hex, b"message", b"short")
    sealed = pyrage.encrypt(b"for this laptop only", [pyrage.x25519.Recipient.from_str(
        identity.age_recipient)])
    out = io.BytesIO()
    identity.decrypt_io(io.BytesIO(sealed), out)
    assert out.getvalue() == b"for this laptop only"
    assert identity.sign_private.hex() not in repr(identity)
    assert identity.age_secret not in repr(identity)


# --- the keyring, read back -------------------------------------------------------------------


def test_a_working_keyring_keeps_the_identity(data_dir: Path) -> None:
    store = MemorySecretStore()
    vault = KeyVault(data_dir, store)
    identity = LaptopIdentity.generate()
    assert vault.store_identity(identity) == KEYRING
    assert not (data_dir / KEY_FILE_NAME).exists()
    kept = json.loads(store.secrets[(KEYRING_SERVICE, f"laptop-identity:{identity.laptop_id}")])
    assert set(kept) == {"sign", "age"}
    again = KeyVault(data_dir, store).load_identity(identity.laptop_id, KEYRING)
    assert again.sign_private == identity.sign_private
    assert again.age_secret == identity.age_secret
    assert vault.warning is None


@pytest.mark.parametrize("backend", [KeepsNothing, KeepsSomethingElse, Raises])
def test_a_keyring_that_does_not_read_back_counts_as_none(
    backend: type[MemorySecretStore], data_dir: Path
) -> None:
    vault = KeyVault(data_dir, backend())
    assert not vault.keyring_put("laptop-identity:x", "secret")
    # No passphrase to make a key file with: one sentence, nothing written.
    with pytest.raises(KeyFileError, match="--key-passphrase-file"):
        vault.store_identity(LaptopIdentity.generate())
    assert not (data_dir / KEY_FILE_NAME).exists()


def test_the_fail_keyring_is_no_keyring(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())  # type: ignore[no-untyped-call]
    vault = KeyVault(data_dir)
    assert vault.keyring_get("anything") is None
    assert not vault.keyring_put("anything", "value")


def test_a_too_short_key_passphrase_is_refused(data_dir: Path) -> None:
    vault = KeyVault(data_dir, KeepsNothing(), key_passphrase=lambda: "short")
    with pytest.raises(KeyFileError, match="at least 8 characters"):
        vault.store_identity(LaptopIdentity.generate())
    assert not (data_dir / KEY_FILE_NAME).exists()


# --- the key file ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def key_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, LaptopIdentity, bytes]:
    """One key file made through a keyring that keeps nothing (scrypt is slow: made once)."""
    folder = tmp_path_factory.mktemp("keyfile")
    vault = KeyVault(folder, KeepsNothing(), key_passphrase=lambda: PASSPHRASE)
    identity = LaptopIdentity.generate()
    assert vault.store_identity(identity) == FILE
    assert vault.warning is not None and "no working keyring" in vault.warning
    root = bytes(range(32))
    assert vault.store_root_key("programme-id", identity.laptop_id, root) == FILE
    return folder / KEY_FILE_NAME, identity, root


def test_the_key_file_is_private_and_encrypted(
    key_file: tuple[Path, LaptopIdentity, bytes],
) -> None:
    path, identity, root = key_file
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = path.read_bytes()
    assert data.startswith(b"age-encryption.org/v1")
    assert identity.sign_private.hex().encode() not in data
    assert identity.age_secret.encode() not in data
    assert root.hex().encode() not in data
    assert not list(path.parent.glob("*.tmp"))


def test_the_key_file_reads_back_with_its_passphrase(
    key_file: tuple[Path, LaptopIdentity, bytes], data_dir: Path
) -> None:
    path, identity, root = key_file
    shutil.copy(path, data_dir / KEY_FILE_NAME)
    asked: list[int] = []

    def passphrase() -> str:
        asked.append(1)
        return PASSPHRASE

    vault = KeyVault(data_dir, KeepsNothing(), key_passphrase=passphrase)
    loaded = vault.load_identity(identity.laptop_id, FILE)
    assert loaded.sign_private == identity.sign_private
    assert loaded.age_secret == identity.age_secret
    assert vault.load_root_key("programme-id") == root
    assert len(asked) == 1  # decrypted once, then kept
    # A keyring that lost the identity falls back to an existing key file.
    assert KeyVault(data_dir, MemorySecretStore(), key_passphrase=passphrase).load_identity(
        identity.laptop_id, KEYRING
    ).sign_private == identity.sign_private


def test_a_wrong_passphrase_is_an_error_not_a_new_identity(
    key_file: tuple[Path, LaptopIdentity, bytes], data_dir: Path
) -> None:
    path, identity, _ = key_file
    shutil.copy(path, data_dir / KEY_FILE_NAME)
    before = (data_dir / KEY_FILE_NAME).read_bytes()
    vault = KeyVault(data_dir, KeepsNothing(), key_passphrase=lambda: "not the passphrase")
    with pytest.raises(KeyFileError, match="cannot be opened with that passphrase") as refused:
        vault.load_identity(identity.laptop_id, FILE)
    assert "\n" not in refused.value.message
    assert isinstance(refused.value, TrustError)
    # Storing a new identity over it is refused too, and the file stays as it was.
    with pytest.raises(KeyFileError):
        vault.store_identity(LaptopIdentity.generate())
    assert (data_dir / KEY_FILE_NAME).read_bytes() == before
    # Even with the right passphrase, another laptop's keys are never replaced silently.
    vault = KeyVault(data_dir, KeepsNothing(), key_passphrase=lambda: PASSPHRASE)
    with pytest.raises(KeyFileError, match="holds another laptop's keys"):
        vault.store_identity(LaptopIdentity.generate())
    assert (data_dir / KEY_FILE_NAME).read_bytes() == before


def test_a_damaged_or_missing_key_file_is_an_error(data_dir: Path) -> None:
    (data_dir / KEY_FILE_NAME).write_bytes(b"not an age file at all")
    vault = KeyVault(data_dir, KeepsNothing(), key_passphrase=lambda: PASSPHRASE)
    with pytest.raises(KeyFileError, match="cannot be opened"):
        vault.load_identity("a-laptop", FILE)
    (data_dir / KEY_FILE_NAME).unlink()
    with pytest.raises(KeyFileError, match="is missing"):
        KeyVault(data_dir, KeepsNothing(), key_passphrase=lambda: PASSPHRASE).load_identity(
            "a-laptop", FILE
        )
    with pytest.raises(KeyFileError, match="missing from the keyring"):
        KeyVault(data_dir, MemorySecretStore()).load_identity("a-laptop", KEYRING)


def test_a_damaged_keyring_entry_is_an_error(data_dir: Path) -> None:
    store = MemorySecretStore()
    store.set_password(KEYRING_SERVICE, "laptop-identity:x", '{"sign": "12", "age": "no"}')
    with pytest.raises(KeyFileError, match="damaged"):
        KeyVault(data_dir, store).load_identity("x", KEYRING)


def test_no_root_key_on_a_laptop_that_is_not_the_root(data_dir: Path) -> None:
    with pytest.raises(KeyFileError, match="only the programme lead's laptop"):
        KeyVault(data_dir, MemorySecretStore()).load_root_key("programme-id")
