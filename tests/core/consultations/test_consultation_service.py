"""Consultations (issue 15): the Steering Group's consultation with its documents,
events, themes and responses; each rule broken is one sentence beside its field, and
the analysis counts responses by audience, district and theme."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from sen_desktop.core.consultations.analysis import NO_DISTRICT, NO_THEME, analyse
from sen_desktop.core.consultations.records import (
    CLOSED,
    NOT_YET_OPEN,
    OPEN,
    ConsultationFields,
    ResponseFields,
)
from sen_desktop.core.consultations.service import ConsultationService
from sen_desktop.core.errors import NotFoundError, ValidationError
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.store.models import Consultation, Group, Recommendation

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker
    from store_helpers import Store

SCHOOLS = ConsultationFields(
    title="SEN funding options for schools",
    audiences=("schools", "Academies"),
    opens_on=dt.date(2010, 10, 4),
    closes_on="26/11/2010",
    purpose="To ask schools which funding option they prefer.",
)


@pytest.fixture
def sf(store: Store) -> sessionmaker[Session]:
    return store.session_factory


@pytest.fixture
def service(sf: sessionmaker[Session]) -> ConsultationService:
    return ConsultationService(sf)


def recommendation(sf: sessionmaker[Session]) -> str:
    with sf.begin() as s:
        row = Recommendation(reference="BESD-4", group_id=group_id("BESD"),
                             title="Outreach in Dover")
        s.add(row)
        s.flush()
        return row.id


def test_a_consultation_belongs_to_the_steering_group_and_says_whether_it_is_open(
    service: ConsultationService, sf: sessionmaker[Session]
) -> None:
    made = service.create(SCHOOLS)
    assert (made.reference, made.audiences) == ("C1", ("schools", "academies"))
    assert made.closes_on == dt.date(2010, 11, 26)
    with sf() as s:
        row = s.get(Consultation, made.id)
        assert row is not None
        assert s.scalars(select(Group.kind).where(Group.id == row.group_id)).one() == "steering"
    assert made.state(dt.date(2010, 10, 1)) == NOT_YET_OPEN
    assert made.state(dt.date(2010, 11, 26)) == OPEN
    assert made.state_words(dt.date(2010, 11, 27)) == "Closed on 26 November 2010"
    assert made.state(dt.date(2010, 11, 27)) == CLOSED
    assert made.audience_text == "Schools, Academies"
    second = service.create(ConsultationFields("Partners", ("health",), "15/11/2010",
                                               "18/3/2011"))
    assert second.reference == "C2"
    assert [c.reference for c in service.list_consultations()] == ["C1", "C2"]
    assert service.by_reference("c2").summary.title == "Partners"


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        (ConsultationFields(" ", ("schools",), "1/10/2010", "2/10/2010"), "title",
         "Enter the consultation's title."),
        (ConsultationFields("T", (), "1/10/2010", "2/10/2010"), "audiences",
         "Tick at least one audience the consultation asks."),
        (ConsultationFields("T", ("governors",), "1/10/2010", "2/10/2010"), "audiences",
         "governors is not an audience; choose from Schools, Parents and carers"),
        (ConsultationFields("T", ("schools",), "1/11/2010", "2/10/2010"), "closes_on",
         "The consultation must close on or after the day it opens (1 November 2010)."),
        (ConsultationFields("T", ("schools",), "", "2/10/2010"), "opens_on",
         "Enter the day the consultation opens."),
    ],
)
def test_a_consultation_breaking_a_rule_is_refused_in_one_sentence(
    service: ConsultationService, fields: ConsultationFields, field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        service.create(fields)
    assert caught.value.field == field
    assert caught.value.message.startswith(words)
    assert service.list_consultations() == []


def test_a_reference_is_unique(service: ConsultationService) -> None:
    service.create(SCHOOLS)
    with pytest.raises(ValidationError, match="Another consultation has the reference C1"):
        service.create(ConsultationFields("Again", ("schools",), "1/10/2010", "2/10/2010",
                                          reference="c1"))
    with pytest.raises(NotFoundError, match=r"no consultation with the reference C9 \(consul"):
        service.by_reference("C9")


def test_documents_events_and_themes(service: ConsultationService,
                                     sf: sessionmaker[Session]) -> None:
    consultation = service.create(SCHOOLS).id
    rec = recommendation(sf)
    document = service.add_document(consultation, "recommendation", rec)
    assert document.words == "Recommendation: BESD-4 Outreach in Dover"
    with pytest.raises(ValidationError, match="already a document of this consultation"):
        service.add_document(consultation, "recommendation", rec)
    with pytest.raises(ValidationError, match="That paper is no longer in the register"):
        service.add_document(consultation, "paper", "nope")
    event = service.add_event(consultation, "20/10/2010", "Ashford International Hotel",
                              "ashford", "1,064")
    assert (event.district, event.attendance, event.attendance_words) == (
        "Ashford", 1064, "1064 people")
    with pytest.raises(ValidationError, match="Enter the attendance as a whole number") as e:
        service.add_event(consultation, "20/10/2010", "Hall", "", "lots")
    assert e.value.field == "attendance"
    with pytest.raises(ValidationError, match="Kent is not one of the programme's districts"):
        service.add_event(consultation, "20/10/2010", "Hall", "Kent")
    theme = service.add_theme(consultation, "Transitional protection")
    with pytest.raises(ValidationError, match="already has the theme transitional protection"):
        service.add_theme(consultation, "transitional protection")
    changed = service.record_change(theme.id, "Protection over two years.", "recommendation",
                                    rec)
    assert changed.change_words == "Recommendation BESD-4 Outreach in Dover"
    with pytest.raises(ValidationError, match="Choose the section of the policy"):
        service.record_change(theme.id, "Changed.", "policy_section", rec, "nonsense")
    with pytest.raises(ValidationError, match="Say what was done") as e:
        service.record_change(theme.id, " ", "recommendation", rec)
    assert e.value.field == "we_did"
    detail = service.detail(consultation)
    assert [d.label for d in detail.documents] == ["BESD-4 Outreach in Dover"]
    assert detail.themes[0].we_did == "Protection over two years."


def test_responses_are_numbered_checked_and_counted(service: ConsultationService) -> None:
    consultation = service.create(SCHOOLS).id
    funding = service.add_theme(consultation, "Funding").id
    transport = service.add_theme(consultation, "Transport").id
    service.add_responses(consultation, [
        ResponseFields("schools", "Keep the formula.", "Dover", themes=(funding,)),
        ResponseFields("Parents and carers", "Buses!", "dover", themes=(transport, funding)),
        ResponseFields("health", "No view.", ""),
    ])
    made = service.add_response(consultation, ResponseFields(
        "schools", "Transition money.", "Thanet", "Oakfield School", "Jo Head",
        "head@oakfield.kent.sch.uk", "01843 123456", (funding,)))
    assert (made.number, made.district, made.has_contact) == (4, "Thanet", True)
    detail = service.detail(consultation)
    assert [r.respondent_type for r in detail.responses] == [
        "schools", "parents_carers", "health", "schools"]
    counts = analyse(detail)
    assert counts.total == 4
    assert {c.label: c.count for c in counts.by_audience if c.count} == {
        "Schools": 2, "Parents and carers": 1, "Health": 1}
    assert len(counts.by_audience) == 8
    districts = {c.label: c.count for c in counts.by_district}
    assert (districts["Dover"], districts["Thanet"], districts[NO_DISTRICT]) == (2, 1, 1)
    assert districts["Ashford"] == 0
    assert [(c.label, c.count, c.percent) for c in counts.by_theme] == [
        ("Funding", 3, "75%"), ("Transport", 1, "25%"), (NO_THEME, 1, "25%")]
    service.remove_theme(transport)
    assert service.detail(consultation).responses[1].themes == (funding,)


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        (ResponseFields("", "x"), "respondent_type", "Choose who responded: Schools, "),
        (ResponseFields("governor", "x"), "respondent_type",
         "governor is not a respondent type; use one of Schools"),
        (ResponseFields("schools", "  "), "text", "Type what the respondent said."),
        (ResponseFields("schools", "x", "Kent"), "district",
         "Kent is not one of the programme's districts; choose one from the list."),
        (ResponseFields("schools", "x", contact_email="jo at kent"), "contact_email",
         "Enter an email address like name@kent.gov.uk."),
        (ResponseFields("schools", "x", themes=("gone",)), "themes",
         "A theme ticked is no longer one of this consultation's; choose again."),
        (ResponseFields("schools", "x", document_id="gone"), "document",
         "The proposal chosen is not one of the documents consulted on; choose again."),
    ],
)
def test_a_response_breaking_a_rule_is_refused_and_none_of_its_batch_is_written(
    service: ConsultationService, fields: ResponseFields, field: str, words: str
) -> None:
    consultation = service.create(SCHOOLS).id
    with pytest.raises(ValidationError) as caught:
        service.add_responses(consultation, [ResponseFields("schools", "Fine."), fields])
    assert caught.value.field == field
    assert caught.value.message.startswith(words)
    assert service.detail(consultation).responses == ()
