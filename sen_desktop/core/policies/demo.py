"""Demo policy documents: each working group of a demo programme drafts its policy.

Called by the demo generator (core/demo/service.py) once the meetings and
recommendations are written, in its one transaction and through its ``write``
(``oplog.insert_new_rows``), so the rows come with their operations like the rest of the
demo. Each working group writes version 1 of its policy from its dimension's words and
its members comment on it; the group agrees it at one of its held meetings and the
Steering Group, SMT and Members take it on as far as the held meetings allow (aiming at
publication for the first group, with a second version drafted since, consultation for
the second, SMT for the third, the group's agreement for the fourth). The steps follow
the programme's own meetings (a group's for "agreed", the Steering Group's for
"endorsed", "consultation" and "published"; SMT and Members three weeks apart), so a
demo made for today and one of 2010 both read right. A chair's step (endorsed, approved
by SMT, by Members) is signed as the recommendations' decisions are, on the laptop the
demo programme's root certified as that body's chair on that day (core/demo/registry.py
derives its key from the seed); where no chair of that body is certified by then, the
pathway stops there. (The demo registry certifies the chairs who signed recommendation
decisions -- the Steering Group's, SMT's, Cabinet's -- and no chair of Members, so today
the demo's policies stop at "Approved by SMT".)

Deterministic: everything comes from a ``random.Random`` seeded from the demo's seed.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import select

from sen_desktop.core.policies.signing import version_hash
from sen_desktop.core.policies.vocabulary import SECTIONS, SIGNED_STEPS, STEPS
from sen_desktop.core.store.models import (
    Appointment,
    Body,
    Group,
    Meeting,
    PolicyComment,
    PolicyDocument,
    PolicyEvent,
    PolicyVersion,
    Seat,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from sqlalchemy.orm import Session

    from sen_desktop.core.store.models import Synced

    Write = Callable[[type[Synced], Sequence[Mapping[str, Any]]], None]

HELD: Final = frozenset({"held", "minutes_draft", "checked", "circulated", "confirmed"})
#: How far each working group, in the programme's order, takes version 1.
_REACH: Final = ("published", "consultation", "smt_approved", "agreed")
_WORDS: Final = {
    "BESD": ("behavioural, emotional and social difficulties",
             "nurture groups and pupil referral units"),
    "Cognition and Learning": ("moderate, severe, profound and specific learning difficulties",
                               "resourced units and special schools for learning"),
    "PD/MED/HI/VI/MSI": ("physical, medical, hearing, visual and multi-sensory needs",
                         "sensory services and accessible schools"),
    "ASD/SLCN": ("autism and speech, language and communication needs",
                 "speech and language units and specialist teaching"),
}
_SECTION_TEXT: Final = {
    "purpose": (
        "This policy sets out how the County Council and its partners meet the needs of "
        "children and young people aged 0 to 24 with {need}.\n"
        "It answers the Strategy's aim: the right provision, in the right place, at the "
        "right time, as close to home as it can be."
    ),
    "principles": (
        "Children are taught in their local school wherever that meets their needs.\n"
        "Parents and carers are partners in every decision, and are told who their first "
        "contact is.\n"
        "Help comes early, before a need becomes a crisis."
    ),
    "continuum": (
        "Provision runs from universal help in every school, through enhanced provision "
        "and specialist provision in mainstream, to special schools, outreach and, only "
        "where nothing nearer meets the need, independent and out-county places.\n"
        "In each district the continuum includes {places}."
    ),
    "criteria": (
        "A pupil is considered for specialist resourcing when the school has used its "
        "enhanced provision for at least two terms, with the outcomes recorded.\n"
        "The working group's agreed criteria for access apply; a district panel decides."
    ),
    "roles": (
        "The school's SENCo leads the assessment and the plan; the head teacher makes the "
        "resources available.\n"
        "The County's specialist teaching service advises; health and social care join "
        "the plan where a child needs them."
    ),
    "monitoring": (
        "The working group reviews the policy each July against the provision map and "
        "the number of pupils placed out of county.\n"
        "The Steering Group receives the review and the Parent/Carer Reference Group's "
        "view of it."
    ),
}
_COMMENTS: Final = (
    ("principles", "Say who the family's first contact is, by name of service."),
    ("continuum", "Add the early years settings to the universal tier."),
    ("criteria", "Two terms is long for a child in crisis; allow an urgent route."),
    ("roles", "Name the educational psychologist's part in the assessment."),
    ("monitoring", "Report the out-county numbers by district, not only the total."),
    ("purpose", "Say 0 to 25 if the new code of practice comes in."),
)
_REVISION: Final = ("criteria", "\nAn urgent route lets the district panel decide within "
                                "ten school days where a placement is breaking down.")


def _stamp(day: dt.date, hour: int = 18) -> str:
    return dt.datetime.combine(day, dt.time(hour, 0), dt.UTC).isoformat(
        timespec="microseconds")


def demo_policies(
    s: Session, seed: int, new_id: Callable[[], str], group_ids: Mapping[str, str],
    write: Write, today: dt.date | None = None,
) -> int:
    """Write the working groups' policy documents; returns the rows written."""
    rng = random.Random(f"sen-demo-policies:{seed}")
    today = today or dt.date.today()
    working = s.execute(
        select(Group.id, Group.name, Group.dimension, Group.reports_to_id).where(
            Group.id.in_(list(group_ids.values())), Group.kind == "working",
            Group.deleted.is_(False),
        ).order_by(Group.position, Group.code)
    ).all()
    steering = s.scalar(select(Group.id).where(Group.kind == "steering",
                                                Group.deleted.is_(False)).limit(1))
    bodies = dict(s.execute(select(Body.code, Body.id).where(Body.deleted.is_(False))).all())
    signer = _DemoSigner(s, seed)
    written = 0
    for position, (group_id, name, dimension, reports_to) in enumerate(working):
        need, places = _WORDS.get(dimension or "", ("special educational needs",
                                                    "specialist provision"))
        sections = {key: _SECTION_TEXT[key].format(need=need, places=places)
                    for key in SECTIONS}
        members = _members(s, group_id)
        policy_id, version_id = new_id(), new_id()
        meetings = _held(s, group_id, today)
        start = meetings[0][1] if meetings else today - dt.timedelta(days=60)
        write(PolicyDocument, [{"id": policy_id, "group_id": group_id,
                                "title": f"{name}: policy for {need}"}])
        write(PolicyVersion, [{"id": version_id, "policy_id": policy_id, "number": 1,
                               "started_at": _stamp(start, 9), **sections}])
        comments = [
            {"id": new_id(), "version_id": version_id, "section": section,
             "author_id": rng.choice(members), "text": text,
             "at": _stamp(start + dt.timedelta(days=3 + n), 10)}
            for n, (section, text) in enumerate(rng.sample(_COMMENTS, 3))
        ] if members else []
        write(PolicyComment, comments)
        events = _steps(
            rng, new_id, version_id, version_hash(policy_id, 1, tuple(sections.values())),
            group_id, reports_to or steering, bodies, meetings,
            _held(s, reports_to or steering, today) if (reports_to or steering) else [],
            _REACH[position % len(_REACH)], today, _chair(s, group_id), signer,
        )
        write(PolicyEvent, events)
        written += 2 + len(comments) + len(events)
        if events and events[-1]["step"] == "published":
            revised = dict(sections)
            revised[_REVISION[0]] += _REVISION[1]
            last = dt.datetime.fromisoformat(events[-1]["at"]).date()
            write(PolicyVersion, [{"id": new_id(), "policy_id": policy_id, "number": 2,
                                   "started_at": _stamp(min(today, last + dt.timedelta(
                                       days=14)), 9), **revised}])
            written += 1
    return written


