"""SQLAlchemy 2 typed models: the whole data model of docs/architecture.md.

Every synced row has a UUID primary key (text, 36 characters) and a ``deleted``
tombstone; nothing synced is ever hard-deleted. Synced tables carry no UNIQUE
constraints beyond the key: two laptops may each create "meeting 5" offline, and the
merge must be able to hold both; services check uniqueness and sync flags clashes.
Dates are ``date``; times are ``time``; instants are ISO-8601 UTC text so they
survive the operation log unchanged.

Local-only tables (``LOCAL_TABLES``) hold this laptop's state (site id, clock,
operation log, field heads; sync peers, profiles, bundle receipts and rows waiting for
their parents; the trust registry and signed operation batches of docs/TRUST.md) and are
never exported as operations.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# The vocabularies live in plain-tuple vocabulary modules (the window and the records
# read them without the ORM, the store without the records); offered here too, for
# sync/fields.py's CHOICES and the older importers.
from sen_desktop.core.actions.vocabulary import ACTION_STATUSES as ACTION_STATUSES
from sen_desktop.core.actions.vocabulary import BRAG_RATINGS as BRAG_RATINGS
from sen_desktop.core.plan.vocabulary import MILESTONE_STATUSES as MILESTONE_STATUSES
from sen_desktop.core.recommendations.vocabulary import DIMENSIONS as DIMENSIONS
from sen_desktop.core.recommendations.vocabulary import TIERS as TIERS

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Synced(Base):
    """Rows that travel between laptops as operations."""

    __abstract__ = True

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)


def _fk(target: str, nullable: bool = True) -> Any:
    # No ON DELETE: rows are tombstoned, never deleted.
    return mapped_column(String(36), ForeignKey(f"{target}.id"), nullable=nullable, index=True)


# --- programme -----------------------------------------------------------------------


class ProgrammeSetting(Synced):
    """A programme-wide setting (authority name, districts …); value is JSON text."""

    __tablename__ = "programme_setting"
    key: Mapped[str] = mapped_column(String(80), index=True)
    value: Mapped[str] = mapped_column(Text, default="null")


class ProgrammeSection(Synced):
    """Reference text from the Project Plan: purpose, key partners, principles, timeframe."""

    __tablename__ = "programme_section"
    key: Mapped[str] = mapped_column(String(80), index=True)
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    body: Mapped[str] = mapped_column(Text, default="")


class Body(Synced):
    """Where papers go beyond the groups: SMT, CMT, Cabinet, Members, POC, SFF …"""

    __tablename__ = "body"
    code: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)


# --- groups and membership -----------------------------------------------------------

GROUP_KINDS = ("steering", "working", "reference", "other")


class Group(Synced):
    __tablename__ = "group"
    code: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    dimension: Mapped[str | None] = mapped_column(String(40), nullable=True)
    reports_to_id: Mapped[str | None] = _fk("group")
    # Quorum: the number of members present needed; None means "a third of the seats".
    quorum: Mapped[int | None] = mapped_column(Integer, nullable=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Where the seat rule applies, its wording (e.g. "preferably at least one …").
    seat_rule: Mapped[str | None] = mapped_column(Text, nullable=True)


class RemitItem(Synced):
    __tablename__ = "remit_item"
    group_id: Mapped[str] = _fk("group", nullable=False)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class Seat(Synced):
    __tablename__ = "seat"
    group_id: Mapped[str] = _fk("group", nullable=False)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    is_chair: Mapped[bool] = mapped_column(Boolean, default=False)
    is_vice_chair: Mapped[bool] = mapped_column(Boolean, default=False)
    # True for the seats the group's seat rule counts (the starred heads).
    rule_applies: Mapped[bool] = mapped_column(Boolean, default=False)


class Person(Synced):
    __tablename__ = "person"
    full_name: Mapped[str] = mapped_column(String(200))
    job_title: Mapped[str] = mapped_column(String(200), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class Appointment(Synced):
    """A person in a seat, from/to; optionally as substitute for another person."""

    __tablename__ = "appointment"
    seat_id: Mapped[str] = _fk("seat", nullable=False)
    person_id: Mapped[str] = _fk("person", nullable=False)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    substitute_for_id: Mapped[str | None] = _fk("person")
    # The seat rule: is this person from a school with a unit or lead school status?
    meets_seat_rule: Mapped[bool] = mapped_column(Boolean, default=False)


# --- meetings --------------------------------------------------------------------------

MEETING_STATUSES = (
    "planned",
    "held",
    "minutes_draft",
    "checked",
    "circulated",
    "confirmed",
    "cancelled",
)
ATTENDANCE_STATUSES = ("expected", "present", "apologies", "absent", "substitute", "in_attendance")
AGENDA_KINDS = (
    "apologies",
    "declarations",
    "previous_minutes",
    "matters_arising",
    "business",
    "recommendation",
    "next_meeting",
)
INTEREST_TYPES = ("disclosable_pecuniary", "other_significant", "voluntary")


class Meeting(Synced):
    __tablename__ = "meeting"
    group_id: Mapped[str] = _fk("group", nullable=False)
    number: Mapped[int] = mapped_column(Integer)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    start_time: Mapped[dt.time | None] = mapped_column(Time, nullable=True)
    end_time: Mapped[dt.time | None] = mapped_column(Time, nullable=True)
    venue: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(20), default="planned")


class Attendance(Synced):
    __tablename__ = "attendance"
    meeting_id: Mapped[str] = _fk("meeting", nullable=False)
    person_id: Mapped[str] = _fk("person", nullable=False)
    status: Mapped[str] = mapped_column(String(20), default="expected")
    substitute_for_id: Mapped[str | None] = _fk("person")
    # For officers and guests: the capacity in which they attend.
    capacity: Mapped[str] = mapped_column(String(200), default="")


class AgendaItem(Synced):
    __tablename__ = "agenda_item"
    meeting_id: Mapped[str] = _fk("meeting", nullable=False)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20), default="business")
    title: Mapped[str] = mapped_column(String(500))
    presenter: Mapped[str] = mapped_column(String(200), default="")
    paper_ref: Mapped[str] = mapped_column(String(80), default="")
    exempt: Mapped[bool] = mapped_column(Boolean, default=False)
    exempt_paragraph: Mapped[int | None] = mapped_column(Integer, nullable=True)
    exempt_reason: Mapped[str] = mapped_column(Text, default="")
    minute_number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    recommendation_id: Mapped[str | None] = _fk("recommendation")


class MinuteEntry(Synced):
    __tablename__ = "minute_entry"
    agenda_item_id: Mapped[str] = _fk("agenda_item", nullable=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text, default="")


class Resolution(Synced):
    """One "RESOLVED that" point; (a), (b) … come from position within the item."""

    __tablename__ = "resolution"
    agenda_item_id: Mapped[str] = _fk("agenda_item", nullable=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text, default="")


class Declaration(Synced):
    __tablename__ = "declaration"
    meeting_id: Mapped[str] = _fk("meeting", nullable=False)
    agenda_item_id: Mapped[str | None] = _fk("agenda_item")
    person_id: Mapped[str] = _fk("person", nullable=False)
    interest_type: Mapped[str] = mapped_column(String(30))
    nature: Mapped[str] = mapped_column(Text, default="")
    left_room: Mapped[bool] = mapped_column(Boolean, default=False)


# --- actions ---------------------------------------------------------------------------



class Action(Synced):
    __tablename__ = "action"
    reference: Mapped[str] = mapped_column(String(30), index=True)
    group_id: Mapped[str] = _fk("group", nullable=False)
    meeting_id: Mapped[str | None] = _fk("meeting")
    agenda_item_id: Mapped[str | None] = _fk("agenda_item")
    description: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[str | None] = _fk("person")
    owner_text: Mapped[str] = mapped_column(String(200), default="")
    due_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    brag: Mapped[str] = mapped_column(String(10), default="grey")
    brag_comment: Mapped[str] = mapped_column(Text, default="")
    closed_meeting_id: Mapped[str | None] = _fk("meeting")


class ActionUpdate(Synced):
    __tablename__ = "action_update"
    action_id: Mapped[str] = _fk("action", nullable=False)
    date: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    meeting_id: Mapped[str | None] = _fk("meeting")
    by_id: Mapped[str | None] = _fk("person")


# --- recommendations -----------------------------------------------------------------



class Recommendation(Synced):
    __tablename__ = "recommendation"
    reference: Mapped[str] = mapped_column(String(30), index=True)
    group_id: Mapped[str] = _fk("group", nullable=False)
    title: Mapped[str] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text, default="")
    rationale: Mapped[str] = mapped_column(Text, default="")
    tier: Mapped[str | None] = mapped_column(String(40), nullable=True)
    dimension: Mapped[str | None] = mapped_column(String(40), nullable=True)
    # JSON list of district names; empty list means county-wide.
    districts: Mapped[str] = mapped_column(Text, default="[]")
    financial: Mapped[str] = mapped_column(Text, default="")
    legal: Mapped[str] = mapped_column(Text, default="")
    equality: Mapped[str] = mapped_column(Text, default="")
    data_protection: Mapped[str] = mapped_column(Text, default="")
    reference_group_view: Mapped[str] = mapped_column(Text, default="")
    key_decision: Mapped[bool] = mapped_column(Boolean, default=False)
    decision_no: Mapped[str] = mapped_column(String(40), default="")


class RecommendationRemit(Synced):
    """Which remit point(s) of its group a recommendation answers."""

    __tablename__ = "recommendation_remit"
    recommendation_id: Mapped[str] = _fk("recommendation", nullable=False)
    remit_item_id: Mapped[str] = _fk("remit_item", nullable=False)


class RecommendationEvent(Synced):
    """Append-only: a recommendation's state is derived from its events."""

    __tablename__ = "recommendation_event"
    recommendation_id: Mapped[str] = _fk("recommendation", nullable=False)
    transition: Mapped[str] = mapped_column(String(40))
    body_id: Mapped[str | None] = _fk("body")
    group_id: Mapped[str | None] = _fk("group")
    meeting_id: Mapped[str | None] = _fk("meeting")
    minute_number: Mapped[str] = mapped_column(String(20), default="")
    by_id: Mapped[str | None] = _fk("person")
    at: Mapped[str] = mapped_column(String(40))  # ISO-8601 UTC
    note: Mapped[str] = mapped_column(Text, default="")
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    signature: Mapped[str] = mapped_column(Text, default="")
    signer_key_id: Mapped[str | None] = _fk("signing_key")
    # The laptop whose key made ``signature`` (docs/TRUST.md "Chairs"): the decision counts
    # only when that laptop's certificate makes it chair of the deciding body. Not a
    # foreign key: laptops are in the local registry, not synced rows. Last-writer-wins,
    # like ``signature``. None for events signed under the passphrase scheme.
    signer_laptop: Mapped[str | None] = mapped_column(String(36), nullable=True, default=None)
    # The event this one was recorded after: the last step the recording laptop had
    # applied (None for the first, and for events recorded before this column). Not a
    # foreign key: an event must not wait for its predecessor to arrive by sync.
    after_id: Mapped[str | None] = mapped_column(String(36), nullable=True, default=None)


