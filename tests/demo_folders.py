"""A one-year demo data folder with a confidential item, for tests that need real papers.

Shared by tests/cli/test_cli_papers.py and tests/gui/papers/test_export.py: build it once per
module with ``build_demo_folder`` and give each test its own ``copy_demo_folder``.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path


def make_confidential_item(session_factory: Any) -> None:
    """Make sure a Steering Group meeting has a confidential (exempt) item, whatever the
    demo chose: the item after the standard ones at the group's sixth meeting."""
    from sqlalchemy import select

    from sen_desktop.core.store.models import AgendaItem, Group, Meeting

    with session_factory.begin() as s:
        if s.scalar(select(AgendaItem.id).where(AgendaItem.exempt.is_(True)).limit(1)):
            return
        item = s.scalars(
            select(AgendaItem)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .join(Group, Group.id == Meeting.group_id)
            .where(Group.code == "SG", Meeting.number == 6, AgendaItem.deleted.is_(False))
            .order_by(AgendaItem.position)
            .offset(4)
            .limit(1)
        ).one()
        item.exempt = True
        item.exempt_paragraph = 1
        item.exempt_reason = "Information about a named child's placement"


def build_demo_folder(folder: Path) -> Path:
    """Fill ``folder`` with a year of demo meetings, one of them with a confidential item."""
    from sen_desktop.core.demo.service import generate
    from sen_desktop.core.store.datafolder import open_programme

    db = open_programme(folder)
    try:
        generate(db, years=1)
        make_confidential_item(db.session_factory)
    finally:
        db.close()
    return folder


def copy_demo_folder(source: Path, tmp_path: Path) -> Path:
    """A test's own copy of a built demo folder (without its lock and backups)."""
    copy = tmp_path / "data"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("sen.lock", "backups"))
    return copy
