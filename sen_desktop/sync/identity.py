"""This laptop's keys (docs/TRUST.md "Identities"): where they live and what they do.

Each laptop has an Ed25519 key (it signs requests, batches and bundles) and an X25519
age identity (bundles are encrypted to it). Secrets are kept in the OS keyring, service
"SEN Secretariat", user ``laptop-identity:<laptop id>`` (JSON ``{"sign", "age"}``) and, on
the root laptop, ``programme-root-key:<programme id>`` (64 hex). Every write is read back;
a backend that raises, keeps nothing or returns something else counts as no keyring.
Then the same JSON (with ``"root"``) goes into ``laptop-identity.age`` in the data folder,
encrypted with ``pyrage.passphrase`` under a passphrase of this laptop's user, mode
0600, written through a temporary file that is fsynced and renamed. A key file that
exists but cannot be read or decrypted is an error, never a silent new identity.

``cryptography`` and ``pyrage`` are imported inside functions (start-up time).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, cast

from sen_desktop.core.recommendations.signing import KEYRING_SERVICE, SecretStore
from sen_desktop.sync.certificates import TrustError

if TYPE_CHECKING:
    from collections.abc import Callable

KEY_FILE_NAME: Final = "laptop-identity.age"
IDENTITY_USER: Final = "laptop-identity:"
ROOT_USER: Final = "programme-root-key:"
MIN_KEY_PASSPHRASE: Final = 8

KEYRING: Final = "keyring"
FILE: Final = "file"

NO_KEYRING_WARNING: Final = (
    "Warning: this laptop has no working keyring, so its keys are kept in the encrypted "
    "key file laptop-identity.age in the data folder."
)


class KeyFileError(TrustError):
    """This laptop's keys cannot be had: the key file is missing, damaged or will not open
    with the passphrase given, or the keyring lost them."""


def derive_site(sign_public_hex: str, nonce: int) -> str:
    """The site id a laptop's key owns for ``nonce`` (docs/TRUST.md "Sites"), UUID-shaped."""
    raw = bytes.fromhex(sign_public_hex)
    if len(raw) != 32 or not 0 <= nonce < 2**64:
        raise ValueError("derive_site needs a 32-byte public key and a nonce below 2**64")
    h = hashlib.sha256(b"SEN site\x00" + raw + nonce.to_bytes(8, "big")).hexdigest()
    return f"{h[0:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def public_hex(sign_private: bytes) -> str:
    """The Ed25519 public key (hex) of a raw 32-byte private key."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    key = Ed25519PrivateKey.from_private_bytes(sign_private)
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def new_sign_private() -> bytes:
    """A fresh raw 32-byte Ed25519 private key."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )

    key = Ed25519PrivateKey.generate()
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def sign_with(sign_private: bytes, message: bytes) -> bytes:
    """The 64-byte Ed25519 signature of ``message``."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(sign_private).sign(message)


def verify_signature(public_hex: str, message: bytes, signature: bytes) -> bool:
    """True when ``signature`` is the Ed25519 signature of ``message``; never raises."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        raw = bytes.fromhex(public_hex)
        if len(raw) != 32 or not isinstance(signature, bytes | bytearray) or len(signature) != 64:
            return False
        Ed25519PublicKey.from_public_bytes(raw).verify(bytes(signature), bytes(message))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


@dataclass
class LaptopIdentity:
    """This laptop's private keys: Ed25519 (raw 32 bytes) and its age identity."""

    laptop_id: str
    sign_private: bytes = field(repr=False)
    age_secret: str = field(repr=False)

    @classmethod
    def generate(cls) -> LaptopIdentity:
        import pyrage

        return cls(
            laptop_id=str(uuid.uuid4()),
            sign_private=new_sign_private(),
            age_secret=str(pyrage.x25519.Identity.generate()),
        )

    @property
    def sign_public_hex(self) -> str:
        return public_hex(self.sign_private)

    @property
    def age_recipient(self) -> str:
        import pyrage

        return str(pyrage.x25519.Identity.from_str(self.age_secret).to_public())

    def sign(self, message: bytes) -> bytes:
        return sign_with(self.sign_private, message)

    def decrypt_io(self, src: IO[bytes], dst: IO[bytes]) -> None:
        """Decrypt the age stream ``src`` into ``dst`` with this laptop's age identity."""
        import pyrage

        pyrage.decrypt_io(src, dst, [pyrage.x25519.Identity.from_str(self.age_secret)])

    def secrets_json(self) -> dict[str, str]:
        return {"sign": self.sign_private.hex(), "age": self.age_secret}

    @classmethod
    def from_secrets(cls, laptop_id: str, secrets: object) -> LaptopIdentity:
        """From ``{"sign": hex, "age": "AGE-SECRET-KEY-1…"}``; ValueError if not that."""
        import pyrage

        if not isinstance(secrets, dict):
            raise ValueError("not an object")
        sign, age = secrets.get("sign"), secrets.get("age")
        if not isinstance(sign, str) or not isinstance(age, str):
            raise ValueError("missing keys")
        raw = bytes.fromhex(sign)
        if len(raw) != 32:
            raise ValueError("not a 32-byte key")
        try:
            pyrage.x25519.Identity.from_str(age)
        except Exception as error:  # pyrage raises its own IdentityError
            raise ValueError("not an age identity") from error
        return cls(laptop_id, raw, age)


