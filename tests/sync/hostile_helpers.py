"""Shared by the hostile-bundle tests (``from hostile_helpers import …``): the checks that
an import is refused in one sentence with the recipient's database byte-identical, or
accepted."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sen_desktop.core.errors import SenError
from sen_desktop.sync.bundle import BundleError

if TYPE_CHECKING:
    from pathlib import Path

    from trust_helpers import Laptop


def one_sentence(message: str) -> None:
    assert "\n" not in message and "Traceback" not in message, message
    assert message.endswith("."), message
    assert len(message) < 400, message


def refused(laptop: Laptop, data: bytes | Path, match: str, tmp: Path, **options: object) -> str:
    """Import ``data`` on ``laptop``: refused with ``match``, database byte-identical."""
    if isinstance(data, bytes):
        path = tmp / "hostile.senbundle"
        path.write_bytes(data)
    else:
        path = data
    before = laptop.hash()
    with pytest.raises(SenError) as caught:
        laptop.import_(path, **options)
    message = str(caught.value.message)
    assert isinstance(caught.value, BundleError), message
    one_sentence(message)
    assert match in message, message
    assert laptop.hash() == before
    assert not list((laptop.folder / "staging").glob("*")), "a staged file was left behind"
    return message


def accepted(laptop: Laptop, data: bytes, tmp: Path, **options: object) -> None:
    path = tmp / "fine.senbundle"
    path.write_bytes(data)
    laptop.import_(path, **options)