class SigningKey(Synced):
    """A chair's Ed25519 public key: programme data, so every laptop can verify."""

    __tablename__ = "signing_key"
    person_id: Mapped[str] = _fk("person", nullable=False)
    public_key: Mapped[str] = mapped_column(String(64))  # hex of 32 raw bytes
    created_at: Mapped[str] = mapped_column(String(40))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


# --- action plan and papers ----------------------------------------------------------



class Milestone(Synced):
    __tablename__ = "milestone"
    position: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(100))  # as written: "End July 2010"
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    action: Mapped[str] = mapped_column(Text)
    owner_group_id: Mapped[str | None] = _fk("group")
    status: Mapped[str] = mapped_column(String(20), default="not_started")


class MilestoneLink(Synced):
    __tablename__ = "milestone_link"
    milestone_id: Mapped[str] = _fk("milestone", nullable=False)
    target_kind: Mapped[str] = mapped_column(String(20))  # meeting | recommendation | paper
    target_id: Mapped[str] = mapped_column(String(36))


class Paper(Synced):
    __tablename__ = "paper"
    kind: Mapped[str] = mapped_column(String(30))
    reference: Mapped[str] = mapped_column(String(80), index=True)
    title: Mapped[str] = mapped_column(String(500), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    sha256: Mapped[str] = mapped_column(String(64))
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(200), default="")