# --- files -----------------------------------------------------------------------------------


def write_file_atomically(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write ``data`` to a temporary file beside ``path`` (created with ``mode``), fsync
    it, rename it over ``path`` and fsync the folder."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)  # the umask may have narrowed os.open's mode
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    if hasattr(os, "O_DIRECTORY"):
        with contextlib.suppress(OSError):
            folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)


# --- the keyring, or the key file ----------------------------------------------------------


class KeyVault:
    """Where this laptop's private keys are kept: the OS keyring, or the key file.

    ``secrets`` replaces the OS keyring (tests, demos); ``key_passphrase`` is asked for the
    key file's passphrase only when the key file is needed (at most once).
    """

    def __init__(
        self,
        data_dir: Path,
        secrets: SecretStore | None = None,
        key_passphrase: Callable[[], str] | None = None,
    ) -> None:
        self._dir = Path(data_dir)
        self._secrets = secrets
        self._ask = key_passphrase
        self._passphrase: str | None = None
        self._file_cache: dict[str, Any] | None = None
        self.warning: str | None = None

    @property
    def key_file(self) -> Path:
        return self._dir / KEY_FILE_NAME

    # --- the keyring -----------------------------------------------------------------

    def _store(self) -> SecretStore | None:
        if self._secrets is not None:
            return self._secrets
        try:
            import keyring
            from keyring.backends import fail

            backend = keyring.get_keyring()
        except Exception:  # a broken keyring configuration is no keyring
            return None
        if isinstance(backend, fail.Keyring):
            return None
        return cast("SecretStore", backend)

    def keyring_get(self, user: str) -> str | None:
        """The secret kept for ``user``; None when there is none or no keyring answers."""
        store = self._store()
        if store is None:
            return None
        try:
            value = store.get_password(KEYRING_SERVICE, user)
        except Exception:  # any backend failure means: nothing kept there
            return None
        return value if isinstance(value, str) else None

    def keyring_put(self, user: str, value: str) -> bool:
        """Keep ``value`` for ``user`` and read it back: True only when it reads back."""
        store = self._store()
        if store is None:
            return False
        try:
            store.set_password(KEYRING_SERVICE, user, value)
            return store.get_password(KEYRING_SERVICE, user) == value
        except Exception:  # a backend that raises is no keyring
            return False

    # --- the key file ------------------------------------------------------------------

    def _key_passphrase(self) -> str:
        if self._passphrase is None:
            if self._ask is None:
                raise KeyFileError(
                    "This laptop has no working keyring, so its keys are kept in an encrypted "
                    "key file: give its passphrase with --key-passphrase-file.",
                    field="key_passphrase",
                )
            phrase = self._ask()
            if len(phrase.strip()) < MIN_KEY_PASSPHRASE:
                raise KeyFileError(
                    f"The key file's passphrase must be at least {MIN_KEY_PASSPHRASE} "
                    "characters long.",
                    field="key_passphrase",
                )
            self._passphrase = phrase.strip()
        return self._passphrase

    def read_key_file(self) -> dict[str, Any] | None:
        """The key file's JSON; None if there is no key file; KeyFileError if unreadable."""
        if self._file_cache is not None:
            return self._file_cache
        path = self.key_file
        if not path.exists():
            return None
        try:
            sealed = path.read_bytes()
        except OSError as error:
            raise KeyFileError(
                f"The key file {path} cannot be read ({error.strerror or type(error).__name__})."
            ) from error
        passphrase = self._key_passphrase()
        import pyrage

        try:
            clear = pyrage.passphrase.decrypt(sealed, passphrase)
        except Exception as error:  # pyrage.DecryptError, or a file that is not age at all
            raise KeyFileError(
                f"The key file {path} cannot be opened with that passphrase (or it is "
                "damaged); give the passphrase it was made with."
            ) from error
        try:
            data = json.loads(clear.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise KeyFileError(f"The key file {path} is damaged.") from error
        if not isinstance(data, dict):
            raise KeyFileError(f"The key file {path} is damaged.")
        self._file_cache = data
        return data

    def _write_key_file(self, data: dict[str, Any]) -> None:
        import pyrage

        sealed = pyrage.passphrase.encrypt(
            json.dumps(data, sort_keys=True).encode("utf-8"), self._key_passphrase()
        )
        self._dir.mkdir(parents=True, exist_ok=True)
        write_file_atomically(self.key_file, sealed, mode=0o600)
        self._file_cache = dict(data)
        self.warning = NO_KEYRING_WARNING

    # --- identities and the root key -----------------------------------------------------

    def store_identity(self, identity: LaptopIdentity) -> str:
        """Keep a new identity; returns where it went (``"keyring"`` or ``"file"``)."""
        text = json.dumps(identity.secrets_json(), sort_keys=True)
        if self.keyring_put(IDENTITY_USER + identity.laptop_id, text):
            return KEYRING
        existing = self.read_key_file() or {}
        if "sign" in existing and existing.get("laptop") != identity.laptop_id:
            # Never replace keys silently: that laptop's certificate may still be in use.
            raise KeyFileError(
                f"The key file {self.key_file} holds another laptop's keys; restore the "
                "database that goes with it, or move the key file aside to make new keys."
            )
        data = {"laptop": identity.laptop_id, **identity.secrets_json()}
        if "root" in existing and existing.get("laptop") == identity.laptop_id:
            data["root"] = existing["root"]
        self._write_key_file(data)
        return FILE

    def load_identity(self, laptop_id: str, where: str) -> LaptopIdentity:
        """This laptop's identity from the keyring (``where == "keyring"``) or key file."""
        if where == KEYRING:
            stored = self.keyring_get(IDENTITY_USER + laptop_id)
            if stored is not None:
                try:
                    return LaptopIdentity.from_secrets(laptop_id, json.loads(stored))
                except ValueError as error:
                    raise KeyFileError(
                        "The keys kept for this laptop in the keyring are damaged; restore "
                        "the keyring from a backup, or ask the programme lead to admit this "
                        "laptop again."
                    ) from error
            if not self.key_file.exists():
                raise KeyFileError(
                    "This laptop's keys are missing from the keyring; restore the keyring "
                    "from a backup, or ask the programme lead to admit this laptop again."
                )
        data = self.read_key_file()
        if data is None:
            raise KeyFileError(
                f"The key file {self.key_file} is missing; put it back from your backup of "
                "the data folder."
            )
        if data.get("laptop", laptop_id) != laptop_id:
            raise KeyFileError(f"The key file {self.key_file} belongs to another laptop.")
        try:
            identity = LaptopIdentity.from_secrets(laptop_id, data)
        except ValueError as error:
            raise KeyFileError(f"The key file {self.key_file} is damaged.") from error
        self.warning = NO_KEYRING_WARNING
        return identity

    def store_root_key(self, programme_id: str, laptop_id: str, private: bytes) -> str:
        """Keep the programme's root key; returns where it went."""
        if self.keyring_put(ROOT_USER + programme_id, private.hex()):
            return KEYRING
        data = dict(self.read_key_file() or {})
        if data and data.get("laptop", laptop_id) != laptop_id:
            raise KeyFileError(f"The key file {self.key_file} belongs to another laptop.")
        data["laptop"] = laptop_id
        data["root"] = private.hex()
        if "sign" not in data:
            # The identity is in the keyring; the file holds only the root key.
            data.pop("laptop")
        self._write_key_file(data)
        return FILE

    def load_root_key(self, programme_id: str) -> bytes:
        """The programme's root key (root laptop only): keyring first, then the key file."""
        stored = self.keyring_get(ROOT_USER + programme_id)
        if stored is None and self.key_file.exists():
            data = self.read_key_file() or {}
            root = data.get("root")
            stored = root if isinstance(root, str) else None
        if stored is None:
            raise KeyFileError(
                "The programme's root key is not on this laptop: only the programme lead's "
                "laptop can admit or revoke laptops."
            )
        try:
            raw = bytes.fromhex(stored.strip())
        except ValueError:
            raw = b""
        if len(raw) != 32:
            raise KeyFileError("The programme's root key kept on this laptop is damaged.")
        return raw


__all__ = [
    "FILE",
    "KEYRING",
    "KEY_FILE_NAME",
    "NO_KEYRING_WARNING",
    "KeyFileError",
    "KeyVault",
    "LaptopIdentity",
    "derive_site",
    "new_sign_private",
    "public_hex",
    "sign_with",
    "verify_signature",
    "write_file_atomically",
]
