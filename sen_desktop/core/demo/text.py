"""Phrase banks for the demo programme (``demo.py``): names, places, minute prose.

Everything here is invented. The schools, trusts and their staff are fictional (made-up
names, not real Kent schools, set beside the County's real districts, which are only
places); the people are random pairs of common British first names and surnames, with
example.org addresses. Templates use ``str.format``
slots that ``demo.py`` fills: {topic} (an agenda item's title, lower-cased), {need},
{district}, {district2}, {school}, {presenter}, {member}, {number}, {small}, {percent},
{weeks}, {month}, {money}, {year}, {service}, {body}, {date}.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

FIRST_NAMES: Final = (
    "Alison",
    "Amanda",
    "Andrew",
    "Angela",
    "Anne",
    "Barbara",
    "Ben",
    "Brian",
    "Carol",
    "Caroline",
    "Catherine",
    "Chris",
    "Claire",
    "Colin",
    "David",
    "Deborah",
    "Diane",
    "Emma",
    "Fiona",
    "Gareth",
    "Gillian",
    "Graham",
    "Hannah",
    "Helen",
    "Ian",
    "Jane",
    "Janet",
    "Jennifer",
    "Joanna",
    "John",
    "Jonathan",
    "Julie",
    "Karen",
    "Kate",
    "Keith",
    "Kevin",
    "Laura",
    "Lesley",
    "Linda",
    "Lisa",
    "Louise",
    "Lucy",
    "Margaret",
    "Mark",
    "Martin",
    "Matthew",
    "Michael",
    "Michelle",
    "Neil",
    "Nicola",
    "Nigel",
    "Patricia",
    "Paul",
    "Peter",
    "Philip",
    "Rachel",
    "Rebecca",
    "Richard",
    "Robert",
    "Ruth",
    "Sally",
    "Samantha",
    "Sandra",
    "Sarah",
    "Simon",
    "Sophie",
    "Stephen",
    "Steve",
    "Stuart",
    "Sue",
    "Susan",
    "Tim",
    "Tom",
    "Tracey",
    "Vanessa",
    "Victoria",
    "Wendy",
    "Yvonne",
    "Priya",
    "Amrit",
    "Sunita",
    "Tunde",
    "Grace",
    "Aisha",
    "Declan",
    "Siobhan",
    "Rhys",
    "Eleri",
)

SURNAMES: Final = (
    "Adams",
    "Allen",
    "Atkinson",
    "Bailey",
    "Baker",
    "Barnes",
    "Bell",
    "Bennett",
    "Brooks",
    "Brown",
    "Butler",
    "Carter",
    "Chapman",
    "Clarke",
    "Cole",
    "Collins",
    "Cook",
    "Cooper",
    "Cox",
    "Davies",
    "Dawson",
    "Dixon",
    "Edwards",
    "Ellis",
    "Evans",
    "Fisher",
    "Fletcher",
    "Foster",
    "Fox",
    "Gibson",
    "Graham",
    "Gray",
    "Green",
    "Griffiths",
    "Hall",
    "Harris",
    "Harrison",
    "Hart",
    "Hill",
    "Holmes",
    "Hughes",
    "Hunt",
    "Jackson",
    "James",
    "Jenkins",
    "Johnson",
    "Jones",
    "Kelly",
    "Kennedy",
    "King",
    "Knight",
    "Lane",
    "Lawrence",
    "Lee",
    "Lewis",
    "Lloyd",
    "Marshall",
    "Martin",
    "Mason",
    "Matthews",
    "Miller",
    "Mills",
    "Mitchell",
    "Moore",
    "Morgan",
    "Morris",
    "Murphy",
    "Murray",
    "Newman",
    "Owen",
    "Palmer",
    "Parker",
    "Patel",
    "Pearce",
    "Perry",
    "Phillips",
    "Powell",
    "Price",
    "Reynolds",
    "Richards",
    "Richardson",
    "Roberts",
    "Robinson",
    "Rogers",
    "Russell",
    "Saunders",
    "Scott",
    "Shaw",
    "Simpson",
    "Smith",
    "Spencer",
    "Stevens",
    "Stewart",
    "Taylor",
    "Thomas",
    "Thompson",
    "Turner",
    "Walker",
    "Ward",
    "Watson",
    "Webb",
    "West",
    "White",
    "Wilkinson",
    "Williams",
    "Wilson",
    "Wood",
    "Wright",
    "Young",
    "O'Brien",
    "Okafor",
    "Sharma",
    "Kaur",
    "Nwosu",
    "Rahman",
    "Ahmed",
    "Chowdhury",
    "MacLeod",
)

# (name, phase, district); phase is special | secondary | primary.
SCHOOLS: Final = (
    ("Kestrelmead School", "special", "Maidstone"),
    ("Brackenhythe School", "special", "Tunbridge Wells"),
    ("Samphire Cliff School", "special", "Dover"),
    ("Linnet Brook School", "special", "Canterbury"),
    ("Hazelcombe School", "special", "Ashford"),
    ("Marram Bay School", "special", "Thanet"),
    ("Teasel Park School", "special", "Swale"),
    ("Willowmere School", "special", "Dartford"),
    ("Sorrel Downs School", "special", "Sevenoaks"),
    ("Campion Ridge Academy", "special", "Gravesham"),
    ("Foxglove Vale School", "special", "Maidstone"),
    ("Bryony Hill School", "special", "Shepway (now Folkestone and Hythe)"),
    ("Yarrowfield Community School", "special", "Tonbridge and Malling"),
    ("Saltmarsh Ridge Academy", "secondary", "Swale"),
    ("Chalkhythe Academy", "secondary", "Maidstone"),
    ("Flintcombe School", "secondary", "Tonbridge and Malling"),
    ("Oasthouse Vale Academy", "secondary", "Sevenoaks"),
    ("Sandpiper Coast College", "secondary", "Thanet"),
    ("Tidemill Heights School", "secondary", "Dover"),
    ("Merrowfield Academy", "secondary", "Dartford"),
    ("Owlcote School for Girls", "secondary", "Gravesham"),
    ("Wealdmere School", "secondary", "Ashford"),
    ("Kingfisher Levels Academy", "secondary", "Canterbury"),
    ("Beacon Downs School", "secondary", "Shepway (now Folkestone and Hythe)"),
    ("Hopgarden Academy", "secondary", "Tunbridge Wells"),
    ("Cobnut Lane Primary School", "primary", "Ashford"),
    ("St Aldwyn's Church of England Primary School", "primary", "Tunbridge Wells"),
    ("Damson Row Primary School", "primary", "Gravesham"),
    ("Quillbrook Primary School", "primary", "Maidstone"),
    ("Shinglestone Primary School", "primary", "Swale"),
    ("Pebblebank Primary School", "primary", "Thanet"),
    ("Wheatear Lane Primary School", "primary", "Dover"),
    ("Cherry Garth Primary School", "primary", "Canterbury"),
    ("Marshwood Green Primary School", "primary", "Dartford"),
    ("Bluebell Copse Primary School", "primary", "Sevenoaks"),
    ("Hoppers' Green Primary School", "primary", "Shepway (now Folkestone and Hythe)"),
    ("Orchard Hollow Primary School", "primary", "Tonbridge and Malling"),
    ("Larkrise Meadow Primary School", "primary", "Sevenoaks"),
)

VENUES: Final = (
    "Sessions House, County Hall, Maidstone",
    "Oakwood House, Maidstone",
    "Invicta House, County Hall, Maidstone",
    "Ashford Gateway Plus, Ashford",
    "Kroner House, Ashford",
    "Canterbury Professional Development Centre",
    "Thanet Gateway Plus, Margate",
    "The Village Hall, Kings Hill",
)

HEALTH_ORGANISATIONS: Final = (
    "Downland Community Health NHS Trust",
    "Weald and Marsh Primary Care Trust",
    "Coastal Vale Primary Care Trust",
    "Downland Partnership NHS Foundation Trust (CAMHS)",
)

# Invented people get addresses in example.org, the domain set aside for examples
# (RFC 2606), and telephone numbers in Ofcom's range for drama (01632 960000-960999), so
# no real council's, school's or NHS mailbox or line is printed in a demonstration.
COUNCIL_DOMAIN: Final = "council.example.org"
HEALTH_DOMAIN: Final = "nhs.example.org"
SCHOOL_DOMAIN: Final = "example.org"  # as <school>.example.org
DRAMA_PHONE: Final = ("01632 960", 0, 999)

# The health post a working group's "Relevant Health representative" holds, by dimension.
HEALTH_POSTS: Final = {
    "BESD": "Consultant Child and Adolescent Psychiatrist",
    "Cognition and Learning": "Community Paediatrician",
    "PD/MED/HI/VI/MSI": "Clinical Lead, Paediatric Physiotherapy",
    "ASD/SLCN": "Lead Speech and Language Therapist",
}

NEED_PHRASES: Final = {
    "BESD": "behavioural, emotional and social difficulties",
    "Cognition and Learning": "cognition and learning needs",
    "PD/MED/HI/VI/MSI": "physical, medical and sensory needs",
    "ASD/SLCN": "autism and speech, language and communication needs",
    None: "special educational needs",
}

SERVICES: Final = (
    "the Specialist Teaching Service",
    "the Educational Psychology Service",
    "the Attendance and Behaviour Service",
    "the SEN and Resources team",
    "Child and Adolescent Mental Health Services",
    "the Speech and Language Therapy service",
    "Parent Partnership Services",
    "the Preventative Services team",
    "the Schools Finance team",
    "Kent Transport",
    "the Youth Offending Service",
    "the Children's Centres",
)

BODIES: Final = (
    "the Strategy Steering Group",
    "SMT",
    "the Schools Funding Forum",
    "the Cabinet Member",
    "the Policy Overview Committee",
)

TASK_THEMES: Final = (
    "Outreach",
    "Post-16 Transition",
    "Funding Formula",
    "District Mapping",
    "Resourced Provision",
    "Early Years",
    "Access Criteria",
    "Independent Sector Placements",
    "SENCO Training",
    "Information for Families",
    "Home to School Transport",
    "Short Breaks",
    "Health Partnerships",
    "Therapy Services",
    "Exclusions",
    "Data and Performance",
    "Workforce Development",
    "Preparing for Adulthood",
    "Quality Assurance",
)

# Agenda titles ({need} is the dimension's phrase, {district} a district).
STEERING_TOPICS: Final = (
    "SEN Strategy: progress report from the Need Dimension Working Groups",
    "Consultation plan for the SEN and Disabled Children's Strategy",
    "Communications strategy",
    "Monitoring and evaluation framework",
    "Report to SMT and Cabinet on the strategy",
    "Lead school best practice evaluation",
    "Funding options for the Schools Funding Forum",
    "High needs budget monitoring",
    "Recommendations from the working groups",
    "Views of the Parent/Carer Reference Group",
    "Out-county placements: cost and numbers",
    "Implementation plan and timeline",
    "Risk register for the strategy",
    "Transitional funding arrangements",
    "Specialist resourced provision: district review",
    "Home to school transport policy",
    "Academy conversions and SEN units",
    "Workforce development plan",
)

WORKING_TOPICS: Final = (
    "Continuum of provision for {need}, 0 to 24",
    "Draft policy document for {need}",
    "Features of universal provision in mainstream schools",
    "Enhanced provision: what mainstream schools can deliver",
    "Specialist provision within mainstream schools",
    "Mapping of provision in {district}",
    "Outreach provision from special schools",
    "Criteria for access to specialist resourcing",
    "Partnership with the Independent and Non-Maintained sector",
    "Out-county day and residential placements",
    "Transition to post-16 provision",
    "Training for SENCOs",
    "Gaps in provision identified by the district mapping",
    "Case studies from lead schools",
    "Pupil numbers and trends",
    "Therapy input to schools",
    "Redistribution of current services and resources",
    "Comments of the Parent/Carer Reference Group on the draft policy",
)

REFERENCE_TOPICS: Final = (
    "Parents' views on the draft policy for {need}",
    "Parent/carer survey results",
    "Information for families about the strategy",
    "Consultation events for parents in {district}",
    "Short breaks for disabled children",
    "Home to school transport",
    "Funding proposals: the parent/carer view",
    "Experiences of statutory assessment",
    "Outreach support: what parents tell us",
    "Transition to adult services",
    "Recommendations to the Steering Group",
)

MINUTE_OPENINGS: Final = (
    "{presenter} introduced the report on {topic}, which had been circulated with the agenda.",
    "{presenter} gave a verbal update on {topic}.",
    "{presenter} presented the paper on {topic} and summarised its main points.",
    "The group received a presentation from {presenter} on {topic}.",
    "{presenter} reminded members that {topic} had been deferred from the previous meeting.",
)

MINUTE_BODY: Final = (
    "Members noted that {number} pupils with {need} were currently placed in independent "
    "or non-maintained schools, many of them outside the County.",
    "The group discussed the variation in provision between districts, particularly "
    "between {district} and {district2}.",
    "It was reported that outreach from {school} had supported {small} mainstream schools "
    "in {district} during the term.",
    "Concern was expressed about waiting times for assessment by the Educational "
    "Psychology Service, which currently averaged {weeks} weeks.",
    "{member} asked how the proposals would affect schools with resourced units; "
    "{presenter} explained that existing places would be protected during the transition.",
    "The group welcomed the draft and suggested that the section on outreach be "
    "strengthened before it went to {body}.",
    "Headteachers reported that requests for statutory assessment in {district} had risen "
    "by {percent} per cent over the last year.",
    "It was agreed that the criteria should be tested against a sample of {small} recent "
    "cases before being finalised.",
    "Members stressed the importance of early intervention and of a consistent offer "
    "across all twelve districts.",
    "{member} noted that {service} was already piloting a similar approach in {district} "
    "and offered to share the evaluation.",
    "Funding of £{money} had been identified within the Dedicated Schools Grant for "
    "{year}, subject to the agreement of the Schools Funding Forum.",
    "The group considered whether enhanced provision could be delivered through clusters "
    "of mainstream schools rather than by individual schools.",
    "{member} raised the difficulty families in rural areas of {district} had in reaching "
    "specialist provision, and the cost of transport.",
    "Members agreed that the views of parents and carers must inform the final proposals, "
    "and that the Parent/Carer Reference Group should see the draft first.",
    "It was noted that {service} had lost two posts since April and that capacity to "
    "support the work was limited.",
    "The data showed that {share} per cent of pupils with {need} were educated in "
    "mainstream schools, below the national average.",
    "{presenter} confirmed that the mapping exercise had now covered {small} of the twelve "
    "districts.",
    "The group discussed the relationship between mainstream and special schools and "
    "agreed that outreach should be commissioned rather than provided informally.",
    "There was a discussion of the training needs of SENCOs and teaching assistants, "
    "and of how {service} could meet them.",
    "Members were concerned that the timetable for the consultation was tight and asked "
    "that it be reviewed at the next meeting.",
)

# What parents say at the Parent/Carer Reference Group, where no headteacher sits.
REFERENCE_BODY: Final = (
    "Parents described long waits for assessment and asked that families be kept "
    "informed at each stage.",
    "A parent from {district} said that information about local provision was hard to "
    "find, and asked for a single guide for families.",
    "Members asked that the proposals be written in plain English, with a summary for "
    "families.",
    "Parents welcomed the outreach offer but asked how families would know which school "
    "to approach.",
    "{member} described the difficulty of arranging transport to specialist provision "
    "from rural parts of {district}.",
    "Members asked that parents be represented on the panel that would allocate "
    "enhanced funding.",
)

MINUTE_CLOSINGS: Final = (
    "The Chair thanked {presenter} for a clear and helpful report.",
    "The group agreed to return to this item at its next meeting.",
    "The report was noted.",
    "Members thanked {presenter} and those who had contributed to the work.",
    "It was agreed that the actions below would be taken forward before the next meeting.",
)

RESOLUTIONS: Final = (
    "the report be noted",
    "the draft policy document for {need} be approved for submission to {body}",
    "the mapping of provision in {district} be completed by {month}",
    "the outreach criteria be circulated to all special school headteachers for comment",
    "the group's recommendation on {topic} be forwarded to {body}",
    "the proposals be endorsed subject to the comments made at the meeting",
    "a further report on {topic} be brought to the next meeting",
    "the views of the Parent/Carer Reference Group be sought on {topic}",
    "the revised timeline for {topic} be agreed",
    "officers be asked to prepare costed options for {topic} for consideration by {body}",
)

ACTIONS: Final = (
    "Circulate the revised paper on {topic} to all members",
    "Draft criteria for access to specialist resourcing and bring them to the next meeting",
    "Map current provision for {need} in {district} and report back",
    "Arrange a visit to {school} to see its resourced provision",
    "Obtain figures on out-county placements for {need} from the SEN and Resources team",
    "Prepare a note on {topic} for the Schools Funding Forum",
    "Update the action plan and timeline for {topic}",
    "Consult the Parent/Carer Reference Group on {topic}",
    "Prepare a briefing for the Cabinet Member on {topic}",
    "Liaise with {service} about {topic}",
    "Book a venue for the consultation event in {district}",
    "Collect case studies from lead schools in {district}",
    "Write to headteachers in {district} about outreach arrangements",
    "Cost the options for enhanced provision in {district}",
    "Circulate the data on waiting times for assessment",
    "Draft the section of the policy document on {topic}",
    "Report progress on {topic} to {body}",
    "Invite a representative of {service} to the next meeting",
)

# How an agenda title reads inside a sentence ("… the report on {topic}") where lower-
# casing its first letter would not do: titles that are themselves sentences or headings.
TOPIC_SUBJECTS: Final = {
    "SEN Strategy: progress report from the Need Dimension Working Groups": (
        "the working groups' progress on the SEN Strategy"
    ),
    "Report to SMT and Cabinet on the strategy": "the report to SMT and Cabinet",
    "Recommendations from the working groups": "the working groups' recommendations",
    "Views of the Parent/Carer Reference Group": "the Parent/Carer Reference Group's views",
    "Funding options for the Schools Funding Forum": "the funding options",
    "Comments of the Parent/Carer Reference Group on the draft policy": (
        "the comments on the draft policy"
    ),
    "Funding proposals: the parent/carer view": "the funding proposals",
    "Outreach support: what parents tell us": "outreach support",
    "Recommendations to the Steering Group": "the group's advice to the Steering Group",
    "Lead school best practice evaluation": "the evaluation of lead schools' practice",
    "Academy conversions and SEN units": "academy conversions and SEN units",
    "Specialist resourced provision: district review": (
        "the district review of specialist resourced provision"
    ),
    "Out-county placements: cost and numbers": "the cost and number of out-county placements",
    "Enhanced provision: what mainstream schools can deliver": (
        "the enhanced provision mainstream schools can deliver"
    ),
    "Home to school transport policy": "the home to school transport policy",
}

# Titles beginning with one of these read with "the" in a sentence ("the risk register").
_TAKES_THE: Final = frozenset(
    (
        "Draft",
        "Continuum",
        "Mapping",
        "Communications",
        "Consultation",
        "Monitoring",
        "Implementation",
        "Risk",
        "Workforce",
        "Partnership",
        "Redistribution",
        "Criteria",
        "Features",
        "Gaps",
        "Parent/carer",
    )
)

# A phrase a template names outright and a subject may name too: a template naming one
# its subject already names would say it twice ("the views of the Parent/Carer Reference
# Group be sought on the Parent/Carer Reference Group's views").
_NAMED: Final = (
    "parent",
    "policy",
    "funding",
    "cabinet",
    "timeline",
    "action plan",
    "recommendation",
    "criteria",
    "mapping",
    "case studies",
    "costed options",
    "progress",
    "steering group",
    "report",
)


def _word_case(word: str) -> str:
    """A title's word as it reads in a sentence: acronyms (SEN, SENCO, SMT, PD/MED) and
    names with a capital after the first letter (Parent/Carer) keep their capitals."""
    if any(c.isupper() for c in word[1:]) or not word[:1].isupper():
        return word
    return word[:1].lower() + word[1:]


def subject(title: str) -> str:
    """An agenda title as the subject of a sentence: "the report on {subject}"."""
    if title in TOPIC_SUBJECTS:
        return TOPIC_SUBJECTS[title]
    head, _sep, theme = title.partition(": progress of the task and finish work")
    if _sep:  # a task and finish group's own item, e.g. "Post-16 Transition: progress …"
        return "the " + " ".join(_word_case(w) for w in head.split()) + " work"
    first, space, rest = title.partition(" ")
    article = "the " if first in _TAKES_THE else ""
    return article + _word_case(first) + space + rest


@lru_cache(maxsize=8192)
def fitting(templates: tuple[str, ...], topic: str, own_group: str) -> tuple[str, ...]:
    """The ``templates`` that ``fits`` ``topic`` at a meeting of ``own_group`` (cached:
    a demo asks the same question for every action on an item)."""
    return tuple(t for t in templates if fits(t, topic, own_group))


def fits(template: str, topic: str, own_group: str) -> bool:
    """Whether ``template`` can take ``topic`` at a meeting of ``own_group`` (its name)
    without saying one thing twice or sending the group's work to the group itself."""
    words = template.lower()
    subject_words = topic.lower()
    if any(name in words and name in subject_words for name in _NAMED):
        return False
    return own_group.lower() not in words


