"""One meeting of a demo programme: attendance, agenda, minutes, resolutions, actions.

``MeetingWriter.content`` adds a meeting's rows to the chunk being written, in the
order the services would make them: the expected attendance (present, apologies,
substitutes, the clerk in attendance), the standard agenda around 2 to 5 business
items and any recommendations it considers (``records.Considered``, planned by
``recommendations``: one "recommendation" item each, before the closing item), and,
for a meeting that was held, a minute per item from the phrase banks in ``text`` for
the business (the standard items' sentences are left to the minutes
paper, which writes them from the records), "RESOLVED that" points, an occasional
declaration of interest, and the actions raised. Each action's life is decided when it
is raised: the later meetings of its group where progress is reported (``ActionUpdate``
rows, kept in ``pending`` until that meeting is written) and the meeting that closes it,
if any. Numbering follows MeetingService and ActionService: minute numbers run on per
group through every meeting not cancelled; action references are "<code>-<n>" per group.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sen_desktop.core.demo import text
from sen_desktop.core.demo.records import Considered, Counts, MeetingState, Row
from sen_desktop.core.meetings.records import (
    STANDARD_CLOSING,
    STANDARD_OPENING,
    previous_minutes_resolution,
    previous_minutes_title,
)
from sen_desktop.core.programme import data as plan_data
from sen_desktop.core.store.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    Declaration,
    MinuteEntry,
    Resolution,
    Synced,
)
from sen_desktop.core.validation import uk_date

if TYPE_CHECKING:
    import random
    from collections.abc import Callable, Mapping, Sequence
    from collections.abc import Set as AbstractSet

    from sen_desktop.core.demo.people import SeatState
    from sen_desktop.core.demo.plan import GroupPlan

Rows = dict[type[Synced], list[Row]]
WRITE_ORDER: tuple[type[Synced], ...] = (
    Attendance,
    AgendaItem,
    MinuteEntry,
    Resolution,
    Declaration,
    Action,
    ActionUpdate,
)
"""The order a chunk's rows go in, so every reference points at a row already there."""


@dataclass
class _Roll:
    present: list[tuple[str, str]]  # (person id, name), substitutes included
    apologies: list[str]
    substitutes: list[str]  # "<name> was present as substitute for <name>."
    clerk_id: str


