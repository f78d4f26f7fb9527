"""Helpers for the convergence state machine (imported as ``from converge_helpers import …``).

An ``Office`` is a ``merge_helpers.Laptop`` that also has what a person's laptop has
for approvals and real bundles: its own keyring (an in-memory store, one per laptop, so
a chair's private key lives only on the laptop where the chair signs), the programme
key and a laptop signing key in it, and a ``RecommendationService`` on the laptop's
skewed wall clock.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from merge_helpers import Laptop

from sen_desktop.core.recommendations import RecommendationService
from sen_desktop.core.signing import KEYRING_SERVICE, ChairKeys, MemorySecretStore
from sen_desktop.core.store import models as m
from sen_desktop.sync.keys import PROGRAMME_USER, SyncKeys, derive_programme_key

PASSPHRASE = "correct horse battery staple"


@functools.cache
def programme_key() -> bytes:
    """Derived once: scrypt costs a tenth of a second, and every laptop shares it."""
    key: bytes = derive_programme_key(PASSPHRASE)
    return key


MemoryStore = MemorySecretStore  # one laptop's keyring


class Office(Laptop):
    def __init__(self, number: int, folder: Path, *, skew_ms: int = 0) -> None:
        super().__init__(number, skew_ms=skew_ms)
        self.number = number
        self.keyring = MemoryStore()
        # The passphrase was set once on this laptop: its keyring holds the programme key.
        self.keyring.set_password(KEYRING_SERVICE, PROGRAMME_USER, programme_key().hex())
        self.sync_keys = SyncKeys(folder, backend=self.keyring)
        self.chair_keys = ChairKeys(backend=self.keyring)
        self.service = RecommendationService(
            self.factory, today=lambda: dt.date(2026, 11, 28), keys=self.chair_keys, now=self.now
        )

    def now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.wall() / 1000, tz=dt.UTC)


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
