"""What a recommendation paper's "8. Consultation" says of the consultations (issue 15):
each consultation that consulted on the recommendation, with how many responses
addressed it, and each theme whose change was to it ("you said, we did"); nothing for a
recommendation no consultation names."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sen_desktop.core.consultations.records import ConsultationFields, ResponseFields
from sen_desktop.core.consultations.service import ConsultationService
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.store.models import Recommendation
from sen_desktop.papers.consultation_section import consultation_sentences

if TYPE_CHECKING:
    from sen_desktop.papers.output import PaperServices


def test_section_8_names_the_consultation_and_what_it_changed(
    services: PaperServices
) -> None:
    sf = services.session_factory
    with sf.begin() as s:
        bands = Recommendation(reference="SG-3", group_id=group_id("SG"), title="Bands")
        other = Recommendation(reference="SG-4", group_id=group_id("SG"), title="Other")
        s.add_all([bands, other])
        s.flush()
        bands_id, other_id = bands.id, other.id
    service = ConsultationService(sf)
    made = service.create(ConsultationFields(
        "SEN funding options for schools", ("schools", "academies"), dt.date(2010, 10, 4),
        dt.date(2010, 11, 26)))
    document = service.add_document(made.id, "recommendation", bands_id).id
    theme = service.add_theme(made.id, "Funding bands").id
    service.record_change(theme, "Three bands, not seven.", "recommendation", bands_id)
    service.add_responses(made.id, [
        ResponseFields("schools", "Too many bands.", themes=(theme,), document_id=document),
        ResponseFields("schools", "Fine.", themes=(theme,)),
        ResponseFields("academies", "No view."),
    ])
    assert consultation_sentences(sf, bands_id) == (
        "It was consulted on in C1 \u201cSEN funding options for schools\u201d, 4 October "
        "2010 to 26 November 2010, with schools and academies: 3 responses, 1 of them "
        "addressing this proposal.",
        "You said (C1 \u201cSEN funding options for schools\u201d): Funding bands, in 2 "
        "responses. We did: Three bands, not seven.",
    )
    assert consultation_sentences(sf, other_id) == ()
    service.remove(made.id)
    assert consultation_sentences(sf, bands_id) == ()
