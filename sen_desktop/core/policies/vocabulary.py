"""A policy document's stored codes and words, as plain tuples (no records, no ORM).

The Project Plan's Annex 1 asks each need dimension working group to "prepare and
provide a Policy document for the SEN dimension of need for approval by the Strategy
Steering Group, SMT and Members for consultation and publication". The sections are
issue 15's; the pathway is that sentence's, step by step.
"""

from __future__ import annotations

from typing import Final

#: The sections of every policy document, in the order they are printed.
SECTIONS: Final = ("purpose", "principles", "continuum", "criteria", "roles", "monitoring")

SECTION_TITLES: Final = {
    "purpose": "Purpose",
    "principles": "Principles",
    "continuum": "The continuum of provision",
    "criteria": "Criteria for access to specialist resourcing",
    "roles": "Roles and responsibilities",
    "monitoring": "Monitoring and review",
}

#: The pathway's steps, in the only order they can be taken (core/policies/pathway.py).
AGREED: Final = "agreed"
ENDORSED: Final = "endorsed"
SMT_APPROVED: Final = "smt_approved"
MEMBERS_APPROVED: Final = "members_approved"
CONSULTATION: Final = "consultation"
PUBLISHED: Final = "published"
STEPS: Final = (AGREED, ENDORSED, SMT_APPROVED, MEMBERS_APPROVED, CONSULTATION, PUBLISHED)

#: The stage of a version no step has moved yet: the working copy.
DRAFT: Final = "draft"
STAGES: Final = (DRAFT, *STEPS)

STAGE_LABELS: Final = {
    DRAFT: "Draft",
    AGREED: "Agreed by the working group",
    ENDORSED: "Endorsed by the Steering Group",
    SMT_APPROVED: "Approved by SMT",
    MEMBERS_APPROVED: "Approved by Members",
    CONSULTATION: "Out to consultation",
    PUBLISHED: "Published",
}

#: What the button that takes each step says.
STEP_ACTIONS: Final = {
    AGREED: "Record: agreed by the working group",
    ENDORSED: "Record: endorsed by the Steering Group",
    SMT_APPROVED: "Record: approved by SMT",
    MEMBERS_APPROVED: "Record: approved by Members",
    CONSULTATION: "Record: out to consultation",
    PUBLISHED: "Record: published",
}

#: Steps a chair approves, and so signs (docs/TRUST.md "Chairs"), as a recommendation's
#: endorsement and approvals are; the working group's agreement (recorded at its meeting,
#: as a recommendation's is), the consultation and publication are recorded unsigned.
#: A signed step counts only once its signature verifies (core/policies/pathway.py).
SIGNED_STEPS: Final = frozenset({ENDORSED, SMT_APPROVED, MEMBERS_APPROVED})

#: Who takes each step: "group" (the policy's working group), "steering" (the Steering
#: Group it reports to), or the code of a body beyond the groups (core/programme/data.py).
DECIDERS: Final = {
    AGREED: "group",
    ENDORSED: "steering",
    SMT_APPROVED: "SMT",
    MEMBERS_APPROVED: "Members",
    CONSULTATION: "steering",
    PUBLISHED: "steering",
}

MAX_TITLE: Final = 300
MAX_SECTION: Final = 40_000
MAX_COMMENT: Final = 4000
MAX_NOTE: Final = 2000
MAX_MINUTE: Final = 20
