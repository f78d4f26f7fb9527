"""File names that every desktop the council uses will accept.

A paper's suggested file name is built from words people typed (a group's code, a
recommendation's reference, a title), so it may hold anything. ``safe_file_name`` makes
one name that Windows, macOS and Linux all accept and that still reads like the title:

- characters one of them forbids (``< > : " / \\ | ? *``), control characters and the
  invisible direction overrides that can disguise a name's real ending become ``-``;
- Windows' reserved device names (CON, PRN, AUX, NUL, COM1–COM9, LPT1–LPT9, with the
  superscript digits Windows also reserves, CONIN$ and CONOUT$), in any case and with any
  extension ("nul.docx", "COM1.docx"), get ``_`` after them, since Windows would open the
  device instead of the file;
- leading and trailing spaces and dots go (Windows drops trailing ones without saying;
  a leading dot hides the file on macOS and Linux);
- the name is kept within 255 bytes of UTF-8, measured decomposed as macOS stores it, by
  cutting the title (never the ending) between whole characters, so a long Chinese or
  emoji title loses neither its extension nor half an emoji;
- a title with nothing left becomes the ``default`` (e.g. "minutes").
"""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_BYTES = 255

_FORBIDDEN = re.compile(
    '[<>:"/\\\\|?*\\x00-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069\\u200b\\u2060\\ufeff]+'
)
_SPACES = re.compile(r"\s+")
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{port}{digit}" for port in ("COM", "LPT") for digit in "123456789\u00b9\u00b2\u00b3"]
)
_TRIM = " .\u3000"
_STEM_TRIM = _TRIM + "-"  # a forbidden character at either end leaves no stray hyphen


def _byte_length(name: str) -> int:
    """Bytes the name takes on the strictest file system: UTF-8, decomposed (macOS)."""
    return len(unicodedata.normalize("NFD", name).encode("utf-8"))


def _extends(char: str) -> bool:
    """Whether ``char`` belongs to the character before it (accents, emoji modifiers,
    variation selectors, joiners), so a cut must not fall just before it."""
    return (
        unicodedata.category(char) in ("Mn", "Mc", "Me")
        or char == "\u200d"
        or "\U0001f3fb" <= char <= "\U0001f3ff"
        or "\U000e0020" <= char <= "\U000e007f"  # emoji tag characters (flags of nations)
    )


def _cut(text: str, budget: int) -> str:
    """The longest start of ``text`` within ``budget`` bytes that ends between whole
    characters as a reader sees them (no accent, joiner or emoji modifier left hanging)."""
    if _byte_length(text) <= budget:
        return text
    end = 0
    used = 0
    for char in text:
        size = _byte_length(char)
        if used + size > budget:
            break
        used += size
        end += 1
    while end > 0 and ((end < len(text) and _extends(text[end])) or text[end - 1] == "\u200d"):
        end -= 1
    kept = text[:end]
    # Regional indicators come in pairs (one flag); an odd run at the end is half a flag.
    run = len(kept) - len(kept.rstrip("".join(chr(c) for c in range(0x1F1E6, 0x1F200))))
    return kept[:-1] if run % 2 else kept


def is_device_name(name: str) -> bool:
    """Whether Windows takes ``name`` ("con.docx", "COM1", "nul.tar.gz") for a device."""
    return name.partition(".")[0].rstrip(" ").upper() in _RESERVED


def _not_reserved(stem: str) -> str:
    """``stem`` with ``_`` after a Windows device name at its start ("CON.v2" → "CON_.v2")."""
    head, dot, rest = stem.partition(".")
    if is_device_name(stem):
        return f"{head.rstrip(' ')}_{dot}{rest}"
    return stem


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = "".join(c for c in text if not "\ud800" <= c <= "\udfff")
    text = _FORBIDDEN.sub("-", _SPACES.sub(" ", text))
    return _SPACES.sub(" ", text).strip(_STEM_TRIM)


def safe_file_name(title: str, ending: str = ".docx", default: str = "paper") -> str:
    """A file name for ``title`` that Windows, macOS and Linux accept.

    ``ending`` is kept whole after the title (an extension, or a tail such as
    " (confidential).docx"); ``default`` stands in for a title with nothing usable in it.
    Applying it again to the name's own title changes nothing.
    """
    ending = _FORBIDDEN.sub("-", unicodedata.normalize("NFC", ending)).rstrip(_TRIM)
    budget = MAX_NAME_BYTES - _byte_length(ending) - 1  # room for a reserved name's "_"
    stem = _cut(_clean(title), budget).strip(_STEM_TRIM)
    if not stem:
        stem = _cut(_clean(default), budget).strip(_STEM_TRIM) or "file"
    return _not_reserved(stem) + ending