UPDATES: Final = (
    "Draft circulated on {date}; comments received from {small} members.",
    "Meeting arranged with {service} for {date}.",
    "Work under way; figures expected by {month}.",
    "Discussed with the Chair on {date}; a revised draft is in preparation.",
    "Delayed by staff absence; new target {month}.",
    "Initial findings shared with the group; the full report will follow.",
    "Data requested from the SEN and Resources team on {date}.",
    "Partly done: {small} of the districts have responded so far.",
)

CLOSING_UPDATES: Final = (
    "Completed: paper circulated with the agenda for this meeting.",
    "Completed and reported to the group.",
    "Done: the information was circulated on {date}.",
    "Completed; see the item on this agenda.",
)

DROPPING_UPDATES: Final = (
    "No longer needed: superseded by the decision of {body}.",
    "Dropped: the work has been taken over by {service}.",
    "Closed by agreement; to be picked up in the implementation plan.",
)

RED_COMMENTS: Final = (
    "Overdue: awaiting data from the SEN and Resources team.",
    "Overdue: the officer leading this has left and the work needs reallocating.",
    "Behind schedule and blocking the draft policy document.",
)

AMBER_COMMENTS: Final = (
    "At risk: dependent on the Schools Funding Forum decision in {month}.",
    "Slipping: responses from districts slower than expected.",
    "At risk: key officer on leave until {month}.",
)

