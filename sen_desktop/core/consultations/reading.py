"""Reads of consultations into records, and the labels of what they link to.

Split from ``service.py`` so the service holds the rules and the writes. Everything here
runs inside a session the service opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select

from sen_desktop.core.consultations.records import (
    ConsultationDetail,
    ConsultationSummary,
    DocumentRecord,
    EventRecord,
    LinkChoice,
    ResponseRecord,
    ThemeRecord,
)
from sen_desktop.core.consultations.rules import json_list
from sen_desktop.core.errors import ValidationError
from sen_desktop.core.policies.vocabulary import SECTION_TITLES, SECTIONS
from sen_desktop.core.programme.settings import read_programme_settings
from sen_desktop.core.store.models import (
    Consultation,
    ConsultationDocument,
    ConsultationEvent,
    ConsultationResponse,
    ConsultationTheme,
    Group,
    Paper,
    PolicyDocument,
    PolicyVersion,
    Recommendation,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

_GONE = {
    "policy_version": "That policy version no longer exists; it may have been removed.",
    "recommendation": "That recommendation no longer exists; it may have been removed.",
    "paper": "That paper is no longer in the register; it may have been removed.",
    "policy_section": "That policy version no longer exists; it may have been removed.",
}


def summaries(s: Session) -> list[ConsultationSummary]:
    counts: dict[str, int] = {
        str(cid): int(n)
        for cid, n in s.execute(
            select(ConsultationResponse.consultation_id, func.count())
            .where(ConsultationResponse.deleted.is_(False))
            .group_by(ConsultationResponse.consultation_id)
        )
    }
    rows = s.scalars(
        select(Consultation).where(Consultation.deleted.is_(False))
        .order_by(Consultation.opens_on, Consultation.reference, Consultation.id)
    )
    return [_summary(row, counts.get(row.id, 0)) for row in rows]


def summary_of(s: Session, row: Consultation) -> ConsultationSummary:
    count = s.scalar(
        select(func.count()).where(
            ConsultationResponse.consultation_id == row.id,
            ConsultationResponse.deleted.is_(False),
        )
    )
    return _summary(row, int(count or 0))


def _summary(row: Consultation, responses: int) -> ConsultationSummary:
    return ConsultationSummary(
        id=row.id, reference=row.reference, title=row.title,
        audiences=json_list(row.audiences), opens_on=row.opens_on, closes_on=row.closes_on,
        responses=responses,
    )


def detail(s: Session, row: Consultation) -> ConsultationDetail:
    group = s.get(Group, row.group_id)
    return ConsultationDetail(
        summary=summary_of(s, row),
        purpose=row.purpose,
        group_name=group.name if group is not None else "",
        documents=tuple(document_record(d) for d in live_documents(s, row.id)),
        events=tuple(
            event_record(e)
            for e in s.scalars(
                select(ConsultationEvent).where(
                    ConsultationEvent.consultation_id == row.id,
                    ConsultationEvent.deleted.is_(False),
                ).order_by(ConsultationEvent.date, ConsultationEvent.venue, ConsultationEvent.id)
            )
        ),
        themes=tuple(theme_record(t) for t in live_themes(s, row.id)),
        responses=tuple(response_record(r) for r in live_responses(s, row.id)),
        districts=read_programme_settings(s).districts,
    )


def live_documents(s: Session, consultation_id: str) -> list[ConsultationDocument]:
    return list(s.scalars(
        select(ConsultationDocument).where(
            ConsultationDocument.consultation_id == consultation_id,
            ConsultationDocument.deleted.is_(False),
        ).order_by(ConsultationDocument.position, ConsultationDocument.id)
    ))


def live_themes(s: Session, consultation_id: str) -> list[ConsultationTheme]:
    return list(s.scalars(
        select(ConsultationTheme).where(
            ConsultationTheme.consultation_id == consultation_id,
            ConsultationTheme.deleted.is_(False),
        ).order_by(ConsultationTheme.position, ConsultationTheme.name, ConsultationTheme.id)
    ))


def live_responses(s: Session, consultation_id: str) -> list[ConsultationResponse]:
    return list(s.scalars(
        select(ConsultationResponse).where(
            ConsultationResponse.consultation_id == consultation_id,
            ConsultationResponse.deleted.is_(False),
        ).order_by(ConsultationResponse.number, ConsultationResponse.id)
    ))


def theme_ids(response: ConsultationResponse) -> tuple[str, ...]:
    return json_list(response.themes)


def document_record(row: ConsultationDocument) -> DocumentRecord:
    return DocumentRecord(id=row.id, position=row.position, kind=row.kind,
                          target_id=row.target_id, label=row.label)


def event_record(row: ConsultationEvent) -> EventRecord:
    return EventRecord(id=row.id, date=row.date, venue=row.venue, district=row.district,
                       attendance=row.attendance)


def theme_record(row: ConsultationTheme) -> ThemeRecord:
    return ThemeRecord(
        id=row.id, position=row.position, name=row.name, we_did=row.we_did,
        change_kind=row.change_kind, change_target_id=row.change_target_id,
        change_section=row.change_section, change_label=row.change_label,
    )


def response_record(row: ConsultationResponse) -> ResponseRecord:
    return ResponseRecord(
        id=row.id, number=row.number, respondent_type=row.respondent_type,
        district=row.district, organisation=row.organisation, contact_name=row.contact_name,
        contact_email=row.contact_email, contact_phone=row.contact_phone, text=row.text,
        themes=theme_ids(row), document_id=row.document_id,
    )


# --- what documents and changes point at ---------------------------------------------------


def _policy_versions(s: Session) -> list[tuple[str, str, int]]:
    """(version id, policy title, number) of every live version, by title and number."""
    return [
        (vid, title, number)
        for vid, title, number in s.execute(
            select(PolicyVersion.id, PolicyDocument.title, PolicyVersion.number)
            .join(PolicyDocument, PolicyDocument.id == PolicyVersion.policy_id)
            .where(PolicyVersion.deleted.is_(False), PolicyDocument.deleted.is_(False))
            .order_by(PolicyDocument.title, PolicyVersion.number)
        )
    ]


def _recommendations(s: Session) -> list[tuple[str, str]]:
    return [
        (rid, f"{ref} {title}")
        for rid, ref, title in s.execute(
            select(Recommendation.id, Recommendation.reference, Recommendation.title)
            .where(Recommendation.deleted.is_(False)).order_by(Recommendation.reference)
        )
    ]


def document_choices(s: Session) -> list[LinkChoice]:
    out = [LinkChoice("policy_version", vid, f"{title}, version {number}")
           for vid, title, number in _policy_versions(s)]
    out += [LinkChoice("recommendation", rid, label) for rid, label in _recommendations(s)]
    out += [
        LinkChoice("paper", pid, f"{ref} {title}".strip())
        for pid, ref, title in s.execute(
            select(Paper.id, Paper.reference, Paper.title)
            .where(Paper.deleted.is_(False)).order_by(Paper.reference, Paper.version)
        )
    ]
    return out


def change_choices(s: Session) -> list[LinkChoice]:
    out = [LinkChoice("recommendation", rid, label) for rid, label in _recommendations(s)]
    for vid, title, number in _policy_versions(s):
        for section in SECTIONS:
            out.append(LinkChoice("policy_section", vid,
                                  f"{title}, version {number}: {SECTION_TITLES[section]}",
                                  section))
    return out


def target_label(s: Session, kind: str, target_id: str) -> str:
    """The label of a document to consult on, or a sentence when it has gone."""
    for choice in document_choices(s):
        if choice.kind == kind and choice.target_id == target_id:
            return choice.label
    raise ValidationError(_GONE[kind], field="document")


def change_label(s: Session, kind: str, target_id: str, section: str) -> str:
    if kind == "policy_section" and section not in SECTIONS:
        raise ValidationError("Choose the section of the policy that changed.", field="change")
    for choice in change_choices(s):
        if (choice.kind, choice.target_id, choice.section) == (
            kind, target_id, section if kind == "policy_section" else ""
        ):
            return choice.label
    raise ValidationError(_GONE[kind], field="change")


def about_recommendation(s: Session, recommendation_id: str) -> list[ConsultationDetail]:
    """The live consultations that consulted on the recommendation or changed it ("you
    said, we did"), by the day they opened."""
    as_document = select(ConsultationDocument.consultation_id).where(
        ConsultationDocument.kind == "recommendation",
        ConsultationDocument.target_id == recommendation_id,
        ConsultationDocument.deleted.is_(False),
    )
    as_change = select(ConsultationTheme.consultation_id).where(
        ConsultationTheme.change_kind == "recommendation",
        ConsultationTheme.change_target_id == recommendation_id,
        ConsultationTheme.deleted.is_(False),
    )
    rows = s.scalars(
        select(Consultation).where(
            Consultation.deleted.is_(False),
            Consultation.id.in_(as_document.union(as_change)),
        ).order_by(Consultation.opens_on, Consultation.reference)
    )
    return [detail(s, row) for row in rows]
