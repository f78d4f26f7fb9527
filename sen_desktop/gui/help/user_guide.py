"""The user guide shown by Help ▸ User guide (F1): a short page per task.

Kept as Python text rather than a file under resources/ so it travels with the code that
it describes, in every build, with nothing to package. Shortcuts are never written out:
``{name}`` stands for the menu action ``name`` of ``gui/shell/menus.py`` (or a menu action whose
object name is ``action_<name>``) and is filled in with that action's keys when shown, so
the guide cannot drift from the menus (tests/gui/help/test_help.py fails on a name that is not
an action).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable


@dataclass(frozen=True)
class GuideSection:
    key: str
    title: str
    body: str  # Markdown, with {action} placeholders


SECTIONS: tuple[GuideSection, ...] = (
    GuideSection("start", "Finding your way", """
The list on the left holds every page; the page you choose fills the rest of the window.
Groups sit under **Groups**, in the order of the Project Plan.

- **Go to a page**: the **Go** menu, or Ctrl and a number: {go_home} Home (your
  meetings, actions and recommendations), {go_groups} Groups, {go_meetings} Meetings,
  {go_minutes} Minutes, {go_actions} Action Log, {go_recommendations} Recommendations,
  {go_plan} Action Plan, {go_people} People, {go_sync} Exchange.
- **Move between the panes**: {next_pane} moves from the list to the page, then to the
  search box, and round again; {previous_pane} goes back.
- **In the list**, type the first letters of a page or group ("BE" for the BESD Working
  Group) to jump to it, or use the arrow keys.
- **Search** ({find}) finds words in the minutes, resolutions, actions and
  recommendations of every group. Press Down to reach the results and Enter to open one.
- **Undo** ({undo}) takes back the last change on the page, including typing in the
  minutes.
- Every command is in a menu with its keys beside it; {shortcuts} lists them all.
- **The first time** SEN Secretariat opens on a laptop it asks who uses it (name, role,
  the groups you support) and can take you straight to joining the programme's exchange.
  Your answers shape **Home** ({go_home}): today's and the next meetings of your groups,
  the actions due this week, the recommendations waiting for you and the milestones at
  risk.
- **Settings…** ({settings}) changes them later, and holds the programme's settings that
  every laptop shares: the authority's name on the papers, the districts, and the wording
  that confirms the previous meeting's minutes.
- The Action Plan arrives with the Project Plan's 2010–11 milestones, shown as **Project
  Plan's dates** (never "late") until the programme gives each its own dates or status.
"""),
    GuideSection("group", "Set up a group", """
Each group arrives with the seats the Project Plan gives it, all **Vacant** at first.

1. Choose the group in the list on the left.
2. Choose a seat and press **Appoint…** ({appoint}), or press Enter on a vacant seat.
3. Choose the person. Someone not yet on file is added with **New person…** in the same
   form: their name, job title, organisation, email and phone.
4. Give the date the appointment starts. Where the Project Plan sets a condition for the
   seat, tick the box if the person meets it; the group's page says whether each
   condition is met.
5. **Seat role…** marks the chair's and vice-chair's seats.

When someone leaves, choose their seat and press **End appointment…** ({end_appointment})
with the date it ends: the seat shows as vacant again, and their past appointment and
attendance stay on record.
Everyone the programme knows is on the **People** page, where **New person…**
({new_person}) and **Edit person…** ({edit_person}) keep their details; choosing a person
shows their seats and their attendance record.
"""),
    GuideSection("minutes", "Take minutes", """
**Before the meeting** (the **Meetings** page):

1. **Schedule meeting…** ({schedule_meeting}): the group, the date, the start and end
   times and the venue. The meeting starts with the standard agenda, and the members
   expected come from the group's seats on that day.
2. **Add agenda item…** ({add_agenda_item}) for each item of business; **Move item up**
   ({move_item_up}) and **Move item down** ({move_item_down}) put them in order.

