"""Chairs' signing keys and Ed25519 signatures: valid ones verify; one byte changed in
the text, the decision or the key, and they do not."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import keyring.errors
import pytest
from keyring.backend import KeyringBackend

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.signing import (
    CONTENT_FIELDS,
    ChairKeys,
    KeyringUnavailableError,
    MemorySecretStore,
    approval_message,
    check_signature,
    content_hash,
    fingerprint,
    verify,
)

REPO = Path(__file__).resolve().parents[2]

CONTENT: dict[str, Any] = {
    "title": "Outreach from special schools",
    "text": "That each district has an outreach hub.\nMorning and afternoon sessions. 🙂",
    "rationale": "Evidence from the survey of schools.",
    "tier": "outreach",
    "dimension": "BESD",
    "districts": ["Thanet", "Ashford"],
    "financial": "£120,000 a year.",
    "legal": "",
    "equality": "Positive for disabled pupils.",
    "data_protection": "",
    "reference_group_view": "Supported.",
    "remit_item_ids": ["b", "a"],
}


def message_for(hash_: str, transition: str = "approved") -> bytes:
    return approval_message(hash_, "rec-1", transition, "2010-10-01T10:00:00.000000+00:00", "ev-1")


def test_ensure_key_keeps_the_private_key_in_the_keyring(test_keyring: Any) -> None:
    keys = ChairKeys()
    public = keys.ensure_key("person-1")
    assert len(public) == 64 and bytes.fromhex(public)
    stored = test_keyring.secrets[("SEN Secretariat", "chair-signing-key:person-1")]
    assert len(stored) == 64 and stored != public
    # The same key next time; another chair gets another key.
    assert keys.ensure_key("person-1") == public
    assert keys.public_key("person-1") == public
    assert keys.ensure_key("person-2") != public
    assert keys.has_key("person-2")
    assert not keys.has_key("person-3")
    assert keys.public_key("person-3") is None


def test_a_valid_signature_verifies() -> None:
    keys = ChairKeys()
    public = keys.ensure_key("chair")
    message = message_for(content_hash(CONTENT))
    signature = keys.sign("chair", message)
    assert verify(public, message, signature)
    assert check_signature(public, message, signature).ok


def test_one_byte_of_text_decision_or_key_changed_does_not_verify() -> None:
    keys = ChairKeys()
    public = keys.ensure_key("chair")
    message = message_for(content_hash(CONTENT))
    signature = keys.sign("chair", message)

    changed_text = dict(CONTENT, text=CONTENT["text"].replace("each", "every"))
    assert not verify(public, message_for(content_hash(changed_text)), signature)
    assert not verify(public, message_for(content_hash(CONTENT), "noted"), signature)
    other = keys.ensure_key("someone else")
    check = check_signature(other, message, signature)
    assert not check.ok and check.reason == "signature does not match"
    flipped = bytearray(message)
    flipped[10] ^= 1
    assert not verify(public, bytes(flipped), signature)
    bad_signature = ("0" if signature[0] != "0" else "1") + signature[1:]
    assert not verify(public, message, bad_signature)


@pytest.mark.parametrize(
    ("public", "signature", "reason"),
    [
        ("not hex", "00" * 64, "not a valid Ed25519 public key"),
        ("00" * 31, "00" * 64, "not a valid Ed25519 public key"),
        ("zz" * 32, "00" * 64, "not a valid Ed25519 public key"),
        ("11" * 32, "", "not a valid Ed25519 signature"),
        ("11" * 32, "xy" * 64, "not a valid Ed25519 signature"),
    ],
)
def test_bad_input_never_raises(public: str, signature: str, reason: str) -> None:
    check = check_signature(public, b"message", signature)
    assert not check.ok
    assert reason in check.reason
    assert verify(public, b"message", signature) is False


def test_content_hash_covers_each_field_and_ignores_list_order() -> None:
    base = content_hash(CONTENT)
    assert len(base) == 64
    reordered = dict(CONTENT, districts=["Ashford", "Thanet"], remit_item_ids=["a", "b"])
    assert content_hash(reordered) == base
    for name in CONTENT_FIELDS:
        value = CONTENT[name]
        if isinstance(value, list):
            changed: Any = [*value, "extra"]
        else:
            changed = (value or "") + "x"
        assert content_hash(dict(CONTENT, **{name: changed})) != base, name
    assert content_hash(dict(CONTENT, tier=None)) != base
    # Fields outside the content (the reference, the group) do not matter.
    assert content_hash(dict(CONTENT, reference="BESD-R9", group_id="g")) == base
    with pytest.raises(KeyError):
        content_hash({"title": "only a title"})


def test_approval_message_is_canonical_json_naming_everything() -> None:
    message = approval_message("h" * 64, "rec", "endorsed", "2010-10-01T10:00:00+00:00", "ev")
    decoded = json.loads(message)
    assert decoded["content_hash"] == "h" * 64
    assert decoded["recommendation_id"] == "rec"
    assert decoded["transition"] == "endorsed"
    assert decoded["event_id"] == "ev"
    assert message == approval_message(
        "h" * 64, "rec", "endorsed", "2010-10-01T10:00:00+00:00", "ev"
    )
    assert b" " not in message.replace(b"SEN Secretariat recommendation decision", b"")
    for args in [
        ("g" * 64, "rec", "endorsed", "2010-10-01T10:00:00+00:00", "ev"),
        ("h" * 64, "rec2", "endorsed", "2010-10-01T10:00:00+00:00", "ev"),
        ("h" * 64, "rec", "approved", "2010-10-01T10:00:00+00:00", "ev"),
        ("h" * 64, "rec", "endorsed", "2010-10-01T10:00:01+00:00", "ev"),
        ("h" * 64, "rec", "endorsed", "2010-10-01T10:00:00+00:00", "ev2"),
    ]:
        assert approval_message(*args) != message


def test_signing_without_a_key_on_this_laptop_is_refused() -> None:
    with pytest.raises(ValidationError, match="no signing key on this laptop"):
        ChairKeys().sign("nobody", b"message")


def test_fingerprint_is_short_and_stable() -> None:
    public = ChairKeys().ensure_key("chair")
    assert fingerprint(public) == fingerprint(public.upper())
    assert len(fingerprint(public).split()) == 4


class _BrokenKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("no")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringLocked("locked")


def test_a_keyring_that_fails_says_so() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(_BrokenKeyring())
    try:
        with pytest.raises(KeyringUnavailableError, match="keyring cannot keep"):
            ChairKeys().ensure_key("chair")
    finally:
        keyring.set_keyring(previous)


def test_a_damaged_key_in_the_keyring_says_so(test_keyring: Any) -> None:
    test_keyring.secrets[("SEN Secretariat", "chair-signing-key:chair")] = "not a key"
    with pytest.raises(KeyringUnavailableError, match="damaged"):
        ChairKeys().sign("chair", b"message")
    ChairKeys().forget("chair")
    assert not ChairKeys().has_key("chair")


def test_cryptography_loads_only_when_first_used() -> None:
    code = (
        "import sys, json\n"
        "import sen_desktop.core.signing, sen_desktop.core.recommendations\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('cryptography'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_a_separate_store_keeps_demo_keys_out_of_the_keyring(test_keyring: Any) -> None:
    store = MemorySecretStore()
    keys = ChairKeys(backend=store)
    public = keys.ensure_key("demo chair")
    assert verify(public, b"m", keys.sign("demo chair", b"m"))
    assert list(store.secrets) == [("SEN Secretariat", "chair-signing-key:demo chair")]
    assert test_keyring.secrets == {}
