"""The papers as a person or a script asks for them: by reference, to a file.

``PapersService`` wires the core services to the generators and resolves the references
people use (the command line takes them; the window passes ids, which work too):

- a group by its code ("BESD", any case) or id;
- a meeting by "<group code>/<number>" ("BESD/12") or id;
- a recommendation by its reference ("BESD-R3", any case) or id.

An unknown reference raises ``NotFoundError`` whose one sentence says which ``sen-desktop
list`` command shows the right ones. Every paper method checks the target first (a
``.docx`` name in a folder that exists), refuses ``confidential=True`` for a paper with no
confidential items, and returns the generator's ``PaperRecord``; writing goes through
``output.write_bytes``, so a refusal or a failure leaves any existing file as it was.

The generators (and python-docx with them) are imported inside the methods: listing and
resolving references never load them.
"""

from __future__ import annotations

import datetime as dt
import getpass
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from sen_desktop.core.errors import NotFoundError, ValidationError
from sen_desktop.core.meetings.records import MeetingSummary, weekday_date
from sen_desktop.core.meetings.service import MeetingService
from sen_desktop.core.programme.service import ProgrammeService
from sen_desktop.core.progress import NO_PROGRESS, Progress
from sen_desktop.core.recommendations.service import RecommendationService
from sen_desktop.papers.kinds import (
    ALL_GROUPS,
    COMMAND_NAMES,
    KIND_LABELS,
    PAPER_KINDS,
    Listed,
    PackItem,
    ResolvedItem,
    paper_kind,
)
from sen_desktop.papers.text import one_line

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sqlalchemy.orm import Session, sessionmaker

    from sen_desktop.core.programme.records import GroupSummary
    from sen_desktop.core.recommendations.records import RecommendationSummary
    from sen_desktop.papers.output import PaperRecord, PaperServices
    from sen_desktop.papers.pack import PackRecord

_MEETING_REF = re.compile(r"^\s*([^/\s]+)\s*/\s*(\d+)\s*$")
_CLI: Final = "sen-desktop"



def meeting_reference(code: str, number: int) -> str:
    """ "BESD/12": how a person or a script names a meeting."""
    return f"{code}/{number}"


def meeting_list_title(meeting: MeetingSummary) -> str:
    """ "BESD Working Group, meeting 12, Tuesday 9 August 2011" (", cancelled")."""
    text = f"{meeting.group_name}, meeting {meeting.number}, {weekday_date(meeting.date)}"
    return f"{text}, cancelled" if meeting.status == "cancelled" else text