# --- provision maps and criteria for access (issue 15) --------------------------------
# A working group maps what is available in each district on the continuum of provision
# (the tiers are ``TIERS``), records the gaps it finds and the recommendation that
# answers each, and keeps its criteria for access to specialist resourcing as numbered
# versions that recommendations cite. All hang off the group, so they travel and are
# written as the group's other rows are (sync/scope.py, sync/write_scope.py).


class ProvisionEntry(Synced):
    """One provision on a group's map: a unit, a service, a school's resourced places."""

    __tablename__ = "provision_entry"
    group_id: Mapped[str] = _fk("group", nullable=False)
    name: Mapped[str] = mapped_column(String(200))
    tier: Mapped[str] = mapped_column(String(40))
    # JSON list of the need types it serves (free words: "ASD", "SLCN" …).
    need_types: Mapped[str] = mapped_column(Text, default="[]")
    age_from: Mapped[int] = mapped_column(Integer, default=0)
    age_to: Mapped[int] = mapped_column(Integer, default=24)
    # One of the programme's districts (programme_setting "districts").
    district: Mapped[str] = mapped_column(String(80))
    setting: Mapped[str] = mapped_column(String(200), default="")
    # Places or capacity; None when it is a service without a count of places.
    places: Mapped[int | None] = mapped_column(Integer, nullable=True)
    funding: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class ProvisionGap(Synced):
    """A gap a group found in one district at one tier, and what answers it."""

    __tablename__ = "provision_gap"
    group_id: Mapped[str] = _fk("group", nullable=False)
    district: Mapped[str] = mapped_column(String(80))
    tier: Mapped[str] = mapped_column(String(40))
    evidence: Mapped[str] = mapped_column(Text, default="")
    recommendation_id: Mapped[str | None] = _fk("recommendation")


