"""The ``pair`` fixture of the references tests: two laptops, the second's clock later."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from merge_helpers import Laptop

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture
def pair() -> Iterator[tuple[Laptop, Laptop]]:
    a, b = Laptop(1), Laptop(2, skew_ms=5)
    yield a, b
    a.close()
    b.close()