def current_user() -> str:
    """Who generated a paper, as the paper register records it (the login name)."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in this environment (a service account, a container)
        return ""


def check_out_path(out: Path | str) -> Path:
    """The target file, checked before any work: a .docx name whose folder exists."""
    path = Path(out).expanduser()
    if path.suffix.lower() != ".docx":
        raise ValidationError(
            f"Save the paper as a Word file whose name ends in .docx (not “{path.name}”).",
            field="out",
        )
    if path.is_dir():
        raise ValidationError(
            f"{path} is a folder; give a file name such as {path / 'paper.docx'}.", field="out"
        )
    if not path.parent.is_dir():
        raise ValidationError(
            f"The folder {path.parent} does not exist; choose another folder.", field="out"
        )
    return path


class PapersService:
    """Resolve references, list what can be exported, and write papers to files."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        data_dir: Path | None = None,
        today: Callable[[], dt.date] = dt.date.today,
        services: Any = None,
    ) -> None:
        """``services``: a ``PaperServices`` or an open programme whose services to reuse
        (the window's); by default they are built over ``session_factory`` on first use."""
        self._sf = session_factory
        self.data_dir = data_dir
        self._today = today
        self._given = services
        self._services: PaperServices | None = None
        self._programme = ProgrammeService(session_factory, today=today)
        self._meetings = MeetingService(session_factory, today=today)
        self._recommendations = RecommendationService(session_factory, today=today)

    @property
    def services(self) -> PaperServices:
        if self._services is None:
            from sen_desktop.papers.output import PaperServices, paper_services

            self._services = (
                paper_services(self._given)
                if self._given is not None
                else PaperServices.from_session_factory(self._sf, today=self._today)
            )
        return self._services

    # --- references ------------------------------------------------------------------

    def group(self, ref: str) -> GroupSummary:
        """A group by code ("BESD") or id."""
        group = self._find_group(ref)
        if group is not None:
            return group
        raise NotFoundError(
            f"No group {one_line(ref) or '(none given)'}: `{_CLI} list groups` shows the groups."
        )

    def meeting(self, ref: str) -> MeetingSummary:
        """A meeting by "<group code>/<number>" ("BESD/12") or id."""
        wanted = ref.strip()
        match = _MEETING_REF.match(wanted)
        found: MeetingSummary | None = None
        if match is not None:
            code, number = match.group(1), int(match.group(2))
            group = self._find_group(code)
            if group is None:
                raise NotFoundError(
                    f"No meeting {one_line(ref)}: there is no group {code}; "
                    f"`{_CLI} list groups` shows the groups."
                )
            found = next(
                (m for m in self._meetings.list_meetings(group.id) if m.number == number), None
            )
            hint = f"`{_CLI} list meetings --group {group.code}` shows the meetings."
        else:
            hint = f"`{_CLI} list meetings` shows the meetings."
            if wanted:
                try:
                    found = self._meetings.summary(wanted)
                except NotFoundError:
                    found = None
        if found is None:
            raise NotFoundError(f"No meeting {one_line(ref) or '(none given)'}: {hint}")
        return found

    def recommendation(self, ref: str) -> RecommendationSummary:
        """A recommendation by its reference ("BESD-R3") or id."""
        wanted = ref.strip()
        code = wanted.upper().rsplit("-R", 1)[0] if "-" in wanted else ""
        group = self._find_group(code) if code else None
        group_id: str | None = None
        if wanted:
            try:
                group_id = self._recommendations.get(wanted).group_id  # an id
            except NotFoundError:
                group_id = group.id if group is not None else None
        if group_id is not None:
            for summary in self._recommendations.list_recommendations(group_id):
                if wanted == summary.id or summary.reference in (wanted, wanted.upper()):
                    return summary
        where = f" --group {group.code}" if group is not None else ""
        raise NotFoundError(
            f"No recommendation {one_line(ref) or '(none given)'}: "
            f"`{_CLI} list recommendations{where}` shows the recommendations."
        )

    def _find_group(self, code_or_id: str) -> GroupSummary | None:
        wanted = code_or_id.strip()
        for group in self._programme.list_groups():
            if wanted in (group.id, group.code) or group.code.casefold() == wanted.casefold():
                return group
        return None

    # --- lists -----------------------------------------------------------------------

    def list_groups(self) -> list[Listed]:
        """Every group in programme order: "BESD<TAB>BESD Working Group"."""
        return [Listed(g.id, g.code, g.name, g.code) for g in self._programme.list_groups()]

    def list_meetings(self, group_ref: str | None = None) -> list[Listed]:
        """Meetings, oldest first (of one group, or of all groups by date)."""
        group_id = self.group(group_ref).id if group_ref else None
        meetings = self._meetings.list_meetings(group_id)
        positions = {g.id: n for n, g in enumerate(self._programme.list_groups())}
        meetings.sort(
            key=lambda m: (m.date, m.start_time or dt.time(0), positions.get(m.group_id, 0),
                           m.number)
        )
        return [
            Listed(m.id, meeting_reference(m.group_code, m.number), meeting_list_title(m),
                   m.group_code, m.date)
            for m in meetings
        ]

    def list_recommendations(self, group_ref: str | None = None) -> list[Listed]:
        """Recommendations by group then number: "BESD-R3<TAB>title"."""
        group_id = self.group(group_ref).id if group_ref else None
        return [
            Listed(r.id, r.reference, r.title, r.group_code)
            for r in self._recommendations.list_recommendations(group_id)
        ]

    def bodies(self) -> list[tuple[str, str]]:
        """The bodies a pack may go to, (code, name): SMT, Cabinet …"""
        return self._recommendations.bodies()

    def body_name(self, text: str) -> str:
        """A body's name from its code or name ("SMT" → "Senior Management Team"); a
        group's name from its code; any other text as given."""
        wanted = one_line(text)
        for code, name in self.bodies():
            if wanted.casefold() in (code.casefold(), name.casefold()):
                return name
        for group in self._programme.list_groups():
            if wanted.casefold() in (group.code.casefold(), group.name.casefold()):
                return group.name
        return wanted

    # --- which papers have a confidential version ------------------------------------

    def has_confidential(self, kind: str, ref: str | None) -> bool:
        """Whether the paper has confidential items, so a confidential version exists."""
        item = self.resolve_item(PackItem(kind, ref or ALL_GROUPS))
        return self._has_confidential(item)

    def _has_confidential(self, item: ResolvedItem) -> bool:
        services = self.services
        if item.kind == "minutes":
            from sen_desktop.papers import minutes_data

            assert item.id is not None
            return bool(minutes_data.has_confidential(services, item.id))
        if item.kind == "action_log":
            from sen_desktop.papers import action_log_data

            return bool(action_log_data.has_confidential(services, item.id))
        from sen_desktop.papers import recommendation

        assert item.id is not None
        return bool(recommendation.has_confidential(services, item.id))

    def resolve_item(self, item: PackItem) -> ResolvedItem:
        """A paper named by kind and reference, resolved to ids (NotFoundError if not)."""
        kind = paper_kind(item.kind)
        if kind == "minutes":
            meeting = self.meeting(item.reference)
            return ResolvedItem(
                "minutes",
                meeting.id,
                meeting_reference(meeting.group_code, meeting.number),
                f"Minutes: {meeting_list_title(meeting)}",
            )
        if kind == "action_log":
            if not item.reference or item.reference.upper() == ALL_GROUPS:
                return ResolvedItem("action_log", None, ALL_GROUPS, "Action log: all groups")
            group = self.group(item.reference)
            return ResolvedItem("action_log", group.id, group.code, f"Action log: {group.name}")
        if kind == "recommendation":
            rec = self.recommendation(item.reference)
            return ResolvedItem(
                "recommendation", rec.id, rec.reference, f"{rec.reference}: {rec.title}"
            )
        raise ValidationError(
            f"“{item.kind}” is not a kind of paper: choose minutes, action-log or "
            "recommendation.",
            field="kind",
        )

    def _check_confidential(self, item: ResolvedItem, confidential: bool) -> None:
        if confidential and not self._has_confidential(item):
            what = {
                "minutes": f"the minutes of {item.reference}",
                "action_log": "the action log"
                + (" of every group" if item.id is None else f" of {item.reference}"),
                "recommendation": f"the paper on {item.reference}",
            }[item.kind]
            raise ValidationError(
                f"There are no confidential items in {what}, so there is only a public "
                "version; leave out --confidential.",
                field="confidential",
            )

    # --- papers ----------------------------------------------------------------------

    def minutes(
        self, meeting_ref: str, out: Path | str, confidential: bool = False, by: str | None = None
    ) -> PaperRecord:
        """Write the minutes of a meeting ("BESD/12" or id)."""
        target = check_out_path(out)
        item = self.resolve_item(PackItem("minutes", meeting_ref))
        self._check_confidential(item, confidential)
        from sen_desktop.papers.minutes import minutes_paper

        assert item.id is not None
        return minutes_paper(
            self.services, item.id, target, confidential, self._by(by), data_dir=self.data_dir
        )

    def action_log(
        self,
        group_ref: str | None,
        out: Path | str,
        confidential: bool = False,
        by: str | None = None,
        as_at: dt.date | None = None,
    ) -> PaperRecord:
        """Write the action log of one group ("BESD" or id), or of every group (None), as
        at ``as_at`` (by default the last meeting held: never the day it is written)."""
        target = check_out_path(out)
        item = self.resolve_item(PackItem("action_log", group_ref or ALL_GROUPS))
        self._check_confidential(item, confidential)
        from sen_desktop.papers.action_log import action_log_paper

        return action_log_paper(
            self.services, item.id, target, confidential, self._by(by), data_dir=self.data_dir,
            as_at=as_at,
        )

    def recommendation_paper(
        self, rec_ref: str, out: Path | str, confidential: bool = False, by: str | None = None
    ) -> PaperRecord:
        """Write the decision report on a recommendation ("BESD-R3" or id)."""
        target = check_out_path(out)
        item = self.resolve_item(PackItem("recommendation", rec_ref))
        self._check_confidential(item, confidential)
        from sen_desktop.papers.recommendation import recommendation_paper

        assert item.id is not None
        return recommendation_paper(
            self.services, item.id, target, confidential, self._by(by), data_dir=self.data_dir
        )

    def pack(
        self,
        title: str,
        items: Sequence[PackItem | str],
        out: Path | str,
        confidential: bool = False,
        body: str = "",
        date: dt.date | None = None,
        by: str | None = None,
        progress: Progress = NO_PROGRESS,
    ) -> PackRecord:
        """Write a pack: a cover, contents, then each paper from a new page, in order.

        ``progress`` (a ``core.progress.Progress``) is told before each paper and before
        putting the pack together; Cancel stops the pack with nothing written
        (``Cancelled``)."""
        target = check_out_path(out)
        if not one_line(title):
            raise ValidationError("Give the pack a title.", field="title")
        if not items:
            raise ValidationError(
                "Choose at least one paper for the pack (--item KIND:REFERENCE).", field="items"
            )
        resolved = [
            self.resolve_item(PackItem.parse(i) if isinstance(i, str) else i) for i in items
        ]
        if confidential and not any(self._has_confidential(i) for i in resolved):
            raise ValidationError(
                "None of these papers has confidential items, so there is only the public "
                "version of the pack; leave out --confidential.",
                field="confidential",
            )
        from sen_desktop.papers.pack import pack_paper

        return pack_paper(
            self.services,
            title=title,
            items=resolved,
            out_path=target,
            confidential=confidential,
            body=self.body_name(body) if body else "",
            date=date,
            by=self._by(by),
            data_dir=self.data_dir,
            progress=progress,
        )

    @staticmethod
    def _by(by: str | None) -> str:
        return current_user() if by is None else by


__all__ = [
    "ALL_GROUPS",
    "COMMAND_NAMES",
    "KIND_LABELS",
    "PAPER_KINDS",
    "Listed",
    "PackItem",
    "PapersService",
    "ResolvedItem",
    "check_out_path",
    "current_user",
    "meeting_list_title",
    "meeting_reference",
    "paper_kind",
]
