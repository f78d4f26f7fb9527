"""The sentences of a recommendation's decision report, from its ``RecommendationData``:
the pathway lines with each decision's note (what was asked, the reasons, the
amendments), the summary, the points the body is asked to agree, the options and the
exempt-appendix wording (docs/formats.md, "Recommendation paper").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from sen_desktop.core.dates import long_date, uk_date
from sen_desktop.core.recommendations import states as rs
from sen_desktop.core.recommendations.records import (
    TIER_LABELS,
    FutureStep,
    PathwayStep,
    RecommendationRecord,
)
from sen_desktop.papers.text import one_line, paragraphs_of

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sen_desktop.papers.recommendation_data import RecommendationData

SCHEDULE_12A_TEXT: Final = "of Part 1 of Schedule 12A to the Local Government Act 1972"
DATE_TO_BE_FIXED: Final = "date to be confirmed"
APPENDIX: Final = "Appendix A"
SUMMARY_LIMIT: Final = 400  # characters of the recommendation in the front sheet's summary
TO_DASH: Final = " – "  # "Cabinet – 8 September 2010" (docs/formats.md)

# What a body did, as a sentence says it: "the Strategy Steering Group <did> it".
_DID: Final = {
    rs.T_AGREED: "agreed",
    rs.T_SUBMITTED_TO_SG: "submitted it to the Steering Group",
    rs.T_ENDORSED: "endorsed",
    rs.T_ENDORSED_WITH_AMENDMENTS: "endorsed with amendments",
    rs.T_REFERRED_BACK: "referred back to the working group",
    rs.T_DEFERRED: "deferred",
    rs.T_NOT_ENDORSED: "did not endorse",
    rs.T_SUBMITTED_TO_SMT: "submitted it to SMT and Members",
    rs.T_APPROVED: "approved",
    rs.T_APPROVED_WITH_AMENDMENTS: "approved with amendments",
    rs.T_REJECTED: "rejected",
    rs.T_NOTED: "noted",
    rs.T_IMPLEMENTED: "reported as implemented",
    rs.T_WITHDRAWN: "withdrew",
}
# How a decision's note is introduced.
_NOTE_LEADS: Final = {
    rs.T_REFERRED_BACK: "It asked the working group",
    rs.T_ENDORSED_WITH_AMENDMENTS: "The amendments",
    rs.T_APPROVED_WITH_AMENDMENTS: "The amendments",
    rs.T_NOT_ENDORSED: "The reason given",
    rs.T_REJECTED: "The reason given",
    rs.T_DEFERRED: "The reason given",
    rs.T_WITHDRAWN: "The reason given",
}


# --- words ---------------------------------------------------------------------------


def the(name: str) -> str:
    """ "the Steering Group": body and group names read with the article."""
    return name if name.casefold().startswith("the ") else f"the {name}"


def capital(text: str) -> str:
    return f"{text[:1].upper()}{text[1:]}"




def note_text(step: PathwayStep) -> str:
    return " ".join(paragraphs_of(step.note))


def minute_text(step: PathwayStep) -> str:
    return f"minute {one_line(step.minute_number)}" if step.minute_number else ""


def past_pathway_lines(past: Sequence[PathwayStep]) -> list[str]:
    """ "Strategy Steering Group, 2 November 2010: Referred back (minute 12). It asked the
    working group: Cost it first." — each body's decision with its note."""
    lines = []
    for step in past:
        line = f"{one_line(step.body)}, {uk_date(step.date)}: {step.outcome}"
        if step.minute_number:
            line += f" ({minute_text(step)})"
        note = note_text(step)
        if note:
            line += f". {_NOTE_LEADS.get(step.transition, 'Note')}: {note}"
        lines.append(line)
    return lines


