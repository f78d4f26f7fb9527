"""What a recommendation paper's "8. Consultation" says of the consultations (issue 15).

The recommendation paper's section 8 lists the bodies that considered the
recommendation and the Parent/Carer Reference Group's view; the Steering Group's
consultations add to it: each consultation that consulted on the recommendation (how
many responded, how many of them addressed this proposal), and each theme whose change
was to this recommendation ("you said, we did"). Sentences only, from core records, so
the paper builds them like its other paragraphs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sen_desktop.core.consultations.analysis import analyse
from sen_desktop.core.consultations.vocabulary import audience_words
from sen_desktop.core.dates import uk_date
from sen_desktop.core.words import listed
from sen_desktop.papers.text import one_line

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from sen_desktop.core.consultations.records import ConsultationDetail


def _responses(count: int) -> str:
    return "1 response" if count == 1 else f"{count} responses"


def sentences_for(detail: ConsultationDetail, recommendation_id: str) -> list[str]:
    """The paragraphs one consultation gives the recommendation's section 8."""
    summary = detail.summary
    out: list[str] = []
    documents = [d.id for d in detail.documents
                 if d.kind == "recommendation" and d.target_id == recommendation_id]
    asked = listed([audience_words(code).lower() for code in summary.audiences]
                    or ["no audience"])
    name = f"{one_line(summary.reference)} \u201c{one_line(summary.title)}\u201d"
    if documents:
        addressing = sum(1 for r in detail.responses if r.document_id in documents)
        out.append(
            f"It was consulted on in {name}, {uk_date(summary.opens_on)} to "
            f"{uk_date(summary.closes_on)}, with {asked}: "
            f"{_responses(len(detail.responses))}, {addressing} of them addressing this "
            "proposal."
        )
    counts = {c.label: c.count for c in analyse(detail).by_theme}
    for theme in detail.themes:
        if theme.change_kind == "recommendation" and theme.change_target_id == recommendation_id:
            did = " ".join(theme.we_did.split()) or "The recommendation was changed."
            out.append(
                f"You said ({name}): {one_line(theme.name)}, in "
                f"{_responses(counts.get(theme.name, 0))}. We did: {did}"
            )
    return out


def consultation_sentences(session_factory: sessionmaker[Session],
                           recommendation_id: str) -> tuple[str, ...]:
    """Section 8's sentences on the consultations about ``recommendation_id``."""
    from sen_desktop.core.consultations.reading import about_recommendation

    with session_factory() as s:
        found = about_recommendation(s, recommendation_id)
    return tuple(line for detail in found for line in sentences_for(detail, recommendation_id))


__all__ = ["consultation_sentences", "sentences_for"]
