"""The two secrets of sync: the programme key and this laptop's signing key.

* The **programme key** is ``scrypt(passphrase, PROGRAMME_SALT)``: every laptop that
  knows the programme's sync passphrase derives the same 32 bytes, and bundles are
  encrypted (AES-256-GCM) with it. Knowing the passphrase is what admits a laptop.
* The **laptop key** is an Ed25519 key made on this laptop; it signs every bundle the
  laptop writes, and recipients pin its public key on first contact.

Both are kept in the OS keyring (service "SEN Secretariat"). Where no keyring backend
works (``keyring.backends.fail.Keyring``, or errors), the laptop key is kept in a key
file in the data folder, encrypted with the programme key, and the programme key
itself is not stored at all: the passphrase has to be given each time
(``--passphrase-file``). ``SyncKeys.warning`` then holds a sentence to show.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Final, cast

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.signing import KEYRING_SERVICE, SecretStore, fingerprint

PROGRAMME_SALT: Final = b"SEN Secretariat programme sync key, version 1"
PROGRAMME_USER: Final = "programme-key"
LAPTOP_USER_PREFIX: Final = "laptop-signing-key:"
KEY_FILE_NAME: Final = "sync-keys.json"
MIN_PASSPHRASE: Final = 8

# scrypt cost: about a tenth of a second and 16 MB on a council laptop.
_SCRYPT_N: Final = 2**14
_SCRYPT_R: Final = 8
_SCRYPT_P: Final = 1

NO_KEYRING_WARNING: Final = (
    "Warning: this laptop has no working keyring, so the laptop's signing key is kept "
    "in an encrypted key file in the data folder and the passphrase must be given each time."
)


class NoPassphraseError(ValidationError):
    """No programme passphrase on this laptop (and none given)."""


def derive_programme_key(passphrase: str) -> bytes:
    """The 32-byte programme key of a passphrase (the same on every laptop)."""
    text = passphrase.strip()
    if len(text) < MIN_PASSPHRASE:
        raise ValidationError(
            f"The programme passphrase must be at least {MIN_PASSPHRASE} characters long.",
            field="passphrase",
        )
    return hashlib.scrypt(
        text.encode("utf-8"),
        salt=PROGRAMME_SALT,
        n=_SCRYPT_N,
        r=_SCRYPT_R,
        p=_SCRYPT_P,
        maxmem=64 * 1024 * 1024,
        dklen=32,
    )


def read_passphrase_file(path: Path) -> str:
    """The passphrase in a file (its first line); a sentence if it cannot be read."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationError(
            f"The passphrase file {path} cannot be read ({type(error).__name__}).",
            field="passphrase",
        ) from error
    lines = text.splitlines()
    return lines[0] if lines else ""


@dataclass(frozen=True, slots=True)
class LaptopKey:
    """This laptop's Ed25519 key pair (raw 32-byte private key)."""

    private: bytes

    @property
    def public_hex(self) -> str:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        key = Ed25519PrivateKey.from_private_bytes(self.private)
        return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_hex)

    def sign(self, message: bytes) -> bytes:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        return Ed25519PrivateKey.from_private_bytes(self.private).sign(message)

    @classmethod
    def generate(cls) -> LaptopKey:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.serialization import (
            Encoding,
            NoEncryption,
            PrivateFormat,
        )

        key = Ed25519PrivateKey.generate()
        return cls(key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()))