class CriteriaVersion(Synced):
    """One numbered version of a group's criteria for access to specialist resourcing.

    A version is a draft until the group agrees it (``agreed_on``); an agreed version is
    never edited: the next is a copy with a higher number, so a recommendation keeps
    citing the wording it cited."""

    __tablename__ = "criteria_version"
    group_id: Mapped[str] = _fk("group", nullable=False)
    number: Mapped[int] = mapped_column(Integer)
    agreed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class AccessCriterion(Synced):
    """One criterion of a version; ``tier`` is the resourcing it gives access to."""

    __tablename__ = "access_criterion"
    version_id: Mapped[str] = _fk("criteria_version", nullable=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    tier: Mapped[str | None] = mapped_column(String(40), nullable=True)
    text: Mapped[str] = mapped_column(Text, default="")


class RecommendationCriterion(Synced):
    """A recommendation citing one criterion for access (of its own group)."""

    __tablename__ = "recommendation_criterion"
    recommendation_id: Mapped[str] = _fk("recommendation", nullable=False)
    criterion_id: Mapped[str] = _fk("access_criterion", nullable=False)


# --- local-only: this laptop's site, clock and operation log --------------------------


class SiteState(Base):
    """One row: this laptop's site id, op counter and last hybrid logical clock."""

    __tablename__ = "site_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[str] = mapped_column(String(36))
    counter: Mapped[int] = mapped_column(Integer, default=0)
    hlc: Mapped[str] = mapped_column(String(40), default="")


class Operation(Base):
    """One change to one synced field. The tables are the materialized view of these."""

    __tablename__ = "operation"
    __table_args__ = (
        # history() of one row, and export by (site, counter) for a knowledge vector.
        # Every query ordered by hlc narrows to one of these first, so hlc has no index of
        # its own (migration 0005: it was written for every operation and never read).
        Index("ix_operation_entity_row", "entity", "row_id"),
        Index("ix_operation_site_counter", "site_id", "counter", unique=True),
    )
    op_id: Mapped[str] = mapped_column(String(60), primary_key=True)  # "<site>:<counter>"
    site_id: Mapped[str] = mapped_column(String(36))
    counter: Mapped[int] = mapped_column(Integer)
    entity: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(60))
    value: Mapped[str] = mapped_column(Text)  # JSON
    hlc: Mapped[str] = mapped_column(String(40))
    prev: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of op ids


class FieldHead(Base):
    """The current head operation(s) of each field: what a new op names as ``prev``.

    All primary key, so WITHOUT ROWID (migration 0005): a rowid table keeps each head
    twice, in the table and in its primary key's index."""

    __tablename__ = "field_head"
    __table_args__ = {"sqlite_with_rowid": False}
    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    field: Mapped[str] = mapped_column(String(60), primary_key=True)
    op_id: Mapped[str] = mapped_column(String(60), primary_key=True)


# --- local-only: sync peers, profiles, receipts and rows waiting for their parents ----