def _members(s: Session, group_id: str) -> list[str]:
    return sorted(set(s.scalars(
        select(Appointment.person_id).join(Seat, Seat.id == Appointment.seat_id).where(
            Seat.group_id == group_id, Appointment.deleted.is_(False)
        )
    )))


def _chair(s: Session, group_id: str) -> str | None:
    """Who chairs the group (the first chair's seat's holder), to record its agreement."""
    return s.scalar(
        select(Appointment.person_id).join(Seat, Seat.id == Appointment.seat_id).where(
            Seat.group_id == group_id, Seat.is_chair.is_(True), Appointment.deleted.is_(False),
            Appointment.end_date.is_(None),
        ).order_by(Seat.position, Appointment.start_date).limit(1)
    )


def _held(s: Session, group_id: str | None, today: dt.date) -> list[tuple[str, dt.date]]:
    if group_id is None:
        return []
    rows = s.execute(
        select(Meeting.id, Meeting.date, Meeting.status).where(
            Meeting.group_id == group_id, Meeting.deleted.is_(False), Meeting.date <= today
        ).order_by(Meeting.date, Meeting.number)
    ).all()
    return [(mid, day) for mid, day, status in rows if status in HELD]


def _steps(
    rng: random.Random, new_id: Callable[[], str], version_id: str, content: str,
    group_id: str, steering: str | None, bodies: Mapping[str, str],
    own: list[tuple[str, dt.date]], sg: list[tuple[str, dt.date]], reach: str,
    today: dt.date, chair: str | None, signer: _DemoSigner,
) -> list[dict[str, Any]]:
    """The version's steps up to ``reach``, each at the first fitting held meeting after
    the last, stopping where the programme's held meetings run out."""
    events: list[dict[str, Any]] = []
    day = own[1][1] if len(own) > 1 else None
    meeting: str | None = own[1][0] if len(own) > 1 else None
    for step in STEPS[: STEPS.index(reach) + 1]:
        group: str | None = None
        body: str | None = None
        if step == "agreed":
            group = group_id
        elif step in ("endorsed", "consultation", "published"):
            after = day + dt.timedelta(days=84 if step == "published" else 1) if day else None
            found = next(((m, d) for m, d in sg if after is not None and d >= after), None)
            if found is None or steering is None:
                break
            meeting, day, group = found[0], found[1], steering
        else:
            body = bodies.get("SMT" if step == "smt_approved" else "Members")
            meeting = None
            day = day + dt.timedelta(days=21) if day else None
            if body is None or day is None or day > today:
                break
        if day is None:
            break
        row: dict[str, Any] = {
            "id": new_id(), "version_id": version_id, "step": step, "group_id": group,
            "body_id": body, "meeting_id": meeting,
            "minute_number": str(rng.randint(4, 12)) if meeting else "",
            "by_id": chair if step == "agreed" else None,
            "at": _stamp(day, 19), "note": "", "content_hash": content, "signature": "",
            "signer_laptop": None, "after_id": events[-1]["id"] if events else None,
        }
        if step in SIGNED_STEPS and not signer.sign(row):
            break  # no chair of that body certified by then: it waits there
        events.append(row)
    return events


