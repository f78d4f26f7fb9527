"""Fixtures for the papers tests: a data folder's programme, its services (dated 20
October 2010) and a world of two minuted BESD meetings; helpers in paper_helpers.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from paper_helpers import TODAY, World, build_world, soffice_pdf

from sen_desktop.papers.output import PaperServices

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from store_helpers import Store

    from sen_desktop.core.store.database import Database


@pytest.fixture
def db(store: Store) -> Database:
    """The seeded County programme in this test's data folder (the ``store`` fixture)."""
    return store.db


@pytest.fixture
def services(db: Database) -> PaperServices:
    return PaperServices.from_session_factory(db.session_factory, today=lambda: TODAY)


@pytest.fixture
def world(services: PaperServices, data_dir: Path) -> World:
    return build_world(services, data_dir)


@pytest.fixture
def to_pdf() -> Callable[[Path], Path]:
    """``soffice_pdf``: convert a .docx to PDF with LibreOffice; returns the PDF path."""
    return soffice_pdf
