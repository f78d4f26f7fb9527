"""The open programme: database and services, opened and closed on the worker.

The core modules (SQLAlchemy, Alembic) are imported here, inside the worker call, so
the window can paint before they load (ARCHITECTURE.md, "Start-up").
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sen_desktop.core import dates
from sen_desktop.core.errors import SenError

if TYPE_CHECKING:
    from sen_desktop.core.actions.service import ActionService
    from sen_desktop.core.meetings.service import MeetingService
    from sen_desktop.core.minutes.service import MinutesService
    from sen_desktop.core.overview.dashboard import DashboardService
    from sen_desktop.core.people.service import PeopleService
    from sen_desktop.core.plan.service import MilestoneService
    from sen_desktop.core.programme.service import ProgrammeService
    from sen_desktop.core.recommendations.chairs import Signer
    from sen_desktop.core.recommendations.service import RecommendationService
    from sen_desktop.core.search import SearchService
    from sen_desktop.core.store.database import Database


@dataclass
class OpenProgramme:
    data_dir: Path
    db: Database
    programme: ProgrammeService
    people: PeopleService
    actions: ActionService
    minutes: MinutesService
    meetings: MeetingService
    search: SearchService
    recommendations: RecommendationService
    signer: Signer  # this laptop's own key, loaded when a chair first signs here
    milestones: MilestoneService
    dashboard: DashboardService

    def close(self) -> None:
        """Close the database (and with it the data folder lock)."""
        self.db.close()


def open_programme_services(data_dir: Path) -> OpenProgramme:
    """Lock the data folder, open (or create and seed) the database, build the services.

    Runs on the worker. Raises StoreError with a sentence for the person when the
    folder is in use or the database is refused.
    """
    from sen_desktop.core.actions.service import ActionService
    from sen_desktop.core.meetings.service import MeetingService
    from sen_desktop.core.minutes.service import MinutesService
    from sen_desktop.core.overview.dashboard import DashboardService
    from sen_desktop.core.people.service import PeopleService
    from sen_desktop.core.plan.service import MilestoneService
    from sen_desktop.core.programme.service import ProgrammeService
    from sen_desktop.core.recommendations.chairs import LazySigner
    from sen_desktop.core.recommendations.service import RecommendationService
    from sen_desktop.core.search import SearchService
    from sen_desktop.sync.laptop import open_laptop

    db = open_laptop(data_dir)

    def laptop_identity() -> Signer:
        # The laptop's keys are read from the keyring (or its key file) only when a
        # chair signs on this laptop (docs/TRUST.md "Chairs").
        from sen_desktop.sync.trust import TrustService

        return TrustService(db.session_factory, data_dir).identity()

    signer = LazySigner(laptop_identity)
    return OpenProgramme(
        data_dir=data_dir,
        db=db,
        programme=ProgrammeService(db.session_factory),
        people=PeopleService(db.session_factory),
        actions=ActionService(db.session_factory),
        minutes=MinutesService(db.session_factory),
        meetings=MeetingService(db.session_factory),
        search=SearchService(db.session_factory),
        recommendations=RecommendationService(db.session_factory, signer=signer),
        signer=signer,
        milestones=MilestoneService(db.session_factory),
        dashboard=DashboardService(db.session_factory),
    )


def open_error_message(error: Exception, data_dir: Path) -> str:
    if isinstance(error, SenError):
        return error.message
    return f"The data folder {data_dir} could not be opened: {error}"


def timeframe_text(programme: ProgrammeService) -> str:
    """"Implementation from September 2011 over 3 years", from the programme settings."""
    start: Any = _setting(programme, "implementation_start")
    years: Any = _setting(programme, "implementation_years")
    if isinstance(start, str):
        with contextlib.suppress(ValueError):  # a malformed setting falls back below
            start = dt.date.fromisoformat(start if len(start) > 7 else f"{start}-01")
    if isinstance(start, dt.date) and years:
        noun = "year" if int(years) == 1 else "years"
        return f"Implementation from {dates.month_year(start)} over {years} {noun}"
    return "Implementation from September 2011 over 3 years"


def programme_facts(programme: ProgrammeService) -> str:
    """"Kent County Council · Implementation from September 2011 over 3 years"."""
    authority = _setting(programme, "authority_name")
    parts = [authority] if isinstance(authority, str) and authority else []
    parts.append(timeframe_text(programme))
    return "   ·   ".join(parts)


def _setting(programme: ProgrammeService, key: str) -> Any:
    try:
        return programme.setting(key)
    except SenError:
        return None
