"""Phrase banks for the demo programme (``demo.py``): names, places, minute prose.

Everything here is invented. The schools are fictional (their names borrow Kent place
names so that they read naturally next to the County's real districts); the people are
random pairs of common British first names and surnames. Templates use ``str.format``
slots that ``demo.py`` fills: {topic} (an agenda item's title, lower-cased), {need},
{district}, {district2}, {school}, {presenter}, {member}, {number}, {small}, {percent},
{weeks}, {month}, {money}, {year}, {service}, {body}, {date}.
"""

from __future__ import annotations

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
    ("Oakfield School", "special", "Maidstone"),
    ("Five Oaks School", "special", "Tunbridge Wells"),
    ("Harbour View School", "special", "Dover"),
    ("Stour Valley School", "special", "Canterbury"),
    ("Ridgeway School", "special", "Ashford"),
    ("Foreland Fields School", "special", "Thanet"),
    ("Meadowbank School", "special", "Swale"),
    ("Riverside School", "special", "Dartford"),
    ("Valence Park School", "special", "Sevenoaks"),
    ("Milestone Academy", "special", "Gravesham"),
    ("Bower Grove School", "special", "Maidstone"),
    ("Highview School", "special", "Shepway (now Folkestone and Hythe)"),
    ("Weald Community School", "special", "Tonbridge and Malling"),
    ("Sheppey Community Academy", "secondary", "Swale"),
    ("Cornwallis Academy", "secondary", "Maidstone"),
    ("Hugh Christie School", "secondary", "Tonbridge and Malling"),
    ("Orchards Academy", "secondary", "Sevenoaks"),
    ("Hartsdown Academy", "secondary", "Thanet"),
    ("Astor College", "secondary", "Dover"),
    ("Wilmington Academy", "secondary", "Dartford"),
    ("Northfleet School for Girls", "secondary", "Gravesham"),
    ("The North School", "secondary", "Ashford"),
    ("Spires Academy", "secondary", "Canterbury"),
    ("Brockhill Park School", "secondary", "Shepway (now Folkestone and Hythe)"),
    ("Skinners' Kent Academy", "secondary", "Tunbridge Wells"),
    ("Kingsnorth Primary School", "primary", "Ashford"),
    ("St Peter's Church of England Primary School", "primary", "Tunbridge Wells"),
    ("Holy Trinity Primary School", "primary", "Gravesham"),
    ("Loose Primary School", "primary", "Maidstone"),
    ("Minster in Sheppey Primary School", "primary", "Swale"),
    ("Garlinge Primary School", "primary", "Thanet"),
    ("River Primary School", "primary", "Dover"),
    ("Wincheap Primary School", "primary", "Canterbury"),
    ("Temple Hill Primary School", "primary", "Dartford"),
    ("Dunton Green Primary School", "primary", "Sevenoaks"),
    ("Hythe Bay Primary School", "primary", "Shepway (now Folkestone and Hythe)"),
    ("Snodland Primary School", "primary", "Tonbridge and Malling"),
    ("Hextable Primary School", "primary", "Sevenoaks"),
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
    "Kent Community Health NHS Trust",
    "NHS West Kent",
    "NHS Eastern and Coastal Kent",
    "Sussex Partnership NHS Foundation Trust (CAMHS)",
)

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