class MeetingWriter:
    def __init__(
        self,
        rng: random.Random,
        new_id: Callable[[], str],
        groups: Mapping[str, GroupPlan],
        group_ids: Mapping[str, str],
        seats: Mapping[str, list[SeatState]],
        clerks: Sequence[tuple[str, str]],
        by_group: Mapping[str, list[MeetingState]],
        counts: Counts,
        considered: Mapping[str, Sequence[Considered]] | None = None,
        chair_present: AbstractSet[str] = frozenset(),
        officers: AbstractSet[str] = frozenset(),
    ) -> None:
        self.rng = rng
        self.new_id = new_id
        self.groups = groups
        self.group_ids = group_ids
        self.seats = seats
        self.clerks = clerks
        self.by_group = by_group
        self.counts = counts
        # Recommendations on each meeting's agenda (by meeting id), and the meetings
        # whose chair takes a decision on one (so is there to take it).
        self.considered = considered or {}
        self.chair_present = chair_present
        # The County's officers (by person id): they own actions; parents, heads and
        # health colleagues advise and are not given the authority's work to do.
        self.officers = officers
        self.slots = {code: n for n, code in enumerate(groups)}
        self.minute_no: dict[str, int] = defaultdict(int)
        self.action_no: dict[str, int] = defaultdict(int)
        # Updates and closures waiting for the meeting they happen at (by meeting id).
        self.pending: dict[str, list[tuple[Row, str]]] = defaultdict(list)
        held = [m.plan.date for ms in by_group.values() for m in ms if m.plan.state == "held"]
        self.end = max(held, default=dt.date(2010, 9, 1))

    def _context(self, meeting: MeetingState, topic: str = "") -> dict[str, Any]:
        rng = self.rng
        group = self.groups[meeting.plan.group]
        d1, d2 = rng.sample(plan_data.DISTRICTS, 2)
        month = meeting.plan.date + dt.timedelta(days=rng.randint(30, 120))
        return {
            "topic": text.subject(topic) if topic else "the strategy",
            "need": text.NEED_PHRASES.get(group.dimension, text.NEED_PHRASES[None]),
            "district": d1.split(" (")[0],
            "district2": d2.split(" (")[0],
            "school": rng.choice(text.SCHOOLS)[0],
            "number": rng.randint(40, 420),
            "small": rng.randint(3, 11),
            "percent": rng.randint(4, 35),
            "share": rng.randint(38, 72),
            "weeks": rng.randint(6, 26),
            "month": f"{calendar.month_name[month.month]} {month.year}",
            "money": f"{rng.randint(5, 95) * 10_000:,}",
            "year": f"{meeting.plan.date.year}-{(meeting.plan.date.year + 1) % 100:02d}",
            "service": rng.choice(text.SERVICES),
            # Never the group itself: the Steering Group does not forward to itself.
            "body": rng.choice([b for b in text.BODIES if group.name not in b]),
            # A day in the weeks before the meeting: what updates report as done.
            "date": uk_date(meeting.plan.date - dt.timedelta(days=rng.randint(3, 25))),
            "presenter": "the Chair",
            "member": "A member",
        }

    def _topics(self, meeting: MeetingState) -> list[str]:
        group = self.groups[meeting.plan.group]
        root = self.groups[group.parent] if group.parent and not group.seeded else group
        bank = {
            "steering": text.STEERING_TOPICS,
            "working": text.WORKING_TOPICS,
            "reference": text.REFERENCE_TOPICS,
        }.get(root.kind, text.WORKING_TOPICS)
        need = text.NEED_PHRASES.get(group.dimension, text.NEED_PHRASES[None])
        count = meeting.plan.business_items
        chosen = self.rng.sample(bank, count)
        if group.theme:
            chosen[0] = f"{group.theme}: progress of the task and finish work"
        district = self.rng.choice(plan_data.DISTRICTS).split(" (")[0]
        return [t.format(need=need, district=district) for t in chosen]

    def content(self, meeting: MeetingState, rows: Rows) -> None:
        plan = meeting.plan
        rng = self.rng
        group_meetings = self.by_group[plan.group]
        index = plan.number - 1  # every meeting of the group, numbered from 1
        previous = next(
            (m for m in reversed(group_meetings[:index]) if m.plan.state == "held"), None
        )
        held = plan.state == "held"

        roll = self._attendance(meeting, rows)
        present = roll.present
        clerk_id = roll.clerk_id

        # The agenda.
        topics = self._topics(meeting)
        considered = self.considered.get(meeting.id, ())
        items: list[tuple[str, str]] = [
            *STANDARD_OPENING,
            *(("business", t) for t in topics),
            *(("recommendation", c.title) for c in considered),
            STANDARD_CLOSING,
        ]
        item_rows: list[Row] = []
        rec_items: list[tuple[Row, Considered, str]] = []  # (item, entry, presenter)
        code = plan.group
        for position, (kind, title) in enumerate(items, start=1):
            if kind == "previous_minutes":
                title = previous_minutes_title(previous.plan.date if previous else None)
            item: Row = {
                "id": self.new_id(),
                "meeting_id": meeting.id,
                "position": position,
                "kind": kind,
                "title": title,
            }
            # As MeetingService numbers them: every meeting but a cancelled one continues
            # the group's minute numbers.
            if plan.state != "cancelled":
                self.minute_no[code] += 1
                item["minute_number"] = self.minute_no[code]
            if kind == "business":
                item["presenter"] = rng.choice(present)[1]
                if rng.random() < 0.5:
                    item["paper_ref"] = f"{code}/{plan.date:%y}/{plan.number:02d}/{position}"
                if self.groups[code].kind == "steering" and rng.random() < 0.03:
                    paragraph, reason = rng.choice(text.EXEMPT_REASONS)
                    item.update(exempt=True, exempt_paragraph=paragraph, exempt_reason=reason)
            elif kind == "recommendation":
                entry = considered[len(rec_items)]
                presenter_id, presenter = rng.choice(present)
                item.update(presenter=presenter, recommendation_id=entry.recommendation_id)
                entry.written(item["id"], position, item.get("minute_number"), presenter_id)
                rec_items.append((item, entry, presenter))
            item_rows.append(item)
        rows[AgendaItem].extend(item_rows)
        self.counts.agenda_items += len(item_rows)
        if not held:
            return

        def minute(item: Row, body: str) -> None:
            rows[MinuteEntry].append(
                {"id": self.new_id(), "agenda_item_id": item["id"], "text": body}
            )
            self.counts.minutes += 1

        def resolve(item: Row, clauses: list[str]) -> None:
            for position, clause in enumerate(clauses, start=1):
                rows[Resolution].append(
                    {
                        "id": self.new_id(),
                        "agenda_item_id": item["id"],
                        "position": position,
                        "text": clause,
                    }
                )
            self.counts.resolutions += len(clauses)

        previous_item = item_rows[2]
        business_items = [item for item in item_rows[4:-1] if item["kind"] == "business"]

        # 1-4. The standard items. Their sentences (apologies and substitutes, "No
        # declarations of interest were made.", each declaration, the confirmation of the
        # previous minutes, the action log's review) are written by the minutes paper from
        # the records below, so nothing is typed that would say them a second time.
        members = [p for p in present if p[0] != clerk_id]
        if members and rng.random() < 0.06:
            person_id, _name = rng.choice(members)
            item = rng.choice(business_items)
            interest, nature = rng.choice(text.DECLARATION_NATURES)
            nature = nature.format(school=rng.choice(text.SCHOOLS)[0])
            rows[Declaration].append(
                {
                    "id": self.new_id(),
                    "meeting_id": meeting.id,
                    "agenda_item_id": item["id"],
                    "person_id": person_id,
                    "interest_type": interest,
                    "nature": nature,
                    "left_room": interest != "voluntary",
                }
            )
            self.counts.declarations += 1
        if previous is not None:
            resolve(previous_item, [previous_minutes_resolution(previous.plan.date)])
        # The updates falling due at this meeting, recorded against each action.
        due = self.pending.pop(meeting.id, [])
        rows[ActionUpdate].extend(update for update, _outcome in due)
        self.counts.action_updates += len(due)

        # 5. Business: minutes, resolutions and the actions raised.
        per_item = [0] * len(business_items)
        for _ in range(plan.actions):
            per_item[rng.randrange(len(business_items))] += 1
        for item, action_count in zip(business_items, per_item, strict=True):
            ctx = self._context(meeting, item["title"])
            ctx["presenter"] = item["presenter"]
            ctx["member"] = rng.choice(members)[1] if members else "A member"
            paragraphs = [rng.choice(text.MINUTE_OPENINGS).format_map(ctx)]
            body = rng.sample(self._body_bank(code), rng.randint(2, 4))
            paragraphs.append(" ".join(s.format_map(ctx) for s in body))
            paragraphs.append(rng.choice(text.MINUTE_CLOSINGS).format_map(ctx))
            minute(item, "\n".join(paragraphs))
            name = self.groups[code].name
            fitting = text.fitting(text.RESOLUTIONS, ctx["topic"], name)
            clauses = rng.sample(fitting, rng.choice((0, 1, 1, 1, 2, 2, 3)))
            resolve(item, [f"RESOLVED that {c.format_map(ctx)}." for c in clauses])
            owners = self._owners(meeting, members, clerk_id)
            used: set[str] = set()  # one item does not agree the same action twice
            for _ in range(action_count):
                rows[Action].append(self._raise_action(meeting, item, owners, ctx, used))

        # 6. The recommendations considered, and what was decided.
        for item, entry, presenter in rec_items:
            considered_minute, clauses = entry.minutes(presenter, rng)
            minute(item, considered_minute)
            resolve(item, clauses)

    def _body_bank(self, code: str) -> list[str]:
        """The discussion sentences that fit a meeting of group ``code``: at the
        Parent/Carer Reference Group, parents' own points and nothing that has
        headteachers speak or sends the draft to the group itself."""
        group = self.groups[code]
        root = self.groups[group.parent] if group.parent and not group.seeded else group
        if root.kind != "reference":
            return list(text.MINUTE_BODY)
        shared = [
            b for b in text.MINUTE_BODY if "Headteachers" not in b and group.name not in b
        ]
        return shared + list(text.REFERENCE_BODY)

    def _owners(
        self, meeting: MeetingState, members: list[tuple[str, str]], clerk_id: str
    ) -> list[tuple[str, str]]:
        """Who can own an action raised at ``meeting``: the officers present; failing
        them, the group's officers on the day, there or not; failing those, the clerk."""
        present = [p for p in members if p[0] in self.officers]
        if present:
            return present
        seated = []
        for seat in self.seats[meeting.plan.group]:
            tenure = seat.holder(meeting.plan.date)
            if tenure is not None and tenure.person_id in self.officers:
                seated.append((tenure.person_id, tenure.name))
        if seated:
            return seated
        return [c for c in self.clerks if c[0] == clerk_id] or members

    def _attendance(self, meeting: MeetingState, rows: Rows) -> _Roll:
        """The seat holders on the day (present, apologies, absent, or a substitute sent)
        and the group's clerk in attendance; "expected" for a meeting not held."""
        plan = meeting.plan
        rng = self.rng
        held = plan.state == "held"
        present: list[tuple[str, str]] = []
        apologies: list[str] = []
        substitutes: list[str] = []
        for seat in self.seats[plan.group]:
            tenure = seat.holder(plan.date)
            if tenure is None:
                continue
            status = "expected"
            if held:
                roll = rng.random()
                if seat.is_chair:
                    roll *= 0.5
                status = (
                    "present"
                    if roll < 0.84
                    else "apologies"
                    if roll < 0.95
                    else "absent"
                    if roll < 0.97 or seat.deputy_id is None
                    else "substitute_sent"
                )
                if seat.is_chair and meeting.id in self.chair_present:
                    status = "present"
            row: Row = {
                "id": self.new_id(),
                "meeting_id": meeting.id,
                "person_id": tenure.person_id,
                "status": status,
            }
            if status == "substitute_sent":
                row["status"] = "apologies"
                rows[Attendance].append(row)
                rows[Attendance].append(
                    {
                        "id": self.new_id(),
                        "meeting_id": meeting.id,
                        "person_id": seat.deputy_id,
                        "status": "substitute",
                        "substitute_for_id": tenure.person_id,
                    }
                )
                apologies.append(tenure.name)
                substitutes.append(
                    f"{seat.deputy_name} was present as substitute for {tenure.name}."
                )
                present.append((seat.deputy_id or "", seat.deputy_name))
                continue
            rows[Attendance].append(row)
            if status == "present":
                present.append((tenure.person_id, tenure.name))
            elif status == "apologies":
                apologies.append(tenure.name)
        clerk_id, clerk_name = self.clerks[self.slots[plan.group] % len(self.clerks)]
        rows[Attendance].append(
            {
                "id": self.new_id(),
                "meeting_id": meeting.id,
                "person_id": clerk_id,
                "status": "in_attendance" if held else "expected",
                "capacity": "Clerk",
            }
        )
        if not present:
            present.append((clerk_id, clerk_name))

        return _Roll(present, apologies, substitutes, clerk_id)

    def _raise_action(
        self,
        meeting: MeetingState,
        item: Row,
        owners: list[tuple[str, str]],
        ctx: dict[str, Any],
        used: set[str],
    ) -> Row:
        rng = self.rng
        code = meeting.plan.group
        self.action_no[code] += 1
        owner_id, owner_name = rng.choice(owners)
        due = meeting.plan.date + dt.timedelta(weeks=rng.randint(2, 12))
        name = self.groups[code].name
        fitting = text.fitting(text.ACTIONS, ctx["topic"], name)
        fresh = [a for a in fitting if a not in used] or list(fitting)
        template = rng.choice(fresh)
        used.add(template)
        description = template.format_map(ctx)
        row: Row = {
            "id": self.new_id(),
            "reference": f"{code}-{self.action_no[code]}",
            "group_id": self.group_ids[code],
            "meeting_id": meeting.id,
            "agenda_item_id": item["id"],
            "description": description,
            "owner_id": owner_id,
            "due_date": due,
        }
        # The group's meetings after this one (its list is in number order).
        later = [m for m in self.by_group[code][meeting.plan.number :] if m.plan.state == "held"]
        # How many meetings on it is closed; None: it is still open at the end.
        closes_after = rng.choices((1, 2, 3, 4, 5, 6, None), weights=(25, 30, 20, 11, 6, 4, 4))[0]
        outcome = "done" if rng.random() < 0.9 else "dropped"
        updates = 0
        horizon = closes_after if closes_after is not None else 4
        for n, at in enumerate(later[:horizon], start=1):
            closing = closes_after is not None and n == closes_after
            if not closing and rng.random() > 0.6:
                continue
            ctx_at = self._context(at, item["title"])
            bank = (
                (text.CLOSING_UPDATES if outcome == "done" else text.DROPPING_UPDATES)
                if closing
                else text.UPDATES
            )
            update = {
                "id": self.new_id(),
                "action_id": row["id"],
                "date": at.plan.date,
                "text": rng.choice(bank).format_map(ctx_at),
                "meeting_id": at.id,
                "by_id": owner_id,
            }
            self.pending[at.id].append((update, outcome if closing else "progress"))
            updates += 1
            if closing:
                row["status"] = outcome
                row["closed_meeting_id"] = at.id
                row["brag"] = "blue" if outcome == "done" else "grey"
        if "closed_meeting_id" not in row:
            row["status"] = "in_progress" if updates else "open"
            overdue = due < self.end
            if overdue:
                row["brag"] = "red" if rng.random() < 0.5 else "amber"
            elif not updates:
                row["brag"] = "grey"  # not started: nothing reported on it yet
            else:
                row["brag"] = "green" if rng.random() < 0.75 else "amber"
            if row["brag"] == "red":
                row["brag_comment"] = rng.choice(text.RED_COMMENTS).format_map(ctx)
            elif row["brag"] == "amber":
                row["brag_comment"] = rng.choice(text.AMBER_COMMENTS).format_map(ctx)
        self.counts.actions += 1
        return row