DECLARATION_NATURES: Final = (
    ("other_significant", "Headteacher of {school}, which is named in the report"),
    ("other_significant", "Governor of {school}"),
    ("voluntary", "A member of the family attends {school}"),
    ("voluntary", "Member of the management committee of a local parents' support charity"),
    ("disclosable_pecuniary", "Spouse is employed by a provider named in the report"),
)

EXEMPT_REASONS: Final = (
    (1, "information relating to an individual child"),
    (3, "information relating to the financial affairs of a particular provider"),
)

# --- recommendations (demo_recommendations) ------------------------------------------
# Slots as above, plus {group} (the raising group's name). A template is (title, text,
# rationale, tier); the tier is one of models.TIERS or None.

RecommendationTemplate = tuple[str, str, str, str | None]

# One bank per point of the working groups' shared remit, in the remit's order.
WORKING_RECOMMENDATIONS: Final[tuple[tuple[RecommendationTemplate, ...], ...]] = (
    (  # 1. the continuum of provision, 0 - 24
        (
            "A described continuum of provision for {need}, 0 to 24",
            "That the County publishes one description of the continuum of provision for "
            "children and young people with {need}, from the early years to the age of 24, "
            "saying what is available at each tier and how a child moves between tiers.",
            "Families and schools describe the present offer as fragmented: {percent}% of the "
            "{number} parents who answered the group's survey could not say what was "
            "available after the age of 16.",
            None,
        ),
        (
            "Post-16 pathways for young people with {need}",
            "That the continuum of provision for {need} includes named post-16 pathways with "
            "the further education colleges, so that no young person leaves school at 16 "
            "without a planned next step.",
            "{small} of the young people with {need} who left Year 11 last summer had no "
            "confirmed place in September; most of them live in {district} and {district2}.",
            "enhanced",
        ),
    ),
    (  # 2. the policy document
        (
            "Policy for {need}: consultation draft",
            "That the group's policy document for {need} is endorsed as the basis for "
            "consultation with schools, parents and carers, starting in {month}.",
            "The draft was prepared over {small} meetings with comments from the Parent/Carer "
            "Reference Group and {number} schools; it answers each point of the group's "
            "remit.",
            None,
        ),
    ),
    (  # 3. universal provision in mainstream schools
        (
            "Features of universal provision for {need} in mainstream schools",
            "That every mainstream school, PRU and Academy is expected to show the features "
            "of universal provision for {need} in the group's checklist, and that the "
            "checklist is part of each school's self-evaluation from {year}.",
            "Visits to {small} schools found good practice in {school} and others, but no "
            "shared expectation of what every school should offer.",
            "universal",
        ),
        (
            "Whole-school training on {need}",
            "That training on {need} becomes part of the induction of every new member of "
            "staff in mainstream schools, delivered in each district by {service}.",
            "{percent}% of SENCOs asked for training for teaching assistants and lunchtime "
            "staff; exclusions of pupils with {need} fell where schools had it.",
            "universal",
        ),
    ),
    (  # 4. enhanced provision
        (
            "Enhanced provision for {need} without waiting for a statement",
            "That mainstream schools receive additional input from {service} to deliver an "
            "enhanced level of provision for pupils with {need} at School Action Plus, "
            "without waiting for statutory assessment.",
            "Requests for statutory assessment for {need} rose by {percent}% in two years; "
            "many could have been met by earlier support in school.",
            "enhanced",
        ),
        (
            "District funding for enhanced provision",
            "That about £{money} a year of the SEN budget is devolved to district groups of "
            "schools to buy enhanced provision for {need}, with the results reported each "
            "year.",
            "Schools in {district} that pooled funding bought speech and language support "
            "for {number} pupils at a lower cost than the central service.",
            "enhanced",
        ),
    ),
    (  # 5. specialist provision within mainstream schools
        (
            "A specialist resourced unit for {need} in {district}",
            "That a specialist resourced unit for pupils with {need} opens in a mainstream "
            "school in {district}, with {small} places, on the model of the unit at {school}.",
            "{district} has no resourced provision for {need}; {number} pupils travel to "
            "other districts or are placed out of county.",
            "specialist_in_mainstream",
        ),
        (
            "Lead school status for schools with specialist units",
            "That mainstream schools with specialist units for {need} are given lead school "
            "status and share their expertise with the schools around them.",
            "The lead school evaluation found that units share little of their expertise; "
            "{school} showed what a lead school can do for its neighbours.",
            "specialist_in_mainstream",
        ),
    ),
    (  # 6. mapping each district, gaps, redistribution
        (
            "Closing the gaps in provision for {need} in {district} and {district2}",
            "That the gaps the group mapped in {district} and {district2} are closed by "
            "redistributing specialist teaching time between districts in proportion to "
            "need.",
            "The mapping found {percent}% fewer specialist teaching hours per pupil with "
            "{need} in {district} than the County average.",
            None,
        ),
        (
            "A district map of provision for {need}",
            "That the map of provision for {need} in every district is published for "
            "schools and families and kept up to date by the SEN and Resources team.",
            "Families in {district} said they learnt of provision near them only by chance.",
            None,
        ),
    ),
    (  # 7. specialist outreach
        (
            "An outreach service from special schools for {need}",
            "That each special school for {need} provides outreach to the mainstream schools "
            "of its district under a service level agreement, with {small} days a week of "
            "outreach staff time.",
            "Outreach from {school} supported {number} pupils in mainstream schools last "
            "year; {percent}% of them stayed in their school.",
            "outreach",
        ),
        (
            "Outreach hubs in every district",
            "That every district has an outreach hub for {need}, run by a special school "
            "with {service}, to which any mainstream school can refer.",
            "Outreach is offered in some districts and not others; schools in {district} "
            "have none within reach.",
            "outreach",
        ),
    ),
    (  # 8. criteria for access to specialist resourcing
        (
            "Criteria for access to specialist resourcing for {need}",
            "That places in special schools and specialist units for {need} are allocated "
            "against published criteria by a district panel meeting every {weeks} weeks.",
            "Placement decisions vary between districts; the group found {small} different "
            "sets of criteria in use.",
            "special_school",
        ),
        (
            "Special school places for {need} in {district}",
            "That the designation of {school} is widened to take pupils with {need}, adding "
            "{small} places from {year}.",
            "{number} pupils with {need} from {district} travel more than an hour each way "
            "to school.",
            "special_school",
        ),
    ),
    (  # 9. the independent and non-maintained sector
        (
            "Partnership with the independent and non-maintained sector for {need}",
            "That the County agrees a framework with independent and non-maintained schools "
            "for pupils with {need}, with agreed fees and outcomes, and reviews every "
            "out-county placement each year.",
            "Out-county placements for {need} cost about £{money} a year; fees for similar "
            "placements differ by up to {percent}%.",
            "independent_non_maintained",
        ),
        (
            "Bringing out-county placements for {need} back to the County",
            "That day places are developed in the County's own schools so that fewer pupils "
            "with {need} are placed in out-county day and residential schools.",
            "{number} pupils with {need} are placed out of county, {small} of them in "
            "residential schools more than fifty miles from home.",
            "independent_non_maintained",
        ),
    ),
)

