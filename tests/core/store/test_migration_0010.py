"""Migration 0010 (issue 15): consultations.

A database of schema 0009 gains the five tables empty; one of 0010 keeps its
consultation, document, event, theme and response through opening."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from sqlalchemy import select

from sen_desktop.core.store.database import open_database
from sen_desktop.core.store.models import (
    Consultation,
    ConsultationDocument,
    ConsultationEvent,
    ConsultationResponse,
    ConsultationTheme,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
NEW_TABLES = (
    Consultation,
    ConsultationDocument,
    ConsultationEvent,
    ConsultationTheme,
    ConsultationResponse,
)


def test_a_0009_database_gains_the_consultation_tables_empty(data_dir: Path) -> None:
    path = data_dir / "sen.sqlite3"
    shutil.copy(FIXTURES / "schema-0009.sqlite3", path)
    with open_database(path) as db, db.session_factory() as session:
        for model in NEW_TABLES:
            assert session.scalars(select(model)).all() == []


def test_a_0010_database_keeps_its_consultation_rows(data_dir: Path) -> None:
    path = data_dir / "sen.sqlite3"
    shutil.copy(FIXTURES / "schema-0010.sqlite3", path)
    with open_database(path) as db, db.session_factory() as session:
        consultation = session.scalars(select(Consultation)).one()
        assert (consultation.reference, consultation.closes_on) == ("C1", dt.date(2010, 11, 26))
        assert json.loads(consultation.audiences) == ["schools", "academies"]
        document = session.scalars(select(ConsultationDocument)).one()
        event = session.scalars(select(ConsultationEvent)).one()
        assert (event.district, event.attendance) == ("Ashford", 64)
        theme = session.scalars(select(ConsultationTheme)).one()
        assert theme.change_kind == "recommendation"
        response = session.scalars(select(ConsultationResponse)).one()
        assert (response.document_id, json.loads(response.themes)) == (document.id, [theme.id])
        assert response.contact_email == "head@oakfield.kent.sch.uk"
