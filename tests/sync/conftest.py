"""Laptops the sync tests share.

- ``a`` and ``b``: two bare laptops of ``merge_helpers`` (no keys, no certificates), for
  the merge tests;
- ``world``, ``lead``, ``besd``, ``pcrg``, ``sg``: one programme for the signed-batch and
  authority tests (``authorship_helpers``): the lead (the root, writing everything) and
  the BESD, PCRG and Steering Group secretaries' laptops, each writing its own group.

A test module that needs a laptop of another kind defines its own fixture of the same
name."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from authorship_helpers import Member, World
from merge_helpers import Laptop

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture
def world() -> World:
    return World()


@pytest.fixture
def lead(world: World, tmp_path: Path) -> Iterator[Member]:
    laptop = Member(world, 1, "Programme lead", tmp_path / "lead", write=["*"], root=True)
    yield laptop
    laptop.close()


@pytest.fixture
def besd(world: World, tmp_path: Path) -> Iterator[Member]:
    laptop = Member(world, 2, "BESD secretary", tmp_path / "besd", write=["BESD"])
    yield laptop
    laptop.close()


@pytest.fixture
def pcrg(world: World, tmp_path: Path) -> Iterator[Member]:
    laptop = Member(world, 3, "PCRG secretary", tmp_path / "pcrg", write=["PCRG"])
    yield laptop
    laptop.close()


@pytest.fixture
def sg(world: World, tmp_path: Path) -> Iterator[Member]:
    laptop = Member(world, 4, "SG secretary", tmp_path / "sg", write=["SG"])
    yield laptop
    laptop.close()


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
