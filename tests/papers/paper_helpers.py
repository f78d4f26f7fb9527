"""Helpers for the papers tests (imported as ``from paper_helpers import …``, like
gui_helpers): reading a .docx back, converting one to PDF with LibreOffice (a real word
processor) and counting its pages, and a programme with two minuted meetings.

``soffice_pdf(docx_path)`` converts with a LibreOffice profile folder of its own, so
parallel runs do not clash; ``page_count(pdf_path)`` reads the page count with pdfinfo
(poppler), else counts the PDF's page objects; ``pdf_page_texts`` gives each page's text.
``list_labels(document)`` gives the numbers Word draws on numbered paragraphs ("29.1",
"(a)"), ``outline(document)`` the headings Word's navigation pane lists.
"""


from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

import docx

from sen_desktop.core.programme import seed

if TYPE_CHECKING:
    from pathlib import Path

    from docx.document import Document

    from sen_desktop.papers.output import PaperServices

TODAY = dt.date(2010, 10, 20)
FIRST_DAY = dt.date(2010, 9, 8)
SECOND_DAY = dt.date(2010, 10, 6)
NEXT_DAY = dt.date(2010, 11, 10)
SOFFICE_TIMEOUT = 240  # seconds; the first run of a profile is the slow one

SECRET = "The pupil at Oakwood was excluded twice"  # text only the confidential version holds


# --- reading documents -------------------------------------------------------------------


def reopen(path: Path) -> Document:
    return docx.Document(str(path))


def body_texts(document: Document) -> list[str]:
    """Every paragraph of the body, tables included (cell by cell, row by row), in order."""
    out: list[str] = []
    body = document.element.body
    for block in body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append("".join(t.text or "" for t in block.iter(_w("t"))))
        elif tag == "tbl":
            for cell in block.iter(_w("tc")):
                out.append("".join(t.text or "" for t in cell.iter(_w("t"))))
    return out


def header_text(document: Document) -> str:
    return "\n".join(p.text for p in document.sections[0].header.paragraphs)


def footer_text(document: Document) -> str:
    return "\n".join(p.text for p in document.sections[0].footer.paragraphs)


def footer_xml(document: Document) -> str:
    return document.sections[0].footer._element.xml