class _DemoSigner:
    """Signs a demo step as the chair the demo programme's registry certifies for its
    body on its day, with the key core/demo/registry.py derives for that chair."""

    def __init__(self, s: Session, seed: int) -> None:
        from sen_desktop.core.recommendations.chairs import load_authority
        from sen_desktop.core.recommendations.checks import load_bodies

        self._seed = seed
        self._authority = load_authority(s)
        self._bodies = load_bodies(s)

    def sign(self, row: dict[str, Any]) -> bool:
        from sen_desktop.core.demo.registry import DemoKey, _derived, _uuid
        from sen_desktop.core.policies.signing import approval_message
        from sen_desktop.core.recommendations.checks import parse_at

        body = self._bodies.get(row["group_id"] or row["body_id"] or "")
        moment = parse_at(row["at"])
        if body is None or moment is None:
            return False
        for laptop_id, certificates in sorted(self._authority.laptops.items()):
            for role in certificates[0].chairs if certificates else ():
                if role.code != body.code or role.start > moment.date():
                    continue
                if _uuid(_derived(self._seed, "laptop", role.person_id)) != laptop_id:
                    continue
                row["by_id"] = role.person_id
                if not self._authority.standing(laptop_id, body.code, role.person_id,
                                                moment).ok:
                    continue
                key = DemoKey(_derived(self._seed, "laptop-key", role.person_id))
                row["signature"] = key.sign(approval_message(PolicyEvent(**row))).hex()
                row["signer_laptop"] = laptop_id
                return True
        row["by_id"] = None
        return False
