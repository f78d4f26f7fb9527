"""What the store's services return: no SQLAlchemy here (docs/architecture.md, "Layers")."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IntegrityReport:
    """What ``sen-desktop check`` found (``core/store/integrity.py``)."""

    ok: bool
    summary: str  # one line for `sen-desktop check`
    problems: tuple[str, ...] = ()  # each finding on its own, for a dialog or a log
