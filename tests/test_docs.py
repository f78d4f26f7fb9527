"""The project's documents stay true to the code, and the code cites only them.

docs/ is written from the code (issue 13): a path it names must exist, a section the code
cites ("docs/architecture.md "The store"") must be a heading there, a rule cited by number
must exist, and nothing in the repository points at design documents outside it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
CODE_FOLDERS = ("sen_desktop", "tests", "bench", "tools", "packaging")
_PATH = re.compile(
    r"(?<![\w/.<-])((?:sen_desktop|tests|bench|tools|packaging|docs|resources|ui)/[\w./-]*\w)"
)
_CITE = re.compile(r"docs/(\w+)\.md,?\s+\"([^\"]+)\"")
_RULE = re.compile(r"docs/contributing\.md rule (\d+)")


def _code_files() -> list[Path]:
    files = [REPO / "README.md"]
    for folder in CODE_FOLDERS:
        files += [
            p for p in (REPO / folder).rglob("*")
            if p.is_file() and p.suffix in {".py", ".md", ".spec", ".iss", ".desktop", ".txt"}
            and "fixtures" not in p.parts and "forms" not in p.parts
        ]
    return [p for p in files if p != Path(__file__).resolve()]


def _headings(doc: Path) -> set[str]:
    return {
        line.lstrip("#").strip()
        for line in doc.read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    }


@pytest.mark.parametrize("doc", sorted(DOCS.glob("*.md")), ids=lambda p: p.name)
def test_every_path_a_document_names_exists(doc: Path) -> None:
    missing = sorted(
        path for path in set(_PATH.findall(doc.read_text(encoding="utf-8")))
        if not (REPO / path).exists() and not re.search(r"000N|<|\*|…|\{", path)
    )
    assert not missing, f"{doc.name} names paths that do not exist: {missing}"


def test_the_code_cites_only_documents_in_the_repository() -> None:
    outside = re.compile(r"\.\./shared|(?<![\w/])(ARCHITECTURE|STYLE|FORMATS)\.md")
    found = [
        f"{p.relative_to(REPO)}:{n}"
        for p in _code_files()
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if outside.search(line)
    ]
    assert not found, f"cite docs/architecture.md, docs/formats.md or docs/contributing.md: {found}"


def test_every_cited_section_is_a_heading() -> None:
    wrong = []
    for p in _code_files() + sorted(DOCS.glob("*.md")):
        for name, cited in _CITE.findall(p.read_text(encoding="utf-8")):
            # A citation may wrap across comment lines: "House\n    # style".
            section = re.sub(r"\s*\n\s*#?\s*", " ", cited).strip()
            doc = DOCS / f"{name}.md"
            headings = _headings(doc) if doc.exists() else set()
            # "House style" names the heading "House style (all papers)".
            if not any(h == section or h.startswith(section + " (") for h in headings):
                wrong.append(f"{p.relative_to(REPO)}: docs/{name}.md \"{section}\"")
    assert not wrong, f"sections cited that are not headings: {sorted(set(wrong))}"


def test_every_cited_rule_exists() -> None:
    rules = {
        int(m.group(1))
        for m in re.finditer(r"^(\d+)\. \*\*", (DOCS / "contributing.md").read_text("utf-8"), re.M)
    }
    assert rules == set(range(1, len(rules) + 1))
    cited = {
        (str(p.relative_to(REPO)), int(n))
        for p in _code_files()
        for n in _RULE.findall(p.read_text(encoding="utf-8"))
    }
    assert cited, "the code cites the house rules by number"
    assert not {c for c in cited if c[1] not in rules}
