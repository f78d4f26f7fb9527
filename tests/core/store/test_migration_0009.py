"""Migration 0009 (issue 15): policy documents.

A database of schema 0008 gains the four tables empty; one of 0009 keeps its policy,
version, comment and pathway step through opening."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select

from sen_desktop.core.store.database import open_database
from sen_desktop.core.store.models import (
    PolicyComment,
    PolicyDocument,
    PolicyEvent,
    PolicyVersion,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
NEW_TABLES = (PolicyDocument, PolicyVersion, PolicyComment, PolicyEvent)


def test_a_0008_database_gains_the_policy_tables_empty(data_dir: Path) -> None:
    path = data_dir / "sen.sqlite3"
    shutil.copy(FIXTURES / "schema-0008.sqlite3", path)
    with open_database(path) as db, db.session_factory() as session:
        for model in NEW_TABLES:
            assert session.scalars(select(model)).all() == []


def test_a_0009_database_keeps_its_policy_rows(data_dir: Path) -> None:
    path = data_dir / "sen.sqlite3"
    shutil.copy(FIXTURES / "schema-0009.sqlite3", path)
    with open_database(path) as db, db.session_factory() as session:
        policy = session.scalars(select(PolicyDocument)).one()
        version = session.scalars(select(PolicyVersion)).one()
        assert (policy.title, version.policy_id, version.number) == ("BESD policy", policy.id, 1)
        assert version.principles == "Early help, in the local school, with the family."
        comment = session.scalars(select(PolicyComment)).one()
        assert (comment.version_id, comment.section) == (version.id, "principles")
        event = session.scalars(select(PolicyEvent)).one()
        assert (event.version_id, event.step, event.minute_number) == (version.id, "agreed", "7")
