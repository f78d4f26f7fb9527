"""Laptops the sync tests share.

- ``a`` and ``b``: two bare laptops of ``merge_helpers`` (no keys, no certificates), for
  the merge tests;
- ``world``, ``lead``, ``besd``, ``pcrg``, ``sg``: one programme for the signed-batch and
  authority tests (``programme_laptops``): the lead (the root, writing everything) and
  the BESD, PCRG and Steering Group secretaries' laptops, each writing its own group.

A test module that needs a laptop of another kind defines its own fixture of the same
name."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from merge_helpers import Laptop
from programme_laptops import member_fixture, world_fixture

if TYPE_CHECKING:
    from collections.abc import Iterator


world = world_fixture()
lead = member_fixture("lead")
besd = member_fixture("besd")
pcrg = member_fixture("pcrg")
sg = member_fixture("sg")


@pytest.fixture
def a() -> Iterator[Laptop]:
    laptop = Laptop(1)
    yield laptop
    laptop.close()


@pytest.fixture
def b() -> Iterator[Laptop]:
    laptop = Laptop(2)
    yield laptop
    laptop.close()
