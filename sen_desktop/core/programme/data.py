"""The County programme as the Project Plan sets it out: plain, immutable constants.

Every text here is the Project Plan's (resources/seed/sen-strategy-project-plan.txt)
word for word, with only its line-wrapping undone: a wrapped line's newline is a single
space, and the one word the plan breaks at its own hyphen ("Non-\\nMaintained") is
joined again. The plan's punctuation is kept as it is, curly apostrophes (’), en dashes
(–), its stray space before a comma and its "in the both the review" included, because
these are the words the programme agreed. tests/core/programme/test_seed.py holds every string
against the plan. The only exception is the Parent/Carer Reference Group, for which the
plan gives no remit list or membership; see ``REFERENCE_GROUP_REMIT``.

``seed.py`` turns these constants into rows; nothing here touches the database.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Final

from sen_desktop.core.recommendations.vocabulary import DIMENSIONS


@dataclass(frozen=True)
class SeatData:
    title: str
    is_chair: bool = False
    # True for the seats the group's seat rule counts (the plan's starred heads).
    rule_applies: bool = False


@dataclass(frozen=True)
class GroupData:
    code: str
    name: str
    kind: str  # models.GROUP_KINDS
    dimension: str | None  # models.DIMENSIONS
    reports_to: str | None  # code of the group reported to
    remit: tuple[str, ...]
    seats: tuple[SeatData, ...]
    quorum: int
    seat_rule: str | None = None


@dataclass(frozen=True)
class MilestoneData:
    period: str  # as the plan writes it
    period_start: dt.date
    period_end: dt.date
    action: str
    owner: str | None  # code of the owning group


@dataclass(frozen=True)
class SectionData:
    key: str
    title: str
    # One paragraph or bullet per line; bullets start with "• ".
    body: str


@dataclass(frozen=True)
class BodyData:
    code: str
    name: str


def quorum_for(seat_count: int) -> int:
    """A third of the seats, rounded up: the usual rule for council working groups.

    The plan sets no quorum; a third is the common default in the County's committee
    procedure rules and keeps a small group able to meet in the school holidays.
    """
    return math.ceil(seat_count / 3)


_MONTHS: Final = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({"sept": 9})  # the plan writes "Early Sept 2010"
_MONTH_YEAR = re.compile(r"([A-Za-z]+) (\d{4})")


def _month(name: str) -> int:
    try:
        return _MONTHS[name.lower()]
    except KeyError:
        raise ValueError(f"{name!r} is not a month name.") from None


def period_dates(period: str) -> tuple[dt.date, dt.date]:
    """The first and last day of the month(s) a plan period names.

    "End July 2010" and "Early Sept 2010" cover their whole month (the plan's "end" and
    "early" are targets within it, not dates); "October/November 2010" and
    "November 2010 – March 2011" run from the first day of the first month to the last
    day of the last.
    """
    text = period.strip()
    for prefix in ("End ", "Early "):
        text = text.removeprefix(prefix)
    if "/" in text:  # "October/November 2010": both months in one year
        first, rest = text.split("/", 1)
        text = f"{first} {rest.rsplit(' ', 1)[1]} – {rest}"
    pairs = _MONTH_YEAR.findall(text)
    if not pairs or len(pairs) > 2:
        raise ValueError(f"{period!r} is not a period the plan uses.")
    (m1, y1), (m2, y2) = pairs[0], pairs[-1]
    start = dt.date(int(y1), _month(m1), 1)
    end_month, end_year = _month(m2), int(y2)
    end = dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
    if end < start:
        raise ValueError(f"{period!r} ends before it starts.")
    return start, end


# --- Annex 1: the Strategy Steering Group --------------------------------------------

STEERING_REMIT: Final = (
    "Oversee the development and implementation of the SEN and Disabled Children’s Strategy",
    "Oversee the work of the Need Dimensions Working Groups",
    "Consider recommendations from the working groups and parent/carer reference group",
    "Plan and oversee the consultation process",
    "Ensure an effective communications strategy is in place",
    "Ensure an appropriate monitoring and evaluation strategy is in place",
    "Prepare reports for SMT, elected Members and other interested parties",
    "Make recommendations to SMT and Members for provision development and implementation",
)

# The plan writes the chair seat "Director of Specialist Children’s Services (Chair)";
# the "(Chair)" is the flag, not part of the post's title.
STEERING_SEATS: Final = (
    SeatData("Director of Specialist Children’s Services", is_chair=True),
    SeatData("Director of Learning"),
    SeatData("Head of SEN and Resources"),
    SeatData("Schools Finance Manager"),
    SeatData("County SEN Manager – Project Lead"),
    SeatData("Parent Partnership Services Head of Service"),
    SeatData("Senior Inclusion and Access Adviser"),
    SeatData("Head of Psychology Service"),
    SeatData("Head of Specialist Teaching Service"),
    SeatData("Head of Attendance and Behaviour"),
    SeatData("Health Commissioner for Disabled Children’s Services"),
    SeatData("Area Children’s Services Officer"),
    SeatData("Chairs of Dimensions Working Groups"),
    SeatData("Secondary School Head (academy or maintained)"),
    SeatData("Primary School Head"),
)

STEERING_GROUP: Final = GroupData(
    code="SG",
    name="Strategy Steering Group",
    kind="steering",
    dimension=None,
    reports_to=None,
    remit=STEERING_REMIT,
    seats=STEERING_SEATS,
    quorum=quorum_for(len(STEERING_SEATS)),
)

# --- Annex 1: the Need Dimensions Working Groups -------------------------------------

# "Remit, in relation to the dimension of need the Group is addressing": one remit,
# shared by the four groups.
WORKING_GROUP_REMIT: Final = (
    "To provide an overview description of the continuum of provision that should be "
    "available for the particular need type(s) 0 - 24",
    "To prepare and provide a Policy document for the SEN dimension of need for approval by "
    "the Strategy Steering Group, SMT and Members for consultation and publication",
    "To consider and make recommendations on the features of a mainstream school (including "
    "PRUs as appropriate and Academies) to ensure the delivery of a universal provision for "
    "the particular need type",
    "To consider and make recommendations on what mainstream schools could reasonably "
    "deliver, with additional input, in terms of an enhanced level of provision and what the "
    "features of that provision would be",
    "To consider and make recommendations on the features of specialist provision within "
    "mainstream schools",
    "Map what is currently available within each locality/district, identify gaps and make "
    "recommendations about developing and/or redistributing current services and resources",
    "Describe what an appropriate specialist outreach service might look like and how that "
    "could be delivered, clarifying the relationship between mainstream and special schools",
    "Establish criteria for access to specialist resourcing, including outreach, and "
    "placements within mainstream schools",
    "Establish criteria for partnership working with the Independent and Non-Maintained "
    "sector and other Local Authorities to ensure a complete continuum of provision "
    "including any out county day and/or residential provision",
)

# The plan stars the two school heads; the star's footnote is the seat rule.
WORKING_GROUP_SEAT_RULE: Final = (
    "preferably at least one to be from a school with a unit or with lead school status"
)

WORKING_GROUP_SEATS: Final = (
    SeatData("Head of Special School"),
    SeatData("Secondary School Head", rule_applies=True),
    SeatData("Primary School Head", rule_applies=True),
    SeatData("EP representative"),
    SeatData("SEN and Resources representative"),
    SeatData("Specialist Teaching Service representative"),
    SeatData("Attendance and Behaviour Service representative"),
    SeatData("Relevant Health representative"),
    SeatData("Inclusion and Access Adviser representative"),
    SeatData("Preventative Services Manager representative"),
    SeatData("Head of SEN and Resources or County SEN Manager"),
)


def _working_group(code: str, name: str, dimension: str) -> GroupData:
    return GroupData(
        code=code,
        name=name,
        kind="working",
        dimension=dimension,
        reports_to="SG",
        remit=WORKING_GROUP_REMIT,
        seats=WORKING_GROUP_SEATS,
        quorum=quorum_for(len(WORKING_GROUP_SEATS)),
        seat_rule=WORKING_GROUP_SEAT_RULE,
    )


_BESD, _CL, _PD, _ASD = DIMENSIONS
WORKING_GROUPS: Final = (
    _working_group("BESD", "BESD Working Group", _BESD),
    _working_group("CL", "Cognition and Learning Working Group", _CL),
    _working_group("PD", "PD/MED/HI/VI/MSI Working Group", _PD),
    _working_group("ASD", "ASD/SLCN Working Group", _ASD),
)

# --- the Parent/Carer Reference Group ------------------------------------------------

# The plan constitutes this group (section 1.4) but gives it no remit list or
# membership. Its remit is drawn from the plan's own words about it:
#   1. section 1.4: "Constitute a parent/carer reference group to assist the work of the
#      Steering and Working Groups";
#   2. section 2 and Annex 2: "prepare proposals, including detailed funding proposals,
#      informed by the Parent/Carer Reference Group";
#   3. Annex 1, Steering Group remit: "Consider recommendations from the working groups
#      and parent/carer reference group".
REFERENCE_GROUP_REMIT: Final = (
    "Assist the work of the Steering and Working Groups",
    "Inform the preparation of proposals, including detailed funding proposals",
    "Make recommendations to the Steering Group",
)

# Not in the plan: eight parent/carer places (two for each of the four dimensions of
# need, so each working group's area has a parent voice, without tying a seat to one
# dimension) and the Parent Partnership Service, which the Steering Group also seats.
# Seats can be renamed or added once the group meets.
REFERENCE_GROUP_PARENT_SEATS: Final = 8
REFERENCE_GROUP_SEATS: Final = (
    *(SeatData("Parent/carer representative") for _ in range(REFERENCE_GROUP_PARENT_SEATS)),
    SeatData("Parent Partnership Services representative"),
)

REFERENCE_GROUP: Final = GroupData(
    code="PCRG",
    name="Parent/Carer Reference Group",
    kind="reference",
    dimension=None,
    reports_to="SG",
    remit=REFERENCE_GROUP_REMIT,
    seats=REFERENCE_GROUP_SEATS,
    quorum=quorum_for(len(REFERENCE_GROUP_SEATS)),
)

# In display order; a group's reports_to always comes before it.
GROUPS: Final = (STEERING_GROUP, *WORKING_GROUPS, REFERENCE_GROUP)

# --- Annex 2: the summary indicative Action Plan -------------------------------------

# (period, action) as the plan's table has them, in its order. Every row is owned by the
# Steering Group: its remit is to oversee the development and implementation of the
# strategy, and the plan names no other owner (the working groups' own row, "Hold
# meetings of each dimension of need working group", is the Steering Group's to see done).
_ACTION_PLAN: Final = (
    ("End July 2010", "Constitute Strategy Group and sub-groups"),
    (
        "Early Sept 2010",
        "Hold an initial meeting of the SEN strategy steering group and confirm overarching "
        "timeframe for the work and implementation",
    ),
    ("End September 2010", "Hold meetings of each dimension of need working group"),
    (
        "September 2010",
        "Present lead school best practice evaluation report to SMT, CMT and Cabinet to "
        "inform decision-making on way forward on the strategy",
    ),
    (
        "September 2010",
        "Update and Options proposals for SEN Strategy Policy and Provision to SMT, Members "
        "and POC.",
    ),
    (
        "September 2010",
        "Put proposals to Schools Funding Forum (SFF) on possible funding options to be considered",
    ),
    (
        "October/November 2010",
        "Consultation with schools on identified funding SEN options and proposals as part "
        "of Autumn consultation on all schools formula funding considerations",
    ),
    (
        "October 2010",
        "Prepare detailed action plan with timelines as soon as the way forward is clear "
        "following SMT and Members’ policy decisions in September",
    ),
    (
        "November 2010 – March 2011",
        "Prepare proposals, including detailed funding proposals, informed by the "
        "parent/carer reference group, and undertake consultation with all partners and "
        "stakeholders",
    ),
    (
        "December 2010",
        "Take funding proposals , including transitional arrangements from April 2011, to "
        "Schools Funding Forum following consultation feedback and outcome",
    ),
    ("July 2011", "Finalise proposals for consideration and decision by SMT and Cabinet"),
    ("September 2011", "Commence implementation"),
)

MILESTONES: Final = tuple(
    MilestoneData(period, *period_dates(period), action, owner="SG")
    for period, action in _ACTION_PLAN
)

# --- sections 1 and 2: reference text for the programme page -------------------------

SECTIONS: Final = (
    SectionData(
        "purpose",
        "Purpose",
        "It is important that Kent’s SEN Strategy and Policy make clear:\n"
        "• How outcomes for all children and young people with SEN/LDD will be improved "
        "across the age range 0 – 24 through transition into adulthood.\n"
        "• How the policies will be supported across the four SEN/LDD dimensions and the "
        "seven need groups by respective trans-disciplinary colleagues and agencies.\n"
        "• How parental confidence will be developed and required cultural change made "
        "across all professionals, provisions and processes.\n"
        "• How in the current economic climate, both nationally and locally, all resources "
        "are deployed effectively, coherently and cohesively, with an appropriate balance "
        "between school localities and the centre that provides maximum protection for the "
        "future.\n"
        "The review will ensure that the Local Authority can:\n"
        "• Secure appropriate provision to meet the special needs and/or disabilities of all "
        "children and young people of Kent\n"
        "• Ensure there is equity of access to quality provision across all areas of Kent\n"
        "• Ensure a continuum of provision from universal services within mainstream "
        "settings to highly specialist provision for very severe and complex needs\n"
        "• Enable children and young people as far as is compatible with their needs to be "
        "educated with their peers within their local community and to minimise the travel "
        "time to and from school\n"
        "• Ensure appropriate access to quality provision for those children and young "
        "people for whom education within their local community is not compatible with "
        "meeting their needs",
    ),
    SectionData(
        "key_partners",
        "Key Partners",
        "The development of the strategy will require multi-agency commitment and "
        "participation. It will include the following key partners:\n"
        "• Services from across all units in the Children, Families and Education "
        "Directorate\n"
        "• Health commissioners and providers\n"
        "• Schools, including special schools, PRUs and academies\n"
        "• Parents/carers of children with special educational needs and/or disabilities\n"
        "• Children and young people for whom the strategy has potential current and future "
        "implications\n"
        "• Voluntary agencies and the Independent Non-maintained sector",
    ),
    SectionData(
        "principles",
        "Principles",
        "In the development and implementation of the strategy we will:\n"
        "• Consult as widely as possible with all partners\n"
        "• Take account of good practice that is already taking place and be positive about "
        "identifying lessons that can be learned from practice that has failed to deliver "
        "good outcomes\n"
        "• Not permit the programme of review and change to compromise the education of any "
        "children or young people\n"
        "• Give sufficient time for transition from the current model of provision delivery "
        "to the new model\n"
        "• Develop and implement an effective on-going evaluation programme to ensure the "
        "suitability for purpose of the new model and the flexibility to enable necessary "
        "on-going changes to improve outcomes\n"
        "• Develop robust funding arrangements that facilitate sufficiency and efficacy of "
        "service delivery, demonstrate lines of accountability, allow for local flexibility "
        "and responsiveness and provide value for money\n"
        "• Develop a service framework for working with academies to ensure their effective "
        "inclusion in the both the review and delivering within the continuum of provision\n"
        "• Ensure the plan to develop and implement the strategy is a main strand of, and is "
        "coordinated with, the County’s Children and Young People’s Plan",
    ),
    SectionData(
        "the_plan",
        "The Plan",
        "We will prepare a detailed Action Plan and, to ensure its effective and efficient "
        "implementation, we will:\n"
        "• Constitute a Strategy Steering Group to oversee the development and "
        "implementation of the strategy\n"
        "• Constitute a working group for each of the four dimensions of SEN to scope and "
        "plan the work of developing provision and services\n"
        "• Constitute a parent/carer reference group to assist the work of the Steering and "
        "Working Groups\n"
        "• Ensure appropriate stakeholder representation on each group\n"
        "A copy of the proposals for the constitution of each of the groups and their remit "
        "is attached at Annex 1.",
    ),
    SectionData(
        "timeframe",
        "Timeframe",
        "The timeframe aims to commence the implementation of the Strategy in September "
        "2011. This is to allow sufficient time for preparing recommendations, including "
        "time for consultation, and for SMT and elected members’ decision-making. The "
        "commencement date for the implementation represents only a start date for a "
        "transition process and it will be important that any action plan builds in a very "
        "gradual transition period with no assumptions being made about the new provision "
        "being fully operational within a short timescale. The intention is that the "
        "strategy will require a 3 year period to be fully implemented.",
    ),
    SectionData(
        "summary_action_plan",
        "Action Plan",
        "The following is a brief summary indicative Action Plan, until such time as the "
        "Strategy Steering Group meets and agrees a more detailed one (a summary copy is "
        "attached at Annex 2):\n"
        "• By end July 2010 constitute the various groups\n"
        "• By early September 2010 hold an initial meeting of the Steering Group and confirm "
        "overarching timeframe for work and implementation\n"
        "• By end September 2010 hold initial meeting of each Dimension Working Group\n"
        "• September 2010 present lead school evaluation to SMT, CMT and Cabinet and use to "
        "inform recommendations for the way forward on the Strategy\n"
        "• September 2010 put proposals to Schools Funding Forum (SFF) on possible funding "
        "options being considered\n"
        "• October 2010 prepare detailed Action Plan with timelines as soon as the way "
        "forward is clear following SMT and elected members’ decision on the lead school "
        "evaluation recommendations\n"
        "• November 2010 – March 2011: prepare proposals, including detailed funding "
        "proposals, informed by the Parent/Carer Reference Group, and undertake consultation "
        "(including consultation of funding proposals) with all partners and stakeholders\n"
        "• December 2010: take funding proposals, including transitional arrangements from "
        "2011, to SFF\n"
        "• By July 2011: Finalise proposals for consideration and decisions by SMT and "
        "elected Members\n"
        "• September 2011: commence implementation",
    ),
)

# --- programme settings and the bodies beyond the groups -----------------------------

# Kent's twelve districts, the areas a recommendation can name. Shepway was renamed
# Folkestone and Hythe in 2018; the plan's readers know it by both names.
DISTRICTS: Final = (
    "Ashford",
    "Canterbury",
    "Dartford",
    "Dover",
    "Gravesham",
    "Maidstone",
    "Sevenoaks",
    "Shepway (now Folkestone and Hythe)",
    "Swale",
    "Thanet",
    "Tonbridge and Malling",
    "Tunbridge Wells",
)

# (key, value): seed.py stores each value as JSON text. Section 1.5: implementation
# commences in September 2011 and needs "a 3 year period to be fully implemented".
SETTINGS: Final[tuple[tuple[str, object], ...]] = (
    ("authority_name", "Kent County Council"),
    ("districts", DISTRICTS),
    ("implementation_start", "2011-09-01"),
    ("implementation_years", 3),
)

# Where papers and recommendations go beyond the groups, as the plan names them.
BODIES: Final = (
    BodyData("SMT", "Senior Management Team"),
    BodyData("CMT", "Corporate Management Team"),
    BodyData("Cabinet", "Cabinet"),
    BodyData("Cabinet Member", "Cabinet Member"),
    BodyData("Members", "Elected Members"),
    BodyData("POC", "Policy Overview Committee"),
    BodyData("SFF", "Schools Funding Forum"),
)