class SyncKeys:
    """The programme key and laptop key of one data folder.

    ``backend`` replaces the OS keyring (tests); ``data_dir`` is where the key file goes
    when there is no working keyring.
    """

    def __init__(self, data_dir: Path, backend: SecretStore | None = None) -> None:
        self._dir = Path(data_dir)
        self._backend = backend
        self.warning: str | None = None

    # --- the keyring, or why not ------------------------------------------------------

    def _store(self) -> SecretStore | None:
        if self._backend is not None:
            return self._backend
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring):
            self.warning = NO_KEYRING_WARNING
            return None
        return cast(SecretStore, backend)

    def _get(self, user: str) -> str | None:
        import keyring.errors

        store = self._store()
        if store is None:
            return None
        try:
            return store.get_password(KEYRING_SERVICE, user)
        except (keyring.errors.KeyringError, RuntimeError):
            self.warning = NO_KEYRING_WARNING
            return None

    def _set(self, user: str, secret: str) -> bool:
        """True when the keyring kept it; False (and a warning) where there is none."""
        import keyring.errors

        store = self._store()
        if store is None:
            return False
        try:
            store.set_password(KEYRING_SERVICE, user, secret)
        except (keyring.errors.KeyringError, RuntimeError):
            self.warning = NO_KEYRING_WARNING
            return False
        return True

    # --- the programme key ------------------------------------------------------------

    def set_passphrase(self, passphrase: str) -> bytes:
        """Derive and keep the programme key; returns it. Check ``warning`` afterwards."""
        key = derive_programme_key(passphrase)
        self._set(PROGRAMME_USER, key.hex())
        return key

    def programme_key(self, passphrase: str | None = None) -> bytes:
        """The programme key: from ``passphrase`` if given, else the keyring's."""
        if passphrase is not None:
            return derive_programme_key(passphrase)
        stored = self._get(PROGRAMME_USER)
        if stored is not None:
            try:
                raw = bytes.fromhex(stored.strip())
            except ValueError:
                raw = b""
            if len(raw) == 32:
                return raw
        if self.warning:
            raise NoPassphraseError(
                "This laptop has no working keyring to keep the programme passphrase, so "
                "give it with --passphrase-file.",
                field="passphrase",
            )
        raise NoPassphraseError(
            "No programme passphrase is set on this laptop: run `sen-desktop bundle "
            "passphrase` once, or give --passphrase-file.",
            field="passphrase",
        )

    # --- the laptop key ---------------------------------------------------------------

    def laptop_key(self, site_id: str, programme_key: bytes) -> LaptopKey:
        """This laptop's signing key, made on first use."""
        user = LAPTOP_USER_PREFIX + site_id
        stored = self._get(user)
        if stored is not None:
            try:
                raw = bytes.fromhex(stored.strip())
            except ValueError:
                raw = b""
            if len(raw) == 32:
                return LaptopKey(raw)
        from_file = self._read_key_file(site_id, programme_key)
        if from_file is not None:
            return from_file
        key = LaptopKey.generate()
        if not self._set(user, key.private.hex()):
            self._write_key_file(site_id, programme_key, key)
        return key

    @property
    def key_file(self) -> Path:
        return self._dir / KEY_FILE_NAME

    def _read_key_file(self, site_id: str, programme_key: bytes) -> LaptopKey | None:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        path = self.key_file
        if not path.exists():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entry = data[site_id]
            nonce = bytes.fromhex(entry["nonce"])
            sealed = bytes.fromhex(entry["key"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        try:
            raw = AESGCM(programme_key).decrypt(nonce, sealed, site_id.encode("utf-8"))
        except InvalidTag as error:
            raise ValidationError(
                "The laptop key file was made with a different programme passphrase.",
                field="passphrase",
            ) from error
        self.warning = NO_KEYRING_WARNING
        return LaptopKey(raw)

    def _write_key_file(self, site_id: str, programme_key: bytes, key: LaptopKey) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        path = self.key_file
        data: dict[str, dict[str, str]] = {}
        if path.exists():
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(loaded, dict):
                    data = loaded
            except (OSError, ValueError):
                data = {}
        nonce = os.urandom(12)
        sealed = AESGCM(programme_key).encrypt(nonce, key.private, site_id.encode("utf-8"))
        data[site_id] = {"nonce": nonce.hex(), "key": sealed.hex()}
        self._dir.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, indent=1), encoding="utf-8")
        os.replace(temporary, path)
        self.warning = NO_KEYRING_WARNING