# The Parent/Carer Reference Group's remit, point by point.
REFERENCE_RECOMMENDATIONS: Final[tuple[tuple[RecommendationTemplate, ...], ...]] = (
    (  # 1. assist the work of the Steering and Working Groups
        (
            "A parent/carer voice at every working group",
            "That each working group invites a member of the Parent/Carer Reference Group to "
            "every meeting, with papers sent a week before.",
            "Parents said that they learnt of the working groups' proposals too late to "
            "influence them.",
            None,
        ),
        (
            "A named key worker for every family",
            "That every family of a child with a statement of SEN has a named key worker who "
            "co-ordinates education, health and social care.",
            "{percent}% of the {number} families in the reference group's survey dealt with "
            "more than five professionals in a year.",
            None,
        ),
    ),
    (  # 2. inform the proposals, including funding proposals
        (
            "A plain-English guide to the funding proposals",
            "That the consultation on SEN funding includes a plain-English guide for parents "
            "and carers, and meetings in every district.",
            "The first consultation papers were written for schools; parents at the "
            "{district} event asked for a short guide.",
            None,
        ),
        (
            "Short breaks alongside specialist provision",
            "That the funding proposals protect short breaks for disabled children while "
            "specialist provision is reorganised.",
            "Families in {district} and {district2} rely on short breaks to keep their "
            "children in local schools.",
            None,
        ),
    ),
    (  # 3. make recommendations to the Steering Group
        (
            "Transition planning from Year 9",
            "That transition planning for young people with SEN starts in Year 9, with the "
            "young person and their family at the centre of it.",
            "Parents reported planning starting in Year 11 or later; {small} young people "
            "known to the group had no plan when they left school.",
            None,
        ),
        (
            "A single point of contact for parents in each district",
            "That each district has one telephone number and one named officer for parents' "
            "questions about SEN provision, with Parent Partnership Services.",
            "Parents in the survey had been passed between services an average of {small} "
            "times before they got an answer.",
            None,
        ),
    ),
)

