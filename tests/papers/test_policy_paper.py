"""The policy document paper (issue 15), read back through python-docx and LibreOffice:
the banner says "CONSULTATION DRAFT" in words while the version is out to consultation
and nothing once it is published; the front sheet gives the pathway step by step with
who signed, the version table every version; the six sections follow, numbered."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from paper_helpers import body_texts, footer_text, header_text, pdf_page_texts, reopen

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.policies.service import PolicyService
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.store.models import Meeting, Person
from sen_desktop.papers.policy import policy_paper
from tests.chair_helpers import Registry

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sen_desktop.papers.output import PaperServices

BESD = group_id("BESD")


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2010, 10, 12, 18, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(days=7)
        return self.now


def fill(services: PaperServices, to: str = "consultation") -> str:
    """BESD's policy: version 1 agreed, version 2 taken to ``to``, each chair's step signed
    on this laptop, certified as the chair of the Steering Group, SMT and Members."""
    sf = services.session_factory
    with sf.begin() as s:
        s.add(Meeting(group_id=BESD, number=4, date=dt.date(2010, 10, 19), status="held"))
        chairs = [Person(full_name=name) for name in ("Anne Hale", "Pat Director",
                                                      "Cllr Lee Member")]
        s.add_all(chairs)
        s.flush()
        deciders = {"endorsed": chairs[0].id, "smt_approved": chairs[1].id,
                    "members_approved": chairs[2].id}
    registry = Registry(sf)
    start = dt.date(2010, 9, 1)
    laptop = registry.become(registry.certify("Chairs' laptop", [
        ("SG", deciders["endorsed"], start), ("SMT", deciders["smt_approved"], start),
        ("Members", deciders["members_approved"], start),
    ]))
    service = PolicyService(sf, now=Clock(), signer=laptop)
    detail = service.start(BESD, "Behaviour, emotional and social development: our policy")
    draft = detail.current.id
    service.save_section(draft, "purpose", "To set out how pupils with BESD are supported.\n\n"
                         "It covers children and young people aged 0 to 24.")
    service.save_section(draft, "principles", "Early help, in the local school.")
    service.record_step(detail.id, "agreed")
    second = service.new_draft(detail.id)
    service.save_section(second.id, "principles", "Early help, in the local school, with "
                         "the family.")
    with sf() as s:
        meeting = s.query(Meeting.id).filter(Meeting.number == 4).scalar()
    for step in ("agreed", "endorsed", "smt_approved", "members_approved", "consultation",
                 "published"):
        if step == "agreed":
            service.record_step(detail.id, step, meeting_id=meeting, minute_number="7",
                                note="Agreed unanimously.")
        else:
            service.record_step(detail.id, step, sign_as=deciders.get(step))
        if step == to:
            break
    return detail.id


def test_a_consultation_draft_says_so_and_gives_its_pathway(
    services: PaperServices, tmp_path: Path
) -> None:
    fill(services)
    record = policy_paper(services, BESD, tmp_path / "policy.docx")
    assert (record.kind, record.reference, record.version) == ("policy", "BESD/POLICY-2", 1)
    document = reopen(tmp_path / "policy.docx")
    assert "CONSULTATION DRAFT" in header_text(document)
    assert "BESD/POLICY-2" in footer_text(document)
    texts = body_texts(document)
    assert texts[:2] == ["CONSULTATION DRAFT",
                         "Behaviour, emotional and social development: our policy"]
    front = {r.cells[0].text: r.cells[1].text for r in document.tables[0].rows}
    assert front["Status"] == "Consultation draft"
    assert front["Version"] == "2 of 2"
    assert front["Stage reached"] == "Out to consultation"
    pathway = front["Pathway"].split("\n")
    assert pathway[0] == (
        "Agreed by the working group — the BESD Working Group, 9 November 2010 (BESD "
        "meeting 4, 19 October 2010, minute 7). No signature needed. Agreed unanimously."
    )
    assert pathway[1].startswith("Endorsed by the Steering Group — the Strategy Steering "
                                 "Group, 16 November 2010.")
    assert pathway[1].endswith("Signed by Anne Hale.")
    assert pathway[4].startswith("Out to consultation — the Strategy Steering Group")
    assert pathway[-1] == "Still to come: published (the Steering Group)."
    versions = [[c.text for c in r.cells] for r in document.tables[1].rows]
    assert versions[0] == ["Version", "Started", "Stage reached", "Steps"]
    assert versions[1][:3] == ["1", "19 October 2010", "Agreed by the working group"]
    assert versions[2][0] == "2 (this)" and versions[2][2] == "Out to consultation"
    assert "1. Purpose" in texts and "6. Monitoring and review" in texts
    purpose = texts.index("1. Purpose")
    assert texts[purpose + 1:purpose + 3] == [
        "To set out how pupils with BESD are supported.",
        "It covers children and young people aged 0 to 24.",
    ]
    assert "Early help, in the local school, with the family." in texts
    assert texts.count("This section has not been written yet.") == 4


def test_published_and_earlier_versions_and_refusals(
    services: PaperServices, tmp_path: Path
) -> None:
    fill(services, to="published")
    policy_paper(services, BESD, tmp_path / "published.docx")
    published = reopen(tmp_path / "published.docx")
    assert "DRAFT" not in header_text(published)
    front = {r.cells[0].text: r.cells[1].text for r in published.tables[0].rows}
    assert front["Status"] == "Published" and "Still to come" not in front["Pathway"]
    first = policy_paper(services, BESD, tmp_path / "v1.docx", version=1)
    assert first.reference == "BESD/POLICY-1"
    older = reopen(tmp_path / "v1.docx")
    assert "DRAFT — not yet the council's policy" in header_text(older)
    assert "Early help, in the local school." in body_texts(older)
    again = policy_paper(services, BESD, tmp_path / "v1-again.docx", version=1)
    assert (again.version, again.new_version) == (1, False)
    assert (tmp_path / "v1.docx").read_bytes() == (tmp_path / "v1-again.docx").read_bytes()
    with pytest.raises(ValidationError, match="has no version 3; its versions are 1, 2"):
        policy_paper(services, BESD, tmp_path / "v3.docx", version=3)
    with pytest.raises(ValidationError, match="has no policy document yet"):
        policy_paper(services, group_id("ASD"), tmp_path / "asd.docx")


def test_libreoffice_reads_the_consultation_draft(
    services: PaperServices, tmp_path: Path, to_pdf: Callable[[Path], Path]
) -> None:
    fill(services)
    policy_paper(services, BESD, tmp_path / "policy.docx")
    pages = pdf_page_texts(to_pdf(tmp_path / "policy.docx"))
    assert "CONSULTATION DRAFT" in pages[0]
    words = " ".join(" ".join(pages).split())
    assert "Still to come: published (the Steering Group)." in words
    assert "6. Monitoring and review" in words
