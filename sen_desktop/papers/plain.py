"""Text made fit for one line of a paper or a script's output, with no python-docx: the
window reads paper kinds and names (``papers.kinds``) without loading it.

``sanitize`` keeps what a reader sees: line breaks become ``"\\n"`` and tabs stay;
everything XML 1.0 cannot hold (C0 controls other than tab, line feed and carriage return,
lone surrogates, U+FFFE/U+FFFF) becomes ``REPLACEMENT`` (U+FFFD, "�"). ``papers.text``
writes sanitized text into Word runs.
"""

from __future__ import annotations

import re
from typing import Final

# Carriage returns (alone or before a line feed), Word's soft break (vertical tab) and the
# form feed Word pastes for a page break all end a line.
_LINE_ENDS: Final = re.compile("\r\n?|[\x0b\x0c\u2028\u2029]")
# XML 1.0 forbids the other C0 controls; lone surrogates cannot be encoded; U+FFFE and
# U+FFFF are non-characters lxml refuses.
_UNWRITABLE: Final = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: What a character XML cannot hold becomes: visible, as the Unicode standard intends.
REPLACEMENT: Final = "\ufffd"


def sanitize(text: str) -> str:
    """``text`` as it can be written into a .docx: line breaks as ``"\\n"``, tabs kept,
    characters XML forbids replaced by ``REPLACEMENT``, everything else untouched."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    return _UNWRITABLE.sub(REPLACEMENT, _LINE_ENDS.sub("\n", text))


def one_line(text: str) -> str:
    """``text`` sanitized onto a single line (for headers, table cells of short values,
    the group heading): line breaks and runs of spaces become one space."""
    return " ".join(sanitize(text).split())