# What the discussion of a recommendation adds to the minutes: at any meeting, and
# the lines only the Steering Group's or the reference group's minutes carry.
RECOMMENDATION_DISCUSSION: Final = (
    "Members asked how the proposal would work in rural districts such as {district}.",
    "A member asked how parents and carers would be told of the change.",
    "Members discussed the effect on schools in {district} and {district2}.",
    "Members asked for the outcomes to be reported after the first year.",
)
STEERING_DISCUSSION: Final = (
    "The Schools Finance Manager explained the costs set out in the paper.",
    "Members noted the views of the Parent/Carer Reference Group.",
    "Members asked how it fitted with the recommendations of the other working groups.",
)
WORKING_DISCUSSION: Final = (
    "Members welcomed the evidence from the survey of schools.",
    "Members went through the comments received from schools on the draft.",
)
REFERENCE_DISCUSSION: Final = (
    "Parents described their own experience of {topic}.",
    "Members agreed the wording with the Parent Partnership Services representative.",
)

FINANCIAL_IMPLICATIONS: Final = (
    "",
    "Met from within the existing SEN budget.",
    "About £{money} a year, met by redirecting part of the budget for {service}.",
    "One-off costs of about £{money} in {year}, to be put to the Schools Funding Forum.",
    "Savings of about £{money} a year from fewer out-county placements, after set-up "
    "costs in {year}.",
)