**On the day**, under **Attendance**, choose each member and press **Present** (Alt+N),
**Apologies** (Alt+S) or **Absent** (Alt+B), or **Mark substitute…** (Alt+K) for someone
attending in their place; **Add anyone else…** (Alt+Y) adds an officer or a guest. The
line beneath says whether the meeting is quorate.

**During the meeting** press **Minutes** on the Meetings page (or go to the Minutes page):

- Type what was said in **Discussion**. It is saved within a second of each pause; the
  page says so, and says plainly if a save has to be tried again.
- {next_item} and {previous_item} move to the next and previous agenda item.
- {new_resolution} adds a "RESOLVED that" point to the item.
- {new_minute_action} raises an action at the item: type what is to be done, Tab to the
  owner, Tab to the date it is due, then Enter to save it (Esc to drop it).
- {undo} takes back the last change, typing included.

**After the meeting**, on the Meetings page, the button under the meeting's details moves
it on: **Mark as held**, then **Minutes in draft**, **Minutes checked by the chair** and
**Circulate minutes**. At the next meeting, **Confirm previous minutes** records that they
were a correct record; confirmed minutes can no longer be changed. A meeting that will not
take place is cancelled with **Cancel meeting…** ({cancel_meeting}).

Actions raised between meetings are added on the **Action Log** with **New action…**
({new_action}); **Record progress update…** ({record_update}) notes how each is going.
"""),
    GuideSection("decision", "Record a decision", """
Recommendations go from the working group that drafts them to the Steering Group, then to
SMT and Members. The **Recommendations** page shows where each one has got to.

1. **New recommendation…** ({new_recommendation}) drafts one for a group.
2. **Put on agenda of…** places it on a meeting's agenda, so the minutes of that item
   consider it.
3. At the meeting, on that item of the minutes (or with the recommendation chosen on the
   Recommendations page), **Record decision…** ({record_decision}) records what the
   meeting decided: only the steps its present state allows are offered. Choose who
   decided and add a note where needed.

An endorsement or approval by a chair counts once it is **signed on the chair's own
laptop**, the one the programme lead certified for that body. On that laptop the form
offers to sign; elsewhere the decision is recorded unsigned and **Sign as chair…** on the
Recommendations page lets the chair sign it later.
"""),
    GuideSection("papers", "Export papers", """
**Export to Word…** ({export_word}) writes the paper for the page on show, in the County's
house style:

- on the **Meetings** or **Minutes** page: that meeting's minutes;
- on a **group's** page: the group's action log;
- on the **Action Log**: the log of the group it is filtered to, or of every group;
- on the **Recommendations** page: the chosen recommendation's paper.

Where a paper has confidential (exempt) items you are asked for the public or the
confidential version. Choose where to save it; the message that follows can open it in
Word.

**Make a pack of papers…** ({make_pack}) puts several papers behind one cover with a
contents page, for SMT, Cabinet or a group: give the title, who it is for and the meeting
date, then choose the papers and their order.
"""),
    GuideSection("exchange", "Exchange changes", """
Each secretary, chair and the programme lead keeps their own copy of the programme.
Changes travel between laptops as **bundle** files (`.senbundle`), on a USB stick or as an
email attachment, from the **Exchange** page or menu.

**Joining, once per laptop:**

1. **Join or start the programme…** ({join_programme}). The programme lead starts the
   programme on their laptop once; every other laptop chooses **Join the programme…**,
   gives its name ("BESD secretary") and saves a request file for the lead.
2. The lead admits the laptop and sends back a certificate file, which says which groups
   it may read and write.
3. Open the certificate. Compare the **fingerprint** shown with the one on the lead's
   screen, group by group; join only if every group matches.

**Sending and receiving:**

- **Export for…** ({export_bundle}) writes everything another laptop has not yet had
  from the groups it may read, locked so only that laptop can open it.
- **Import bundle…** ({import_bundle}) checks who sent it, shows what it would change,
  and applies it all or nothing. Importing the same bundle twice changes nothing.
- When two people changed the same text apart, both versions are kept and listed on the
  **Conflicts** page, side by side with a merged suggestion to edit.
"""),
    GuideSection("policy", "Draft a policy document", """