class SyncPeer(Base):
    """Another laptop this one has exchanged bundles with; its signing key is pinned."""

    __tablename__ = "sync_peer"
    site_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    public_key: Mapped[str] = mapped_column(String(64))  # hex of 32 raw Ed25519 bytes
    pinned_at: Mapped[str] = mapped_column(String(40))  # ISO-8601 UTC
    last_import_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
    last_export_at: Mapped[str | None] = mapped_column(String(40), nullable=True)


class SyncProfile(Base):
    """Who an export is for: which groups, whether contact details and exempt items go."""

    __tablename__ = "sync_profile"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    group_codes: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of group codes
    contacts: Mapped[bool] = mapped_column(Boolean, default=False)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    # JSON {site: counter}: what the recipient has said it holds (its knowledge vector).
    acknowledged: Mapped[str] = mapped_column(Text, default="{}")


class BundleReceipt(Base):
    """A bundle already imported: importing it again changes nothing.

    Keyed on (sender, bundle id) -- the bundle id is covered by the sender's signature,
    so nobody can suppress another laptop's bundle by sending its id first. Since
    migration 0004 ``sender_site`` holds the sending laptop's id (before, its site id).
    """

    __tablename__ = "bundle_receipt"
    sender_site: Mapped[str] = mapped_column(String(36), primary_key=True)
    bundle_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[str] = mapped_column(String(40))


class SyncPending(Base):
    """A synced row whose operations arrived before its parent rows (or all its fields)."""

    __tablename__ = "sync_pending"
    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # The parent row it waits for (indexed: an import touches only the pending rows whose
    # parent arrives). None: not known (rows from before migration 0004, retried once);
    # "": waits for its own missing fields; otherwise the parent row's id.
    parent_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)


class SyncScopeRow(Base):
    """A row whose whole history an export profile's recipient has been sent.

    Scoped exports send only the operations the recipient has not acknowledged, which
    is blind to rows that come into scope later (a person appointed to the recipient's
    group after earlier exports). A row in scope but not here has its whole history
    resent; ``bundle_id`` is the bundle that last carried it, cleared (``None``) once the
    recipient's own bundle lists that bundle as received.
    """

    __tablename__ = "sync_scope_row"
    profile_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("sync_profile.id"), primary_key=True
    )
    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    bundle_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)


class SyncExport(Base):
    """A bundle made for a profile, until its recipient says it arrived.

    ``knowledge`` is this laptop's knowledge vector when the bundle was made: once the
    profile's laptop lists the bundle as received, it holds every in-scope operation up
    to it, and that -- not the recipient's own knowledge vector, which a laptop given
    only part of the programme by someone else overstates -- becomes the profile's
    acknowledgement.
    """

    __tablename__ = "sync_export"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    bundle_id: Mapped[str] = mapped_column(String(64), unique=True)
    profile_id: Mapped[int] = mapped_column(Integer, ForeignKey("sync_profile.id"), index=True)
    knowledge: Mapped[str] = mapped_column(Text, default="{}")  # JSON {site: counter}
    made_at: Mapped[str] = mapped_column(String(40))  # ISO-8601 UTC


# --- local-only: the trust registry and signed batches (docs/TRUST.md) ----------------

LAPTOP_STATES = ("requested", "member", "root")
SECRET_PLACES = ("keyring", "file")


class TrustRoot(Base):
    """One row: the programme this laptop belongs to, pinned by its root public key."""

    __tablename__ = "trust_root"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[str] = mapped_column(String(36))
    name: Mapped[str] = mapped_column(String(200), default="")
    public_key: Mapped[str] = mapped_column(String(64))  # hex of 32 raw Ed25519 bytes
    item: Mapped[str] = mapped_column(Text)  # the signed programme-root item, JSON


class LaptopSelf(Base):
    """One row: this laptop's id, name, public keys, site nonce and where its secrets are."""

    __tablename__ = "laptop_self"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    laptop_id: Mapped[str] = mapped_column(String(36))
    name: Mapped[str] = mapped_column(String(200), default="")
    sign_key: Mapped[str] = mapped_column(String(64))  # hex Ed25519 public key
    age_recipient: Mapped[str] = mapped_column(String(100))  # "age1…"
    site_nonce: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(20))  # LAPTOP_STATES
    secrets: Mapped[str] = mapped_column(String(20))  # SECRET_PLACES