LEGAL_IMPLICATIONS: Final = (
    "",
    "None beyond the County's duties under the Education Act 1996 and the SEN Code of "
    "Practice (2001).",
    "Changing a school's designation needs a statutory notice and a period for representations.",
    "Parents' right to express a preference for a school, under Schedule 27 to the "
    "Education Act 1996, is not affected.",
)

EQUALITY_IMPLICATIONS: Final = (
    "",
    "An equality impact assessment has been completed; no adverse impact was found.",
    "An initial screening found a positive impact for disabled pupils; a full equality "
    "impact assessment will be done before a decision.",
    "Positive for disabled children and young people; the group looked at the effect on "
    "families in rural districts.",
)

DATA_PROTECTION_IMPLICATIONS: Final = (
    "",
    "",
    "No personal data is involved.",
    "Sharing information between schools and services will need a data sharing "
    "agreement; a privacy impact assessment is planned.",
)

REFERENCE_GROUP_VIEWS: Final = (
    "",
    "The Parent/Carer Reference Group supports the recommendation.",
    "The Parent/Carer Reference Group supports it and asks that parents are told in "
    "writing how places are allocated.",
    "The reference group supports the aim but is concerned about travel times for "
    "children in rural districts.",
    "The reference group welcomes it and asks to see the first year's results.",
)

