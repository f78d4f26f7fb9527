"""The ``world`` fixture of the recommendation service's tests (recommendation_world.py)."""

from __future__ import annotations

import pytest
from store_helpers import Store

from tests.core.recommendations.recommendation_world import World, make_world


@pytest.fixture
def world(store: Store) -> World:
    return make_world(store)