Each need dimension working group prepares a policy document for its dimension of need
(the Project Plan's remit), taken to the Steering Group, SMT and Members, out to
consultation and published. Open **Policy documents** in the list on the left.

1. Choose the group's row and press Enter. A group without one: **Start the group's
   policy**; its criteria section starts from the group's agreed criteria for access.
2. Type in the six sections of the **draft**. What you type is saved as you go ("All
   changes saved" beside the version).
3. **Comments** (Alt+M): members' comments on a section of the version shown.
4. **Next step** records the step the version takes next -- agreed by the working group,
   endorsed by the Steering Group, approved by SMT, approved by Members, out to
   consultation, published -- with the meeting, minute and note. The first step freezes
   the version: to change the policy after that, choose **New draft**, which copies it.
5. A chair's approval is signed on the chair's certified laptop: choose **Sign as chair**
   in the step's form, or later on the **Pathway** tab (Alt+Y), **Sign the chosen step as
   chair…**. A step not signed says "Not signed by the chair".
6. **Compare versions side by side** shows each section of two versions: words taken out
   are struck through, words put in underlined and bold.
7. **Export to Word…** writes the version shown; one out to consultation says
   CONSULTATION DRAFT at the top of every page. On the command line: `sen-desktop paper
   policy --group BESD [--version 2] --out policy.docx`.
"""),
    GuideSection("consult", "Run a consultation", """
The Steering Group plans and oversees the consultation process. The **Consultations** page
lists its consultations, each saying in words whether it is open, opens later or has closed.

1. **New consultation…** gives its title, who it asks (schools, parents and carers, health,
   the voluntary sector, academies, social care, young people, others), the days it opens
   and closes and its purpose. On the **Details** tab, **Add document consulted on…** names
   the policy versions, recommendations or papers it asks about, and **Add event…** records
   each meeting held for it, with its venue, district and attendance.
2. On the **Responses** tab, type each response in the row of boxes under the table, in
   order: who responded, district, response, themes (names separated by ;), the proposal it
   addresses, organisation and contact details. **Enter** records it and starts the next.
   Enter on a response in the table brings it back into the row to correct it (Escape leaves
   it as it was); Delete removes it. **Import responses from CSV…** reads a spreadsheet saved
   as CSV: it shows what it will import and says in a sentence why each refused row was
   refused; nothing is written until you choose **Import**.
3. On the **Themes and counts** tab, add the themes the responses raise, see the responses
   counted by audience, district and theme, and, with a theme chosen, **You said, we did…**
   records what changed because of it: a recommendation amended or a section of a policy.

**Export report to Word…** writes the consultation report. Respondents' names, email
addresses and phone numbers go only to laptops allowed contact details, never to the
Parent/Carer Reference Group's, and are never printed in the report.
"""),
    GuideSection("help", "Getting help", """
- {shortcuts} lists every keyboard shortcut; {user_guide} opens this guide at the task
  of the page you are on.
- Most buttons and boxes say what they do when you rest the mouse on them.
- **About SEN Secretariat** (Help menu) shows the version and this laptop's data folder:
  the database and, unless **Settings…** ({settings}) names other folders, its backups
  (compressed: a week of daily copies, four weekly ones, within the space Settings
  allows) and any replacement templates for the papers.
- **Restore from backup…** (File menu) goes back to one of those backups: choose it in the
  list (newest first, with when each was taken and its size); the program keeps the
  database in use aside, puts the backup in its place and opens it again. Changes other
  laptops sent since come back with their next bundles; changes made on this laptop
  since the backup and never exported are lost, so export a bundle soon after.
- For anything this guide does not answer, ask your programme lead.
"""),
)

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def placeholders() -> set[str]:
    """Every action name the guide refers to."""
    return {name for section in SECTIONS for name in _PLACEHOLDER.findall(section.body)}


def render(section: GuideSection, keys: Callable[[str], str]) -> str:
    """The section's Markdown with each ``{name}`` replaced by ``keys(name)``."""
    return _PLACEHOLDER.sub(lambda match: keys(match.group(1)), section.body).strip()