REFERENCE_GROUP_OWN_VIEW: Final = (
    "Raised by the reference group after its meeting with parents in {district}."
)

REFERRAL_REASONS: Final = (
    "The Steering Group asked for the costs in each district before it considers the "
    "recommendation again.",
    "The Steering Group asked the group to show how it fits with the outreach proposals "
    "of the other working groups.",
    "The Steering Group asked the group to answer the reference group's concerns about "
    "travel times.",
    "The Steering Group asked for the criteria for access to be set out in full.",
)

DEFERRAL_REASONS: Final = (
    "The outcome of the Schools Funding Forum in {month} is awaited.",
    "The Schools Finance Manager's costings are awaited.",
    "There was not time to consider it fully; it will be taken at the next meeting.",
    "The outcome of the consultation with schools is awaited.",
)

AMENDMENT_NOTES: Final = (
    "Amended to start with a pilot in two districts before it is extended county-wide.",
    "Amended to include Academies and Pupil Referral Units.",
    "Amended so that the criteria are reviewed after one year.",
    "Amended to name {service} as the lead service.",
)

WITHDRAWAL_REASONS: Final = (
    "Another of the group's recommendations now covers it.",
    "The national SEN Green Paper changes the basis for it.",
    "The consultation with schools showed that it is not needed in this form.",
)

