"""The consultation report (issue 15), read back through python-docx and LibreOffice:
the summary in words, the method (audiences, documents, events), responses by audience
and district, themes with quotations attributed by respondent type and district only
(never a name, organisation or contact detail), and you said / we did; the same
consultation gives the same bytes again."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from paper_helpers import body_texts, footer_text, pdf_page_texts, reopen

from sen_desktop.core.consultations.records import ConsultationFields, ResponseFields
from sen_desktop.core.consultations.service import ConsultationService
from sen_desktop.core.errors import NotFoundError
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.store.models import Recommendation
from sen_desktop.papers.consultation import consultation_paper

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sen_desktop.papers.output import PaperServices


def fill(services: PaperServices) -> None:
    sf = services.session_factory
    with sf.begin() as s:
        rec = Recommendation(reference="SG-3", group_id=group_id("SG"),
                             title="Banded funding for SEN in mainstream schools")
        s.add(rec)
        s.flush()
        rec_id = rec.id
    service = ConsultationService(sf)
    made = service.create(ConsultationFields(
        "SEN funding options for schools", ("schools", "academies"), dt.date(2010, 10, 4),
        dt.date(2010, 11, 26), "To ask schools which funding option they prefer.\n\n"
        "Part of the autumn consultation on the schools formula."))
    service.add_document(made.id, "recommendation", rec_id)
    service.add_event(made.id, dt.date(2010, 10, 20), "Ashford International Hotel",
                      "Ashford", "64")
    service.add_event(made.id, dt.date(2010, 10, 27), "Oakwood House", "Maidstone")
    bands = service.add_theme(made.id, "Funding bands").id
    protection = service.add_theme(made.id, "Transitional protection").id
    service.record_change(bands, "Three bands, not seven.", "recommendation", rec_id)
    service.add_responses(made.id, [
        ResponseFields("schools", "Seven bands is too many.", "Dover", "Oakfield School",
                       "Jo Head", "head@oakfield.kent.sch.uk", themes=(bands,)),
        ResponseFields("academies", "Protect us for two years.", "Thanet",
                       themes=(protection, bands)),
        ResponseFields("schools", "Fine as it is.", ""),
    ])


def test_the_report_reads_back(services: PaperServices, tmp_path: Path) -> None:
    fill(services)
    record = consultation_paper(services, "c1", tmp_path / "report.docx")
    assert (record.kind, record.reference, record.version) == ("consultation", "C1/REPORT", 1)
    document = reopen(tmp_path / "report.docx")
    assert "C1/REPORT" in footer_text(document)
    texts = body_texts(document)
    assert texts[0] == "Consultation report: SEN funding options for schools"
    assert texts[2] == (
        "The Strategy Steering Group consulted schools and academies on SEN funding options "
        "for schools from 4 October 2010 to 26 November 2010. 3 responses were received, "
        "from 2 districts of the 12. 2 events were held, attended by 64 people where "
        "counted. The themes most raised were funding bands (2) and transitional "
        "protection (1)."
    )
    assert "Part of the autumn consultation on the schools formula." in texts
    assert "1. Recommendation: SG-3 Banded funding for SEN in mainstream schools" in texts
    events = [[c.text for c in r.cells] for r in document.tables[0].rows]
    assert events[1:] == [["20 October 2010", "Ashford International Hotel", "Ashford", "64"],
                          ["27 October 2010", "Oakwood House", "Maidstone", "Not counted"]]
    audiences = [[c.text for c in r.cells] for r in document.tables[1].rows]
    assert audiences == [["Audience", "Responses", "Share"], ["Schools", "2", "67%"],
                         ["Academies", "1", "33%"], ["All responses", "3", "100%"]]
    districts = [[c.text for c in r.cells] for r in document.tables[2].rows]
    assert len(districts) == 1 + 12 + 1 + 1  # heading, districts, none given, all
    assert ["Dover", "1", "33%"] in districts and ["Ashford", "0", "0%"] in districts
    assert ["No district given", "1", "33%"] in districts
    assert "Funding bands: raised in 2 responses." in texts
    assert "\u201cSeven bands is too many.\u201d \u2014 Schools, Dover" in texts
    assert "\u201cProtect us for two years.\u201d \u2014 Academies, Thanet" in texts
    said = [[c.text for c in r.cells] for r in document.tables[3].rows]
    assert said == [
        ["You said", "We did", "What changed"],
        ["Funding bands", "Three bands, not seven.",
         "Recommendation SG-3 Banded funding for SEN in mainstream schools"],
        ["Transitional protection", "Not yet decided.", "—"],
    ]
    everything = "\n".join(texts) + "".join(c.text for t in document.tables
                                            for r in t.rows for c in r.cells)
    for private in ("Jo Head", "head@oakfield", "Oakfield School"):
        assert private not in everything
    again = consultation_paper(services, "C1", tmp_path / "again.docx")
    assert (again.version, again.new_version) == (1, False)
    assert (tmp_path / "report.docx").read_bytes() == (tmp_path / "again.docx").read_bytes()
    with pytest.raises(NotFoundError, match="There is no consultation with the reference C9"):
        consultation_paper(services, "C9", tmp_path / "c9.docx")


def test_libreoffice_reads_the_report(
    services: PaperServices, tmp_path: Path, to_pdf: Callable[[Path], Path]
) -> None:
    fill(services)
    consultation_paper(services, "C1", tmp_path / "report.docx")
    words = " ".join(" ".join(pdf_page_texts(to_pdf(tmp_path / "report.docx"))).split())
    assert "CONSULTATION REPORT: SEN FUNDING OPTIONS FOR SCHOOLS" in words
    assert "7. You said, we did" in words
    assert "Three bands, not seven." in words


def test_the_same_words_are_quoted_once_under_a_theme(
    services: PaperServices, tmp_path: Path
) -> None:
    service = ConsultationService(services.session_factory)
    made = service.create(ConsultationFields("Transport", ("parents_carers",),
                                             dt.date(2010, 11, 15), dt.date(2011, 3, 18)))
    theme = service.add_theme(made.id, "Buses").id
    service.add_responses(made.id, [
        ResponseFields("parents_carers", "The bus is late.", "Dover", themes=(theme,)),
        ResponseFields("parents_carers", "The  bus is late.", "Swale", themes=(theme,)),
        ResponseFields("young_people", "No bus at all.", "Thanet", themes=(theme,)),
    ])
    consultation_paper(services, "C1", tmp_path / "report.docx")
    texts = body_texts(reopen(tmp_path / "report.docx"))
    quotes = [t for t in texts if t.startswith("\u201c")]
    assert quotes == ["\u201cThe bus is late.\u201d \u2014 Parents and carers, Dover",
                      "\u201cNo bus at all.\u201d \u2014 Young people, Thanet"]
