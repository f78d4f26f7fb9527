"""The provision map paper (issue 15), read back through python-docx and LibreOffice:
landscape, districts by tiers with GAP in words on shaded cells, the gaps with their
recommendations, the provision, the agreed criteria; the same map gives the same file."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from paper_helpers import body_texts, footer_text, header_text, pdf_page_texts, reopen

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.provision.criteria import CriteriaService
from sen_desktop.core.provision.records import EntryFields
from sen_desktop.core.provision.service import ProvisionService
from sen_desktop.core.store.models import Recommendation
from sen_desktop.papers.provision_map import provision_map_paper

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sen_desktop.papers.output import PaperServices

BESD = group_id("BESD")


def fill(services: PaperServices) -> None:
    sf = services.session_factory
    with sf.begin() as s:
        answer = Recommendation(reference="BESD-R4", group_id=BESD, title="A unit in Dover")
        s.add(answer)
    provision = ProvisionService(sf)
    for name, district, tier, places in (
        ("Marram Bay School", "Thanet", "special_school", "140"),
        ("Thanet outreach", "Thanet", "outreach", "40"),
        ("Cliftonville unit", "Thanet", "specialist_in_mainstream", "12"),
        ("Ashford advice line", "Ashford", "outreach", ""),
    ):
        provision.add_entry(BESD, EntryFields(
            name=name, tier=tier, district=district, need_types=("BESD",), age_from=5,
            age_to=16, setting="Special school", places=places, funding="High needs",
        ))
    provision.add_gap(BESD, "Dover", "specialist_in_mainstream", "Eleven pupils travel "
                      "to Thanet.", answer.id)
    provision.add_gap(BESD, "Swale", "outreach", "No outreach reaches Swale.")
    criteria = CriteriaService(sf)
    version = criteria.start_version(BESD)
    criterion = criteria.add_criterion(version.id, "Two terms of enhanced provision.",
                                       "outreach")
    criteria.agree_version(version.id, dt.date(2010, 11, 16))
    criteria.cite(answer.id, criterion.id)


def test_the_paper_reads_back(services: PaperServices, tmp_path: Path) -> None:
    fill(services)
    record = provision_map_paper(services, BESD, tmp_path / "map.docx")
    assert (record.kind, record.reference, record.version) == ("provision_map", "BESD/PM", 1)
    document = reopen(tmp_path / "map.docx")
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
    texts = body_texts(document)
    assert texts[0] == "Provision map — BESD"
    assert "Kent County Council" in header_text(document)
    assert "BESD/PM" in footer_text(document)
    grid = document.tables[0]
    heads = [c.text for c in grid.rows[0].cells]
    assert heads == ["District", "Universal", "Enhanced", "Specialist in mainstream",
                     "Special school", "Outreach", "Independent and out-county", "Places"]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in grid.rows[1:]}
    assert len(rows) == 13  # twelve districts and the totals
    assert rows["Thanet"][4:7] == ["1 (140 places)", "1 (40 places)", "–"]
    assert rows["Thanet"][3] == "1 (12 places)" and rows["Thanet"][7] == "192"
    assert rows["Ashford"][5] == "1"  # a service without a count of places
    assert rows["Dover"][3] == "GAP"  # the word, not only the shading
    dover = next(r for r in grid.rows if r.cells[0].text == "Dover").cells[3]
    assert dover._tc.tcPr.find(qn("w:shd")) is not None
    assert rows["All districts"][-1] == "192"
    assert rows["All districts"][4:6] == ["1 (140 places)", "2 (40 places)"]
    gaps = [[c.text for c in r.cells] for r in document.tables[1].rows[1:]]
    assert gaps == [
        ["Dover", "Specialist in mainstream", "Eleven pupils travel to Thanet.",
         "BESD-R4 A unit in Dover"],
        ["Swale", "Outreach", "No outreach reaches Swale.", "None yet"],
    ]
    assert "2 gaps; 1 answered by a recommendation, 1 not yet." in texts
    entries = [[c.text for c in r.cells] for r in document.tables[2].rows[1:]]
    assert [e[2] for e in entries] == [
        "Ashford advice line", "Cliftonville unit", "Marram Bay School", "Thanet outreach"
    ]
    assert entries[0][6] == "–" and entries[2][5] == "5–16"
    assert "Version 1, agreed on 16 November 2010." in texts
    paragraphs = [p.text for p in document.paragraphs]
    assert "1.\tTwo terms of enhanced provision. (Outreach) Cited by BESD-R4." in paragraphs


def test_the_same_map_keeps_its_version_and_a_change_raises_it(
    services: PaperServices, tmp_path: Path
) -> None:
    fill(services)
    first = provision_map_paper(services, BESD, tmp_path / "a.docx")
    again = provision_map_paper(services, BESD, tmp_path / "b.docx")
    assert (again.version, again.new_version) == (1, False)
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
    ProvisionService(services.session_factory).add_gap(BESD, "Dover", "outreach", "None.")
    changed = provision_map_paper(services, BESD, tmp_path / "c.docx")
    assert changed.version == first.version + 1


def test_an_empty_map_and_a_group_without_one(services: PaperServices, tmp_path: Path) -> None:
    provision_map_paper(services, group_id("ASD"), tmp_path / "asd.docx")
    texts = body_texts(reopen(tmp_path / "asd.docx"))
    assert texts[0] == "Provision map — ASD/SLCN"
    assert "The group has recorded no gaps." in texts
    assert "No provision has been mapped yet." in texts
    assert "The group has not agreed criteria for access yet." in texts
    with pytest.raises(ValidationError, match="not a need dimension working group"):
        provision_map_paper(services, group_id("SG"), tmp_path / "sg.docx")


def test_libreoffice_reads_it_on_landscape_pages(
    services: PaperServices, tmp_path: Path, to_pdf: Callable[[Path], Path]
) -> None:
    fill(services)
    provision_map_paper(services, BESD, tmp_path / "map.docx")
    pages = pdf_page_texts(to_pdf(tmp_path / "map.docx"))
    assert "PROVISION MAP — BESD" in pages[0].upper()
    assert "GAP" in pages[0] and "Tunbridge Wells" in pages[0]
    assert any("BESD-R4 A unit in Dover" in " ".join(p.split()) for p in pages)