NOT_ENDORSED_REASONS: Final = (
    "The Steering Group considered that it duplicates provision already in place.",
    "The Steering Group considered that it could not be afforded within the budget.",
)

SMT_NOTES: Final = {
    "approved": ("", "Progress to be reported to the Strategy Steering Group."),
    "deferred": (
        "The outcome of the consultation on school funding is awaited.",
        "To be taken at a later meeting with the report on the high needs budget.",
    ),
    "rejected": ("It cannot be afforded within the current budget settlement.",),
    "noted": ("To be taken into account when the strategy is next reviewed.",),
}

IMPLEMENTATION_NOTES: Final = (
    "In place from {month}; the Project Lead reported on the first term.",
    "Implemented across the County from {month}.",
    "Implemented from {month}, first in {district} and then in the other districts.",
)

# How the minutes name each remit point that a recommendation answers.
WORKING_REMIT_PHRASES: Final = (
    "the continuum of provision",
    "the policy document",
    "universal provision in mainstream schools",
    "enhanced provision in mainstream schools",
    "specialist provision within mainstream schools",
    "provision in each district",
    "specialist outreach",
    "criteria for access to specialist resourcing",
    "partnership with the independent and non-maintained sector",
)

REFERENCE_REMIT_PHRASES: Final = (
    "assisting the Steering and Working Groups",
    "the funding proposals",
    "recommendations to the Steering Group",
)