def decision_sentence(step: PathwayStep) -> str:
    """ "On Tuesday 2 November 2010 the Strategy Steering Group referred the
    recommendation back to the working group (minute 12). It asked the working group:
    “Cost it first.”" """
    did = _DID.get(step.transition, step.outcome.lower())
    body = the(one_line(step.body))
    if did.endswith(" it to the Steering Group") or did.endswith(" it to SMT and Members"):
        text = f"On {long_date(step.date)} {body} {did}"
    elif step.transition == rs.T_REFERRED_BACK:
        text = (
            f"On {long_date(step.date)} {body} referred the recommendation back to the "
            "working group"
        )
    elif step.transition == rs.T_IMPLEMENTED:
        text = f"On {long_date(step.date)} the recommendation was reported as implemented"
    elif step.transition == rs.T_WITHDRAWN:
        text = f"On {long_date(step.date)} the recommendation was withdrawn"
    elif step.transition == rs.T_NOT_ENDORSED:
        text = f"On {long_date(step.date)} {body} did not endorse the recommendation"
    else:
        text = f"On {long_date(step.date)} {body} {did.split(' with ')[0]} the recommendation"
        if " with " in did:
            text += " with amendments"
    if step.minute_number:
        text += f" ({minute_text(step)})"
    text += "."
    note = note_text(step)
    if note:
        text += f" {_NOTE_LEADS.get(step.transition, 'Its note')}: “{note}”"
    return text


def future_pathway_lines(future: Sequence[FutureStep]) -> list[str]:
    """ "Steering Group, to endorse: 2 November 2010" (or "date to be confirmed")."""
    lines = []
    for step in future:
        when = uk_date(step.date) if step.date is not None else DATE_TO_BE_FIXED
        lines.append(f"{one_line(step.body)}, {step.purpose}: {when}")
    return lines


def to_text(data: RecommendationData) -> str:
    """ "Cabinet – date to be confirmed", "Strategy Steering Group – 2 November 2010"."""
    when = uk_date(data.to_date) if data.to_date is not None else DATE_TO_BE_FIXED
    return f"{data.to_body}{TO_DASH}{when}"


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def electoral_division(record: RecommendationRecord) -> str:
    """ "All", or the districts named as districts: a district is not an electoral
    division, so the divisions are those within it."""
    if record.county_wide:
        return "All"
    districts = [one_line(d) for d in record.districts]
    noun = "district" if len(districts) == 1 else "districts"
    return f"The divisions in the {_and(districts)} {noun}"


def statement(record: RecommendationRecord) -> list[str]:
    return paragraphs_of(record.text)


def outcome_phrase(step: PathwayStep) -> str:
    """ "the Senior Management Team rejected recommendation PD-R1 on 5 May 2011"."""
    did = _DID.get(step.transition, step.outcome.lower())
    body = the(one_line(step.body))
    when = uk_date(step.date)
    if step.transition == rs.T_WITHDRAWN:
        return f"the recommendation was withdrawn on {when}"
    if step.transition == rs.T_IMPLEMENTED:
        return f"the recommendation was reported as implemented on {when}"
    if step.transition == rs.T_NOT_ENDORSED:
        return f"{body} did not endorse the recommendation on {when}"
    verb, _, rest = did.partition(" with ")
    amended = " with amendments" if rest else ""
    return f"{body} {verb} the recommendation{amended} on {when}"


def summary_text(data: RecommendationData) -> str:
    """The short summary under FOR DECISION / FOR INFORMATION."""
    record = data.record
    group = the(one_line(record.group_name))
    title = one_line(record.title)
    first = (statement(record) or [""])[0]
    if first.casefold().startswith("that "):
        first = f"It recommends that {first[5:]}"
    if len(first) > SUMMARY_LIMIT:
        first = first[:SUMMARY_LIMIT].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    if data.for_decision:
        lead = (
            f"This report asks {the(data.to_body)} to {data.verb} recommendation "
            f"{record.reference} of {group}, “{title}”."
        )
    else:
        lead = (
            f"This report informs {the(data.to_body)} of recommendation "
            f"{record.reference} of {group}, “{title}”."
        )
    parts = [lead, first] if first else [lead]
    referred = [s for s in data.past if s.transition == rs.T_REFERRED_BACK]
    if data.for_decision and referred and note_text(referred[-1]):
        step = referred[-1]
        parts.append(
            f"{capital(the(one_line(step.body)))} referred it back on {uk_date(step.date)}, "
            f"asking the group: “{note_text(step)}”"
        )
    decision = data.decision
    if decision is not None:
        sentence = capital(outcome_phrase(decision)) + "."
        note = note_text(decision)
        if note:
            sentence += f" {_NOTE_LEADS.get(decision.transition, 'Its note')}: “{note}”"
        parts.append(sentence)
    return " ".join(p.strip() for p in parts if p.strip())


