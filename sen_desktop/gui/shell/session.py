"""The open programme: database and services, opened and closed on the worker.

The core modules (SQLAlchemy, Alembic) are imported here, inside the worker call, so
the window can paint before they load (docs/architecture.md, "Start-up").
"""

from __future__ import annotations

import contextlib
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sen_desktop.core.errors import SenError

if TYPE_CHECKING:
    from pathlib import Path

    from sen_desktop.core.actions.service import ActionService
    from sen_desktop.core.consultations.service import ConsultationService
    from sen_desktop.core.meetings.service import MeetingService
    from sen_desktop.core.minutes.service import MinutesService
    from sen_desktop.core.overview.dashboard import DashboardService
    from sen_desktop.core.people.service import PeopleService
    from sen_desktop.core.plan.service import MilestoneService
    from sen_desktop.core.policies.service import PolicyService
    from sen_desktop.core.programme.service import ProgrammeService
    from sen_desktop.core.progress import Progress
    from sen_desktop.core.provision.criteria import CriteriaService
    from sen_desktop.core.provision.service import ProvisionService
    from sen_desktop.core.recommendations.chairs import Signer
    from sen_desktop.core.recommendations.service import RecommendationService
    from sen_desktop.core.search import SearchService
    from sen_desktop.core.store.database import Database


class OpenProgramme:
    """The open data folder's database and its services.

    Each service is built, and its module imported, the first time it is asked for: the
    worker builds the one the first page needs, then ``warm()`` builds the rest once that
    page shows, so no page waits for every service to load (docs/architecture.md,
    "Start-up"). The services are used on the worker only.
    """

    def __init__(self, data_dir: Path, db: Database) -> None:
        self.data_dir = data_dir
        self.db = db

    @cached_property
    def signer(self) -> Signer:
        """The laptop's signer for chairs' decisions; its keys are read from the keyring
        (or its key file) only when a chair signs on this laptop (docs/TRUST.md "Chairs").
        Built with the recommendations, not while the folder opens."""
        from sen_desktop.core.recommendations.chairs import LazySigner

        db, data_dir = self.db, self.data_dir

        def laptop_identity() -> Signer:
            from sen_desktop.sync.trust import TrustService

            return TrustService(db.session_factory, data_dir).identity()

        return LazySigner(laptop_identity)

    @cached_property
    def programme(self) -> ProgrammeService:
        from sen_desktop.core.programme.service import ProgrammeService

        return ProgrammeService(self.db.session_factory)

    @cached_property
    def people(self) -> PeopleService:
        from sen_desktop.core.people.service import PeopleService

        return PeopleService(self.db.session_factory)

    @cached_property
    def actions(self) -> ActionService:
        from sen_desktop.core.actions.service import ActionService

        return ActionService(self.db.session_factory)

    @cached_property
    def minutes(self) -> MinutesService:
        from sen_desktop.core.minutes.service import MinutesService

        return MinutesService(self.db.session_factory)

    @cached_property
    def meetings(self) -> MeetingService:
        from sen_desktop.core.meetings.service import MeetingService

        return MeetingService(self.db.session_factory)

    @cached_property
    def search(self) -> SearchService:
        from sen_desktop.core.search import SearchService

        return SearchService(self.db.session_factory)

    @cached_property
    def recommendations(self) -> RecommendationService:
        from sen_desktop.core.recommendations.service import RecommendationService

        return RecommendationService(self.db.session_factory, signer=self.signer)

    @cached_property
    def milestones(self) -> MilestoneService:
        from sen_desktop.core.plan.service import MilestoneService

        return MilestoneService(self.db.session_factory)

    @cached_property
    def provision(self) -> ProvisionService:
        from sen_desktop.core.provision.service import ProvisionService

        return ProvisionService(self.db.session_factory)

    @cached_property
    def criteria(self) -> CriteriaService:
        from sen_desktop.core.provision.criteria import CriteriaService

        return CriteriaService(self.db.session_factory)

    @cached_property
    def policies(self) -> PolicyService:
        from sen_desktop.core.policies.service import PolicyService

        return PolicyService(self.db.session_factory, signer=self.signer)

    @cached_property
    def consultations(self) -> ConsultationService:
        from sen_desktop.core.consultations.service import ConsultationService

        return ConsultationService(self.db.session_factory)

    @cached_property
    def dashboard(self) -> DashboardService:
        from sen_desktop.core.overview.dashboard import DashboardService

        return DashboardService(self.db.session_factory)

    def warm(self) -> None:
        """Build every service not built yet (on the worker, once the first page shows)."""
        for name in SERVICES:
            getattr(self, name)

    def close(self) -> None:
        """Close the database (and with it the data folder lock)."""
        self.db.close()


#: The services an open programme offers, by attribute.
SERVICES = ("programme", "people", "actions", "minutes", "meetings", "search",
            "recommendations", "milestones", "dashboard")


def open_programme_services(data_dir: Path, progress: Progress | None = None) -> OpenProgramme:
    """Lock the data folder, open (or create and seed) the database; the services are
    built when first used. ``progress`` hears the long steps of opening (a creation, a
    migration, the day's backup) and may stop them (``core.progress.Cancelled``).

    Runs on the worker. Raises StoreError with a sentence for the person when the
    folder is in use or the database is refused.
    """
    from sen_desktop.core.progress import NO_PROGRESS
    from sen_desktop.sync.laptop import open_laptop

    db = open_laptop(data_dir, progress=NO_PROGRESS if progress is None else progress)
    return OpenProgramme(data_dir, db)


def open_error_message(error: Exception, data_dir: Path) -> str:
    """What the window says when the folder does not open: one sentence, never a
    database error's text (gui/common/failures.py)."""
    from sen_desktop.core.store.datafolder import DATABASE_NAME
    from sen_desktop.gui.common.failures import failure_message

    return failure_message(error, path=data_dir / DATABASE_NAME)


def timeframe_text(programme: ProgrammeService) -> str:
    """"Implementation from September 2011 over 3 years", from the programme settings."""
    import datetime as dt

    from sen_desktop.core import dates

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
