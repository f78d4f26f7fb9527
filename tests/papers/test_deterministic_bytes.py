"""A paper's bytes do not depend on whether a pack was built in the same process.

docxcompose rebinds python-docx's global "cp" namespace prefix when it is imported;
before this was guarded, minutes written after a pack differed in docProps/core.xml,
so regenerating an unchanged paper raised its version.
"""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

SCRIPT = """
import hashlib, sys
from pathlib import Path
if sys.argv[2] == "with-docxcompose":
    import docxcompose.composer  # noqa: F401  (what building a pack imports)
from sen_desktop.papers.document import PaperSetup, numbered, start_paper
from sen_desktop.papers.output import docx_bytes
doc = start_paper("portrait", PaperSetup("Kent County Council", "UNRESTRICTED", "",
                                         "SG/M1", 1, None, "Minutes"))
numbered(doc, "1.1", "Members noted the report.")
print(hashlib.sha256(docx_bytes(doc)).hexdigest())
"""


def _digest(tmp_path: Path, mode: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path), mode],
        capture_output=True, text=True, check=True, timeout=120,
    )
    return result.stdout.strip()


def test_the_same_paper_has_the_same_bytes_with_or_without_docxcompose(tmp_path: Path) -> None:
    assert _digest(tmp_path, "plain") == _digest(tmp_path, "with-docxcompose")
