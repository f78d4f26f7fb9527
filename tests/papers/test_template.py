"""The house templates and the check on a user's replacement (docs/contributing.md rule 8)."""

from __future__ import annotations

import importlib.util
import io
import re
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt

from sen_desktop.papers.document import (
    DRAFT_BANNER,
    UNRESTRICTED,
    PaperSetup,
    heading,
    numbered,
    start_paper,
)
from sen_desktop.papers.template import (
    TEMPLATE_FILES,
    TEMPLATE_STYLES,
    TemplateError,
    builtin_template_bytes,
    load_template,
    missing_styles,
)

ROOT = Path(__file__).resolve().parents[2]
SETUP = PaperSetup("Kent County Council", UNRESTRICTED, "", "BESD/M1", 1, DRAFT_BANNER)


def _tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "build_templates", ROOT / "tools" / "build_templates.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_templates"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("kind", list(TEMPLATE_FILES))
def test_house_templates_have_every_style_and_the_page_setup(kind: str) -> None:
    document = load_template(kind)
    assert missing_styles(document) == []
    section = document.sections[0]
    landscape = kind == "landscape"
    assert section.orientation == (WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT)
    width, height = (Cm(29.7), Cm(21.0)) if landscape else (Cm(21.0), Cm(29.7))
    assert abs(section.page_width - width) < Cm(0.01)
    assert abs(section.page_height - height) < Cm(0.01)
    for margin in ("top", "bottom", "left", "right"):
        assert abs(getattr(section, f"{margin}_margin") - Cm(2.5)) < Cm(0.01)
    normal = document.styles["Normal"]
    assert normal.font.name == "Arial" and normal.font.size == Pt(12)
    assert document.styles["Heading 1"].font.bold
    assert document.styles["Heading 1"].font.name == "Arial"
    assert len(document.paragraphs) == 0  # an empty body
    assert len(builtin_template_bytes(kind)) < 60_000


@pytest.mark.parametrize("kind", list(TEMPLATE_FILES))
def test_committed_templates_match_the_tool(kind: str) -> None:
    built = zipfile.ZipFile(io.BytesIO(_tool().template_bytes(kind)))
    committed = zipfile.ZipFile(io.BytesIO(builtin_template_bytes(kind)))
    assert sorted(built.namelist()) == sorted(committed.namelist())
    for name in ("word/styles.xml", "word/document.xml"):
        assert built.read(name) == committed.read(name), (
            f"{TEMPLATE_FILES[kind]} is out of date: run python tools/build_templates.py"
        )


def _replacement(data_dir: Path, kind: str = "portrait") -> Path:
    folder = data_dir / "templates"
    folder.mkdir(exist_ok=True)
    return folder / TEMPLATE_FILES[kind]


def test_a_good_replacement_is_used(data_dir: Path) -> None:
    document = docx.Document(io.BytesIO(builtin_template_bytes("portrait")))
    document.styles["Normal"].font.size = Pt(11)
    document.save(str(_replacement(data_dir)))
    paper = start_paper("portrait", SETUP, data_dir)
    assert paper.styles["Normal"].font.size == Pt(11)
    numbered(paper, "1.1", "Text")
    assert paper.paragraphs[-1].style.name == "Para 1.1"
    # The landscape template has no replacement: the house one is used.
    assert start_paper("landscape", SETUP, data_dir).styles["Normal"].font.size == Pt(12)


def test_a_replacement_missing_a_style_is_refused_by_name(data_dir: Path) -> None:
    document = docx.Document(io.BytesIO(builtin_template_bytes("portrait")))
    style = document.styles["Sub-point (a)"]
    style.element.getparent().remove(style.element)
    document.save(str(_replacement(data_dir)))
    with pytest.raises(TemplateError) as refused:
        start_paper("portrait", SETUP, data_dir)
    message = str(refused.value)
    assert "“Sub-point (a)”" in message
    assert "paper-portrait.docx" in message
    assert "lacks the style" in message


def test_word_default_template_is_refused_naming_every_missing_style(data_dir: Path) -> None:
    docx.Document().save(str(_replacement(data_dir)))
    with pytest.raises(TemplateError) as refused:
        load_template("portrait", data_dir)
    for name in ("Para 1.1", "Paper Header", "Paper Table"):
        assert f"“{name}”" in str(refused.value)
    assert "Normal" not in str(refused.value)


def test_a_replacement_that_is_not_a_word_document_is_refused(data_dir: Path) -> None:
    _replacement(data_dir).write_text("not a document")
    with pytest.raises(TemplateError, match="is not a Word document"):
        load_template("portrait", data_dir)


def test_start_paper_writes_header_and_footer() -> None:
    paper = start_paper("portrait", SETUP)
    heading(paper, "BESD WORKING GROUP", 0)
    header = [p.text for p in paper.sections[0].header.paragraphs]
    assert header == ["Kent County Council\tUNRESTRICTED", DRAFT_BANNER]
    footer = paper.sections[0].footer
    assert footer.paragraphs[0].text.startswith("BESD/M1 · version 1 · Page ")
    xml = footer._element.xml
    assert " PAGE " in xml and " NUMPAGES " in xml
    assert set(TEMPLATE_STYLES) <= {s.name for s in paper.styles}


def test_a_replacement_leaves_nothing_of_its_own_in_the_properties(data_dir: Path) -> None:
    """A template saved by another program: its app.xml (or none), thumbnail and extra
    parts never reach a paper."""
    source = io.BytesIO(builtin_template_bytes("portrait"))
    target = _replacement(data_dir)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "_rels/.rels":  # a template with no app.xml at all
                data = re.sub(rb'<Relationship [^>]*Target="docProps/app.xml"/>', b"", data)
            if item.filename != "docProps/app.xml":
                new.writestr(item, data)
    paper = start_paper("portrait", SETUP, data_dir)
    buffer = io.BytesIO()
    paper.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        names = package.namelist()
        app = package.read("docProps/app.xml").decode()
    assert "<Application>SEN Secretariat " in app and "<Company>Kent County Council" in app
    assert not [n for n in names if "thumbnail" in n or "stylesWithEffects" in n]