class LaptopCertificate(Base):
    """A laptop certificate signed by the root (verified before it was stored)."""

    __tablename__ = "laptop_certificate"
    serial: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    laptop_id: Mapped[str] = mapped_column(String(36), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    item: Mapped[str] = mapped_column(Text)  # the signed item, JSON


class LaptopRevocation(Base):
    """A revocation signed by the root: the laptop's certificate ``serial`` stops counting
    from ``effective_from`` (ISO UTC)."""

    __tablename__ = "laptop_revocation"
    laptop_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    serial: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    effective_from: Mapped[str] = mapped_column(String(40))
    item: Mapped[str] = mapped_column(Text)  # the signed item, JSON


class OpBatch(Base):
    """A signed batch of one site's consecutive operations (docs/TRUST.md "Authorship")."""

    __tablename__ = "op_batch"
    __table_args__ = (Index("ix_op_batch_site_first", "site_id", "first_counter"),)
    batch_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    site_id: Mapped[str] = mapped_column(String(36))
    first_counter: Mapped[int] = mapped_column(Integer)
    last_counter: Mapped[int] = mapped_column(Integer)
    signer: Mapped[str] = mapped_column(String(36), index=True)  # laptop id
    legacy: Mapped[bool] = mapped_column(Boolean, default=False)
    item: Mapped[str] = mapped_column(Text)  # the signed batch item, JSON
    sealed_at: Mapped[str] = mapped_column(String(40))  # ISO-8601 UTC


LOCAL_TABLES = frozenset(
    {
        "sync_export",
        "sync_scope_row",
        "site_state",
        "operation",
        "field_head",
        "alembic_version",
        "sync_peer",
        "sync_profile",
        "bundle_receipt",
        "sync_pending",
        "trust_root",
        "laptop_self",
        "laptop_certificate",
        "laptop_revocation",
        "op_batch",
    }
)

SYNCED_MODELS: tuple[type[Synced], ...] = tuple(
    sorted(
        (m.class_ for m in Base.registry.mappers if issubclass(m.class_, Synced)),
        key=lambda c: c.__tablename__,
    )
)
ENTITY_BY_TABLE: dict[str, type[Synced]] = {m.__tablename__: m for m in SYNCED_MODELS}


# --- policy documents (issue 15) -------------------------------------------------------
# Appended after the tables above (so SYNCED_MODELS is counted again below): each
# working group drafts a policy document for its dimension of need, in numbered
# versions of six sections; members comment on a version's sections; and each version
# moves along the pathway of core/policies/pathway.py by append-only events, signed by
# the chair where a chair approves. A version with no event is the draft (the working
# copy); one step moves it and freezes it. All hang off the group, so they travel and
# are written as its other rows are; a published version goes to every laptop
# (sync/scope.py).


class PolicyDocument(Synced):
    """A working group's policy document for its dimension of need."""

    __tablename__ = "policy_document"
    group_id: Mapped[str] = _fk("group", nullable=False)
    title: Mapped[str] = mapped_column(String(300))


class PolicyVersion(Synced):
    """One numbered version of a policy: its six sections' text (vocabulary.SECTIONS)."""

    __tablename__ = "policy_version"
    policy_id: Mapped[str] = _fk("policy_document", nullable=False)
    number: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[str] = mapped_column(String(40), default="")  # ISO-8601 UTC
    purpose: Mapped[str] = mapped_column(Text, default="")
    principles: Mapped[str] = mapped_column(Text, default="")
    continuum: Mapped[str] = mapped_column(Text, default="")
    criteria: Mapped[str] = mapped_column(Text, default="")
    roles: Mapped[str] = mapped_column(Text, default="")
    monitoring: Mapped[str] = mapped_column(Text, default="")


class PolicyComment(Synced):
    """A member's comment on one section of one version."""

    __tablename__ = "policy_comment"
    version_id: Mapped[str] = _fk("policy_version", nullable=False)
    section: Mapped[str] = mapped_column(String(40))
    author_id: Mapped[str] = _fk("person", nullable=False)
    text: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[str] = mapped_column(String(40))  # ISO-8601 UTC


class PolicyEvent(Synced):
    """Append-only: one step of a version along the pathway, as a recommendation's
    decisions are recorded (``RecommendationEvent``): who decided, where, when, the
    content hash of the version decided on and the chair's signature over all of it."""

    __tablename__ = "policy_event"
    version_id: Mapped[str] = _fk("policy_version", nullable=False)
    step: Mapped[str] = mapped_column(String(40))
    group_id: Mapped[str | None] = _fk("group")
    body_id: Mapped[str | None] = _fk("body")
    meeting_id: Mapped[str | None] = _fk("meeting")
    minute_number: Mapped[str] = mapped_column(String(20), default="")
    by_id: Mapped[str | None] = _fk("person")
    at: Mapped[str] = mapped_column(String(40))  # ISO-8601 UTC
    note: Mapped[str] = mapped_column(Text, default="")
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    signature: Mapped[str] = mapped_column(Text, default="")
    # The laptop whose key made ``signature`` (not a foreign key: laptops are in the
    # local registry), and the step recorded before this one (not a foreign key: an
    # event must not wait for its predecessor to arrive by sync).
    signer_laptop: Mapped[str | None] = mapped_column(String(36), nullable=True, default=None)
    after_id: Mapped[str | None] = mapped_column(String(36), nullable=True, default=None)


# --- consultations (issue 15) ------------------------------------------------------------
# The Steering Group plans and oversees the consultation process: a consultation belongs
# to it (``group_id``, so only its laptops write one) and every laptop reads it
# (sync/scope.py), except respondents' contact details, which travel only to laptops
# allowed contacts (scope.CONTACT_FIELDS). What a document or a change points at is a
# plain id with a label, not a foreign key: a consultation names a policy draft or a
# recommendation another laptop may not read, and must not pull it into that laptop's
# export.


class Consultation(Synced):
    """A consultation: who it asks, about what, from when to when."""

    __tablename__ = "consultation"
    group_id: Mapped[str] = _fk("group", nullable=False)
    reference: Mapped[str] = mapped_column(String(30), index=True)
    title: Mapped[str] = mapped_column(String(300))
    purpose: Mapped[str] = mapped_column(Text, default="")
    # JSON list of audience codes (core/consultations/vocabulary.py AUDIENCES).
    audiences: Mapped[str] = mapped_column(Text, default="[]")
    opens_on: Mapped[dt.date] = mapped_column(Date)
    closes_on: Mapped[dt.date] = mapped_column(Date)


class ConsultationDocument(Synced):
    """A document consulted on: a policy version, a recommendation or a paper."""

    __tablename__ = "consultation_document"
    consultation_id: Mapped[str] = _fk("consultation", nullable=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[str] = mapped_column(String(36))
    label: Mapped[str] = mapped_column(String(300), default="")


class ConsultationEvent(Synced):
    """A consultation event: a meeting held for it, where and how many came."""

    __tablename__ = "consultation_event"
    consultation_id: Mapped[str] = _fk("consultation", nullable=False)
    date: Mapped[dt.date] = mapped_column(Date)
    venue: Mapped[str] = mapped_column(String(300), default="")
    district: Mapped[str] = mapped_column(String(80), default="")
    attendance: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ConsultationTheme(Synced):
    """A theme the responses raise, and the change it led to ("you said, we did")."""

    __tablename__ = "consultation_theme"
    consultation_id: Mapped[str] = _fk("consultation", nullable=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(120))
    we_did: Mapped[str] = mapped_column(Text, default="")
    change_kind: Mapped[str] = mapped_column(String(20), default="")
    change_target_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    change_section: Mapped[str] = mapped_column(String(40), default="")
    change_label: Mapped[str] = mapped_column(String(300), default="")


class ConsultationResponse(Synced):
    """One response: who sent it, from where, what it says, which themes it raises."""

    __tablename__ = "consultation_response"
    consultation_id: Mapped[str] = _fk("consultation", nullable=False)
    number: Mapped[int] = mapped_column(Integer)
    respondent_type: Mapped[str] = mapped_column(String(30))
    district: Mapped[str] = mapped_column(String(80), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    # Contact details: to laptops allowed contacts only (sync/scope.py CONTACT_FIELDS).
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    # JSON list of consultation_theme ids.
    themes: Mapped[str] = mapped_column(Text, default="[]")
    document_id: Mapped[str | None] = _fk("consultation_document")


SYNCED_MODELS = tuple(
    sorted(
        (m.class_ for m in Base.registry.mappers if issubclass(m.class_, Synced)),
        key=lambda c: c.__tablename__,
    )
)
ENTITY_BY_TABLE = {m.__tablename__: m for m in SYNCED_MODELS}
