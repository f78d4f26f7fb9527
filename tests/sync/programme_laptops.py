"""One programme's laptops as pytest fixtures, for tests/sync/conftest.py and any other
test module that needs them (tests/core/consultations, tests/core/provision): the lead
(the root, writing everything) and the working groups' secretaries' laptops, each writing
its own group (``authorship_helpers.Member``).

A module takes the fixtures it needs by assigning them under their names::

    world = world_fixture()
    lead = member_fixture("lead")
    besd = member_fixture("besd")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from authorship_helpers import Member, World

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

# fixture name -> (laptop number, laptop name, groups written, root)
LAPTOPS: dict[str, tuple[int, str, list[str], bool]] = {
    "lead": (1, "Programme lead", ["*"], True),
    "besd": (2, "BESD secretary", ["BESD"], False),
    "pcrg": (3, "PCRG secretary", ["PCRG"], False),
    "sg": (4, "SG secretary", ["SG"], False),
    "cl": (6, "CL secretary", ["CL"], False),
}


def world_fixture() -> Callable[..., Any]:
    """The fixture ``world``: the programme the laptops are certified in."""

    @pytest.fixture(name="world")
    def _world() -> World:
        return World()

    return _world


def member_fixture(key: str) -> Callable[..., Any]:
    """The fixture named ``key`` (one of LAPTOPS): that laptop, closed after the test."""
    number, name, write, root = LAPTOPS[key]

    @pytest.fixture(name=key)
    def _member(world: World, tmp_path: Path) -> Iterator[Member]:
        laptop = Member(world, number, name, tmp_path / key, write=write, root=root)
        yield laptop
        laptop.close()

    return _member