def amended_by(data: RecommendationData) -> list[PathwayStep]:
    return [s for s in data.past if s.transition in rs.AMENDING_TRANSITIONS]


def recommendation_points(data: RecommendationData) -> list[str]:
    """The points after "The <body> is asked to:" — (a), (b) … in order. The
    recommendation is cited by reference and title, its words being in section 3, so a
    point never reads "endorse the recommendation that … is endorsed"."""
    record = data.record
    group = the(one_line(record.group_name))
    title = one_line(record.title)
    points: list[str] = []
    decision = data.decision
    if data.for_decision:
        cited = f"recommendation {record.reference} of {group}, “{title}”, set out in section 3"
        amended = amended_by(data)
        if amended:
            step = amended[-1]
            cited += f", as amended by {the(one_line(step.body))} on {uk_date(step.date)}"
        points.append(f"{data.verb} {cited}")
        points.append(
            "note the financial, legal, equalities and data protection implications set "
            "out in sections 4 to 7 of this report"
        )
    elif decision is not None:
        points.append(f"note that {outcome_phrase(decision)}, as set out in section 2")
    else:
        points.append(f"note recommendation {record.reference} of {group}, “{title}”")
    ended = [p.rstrip().rstrip(";.") for p in points]
    return [f"{p};" for p in ended[:-1]] + [f"{ended[-1]}."]


def asked_to(data: RecommendationData) -> str:
    return f"The {data.to_body.removeprefix('the ').removeprefix('The ')} is asked to:"


def cited_exemption(data: RecommendationData) -> str:
    cited = data.exempt_paragraphs
    if not cited:
        return "exempt information"
    noun = "paragraph" if len(cited) == 1 else "paragraphs"
    numbers = ", ".join(str(p) for p in cited)
    return f"exempt information under {noun} {numbers} {SCHEDULE_12A_TEXT}"


def withheld_text(data: RecommendationData) -> str:
    """What the public version says where the exempt appendix holds the text."""
    return f"See {APPENDIX}, which is not for publication: it contains {cited_exemption(data)}."


def classification_value(data: RecommendationData, confidential: bool) -> str:
    if confidential:
        return f"Restricted — {APPENDIX} not for publication: {restricted_reason(data)}"
    if data.has_exempt:
        return f"Unrestricted, except {APPENDIX} (exempt: not for publication)"
    return "Unrestricted"


def restricted_reason(data: RecommendationData) -> str:
    reason = cited_exemption(data)
    if data.exempt_reasons:
        reason = f"{'; '.join(data.exempt_reasons)} ({reason})"
    return reason


def do_nothing_option(record: RecommendationRecord) -> str:
    """Option 2, from what the recommendation records; plain where it records nothing."""
    where = "" if record.county_wide else f" in {_and([one_line(d) for d in record.districts])}"
    parts = []
    if record.remit:
        names = [f"“{one_line(point.text)}”" for point in record.remit]
        noun = "point" if len(names) == 1 else "points"
        parts.append(f"the group's remit {noun} {_and(names)} would be left unanswered")
    if record.tier:
        tier = TIER_LABELS.get(record.tier, record.tier)
        need = f" for {one_line(record.dimension)}" if record.dimension else ""
        parts.append(f"provision at the tier “{tier}”{need}{where} would continue as it is now")
    elif record.dimension:
        dimension = one_line(record.dimension)
        parts.append(f"provision for {dimension}{where} would continue as it is now")
    if not parts:
        return (
            "Option 2: do nothing. The present arrangements would continue; the group "
            "recorded no assessment of this option."
        )
    return f"Option 2: do nothing. {capital(_and(parts))}."


def adopt_option(data: RecommendationData) -> str:
    """Option 1, ending with where it stands: recommended while undecided, else decided."""
    record = data.record
    amended = amended_by(data)
    text = f"Option 1: adopt recommendation {record.reference}, “{one_line(record.title)}”"
    text += ", as amended (section 2)." if amended else ", as proposed."
    decision = data.decision
    if decision is None:
        return f"{text} This is recommended."
    return f"{text} {capital(outcome_phrase(decision))}."


