"""Migration 0008 (issue 15): provision maps and criteria for access.

A database of schema 0007 gains the five tables empty; one of 0008 keeps its provision
entry, gap, criteria version, criterion and citation through opening."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select

from sen_desktop.core.store.database import open_database
from sen_desktop.core.store.models import (
    AccessCriterion,
    CriteriaVersion,
    ProvisionEntry,
    ProvisionGap,
    RecommendationCriterion,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
NEW_TABLES = (ProvisionEntry, ProvisionGap, CriteriaVersion, AccessCriterion,
              RecommendationCriterion)


def test_a_0007_database_gains_the_provision_tables_empty(data_dir: Path) -> None:
    path = data_dir / "sen.sqlite3"
    shutil.copy(FIXTURES / "schema-0007.sqlite3", path)
    with open_database(path) as db, db.session_factory() as session:
        for model in NEW_TABLES:
            assert session.scalars(select(model)).all() == []


def test_a_0008_database_keeps_its_provision_rows(data_dir: Path) -> None:
    path = data_dir / "sen.sqlite3"
    shutil.copy(FIXTURES / "schema-0008.sqlite3", path)
    with open_database(path) as db, db.session_factory() as session:
        entry = session.scalars(select(ProvisionEntry)).one()
        assert (entry.name, entry.tier, entry.district, entry.places) == (
            "Oakwood outreach service", "outreach", "Thanet", 40
        )
        gap = session.scalars(select(ProvisionGap)).one()
        assert (gap.district, gap.tier, gap.recommendation_id) == (
            "Dover", "outreach", "00000000-0000-4000-8000-000000000008"
        )
        criterion = session.scalars(select(AccessCriterion)).one()
        version = session.get(CriteriaVersion, criterion.version_id)
        assert version is not None and version.number == 1
        citation = session.scalars(select(RecommendationCriterion)).one()
        assert citation.criterion_id == criterion.id