_ROMAN = (("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))


def _format_number(value: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
    if fmt == "lowerRoman":
        out = ""
        for letters, amount in _ROMAN:
            while value >= amount:
                out, value = out + letters, value - amount
        return out
    return str(value)


def list_labels(document: Document) -> list[tuple[str, str]]:
    """Every paragraph of the body Word numbers, as (the number Word draws, the text):
    [("29.", "Apologies"), ("29.1", "Apologies were received from …"), ("(a)", …)].
    Computed from numbering.xml the way Word counts: per list, each level counting on
    and restarting its deeper levels."""
    numbering = document.part.numbering_part.element
    abstract = {
        a.get(_w("abstractNumId")): a for a in numbering.findall(_w("abstractNum"))
    }
    levels: dict[str, dict[int, tuple[int, str, str]]] = {}
    for num in numbering.findall(_w("num")):
        source = abstract[num.find(_w("abstractNumId")).get(_w("val"))]
        defs = {
            int(lvl.get(_w("ilvl"))): (
                int(lvl.find(_w("start")).get(_w("val"))),
                lvl.find(_w("numFmt")).get(_w("val")),
                lvl.find(_w("lvlText")).get(_w("val")),
            )
            for lvl in source.findall(_w("lvl"))
        }
        for override in num.findall(_w("lvlOverride")):  # a restart a num asks for
            start = override.find(_w("startOverride"))
            ilvl = int(override.get(_w("ilvl")))
            if start is not None and ilvl in defs:
                defs[ilvl] = (int(start.get(_w("val"))), *defs[ilvl][1:])
        levels[num.get(_w("numId"))] = defs
    counters: dict[str, list[int]] = {}
    out: list[tuple[str, str]] = []
    for p in document.element.body.iter(_w("p")):
        num_pr = p.find(f"{_w('pPr')}/{_w('numPr')}")
        if num_pr is None:
            continue
        num_id = num_pr.find(_w("numId")).get(_w("val"))
        ilvl = int(num_pr.find(_w("ilvl")).get(_w("val")))
        defs = levels[num_id]
        count = counters.setdefault(num_id, [defs[i][0] - 1 for i in range(len(defs))])
        count[ilvl] += 1
        for deeper in range(ilvl + 1, len(count)):
            count[deeper] = defs[deeper][0] - 1
        label = defs[ilvl][2]
        for i in range(len(count)):
            label = label.replace(f"%{i + 1}", _format_number(count[i], defs[i][1]))
        out.append((label, "".join(t.text or "" for t in p.iter(_w("t")))))
    return out


def outline(document: Document) -> list[tuple[int, str]]:
    """The body's headings as Word's navigation pane lists them: (outline level 1-9, text),
    the level from the paragraph or its style (and the styles it is based on)."""
    styles = document.styles.element
    by_id = {s.get(_w("styleId")): s for s in styles.findall(_w("style"))}

    def style_level(style_id: str | None) -> int | None:
        seen = 0
        while style_id and style_id in by_id and seen < 20:
            style = by_id[style_id]
            level = style.find(f"{_w('pPr')}/{_w('outlineLvl')}")
            if level is not None:
                return int(level.get(_w("val")))
            based = style.find(_w("basedOn"))
            style_id = based.get(_w("val")) if based is not None else None
            seen += 1
        return None

    out: list[tuple[int, str]] = []
    for p in document.element.body.iter(_w("p")):
        p_pr = p.find(_w("pPr"))
        level: int | None = None
        if p_pr is not None:
            direct = p_pr.find(_w("outlineLvl"))
            if direct is not None:
                level = int(direct.get(_w("val")))
            else:
                style = p_pr.find(_w("pStyle"))
                level = style_level(style.get(_w("val")) if style is not None else "Normal")
        else:
            level = style_level("Normal")
        if level is not None and level < 9:
            out.append((level + 1, "".join(t.text or "" for t in p.iter(_w("t")))))
    return out


def pdf_page_texts(pdf_path: Path) -> list[str]:
    """The text of each page of a PDF (pdftotext, poppler)."""
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (poppler-utils) is needed"
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _w(tag: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + tag


# --- LibreOffice -------------------------------------------------------------------------


def soffice_pdf(docx_path: Path, timeout: float = SOFFICE_TIMEOUT) -> Path:
    """Convert ``docx_path`` to PDF beside it with LibreOffice headless; the PDF's path."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is needed: .ci/run installs libreoffice-writer"
    out_dir = docx_path.parent
    profile = docx_path.parent / f".lo-profile-{uuid.uuid4().hex[:8]}"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(docx_path),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    shutil.rmtree(profile, ignore_errors=True)
    pdf = out_dir / (docx_path.stem + ".pdf")
    assert pdf.is_file(), f"LibreOffice did not convert {docx_path.name}: {result.stderr}"
    return pdf


def page_count(pdf_path: Path) -> int:
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo:
        info = subprocess.run(
            [pdfinfo, str(pdf_path)], capture_output=True, text=True, check=True
        ).stdout
        match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
        assert match, info
        return int(match.group(1))
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf_path.read_bytes()))


# --- a programme with minuted meetings ---------------------------------------------------


@dataclass(frozen=True)
class World:
    services: PaperServices
    data_dir: Path
    group_id: str
    first_id: str  # BESD meeting 1, minutes confirmed at meeting 2
    second_id: str  # BESD meeting 2, minutes in draft, with a confidential item
    people: dict[str, str]  # short name -> person id
    items: dict[str, str]  # short name -> agenda item id (meeting 2)
    actions: dict[str, str]  # short name -> action id



def build_world(services: PaperServices, data_dir: Path) -> World:
    sv = services
    group_id = seed.group_id("BESD")
    seats = sv.programme.group(group_id, on=FIRST_DAY).seats
    sv.people.set_seat_role(seats[0].id, True, False)
    sv.people.set_seat_role(seats[1].id, False, True)
    names = {
        "chair": ("Mrs Anne Hale", "Oakwood School"),
        "vice": ("Mr Ben Ortiz", "Hilltop Academy"),
        "head": ("Ms Cara Singh", "Meadow Primary"),
        "ep": ("Dr Dev Patel", "Educational Psychology"),
        "sen": ("Mr Ed Lowe", "SEN and Resources"),
        "sub": ("Ms Fay Green", "Educational Psychology"),
        "clerk": ("Mr Gus Webb", "Democratic Services"),
    }
    people = {
        key: sv.people.create(name, organisation=org).id for key, (name, org) in names.items()
    }
    for seat, key in zip(seats, ("chair", "vice", "head", "ep", "sen"), strict=False):
        sv.people.appoint(seat.id, people[key], dt.date(2010, 1, 1))

    first = sv.meetings.schedule(
        group_id, FIRST_DAY, dt.time(14, 0), dt.time(16, 0), "Sessions House, Maidstone"
    )
    for key in ("chair", "vice", "head", "ep", "sen"):
        sv.meetings.set_attendance(first.id, people[key], "present")
    budget = sv.meetings.add_agenda_item(first.id, "Outreach budget", presenter="Mr Ed Lowe")
    sv.minutes.save_text(budget.id, "The budget was discussed.")
    sv.minutes.add_resolution(budget.id, "the budget be noted.")
    old_action = sv.actions.create(
        group_id, "Draft the outreach leaflet", owner_id=people["head"],
        due_date=dt.date(2010, 10, 1), meeting_id=first.id, agenda_item_id=budget.id,
    )
    for status in ("held", "minutes_draft", "checked", "circulated"):
        sv.meetings.set_status(first.id, status)

    second = sv.meetings.schedule(
        group_id, SECOND_DAY, dt.time(10, 30), dt.time(12, 30), "Sessions House, Maidstone"
    )
    sv.meetings.set_attendance(second.id, people["chair"], "present")
    sv.meetings.set_attendance(second.id, people["vice"], "present")
    sv.meetings.set_attendance(second.id, people["head"], "apologies")
    sv.meetings.set_attendance(second.id, people["sen"], "present")
    sv.meetings.set_substitute(second.id, people["ep"], people["sub"])
    sv.meetings.add_in_attendance(second.id, people["clerk"], "Clerk")
    provision = sv.meetings.add_agenda_item(
        second.id, "Outreach provision in North Kent", presenter="Mr Ed Lowe", paper_ref="B/12"
    )
    pupil = sv.meetings.add_agenda_item(
        second.id, "Placement of an individual pupil", exempt=True, exempt_paragraph=1,
        exempt_reason="information about an individual pupil",
    )
    sv.meetings.set_status(second.id, "held")  # confirms meeting 1's minutes
    agenda = {i.kind: i.id for i in sv.meetings.meeting(second.id).agenda}
    sv.meetings.add_declaration(
        second.id, people["vice"], "other_significant", "Governor of a school named in the paper",
        agenda_item_id=provision.id, left_room=True,
    )
    sv.minutes.save_text(
        provision.id,
        "Mr Lowe introduced the paper.\n\nMembers asked about travel times.\nThe chair summed up.",
    )
    sv.minutes.add_resolution(provision.id, "the report be noted;")
    sv.minutes.add_resolution(provision.id, "RESOLVED that a pilot start in January 2011.")
    leaflet = sv.actions.create(
        group_id, "Cost the January pilot", owner_id=people["sen"],
        due_date=dt.date(2010, 11, 3), meeting_id=second.id, agenda_item_id=provision.id,
    )
    secret_action = sv.actions.create(
        group_id, "Write to the family of the pupil", owner_id=people["chair"],
        due_date=dt.date(2010, 10, 13), meeting_id=second.id, agenda_item_id=pupil.id,
    )
    sv.minutes.save_text(pupil.id, SECRET + ".")
    sv.minutes.add_resolution(pupil.id, "the placement be reviewed in a term.")
    sv.actions.add_update(
        old_action.id, "Leaflet drafted; printing in November.", meeting_id=second.id
    )
    sv.meetings.schedule(group_id, NEXT_DAY, dt.time(14, 0), venue="Oakwood School, Sevenoaks")
    return World(
        services=sv,
        data_dir=data_dir,
        group_id=group_id,
        first_id=first.id,
        second_id=second.id,
        people=people,
        items={"provision": provision.id, "pupil": pupil.id, **agenda},
        actions={"old": old_action.id, "pilot": leaflet.id, "secret": secret_action.id},
    )
