"""The ``world`` fixture of the recommendation service's tests (recommendation_world.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.core.recommendations.recommendation_world import World, make_world

if TYPE_CHECKING:
    from store_helpers import Store


@pytest.fixture
def world(store: Store) -> World:
    return make_world(store)
