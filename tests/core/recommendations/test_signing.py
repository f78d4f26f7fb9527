"""What a chair signs (approval_message_v2) and Ed25519 signatures: valid ones verify;
one byte changed in the text, the decision, the body, meeting, minute, note, person,
predecessor or key, and they do not. No laptop makes a chair's key any more."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import sen_desktop.core.recommendations.signing as signing
from sen_desktop.core.recommendations.signing import (
    APPROVAL_FIELDS,
    CONTENT_FIELDS,
    MemorySecretStore,
    approval_message_of,
    approval_message_v2,
    check_signature,
    content_hash,
    fingerprint,
    verify,
)

REPO = Path(__file__).resolve().parents[3]

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

DECISION: dict[str, Any] = {
    "recommendation_id": "rec-1",
    "content_hash": "h" * 64,
    "transition": "endorsed",
    "body_id": None,
    "group_id": "group-sg",
    "meeting_id": "meeting-3",
    "minute_number": "12",
    "note": "",
    "by_id": "person-chair",
    "after_id": "event-0",
    "at": "2010-10-01T10:00:00.000000+00:00",
    "event_id": "event-1",
}


def key_pair(seed: int = 1) -> tuple[Any, str]:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    key = Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32)
    return key, key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def message_for(hash_: str, transition: str = "approved", **changes: Any) -> bytes:
    return approval_message_v2(**{**DECISION, "content_hash": hash_, "transition": transition,
                                  **changes})


def test_a_valid_signature_verifies() -> None:
    key, public = key_pair()
    message = message_for(content_hash(CONTENT))
    signature = key.sign(message).hex()
    assert verify(public, message, signature)
    assert check_signature(public, message, signature).ok


def test_one_byte_of_text_decision_or_key_changed_does_not_verify() -> None:
    key, public = key_pair()
    message = message_for(content_hash(CONTENT))
    signature = key.sign(message).hex()
    changed_text = dict(CONTENT, text=CONTENT["text"].replace("each", "every"))
    assert not verify(public, message_for(content_hash(changed_text)), signature)
    assert not verify(public, message_for(content_hash(CONTENT), "noted"), signature)
    _, other = key_pair(2)
    check = check_signature(other, message, signature)
    assert not check.ok and check.reason == "signature does not match"
    flipped = bytearray(message)
    flipped[10] ^= 1
    assert not verify(public, bytes(flipped), signature)
    bad_signature = ("0" if signature[0] != "0" else "1") + signature[1:]
    assert not verify(public, message, bad_signature)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("meeting_id", "meeting-4"),
        ("meeting_id", None),
        ("body_id", "body-smt"),
        ("group_id", "group-besd"),
        ("group_id", None),
        ("minute_number", "13"),
        ("note", "With the amendments minuted."),
        ("by_id", "person-secretary"),
        ("after_id", "event-x"),
        ("after_id", None),
        ("at", "2010-10-01T10:00:01.000000+00:00"),
        ("event_id", "event-2"),
        ("recommendation_id", "rec-2"),
        ("transition", "approved"),
        ("content_hash", "g" * 64),
    ],
)
def test_a_signature_moved_to_another_meeting_body_minute_note_or_step_breaks(
    field: str, value: Any
) -> None:
    key, public = key_pair()
    signature = key.sign(approval_message_v2(**DECISION)).hex()
    moved = approval_message_v2(**{**DECISION, field: value})
    assert moved != approval_message_v2(**DECISION)
    assert not verify(public, moved, signature)


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
    message = approval_message_v2(**DECISION)
    decoded = json.loads(message)
    assert decoded == {
        "purpose": "SEN Secretariat recommendation decision",
        "v": 2,
        **DECISION,
    }
    assert set(decoded) == {"purpose", "v", *APPROVAL_FIELDS}
    assert message == json.dumps(
        decoded, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    # The same from an event's columns (a mapping with "id", or an ORM-like object).
    row = {**{k: v for k, v in DECISION.items() if k != "event_id"}, "id": "event-1"}
    assert approval_message_of(row) == message

    class Event:
        pass

    event = Event()
    for name, value in row.items():
        setattr(event, name, value)
    assert approval_message_of(event) == message


def test_no_laptop_can_make_a_chairs_key_any_more() -> None:
    assert not hasattr(signing, "ChairKeys")
    assert not hasattr(signing, "approval_message")  # the earlier scheme's message


def test_fingerprint_is_short_and_stable() -> None:
    _, public = key_pair()
    assert fingerprint(public) == fingerprint(public.upper())
    assert len(fingerprint(public).split()) == 4


def test_a_memory_store_keeps_secrets_out_of_the_keyring(test_keyring: Any) -> None:
    store = MemorySecretStore()
    store.set_password("SEN Secretariat", "user", "secret")
    assert store.get_password("SEN Secretariat", "user") == "secret"
    store.delete_password("SEN Secretariat", "user")
    store.delete_password("SEN Secretariat", "user")  # twice is fine
    assert store.get_password("SEN Secretariat", "user") is None
    assert test_keyring.secrets == {}


def test_cryptography_loads_only_when_first_used() -> None:
    code = (
        "import sys, json\n"
        "import sen_desktop.core.recommendations.signing\n"
        "import sen_desktop.core.recommendations.service\n"
        "import sen_desktop.core.recommendations.chairs, sen_desktop.core.demo.registry\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('cryptography'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
